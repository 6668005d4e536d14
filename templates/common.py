"""Pieces every stack shares: the environment parameter, tags and console metadata."""
from troposphere import Parameter, Ref, Sub, Tags, Template

PROJECT = "llm-gateway"
ENVIRONMENT_NAME = "EnvironmentName"
ENVIRONMENT_PATTERN = r"^[a-z][a-z0-9-]{1,19}$"


def environment_parameter(t: Template) -> Parameter:
    return t.add_parameter(Parameter(
        ENVIRONMENT_NAME, Type="String",
        Description="Environment name used in resource names, tags and the SSM path (dev, staging, prod, dev-ci)",
        AllowedPattern=ENVIRONMENT_PATTERN,
        ConstraintDescription="2-20 characters: lowercase letters, digits and hyphens, starting with a letter",
    ))


def tags(name: str | None = None, **extra: str) -> Tags:
    """Project and environment tags (plus a Name tag `<env>-<name>` when given)."""
    values = {"project": PROJECT, "environment": Ref(ENVIRONMENT_NAME), **extra}
    if name:
        values["Name"] = Sub(f"${{{ENVIRONMENT_NAME}}}-{name}")
    return Tags(**values)


def boolean_parameter(t: Template, name: str, description: str, default: str = "false") -> Parameter:
    return t.add_parameter(Parameter(
        name, Type="String", Default=default, AllowedValues=["true", "false"], Description=description,
        ConstraintDescription="true or false",
    ))


def set_interface(t: Template, groups: list[tuple[str, list[str]]], labels: dict[str, str]) -> None:
    """Console parameter groups and labels (AWS::CloudFormation::Interface)."""
    t.set_metadata({"AWS::CloudFormation::Interface": {
        "ParameterGroups": [{"Label": {"default": label}, "Parameters": names} for label, names in groups],
        "ParameterLabels": {name: {"default": text} for name, text in sorted(labels.items())},
    }})


def interface_of(t: Template) -> dict:
    return t.metadata.get("AWS::CloudFormation::Interface", {"ParameterGroups": [], "ParameterLabels": {}})
