"""Properties every template must have, and the contract between the parent and its nested stacks."""
import re

import pytest
from troposphere import Ref

from templates import parent
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
    interface = template["Metadata"]["AWS::CloudFormation::Interface"]
    grouped = {p for g in interface["ParameterGroups"] for p in g["Parameters"]}
    assert grouped == set(template["Parameters"]), "every parameter sits in exactly one console group"
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
