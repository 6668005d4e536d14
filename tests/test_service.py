"""Service stack: task, load balancer, security groups and the LiteLLM config, evaluated per parameter set."""
import re

import pytest
import yaml

from templates import litellm_config, service
from deploy.evaluator import Evaluator

WIRED = {name: f"wired-{name}" for name in service.WIRED} | {
    "EnvironmentName": "dev", "PublicSubnetIds": "subnet-p1,subnet-p2", "PrivateSubnetIds": "subnet-a,subnet-b",
    "DatabaseHost": "db.example.internal", "DatabasePort": "5432", "SecretsPrefix": "/llm-gateway/dev",
    "MasterKeyParameterArn": "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/master-key",
    "SaltKeyParameterArn": "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/salt-key",
    "DatabasePasswordParameterArn": "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/db-password",
    "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc", "AllowedCidrs": "198.51.100.7/32",
    # Options of the data stack that are off: their outputs are empty.
    "ModelCacheFileSystemId": "", "ModelCacheAccessPointId": "", "ModelCacheSecurityGroupId": "",
    "SharedCacheHost": "", "SharedCachePort": "", "SharedCacheSecurityGroupId": "", "SharedCacheAuthParameterArn": "",
}
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-1111-2222-3333-444455556666"


def evaluate(templates, **params):
    ev = Evaluator(templates["service"], WIRED | params)
    return ev.resources(), ev.outputs()


def of_type(resources, type_name):
    return {k: v["Properties"] for k, v in resources.items() if v["Type"] == type_name}


def containers(resources):
    return {c["Name"]: c for c in resources["TaskDefinition"]["Properties"]["ContainerDefinitions"]}


def environment(container):
    return {e["Name"]: e["Value"] for e in container.get("Environment", [])}


@pytest.mark.parametrize("count", [1, 2, 10])
def test_alb_admits_exactly_the_allowed_cidrs(templates, count):
    cidrs = [f"198.51.100.{i}/32" for i in range(count)]
    resources, _ = evaluate(templates, AllowedCidrs=",".join(cidrs))
    rules = [r for r in of_type(resources, "AWS::EC2::SecurityGroupIngress").values()
             if r["GroupId"] == "LoadBalancerSecurityGroup.GroupId"]
    assert sorted((r["CidrIp"], r["FromPort"]) for r in rules) == sorted((c, p) for c in cidrs for p in (80, 443))


def test_https_with_a_certificate_redirects_http(templates):
    resources, outputs = evaluate(templates, CertificateArn=CERT)
    https = resources["HttpsListener"]["Properties"]
    assert https["SslPolicy"] == service.TLS_POLICY and https["Certificates"] == [{"CertificateArn": CERT}]
    redirect = resources["HttpListener"]["Properties"]["DefaultActions"][0]
    assert redirect["Type"] == "redirect" and redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert outputs["EndpointUrl"].startswith("https://")
    assert "WARNING" not in outputs["EndpointSecurity"]


def test_plain_http_only_without_a_certificate_and_says_so(templates):
    resources, outputs = evaluate(templates)
    assert "HttpsListener" not in resources
    # the served routes are listener rules (tests/test_service_edge.py); everything else gets a 404
    assert resources["HttpListener"]["Properties"]["DefaultActions"][0]["Type"] == "fixed-response"
    assert outputs["EndpointUrl"].startswith("http://")
    assert outputs["EndpointSecurity"].startswith("WARNING: PLAIN HTTP")


def test_service_waits_for_whichever_listeners_exist(templates):
    for params in ({}, {"CertificateArn": CERT}):
        resources, _ = evaluate(templates, **params)
        assert "ListenersReady" in templates["service"]["Resources"]["Service"]["DependsOn"]
        ready = templates["service"]["Resources"]["ListenersReady"]["Metadata"]
        assert {"HttpListener", "HttpsListener"} <= set(ready)


def test_alb_settings(templates):
    resources, _ = evaluate(templates)
    attributes = {a["Key"]: a["Value"] for a in resources["LoadBalancer"]["Properties"]["LoadBalancerAttributes"]}
    assert int(attributes["idle_timeout.timeout_seconds"]) > litellm_config.MODEL_TIMEOUT_SECONDS
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert attributes["access_logs.s3.enabled"] == "false" and attributes["deletion_protection.enabled"] == "false"
    resources, _ = evaluate(templates, AlbAccessLogsBucket="my-logs", AlbDeletionProtection="true")
    attributes = {a["Key"]: a["Value"] for a in resources["LoadBalancer"]["Properties"]["LoadBalancerAttributes"]}
    assert attributes["access_logs.s3.bucket"] == "my-logs" and attributes["deletion_protection.enabled"] == "true"
    target = resources["TargetGroup"]["Properties"]
    assert (target["Port"], target["TargetType"], target["HealthCheckPath"]) == (4000, "ip", "/health/liveliness")


def test_network_paths_are_narrow(templates):
    resources, _ = evaluate(templates)
    ingress = of_type(resources, "AWS::EC2::SecurityGroupIngress")
    egress = of_type(resources, "AWS::EC2::SecurityGroupEgress")
    assert (ingress["TasksFromLoadBalancer"]["SourceSecurityGroupId"], ingress["TasksFromLoadBalancer"]["FromPort"],
            ingress["TasksFromLoadBalancer"]["ToPort"]) == ("LoadBalancerSecurityGroup.GroupId", 4000, 4000)
    assert (ingress["DatabaseFromTasks"]["GroupId"], ingress["DatabaseFromTasks"]["FromPort"]) == (
        "wired-DatabaseSecurityGroupId", 5432)
    assert egress["LoadBalancerToTasks"]["DestinationSecurityGroupId"] == "TaskSecurityGroup.GroupId"
    assert egress["TasksToDatabase"]["ToPort"] == 5432
    task_egress = resources["TaskSecurityGroup"]["Properties"]["SecurityGroupEgress"]
    assert [(r["FromPort"], r["ToPort"]) for r in task_egress] == [(443, 443)]
    # Without an explicit rule a security group allows all egress; the ALB's only way out is to the tasks.
    assert resources["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupEgress"] == [
        {"IpProtocol": "-1", "CidrIp": "127.0.0.1/32", "Description": "no egress"}]


def test_service_runs_private_with_rollback(templates):
    resources, _ = evaluate(templates)
    svc = resources["Service"]["Properties"]
    vpc = svc["NetworkConfiguration"]["AwsvpcConfiguration"]
    assert vpc["AssignPublicIp"] == "DISABLED" and vpc["Subnets"] == ["subnet-a", "subnet-b"]
    breaker = svc["DeploymentConfiguration"]["DeploymentCircuitBreaker"]
    assert breaker == {"Enable": True, "Rollback": True}
    assert svc["EnableExecuteCommand"] is False
    assert int(svc["HealthCheckGracePeriodSeconds"]) >= 600, "long enough for the model pull"
    cluster = resources["Cluster"]["Properties"]
    assert {"Name": "containerInsights", "Value": "enabled"} in cluster["ClusterSettings"]


def test_litellm_waits_for_a_healthy_ollama_that_has_its_model(templates):
    resources, _ = evaluate(templates, OllamaModel="llama3.2:1b")
    c = containers(resources)
    assert c["litellm"]["DependsOn"] == [{"ContainerName": "ollama", "Condition": "HEALTHY"}]
    assert environment(c["ollama"])["OLLAMA_MODEL"] == "llama3.2:1b"
    assert environment(c["ollama"])["OLLAMA_HOST"].startswith("127.0.0.1:")
    health = " ".join(c["ollama"]["HealthCheck"]["Command"])
    assert "ollama show" in health and "ollama list" not in health
    assert c["ollama"]["HealthCheck"]["StartPeriod"] <= 300
    for container in c.values():
        assert not re.search(r"\b(curl|wget)\b", " ".join(container["HealthCheck"]["Command"]))
        assert 5 <= container["HealthCheck"]["Interval"] <= 300 and 1 <= container["HealthCheck"]["Retries"] <= 10
    assert "/health/liveliness" in " ".join(c["litellm"]["HealthCheck"]["Command"])
    assert {n: x["LogConfiguration"]["Options"]["awslogs-stream-prefix"] for n, x in c.items()} == {
        "litellm": "litellm", "ollama": "ollama"}


def test_without_the_local_model_there_is_no_ollama(templates):
    resources, _ = evaluate(templates, EnableLocalModel="false", EnableOpenAi="true")
    c = containers(resources)
    assert set(c) == {"litellm"} and "DependsOn" not in c["litellm"]
    config = yaml.safe_load(environment(c["litellm"])["LITELLM_FILE_CONFIG_YAML"])
    assert [m["model_name"] for m in config["model_list"]] == ["openai/*"]


def test_litellm_gets_secrets_by_reference_and_database_as_plain_environment(templates):
    resources, _ = evaluate(templates)
    litellm = containers(resources)["litellm"]
    secrets = {s["Name"]: s["ValueFrom"] for s in litellm["Secrets"]}
    assert secrets == {"LITELLM_MASTER_KEY": WIRED["MasterKeyParameterArn"],
                       "LITELLM_SALT_KEY": WIRED["SaltKeyParameterArn"],
                       "DATABASE_PASSWORD": WIRED["DatabasePasswordParameterArn"]}
    env = environment(litellm)
    assert env["DATABASE_HOST"] == "db.example.internal:5432"
    assert env["DATABASE_USERNAME"] == "wired-DatabaseUser" and env["LITELLM_MODE"] == "PRODUCTION"
    assert env["SECRETS_VERSION"] == "wired-SecretsVersion", "a rotation rolls the service"
    assert litellm["LinuxParameters"]["Capabilities"]["Drop"] == ["ALL"]
    assert litellm["PortMappings"] == [{"ContainerPort": 4000, "Protocol": "tcp"}]
    assert litellm["EntryPoint"] == litellm_config.container_command()[:2]


def test_rendered_config_serves_the_local_model_through_the_guardrail(templates):
    resources, _ = evaluate(templates, OllamaModel="llama3.2:1b", LocalModelName="small")
    env = environment(containers(resources)["litellm"])
    config = yaml.safe_load(env["LITELLM_FILE_CONFIG_YAML"])
    (model,) = config["model_list"]
    assert model["model_name"] == "small"
    assert model["litellm_params"]["model"] == "ollama_chat/llama3.2:1b"
    assert model["litellm_params"]["api_base"] == "http://127.0.0.1:11434"
    guardrails = {g["litellm_params"]["guardrail"] for g in config["guardrails"]}
    assert guardrails == {"pii_guardrail.PiiGuardrail"}
    assert env["LITELLM_FILE_PII_GUARDRAIL_PY"] == litellm_config.env_value(
        "pii_guardrail.py", litellm_config.extra_files()["pii_guardrail.py"])


def test_cloud_models_come_with_their_key_from_ssm(templates):
    resources, _ = evaluate(templates, EnableOpenAi="true", EnableAnthropic="true")
    litellm = containers(resources)["litellm"]
    secrets = {s["Name"]: s["ValueFrom"] for s in litellm["Secrets"]}
    assert secrets["OPENAI_API_KEY"].endswith(":parameter/llm-gateway/dev/openai-api-key")
    assert secrets["ANTHROPIC_API_KEY"].endswith(":parameter/llm-gateway/dev/anthropic-api-key")
    config = yaml.safe_load(environment(litellm)["LITELLM_FILE_CONFIG_YAML"])
    assert {m["model_name"] for m in config["model_list"]} == {"llama3.2-3b", "openai/*", "anthropic/*"}
    read = resources["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    ssm = next(s for s in read if s["Action"] == ["ssm:GetParameters"])
    assert set(secrets.values()) == set(ssm["Resource"])


def test_bedrock_is_off_without_ids(templates):
    resources, _ = evaluate(templates)
    assert resources["TaskRole"]["Properties"]["Policies"] == []


@pytest.mark.parametrize("cpu,memory,valid", [
    ("1024", "2048", True), ("1024", "8192", True), ("1024", "9216", False), ("2048", "6144", True),
    ("2048", "3072", False), ("4096", "8192", True), ("4096", "30720", True), ("8192", "20480", True),
    ("8192", "18432", False), ("16384", "122880", True), ("16384", "36864", False),
])
def test_only_valid_fargate_sizes_pass_the_rules(templates, cpu, memory, valid):
    rules = templates["service"]["Rules"]
    rule = rules[f"FargateMemoryFor{cpu}Cpu"]
    allowed = rule["Assertions"][0]["Assert"]["Fn::Contains"][0]
    assert (memory in allowed) is valid
    assert memory in templates["service"]["Parameters"]["TaskMemory"]["AllowedValues"] or not valid


@pytest.mark.parametrize("image,ok", [
    ("ghcr.io/berriai/litellm-non_root:v1.106.12", True),
    ("ghcr.io/berriai/litellm:v1.106.12@sha256:" + "a" * 64, True),
    ("123456789012.dkr.ecr.us-east-1.amazonaws.com/litellm-guardrails:3f9c2ab", True),
    ("ollama/ollama:0.12.10", True),
    ("registry.example.com:5000/team/litellm@sha256:" + "0" * 64, True),
    ("ghcr.io/berriai/litellm:latest", False),
    ("ghcr.io/berriai/litellm:main-v1.106.12", False),
    ("ghcr.io/berriai/litellm", False),
    ("ghcr.io/berriai/litellm:v1 ; curl x", False),
    ("ghcr.io/berriai/litellm@sha256:short", False),
])
def test_image_pattern_requires_a_pinned_version(image, ok):
    assert bool(re.fullmatch(service.IMAGE_PATTERN, image)) is ok


def test_every_alarm_notifies_the_topic(templates):
    resources, _ = evaluate(templates, AlarmEmail="ops@example.com")
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    assert {"ErrorRateAlarm", "UnhealthyTargetsAlarm", "ResponseTimeAlarm", "ServiceCpuAlarm",
            "ServiceMemoryAlarm", "DatabaseCpuAlarm", "DatabaseStorageAlarm"} <= set(alarms)
    assert all(a["AlarmActions"] == ["AlarmTopic"] for a in alarms.values())
    topic = resources["AlarmTopic"]["Properties"]
    assert topic["Subscription"] == [{"Protocol": "email", "Endpoint": "ops@example.com"}]
    assert topic["KmsMasterKeyId"] == WIRED["KmsKeyArn"]
    resources, _ = evaluate(templates)
    assert "Subscription" not in resources["AlarmTopic"]["Properties"]


def test_defaults_fit_the_reference_sizes(templates):
    params = templates["service"]["Parameters"]
    assert (params["TaskCpu"]["Default"], params["TaskMemory"]["Default"]) == ("2048", "6144")
    assert params["OllamaModel"]["Default"] == "llama3.2:3b"
    assert params["LitellmImage"]["Default"].endswith(":v1.106.12")


# --- the ollama start command, run for real with a stand-in `ollama` ---------------------------------------
FAKE_OLLAMA = """#!/bin/sh
case "$1" in
  serve) eval "$SERVE" ;;
  list) [ -e "$READY" ] ;;
  pull) echo "pulled $2" ;;
esac
"""


def run_ollama_start(tmp_path, serve: str, wait_seconds: int = 5):
    import os
    import signal
    import subprocess
    from templates import service_task
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "ollama").write_text(FAKE_OLLAMA)
    (bin_dir / "ollama").chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "SERVE": serve, "READY": str(tmp_path / "ready"),
           "OLLAMA_MODEL": "llama3.2:1b"}
    out, err = tmp_path / "out", tmp_path / "err"
    # Files, not pipes: a server left running in the background would keep a pipe open. In the container
    # the init process ends the server when the command exits.
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(["/bin/sh", "-c", service_task.ollama_start(wait_seconds)], env=env,
                                stdout=stdout, stderr=stderr, start_new_session=True)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("the start command never gave up")
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return proc.returncode, out.read_text(), err.read_text()


def test_ollama_start_fails_fast_when_the_server_dies(tmp_path):
    code, _, err = run_ollama_start(tmp_path, serve="exit 3", wait_seconds=3600)
    assert code != 0 and "exited before answering" in err


def test_ollama_start_gives_up_when_the_server_never_answers(tmp_path):
    code, _, err = run_ollama_start(tmp_path, serve="sleep 600", wait_seconds=1)
    assert code != 0 and "did not answer within 1 s" in err


def test_ollama_start_pulls_and_keeps_serving(tmp_path):
    code, out, err = run_ollama_start(tmp_path, serve='touch "$READY"; sleep 1', wait_seconds=30)
    assert code == 0, err
    assert "pulled llama3.2:1b" in out


def test_the_task_runs_the_tested_start_command(templates):
    from templates import service_task
    resources, _ = evaluate(templates)
    assert containers(resources)["ollama"]["Command"] == [service_task.ollama_start()]


# --- health-check windows against start-up times --------------------------------------------------------
def ecs_bounds_hold(check: dict) -> bool:
    return (check["StartPeriod"] <= 300 and 5 <= check["Interval"] <= 300 and 1 <= check["Retries"] <= 10
            and 2 <= check["Timeout"] <= 120 and check["Timeout"] < check["Interval"])


def unhealthy_after(check: dict) -> int:
    return check["StartPeriod"] + check["Interval"] * check["Retries"]


def test_litellm_is_not_killed_while_migrations_may_wait_for_the_lock(templates):
    from templates import service_task
    resources, _ = evaluate(templates)
    c = containers(resources)
    lock = int(environment(c["litellm"])["LITELLM_MIGRATION_LOCK_TIMEOUT"])
    assert all(ecs_bounds_hold(x["HealthCheck"]) for x in c.values())
    assert unhealthy_after(c["litellm"]["HealthCheck"]) >= lock + service_task.MIGRATION_AND_START_SECONDS


def test_grace_period_covers_both_containers_starting_in_turn(templates):
    resources, _ = evaluate(templates)
    c = containers(resources)
    grace = int(resources["Service"]["Properties"]["HealthCheckGracePeriodSeconds"])
    assert grace >= unhealthy_after(c["ollama"]["HealthCheck"]) + unhealthy_after(c["litellm"]["HealthCheck"])


# --- images through ECR pull-through cache --------------------------------------------------------------
GHCR_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/ghcr-AbCdEf"
HUB_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def test_images_come_straight_from_their_registries_by_default(templates):
    resources, _ = evaluate(templates)
    assert not of_type(resources, "AWS::ECR::PullThroughCacheRule")
    c = containers(resources)
    assert c["litellm"]["Image"] == service.LITELLM_IMAGE_DEFAULT and c["ollama"]["Image"] == service.OLLAMA_IMAGE_DEFAULT
    assert [p["PolicyName"] for p in resources["ExecutionRole"]["Properties"]["Policies"]] == ["start-tasks"]


@pytest.mark.parametrize("litellm_image,ollama_image,expected_litellm,expected_ollama", [
    (service.LITELLM_IMAGE_DEFAULT, service.OLLAMA_IMAGE_DEFAULT,
     f"{ECR}/dev/ghcr/berriai/litellm-non_root:v1.106.12", f"{ECR}/dev/dockerhub/ollama/ollama:0.12.10"),
    ("ghcr.io/berriai/litellm:v1.106.12@sha256:" + "a" * 64, "docker.io/ollama/ollama:0.12.10",
     f"{ECR}/dev/ghcr/berriai/litellm:v1.106.12@sha256:" + "a" * 64, f"{ECR}/dev/dockerhub/ollama/ollama:0.12.10"),
])
def test_pull_through_cache_serves_the_images_from_ecr(templates, litellm_image, ollama_image, expected_litellm,
                                                       expected_ollama):
    from tests.test_iam import allowed, role_statements
    resources, _ = evaluate(templates, GhcrPullThroughCacheSecretArn=GHCR_SECRET,
                            DockerHubPullThroughCacheSecretArn=HUB_SECRET, LitellmImage=litellm_image,
                            OllamaImage=ollama_image)
    rules = of_type(resources, "AWS::ECR::PullThroughCacheRule")
    assert {(r["EcrRepositoryPrefix"], r["UpstreamRegistryUrl"], r["CredentialArn"]) for r in rules.values()} == {
        ("dev/ghcr", "ghcr.io", GHCR_SECRET), ("dev/dockerhub", "registry-1.docker.io", HUB_SECRET)}
    c = containers(resources)
    assert (c["litellm"]["Image"], c["ollama"]["Image"]) == (expected_litellm, expected_ollama)
    statements = role_statements(resources, "ExecutionRole")
    for image in (expected_litellm, expected_ollama):
        repository = re.split(r"[:@]", image.split("/", 1)[1])[0]
        arn = f"arn:aws:ecr:us-east-1:123456789012:repository/{repository}"
        for action in ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:BatchGetImage",
                       "ecr:GetDownloadUrlForLayer"):
            assert allowed(statements, action, arn), f"{action} on {arn}"
    assert not allowed(statements, "ecr:CreateRepository", "arn:aws:ecr:us-east-1:123456789012:repository/other")
    # The service starts no task before the rules exist.
    ready = templates["service"]["Resources"]["PullThroughCacheReady"]["Metadata"]
    assert set(ready) == set(rules) and "PullThroughCacheReady" in templates["service"]["Resources"]["Service"][
        "DependsOn"]


def test_repository_prefix_is_valid_for_every_environment_name(templates):
    # ECR's documented prefix constraints: 2-30 characters of this pattern.
    ecr_prefix = r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"
    for env in ("dev", "a1", "x" * 20, "dev-ci"):
        resources, _ = evaluate(templates, EnvironmentName=env, GhcrPullThroughCacheSecretArn=GHCR_SECRET,
                                DockerHubPullThroughCacheSecretArn=HUB_SECRET)
        for rule in of_type(resources, "AWS::ECR::PullThroughCacheRule").values():
            prefix = rule["EcrRepositoryPrefix"]
            assert 2 <= len(prefix) <= 30 and re.fullmatch(ecr_prefix, prefix), prefix


@pytest.mark.parametrize("value,ok", [
    ("", True), (GHCR_SECRET, True), ("arn:aws:secretsmanager:us-east-1:123456789012:secret:other/x", False),
    ("ghp_token", False),
])
def test_pull_through_secret_parameter_takes_only_a_cache_secret_arn(templates, value, ok):
    pattern = templates["service"]["Parameters"]["GhcrPullThroughCacheSecretArn"]["AllowedPattern"]
    assert bool(re.fullmatch(pattern, value)) is ok


@pytest.mark.parametrize("cpu,memory", [("1024", "2048"), ("2048", "6144"), ("4096", "30720"), ("16384", "122880")])
@pytest.mark.parametrize("local", ["true", "false"])
def test_every_container_has_a_memory_limit_within_the_task(templates, cpu, memory, local):
    resources, _ = evaluate(templates, TaskCpu=cpu, TaskMemory=memory, EnableLocalModel=local, EnableOpenAi="true")
    limits = {name: int(c["Memory"]) for name, c in containers(resources).items()}
    assert set(limits) == ({"litellm", "ollama"} if local == "true" else {"litellm"})
    assert all(limit >= 256 for limit in limits.values()) and sum(limits.values()) <= int(memory)


def test_a_new_keyed_provider_is_one_entry(monkeypatch):
    """Adding a Provider to templates/providers.KEYED is all it takes: switch, console label, model entry,
    key secret and the execution role's read grant all follow."""
    from templates import providers
    extra = providers.Provider("Mistral", "EnableMistral", "Mistral models", "mistral", "MISTRAL_API_KEY",
                               "mistral-api-key")
    monkeypatch.setattr(providers, "KEYED", [*providers.KEYED, extra])
    import build
    template = yaml.safe_load(build.template_yaml(service.template()))
    assert template["Parameters"]["EnableMistral"]["AllowedValues"] == ["true", "false"]
    assert template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterLabels"]["EnableMistral"] == {
        "default": "Mistral models"}
    resources, _ = evaluate({"service": template}, EnableMistral="true", EnableLocalModel="false")
    litellm = containers(resources)["litellm"]
    config = yaml.safe_load(environment(litellm)["LITELLM_FILE_CONFIG_YAML"])
    assert [m["model_name"] for m in config["model_list"]] == ["mistral/*"]
    key = {s["Name"]: s["ValueFrom"] for s in litellm["Secrets"]}["MISTRAL_API_KEY"]
    assert key.endswith(":parameter/llm-gateway/dev/mistral-api-key")
    read = next(s for s in resources["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
                if s["Action"] == ["ssm:GetParameters"])
    assert key in read["Resource"]
    from tests.test_templates import failed_rules
    assert not failed_rules(template, {"EnableMistral": "true", "EnableLocalModel": "false"})
