"""Parent stack: the one a user deploys. It nests the network, data and service stacks.

Every child parameter that the parent does not wire from another stack's outputs is re-declared here
with the child's own definition and passed through, so a child's options show up in the console and in
params/<env>.json without being written twice.
"""
from troposphere import Equals, GetAtt, Join, Output, Parameter, Ref, Sub, Template
from troposphere.cloudformation import Stack

from templates import data, network, service, service_monitoring
from templates.common import ENVIRONMENT_NAME, environment_parameter, interface_of, set_interface, tags

ARTIFACT_BUCKET = "ArtifactBucket"
ARTIFACT_PREFIX = "ArtifactPrefix"
# A Multi-AZ database, the shared cache and the first model pull can each take most of an hour.
STACK_TIMEOUT_MINUTES = 120

# (logical id, template file, template function) in dependency order.
CHILDREN = [
    ("Network", "network.yaml", network.template),
    ("Data", "data.yaml", data.template),
    ("Service", "service.yaml", service.template),
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


def template() -> Template:
    t = Template(Description="LLM gateway: parent stack (network, data and service as nested stacks)")
    environment_parameter(t)
    _artifact_parameters(t)
    groups, labels = [("Deployment", [ENVIRONMENT_NAME, ARTIFACT_BUCKET, ARTIFACT_PREFIX])], {
        ENVIRONMENT_NAME: "Environment name", ARTIFACT_BUCKET: "Artifact bucket", ARTIFACT_PREFIX: "Artifact prefix"}

    stacks = {}
    for logical_id, file_name, build in CHILDREN:
        child = build()
        wired = {ENVIRONMENT_NAME: Ref(ENVIRONMENT_NAME)} | _wiring(logical_id, stacks)
        stacks[logical_id] = t.add_resource(Stack(
            logical_id, TemplateURL=artifact_url(file_name), Parameters=_forward(t, child, wired),
            TimeoutInMinutes=STACK_TIMEOUT_MINUTES, Tags=tags(logical_id.lower()),
        ))
        child_interface = interface_of(child)
        for group in child_interface["ParameterGroups"]:
            names = [n for n in group["Parameters"] if n not in wired]
            if names:
                groups.append((group["Label"]["default"], names))
        labels |= {n: v["default"] for n, v in child_interface["ParameterLabels"].items() if n not in wired}
    set_interface(t, groups, labels)
    t.add_rule("TasksNeedAWayOut", {
        "RuleCondition": Equals(Ref(network.NAT_MODE), "none"),
        "Assertions": [{"Assert": Equals(Ref(service.TASK_PLACEMENT), "public"),
                        "AssertDescription": "NatGatewayMode none leaves the private subnets without internet "
                                             "access: set TaskPlacement to public, or choose a NAT mode"}]})
    service_monitoring.parent_rules(t)

    for stack, name in [("Network", network.VPC_ID), ("Data", data.SECRETS_PREFIX),
                        ("Data", data.MASTER_KEY_PARAMETER), ("Data", data.KMS_KEY_ARN), ("Data", data.DB_HOST),
                        ("Service", service.ENDPOINT_URL), ("Service", service.ENDPOINT_SECURITY),
                        ("Service", service.CLUSTER_NAME), ("Service", service.SERVICE_NAME),
                        ("Service", service.LOG_GROUP_NAME), ("Service", service.TARGET_GROUP_ARN),
                        ("Service", service.LOAD_BALANCER_ARN)]:
        t.add_output(Output(name, Value=_output(stacks[stack], name)))
    return t


def _output(stack: Stack, name: str) -> GetAtt:
    return GetAtt(stack, f"Outputs.{name}")


def _wiring(logical_id: str, stacks: dict) -> dict:
    """Parameters of a child that come from the parent's own parameters or earlier stacks' outputs."""
    if logical_id == "Data":
        net = stacks["Network"]
        return {data.ARTIFACT_BUCKET: Ref(ARTIFACT_BUCKET), data.ARTIFACT_PREFIX: Ref(ARTIFACT_PREFIX),
                data.VPC_ID: _output(net, network.VPC_ID), data.DATABASE_SUBNETS: _output(net, network.DATABASE_SUBNETS),
                network.PRIVATE_SUBNETS: _output(net, network.PRIVATE_SUBNETS)}
    if logical_id == "Service":
        producers = {"Network": {network.VPC_ID, network.PUBLIC_SUBNETS, network.PRIVATE_SUBNETS}}
        producers["Data"] = set(service.WIRED) - producers["Network"]
        return {name: _output(stacks[stack], name) for stack, names in producers.items() for name in sorted(names)} | {
            name: Ref(name) for name in service_monitoring.FROM_PARENT}
    return {}
