"""Canaries for the moto bridges in tests/emulator.py: each runs STOCK moto (no bridge) and asserts the gap is
fixed. They are strict xfails: while moto still has the gap they xfail; the day moto fixes it they pass, strict
turns that into a failure, and the bridge (and the canary) can be deleted.

Each canary first checks that its scenario runs at all, so an xfail means "the gap", not "a broken test".
"""
from __future__ import annotations

import json

import pytest
import yaml
from moto import mock_aws

from tests import emulator

pytestmark = pytest.mark.emulated
REGION = "us-east-1"


@pytest.fixture
def stock(monkeypatch, tmp_path):
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with mock_aws():
        session = emulator.fast_session(REGION)
        s3, cfn = session.client("s3"), session.client("cloudformation")
        s3.create_bucket(Bucket="canary")
        yield session, s3, cfn


def put(s3, key: str, doc: dict) -> str:
    s3.put_object(Bucket="canary", Key=key, Body=yaml.safe_dump(doc).encode())
    return f"https://canary.s3.{REGION}.amazonaws.com/{key}"


CHILD = {"Parameters": {"Value": {"Type": "String", "Default": "one"}},
         "Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {
             "Name": "/canary/child", "Type": "String", "Value": {"Ref": "Value"}}}},
         "Outputs": {"Echo": {"Value": {"Ref": "Value"}}}}


def nested_parent(child_url: str, value: str = "one") -> dict:
    return {"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                "TemplateURL": child_url, "Parameters": {"Value": value}}}},
            "Outputs": {"Echo": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Echo"]}}}}


def execute(cfn, name: str, template_url: str, kind: str, parameters=None, tags=None) -> dict:
    resp = cfn.create_change_set(StackName=name, ChangeSetName=f"cs{abs(hash((kind, str(parameters)))) % 10**8}",
                                 ChangeSetType=kind, TemplateURL=template_url, Parameters=parameters or [],
                                 Tags=tags or [])
    desc = cfn.describe_change_set(ChangeSetName=resp["Id"])
    if desc["Status"] == "CREATE_COMPLETE":
        cfn.execute_change_set(ChangeSetName=resp["Id"])
    return desc


@pytest.mark.xfail(strict=True, raises=AttributeError, reason="B1: moto has no Stack.get_cfn_attribute "
                   "('Outputs.X' of a nested stack)")
def test_b1_getatt_of_nested_stack_outputs(stock):
    _, s3, cfn = stock
    child = put(s3, "child.yaml", CHILD)
    consumer = {"Resources": {"Child": nested_parent(child)["Resources"]["Child"],
                              "Copy": {"Type": "AWS::SSM::Parameter", "Properties": {
                                  "Name": "/canary/copy", "Type": "String",
                                  "Value": {"Fn::GetAtt": ["Child", "Outputs.Echo"]}}}}}
    cfn.create_stack(StackName="b1", TemplateBody=json.dumps(consumer))
    assert cfn.describe_stacks(StackName="b1")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


def _custom_resource_template(kind: str) -> dict:
    return {"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole"}]}}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Handler": "index.handler", "Runtime": "python3.12", "Role": {"Fn::GetAtt": ["Role", "Arn"]},
            "Code": {"ZipFile": "def handler(event, context):\n    pass\n"}}},
        "Custom": {"Type": kind, "Properties": {"ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}}}}}


@pytest.mark.xfail(strict=True, reason="B2: moto runs custom-resource Lambdas in Docker in a background thread; "
                   "without Docker the stack stays CREATE_IN_PROGRESS forever")
def test_b2_custom_resource_completes_without_docker(stock):
    _, _, cfn = stock
    cfn.create_stack(StackName="b2", TemplateBody=json.dumps(_custom_resource_template("Custom::Thing")))
    assert cfn.describe_stacks(StackName="b2")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


@pytest.mark.xfail(strict=True, reason="B3: moto does not know AWS::CloudFormation::CustomResource (skipped)")
def test_b3_cloudformation_custom_resource_type_is_known(stock):
    from moto.cloudformation.parsing import resource_class_from_type

    assert resource_class_from_type("Custom::Thing") is not None  # the scenario works for Custom::
    assert resource_class_from_type("AWS::CloudFormation::CustomResource") is not None


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="B4: moto replaces a nested stack on update "
                   "(delete + create, new id) instead of updating it in place")
def test_b4_nested_stack_updated_in_place(stock):
    _, s3, cfn = stock
    child = put(s3, "child.yaml", CHILD)
    cfn.create_stack(StackName="b4", TemplateBody=json.dumps(nested_parent(child, "one")))
    before = cfn.describe_stack_resource(StackName="b4", LogicalResourceId="Child")
    cfn.update_stack(StackName="b4", TemplateBody=json.dumps(nested_parent(child, "two")))
    after = cfn.describe_stack_resource(StackName="b4", LogicalResourceId="Child")
    assert after["StackResourceDetail"]["PhysicalResourceId"] == before["StackResourceDetail"]["PhysicalResourceId"]


FLAT = {"Parameters": {"Value": {"Type": "String"}},
        "Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Name": {"Fn::Sub": "/canary/${AWS::StackName}"}, "Type": "String", "Value": {"Ref": "Value"}}}},
        "Outputs": {"Echo": {"Value": {"Ref": "Value"}}}}


@pytest.mark.xfail(strict=True, reason="B5: an executed UPDATE change set leaves the old parameters on the "
                   "stack, so the identical change set again is not 'no changes'")
def test_b5_executed_change_set_records_parameters(stock):
    _, s3, cfn = stock
    url = put(s3, "flat.yaml", FLAT)
    execute(cfn, "b5", url, "CREATE", [{"ParameterKey": "Value", "ParameterValue": "one"}])
    execute(cfn, "b5", url, "UPDATE", [{"ParameterKey": "Value", "ParameterValue": "two"}])
    again = execute(cfn, "b5", url, "UPDATE", [{"ParameterKey": "Value", "ParameterValue": "two"}])
    assert again["Status"] == "FAILED" and "didn't contain changes" in again["StatusReason"]


@pytest.mark.xfail(strict=True, reason="B5: a stack created through a CREATE change set never has Outputs "
                   "(moto keeps the output map of the empty template it started from)")
def test_b5_stack_created_by_change_set_has_outputs(stock):
    _, s3, cfn = stock
    url = put(s3, "flat.yaml", FLAT)
    execute(cfn, "b5o", url, "CREATE", [{"ParameterKey": "Value", "ParameterValue": "one"}])
    stack = cfn.describe_stacks(StackName="b5o")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack.get("Outputs") == [{"OutputKey": "Echo", "OutputValue": "one"}]


@pytest.mark.xfail(strict=True, reason="B7: a change set that only changes a parameter value lists no changes")
def test_b7_parameter_only_change_set_lists_the_resource(stock):
    _, s3, cfn = stock
    url = put(s3, "flat.yaml", FLAT)
    execute(cfn, "b7", url, "CREATE", [{"ParameterKey": "Value", "ParameterValue": "one"}])
    desc = execute(cfn, "b7", url, "UPDATE", [{"ParameterKey": "Value", "ParameterValue": "two"}])
    assert desc["Status"] == "CREATE_COMPLETE"
    assert [c["ResourceChange"]["LogicalResourceId"] for c in desc["Changes"]] == ["Param"]


@pytest.mark.xfail(strict=True, reason="B6: moto ignores Bool conditions in bucket policies, so the standard "
                   "TLS-only Deny statement denies HTTPS requests too")
def test_b6_tls_only_bucket_policy_allows_https(stock):
    _, s3, _ = stock
    s3.put_object(Bucket="canary", Key="before", Body=b"x")  # the scenario works without the policy
    from deploy.artifacts import tls_only_policy

    s3.put_bucket_policy(Bucket="canary", Policy=tls_only_policy("canary", REGION))
    s3.put_object(Bucket="canary", Key="after", Body=b"x")


def _flat_stack(cfn, name: str, resources: dict, parameters: dict | None = None) -> str:
    template = {"Parameters": parameters or {}, "Resources": resources,
                "Conditions": {"Never": {"Fn::Equals": ["a", "b"]}}}
    try:
        cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))
    except Exception as exc:  # noqa: BLE001 - moto raises plain Python errors for these gaps
        return f"raised {exc!r}"
    return cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]


VPC = {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}


def test_b9_scenario_works_without_the_gaps(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b9ok", VPC | {"Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {
        "VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24",
        "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}}}) == "CREATE_COMPLETE"


@pytest.mark.xfail(strict=True, reason="B9: moto does not evaluate Fn::Cidr")
def test_b9_fn_cidr(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b9", {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
                                   "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {
                                       "VpcId": {"Ref": "Vpc"}, "CidrBlock": {"Fn::Select": [
                                           1, {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}]}}}}) == "CREATE_COMPLETE"


@pytest.mark.xfail(strict=True, reason="B9: moto does not resolve the argument of Fn::GetAZs {Ref: AWS::Region}")
def test_b9_getazs_with_region_ref(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b9g", {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
                                    "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {
                                        "VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24",
                                        "AvailabilityZone": {"Fn::Select": [
                                            0, {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}}}}) == "CREATE_COMPLETE"


@pytest.mark.xfail(strict=True, reason="B10: moto's KMS model reads Tags as TagKey/TagValue, not CloudFormation's "
                   "Key/Value")
def test_b10_kms_key_with_tags(stock):
    _, _, cfn = stock
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                                                      "Action": "kms:*", "Resource": "*"}]}
    assert _flat_stack(cfn, "b10", {"Key": {"Type": "AWS::KMS::Key", "Properties": {
        "KeyPolicy": policy}}}) == "CREATE_COMPLETE"  # the scenario works without tags
    assert _flat_stack(cfn, "b10t", {"Key": {"Type": "AWS::KMS::Key", "Properties": {
        "KeyPolicy": policy, "Tags": [{"Key": "project", "Value": "x"}]}}}) == "CREATE_COMPLETE"


@pytest.mark.xfail(strict=True, reason="B11: Ref to AWS::RDS::DBParameterGroup yields moto's object, not a name")
def test_b11_ref_of_db_parameter_group(stock):
    from moto.rds.models import DBParameterGroup

    assert hasattr(DBParameterGroup, "physical_resource_id")


@pytest.mark.xfail(strict=True, reason="B12: moto's target group model has no get_cfn_attribute")
def test_b12_getatt_on_target_group(stock):
    from moto.elbv2.models import FakeTargetGroup

    assert hasattr(FakeTargetGroup, "get_cfn_attribute")


@pytest.mark.xfail(strict=True, reason="B13: moto keeps AWS::NoValue as None inside lists")
def test_b13_novalue_removed_from_lists(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b13", {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {
        "Name": "/canary/b13", "Type": "String", "Value": {"Fn::Join": [",", [
            "a", {"Fn::If": ["Never", "b", {"Ref": "AWS::NoValue"}]}]]}}}}) == "CREATE_COMPLETE"
    value = stock[0].client("ssm").get_parameter(Name="/canary/b13")["Parameter"]["Value"]
    assert value == "a"


@pytest.mark.xfail(strict=True, reason="B8: moto ignores a custom resource's FAILED response (only SUCCESS is "
                   "handled), so the stack never fails or rolls back")
def test_b8_failed_custom_resource_fails_the_stack(stock):
    import requests

    _, _, cfn = stock
    cfn.create_stack(StackName="b8", TemplateBody=json.dumps(_custom_resource_template("Custom::Thing")))
    stack_id = cfn.describe_stacks(StackName="b8")["Stacks"][0]["StackId"]
    url = f"https://cloudformation.{REGION}.amazonaws.com/cloudformation_{REGION}/cfnresponse?stack={stack_id}"
    answer = requests.put(url, data=json.dumps({"Status": "FAILED", "Reason": "boom", "StackId": stack_id,
                                                "LogicalResourceId": "Custom", "PhysicalResourceId": "x"}))
    assert answer.status_code == 200  # moto received it
    status = cfn.describe_stacks(StackName="b8")["Stacks"][0]["StackStatus"]
    assert status in ("CREATE_FAILED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE")


@pytest.mark.xfail(strict=True, reason="B14: moto has no CloudFormation model for these types; it skips them and "
                   "a GetAtt on one fails the template")
@pytest.mark.parametrize("resource_type", [
    "AWS::ElastiCache::ReplicationGroup", "AWS::Scheduler::Schedule", "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::CloudWatch::Alarm", "AWS::SNS::TopicPolicy"])
def test_b14_unmodelled_types(stock, resource_type):
    from moto.cloudformation import parsing

    assert parsing.resource_class_from_type(resource_type) is not None


@pytest.mark.xfail(strict=True, reason="B15: moto describes a CommaDelimitedList parameter as the Python list's "
                   "repr, not the comma-joined string")
def test_b15_list_parameter_is_described_joined(stock):
    _, _, cfn = stock
    cfn.create_stack(StackName="b15", TemplateBody=json.dumps({
        "Parameters": {"Cidrs": {"Type": "CommaDelimitedList"}},
        "Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Name": "/canary/b15", "Type": "String", "Value": "x"}}}}),
        Parameters=[{"ParameterKey": "Cidrs", "ParameterValue": "10.0.0.0/16,10.1.0.0/16"}])
    described = cfn.describe_stacks(StackName="b15")["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE"
    assert described["Parameters"] == [{"ParameterKey": "Cidrs", "ParameterValue": "10.0.0.0/16,10.1.0.0/16"}]


@pytest.mark.xfail(strict=True, reason="B16: moto does not implement UpdateTerminationProtection")
def test_b16_termination_protection_can_be_turned_on(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b16", VPC) == "CREATE_COMPLETE"
    cfn.update_termination_protection(StackName="b16", EnableTerminationProtection=True)
    assert cfn.describe_stacks(StackName="b16")["Stacks"][0]["EnableTerminationProtection"] is True


@pytest.mark.xfail(strict=True, reason="B17: moto does not implement drift detection")
def test_b17_drift_detection(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b17", VPC) == "CREATE_COMPLETE"
    detection = cfn.detect_stack_drift(StackName="b17")["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert status["StackDriftStatus"] == "IN_SYNC"


@pytest.mark.xfail(strict=True, reason="B18: moto's GetTemplate ignores ChangeSetName")
def test_b18_get_template_of_a_change_set(stock):
    _, _, cfn = stock
    assert _flat_stack(cfn, "b18", VPC) == "CREATE_COMPLETE"
    new = {"Resources": dict(VPC, Topic={"Type": "AWS::SNS::Topic"})}
    cfn.create_change_set(StackName="b18", ChangeSetName="next", ChangeSetType="UPDATE", TemplateBody=json.dumps(new))
    body = cfn.get_template(StackName="b18", ChangeSetName="next")["TemplateBody"]
    assert "Topic" in (body if isinstance(body, dict) else json.loads(body))["Resources"]


@pytest.mark.xfail(strict=True, reason="B19: moto deletes RetainExceptOnCreate resources with the stack")
def test_b19_retain_except_on_create_survives_a_delete(stock):
    session, _, cfn = stock
    kept = {"Kept": {"Type": "AWS::SSM::Parameter", "DeletionPolicy": "RetainExceptOnCreate",
                     "Properties": {"Name": "/canary/kept", "Type": "String", "Value": "x"}}}
    assert _flat_stack(cfn, "b19", kept) == "CREATE_COMPLETE"
    cfn.delete_stack(StackName="b19")
    assert session.client("ssm").get_parameter(Name="/canary/kept")["Parameter"]["Value"] == "x"


def test_every_bridge_has_a_canary():
    doc = emulator.__doc__
    names = sorted({n.split("_")[1].upper() for n in globals() if n.startswith("test_b")}, key=lambda b: int(b[1:]))
    documented = sorted({line.split()[0] for line in doc.splitlines() if line[:1] == "B" and line.split()[0][1:].isdigit()},
                        key=lambda b: int(b[1:]))
    assert names == documented == [f"B{i}" for i in range(1, 20)]
