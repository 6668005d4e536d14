"""Findings as text: grouped by area, one line each, the same call on several ARNs folded into one."""
from __future__ import annotations

from deploy.check.model import Finding

AREAS = ("rules", "iam", "network", "lifecycle")


def text(findings: list[Finding], label: str) -> str:
    if not findings:
        return f"check {label}: no findings (IAM, network paths, life cycle, rules and limits)"
    lines = [f"check {label}: {len(findings)} finding{'s' if len(findings) != 1 else ''}"]
    for area in AREAS + tuple(sorted({f.area for f in findings} - set(AREAS))):
        group = [f for f in findings if f.area == area]
        if not group:
            continue
        lines.append(f"\n{area}:")
        for finding in group:
            lines.append(f"  - {finding.resource} -- {finding.subject}: {finding.problem}")
            lines.append(f"    fix: {finding.fix}")
    return "\n".join(lines)
