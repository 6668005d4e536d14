#!/usr/bin/env python3
"""Render time side by side: `python build.py --out DIR` (our templates) against an AWS CDK app that
synthesises the same system (tools/cdk-compare/app.js: VPC, KMS, RDS, a Fargate task with two containers,
its service, an ALB), each run as its own process, alternately, several times.

    .venv/bin/python scripts/compare_render_with_cdk.py [--runs N]     (or: make compare-render)

Prints each side's wall and CPU time (median and best of the runs, CPU = user + system of the process), the
in-process figures each reports (build.py's render, the CDK app's synth()), and the ratios. The goal: our
build at most 1/10 of CDK's synth wall time. Each side runs once untimed first (a warm build, as a developer
re-runs it), with Python's default of caching compiled modules: PYTHONDONTWRITEBYTECODE, which some sandboxes
set, is cleared for the runs (with it, every run compiles our modules again: about 0.08 s of CPU). Skips (exit 0, with the reason) when node or the app's npm
packages are missing: install them with `make compare-render` (npm ci --ignore-scripts in tools/cdk-compare).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CDK_APP = ROOT / "tools" / "cdk-compare"
GOAL = 10  # our wall time at most 1/GOAL of CDK's


RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall s, CPU s of the process, its stdout) of one run to completion."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=RUN_ENV)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed with exit {proc.returncode}:\n{err.read().decode().strip()}")
        return wall, usage.ru_utime + usage.ru_stime, out.read().decode()


def missing_cdk() -> str | None:
    if shutil.which("node") is None:
        return "node is not on PATH (Debian: apt-get install -y nodejs)"
    for package in ("aws-cdk-lib", "constructs"):
        if not (CDK_APP / "node_modules" / package / "package.json").is_file():
            return (f"{CDK_APP.relative_to(ROOT)}/node_modules/{package} is not installed: run `make compare-render` "
                    f"(or `cd {CDK_APP.relative_to(ROOT)} && npm ci --ignore-scripts`)")
    return None


def summary(label: str, walls: list[float], cpus: list[float], inner: list[float], inner_name: str) -> str:
    return (f"{label:<22} wall median {statistics.median(walls):6.2f} s (best {min(walls):5.2f})   "
            f"CPU median {statistics.median(cpus):6.2f} s   {inner_name} median {statistics.median(inner):6.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each side (default 5)")
    args = parser.parse_args(argv)
    reason = missing_cdk()
    if reason:
        print(f"skipped: {reason}")
        return 0
    ours = {"wall": [], "cpu": [], "inner": []}
    cdk = {"wall": [], "cpu": [], "inner": []}
    with tempfile.TemporaryDirectory() as scratch:
        run_once([sys.executable, str(ROOT / "build.py"), "--out", str(Path(scratch) / "warm")], ROOT)
        run_once(["node", str(CDK_APP / "app.js"), str(Path(scratch) / "cdk-warm")], CDK_APP)
        for run in range(args.runs):
            out_dir, cdk_dir = Path(scratch) / f"dist{run}", Path(scratch) / f"cdk{run}"
            wall, cpu, out = run_once([sys.executable, str(ROOT / "build.py"), "--out", str(out_dir)], ROOT)
            ours["wall"].append(wall)
            ours["cpu"].append(cpu)
            ours["inner"].append(int(re.search(r" in (\d+) ms$", out.strip()).group(1)) / 1000)
            wall, cpu, out = run_once(["node", str(CDK_APP / "app.js"), str(cdk_dir)], CDK_APP)
            cdk["wall"].append(wall)
            cdk["cpu"].append(cpu)
            cdk["inner"].append(json.loads(out.strip().splitlines()[-1])["synth_ms"] / 1000)
    print(f"{args.runs} runs each after one untimed warm-up, alternating, on {os.cpu_count()} CPUs (load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    print(summary("build.py --out DIR", ours["wall"], ours["cpu"], ours["inner"], "render()"))
    print(summary("CDK app (node app.js)", cdk["wall"], cdk["cpu"], cdk["inner"], "synth()"))
    wall_ratio = statistics.median(cdk["wall"]) / statistics.median(ours["wall"])
    cpu_ratio = statistics.median(cdk["cpu"]) / statistics.median(ours["cpu"])
    inner_ratio = statistics.median(cdk["inner"]) / statistics.median(ours["inner"])
    print(f"ratio CDK / ours: wall 1/{wall_ratio:.1f}, CPU 1/{cpu_ratio:.1f}, in-process 1/{inner_ratio:.1f} "
          f"(goal: wall 1/{GOAL} or better: {'met' if wall_ratio >= GOAL else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
