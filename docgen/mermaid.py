"""A Mermaid flowchart being written: node and edge lines, invisible placement links, style classes."""
from __future__ import annotations

import re

SHAPES = {"rect": ("[", "]"), "round": ("(", ")"), "store": ("[(", ")]"), "stadium": ("([", "])"), "hex": ("{{", "}}")}
CLASS_STYLES = {"optional": "stroke-dasharray: 6 4", "external": "fill:#fff5e6,stroke:#d08000",
                "store": "fill:#eef6ee,stroke:#3b8a3b"}


def quoted(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def node_id(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9]", "_", p) for p in parts)


class Flowchart:
    def __init__(self, header: list[str]):
        self.lines: list[str] = list(header)
        self.edges: list[str] = []
        self.hidden: list[str] = []  # invisible links (~~~) that only place boxes
        self.classes: dict[str, list[str]] = {name: [] for name in CLASS_STYLES}

    def node(self, ident: str, label: str, shape: str = "rect", optional: bool = False, indent: int = 2):
        opening, closing = SHAPES[shape]
        self.lines.append(" " * indent + f"{ident}{opening}{quoted(label)}{closing}")
        if optional:
            self.classes["optional"].append(ident)

    def edge(self, src: str, dst: str, label: str = "", style: str = "-->"):
        text = f"{src} {style}|{quoted(label)}| {dst}" if label else f"{src} {style} {dst}"
        if text not in self.edges:
            self.edges.append(text)

    def linked(self) -> set[str]:
        """Node ids at either end of an edge."""
        return {word for e in self.edges for word in re.findall(r"[A-Za-z0-9_]+", e.split("|")[0] + " " +
                                                                 e.split("|")[-1])}

    def text(self) -> str:
        out = self.lines + ["  " + e for e in self.edges + self.hidden]
        out += [f"  classDef {name} {style}" for name, style in CLASS_STYLES.items()]
        for name, ids in self.classes.items():
            if ids:
                out.append(f"  class {','.join(sorted(set(ids)))} {name}")
        return "\n".join(out)
