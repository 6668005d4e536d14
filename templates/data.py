"""Data stack: everything stateful. KMS key, the generated secrets (Custom::Secrets), RDS PostgreSQL.

The secrets Lambda writes SecureString parameters under /llm-gateway/<env>/; RDS reads its master
password through a versioned `{{resolve:ssm-secure:...}}` reference, so a rotation (new RotationToken)
is a new version and CloudFormation updates the password.
"""
from awacs import kms as awskms
from awacs import ssm as awsssm
from awacs.aws import (
    Allow, ArnLike, BoolIfExists, Condition as PolicyCondition, Deny, PolicyDocument, Principal, Statement,
    StringEquals,
    StringLike,
)
from troposphere import (
    AccountId, Equals, GetAtt, If, Join, NoValue, Output, Parameter, Ref, Sub, Template,
)
from troposphere import awslambda, ec2, iam, kms, logs, rds
from troposphere.cloudformation import CustomResource

from templates import data_options, grants
from templates.names import (  # noqa: F401  (re-exported)
    ARTIFACT_BUCKET, ARTIFACT_PREFIX, AZ_COUNT, DATABASE_SUBNETS, DB_HOST, DB_INSTANCE_ID, DB_NAME,
    DB_PASSWORD_ARN, DB_PORT, DB_PORT_NUMBER, DB_SECURITY_GROUP, DB_USER, KMS_KEY_ARN, MASTER_KEY_ARN,
    MASTER_KEY_PARAMETER, SALT_KEY_ARN, SECRETS_PREFIX, SECRETS_VERSION, VPC_ID,
)
from templates.common import (
    ENVIRONMENT_NAME, LOG_RETENTION, RETENTION_IS_A_PARAMETER, Console, boolean_parameter, checkov_skips,
    environment_parameter, guard_skips, log_retention_parameter, no_egress, tags,
)

SECRETS_FUNCTION_ZIP = "secrets-function.zip"
SECRETS_PATH = "/llm-gateway/${EnvironmentName}"
POSTGRES_FAMILY = "postgres17"
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
    console = Console(t)
    console.group("Environment", ENVIRONMENT_NAME)
    console.group("Wiring (set by the parent stack)", VPC_ID, DATABASE_SUBNETS, data_options.PRIVATE_SUBNETS, AZ_COUNT,
                  ARTIFACT_BUCKET, ARTIFACT_PREFIX)
    console.add("Database", "Instance class", Parameter(
        INSTANCE_CLASS, Type="String", Default="db.t4g.micro", AllowedValues=DB_INSTANCE_CLASSES,
        Description="RDS instance class (Graviton)", ConstraintDescription="one of the listed Graviton classes"))
    console.add("Database", "PostgreSQL version", Parameter(
        ENGINE_VERSION, Type="String", Default="17.6", AllowedPattern=r"^17\.[0-9]{1,2}$",
        Description="PostgreSQL 17 minor version (minor upgrades also apply automatically)",
        ConstraintDescription="a PostgreSQL 17 version such as 17.6"))
    console.add("Database", "Storage (GiB)", Parameter(
        STORAGE, Type="Number", Default=20, MinValue=20, MaxValue=1000, Description="Initial storage in GiB (gp3)",
        ConstraintDescription="20 to 1000 GiB"))
    console.add("Database", "Storage ceiling (GiB)", Parameter(
        MAX_STORAGE, Type="Number", Default=100, MinValue=21, MaxValue=2000,
        Description="Storage autoscaling ceiling in GiB; must be above the initial storage",
        ConstraintDescription="21 to 2000 GiB, above DatabaseAllocatedStorage"))
    console.add("Database", "Backup retention (days)", Parameter(
        BACKUP_DAYS, Type="Number", Default=7, MinValue=7, MaxValue=35, Description="Days of automated backups",
        ConstraintDescription="7 to 35 days (AWS Control Tower CT.RDS.PR.8 asks for at least 7)"))
    console.add("Database", "Multi-AZ", boolean_parameter(
        t, MULTI_AZ, "Standby replica in a second AZ (doubles the instance cost)"))
    console.add("Database", "Deletion protection", boolean_parameter(
        t, DELETION_PROTECTION, "Refuse to delete the database (turn off before destroying)"))
    console.add("Secrets and logs", "Secrets rotation token", Parameter(
        ROTATION_TOKEN, Type="String", Default="initial", AllowedPattern=r"^[A-Za-z0-9._-]{1,64}$",
        Description="Change to rotate the master key and the database password (the salt key never rotates)",
        ConstraintDescription="1-64 letters, digits, '.', '_' or '-'"))
    console.add("Secrets and logs", "Keep secrets on delete", boolean_parameter(
        t, RETAIN_SECRETS, "Keep the generated SSM secrets when the stack is deleted"))
    console.add("Secrets and logs", "Log retention (days)", log_retention_parameter(t))
    data_options.parameters(t, console)
    console.done()
    t.add_condition("MultiAz", Equals(Ref(MULTI_AZ), "true"))
    t.add_condition("DeletionProtected", Equals(Ref(DELETION_PROTECTION), "true"))


def _key(t: Template) -> kms.Key:
    account_root = Principal("AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))
    key = t.add_resource(kms.Key(
        "Key", Description=Sub("LLM gateway ${EnvironmentName}: secrets, database and logs"),
        EnableKeyRotation=True, PendingWindowInDays=30,
        # Kept when the stack goes: the final database snapshot is encrypted with it. Not kept when the first
        # create fails (RetainExceptOnCreate): nothing was encrypted with it yet, and a retry would leave one
        # orphaned key per failed attempt. It has no fixed name (the alias, which has one, is deleted).
        DeletionPolicy="RetainExceptOnCreate", UpdateReplacePolicy="Retain",
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
            # Grants only for AWS resources (RDS, EFS, ElastiCache create them for the key's users): nobody can
            # hand out a standing grant to a principal of their choosing (Control Tower CT.KMS.PR.3).
            Statement(
                Sid="GrantsOnlyForAwsServices", Effect=Deny, Principal=Principal("AWS", "*"),
                Action=[awskms.CreateGrant], Resource=["*"],
                Condition=PolicyCondition(BoolIfExists({"kms:GrantIsForAWSResource": "false",
                                                        "aws:PrincipalIsAWSService": "false"})),
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


def _log_group(t: Template, title: str, key, name: Sub | None = None) -> logs.LogGroup:
    """A log group encrypted with the stack key.

    With a fixed name it goes with the stack (Delete): a retained group with a fixed name survives a failed
    create's rollback and a destroy, and the next create of the environment stops with "already exists".
    Without a name CloudFormation generates a unique one, so the group can outlive the stack
    (RetainExceptOnCreate: kept on destroy, removed when the first create fails) without ever colliding.
    """
    lifetime = ({"LogGroupName": name, "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"} if name else
                {"DeletionPolicy": "RetainExceptOnCreate", "UpdateReplacePolicy": "Retain"})
    return t.add_resource(logs.LogGroup(
        title, RetentionInDays=Ref(LOG_RETENTION), KmsKeyId=GetAtt(key, "Arn"), Tags=tags(title), **lifetime,
        Metadata=guard_skips({"CT.CLOUDWATCH.PR.2": f"LogRetentionDays: {RETENTION_IS_A_PARAMETER}"})))


def _secrets(t: Template, key) -> CustomResource:
    # The function's log is the record of which secrets were generated, rotated and deleted: it outlives the
    # stack under a generated name (the function finds it through LoggingConfig).
    log_group = _log_group(t, "SecretsFunctionLogGroup", key)
    parameter_arn = Sub(f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter{SECRETS_PATH}/*")
    role = t.add_resource(iam.Role(
        "SecretsFunctionRole",
        AssumeRolePolicyDocument=grants.service_trust("lambda.amazonaws.com"),
        Policies=[iam.Policy(PolicyName="manage-generated-secrets", PolicyDocument=PolicyDocument(Statement=[
            grants.log_write(log_group),
            Statement(Sid="ManageParametersUnderPrefix", Effect=Allow, Resource=[parameter_arn], Action=[
                awsssm.PutParameter, awsssm.GetParameter, awsssm.DeleteParameter, awsssm.AddTagsToResource,
                awsssm.RemoveTagsFromResource, awsssm.ListTagsForResource]),
            Statement(Sid="EncryptWithStackKey", Effect=Allow, Resource=[GetAtt(key, "Arn")],
                      Action=[awskms.Encrypt, awskms.GenerateDataKey, awskms.DescribeKey]),
            # A Delete with RetainSecretsOnDelete re-encrypts the kept values under the AWS managed key
            # alias/aws/ssm (its key policy lets the account's principals use it through SSM), so the next stack
            # of the environment, with a new key, can adopt them: it reads them back, only through SSM and only
            # for its own parameters.
            Statement(Sid="ReadOwnParametersToReleaseThem", Effect=Allow, Resource=[GetAtt(key, "Arn")],
                      Action=[awskms.Decrypt], Condition=PolicyCondition([
                          StringEquals({"kms:ViaService": Sub("ssm.${AWS::Region}.amazonaws.com")}),
                          StringLike({"kms:EncryptionContext:PARAMETER_ARN": parameter_arn})])),
        ]))],
        Tags=tags("secrets-function"),
    ))
    function = t.add_resource(awslambda.Function(
        "SecretsFunction",
        Description="Generates the gateway's secrets as SSM SecureString parameters (Custom::Secrets)",
        Code=awslambda.Code(S3Bucket=Ref(ARTIFACT_BUCKET), S3Key=Sub(f"${{{ARTIFACT_PREFIX}}}/{SECRETS_FUNCTION_ZIP}")),
        Handler="handler.handler", Runtime="python3.13", Architectures=["arm64"], MemorySize=256, Timeout=120,
        # No ReservedConcurrentExecutions: AWS refuses a reservation that leaves fewer than 100 unreserved
        # executions, and new accounts may have a concurrency quota of 10. CloudFormation calls it a few times
        # per deploy, one request at a time.
        Role=GetAtt(role, "Arn"),
        LoggingConfig=awslambda.LoggingConfig(LogGroup=Ref(log_group)),
        Tags=tags("secrets-function"),
        Metadata=checkov_skips(
            CKV_AWS_115="No reserved concurrency on purpose: AWS refuses a reservation that leaves fewer than 100 "
                        "unreserved executions, which new accounts (quota 10) cannot give",
            CKV_AWS_116="CloudFormation invokes it synchronously and gets every failure in the response document; "
                        "a DLQ would never receive anything",
            CKV_AWS_117="Calls only the SSM API; outside a VPC it needs no NAT or endpoint and runs before the "
                        "service stack exists",
            CKV_AWS_272="Package is built and uploaded by deploy-stack from this repository; code signing is not "
                        "set up for the artifact bucket") | guard_skips({
            "CT.LAMBDA.PR.3": "Calls only the SSM API; outside a VPC it needs no NAT or endpoint and runs before the "
                              "service stack exists"}),
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
    # RDS writes to this exact name, so it cannot be generated: it goes with the stack (the final snapshot keeps
    # the data; the logs of a destroyed environment are not worth a create that fails on "already exists").
    log_group = _log_group(t, "DatabaseLogGroup", key,
                           Sub("/aws/rds/instance/llm-gateway-${EnvironmentName}/postgresql"))
    monitoring_role = t.add_resource(iam.Role(
        "DatabaseMonitoringRole",
        AssumeRolePolicyDocument=grants.service_trust("monitoring.rds.amazonaws.com", same_account_only=False),
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
                                           "in dev to halve the cost") | guard_skips({
            "CT.RDS.PR.1": "Multi-AZ is the DatabaseMultiAz parameter: on in staging and prod, off in dev to halve "
                           "the cost",
            "CT.RDS.PR.13": "Deletion protection is the DatabaseDeletionProtection parameter: on in staging and prod, "
                            "off in dev so destroy works",
            "CT.RDS.PR.20": "A non-default port hides nothing from a scan inside the VPC; only the tasks' security "
                            "group may reach 5432",
        }, unresolved={"CT.RDS.PR.8": "BackupRetentionPeriod is DatabaseBackupRetentionDays (7 to 35 days); each "
                                      "environment's value is checked resolved"}),
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
