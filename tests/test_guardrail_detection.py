"""The PII guardrail's detection, masking and config rendering, without LiteLLM.

The guardrail module is loaded from its file the way LiteLLM loads it (spec_from_file_location),
so these tests run in the main venv; tests/test_guardrail_e2e.py runs it inside the real proxy.
"""
import asyncio
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
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
    "1Z999AA10123456784", "9400 1118 9922 3197 4284 90", "(123) 456-7890", "911-555-0123 is not a phone",
    "(296) 555-0134", "git@github.com:acme/repo.git", "icon@2x.png", "user@localhost", "@maria",
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
    assert g.pii_kinds("212-555-0147") and not g.pii_kinds("212-111-0147")   # N11 exchange
    assert not g.pii_kinds("(211) 555-0147") and not g.pii_kinds("(290) 555-0147")  # N11 and N9X area


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


# ------------------------------------------------------------------ masking
def test_masking_replaces_every_value_and_keeps_the_rest():
    text = "Mail jane@example.com, call +1 (415) 555-0132, SSN 123-45-6789, card 4111 1111 1111 1111. Thanks!"
    masked = g.mask_pii(text)
    assert masked == ("Mail [REDACTED_EMAIL], call [REDACTED_US_PHONE], SSN [REDACTED_US_SSN], "
                      "card [REDACTED_CREDIT_CARD]. Thanks!")
    assert g.mask_pii(masked) == masked and g.pii_kinds(masked) == []
    assert g.mask_pii("nothing to hide, order #4155550132") == "nothing to hide, order #4155550132"


def test_stream_masker_masks_values_split_at_any_point():
    text = ("Sure! Write to jane.doe+work@mail.example.com or call (415) 555-0132; the card on file is "
            "4111-1111-1111-1111 and the SSN 123 45 6789. Order #412345678 is unrelated.")
    expected = g.mask_pii(text)
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
