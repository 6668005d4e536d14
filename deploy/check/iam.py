"""IAM policy evaluation as AWS documents it, for requests inside one account.

Follows "Policy evaluation logic" in the IAM User Guide: an explicit Deny in any applicable policy wins; else
the request is allowed when an identity policy or the resource policy allows it (same account); else it is
implicitly denied. KMS is the exception: a key policy must allow the call itself, or allow the account
(`arn:aws:iam::ACCOUNT:root`) so that IAM policies take effect. Action, NotAction, Resource, NotResource,
Principal, wildcards `*` and `?` (actions case-insensitive, resources case-sensitive) and the condition
operators listed in OPERATORS, with `...IfExists` and `ForAnyValue:` / `ForAllValues:`. An operator it does
not know raises CannotEvaluate: never a silent pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY = "allowed", "explicit deny", "implicit deny"


class CannotEvaluate(Exception):
    """A policy uses something this evaluator does not model (an unknown condition operator, ...)."""


@dataclass
class Request:
    action: str                       # service:Action
    resource: str                     # the ARN AWS builds for the call
    principal: str                    # role ARN, or a service principal (logs.us-east-1.amazonaws.com)
    context: dict = field(default_factory=dict)   # condition keys: str, or list for multi-valued keys


@dataclass
class Decision:
    result: str
    why: str

    @property
    def allowed(self) -> bool:
        return self.result == ALLOWED


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _glob(pattern: str, text: str, ignore_case: bool) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


def action_matches(pattern: str, action: str) -> bool:
    return _glob(pattern, action, ignore_case=True)


def resource_matches(pattern: str, arn: str) -> bool:
    return _glob(pattern, arn, ignore_case=False)


# ------------------------------------------------------------------------------------ condition operators

def _string_eq(a, b, ci=False):
    return a.lower() == b.lower() if ci else a == b


def _numeric(op):
    def compare(a, b):
        try:
            return op(float(a), float(b))
        except ValueError:
            return False
    return compare


_BASE = {
    "StringEquals": (lambda a, b: _string_eq(a, b), False),
    "StringNotEquals": (lambda a, b: _string_eq(a, b), True),
    "StringEqualsIgnoreCase": (lambda a, b: _string_eq(a, b, ci=True), False),
    "StringNotEqualsIgnoreCase": (lambda a, b: _string_eq(a, b, ci=True), True),
    "StringLike": (lambda a, b: _glob(b, a, ignore_case=False), False),
    "StringNotLike": (lambda a, b: _glob(b, a, ignore_case=False), True),
    "ArnEquals": (lambda a, b: a == b, False),
    "ArnNotEquals": (lambda a, b: a == b, True),
    "ArnLike": (lambda a, b: _glob(b, a, ignore_case=False), False),
    "ArnNotLike": (lambda a, b: _glob(b, a, ignore_case=False), True),
    "Bool": (lambda a, b: a.lower() == b.lower(), False),
    "NumericEquals": (_numeric(lambda a, b: a == b), False),
    "NumericNotEquals": (_numeric(lambda a, b: a == b), True),
    "NumericLessThan": (_numeric(lambda a, b: a < b), False),
    "NumericLessThanEquals": (_numeric(lambda a, b: a <= b), False),
    "NumericGreaterThan": (_numeric(lambda a, b: a > b), False),
    "NumericGreaterThanEquals": (_numeric(lambda a, b: a >= b), False),
}
OPERATORS = sorted(_BASE) + ["Null"]


def _lookup(context: dict, key: str):
    for k, v in context.items():      # condition key names are case-insensitive
        if k.lower() == key.lower():
            return [str(x).lower() if isinstance(x, bool) else str(x) for x in _as_list(v)]
    return None


def condition_holds(operator: str, key: str, expected, context: dict) -> bool:
    """One operator/key/values entry of a Condition block against the request context."""
    qualifier, _, op = operator.rpartition(":")
    if qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise CannotEvaluate(f"condition operator {operator!r}: unknown set qualifier {qualifier!r}")
    if_exists = op.endswith("IfExists") and op != "IfExists"
    base = op[: -len("IfExists")] if if_exists else op
    values = _lookup(context, key)
    wanted = [str(x).lower() if isinstance(x, bool) else str(x) for x in _as_list(expected)]
    if base == "Null":
        return (values is None) == (wanted[0].lower() == "true")
    if base not in _BASE:
        raise CannotEvaluate(f"condition operator {operator!r} is not modelled; check cannot tell whether "
                             f"it allows the request")
    match, negated = _BASE[base]
    if values is None:
        if if_exists:
            return True
        if qualifier == "ForAllValues":
            return True
        if qualifier == "ForAnyValue":
            return False
        return negated   # a negated operator matches when the key is absent (IAM docs, condition keys)

    def one(v):
        hit = any(match(v, w) for w in wanted)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(one(v) for v in values)
    return any(one(v) for v in values)


def conditions_hold(block: dict | None, context: dict) -> bool:
    for operator, entries in (block or {}).items():
        for key, expected in entries.items():
            if not condition_holds(operator, key, expected, context):
                return False
    return True


# ------------------------------------------------------------------------------------ statements

def _principal_matches(statement: dict, principal: str, account: str) -> bool:
    if "NotPrincipal" in statement:
        raise CannotEvaluate("NotPrincipal is not modelled")
    spec = statement.get("Principal")
    if spec is None:
        return True           # identity policy statement
    if spec == "*":
        return True
    for kind, names in spec.items():
        for name in _as_list(names):
            if name == "*" or name == principal:
                return True
            if kind == "AWS" and name in (account, f"arn:aws:iam::{account}:root") and \
                    principal.startswith(f"arn:aws:iam::{account}:"):
                return False  # the account: delegation to IAM policies, handled by the caller
    return False


def _delegates_to_account(statement: dict, account: str) -> bool:
    spec = statement.get("Principal")
    if not isinstance(spec, dict):
        return False
    return any(name in (account, f"arn:aws:iam::{account}:root") for name in _as_list(spec.get("AWS")))


def statement_applies(statement: dict, request: Request) -> bool:
    actions = statement.get("Action"), statement.get("NotAction")
    if actions[0] is not None:
        if not any(action_matches(p, request.action) for p in _as_list(actions[0])):
            return False
    elif actions[1] is not None:
        if any(action_matches(p, request.action) for p in _as_list(actions[1])):
            return False
    else:
        raise CannotEvaluate("statement without Action or NotAction")
    resources = statement.get("Resource"), statement.get("NotResource")
    if resources[0] is not None:
        if not any(resource_matches(p, request.resource) for p in _as_list(resources[0])):
            return False
    elif resources[1] is not None:
        if any(resource_matches(p, request.resource) for p in _as_list(resources[1])):
            return False
    elif "Principal" not in statement:
        raise CannotEvaluate("identity policy statement without Resource or NotResource")
    return conditions_hold(statement.get("Condition"), request.context)


def _statements(policy: dict | None) -> list[dict]:
    return _as_list((policy or {}).get("Statement"))


def evaluate(request: Request, identity_policies: list[dict], resource_policy: dict | None = None,
             *, account: str, key_policy: bool = False) -> Decision:
    """The decision for one request. identity_policies are the principal's policy documents (empty for a
    service principal); resource_policy the target's (KMS key policy with key_policy=True)."""
    identity_allow, resource_allow, account_delegated = [], [], False
    for policy in identity_policies:
        for st in _statements(policy):
            if statement_applies(st, request):
                if st.get("Effect") == "Deny":
                    return Decision(EXPLICIT_DENY, f"denied by identity policy statement {st.get('Sid', '')}")
                identity_allow.append(st)
    for st in _statements(resource_policy):
        if _delegates_to_account(st, account) and request.principal.startswith(f"arn:aws:iam::{account}:"):
            if statement_applies(st, request):
                if st.get("Effect") == "Deny":
                    return Decision(EXPLICIT_DENY, f"denied by resource policy statement {st.get('Sid', '')}")
                account_delegated = True
            continue
        if _principal_matches(st, request.principal, account) and statement_applies(st, request):
            if st.get("Effect") == "Deny":
                return Decision(EXPLICIT_DENY, f"denied by resource policy statement {st.get('Sid', '')}")
            resource_allow.append(st)
    if key_policy:
        if resource_allow:
            return Decision(ALLOWED, "allowed by the key policy")
        if account_delegated and identity_allow:
            return Decision(ALLOWED, "key policy delegates to IAM, identity policy allows")
        if not account_delegated:
            return Decision(IMPLICIT_DENY, "the key policy neither allows this principal nor delegates to IAM")
        return Decision(IMPLICIT_DENY, "no identity policy statement allows it (the key policy delegates to IAM)")
    if identity_allow or resource_allow:
        return Decision(ALLOWED, "allowed")
    return Decision(IMPLICIT_DENY, "no statement allows it")
