"""The IAM policy of the taskcat role (docs/taskcat-policy*.json), derived like the deployer policy.

taskcat 0.9.58 names what it creates itself (read in .venv-taskcat: taskcat/_dataclasses.py):
- stacks `tCaT-<test>-<6 hex>` with `shorten_stack_name: true` (TestObj.stack_name), so the nested stacks are
  `tCaT-<test>-<6 hex>-<Logical>-<suffix>` and every resource CloudFormation names after its stack starts with
  `tCaT-` (IAM roles, Lambda functions, log groups of unnamed resources, SNS topics);
- regional buckets `tcat-<uuid5 of the account>-<region>` (generate_regional_bucket_name, prefix "tcat").
Resources the templates name themselves (`llm-gateway-<EnvironmentName>`, `/llm-gateway/<env>/`) keep the
deployer policy's patterns: the tests' EnvironmentName is `tcd-<region>` or `tcp-<region>`.

Beyond what CloudFormation needs for the resources, the role needs what taskcat calls and what the cleanup
(deploy/retained.py) calls, listed below.
"""
from __future__ import annotations

import json

from docgen import deployer_policy

STACK_PREFIX = "tCaT-"
BUCKET_PREFIX = "tcat-"

# What taskcat 0.9.58 calls (taskcat/_cfn/stack.py, _s3_stage.py, _s3_sync.py, _dataclasses.py, testing/) and
# what `python -m deploy.retained sweep` calls.
TASKCAT_CALLS: dict[str, tuple[str, ...]] = {
    "cloudformation": ("CreateStack", "DeleteStack", "DescribeStackEvents", "DescribeStacks", "GetTemplate",
                       "ListStackResources", "ListTypes", "TagResource"),
    "s3": ("CreateBucket", "DeleteBucket", "DeleteObject", "GetBucketLocation", "GetBucketTagging", "GetObject",
           "ListBucket", "PutBucketPolicy", "PutBucketTagging", "PutObject"),
    "ec2": ("DescribeAvailabilityZones",),
    # deploy/retained.py: retained keys and final snapshots of the taskcat stacks
    "kms": ("Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey", "ListAliases", "ListKeys", "ListResourceTags",
            "ScheduleKeyDeletion"),
    "rds": ("DeleteDBSnapshot", "DescribeDBSnapshots", "ListTagsForResource"),
    "ssm": ("GetParameter", "GetParameters"),
}


def scopes() -> dict[tuple[str, str], tuple[str, ...]]:
    """The deployer policy's scopes, with taskcat's stack and bucket names beside (or instead of) the project's."""
    out = {}
    for key, patterns in deployer_policy.SCOPES.items():
        if key == ("cloudformation", "stack"):
            out[key] = (f"arn:*:cloudformation:*:*:stack/{STACK_PREFIX}*/*",)
        elif key[0] == "s3":
            suffix = "/*" if key[1] == "object" else ""
            out[key] = (f"arn:*:s3:::{BUCKET_PREFIX}*{suffix}",)
        else:
            named_after_stack = tuple(p.replace("llm-gateway-*", f"{STACK_PREFIX}*") for p in patterns
                                      if "llm-gateway-*" in p)
            out[key] = tuple(sorted(set(patterns) | set(named_after_stack)))
    return out


def policy_json(templates: dict[str, dict]) -> bytes:
    statements = deployer_policy.statements_data(templates, scopes=scopes(), calls=TASKCAT_CALLS)
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": s["sid"], "Effect": "Allow", "Action": s["actions"], "Resource": s["resources"]} for s in statements]}
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()


def policy_parts(templates: dict[str, dict]) -> dict[str, bytes]:
    """taskcat-policy-N.json: the same statements packed into documents that each fit a managed policy."""
    whole = json.loads(policy_json(templates))
    parts: list[list[dict]] = [[]]
    for statement in whole["Statement"]:
        candidate = {"Version": whole["Version"], "Statement": parts[-1] + [statement]}
        if parts[-1] and len(json.dumps(candidate, separators=(",", ":"))) > deployer_policy.MANAGED_POLICY_LIMIT:
            parts.append([])
        parts[-1].append(statement)
    return {f"taskcat-policy-{i}.json": (json.dumps({"Statement": statements, "Version": whole["Version"]},
                                                    indent=2, sort_keys=True) + "\n").encode()
            for i, statements in enumerate(parts, start=1)}
