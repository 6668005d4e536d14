"""Life cycle: create; failed create and rollback, then create again; destroy, then create again; an update
that replaces a named resource.

A resource with a fixed name (LogGroupName, DBInstanceIdentifier, RoleName, an alias, the SSM parameters
Custom::Secrets writes, ...) that survives a step collides with the next create ("already exists").
Custom::Secrets with RetainOnDelete keeps its parameters on Delete (a rollback sends Delete too); the handler
releases them and the next create under the same prefix adopts them (functions/secrets/handler.py, "Release and
adoption"), so they collide only if the handler that will run does not adopt: that is read from its source.
DeletionPolicy semantics (CloudFormation user guide, DeletionPolicy attribute): Retain keeps the resource on
stack delete and on the rollback of a failed create; RetainExceptOnCreate keeps it on delete but removes it
when the create that made it rolls back; Snapshot and Delete remove the resource itself.
"""
from __future__ import annotations

import re

from deploy.check.actors import HANDLER
from deploy.check.model import Finding, Model

# Resource type -> the property that fixes its physical name (unset: CloudFormation generates a unique one).
NAME_PROPERTIES = {
    "AWS::Logs::LogGroup": "LogGroupName", "AWS::RDS::DBInstance": "DBInstanceIdentifier",
    "AWS::RDS::DBParameterGroup": "DBParameterGroupName", "AWS::RDS::DBSubnetGroup": "DBSubnetGroupName",
    "AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::Lambda::Function": "FunctionName", "AWS::ECS::Cluster": "ClusterName", "AWS::ECS::Service": "ServiceName",
    "AWS::KMS::Alias": "AliasName", "AWS::S3::Bucket": "BucketName", "AWS::SSM::Parameter": "Name",
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "Name", "AWS::ElasticLoadBalancingV2::TargetGroup": "Name",
    "AWS::EC2::SecurityGroup": "GroupName", "AWS::ElastiCache::ReplicationGroup": "ReplicationGroupId",
    "AWS::ElastiCache::SubnetGroup": "CacheSubnetGroupName", "AWS::Scheduler::Schedule": "Name",
    "AWS::SecretsManager::Secret": "Name", "AWS::ECR::Repository": "RepositoryName",
    "AWS::CloudWatch::Alarm": "AlarmName", "AWS::CloudWatch::Dashboard": "DashboardName",
    "AWS::SNS::Topic": "TopicName", "AWS::SQS::Queue": "QueueName",
}
# Names unique inside their parent (a service in its cluster), not in the account.
CLUSTER_SCOPED = ("AWS::ECS::Service", "SSM parameters")
# Fixed names of things a resource creates besides itself.
EXTRA_NAMES = {"AWS::RDS::DBInstance": ("FinalDBSnapshotIdentifier",)}
# Properties whose change replaces the resource (CloudFormation resource reference, "Update requires:
# Replacement"), for the named types above. CloudFormation cannot replace a resource with a custom name.
REPLACING = {
    "AWS::RDS::DBInstance": ("DBName", "Engine", "KmsKeyId", "MasterUsername", "StorageEncrypted",
                             "DBClusterIdentifier", "CharacterSetName", "Timezone"),
    "AWS::Logs::LogGroup": (), "AWS::IAM::Role": ("Path",), "AWS::Lambda::Function": (),
    "AWS::ElastiCache::ReplicationGroup": ("Engine", "CacheSubnetGroupName", "AtRestEncryptionEnabled", "KmsKeyId"),
    "AWS::RDS::DBParameterGroup": ("Family", "Description"), "AWS::EC2::SecurityGroup": ("GroupDescription", "VpcId"),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("Scheme", "Type"),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("Port", "Protocol", "TargetType", "VpcId"),
}


def handler_adopts_released(path=None) -> bool:
    """Whether the secrets function releases what RetainOnDelete keeps and adopts it on the next create."""
    source = (path or HANDLER).read_text()
    return ('RELEASED_TAG = "llm-gateway:released-by"' in source and "_release_owned if retain" in source
            and "version = _adopt_param(" in source)


def _parameter_refs(node) -> set[str]:
    if isinstance(node, dict):
        if set(node) == {"Ref"}:
            return {node["Ref"]}
        if "Fn::Sub" in node and len(node) == 1:
            arg = node["Fn::Sub"]
            text = arg if isinstance(arg, str) else arg[0]
            found = set(re.findall(r"\$\{([A-Za-z0-9]+)\}", text))
            return found | (set().union(*map(_parameter_refs, arg[1].values())) if not isinstance(arg, str) else set())
        return set().union(*map(_parameter_refs, node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*map(_parameter_refs, node)) if node else set()
    return set()


class _Named:
    def __init__(self, where, kind, name, on_delete, on_rollback, how):
        self.where, self.kind, self.name = where, kind, name
        self.on_delete, self.on_rollback, self.how = on_delete, on_rollback, how


def named_resources(model: Model) -> list[_Named]:
    out = []
    adopts = handler_adopts_released()
    for key, stack in model.stacks.items():
        for logical_id, resource in stack.resources.items():
            kind, props = resource["Type"], resource["Properties"]
            policy = resource.get("DeletionPolicy", "Delete")
            where = f"{key}/{logical_id}"
            keep_delete = policy in ("Retain", "RetainExceptOnCreate")
            keep_rollback = policy == "Retain"
            prop = NAME_PROPERTIES.get(kind)
            if prop and props.get(prop):
                out.append(_Named(where, kind, props[prop], keep_delete, keep_rollback, f"{prop}, DeletionPolicy {policy}"))
            for extra in EXTRA_NAMES.get(kind, ()):
                if props.get(extra):
                    out.append(_Named(where, kind + " snapshot", props[extra], True, policy != "Delete",
                                      f"{extra} (a snapshot outlives its instance)"))
            if kind == "Custom::Secrets":
                retain = str(props.get("RetainOnDelete", "false")).lower() == "true"
                names = [f"{props['ParameterPrefix']}/{secret['Name']}" for secret in props.get("Secrets") or []]
                # the handler keeps them on Delete when RetainOnDelete (rollback sends Delete too) and refuses
                # to overwrite a parameter whose owner tag names another stack, unless it released them
                kept = retain and not adopts
                out.append(_Named(where, "SSM parameters", ", ".join(names), kept, kept,
                                  f"written by Custom::Secrets, RetainOnDelete {str(retain).lower()}"
                                  f"{'' if adopts else ', kept without adoption'}"))
    return out


def _collision(item: _Named) -> str:
    if item.kind == "SSM parameters":   # the secrets function refuses parameters another stack's resource owns
        return "'Refusing to overwrite SSM parameter' from the secrets function"
    return "'already exists'"


def lifecycle_findings(model: Model) -> list[Finding]:
    findings = []
    named = named_resources(model)
    env = model.params["parent"].get("EnvironmentName", "")
    seen: dict[tuple[str, str], str] = {}
    for item in named:
        key = (item.kind, str(item.name))
        if key in seen:
            findings.append(Finding("lifecycle", item.where, "create", f"{item.kind} name {item.name!r} is also "
                                    f"used by {seen[key]}", "give each resource its own name"))
        seen.setdefault(key, item.where)
        if env and env not in str(item.name) and item.kind not in CLUSTER_SCOPED:
            findings.append(Finding("lifecycle", item.where, "create beside another environment",
                                    f"fixed name {item.name!r} does not contain the environment, so a second "
                                    f"environment in this account collides", "put ${EnvironmentName} in the name"))
        if item.on_rollback:
            findings.append(Finding("lifecycle", item.where, "failed create, rollback, create again",
                                    f"{item.kind} {item.name!r} ({item.how}) survives the rollback"
                                    f"{' (and a destroy)' if item.on_delete else ''} and the next create stops "
                                    f"with {_collision(item)}",
                                    "use DeletionPolicy RetainExceptOnCreate, a generated name, or keep it out "
                                    "of a failed create" if item.kind != "SSM parameters" else
                                    "delete the parameters when a create rolls back (RetainOnDelete only for a "
                                    "stack that completed), or let the next create adopt them"))
        elif item.on_delete:
            findings.append(Finding("lifecycle", item.where, "destroy, then create again",
                                    f"{item.kind} {item.name!r} ({item.how}) survives the delete and the next "
                                    f"create stops with {_collision(item)}",
                                    "use a generated name, or have destroy remove (or the next create adopt) what "
                                    "it keeps"))
    for key, stack in model.stacks.items():
        raw = stack.evaluator.template["Resources"]
        for logical_id, resource in stack.resources.items():
            kind = resource["Type"]
            where = f"{key}/{logical_id}"
            if resource.get("DeletionPolicy") == "Retain" and not NAME_PROPERTIES.get(kind) in resource["Properties"]:
                findings.append(Finding("lifecycle", where, "failed create, rollback",
                                        f"{kind} with DeletionPolicy Retain is left behind by every failed create "
                                        f"(an orphan nobody deletes)", "use DeletionPolicy RetainExceptOnCreate"))
            prop = NAME_PROPERTIES.get(kind)
            if not prop or not resource["Properties"].get(prop):
                continue
            raw_props = raw[logical_id].get("Properties") or {}
            params = set(stack.evaluator.template.get("Parameters") or {})
            for replacing in REPLACING.get(kind, ()):
                changing = sorted(_parameter_refs(raw_props.get(replacing)) & params)
                if changing:
                    findings.append(Finding("lifecycle", where, f"update of {', '.join(changing)}",
                                            f"changing it replaces {replacing} of custom-named {kind} "
                                            f"{resource['Properties'][prop]!r}; CloudFormation cannot replace a "
                                            f"resource with a custom name and the update fails",
                                            f"drop {prop} (let CloudFormation name it) or make {replacing} fixed"))
    return findings
