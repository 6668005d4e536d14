"""The detector's fast paths decide exactly what the plain forms decide.

Each fast path is a cheaper way to get the same answer: a pre-filter that skips what provably cannot match (a text
without five digit words has no spoken run, an SSN pattern that needs nine digits in a row skips a text without
them, ...), a pattern written to start with a class of its first characters (the regex engine then skips ahead),
an alternation searched one piece at a time.  Each test compares the fast path with its plain form on texts of
every kind that must not be skipped (each decoder's input, spelled digits, segments, dates, ...) and on a slice of
the evaluation sets, and shows that the comparison catches a filter that is too eager.
"""
import base64
import html
import importlib.util
import json
import re
import types
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "config" / "pii_guardrail.py").read_text(encoding="utf-8")


def _load():
    spec = importlib.util.spec_from_file_location("pii_guardrail_fast", ROOT / "config" / "pii_guardrail.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


g = _load()


def _with(*edits):
    """The guardrail with pieces of its source replaced."""
    source = SOURCE
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    module = types.ModuleType("pii_guardrail_edited")
    exec(compile(source, "pii_guardrail_edited", "exec"), module.__dict__)
    return module


WORDS = "zero one two three four five six seven eight nine".split()
SPOKEN = [
    "call me on four one five five five five zero one three two", "FOUR ONE FIVE FIVE FIVE FIVE ZERO",
    "Four, One, Five, Five, Five, Zero, One", "four-one-five-five-five-zero-one-three-two",
    "four.one.five.five.five.zero.one", "ssn five\tthree\tsix\ttwo\ttwo\teight\tseven\ttwo\tsix",
    "plus four four double seven nine triple zero one", "(four one five five five zero one)",
    "vier eins null sechs acht neun", "quatre un cinq cinq cinq zéro un", "fünf fünf fünf eins zwei drei",
    "cinco cinco cinco uno dos tres cuatro", "my number is oh seven nine one one, two three four",
    "six ſix ſix ſeven ſix ſix", "sei sei sei sette otto nove due", "one two three four five",
]
SPOKEN_PII = ["call me on four one five five five five zero one three two", "ssn five three six two two eight seven two six",
              "my cell is four-one-five-five-five-five-zero-one-three-two"]
NOT_SPOKEN = ["one or two of them, maybe three", "five hundred and twenty", "oneself twofold threesome fourth fifth",
              "one_two_three_four_five", "phone: one two three four", "nine lives, one dog, two cats, three birds"]
# PII that carries no ASCII digit and no '@': only the scan's other signs point at it
ENCODED = [
    base64.b64encode(b"jane@example.com").decode().rstrip("="),  # (a base64 token with no digit)
    base64.urlsafe_b64encode(b"mary@mail.com").decode().rstrip("="), "jane&commat;example.org",
    "jane (at) example (dot) org", "jane[at]example[dot]org", "jane <at> example <dot> org",
    "ssn five three six two two eight seven two six", "jane%40example.org", "ssn ５３６-２２-８７２６",
    "jane\U000e0040example.org", "ssn \U000e0035\U000e0033\U000e0036-22-8726",
]
SHAPES = [  # the rules a fast path skips to: segments, glued and suffixed SSNs, dates, cards, split runs
    "SSN: 32276-5806", "SSN:536228726abc", "no274797907abc", "536228726abc", "id660552468z", "SSN 536+22+8726",
    "MSH|^~\\&|LAB|X\rPID|1||123||DOE^JANE||19800101|F|||1 Main St||(415)555-0132|||||536-22-8726",
    "ISA*00*~PER*IC*JANE DOE*TE*4155550132~REF*SY*536228726~NM1*IL*1*DOE*JANE****34*536228726~",
    "MSH|^~\\&|A\nNTE|1||call 415 555 0132", "ISA*00*~DTP*472*D8*536228726~", "MSH|^~\\&|LAB\rPID|1||4155550132||DOE^JANE", "2024-11-05", "05-11-2024-1207", "10-26-2019 12:07", "5/17/2024 415 555 0132",
    "31.7.1999", "2024-05-17 14:24", "card 5018 0000 0009", "cc 501800000009", "4111 1111 1111 1111",
    "415-555-0132 4111 1111 1111 1111", "415 555 0132 415 555 0199", "536 22 8726", "536-22-8726 and 123-45-6789",
    "version 2.4 on 2024-11-05, 3 open", "+1 (415) 555-0132 ext. 12", "(0)20 7946 0958", "+44 (0) 20 7946 0958",
    "ip 192.168.1.20  684-009-230", "total 508.93  00971 4 388 9250", "8AA3 6115 2586 B8EF", "wa.me/14155550132",
    "COM+4155550132:TE'", "deadbeefcafe0123456789abcdef0011", "0123456789abcdef012", "x0123456789abcdef0123456789abcdef",
    "536\r22\r8726", "536\u202822\u20288726", "ssn_536-22-8726", "**536**-22-8726", "536\x0022\x008726",
    "ssn 5 3 6 2 2 8 7 2 6", "\\u0035\\u0033\\u0036-22-8726", "&#53;&#51;&#54;-22-8726", "4__1__5", "a\rb",
]


def _texts() -> list:
    texts = SPOKEN + SPOKEN_PII + NOT_SPOKEN + ENCODED + SHAPES
    for path in sorted((ROOT / "tests" / "data" / "eval").glob("*.jsonl"))[:3] + [ROOT / "tests/data/stress/structures.jsonl"]:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += [row["text"] for row in rows[::9]]
    more = []
    for text in texts[:len(SPOKEN + SPOKEN_PII + NOT_SPOKEN + ENCODED + SHAPES) + 200]:
        more += [text.upper(), " ".join(WORDS[int(c)] if c in "0123456789" else c for c in text if c.isascii()),
                 urllib.parse.quote(text), html.escape(text), base64.b64encode(text.encode()).decode()]
    return texts + more


TEXTS = _texts()


def test_a_spoken_run_is_found_exactly_where_the_regex_finds_one():
    assert all(g._spoken_run(t) for t in SPOKEN)
    assert not any(g._spoken_run(t) for t in NOT_SPOKEN)
    assert [t for t in TEXTS if g._spoken_run(t) != bool(g._SPOKEN_RE.search(t))] == []
    # too eager: words split at spaces only ("Four, One, ..." and "four-one-..." are five words each)
    eager = _with(("text.lower().translate(_NOT_WORD_TABLE).split()", "text.lower().split()"))
    assert [t for t in SPOKEN if not eager._spoken_run(t)] == SPOKEN[2:5]


def _plain_fast_path(module):
    # The scan's fast path as one alternation (searched with re.I; it is asked only of ASCII texts)
    return re.compile(r"[0-9@%&]|[A-Za-z0-9+/_\-]{16}|" + module._SPOKEN_RE.pattern + "|" + module._MAYBE_AT_RE.pattern,
                      re.I)


def test_the_scan_skips_only_texts_with_nothing_to_find():
    plain, digit_or_at = _plain_fast_path(g), re.compile(r"[0-9@]|" + g._SPOKEN_RE.pattern, re.I)
    ascii_texts = [t for t in TEXTS if t.isascii()]
    assert [t for t in ascii_texts if g._maybe_pii(t) != bool(plain.search(t))] == []
    assert [t for t in ascii_texts if bool(g._DIGIT_OR_AT_RE.search(t) or g._spoken_run(t)) != bool(digit_or_at.search(t))] == []
    for text in ENCODED + SPOKEN_PII:  # each is read, and found
        assert g.scan_request({"messages": [{"role": "user", "content": text}]}), text
    for text in SPOKEN_PII + ENCODED[3:6]:
        assert g.mask_answer_text(text) != text and g.mask_text(text) != text or "(at)" in text or "[at]" in text \
            or "<at>" in text, text  # (mask_text reads no dodged email: mask_answer_text does)
    # too eager: a digit or an @ (a base64 token, an entity, a dodged email and spoken digits have neither)
    eager = _with(("    return any(p.search(text) for p in _MAYBE_PII_RES) or _spoken_run(text)",
                   "    return bool(re.search('[0-9@]', text))"))
    missed = [t for t in ENCODED + SPOKEN_PII if not eager.scan_request({"messages": [{"role": "user", "content": t}]})]
    assert missed == ENCODED[:7] + SPOKEN_PII


def _plain_trigger(module, answer: bool):
    pattern = ("[" + re.escape(module._SAME_LENGTH_CHARS) + r"*~`<\x24\[({\x00-\x08\x0e-\x1f\x7f]|__|\r(?!\n)"
               r"|\d(?: ?[.\-,/] ?| )\d(?: ?[.\-,/] ?| )\d|" + module._TAG_CHARS_RE.pattern)
    return re.compile(pattern + (r"|[_\\&]" if answer else ""))


def test_the_variant_trigger_fires_exactly_where_its_alternation_matches():
    for answer in (False, True):
        plain = _plain_trigger(g, answer)
        assert [t for t in TEXTS if g._variant_triggered(t, answer) != bool(plain.search(t))] == []
    assert all(g.text_variants(t) for t in ("536\r22\r8726", "536\u202822\u20288726", "**536**-22-8726",
                                            "ssn \U000e0035\U000e0033\U000e0036-22-8726", "ssn 5 3 6 2 2 8 7 2 6"))
    # too eager: a lone carriage return not looked for
    eager = _with(('or "\\r" in text and _LONE_CR_RE.search(text) ', ""))
    assert eager.text_variants("536\r22\r8726") == [] and eager.find_pii("ssn 536\r22\r8726") == []


def _plain_phone_re(module):
    # _PHONE_RE as an alternation of its three openings (+, '(' or a digit, each checked after it)
    def first(char):
        if char == r"\d":
            return char + r"(?<![\w+\-/]\d)" + module._NOT_DECIMAL
        return char + r"(?<![\w+\-/]" + char + r")(?<!\d\." + char + ")"
    sep = module._SEP
    return re.compile(
        r"(?P<body>(?:" + first(r"\+") + r"[ \t]?(?:\(\d{1,5}\)" + sep + r"?)?\d+"
        r"|" + first(r"\(") + r"(?:\+?\d{1,4}\)[ \t]?(?:\(\d{1,5}\)" + sep + r"?)?\d+|\d{1,5}\)" + sep + r"?\d+)"
        r"|" + first(r"\d") + r"\d*)"
        r"(?:(?:" + sep + r"|" + sep + r"?\(\d{1,5}\)" + sep + r"?)\d+){0,8})"
        r"(?P<ext>(?:[ \t]*(?:x|;?ext[.=]?|extension|#)[ \t]*\d{1,6}){1,2})?"
        r"(?!\w|[./\-:]?\d|" + module._COMMA_DIGIT + ")", re.I)


def test_patterns_that_open_with_a_class_match_what_their_plain_forms_match():
    plain_phone = _plain_phone_re(g)
    plain_hex = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])")
    texts = TEXTS + [g.normalize(t) for t in TEXTS]
    for text in texts:
        assert [m.span("body") + m.span() for m in g._PHONE_RE.finditer(text)] == \
            [m.span("body") + m.span() for m in plain_phone.finditer(text)], text
        assert [m.span() for m in g._HEX_RE.finditer(text)] == [m.span() for m in plain_hex.finditer(text)], text
    # the comparison bites: without the check before it, a hex run is matched from inside a longer one
    eager = re.compile(g._HEX_RE.pattern.replace("(?<![0-9A-Fa-f].)", ""))
    assert [m.span() for m in eager.finditer("x0123456789abcdef0")] != [m.span() for m in plain_hex.finditer("x0123456789abcdef0")]


# The skips inside the detector, each turned off: the findings must be the same without them
SKIPS = {
    "five or nine digits in a row": ('''    five = _FIVE_DIGITS_RE.search(text)  # the patterns after the first need 5 or 9 digits in a row: most texts have none
    nine = five and _NINE_DIGITS_RE.search(text, five.start())''', '''    five = nine = True'''),
    "nine digits in a row": ('''    nine = five and _NINE_DIGITS_RE.search(text, five.start())''', '''    nine = True'''),
    "segments in the SSN rule": ('''    segments = "|" in text or "*" in text  # (no segment''', '''    segments = True  # (no segment'''),
    "segments in the phone rule": ('''    segments = "|" in text or "*" in text  # (see _ssns)''', '''    segments = True'''),
    "a date decided early": ('''    if date and len(groups) == 3 and n <= 8:''', '''    if False:'''),
    "a short card run": ('''        if len(value) < 12:\n            continue''', '''        if False:\n            continue'''),
    "a run without a space": ('''        if text.find(" ", start, end) < 0 or not''', '''        if not'''),
}
TOO_EAGER = {  # each the same skip one step too far
    "five or nine digits in a row": ('''_NINE_DIGITS_RE = re.compile(r"\\d\\d{4}"), re.compile(r"\\d\\d{8}")''',
                                     '''_NINE_DIGITS_RE = re.compile(r"\\d\\d{5}"), re.compile(r"\\d\\d{8}")'''),
    "nine digits in a row": ('''re.compile(r"\\d\\d{8}")  # (a digit''', '''re.compile(r"\\d\\d{9}")  # (a digit'''),
    "segments in the SSN rule": ('''    segments = "|" in text or "*" in text  # (no segment''', '''    segments = "|" in text  # (no segment'''),
    "segments in the phone rule": ('''    segments = "|" in text or "*" in text  # (see _ssns)''', '''    segments = "*" in text'''),
    "a date decided early": ('''    if date and len(groups) == 3 and n <= 8:''', '''    if date:'''),
    "a short card run": ('''        if len(value) < 12:''', '''        if len(value) < 13:'''),
    "a run without a space": ('''        if text.find(" ", start, end) < 0 or not''', '''        if text.find(" ", start, start + 4) < 0 or not'''),
}


def _findings(module, texts) -> list:
    return [module.find_pii(t) for t in texts]


def test_the_detectors_skips_change_no_finding():
    texts = SHAPES + ENCODED + SPOKEN_PII + TEXTS[len(SPOKEN + SPOKEN_PII + NOT_SPOKEN + ENCODED + SHAPES):][:600]
    found = _findings(g, texts)
    for name, edit in SKIPS.items():
        assert _findings(_with(edit), texts) == found, name
    for name, edit in TOO_EAGER.items():  # the comparison bites
        assert _findings(_with(edit), texts) != found, name
