"""Run the PII detector over text files already on this machine, as a proxy for its false-positive rate on
ordinary text nobody labelled (Python's standard library, /usr/share/doc: changelogs, READMEs, licences).

    python scripts/scan_local_text.py [--module path/to/pii_guardrail.py] [--show] [--files 3000]

Takes up to 20 paragraphs (blank-line separated, 20-1500 characters) from each of the first N files of a
seeded shuffle and prints how many paragraphs have a finding of each kind.  These texts do carry some real
PII (maintainers' e-mail addresses, a few phone numbers in old licences), so emails are counted apart and
--show prints every other finding to read by eye.  The figures depend on what this machine has installed:
compare modules on the same machine, not across machines.
"""
import argparse
import collections
import glob
import gzip
import importlib.util
import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs(files: int, seed: int = 1) -> list:
    paths = sorted(glob.glob("/usr/lib/python3*/**/*.py", recursive=True)) \
        + sorted(glob.glob("/usr/share/doc/**/*", recursive=True))
    random.Random(seed).shuffle(paths)
    chunks = []
    for path in paths[:files]:
        if not os.path.isfile(path):
            continue
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", errors="ignore") as handle:
                data = handle.read()
        except OSError:
            continue
        chunks += [p for p in data.split("\n\n") if 20 < len(p) < 1500][:20]
    return chunks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", type=Path, default=ROOT / "config" / "pii_guardrail.py")
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--show", action="store_true", help="print every finding that is not an e-mail address")
    args = parser.parse_args(argv)
    spec = importlib.util.spec_from_file_location("pii_guardrail", args.module)
    guardrail = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guardrail)
    chunks = paragraphs(args.files)
    flagged = collections.Counter()
    for chunk in chunks:
        found = guardrail.find_pii(chunk)
        for kind in {f.kind for f in found}:
            flagged[kind] += 1
        if args.show:
            for f in found:
                if f.kind != "email":
                    print(f"  {f.kind:<11} {chunk[max(0, f.start - 40):f.end + 15]!r}")
    other = sum(1 for chunk in chunks if any(f.kind != "email" for f in guardrail.find_pii(chunk)))
    print(f"{args.module}: {len(chunks)} paragraphs; with an email {flagged['email']}, with a phone "
          f"{flagged['us_phone']}, an SSN {flagged['us_ssn']}, a card {flagged['credit_card']}; "
          f"with any finding but an email {other} ({other / max(len(chunks), 1):.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
