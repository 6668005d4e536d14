"""`deploy-stack check` and the gate deploy/diff run before any AWS call."""
from __future__ import annotations

import os
import time
from pathlib import Path

from deploy import aws, params
from deploy.check import check_dist
from deploy.check.report import text
from deploy.errors import EXIT_FAILED, EXIT_OK, InputProblems, UsageError
from deploy.project import PARENT_TEMPLATE, Project

DEFAULT_REGION = "us-east-1"     # only shapes the ARNs check builds; the templates use ${AWS::Region} throughout


class _DistAt(Project):
    """A Project whose rendered templates are in another directory (--dist), so load_parent's checks apply."""

    def __init__(self, root: Path, dist: Path):
        super().__init__(root)
        object.__setattr__(self, "_dist", dist)

    @property
    def dist(self) -> Path:
        return self._dist


def _parent(project: Project, dist: Path) -> dict:
    template, problems = _DistAt(project.root, dist).load_parent()
    if problems:
        raise InputProblems(problems)
    return template


def values_for(project: Project, env: str, overrides: list[str], dist: Path,
               allow_public_ingress: bool = False) -> dict[str, str]:
    """The parameters deploy would pass (params/<env>.json + overrides, validated like deploy), or exit 2."""
    template = _parent(project, dist)
    path = project.params_path(env)
    where = project.rel(path)
    pairs, problems = params.load_file(path, where, project.environments())
    override_pairs, override_problems = params.parse_overrides(overrides)
    problems += override_problems
    if problems:
        raise InputProblems(problems)
    sources: dict[str, str] = {}
    values, problems = params.resolve(template, project.rel(dist / PARENT_TEMPLATE), pairs, where, override_pairs,
                                      env, None, sources)
    if not problems:   # deploy refuses a load balancer open to the internet the same way (deploy/flow.py)
        wide = params.public_ingress_problem(values, sources, allow_public_ingress)
        problems = [wide] if wide else []
    if problems:
        raise InputProblems(problems)
    return values


def region_of(ctx) -> str:
    return ctx.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


def run(ctx) -> int:
    args = ctx.args
    dist = Path(args.dist).resolve() if args.dist else ctx.project.dist
    if not dist.is_dir():
        raise UsageError(f"--dist {args.dist}: not a directory; point it at the rendered templates (dist/)")
    values = values_for(ctx.project, ctx.env, args.param or [], dist, args.allow_public_ingress)
    region = region_of(ctx)
    problem = aws.region_problem(region, "--region" if ctx.region else "AWS_REGION/AWS_DEFAULT_REGION")
    if problem:
        raise UsageError(problem)
    started = time.perf_counter()
    findings = check_dist(dist, values, ctx.stack_name, region=region)
    elapsed = time.perf_counter() - started
    ctx.console.result(text(findings, f"{ctx.env} ({ctx.project.rel(dist)}, stack {ctx.stack_name})"))
    ctx.console.info(f"checked in {elapsed:.2f} s, no AWS calls")
    return EXIT_FAILED if findings else EXIT_OK


def refuse_on_findings(ctx, values: dict[str, str], region: str) -> None:
    """deploy/diff: stop before anything is sent to AWS when check finds something."""
    findings = check_dist(ctx.project.dist, values, ctx.stack_name, region=region)
    if findings:
        raise UsageError("Refusing to continue: `deploy-stack check` found what AWS would refuse or break; "
                         "nothing was sent to AWS.\n" + text(findings, ctx.env)
                         + f"\nRun `deploy-stack check --env {ctx.env}` after fixing.")
