"""The heldout11 evaluation set is what scripts/make_heldout11.py generates, is well-formed, and its values are
built right (Luhn-valid cards, SSA-valid SSNs, check digits on the look-alikes). No detector runs here."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import heldout11_shapes  # noqa: E402
import make_heldout11  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout11.jsonl"
NODE_MODULES = ROOT / "tools" / "heldout11" / "node_modules"
ROWS = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]

needs_tools = pytest.mark.skipif(
    not NODE_MODULES.exists() or shutil.which("node") is None,
    reason="needs node and tools/heldout11/node_modules (make tools/heldout11/node_modules/.installed)")

PERSON = {"first": "Ada", "last": "Byron", "email": "ada.byron@analytical.org", "username": "abyron",
          "company": "Analytical", "lat": "1.0", "long": "2.0", "amount": "10.00", "date": "2024-01-02",
          "time": "10:00", "guid": "g"}


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/make_heldout11.py", "--check", "--out", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@needs_tools
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    assert run_check(SET).returncode == 0
    edited = write_edited_copy(SET.read_text(encoding="utf-8").splitlines(), 10, tmp_path / "heldout11.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    done = run_check(edited)
    assert done.returncode == 1 and "differs" in done.stderr


def test_committed_set_is_well_formed_and_format_check_bites():
    lines = SET.read_text(encoding="utf-8").splitlines()
    assert format_problems(lines) == []
    assert {k for row in ROWS for k in row["kinds"]} == set(make_heldout11.KINDS)
    assert all(row["note"].split()[0] == "heldout11" for row in ROWS)
    assert all(50 <= len(row["text"]) <= 1500 for row in ROWS)
    shapes = {row["note"].split()[1] for row in ROWS}
    assert shapes == {name for name, _ in heldout11_shapes.SHAPES} and len(shapes) >= 30
    assert len({row["note"].split()[3] for row in ROWS}) >= 20  # locales
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(lines[:-1] + [lines[0]]))
    bad = dict(ROWS[0], kinds=["phone"])
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + lines[1:]))


def digit_runs(text: str, length: int):
    """Every run of ``length`` digits in ``text`` that may be split by single spaces or dashes."""
    for match in re.finditer(r"\d(?:[ -]?\d)+", text):
        digits = re.sub(r"\D", "", match.group())
        for start in range(len(digits) - length + 1):
            yield digits[start:start + length]


def test_every_labelled_card_in_the_set_is_luhn_valid():
    carded = [row for row in ROWS if "credit_card" in row["kinds"]]
    assert len(carded) > 150
    for row in carded:
        for detail in re.findall(r"card=([A-Za-z]+)(\d+)", row["note"]):
            length = int(detail[1])
            assert any(make_heldout11.luhn_ok(d) for d in digit_runs(row["text"], length)), row


def test_every_labelled_ssn_in_the_set_follows_the_ssa_rules():
    forms = {"dash": "-", "space": " ", "none": "", "dot": ".", "spaced_dash": " - "}
    for row in (row for row in ROWS if "us_ssn" in row["kinds"]):
        sep = forms[re.search(r"ssn=(\w+)", row["note"]).group(1)]
        found = re.findall(rf"(?<!\d)(\d{{3}}){re.escape(sep)}(\d{{2}}){re.escape(sep)}(\d{{4}})(?!\d)", row["text"])
        assert any(make_heldout11.ssn_ok("".join(parts)) for parts in found), row


def test_generated_cards_are_luhn_valid_in_iin_lengths_and_luhn_check_bites():
    gen = make_heldout11.Gen({"people": {"en": [PERSON]}})
    for _ in range(3000):
        digits = re.sub(r"\D", "", gen.card())
        assert 12 <= len(digits) <= 19 and make_heldout11.luhn_ok(digits), digits
    assert make_heldout11.luhn_ok("4111111111111111") and not make_heldout11.luhn_ok("4111111111111112")


def test_generated_ssns_follow_the_ssa_rules_and_the_rule_check_bites():
    gen = make_heldout11.Gen({"people": {"en": [PERSON]}})
    for _ in range(3000):
        assert make_heldout11.ssn_ok(re.sub(r"\D", "", gen.ssn()))
    assert not any(make_heldout11.ssn_ok(s) for s in ["000123456", "666123456", "900123456", "123001234",
                                                       "123450000"])


def test_look_alikes_carry_their_own_check_digits():
    gen = make_heldout11.Gen({"people": {"en": [PERSON]}})
    for _ in range(300):
        imei = gen.imei()
        assert len(imei) == 15 and make_heldout11.luhn_ok(imei)
        isbn = gen.isbn()
        assert make_heldout11.ean_digit(isbn[:-1]) == isbn[-1]
        assert make_heldout11.iban_ok(gen.iban())
        assert not make_heldout11.luhn_ok(gen.snowflake())
    assert make_heldout11.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert make_heldout11.iban_ok("GB82 WEST 1234 5698 7654 32")
    assert not make_heldout11.iban_ok("GB82 WEST 1234 5698 7654 33")


IBAN_LENGTH = {"DE": 22, "FR": 27, "NL": 18, "ES": 24, "IT": 27, "GB": 22}


def iban_at(run: str) -> str:
    """The IBAN at the start of ``run`` (a match may run on into the next token), by its country's length."""
    compact = run.replace(" ", "")
    return compact[:IBAN_LENGTH[compact[:2]]]


def test_look_alikes_in_clean_messages_keep_their_check_digits():
    clean = [row["text"] for row in ROWS if not row["kinds"]]
    imeis = [m for t in clean for m in re.findall(r"IMEI (\d{15})", t)]
    ibans = [iban_at(m) for t in clean for m in re.findall(r"IBAN ([A-Z]{2}\d{2}(?: [A-Z0-9]{1,4})+)", t)]
    assert len(imeis) > 20 and len(ibans) > 20
    assert all(make_heldout11.luhn_ok(i) for i in imeis) and all(make_heldout11.iban_ok(i) for i in ibans)
    assert not any("@" in re.sub(r"@@ [^@]+ @@", "", t) for t in clean)  # no address in a clean text


def test_a_shape_that_drops_a_wanted_kind_stops_the_generator(monkeypatch):
    def forgetful(g):
        return "a message long enough to pass the length rule, with nothing placed " + g.d(8)
    monkeypatch.setattr(heldout11_shapes, "SHAPES", [("forgetful", forgetful)])
    with pytest.raises(SystemExit, match="placed"):
        make_heldout11.generate({"people": {"en": [PERSON]}})
