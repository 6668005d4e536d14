"""Every command in README.md and DEPLOYMENT.md still works: deploy-stack lines parse with the real CLI
parser, make targets exist, scripts exist, and the AWS names the docs use match the templates."""
import re
import shlex

import pytest

from deploy.cli import build_parser
from deploy.evaluator import Evaluator
from tests.conftest import ROOT

DOCS = ["README.md", "DEPLOYMENT.md"]


def shell_lines(doc: str) -> list[str]:
    """Commands in ```bash blocks, continuation lines joined."""
    text = (ROOT / doc).read_text()
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def deploy_stack_invocations(line: str) -> list[list[str]]:
    """argv of every deploy-stack call in a line, including inside $(...) and before a pipe."""
    calls = []
    for match in re.finditer(r"(?:\.venv/bin/)?deploy-stack ([^|)]*)", line):
        calls.append(shlex.split(match.group(1)))
    return calls


def all_lines():
    return [(doc, line) for doc in DOCS for line in shell_lines(doc)]


def test_the_docs_have_commands():
    assert len(all_lines()) >= 15
    assert sum(len(deploy_stack_invocations(line)) for _, line in all_lines()) >= 12


@pytest.mark.parametrize("doc,line", all_lines())
def test_documented_command_is_valid(doc, line):
    for argv in deploy_stack_invocations(line):
        try:
            build_parser().parse_args(argv)
        except SystemExit as exit_:
            pytest.fail(f"{doc}: `deploy-stack {' '.join(argv)}` is rejected by the parser ({exit_.code})")
    if line.startswith("make "):
        targets = set(re.findall(r"^([a-z][\w.-]*):", (ROOT / "Makefile").read_text(), flags=re.M))
        for fragment in (ROOT / "mk").glob("*.mk"):
            targets |= set(re.findall(r"^([a-z][\w.-]*):", fragment.read_text(), flags=re.M))
        assert line.split()[1] in targets, f"{doc}: no make target {line.split()[1]}"
    for script in re.findall(r"python3? (\S+\.py)", line):
        assert (ROOT / script).exists(), f"{doc}: {script} does not exist"


def test_log_group_and_database_names_in_the_docs_match_the_templates(templates):
    deployment = (ROOT / "DEPLOYMENT.md").read_text()
    service = Evaluator(templates["service"], {n: "x" for n in templates["service"]["Parameters"]
                                               if "Default" not in templates["service"]["Parameters"][n]}
                        | {"EnvironmentName": "dev", "AllowedCidrs": "198.51.100.1/32"}).resources()
    log_group = service["LogGroup"]["Properties"]["LogGroupName"]
    assert f"aws logs tail {log_group} " in deployment
    db_id = templates["data"]["Resources"]["Database"]["Properties"]["DBInstanceIdentifier"]["Fn::Sub"]
    assert f"--db-instance-identifier {db_id.replace('${EnvironmentName}', 'dev')} " in deployment
    for prefix in ("litellm", "ollama"):
        assert f"--log-stream-name-prefix {prefix}" in deployment


def _container_environment(node) -> dict[str, str]:
    """Every Name/Value pair of an ECS container Environment list anywhere in a template."""
    found = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Environment" and isinstance(value, list):
                found |= {e["Name"]: str(e["Value"]) for e in value
                          if isinstance(e, dict) and "Name" in e and isinstance(e.get("Value"), (str, int))}
            else:
                found |= _container_environment(value)
    elif isinstance(node, list):
        for item in node:
            found |= _container_environment(item)
    return found


def test_container_settings_in_the_docs_match_the_task_definition(templates):
    """A figure such as "(`LITELLM_MIGRATION_LOCK_TIMEOUT`, 420 s)" is the value the container gets."""
    environment = _container_environment(templates["service"]["Resources"])
    named = re.findall(r"`([A-Z][A-Z0-9_]+)`, (\d+) s\b", (ROOT / "DEPLOYMENT.md").read_text())
    assert named, "DEPLOYMENT.md names no container setting with its figure"
    for name, seconds in named:
        assert environment.get(name) == seconds, \
            f"DEPLOYMENT.md: {name} is {seconds} s, the task definition sets {environment.get(name)!r}"


def test_documented_parameters_exist(templates):
    parameters = set(templates["parent"]["Parameters"])
    for doc in DOCS:
        for name in re.findall(r"--param (\w+)=", (ROOT / doc).read_text()):
            assert name == "KEY" or name in parameters, f"{doc}: --param {name} is not a parent parameter"
        for name in re.findall(r"`([A-Z][A-Za-z]+)(?:=[^`]*)?`", (ROOT / doc).read_text()):
            if name in {"EndpointSecurity", "EndpointUrl"}:
                assert name in templates["parent"]["Outputs"], name
            elif re.fullmatch(r"(Enable|Task|Min|Max|Nat|Cpu|Alb|Database|Secrets|Schedule|Scale|Work|"
                              r"Ollama|Local|Bedrock|Allowed|Certificate|Alarm|Capacity|OnDemand|Requests|"
                              r"StopDatabase|Retain)\w*", name):
                assert name in parameters, f"{doc}: `{name}` is not a parent parameter"


def _table_rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        cells = [c.replace("*", "").strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] and not cells[0].startswith("---"):
            rows[cells[0].split(" (")[0]] = cells[1:]
    return rows


def test_readme_cost_table_matches_the_generated_estimate():
    readme = _table_rows((ROOT / "README.md").read_text().split("## What it costs")[1].split("##")[0])
    generated = _table_rows((ROOT / "docs" / "cost.md").read_text())
    assert "Total" in readme and len(readme) >= 4
    for label, values in readme.items():
        if label != "component":
            assert generated[label][:3] == values[:3], f"README cost row {label!r} differs from docs/cost.md"


def test_readme_dispatch_example_matches_the_workflow():
    import yaml
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy-dev.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads the bare key `on` as True
    event_types = triggers["repository_dispatch"]["types"]
    readme = (ROOT / "README.md").read_text()
    (used,) = re.findall(r'"event_type": "([^"]+)"', readme)
    assert used in event_types
    assert '"image":' in readme and '"commit":' in readme


def test_the_ci_role_may_make_the_aws_cli_calls_of_its_workflows():
    """docs/ci.md gives gh-llm-gateway-ci the deployer policy and nothing else; every `aws SERVICE OPERATION`
    in deploy-dev.yml and destroy-dev.yml must be allowed by it on any resource."""
    import fnmatch
    import json

    import botocore.session
    from botocore import xform_name

    statements = [s for s in json.loads((ROOT / "docs" / "deployer-policy.json").read_text())["Statement"]
                  if s["Effect"] == "Allow"]

    def allowed(action: str) -> bool:
        for statement in statements:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if "*" in resources and any(fnmatch.fnmatchcase(action, a) for a in actions):
                return True
        return False

    calls = set()
    for name in ("deploy-dev.yml", "destroy-dev.yml"):
        text = (ROOT / ".github" / "workflows" / name).read_text()
        calls |= set(re.findall(r"\baws ([a-z0-9-]+) ([a-z0-9-]+)", text))
    assert calls, "the workflows make no aws CLI call: drop this test"
    for service, operation in sorted(calls):
        model = botocore.session.get_session().get_service_model(service)
        (operation_name,) = [o for o in model.operation_names if xform_name(o, "-") == operation]
        action = f"{model.signing_name}:{operation_name}"
        assert allowed(action), f"{action} (aws {service} {operation} in a workflow) is not in the deployer policy"


def test_every_python_module_the_docs_run_exists():
    """`python -m MODULE` in the docs (also where a line break splits it) names a module of this checkout."""
    import importlib.util

    docs = ["README.md", "DEPLOYMENT.md", "config/README.md", *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
    modules = set()
    for doc in docs:
        text = re.sub(r"\s+", " ", (ROOT / doc).read_text())
        modules |= {(doc, m) for m in re.findall(r"python3? -m ([A-Za-z_][\w.]*[A-Za-z0-9_])", text)}
    assert any(module == "deploy.retained" for _, module in modules)
    for doc, module in sorted(modules):
        if module.split(".")[0] in {"pytest", "pip", "venv"}:
            continue
        assert importlib.util.find_spec(module) is not None, f"{doc}: `python -m {module}`: no such module"


def test_the_kms_key_deletion_policy_in_docs_ci_is_the_templates(templates):
    (named,) = re.findall(r"KMS key has `DeletionPolicy: (\w+)`", (ROOT / "docs" / "ci.md").read_text())
    assert named == templates["data"]["Resources"]["Key"]["DeletionPolicy"]
