"""`deploy-stack check` for every params/*.json over dist/ (how `make test` runs check), and its interface."""
import io

import pytest

from deploy.cli import main
from deploy.ui import Console
from tests.check_support import ROOT, copy_templates, write
from tests.conftest import USER_SETS, user_param_args

ENVIRONMENTS = sorted(p.stem for p in (ROOT / "params").glob("*.json"))


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = main(["--project-dir", str(ROOT), *argv], console=console)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_check_is_clean_for_every_environment(env):
    code, out, err = run("check", "--env", env, *user_param_args(env))
    assert code == 0, f"deploy-stack check --env {env} found what AWS would refuse:\n{out}\n{err}"


@pytest.mark.parametrize("env", sorted(USER_SETS))
def test_shipped_file_needs_only_the_notification_target(env):
    """As shipped, staging and prod are refused for one reason: nobody would receive their alarms."""
    code, out, err = run("check", "--env", env)
    assert code == 1
    findings = [line for line in out.splitlines() if line.startswith("  - ")]
    assert len(findings) == 1 and "AlarmEmail" in findings[0], out


def test_a_failed_rule_says_where_to_set_the_parameters():
    code, out, _err = run("check", "--env", "staging")
    assert code == 1
    assert "set AlarmEmail (then accept the subscription mail) or AlarmTopicArn" in out
    assert "fix: change the parameters it names so the rule holds: in params/<env>.json, or with --param" in out


def test_findings_exit_1_and_name_resource_actor_and_fix(rendered, tmp_path):
    templates = copy_templates(rendered)
    del templates["service.yaml"]["Resources"]["TasksFromLoadBalancer"]
    dist = write(templates, tmp_path / "dist")
    code, out, _err = run("check", "--env", "dev", "--dist", str(dist))
    assert code == 1
    assert "Service/TaskSecurityGroup -- load balancer -> task tcp/4000: no ingress rule admits the source" in out
    assert "fix: add an ingress rule for tcp/4000" in out


@pytest.mark.parametrize("argv, message", [
    (["--env", "nope"], "params/nope.json: not found"),
    (["--env", "dev", "--param", "TaskCpu=3"], "TaskCpu: '3' is not one of"),
    (["--env", "dev", "--param", "NoSuchKey=1"], "NoSuchKey: unknown parameter"),
    (["--env", "dev", "--param", "oops"], "expected KEY=VALUE"),
    (["--env", "dev", "--dist", "/nonexistent-dir"], "--dist /nonexistent-dir: not a directory"),
])
def test_bad_input_exits_2(argv, message):
    code, out, err = run("check", *argv)
    assert code == 2
    assert message in err


CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f6a1c2e-1111-2222-3333-444455556666"


@pytest.mark.parametrize("extra, message", [
    ([], "0.0.0.0/0 opens the load balancer to the internet on plain HTTP (CertificateArn is empty)"),
    (["--param", f"CertificateArn={CERTIFICATE}"], "pass --allow-public-ingress to confirm that is intended"),
])
def test_check_refuses_public_ingress_as_deploy_does(extra, message):
    """DEPLOYMENT.md: check applies deploy's parameter validation, so an answer 'no findings' means deploy
    will not refuse the same input. deploy refuses 0.0.0.0/0 without HTTPS and --allow-public-ingress."""
    code, _out, err = run("check", "--env", "dev", "--param", "AllowedCidrs=0.0.0.0/0", *extra)
    assert code == 2, err
    assert message in err and "nothing was sent to AWS" in err


def test_check_accepts_public_ingress_with_https_and_the_flag():
    code, out, err = run("check", "--env", "dev", "--param", "AllowedCidrs=0.0.0.0/0",
                         "--param", f"CertificateArn={CERTIFICATE}", "--allow-public-ingress")
    assert code == 0, out + err


def test_overrides_reach_the_model(rendered, tmp_path):
    dist = write(copy_templates(rendered), tmp_path / "dist")
    code, out, _err = run("check", "--env", "dev", "--dist", str(dist), "--param", "CpuArchitecture=ARM64",
                          "--param", "CapacityMode=spot")
    assert code == 1
    assert "ARM64" in out


def test_a_template_check_cannot_evaluate_is_a_finding(rendered, tmp_path):
    templates = copy_templates(rendered)
    templates["service.yaml"]["Resources"]["LogGroup"]["Properties"]["RetentionInDays"] = {"Fn::Unknown": [1]}
    dist = write(templates, tmp_path / "dist")
    code, out, _err = run("check", "--env", "dev", "--dist", str(dist))
    assert code == 1 and "cannot evaluate" in out

