"""Parsed YAML templates, cached for one deploy-stack command.

One command reads dist/*.yaml several times (the parent's parameters, the list-length check, deploy/check's
evaluation, the protection plan, the defaults) and GetTemplate's answers; the YAML parse is most of what those
reads cost. The cache key is the text itself, so a changed file parses afresh, and every caller gets its own copy
of the tree, so none sees another's edits. The cache lives only inside `one_command()` (cli.main runs each
command in one); outside it, every call parses."""
from __future__ import annotations

import contextlib

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # yaml.safe_load's result, with libyaml when present
_parsed: dict[str, object] | None = None  # None: no command running, nothing cached


def load_yaml(text: str):
    """yaml.safe_load(text), parsed once per command; a YAMLError is raised every time, never cached."""
    if _parsed is None:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)
    if text not in _parsed:
        _parsed[text] = yaml.load(text, Loader=_LOADER)  # noqa: S506
    return copy_tree(_parsed[text])


@contextlib.contextmanager
def one_command():
    """Cache parses until the block ends (one deploy-stack command), then drop them."""
    global _parsed
    outer, _parsed = _parsed, {}
    try:
        yield
    finally:
        _parsed = outer


def copy_tree(node):
    """A copy of a safe-loaded tree: new dicts and lists, the (immutable) scalars shared."""
    if isinstance(node, dict):
        return {key: copy_tree(value) for key, value in node.items()}
    if isinstance(node, list):
        return [copy_tree(value) for value in node]
    return node
