"""Adversarial suite through the real proxy (the session's one proxy, tests/guardrail_proxy.py).

The fake Ollama records every request that reaches the model. Invariants:
* zero requests carrying PII reach the upstream, on every route LiteLLM 1.106.12 exposes (read from
  the installed release's own FastAPI app), in every message shape and encoding below;
* zero answers leak: what the client receives, normalised (NFKC, invisible characters removed),
  contains none of the values the model wrote, streamed or not, on every served route.
"""
import base64
import html
import importlib.util
import json
import os
import re
import unicodedata
import urllib.parse

import pytest

from tests.guardrail_proxy import ALIAS, MASTER_KEY, VENV_BIN
from tests.guardrail_scoring import expected_kinds, score_through_proxy

pytestmark = pytest.mark.e2e

ROOT_DATA = VENV_BIN.parent.parent / "tests" / "data"
_SPEC = importlib.util.spec_from_file_location("pii_guardrail", VENV_BIN.parent.parent / "config" / "pii_guardrail.py")
pii_guardrail = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(pii_guardrail)  # the detector the proxy loads, for comparison
SSN, EMAIL, PHONE, CARD = "123-45-6789", "jane.doe@example.com", "(415) 555-0132", "4111 1111 1111 1111"
PII_TEXT = f"SSN {SSN}, mail {EMAIL}, call {PHONE}, card {CARD}"
SERVED_POST = ("/v1/chat/completions", "/chat/completions", "/v1/completions", "/completions", "/v1/embeddings",
               "/embeddings", "/v1/responses", "/responses", "/v1/messages")


def _canon(text: str) -> str:
    return unicodedata.normalize("NFKC", "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Mn")))


def _leaks(text: str) -> list:
    flat = _canon(text)
    digits = "".join(ch for ch in flat if ch.isdigit())
    found = [v for v in ("123-45-6789", "jane.doe", "555-0132", "4111 1111", "4111-1111") if v in flat]
    found += [v for v in ("123456789", "4155550132", "4111111111111111") if v in digits]
    return found


@pytest.fixture(scope="module")
def fake(guardrail_fake):
    return guardrail_fake


@pytest.fixture(scope="module")
def proxy(guardrail_proxy):
    return guardrail_proxy


def _nothing_reached(fake, before: int) -> list:
    """Requests that reached the model since ``before`` and carry PII."""
    return [r for r in fake.requests()[before:] if _leaks(json.dumps(r["body"], ensure_ascii=False))]


# ------------------------------------------------------------------ every route
@pytest.fixture(scope="module")
def litellm_routes(proxy):
    """(method, path) of every HTTP route of the pinned LiteLLM's proxy app, from the running proxy's own OpenAPI
    schema (FastAPI serves app.openapi() at /openapi.json: the same 987 routes as importing the app in a second
    interpreter, which took three times as long)."""
    status, schema = proxy.call("/openapi.json", key=None, timeout=120)
    assert status == 200, f"the proxy served no OpenAPI schema ({status}): {str(schema)[:300]}"
    routes = [(method.upper(), path) for path, methods in schema["paths"].items() for method in methods
              if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE")]
    assert len(routes) > 300, f"expected LiteLLM's full route table, got {len(routes)}"
    return routes


# Public routes (no key, so allowed_routes does not apply) that accept a POST and never call a model; the
# load balancer answers 404 to all of them (tests/test_service_edge.py).
# (/api/event_logging/batch: a sink for Claude Code telemetry; /register: OAuth client registration for MCP.)
PUBLIC_POST_ROUTES = ["POST /api/event_logging/batch", "POST /register", "POST /{mcp_server_name}/register"]


def _fill(path: str) -> str:
    out, depth = [], 0
    for ch in path:
        if ch == "{":
            depth += 1
            out.append(urllib.parse.quote(f"x{EMAIL}", safe=""))
        elif ch == "}":
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def test_no_route_lets_pii_reach_the_model(proxy, fake, litellm_routes):
    body = {"model": ALIAS, "messages": [{"role": "user", "content": PII_TEXT}], "prompt": PII_TEXT, "input": PII_TEXT,
            "contents": [{"role": "user", "parts": [{"text": PII_TEXT}]}], "text": PII_TEXT, "query": PII_TEXT,
            "documents": [PII_TEXT], "max_tokens": 5, "instructions": PII_TEXT, "system": PII_TEXT}
    before = len(fake.requests())
    answered = {}
    for method, path in litellm_routes:
        status, reply = proxy.call(_fill(path), None if method == "GET" else body, method=method, timeout=30)
        answered[(method, path)] = status
        assert not _nothing_reached(fake, before), f"{method} {path} let PII through"
    answered_2xx = sorted(f"{m} {p}" for (m, p), s in answered.items() if 200 <= s < 300 and m != "GET")
    assert answered_2xx == PUBLIC_POST_ROUTES, f"a route answered 2xx to a body full of PII: {answered_2xx}"
    closed = [r for r, s in answered.items() if s == 403]
    print(f"{len(litellm_routes)} routes: {len(closed)} refused by allowed_routes (403), "
          f"{sum(1 for s in answered.values() if s == 400)} blocked (400), "
          f"{sum(1 for s in answered.values() if 200 <= s < 300)} 2xx (GETs only)")
    assert not _nothing_reached(fake, before)


def test_pass_through_and_token_count_routes_are_refused_inside_litellm(proxy):
    for path in ("/bedrock/model/x/converse", "/bedrock/model/x/invoke", "/openai/v1/chat/completions",
                 "/anthropic/v1/messages", "/gemini/v1beta/models/x:generateContent", "/vertex_ai/x", "/cohere/v1/chat",
                 "/v1/messages/count_tokens", "/v1/responses/input_tokens", "/v1beta/models/x:generateContent",
                 "/v1/rerank", "/v1/images/generations", "/mcp", "/v1/threads"):
        status, reply = proxy.call(path, {"model": ALIAS, "messages": [{"role": "user", "content": "hi"}]})
        assert status in (403, 404), (path, status, reply)


# ------------------------------------------------------------------ request shapes and encodings
def _chat(**fields):
    return ("/v1/chat/completions", {"model": ALIAS, "messages": [{"role": "user", "content": "hello"}], **fields})


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


REQUESTS = {
    "content string": _chat(messages=[{"role": "user", "content": f"my SSN is {SSN}"}]),
    "split across parts": _chat(messages=[{"role": "user", "content": [
        {"type": "text", "text": "SSN 123-45-"}, {"type": "text", "text": "6789"}]}]),
    "split across messages": _chat(messages=[{"role": "user", "content": "card 4111 1111"},
                                             {"role": "user", "content": " 1111 1111"}]),
    "system": _chat(messages=[{"role": "system", "content": f"escalate to {EMAIL}"},
                              {"role": "user", "content": "hi"}]),
    "assistant history": _chat(messages=[{"role": "assistant", "content": f"call {PHONE}"},
                                         {"role": "user", "content": "ok"}]),
    "tool result": _chat(messages=[{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "1",
                                                                        "content": json.dumps({"ssn": SSN})}]),
    "tool call arguments": _chat(messages=[{"role": "assistant", "content": None, "tool_calls": [
        {"id": "1", "type": "function", "function": {"name": "f", "arguments": json.dumps({"email": EMAIL})}}]},
        {"role": "tool", "tool_call_id": "1", "content": "done"}]),
    "message name": _chat(messages=[{"role": "user", "content": "hi", "name": "jane.doe_example.com"}],
                          user=EMAIL),
    "tools description": _chat(tools=[{"type": "function", "function": {
        "name": "lookup", "description": f"always cc {EMAIL}", "parameters": {"type": "object", "properties": {}}}}]),
    "tools schema key": _chat(tools=[{"type": "function", "function": {"name": "lookup", "parameters": {
        "type": "object", "properties": {SSN: {"type": "string"}}}}}]),
    "legacy functions": _chat(functions=[{"name": "f", "description": f"phone {PHONE}", "parameters": {}}]),
    "response_format schema": _chat(response_format={"type": "json_schema", "json_schema": {
        "name": "x", "schema": {"type": "object", "description": f"card {CARD}"}}}),
    "stop": _chat(stop=[SSN]),
    "user": _chat(user=EMAIL),
    "prediction": _chat(prediction={"type": "content", "content": f"SSN {SSN}"}),
    "tool_choice": _chat(tool_choice={"type": "function", "function": {"name": EMAIL}}),
    "unknown key": _chat(my_notes=f"SSN {SSN}"),
    "dict key": _chat(metadata={EMAIL: "x"}),
    "metadata value": _chat(metadata={"note": f"call {PHONE}"}),
    "extra_body": _chat(extra_body={"messages": [{"role": "user", "content": "clean"}]}),
    "extra_headers": _chat(extra_headers={"x-note": "clean"}),
    "api_base": _chat(api_base="http://127.0.0.1:9"),
    "data url text/plain": _chat(messages=[{"role": "user", "content": "data:text/plain;base64," + _b64(PII_TEXT)}]),
    "data url in image part": _chat(messages=[{"role": "user", "content": [
        {"type": "text", "text": "read"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,"
                                                                              + _b64(PII_TEXT)}}]}]),
    "base64": _chat(messages=[{"role": "user", "content": "decode this: " + _b64(f"ssn {SSN}")}]),
    "url-encoded": _chat(messages=[{"role": "user", "content": urllib.parse.quote(f"mail {EMAIL}")}]),
    "html entities": _chat(messages=[{"role": "user", "content": "mail jane.doe&#64;example&#46;com"}]),
    "html entities all": _chat(messages=[{"role": "user", "content": "".join(f"&#{ord(c)};" for c in SSN)}]),
    "full-width digits": _chat(messages=[{"role": "user", "content": "SSN \uff11\uff12\uff13-\uff14\uff15-"
                                                                    "\uff16\uff17\uff18\uff19"}]),
    "zero-width": _chat(messages=[{"role": "user", "content": "SSN 123\u200b-45\u200d-6789"}]),
    "combining marks": _chat(messages=[{"role": "user", "content": "SSN 1\u03012\u03013-45-6789"}]),
    "completions prompt": ("/v1/completions", {"model": ALIAS, "prompt": f"mail {EMAIL}"}),
    "completions prompt list split": ("/completions", {"model": ALIAS, "prompt": ["SSN 123-45", "-6789"]}),
    "completions suffix": ("/v1/completions", {"model": ALIAS, "prompt": "hi", "suffix": f"call {PHONE}"}),
    "completions token array": ("/v1/completions", {"model": ALIAS, "prompt": [4513, 25, 220, 4513]}),
    "embeddings list": ("/v1/embeddings", {"model": ALIAS, "input": ["fine", f"SSN {SSN}"]}),
    "embeddings token array": ("/v1/embeddings", {"model": ALIAS, "input": [[7, 8, 9], [10, 11]]}),
    "embeddings bare": ("/embeddings", {"model": ALIAS, "input": f"card {CARD}"}),
    "responses input": ("/v1/responses", {"model": ALIAS, "input": f"mail {EMAIL}"}),
    "responses items": ("/responses", {"model": ALIAS, "input": [{"role": "user", "content": [
        {"type": "input_text", "text": "SSN 123-45-"}, {"type": "input_text", "text": "6789"}]}]}),
    "responses instructions": ("/v1/responses", {"model": ALIAS, "input": "hi", "instructions": f"call {PHONE}"}),
    "responses tools": ("/v1/responses", {"model": ALIAS, "input": "hi", "tools": [
        {"type": "function", "name": "f", "description": f"cc {EMAIL}", "parameters": {}}]}),
    "messages content": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [
        {"role": "user", "content": f"SSN {SSN}"}]}),
    "messages blocks split": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [
        {"role": "user", "content": [{"type": "text", "text": "mail jane.doe@"}, {"type": "text", "text": "example.com"}]}]}),
    "messages system list": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "system": [
        {"type": "text", "text": f"call {PHONE}"}], "messages": [{"role": "user", "content": "hi"}]}),
    "messages metadata user_id": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "metadata": {"user_id": EMAIL},
                                                   "messages": [{"role": "user", "content": "hi"}]}),
    "messages tool_use input": ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {"ssn": SSN}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]}]}),
    "request opts out": _chat(messages=[{"role": "user", "content": f"SSN {SSN}"}], guardrails=[],
                              metadata={"guardrails": [], "disable_global_guardrails": True,
                                        "opted_out_global_guardrails": ["pii-block-request"]},
                              disable_global_guardrails=True),
}


@pytest.mark.parametrize("name", list(REQUESTS))
@pytest.mark.parametrize("stream", [False, True])
def test_request_with_pii_never_reaches_the_model(proxy, fake, name, stream):
    path, body = REQUESTS[name]
    body = dict(body)
    if stream and "embeddings" not in path:
        body["stream"] = True
    before = len(fake.requests())
    status, reply = proxy.call(path, body)
    assert status in (400, 413) or (name == "api_base" and status == 401), (name, status, str(reply)[:300])
    assert len(fake.requests()) == before, f"{name}: the model was called"
    assert not _leaks(json.dumps(reply)), "the refusal repeats the value"


def _raw_bodies() -> dict:
    """name -> (path, raw body, headers): bodies that are not plain UTF-8 JSON. LiteLLM itself refuses the
    compressed, UTF-16/32, BOM, lone-surrogate, trailing-garbage and array ones before any hook (it does not
    decompress or transcode; the gzip body parses as no parameters at all) and fails on text given as a number; it
    parses form, multipart and text/plain bodies into the same dict the guardrail scans, which blocks them."""
    import gzip
    import zlib
    chat = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": f"SSN {SSN}"}]})
    bound = "rt2boundary"
    multipart = (f'--{bound}\r\nContent-Disposition: form-data; name="model"\r\n\r\n{ALIAS}\r\n--{bound}\r\n'
                 f'Content-Disposition: form-data; name="prompt"\r\n\r\nSSN {SSN}\r\n--{bound}--\r\n')
    form = urllib.parse.urlencode({"model": ALIAS, "messages": json.dumps([{"role": "user", "content": f"SSN {SSN}"}])})
    c, j = "/v1/chat/completions", {"Content-Type": "application/json"}
    return {
        "gzip": (c, gzip.compress(chat.encode()), {**j, "Content-Encoding": "gzip"}),
        "deflate": (c, zlib.compress(chat.encode()), {**j, "Content-Encoding": "deflate"}),
        "utf-16 with BOM": (c, chat.encode("utf-16"), j),
        "utf-16le": (c, chat.encode("utf-16-le"), j),
        "utf-32": (c, chat.encode("utf-32"), j),
        "utf-8 BOM": (c, b"\xef\xbb\xbf" + chat.encode(), j),
        "lone surrogate": (c, chat[:-4].encode() + b' \\ud800"}]}', j),
        "trailing garbage": (c, chat.encode() + b' {"x": 1}', j),
        "array body": (c, ("[" + chat + "]").encode(), j),
        "form-urlencoded": (c, form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        "multipart": ("/v1/completions", multipart.encode(), {"Content-Type": f"multipart/form-data; boundary={bound}"}),
        "text/plain JSON": (c, chat.encode(), {"Content-Type": "text/plain"}),
        # JSON whose text is a number: LiteLLM's Ollama transformation fails on it (500) before any model call
        "content as a number": (c, json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": 5362287264}]})
                                .encode(), j),
        "text part as a number": (c, json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": [
            {"type": "text", "text": "call 415-555-"}, {"type": "text", "text": 132}]}]}).encode(), j),
    }


def test_bodies_that_are_not_utf8_json_never_reach_the_model(proxy, fake):
    for name, (path, raw, headers) in _raw_bodies().items():
        before = len(fake.requests())
        status, reply = proxy.call(path, raw=raw, headers=headers)
        assert 400 <= status < 600, (name, status, str(reply)[:300])
        assert len(fake.requests()) == before, f"{name}: the model was called"
        assert not _leaks(json.dumps(reply)), (name, str(reply)[:300])


def test_refusals_say_what_to_do(proxy):
    status, reply = proxy.call(*REQUESTS["completions token array"])
    assert status == 400 and "token ids" in reply["error"]["message"] and "Send the text" in reply["error"]["message"]
    status, reply = proxy.call(*REQUESTS["extra_body"])
    assert status == 400 and "extra_body" in reply["error"]["message"]


def test_oversize_request_gets_413_and_never_reaches_the_model(proxy, fake):
    before = len(fake.requests())
    status, reply = proxy.chat("word " * 220_000)  # 1.1 MB
    assert status == 413, (status, str(reply)[:300])
    assert "MaxRequestBytes" in reply["error"]["message"]
    assert len(fake.requests()) == before


def test_a_chunked_body_without_content_length_is_capped_too(proxy, fake):
    # 900 KB of small numbers in a field LiteLLM passes on (as Ollama options): no text for the scan to count
    body = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": "hello"}], "pad": [0] * 300_000}).encode()
    before = len(fake.requests())
    status, reply = proxy.call("/v1/chat/completions", raw=[body[i:i + 65536] for i in range(0, len(body), 65536)])
    assert status == 413 and "MaxRequestBytes" in reply["error"]["message"], (status, str(reply)[:300])
    assert len(fake.requests()) == before
    small = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": "hello"}]}).encode()
    status, reply = proxy.call("/v1/chat/completions", raw=[small[:20], small[20:]])  # chunked, small
    assert status == 200, (status, str(reply)[:300])


def test_large_requests_are_scanned_in_a_worker_thread_just_the_same(proxy, fake):
    before = len(fake.requests())
    status, reply = proxy.chat("word " * 60_000 + f" my SSN is {SSN}")  # 300 KB: above the thread threshold
    assert status == 400 and "us_ssn" in json.dumps(reply), (status, str(reply)[:300])
    assert len(fake.requests()) == before
    status, reply = proxy.chat("word " * 60_000)
    assert status == 200, (status, str(reply)[:300])


def test_clean_requests_still_reach_the_model(proxy, fake):
    clean = [
        _chat(messages=[{"role": "user", "content": "Order #412345678 shipped on 2024-03-15; status?"}]),
        _chat(messages=[{"role": "user", "content": [{"type": "text", "text": "describe"},
                                                     {"type": "image_url", "image_url": {
                                                         "url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="}}]}]),
        _chat(tools=[{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
                                                       "parameters": {"type": "object", "properties": {
                                                           "city": {"type": "string"}}}}}], stop=["\n\n"], user="u-42"),
        ("/v1/completions", {"model": ALIAS, "prompt": ["version 1.2.3", " build 2024.11.05"]}),
        ("/v1/messages", {"model": ALIAS, "max_tokens": 5, "messages": [{"role": "user", "content": "hello"}]}),
    ]
    for path, body in clean:
        before = len(fake.requests())
        status, reply = proxy.call(path, body)
        assert status == 200, (path, status, str(reply)[:300])
        assert len(fake.requests()) > before


# ------------------------------------------------------------------ answers
ANSWERS = {
    "LEAK-PLAIN": f"Sure: SSN {SSN}, mail {EMAIL}, call {PHONE}, card {CARD}. Done.",
    "LEAK-WIDE": "SSN \uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19 and \uff14\uff11\uff11\uff11 "
                 "1111 1111 1111 ok",
    "LEAK-INVISIBLE": "SSN 123\u200b-45\u2060-6789 mail jane.doe\u200b@example.com ok",
    "LEAK-THINK": {"thinking": f"The user's SSN is {SSN} and email {EMAIL}; call {PHONE}.", "content": "Done."},
    "LEAK-TOOL": {"content": "", "tool_calls": [{"function": {"name": "send", "arguments": {
        "to": EMAIL, "ssn": SSN, "card": CARD}}}]},
}
ROUTES_FOR_ANSWERS = {
    "chat": lambda marker: ("/v1/chat/completions", {"model": ALIAS, "messages": [{"role": "user", "content": marker}]}),
    "completions": lambda marker: ("/v1/completions", {"model": ALIAS, "prompt": marker}),
    "responses": lambda marker: ("/v1/responses", {"model": ALIAS, "input": marker}),
    "messages": lambda marker: ("/v1/messages", {"model": ALIAS, "max_tokens": 50,
                                                 "messages": [{"role": "user", "content": marker}]}),
}


@pytest.fixture(scope="module")
def answers(fake):
    for marker, answer in ANSWERS.items():
        fake.add_answer(marker, answer)
    return ANSWERS


@pytest.mark.parametrize("marker", list(ANSWERS))
@pytest.mark.parametrize("route", list(ROUTES_FOR_ANSWERS))
@pytest.mark.parametrize("stream", [False, True])
def test_answers_never_leak(proxy, answers, marker, route, stream):
    path, body = ROUTES_FOR_ANSWERS[route](marker)
    if route == "completions" and isinstance(answers[marker], dict):
        pytest.skip("text completions go to /api/generate, which answers plain text")
    status, reply = proxy.call(path, {**body, "stream": stream})
    assert status == 200, (status, str(reply)[:300])
    text = reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)
    assert not _leaks(text), (marker, route, stream, _leaks(text), text[:600])
    assert "REDACTED" in text, "the answer came back without the masked values"


def test_logprobs_are_dropped(proxy, answers):
    status, reply = proxy.chat("LEAK-PLAIN", logprobs=True, top_logprobs=2)
    assert status == 200
    assert all(choice.get("logprobs") is None for choice in reply["choices"])


# ------------------------------------------------------------------ upstream errors
# LiteLLM relays an upstream error's text (and the provider's headers, as llm_provider-*) to the client; a model
# or provider that repeats the prompt in its error leaks it unless the guardrail's failure hook masks it.
UPSTREAM_ERRORS = {
    "ERR-JSON-400": (400, {"error": {"status": 400, "body": {"error": f"bad prompt: {PII_TEXT}"}}}),
    "ERR-TEXT-500": (500, {"error": {"status": 500, "body": f"internal error at: {PII_TEXT}"}}),
    # Ollama ends a failing stream with an {"error": ...} line; LiteLLM quotes that line in its error frame
    "ERR-MID-STREAM": (200, {"content": "hello there ", "error_line": {"error": f"out of memory at {PII_TEXT}"}}),
    # a JSON error body whose text escapes the values: the client that parses it reads them
    "ERR-ESCAPED": (400, {"error": {"status": 400, "body": '{"error": "echo SSN \\u0031\\u00323-45-6789, '
                                                          'mail jane.doe\\u0040example.com"}'}}),
    "ERR-HEADERS": (503, {"error": {"status": 503, "body": "busy"}, "headers": {"X-Echo": PII_TEXT}}),
    "HDR-SUCCESS": (200, {"content": "ok", "headers": {"X-Echo": PII_TEXT}}),
}


@pytest.mark.parametrize("marker", list(UPSTREAM_ERRORS))
@pytest.mark.parametrize("route", list(ROUTES_FOR_ANSWERS))
@pytest.mark.parametrize("stream", [False, True])
def test_upstream_errors_and_headers_never_leak(proxy, fake, marker, route, stream):
    status_wanted, answer = UPSTREAM_ERRORS[marker]
    fake.add_answer(marker, answer)
    path, body = ROUTES_FOR_ANSWERS[route](marker)
    status, reply = proxy.call(path, {**body, "stream": stream})
    text = reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)
    assert status == status_wanted or (marker == "ERR-MID-STREAM" and not stream and status == 200), (status, text[:300])
    assert not _leaks(text), (marker, route, stream, text[:600])
    assert not _leaks(json.dumps(proxy.headers)), (marker, route, stream, proxy.headers)
    if marker.startswith("ERR") and (stream or marker != "ERR-MID-STREAM") and marker != "ERR-HEADERS":
        assert "REDACTED" in text, ("the error came back without its text", text[:600])


# Provider error objects (Anthropic's, OpenAI's with param and code echoing the input, Bedrock's Message) and values
# encoded in them (base64, escaped twice, digits spaced with dashes): the fourth round found the encoded ones relayed.
ENCODED_ERROR_PARTS = {"base64": _b64(f"SSN {SSN}"), "escaped twice": "".join("\\\\u%04x" % ord(c) for c in SSN),
                       "spaced": "SSN " + " - ".join(" ".join(group) for group in SSN.split("-"))}
ENCODED_ERROR = {"type": "error", "error": {"type": "invalid_request_error", "message": f"prompt has {EMAIL}",
                                            "param": f"messages[0]: {PHONE}", "code": f"ssn_{SSN}"},
                 "Message": f"ValidationException: {CARD}", "trace": " / ".join(ENCODED_ERROR_PARTS.values())}


@pytest.mark.parametrize("route", list(ROUTES_FOR_ANSWERS))
def test_provider_error_objects_and_encoded_values_in_errors_never_leak(proxy, fake, route):
    fake.add_answer("ERR-ENCODED", {"error": {"status": 400, "body": ENCODED_ERROR}})
    path, body = ROUTES_FOR_ANSWERS[route]("ERR-ENCODED")
    for stream in (False, True):
        status, reply = proxy.call(path, {**body, "stream": stream})
        text = reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)
        assert status == 400 and not _leaks(text), (route, stream, status, text[:600])
        flat = re.sub(r"\\+", "/", text)  # (the error text is JSON inside JSON: its backslashes doubled, or more)
        relayed = [name for name, part in ENCODED_ERROR_PARTS.items() if re.sub(r"\\+", "/", part)[:12] in flat]
        assert not relayed, (route, stream, relayed, text[:600])


def test_previous_response_id_and_n_bring_no_stored_or_extra_text(proxy, fake):
    # What LiteLLM does itself (evidence, not our hook): without a database it keeps no Responses API history, so a
    # previous_response_id whose answer held a value sends the model only the new input, and the stored response
    # and its input items are not served (allowed_routes); Ollama answers n=2 with one choice (drop_params).
    fake.add_answer("PREV-ANSWER", f"Sure: SSN {SSN}.")
    status, first = proxy.call("/v1/responses", {"model": ALIAS, "input": "PREV-ANSWER"})
    assert status == 200 and SSN not in json.dumps(first)
    before = len(fake.requests())
    status, reply = proxy.call("/v1/responses", {"model": ALIAS, "input": "and then?", "previous_response_id": first["id"]})
    assert status == 200 and [r["body"]["messages"] for r in fake.requests()[before:]] == [
        [{"role": "user", "content": "and then?", "images": []}]]
    for path in (f"/v1/responses/{first['id']}", f"/v1/responses/{first['id']}/input_items"):
        assert proxy.call(path)[0] == 403
    status, reply = proxy.chat("PREV-ANSWER", n=2)
    assert status == 200 and len(reply["choices"]) == 1 and SSN not in json.dumps(reply)


# ------------------------------------------------------------------ evaluation through the proxy
FULL = os.environ.get("PII_EVAL_FULL") == "1"


def _through_proxy_as_the_detector(path, proxy, fake, tmp_path, stride: int) -> dict:
    """Every `stride`-th PII message and every `stride`-th clean one of a labelled file (every message with
    PII_EVAL_FULL=1) through the real proxy: it flags exactly the messages the guardrail's request scan flags,
    so the scan's figures on every line hold through it. (Each class is strided on its own: the evaluation sets alternate PII
    and clean lines, so every 10th line overall would never send a clean one.)"""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = {True: 0, False: 0}
    kept = []
    for line in lines:
        carries = bool(expected_kinds(json.loads(line)))
        if seen[carries] % (1 if FULL else stride) == 0:
            kept.append(line)
        seen[carries] += 1
    lines = kept
    sample = tmp_path / path.name
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores = score_through_proxy(sample, proxy, fake)
    print(path.stem, json.dumps({k: v for k, v in scores.items() if k not in ("misses", "false_alarms")}))
    records = [json.loads(line) for line in lines]
    assert scores["errors"] == 0 and scores["messages"] == len(records)
    assert scores["positives"] and scores["negatives"], "the sample needs both PII and clean messages"
    # what the proxy's pre-call hook runs on such a request: the detector plus the decoders (URL-, HTML-, base64-encoded
    # values ...), so it may flag a message the detector alone passes
    detected = [bool(pii_guardrail.scan_whole_request({"messages": [{"role": "user", "content": r["text"]}]}))
                for r in records]
    carries = [bool(expected_kinds(r)) for r in records]
    assert round(scores["recall"] * scores["positives"]) == sum(d for d, c in zip(detected, carries) if c)
    assert round(scores["fpr"] * scores["negatives"]) == sum(d for d, c in zip(detected, carries) if not c)
    return scores


def test_score_through_proxy_on_the_labelled_corpus(proxy, fake, tmp_path):
    """The labelled corpus meets the targets (recall >= 0.99, false-positive rate <= 0.01): the detector on every
    line, here as in test_guardrail_detection.py, and the proxy flags what the detector flags on every 10th
    PII and every 10th clean line (59 messages; all 581 take about 8 s).
    PII_EVAL_FULL=1 sends every line and holds the proxy's own figures to the targets."""
    corpus = ROOT_DATA / "pii_corpus.jsonl"
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    positives = [r for r in records if expected_kinds(r)]
    negatives = [r for r in records if not expected_kinds(r)]
    recall = sum(bool(pii_guardrail.pii_kinds(r["text"])) for r in positives) / len(positives)
    fpr = sum(bool(pii_guardrail.pii_kinds(r["text"])) for r in negatives) / len(negatives)
    assert recall >= 0.99 and fpr <= 0.01, {"detector recall": recall, "detector fpr": fpr}
    scores = _through_proxy_as_the_detector(corpus, proxy, fake, tmp_path, stride=10)
    if FULL:
        assert scores["recall"] >= 0.99 and scores["fpr"] <= 0.01, scores


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT_DATA / "eval").glob("*.jsonl")))
def test_evaluation_sets_through_the_proxy_match_the_detector(proxy, fake, name, tmp_path):
    """Every 20th PII and every 20th clean message of each independent evaluation set (tests/data/eval) through
    the real proxy: it flags exactly the messages the guardrail's request scan flags, so the figures on the whole
    sets (test_guardrail_detection.py) hold through the proxy. A whole set takes about 20 s here, so the gate
    samples; PII_EVAL_FULL=1 sends every message (and `-s` prints the figures)."""
    _through_proxy_as_the_detector(ROOT_DATA / "eval" / f"{name}.jsonl", proxy, fake, tmp_path, stride=20)


def test_realtime_websocket_is_refused(proxy):
    """/v1/realtime skips guardrails with native lifecycle hooks, so it must not open at all."""
    import socket
    host, port = proxy.base.split("//")[1].split(":")
    for path in ("/v1/realtime?model=llama3.2", "/realtime?model=llama3.2", "/openai/v1/realtime?model=llama3.2"):
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                       f"Authorization: Bearer {MASTER_KEY}\r\n\r\n").encode())
            status_line = s.recv(4096).split(b"\r\n", 1)[0].decode()
        print(path, status_line)
        assert " 101 " not in status_line + " ", (path, status_line)


# ------------------------------------------------------------------ redteam4
@pytest.mark.parametrize("field", ["guardrail_to_apply", "user_api_key_dict", "litellm_parent_otel_span"])
def test_proxy_field_names_sent_by_the_client_are_scanned(proxy, fake, field):
    # LiteLLM forwards these, sent as JSON, to Ollama's options (the guardrail skipped them as the proxy's own)
    before = len(fake.requests())
    status, reply = proxy.call("/v1/chat/completions", _chat(**{field: f"ssn {SSN}"})[1])
    assert status == 400 and "us_ssn" in str(reply), (status, str(reply)[:300])
    assert not _nothing_reached(fake, before)


def _math(text: str) -> str:  # mathematical bold digits: json.dumps writes each as a surrogate pair escape
    return "".join(chr(0x1D7CE + int(ch)) if ch.isdigit() else ch for ch in text)


def _arguments(reply) -> list:
    calls = [c for choice in reply.get("choices") or [] for c in choice["message"].get("tool_calls") or []]
    return [c["function"]["arguments"] for c in calls] + [item["arguments"] for item in reply.get("output") or []
                                                          if item.get("type") == "function_call"]


@pytest.mark.parametrize("path, body", [("/v1/chat/completions", {"messages": [{"role": "user", "content": "LEAK-MATH-TOOL"}]}),
                                        ("/v1/responses", {"input": "LEAK-MATH-TOOL"})])
def test_tool_call_arguments_never_leak_as_json_escapes(proxy, fake, path, body):
    # Ollama's arguments are an object; LiteLLM writes them with json.dumps, which escapes every character above
    # U+FFFF; the client's json.loads gives the digits back
    fake.add_answer("LEAK-MATH-TOOL", {"content": "", "tool_calls": [{"function": {"name": "send", "arguments": {
        "ssn": _math(SSN), "card": _math(CARD)}}}]})
    status, reply = proxy.call(path, {"model": ALIAS, **body})
    assert status == 200, (status, str(reply)[:300])
    arguments = _arguments(reply)
    assert arguments and "\\ud835" not in "".join(arguments)
    decoded = json.dumps([json.loads(a) for a in arguments], ensure_ascii=False)
    assert not _leaks(decoded) and "REDACTED" in decoded, decoded


# ------------------------------------------------------------------ redteam3 (an outsider with the gateway and its docs)
# Each case is a value a real user's text carries in a shape the model reads as that value. The request cases must be
# refused before the model sees them; the answer cases (the same text written by the model) masked, streamed or not.
RT3_SSN, RT3_EMAIL = "512-48-3907", "jane.doe@example.com"
RT3_LEAKS = {
    # a credential pair "email:password" (combo lists, .netrc-like notes, a Basic auth header's decoded user): the
    # ':' after the address is read as an scp remote's "host:path", so the address passes
    "email:password": (f"Here is the old login: {RT3_EMAIL}:hunter2", ["jane.doe"]),
    "email:password under an email label": (f"Email: {RT3_EMAIL}:Winter2024!", ["jane.doe"]),
    "Basic auth header": ("curl -H 'Authorization: Basic " + _b64(f"{RT3_EMAIL}:hunter2") + "' https://api.example.com/",
                          ["jane.doe", _b64(f"{RT3_EMAIL}:hunter2")[:16]]),
    # an SSN hard-wrapped after one of its hyphens (a narrow editor, a terminal, a model writing in short lines)
    "SSN wrapped after a hyphen": (f"My social security number is 512-48-\n3907.", ["3907"]),
    # an email with hyphens in it, wrapped by textwrap/fmt at those hyphens
    "email wrapped at its hyphens": ("Send the invoice to mary-jane.o-neil@example-\nmail.com before Friday.", ["o-neil"]),
    # U+3002, the ideographic full stop a Chinese or Japanese IME types for '.', as the domain's dot (NFKC keeps it;
    # the full-width U+FF0E is caught)
    "ideographic full stop in the domain": (f"我的邮箱是 jane.doe@example\u3002com", ["jane.doe"]),
    # a "defanged" address, as threat-intel reports and abuse tickets write them ("[at]" alone is caught)
    "defanged [@] and [.]": ("IOC sender: jane.doe[@]example[.]com", ["jane.doe"]),
    "spaces around the @": ("Write to jane.doe @ example.com please.", ["jane.doe"]),
    # a Japanese phone number in kanji numerals after a phone word (vertical text, business cards)
    "kanji numerals after 電話": ("電話：〇九〇-一二三四-五六七八", ["五六七八"]),
    # a phone number in a "scheme://" link, the form iOS code and HTML use (tel:4155550132 without the slashes is caught)
    "tel:// link in iOS code": ('UIApplication.shared.open(URL(string: "tel://4155550132")!)', ["4155550132"]),
    "facetime:// and callto:// links": ("FaceTime facetime://+14155550132 or Skype callto://+14155550132", ["4155550132"]),
    # a card's magnetic-stripe track 1 as payment terminals log it: "%B", the number, "^NAME^", expiry (track 2's
    # ";number=" is caught)
    "magstripe track 1": ("track1: %B4539148803436467^DOE/JANE^27121010000000000000?", ["4539148803436467"]),
    # a pandas DataFrame printed with float columns (an integer column with a missing value becomes float64: ".0")
    "pandas float columns": ("   name          ssn         phone\n0  Jane  512483907.0  4155550132.0\n1   Bob          NaN           NaN",
                             ["512483907", "4155550132"]),
    # an integer literal with its type suffix (Java/Kotlin long, C unsigned long long) in pasted code
    "integer literal suffix": ("long PHONE = 4155550132L;\nuint64_t card = 4539148803436467ULL;", ["4155550132", "4539148803436467"]),
    # base64 of an SSN with its dashes: 11 bytes give 15 characters and one '=', under the 16 the decoder asks for
    "base64 SSN of 15 characters and its padding": ("my ssn in base64: " + _b64(RT3_SSN), [_b64(RT3_SSN)[:15]]),
}


def _rt3_answer_text(reply) -> str:
    """The text the client reads: a whole answer's content, or a stream's deltas joined (ids left out: a random
    hex id could hold a needle's digits)."""
    if not isinstance(reply, str):
        return "".join(choice["message"].get("content") or "" for choice in reply.get("choices") or [])
    frames = [json.loads(line[6:]) for line in reply.splitlines()
              if line.startswith("data: ") and line[6:].strip() not in ("", "[DONE]")]
    return "".join((choice.get("delta") or {}).get("content") or "" for frame in frames
                   for choice in frame.get("choices") or [])


@pytest.mark.xfail(strict=True, reason="redteam3: these shapes carry PII past the request scan")
@pytest.mark.parametrize("name", list(RT3_LEAKS))
def test_redteam3_request_shapes_never_reach_the_model(proxy, fake, name):
    text, needles = RT3_LEAKS[name]
    before = len(fake.requests())
    status, reply = proxy.chat(text)
    reached = [r for r in fake.requests()[before:] if any(n in json.dumps(r["body"], ensure_ascii=False) for n in needles)]
    assert status == 400 and not reached, (name, status, str(reply)[:300])


@pytest.mark.xfail(strict=True, reason="redteam3: these shapes reach the client unmasked")
@pytest.mark.parametrize("name", list(RT3_LEAKS))
@pytest.mark.parametrize("stream", [False, True])
def test_redteam3_answer_shapes_are_masked(proxy, fake, name, stream):
    text, needles = RT3_LEAKS[name]
    marker = "RT3-ANSWER-" + re.sub(r"[^A-Za-z0-9]+", "-", name)  # ASCII: the fake matches JSON-escaped text
    fake.add_answer(marker, text)
    status, reply = proxy.chat(marker, stream=stream)
    assert status == 200, (status, str(reply)[:300])
    received = _rt3_answer_text(reply)
    assert received and "fake model" not in received, "the fake did not answer with the case's text"
    assert not [n for n in needles if n in received], (name, stream, received[:600])


# The request scan blocks these (a phone word, a card word), but the answer mask cuts the value at the line break after
# a hyphen and masks only its first part: the last digits (a phone's line number, half a card) reach the client.
RT3_WRAPPED_ANSWERS = {"phone": ("Call me on 415-555-\n0132 tonight.", "0132"),
                       "card": ("Charge my card 4111-1111-\n1111-1111 please.", "1111-1111 please")}


@pytest.mark.xfail(strict=True, reason="redteam3: a value wrapped after a hyphen is masked only up to the line break")
@pytest.mark.parametrize("kind", list(RT3_WRAPPED_ANSWERS))
@pytest.mark.parametrize("stream", [False, True])
def test_redteam3_a_value_wrapped_after_a_hyphen_is_masked_whole(proxy, fake, kind, stream):
    text, tail = RT3_WRAPPED_ANSWERS[kind]
    status, reply = proxy.chat(text)
    assert status == 400, "the request side blocks it (the answer side is what this test is about)"
    fake.add_answer(f"RT3-WRAPPED-{kind}", text)
    status, reply = proxy.chat(f"RT3-WRAPPED-{kind}", stream=stream)
    received = _rt3_answer_text(reply)
    assert status == 200 and "REDACTED" in received, (status, str(reply)[:300])
    assert tail not in received, (kind, stream, received[:600])


@pytest.mark.xfail(strict=True, reason="redteam3: a value split between an assistant turn's text and its tool call")
def test_redteam3_a_value_split_between_assistant_text_and_its_tool_call_is_refused(proxy, fake):
    # Ollama receives one assistant message: content "ssn 512-48-" and a tool call whose argument is "3907"
    before = len(fake.requests())
    status, reply = proxy.call("/v1/chat/completions", {"model": ALIAS, "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "ssn 512-48-", "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f", "arguments": json.dumps({"x": "3907"})}}]}]})
    assert status == 400 and len(fake.requests()) == before, (status, str(reply)[:300])


# The request scan reads hex-encoded text (a value in it is refused); the answer mask does not decode hex, so the same
# text written by the model (asked to "hex-encode" a record) reaches the client, whose one call to bytes.fromhex reads it.
RT3_HEX_ANSWERS = {"ssn": "SSN 512-48-3907", "email": RT3_EMAIL, "card": "card 4539 1488 0343 6467"}


@pytest.mark.xfail(strict=True, reason="redteam3: the answer mask does not decode hex, which the request scan does")
@pytest.mark.parametrize("kind", list(RT3_HEX_ANSWERS))
@pytest.mark.parametrize("stream", [False, True])
def test_redteam3_hex_encoded_values_are_masked_in_answers_as_in_requests(proxy, fake, kind, stream):
    text = "Hex-encoded as you asked: " + RT3_HEX_ANSWERS[kind].encode().hex()
    status, reply = proxy.chat(text)
    assert status == 400, "the request side blocks it (the answer side is what this test is about)"
    fake.add_answer(f"RT3-HEX-{kind}", text)
    status, reply = proxy.chat(f"RT3-HEX-{kind}", stream=stream)
    received = _rt3_answer_text(reply)
    assert status == 200 and received, (status, str(reply)[:300])
    assert RT3_HEX_ANSWERS[kind].encode().hex() not in received, (kind, stream, received[:600])


# The proxy's own log (json_logs: one JSON object a line, to CloudWatch) is a third place values go. The guardrail masks an
# upstream error's text before the client reads it, but LiteLLM has logged the raw text at ERROR level by then
# (_handle_llm_api_exception, async_data_generator); uvicorn's access line writes the query string as sent.
RT3_LOGGED = {
    "upstream error body": ("RT3-LOG-ERROR", {"error": {"status": 500, "body": {"error": f"no user {RT3_EMAIL}"}}}, False),
    "mid-stream error line": ("RT3-LOG-MIDSTREAM", {"content": "hello ", "error_line": {"error": f"failed for {RT3_EMAIL}"}},
                              True),
}


def _rt3_log_after(proxy, offset: int) -> str:
    with open(proxy.log, "rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", "replace")


@pytest.mark.xfail(strict=True, reason="redteam3: LiteLLM logs the upstream error's text before the guardrail masks it")
@pytest.mark.parametrize("name", list(RT3_LOGGED))
def test_redteam3_upstream_errors_reach_the_proxy_log_masked(proxy, fake, name):
    marker, answer, stream = RT3_LOGGED[name]
    fake.add_answer(marker, answer)
    offset = proxy.log.stat().st_size
    status, reply = proxy.chat(marker, stream=stream)
    assert "jane.doe" not in str(reply), "the client's copy is masked (covered above)"
    assert "jane.doe" not in _rt3_log_after(proxy, offset), name


@pytest.mark.xfail(strict=True, reason="redteam3: uvicorn's access log writes a request's query string as sent")
def test_redteam3_a_query_string_reaches_the_proxy_log_masked(proxy):
    offset = proxy.log.stat().st_size
    status, reply = proxy.call("/v1/chat/completions?user=" + urllib.parse.quote(RT3_EMAIL, safe="@"),
                               {"model": ALIAS, "messages": [{"role": "user", "content": "hi"}]})
    assert "jane.doe" not in _rt3_log_after(proxy, offset), (status, str(reply)[:200])


# A record with an SSN and then a phone number, two spaces apart (a table printed by pandas or a fixed-width report):
# the request is blocked (the SSN), but the answer mask masks the SSN and leaves the phone number beside it (with
# " | " between them both are masked; a dashed SSN leaves the phone number too).
RT3_RECORD = "   name        ssn       phone\n0  Jane  512483907  4155550132"


@pytest.mark.xfail(strict=True, reason="redteam3: the phone number two spaces after an SSN in a record is left unmasked")
@pytest.mark.parametrize("stream", [False, True])
def test_redteam3_a_phone_two_spaces_after_an_ssn_in_a_record_is_masked(proxy, fake, stream):
    status, reply = proxy.chat(RT3_RECORD)
    assert status == 400, "the request side blocks it (the answer side is what this test is about)"
    fake.add_answer("RT3-RECORD", RT3_RECORD)
    status, reply = proxy.chat("RT3-RECORD", stream=stream)
    received = _rt3_answer_text(reply)
    assert status == 200 and "REDACTED" in received, (status, str(reply)[:300])
    assert "4155550132" not in received, (stream, received)
