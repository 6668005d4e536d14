"""Parent stack: the one a user deploys. It nests the network, data and service stacks.

Every child parameter that the parent does not wire from another stack's outputs is re-declared here
with the child's own definition and passed through, so a child's options show up in the console and in
params/<env>.json without being written twice.
"""
from dataclasses import dataclass, field
from typing import Callable

from troposphere import Equals, GetAtt, Join, Output, Parameter, Ref, Sub, Template, encode_to_dict
from troposphere.cloudformation import Stack

from templates import data, names, network, service, service_monitoring
from templates.common import ENVIRONMENT_NAME, environment_parameter, interface_of, set_interface, tags
from templates.names import ARTIFACT_BUCKET, ARTIFACT_PREFIX

# A Multi-AZ database, the shared cache and the first model pull can each take most of an hour.
STACK_TIMEOUT_MINUTES = 120


@dataclass(frozen=True)
class Source:
    """Where a wired child parameter comes from: an earlier stack's output of that name, or (stack None) the
    parent's own parameter."""
    stack: str | None
    name: str


def from_parent(name: str) -> Source:
    return Source(None, name)


@dataclass(frozen=True)
class Child:
    logical_id: str
    file_name: str
    build: Callable[[], Template]
    wiring: dict[str, Source] = field(default_factory=dict)

    def __iter__(self):
        """Unpacks as (logical id, template file, template function), as callers did before wiring existed."""
        return iter((self.logical_id, self.file_name, self.build))


NETWORK_OUTPUTS_FOR_THE_SERVICE = (names.VPC_ID, names.PUBLIC_SUBNETS, names.PRIVATE_SUBNETS)

# The nested stacks in dependency order, each with the parameters the parent wires into it.
CHILDREN = [
    Child("Network", "network.yaml", network.template),
    Child("Data", "data.yaml", data.template, {
        names.ARTIFACT_BUCKET: from_parent(ARTIFACT_BUCKET), names.ARTIFACT_PREFIX: from_parent(ARTIFACT_PREFIX),
        **{name: Source("Network", name) for name in (names.VPC_ID, names.DATABASE_SUBNETS, names.PRIVATE_SUBNETS)},
    }),
    Child("Service", "service.yaml", service.template, {
        **{name: Source("Network" if name in NETWORK_OUTPUTS_FOR_THE_SERVICE else "Data", name)
           for name in service.WIRED},
        **{name: from_parent(name) for name in service_monitoring.FROM_PARENT}}),
]


def artifact_url(file_name: str) -> Sub:
    return Sub(f"https://${{{ARTIFACT_BUCKET}}}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}/${{{ARTIFACT_PREFIX}}}/{file_name}")


def _artifact_parameters(t: Template) -> None:
    t.add_parameter(Parameter(
        ARTIFACT_BUCKET, Type="String", AllowedPattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        Description="S3 bucket holding the nested templates and the Lambda package (deploy-stack creates it)",
        ConstraintDescription="an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
    ))
    t.add_parameter(Parameter(
        ARTIFACT_PREFIX, Type="String", AllowedPattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}[A-Za-z0-9._-]$",
        Description="Key prefix of the artifacts in the bucket, without leading or trailing slash",
        ConstraintDescription="letters, digits, '.', '_', '-' and '/', no leading or trailing slash",
    ))


def _forward(t: Template, child: Template, wired: dict) -> dict:
    """Stack parameters for `child`: wired values, plus the child's other parameters passed through."""
    passed = dict(wired)
    for name, parameter in sorted(child.parameters.items()):
        if name in wired:
            continue
        existing = t.parameters.get(name)
        if existing is None:
            t.add_parameter(Parameter(name, **parameter.properties))
        elif existing.to_dict() != parameter.to_dict():
            raise ValueError(f"parameter {name} is declared differently by two nested stacks")
        # Nested stack parameters are strings: a list parameter travels joined.
        passed[name] = Join(",", Ref(name)) if parameter.Type.startswith(("CommaDelimitedList", "List<")) else Ref(name)
    return passed


def template(children: dict | None = None) -> Template:
    """The parent stack; `children` (file name -> the child's built Template) saves building them again."""
    t = Template(Description="LLM gateway: parent stack (network, data and service as nested stacks)")
    environment_parameter(t)
    _artifact_parameters(t)
    groups, labels = [("Deployment", [ENVIRONMENT_NAME, ARTIFACT_BUCKET, ARTIFACT_PREFIX])], {
        ENVIRONMENT_NAME: "Environment name", ARTIFACT_BUCKET: "Artifact bucket", ARTIFACT_PREFIX: "Artifact prefix"}

    stacks = {}
    for spec in CHILDREN:
        child = children[spec.file_name] if children else spec.build()
        wired = {ENVIRONMENT_NAME: Ref(ENVIRONMENT_NAME)} | {
            name: Ref(source.name) if source.stack is None else _output(stacks[source.stack], source.name)
            for name, source in spec.wiring.items()}
        stacks[spec.logical_id] = t.add_resource(Stack(
            spec.logical_id, TemplateURL=artifact_url(spec.file_name), Parameters=_forward(t, child, wired),
            TimeoutInMinutes=STACK_TIMEOUT_MINUTES, Tags=tags(spec.logical_id.lower()),
        ))
        _check_early(t, child, wired)
        child_interface = interface_of(child)
        for group in child_interface["ParameterGroups"]:
            # A parameter two children declare (AzCount, LogRetentionDays, ...) shows once, in the first group.
            grouped = {n for _, members in groups for n in members}
            shown = [n for n in group["Parameters"] if n not in wired and n not in grouped]
            if shown:
                groups.append((group["Label"]["default"], shown))
        labels |= {n: v["default"] for n, v in child_interface["ParameterLabels"].items() if n not in wired}
    set_interface(t, groups, labels)
    t.add_rule("TasksNeedAWayOut", {
        "RuleCondition": Equals(Ref(names.NAT_MODE), "none"),
        "Assertions": [{"Assert": Equals(Ref(names.TASK_PLACEMENT), "public"),
                        "AssertDescription": "NatGatewayMode none leaves the private subnets without internet "
                                             "access: set TaskPlacement to public, or choose a NAT mode"}]})
    service_monitoring.parent_rules(t)

    for stack, name in [("Network", names.VPC_ID), ("Data", names.SECRETS_PREFIX),
                        ("Data", names.MASTER_KEY_PARAMETER), ("Data", names.KMS_KEY_ARN), ("Data", names.DB_HOST),
                        ("Service", names.ENDPOINT_URL), ("Service", names.ENDPOINT_SECURITY),
                        ("Service", names.CLUSTER_NAME), ("Service", names.SERVICE_NAME),
                        ("Service", names.LOG_GROUP_NAME), ("Service", names.TARGET_GROUP_ARN),
                        ("Service", names.LOAD_BALANCER_ARN)]:
        t.add_output(Output(name, Value=_output(stacks[stack], name)))
    return t


def all_stacks() -> dict[str, Template]:
    """File name -> Template of the parent and every child, each built once."""
    children = {spec.file_name: spec.build() for spec in CHILDREN}
    return {"parent.yaml": template(children), **children}


def _refs(node) -> set[str]:
    if isinstance(node, dict):
        return ({node["Ref"]} if "Ref" in node else set()).union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _check_early(t: Template, child: Template, wired: dict) -> None:
    """Copy the child's Rules that read only passed-through parameters: CloudFormation checks the parent's
    Rules before it creates anything, a nested stack's only when that stack's turn comes, after the stacks
    before it took their tens of minutes (and a rollback takes as long again)."""
    for name, rule in sorted(encode_to_dict(child.rules).items()):  # (the rules alone: to_dict() encodes it all)
        if not _refs(rule) & set(wired):
            if name in t.rules:
                raise ValueError(f"rule {name} is declared by two nested stacks")
            t.add_rule(name, rule)


def _output(stack: Stack, name: str) -> GetAtt:
    return GetAtt(stack, f"Outputs.{name}")
