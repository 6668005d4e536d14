"""Benchmarks of the PII guardrail through the real proxy (figures, not tests).

    .venv/bin/python scripts/bench_guardrail.py stream  [--rates 5 50]   # streamed tokens behind the model
    .venv/bin/python scripts/bench_guardrail.py latency [--requests 300] # added latency per request
    .venv/bin/python scripts/bench_guardrail.py cost                     # detection cost, adversarial bodies
    .venv/bin/python scripts/bench_guardrail.py masker [--repeats 50]    # stream masker CPU per token

stream: a fake Ollama streams an answer word by word at the given rate; the client reads the proxy's
SSE stream and notes when each model token arrives.  "Tokens behind" for a token = tokens the model
had already sent when it reached the client, minus its own position; ms = its arrival minus its send.
latency: proxies started the same way, one with the guardrails, a twin of it and one without, answer
the same clean requests alternately; the added latency is the difference of their medians (the twin's
shows the benchmark's own noise), over rounds that start the proxies in another order.
cost: scan_request on request bodies built to be expensive, at the default cap (1 MiB).
Needs .venv-litellm (stream, latency); starts everything on 127.0.0.1 and stops it.
"""
import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from templates import litellm_config  # noqa: E402
from tests.fake_ollama import FakeOllama  # noqa: E402
from tests.guardrail_proxy import ALIAS, MASTER_KEY, start_proxy, stop  # noqa: E402

PROSE = ("The gateway streams every answer through the guardrail, which holds back only what could still turn "
         "into personal data and releases everything else as soon as it arrives. Version 2 of the service "
         "answered 1,204 requests on 2024-03-15 with a median of 850 ms; order 412345678 shipped today.")
# The same kind of answer without a digit: nothing in it could become a value, so nothing is held.
PLAIN_PROSE = ("The gateway streams every answer through the guardrail, which holds back only what could still turn "
               "into personal data and releases everything else as soon as it arrives. The service answered every "
               "request this week with a short median delay, and the new release shipped today without trouble.")
# Numbers of every everyday kind (years, counts, prices, percentages, times, dates, versions): none is a value.
NUMBER_PROSE = ("In 2023 the team grew from 12 to 48 people and revenue rose 35% to 4,250,000 dollars. Release 3.2.1 "
                "shipped on 2024-06-30 at 14:30 UTC; about 1500 users upgraded within 2 hours, 2048 more by Friday, "
                "and version 1.106.12 followed in March 2025 at 19.99 a month for 250 seats.")
# A phone number in prose: masked, and held back until the detector's right-hand window after it has arrived.
PHONE_PROSE = ("If anything goes wrong, call the support desk at 415-555-0132 and ask for the engineer on duty, who "
               "will walk you through the restart and confirm the fix by email the same day.")
# Quoted phrases in prose: a quote could open an email's quoted local part ("jane doe"@example.org), so the masker
# holds a quoted phrase while it is short enough to be one.
QUOTED_PROSE = ('The reviewer wrote "looks good to me" under the change, and the author answered "thanks, merging now" '
                'before lunch; the release notes call it "a small fix" and the team moved on to the next ticket.')
# Reasoning, then the answer (Ollama streams a reasoning model's thinking first): the guardrail reads them as
# one text, so what the reasoning still holds when it ends is judged with the answer's start.
THINKING = {"thinking": NUMBER_PROSE + " So, to sum up", "content": " the support desk is at 415-555-0132. " + PLAIN_PROSE}
TEXTS = {"PLAIN": ("prose without digits", PLAIN_PROSE), "BENCH": ("prose with numbers", PROSE),
         "NUMBERS": ("prose with everyday numbers", NUMBER_PROSE), "PHONE": ("prose with a phone number", PHONE_PROSE),
         "QUOTED": ("prose with quoted phrases", QUOTED_PROSE), "THINK": ("reasoning, then the answer", THINKING)}


def _text(answer) -> str:
    """What the client reads, in order: the reasoning (reasoning_content), then the content."""
    return answer["thinking"] + answer["content"] if isinstance(answer, dict) else answer


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _stream_once(proxy, marker: str):
    host, port = proxy.base.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    body = json.dumps({"model": ALIAS, "stream": True, "messages": [{"role": "user", "content": marker}]})
    conn.request("POST", "/v1/chat/completions", body=body,
                 headers={"Authorization": f"Bearer {MASTER_KEY}", "Content-Type": "application/json"})
    response = conn.getresponse()
    arrivals, received = [], 0
    while True:
        line = response.readline()
        if not line:
            break
        line = line.decode().strip()
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        for choice in json.loads(line[6:]).get("choices", []):
            delta = choice.get("delta") or {}
            text = (delta.get("reasoning_content") or "") + (delta.get("content") or "")
            if text:
                received += len(text)
                arrivals.append((time.monotonic(), received))
    conn.close()
    return arrivals


def stream(rates) -> None:
    for rate in rates:
        fake = FakeOllama(answers={marker: text for marker, (_, text) in TEXTS.items()}, tokens_per_second=rate).start()
        with tempfile.TemporaryDirectory() as work:
            proxy = start_proxy(Path(work), fake.url)
            try:
                for marker, (name, _) in TEXTS.items():
                    _stream_figures(proxy, fake, rate, marker, name)
            finally:
                stop(proxy.process)
                fake.stop()


def _guardrail():
    import importlib.util
    spec = importlib.util.spec_from_file_location("pii_guardrail", ROOT / "config" / "pii_guardrail.py")
    g = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(g)
    return g


def _masked_position(findings, g, position: int) -> int:
    """Where ``position`` of the model's text lands in the masked text the client reads (a token ending inside
    a masked value arrives with the whole redaction)."""
    shift = 0
    for f in findings:
        if position <= f.start:
            break
        if position <= f.end:
            return f.start + shift + len(g.redaction(f.kind))
        shift += len(g.redaction(f.kind)) - (f.end - f.start)
    return position + shift


def _stream_figures(proxy, fake, rate, marker: str, name: str) -> None:
    behind, lateness, g = [], [], _guardrail()
    findings = g.answer_findings(_text(TEXTS[marker][1]))
    for _ in range(3):
        arrivals = _stream_once(proxy, marker)
        sent = [(t, piece) for t, piece in fake.sent if piece]
        ends, position = [], 0
        for t, piece in sent:
            position += len(piece)
            ends.append((t, _masked_position(findings, g, position)))
        for index, (sent_at, end) in enumerate(ends):
            arrived = next(t for t, got in arrivals if got >= end)
            behind.append(sum(1 for t, _ in ends if t <= arrived) - (index + 1))
            lateness.append((arrived - sent_at) * 1000)
    print(f"{rate:>3} tokens/s, {name} ({len(findings)} masked), {len(behind)} tokens: tokens behind p50 {_pct(behind, .5)} "
          f"p95 {_pct(behind, .95)} max {max(behind)}; ms behind p50 {_pct(lateness, .5):.0f} "
          f"p95 {_pct(lateness, .95):.0f}")


def latency(requests: int, other: str | None = None, rounds: int = 3) -> None:
    """Median time of the same clean request through proxies with and without the guardrail (and, with
    ``other``, with another version of pii_guardrail.py), interleaved so machine noise hits all alike.
    A twin of the guardrail proxy (same files) shows what the benchmark itself adds: a proxy's start
    position alone has shown a 1 ms difference, so each round starts the proxies in another order and
    the figure is the median over rounds."""
    fake = FakeOllama().start()
    config = yaml.safe_load(litellm_config.render_config([litellm_config.local_model_entry(ALIAS, "llama3.2:3b",
                                                                                          fake.url)]))
    config.pop("guardrails")
    variants = {"guardrail": {}, "guardrail twin": {}, "no guardrail": {
        litellm_config.env_name(litellm_config.CONFIG_FILE): yaml.safe_dump(config)}}
    if other:
        name = litellm_config.GUARDRAIL_FILE
        variants[Path(other).name] = {litellm_config.env_name(name): litellm_config.env_value(
            name, Path(other).read_text(encoding="utf-8"))}
    text = ("Summarise the attached meeting notes: we agreed to ship version 2.4 on 2024-11-05, "
            "move the weekly sync to Thursdays and review the 3 open incidents. ") * 4
    added = {name: [] for name in variants}
    try:
        for round_number in range(rounds):
            order = list(variants)
            order = order[round_number % len(order):] + order[:round_number % len(order)]  # each starts first once
            times = _latency_round(fake.url, {name: variants[name] for name in order}, text, requests)
            base = statistics.median(times["no guardrail"])
            print(f"round {round_number + 1} (started {', '.join(order)}):")
            for name in variants:
                values = times[name]
                added[name].append(statistics.median(values) - base)
                print(f"  {name:>14}: p50 {statistics.median(values):.2f} ms p95 {_pct(values, .95):.2f} ms "
                      f"(added p50 {added[name][-1]:+.2f} ms), {len(values)} requests of {len(text)} characters")
    finally:
        fake.stop()
    print("added p50, median over rounds: " + ", ".join(
        f"{name} {statistics.median(values):+.2f} ms" for name, values in added.items() if name != "no guardrail"))


def _latency_round(fake_url: str, variants: dict, text: str, requests: int) -> dict:
    """Start one proxy per variant (in the dict's order), send the same request to each in turn."""
    proxies, work = {}, tempfile.TemporaryDirectory()
    try:
        for name, env in variants.items():
            proxies[name] = start_proxy(Path(tempfile.mkdtemp(dir=work.name)), fake_url, env)
        times = {name: [] for name in proxies}
        order = list(proxies)
        for i in range(requests + 20):
            for name in order[i % len(order):] + order[:i % len(order)]:
                start = time.perf_counter()
                status, _ = proxies[name].chat(text)
                elapsed = (time.perf_counter() - start) * 1000
                assert status == 200, status
                if i >= 20:  # warm-up
                    times[name].append(elapsed)
        return times
    finally:
        for proxy in proxies.values():
            stop(proxy.process)
        work.cleanup()


def cost() -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("pii_guardrail", ROOT / "config" / "pii_guardrail.py")
    g = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(g)
    limit = g.MAX_REQUEST_BYTES - 1024  # just under the cap: the most a request can cost
    shapes = {
        "prose": {"messages": [{"role": "user", "content": (PROSE + " ") * (limit // (len(PROSE) + 1))}]},
        "digits": {"input": "1" * limit},
        "digits and separators": {"input": "12-" * (limit // 3)},
        "digit groups": {"input": "4111 " * (limit // 5)},
        "at signs": {"input": "a@b." * (limit // 4)},
        "base64 tokens": {"input": ("QUJDREVGR0hJSktMTU5PUA== ") * (limit // 25)},
        "percent and entities": {"input": "%41&#65;" * (limit // 8)},
        "many small parts": {"messages": [{"role": "user", "content": [{"type": "text", "text": "12 "}]
                                           * (limit // 40)}]},
        "many messages": {"messages": [{"role": "user", "content": "415-"}] * (limit // 40)},
        "just over the cap": {"input": "x" * (g.MAX_REQUEST_BYTES + 1)},
    }
    for name, body in shapes.items():
        start = time.perf_counter()
        try:
            result = g.scan_request(body)
        except g.RequestRefused as refused:
            result = f"refused {refused.status}"
        size = len(json.dumps(body))
        print(f"{name:>22}: {size / 1e6:5.2f} MB body, scan {time.perf_counter() - start:6.2f} s -> {result}")
    request = {"model": ALIAS, "messages": [{"role": "system", "content": "You are a helpful assistant."},
                                            {"role": "user", "content": PROSE}], "stream": False}
    answer = {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": PROSE}}],
              "usage": {"prompt_tokens": 60, "completion_tokens": 60}}
    for name, call in (("pre-call scan of a chat request", lambda: g.scan_request(request)),
                       ("post-call mask of its answer", lambda: g.mask_response(json.loads(json.dumps(answer))))):
        runs = []
        for _ in range(2000):
            start = time.perf_counter()
            call()
            runs.append((time.perf_counter() - start) * 1e6)
        print(f"{name} ({len(PROSE)} characters): p50 {_pct(runs, .5):.0f} us, p95 {_pct(runs, .95):.0f} us")
    corpus = [json.loads(line)["text"] for line in (ROOT / "tests" / "data" / "pii_corpus.jsonl").read_text().splitlines()]
    start = time.perf_counter()
    for _ in range(5):
        for text in corpus:
            try:
                g.scan_request({"model": ALIAS, "messages": [{"role": "user", "content": text}]})
            except g.RequestRefused:
                pass
    print(f"per message (pii_corpus.jsonl, {len(corpus)} messages): "
          f"{(time.perf_counter() - start) / (5 * len(corpus)) * 1e6:.0f} us")


def masker(repeats: int) -> None:
    """CPU of the stream masker alone, per streamed token (word-sized pieces, as the model streams): each
    benchmark text, a long answer (the texts joined into paragraphs: released text as context), 300 joins of
    2-4 development-set messages (each its own stream, streamed once) and a CSV table under a phone header."""
    import random
    import re
    g = _guardrail()
    cases = {name: [_text(text)] for name, text in TEXTS.values()}  # (the reasoning text: one text, as the client reads it)
    cases["a long answer (all of them, twice)"] = ["\n\n".join(_text(text) for _, text in TEXTS.values()) * 2]
    rng = random.Random(2)
    messages = [json.loads(line)["text"] for line in (ROOT / "tests" / "data" / "eval" / "dev.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    cases["300 joins of dev.jsonl messages"] = ["\n".join(rng.sample(messages, rng.randint(2, 4))) for _ in range(300)]
    rows = ["id,amount,date,phone"] + [f"{1000 + i},{rng.randint(1000, 99999)},2024-{rng.randint(1, 12):02d}-"
                                       f"{rng.randint(1, 28):02d},415-555-{rng.randint(0, 9999):04d}" for i in range(300)]
    cases["a CSV table of 300 rows (cells as tokens)"] = ["\n".join(rows)]
    for name, texts in cases.items():
        runs, tokens = [], 0
        for _ in range(repeats if len(texts) == 1 else 1):
            cpu, tokens = 0.0, 0
            for text in texts:
                pieces = re.findall(r"[^,\n]+[,\n]?" if name.startswith("a CSV") else r"\s*\S+|\s+", text)
                stream = g.StreamMasker()
                start = time.process_time()  # CPU time: other processes on the machine do not count
                out = "".join(stream.feed(piece) for piece in pieces) + stream.flush()
                cpu += time.process_time() - start
                tokens += len(pieces)
                assert len(texts) > 1 or out == g.mask_answer_text(text), name
            runs.append(cpu * 1e6 / tokens)
        print(f"{name:>36}: {tokens} tokens, masker CPU per token p50 {_pct(runs, .5):.0f} us "
              f"(min {min(runs):.0f} us) over {len(runs)} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("stream")
    s.add_argument("--rates", type=float, nargs="+", default=[5, 50])
    lat = sub.add_parser("latency")
    lat.add_argument("--requests", type=int, default=300)
    lat.add_argument("--other", help="another pii_guardrail.py to measure beside this one (e.g. an older version)")
    lat.add_argument("--rounds", type=int, default=3, help="fresh proxies per round; round k starts the k-th first")
    sub.add_parser("cost")
    m = sub.add_parser("masker")
    m.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    if args.what == "stream":
        stream(args.rates)
    elif args.what == "latency":
        latency(args.requests, args.other, args.rounds)
    elif args.what == "masker":
        masker(args.repeats)
    else:
        cost()


if __name__ == "__main__":
    main()
