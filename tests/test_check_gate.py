"""deploy and diff run check before any AWS call and refuse on a finding (exit 2, nothing sent)."""
import io
from types import SimpleNamespace

import pytest

from deploy import aws, cli
from deploy.ui import Console
from tests import emulator


@pytest.fixture
def no_aws(monkeypatch):
    calls = []
    monkeypatch.setattr(aws, "make_session", lambda profile, region: calls.append((profile, region)) or
                        pytest.fail("deploy-stack made an AWS session although check found something"))
    return calls


def run(root, *argv):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = cli.main(["--project-dir", str(root), *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


def broken_fixture():
    templates = emulator.fixture_templates()
    templates["data.yaml"]["Resources"]["SecretsRole"]["Properties"].pop("Policies")
    return templates


@pytest.mark.parametrize("command", [["deploy", "--yes"], ["diff"]])
def test_a_finding_stops_deploy_and_diff_before_any_aws_call(tmp_path, no_aws, command):
    root = emulator.make_project(tmp_path / "repo", templates=broken_fixture())
    result = run(root, command[0], "--env", "dev", "--region", "us-east-1", *command[1:])
    assert result.code == 2, result.err
    assert "Refusing to continue: `deploy-stack check` found" in result.err
    assert "secrets function ssm:" in result.err and "nothing was sent to AWS" in result.err
    assert no_aws == []


def test_the_clean_fixture_passes_the_gate_and_reaches_aws(tmp_path, monkeypatch):
    reached = []

    def stop_at_aws(profile, region):
        reached.append(region)
        raise KeyboardInterrupt   # the first AWS step: check let the deploy through

    monkeypatch.setattr(aws, "make_session", stop_at_aws)
    root = emulator.make_project(tmp_path / "repo")
    result = run(root, "deploy", "--env", "dev", "--region", "us-east-1", "--yes")
    assert reached == ["us-east-1"] and result.code == 130, result.err
