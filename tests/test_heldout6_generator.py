"""tests/data/eval/heldout6.jsonl: current with its generator (scripts/make_heldout6.py, run in .venv-heldout6,
which has presidio-evaluator), well-formed, and built as promised (half from presidio-evaluator, half from our own
shapes, each half 350 with PII and 350 clean; at least ten locales). The set was held out through the sixth
detector round and scored once at its end; it is development data since (tests/test_guardrail_detection.py)."""
import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.eval_set_format import format_problems, write_edited_copy

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "data" / "eval" / "heldout6.jsonl"
GENERATOR = ROOT / "scripts" / "make_heldout6.py"
VENV_PYTHON = ROOT / ".venv-heldout6" / "bin" / "python"
needs_venv = pytest.mark.skipif(not VENV_PYTHON.exists(), reason=(
    ".venv-heldout6 is missing (it carries presidio-evaluator): build it with `make .venv-heldout6/.installed`"))


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]  # every line ends in "\n"; no splitlines (U+2028)


def run_check(*paths: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    files = [arg for path in paths for arg in ("--file", str(path))]
    return subprocess.run([str(VENV_PYTHON), str(GENERATOR), "--check", *files], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@needs_venv
def test_the_committed_set_is_what_the_generator_writes_and_an_edited_copy_is_not(tmp_path):
    """One build (presidio-evaluator takes seconds to import) checks both the committed set and a copy with
    one line changed: the copy must be named stale at that line, the committed set current."""
    copy = write_edited_copy(lines_of(SET), 700, tmp_path / "heldout6.jsonl")
    result = run_check(SET, copy)
    assert result.returncode == 1
    assert f"{copy} is stale from line 701" in result.stderr
    assert f"{SET} is current (1400 messages)" in result.stdout, result.stderr[-2000:]
    assert str(SET) not in result.stderr


def test_the_set_is_well_formed():
    assert format_problems(lines_of(SET)) == []


def edited(lines: list[str], n: int, **changes) -> list[str]:
    copy = list(lines)
    copy[n] = json.dumps({**json.loads(copy[n]), **changes}, ensure_ascii=False)
    return copy


def test_the_format_check_catches_one_bad_line():
    lines = lines_of(SET)
    clean = next(n for n, line in enumerate(lines) if not json.loads(line)["kinds"])
    pii = next(n for n, line in enumerate(lines) if len(json.loads(line)["kinds"]) == 2)
    two = json.loads(lines[pii])["kinds"]
    assert format_problems(edited(lines, clean, kinds=["phone"])), "a kind outside the four"
    assert format_problems(edited(lines, pii, kinds=two[::-1])), "kinds not sorted"
    assert format_problems(edited(lines, pii, kinds=[])), "a message with PII labelled clean (701 clean)"
    assert format_problems(edited(lines, clean, text=json.loads(lines[pii])["text"])), "a duplicate text"
    assert format_problems(lines[:-1]), "1399 lines"


def test_the_set_is_built_as_its_generator_says():
    rows = [json.loads(line) for line in lines_of(SET)]
    by_source = Counter((row["note"].split()[0], bool(row["kinds"])) for row in rows)
    assert by_source == {("presidio", True): 350, ("presidio", False): 350, ("own", True): 350, ("own", False): 350}
    assert {kind for row in rows for kind in row["kinds"]} == {"email", "us_phone", "credit_card", "us_ssn"}
    assert sum(len(row["kinds"]) == 2 for row in rows) > 0
    assert len({row["note"].split()[3] for row in rows}) >= 10  # locales


def test_the_set_is_scored_with_the_other_evaluation_sets():
    assert SET.parent == ROOT / "tests" / "data" / "eval" and SET.exists()
    assert not list((ROOT / "tests" / "data" / "heldout").glob("heldout6*")), "a second copy would drift"
