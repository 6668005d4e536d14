"""tests/fork_runner.py answers what `python -c CODE ARGV...` would, and one run leaves nothing for the next."""
import subprocess
import sys

import pytest

from tests.fork_runner import ForkRunner

PROBE = """
import json, os, sys
import email.message  # the preloaded module
email.message.touched = getattr(email.message, "touched", 0) + 1
print(json.dumps({"argv": sys.argv, "cwd": os.getcwd(), "env": os.environ.get("PROBE"), "stdin": sys.stdin.read(),
                  "touched": email.message.touched, "name": __name__}))
print("to stderr", file=sys.stderr)
sys.exit(int(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def runner():
    runner = ForkRunner(sys.executable, ["email.message"])
    yield runner
    runner.close()


@pytest.mark.parametrize("code", [0, 3])
def test_a_run_is_what_python_c_gives(runner, tmp_path, code):
    env = {"PATH": "/usr/bin:/bin", "PROBE": "x"}
    args = (str(code), "a b")
    direct = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, env=env, capture_output=True,
                            text=True, stdin=subprocess.DEVNULL)
    forked = runner.run(PROBE, *args, cwd=tmp_path, env=env)
    assert (forked.returncode, forked.stdout, forked.stderr) == (direct.returncode, direct.stdout, direct.stderr)
    assert forked.returncode == code and '"touched": 1' in forked.stdout


def test_one_run_leaves_nothing_for_the_next(runner, tmp_path):
    for _ in range(2):  # each run sees the preloaded module as the import left it
        assert '"touched": 1' in runner.run(PROBE, "0", cwd=tmp_path, env={"PATH": "/bin"}).stdout


def test_exceptions_and_exit_values_end_as_python_ends_them(runner, tmp_path):
    for code in ("raise ValueError('boom')", "raise SystemExit('bye')", "raise SystemExit", "import os; os._exit(7)",
                 "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"):
        direct = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
        forked = runner.run(code, cwd=tmp_path)
        assert forked.returncode == direct.returncode, code
        assert forked.stderr.splitlines()[-1:] == direct.stderr.splitlines()[-1:], code


def test_a_run_past_its_timeout_raises(tmp_path):
    runner = ForkRunner(sys.executable, [])
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            runner.run("import time; time.sleep(30)", cwd=tmp_path, timeout=0.5)
    finally:
        runner.close()
