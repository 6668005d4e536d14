"""The Fargate task of the service stack: litellm + ollama in one awsvpc task, sharing localhost.

The LiteLLM config and the PII guardrail module travel inside the task definition (environment
variables the container writes to /tmp/litellm before starting LiteLLM), so every deploy path
(deploy-stack, taskcat, the console) gets them without a custom image, and a config change is a new
task definition revision, which rolls the service.
"""
import yaml
from troposphere import FindInMap, GetAtt, If, Join, NoValue, Ref, Region, Sub
from troposphere import ecs

from templates import litellm_config, providers, service_images
from templates.common import guard_skips, tags

LITELLM = "litellm"
OLLAMA = "ollama"
OLLAMA_PORT = 11434
MODEL_VOLUME = "ollama-models"
# Seconds `ollama serve` may take to answer before the container gives up (it answers in a few seconds).
OLLAMA_SERVE_WAIT_SECONDS = 120


def ollama_start(wait_seconds: int = OLLAMA_SERVE_WAIT_SECONDS) -> str:
    """The ollama container's command: start `ollama serve`, wait for it, pull the model (a no-op when the
    cache has it) and keep serving. The wait ends with an error when the server process dies or does not
    answer in time, so a broken start fails the container at once instead of at the end of its health
    check window. The health check passes only once the model is really there (`ollama list` passes
    before the pull ends)."""
    return ('ollama serve & server=$!; waited=0; '
            'until ollama list >/dev/null 2>&1; do '
            'kill -0 "$server" 2>/dev/null || { echo "ollama serve exited before answering" >&2; exit 1; }; '
            f'[ "$waited" -lt {wait_seconds} ] || '
            f'{{ echo "ollama serve did not answer within {wait_seconds} s" >&2; exit 1; }}; '
            'sleep 1; waited=$((waited + 1)); done; '
            'ollama pull "$OLLAMA_MODEL" || exit 1; wait "$server"')


OLLAMA_HEALTH = 'ollama show "$OLLAMA_MODEL" >/dev/null 2>&1 || exit 1'
# The LiteLLM images have no curl or wget; python3 is there.
LITELLM_HEALTH = ("python3 -c \"import urllib.request,sys; "
                  "sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:4000/health/liveliness', timeout=5)"
                  ".status == 200 else 1)\"")

MODEL_LIST_MARKER = "model_list: []\n"

# Start-up budget of the litellm container. Tasks that start together take turns at the database
# migrations: LiteLLM 1.106.12 serialises them with a PostgreSQL advisory lock and waits up to
# LITELLM_MIGRATION_LOCK_TIMEOUT for it, then runs its own migrations and starts the proxy. ECS marks the
# container unhealthy once StartPeriod + Interval x Retries has passed without a passing check (StartPeriod
# is at most 300 s, Interval 5-300 s, Retries 1-10), so that window must cover the lock wait plus the
# migration and start itself; otherwise a task that waits legitimately is killed and replaced.
MIGRATION_LOCK_TIMEOUT_SECONDS = 420
MIGRATION_AND_START_SECONDS = 180
LITELLM_HEALTH_TIMING = {"StartPeriod": 300, "Interval": 30, "Retries": 10, "Timeout": 10}
# Ollama: the first pull of a 2 GB model without the EFS cache.
OLLAMA_HEALTH_TIMING = {"StartPeriod": 300, "Interval": 30, "Retries": 10, "Timeout": 10}


def unhealthy_after(timing: dict) -> int:
    """Seconds after a container starts at which ECS marks it unhealthy if no check has passed."""
    return timing["StartPeriod"] + timing["Interval"] * timing["Retries"]


# Per-container memory hard limits (Control Tower CT.ECS.PR.7): one container that grows cannot starve the
# other. LiteLLM 1.106.12 with our config measured 370 MiB RSS after 40 requests (local proxy, no database);
# its limit is about four times that. Ollama gets the rest of the task (FindInMap: CloudFormation has no
# arithmetic); without Ollama, LiteLLM gets the whole task.
LITELLM_MEMORY_MIB = 1536
OLLAMA_MEMORY_MAP = "OllamaMemory"


def ollama_memory_mapping(task_memory_sizes: list[int]) -> dict:
    return {str(m): {"MiB": m - LITELLM_MEMORY_MIB} for m in task_memory_sizes if m > LITELLM_MEMORY_MIB}


# litellm starts only once ollama is healthy, so the worst start of a task is both windows in a row: the
# service's HealthCheckGracePeriodSeconds default covers it, so the ALB does not fail a task that ECS
# still considers starting.
TASK_START_SECONDS = unhealthy_after(OLLAMA_HEALTH_TIMING) + unhealthy_after(LITELLM_HEALTH_TIMING)


def _yaml_entry(entry: dict) -> str:
    return yaml.safe_dump([entry], sort_keys=True, default_flow_style=False, width=4096)


def model_chunks() -> dict[str, str]:
    """Model list entries as YAML text, keyed by the condition that enables each."""
    local = litellm_config.local_model_entry("${LocalModelName}", "${OllamaModel}",
                                             f"http://127.0.0.1:{OLLAMA_PORT}")
    return {
        "LocalModel": _yaml_entry(local),
        **{p.condition: _yaml_entry(p.model_entry()) for p in providers.KEYED},
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
        # The lock wait fits in the container's health check window (see MIGRATION_LOCK_TIMEOUT_SECONDS).
        ecs.Environment(Name="LITELLM_MIGRATION_LOCK_TIMEOUT", Value=str(MIGRATION_LOCK_TIMEOUT_SECONDS)),
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
        Name=LITELLM, Image=service_images.image(p["litellm_image"], service_images.GHCR), Essential=True,
        EntryPoint=litellm_config.container_command()[:2], Command=litellm_config.container_command()[2:],
        PortMappings=[ecs.PortMapping(ContainerPort=litellm_config.PORT, Protocol="tcp")],
        Memory=If("LocalModel", LITELLM_MEMORY_MIB, Ref(p["memory"])),
        Environment=environment, Secrets=secrets,
        DependsOn=If("LocalModel", [ecs.ContainerDependency(ContainerName=OLLAMA, Condition="HEALTHY")],
                         NoValue),
        HealthCheck=ecs.HealthCheck(Command=["CMD-SHELL", LITELLM_HEALTH], **LITELLM_HEALTH_TIMING),
        ReadonlyRootFilesystem=False,
        LinuxParameters=ecs.LinuxParameters(Capabilities=ecs.KernelCapabilities(Drop=["ALL"]),
                                            InitProcessEnabled=True),
        LogConfiguration=_log(log_group, LITELLM), StopTimeout=120,
    )
    ollama = ecs.ContainerDefinition(
        Name=OLLAMA, Image=service_images.image(p["ollama_image"], service_images.DOCKER_HUB), Essential=True,
        EntryPoint=["/bin/sh", "-c"], Command=[ollama_start()],
        Memory=FindInMap(OLLAMA_MEMORY_MAP, Ref(p["memory"]), "MiB"),
        Environment=[
            ecs.Environment(Name="OLLAMA_HOST", Value=f"127.0.0.1:{OLLAMA_PORT}"),
            ecs.Environment(Name="OLLAMA_MODEL", Value=Ref(p["ollama_model"])),
            ecs.Environment(Name="OLLAMA_KEEP_ALIVE", Value="-1"),
        ],
        HealthCheck=ecs.HealthCheck(Command=["CMD-SHELL", OLLAMA_HEALTH], **OLLAMA_HEALTH_TIMING),
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
        Metadata=guard_skips({
            "CT.ECS.PR.3": "ollama runs as root: the official image keeps its store under /root/.ollama and has no "
                           "non-root variant (see security below); litellm runs as its image's non-root user",
            "CT.ECS.PR.6": "Both root filesystems stay writable (see security below)",
        }, unresolved={
            control: "The ollama container sits inside Fn::If (EnableLocalModel), which cfn-guard cannot read; "
                     "each environment's resolved task definition is checked"
            for control in ("CT.ECS.PR.5", "CT.ECS.PR.7", "CT.ECS.PR.12")}) | {"security": {
            "litellm": "Runs as the image's non-root user with all capabilities dropped. The root filesystem "
                       "stays writable: the config is written to /tmp/litellm at start, and LiteLLM's Prisma "
                       "client writes its engine and migration state inside the image.",
            "ollama": "Runs as root with a writable root filesystem: the official image keeps its model "
                      "store and key under /root/.ollama and has no non-root variant. It listens on "
                      "127.0.0.1 only, so nothing outside the task can reach it.",
        }},
    )
