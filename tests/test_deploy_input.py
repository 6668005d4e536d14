"""Bad input: every malformed or invalid params file, flag and dist/ state gives its exact message (file, key,
fix), exit 2, and no AWS call: the session factory fails the test if deploy-stack asks for one."""
from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import pytest

from deploy import aws, cli
from deploy.ui import Console
from tests import emulator

CIDR_PATTERN = r"^(\d{1,3}\.){3}\d{1,3}/(1[6-9]|2[0-4])$"
DEV = emulator.FIXTURE_PARAMS["dev"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    calls = []

    def no_aws(profile, region):
        calls.append((profile, region))
        pytest.fail("deploy-stack made an AWS session for bad input")

    monkeypatch.setattr(aws, "make_session", no_aws)
    monkeypatch.delenv("CI", raising=False)
    root = emulator.make_project(tmp_path / "repo")
    yield SimpleNamespace(root=root, calls=calls)
    assert calls == []


def run(project, *argv):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = cli.main(["--project-dir", str(project.root), *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue(),
                           lines=[line.strip() for line in err.getvalue().splitlines()])


def write_params(project, text: str, env: str = "dev") -> None:
    (project.root / "params" / f"{env}.json").write_text(text)


def with_params(**changes) -> str:
    pairs = dict(DEV)
    for key, value in changes.items():
        if value is None:
            pairs.pop(key, None)
        else:
            pairs[key] = value
    return emulator.params_json(pairs)


# (id, params file text or None to keep it, extra argv, the exact problem lines expected)
CASES = [
    ("missing-file", None, ["--env", "qa"], [
        "params/qa.json: not found; create it (a JSON list of ParameterKey/ParameterValue objects) or pick an "
        "environment that has one (dev, staging)"]),
    ("malformed-json", '[{"ParameterKey": "VpcCidr" "ParameterValue": "10.0.0.0/16"}]', [], [
        "params/dev.json: invalid JSON at line 1 column 29: Expecting ',' delimiter; fix the syntax"]),
    ("not-a-list", '{"VpcCidr": "10.0.0.0/16"}', [], [
        'params/dev.json: expected a JSON list of {"ParameterKey": ..., "ParameterValue": ...} objects, got an '
        "object; use the CloudFormation list format"]),
    ("entry-not-object", '["VpcCidr=10.0.0.0/16"]', [], [
        "params/dev.json: entry 1: expected an object with ParameterKey and ParameterValue, got a string"]),
    ("entry-without-key", '[{"ParameterValue": "10.0.0.0/16"}]', [], [
        'params/dev.json: entry 1: missing "ParameterKey"; add the parameter name']),
    ("entry-without-value", '[{"ParameterKey": "VpcCidr"}]', [], [
        'params/dev.json: entry 1 (VpcCidr): missing "ParameterValue"; add the value']),
    ("extra-field", '[{"ParameterKey": "VpcCidr", "ParameterValue": "10.0.0.0/16", "UsePreviousValue": true}]', [], [
        "params/dev.json: entry 1 (VpcCidr): unexpected field 'UsePreviousValue'; only ParameterKey and "
        "ParameterValue are allowed"]),
    ("value-not-string", json.dumps([{"ParameterKey": "DesiredCount", "ParameterValue": 2}]), [], [
        'params/dev.json: DesiredCount: ParameterValue must be a string, got a number 2; write it in quotes: "2"']),
    ("duplicate-key", json.dumps([{"ParameterKey": "AzCount", "ParameterValue": "2"},
                                  {"ParameterKey": "AzCount", "ParameterValue": "3"}]), [], [
        "params/dev.json: AzCount: given twice (entries 1 and 2); keep one"]),
    ("unknown-key-typo", with_params(VpcCdir="10.0.0.0/16"), [], [
        "params/dev.json: VpcCdir: unknown parameter (not in dist/parent.yaml); did you mean VpcCidr?"]),
    ("unknown-key", with_params(Flavour="vanilla"), [], [
        "params/dev.json: Flavour: unknown parameter (not in dist/parent.yaml); remove it or fix the name"]),
    ("reserved-key-in-file", with_params(ArtifactBucket="my-bucket"), [], [
        "params/dev.json: ArtifactBucket: set by deploy-stack (the artifact bucket and content-hashed prefix of "
        "this upload); remove it"]),
    ("environment-mismatch", with_params(EnvironmentName="prod"), [], [
        "params/dev.json: EnvironmentName: 'prod' does not match --env dev; deploy with --env prod or fix the value"]),
    ("missing-required", with_params(AlarmEmail=None), [], [
        "params/dev.json: AlarmEmail: required by dist/parent.yaml (no Default) but not given; add it to "
        "params/dev.json or pass --param AlarmEmail=VALUE"]),
    ("allowed-values", with_params(AzCount="4"), [], [
        "params/dev.json: AzCount: '4' is not one of 2, 3; use one of them"]),
    ("allowed-pattern", with_params(VpcCidr="10.0.0.0/8"), [], [
        f"params/dev.json: VpcCidr: '10.0.0.0/8' does not match AllowedPattern {CIDR_PATTERN} (a /16-/24 CIDR); "
        f"fix the value"]),
    ("min-length", with_params(AlarmEmail="a@b.c"), [], [
        "params/dev.json: AlarmEmail: 'a@b.c' is shorter than MinLength 6; use a longer value (an e-mail address)"]),
    ("not-a-number", None, ["--param", "DesiredCount=two"], [
        "--param: DesiredCount: 'two' is not a number (Type Number); use digits, e.g. 2"]),
    ("above-max", None, ["--param", "DesiredCount=11"], [
        "--param: DesiredCount: 11 is above MaxValue 10; use a value from 0 to 10"]),
    ("below-min", None, ["--param", "DesiredCount=-1"], [
        "--param: DesiredCount: -1 is below MinValue 0; use a value from 0 to 10"]),
    ("number-allowed-values", None, ["--param", "LogRetentionDays=5"], [
        "--param: LogRetentionDays: 5 is not one of 7, 14, 30; use one of them"]),
    ("param-without-equals", None, ["--param", "DesiredCount"], [
        "--param 'DesiredCount': expected KEY=VALUE (e.g. --param DesiredCount=2)"]),
    ("param-twice", None, ["--param", "DesiredCount=2", "--param", "DesiredCount=3"], [
        "--param DesiredCount: given twice; pass it once"]),
    ("param-unknown", None, ["--param", "DesiredCnt=2"], [
        "--param: DesiredCnt: unknown parameter (not in dist/parent.yaml); did you mean DesiredCount?"]),
    ("param-reserved", None, ["--param", "ArtifactPrefix=dist/x"], [
        "--param: ArtifactPrefix: set by deploy-stack (the artifact bucket and content-hashed prefix of this "
        "upload); remove it"]),
    ("image-latest", None, ["--image", "ghcr.io/berriai/litellm:latest"], [
        "--image ghcr.io/berriai/litellm:latest: tag 'latest' moves (latest, main-*, ... can change under you); "
        "pin a release tag or a digest (@sha256:...)"]),
    ("image-main", None, ["--image", "ghcr.io/berriai/litellm:main-stable"], [
        "--image ghcr.io/berriai/litellm:main-stable: tag 'main-stable' moves (latest, main-*, ... can change under "
        "you); pin a release tag or a digest (@sha256:...)"]),
    ("image-no-tag", None, ["--image", "ghcr.io/berriai/litellm"], [
        "--image ghcr.io/berriai/litellm: no tag or digest; pin a release (e.g. ghcr.io/berriai/litellm:v1.106.12) "
        "or a digest (@sha256:...)"]),
    ("image-garbage", None, ["--image", "Not An Image"], [
        "--image 'Not An Image': not a container image reference; use REGISTRY/REPOSITORY:TAG or "
        "REGISTRY/REPOSITORY@sha256:DIGEST"]),
    ("image-twice", None, ["--image", "ghcr.io/berriai/litellm:v1.106.12", "--param",
                           "LitellmImage=ghcr.io/berriai/litellm:v1.106.11"], [
        "--image and --param LitellmImage: both set the image; use one"]),
    ("image-too-long", None, ["--image", "ghcr.io/berriai/" + "a" * 200 + ":v1"], [
        "--image: LitellmImage: 'ghcr.io/berriai/" + "a" * 200 + ":v1' is longer than MaxLength 200; "
        "use a shorter value"]),
    ("bad-env-name", None, ["--env", "Dev_1"], [
        "--env 'Dev_1': use 2-20 lowercase letters, digits and '-', starting with a letter (e.g. dev)"]),
    ("bad-stack-name", None, ["--stack-name", "1-gateway"], [
        "--stack-name '1-gateway': a stack name is a letter followed by letters, digits and '-' (at most 128)"]),
    ("bad-region", None, ["--region", "mars"], [
        "--region 'mars': not an AWS region name (e.g. eu-west-1)"]),
    ("rotation-token-override", None, ["--param", "SecretsRotationToken=2026-12-01"], [
        "--param SecretsRotationToken: a one-off rotation token would be undone by the next deploy without it (a "
        "second rotation of the master key and database password); run `deploy-stack secret rotate --env dev`, "
        "which records the new token in params/dev.json"]),
    ("public-ingress-plain-http", with_params(AllowedCidrs="203.0.113.10/32,0.0.0.0/0"), [], [
        "params/dev.json: AllowedCidrs: 0.0.0.0/0 opens the load balancer to the internet on plain HTTP "
        "(CertificateArn is empty), so the master key would cross the network in clear text; set CertificateArn "
        "for HTTPS and pass --allow-public-ingress, or list narrower ranges (at most /16 for a public range)"]),
    ("public-ingress-https-unconfirmed", with_params(
        AllowedCidrs="8.0.0.0/8", CertificateArn="arn:aws:acm:us-east-1:123456789012:certificate/abc"), [], [
        "params/dev.json: AllowedCidrs: 8.0.0.0/8 opens the load balancer to the internet; pass "
        "--allow-public-ingress to confirm that is intended, or list narrower ranges"]),
    ("public-ingress-flag-without-https", None, ["--param", "AllowedCidrs=0.0.0.0/0", "--allow-public-ingress"], [
        "--param: AllowedCidrs: 0.0.0.0/0 opens the load balancer to the internet on plain HTTP (CertificateArn is "
        "empty), so the master key would cross the network in clear text; set CertificateArn for HTTPS and pass "
        "--allow-public-ingress, or list narrower ranges (at most /16 for a public range)"]),
    ("role-arn", None, ["--role-arn", "arn:aws:iam::123:role/x"], [
        "--role-arn 'arn:aws:iam::123:role/x': not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"]),
    ("yes-and-no-execute", None, ["--yes", "--no-execute"], [
        "error: deploy-stack deploy: argument --no-execute: not allowed with argument --yes/-y"]),
]


@pytest.mark.parametrize("params_text, argv, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["deploy", "diff"])
def test_bad_input_is_refused_before_any_aws_call(project, command, params_text, argv, expected):
    if command == "diff" and {"--yes", "--no-execute"} & set(argv):
        pytest.skip("deploy-only flags")
    if params_text is not None:
        write_params(project, params_text)
    env = [] if "--env" in argv else ["--env", "dev"]
    result = run(project, command, *env, *argv)
    assert result.code == 2, result.err
    for line in expected:
        assert line in result.lines, f"missing line:\n{line}\nin:\n{result.err}"
    assert result.out == ""


def test_stale_dist_is_refused(project):
    (project.root / "STALE").write_text("network.yaml, service.yaml")
    result = run(project, "deploy", "--env", "dev", "--yes")
    assert result.code == 2
    assert ("dist/: stale (dist is stale: network.yaml, service.yaml. Run `make build` and commit dist.); run "
            "`make build` and commit dist/") in result.lines


def test_missing_and_broken_parent_template(project):
    (project.root / "dist" / "parent.yaml").unlink()
    result = run(project, "diff", "--env", "dev")
    assert result.code == 2
    assert "dist/parent.yaml: not found; run `make build` to render dist/" in result.lines

    (project.root / "dist" / "parent.yaml").write_text("Resources: [unclosed\n")
    result = run(project, "diff", "--env", "dev")
    assert result.code == 2
    assert any(line.startswith("dist/parent.yaml: not valid YAML (") and line.endswith("); run `make build`")
               for line in result.lines), result.err


def test_missing_build_script(project):
    (project.root / "build.py").unlink()
    result = run(project, "deploy", "--env", "dev")
    assert result.code == 2
    assert any(line.startswith("build.py: not found in ") for line in result.lines)


def test_every_problem_is_reported_at_once(project):
    write_params(project, with_params(AzCount="5", Flavour="x", AlarmEmail=None))
    (project.root / "STALE").write_text("parent.yaml")
    result = run(project, "deploy", "--env", "dev", "--param", "DesiredCount=99")
    assert result.code == 2
    assert result.lines[0] == "error: invalid input (5 problems), nothing was sent to AWS:"
    assert result.lines[1].startswith("dist/: stale")
    assert result.lines[2:] == [
        "params/dev.json: Flavour: unknown parameter (not in dist/parent.yaml); remove it or fix the name",
        "params/dev.json: AzCount: '5' is not one of 2, 3; use one of them",
        "--param: DesiredCount: 99 is above MaxValue 10; use a value from 0 to 10",
        "params/dev.json: AlarmEmail: required by dist/parent.yaml (no Default) but not given; add it to "
        "params/dev.json or pass --param AlarmEmail=VALUE"]


@pytest.mark.parametrize("argv, expected", [
    (["secret", "set", "OpenAI_Key", "--env", "dev"],
     "error: secret name 'OpenAI_Key': use lowercase letters, digits and single '-' (e.g. openai-api-key), "
     "at most 64 characters"),
    (["secret", "set", "salt-key", "--env", "dev"],
     "error: secret salt-key is generated by the stack (Custom::Secrets) and must not be overwritten by hand; "
     "it never rotates (LiteLLM encrypts stored provider keys with it)"),
    (["secret", "set", "db-password", "--env", "dev"],
     "error: secret db-password is generated by the stack (Custom::Secrets) and must not be overwritten by hand; "
     "rotate it with `deploy-stack secret rotate --env dev`"),
    (["secret", "set", "openai-key", "--env", "dev"],
     "error: secret openai-key: no template in dist/ reads it, so the service would never see it; use one of: "
     "anthropic-api-key, openai-api-key"),
    (["execute", "--env", "dev"],
     "error: deploy-stack execute: the following arguments are required: --change-set"),
    (["execute", "--env", "dev", "--change-set", "arn:aws:cloudformation:x"],
     "--change-set 'arn:aws:cloudformation:x': not a deploy-stack change set name (deploy-stack-...; the name "
     "deploy --no-execute printed)"),
    (["destroy", "--env", "dev", "--role-arn", "deployer"],
     "--role-arn 'deployer': not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"),
    (["drift", "--env", "dev", "--region", "moon-1"], "--region 'moon-1': not an AWS region name (e.g. eu-west-1)"),
    (["secret", "rotate", "--env", "qa"],
     "params/qa.json: not found; create it (a JSON list of ParameterKey/ParameterValue objects) or pick an "
     "environment that has one (dev, staging)"),
    (["secret", "get", "../master-key", "--env", "dev"],
     "error: secret name '../master-key': use lowercase letters, digits and single '-' (e.g. openai-api-key), "
     "at most 64 characters"),
    (["secret", "set", "openai-api-key", "sk-live-in-an-argument", "--env", "dev"],
     "error: deploy-stack: unrecognized arguments: sk-live-in-an-argument"),
    (["outputs"], "error: deploy-stack outputs: the following arguments are required: --env"),
    (["launch", "--env", "dev"], None),
    (["destroy", "--env", "PROD"],
     "error: invalid arguments, nothing was sent to AWS:"),
])
def test_bad_flags_of_other_commands(project, argv, expected):
    result = run(project, *argv)
    assert result.code == 2, result.err
    if expected:
        assert expected in result.lines, result.err
    else:
        assert "invalid choice: 'launch'" in result.err


def test_secret_value_is_never_an_argument(project):
    result = run(project, "secret", "set", "--help")
    assert result.code == 0
    # the value comes from stdin or a hidden prompt; the parser has no place for it
    from deploy.cli import build_parser

    secret_set = build_parser()._subparsers._group_actions[0].choices["secret"]._subparsers._group_actions[0]
    positionals = [a.dest for a in secret_set.choices["set"]._actions if not a.option_strings]
    assert positionals == ["name"]


def test_list_parameter_pattern_applies_to_each_item():
    """CloudFormation matches a CommaDelimitedList's AllowedPattern against every item; so does deploy-stack."""
    from deploy.params import value_problem
    spec = {"Type": "CommaDelimitedList", "AllowedPattern": r"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$",
            "ConstraintDescription": "CIDR blocks"}
    assert value_problem("AllowedCidrs", spec, "203.0.113.10/32,198.51.100.0/24") is None
    assert value_problem("AllowedCidrs", spec, "203.0.113.10/32,10.0.0.1") == (
        "AllowedCidrs: '10.0.0.1' does not match AllowedPattern ^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$ (CIDR blocks); "
        "fix the value")


def _reads_three_cidrs(docs):
    """A service template that, like the real one, reads AllowedCidrs item by item (here: the first three)."""
    service = docs["service.yaml"]
    service["Parameters"]["AllowedCidrs"] = {"Type": "CommaDelimitedList"}
    padded = {"Fn::Split": [",", {"Fn::Join": [",", [{"Fn::Join": [",", {"Ref": "AllowedCidrs"}]}, ",,"]]}]}
    for index in range(3):
        service["Resources"][f"Ingress{index + 1}"] = {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
            "CidrIp": {"Fn::Select": [index, padded]}}}
    return docs


def test_a_list_longer_than_the_templates_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(aws, "make_session", lambda *a: pytest.fail("AWS session for bad input"))
    root = emulator.make_project(tmp_path / "repo", templates=_reads_three_cidrs(emulator.fixture_templates()))
    four = "203.0.113.1/32,203.0.113.2/32,203.0.113.3/32,203.0.113.4/32"
    result = run(SimpleNamespace(root=root), "deploy", "--env", "dev", "--param", f"AllowedCidrs={four}")
    assert result.code == 2, result.err
    assert ("--param: AllowedCidrs: 4 items, but the templates read only the first 3 (the rest would be ignored "
            "silently); list at most 3") in result.lines


def test_the_template_read_limit_comes_from_dist():
    from deploy import params
    assert params.list_reads(_reads_three_cidrs(emulator.fixture_templates()), "AllowedCidrs") == 3
    assert params.list_reads(emulator.fixture_templates(), "AllowedCidrs") is None  # passed on whole: no limit


def test_values_are_sent_in_the_form_they_were_validated_in():
    """Numbers validated stripped are sent stripped; list items are trimmed, as CloudFormation trims them,
    before the per-item pattern is checked."""
    from deploy import params
    template = emulator.fixture_templates()["parent.yaml"]
    template["Parameters"]["AllowedCidrs"]["AllowedPattern"] = r"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$"
    values, problems = params.resolve(template, "dist/parent.yaml", list(DEV.items()), "params/dev.json",
                                      [("DesiredCount", " 2 "), ("AllowedCidrs", "203.0.113.1/32, 198.51.100.0/24")],
                                      "dev", None)
    assert problems == []
    assert values["DesiredCount"] == "2"
    assert values["AllowedCidrs"] == "203.0.113.1/32,198.51.100.0/24"


def test_wide_open_ingress_needs_https_and_the_flag():
    from deploy import params
    https = {"AllowedCidrs": "0.0.0.0/0", "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/a"}
    assert params.public_ingress_problem(https, {}, allow_public=True) is None
    assert params.public_ingress_problem(https, {}, allow_public=False) is not None
    assert params.public_ingress_problem({"AllowedCidrs": "0.0.0.0/0"}, {}, allow_public=True) is not None
    # private ranges and narrow public ones are fine
    assert params.public_ingress_problem({"AllowedCidrs": "10.0.0.0/8,203.0.113.0/24"}, {}, False) is None


def test_secret_rotate_records_a_token_offline(project):
    path = project.root / "params" / "dev.json"
    result = run(project, "secret", "rotate", "--env", "dev")
    assert result.code == 0, result.err
    entries = {e["ParameterKey"]: e["ParameterValue"] for e in json.loads(path.read_text())}
    token = entries["SecretsRotationToken"]
    assert re.fullmatch(r"rotated-\d{8}T\d{6}Z", token)
    assert {k: v for k, v in entries.items() if k != "SecretsRotationToken"} == DEV  # nothing else touched
    assert f"Recorded SecretsRotationToken={token} in params/dev.json (was the template default)" in result.err


def test_rotation_cannot_be_flipped_back():
    from deploy import params
    assert params.rotation_problem("rotated-20261201T100000Z", "initial", "params/dev.json", "dev")
    assert params.rotation_problem("rotated-20261201T100000Z", "rotated-20261101T100000Z", "params/dev.json", "dev")
    assert params.rotation_problem("rotated-20261201T100000Z", "rotated-20261202T100000Z", "p", "dev") is None
    assert params.rotation_problem("initial", "rotated-20261201T100000Z", "p", "dev") is None


def test_docs_only_staleness_warns_and_does_not_block(tmp_path):
    from deploy.project import Project
    root = emulator.make_project(tmp_path / "repo")
    (root / "build.py").write_text("import sys\nprint('/x/docs is stale: architecture.md. Run `make build` and "
                                   "commit /x/docs.', file=sys.stderr)\nprint('dist is current')\nsys.exit(1)\n")
    problems, warnings = Project(root).dist_status()
    assert problems == []
    assert warnings == ["generated docs are stale (docs/: architecture.md); not deployed, so not blocking; run "
                        "`make build` and commit them"]


def test_output_into_a_closed_pipe_ends_without_a_traceback():
    """`deploy-stack ... | head`: the reader is gone before deploy-stack writes (it closes at once, while the
    child is still importing); the command ends with exit 1 and nothing on stderr."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.Popen([sys.executable, "-m", "deploy", "--project-dir", str(ROOT), "cost", "--env", "dev",
                             "--markdown"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_fingerprint_does_not_depend_on_whether_defaults_are_listed():
    """deploy-stack hashes what it sent; CloudFormation may answer with the defaulted parameters listed too."""
    from deploy import flow
    template = {"Parameters": {"A": {"Type": "String"}, "B": {"Type": "Number", "Default": 1},
                               "S": {"Type": "String", "NoEcho": "true"}}}
    sent = flow.inputs_hash({"A": "x", "S": "secret"}, template, {"S"})
    assert sent == flow.inputs_hash([{"ParameterKey": "A", "ParameterValue": "x"},
                                     {"ParameterKey": "B", "ParameterValue": "1"},
                                     {"ParameterKey": "S", "ParameterValue": "****"}], template, {"S"})
    assert sent != flow.inputs_hash([{"ParameterKey": "A", "ParameterValue": "x"},
                                     {"ParameterKey": "B", "ParameterValue": "2"},
                                     {"ParameterKey": "S", "ParameterValue": "****"}], template, {"S"})


def test_parameter_drift_names_every_deployed_value_the_file_does_not_hold(tmp_path):
    from deploy import flow, params
    from deploy.project import Project
    from deploy.ui import Console

    root = emulator.make_project(tmp_path / "repo")
    err = io.StringIO()
    ctx = SimpleNamespace(project=Project(root), env="staging", console=Console(out=io.StringIO(), err=err))
    template = emulator.fixture_templates()["parent.yaml"]
    file_values = {"EnvironmentName": "staging", "DesiredCount": "2"}
    inputs = params.Inputs(values={"EnvironmentName": "staging", "DesiredCount": "2", "LogRetentionDays": "30"},
                           template=template, file_values=file_values,
                           sources={"EnvironmentName": "params/staging.json", "DesiredCount": "params/staging.json",
                                    "LogRetentionDays": "--param"})
    deployed = {"Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in {
        "EnvironmentName": "staging", "DesiredCount": "3", "LogRetentionDays": "30", "AzCount": "3"}.items()]}
    flow.show_parameter_drift(ctx, inputs, deployed)
    lines = err.getvalue().splitlines()
    assert lines[0] == "Parameter drift (deployed or sent value vs params/staging.json):"
    assert lines[1:] == [
        "  LogRetentionDays = '30' from --param; params/staging.json says the template default '14': the next "
        "deploy without --param reverts it (put it in params/staging.json to keep it)",
        "  DesiredCount: deployed '3' is not what params/staging.json says ('2'; a one-off override or a change "
        "outside this checkout); this deploy sets '2'",
        "  AzCount: deployed '3' is not in params/staging.json; this deploy sets the template default '2'"]
