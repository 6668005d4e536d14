"""destroy: show what goes and what stays, require the stack name typed (or --confirm NAME), delete, follow."""
from __future__ import annotations

from deploy import artifacts, retained, stacks
from deploy.errors import EXIT_FAILED, EXIT_OK, CommandError, UsageError
from deploy.events import Watcher, root_cause
from deploy.ui import table

KEEP_POLICIES = ("Retain", "RetainExceptOnCreate")


def inventory(cfn, stack: dict) -> tuple[list[list[str]], list[str]]:
    """(rows of resources that will be deleted, lines about what is kept) across the nested stacks."""
    deleted, kept = [], []
    tree = [(stack["StackName"], stack["StackId"])] + [(path, physical) for path, _l, physical
                                                       in stacks.nested(cfn, stack["StackId"])]
    for label, stack_id in tree:
        resources = (stacks.template_body(cfn, StackName=stack_id).get("Resources") or {})
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_id):
            for res in page.get("StackResourceSummaries", []):
                logical, kind = res.get("LogicalResourceId"), res.get("ResourceType")
                if not logical or not kind:
                    continue
                policy = (resources.get(logical) or {}).get("DeletionPolicy", "Delete")
                physical = res.get("PhysicalResourceId") or ""
                if kind == stacks.NESTED_TYPE:
                    continue
                if policy in KEEP_POLICIES:
                    kept.append(f"{label}/{logical} ({kind}) {physical}: kept (DeletionPolicy {policy})")
                    continue
                if policy == "Snapshot":
                    kept.append(f"{label}/{logical} ({kind}) {physical}: deleted, a final snapshot is kept "
                                f"(DeletionPolicy Snapshot)")
                deleted.append([kind, logical, physical, label])
    return deleted, kept


def run(ctx) -> int:
    cfn, name, console = ctx.client("cloudformation"), ctx.stack_name, ctx.console
    stack = stacks.describe(cfn, name)
    if stack is None:
        console.info(f"Stack {name} does not exist in {ctx.region_name}; nothing to delete.")
        return EXIT_OK
    problem = stacks.environment_problem(stack, ctx.env)
    if problem:
        raise UsageError(problem)
    if stacks.is_in_progress(stack["StackStatus"]):
        raise CommandError(f"Stack {name} is {stack['StackStatus']}: another operation is running; run destroy "
                           f"again when it has finished. {ctx.follow_hint()}")
    if stack.get("EnableTerminationProtection"):
        raise CommandError(f"Stack {name} has termination protection (its params turn DatabaseDeletionProtection "
                           f"on); nothing was deleted. Turn both off first with `deploy-stack deploy --env {ctx.env} "
                           f"--param DatabaseDeletionProtection=false --param AlbDeletionProtection=false` (or "
                           f"aws cloudformation update-termination-protection --no-enable-termination-protection "
                           f"--stack-name {name}), then destroy.", code=2)

    protected = sorted(p["ParameterKey"] for p in stack.get("Parameters") or []
                       if p["ParameterKey"].endswith("DeletionProtection") and p.get("ParameterValue") == "true")
    if protected:
        flags = " ".join(f"--param {key}=false" for key in protected)
        raise CommandError(f"Stack {name} has {', '.join(protected)} on; the delete would fail at those resources. "
                           f"Turn it off first (deploy-stack deploy --env {ctx.env} {flags}), then destroy.", code=2)

    deleted, kept = inventory(cfn, stack)
    outs = stacks.outputs(stack)
    console.result(f"Destroying {name} in {ctx.region_name} (environment {ctx.env}) deletes "
                   f"{len(deleted)} resources:")
    console.result(table(["Type", "Logical ID", "Physical ID", "Stack"], deleted) if deleted else "(none)")
    console.result("")
    console.result("Kept:")
    for line in kept:
        console.result(f"  - {line}")
    account = stack["StackId"].split(":")[4] if stack["StackId"].count(":") >= 5 else "<account>"
    console.result(f"  - the artifact bucket s3://{artifacts.bucket_name(account, ctx.region_name)} "
                   f"(shared by every environment in this account and region)")
    if outs.get("SecretsPrefix"):
        console.result(f"  - SSM parameters under {outs['SecretsPrefix']} written with `deploy-stack secret set` "
                       f"(not part of the stack)")
    stack_params = {p.get("ParameterKey"): p.get("ParameterValue") for p in stack.get("Parameters") or []}
    if outs.get("SecretsPrefix") and str(stack_params.get("RetainSecretsOnDelete", "")).lower() == "true":
        console.result(f"  - the generated secrets under {outs['SecretsPrefix']} (RetainSecretsOnDelete): released, "
                       f"the next deploy of this environment adopts them (DEPLOYMENT.md, Destroy)")

    confirm = ctx.args.confirm
    if confirm is not None:
        if confirm != name:
            raise UsageError(f"--confirm {confirm!r} does not match the stack name {name!r}; nothing was deleted")
    elif not console.interactive:
        raise UsageError(f"Not deleted: no terminal to type the stack name; pass --confirm {name}")
    elif console.ask(f"Type the stack name ({name}) to delete it: ").strip() != name:
        raise CommandError("The name did not match; nothing was deleted.")

    keys = retained.retained_keys(cfn, stack)  # read before the nested stacks are gone
    watcher = Watcher(cfn, stack["StackId"], name, console, ctx.poll_s, ctx.follow_hint(), sleep=ctx.sleep)
    watcher.mark()
    role = getattr(ctx.args, "role_arn", None)
    cfn.delete_stack(StackName=stack["StackId"], **({"RoleARN": role} if role else {}))
    console.info(f"Deleting {name} ...")
    final = watcher.run()
    if final["StackStatus"] == "DELETE_COMPLETE":
        console.info(f"{name}: DELETE_COMPLETE")
        retained.offer_key_deletion(ctx, keys)
        return EXIT_OK
    cause = root_cause(cfn, stack["StackId"], name, since=watcher.since)
    console.info(f"Delete failed: {name} is {final['StackStatus']}.")
    console.info(f"Root cause: {cause}" if cause else f"Reason: {final.get('StackStatusReason') or 'unknown'}")
    return EXIT_FAILED
