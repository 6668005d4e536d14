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


def filled(unit, size, seed=None):
    text = (unit * (size // len(unit) + 1))[:size]
    rng = random.Random(seed)
    return text if seed is None else "".join(rng.choice("0123456789") if c.isdigit() else c for c in text)


def _ratio(guardrail, unit, size):
    """CPU time of pii_kinds on ``unit`` repeated over ``size`` characters, over ordinary text of that size:
    the two interleaved three times, the best of each."""
    dense, ordinary, best = filled(unit, size), filled(ORDINARY, size), [float("inf")] * 2
    for _ in range(3):
        for i, text in enumerate((dense, ordinary)):
            start = time.process_time()
            guardrail.pii_kinds(text)
            best[i] = min(best[i], time.process_time() - start)
    return best[0] / best[1]


@pytest.mark.parametrize("unit", DENSE)
def test_a_dense_run_costs_a_bounded_multiple_of_ordinary_text(unit):
    assert _ratio(g, unit, 100_000) < BOUND


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


@pytest.mark.parametrize("text", SPLIT_TEXTS + [filled(u, 3000, seed) for u in (*DENSE, "4111 1111 1111 1111\t",
                                                                                    "4111 1111 1111 1111\n") for seed in (None, 1)])
def test_the_sides_cheap_test_changes_no_verdict(text, monkeypatch):
    """_may_be_found only spares work: with it saying yes to every side the findings are the same."""
    found = g.find_pii(text)
    monkeypatch.setattr(g, "_may_be_found", lambda *args: True)
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
