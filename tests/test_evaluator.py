"""deploy/evaluator.py: intrinsics, physical names/ARNs, nested stacks through the parent's wiring, Rules."""
import pytest

from deploy.evaluator import (Deployment, Evaluator, failed_rules, rule_problems, rule_value,
                              undocumented_rule_functions)
from tests.check_support import copy_templates, env_values

PARENT = {"Parameters": {"Env": {"Type": "String"}, "Ids": {"Type": "CommaDelimitedList", "Default": "a,b"}},
          "Resources": {
              "Producer": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                  "TemplateURL": "https://bucket.s3.amazonaws.com/p/producer.yaml",
                  "Parameters": {"Env": {"Ref": "Env"}}}},
              "Consumer": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                  "TemplateURL": "https://bucket.s3.amazonaws.com/p/consumer.yaml",
                  "Parameters": {"GroupArn": {"Fn::GetAtt": ["Producer", "Outputs.GroupArn"]},
                                 "Ids": {"Fn::Join": [",", {"Ref": "Ids"}]}}}}}}
PRODUCER = {"Parameters": {"Env": {"Type": "String"}},
            "Mappings": {"Sizes": {"dev": {"Days": "7"}}},
            "Resources": {"Group": {"Type": "AWS::Logs::LogGroup", "Properties": {
                "LogGroupName": {"Fn::Sub": "/app/${Env}"},
                "RetentionInDays": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Days"]}}},
                "Key": {"Type": "AWS::KMS::Key", "Properties": {}}},
            "Outputs": {"GroupArn": {"Value": {"Fn::GetAtt": ["Group", "Arn"]}},
                        "KeyArn": {"Value": {"Fn::GetAtt": ["Key", "Arn"]}}}}
CONSUMER = {"Parameters": {"GroupArn": {"Type": "String"}, "Ids": {"Type": "List<AWS::EC2::Subnet::Id>"}},
            "Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
                "Stream": {"Fn::Sub": "${GroupArn}:log-stream:*"}, "Second": {"Fn::Select": [1, {"Ref": "Ids"}]}}}},
            "Outputs": {"RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}}}
FILES = {"parent.yaml": PARENT, "producer.yaml": PRODUCER, "consumer.yaml": CONSUMER}


def test_symbolic_mode_is_unchanged_for_the_tests():
    ev = Evaluator(PRODUCER, {"Env": "dev"})
    assert ev.outputs() == {"GroupArn": "Group.Arn", "KeyArn": "Key.Arn"}
    assert ev.resources()["Group"]["Properties"] == {"LogGroupName": "/app/dev", "RetentionInDays": "7"}


def test_a_child_gets_what_the_parent_passes_and_the_producers_outputs():
    stacks = Deployment(FILES, {"Env": "dev"}, stack_name="gw-dev").all_stacks()
    assert set(stacks) == {"parent", "Producer", "Consumer"}
    role = stacks["Consumer"].resources["Role"]["Properties"]
    # the log group ARN AWS returns ends in ':*', so appending ':log-stream:*' builds a pattern no stream matches
    assert role["Stream"] == "arn:aws:logs:us-east-1:123456789012:log-group:/app/dev:*:log-stream:*"
    assert role["Second"] == "b"
    assert stacks["Producer"].outputs["KeyArn"].startswith("arn:aws:kms:us-east-1:123456789012:key/")
    assert stacks["Consumer"].outputs["RoleArn"].startswith("arn:aws:iam::123456789012:role/gw-dev-Consumer-")


def test_an_output_the_producer_does_not_have_raises():
    broken = dict(FILES, **{"producer.yaml": {**PRODUCER, "Outputs": {}}})
    with pytest.raises(KeyError, match="no output GroupArn"):
        Deployment(broken, {"Env": "dev"})


def test_a_template_url_naming_a_missing_file_raises():
    with pytest.raises(KeyError, match="consumer.yaml"):
        Deployment({k: v for k, v in FILES.items() if k != "consumer.yaml"}, {"Env": "dev"})


def test_the_real_templates_wire_through(rendered):
    stacks = Deployment(copy_templates(rendered), {**env_values("prod"), "ArtifactBucket": "b",
                                                   "ArtifactPrefix": "p"}, stack_name="llm-gateway-prod").all_stacks()
    data, service = stacks["Data"], stacks["Service"]
    assert service.evaluator.params["KmsKeyArn"] == data.outputs["KmsKeyArn"]
    assert service.evaluator.params["PrivateSubnetIds"] == stacks["Network"].outputs["PrivateSubnetIds"]
    assert len(service.evaluator.params["PrivateSubnetIds"].split(",")) == 3
    assert data.outputs["MasterKeyParameterArn"] == \
        "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/prod/master-key"


RULES = {"Parameters": {"Mode": {"Type": "String"}, "Ids": {"Type": "CommaDelimitedList"}},
         "Rules": {
             "Join": {"Assertions": [{"Assert": {"Fn::Not": [{"Fn::Equals": [{"Fn::Join": ["", {"Ref": "Ids"}]}, ""]}]},
                                      "AssertDescription": "ids"}]},
             "Placement": {"RuleCondition": {"Fn::Equals": [{"Ref": "Mode"}, "none"]},
                           "Assertions": [{"Assert": {"Fn::Contains": [["a", "b"], {"Ref": "Mode"}]},
                                           "AssertDescription": "mode none needs a or b"}]},
             "Each": {"Assertions": [{"Assert": {"Fn::EachMemberIn": [{"Ref": "Ids"}, ["x", "y"]]},
                                      "AssertDescription": "ids from x, y"}]}}}


def test_only_documented_rule_functions():
    assert undocumented_rule_functions(RULES) == [("Join", "Fn::Join")]


def test_rules_evaluated_locally():
    assert failed_rules(RULES, {"Mode": "none", "Ids": "x,z"}) == [
        ("Placement", "mode none needs a or b", ["Mode"]), ("Each", "ids from x, y", ["Ids"])]
    assert failed_rules(RULES, {"Mode": "other", "Ids": "x,y"}) == []
    # an assertion with an undocumented function cannot be evaluated: left out, never reported as holding
    assert rule_value(RULES["Rules"]["Join"]["Assertions"][0]["Assert"], RULES, {"Ids": ""}) is None


def test_rule_problems_message_names_values_and_sources():
    lines = rule_problems(RULES, {"Mode": "none", "Ids": "x"}, {"Mode": "params/dev.json"})
    assert lines == ["rule Placement in dist/parent.yaml: mode none needs a or b [Mode=none (params/dev.json)]"]
