"""Detection cost on dense runs of digit groups (issue 14): a text made of one short unit repeated costs a
bounded multiple of ordinary text of the same size, and values placed in such a text are still found and
masked.  The costliest shapes come from scripts/cost_search.py; the split of a run into two values
(_split_findings) read a 260-character window per side of every run, and a digit run's card scan was
quadratic in its groups."""
import random
import time

import pytest

from tests.test_guardrail_detection import _guardrail_with, g

ORDINARY = ("Order 58213 shipped on 2024-05-17 to Jane Doe, 42 Elm Street; total $1,284.50 for 3 items. "
            "Call support at 415-555-0132 or write to help@example.com if the parcel is late. ")
# (main before the fix: 12-19 times ordinary text, 60 KB of the first took 3.5 s; the last was quadratic)
DENSE = ("415 555 0132 / ", "1234 56 ", "123-45-6789 ", "415 ", "415\n")
BOUND = 8  # (after the fix: at most 5 times ordinary text, measured on a loaded machine)
# Card groups of random digits a tab or a line apart (issue 14, second round): every few groups a run's split side
# passed the cheap test and was read in its whole window, and a text masked once sent every window's phone-word
# search through it whole ("[REDACTED_US_PHONE]" holds a phone word's part).  (main before the fix: pii_kinds
# 8.0-9.7 times ordinary text, mask_pii 18.5-22.6 times; after: 3.7-5.0 and 9.8-11.9, on a loaded machine)
CARD_GROUPS = ("4111 1111 1111 1111\t", "4111 1111 1111 1111\n")
CARD_GROUPS_BOUND, MASK_BOUND = 6.5, 15


def filled(unit, size, seed=None):
    text = (unit * (size // len(unit) + 1))[:size]
    rng = random.Random(seed)
    return text if seed is None else "".join(rng.choice("0123456789") if c.isdigit() else c for c in text)


def _ratio(guardrail, unit, size, seed=None, call="pii_kinds"):
    """CPU time of ``call`` (pii_kinds) on ``unit`` repeated over ``size`` characters (with a seed, its digits
    drawn at random), over ordinary text of that size: the two interleaved three times, the best of each."""
    dense, ordinary, best = filled(unit, size, seed), filled(ORDINARY, size), [float("inf")] * 2
    for _ in range(3):
        for i, text in enumerate((dense, ordinary)):
            start = time.process_time()
            getattr(guardrail, call)(text)
            best[i] = min(best[i], time.process_time() - start)
    return best[0] / best[1]


@pytest.mark.parametrize("unit", DENSE)
def test_a_dense_run_costs_a_bounded_multiple_of_ordinary_text(unit):
    assert _ratio(g, unit, 100_000) < BOUND


@pytest.mark.parametrize("unit", CARD_GROUPS)
def test_card_groups_of_random_digits_cost_a_bounded_multiple_of_ordinary_text(unit):
    assert _ratio(g, unit, 30_000, seed=14) < CARD_GROUPS_BOUND


def test_masking_card_groups_costs_a_bounded_multiple_of_masking_ordinary_text():
    """mask_pii reads the text again after masking it (at most three passes): its phone masks are no phone word."""
    assert _ratio(g, CARD_GROUPS[0], 30_000, seed=14, call="mask_pii") < MASK_BOUND


def test_the_bound_fails_with_the_sides_read_whole_again(monkeypatch):
    """The fault put back: every side of every run read in its whole window, each time (main before the fix)."""
    side_finding = g._side_finding
    monkeypatch.setattr(g, "_may_be_found", lambda *args: True)
    monkeypatch.setattr(g, "_side_finding", lambda text, a, b, spans, seen=None: side_finding(text, a, b, spans))
    assert _ratio(g, "123-45-6789 ", 50_000) > BOUND


SPLIT_TEXTS = [
    "415-555-0132 4111 1111 1111 1111",
    "Name Phone Card\nJo 415-555-0132 4111 1111 1111 1111\nAl 415-555-0199 5500 0000 0000 0004\n",
    "536-22-8726 4111 1111 1111 1111\n536-22-8727 4111 1111 1111 1111\n",
    "Note on page 12 | Added on 2010-01-07\n\n611224765 / 3675 5236 3958 9448  (wrote this down)",
    "My number 6245 1168 6647 4178 886 689-54-5330, order 1125072",
    "+420 785 130 640 / 318-74-4620 and 2024-05-17 415 555 0132",
    "INSERT INTO t (id, name, phone, card) VALUES (7, 'Jo', '415 555 0132 4111 1111 1111 1111');",
]


def _masked_once(text):
    """``text`` with the findings of one read masked (mask_pii's second pass reads this)."""
    out, pos = [], 0
    for f in g.find_pii(text):
        out += [text[pos:f.start], g.redaction(f.kind)]
        pos = f.end
    return "".join(out) + text[pos:]


SPARING_TEXTS = SPLIT_TEXTS + [filled(u, 3000, seed) for u in (*DENSE, *CARD_GROUPS) for seed in (None, 1)]
SPARING_TEXTS += [_masked_once(text) for text in SPLIT_TEXTS + SPARING_TEXTS[-4:]]  # (the card groups' fills, masked)


@pytest.mark.parametrize("text", SPARING_TEXTS)
def test_the_sides_cheap_test_changes_no_verdict(text, monkeypatch):
    """_may_be_found only spares work: with it saying yes to every side the findings are the same."""
    found = g.find_pii(text)
    monkeypatch.setattr(g, "_may_be_found", lambda *args: True)
    assert g.find_pii(text) == found


@pytest.mark.parametrize("text", SPARING_TEXTS)
def test_reading_a_window_near_the_side_changes_no_verdict(text, monkeypatch):
    """A side's window judged near the side only (_apart), and the phone mask no hint of a phone word: with the
    whole window judged and every hint counted the findings are the same."""
    found = g.find_pii(text)
    monkeypatch.setattr(g, "_apart", lambda near, start, end: False)
    monkeypatch.setattr(g, "_phone_hinted", lambda text, lower=None: any(hint in text.lower() for hint in g._PHONE_HINTS))
    assert g.find_pii(text) == found


VALUES = {"us_ssn": "536-22-8726", "us_phone": "415-555-0199", "credit_card": "5500 0000 0000 0004",
          "email": "jane.doe@example.com"}


@pytest.mark.parametrize("unit", [*DENSE, "4111 1111 1111 1111\t"])
def test_values_in_a_dense_run_are_found_and_masked(unit):
    """Each kind written in a sentence in the middle and at the end of 50 KB of a dense shape."""
    sentence = ("\nMy SSN is {us_ssn}, call me at {us_phone}, card {credit_card}, mail {email}.\n").format(**VALUES)
    half = filled(unit, 25_000, seed=2)
    text = half + sentence + half + sentence
    found = g.find_pii(text)
    for kind, value in VALUES.items():
        for at in (text.index(value), text.rindex(value)):
            assert any(f.kind == kind and f.start <= at and at + len(value) <= f.end for f in found), (kind, at)
    masked = g.mask_answer_text(text)
    assert not any(value in masked for value in VALUES.values())


def _windows_read(guardrail, text, monkeypatch):
    calls, find = [], guardrail._find
    monkeypatch.setattr(guardrail, "_find", lambda *args, **kwargs: calls.append(1) or find(*args, **kwargs))
    found = guardrail.find_pii(text)
    return len(calls) - 1, found


def test_a_repeating_text_reads_each_of_its_windows_once(monkeypatch):
    """Cards joined by '-' repeated: every run's side is a card's digits, Luhn and all, and so is read in its
    window; the windows repeat with the text.  Fault put back: each read again (12 us a character, not 2)."""
    text = filled("4111 1111 1111 1111-", 6000)
    reads, found = _windows_read(g, text, monkeypatch)
    assert 0 < reads <= 10
    faulty = _guardrail_with("if seen is None or key not in seen:", "if True:")
    faulty_reads, faulty_found = _windows_read(faulty, text, monkeypatch)
    assert faulty_found == found and faulty_reads > 100


def test_a_window_read_near_a_side_grows_to_what_overlaps_it(monkeypatch):
    """A side's verdict can hang on a finding that does not touch it: the side (10-15) loses to a longer card
    over it (12-20) only if that card is not itself beaten by a longer one past the side (18-30).  Read near
    the side, the span grows until no finding reaches past it, so the side is found as in the whole read."""
    def detector(kind, spans):
        return lambda text, near=None: [g.Finding(kind, a, b) for a, b in spans if not g._apart(near, a, b)]
    monkeypatch.setattr(g, "_cards", detector(g.CREDIT_CARD, [(12, 20), (18, 30)]))
    monkeypatch.setattr(g, "_phones", detector(g.US_PHONE, [(10, 15)]))
    window = "0123456789" * 4
    side = g.Finding(g.US_PHONE, 10, 15)
    assert side in g._find(window, split=False)
    assert side in g._find(window, split=False, near=(10, 15))


def test_the_phone_mask_is_no_hint_of_a_phone_word_and_other_words_still_are():
    """The mask mask_pii writes for a phone names no phone (_PHONE_WORDS_RE skips it): a text holding only
    masks and digits has no phone word to look for; a phone word beside a mask still counts."""
    mask = g.redaction(g.US_PHONE)
    assert not g._phone_hinted(f"4111 {mask} 1234\t{mask}")
    assert g._phone_hinted(f"{mask} phone 1234") and g._phone_worded(f"{mask} phone 1234")
    assert g._phone_hinted(f"tel{mask}") and not g._phone_worded(f"4111 {mask} 1234")
