"""Fixed names the stack would create that already exist, and whose they are.

The names come from the resolved templates: every resource whose type has an account- or region-unique
name property set (NAMED), the SSM parameters each Custom::Secrets resource writes (ParameterPrefix +
Secrets[].Name), and the artifact bucket deploy/artifacts.py uses. A named type without a lookup here is
reported as "could not check", so a new fixed name in the templates cannot slip past unnoticed.
"""
from __future__ import annotations

from deploy import artifacts
from deploy.check.lifecycle import NAME_PROPERTIES
from deploy.preflight_model import GENERATED
from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED, Row, Unchecked, call

AREA = "names"
STACK_NAME_TAG = "aws:cloudformation:stack-name"
OWNER_TAG = "llm-gateway:managed-by"  # functions/secrets/handler.py's ownership tag
RELEASED_TAG = "llm-gateway:released-by"  # ... and its mark of a parameter kept by RetainOnDelete


def _tags(items, key="Key", value="Value") -> dict[str, str]:
    return {t[key]: t.get(value, "") for t in items or [] if key in t}


# --- lookups: None when absent, else the tags (None inside when the type has no tags) ------------------
def _log_group(aws, name):
    logs = aws.client("logs")
    resp = call(logs, "describe_log_groups", "logs:DescribeLogGroups", logGroupNamePrefix=name)
    group = next((g for g in resp.get("logGroups", []) if g.get("logGroupName") == name), None)
    if group is None:
        return None
    arn = group.get("logGroupArn") or str(group.get("arn", "")).removesuffix(":*")
    found = call(logs, "list_tags_for_resource", "logs:ListTagsForResource", resourceArn=arn)
    return {"tags": found.get("tags", {})}


def _db_instance(aws, name):
    resp = call(aws.client("rds"), "describe_db_instances", "rds:DescribeDBInstances",
                absent=("DBInstanceNotFound", "DBInstanceNotFoundFault"), DBInstanceIdentifier=name)
    if resp is None or not resp.get("DBInstances"):
        return None
    return {"tags": _tags(resp["DBInstances"][0].get("TagList"))}


def _kms_alias(aws, name):
    kms = aws.client("kms")
    resp = call(kms, "describe_key", "kms:DescribeKey", absent=("NotFoundException",), KeyId=name)
    if resp is None:
        return None
    key_id = resp["KeyMetadata"]["KeyId"]
    found = call(kms, "list_resource_tags", "kms:ListResourceTags", KeyId=key_id)
    return {"tags": _tags(found.get("Tags"), "TagKey", "TagValue")}


def _ecs_cluster(aws, name):
    resp = call(aws.client("ecs"), "describe_clusters", "ecs:DescribeClusters", clusters=[name], include=["TAGS"])
    cluster = next((c for c in resp.get("clusters", []) if c.get("status") != "INACTIVE"), None)
    if cluster is None:
        return None
    return {"tags": _tags(cluster.get("tags"), "key", "value")}


def _dashboard(aws, name):
    resp = call(aws.client("cloudwatch"), "get_dashboard", "cloudwatch:GetDashboard",
                absent=("ResourceNotFound", "ResourceNotFoundException"), DashboardName=name)
    return None if resp is None else {"tags": None}  # dashboards carry no tags


def _ssm_parameter(aws, name):
    ssm = aws.client("ssm")
    resp = call(ssm, "describe_parameters", "ssm:DescribeParameters",
                ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}])
    if not resp.get("Parameters"):
        return None
    found = call(ssm, "list_tags_for_resource", "ssm:ListTagsForResource", ResourceType="Parameter", ResourceId=name)
    return {"tags": _tags(found.get("TagList"))}


# type -> (name property, what it is, lookup, how to remove a leftover)
NAMED = {
    "AWS::Logs::LogGroup": ("LogGroupName", "log group", _log_group,
                            "aws logs delete-log-group --log-group-name {name} --region {region}"),
    "AWS::RDS::DBInstance": ("DBInstanceIdentifier", "DB instance", _db_instance,
                             "aws rds delete-db-instance --db-instance-identifier {name} "
                             "--final-db-snapshot-identifier {name}-before-redeploy --region {region}"),
    "AWS::KMS::Alias": ("AliasName", "KMS alias", _kms_alias,
                        "aws kms delete-alias --alias-name {name} --region {region}"),
    "AWS::ECS::Cluster": ("ClusterName", "ECS cluster", _ecs_cluster,
                          "aws ecs delete-cluster --cluster {name} --region {region}"),
    "AWS::CloudWatch::Dashboard": ("DashboardName", "dashboard", _dashboard,
                                   "aws cloudwatch delete-dashboards --dashboard-names {name} --region {region}"),
    "AWS::SSM::Parameter": ("Name", "SSM parameter", _ssm_parameter,
                            "aws ssm delete-parameter --name {name} --region {region}"),
}
# Account/region-unique names preflight has no lookup for (yet): reported, never silently passed. The name
# properties are check's (deploy/check/lifecycle.py), so both know the same fixed-name types.
UNCHECKED_NAMES = {kind: prop for kind, prop in NAME_PROPERTIES.items() if kind not in NAMED and
                   kind not in ("AWS::ECS::Service", "AWS::EC2::SecurityGroup")} | {
    "AWS::ElastiCache::ServerlessCache": "FinalSnapshotName",  # the snapshot taken when it is deleted
}
PERMISSIONS = ("logs:DescribeLogGroups", "logs:ListTagsForResource", "rds:DescribeDBInstances",
               "kms:DescribeKey", "kms:ListResourceTags", "ecs:DescribeClusters",
               "cloudwatch:GetDashboard", "ssm:DescribeParameters", "ssm:ListTagsForResource", "s3:ListBucket",
               "cloudformation:DescribeStacks", "cloudformation:ListStackResources")


def fixed_names(model) -> list[tuple[str, str, str]]:
    """(resource type, name, stack/logical id) of every fixed name the resolved templates create."""
    found = []
    for stack, logical_id, res in model.all_resources():
        kind, props = res.get("Type"), res.get("Properties") or {}
        where = f"{stack}/{logical_id}"
        prop = (NAMED.get(kind) or (UNCHECKED_NAMES.get(kind),))[0]
        name = props.get(prop) if prop else None
        if isinstance(name, str) and name and GENERATED not in name:
            found.append((kind, name, where))
    return found


def final_snapshots(model) -> list[Row]:
    """DeletionPolicy Snapshot: the template names no snapshot, CloudFormation names it when it deletes."""
    return [Row(AREA, f"final snapshot of {stack}/{logical_id}", PASSED,
                "no snapshot name in the template (DeletionPolicy Snapshot: CloudFormation names it)")
            for stack, logical_id, res in model.all_resources() if res.get("DeletionPolicy") == "Snapshot"]


def _ours(tags: dict | None, model, env: str) -> bool | None:
    if tags is None:
        return None
    stack = model.stack_name
    name = tags.get(STACK_NAME_TAG, "")
    owner = tags.get(OWNER_TAG, "")
    return (name == stack or name.startswith(f"{stack}-")
            or f":stack/{stack}/" in owner or f":stack/{stack}-" in owner
            or (tags.get("project") == "llm-gateway" and tags.get("environment") == env))


def _verdict(check: str, what: str, name: str, tags, live: set[str], model, env: str, fix: str) -> Row:
    if name in live:
        return Row(AREA, check, PASSED, f"{what} {name} exists: this stack's own")
    ours = _ours(tags, model, env)
    other = "use another EnvironmentName (stack names and resource names follow it)"
    if ours:
        return Row(AREA, check, BLOCKER,
                   f"{what} {name} exists, left by an earlier {model.stack_name} stack (retained on delete or "
                   f"leaked by a failed create); the create would stop with 'already exists'. Keep what you "
                   f"need from it, then `{fix}`, or {other}")
    whose = "whose it is cannot be told (the type carries no tags)" if ours is None else \
        "it is not this project's (no llm-gateway tags)"
    return Row(AREA, check, BLOCKER, f"{what} {name} exists and {whose}; the create would stop with 'already "
                                     f"exists'. {other.capitalize()}, or remove it if it is unused")


def named_resources(aws, model, env: str, live: set[str]) -> list[Row]:
    rows = final_snapshots(model)
    for kind, name, where in fixed_names(model):
        if kind in NAMED:
            _prop, what, lookup, fix = NAMED[kind]
            check = f"{what} {name}"
        else:
            rows.append(Row(AREA, f"{kind} {name}", UNCHECKED,
                            f"{where}: preflight has no lookup for {kind} names; check by hand that it is free"))
            continue
        try:
            found = lookup(aws, name)
        except Unchecked as exc:
            rows.append(Row(AREA, check, UNCHECKED, str(exc)))
            continue
        if found is None:
            rows.append(Row(AREA, check, PASSED, f"{what} {name} is free"))
        else:
            rows.append(_verdict(check, what, name, found["tags"], live, model, env,
                                 fix.format(name=name, region=model.region)))
    return rows


def secret_parameters(aws, model, env: str, live: set[str]) -> list[Row]:
    rows = []
    ssm = aws.client("ssm")
    for _stack, _logical_id, props in model.of_type("Custom::Secrets"):
        prefix = str(props.get("ParameterPrefix", "")).rstrip("/")
        names = [f"{prefix}/{s['Name']}" for s in props.get("Secrets") or [] if isinstance(s, dict)]
        check = f"SSM parameters under {prefix}/"
        if not names:
            continue
        try:
            resp = call(ssm, "describe_parameters", "ssm:DescribeParameters",
                        ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": names}])
            existing = sorted(p["Name"] for p in resp.get("Parameters", []))
            if not existing:
                rows.append(Row(AREA, check, PASSED, f"{len(names)} generated parameters, none exists yet"))
                continue
            if f"secrets:{prefix}" in live:
                rows.append(Row(AREA, check, PASSED, f"{len(existing)} exist: this stack's own"))
                continue
            tags = {n: _tags(call(ssm, "list_tags_for_resource", "ssm:ListTagsForResource",
                                  ResourceType="Parameter", ResourceId=n).get("TagList")) for n in existing}
        except Unchecked as exc:
            rows.append(Row(AREA, check, UNCHECKED, str(exc)))
            continue
        # Released by a Delete with RetainOnDelete: the secrets function adopts them with their values.
        released = [n for n in existing if tags[n].get(RELEASED_TAG) and tags[n][RELEASED_TAG] == tags[n].get(OWNER_TAG)]
        ours = [n for n in existing if n not in released and _ours(tags[n], model, env)]
        foreign = [n for n in existing if n not in released and n not in ours]
        if released:
            rows.append(Row(AREA, check, PASSED,
                            f"{', '.join(released)} exist, released by an earlier stack (RetainSecretsOnDelete): "
                            f"will be adopted with their values. To start fresh instead, `aws ssm "
                            f"delete-parameters --names {' '.join(released)} --region {model.region}` first"))
        if ours:
            rows.append(Row(AREA, check, BLOCKER,
                            f"{', '.join(ours)} exist, left by an earlier {model.stack_name} stack (RetainSecrets"
                            f"OnDelete, or a failed create); the secrets function refuses to overwrite them. "
                            f"`aws ssm delete-parameters --names {' '.join(ours)} --region {model.region}` "
                            f"(the old values are lost), or use another EnvironmentName"))
        if foreign:
            rows.append(Row(AREA, check, BLOCKER,
                            f"{', '.join(foreign)} exist and are not this project's (no {OWNER_TAG} tag of "
                            f"{model.stack_name}); the secrets function refuses to overwrite them. Use another "
                            f"EnvironmentName, or remove them if they are unused"))
    return rows


def artifact_bucket(aws, model) -> list[Row]:
    bucket = artifacts.bucket_name(model.account, model.region)
    check = f"artifact bucket {bucket}"
    resp = call(aws.client("s3"), "head_bucket", "s3:ListBucket", absent=("404", "NoSuchBucket", "NotFound"),
                Bucket=bucket, ExpectedBucketOwner=model.account)
    if resp is None:
        return [Row(AREA, check, PASSED, "free: deploy creates it")]
    return [Row(AREA, check, PASSED, f"exists in account {model.account}: deploy reuses it")]


def artifact_bucket_row(aws, model) -> list[Row]:
    """head_bucket answers 403 both for another account's bucket and for a missing permission."""
    try:
        return artifact_bucket(aws, model)
    except Unchecked as exc:
        bucket = artifacts.bucket_name(model.account, model.region)
        if "access denied" in str(exc):
            return [Row(AREA, f"artifact bucket {bucket}", BLOCKER,
                        f"exists but is not owned by account {model.account} (bucket names are global), or the "
                        f"caller lacks s3:ListBucket on it; deploy-stack will not upload there")]
        raise
