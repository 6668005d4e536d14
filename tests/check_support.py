"""Helpers for the check tests: a copy of the rendered templates to break, and check run over it."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

from deploy.check import check_templates
from tests.conftest import USER_SETS

ROOT = Path(__file__).resolve().parent.parent
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def env_values(env: str = "dev", **overrides: str) -> dict[str, str]:
    values = {e["ParameterKey"]: e["ParameterValue"] for e in json.loads((ROOT / "params" / f"{env}.json").read_text())}
    values.update(USER_SETS.get(env, {}) | overrides)
    return values


_PARSED: dict[int, tuple[dict, dict]] = {}  # id(rendered) -> (rendered, its templates parsed once)


def copy_templates(rendered: dict[str, bytes]) -> dict[str, dict]:
    """File name -> a private deep copy of each rendered template (the YAML is parsed once per session)."""
    cached = _PARSED.get(id(rendered))
    if cached is None or cached[0] is not rendered:
        parsed = {name: yaml.load(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                  for name, body in rendered.items() if name.endswith(".yaml")}
        cached = _PARSED[id(rendered)] = (rendered, parsed)
    return copy.deepcopy(cached[1])


def write(templates: dict[str, dict], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, doc in templates.items():
        (directory / name).write_text(yaml.dump(doc, Dumper=_DUMPER, sort_keys=False))
    return directory


def run_check(templates: dict[str, dict], tmp_path: Path, env: str = "dev", **overrides: str):
    """Check the (possibly broken) templates as `deploy-stack check --dist` does, minus the files: check_dist
    is load_templates + check_templates, and a YAML round trip of these plain dicts gives them back equal, so
    the fault tests skip it (tests/test_check_environments.py drives the files through the CLI)."""
    return check_templates(templates, env_values(env, **overrides), f"llm-gateway-{env}")


def lines(findings) -> list[str]:
    return [f.line() for f in findings]


def matching(findings, *needles: str) -> list[str]:
    """The finding lines that contain every needle."""
    return [line for line in lines(findings) if all(n in line for n in needles)]


def statements(role: dict):
    """Every statement of a role's inline policies (rendered form, conditions unresolved)."""
    for policy in role["Properties"].get("Policies") or []:
        docs = [policy] if "PolicyDocument" in policy else [b for b in policy.get("Fn::If", [None, None, None])[1:]
                                                            if isinstance(b, dict) and "PolicyDocument" in b]
        for doc in docs:
            yield from doc["PolicyDocument"]["Statement"]


def statement_with(role: dict, action: str) -> dict:
    for st in statements(role):
        acts = st.get("Action")
        if action in (acts if isinstance(acts, list) else [acts]):
            return st
    raise AssertionError(f"no statement with {action}")
