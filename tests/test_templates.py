"""Properties every template must have, and the contract between the parent and its nested stacks."""
import json
import re

import pytest
from troposphere import Ref

from deploy import evaluator
from templates import parent
from tests.conftest import USER_SETS
from templates.common import PROJECT

STACKS = [("parent", parent.template)] + [(f[:-5], build) for _, f, build in parent.CHILDREN]


def nested_stacks(parent_template: dict) -> dict:
    """Logical id -> (child file stem, parameters passed)."""
    out = {}
    for logical_id, resource in parent_template["Resources"].items():
        if resource["Type"] == "AWS::CloudFormation::Stack":
            url = resource["Properties"]["TemplateURL"]["Fn::Sub"]
            out[logical_id] = (re.search(r"/([a-z-]+)\.yaml$", url).group(1), resource["Properties"]["Parameters"])
    return out


def test_every_child_is_nested_from_the_artifact_bucket(templates):
    children = nested_stacks(templates["parent"])
    assert {stem for stem, _ in children.values()} == {f[:-5] for _, f, _ in parent.CHILDREN}
    for logical_id in children:
        url = templates["parent"]["Resources"][logical_id]["Properties"]["TemplateURL"]["Fn::Sub"]
        assert url.startswith("https://${ArtifactBucket}.s3.${AWS::Region}.${AWS::URLSuffix}/${ArtifactPrefix}/")


def test_parent_passes_only_parameters_the_child_declares(templates):
    for logical_id, (stem, passed) in nested_stacks(templates["parent"]).items():
        declared = templates[stem]["Parameters"]
        unknown = set(passed) - set(declared)
        assert not unknown, f"{logical_id} passes parameters its template lacks: {sorted(unknown)}"


def test_parent_passes_every_required_child_parameter(templates):
    for logical_id, (stem, passed) in nested_stacks(templates["parent"]).items():
        required = {n for n, spec in templates[stem]["Parameters"].items() if "Default" not in spec}
        assert required <= set(passed), f"{logical_id} misses {sorted(required - set(passed))}"


def test_passed_through_parameters_keep_their_definition(templates):
    parent_params = templates["parent"]["Parameters"]
    own = {"EnvironmentName", parent.ARTIFACT_BUCKET, parent.ARTIFACT_PREFIX}
    for _, (stem, passed) in nested_stacks(templates["parent"]).items():
        for name, value in passed.items():
            if value == {"Fn::Join": [",", {"Ref": name}]}:
                assert parent_params[name]["Type"].startswith(("CommaDelimitedList", "List<")), name
            elif value != {"Ref": name}:
                continue
            child_param = templates[stem]["Parameters"][name]
            if name in own:
                assert parent_params[name]["Type"] == child_param["Type"], name
            else:
                assert parent_params[name] == child_param, name


def test_wired_outputs_exist_in_the_producing_stack(templates):
    children = nested_stacks(templates["parent"])
    for _, (_, passed) in children.items():
        for value in passed.values():
            if isinstance(value, dict) and "Fn::GetAtt" in value:
                producer, attribute = value["Fn::GetAtt"]
                assert attribute.startswith("Outputs.")
                assert attribute[len("Outputs."):] in templates[children[producer][0]]["Outputs"]


@pytest.mark.parametrize("name", [n for n, _ in STACKS])
def test_console_readability(templates, name):
    template = templates[name]
    assert template["Description"].startswith("LLM gateway")
    interface = (template.get("Metadata") or {}).get("AWS::CloudFormation::Interface")
    assert interface, (f"{name}: no console groups; declare the parameters with common.Console(t) and call "
                       f"console.done() (README, Adding a stack)")
    listed = [p for g in interface["ParameterGroups"] for p in g["Parameters"]]
    assert len(listed) == len(set(listed)) and set(listed) == set(template["Parameters"]), (
        "every parameter sits in exactly one console group")
    unlabelled = {p for g in interface["ParameterGroups"] if not g["Label"]["default"].startswith(("Wiring", "Environment"))
                  for p in g["Parameters"]} - set(interface["ParameterLabels"])
    assert not unlabelled, f"parameters without a console label: {sorted(unlabelled)}"
    for param_name, spec in template["Parameters"].items():
        assert spec.get("Description"), param_name
        if {"AllowedPattern", "AllowedValues", "MinValue", "MaxValue"} & set(spec):
            assert spec.get("ConstraintDescription"), param_name


@pytest.mark.parametrize("name,build", STACKS)
def test_every_taggable_resource_carries_project_and_environment(name, build):
    untagged = []
    for logical_id, resource in build().resources.items():
        if "Tags" not in type(resource).props:
            continue
        tag_values = resource.properties.get("Tags")
        rendered = tag_values.to_dict() if hasattr(tag_values, "to_dict") else tag_values or []
        keys = {t["Key"]: t["Value"] for t in rendered} if isinstance(rendered, list) else {}
        if keys.get("project") != PROJECT or keys.get("environment") not in ({"Ref": "EnvironmentName"},
                                                                              Ref("EnvironmentName")):
            untagged.append(logical_id)
    assert not untagged, f"{name}: resources without project/environment tags: {untagged}"


def test_render_is_deterministic(rendered):
    import build
    assert build.render() == rendered


def test_no_list_parameter_reaches_a_nested_stack_unjoined(templates):
    """CloudFormation takes only strings as nested stack parameters; a list must be joined."""
    parent_params = templates["parent"]["Parameters"]
    for logical_id, (_, passed) in nested_stacks(templates["parent"]).items():
        for name, value in passed.items():
            if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in parent_params:
                assert not parent_params[value["Ref"]]["Type"].startswith(("CommaDelimitedList", "List<")), \
                    f"{logical_id}.{name}"


def test_no_security_group_keeps_the_default_allow_all_egress(templates):
    """A security group without egress rules gets allow-all egress; every group here says what it may reach."""
    groups = [(name, logical_id) for name, template in templates.items()
              for logical_id, resource in template["Resources"].items() if resource["Type"] == "AWS::EC2::SecurityGroup"]
    assert len(groups) >= 5
    for name, logical_id in groups:
        assert templates[name]["Resources"][logical_id]["Properties"].get("SecurityGroupEgress"), f"{name}/{logical_id}"


# --- Rules: only documented rule functions, evaluated for the parameters ----------------------------------
RULE_FUNCTIONS = {"Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals", "Fn::Contains", "Fn::EachMemberEquals",
                  "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll", "Ref"}


def functions_in(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("Fn::") or key == "Ref":
                yield key
            yield from functions_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from functions_in(item)


def test_rules_use_only_documented_rule_functions(templates):
    checked = 0
    for name, template in templates.items():
        for rule_name, rule in template.get("Rules", {}).items():
            used = set(functions_in(rule))
            assert used <= RULE_FUNCTIONS, f"{name}/{rule_name} uses {sorted(used - RULE_FUNCTIONS)}"
            checked += 1
    assert checked >= 3


def failed_rules(template: dict, params: dict) -> list[str]:
    """The Rules that refuse these parameter values (defaults fill the rest), by the one evaluator; every
    condition and assertion must evaluate to a truth value here."""
    values = {name: str(params.get(name, spec.get("Default", ""))) for name, spec in template["Parameters"].items()}
    failed = []
    for rule_name, rule in template.get("Rules", {}).items():
        applies = evaluator.rule_value(rule["RuleCondition"], template, values) if "RuleCondition" in rule else True
        assert isinstance(applies, bool), f"{rule_name}: condition not evaluated"
        if not applies:
            continue
        for assertion in rule["Assertions"]:
            holds = evaluator.rule_value(assertion["Assert"], template, values)
            assert isinstance(holds, bool), f"{rule_name}: assertion not evaluated"
            if not holds:
                failed.append(f"{rule_name}: {assertion['AssertDescription']}")
    return failed


@pytest.mark.parametrize("params,failing", [
    ({"EnableLocalModel": "false"}, ["AtLeastOneModel"]),
    ({"EnableLocalModel": "false", "BedrockModelIds": ""}, ["AtLeastOneModel"]),
    ({"EnableLocalModel": "false", "BedrockModelIds": "amazon.nova-micro-v1:0"}, []),
    ({"EnableLocalModel": "false", "EnableAnthropic": "true"}, []),
    ({"CpuArchitecture": "ARM64", "CapacityMode": "spot"}, ["NoArm64OnSpot"]),
    ({"CpuArchitecture": "ARM64", "CapacityMode": "spot-above-base"}, ["NoArm64OnSpot"]),
    ({"CpuArchitecture": "ARM64", "CapacityMode": "on-demand"}, []),
    ({"CpuArchitecture": "X86_64", "CapacityMode": "spot"}, []),
    ({"TaskCpu": "1024", "TaskMemory": "16384"}, ["FargateMemoryFor1024Cpu"]),
])
def test_service_rules_refuse_what_aws_cannot_run(templates, params, failing):
    assert [f.split(":")[0] for f in failed_rules(templates["service"], params)] == failing


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_every_params_file_passes_every_rule(templates, env):
    import json
    from pathlib import Path
    values = {p["ParameterKey"]: p["ParameterValue"]
              for p in json.loads((Path(__file__).parent.parent / "params" / f"{env}.json").read_text())}
    values |= USER_SETS.get(env, {})
    for name, template in templates.items():
        assert not failed_rules(template, {k: v for k, v in values.items() if k in template.get("Parameters", {})}), name


# --- Life cycle: a failed create, a rollback or a destroy leaves nothing that blocks the next create ------
# The property that fixes a resource's physical name, per type (None: the type has no such property, or we
# never set it). A new resource type must be classified here before the test passes.
NAME_PROPERTY = {
    "AWS::Logs::LogGroup": "LogGroupName", "AWS::ECS::Cluster": "ClusterName",
    "AWS::RDS::DBInstance": "DBInstanceIdentifier", "AWS::KMS::Alias": "AliasName",
    "AWS::ECR::PullThroughCacheRule": "EcrRepositoryPrefix", "AWS::CloudWatch::Dashboard": "DashboardName",
    "AWS::IAM::Role": "RoleName", "AWS::Lambda::Function": "FunctionName", "AWS::SNS::Topic": "TopicName",
    "AWS::EC2::SecurityGroup": "GroupName", "AWS::ElasticLoadBalancingV2::LoadBalancer": "Name",
    "AWS::ElasticLoadBalancingV2::TargetGroup": "Name", "AWS::RDS::DBParameterGroup": "DBParameterGroupName",
    "AWS::RDS::DBSubnetGroup": "DBSubnetGroupName", "AWS::ElastiCache::ReplicationGroup": "ReplicationGroupId",
    "AWS::ElastiCache::SubnetGroup": "CacheSubnetGroupName", "AWS::Scheduler::Schedule": "Name", "AWS::Events::Rule": "Name",
    "Custom::Secrets": "ParameterPrefix",
    # Named, but a second create adds a revision or a policy of the new target: no collision.
    "AWS::ECS::TaskDefinition": None, "AWS::ApplicationAutoScaling::ScalingPolicy": None,
    **{t: None for t in (
        "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::CloudFormation::Stack",
        "AWS::CloudFormation::WaitConditionHandle", "AWS::CloudWatch::Alarm", "AWS::EC2::EIP", "AWS::EC2::FlowLog",
        "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::Route", "AWS::EC2::RouteTable",
        "AWS::EC2::SecurityGroupEgress", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::Subnet",
        "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPC", "AWS::EC2::VPCEndpoint",
        "AWS::EC2::VPCGatewayAttachment", "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::ECS::Service",
        "AWS::EFS::AccessPoint", "AWS::EFS::FileSystem", "AWS::EFS::MountTarget",
        "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::KMS::Key",
        "AWS::SNS::TopicPolicy")},
}
# Policies under which the resource is gone after a rollback and a destroy (Snapshot deletes the instance).
GOES_WITH_THE_STACK = {"Delete", "Snapshot"}


def test_nothing_that_survives_a_stack_has_a_fixed_name(templates):
    for name, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            kind = resource["Type"]
            assert kind in NAME_PROPERTY, f"{name}/{logical_id}: classify {kind} in NAME_PROPERTY"
            policy = resource.get("DeletionPolicy", "Delete")
            named = NAME_PROPERTY[kind] in resource.get("Properties", {}) if NAME_PROPERTY[kind] else False
            assert not (named and policy not in GOES_WITH_THE_STACK), (
                f"{name}/{logical_id} has a fixed {NAME_PROPERTY[kind]} and DeletionPolicy {policy}: it outlives "
                "a failed create or a destroy, and the next create fails with 'already exists'")


def test_no_resource_outlives_a_failed_first_create(templates):
    for name, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            assert resource.get("DeletionPolicy") != "Retain", (
                f"{name}/{logical_id}: Retain keeps it after a failed create's rollback; use RetainExceptOnCreate")


def test_parent_checks_the_childrens_rules_before_creating_anything(templates):
    """A child's Rules run only when that nested stack is created, after the stacks before it; the parent's
    run first. Every child rule that reads only parameters the parent passes through is the parent's too."""
    parent_rules = templates["parent"]["Rules"]
    hoisted = 0
    for logical_id, (stem, passed) in nested_stacks(templates["parent"]).items():
        passed_through = {name for name, value in passed.items() if value == {"Ref": name}
                          or value == {"Fn::Join": [",", {"Ref": name}]}}
        for name, rule in templates[stem].get("Rules", {}).items():
            reads = {value for key, value in _walk_refs(rule)}
            if reads <= passed_through:
                assert parent_rules.get(name) == rule, f"{stem} rule {name} is not checked by the parent"
                hoisted += 1
    assert hoisted >= 7


def _walk_refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref":
                yield key, value
            else:
                yield from _walk_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_refs(item)


# An update that changes a create-only property replaces the resource, and CloudFormation creates the new
# one before it deletes the old: with the same fixed name, the update fails ("already exists"). Accepted
# cases, each with the way around it (written where the parameter is described).
REPLACEMENT_COLLISIONS_ACCEPTED = {
    ("service", "GhcrPullThroughCacheRule", "CredentialArn"): "rotate the secret's value, not its ARN; to change "
    "the ARN, deploy once with the parameter empty, then with the new ARN",
    ("service", "DockerHubPullThroughCacheRule", "CredentialArn"): "as for ghcr.io",
}


def test_no_parameter_update_replaces_a_resource_under_the_same_name(templates):
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
    checked = 0
    for name, template in templates.items():
        parameters = set(template.get("Parameters", {}))
        for logical_id, resource in template["Resources"].items():
            name_property = NAME_PROPERTY.get(resource["Type"])
            props = resource.get("Properties", {})
            if not name_property or name_property not in props or resource["Type"].startswith("Custom::"):
                continue
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource["Type"]).schema
            name_reads = {v for _, v in _walk_refs(props[name_property])} | set(
                re.findall(r"\$\{([A-Za-z0-9]+)\}", json.dumps(props[name_property])))
            for pointer in schema.get("createOnlyProperties", []):
                prop = pointer.split("/")[2]
                if prop == name_property or prop not in props:
                    continue
                reads = ({v for _, v in _walk_refs(props[prop])}
                         | set(re.findall(r"\$\{([A-Za-z0-9]+)\}", json.dumps(props[prop])))) & parameters
                checked += 1
                if reads - name_reads and (name, logical_id, prop) not in REPLACEMENT_COLLISIONS_ACCEPTED:
                    pytest.fail(f"{name}/{logical_id}: changing {sorted(reads - name_reads)} replaces it ({prop} is "
                                f"create-only) under the same {name_property}, and the update fails")
    assert checked >= 5
