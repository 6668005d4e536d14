"""Score a labelled corpus through the real proxy: recall and false-positive rate of the request guardrail.

``score_through_proxy(jsonl_path, proxy, fake)`` sends each line's ``text`` as one user message to
/v1/chat/completions.  A line is positive when it carries PII: ``"label"`` other than ``"clean"``
(tests/data/pii_corpus.jsonl) or a non-empty ``"kinds"`` list (tests/data/eval/*.jsonl).  The
proxy "flags" a line when it answers 400 naming PII kinds; a flagged line must not reach the fake
upstream, an unflagged one must (anything else is counted as an error, never as a result).
"""
import json
from pathlib import Path


def expected_kinds(record: dict) -> list:
    """The PII kinds a labelled line carries (either file format); [] for a clean line."""
    if "kinds" in record:
        return sorted(record["kinds"] or [])
    label = record.get("label", "clean")
    return [] if label == "clean" else [label]


def score_through_proxy(jsonl_path, proxy, fake, model: str = "llama3.2") -> dict:
    records = [json.loads(line) for line in Path(jsonl_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = tn = errors = 0
    misses, false_alarms, per_kind = [], [], {}
    for record in records:
        expected = expected_kinds(record)
        before = len(fake.requests("/api/chat"))
        status, body = proxy.call("/v1/chat/completions",
                                  {"model": model, "messages": [{"role": "user", "content": record["text"]}]})
        reached = len(fake.requests("/api/chat")) > before
        flagged = status == 400 and "PII guardrail" in json.dumps(body)
        if flagged == reached or status not in (200, 400):
            errors += 1
            continue
        for kind in expected:
            hit = per_kind.setdefault(kind, [0, 0])
            hit[0] += flagged
            hit[1] += 1
        if expected and flagged:
            tp += 1
        elif expected:
            fn += 1
            misses.append(record.get("note", "")[:80])
        elif flagged:
            fp += 1
            false_alarms.append(record.get("note", "")[:80])
        else:
            tn += 1
    return {
        "messages": len(records), "positives": tp + fn, "negatives": fp + tn, "errors": errors,
        "recall": tp / (tp + fn) if tp + fn else 1.0, "fpr": fp / (fp + tn) if fp + tn else 0.0,
        "recall_by_kind": {k: hits / total for k, (hits, total) in sorted(per_kind.items())},
        "misses": misses, "false_alarms": false_alarms,
    }
