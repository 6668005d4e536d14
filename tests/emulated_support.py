"""Fixtures and helpers for the tests that run deploy-stack against moto (test_deploy_emulated.py, test_retained.py,
test_workflows.py): AWS settings that reach no account, moto with the bridges of tests/emulator.py, the CLI run
in-process, and a project directory holding a fresh render of the real templates. A test file registers the
fixtures by importing them from here."""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from moto import mock_aws

from deploy import aws, cli, parsed
from deploy.ui import Console
from tests import emulator

REGION = "us-east-1"
ACCOUNT = "123456789012"
BUCKET = f"llm-gateway-artifacts-{ACCOUNT}-{REGION}"


def set_aws_env(monkeypatch, tmp_path: Path) -> None:
    """AWS settings that reach no account (and no profile or config file of the machine's user)."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("DEPLOY_STACK_POLL_SECONDS", "0")


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    set_aws_env(monkeypatch, tmp_path)


# Template text -> its parse, for this test process: deploy-stack parses each text once per command
# (deploy/parsed.py, tested in test_deploy_parsed.py); the emulated tests run hundreds of commands on the same few
# renders, so here each command starts with the parses earlier commands made. Each reader still gets its own
# copy, and a changed text is a new key, so no command sees another's edits.
_RUN_PARSES: dict[str, object] = {}


@contextlib.contextmanager
def _one_command_sharing_parses():
    outer, parsed._parsed = parsed._parsed, _RUN_PARSES
    try:
        yield
    finally:
        parsed._parsed = outer


@contextlib.contextmanager
def emulated_cloud(monkeypatch):
    """moto + the bridges; deploy-stack's sessions count their API calls."""
    with mock_aws(), emulator.bridged() as runner:
        counter = emulator.CallCounter()
        sessions = emulator.SessionPool(on_new=counter.attach)

        def make_session(profile, region):
            assert profile is None
            return sessions.session(region or REGION)

        monkeypatch.setattr(aws, "make_session", make_session)
        monkeypatch.setattr(parsed, "one_command", _one_command_sharing_parses)
        session = emulator.fast_session(REGION)
        yield SimpleNamespace(runner=runner, counter=counter, cfn=session.client("cloudformation"),
                              s3=session.client("s3"), ssm=session.client("ssm"), ecs=session.client("ecs"))


@pytest.fixture
def cloud(aws_env, monkeypatch):
    """moto + the bridges; deploy-stack's sessions count their API calls."""
    with emulated_cloud(monkeypatch) as made:
        yield made


@contextlib.contextmanager
def setup_cloud(tmp_path: Path):
    """`cloud` for a module-scoped fixture that builds a state once and keeps it (moto_state.take) for each test
    of its file to restore in its own `cloud`. Leave the block before any test runs: moto resets on the way out."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        set_aws_env(monkeypatch, tmp_path)
        with emulated_cloud(monkeypatch) as made:
            yield made


def run(project: Path, *argv: str, stdin: str = "", interactive: bool = False):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(stdin), interactive=interactive, live=False)
    if argv[:1] == ("deploy",):  # preflight's calls have their own tests (tests/test_preflight*.py)
        argv = (*argv, "--skip-preflight")
    code = cli.main(["--project-dir", str(project), *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


def real_project(root: Path, rendered: dict[str, bytes], transform=None) -> Path:
    """A project directory whose dist/ is `rendered` (each template passed through `transform` when given), with
    the real params/ and a stand-in build.py."""
    (root / "dist").mkdir(parents=True)
    for name, body in rendered.items():
        if transform and name.endswith(".yaml"):
            body = yaml.safe_dump(transform(name, yaml.safe_load(body)), sort_keys=True).encode()
        (root / "dist" / name).write_bytes(body)
    shutil.copytree(emulator.REPO / "params", root / "params")
    (root / "build.py").write_text(emulator.STUB_BUILD)
    return root
