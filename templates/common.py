"""Pieces every stack shares: the environment parameter, tags and console metadata."""
from troposphere import Parameter, Ref, Sub, Tags, Template
from troposphere.ec2 import SecurityGroupRule

PROJECT = "llm-gateway"
ENVIRONMENT_NAME = "EnvironmentName"
ENVIRONMENT_PATTERN = r"^[a-z][a-z0-9-]{1,19}$"


def environment_parameter(t: Template) -> Parameter:
    return t.add_parameter(Parameter(
        ENVIRONMENT_NAME, Type="String",
        Description="Environment name used in resource names, tags and the SSM path (dev, staging, prod, ci)",
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


def no_egress() -> list[SecurityGroupRule]:
    """Egress for a group whose members never open connections (database, cache, endpoints): a loopback rule
    replaces the allow-all egress a security group gets by default."""
    return [SecurityGroupRule(IpProtocol="-1", CidrIp="127.0.0.1/32", Description="no egress")]


def checkov_skips(**reasons: str) -> dict:
    """Resource Metadata that accepts checkov findings, each with its reason: checkov_skips(CKV_AWS_2="...")."""
    return {"checkov": {"skip": [{"id": check, "comment": reason} for check, reason in reasons.items()]}}


def interface_of(t: Template) -> dict:
    return t.metadata.get("AWS::CloudFormation::Interface", {"ParameterGroups": [], "ParameterLabels": {}})


# Parameters declared by more than one nested stack: one definition, so the parent passes one value to both.
LOG_RETENTION = "LogRetentionDays"
SCHEDULE_TIMEZONE = "ScheduleTimezone"
LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
                      2557, 2922, 3288, 3653]


def log_retention_parameter(t: Template) -> Parameter:
    return t.add_parameter(Parameter(
        LOG_RETENTION, Type="Number", Default=30, AllowedValues=LOG_RETENTION_DAYS,
        Description="Days to keep application, database and function logs",
        ConstraintDescription="a CloudWatch Logs retention value"))


def schedule_timezone_parameter(t: Template) -> Parameter:
    return t.add_parameter(Parameter(
        SCHEDULE_TIMEZONE, Type="String", Default="UTC", AllowedPattern=r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$",
        Description="IANA time zone of the work-hours schedules, e.g. Europe/Berlin or America/New_York",
        ConstraintDescription="an IANA time zone name such as UTC or Europe/Berlin"))
