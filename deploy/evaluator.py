"""The one evaluator of CloudFormation intrinsics, conditions and Rules (tests, `cost` and `check` share it).

`Evaluator(template, params)` resolves conditions, Fn::If/Select/Cidr/GetAZs/Join/Sub/Split/FindInMap and
parameter Refs. By default a Ref to a resource becomes its logical id and Fn::GetAtt becomes "Id.Attribute",
so tests can follow references between resources. With `physical=Physical(...)` they become the concrete
names, ids and ARNs AWS would build (log group ARNs ending in `:*`, KMS key ARNs, SSM parameter ARNs ...),
which is what `deploy-stack check` evaluates IAM policies against. `Deployment` evaluates a parent and its
nested stacks through the parent's wiring: each child gets the parameters the parent passes it, and
`GetAtt Child.Outputs.X` is the producer child's evaluated output. Anything unknown raises, so a template
change cannot silently slip past a test.
"""
from __future__ import annotations

import hashlib
import ipaddress
import re
from pathlib import Path

from deploy.parsed import load_yaml

AZS = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]
PSEUDO = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
          "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": "test-stack",
          "AWS::StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/test-stack/1"}
NO_VALUE = object()


def _is_list_type(spec: dict) -> bool:
    return str(spec.get("Type", "")).startswith(("CommaDelimitedList", "List<"))


class Evaluator:
    def __init__(self, template: dict, params: dict[str, str], *, physical: "Physical | None" = None,
                 pseudo: dict[str, str] | None = None):
        self.template = template
        self.physical = physical
        self.pseudo = pseudo or PSEUDO
        self.params = {name: _text(spec.get("Default")) for name, spec in template.get("Parameters", {}).items()
                       if "Default" in spec}
        self.params.update(params)
        missing = set(template.get("Parameters", {})) - set(self.params)
        if missing:
            raise KeyError(f"no value for parameters {sorted(missing)}")
        self.conditions = {}
        for name in template.get("Conditions", {}):
            self.condition(name)

    def condition(self, name: str) -> bool:
        if name not in self.conditions:
            self.conditions[name] = bool(self.value(self.template["Conditions"][name]))
        return self.conditions[name]

    def active(self, logical_id: str) -> bool:
        resource = self.template["Resources"][logical_id]
        return "Condition" not in resource or self.conditions[resource["Condition"]]

    def resources(self) -> dict:
        """Logical id -> resolved resource, for the resources whose Condition holds."""
        out = {}
        for logical_id, resource in self.template["Resources"].items():
            if not self.active(logical_id):
                continue
            out[logical_id] = {**resource, "Properties": self.value(resource.get("Properties", {}))}
        return out

    def outputs(self) -> dict:
        return {name: self.value(o["Value"]) for name, o in self.template.get("Outputs", {}).items()
                if "Condition" not in o or self.conditions[o["Condition"]]}

    def value(self, node):
        if isinstance(node, list):
            return [v for v in (self.value(i) for i in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                return self._intrinsic(key, arg)
        return {k: v for k, v in ((k, self.value(v)) for k, v in node.items()) if v is not NO_VALUE}

    def _ref(self, name: str):
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.params:
            spec = self.template.get("Parameters", {}).get(name, {})
            if _is_list_type(spec):
                return self.params[name].split(",") if self.params[name] else []
            return self.params[name]
        if name in self.template["Resources"]:
            return self.physical.ref(self, name) if self.physical else name
        raise KeyError(f"Ref to unknown {name}")

    def _getatt(self, logical_id: str, attribute: str):
        if logical_id not in self.template["Resources"]:
            raise KeyError(f"GetAtt of unknown resource {logical_id}")
        return self.physical.getatt(self, logical_id, attribute) if self.physical else f"{logical_id}.{attribute}"

    def _intrinsic(self, key, arg):
        if key == "Ref":
            return self._ref(arg)
        if key == "Condition":
            return self.condition(arg)
        if key == "Fn::If":
            name, when_true, when_false = arg
            return self.value(when_true if self.condition(name) else when_false)
        if key == "Fn::Equals":
            left, right = (self.value(a) for a in arg)
            return _text(left) == _text(right)
        if key == "Fn::And":
            return all(self.value(a) for a in arg)
        if key == "Fn::Or":
            return any(self.value(a) for a in arg)
        if key == "Fn::Not":
            return not self.value(arg[0])
        if key == "Fn::Select":
            index, items = self.value(arg[0]), self.value(arg[1])
            return items[int(index)]
        if key == "Fn::GetAZs":
            return list(AZS)
        if key == "Fn::Cidr":
            block, count, bits = (self.value(a) for a in arg)
            network = ipaddress.ip_network(block)
            subnets = network.subnets(new_prefix=network.max_prefixlen - int(bits))
            return [str(next(subnets)) for _ in range(int(count))]
        if key == "Fn::Join":
            separator, items = arg
            return separator.join(_text(i) for i in self.value(items))
        if key == "Fn::Split":
            separator, text = arg
            return str(self.value(text)).split(separator)
        if key == "Fn::FindInMap":
            mapping, top, second = (self.value(a) for a in arg[:3])
            return self.template["Mappings"][mapping][top][second]
        if key == "Fn::GetAtt":
            logical_id, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
            return self._getatt(logical_id, self.value(attribute))
        if key == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.value(arg[1]))

            def variable(match):
                name = match.group(1)
                if name in variables:
                    return _text(variables[name])
                if "." in name and name not in self.pseudo:
                    return _text(self._getatt(*name.split(".", 1)))
                return _text(self._ref(name))
            return re.sub(r"\$\{([^}!]+)\}", variable, text)
        if key == "Fn::FindInMap":
            name, top, second = (self.value(a) for a in arg)
            return self.template["Mappings"][name][str(top)][str(second)]
        if key == "Fn::Base64":
            return self.value(arg)
        if key == "Fn::FindInMap":
            name, top, second = (self.value(a) for a in arg)
            return self.template["Mappings"][name][top][second]
        raise NotImplementedError(key)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return str(value)


# ------------------------------------------------------------------------------------------ physical values

def _token(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:17]


def _uuid(*parts: str) -> str:
    h = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


_ID_PREFIX = {"AWS::EC2::VPC": "vpc", "AWS::EC2::Subnet": "subnet", "AWS::EC2::RouteTable": "rtb",
              "AWS::EC2::InternetGateway": "igw", "AWS::EC2::NatGateway": "nat", "AWS::EC2::VPCEndpoint": "vpce",
              "AWS::EC2::SecurityGroup": "sg", "AWS::EC2::EIP": "eipalloc", "AWS::EFS::FileSystem": "fs",
              "AWS::EFS::AccessPoint": "fsap", "AWS::EFS::MountTarget": "fsmt"}


class Physical:
    """The names, ids and ARNs AWS gives a stack's resources, built the way each service builds them.

    Generated names follow CloudFormation's `<stack>-<logical id>-<random>` pattern (with a stable hash for
    the random part). `registry` maps every id handed out to (stack key, logical id), so a security group id
    passed through a parameter can be traced back to the resource that declared it.
    """

    def __init__(self, region: str = "us-east-1", account: str = "123456789012", partition: str = "aws"):
        self.region, self.account, self.partition = region, account, partition
        self.registry: dict[str, tuple[str, str]] = {}
        self.stack_of: dict[int, tuple[str, str]] = {}      # id(evaluator) -> (stack key, stack name)
        self.nested: dict[tuple[str, str], "Deployment"] = {}

    def pseudo(self, stack_name: str) -> dict[str, str]:
        return {"AWS::Region": self.region, "AWS::AccountId": self.account, "AWS::Partition": self.partition,
                "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": stack_name,
                "AWS::StackId": f"arn:{self.partition}:cloudformation:{self.region}:{self.account}:stack/"
                                f"{stack_name}/{_uuid(stack_name)}"}

    def arn(self, service: str, rest: str, region: bool = True, account: bool = True) -> str:
        return (f"arn:{self.partition}:{service}:{self.region if region else ''}:"
                f"{self.account if account else ''}:{rest}")

    def _stack(self, ev: Evaluator) -> tuple[str, str]:
        return self.stack_of.get(id(ev), ("stack", ev.pseudo.get("AWS::StackName", "stack")))

    def _generated(self, ev: Evaluator, logical_id: str, limit: int = 64, lower: bool = False) -> str:
        stack = self._stack(ev)[1]
        name = f"{stack}-{logical_id}"[: limit - 14] + "-" + _token(stack, logical_id)[:13].upper()
        return name.lower() if lower else name

    def _prop(self, ev: Evaluator, logical_id: str, name: str):
        resource = ev.template["Resources"][logical_id]
        raw = (resource.get("Properties") or {}).get(name)
        return None if raw is None else ev.value(raw)

    def _register(self, ev: Evaluator, logical_id: str, value: str) -> str:
        self.registry.setdefault(value, (self._stack(ev)[0], logical_id))
        return value

    def ref(self, ev: Evaluator, logical_id: str):
        kind = ev.template["Resources"][logical_id]["Type"]
        stack_key, stack = self._stack(ev)
        prop = lambda name: self._prop(ev, logical_id, name)  # noqa: E731
        if kind in _ID_PREFIX:
            return self._register(ev, logical_id, f"{_ID_PREFIX[kind]}-{_token(stack, logical_id)}")
        if kind == "AWS::Logs::LogGroup":
            return self._register(ev, logical_id, prop("LogGroupName") or self._generated(ev, logical_id, 512))
        if kind == "AWS::KMS::Key":
            return self._register(ev, logical_id, _uuid(stack, logical_id))
        if kind == "AWS::IAM::Role":
            return self._register(ev, logical_id, prop("RoleName") or self._generated(ev, logical_id))
        if kind == "AWS::SNS::Topic":
            name = prop("TopicName") or self._generated(ev, logical_id, 256)
            return self._register(ev, logical_id, self.arn("sns", name))
        if kind == "AWS::RDS::DBInstance":
            return self._register(ev, logical_id, (prop("DBInstanceIdentifier") or
                                                   self._generated(ev, logical_id, 63, lower=True)).lower())
        if kind == "AWS::Lambda::Function":
            return self._register(ev, logical_id, prop("FunctionName") or self._generated(ev, logical_id))
        if kind == "AWS::ECS::Cluster":
            return self._register(ev, logical_id, prop("ClusterName") or self._generated(ev, logical_id))
        if kind == "AWS::ECS::Service":
            return self.arn("ecs", f"service/{prop('ServiceName') or self._generated(ev, logical_id)}")
        if kind == "AWS::ECS::TaskDefinition":
            return self.arn("ecs", f"task-definition/{prop('Family') or self._generated(ev, logical_id)}:1")
        if kind == "AWS::ElasticLoadBalancingV2::LoadBalancer":
            return self.arn("elasticloadbalancing", f"loadbalancer/app/{self._lb_name(ev, logical_id)}/"
                                                    f"{_token(stack, logical_id)[:16]}")
        if kind == "AWS::ElasticLoadBalancingV2::TargetGroup":
            return self.arn("elasticloadbalancing", f"targetgroup/{self._lb_name(ev, logical_id)}/"
                                                    f"{_token(stack, logical_id)[:16]}")
        if kind == "AWS::CloudFormation::Stack":
            return self.pseudo(self.nested[(stack_key, logical_id)].stack_name)["AWS::StackId"]
        return self._register(ev, logical_id, self._generated(ev, logical_id))

    def _lb_name(self, ev: Evaluator, logical_id: str) -> str:
        return self._prop(ev, logical_id, "Name") or self._generated(ev, logical_id, 32)

    def getatt(self, ev: Evaluator, logical_id: str, attribute: str):
        kind = ev.template["Resources"][logical_id]["Type"]
        stack_key, stack = self._stack(ev)
        ref = lambda: self.ref(ev, logical_id)  # noqa: E731
        if kind == "AWS::CloudFormation::Stack" and attribute.startswith("Outputs."):
            outputs = self.nested[(stack_key, logical_id)].outputs
            name = attribute.split(".", 1)[1]
            if name not in outputs:
                raise KeyError(f"GetAtt {logical_id}.{attribute}: the nested stack has no output {name} "
                               f"(or its Condition is false)")
            return outputs[name]
        table = {
            ("AWS::Logs::LogGroup", "Arn"): lambda: self.arn("logs", f"log-group:{ref()}:*"),
            ("AWS::KMS::Key", "Arn"): lambda: self.arn("kms", f"key/{ref()}"),
            ("AWS::KMS::Key", "KeyId"): ref,
            ("AWS::IAM::Role", "Arn"): lambda: self.arn("iam", f"role/{ref()}", region=False),
            ("AWS::SNS::Topic", "TopicArn"): ref,
            ("AWS::SNS::Topic", "TopicName"): lambda: ref().rsplit(":", 1)[1],
            ("AWS::EC2::SecurityGroup", "GroupId"): ref,
            ("AWS::EC2::VPC", "CidrBlock"): lambda: self._prop(ev, logical_id, "CidrBlock"),
            ("AWS::EC2::EIP", "AllocationId"): ref,
            ("AWS::EFS::FileSystem", "Arn"): lambda: self.arn("elasticfilesystem", f"file-system/{ref()}"),
            ("AWS::EFS::AccessPoint", "Arn"): lambda: self.arn("elasticfilesystem", f"access-point/{ref()}"),
            ("AWS::EFS::AccessPoint", "AccessPointId"): ref,
            ("AWS::Lambda::Function", "Arn"): lambda: self.arn("lambda", f"function:{ref()}"),
            ("AWS::RDS::DBInstance", "Endpoint.Address"):
                lambda: f"{ref()}.c{_token(stack)[:12]}.{self.region}.rds.amazonaws.com",
            ("AWS::RDS::DBInstance", "Endpoint.Port"): lambda: _text(self._prop(ev, logical_id, "Port") or "5432"),
            ("AWS::RDS::DBInstance", "DBInstanceArn"): lambda: self.arn("rds", f"db:{ref()}"),
            ("AWS::ElastiCache::ReplicationGroup", "PrimaryEndPoint.Address"):
                lambda: f"master.{ref()}.{_token(stack)[:6]}.use1.cache.amazonaws.com",
            ("AWS::ElastiCache::ReplicationGroup", "PrimaryEndPoint.Port"):
                lambda: _text(self._prop(ev, logical_id, "Port") or "6379"),
            ("AWS::ECS::Service", "Name"):
                lambda: self._prop(ev, logical_id, "ServiceName") or self._generated(ev, logical_id),
            ("AWS::ElasticLoadBalancingV2::LoadBalancer", "DNSName"):
                lambda: f"{self._lb_name(ev, logical_id)}-1.{self.region}.elb.amazonaws.com",
            ("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerFullName"):
                lambda: ref().split(":loadbalancer/", 1)[1],
            ("AWS::ElasticLoadBalancingV2::TargetGroup", "TargetGroupFullName"):
                lambda: ref().split(":", 5)[5],
        }
        if (kind, attribute) in table:
            return table[(kind, attribute)]()
        if kind == "Custom::Secrets":
            return self._secrets_attribute(ev, logical_id, attribute)
        return f"{ref()}.{attribute}"

    def _secrets_attribute(self, ev: Evaluator, logical_id: str, attribute: str) -> str:
        """The attributes functions/secrets/handler.py returns: <Camel>ParameterName/Arn/Version."""
        prefix = self._prop(ev, logical_id, "ParameterPrefix")
        for secret in self._prop(ev, logical_id, "Secrets") or []:
            camel = "".join(part.capitalize() for part in secret["Name"].split("-"))
            name = f"{prefix}/{secret['Name']}"
            if attribute == f"{camel}ParameterName":
                return name
            if attribute == f"{camel}ParameterArn":
                return self.arn("ssm", f"parameter{name}")
            if attribute == f"{camel}Version":
                return "1"
        raise KeyError(f"GetAtt {logical_id}.{attribute}: Custom::Secrets returns no such attribute for the "
                       f"secrets it is given")


# ------------------------------------------------------------------------------------------ nested stacks

class Deployment:
    """A parent template and its nested stacks, evaluated for one set of parameters.

    `templates` maps a file name (parent.yaml, network.yaml, ...) to the template; a nested stack's
    TemplateURL names its file. `stacks` maps a stack key ("parent", or the parent's logical id of the
    nested stack, e.g. "Network") to its Evaluator.
    """

    def __init__(self, templates: dict[str, dict], params: dict[str, str], *, file: str = "parent.yaml",
                 stack_name: str = "llm-gateway", physical: Physical | None = None, key: str = "parent"):
        self.templates, self.file, self.stack_name, self.key = templates, file, stack_name, key
        self.physical = physical or Physical()
        self.evaluator = Evaluator.__new__(Evaluator)  # registered before evaluation: conditions may Ref
        self.physical.stack_of[id(self.evaluator)] = (key, stack_name)
        self._declare_children(templates[file], params)
        self.evaluator.__init__(templates[file], params, physical=self.physical,
                                pseudo=self.physical.pseudo(stack_name))
        self.resources = self.evaluator.resources()
        self.outputs = self.evaluator.outputs()
        for logical_id, resource in self.resources.items():
            if resource["Type"] == "AWS::CloudFormation::Stack":
                self.child(logical_id)   # every active nested stack, even one whose outputs nobody reads

    def _declare_children(self, template: dict, params: dict[str, str]) -> None:
        self._children: dict[str, Deployment] = {}
        for logical_id, resource in template["Resources"].items():
            if resource.get("Type") == "AWS::CloudFormation::Stack":
                self.physical.nested[(self.key, logical_id)] = _LazyChild(self, logical_id)

    def child(self, logical_id: str) -> "Deployment":
        if logical_id not in self._children:
            resource = self.evaluator.template["Resources"][logical_id]
            props = resource["Properties"]
            url = self.evaluator.value(props["TemplateURL"])
            file = url.rsplit("/", 1)[-1]
            if file not in self.templates:
                raise KeyError(f"{self.file}: {logical_id}: TemplateURL names {file}, which is not in the "
                               f"rendered templates")
            passed = {k: _text(v) for k, v in self.evaluator.value(props.get("Parameters") or {}).items()}
            name = f"{self.stack_name}-{logical_id}-{_token(self.stack_name, logical_id)[:12].upper()}"
            self._children[logical_id] = Deployment(self.templates, passed, file=file, stack_name=name,
                                                    physical=self.physical, key=logical_id)
        return self._children[logical_id]

    def all_stacks(self) -> dict[str, "Deployment"]:
        """Stack key -> Deployment, parent first, for every nested stack whose Condition holds."""
        out = {self.key: self}
        for logical_id in self.evaluator.template["Resources"]:
            resource = self.evaluator.template["Resources"][logical_id]
            if resource.get("Type") == "AWS::CloudFormation::Stack" and self.evaluator.active(logical_id):
                out.update(self.child(logical_id).all_stacks())
        return out


class _LazyChild:
    """Evaluates a nested stack the first time the parent reads one of its outputs."""

    def __init__(self, parent: Deployment, logical_id: str):
        self.parent, self.logical_id = parent, logical_id

    @property
    def outputs(self) -> dict:
        return self.parent.child(self.logical_id).outputs

    @property
    def stack_name(self) -> str:
        return self.parent.child(self.logical_id).stack_name


def load_templates(directory: Path) -> dict[str, dict]:
    """File name -> template, for every *.yaml in a rendered directory (dist/)."""
    out = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        doc = load_yaml(path.read_text())
        if isinstance(doc, dict):
            out[path.name] = doc
    return out


# ------------------------------------------------------------------------------------------ Rules

# The only functions CloudFormation accepts in a Rules condition or assertion ("Rule functions" in the
# CloudFormation template reference); anything else fails the whole template at create time.
RULE_FUNCTIONS = frozenset({"Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals", "Fn::Contains", "Fn::EachMemberEquals",
                            "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll", "Ref"})
UNKNOWN = None  # a rule that needs AWS (RefAll, ValueOf ...) or uses an undocumented function


def rule_functions_used(expr) -> set[str]:
    """Every intrinsic function name used in a rule expression."""
    if isinstance(expr, dict):
        found = set().union(*map(rule_functions_used, expr.values())) if expr else set()
        if len(expr) == 1:
            (key,) = expr
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                found.add(key)
        return found
    if isinstance(expr, list):
        return set().union(*map(rule_functions_used, expr)) if expr else set()
    return set()


def undocumented_rule_functions(template: dict) -> list[tuple[str, str]]:
    """(rule name, function) for every function a rule uses that CloudFormation does not allow there."""
    return [(name, fn) for name, rule in (template.get("Rules") or {}).items()
            for fn in sorted(rule_functions_used(rule) - RULE_FUNCTIONS)]


def rule_value(expr, template: dict, values: dict[str, str]):
    """A rule condition or assertion for these parameter values: True/False, a value, or UNKNOWN."""
    if isinstance(expr, (str, int, float, bool)):
        return _text(expr)
    if isinstance(expr, list):
        items = [rule_value(e, template, values) for e in expr]
        return UNKNOWN if UNKNOWN in items else items
    if not isinstance(expr, dict) or len(expr) != 1:
        return UNKNOWN
    (fn, arg), = expr.items()
    if fn not in RULE_FUNCTIONS:
        return UNKNOWN
    if fn == "Ref":
        if arg not in values:
            return UNKNOWN
        spec = (template.get("Parameters") or {}).get(arg) or {}
        return values[arg].split(",") if _is_list_type(spec) and values[arg] else ([] if _is_list_type(spec)
                                                                                     else values[arg])
    if fn in ("Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll"):
        return UNKNOWN  # they read the account (existing VPCs, tags): only CloudFormation can tell
    items = [rule_value(a, template, values) for a in arg] if isinstance(arg, list) else [UNKNOWN]
    if UNKNOWN in items:
        return UNKNOWN
    if fn == "Fn::Equals" and len(items) == 2:
        return _text(items[0]) == _text(items[1])
    if fn == "Fn::Not" and len(items) == 1 and isinstance(items[0], bool):
        return not items[0]
    if fn in ("Fn::And", "Fn::Or") and all(isinstance(i, bool) for i in items):
        return all(items) if fn == "Fn::And" else any(items)
    if fn == "Fn::Contains" and len(items) == 2 and isinstance(items[0], list):
        return _text(items[1]) in [_text(i) for i in items[0]]
    if fn == "Fn::EachMemberEquals" and len(items) == 2 and isinstance(items[0], list):
        return all(_text(i) == _text(items[1]) for i in items[0])
    if fn == "Fn::EachMemberIn" and len(items) == 2 and all(isinstance(i, list) for i in items):
        allowed = {_text(i) for i in items[1]}
        return all(_text(i) in allowed for i in items[0])
    return UNKNOWN


def _refs(expr) -> set[str]:
    if isinstance(expr, dict):
        return {expr["Ref"]} if set(expr) == {"Ref"} else set().union(*map(_refs, expr.values()))
    if isinstance(expr, list):
        return set().union(*map(_refs, expr)) if expr else set()
    return set()


def failed_rules(template: dict, values: dict[str, str]) -> list[tuple[str, str, list[str]]]:
    """(rule name, AssertDescription, the parameters it reads) for each assertion CloudFormation would
    refuse these values for. Rules that cannot be evaluated here are left out (see undocumented_rule_functions)."""
    out = []
    for name, rule in (template.get("Rules") or {}).items():
        applies = rule_value(rule["RuleCondition"], template, values) if "RuleCondition" in rule else True
        if applies is not True:
            continue
        for assertion in rule.get("Assertions") or []:
            if rule_value(assertion.get("Assert"), template, values) is False:
                out.append((name, assertion.get("AssertDescription", ""), sorted(_refs(rule))))
    return out


def rule_problems(template: dict, values: dict[str, str], sources: dict[str, str],
                  where: str = "dist/parent.yaml") -> list[str]:
    """failed_rules as one line each, with the values and where they came from."""
    problems = []
    for name, description, keys in failed_rules(template, values):
        given = ", ".join(f"{k}={values.get(k)} ({sources.get(k, '?')})" for k in keys)
        problems.append(f"rule {name} in {where}: {description} [{given}]")
    return problems
