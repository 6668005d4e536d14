"""The review a person approves: for the parent and every nested stack, the parameters that change (old -> new,
NoEcho masked), the resources added, modified, replaced or removed, and each modification's property paths
with before/after values (secrets masked), replacements and stateful resources called out.

Everything here is drawn from the change sets (describe_change_set with IncludePropertyValues) and the
deployed stacks' parameters, so the CloudFormation console shows a reviewer the same facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from deploy.changeset import STATEFUL, StackChanges, is_secrets_custom_resource
from deploy.ui import table

MASK = "****"
MAX_VALUE_CHARS = 160
# A property path naming one of these holds a secret: its values are never printed.
SECRET_PATH = re.compile(r"(?i)(password|passwd|privatekey|private_key|apikey|api_key|api-key|masterkey|master_key|"
                         r"saltkey|salt_key|authtoken|credential|secretstring|secretvalue|secretaccesskey)")
# A value that looks like a key (LiteLLM's sk-..., AWS secret keys are masked by path) is masked too.
SECRET_VALUE = re.compile(r"^sk-[A-Za-z0-9_-]{16,}$")


@dataclass
class ParamChange:
    key: str
    before: str | None      # None: the stack did not have it (new stack or new parameter)
    after: str | None       # None: removed from the template
    note: str = ""


def shown(value: str | None) -> str:
    if value is None:
        return "(none)"
    text = value if len(value) <= MAX_VALUE_CHARS else f"{value[:MAX_VALUE_CHARS]}... ({len(value)} chars)"
    return repr(text)


def parameter_changes(before: list[dict] | None, after: list[dict], noecho: set[str] = frozenset(),
                      notes: dict[str, str] | None = None, defaults: dict[str, str] | None = None) -> list[ParamChange]:
    """What changes between two CloudFormation Parameters lists (NoEcho values masked on both sides).
    `defaults`: the template's Default of each parameter, the value of one the change set does not list."""
    old = {p["ParameterKey"]: p.get("ParameterValue", "") for p in before or []}
    new = dict(defaults or {})
    new.update({p["ParameterKey"]: p.get("ParameterValue", "") for p in after})
    changes = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key in noecho or a == MASK or b == MASK:
            if a is not None and b is not None:
                continue  # CloudFormation answers **** for both: nothing a reviewer could compare
            a, b = (MASK if a is not None else None), (MASK if b is not None else None)
        changes.append(ParamChange(key, a, b, (notes or {}).get(key, "")))
    return changes


def is_secret(path: str, value: str | None) -> bool:
    return bool(SECRET_PATH.search(path)) or bool(value and SECRET_VALUE.match(value))


def _stateful(row) -> bool:
    return row.resource_type in STATEFUL or is_secrets_custom_resource(row)


def _note(row) -> str:
    notes = []
    if _stateful(row):
        notes.append("STATEFUL")
    if row.action == "Remove":
        notes.append("DELETED")
    elif row.replacement == "True":
        notes.append("REPLACED")
    elif row.replacement == "Conditional" or row.action == "Dynamic":
        notes.append("MAY BE REPLACED")
    return ", ".join(notes) or "-"


def property_lines(row) -> list[str]:
    """One line per changed property path, deduplicated (CloudFormation lists one target once per cause)."""
    lines, seen = [], set()
    for detail in row.details:
        target = detail.get("Target") or {}
        path = target.get("Path") or "/".join(["", target.get("Attribute", ""), target.get("Name", "")]).rstrip("/")
        before, after = target.get("BeforeValue"), target.get("AfterValue")
        key = (path, before, after)
        if key in seen:
            continue
        seen.add(key)
        if is_secret(path, before) or is_secret(path, after):
            before = MASK if before is not None else None
            after = MASK if after is not None else None
        kind = target.get("AttributeChangeType") or "Modify"
        recreate = target.get("RequiresRecreation")
        tail = f"  (recreation: {recreate})" if recreate and recreate != "Never" else ""
        later = "(known when deployed)" if detail.get("Evaluation") == "Dynamic" else "(none)"
        if kind == "Add":
            lines.append(f"+ {path}: {shown(after) if after is not None else later}{tail}")
        elif kind == "Remove":
            lines.append(f"- {path}: {shown(before)} (removed){tail}")
        elif before is None and after is None:
            cause = detail.get("CausingEntity") or detail.get("ChangeSource") or ""
            lines.append(f"~ {path}: value known only when deployed{f' (from {cause})' if cause else ''}{tail}")
        else:
            shown_before = shown(before) if before is not None else later
            shown_after = shown(after) if after is not None else later
            lines.append(f"~ {path}: {shown_before} -> {shown_after}{tail}")
    return lines


def render_stack(part: StackChanges, params: list[ParamChange], parent: bool) -> str:
    kind = "parent stack" if parent else ("new nested stack" if part.action == "Add" else "nested stack")
    out = [f"== {part.label} ({kind}) =="]
    if part.action == "Add" and not parent:
        out.append("Parameters: (all new)")
    elif params:
        out.append("Parameters:")
        rows = [[p.key, shown(p.before), "->", shown(p.after), p.note] for p in params]
        out.extend(f"  {line}" for line in table(["Parameter", "Deployed", "", "New", "Note"], rows).splitlines())
    else:
        out.append("Parameters: (none change)")
    if not part.rows:
        out.append("Resources: (none change)")
        return "\n".join(out)
    out.append("Resources:")
    rows = [[r.action, r.logical_id, r.resource_type, r.replacement or "-", _note(r)] for r in part.rows]
    out.extend(f"  {line}" for line in table(["Action", "Logical ID", "Type", "Replacement", "Note"],
                                               rows).splitlines())
    detailed = [(r, property_lines(r)) for r in part.rows if r.action == "Modify" and r.resource_type !=
                "AWS::CloudFormation::Stack"]
    detailed = [(r, lines) for r, lines in detailed if lines]
    if detailed:
        out.append("Property changes:")
        for r, lines in detailed:
            out.append(f"  {r.logical_id} ({r.resource_type})")
            out.extend(f"    {line}" for line in lines)
    return "\n".join(out)


def summary(parts: list[StackChanges]) -> str:
    expanded = {p.label for p in parts}
    rows = [r for p in parts for r in p.rows if not (r.resource_type == "AWS::CloudFormation::Stack" and (
        r.logical_id in expanded or f"{r.stack}/{r.logical_id}" in expanded))]
    count = {a: sum(1 for r in rows if r.action == a) for a in ("Add", "Modify", "Remove")}
    replaced = sum(1 for r in rows if r.action == "Modify" and r.replacement in ("True", "Conditional"))
    stateful = sorted(f"{r.stack}/{r.logical_id}" for r in rows if _stateful(r) and (
        r.action == "Remove" or r.replacement in ("True", "Conditional") or r.action == "Dynamic"))
    text = (f"Summary: {count['Add']} to add, {count['Modify']} to modify ({replaced} replaced or maybe "
            f"replaced), {count['Remove']} to remove, across {len(parts)} stack{'s' if len(parts) != 1 else ''}.")
    if stateful:
        text += f"\nStateful resources replaced or removed: {', '.join(stateful)}"
    return text


def render(parts: list[StackChanges], params_by_label: dict[str, list[ParamChange]]) -> str:
    blocks = [render_stack(part, params_by_label.get(part.label, []), index == 0)
              for index, part in enumerate(parts)]
    return "\n\n".join(blocks + [summary(parts)])
