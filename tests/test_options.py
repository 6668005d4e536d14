"""Scale and cost options: each switched on and off, evaluated from the rendered templates."""
import json

import pytest
import yaml

from deploy.evaluator import Evaluator
from templates import service_task
from tests.test_data import WIRED as DATA_WIRED
from tests.test_service import WIRED as SERVICE_WIRED, containers, environment, of_type

CACHE_ON = {"ModelCacheFileSystemId": "fs-1", "ModelCacheAccessPointId": "fsap-1",
            "ModelCacheSecurityGroupId": "sg-efs", "SharedCacheHost": "cache.internal", "SharedCachePort": "6379",
            "SharedCacheSecurityGroupId": "sg-redis",
            "SharedCacheAuthParameterArn": "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/cache-auth"}


def service(templates, **params):
    return Evaluator(templates["service"], SERVICE_WIRED | params).resources()


def data(templates, **params):
    ev = Evaluator(templates["data"], DATA_WIRED | params)
    return ev.resources(), ev.outputs()


def test_no_nat_mode_creates_no_nat_and_no_default_route(templates):
    resources = Evaluator(templates["network"], {"EnvironmentName": "dev", "NatGatewayMode": "none"}).resources()
    assert not of_type(resources, "AWS::EC2::NatGateway") and not of_type(resources, "AWS::EC2::EIP")
    assert not [r for r in of_type(resources, "AWS::EC2::Route").values() if "NatGatewayId" in r]


def test_parent_refuses_no_nat_with_private_tasks(templates):
    rule = templates["parent"]["Rules"]["TasksNeedAWayOut"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "NatGatewayMode"}, "none"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Equals": [{"Ref": "TaskPlacement"}, "public"]}


def test_public_placement_uses_public_subnets_and_ips(templates):
    vpc = service(templates, TaskPlacement="public")["Service"]["Properties"]["NetworkConfiguration"][
        "AwsvpcConfiguration"]
    assert vpc["AssignPublicIp"] == "ENABLED" and vpc["Subnets"] == ["subnet-p1", "subnet-p2"]


@pytest.mark.parametrize("mode,expected", [
    ("on-demand", [{"CapacityProvider": "FARGATE", "Weight": 1}]),
    ("spot", [{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}]),
    ("spot-above-base", [{"CapacityProvider": "FARGATE", "Weight": 0, "Base": "2"},
                         {"CapacityProvider": "FARGATE_SPOT", "Weight": 1}]),
])
def test_capacity_provider_strategy(templates, mode, expected):
    resources = service(templates, CapacityMode=mode, OnDemandBaseTasks="2")
    assert resources["Service"]["Properties"]["CapacityProviderStrategy"] == expected
    assert "LaunchType" not in resources["Service"]["Properties"]
    assert of_type(resources, "AWS::ECS::ClusterCapacityProviderAssociations")["CapacityProviders"][
        "CapacityProviders"] == ["FARGATE", "FARGATE_SPOT"]


def test_autoscaling_tracks_requests_and_cpu_between_bounds(templates):
    resources = service(templates, MinTasks="2", MaxTasks="5", RequestsPerTaskPerMinute="40")
    target = resources["ScalableTarget"]["Properties"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == ("2", "5")
    assert resources["Service"]["Properties"]["DesiredCount"] == "2"
    assert "ScheduledActions" not in target
    requests = resources["RequestsScalingPolicy"]["Properties"]["TargetTrackingScalingPolicyConfiguration"]
    assert requests["TargetValue"] == "40"
    assert requests["PredefinedMetricSpecification"]["ResourceLabel"] == (
        "LoadBalancer.LoadBalancerFullName/TargetGroup.TargetGroupFullName")
    assert requests["ScaleOutCooldown"] < requests["ScaleInCooldown"]
    cpu = resources["CpuScalingPolicy"]["Properties"]["TargetTrackingScalingPolicyConfiguration"]
    assert cpu["PredefinedMetricSpecification"]["PredefinedMetricType"] == "ECSServiceAverageCPUUtilization"


def test_work_hours_scale_to_zero_and_back(templates):
    target = service(templates, WorkHoursSchedule="true", MinTasks="1", MaxTasks="3",
                     ScheduleTimezone="Europe/Berlin")["ScalableTarget"]["Properties"]
    actions = {a["ScheduledActionName"]: a for a in target["ScheduledActions"]}
    down, up = actions["scale-to-zero-off-hours"], actions["scale-up-for-work-hours"]
    assert down["ScalableTargetAction"] == {"MinCapacity": 0, "MaxCapacity": 0}
    assert up["ScalableTargetAction"] == {"MinCapacity": "1", "MaxCapacity": "3"}
    assert down["Timezone"] == up["Timezone"] == "Europe/Berlin"
    assert down["Schedule"].startswith("cron(") and up["Schedule"].startswith("cron(")


def test_model_cache_mounts_efs_through_the_access_point(templates):
    resources = service(templates, **CACHE_ON)
    (volume,) = resources["TaskDefinition"]["Properties"]["Volumes"]
    efs = volume["EFSVolumeConfiguration"]
    assert efs["FilesystemId"] == "fs-1" and efs["TransitEncryption"] == "ENABLED"
    assert efs["AuthorizationConfig"] == {"AccessPointId": "fsap-1", "IAM": "ENABLED"}
    mount = containers(resources)["ollama"]["MountPoints"][0]
    assert (mount["SourceVolume"], mount["ContainerPath"]) == (volume["Name"], "/root/.ollama")
    assert resources["ModelCacheFromTasks"]["Properties"]["FromPort"] == 2049
    policies = {p["PolicyName"] for p in resources["TaskRole"]["Properties"]["Policies"]}
    assert "mount-model-cache" in policies


def test_without_caches_there_is_no_efs_or_redis_wiring(templates):
    resources = service(templates)
    (volume,) = resources["TaskDefinition"]["Properties"]["Volumes"]
    assert "EFSVolumeConfiguration" not in volume
    assert not {"ModelCacheFromTasks", "SharedCacheFromTasks", "TasksToModelCache"} & set(resources)
    env = environment(containers(resources)["litellm"])
    assert "REDIS_HOST" not in env
    assert "redis" not in env["LITELLM_FILE_CONFIG_YAML"]


def test_shared_cache_reaches_litellm_router_and_rate_limits(templates):
    resources = service(templates, **CACHE_ON)
    litellm = containers(resources)["litellm"]
    env = environment(litellm)
    assert (env["REDIS_HOST"], env["REDIS_PORT"], env["REDIS_SSL"]) == ("cache.internal", "6379", "true")
    secrets = {s["Name"]: s["ValueFrom"] for s in litellm["Secrets"]}
    assert secrets["REDIS_PASSWORD"] == CACHE_ON["SharedCacheAuthParameterArn"]
    config = yaml.safe_load(env["LITELLM_FILE_CONFIG_YAML"])
    assert config["router_settings"]["redis_host"] == "os.environ/REDIS_HOST"
    assert config["litellm_settings"]["cache_params"] == {"type": "redis", "mode": "default_off"}
    assert config["guardrails"] and config["model_list"]
    assert resources["SharedCacheFromTasks"]["Properties"]["FromPort"] == 6379
    assert env["LITELLM_MIGRATION_LOCK_TIMEOUT"] == str(service_task.MIGRATION_LOCK_TIMEOUT_SECONDS)


@pytest.mark.parametrize("az_count,mount_targets", [("2", 2), ("3", 3)])
def test_efs_is_encrypted_with_a_mount_target_per_az(templates, az_count, mount_targets):
    resources, outputs = data(templates, EnableModelCache="true", AzCount=az_count)
    fs = resources["ModelCache"]["Properties"]
    assert fs["Encrypted"] is True and fs["KmsKeyId"] == "Key.Arn"
    statements = fs["FileSystemPolicy"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in statements)
    assert len(of_type(resources, "AWS::EFS::MountTarget")) == mount_targets
    assert outputs["ModelCacheFileSystemId"] == "ModelCache"
    assert "SecurityGroupIngress" not in resources["ModelCacheSecurityGroup"]["Properties"]


def test_options_off_leave_empty_outputs(templates):
    resources, outputs = data(templates)
    assert not {"ModelCache", "SharedCache", "DatabaseStopSchedule"} & set(resources)
    for name in ("ModelCacheFileSystemId", "SharedCacheHost", "SharedCacheAuthParameterArn"):
        assert outputs[name] == ""
    assert [s["Name"] for s in resources["Secrets"]["Properties"]["Secrets"]] == [
        "master-key", "salt-key", "db-password"]


def test_shared_cache_is_encrypted_and_authenticated_by_a_generated_secret(templates):
    resources, outputs = data(templates, EnableSharedCache="true", SharedCacheNodes="2")
    cache = resources["SharedCache"]["Properties"]
    assert cache["TransitEncryptionEnabled"] is True and cache["AtRestEncryptionEnabled"] is True
    assert cache["AuthToken"] == "{{resolve:ssm-secure:Secrets.CacheAuthParameterName:Secrets.CacheAuthVersion}}"
    assert cache["AutomaticFailoverEnabled"] is True and cache["CacheSubnetGroupName"] == "SharedCacheSubnetGroup"
    assert "cache-auth" in [s["Name"] for s in resources["Secrets"]["Properties"]["Secrets"]]
    assert outputs["SharedCacheHost"] == "SharedCache.PrimaryEndPoint.Address"


def test_database_schedule_stops_daily_and_starts_on_workdays(templates):
    resources, _ = data(templates, StopDatabaseOffHours="true", ScheduleTimezone="America/New_York")
    stop, start = resources["DatabaseStopSchedule"]["Properties"], resources["DatabaseStartSchedule"]["Properties"]
    assert stop["ScheduleExpression"] == "cron(30 19 * * ? *)", "daily, so an RDS auto-start is undone"
    assert "MON-FRI" in start["ScheduleExpression"]
    assert stop["Target"]["Arn"] == "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance"
    assert json.loads(stop["Target"]["Input"]) == {"DbInstanceIdentifier": "Database"}
    assert stop["ScheduleExpressionTimezone"] == "America/New_York"
    role = resources["DatabaseScheduleRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert role["Resource"] == ["arn:aws:rds:us-east-1:123456789012:db:Database"]
    assert sorted(role["Action"]) == ["rds:StartDBInstance", "rds:StopDBInstance"]


@pytest.mark.parametrize("params", [{}, CACHE_ON, CACHE_ON | {"EnableOpenAi": "true", "EnableAnthropic": "true"}])
def test_execution_role_reads_exactly_the_secrets_the_containers_get(templates, params):
    resources = service(templates, **params)
    wanted = {s["ValueFrom"] for c in containers(resources).values() for s in c.get("Secrets", [])}
    statements = resources["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    (read,) = [s for s in statements if s["Action"] == ["ssm:GetParameters"]]
    assert set(read["Resource"]) == wanted
