"""IAM across every stack: no wildcard actions; "*" resources only where the API has no resource-level ARN;
every SSM and KMS grant scoped."""
import pytest

# Actions whose APIs accept no resource ARN, so "*" is the only possible resource.
RESOURCE_STAR_ALLOWED = {"ecr:GetAuthorizationToken", "ssmmessages:CreateControlChannel",
                         "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
                         "ssmmessages:OpenDataChannel"}


def identity_statements(templates):
    """(stack, resource, statement) for every identity policy statement (roles and managed policies)."""
    def walk(node):
        if isinstance(node, dict):
            if "Fn::If" in node:
                for branch in node["Fn::If"][1:]:
                    yield from walk(branch)
            elif "PolicyDocument" in node:
                yield from node["PolicyDocument"]["Statement"]
            else:
                for value in node.values():
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for stack, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] in ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
                props = resource["Properties"]
                documents = props.get("Policies", []) if resource["Type"] == "AWS::IAM::Role" else [props]
                for statement in walk(documents):
                    yield stack, logical_id, statement


def as_list(value):
    return value if isinstance(value, list) else [value]


def test_there_are_policies_to_check(templates):
    assert len(list(identity_statements(templates))) >= 8


def test_no_wildcard_actions(templates):
    for stack, logical_id, statement in identity_statements(templates):
        for action in as_list(statement["Action"]):
            assert "*" not in action, f"{stack}/{logical_id}: {action}"
        assert "NotAction" not in statement


def test_star_resources_only_where_the_api_requires_it(templates):
    for stack, logical_id, statement in identity_statements(templates):
        if "*" in as_list(statement["Resource"]):
            assert set(as_list(statement["Action"])) <= RESOURCE_STAR_ALLOWED, f"{stack}/{logical_id}"


@pytest.mark.parametrize("prefix", ["ssm:", "kms:"])
def test_ssm_and_kms_grants_are_scoped(templates, prefix):
    checked = 0
    for stack, logical_id, statement in identity_statements(templates):
        if any(a.startswith(prefix) for a in as_list(statement["Action"])):
            for resource in as_list(statement["Resource"]):
                assert resource != "*" and "parameter/*" not in str(resource), f"{stack}/{logical_id}"
            checked += 1
    assert checked >= 2


def test_roles_trust_one_service_each(templates):
    for stack, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] == "AWS::IAM::Role":
                (statement,) = resource["Properties"]["AssumeRolePolicyDocument"]["Statement"]
                assert set(statement["Principal"]) == {"Service"}, f"{stack}/{logical_id}"


def test_the_walk_finds_statements_inside_conditions():
    synthetic = {"x": {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [
        {"Fn::If": ["Cond", {"PolicyName": "p", "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}}, {"Ref": "AWS::NoValue"}]}]}}}}}
    (found,) = identity_statements(synthetic)
    assert found[2]["Action"] == ["s3:*"]


# --- IAM as AWS evaluates it, for the requests the runtime actors make ------------------------------------
# deploy/check/iam.py evaluates each concrete request (action, resource ARN, request context): explicit Deny
# wins, wildcards in actions and ARNs, the condition operators AWS documents; an operator it does not model
# raises, so a new feature cannot pass unevaluated.
import re  # noqa: E402

from deploy.check import iam as policy  # noqa: E402
from deploy.evaluator import Evaluator  # noqa: E402
from tests.test_data import WIRED as DATA_WIRED  # noqa: E402
from tests.test_service import WIRED as SERVICE_WIRED  # noqa: E402

ACCOUNT, REGION = "123456789012", "us-east-1"


ROLE = f"arn:aws:iam::{ACCOUNT}:role/caller"


def _decision(statements: list, action: str, resource: str, context: dict | None):
    """deploy/check/iam.py, the one policy evaluator (deploy-stack check uses it too)."""
    request = policy.Request(action, resource, ROLE, context or {})
    return policy.evaluate(request, [{"Statement": statements}], account=ACCOUNT)


def allowed(statements: list, action: str, resource: str, context: dict | None = None) -> bool:
    """An explicit Deny wins; otherwise some Allow must apply."""
    return _decision(statements, action, resource, context).allowed


def denied(statements: list, action: str, resource: str, context: dict | None = None) -> bool:
    return _decision(statements, action, resource, context).result == policy.EXPLICIT_DENY


def resolved(templates, stack: str, params: dict) -> dict:
    """The stack's resources for the parameters, with Fn::GetAtt <LogGroup>.Arn replaced by the ARN AWS
    returns for it (the group's ARN with a trailing :*); a Ref to a log group stays its logical id, which
    then stands for its name."""
    wired = {"service": SERVICE_WIRED, "data": DATA_WIRED, "network": {"EnvironmentName": "dev"}}[stack]
    resources = Evaluator(templates[stack], wired | params).resources()
    groups = [k for k, v in resources.items() if v["Type"] == "AWS::Logs::LogGroup"]

    def fix(node):
        if isinstance(node, dict):
            return {k: fix(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        if isinstance(node, str):
            for group in groups:
                node = node.replace(f"{group}.Arn", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:*")
        return node
    return fix(resources)


def role_statements(resources: dict, role: str) -> list:
    return [s for policy in resources[role]["Properties"].get("Policies", [])
            for s in policy["PolicyDocument"]["Statement"]]


@pytest.mark.parametrize("stack,role,group", [
    ("service", "ExecutionRole", "LogGroup"),            # the awslogs driver of every container
    ("data", "SecretsFunctionRole", "SecretsFunctionLogGroup"),
    ("network", "FlowLogRole", "FlowLogGroup"),
])
def test_log_writers_reach_the_streams_aws_creates(templates, stack, role, group):
    resources = resolved(templates, stack, {})
    statements = role_statements(resources, role)
    stream = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:log-stream:litellm/litellm/0123456789abcdef"
    for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
        assert allowed(statements, action, stream), f"{stack}/{role} cannot {action} on {stream}"
    other = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:SomeOtherGroup:log-stream:x"
    assert not allowed(statements, "logs:PutLogEvents", other)


def test_the_evaluator_sees_the_trailing_star_fault():
    """The fault of issue 11: a stream ARN appended to the group's Arn attribute matches no stream."""
    faulty = [{"Effect": "Allow", "Action": ["logs:CreateLogStream"],
               "Resource": [f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:G:*:log-stream:*"]}]
    assert not allowed(faulty, "logs:CreateLogStream", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:G:log-stream:s")


CACHE = {"ModelCacheFileSystemId": "fs-0123", "ModelCacheAccessPointId": "fsap-0456",
         "ModelCacheSecurityGroupId": "sg-efs"}
FS_ARN = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0123"
AP_ARN = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:access-point/fsap-0456"
EFS_CLIENT = ("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess")


def test_task_role_mounts_the_model_cache_as_root_through_the_access_point_only(templates):
    statements = role_statements(resolved(templates, "service", CACHE), "TaskRole")
    through_ap = {"elasticfilesystem:AccessPointArn": AP_ARN, "elasticfilesystem:AccessedViaMountTarget": "true"}
    for action in EFS_CLIENT:
        assert allowed(statements, action, FS_ARN, through_ap), action
        assert not allowed(statements, action, FS_ARN, {"elasticfilesystem:AccessedViaMountTarget": "true"})
    other_ap = dict(through_ap, **{"elasticfilesystem:AccessPointArn": AP_ARN.replace("0456", "9999")})
    assert not allowed(statements, "elasticfilesystem:ClientRootAccess", FS_ARN, other_ap)


def test_file_system_policy_refuses_mounts_without_an_access_point(templates):
    resources = resolved(templates, "data", {"EnableModelCache": "true"})
    statements = resources["ModelCache"]["Properties"]["FileSystemPolicy"]["Statement"]
    via_target = {"elasticfilesystem:AccessedViaMountTarget": "true", "aws:SecureTransport": "true"}
    for action in EFS_CLIENT:
        assert denied(statements, action, FS_ARN, via_target), f"{action} without an access point is not denied"
        assert not denied(statements, action, FS_ARN, dict(via_target, **{"elasticfilesystem:AccessPointArn": AP_ARN}))
    assert denied(statements, "elasticfilesystem:ClientMount", FS_ARN,
                  {"elasticfilesystem:AccessPointArn": AP_ARN, "aws:SecureTransport": "false"})


SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0"
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
NOVA = "amazon.nova-micro-v1:0"


def bedrock_statements(templates, ids: str) -> list:
    return role_statements(resolved(templates, "service", {"BedrockModelIds": ids}), "TaskRole")


def profile_arn(profile_id: str) -> str:
    return f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/{profile_id}"


def model_arn(model_id: str, region: str = REGION) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


@pytest.mark.parametrize("action", ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"])
def test_bedrock_inference_profiles_and_their_routed_models(templates, action):
    statements = bedrock_statements(templates, f"us.{SONNET},global.{HAIKU},{NOVA}")
    # The call names the profile; the profile routes it to the model in one of its regions (global: no region).
    assert allowed(statements, action, profile_arn(f"us.{SONNET}"))
    for region in ("us-east-1", "us-east-2", "us-west-2"):
        assert allowed(statements, action, model_arn(SONNET, region),
                       {"bedrock:InferenceProfileArn": profile_arn(f"us.{SONNET}")})
    assert allowed(statements, action, profile_arn(f"global.{HAIKU}"))
    assert allowed(statements, action, model_arn(HAIKU, ""), {"bedrock:InferenceProfileArn": profile_arn(f"global.{HAIKU}")})
    # A foundation-model id is invoked directly.
    assert allowed(statements, action, model_arn(NOVA))


def test_bedrock_grants_nothing_beyond_the_listed_ids(templates):
    statements = bedrock_statements(templates, f"us.{SONNET}")
    assert not allowed(statements, "bedrock:InvokeModel", model_arn(SONNET)), "only through the listed profile"
    assert not allowed(statements, "bedrock:InvokeModel", profile_arn(f"us.{HAIKU}"))
    assert not allowed(statements, "bedrock:InvokeModel", model_arn(HAIKU),
                       {"bedrock:InferenceProfileArn": profile_arn(f"us.{HAIKU}")})
    assert not allowed(statements, "bedrock:CreateModelCustomizationJob", profile_arn(f"us.{SONNET}"))


@pytest.mark.parametrize("ids,ok", [
    ("", True), (NOVA, True), (f"us.{SONNET}", True), (f"eu.{SONNET}", True), (f"apac.{SONNET}", True),
    (f"global.{HAIKU}", True), ("meta.llama3-1-8b-instruct-v1:0", True),
    ("claude", False), ("us.", False), ("arn:aws:bedrock:us-east-1::foundation-model/x.y", False),
])
def test_bedrock_ids_pattern_takes_models_and_profiles(templates, ids, ok):
    pattern = templates["service"]["Parameters"]["BedrockModelIds"]["AllowedPattern"]
    assert bool(re.fullmatch(pattern, ids)) is ok
