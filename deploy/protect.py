"""Server-side guards set after every successful deploy, so safety does not depend on the client:

- a stack policy on the parent (no Update:Replace / Update:Delete of the nested stacks that hold the database
  or the KMS key) and on those nested stacks (none of the database or the key itself);
- termination protection, on exactly when the environment's params turn DatabaseDeletionProtection on (prod).

With --allow-data-loss the policies are lifted for that one execution and set again afterwards.
"""
from __future__ import annotations

import json

from deploy import stacks

PROTECTED_TYPES = ("AWS::RDS::DBInstance", "AWS::KMS::Key")
TERMINATION_PARAMETER = "DatabaseDeletionProtection"


def _statement(effect: str, actions: list[str], resource: str) -> dict:
    return {"Effect": effect, "Principal": "*", "Action": actions, "Resource": resource}


def policy(logical_ids: list[str]) -> str:
    statements = [_statement("Allow", ["Update:*"], "*")]
    if logical_ids:
        statements.append(_statement("Deny", ["Update:Replace", "Update:Delete"],
                                     [f"LogicalResourceId/{lid}" for lid in sorted(logical_ids)]))
    return json.dumps({"Statement": statements}, sort_keys=True)


ALLOW_ALL = policy([])


def protected(templates: dict[str, dict], parent_file: str = "parent.yaml") -> dict[str, list[str]]:
    """Logical ids to protect: "" -> the parent's nested stacks that hold protected resources, and each such
    nested stack's logical id -> its protected resources. Drawn from dist/."""
    parent = templates.get(parent_file) or {}
    found: dict[str, list[str]] = {"": []}
    for logical, res in (parent.get("Resources") or {}).items():
        if not isinstance(res, dict) or res.get("Type") != stacks.NESTED_TYPE:
            continue
        url = json.dumps((res.get("Properties") or {}).get("TemplateURL", ""))
        for name, doc in templates.items():
            if name == parent_file or name not in url:
                continue
            ids = sorted(lid for lid, r in (doc.get("Resources") or {}).items()
                         if isinstance(r, dict) and r.get("Type") in PROTECTED_TYPES)
            if ids:
                found[""].append(logical)
                found[logical] = ids
    return found


def _nested_ids(cfn, stack_id: str) -> dict[str, str]:
    ids = {}
    for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_id):
        for res in page.get("StackResourceSummaries", []):
            if res.get("ResourceType") == stacks.NESTED_TYPE and res.get("PhysicalResourceId"):
                ids[res["LogicalResourceId"]] = res["PhysicalResourceId"]
    return ids


def set_policies(cfn, stack_id: str, plan: dict[str, list[str]], lift: bool = False) -> list[str]:
    """Apply the stack policies (or, with lift, allow-all ones); returns the stacks it set, for the message."""
    if not plan.get(""):
        return []
    cfn.set_stack_policy(StackName=stack_id, StackPolicyBody=ALLOW_ALL if lift else policy(plan[""]))
    done = ["parent"]
    nested = _nested_ids(cfn, stack_id)
    for logical in plan[""]:
        if logical in nested:
            cfn.set_stack_policy(StackName=nested[logical], StackPolicyBody=ALLOW_ALL if lift else policy(plan[logical]))
            done.append(logical)
    return done


def wanted_termination_protection(values: dict[str, str]) -> bool | None:
    """None: the template has no say (the parameter is absent)."""
    if TERMINATION_PARAMETER not in values:
        return None
    return values[TERMINATION_PARAMETER] == "true"


def sync_termination_protection(cfn, stack: dict, wanted: bool | None, console) -> None:
    if wanted is None or bool(stack.get("EnableTerminationProtection")) == wanted:
        return
    cfn.update_termination_protection(StackName=stack["StackId"], EnableTerminationProtection=wanted)
    console.info(f"Termination protection {'on' if wanted else 'off'} for {stack['StackName']} "
                 f"({TERMINATION_PARAMETER}={'true' if wanted else 'false'}).")
