"""deploy-stack preflight: read-only calls against the target account and region, for the parameters a
deploy would send, answering what AWS would refuse twenty minutes into a create.

One row per check (passed, warning, BLOCKER, could not check + why). Exit 0 when nothing blocks, 1 on a
blocker, 2 on bad input (nothing sent to AWS). `deploy` runs the same checks before it creates a change set
and refuses on a blocker; `deploy --skip-preflight` skips them and says so.
"""
from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import ClientError, NoCredentialsError

from deploy import preflight_model, preflight_names, preflight_offers, preflight_quotas, preflight_secrets
from deploy import stacks
from deploy.errors import EXIT_FAILED, EXIT_OK, CommandError, UsageError
from deploy.preflight_report import UNCHECKED, Row, Unchecked, blockers, call, render

# Every read call preflight makes; docgen/deployer_policy.py lists the same (a test keeps them equal).
# (sts:GetCallerIdentity needs no permission: IAM cannot deny it.)
PERMISSIONS = tuple(sorted({*preflight_quotas.PERMISSIONS, *preflight_names.PERMISSIONS,
                            *preflight_offers.PERMISSIONS, *preflight_secrets.PERMISSIONS}))
ABSENT_STATES = ("DELETE_COMPLETE", "REVIEW_IN_PROGRESS", "ROLLBACK_COMPLETE")


@dataclass
class Target:
    """The account and region preflight reads; clients come from the command's context."""
    ctx: object

    def client(self, service: str):
        return self.ctx.client(service)


def _live_ids(ctx) -> tuple[bool, set[str]]:
    """(the stack exists with resources, the physical ids of its resources and its nested stacks')."""
    cfn = ctx.client("cloudformation")
    try:
        stack = stacks.describe(cfn, ctx.stack_name)
        if stack is None or stack["StackStatus"] in ABSENT_STATES:
            return False, set()
        ids = set()
        for stack_id in [stack["StackId"]] + [physical for _p, _l, physical in stacks.nested(cfn, stack["StackId"])]:
            for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_id):
                ids.update(r.get("PhysicalResourceId", "") for r in page.get("StackResourceSummaries", []))
        return True, ids
    except ClientError as exc:
        raise Unchecked(f"cannot read stack {ctx.stack_name}: {exc.response.get('Error', {}).get('Code')} "
                        f"(needs cloudformation:DescribeStacks and cloudformation:ListStackResources)") from None


def collect(ctx, inputs) -> list[Row]:
    target = Target(ctx)
    region = ctx.region_name
    try:
        account = call(ctx.client("sts"), "get_caller_identity", "sts:GetCallerIdentity")["Account"]
    except Unchecked as exc:
        raise CommandError(f"preflight: cannot tell the target account: {exc}") from None
    try:
        model = preflight_model.build(ctx.project.dist, inputs.values, ctx.stack_name, region, account)
    except (KeyError, ValueError, NotImplementedError, OSError) as exc:
        raise UsageError(f"preflight: cannot resolve the templates in dist/ for --env {ctx.env}: {exc}; "
                         f"run `python build.py`") from None
    rows: list[Row] = []
    try:
        exists, live = _live_ids(ctx)
    except Unchecked as exc:
        rows.append(Row("names", "existing stack", UNCHECKED, str(exc)))
        exists, live = False, set()
    checks = [
        ("quotas", "Lambda concurrency", lambda: preflight_quotas.lambda_concurrency(target, model, exists)),
        ("quotas", "Fargate vCPU", lambda: preflight_quotas.fargate(target, model)),
        ("quotas", preflight_quotas.ELASTIC_IPS[2], lambda: preflight_quotas.elastic_ips(target, model, live)),
        ("quotas", preflight_quotas.VPCS[2], lambda: preflight_quotas.vpcs(target, model, live)),
        ("quotas", preflight_quotas.INTERNET_GATEWAYS[2],
         lambda: preflight_quotas.internet_gateways(target, model, live)),
        ("quotas", preflight_quotas.LOAD_BALANCERS[2], lambda: preflight_quotas.load_balancers(target, model, live)),
        ("quotas", preflight_quotas.DB_INSTANCES[2], lambda: preflight_quotas.db_instances(target, model, live)),
        ("quotas", preflight_quotas.INTERFACE_ENDPOINTS[2],
         lambda: preflight_quotas.interface_endpoints(target, model)),
        ("names", "fixed names", lambda: preflight_names.named_resources(target, model, ctx.env, live)),
        ("names", "generated secrets", lambda: preflight_names.secret_parameters(target, model, ctx.env, live)),
        ("names", "artifact bucket", lambda: preflight_names.artifact_bucket_row(target, model)),
        ("region", "database", lambda: preflight_offers.database(target, model)),
        ("region", "cache", lambda: preflight_offers.cache(target, model)),
        ("region", "Bedrock models", lambda: preflight_offers.bedrock(target, model)),
        ("region", "Fargate Spot + ARM64", lambda: preflight_offers.fargate_spot_arm64(target, model)),
        ("region", "Availability Zones", lambda: preflight_offers.availability_zones(target, model)),
        ("secrets", "provider API keys",
         lambda: preflight_secrets.provider_keys(target, model, ctx.env, exists)),
    ]
    for area, label, check in checks:
        try:
            rows += check()
        except Unchecked as exc:
            rows.append(Row(area, label, UNCHECKED, str(exc)))
        except NoCredentialsError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others' answers
            rows.append(Row(area, label, UNCHECKED, f"preflight error: {type(exc).__name__}: {str(exc)[:200]}"))
    return rows


def run(ctx) -> int:
    """The `preflight` command."""
    from deploy import flow  # flow imports this module for its hook

    inputs = flow.prepare(ctx)
    ctx.console.info(f"Preflight for {ctx.stack_name} in {ctx.region_name} (read-only) ...")
    rows = collect(ctx, inputs)
    ctx.console.result(render(rows))
    return EXIT_FAILED if blockers(rows) else EXIT_OK


def before_deploy(ctx, inputs) -> None:
    """deploy's hook: refuse (exit 2, nothing changed) on a blocker, unless --skip-preflight."""
    if getattr(ctx.args, "skip_preflight", False):
        ctx.console.info("Preflight SKIPPED (--skip-preflight): quotas, existing names, region offers and "
                         "provider secrets were not checked.")
        return
    ctx.console.info(f"Preflight for {ctx.stack_name} in {ctx.region_name} (read-only) ...")
    rows = collect(ctx, inputs)
    ctx.console.info(render(rows))
    found = blockers(rows)
    if found:
        raise UsageError(f"Refusing to deploy: preflight found {len(found)} blocker(s) (above); nothing was "
                         f"changed. Fix them, or re-run with --skip-preflight to let CloudFormation find out.")
