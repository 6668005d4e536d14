"""Red-team findings against the guardrail, each through the real proxy (the session's one proxy,
tests/guardrail_proxy.py), plus the fault put back for each fix where a unit check shows it faster.

Requests that used to reach the model with PII: a value split across turns with another role's turn
between, digits split by HTML comments or markdown, U+2028 line separators between digit groups,
digits written one by one, emails written to dodge harvesters, base64 or hex of text with control
characters, \\x escapes, and documents the guardrail cannot read (a PDF). Answers that used to reach
the client with PII: a value split across stream chunks by a soft hyphen, a bidi mark or a combining
mark (its first groups were released), a tool call's name (never masked in a stream; an identifier
glued by '_' never found), markup-split digits, line separators, \\u escapes (a JSON-mode client decodes
them) and HTML character references (a browser shows them) in the answer; in streams also a value split
across lines, an extension after "ext ", an email before ':' and a value whose label (a phone word)
came more than 64 characters earlier.
"""
import base64
import json
import re
import unicodedata

import pytest

from tests.guardrail_proxy import ALIAS, VENV_BIN
from tests.test_guardrail_detection import g

pytestmark = pytest.mark.e2e

ROOT_DATA = VENV_BIN.parent.parent / "tests" / "data"
SSN, EMAIL, PHONE, CARD = "536-22-8726", "john.doe@example.com", "415-555-0132", "4111 1111 1111 1111"


@pytest.fixture(scope="module")
def fake(guardrail_fake):
    return guardrail_fake


@pytest.fixture(scope="module")
def proxy(guardrail_proxy):
    return guardrail_proxy


def _chat(content, **fields):
    messages = content if isinstance(content, list) else [{"role": "user", "content": content}]
    return "/v1/chat/completions", {"model": ALIAS, "messages": messages, **fields}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


PDF = b"%PDF-1.4\n1 0 obj << /Length 44 >> stream\nBT (SSN 536-22-8726) Tj ET\nendstream\n\x00\xff\xfe"

# name -> (path, body): each carries PII in a shape the guardrail used to let through to the model.
REQUESTS = {
    "split across turns": _chat([{"role": "user", "content": "my SSN is 536-22-"},
                                 {"role": "assistant", "content": "go on"}, {"role": "user", "content": "8726"}]),
    "split between system and first turn": ("/v1/messages", {"model": ALIAS, "max_tokens": 5,
                                                             "system": "my SSN is 536-22-",
                                                             "messages": [{"role": "user", "content": "8726"}]}),
    "split between instructions and input": ("/v1/responses", {"model": ALIAS, "instructions": "my SSN is 536-22-",
                                                               "input": "8726"}),
    "split between prompt and suffix": ("/v1/completions", {"model": ALIAS, "prompt": "SSN 536-22-", "suffix": "8726"}),
    "html comments": _chat("SSN 536<!-- -->22<!-- -->8726"),
    "markdown emphasis": _chat("SSN 5**3**6-22-8726"),
    "line separators": _chat("card 4111\u20281111\u20281111\u20281111"),
    "paragraph separators": _chat("call 415\u2029555\u20290132"),
    "digits one by one": _chat("ssn 5 3 6 2 2 8 7 2 6"),
    "katakana long-vowel dashes": _chat("SSN 536\u30fc22\u30fc8726"),
    "middle dots": _chat("call 415\u00b7555\u00b70132"),
    "email (at)": _chat("mail john.doe(at)example.com"),
    "email [at] [dot]": _chat("mail john.doe [at] example [dot] com"),
    "email {at} dot": _chat("mail john.doe {at} example dot com"),
    "base64 with CRLF": _chat("decode: " + _b64(f"line\r\nSSN {SSN}\r\n".encode())),
    "base64 with NUL": _chat("decode: " + _b64(f"\x00SSN {SSN}".encode())),
    "hex": _chat("decode hex: " + f"SSN {SSN}".encode().hex()),
    "x escapes": _chat("read: \\x53SN 536\\x2d22\\x2d8726"),
    "messages PDF document": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": _b64(PDF)}},
        {"type": "text", "text": "summarise"}]}]}),
    "chat PDF file part": _chat([{"role": "user", "content": [{"type": "file", "file": {
        "filename": "a.pdf", "file_data": "data:application/pdf;base64," + _b64(PDF)}}]}]),
    "chat PDF file part, raw base64": _chat([{"role": "user", "content": [{"type": "file", "file": {
        "filename": "a.pdf", "file_data": _b64(PDF)}}]}]),
    # (second red-team round) JSON numbers reach the model as their digits; control characters a model reads past;
    # a tool's output and a document's content blocks read as one text with their neighbours
    "JSON number in stop": _chat("hi", stop=[4155550132]),
    "JSON numbers in a tool schema": _chat("hi", tools=[{"type": "function", "function": {"name": "f", "parameters": {
        "type": "object", "properties": {"p": {"type": "string", "enum": [4155550132], "default": 536228726}}}}}]),
    "JSON float card in response_format": _chat("hi", response_format={"type": "json_schema", "json_schema": {
        "name": "x", "schema": {"type": "object", "default": 4111111111111111.0}}}),
    "JSON number in Anthropic tool_use input": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": {"phone": 4155550132}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]}]}),
    "NUL between digit groups": _chat("SSN 536\x0022\x008726"),
    "function_call_output split": ("/v1/responses", {"model": ALIAS, "input": [
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "SSN 536-22-"},
        {"type": "function_call", "call_id": "c2", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c2", "output": "8726"}]}),
    "split between user and function_call_output": ("/v1/responses", {"model": ALIAS, "input": [
        {"role": "user", "content": "SSN 536-22-"}, {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "8726"}]}),
    "document content blocks split": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "content", "content": [{"type": "text", "text": "SSN 536-22-"},
                                                                          {"type": "text", "text": "8726"}]}}]}]}),
    "lone carriage returns": _chat("call 415\r555\r0132"),
    "Hangul filler blanks": _chat("SSN 536\u316422\u31648726"),
    "braille blanks": _chat("card 4111\u28001111\u28001111\u28001111"),
    "fraction slashes": _chat("SSN 536\u204422\u20448726"),
    "responses input_file by URL": ("/v1/responses", {"model": ALIAS, "input": [{"role": "user", "content": [
        {"type": "input_file", "file_url": "https://files.example.com/statement.pdf"}, {"type": "input_text", "text": "sum"}]}]}),
    "messages document by URL": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "url", "url": "https://files.example.com/statement.pdf"}},
        {"type": "text", "text": "summarise"}]}]}),
    "chat file by file_id": _chat([{"role": "user", "content": [{"type": "file", "file": {"file_id": "file-abc123"}},
                                                                {"type": "text", "text": "summarise"}]}]),
    "responses PDF input_file": ("/v1/responses", {"model": ALIAS, "input": [{"role": "user", "content": [
        {"type": "input_file", "filename": "a.pdf", "file_data": "data:application/pdf;base64," + _b64(PDF)}]}]}),
    # (fourth round) digits spaced with dashes or commas between them, and escaped twice (JSON inside JSON)
    "digits spaced with dashes and commas": _chat("ssn 5 3 6 - 2 2 - 8 7 2 6, ssn 5,3,6,2,2,8,7,2,6"),
    "escaped twice": _chat('read: {"n": "' + "".join("\\\\u%04x" % ord(c) for c in SSN) + '"}'),
}


@pytest.mark.parametrize("name", list(REQUESTS))
@pytest.mark.parametrize("stream", [False, True])
def test_request_shapes_found_by_the_red_team_never_reach_the_model(proxy, fake, name, stream):
    path, body = REQUESTS[name]
    before = len(fake.requests())
    status, reply = proxy.call(path, {**body, "stream": stream})
    assert status == 400, (name, status, str(reply)[:300])
    assert len(fake.requests()) == before, f"{name}: the model was called"


def test_unreadable_documents_are_refused_with_the_type_and_what_to_do(proxy):
    status, reply = proxy.call(*REQUESTS["messages PDF document"])
    message = json.dumps(reply)
    assert status == 400 and "application/pdf" in message and "Paste their text" in message, message[:300]


CLEAN = {
    "arithmetic with stars": _chat("Is 2**10 equal to 1024? And 3*4*5?"),
    "at without an email": _chat("Meet me at noon at the station, then look at the docs."),
    "spelled-out address (our corpus counts it clean)": _chat("write to us at support at example dot com"),
    "a row of digits with no label": _chat("matrix 4 0 1 2 8 8 8 8 8 8 8 8 1 8 8 1 done"),
    "katakana text with a middle dot": _chat("\u30ab\u30bf\u30ab\u30ca\u30fb\u30c6\u30b9\u30c8 12\u30fb34 \u30b3\u30fc\u30d2\u30fc"),
    "text document": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "Quarterly notes."}}]}]}),
    "turns with numbers": _chat([{"role": "user", "content": "I have 3 apples"},
                                 {"role": "assistant", "content": "ok"}, {"role": "user", "content": "and 4 pears"}]),
    "image by URL (an image is not a document)": _chat([{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}, {"type": "text", "text": "describe"}]}]),
    "numbers in parameters": _chat("hi", seed=2012345678, max_tokens=1000000, tools=[{"type": "function", "function": {
        "name": "f", "parameters": {"type": "object", "properties": {"n": {"type": "integer", "maximum": 10000000}}}}}]),
    "tool output with numbers": ("/v1/responses", {"model": ALIAS, "input": [
        {"role": "user", "content": "count rows"}, {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "42 rows, 7 columns"}]}),
    "markdown table": _chat("| item | qty |\n|---|---|\n| **bolts** | 12 |\n| `nuts` | 40 |"),
}


@pytest.mark.parametrize("name", list(CLEAN))
def test_clean_requests_like_them_still_reach_the_model(proxy, fake, name):
    path, body = CLEAN[name]
    before = len(fake.requests())
    status, reply = proxy.call(path, body)
    assert status == 200, (name, status, str(reply)[:300])
    assert len(fake.requests()) > before


# ------------------------------------------------------------------ answers
ANSWERS = {
    "RT-SOFT-HYPHEN": f"Your SSN is 536\u00ad22\u00ad8726 and mail john.doe\u00ad@example.com, ok.",
    "RT-BIDI": "Call 415\u200e555\u200e0132 or 415\u202a-555-\u202c0132 today.",
    "RT-COMBINING": "Call 4\u03011\u03015-555-0132 today.",
    "RT-MARKUP": "SSN **536**-**22**-**8726** and 536<!-- -->22<!-- -->8726 done.",
    "RT-LINESEP": "card 4111\u20281111\u20281111\u20281111 done.",
    "RT-EXTENSION": "Call +1 415-555-0132 ext 4957 today.",
    "RT-EMAIL-COLON": "failed to notify courriel=JOHN.DOE@EXAMPLE.ORG: timeout",
    # "3 330 912 34" in full-width digits: a phone only with its label ("333 091 234" is one by its shape alone)
    "RT-FAR-LABEL": "The landline listed for Elvis Jaunzems in the Zigridafort directory is \uff13 \uff13\uff13\uff10 "
                    "\uff19\uff11\uff12 \uff13\uff14.",
    "RT-LINES": "card 4111\n1111\n1111\n1111 and SSN 536\r\n22\r\n8726 ok.",
    "RT-LOOKALIKE": "SSN 536\u30fc22\u30fc8726 and call 415\u2022555\u20220132 done.",
    "RT-ESCAPES": '{"ssn": "\\u0035\\u0033\\u0036-\\u0032\\u0032-8726", "mail": "john.doe\\u0040example.com"}',
    "RT-ENTITIES": "SSN &#53;&#51;&#54;-&#50;&#50;-&#56;&#55;&#50;&#54; and mail john.doe&#64;example&#46;com ok.",
    "RT-BLANKS": "SSN 536\u316422\u31648726, call 415\r555\r0132, card 4111\u16801111\u16801111\u16801111, "
                 "SSN 536\u204422\u20448726 ok.",
    # a tool call whose arguments hold JSON numbers (Anthropic's tool_use input keeps them numbers)
    "RT-TOOL-NUMBERS": {"content": "", "tool_calls": [{"function": {"name": "send", "arguments": {
        "phone": 4155550132, "card": 4111111111111111}}}]},
    # (non-empty arguments: LiteLLM's streamed Responses API drops a call whose arguments are {}, guardrail or not)
    "RT-TOOL-NAME": {"content": "", "tool_calls": [{"function": {"name": "ssn_536-22-8726", "arguments": {"q": "a"}}},
                                                   {"function": {"name": EMAIL, "arguments": {"q": "b"}}}]},
    # (third round) a value split between the reasoning and the answer: the reader reads them as one text
    "RT-THINK-SPLIT": {"thinking": "So the SSN is 536-22-", "content": "8726, and mail john.doe@example.com ok."},
    # (fourth round) a value ending the reasoning and one starting the answer: joined, they read as one 20-digit run
    "RT-THINK-EDGE": {"thinking": "Looking it up: SSN 536-22-8726", "content": "4111 1111 1111 1111 is the card on file."},
    # digits with junk between them, and values encoded a client decodes
    "RT-JUNK-DIGITS": "SSN 5 3 6 - 2 2 - 8 7 2 6, call <b>415</b>-555-0132, SSN $536$-$22$-$8726$, SSN 5,3,6,2,2,8,7,2,6 "
                      "and 536\U000e0020-22\u180b-8726 ok.",
    "RT-JUNK-ENCODED": "encoded " + base64.b64encode(b"SSN 536-22-8726").decode() + ", mail <b>john.doe</b>@example.com, "
                       'mail **john.doe**@example.com, {"n": "' + "".join("\\\\u%04x" % ord(c) for c in "536-22-8726") + '"} ok.',
}
ROUTES = {
    "chat": lambda marker: ("/v1/chat/completions", {"model": ALIAS, "messages": [{"role": "user", "content": marker}]}),
    "responses": lambda marker: ("/v1/responses", {"model": ALIAS, "input": marker}),
    "messages": lambda marker: ("/v1/messages", {"model": ALIAS, "max_tokens": 50,
                                                 "messages": [{"role": "user", "content": marker}]}),
}
_MARKUP = re.compile(r"<!--.*?-->|[*`~]")
# These answers hold no digit but the values' own, so any digit the client reads (an area code, the first
# digits of an SSN) is a leak, and so is an email's local part.
_VALUE_PARTS = re.compile(r"\d+|john", re.I)


def _client_texts(value, key=""):
    """Every string the client reads in a reply (ids excluded: they are random and carry no text)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _client_texts(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _client_texts(v, key)
    elif isinstance(value, str) and not key.lower().endswith("id") and key not in ("signature", "model"):
        yield value


def _events(raw: str) -> list:
    """JSON payloads of an SSE stream (split on '\\n' only: U+2028 inside a JSON string is not a line end)."""
    out = []
    for line in raw.split("\n"):
        if line.startswith("data:") and line[5:].strip() not in ("", "[DONE]"):
            out.append(json.loads(line[5:]))
    return out


def _streamed_text(events: list) -> str:
    """The text the client assembles from the deltas, plus every other string of the events."""
    return "".join(_client_texts(events))


def _leaks(text: str) -> list:
    flat = unicodedata.normalize("NFKC", "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Mn")))
    flat = _MARKUP.sub("", flat).replace("\u2028", " ")
    return _VALUE_PARTS.findall(flat)


@pytest.fixture(scope="module")
def answers(fake):
    for marker, answer in ANSWERS.items():
        fake.add_answer(marker, answer)
    return ANSWERS


@pytest.mark.parametrize("marker", list(ANSWERS))
@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("stream, piece", [(False, 3), (True, 1), (True, 2), (True, 3)])
def test_answer_shapes_found_by_the_red_team_never_leak(proxy, fake, answers, marker, route, stream, piece,
                                                        monkeypatch):
    monkeypatch.setattr(fake, "piece", piece)  # where the chunks split the value
    path, body = ROUTES[route](marker)
    status, reply = proxy.call(path, {**body, "stream": stream})
    assert status == 200, (status, str(reply)[:300])
    text = _streamed_text(_events(reply)) if stream else "".join(_client_texts(reply))
    assert not _leaks(text), (marker, route, stream, _leaks(text), text[:600])
    assert "REDACTED" in text, ("the answer came back without the masked values", text[:600])


# ------------------------------------------------------------------ faults put back (no proxy)
def _kinds(content) -> list:
    return g.scan_whole_request({"messages": [{"role": "user", "content": content}]})


def test_without_the_variants_markup_and_separators_pass(monkeypatch):
    texts = ["SSN 536<!-- -->22<!-- -->8726", "card 4111\u20281111\u20281111\u20281111", "mail john.doe [at] example.com",
             "ssn 5 3 6 2 2 8 7 2 6"]
    assert all(_kinds(t) for t in texts)
    monkeypatch.setattr(g, "text_variants", lambda text, answer=False: [])
    assert not any(_kinds(t) for t in texts)
    assert g.mask_answer_text("SSN **536**-**22**-**8726**") == "SSN **536**-**22**-**8726**"


def test_without_the_extra_decoders_control_characters_hide_base64_and_hex(monkeypatch):
    texts = ["decode: " + _b64(f"line\r\nSSN {SSN}\r\n".encode()), "hex: " + f"SSN {SSN}".encode().hex()]
    assert all(_kinds(t) == ["us_ssn"] for t in texts)
    monkeypatch.setattr(g, "_more_candidates", lambda text: iter(()))
    assert not any(_kinds(t) for t in texts)


def test_without_the_turn_join_a_value_split_across_turns_passes(monkeypatch):
    data = REQUESTS["split across turns"][1]
    assert g.scan_whole_request(data) == ["us_ssn"]
    monkeypatch.setattr(g, "_turn_texts", lambda messages: {})
    assert g.scan_whole_request(data) == []


def test_without_the_model_view_join_a_value_split_by_the_system_prompt_passes(monkeypatch):
    data = REQUESTS["split between system and first turn"][1]
    assert g.scan_whole_request(data) == ["us_ssn"]
    monkeypatch.setattr(g, "MODEL_VIEW_FIELDS", ())
    assert g.scan_whole_request(data) == []


def _scan(name) -> list:
    return g.scan_whole_request(REQUESTS[name][1])


NEW_BLANKS = ("call 415\r555\r0132", "SSN 536\u316422\u31648726", "card 4111\u28001111\u28001111\u28001111",
              "SSN 536\u204422\u20448726", "card 4111\u16801111\u16801111\u16801111")


def test_without_the_blank_and_slash_lookalikes_and_lone_cr_they_pass(monkeypatch):
    assert all(_kinds(t) for t in NEW_BLANKS) and all("REDACTED" in g.mask_answer_text(t) for t in NEW_BLANKS)
    old_table = {k: v for k, v in g._LINE_SEPARATOR_TABLE.items() if chr(k) not in g._BLANK_LOOKALIKES + g._SLASH_LOOKALIKES}
    monkeypatch.setattr(g, "_LINE_SEPARATOR_TABLE", old_table)
    monkeypatch.setattr(g, "_SAME_LENGTH_CHARS", g._LINE_SEPARATORS + g._DASH_LOOKALIKES + g._DOT_LOOKALIKES)
    monkeypatch.setattr(g, "_LONE_CR_RE", re.compile(r"(?!)"))
    assert not any(_kinds(t) for t in NEW_BLANKS)


def test_without_reading_through_the_blanks_a_stream_releases_the_first_groups(monkeypatch):
    texts = [t for t in NEW_BLANKS if "\r" not in t]
    assert all(_streamed(t, size) == g.mask_answer_text(t) for t in texts for size in (1, 2, 3))
    for name in ("_OPEN_NUMBER_RE", "_OPEN_WORD_RE", "_CANDIDATE_RE"):
        pattern = getattr(g, name)
        monkeypatch.setattr(g, name, re.compile(pattern.pattern.replace(g._BLANK_LOOKALIKES + g._SLASH_LOOKALIKES, ""),
                                                pattern.flags))
    assert any(_leaks(_streamed(t, size)) for t in texts for size in (1, 2, 3))


def test_without_the_reference_check_documents_by_url_or_file_id_pass(monkeypatch):
    names = ("responses input_file by URL", "messages document by URL", "chat file by file_id")
    for name in names:
        with pytest.raises(g.RequestRefused, match="cannot read attached"):
            _scan(name)
    monkeypatch.setattr(g, "REFERENCE_KEYS", ())
    monkeypatch.setattr(g, "REFERENCE_SOURCES", ())
    assert not any(_scan(name) for name in names)


def test_without_the_number_mask_a_tool_input_number_is_answered(monkeypatch):
    answer = {"content": [{"type": "tool_use", "input": {"phone": 4155550132, "input_tokens": 4155550132}}]}
    assert g.mask_deep(json.loads(json.dumps(answer)))["content"][0]["input"] == {
        "phone": "[REDACTED_US_PHONE]", "input_tokens": 4155550132}
    monkeypatch.setattr(g, "MIN_PII_NUMBER", float("inf"))
    assert g.mask_deep(json.loads(json.dumps(answer))) == answer


def test_without_the_number_scan_json_numbers_pass(monkeypatch):
    names = ("JSON number in stop", "JSON numbers in a tool schema", "JSON float card in response_format",
             "JSON number in Anthropic tool_use input")
    assert all(_scan(name) for name in names)
    monkeypatch.setattr(g, "MIN_PII_NUMBER", float("inf"))
    assert not any(_scan(name) for name in names)


def test_without_the_control_character_variant_nul_separated_digits_pass(monkeypatch):
    assert _scan("NUL between digit groups") == ["us_ssn"]
    monkeypatch.setattr(g, "_CONTROL_CHARS_RE", re.compile(r"(?!)"))
    assert _scan("NUL between digit groups") == []


def test_without_output_and_source_as_text_keys_split_tool_outputs_and_documents_pass(monkeypatch):
    names = ("function_call_output split", "document content blocks split")
    assert all(_scan(name) == ["us_ssn"] for name in names)
    monkeypatch.setattr(g, "TEXT_KEYS", tuple(k for k in g.TEXT_KEYS if k not in ("output", "source")))
    assert not any(_scan(name) for name in names)


def test_with_tool_outputs_grouped_apart_from_the_user_a_split_value_passes(monkeypatch):
    assert _scan("split between user and function_call_output") == ["us_ssn"]
    monkeypatch.setattr(g, "MODEL_ROLES", g.MODEL_ROLES + ("function_call_output",))
    assert _scan("split between user and function_call_output") == []


def test_without_the_document_check_a_pdf_passes(monkeypatch):
    # (its text stream compressed, as most PDFs have it: mostly binary, so no decoder reads the value in it)
    data = json.loads(json.dumps(REQUESTS["messages PDF document"][1]).replace(_b64(PDF), _b64(PDF + bytes(range(128, 256)))))
    with pytest.raises(g.RequestRefused):
        g.scan_whole_request(data)
    monkeypatch.setattr(g, "_binary_documents", lambda value, nesting=0: iter(()))
    assert g.scan_whole_request(data) == []


def _streamed(text: str, size: int = 3) -> str:
    masker = g.StreamMasker()
    return "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush()


def test_without_read_through_characters_a_stream_releases_the_first_groups(monkeypatch):
    text = ANSWERS["RT-SOFT-HYPHEN"]
    assert _streamed(text) == "Your SSN is [REDACTED_US_SSN] and mail [REDACTED_EMAIL], ok."
    monkeypatch.setattr(g, "_OPEN_NUMBER_RE", re.compile(
        r"(?:[+(][ \u00a0]?|[+(]?\d[\d \t\u00a0()./_\-\u2010-\u2015\u2212]*(?:e?x?t?\.?)?)\Z", re.I))
    monkeypatch.setattr(g, "_OPEN_WORD_RE", re.compile(r"(?:[^\W]|[.%+\-@\u200b-\u200d\u2060\ufeff])+\Z"))
    # and a closed number waiting for its right-hand window joined without them either
    monkeypatch.setattr(g, "_CANDIDATE_RE", re.compile(r"\d(?:[ ./\-]*\d)*"))
    assert _leaks(_streamed(text)), "with the old hold-back the first groups go out unmasked"


def _chunk(delta, finish=None):
    return {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _rewritten(chunks) -> list:
    rewriter = g.StreamRewriter()
    return [out for chunk in chunks for out in rewriter.rewrite(chunk)] + rewriter.finish()


def test_legacy_function_call_deltas_are_masked_and_without_it_they_leak(monkeypatch):
    """delta.function_call (providers that answer the pre-tools ``functions`` parameter) cannot come from the
    fake Ollama, whose calls LiteLLM turns into tool_calls, so this one is checked on the rewriter itself."""
    args = json.dumps({"to": EMAIL, "ssn": SSN})
    chunks = ([_chunk({"role": "assistant", "function_call": {"name": "ssn_536-22-8726", "arguments": ""}})]
              + [_chunk({"function_call": {"arguments": args[i:i + 3]}}) for i in range(0, len(args), 3)]
              + [_chunk({}, "function_call")])

    def joined(out):
        calls = [c["choices"][0]["delta"].get("function_call") or {} for c in out]
        return "".join(c.get("name") or "" for c in calls) + "".join(c.get("arguments") or "" for c in calls)
    masked = joined(_rewritten(json.loads(json.dumps(chunks))))
    assert not _leaks(masked) and masked.count("REDACTED") == 3, masked
    monkeypatch.setattr(g.StreamRewriter, "_function_call", lambda self, chunk, call, index: True)
    assert _leaks(joined(_rewritten(json.loads(json.dumps(chunks))))), "without it the name and arguments pass"


def test_with_the_old_64_character_context_a_far_label_is_lost(monkeypatch):
    text = ANSWERS["RT-FAR-LABEL"]
    assert not _leaks(_streamed(text, 2))
    monkeypatch.setattr(g, "_kept_context", lambda released: released[-64:])
    assert _leaks(_streamed(text, 2)), "the phone word is out of the context when the number streams"



# ---------------------------------------------------------------- right-hand context in streams
# The detector reads labels after a value too ("1221 (phone_number)", "234864227 (order)", "412345678 users",
# a word later on the line): at most g.RIGHT_CONTEXT characters and never past the line's end.  The stream
# masker holds a closed number back until that window has arrived, so a stream is masked exactly like the
# whole answer, in both directions (a value that a later label convicts, or excuses).
RIGHT_LABELLED = {
    "lol ok its 1221 (phone_number)\nnext line": "lol ok its [REDACTED_US_PHONE] (phone_number)\nnext line",
    "shipped: 234864227 (order) today": "shipped: 234864227 (order) today",
    "we have 412345678 users now, thanks": "we have 412345678 users now, thanks",
    "the number 070021582 (mobile) works": "the number [REDACTED_US_PHONE] (mobile) works",
}


def _pieces_all_ways(text: str, rng) -> list:
    """``text`` cut in 1-, 2-3- and word-sized pieces (the sizes drawn from ``rng`` in that order)."""
    ways = []
    for sizes in ([1], [2, 3]):
        pieces, i = [], 0
        while i < len(text):
            n = rng.choice(sizes)
            pieces.append(text[i:i + n])
            i += n
        ways.append(pieces)
    return ways + [re.findall(r"\s*\S+|\s+", text)]


def _streamed_pieces(pieces: list) -> str:
    masker = g.StreamMasker()
    return "".join([masker.feed(p) for p in pieces]) + masker.flush()


def _streamed_all_ways(text: str, rng) -> list:
    """``text`` streamed in 1-, 2-3- and word-sized pieces: what the client gets each way."""
    return [_streamed_pieces(pieces) for pieces in _pieces_all_ways(text, rng)]


def _some_way_differs(text: str, rng, expected: str) -> bool:
    """set(_streamed_all_ways(text, rng)) != {expected}, the same three ways streamed fewest pieces first until
    one differs (a fault put back shows in the cheap ways mostly)."""
    return any(_streamed_pieces(pieces) != expected for pieces in sorted(_pieces_all_ways(text, rng), key=len))


def _no_right_hold(monkeypatch):
    """The fault put back: a closed number is released at once (before its right-hand label arrives)."""
    monkeypatch.setattr(g.StreamMasker, "_awaiting_right_context", staticmethod(lambda text: len(text)))


@pytest.mark.parametrize("text", RIGHT_LABELLED)
def test_a_label_after_a_value_applies_in_a_stream_and_without_the_hold_it_does_not(monkeypatch, text):
    import random
    assert g.mask_answer_text(text) == RIGHT_LABELLED[text]
    assert _streamed_all_ways(text, random.Random(3)) == [RIGHT_LABELLED[text]] * 3
    _no_right_hold(monkeypatch)
    assert _some_way_differs(text, random.Random(3), RIGHT_LABELLED[text]), "released before its label"


# Texts where a right-hand rule would read past the window if it were unbounded: spaces before a bracketed
# label or a unit, a column delimiter far right of a first-column value, an SSN word late on the line.
FAR_RIGHT = [
    "ok 412345678" + " " * 60 + "(order)\n",
    "we have 412345678" + " " * 60 + "users\n",
    "phone;name\n$customer->value = '1291270219' // " + "x" * 60 + "; done\n",
    "order is 412345678 " + "and " * 12 + "my ssn\n",  # (a label right before, "order 4...", now beats any word)
]


def _window_holds(text: str, reach: int) -> bool:
    """Cut ``text`` anywhere: the findings ending ``reach`` or more characters before the cut (or before a
    line break inside the piece) are the findings of the whole text there."""
    whole = g.find_pii(text)
    for cut in range(1, len(text)):
        piece = text[:cut]
        done = max(cut - reach, piece.rfind("\n"))
        if [f for f in g.find_pii(piece) if f.end <= done] != [f for f in whole if f.end <= done]:
            return False
    return True


@pytest.mark.parametrize("text", FAR_RIGHT)
def test_the_detector_reads_no_further_right_than_its_window(monkeypatch, text):
    reach = g.RIGHT_CONTEXT
    assert _window_holds(text, reach)
    # the faults put back: the bracket and unit rules unbounded, the line and word rules reading 2000 characters
    monkeypatch.setattr(g, "_after", lambda pattern, text, end: pattern.match(text, end))
    monkeypatch.setattr(g, "RIGHT_CONTEXT", 2000)
    monkeypatch.setattr(g, "WORD_AFTER", 2000)
    assert not _window_holds(text, reach)


def test_a_spaced_number_takes_its_label_only_from_the_detector_window():
    far = "5 3 6 2 2 8 7 2 6 " + "and so on " * 12 + "my ssn"
    near = "5 3 6 2 2 8 7 2 6 is my ssn"
    assert g.mask_answer_text(far) == far and g.mask_answer_text(near) == "[REDACTED_US_SSN] is my ssn"
    import random
    assert _streamed_all_ways(far, random.Random(1)) == [far] * 3


# Labels the detector reads far left of a value: the column header above a long row (CSV, Markdown past its
# rule row) and an SQL INSERT's column list up to 600 characters back.  The masker's context keeps them.
FAR_LEFT = [
    "a,ssn\n" + "x" * 600 + ",order 412345678\n",
    "| a | ssn |\n|---|---|\n| " + "x" * 700 + " | order 412345678 |\n",
    "INSERT INTO t (name, ssn) VALUES ('" + "x" * 550 + "', 'order 412345678');\n",
]


@pytest.mark.parametrize("text", FAR_LEFT)
def test_a_far_left_header_applies_in_a_stream_and_with_the_old_512_character_context_it_does_not(monkeypatch, text):
    import random
    whole = g.mask_answer_text(text)
    assert "[REDACTED_US_SSN]" in whole
    assert _streamed_all_ways(text, random.Random(4)) == [whole] * 3
    monkeypatch.setattr(g, "_kept_context", lambda released: released[-512:])
    assert _some_way_differs(text, random.Random(4), whole), "the header scrolled out of the context"


def test_a_rule_row_on_the_first_line_does_not_make_the_last_line_a_header():
    """'-' on the first line looks like a Markdown rule row; the header above it used to be read with a
    negative index, i.e. from the end of the text: whatever line came last convicted the value."""
    text = "-\norder 412345678;jo\nmy ssn\n"
    assert g._column_label(text, text.index("412")) != "my ssn "
    assert g.mask_answer_text(text) == text and g.mask_answer_text(text + "ok") == text + "ok"


STREAM_EDGES = [
    "5 3 6 2 2 8 7 2 6\nsee the phone\n",          # a spaced number's label on the next line is not its label
    "ok +44 20 7946 0958 1,204 and (415) 555-0132 1,204 more",  # a '+' or '(' opening a held number
]


@pytest.mark.parametrize("text", STREAM_EDGES)
def test_stream_edges_are_masked_like_the_whole_text(text):
    import random
    assert _streamed_all_ways(text, random.Random(6)) == [g.mask_answer_text(text)] * 3


def test_without_the_prefix_a_held_number_leaves_its_plus_sign_behind(monkeypatch):
    import random
    text = STREAM_EDGES[1]
    whole = g.mask_answer_text(text)
    monkeypatch.setattr(g, "_CANDIDATE_RE", re.compile(g._CANDIDATE_RE.pattern.split("?)?", 1)[1], re.I))
    # (a comma closes the open number, as it did before a comma between single digits held it: the number waits
    # as a candidate)
    monkeypatch.setattr(g, "_OPEN_NUMBER_RE", re.compile(g._OPEN_NUMBER_RE.pattern.replace(r"|,(?!\d\d)", ""), re.I))
    assert _some_way_differs(text, random.Random(6), whole)


COMPRESSED_WINDOW = "order is 412345678 " + "&nbsp;" * 9 + " my ssn ok"  # decoded, "my ssn" is inside the window


def test_a_window_shortened_by_escapes_is_waited_for_and_without_it_the_number_goes_out(monkeypatch):
    import random
    whole = g.mask_answer_text(COMPRESSED_WINDOW)
    assert "[REDACTED_US_SSN]" in whole
    assert _streamed_all_ways(COMPRESSED_WINDOW, random.Random(8)) == [whole] * 3
    monkeypatch.setattr(g.StreamMasker, "_window_arrived",
                        staticmethod(lambda after: "\n" in after or len(after) >= g.RIGHT_CONTEXT))
    assert _some_way_differs(COMPRESSED_WINDOW, random.Random(8), whole)


OPEN_NUMBERS = [
    "use 81&#49; 73 14\\u00379 from now on.",                     # an SSN, two of its digits escaped
    "reach the office on &#49; (\\x33&#51;&#53;) 2\\u0036\\x32-&#x37;&#55;97 after 9am",
    "SSN \uff14\uff19\uff18\uff0d\uff19\uff13\uff0d\uff13\uff11\uff17\uff14 ok",   # full-width digits and dashes
    "tel \uff14\uff11\uff15\uff0f\uff15\uff15\uff15\uff0f\uff10\uff11\uff13\uff12 now",
]
ESCAPED_AND_DODGED = OPEN_NUMBERS + [
    "write to jane (at) example (dot) com today",
    "mail john.doe [at] example [dot] co [dot] uk, thanks",
    "ping jane{at}example{dot}com or sales (at) acme-corp (dot) io\nnext",
]


@pytest.mark.parametrize("text", ESCAPED_AND_DODGED)
def test_escaped_digits_and_dodged_emails_stream_like_the_whole_text(text):
    import random
    whole = g.mask_answer_text(text)
    assert "REDACTED" in whole
    assert _streamed_all_ways(text, random.Random(9)) == [whole] * 3


def test_without_the_escape_aware_number_and_the_dodge_hold_streams_leak(monkeypatch):
    """Faults put back: an open number that ends in an escaped digit or a full-width dash counts as closed
    (the digits before it go out, a later group joins them into an SSN); a word before "(at)" goes out
    before the rest of the email."""
    import random
    monkeypatch.setattr(g, "_OPEN_NUMBER_RE", re.compile(
        r"(?:[+(]{1,2}[ \u00a0]?|[+(]{0,2}\d[\d \t\r\n\u00a0()./_\-\u2010-\u2015\u2212*~`<>!" + g._READ_THROUGH
        + r"]*(?:(?:e|ex|ext|exte|exten|extens|extensi|extensio|extension|x|#)\.?[ \t]*)?)\Z", re.I))
    # (the dodge hold off too: it holds a word with an escape in it, "81&#49; ", until the next character, since
    # "(at)" may follow, and by then "81&#49; 7" is a closed number held for its window)
    monkeypatch.setattr(g, "_open_dodged_email", lambda text, before="": len(text))
    for text in OPEN_NUMBERS:
        assert _some_way_differs(text, random.Random(9), g.mask_answer_text(text)), text
    monkeypatch.undo()
    monkeypatch.setattr(g, "_open_dodged_email", lambda text, before="": len(text))
    for text in ESCAPED_AND_DODGED[len(OPEN_NUMBERS):]:
        assert _some_way_differs(text, random.Random(9), g.mask_answer_text(text)), text


# A value found alike whatever follows goes out masked before its window has arrived, but only once the word
# after it and the next character are there: the excusing rules read right after a value.
EXCUSED_AFTER = [
    "we have 912 345 667 users today, fine",           # grouped like a local phone number, a unit after it
    "call 415-555-0132 ab12 cd34 today, fine",         # a hex group after it: a key fingerprint, not a phone
    "call 415-555-0132 and ask, fine",
]


@pytest.mark.parametrize("text", EXCUSED_AFTER)
def test_a_value_is_released_early_only_once_what_excuses_it_has_arrived(text, monkeypatch):
    import random
    whole = g.mask_answer_text(text)
    assert _streamed_all_ways(text, random.Random(14)) == [whole] * 3
    if "REDACTED" not in whole:  # fault put back: decided on the first letter after the value
        monkeypatch.setattr(g, "_FIRST_WORD_RE", re.compile(""))
        assert _some_way_differs(text, random.Random(14), whole)


# ------------------------------------------------------------------ fourth round: junk between digits, encoded answers
def _old(name: str, *cuts) -> re.Pattern:  # a pattern of the guardrail with this round's additions cut out
    pattern = getattr(g, name).pattern
    for cut in cuts:
        assert cut in pattern, (name, cut)
        pattern = pattern.replace(cut, "")
    return re.compile(pattern, getattr(g, name).flags)


JUNK_FAULTS = [  # (answer text, what this round added, put back as it was)
    ("SSN 5 3 6 - 2 2 - 8 7 2 6 ok", {"_SPACED_DIGITS_RE": [r"(?: ?[.\-,/] ?| )"]}, "whole"),
    ("SSN 5,3,6,2,2,8,7,2,6 ok", {"_OPEN_NUMBER_RE": [r"|,(?!\d\d)"]}, "stream"),
    ("SSN $536$-$22$-$8726$ ok", {"_MARKUP_RE": [r"|\x24+"]}, "whole"),
    ("call <b>415</b>-555-0132 now", {"_OPEN_WORD_RE": ["<>/=*~`"]}, "stream"),
    ("mail <b>john.doe</b>@example.com ok", {"_OPEN_WORD_RE": ["<>/=*~`"]}, "stream"),
    ("SSN 536\U000e0020-22\u180b-8726 ok", {n: [r"\u180b-\u180f\U000e0000-\U000e007f"] for n in
                                             ("_OPEN_NUMBER_RE", "_OPEN_WORD_RE", "_CANDIDATE_RE")}, "stream"),
    ('{"n": "' + "".join("\\\\u%04x" % ord(c) for c in "536-22-8726") + '"}', {"_ANSWER_ESCAPE_RE": ["+"]}, "whole"),
]


@pytest.mark.parametrize("text, added, where", JUNK_FAULTS)
def test_junk_between_digits_is_read_through_and_without_it_the_value_goes_out(text, added, where, monkeypatch):
    import random
    whole = g.mask_answer_text(text)
    assert "REDACTED" in whole and not _leaks(whole), whole
    assert set(_streamed_all_ways(text, random.Random(3))) == {whole}
    for name, cuts in added.items():
        monkeypatch.setattr(g, name, _old(name, *cuts))
    if where == "whole":
        assert g.mask_answer_text(text) == text
    else:
        assert any(_leaks(out) for out in _streamed_all_ways(text, random.Random(3)))


def test_base64_in_an_answer_is_masked_whole_and_without_the_decoder_it_goes_out(monkeypatch):
    import random
    text = "encoded " + base64.b64encode(b"mail john.doe@example.com").decode() + " ok"
    assert g.mask_answer_text(text) == "encoded [REDACTED_EMAIL] ok"
    assert set(_streamed_all_ways(text, random.Random(4))) == {g.mask_answer_text(text)}
    monkeypatch.setattr(g, "_base64_text", lambda token: None)
    assert g.mask_answer_text(text) == text


def test_a_request_escaped_twice_is_decoded_and_without_it_it_passes(monkeypatch):
    body = REQUESTS["escaped twice"][1]
    assert g.scan_whole_request(body) == ["us_ssn"]
    monkeypatch.setattr(g, "_ESCAPE_RE", _old("_ESCAPE_RE", "+"))
    assert g.scan_whole_request(body) == []


WRAPPED = "Here it is:\n" + "\n".join(_b64(b"The customer's SSN is 536-22-8726, mail john.doe@example.com")[i:i + 20]
                                      for i in range(0, 80, 20)) + "\nthat is all."
JUNK_FIRST = "token " + _b64(b"\xfbSSN 536-22-8726 ok")  # a byte that is not UTF-8 first: a model reads past it


def test_base64_wrapped_over_lines_or_behind_a_junk_byte_is_read_and_without_it_it_passes(monkeypatch):
    import random
    for text in (WRAPPED, JUNK_FIRST):
        whole = g.mask_answer_text(text)
        assert _kinds(text) and "REDACTED" in whole, (text, whole)
        assert set(_streamed_all_ways(text, random.Random(5))) == {whole}
    monkeypatch.setattr(g, "_OPEN_BASE64_BLOCK_RE", re.compile("(?!)"))  # a stream releases the block line by line
    assert _some_way_differs(WRAPPED, random.Random(5), g.mask_answer_text(WRAPPED))
    monkeypatch.setattr(g, "_WRAPPED_BASE64_RE", re.compile("(?!)"))
    assert "us_ssn" not in _kinds(WRAPPED)  # (each line decodes to a piece: the last one holds the email)
    def strict(token):  # the decoder as it was: UTF-8 or nothing
        try:
            return g._readable(base64.b64decode(token + "=" * (-len(token) % 4)))
        except ValueError:
            return None
    monkeypatch.setattr(g, "_base64_text", strict)
    assert not _kinds(JUNK_FIRST) and g.mask_answer_text(JUNK_FIRST) == JUNK_FIRST


def test_a_streamed_table_keeps_its_header_as_context_and_without_it_order_ids_turn_into_phones(monkeypatch):
    """A CSV export longer than the masker's 640 characters of context: its ten-digit order ids are excused by the
    header row at the top (the detector reads the nearest number-free row with cells above a data row), so a
    stream must keep that row as context; cut in the middle of the header, or without it, the ids were masked as
    phones in the stream and not in the whole answer."""
    import random
    rows = "".join(f'{4745748230 + i},2025-06-{10 + i}T22:11:47Z,SKU-6127-BLK-XL,3,"69.45","{i} Warehouse Rd"\n'
                   for i in range(14))
    text = "order_id,created_at,sku,qty,unit_price,ship_to\n" + rows
    assert len(text) > g.CONTEXT_CHARS + 400 and g.mask_answer_text(text) == text
    assert _streamed_all_ways(text, random.Random(1)) == [text] * 3
    monkeypatch.setattr(g, "_kept_context", lambda released: released[-g.CONTEXT_CHARS:])
    assert all("[REDACTED_US_PHONE]" in out for out in _streamed_all_ways(text, random.Random(1)))
