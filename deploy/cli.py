"""deploy-stack: deploy, diff, check, preflight, execute, drift, outputs, status, secret get/set/rotate,
destroy, cost (see `deploy-stack COMMAND -h`).

Exit codes: 0 success (diff: no changes; drift: none), 1 failed (drift: found), 2 bad input, missing
credentials or a refusal, including a declined prompt (nothing was changed), 3 diff found changes,
130 interrupted (the AWS operation continues).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from botocore.parsers import ResponseParserError

from deploy import cost, destroy, drift, execute, flow, inspect_cmd, parsed, preflight, secret, stacks
from deploy.check import command as check_command
from deploy.aws import error_code, error_message
from deploy.context import Context
from deploy.errors import EXIT_FAILED, EXIT_USAGE, CommandError, UsageError
from deploy.project import Project, default_root
from deploy.ui import Console

ENV_RE = re.compile(r"^[a-z][a-z0-9-]{1,19}$")
STACK_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,127}$")
REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")
ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: usage + message, exit 2
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--env", required=True, help="environment: params/<env>.json, stack llm-gateway-<env>")
    common.add_argument("--stack-name", help="stack name (default llm-gateway-<env>)")
    common.add_argument("--region", help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's)")
    common.add_argument("--profile", help="AWS profile")

    parser = _Parser(prog="deploy-stack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project-dir", type=Path, help="repository root (default: the current directory "
                                                           "when it has params/, else this checkout)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def role_flag(p):
        p.add_argument("--role-arn", metavar="ARN", help="IAM role CloudFormation acts with (a service role)")

    def change_flags(p):
        p.add_argument("--param", action="append", metavar="KEY=VALUE",
                       help="override one parameter for this run only (the next deploy without it reverts it)")
        p.add_argument("--image", metavar="URI", help="LiteLLM image (pinned tag or digest), for this run only")
        p.add_argument("--allow-public-ingress", action="store_true",
                       help="allow AllowedCidrs to open the load balancer to the internet (needs CertificateArn)")
        role_flag(p)

    def execution_flags(p):
        p.add_argument("--allow-data-loss", action="store_true",
                       help="allow replacing or removing stateful resources (database, KMS key, secrets, logs); "
                            "lifts the stack policy for this execution")
        p.add_argument("--disable-rollback", action="store_true",
                       help="keep failed resources for debugging instead of rolling back")

    dep = sub.add_parser("deploy", parents=[common], help="create/update the stack through a change set")
    change_flags(dep)
    when = dep.add_mutually_exclusive_group()
    when.add_argument("--yes", "-y", action="store_true", help="execute without asking")
    when.add_argument("--no-execute", action="store_true",
                      help="create and show the change set, keep it for review, stop (then: deploy-stack execute)")
    execution_flags(dep)

    dep.add_argument("--skip-preflight", action="store_true",
                     help="do not run the preflight checks first (the output says they were skipped)")

    diff = sub.add_parser("diff", parents=[common], help="show the change set, then delete it (exit 3: changes)")
    change_flags(diff)

    pre = sub.add_parser("preflight", parents=[common],
                         help="read-only checks of the target account and region (exit 1: a blocker)")
    change_flags(pre)

    exe = sub.add_parser("execute", parents=[common],
                         help="execute a change set kept by deploy --no-execute, after checking it is unchanged")
    exe.add_argument("--change-set", required=True, metavar="NAME", help="the change set's name (deploy-stack-...)")
    exe.add_argument("--yes", "-y", action="store_true", help="execute without asking")
    execution_flags(exe)

    sub.add_parser("drift", parents=[common],
                   help="detect drift on the parent and nested stacks (exit 1: drift found)")

    out = sub.add_parser("outputs", parents=[common], help="print the stack outputs")
    out.add_argument("--json", action="store_true", help="as a JSON object")

    sub.add_parser("status", parents=[common],
                   help="stack and nested states, ECS service, target health (exit 1: stack failed or missing)")

    sec = sub.add_parser("secret", help="read or write a secret in SSM (values never in arguments)")
    sec_sub = sec.add_subparsers(dest="secret_command", required=True, parser_class=_Parser)
    get = sec_sub.add_parser("get", parents=[common], help="print a secret's value to stdout")
    get.add_argument("name", help="e.g. master-key")
    put = sec_sub.add_parser("set", parents=[common], help="store a secret read from stdin or a hidden prompt")
    put.add_argument("name", help="e.g. openai-api-key ([a-z0-9-]+)")
    put.add_argument("--yes", "-y", action="store_true", help="overwrite an existing secret without asking")
    rot = sec_sub.add_parser("rotate", help="record a new SecretsRotationToken in params/<env>.json (offline); "
                                             "the next deploy rotates the master key and database password once")
    rot.add_argument("--env", required=True, help="environment: params/<env>.json")
    rot.set_defaults(stack_name=None, region=None, profile=None)  # offline: no stack, no AWS

    des = sub.add_parser("destroy", parents=[common], help="delete the stack (asks for its name)")
    des.add_argument("--confirm", metavar="STACK_NAME", help="the stack name, for runs without a terminal")
    role_flag(des)
    des.add_argument("--schedule-key-deletion", action="store_true",
                     help="afterwards schedule the retained KMS key's deletion (30 days; the final DB snapshot "
                          "cannot be restored once it is deleted) without asking")

    cst = sub.add_parser("cost", parents=[common],
                         help="estimated monthly cost per component, offline (deploy/prices.json, no AWS calls)")
    cst.add_argument("--params-file", metavar="PATH", help="read parameters from PATH instead of params/<env>.json")
    cst.add_argument("--param", action="append", metavar="KEY=VALUE", help="override one parameter")
    cst_format = cst.add_mutually_exclusive_group()
    cst_format.add_argument("--json", action="store_true", help="as a JSON object")
    cst_format.add_argument("--markdown", action="store_true", help="as a markdown table")
    chk = sub.add_parser("check", parents=[common], help="offline model of what AWS will do with dist/ for the "
                                                          "environment: IAM, network paths, life cycle, rules "
                                                          "(no AWS calls; exit 1: findings)")
    chk.add_argument("--dist", metavar="DIR", help="rendered templates (parent.yaml and its children; default dist/)")
    chk.add_argument("--param", action="append", metavar="KEY=VALUE", help="override one parameter")
    chk.add_argument("--allow-public-ingress", action="store_true",
                     help="as for deploy: allow AllowedCidrs to open the load balancer to the internet (needs "
                          "CertificateArn)")
    return parser


def _validate_flags(args) -> list[str]:
    problems = []
    if not ENV_RE.match(args.env):
        problems.append(f"--env {args.env!r}: use 2-20 lowercase letters, digits and '-', starting with a letter "
                        f"(e.g. dev)")
    if args.stack_name is not None and not STACK_RE.match(args.stack_name):
        problems.append(f"--stack-name {args.stack_name!r}: a stack name is a letter followed by letters, digits "
                        f"and '-' (at most 128)")
    if args.region is not None and not REGION_RE.match(args.region):
        problems.append(f"--region {args.region!r}: not an AWS region name (e.g. eu-west-1)")
    role = getattr(args, "role_arn", None)
    if role is not None and not ROLE_ARN_RE.match(role):
        problems.append(f"--role-arn {role!r}: not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)")
    change_set = getattr(args, "change_set", None)
    if change_set is not None and not execute.NAME_RE.match(change_set):
        problems.append(f"--change-set {change_set!r}: not a deploy-stack change set name (deploy-stack-...; "
                        f"the name deploy --no-execute printed)")
    return problems


COMMANDS = {
    "deploy": lambda ctx: flow.run(ctx, "deploy"),
    "diff": lambda ctx: flow.run(ctx, "diff"),
    "preflight": preflight.run,
    "execute": execute.run,
    "drift": drift.run,
    "outputs": inspect_cmd.outputs,
    "status": inspect_cmd.status,
    "destroy": destroy.run,
    "cost": cost.run,
    "check": check_command.run,
    ("secret", "get"): secret.get,
    ("secret", "set"): secret.set_,
    ("secret", "rotate"): secret.rotate,
}


def _aws_error(exc: ClientError) -> str:
    """Name the operation (and the bucket or stack when known): a bare "403: Forbidden" says nothing."""
    operation = getattr(exc, "operation_name", "") or "an AWS call"
    code, message = error_code(exc), error_message(exc)
    if code in ("403", "Forbidden", "AccessDenied") and not message.strip(" .") or message == "Forbidden":
        message = "access denied (check the credentials' IAM permissions for this call and the resource's policy)"
    where = getattr(exc, "deploy_stack_resource", "")
    return f"AWS error in {operation}{f' ({where})' if where else ''}: {code}: {message}"


def main(argv: list[str] | None = None, *, console: Console | None = None) -> int:
    console = console or Console()
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # -h / --help
            return int(exc.code or 0)
        problems = _validate_flags(args)
        if problems:
            raise UsageError("invalid arguments, nothing was sent to AWS:\n" + "\n".join(f"  {p}" for p in problems))
        project = Project((args.project_dir or default_root()).resolve())
        ctx = Context(args=args, console=console, project=project, env=args.env,
                      stack_name=args.stack_name or stacks.default_stack_name(args.env),
                      profile=args.profile, region=args.region)
        key = args.command if args.command != "secret" else ("secret", args.secret_command)
        with parsed.one_command():  # each template text parsed once per command (deploy/parsed.py)
            return COMMANDS[key](ctx)
    except BrokenPipeError:
        return _closed_pipe(console)
    except CommandError as exc:
        return _say(console, exc.message if exc.code != EXIT_USAGE or not exc.message else f"error: {exc.message}",
                    exc.code)
    except NoCredentialsError:
        return _say(console, "error: no AWS credentials found; use --profile, AWS_PROFILE or the usual credential "
                             "chain. Nothing was sent to AWS.", EXIT_USAGE)
    except ClientError as exc:
        return _say(console, _aws_error(exc), EXIT_FAILED)
    except ResponseParserError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no details"
        return _say(console, f"AWS error: an answer botocore could not parse ({first[:300]}); a proxy or "
                             f"endpoint override (AWS_ENDPOINT_URL) may be in the way. Retry, or check the "
                             f"operation in the AWS console.", EXIT_FAILED)
    except BotoCoreError as exc:
        return _say(console, f"AWS error: {exc}", EXIT_FAILED)
    except KeyboardInterrupt:
        return _say(console, "\nInterrupted.", 130)


def _say(console: Console, message: str, code: int) -> int:
    try:
        if message:
            console.info(message)
    except BrokenPipeError:
        return _closed_pipe(console)
    return code


def _closed_pipe(console: Console) -> int:
    """The reader went away (e.g. `| head`): stop quietly. Pointing the real stdout/stderr at /dev/null keeps
    Python's flush at exit from printing a BrokenPipeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        if stream in (console.out, console.err):
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, AttributeError):
                pass
    return EXIT_FAILED
