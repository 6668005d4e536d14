"""Data stack: everything stateful. KMS key, the generated secrets (Custom::Secrets), RDS PostgreSQL.

The secrets Lambda writes SecureString parameters under /llm-gateway/<env>/; RDS reads its master
password through a versioned `{{resolve:ssm-secure:...}}` reference, so a rotation (new RotationToken)
is a new version and CloudFormation updates the password.
"""
from awacs import kms as awskms
from awacs import logs as awslogs
from awacs import ssm as awsssm
from awacs.aws import (
    Allow, ArnLike, Condition as PolicyCondition, PolicyDocument, Principal, Statement, StringEquals,
)
from awacs.sts import AssumeRole
from troposphere import (
    AccountId, Equals, GetAtt, If, Join, NoValue, Output, Parameter, Ref, Sub, Template,
)
from troposphere import awslambda, ec2, iam, kms, logs, rds
from troposphere.cloudformation import CustomResource

from templates import data_options, network
from templates.common import (
    ENVIRONMENT_NAME, LOG_RETENTION, boolean_parameter, checkov_skips, environment_parameter,
    log_retention_parameter, no_egress, set_interface, tags,
)

# Parameters wired by the parent from other stacks.
VPC_ID = network.VPC_ID
DATABASE_SUBNETS = network.DATABASE_SUBNETS
ARTIFACT_BUCKET = "ArtifactBucket"
ARTIFACT_PREFIX = "ArtifactPrefix"

# Output names, imported by the parent and the service stack.
KMS_KEY_ARN = "KmsKeyArn"
DB_HOST = "DatabaseHost"
DB_PORT = "DatabasePort"
DB_NAME = "DatabaseName"
DB_USER = "DatabaseUser"
DB_SECURITY_GROUP = "DatabaseSecurityGroupId"
DB_INSTANCE_ID = "DatabaseInstanceId"
SECRETS_PREFIX = "SecretsPrefix"
MASTER_KEY_PARAMETER = "MasterKeyParameterName"
MASTER_KEY_ARN = "MasterKeyParameterArn"
SALT_KEY_ARN = "SaltKeyParameterArn"
DB_PASSWORD_ARN = "DatabasePasswordParameterArn"
SECRETS_VERSION = "SecretsVersion"

SECRETS_FUNCTION_ZIP = "secrets-function.zip"
SECRETS_PATH = "/llm-gateway/${EnvironmentName}"
POSTGRES_FAMILY = "postgres17"
DB_PORT_NUMBER = 5432
# Graviton classes: cheaper per vCPU than Intel, and supported by every current PostgreSQL 17 release.
DB_INSTANCE_CLASSES = ["db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large", "db.t4g.xlarge",
                       "db.m7g.large", "db.m7g.xlarge", "db.m7g.2xlarge", "db.r7g.large", "db.r7g.xlarge"]
# What the Custom::Secrets resource generates: name -> properties (see functions/secrets/handler.py).
SECRETS = {
    "master-key": {"Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-"},
    # LiteLLM encrypts stored provider keys with the salt key: it must never change, so it never rotates.
    "salt-key": {"Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-", "Rotatable": "false"},
    "db-password": {"Length": "40", "Alphabet": "password"},
}

MULTI_AZ = "DatabaseMultiAz"
DELETION_PROTECTION = "DatabaseDeletionProtection"
INSTANCE_CLASS = "DatabaseInstanceClass"
ENGINE_VERSION = "DatabaseEngineVersion"
STORAGE = "DatabaseAllocatedStorage"
MAX_STORAGE = "DatabaseMaxAllocatedStorage"
BACKUP_DAYS = "DatabaseBackupRetentionDays"
ROTATION_TOKEN = "SecretsRotationToken"
RETAIN_SECRETS = "RetainSecretsOnDelete"
DATABASE_NAME = "litellm"
DATABASE_USER = "litellm"


class SecretsResource(CustomResource):
    """Custom::Secrets, served by functions/secrets/handler.py."""
    resource_type = "Custom::Secrets"
    props = {"ServiceToken": (str, True), "ParameterPrefix": (str, True), "KmsKeyId": (str, True),
             "RotationToken": (str, False), "RetainOnDelete": (str, False), "Secrets": (list, True),
             "Tags": (list, False)}


def _parameters(t: Template) -> None:
    t.add_parameter(Parameter(VPC_ID, Type="AWS::EC2::VPC::Id", Description="VPC (from the network stack)"))
    t.add_parameter(Parameter(DATABASE_SUBNETS, Type="List<AWS::EC2::Subnet::Id>",
                              Description="Database subnets (from the network stack)"))
    t.add_parameter(Parameter(ARTIFACT_BUCKET, Type="String", Description="Bucket holding the Lambda package"))
    t.add_parameter(Parameter(ARTIFACT_PREFIX, Type="String", Description="Key prefix of the Lambda package"))
    t.add_parameter(Parameter(
        INSTANCE_CLASS, Type="String", Default="db.t4g.micro", AllowedValues=DB_INSTANCE_CLASSES,
        Description="RDS instance class (Graviton)", ConstraintDescription="one of the listed Graviton classes"))
    t.add_parameter(Parameter(
        ENGINE_VERSION, Type="String", Default="17.6", AllowedPattern=r"^17\.[0-9]{1,2}$",
        Description="PostgreSQL 17 minor version (minor upgrades also apply automatically)",
        ConstraintDescription="a PostgreSQL 17 version such as 17.6"))
    t.add_parameter(Parameter(
        STORAGE, Type="Number", Default=20, MinValue=20, MaxValue=1000, Description="Initial storage in GiB (gp3)",
        ConstraintDescription="20 to 1000 GiB"))
    t.add_parameter(Parameter(
        MAX_STORAGE, Type="Number", Default=100, MinValue=21, MaxValue=2000,
        Description="Storage autoscaling ceiling in GiB; must be above the initial storage",
        ConstraintDescription="21 to 2000 GiB, above DatabaseAllocatedStorage"))
    t.add_parameter(Parameter(
        BACKUP_DAYS, Type="Number", Default=7, MinValue=1, MaxValue=35, Description="Days of automated backups",
        ConstraintDescription="1 to 35 days"))
    boolean_parameter(t, MULTI_AZ, "Standby replica in a second AZ (doubles the instance cost)")
    boolean_parameter(t, DELETION_PROTECTION, "Refuse to delete the database (turn off before destroying)")
    log_retention_parameter(t)
    t.add_parameter(Parameter(
        ROTATION_TOKEN, Type="String", Default="initial", AllowedPattern=r"^[A-Za-z0-9._-]{1,64}$",
        Description="Change to rotate the master key and the database password (the salt key never rotates)",
        ConstraintDescription="1-64 letters, digits, '.', '_' or '-'"))
    boolean_parameter(t, RETAIN_SECRETS, "Keep the generated SSM secrets when the stack is deleted")
    data_options.parameters(t)
    set_interface(t, [
        ("Environment", [ENVIRONMENT_NAME]),
        ("Wiring (set by the parent stack)", [VPC_ID, DATABASE_SUBNETS, data_options.PRIVATE_SUBNETS,
                                              network.AZ_COUNT, ARTIFACT_BUCKET, ARTIFACT_PREFIX]),
        ("Database", [INSTANCE_CLASS, ENGINE_VERSION, STORAGE, MAX_STORAGE, BACKUP_DAYS, MULTI_AZ,
                      DELETION_PROTECTION]),
        ("Secrets and logs", [ROTATION_TOKEN, RETAIN_SECRETS, LOG_RETENTION]),
        *data_options.GROUPS,
    ], data_options.LABELS | {
        INSTANCE_CLASS: "Instance class", ENGINE_VERSION: "PostgreSQL version", STORAGE: "Storage (GiB)",
        MAX_STORAGE: "Storage ceiling (GiB)", BACKUP_DAYS: "Backup retention (days)", MULTI_AZ: "Multi-AZ",
        DELETION_PROTECTION: "Deletion protection", ROTATION_TOKEN: "Secrets rotation token",
        RETAIN_SECRETS: "Keep secrets on delete", LOG_RETENTION: "Log retention (days)",
    })
    t.add_condition("MultiAz", Equals(Ref(MULTI_AZ), "true"))
    t.add_condition("DeletionProtected", Equals(Ref(DELETION_PROTECTION), "true"))


def _key(t: Template) -> kms.Key:
    account_root = Principal("AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))
    key = t.add_resource(kms.Key(
        "Key", Description=Sub("LLM gateway ${EnvironmentName}: secrets, database and logs"),
        EnableKeyRotation=True, PendingWindowInDays=30,
        # Kept when the stack goes: the final database snapshot is encrypted with it.
        DeletionPolicy="Retain", UpdateReplacePolicy="Retain",
        KeyPolicy=PolicyDocument(Version="2012-10-17", Statement=[
            # Delegates to IAM: only principals of this account whose policies allow it can use the key.
            Statement(Sid="AccountAdministersAndDelegatesToIam", Effect=Allow, Principal=account_root,
                      Action=[awskms.Action("*")], Resource=["*"]),
            Statement(
                Sid="CloudWatchLogsEncryptsThisAccountsLogGroups", Effect=Allow,
                Principal=Principal("Service", Sub("logs.${AWS::Region}.amazonaws.com")),
                Action=[awskms.Encrypt, awskms.Decrypt, awskms.ReEncryptFrom, awskms.ReEncryptTo,
                        awskms.GenerateDataKey, awskms.GenerateDataKeyWithoutPlaintext, awskms.DescribeKey],
                Resource=["*"],
                Condition=PolicyCondition(ArnLike({"kms:EncryptionContext:aws:logs:arn": Sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*")})),
            ),
            # Alarms and EventBridge rules publish to the encrypted alarm topic of the service stack.
            Statement(
                Sid="CloudWatchAlarmsPublishToEncryptedTopic", Effect=Allow,
                Principal=Principal("Service", ["cloudwatch.amazonaws.com", "events.amazonaws.com"]),
                Action=[awskms.Decrypt, awskms.GenerateDataKey], Resource=["*"],
                Condition=PolicyCondition(StringEquals({"aws:SourceAccount": AccountId})),
            ),
        ]),
        Tags=tags("key"),
    ))
    t.add_resource(kms.Alias("KeyAlias", AliasName=Sub("alias/llm-gateway/${EnvironmentName}"),
                             TargetKeyId=Ref(key)))
    return key


def _log_group(t: Template, title: str, name: Sub, key) -> logs.LogGroup:
    return t.add_resource(logs.LogGroup(
        title, LogGroupName=name, RetentionInDays=Ref(LOG_RETENTION), KmsKeyId=GetAtt(key, "Arn"),
        DeletionPolicy="Retain", UpdateReplacePolicy="Retain", Tags=tags(title),
    ))


def _secrets(t: Template, key) -> CustomResource:
    log_group = _log_group(t, "SecretsFunctionLogGroup", Sub("/llm-gateway/${EnvironmentName}/secrets-function"),
                           key)
    parameter_arn = Sub(f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter{SECRETS_PATH}/*")
    role = t.add_resource(iam.Role(
        "SecretsFunctionRole",
        AssumeRolePolicyDocument=PolicyDocument(Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "lambda.amazonaws.com"), Action=[AssumeRole],
            Condition=PolicyCondition(StringEquals({"aws:SourceAccount": AccountId})))]),
        Policies=[iam.Policy(PolicyName="manage-generated-secrets", PolicyDocument=PolicyDocument(Statement=[
            Statement(Sid="WriteOwnLogs", Effect=Allow, Action=[awslogs.CreateLogStream, awslogs.PutLogEvents],
                      Resource=[GetAtt(log_group, "Arn")]),
            Statement(Sid="ManageParametersUnderPrefix", Effect=Allow, Resource=[parameter_arn], Action=[
                awsssm.PutParameter, awsssm.GetParameter, awsssm.DeleteParameter, awsssm.AddTagsToResource,
                awsssm.RemoveTagsFromResource, awsssm.ListTagsForResource]),
            Statement(Sid="EncryptWithStackKey", Effect=Allow, Resource=[GetAtt(key, "Arn")],
                      Action=[awskms.Encrypt, awskms.GenerateDataKey, awskms.DescribeKey]),
        ]))],
        Tags=tags("secrets-function"),
    ))
    function = t.add_resource(awslambda.Function(
        "SecretsFunction",
        Description="Generates the gateway's secrets as SSM SecureString parameters (Custom::Secrets)",
        Code=awslambda.Code(S3Bucket=Ref(ARTIFACT_BUCKET), S3Key=Sub(f"${{{ARTIFACT_PREFIX}}}/{SECRETS_FUNCTION_ZIP}")),
        Handler="handler.handler", Runtime="python3.13", Architectures=["arm64"], MemorySize=256, Timeout=120,
        Role=GetAtt(role, "Arn"), ReservedConcurrentExecutions=2,
        LoggingConfig=awslambda.LoggingConfig(LogGroup=Ref(log_group)),
        Tags=tags("secrets-function"),
        Metadata=checkov_skips(
            CKV_AWS_116="CloudFormation invokes it synchronously and gets every failure in the response document; "
                        "a DLQ would never receive anything",
            CKV_AWS_117="Calls only the SSM API; outside a VPC it needs no NAT or endpoint and runs before the "
                        "service stack exists",
            CKV_AWS_272="Package is built and uploaded by deploy-stack from this repository; code signing is not "
                        "set up for the artifact bucket"),
    ))
    return t.add_resource(SecretsResource(
        "Secrets", ServiceToken=GetAtt(function, "Arn"),
        ParameterPrefix=Sub(SECRETS_PATH), KmsKeyId=GetAtt(key, "Arn"), RotationToken=Ref(ROTATION_TOKEN),
        RetainOnDelete=Ref(RETAIN_SECRETS),
        Secrets=[{"Name": name, **spec} for name, spec in SECRETS.items()]
        + [If("SharedCache", data_options.SHARED_CACHE_SECRET, NoValue)],
        Tags=[{"Key": "project", "Value": "llm-gateway"}, {"Key": "environment", "Value": Ref(ENVIRONMENT_NAME)}],
        DeletionPolicy="Delete",
    ))


def _database(t: Template, key, secrets) -> tuple[rds.DBInstance, ec2.SecurityGroup]:
    subnet_group = t.add_resource(rds.DBSubnetGroup(
        "DatabaseSubnetGroup", DBSubnetGroupDescription=Sub("LLM gateway ${EnvironmentName} database subnets"),
        SubnetIds=Ref(DATABASE_SUBNETS), Tags=tags("database")))
    security_group = t.add_resource(ec2.SecurityGroup(
        "DatabaseSecurityGroup", VpcId=Ref(VPC_ID),
        GroupDescription="LiteLLM database: ingress is added by the service stack (tasks on 5432 only)",
        SecurityGroupEgress=no_egress(),
        Tags=tags("database"),
    ))
    parameters = t.add_resource(rds.DBParameterGroup(
        "DatabaseParameterGroup", Family=POSTGRES_FAMILY, Description="LiteLLM database: TLS only, slow-query log",
        Parameters={"rds.force_ssl": "1", "log_min_duration_statement": "1000", "log_connections": "1"},
        Tags=tags("database"),
    ))
    instance_id = Sub("llm-gateway-${EnvironmentName}")
    log_group = _log_group(t, "DatabaseLogGroup",
                           Sub("/aws/rds/instance/llm-gateway-${EnvironmentName}/postgresql"), key)
    monitoring_role = t.add_resource(iam.Role(
        "DatabaseMonitoringRole",
        AssumeRolePolicyDocument=PolicyDocument(Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "monitoring.rds.amazonaws.com"), Action=[AssumeRole])]),
        ManagedPolicyArns=[Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")],
        Tags=tags("database-monitoring"),
    ))
    password = Sub("{{resolve:ssm-secure:${Name}:${Version}}}", Name=GetAtt(secrets, "DbPasswordParameterName"),
                   Version=GetAtt(secrets, "DbPasswordVersion"))
    return t.add_resource(rds.DBInstance(
        "Database", DBInstanceIdentifier=instance_id, Engine="postgres", EngineVersion=Ref(ENGINE_VERSION),
        DBInstanceClass=Ref(INSTANCE_CLASS), DBName=DATABASE_NAME, Port=str(DB_PORT_NUMBER),
        MasterUsername=DATABASE_USER, MasterUserPassword=password,
        AllocatedStorage=Ref(STORAGE), MaxAllocatedStorage=Ref(MAX_STORAGE), StorageType="gp3",
        StorageEncrypted=True, KmsKeyId=GetAtt(key, "Arn"), PubliclyAccessible=False,
        DBSubnetGroupName=Ref(subnet_group), VPCSecurityGroups=[GetAtt(security_group, "GroupId")],
        DBParameterGroupName=Ref(parameters), MultiAZ=If("MultiAz", True, False),
        DeletionProtection=If("DeletionProtected", True, False), BackupRetentionPeriod=Ref(BACKUP_DAYS),
        CopyTagsToSnapshot=True, AutoMinorVersionUpgrade=True,
        EnableCloudwatchLogsExports=["postgresql", "upgrade"], EnableIAMDatabaseAuthentication=True,
        MonitoringInterval=60, MonitoringRoleArn=GetAtt(monitoring_role, "Arn"),
        EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=GetAtt(key, "Arn"),
        PerformanceInsightsRetentionPeriod=7,
        DeletionPolicy="Snapshot", UpdateReplacePolicy="Snapshot", DependsOn=[log_group.title],
        Tags=tags("database"),
        Metadata=checkov_skips(CKV_AWS_157="Multi-AZ is the DatabaseMultiAz parameter: on in staging and prod, off "
                                           "in dev to halve the cost"),
    )), security_group


def template() -> Template:
    t = Template(Description="LLM gateway: data (KMS key, generated secrets in SSM, RDS PostgreSQL)")
    environment_parameter(t)
    _parameters(t)
    key = _key(t)
    secrets = _secrets(t, key)
    database, security_group = _database(t, key, secrets)
    data_options.model_cache(t, key)
    data_options.shared_cache(t, key, secrets)
    data_options.database_schedule(t, database)

    def attribute_output(name: str, attribute: str, description: str) -> None:
        t.add_output(Output(name, Value=GetAtt(secrets, attribute), Description=description))

    t.add_output(Output(KMS_KEY_ARN, Value=GetAtt(key, "Arn"), Description="KMS key for secrets, database, logs"))
    t.add_output(Output(DB_HOST, Value=GetAtt(database, "Endpoint.Address"), Description="Database host"))
    t.add_output(Output(DB_PORT, Value=GetAtt(database, "Endpoint.Port"), Description="Database port"))
    t.add_output(Output(DB_NAME, Value=DATABASE_NAME, Description="Database name"))
    t.add_output(Output(DB_INSTANCE_ID, Value=Ref(database), Description="Database instance identifier"))
    t.add_output(Output(DB_USER, Value=DATABASE_USER, Description="Database user"))
    t.add_output(Output(DB_SECURITY_GROUP, Value=GetAtt(security_group, "GroupId"),
                        Description="Database security group (the service stack adds its ingress rule)"))
    t.add_output(Output(SECRETS_PREFIX, Value=Sub(SECRETS_PATH), Description="SSM path of the generated secrets"))
    attribute_output(MASTER_KEY_PARAMETER, "MasterKeyParameterName", "SSM parameter holding the LiteLLM master key")
    attribute_output(MASTER_KEY_ARN, "MasterKeyParameterArn", "ARN of the master key parameter")
    attribute_output(SALT_KEY_ARN, "SaltKeyParameterArn", "ARN of the salt key parameter")
    attribute_output(DB_PASSWORD_ARN, "DbPasswordParameterArn", "ARN of the database password parameter")
    t.add_output(Output(SECRETS_VERSION, Description="Versions of the rotatable secrets; changes on rotation",
                        Value=Join("-", [GetAtt(secrets, "MasterKeyVersion"), GetAtt(secrets, "DbPasswordVersion")])))
    return t
