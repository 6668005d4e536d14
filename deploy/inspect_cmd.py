"""outputs and status: read-only views of a deployed environment."""
from __future__ import annotations

import json

from botocore.exceptions import ClientError

from deploy import stacks
from deploy.aws import error_code
from deploy.errors import EXIT_FAILED, EXIT_OK, CommandError
from deploy.ui import table


def _stack(ctx) -> dict:
    stack = stacks.describe(ctx.client("cloudformation"), ctx.stack_name)
    if stack is None:
        raise CommandError(f"Stack {ctx.stack_name} does not exist in {ctx.region_name}; "
                           f"deploy it with `deploy-stack deploy --env {ctx.env}`.")
    return stack


def outputs(ctx) -> int:
    outs = stacks.outputs(_stack(ctx))
    if ctx.args.json:
        ctx.console.result(json.dumps(outs, indent=2, sort_keys=True))
    elif outs:
        ctx.console.result(table(["Output", "Value"], [[k, v] for k, v in sorted(outs.items())]))
    else:
        ctx.console.result("(the stack has no outputs)")
    return EXIT_OK


def _service_line(ctx, outs: dict) -> str:
    cluster, service = outs.get("ClusterName"), outs.get("ServiceName")
    if not cluster or not service:
        return "n/a (no ClusterName/ServiceName outputs)"
    try:
        resp = ctx.client("ecs").describe_services(cluster=cluster, services=[service])
    except ClientError as exc:
        return f"unavailable ({error_code(exc)})"
    if not resp.get("services"):
        return f"{service} not found in cluster {cluster}"
    s = resp["services"][0]
    deployments = len(s.get("deployments", []))
    return (f"{s.get('runningCount', 0)} running / {s.get('desiredCount', 0)} desired, "
            f"{s.get('pendingCount', 0)} pending ({s.get('status', '?')}, {deployments} deployment"
            f"{'s' if deployments != 1 else ''})")


def _targets_line(ctx, outs: dict) -> str:
    arn = outs.get("TargetGroupArn")
    if not arn:
        return "n/a (no TargetGroupArn output)"
    try:
        resp = ctx.client("elbv2").describe_target_health(TargetGroupArn=arn)
    except ClientError as exc:
        return f"unavailable ({error_code(exc)})"
    states: dict[str, int] = {}
    for desc in resp.get("TargetHealthDescriptions", []):
        state = desc.get("TargetHealth", {}).get("State", "unknown")
        states[state] = states.get(state, 0) + 1
    if not states:
        return "no registered targets"
    return ", ".join(f"{n} {state}" for state, n in sorted(states.items()))


def status(ctx) -> int:
    cfn = ctx.client("cloudformation")
    stack = _stack(ctx)
    outs = stacks.outputs(stack)
    rows = [[ctx.stack_name, stack["StackStatus"], stack.get("StackStatusReason") or ""]]
    for path, _logical, physical in stacks.nested(cfn, stack["StackId"]):
        nested = stacks.describe(cfn, physical)
        rows.append([f"  {path}", nested["StackStatus"] if nested else "missing",
                     (nested or {}).get("StackStatusReason") or ""])
    ctx.console.result(table(["Stack", "Status", "Reason"], rows))
    ctx.console.result("")
    ctx.console.result(f"ECS service: {_service_line(ctx, outs)}")
    ctx.console.result(f"Targets:     {_targets_line(ctx, outs)}")
    if outs.get("EndpointUrl"):
        ctx.console.result(f"Endpoint:    {outs['EndpointUrl']}")
    broken = stack["StackStatus"] == "ROLLBACK_COMPLETE" or stack["StackStatus"].endswith("_FAILED")
    return EXIT_FAILED if broken else EXIT_OK
