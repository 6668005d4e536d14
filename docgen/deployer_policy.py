"""The IAM policy for whoever runs `deploy-stack deploy` / `destroy`, derived from the rendered templates.

Two sources, no hand-kept list of resource permissions:
- every resource type in the rendered templates -> the IAM actions CloudFormation needs to create, read,
  update and delete it: the `handlers.{create,read,update,delete}.permissions` of that type's resource
  provider schema, as cfn-lint ships them (its package data, pinned in requirements/main.txt);
- each action's resource types (cfn-lint's copy of the service authorization reference) decide whether the
  action can be scoped to this project's names (`llm-gateway-*`, `/llm-gateway/*`) or needs `"*"`.
What deploy-stack itself calls (change sets, the artifact bucket, `secret get/set`, `status`) is listed below
with the function that calls it. A resource type with neither a schema with handlers nor a MANUAL entry is
reported by `uncovered_types`; tests/test_docs_generated.py fails on it.
"""
from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from awacs.aws import Action, Allow, PolicyDocument, Statement

HANDLERS = ("create", "read", "update", "delete")
SCHEMA_REGION = "us-east-1"
ACTION_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")

# Types whose provider schema has no handlers (or that have no schema): what CloudFormation calls for them.
MANUAL: dict[str, tuple[str, ...]] = {
    # CloudFormation-internal: no service API is called for a wait condition handle.
    "AWS::CloudFormation::WaitConditionHandle": (),
    # CloudFormation invokes the ServiceToken Lambda (SecretsFunction, in the data stack) for the caller.
    "Custom::Secrets": ("lambda:InvokeFunction",),
}

# (service, resource type of the authorization reference) -> ARN patterns of what this project creates.
# Names come from the templates (ClusterName, Family, LogGroupName, AliasName, DBInstanceIdentifier use
# `llm-gateway-<env>`; unnamed resources get `<stack name>-<LogicalId>-<suffix>`, and every stack deploy-stack
# makes is `llm-gateway-<env>` or its nested `llm-gateway-<env>-<Stack>-<suffix>`) and from deploy/
# (artifact bucket `llm-gateway-artifacts-<account>-<region>`, secrets under `/llm-gateway/<env>/`).
# An action is scoped when a resource type it names has patterns here: of those services, the stacks and
# deploy-stack touch only the project's own resources. Other actions get "*" (their resources are random ids,
# AWS-managed, or the action has no resource-level permissions).
LOG_GROUPS = ("arn:*:logs:*:*:log-group:/llm-gateway/*", "arn:*:logs:*:*:log-group:/aws/rds/instance/llm-gateway-*",
              "arn:*:logs:*:*:log-group:llm-gateway-*")
SCOPES: dict[tuple[str, str], tuple[str, ...]] = {
    ("cloudformation", "stack"): ("arn:*:cloudformation:*:*:stack/llm-gateway-*/*",),
    # change sets: deploy-stack names its own, CloudFormation names the nested ones (only TagResource uses this)
    ("cloudformation", "changeset"): ("arn:*:cloudformation:*:*:changeSet/*",),
    ("ecs", "cluster"): ("arn:*:ecs:*:*:cluster/llm-gateway-*",),
    ("ecs", "service"): ("arn:*:ecs:*:*:service/llm-gateway-*/*",),
    ("ecs", "task-definition"): ("arn:*:ecs:*:*:task-definition/llm-gateway-*:*",),
    ("ecs", "service-deployment"): ("arn:*:ecs:*:*:service-deployment/llm-gateway-*/*",),
    ("iam", "role"): ("arn:*:iam::*:role/llm-gateway-*",),
    ("lambda", "function"): ("arn:*:lambda:*:*:function:llm-gateway-*",),
    ("logs", "log-group"): LOG_GROUPS,
    ("logs", "log-stream"): LOG_GROUPS,  # log-group:NAME:log-stream:STREAM, matched by the same patterns
    ("s3", "bucket"): ("arn:*:s3:::llm-gateway-artifacts-*",),
    ("s3", "object"): ("arn:*:s3:::llm-gateway-artifacts-*/*",),
    ("sns", "topic"): ("arn:*:sns:*:*:llm-gateway-*",),
    ("ssm", "parameter"): ("arn:*:ssm:*:*:parameter/llm-gateway/*",),
}
# Actions whose resource is not one of ours by name: service-linked roles live under aws-service-role/.
ACTION_SCOPES: dict[str, tuple[str, ...]] = {
    "iam:CreateServiceLinkedRole": ("arn:*:iam::*:role/aws-service-role/*",),
}

# What deploy-stack calls itself, beyond what CloudFormation needs for the resources.
DEPLOY_STACK_CALLS: dict[str, tuple[str, ...]] = {
    # deploy/changeset.py, flow.py, stacks.py, events.py, destroy.py, inspect_cmd.py, execute.py, drift.py,
    # protect.py (stack policies, termination protection)
    "cloudformation": ("CreateChangeSet", "DeleteChangeSet", "DeleteStack", "DescribeChangeSet",
                       "DescribeStackDriftDetectionStatus", "DescribeStackEvents", "DescribeStackResourceDrifts",
                       "DescribeStacks", "DetectStackDrift", "ExecuteChangeSet", "GetTemplate", "ListChangeSets",
                       "ListStackResources", "SetStackPolicy", "TagResource", "UpdateTerminationProtection"),
    # deploy/artifacts.py: ensure_bucket (create, configure, head) and upload (list, put); CloudFormation
    # and Lambda read the templates and the function zip with the caller's credentials (GetObject).
    "s3": ("CreateBucket", "GetBucketVersioning", "GetObject", "ListBucket", "PutBucketOwnershipControls",
           "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketVersioning", "PutEncryptionConfiguration",
           "PutObject"),
    # deploy/secret.py (get, set with tags), and CloudFormation resolving {{resolve:ssm-secure:...}}
    "ssm": ("AddTagsToResource", "DescribeParameters", "GetParameter", "GetParameters", "PutParameter"),
    # deploy/inspect_cmd.py (status)
    "ecs": ("DescribeServices",),
    "elasticloadbalancing": ("DescribeTargetHealth",),
    # deploy/secret.py through SSM: SecureString values under /llm-gateway/ use the stack's key
    # (alias/llm-gateway/<env>); CloudFormation's ssm-secure resolution too; deploy/retained.py after a
    # destroy (the retained key's state, and its deletion when the user agrees)
    "kms": ("Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey", "ScheduleKeyDeletion"),
}
# What `deploy-stack preflight` (and deploy, before its change set) reads: deploy/preflight*.py. Read-only;
# tests/test_preflight_policy.py keeps this equal to deploy.preflight.PERMISSIONS.
PREFLIGHT_CALLS: dict[str, tuple[str, ...]] = {
    "bedrock": ("GetInferenceProfile", "ListFoundationModels"),
    "cloudformation": ("DescribeStacks", "ListStackResources"),
    "cloudwatch": ("GetDashboard", "GetMetricStatistics"),
    "ec2": ("DescribeAddresses", "DescribeAvailabilityZones", "DescribeInternetGateways", "DescribeVpcs"),
    "ecs": ("DescribeClusters",),
    "elasticache": ("DescribeCacheEngineVersions", "DescribeReservedCacheNodesOfferings"),
    "elasticloadbalancing": ("DescribeLoadBalancers",),
    "kms": ("DescribeKey", "ListResourceTags"),
    "lambda": ("GetAccountSettings",),
    "logs": ("DescribeLogGroups", "ListTagsForResource"),
    "rds": ("DescribeDBEngineVersions", "DescribeDBInstances", "DescribeOrderableDBInstanceOptions"),
    "s3": ("ListBucket",),
    "servicequotas": ("GetAWSDefaultServiceQuota", "GetServiceQuota"),
    "ssm": ("DescribeParameters", "ListTagsForResource"),
}


def _cfnlint_data() -> Path:
    spec = importlib.util.find_spec("cfnlint")  # locate the package without importing it (slow)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cfn-lint is not installed: its provider schemas are the source of the policy")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=None)
def _schema_index() -> dict[str, str]:
    return json.loads((_cfnlint_data() / "schemas" / "providers" / f"{SCHEMA_REGION}.json").read_text())


@lru_cache(maxsize=None)
def _authorization_reference() -> dict:
    return json.loads((_cfnlint_data() / "AdditionalSpecs" / "Policies.json").read_text())


@lru_cache(maxsize=None)
def schema_permissions(resource_type: str) -> tuple[str, ...] | None:
    """The create/read/update/delete handler permissions of a type's provider schema (None: no handlers)."""
    digest = _schema_index().get(resource_type)
    if digest is None:
        return None
    schema = json.loads((_cfnlint_data() / "schemas" / "resources" / f"{digest}.json").read_text())
    handlers = schema.get("handlers") or {}
    if not any(h in handlers for h in HANDLERS):
        return None
    return tuple(sorted({p for h in HANDLERS for p in (handlers.get(h) or {}).get("permissions", [])}))


def resource_types(templates: dict[str, dict]) -> list[str]:
    return sorted({res["Type"] for t in templates.values() for res in (t.get("Resources") or {}).values()})


def type_actions(templates: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """Resource type -> IAM actions, for every type that has an entry (schema handlers or MANUAL)."""
    found = {}
    for kind in resource_types(templates):
        actions = MANUAL[kind] if kind in MANUAL else schema_permissions(kind)
        if actions is not None:
            found[kind] = tuple(a for a in actions if ACTION_RE.match(a))
    return found


def uncovered_types(templates: dict[str, dict]) -> list[str]:
    covered = type_actions(templates)
    return [kind for kind in resource_types(templates) if kind not in covered]


def dropped_actions(templates: dict[str, dict]) -> list[str]:
    """Schema entries that are not IAM actions (e.g. `s3:REST.PUT.OBJECT`, an S3 log event name)."""
    listed = {a for kind in resource_types(templates) for a in (MANUAL.get(kind) or schema_permissions(kind) or ())}
    return sorted(a for a in listed if not ACTION_RE.match(a))


def _resources_for(action: str, scopes: dict | None = None) -> tuple[str, ...]:
    if action in ACTION_SCOPES:
        return ACTION_SCOPES[action]
    service, _, name = action.partition(":")
    entry = _authorization_reference().get(service, {}).get("Actions", {}).get(name.lower()) or {}
    patterns = {arn for kind in entry.get("Resources") or [] for arn in (scopes or SCOPES).get((service, kind), ())}
    return tuple(sorted(patterns)) or ("*",)


def _words(service: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", service))


def statements_data(templates: dict[str, dict], scopes: dict | None = None, calls: dict | None = None) -> list[dict]:
    """[{sid, actions, resources}]: per service, the actions on the project's resources, the actions that
    need "*", and actions with a scope of their own (ACTION_SCOPES). `scopes` and `calls` replace SCOPES and
    DEPLOY_STACK_CALLS for another caller (docgen/taskcat_policy.py)."""
    actions = {a for acts in type_actions(templates).values() for a in acts}
    for calls_of in ((calls,) if calls else (DEPLOY_STACK_CALLS, PREFLIGHT_CALLS)):
        actions |= {f"{service}:{name}" for service, names in calls_of.items() for name in names}
    grouped: dict[tuple[str, str], dict] = {}
    for action in sorted(actions):
        service = action.split(":")[0]
        resources = _resources_for(action, scopes)
        if action in ACTION_SCOPES:
            sid = f"{_words(service)}{action.split(':')[1]}"
        elif resources == ("*",):
            sid = f"{_words(service)}AnyResource"
        else:
            sid = f"{_words(service)}ProjectResources"
        entry = grouped.setdefault((service, sid), {"sid": sid, "actions": set(), "resources": set()})
        entry["actions"].add(action)
        entry["resources"].update(resources)
    return [{"sid": e["sid"], "actions": sorted(e["actions"], key=str.lower), "resources": sorted(e["resources"])}
            for _key, e in sorted(grouped.items())]


def policy_document(templates: dict[str, dict]) -> PolicyDocument:
    return PolicyDocument(Version="2012-10-17", Statement=[
        Statement(Sid=s["sid"], Effect=Allow, Resource=s["resources"],
                  Action=[Action(*a.split(":", 1)) for a in s["actions"]]) for s in statements_data(templates)])


def policy_json(templates: dict[str, dict]) -> bytes:
    """docs/deployer-policy.json: deterministic, two-space indented."""
    return (policy_document(templates).to_json(indent=2, sort_keys=True) + "\n").encode()


MANAGED_POLICY_LIMIT = 6144  # characters of a customer managed policy, whitespace not counted


def _size(document: dict) -> int:
    return len(json.dumps(document, separators=(",", ":")))


def policy_parts(templates: dict[str, dict]) -> dict[str, bytes]:
    """deployer-policy-N.json: the same statements packed into documents that each fit a managed policy."""
    whole = json.loads(policy_json(templates))
    parts: list[list[dict]] = [[]]
    for statement in whole["Statement"]:
        candidate = {"Version": whole["Version"], "Statement": parts[-1] + [statement]}
        if parts[-1] and _size(candidate) > MANAGED_POLICY_LIMIT:
            parts.append([])
        parts[-1].append(statement)
    return {f"deployer-policy-{i}.json": (json.dumps({"Statement": statements, "Version": whole["Version"]},
                                                     indent=2, sort_keys=True) + "\n").encode()
            for i, statements in enumerate(parts, start=1)}
