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


def test_bedrock_access_is_exactly_the_listed_models(templates):
    resources, _ = evaluate(templates)
    assert resources["TaskRole"]["Properties"]["Policies"] == []
    resources, _ = evaluate(templates, BedrockModelIds="anthropic.claude-3-haiku-20240307-v1:0,amazon.nova-micro-v1:0")
    (policy,) = resources["TaskRole"]["Properties"]["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Resource"] == [
        "arn:*:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "arn:*:bedrock:*::foundation-model/amazon.nova-micro-v1:0"]


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
    assert {"LoadBalancer5xxAlarm", "UnhealthyTargetsAlarm", "ResponseTimeAlarm", "ServiceCpuAlarm",
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
