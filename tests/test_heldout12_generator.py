"""The heldout12 evaluation set is what scripts/make_heldout12.py generates, is well-formed, and its values are
built right (Luhn-valid cards in real IIN ranges, SSA-valid SSNs, look-alikes with their own check digits).
No detector runs here, and this file never imports it."""
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

import heldout12_shapes  # noqa: E402
import make_heldout12 as mk  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout12.jsonl"
NODE_MODULES = ROOT / "tools" / "heldout12" / "node_modules"

needs_tools = pytest.mark.skipif(not NODE_MODULES.exists() or shutil.which("node") is None,
                                 reason="needs node and tools/heldout12/node_modules (make heldout12-check)")

# an "@" that is no mailbox: Message-IDs in <...@...> and Graph's "@odata.type" key
NOT_AN_ADDRESS = re.compile(r'"@odata\.type"|<[^<>\s]+@[^<>\s]+>')
CARD_RUN = re.compile(r"(?<!\d)\d(?:[ \-\u00a0\u2009]?\d){10,18}(?!\d)")
SSN_RUN = re.compile(r"(?<!\d)\d{3}([ .\u2013\u00a0-]?)\d{2}\1\d{4}(?!\d)")
SSN_SEPARATED = re.compile(r"(?<!\d)\d{3}([ .\u2013\u00a0-])\d{2}\1\d{4}(?!\d)")


def ssa_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/make_heldout12.py", "--check", "--out", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def lines():
    return SET.read_text(encoding="utf-8").splitlines()


@needs_tools
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    assert run_check(SET).returncode == 0
    edited = write_edited_copy(lines(), 10, tmp_path / "heldout12.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    done = run_check(edited)
    assert done.returncode == 1 and "differs" in done.stderr


def test_committed_set_is_well_formed_and_format_check_bites():
    rows_text = lines()
    assert format_problems(rows_text) == []
    rows = [json.loads(line) for line in rows_text]
    assert {k for row in rows for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) >= 2 for row in rows) > 200
    assert all(row["note"].startswith("heldout12 ") for row in rows)
    assert {row["note"].split()[1] for row in rows} == set(heldout12_shapes.SHAPES) and len(heldout12_shapes.SHAPES) == 50
    assert len({w for row in rows for w in row["note"].split() if w.startswith("locale=")}) >= 22
    assert all(50 <= len(row["text"]) <= 1500 for row in rows)
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(rows_text[:-1] + [rows_text[0]]))
    bad = json.loads(rows_text[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + rows_text[1:]))


def test_shape_names_were_never_used_before():
    used = set()
    for module in ("heldout7_shapes", "heldout8_shapes", "heldout9_shapes", "heldout10_shapes"):
        shapes = __import__(module).SHAPES
        for item in shapes:  # a dict of names, or a list of functions or (name, function) pairs
            used.add(item if isinstance(item, str) else item[0] if isinstance(item, tuple) else item.__name__)
    assert "exchange_trace" in used and "swift_mt103" in used  # the comparison has something to compare with
    assert not used & set(heldout12_shapes.SHAPES)


def test_shapes_place_every_value_and_clean_texts_have_no_address():
    gen = mk.Gen({})
    for name, fn in sorted(heldout12_shapes.SHAPES.items()):
        for kinds in [[]] * 20 + [["credit_card", "email", "us_phone", "us_ssn"]] * 3:
            text, _ = fn(gen, kinds)  # each shape's done() asserts every placed value is in the text
            if not kinds:
                assert "@" not in NOT_AN_ADDRESS.sub("", text), (name, text)
    for row in map(json.loads, lines()):
        if not row["kinds"]:
            assert "@" not in NOT_AN_ADDRESS.sub("", row["text"]), row
    assert "@" in NOT_AN_ADDRESS.sub("", "mail a.b@example.com")  # the filter keeps a real address


def test_clean_texts_hold_no_ssa_valid_separated_ssn():
    for row in map(json.loads, lines()):
        if not row["kinds"]:
            found = [mk.digits_of(m.group()) for m in SSN_SEPARATED.finditer(row["text"])]
            assert not any(ssa_ok(d) for d in found), row
    assert SSN_SEPARATED.search("SSN 123-45-6789") and not SSN_SEPARATED.search("EIN 12-3456789")


def test_a_shape_that_drops_a_value_is_caught():
    def leaky(g, kinds):
        p, v, det = heldout12_shapes.fill(g, kinds)
        return heldout12_shapes.done(f"hello {heldout12_shapes.name(p)}, order {g.order_no()}", det, v)
    with pytest.raises(AssertionError):
        leaky(mk.Gen({}), ["email"])


def test_cards_are_luhn_valid_in_their_lengths_and_luhn_check_bites():
    gen = mk.Gen({})
    for _ in range(3000):
        value, brand = gen.card()
        digits = mk.digits_of(value)
        assert 12 <= len(digits) <= 19 and mk.luhn_ok(digits), (value, brand)
    assert mk.luhn_ok("4111111111111111") and not mk.luhn_ok("4111111111111112")


def test_labelled_cards_and_ssns_in_the_set_are_built_right():
    prefixes = {brand: tuple(p) for brand, p, _ in mk.IIN}
    cards = ssns = 0
    for row in map(json.loads, lines()):
        notes = dict(w.split("=", 1) for w in row["note"].split() if "=" in w)
        text = row["text"].replace("**", "")  # markdown bold may split a value
        if "credit_card" in row["kinds"]:
            found = [mk.digits_of(m) for m in CARD_RUN.findall(text)]
            assert any(mk.luhn_ok(d) and 12 <= len(d) <= 19 and d.startswith(prefixes[notes["card"]]) for d in found), row
            cards += 1
        if "us_ssn" in row["kinds"]:
            found = [mk.digits_of(m.group()) for m in SSN_RUN.finditer(text)]
            assert any(ssa_ok(d) for d in found), row
            ssns += 1
    assert cards > 200 and ssns > 200


def test_ssns_follow_the_ssa_rules():
    gen = mk.Gen({})
    for _ in range(5000):
        value, _form = gen.ssn()
        assert ssa_ok(mk.digits_of(value)), value
    assert not ssa_ok("666121234") and not ssa_ok("900121234") and not ssa_ok("123001234") and not ssa_ok("123450000")


def test_look_alikes_carry_their_own_check_digits():
    gen = mk.Gen({})
    for _ in range(300):
        imei, iccid = gen.imei(), gen.iccid()
        assert len(imei) == 15 and mk.luhn_ok(imei) and len(iccid) == 19 and iccid.startswith("89") and mk.luhn_ok(iccid)
        assert mk.npi_ok(gen.npi()) and mk.aba_ok(gen.aba())
        for value in (mk.digits_of(gen.isbn()), gen.gtin(), gen.sscc()):
            assert mk.ean_digit(value[:-1]) == value[-1]
        assert mk.iban_ok(gen.iban())
        assert re.fullmatch(r"\d{2}-\d{7}", gen.ein())  # EIN is 2-7, never the SSN's 3-2-4
    # the check-digit functions themselves, on published examples
    assert mk.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert mk.iban_ok("GB82 WEST 1234 5698 7654 32") and not mk.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert mk.aba_ok("011000015") and not mk.aba_ok("011000016")  # a Federal Reserve routing number
    assert mk.npi_ok("1234567893") and not mk.npi_ok("1234567890")  # CMS's published NPI example


@needs_tools
def test_ibans_from_ibantools_pass_mod_97():
    values = mk.load_values()
    assert len(values["ibans"]) >= 100 and all(mk.iban_ok(i) for i in values["ibans"])
    assert len(values["people"]) == 4 and all(len(rows) == 150 for rows in values["people"].values())
