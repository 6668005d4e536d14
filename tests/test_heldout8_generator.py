"""The heldout8 evaluation set is what scripts/make_heldout8.py generates, is well-formed, and its values are
built right (Luhn-valid cards, SSA-valid SSNs, check digits on the look-alikes). No detector runs here."""
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import make_heldout8  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout8.jsonl"
PII_PY = ROOT / ".venv-pii-eval" / "bin" / "python"
NODE_MODULES = ROOT / "tools" / "heldout8" / "node_modules"

needs_tools = pytest.mark.skipif(
    not NODE_MODULES.exists() or not PII_PY.exists() or shutil.which("node") is None,
    reason="needs node, tools/heldout8/node_modules (make tools/heldout8/node_modules/.installed) and .venv-pii-eval")


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(PII_PY), "scripts/make_heldout8.py", "--check", "--out", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@needs_tools
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    assert run_check(SET).returncode == 0
    edited = write_edited_copy(SET.read_text(encoding="utf-8").splitlines(), 10, tmp_path / "heldout8.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    done = run_check(edited)
    assert done.returncode == 1 and "differs" in done.stderr


def test_committed_set_is_well_formed_and_format_check_bites():
    lines = SET.read_text(encoding="utf-8").splitlines()
    assert format_problems(lines) == []
    rows = [json.loads(line) for line in lines]
    kinds = {k for row in rows for k in row["kinds"]}
    assert kinds == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) == 2 for row in rows) > 100
    # faults put back: a duplicate text, an unknown kind, a clean message too few
    assert any("duplicate" in p for p in format_problems(lines[:-1] + [lines[0]]))
    bad = json.loads(lines[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + lines[1:]))


def test_iin_table_cards_are_luhn_valid_in_their_lengths_and_luhn_check_bites():
    gen = make_heldout8.Gen({"locals": [], "cards": [{"brand": "Visa", "number": "4111 1111 1111 1112"}]})
    for _ in range(2000):
        value, brand = gen.card()
        digits = "".join(c for c in value if c.isdigit())
        assert 12 <= len(digits) <= 19 and make_heldout8.luhn_ok(digits), (value, brand)
    assert not make_heldout8.luhn_ok("4111111111111112")  # falso's number with a wrong check digit is repaired
    assert make_heldout8.luhn_ok("4111111111111111")


def test_ssns_follow_the_ssa_rules():
    gen = make_heldout8.Gen({"locals": []})
    for _ in range(3000):
        value, _form = gen.ssn()
        digits = "".join(c for c in value if c.isdigit())
        area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
        assert len(digits) == 9 and area not in (0, 666) and area < 900 and group and serial, value


def test_look_alikes_carry_their_own_check_digits():
    gen = make_heldout8.Gen({"locals": []})
    gen.r = random.Random(1)
    for _ in range(200):
        assert make_heldout8.luhn_ok(gen.imei()) and len(gen.imei()) == 15
        isbn = gen.isbn()
        assert make_heldout8.ean_digit(isbn[:-1]) == isbn[-1]
    assert make_heldout8.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
