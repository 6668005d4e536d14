"""The region: a name AWS does not have stops every command before any AWS call (exit 2, naming where the name
came from and the nearest real one), and AWS_REGION is honoured as the help and the errors say."""
from __future__ import annotations

import io
from types import SimpleNamespace

import boto3
import pytest

from deploy import aws, cli
from deploy.ui import Console
from tests import emulator


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose sessions are real boto3 sessions (offline until a client is made) and whose clients
    fail the test: a region refusal must come before the first AWS call."""
    sessions = []

    def session(profile, region):
        sessions.append(region)
        made = boto3.Session(region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
        if profile == "typo":   # a profile whose config names a misspelt region
            return SimpleNamespace(region_name="us-wets-2", client=made.client)
        return made

    def no_client(session, service):
        pytest.fail(f"deploy-stack made a {service} client")

    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "CI"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(aws, "make_session", session)
    monkeypatch.setattr(aws, "client", no_client)
    return SimpleNamespace(root=emulator.make_project(tmp_path / "repo"), sessions=sessions)


def run(project, *argv):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = cli.main(["--project-dir", str(project.root), *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


@pytest.mark.parametrize("argv, environment, expected", [
    (["deploy", "--env", "dev", "--region", "us-east-9", "--yes"], {}, "--region 'us-east-9'"),
    (["diff", "--env", "dev", "--region", "eu-wset-1"], {}, "--region 'eu-wset-1'"),
    (["status", "--env", "dev"], {"AWS_REGION": "eu-wst-1"}, "AWS_REGION 'eu-wst-1'"),
    (["destroy", "--env", "dev", "--confirm", "llm-gateway-dev"], {"AWS_DEFAULT_REGION": "eu-wst-1"},
     "AWS_DEFAULT_REGION 'eu-wst-1'"),
    (["secret", "get", "master-key", "--env", "dev", "--profile", "typo"], {},
     "the region of profile typo 'us-wets-2'"),
    (["check", "--env", "dev", "--region", "us-east-9"], {}, "--region 'us-east-9'"),
])
def test_a_region_aws_does_not_have_is_refused_before_any_call(project, monkeypatch, argv, environment, expected):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    result = run(project, *argv)
    assert result.code == 2, result.err
    assert f"error: {expected}: not an AWS region that botocore" in result.err
    assert "nothing was sent to AWS" in result.err


def test_the_refusal_names_the_nearest_region(project):
    result = run(project, "status", "--env", "dev", "--region", "eu-wset-1")
    assert "did you mean eu-west-1?" in result.err


@pytest.mark.parametrize("region", ["eu-west-1", "us-east-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"])
def test_real_regions_pass(region):
    assert aws.region_problem(region, "--region") is None


def test_aws_region_is_used_as_the_help_says(project, monkeypatch):
    """--help and the no-region error name AWS_REGION; botocore alone reads only AWS_DEFAULT_REGION."""
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")   # AWS_REGION wins, as in the AWS CLI

    def stop(session, service):
        raise KeyboardInterrupt   # the first AWS call: the region was accepted

    monkeypatch.setattr(aws, "client", stop)
    result = run(project, "status", "--env", "dev")
    assert result.code == 130, result.err
    assert project.sessions == ["eu-west-1"]
