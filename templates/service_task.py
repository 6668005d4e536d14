"""The Fargate task of the service stack: litellm + ollama in one awsvpc task, sharing localhost.

The LiteLLM config and the PII guardrail module travel inside the task definition (environment
variables the container writes to /tmp/litellm before starting LiteLLM), so every deploy path
(deploy-stack, taskcat, the console) gets them without a custom image, and a config change is a new
task definition revision, which rolls the service.
"""
import yaml
from troposphere import GetAtt, If, Join, NoValue, Ref, Region, Sub
from troposphere import ecs

from templates import litellm_config
from templates.common import tags

LITELLM = "litellm"
OLLAMA = "ollama"
OLLAMA_PORT = 11434
MODEL_VOLUME = "ollama-models"
# The image starts `ollama serve`, waits for it, pulls the model (a no-op when already present) and
# keeps serving. The health check passes only once the model is really there (`ollama list` passes
# before the pull ends).
OLLAMA_START = ('ollama serve & server=$!; until ollama list >/dev/null 2>&1; do sleep 1; done; '
                'ollama pull "$OLLAMA_MODEL" || exit 1; wait "$server"')
OLLAMA_HEALTH = 'ollama show "$OLLAMA_MODEL" >/dev/null 2>&1 || exit 1'
# The LiteLLM images have no curl or wget; python3 is there.
LITELLM_HEALTH = ("python3 -c \"import urllib.request,sys; "
                  "sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:4000/health/liveliness', timeout=5)"
                  ".status == 200 else 1)\"")

MODEL_LIST_MARKER = "model_list: []\n"


def _yaml_entry(entry: dict) -> str:
    return yaml.safe_dump([entry], sort_keys=True, default_flow_style=False, width=4096)


def model_chunks() -> dict[str, str]:
    """Model list entries as YAML text, keyed by the condition that enables each."""
    local = litellm_config.local_model_entry("${LocalModelName}", "${OllamaModel}",
                                             f"http://127.0.0.1:{OLLAMA_PORT}")
    return {
        "LocalModel": _yaml_entry(local),
        "OpenAi": _yaml_entry({"model_name": "openai/*",
                               "litellm_params": {"model": "openai/*", "api_key": "os.environ/OPENAI_API_KEY"}}),
        "Anthropic": _yaml_entry({"model_name": "anthropic/*", "litellm_params": {
            "model": "anthropic/*", "api_key": "os.environ/ANTHROPIC_API_KEY"}}),
        "Bedrock": _yaml_entry({"model_name": "bedrock/*", "litellm_params": {
            "model": "bedrock/*", "aws_region_name": "${AWS::Region}"}}),
    }


# With more than one task, rate limits and usage counters must live in the shared cache (host, port and
# password from the environment), and response caching stays opt-in per request.
SHARED_CACHE_SETTINGS = {
    "router_settings": {"redis_host": "os.environ/REDIS_HOST", "redis_port": "os.environ/REDIS_PORT",
                        "redis_password": "os.environ/REDIS_PASSWORD"},
    "litellm_settings": {"cache": True, "cache_params": {"type": "redis", "mode": "default_off"}},
}


def _with_model_list(base: str) -> str:
    if base.count(MODEL_LIST_MARKER) != 1:
        raise ValueError("rendered LiteLLM config has no empty model_list to fill")
    return base.replace(MODEL_LIST_MARKER, "model_list:\n${ModelList}")


def config_text(shared_cache: bool) -> str:
    """config.yaml with a ${ModelList} placeholder, with or without the shared-cache settings."""
    config = yaml.safe_load(litellm_config.render_config([]))
    if shared_cache:
        for section, values in SHARED_CACHE_SETTINGS.items():
            config[section] = {**config.get(section, {}), **values}
    text = yaml.safe_dump(config, sort_keys=True, default_flow_style=False, allow_unicode=False, width=4096)
    return _with_model_list(text)


def config_value():
    """The config as the container gets it: the model list assembled from the enabled model kinds."""
    model_list = Join("", [If(condition, Sub(chunk) if "${" in chunk else chunk, "")
                           for condition, chunk in model_chunks().items()])
    return If("SharedCache", Sub(config_text(True), ModelList=model_list),
              Sub(config_text(False), ModelList=model_list))


def _log(group, prefix: str) -> ecs.LogConfiguration:
    return ecs.LogConfiguration(LogDriver="awslogs", Options={
        "awslogs-group": Ref(group), "awslogs-region": Region, "awslogs-stream-prefix": prefix,
        "mode": "non-blocking", "max-buffer-size": "4m"})


def _secret(name: str, arn) -> ecs.Secret:
    return ecs.Secret(Name=name, ValueFrom=arn)


def containers(p: dict, log_group, cloud_key_arns: dict) -> list:
    """Container definitions; `p` maps parameter roles to parameter names of the service stack."""
    files = litellm_config.extra_files()
    environment = [
        ecs.Environment(Name=litellm_config.env_name(litellm_config.CONFIG_FILE), Value=config_value()),
        *[ecs.Environment(Name=litellm_config.env_name(name), Value=litellm_config.env_value(name, text))
          for name, text in files.items()],
        ecs.Environment(Name="DATABASE_HOST", Value=Sub("${DatabaseHost}:${DatabasePort}")),
        ecs.Environment(Name="DATABASE_USERNAME", Value=Ref(p["db_user"])),
        ecs.Environment(Name="DATABASE_NAME", Value=Ref(p["db_name"])),
        ecs.Environment(Name="LITELLM_MODE", Value="PRODUCTION"),
        ecs.Environment(Name="LITELLM_LOG", Value="INFO"),
        ecs.Environment(Name="LITELLM_TELEMETRY", Value="False"),
        ecs.Environment(Name="LITELLM_LOCAL_MODEL_COST_MAP", Value="True"),
        # The PII guardrail's request-size cap and opt-out lock (stack parameters, templates/service_edge.py).
        ecs.Environment(Name="PII_GUARDRAIL_MAX_REQUEST_BYTES", Value=Ref("MaxRequestBytes")),
        ecs.Environment(Name="PII_GUARDRAIL_ALLOW_OPT_OUT", Value=Ref("AllowGuardrailOptOut")),
        # Tasks that start together take turns: LiteLLM 1.106.12 serialises migrations with a PostgreSQL
        # advisory lock and waits this long for it (below the health check grace period).
        ecs.Environment(Name="LITELLM_MIGRATION_LOCK_TIMEOUT", Value="600"),
        # Secrets are read at task start: a rotation changes this value, so the service rolls onto them.
        ecs.Environment(Name="SECRETS_VERSION", Value=Ref(p["secrets_version"])),
        If("SharedCache", ecs.Environment(Name="REDIS_HOST", Value=Ref(p["shared_cache_host"])), NoValue),
        If("SharedCache", ecs.Environment(Name="REDIS_PORT", Value=Ref(p["shared_cache_port"])), NoValue),
        If("SharedCache", ecs.Environment(Name="REDIS_SSL", Value="true"), NoValue),
    ]
    secrets = [
        _secret("LITELLM_MASTER_KEY", Ref(p["master_key_arn"])),
        _secret("LITELLM_SALT_KEY", Ref(p["salt_key_arn"])),
        _secret("DATABASE_PASSWORD", Ref(p["db_password_arn"])),
        *[If(condition, _secret(variable, arn), NoValue) for condition, (variable, arn) in cloud_key_arns.items()],
        If("SharedCache", _secret("REDIS_PASSWORD", Ref(p["shared_cache_auth_arn"])), NoValue),
    ]
    litellm = ecs.ContainerDefinition(
        Name=LITELLM, Image=Ref(p["litellm_image"]), Essential=True,
        EntryPoint=litellm_config.container_command()[:2], Command=litellm_config.container_command()[2:],
        PortMappings=[ecs.PortMapping(ContainerPort=litellm_config.PORT, Protocol="tcp")],
        Environment=environment, Secrets=secrets,
        DependsOn=If("LocalModel", [ecs.ContainerDependency(ContainerName=OLLAMA, Condition="HEALTHY")],
                         NoValue),
        HealthCheck=ecs.HealthCheck(Command=["CMD-SHELL", LITELLM_HEALTH], Interval=30, Timeout=10, Retries=5,
                                    StartPeriod=120),
        ReadonlyRootFilesystem=False,
        LinuxParameters=ecs.LinuxParameters(Capabilities=ecs.KernelCapabilities(Drop=["ALL"]),
                                            InitProcessEnabled=True),
        LogConfiguration=_log(log_group, LITELLM), StopTimeout=120,
    )
    ollama = ecs.ContainerDefinition(
        Name=OLLAMA, Image=Ref(p["ollama_image"]), Essential=True,
        EntryPoint=["/bin/sh", "-c"], Command=[OLLAMA_START],
        Environment=[
            ecs.Environment(Name="OLLAMA_HOST", Value=f"127.0.0.1:{OLLAMA_PORT}"),
            ecs.Environment(Name="OLLAMA_MODEL", Value=Ref(p["ollama_model"])),
            ecs.Environment(Name="OLLAMA_KEEP_ALIVE", Value="-1"),
        ],
        HealthCheck=ecs.HealthCheck(Command=["CMD-SHELL", OLLAMA_HEALTH], Interval=30, Timeout=10, Retries=10,
                                    StartPeriod=300),
        MountPoints=[ecs.MountPoint(SourceVolume=MODEL_VOLUME, ContainerPath="/root/.ollama", ReadOnly=False)],
        ReadonlyRootFilesystem=False,
        LinuxParameters=ecs.LinuxParameters(InitProcessEnabled=True, Capabilities=ecs.KernelCapabilities(
            Drop=["NET_RAW", "MKNOD", "SYS_CHROOT", "SETFCAP", "AUDIT_WRITE"])),
        LogConfiguration=_log(log_group, OLLAMA), StopTimeout=30,
    )
    return [litellm, If("LocalModel", ollama, NoValue)]


def task_definition(p: dict, log_group, execution_role, task_role, cloud_key_arns: dict) -> ecs.TaskDefinition:
    return ecs.TaskDefinition(
        "TaskDefinition", Family=Sub("llm-gateway-${EnvironmentName}"), NetworkMode="awsvpc",
        RequiresCompatibilities=["FARGATE"], Cpu=Ref(p["cpu"]), Memory=Ref(p["memory"]),
        RuntimePlatform=ecs.RuntimePlatform(OperatingSystemFamily="LINUX", CpuArchitecture=Ref(p["architecture"])),
        ExecutionRoleArn=GetAtt(execution_role, "Arn"), TaskRoleArn=GetAtt(task_role, "Arn"),
        ContainerDefinitions=containers(p, log_group, cloud_key_arns),
        Volumes=[If("ModelCache", ecs.Volume(Name=MODEL_VOLUME, EFSVolumeConfiguration=ecs.EFSVolumeConfiguration(
            FilesystemId=Ref(p["model_cache_fs"]), TransitEncryption="ENABLED",
            AuthorizationConfig=ecs.AuthorizationConfig(AccessPointId=Ref(p["model_cache_access_point"]),
                                                        IAM="ENABLED"))),
            ecs.Volume(Name=MODEL_VOLUME))],
        Tags=tags("task"),
        Metadata={"security": {
            "litellm": "Runs as the image's non-root user with all capabilities dropped. The root filesystem "
                       "stays writable: the config is written to /tmp/litellm at start, and LiteLLM's Prisma "
                       "client writes its engine and migration state inside the image.",
            "ollama": "Runs as root with a writable root filesystem: the official image keeps its model "
                      "store and key under /root/.ollama and has no non-root variant. It listens on "
                      "127.0.0.1 only, so nothing outside the task can reach it.",
        }},
    )
