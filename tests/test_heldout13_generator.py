"""The heldout13 evaluation set is what scripts/make_heldout13.py generates, is well-formed, and its values are
built right (Luhn-valid cards in real IIN ranges, SSA-valid SSNs, phone-gen's numbers, look-alikes with their own
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

import heldout13_shapes  # noqa: E402
import make_heldout13 as mk  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout13.jsonl"
VENV_PYTHON = ROOT / ".venv-heldout13" / "bin" / "python"

needs_venv = pytest.mark.skipif(not VENV_PYTHON.exists(), reason=(
    ".venv-heldout13 is missing (it carries phone-gen and schwifty): build it with `make heldout13-check`"))

# an "@" that is no mailbox: Message-IDs in <...@...>
NOT_AN_ADDRESS = re.compile(r"<[^<>\s]+@[^<>\s]+>")
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
    for m in heldout13_shapes.MARKUP:
        text = text.replace(m, "")
    return text + "\n" + urllib.parse.unquote_plus(text)


@needs_venv
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    edited = write_edited_copy(lines(), 10, tmp_path / "heldout13.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    env = {**os.environ, "PYTHONHASHSEED": "random"}  # the set must not depend on string hashing
    done = subprocess.run([str(VENV_PYTHON), "scripts/make_heldout13.py", "--check", "--out", str(SET), "--out", str(edited)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and f"{edited} differs" in done.stderr, done.stderr[-2000:]
    assert f"{SET} differs" not in done.stderr  # the committed set is current


def test_committed_set_is_well_formed_and_format_check_bites():
    rows_text = lines()
    assert format_problems(rows_text) == []
    rows = [json.loads(line) for line in rows_text]
    assert {k for row in rows for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) >= 2 for row in rows) > 200
    assert all(row["note"].startswith("heldout13 ") for row in rows)
    assert {row["note"].split()[1] for row in rows} == set(heldout13_shapes.SHAPES) and len(heldout13_shapes.SHAPES) == 50
    assert len({w for row in rows for w in row["note"].split() if w.startswith("locale=")}) >= 22
    assert all(50 <= len(row["text"]) <= 1500 for row in rows)
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(rows_text[:-1] + [rows_text[0]]))
    bad = json.loads(rows_text[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + rows_text[1:]))


def used_shape_names(modules=("heldout7_shapes", "heldout8_shapes", "heldout9_shapes", "heldout10_shapes",
                              "heldout11_shapes", "heldout12_shapes")) -> set:
    used = set()
    for module in modules:
        for item in __import__(module).SHAPES:  # a dict of names, or a list of functions or (name, function) pairs
            used.add(item if isinstance(item, str) else item[0] if isinstance(item, tuple) else item.__name__)
    return used


def test_shape_names_were_never_used_before():
    used = used_shape_names()
    assert {"exchange_trace", "swift_mt103", "payroll_csv", "emv_qr"} <= used  # every earlier module was read
    assert not used & set(heldout13_shapes.SHAPES)
    assert used & (set(heldout13_shapes.SHAPES) | {"passport_mrz"})  # the comparison bites on a reused name


def test_shapes_place_every_value_and_clean_texts_have_no_address():
    gen = mk.Gen({})
    for name, fn in sorted(heldout13_shapes.SHAPES.items()):
        for kinds in [[]] * 20 + [["credit_card", "email", "us_phone", "us_ssn"]] * 3:
            text, _ = fn(gen, kinds)  # each shape's done() asserts every placed value is in the text
            if not kinds:
                assert "@" not in NOT_AN_ADDRESS.sub("", text), (name, text)
    for row in map(json.loads, lines()):
        if not row["kinds"]:
            assert "@" not in NOT_AN_ADDRESS.sub("", row["text"]), row
    assert "@" in NOT_AN_ADDRESS.sub("", "mail a.b@example.com <x@mta1.example.org>")  # the filter keeps a real address


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
        p, v, det = heldout13_shapes.fill(g, kinds)
        return heldout13_shapes.done(f"hello {heldout13_shapes.name(p)}, order {g.order_no()}", det, v)
    with pytest.raises(AssertionError):
        leaky(mk.Gen({}), ["email"])
    # a value split by a Word run boundary still counts as placed, one cut in two by other text does not
    heldout13_shapes.done(heldout13_shapes.split_at("123-45-6789", heldout13_shapes.RUN_BREAK), "", {"us_ssn": "123-45-6789"})
    with pytest.raises(AssertionError):
        heldout13_shapes.done(heldout13_shapes.split_at("123-45-6789", " x "), "", {"us_ssn": "123-45-6789"})


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
        code = heldout13_shapes.uscc(gen)
        assert len(code) == 18 and uscc_ok(code)
        assert mk.iban_ok(gen.iban())
        assert re.fullmatch(r"\d{2}-\d{7}", gen.ein())  # EIN is 2-7, never the SSN's 3-2-4
    # the check-digit functions themselves, on published examples
    assert mk.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert mk.iban_ok("GB82 WEST 1234 5698 7654 32") and not mk.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert mk.aba_ok("011000015") and not mk.aba_ok("011000016")  # a Federal Reserve routing number
    assert mk.npi_ok("1234567893") and not mk.npi_ok("1234567890")  # CMS's published NPI example
    assert mk.vin_ok("1M8GDM9AXKP042788") and not mk.vin_ok("1M8GDM9A1KP042788")  # the check-digit example VIN
    assert mk.orcid_digit("000000021825009") == "7"  # ORCID's documented iD 0000-0002-1825-0097
    assert mk.dea_ok("AB1234563") and not mk.dea_ok("AB1234564")
    assert [mk.mod10_boleto(f) for f in ("001905009", "4014481606", "0680935031")] == ["5", "9", "4"]  # Febraban example
    assert uscc_ok("91350100M000100Y43") and not uscc_ok("91350100M000100Y44")  # GB 32100's example code


def uscc_ok(code: str) -> bool:
    alphabet = heldout13_shapes._USCC
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(code, weights))
    return alphabet[(31 - total % 31) % 31] == code[17]


PROBE = """
import json, re, sys
sys.path.insert(0, "scripts")
import make_heldout13 as mk
from phone_gen.patterns import PATTERNS
from schwifty import IBAN
values = mk.load_values()
bad = [(c, n) for c, rows in values["phones"].items() for code, n in rows
       if code != PATTERNS["data"][c]["code"] or not any(re.fullmatch(PATTERNS["data"][c].get(k, "(?!)"), n) for k in ("pattern", "mobile"))]
ibans = [IBAN(i).validate(validate_bban=True) for i, _bic, _bank in values["ibans"]]
print(json.dumps({"countries": len(values["phones"]), "bad_phones": bad[:5], "ibans": len(ibans)}))
"""


@needs_venv
def test_phones_come_from_phone_gen_patterns_and_ibans_validate_in_schwifty():
    done = subprocess.run([str(VENV_PYTHON), "-W", "ignore", "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["countries"] >= 25 and report["bad_phones"] == [] and report["ibans"] >= 200
    values = {"phones": {"US": [["1", "2125550123"]]}}
    country, phone = mk.Gen(values).phone({"country": "US"})
    assert country == "US" and mk.digits_of(phone).endswith("2125550123")  # the formatter keeps the number's digits
