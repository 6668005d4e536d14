"""cfn-lint gate: every template clean (zero errors, zero warnings), the parent checked against its children's
parameters, and the parent checked with every params/<env>.json."""
import contextlib
import io
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.lint
# Only meaningful for the local-URL copy of the parent: its artifact parameters go unused, and a local
# TemplateURL is what `aws cloudformation package` would rewrite.
LOCAL_COPY_IGNORES = ["W2001", "W3002"]


def cfn_lint(*args) -> subprocess.CompletedProcess:
    """`cfn-lint ARGS` run in this process: the console script's own steps (cfnlint.runner.main: the arguments
    and .cfnlintrc read by ConfigMixIn, then Runner.cli, which prints and exits with the match levels), without
    a new interpreter importing cfn-lint and its schemas for each call (about 0.8 s each)."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner
    argv = list(map(str, args))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            Runner(ConfigMixIn(argv)).cli()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(["cfn-lint", *argv], code, out.getvalue(), err.getvalue())


def test_every_template_is_clean(dist_dir):
    result = cfn_lint(*sorted(dist_dir.glob("*.yaml")))
    assert result.returncode == 0, result.stdout + result.stderr


def local_parent(dist_dir: Path) -> Path:
    """A copy of the parent whose TemplateURLs name the local files, so cfn-lint follows them (E3043)."""
    parent = yaml.safe_load((dist_dir / "parent.yaml").read_text())
    for resource in parent["Resources"].values():
        if resource["Type"] == "AWS::CloudFormation::Stack":
            url = resource["Properties"]["TemplateURL"]["Fn::Sub"]
            resource["Properties"]["TemplateURL"] = str(dist_dir / url.rsplit("/", 1)[1])
    path = dist_dir.parent / f"{dist_dir.name}-parent-local.yaml"
    path.write_text(yaml.safe_dump(parent))
    return path


def test_parent_matches_nested_parameters(dist_dir):
    result = cfn_lint("--ignore-checks", *LOCAL_COPY_IGNORES, "--", local_parent(dist_dir))
    assert result.returncode == 0, result.stdout + result.stderr


def with_artifacts(params_file: Path, tmp_path: Path, parent: Path) -> Path:
    """The env's parameters plus the two deploy-stack supplies, as deploy-stack sends them.

    cfn-lint reads list-typed values from a parameter file as JSON arrays, while CloudFormation takes
    "a,b" strings; split them so cfn-lint checks each item.
    """
    types = {n: spec["Type"] for n, spec in yaml.safe_load(parent.read_text())["Parameters"].items()}
    params = json.loads(params_file.read_text())
    params += [{"ParameterKey": "ArtifactBucket", "ParameterValue": "llm-gateway-artifacts-123456789012-us-east-1"},
               {"ParameterKey": "ArtifactPrefix", "ParameterValue": "dist/0123456789abcdef"}]
    for p in params:
        if types.get(p["ParameterKey"], "").startswith(("CommaDelimitedList", "List<")):
            p["ParameterValue"] = p["ParameterValue"].split(",")
    path = tmp_path / params_file.name
    path.write_text(json.dumps(params))
    return path


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_parent_accepts_each_environment(dist_dir, tmp_path, env):
    params = with_artifacts(ROOT / "params" / f"{env}.json", tmp_path, dist_dir / "parent.yaml")
    result = cfn_lint(dist_dir / "parent.yaml", "--parameter-files", params)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gate_bites_on_a_broken_template(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"Bogus": 1}}},
    }))
    result = cfn_lint(broken)
    assert result.returncode != 0 and "Bogus" in result.stdout


def test_gate_bites_on_a_nested_parameter_mismatch(dist_dir, tmp_path):
    path = local_parent(dist_dir)
    parent = yaml.safe_load(path.read_text())
    parent["Resources"]["Network"]["Properties"]["Parameters"]["NoSuchParameter"] = "x"
    path.write_text(yaml.safe_dump(parent))
    result = cfn_lint("--ignore-checks", *LOCAL_COPY_IGNORES, "--", path)
    assert result.returncode != 0 and "E3043" in result.stdout


def test_gate_bites_on_a_bad_params_file(dist_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"ParameterKey": "AzCount", "ParameterValue": "5"}]))
    result = cfn_lint(dist_dir / "parent.yaml", "--parameter-files", with_artifacts(bad, tmp_path, dist_dir / "parent.yaml"))
    assert result.returncode != 0 and "'5' is not one of" in result.stdout
