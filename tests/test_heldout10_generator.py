"""The heldout10 evaluation set is what scripts/make_heldout10.py generates, is well-formed, and its values are
built right (Luhn-valid cards, SSA-valid SSNs, look-alikes with their own check digits). No detector runs here."""
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

import heldout10_shapes  # noqa: E402
import make_heldout10 as mk  # noqa: E402
from eval_set_format import format_problems, write_edited_copy  # noqa: E402

SET = ROOT / "tests" / "data" / "eval" / "heldout10.jsonl"
NODE_MODULES = ROOT / "tools" / "heldout10" / "node_modules"

needs_tools = pytest.mark.skipif(not NODE_MODULES.exists() or shutil.which("node") is None,
                                 reason="needs node and tools/heldout10/node_modules (make heldout10-check)")


NOT_AN_ADDRESS = re.compile(r'MsgId=<[0-9a-f-]+@EUR03\.prod>|"@timestamp"|Owner: @\S+')  # no mailbox
CARD_RUN = re.compile(r"(?<!\d)\d(?:[ \-\u00a0]?\d){11,18}(?!\d)")
SSN_RUN = re.compile(r"(?<!\d)\d{3}([ ./\u2013-]?)\d{2}\1\d{4}(?!\d)")


def ssa_ok(digits: str) -> bool:
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return len(digits) == 9 and area not in (0, 666) and area < 900 and group > 0 and serial > 0


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/make_heldout10.py", "--check", "--out", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def lines():
    return SET.read_text(encoding="utf-8").splitlines()


@needs_tools
def test_committed_set_is_what_the_generator_makes_and_check_catches_one_edited_line(tmp_path):
    assert run_check(SET).returncode == 0
    edited = write_edited_copy(lines(), 10, tmp_path / "heldout10.jsonl",
                               lambda row: row.update(kinds=[] if row["kinds"] else ["email"]))
    done = run_check(edited)
    assert done.returncode == 1 and "differs" in done.stderr


def test_committed_set_is_well_formed_and_format_check_bites():
    rows_text = lines()
    assert format_problems(rows_text) == []
    rows = [json.loads(line) for line in rows_text]
    assert {k for row in rows for k in row["kinds"]} == {"email", "us_ssn", "us_phone", "credit_card"}
    assert sum(len(row["kinds"]) >= 2 for row in rows) > 200
    assert all(row["note"].startswith("heldout10 ") for row in rows)
    assert len({row["note"].split()[1] for row in rows}) >= 30
    assert len({w for row in rows for w in row["note"].split() if w.startswith("locale=")}) >= 20
    assert all(50 <= len(row["text"]) <= 1500 for row in rows)
    # faults put back: a duplicate text, an unknown kind
    assert any("duplicate" in p for p in format_problems(rows_text[:-1] + [rows_text[0]]))
    bad = json.loads(rows_text[0])
    bad["kinds"] = ["phone"]
    assert any("kinds" in p for p in format_problems([json.dumps(bad)] + rows_text[1:]))


def test_shapes_place_every_value_and_clean_texts_have_no_address():
    gen = mk.Gen({})
    for name, fn in sorted(heldout10_shapes.SHAPES.items()):
        for kinds in ([], ["credit_card", "email", "us_phone", "us_ssn"]):
            text, _ = fn(gen, kinds)  # each shape's done() asserts every placed value is in the text
            if not kinds:
                assert "@" not in NOT_AN_ADDRESS.sub("", text), (name, text)
    for row in map(json.loads, lines()):
        if not row["kinds"]:
            assert "@" not in NOT_AN_ADDRESS.sub("", row["text"]), row


def test_a_shape_that_drops_a_value_is_caught():
    def leaky(g, kinds):
        p, v, det = heldout10_shapes.fill(g, kinds)
        return heldout10_shapes.done(f"hello {heldout10_shapes.name(p)}, order {g.order_no()}", det, v)
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
        if "credit_card" in row["kinds"]:
            found = [mk.digits_of(m) for m in CARD_RUN.findall(row["text"])]
            assert any(mk.luhn_ok(d) and 12 <= len(d) <= 19 and d.startswith(prefixes[notes["card"]]) for d in found), row
            cards += 1
        if "us_ssn" in row["kinds"]:
            found = [mk.digits_of(m.group()) for m in SSN_RUN.finditer(row["text"])]
            assert any(ssa_ok(d) for d in found), row
            ssns += 1
    assert cards > 200 and ssns > 200


def test_ssns_follow_the_ssa_rules():
    gen = mk.Gen({})
    for _ in range(5000):
        value, _form = gen.ssn()
        digits = mk.digits_of(value)
        assert ssa_ok(digits), value
    assert not ssa_ok("666121234") and not ssa_ok("900121234") and not ssa_ok("123001234") and not ssa_ok("123450000")


def test_look_alikes_carry_their_own_check_digits():
    gen = mk.Gen({})
    for _ in range(300):
        imei = gen.imei()
        assert len(imei) == 15 and mk.luhn_ok(imei)
        for value in (gen.isbn(), gen.ean(), gen.sscc()):
            assert mk.ean_digit(value[:-1]) == value[-1]
        assert mk.iban_ok(gen.iban())
        cpf = mk.digits_of(gen.cpf())
        assert mk.cpf_digits(cpf[:9]) == cpf[9:]
        cnpj = mk.digits_of(gen.cnpj())
        assert mk.cnpj_digits(cnpj[:12]) == cnpj[12:]
        aadhaar = mk.digits_of(gen.aadhaar_like())
        assert mk.verhoeff_ok(aadhaar) and not mk.luhn_ok(aadhaar)
        assert 13 <= int(gen.rrn_like()[2:4]) <= 19  # impossible month: a look-alike, never a real RRN
    # the check-digit functions themselves, on published examples
    assert mk.ean_digit("978030640615") == "7"  # ISBN 978-0-306-40615-7
    assert mk.iban_ok("GB82 WEST 1234 5698 7654 32") and not mk.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert mk.cpf_digits("529982247") == "25"  # CPF 529.982.247-25
    assert mk.cnpj_digits("112223330001") == "81"  # CNPJ 11.222.333/0001-81
    assert mk.verhoeff_digit("236") == "3" and mk.verhoeff_ok("2363") and not mk.verhoeff_ok("2364")
