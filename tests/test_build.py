"""build.py: deterministic output, --check names stale files and exits 1, --out renders elsewhere."""
import subprocess
import sys

import build
from tests.conftest import ROOT


def run_build(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_out_writes_every_stack_and_reports_it(tmp_path):
    result = run_build("--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"parent.yaml", "network.yaml"} <= {p.name for p in tmp_path.iterdir()}
    assert "network.yaml" in result.stdout and "resources" in result.stdout


def test_check_passes_on_a_fresh_render(tmp_path):
    run_build("--out", tmp_path)
    result = run_build("--check", "--out", tmp_path)
    assert result.returncode == 0, result.stderr


def test_check_names_changed_missing_and_extra_files(tmp_path):
    run_build("--out", tmp_path)
    (tmp_path / "network.yaml").write_text("# edited by hand\n")
    (tmp_path / "parent.yaml").unlink()
    (tmp_path / "leftover.yaml").write_text("{}\n")
    result = run_build("--check", "--out", tmp_path)
    assert result.returncode == 1
    assert "leftover.yaml, network.yaml, parent.yaml" in result.stderr
    assert "make build" in result.stderr


def test_write_rewrites_only_stale_files_and_removes_leftovers(tmp_path, rendered):
    build.write(rendered, tmp_path)
    (tmp_path / "leftover.yaml").write_text("{}\n")
    build.write(rendered, tmp_path)
    assert build.stale_files(rendered, tmp_path) == []
    assert not (tmp_path / "leftover.yaml").exists()


def test_committed_dist_is_current(rendered):
    assert build.stale_files(rendered, ROOT / "dist") == []
