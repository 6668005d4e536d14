""".taskcat.yml: `taskcat lint` passes (own venv), at least three regions, a dev-like and a prod-like test of
dist/parent.yaml, only parameters the parent declares, every required one set and every value allowed, the
artifact bucket and prefix where taskcat really uploads the project, and no secrets.

taskcat 0.9.58 uploads the project directory (dot-files excluded) to its bucket under "<project name>/"
(taskcat/_config.py get_templates and _s3_stage.stage_in_s3), so dist/<file> lands at
<project name>/dist/<file>: test_artifact_prefix_matches_where_taskcat_uploads runs that upload code with a
stand-in S3 client to prove it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from docgen import taskcat_config, taskcat_policy
from tests.conftest import ROOT, venv_tool
from tests.fork_runner import ForkRunner

pytestmark = pytest.mark.lint

CONFIG = ROOT / ".taskcat.yml"
TASKCAT = venv_tool(".venv-taskcat", "taskcat")
TASKCAT_PY = venv_tool(".venv-taskcat", "python")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")
ARTIFACT_REF = re.compile(r"\$\{ArtifactPrefix\}/([A-Za-z0-9._-]+)")
# Values a test may set differently from params/<env>.json, and why (the generator's list), plus the two that
# only taskcat sets.
OVERRIDES = taskcat_config.OVERRIDES | {"ArtifactBucket": "taskcat's regional auto-bucket",
                                        "ArtifactPrefix": "where taskcat uploads the project"}
# A parameter that holds a secret (flags such as RetainSecretsOnDelete are fine).
SECRET_NAME = re.compile(r"(password|passwd|secret|token|api_?key|master_?key|salt|credentials?)$", re.I)
SECRET_TEXT = re.compile(r"\$\[taskcat_(genpass|ssm_|secretsmanager)|AKIA[0-9A-Z]{16}|\bsk-[A-Za-z0-9]|"
                         r"-----BEGIN|aws_secret_access_key", re.I)


def require_taskcat() -> None:
    if not TASKCAT.exists():
        pytest.fail(f"{TASKCAT} missing: run `make test`, which creates the taskcat venv")


def clean_env(home) -> dict:
    """This environment without AWS credentials or taskcat settings, HOME at ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TASKCAT_"))}
    return {**env, "HOME": str(home)}


@pytest.fixture(scope="module")
def taskcat_py(tmp_path_factory):
    """The taskcat venv's python, taskcat and cfn-lint imported once for every run of this file
    (tests/fork_runner.py). The imports see an empty HOME (taskcat reads ~/.taskcat.yml's path at import), as
    each run's own HOME is."""
    require_taskcat()
    runner = ForkRunner(TASKCAT_PY, ["cfnlint.core", "taskcat._cli", "taskcat._s3_stage", "taskcat._dataclasses"],
                        env=clean_env(tmp_path_factory.mktemp("taskcat-home")))
    yield runner
    runner.close()


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


@pytest.fixture(scope="module")
def parent() -> dict:
    return yaml.safe_load((ROOT / "dist" / "parent.yaml").read_text())


# `taskcat lint`, its console script's main(), with one change: taskcat lints every template of every test for
# each test (taskcat/_cfn_lint.py Lint._lint), so the same file with the same regions is linted once per test.
# cfn-lint's run_checks is deterministic, so a call whose file, regions, rules and template content (as passed:
# cfn-lint rewrites a template while linting it) equal an earlier call's gets that call's matches.
TASKCAT_LINT = """
import json, sys
import cfnlint.core
from taskcat._cli import main
lint_once, linted = cfnlint.core.run_checks, {}
def run_checks(filename, template, rules, regions, *args, **kwargs):
    key = (str(filename), tuple(regions), id(rules), json.dumps(template, sort_keys=True, default=str), repr(args),
           repr(sorted(kwargs.items())))
    if key not in linted:
        linted[key] = lint_once(filename, template, rules, regions, *args, **kwargs)
    return linted[key]
cfnlint.core.run_checks = run_checks
sys.argv = ["taskcat", "lint"]
sys.exit(main())
"""


def taskcat_lint(taskcat_py: ForkRunner, project: Path, home: Path) -> subprocess.CompletedProcess:
    # no ~/.taskcat.yml of the user's
    return taskcat_py.run(TASKCAT_LINT, cwd=project, timeout=300, env=clean_env(home))


def test_taskcat_lint_passes(tmp_path, taskcat_py):
    result = taskcat_lint(taskcat_py, ROOT, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Linting passed for file" in result.stdout + result.stderr


def test_taskcat_lint_fails_on_a_broken_template(tmp_path, taskcat_py):
    project = tmp_path / "project"
    (project / "t").mkdir(parents=True)
    (project / "t" / "bad.yaml").write_text(yaml.safe_dump({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketNam": "x"}}}}))
    (project / ".taskcat.yml").write_text(yaml.safe_dump({
        "project": {"name": "bad", "regions": ["us-east-1"]}, "tests": {"t1": {"template": "t/bad.yaml"}}}))
    result = taskcat_lint(taskcat_py, project, tmp_path)
    assert result.returncode != 0 and "BucketNam" in result.stdout + result.stderr


def test_taskcat_lint_fails_on_an_invalid_config(tmp_path, taskcat_py):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".taskcat.yml").write_text(CONFIG.read_text().replace("  regions:", "  regionz:", 1))
    shutil.copytree(ROOT / "dist", project / "dist")
    assert taskcat_lint(taskcat_py, project, tmp_path).returncode != 0


def test_at_least_three_distinct_regions(config):
    regions = config["project"]["regions"]
    assert len(regions) >= 3 and len(set(regions)) == len(regions), regions
    assert all(REGION.match(r) for r in regions), regions
    for name, test in config["tests"].items():
        assert "regions" not in test or len(test["regions"]) >= 3, name


def test_dev_like_and_prod_like_tests_of_the_parent(config):
    assert {"dev-like", "prod-like"} <= set(config["tests"])
    for name, test in config["tests"].items():
        assert test["template"] == "dist/parent.yaml", name
        assert (ROOT / test["template"]).is_file()


def merged(config: dict, test: str) -> dict:
    """The parameters taskcat passes to one test: project-level ones, overridden by the test's own."""
    return {**config["project"].get("parameters", {}), **config["tests"][test].get("parameters", {})}


def test_every_parameter_is_declared_by_the_parent(config, parent):
    """taskcat silently drops a parameter the template does not declare: refuse it here."""
    for test in config["tests"]:
        unknown = set(merged(config, test)) - set(parent["Parameters"])
        assert not unknown, f"{test}: dist/parent.yaml declares no {sorted(unknown)}: update .taskcat.yml"


def test_every_required_parameter_is_set(config, parent):
    required = {k for k, v in parent["Parameters"].items() if "Default" not in v}
    for test in config["tests"]:
        missing = required - set(merged(config, test))
        assert not missing, f"{test}: dist/parent.yaml requires {sorted(missing)}: set it in .taskcat.yml"


def sample_values(value: str, region: str) -> str:
    """What taskcat substitutes for the placeholders used here (regional bucket naming of taskcat 0.9.58)."""
    value = value.replace("$[taskcat_current_region]", region)
    return value.replace("$[taskcat_autobucket]", f"tcat-{'0' * 32}-{region}")


def test_every_value_is_allowed_in_every_region(config, parent):
    for test in config["tests"]:
        for region in config["tests"][test].get("regions", config["project"]["regions"]):
            for key, raw in merged(config, test).items():
                spec, value = parent["Parameters"][key], sample_values(str(raw), region)
                assert "$[" not in value, f"{test}/{key}: placeholder {raw} not checked here"
                if "AllowedValues" in spec:
                    assert value in [str(v) for v in spec["AllowedValues"]], f"{test}/{key}={value} in {region}"
                if "AllowedPattern" in spec:
                    assert re.fullmatch(spec["AllowedPattern"], value), f"{test}/{key}={value} in {region}"
                if spec.get("Type") == "Number":
                    float(value)


def test_environment_names_never_collide(config):
    names = [merged(config, t)["EnvironmentName"] for t in config["tests"]]
    assert len(set(names)) == len(names), names
    assert all("$[taskcat_current_region]" in n for n in names), "one name per region"
    real = {path.stem for path in (ROOT / "params").glob("*.json")}
    assert not {sample_values(n, r) for n in names for r in config["project"]["regions"]} & real


def load_params(env: str) -> dict[str, str]:
    return {p["ParameterKey"]: str(p["ParameterValue"]) for p in json.loads((ROOT / "params" / f"{env}.json")
                                                                              .read_text())}


@pytest.mark.parametrize("test,env", [("dev-like", "dev"), ("prod-like", "prod")])
def test_tests_mirror_their_environment(config, test, env):
    """dev-like/prod-like set every key of params/<env>.json (a dropped key fails), nothing else but the
    artifact location, and the same values except the documented OVERRIDES."""
    params, values = load_params(env), {k: str(v) for k, v in merged(config, test).items()}
    assert set(values) == set(params) | {"ArtifactBucket", "ArtifactPrefix"}, (
        f"{test} vs params/{env}.json: missing {sorted(set(params) - set(values))}, "
        f"extra {sorted(set(values) - set(params) - {'ArtifactBucket', 'ArtifactPrefix'})}")
    differ = {k: (v, params[k]) for k, v in values.items() if k in params and v != params[k] and k not in OVERRIDES}
    assert not differ, f"{test} differs from params/{env}.json (.taskcat.yml, params): {differ}"


def test_taskcat_yml_is_generated_from_the_params_files():
    assert CONFIG.read_text() == taskcat_config.render(), \
        ".taskcat.yml is stale: run `.venv/bin/python -m docgen.taskcat_config` and commit it"


def test_mirror_check_bites(config, tmp_path):
    """A key dropped from a test, or one the params file gains, fails the whole-set comparison."""
    params = load_params("dev")
    values = {k: str(v) for k, v in merged(config, "dev-like").items()}
    values.pop("EnableSharedCache")
    assert set(values) != set(params) | {"ArtifactBucket", "ArtifactPrefix"}
    (tmp_path / "params").mkdir()
    grown = [{"ParameterKey": k, "ParameterValue": v} for k, v in (params | {"MaxTasks": "3"}).items()]
    for env in ("dev", "prod"):
        (tmp_path / "params" / f"{env}.json").write_text(json.dumps(grown if env == "dev" else [
            {"ParameterKey": k, "ParameterValue": v} for k, v in load_params("prod").items()]))
    assert taskcat_config.render(tmp_path) != CONFIG.read_text()


TASKCAT_NAMES = r"""
import json, sys, uuid
from taskcat._dataclasses import TestObj, RegionObj, generate_regional_bucket_name
names = {}
for region, test_name in zip(sys.argv[1::2], sys.argv[2::2]):  # region test [region test ...]
    class Region:  # the two attributes generate_regional_bucket_name reads
        account_id, name = "123456789012", region
    test = TestObj.__new__(TestObj)
    test.name, test.uid, test._project_name = test_name, uuid.uuid4(), "llm-gateway"
    test._stack_name = test._stack_name_prefix = test._stack_name_suffix = ""
    test._shorten_stack_name = True
    names[f"{region} {test_name}"] = {"stack": test.stack_name, "bucket": generate_regional_bucket_name(Region())}
print(json.dumps(names))
"""


def arn_matches(pattern: str, arn: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), arn) is not None


NAMED_TESTS = ("dev-like", "prod-like")


@pytest.fixture(scope="module")
def taskcat_names(taskcat_py) -> dict:
    """"eu-west-1 <test>" -> the stack and bucket names taskcat gives it, for each of NAMED_TESTS (one interpreter
    importing taskcat, not one per test)."""
    pairs = [arg for test in NAMED_TESTS for arg in ("eu-west-1", test)]
    result = taskcat_py.run(TASKCAT_NAMES, *pairs, timeout=120, env={**os.environ, "HOME": "/nonexistent"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("test", NAMED_TESTS)
def test_taskcat_policy_covers_what_taskcat_names(templates, taskcat_names, test):
    """taskcat's own naming code (shorten_stack_name, regional buckets) against the generated policy."""
    names = taskcat_names[f"eu-west-1 {test}"]
    assert names["stack"].startswith("tCaT-") and names["bucket"].startswith("tcat-")
    policy = json.loads(taskcat_policy.policy_json(templates))
    stack_arn = f"arn:aws:cloudformation:eu-west-1:123456789012:stack/{names['stack']}/abc"
    nested_arn = f"arn:aws:cloudformation:eu-west-1:123456789012:stack/{names['stack']}-Data-1ABC/def"
    bucket_arn, object_arn = f"arn:aws:s3:::{names['bucket']}", f"arn:aws:s3:::{names['bucket']}/llm-gateway/dist/x"

    def allowed(action: str, arn: str) -> bool:
        return any(action in s["Action"] and any(arn_matches(r, arn) for r in s["Resource"])
                   for s in policy["Statement"])
    for action, arn in (("cloudformation:CreateStack", stack_arn), ("cloudformation:DeleteStack", nested_arn),
                        ("cloudformation:DescribeStacks", stack_arn), ("s3:CreateBucket", bucket_arn),
                        ("s3:PutObject", object_arn), ("s3:DeleteBucket", bucket_arn),
                        ("iam:CreateRole", f"arn:aws:iam::123456789012:role/{names['stack']}-Data-1AB-SecretsFunctionRole-X"),
                        ("kms:ScheduleKeyDeletion", "arn:aws:kms:eu-west-1:123456789012:key/1")):
        assert allowed(action, arn), f"the taskcat policy does not allow {action} on {arn}"
    assert not allowed("cloudformation:DeleteStack", "arn:aws:cloudformation:eu-west-1:123456789012:stack/llm-gateway-prod/x")
    assert not allowed("s3:DeleteBucket", "arn:aws:s3:::llm-gateway-artifacts-123456789012-eu-west-1")


def test_docs_name_the_taskcat_policy_files():
    text = (ROOT / "docs" / "ci.md").read_text()
    assert "docs/taskcat-policy-1.json" in text and "llm-gateway-*` stacks" not in text


def test_prod_like_is_not_dev_like(config):
    dev, prod = merged(config, "dev-like"), merged(config, "prod-like")
    assert dev["AzCount"] != prod["AzCount"] and dev["NatGatewayMode"] != prod["NatGatewayMode"]


def test_taskcat_can_clean_up(config):
    for test in config["tests"]:
        values = merged(config, test)
        for key in ("DatabaseDeletionProtection", "AlbDeletionProtection", "RetainSecretsOnDelete"):
            assert str(values.get(key, "false")) == "false", f"{test}: {key} would block or outlive deletion"


def test_artifact_bucket_is_the_regional_autobucket(config):
    assert config["project"]["parameters"]["ArtifactBucket"] == "$[taskcat_autobucket]"
    assert config["project"].get("s3_regional_buckets") is True, \
        "nested TemplateURLs and the Lambda package are read from the stack's own region"
    for test in config["tests"].values():
        assert "ArtifactBucket" not in test.get("parameters", {}) and "s3_bucket" not in test


def test_no_secrets(config):
    text = CONFIG.read_text()
    assert not SECRET_TEXT.search(text), SECRET_TEXT.search(text).group(0)
    for test in config["tests"]:
        named = [k for k in merged(config, test) if SECRET_NAME.search(k)]
        assert not named, f"{test} sets {named}: the stack generates its own secrets"
    assert "auth" not in config.get("general", {}) and "auth" not in config["project"]


def test_no_secrets_check_bites():
    assert SECRET_TEXT.search("ApiKey: $[taskcat_genpass_16]") and SECRET_TEXT.search("x: sk-abc")
    assert SECRET_NAME.search("DatabasePassword") and SECRET_NAME.search("LitellmMasterKey")
    assert SECRET_NAME.search("OpenAiApiKey") and not SECRET_NAME.search("RetainSecretsOnDelete")


UPLOAD_PROBE = textwrap.dedent("""
    import json, sys
    from types import SimpleNamespace
    from taskcat._s3_stage import stage_in_s3

    class S3:  # stands in for boto3's client: an empty bucket that records uploads
        keys = []
        def list_objects_v2(self, **kwargs):
            return {}
        def upload_file(self, filename, bucket, key, **kwargs):
            self.keys.append(key)

    s3 = S3()
    bucket = SimpleNamespace(name="tcat-bucket", partition="aws", s3_client=s3, object_acl="private")
    stage_in_s3({"test": {"us-east-1": bucket}}, sys.argv[1], sys.argv[2], [])
    print(json.dumps(sorted(s3.keys)))
""")


def test_artifact_prefix_matches_where_taskcat_uploads(config, tmp_path, taskcat_py):
    """Run taskcat's own upload code on a copy of dist/ and find every file the templates load there."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "dist", project / "dist")
    (project / ".venv-x").mkdir()
    (project / ".venv-x" / "noise.py").write_text("")
    name = config["project"]["name"]
    result = taskcat_py.run(UPLOAD_PROBE, name, str(project), timeout=120)
    assert result.returncode == 0, result.stderr
    uploaded = set(json.loads(result.stdout))
    assert not any(".venv" in key for key in uploaded)
    prefix = config["project"]["parameters"]["ArtifactPrefix"]
    assert prefix == f"{name}/dist"
    referenced = {m for path in (ROOT / "dist").glob("*.yaml") for m in ARTIFACT_REF.findall(path.read_text())}
    assert {"network.yaml"} <= referenced
    missing = {f"{prefix}/{file}" for file in referenced} - uploaded
    assert not missing, f"the templates load {sorted(missing)}, taskcat uploads {sorted(uploaded)}"
