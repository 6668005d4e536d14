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
