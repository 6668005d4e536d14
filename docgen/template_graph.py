"""The rendered templates as one system: nested stacks in dependency order, the parent's output -> parameter
wiring, what a value leads to across it, readable conditions; and the walkers over intrinsic functions
(Ref/GetAtt/Sub references, Fn::If branches) that the generated documents share."""
from __future__ import annotations

import json
import re

NESTED_STACK = "AWS::CloudFormation::Stack"


# ---------------------------------------------------------------- intrinsic functions
def refs(value) -> set[str]:
    """Logical names a value refers to: Ref, Fn::GetAtt, ${Name} / ${Name.Attr} in Fn::Sub (no AWS::)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text, variables = (inner[0], inner[1]) if isinstance(inner, list) else (inner, {})
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)} - set(variables)
                found |= refs(variables)
            else:
                found |= refs(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= refs(inner)
    return {name for name in found if not name.startswith("AWS::")}


def output_refs(value) -> list[tuple[str, str]]:
    """(stack logical id, output name) for every GetAtt <Stack>.Outputs.<Name> in a value."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Fn::GetAtt" and isinstance(inner, list) and str(inner[1]).startswith("Outputs."):
                found.append((inner[0], inner[1][len("Outputs."):]))
            else:
                found += output_refs(inner)
    elif isinstance(value, list):
        for inner in value:
            found += output_refs(inner)
    return found


def branches(value, conditions: tuple[str, ...] = ()):
    """(value, conditions) for each alternative of nested Fn::If; AWS::NoValue disappears, !C is the else."""
    if isinstance(value, dict) and set(value) == {"Fn::If"}:
        name, then, otherwise = value["Fn::If"]
        yield from branches(then, conditions + (name,))
        yield from branches(otherwise, conditions + (f"!{name}",))
    elif value != {"Ref": "AWS::NoValue"}:
        yield value, conditions


def items(value):
    """(item, conditions) of a list property whose items (or the list itself) may sit inside Fn::If."""
    for listed, outer in branches(value):
        if isinstance(listed, list):
            for item in listed:
                for inner, conditions in branches(item):
                    yield inner, outer + conditions


def strings(value, conditions: tuple[str, ...] = ()):
    """(text, conditions) of every string inside a value, Fn::Sub templates included."""
    if isinstance(value, str):
        yield value, conditions
    elif isinstance(value, dict) and set(value) == {"Fn::If"}:
        name, then, otherwise = value["Fn::If"]
        yield from strings(then, conditions + (name,))
        yield from strings(otherwise, conditions + (f"!{name}",))
    elif isinstance(value, dict):
        for inner in value.values():
            yield from strings(inner, conditions)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner, conditions)


# ---------------------------------------------------------------- the stacks and the wiring between them
class System:
    def __init__(self, templates: dict[str, dict]):
        self.templates = templates
        self.parent = templates["parent"]
        self.stacks: dict[str, str] = {}  # nested stack logical id -> template name (network, data, ...)
        for logical_id, res in sorted(self.parent.get("Resources", {}).items()):
            if res.get("Type") == NESTED_STACK:
                url = json.dumps(res.get("Properties", {}).get("TemplateURL"))
                match = re.search(r"([A-Za-z0-9_-]+)\.(?:yaml|yml|json|template)", url)
                if match and match.group(1) in templates:
                    self.stacks[logical_id] = match.group(1)
        self.order = self._order()

    def _order(self) -> list[str]:
        """Nested stacks, producers before consumers (then by name)."""
        needs = {sid: {src for src, _ in output_refs(self.parent["Resources"][sid].get("Properties", {}))}
                 & set(self.stacks) for sid in self.stacks}
        order: list[str] = []
        while len(order) < len(needs):
            ready = sorted(s for s in needs if s not in order and needs[s] <= set(order))
            order.append(ready[0] if ready else sorted(set(needs) - set(order))[0])
        return order

    def resources(self, stack: str) -> dict[str, dict]:
        return self.templates[self.stacks[stack]].get("Resources") or {}

    def wiring(self, stack: str) -> dict[str, list[str]]:
        """Producer stack -> the output names passed into `stack`'s parameters."""
        params = self.parent["Resources"][stack].get("Properties", {}).get("Parameters") or {}
        wired: dict[str, list[str]] = {}
        for src, output in output_refs(params):
            wired.setdefault(src, [])
            if output not in wired[src]:
                wired[src].append(output)
        return {src: sorted(outs) for src, outs in sorted(wired.items())}

    def behind(self, stack: str, value, depth: int = 0) -> set[tuple[str, str]]:
        """(stack, logical id) of the resources a value leads to, across the output -> parameter wiring."""
        found: set[tuple[str, str]] = set()
        template = self.templates[self.stacks[stack]]
        for name in refs(value):
            if name in (template.get("Resources") or {}):
                found.add((stack, name))
            elif name in (template.get("Parameters") or {}) and depth < 5:
                passed = (self.parent["Resources"][stack].get("Properties", {}).get("Parameters") or {}).get(name)
                for src, output in output_refs(passed):
                    if src in self.stacks:
                        produced = (self.templates[self.stacks[src]].get("Outputs") or {}).get(output) or {}
                        found |= self.behind(src, produced.get("Value"), depth + 1)
        return found

    def condition_text(self, stack: str, name: str) -> str:
        """A readable form of a condition: `EnableOpenAi = true`, `BedrockModelIds set`, else its name."""
        negated = name.startswith("!")
        name = name.lstrip("!")
        expr = (self.templates[self.stacks[stack]].get("Conditions") or {}).get(name)
        text = _condition_expr(expr)
        if text is None:
            return f"not {name}" if negated else name
        if negated:
            return text.replace(" = ", " ≠ ") if " = " in text else text.replace(" set", " empty")
        return text


def _condition_expr(expr) -> str | None:
    if isinstance(expr, dict) and "Fn::Not" in expr:
        inner = expr["Fn::Not"][0]
        if isinstance(inner, dict) and "Fn::Equals" in inner:
            left, right = inner["Fn::Equals"]
            names = sorted(refs(left))
            if right == "" and len(names) == 1:
                return f"{names[0]} set"
    if isinstance(expr, dict) and "Fn::Equals" in expr:
        left, right = expr["Fn::Equals"]
        names = sorted(refs(left))
        if isinstance(right, str) and len(names) == 1:
            return f"{names[0]} = {right}" if right else f"{names[0]} empty"
    return None
