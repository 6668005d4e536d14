"""The PII guardrail's detection, masking and config rendering, without LiteLLM.

The guardrail module is loaded from its file the way LiteLLM loads it (spec_from_file_location),
so these tests run in the main venv; tests/test_guardrail_e2e.py runs it inside the real proxy.
"""
import ast
import asyncio
import contextlib
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

from templates import litellm_config

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


g = _load("pii_guardrail", ROOT / "config" / "pii_guardrail.py")
measure = _load("measure_guardrail", ROOT / "scripts" / "measure_guardrail.py")


# ------------------------------------------------------------------ corpus targets
@pytest.fixture(scope="module")
def corpus():
    return measure.load_corpus()


def test_corpus_is_large_balanced_and_covers_every_kind(corpus):
    labels = [row["label"] for row in corpus]
    assert len(corpus) >= 400
    assert labels.count("clean") >= len(corpus) / 2
    for kind in g.KINDS:
        assert labels.count(kind) >= 50, kind
    notes = " ".join(row.get("note", "") for row in corpus if row["label"] == "clean")
    for hard in ("order", "invoice", "luhn", "ssn invalid", "date", "version", "isbn", "amount", "ip address",
                 "uuid", "timestamp", "tracking"):
        assert hard in notes, hard


def test_corpus_targets_recall_and_false_positive_rate(corpus):
    result = measure.evaluate(g.pii_kinds, corpus)
    assert result["recall"] >= 0.99, result["misses"]
    assert result["fpr"] <= 0.01, result["false_positives"]
    for kind, recall in result["per_kind"].items():
        assert recall >= 0.98, (kind, recall)


def test_builtin_patterns_measure_worse_on_the_same_corpus(corpus):
    _, compiled = measure.builtin_patterns()
    builtin = measure.evaluate(measure.builtin_detector(compiled, measure.KINDS), corpus)
    ours = measure.evaluate(g.pii_kinds, corpus)
    assert builtin["recall"] < ours["recall"] and builtin["fpr"] > ours["fpr"]
    # the reasons the built-in patterns cannot fix: no Luhn, no SSN ranges
    detect = measure.builtin_detector(compiled, measure.KINDS)
    assert "credit_card" in detect("Card 4111 1111 1111 1112 fails the checksum")
    assert "us_ssn" in detect("Test value 666-12-3456 is not a real SSN")


def test_measure_script_prints_the_table_and_passes(capsys):
    assert measure.main([]) == 0
    out = capsys.readouterr().out
    assert "pii_guardrail (ours)" in out and "builtin 4 prebuilt" in out and "targets" in out and "met" in out


def test_measure_script_fails_when_targets_are_missed(tmp_path):
    bad = tmp_path / "corpus.jsonl"
    bad.write_text("\n".join(json.dumps(r) for r in [
        {"text": "Order #4155550132 shipped", "label": "us_phone"},  # labelled positive: the detector says clean
        {"text": "Hello there", "label": "clean"},
    ]) + "\n")
    assert measure.main(["--corpus", str(bad)]) == 1


# ------------------------------------------------------------------ hard cases
@pytest.mark.parametrize("text, kinds", [
    ("mail jane.doe+invoices@billing.eu.example.com now", ["email"]),
    ("CONTACT: JOHN.SMITH@EXAMPLE.ORG", ["email"]),
    ("SSN 123-45-6789", ["us_ssn"]),
    ("ssn 123 45 6789", ["us_ssn"]),
    ("my social is 123456789", ["us_ssn"]),
    ("SSN\u00a0123\u00a045\u00a06789", ["us_ssn"]),
    ("+1 (415) 555-0132", ["us_phone"]),
    ("+1.415.555.0132", ["us_phone"]),
    ("+14155550132", ["us_phone"]),
    ("(415)555-0132", ["us_phone"]),
    ("415 555 0132", ["us_phone"]),
    ("call 4155550132", ["us_phone"]),
    ("1-800-555-0199", ["us_phone"]),
    ("4111 1111 1111 1111", ["credit_card"]),
    ("4111-1111-1111-1111", ["credit_card"]),
    ("5555555555554444", ["credit_card"]),
    ("2223 0031 2200 3222", ["credit_card"]),           # Mastercard 2-series
    ("3782 822463 10005", ["credit_card"]),             # Amex 15 digits
    ("378282246310005", ["credit_card"]),
    ("6011 1111 1111 1117", ["credit_card"]),           # Discover
    ("4222222222222", ["credit_card"]),                 # Visa 13 digits
    ("card 4111 1111 1111 1111 12/26 737", ["credit_card"]),
    ("\uff14\uff11\uff11\uff11 1111 1111 1111", ["credit_card"]),  # full-width digits
    ("4111\u200b1111\u200b1111\u200b1111", ["credit_card"]),       # zero-width spaces
    ("jane@example.com, 123-45-6789, (415) 555-0132", ["email", "us_phone", "us_ssn"]),
])
def test_hard_positives(text, kinds):
    assert g.pii_kinds(text) == kinds


@pytest.mark.parametrize("text", [
    "Order #412345678 shipped", "invoice number 4155550132", "tracking number 4155550132", "DHL waybill 3456789012",
    "4111 1111 1111 1112", "4111111111111112", "1234 5678 9012 3456",
    "000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "SSN 666123456",
    "2024-03-15", "03/15/2024", "v1.106.12", "ISBN 978-3-16-148410-0", "9783161484100", "$1,234,567.89",
    "192.168.100.254", "550e8400-e29b-41d4-a716-446655440000", "1710498153", "2024-03-15T10:22:33Z",
    "1Z999AA10123456784", "9400 1118 9922 3197 4284 90", "git@github.com:acme/repo.git", "icon@2x.png", "user@localhost", "@maria",
    "The file is 412837465 bytes", "IBAN DE89 3704 0044 0532 0130 00", "population 331,449,281",
])
def test_hard_clean(text):
    assert g.pii_kinds(text) == []


def test_luhn_brand_ssn_and_nanp_rules():
    assert g.luhn_ok("79927398713") and not g.luhn_ok("79927398710")
    assert g.card_brand("4111111111111111") == "visa"
    assert g.card_brand("2720990000000007") == "mastercard" and g.card_brand("2721000000000000") is None
    assert g.card_brand("371449635398431") == "amex" and g.card_brand("3714496353984310") is None
    assert g.card_brand("6445644564456445") == "discover"
    assert g.ssn_valid("001", "01", "0001") and g.ssn_valid("899", "99", "9999")
    assert not any(g.ssn_valid(*parts) for parts in [("000", "12", "3456"), ("666", "12", "3456"),
                                                      ("901", "12", "3456"), ("123", "00", "4567"),
                                                      ("123", "45", "0000")])
    # written as a phone, a number is one whether or not it is assignable (N11, N9X, 0/1 area: issue 14)
    for typed in ("212-111-0147", "(211) 555-0147", "(290) 555-0147", "(123) 456-7890", "911-555-0123"):
        assert g.pii_kinds(typed) == ["us_phone"], typed
    # bare ten digits still need a plausible North American number to count
    assert g.pii_kinds("2125550147") and not g.pii_kinds("1234567890") and not g.pii_kinds("2120550147")


def _card(rng, prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        if g.luhn_ok(body + check):
            return body + check
    raise AssertionError("no Luhn digit")


def test_generated_cards_found_in_every_layout_and_broken_checksums_are_not():
    rng = random.Random(7)
    for _ in range(300):
        prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15),
                                     ("37", 15), ("6011", 16), ("65", 16), ("644", 16)])
        number = _card(rng, prefix, length)
        sep = rng.choice(["", " ", "-"])
        parts = [number[:4], number[4:10], number[10:]] if length == 15 else [number[i:i + 4] for i in range(0, 16, 4)]
        text = f"pay with {sep.join(parts)} today"
        assert g.pii_kinds(text) == ["credit_card"], text
        broken = number[:-1] + str((int(number[-1]) + rng.randint(1, 9)) % 10)
        assert "credit_card" not in g.pii_kinds(f"ref {broken}"), broken


def test_generated_ssns_in_valid_and_invalid_ranges():
    rng = random.Random(11)
    for _ in range(300):
        area = rng.choice([a for a in range(1, 900) if a != 666])
        group, serial = rng.randint(1, 99), rng.randint(1, 9999)
        assert g.pii_kinds(f"SSN {area:03d}-{group:02d}-{serial:04d}") == ["us_ssn"]
        bad_area = rng.choice([0, 666, rng.randint(900, 999)])
        assert g.pii_kinds(f"value {bad_area:03d}-{group:02d}-{serial:04d}") == []


# ------------------------------------------------------------------ independent evaluation sets (issue 14)
EVAL = ROOT / "tests" / "data" / "eval"
STRESS = ROOT / "tests" / "data" / "stress"
SHAPES = ("log", "csv", "json", "xml", "code", "email", "ticket", "chat", "prose")
EVAL_SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
             "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14",
             "heldout15")
FAKER_SETS = EVAL_SETS[:4]  # scripts/make_eval_sets.py's (shapes and notes below); heldout4-15 are checked in their own files


@pytest.fixture(scope="module")
def eval_sets():
    return {name: measure.load_corpus(EVAL / f"{name}.jsonl") for name in EVAL_SETS}


class EvalKinds(dict):
    """Set name -> {text: g.pii_kinds(text)}, each set detected once, when a test first asks for it: the gate, the
    floors and the masking check read the same verdicts. Only tests that leave g unpatched take it.
    ``found`` keeps g.find_pii's answer on every text read so far (the masking check's mask_pii reads each text
    and each masked text's pii_kinds reads it again: see find_pii_once)."""
    def __init__(self, eval_sets):
        super().__init__()
        self.eval_sets = eval_sets
        self.found = {}

    def __missing__(self, name):
        with self.find_pii_once():
            self[name] = {row["text"]: g.pii_kinds(row["text"]) for row in self.eval_sets[name]}
        return self[name]

    @contextlib.contextmanager
    def find_pii_once(self):
        """Within the block, g.find_pii computes each text's findings once (they depend on nothing else); g's
        callers (pii_kinds, mask_pii) still ask every question they ask."""
        compute, found = g.find_pii, self.found

        def find_pii(text):
            if text not in found:
                found[text] = tuple(compute(text))
            return list(found[text])
        g.find_pii = find_pii
        try:
            yield
        finally:
            g.find_pii = compute


@pytest.fixture(scope="module")
def eval_kinds(eval_sets):
    return EvalKinds(eval_sets)


def test_eval_sets_are_labelled_varied_and_disjoint(eval_sets):
    for name in FAKER_SETS:
        rows = eval_sets[name]
        assert len(rows) >= 1000, name
        assert sum(not r["kinds"] for r in rows) >= len(rows) / 3, name
        for kind in g.KINDS:
            assert sum(kind in r["kinds"] for r in rows) >= 100, (name, kind)
        notes = [r["note"] for r in rows]
        assert sum(sum(n.startswith(shape + " ") for n in notes) >= 50 for shape in SHAPES) >= 7, name
        for lookalike in ("iban", "isbn", "ean", "imei", "vat", "order", "license", "timestamp"):
            assert sum(f"clean {lookalike}" in n for n in notes) >= 10, (name, lookalike)
    texts = [{r["text"] for r in rows} for rows in eval_sets.values()]
    assert all(not a & b for i, a in enumerate(texts) for b in texts[i + 1:])


# heldout and heldout2 were each scored once after the first round of detector work (README: recall 0.971 /
# 0.965, FPR 0.011 / 0.034), then became development data for the second round, like dev: all three are
# asserted at the target.  heldout3 was held out through the second round and scored once at its end
# (recall 0.944, FPR 0.007); it misses the target, so its gate is a strict xfail (it fails loudly once the
# target is met: drop the mark then) with a floor at today's counts, after the fixes it prompted.  heldout4
# (scripts/make_heldout4.py: Mimesis, its own templates) was held out through the third round and scored once
# at its end: recall 0.948, FPR 0.063 (tp 815, fp 44); it is development data since, and the floor follows the
# fourth round's fixes.  The fifth round brought heldout3 (0.992 / 0.003) and heldout4 (0.999 / 0.000) to the target: both are
# asserted plainly since, and their floors stay at those counts.  heldout5 (scripts/make_heldout5.py: Mimesis, new
# shapes) was held out through the fifth round and scored once at its end: recall 0.985, FPR 0.199 (tp 781, fp 139);
# it missed the target; the sixth round brought it there (0.995 / 0.004): asserted plainly since, floor at that count.
# heldout6 (scripts/make_heldout6.py: presidio-evaluator's templates and its own shapes) was held out through the
# sixth round and scored once at its end: recall 0.969, FPR 0.100 (tp 770, fp 70): a strict xfail with that floor.
FLOORS = {"heldout3": {"tp": 781, "fp": 2}, "heldout4": {"tp": 859, "fp": 0}, "heldout5": {"tp": 789, "fp": 3},
          "heldout6": {"tp": 789, "fp": 4}, "heldout7": {"tp": 797, "fp": 1}, "heldout8": {"tp": 871, "fp": 0},
          "heldout9": {"tp": 1050, "fp": 0}, "heldout10": {"tp": 1080, "fp": 0},
          "heldout11": {"tp": 1027, "fp": 0}, "heldout12": {"tp": 1085, "fp": 3},
          "heldout13": {"tp": 1080, "fp": 0}, "heldout14": {"tp": 1082, "fp": 32},
          "heldout15": {"tp": 1067, "fp": 59}}
# The seventh round brought heldout6 to the target (recall 0.992, FPR 0.006; tp 789, fp 4): asserted plainly since.
# heldout7 (scripts/make_heldout7.py: @faker-js/faker and chance, 34 new shapes, 22 locales) was held out through
# the seventh round and scored once at its end: recall 0.989, FPR 0.124 (tp 791, fp 87): a strict xfail with that floor.
# The eighth round (HL7/X12 read by field position, prescription and form labels, mail ids, 5-4 SSNs, lowercase sentence
# starts) brought heldout7 to the target (recall 0.995, FPR 0.001; tp 796, fp 1): asserted plainly since.
# heldout8 (scripts/make_heldout8.py: falso and casual, 38 new shapes, 22 locales, native digits) was held out through
# the eighth round and scored once at its end: recall 0.948, FPR 0.030 (tp 828, fp 21): a strict xfail with that floor.
# The ninth round (identifier compounds of phone words, the public IIN table, "my number" in other scripts, paging CLI
# flags, a short CSV cell after a value) brought heldout8 to the target (recall 0.998, FPR 0.000; tp 871, fp 0): asserted plainly since.
# heldout9 (scripts/make_heldout9.py: mockjs and randexp, 47 new shapes, 22 locales) was held out through the ninth
# round and scored once at its end: recall 0.949, FPR 0.023 (tp 997, fp 16): a strict xfail with that floor.
# The tenth round (quoted email local parts, form bodies, card labels for any issuer, NACHA headers, a time or a
# numbered line after a value) brought heldout9 to the target (recall 0.999, FPR 0.000; tp 1050, fp 0): asserted plainly since.
# heldout10 (scripts/make_heldout10.py: fakerator, 49 new shapes, 26 locales) was held out through the tenth round and
# scored once at its end: recall 0.967, FPR 0.157 (tp 1050, fp 110): a strict xfail with that floor.
# The eleventh round (message ids on log lines, 0000 runs, CNPJs, flight times, WebRTC and GS1 and OBIS values, Aadhaar
# groups, booking FP/SSR fields, EDIFACT COM, bold inside numbers, quoted CSV cells) brought heldout10 to the target
# (recall 0.994, FPR 0.000; tp 1080, fp 0): asserted plainly since.
# heldout11 (scripts/make_heldout11.py: dummy-json and unique-names-generator, 55 new shapes, 22 locales) was held out
# through the eleventh round and scored once at its end: recall 0.981, FPR 0.114 (tp 1009, fp 80): a strict xfail with that floor.
# The twelfth round (folio, filing, loan and MTCN labels, masked cards' visible digits at line breaks, a list's key for
# its items, prices before cards, Indic email local parts, <wbr> and bold tags in values, numbers dialled abroad after
# other digits, an address before a number, Russian trunk-8 numbers, support numbers) brought heldout11 to the target
# (recall 0.998, FPR 0.000; tp 1027, fp 0): asserted plainly since.
# heldout12 (scripts/make_heldout12.py: minifaker and ibantools, 50 new shapes, 26 locales) was held out through the
# twelfth round and scored once at its end: recall 0.957, FPR 0.091 (tp 1042, fp 64): a strict xfail with that floor.
# The thirteenth round (Teams conference ids, IMEIs after a phone word, Kindle locations, values a spaced slash apart,
# ZPL field data, NANP numbers written 3 3-4, four-part versions, bold closing at a number's end, "called", "text",
# "tax-id", "test case", member services, hex dump lines, passwords, 7-digit groups, escaped JSON labels and quoted
# local parts) brought heldout12 to the target (recall 0.996, FPR 0.004; tp 1085, fp 3): asserted plainly since.
# heldout13 (scripts/make_heldout13.py: phone-gen and schwifty, 50 new shapes, 30 locales) was held out through the
# thirteenth round and scored once at its end: recall 0.975, FPR 0.180 (tp 1053, fp 126): a strict xfail with that floor.
# The fourteenth round (a structured record's own field name that names no kind, no contact and no generic holder
# excuses a bare number: OFX, ADIF, XFDF, DocuSign, OpenAPI; MAC addresses, logcat ids, MARC control fields; numbers
# glued to kana, Han, Hangul and Thai; Word runs; CSV- and XML-escaped quoted local parts; APN, admission, carrier
# and Salesforce __c labels; Korean 제 번호; a "+" number ending in one digit after a phone label) brought heldout13 to
# the target (recall 1.000, FPR 0.000; tp 1080, fp 0): asserted plainly since.
# heldout14 (scripts/make_heldout14.py: randino, 50 new shapes, 27 locales) was held out through the fourteenth round
# and scored once at its end: recall 0.979, FPR 0.107 (tp 1060, fp 75): a strict xfail with that floor.
# The fifteenth round (ICCID and IMEI shapes under card labels, Message-ID pairs, MICR symbols, column headers naming
# another id, IMO check digits, generic value words, Word run boundaries, callback:, dotted groups after "+", hex
# tokens, "#" before short numbers) brought heldout14 to recall 0.999, FPR 0.046 (tp 1082, fp 32): still below target.
# heldout15 (scripts/make_heldout15.py: charlatan and phone-number-generator-js, 50 new shapes, 24 locales) was held
# out through the fifteenth round and scored once at its end: recall 0.983, FPR 0.084 (tp 1067, fp 59): a strict
# xfail with that floor.
BELOW_TARGET = {"heldout14", "heldout15"}


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.xfail(
    strict=True, reason=f"{name}: scored once, target not met (README)")) if name in BELOW_TARGET else name
    for name in EVAL_SETS])
def test_eval_set_meets_the_targets(eval_sets, eval_kinds, name):
    """The regression gate: recall >= 0.99 and false-positive rate <= 1% on each independent set."""
    result = measure.evaluate(eval_kinds[name].__getitem__, eval_sets[name])  # g.pii_kinds on each text
    assert result["recall"] >= measure.RECALL_TARGET, result["misses"][:20]
    assert result["fpr"] <= measure.FPR_TARGET, result["false_positives"][:20]


@pytest.mark.parametrize("name", FLOORS)
def test_heldout_sets_do_not_get_worse(eval_sets, eval_kinds, name):
    result = measure.evaluate(eval_kinds[name].__getitem__, eval_sets[name])  # g.pii_kinds on each text
    assert result["tp"] >= FLOORS[name]["tp"], result["misses"][:20]
    assert result["fp"] <= FLOORS[name]["fp"], result["false_positives"][:20]


def test_masking_leaves_no_pii_in_any_eval_text(eval_sets, eval_kinds):
    for name, rows in eval_sets.items():
        kinds = eval_kinds[name]
        # (mask_pii's first read of a text is the one eval_kinds made, pii_kinds(masked) mostly mask_pii's last)
        with eval_kinds.find_pii_once():
            for row in rows:
                masked = g.mask_pii(row["text"])
                # g.pii_kinds(masked), already known when masking left the text as it was
                left = kinds[masked] if masked == row["text"] else g.pii_kinds(masked)
                assert left == [], (row["text"], masked)
                if not kinds[row["text"]]:  # g.pii_kinds: no kind exactly when find_pii finds nothing
                    assert masked == row["text"]


@pytest.mark.skipif(not (ROOT / ".venv-pii-eval" / "bin" / "python").exists(), reason="needs .venv-pii-eval")
def test_eval_sets_are_what_the_generator_writes():
    out = subprocess.run([str(ROOT / ".venv-pii-eval" / "bin" / "python"), str(ROOT / "scripts" / "make_eval_sets.py"),
                          "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


# Systematic stress sets (scripts/make_stress_sets.py): every phone region x number type x written form, every
# card brand x length x grouping, every SSN separator, the hard look-alikes, in many traffic shapes.  Development
# data: the floors hold what today's detector measures (unlabelled national numbers are reported apart: no
# reader can tell "2001398" from a count).
def test_stress_sets_meet_their_floors():
    report = measure.stress_report(g)
    ok, n = report["phones"]["all"]
    assert ok / n >= 0.99, (ok, n)
    ok, n = report["cards_ssns"]["all"]
    assert ok / n >= 0.99, (ok, n)
    ok, n = report["negatives"]["all"]
    assert (n - ok) / n <= 0.01, (ok, n)
    assert n >= 700 and report["phones"]["all"][1] >= 3000 and report["cards_ssns"]["all"][1] >= 1000
    ok, n = report["labels_pii"]["all"]  # 29 languages x 10 layouts (fifth round): 0.997 / 0.275 before it; with the
    # sixth round's 7 layouts (labels in comments, questions, form blanks): 0.996 / 0.122 before it, 1.000 / 0.001 after
    assert ok / n >= 0.99 and n >= 1000, (ok, n)
    ok, n = report["labels_negatives"]["all"]
    assert (n - ok) / n <= 0.01 and n >= 1000, (ok, n)


@pytest.mark.skipif(not (ROOT / ".venv-pii-eval" / "bin" / "python").exists(), reason="needs .venv-pii-eval")
def test_stress_sets_are_what_the_generator_writes():
    out = subprocess.run([str(ROOT / ".venv-pii-eval" / "bin" / "python"), str(ROOT / "scripts" / "make_stress_sets.py"),
                          "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


# Faults put back: each guard, removed, makes the dev set miss (or nearly miss) its target.
def test_without_normalisation_obfuscated_values_are_missed(eval_sets, monkeypatch):
    rows = [r for r in eval_sets["dev"] if r["kinds"] and not r["text"].isascii()
            and any(v in r["note"] for v in ("fullwidth", "minus_sign", "zero_width"))]
    assert len(rows) >= 30 and measure.evaluate(g.pii_kinds, rows)["recall"] >= 0.99
    monkeypatch.setattr(g, "_normalize_map", lambda text: (text, None))
    assert measure.evaluate(g.pii_kinds, rows)["recall"] < 0.9


@pytest.mark.parametrize("fault, attribute, value", [
    ("no Luhn check", "luhn_ok", lambda number: True),
    ("no excusing labels", "_OTHER_ID_LABEL_RE", re.compile(r"(?!)")),
    ("no VAT prefix rule", "_VAT_PREFIX_RE", re.compile(r"(?!)")),
])
def test_each_false_positive_guard_bites(eval_sets, monkeypatch, fault, attribute, value):
    # the dev set's clean rows and the systematic look-alikes (scripts/make_stress_sets.py), e.g. card-like
    # numbers with a wrong check digit
    rows = [r for r in eval_sets["dev"] if not r["kinds"]] + measure.load_corpus(STRESS / "negatives.jsonl")
    assert measure.evaluate(g.pii_kinds, rows)["fpr"] <= measure.FPR_TARGET
    monkeypatch.setattr(g, attribute, value)
    if attribute == "_OTHER_ID_LABEL_RE":
        monkeypatch.setattr(g, "_ID_LABEL_RE", value)
    assert measure.evaluate(g.pii_kinds, rows)["fpr"] > measure.FPR_TARGET / 2, fault


@pytest.mark.parametrize("fault, attribute, value, kind", [
    ("no convicting SSN words", "_SSN_WORDS_RE", re.compile(r"(?!)"), "us_ssn"),
    ("no phone words", "_PHONE_WORDS_RE", re.compile(r"(?!)"), "us_phone"),
    ("US-only issuer table", "card_brand", lambda n: "x" if n[0] in "3456" and len(n) in (15, 16) else None,
     "credit_card"),
])
def test_each_recall_rule_bites(eval_sets, monkeypatch, fault, attribute, value, kind):
    rows = [r for r in eval_sets["dev"] if kind in r["kinds"]]
    intact = measure.evaluate(g.pii_kinds, rows)["per_kind"][kind]
    assert intact >= 0.98
    monkeypatch.setattr(g, attribute, value)
    assert measure.evaluate(g.pii_kinds, rows)["per_kind"][kind] < min(intact, 0.99), fault


@pytest.mark.parametrize("text, kinds", [
    # issue 14's misses
    ("call 740-557-4428x10392", ["us_phone"]), ("office 415-555-0132 ext. 45", ["us_phone"]),
    ("001-740-557-4428", ["us_phone"]), ("+1-537-640-6812x41586", ["us_phone"]),
    ("(296) 555-0134", ["us_phone"]), ("reach me on 290-555-0147", ["us_phone"]),
    ("+44 20 7946 0958", ["us_phone"]), ("+49 (0) 30 901820", ["us_phone"]), ("01 42 68 53 00", ["us_phone"]),
    ("090-1234-5678", ["us_phone"]), ("tel:+45-32-12-34-56", ["us_phone"]), ("0044 20 7946 0958", ["us_phone"]),
    ("415.555.0132", ["us_phone"]), ("415/555/0132", ["us_phone"]), ("415\t555\t0132", ["us_phone"]),
    ("415_555_0132", ["us_phone"]), ("415  555  0132", ["us_phone"]), ("415\u2212555\u22120132", ["us_phone"]),
    ("phone:\n415\n555 0132", ["us_phone"]), ("\uff14\uff11\uff15-\uff15\uff15\uff15-\uff10\uff11\uff13\uff12", ["us_phone"]),
    ("Maestro 5018 0000 0009", ["credit_card"]), ("card 501800000009", ["credit_card"]),
    ("JCB 213100000000001", ["credit_card"]), ("JCB 3528 0000 0000 0007", ["credit_card"]),
    ("4111.1111.1111.1111", ["credit_card"]), ("4111_1111_1111_1111", ["credit_card"]),
    ("4111\t1111\t1111\t1111", ["credit_card"]), ("4111\u22121111\u22121111\u22121111", ["credit_card"]),
    ("diners 3056 930902 5904", ["credit_card"]), ("visa 4111  1111  1111  1111", ["credit_card"]),
    ("SSN:536228726abc", ["us_ssn"]), ("536.22.8726", ["us_ssn"]), ("536/22/8726", ["us_ssn"]),
    ("536_22_8726", ["us_ssn"]), ("536\u221222\u22128726", ["us_ssn"]), ("536  22  8726", ["us_ssn"]),
    ("my tax id is 536228726", ["us_ssn"]), ("social_security=536228726", ["us_ssn"]),
    ("ss_no: 'id025128206abc'", ["us_ssn"]), ('"tax_id": "800245544"', ["us_ssn"]),
    ("whatsapp,name\n921 234 549,Jo", ["us_phone"]),
    ("mail j\u200bane@exa\u200bmple.com", ["email"]), ("ＪＡＮＥ＠ＥＸＡＭＰＬＥ．ＣＯＭ", ["email"]),
])
def test_issue_shapes_are_found(text, kinds):
    assert g.pii_kinds(text) == kinds


@pytest.mark.parametrize("text", [
    "driver's license number 452027871", "drivers_licence: 452027871", "the licence on record is 452027871",
    "IMEI 356938035643809", "VAT FR64 042346931", "vat DE123456789", "ISBN 0-306-40615-2", "book 080442957X",
    "IBAN ES91 2100 0418 4502 0005 1332", "GB82WEST12345698765432", "EAN 4006381333931",
    "id,name,licence_number\n1,Jo,452027871", "order_id=4155550132", "2018-10-27 23:59:00,118 DEBUG",
    "19.08.1994 23:24:07", "0.87.57", "ts=1710498153000", "ISIN US0378331005", "¥65,889,391",
    # found in Debian's own Python and text files (not in any set): addresses, constants, hashes, paths
    "Boston, MA  02110-1301, USA", "digits = '0123456789'", "crc(b\"123456789\")", "if len(buf) > 2147483647:",
    "(merge 5053313562 rs/urlmatch)", "https://pubs.opengroup.org/onlinepubs/9699919799/", "key0 = 305419896",
    "in the form '+000000120'", "Decimal('+35236450.6')", 'oauth_timestamp="137131200"',
    # bugs the held-out sets showed once scored (fixed after; see README)
    '<input type="text" name="order_ref" value="34093864803887">', '{"type": "text", "text": "IMEI 4997 9703 6311"}',
    "license_,first\n452027871,Jo", 'parse_license("452027871")', "license no changed -> 452027871",
    "PT50 0002 0123 1234 5678 9015 4", '"IBAN": "BE68 5390 0754 7034"',
])
def test_look_alikes_stay_clean(text):
    assert g.pii_kinds(text) == []


# Second round (issue 14, after heldout and heldout2 became development data): classes of misses, each
# with values written here (not copied from a set), and the fault that brings the class back.
_OLD_PHONE_WORDS = re.compile(g._W.format(
    r"phone|phones|telephone|tel|mob|mobile|cell|cellphone|call|text (?:me|us)|sms|fax|whatsapp|dial|reach me"
    r"|telefon|telefono|tel[eé]fono|t[eé]l[eé]phone|handy|portable|m[oó]vil|celular|gsm|landline|hotline"), re.I)
def _shape_without(removed):
    real = g._phone_shape
    return lambda body: "maybe" if real(body) == removed else real(body)


def _without_short(body):
    shape = _phone_shape_real(body)
    return "" if shape == "short" else shape


_phone_shape_real = g._phone_shape


@pytest.mark.parametrize("fault, attribute, value, texts, kinds", [
    ("phone words of other languages", ("_PHONE_WORDS_RE", "_PHONE_LABEL_BEFORE_RE"),
     (_OLD_PHONE_WORDS, re.compile("(?:" + _OLD_PHONE_WORDS.pattern + ")" + g._AFTER_PHONE_WORD, re.I)),
     ["電話 47 81 93", "Telefonsz\u00e1m 482 71", "телефон: 48 27 19", "Rufnummer 55 12 34", "τηλέφωνο 5512.34.78"],
     ["us_phone"]),
    ("local numbers as people group them", "_phone_shape", _shape_without("local"),
     ["ask Ana on 320 1234 tomorrow", "98 94 24 27", "21  234  567", "36/951 6301", "22 48 61 90", "48.271.93.55",
      "3318.514.672"],
     ["us_phone"]),
    ("short numbers a phone label points at", "_phone_shape", _without_short,
     ["my fax is 21 734", 'parse_telephone("48 271")', "landline 82 12 34 extension 3262", "Tel 31294 #908",
      '<input name="fax" value="48 27 19">'],
     ["us_phone"]),
    ("a chat answer to a question about a phone", "_SPEAKER_RE", re.compile(r"(?!)"),
     ["Ana: your cell?\nBo: 1234.56.78", "Ana: whats ur landline\nBo: 5 5512 3456"], ["us_phone"]),
    ("values run together across a line break", "_phone_candidates", lambda text: g._PHONE_RE.finditer(text),
     ["mob 220\t1274\n123-97-9700", "SSN 410_90_9178\n46 60 19 41"], ["us_phone", "us_ssn"]),
    ("SSNs glued to letters on both sides", "_GLUED_BOTH_RE", re.compile(r"(?!)"),
     ["glued no536228726z here", "user\tid660552468z\tcity", 'TEST_VALUE = "no274797907abc"'], ["us_ssn"]),
    ("7-digit numbers of small territories", "_phone_shape",
     lambda body, real=g._phone_shape: "" if body.startswith("+") and len(g._DIGIT_RE.findall(body)) == 7
     else real(body), ["+290 8999", "tel:+690-3101", "call +683 4002 now"], ["us_phone"]),
])
def test_second_round_classes_are_found_and_each_rule_bites(monkeypatch, fault, attribute, value, texts, kinds):
    assert [g.pii_kinds(t) for t in texts] == [kinds] * len(texts), fault
    for name, fake in zip(attribute, value) if isinstance(attribute, tuple) else [(attribute, value)]:
        monkeypatch.setattr(g, name, fake)
    assert all(g.pii_kinds(t) != kinds for t in texts), fault


@pytest.mark.parametrize("fault, attribute, value, texts", [
    ("licence label on the line above a chat answer", "_SPEAKER_RE", re.compile(r"(?!)"),
     ["Ana: whats ur driving licence\nBo: 452027871", "Q: licence number?\nA: 452027871"]),
    ("licence label before 'to' or value=", "_OTHER_ID_LABEL_RE",
     re.compile(g._OTHER_ID_LABEL + g._TAGS + r"[ \t:#=.\-\"'_()>|\u00ab\[`*]*\Z", re.I),  # a label right before it only
     ["it changed its licence to 452027871", "licence on file value=452027871"]),
    ("a valid ISBN-10 an ISBN word points at", "_isbn10_ok", lambda number: False,
     ["the ISBN printed on the back cover is 0306406152"]),
    ("dates with a time after them", "_looks_like_date", lambda groups: False,
     ["05-28-2024 10:02", "logged 1995-10-01 12:00:08 by cron"]),
])
def test_second_round_look_alikes_stay_clean_and_each_guard_bites(monkeypatch, fault, attribute, value, texts):
    assert [g.pii_kinds(t) for t in texts] == [[]] * len(texts), fault
    monkeypatch.setattr(g, attribute, value)
    assert all(g.pii_kinds(t) for t in texts), fault


@pytest.mark.parametrize("text", [
    "population 1 234 567", "postcode 951-5975", "af536228726abc", "DE536228726X", "000-12-3456", "order 482713",
    "Tel Aviv 61000", "zip 48271", "v 12.34.56.78", "10.12.34.56", "12 345 678 EUR", "build 2024 05 17",
    "at 12:30 on 2024/05/17 14", "invoice 320 1234", "licence: 98 94 24 27", "account_id=id536228726z",
    # shapes the local-number rule first took for phones in Debian's Python and changelog files
    "Copyright (c) 2003-2022  Paul T. McGuire", "limit = 999_999_999", "0x0004 -- 0000 0100", "'%+f' -> +3.140000",
    "IPv6Network('2001:db8::1000/124')", "see pages 2360-2363", "n = 100_000_000_000", "host 10.200.30.40",
    "1.234.567,89 EUR", "on 17.05.2024", "12.345.678",
])
def test_second_round_rules_leave_look_alikes_alone(text):
    assert g.pii_kinds(text) == []


def _guardrail_with(old: str, new: str):
    """config/pii_guardrail.py with one piece of source replaced (for faults in compiled patterns)."""
    source = (ROOT / "config" / "pii_guardrail.py").read_text(encoding="utf-8")
    assert old in source
    module = types.ModuleType("pii_guardrail_fault")
    exec(compile(source.replace(old, new), "pii_guardrail_fault", "exec"), module.__dict__)
    return module


def _alone(module, monkeypatch=None):
    """``module`` with the fourteenth round's field-name rule off (_field_names_other): an older guard then bites on
    its own (on a keyed value the general rule backs it up: its fault alone leaves the value clean)."""
    if module is g:
        monkeypatch.setattr(g, "_field_names_other", lambda text, start: False)
    else:
        module._field_names_other = lambda text, start: False
    return module


def _with_fault(monkeypatch, edit):
    """The guardrail with one fault put back: ("source", old, new) edits its source, ("attr", name, value)
    replaces one of its module attributes for this test."""
    kind, target, replacement = edit
    if kind == "source":
        return _guardrail_with(target, replacement)
    monkeypatch.setattr(g, target, replacement)
    return g


CELL_AFTER_NUMBER = ["Ann Lee,2013-01-08,+14155550132,active", "Ann Lee,2013-01-08,536228726,active",
                     "2024-05-01,4111111111111111,x", "id,date,phone\n7,2020-01-02,(415) 555-0132"]


def test_a_value_in_the_cell_after_a_number_is_found_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in CELL_AFTER_NUMBER] == [["us_phone"], ["us_ssn"], ["credit_card"], ["us_phone"]]
    assert [g.pii_kinds(t) for t in ("1,234,567", "pi 3,1415", "0,5200515", "total 12,345,678.90")] == [[]] * 4
    faulty = _guardrail_with('_NOT_DECIMAL = r"(?<!\\d\\.\\d)(?<!\\d:\\d)(?:(?<!\\d,\\d)|(?=[\\d \\t\\-./]{6}))"',
                             '_NOT_DECIMAL = r"(?<!\\d[.,]\\d)"')  # the fault: every "d,d" is a decimal
    assert all(faulty.pii_kinds(t) == [] for t in CELL_AFTER_NUMBER[1:3])
    faulty = _guardrail_with('r")(?<!\\d\\." + char + ")"', 'r")(?<!\\d[.,]" + char + ")"')  # "8,+1..." a decimal
    assert faulty.pii_kinds(CELL_AFTER_NUMBER[0]) == []


def test_markdown_table_headers_label_their_columns(monkeypatch):
    texts = ["| licence | name |\n|---|---|\n| 452027871 | Jo |", "| order_no | x |\n|:--|--:|\n| 4155550132 | y |"]
    assert [g.pii_kinds(t) for t in texts] == [[], []]
    assert g.pii_kinds("| ssn | name |\n|:---|---:|\n| 452027871 | Jo |") == ["us_ssn"]
    monkeypatch.setattr(g, "_RULE_ROW_RE", re.compile(r"(?!)"))
    assert all(g.pii_kinds(t) for t in texts)


def test_an_answer_to_a_question_asking_for_an_id_is_excused(monkeypatch):
    texts = ["Q: what permit no do we have for Ana Lima?\nA: 452027871", "Bo: which order number is it?\nAl: 536228726"]
    assert [g.pii_kinds(t) for t in texts] == [[], []]
    assert g.pii_kinds("Q: what SSN do we have for the order?\nA: 536228726") == ["us_ssn"]  # an SSN word convicts
    monkeypatch.setattr(g, "_ID_QUESTION_RE", re.compile(r"(?!)"))
    assert all(g.pii_kinds(t) == ["us_ssn"] for t in texts)


def test_contact_labels_point_at_short_numbers_and_ranges_need_a_dash(monkeypatch):
    assert [g.pii_kinds(t) for t in ("via contact no 57665 at the office", "contact number: 48 27 19")] == [["us_phone"]] * 2
    assert g.pii_kinds("call-free line 2821 2883") == ["us_phone"] and g.pii_kinds("pages 2821-2883") == []
    # the fault: "contact no/number" neither a phone label nor a phone word
    faulty = _guardrail_with('|contact[ _-]?(?:number|no|nr|#)"', '"')
    monkeypatch.setattr(faulty, "_PHONE_LABEL_RE", re.compile(r"(?!)"))
    assert faulty.pii_kinds("via contact no 57665 at the office") == []
    assert faulty.pii_kinds("| name | contact number |\n|---|---|\n| Jo | 542677 |") == []
    assert g.pii_kinds("| name | contact number |\n|---|---|\n| Jo | 542677 |") == ["us_phone"]


# Third round (issue 14 item 4, generalisation): rules found from the structure of the misses on the systematic
# stress sets (scripts/make_stress_sets.py), not from single lines; values written here.  Each row: the
# class, the fault that removes the rule (a source edit, or an attribute replaced), texts, the kinds expected.
_NEW_WORDS_LINE = ('    r"|handy\\w*|cellulare?|celular\\w*|cel|telefoon\\w*|mobiel\\w*|telepon|telp|'
                   '(?:no|nomor|nmr)[ ._]*hp|ph"\n')


def _four_digits_not_short(body, real=g._phone_shape):
    return "" if len(g._DIGIT_RE.findall(body)) == 4 else real(body)


@pytest.mark.parametrize("fault, edit, texts, kinds", [
    ("phone words of more languages", ("source", _NEW_WORDS_LINE, ""),
     ["telefoon: 48 27 19", "cellulare 55 12 34", "Handynummer 482 719", "nomor telepon 8123 45", "no. HP 5512 34",
      "Ph: 48 27 19", "| name | mobiel |\n|---|---|\n| Jo | 55 12 34 |"], ["us_phone"]),
    ("numbers dialled abroad fit a country code's lengths", ("attr", "_country_fits", lambda digits: False),
     ["0033612345208", "00683 7018", "0095 1 333 1238", "+4702839"], ["us_phone"]),
    ("a phone column or label makes a 9-digit number a phone, not an SSN",
     ("source", "start) or _PHONE_WORDS_RE.search(column)\n", "start)\n"),
     ["id,name,tel\n1,Jo,222123451", "| name | fax |\n|---|---|\n| Jo | 071234569 |"], ["us_phone"]),
    ("a separated 3-2-4 number a phone label points at", ("attr", "_phone_labelled", lambda text, start, end: False),
     ["updated tel_mobile=800 17 1238", "| name | nomor telepon |\n|---|---|\n| Jo | 800/17 1238 |"], ["us_phone"]),
    ("a unit word followed by = is the next key of a log line",
     ("source", '\\b(?![ \\t]*[=:]|\\()|[', '\\b|['),
     ["INFO crm: updated data=3589442363444925 user=ana", "set value=4111111111111111 rows=3"], ["credit_card"]),
    ("4-digit numbers a phone label points at", ("attr", "_phone_shape", _four_digits_not_short),
     ["Phone number 7294", "tel: 8999", 'customer(landline="7018")'], ["us_phone"]),
    ("a short answer to a question about a phone", ("attr", "_PHONE_QUESTION_RE", re.compile(r"(?!)")),
     ["A: what's your contact number?\nB: 542677", "A: whats ur cell?\nB: 80 21 26"], ["us_phone"]),
    ("the 3-2-2 ending of Eastern European numbers", ("source", "sizes[-3:] == [3, 2, 2]", "sizes[-3:] == [0]"),
     ["8 029 491-17-40", "8 (912) 345-67-89", "8-029-491-17-40"], ["us_phone"]),
    ("a phone word with a qualifier, a dot or a number word after it",
     ("source", '''_AFTER_PHONE_WORD = (r"\\.?(?:[ \\t]*\\(?(?:mobile|''', '''_AFTER_PHONE_WORD = (r"(?!)(?:[ \\t]*\\(?(?:mobile|'''),
     ["Handy-Nr. 48 27 19", "Phone (mobile) 48 27 19", "Telefon kom\u00f3rkowy 48 27 19", "Tel. No.: 48 27 19",
      "Call me at 48 27 19", "Mobiele nummer 48 27 19"], ["us_phone"]),
    ("pairs after a short first group", ("source", "set(sizes[1:]) == {2}", "False"),
     ["6 71 23 45 67", "6.71.23.45.67", "Ana: 1 23 45 67 89"], ["us_phone"]),
])
def test_third_round_classes_are_found_and_each_rule_bites(monkeypatch, fault, edit, texts, kinds):
    assert [g.pii_kinds(t) for t in texts] == [kinds] * len(texts), fault
    faulty = _with_fault(monkeypatch, edit)
    assert all(faulty.pii_kinds(t) != kinds for t in texts), fault


@pytest.mark.parametrize("fault, edit, texts", [
    ("ID labels of other languages", ("source", "|bestel\\w*|", "|xq|"),
     ["Bestellung 4155550132"]),
    ("ID labels of other languages", ("source", '|reisepass\\w*|ausweis\\w*|commande|facture|compte|passeport|',
                                      '|ausweis\\w*|compte|'),
     ["Reisepass 548048866", "commande n\u00b0 240148121", "facture: 4155550132", "id,name,passeport\n1,Jo,632677035"]),
    ("ID labels of other languages", ("source", '|factura|fattura|cuenta|conto|ordine|', '|'),
     ["factura 535623842", "ordine 4155550132"]),
    ("any <kind>nummer compound is an ID label", ("source", 'r"|[^\\W\\d_]{2,20}(?:nummer|-?nr|numero|[ _]?sz[aá]m|[ _]numaras[ıi])"', 'r"|xq"'),
     ["Vertragsnummer 536228726", "Mitgliedsnummer: 4155550132"]),
    ("tickets, rooms, flights, national IDs of other countries",
     ("source", '        r"|ticket|room|flight|seat|gate|platform|', '        r"|xq|'),
     ["flight 4155550132", "Room: 536228726", "seat: 4155550132"]),
    ("CJK number suffixes and n. after an ID label", ("source", "|n\\.|n(?![^\\W\\d_])|nummer|num[eé]ro|n[uú]mero|id|code|号码|号|番号|번호|",
                                                     "|nummer|num[eé]ro|n[uú]mero|id|code|"),
     ["Fattura n. 4155550132"]),  # (CJK suffixes: the fifth round's "<something> number" rule reads them too)
    ("a label ending in a number or a parenthesis (EAN-13, (IMEI))", ("source", '(?:[-_]?\\d{1,2})?(?:[ _]+', '\\d{0,2}(?:[ _]+'),
     ["EAN-13 4155550132", "GTIN-14 536228726"]),
    ("a run dialled abroad that passes a barcode's or IMEI's check digit", ("attr", "_check_digit_id", lambda d: False),
     ["0012345678905", "004917012345675"]),
    ("an IPv4 address is never a phone", ("attr", "_ipv4", lambda groups: False),
     ["phone 10.0.0.12", "tel gateway 192.168.1.20"]),
    ("a date with its year last", ("attr", "_looks_like_date", lambda groups: False),
     ["phone log 31.7.1999", "tel. updated 5/17/2024"]),
])
def test_third_round_look_alikes_stay_clean_and_each_guard_bites(monkeypatch, fault, edit, texts):
    assert [g.pii_kinds(t) for t in texts] == [[]] * len(texts), fault
    faulty = _with_fault(monkeypatch, edit)
    assert all(faulty.pii_kinds(t) for t in texts), fault


@pytest.mark.parametrize("fault, edit, texts, kinds", [
    ("a phone label after the value, in brackets", ("attr", "_PHONE_AFTER_RE", re.compile(r"(?!)")),
     ["070021582 (telefoon)", "566/1216 (numero di telefono)", "48 27 19 [mobile]"], ["us_phone"]),
    ("an ID label after the value, in brackets", ("attr", "_ID_AFTER_RE", re.compile(r"(?!)")),
     ["476751319 (Reisepass)", "4155550132 (order)", "64707715015106 (waybill)"], []),
    ('"my number is" in several languages', ("source", 'r"(?:(?:my|meine?|mon|ma|mi|mio|meu|mijn|min)[ \\t]+', 'r"(?:(?:xq)[ \\t]+'),
     ["my number is 3101233", "meine Nummer ist 48 27 19", "mi n\u00famero es 6 412 346"], ["us_phone"]),
    ("HTML tags between a label and its value", ("attr", "_TAGS", ""),
     ["<tr><td>tel</td><td>48 27 19</td></tr>", "<th>phone</th><td class='v'>7294</td>"], ["us_phone"]),
    ("an SQL INSERT's column names its value", ("attr", "_sql_column", lambda text, line_start, start: ""),
     ["INSERT INTO people (name, mobile) VALUES ('Jo', '7294');",
      "INSERT INTO t (name, DL, phone) VALUES ('Jo', 'x', '7294')"], ["us_phone"]),
    ("a 9-digit answer to a question about a phone is a phone", ("attr", "_PHONE_QUESTION_RE", re.compile(r"(?!)")),
     ["A: what's your telefone?\nB: 222123498"], ["us_phone"]),
])
def test_labels_in_more_places_and_each_rule_bites(monkeypatch, fault, edit, texts, kinds):
    assert [g.pii_kinds(t) for t in texts] == [kinds] * len(texts), fault
    faulty = _with_fault(monkeypatch, edit)
    if edit[1] == "_TAGS":  # compiled into the label patterns: rebuild them without it
        faulty = _guardrail_with('_TAGS = r"(?:</?[A-Za-z]', '_TAGS = r"(?!)(?:</?[A-Za-z]')
    assert all(faulty.pii_kinds(t) != kinds for t in texts), fault


def test_phone_emoji_and_whatsapp_links(monkeypatch):
    texts = ["\U0001f4de 2345678", "\u260e\ufe0f 48 27 19", "https://wa.me/14155550132", "wa.me/4915112345678"]
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * 4
    faulty = _guardrail_with('    r"|\\U0001f4de|\\u260e|\\U0001f4f1|\\u2706|', '    r"|')
    assert faulty.pii_kinds(texts[0]) == [] and faulty.pii_kinds(texts[1]) == []
    monkeypatch.setattr(g, "_PHONE_URL_RE", re.compile(r"(?!)"))
    assert g.pii_kinds(texts[2]) == [] and g.pii_kinds(texts[3]) == []


def test_card_words_of_other_languages_convict_a_card_that_is_also_a_barcode():
    value = "4626852567377"  # a 13-digit Visa number that is also a valid EAN-13
    assert g.luhn_ok(value) and g._ean_ok(value) and g.pii_kinds(value) == [] and g.pii_kinds("EAN " + value) == []
    texts = [f"{label} {value}" for label in ("Kreditkartennummer", "num\u00e9ro de carte", "tarjeta de cr\u00e9dito",
                                              "cart\u00e3o", "\u30ab\u30fc\u30c9", "\u5361\u53f7", "cardNumber", "ccnum")]
    assert [g.pii_kinds(t) for t in texts] == [["credit_card"]] * len(texts)
    line = ('    r"|card\\w*|ccnum\\w*|\\w*kart(?:e|en)\\w*|carte|carta|cart[a\u00e3]o|tarjeta|\u043a\u0430\u0440\u0442'
            '\\w*|\u30ab\u30fc\u30c9|\u5361\u53f7|\u4fe1\u7528\u5361|\u94f6\u884c\u5361|\uce74\ub4dc"')
    faulty = _guardrail_with(line, '    r""')
    # (not "cardNumber": the camelCase word boundary finds "card" in it without the compounds)
    assert all(faulty.pii_kinds(t) == [] for t in texts if not t.startswith("cardNumber"))


PHONE_WORD_SAMPLES = [
    "phone", "telephone", "cellulare", "landline", "hotline", "natel", "s\u0111t", "puhelin", "celular", "numero di telefono",
    "nomor telepon", "no. HP", "Ph", "callback number", "msisdn", "viber", "fono", "tfno", "festnetz", "simu",
    "contact number", "my number", "meine Nummer", "mon num\u00e9ro", "mi n\u00famero", "il mio numero", "\U0001f4de",
    "\u260e", "\U0001f4f1", "T\u00e9l", "telem\u00f3vel", "matkapuhelin", "kontaktnummer", "n\u00famero de contacto",
    "direct line", "ddi", "faxnummer", "notrufnummer", "\u03c4\u03b7\u03bb\u03ad\u03c6\u03c9\u03bd\u03bf",
    "\u0442\u0435\u043b\u0435\u0444\u043e\u043d", "\u96fb\u8a71", "\u624b\u673a", "\uc804\ud654", "\u0e42\u0e17\u0e23",
    "\u0111i\u1ec7n tho\u1ea1i", "rufnummer", "handy", "whatsapp", "text me", "mob", "cell", "tel"]


def test_every_phone_word_passes_the_quick_hint_check():
    """_phone_worded() looks for a hint before running the phone-word pattern: a word without a hint would be
    silently ignored."""
    for word in PHONE_WORD_SAMPLES:
        assert g._PHONE_WORDS_RE.search(g.normalize(word)), word
        assert g._phone_worded(g.normalize(word) + " 48 27 19"), word
    assert g._phone_worded("no such word 48 27 19") is False


def test_a_card_can_start_on_the_line_after_another_number():
    text = "Q: what contact no do we have for Bo?\nA: 01001234560\n676385187411"
    assert g.pii_kinds(text) == ["credit_card", "us_phone"]
    faulty = _guardrail_with('if i and "\\n" not in raw[i - 1] and (', "if i and (")
    assert faulty.pii_kinds(text) == ["us_phone"]


def test_reachable_at_in_other_languages_labels_a_phone():
    texts = ["erreichbar unter 48 27 19", "joignable au 48 27 19", "ll\u00e1mame al 48 27 19", "ligue para 48 27 19"]
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * 4
    faulty = _guardrail_with('    r"|erreichbar|joignable|ll[a\u00e1]mame|ligue"', '    r""')
    assert all(faulty.pii_kinds(t) == [] for t in texts)


def test_times_and_time_zones_are_not_phone_numbers():
    texts = ["Date:   Wed Jul 20 14:24:18 2022 -0700", "Mon, 10 Mar 2003 02:10:32 -0500\n 2001 Robert"]
    assert [g.pii_kinds(t) for t in texts] == [[], []]
    assert _guardrail_with("(?<!\\d:\\d)", "").pii_kinds(texts[1]) == ["us_phone"]  # the seconds of a time
    assert _guardrail_with('and groups[0][:2] in ("19", "20") and " -" in body', "and False").pii_kinds(texts[0]) \
        == ["us_phone"]  # a year and a time zone


def test_digits_inside_a_key_fingerprint_are_not_a_phone(monkeypatch):
    text = "Key fingerprint:\nA21F AB74 B008 8AA3 6115 2586 B8EF 1A6B A9DA"
    assert g.pii_kinds(text) == [] and g.pii_kinds("phone: 6115 2586 CAFE") == ["us_phone"]
    monkeypatch.setattr(g, "_in_hex_groups", lambda text, start, end: False)
    assert g.pii_kinds(text) == ["us_phone"]


def test_phone_compounds_still_convict():
    texts = ["Faxnummer 0171 1234567", "Telefonnummer 536228726", "Handynummer 4155550132", "Notrufnummer 48 27 19"]
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * 4
    assert _guardrail_with("|fax\\w*|hotline\\w*|notruf\\w*|notfall\\w*|servicenummer", "").pii_kinds(texts[0]) == []


def test_plus_numbers_with_dots_are_not_ipv4():
    assert g.pii_kinds("my cell is +61.147.101.233.") == ["us_phone"] and g.pii_kinds("host 61.147.101.233") == []
    assert _guardrail_with('and "+" not in body and _ipv4(groups)', "and _ipv4(groups)").pii_kinds(
        "my cell is +61.147.101.233.") == []


def test_licence_labels_in_sql_and_html_excuse_their_values():
    texts = ["INSERT INTO people (name, DL#) VALUES ('Ivan Petrov', '741611327');",
             "<tr><td>Jo Park</td><td>driver's license</td><td>676442768</td></tr>", "276 263 219 EUR (amount)"]
    assert [g.pii_kinds(t) for t in texts] == [[], [], []]


def test_nine_digits_in_threes_are_a_phone_unless_money_or_a_label_says_otherwise(monkeypatch):
    phones = ["please use 912 345 667", "Ana,848.123.724,Lyon", "B: 250 123 760"]
    amounts = ["EUR 912 345 667", "\u20ac 848.123.724", "879 146 700 \u20ac", "912 345 667 USD", "total: 912 345 667",
               "256 000 000 B", "a capacity of 256 000 000 bytes"]
    assert [g.pii_kinds(t) for t in phones] == [["us_phone"]] * 3 and [g.pii_kinds(t) for t in amounts] == [[]] * 7
    assert _guardrail_with("if sizes == [3, 3, 3] and", "if False and").pii_kinds(phones[0]) == []  # the rule removed
    monkeypatch.setattr(g, "_CURRENCY_BEFORE_RE", re.compile(r"(?!)"))  # the guard removed
    assert g.pii_kinds(amounts[1]) == ["us_phone"]  # ("EUR 912 345 667" is also excused as a VAT-like prefix)
    faulty = _guardrail_with("|[\\x24\\u20ac\\u00a3\\u00a5\\u20b9\\u20bd\\u20a9])\",", ")\",")  # no currency sign after
    assert faulty.pii_kinds(amounts[2]) == ["us_phone"]


def test_grouped_cards_open_with_four_digits_unless_a_card_word_is_near():
    assert g.pii_kinds("EUR 566 638 072 967") == [] and g.pii_kinds("card 501 800 000 009") == ["credit_card"]
    assert g.pii_kinds("5018 0000 0009") == ["credit_card"]
    faulty = _guardrail_with("if not bare and not _DIGIT_GROUP_RE.match(text, start).end() - start == 4",
                             "if not bare and False")
    assert faulty.pii_kinds("EUR 566 638 072 967") == ["credit_card"]


def test_a_year_must_look_like_one_for_a_date(monkeypatch):
    assert g.pii_kinds('mobiel="0800/01 23 38"') == ["us_phone"] and g.pii_kinds("0262/16 12 33") == ["us_phone"]
    assert g.pii_kinds("created 2024-05-17 10:02") == [] and g.pii_kinds("2922-12-26  12:26  Christos") == []
    faulty = _guardrail_with('groups[0][0] not in "12" or ', "")
    assert faulty.pii_kinds('mobiel="0800/01 23 38"') == []


@pytest.mark.parametrize("text", [
    "Call 911 if there is smoke", "dial 411 for directory help", "phone 2024 model", "iPhone 1234", "cell 12",
    "afs3-callback (7001/tcp)", "the callback 5512 is invoked", "+3.140000", "IP 192.168.10.20 (phone system)", "phone server at 10.0.0.12",
    "Version 1.23.45.67", "2922-12-26  12:26  Christos", "0012345678905",
])
def test_third_round_rules_leave_look_alikes_alone(text):
    assert g.pii_kinds(text) == []


def test_iban_digits_are_not_a_card_or_phone(monkeypatch):
    texts = ["using value PT83 5823 0754 5332 2524 6007 3", '"IBAN": "LU28 0019 4006 4475 0000"',  # Faker; a valid LU IBAN
             "IBAN AT14 4539 1488 0343 6467", '"IBAN": "DK50 0040 0440 1162 43"']  # valid AT and DK IBANs
    assert [g.pii_kinds(t) for t in texts] == [[], [], [], []]
    monkeypatch.setattr(g, "_IBAN_RE", re.compile(r"(?!)"))  # the fault: no IBAN exclusion
    # (since the ninth round PT's 21 digits in one grouping are no card either, a grouping past 19 digits is a code,
    # nor LU's 16 digits from 00 a phone, a country must fit them; AT's and DK's digits still need the IBAN guard)
    assert [g.pii_kinds(t) for t in texts] == [[], [], ["credit_card"], ["us_phone"]]


def test_positions_are_in_the_raw_text():
    raw = "card \uff14\uff11\uff11\uff11\u200b 1111 1111 1111 and m\u0301ail jane\u200b@example.com, ok"
    found = g.find_pii(raw)
    assert [f.kind for f in found] == ["credit_card", "email"]
    assert raw[found[0].start:found[0].end] == "\uff14\uff11\uff11\uff11\u200b 1111 1111 1111"
    assert raw[found[1].start:found[1].end] == "jane\u200b@example.com"
    assert g.mask_pii(raw) == "card [REDACTED_CREDIT_CARD] and m\u0301ail [REDACTED_EMAIL], ok"
    assert g.normalize("\uff14\u2212\u0664\u200b\u00a0x\u0301") == "4-4 x"  # full-width, minus, Arabic-Indic


def test_random_text_never_breaks_detection():
    rng = random.Random(3)
    alphabet = "0123456789 -./_()+@x\n\t\u200b\u2212\uff14\u0301ab#:,;|"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        found = g.find_pii(text)
        assert all(0 <= f.start < f.end <= len(text) for f in found)
        assert all(a.end <= b.start for a, b in zip(found, found[1:]))
        assert g.pii_kinds(g.mask_pii(text)) == [], text


# ------------------------------------------------------------------ masking
def test_masking_replaces_every_value_and_keeps_the_rest():
    text = "Mail jane@example.com, call +1 (415) 555-0132, SSN 123-45-6789, card 4111 1111 1111 1111. Thanks!"
    masked = g.mask_pii(text)
    assert masked == ("Mail [REDACTED_EMAIL], call [REDACTED_US_PHONE], SSN [REDACTED_US_SSN], "
                      "card [REDACTED_CREDIT_CARD]. Thanks!")
    assert g.mask_pii(masked) == masked and g.pii_kinds(masked) == []
    assert g.mask_pii("nothing to hide, order #4155550132") == "nothing to hide, order #4155550132"


@contextlib.contextmanager
def each_question_answered_once():
    """Within the block, g.answer_findings computes each (text, context) once: streams of one text ask the
    detector many of the same questions, and the answer depends on nothing else.  The maskers still ask every
    question they ask; only the repeated computation is saved."""
    compute, answers = g.answer_findings, {}

    def answer_findings(text: str, context: str = "") -> list:
        key = (text, context)
        if key not in answers:
            answers[key] = tuple(compute(text, context))
        return list(answers[key])
    g.answer_findings = answer_findings
    try:
        yield
    finally:
        g.answer_findings = compute


def test_stream_masker_masks_values_split_at_any_point():
    text = ("Sure! Write to jane.doe+work@mail.example.com or call (415) 555-0132; the card on file is "
            "4111-1111-1111-1111 and the SSN 123 45 6789. Order #412345678 is unrelated.")
    expected = g.mask_pii(text)
    with each_question_answered_once():  # (320 streams of one text: 283 different questions of 6,833)
        for cut in range(1, len(text)):
            for size in (1, 7):
                masker = g.StreamMasker()
                pieces = [text[:cut]] + [text[i:i + size] for i in range(cut, len(text), size)]
                out = "".join(masker.feed(p) for p in pieces) + masker.flush()
                assert out == expected, (cut, size)


def test_stream_masker_long_tokens_stay_linear_and_masked():
    text = "blob:" + "QUJD" * 5000 + "/jane.doe@example.com " + "x" * 3000 + " call 415-555-0132"
    masker = g.StreamMasker()
    out = "".join(masker.feed(text[i:i + 3]) for i in range(0, len(text), 3)) + masker.flush()
    assert out == g.mask_pii(text) and "jane.doe" not in out and "555-0132" not in out
    assert len(masker.pending) == 0


def test_mask_stream_rewrites_chunks_and_skips_held_back_ones():
    answer = "Call me at 415-555-0132 tomorrow, or mail jane@example.com. Bye."
    chunks = [{"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
    chunks += [{"choices": [{"index": 0, "delta": {"content": answer[i:i + 3]}, "finish_reason": None}]}
               for i in range(0, len(answer), 3)]
    chunks.append({"choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "stop"}]})
    chunks.append({"choices": [], "usage": {"total_tokens": 9}})

    async def source():
        for chunk in chunks:
            yield chunk

    async def collect():
        return [chunk async for chunk in g.mask_stream(source())]

    out = asyncio.run(collect())
    text = "".join(c["choices"][0]["delta"]["content"] or "" for c in out if c["choices"])
    assert text == "Call me at [REDACTED_US_PHONE] tomorrow, or mail [REDACTED_EMAIL]. Bye."
    assert out[-1] == {"choices": [], "usage": {"total_tokens": 9}}
    assert len(out) < len(chunks)


def _run_stream(chunks):
    async def source():
        for chunk in chunks:
            yield chunk

    async def collect():
        return [chunk async for chunk in g.mask_stream(source())]
    return asyncio.run(collect())


LEAKY = "Write to jane.doe@example.com or call (415) 555-0132; card 4111 1111 1111 1111, SSN 123-45-6789. Bye."


def test_mask_stream_anthropic_sse_bytes():
    def event(kind, **data):
        return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n".encode()
    chunks = [event("message_start", message={"content": []}),
              event("content_block_start", index=0, content_block={"type": "text", "text": ""})]
    chunks += [event("content_block_delta", index=0, delta={"type": "text_delta", "text": LEAKY[i:i + 4]})
               for i in range(0, len(LEAKY), 4)]
    chunks += [event("content_block_stop", index=0), event("message_stop")]
    out = b"".join(_run_stream(chunks)).decode()
    events = [json.loads(line[5:]) for line in out.splitlines() if line.startswith("data:")]
    text = "".join(e["delta"]["text"] for e in events if e["type"] == "content_block_delta")
    assert text == g.mask_pii(LEAKY) and "[REDACTED_CREDIT_CARD]" in text
    assert [e["type"] for e in events][:2] == ["message_start", "content_block_start"]
    assert [e["type"] for e in events][-2:] == ["content_block_stop", "message_stop"]
    assert "555-0132" not in out and "jane.doe" not in out


def test_mask_stream_responses_api_events():
    chunks = [{"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": LEAKY[i:i + 5]}
              for i in range(0, len(LEAKY), 5)]
    chunks += [{"type": "response.output_text.done", "output_index": 0, "content_index": 0, "text": LEAKY},
               {"type": "response.completed", "response": {"output": [{"content": [{"text": LEAKY}]}]}}]
    out = _run_stream(chunks)
    deltas = "".join(e["delta"] for e in out if e["type"] == "response.output_text.delta")
    assert deltas == g.mask_pii(LEAKY)
    assert out[-2]["text"] == g.mask_pii(LEAKY) and out[-1]["response"]["output"][0]["content"][0]["text"] == deltas
    assert g.pii_kinds(json.dumps(out)) == []


def test_mask_response_covers_content_tool_calls_text_and_responses_api():
    response = {
        "choices": [
            {"message": {"content": "ssn 123-45-6789", "reasoning_content": "mail a@b.example.com",
                         "tool_calls": [{"function": {"name": "f", "arguments": '{"to": "x@example.com"}'}}]}},
            {"text": "call 415-555-0132"},
        ],
        "output": [{"content": [{"type": "output_text", "text": "card 4111111111111111"}]}],
    }
    g.mask_response(response)
    flat = json.dumps(response)
    assert g.pii_kinds(flat) == []
    assert "[REDACTED_US_SSN]" in flat and "[REDACTED_EMAIL]" in flat and "[REDACTED_US_PHONE]" in flat
    assert "[REDACTED_CREDIT_CARD]" in flat


# ------------------------------------------------------------------ requests
@pytest.mark.parametrize("data, kinds", [
    ({"messages": [{"role": "system", "content": "escalate to ops@example.com"}]}, ["email"]),
    ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "SSN 123-45-6789?"}]},
     ["us_ssn"]),
    ({"messages": [{"role": "user", "content": [{"type": "text", "text": "call 415-555-0132"},
                                                {"type": "image_url", "image_url": {"url": "data:image/png;base64,"
                                                                                    "QUJDMTIzNDU2Nzg5"}}]}]},
     ["us_phone"]),
    ({"messages": [{"role": "tool", "tool_call_id": "1", "content": "pan 4111111111111111"}]}, ["credit_card"]),
    ({"messages": [{"role": "assistant", "tool_calls": [{"function": {"arguments": '{"ssn": "123456789"}'}}]}]},
     ["us_ssn"]),
    ({"prompt": "mail jane@example.com"}, ["email"]),
    ({"prompt": ["fine", "call (415) 555-0132"]}, ["us_phone"]),
    ({"input": "4111 1111 1111 1111"}, ["credit_card"]),
    ({"input": ["a", "b", "123-45-6789"]}, ["us_ssn"]),
    ({"input": [{"role": "user", "content": [{"type": "input_text", "text": "jane@example.com"}]}]}, ["email"]),
    ({"instructions": "reply to jane@example.com", "input": "hi"}, ["email"]),
    ({"system": [{"type": "text", "text": "SSN 123-45-6789"}], "messages": []}, ["us_ssn"]),
    ({"messages": [{"role": "user", "content": "hello"}], "metadata": {"user_email": "admin@example.com"},
      "user": "jane@example.com"}, ["email"]),
])
def test_request_fields_inspected(data, kinds):
    assert g.request_pii_kinds(data) == kinds


def test_block_message_names_kinds_and_never_the_value():
    data = {"messages": [{"role": "user", "content": "SSN 123-45-6789 and jane@example.com"}]}
    message = g.block_message(g.request_pii_kinds(data))
    assert "us_ssn" in message and "email" in message
    assert "123-45-6789" not in message and "jane@" not in message and not re.search(r"\d", message)


def test_detection_module_imports_without_litellm():
    code = ("import importlib.util,sys;sys.modules['litellm']=None;"
            f"s=importlib.util.spec_from_file_location('m',{str(ROOT / 'config' / 'pii_guardrail.py')!r});"
            "m=importlib.util.module_from_spec(s);s.loader.exec_module(m);"
            "print(m.CustomGuardrail, hasattr(m,'PiiGuardrail'), m.pii_kinds('SSN 123-45-6789'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "None False ['us_ssn']"


# ------------------------------------------------------------------ rendered config
MODELS = [litellm_config.local_model_entry("llama3.2", "llama3.2:3b", "http://${OllamaHost}:${OllamaPort}"),
          {"model_name": "${ModelAlias}", "litellm_params": {"model": "ollama_chat/${ModelId}",
                                                             "api_base": "http://localhost:11434"}}]


def test_rendered_config_parses_and_references_the_shipped_guardrail():
    config = yaml.safe_load(litellm_config.render_config(MODELS))
    files = litellm_config.extra_files()
    by_mode = {gr["litellm_params"]["mode"]: gr["litellm_params"] for gr in config["guardrails"]}
    assert set(by_mode) == {"pre_call", "post_call"}
    for params in by_mode.values():
        assert params["default_on"] is True
        module, cls = params["guardrail"].rsplit(".", 1)
        assert f"{module}.py" in files                       # LiteLLM loads <config dir>/<module>.py
        assert re.search(rf"^    class {cls}\(CustomGuardrail\):", files[f"{module}.py"], re.M)
    assert config["general_settings"]["master_key"] == "os.environ/LITELLM_MASTER_KEY"
    assert config["litellm_settings"]["drop_params"] is True
    assert config["litellm_settings"]["request_timeout"] >= 300
    assert config["model_list"] == MODELS


def _code_of(source: str) -> str:
    """The syntax tree without docstrings (a body's first string statement, when more follow)."""
    import ast
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and len(body) > 1 \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            del body[0]
    return ast.dump(tree)


def test_the_shipped_guardrail_is_the_source_without_its_comments_and_docstrings():
    """Same code (same syntax tree once docstrings are set aside), same line numbers for tracebacks, no comment
    and no docstring left; a strip that cut at every '#' (the detector's patterns hold many) would change the
    code, and this test would say so."""
    import ast
    import io
    import tokenize
    source = (ROOT / "config" / "pii_guardrail.py").read_text(encoding="utf-8")
    shipped = litellm_config.extra_files()["pii_guardrail.py"]
    assert _code_of(shipped) == _code_of(source)
    assert ast.dump(ast.parse(shipped)) != ast.dump(ast.parse(source)), "the docstrings were not removed"
    assert not ast_docstring_spans(shipped)
    assert len(shipped.splitlines()) == len(source.splitlines()) and len(shipped) < len(source) * 0.8
    assert not [t for t in tokenize.generate_tokens(io.StringIO(shipped).readline) if t.type == tokenize.COMMENT]
    # a strip that also blanked a string the code uses (here: a message) would change the tree, and this test says so
    message = '"Request blocked by the PII guardrail: it contains "'
    assert message in source, "pick another string the code uses"
    assert _code_of(source.replace(message, '""', 1)) != _code_of(source)
    naive = "".join(line.split("#")[0].rstrip() + "\n" for line in source.splitlines())
    try:
        naive_changes_the_code = ast.dump(ast.parse(naive)) != ast.dump(ast.parse(source))
    except SyntaxError:
        naive_changes_the_code = True
    assert naive_changes_the_code, "the check above would not see a strip that breaks the code"


NESTED_DOCSTRINGS = '''"""module"""
import os
if os.name:
    def a():
        """in an if"""
        return 1
else:
    class B:
        """in an else"""
        x = 1
try:
    def c():
        """in a try"""
        return 2
except OSError:
    def d():
        """in an except"""
        return 3
finally:
    def e():
        """in a finally"""
        return 4
with open(os.devnull) as f:
    for _ in range(1):
        while True:
            async def g():
                """in a with, a for and a while"""
                return 5
            break
match os.sep:
    case "/":
        def h():
            """in a match case"""
            return 6
def only():
    """a body's only statement stays"""
'''


def ast_docstring_spans(source: str) -> list:
    """docstring_spans() as the syntax tree says: the first statement of a module, class or function body with
    more than one statement, when it is a str constant."""
    return sorted((n.body[0].lineno, n.body[0].end_lineno) for n in ast.walk(ast.parse(source))
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and len(n.body) > 1 and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant) and isinstance(n.body[0].value.value, str))


def test_docstring_spans_finds_docstrings_in_every_kind_of_block():
    every_node = ast_docstring_spans(NESTED_DOCSTRINGS)
    assert len(every_node) == 8
    assert litellm_config.docstring_spans(NESTED_DOCSTRINGS) == every_node


# Strings that look like docstrings and are not, and docstrings that look unlike one (a black-style header).
NOT_QUITE_DOCSTRINGS = '''def a(
    x,
) -> dict:
    "Fine: a docstring whose text starts with an f"
    return {
        "key":
            """a value after a ':' on its own line""",
        "other":
            """another, closing the dict"""
    }
def b():
    f"""an f-string is not a docstring"""
    return 1
def c():
    b"""nor are bytes"""
    return 2
def d():
    if True:
        """first in an if body"""
        return 3
    """after a statement"""
    return 4
class E(
    object,
):
    r\'\'\'raw, single-quoted\'\'\'
    x = """a class attribute""" + "!"
    """a string after the docstring"""
def g():
    """the only statement stays"""
'''


def test_docstring_spans_tells_docstrings_from_strings_that_look_like_them():
    assert litellm_config.docstring_spans(NOT_QUITE_DOCSTRINGS) == ast_docstring_spans(NOT_QUITE_DOCSTRINGS) \
        == [(4, 4), (26, 26)]


def test_docstring_spans_agrees_with_the_syntax_tree_on_this_project():
    """Every Python file here, comments stripped as for shipping: the strings found are the syntax tree's
    docstrings, no more and no fewer (one blanked string the code uses would break the shipped guardrail)."""
    paths = [p for d in ("config", "templates", "deploy", "docgen", "functions", "scripts", "tests")
             for p in sorted((ROOT / d).rglob("*.py"))]
    assert len(paths) > 100
    for path in paths:
        source = litellm_config.without_comments(path.read_text(encoding="utf-8"))
        assert litellm_config.docstring_spans(source) == ast_docstring_spans(source), path


TRICKY_COMMENTS = (
    'x = "a # not a comment"  # a comment\n'
    "y = 'it\\'s # still a string'   # another\n"
    '    # an indented comment line\n'
    'z = r"\\\\"  # a raw string of two backslashes\n'
    'w = f"{x!r} #{y}" + b\'#\' + u"#" + rb"#"\n'
    'doc = """a "quoted" # inside\n# still inside\n"""  # after a triple quote\n'
    "other = '''one \\''' two # in''' # out\n"
    "url = 'http://x/#frag'#glued\n"
    "last = 1 # no newline at the end")


def _cut_at_comment_tokens(source: str) -> str:  # the reference: tokenize's COMMENT tokens
    import io
    import tokenize
    cuts = {t.start[0]: t.start[1] for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type == tokenize.COMMENT}
    lines = source.splitlines(keepends=True)
    for number, column in cuts.items():
        lines[number - 1] = lines[number - 1][:column].rstrip() + ("\n" if lines[number - 1].endswith("\n") else "")
    return "".join(lines)


@pytest.mark.parametrize("source", [TRICKY_COMMENTS, (ROOT / "config" / "pii_guardrail.py").read_text(encoding="utf-8"),
                                    (ROOT / "templates" / "litellm_config.py").read_text(encoding="utf-8")],
                         ids=["tricky", "guardrail", "litellm_config"])
def test_comments_are_cut_exactly_where_tokenize_sees_them(source):
    assert litellm_config.without_comments(source) == _cut_at_comment_tokens(source)
    assert litellm_config.without_comments(source) != source


def test_placeholders_survive_and_no_other_dollar_appears():
    text = litellm_config.render_config(MODELS)
    for placeholder in ("${OllamaHost}", "${OllamaPort}", "${ModelAlias}", "${ModelId}"):
        assert placeholder in text
    assert text.count("${") == 4 and text.count("$") == 4
    empty = litellm_config.render_config([])
    assert "$" not in empty
    assert empty.count("model_list: []\n") == 1   # templates/service_task.py splices its model list there
    for content in litellm_config.extra_files().values():
        assert "$" not in content


@pytest.mark.parametrize("bad", ["costs $5", "${!Literal}", "$HOME", "${Unclosed"])
def test_stray_dollar_in_a_model_entry_is_refused(bad):
    with pytest.raises(ValueError, match="Fn::Sub"):
        litellm_config.render_config([litellm_config.local_model_entry("m", "llama3.2:3b", bad)])


def test_rendering_is_deterministic_and_validates_entries():
    shuffled = [dict(reversed(list(m.items()))) for m in MODELS]
    assert litellm_config.render_config(MODELS) == litellm_config.render_config(shuffled)
    assert litellm_config.extra_files() == litellm_config.extra_files()
    with pytest.raises(ValueError):
        litellm_config.render_config([{"model": "x"}])


def test_local_model_entry_uses_ollama_chat_once():
    entry = litellm_config.local_model_entry("llama3.2", "llama3.2:3b", "http://localhost:11434")
    assert entry["litellm_params"]["model"] == "ollama_chat/llama3.2:3b"
    assert entry["litellm_params"]["api_base"] == "http://localhost:11434"
    again = litellm_config.local_model_entry("a", "ollama_chat/llama3.2:3b", "http://x")
    assert again["litellm_params"]["model"] == "ollama_chat/llama3.2:3b"


def test_container_command_writes_every_file_then_execs_litellm(tmp_path):
    """Run the entry point as the container would, with a stand-in `litellm` on PATH."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "litellm").write_text("#!/bin/sh\necho \"litellm $*\"\n")
    (bindir / "litellm").chmod(0o755)
    files = litellm_config.container_files(MODELS)
    env = {"PATH": f"{bindir}:{os.environ.get('PATH', '')}",
           **{litellm_config.env_name(name): litellm_config.env_value(name, text) for name, text in files.items()}}
    command = litellm_config.container_command(config_dir=str(tmp_path / "litellm"), port=4000)
    assert command[:2] == ["python3", "-c"] and "$" not in command[2]
    out = subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"litellm --config {tmp_path / 'litellm' / 'config.yaml'} --host 0.0.0.0 --port 4000"
    for name, text in files.items():
        assert (tmp_path / "litellm" / name).read_text(encoding="utf-8") == text
    assert set(files) == {"config.yaml", "pii_guardrail.py"}


# Modules of Wolfi's python-3.x-base package (the LiteLLM image's python3) that the entry point may import: it keeps
# every lib-dynload module but _tkinter and is built against bzip2-dev, xz-dev and zlib-dev.  A new import here must
# be checked against that package first, or the container stops at its first line.
ENTRY_POINT_MODULES = {"os", "sys", "bz2", "base64"}


def test_the_entry_point_imports_only_what_the_image_carries():
    script = litellm_config.container_command()[2]
    imported = {alias.name for node in ast.walk(ast.parse(script)) if isinstance(node, ast.Import) for alias in node.names}
    assert imported and imported <= ENTRY_POINT_MODULES, imported - ENTRY_POINT_MODULES


# Fourth round (heldout4 became development data): the structural false positives and misses it showed,
# each with values written here, and the fault that brings the class back.
@pytest.mark.parametrize("fault, edit, texts", [
    ("a camelCase label starts inside a word", ("source", "|(?<=[a-z])(?=[A-Z])|#|", "|#|"),
     ['c.setAwb("4155550132");', 'DriversLicense: "536228726",']),
    ("a camelCase label word ends inside a word",
     ("source", '(?-i:(?![A-Za-z\\u00c0-\\u024f\\u1e00-\\u1eff])|(?<=[a-z])(?=[A-Z]))"  # camelCase too (not iPhone)', '(?![a-z])"'),
     ['TrackingNumber: "2815 4390 7712",']),
    ("a single lowercase letter before a capital is a brand, not a camelCase word (iPhone)",
     ("source", "(?<=[a-z][a-z])(?=[A-Z]))(?:{})", "(?<=[a-z])(?=[A-Z]))(?:{})"),
     ["model iPhone 26092815", "sent from my iPhone, ref 26092815"]),
    ("a table pipe, guillemets, brackets or backticks between a label and its value",
     ("source", "|\\u00ab\\[`*]*", "*]*"),
     ["| waybill | 4155550132 |", "DHL waybill \u00ab4155550132\u00bb", "tracking: [4155550132]", "passport `536228726`"]),
    ("AWS ARNs, HTTP status lines, part numbers",
     ("source", '        r"|http/[\\d.]+|p/n|arn:aws[\\w-]*:[\\w-]*:[\\w-]*"', '        r""'),
     ["AWS account arn:aws:iam::041555501321:role/x", 'HTTP/1.1 200 8623 "-"', "P/N 057213-418"]),
    ("an ID label right before the value beats a kind word that names an earlier number",
     ("attr", "_id_labelled", lambda text, start, words, column: False),
     ["SSN last four 6789, passport # 536228726", "ssn_last4=1234\nDRIVERS_LICENSE=536228726",
]),
])
def test_fourth_round_look_alikes_stay_clean_and_each_guard_bites(monkeypatch, fault, edit, texts):
    assert [g.pii_kinds(t) for t in texts] == [[]] * len(texts), fault
    faulty = _alone(_with_fault(monkeypatch, edit), monkeypatch)
    assert all(faulty.pii_kinds(t) for t in texts), fault


@pytest.mark.parametrize("text, kinds", [
    ('setPhone("4155550132")', ["us_phone"]), ("customerSsn=536228726", ["us_ssn"]),
    ("a,ssn\nx,order 412345678", ["us_ssn"]),  # the column names the kind: a label in the cell does not excuse it
    ("Social Security Number on file (customer record): 536228726", ["us_ssn"]), ("tax id: 536228726", ["us_ssn"]),
    ("| phone | 4155550132 |", ["us_phone"]), ("order 8812, phone 4155550132", ["us_phone"]),
])
def test_fourth_round_rules_still_convict(text, kinds):
    assert g.pii_kinds(text) == kinds


@pytest.mark.parametrize("fault, edit, cases", [
    ("a comma before 4+ digits or a date ends a CSV cell", ("source", '_COMMA_DIGIT = r",(?!\\d{4}|\\d{1,3}[/-]\\d|\\d\\d? [A-Z][a-z]{2} \\d|\\d\\d?,)\\d"',
                                                             '_COMMA_DIGIT = r",\\d"'),
     [("a,ssn,awb\nJo,536228726,0944585463", ["us_ssn"]), ("id,ssn,date\n1,536-22-8726,04/03/2019", ["us_ssn"]),
      ("id,card,date\n1,4111111111111111,2023-02-08", ["credit_card"]), ("id,ssn,date\n1,536-22-8726,26 Jul 2025", ["us_ssn"]), ("+44 20 7946 0958 1,204.50 and", ["us_phone"]),
      ("id,phone,sku\n1,(415) 555-0132,739-07-13", ["us_phone"]),
      ("total 123456789,50 EUR", []), ("SSN 536228726,5", [])]),
    ("a tab ends a TSV cell", ("attr", "_LINE_BREAK_RE", re.compile(r"[ \t]*\r?\n[ \t]*")),
     [("name\tcell\tupdated\nJo\t+14155550132\t2023-01-29", ["us_phone"]),
      ("name\tphone\nJo\t415.555.0132\t2023-06-03", ["us_phone"]), ("415\t555\t0132", ["us_phone"]),
      ("mob 220\t1234\n123-97-9700", ["us_phone", "us_ssn"])]),
    ("a table's delimiter is the one its header has", ("source", "delim = next((d for d in delims if d in header), None)",
                                                      "delim = delims[0]"),
     [("name;awb;rows\nJo;3994870092;5,947,889", []), ("name\tawb\trows\nJo\t3994870092\t5,947,889", [])]),
])
def test_cells_end_at_their_delimiter_and_each_rule_bites(monkeypatch, fault, edit, cases):
    assert [g.pii_kinds(t) for t, _ in cases] == [k for _, k in cases], fault
    faulty = _with_fault(monkeypatch, edit)
    assert [faulty.pii_kinds(t) for t, _ in cases] != [k for _, k in cases], fault


def test_a_card_may_end_with_a_short_group_and_the_rule_bites():
    texts = ["4222 2222 2222 2", "pan\n4222-2222-2222-2", "name\tpan\nJo\t4222 2222 2222 2\t2022-05-21"]
    assert [g.pii_kinds(t) for t in texts] == [["credit_card"]] * 3
    assert g.pii_kinds("card 4222 2222 2222 3") == []  # the Luhn digit still has to match
    faulty = _guardrail_with("or groups[j - 1][1] - groups[j - 1][0] < 3 or first < 3",
                             "or groups[j][1] - groups[j][0] < 3 or first < 3")
    assert all(faulty.pii_kinds(t) != ["credit_card"] for t in texts)


def test_a_bracketed_label_after_a_number_does_not_excuse_the_next_one():
    text = "ref 4155550132 (order) 48 27 19 (mobile)"  # "(order)" labels the number before it
    assert "48 27 19" not in g.mask_pii(text)
    faulty = _guardrail_with('label.rfind(")") + 1 if cut else 0', "0")
    assert "48 27 19" in faulty.mask_pii(text)


def test_a_delimiter_only_after_the_value_makes_no_table_and_the_rule_bites():
    # the ';' after the waybill makes no CSV row: the line above ("...telecommunication...") is no header
    text = "Протоколы телекоммуникационных сетей.\n[18:48] dima: DHL waybill 6754770927;"
    assert g.pii_kinds(text) == []
    assert g.pii_kinds("name;phone\nJo;6754770927;x") == ["us_phone"]  # a real header still labels its column
    faulty = _guardrail_with("next((d for d in delims if d in header), None)", "next((d for d in delims if d in header), delims[0])")
    assert faulty.pii_kinds(text) == ["us_phone"]


# Fifth round (heldout3/heldout4 errors, grouped by structure): each look-alike stays clean, each value is found,
# and with the rule's fault put back the result changes.
@pytest.mark.parametrize("fault, edit, cases", [
    ("an access log's status and size after HTTP/1.1\" are no phone", ("attr", "_HTTP_STATUS_RE", re.compile("(?!)")),
     [('1.2.3.4 - - "GET /phone HTTP/1.1" 404 29665 "-" "Mozilla/5.0 (X11; Linux)"', [])]),  # (a phone word
    # before it; the user agent of the line above heads no column since round 7: a header cell is no sentence)
    ("a tab in a table (a line above with cells) ends a cell", ("source", 'table and "\\t" in br.group()', 'False'),
     [("name\tmac\trows\ttracking_number\nJo\tx\t12,023,011\t1230 8194 2983", []),
      ("rows\ttracking\n12,023,011\t1230 8194 2983", [])]),
    ("a house number and a postcode on the next line are an address", ("source", "or last and before <= 5", "or False"),
     [("Veleslav Slav\u00ed\u010dek\nNa Balk\u00e1n\u011b 1174\n979 27 A\u0161\nmobil? no", []),
      ("Elek Balogh\nForr\u00f3 elek \u00fatja 1083\n7918 Veresegyh\u00e1z\n(phone later)", [])]),
    ("a label in markdown bold", ("source", "`*]*\\Z", "`]*\\Z"),
     [("- **FedEx tracking**: 020997567141", []), ("**order no**: 0209975671", [])]),
    ("a numbered key (drivers_license_2)", ("source", 'r"(?:[-_]?\\d{1,2})?(?:[ _]+', 'r"(?:-?\\d{1,2})?(?:[ _]+'),
     [('{"drivers_license_2": "571 918 734"}', []), ("order_1: 0209975671", [])]),
    ("an HTML input's name labels its value", ("source", '''r"(?:[\\"' \\t]+value=)?"''', '""'),
     [('<input name="customer_id" value="0933-311831">', []), ('<input name="awb" value="0933 311831">', [])]),
    ("a closing quote before a bracketed label", ("source", '''_ID_AFTER_RE = re.compile(r"(?:[\\"'\\u00bb`]?''', '_ID_AFTER_RE = re.compile(r"(?:'),
     [("ok \u00ab242941057\u00bb (passport no.) ok", []), ("'0933311831' (order)", [])]),
    ("percent-escapes are read decoded", ("attr", "_NON_ASCII_RE", re.compile(r"[^\x00-\x7f]+")),
     [("GET /a?emailAddress=marx%2Bbilling%40mad.com&page=8", ["email"]),
      ("/search?card_number=4518%206758%202493%206138&page=3", ["credit_card"]),
      ("?social_security_number=657%2013%209178&page=6", ["us_ssn"]), ("/s?mobile=%2B15640276383&p=5", ["us_phone"])]),
])
def test_fifth_round_rules_and_each_bites(monkeypatch, fault, edit, cases):
    assert [g.pii_kinds(t) for t, _ in cases] == [k for _, k in cases], fault
    faulty = _alone(_with_fault(monkeypatch, edit), monkeypatch)
    assert all(faulty.pii_kinds(t) != k for t, k in cases), fault


def test_a_percent_escaped_value_is_masked_whole():
    text = "GET /a?email=marx%2Bbilling%40mad.com&card=4518%206758%202493%206138%20&x=%2B15640276383"
    assert g.mask_pii(text) == "GET /a?email=[REDACTED_EMAIL]&card=[REDACTED_CREDIT_CARD]%20&x=[REDACTED_US_PHONE]"
    assert g.mask_pii("100%25 sure, 50%20off") == "100%25 sure, 50%20off"


@pytest.mark.parametrize("fault, edit, texts", [
    ("after a first group of 4 digits a card's separators may change",
     ("source", 'seps[j - 1] != seps[i] and (first != 4 or "\\n" in seps[j - 1] + seps[i])', "seps[j - 1] != seps[i]"),
     ["pan='4111 1111-1111-1111'", "PAYMENT_CARD: 3782 822463-10005", "> 6011 1111 1111-1117;"]),
    ("card words of more languages (CB, kortnummer, kartu, \u03ba\u03ac\u03c1\u03c4\u03b1 ...)", ("source", 'r"|cb|kort\\w*|', 'r"|'),
     ["NOTE:CB ref 5555555555554444", "kortnummer: 4111111111111111", "kortnr: 4111111111111111"]),
])
def test_fifth_round_cards_are_found_and_each_rule_bites(monkeypatch, fault, edit, texts):
    assert [g.pii_kinds(t) for t in texts] == [["credit_card"]] * len(texts), fault
    faulty = _with_fault(monkeypatch, edit)
    assert all(faulty.pii_kinds(t) != ["credit_card"] for t in texts), fault


@pytest.mark.parametrize("fault, edit, texts", [
    ("three digits are a phone as a phone field's value", ("source", 'return "key"', 'return ""'),
     ["contact_no = 924", "WhatsApp=922", "set cellphone -> 997", '{"phone": "924"}']),
    ("a national number's trunk 0 may stand apart", ("source", "min(sizes[1:]) >= 2 and (", "min(sizes) >= 2 and ("),
     ["Jo: 0 325 329 922", "ligne 0 800 123 456", "- 0.32.334.27.43"]),
])
def test_fifth_round_phones_are_found_and_each_rule_bites(monkeypatch, fault, edit, texts):
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * len(texts), fault
    faulty = _with_fault(monkeypatch, edit)
    assert all(faulty.pii_kinds(t) != ["us_phone"] for t in texts), fault


@pytest.mark.parametrize("text", ["call 911", "phone: 112", "phone 922 is on page 3", "iPhone=128", "mobile: 411",
                                  "version 0.32.334.27", "v 0.12.345.678", "phones: 3", "tel: 000"])
def test_fifth_round_phone_look_alikes_stay_clean(text):
    assert g.pii_kinds(text) == []


# The tenth round's card-label path (any issuer, any length 12-19 after a card label), off: faults in the issuer
# table or the 15-digit rule are seen through it only for labelled values.
CARD_LABEL_ANY_ISSUER_OFF = ("and _card_label_before(text, run.start() + groups[i][0])", "and False")


def _guardrail_with_edits(*edits):
    """config/pii_guardrail.py with several pieces of source replaced (one fault spread over a group)."""
    source = (ROOT / "config" / "pii_guardrail.py").read_text(encoding="utf-8")
    for old, new in edits:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    module = types.ModuleType("pii_guardrail_fault")
    exec(compile(source, "pii_guardrail_fault", "exec"), module.__dict__)
    return module


# Fifth round, generalisation: the words of 29 languages that label look-alikes, our kinds' words in scripts
# whose vowel signs are not \w, a transcript's speaker.  Each text is clean (or found) and the fault flips it.
LOOKALIKE_WORDS = (('r"|r[eé]f[eé]r[eêé]n\\w*|', 'r"|(?!)(?:r[eé]f[eé]r[eêé]n\\w*|'), ('|参考|참조|kumbukumbu"', '|参考|참조|kumbukumbu)"'))
SSN_WORDS = (('    r"|sozialversicherung\\w*|', '    r"|(?!)(?:sozialversicherung\\w*|'),
             ('|hifadhi[ _]ya[ _]jamii")), re.I)', '|hifadhi[ _]ya[ _]jamii)")), re.I)'))


@pytest.mark.parametrize("fault, edits, cases", [
    ("'number of <something>' is an ID", [('normalize(r"|(?:numer|', 'normalize(r"|(?!)(?:numer|')],
     [("numer klienta: 536228726", []), ("\u043d\u043e\u043c\u0435\u0440 \u0434\u043e\u0433\u043e\u0432\u043e\u0440\u0430 = 536228726", []),
      ("\u0631\u0642\u0645 \u0627\u0644\u0639\u0645\u064a\u0644: 536228726", []), ("nambari ya mteja 536228726", []),
      ("nomor anggota: 536228726", [])]),
    ("'<something> number' is an ID", [('"|(?<!" + _L + ")" + _L + r"{1,12}[ _]?(?:番号', '"|(?!)(?<!" + _L + ")" + _L + r"{1,12}[ _]?(?:番号')],
     [("\u4f1a\u54e1\u756a\u53f7: 536228726", []), ("\uace0\uac1d\ubc88\ud638: 536228726", []),
      ("\u0916\u093e\u0924\u093e \u0938\u0902\u0916\u094d\u092f\u093e: 4155550132", [])]),
    ("the look-alikes' own words in many languages", LOOKALIKE_WORDS,
     [("s\u00e9riov\u00e9 \u010d\u00edslo: 4063743572", []), ("r\u00e9f\u00e9rence: 536228726", []),
      ("pasaport no: 536228726", []), ("kumbukumbu: 536228726", []), ("variabiln\u00ed symbol: 536228726", [])]),
    ("a word's Indic vowel signs are letters", [('_L = r"(?:[^\\W\\d_]|[" + _INDIC + "])"', '_L = r"[^\\W\\d_]"')],
     [("\u0916\u093e\u0924\u093e \u0938\u0902\u0916\u094d\u092f\u093e: 4155550132", []),
      ("\u0938\u0926\u0938\u094d\u092f\u0924\u093e \u0938\u0902\u0916\u094d\u092f\u093e: 536228726", [])]),
    ("a key's '_n' suffix", [("|n(?![^\\W\\d_])|", "|")], [('{"fattura_n": "898382118"}', []), ("factura_n=536228726", [])]),
    ("SSN words of other languages", SSN_WORDS,
     [("Sozialversicherungsnummer: 536228726", ["us_ssn"]), ("\u793e\u4f1a\u4fdd\u969c\u756a\u53f7: 536228726", ["us_ssn"]),
      ("\uc0ac\ud68c\ubcf4\uc7a5\ubc88\ud638: 536228726", ["us_ssn"])]),
    ("card words are normalised like the text (\u0915\u093e\u0930\u094d\u0921 loses its virama)",
     [('+ normalize(r"|cb|kort', '+ (r"|cb|kort')],
     [("\u0915\u093e\u0930\u094d\u0921 \u0928\u0902\u092c\u0930: 4111111111111111", ["credit_card"]),
      ("\u0995\u09be\u09b0\u09cd\u09a1 \u09a8\u09ae\u09cd\u09ac\u09b0: 4111111111111111", ["credit_card"])]),
    ("12-13 grouped digits yield to an ID label", [("[12:13] == [] or max(", "[12:13] == [] and False or max(")],
     [('{"\uc77c\ub828\ubc88\ud638": "6527-7854-7685"}', []), ("serial: 6527-7854-7685", [])]),
])
def test_fifth_round_generalisation_and_each_rule_bites(fault, edits, cases):
    assert [g.pii_kinds(t) for t, _ in cases] == [k for _, k in cases], fault
    faulty = _alone(_guardrail_with_edits(*edits))
    assert all(faulty.pii_kinds(t) != k for t, k in cases), fault


def test_a_transcripts_customer_turn_is_no_customer_label_and_the_rule_bites(monkeypatch):
    texts = ["Agent (Bo): How can I help?\nCustomer: 0400448831", "Agent: hi\nCustomer: 0117649303"]
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * 2
    assert g.pii_kinds("customer: 0400448831") == []  # no transcript: a customer ID
    monkeypatch.setattr(g, "_AGENT_TURN_RE", re.compile("(?!)"))
    assert [g.pii_kinds(t) for t in texts] == [[]] * 2


@pytest.mark.parametrize("fault, edits, cases", [
    ("driver's licence and tax/VAT words of many languages",
     [('                    r"|f[oø]rerkort|', '                    r"|(?!)(?:f[oø]rerkort|'), ('|kra|partita"))', '|kra|partita)"))')],
     [("k\u00f6rkort: 536228726", []), ("prawo jazdy = 536228726", []), ("\u0631\u062e\u0635\u0629 \u0627\u0644\u0642\u064a\u0627\u062f\u0629: 536228726", []),
      ("\u904b\u8ee2\u514d\u8a31\u8a3c: 536228726", []), ("vergi no: 4155550132", []), ("Y-tunnus: 536228726", [])]),
    ("a label of a few words (licencia de conducir, patente di guida)",
     [('(?:[ _]+(?:(?:de|di|da|do|du|del|della|ya)[ _]+)?(?!(?:sent|texted|delivered|forwarded)[ _]+to(?!\\w))" + _L\n'
       '    + r"{4,20}|(?-i:[A-Z][a-z]{3,20})){0,2}', '')],
     [("licencia de conducir = 629387446", []), ("**patente di guida:** 660155412", []),
      ("leseni ya udereva: 832244349", [])]),
    ("a Cyrillic phone word stands alone (not the \u0442\u0435\u043b in \u0432\u043e\u0434\u0438\u0442\u0435\u043b\u044c\u0441\u043a\u043e\u0435)",
     [("(?<![а-яё])(?:тел|моб)", "(?:тел|моб)")],
     [("\u0432\u043e\u0434\u0438\u0442\u0435\u043b\u044c\u0441\u043a\u043e\u0435 \u0443\u0434\u043e\u0441\u0442\u043e\u0432\u0435\u0440\u0435\u043d\u0438\u0435: 416436588", [])]),
])
def test_fifth_round_licence_and_tax_words_and_each_rule_bites(fault, edits, cases):
    assert [g.pii_kinds(t) for t, _ in cases] == [k for _, k in cases], fault
    faulty = _alone(_guardrail_with_edits(*edits))
    assert all(faulty.pii_kinds(t) != k for t, k in cases), fault


@pytest.mark.parametrize("text, kinds", [
    ("\u0442\u0435\u043b\u0435\u0444\u043e\u043d: 912 345 67 89", ["us_phone"]), ("\u043c\u043e\u0431. 9123456789", ["us_phone"]),
    ("duplicate account for contact 1  213  294  7020", ["us_phone"]), ("the contact on record is 021.123.4567.", ["us_phone"]),
    ("order from Jo Park, phone 4155550132", ["us_phone"]), ("licencia de conducir y SSN 536228726", ["us_ssn"]),
])
def test_fifth_round_labels_still_convict(text, kinds):
    assert g.pii_kinds(text) == kinds


def test_the_address_rule_reads_no_further_right_than_right_context():
    # what lies more than RIGHT_CONTEXT characters right of a value never changes it (the stream masker's promise)
    text = "Na Balk\u00e1n\u011b 1174\n979 27 A\u0161 " + "x" * g.RIGHT_CONTEXT + " 5"
    assert g.pii_kinds(text) == g.pii_kinds(text[:-2]) == []
    faulty = _guardrail_with("_after(_ADDRESS_LINE_RE, text, m.end())", "_ADDRESS_LINE_RE.match(text, m.end())")
    assert faulty.pii_kinds(text) == ["us_phone"]


# Sixth round (heldout5's structural classes): each rule with the texts it decides and the fault that undoes it.
@pytest.mark.parametrize("fault, edits, cases", [
    ("a medical record number's label (MRN 3-3-3 digits read as a phone)",
     [("|record|mrn|", "|record|")],
     [("MRN: 896-587-182", []), ("  MRN: \"394-014-614\"", []), ("MRN ______ 443-680-282", [])]),
    ("the label in a comment after the value on its line",
     [('_COMMENT_AFTER = r"(?:', '_COMMENT_AFTER = r"(?!)(?:')],
     [("    field_1: '668958840'  # Passport", []), ("    field_0: '4388 7333 3565'  # Ref", []),
      ("    field_1: '362221839'  # Driver's licence no.", []), ("    field_1: '2372 662036'  # \u03a4\u03b7\u03bb\u03ad\u03c6\u03c9\u03bd\u03bf", ["us_phone"])]),
    ("a short comment on the line above names the value below it",
     [('_COMMENT_LINE_RE = re.compile(r"', '_COMMENT_LINE_RE = re.compile(r"(?!)')],
     [('  # Passport\n  value = "071135131"', []), ('  # Order #\n  value = "2934697025"', []),
      ('  # Tracking\n  value = "072995619782"', [])]),
    ("a caller's filler words before the answer to the agent's question",
     [("(?i:(?:uh|um|er|yes|", "(?i:(?!)(?:uh|um|er|yes|")],
     [("AGENT: Could you confirm the passport?\nCALLER: uh yes, it's 652826486", []),
      ("AGENT: Could you confirm the ref?\nCALLER: uh yes, it's 8429 7217 7402", []),
      ("AGENT: Could you confirm the tel.?\nCALLER: uh yes, it's (1276420199)", ["us_phone"])]),
    ("a call's record number heading a log line",
     [("if _CALL_WORD_RE.search(labels[1]) and _after(_CELL_END_RE, text, end):", "if False:")],
     [("Call 642871 | agent Milou Kissenborg | 17:39:59", [])]),
    ("a parenthesis far before the label closes nothing",
     [('    label = label[label.rfind(")") + 1 if cut else 0:]', '    label = "" if ")" in label else label')],
     [("Note (2025-07-12): spoke w/ contact, MRN: 968-993-854; she'll phone back after lunch", [])]),
])
def test_sixth_round_labels_above_and_after_and_each_rule_bites(fault, edits, cases):
    assert [g.pii_kinds(t) for t, _ in cases] == [k for _, k in cases], fault
    faulty = _alone(_guardrail_with_edits(*edits))
    assert all(faulty.pii_kinds(t) != k for t, k in cases), fault


@pytest.mark.parametrize("text, kinds", [
    ("# TODO remove before commit\nTEST_VALUE = \"061-213-3980\"", ["us_phone"]),  # a long comment names nothing
    ("# Passport\nssn = 652826486", ["us_ssn"]), ("Call 642871 now", ["us_phone"]), ("tel 642871 | agent Jo", ["us_phone"]),
    ("AGENT: Could you confirm the passport?\nCALLER: uh yes, it's 652-82-6486", ["us_ssn"]),
    ("x = '5551234' // mobile", ["us_phone"]), ("    field_2: '01 85 83 77 70'  # misc", ["us_phone"]),
])
def test_sixth_round_labels_still_convict(text, kinds):
    assert g.pii_kinds(text) == kinds


def test_a_streamed_value_waits_for_the_label_in_its_comment():
    # the comment after a value names it ("'  # MRN", "'  # mobile"): the stream masker waits for its window
    text = "vars:\n    field_3: '306-784-557'  # MRN\n    field_4: x\n"

    def streamed(module):
        masker = module.StreamMasker()
        return "".join(masker.feed(ch) for ch in text) + masker.flush()
    assert streamed(g) == g.mask_answer_text(text) == text
    faulty = _guardrail_with('_CLEAN_CLOSE_RE = re.compile(r"(?![.,;:!?%)\\]}\\"\'*~`]{0,3}[ \\t\\u00a0]+[,;]?[ \\t]*(?:#|//|--))',
                             '_CLEAN_CLOSE_RE = re.compile(r"')
    assert streamed(faulty) != text


def test_fifteen_digit_cards_from_35_and_cards_across_a_wrapped_line_and_each_rule_bites():
    cards = ['KORT: "3528-555220-57000"', "Credit card : 3528 685106 62442",
             "AGENT: Could you confirm the carte bancaire?\nCALLER: uh yes, it's 352817498697094",
             "Kredi kart\u0131 4506 6502 9886\n9198 718. Tarih", "Creditcard 3750\n030861 96210. Wat"]
    imeis = ["AGENT: Could you confirm the imei?\nCALLER: uh yes, it's 356202358729566", "356202358729566",
             "ok so the IMEI of the old unit is 356657462528057, pls dont lose it", "EAN: 0803353687801\n4987 5686 9470 2080"]
    # (the third IMEI's label is not right before it: "IMEI is <value>" needs no card-word guard since the ninth round)
    assert [g.pii_kinds(t) for t in cards] == [["credit_card"]] * 5
    assert [g.pii_kinds(t) for t in imeis] == [[], [], [], ["credit_card"]]
    assert g.pii_kinds("ok so the IMEI is 356657462528057, pls dont lose it") == []
    faulty = _guardrail_with_edits(("is_card_number(number) or _jcb15(number)", "is_card_number(number)"),
                                   CARD_LABEL_ANY_ISSUER_OFF)
    assert [faulty.pii_kinds(t) for t in cards[:3]] == [[]] * 3
    faulty = _guardrail_with('spaced = " " in raw', 'spaced = False')
    assert [faulty.pii_kinds(t) for t in cards[3:]] != [["credit_card"]] * 2
    faulty = _guardrail_with('or not _word_near(_CARD_WORDS_RE, text, start, end, _column_label(text, start))):\n            continue  # 15',
                             'or False):\n            continue  # 15')
    assert faulty.pii_kinds(imeis[1]) == ["credit_card"]  # a bare IMEI is no card without a card word
    faulty = _guardrail_with("|thẻ|th[eẻ][ _]+(?:t[ií]n|ng[aâ]n)", "|th[eẻ]")  # "the" read as Vietnamese "thẻ" (card)
    assert faulty.pii_kinds(imeis[2]) == ["credit_card"]


def test_an_rfc3966_extension_marks_a_phone_and_the_rule_bites():
    texts = ["(71137853;ext=343)", 'value = "938124530;ext=645"']  # phonenumbers' RFC3966 form writes ";ext="
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * 2
    assert g.find_pii("tel:+1-415-555-0132;ext=12")[0][1:] == (4, 26)  # the extension is masked with the number
    faulty = _guardrail_with("|;?ext[.=]?|extension|", "|ext\\.?|extension|")
    assert [faulty.pii_kinds(t) for t in texts] == [[]] * 2


# Two values one space apart: the digit run read as one candidate is cut at a single space between groups.
ADJACENT_VALUES = [
    ("call 415-555-0132 4111 1111 1111 1111 ok", ["credit_card", "us_phone"]),
    ("415-555-0132 415-555-0132", ["us_phone"]),
    ("card 4111 1111 1111 1111 123-45-6789", ["credit_card", "us_ssn"]),
    ("415-555-0132 123-45-6789", ["us_phone", "us_ssn"]),
    ("call 415-555-0132 2024-05-17 please", ["us_phone"]),
]
ADJACENT_LOOK_ALIKES = ["IBAN DE89 3704 0044 0532 0130 00", "ISBN 978-3-16-148410-0 2019", "order 1234 5678 9012",
                        "1234 5678 9012 3456", "2024-05-17 2024-06-01", "4111 1111 1111 1112"]


def test_two_values_one_space_apart_are_both_found_and_the_split_bites(monkeypatch):
    assert [g.pii_kinds(t) for t, _ in ADJACENT_VALUES] == [kinds for _, kinds in ADJACENT_VALUES]
    assert g.mask_pii("call 415-555-0132 4111 1111 1111 1111 ok") == \
        "call [REDACTED_US_PHONE] [REDACTED_CREDIT_CARD] ok"
    assert g.mask_pii("415-555-0132 415-555-0132") == "[REDACTED_US_PHONE] [REDACTED_US_PHONE]"
    assert g.mask_pii("call 415-555-0132 2024-05-17 please") == "call [REDACTED_US_PHONE] 2024-05-17 please"
    both = "+1 415 555 0132 +1 415 555 0199"
    assert [(f.kind, both[f.start:f.end]) for f in g.find_pii(both)] == [
        ("us_phone", "+1 415 555 0132"), ("us_phone", "+1 415 555 0199")]
    assert g.mask_pii(both) == "[REDACTED_US_PHONE] [REDACTED_US_PHONE]"
    faulty = _with_fault(monkeypatch, ("attr", "_split_findings", lambda text, found: []))
    assert [faulty.pii_kinds(t) for t, _ in ADJACENT_VALUES[:2]] == [[], []]
    assert faulty.pii_kinds("415-555-0132 123-45-6789") == ["us_ssn"]


def test_a_split_needs_few_tries_and_a_date_beside_a_phone_stays(monkeypatch):
    faulty = _with_fault(monkeypatch, ("attr", "_is_date", lambda value: False))
    assert faulty.pii_kinds("call 415-555-0132 2024-05-17 please") == []
    monkeypatch.undo()
    faulty = _with_fault(monkeypatch, ("attr", "MAX_SPLITS", 0))
    assert faulty.pii_kinds("415-555-0132 415-555-0132") == []


def test_look_alikes_beside_each_other_stay_clean_and_a_card_is_never_two_phones():
    assert [g.pii_kinds(t) for t in ADJACENT_LOOK_ALIKES] == [[]] * len(ADJACENT_LOOK_ALIKES)
    card = "4111 1111 1111 1111"
    assert [(f.kind, f.start, f.end) for f in g.find_pii(card)] == [("credit_card", 0, len(card))]
    assert g.mask_pii("call me " + card) == "call me [REDACTED_CREDIT_CARD]"
    faulty = _guardrail_with("one_number = all(", "one_number = False and all(")  # the fault: groups one space
    # apart all through may be cut
    assert faulty.pii_kinds("1234 5678 9012 3456") == ["us_phone"]


def test_a_scan_in_another_thread_leaves_this_threads_caches_alone(monkeypatch):
    """A request over THREAD_ABOVE_BYTES is scanned in a worker thread while the event loop scans others: the
    per-text caches (_PER_TEXT) are one set per thread, so neither scan clears or fills the other's (a run
    recorded by one text and read by another's split would change its findings).  Fault put back: one set
    shared by every thread."""
    import threading

    def scan_in_another_thread():
        worker = threading.Thread(target=g.find_pii, args=("call 415-555-0132 4111 1111 1111 1111 ok",))
        worker.start()
        worker.join()

    def runs_survive_another_threads_scan() -> bool:
        g.find_pii("tel 415-555-0132 now")
        before = list(g._PER_TEXT.runs)
        assert before, "the scan records its digit runs"
        scan_in_another_thread()
        return g._PER_TEXT.runs == before

    assert runs_survive_another_threads_scan()
    shared = type("SharedByAll", (), {"clear": g._PerText.clear})()
    shared.clear()
    monkeypatch.setattr(g, "_PER_TEXT", shared)
    assert not runs_survive_another_threads_scan()


# ------------------------------------------------------------------ round 7 (heldout6's shapes, generalised)
EXPORT = ('order_id,placed,sku,qty,ship_to,contact\n'
          '4155550132,2024-01-02,2629-6202-47,3,"Ann Lee\n12 Main Rd\nDock 1",""\n'
          '5105550199,2024-01-03,1935-2371-74,1,"5 Elm Rd",""\n')


def test_a_csv_row_under_another_row_is_read_under_the_digit_free_header(monkeypatch):
    """The line above a row is a data row (or a quoted cell's last line): the header is the nearest row above
    with no number in it.  Fault put back: the line above heads the row, so the order id and the SKU of a
    row after a multi-line cell have no label and read as phones."""
    assert g.pii_kinds(EXPORT) == []
    assert g.pii_kinds(EXPORT + '6175550123,2024-01-04,1111-2222-33,2,"7 Oak Rd","(415) 555-0132"') == ["us_phone"]
    assert g.pii_kinds('Kunde;Bestellung;Notiz\nAnn;12;x\nBo;4155550132;y') == []
    monkeypatch.setattr(g, "_HEADER_LINE_RE", re.compile(r"(?!)"))
    assert g.pii_kinds(EXPORT) == ["us_phone"]


def test_prose_with_commas_on_the_line_above_heads_no_column():
    """A header cell is a label, not a sentence.  Fault put back: the sentence above (with a phone word in
    it) is read as the header of the order number's column."""
    text = ("Agent: Thanks for calling, and hello, this call may be recorded for training.\n"
            "Caller: hi, it's Ann Lee, about order 4155550132")
    assert g.pii_kinds(text) == []
    assert g.pii_kinds("name,phone\nAnn,4155550132") == ["us_phone"]
    faulty = _guardrail_with("if cell and len(cell[0].split()) <= 4 else", "if cell else")
    assert faulty.pii_kinds(text) == ["us_phone"]


SENTENCES = ["Thanks for calling, this call may be recorded. Case 64967901 is open.",
             "I lost it, can you call me tomorrow? the parcel 9653986723 never came",
             "Merci, téléphone coupé! Ticket 4155550132 ouvert"]


def test_a_phone_word_in_an_earlier_sentence_does_not_cancel_an_id_label(monkeypatch):
    assert [g.pii_kinds(t) for t in SENTENCES] == [[]] * 3
    assert g.pii_kinds("this call is recorded. Phone 4155550132") == ["us_phone"]
    assert g.pii_kinds("call me on 4155550132") == ["us_phone"]
    monkeypatch.setattr(g, "_SENTENCE_END_RE", re.compile(""))
    assert [g.pii_kinds(t) for t in SENTENCES] == [["us_phone"]] * 3


SNIPPETS = ["def get_order(order_id):  # e.g. 8656719704", "lookup(invoiceNo);  // z.B. 4155550132",
            "cancel(ticketId);  /* example: 5105550199 */"]


def test_an_example_in_a_comment_keeps_the_id_label_of_the_code_before_it():
    assert [g.pii_kinds(t) for t in SNIPPETS] == [[]] * 3
    assert g.pii_kinds("def notify(phone):  # e.g. 4155550132") == ["us_phone"]
    faulty = _guardrail_with('label.rfind(")") + 1 if cut else 0', 'label.rfind(")") + 1')  # ")" always cuts
    assert faulty.pii_kinds(SNIPPETS[1]) == ["us_phone"]
    faulty = _guardrail_with('(?:e\\.?g"', '(?!)(?:e\\.?g"')  # no example marker
    assert all(faulty.pii_kinds(t) == ["us_phone"] for t in SNIPPETS)


DOCUMENT_NUMBERS = ["This Agreement No. 6776/2025 is made on 2 May 2025", "Contrato No. 4155 5501 32 de 2024",
                    "Polizze Nr. 415 555 0132, Seite 2", "CONTRACT NO. 5105550199"]


def test_a_noun_before_no_labels_a_document_number():
    assert [g.pii_kinds(t) for t in DOCUMENT_NUMBERS] == [[]] * 4
    assert [g.pii_kinds(t) for t in ("Mobile No. 4155550132", "Tel No. 415 555 0132", "SSN No. 536228726")] == [
        ["us_phone"], ["us_phone"], ["us_ssn"]]
    faulty = _guardrail_with("|[^\\W\\d_]{3,20}(?=[ \\t]+(?-i:N[oOr]\\.))", "")
    assert all(faulty.pii_kinds(t) for t in DOCUMENT_NUMBERS)


LOYALTY = ["FF number 516377760  Passport X1234567", "Frequent flyer 516 377 760", "loyalty 385396786",
           "rewards: 467280664"]


def test_a_loyalty_programme_number_is_an_id():
    assert [g.pii_kinds(t) for t in LOYALTY] == [[]] * 4
    assert g.pii_kinds("FF number 516377760  SSN 385396786") == ["us_ssn"]
    faulty = _guardrail_with("|ff|fqtv|frequent[ _]fl[yi]er|loyalty|miles|mileage|rewards?", "")
    assert all(faulty.pii_kinds(t) for t in LOYALTY)



SPOKEN = [("the card number is four one one one, one one one one, one one one one, one one one one", ["credit_card"]),
          ("best callback number is plus one two oh one double five five five six nine one", ["us_phone"]),
          ("the full social is oh one two nine nine three six five one", ["us_ssn"]),
          ("meine Telefonnummer ist null eins sieben eins, zwei drei vier fünf sechs sieben", ["us_phone"]),
          ("mon portable : zéro six douze", []),  # (douze is no digit word: the run is too short)
          ("mi teléfono es seis uno dos, tres cuatro cinco, seis siete ocho nueve", ["us_phone"])]
SPOKEN_PROSE = ["two or three, five hundred, one two three four five six seven", "one, two, three, four, five!",
                "the order is four one five five five five zero one three two", "I have one or two of them"]


def test_digits_read_out_word_by_word_are_judged_like_written_digits(monkeypatch):
    """Spoken digits (call transcripts): a run of five digit words or more is read as the digits it spells,
    in six languages, "double"/"triple" and "oh" too; prose with number words is no run.  Fault put back:
    no run is read."""
    assert [g.pii_kinds(t) for t, _ in SPOKEN] == [k for _, k in SPOKEN]
    assert [g.pii_kinds(t) for t in SPOKEN_PROSE] == [[]] * 4
    assert g.mask_pii(SPOKEN[2][0]) == "the full social is [REDACTED_US_SSN]"
    monkeypatch.setattr(g, "_SPOKEN_RE", re.compile(r"(?!)"))
    assert all(g.pii_kinds(t) == [] for t, k in SPOKEN)


def test_a_stream_holds_spoken_digits_until_the_run_and_its_window_are_complete(monkeypatch):
    """The stream masker releases a digit word only once the run it may open has ended (prose: one word
    late) and a whole run once its right-hand window has arrived.  Fault put back: no hold, the first
    digit words leak."""
    def streamed(text):
        masker = g.StreamMasker()
        return "".join(masker.feed(p) for p in re.findall(r"\s*\S+|\s+", text)) + masker.flush()
    for text, _ in SPOKEN:
        assert streamed(text) == g.mask_answer_text(text)
    assert g._open_spoken("I have one") == len("I have ") and g._open_spoken("I have one cat") == len("I have one cat")
    text = SPOKEN[2][0] + "\nok, thanks a lot for your help today"
    assert streamed(text) == g.mask_answer_text(text)
    monkeypatch.setattr(g, "_MAY_HOLD_VALUE_RE", re.compile(g._MAY_HOLD_VALUE_RE.pattern.split("|" + g._SPOKEN_RE.pattern)[0]))
    assert streamed(text) != g.mask_answer_text(text)  # held, then released unread
    monkeypatch.undo()
    monkeypatch.setattr(g, "_open_spoken", len)
    assert streamed(text) != g.mask_answer_text(text)


def test_an_airline_contact_element_writes_an_email_with_two_slashes(monkeypatch):
    texts = ["SSR CTCE ALYSSA.COANE//EXAMPLE.COM", "SSR CTCE YY HK1/JOHN..DOE//MAIL.EXAMPLE.CO.UK\nFOP CASH"]
    assert [g.pii_kinds(t) for t in texts] == [["email"]] * 2
    assert g.mask_pii(texts[0]) == "SSR CTCE [REDACTED_EMAIL]"
    assert g.pii_kinds("see https://example.com//path and CTCE none") == []
    masker = g.StreamMasker()  # a stream reads it too ('//' makes the masker look at what it releases)
    assert "".join(masker.feed(c) for c in texts[1]) + masker.flush() == g.mask_answer_text(texts[1])
    monkeypatch.setattr(g, "_CTCE_RE", re.compile(r"(?!)"))
    assert [g.pii_kinds(t) for t in texts] == [[]] * 2


QUERIES = ['"GET /v1/lookup?cc=4111+1111+1111+1111 HTTP/1.1"', "GET /find?x=1&phone=+47+21+23+45+98&y=2",
           "https://example.com/s?q=x&ssn=536+22+8726"]


def test_a_plus_in_a_url_query_is_a_space(monkeypatch):
    assert [g.pii_kinds(t) for t in QUERIES] == [["credit_card"], ["us_phone"], ["us_ssn"]]
    assert [g.pii_kinds(t) for t in ("?q=2+3&n=10+20", "x = 4155+550132;", "?v=2024+01+15")] == [[]] * 3
    monkeypatch.setattr(g, "_QUERY_PLUS_RE", re.compile(r"(?!)"))
    monkeypatch.setattr(g, "_form_spaces", lambda text: text)  # (the tenth round reads a form body's '+' too,
    monkeypatch.setattr(g, "_ODD_SEP_SSN_RE", re.compile(r"(?!)"))  # and '+' as an SSN's separator after "ssn")
    assert [g.pii_kinds(t) for t in QUERIES] == [[]] * 3


def test_a_phone_word_right_before_a_valid_isbn10_makes_it_a_phone_and_reached_on_is_a_phone_word():
    text = "Vendo libri ISBN 669140842-X, R$ 4.891,16, ritiro a Milano. Cell. 3123458512"
    assert g.pii_kinds(text) == ["us_phone"]
    assert g.pii_kinds("Vendo libri ISBN 3123458512, ritiro a Milano") == []
    assert _guardrail_with("and not _word_before(_PHONE_WORDS_RE, text, start, 20))", ")").pii_kinds(text) == []
    reached = "the claimant can be reached on 131/23459298"
    assert g.pii_kinds(reached) == ["us_phone"] and g.pii_kinds("sales reached 131/23459298") == []
    assert _guardrail_with("|reached on|", "|").pii_kinds(reached) == []


ADJACENT_PHONES = ["call 415 555 0132 415 555 0199", "phones: 415 555 0132 510 555 0199 thanks",
                   "tel 020 7946 0958 020 7946 0959"]


def test_two_space_grouped_phones_one_space_apart_are_two_phones():
    """Each side of the run has a phone's own grouping (3-3-4, a trunk 0): the run is cut there.  A run
    of equal groups is still one number (no two phones in 1234 5678 9012 3456).  Fault put back: no cut."""
    assert [len(g.find_pii(t)) for t in ADJACENT_PHONES] == [2] * 3
    assert g.mask_pii(ADJACENT_PHONES[0]) == "call [REDACTED_US_PHONE] [REDACTED_US_PHONE]"
    assert [g.pii_kinds(t) for t in ("1234 5678 9012 3456", "ref 4155 5501 3241 5555 0199")] == [[], []]
    faulty = _guardrail_with('and not all(_phone_shape(text[a:b]) == "phone" for a, b in sides)', "and True")
    assert [faulty.pii_kinds(t) for t in ADJACENT_PHONES] == [[]] * 3


def test_a_phone_word_inside_an_accented_word_is_no_phone_word():
    """Words are matched between letters, accented Latin letters too: "hôtel" holds no "tel".  Fault put
    back: only A-Z bounds a word."""
    text = "Confirmation hôtel 4463364010"
    assert g.pii_kinds(text) == [] and g.pii_kinds("tél 4463364010") == ["us_phone"]
    assert _guardrail_with(r"(?<![A-Za-z\u00c0-\u024f\u1e00-\u1eff])", r"(?<![A-Za-z])").pii_kinds(text) == ["us_phone"]


ROUND7_LABELS = ["Vielfliegernummer 579315508", "Hotelbestätigung 8568659580", "n.º de viajero frecuente: fidelidad 579315508",
                 "MAX_BYTES = 2948694774", "cache.set(k, v, ttl=4155550132)", "WHERE order_id IN (2517247993)"]


def test_quantity_keys_booking_words_in_other_languages_and_in_after_a_key_label_their_value():
    assert [g.pii_kinds(t) for t in ROUND7_LABELS] == [[]] * len(ROUND7_LABELS)
    assert g.pii_kinds("phone_max = 4155550132") == ["us_phone"]
    faulty = _alone(_guardrail_with('        r"|max|min|limit|size|bytes|timeout|ttl"', '        r""'))
    assert [faulty.pii_kinds(t) for t in ROUND7_LABELS[3:5]] == [["us_phone"]] * 2
    faulty = _guardrail_with("|value=|in))*", "|value=))*")
    assert faulty.pii_kinds(ROUND7_LABELS[5]) == ["us_phone"]
    faulty = _guardrail_with('        r"|vielflieger\\w*|fid[eé]lit[eé]|fidelidad\\w*|', '        r"|(?!)')
    assert faulty.pii_kinds(ROUND7_LABELS[2]) == ["us_ssn"]


def test_a_row_after_a_quoted_multi_line_cell_is_read_under_the_header():
    text = ('order_id|sku|gtin|ship_to\n2404868754|7909-9986-51|2465476339315|"50 Hauptstr.\n92523 Berlin"\n'
            '8484243508|5662-5269-22|8472557944513|"33 Hauptstr.\n52872 Berlin"')
    assert g.pii_kinds(text) == []
    assert _guardrail_with("(d in header or header.endswith('\"'))", "d in header").pii_kinds(text) == ["us_phone"]


def test_the_structures_stress_set_stays_at_its_floor():
    """Round 7's stress documents (exports, itineraries, legal text, code; 8 languages): 0.779 of the clean
    ones were flagged before the round (299/384), 0.284 after it (109/384): far from the target (legal text,
    code literals and Spanish/Polish labels are most of it); the floor holds today's count."""
    report = measure.stress_report(g)["structures"]
    assert report["with PII"][0] == report["with PII"][1] >= 24
    ok, n = report["clean"]
    assert n - ok <= 109 and n >= 384, (ok, n)


# Round 8 (heldout7's false positives): HL7 v2 and X12 segments are read by position, as their specs define them.
HL7 = ("MSH|^~\\&|EPIC|ACME|LAB|HOSP|20230706132715||ADT^A04|2903931802|P|2.5.1\r"
       "PID|1||45100573^^^MRN||Doe^Ann||19490616|F|||1 Main St^^Town^^05514||4155550132^PRN^PH^|||||0881356314|536228726\r"
       "NK1|1|Doe^Bo|SPO||(510) 555-0199\rOBX|1|NM|2345-7^Glucose^LN||160|mg/dL|70-99|H|||F\rNTE|1||call 4155550177")
X12 = ("ISA*00*          *00*          *ZZ*A41F24QC       *ZZ*CV63KYJ        *250214*1130*U*00401*772564135*0*P*>~\n"
       "GS*PO*SENDER*RECEIVER*20250214*1200*4054*X*004010~\nST*850*7754~\nBEG*00*SA*4603762**20250214~\n"
       "PER*IC*Ann Doe*TE*415-555-0132~\nREF*SY*536228726~\nPO1*1*39*EA*294.95**VP*1582766746*UP*978167691424~\n"
       "SE*10*4949~\nIEA*1*772564135~")


def _values(module, text):
    return [(f.kind, text[f.start:f.end]) for f in module.find_pii(text)]


def test_hl7_and_x12_fields_are_read_by_their_position_and_the_reader_bites(monkeypatch):
    assert _values(g, HL7) == [("us_phone", "4155550132"), ("us_ssn", "536228726"), ("us_phone", "(510) 555-0199"),
                               ("us_phone", "4155550177")]  # PID-13, PID-19, NK1-5, NTE free text; not MSH-10, PID-18
    assert _values(g, X12) == [("us_phone", "415-555-0132"), ("us_ssn", "536228726")]  # not ISA13, PO1-07, IEA02
    assert _values(g, HL7.replace("\r", "\n")) == _values(g, HL7)
    # a pipe- or star-separated line that is no segment (no MSH or segment above it, no ISA or '~') is plain text
    assert g.pii_kinds("ABC|Jo|4155550132") == ["us_phone"] and g.pii_kinds("note\nABC*Jo*4155550132") == ["us_phone"]
    faulty = _with_fault(monkeypatch, ("attr", "_segment_role", lambda text, start: None))
    assert ("us_phone", "2903931802") in _values(faulty, HL7) and ("us_ssn", "536228726") not in _values(faulty, HL7)
    assert ("us_ssn", "772564135") in _values(faulty, X12)


FORM_LABELS = ["Prescriber DEA BK8206068  NPI 2324161417", "12a D 11341.00   Control number 8963149641",
               "Rx 4155550132  Refills: 3", "NHS number 4155550132"]


def test_prescription_form_and_health_service_labels_excuse_their_numbers():
    assert [g.pii_kinds(t) for t in FORM_LABELS] == [[]] * len(FORM_LABELS)
    assert g.pii_kinds("NPI 2324161417, phone 4155550132") == ["us_phone"]
    faulty = _guardrail_with('        r"|npi|dea|ndc|rx|control|nhs"', '        r""')
    assert [faulty.pii_kinds(t) for t in FORM_LABELS] == [["us_phone"]] * len(FORM_LABELS)


MAIL_IDS = ["Message-ID: <c79fb6a76daf.1716901180266@hungry-graffiti.com>",
            "In-Reply-To: <a1@x.example> <b2.77@mail.example.org>", "references: <9f2@lists.example.net>"]


def test_a_mails_own_message_id_is_no_email_and_the_rule_bites(monkeypatch):
    assert [g.pii_kinds(t) for t in MAIL_IDS] == [[]] * len(MAIL_IDS)
    assert g.pii_kinds("Reply-To: <ann.lee@example.com>") == ["email"]
    assert g.pii_kinds("Message-ID: <x1@host.example>\nFrom: ann.lee@example.com") == ["email"]
    faulty = _with_fault(monkeypatch, ("attr", "_MSG_ID_RE", re.compile(r"(?!)")))
    assert [faulty.pii_kinds(t) for t in MAIL_IDS] == [["email"]] * len(MAIL_IDS)


LOWERCASE_SENTENCES = ["No phone number here, message me through the site. invoice 676333707198",
                       "No phone here, message me through the site. account 5216201397"]


def test_an_id_label_after_a_lowercase_sentence_start_is_not_cancelled_by_the_sentence_before(monkeypatch):
    assert [g.pii_kinds(t) for t in LOWERCASE_SENTENCES] == [[]] * 2
    assert g.pii_kinds("message me through the site. phone 4155550132") == ["us_phone"]
    assert g.pii_kinds("call me on tel. 4155550132") == ["us_phone"]
    faulty = _guardrail_with(r'|[a-z]{4}\.[ \t]+|[?!]', r'|[?!]')
    assert [faulty.pii_kinds(t) for t in LOWERCASE_SENTENCES] == [["us_phone"]] * 2


SSN_5_4 = ["SSN: 32276-5806", "[verified seller, ssn 72312-2822 on file]", "E1: SSN\tE2: 86878-7477"]


def test_an_ssn_grouped_like_a_zip_plus_4_counts_only_right_after_an_ssn_word(monkeypatch):
    assert [g.pii_kinds(t) for t in SSN_5_4] == [["us_ssn"]] * len(SSN_5_4)
    assert [g.pii_kinds(t) for t in ("Springfield, IL 62704-1234", "ZIP 32276-5806", "SSN on file; ZIP code 32276-5806")] \
        == [[]] * 3
    faulty = _with_fault(monkeypatch, ("attr", "_SSN_5_4_RE", re.compile(r"(?!)")))
    assert all("us_ssn" not in faulty.pii_kinds(t) for t in SSN_5_4)


# ------------------------------------------------------------------ ninth round (heldout8's errors, by general rules)
CDR = "call_id,start_utc,duration_s,trunk\n0737061825,2025-10-20T09:19:40Z,2412,TRK02\n7754101867,2025-12-28T01:50:00Z,260,TRK01"
ID_COMPOUNDS = [CDR, "callId: 0737061825", "phone_number_id=106540352242922", "sms_ref 4155550132"]


def test_an_identifier_compound_of_a_phone_word_labels_no_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in ID_COMPOUNDS] == [[]] * len(ID_COMPOUNDS)
    assert g.pii_kinds("caller_id,start_utc\n4155550132,2025-10-20T09:19:40Z") == ["us_phone"]  # caller ID is the number
    assert g.pii_kinds("callerid=0737061825") == ["us_phone"] and g.pii_kinds("phone_no: 0737061825") == ["us_phone"]
    faulty = _guardrail_with('(?:id|ids|uuid|guid|ref|key|sid|hash)(?![a-z]))"', '(?!))"')
    assert [faulty.pii_kinds(t) for t in ID_COMPOUNDS] == [["us_phone"]] * len(ID_COMPOUNDS)


def _luhn_completed(body: str) -> str:
    return next(body + d for d in "0123456789" if g.luhn_ok(body + d))


# Brands and lengths outside the eighth round's table: UATP (1, 15), BC Card (94), UzCard, Humo, Napas (19),
# China T-Union (31, 19), enRoute (2014, 15), Borica (2205), GPN (1946, 18)
NEW_IINS = [_luhn_completed(p) for p in ("18251441032187", "940992432570531", "860012345678901", "986012345678901",
                                         "970412345678901234", "311234567890123456", "20141234567890",
                                         "220512345678901", "19461234567890123")]


def test_the_public_iin_table_finds_every_brand_and_length_and_the_table_bites():
    assert [g.card_brand(n) for n in NEW_IINS] == ["uatp", "bccard", "uzcard", "humo", "napas", "t-union", "enroute",
                                                   "borica", "gpn"]
    assert [g.pii_kinds("card " + n) for n in NEW_IINS] == [["credit_card"]] * len(NEW_IINS)
    assert g.card_brand(_luhn_completed("18251441032187") + "0") is None  # UATP is 15 digits only
    assert g.card_brand("0604489693810") == "maestro" and g.card_brand("0605489693810") is None  # the "0604" range
    faulty = _guardrail_with_edits(('"napas:9704:16,19 gpn:1946:16,18,19"', '""'), CARD_LABEL_ANY_ISSUER_OFF)
    assert [faulty.pii_kinds("card " + n) for n in NEW_IINS[4:5] + NEW_IINS[-1:]] == [[], []]


def test_a_bare_uatp_number_is_an_imei_shape_unless_a_card_word_is_near_and_the_rule_bites():
    imei = "devices: 155607516816399 fw 1.2"
    assert g.pii_kinds(imei) == []
    assert g.pii_kinds("Paid with 155816907756102") == ["credit_card"] and g.pii_kinds("card 155607516816399") == [
        "credit_card"]
    faulty = _guardrail_with('or card_brand(text[start:end]) == "uatp")', ')')
    assert faulty.pii_kinds(imei) == ["credit_card"]


USPS = ["shipped: 9400 6010 8068 4261 6913 03 today", "9400 1179 6806 7271 4596 22 (the parcel)"]


def test_one_grouping_past_19_digits_is_a_code_not_a_card_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in USPS] == [[], []]
    assert g.pii_kinds("card 9409 9243 2570 5316, exp 12/27") == ["credit_card"]
    assert g.pii_kinds("pan\n5270 8001 9536 3598\n 3491 | x") == ["credit_card"]  # a row below is no continuation
    faulty = _guardrail_with("best = best_before  #", "pass  #")
    assert [faulty.pii_kinds(t) for t in USPS] == [["credit_card"]] * 2


CRONTAB_PAGES = ["*/15 * * * * /usr/bin/flock -n /tmp/sync.lock python3 sync.py --page 06 12345678\n30 2 1 * * find",
                 "*/5 * * * * python3 alert.py --notify 021 2345 6789\n30 2 1 * * find /var/log -mtime +44"]


def test_a_cli_flag_that_pages_someone_labels_the_phone_after_it_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in CRONTAB_PAGES] == [["us_phone"]] * 2
    assert g.pii_kinds("python3 report.py --page 2 --limit 50") == []
    faulty = _guardrail_with('r"|(?<=--)(?:page|pager|notify|alert|oncall|on-call|escalate)"', 'r""')
    assert [faulty.pii_kinds(t) for t in CRONTAB_PAGES] == [[]] * 2


MY_NUMBER_NATIVE = [("Translate: नमस्ते. मेरा नंबर ६०११५४३३६४३३३६४४", ["credit_card"]),
                    ("Translate: سلام. شماره من ۰۴ ۱۶۲۳۳۵۰۳", ["us_phone"]),
                    ("Translate: नमस्ते. मेरा नंबर 04 16233503", ["us_phone"])]


def test_my_number_in_other_scripts_is_no_id_label_and_the_rule_bites():
    assert [g.pii_kinds(t) for t, _ in MY_NUMBER_NATIVE] == [k for _, k in MY_NUMBER_NATIVE]
    assert g.pii_kinds("ऑर्डर नंबर ६०११५४३३६४३३३६४४") == []  # "order number" still names an ID
    faulty = _guardrail_with('r"(?:(?!" + _MY_NUMBER + ")"', 'r"(?:"')  # a card needs it (a phone word convicts a phone)
    assert faulty.pii_kinds(MY_NUMBER_NATIVE[0][0]) == []
    faulty = _guardrail_with('normalize(r"|मेरा[ _]+(?:नंबर|नम्बर)|شماره[ _]+(?:من|ام)', 'normalize(r"|(?!)')
    assert [faulty.pii_kinds(t) for t, _ in MY_NUMBER_NATIVE[1:]] == [[], []]
    faulty = _guardrail_with('"|(?<!" + _L + ")" + _L + r"{1,12}[ _]?(?:番号', '"|" + _L + r"{1,12}[ _]?(?:番号')
    assert faulty.pii_kinds(MY_NUMBER_NATIVE[0][0]) == []  # (the label read from inside "मेरा": "रा नंबर")


def test_an_ssn_shape_after_my_number_stays_an_ssn_and_the_rule_bites():
    texts = ["My number 384-99-4760", "Translate: سلام. شماره من ۳۸۴-۹۹-۴۷۶۰", "mi número 384.99.4760"]
    assert [g.pii_kinds(t) for t in texts] == [["us_ssn"]] * 3
    assert g.pii_kinds("phone 384-99-4760") == ["us_phone"] and g.pii_kinds("my number 384 99 4760") == ["us_phone"]
    faulty = _guardrail_with('and not (\n                s1 == s2 and s1 in "-."', 'and not (\n                False')
    assert [faulty.pii_kinds(t) for t in texts] == [["us_phone"]] * 3


CUT_AT_LINE_END = ["sync.py --page +1 927 747 2616\n30 2 1 * * find /var/log", "+92(144)022 2374\n30 2 1 * * find /var/log"]


def test_a_whole_international_number_ends_at_its_line_break_and_the_rule_bites():
    assert [_values(g, t) for t in CUT_AT_LINE_END] == [[("us_phone", "+1 927 747 2616")], [("us_phone", "+92(144)022 2374")]]
    assert _values(g, "call +1 415 555\n0132 tomorrow") == [("us_phone", "+1 415 555\n0132")]  # a wrapped number
    faulty = _guardrail_with('or not k and text[pos] == "+" and _cut_fits(', 'or False and _cut_fits(')
    assert [_values(faulty, t) for t in CUT_AT_LINE_END] == [[("us_phone", "+1 927 747 2616\n30 2 1")], []]  # (a phone
    # label before a '+' run ending in one digit takes the whole run: round 14)


def test_a_long_number_after_00_must_fit_its_country_and_the_rule_bites():
    order = "Subject: Re: Small Fresh Fish 002-1297338-8306925"  # an order number's 3-7-7 shape
    assert g.pii_kinds(order) == []
    assert g.pii_kinds("call 0049 30 1234567890") == ["us_phone"] and g.pii_kinds("dial 00 44 20 7946 0958") == [
        "us_phone"]
    faulty = _guardrail_with("15 >= n >= 10 and min(sizes[1:]) >= 2", "n >= 10 and min(sizes[1:]) >= 2")
    assert faulty.pii_kinds(order) == ["us_phone"]


def test_an_imei_label_right_before_an_imei_shaped_number_beats_a_card_word_earlier_and_the_rule_bites():
    mdm = "MDM export:\nGorgeous Metal Pan IMEI 354418204507053  MAC ec-16-81-7b-fe-e9  fw 18.6.13"
    assert g.pii_kinds(mdm) == [] and g.pii_kinds("card 354418204507053") == ["credit_card"]
    faulty = _guardrail_with('_word_in(\n                _IMEI_WORD_RE, text, start - 12, start) or', 'False or')
    assert faulty.pii_kinds(mdm) == ["credit_card"]


NATIVE_DIGIT_ZEROS = ("\u0660", "\u06f0", "\u0966", "\u09e6", "\u0e50", "\u1040")  # Arabic-Indic, Persian, Devanagari,
# Bengali, Thai, Myanmar: NFKC leaves them as they are
NATIVE_VALUES = ["my card is 4111 1111 1111 1111 thanks", "call me at (415) 555-0132 tonight", "SSN 536-22-8726 ok"]


def _in_digits(text: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)


def test_native_digits_are_read_in_requests_answers_and_streams_and_the_folding_bites():
    for zero in NATIVE_DIGIT_ZEROS:
        for value in NATIVE_VALUES:
            text = _in_digits(value, zero)
            assert g.mask_text(text) == g.mask_pii(value), (zero, value)  # masks land on the native characters
            whole = g.mask_answer_text(text)
            for size in (1, 3):
                masker = g.StreamMasker()
                assert "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush() \
                    == whole != text, (zero, value, size)
    faulty = _guardrail_with_edits(("str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c", "c"),
                                   CARD_LABEL_ANY_ISSUER_OFF)  # (after "card is" the Luhn check reads native digits)
    # (Python's \d matches any Nd digit, so the phone and SSN patterns match unfolded digits; the issuer table does not)
    assert all(faulty.pii_kinds(_in_digits(NATIVE_VALUES[0], z)) == [] for z in NATIVE_DIGIT_ZEROS)


CSV_SHORT_CELL = ["trunk,caller,callee,cause,bytes\nTRK33,QUEUE56,(800) 289-2352,16,78980",
                  "trunk,callee,cause\nTRK45,1-570-115-3851,16,47710"]


def test_a_cell_of_one_or_two_digits_after_a_value_is_no_decimal_part_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in CSV_SHORT_CELL] == [["us_phone"]] * 2
    assert g.pii_kinds("total 4155550132,50 EUR") == []  # a decimal part still continues the number
    faulty = _guardrail_with(r"|\d\d? [A-Z][a-z]{2} \d|\d\d?,)\d", r"|\d\d? [A-Z][a-z]{2} \d)\d")
    assert [faulty.pii_kinds(t) for t in CSV_SHORT_CELL] == [[]] * 2


# ------------------------------------------------------------------ tenth round (heldout9's errors, by general rules)
QUOTED_LOCALS = ['Correo: "carol smith"@example.tf', 'From: Kenneth Davis <"anna williams"@example.gy>',
                 '{"text": "E-Mail: \\"thomas garcia\\"@example.pe"}', '=IF(B30="",""sarah jackson"@example.cc",B35)',
                 'mail "john.doe"@example.com']


def test_a_quoted_email_local_part_is_an_email_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in QUOTED_LOCALS] == [["email"]] * len(QUOTED_LOCALS)
    assert _values(g, QUOTED_LOCALS[0]) == [("email", '"carol smith"@example.tf')]  # the quotes are masked with it
    assert g.pii_kinds('he said "hello there" @ the door, see example.com') == []
    faulty = _guardrail_with('r"|(?P<quoted>" + _QUOTED_LOCAL', 'r"|(?P<quoted>(?!)" + _QUOTED_LOCAL')
    assert [faulty.pii_kinds(t) for t in QUOTED_LOCALS] == [[]] * len(QUOTED_LOCALS)


FORM_BODIES = [("ApiVersion=2010-04-01&Body=Hi+there.+SSN%3A+437-08-7311&ToCountry=US", "us_ssn"),
               ("NumMedia=0&Body=Hi.+Carte+bancaire%3A+6060+5504+2571+3676+6&To=US", "credit_card"),
               ("From=%2B1+%28416%29+610-9876&ToCountry=US", "us_phone")]


def test_a_plus_in_a_form_body_is_a_space_and_the_rule_bites():
    assert [g.pii_kinds(t) for t, _ in FORM_BODIES] == [[kind] for _, kind in FORM_BODIES]
    assert _values(g, FORM_BODIES[2][0]) == [("us_phone", "%2B1+%28416%29+610-9876")]  # a '%2B' stays a plus sign
    assert g.pii_kinds("total = 4+5+6 and 7+8") == []
    faulty = _guardrail_with('return _FORM_BODY_RE.sub(lambda m: m.group(0).replace("+", " "), text)', "return text")
    assert [kind in faulty.pii_kinds(t) for t, kind in FORM_BODIES] == [False, False, True]  # (the phone: "+(416)+")


def test_a_percent_escaped_utf8_character_is_read_and_masked_whole_and_the_rule_bites():
    text = "To=US&Body=Courriel%3A+j%C3%B6rg%40m%C3%BCnchen-post.de&NumMedia=0"
    assert _values(g, text) == [("email", "j%C3%B6rg%40m%C3%BCnchen-post.de")]
    assert g.mask_text("mail to j%C3%B6rg%40example.d%C3%A9 now") == "mail to [REDACTED_EMAIL] now"  # ends in an escape
    assert g.pii_kinds("bad escape %C3%28 and %E2%82 here") == []
    faulty = _guardrail_with('|%[C-Fc-f][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){1,3}"', '"')
    assert faulty.pii_kinds(text) == []


LABELLED_ODD_CARDS = ["Cartão: 5210 0401 0522 1557 1. In lieu of flowers", "カード番号: 52068610001517891",
                      "Carta di credito   5188.3459.2869.6798.2", "Kreditkarte: 51078268843102941"]


def test_a_card_label_lets_a_luhn_number_of_any_issuer_and_length_count_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in LABELLED_ODD_CARDS] == [["credit_card"]] * len(LABELLED_ODD_CARDS)
    assert g.pii_kinds("ref 5210 0401 0522 1557 1") == [] and g.pii_kinds("Kreditkarte: 51078268843102940") == []
    assert g.pii_kinds("Gorgeous Metal Pan IMEI 497469733761982") == []  # the label right before is an IMEI's
    faulty = _guardrail_with(*CARD_LABEL_ANY_ISSUER_OFF)
    assert [faulty.pii_kinds(t) for t in LABELLED_ODD_CARDS] == [[]] * len(LABELLED_ODD_CARDS)


IRC_TIMES = ["11:56 <frank> SSN: 160-87-0615\n07:53 <steven> hello", "12:00 <jen> SSN: 520-25-2572\n12:51 <tao> hi"]


def test_a_value_ends_before_a_time_opening_the_next_line_and_the_rule_bites():
    assert [_values(g, t) for t in IRC_TIMES] == [[("us_ssn", "160-87-0615")], [("us_ssn", "520-25-2572")]]
    assert _values(g, "card 3528694781558314\n18:07 <x> hi") == [("credit_card", "3528694781558314")]
    faulty = _guardrail_with(r'r"(?!\w|[./\-:]?\d|"', r'r"(?!\w|[./\-]?\d|"')
    assert all("us_ssn" not in faulty.pii_kinds(t) for t in IRC_TIMES)


GEDCOM = "0 @I230@ INDI\n1 NAME Sandra Williams\n1 PHON +63 923 394 6554\n1 NOTE serial SNA706956964\n0 TRLR"


def test_a_number_opening_the_next_line_before_a_word_ends_a_phone_and_the_rule_bites():
    assert _values(g, GEDCOM) == [("us_phone", "+63 923 394 6554")]
    assert _values(g, "call 415 555 0132\n2. next item") == [("us_phone", "415 555 0132")]
    assert _values(g, "call +1 415 555\n0132 tomorrow") == [("us_phone", "+1 415 555\n0132")]  # still a wrapped number
    faulty = _guardrail_with("or last and before >= 7 and len(after) <= 2", "or False")
    assert faulty.pii_kinds(GEDCOM) == []


NACHA = ("101 456426661 4664883222304131200A094101ECHGVC              \n"
         "6277524097113080000014540LISA YOUNG            0374202624341001")


def test_a_nacha_file_header_holds_routing_numbers_not_ssns_and_the_rule_bites():
    assert g.pii_kinds(NACHA) == []
    assert g.pii_kinds(NACHA + "\n; addenda: SSN: 686-07-3156") == ["us_ssn"]
    assert g.pii_kinds("101 456426661 was the code") == ["us_ssn"]  # only the whole header's shape
    faulty = _guardrail_with("if _NACHA_HEADER_RE.match(", "if None and _NACHA_HEADER_RE.match(")
    assert faulty.pii_kinds(NACHA) == ["us_ssn"]


def test_a_fund_number_is_an_id_not_a_card_and_the_label_bites():
    text = "In lieu of flowers, donate to fund 584036880340937164."
    assert g.pii_kinds(text) == [] and g.pii_kinds("card 584036880340937164") == ["credit_card"]
    faulty = _guardrail_with("|acct|fund|", "|acct|")
    assert faulty.pii_kinds(text) == ["credit_card"]


ODD_SEPARATOR_SSNS = ["SSN 536+22+8726", "SSN 536:22:8726", "ssn: 078+05+1120", "SSN:536:22:8726"]


def test_any_separator_joins_an_ssn_after_an_ssn_word_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in ODD_SEPARATOR_SSNS] == [["us_ssn"]] * len(ODD_SEPARATOR_SSNS)
    assert g.pii_kinds("at 536:22:8726 the log rotated") == [] and g.pii_kinds("SSN 000+22+8726") == []
    faulty = _guardrail_with("for m in _ODD_SEP_SSN_RE.finditer(text):", "for m in ():")
    assert [faulty.pii_kinds(t) for t in ODD_SEPARATOR_SSNS] == [[]] * len(ODD_SEPARATOR_SSNS)


STREAMED_EMAILS = ['Email : "jennifer martinez"@example.my\nnext', '{"text": "E-Mail: \\"thomas garcia\\"@example.pe"}',
                   "1  Amy  jörg@ญี่ปุ่น.th    +30 692 231 5380", "邮件 zhang.wei@例子.中国 谢谢", "メール: taro@例え.テスト まで"]


def _streamed(module, text: str, size: int) -> str:
    masker = module.StreamMasker()
    return "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush()


def test_a_stream_holds_a_quoted_local_part_and_a_domain_in_any_script_and_the_hold_bites():
    for text in STREAMED_EMAILS:
        whole = g.mask_answer_text(text)
        assert "[REDACTED_EMAIL]" in whole and all(_streamed(g, text, size) == whole for size in (1, 2, 3)), text
    faulty = _guardrail_with("_open_spoken(text), _open_email_tail(text))", "_open_spoken(text))")
    # (not "邮件 zhang.wei@...": the email-label rule for Han runs holds it too)
    assert all(any(_streamed(faulty, t, size) != faulty.mask_answer_text(t) for size in (1, 2, 3))
               for t in STREAMED_EMAILS if not t.startswith("邮件"))


# ---------------------------------------------------------------- round 11 (tuned on heldout10)
LOG_MAIL_IDS = ["2026-11-18T19:16:15Z  RECEIVE  SMTP  MsgId=<08fbc3ad-1bee@EUR03.prod>  Size=487964",
                'postfix/cleanup[812]: 4F2A1: message-id=<20260218.77@mx.example.org>',
                '{"ts": 1, "message_id": "<a1b2@host.example>"}', "X-Internet-Message-Id: <77ab@mail.example>"]


def test_a_message_id_field_anywhere_on_a_log_line_is_no_email_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in LOG_MAIL_IDS] == [[]] * len(LOG_MAIL_IDS)
    assert g.pii_kinds("MsgId=<x1@host.example>  From=<ann.lee@example.com>") == ["email"]
    assert g.pii_kinds("user=<ann.lee@example.com>") == ["email"]
    faulty = _guardrail_with("if _MSG_ID_RE.search(_line_before(", "if _MSG_ID_RE.match(_line_before(")
    assert all(faulty.pii_kinds(t) == ["email"] for t in LOG_MAIL_IDS[:3])
    faulty = _guardrail_with("(?:message|msg)[-_ ]?id|in-reply-to", "message-id|in-reply-to")
    assert [faulty.pii_kinds(t) for t in LOG_MAIL_IDS[::2]] == [["email"]] * 2


ZERO_PADDED = ["E1KNB1M   005 BUKRS=1000 AKONT=0000140000 ZTERM=Z030", "GL 00001234567", "moved 0000 1400 0012"]


def test_a_digit_run_opening_with_0000_is_no_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in ZERO_PADDED] == [[]] * len(ZERO_PADDED)
    assert g.pii_kinds("tel 0049 30 1234567") == ["us_phone"] and g.pii_kinds("AKONT 0140000123") == ["us_phone"]
    faulty = _alone(_guardrail_with('if digits.startswith("0000") or n == 14', 'if n == 14'))
    assert [faulty.pii_kinds(t) for t in ZERO_PADDED] == [["us_phone"]] * 3


CNPJS = ["E1KNA1M   005 NAME1=Kylian Giraud STCD1=00.299.708/0001-95", "Fornecedor: ACME Ltda, 00.412.345/0001-52"]


def test_a_cnpj_with_valid_check_digits_is_no_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in CNPJS] == [[]] * len(CNPJS)
    assert g._cnpj_ok("11444777000161") and not g._cnpj_ok("11444777000162") and not g._cnpj_ok("0" * 14)
    assert g.pii_kinds("STCD1=00.299.708/0001-96") == ["us_phone"]  # a check digit off: the phone's shape stands
    faulty = _guardrail_with("and _CNPJ_SHAPE_RE.fullmatch(body) and _cnpj_ok(digits)", "and False")
    assert [faulty.pii_kinds(t) for t in CNPJS] == [["us_phone"]] * 2


FLIGHT_SEGMENTS = ["RP/FRA1A0481/  UKWNPD\n  1.DOE/JOHN MR\n  2  LH943 Y 12DEC 3 FRAJFK HK1  1035 1310  *1A/E*",
                   " 1 AA 100Y 12DEC 3 JFKLAX HK2  0800  1130  /DCAA*ABCDEF /E"]


def test_departure_and_arrival_times_of_a_flight_segment_are_no_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in FLIGHT_SEGMENTS] == [[]] * len(FLIGHT_SEGMENTS)
    assert g.pii_kinds("call 1035 1310") == ["us_phone"]  # the same digits with no segment before them
    assert g.pii_kinds("FRAJFK HK1  1035 1390") == ["us_phone"]  # 90 is no minute
    faulty = _guardrail_with("or _HHMM_PAIR_RE.fullmatch(text, start, end) and", "or None and")
    assert [faulty.pii_kinds(t) for t in FLIGHT_SEGMENTS] == [["us_phone"]] * len(FLIGHT_SEGMENTS)


WEBRTC_STATS = ['{"type": "inbound-rtp", "ssrc": 3986030081, "packetsLost": 152}',
                '{"type": "inbound-rtp", "jitter": 0.0149, "bytesReceived": 717515389}',
                'outbound-rtp framesEncoded=4155550132 headerBytesSent=536228726']


def test_rtp_stream_ids_and_camelcase_quantity_keys_label_their_value_and_the_rules_bite():
    assert [g.pii_kinds(t) for t in WEBRTC_STATS] == [[]] * len(WEBRTC_STATS)
    assert g.pii_kinds('{"phoneNumber": 4155550132}') == ["us_phone"]
    assert g.pii_kinds('{"customerMobile": "4155550132"}') == ["us_phone"]  # a phone word in the key still convicts
    faulty = _guardrail_with("|samples|ssrc|csrc", "|samples")
    assert faulty.pii_kinds(WEBRTC_STATS[0]) == ["us_phone"]
    faulty = _alone(_guardrail_with("|(?-i:[A-Z][a-z]{3,20})){0,2}", "){0,2}"))
    assert [faulty.pii_kinds(t) for t in WEBRTC_STATS[1:]] == [["us_ssn"], ["us_phone", "us_ssn"]]


GS1_AND_OBIS = ["Pallet for Nordwind Logistik; weight (3103)726755", "(01)04902547087970 (3202)004155 (17)271118",
                "/ISK5MT294-9839\n1-0:1.8.1(047396.023*kWh)\n1-0:2.8.1(007656.679*kWh)", "0-1:24.2.1(0415550132*m3)"]


def test_gs1_trade_measures_and_obis_meter_readings_are_no_phone_and_the_rules_bite():
    assert [g.pii_kinds(t) for t in GS1_AND_OBIS] == [[]] * len(GS1_AND_OBIS)
    assert g.pii_kinds("call (4155)550132") == ["us_phone"] and g.pii_kinds("tel (047) 396 0231") == ["us_phone"]
    faulty = _guardrail_with("or _GS1_MEASURE_RE.fullmatch(text, start, end) or", "or")
    assert faulty.pii_kinds(GS1_AND_OBIS[0]) == ["us_phone"]
    faulty = _guardrail_with("or _OBIS_BEFORE_RE.search(text, max(0, start - 24), start)", "or None")
    assert [faulty.pii_kinds(t) for t in GS1_AND_OBIS[2:]] == [["us_phone"]] * 2


MAILCHIMP = ("Email Address,First Name,Last Name,Phone Number,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,LEID,EUID\n"
             "(deleted),Roland,Budai,,2,2026-08-11 03:12:44,52.109.4.106,800166693,bc62adf416")
REQUESTS = ["Agencia Tributaria — Requerimiento 9712659854\nObligado: Noa Roux.", "Requerimento n.º 5436032717"]


def test_a_mailing_lists_member_id_and_a_tax_request_number_are_ids_and_the_labels_bite():
    assert g.pii_kinds(MAILCHIMP) == [] and [g.pii_kinds(t) for t in REQUESTS] == [[]] * 2
    assert g.pii_kinds(MAILCHIMP.replace(",,2,", ",415-555-0132,2,")) == ["us_phone"]  # its phone column still counts
    faulty = _guardrail_with('        r"|leid|euid"', '        r""')
    assert faulty.pii_kinds(MAILCHIMP) == ["us_ssn"]
    faulty = _guardrail_with("|patente|requerimi?ento", "|patente")
    assert [faulty.pii_kinds(t) for t in REQUESTS] == [["us_phone"]] * 2
    faulty = _guardrail_with(r"|n\.o(?![^\W\d_])|", "|")
    assert faulty.pii_kinds("factura n.º 5436032717") == ["us_phone"] and g.pii_kinds("factura n.º 5436032717") == []


AADHAARS = ["KYC worksheet\nIN Aadhaar-like test value: 7358 0204 7892\nBR CPF: 765.281.979-20",
            "support: Aadhaar mat bhejo (7246 7688 8736 jaisa kuch bhi), bas order id kaafi hai", "UIDAI no. 5309 1356 0075"]


def test_twelve_digits_in_fours_after_an_aadhaar_word_are_no_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in AADHAARS] == [[]] * len(AADHAARS)
    assert g.pii_kinds("Aadhaar linked, mobile 9876 5432 1098") == ["us_phone"]  # a phone word after it names the value
    assert g.pii_kinds("x 7358 0204 7892") == ["us_phone"]  # no Aadhaar word: the grouping alone stays a phone's
    faulty = _guardrail_with("or _AADHAAR_SHAPE_RE.fullmatch(text, start, end) and", "or None and")
    assert [faulty.pii_kinds(t) for t in AADHAARS] == [["us_phone"]] * len(AADHAARS)


FORMS_OF_PAYMENT = ["  5 FA PAX 220-5072816441/ETLH/EUR1632.47\n  7 FP CC379955837289410/1227",
                    "  7 FP CC5061800341837656054/1227", "FP PAX CCVI4111111111111111/0828"]


def test_a_bookings_form_of_payment_holds_a_card_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in FORMS_OF_PAYMENT] == [["credit_card"]] * len(FORMS_OF_PAYMENT)
    assert g.pii_kinds("  7 FP CC379955837289411/1227") == []  # Luhn fails: no card
    faulty = _guardrail_with('    if "FP" in text:\n', '    if None:\n')
    assert [faulty.pii_kinds(t) for t in FORMS_OF_PAYMENT] == [[]] * len(FORMS_OF_PAYMENT)


EDIFACT = ("UNA:+.? 'UNB+UNOC:3+5428973574149:14+5626206262317:14+261202:1189+45522'UNH+1+ORDERS:D:96A:UN'"
           "NAD+BY+5900115667981::9++Enna Deckert+Melikedorf'QTY+21:142'COM+201-349-5665 ext. 852:TE'"
           "COM++33 754413139:FX'COM+iryna.b37@gmx.com:EM'UNT+8+1'")


def test_an_edifact_com_segment_names_its_phone_and_email_and_the_rules_bite():
    assert _values(g, EDIFACT) == [("us_phone", "201-349-5665 ext. 852"), ("us_phone", "+33 754413139"),
                                   ("email", "iryna.b37@gmx.com")]
    assert g.pii_kinds("UNB+UNOC:3+5428973574149:14+5626206262317:14'COM+ORD-2022-8322:ZZ'") == []
    assert g.pii_kinds("git clone git@github.com:org/repo.git") == []  # still an ssh remote
    faulty = _guardrail_with('    if "COM+" in text:', '    if None:')
    assert faulty.pii_kinds(EDIFACT.replace("COM+iryna.b37@gmx.com:EM'", "")) == ["us_ssn"]
    faulty = _guardrail_with("isspace() and not edi:", "isspace():")
    assert "email" not in faulty.pii_kinds(EDIFACT)


BOLD_NUMBERS = ["- Venue contact: **+55 03 **35704608", "- Venue contact: **5714**6147",
                "- Venue contact: **(920)31**1-11-00", "- Venue contact: **1-690-247-**6176 x6552"]


def test_markdown_bold_closing_inside_a_number_is_read_as_absent_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in BOLD_NUMBERS] == [["us_phone"]] * len(BOLD_NUMBERS)
    assert _values(g, BOLD_NUMBERS[1]) == [("us_phone", "5714**6147")]  # positions in the raw text
    assert g.mask_pii(BOLD_NUMBERS[0]) == "- Venue contact: **[REDACTED_US_PHONE]"
    assert g.pii_kinds("x = 2**31 - 1; y = 10**9") == [] and g.pii_kinds("**Phone:** 415 555 0132") == ["us_phone"]
    faulty = _guardrail_with('    if "**" in text or "<" in text:\n', '    if "<" in text:\n')
    assert [faulty.pii_kinds(t) for t in BOLD_NUMBERS[:3]] == [[]] * 3


QUOTED_CSV = ('"Account Name","Contact","Phone","Opportunity ID","Amount"\n'
              '"Frączek, Czyż and Wójtowicz Corp.","Sergiusz Wójcik","930.820.489","006183590656D7F","4665.53 BRL"')


def test_a_delimiter_inside_a_quoted_cell_does_not_shift_the_column_and_the_rule_bites():
    assert g._column_label(QUOTED_CSV, QUOTED_CSV.index("930.820")) == "Phone "
    assert g.pii_kinds(QUOTED_CSV) == ["us_phone"]
    faulty = _guardrail_with("    if column and '\"' in text[line_start:start]:", "    if None:")
    assert faulty._column_label(QUOTED_CSV, QUOTED_CSV.index("930.820")) == "Opportunity ID "
    assert faulty.pii_kinds(QUOTED_CSV) == []


SENT_TO = ["Last log: otp sent to 601 554 249", "order delivered to 601 554 249", "invoice forwarded to 601 554 249"]


def test_a_number_a_label_was_sent_to_is_not_the_labels_value_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in SENT_TO] == [["us_phone"]] * len(SENT_TO)
    assert g.pii_kinds("otp 601 554 249") == [] and g.pii_kinds("invoice sent 601554249") == []
    faulty = _guardrail_with("(?!(?:sent|texted|delivered|forwarded)[ _]+to(?!\\w))", "")
    assert [faulty.pii_kinds(t) for t in SENT_TO] == [[]] * len(SENT_TO)


SSR_FIELDS = ["  8 SSR DOCO YY HK1 /K/491231068", "  8 SSR DOCO YY HK1 /K/512/52/6155", "SSR DOCO LH HK1 /R/459.67.7566"]


def test_a_value_in_a_bookings_ssr_field_starts_after_its_slash_and_the_rule_bites():
    assert [_values(g, t) for t in SSR_FIELDS] == [[("us_ssn", t[t.rindex("/", 0, -8) + 1:])] for t in SSR_FIELDS]
    assert g.pii_kinds("GET /K/491231068 200") == [] and g.pii_kinds("SSR DOCS YY HK1 P/USA/491231068/USA") == []
    faulty = _guardrail_with('_SSR_FIELD_RE.finditer(text)] if "SSR" in text else ()', '()] if None else ()')
    assert [faulty.pii_kinds(t) for t in SSR_FIELDS] == [[]] * len(SSR_FIELDS)


# ---------------------------------------------------------------- round 12 (tuned on heldout11)
FOLIO_NUMBERS = ["2022-05-05  Hotel €340.49  folio 536228726", "Acme raises €4.5M in Series B (filing 4155550132).",
                 "MONEY TRANSFER RECEIPT\nMTCN 4155550132  2020-08-13T09:59:04Z", "Loan no. 4155550132  Property Elm Street"]


def test_a_hotel_folio_a_filing_a_loan_and_an_mtcn_are_ids_and_the_labels_bite():
    assert [g.pii_kinds(t) for t in FOLIO_NUMBERS] == [[]] * len(FOLIO_NUMBERS)
    assert g.pii_kinds("Loan officer: call 4155550132") == ["us_phone"]  # a phone word still names the value
    faulty = _guardrail_with('        r"|folio|filing|loan|mtcn"', '        r""')
    assert [faulty.pii_kinds(t) for t in FOLIO_NUMBERS] == [["us_ssn"], ["us_phone"], ["us_phone"], ["us_phone"]]


MASKED_TAILS = ["emp_no,name,card_on_file\n5174,Lesly,4570********6800\n6536,Ana,-",
                "emp_no,name,card_on_file\n2268,Marena,ending in 3447\n0209,Khoa,-",
                "card 4551 **** **** 3938\n4473 **** **** 7572", "card ending in 1155\n4126********2910"]


def test_a_masked_cards_visible_digits_do_not_join_a_number_on_the_next_line_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in MASKED_TAILS] == [[]] * len(MASKED_TAILS)
    assert g.pii_kinds("call 415 555\n0132") == ["us_phone"]  # a number wrapped at a line break still joins
    faulty = _guardrail_with(
        "                or _MASK_BEFORE_RE.search(text, max(0, pos - 12), pos) or _MASK_AFTER_RE.match(text, after_end) \\\n", "")
    assert [faulty.pii_kinds(t) for t in MASKED_TAILS] == [["us_phone"]] * len(MASKED_TAILS)


ID_LISTS = ["> RETRY_IDS = [371552919, 536228726]", "order_ids: [4155550132, 4155550177, 4155550199]"]


def test_a_lists_id_key_labels_every_item_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in ID_LISTS] == [[]] * len(ID_LISTS)
    assert g.pii_kinds("phones = [4155550132, 4155550177]") == ["us_phone"]  # a phone key names its items
    faulty = _guardrail_with("    if items and _id_labelled(", "    if None and _id_labelled(")
    assert [faulty.pii_kinds(t) for t in ID_LISTS] == [["us_ssn"], ["us_phone"]]


PRICES_BEFORE_CARDS = ["Co-pay $201.12 — 4424 **** **** 1514.", "Filing fee CHF 190.98 4856********5899",
                       "total ¥257.31\n4658 **** **** 3084", "Refund ₺443.04 4812 **** **** 1234"]


def test_a_prices_cents_are_no_ssn_group_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in PRICES_BEFORE_CARDS] == [[]] * len(PRICES_BEFORE_CARDS)
    assert g.pii_kinds("SSN 536.22 8726") == ["us_ssn"]  # no currency before it: still an SSN
    faulty = _guardrail_with('        if s1 == "." and _CURRENCY_BEFORE_RE', '        if None and _CURRENCY_BEFORE_RE')
    assert [faulty.pii_kinds(t) for t in PRICES_BEFORE_CARDS] == [["us_ssn"]] * len(PRICES_BEFORE_CARDS)


def test_a_vietnamese_letter_ends_no_word_and_the_rule_bites():
    text = "receiver Phạm Thu EAN 504534377356"  # "Phạm" holds no "ph" (a phone word)
    assert g.pii_kinds(text) == [] and g.pii_kinds("ph: 504 534 3773") == ["us_phone"]
    faulty = _guardrail_with("\\u024f\\u1e00-\\u1eff", "\\u024f")
    assert faulty.pii_kinds(text) == ["us_phone"]


ABROAD_AFTER_OTHERS = ["MAC 47:2f:7a:52:da:61\n0048 612 345 678 licence", "total ¥508.93  00971 4 123 4567"]


def test_a_number_dialled_abroad_is_cut_from_the_digits_before_it_and_the_rule_bites():
    assert [_values(g, t) for t in ABROAD_AFTER_OTHERS] == [[("us_phone", "0048 612 345 678")],
                                                            [("us_phone", "00971 4 123 4567")]]
    assert g.pii_kinds("ref 9400 4979 0097 7359 1046 08") == []  # one grouped number: no cut
    faulty = _guardrail_with("    for g in _ABROAD_GROUP_RE.finditer(text, m.start() + 1, end):", "    for g in ():")
    assert [faulty.pii_kinds(t) for t in ABROAD_AFTER_OTHERS] == [[]] * len(ABROAD_AFTER_OTHERS)


INDIC_EMAILS = ["Email: सुनीता.वर्मा@indusinfra.example", "Correspondence अशर्मा@mail.example.com  at 0.36"]


def test_an_email_local_part_with_indic_vowel_signs_is_an_email_and_the_rule_bites():
    assert [_values(g, t) for t in INDIC_EMAILS] == [[("email", t.split()[1])] for t in INDIC_EMAILS]
    faulty = _guardrail_with('[\\w%+\\-" + _INDIC + r"]', "[\\w%+\\-]")
    assert [faulty.pii_kinds(t) for t in INDIC_EMAILS] == [[]] * len(INDIC_EMAILS)


INVISIBLE_TAGS = ["<p>jane.doe<wbr>@example.com</p>", "<p>jane.doe<wbr/>@example.com</p>", "<p><b>912</b> 345 667</p>"]


def test_a_word_break_hint_and_bold_tags_inside_a_value_are_read_as_absent_and_the_rule_bites():
    assert [_values(g, t) for t in INVISIBLE_TAGS] == [[("email", "jane.doe<wbr>@example.com")],
                                                       [("email", "jane.doe<wbr/>@example.com")],
                                                       [("us_phone", "912</b> 345 667")]]
    assert g.pii_kinds("<p><b>order</b> 912 345 667</p>") == []  # a tag between a label and its value changes nothing
    faulty = _guardrail_with("        cut.update(i for m in _INVISIBLE_TAG_RE.finditer(text) for i in range(m.start(), m.end() - _field_break(text, m)))",
                             "        pass")
    assert [faulty.pii_kinds(t) for t in INVISIBLE_TAGS] == [[]] * len(INVISIBLE_TAGS)


CONTACT_LINES = ["I, Jane Roe, agree to take part.\nContact: 058 350 6823 | IBAN on file",
                 "I, Jane Roe, agree to take part.\nContact: 01 39 57 66 29 | commit 0e1ee985a4c3"]


def test_a_contact_label_on_the_values_line_keeps_the_line_above_out_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in CONTACT_LINES] == [["us_phone"]] * len(CONTACT_LINES)
    faulty = _guardrail_with(" and not _PHONE_LABEL_RE.search(line) or _COMMENT_LINE_RE", " or _COMMENT_LINE_RE")
    assert [faulty.pii_kinds(t) for t in CONTACT_LINES] == [[]] * len(CONTACT_LINES)


def test_a_vat_prefix_excuses_no_card_length_number_and_the_rule_bites():
    assert g.pii_kinds("COD 6011000990139424") == ["credit_card"]
    assert g.pii_kinds("FR64 123456789") == []  # a VAT number after its country prefix
    faulty = _guardrail_with("vat_prefix=end - start <= 12", "vat_prefix=True")
    assert faulty.pii_kinds("COD 6011000990139424") == []


def test_a_number_after_an_ipv4_address_and_two_spaces_is_judged_alone_and_the_rule_bites():
    text = "host 172.22.200.89  684-009-230"
    assert _values(g, text) == [("us_phone", "684-009-230")] and g.pii_kinds("host 172.22.200.89") == []
    faulty = _guardrail_with("    if ip and _ipv4(ip.group(1, 2, 3, 4)):", "    if None:")
    assert faulty.pii_kinds(text) == []


def test_a_russian_number_after_its_trunk_8_is_a_phone_and_the_rule_bites():
    text = "user: 8 945 385 92 29 for 2FA pls"
    assert g.pii_kinds(text) == ["us_phone"] and g.pii_kinds("order 8 945 385 92 29") == []  # a label still excuses
    faulty = _guardrail_with('    if sizes == [1, 3, 3, 2, 2] and digits[0] in "78"', '    if None')
    assert faulty.pii_kinds(text) == []


def test_a_support_number_is_a_phone_word_and_the_rule_bites():
    text = "nit: don't hard-code the support number 20844595 here"
    assert g.pii_kinds(text) == ["us_phone"] and g.pii_kinds("support ticket 20844595") == []
    faulty = _guardrail_with('    r"|support[ _](?:number|line|phone)"', '    r""')
    assert faulty.pii_kinds(text) == []


# ---------------------------------------------------------------- round 13 (tuned on heldout12)
def test_a_phone_conference_id_is_no_phone_and_the_rule_bites():
    text = "Meeting ID: 674 771 290 664\nPasscode: 5dc416\nPhone conference ID: 379 453 601#"
    assert g.pii_kinds(text) == [] and g.pii_kinds("Dial in by phone\n+1 (416) 601-3949") == ["us_phone"]
    faulty = _guardrail_with("num[ _-]?|conference[ _-]?)?(?:id|", "num[ _-]?)?(?:id|")
    assert faulty.pii_kinds(text) == ["us_phone"]


def test_an_imei_after_a_phone_word_is_no_phone_and_the_rule_bites():
    text = "Contents: laptop (serial 268E357524), phone IMEI 994700810532039, SIM 8901562218022695430"
    assert g.pii_kinds(text) == [] and g.pii_kinds("phone IMEI 994700810532038") == ["us_phone"]  # no Luhn: a phone
    faulty = _guardrail_with("        if end - start == 15 and text[start:end].isdecimal()", "        if None")
    assert faulty.pii_kinds(text) == ["us_phone"]


def test_a_kindle_location_is_no_phone_and_the_label_bites():
    text = "- Your Highlight on page 84 | Location 3307-5244 | Added on 27.3.2014"
    assert g.pii_kinds(text) == [] and g.pii_kinds("Location phone: 3307-5244") == ["us_phone"]
    faulty = _guardrail_with('        r"|location"  #', '        r""  #')
    assert faulty.pii_kinds(text) == ["us_phone"]


SLASHED_VALUES = ["+420 785 130 640 / 318-74-4620", "611224765 / 3675 5236 3958 9448", "(02) 9682 9914 / 879-50-7027"]


def test_values_a_spaced_slash_apart_are_read_each_alone_and_the_rule_bites():
    assert [_values(g, t) for t in SLASHED_VALUES] == [
        [("us_phone", "+420 785 130 640"), ("us_ssn", "318-74-4620")],
        [("us_ssn", "611224765"), ("credit_card", "3675 5236 3958 9448")],
        [("us_phone", "(02) 9682 9914"), ("us_ssn", "879-50-7027")]]
    assert _values(g, "Tel. 0711 / 12 34 56") == [("us_phone", "0711 / 12 34 56")]  # a German area code's slash: one number
    faulty = _guardrail_with('(?: | / )(?=[', ' (?=[')
    assert [faulty.pii_kinds(t) for t in SLASHED_VALUES] == [["us_ssn"]] * len(SLASHED_VALUES)


def test_a_north_american_number_written_3_3_4_with_a_space_and_a_dash_is_a_phone_and_the_rule_bites():
    texts = ["   I 1 959 480-2655 if you're bringing chairs", "^FO50,180^A0N,25,25^F 1 457 382-4552",
             "29682|896 554-5216|628345679853123164|ok see u"]  # the trunk 1 apart or not
    assert [g.pii_kinds(t) for t in texts] == [["us_phone"]] * 3
    assert g.pii_kinds("1 015 555-0132") == [] == g.pii_kinds("415 155-0132")  # no area code, no exchange of NANP
    faulty = _guardrail_with('(len(groups) == 3 or body.startswith("1 ")) and body[-5] == "-"', 'None')
    assert [faulty.pii_kinds(t) for t in texts] == [[]] * 3


ZPL_FIELDS = ["^XA\n^FO50,180^A0N,25,25^FD257-17-5980^FS\n^XZ", "^FO50,180^A0N,25,25^FD+31 6 6061 4665^FS",
              "^FO50,180^A0N,25,25^FD9792-2799-6374-1171^FS"]


def test_a_zpl_fields_data_is_read_without_its_command_and_the_rule_bites():
    assert [_values(g, t) for t in ZPL_FIELDS] == [[("us_ssn", "257-17-5980")], [("us_phone", "+31 6 6061 4665")],
                                                   [("credit_card", "9792-2799-6374-1171")]]
    assert g.mask_pii(ZPL_FIELDS[0]) == "^XA\n^FO50,180^A0N,25,25^FD[REDACTED_US_SSN]^FS\n^XZ"
    assert g.pii_kinds("^FO50,400^BCN,100,Y,N,N^FD>;005830508847511355^FS") == []  # a barcode's data
    faulty = _guardrail_with('    if "^FD" in text:', '    if None:')
    assert [faulty.pii_kinds(t) for t in ZPL_FIELDS] == [[]] * len(ZPL_FIELDS)


FOUR_PART_VERSIONS = ["#### Deploy 16.11.7143.93 finished", "posted via slrn 24.11.9606.41", "sdk 27.12.4249.68"]


def test_a_four_part_version_is_no_dotted_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in FOUR_PART_VERSIONS] == [[]] * len(FOUR_PART_VERSIONS)
    assert g.pii_kinds("Tel. 12.345.67.89") == ["us_phone"] and g.pii_kinds("06.12.3456.78") == ["us_phone"]
    faulty = _guardrail_with(' \\\n            and not (sizes[:3] == [2, 2, 4] and len(groups) == 4 and digits[0] != "0"):', ":")
    assert [faulty.pii_kinds(t) for t in FOUR_PART_VERSIONS] == [["us_phone"]] * len(FOUR_PART_VERSIONS)


BOLD_TO_THE_END = ["card in failing fixture: 3426\u2009236**833\u200963903**", "card 5086 7553** 1823 4106**",
                   "card in failing fixture: 6761-0469-8**553-8616-433**"]


def test_bold_that_opens_inside_a_number_and_closes_at_its_end_is_read_as_absent_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in BOLD_TO_THE_END] == [["credit_card"]] * len(BOLD_TO_THE_END)
    assert g.mask_pii(BOLD_TO_THE_END[1]) == "card [REDACTED_CREDIT_CARD]**"
    assert g.pii_kinds("2**31 - 1 and 3**2") == []  # powers stay powers
    faulty = _guardrail_with('\n                                r"|(?<=\\d)\\*\\*(?:', '\n                                r"|(?!)(?:')
    assert all("credit_card" not in faulty.pii_kinds(t) for t in BOLD_TO_THE_END)


CALLED_FROM = [" NOTE: customer called from 911437139", " NOTE: customer called from 06 39 04 48 33",
               " NOTE: customer called from 1 929 923 5991"]


def test_called_is_a_phone_word_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in CALLED_FROM] == [["us_phone"]] * len(CALLED_FROM)
    faulty = _guardrail_with("|cellphone|call|called|text", "|cellphone|call|text")
    assert [faulty.pii_kinds(t) for t in CALLED_FROM] == [[]] * len(CALLED_FROM)


HEXDUMP_LINES = ["00000000  c9 9c 2f 39 09 ef 18 db  96 87 71 19 cf 46 05 41  |../9......q..F.A|",
                 "parser chokes:\n00000020  52 61 7d 20 48 08 37 93  ca 48 31 83 65 db 99 fa  |Ra} H.7..H1.e...|"]


def test_bytes_on_a_hex_dumps_line_are_no_phone_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in HEXDUMP_LINES] == [[]] * len(HEXDUMP_LINES)
    assert g.pii_kinds(HEXDUMP_LINES[1] + "\ncall 06 39 04 48 33") == ["us_phone"]  # the next line is read as ever
    faulty = _guardrail_with("    return (line_start > 0 or start <= 80) and", "    return False and")
    assert [faulty.pii_kinds(t) for t in HEXDUMP_LINES] == [["us_phone"]] * len(HEXDUMP_LINES)


ESCAPED_JSON_LABELS = ['"postData": {"text": "{\\"sku\\": \\"00748971902823\\"}"}', '"{\\"order\\": \\"4155550132\\"}"']


def test_an_id_label_inside_escaped_json_labels_its_value_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in ESCAPED_JSON_LABELS] == [[]] * len(ESCAPED_JSON_LABELS)
    assert g.pii_kinds('"{\\"phone\\": \\"4155550132\\"}"') == ["us_phone"]
    faulty = _guardrail_with("esempio)[.:,]*)?[\\\\ \\t:#=", "esempio)[.:,]*)?[ \\t:#=")
    assert [faulty.pii_kinds(t) for t in ESCAPED_JSON_LABELS] == [["us_phone"]] * len(ESCAPED_JSON_LABELS)


def test_a_hyphenated_tax_id_is_an_ssn_word_and_the_rule_bites():
    text = '  ref: "R227812133"\n  tax-id: "848622732"'
    assert g.pii_kinds(text) == ["us_ssn"]
    faulty = _guardrail_with("soc\\.?[ _]?sec|tax[ _-]?id|", "soc\\.?[ _]?sec|tax[ _]?id|")
    assert faulty.pii_kinds(text) == []


TEST_CASES = ["Here is mine as a test case: 0117 645 4408", "Here is mine as a test case: 954.677.453"]


def test_a_test_case_is_no_case_number_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in TEST_CASES] == [["us_phone"]] * len(TEST_CASES)
    assert g.pii_kinds("support case: 954.677.453") == []  # a case number as before
    faulty = _guardrail_with('r"|ticket|(?<!test[ _])case|', 'r"|ticket|case|')
    assert [faulty.pii_kinds(t) for t in TEST_CASES] == [[]] * len(TEST_CASES)


SERVICE_LINES = ["ID: DAF111382432   Group: 394533\nMember services: 0131 712 8103",
                 "Member services: 502-397-5385 x6843", "customer service 0131 712 8103"]


def test_member_and_customer_services_are_phone_words_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in SERVICE_LINES] == [["us_phone"]] * len(SERVICE_LINES)
    assert g.pii_kinds("Member 502-397-5385") == []  # a member number as before
    faulty = _guardrail_with('"caller", "servic",', '"caller",')
    assert [faulty.pii_kinds(t) for t in SERVICE_LINES] == [[]] * len(SERVICE_LINES)


PASSWORDS = ["Lockbox at -3.03492, -87.58249, wifi pass 9714560297", "password: 9714560297", "Passcode: 5294406"]


def test_a_password_or_passcode_is_no_phone_and_the_label_bites():
    assert [g.pii_kinds(t) for t in PASSWORDS] == [[]] * len(PASSWORDS)
    assert g.pii_kinds("Passport phone 9714560297") == ["us_phone"]
    faulty = _guardrail_with("|code|pass|password|passwd|passcode|pwd|seq|", "|code|seq|")
    assert [faulty.pii_kinds(t) for t in PASSWORDS[:2]] == [["us_phone"]] * 2


def test_a_group_of_seven_digits_or_more_is_no_card_grouping_and_an_id_label_decides_and_the_rule_bites():
    text = "|Name |Оксана Ткаченко\n|Ticket |#3941-9890107-9864847\n|ISBN of manual |9792318681736"
    assert g.pii_kinds(text) == [] and g.pii_kinds("|Card |#3941-9890107-9864847") == ["credit_card"]
    assert g.pii_kinds("|Ticket |#3941-9890-1079-864847") == ["credit_card"]  # four digits first, groups of 4-6: a card's
    faulty = _guardrail_with(" or max(map(len, _DIGIT_GROUP_RE.findall(text, start, end))) > 6)", ")")
    assert faulty.pii_kinds(text) == ["credit_card"]


def test_text_before_a_number_is_a_phone_word_and_the_rule_bites():
    text = "2. (open) — drinks\n   text 503 106-9456 if you're bringing chairs"
    assert g.pii_kinds(text) == ["us_phone"] and g.pii_kinds('{"text": "build 503 106-9456"}') == []
    faulty = _guardrail_with("|text(?=[ \\t]+\\+?\\(?\\d)|", "|")
    assert faulty.pii_kinds(text) == []


def test_a_quoted_local_part_escaped_twice_is_an_email_and_the_rule_bites():
    text = '"raw": "{\\"name\\": \\"Ann\\", \\"email\\": \\"\\\\\\"tamar.f jr\\\\\\"@example.dev\\", \\"taxId\\": \\"x\\"}"'
    assert '\\\\\\"tamar.f jr\\\\\\"@example.dev' in text and g.pii_kinds(text) == ["email"]
    faulty = _guardrail_with(r"""_QUOTED_LOCAL = r'\\{0,3}""?[^"\\\n]{1,62}\\{0,3}""?'""",
                             r"""_QUOTED_LOCAL = r'\\?""?[^"\\\n]{1,62}\\?""?'""")
    assert faulty.pii_kinds(text) == []


# ---------------------------------------------------------------- round 14 (tuned on heldout13)
UNSPACED_SCRIPT_VALUES = ["カード番号5061979368063478999で払っといて", "アメリカの社会保障番号は405-66-8488だよ",
                          "카드번호4111111111111111입니다", "เบอร์โทร0812345678ครับ"]


def test_a_number_glued_to_a_word_of_a_script_without_spaces_is_read_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in UNSPACED_SCRIPT_VALUES] == [["credit_card"], ["us_ssn"], ["credit_card"], ["us_phone"]]
    assert g.mask_pii(UNSPACED_SCRIPT_VALUES[1]) == "アメリカの社会保障番号は[REDACTED_US_SSN]だよ"
    assert g.pii_kinds("注文番号123456789です") == []  # the label glued to it still names an order
    faulty = _guardrail_with_edits(('        if _UNSPACED_RE.match(folded[0])', '        if None and _UNSPACED_RE.match(folded[0])'),
                                   ('        if _UNSPACED_RE.match(folded[-1]', '        if None and _UNSPACED_RE.match(folded[-1]'))
    assert [faulty.pii_kinds(t) for t in UNSPACED_SCRIPT_VALUES] == [[]] * len(UNSPACED_SCRIPT_VALUES)


OTHER_FIELDS = ["<BANKACCTFROM><BANKID>015977526<ACCTID>4366815901<ACCTTYPE>CHECKING",
                "<CALL:5>N5UNV <QSO_DATE:8>20250415 <TIME_ON:4>1326 <APP_QRZLOG_LOGID:10>9563217015 <EOR>",
                '<field name="bank_routing"><value>037840039</value></field>',
                "<STMTTRN><TRNTYPE>DEBIT<FITID>147235554519997<NAME>POS 7188"]
OWN_KIND_FIELDS = ["E1KNA1M   005 STCD2=244222375", '"SS":"054611722"', "TWILIO_TO=4155550132", '{"Alice": "4155550132"}',
                   "correct tax id = 689545923", '{"crdnumber": "6011318966678625"}', "<p><b>0638652511</b></p>",
                   '"value": "4155550132"', '<MOBILE:10>4155550132']


def test_a_number_whose_field_name_names_something_else_is_no_pii_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in OTHER_FIELDS] == [[]] * len(OTHER_FIELDS)
    # a field name that names a kind (or a system's abbreviation of one), a contact, a generic holder or markup
    assert all(g.pii_kinds(t) for t in OWN_KIND_FIELDS)
    faulty = _guardrail_with('        m = _FIELD_NAME_RE.search(text, max(line_start, start - 120), start)\n',
                             '        m = None\n')
    assert [faulty.pii_kinds(t) for t in OTHER_FIELDS] == [["us_phone", "us_ssn"], ["us_phone"], ["us_ssn"], ["credit_card"]]


def test_a_mac_addresss_leading_digits_are_no_phone_and_the_rule_bites():
    texts = ['\tCalled-Station-Id = "2A-63-AE-48-53-4D:CorpWiFi"\n\tCalling-Station-Id = "06-96-90-DA-30-C2"',
             '\tCalled-Station-Id = "85-14-78-26-DD-2E:CorpWiFi"']
    assert [g.pii_kinds(t) for t in texts] == [[], []]
    assert g.pii_kinds("tel 00-33-61-23-45-67") == ["us_phone"]  # six pairs of digits alone: a number
    faulty = _guardrail_with("or _hexdump_line(text, start)) or _in_mac(text, start, end)", "or _hexdump_line(text, start))")
    assert [faulty.pii_kinds(t) for t in texts] == [["us_phone"], ["us_phone"]]


LOGCAT_LINES = "06-07 13:44:37.178  3458  6789 I ActivityManager: Start proc 3458:com.example.wallet/u0a235"


def test_logcats_process_and_thread_ids_are_no_phone_and_the_rule_bites():
    assert g.pii_kinds(LOGCAT_LINES) == []
    assert g.pii_kinds("06-07 13:44:37.178  3458  6789 I Dialer: calling 415 555 0132") == ["us_phone"]
    faulty = _guardrail_with("_LOGCAT_LEVEL_RE.match(text, end) \\", "None \\")
    assert faulty.pii_kinds(LOGCAT_LINES) == ["us_phone"]


MARC_RECORD = "=LDR  00000cam a2200000 i 4500\n=001  439811439\n=005  20258368957569.0\n=541  \\\\$adonor SSN 413 08 0216."


def test_a_marc_control_field_is_no_pii_and_the_rule_bites():
    assert _values(g, MARC_RECORD) == [("us_ssn", "413 08 0216")]
    faulty = _guardrail_with('    return bool(line_start and _MARC_CONTROL_RE.match(text, line_start)) and "=LDR" in text',
                             '    return False')
    assert _values(faulty, MARC_RECORD) == [("us_phone", "001  439811439"), ("us_ssn", "413 08 0216")]


@pytest.mark.parametrize("text, fault", [
    ("DOC # 2024-462258  APN: 176-742-93", ('r"|apn|admission"', 'r"|admission"')),
    ("Form I-94 Admission Number: 16332212113", ('r"|apn|admission"', 'r"|apn"')),
    ("Jannik,Hoffmann,*5968,8443 2126 8201 (FedEx)", ('r"|fedex|ups|', 'r"|ups|')),
    ('|VARIABLE_ASSIGNMENT|[67]|acct.Routing__c|"311335480"', ('\n    r"|(?<=__)[cr](?![^\\W\\d_])))*"', '\n    r"))*"')),
])
def test_round_14_labels_name_other_numbers_and_each_bites(text, fault):
    assert g.pii_kinds(text) == []
    assert _guardrail_with(*fault).pii_kinds(text) != []


def test_round_14_labels_yield_to_a_kinds_word():
    assert g.pii_kinds("Order for Jo, phone 0849 8636 5507") == ["us_phone"]
    assert g.pii_kinds('|VARIABLE_ASSIGNMENT|[67]|acct.SSN__c|"311335480"') == ["us_ssn"]


HOLDERS_OF_OTHER_NAMES = ['{\n  "tabLabel": "aba",\n  "value": "219143062"\n}',
                          '        routingNumber:\n          type: string\n          example: "216124204"\n',
                          '   {\n    "key": "gtin",\n    "label": "Item",\n    "value": "00847594319619"\n   }']


def test_a_generic_holder_takes_its_records_name_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in HOLDERS_OF_OTHER_NAMES] == [[]] * 3
    assert g.pii_kinds('{\n  "title": "Phone",\n  "value": "4155550132"\n}') == ["us_phone"]
    assert g.pii_kinds('        ssn:\n          type: string\n          example: "216124204"\n') == ["us_ssn"]
    assert g.pii_kinds('{"sipCallee": "x", "ivrInput": "839155111"}') == ["us_ssn"]  # an input holds anything
    assert g.pii_kinds('<saml:Attribute Name="telephoneNumber"><saml:AttributeValue>944-741-421</saml:AttributeValue>') \
        == ["us_phone"]
    faulty = _guardrail_with("        name = said = _holders_name(text, line_start)", "        name = said = None")
    assert [faulty.pii_kinds(t) for t in HOLDERS_OF_OTHER_NAMES] == [["us_ssn"], ["us_ssn"], ["us_phone"]]


DOCX_RUNS = ['<w:p><w:r><w:t xml:space="preserve">SSN: 807 0</w:t></w:r><w:r><w:t>5 9886</w:t></w:r></w:p>',
             '<w:p><w:r><w:t xml:space="preserve">E-mail: YOUSSEF.S@</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Example.Org</w:t>'
             '</w:r></w:p>']


def test_a_value_split_across_word_runs_is_read_whole_and_the_rule_bites():
    assert [_values(g, t) for t in DOCX_RUNS] == [
        [("us_ssn", "807 0</w:t></w:r><w:r><w:t>5 9886")],
        [("email", "YOUSSEF.S@</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Example.Org")]]
    assert g.mask_pii(DOCX_RUNS[0]) == '<w:p><w:r><w:t xml:space="preserve">SSN: [REDACTED_US_SSN]</w:t></w:r></w:p>'
    faulty = _guardrail_with('\n                               r"|</w:t>', '\n                               r"|(?!)</w:t>')
    assert [faulty.pii_kinds(t) for t in DOCX_RUNS] == [[], []]


ESCAPED_QUOTED_EMAILS = ['Kayla,POL-64178114,"""mramirez""@office.me",none', 'body="new email is &quot;diego g&quot;@office.com.br"']


def test_a_quoted_local_part_in_csv_or_xml_escaping_is_an_email_and_the_rule_bites():
    assert [_values(g, t) for t in ESCAPED_QUOTED_EMAILS] == [[("email", '""mramirez""@office.me')],
                                                              [("email", "&quot;diego g&quot;@office.com.br")]]
    faulty = _guardrail_with_edits((r"""_QUOTED_LOCAL = r'\\{0,3}""?[^"\\\n]{1,62}\\{0,3}""?'""",
                                    r"""_QUOTED_LOCAL = r'\\{0,3}"[^"\\\n]{1,62}\\{0,3}"'"""),
                                   ('r"|&quot;[^\\"&<>\\n]{1,62}&quot;))"', 'r"))"'))
    assert [faulty.pii_kinds(t) for t in ESCAPED_QUOTED_EMAILS] == [[], []]


def test_a_korean_humble_my_number_is_a_phone_word_and_the_rule_bites():
    text = "2026-01-10 15:34:48,상담원,제 번호 0082 105 5142 223 로 연락 주세요"
    assert g.pii_kinds(text) == ["us_phone"] and g.pii_kinds("주문 번호 0082 105 5142 223") == []  # an order's number
    faulty = _guardrail_with("私の番号|[내제][ _]?번호|", "私の番号|내[ _]?번호|")
    assert faulty.pii_kinds(text) == []


LABELLED_ONE_DIGIT_ENDS = ["Contact phone: (+39) 083 1851 5\nEmail: x", "   TELEPHONE  +39-0627-117-8\n21. DIAGNOSIS"]


def test_a_plus_number_ending_in_one_digit_is_a_phone_after_a_phone_label_and_the_rule_bites():
    assert [g.pii_kinds(t) for t in LABELLED_ONE_DIGIT_ENDS] == [["us_phone"]] * 2
    assert g.pii_kinds("version +39-0627-117-8") == []  # no phone label right before it
    faulty = _guardrail_with('else "short" if "." not in body or len(', 'else "" if "." not in body or len(')
    assert [faulty.pii_kinds(t) for t in LABELLED_ONE_DIGIT_ENDS] == [[]] * 2


# ------------------------------------------------------------------ the sixteenth round (tuned on heldout14)
def _luhn_completed(body: str) -> str:
    return next(body + d for d in "0123456789" if g.luhn_ok(body + d))


def test_a_card_label_does_not_make_an_iccid_or_an_imei_shape_a_card_and_the_rule_bites():
    iccid, imei = _luhn_completed("898820604218733160"), _luhn_completed("86042918337415")
    texts = ["card_number: " + iccid, "card: " + imei]
    assert [g.pii_kinds(t) for t in texts] == [[], []]
    assert g.pii_kinds("card: " + _luhn_completed("999912345678901")) == ["credit_card"]  # unbranded, 16 digits: a card
    assert g.pii_kinds("card: " + _luhn_completed("8988206042187331")) == ["credit_card"]  # 89 but no ICCID's length
    faulty = _guardrail_with("not _sim_or_handset_id(number) and ", "")
    assert [faulty.pii_kinds(t) for t in texts] == [["credit_card"]] * 2


SES_HEADERS = '"headers": [\n   {\n    "name": "Message-ID",\n    "value": "<20240101.77a1@mail.example.net>"\n   }\n  ]'


def test_a_message_id_header_as_a_name_value_pair_is_no_address_and_the_rule_bites():
    assert g.pii_kinds(SES_HEADERS) == []
    assert g.pii_kinds(SES_HEADERS.replace("Message-ID", "Reply-To")) == ["email"]  # an address header's value is one
    faulty = _guardrail_with('if m.start() and text[m.start() - 1] == "<" and _MSG_ID_PAIR_RE',
                             'if False and _MSG_ID_PAIR_RE')
    assert faulty.pii_kinds(SES_HEADERS) == ["email"]


MICR_CHEQUE = "JO LEE\nPAY TO THE ORDER OF Lakeside School  $120.00\nMEMO tel none\n\u2446263181364\u2446 7182634501\u2448 1042"


def test_a_cheques_micr_line_holds_bank_numbers_and_the_rule_bites():
    assert g.pii_kinds(MICR_CHEQUE) == []
    assert g.pii_kinds(MICR_CHEQUE + "\nSSN 536-22-8726") == ["us_ssn"]  # a value on another line still counts
    faulty = _guardrail_with('if "\\u2446" in text:  # (and', 'if False:  # (and')
    assert faulty.pii_kinds(MICR_CHEQUE) == ["us_phone", "us_ssn"]


ATTENDEES_CSV = 'Order #,Attendee #,Name,tel\n"4185129036","6072231954","Jo Lee","7182634501"'


def test_a_column_headed_by_another_ids_label_is_not_a_phone_and_the_rule_bites():
    assert _values(g, ATTENDEES_CSV) == [("us_phone", "7182634501")]  # only the tel column's value
    faulty = _guardrail_with("    if _column_names_other_id(labels[0], words):", "    if False:")
    assert _values(faulty, ATTENDEES_CSV) == [("us_phone", "4185129036"), ("us_phone", "6072231954"),
                                              ("us_phone", "7182634501")]


def test_a_ships_imo_number_is_no_phone_and_the_rule_bites():
    assert g.pii_kinds("phone IMO 9074729") == []  # 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139: check digit 9
    assert g.pii_kinds("phone IMO 9074728") == ["us_phone"]  # a wrong check digit: the label decides
    faulty = _guardrail_with("        if _imo_number(text, start, end):", "        if False:")
    assert faulty.pii_kinds("phone IMO 9074729") == ["us_phone"]


def test_valor_is_a_generic_holder_like_value_and_the_rule_bites():
    text = '<ad:Dato clave="PAN" valor="4111111111111111"/>'
    assert g.pii_kinds(text) == ["credit_card"]
    faulty = _guardrail_with('"value values val v valor valeur wert valore waarde "', '"value values val v "')
    assert faulty.pii_kinds(text) == []


WORD_FIELDS = '<w:p><w:r><w:t>tel: (415) 555-0132</w:t></w:r><w:r><w:t>card: none</w:t></w:r></w:p>'


def test_a_word_run_boundary_between_a_number_and_a_label_keeps_them_apart_and_the_rule_bites():
    assert _values(g, WORD_FIELDS) == [("us_phone", "(415) 555-0132")]
    faulty = _guardrail_with("range(m.start(), m.end() - _field_break(text, m))", "range(m.start(), m.end())")
    assert faulty.pii_kinds(WORD_FIELDS) == []


def test_callback_labels_a_phone_and_the_rule_bites():
    assert g.pii_kinds("callback: 89161234567") == ["us_phone"]
    assert g.pii_kinds("callback 89161234567") == []  # (a programmer's callback without the label's colon)
    faulty = _guardrail_with("|call[ _-]?back(?=:)", "")
    assert faulty.pii_kinds("callback: 89161234567") == []


def test_a_plus_number_dotted_in_pairs_ending_in_one_digit_is_a_phone_after_a_label_and_the_rule_bites():
    assert g.pii_kinds("Mobile: +33 61.23.45.67.8") == ["us_phone"]
    assert g.pii_kinds("version +33 61.23.45.67.8") == []  # no phone label right before it
    faulty = _guardrail_with(' or len(\n                groups) >= 5 and _country_fits(digits) else ""', ' else ""')
    assert faulty.pii_kinds("Mobile: +33 61.23.45.67.8") == []


def test_digits_inside_a_hex_token_are_no_ssn_and_the_rule_bites():
    text = "form: ssn=withheld\nCookie: sid=9ac1e0d4ff536228726cfe0c7a1b2c3d"  # (an SSN word near the glued digits)
    assert g.pii_kinds(text) == []
    assert g.pii_kinds("FP CC4111111111111111") == ["credit_card"]  # letters before it only: a code, then a card
    faulty = _guardrail_with("        if _HEX_LETTER_RE.search(text):\n", "        if False:\n")
    assert faulty.pii_kinds(text) == ["us_ssn"]


def test_a_few_digits_after_a_number_sign_are_no_phone_and_the_rule_bites():
    assert g.pii_kinds("TELEFON: #48213") == [] and g.pii_kinds("TELEFON: 48213") == ["us_phone"]
    faulty = _guardrail_with('            if text[start - 1:start] == "#":', "            if False:")
    assert faulty.pii_kinds("TELEFON: #48213") == ["us_phone"]
