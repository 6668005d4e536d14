"""build.py: deterministic output, --check names stale files and exits 1, --out renders elsewhere."""
import subprocess
import sys

import pytest
import yaml

import build
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def docs_rendered(rendered) -> dict[str, bytes]:
    return build.render_docs(rendered)


@pytest.fixture
def prerendered(monkeypatch, rendered, docs_rendered):
    """build.main() without rendering again: the session's render and docs stand in (that they are what the
    sources give is test_committed_dist_is_current's and tests/test_docs_generated.py's job)."""
    real_render_docs = build.render_docs
    monkeypatch.setattr(build, "render", lambda: dict(rendered))
    monkeypatch.setattr(build, "render_docs", lambda r: dict(docs_rendered) if r == rendered else real_render_docs(r))


def test_out_writes_every_stack_and_reports_it(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert {"parent.yaml", "network.yaml"} <= {p.name for p in tmp_path.iterdir()}
    assert "network.yaml" in result.stdout and "resources" in result.stdout


def test_check_passes_on_a_fresh_render(tmp_path, prerendered):
    assert build.main(["--out", str(tmp_path)]) == 0
    assert build.main(["--check", "--out", str(tmp_path)]) == 0


def test_check_names_changed_missing_and_extra_files(tmp_path, prerendered, capsys):
    build.main(["--out", str(tmp_path)])
    (tmp_path / "network.yaml").write_text("# edited by hand\n")
    (tmp_path / "parent.yaml").unlink()
    (tmp_path / "leftover.yaml").write_text("{}\n")
    capsys.readouterr()
    assert build.main(["--check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "leftover.yaml, network.yaml, parent.yaml" in err
    assert "make build" in err


def test_write_rewrites_only_stale_files_and_removes_leftovers(tmp_path, rendered):
    build.write(rendered, tmp_path)
    (tmp_path / "leftover.yaml").write_text("{}\n")
    build.write(rendered, tmp_path)
    assert build.stale_files(rendered, tmp_path) == []
    assert not (tmp_path / "leftover.yaml").exists()


def test_resource_count_reads_the_rendered_templates_as_yaml_does(rendered):
    for name, content in rendered.items():
        if name.endswith(".yaml"):
            assert build.resource_count(content) == len(yaml.safe_load(content).get("Resources", {})) > 0, name
    assert build.resource_count(b"Parameters:\n  A:\n    Type: String\n") == 0
    assert build.resource_count(b"Resources:\n  A:\n    Properties:\n      B: |\n        x:\n\n        y\n  C:\n    Type: T\n"
                                b"Outputs:\n  D:\n    Value: 1\n") == 2


def test_committed_dist_is_current(rendered):
    assert build.stale_files(rendered, ROOT / "dist") == []


# Generated docs (docs/architecture.md, docs/deployer-policy*.json): written and checked beside dist/.
def test_out_alone_leaves_docs_alone_and_docs_writes_only_generated_files(tmp_path, capsys, prerendered):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "handwritten.md").write_text("mine\n")
    assert build.main(["--out", str(tmp_path / "dist")]) == 0
    assert [p.name for p in docs.iterdir()] == ["handwritten.md"]
    assert build.main(["--out", str(tmp_path / "dist"), "--docs", str(docs)]) == 0
    names = {p.name for p in docs.iterdir()}
    assert {"architecture.md", "deployer-policy.json", "deployer-policy-1.json", "handwritten.md"} <= names
    assert (docs / "handwritten.md").read_text() == "mine\n"
    capsys.readouterr()
    assert build.main(["--check", "--out", str(tmp_path / "dist"), "--docs", str(docs)]) == 0
    assert f"{docs} is current" in capsys.readouterr().out


def test_check_names_stale_and_extra_generated_docs_but_not_hand_written_ones(tmp_path, capsys, prerendered):
    dist, docs = tmp_path / "dist", tmp_path / "docs"
    assert build.main(["--out", str(dist), "--docs", str(docs)]) == 0
    (docs / "architecture.md").write_text("# edited by hand\n")
    (docs / "deployer-policy-9.json").write_text("{}\n")
    (docs / "notes.md").write_text("hand-written\n")
    capsys.readouterr()
    assert build.main(["--check", "--out", str(dist), "--docs", str(docs)]) == 1
    out = capsys.readouterr()
    assert f"{docs} is stale: architecture.md, deployer-policy-9.json. Run `make build`" in out.err
    assert "notes.md" not in out.err and f"{dist} is current" in out.out
    assert build.main(["--out", str(dist), "--docs", str(docs)]) == 0
    assert (docs / "notes.md").exists() and not (docs / "deployer-policy-9.json").exists()
    assert build.stale_files(build.render_docs(build.render()), docs, build.DOCS_GENERATED) == []


def test_default_run_checks_docs_beside_dist(prerendered, capsys):
    build.main(["--check"])
    out = capsys.readouterr()
    assert str(ROOT / "docs") in out.out + out.err


def test_cost_md_is_a_generated_doc_checked_with_the_others(tmp_path, capsys, prerendered):
    dist, docs = tmp_path / "dist", tmp_path / "docs"
    assert build.main(["--out", str(dist), "--docs", str(docs)]) == 0
    assert (docs / "cost.md").read_bytes() == (ROOT / "docs" / "cost.md").read_bytes()
    (docs / "cost.md").write_text("# edited by hand\n")
    capsys.readouterr()
    assert build.main(["--check", "--out", str(dist), "--docs", str(docs)]) == 1
    assert f"{docs} is stale: cost.md. Run `make build`" in capsys.readouterr().err


def test_params_the_estimate_refuses_stop_the_build_and_write_nothing(tmp_path, monkeypatch, capsys):
    (tmp_path / "params").mkdir()
    for path in (ROOT / "params").glob("*.json"):
        (tmp_path / "params" / path.name).write_text(path.read_text().replace('"spot"', '"cheap"'))
    monkeypatch.setattr(build, "ROOT", tmp_path)
    dist, docs = tmp_path / "dist", tmp_path / "docs"
    assert build.main(["--out", str(dist), "--docs", str(docs)]) == 2
    err = capsys.readouterr().err
    assert "docs/cost.md: no estimate for params/" in err and "CapacityMode: 'cheap' is not one of" in err
    assert not dist.exists() and not docs.exists()


def imported_packages(source: str) -> set[str]:
    """Top-level packages a module imports."""
    import ast
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_docgen_reads_rendered_templates_and_imports_no_stack():
    assert imported_packages("from templates import service\nimport docgen.mermaid\n") == {"templates", "docgen"}
    for path in sorted((ROOT / "docgen").glob("*.py")):
        assert "templates" not in imported_packages(path.read_text()), f"{path.name} imports a stack module"
    for path in sorted((ROOT / "templates").glob("*.py")):
        assert "docgen" not in imported_packages(path.read_text()), f"templates/{path.name} imports docgen"


def emitter_mismatches(templates: dict[str, dict]) -> list[str]:
    """Templates that libyaml's emitter (what build.py uses) writes differently from PyYAML's pure-Python one."""
    return sorted(name for name, doc in templates.items()
                  if build.yaml_bytes(doc) != build.yaml_bytes(doc, build.PURE_PYTHON_DUMPER))


def test_libyaml_and_pure_python_emitters_write_the_same_bytes(rendered, templates):
    assert build.DUMPER.__mro__[1].__name__ == "CSafeDumper", "PyYAML without libyaml: the render is slow"
    assert emitter_mismatches(templates) == []
    for name, doc in templates.items():
        assert build.yaml_bytes(doc, build.PURE_PYTHON_DUMPER) == rendered[f"{name}.yaml"]


def test_template_yaml_writes_what_yaml_dump_writes(rendered, templates):
    class Rendered:  # a stand-in Template whose to_dict() is a rendered template or a sample
        def __init__(self, doc):
            self.doc = doc

        def set_version(self, version):
            self.doc["AWSTemplateFormatVersion"] = version

        def to_dict(self):
            return self.doc
    sample = {"B": [True, False, 0, -3, "", "a\nb\n", "null", "yes", "0755", "x: y", "- z", "é"], "A": {"k": {}, "l": []}}
    for doc in [*templates.values(), sample]:
        assert build.template_yaml(Rendered(doc)) == build.yaml_bytes(doc)
    with pytest.raises(TypeError, match="float 1.5 in a template"):
        build.template_yaml(Rendered({"A": 1.5}))


def test_the_emitter_check_catches_a_character_the_two_write_differently():
    assert emitter_mismatches({"ok": {"Description": "Zürich · 日本語"}, "emoji": {"Description": "launch 🚀"},
                               "nel": {"Description": "a\x85b"}}) == ["emoji", "nel"]


def test_cdk_comparison_skips_with_the_install_command_when_its_packages_are_missing(tmp_path, monkeypatch,
                                                                                      capsys):
    import importlib.util
    spec = importlib.util.spec_from_file_location("compare", ROOT / "scripts" / "compare_render_with_cdk.py")
    compare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compare)
    monkeypatch.setattr(compare, "CDK_APP", ROOT / "tools" / "no-such-app")
    assert compare.main(["--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("skipped: ") and "make compare-render" in out and "npm ci --ignore-scripts" in out
