"""docs/architecture.md: a Mermaid picture of the deployed system, generated from the rendered templates.

Everything in the picture is read from the template dicts (build.render() parsed with yaml.safe_load): the
nested stacks from the parent's AWS::CloudFormation::Stack resources, the resources of each stack (logical
ids, types, Conditions) grouped into a few boxes by type, the containers from the task definition, the
request path from the listeners, the target group registration and the LiteLLM model list carried in the
task, the data and secret paths by following Ref/GetAtt through the parent's output -> parameter wiring.
What is written by hand: the box titles per group of types (COMPONENTS), provider display names, and the
prose around the diagram. A type no group claims gets a box of its own, so nothing disappears silently.
"""
from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field

NESTED_STACK = "AWS::CloudFormation::Stack"

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
    ("alarms", "Alarms and notifications", ("AWS::CloudWatch::Alarm", "AWS::SNS::Topic"), ("AWS::SNS::*",)),
    ("dashboard", "Dashboard", ("AWS::CloudWatch::Dashboard",), ()),
    ("support", "Security groups, IAM roles, log groups", ("AWS::EC2::SecurityGroup", "AWS::IAM::Role",
                                                          "AWS::Logs::LogGroup"),
     ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::IAM::*", "AWS::Logs::*",
      "AWS::CloudFormation::WaitConditionHandle")),
]
TASK_DEFINITION = "AWS::ECS::TaskDefinition"  # drawn as a box of its containers
STORES = ("ssm", "rds", "efs", "cache")  # the boxes where data lives: the KMS key's arrows go only here
PROVIDERS = {"openai": "OpenAI API", "anthropic": "Anthropic API", "bedrock": "Amazon Bedrock"}


# ---------------------------------------------------------------- intrinsic functions
def refs(value) -> set[str]:
    """Logical names a value refers to: Ref, Fn::GetAtt, ${Name} / ${Name.Attr} in Fn::Sub (no AWS::)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text, variables = (inner[0], inner[1]) if isinstance(inner, list) else (inner, {})
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)} - set(variables)
                found |= refs(variables)
            else:
                found |= refs(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= refs(inner)
    return {name for name in found if not name.startswith("AWS::")}


def output_refs(value) -> list[tuple[str, str]]:
    """(stack logical id, output name) for every GetAtt <Stack>.Outputs.<Name> in a value."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Fn::GetAtt" and isinstance(inner, list) and str(inner[1]).startswith("Outputs."):
                found.append((inner[0], inner[1][len("Outputs."):]))
            else:
                found += output_refs(inner)
    elif isinstance(value, list):
        for inner in value:
            found += output_refs(inner)
    return found


def branches(value, conditions: tuple[str, ...] = ()):
    """(value, conditions) for each alternative of nested Fn::If; AWS::NoValue disappears, !C is the else."""
    if isinstance(value, dict) and set(value) == {"Fn::If"}:
        name, then, otherwise = value["Fn::If"]
        yield from branches(then, conditions + (name,))
        yield from branches(otherwise, conditions + (f"!{name}",))
    elif value != {"Ref": "AWS::NoValue"}:
        yield value, conditions


def items(value):
    """(item, conditions) of a list property whose items (or the list itself) may sit inside Fn::If."""
    for listed, outer in branches(value):
        if isinstance(listed, list):
            for item in listed:
                for inner, conditions in branches(item):
                    yield inner, outer + conditions


def strings(value, conditions: tuple[str, ...] = ()):
    """(text, conditions) of every string inside a value, Fn::Sub templates included."""
    if isinstance(value, str):
        yield value, conditions
    elif isinstance(value, dict) and set(value) == {"Fn::If"}:
        name, then, otherwise = value["Fn::If"]
        yield from strings(then, conditions + (name,))
        yield from strings(otherwise, conditions + (f"!{name}",))
    elif isinstance(value, dict):
        for inner in value.values():
            yield from strings(inner, conditions)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner, conditions)


# ---------------------------------------------------------------- the stacks and the wiring between them
class System:
    def __init__(self, templates: dict[str, dict]):
        self.templates = templates
        self.parent = templates["parent"]
        self.stacks: dict[str, str] = {}  # nested stack logical id -> template name (network, data, ...)
        for logical_id, res in sorted(self.parent.get("Resources", {}).items()):
            if res.get("Type") == NESTED_STACK:
                url = json.dumps(res.get("Properties", {}).get("TemplateURL"))
                match = re.search(r"([A-Za-z0-9_-]+)\.(?:yaml|yml|json|template)", url)
                if match and match.group(1) in templates:
                    self.stacks[logical_id] = match.group(1)
        self.order = self._order()

    def _order(self) -> list[str]:
        """Nested stacks, producers before consumers (then by name)."""
        needs = {sid: {src for src, _ in output_refs(self.parent["Resources"][sid].get("Properties", {}))}
                 & set(self.stacks) for sid in self.stacks}
        order: list[str] = []
        while len(order) < len(needs):
            ready = sorted(s for s in needs if s not in order and needs[s] <= set(order))
            order.append(ready[0] if ready else sorted(set(needs) - set(order))[0])
        return order

    def resources(self, stack: str) -> dict[str, dict]:
        return self.templates[self.stacks[stack]].get("Resources") or {}

    def wiring(self, stack: str) -> dict[str, list[str]]:
        """Producer stack -> the output names passed into `stack`'s parameters."""
        params = self.parent["Resources"][stack].get("Properties", {}).get("Parameters") or {}
        wired: dict[str, list[str]] = {}
        for src, output in output_refs(params):
            wired.setdefault(src, [])
            if output not in wired[src]:
                wired[src].append(output)
        return {src: sorted(outs) for src, outs in sorted(wired.items())}

    def behind(self, stack: str, value, depth: int = 0) -> set[tuple[str, str]]:
        """(stack, logical id) of the resources a value leads to, across the output -> parameter wiring."""
        found: set[tuple[str, str]] = set()
        template = self.templates[self.stacks[stack]]
        for name in refs(value):
            if name in (template.get("Resources") or {}):
                found.add((stack, name))
            elif name in (template.get("Parameters") or {}) and depth < 5:
                passed = (self.parent["Resources"][stack].get("Properties", {}).get("Parameters") or {}).get(name)
                for src, output in output_refs(passed):
                    if src in self.stacks:
                        produced = (self.templates[self.stacks[src]].get("Outputs") or {}).get(output) or {}
                        found |= self.behind(src, produced.get("Value"), depth + 1)
        return found

    def condition_text(self, stack: str, name: str) -> str:
        """A readable form of a condition: `EnableOpenAi = true`, `BedrockModelIds set`, else its name."""
        negated = name.startswith("!")
        name = name.lstrip("!")
        expr = (self.templates[self.stacks[stack]].get("Conditions") or {}).get(name)
        text = _condition_expr(expr)
        if text is None:
            return f"not {name}" if negated else name
        if negated:
            return text.replace(" = ", " ≠ ") if " = " in text else text.replace(" set", " empty")
        return text


def _condition_expr(expr) -> str | None:
    if isinstance(expr, dict) and "Fn::Not" in expr:
        inner = expr["Fn::Not"][0]
        if isinstance(inner, dict) and "Fn::Equals" in inner:
            left, right = inner["Fn::Equals"]
            names = sorted(refs(left))
            if right == "" and len(names) == 1:
                return f"{names[0]} set"
    if isinstance(expr, dict) and "Fn::Equals" in expr:
        left, right = expr["Fn::Equals"]
        names = sorted(refs(left))
        if isinstance(right, str) and len(names) == 1:
            return f"{names[0]} = {right}" if right else f"{names[0]} empty"
    return None


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


# ---------------------------------------------------------------- Mermaid
def _q(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def _id(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9]", "_", p) for p in parts)


class Diagram:
    def __init__(self, templates: dict[str, dict]):
        self.system = System(templates)
        self.lines: list[str] = []
        self.edges: list[str] = []
        self.hidden: list[str] = []  # invisible links (~~~) that only place boxes
        self.classes: dict[str, list[str]] = {"optional": [], "external": [], "store": []}
        self.where: dict[tuple[str, str], str] = {}  # (stack, logical id) -> node id
        self.box_of: dict[tuple[str, str], str] = {}  # (stack, box key) -> node id
        self.ssm: tuple[str, str] | None = None  # (stack, node id) of the secrets parameters

    # nodes ---------------------------------------------------------------
    def node(self, node_id: str, label: str, shape: str = "rect", optional: bool = False, indent: int = 2):
        opening, closing = {"rect": ("[", "]"), "round": ("(", ")"), "store": ("[(", ")]"),
                            "stadium": ("([", "])"), "hex": ("{{", "}}")}[shape]
        self.lines.append(" " * indent + f"{node_id}{opening}{_q(label)}{closing}")
        if optional:
            self.classes["optional"].append(node_id)

    def edge(self, src: str, dst: str, label: str = "", style: str = "-->"):
        text = f"{src} {style}|{_q(label)}| {dst}" if label else f"{src} {style} {dst}"
        if text not in self.edges:
            self.edges.append(text)

    # content ---------------------------------------------------------------
    def render(self) -> str:
        system = self.system
        self.lines = ['%%{init: {"flowchart": {"wrappingWidth": 420}}}%%', "flowchart TB",
                      '  client(["Client<br/><small>OpenAI-compatible API calls</small>"])']
        for stack in system.order:
            self.stack(stack)
        self.traffic_and_data()
        self.stack_wiring()
        self.align_loose_boxes()
        out = self.lines + ["  " + e for e in self.edges + self.hidden]
        out.append("  classDef optional stroke-dasharray: 6 4")
        out.append("  classDef external fill:#fff5e6,stroke:#d08000")
        out.append("  classDef store fill:#eef6ee,stroke:#3b8a3b")
        for name, ids in self.classes.items():
            if ids:
                out.append(f"  class {','.join(sorted(set(ids)))} {name}")
        return "\n".join(out)

    def stack(self, stack: str):
        system = self.system
        name = system.stacks[stack]
        count = len(system.resources(stack))
        title = f"{stack} · nested stack · {name}.yaml · {count} resources"
        self.lines.append(f"  subgraph {_id('stack', stack)}[{_q(title)}]")
        self.lines.append("    direction TB")
        for key, box in boxes(system, stack).items():
            node_id = _id(stack, key)
            shape = "store" if key in STORES else "rect"
            self.node(node_id, box_label(box), shape, box.optional, indent=4)
            if key in STORES:
                self.classes["store"].append(node_id)
            self.box_of[(stack, key)] = node_id
            for logical_id, _, _ in box.members + box.counted:
                self.where[(stack, logical_id)] = node_id
            if key == "secrets":
                self.secrets_parameters(stack, box)
        for logical_id, res in sorted(system.resources(stack).items()):
            if res.get("Type") == TASK_DEFINITION:
                self.task(stack, logical_id)
        self.lines.append("  end")

    def secrets_parameters(self, stack: str, box: Box):
        """The SSM parameters a custom resource writes: its ParameterPrefix and Secrets[].Name."""
        for logical_id, kind, _ in box.members:
            props = self.system.resources(stack)[logical_id].get("Properties") or {}
            if not kind.startswith("Custom::") or "Secrets" not in props:
                continue
            prefix = next((t for t, _ in strings(props.get("ParameterPrefix"))), "")
            generated = [(s.get("Name"), bool(c)) for s, c in items(props.get("Secrets")) if isinstance(s, dict)]
            manual = self._hand_set_parameters()
            lines = ["<b>SSM Parameter Store</b>", f"SecureString under {prefix}/",
                     f"written by {logical_id}: " + ", ".join(n + ("?" if o else "") for n, o in generated)]
            if manual:
                lines.append("set with deploy-stack secret set: "
                             + ", ".join(n + ("?" if o else "") for n, o in manual))
            node_id = _id(stack, "ssm")
            self.node(node_id, "<br/>".join(lines), "store", indent=4)
            self.classes["store"].append(node_id)
            self.box_of[(stack, "ssm")] = node_id
            self.ssm = (stack, node_id)
            self.edge(self.box_of[(stack, "secrets")], node_id, "generates", "-.->")

    def _hand_set_parameters(self) -> list[tuple[str, bool]]:
        found: dict[str, bool] = {}
        for stack in self.system.order:
            for logical_id, res in sorted(self.system.resources(stack).items()):
                if res.get("Type") != TASK_DEFINITION:
                    continue
                for container in containers(self.system, stack, logical_id):
                    for secret, conditions in items(container.definition.get("Secrets")):
                        for text, _ in strings(secret.get("ValueFrom") if isinstance(secret, dict) else None):
                            for name in re.findall(r":parameter\$\{[A-Za-z0-9]+\}/([A-Za-z0-9_.-]+)", text):
                                found[name] = found.get(name, True) and bool(container.conditions + conditions)
        return sorted(found.items())

    def task(self, stack: str, task_id: str):
        props = self.system.resources(stack)[task_id].get("Properties") or {}
        compat = "/".join(props.get("RequiresCompatibilities") or []) or "ECS"
        self.lines.append(f"    subgraph {_id(stack, task_id)}[{_q(f'{task_id} · {compat} task')}]")
        self.lines.append("      direction LR")
        for container in containers(self.system, stack, task_id):
            d = container.definition
            image = ", ".join(sorted(refs(d.get("Image")))) or str(d.get("Image", ""))
            ports = [str(p.get("ContainerPort")) for p, _ in items(d.get("PortMappings")) if isinstance(p, dict)]
            lines = [f"<b>{container.name}</b>", f"image: {image}"]
            lines.append(f"port {', '.join(ports)}" if ports else "no port mapping")
            if container.conditions:
                lines.append("<small>if " + " / ".join(self.system.condition_text(stack, c)
                                                       for c in container.conditions) + "</small>")
            node_id = _id(stack, task_id, container.name)
            self.node(node_id, "<br/>".join(lines), "round", bool(container.conditions), indent=6)
            self.where[(stack, f"{task_id}.{container.name}")] = node_id
        self.lines.append("    end")
        self.where[(stack, task_id)] = _id(stack, task_id)

    # edges ---------------------------------------------------------------
    def traffic_and_data(self):
        system = self.system
        for stack in system.order:
            resources = system.resources(stack)
            # client -> load balancer, through each listener
            for logical_id, res in sorted(resources.items()):
                if res.get("Type") != "AWS::ElasticLoadBalancingV2::Listener":
                    continue
                props = res.get("Properties") or {}
                label = f"{props.get('Protocol', '')} :{props.get('Port', '')}"
                if res.get("Condition"):
                    label += f" if {system.condition_text(stack, res['Condition'])}"
                self.edge("client", self.where[(stack, logical_id)], label, "==>")
            for logical_id, res in sorted(resources.items()):
                props = res.get("Properties") or {}
                if res.get("Type") == "AWS::ECS::Service":
                    self.service_edges(stack, logical_id, props)
                if res.get("Type") == TASK_DEFINITION:
                    self.task_edges(stack, logical_id, props)
                if res.get("Type") == "AWS::ApplicationAutoScaling::ScalableTarget":
                    for _s, target in system.behind(stack, props.get("ResourceId")):
                        if resources.get(target, {}).get("Type") == "AWS::ECS::Service":
                            self.edge(self.where[(stack, logical_id)], self.where[(stack, target)], "scales", "-.->")
            self.key_edges(stack)

    def service_edges(self, stack: str, service_id: str, props: dict):
        task_ids = [t for _s, t in self.system.behind(stack, props.get("TaskDefinition"))]
        for binding, _ in items(props.get("LoadBalancers")):
            for _s, target_group in sorted(self.system.behind(stack, binding.get("TargetGroupArn"))):
                # the load balancer forwards to the target group (listener default actions or listener rules)
                resources = self.system.resources(stack)
                forwarding = set().union(*(refs(r.get("Properties", {}).get("ListenerArn")) for r in resources.values()
                                           if r.get("Type") == "AWS::ElasticLoadBalancingV2::ListenerRule"
                                           and target_group in refs(r.get("Properties", {}).get("Actions"))))
                for logical_id, res in sorted(resources.items()):
                    if res.get("Type") == "AWS::ElasticLoadBalancingV2::Listener" and (
                            logical_id in forwarding
                            or target_group in refs(res.get("Properties", {}).get("DefaultActions"))):
                        self.edge(self.where[(stack, logical_id)], self.where[(stack, target_group)], "forward", "==>")
                for task_id in task_ids:
                    container = self.where.get((stack, f"{task_id}.{binding.get('ContainerName')}"))
                    if container:
                        port = f":{binding.get('ContainerPort')}"
                        self.edge(self.where[(stack, target_group)], container, port, "==>")
        for task_id in task_ids:
            self.edge(self.where[(stack, service_id)], self.where[(stack, task_id)], "runs")

    def task_edges(self, stack: str, task_id: str, props: dict):
        system = self.system
        listed = containers(system, stack, task_id)
        names = {c.name for c in listed}
        for container in listed:
            here = self.where[(stack, f"{task_id}.{container.name}")]
            for route in model_routes(container):
                cond = " / ".join(system.condition_text(stack, c) for c in route.conditions)
                label = route.model_name + (f" · if {cond}" if cond else "")
                local = next((n for n in sorted(names) if route.provider.startswith(n) and n != container.name), None)
                if local:
                    target = self.where[(stack, f"{task_id}.{local}")]
                    where = re.sub(r"^https?://", "", route.api_base or "")
                    self.edge(here, target, f"{route.model_name} @ {where}" if where else route.model_name, "==>")
                else:
                    target = _id("provider", route.provider)
                    self.node(target, PROVIDERS.get(route.provider, route.provider) +
                              (f"<br/><small>if {cond}</small>" if cond else ""), "hex", bool(cond))
                    self.classes["external"].append(target)
                    self.edge(here, target, route.model_name, "==>")
            # environment values and secrets that lead to resources of other boxes (database, cache, ...)
            targets: dict[str, list[str]] = {}
            for env, _ in items(container.definition.get("Environment")):
                if not isinstance(env, dict):
                    continue
                for res in sorted(system.behind(stack, env.get("Value"))):
                    node = self.where.get(res)
                    if node and node != self.where.get((stack, task_id)):
                        targets.setdefault(node, []).append(env.get("Name", ""))
            for secret, _ in items(container.definition.get("Secrets")):
                if isinstance(secret, dict) and self.ssm:
                    targets.setdefault(self.ssm[1], []).append(secret.get("Name", ""))
            for node, env_names in sorted(targets.items()):
                if node == self.where.get((stack, task_id)) or env_names == [""]:
                    continue
                label = "secrets: " if self.ssm and node == self.ssm[1] else ""
                self.edge(here, node, label + _env_summary(env_names), "-.->")
            # volumes backed by a file system of another stack
            volumes: dict[str, list[dict]] = {}  # name -> its variants (a volume may differ per condition)
            for volume, _ in items(props.get("Volumes")):
                if isinstance(volume, dict):
                    volumes.setdefault(volume.get("Name"), []).append(volume)
            for mount, _ in items(container.definition.get("MountPoints")):
                variants = volumes.get(mount.get("SourceVolume"), []) if isinstance(mount, dict) else []
                for res in sorted(system.behind(stack, variants)):
                    node = self.where.get(res)
                    if node and res[0] != stack:
                        self.edge(here, node, f"{mount.get('ContainerPath')}", "-.->")

    def key_edges(self, stack: str):
        """KMS key -> the stores it encrypts (resources in the same stack that refer to the key)."""
        resources = self.system.resources(stack)
        keys = {k for k, r in resources.items() if r.get("Type") == "AWS::KMS::Key"}
        if not keys:
            return
        for logical_id, res in sorted(resources.items()):
            if not keys & refs(res.get("Properties")) or logical_id in keys:
                continue
            node = self.where.get((stack, logical_id))
            if res.get("Type", "").startswith("Custom::") and self.ssm and self.ssm[0] == stack:
                node = self.ssm[1]
            if node in {self.box_of.get((stack, s)) for s in STORES}:
                for key in sorted(keys):
                    self.edge(self.where[(stack, key)], node, "encrypts", "-.->")

    def stack_wiring(self):
        """Consumer stack -> producer stack: drawn in the direction of the request path, so it reads left to right."""
        for stack in self.system.order:
            for src, outputs in self.system.wiring(stack).items():
                shown = ", ".join(outputs) if len(outputs) <= 3 else f"{len(outputs)} outputs"
                self.edge(_id("stack", stack), _id("stack", src), f"parameters from {shown}", "-->")

    def align_loose_boxes(self):
        """Boxes without an arrow line up in one column beside the first box of their stack that has one."""
        linked = {word for e in self.edges for word in re.findall(r"[A-Za-z0-9_]+", e.split("|")[0] + " " +
                                                                 e.split("|")[-1])}
        for stack in self.system.order:
            ids = [node for (s, _key), node in self.box_of.items() if s == stack]
            anchor = next((node for node in ids if node in linked), None)
            for node in ids:
                if anchor and node not in linked:
                    self.hidden.append(f"{anchor} ~~~ {node}")


def _env_summary(names: list[str]) -> str:
    names = sorted(set(n for n in names if n))
    return ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")


# ---------------------------------------------------------------- the page
INTRO = """\
# Architecture

<!-- Generated by build.py (templates/diagram.py) from the rendered templates: do not edit by hand.
     `make build` rewrites this file; `make diagram` redraws architecture.png from it. -->

One parent stack per environment deploys the nested stacks drawn below. The diagram is generated from the
rendered templates, so it changes when they change: each box holds CloudFormation logical ids grouped by
resource type (`+ n Type` counts the plumbing), `?` marks a resource with a `Condition` and the box names
its conditions, and a dashed border marks a box (or container, or model provider) that exists only when
its condition holds; where a condition is a plain parameter test, the parameter is shown.
"""

LEGEND = """\
Arrows: thick is the request path (client, load balancer, target group, the `litellm` container, and the
model it routes to); dotted is where the task reads data and secrets (labelled with the container's
environment variables) and what the KMS key encrypts; thin between stacks points from a stack to the stack
whose outputs the parent passes into its parameters. Cylinders are where data lives. A rendered copy:
[architecture.png](architecture.png) (redrawn by `make diagram`).
"""


def architecture_markdown(templates: dict[str, dict]) -> str:
    diagram = Diagram(templates)
    mermaid = diagram.render()
    system = diagram.system
    parts = [INTRO, "```mermaid", mermaid, "```", "", LEGEND]

    parts.append("## Model routes\n")
    parts.append("Read from the LiteLLM `model_list` that the task definition carries.\n")
    parts.append("| model name | provider | served by | only when |")
    parts.append("| --- | --- | --- | --- |")
    for stack in system.order:
        for task_id, res in sorted(system.resources(stack).items()):
            if res.get("Type") != TASK_DEFINITION:
                continue
            listed = containers(system, stack, task_id)
            for container in listed:
                for route in model_routes(container):
                    local = next((c.name for c in listed if route.provider.startswith(c.name)), None)
                    served = f"`{local}` container ({route.api_base})" if local else PROVIDERS.get(
                        route.provider, route.provider)
                    cond = ", ".join(f"{c} ({system.condition_text(stack, c)})" for c in route.conditions) or "always"
                    parts.append(f"| `{route.model_name}` | {route.provider} | {served} | {cond} |")
    parts.append("")

    parts.append("## Resources by stack\n")
    parts.append("Every resource of every rendered template (`Condition`: created only when it holds).\n")
    parts.append(f"- parent: " + ", ".join(f"`{sid}` ({name}.yaml)" for sid, name in
                                             sorted(system.stacks.items())))
    for stack in system.order:
        parts.append(f"\n### {stack} ({system.stacks[stack]}.yaml)\n")
        wired = system.wiring(stack)
        if wired:
            parts.append("Parameters from: " + "; ".join(f"{src} ({', '.join(outs)})" for src, outs in wired.items())
                         + ".\n")
        parts.append("| logical id | type | condition |")
        parts.append("| --- | --- | --- |")
        for logical_id, res in sorted(system.resources(stack).items()):
            parts.append(f"| `{logical_id}` | {res.get('Type')} | {res.get('Condition') or ''} |")
    return "\n".join(parts) + "\n"
