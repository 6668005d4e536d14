"""The diagram's nodes: one subgraph per nested stack with its boxes, the SSM parameters the secrets custom
resource writes, and each task definition as a subgraph of its containers. Remembers where each resource was
drawn, for the edges."""
from __future__ import annotations

import re

from docgen.diagram_boxes import STORES, TASK_DEFINITION, Box, box_label, boxes, containers
from docgen.mermaid import Flowchart, node_id, quoted
from docgen.template_graph import System, items, refs, strings


class StackNodes:
    def __init__(self, system: System, chart: Flowchart):
        self.system = system
        self.chart = chart
        self.where: dict[tuple[str, str], str] = {}  # (stack, logical id) -> node id
        self.box_of: dict[tuple[str, str], str] = {}  # (stack, box key) -> node id
        self.ssm: tuple[str, str] | None = None  # (stack, node id) of the secrets parameters

    def stack(self, stack: str):
        system, chart = self.system, self.chart
        name = system.stacks[stack]
        count = len(system.resources(stack))
        title = f"{stack} · nested stack · {name}.yaml · {count} resources"
        chart.lines.append(f"  subgraph {node_id('stack', stack)}[{quoted(title)}]")
        chart.lines.append("    direction TB")
        for key, box in boxes(system, stack).items():
            ident = node_id(stack, key)
            shape = "store" if key in STORES else "rect"
            chart.node(ident, box_label(box), shape, box.optional, indent=4)
            if key in STORES:
                chart.classes["store"].append(ident)
            self.box_of[(stack, key)] = ident
            for logical_id, _, _ in box.members + box.counted:
                self.where[(stack, logical_id)] = ident
            if key == "secrets":
                self.secrets_parameters(stack, box)
        for logical_id, res in sorted(system.resources(stack).items()):
            if res.get("Type") == TASK_DEFINITION:
                self.task(stack, logical_id)
        chart.lines.append("  end")

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
            ident = node_id(stack, "ssm")
            self.chart.node(ident, "<br/>".join(lines), "store", indent=4)
            self.chart.classes["store"].append(ident)
            self.box_of[(stack, "ssm")] = ident
            self.ssm = (stack, ident)
            self.chart.edge(self.box_of[(stack, "secrets")], ident, "generates", "-.->")

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
        self.chart.lines.append(f"    subgraph {node_id(stack, task_id)}[{quoted(f'{task_id} · {compat} task')}]")
        self.chart.lines.append("      direction LR")
        for container in containers(self.system, stack, task_id):
            d = container.definition
            image = ", ".join(sorted(refs(d.get("Image")))) or str(d.get("Image", ""))
            ports = [str(p.get("ContainerPort")) for p, _ in items(d.get("PortMappings")) if isinstance(p, dict)]
            lines = [f"<b>{container.name}</b>", f"image: {image}"]
            lines.append(f"port {', '.join(ports)}" if ports else "no port mapping")
            if container.conditions:
                lines.append("<small>if " + " / ".join(self.system.condition_text(stack, c)
                                                       for c in container.conditions) + "</small>")
            ident = node_id(stack, task_id, container.name)
            self.chart.node(ident, "<br/>".join(lines), "round", bool(container.conditions), indent=6)
            self.where[(stack, f"{task_id}.{container.name}")] = ident
        self.chart.lines.append("    end")
        self.where[(stack, task_id)] = node_id(stack, task_id)
