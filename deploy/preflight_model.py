"""The stacks a deploy would create, resolved for one environment in one account and region.

The rendered dist/ templates go through deploy/evaluator.py with the parameters the deploy would send:
the parent's nested-stack Parameters become each child's parameters, and a child's `Fn::GetAtt
[Child, Outputs.X]` takes the other child's resolved output when it is a plain value. Pseudo parameters
are the target account's and region's. A name built from a nested stack's AWS::StackName contains
GENERATED: CloudFormation makes it unique, so it can never collide.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import copy

import yaml

from deploy import params
from deploy.aws import partition_of, url_suffix
from deploy.evaluator import Evaluator
from deploy.project import PARENT_TEMPLATE

GENERATED = "<generated>"
NESTED_TYPE = "AWS::CloudFormation::Stack"


class _AccountEvaluator(Evaluator):
    """The shared evaluator with this account's and region's pseudo parameters."""

    def __init__(self, template: dict, values: dict[str, str], pseudo: dict[str, str]):
        self.pseudo = pseudo
        super().__init__(template, values)

    def _intrinsic(self, key, arg):
        if key == "Ref" and arg in self.pseudo:
            return self.pseudo[arg]
        if key == "Fn::GetAZs":
            return [f"{self.pseudo['AWS::Region']}{suffix}" for suffix in "abcdef"]
        return super()._intrinsic(key, arg)


@dataclass
class Model:
    stack_name: str
    region: str
    account: str
    values: dict[str, str]                                   # the parent's parameter values
    resources: dict[str, dict] = field(default_factory=dict)  # stack -> logical id -> resolved resource
    outputs: dict[str, dict] = field(default_factory=dict)    # stack -> output -> resolved value
    templates: dict[str, dict] = field(default_factory=dict)  # stack -> raw template

    def of_type(self, resource_type: str) -> list[tuple[str, str, dict]]:
        """(stack, logical id, resolved properties) of every resource of a type whose Condition holds."""
        return [(stack, logical_id, res.get("Properties") or {})
                for stack, found in sorted(self.resources.items())
                for logical_id, res in sorted(found.items()) if res.get("Type") == resource_type]

    def all_resources(self) -> list[tuple[str, str, dict]]:
        return [(stack, logical_id, res) for stack, found in sorted(self.resources.items())
                for logical_id, res in sorted(found.items())]


def _pseudo(stack_name: str, region: str, account: str, nested: bool) -> dict[str, str]:
    name = f"{stack_name}-{GENERATED}" if nested else stack_name
    return {"AWS::Region": region, "AWS::AccountId": account, "AWS::Partition": partition_of(region),
            "AWS::URLSuffix": url_suffix(region), "AWS::StackName": name,
            "AWS::StackId": f"arn:{partition_of(region)}:cloudformation:{region}:{account}:stack/{name}/{GENERATED}"}


_CACHE: dict = {}


def _load(path: Path) -> dict:
    """The parsed template, cached by path, size and mtime (the evaluator never changes it; a copy is
    returned so a caller's change cannot leak into the next model)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return copy.deepcopy(_CACHE[key])


def _plain(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_plain(v) for v in value)
    return str(value)


def build(dist: Path, values: dict[str, str], stack_name: str, region: str, account: str) -> Model:
    """Resolve dist/parent.yaml and the children it nests (by the file name its TemplateURL ends in)."""
    parent = _load(dist / PARENT_TEMPLATE)
    full = {k: params._as_text(spec["Default"]) for k, spec in (parent.get("Parameters") or {}).items()
            if isinstance(spec, dict) and "Default" in spec}
    full.update(values)
    full.setdefault(params.ARTIFACT_BUCKET, GENERATED)
    full.setdefault(params.ARTIFACT_PREFIX, GENERATED)
    model = Model(stack_name, region, account, full, templates={"parent": parent})
    top = _AccountEvaluator(parent, full, _pseudo(stack_name, region, account, nested=False))
    model.resources["parent"] = top.resources()
    children = {lid: res for lid, res in model.resources["parent"].items() if res.get("Type") == NESTED_TYPE}
    pending = dict(children)
    while pending:
        progressed = False
        for logical_id, res in sorted(pending.items()):
            wired = res["Properties"].get("Parameters") or {}
            needs = {str(v).split(".")[0] for v in wired.values() if ".Outputs." in str(v)}
            if needs - set(model.outputs):
                continue
            child_values = {k: _output(model, v) for k, v in wired.items()}
            url = str(res["Properties"]["TemplateURL"])
            template = _load(dist / url.rsplit("/", 1)[-1])
            ev = _AccountEvaluator(template, child_values, _pseudo(stack_name, region, account, nested=True))
            model.templates[logical_id] = template
            model.resources[logical_id] = ev.resources()
            model.outputs[logical_id] = ev.outputs()
            del pending[logical_id]
            progressed = True
        if not progressed:
            raise ValueError(f"nested stacks {sorted(pending)} depend on each other's outputs in a cycle")
    return model


def _output(model: Model, value) -> str:
    text = _plain(value)
    stack, sep, rest = text.partition(".Outputs.")
    if sep and stack in model.outputs and rest in model.outputs[stack]:
        return _plain(model.outputs[stack][rest])
    return text
