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


# Every top-level rule of the pinned package runs only when its resource selection (`Resources.*[ Type == ... ]`)
# is not empty, or when a hook names its type (test_every_rule_is_gated_on_its_resource_types checks the shapes),
# so a rule file none of whose AWS types the templates hold finds nothing there. guard() runs only the files
# that name a type present: cfn-guard's time grows with rule files x templates.
RESOURCE_TYPE = re.compile(r"\bAWS::[A-Za-z0-9]+::[A-Za-z0-9]+\b")
GATES = (re.compile(r"when is_cfn_template\((?:%INPUT_DOCUMENT|this)\) %(\w+) not empty"),
         re.compile(r"when is_cfn_hook\(%INPUT_DOCUMENT, %(\w+)\)"))


def rule_types() -> dict[Path, set[str]]:
    """Each rule file of the package -> the AWS resource types it names."""
    return {path: set(RESOURCE_TYPE.findall(path.read_text())) for path in sorted(RULES.rglob("*.guard"))}


def types_in(directory: Path) -> set[str]:
    return {resource.get("Type", "") for path in directory.glob("*.yaml")
            for resource in (yaml.safe_load(path.read_text()).get("Resources") or {}).values()}


def guard(directory: Path) -> list[Finding]:
    if not CFN_GUARD.exists():
        pytest.fail(f"{CFN_GUARD} missing: run `npm ci --ignore-scripts` (package.json pins the guard package)")
    present = types_in(directory)
    rules = [arg for path, types in rule_types().items() if types & present for arg in ("--rules", str(path))]
    assert rules, f"no Control Tower rule names a resource type of {directory}: are the rules installed?"
    result = subprocess.run([str(CFN_GUARD), "validate", *rules, "--data", str(directory),
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


def gate_problems(text: str) -> list[str]:
    """Top-level rules of a rule file (not `rule name(args) {` helpers) that could run on a template without the
    file's resource types: each must be gated on a non-empty `Resources[ Type == %T ... ]` selection or a hook
    of type %T, with %T a literal 'AWS::...' in the same file (the name guard() selects the file by)."""
    flat = " ".join(text.split())
    literal = set(re.findall(r"let (\w+) = [\"'](?:AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)[\"']", flat))
    selection = re.compile(r"Resources(\.\*)? ?\[ ?Type == %(\w+)( or Type == %(\w+))* ?\]")
    problems = []
    for head in re.findall(r"(?:^| )rule \w+( when .*?| ?)\{", flat):
        gate = next((m for g in GATES if (m := g.fullmatch(head.strip()))), None)
        if gate is None:
            problems.append(f"rule{head}: not gated on a resource selection or hook")
            continue
        var = gate.group(1)
        if head.strip().startswith("when is_cfn_hook"):
            ok = var in literal
        else:
            found = re.search(rf"let {var} = (Resources.*?\])", flat)
            match = found and selection.fullmatch(found.group(1))
            ok = bool(match) and set(re.findall(r"%(\w+)", found.group(1))) <= literal
        if not ok:
            problems.append(f"rule{head}: %{var} is not a selection by literal AWS resource types")
    return problems


def test_every_rule_is_gated_on_its_resource_types():
    """What lets guard() skip rule files: no top-level rule of the package runs on templates without its types."""
    problems = [f"{path.name}: {p}" for path in rule_types() for p in gate_problems(path.read_text())]
    assert len(rule_types()) > 200 and not problems, (
        "rules that may report on templates without their resource types; guard() must run them all:\n"
        + "\n".join(problems))


GATED = ('let BUCKET = "AWS::S3::Bucket"\nlet buckets = Resources.*[\n  Type == %BUCKET\n]\n'
         "rule r when is_cfn_template(this)\n  %buckets not empty {\n  check(%buckets)\n}\n"
         "rule h when is_cfn_hook(%INPUT_DOCUMENT, %BUCKET) {\n}\nrule check(x) {\n}\n")


def test_the_gate_check_sees_rules_that_run_on_any_template():
    assert gate_problems(GATED) == []
    assert gate_problems(GATED + "rule always {\n  Resources exists\n}\n") == [
        "rule : not gated on a resource selection or hook"]
    anything = GATED.replace("Resources.*[\n  Type == %BUCKET\n]", "Resources.*")
    assert gate_problems(anything) == ["rule when is_cfn_template(this) %buckets not empty : %buckets is not a "
                                       "selection by literal AWS resource types"]
    by_name = GATED.replace("Type == %BUCKET", "Type == %OTHER")
    assert len(gate_problems(by_name)) == 1


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
