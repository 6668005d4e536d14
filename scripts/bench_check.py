"""How long `deploy-stack check` takes per environment (offline): prints the figures, asserts nothing.

    .venv/bin/python scripts/bench_check.py [--runs N] [--dist DIR]

For each params/*.json: one cold run (reading and parsing dist/*.yaml included) and the median and fastest
of N runs of the model alone on the parsed templates (evaluation, IAM, network, life cycle, rules).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.check import check_dist, check_templates  # noqa: E402
from deploy.evaluator import load_templates  # noqa: E402


def values(env: str) -> dict[str, str]:
    return {e["ParameterKey"]: e["ParameterValue"] for e in json.loads((ROOT / "params" / f"{env}.json").read_text())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    print(f"{'environment':<12} {'cold (s)':>9} {'median (s)':>11} {'fastest (s)':>12} {'findings':>9}")
    for env in sorted(p.stem for p in (ROOT / "params").glob("*.json")):
        started = time.perf_counter()
        findings = check_dist(args.dist, values(env), f"llm-gateway-{env}")
        cold = time.perf_counter() - started
        templates = load_templates(args.dist)
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            check_templates(templates, values(env), f"llm-gateway-{env}")
            samples.append(time.perf_counter() - started)
        print(f"{env:<12} {cold:>9.3f} {statistics.median(samples):>11.3f} {min(samples):>12.3f} {len(findings):>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
