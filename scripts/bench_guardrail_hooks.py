"""What the guardrail's hooks cost inside the proxy, per request (figures, not a test).

    .venv-litellm/bin/python scripts/bench_guardrail_hooks.py [--requests 2000]

Loads config/pii_guardrail.py as the proxy does (next to LiteLLM 1.106.12) and times the two calls every
clean, non-streamed chat request makes: the pre-call hook (``PiiGuardrail.check_request``, the whole
request scan) and the post-call hook (``mask_response`` on a LiteLLM ModelResponse).  The request is the
one ``bench_guardrail.py latency`` sends (600 characters of prose with a version, a date and a count, a
system prompt before it); the answer is 600 characters of the same kind.  Their sum is what the guardrail
adds to a request's time in the proxy, without the machine noise an end-to-end comparison carries.
"""
import argparse
import importlib.util
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # as the container sets it: no download at import
import litellm  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROSE = ("Summarise the attached meeting notes: we agreed to ship version 2.4 on 2024-11-05, "
         "move the weekly sync to Thursdays and review the 3 open incidents. ") * 4


def _timed(call, repeats: int) -> list:
    values = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        values.append((time.perf_counter() - start) * 1e6)
    return sorted(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("pii_guardrail", ROOT / "config" / "pii_guardrail.py")
    guardrail = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guardrail)
    hook = guardrail.PiiGuardrail(guardrail_name="pii", event_hook="pre_call", default_on=True)
    request = {"model": "llama3.2", "messages": [{"role": "system", "content": "You are a helpful assistant."},
                                                 {"role": "user", "content": PROSE}]}

    def answer():
        return litellm.ModelResponse(model="llama3.2", choices=[
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": PROSE}}])

    responses = [answer() for _ in range(args.requests + 100)]
    pre = _timed(lambda: hook.check_request(request), args.requests + 100)[:args.requests]
    post_values = []
    for response in responses:
        start = time.perf_counter()
        guardrail.mask_response(response)
        post_values.append((time.perf_counter() - start) * 1e6)
    post = sorted(post_values[100:])
    for name, values in (("pre-call (request scan)", pre), ("post-call (answer mask)", post)):
        print(f"{name}: p50 {statistics.median(values):.0f} us, p95 {values[int(.95 * len(values))]:.0f} us")
    print(f"both, per request: p50 {statistics.median(pre) + statistics.median(post):.0f} us "
          f"({args.requests} requests of {len(PROSE)} characters, answers of {len(PROSE)})")


if __name__ == "__main__":
    main()
