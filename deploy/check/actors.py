"""The runtime actors and the AWS calls each makes, with the concrete ARNs AWS builds for them.

Each Call names who calls (a role or a service principal), the action, the resource ARN and the request's
condition keys, and which policies AWS evaluates: the caller's identity policies and the target's resource
policy (KMS key policy, EFS file-system policy, SNS topic policy, a role's trust policy). iam_findings()
evaluates every call with deploy/check/iam.py and reports the ones AWS would refuse.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from deploy.check import iam
from deploy.check.model import Finding, Model, identity_policies

TASK_ID = "0123456789abcdef0123456789abcdef"       # any ECS task id; stream names end with it
HANDLER = Path(__file__).resolve().parent.parent.parent / "functions" / "secrets" / "handler.py"
# `deploy-stack secret set NAME` writes <prefix>/<NAME>, encrypted with the KmsKeyArn output; provider keys
# are named <provider>-api-key (templates/providers.py)
USER_SECRET = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-api-key$")

# AWS managed policies a template attaches, as AWS publishes them (only the statements the actor needs).
MANAGED = {
    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole": {"Statement": [
        {"Sid": "EnableCreationAndManagementOfRDSCloudwatchLogGroups", "Effect": "Allow",
         "Action": ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], "Resource": ["arn:aws:logs:*:*:log-group:RDS*"]},
        {"Sid": "EnableCreationAndManagementOfRDSCloudwatchLogStreams", "Effect": "Allow",
         "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
         "Resource": ["arn:aws:logs:*:*:log-group:RDS*:log-stream:*"]}]},
}
# Inference profile prefixes and the regions each routes to (Bedrock "Supported Regions and models for
# inference profiles"); a profile call needs the profile ARN and the foundation model in every one of them.
PROFILE_REGIONS = {"us": ["us-east-1", "us-east-2", "us-west-2"], "eu": ["eu-central-1", "eu-west-1", "eu-west-3"],
                   "apac": ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"], "global": ["*"]}


@dataclass
class Call:
    actor: str
    resource: str                  # Stack/LogicalId whose permissions are exercised
    request: iam.Request
    identity: list[dict] = field(default_factory=list)
    resource_policy: dict | None = None
    key_policy: bool = False
    target: str = ""
    fix: str = ""
    must_allow: bool = True        # False: a least-privilege intent, the call must be refused


def handler_ssm_actions(path: Path = HANDLER) -> list[str]:
    """The SSM operations the secrets function calls, read from its source (ssm:PutParameter, ...)."""
    ops = sorted(set(re.findall(r'_ssm\(inv, "([a-z_]+)"', path.read_text())))
    return ["ssm:" + "".join(part.capitalize() for part in op.split("_")) for op in ops]


class Actors:
    def __init__(self, model: Model):
        self.m = model
        self.calls: list[Call] = []
        self.findings: list[Finding] = []
        self.keys = {self._getatt(k, lid, "Arn"): (k, lid, r) for k, lid, r in model.of_type("AWS::KMS::Key")}

    # ------------------------------------------------------------------ look-ups
    def _getatt(self, stack: str, logical_id: str, attribute: str):
        return self.m.physical.getatt(self.m.stacks[stack].evaluator, logical_id, attribute)

    def _ref(self, stack: str, logical_id: str):
        return self.m.physical.ref(self.m.stacks[stack].evaluator, logical_id)

    def _role(self, arn: str, actor: str, where: str):
        found = self.m.role_by_arn(arn)
        if found is None:
            self.findings.append(Finding("iam", where, actor, f"role {arn} is not created by these templates",
                                         "point the resource at the role the stack creates"))
            return None
        key, logical_id, role = found
        docs, unknown = identity_policies(role, MANAGED)
        for policy in unknown:
            self.findings.append(Finding("iam", f"{key}/{logical_id}", actor, f"cannot evaluate managed policy "
                                         f"{policy} (its content is not modelled)",
                                         "add its statements to deploy/check/actors.py MANAGED or use an inline policy"))
        return f"{key}/{logical_id}", role, docs

    def _trust(self, role_where: str, role: dict, service: str, actor: str, context: dict | None = None):
        arn = self._getatt(*role_where.split("/"), "Arn")
        self.calls.append(Call(actor, role_where, iam.Request("sts:AssumeRole", arn, service, context or {
            "aws:SourceAccount": self.m.account}), [], role["Properties"].get("AssumeRolePolicyDocument"),
            target=role_where, fix=f"let {service} assume the role in its AssumeRolePolicyDocument"))

    def _key_policy(self, key_arn: str):
        found = self.keys.get(key_arn)
        return (found[2]["Properties"].get("KeyPolicy"), f"{found[0]}/{found[1]}") if found else (None, None)

    def _kms(self, actor, where, principal, docs, key_arn, actions, context, fix):
        policy, key_where = self._key_policy(key_arn)
        if policy is None and re.search(r":alias/aws/", str(key_arn)):
            return   # an AWS managed key: its policy lets the account use it through the owning service
        if policy is None:
            self.findings.append(Finding("iam", where, actor, f"KMS key {key_arn} is not created by these "
                                         f"templates, its key policy cannot be evaluated",
                                         "use the stack's key (the data stack's KmsKeyArn)"))
            return
        for action in actions:
            self.calls.append(Call(actor, where, iam.Request(action, key_arn, principal, context), docs, policy,
                                   key_policy=True, target=key_where, fix=fix))

    # ------------------------------------------------------------------ actors
    def collect(self) -> "Actors":
        for key, logical_id, task in self.m.of_type("AWS::ECS::TaskDefinition"):
            self._task(key, logical_id, task)
        for key, logical_id, resource in self.m.of_type("Custom::Secrets"):
            self._secrets_function(key, logical_id, resource)
        for key, logical_id, schedule in self.m.of_type("AWS::Scheduler::Schedule"):
            self._scheduler(key, logical_id, schedule)
        for key, logical_id, flow_log in self.m.of_type("AWS::EC2::FlowLog"):
            self._flow_log(key, logical_id, flow_log)
        for key, logical_id, db in self.m.of_type("AWS::RDS::DBInstance"):
            self._monitoring(key, logical_id, db)
        for key, logical_id, group in self.m.of_type("AWS::Logs::LogGroup"):
            self._log_group_key(key, logical_id, group)
        for key, logical_id, alarm in self.m.of_type("AWS::CloudWatch::Alarm"):
            actions = (alarm["Properties"].get("AlarmActions") or []) + (alarm["Properties"].get("OKActions") or [])
            self._publish(key, logical_id, actions, "cloudwatch.amazonaws.com",
                          self.m.arn("cloudwatch", f"alarm:{logical_id}"), f"CloudWatch alarm {logical_id}")
        for key, logical_id, rule in self.m.of_type("AWS::Events::Rule"):
            targets = [t.get("Arn") for t in rule["Properties"].get("Targets") or []]
            self._publish(key, logical_id, targets, "events.amazonaws.com",
                          self.m.arn("events", f"rule/{logical_id}"), f"EventBridge rule {logical_id}")
        for key, logical_id, target in self.m.of_type("AWS::ApplicationAutoScaling::ScalableTarget"):
            self._scalable_target(key, logical_id, target)
        return self

    def _scalable_target(self, key, logical_id, target):
        props = target["Properties"]
        if props.get("ServiceNamespace") != "ecs":
            return
        services = set()
        for s_key, s_lid, _service in self.m.of_type("AWS::ECS::Service"):
            ev = self.m.stacks[s_key].evaluator
            cluster = ev.value(ev.template["Resources"][s_lid]["Properties"].get("Cluster"))
            services.add(f"service/{cluster}/{self.m.physical.getatt(ev, s_lid, 'Name')}")
        if props.get("ResourceId") not in services:
            self.findings.append(Finding("iam", f"{key}/{logical_id}", "application autoscaling",
                                         f"ResourceId {props.get('ResourceId')!r} names no ECS service these stacks "
                                         f"create ({', '.join(sorted(services)) or 'none'})",
                                         "build it as service/${Cluster}/${Service.Name}"))

    def _task(self, key, logical_id, task):
        props = task["Properties"]
        where = f"{key}/{logical_id}"
        execution = self._role(props["ExecutionRoleArn"], "ECS agent", where) if props.get("ExecutionRoleArn") else None
        task_role = self._role(props["TaskRoleArn"], "task containers", where) if props.get("TaskRoleArn") else None
        if execution:
            self._trust(execution[0], execution[1], "ecs-tasks.amazonaws.com", "ECS agent")
        if task_role:
            self._trust(task_role[0], task_role[1], "ecs-tasks.amazonaws.com", "task containers")
        for container in props.get("ContainerDefinitions") or []:
            name = container["Name"]
            if execution:
                self._pull(execution, name, container["Image"])
                self._awslogs(execution, name, container.get("LogConfiguration") or {})
                for secret in container.get("Secrets") or []:
                    self._task_secret(execution, name, secret)
            for mount in container.get("MountPoints") or []:
                volume = next((v for v in props.get("Volumes") or [] if v.get("Name") == mount["SourceVolume"]), {})
                if "EFSVolumeConfiguration" in volume:
                    self._efs_mount(task_role, name, volume["EFSVolumeConfiguration"], where)
        if task_role:
            self._bedrock(task_role, key)
            self._exec(task_role, key)

    def _exec(self, role, stack):
        """ECS Exec: the SSM agent in the task opens its channels with the task role."""
        if not any(s["Properties"].get("EnableExecuteCommand") in (True, "true")
                   for _k, _l, s in self.m.of_type("AWS::ECS::Service")):
            return
        principal = self._arn_role(role)
        for action in ("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                       "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"):
            self.calls.append(Call("ECS Exec agent in the task", role[0], iam.Request(action, "*", principal),
                                   role[2], fix=f"allow {action} on * in the task role when EnableEcsExec"))

    def _arn_role(self, role) -> str:
        return self._getatt(*role[0].split("/"), "Arn")

    def _pull(self, role, container, image: str):
        match = re.match(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([^:@]+)", image)
        if not match:
            return   # a public registry: no IAM call (the network path is checked in network.py)
        account, region, repo = match.groups()
        principal, actor = self._arn_role(role), f"ECS agent pulling {container}'s image"
        repo_arn = f"arn:aws:ecr:{region}:{account}:repository/{repo}"
        actions = [("ecr:GetAuthorizationToken", "*"), ("ecr:BatchCheckLayerAvailability", repo_arn),
                   ("ecr:GetDownloadUrlForLayer", repo_arn), ("ecr:BatchGetImage", repo_arn)]
        prefixes = [r["Properties"].get("EcrRepositoryPrefix") for _, _, r in
                    self.m.of_type("AWS::ECR::PullThroughCacheRule")]
        if any(p and repo.startswith(p + "/") for p in prefixes):
            # the first pull of a pull-through repository creates it and imports the image
            actions += [("ecr:BatchImportUpstreamImage", repo_arn), ("ecr:CreateRepository", repo_arn)]
        for action, resource in actions:
            self.calls.append(Call(actor, role[0], iam.Request(action, resource, principal), role[2],
                                   fix=f"allow {action} on {resource} in the execution role"))

    def _awslogs(self, role, container, config):
        if config.get("LogDriver") != "awslogs":
            return
        options = config.get("Options") or {}
        group, prefix = options.get("awslogs-group"), options.get("awslogs-stream-prefix")
        region = options.get("awslogs-region", self.m.region)
        stream = f"{prefix}/{container}/{TASK_ID}" if prefix else TASK_ID
        arn = f"arn:aws:logs:{region}:{self.m.account}:log-group:{group}:log-stream:{stream}"
        if self.m.owner(group) is None:
            self.findings.append(Finding("iam", role[0], f"ECS agent logging {container}",
                                         f"log group {group} is not created by these templates",
                                         "create the log group in the stack and point awslogs-group at it"))
        for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
            self.calls.append(Call(f"ECS agent (awslogs) for container {container}", role[0],
                                   iam.Request(action, arn, self._arn_role(role)), role[2],
                                   fix=f"allow {action} on arn:aws:logs:{region}:{self.m.account}:log-group:{group}"
                                       f":log-stream:* (a log group's Arn already ends in ':*': do not append "
                                       f"':log-stream:*' to it)"))

    def _known_parameters(self) -> dict[str, str]:
        """SSM parameter ARN -> KMS key ARN, for every parameter these stacks write."""
        out = {}
        for _key, _lid, res in self.m.of_type("Custom::Secrets"):
            props = res["Properties"]
            for secret in props.get("Secrets") or []:
                out[self.m.arn("ssm", f"parameter{props['ParameterPrefix']}/{secret['Name']}")] = props["KmsKeyId"]
        return out

    def _user_parameter(self, arn: str) -> str | None:
        """The KMS key of a parameter `deploy-stack secret set` writes, or None when the ARN is not one."""
        outputs = self.m.stacks["parent"].outputs
        prefix, key = outputs.get("SecretsPrefix"), outputs.get("KmsKeyArn")
        head = self.m.arn("ssm", f"parameter{prefix}/")
        if prefix and key and arn.startswith(head) and USER_SECRET.match(arn[len(head):]):
            return key
        return None

    def _task_secret(self, role, container, secret):
        ref = secret["ValueFrom"]
        arn = ref if ref.startswith("arn:") else self.m.arn("ssm", f"parameter{ref if ref.startswith('/') else '/' + ref}")
        actor = f"ECS agent reading secret {secret['Name']} for {container}"
        known = self._known_parameters()
        user_key = self._user_parameter(arn)
        if user_key:
            known[arn] = user_key
        if ":ssm:" in arn and arn not in known:
            self.findings.append(Finding("iam", role[0], actor, f"SSM parameter {arn} is written by nothing in "
                                         f"these stacks (no Custom::Secrets entry, not a `deploy-stack secret set` "
                                         f"<provider>-api-key name)",
                                         "use the ARN the secrets resource returns (GetAtt ...ParameterArn) or fix "
                                         "the name"))
            return
        principal = self._arn_role(role)
        self.calls.append(Call(actor, role[0], iam.Request("ssm:GetParameters", arn, principal), role[2],
                               fix=f"allow ssm:GetParameters on {arn} in the execution role"))
        if arn in known:
            self._kms(actor + " (decrypt)", role[0], principal, role[2], known[arn], ["kms:Decrypt"],
                      {"kms:ViaService": f"ssm.{self.m.region}.amazonaws.com",
                       "kms:EncryptionContext:PARAMETER_ARN": arn},
                      "allow kms:Decrypt on the stack key in the execution role (the key policy delegates to IAM)")

    def _efs_mount(self, task_role, container, config, where):
        actor = f"container {container} mounting EFS"
        if task_role is None:
            self.findings.append(Finding("iam", where, actor, "the task has no task role, IAM authorization has no "
                                         "identity", "give the task definition a TaskRoleArn"))
            return
        fs_id = config["FilesystemId"]
        owner = self.m.owner(fs_id)
        if owner is None:
            self.findings.append(Finding("iam", where, actor, f"file system {fs_id} is not created by these "
                                         f"templates", "pass the data stack's ModelCacheFileSystemId"))
            return
        fs = self.m.resource(*owner)
        fs_arn = self.m.arn("elasticfilesystem", f"file-system/{fs_id}")
        auth = config.get("AuthorizationConfig") or {}
        ap_id = auth.get("AccessPointId")
        context = {"aws:SecureTransport": config.get("TransitEncryption") == "ENABLED",
                   "elasticfilesystem:AccessedViaMountTarget": True}
        actions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        if ap_id:
            ap_owner = self.m.owner(ap_id)
            ap = self.m.resource(*ap_owner) if ap_owner else None
            if ap is None:
                self.findings.append(Finding("iam", where, actor, f"access point {ap_id} is not created by these "
                                             f"templates", "pass the data stack's ModelCacheAccessPointId"))
                return
            context["elasticfilesystem:AccessPointArn"] = self.m.arn("elasticfilesystem", f"access-point/{ap_id}")
            user = (ap["Properties"].get("PosixUser") or {})
            if str(user.get("Uid")) == "0":
                # EFS: with IAM authorization, a root client is squashed unless ClientRootAccess is allowed
                actions.append("elasticfilesystem:ClientRootAccess")
        if auth.get("IAM") != "ENABLED":
            return   # without IAM authorization EFS evaluates no identity (only the network path matters)
        policy = fs["Properties"].get("FileSystemPolicy")
        if policy is None:   # EFS's default file-system policy: full client access for anyone who can connect
            policy = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Resource": "*",
                                     "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                                                "elasticfilesystem:ClientRootAccess"]}]}
            ap_id = None   # nothing forces the access point then; the least-privilege call below does not apply
        principal = self._arn_role(task_role)
        for action in actions:
            self.calls.append(Call(actor, task_role[0], iam.Request(action, fs_arn, principal, dict(context)),
                                   task_role[2], policy, target=f"{owner[0]}/{owner[1]}",
                                   fix=f"allow {action} on {fs_arn} in the task role"))
        if ap_id and policy is not None:
            # the file-system policy is meant to force mounts through the access point: one without it must fail
            direct = {k: v for k, v in context.items() if k != "elasticfilesystem:AccessPointArn"}
            self.calls.append(Call(f"{actor} without the access point", task_role[0],
                                   iam.Request("elasticfilesystem:ClientMount", fs_arn, principal, direct),
                                   task_role[2], policy, target=f"{owner[0]}/{owner[1]}", must_allow=False,
                                   fix="condition the mount on elasticfilesystem:AccessPointArn (a Deny when it "
                                       "is not the access point's ARN, or the task role's Allow conditioned on it)"))

    def _bedrock(self, role, stack):
        ids = self.m.params[stack].get("BedrockModelIds")
        if not ids:
            return
        principal = self._arn_role(role)
        for model in ids.split(","):
            prefix, _, base = model.partition(".")
            if prefix in PROFILE_REGIONS and base:
                profile = self.m.arn("bedrock", f"inference-profile/{model}")
                # Bedrock authorizes the profile, then the foundation model in the region it routes to, with
                # the profile in the request context (condition key bedrock:InferenceProfileArn)
                targets = [(profile, {})] + [(f"arn:aws:bedrock:{r}::foundation-model/{base}",
                                              {"bedrock:InferenceProfileArn": profile}) for r in PROFILE_REGIONS[prefix]]
            else:
                targets = [(self.m.arn("bedrock", f"foundation-model/{model}", account=False), {})]
            for arn, context in targets:
                for action in ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"):
                    self.calls.append(Call(f"container litellm invoking bedrock/{model}", role[0],
                                           iam.Request(action, arn, principal, context), role[2],
                                           fix=f"allow {action} on {arn} in the task role (inference profiles "
                                               f"need the profile ARN and the foundation model in each region "
                                               f"the profile routes to)"))

    def _secrets_function(self, key, logical_id, resource):
        props = resource["Properties"]
        token = props.get("ServiceToken")
        fn = next(((k, lid, r) for k, lid, r in self.m.of_type("AWS::Lambda::Function")
                   if self._getatt(k, lid, "Arn") == token), None)
        if fn is None:
            return
        fn_where = f"{fn[0]}/{fn[1]}"
        role = self._role(fn[2]["Properties"]["Role"], "secrets function", fn_where)
        if role is None:
            return
        self._trust(role[0], role[1], "lambda.amazonaws.com", "secrets function")
        principal = self._arn_role(role)
        group = ((fn[2]["Properties"].get("LoggingConfig") or {}).get("LogGroup")
                 or f"/aws/lambda/{self._ref(fn[0], fn[1])}")
        stream = self.m.arn("logs", f"log-group:{group}:log-stream:2026/01/01/[$LATEST]{TASK_ID}")
        for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
            self.calls.append(Call("secrets function writing its logs", role[0],
                                   iam.Request(action, stream, principal), role[2],
                                   fix=f"allow {action} on its log group's streams"))
        for secret in props.get("Secrets") or []:
            arn = self.m.arn("ssm", f"parameter{props['ParameterPrefix']}/{secret['Name']}")
            for action in handler_ssm_actions():
                self.calls.append(Call(f"secrets function {action} {secret['Name']}", role[0],
                                       iam.Request(action, arn, principal), role[2],
                                       fix=f"allow {action} on {arn} in the function's role"))
            self._kms(f"secrets function encrypting {secret['Name']}", role[0], principal, role[2],
                      props["KmsKeyId"], ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
                      {"kms:ViaService": f"ssm.{self.m.region}.amazonaws.com",
                       "kms:EncryptionContext:PARAMETER_ARN": arn},
                      "allow kms:Encrypt/GenerateDataKey/Decrypt on the stack key in the function's role "
                      "(Decrypt: a retained secret is re-encrypted for the next stack on Delete)")

    def _scheduler(self, key, logical_id, schedule):
        target = schedule["Properties"]["Target"]
        match = re.match(r"^arn:aws:scheduler:::aws-sdk:rds:(\w+)$", target["Arn"])
        role = self._role(target["RoleArn"], "EventBridge Scheduler", f"{key}/{logical_id}")
        if not match or role is None:
            return
        self._trust(role[0], role[1], "scheduler.amazonaws.com", "EventBridge Scheduler")
        identifier = json.loads(target.get("Input") or "{}").get("DbInstanceIdentifier", "")
        if self.m.owner(identifier) is None:
            self.findings.append(Finding("iam", f"{key}/{logical_id}", "database schedule",
                                         f"DbInstanceIdentifier {identifier!r} is not the database these stacks "
                                         f"create", "use Ref to the DBInstance"))
        action = "rds:" + match.group(1)[0].upper() + match.group(1)[1:]
        arn = self.m.arn("rds", f"db:{identifier}")
        self.calls.append(Call(f"scheduler {logical_id}", role[0], iam.Request(action, arn, self._arn_role(role)),
                               role[2], fix=f"allow {action} on {arn} in the schedule's role"))

    def _flow_log(self, key, logical_id, flow_log):
        props = flow_log["Properties"]
        if props.get("LogDestinationType", "cloud-watch-logs") != "cloud-watch-logs":
            return
        role = self._role(props["DeliverLogsPermissionArn"], "VPC flow logs", f"{key}/{logical_id}")
        if role is None:
            return
        self._trust(role[0], role[1], "vpc-flow-logs.amazonaws.com", "VPC flow logs")
        stream = self.m.arn("logs", f"log-group:{props['LogGroupName']}:log-stream:eni-0123456789abcdef0-all")
        for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
            self.calls.append(Call("VPC flow logs delivery", role[0], iam.Request(action, stream, self._arn_role(role)),
                                   role[2], fix=f"allow {action} on the flow-log group's streams"))

    def _monitoring(self, key, logical_id, db):
        props = db["Properties"]
        if not props.get("MonitoringRoleArn") or str(props.get("MonitoringInterval", 0)) == "0":
            return
        role = self._role(props["MonitoringRoleArn"], "RDS enhanced monitoring", f"{key}/{logical_id}")
        if role is None:
            return
        self._trust(role[0], role[1], "monitoring.rds.amazonaws.com", "RDS enhanced monitoring")
        stream = self.m.arn("logs", "log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
            self.calls.append(Call("RDS enhanced monitoring", role[0],
                                   iam.Request(action, stream, self._arn_role(role)), role[2],
                                   fix="attach AmazonRDSEnhancedMonitoringRole to the monitoring role"))

    def _log_group_key(self, key, logical_id, group):
        key_arn = group["Properties"].get("KmsKeyId")
        if not key_arn:
            return
        name = self._ref(key, logical_id)
        context = {"kms:EncryptionContext:aws:logs:arn": self.m.arn("logs", f"log-group:{name}")}
        principal = f"logs.{self.m.region}.amazonaws.com"
        self._kms(f"CloudWatch Logs encrypting {name}", f"{key}/{logical_id}", principal, [], key_arn,
                  ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"], context,
                  f"allow {principal} in the key policy, conditioned on kms:EncryptionContext:aws:logs:arn")

    def _publish(self, key, logical_id, arns, principal, source_arn, actor):
        """A service principal publishing to a topic of these stacks: the topic policy, then the topic's key."""
        topics = {self._ref(k, lid): (k, lid, t) for k, lid, t in self.m.of_type("AWS::SNS::Topic")}
        for arn in sorted(set(arns)):
            if arn not in topics:
                continue
            tk, tlid, topic = topics[arn]
            policies = [p["Properties"]["PolicyDocument"] for _, _, p in self.m.of_type("AWS::SNS::TopicPolicy")
                        if arn in p["Properties"].get("Topics", [])]
            # no topic policy: SNS's default one lets only the owner account's principals publish
            policy = {"Statement": [s for p in policies for s in p.get("Statement", [])]}
            context = {"aws:SourceAccount": self.m.account, "aws:SourceArn": source_arn}
            self.calls.append(Call(f"{actor} publishing", f"{tk}/{tlid}",
                                   iam.Request("sns:Publish", arn, principal, context), [], policy,
                                   target=f"{tk}/{tlid}", fix=f"allow {principal} sns:Publish in the topic policy"))
            key_arn = topic["Properties"].get("KmsMasterKeyId")
            if key_arn and key_arn.startswith("arn:"):
                self._kms(f"{actor} publishing to the encrypted topic", f"{tk}/{tlid}", principal, [], key_arn,
                          ["kms:GenerateDataKey", "kms:Decrypt"], context,
                          f"allow {principal} kms:GenerateDataKey and kms:Decrypt in the key policy")


def iam_findings(model: Model) -> list[Finding]:
    """Every call AWS would refuse (or allow against a least-privilege intent); the actions one actor is refused
    on one ARN for the same reason are folded into one finding."""
    actors = Actors(model).collect()
    findings = list(actors.findings)
    folded: dict[tuple, list[str]] = {}
    fixes: dict[tuple, str] = {}
    for call in actors.calls:
        try:
            decision = iam.evaluate(call.request, call.identity, call.resource_policy, account=model.account,
                                    key_policy=call.key_policy)
        except iam.CannotEvaluate as exc:
            findings.append(Finding("iam", call.target or call.resource, call.actor, f"cannot evaluate "
                                    f"{call.request.action} on {call.request.resource}: {exc}",
                                    "use a condition operator check models, or extend deploy/check/iam.py"))
            continue
        if decision.allowed == call.must_allow:
            continue
        where = call.resource if not call.target or call.target == call.resource else f"{call.resource} -> {call.target}"
        key = (where, call.actor, call.request.resource, call.must_allow, decision.result, decision.why)
        if call.request.action not in folded.setdefault(key, []):
            folded[key].append(call.request.action)
        fixes.setdefault(key, call.fix)
    for (where, actor, resource, must_allow, result, why), actions in folded.items():
        verb = "is" if len(actions) == 1 else "are"
        if must_allow:
            problem = f"{', '.join(actions)} on {resource} {verb} refused ({result}: {why})"
        else:
            problem = f"{', '.join(actions)} on {resource} {verb} allowed, but must not be"
        fix = fixes[(where, actor, resource, must_allow, result, why)]
        findings.append(Finding("iam", where, actor, problem, fix if len(actions) == 1 else
                                fix.replace(actions[0], ", ".join(actions), 1)))
    return findings
