#!/usr/bin/env python3
"""Render every stack to dist/ (long-form YAML), package the custom-resource Lambda, generate the docs
drawn from the rendered templates (docs/architecture.md, docs/deployer-policy*.json, docs/cost.md).

    python build.py              write dist/ and the generated docs/ files, print what was written
    python build.py --check      exit 1 and name the stale files when dist/ or a generated docs/ file differs
                                 from a fresh render
    python build.py --out DIR    write (or --check) dist/ somewhere else (tests); docs/ is then left alone
    python build.py --docs DIR   write (or --check) the generated docs into DIR instead of docs/

The output is deterministic: the same sources render byte-identical files.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import time
import zipfile
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from deploy.errors import UsageError  # noqa: E402  (needs ROOT on sys.path as a script)
from templates import parent  # noqa: E402

DIST = ROOT / "dist"
DOCS = ROOT / "docs"
# The generated files in docs/ (the rest of docs/ is written by hand): --check and write() look only at these.
DOCS_GENERATED = ("architecture.md", "cost.md", "deployer-policy.json", "deployer-policy-*.json", "taskcat-policy-*.json")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe_load, ten times faster with libyaml
LAMBDA_SOURCES = {"secrets-function.zip": ROOT / "functions" / "secrets" / "handler.py"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed timestamp: same source, same zip bytes
# A rendered template's Resources block, and its logical ids (keys indented once: block style, two spaces).
_RESOURCES_BLOCK = re.compile(rb"^Resources:\n((?:[ \n].*\n?)*)", re.M)
_LOGICAL_ID = re.compile(rb"^  [A-Za-z0-9]+:", re.M)


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _dumper(base: type) -> type:
    """Block-style YAML; long strings (inline code, policies) stay readable."""
    dumper = type(f"Block{base.__name__}", (base,), {})
    dumper.add_representer(str, _str_representer)
    return dumper


# libyaml's emitter (PyYAML's wheels ship it), several times faster than the pure-Python one and the same bytes
# for what the templates hold (tests/test_build.py compares the two on every rendered template; they differ on
# characters outside the Basic Multilingual Plane, such as emoji, and on U+0085).
DUMPER = _dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper))
PURE_PYTHON_DUMPER = _dumper(yaml.SafeDumper)


DUMP_OPTIONS = {"sort_keys": True, "default_flow_style": False, "width": 120, "allow_unicode": True}


def yaml_bytes(data, dumper: type = DUMPER) -> bytes:
    return yaml.dump(data, Dumper=dumper, **DUMP_OPTIONS).encode()


_TAG = {kind: f"tag:yaml.org,2002:{name}" for kind, name in ((str, "str"), (bool, "bool"), (int, "int"))}


def _node(value):
    """The node DUMPER's representer makes of a template's value (dicts sorted, block style, multi-line strings
    as literals), built without its per-object dispatch and alias bookkeeping: a third of a build's time.
    A template holds dicts, lists, strings, booleans and integers only (to_dict() gives nothing else)."""
    kind = type(value)
    if kind is dict:
        return MappingNode("tag:yaml.org,2002:map", [(_node(k), _node(v)) for k, v in sorted(value.items())],
                           flow_style=False)
    if kind is list:
        return SequenceNode("tag:yaml.org,2002:seq", [_node(v) for v in value], flow_style=False)
    if kind is str:
        return ScalarNode(_TAG[str], value, style="|" if "\n" in value else None)
    if kind is bool:
        return ScalarNode(_TAG[bool], "true" if value else "false")
    if kind is int:
        return ScalarNode(_TAG[int], str(value))
    raise TypeError(f"{kind.__name__} {value!r} in a template: _node() writes dicts, lists, str, bool and int only")


def template_yaml(template) -> bytes:
    """yaml_bytes(template.to_dict()), the same bytes (tests/test_build.py), about twice as fast."""
    template.set_version("2010-09-09")
    out = io.StringIO()
    dumper = DUMPER(out, **DUMP_OPTIONS)
    dumper.open()
    dumper.serialize(_node(template.to_dict()))
    dumper.close()
    return out.getvalue().encode()


def lambda_zip(source: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(source.name, date_time=ZIP_DATE)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, source.read_bytes())
    return buffer.getvalue()


def render() -> dict[str, bytes]:
    """File name -> content of everything that belongs in dist/."""
    files = {file_name: template_yaml(stack) for file_name, stack in parent.all_stacks().items()}
    for zip_name, source in LAMBDA_SOURCES.items():
        if source.exists():
            files[zip_name] = lambda_zip(source)
    return dict(sorted(files.items()))


def render_docs(rendered: dict[str, bytes]) -> dict[str, bytes]:
    """File name -> content of the generated files in docs/, drawn from the rendered templates."""
    # Imported here, so that a render of dist/ alone (--out, the CDK comparison) does not load them.
    from deploy import cost
    from deploy.project import Project
    from docgen import deployer_policy, diagram, taskcat_policy

    templates = {name[:-len(".yaml")]: yaml.load(content, Loader=_YAML_LOADER)
                 for name, content in rendered.items() if name.endswith(".yaml")}
    files = {"architecture.md": diagram.architecture_markdown(templates).encode(),
             # the estimate of params/*.json against these templates (not dist/ on disk, which may be older)
             "cost.md": cost.markdown_document(Project(ROOT), templates).encode(),
             "deployer-policy.json": deployer_policy.policy_json(templates),
             **deployer_policy.policy_parts(templates), **taskcat_policy.policy_parts(templates)}
    return dict(sorted(files.items()))


def stale_files(rendered: dict[str, bytes], out: Path, owned: tuple[str, ...] = ("*",)) -> list[str]:
    """Changed, missing and extra files; extra means a file in `out` matching `owned` that is not rendered."""
    stale = [name for name, content in rendered.items()
             if not (out / name).exists() or (out / name).read_bytes() != content]
    extra = {p.name for pattern in owned for p in out.glob(pattern) if p.is_file() and p.name not in rendered}
    return sorted(stale + sorted(extra))


def write(rendered: dict[str, bytes], out: Path, owned: tuple[str, ...] = ("*",)) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in stale_files(rendered, out, owned):
        path = out / name
        if name in rendered:
            path.write_bytes(rendered[name])
        else:
            path.unlink()


def resource_count(template_yaml: bytes) -> int:
    """Resources in a rendered template, read off its text (parsing the YAML again took a quarter of a build)."""
    block = _RESOURCES_BLOCK.search(template_yaml)
    return len(_LOGICAL_ID.findall(block.group(1))) if block else 0


def _summary(rendered: dict[str, bytes]) -> str:
    rows = [("file", "resources", "bytes")]
    for name, content in rendered.items():
        resources = resource_count(content) if name.endswith(".yaml") else "-"
        rows.append((name, str(resources), str(len(content))))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(f"{r[0]:<{width[0]}}  {r[1]:>{width[1]}}  {r[2]:>{width[2]}}" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if dist/ is not what a fresh render gives")
    parser.add_argument("--out", type=Path, default=DIST, help="output directory (default: dist/)")
    parser.add_argument("--docs", type=Path, default=None,
                        help="directory of the generated docs (default: docs/ when --out is the default, else none)")
    args = parser.parse_args(argv)
    docs_dir = args.docs if args.docs is not None else (DOCS if args.out.resolve() == DIST else None)

    started = time.perf_counter()
    rendered = render()
    try:
        docs = render_docs(rendered) if docs_dir is not None else {}
    except UsageError as exc:  # params/*.json that the cost estimate (docs/cost.md) refuses
        print(f"docs/cost.md: no estimate for params/: {exc.message}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    targets = [(rendered, args.out, ("*",))] + ([(docs, docs_dir, DOCS_GENERATED)] if docs_dir is not None else [])
    if args.check:
        failed = False
        for files, out, owned in targets:
            stale = stale_files(files, out, owned)
            if stale:
                failed = True
                print(f"{out} is stale: {', '.join(stale)}. Run `make build` and commit {out}.", file=sys.stderr)
            else:
                print(f"{out} is current ({len(files)} files)")
        return 1 if failed else 0
    for files, out, owned in targets:
        write(files, out, owned)
    print(_summary(rendered))
    if docs:
        print(", ".join(f"{docs_dir.name}/{name} ({len(content)} bytes)" for name, content in docs.items()))
    print(f"rendered {len(rendered) + len(docs)} files into {', '.join(str(t[1]) for t in targets)} "
          f"in {elapsed * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
