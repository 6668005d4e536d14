"""The guardrail's request scan, answer masking and opt-out lock without a proxy (fast; the
through-the-proxy suite is tests/test_guardrail_adversarial.py).  Each check comes with the fault
it guards against put back, to show the check can fail."""
import asyncio
import base64
import json
import re
import subprocess
import time

import pytest

from tests.guardrail_proxy import VENV_BIN
from tests.test_guardrail_detection import _guardrail_with, _guardrail_with_edits, _streamed, g


def kinds(data, limit=None):
    return g.scan_request(data, limit)


# ------------------------------------------------------------------ requests
def test_text_split_across_parts_is_found_only_by_the_joined_scan(monkeypatch):
    data = {"messages": [{"role": "user", "content": [{"type": "text", "text": "SSN 123-45-"},
                                                      {"type": "text", "text": "6789"}]}]}
    assert kinds(data) == ["us_ssn"]
    monkeypatch.setattr(g._Scan, "container_texts", lambda self, value, nesting=0: None)
    monkeypatch.setattr(g, "JOIN_DEPTH", -1)
    assert kinds(data) == [], "without the joined scan the split value passes"


def test_keys_are_scanned():
    data = {"messages": [], "tools": [{"function": {"parameters": {"properties": {"jane@example.com": {}}}}}]}
    assert kinds(data) == ["email"]


@pytest.mark.parametrize("text", [
    "data:text/plain;base64," + base64.b64encode(b"call 415-555-0132").decode(),
    "data:text/plain,call%20415-555-0132",
    "data:application/octet-stream;base64," + base64.b64encode(b"call 415-555-0132").decode(),
    "call%20415%2D555%2D0132", "call 415&#45;555&#45;0132", base64.b64encode(b"call 415-555-0132").decode(),
    base64.urlsafe_b64encode(base64.b64encode(b"call 415-555-0132")).decode(),  # double encoding
])
def test_encoded_values_are_decoded(text):
    assert kinds({"messages": [{"role": "user", "content": text}]}) == ["us_phone"]


def test_binary_data_urls_are_skipped():
    png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    assert kinds({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": png}}]}]}) == []


@pytest.mark.parametrize("field, value", [("extra_body", {"messages": []}), ("extra_headers", {"x": "y"}),
                                          ("api_base", "http://x"), ("base_url", "http://x")])
def test_constructs_that_rewrite_the_request_are_refused(field, value):
    with pytest.raises(g.RequestRefused) as refused:
        kinds({"messages": [], field: value})
    assert refused.value.status == 400 and field in refused.value.message


@pytest.mark.parametrize("value", [[1, 2, 3], [[1, 2], [3]]])
def test_token_arrays_are_refused(value):
    with pytest.raises(g.RequestRefused) as refused:
        kinds({"input": value})
    assert refused.value.status == 400 and "token ids" in refused.value.message


def test_size_cap_gives_413_and_the_limit_comes_from_the_environment(monkeypatch):
    with pytest.raises(g.RequestRefused) as refused:
        kinds({"input": "x" * 2000}, limit=1000)
    assert refused.value.status == 413 and "1000 bytes" in refused.value.message
    monkeypatch.setenv("PII_GUARDRAIL_MAX_REQUEST_BYTES", "5000")
    assert g.max_request_bytes() == 5000 and kinds({"input": "x" * 2000}) == []
    with pytest.raises(g.RequestRefused):
        kinds({"input": "x" * 6000})
    with pytest.raises(g.RequestRefused):  # the declared Content-Length counts too
        kinds({"input": "x", "proxy_server_request": {"headers": {"content-length": "9000"}}})


def test_deep_nesting_is_refused_not_followed():
    value = "SSN 123-45-6789"
    for _ in range(200):
        value = [value]
    with pytest.raises(g.RequestRefused) as refused:
        kinds({"input": value})
    assert refused.value.status == 400


def test_proxy_bookkeeping_is_not_scanned_but_client_metadata_is():
    data = {"messages": [{"role": "user", "content": "hi"}],
            "metadata": {"user_api_key_user_email": "owner@example.com", "headers": {"x-from": "a@example.com"}},
            "proxy_server_request": {"body": {"note": "b@example.com"}}}
    assert kinds(data) == []
    data["metadata"]["note"] = "call 415-555-0132"
    assert kinds(data) == ["us_phone"]


@pytest.mark.parametrize("shape", ["digits", "separators", "emails", "nested", "base64", "parts"])
def test_detection_cost_is_bounded_for_adversarial_shapes(shape):
    """A capped request of any shape costs at most a few seconds of CPU (figures: scripts/bench_guardrail.py)."""
    limit = 256 * 1024
    bodies = {
        "digits": {"input": "1" * limit},
        "separators": {"input": "1-" * (limit // 2)},
        "emails": {"input": "a@b." * (limit // 4)},
        "nested": {"messages": [{"role": "user", "content": [{"type": "text", "text": "12 "}] * (limit // 60)}]},
        "base64": {"input": ("QUJD" * 8 + " ") * (limit // 33)},
        "parts": {"input": ["415-"] * (limit // 6)},
    }
    start = time.process_time()
    try:
        kinds(bodies[shape], limit=limit)
    except g.RequestRefused as refused:
        assert refused.status == 413
    assert time.process_time() - start < 10


# ------------------------------------------------------------------ answers
def _tokens(text):
    return re.findall(r"\s*\S+|\s+", text)


def _behind(text):
    """Tokens each model token waits in the masker (0 = released with its own chunk)."""
    masker, released, lags, sent_ends = g.StreamMasker(), 0, [], []
    pieces = _tokens(text)
    position = 0
    for index, piece in enumerate(pieces):
        position += len(piece)
        sent_ends.append(position)
        released += len(masker.feed(piece))
        while len(lags) < len(sent_ends) and sent_ends[len(lags)] <= released:
            lags.append(index - len(lags))
    masker.flush()
    return lags + [len(pieces) - i for i in range(len(lags), len(pieces))]


PROSE = ("The gateway streams every answer through the guardrail, which holds back only what could still "
         "turn into personal data, and releases everything else as soon as it arrives from the model.")


def test_streamed_prose_is_at_most_one_token_late():
    lags = _behind(PROSE)
    assert max(lags) <= 1, lags
    assert sorted(lags)[int(0.95 * (len(lags) - 1))] <= 1


# Numbers of every everyday kind: years, counts, prices, percentages, times, dates, versions, a decimal, an
# amount with thousands separators, a number in brackets and one in bold.
NUMBER_PROSE = ("In 2023 the team grew from 12 to 48 people and revenue rose 35% to 4,250,000 dollars. Release 3.2.1 "
                "shipped on 2024-06-30 at 14:30 UTC; about 1500 users upgraded within 2 hours, 2048 more by Friday "
                "(4096 in all), and version 1.106.12 followed in March 2025 at 19.99 a month for **250** seats. "
                "Order 412345678 shipped on 03/15/2024 with 12,500 units.")


def test_streamed_prose_with_everyday_numbers_is_at_most_one_token_late():
    lags = _behind(NUMBER_PROSE)
    assert max(lags) <= 1, lags


def test_without_the_right_hand_probes_numbers_wait_for_their_window(monkeypatch):
    """Fault put back: every closed number of 4+ digits waits for the detector's whole right-hand window."""
    monkeypatch.setattr(g.StreamMasker, "_nothing_right_convicts", lambda self, text, start, end: False)
    assert max(_behind(NUMBER_PROSE)) > 5


PHONE_PROSE = "If anything goes wrong, call the desk at 415-555-0132 and ask for the engineer on duty, who will help."


def _phone_lag(text: str) -> tuple:
    """(tokens the phone number's token waits, the most any token before it waits)."""
    lags, tokens = _behind(text), _tokens(text)  # (after a masked value, _behind counts the longer redaction)
    index = next(i for i, t in enumerate(tokens) if "415" in t)
    return lags[index], max(lags[:index])


def test_a_phone_number_is_masked_once_the_word_after_it_has_arrived():
    """A value the detector finds alike with every probe after it (the convicting words, neutral words, each
    column delimiter) and with the text as it stands goes out masked once the word after it and the next
    character have arrived (what an excusing rule, a unit or a hex group, reads): two tokens."""
    assert _phone_lag(PHONE_PROSE) == (2, 1)


def test_without_the_probes_a_phone_number_waits_for_its_whole_window(monkeypatch):
    monkeypatch.setattr(g.StreamMasker, "_found_whatever_follows", lambda self, text, start, end: False)
    lag, _ = _phone_lag(PHONE_PROSE)
    tokens = _tokens(PHONE_PROSE)
    index = next(i for i, t in enumerate(tokens) if "415" in t)
    assert lag == next(k for k in range(1, len(tokens)) if len("".join(tokens[index + 1:index + 1 + k])) >= g.RIGHT_CONTEXT)


def test_the_old_fixed_hold_was_late_and_the_check_sees_it(monkeypatch):
    """Fault put back: holding a fixed 64 characters makes prose ~10 tokens late."""
    monkeypatch.setattr(g.StreamMasker, "_cut", lambda self, text: max(0, len(text) - 64))
    assert max(_behind(PROSE)) > 5


@pytest.mark.parametrize("value, kind", [("123-45-6789", "US_SSN"), ("jane.doe@example.com", "EMAIL"),
                                          ("(415) 555-0132", "US_PHONE"), ("4111 1111 1111 1111", "CREDIT_CARD"),
                                          ("\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19", "US_SSN"),
                                          ("123\u200b-45-6789", "US_SSN")])
@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_a_value_split_across_chunks_is_masked_whole(value, kind, size):
    text = f"Sure, it is {value} as requested."
    masker = g.StreamMasker()
    out = "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush()
    assert out == f"Sure, it is [REDACTED_{kind}] as requested."


def test_released_text_stays_as_context():
    masker = g.StreamMasker()
    out = masker.feed("Your order number ") + masker.feed("412345678") + masker.feed(" ships") + masker.flush()
    assert out == "Your order number 412345678 ships"
    masker = g.StreamMasker()
    monkey = masker.feed("Your SSN ") + masker.feed("412345678") + masker.feed(" ok") + masker.flush()
    assert monkey == "Your SSN [REDACTED_US_SSN] ok"


# Characters the normalisation changes: full-width and other scripts' digits, marks it drops (zero-width, combining,
# bidi), NFKC expansions to several characters (a ligature, a circled number), no-break spaces, a percent escape.
NORMALISED = "Tel \uff14\uff11\uff15-\u0665\u0665\u0665 \u200b0132 e\u0301t\u00e9 \ufb01le \u2460\u2461 a\u00a0b %40x \u202e9\u202c \u3164."


def test_a_text_normalised_in_two_parts_is_the_text_normalised_whole():
    """The stream masker's context is normalised once and joined with each new piece (g._normalized_joined):
    split anywhere, the two parts give what normalising the whole text gives, offsets included."""
    texts = [NORMALISED, NORMALISED.encode("ascii", "ignore").decode(), "ok " + NORMALISED]
    for text in texts:
        for split in range(len(text) + 1):
            assert g._normalized_joined(text[:split], text[split:]) == g.normalized_with_map(text), (text, split)


def test_a_replaced_normalisation_is_never_answered_from_the_kept_one(monkeypatch):
    head = "context " + NORMALISED
    g._normalized_joined(head, " tail")  # (kept)
    monkeypatch.setattr(g, "normalized_with_map", lambda text: (text.upper(), None))
    assert g._normalized_joined(head, " tail") == ((head + " tail").upper(), None)


def _findings_read_whole(text: str, context: str) -> list:
    """findings_in as it read before the context's normalisation was kept: context + text normalised in one go."""
    norm, starts = g.normalized_with_map(context + text)
    found = []
    for f in g.find_pii(norm):
        start, end = (f.start, f.end) if starts is None else (starts[f.start], starts[f.end - 1] + 1)
        if end > len(context):
            found.append(g.Finding(f.kind, max(0, start - len(context)), end - len(context)))
    return found


def test_a_streamed_context_reads_as_the_whole_text_does():
    """findings_in and the answer variants' reads, with the context's normalisation kept between calls (cut at
    g.HEAD_STEP), find what normalising context + text in one go finds, piece after piece as a stream asks."""
    context = ("Kunde: mein Handy \u2013 bitte notieren, \u00e9t\u00e9 ist vorbei\n" * 3) + "Nummer: "
    text = "\uff14\uff11\uff15-555-0132 danke, und ssn 536\u200b-22-8726 ok, mail jane@example.com."
    assert len(context) > 2 * g.HEAD_STEP
    found = 0
    for end in range(1, len(text) + 1):
        assert g.findings_in(text[:end], context) == _findings_read_whole(text[:end], context), end
        found += bool(_findings_read_whole(text[:end], context))
        for reused in (0, len(context) - 1, len(context), len(context) + end):
            assert g._read(context + text[:end], reused) == _findings_read_whole(context + text[:end], ""), (end, reused)
    assert found > len(text) // 2  # (values found: the offsets were compared, not only empty lists)


def _chunk(delta, finish=None, index=0, logprobs=None):
    return {"choices": [{"index": index, "delta": delta, "finish_reason": finish, "logprobs": logprobs}]}


def _run(chunks):
    async def source():
        for chunk in chunks:
            yield chunk

    async def collect():
        return [chunk async for chunk in g.mask_stream(source())]
    return asyncio.run(collect())


def _joined(out, field):
    return "".join((c["choices"][0]["delta"].get(field) or "") for c in out if c.get("choices"))


def test_reasoning_and_refusal_are_held_and_masked_like_content():
    text = "The SSN is 123-45-6789 and mail jane@example.com."
    for field in ("reasoning_content", "refusal", "content"):
        chunks = [_chunk({field: text[i:i + 2]}) for i in range(0, len(text), 2)] + [_chunk({}, "stop")]
        out = _run(chunks)
        assert _joined(out, field) == "The SSN is [REDACTED_US_SSN] and mail [REDACTED_EMAIL].", field


def test_tool_call_arguments_split_across_chunks_are_masked_whole():
    arguments = json.dumps({"to": "jane@example.com", "ssn": "123-45-6789"})
    chunks = [_chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                      "function": {"name": "send", "arguments": ""}}]})]
    chunks += [_chunk({"tool_calls": [{"index": 0, "function": {"arguments": arguments[i:i + 3]}}]})
               for i in range(0, len(arguments), 3)]
    chunks.append(_chunk({}, "tool_calls"))
    out = _run(chunks)
    pieces, names = [], []
    for chunk in out:
        for call in chunk["choices"][0]["delta"].get("tool_calls") or []:
            pieces.append(call["function"].get("arguments") or "")
            names.append(call["function"].get("name"))
    assert json.loads("".join(pieces)) == {"to": "[REDACTED_EMAIL]", "ssn": "[REDACTED_US_SSN]"}
    assert [n for n in names if n] == ["send"], "the tool name is sent once"
    assert out[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_logprobs_are_dropped_from_chunks_and_answers():
    out = _run([_chunk({"content": "hi "}, logprobs={"content": [{"token": "123-45-6789"}]}), _chunk({}, "stop")])
    assert all(c["choices"][0]["logprobs"] is None for c in out)
    answer = {"choices": [{"message": {"content": "ok"}, "logprobs": {"content": [{"token": "123-45-6789"}]}}]}
    assert g.mask_response(answer)["choices"][0]["logprobs"] is None


def test_anthropic_thinking_and_tool_input_deltas_are_masked():
    def event(delta):
        return ("event: content_block_delta\ndata: " + json.dumps(
            {"type": "content_block_delta", "index": 0, "delta": delta}) + "\n\n").encode()
    text = "SSN 123-45-6789 done"
    chunks = [event({"type": "thinking_delta", "thinking": text[i:i + 2]}) for i in range(0, len(text), 2)]
    chunks.append(b'event: content_block_stop\ndata: {"type": "content_block_stop", "index": 0}\n\n')
    raw = b"".join(_run(chunks)).decode()
    thinking = "".join(json.loads(line[5:])["delta"].get("thinking", "") for line in raw.splitlines()
                       if line.startswith("data:") and "content_block_delta" in line)
    assert thinking == "SSN [REDACTED_US_SSN] done"


def test_answers_are_normalised_before_masking_but_otherwise_unchanged():
    assert g.mask_text("SSN \uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19 \uff08ok\uff09") == \
        "SSN [REDACTED_US_SSN] \uff08ok\uff09"
    assert g.mask_text("caf\u00e9 \u2014 na\u0131ve \uff08ok\uff09") == "caf\u00e9 \u2014 na\u0131ve \uff08ok\uff09"


# ------------------------------------------------------------------ opt-outs (LiteLLM's own CustomGuardrail)
# One interpreter with the pinned LiteLLM runs every probe (importing LiteLLM costs about 2.5 s of CPU each time):
# the opt-out probe with PII_GUARDRAIL_ALLOW_OPT_OUT false and true (the guardrail reads it at each call), and
# apply_guardrail.
LITELLM_PROBES = r"""
import asyncio, importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("pii_guardrail", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
from litellm.types.guardrails import GuardrailEventHooks as H

def opt_outs(allow):
    os.environ["PII_GUARDRAIL_ALLOW_OPT_OUT"] = allow
    pre = m.PiiGuardrail(guardrail_name="pii-block-request", event_hook="pre_call", default_on=True)
    post = m.PiiGuardrail(guardrail_name="pii-mask-response", event_hook="post_call", default_on=True)
    # what the proxy injects for a key / team whose admin metadata opts out
    cases = {
      "key disables": {"metadata": {"user_api_key_metadata": {"disable_global_guardrails": True}}},
      "team disables": {"litellm_metadata": {"user_api_key_team_metadata": {"disable_global_guardrails": True}}},
      "team opts out": {"metadata": {"user_api_key_team_metadata": {"opted_out_global_guardrails":
                                     ["pii-block-request", "pii-mask-response"]}}},
      "request names others": {"metadata": {"guardrails": ["something-else"]}, "guardrails": ["something-else"]},
      "plain": {},
    }
    return {name: [pre.should_run_guardrail(d, H.pre_call), pre.should_run_guardrail(d, H.post_call),
                   post.should_run_guardrail(d, H.post_call), post.should_run_guardrail(d, H.pre_call)]
            for name, d in cases.items()}

def apply():
    guard = m.PiiGuardrail(guardrail_name="pii-block-request", event_hook="pre_call", default_on=True)
    out = {"native": guard.use_native_lifecycle_hooks, "overrides": guard.uses_apply_guardrail_interface()}
    try:
        asyncio.run(guard.apply_guardrail({"texts": ["hi", "SSN 123-45-6789"]}, {}, "request"))
        out["request"] = "passed"
    except Exception as e:
        out["request"] = [getattr(e, "status_code", None), json.dumps(getattr(e, "detail", ""))]
    out["clean"] = asyncio.run(guard.apply_guardrail({"texts": ["hello"]}, {}, "request"))["texts"]
    out["response"] = asyncio.run(guard.apply_guardrail({"texts": ["mail jane@example.com"]}, {}, "response"))["texts"]
    return out

def failure():
    import litellm
    os.environ["PII_GUARDRAIL_ALLOW_OPT_OUT"] = "false"
    post = m.PiiGuardrail(guardrail_name="pii-mask-response", event_hook="post_call", default_on=True)
    error = litellm.BadRequestError(message="bad prompt: SSN 123-45-6789", model="m", llm_provider="ollama_chat")
    kept = asyncio.run(post.async_post_call_failure_hook({}, error, None))
    class Unreadable(Exception):
        body = property(lambda self: (_ for _ in ()).throw(RuntimeError("no")), lambda self, v: None)
        def __deepcopy__(self, memo): raise RuntimeError("no")
    error2 = Unreadable("SSN 123-45-6789"); error2.provider_specific_fields = error2
    replaced = asyncio.run(post.async_post_call_failure_hook({}, error2, None))
    return {"kept": kept is None, "message": error.message, "str": str(error),
            "replaced": [getattr(replaced, "status_code", None), json.dumps(getattr(replaced, "detail", ""))]}

print(json.dumps({"opt_out_false": opt_outs("false"), "opt_out_true": opt_outs("true"), "apply": apply(),
                  "failure": failure()}))
"""


@pytest.fixture(scope="module")
def litellm_probes() -> dict:
    if not (VENV_BIN / "python").exists():
        pytest.skip("needs .venv-litellm")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    out = subprocess.run([str(VENV_BIN / "python"), "-c", LITELLM_PROBES, g.__file__], capture_output=True,
                         text=True, env=env, timeout=120, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_no_key_team_or_request_switches_the_guardrail_off(litellm_probes):
    for name, (pre_on_pre, pre_on_post, post_on_post, post_on_pre) in litellm_probes["opt_out_false"].items():
        assert (pre_on_pre, pre_on_post, post_on_post, post_on_pre) == (True, False, True, False), name


def test_the_stack_parameter_restores_litellms_opt_outs(litellm_probes):
    """With AllowGuardrailOptOut=true LiteLLM's own rules apply, so the probe above can fail."""
    result = litellm_probes["opt_out_true"]
    assert result["plain"] == [True, False, True, False]
    assert result["key disables"][0] is False and result["team disables"][2] is False
    assert result["team opts out"][0] is False and result["team opts out"][2] is False


def test_without_the_decoders_encoded_values_pass(monkeypatch):
    """Fault put back: no decoding, and percent-encoded, entity and base64 values go through."""
    monkeypatch.setattr(g, "_decoded_candidates", lambda text: iter(()))
    monkeypatch.setattr(g, "_NON_ASCII_RE", re.compile(r"[^\x00-\x7f]+"))  # nor the detector's own percent reading
    for text in ("call%20415%2D555%2D0132", "call 415&#45;555&#45;0132", base64.b64encode(b"call 415-555-0132").decode()):
        assert kinds({"messages": [{"role": "user", "content": text}]}) == []


def test_without_the_refusal_list_extra_body_passes(monkeypatch):
    monkeypatch.setattr(g, "REFUSED_FIELDS", ())
    assert kinds({"messages": [], "extra_body": {"messages": [{"role": "user", "content": "hi"}]}}) == []


def test_the_failure_hook_masks_litellms_own_exceptions_and_replaces_one_it_cannot_read(litellm_probes):
    out = litellm_probes["failure"]
    assert out["kept"] and "123-45-6789" not in out["message"] + out["str"] and "REDACTED_US_SSN" in out["message"]
    assert out["replaced"][0] == 502 and "withheld" in out["replaced"][1]


def test_apply_guardrail_blocks_request_texts_and_masks_response_texts(litellm_probes):
    out = litellm_probes["apply"]
    assert out["native"] is True and out["overrides"] is True, "our own lifecycle hooks run, not the generic path"
    assert out["request"][0] == 400 and "us_ssn" in out["request"][1]
    assert out["clean"] == ["hello"] and out["response"] == ["mail [REDACTED_EMAIL]"]


def test_text_without_spaces_is_not_held_back_whole():
    masker = g.StreamMasker()
    text = "\u6211\u4eec\u4eca\u5929\u53bb\u516c\u56ed\u6563\u6b65\u3002\u5929\u6c14\u5f88\u597d\u3002"
    assert [masker.feed(ch) for ch in text] == list(text)


@pytest.mark.parametrize("text", ["mail jos\u00e9.ram\u00edrez@example.com now", "SSN 123-45-6789, ok",
                                  "\u8bf7\u53d1\u5230 jane.doe@example.com \u8c22\u8c22",
                                  "\u7535\u8bdd 415-555-0132\u3002"])
def test_values_next_to_any_script_are_masked_whole(text):
    for size in (1, 2, 3):
        masker = g.StreamMasker()
        out = "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush()
        assert out == g.mask_text(text) and "REDACTED" in out, (size, out)


class _UpstreamError(Exception):
    """The fields of LiteLLM's provider exceptions its error reply is built from (message, args, headers)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message, self.headers, self.status_code = message, {"llm_provider-x-echo": message}, 500


def test_upstream_error_text_and_headers_are_masked_and_without_the_fields_they_are_not(monkeypatch):
    error = g.mask_exception(_UpstreamError("bad prompt: SSN 123-45-6789, mail jane@example.com"))
    assert error.message == str(error) == "bad prompt: SSN [REDACTED_US_SSN], mail [REDACTED_EMAIL]"
    assert error.headers == {"llm_provider-x-echo": error.message} and error.status_code == 500
    assert g.mask_headers({"date": "Tue, 01 Dec 2026 10:00:00 GMT", "x-echo": "call 415-555-0132"}) == {
        "x-echo": "call [REDACTED_US_PHONE]"}, "only the headers that carry PII are replaced"
    monkeypatch.setattr(g, "ERROR_FIELDS", ())
    assert "123-45-6789" in g.mask_exception(_UpstreamError("SSN 123-45-6789")).message


def _audio_transcript(chunks) -> str:
    rewriter = g.StreamRewriter()
    out = [c for chunk in chunks for c in rewriter.rewrite(chunk)] + rewriter.finish()
    return "".join(c["choices"][0]["delta"].get("audio", {}).get("transcript", "") for c in out if c.get("choices"))


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_a_streamed_audio_transcript_split_across_chunks_is_masked_whole(size, monkeypatch):
    """delta.audio.transcript (OpenAI audio models) is held like content; with the old whole-chunk masking
    (the transcript not a streamed field) the pieces of the email go out."""
    text = "mail john.doe@example.com or call 415-555-0132 ok"

    def chunks():
        return [{"choices": [{"index": 0, "delta": {"audio": {"id": "a", "data": "UklGRg==", "transcript": text[i:i + size]}},
                              "finish_reason": None}]} for i in range(0, len(text), size)]
    assert _audio_transcript(chunks()) == "mail [REDACTED_EMAIL] or call [REDACTED_US_PHONE] ok"
    monkeypatch.setattr(g, "AUDIO_TEXT_FIELD", "no-such-field")
    assert "john" in _audio_transcript(chunks()) or "0132" in _audio_transcript(chunks())


def _tool_strings(out) -> str:
    return json.dumps([c["choices"][0]["delta"].get("tool_calls") for c in out])


def test_every_string_of_a_streamed_tool_call_is_masked(monkeypatch):
    """A tool call's type, id and any field a provider adds (beyond name and arguments), and a call without a
    function, are masked whole; with the old rewriter (only the name masked) they go out."""
    def chunks():
        return [_chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "SSN 536-22-8726",
                                        "function": {"name": "send", "arguments": "{}", "note": "jane@example.com"}}]}),
                _chunk({"tool_calls": [{"index": 1, "type": "call 415-555-0132", "x_extra": {"to": "jane@example.com"}}]}),
                _chunk({}, "tool_calls")]
    text = _tool_strings(_run(chunks()))
    assert not re.search(r"8726|0132|jane", text) and text.count("REDACTED") == 4, text
    assert '"name": "send"' in text and '"id": "call_1"' in text, "clean fields are left as they came"

    def old(obj, skip):  # the fault put back: only a function's name was masked
        if isinstance(obj, dict) and isinstance(obj.get("name"), str):
            obj["name"] = g.mask_answer_text(obj["name"])
    monkeypatch.setattr(g, "_mask_fields", old)
    assert re.search(r"8726|0132|jane", _tool_strings(_run(chunks())))


def _fields_out(out) -> dict:
    """field -> the text the client assembles for it (tool calls' arguments as "tool")."""
    fields = {}
    for chunk in out:
        delta = chunk["choices"][0]["delta"]
        for name in ("reasoning_content", "content", "refusal"):
            fields[name] = fields.get(name, "") + (delta.get(name) or "")
        for call in delta.get("tool_calls") or []:
            fields["tool"] = fields.get("tool", "") + (call["function"].get("arguments") or "")
        fields["audio"] = fields.get("audio", "") + ((delta.get("audio") or {}).get("transcript") or "")
    return {k: v for k, v in fields.items() if v}


def _delta_for(field, piece) -> dict:
    if field == "tool":
        return {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
    if field == "audio":
        return {"audio": {"id": "a", "transcript": piece}}
    return {field: piece}


def _two_fields(first, second, a, b, size) -> list:
    chunks = [_chunk({"role": "assistant"})]
    chunks += [_chunk(_delta_for(first, a[i:i + size])) for i in range(0, len(a), size)]
    chunks += [_chunk(_delta_for(second, b[i:i + size])) for i in range(0, len(b), size)]
    return chunks + [_chunk({}, "stop")]


SPLIT_VALUES = [("my SSN is 536-22-", "8726, thanks"), ("call 415-555-", "0132 today"),
                ("mail john.doe@exa", "mple.com now"), ("card 4111 1111 ", "1111 1111 ok"), ("SSN 5362", "28726 ok")]
FIELD_PAIRS = [("reasoning_content", "content"), ("content", "tool"), ("reasoning_content", "tool"),
               ("content", "refusal"), ("content", "audio")]


@pytest.mark.parametrize("first, second", FIELD_PAIRS)
@pytest.mark.parametrize("a, b", SPLIT_VALUES)
@pytest.mark.parametrize("size", [1, 3, 50])
def test_a_value_split_between_two_fields_of_a_choice_is_masked_whole(first, second, a, b, size):
    """The fields of one choice are one text to the reader: a value whose first half ends one field and whose
    second half starts the next goes out masked once (in the first field), and the rest as it came."""
    fields = _fields_out(_run(_two_fields(first, second, a, b, size)))
    joined = fields.get(first, "") + fields.get(second, "")
    assert joined == g.mask_answer_text(a + b) and "REDACTED" in fields.get(first, ""), fields


def test_without_the_hand_over_a_value_split_between_two_fields_goes_out(monkeypatch):
    monkeypatch.setattr(g.StreamMasker, "hand_over", lambda self, owner: ("", [], ""))
    leaked = [(a, b) for a, b in SPLIT_VALUES[:3]
              if re.search(r"8726|0132|john", "".join(_fields_out(_run(_two_fields("reasoning_content", "content", a, b, 3)))
                                                   .values()))]
    assert len(leaked) == 3, leaked


def _masked_joined_and_alone(parts: list) -> str:
    # The fields' joined text masked where the detector finds a value in it or in a field read alone (as a whole
    # answer masks each field too: "Invoice number " + "536-22-8726").
    text, starts = "".join(parts), [sum(map(len, parts[:i])) for i in range(len(parts))]
    found = g._merged(g.answer_findings(text) + [g.Finding(f.kind, f.start + a, f.end + a) for part, a in
                                                 zip(parts, starts) for f in g.answer_findings(part)])
    return "".join(text[b.end if b else 0:f.start] + g.redaction(f.kind) for b, f in zip([None, *found], found)) \
        + text[found[-1].end if found else 0:]


def test_fields_split_anywhere_are_masked_like_their_joined_text():
    """Property: development-set messages cut at random into reasoning, content and tool arguments (and streamed
    in random pieces) come out, field after field, exactly as masking the whole message gives."""
    import random
    rng = random.Random(11)
    records = [json.loads(line) for line in (VENV_BIN.parent.parent / "tests" / "data" / "pii_corpus.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in records][::3]
    assert len(texts) > 100
    differ = []
    for text in texts:
        cuts = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        parts = [("reasoning_content", text[:cuts[0]]), ("content", text[cuts[0]:cuts[1]]), ("tool", text[cuts[1]:])]
        chunks = [_chunk({"role": "assistant"})]
        for field, part in parts:
            i = 0
            while i < len(part):
                n = rng.choice([1, 2, 5, 12])
                chunks.append(_chunk(_delta_for(field, part[i:i + n])))
                i += n
        fields = _fields_out(_run(chunks + [_chunk({}, "stop")]))
        got = "".join(fields.get(f, "") for f, _ in parts)
        if got != _masked_joined_and_alone([part for _, part in parts]):
            differ.append((text[:100], cuts, fields))
    assert not differ, differ[:3]


ANSWERS_SPLIT_BETWEEN_FIELDS = {
    "chat": lambda a, b: {"choices": [{"index": 0, "message": {"role": "assistant", "reasoning_content": a, "content": b}}]},
    "chat tool call": lambda a, b: {"choices": [{"index": 0, "message": {"content": a, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": b}}]}}]},
    "messages": lambda a, b: {"type": "message", "content": [{"type": "thinking", "thinking": a, "signature": "s"},
                                                              {"type": "text", "text": b}]},
    "responses": lambda a, b: {"object": "response", "output": [
        {"type": "reasoning", "summary": [{"type": "summary_text", "text": a}]},
        {"type": "message", "content": [{"type": "output_text", "text": b}]}]},
}


@pytest.mark.parametrize("shape", list(ANSWERS_SPLIT_BETWEEN_FIELDS))
@pytest.mark.parametrize("a, b", SPLIT_VALUES)
def test_a_value_split_between_two_fields_of_a_whole_answer_is_masked(shape, a, b, monkeypatch):
    """Not streamed either: the text fields of one answer are masked as one text; without it (each string
    masked on its own) the halves go out."""
    def texts():
        answer = g.mask_response(ANSWERS_SPLIT_BETWEEN_FIELDS[shape](a, b))
        return json.dumps(answer)
    assert not re.search(r"8726|0132|john|1111", texts()) and "REDACTED" in texts(), texts()
    monkeypatch.setattr(g, "_text_slots", lambda response: [])
    assert re.search(r"8726|0132|john|1111", texts())


def _sse_event(kind, **fields):
    return (f"event: {kind}\ndata: " + json.dumps({"type": kind, **fields}) + "\n\n").encode()


def _anthropic_stream(a, b) -> list:
    chunks = [_sse_event("message_start", message={"id": "m"}),
              _sse_event("content_block_start", index=0, content_block={"type": "thinking", "thinking": ""})]
    chunks += [_sse_event("content_block_delta", index=0, delta={"type": "thinking_delta", "thinking": a[i:i + 3]})
               for i in range(0, len(a), 3)]
    chunks += [_sse_event("content_block_stop", index=0),
               _sse_event("content_block_start", index=1, content_block={"type": "text", "text": ""})]
    chunks += [_sse_event("content_block_delta", index=1, delta={"type": "text_delta", "text": b[i:i + 3]})
               for i in range(0, len(b), 3)]
    return chunks + [_sse_event("content_block_stop", index=1), _sse_event("message_stop")]


def _responses_stream(a, b) -> list:
    events = [{"type": "response.output_item.added", "output_index": 0, "item": {"type": "reasoning"}}]
    events += [{"type": "response.reasoning_summary_text.delta", "output_index": 0, "delta": a[i:i + 3]}
               for i in range(0, len(a), 3)]
    events += [{"type": "response.reasoning_summary_text.done", "output_index": 0, "text": a},
               {"type": "response.output_item.done", "output_index": 0, "item": {"summary": [{"text": a}]}},
               {"type": "response.output_item.added", "output_index": 1, "item": {"type": "message"}}]
    events += [{"type": "response.output_text.delta", "output_index": 1, "content_index": 0, "delta": b[i:i + 3]}
               for i in range(0, len(b), 3)]
    return events + [{"type": "response.output_text.done", "output_index": 1, "content_index": 0, "text": b},
                     {"type": "response.completed", "response": {"output": [{"summary": [{"text": a}]},
                                                                            {"content": [{"text": b}]}]}}]


def _stream_strings(chunks) -> str:
    out = _run(chunks)
    return "".join(c.decode() if isinstance(c, bytes) else json.dumps(c) for c in out)


@pytest.mark.parametrize("stream", [_anthropic_stream, _responses_stream])
@pytest.mark.parametrize("a, b", SPLIT_VALUES)
def test_a_value_split_between_two_blocks_or_items_of_a_stream_is_masked(stream, a, b, monkeypatch):
    """Anthropic SSE (a thinking block, then a text block) and Responses API events (a reasoning item, then a
    message): a block's held text waits for the next block's start, and so do its stop or done events (they
    repeat the text: what the deltas released goes in them); without the hand-over the halves go out."""
    text = _stream_strings(stream(a, b))
    assert not re.search(r"8726|0132|john|1111", text) and "REDACTED" in text, text
    monkeypatch.setattr(g.StreamMasker, "hand_over", lambda self, owner: ("", [], ""))
    assert re.search(r"8726|0132|john|1111", _stream_strings(stream(a, b)))


def _reasoning_done_text(out) -> str:
    return next(c["text"] for c in out if c.get("type") == "response.reasoning_summary_text.done")


def test_the_done_events_carry_what_the_deltas_released_and_without_it_they_do_not(monkeypatch):
    stream = _responses_stream(*SPLIT_VALUES[0])
    assert _reasoning_done_text(_run(json.loads(json.dumps(stream)))) == "my SSN is [REDACTED_US_SSN]"
    deep = g.mask_deep
    monkeypatch.setattr(g, "mask_deep", lambda obj, *args, table=None: deep(obj, *args[:2]))  # done events alone
    assert "536-22-" in _stream_strings(json.loads(json.dumps(stream)))
    monkeypatch.undo()
    monkeypatch.setattr(g.StreamRewriter, "_held", lambda self: False)  # done events sent before the hand-over
    assert _reasoning_done_text(_run(json.loads(json.dumps(stream)))) == "my SSN is "


def test_slots_interleaved_inside_a_held_value_are_each_read_on_their_own(monkeypatch):
    """Content, reasoning, content again: the content's value held across the reasoning goes back to the content's
    masker when the content resumes (joined in arrival order it would read "536-22-so8726"); without it, it leaks."""
    def chunks():
        return [_chunk({"content": "my SSN is 536-22-"}), _chunk({"reasoning_content": "so "}),
                _chunk({"content": "8726 ok"}), _chunk({}, "stop")]
    fields = _fields_out(_run(chunks()))
    assert fields == {"content": "my SSN is [REDACTED_US_SSN] ok", "reasoning_content": "so "}, fields
    monkeypatch.setattr(g.StreamMasker, "give_back", lambda self: [])
    assert "8726" in "".join(_fields_out(_run(chunks())).values())


# ------------------------------------------------------------------ fourth round: the edges of fields, chunked bodies
# A value at the end of one field (or the start of the next) read only joined with its neighbour: "536-22-8726" +
# "42 ..." is one 13-digit run, "ok" + "536-22-8726" glues it to a word; masked whole text by text, both went out.
EDGE_FIELDS = [("The SSN on file is 536-22-8726", "42 is all I can say."), ("Let me look it up. ok", "536-22-8726 it is."),
               ("count 9", "536-22-8726 it is."), ("user john.doe@example.com", "abc")]


@pytest.mark.parametrize("first, second", FIELD_PAIRS)
@pytest.mark.parametrize("a, b", EDGE_FIELDS)
@pytest.mark.parametrize("size", [1, 3, 50])
def test_a_value_at_the_edge_of_a_field_is_masked_as_in_that_field_alone(first, second, a, b, size):
    fields = _fields_out(_run(_two_fields(first, second, a, b, size)))
    assert fields.get(first, "") + fields.get(second, "") == _masked_joined_and_alone([a, b]), fields
    assert not re.search(r"8726|john", "".join(fields.values()))


def test_without_reading_each_field_alone_at_its_edge_the_values_go_out(monkeypatch):
    def out(a, b):
        return "".join(_fields_out(_run(_two_fields("reasoning_content", "content", a, b, 3))).values())
    assert not any(re.search(r"8726|john", out(a, b)) for a, b in EDGE_FIELDS)
    monkeypatch.setattr(g.StreamMasker, "_end_alone", lambda self, held, owned: [])  # the held end read joined only
    assert "8726" in out(*EDGE_FIELDS[0])
    monkeypatch.undo()
    monkeypatch.setattr(g.StreamMasker, "_mine_alone", lambda self, text: [])
    assert "8726" in out(*EDGE_FIELDS[1]) and "8726" in out(*EDGE_FIELDS[2])


def test_a_field_that_resumes_reads_what_another_field_released_of_it(monkeypatch):
    """Tool arguments and content interleaved: the '(' the content's masker released for the tool call is the tool
    call's context when it resumes ("(415) 555-0132" is a phone, "415) 555-0132" is not)."""
    def out():
        pieces = [("tool", "("), ("content", "ok "), ("tool", "415"), ("content", "536-2"), ("tool", ") 555"),
                  ("content", "2-872"), ("content", "6"), ("tool", "-0132")]
        return _fields_out(_run([_chunk(_delta_for(f, p)) for f, p in pieces] + [_chunk({}, "stop")]))
    assert out() == {"tool": "([REDACTED_US_PHONE]", "content": "ok [REDACTED_US_SSN]"}, out()
    monkeypatch.setattr(g.StreamMasker, "went_out", lambda self, text: None)
    assert "0132" in out()["tool"]


def test_a_body_without_content_length_is_capped_by_its_size_not_its_text(monkeypatch):
    """A chunked body has no Content-Length and the scan counts only text: 900 KB of small numbers passed the cap."""
    data = {"model": "m", "messages": [{"role": "user", "content": "hello"}], "pad": [0] * 300_000}
    with pytest.raises(g.RequestRefused) as refused:
        g.scan_whole_request(data)
    assert refused.value.status == 413 and "MaxRequestBytes" in refused.value.message
    declared = {**data, "proxy_server_request": {"headers": {"content-length": "1000"}}}
    assert g.scan_whole_request(declared) == []  # the declared length is the body's (uvicorn holds it to it)
    monkeypatch.setattr(g, "_body_bytes", lambda data: 0)
    assert g.scan_whole_request(data) == []


# Found by the fourth red-team round, closed by the tenth detector round ('+' and ':' as group separators after an
# SSN word, a quoted email local part).
@pytest.mark.parametrize("text", ["SSN 536+22+8726", "SSN 536:22:8726", 'mail "john.doe"@example.com'])
def test_detector_gaps_found_by_the_fourth_round(text):
    assert g.scan_whole_request({"messages": [{"role": "user", "content": text}]})
    assert g.mask_answer_text(text) != text


# ------------------------------------------------------------------ redteam4 (attacks through the proxy)
@pytest.mark.parametrize("field", sorted(g.PROXY_OBJECT_FIELDS))
def test_a_proxy_field_name_sent_as_json_by_the_client_is_scanned(field):
    # LiteLLM forwards these, when a client sends them, to the model (Ollama "options"); it fills them itself
    # only with Python objects, which the scan still skips.
    data = {"model": "m", "messages": [{"role": "user", "content": "hi"}], field: {"note": "ssn 536-22-8726"}}
    assert g.scan_whole_request(data) == ["us_ssn"]
    assert g.scan_whole_request({**data, field: object()}) == []


# json.dumps (LiteLLM writing Ollama's tool call arguments, a model in JSON mode) writes a character above U+FFFF,
# the mathematical digits included, as a surrogate pair: "\ud835\udfd3"; the client's JSON parser reads "𝟓".
MATH_SSN = "\U0001d7d3\U0001d7d1\U0001d7d4-\U0001d7d0\U0001d7d0-\U0001d7d6\U0001d7d5\U0001d7d0\U0001d7d4"


def test_a_surrogate_pair_escape_in_an_answer_is_read_as_its_character():
    arguments = json.dumps({"ssn": MATH_SSN})
    assert "\\ud835\\udfd3" in arguments
    assert g.mask_answer_text(arguments) == '{"ssn": "[REDACTED_US_SSN]"}'


@pytest.mark.parametrize("size", [1, 3, 7])
def test_a_surrogate_pair_escape_streamed_in_pieces_is_masked(size):
    text = "Here: " + json.dumps({"ssn": MATH_SSN}) + " done."
    masker = g.StreamMasker()
    out = "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush()
    assert out == 'Here: {"ssn": "[REDACTED_US_SSN]"} done.'


def test_a_surrogate_pair_escape_in_a_request_is_read_as_its_character():
    content = "Decode this JSON: " + json.dumps({"ssn": MATH_SSN})
    assert kinds({"messages": [{"role": "user", "content": content}]}) == ["us_ssn"]


def _tool_schema(properties: dict) -> dict:
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}],
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object",
                                                                                  "properties": properties}}}]}


# A tool schema reaches the model as JSON text (Ollama's template writes the tools out): an array of small numbers
# is the value's digits beside the property that labels them; the scan read each number alone (below 10**6).
@pytest.mark.parametrize("properties, kind", [
    ({"ssn": {"type": "array", "default": [5, 3, 6, 2, 2, 8, 7, 2, 6]}}, "us_ssn"),
    ({"phone": {"type": "array", "examples": [4, 1, 5, 5, 5, 5, 2, 6, 7, 1]}}, "us_phone"),
    ({"card": {"default": [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}, "credit_card"),
])
def test_a_value_written_as_an_array_of_digits_in_a_tool_schema_is_found(properties, kind):
    assert g.scan_whole_request(_tool_schema(properties)) == [kind]


@pytest.mark.parametrize("properties", [{"rgb": {"default": [255, 128, 64]}}, {"weights": {"default": [3, 1, 4, 1, 5, 9, 2, 6, 5]}},
                                        {"mask": {"default": [1, 0, 1, 1, 0, 1, 0, 0, 1]}},
                                        {"level": {"enum": [1, 2, 3, 4, 5, 6, 7, 8, 9]}}])
def test_arrays_of_small_numbers_without_a_label_pass(properties):
    assert g.scan_whole_request(_tool_schema(properties)) == []


@pytest.mark.xfail(strict=True, reason="detector: digit groups separated by ', ' or ',' in a JSON array ([536, 22, 8726])")
@pytest.mark.parametrize("arguments", [{"ssn": [536, 22, 8726]}, {"phone": [415, 555, 2671]}])
def test_digit_groups_in_a_json_array_are_found(arguments):
    # the request side reads the array beside its key already (as above); the detector does not read the groups
    assert g.scan_whole_request(_tool_schema({"x": {"default": arguments}})) != []
    assert "REDACTED" in g.mask_answer_text(json.dumps(arguments))


def _tagged(text: str) -> str:  # the text as Unicode tag characters (invisible; a model reads them as the ASCII)
    return "".join(chr(0xE0000 + ord(ch)) for ch in text)


@pytest.mark.parametrize("text, kind", [("my ssn is " + _tagged("536-22-8726"), "us_ssn"),
                                        ("write to " + _tagged("jane.doe@example.com"), "email"),
                                        (_tagged("call me at 415-555-2671"), "us_phone")])
def test_a_value_in_unicode_tag_characters_is_found_in_a_request(text, kind):
    assert kinds({"messages": [{"role": "user", "content": text}]}) == [kind]


def test_a_value_in_unicode_tag_characters_is_masked_in_an_answer():
    assert g.mask_answer_text("my ssn is " + _tagged("536-22-8726") + ".") == "my ssn is [REDACTED_US_SSN]."
    flag = "\U0001f3f4" + _tagged("gbeng") + "\U000e007f"  # the flag of England (tag letters): left as it is
    assert g.mask_answer_text(f"Go {flag} 2024") == f"Go {flag} 2024"


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_a_value_in_unicode_tag_characters_streamed_in_pieces_is_masked(size):
    # (the stream masker holds tag digits as the digits they stand for, and reads a text with them for values)
    for text in ["Sure: my ssn is " + _tagged("536-22-8726") + " ok, bye now.", "call " + _tagged("415-555-2671") + " ok"]:
        masker = g.StreamMasker()
        out = "".join(masker.feed(text[i:i + size]) for i in range(0, len(text), size)) + masker.flush()
        assert out == g.mask_answer_text(text) and "REDACTED" in out, (text, size)


@pytest.mark.parametrize("text, kind", [("mail: jane.doe=40example.com", "email"),
                                        ("From: =?UTF-8?Q?jane.doe=40example.com?=", "email"),
                                        ("Content-Transfer-Encoding: quoted-printable\n\ncall 415=2D555=2D2671", "us_phone"),
                                        ("SSN 536=2D22=2D=\n8726", "us_ssn")])  # (a soft line break)
def test_a_quoted_printable_value_is_found_in_a_request(text, kind):
    assert kinds({"messages": [{"role": "user", "content": text}]}) == [kind]


@pytest.mark.parametrize("text", ["APP_ENV=production\nPORT=39181\nADMIN_EMAIL=\nRELEASE=6.16.4", "myapp://checkout/2017?utm=222542&ts=1704",
                                  "set x=12 and y=3D"])
def test_assignments_are_not_read_as_quoted_printable(text):
    assert g._quoted_printable(text) is None


def test_tag_characters_written_as_json_escapes_are_read_as_their_ascii():
    # LiteLLM writes Ollama's tool call arguments with json.dumps: a tag character becomes "\udb40\udc35"
    arguments = json.dumps({"note": "ssn " + _tagged("536-22-8726")})
    assert "\\udb40\\udc35" in arguments
    assert g.mask_answer_text(arguments) == '{"note": "ssn [REDACTED_US_SSN]"}'
    assert kinds({"messages": [{"role": "user", "content": "decode: " + arguments}]}) == ["us_ssn"]


@pytest.mark.xfail(strict=True, reason="detector: an email with a space between its letters (with 'at' and 'dot' as "
                                       "words it counts as clean: tests/test_guardrail_redteam.py CLEAN)")
def test_an_email_with_its_letters_spaced_out_is_found():
    assert kinds({"messages": [{"role": "user", "content": "e m a i l: j a n e @ e x a m p l e . c o m"}]}) == ["email"]


JS_ESCAPED_SSN = "ssn \\u{35}\\u{33}\\u{36}-\\u{32}\\u{32}-\\u{38}\\u{37}\\u{32}\\u{36} ok"  # JavaScript's code point escapes


def test_javascript_code_point_escapes_are_decoded_in_requests_and_answers():
    assert kinds({"messages": [{"role": "user", "content": JS_ESCAPED_SSN}]}) == ["us_ssn"]
    assert g.mask_answer_text(JS_ESCAPED_SSN) == "ssn [REDACTED_US_SSN] ok"
    assert g.mask_answer_text("ssn \\u{1D7D3}\\u{1D7D1}\\u{1D7D4}-22-8726") == "ssn [REDACTED_US_SSN]"


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_javascript_code_point_escapes_streamed_in_pieces_are_masked(size):
    # (a "\u{35}" is held as a digit, and an unfinished "\u{3" as the start of one)
    masker = g.StreamMasker()
    out = "".join(masker.feed(JS_ESCAPED_SSN[i:i + size]) for i in range(0, len(JS_ESCAPED_SSN), size)) + masker.flush()
    assert out == "ssn [REDACTED_US_SSN] ok"


# A katakana local part among Latin-script text, the plain and the dodged way (the whole text masks each as an email)
KATAKANA_LOCAL_PARTS = ["Surel: ユーザー <at> example <dot> de\nnext", "Email: ユーザー@example.co.jp ok",
                        "CN=Jane Roe, emailAddress=テスト@example.mx\nNot After", "ok.\nmail: ユーザー.name@example.jp then",
                        "write to 9355 or 민준.최@example.kr. bye", "Email: 서연@example.co.kr ok"]
# Japanese prose with katakana words (after kana, kanji, Japanese punctuation, at the start): not held
KATAKANA_PROSE = ("コンピューターの画面に「エラー」と表示されたので、ブラウザを再起動した。 ソフトウェア の 更新 も 確認 した。"
                  "\n오늘 회의는 세 시에 시작합니다. 자료를 미리 읽어 주세요. 감사합니다.")  # and Korean prose


def _each_email_streams_as_its_whole_text_masks(texts: list) -> None:
    for text in texts:
        whole = g.mask_answer_text(text)
        assert "[REDACTED_EMAIL]" in whole and all(_streamed(g, text, n) == whole for n in (1, 2, 3)), text


def _pieces_late(module, text: str, size: int) -> int:
    """The most pieces of ``size`` characters any piece of ``text`` waits in the masker."""
    masker, released, late = module.StreamMasker(), 0, 0
    for i in range(0, len(text), size):
        released += len(masker.feed(text[i:i + size]))
        late = max(late, (i + size - released + size - 1) // size - 1)
    return late


def test_a_katakana_or_hangul_local_part_is_held_among_latin_text_and_japanese_or_korean_prose_is_not():
    _each_email_streams_as_its_whole_text_masks(KATAKANA_LOCAL_PARTS)
    assert all(_pieces_late(g, KATAKANA_PROSE, n) <= 1 for n in (2, 3))
    unheld = _guardrail_with("kana = _OPEN_KATAKANA_RE.search(text, max(base, end - MAX_EMAIL_CHARS), end)", "kana = None")
    assert all(any(_streamed(unheld, t, n) != unheld.mask_answer_text(t) for n in (1, 2, 3)) for t in KATAKANA_LOCAL_PARTS)
    everywhere = _guardrail_with("if kana and not _LATIN_BEFORE_RE.search(", "if False and not _LATIN_BEFORE_RE.search(")
    assert any(_pieces_late(everywhere, KATAKANA_PROSE, n) > 1 for n in (2, 3)), "katakana in prose held"


# A Han or Thai local part among Latin-script text: after an '=' or an email label (any length), or a name's length
# after other text (heldout11 wrote them so)
HAN_LOCAL_PARTS = ["fallback_email=志强.王@example.cn\npreferred=12:27 local", "Receipt sent to 志强.王@example.mobi",
                   "card 4280 **** **** 5258, สมชาย.แก้วมณี+x2@example.edu\nok", "RSVP inbox 蓮佐藤@example.jp ok",
                   "Bookings: สมชาย.วงศ์ใหญ่@example.co.th ok", "Thanks. 丽刘@example.cn ok", "user=美咲.渡辺@example.jp ok"]
# Chinese and Thai prose with Latin words in it (a Han run right after a Latin word, after a space, after ': ')
HAN_PROSE = ["我们可以用 Python 写一个函数来计算平均值，然后用 pandas 读取 CSV 文件。",
             "用Python写一个函数，把JSON数据转换成表格。", "如果 API 返回 404 错误，请检查 URL 是否正确，以及 token 是否过期。",
             "Step 1: 安装依赖。Step 2: 运行测试。", '<h1 title="用户列表页面的标题">', "ใช้ Python เขียนฟังก์ชันเพื่อคำนวณค่าเฉลี่ย แล้วใช้ pandas อ่านไฟล์ CSV"]


def test_a_han_or_thai_local_part_after_latin_text_is_held_and_chinese_or_thai_prose_is_not():
    _each_email_streams_as_its_whole_text_masks(HAN_LOCAL_PARTS)
    unheld = _guardrail_with("kana = _OPEN_HAN_RE.search(text,", "kana = None and _OPEN_HAN_RE.search(text,")
    # (the prose waits no longer than without the hold: its Latin words wait for their ends anyway)
    assert all(_pieces_late(g, t, n) <= _pieces_late(unheld, t, n) for t in HAN_PROSE for n in (1, 2, 3))
    assert all(any(_streamed(unheld, t, n) != unheld.mask_answer_text(t) for n in (1, 2, 3)) for t in HAN_LOCAL_PARTS)
    for old, new, text in [("if _LOCAL_LABEL_BEFORE_RE.search(left):", "if False:", HAN_LOCAL_PARTS[3]),  # no label
                           ("THAI_NAME_CHARS = 6", "THAI_NAME_CHARS = 4", HAN_LOCAL_PARTS[2]),  # Thai names too short
                           ("if left[-1:].isalnum():", "if False:", None)]:  # glued to a Latin word: held
        faulty = _guardrail_with(old, new)
        if text:
            assert any(_streamed(faulty, text, n) != faulty.mask_answer_text(text) for n in (1, 2, 3)), old
        else:
            assert any(_pieces_late(faulty, t, n) > _pieces_late(unheld, t, n) for t in HAN_PROSE for n in (1, 2, 3)), old
    for old, new in [("if kana and not _han_local_part(", "if False and not _han_local_part("),  # every run held
                     ("% (HAN_NAME_CHARS, THAI_NAME_CHARS)", "% (64, 64)")]:  # of any length
        everywhere = _guardrail_with(old, new)
        assert any(_pieces_late(everywhere, t, n) > _pieces_late(unheld, t, n) for t in HAN_PROSE for n in (1, 2, 3)), old


# The detector decides "x [at] y [dot] org:" by what follows the ':' (an scp remote "host:path" is no email; nothing, an email); so
# does EDIFACT's "COM+...:EM'"; and a local part with an escape in it is read decoded (heldout11)
DODGED_BEFORE_A_COLON = ["courriel=hadicha33 [at] example [dot] org: timeout", "git [at] example [dot] org:repo.git ok",
                         "COM+jane [at] example [dot] org:EM'\nok", "courriel=HADICHA&#x33;3 [at] EXAMPLE [dot] ORG: timeout"]


def test_a_dodged_email_followed_by_a_colon_is_masked_when_streamed():
    assert g.mask_answer_text(DODGED_BEFORE_A_COLON[0]) == "courriel=[REDACTED_EMAIL]: timeout"
    assert g.mask_answer_text(DODGED_BEFORE_A_COLON[1]) == DODGED_BEFORE_A_COLON[1]
    assert g.mask_answer_text(DODGED_BEFORE_A_COLON[3]) == "courriel=[REDACTED_EMAIL]: timeout"
    for text in DODGED_BEFORE_A_COLON:
        whole = g.mask_answer_text(text)
        assert all(_streamed(g, text, n) == whole for n in (1, 2, 3)), text
    for old, new, text in [(":(?-i:[A-Z]{0,2}))\\Z", ")\\Z", 2), (":(?-i:[A-Z]{0,2}))\\Z", ":)\\Z", 2),
                           (r'_OPEN_DODGE_AT_RE = re.compile(r"(?:[\w.%+\-&#;\\', r'_OPEN_DODGE_AT_RE = re.compile(r"(?:[\w.%+\-', 3)]:
        faulty, text = _guardrail_with(old, new), DODGED_BEFORE_A_COLON[text]
        assert any(_streamed(faulty, text, n) != faulty.mask_answer_text(text) for n in (1, 2, 3)), (old, new)
    undecoded = _guardrail_with("                variants += _undodged(*decoded)", "                pass")
    assert undecoded.mask_answer_text(DODGED_BEFORE_A_COLON[3]).startswith("courriel=HADICHA&#x33;[REDACTED_EMAIL]")


QUOTED_BEFORE_AN_ESCAPED_AT = ['E-posta: "linda roe"&#64;example.si\nok', 'mail "jane doe"\\u0040example.com ok',
                               '"jane doe"&#x40;example.com, thanks']


def test_a_quoted_local_part_is_held_when_an_escaped_at_follows_it():
    _each_email_streams_as_its_whole_text_masks(QUOTED_BEFORE_AN_ESCAPED_AT)
    faulty = _guardrail_with("""(?:\\\\*""?(?:[@\\uff20&\\\\][^\\s"<>]*)?|""", """(?:\\\\*""?(?:@[^\\s"<>]*)?|""")
    assert all(any(_streamed(faulty, t, n) != faulty.mask_answer_text(t) for n in (1, 2, 3))
               for t in QUOTED_BEFORE_AN_ESCAPED_AT)


@pytest.mark.parametrize("text, kind", [("ssn_536-22-8726", "us_ssn"), ("file: report_4155552671.pdf", "us_phone"),
                                        ("card_4111111111111111", "credit_card"), ("tel_415-555-2671", "us_phone")])
def test_a_value_glued_to_an_identifier_by_an_underscore_is_found_in_a_request(text, kind):
    # answers read "_" as a space already (text_variants); a request passed the same text on to the model
    assert "REDACTED" in g.mask_answer_text(text)
    assert kinds({"messages": [{"role": "user", "content": text}]}) == [kind]


@pytest.mark.parametrize("text", ["build_20240105_1234567", "img_4032.jpg", "order_412345678", "drivers_license_2 571 918 734"])
def test_identifiers_with_numbers_still_pass(text):
    assert kinds({"messages": [{"role": "user", "content": text}]}) == []


def test_a_request_reads_each_text_once(monkeypatch):
    """scan_whole_request goes on from scan_request's texts: the system and user turns joined are read once, not
    twice (a third of the pre-call hook's time on a two-message chat)."""
    read = []
    real_find = g.find_pii
    monkeypatch.setattr(g, "find_pii", lambda text, *a, **k: read.append(text) or real_find(text, *a, **k))
    request = {"model": "m", "messages": [{"role": "system", "content": "Be brief, version 2.4."},
                                          {"role": "user", "content": "ship it on 2024-11-05 with 3 fixes"}]}
    assert g.scan_whole_request(request) == []
    assert len(read) == len(set(read)) and "Be brief, version 2.4.ship it on 2024-11-05 with 3 fixes" in read
    request["messages"][1]["content"] += " and call 415-555-2671"
    assert g.scan_whole_request(request) == ["us_phone"]


DEVANAGARI_LOCAL_PARTS = ["Correspondence सुनीता.वर्मा@indusinfra.com.br ok", "Payroll query विक्रम.गुप्ता@gangaexports.biz\nnext",
                          "ईमेल: अ.शर्मा@example.in धन्यवाद"]
HINDI_PROSE = "नमस्ते, मेरा नाम सुनीता है और मैं दिल्ली में रहती हूँ। कल बैठक तीन बजे शुरू होगी, कृपया समय पर आइए।"


def test_a_devanagari_local_part_is_held_as_a_word_and_hindi_prose_goes_out_as_latin_prose_does():
    # the detector reads Indic vowel signs (marks, not \w) into a local part; the stream's open word must too
    _each_email_streams_as_its_whole_text_masks(DEVANAGARI_LOCAL_PARTS)
    # (as the same text in Latin letters: a word waits for the character after its space, which may open "(at)")
    latin = re.sub("[\u0900-\u097f]", "a", HINDI_PROSE)
    assert all(_pieces_late(g, HINDI_PROSE, n) <= _pieces_late(g, latin, n) for n in (1, 2, 3))
    assert _pieces_late(g, HINDI_PROSE, 3) <= 2
    unheld = _guardrail_with("\\x24\" + _INDIC + _READ_THROUGH", "\\x24\" + _READ_THROUGH")
    assert any(_streamed(unheld, t, n) != unheld.mask_answer_text(t) for t in DEVANAGARI_LOCAL_PARTS for n in (1, 2, 3))


@pytest.mark.parametrize("text, masked", [("write to jane@example.org:", "write to [REDACTED_EMAIL]:"),
                                          ("write to jane@example.org: thanks", "write to [REDACTED_EMAIL]: thanks"),
                                          ("git clone git@github.com:org/repo.git", "git clone git@github.com:org/repo.git")])
def test_an_email_before_a_colon_at_the_end_is_masked_and_an_scp_remote_is_not(text, masked):
    assert g.mask_answer_text(text) == masked
    assert all(_streamed(g, text, n) == masked for n in (1, 2, 3))


# A dodged email whose local part is quoted ('"jane doe" (at) ...': the detector reads it as "jane doe"@...) or written in
# an Indic script, whose vowel signs are marks, not \w ("अशर्मा <at> mail <dot> com"), is held whole while it is
# being written (heldout12 wrote both; the stream released the local part before the "(at)" arrived)
DODGED_QUOTED_OR_INDIC = ["decoded: field[&#x30;]='\"haoran.huang work\" {at} example dot com'\nok",
                          'mail "jane doe" (at) example (dot) com ok', '{"to": "\\"jane doe\\" [at] example [dot] com"}',
                          "Correspondence अशर्मा <at> mail <dot> indusinfra <dot> com ok", "x सुनीता (at) mail (dot) com ok"]
QUOTED_PROSE = 'She said "see you soon" and left, then wrote "back at nine" (at least she meant to) on the "board".'


def test_a_dodged_email_with_a_quoted_or_indic_local_part_is_held_whole_and_quoted_prose_is_not_held_long():
    _each_email_streams_as_its_whole_text_masks(DODGED_QUOTED_OR_INDIC)
    unquoted = _guardrail_with_edits(('|" + _DODGE_QUOTED + r")[ \\t]*(?:[\\[({<]', ')[ \\t]*(?:[\\[({<]'),
                                     ("local = quoted.start() if quoted else _open_word(", "local = _open_word("))
    not_indic = _guardrail_with('[\\w.%+\\-&#;\\\\" + _INDIC + r"]+|', '[\\w.%+\\-&#;\\\\]+|')
    for faulty, texts in [(unquoted, DODGED_QUOTED_OR_INDIC[:3]), (not_indic, DODGED_QUOTED_OR_INDIC[3:])]:
        assert all(any(_streamed(faulty, t, n) != faulty.mask_answer_text(t) for n in (1, 2, 3)) for t in texts)
    # (a quoted phrase waits no longer than before: _open_email_tail holds it while it may be a local part anyway)
    assert all(_pieces_late(g, QUOTED_PROSE, n) <= _pieces_late(unquoted, QUOTED_PROSE, n) for n in (1, 2, 3))


# A quoted local part escaped twice (JSON inside a JSON string: \\\"jane doe\\\"@x.dev), which the detector reads as
# an email: its quotes come after three backslashes, and the stream held only one (the local part went out).
DOUBLY_ESCAPED_QUOTED = ['{"raw": "{\\"email\\": \\"\\\\\\"tamar.f jr\\\\\\"@example.dev\\", \\"taxId\\": 1}"}',
                         'mail \\\\\\"tamar.f jr\\\\\\"@example.dev ok']


def test_a_quoted_local_part_escaped_twice_is_held_until_its_domain():
    assert all("tamar" not in g.mask_answer_text(t) for t in DOUBLY_ESCAPED_QUOTED)
    _each_email_streams_as_its_whole_text_masks(DOUBLY_ESCAPED_QUOTED)
    one_backslash = _guardrail_with(r"""_OPEN_QUOTED_RE = re.compile(r'\\*""?[^"\\\n]{0,62}(?:\\*""?(?:""",
                                    r"""_OPEN_QUOTED_RE = re.compile(r'\\?""?[^"\\\n]{0,62}(?:\\?""?(?:""")
    assert all(any(_streamed(one_backslash, t, n) != one_backslash.mask_answer_text(t) for n in (1, 2, 3))
               for t in DOUBLY_ESCAPED_QUOTED)


# A quoted local part in a CSV cell, its quotes doubled ("""jane doe""@example.org"), which the detector reads as an
# email since detect15: the stream held a single quote only, so the local part went out before its @.
CSV_DOUBLED_QUOTES = ['name,email\nMaria,"""mramirez""@office.me"\nok', 'csv: """jane doe""@example.org",next']


def test_a_quoted_local_part_in_doubled_csv_quotes_is_held_until_its_domain():
    assert all("jane" not in g.mask_answer_text(t) and "mramirez" not in g.mask_answer_text(t) for t in CSV_DOUBLED_QUOTES)
    _each_email_streams_as_its_whole_text_masks(CSV_DOUBLED_QUOTES)
    single = _guardrail_with(r"""_OPEN_QUOTED_RE = re.compile(r'\\*""?[^"\\\n]{0,62}(?:\\*""?(?:""",
                             r"""_OPEN_QUOTED_RE = re.compile(r'\\*"[^"\\\n]{0,62}(?:\\*"(?:""")
    assert all(any(_streamed(single, t, n) != single.mask_answer_text(t) for n in (1, 2, 3)) for t in CSV_DOUBLED_QUOTES)


# A dodged email whose quoted local part opens with doubled quotes (a Go or CSV value: ""meera pillai" [at] ...):
# the detector's quoted local part takes "" and up to three escaping backslashes, so the dodge hold takes them too
# (it took one quote, and the stream kept the first '"' that the whole text masks).
DODGED_DOUBLED_QUOTES = ['Save({Name: "Rohan", Mail: ""meera pillai" [at] example [dot] in", Card: 1})',
                         'csv: ""jane doe"" {at} example.org ok']


def test_a_dodged_email_with_doubled_quotes_streams_as_the_whole_text_masks_it():
    _each_email_streams_as_its_whole_text_masks(DODGED_DOUBLED_QUOTES)
    single = _guardrail_with("_DODGE_QUOTED = _QUOTED_LOCAL", r"""_DODGE_QUOTED = r'\\?"[^"\\\n]{1,62}\\?"'""")
    assert all(any(_streamed(single, t, n) != single.mask_answer_text(t) for n in (1, 2, 3)) for t in DODGED_DOUBLED_QUOTES)
