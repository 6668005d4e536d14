"""Service stack: ECS cluster and service (litellm + ollama), ALB, security groups, IAM, logs, alarms.

Traffic: client -> ALB (allowed CIDRs only; HTTPS when a certificate is given) -> litellm:4000 in a
private subnet -> ollama on 127.0.0.1:11434 in the same task, or a cloud model over HTTPS.
"""
from awacs import bedrock, ecr, elasticfilesystem as efs, kms as awskms, logs as awslogs, ssm as awsssm, ssmmessages
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import (
    Equals, GetAtt, If, Join, Not, NoValue, Or, Output, Parameter, Ref, Select, Split, Sub,
    Template,
)
from troposphere import cloudformation, ec2, ecs, iam, logs
from troposphere import elasticloadbalancingv2 as elb

from templates import (
    data, data_options, litellm_config, network, service_edge, service_monitoring, service_scaling, service_task,
)
from templates.common import (
    ENVIRONMENT_NAME, LOG_RETENTION, boolean_parameter, checkov_skips, environment_parameter,
    log_retention_parameter, no_egress, set_interface, tags,
)

# Parameters wired by the parent from the network and data stacks (same names as their outputs).
WIRED = {
    network.VPC_ID: "AWS::EC2::VPC::Id",
    network.PUBLIC_SUBNETS: "List<AWS::EC2::Subnet::Id>",
    network.PRIVATE_SUBNETS: "List<AWS::EC2::Subnet::Id>",
    data.DB_HOST: "String", data.DB_PORT: "String", data.DB_NAME: "String", data.DB_USER: "String",
    data.DB_SECURITY_GROUP: "AWS::EC2::SecurityGroup::Id", data.DB_INSTANCE_ID: "String",
    data.MASTER_KEY_ARN: "String", data.SALT_KEY_ARN: "String", data.DB_PASSWORD_ARN: "String",
    data.KMS_KEY_ARN: "String", data.SECRETS_PREFIX: "String", data.SECRETS_VERSION: "String",
    **{name: "String" for name in (
        data_options.MODEL_CACHE_FS, data_options.MODEL_CACHE_ACCESS_POINT, data_options.MODEL_CACHE_SG,
        data_options.SHARED_CACHE_HOST, data_options.SHARED_CACHE_PORT, data_options.SHARED_CACHE_SG,
        data_options.SHARED_CACHE_AUTH_ARN)},
}

# Output names.
ENDPOINT_URL = "EndpointUrl"
ENDPOINT_SECURITY = "EndpointSecurity"
CLUSTER_NAME = "ClusterName"
SERVICE_NAME = "ServiceName"
LOG_GROUP_NAME = "LogGroupName"
TARGET_GROUP_ARN = "TargetGroupArn"
LOAD_BALANCER_ARN = "LoadBalancerArn"

LITELLM_IMAGE = "LitellmImage"
OLLAMA_IMAGE = "OllamaImage"
OLLAMA_MODEL = "OllamaModel"
LOCAL_MODEL_NAME = "LocalModelName"
ENABLE_LOCAL_MODEL = "EnableLocalModel"
ENABLE_OPENAI = "EnableOpenAi"
ENABLE_ANTHROPIC = "EnableAnthropic"
BEDROCK_MODELS = "BedrockModelIds"
TASK_CPU = "TaskCpu"
TASK_MEMORY = "TaskMemory"
ARCHITECTURE = "CpuArchitecture"
TASK_PLACEMENT = "TaskPlacement"
ALLOWED_CIDRS = "AllowedCidrs"
CERTIFICATE_ARN = "CertificateArn"
ACCESS_LOGS_BUCKET = "AlbAccessLogsBucket"
ALB_DELETION_PROTECTION = "AlbDeletionProtection"
IDLE_TIMEOUT = "AlbIdleTimeoutSeconds"
GRACE_PERIOD = "HealthCheckGracePeriodSeconds"
ECS_EXEC = "EnableEcsExec"
ALARM_EMAIL = "AlarmEmail"

# The image default and the pip pin used by the guardrail e2e test are the same LiteLLM release.
LITELLM_IMAGE_DEFAULT = "ghcr.io/berriai/litellm-non_root:v1.106.12"
OLLAMA_IMAGE_DEFAULT = "ollama/ollama:0.12.10"
# registry/path then a tag (never latest or main-*) and/or a sha256 digest.
IMAGE_PATTERN = (r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+"
                 r"((:(?!latest$)(?!main-)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})(@sha256:[a-f0-9]{64})?"
                 r"|@sha256:[a-f0-9]{64})$")
CIDR_PATTERN = (r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
                r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$")
MAX_ALLOWED_CIDRS = 10
# Fargate CPU units -> the memory sizes (MiB) it allows. Below 1 vCPU a local model cannot run.
FARGATE_SIZES = {
    "1024": list(range(2048, 8193, 1024)),
    "2048": list(range(4096, 16385, 1024)),
    "4096": list(range(8192, 30721, 1024)),
    "8192": list(range(16384, 61441, 4096)),
    "16384": list(range(32768, 122881, 8192)),
}
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
# Conditions that switch a kind of model on, and the API key variable each cloud provider needs.
CLOUD_KEYS = {"OpenAi": ("OPENAI_API_KEY", "openai-api-key"), "Anthropic": ("ANTHROPIC_API_KEY", "anthropic-api-key")}


def _parameters(t: Template) -> None:
    for name, type_ in WIRED.items():
        t.add_parameter(Parameter(name, Type=type_, Description=f"{name} (wired by the parent stack)"))
    t.add_parameter(Parameter(
        LITELLM_IMAGE, Type="String", Default=LITELLM_IMAGE_DEFAULT, AllowedPattern=IMAGE_PATTERN,
        Description="LiteLLM image, pinned by version tag and/or sha256 digest",
        ConstraintDescription="registry/repository:tag or @sha256:<digest>; never latest or main-*"))
    t.add_parameter(Parameter(
        OLLAMA_IMAGE, Type="String", Default=OLLAMA_IMAGE_DEFAULT, AllowedPattern=IMAGE_PATTERN,
        Description="Ollama image, pinned by version tag and/or sha256 digest",
        ConstraintDescription="registry/repository:tag or @sha256:<digest>; never latest or main-*"))
    t.add_parameter(Parameter(
        OLLAMA_MODEL, Type="String", Default="llama3.2:3b", AllowedPattern=r"^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?$",
        Description="Model Ollama pulls at start (llama3.2:3b is about 2.0 GB, llama3.2:1b about 1.3 GB)",
        ConstraintDescription="an Ollama model name such as llama3.2:3b"))
    t.add_parameter(Parameter(
        LOCAL_MODEL_NAME, Type="String", Default="llama3.2-3b", AllowedPattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        Description="Name clients use for the local model in the OpenAI API",
        ConstraintDescription="1-64 letters, digits, '.', '_' or '-'"))
    boolean_parameter(t, ENABLE_LOCAL_MODEL, "Run Ollama beside LiteLLM in every task", default="true")
    boolean_parameter(t, ENABLE_OPENAI, "Expose openai/* models; needs `deploy-stack secret set openai-api-key` first")
    boolean_parameter(t, ENABLE_ANTHROPIC,
                      "Expose anthropic/* models; needs `deploy-stack secret set anthropic-api-key` first")
    t.add_parameter(Parameter(
        BEDROCK_MODELS, Type="CommaDelimitedList", Default="",
        Description="Bedrock model ids the task may invoke (exposed as bedrock/<id>); empty = Bedrock off"))
    t.add_parameter(Parameter(
        TASK_CPU, Type="String", Default="2048", AllowedValues=list(FARGATE_SIZES),
        Description="Task CPU units (1024 = 1 vCPU), shared by both containers",
        ConstraintDescription="1024, 2048, 4096, 8192 or 16384"))
    memory_values = sorted({m for sizes in FARGATE_SIZES.values() for m in sizes})
    t.add_parameter(Parameter(
        TASK_MEMORY, Type="String", Default="6144", AllowedValues=[str(m) for m in memory_values],
        Description="Task memory in MiB; must be a Fargate size for the chosen CPU (the model needs ~3 GB)",
        ConstraintDescription="a Fargate memory size valid for TaskCpu"))
    t.add_parameter(Parameter(
        ARCHITECTURE, Type="String", Default="X86_64", AllowedValues=["X86_64", "ARM64"],
        Description="CPU architecture of the tasks (ARM64 is about 20% cheaper)", ConstraintDescription="X86_64 or ARM64"))
    t.add_parameter(Parameter(
        TASK_PLACEMENT, Type="String", Default="private", AllowedValues=["private", "public"],
        Description="private: tasks in private subnets behind NAT; public: tasks in public subnets with a public IP "
                    "that only the ALB may reach (saves the NAT gateway; dev only)",
        ConstraintDescription="private or public"))
    service_scaling.parameters(t)
    t.add_parameter(Parameter(
        ALLOWED_CIDRS, Type="CommaDelimitedList", AllowedPattern=CIDR_PATTERN,
        Description=f"CIDR blocks allowed to reach the load balancer (1 to {MAX_ALLOWED_CIDRS}), e.g. 203.0.113.7/32",
        ConstraintDescription="IPv4 CIDR blocks separated by commas, e.g. 203.0.113.7/32,198.51.100.0/24"))
    t.add_parameter(Parameter(
        CERTIFICATE_ARN, Type="String", Default="", AllowedPattern=r"^(arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+)?$",
        Description="ACM certificate for HTTPS; empty = plain HTTP (not for production)",
        ConstraintDescription="an ACM certificate ARN or empty"))
    t.add_parameter(Parameter(
        ACCESS_LOGS_BUCKET, Type="String", Default="", AllowedPattern=r"^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$",
        Description="S3 bucket for ALB access logs (must allow ELB log delivery); empty = off",
        ConstraintDescription="an S3 bucket name or empty"))
    boolean_parameter(t, ALB_DELETION_PROTECTION, "Refuse to delete the load balancer")
    t.add_parameter(Parameter(
        IDLE_TIMEOUT, Type="Number", Default=660, MinValue=60, MaxValue=4000,
        Description="ALB idle timeout in seconds; above LiteLLM's 600 s request timeout for slow CPU answers",
        ConstraintDescription="60 to 4000 seconds"))
    t.add_parameter(Parameter(
        GRACE_PERIOD, Type="Number", Default=900, MinValue=60, MaxValue=3600,
        Description="Seconds ECS ignores failing load balancer health checks after a task starts (model pull)",
        ConstraintDescription="60 to 3600 seconds"))
    boolean_parameter(t, ECS_EXEC, "Allow `aws ecs execute-command` into the tasks (off unless debugging)")
    t.add_parameter(Parameter(
        ALARM_EMAIL, Type="String", Default="", AllowedPattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$",
        Description="Email address subscribed to the alarms topic (confirm the subscription mail); empty = none",
        ConstraintDescription="an email address or empty"))
    log_retention_parameter(t)
    set_interface(t, [
        ("Environment", [ENVIRONMENT_NAME]),
        ("Wiring (set by the parent stack)", list(WIRED)),
        ("Models", [LITELLM_IMAGE, OLLAMA_IMAGE, ENABLE_LOCAL_MODEL, OLLAMA_MODEL, LOCAL_MODEL_NAME, ENABLE_OPENAI,
                    ENABLE_ANTHROPIC, BEDROCK_MODELS]),
        ("Capacity", [TASK_CPU, TASK_MEMORY, ARCHITECTURE, TASK_PLACEMENT, GRACE_PERIOD, ECS_EXEC]),
        *service_scaling.GROUPS,
        ("Access", [ALLOWED_CIDRS, CERTIFICATE_ARN, IDLE_TIMEOUT, ACCESS_LOGS_BUCKET, ALB_DELETION_PROTECTION]),
        ("Monitoring", [ALARM_EMAIL, LOG_RETENTION]),
    ], {
        LITELLM_IMAGE: "LiteLLM image", OLLAMA_IMAGE: "Ollama image", ENABLE_LOCAL_MODEL: "Local model",
        OLLAMA_MODEL: "Ollama model", LOCAL_MODEL_NAME: "Local model API name", ENABLE_OPENAI: "OpenAI models",
        ENABLE_ANTHROPIC: "Anthropic models", BEDROCK_MODELS: "Bedrock model ids", TASK_CPU: "Task CPU units",
        TASK_MEMORY: "Task memory (MiB)", ARCHITECTURE: "CPU architecture",
        GRACE_PERIOD: "Health check grace period (s)", ECS_EXEC: "ECS Exec", ALLOWED_CIDRS: "Allowed CIDRs",
        CERTIFICATE_ARN: "Certificate ARN", IDLE_TIMEOUT: "ALB idle timeout (s)",
        ACCESS_LOGS_BUCKET: "ALB access logs bucket", ALB_DELETION_PROTECTION: "ALB deletion protection",
        ALARM_EMAIL: "Alarm email", LOG_RETENTION: "Log retention (days)", TASK_PLACEMENT: "Task placement",
    } | service_scaling.LABELS)


def _conditions(t: Template) -> None:
    t.add_condition("LocalModel", Equals(Ref(ENABLE_LOCAL_MODEL), "true"))
    t.add_condition("OpenAi", Equals(Ref(ENABLE_OPENAI), "true"))
    t.add_condition("Anthropic", Equals(Ref(ENABLE_ANTHROPIC), "true"))
    t.add_condition("Bedrock", Not(Equals(Join("", Ref(BEDROCK_MODELS)), "")))
    t.add_condition("Https", Not(Equals(Ref(CERTIFICATE_ARN), "")))
    t.add_condition("AccessLogs", Not(Equals(Ref(ACCESS_LOGS_BUCKET), "")))
    t.add_condition("AlbProtected", Equals(Ref(ALB_DELETION_PROTECTION), "true"))
    t.add_condition("EcsExec", Equals(Ref(ECS_EXEC), "true"))
    t.add_condition("PublicTasks", Equals(Ref(TASK_PLACEMENT), "public"))
    t.add_condition("ModelCache", Not(Equals(Ref(data_options.MODEL_CACHE_FS), "")))
    t.add_condition("SharedCache", Not(Equals(Ref(data_options.SHARED_CACHE_HOST), "")))
    t.add_condition("AlarmEmailGiven", Not(Equals(Ref(ALARM_EMAIL), "")))
    for index in range(1, MAX_ALLOWED_CIDRS):
        t.add_condition(f"HasCidr{index + 1}", Not(Equals(_cidr(index), "")))
    t.add_rule("AtLeastOneModel", {"Assertions": [{
        "Assert": Or(*(Equals(Ref(p), "true") for p in (ENABLE_LOCAL_MODEL, ENABLE_OPENAI, ENABLE_ANTHROPIC)),
                     Not(Equals(Join("", Ref(BEDROCK_MODELS)), ""))),
        "AssertDescription": "Enable at least one kind of model: local, OpenAI, Anthropic or Bedrock ids"}]})
    for cpu, sizes in FARGATE_SIZES.items():
        t.add_rule(f"FargateMemoryFor{cpu}Cpu", {
            "RuleCondition": Equals(Ref(TASK_CPU), cpu),
            "Assertions": [{"Assert": {"Fn::Contains": [[str(m) for m in sizes], Ref(TASK_MEMORY)]},
                            "AssertDescription": f"With TaskCpu {cpu}, TaskMemory must be one of "
                                                 f"{sizes[0]}-{sizes[-1]} MiB in Fargate steps"}]})


def _cidr(index: int):
    """The index-th allowed CIDR, or "" past the end of the list (the list is padded with empties)."""
    padded = Split(",", Join(",", [Join(",", Ref(ALLOWED_CIDRS)), "," * (MAX_ALLOWED_CIDRS - 1)]))
    return Select(index, padded)


def _security_groups(t: Template):
    alb_sg = t.add_resource(ec2.SecurityGroup(
        "LoadBalancerSecurityGroup", VpcId=Ref(network.VPC_ID),
        GroupDescription="Load balancer: HTTP(S) from the allowed CIDRs only",
        # Its only way out is the rule to the tasks (LoadBalancerToTasks), not the default allow-all.
        SecurityGroupEgress=no_egress(), Tags=tags("alb")))
    task_sg = t.add_resource(ec2.SecurityGroup(
        "TaskSecurityGroup", VpcId=Ref(network.VPC_ID),
        GroupDescription="LiteLLM tasks: 4000 from the load balancer; out to HTTPS and the database",
        SecurityGroupEgress=[ec2.SecurityGroupRule(
            IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="0.0.0.0/0",
            Description="HTTPS: image and model pulls, AWS APIs, cloud model providers")],
        Tags=tags("tasks")))
    for index in range(MAX_ALLOWED_CIDRS):
        condition = {"Condition": f"HasCidr{index + 1}"} if index else {}
        for port in (80, 443):
            t.add_resource(ec2.SecurityGroupIngress(
                f"LoadBalancerIngress{port}Cidr{index + 1}", GroupId=GetAtt(alb_sg, "GroupId"), IpProtocol="tcp",
                FromPort=port, ToPort=port, CidrIp=_cidr(index), Description="allowed client CIDR", **condition))
    t.add_resource(ec2.SecurityGroupEgress(
        "LoadBalancerToTasks", GroupId=GetAtt(alb_sg, "GroupId"), IpProtocol="tcp", FromPort=litellm_config.PORT,
        ToPort=litellm_config.PORT, DestinationSecurityGroupId=GetAtt(task_sg, "GroupId"),
        Description="to LiteLLM"))
    t.add_resource(ec2.SecurityGroupIngress(
        "TasksFromLoadBalancer", GroupId=GetAtt(task_sg, "GroupId"), IpProtocol="tcp", FromPort=litellm_config.PORT,
        ToPort=litellm_config.PORT, SourceSecurityGroupId=GetAtt(alb_sg, "GroupId"), Description="from the ALB"))
    t.add_resource(ec2.SecurityGroupEgress(
        "TasksToDatabase", GroupId=GetAtt(task_sg, "GroupId"), IpProtocol="tcp", FromPort=data.DB_PORT_NUMBER,
        ToPort=data.DB_PORT_NUMBER, DestinationSecurityGroupId=Ref(data.DB_SECURITY_GROUP),
        Description="to PostgreSQL"))
    t.add_resource(ec2.SecurityGroupIngress(
        "DatabaseFromTasks", GroupId=Ref(data.DB_SECURITY_GROUP), IpProtocol="tcp", FromPort=data.DB_PORT_NUMBER,
        ToPort=data.DB_PORT_NUMBER, SourceSecurityGroupId=GetAtt(task_sg, "GroupId"),
        Description="LiteLLM tasks"))
    for condition, group, port, what in (("ModelCache", data_options.MODEL_CACHE_SG, 2049, "model cache (NFS)"),
                                         ("SharedCache", data_options.SHARED_CACHE_SG, data_options.REDIS_PORT,
                                          "shared cache (Redis)")):
        t.add_resource(ec2.SecurityGroupEgress(
            f"TasksTo{condition}", Condition=condition, GroupId=GetAtt(task_sg, "GroupId"), IpProtocol="tcp",
            FromPort=port, ToPort=port, DestinationSecurityGroupId=Ref(group), Description=f"to the {what}"))
        t.add_resource(ec2.SecurityGroupIngress(
            f"{condition}FromTasks", Condition=condition, GroupId=Ref(group), IpProtocol="tcp", FromPort=port,
            ToPort=port, SourceSecurityGroupId=GetAtt(task_sg, "GroupId"), Description="LiteLLM tasks"))
    return alb_sg, task_sg


def _load_balancer(t: Template, alb_sg):
    def attribute(key, value):
        return elb.LoadBalancerAttributes(Key=key, Value=value)

    alb = t.add_resource(elb.LoadBalancer(
        "LoadBalancer", Scheme="internet-facing", Type="application", Subnets=Ref(network.PUBLIC_SUBNETS),
        SecurityGroups=[GetAtt(alb_sg, "GroupId")],
        LoadBalancerAttributes=[
            attribute("idle_timeout.timeout_seconds", Ref(IDLE_TIMEOUT)),
            attribute("routing.http.drop_invalid_header_fields.enabled", "true"),
            attribute("deletion_protection.enabled", If("AlbProtected", "true", "false")),
            attribute("access_logs.s3.enabled", If("AccessLogs", "true", "false")),
            If("AccessLogs", attribute("access_logs.s3.bucket", Ref(ACCESS_LOGS_BUCKET)), NoValue),
            If("AccessLogs", attribute("access_logs.s3.prefix", Sub("llm-gateway/${EnvironmentName}")), NoValue),
        ],
        Tags=tags("alb"),
        Metadata=checkov_skips(
            CKV_AWS_91="Access logs follow the AlbAccessLogsBucket parameter: the bucket needs an ELB delivery "
                       "policy the user owns",
            CKV_AWS_150="Deletion protection follows AlbDeletionProtection: on in prod, off in dev so destroy works"),
    ))
    target_group = t.add_resource(elb.TargetGroup(
        "TargetGroup", Port=litellm_config.PORT, Protocol="HTTP", TargetType="ip", VpcId=Ref(network.VPC_ID),
        HealthCheckPath="/health/liveliness", HealthCheckProtocol="HTTP", Matcher=elb.Matcher(HttpCode="200"),
        HealthCheckIntervalSeconds=30, HealthCheckTimeoutSeconds=10, HealthyThresholdCount=2,
        UnhealthyThresholdCount=5,
        # Long CPU answers finish before a draining task goes (Spot reclaim, deploys).
        TargetGroupAttributes=[elb.TargetGroupAttribute(Key="deregistration_delay.timeout_seconds", Value="120")],
        Tags=tags("litellm"),
    ))
    forward = [elb.Action(Type="forward", TargetGroupArn=Ref(target_group))]
    https = t.add_resource(elb.Listener(
        "HttpsListener", Condition="Https", LoadBalancerArn=Ref(alb), Port=443, Protocol="HTTPS",
        SslPolicy=TLS_POLICY, Certificates=[elb.Certificate(CertificateArn=Ref(CERTIFICATE_ARN))],
        DefaultActions=forward, Tags=tags("https")))
    http = t.add_resource(elb.Listener(
        "HttpListener", LoadBalancerArn=Ref(alb), Port=80, Protocol="HTTP",
        DefaultActions=If("Https", [elb.Action(Type="redirect", RedirectConfig=elb.RedirectConfig(
            Protocol="HTTPS", Port="443", StatusCode="HTTP_301"))], forward), Tags=tags("http"),
        Metadata=checkov_skips(CKV_AWS_2="Redirects to HTTPS when CertificateArn is set; plain HTTP only without "
                                         "a certificate, flagged in the EndpointSecurity output"),
    ))
    # Only the served routes reach LiteLLM; the rest gets a 404 from the load balancer (service_edge).
    return alb, target_group, [https, http, *service_edge.restrict_routes(t, https, http, target_group)]


def _listeners_ready(t: Template, listeners: list):
    """A no-op resource that depends on every listener, even the conditional one.

    ECS refuses a target group that no listener uses yet, and DependsOn cannot name a resource that a
    condition may leave out; referencing it through If in Metadata can.
    """
    return t.add_resource(cloudformation.WaitConditionHandle("ListenersReady", Metadata={
        listener.title: If(listener.Condition, Ref(listener), "") if hasattr(listener, "Condition") else Ref(listener)
        for listener in listeners}))


def _cloud_key_arn(name: str) -> Sub:
    """ARN of an API key that `deploy-stack secret set <name>` stores beside the generated secrets."""
    return Sub(f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter${{{data.SECRETS_PREFIX}}}/{name}")


def _roles(t: Template, log_group):
    ecs_trust = PolicyDocument(Statement=[Statement(
        Effect=Allow, Principal=Principal("Service", "ecs-tasks.amazonaws.com"), Action=[AssumeRole])])
    parameter_arns = [Ref(data.MASTER_KEY_ARN), Ref(data.SALT_KEY_ARN), Ref(data.DB_PASSWORD_ARN),
                      If("SharedCache", Ref(data_options.SHARED_CACHE_AUTH_ARN), NoValue)] + [
        If(condition, _cloud_key_arn(name), NoValue) for condition, (_, name) in CLOUD_KEYS.items()]
    execution = t.add_resource(iam.Role(
        "ExecutionRole", AssumeRolePolicyDocument=ecs_trust, Tags=tags("execution-role"),
        Policies=[iam.Policy(PolicyName="start-tasks", PolicyDocument=PolicyDocument(Statement=[
            Statement(Sid="EcrLogin", Effect=Allow, Action=[ecr.GetAuthorizationToken], Resource=["*"]),
            Statement(Sid="PullFromThisAccountsEcr", Effect=Allow,
                      Action=[ecr.BatchCheckLayerAvailability, ecr.BatchGetImage, ecr.GetDownloadUrlForLayer],
                      Resource=[Sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*")]),
            Statement(Sid="WriteTaskLogs", Effect=Allow, Action=[awslogs.CreateLogStream, awslogs.PutLogEvents],
                      Resource=[Sub("${Group}:log-stream:*", Group=GetAtt(log_group, "Arn"))]),
            Statement(Sid="ReadTaskSecrets", Effect=Allow, Action=[awsssm.GetParameters], Resource=parameter_arns),
            Statement(Sid="DecryptTaskSecrets", Effect=Allow, Action=[awskms.Decrypt],
                      Resource=[Ref(data.KMS_KEY_ARN)]),
        ]))],
    ))
    # Fn::Join's delimiter is a literal, so the model ARNs name any partition and region: the model ids
    # stay exact, and cross-region inference can reach the same models in other regions.
    model_arn = "arn:*:bedrock:*::foundation-model/"
    bedrock_arns = Split(",", Sub(f"{model_arn}${{Ids}}", Ids=Join(f",{model_arn}", Ref(BEDROCK_MODELS))))
    task = t.add_resource(iam.Role(
        "TaskRole", AssumeRolePolicyDocument=ecs_trust, Tags=tags("task-role"),
        Policies=[
            If("Bedrock", iam.Policy(PolicyName="invoke-listed-bedrock-models", PolicyDocument=PolicyDocument(
                Statement=[Statement(Effect=Allow, Action=[bedrock.InvokeModel, bedrock.InvokeModelWithResponseStream],
                                     Resource=bedrock_arns)])), NoValue),
            If("ModelCache", iam.Policy(PolicyName="mount-model-cache", PolicyDocument=PolicyDocument(Statement=[
                Statement(Effect=Allow, Action=[efs.ClientMount, efs.ClientWrite], Resource=[Sub(
                    "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/"
                    f"${{{data_options.MODEL_CACHE_FS}}}")])])), NoValue),
            If("EcsExec", iam.Policy(PolicyName="ecs-exec", PolicyDocument=PolicyDocument(Statement=[Statement(
                # The Session Manager channel APIs have no resource-level permissions.
                Effect=Allow, Resource=["*"], Action=[
                    ssmmessages.CreateControlChannel, ssmmessages.CreateDataChannel,
                    ssmmessages.OpenControlChannel, ssmmessages.OpenDataChannel])])), NoValue),
        ],
    ))
    return execution, task


def template() -> Template:
    t = Template(Description="LLM gateway: service (ECS Fargate task with LiteLLM + Ollama, ALB, alarms)")
    environment_parameter(t)
    _parameters(t)
    _conditions(t)
    alb_sg, task_sg = _security_groups(t)
    alb, target_group, listeners = _load_balancer(t, alb_sg)
    log_group = t.add_resource(logs.LogGroup(
        "LogGroup", LogGroupName=Sub("/llm-gateway/${EnvironmentName}/service"), RetentionInDays=Ref(LOG_RETENTION),
        KmsKeyId=Ref(data.KMS_KEY_ARN), Tags=tags("service-logs")))
    execution, task_role = _roles(t, log_group)
    cluster = t.add_resource(ecs.Cluster(
        "Cluster", ClusterName=Sub("llm-gateway-${EnvironmentName}"),
        ClusterSettings=[ecs.ClusterSetting(Name="containerInsights", Value="enabled")], Tags=tags("cluster")))
    params = {
        "db_user": data.DB_USER, "db_name": data.DB_NAME, "master_key_arn": data.MASTER_KEY_ARN,
        "salt_key_arn": data.SALT_KEY_ARN, "db_password_arn": data.DB_PASSWORD_ARN, "litellm_image": LITELLM_IMAGE,
        "ollama_image": OLLAMA_IMAGE, "ollama_model": OLLAMA_MODEL, "cpu": TASK_CPU, "memory": TASK_MEMORY,
        "architecture": ARCHITECTURE, "model_cache_fs": data_options.MODEL_CACHE_FS,
        "model_cache_access_point": data_options.MODEL_CACHE_ACCESS_POINT,
        "shared_cache_host": data_options.SHARED_CACHE_HOST, "shared_cache_port": data_options.SHARED_CACHE_PORT,
        "shared_cache_auth_arn": data_options.SHARED_CACHE_AUTH_ARN, "secrets_version": data.SECRETS_VERSION,
    }
    cloud_key_arns = {condition: (variable, _cloud_key_arn(name))
                      for condition, (variable, name) in CLOUD_KEYS.items()}
    task_definition = t.add_resource(service_task.task_definition(params, log_group, execution, task_role,
                                                                  cloud_key_arns))
    providers = service_scaling.capacity_providers(t, cluster)
    service = t.add_resource(ecs.Service(
        "Service", Cluster=Ref(cluster), TaskDefinition=Ref(task_definition),
        CapacityProviderStrategy=service_scaling.service_strategy(),
        DesiredCount=Ref(service_scaling.MIN_TASKS), EnableExecuteCommand=If("EcsExec", True, False),
        HealthCheckGracePeriodSeconds=Ref(GRACE_PERIOD), PropagateTags="SERVICE", EnableECSManagedTags=True,
        NetworkConfiguration=ecs.NetworkConfiguration(AwsvpcConfiguration=ecs.AwsvpcConfiguration(
            AssignPublicIp=If("PublicTasks", "ENABLED", "DISABLED"),
            Subnets=If("PublicTasks", Ref(network.PUBLIC_SUBNETS), Ref(network.PRIVATE_SUBNETS)),
            SecurityGroups=[GetAtt(task_sg, "GroupId")])),
        DeploymentConfiguration=ecs.DeploymentConfiguration(
            DeploymentCircuitBreaker=ecs.DeploymentCircuitBreaker(Enable=True, Rollback=True),
            MinimumHealthyPercent=100, MaximumPercent=200),
        LoadBalancers=[ecs.LoadBalancer(ContainerName=service_task.LITELLM, ContainerPort=litellm_config.PORT,
                                        TargetGroupArn=Ref(target_group))],
        DependsOn=[_listeners_ready(t, listeners).title, providers.title],
        Tags=tags("service"),
    ))
    service_scaling.autoscaling(t, cluster, service, alb, target_group)
    service_monitoring.add(t, alb=alb, target_group=target_group, cluster=cluster, service=service)

    scheme = If("Https", "https", "http")
    t.add_output(Output(ENDPOINT_URL, Value=Join("", [scheme, "://", GetAtt(alb, "DNSName")]),
                        Description="OpenAI-compatible base URL (append /v1)"))
    t.add_output(Output(ENDPOINT_SECURITY, Value=If(
        "Https", "HTTPS with TLS 1.2+ (HTTP redirects to HTTPS)",
        "WARNING: PLAIN HTTP - keys and prompts cross the network unencrypted. Set CertificateArn for HTTPS."),
        Description="Whether the endpoint encrypts traffic"))
    t.add_output(Output(CLUSTER_NAME, Value=Ref(cluster), Description="ECS cluster"))
    t.add_output(Output(SERVICE_NAME, Value=GetAtt(service, "Name"), Description="ECS service"))
    t.add_output(Output(LOG_GROUP_NAME, Value=Ref(log_group), Description="Log group (streams litellm/, ollama/)"))
    t.add_output(Output(TARGET_GROUP_ARN, Value=Ref(target_group), Description="ALB target group"))
    t.add_output(Output(LOAD_BALANCER_ARN, Value=Ref(alb), Description="Application load balancer"))
    return t
