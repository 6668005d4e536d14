"""deploy and diff: validate, upload, change set, review, guard, confirm, execute, follow, protect, outputs.

`execute` (deploy/execute.py) reuses the second half: review_and_guard and execute_and_follow."""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from datetime import datetime, timezone

from botocore.exceptions import ClientError

from deploy import artifacts, changeset, params, preflight, protect, review, stacks
from deploy.check import command as check_command
from deploy.errors import EXIT_CHANGES, EXIT_FAILED, EXIT_OK, CommandError, InputProblems, UsageError
from deploy.events import Watcher, root_cause
from deploy.project import PARENT_TEMPLATE
from deploy.ui import table

INPUTS_MARK = "inputs="


def prepare(ctx) -> params.Inputs:
    """Step 1, before any AWS call: dist/ current and readable, params file and flags valid."""
    project, env, args = ctx.project, ctx.env, ctx.args
    template, problems = project.load_parent()
    dist_problems, dist_warnings = project.dist_status()
    problems += dist_problems
    for warning in dist_warnings:
        ctx.console.info(f"WARNING: {warning}")
    path = project.params_path(env)
    file_where = project.rel(path)
    file_pairs, file_problems = params.load_file(path, file_where, project.environments())
    override_pairs, override_problems = params.parse_overrides(args.param or [])
    image_problem = params.image_problem(args.image) if args.image is not None else None
    problems += file_problems + override_problems + ([image_problem] if image_problem else [])
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    if template is not None and not file_problems and not override_problems and not image_problem:
        values, value_problems = params.resolve(template, f"dist/{PARENT_TEMPLATE}", file_pairs, file_where,
                                                override_pairs, env, args.image, sources)
        problems += value_problems
        if not value_problems:
            problems += _shape_problems(ctx, template, values, sources)
    if problems:
        raise InputProblems(problems)
    specs = template.get("Parameters") or {}
    file_values = {k: params.normalise(specs.get(k) or {}, v) for k, v in file_pairs if k in specs}
    return params.Inputs(values=values, template=template, sources=sources, file_values=file_values)


def _shape_problems(ctx, template: dict, values: dict[str, str], sources: dict[str, str]) -> list[str]:
    """What the templates would drop silently or expose: a list longer than they read, a wide-open ingress."""
    problems = params.list_length_problem(ctx.project.dist_templates(), values, sources,
                                          template.get("Parameters") or {})
    wide = params.public_ingress_problem(values, sources, bool(getattr(ctx.args, "allow_public_ingress", False)))
    return problems + ([wide] if wide else [])


def template_defaults(template: dict) -> dict[str, str]:
    return {k: params._as_text(spec["Default"]) for k, spec in (template.get("Parameters") or {}).items()
            if isinstance(spec, dict) and "Default" in spec}


def inputs_hash(parameters: list[dict] | dict[str, str], template: dict, noecho: set[str] = frozenset()) -> str:
    """A fingerprint of what a change set was created from: every parameter's effective value (the template
    Default where none was given, so it does not matter whether CloudFormation lists defaulted parameters;
    the ArtifactPrefix among them is the content hash of dist/). NoEcho values count as ****."""
    given = parameters if isinstance(parameters, dict) else {
        p["ParameterKey"]: p.get("ParameterValue", "") for p in parameters}
    effective = template_defaults(template) | given
    canon = sorted((k, review.MASK if k in noecho else v) for k, v in effective.items())
    return hashlib.sha256(json.dumps(canon).encode()).hexdigest()[:16]


def noecho_keys(template: dict) -> set[str]:
    return {k for k, spec in (template.get("Parameters") or {}).items()
            if isinstance(spec, dict) and str(spec.get("NoEcho", "false")).lower() == "true"}


def _confirm_or_stop(ctx, question: str, refusal: str) -> None:
    if ctx.args.yes:
        return
    if not ctx.console.interactive:
        raise UsageError(refusal)
    if not ctx.console.confirm(question):
        done = ctx.changes_made
        raise UsageError("Cancelled; " + (f"nothing else was changed ({'; '.join(done)})." if done
                                          else "nothing was changed."))


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
        ctx.changes_made.append(f"the failed stack {name} was deleted")
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


def refuse_concurrent_review(ctx, cfn, stack: dict | None, mode: str) -> None:
    """Another change set under review on this environment: a second operation now could delete the review
    stack under it (first deploy) or make it obsolete (update). Refuse, saying what to do."""
    if stack is None:
        return
    pending = stacks.under_review(cfn, stack["StackId"])
    if not pending:
        return
    if mode == "diff" and stack["StackStatus"] != "REVIEW_IN_PROGRESS":
        ctx.console.info(f"Note: change set {pending[0]['ChangeSetName']} on {ctx.stack_name} is waiting for "
                         f"review; this diff does not touch it.")
        return
    names = ", ".join(p["ChangeSetName"] for p in pending)
    first = pending[0]["ChangeSetName"]
    raise UsageError(f"Stack {ctx.stack_name} has a change set under review ({names}); refusing to start "
                     f"another operation on environment {ctx.env}. Execute it with `deploy-stack execute --env "
                     f"{ctx.env} --change-set {first}`, or delete it (aws cloudformation delete-change-set "
                     f"--stack-name {ctx.stack_name} --change-set-name {first}) and run this again.")


def provenance(ctx) -> str:
    """The git-commit tag value: the last commit of dist/ and params/, with -dirty when either has
    uncommitted changes (the commit then does not hold what is deployed)."""
    commit = ctx.project.git_commit()
    dirty = ctx.project.dirty_files()
    if not dirty:
        return commit
    shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
    ctx.console.info(f"WARNING: uncommitted changes in what is deployed ({shown}); the git-commit tag says "
                     f"{commit}-dirty. Commit them so the tag names what was deployed.")
    return f"{commit}-dirty"


def show_parameter_drift(ctx, inputs: params.Inputs, stack: dict | None) -> None:
    """Deployed value vs params/<env>.json, every deploy: one-off overrides that this run keeps or sets, and
    that the next plain deploy (or CI) would revert."""
    deployed = {p["ParameterKey"]: p.get("ParameterValue", "") for p in (stack or {}).get("Parameters") or []}
    file_where = ctx.project.rel(ctx.project.params_path(ctx.env))
    lines = []
    for key, value in sorted(inputs.values.items()):
        source = inputs.sources.get(key, "")
        if source not in ("--param", "--image"):
            continue
        in_file = inputs.file_values.get(key)
        default = (inputs.template.get("Parameters") or {}).get(key, {}).get("Default")
        if value == (in_file if in_file is not None else params._as_text(default) if default is not None else None):
            continue  # the override repeats what a plain deploy sends: nothing to revert
        fallback = in_file if in_file is not None else (f"the template default {params._as_text(default)!r}"
                                                        if default is not None else "nothing")
        shown = repr(fallback) if in_file is not None else fallback
        lines.append(f"  {key} = {value!r} from {source}; {file_where} says {shown}: the next deploy without "
                     f"{source} reverts it (put it in {file_where} to keep it)")
    for key, value in sorted(inputs.values.items()):
        if inputs.sources.get(key) == file_where and deployed.get(key) not in (None, value):
            lines.append(f"  {key}: deployed {deployed[key]!r} is not what {file_where} says ({value!r}; a one-off "
                         f"override or a change outside this checkout); this deploy sets {value!r}")
    specs = inputs.template.get("Parameters") or {}
    for key, value in sorted(deployed.items()):
        if key in params.RESERVED or key in inputs.values or key not in specs or "Default" not in specs[key]:
            continue
        default = params._as_text(specs[key]["Default"])
        if value != default:
            lines.append(f"  {key}: deployed {value!r} is not in {file_where}; this deploy sets the template "
                         f"default {default!r}")
    if lines:
        ctx.console.info("Parameter drift (deployed or sent value vs " + file_where + "):\n" + "\n".join(lines))


def _parent_notes(ctx, inputs: params.Inputs | None) -> dict[str, str]:
    notes = {}
    if inputs is None:
        return notes
    file_where = ctx.project.rel(ctx.project.params_path(ctx.env))
    for key in inputs.values:
        source = inputs.sources.get(key)
        notes[key] = {"--param": "one-off --param", "--image": "one-off --image"}.get(source, source or "default")
        if source == file_where:
            notes[key] = file_where
    for key in params.RESERVED:
        notes[key] = "deploy-stack (artifacts)"
    if params.ROTATION_TOKEN in notes:
        notes[params.ROTATION_TOKEN] += "; ROTATES the master key and database password"
    return notes


def review_and_guard(ctx, cfn, desc: dict, stack: dict | None, inputs: params.Inputs | None, mode: str,
                     change_set_name: str, change_set_type: str) -> list[changeset.Row]:
    """Print the review (per stack: parameters, resources, property values) and apply the data-loss guard.
    Returns every resource row."""
    parts = changeset.collect(cfn, desc, ctx.stack_name, ctx.poll_s, sleep=ctx.sleep)
    template = inputs.template if inputs is not None else (ctx.project.load_parent()[0] or {})
    defaults = template_defaults(template)
    by_label = {ctx.stack_name: review.parameter_changes((stack or {}).get("Parameters"), parts[0].parameters,
                                                         noecho_keys(template), _parent_notes(ctx, inputs), defaults)}
    for part in parts[1:]:
        if part.action != "Add" and part.stack_id:
            nested = stacks.describe(cfn, part.stack_id)
            by_label[part.label] = review.parameter_changes((nested or {}).get("Parameters"), part.parameters)
    rows = changeset.all_rows(parts)
    ctx.console.result(f"Change set {change_set_name} for {ctx.stack_name} ({change_set_type}, {len(rows)} "
                       f"resource change{'s' if len(rows) != 1 else ''}):")
    ctx.console.result("")
    ctx.console.result(review.render(parts, by_label))
    losses = changeset.data_loss(rows)
    if mode == "diff":
        if losses:
            ctx.console.info("WARNING: deploy would refuse this without --allow-data-loss; it would lose:\n"
                             + "\n".join(f"  - {line}" for line in losses))
        return rows
    if losses and not ctx.args.allow_data_loss:
        raise UsageError("Refusing to deploy: this change set replaces or removes stateful resources:\n"
                         + "\n".join(f"  - {line}" for line in losses)
                         + "\nNothing was changed. If the loss is intended, back up first and re-run with "
                           "--allow-data-loss.")
    if losses:
        ctx.console.info("WARNING: --allow-data-loss given; this deployment will lose:\n"
                         + "\n".join(f"  - {line}" for line in losses))
    return rows


def execute_and_follow(ctx, cfn, change_set_id: str, change_set_name: str, stack_id: str, rows: list,
                       values: dict[str, str], updating: bool) -> int:
    """Execute (lifting the stack policies for --allow-data-loss), follow, protect again, print outputs."""
    console, name = ctx.console, ctx.stack_name
    plan = protect.protected(ctx.project.dist_templates())
    lifted = bool(updating and ctx.args.allow_data_loss and changeset.data_loss(rows))
    if lifted:
        protect.set_policies(cfn, stack_id, plan, lift=True)
        console.info("Stack policies lifted for this execution (--allow-data-loss); they are set again after it.")
    watcher = Watcher(cfn, stack_id, name, console, ctx.poll_s, ctx.follow_hint(), sleep=ctx.sleep)
    watcher.mark()
    started = time.monotonic()
    disable_rollback = bool(getattr(ctx.args, "disable_rollback", False))
    cfn.execute_change_set(ChangeSetName=change_set_id, **({"DisableRollback": True} if disable_rollback else {}))
    console.info(f"Executing {change_set_name} on {name} ..." + (" (rollback disabled)" if disable_rollback else ""))
    final = watcher.run()
    status = final["StackStatus"]
    elapsed = int(time.monotonic() - started)
    if status in stacks.SUCCESS or lifted:
        protected = protect.set_policies(cfn, stack_id, plan)
        if protected and status in stacks.SUCCESS:
            console.info(f"Stack policy: no replacing or deleting the database or the KMS key "
                         f"({', '.join(protected)}).")
    if status in stacks.SUCCESS:
        current = stacks.describe(cfn, stack_id) or final
        effective = template_defaults(ctx.project.load_parent()[0] or {}) | values
        protect.sync_termination_protection(cfn, current, protect.wanted_termination_protection(effective), console)
        console.info(f"{name}: {status} in {elapsed // 60}m{elapsed % 60:02d}s")
        console.result("")
        _print_outputs(ctx, current)
        return EXIT_OK
    cause = root_cause(cfn, stack_id, name, since=watcher.since)
    console.info(f"Deployment failed: {name} is {status}.")
    console.info(f"Root cause: {cause}" if cause else
                 f"Reason: {final.get('StackStatusReason') or 'no failed resource found in the events'}")
    if disable_rollback:
        console.info(f"Rollback was disabled: the failed resources are kept for debugging. To recover, fix the "
                     f"cause and run `deploy-stack deploy --env {ctx.env}` again (it updates from "
                     f"{status}), or roll back with `aws cloudformation rollback-stack --stack-name {name}`"
                     + (f", or delete it with `deploy-stack destroy --env {ctx.env}`" if status == "CREATE_FAILED"
                        else "") + ".")
    return EXIT_FAILED


def run(ctx, mode: str) -> int:
    """mode "deploy" or "diff"."""
    args, console, name = ctx.args, ctx.console, ctx.stack_name
    ctx.changes_made = []
    inputs = prepare(ctx)
    # deploy-stack check: refuse on a finding before anything is sent to AWS
    check_command.refuse_on_findings(ctx, inputs.values, check_command.region_of(ctx))
    if mode == "deploy":
        preflight.before_deploy(ctx, inputs)  # read-only account checks, before anything changes
    cfn = ctx.client("cloudformation")
    region = ctx.region_name

    stack = stacks.describe(cfn, name)
    if stack is not None and stack["StackStatus"] != "REVIEW_IN_PROGRESS":
        problem = stacks.environment_problem(stack, ctx.env)
        if problem:
            raise UsageError(problem)
    refuse_concurrent_review(ctx, cfn, stack, mode)
    stack = _settle(ctx, cfn, stack, mode)
    change_set_type = "CREATE" if stack is None or stack["StackStatus"] == "REVIEW_IN_PROGRESS" else "UPDATE"
    deployed = {p["ParameterKey"]: p.get("ParameterValue") for p in (stack or {}).get("Parameters") or []}
    file_where = ctx.project.rel(ctx.project.params_path(ctx.env))
    token_spec = (inputs.template.get("Parameters") or {}).get(params.ROTATION_TOKEN) or {}
    token = inputs.values.get(params.ROTATION_TOKEN, params._as_text(token_spec["Default"]) if "Default" in token_spec
                              else None)
    rotation = params.rotation_problem(deployed.get(params.ROTATION_TOKEN), token, file_where, ctx.env)
    if rotation:
        raise UsageError(rotation)
    show_parameter_drift(ctx, inputs, stack)

    account = ctx.client("sts").get_caller_identity()["Account"]
    s3 = ctx.client("s3")
    bucket = artifacts.bucket_name(account, region)
    artifacts.ensure_bucket(s3, bucket, region, account, console)
    files = ctx.project.dist_files()
    prefix = artifacts.content_prefix(files)
    artifacts.upload(s3, bucket, prefix, files, account, console)

    commit = provenance(ctx)
    values = dict(inputs.values, **{params.ARTIFACT_BUCKET: bucket, params.ARTIFACT_PREFIX: prefix})
    fingerprint = inputs_hash(values, inputs.template, noecho_keys(inputs.template))
    change_set_name = f"deploy-stack-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{commit[:7]}-{secrets.token_hex(3)}"
    console.info(f"Creating change set {change_set_name} ({change_set_type}) for {name} in {region} ...")
    change_set_id, stack_id = changeset.create(
        cfn, stack_name=name, change_set_name=change_set_name, change_set_type=change_set_type,
        template_url=artifacts.object_url(bucket, region, f"{prefix}/{PARENT_TEMPLATE}"), parameters=values,
        tags=stacks.tags_for(ctx.env, commit), role_arn=getattr(args, "role_arn", None),
        description=f"deploy-stack {mode} --env {ctx.env} at {commit} {INPUTS_MARK}{fingerprint}")
    created_here = stack is None
    keep = False
    try:
        desc = changeset.wait(cfn, change_set_id, ctx.poll_s, sleep=ctx.sleep)
        if changeset.has_no_changes(desc):
            console.result(f"No changes: {name} already matches dist/ and params/{ctx.env}.json.")
            return EXIT_OK
        if desc["Status"] == "FAILED":
            raise CommandError(f"Change set failed: {desc.get('StatusReason') or 'no reason given'}")
        rows = review_and_guard(ctx, cfn, desc, stack, inputs, mode, change_set_name, change_set_type)
        if mode == "diff":
            return EXIT_CHANGES
        if args.no_execute:
            keep = True
            console.result(f"Not executed (--no-execute). Review it here or in the CloudFormation console, then "
                           f"execute exactly this change set with: deploy-stack execute --env {ctx.env} "
                           f"--change-set {change_set_name}")
            return EXIT_OK
        if not args.yes and not console.interactive:
            keep = True
            raise UsageError(f"Not executed: no terminal to confirm and no --yes. Change set {change_set_name} is "
                             f"kept for review; execute it with `deploy-stack execute --env {ctx.env} "
                             f"--change-set {change_set_name} --yes`.")
        _confirm_or_stop(ctx, f"Execute change set {change_set_name} on {name} in {region}?", "")
        keep = True
        return execute_and_follow(ctx, cfn, change_set_id, change_set_name, stack_id, rows, values,
                                  updating=change_set_type == "UPDATE")
    finally:
        if not keep:
            discard(ctx, cfn, change_set_id, stack_id if created_here else None)


def discard(ctx, cfn, change_set_id: str, review_stack_id: str | None) -> None:
    """Delete this run's change set and, when this run created the (empty, REVIEW_IN_PROGRESS) stack and it is
    still only this run's (same id, still REVIEW_IN_PROGRESS, no other change set on it), the stack."""
    try:
        cfn.delete_change_set(ChangeSetName=change_set_id)
    except ClientError:
        pass
    if not review_stack_id:
        return
    try:
        current = stacks.describe(cfn, review_stack_id)
        if current is None or current["StackStatus"] != "REVIEW_IN_PROGRESS":
            return
        others = [c for c in stacks.under_review(cfn, review_stack_id) if c.get("ChangeSetId") != change_set_id]
        if others:
            ctx.console.info(f"Left {ctx.stack_name} (REVIEW_IN_PROGRESS) in place: another run created change "
                             f"set {others[0].get('ChangeSetName')} on it.")
            return
        cfn.delete_stack(StackName=review_stack_id)
    except ClientError:
        pass
