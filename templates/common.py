"""Pieces every stack shares: the environment parameter, tags and console metadata."""
from troposphere import Parameter, Ref, Sub, Tags, Template
from troposphere.ec2 import SecurityGroupEgress, SecurityGroupIngress, SecurityGroupRule

from templates.names import AZ_COUNT

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


def az_count_parameter(t: Template) -> Parameter:
    """Declared by the network stack (subnets) and the data stack (a mount target per AZ)."""
    return t.add_parameter(Parameter(
        AZ_COUNT, Type="String", Default="2", AllowedValues=["2", "3"],
        Description="Number of Availability Zones the subnets span", ConstraintDescription="2 or 3",
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


class Console:
    """The console's parameter groups and labels, declared with each parameter:
    `console.add("Network", "VPC CIDR", Parameter(...))` adds the parameter (unless a helper already did) and
    shows it in that group under that label. Groups appear in the order first named, parameters in the order
    added; `done()` writes AWS::CloudFormation::Interface."""

    def __init__(self, t: Template):
        self.t = t
        self.groups: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}

    def group(self, group: str, *names: str) -> None:
        """Show already declared parameters in a group without a label of their own (e.g. the wiring)."""
        self.groups.setdefault(group, []).extend(names)

    def add(self, group: str, label: str, parameter: Parameter) -> Parameter:
        if parameter.title not in self.t.parameters:
            self.t.add_parameter(parameter)
        self.group(group, parameter.title)
        self.labels[parameter.title] = label
        return parameter

    def done(self) -> None:
        set_interface(self.t, list(self.groups.items()), self.labels)


def no_egress() -> list[SecurityGroupRule]:
    """Egress for a group whose members never open connections (database, cache, endpoints): a loopback rule
    replaces the allow-all egress a security group gets by default."""
    return [SecurityGroupRule(IpProtocol="-1", CidrIp="127.0.0.1/32", Description="no egress")]


def connect(t: Template, source: str, source_group, target: str, target_group, port: int, *, to: str,
            from_: str, condition: str | None = None) -> None:
    """Allow TCP `port` from one security group to another: the source's egress rule (`<source>To<target>`,
    described by `to`) and the target's ingress rule (`<target>From<source>`, described by `from_`), always
    together, so neither side is forgotten."""
    only_if = {"Condition": condition} if condition else {}
    t.add_resource(SecurityGroupEgress(
        f"{source}To{target}", GroupId=source_group, IpProtocol="tcp", FromPort=port, ToPort=port,
        DestinationSecurityGroupId=target_group, Description=to, **only_if))
    t.add_resource(SecurityGroupIngress(
        f"{target}From{source}", GroupId=target_group, IpProtocol="tcp", FromPort=port, ToPort=port,
        SourceSecurityGroupId=source_group, Description=from_, **only_if))


def checkov_skips(**reasons: str) -> dict:
    """Resource Metadata that accepts checkov findings, each with its reason: checkov_skips(CKV_AWS_2="...")."""
    return {"checkov": {"skip": [{"id": check, "comment": reason} for check, reason in reasons.items()]}}


def guard_skips(reasons: dict[str, str], unresolved: dict[str, str] | None = None) -> dict:
    """Resource Metadata that accepts AWS Control Tower (cfn-guard) findings, each with its reason. `unresolved`
    ones hold only for the raw template, where a condition or parameter hides the value from cfn-guard; the
    templates resolved per environment are checked without them (tests/test_guard.py)."""
    entries = [{"id": control, "comment": reason} for control, reason in reasons.items()]
    entries += [{"id": control, "comment": reason, "where": "dist"} for control, reason in (unresolved or {}).items()]
    return {"guard": {"SuppressedRules": entries}}


RETENTION_IS_A_PARAMETER = ("retention is a parameter each environment chooses (params/); a year of logs is a "
                            "cost the user opts into")


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
