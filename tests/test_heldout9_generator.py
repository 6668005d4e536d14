"""The heldout9 evaluation set is what scripts/make_heldout9.py generates, is well-formed, and its values are
built right (Luhn-valid cards, SSA-valid SSNs, check digits on the look-alikes). No detector runs here."""
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import make_heldout9  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout9.jsonl"
NODE_MODULES = ROOT / "tools" / "heldout9" / "node_modules"

needs_tools = pytest.mark.skipif(
    not NODE_MODULES.exists() or shutil.which("node") is None,
    reason="needs node and tools/heldout9/node_modules (make tools/heldout9/node_modules/.installed)")


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/make_heldout9.py", "--check", "--out", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def gen():
    if not NODE_MODULES.exists() or shutil.which("node") is None:
        pytest.skip("needs node and tools/heldout9/node_modules")
    return make_heldout9.Gen(make_heldout9.load_values(), seed=1)


@needs_tools
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    assert run_check(SET).returncode == 0
    edited = write_edited_copy(SET.read_text(encoding="utf-8").splitlines(), 10, tmp_path / "heldout9.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    done = run_check(edited)
    assert done.returncode == 1 and "differs" in done.stderr


def test_committed_set_is_well_formed_and_format_check_bites():
    lines = SET.read_text(encoding="utf-8").splitlines()
    assert format_problems(lines) == []
    rows = [json.loads(line) for line in lines]
    assert {k for row in rows for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert all(row["note"].startswith("heldout9 ") and 50 <= len(row["text"]) <= 1500 for row in rows)
    assert len({row["note"].split()[1] for row in rows}) >= 30
    assert len({row["note"].split()[3] for row in rows}) >= 20
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(lines[:-1] + [lines[0]]))
    bad = json.loads(lines[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + lines[1:]))


def test_every_labelled_value_is_in_its_text():
    """Labels come from what the template placed: each value the note names was placed, so a PII row's text
    holds a card/SSN of the right shape for its kinds, and every labelled card in the set is Luhn-valid."""
    for row in map(json.loads, SET.read_text(encoding="utf-8").splitlines()):
        text = row["text"]
        if "email" in row["kinds"]:
            assert "@" in text or "%40" in text, row["note"]  # twilio_webhook URL-encodes its values
        if "credit_card" in row["kinds"]:
            assert any(make_heldout9.luhn_ok(d) for d in card_candidates(text)), row["note"]


def card_candidates(text):
    """Every 12-19 digit string made of consecutive digit groups (a card may sit next to other numbers; "+" is a URL-encoded space)."""
    for run in re.findall(r"\d(?:[ .+-]?\d)+", text):
        groups = re.split(r"[ .+-]", run)
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                digits = "".join(groups[i:j])
                if 12 <= len(digits) <= 19:
                    yield digits


def test_cards_are_luhn_valid_in_their_lengths_and_luhn_check_bites(gen):
    for _ in range(2000):
        value, brand = gen.card()
        digits = re.sub(r"\D", "", value)
        assert 12 <= len(digits) <= 19 and make_heldout9.luhn_ok(digits), (value, brand)
    assert make_heldout9.luhn_ok("4111111111111111")
    assert not make_heldout9.luhn_ok("4111111111111112")


def test_ssns_follow_the_ssa_rules(gen):
    for _ in range(3000):
        value, _form = gen.ssn()
        digits = re.sub(r"\D", "", value)
        area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
        assert len(digits) == 9 and area not in (0, 666) and area < 900 and group and serial, value
    assert not make_heldout9.ssn_ok("666121234") and not make_heldout9.ssn_ok("123001234")
    assert not make_heldout9.ssn_ok("900121234") and make_heldout9.ssn_ok("123451234")


def test_look_alikes_carry_their_own_check_digits(gen):
    gen.r = random.Random(1)
    for _ in range(200):
        imei = gen.imei()
        assert make_heldout9.luhn_ok(imei) and len(imei) == 15
        for code in (gen.isbn(), gen.ean13()):
            assert len(code) == 13 and make_heldout9.ean_digit(code[:-1]) == code[-1]
        assert make_heldout9.iban_ok(gen.iban())
    assert make_heldout9.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert make_heldout9.iban_ok("GB82 WEST 1234 5698 7654 32") and not make_heldout9.iban_ok("GB82 WEST 1234 5698 7654 33")


def test_phones_come_from_many_countries_and_written_forms(gen):
    countries = {gen.phone()[1] for _ in range(2000)}
    assert len(countries) >= 30
    forms = {gen.phone()[0] for _ in range(2000)}
    assert any(f.startswith("00") for f in forms) and any("(" in f for f in forms) and any("ext." in f for f in forms)
