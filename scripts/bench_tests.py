"""CPU seconds (user + sys, the test process and every process it waited for) of each test file, one at a time.

Wall time on a shared 2-core machine is noisy; CPU time is what the gate's wall time is made of once two
xdist workers share it, so this prints CPU per file, the total, and the largest file (which bounds a
two-worker run).  Each file runs alone in a fresh `pytest -n 0`, so its figure includes its imports and
session fixtures (the LiteLLM proxy, the moto server) as a worker pays them.

    .venv/bin/python scripts/bench_tests.py                      # every tests/test_*.py
    .venv/bin/python scripts/bench_tests.py tests/test_lint.py   # some files
    .venv/bin/python scripts/bench_tests.py --json before.json   # also write the figures
    .venv/bin/python scripts/bench_tests.py --compare before.json after.json
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(test_file: str) -> dict:
    """CPU and wall seconds of one file's run, with pytest's last line."""
    command = [sys.executable, "-m", "pytest", test_file, "-q", "-n", "0", "-p", "no:cacheprovider"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.strip()]
    return {"cpu": round(usage.ru_utime + usage.ru_stime, 2), "wall": round(time.monotonic() - started, 2),
            "rc": process.returncode, "summary": lines[-1] if lines else ""}


def show(figures: dict) -> None:
    for name, row in sorted(figures.items(), key=lambda item: -item[1]["cpu"]):
        print(f"{row['cpu']:8.2f} cpu {row['wall']:8.2f} wall  {name}  [{row['summary']}]")
    total = sum(row["cpu"] for row in figures.values())
    print(f"{total:8.2f} cpu total over {len(figures)} files; largest file "
          f"{max(row['cpu'] for row in figures.values()):.2f}")


def compare(before_path: str, after_path: str) -> None:
    before, after = (json.loads(Path(p).read_text()) for p in (before_path, after_path))
    rows = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}).get("cpu", 0.0), after.get(name, {}).get("cpu", 0.0)
        rows.append((new - old, name, old, new))
    for delta, name, old, new in sorted(rows):
        print(f"{old:8.2f} -> {new:8.2f}  ({delta:+7.2f})  {name}")
    old_total, new_total = (sum(row["cpu"] for row in d.values()) for d in (before, after))
    print(f"{old_total:8.2f} -> {new_total:8.2f}  ({new_total - old_total:+7.2f})  total CPU seconds")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="test files (default: every tests/test_*.py)")
    parser.add_argument("--json", help="write {file: {cpu, wall, rc, summary}} here")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two --json outputs")
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return 0
    files = args.files or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_*.py"))
    figures = {}
    for test_file in files:
        figures[test_file] = measure(test_file)
        row = figures[test_file]
        print(f"{row['cpu']:8.2f} cpu {row['wall']:8.2f} wall  {test_file}  [{row['summary']}]", flush=True)
    print()
    show(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 0 if all(row["rc"] == 0 for row in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
