"""Optional state of the data stack: the Ollama model cache (EFS), the shared cache (ElastiCache) that keeps
rate limits consistent across tasks, and the work-hours schedule that stops the dev database at night.

Each option's outputs always exist (empty when the option is off), so the service stack can be wired the
same way whatever is switched on.
"""
import json

from awacs import elasticfilesystem as awsefs
from awacs import rds as awsrds
from awacs.aws import Allow, Bool, Condition as PolicyCondition, Deny, PolicyDocument, Principal, Statement
from awacs.aws import Null
from troposphere import (
    And, Condition, Equals, GetAtt, If, Not, Output, Parameter, Ref, Select, Sub, Template,
)
from troposphere import ec2, efs, elasticache, iam, scheduler

from templates import grants
from templates.names import (  # noqa: F401  (re-exported)
    AZ_COUNT, MODEL_CACHE_ACCESS_POINT, MODEL_CACHE_FS, MODEL_CACHE_SG, PRIVATE_SUBNETS, REDIS_PORT,
    SHARED_CACHE_AUTH_ARN, SHARED_CACHE_HOST, SHARED_CACHE_PORT, SHARED_CACHE_SG, VPC_ID,
)
from templates.common import (
    SCHEDULE_TIMEZONE, Console, az_count_parameter, boolean_parameter, guard_skips, no_egress, schedule_timezone_parameter, tags,
)

MODEL_CACHE = "EnableModelCache"
SHARED_CACHE = "EnableSharedCache"
SHARED_CACHE_NODE = "SharedCacheNodeType"
SHARED_CACHE_NODES = "SharedCacheNodes"
DATABASE_SCHEDULE = "StopDatabaseOffHours"
DATABASE_STOP_CRON = "DatabaseStopCron"
DATABASE_START_CRON = "DatabaseStartCron"

SHARED_CACHE_SECRET = {"Name": "cache-auth", "Length": "64", "Alphabet": "alphanumeric"}
CRON_PATTERN = r"^cron\([^()]+\)$"


def parameters(t: Template, console: Console) -> None:
    t.add_parameter(Parameter(PRIVATE_SUBNETS, Type="List<AWS::EC2::Subnet::Id>",
                              Description="Private subnets (from the network stack)"))
    az_count_parameter(t)
    caches, schedule = "Model cache and shared cache", "Work-hours schedule"
    console.add(caches, "Model cache (EFS)", boolean_parameter(
        t, MODEL_CACHE, "Keep Ollama's models on encrypted EFS so a new task finds them instead of pulling ~2 GB"))
    console.add(caches, "Shared cache (ElastiCache)", boolean_parameter(
        t, SHARED_CACHE, "Redis-compatible cache shared by the tasks (rate limits hold across tasks; needed above "
                         "one task)"))
    console.add(caches, "Cache node type", Parameter(
        SHARED_CACHE_NODE, Type="String", Default="cache.t4g.micro",
        AllowedValues=["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium", "cache.m7g.large"],
        Description="ElastiCache node type", ConstraintDescription="one of the listed Graviton node types"))
    console.add(caches, "Cache nodes", Parameter(
        SHARED_CACHE_NODES, Type="String", Default="1", AllowedValues=["1", "2", "3"],
        Description="Cache nodes: 1, or 2-3 for a replica with automatic failover", ConstraintDescription="1, 2 or 3"))
    console.add(schedule, "Stop database off hours", boolean_parameter(
        t, DATABASE_SCHEDULE, "Stop the database at night and start it before work (dev)"))
    console.add(schedule, "Database stop (cron)", Parameter(
        DATABASE_STOP_CRON, Type="String", Default="cron(30 19 * * ? *)", AllowedPattern=CRON_PATTERN,
        Description="When to stop the database. Daily on purpose: RDS starts a stopped instance by itself after "
                    "7 days, and the next evening stops it again",
        ConstraintDescription="an EventBridge Scheduler cron expression, e.g. cron(30 19 * * ? *)"))
    console.add(schedule, "Database start (cron)", Parameter(
        DATABASE_START_CRON, Type="String", Default="cron(30 6 ? * MON-FRI *)", AllowedPattern=CRON_PATTERN,
        Description="When to start the database; before the service scales back up (ScaleUpCron)",
        ConstraintDescription="an EventBridge Scheduler cron expression, e.g. cron(30 6 ? * MON-FRI *)"))
    console.add(schedule, "Schedule time zone", schedule_timezone_parameter(t))
    t.add_condition("ModelCache", Equals(Ref(MODEL_CACHE), "true"))
    t.add_condition("ModelCacheThirdAz", And(Condition("ModelCache"), Equals(Ref(AZ_COUNT), "3")))
    t.add_condition("SharedCache", Equals(Ref(SHARED_CACHE), "true"))
    t.add_condition("SharedCacheReplicas", And(Condition("SharedCache"), Not(Equals(Ref(SHARED_CACHE_NODES), "1"))))
    t.add_condition("DatabaseSchedule", Equals(Ref(DATABASE_SCHEDULE), "true"))


def _security_group(t: Template, title: str, description: str, condition: str) -> ec2.SecurityGroup:
    return t.add_resource(ec2.SecurityGroup(
        title, Condition=condition, VpcId=Ref(VPC_ID), GroupDescription=description,
        SecurityGroupEgress=no_egress(), Tags=tags(title)))


def model_cache(t: Template, key) -> None:
    """EFS for /root/.ollama. Only a cache (the model can always be pulled again), so it goes with the stack."""
    sg = _security_group(t, "ModelCacheSecurityGroup",
                         "Ollama model cache: NFS from the tasks only (the service stack adds the rule)", "ModelCache")
    client_actions = [awsefs.ClientMount, awsefs.ClientWrite, awsefs.ClientRootAccess]
    policy = PolicyDocument(Version="2012-10-17", Statement=[
        Statement(Sid="DenyUnencryptedTransport", Effect=Deny, Principal=Principal("AWS", "*"),
                  Action=[awsefs.Action("*")], Resource=["*"],
                  Condition=PolicyCondition(Bool({"aws:SecureTransport": "false"}))),
        # Delegates to IAM: the task role's own policy names the access point (the file-system policy cannot:
        # the access point refers to the file system, so naming it here would be a circular dependency).
        Statement(Sid="AccountMountsThroughMountTargets", Effect=Allow,
                  Principal=Principal("AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
                  Action=client_actions, Resource=["*"],
                  Condition=PolicyCondition(Bool({"elasticfilesystem:AccessedViaMountTarget": "true"}))),
        # A mount without an access point has no elasticfilesystem:AccessPointArn: refuse it, so nobody reaches
        # the store outside the access point's /ollama root and its enforced identity.
        Statement(Sid="DenyMountsWithoutAnAccessPoint", Effect=Deny, Principal=Principal("AWS", "*"),
                  Action=client_actions, Resource=["*"],
                  Condition=PolicyCondition(Null({"elasticfilesystem:AccessPointArn": "true"}))),
    ])
    fs = t.add_resource(efs.FileSystem(
        "ModelCache", Condition="ModelCache", Encrypted=True, KmsKeyId=GetAtt(key, "Arn"),
        PerformanceMode="generalPurpose", ThroughputMode="elastic",
        BackupPolicy=efs.BackupPolicy(Status="DISABLED"),
        FileSystemTags=tags("model-cache"),
        Metadata=guard_skips({"CT.ELASTICFILESYSYSTEM.PR.2": "A cache of public model files that are pulled again "
                                                             "when missing: a backup would store copies of them"}),
    ))
    # troposphere types FileSystemPolicy as a plain dict; the awacs document renders the same way.
    fs.properties["FileSystemPolicy"] = policy
    for az in (1, 2, 3):
        t.add_resource(efs.MountTarget(
            f"ModelCacheMountTarget{az}", Condition="ModelCacheThirdAz" if az == 3 else "ModelCache",
            FileSystemId=Ref(fs), SubnetId=Select(az - 1, Ref(PRIVATE_SUBNETS)), SecurityGroups=[Ref(sg)]))
    point = t.add_resource(efs.AccessPoint(
        "ModelCacheAccessPoint", Condition="ModelCache", FileSystemId=Ref(fs),
        # The ollama image runs as root and keeps its store in /root/.ollama.
        PosixUser=efs.PosixUser(Uid="0", Gid="0"),
        RootDirectory=efs.RootDirectory(Path="/ollama", CreationInfo=efs.CreationInfo(
            OwnerUid="0", OwnerGid="0", Permissions="0750")),
        AccessPointTags=tags("model-cache"),
    ))
    for name, value in ((MODEL_CACHE_FS, Ref(fs)), (MODEL_CACHE_ACCESS_POINT, Ref(point)),
                        (MODEL_CACHE_SG, GetAtt(sg, "GroupId"))):
        t.add_output(Output(name, Value=If("ModelCache", value, ""), Description=f"{name} (empty when off)"))


def shared_cache(t: Template, key, secrets) -> None:
    sg = _security_group(t, "SharedCacheSecurityGroup",
                         "Shared cache: Redis from the tasks only (the service stack adds the rule)", "SharedCache")
    subnets = t.add_resource(elasticache.SubnetGroup(
        "SharedCacheSubnetGroup", Condition="SharedCache", Description="LLM gateway shared cache",
        SubnetIds=Ref(PRIVATE_SUBNETS), Tags=tags("shared-cache")))
    auth = Sub("{{resolve:ssm-secure:${Name}:${Version}}}", Name=GetAtt(secrets, "CacheAuthParameterName"),
               Version=GetAtt(secrets, "CacheAuthVersion"))
    group = t.add_resource(elasticache.ReplicationGroup(
        "SharedCache", Condition="SharedCache", ReplicationGroupDescription=Sub("LLM gateway ${EnvironmentName}"),
        Engine="redis", EngineVersion="7.1", CacheNodeType=Ref(SHARED_CACHE_NODE),
        NumCacheClusters=Ref(SHARED_CACHE_NODES), AutomaticFailoverEnabled=If("SharedCacheReplicas", True, False),
        MultiAZEnabled=If("SharedCacheReplicas", True, False), Port=REDIS_PORT,
        TransitEncryptionEnabled=True, AtRestEncryptionEnabled=True, KmsKeyId=GetAtt(key, "Arn"), AuthToken=auth,
        CacheSubnetGroupName=Ref(subnets), SecurityGroupIds=[GetAtt(sg, "GroupId")], AutoMinorVersionUpgrade=True,
        SnapshotRetentionLimit=1, Tags=tags("shared-cache"),
        Metadata=guard_skips({
            "CT.ELASTICACHE.PR.3": "Automatic failover needs a replica: it follows SharedCacheNodes (2-3 turn it on)",
            "CT.ELASTICACHE.PR.8": "Redis AUTH with a 64-character token generated by Custom::Secrets into SSM, TLS in "
                                   "transit; the tasks are the only client, so RBAC users would add nothing",
        }),
    ))
    for name, value in ((SHARED_CACHE_HOST, GetAtt(group, "PrimaryEndPoint.Address")),
                        (SHARED_CACHE_PORT, GetAtt(group, "PrimaryEndPoint.Port")),
                        (SHARED_CACHE_SG, GetAtt(sg, "GroupId")),
                        (SHARED_CACHE_AUTH_ARN, GetAtt(secrets, "CacheAuthParameterArn"))):
        t.add_output(Output(name, Value=If("SharedCache", value, ""), Description=f"{name} (empty when off)"))


def database_schedule(t: Template, database) -> None:
    """EventBridge Scheduler calls RDS directly (no Lambda): stop in the evening, start before work."""
    instance_arn = Sub(f"arn:${{AWS::Partition}}:rds:${{AWS::Region}}:${{AWS::AccountId}}:db:${{{database.title}}}")
    role = t.add_resource(iam.Role(
        "DatabaseScheduleRole", Condition="DatabaseSchedule",
        AssumeRolePolicyDocument=grants.service_trust("scheduler.amazonaws.com"),
        Policies=[iam.Policy(PolicyName="stop-and-start-the-database", PolicyDocument=PolicyDocument(Statement=[
            Statement(Effect=Allow, Action=[awsrds.StopDBInstance, awsrds.StartDBInstance],
                      Resource=[instance_arn])]))],
        Tags=tags("database-schedule"),
    ))
    for action, cron in (("stop", DATABASE_STOP_CRON), ("start", DATABASE_START_CRON)):
        t.add_resource(scheduler.Schedule(
            f"Database{action.title()}Schedule", Condition="DatabaseSchedule",
            Description=Sub(f"LLM gateway ${{EnvironmentName}}: {action} the database"),
            ScheduleExpression=Ref(cron), ScheduleExpressionTimezone=Ref(SCHEDULE_TIMEZONE),
            FlexibleTimeWindow=scheduler.FlexibleTimeWindow(Mode="OFF"),
            Target=scheduler.Target(
                Arn=Sub(f"arn:${{AWS::Partition}}:scheduler:::aws-sdk:rds:{action}DBInstance"),
                RoleArn=GetAtt(role, "Arn"),
                # A stop of a stopped instance (or a start of a running one) fails harmlessly: no retries.
                Input=Sub(json.dumps({"DbInstanceIdentifier": f"${{{database.title}}}"})),
                RetryPolicy=scheduler.RetryPolicy(MaximumRetryAttempts=0)),
        ))
