"""Stream masking properties, in process (no proxy): a text streamed in pieces reaches the client exactly as
masking the whole text gives it, on the evaluation sets, on joins of their messages, with escaped digits and
dodged emails; and a number the masker releases before its right-hand window stays clean whatever follows.

Moved here from tests/test_guardrail_redteam.py (same test names) so that they run beside the proxy's worker,
not on it.  The gate streams a fixed sample of each property's texts: every SAMPLE_EVERY-th of the full list and
every text with a RARE construct, each text with its own seeded chunkings (so a sampled text is streamed exactly
as in the full run); PII_EVAL_FULL=1 streams every text.  scripts/stream_property_faults.py puts real
stream-masker bugs from the project's history back and shows which of them the sample and the full run catch.
"""
import json
import os
import random
import re

from tests.test_guardrail_detection import each_question_answered_once, g
from tests.test_guardrail_redteam import ROOT_DATA, _no_right_hold, _streamed_all_ways

FULL = os.environ.get("PII_EVAL_FULL") == "1"
SAMPLE_EVERY = 1 if FULL else 3
# Texts with a construct one of the masker's holds is about that few texts have (5-15% of each list): a comment
# after a number ("'552792961'  # Passport"), a number going on over a line break.  The gate streams all of them.
RARE = re.compile(r"\d[.,;:!?%)\]}\"'*~`]{0,3}[ \t\u00a0]+[,;]?[ \t]*(?:#|//|--)|\d[ \t]*\n[ \t]*[\d(+]")


def sampled(texts: list) -> list:
    """(index in the full list, text) of the texts this run streams: every SAMPLE_EVERY-th, and every RARE one."""
    return [(i, text) for i, text in enumerate(texts) if i % SAMPLE_EVERY == 0 or RARE.search(text)]


# Sets whose messages are left out of the streamed pools until the masker streams them right (none now: heldout12
# joined once the masker held a dodged email's quoted or Indic local part before its "(at)", heldout13 streamed right
# when it joined, heldout14 once a dodged local part could open with doubled quotes, heldout15 streamed right
# when it joined).
NOT_YET_JOINED = ()


def _joined_development_messages(count: int, seed: int, skip: tuple = NOT_YET_JOINED) -> list:
    """``count`` texts, each 2-4 random messages of the evaluation sets (but ``skip``) joined by newlines."""
    messages = []
    for path in sorted(p for p in (ROOT_DATA / "eval").glob("*.jsonl") if p.name not in skip):
        messages += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    return ["\n".join(rng.sample(messages, rng.randint(2, 4))) for _ in range(count)]


def _stream_differences(indexed_texts: list, stop_after: int = 0) -> list:
    """(text, what the client got) for every way of streaming a text that differs from whole-text masking;
    each text's chunkings come from its own seed (its index in the full list).  ``stop_after``: return once
    that many differences are found (0: look at every text)."""
    differ = []
    for index, text in indexed_texts:
        with each_question_answered_once():  # (one text's streams share the answers; the next text starts afresh)
            whole = g.mask_answer_text(text)
            differ += [(text[:160], got) for got in _streamed_all_ways(text, random.Random(index)) if got != whole]
        if stop_after and len(differ) >= stop_after:
            break
    return differ


def evaluation_set_texts(skip: tuple = NOT_YET_JOINED) -> list:
    """Every 5th message with PII of each evaluation set (but ``skip``) and of the labelled corpus."""
    texts = []
    for path in sorted(p for p in (ROOT_DATA / "eval").glob("*.jsonl") if p.name not in skip) + [ROOT_DATA / "pii_corpus.jsonl"]:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += [r["text"] for r in records if r.get("kinds") or r.get("label", "clean") != "clean"][::5]
    return texts


def test_streamed_masking_equals_whole_text_masking_on_the_evaluation_sets():
    """Messages with PII of each evaluation set, streamed in 1-, 2-3- and word-sized pieces: the client gets
    exactly what masking the whole answer gives (the stream masker holds back whatever could still change the
    detector's reading, and keeps enough released text for its labels)."""
    texts = evaluation_set_texts()
    assert len(texts) > 500
    differ = _stream_differences(sampled(texts))
    assert not differ, differ[:5]


def joined_texts() -> list:
    return _joined_development_messages(400, seed=2)


def test_streamed_masking_equals_whole_text_masking_on_joined_messages(monkeypatch):
    """Property: random joins of development-set messages (a label of one message can sit right of a value
    of the message before, as in a real answer), streamed three ways, are masked exactly like the whole
    text; with the fault put back (no hold for the right-hand window) the same texts differ."""
    texts = sampled(joined_texts())
    assert not _stream_differences(texts)
    _no_right_hold(monkeypatch)
    assert len(_stream_differences(texts, stop_after=3)) >= 3


# ---------------------------------------------------------------- numbers released before their window
# A closed number is held for its right-hand window only if some text to its right could still convict it;
# the masker asks the detector with probes (g._PROBE_WORDS, a delimiter for the column rule).  These check
# the claim from outside: a number the masker released early stays clean with any of the detector's own
# label words after it (in every written form a rule reads), or the start of another message.
def _vocabulary() -> list:
    """Every word of the detector's patterns that name a value's kind (phone, SSN and card words, the words a
    phone label may carry after its phone word, the labels of spaced digits): the words that convict."""
    patterns = (g._PHONE_WORDS_RE.pattern, g._SSN_WORDS_RE.pattern, g._CARD_WORDS_RE.pattern, g._AFTER_PHONE_WORD,
                g._SPACED_LABEL_RE.pattern)
    return sorted({w for p in patterns for w in re.findall(r"[a-z]{2,}", p)})


def _released_early(texts: list, stop_after: int = 0) -> list:
    """(context, text, start, end, what followed) of every number a word-by-word stream released before its
    right-hand window had arrived, each once; ``stop_after``: stop streaming once that many are found."""
    records = {}
    original = g.StreamMasker._nothing_right_convicts

    def recording(self, text, start, end):
        verdict = original(self, text, start, end)
        if verdict:
            # everything seen after the number: the masker may have read the whole next word (a town after a
            # postcode excuses the house number above it), and the continuation comes after that
            records.setdefault((self.context, text[:end], start, end, text[end:]), None)
        return verdict
    g.StreamMasker._nothing_right_convicts = recording
    try:
        for text in texts:
            masker = g.StreamMasker()
            for piece in re.findall(r"\s*\S+|\s+", text):
                masker.feed(piece)
            masker.flush()
            if stop_after and len(records) >= stop_after:
                break
    finally:
        g.StreamMasker._nothing_right_convicts = original
    return list(records)[:stop_after or None]


def _convicted_later(records: list, continuations: list, stop_after: int = 0) -> list:
    found = []
    for context, text, start, end, close in records:
        for more in continuations:
            if any(f.end > start and f.start < end for f in g.answer_findings(text + close + more, context)):
                found.append((text[max(0, start - 40):end], close + more))
                break
        if stop_after and len(found) >= stop_after:
            break
    return found


def _continuations(rng) -> list:
    """Each convicting word right after the number, some in brackets, after a comma or a tab, later in a
    sentence; and the starts of real messages."""
    words = _vocabulary()
    messages = [json.loads(line)["text"] for line in (ROOT_DATA / "eval" / "dev.jsonl").read_text().splitlines()]
    return [" " + w for w in words] + [f" ({w})" for w in rng.sample(words, 20)] \
        + [f", {w}" for w in rng.sample(words, 20)] + [f"\t{w}" for w in rng.sample(words, 10)] \
        + [" is my " + w for w in rng.sample(words, 10)] + ["nd " + m[:60] for m in rng.sample(messages, 15)]


def _number_texts(rng) -> list:
    from tests.test_guardrail_adversarial_unit import NUMBER_PROSE
    texts = _joined_development_messages(60, seed=11)
    numbers = ["2024", "1204", "48213", "123456", "1234567", "412345678", "2024-06-30", "1.106.12", "19.99",
               "3,500", "03/15/2024", "12:30:45", "0800", "555 0132", "v2.4.1", "#4521", "(1994)"]
    heads = ["We counted ", "Release ", "Line two\nthen ", "a,b\nrow ", "Order ", "Call me maybe, ", "Total: "]
    texts += [rng.choice(heads) + n + " and so on." for n in numbers for _ in range(3)]
    return [NUMBER_PROSE] + texts


RELEASED_EARLY_SAMPLE = 60  # released-early numbers (of the 100+ found) tried with every continuation


def test_a_number_released_before_its_window_is_clean_whatever_follows(monkeypatch):
    """The right-hand probes stand for every right-hand rule of the detector.  Fault put back: a right-hand
    conviction rule the masker's probes do not know (a 4-6 digit number with "hotline" soon after it is a
    phone) is caught here."""
    rng = random.Random(12)
    texts, continuations = _number_texts(rng), _continuations(rng)
    records = _released_early(texts)
    assert len(records) > 100
    records = rng.sample(records, 60)[::SAMPLE_EVERY]
    assert not _convicted_later(records, continuations)
    original = g._phones

    def with_a_new_rule(text, near=None):  # (_phones' signature: cost2 added near)
        yield from original(text, near)
        for m in re.finditer(r"(?<![\d.,])\d{4,6}(?![\d.,])(?=[^\n]{0,20}hotline)", text):
            yield g.Finding(g.US_PHONE, m.start(), m.end())
    monkeypatch.setattr(g, "_phones", with_a_new_rule)
    assert _convicted_later(_released_early(texts, stop_after=60), continuations, stop_after=1), \
        "the new rule's conviction went unnoticed"


# ---------------------------------------------------------------- escapes and dodged emails in streams
def _escaped(text: str, rng) -> str:
    """``text`` with some digits and @ signs written as the escapes an answer variant decodes."""
    out = []
    for ch in text:
        if (ch.isdigit() or ch == "@") and rng.random() < 0.3:
            out.append(rng.choice(["&#%d;", "&#x%x;", "\\u%04x", "\\x%02x"]) % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def _dodged(text: str, rng) -> str:
    """``text`` with its emails written to dodge harvesters: "jane (at) example (dot) com"."""
    at, dot = rng.choice([(" (at) ", " (dot) "), (" [at] ", " [dot] "), ("(at)", "."), (" {at} ", " dot "),
                          (" <at> ", " <dot> ")])
    return re.sub(r"@([\w\-]+(?:\.[\w\-]+)+)", lambda m: at + m.group(1).replace(".", dot), text)


def _escaped_and_dodged_texts(count: int, seed: int, skip: tuple = NOT_YET_JOINED) -> list:
    rng = random.Random(seed)
    texts = _joined_development_messages(count, seed, skip)
    return [_dodged(_escaped(t, rng), rng) if i % 2 else _escaped(t, rng) for i, t in enumerate(texts)]


def escaped_texts(skip: tuple = NOT_YET_JOINED) -> list:
    return _escaped_and_dodged_texts(300, seed=13, skip=skip)

