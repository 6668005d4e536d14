"""Reading the project for an estimate: params/<env>.json validated as deploy does, dist/*.yaml, the Rules;
estimate_for() puts them together for one environment."""
from __future__ import annotations

from pathlib import Path

import yaml

from deploy import params
from deploy.cost.components import unpriced_types
from deploy.cost.estimate import Estimate, estimate
from deploy.cost.inputs import REQUIRED_PARAMETERS, load_prices, template_counts
from deploy.evaluator import rule_problems
from deploy.cost.units import EstimateError
from deploy.cron import CRON_HELP, CronError
from deploy.errors import InputProblems, UsageError
from deploy.project import PARENT_TEMPLATE, Project

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_CACHE: dict[tuple[str, int, int], object] = {}


def _load_yaml(path: Path):
    """yaml.safe_load (libyaml when present), cached by path, size and mtime: docs/cost.md needs nine
    estimates from the same dist/."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _YAML_CACHE:
        _YAML_CACHE[key] = yaml.load(path.read_text(), Loader=_LOADER)  # noqa: S506 (a safe loader)
    return _YAML_CACHE[key]


def load_templates(project: Project) -> dict[str, dict]:
    """dist/*.yaml by stack name."""
    out = {}
    for path in sorted(project.dist.glob("*.yaml")):
        try:
            doc = _load_yaml(path)
        except yaml.YAMLError as exc:
            raise UsageError(f"{project.rel(path)}: not valid YAML ({str(exc).splitlines()[0]}); "
                             f"run `python build.py`") from None
        if isinstance(doc, dict):
            out[path.stem] = doc
    return out


def resolve_values(project: Project, env: str, params_file: Path | None, overrides: list[str],
                   template: dict) -> tuple[dict[str, str], dict[str, str], str, list[str]]:
    """Every parameter's value (given, else its Default), where each came from, the params file's name,
    and the problems found: the same validation as deploy (params.resolve)."""
    path = params_file if params_file is not None else project.params_path(env)
    where = project.rel(path.resolve() if params_file is not None else path)
    pairs, problems = params.load_file(path, where, project.environments())
    override_pairs, override_problems = params.parse_overrides(overrides)
    problems += override_problems
    if problems:
        return {}, {}, where, problems
    values, problems = params.resolve(template, f"dist/{PARENT_TEMPLATE}", pairs, where, override_pairs, env, None)
    sources = {k: where for k, _ in pairs} | {k: "--param" for k, _ in override_pairs}
    full = {}
    for key, spec in (template.get("Parameters") or {}).items():
        if key in values:
            full[key] = values[key]
        elif isinstance(spec, dict) and "Default" in spec:
            full[key] = params._as_text(spec["Default"])
            sources.setdefault(key, f"dist/{PARENT_TEMPLATE} (Default)")
    missing = [k for k in REQUIRED_PARAMETERS if k not in full]
    if missing and not problems:
        problems.append(f"dist/{PARENT_TEMPLATE}: no {', '.join(missing)} parameter (the cost estimate reads "
                        f"{'it' if len(missing) == 1 else 'them'}); run `python build.py`")
    return full, sources, where, problems


def estimate_for(project: Project, env: str, params_file: Path | None = None, overrides: list[str] | None = None,
                 prices: dict | None = None, templates: dict[str, dict] | None = None) -> Estimate:
    """The estimate for one environment, or UsageError/InputProblems (exit 2) naming what is wrong.
    `templates` (stack name -> parsed template, as build.py renders them) stands in for dist/*.yaml."""
    if templates is None:
        template, problems = project.load_parent()
        if problems:
            raise InputProblems(problems)
    else:
        template = templates[PARENT_TEMPLATE[:-len(".yaml")]]
    values, sources, where, problems = resolve_values(project, env, params_file, overrides or [], template)
    if not problems:
        problems = rule_problems(template, values, sources)
    if problems:
        raise InputProblems(problems)
    counts = template_counts(templates if templates is not None else load_templates(project))
    prices = prices if prices is not None else load_prices()
    try:
        result = estimate(values, counts, prices, label=f"{values.get('EnvironmentName', env)} ({where})")
    except CronError as exc:
        first = exc.key.split("/")[0]
        raise UsageError(f"{sources.get(first, where)}: {exc.key}: {exc.value} cannot be modelled by the cost "
                         f"estimate: {exc}; {CRON_HELP}") from None
    except EstimateError as exc:
        raise UsageError(str(exc)) from None
    missing = unpriced_types(counts.types)
    if missing:
        result.notes.append(f"resource types with neither a price nor a free reason in deploy/cost/: "
                            f"{', '.join(missing)}; the estimate leaves them out")
    return result
