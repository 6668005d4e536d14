"""What every check reads: one environment's Deployment (all stacks evaluated) and the Finding type."""
from __future__ import annotations

from dataclasses import dataclass

from deploy.evaluator import Deployment


@dataclass(frozen=True)
class Finding:
    area: str        # iam, network, lifecycle, rules
    resource: str    # Stack/LogicalId (or the parameter)
    subject: str     # the actor and call, or the flow, or the life-cycle step
    problem: str
    fix: str

    def line(self) -> str:
        return f"[{self.area}] {self.resource} -- {self.subject}: {self.problem}. Fix: {self.fix}"


class Model:
    """Resolved resources of every stack of one deployment, with look-ups across stacks."""

    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.physical = deployment.physical
        self.account, self.region = self.physical.account, self.physical.region
        self.stacks = deployment.all_stacks()
        self.params = {key: stack.evaluator.params for key, stack in self.stacks.items()}

    def of_type(self, kind: str):
        """(stack key, logical id, resource) for every active resource of a type, in template order."""
        for key, stack in self.stacks.items():
            for logical_id, resource in stack.resources.items():
                if resource["Type"] == kind:
                    yield key, logical_id, resource

    def resource(self, stack_key: str, logical_id: str) -> dict | None:
        return self.stacks[stack_key].resources.get(logical_id)

    def owner(self, physical_id: str) -> tuple[str, str] | None:
        """(stack key, logical id) of the resource a physical id or ARN names."""
        return self.physical.registry.get(physical_id)

    def role_by_arn(self, arn: str) -> tuple[str, str, dict] | None:
        for key, logical_id, resource in self.of_type("AWS::IAM::Role"):
            if self.physical.getatt(self.stacks[key].evaluator, logical_id, "Arn") == arn:
                return key, logical_id, resource
        return None

    def arn(self, service: str, rest: str, region: bool = True, account: bool = True) -> str:
        return self.physical.arn(service, rest, region, account)


def identity_policies(role: dict, managed: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """A role's inline policy documents plus the managed policies we know; the ARNs we do not know."""
    props = role.get("Properties", {})
    docs = [p["PolicyDocument"] for p in props.get("Policies") or []]
    unknown = []
    for arn in props.get("ManagedPolicyArns") or []:
        if arn in managed:
            docs.append(managed[arn])
        else:
            unknown.append(arn)
    return docs, unknown
