"""The heldout14 evaluation set is what scripts/make_heldout14.py generates, is well-formed, and its values are
built right (Luhn-valid cards in real IIN ranges, SSA-valid SSNs, randino's phone numbers, look-alikes with their own
check digits). No detector runs here, and this file never imports it."""
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import heldout14_shapes  # noqa: E402
import make_heldout14 as mk  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout14.jsonl"
VENV_PYTHON = ROOT / ".venv-heldout14" / "bin" / "python"

needs_venv = pytest.mark.skipif(not VENV_PYTHON.exists(), reason=(
    ".venv-heldout14 is missing (it carries randino): build it with `make heldout14-check`"))

# an "@" that is no mailbox: Message-IDs in <...@...>; what is left may hold an "@" only with a space or another "@"
# beside it (a diff's @@ hunk marker, a stage's @name), never one between two other characters, as in a@b
NOT_AN_ADDRESS = re.compile(r"<[^<>\s]+@[^<>\s]+>")
ADDRESS_AT = re.compile(r"[^\s@<>]@[^\s@<>]")
CARD_RUN = re.compile(r"(?<!\d)\d(?:[ \-\u00a0]?\d){10,18}(?!\d)")
SSN_RUN = re.compile(r"(?<!\d)\d{3}([ .\u00a0-]?)\d{2}\1\d{4}(?!\d)")
SSN_SEPARATED = re.compile(r"(?<!\d)\d{3}([ .\u2013\u00a0-])\d{2}\1\d{4}(?!\d)")


def ssa_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


def lines():
    return SET.read_text(encoding="utf-8").split("\n")[:-1]  # every line ends in "\n"; no splitlines (U+2028)


def unmarked(text: str) -> str:
    """The text with the markup a shape may split a value with taken out, and its form-encoded reading after it."""
    for m in heldout14_shapes.MARKUP:
        text = text.replace(m, "")
    return text + "\n" + urllib.parse.unquote_plus(text)


@needs_venv
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    edited = write_edited_copy(lines(), 10, tmp_path / "heldout14.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    env = {**os.environ, "PYTHONHASHSEED": "random"}  # the set must not depend on string hashing
    done = subprocess.run([str(VENV_PYTHON), "scripts/make_heldout14.py", "--check", "--out", str(SET), "--out", str(edited)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and f"{edited} differs" in done.stderr, done.stderr[-2000:]
    assert f"{SET} differs" not in done.stderr  # the committed set is current


def test_committed_set_is_well_formed_and_format_check_bites():
    rows_text = lines()
    assert format_problems(rows_text) == []
    rows = [json.loads(line) for line in rows_text]
    assert {k for row in rows for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) >= 2 for row in rows) > 200
    assert all(row["note"].startswith("heldout14 ") for row in rows)
    assert {row["note"].split()[1] for row in rows} == set(heldout14_shapes.SHAPES) and len(heldout14_shapes.SHAPES) == 50
    assert len({w for row in rows for w in row["note"].split() if w.startswith("locale=")}) >= 22
    assert all(50 <= len(row["text"]) <= 1500 for row in rows)
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(rows_text[:-1] + [rows_text[0]]))
    bad = json.loads(rows_text[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + rows_text[1:]))


def used_shape_names(modules=("heldout7_shapes", "heldout8_shapes", "heldout9_shapes", "heldout10_shapes",
                              "heldout11_shapes", "heldout12_shapes", "heldout13_shapes")) -> set:
    used = set()
    for module in modules:
        for item in __import__(module).SHAPES:  # a dict of names, or a list of functions or (name, function) pairs
            used.add(item if isinstance(item, str) else item[0] if isinstance(item, tuple) else item.__name__)
    return used


def test_shape_names_were_never_used_before():
    used = used_shape_names()
    assert {"exchange_trace", "swift_mt103", "payroll_csv", "emv_qr", "wallet_pass_json"} <= used  # every earlier module was read
    assert not used & set(heldout14_shapes.SHAPES)
    assert used & (set(heldout14_shapes.SHAPES) | {"passport_mrz"})  # the comparison bites on a reused name


def test_shapes_place_every_value_and_clean_texts_have_no_address():
    gen = mk.Gen({})
    for name, fn in sorted(heldout14_shapes.SHAPES.items()):
        for kinds in [[]] * 20 + [["credit_card", "email", "us_phone", "us_ssn"]] * 3:
            text, _ = fn(gen, kinds)  # each shape's done() asserts every placed value is in the text
            if not kinds:
                assert not ADDRESS_AT.search(NOT_AN_ADDRESS.sub("", text)), (name, text)
    for row in map(json.loads, lines()):
        if not row["kinds"]:
            assert not ADDRESS_AT.search(NOT_AN_ADDRESS.sub("", row["text"])), row
    assert ADDRESS_AT.search(NOT_AN_ADDRESS.sub("", "mail a.b@example.com <x@mta1.example.org>"))  # the filter keeps a real address
    assert ADDRESS_AT.search('"a b"@example.de') and not ADDRESS_AT.search("@@ -1,3 +1,4 @@ from @stage/x")


def test_only_texts_labelled_us_ssn_hold_an_ssa_valid_separated_ssn():
    for row in map(json.loads, lines()):
        if "us_ssn" not in row["kinds"]:
            found = [mk.digits_of(m.group()) for m in SSN_SEPARATED.finditer(row["text"])]
            assert not any(ssa_ok(d) for d in found), row
    assert SSN_SEPARATED.search("SSN 123-45-6789") and not SSN_SEPARATED.search("EIN 12-3456789")
    # a phone is never grouped 3-2-4 (an 11-digit number split 2-3-2-4 would read as an SSN too)
    gen = mk.Gen({})
    for _ in range(500):
        assert not SSN_SEPARATED.search(gen.format_phone("86", "16108191652", "CN"))


def test_a_shape_that_drops_a_value_is_caught():
    def leaky(g, kinds):
        p, v, det = heldout14_shapes.fill(g, kinds)
        return heldout14_shapes.done(f"hello {heldout14_shapes.name(p)}, order {g.order_no()}", det, v)
    with pytest.raises(AssertionError):
        leaky(mk.Gen({}), ["email"])
    # a value split by a Word run boundary still counts as placed, one cut in two by other text does not
    heldout14_shapes.done(heldout14_shapes.split_at("123-45-6789", heldout14_shapes.RUN_BREAK), "", {"us_ssn": "123-45-6789"})
    with pytest.raises(AssertionError):
        heldout14_shapes.done(heldout14_shapes.split_at("123-45-6789", " x "), "", {"us_ssn": "123-45-6789"})


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
        text = unmarked(row["text"])
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
        assert mk.npi_ok(gen.npi()) and mk.aba_ok(gen.aba()) and mk.dea_ok(gen.dea()) and mk.vin_ok(gen.vin())
        orcid = gen.orcid().replace("-", "")
        assert mk.orcid_digit(orcid[:15]) == orcid[15]
        for value in (mk.digits_of(gen.isbn()), gen.gtin(), gen.sscc()):
            assert mk.ean_digit(value[:-1]) == value[-1]
        fields = gen.boleto().replace(".", "").split()[:3]
        assert all(mk.mod10_boleto(f[:-1]) == f[-1] for f in fields)
        assert mk.iban_ok(gen.iban())
        box, isin, imo, s10 = gen.container(), gen.isin(), gen.imo()[4:], gen.s10()
        assert len(box) == 11 and mk.container_digit(box[:10]) == box[10]
        assert len(isin) == 12 and mk.isin_digit(isin[:11]) == isin[11]
        assert len(imo) == 7 and mk.imo_digit(imo[:6]) == imo[6]
        assert len(s10) == 13 and mk.s10_digit(s10[2:10]) == s10[10]
        assert re.fullmatch(r"\d{2}-\d{7}", gen.ein())  # EIN is 2-7, never the SSN's 3-2-4
    # the check-digit functions themselves, on published examples
    assert mk.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert mk.iban_ok("GB82 WEST 1234 5698 7654 32") and not mk.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert mk.iban_check("DE", "370400440532013000") == "89"  # DE89 3704 0044 0532 0130 00
    assert mk.aba_ok("011000015") and not mk.aba_ok("011000016")  # a Federal Reserve routing number
    assert mk.npi_ok("1234567893") and not mk.npi_ok("1234567890")  # CMS's published NPI example
    assert mk.vin_ok("1M8GDM9AXKP042788") and not mk.vin_ok("1M8GDM9A1KP042788")  # the check-digit example VIN
    assert mk.orcid_digit("000000021825009") == "7"  # ORCID's documented iD 0000-0002-1825-0097
    assert mk.dea_ok("AB1234563") and not mk.dea_ok("AB1234564")
    assert [mk.mod10_boleto(f) for f in ("001905009", "4014481606", "0680935031")] == ["5", "9", "4"]  # Febraban example
    assert mk.container_digit("CSQU305438") == "3"  # ISO 6346's example CSQU 305438 3
    assert mk.isin_digit("US037833100") == "5"  # Apple's ISIN US0378331005
    assert mk.imo_digit("907472") == "9"  # IMO 9074729
    assert mk.s10_digit("47312482") == "9"  # the S10 item id EE 47312482 9 GB


PROBE = """
import json, re, sys
sys.path.insert(0, "scripts")
import make_heldout14 as mk
from randino import rand_phone
values = mk.load_values()
again = mk.load_values()
# each of randino's numbers keeps its country's own shape: its calling code or trunk, 8-15 digits
bad = [(c, n) for c, rows in values["phones"].items() for n in rows
       if not (8 <= len(mk.digits_of(n)) <= 15) or mk.SSN_SHAPE.search(n)]
print(json.dumps({"countries": len(values["phones"]), "bad_phones": bad[:5], "names": sum(len(x["native"]) for x in values["names"].values()),
                  "stems": sorted(values["names"]["ja"]["stems"])[:3], "same": values == again,
                  "us": values["phones"]["US"][:40]}))
"""


@needs_venv
def test_phones_and_names_come_from_randino_and_are_seeded():
    done = subprocess.run([str(VENV_PYTHON), "-W", "ignore", "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["countries"] == 9 and report["bad_phones"] == [] and report["names"] >= 9 * 20 and report["same"]
    assert all(re.fullmatch(r"[a-z]+(\.[a-z]+)+", stem) for stem in report["stems"])  # romanised, ASCII mailbox stems
    assert all(len(mk.digits_of(n)) in (10, 11) for n in report["us"])  # NANP numbers, with or without the +1
    values = {"phones": {"US": ["(212) 555-0123"]}}
    country, phone = mk.Gen(values).phone({"country": "US"})
    assert country == "US" and phone == "(212) 555-0123"  # randino's numbers are placed as it wrote them


def test_own_phones_are_never_grouped_like_an_ssn():
    gen = mk.Gen({})
    for country in mk.OWN_PHONES:
        for _ in range(200):
            _c, phone = gen.phone({"country": country})
            assert not SSN_SEPARATED.search(phone) and 8 <= len(mk.digits_of(phone)) <= 15, phone
