"""Does the gate's sample of the stream properties catch what the full run catches?

tests/test_guardrail_stream_properties.py streams a sample of each property's texts in the gate (its sampled():
every SAMPLE_EVERY-th text and every text with a RARE construct) and every text with PII_EVAL_FULL=1.  This puts
real stream-masker bugs back, one at a time (each is the code as it was before a fix in the project's history, as
a monkeypatch on the shipped guardrail), and runs each property on the sample and on the full list, stopping at
the first failure.  It prints, per fault and property, whether each run caught it and where, and exits 1 if the
full run catches a fault the sample misses.

    .venv/bin/python scripts/stream_property_faults.py                 # every fault
    .venv/bin/python scripts/stream_property_faults.py two-lines       # some of them
    .venv/bin/python scripts/stream_property_faults.py --sample-only   # the sample's side only (faster)
"""
import random
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import test_guardrail_stream_properties as props  # noqa: E402
from tests.test_guardrail_detection import g  # noqa: E402


def _two_lines(mp):
    """a20249a: a closed number over two lines (a house number above a postcode) released before its window."""
    def nothing_right_convicts(self, text, start, end):
        return bool(g._CLEAN_CLOSE_RE.match(text, end)) and not any(self._found(text, start, end))
    mp.setattr(g.StreamMasker, "_nothing_right_convicts", nothing_right_convicts)
    mp.setattr(g.StreamMasker, "_found_whatever_follows", _old_found_whatever_follows)


def _old_found_whatever_follows(self, text, start, end):
    # StreamMasker._found_whatever_follows before a20249a (no line-break clause in its first test)
    if not g._CLEAN_CLOSE_RE.match(text, end) or not g._FIRST_WORD_RE.match(text, end):
        return False
    found = self._found(text, start, end)
    if not found[0] or any(f != found[0] for f in found):
        return False
    neutral = [" ok" + probe[len(g._PROBE_WORDS):] for probe in self._probes(text, start, end)]
    return all([(f.kind, f.start, f.end) for f in g.answer_findings(t, self.context) if f.end > start and
                f.start < end] == found[0] for t in [text] + [text[:end] + probe for probe in neutral])


def _no_right_hold(mp):
    """e1b80d9: no hold for the right-hand window (a closed number goes out before a label after it)."""
    mp.setattr(g.StreamMasker, "_awaiting_right_context", lambda self, text: len(text))


def _raw_window(mp):
    """94ddf2f: the right-hand window measured on the raw text, not as the variants read it (escapes shorten it)."""
    mp.setattr(g.StreamMasker, "_window_arrived",
               staticmethod(lambda after: "\n" in after or len(after) >= g.RIGHT_CONTEXT))


def _escape_closes_a_number(mp):
    """b94fef8: an open number ending in an escaped digit or a full-width dash counts as closed."""
    mp.setattr(g, "_OPEN_NUMBER_RE", re.compile(
        r"(?:[+(]{1,2}[ \u00a0]?|[+(]{0,2}\d[\d \t\r\n\u00a0()./_\-\u2010-\u2015\u2212*~`<>!" + g._READ_THROUGH
        + r"]*(?:(?:e|ex|ext|exte|exten|extens|extensi|extensio|extension|x|#)\.?[ \t]*)?)\Z", re.I))


def _no_dodge_hold(mp):
    """c3d140a/a54f247 before the dodge hold: a word before "(at)" goes out before the rest of the email."""
    mp.setattr(g, "_open_dodged_email", lambda text, before="": len(text))


def _first_letter_release(mp):
    """6d59f92: a value found alike released on the first letter after it (before the word that may excuse it)."""
    mp.setattr(g, "_FIRST_WORD_RE", re.compile(""))


def _comment_after_released(mp):
    """72dda49: a number with a comment after it ('# phone', '// ssn') released before the comment arrives."""
    mp.setattr(g, "_CLEAN_CLOSE_RE", re.compile(  # (the lookahead for a comment after the value removed)
        r"[.,;:!?%)\]}\"'*~`]{0,3}[ \t\u00a0\u2007\u202f]+[^\s(\[{<\uff08\uff3b\uff5b\uff1c]"))


def _short_context(mp):
    """6fc4788: 512 characters of released text as the detector's context, no header lines kept."""
    mp.setattr(g, "_kept_context", lambda released: released[-512:])


FAULTS = {"two-lines": _two_lines, "no-right-hold": _no_right_hold, "raw-window": _raw_window,
          "escape-closes": _escape_closes_a_number, "no-dodge-hold": _no_dodge_hold,
          "first-letter": _first_letter_release, "comment-after": _comment_after_released,
          "context-512": _short_context}


def _first_difference(texts: list) -> int | None:
    """Index (in the full list) of the first text whose streams differ from whole-text masking, or None."""
    for index, text in texts:
        if props._stream_differences([(index, text)]):
            return index
    return None


def _released_early_fails(sample: bool) -> str | None:
    """Where the released-early test (on its sample of the 60 numbers, or on all 60) fails, or None."""
    rng = random.Random(12)
    texts, continuations = props._number_texts(rng), props._continuations(rng)
    records = props._released_early(texts)
    if len(records) <= 100:
        return f"only {len(records)} numbers released early"
    for position, record in enumerate(rng.sample(records, 60)[::props.SAMPLE_EVERY if sample else 1]):
        if props._convicted_later([record], continuations):
            return f"number {position}"
    return None


def _texts_fail(texts: list, sample: bool):
    return _first_difference(props.sampled(texts) if sample else list(enumerate(texts)))


PROPERTIES = {
    "evaluation sets": lambda sample: _texts_fail(props.evaluation_set_texts(), sample),
    "joined messages": lambda sample: _texts_fail(props.joined_texts(), sample),
    "escapes and dodged": lambda sample: _texts_fail(props.escaped_texts(), sample),
    "released early": _released_early_fails,
}


def main() -> int:
    args = sys.argv[1:]
    sample_only = "--sample-only" in args
    names = [a for a in args if a != "--sample-only"] or list(FAULTS)
    if props.FULL:
        print("PII_EVAL_FULL=1 is set: the sample is the full list; unset it to check the gate's sample")
        return 2
    missed = []
    for name in names:
        print(f"{name}: {FAULTS[name].__doc__}", flush=True)
        for prop, run in PROPERTIES.items():
            row = []
            for sample in (True,) if sample_only else (True, False):
                mp = pytest.MonkeyPatch()
                try:
                    FAULTS[name](mp)
                    started = time.process_time()
                    hit = run(sample)
                finally:
                    mp.undo()
                row.append(hit)
                print(f"  {prop:20} {'sample' if sample else 'full  '}: "
                      f"{'caught at ' + str(hit) if hit is not None else 'not caught'} "
                      f"({time.process_time() - started:.1f} s cpu)", flush=True)
            if len(row) == 2 and row[1] is not None and row[0] is None:
                missed.append((name, prop))
    if not sample_only:
        print("the sample misses what the full run catches:" if missed
              else "the sample catches all the full run does", missed or "")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
