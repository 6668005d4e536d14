"""AWS Control Tower proactive controls (cfn-guard rules from the pinned npm package
@cdklabs/cdk-validator-cfnguard) over the rendered templates: every failure is fixed or justified.

A justification lives in the resource's Metadata, like a checkov skip:
    Metadata: {guard: {SuppressedRules: [{id: CT.RDS.PR.1, comment: why}]}}
An entry with `where: dist` applies only to the raw dist/*.yaml, where conditions are unresolved (cfn-guard
cannot see inside Fn::If); the templates resolved for each environment's parameters are checked without it.
"""
import json
import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from deploy.evaluator import Evaluator
from tests.conftest import ROOT

pytestmark = pytest.mark.scan
PACKAGE = ROOT / "node_modules" / "@cdklabs" / "cdk-validator-cfnguard"
CFN_GUARD = PACKAGE / "bin" / "ubuntu" / platform.machine() / "cfn-guard"
RULES = PACKAGE / "rules" / "control-tower" / "cfn-guard"
ENVIRONMENTS = ["dev", "staging", "prod"]


@dataclass(frozen=True)
class Finding:
    file: str
    rule: str
    control: str
    resource: str


def guard(directory: Path) -> list[Finding]:
    if not CFN_GUARD.exists():
        pytest.fail(f"{CFN_GUARD} missing: run `npm ci --ignore-scripts` (package.json pins the guard package)")
    result = subprocess.run([str(CFN_GUARD), "validate", "--rules", str(RULES), "--data", str(directory),
                             "--output-format", "json", "--show-summary", "none", "--structured"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 19), f"cfn-guard failed to run ({result.returncode}):\n{result.stderr}"
    findings = []
    for report in json.loads(result.stdout):
        for failure in report.get("not_compliant", []):
            text = json.dumps(failure)
            control = re.search(r"\[(CT\.[A-Z0-9]+\.PR\.\d+)\]", text)
            resources = sorted(set(re.findall(r'"/Resources/([A-Za-z0-9]+)', text))) or ["(template)"]
            for resource in resources:
                findings.append(Finding(Path(report["name"]).name, failure["Rule"]["name"],
                                        control.group(1) if control else failure["Rule"]["name"], resource))
    return findings


def suppressions(resource: dict) -> list[dict]:
    return (resource.get("Metadata") or {}).get("guard", {}).get("SuppressedRules", [])


def unjustified(findings: list[Finding], templates: dict, resolved: bool) -> list[str]:
    out = []
    for f in findings:
        resource = templates[f.file[:-5]]["Resources"].get(f.resource, {})
        if not any(s["id"] == f.control and (not resolved or s.get("where") != "dist") for s in suppressions(resource)):
            out.append(f"{f.control} {f.file}/{f.resource} ({f.rule})")
    return sorted(set(out))


class TypedEvaluator(Evaluator):
    """Number parameters resolve to numbers, as the resource providers read them (cfn-guard compares types)."""
    def _intrinsic(self, key, arg):
        value = super()._intrinsic(key, arg)
        if key == "Ref" and self.template.get("Parameters", {}).get(arg, {}).get("Type") == "Number":
            return float(value) if "." in value else int(value)
        return value


def params_of(env: str) -> dict:
    return {p["ParameterKey"]: p["ParameterValue"]
            for p in json.loads((ROOT / "params" / f"{env}.json").read_text())}


def resolved_templates(templates: dict, env: str) -> dict:
    """Each child stack as CloudFormation would create it for the environment: conditions resolved, the
    parent's wiring replaced by stand-in values of the right shape."""
    from tests.test_data import WIRED as DATA_WIRED
    from tests.test_service import WIRED as SERVICE_WIRED
    values = params_of(env)
    wired = {"network": {}, "data": DATA_WIRED, "service": dict(SERVICE_WIRED)}
    if values.get("EnableModelCache") == "true":
        wired["service"] |= {"ModelCacheFileSystemId": "fs-0123", "ModelCacheAccessPointId": "fsap-0456",
                             "ModelCacheSecurityGroupId": "sg-efs"}
    if values.get("EnableSharedCache") == "true":
        wired["service"] |= {"SharedCacheHost": "cache.internal", "SharedCachePort": "6379",
                             "SharedCacheSecurityGroupId": "sg-redis", "SharedCacheAuthParameterArn":
                             "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/cache-auth"}
    out = {}
    for stack in ("network", "data", "service"):
        template = templates[stack]
        given = {k: v for k, v in values.items() if k in template["Parameters"]}
        resources = TypedEvaluator(template, wired[stack] | given | {"EnvironmentName": env}).resources()
        out[stack] = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    return out


def write(directory: Path, templates: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, template in templates.items():
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(template, sort_keys=True))
    return directory


@pytest.fixture(scope="module")
def findings(dist_dir, templates, tmp_path_factory) -> dict[str, list[Finding]]:
    """"dist" -> findings on the rendered files; <env> -> findings on that environment's resolved templates."""
    out = {"dist": guard(dist_dir)}
    for env in ENVIRONMENTS:
        out[env] = guard(write(tmp_path_factory.mktemp(f"guard-{env}"), resolved_templates(templates, env)))
    return out


def test_dist_passes_the_control_tower_rules(findings, templates):
    assert findings["dist"], "the rules found nothing at all: are they running?"
    problems = unjustified(findings["dist"], templates, resolved=False)
    assert not problems, "fix, or justify in the resource's Metadata guard.SuppressedRules:\n" + "\n".join(problems)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_each_environment_passes_the_control_tower_rules(findings, templates, env):
    problems = unjustified(findings[env], templates, resolved=True)
    assert not problems, "fix, or justify in the resource's Metadata guard.SuppressedRules:\n" + "\n".join(problems)


def test_every_justification_has_a_reason_and_is_still_needed(findings, templates):
    controls = {m for f in RULES.rglob("*.guard") for m in re.findall(r"\[(CT\.[A-Z0-9]+\.PR\.\d+)\]", f.read_text())}
    seen = {(f.file[:-5], f.resource, f.control) for found in findings.values() for f in found}
    count = 0
    for name, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            for entry in suppressions(resource):
                count += 1
                assert entry["id"] in controls, f"{name}/{logical_id}: no Control Tower rule {entry['id']}"
                assert len(entry.get("comment", "")) > 20, f"{name}/{logical_id} skips {entry['id']} without reason"
                assert (name, logical_id, entry["id"]) in seen, f"{name}/{logical_id}: {entry['id']} no longer fails"
    assert count >= 10


# --- the gate bites: a copy of the rendered templates with a fault put back -------------------------------
def test_gate_reports_kms_grants_open_to_any_principal(tmp_path, templates):
    data = json.loads(json.dumps(templates["data"]))
    statements = data["Resources"]["Key"]["Properties"]["KeyPolicy"]["Statement"]
    data["Resources"]["Key"]["Properties"]["KeyPolicy"]["Statement"] = [
        s for s in statements if s.get("Sid") != "GrantsOnlyForAwsServices"]
    problems = unjustified(guard(write(tmp_path, {"data": data})), {"data": data}, resolved=False)
    assert "CT.KMS.PR.3 data.yaml/Key (kms_create_grant_aws_service_check)" in problems


def test_gate_reports_a_finding_whose_justification_is_removed(tmp_path, templates):
    data = json.loads(json.dumps(templates["data"]))
    del data["Resources"]["Database"]["Metadata"]["guard"]
    problems = unjustified(guard(write(tmp_path, {"data": data})), {"data": data}, resolved=False)
    assert {p.split()[0] for p in problems} >= {"CT.RDS.PR.1", "CT.RDS.PR.13", "CT.RDS.PR.20", "CT.RDS.PR.8"}


def test_gate_reports_a_container_without_a_memory_limit(tmp_path, templates):
    resolved = resolved_templates(templates, "dev")
    (litellm,) = [c for c in resolved["service"]["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"]
                  if c["Name"] == "litellm"]
    del litellm["Memory"]
    problems = unjustified(guard(write(tmp_path, {"service": resolved["service"]})), templates, resolved=True)
    assert "CT.ECS.PR.7 service.yaml/TaskDefinition (ecs_task_definition_memory_hard_limit_check)" in problems
