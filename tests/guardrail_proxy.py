"""The real LiteLLM proxy (the pinned release, from .venv-litellm), started the way the container starts it.

``start_proxy`` writes nothing itself: it runs templates.litellm_config.container_command (files from
LITELLM_FILE_* variables, compressed as the task definition carries them, into a scratch directory,
then ``litellm --config``) with the rendered config.yaml and pii_guardrail.py, no database, and the
model pointing at a fake Ollama on 127.0.0.1 (tests/fake_ollama.py) that records what reaches it.
The session fixtures ``guardrail_fake`` and ``guardrail_proxy`` (registered in tests/conftest.py)
start one proxy for the whole test session.  Nothing leaves the machine.
"""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from templates import litellm_config
from tests.fake_ollama import FakeOllama

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv-litellm" / "bin"
MASTER_KEY = "sk-e2e-guardrail-test-key"
ALIAS = "llama3.2"
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    def __init__(self, base: str, log: Path, process=None):
        self.base, self.log, self.process = base, log, process
        self.headers = {}

    def call(self, path: str, body=None, key: str | None = MASTER_KEY, timeout: float = 30, method: str | None = None,
             raw: bytes | None = None, headers: dict | None = None):
        """(status, parsed JSON or raw text) of a request to the proxy (its headers in ``self.headers``)."""
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, method=method or ("GET" if data is None else "POST"),
                                         data=data)
        request.add_header("Content-Type", "application/json")
        if key:
            request.add_header("Authorization", f"Bearer {key}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, text, self.headers = response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            status, text, self.headers = error.code, error.read().decode(), dict(error.headers)
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def chat(self, content, stream: bool = False, **extra):
        messages = content if isinstance(content, list) else [{"role": "user", "content": content}]
        return self.call("/v1/chat/completions", {"model": ALIAS, "messages": messages, "stream": stream, **extra})

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


def proxy_environment(work: Path, fake_url: str, extra_env: dict | None = None) -> dict:
    files = litellm_config.container_files([litellm_config.local_model_entry(ALIAS, "llama3.2:3b", fake_url)])
    return {
        "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work),
        "LANG": "C.UTF-8", "LITELLM_MASTER_KEY": MASTER_KEY,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False", "NO_PROXY": "127.0.0.1,localhost",
        **{litellm_config.env_name(name): litellm_config.env_value(name, text) for name, text in files.items()},
        **(extra_env or {}),
    }


def start_proxy(work: Path, fake_url: str, extra_env: dict | None = None) -> Proxy:
    port = free_port()
    command = litellm_config.container_command(config_dir=str(work / "litellm"), port=port, host="127.0.0.1")
    command[0] = str(VENV_BIN / "python")
    log = work / "proxy.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=proxy_environment(work, fake_url, extra_env), stdout=out,
                                   stderr=subprocess.STDOUT, cwd=work, start_new_session=True)
    server = Proxy(f"http://127.0.0.1:{port}", log, process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"LiteLLM exited with {process.returncode} during start:\n{server.tail()}")
        try:
            if server.call("/health/liveliness", key=None, timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"LiteLLM not ready after {STARTUP_SECONDS} s:\n{server.tail()}")
        time.sleep(0.25)


def stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _need_litellm():
    if not (VENV_BIN / "litellm").exists():
        pytest.skip(f"{VENV_BIN / 'litellm'} is missing: create it with `make venvs`")


@pytest.fixture(scope="session")
def guardrail_fake():
    server = FakeOllama().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def guardrail_proxy(guardrail_fake, tmp_path_factory):
    _need_litellm()
    try:
        server = start_proxy(tmp_path_factory.mktemp("litellm-proxy"), guardrail_fake.url)
    except RuntimeError as error:
        pytest.fail(str(error))
    yield server
    stop(server.process)
