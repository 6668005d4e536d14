"""execute: run a change set that `deploy --no-execute` created and a person reviewed, after proving it is still
that change set: on this environment's stack, made by deploy-stack, AVAILABLE, created after the stack last
changed, and holding the parameters whose fingerprint deploy-stack wrote into its Description."""
from __future__ import annotations

import re

from botocore.exceptions import ClientError

from deploy import artifacts, changeset, flow, params, stacks
from deploy.aws import error_code
from deploy.errors import CommandError, UsageError

NAME_RE = re.compile(r"^deploy-stack-[A-Za-z0-9-]{1,115}$")
FINGERPRINT = re.compile(re.escape(flow.INPUTS_MARK) + r"([0-9a-f]{16})")


def _local_differences(ctx, desc: dict) -> list[str]:
    """What differs between the change set and this checkout (dist/ content hash, params file): a warning,
    since the change set itself is what gets executed."""
    sent = {p["ParameterKey"]: p.get("ParameterValue", "") for p in desc.get("Parameters") or []}
    notes = []
    prefix = artifacts.content_prefix(ctx.project.dist_files())
    if sent.get(params.ARTIFACT_PREFIX) not in (None, prefix):
        notes.append(f"dist/ here is {prefix}, the change set has {sent[params.ARTIFACT_PREFIX]}")
    path = ctx.project.params_path(ctx.env)
    pairs, problems = params.load_file(path, ctx.project.rel(path), ctx.project.environments())
    if not problems:
        for key, value in pairs:
            if key in sent and sent[key] != value and sent[key] != "****":
                notes.append(f"{key}: {ctx.project.rel(path)} says {value!r}, the change set has {sent[key]!r}")
    return notes


def change_set_template(cfn, desc: dict) -> dict:
    """The parent template the change set holds (its parameter defaults count in the fingerprint)."""
    return stacks.template_body(cfn, StackName=desc["StackId"], ChangeSetName=desc["ChangeSetId"])


def verify(ctx, cfn, stack: dict | None, desc: dict) -> None:
    """Refuse (exit 2) unless the change set is the reviewed one and still executable."""
    name = ctx.args.change_set
    if stack is None:
        raise UsageError(f"Stack {ctx.stack_name} does not exist; there is no change set {name} to execute")
    if desc.get("StackId") != stack["StackId"]:
        raise UsageError(f"change set {name} belongs to stack {desc.get('StackName')}, not {ctx.stack_name}; "
                         f"refusing to execute it from --env {ctx.env}")
    if desc.get("ParentChangeSetId"):
        raise UsageError(f"change set {name} is a nested stack's; execute the parent's change set")
    tags = {t.get("Key"): t.get("Value") for t in desc.get("Tags") or []}
    tagged = tags.get("environment")
    if tags and tagged != ctx.env:  # (moto answers no Tags; then the stack's tag, checked in run, decides)
        raise UsageError(f"change set {name} is tagged for environment {tagged!r}, not {ctx.env!r}; refusing to "
                         f"execute it from --env {ctx.env}")
    status, execution = desc.get("Status"), desc.get("ExecutionStatus")
    if status != "CREATE_COMPLETE" or execution != "AVAILABLE":
        why = desc.get("StatusReason") or ""
        raise UsageError(f"change set {name} is {status}/{execution}{f' ({why})' if why else ''}, not "
                         f"CREATE_COMPLETE/AVAILABLE: it cannot be executed (OBSOLETE means the stack changed "
                         f"after it was made); create a new one with `deploy-stack deploy --env {ctx.env} "
                         f"--no-execute`")
    changed = stack.get("LastUpdatedTime") or stack.get("CreationTime")
    created = desc.get("CreationTime")
    if stack["StackStatus"] != "REVIEW_IN_PROGRESS" and changed and created and changed > created:
        raise UsageError(f"change set {name} is stale: {ctx.stack_name} changed at {changed:%Y-%m-%d %H:%M:%S} UTC, "
                         f"after the change set was made ({created:%Y-%m-%d %H:%M:%S} UTC); create a new one "
                         f"with `deploy-stack deploy --env {ctx.env} --no-execute`")
    match = FINGERPRINT.search(desc.get("Description") or "")
    if not match:
        raise UsageError(f"change set {name} has no deploy-stack fingerprint in its Description; deploy-stack "
                         f"executes only change sets it created")
    actual = flow.inputs_hash(desc.get("Parameters") or [], change_set_template(cfn, desc),
                              {p["ParameterKey"] for p in desc.get("Parameters") or []
                               if p.get("ParameterValue") == "****"})
    if actual != match.group(1):
        raise UsageError(f"change set {name} does not hold what deploy-stack reviewed: its parameters hash to "
                         f"{actual}, its Description records {match.group(1)}; refusing to execute it")


def run(ctx) -> int:
    args, console = ctx.args, ctx.console
    ctx.changes_made = []
    cfn = ctx.client("cloudformation")
    stack = stacks.describe(cfn, ctx.stack_name)
    if stack is not None and stack["StackStatus"] != "REVIEW_IN_PROGRESS":
        problem = stacks.environment_problem(stack, ctx.env)
        if problem:
            raise UsageError(problem)
    try:
        desc = cfn.describe_change_set(ChangeSetName=args.change_set, StackName=ctx.stack_name,
                                       IncludePropertyValues=True)
    except ClientError as exc:
        if error_code(exc) in ("ChangeSetNotFound", "ChangeSetNotFoundException", "ValidationError"):
            raise UsageError(f"change set {args.change_set} not found on {ctx.stack_name} in {ctx.region_name}; "
                             f"list them with `aws cloudformation list-change-sets --stack-name "
                             f"{ctx.stack_name}`") from None
        raise
    verify(ctx, cfn, stack, desc)
    for note in _local_differences(ctx, desc):
        console.info(f"Note: this checkout differs from the change set ({note}); the change set is what runs.")
    change_set_type = "CREATE" if stack["StackStatus"] == "REVIEW_IN_PROGRESS" else "UPDATE"
    rows = flow.review_and_guard(ctx, cfn, desc, stack if change_set_type == "UPDATE" else None, None, "deploy",
                                 args.change_set, change_set_type)
    if not args.yes and not console.interactive:
        raise UsageError(f"Not executed: no terminal to confirm and no --yes; re-run with --yes to execute "
                         f"{args.change_set}.")
    flow._confirm_or_stop(ctx, f"Execute change set {args.change_set} on {ctx.stack_name} in {ctx.region_name}?",
                          "")
    values = {p["ParameterKey"]: p.get("ParameterValue", "") for p in desc.get("Parameters") or []}
    return flow.execute_and_follow(ctx, cfn, desc["ChangeSetId"], args.change_set, stack["StackId"], rows, values,
                                   updating=change_set_type == "UPDATE")


__all__ = ["run", "verify", "CommandError"]
