"""deploy-stack check: an offline model of what AWS will do with dist/ for one environment's parameters.

Evaluates every stack with deploy/evaluator.py (conditions resolved, nested stacks through the parent's
wiring, concrete names and ARNs), then checks IAM (iam.py, actors.py), network paths (network.py), the life
cycle (lifecycle.py) and Rules and service limits (rules.py). No AWS calls.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from deploy.check.actors import iam_findings
from deploy.check.lifecycle import lifecycle_findings
from deploy.check.model import Finding, Model
from deploy.check.network import network_findings
from deploy.check.rules import rules_findings
from deploy.evaluator import Deployment, Physical, load_templates

CHECKS = (rules_findings, iam_findings, network_findings, lifecycle_findings)
PLACEHOLDERS = {"ArtifactBucket": "deploy-stack-artifacts", "ArtifactPrefix": "0" * 16}


def check_templates(templates: dict[str, dict], values: dict[str, str], stack_name: str,
                    region: str = "us-east-1", account: str = "123456789012") -> list[Finding]:
    """Every finding for these rendered templates (file name -> template) and parent parameter values."""
    params = {**PLACEHOLDERS, **values}
    try:
        model = Model(Deployment(templates, params, stack_name=stack_name,
                                 physical=Physical(region=region, account=account)))
    except (KeyError, IndexError, ValueError, NotImplementedError, TypeError) as exc:
        return [Finding("evaluate", "dist/", "evaluating the templates", f"cannot evaluate: {exc}",
                        "render with `python build.py`; if it persists, the evaluator lacks a feature the "
                        "templates use (deploy/evaluator.py)")]
    findings = []
    for check in CHECKS:
        try:
            findings += check(model)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
            findings.append(Finding("evaluate", "dist/", check.__name__.replace("_findings", ""),
                                    f"cannot evaluate ({type(exc).__name__}: {exc})",
                                    "the templates use a shape deploy/check does not model yet; extend it"))
    return findings


def check_dist(dist: Path, values: dict[str, str], stack_name: str, **kwargs) -> list[Finding]:
    try:
        templates = load_templates(dist)
    except yaml.YAMLError as exc:
        return [Finding("evaluate", str(dist), "reading the templates", f"not valid YAML: {exc}",
                        "render with `python build.py`")]
    return check_templates(templates, values, stack_name, **kwargs)
