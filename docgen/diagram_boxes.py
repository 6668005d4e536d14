"""What the diagram draws inside a stack: resources grouped into boxes by type (COMPONENTS), the containers of
a task definition and the LiteLLM model routes they carry."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from docgen.template_graph import System, items, strings

# (key, box title, type patterns whose ids are listed, type patterns that are only counted). First match wins.
COMPONENTS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("vpc", "VPC and subnets", ("AWS::EC2::VPC", "AWS::EC2::InternetGateway", "AWS::EC2::Subnet"),
     ("AWS::EC2::VPCGatewayAttachment", "AWS::EC2::RouteTable", "AWS::EC2::Route",
      "AWS::EC2::SubnetRouteTableAssociation")),
    ("nat", "NAT gateways", ("AWS::EC2::NatGateway",), ("AWS::EC2::EIP",)),
    ("endpoints", "VPC endpoints", ("AWS::EC2::VPCEndpoint",), ()),
    ("flowlogs", "VPC flow logs", ("AWS::EC2::FlowLog",), ()),
    ("kms", "KMS key", ("AWS::KMS::Key",), ("AWS::KMS::Alias",)),
    ("secrets", "Secrets custom resource", ("Custom::*", "AWS::Lambda::Function"), ()),
    ("rds", "RDS PostgreSQL", ("AWS::RDS::DBInstance",), ("AWS::RDS::*",)),
    ("efs", "EFS model cache", ("AWS::EFS::FileSystem",), ("AWS::EFS::*",)),
    ("cache", "ElastiCache", ("AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"),
     ("AWS::ElastiCache::*",)),
    ("schedules", "Schedules", ("AWS::Scheduler::Schedule",), ()),
    ("alb", "Application Load Balancer", ("AWS::ElasticLoadBalancingV2::LoadBalancer",
                                          "AWS::ElasticLoadBalancingV2::Listener"),
     ("AWS::ElasticLoadBalancingV2::ListenerRule",)),
    ("targets", "Target group", ("AWS::ElasticLoadBalancingV2::TargetGroup",), ()),
    ("cluster", "ECS cluster", ("AWS::ECS::Cluster",), ("AWS::ECS::ClusterCapacityProviderAssociations",)),
    ("service", "ECS service (Fargate)", ("AWS::ECS::Service",), ()),
    ("scaling", "Autoscaling", ("AWS::ApplicationAutoScaling::ScalableTarget",), ("AWS::ApplicationAutoScaling::*",)),
    ("alarms", "Alarms and notifications", ("AWS::CloudWatch::Alarm", "AWS::SNS::Topic", "AWS::Events::Rule"),
     ("AWS::SNS::*",)),
    ("dashboard", "Dashboard", ("AWS::CloudWatch::Dashboard",), ()),
    ("support", "Security groups, IAM roles, log groups", ("AWS::EC2::SecurityGroup", "AWS::IAM::Role",
                                                          "AWS::Logs::LogGroup"),
     ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::IAM::*", "AWS::Logs::*",
      "AWS::CloudFormation::WaitConditionHandle")),
]
TASK_DEFINITION = "AWS::ECS::TaskDefinition"  # drawn as a box of its containers
STORES = ("ssm", "rds", "efs", "cache")  # the boxes where data lives: the KMS key's arrows go only here
PROVIDERS = {"openai": "OpenAI API", "anthropic": "Anthropic API", "bedrock": "Amazon Bedrock"}


# ---------------------------------------------------------------- boxes
@dataclass
class Box:
    key: str
    title: str
    members: list[tuple[str, str, str | None]] = field(default_factory=list)  # (logical id, type, condition)
    counted: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def optional(self) -> bool:
        every = self.members + self.counted
        return bool(every) and all(cond for _, _, cond in every)


def _component_of(kind: str) -> tuple[str, str, bool]:
    """(key, title, listed) of the group a resource type belongs to; unclaimed types get their own."""
    for key, title, listed, counted in COMPONENTS:
        if any(fnmatch.fnmatchcase(kind, pattern) for pattern in listed):
            return key, title, True
        if any(fnmatch.fnmatchcase(kind, pattern) for pattern in counted):
            return key, title, False
    short = kind.split("::", 1)[-1].replace("::", " ")
    return re.sub(r"[^A-Za-z0-9]", "_", kind).lower(), short, True


def boxes(system: System, stack: str) -> dict[str, Box]:
    found: dict[str, Box] = {}
    for logical_id, res in sorted(system.resources(stack).items()):
        kind = res.get("Type", "")
        if kind == TASK_DEFINITION:
            continue
        key, title, listed = _component_of(kind)
        box = found.setdefault(key, Box(key, title))
        (box.members if listed else box.counted).append((logical_id, kind, res.get("Condition")))
    order = {key: i for i, (key, *_rest) in enumerate(COMPONENTS)}
    return dict(sorted(found.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _compress(ids: list[tuple[str, bool]]) -> list[str]:
    """[('PublicSubnet1', False), ('PublicSubnet2', False), ('PublicSubnet3', True)] -> ['PublicSubnet1–2, 3?']."""
    stems: dict[str, list[tuple[int | None, bool]]] = {}
    for logical_id, optional in ids:
        match = re.fullmatch(r"(.*?[^0-9])([0-9]+)", logical_id)
        stem, number = (match.group(1), int(match.group(2))) if match else (logical_id, None)
        stems.setdefault(stem, []).append((number, optional))
    out = []
    for stem, numbers in stems.items():
        if numbers == [(None, numbers[0][1])]:
            out.append(stem + ("?" if numbers[0][1] else ""))
            continue
        parts, run = [], []
        for number, optional in sorted(numbers, key=lambda n: (n[0] is None, n[0] or 0)):
            if run and (optional != run[-1][1] or number != run[-1][0] + 1):
                parts.append(run)
                run = []
            run.append((number, optional))
        parts.append(run)
        text = ", ".join((f"{r[0][0]}–{r[-1][0]}" if len(r) > 2 else ", ".join(str(n) for n, _ in r))
                         + ("?" if r[0][1] else "") for r in parts)
        out.append(f"{stem}{text}")
    return out


def _type_rank(kind: str) -> int:
    """Position of a type's pattern in COMPONENTS: a box lists its types in the order written there."""
    patterns = [p for _key, _title, listed, counted in COMPONENTS for p in listed + counted]
    return next((i for i, p in enumerate(patterns) if fnmatch.fnmatchcase(kind, p)), len(patterns))


def _short(kind: str) -> str:
    return kind.rsplit("::", 1)[-1]


def box_label(box: Box) -> str:
    lines = [f"<b>{box.title}</b>"]
    by_type: dict[str, list[tuple[str, bool]]] = {}
    for logical_id, kind, cond in sorted(box.members, key=lambda m: (_type_rank(m[1]), m[1], m[0])):
        by_type.setdefault(kind, []).append((logical_id, bool(cond)))
    for kind, ids in by_type.items():
        lines.append(f"{_short(kind)}: " + " · ".join(_compress(ids)))
    counts: dict[str, int] = {}
    for _, kind, _ in box.counted:
        counts[_short(kind)] = counts.get(_short(kind), 0) + 1
    if counts:
        lines.append("<small>+ " + ", ".join(f"{n} {k}" for k, n in counts.items()) + "</small>")
    conditions = sorted({cond for _, _, cond in box.members + box.counted if cond})
    if conditions:
        lines.append("<small>if " + " / ".join(_compress([(c, False) for c in conditions])) + "</small>")
    return "<br/>".join(lines)


# ---------------------------------------------------------------- containers and model routes
@dataclass
class Container:
    name: str
    conditions: tuple[str, ...]
    definition: dict


def containers(system: System, stack: str, task_id: str) -> list[Container]:
    props = system.resources(stack)[task_id].get("Properties") or {}
    found: dict[str, Container] = {}
    for definition, conditions in items(props.get("ContainerDefinitions")):
        if isinstance(definition, dict) and isinstance(definition.get("Name"), str):
            found.setdefault(definition["Name"], Container(definition["Name"], conditions, definition))
    return list(found.values())


@dataclass(frozen=True)
class Route:
    model_name: str
    provider: str
    api_base: str | None
    conditions: tuple[str, ...]


def model_routes(container: Container) -> list[Route]:
    """LiteLLM model_list entries carried in the container's environment, with the conditions around them."""
    seen: dict[tuple[str, str, str | None], set[str] | None] = {}
    for entry in container.definition.get("Environment") or []:
        for text, conditions in strings(entry.get("Value") if isinstance(entry, dict) else None):
            names = re.findall(r"^\s*-?\s*model_name:\s*(\S+)\s*$", text, re.M)
            models = re.findall(r"^\s*model:\s*(\S+)\s*$", text, re.M)
            bases = re.findall(r"^\s*api_base:\s*(\S+)\s*$", text, re.M)
            if len(names) != 1 or len(models) != 1:
                continue
            key = (names[0], models[0].split("/", 1)[0], bases[0] if bases else None)
            positive = {c for c in conditions if not c.startswith("!")}
            seen[key] = positive if seen.get(key) is None else seen[key] & positive
    return [Route(name, provider, base, tuple(sorted(conds or ()))) for (name, provider, base), conds
            in sorted(seen.items())]
