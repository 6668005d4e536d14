"""The suite's own structure: no test file imports another test file's fixtures (shared ones live in a support
module or conftest.py), and the files that use the LiteLLM proxy are the ones tests/conftest.py puts on one
worker."""
import ast
from pathlib import Path

from tests import conftest

TESTS = Path(__file__).resolve().parent


def fixtures_defined(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any("fixture" in ast.unparse(d) for d in node.decorator_list):
            names.add(node.name)
    return names


def fixture_imports_between_test_files(tests: Path) -> list[str]:
    found = []
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.test_"):
                source = tests / (node.module.split(".", 1)[1] + ".py")
                shared = {alias.name for alias in node.names} & fixtures_defined(source)
                found += [f"{path.name} imports fixture {name} from {source.name}" for name in sorted(shared)]
    return found


def test_no_test_file_imports_another_test_files_fixtures():
    assert fixture_imports_between_test_files(TESTS) == []


def test_the_check_sees_a_fixture_imported_from_a_test_file(tmp_path):
    (tmp_path / "test_a.py").write_text("import pytest\n\n\n@pytest.fixture\ndef cloud():\n    return 1\n")
    (tmp_path / "test_b.py").write_text("from tests.test_a import cloud  # noqa: F401\n\n\ndef test_x(cloud):\n"
                                        "    pass\n")
    assert fixture_imports_between_test_files(tmp_path) == ["test_b.py imports fixture cloud from test_a.py"]


def test_the_proxy_files_share_a_worker_and_only_they():
    files = conftest.proxy_files()
    assert {"tests/test_guardrail_adversarial.py", "tests/test_guardrail_e2e.py"} <= files
    assert "tests/test_guardrail_adversarial_unit.py" not in files  # imports the module, starts no proxy
    for path in sorted(TESTS.glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        takes_proxy = "guardrail_proxy" in fixtures_used(text)
        assert (f"tests/{path.name}" in files) is takes_proxy, path.name
    assert conftest.scope_of("tests/test_guardrail_e2e.py::test_x") == conftest.PROXY_GROUP
    assert conftest.scope_of("tests/test_lint.py::test_y[a::b]") == "tests/test_lint.py"


def fixtures_used(text: str) -> set[str]:
    """Parameter names of every function in a module (fixtures requested by tests and fixtures)."""
    return {arg.arg for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef)
            for arg in node.args.args}


def files_missing(run_first: tuple) -> list[str]:
    """Entries of conftest.RUN_FIRST that name no test file (a file renamed or moved loses its place)."""
    return [name for name in run_first if name != conftest.PROXY_GROUP and not (TESTS.parent / name).is_file()]


def test_every_file_the_scheduler_runs_first_exists():
    assert files_missing(conftest.RUN_FIRST) == []
    assert files_missing(conftest.RUN_FIRST + ("tests/test_renamed_away.py",)) == ["tests/test_renamed_away.py"]


def test_the_stream_properties_run_off_the_proxy_worker():
    """They take no proxy (their file is its own unit, so the scheduler can give it to the other worker)."""
    assert conftest.scope_of("tests/test_guardrail_stream_properties.py::x") == \
        "tests/test_guardrail_stream_properties.py"
    assert conftest.scope_of("tests/test_guardrail_stream_escapes.py::x") == "tests/test_guardrail_stream_escapes.py"
