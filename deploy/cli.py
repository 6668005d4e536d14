"""deploy-stack: deploy, diff, preflight, outputs, status, secret get/set, destroy (see `deploy-stack -h`).

Exit codes: 0 success (diff: no changes), 1 failed, 2 bad input (nothing sent to AWS, or a refusal),
3 diff found changes, 130 interrupted (the AWS operation continues).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from deploy import cost, destroy, flow, inspect_cmd, preflight, secret, stacks
from deploy.aws import error_code, error_message
from deploy.context import Context
from deploy.errors import EXIT_FAILED, EXIT_USAGE, CommandError, UsageError
from deploy.project import Project, default_root
from deploy.ui import Console

ENV_RE = re.compile(r"^[a-z][a-z0-9-]{1,19}$")
STACK_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,127}$")
REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: usage + message, exit 2
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--env", required=True, help="environment: params/<env>.json, stack llm-gateway-<env>")
    common.add_argument("--stack-name", help="stack name (default llm-gateway-<env>)")
    common.add_argument("--region", help="AWS region (default: the profile's or AWS_REGION)")
    common.add_argument("--profile", help="AWS profile")

    parser = _Parser(prog="deploy-stack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project-dir", type=Path, help="repository root (default: the current directory "
                                                           "when it has params/, else this checkout)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def change_flags(p):
        p.add_argument("--param", action="append", metavar="KEY=VALUE", help="override one parameter")
        p.add_argument("--image", metavar="URI", help="LiteLLM image (pinned tag or digest)")

    dep = sub.add_parser("deploy", parents=[common], help="create/update the stack through a change set")
    change_flags(dep)
    when = dep.add_mutually_exclusive_group()
    when.add_argument("--yes", "-y", action="store_true", help="execute without asking")
    when.add_argument("--no-execute", action="store_true", help="create and show the change set, keep it, stop")
    dep.add_argument("--allow-data-loss", action="store_true",
                     help="allow replacing or removing stateful resources (database, KMS key, secrets, logs)")

    dep.add_argument("--skip-preflight", action="store_true",
                     help="do not run the preflight checks first (the output says they were skipped)")

    diff = sub.add_parser("diff", parents=[common], help="show the change set, then delete it (exit 3: changes)")
    change_flags(diff)

    pre = sub.add_parser("preflight", parents=[common],
                         help="read-only checks of the target account and region (exit 1: a blocker)")
    change_flags(pre)

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

    des = sub.add_parser("destroy", parents=[common], help="delete the stack (asks for its name)")
    des.add_argument("--confirm", metavar="STACK_NAME", help="the stack name, for runs without a terminal")
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
    return problems


COMMANDS = {
    "deploy": lambda ctx: flow.run(ctx, "deploy"),
    "diff": lambda ctx: flow.run(ctx, "diff"),
    "preflight": preflight.run,
    "outputs": inspect_cmd.outputs,
    "status": inspect_cmd.status,
    "destroy": destroy.run,
    "cost": cost.run,
    ("secret", "get"): secret.get,
    ("secret", "set"): secret.set_,
}


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
        return COMMANDS[key](ctx)
    except CommandError as exc:
        if exc.message:
            console.info(exc.message if exc.code != EXIT_USAGE else f"error: {exc.message}")
        return exc.code
    except NoCredentialsError:
        console.info("error: no AWS credentials found; use --profile, AWS_PROFILE or the usual credential chain")
        return EXIT_FAILED
    except ClientError as exc:
        console.info(f"AWS error: {error_code(exc)}: {error_message(exc)}")
        return EXIT_FAILED
    except BotoCoreError as exc:
        console.info(f"AWS error: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        console.info("\nInterrupted.")
        return 130
