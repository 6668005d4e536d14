"""The diagram's edges: the request path (client, listeners, target group, containers, model providers), where
each container reads data and secrets, what the KMS key encrypts, and the wiring between stacks."""
from __future__ import annotations

import re

from docgen.diagram_boxes import PROVIDERS, STORES, TASK_DEFINITION, Container, containers, model_routes
from docgen.diagram_nodes import StackNodes
from docgen.mermaid import node_id
from docgen.template_graph import items, refs

LISTENER = "AWS::ElasticLoadBalancingV2::Listener"


def _env_summary(names: list[str]) -> str:
    names = sorted(set(n for n in names if n))
    return ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")


class Edges:
    def __init__(self, nodes: StackNodes):
        self.system, self.chart, self.nodes = nodes.system, nodes.chart, nodes
        self.where = nodes.where

    def traffic_and_data(self):
        system = self.system
        for stack in system.order:
            resources = system.resources(stack)
            # client -> load balancer, through each listener
            for logical_id, res in sorted(resources.items()):
                if res.get("Type") != LISTENER:
                    continue
                props = res.get("Properties") or {}
                label = f"{props.get('Protocol', '')} :{props.get('Port', '')}"
                if res.get("Condition"):
                    label += f" if {system.condition_text(stack, res['Condition'])}"
                self.chart.edge("client", self.where[(stack, logical_id)], label, "==>")
            for logical_id, res in sorted(resources.items()):
                props = res.get("Properties") or {}
                if res.get("Type") == "AWS::ECS::Service":
                    self.service_edges(stack, logical_id, props)
                if res.get("Type") == TASK_DEFINITION:
                    self.task_edges(stack, logical_id, props)
                if res.get("Type") == "AWS::ApplicationAutoScaling::ScalableTarget":
                    for _s, target in system.behind(stack, props.get("ResourceId")):
                        if resources.get(target, {}).get("Type") == "AWS::ECS::Service":
                            self.chart.edge(self.where[(stack, logical_id)], self.where[(stack, target)], "scales",
                                            "-.->")
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
                    if res.get("Type") == LISTENER and (
                            logical_id in forwarding
                            or target_group in refs(res.get("Properties", {}).get("DefaultActions"))):
                        self.chart.edge(self.where[(stack, logical_id)], self.where[(stack, target_group)],
                                        "forward", "==>")
                for task_id in task_ids:
                    container = self.where.get((stack, f"{task_id}.{binding.get('ContainerName')}"))
                    if container:
                        port = f":{binding.get('ContainerPort')}"
                        self.chart.edge(self.where[(stack, target_group)], container, port, "==>")
        for task_id in task_ids:
            self.chart.edge(self.where[(stack, service_id)], self.where[(stack, task_id)], "runs")

    def task_edges(self, stack: str, task_id: str, props: dict):
        listed = containers(self.system, stack, task_id)
        for container in listed:
            here = self.where[(stack, f"{task_id}.{container.name}")]
            self.route_edges(stack, task_id, container, {c.name for c in listed}, here)
            self.data_edges(stack, task_id, container, here)
            self.volume_edges(stack, container, props, here)

    def route_edges(self, stack: str, task_id: str, container: Container, names: set[str], here: str):
        """A container's model routes: to a sibling container (a local model) or to an external provider."""
        for route in model_routes(container):
            cond = " / ".join(self.system.condition_text(stack, c) for c in route.conditions)
            label = route.model_name + (f" · if {cond}" if cond else "")
            local = next((n for n in sorted(names) if route.provider.startswith(n) and n != container.name), None)
            if local:
                target = self.where[(stack, f"{task_id}.{local}")]
                where = re.sub(r"^https?://", "", route.api_base or "")
                self.chart.edge(here, target, f"{route.model_name} @ {where}" if where else route.model_name, "==>")
            else:
                target = node_id("provider", route.provider)
                self.chart.node(target, PROVIDERS.get(route.provider, route.provider) +
                                (f"<br/><small>if {cond}</small>" if cond else ""), "hex", bool(cond))
                self.chart.classes["external"].append(target)
                self.chart.edge(here, target, route.model_name, "==>")

    def data_edges(self, stack: str, task_id: str, container: Container, here: str):
        """Environment values and secrets that lead to resources of other boxes (database, cache, ...)."""
        ssm = self.nodes.ssm
        targets: dict[str, list[str]] = {}
        for env, _ in items(container.definition.get("Environment")):
            if not isinstance(env, dict):
                continue
            for res in sorted(self.system.behind(stack, env.get("Value"))):
                node = self.where.get(res)
                if node and node != self.where.get((stack, task_id)):
                    targets.setdefault(node, []).append(env.get("Name", ""))
        for secret, _ in items(container.definition.get("Secrets")):
            if isinstance(secret, dict) and ssm:
                targets.setdefault(ssm[1], []).append(secret.get("Name", ""))
        for node, env_names in sorted(targets.items()):
            if node == self.where.get((stack, task_id)) or env_names == [""]:
                continue
            label = "secrets: " if ssm and node == ssm[1] else ""
            self.chart.edge(here, node, label + _env_summary(env_names), "-.->")

    def volume_edges(self, stack: str, container: Container, props: dict, here: str):
        """Volumes backed by a file system of another stack."""
        volumes: dict[str, list[dict]] = {}  # name -> its variants (a volume may differ per condition)
        for volume, _ in items(props.get("Volumes")):
            if isinstance(volume, dict):
                volumes.setdefault(volume.get("Name"), []).append(volume)
        for mount, _ in items(container.definition.get("MountPoints")):
            variants = volumes.get(mount.get("SourceVolume"), []) if isinstance(mount, dict) else []
            for res in sorted(self.system.behind(stack, variants)):
                node = self.where.get(res)
                if node and res[0] != stack:
                    self.chart.edge(here, node, f"{mount.get('ContainerPath')}", "-.->")

    def key_edges(self, stack: str):
        """KMS key -> the stores it encrypts (resources in the same stack that refer to the key)."""
        resources = self.system.resources(stack)
        keys = {k for k, r in resources.items() if r.get("Type") == "AWS::KMS::Key"}
        if not keys:
            return
        ssm = self.nodes.ssm
        for logical_id, res in sorted(resources.items()):
            if not keys & refs(res.get("Properties")) or logical_id in keys:
                continue
            node = self.where.get((stack, logical_id))
            if res.get("Type", "").startswith("Custom::") and ssm and ssm[0] == stack:
                node = ssm[1]
            if node in {self.nodes.box_of.get((stack, s)) for s in STORES}:
                for key in sorted(keys):
                    self.chart.edge(self.where[(stack, key)], node, "encrypts", "-.->")

    def stack_wiring(self):
        """Consumer stack -> producer stack: drawn in the direction of the request path, so it reads left to right."""
        for stack in self.system.order:
            for src, outputs in self.system.wiring(stack).items():
                shown = ", ".join(outputs) if len(outputs) <= 3 else f"{len(outputs)} outputs"
                self.chart.edge(node_id("stack", stack), node_id("stack", src), f"parameters from {shown}", "-->")

    def align_loose_boxes(self):
        """Boxes without an arrow line up in one column beside the first box of their stack that has one."""
        linked = self.chart.linked()
        for stack in self.system.order:
            ids = [node for (s, _key), node in self.nodes.box_of.items() if s == stack]
            anchor = next((node for node in ids if node in linked), None)
            for node in ids:
                if anchor and node not in linked:
                    self.chart.hidden.append(f"{anchor} ~~~ {node}")
