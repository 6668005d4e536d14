"""deploy-stack preflight as a command and as deploy's first step: bad input, exit codes, the table, the
refusal, --skip-preflight, and the deployer policy holding exactly its read calls. AWS is moto here (what
moto does not model shows as "could not check", never as a traceback)."""
from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from deploy import aws, cli, preflight, stacks
from deploy.errors import CommandError
from deploy.ui import Console
from docgen import deployer_policy
from tests import emulator
from tests.preflight_support import ROOT

REGION = "us-east-1"


def run(root, *argv):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = cli.main(["--project-dir", str(root), *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


@pytest.fixture
def project(tmp_path):
    return emulator.make_project(tmp_path / "repo")


@pytest.fixture
def no_aws(monkeypatch):
    def refuse(profile, region):
        pytest.fail("preflight made an AWS session for bad input")
    monkeypatch.setattr(aws, "make_session", refuse)


@pytest.fixture
def cloud(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("DEPLOY_STACK_POLL_SECONDS", "0")
    with mock_aws():
        monkeypatch.setattr(aws, "make_session", lambda profile, region: emulator.fast_session(region or REGION))
        yield boto3.session.Session(region_name=REGION)


# --- bad input: exact message, exit 2, no AWS call ------------------------------------------------------
def test_bad_env_flag(project, no_aws):
    result = run(project, "preflight", "--env", "Dev")
    assert result.code == 2
    assert result.err == ("error: invalid arguments, nothing was sent to AWS:\n  --env 'Dev': use 2-20 lowercase "
                          "letters, digits and '-', starting with a letter (e.g. dev)\n")


def test_unknown_parameter(project, no_aws):
    result = run(project, "preflight", "--env", "dev", "--param", "DesiredCnt=2")
    assert result.code == 2
    assert result.err.splitlines()[0] == "error: invalid input (1 problem), nothing was sent to AWS:"
    assert "--param: DesiredCnt: unknown parameter" in result.err


def test_missing_params_file(project, no_aws):
    result = run(project, "preflight", "--env", "qa")
    assert result.code == 2 and "params/qa.json: not found" in result.err


# --- the command against moto ---------------------------------------------------------------------------
def test_clean_account_exits_0_with_one_row_per_check(project, cloud):
    result = run(project, "preflight", "--env", "dev")
    assert result.code == 0, result.out + result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Area", "Check", "Result", "Detail"]
    assert re.match(r"^preflight: 0 blocker\(s\), \d+ could not check, \d+ warning\(s\), \d+ passed$", lines[-1])
    assert "Traceback" not in result.out + result.err
    assert "ECS cluster" in result.out or "log group" in result.out


def test_a_blocker_exits_1(project, cloud):
    names = [name for kind, name, _w in _fixed_names(project) if kind == "AWS::Logs::LogGroup"]
    assert names
    cloud.client("logs").create_log_group(logGroupName=names[0], tags={"team": "someone-else"})
    result = run(project, "preflight", "--env", "dev")
    assert result.code == 1
    row = next(line for line in result.out.splitlines() if f"log group {names[0]}" in line)
    assert "BLOCKER" in row and "it is not this project's" in row


def _fixed_names(project):
    from deploy import preflight_model, preflight_names
    from tests.preflight_support import values_for  # noqa: F401 - the real dist is not this project's
    import yaml
    parent = yaml.safe_load((project / "dist" / "parent.yaml").read_text())
    values = {k: str(v.get("Default", "")) for k, v in parent.get("Parameters", {}).items()}
    values.update({p["ParameterKey"]: p["ParameterValue"]
                   for p in json.loads((project / "params" / "dev.json").read_text())})
    model = preflight_model.build(project / "dist", values, "llm-gateway-dev", REGION, "123456789012")
    return preflight_names.fixed_names(model)


# --- deploy runs it first -------------------------------------------------------------------------------
def test_deploy_refuses_on_a_blocker_and_changes_nothing(project, cloud):
    names = [name for kind, name, _w in _fixed_names(project) if kind == "AWS::Logs::LogGroup"]
    cloud.client("logs").create_log_group(logGroupName=names[0])
    result = run(project, "deploy", "--env", "dev", "--yes")
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        "error: Refusing to deploy: preflight found 1 blocker(s) (above); nothing was changed. Fix them, or "
        "re-run with --skip-preflight to let CloudFormation find out.")
    assert cloud.client("cloudformation").list_stacks()["StackSummaries"] == []
    assert cloud.client("s3").list_buckets()["Buckets"] == []  # not even the artifact bucket


def test_deploy_skip_preflight_says_so(project, cloud, monkeypatch):
    monkeypatch.setattr(preflight, "collect", lambda ctx, inputs: pytest.fail("preflight ran"))

    def stop(cfn, name):
        raise CommandError("stopped after the hook")
    monkeypatch.setattr(stacks, "describe", stop)
    result = run(project, "deploy", "--env", "dev", "--yes", "--skip-preflight")
    assert result.err.splitlines()[0] == ("Preflight SKIPPED (--skip-preflight): quotas, existing names, region "
                                          "offers and provider secrets were not checked.")
    assert result.code == 1


def test_diff_does_not_run_preflight(project, cloud, monkeypatch):
    monkeypatch.setattr(preflight, "collect", lambda ctx, inputs: pytest.fail("preflight ran"))

    def stop(cfn, name):
        raise CommandError("stopped")
    monkeypatch.setattr(stacks, "describe", stop)
    assert run(project, "diff", "--env", "dev").code == 1


# --- the deployer policy holds exactly preflight's read calls -------------------------------------------
def test_policy_table_equals_what_preflight_calls():
    table = {f"{service}:{name}" for service, names in deployer_policy.PREFLIGHT_CALLS.items() for name in names}
    assert table == set(preflight.PERMISSIONS)
    granted = {a for s in json.loads((ROOT / "docs" / "deployer-policy.json").read_text())["Statement"]
               for a in s["Action"]}
    assert table <= granted


IAM_NAME = {"s3:HeadBucket": "s3:ListBucket"}


def test_each_call_names_the_permission_of_its_operation():
    """Every "operation", "service:Action" pair in deploy/preflight*.py (call(...) and its wrappers): the
    permission is the IAM action of that operation (botocore's service models), so a "could not check" row
    names the right one."""
    session = boto3.session.Session(region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    services = {"servicequotas": "service-quotas", "lambda": "lambda", "cloudwatch": "cloudwatch", "ec2": "ec2",
                "logs": "logs", "rds": "rds", "kms": "kms", "ecs": "ecs", "ssm": "ssm", "s3": "s3",
                "elasticache": "elasticache", "bedrock": "bedrock", "sts": "sts", "elasticloadbalancing": "elbv2"}
    found = []
    for path in sorted((ROOT / "deploy").glob("preflight*.py")):
        found += re.findall(r'"([a-z_0-9]+)",\s*"([a-z0-9]+):([A-Za-z0-9]+)"', path.read_text())
    assert len(found) >= 20
    used = set()
    for method, prefix, action in found:
        client = session.client(services[prefix])
        operation = client.meta.method_to_api_mapping[method]
        expected = IAM_NAME.get(f"{prefix}:{operation}", f"{prefix}:{operation}")
        assert f"{prefix}:{action}" == expected, method
        used.add(expected)
    paginated = {"cloudformation:DescribeStacks", "cloudformation:ListStackResources"}  # deploy/stacks.py calls
    assert used | paginated == set(preflight.PERMISSIONS) | {"sts:GetCallerIdentity"}


def test_no_credentials_is_a_message_not_a_traceback(project, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setattr(aws, "make_session", lambda profile, region: boto3.session.Session(region_name=REGION))
    result = run(project, "preflight", "--env", "dev")
    assert result.code == 2   # missing credentials are bad input (deploy/cli.py's exit codes)
    assert result.err.splitlines()[-1] == ("error: no AWS credentials found; use --profile, AWS_PROFILE or the "
                                           "usual credential chain. Nothing was sent to AWS.")
