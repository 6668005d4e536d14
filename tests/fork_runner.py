"""Run Python snippets in another venv's interpreter, importing its heavy modules once: a small server in that
interpreter imports them, then forks one child per run. Each child is what `python -c CODE ARGV...` would be
after those imports: its own cwd, environment, argv, stdin from /dev/null, stdout and stderr captured, exit code
from SystemExit. A fork shares only what the imports built; nothing one run does reaches the next (the next
child forks from the server, which ran nothing). Used for the taskcat and checkov runs (each import is 1-2.5 s
of CPU)."""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import tempfile
from pathlib import Path

SERVER = r"""
import builtins, importlib, json, os, sys, traceback
replies = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)  # what the imports print stays off the reply channel
for name in sys.argv[1:]:
    importlib.import_module(name)
for line in sys.stdin:
    job = json.loads(line)
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(job["cwd"])
            os.environ.clear(); os.environ.update(job["env"])
            for fd, (path, flags) in enumerate([(os.devnull, os.O_RDONLY), (job["out"], os.O_WRONLY),
                                                (job["err"], os.O_WRONLY)]):
                os.dup2(os.open(path, flags), fd)
            sys.stdin = open(0, closefd=False)
            sys.argv = ["-c", *job["argv"]]
            try:
                exec(compile(job["code"], "<string>", "exec"), {"__name__": "__main__", "__builtins__": builtins})
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
                if not isinstance(exit_.code, (int, type(None))):
                    print(exit_.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
        finally:
            try:
                sys.stdout.flush(); sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    replies.write(json.dumps(os.waitstatus_to_exitcode(status)) + "\n"); replies.flush()
"""


class ForkRunner:
    def __init__(self, python: Path, preload: list[str], env: dict | None = None):
        self.python = str(python)
        self.scratch = tempfile.TemporaryDirectory(prefix="fork-runner-")
        self.log = Path(self.scratch.name) / "server.err"
        with self.log.open("w") as log:
            self.process = subprocess.Popen([self.python, "-c", SERVER, *preload], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=log, env=env, text=True,
                                            start_new_session=True)
        self.runs = 0

    def run(self, code: str, *argv: str, cwd: Path | str = ".", env: dict | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess:
        """What subprocess.run([python, "-c", code, *argv], cwd=cwd, env=env, capture_output=True, text=True)
        returns."""
        self.runs += 1
        out, err = (Path(self.scratch.name) / f"{self.runs}.{name}" for name in ("out", "err"))
        out.touch(), err.touch()
        job = {"code": code, "argv": list(map(str, argv)), "cwd": str(Path(cwd).resolve()),
               "env": dict(os.environ if env is None else env), "out": str(out), "err": str(err)}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        if not select.select([self.process.stdout], [], [], timeout)[0]:
            self.close()  # the server and the run it waits for
            raise subprocess.TimeoutExpired([self.python, "-c", code, *argv], timeout)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server in {self.python} exited ({self.process.wait()}):\n"
                               f"{self.log.read_text(errors='replace')[-4000:]}")
        return subprocess.CompletedProcess([self.python, "-c", code, *argv], json.loads(line),
                                           out.read_text(), err.read_text())

    def close(self) -> None:
        if self.process.poll() is None:  # the server keeps nothing worth an orderly exit (about 1 s for checkov)
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()
        self.scratch.cleanup()
