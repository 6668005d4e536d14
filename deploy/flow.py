"""deploy and diff: validate, upload, change set, show, guard, confirm, execute, follow, outputs."""
from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone

from botocore.exceptions import ClientError

from deploy import artifacts, changeset, params, preflight, stacks
from deploy.errors import EXIT_CHANGES, EXIT_FAILED, EXIT_OK, CommandError, InputProblems, UsageError
from deploy.events import Watcher, root_cause
from deploy.project import PARENT_TEMPLATE
from deploy.ui import table


def prepare(ctx) -> params.Inputs:
    """Step 1, before any AWS call: dist/ current and readable, params file and flags valid."""
    project, env, args = ctx.project, ctx.env, ctx.args
    template, problems = project.load_parent()
    problems += project.dist_problems()
    path = project.params_path(env)
    file_where = project.rel(path)
    file_pairs, file_problems = params.load_file(path, file_where, project.environments())
    override_pairs, override_problems = params.parse_overrides(args.param or [])
    image_problem = params.image_problem(args.image) if args.image is not None else None
    problems += file_problems + override_problems + ([image_problem] if image_problem else [])
    values: dict[str, str] = {}
    if template is not None and not file_problems and not override_problems and not image_problem:
        values, value_problems = params.resolve(template, f"dist/{PARENT_TEMPLATE}", file_pairs, file_where,
                                                override_pairs, env, args.image)
        problems += value_problems
    if problems:
        raise InputProblems(problems)
    return params.Inputs(values=values, template=template)


def _confirm_or_stop(ctx, question: str, refusal: str) -> None:
    if ctx.args.yes:
        return
    if not ctx.console.interactive:
        raise UsageError(refusal)
    if not ctx.console.confirm(question):
        raise CommandError("Cancelled; nothing was changed.")


def _settle(ctx, cfn, stack: dict | None, mode: str) -> dict | None:
    """Bring an existing stack to a state a change set can start from: wait for a running operation,
    offer to delete a ROLLBACK_COMPLETE stack, refuse stuck ones. Returns the stack or None (absent)."""
    if stack is None:
        return None
    name, status = ctx.stack_name, stack["StackStatus"]
    if stacks.is_in_progress(status):
        if mode != "deploy" or ctx.args.no_execute:
            raise CommandError(f"Stack {name} is {status}: another operation is running; run this again when "
                               f"it has finished. {ctx.follow_hint()}")
        ctx.console.info(f"Stack {name} is {status}: another operation is running. Waiting for it to finish "
                         f"before changing anything.")
        Watcher(cfn, stack["StackId"], name, ctx.console, ctx.poll_s, ctx.follow_hint(), sleep=ctx.sleep).run()
        return _settle(ctx, cfn, stacks.describe(cfn, name), mode)
    if status == "ROLLBACK_COMPLETE":
        cause = root_cause(cfn, stack["StackId"], name)
        why = f" (root cause: {cause})" if cause else ""
        message = (f"Stack {name} is ROLLBACK_COMPLETE: its first create failed{why}. It holds no resources "
                   f"and cannot be updated; it has to be deleted and created again.")
        if mode != "deploy" or ctx.args.no_execute:
            raise CommandError(f"{message} `deploy-stack deploy --env {ctx.env}` offers to do that.")
        ctx.console.info(message)
        _confirm_or_stop(ctx, f"Delete {name} and create it again?",
                         f"Not deleted: no terminal to confirm and no --yes. Re-run with --yes to delete "
                         f"{name} and create it again.")
        ctx.console.info(f"Deleting {name} (ROLLBACK_COMPLETE) ...")
        cfn.delete_stack(StackName=stack["StackId"])
        final = Watcher(cfn, stack["StackId"], name, ctx.console, ctx.poll_s, ctx.follow_hint(),
                        sleep=ctx.sleep).run()
        if final["StackStatus"] != "DELETE_COMPLETE":
            raise CommandError(f"Could not delete {name}: {final['StackStatus']} "
                               f"{final.get('StackStatusReason') or ''}".rstrip())
        return None
    if status in stacks.STUCK_HINTS:
        raise CommandError(f"Stack {name} is {status}: {stacks.STUCK_HINTS[status].format(stack=name)}.")
    if status == "DELETE_COMPLETE":
        return None
    if status == "REVIEW_IN_PROGRESS" or status in stacks.UPDATABLE:
        return stack
    raise CommandError(f"Stack {name} is in state {status}, which deploy-stack does not know how to handle.")


def _print_outputs(ctx, stack: dict) -> None:
    outs = stacks.outputs(stack)
    if outs:
        ctx.console.result(table(["Output", "Value"], [[k, v] for k, v in sorted(outs.items())]))
    else:
        ctx.console.result("(the stack has no outputs)")


def run(ctx, mode: str) -> int:
    """mode "deploy" or "diff"."""
    args, console, name = ctx.args, ctx.console, ctx.stack_name
    inputs = prepare(ctx)
    if mode == "deploy":
        preflight.before_deploy(ctx, inputs)  # read-only account checks, before anything changes
    cfn = ctx.client("cloudformation")
    region = ctx.region_name

    stack = stacks.describe(cfn, name)
    if stack is not None and stack["StackStatus"] != "REVIEW_IN_PROGRESS":
        problem = stacks.environment_problem(stack, ctx.env)
        if problem:
            raise UsageError(problem)
    stack = _settle(ctx, cfn, stack, mode)
    change_set_type = "CREATE" if stack is None or stack["StackStatus"] == "REVIEW_IN_PROGRESS" else "UPDATE"

    account = ctx.client("sts").get_caller_identity()["Account"]
    s3 = ctx.client("s3")
    bucket = artifacts.bucket_name(account, region)
    artifacts.ensure_bucket(s3, bucket, region, account, console)
    files = ctx.project.dist_files()
    prefix = artifacts.content_prefix(files)
    artifacts.upload(s3, bucket, prefix, files, account, console)

    commit = ctx.project.git_commit()
    values = dict(inputs.values, **{params.ARTIFACT_BUCKET: bucket, params.ARTIFACT_PREFIX: prefix})
    change_set_name = f"deploy-stack-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{commit[:7]}-{secrets.token_hex(3)}"
    console.info(f"Creating change set {change_set_name} ({change_set_type}) for {name} in {region} ...")
    change_set_id, stack_id = changeset.create(
        cfn, stack_name=name, change_set_name=change_set_name, change_set_type=change_set_type,
        template_url=artifacts.object_url(bucket, region, f"{prefix}/{PARENT_TEMPLATE}"), parameters=values,
        tags=stacks.tags_for(ctx.env, commit), description=f"deploy-stack {mode} --env {ctx.env} at {commit}")
    created_here = stack is None
    keep = False
    try:
        desc = changeset.wait(cfn, change_set_id, ctx.poll_s, sleep=ctx.sleep)
        if changeset.has_no_changes(desc):
            console.result(f"No changes: {name} already matches dist/ and params/{ctx.env}.json.")
            return EXIT_OK
        if desc["Status"] == "FAILED":
            raise CommandError(f"Change set failed: {desc.get('StatusReason') or 'no reason given'}")
        rows = changeset.collect(cfn, desc, name, ctx.poll_s, sleep=ctx.sleep)
        console.result(f"Change set {change_set_name} for {name} ({change_set_type}, {len(rows)} "
                       f"change{'s' if len(rows) != 1 else ''}):")
        console.result(changeset.render(rows) if rows else
                       "(no resource changes: only outputs, parameters, tags or metadata change)")
        losses = changeset.data_loss(rows)
        if mode == "diff":
            if losses:
                console.info("WARNING: deploy would refuse this without --allow-data-loss; it would lose:\n"
                             + "\n".join(f"  - {line}" for line in losses))
            return EXIT_CHANGES
        if losses and not args.allow_data_loss:
            raise UsageError("Refusing to deploy: this change set replaces or removes stateful resources:\n"
                             + "\n".join(f"  - {line}" for line in losses)
                             + "\nNothing was changed. If the loss is intended, back up first and re-run with "
                               "--allow-data-loss.")
        if losses:
            console.info("WARNING: --allow-data-loss given; this deployment will lose:\n"
                         + "\n".join(f"  - {line}" for line in losses))
        if args.no_execute:
            keep = True
            console.result(f"Not executed (--no-execute). Review it in the CloudFormation console, then run "
                           f"deploy-stack deploy --env {ctx.env} --yes, or execute {change_set_id}.")
            return EXIT_OK
        if not args.yes and not console.interactive:
            keep = True
            raise UsageError(f"Not executed: no terminal to confirm and no --yes. Change set {change_set_name} is "
                             f"kept for review; re-run with --yes to deploy.")
        _confirm_or_stop(ctx, f"Execute change set {change_set_name} on {name} in {region}?", "")
        watcher = Watcher(cfn, stack_id, name, console, ctx.poll_s, ctx.follow_hint(), sleep=ctx.sleep)
        watcher.mark()
        started = time.monotonic()
        cfn.execute_change_set(ChangeSetName=change_set_id)
        keep = True
        console.info(f"Executing {change_set_name} on {name} ...")
        final = watcher.run()
    finally:
        if not keep:
            _discard(cfn, change_set_id, stack_id if created_here else None)

    status = final["StackStatus"]
    elapsed = int(time.monotonic() - started)
    if status in stacks.SUCCESS:
        console.info(f"{name}: {status} in {elapsed // 60}m{elapsed % 60:02d}s")
        _print_outputs(ctx, stacks.describe(cfn, stack_id) or final)
        return EXIT_OK
    cause = root_cause(cfn, stack_id, name, since=watcher.since)
    console.info(f"Deployment failed: {name} is {status}.")
    console.info(f"Root cause: {cause}" if cause else
                 f"Reason: {final.get('StackStatusReason') or 'no failed resource found in the events'}")
    return EXIT_FAILED


def _discard(cfn, change_set_id: str, review_stack_id: str | None) -> None:
    """Delete the change set and, when this run created the (empty, REVIEW_IN_PROGRESS) stack, the stack."""
    try:
        cfn.delete_change_set(ChangeSetName=change_set_id)
        if review_stack_id:
            cfn.delete_stack(StackName=review_stack_id)
    except ClientError:
        pass
