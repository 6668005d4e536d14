"""heldout5 (tests/data/eval/heldout5.jsonl) is what its generator writes, in the eval-set format.

It was held out through the fifth detector round and scored once at its end; it is development data since
(tests/test_guardrail_detection.py scores it)."""

import json
import subprocess
from pathlib import Path

import pytest

from tests import eval_set_format

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "eval" / "heldout5.jsonl"
GENERATOR = ROOT / "scripts" / "make_heldout5.py"
PII_VENV_PYTHON = ROOT / ".venv-pii-eval" / "bin" / "python"


def format_problems(lines):
    return eval_set_format.format_problems(lines, notes_say_clean=False)  # this set's notes follow no scheme


def read_lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def run_check(*extra):
    return subprocess.run([str(PII_VENV_PYTHON), str(GENERATOR), "--check", *extra],
                          capture_output=True, text=True, timeout=300)


def test_committed_set_is_well_formed():
    assert format_problems(read_lines(DATA)) == []


def test_format_check_catches_a_changed_line():
    lines = read_lines(DATA)
    positive = next(i for i, line in enumerate(lines) if json.loads(line)["kinds"])
    row = json.loads(lines[positive])
    row["kinds"] = row["kinds"] + ["iban"]
    broken = lines[:positive] + [json.dumps(row, ensure_ascii=False)] + lines[positive + 1:]
    assert any("kinds" in p for p in format_problems(broken))
    duplicated = lines[:-1] + [lines[0]]
    assert any("duplicate" in p for p in format_problems(duplicated))


needs_pii_venv = pytest.mark.skipif(
    not PII_VENV_PYTHON.exists(),
    reason=".venv-pii-eval (mimesis 22.2.0, phonenumbers, python-stdnum) is missing: cannot regenerate heldout5")


@needs_pii_venv
def test_generator_reproduces_the_committed_set():
    result = run_check()
    assert result.returncode == 0, result.stderr


@needs_pii_venv
def test_generator_check_fails_on_an_edited_copy(tmp_path):
    copy = eval_set_format.write_edited_copy(read_lines(DATA), 10, tmp_path / "heldout5.jsonl")
    result = run_check("--file", str(copy))
    assert result.returncode == 1
    assert "differs" in result.stderr
