"""Service stack: ECS cluster and service (litellm + ollama), ALB, security groups, IAM, logs, alarms.

Traffic: client -> ALB (allowed CIDRs only; HTTPS when a certificate is given) -> litellm:4000 in a
private subnet -> ollama on 127.0.0.1:11434 in the same task, or a cloud model over HTTPS.
"""
from awacs import ecr, ssmmessages
from awacs.aws import Allow, PolicyDocument, Statement
from troposphere import (
    Equals, GetAtt, If, Join, Not, NoValue, Or, Output, Parameter, Ref, Select, Split, Sub,
    Template,
)
from troposphere import cloudformation, ec2, ecs, iam, logs
from troposphere import elasticloadbalancingv2 as elb

from templates import (
    grants, images, litellm_config, names, providers, service_edge, service_images, service_monitoring,
    service_scaling, service_task,
)
from templates.common import (
    ENVIRONMENT_NAME, LOG_RETENTION, RETENTION_IS_A_PARAMETER, Console, boolean_parameter, checkov_skips, connect,
    environment_parameter, guard_skips, log_retention_parameter, no_egress, tags,
)
from templates.names import (  # noqa: F401  (re-exported: the parent and tests read them here)
    CLUSTER_NAME, ENDPOINT_SECURITY, ENDPOINT_URL, LOAD_BALANCER_ARN, LOG_GROUP_NAME, SERVICE_NAME, TARGET_GROUP_ARN,
    TASK_PLACEMENT,
)

# Parameters wired by the parent from the network and data stacks (same names as their outputs).
WIRED = {
    names.VPC_ID: "AWS::EC2::VPC::Id",
    names.PUBLIC_SUBNETS: "List<AWS::EC2::Subnet::Id>",
    names.PRIVATE_SUBNETS: "List<AWS::EC2::Subnet::Id>",
    names.DB_HOST: "String", names.DB_PORT: "String", names.DB_NAME: "String", names.DB_USER: "String",
    names.DB_SECURITY_GROUP: "AWS::EC2::SecurityGroup::Id", names.DB_INSTANCE_ID: "String",
    names.MASTER_KEY_ARN: "String", names.SALT_KEY_ARN: "String", names.DB_PASSWORD_ARN: "String",
    names.KMS_KEY_ARN: "String", names.SECRETS_PREFIX: "String", names.SECRETS_VERSION: "String",
    **{name: "String" for name in (
        names.MODEL_CACHE_FS, names.MODEL_CACHE_ACCESS_POINT, names.MODEL_CACHE_SG,
        names.SHARED_CACHE_HOST, names.SHARED_CACHE_PORT, names.SHARED_CACHE_SG,
        names.SHARED_CACHE_AUTH_ARN)},
}

LITELLM_IMAGE = "LitellmImage"
OLLAMA_IMAGE = "OllamaImage"
OLLAMA_MODEL = "OllamaModel"
LOCAL_MODEL_NAME = "LocalModelName"
ENABLE_LOCAL_MODEL = "EnableLocalModel"
ENABLE_OPENAI, ENABLE_ANTHROPIC = (p.parameter for p in providers.KEYED)
BEDROCK_MODELS = "BedrockModelIds"
TASK_CPU = "TaskCpu"
TASK_MEMORY = "TaskMemory"
ARCHITECTURE = "CpuArchitecture"
ALLOWED_CIDRS = "AllowedCidrs"
CERTIFICATE_ARN = "CertificateArn"
ACCESS_LOGS_BUCKET = "AlbAccessLogsBucket"
ALB_DELETION_PROTECTION = "AlbDeletionProtection"
IDLE_TIMEOUT = "AlbIdleTimeoutSeconds"
GRACE_PERIOD = "HealthCheckGracePeriodSeconds"
ECS_EXEC = "EnableEcsExec"
ALARM_EMAIL = "AlarmEmail"

# Tags (and digests, where known) in templates/images.py; the LiteLLM one is the pip pin's release.
LITELLM_IMAGE_DEFAULT = images.LITELLM.reference()
OLLAMA_IMAGE_DEFAULT = images.OLLAMA.reference()
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


def _parameters(t: Template) -> None:
    for name, type_ in WIRED.items():
        t.add_parameter(Parameter(name, Type=type_, Description=f"{name} (wired by the parent stack)"))
    console = Console(t)
    console.group("Environment", ENVIRONMENT_NAME)
    console.group("Wiring (set by the parent stack)", *WIRED)
    models, capacity, access = "Models", "Capacity", "Access"
    console.add(models, "LiteLLM image", Parameter(
        LITELLM_IMAGE, Type="String", Default=LITELLM_IMAGE_DEFAULT, AllowedPattern=IMAGE_PATTERN,
        Description="LiteLLM image, pinned by version tag and/or sha256 digest",
        ConstraintDescription="registry/repository:tag or @sha256:<digest>; never latest or main-*"))
    console.add(models, "Ollama image", Parameter(
        OLLAMA_IMAGE, Type="String", Default=OLLAMA_IMAGE_DEFAULT, AllowedPattern=IMAGE_PATTERN,
        Description="Ollama image, pinned by version tag and/or sha256 digest",
        ConstraintDescription="registry/repository:tag or @sha256:<digest>; never latest or main-*"))
    service_images.parameters(t, console, models)
    console.add(models, "Local model", boolean_parameter(
        t, ENABLE_LOCAL_MODEL, "Run Ollama beside LiteLLM in every task", default="true"))
    console.add(models, "Ollama model", Parameter(
        OLLAMA_MODEL, Type="String", Default="llama3.2:3b", AllowedPattern=r"^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?$",
        Description="Model Ollama pulls at start (llama3.2:3b is about 2.0 GB, llama3.2:1b about 1.3 GB)",
        ConstraintDescription="an Ollama model name such as llama3.2:3b"))
    console.add(models, "Local model API name", Parameter(
        LOCAL_MODEL_NAME, Type="String", Default="llama3.2-3b", AllowedPattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        Description="Name clients use for the local model in the OpenAI API",
        ConstraintDescription="1-64 letters, digits, '.', '_' or '-'"))
    for provider in providers.KEYED:
        console.add(models, provider.label, boolean_parameter(t, provider.parameter, provider.description))
    console.add(models, "Bedrock model ids", Parameter(
        BEDROCK_MODELS, Type="CommaDelimitedList", Default="", AllowedPattern=grants.BEDROCK_ID_PATTERN,
        Description="Bedrock model ids the task may invoke (exposed as bedrock/<id>): foundation-model ids such as "
                    "amazon.nova-micro-v1:0 or inference-profile ids such as us.anthropic.claude-sonnet-4-5-"
                    "20250929-v1:0 (us., eu., apac., global. ...); empty = Bedrock off",
        ConstraintDescription="Bedrock model or inference-profile ids separated by commas, e.g. "
                              "amazon.nova-micro-v1:0,global.anthropic.claude-haiku-4-5-20251001-v1:0"))
    console.add(capacity, "Task CPU units", Parameter(
        TASK_CPU, Type="String", Default="2048", AllowedValues=list(FARGATE_SIZES),
        Description="Task CPU units (1024 = 1 vCPU), shared by both containers",
        ConstraintDescription="1024, 2048, 4096, 8192 or 16384"))
    memory_values = sorted({m for sizes in FARGATE_SIZES.values() for m in sizes})
    t.add_mapping(service_task.OLLAMA_MEMORY_MAP, service_task.ollama_memory_mapping(memory_values))
    console.add(capacity, "Task memory (MiB)", Parameter(
        TASK_MEMORY, Type="String", Default="6144", AllowedValues=[str(m) for m in memory_values],
        Description="Task memory in MiB; must be a Fargate size for the chosen CPU (the model needs ~3 GB)",
        ConstraintDescription="a Fargate memory size valid for TaskCpu"))
    console.add(capacity, "CPU architecture", Parameter(
        ARCHITECTURE, Type="String", Default="X86_64", AllowedValues=["X86_64", "ARM64"],
        Description="CPU architecture of the tasks (ARM64 is about 20% cheaper)", ConstraintDescription="X86_64 or ARM64"))
    console.add(capacity, "Task placement", Parameter(
        TASK_PLACEMENT, Type="String", Default="private", AllowedValues=["private", "public"],
        Description="private: tasks in private subnets behind NAT; public: tasks in public subnets with a public IP "
                    "that only the ALB may reach (saves the NAT gateway; dev only)",
        ConstraintDescription="private or public"))
    console.add(capacity, "Health check grace period (s)", Parameter(
        GRACE_PERIOD, Type="Number", Default=service_task.TASK_START_SECONDS, MinValue=60, MaxValue=3600,
        Description="Seconds ECS ignores failing load balancer health checks after a task starts: the default "
                    "covers the model pull and the migrations' lock wait (both container health windows)",
        ConstraintDescription="60 to 3600 seconds"))
    console.add(capacity, "ECS Exec", boolean_parameter(
        t, ECS_EXEC, "Allow `aws ecs execute-command` into the tasks (off unless debugging)"))
    service_scaling.parameters(t, console)
    console.add(access, "Allowed CIDRs", Parameter(
        ALLOWED_CIDRS, Type="CommaDelimitedList", AllowedPattern=CIDR_PATTERN,
        Description=f"CIDR blocks allowed to reach the load balancer (1 to {MAX_ALLOWED_CIDRS}), e.g. 203.0.113.7/32",
        ConstraintDescription="IPv4 CIDR blocks separated by commas, e.g. 203.0.113.7/32,198.51.100.0/24"))
    console.add(access, "Certificate ARN", Parameter(
        CERTIFICATE_ARN, Type="String", Default="", AllowedPattern=r"^(arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+)?$",
        Description="ACM certificate for HTTPS; empty = plain HTTP (not for production)",
        ConstraintDescription="an ACM certificate ARN or empty"))
    console.add(access, "ALB idle timeout (s)", Parameter(
        IDLE_TIMEOUT, Type="Number", Default=660, MinValue=60, MaxValue=4000,
        Description="ALB idle timeout in seconds; above LiteLLM's 600 s request timeout for slow CPU answers",
        ConstraintDescription="60 to 4000 seconds"))
    console.add(access, "ALB access logs bucket", Parameter(
        ACCESS_LOGS_BUCKET, Type="String", Default="", AllowedPattern=r"^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$",
        Description="S3 bucket for ALB access logs (must allow ELB log delivery); empty = off",
        ConstraintDescription="an S3 bucket name or empty"))
    console.add(access, "ALB deletion protection", boolean_parameter(
        t, ALB_DELETION_PROTECTION, "Refuse to delete the load balancer"))
    console.add("Monitoring", "Alarm email", Parameter(
        ALARM_EMAIL, Type="String", Default="", AllowedPattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$",
        Description="Email address subscribed to the alarms topic (confirm the subscription mail); empty = none",
        ConstraintDescription="an email address or empty"))
    service_monitoring.parameters(t, console)
    console.add("Monitoring", "Log retention (days)", log_retention_parameter(t))
    console.done()


def _conditions(t: Template) -> None:
    t.add_condition("LocalModel", Equals(Ref(ENABLE_LOCAL_MODEL), "true"))
    for provider in providers.KEYED:
        t.add_condition(provider.condition, Equals(Ref(provider.parameter), "true"))
    t.add_condition("Bedrock", Not(Equals(Join("", Ref(BEDROCK_MODELS)), "")))
    t.add_condition("Https", Not(Equals(Ref(CERTIFICATE_ARN), "")))
    t.add_condition("AccessLogs", Not(Equals(Ref(ACCESS_LOGS_BUCKET), "")))
    t.add_condition("AlbProtected", Equals(Ref(ALB_DELETION_PROTECTION), "true"))
    t.add_condition("EcsExec", Equals(Ref(ECS_EXEC), "true"))
    t.add_condition("PublicTasks", Equals(Ref(TASK_PLACEMENT), "public"))
    t.add_condition("ModelCache", Not(Equals(Ref(names.MODEL_CACHE_FS), "")))
    t.add_condition("SharedCache", Not(Equals(Ref(names.SHARED_CACHE_HOST), "")))
    t.add_condition("AlarmEmailGiven", Not(Equals(Ref(ALARM_EMAIL), "")))
    for index in range(1, MAX_ALLOWED_CIDRS):
        t.add_condition(f"HasCidr{index + 1}", Not(Equals(_cidr(index), "")))
    # Rules accept only the rule functions (And, Or, Not, Equals, Contains, EachMemberEquals, EachMemberIn,
    # RefAll, ValueOf, ValueOfAll, Ref): no Fn::Join. An empty list parameter is [""].
    t.add_rule("AtLeastOneModel", {"Assertions": [{
        "Assert": Or(*(Equals(Ref(p), "true") for p in (ENABLE_LOCAL_MODEL, *(p.parameter for p in providers.KEYED))),
                     Not({"Fn::EachMemberEquals": [Ref(BEDROCK_MODELS), ""]})),
        "AssertDescription": "Enable at least one kind of model: local, OpenAI, Anthropic or Bedrock ids"}]})
    t.add_rule("NoArm64OnSpot", {
        "RuleCondition": Equals(Ref(ARCHITECTURE), "ARM64"),
        "Assertions": [{"Assert": Equals(Ref(service_scaling.CAPACITY), "on-demand"),
                        "AssertDescription": "Fargate Spot runs no ARM64 tasks: with CpuArchitecture ARM64 set "
                                             "CapacityMode to on-demand, or use X86_64 for Spot"}]})
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
        "LoadBalancerSecurityGroup", VpcId=Ref(names.VPC_ID),
        GroupDescription="Load balancer: HTTP(S) from the allowed CIDRs only",
        # Its only way out is the rule to the tasks (LoadBalancerToTasks), not the default allow-all.
        SecurityGroupEgress=no_egress(), Tags=tags("alb")))
    task_sg = t.add_resource(ec2.SecurityGroup(
        "TaskSecurityGroup", VpcId=Ref(names.VPC_ID),
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
    alb, tasks = GetAtt(alb_sg, "GroupId"), GetAtt(task_sg, "GroupId")
    connect(t, "LoadBalancer", alb, "Tasks", tasks, litellm_config.PORT, to="to LiteLLM", from_="from the ALB")
    connect(t, "Tasks", tasks, "Database", Ref(names.DB_SECURITY_GROUP), names.DB_PORT_NUMBER, to="to PostgreSQL",
            from_="LiteLLM tasks")
    for condition, group, port, what in (("ModelCache", names.MODEL_CACHE_SG, 2049, "model cache (NFS)"),
                                         ("SharedCache", names.SHARED_CACHE_SG, names.REDIS_PORT,
                                          "shared cache (Redis)")):
        connect(t, "Tasks", tasks, condition, Ref(group), port, to=f"to the {what}", from_="LiteLLM tasks",
                condition=condition)
    return alb_sg, task_sg


def _load_balancer(t: Template, alb_sg):
    def attribute(key, value):
        return elb.LoadBalancerAttributes(Key=key, Value=value)

    alb = t.add_resource(elb.LoadBalancer(
        "LoadBalancer", Scheme="internet-facing", Type="application", Subnets=Ref(names.PUBLIC_SUBNETS),
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
            CKV_AWS_150="Deletion protection follows AlbDeletionProtection: on in prod, off in dev so destroy works")
        | guard_skips({
            "CT.ELASTICLOADBALANCING.PR.5": "Deletion protection follows AlbDeletionProtection: on in prod, off in dev "
                                            "so destroy works",
            "CT.ELASTICLOADBALANCING.PR.6": "Access logs follow the AlbAccessLogsBucket parameter: the bucket needs an "
                                            "ELB delivery policy the user owns"}),
    ))
    target_group = t.add_resource(elb.TargetGroup(
        "TargetGroup", Port=litellm_config.PORT, Protocol="HTTP", TargetType="ip", VpcId=Ref(names.VPC_ID),
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
        DefaultActions=forward, Tags=tags("https"),
        Metadata=guard_skips({}, unresolved={
            "CT.ELASTICLOADBALANCING.PR.2": "The certificate is the CertificateArn parameter (an ACM ARN by its "
                                            "pattern); the listener exists only when it is set"})))
    http = t.add_resource(elb.Listener(
        "HttpListener", LoadBalancerArn=Ref(alb), Port=80, Protocol="HTTP",
        DefaultActions=If("Https", [elb.Action(Type="redirect", RedirectConfig=elb.RedirectConfig(
            Protocol="HTTPS", Port="443", StatusCode="HTTP_301"))], forward), Tags=tags("http"),
        Metadata=checkov_skips(CKV_AWS_2="Redirects to HTTPS when CertificateArn is set; plain HTTP only without "
                                         "a certificate, flagged in the EndpointSecurity output") | guard_skips({
            "CT.ELASTICLOADBALANCING.PR.1": "Redirects to HTTPS when CertificateArn is set; plain HTTP only without a "
                                            "certificate, flagged in the EndpointSecurity output"}),
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
    return Sub(f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter${{{names.SECRETS_PREFIX}}}/{name}")


def _roles(t: Template, log_group):
    ecs_trust = grants.service_trust("ecs-tasks.amazonaws.com", same_account_only=False)
    parameter_arns = [Ref(names.MASTER_KEY_ARN), Ref(names.SALT_KEY_ARN), Ref(names.DB_PASSWORD_ARN),
                      If("SharedCache", Ref(names.SHARED_CACHE_AUTH_ARN), NoValue)] + [
        If(p.condition, _cloud_key_arn(p.key_name), NoValue) for p in providers.KEYED]
    execution = t.add_resource(iam.Role(
        "ExecutionRole", AssumeRolePolicyDocument=ecs_trust, Tags=tags("execution-role"),
        Policies=[iam.Policy(PolicyName="start-tasks", PolicyDocument=PolicyDocument(Statement=[
            Statement(Sid="EcrLogin", Effect=Allow, Action=[ecr.GetAuthorizationToken], Resource=["*"]),
            Statement(Sid="PullFromThisAccountsEcr", Effect=Allow,
                      Action=[ecr.BatchCheckLayerAvailability, ecr.BatchGetImage, ecr.GetDownloadUrlForLayer],
                      Resource=[Sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*")]),
            grants.log_write(log_group, "WriteTaskLogs"),
            grants.ssm_read(parameter_arns, "ReadTaskSecrets"),
            grants.kms_decrypt(Ref(names.KMS_KEY_ARN), "DecryptTaskSecrets"),
        ])), service_images.import_policy()],
    ))
    task = t.add_resource(iam.Role(
        "TaskRole", AssumeRolePolicyDocument=ecs_trust, Tags=tags("task-role"),
        Policies=[
            If("Bedrock", iam.Policy(PolicyName="invoke-listed-bedrock-models", PolicyDocument=PolicyDocument(
                Statement=grants.bedrock_invoke(BEDROCK_MODELS))), NoValue),
            If("ModelCache", iam.Policy(PolicyName="mount-model-cache", PolicyDocument=PolicyDocument(Statement=[
                grants.efs_root_mount(names.MODEL_CACHE_FS, names.MODEL_CACHE_ACCESS_POINT)])),
               NoValue),
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
        KmsKeyId=Ref(names.KMS_KEY_ARN), Tags=tags("service-logs"),
        Metadata=guard_skips({"CT.CLOUDWATCH.PR.2": f"LogRetentionDays: {RETENTION_IS_A_PARAMETER}"}, unresolved={
            "CT.CLOUDWATCH.PR.3": "KmsKeyId is the data stack's key, wired as a parameter; resolved it is set"})))
    execution, task_role = _roles(t, log_group)
    cluster = t.add_resource(ecs.Cluster(
        "Cluster", ClusterName=Sub("llm-gateway-${EnvironmentName}"),
        ClusterSettings=[ecs.ClusterSetting(Name="containerInsights", Value="enabled")], Tags=tags("cluster")))
    params = {
        "db_user": names.DB_USER, "db_name": names.DB_NAME, "master_key_arn": names.MASTER_KEY_ARN,
        "salt_key_arn": names.SALT_KEY_ARN, "db_password_arn": names.DB_PASSWORD_ARN, "litellm_image": LITELLM_IMAGE,
        "ollama_image": OLLAMA_IMAGE, "ollama_model": OLLAMA_MODEL, "cpu": TASK_CPU, "memory": TASK_MEMORY,
        "architecture": ARCHITECTURE, "model_cache_fs": names.MODEL_CACHE_FS,
        "model_cache_access_point": names.MODEL_CACHE_ACCESS_POINT,
        "shared_cache_host": names.SHARED_CACHE_HOST, "shared_cache_port": names.SHARED_CACHE_PORT,
        "shared_cache_auth_arn": names.SHARED_CACHE_AUTH_ARN, "secrets_version": names.SECRETS_VERSION,
    }
    cloud_key_arns = {p.condition: (p.key_variable, _cloud_key_arn(p.key_name)) for p in providers.KEYED}
    task_definition = t.add_resource(service_task.task_definition(params, log_group, execution, task_role,
                                                                  cloud_key_arns))
    capacity = service_scaling.capacity_providers(t, cluster)
    images_ready = service_images.cache_rules(t)
    service = t.add_resource(ecs.Service(
        "Service", Cluster=Ref(cluster), TaskDefinition=Ref(task_definition),
        CapacityProviderStrategy=service_scaling.service_strategy(),
        DesiredCount=Ref(service_scaling.MIN_TASKS), EnableExecuteCommand=If("EcsExec", True, False),
        HealthCheckGracePeriodSeconds=Ref(GRACE_PERIOD), PropagateTags="SERVICE", EnableECSManagedTags=True,
        NetworkConfiguration=ecs.NetworkConfiguration(AwsvpcConfiguration=ecs.AwsvpcConfiguration(
            AssignPublicIp=If("PublicTasks", "ENABLED", "DISABLED"),
            Subnets=If("PublicTasks", Ref(names.PUBLIC_SUBNETS), Ref(names.PRIVATE_SUBNETS)),
            SecurityGroups=[GetAtt(task_sg, "GroupId")])),
        DeploymentConfiguration=ecs.DeploymentConfiguration(
            DeploymentCircuitBreaker=ecs.DeploymentCircuitBreaker(Enable=True, Rollback=True),
            MinimumHealthyPercent=100, MaximumPercent=200),
        LoadBalancers=[ecs.LoadBalancer(ContainerName=service_task.LITELLM, ContainerPort=litellm_config.PORT,
                                        TargetGroupArn=Ref(target_group))],
        DependsOn=[_listeners_ready(t, listeners).title, capacity.title, images_ready.title],
        Tags=tags("service"),
        Metadata=guard_skips({}, unresolved={
            "CT.ECS.PR.9": "AssignPublicIp follows TaskPlacement: ENABLED only with TaskPlacement public (dev "
                           "without NAT); each environment is checked resolved"}),
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
