"""check on a repaired copy of dist/: issue 11's faults fixed the way the issue describes, every environment
clean. A checker that reports a correct system is as useless as one that reports nothing."""
import pytest

from deploy.check import check_templates
from tests.check_support import ROOT, copy_templates, env_values, statement_with
from tests.test_check_faults import ACCESS_POINT_ONLY, BEDROCK_FIXED, LOG_STREAM_FIXED

ENVIRONMENTS = sorted(p.stem for p in (ROOT / "params").glob("*.json"))


def repair(tpl):
    service, data = tpl["service.yaml"]["Resources"], tpl["data.yaml"]["Resources"]
    statement_with(service["ExecutionRole"], "logs:CreateLogStream")["Resource"] = [LOG_STREAM_FIXED]   # 1
    mount = statement_with(service["TaskRole"], "elasticfilesystem:ClientMount")                          # 2
    mount["Action"] = sorted(set(mount["Action"]) | {"elasticfilesystem:ClientRootAccess"})
    policy = data["ModelCache"]["Properties"]["FileSystemPolicy"]
    if "elasticfilesystem:AccessPointArn" not in str(policy):
        policy["Statement"].append(ACCESS_POINT_ONLY)
    data["SecretsFunction"]["Properties"].pop("ReservedConcurrentExecutions", None)                      # 3
    for logical_id in ("DatabaseLogGroup", "SecretsFunctionLogGroup"):                                   # 4
        data[logical_id]["DeletionPolicy"] = data[logical_id]["UpdateReplacePolicy"] = "Delete"
    data["Key"]["DeletionPolicy"] = "RetainExceptOnCreate"
    data["Secrets"]["Properties"]["RetainOnDelete"] = "false"   # the handler's rollback leak, fixed in the copy
    tpl["service.yaml"]["Rules"]["AtLeastOneModel"]["Assertions"][0]["Assert"] = {"Fn::Or": [             # 5
        {"Fn::Equals": [{"Ref": "EnableLocalModel"}, "true"]}, {"Fn::Equals": [{"Ref": "EnableOpenAi"}, "true"]},
        {"Fn::Equals": [{"Ref": "EnableAnthropic"}, "true"]},
        {"Fn::Not": [{"Fn::EachMemberEquals": [{"Ref": "BedrockModelIds"}, ""]}]}]}
    bedrock = statement_with(service["TaskRole"], "bedrock:InvokeModel")                                 # 6
    bedrock["Resource"] = BEDROCK_FIXED
    containers = service["TaskDefinition"]["Properties"]["ContainerDefinitions"]                         # 8
    litellm = next(c for c in containers if isinstance(c, dict) and c.get("Name") == "litellm")
    litellm["HealthCheck"].update(StartPeriod=300, Interval=30, Retries=10)
    return tpl


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("extra", [{}, {"BedrockModelIds": "us.anthropic.claude-sonnet-4-20250514-v1:0,amazon.nova-micro-v1:0",
                                        "EnableOpenAi": "true", "EnableEcsExec": "true"}])
def test_repaired_templates_are_clean(rendered, env, extra):
    findings = check_templates(repair(copy_templates(rendered)), env_values(env, **extra), f"llm-gateway-{env}")
    assert [f.line() for f in findings] == []
