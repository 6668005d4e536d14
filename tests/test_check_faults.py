"""Proof that check bites: each test takes a copy of the rendered templates, puts a fault back (issue 11's
faults 1-8 and faults of the same classes nobody listed), and shows check reports it; the repaired variant
shows the same finding goes away, so a test cannot pass by reporting everything."""
import pytest

from tests.check_support import copy_templates, matching, run_check, statement_with, statements

LOG_STREAM_FAULT = {"Fn::Sub": ["${Group}:log-stream:*", {"Group": {"Fn::GetAtt": ["LogGroup", "Arn"]}}]}
LOG_STREAM_FIXED = {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                               "${LogGroup}:log-stream:*"}


@pytest.fixture
def tpl(rendered):
    return copy_templates(rendered)


def _resources(tpl, file):
    return tpl[file]["Resources"]


# ---------------------------------------------------------------------------------------------- fault 1
@pytest.mark.parametrize("resource, found", [(LOG_STREAM_FAULT, True), (LOG_STREAM_FIXED, False)])
def test_fault1_log_stream_arn_built_on_the_group_arn(tpl, tmp_path, resource, found):
    statement_with(_resources(tpl, "service.yaml")["ExecutionRole"], "logs:CreateLogStream")["Resource"] = [resource]
    hits = matching(run_check(tpl, tmp_path), "ExecutionRole", "logs:CreateLogStream", ":log-stream:litellm/")
    assert bool(hits) is found, hits


# ---------------------------------------------------------------------------------------------- fault 2
def _mount_statement(tpl):
    return statement_with(_resources(tpl, "service.yaml")["TaskRole"], "elasticfilesystem:ClientMount")


@pytest.mark.parametrize("root_access", [False, True])
def test_fault2_root_squashed_without_client_root_access(tpl, tmp_path, root_access):
    st = _mount_statement(tpl)
    actions = [a for a in st["Action"] if a != "elasticfilesystem:ClientRootAccess"]
    st["Action"] = actions + (["elasticfilesystem:ClientRootAccess"] if root_access else [])
    fs_policy = _resources(tpl, "data.yaml")["ModelCache"]["Properties"]["FileSystemPolicy"]
    for statement in fs_policy["Statement"]:
        if statement["Effect"] == "Allow" and isinstance(statement["Action"], list):
            statement["Action"] = [a for a in statement["Action"] if a != "elasticfilesystem:ClientRootAccess"]
    hits = matching(run_check(tpl, tmp_path), "elasticfilesystem:ClientRootAccess", "refused (")
    assert bool(hits) is (not root_access), hits


ACCESS_POINT_ONLY = {"Sid": "OnlyThroughAnAccessPoint", "Effect": "Deny", "Principal": {"AWS": "*"},
                     "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                                "elasticfilesystem:ClientRootAccess"], "Resource": "*",
                     "Condition": {"ArnNotLike": {"elasticfilesystem:AccessPointArn": {"Fn::Sub":
                                   "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:"
                                   "access-point/*"}}}}


@pytest.mark.parametrize("forced", [False, True])
def test_fault2_file_system_policy_that_forces_nothing(tpl, tmp_path, forced):
    policy = _resources(tpl, "data.yaml")["ModelCache"]["Properties"]["FileSystemPolicy"]
    policy["Statement"] = [s for s in policy["Statement"] if "elasticfilesystem:AccessPointArn" not in str(s)]
    for statement in policy["Statement"]:
        if statement["Effect"] == "Allow":
            statement.pop("Condition", None)   # what the issue found: no AccessPointArn condition
    st = _mount_statement(tpl)
    st.pop("Condition", None)
    if forced:
        policy["Statement"].append(ACCESS_POINT_ONLY)
    hits = matching(run_check(tpl, tmp_path), "without the access point", "is allowed, but must not be")
    assert bool(hits) is (not forced), hits


# ---------------------------------------------------------------------------------------------- fault 3
@pytest.mark.parametrize("reserved, found", [(2, True), (None, False)])
def test_fault3_reserved_concurrency(tpl, tmp_path, reserved, found):
    props = _resources(tpl, "data.yaml")["SecretsFunction"]["Properties"]
    props.pop("ReservedConcurrentExecutions", None)
    if reserved is not None:
        props["ReservedConcurrentExecutions"] = reserved
    hits = matching(run_check(tpl, tmp_path), "SecretsFunction", "ReservedConcurrentExecutions")
    assert bool(hits) is found, hits


# ---------------------------------------------------------------------------------------------- fault 4
@pytest.mark.parametrize("named, policy, step", [
    (True, "Retain", "failed create, rollback, create again"),
    (True, "RetainExceptOnCreate", "destroy, then create again"),
    (False, "Retain", "left behind by every failed create"),
    (False, "RetainExceptOnCreate", None),
    (True, "Delete", None),
])
def test_fault4_fixed_name_that_survives(tpl, tmp_path, named, policy, step):
    for logical_id in ("DatabaseLogGroup", "SecretsFunctionLogGroup"):
        group = _resources(tpl, "data.yaml")[logical_id]
        group["DeletionPolicy"] = group["UpdateReplacePolicy"] = policy
        if named:
            group["Properties"]["LogGroupName"] = {"Fn::Sub": f"/llm-gateway/${{EnvironmentName}}/{logical_id}"}
        else:
            group["Properties"].pop("LogGroupName", None)
    hits = matching(run_check(tpl, tmp_path), "[lifecycle] Data/SecretsFunctionLogGroup")
    if step is None:
        assert not hits, hits
    else:
        assert any(step in h for h in hits), hits


# ---------------------------------------------------------------------------------------------- fault 5
@pytest.mark.parametrize("use_join", [True, False])
def test_fault5_rule_with_an_undocumented_function(tpl, tmp_path, use_join):
    bedrock = ({"Fn::Not": [{"Fn::Equals": [{"Fn::Join": ["", {"Ref": "BedrockModelIds"}]}, ""]}]} if use_join else
               {"Fn::Not": [{"Fn::EachMemberEquals": [{"Ref": "BedrockModelIds"}, ""]}]})
    assertion = {"Fn::Or": [{"Fn::Equals": [{"Ref": "EnableLocalModel"}, "true"]}, bedrock]}
    tpl["service.yaml"]["Rules"]["AtLeastOneModel"] = {
        "Assertions": [{"Assert": assertion, "AssertDescription": "at least one model"}]}
    hits = matching(run_check(tpl, tmp_path), "Rules/AtLeastOneModel", "Fn::Join is not a rule function")
    assert bool(hits) is use_join, hits


# ---------------------------------------------------------------------------------------------- fault 6
PROFILE = "us.anthropic.claude-sonnet-4-20250514-v1:0"
BEDROCK_FIXED = [{"Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/*"},
                 {"Fn::Sub": "arn:${AWS::Partition}:bedrock:*::foundation-model/*"}]


@pytest.mark.parametrize("fixed", [False, True])
def test_fault6_bedrock_inference_profiles(tpl, tmp_path, fixed):
    st = statement_with(_resources(tpl, "service.yaml")["TaskRole"], "bedrock:InvokeModel")
    st.pop("Condition", None)
    st["Resource"] = BEDROCK_FIXED if fixed else {"Fn::Split": [",", {"Fn::Sub": [
        "arn:*:bedrock:*::foundation-model/${Ids}",
        {"Ids": {"Fn::Join": [",arn:*:bedrock:*::foundation-model/", {"Ref": "BedrockModelIds"}]}}]}]}
    findings = run_check(tpl, tmp_path, BedrockModelIds=PROFILE)
    hits = matching(findings, "bedrock:InvokeModel", "inference-profile/" + PROFILE, "refused (")
    assert bool(hits) is (not fixed), hits


# ---------------------------------------------------------------------------------------------- fault 7
@pytest.mark.parametrize("capacity, found", [("spot", True), ("spot-above-base", True), ("on-demand", False)])
def test_fault7_arm64_on_fargate_spot(tpl, tmp_path, capacity, found):
    tpl["parent.yaml"].get("Rules", {}).pop("Arm64NeedsOnDemand", None)
    tpl["service.yaml"].get("Rules", {}).pop("Arm64NeedsOnDemand", None)
    findings = run_check(tpl, tmp_path, CpuArchitecture="ARM64", CapacityMode=capacity, OnDemandBaseTasks="1")
    hits = matching(findings, "Fargate Spot does not run ARM64")
    assert bool(hits) is found, hits


# ---------------------------------------------------------------------------------------------- fault 8
def _litellm(tpl):
    containers = _resources(tpl, "service.yaml")["TaskDefinition"]["Properties"]["ContainerDefinitions"]
    return next(c for c in containers if isinstance(c, dict) and c.get("Name") == "litellm")


@pytest.mark.parametrize("start, interval, retries, found", [(120, 30, 5, True), (300, 30, 10, False)])
def test_fault8_health_check_shorter_than_the_migration_wait(tpl, tmp_path, start, interval, retries, found):
    _litellm(tpl)["HealthCheck"].update(StartPeriod=start, Interval=interval, Retries=retries)
    hits = matching(run_check(tpl, tmp_path), "container litellm health check", "LITELLM_MIGRATION_LOCK_TIMEOUT")
    assert bool(hits) is found, hits


def test_health_check_bounds(tpl, tmp_path):
    _litellm(tpl)["HealthCheck"].update(StartPeriod=600)
    assert matching(run_check(tpl, tmp_path), "StartPeriod 600 is outside ECS's 0-300")


# ---------------------------------------------------------------------------------------------- beyond the list
def test_missing_kms_decrypt_for_task_secrets(tpl, tmp_path):
    role = _resources(tpl, "service.yaml")["ExecutionRole"]
    st = statement_with(role, "kms:Decrypt")
    st["Action"] = ["kms:DescribeKey"]
    assert matching(run_check(tpl, tmp_path), "ExecutionRole -> Data/Key", "kms:Decrypt", "LITELLM_MASTER_KEY",
                    "refused (")


def test_key_policy_that_does_not_delegate_to_iam(tpl, tmp_path):
    policy = _resources(tpl, "data.yaml")["Key"]["Properties"]["KeyPolicy"]
    for statement in policy["Statement"]:
        if ":root" in str(statement.get("Principal")):
            statement["Action"] = ["kms:Create*", "kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"]
    findings = run_check(tpl, tmp_path)
    assert matching(findings, "kms:Decrypt", "neither allows this principal nor delegates to IAM")
    assert matching(findings, "secrets function encrypting", "kms:GenerateDataKey", "refused (")


def test_ssm_arn_typo(tpl, tmp_path):
    typo = {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SecretsPrefix}/master_key"}
    _litellm(tpl)["Secrets"][0]["ValueFrom"] = typo
    assert matching(run_check(tpl, tmp_path), "master_key is written by nothing")


def test_execution_role_ssm_resource_typo(tpl, tmp_path):
    st = statement_with(_resources(tpl, "service.yaml")["ExecutionRole"], "ssm:GetParameters")
    st["Resource"] = [{"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
                                  "${SecretsPrefix}-typo/*"}]
    assert matching(run_check(tpl, tmp_path), "ssm:GetParameters", "master-key", "refused (")


@pytest.mark.parametrize("rule, flow", [
    ("TasksFromLoadBalancer", "load balancer -> task tcp/4000"),
    ("LoadBalancerToTasks", "load balancer -> task tcp/4000"),
    ("DatabaseFromTasks", "task -> database tcp/5432"),
    ("TasksToDatabase", "task -> database tcp/5432"),
    ("LoadBalancerIngress80Cidr1", "load balancer tcp/80"),
])
def test_security_group_rule_removed(tpl, tmp_path, rule, flow):
    assert not matching(run_check(tpl, tmp_path / "before"), flow)
    del _resources(tpl, "service.yaml")[rule]
    assert matching(run_check(tpl, tmp_path / "after"), "[network]", flow)


def test_model_cache_rule_removed(tpl, tmp_path):
    del _resources(tpl, "service.yaml")["ModelCacheFromTasks"]
    assert matching(run_check(tpl, tmp_path), "[network]", "task -> model cache tcp/2049", "no ingress rule")


def test_default_route_removed(tpl, tmp_path):
    del _resources(tpl, "network.yaml")["PrivateDefaultRoute1"]
    assert matching(run_check(tpl, tmp_path), "task -> internet tcp/443", "PrivateSubnet1 has no 0.0.0.0/0 route")


def test_nat_gateway_in_a_private_subnet(tpl, tmp_path):
    _resources(tpl, "network.yaml")["NatGateway1"]["Properties"]["SubnetId"] = {"Ref": "PrivateSubnet1"}
    assert matching(run_check(tpl, tmp_path), "NAT gateway", "without a route to the internet gateway")


def test_public_tasks_without_a_public_ip(tpl, tmp_path):
    service = _resources(tpl, "service.yaml")["Service"]["Properties"]
    service["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] = "DISABLED"
    findings = run_check(tpl, tmp_path, TaskPlacement="public", NatGatewayMode="none")
    assert matching(findings, "task -> internet", "no public IP")


def test_task_egress_443_removed(tpl, tmp_path):
    sg = _resources(tpl, "service.yaml")["TaskSecurityGroup"]["Properties"]
    sg["SecurityGroupEgress"] = [r for r in sg["SecurityGroupEgress"] if r.get("FromPort") != 443] or \
        [{"CidrIp": "127.0.0.1/32", "IpProtocol": "-1"}]
    assert matching(run_check(tpl, tmp_path), "task -> internet tcp/443", "no egress rule")


def test_fixed_role_name_added(tpl, tmp_path):
    _resources(tpl, "service.yaml")["TaskRole"]["Properties"]["RoleName"] = "llm-gateway-task"
    findings = run_check(tpl, tmp_path)
    assert matching(findings, "TaskRole", "does not contain the environment")


def test_retained_secrets_are_adopted_by_the_next_create(tpl, tmp_path):
    findings = run_check(tpl, tmp_path, RetainSecretsOnDelete="true")
    assert not matching(findings, "Data/Secrets", "survives")
    assert not matching(run_check(tpl, tmp_path / "off", RetainSecretsOnDelete="false"), "Data/Secrets", "survives")


@pytest.mark.parametrize("retain, found", [("true", True), ("false", False)])
def test_retained_secrets_without_adoption_collide_on_the_next_create(tpl, tmp_path, monkeypatch, retain, found):
    """Put the old handler back (Delete keeps the parameters, nobody releases or adopts them)."""
    from deploy.check import actors, lifecycle
    source = actors.HANDLER.read_text().replace("act = _release_owned if retain else _delete_owned",
                                                "act = _delete_owned")
    old = tmp_path / "handler.py"
    old.write_text(source)
    monkeypatch.setattr(lifecycle, "HANDLER", old)
    findings = run_check(tpl, tmp_path, RetainSecretsOnDelete=retain)
    hits = matching(findings, "Data/Secrets", "/llm-gateway/dev/master-key", "survives", "kept without adoption")
    assert bool(hits) is found, hits


def test_named_resource_replaced_by_a_parameter_update(tpl, tmp_path):
    db = _resources(tpl, "data.yaml")["Database"]["Properties"]
    db["DBName"] = {"Ref": "EnvironmentName"}
    assert matching(run_check(tpl, tmp_path), "update of EnvironmentName", "cannot replace a resource with a custom name")


def test_topic_policy_removed(tpl, tmp_path):
    del _resources(tpl, "service.yaml")["AlarmTopicPolicy"]
    assert matching(run_check(tpl, tmp_path), "sns:Publish", "cloudwatch.amazonaws.com", "refused (")


def test_log_group_key_without_the_logs_service(tpl, tmp_path):
    policy = _resources(tpl, "data.yaml")["Key"]["Properties"]["KeyPolicy"]
    policy["Statement"] = [s for s in policy["Statement"] if "logs." not in str(s.get("Principal"))]
    assert matching(run_check(tpl, tmp_path), "CloudWatch Logs encrypting /llm-gateway/dev/service", "refused (")


def test_unknown_condition_operator_is_not_a_silent_pass(tpl, tmp_path):
    st = statement_with(_resources(tpl, "service.yaml")["ExecutionRole"], "ssm:GetParameters")
    st["Condition"] = {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}
    assert matching(run_check(tpl, tmp_path), "cannot evaluate ssm:GetParameters", "DateGreaterThan")


def test_trust_policy_for_the_wrong_service(tpl, tmp_path):
    trust = _resources(tpl, "service.yaml")["ExecutionRole"]["Properties"]["AssumeRolePolicyDocument"]
    trust["Statement"][0]["Principal"] = {"Service": "ec2.amazonaws.com"}
    assert matching(run_check(tpl, tmp_path), "sts:AssumeRole", "ecs-tasks.amazonaws.com")


@pytest.mark.parametrize("memory, found", [("6144", False), ("2048", True)])
def test_fargate_memory_pair(tpl, tmp_path, memory, found):
    for file in ("parent.yaml", "service.yaml"):
        tpl[file].get("Rules", {}).clear()   # the Rules would refuse it too; check must see it without them
    hits = matching(run_check(tpl, tmp_path, TaskCpu="2048", TaskMemory=memory), "is not a Fargate size")
    assert bool(hits) is found, hits


@pytest.mark.parametrize("count, found", [(10, False), (11, True)])
def test_cidr_list_bounds(tpl, tmp_path, count, found):
    cidrs = ",".join(f"203.0.113.{i}/32" for i in range(count))
    tpl["parent.yaml"]["Parameters"]["AllowedCidrs"].pop("MaxLength", None)
    hits = matching(run_check(tpl, tmp_path, AllowedCidrs=cidrs), "CIDRs given")
    assert bool(hits) is found, hits


def test_rules_are_evaluated_for_the_parameters(tpl, tmp_path):
    findings = run_check(tpl, tmp_path, NatGatewayMode="none")
    assert matching(findings, "Rules/TasksNeedAWayOut", "NatGatewayMode=none")
    assert matching(findings, "task -> internet tcp/443")


def test_events_rule_publishing_to_the_topic_needs_the_topic_policy(tpl, tmp_path):
    # The rules are allowed by the topic policy and the key policy; take EventBridge out of both.
    policy = _resources(tpl, "service.yaml")["AlarmTopicPolicy"]["Properties"]["PolicyDocument"]
    policy["Statement"] = [st for st in policy["Statement"] if st["Principal"]["Service"] != "events.amazonaws.com"]
    key_statements = _resources(tpl, "data.yaml")["Key"]["Properties"]["KeyPolicy"]["Statement"]
    for st in key_statements:
        services = st.get("Principal", {}).get("Service")
        if isinstance(services, list) and "events.amazonaws.com" in services:
            st["Principal"]["Service"] = [x for x in services if x != "events.amazonaws.com"]
    findings = run_check(tpl, tmp_path)
    assert matching(findings, "EventBridge rule SpotInterruptionRule publishing", "sns:Publish", "refused (")
    assert matching(findings, "EventBridge rule SpotInterruptionRule publishing to the encrypted topic", "kms:")


def test_scaling_target_naming_another_service(tpl, tmp_path):
    target = _resources(tpl, "service.yaml")["ScalableTarget"]["Properties"]
    target["ResourceId"] = {"Fn::Sub": "service/${Cluster}/litellm"}
    assert matching(run_check(tpl, tmp_path), "application autoscaling", "names no ECS service")


GHCR_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/ghcr-AbCdEf"


def test_pull_through_cache_needs_import_and_create(tpl, tmp_path):
    if "AWS::ECR::PullThroughCacheRule" not in str(tpl["service.yaml"]):
        pytest.skip("these templates have no pull-through cache rules")
    args = dict(GhcrPullThroughCacheSecretArn=GHCR_SECRET)
    assert not matching(run_check(tpl, tmp_path / "before", **args), "ecr:BatchImportUpstreamImage")
    statement_with(_resources(tpl, "service.yaml")["ExecutionRole"], "ecr:BatchImportUpstreamImage")["Action"] = \
        ["ecr:DescribeRepositories"]
    hits = matching(run_check(tpl, tmp_path / "after", **args), "ExecutionRole", "ecr:BatchImportUpstreamImage",
                    "ecr:CreateRepository", "repository/dev/ghcr/")
    assert hits


@pytest.mark.parametrize("profiles, found", [("arn:*:bedrock:*:*:inference-profile/us.*", False),
                                             ("arn:*:bedrock:*:*:inference-profile/eu.*", True)])
def test_foundation_models_only_through_the_listed_profile(tpl, tmp_path, profiles, found):
    role = _resources(tpl, "service.yaml")["TaskRole"]
    for statement in statements(role):
        if "bedrock:InvokeModel" in statement.get("Action", []):
            statement["Action"] = ["bedrock:GetFoundationModel"]   # out of the way; the policy below decides
    invoke = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    role["Properties"]["Policies"].append({"PolicyName": "through-profiles", "PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": invoke, "Resource": [
            {"Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/*"}]},
        {"Effect": "Allow", "Action": invoke, "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:bedrock:*::foundation-model/*"}],
         "Condition": {"ArnLike": {"bedrock:InferenceProfileArn": profiles}}}]}})
    hits = matching(run_check(tpl, tmp_path, BedrockModelIds=PROFILE), "foundation-model/anthropic", "refused (")
    assert bool(hits) is found, hits


def test_healthy_dependency_on_a_container_without_a_health_check(tpl, tmp_path):
    containers = _resources(tpl, "service.yaml")["TaskDefinition"]["Properties"]["ContainerDefinitions"]
    ollama = next(branch for c in containers if isinstance(c, dict) and "Fn::If" in c
                  for branch in c["Fn::If"][1:] if isinstance(branch, dict) and branch.get("Name") == "ollama")
    assert not matching(run_check(tpl, tmp_path / "before"), "condition HEALTHY")
    del ollama["HealthCheck"]
    assert matching(run_check(tpl, tmp_path / "after"), "condition HEALTHY on ollama, which has no HealthCheck")


def test_load_balanced_port_that_no_container_maps(tpl, tmp_path):
    _litellm(tpl)["PortMappings"] = [{"ContainerPort": 4001, "Protocol": "tcp"}]
    assert matching(run_check(tpl, tmp_path), "litellm:4000 is not a port mapping")


def test_containers_reserving_more_than_the_task(tpl, tmp_path):
    _litellm(tpl)["Memory"] = 65536
    assert matching(run_check(tpl, tmp_path), "containers reserve", "more than the task's")


def test_ecs_exec_needs_the_ssm_channels(tpl, tmp_path):
    role = _resources(tpl, "service.yaml")["TaskRole"]
    assert not matching(run_check(tpl, tmp_path / "before", EnableEcsExec="true"), "ssmmessages")
    statement_with(role, "ssmmessages:CreateControlChannel")["Action"] = ["ssmmessages:CreateControlChannel"]
    assert matching(run_check(tpl, tmp_path / "after", EnableEcsExec="true"), "ECS Exec", "ssmmessages:OpenDataChannel")


def test_database_schedule_role_without_start(tpl, tmp_path):
    role = _resources(tpl, "data.yaml")["DatabaseScheduleRole"]
    statement_with(role, "rds:StartDBInstance")["Action"] = ["rds:StopDBInstance"]
    assert matching(run_check(tpl, tmp_path, StopDatabaseOffHours="true"), "scheduler DatabaseStartSchedule",
                    "rds:StartDBInstance", "db:llm-gateway-dev")


def test_flow_log_role_without_put_log_events(tpl, tmp_path):
    role = _resources(tpl, "network.yaml")["FlowLogRole"]
    statement_with(role, "logs:PutLogEvents")["Action"] = ["logs:CreateLogStream"]
    assert matching(run_check(tpl, tmp_path), "VPC flow logs delivery", "logs:PutLogEvents")


def test_monitoring_role_with_a_managed_policy_check_does_not_know(tpl, tmp_path):
    role = _resources(tpl, "data.yaml")["DatabaseMonitoringRole"]["Properties"]
    role["ManagedPolicyArns"] = [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"}]
    findings = run_check(tpl, tmp_path)
    assert matching(findings, "cannot evaluate managed policy arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert matching(findings, "RDS enhanced monitoring", "logs:PutLogEvents", "refused (")


def test_spot_strategy_without_the_provider_on_the_cluster(tpl, tmp_path):
    assoc = _resources(tpl, "service.yaml")["CapacityProviders"]["Properties"]
    assert not matching(run_check(tpl, tmp_path / "before"), "capacity provider strategy")
    assoc["CapacityProviders"] = ["FARGATE"]
    assert matching(run_check(tpl, tmp_path / "after", CapacityMode="spot"), "FARGATE_SPOT is not associated")


def test_cache_auth_token_needs_transit_encryption(tpl, tmp_path):
    cache = _resources(tpl, "data.yaml")["SharedCache"]["Properties"]
    assert not matching(run_check(tpl, tmp_path / "before", EnableSharedCache="true"), "AuthToken without")
    cache["TransitEncryptionEnabled"] = False
    assert matching(run_check(tpl, tmp_path / "after", EnableSharedCache="true"), "AuthToken without")


@pytest.mark.parametrize("name, found", [("openai-apikey", True), ("mistral-api-key", False)])
def test_provider_key_names_follow_secret_set(tpl, tmp_path, name, found):
    ref = {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SecretsPrefix}/" + name}
    _litellm(tpl)["Secrets"].append({"Name": "EXTRA_KEY", "ValueFrom": ref})
    statement_with(_resources(tpl, "service.yaml")["ExecutionRole"], "ssm:GetParameters")["Resource"].append(ref)
    hits = matching(run_check(tpl, tmp_path), f"/{name} is written by nothing")
    assert bool(hits) is found, hits


def test_without_a_file_system_policy_efs_grants_every_client(tpl, tmp_path):
    del _resources(tpl, "data.yaml")["ModelCache"]["Properties"]["FileSystemPolicy"]
    st = _mount_statement(tpl)
    st["Action"] = ["elasticfilesystem:DescribeMountTargets"]
    assert not matching(run_check(tpl, tmp_path), "mounting EFS", "refused (")


@pytest.mark.parametrize("key, found", [("arn:aws:kms:us-east-1:123456789012:alias/aws/ssm", False),
                                        ("arn:aws:kms:us-east-1:123456789012:key/not-this-stacks", True)])
def test_secrets_encrypted_with_another_key(tpl, tmp_path, key, found):
    _resources(tpl, "data.yaml")["Secrets"]["Properties"]["KmsKeyId"] = key
    hits = matching(run_check(tpl, tmp_path), f"KMS key {key} is not created by these templates")
    assert bool(hits) is found, hits


@pytest.mark.parametrize("fault", ["none", "no-statement", "other-prefix"])
def test_secrets_function_must_read_back_its_own_parameters_to_release_them(tpl, tmp_path, fault):
    st = statement_with(_resources(tpl, "data.yaml")["SecretsFunctionRole"], "kms:Decrypt")
    if fault == "no-statement":
        st["Action"] = ["kms:DescribeKey"]
    elif fault == "other-prefix":
        st["Condition"]["StringLike"]["kms:EncryptionContext:PARAMETER_ARN"] = {
            "Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/elsewhere/*"}
    hits = matching(run_check(tpl, tmp_path), "secrets function encrypting", "kms:Decrypt", "refused (")
    assert bool(hits) is (fault != "none"), hits


# ---------------------------------------------------------------------------------------------- the shortcut
def test_checking_in_memory_finds_what_checking_the_written_files_finds(tpl, tmp_path):
    """run_check skips writing dist/ and reading it back: a fault put back in memory gives exactly the findings
    that check_dist gives on the same templates written to disk, as `deploy-stack check --dist` reads them."""
    from deploy.check import check_dist
    from tests.check_support import env_values, lines, write
    del _resources(tpl, "service.yaml")["TasksFromLoadBalancer"]
    statement_with(_resources(tpl, "service.yaml")["ExecutionRole"], "logs:CreateLogStream")["Resource"] = [
        LOG_STREAM_FAULT]
    from_files = lines(check_dist(write(tpl, tmp_path / "dist"), env_values(), "llm-gateway-dev"))
    assert len(from_files) >= 2, from_files
    assert lines(run_check(tpl, tmp_path)) == from_files


@pytest.mark.parametrize("extra, found", [(0, False), (20_000, True)])
def test_task_definition_over_the_ecs_size_limit(tpl, tmp_path, extra, found):
    variables = _litellm(tpl)["Environment"]
    variables.append({"Name": "PADDING", "Value": "x" * extra})
    hits = matching(run_check(tpl, tmp_path), "task definition size", "over ECS's 65536-byte limit")
    assert bool(hits) is found, hits
