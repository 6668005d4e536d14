"""The PII guardrail inside the real LiteLLM proxy (the pinned release, from .venv-litellm).

The proxy starts the way the container starts it (tests/guardrail_proxy.py: the task definition's
container command, files from environment variables into a scratch directory, then
``litellm --config``), with the rendered config.yaml and pii_guardrail.py, no database, and the
model pointing at a fake Ollama on 127.0.0.1 (tests/fake_ollama.py) that records what reaches it.
One proxy serves the whole test session.  Nothing leaves the machine.
"""
import importlib.util
import json

import pytest

from tests.fake_ollama import DEFAULT_ANSWER
from tests.guardrail_proxy import ALIAS, ROOT, VENV_BIN

pytestmark = pytest.mark.e2e

LEAK = "LEAK-EVERYTHING"
LEAKED_ANSWER = ("Sure. Write to jane.doe+hr@mail.example.com, call +1 (415) 555-0132, the SSN is 123-45-6789 "
                 "and the card 4111 1111 1111 1111. Anything else?")
MASKED_ANSWER = ("Sure. Write to [REDACTED_EMAIL], call [REDACTED_US_PHONE], the SSN is [REDACTED_US_SSN] "
                 "and the card [REDACTED_CREDIT_CARD]. Anything else?")
RAW_VALUES = ("jane.doe", "555-0132", "123-45-6789", "4111 1111")

if not (VENV_BIN / "litellm").exists():
    pytest.skip(f"{VENV_BIN / 'litellm'} is missing: create it with `make venvs` "
                "(python3 -m venv .venv-litellm && .venv-litellm/bin/pip install -r requirements/litellm.txt)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def fake(guardrail_fake):
    guardrail_fake.add_answer(LEAK, LEAKED_ANSWER)
    return guardrail_fake


@pytest.fixture(scope="module")
def proxy(guardrail_proxy):
    """The session's one proxy (tests/guardrail_proxy.py)."""
    return guardrail_proxy


def _chat_calls(fake) -> list:
    return [r["body"] for r in fake.requests("/api/chat")]


def _sent_texts(fake) -> str:
    return json.dumps(_chat_calls(fake))


# ------------------------------------------------------------------ tests
def test_liveliness_needs_no_key(proxy):
    status, body = proxy.call("/health/liveliness", key=None)
    assert status == 200, body


def test_request_without_or_with_a_wrong_key_is_refused(proxy, fake):
    before = len(_chat_calls(fake))
    status, body = proxy.call(
        "/v1/chat/completions", {"model": ALIAS, "messages": [{"role": "user", "content": "hello"}]}, key=None)
    assert status == 401, body
    status, body = proxy.call(
        "/v1/chat/completions", {"model": ALIAS, "messages": [{"role": "user", "content": "hello"}]}, key="sk-wrong")
    # an unknown key is looked up in the database; with none LiteLLM answers 400 "No connected db."
    assert (status, body["error"]["type"]) in ((401, "auth_error"), (400, "no_db_connection")), body
    assert len(_chat_calls(fake)) == before


def test_clean_request_is_answered_by_the_model(proxy, fake):
    before = len(_chat_calls(fake))
    status, body = proxy.chat("Order #412345678 shipped on 2024-03-15; what is its status?")
    assert status == 200, body
    assert body["choices"][0]["message"]["content"] == DEFAULT_ANSWER
    calls = _chat_calls(fake)
    assert len(calls) == before + 1
    assert calls[-1]["model"] == "llama3.2:3b"
    assert calls[-1]["messages"][-1]["content"] == "Order #412345678 shipped on 2024-03-15; what is its status?"


@pytest.mark.parametrize("messages, kind, value", [
    ([{"role": "user", "content": "My SSN is 123-45-6789, file my taxes"}], "us_ssn", "123-45-6789"),
    ([{"role": "user", "content": "email jane.doe+hr@mail.example.com about it"}], "email", "jane.doe"),
    ([{"role": "system", "content": "Escalations: call (415) 555-0132"},
      {"role": "user", "content": "hello"}], "us_phone", "555-0132"),
    ([{"role": "user", "content": [{"type": "text", "text": "summarize"},
                                   {"type": "text", "text": "card 4111-1111-1111-1111 exp 12/27"}]}],
     "credit_card", "4111"),
    ([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "my number is 650 253 0000"},
      {"role": "user", "content": "thanks"}], "us_phone", "253 0000"),
])
def test_request_with_pii_is_blocked_before_the_model(proxy, fake, messages, kind, value):
    before = _sent_texts(fake)
    status, body = proxy.chat(messages)
    assert status == 400, body
    message = body["error"]["message"]
    assert kind in message and value not in json.dumps(body)
    assert _sent_texts(fake) == before


def test_prompt_and_input_fields_are_inspected(proxy, fake):
    before = json.dumps(fake.requests())
    status, body = proxy.call("/v1/completions", {"model": ALIAS, "prompt": "mail jane@example.com the report"})
    assert status == 400 and "email" in json.dumps(body), body
    status, body = proxy.call("/v1/embeddings", {"model": ALIAS, "input": ["fine", "SSN 123 45 6789"]})
    assert status == 400 and "us_ssn" in json.dumps(body), body
    assert json.dumps(fake.requests()) == before


def test_model_answer_with_pii_comes_back_masked(proxy, fake):
    status, body = proxy.chat(f"{LEAK} please")
    assert status == 200, body
    content = body["choices"][0]["message"]["content"]
    assert content == MASKED_ANSWER
    assert _chat_calls(fake)[-1]["messages"][-1]["content"] == f"{LEAK} please"


def test_streamed_answer_with_pii_comes_back_masked(proxy):
    status, raw = proxy.chat(f"{LEAK} and stream it", stream=True)
    assert status == 200, raw
    assert isinstance(raw, str) and "data: [DONE]" in raw
    pieces = []
    for line in raw.splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            for choice in json.loads(line[6:]).get("choices", []):
                pieces.append((choice.get("delta") or {}).get("content") or "")
    assert "".join(pieces) == MASKED_ANSWER
    assert not any(value in raw for value in RAW_VALUES)


def test_built_in_pattern_copy_matches_installed_litellm():
    """scripts/measure_guardrail.py measures LiteLLM's patterns from a copy when LiteLLM is absent."""
    spec = importlib.util.spec_from_file_location("measure_guardrail", ROOT / "scripts" / "measure_guardrail.py")
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    files = list((VENV_BIN.parent / "lib").glob("python3*/site-packages/litellm/proxy/guardrails/guardrail_hooks/"
                                                 "litellm_content_filter/patterns.json"))
    assert len(files) == 1, files
    installed = {p["name"]: p["pattern"] for p in json.loads(files[0].read_text())["patterns"]}
    assert {name: installed.get(name) for name in measure.BUILTIN_FALLBACK} == measure.BUILTIN_FALLBACK


def test_text_completion_and_responses_answers_are_masked(proxy):
    status, body = proxy.call("/v1/completions", {"model": ALIAS, "prompt": f"{LEAK} as plain text"})
    assert status == 200, body
    assert body["choices"][0]["text"] == MASKED_ANSWER
    status, body = proxy.call("/v1/responses", {"model": ALIAS, "input": f"{LEAK} via responses"})
    assert status == 200, body
    texts = [part.get("text") for item in body["output"] for part in item.get("content") or []]
    assert MASKED_ANSWER in texts and not any(value in json.dumps(body) for value in RAW_VALUES)


def _sse_events(raw: str) -> list:
    return [json.loads(line[5:]) for line in raw.splitlines()
            if line.startswith("data:") and line[5:].strip() not in ("", "[DONE]")]


def test_streamed_text_completion_is_masked(proxy):
    status, raw = proxy.call("/v1/completions", {"model": ALIAS, "prompt": f"{LEAK} stream", "stream": True})
    assert status == 200, raw
    text = "".join(c.get("text") or "" for e in _sse_events(raw) for c in e.get("choices", []))
    assert text == MASKED_ANSWER and not any(value in raw for value in RAW_VALUES)


def test_anthropic_messages_route_blocks_and_masks(proxy, fake):
    before = _sent_texts(fake)
    body = {"model": ALIAS, "max_tokens": 200, "messages": [{"role": "user", "content": "SSN 123-45-6789"}]}
    status, answer = proxy.call("/v1/messages", body)
    assert status == 400 and "us_ssn" in json.dumps(answer), answer
    assert _sent_texts(fake) == before
    body["messages"] = [{"role": "user", "content": f"{LEAK} anthropic"}]
    status, answer = proxy.call("/v1/messages", body)
    assert status == 200, answer
    assert [part["text"] for part in answer["content"] if part["type"] == "text"] == [MASKED_ANSWER]
    status, raw = proxy.call("/v1/messages", {**body, "stream": True})
    assert status == 200, raw
    text = "".join(e["delta"]["text"] for e in _sse_events(raw)
                   if e.get("type") == "content_block_delta" and e["delta"].get("type") == "text_delta")
    assert text == MASKED_ANSWER and not any(value in raw for value in RAW_VALUES)


def test_streamed_responses_api_answer_is_masked(proxy):
    status, raw = proxy.call("/v1/responses", {"model": ALIAS, "input": f"{LEAK} responses", "stream": True})
    assert status == 200, raw
    events = _sse_events(raw)
    deltas = "".join(e["delta"] for e in events if e.get("type") == "response.output_text.delta")
    assert deltas == MASKED_ANSWER
    done = [e["text"] for e in events if e.get("type") == "response.output_text.done"]
    assert done == [MASKED_ANSWER]
    assert not any(value in raw for value in RAW_VALUES)
