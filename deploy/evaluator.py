"""The one evaluator of CloudFormation intrinsics and conditions, for asserting what a template creates for given parameters.

It resolves conditions, Fn::If/Select/Cidr/GetAZs/Join/Sub/Split/FindInMap and parameter Refs. A Ref to a resource
becomes the logical id and Fn::GetAtt becomes "Id.Attribute", so tests can follow references between
resources. Anything it does not know raises, so a template change cannot silently slip past a test.
"""
import ipaddress
import re

AZS = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]
PSEUDO = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
          "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": "test-stack",
          "AWS::StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/test-stack/1"}
NO_VALUE = object()


class Evaluator:
    def __init__(self, template: dict, params: dict[str, str]):
        self.template = template
        self.params = {name: str(spec.get("Default")) for name, spec in template.get("Parameters", {}).items()
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

    def resources(self) -> dict:
        """Logical id -> resolved resource, for the resources whose Condition holds."""
        out = {}
        for logical_id, resource in self.template["Resources"].items():
            if "Condition" in resource and not self.conditions[resource["Condition"]]:
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

    def _intrinsic(self, key, arg):
        if key == "Ref":
            if arg == "AWS::NoValue":
                return NO_VALUE
            if arg in PSEUDO:
                return PSEUDO[arg]
            if arg in self.params:
                spec = self.template.get("Parameters", {}).get(arg, {})
                if spec.get("Type", "").startswith(("CommaDelimitedList", "List<")):
                    return self.params[arg].split(",") if self.params[arg] else []
                return self.params[arg]
            if arg in self.template["Resources"]:
                return arg
            raise KeyError(f"Ref to unknown {arg}")
        if key == "Condition":
            return self.condition(arg)
        if key == "Fn::If":
            name, when_true, when_false = arg
            return self.value(when_true if self.condition(name) else when_false)
        if key == "Fn::Equals":
            left, right = (self.value(a) for a in arg)
            return str(left) == str(right)
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
            subnets = network.subnets(new_prefix=32 - int(bits))
            return [str(next(subnets)) for _ in range(int(count))]
        if key == "Fn::Join":
            separator, items = arg
            return separator.join(str(i) for i in self.value(items))
        if key == "Fn::Split":
            separator, text = arg
            return str(self.value(text)).split(separator)
        if key == "Fn::GetAtt":
            logical_id, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
            return f"{logical_id}.{attribute}"
        if key == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.value(arg[1]))

            def variable(match):
                name = match.group(1)
                if name in variables:
                    return str(variables[name])
                return str(self._intrinsic("Fn::GetAtt" if "." in name else "Ref", name))
            return re.sub(r"\$\{([^}!]+)\}", variable, text)
        if key == "Fn::Base64":
            return self.value(arg)
        if key == "Fn::FindInMap":
            name, top, second = (self.value(a) for a in arg)
            return self.template["Mappings"][name][top][second]
        raise NotImplementedError(key)
