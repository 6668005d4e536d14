"""The template's Rules checked against the resolved values before estimating (kept together in this one
module: deploy/evaluator.py is to replace these three functions)."""
from __future__ import annotations

from deploy import params
from deploy.project import PARENT_TEMPLATE


def _condition(expr, values: dict[str, str]):
    """A Rules condition/assertion with Fn::Equals/Not/And/Or/Contains and Ref; None when it cannot tell."""
    if isinstance(expr, (str, int, float, bool)):
        return params._as_text(expr)
    if not isinstance(expr, dict) or len(expr) != 1:
        return None
    (fn, arg), = expr.items()
    if fn == "Ref":
        return values.get(arg)
    items = [_condition(a, values) for a in arg] if isinstance(arg, list) else []
    if fn == "Fn::Equals" and len(items) == 2 and None not in items:
        return items[0] == items[1]
    if fn == "Fn::Not" and len(items) == 1 and isinstance(items[0], bool):
        return not items[0]
    if fn in ("Fn::And", "Fn::Or") and items and all(isinstance(i, bool) for i in items):
        return all(items) if fn == "Fn::And" else any(items)
    return None


def _refs(expr) -> set[str]:
    if isinstance(expr, dict):
        return {expr["Ref"]} if set(expr) == {"Ref"} else set().union(*map(_refs, expr.values()))
    if isinstance(expr, list):
        return set().union(*map(_refs, expr)) if expr else set()
    return set()


def rule_problems(template: dict, values: dict[str, str], sources: dict[str, str]) -> list[str]:
    """The template's Rules that CloudFormation would refuse these values for (an estimate for a stack that
    cannot be deployed would mislead). Rules it cannot evaluate are left to CloudFormation."""
    problems = []
    for name, rule in (template.get("Rules") or {}).items():
        applies = _condition(rule.get("RuleCondition"), values) if "RuleCondition" in rule else True
        if applies is not True:
            continue
        for assertion in rule.get("Assertions") or []:
            if _condition(assertion.get("Assert"), values) is False:
                keys = sorted(_refs(rule))
                given = ", ".join(f"{k}={values.get(k)} ({sources.get(k, '?')})" for k in keys)
                problems.append(f"rule {name} in dist/{PARENT_TEMPLATE}: {assertion.get('AssertDescription', '')} "
                                f"[{given}]")
    return problems
