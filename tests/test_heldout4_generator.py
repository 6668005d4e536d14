"""tests/data/eval/heldout4.jsonl: regenerates exactly from scripts/make_heldout4.py, and has the shared eval-set format.

The set is kept out of development (no scoring test reads it); these tests only guard that it is the committed
generator's output and that its labels are well-formed, and show both guards catch a one-line edit.
"""

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.eval_set_format import KINDS, format_problems

SET = ROOT / "tests" / "data" / "eval" / "heldout4.jsonl"
GENERATOR = ROOT / "scripts" / "make_heldout4.py"
EVAL_PY = ROOT / ".venv-pii-eval" / "bin" / "python"


def eval_venv_missing() -> str:
    """Why the generator cannot run here ("" when it can): the venv, or Mimesis in it, is missing."""
    if not EVAL_PY.exists():
        return ".venv-pii-eval missing: build it with `make .venv-pii-eval/.installed`"
    if subprocess.run([str(EVAL_PY), "-c", "import mimesis"], capture_output=True).returncode != 0:
        return ".venv-pii-eval has no Mimesis: rebuild it from requirements/pii-eval.txt (mimesis is pinned there now)"
    return ""


needs_eval_venv = pytest.mark.skipif(bool(eval_venv_missing()), reason=eval_venv_missing() or "ready")


def committed_lines() -> list[str]:
    return SET.read_text(encoding="utf-8").splitlines()


def test_committed_set_has_the_format():
    assert format_problems(committed_lines()) == []


def test_every_kind_is_present_and_some_messages_carry_two():
    rows = [json.loads(line) for line in committed_lines()]
    assert {k for row in rows for k in row["kinds"]} == KINDS
    assert sum(len(row["kinds"]) >= 2 for row in rows) >= 100


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda row: row | {"kinds": ["phone"]}, "kinds"),  # a kind outside the four
        (lambda row: row | {"kinds": ["us_ssn", "email"]}, "kinds"),  # unsorted
        (lambda row: row | {"kinds": []}, "clean messages"),  # a positive relabelled clean
        (lambda row: {"text": row["text"], "kinds": row["kinds"]}, "keys"),  # a field dropped
    ],
)
def test_format_check_catches_a_one_line_edit(edit, expected):
    lines = committed_lines()
    first_positive = next(i for i, line in enumerate(lines) if json.loads(line)["kinds"])
    lines[first_positive] = json.dumps(edit(json.loads(lines[first_positive])), ensure_ascii=False)
    assert any(expected in p for p in format_problems(lines))


def test_format_check_catches_a_duplicate_and_a_missing_line():
    lines = committed_lines()
    assert any("duplicate text" in p for p in format_problems(lines[:-1] + [lines[0]]))
    assert any("1399 lines" in p for p in format_problems(lines[:-1]))


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EVAL_PY), str(GENERATOR), "--check", "--out", str(path)], capture_output=True, text=True, timeout=300, cwd=ROOT
    )


@needs_eval_venv
def test_committed_set_is_the_generators_output():
    result = run_check(SET)
    assert result.returncode == 0, result.stderr


@needs_eval_venv
def test_check_fails_on_a_copy_with_one_line_edited(tmp_path):
    lines = committed_lines()
    row = json.loads(lines[700])
    lines[700] = json.dumps(row | {"text": row["text"] + " "}, ensure_ascii=False)
    copy = tmp_path / "heldout4.jsonl"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_check(copy)
    assert result.returncode == 1 and "stale or edited" in result.stderr
