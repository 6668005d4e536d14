"""The heldout15 evaluation set is what scripts/make_heldout15.py generates, is well-formed, and its values are
built right (Luhn-valid cards in real IIN ranges, SSA-valid SSNs, phone-number-generator-js's seeded numbers,
look-alikes with their own check digits, never under a PII label in a clean message). No detector runs here,
and this file never imports it."""
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import heldout15_shapes as shapes  # noqa: E402
import make_heldout15 as mk  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout15.jsonl"
NODE_MODULES = ROOT / "tools" / "heldout15" / "node_modules"
needs_tools = pytest.mark.skipif(not NODE_MODULES.exists() or shutil.which("node") is None,
                                 reason="needs node and tools/heldout15/node_modules (make heldout15-check)")

# an "@" that is no mailbox: Message-IDs in <...@...>; what is left may hold an "@" only with a space or another "@"
# beside it, never one between two other characters, as in a@b
NOT_AN_ADDRESS = re.compile(r"<[^<>\s]+@[^<>\s]+>")
ADDRESS_AT = re.compile(r"[^\s@<>]@[^\s@<>]")
CARD_RUN = re.compile(r"(?<!\d)\d(?:[ \-\u00a0]?\d){10,18}(?!\d)")
SSN_RUN = re.compile(r"(?<!\d)\d{3}([ .\u00a0-]?)\d{2}\1\d{4}(?!\d)")
SSN_SEPARATED = re.compile(r"(?<!\d)\d{3}([ .\u2013\u00a0-])\d{2}\1\d{4}(?!\d)")
# a label that names a PII kind (the shapes' own labels and field names, and the usual short ones), then a
# separator and a number: never in a clean message (the set's rule for look-alikes)
PII_LABELS = sorted({lab for langs in shapes.LABELS.values() for kind in langs.values() for lab in kind} |
                    {k for keys in shapes.KEYNAMES.values() for k in keys} | {"ssn", "card", "phone", "msisdn", "tel"}, key=len, reverse=True)
PII_LABEL_NUMBER = re.compile(r"(?i)(?<![\w:.-])(?:" + "|".join(map(re.escape, PII_LABELS)) + r")['\"]?\s*(?:[:=：]|=>)\s*['\"]?\+?\d")
EARLIER = ["make_heldout4.py", "make_heldout5.py", "make_eval_sets.py", "make_heldout6.py", "heldout6_shapes.py"] + [
    f"heldout{n}_shapes.py" for n in range(7, 15)]


def ssa_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


def lines():
    return SET.read_text(encoding="utf-8").split("\n")[:-1]  # every line ends in "\n"; no splitlines (U+2028)


def unmarked(text: str) -> str:
    """The text with the markup a shape may split a value with taken out, and its URL-decoded reading after it."""
    for m in shapes.MARKUP:
        text = text.replace(m, "")
    return text + "\n" + urllib.parse.unquote_plus(text)


@needs_tools
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    edited = write_edited_copy(lines(), 10, tmp_path / "heldout15.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    env = {**os.environ, "PYTHONHASHSEED": "random"}  # the set must not depend on string hashing
    done = subprocess.run([sys.executable, "scripts/make_heldout15.py", "--check", "--out", str(SET), "--out", str(edited)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and f"{edited} differs" in done.stderr, done.stderr[-2000:]
    assert f"{SET} differs" not in done.stderr  # the committed set is current


def test_committed_set_is_well_formed_and_format_check_bites():
    rows_text = lines()
    assert format_problems(rows_text) == []
    rows = [json.loads(line) for line in rows_text]
    assert {k for row in rows for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) >= 2 for row in rows) > 200
    assert all(row["note"].startswith("heldout15 ") for row in rows)
    assert {row["note"].split()[1] for row in rows} == set(shapes.SHAPES) and len(shapes.SHAPES) == 50
    assert len({w for row in rows for w in row["note"].split() if w.startswith("locale=")}) == 24
    assert all(50 <= len(row["text"]) <= 1500 for row in rows)
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(rows_text[:-1] + [rows_text[0]]))
    bad = json.loads(rows_text[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + rows_text[1:]))


def names_in(source: str) -> set:
    """Every name an earlier generator may have given a shape: its function names and its string literals (dict
    keys, shape("...") arguments, template keys), read from the source without importing it."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names |= {node.name, node.name.removeprefix("sh_")}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[a-z][a-z0-9_]*", node.value):
            names.add(node.value)
    return names


def test_shape_names_were_never_used_before():
    used = set().union(*(names_in((ROOT / "scripts" / f).read_text(encoding="utf-8")) for f in EARLIER))
    # every earlier module was read: a name from each of them
    assert {"hr_onboarding", "slack", "crm", "gitdiff", "busy_chat", "hl7_v2", "cdr", "gedcom", "zendesk_export", "payroll_csv",
            "emv_qr", "wallet_pass_json", "mitmproxy_flow"} <= used
    assert not used & set(shapes.SHAPES)
    assert used & (set(shapes.SHAPES) | {"passport_mrz"})  # the comparison bites on a reused name


def test_shapes_place_every_value_and_clean_texts_have_no_address_nor_a_number_under_a_pii_label():
    gen = mk.Gen({})
    for name, fn in sorted(shapes.SHAPES.items()):
        for kinds in [[]] * 20 + [["credit_card", "email", "us_phone", "us_ssn"]] * 3:
            text, _ = fn(gen, kinds)  # each shape's done() asserts every placed value is in the text
            if not kinds:
                assert not ADDRESS_AT.search(NOT_AN_ADDRESS.sub("", text)), (name, text)
                assert not PII_LABEL_NUMBER.search(text), (name, text)
    for row in map(json.loads, lines()):
        if not row["kinds"]:
            assert not ADDRESS_AT.search(NOT_AN_ADDRESS.sub("", row["text"])), row
            assert not PII_LABEL_NUMBER.search(row["text"]), row
    assert ADDRESS_AT.search(NOT_AN_ADDRESS.sub("", "mail a.b@example.com <x@mta1.example.org>"))  # the filter keeps a real address
    assert not ADDRESS_AT.search("curl -d @lead.json") and ADDRESS_AT.search('"@timestamp"')
    assert all(PII_LABEL_NUMBER.search(t) for t in ("ssn=123", "Card: 4111", "phone: +44 20", "msisdn=49", "tel:+1212", "Telefon: 0171",
                                                    "'msisdn' => '4917", "カード番号：4111", 'cardNumber: "5500'))
    assert not PII_LABEL_NUMBER.search("IMEI: 356938035643809, phone: N/A, mac 98:6d:16:1c:cc:02")


def test_clean_messages_carry_look_alikes_under_their_own_labels():
    gen = mk.Gen({})
    own = ("IBAN", "LEI", "CUSIP", "ISIN", "SIRET", "IMEI", "ICCID", "VIN", "AWB", "e-ticket", "GTIN", "SSCC", "ISBN")
    labels = [gen.lookalike()[0] for _ in range(2000)]
    assert set(own) <= set(labels)
    for name, fn in sorted(shapes.SHAPES.items()):
        texts = [fn(gen, [])[0] for _ in range(10)]
        assert any(re.search(r"\d{5,}", t.replace(" ", "").replace("-", "")) for t in texts), name


def test_only_texts_labelled_us_ssn_hold_an_ssa_valid_separated_ssn():
    for row in map(json.loads, lines()):
        if "us_ssn" not in row["kinds"]:
            found = [mk.digits_of(m.group()) for m in SSN_SEPARATED.finditer(row["text"])]
            assert not any(ssa_ok(d) for d in found), row
    assert SSN_SEPARATED.search("SSN 123-45-6789") and not SSN_SEPARATED.search("EIN 12-3456789")
    gen = mk.Gen({})
    grouped_like_an_ssn = {"e164": "+15551234567", "national": "555 12 3456", "international": "+1 555 12 3456",
                           "uri": "tel:+15551234567", "country": "US"}
    grouped = mk.Gen({"phones": {"en-US": [grouped_like_an_ssn], "US": [grouped_like_an_ssn]}})
    for _ in range(300):  # a number grouped 3-2-4 is written another way
        assert not SSN_SEPARATED.search(grouped.phone({"locale": "en-US"})[1])
        assert not SSN_SEPARATED.search(gen.phone({"locale": "de"})[1])


def test_a_shape_that_drops_a_value_is_caught():
    def leaky(g, kinds):
        p, v, det = shapes.fill(g, kinds)
        return shapes.done(f"hello {shapes.name(p)}, order {g.order_no()}", det, v)
    with pytest.raises(AssertionError):
        leaky(mk.Gen({}), ["email"])
    # a value split by a quoted-printable soft break still counts as placed, one cut in two by other text does not
    shapes.done(shapes.qp_wrap("SSN 123-45-6789", 8), "", {"us_ssn": "123-45-6789"})
    continued = shapes.cobol_continued("           05  WS-CUST-EMAIL    PIC X(40) VALUE 'someone.long@example-domain.org'.")
    assert shapes.COBOL_CONTINUATION in continued  # and, as a COBOL continuation line, still counts as placed:
    shapes.done(continued, "", {"email": "someone.long@example-domain.org"})
    with pytest.raises(AssertionError):
        shapes.done("SSN 123-4 x 5-6789", "", {"us_ssn": "123-45-6789"})


def test_cards_are_luhn_valid_in_their_lengths_and_luhn_check_bites():
    gen = mk.Gen({})
    prefixes = {brand: tuple(p) for brand, p, _ in mk.IIN}
    for _ in range(3000):
        value, brand = gen.card()
        digits = mk.digits_of(value)
        assert 12 <= len(digits) <= 19 and mk.luhn_ok(digits) and digits.startswith(prefixes[brand]), (value, brand)
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
        assert mk.vin_ok(gen.vin()) and mk.iban_ok(gen.iban()) and mk.lei_ok(gen.lei()) and mk.awb_ok(gen.awb())
        assert mk.luhn_ok(mk.digits_of(gen.siret())) and len(mk.digits_of(gen.siret())) == 14
        cusip = gen.cusip()
        assert len(cusip) == 9 and mk.cusip_digit(cusip[:8]) == cusip[8]
        for value in (mk.digits_of(gen.isbn()), gen.gtin(), gen.sscc()):
            assert mk.ean_digit(value[:-1]) == value[-1]
        box, isin, imo, s10 = gen.container(), gen.isin(), gen.imo()[4:], gen.s10()
        assert len(box) == 11 and mk.container_digit(box[:10]) == box[10]
        assert len(isin) == 12 and mk.isin_digit(isin[:11]) == isin[11]
        assert len(imo) == 7 and mk.imo_digit(imo[:6]) == imo[6]
        assert len(s10) == 13 and mk.s10_digit(s10[2:10]) == s10[10]
    # the check-digit functions themselves, on published examples
    assert mk.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert mk.iban_ok("GB82 WEST 1234 5698 7654 32") and not mk.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert mk.lei_ok("5493001KJTIIGC8Y1R12") and not mk.lei_ok("5493001KJTIIGC8Y1R13")  # Bloomberg's LEI
    assert mk.lei_check("5493001KJTIIGC8Y1R") == "12"
    assert mk.cusip_digit("03783310") == "0"  # Apple's CUSIP 037833100
    assert mk.awb_ok("020-12345675") and not mk.awb_ok("020-12345676")  # 1234567 mod 7 = 5
    assert mk.luhn_ok("73282932000074")  # a published SIRET
    assert mk.vin_ok("1M8GDM9AXKP042788") and not mk.vin_ok("1M8GDM9A1KP042788")
    assert mk.container_digit("CSQU305438") == "3" and mk.isin_digit("US037833100") == "5"
    assert mk.imo_digit("907472") == "9" and mk.s10_digit("47312482") == "9"


PROBE = """
import json, sys
sys.path.insert(0, "scripts")
import make_heldout15 as mk
values, again = mk.load_values(), mk.load_values()
phones = [(k, f) for k, rows in values["phones"].items() for f in rows]
bad = [(k, f) for k, f in phones if not (8 <= len(mk.digits_of(f["e164"])) <= 15) or not f["e164"].startswith("+")
       or mk.digits_of(f["national"])[-6:] != f["e164"][-6:]]
print(json.dumps({"locales": sorted(values["people"]), "bad_phones": bad[:5], "same": values == again,
                  "us": [f["e164"] for f in values["phones"]["US"]], "people": sum(map(len, values["people"].values())),
                  "ja": values["people"]["ja"][0]["name"], "users": [r["user"] for rows in values["people"].values() for r in rows]}))
"""


@needs_tools
def test_people_and_phones_come_from_the_node_tools_and_are_seeded():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["locales"] == sorted(mk.LOCALES) and report["bad_phones"] == [] and report["same"]
    assert report["people"] == 24 * 40 and not report["ja"].isascii()  # names in their own script
    assert all(re.fullmatch(r"[a-z0-9._]+", u) for u in report["users"])  # mailbox names are ASCII
    assert len(report["us"]) == 120 and all(re.fullmatch(r"\+1[2-9]\d{9}", n) for n in report["us"])  # NANP numbers
    forms = {"e164": "+436508162890", "national": "0650 8162890", "international": "+43 650 8162890", "uri": "tel:+436508162890", "country": "AT"}
    written = {mk.Gen({"phones": {"de-AT": [forms], "US": [forms]}}, seed=s).phone({"locale": "de-AT"})[1] for s in range(200)}
    assert all("6508162890" in mk.digits_of(w) for w in written) and len(written) > 8  # one number, many ways (some with an extension)
