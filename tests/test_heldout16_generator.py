"""The heldout16 evaluation set is what scripts/make_heldout16.py generates, is well-formed, and its values are built
right (Luhn-valid cards in real IIN ranges, SSA-valid SSNs, phones never grouped like an SSN, look-alikes with their
own check digits under their own labels). No detector runs here, and this file never imports it."""
import ast
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

import heldout16_shapes  # noqa: E402
import make_heldout16 as mk  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "heldout" / "heldout16.jsonl"
VENV_PYTHON = ROOT / ".venv-heldout16" / "bin" / "python"

needs_venv = pytest.mark.skipif(not VENV_PYTHON.exists(), reason=(
    ".venv-heldout16 is missing (it carries forgerypy3 and gimei): build it with `make heldout16-check`"))

# a mailbox: something@a.domain (Message-IDs and greetings like <digits.digits@host> are taken out first); "User@Host:" of a MySQL log is none
NOT_AN_ADDRESS = re.compile(r"<[\d.]+@[^<>\s]+>")
ADDRESS = re.compile(r"[^\s@<>]@[^\s@<>.]+(\.[^\s@<>.]+)*\.[^\W\d_]{2,}")
CARD_RUN = re.compile(r"(?<!\d)\d(?:(?: {1,2}|[\-\u00a0])?\d){10,18}(?!\d)")
SSN_RUN = re.compile(r"(?<!\d)\d{3}([ .\u00a0-]?)\d{2}\1\d{4}(?!\d)")
SSN_SEPARATED = re.compile(r"(?<!\d)\d{3}([ .\u2013\u00a0-])\d{2}\1\d{4}(?!\d)")
# a label that names a PII kind, then a number: never in a clean text (look-alikes stand under their own labels)
PII_LABEL_NUMBER = re.compile(r"(?i)(?<![a-z])(ssn|social|card|pan|phone|mobile|msisdn|tel)[a-z_ .()]{0,12}[:=\"' {]+[ \t]*[+(]?\d")
# the names of the templates of make_heldout4.py, make_heldout5.py and make_eval_sets.py (dict keys there)
OLD_TEMPLATE_NAMES = {"slack", "teams", "ticket", "access_log", "json_log", "stacktrace", "yaml", "toml", "sql", "html", "vcard",
                      "email_thread", "tsv", "csv", "invoice", "chat_typos", "markdown", "cli_table", "code", "prose", "letter",
                      "support_chat", "env_file", "sms", "crm", "bank", "shiplabel", "intake", "callcentre", "ocr_receipt", "pdfwrap",
                      "gitdiff", "k8s", "terraform", "ansible", "jupyter", "sheet_merged", "dev", "log", "json", "email", "chat", "xml"}


def ssa_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


def lines():
    return SET.read_text(encoding="utf-8").split("\n")[:-1]  # every line ends in "\n"; no splitlines (U+2028)


def rows():
    return [json.loads(line) for line in lines()]


def decoded(text: str) -> str:
    """The text, its URL-decoded reading (query strings carry values percent-encoded) and its reading with the marks
    of a wrapped MT940 field taken out."""
    return text + "\n" + urllib.parse.unquote_plus(text) + "\n" + heldout16_shapes.joined(text)


def has_address(text: str) -> bool:
    return bool(ADDRESS.search(NOT_AN_ADDRESS.sub("", text)))


@needs_venv
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    edited = write_edited_copy(lines(), 10, tmp_path / "heldout16.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    env = {**os.environ, "PYTHONHASHSEED": "random"}  # the set must not depend on string hashing
    done = subprocess.run([str(VENV_PYTHON), "scripts/make_heldout16.py", "--check", "--out", str(SET), "--out", str(edited)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and f"{edited} differs" in done.stderr, done.stderr[-2000:]
    assert f"{SET} differs" not in done.stderr  # the committed set is current


def test_committed_set_is_well_formed_and_format_check_bites():
    rows_text = lines()
    assert format_problems(rows_text) == []
    data = rows()
    assert {k for row in data for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) >= 2 for row in data) > 200
    assert all(row["note"].startswith("heldout16 ") for row in data)
    assert {row["note"].split()[1] for row in data} == set(heldout16_shapes.SHAPES) and len(heldout16_shapes.SHAPES) == 50
    assert len({w for row in data for w in row["note"].split() if w.startswith("locale=")}) >= 20
    assert all(50 <= len(row["text"]) <= 1500 for row in data)
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(rows_text[:-1] + [rows_text[0]]))
    bad = json.loads(rows_text[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + rows_text[1:]))


def heldout6_shape_names() -> set:
    """heldout6's names, from its @shape("name", ...) decorators (the module imports phonenumbers, not in this venv)."""
    tree = ast.parse((ROOT / "scripts" / "heldout6_shapes.py").read_text(encoding="utf-8"))
    return {d.args[0].value for node in tree.body if isinstance(node, ast.FunctionDef) for d in node.decorator_list
            if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "shape"}


def used_shape_names(modules=("heldout7_shapes", "heldout8_shapes", "heldout9_shapes", "heldout10_shapes",
                              "heldout11_shapes", "heldout12_shapes", "heldout13_shapes", "heldout14_shapes", "heldout15_shapes")) -> set:
    used = set(OLD_TEMPLATE_NAMES) | heldout6_shape_names()
    for module in modules:
        for item in __import__(module).SHAPES:  # a dict of names, or a list of functions, (name, fn) pairs or Shapes
            used.add(item if isinstance(item, str) else item[0] if isinstance(item, tuple) and isinstance(item[0], str)
                     else getattr(item, "name", None) or item.__name__)
    return used


def test_shape_names_were_never_used_before():
    used = used_shape_names()
    # every earlier module was read (one name of each of heldout6..heldout14, and of the old templates)
    assert len(heldout6_shape_names()) == 22
    assert {"hr_onboarding", "exchange_trace", "swift_mt103", "payroll_csv", "emv_qr", "wallet_pass_json", "outlook_fwd_block", "k8s"} <= used
    assert len(used) > 470  # heldout15's 50 names are in it too
    assert not used & set(heldout16_shapes.SHAPES)
    assert used & (set(heldout16_shapes.SHAPES) | {"passport_mrz"})  # the comparison bites on a reused name


def test_shapes_place_every_value_and_clean_texts_have_no_address():
    gen = mk.Gen({})
    for name, fn in sorted(heldout16_shapes.SHAPES.items()):
        for kinds in [[]] * 20 + [["credit_card", "email", "us_phone", "us_ssn"]] * 3:
            text, _ = fn(gen, kinds)  # each shape's done() asserts every placed value is in the text
            if not kinds:
                assert not has_address(text), (name, text)
    for row in rows():
        if "email" in row["kinds"]:
            assert has_address(decoded(row["text"])), row
        if not row["kinds"]:
            assert not has_address(row["text"]), row
    assert has_address("mail <a.b@example.com>, <x@mta1.example.org>") and has_address('"a b"@pošta.cz')  # a real one is found
    assert not has_address("# User@Host: app[app] @  [1.2.3.4]") and not has_address("<12.34@pop.example>")


def test_a_shape_that_drops_a_value_is_caught():
    def leaky(g, kinds):
        p, v, det = heldout16_shapes.fill(g, kinds)
        return heldout16_shapes.done(f"hello {p['name']}, order {g.order_no()}", det, v)
    with pytest.raises(AssertionError):
        leaky(mk.Gen({}), ["email"])
    heldout16_shapes.done('q=%22a+b%22@x.example', "", {"email": '"a b"@x.example'})  # form-encoded counts as placed
    # a value cut by a wrapped MT940 field's marks still counts as placed; one cut by other text does not
    purpose = heldout16_shapes.mt940_purpose("Anna Huber card 4111 1111 1111 1111 ssn 123-45-6789 end")
    assert "4111 1111 1111 1111" not in purpose and "?21" in purpose and "\n" in purpose
    heldout16_shapes.done(purpose, "", {"credit_card": "4111 1111 1111 1111", "us_ssn": "123-45-6789"})
    with pytest.raises(AssertionError):
        heldout16_shapes.done("4111 1111 x 1111 1111", "", {"credit_card": "4111 1111 1111 1111"})


def test_clean_texts_hold_no_number_under_a_pii_label():
    for row in rows():
        if not row["kinds"]:
            assert not PII_LABEL_NUMBER.search(row["text"]), row
    # the check bites: a look-alike under a PII label is caught; under its own label, or a word in a PII field, it is not
    assert PII_LABEL_NUMBER.search("card: 356938035643809") and PII_LABEL_NUMBER.search("msisdn=4915112345678")
    assert PII_LABEL_NUMBER.search('"phone": "+49 151') and PII_LABEL_NUMBER.search("SSN (US): 912-78-1234")
    assert not PII_LABEL_NUMBER.search("IMEI 356938035643809, phone: N/A, tracking 1Z999AA10123456784")


def test_only_texts_labelled_us_ssn_hold_an_ssa_valid_separated_ssn():
    for row in rows():
        if "us_ssn" not in row["kinds"]:
            found = [mk.digits_of(m.group()) for m in SSN_SEPARATED.finditer(row["text"])]
            assert not any(ssa_ok(d) for d in found), row
    assert SSN_SEPARATED.search("SSN 123-45-6789") and not SSN_SEPARATED.search("ORD-1234567")


def test_phones_are_never_grouped_like_an_ssn_and_nanp_numbers_follow_its_rules():
    gen = mk.Gen({})
    for country in mk.PHONES:
        for _ in range(200):
            _c, phone = gen.phone({"country": country})
            assert not SSN_SEPARATED.search(phone) and 8 <= len(mk.digits_of(phone)) <= 15, phone
    for raw in ("0-(011)111-1111", "9-(199)099-9999", "1-(555)155-0100"):
        n = mk.nanp(mk.digits_of(raw))
        assert len(n) == 10 and n[0] in "23456789" and n[3] in "23456789" and n[1:3] != "11", (raw, n)


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
    for row in rows():
        notes = dict(w.split("=", 1) for w in row["note"].split() if "=" in w)
        text = decoded(row["text"])
        if "credit_card" in row["kinds"]:
            # a run may go on into the next field's digits (an IIS log's port after the query): its leading 12-19 digits
            found = [mk.digits_of(m)[:n] for m in CARD_RUN.findall(text) for n in range(12, 20)]
            assert any(mk.luhn_ok(d) and len(d) >= 12 and d.startswith(prefixes[notes["card"]]) for d in found), row
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
        imei = gen.imei()
        assert len(imei) == 15 and mk.luhn_ok(imei)
        assert mk.vin_ok(gen.vin()) and mk.iban_ok(gen.iban()) and mk.inn_ok(gen.inn()) and mk.lei_ok(gen.lei())
        assert mk.rf_ok(gen.rf_ref())
        qr = gen.qr_ref().replace(" ", "")
        assert len(qr) == 27 and mk.mod10_recursive(qr[:-1]) == qr[-1]
        upc, issn = gen.upc(), gen.issn().replace("-", "")
        assert len(upc) == 12 and mk.upc_digit(upc[:-1]) == upc[-1] and mk.issn_digit(issn[:7]) == issn[7]
        label, _value = gen.lookalike()
        assert not PII_LABEL_NUMBER.search(f"{label}: 1")  # a look-alike's own label names no PII kind
    # the check-digit functions themselves, on published examples
    assert mk.iban_ok("GB82 WEST 1234 5698 7654 32") and not mk.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert mk.iban_check("DE", "370400440532013000") == "89"  # DE89 3704 0044 0532 0130 00
    assert mk.vin_ok("1M8GDM9AXKP042788") and not mk.vin_ok("1M8GDM9A1KP042788")  # the check-digit example VIN
    assert mk.inn_ok("7707083893") and not mk.inn_ok("7707083894")  # Sberbank's INN
    assert mk.inn_ok("500100732259") and not mk.inn_ok("500100732250")  # a person's 12-digit INN example
    assert mk.lei_ok("5493001KJTIIGC8Y1R12") and not mk.lei_ok("5493001KJTIIGC8Y1R13")  # Bloomberg Finance's LEI
    assert mk.rf_ok("RF18 5390 0754 7034") and not mk.rf_ok("RF19 5390 0754 7034")  # ISO 11649's example
    assert mk.mod10_recursive("21000000000313947143000901") == "7"  # the Swiss QR-bill reference example
    assert mk.upc_digit("03600029145") == "2"  # UPC-A 036000291452
    assert mk.issn_digit("0378595") == "5"  # ISSN 0378-5955


PROBE = """
import json, sys
sys.path.insert(0, "scripts")
import make_heldout16 as mk
values = mk.load_values()
again = mk.load_values()
print(json.dumps({"same": values == again, "people": len(values["people"]), "phones": values["phones"][:30],
                  "japanese": values["japanese"][:3], "domains": values["domains"][:5]}, ensure_ascii=False))
"""


@needs_venv
def test_people_and_phones_come_from_forgery_and_gimei_and_are_seeded():
    done = subprocess.run([str(VENV_PYTHON), "-W", "ignore", "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["same"] and report["people"] == 80
    assert all(re.fullmatch(r"\d-\(\d{3}\)\d{3}-\d{4}", n) for n in report["phones"])  # forgerypy3's own phone format
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", j["kanji"] + j["address"]) for j in report["japanese"])
    assert all("." in d for d in report["domains"])
    values = {"phones": ["1-(012)345-6789"]}
    country, phone = mk.Gen(values).phone({"country": "US"})
    assert country == "US" and mk.digits_of(phone)[-10:] == mk.nanp("0123456789")  # its digits, set to NANP rules
