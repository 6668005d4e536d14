"""Generated docs: docs/architecture.md (+ its PNG) and docs/deployer-policy*.json follow the templates.

Expectations are read from the rendered templates (the `templates` fixture), not from the generators, so a
template change that the generators miss fails here."""
import copy
import hashlib
import json
import re
import struct

import boto3
import pytest

import build
from docgen import deployer_policy, diagram
from tests.conftest import ROOT

DOCS = ROOT / "docs"
ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")


@pytest.fixture(scope="session")
def docs(rendered) -> dict[str, bytes]:
    return build.render_docs(rendered)


@pytest.fixture(scope="session")
def markdown(docs) -> str:
    return docs["architecture.md"].decode()


def mermaid_block(markdown: str) -> str:
    """Same rule as tools/render-diagram/render.mjs: text between "```mermaid\\n" and the next "\\n```"."""
    match = re.search(r"```mermaid\n(.*?)\n```", markdown, re.S)
    assert match, "docs/architecture.md has no ```mermaid block"
    return match.group(1)


@pytest.fixture(scope="session")
def mermaid(markdown) -> str:
    return mermaid_block(markdown)


@pytest.fixture(scope="session")
def policy(docs) -> dict:
    return json.loads(docs["deployer-policy.json"])


def nested_stacks(templates) -> dict[str, str]:
    """Parent logical id -> template name, from the TemplateURL of each AWS::CloudFormation::Stack."""
    found = {}
    for logical_id, res in templates["parent"]["Resources"].items():
        if res["Type"] == "AWS::CloudFormation::Stack":
            found[logical_id] = re.search(r"/(\w+)\.yaml", json.dumps(res["Properties"]["TemplateURL"])).group(1)
    return found


def container_names(value) -> set[str]:
    """Names of the container definitions in a ContainerDefinitions value, through Fn::If branches."""
    if isinstance(value, list):
        return set().union(*(container_names(v) for v in value)) if value else set()
    if isinstance(value, dict) and "Fn::If" in value:
        return container_names(value["Fn::If"][1]) | container_names(value["Fn::If"][2])
    if isinstance(value, dict) and isinstance(value.get("Name"), str) and "Image" in value:
        return {value["Name"]}
    return set()


def every_resource(templates):
    for stack, template in sorted(templates.items()):
        for logical_id, res in sorted(template.get("Resources", {}).items()):
            yield stack, logical_id, res


# ---------------------------------------------------------------- committed files are current
def test_committed_docs_are_current(docs):
    stale = build.stale_files(docs, DOCS, build.DOCS_GENERATED)
    assert stale == [], f"docs/ is stale: {', '.join(stale)}; run `make build` and commit docs/"


def test_docs_render_is_deterministic(templates, docs):
    again = build.render_docs(build.render())
    assert again == docs
    shuffled = {name: dict(reversed(list(t.items()))) for name, t in reversed(list(templates.items()))}
    assert diagram.architecture_markdown(shuffled) == docs["architecture.md"].decode()
    assert deployer_policy.policy_json(shuffled) == docs["deployer-policy.json"]


def test_png_was_drawn_from_the_current_diagram(mermaid):
    png, sidecar = DOCS / "architecture.png", DOCS / "architecture.png.sha256"
    assert png.is_file() and sidecar.is_file(), "docs/architecture.png missing: run `make diagram` (needs chromium)"
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "docs/architecture.png is not a PNG: run `make diagram`"
    width, height = struct.unpack(">II", head[16:24])
    assert width >= 800 and height >= 800, f"docs/architecture.png is {width}x{height}: run `make diagram`"
    expected = hashlib.sha256(mermaid.encode()).hexdigest()
    assert sidecar.read_text().split()[0] == expected, (
        "docs/architecture.png was drawn from another version of the diagram: run `make diagram` "
        "(needs chromium) and commit docs/architecture.png and docs/architecture.png.sha256")


# ---------------------------------------------------------------- what the diagram shows
def test_every_nested_stack_is_a_subgraph(templates, mermaid):
    stacks = nested_stacks(templates)
    assert len(stacks) >= 3
    for logical_id, name in stacks.items():
        assert re.search(rf'^  subgraph stack_{logical_id}\[".*{name}\.yaml · '
                         rf'{len(templates[name]["Resources"])} resources"\]$', mermaid, re.M), logical_id


def test_every_container_of_every_task_definition_is_a_node(templates, mermaid):
    found = 0
    for stack, logical_id, res in every_resource(templates):
        if res["Type"] == "AWS::ECS::TaskDefinition":
            names = container_names(res["Properties"]["ContainerDefinitions"])
            assert {"litellm", "ollama"} <= names
            for name in names:
                found += 1
                assert re.search(rf'_{logical_id}_{name}\("<b>{name}</b>', mermaid), name
    assert found >= 2


def test_key_resources_appear_in_the_diagram(templates, mermaid):
    """Each resource of a main type appears by logical id (numbered ones by their stem: `PublicSubnet1–3`)."""
    main = ("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::NatGateway", "AWS::EC2::VPCEndpoint", "AWS::KMS::Key",
            "AWS::Lambda::Function", "AWS::RDS::DBInstance", "AWS::EFS::FileSystem",
            "AWS::ElastiCache::ReplicationGroup", "AWS::ECS::Cluster", "AWS::ECS::Service",
            "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener",
            "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::CloudWatch::Alarm", "AWS::SNS::Topic")
    seen = set()
    for _stack, logical_id, res in every_resource(templates):
        if res["Type"] in main or res["Type"].startswith("Custom::"):
            seen.add(res["Type"])
            stem = re.sub(r"\d+$", "", logical_id)
            assert re.search(rf"[ >]{stem}[0-9,–? ]*(?:[ ·<\"]|$)", mermaid, re.M), logical_id
            if res.get("Condition") and stem == logical_id:
                assert f"{logical_id}?" in mermaid, f"{logical_id} has a Condition but is not marked optional"
    assert {"AWS::RDS::DBInstance", "AWS::ECS::Service", "AWS::EFS::FileSystem"} <= seen


def test_every_resource_is_listed_with_its_type_and_condition(templates, markdown):
    for stack, logical_id, res in every_resource(templates):
        if stack == "parent":
            assert f"`{logical_id}` ({nested_stacks(templates)[logical_id]}.yaml)" in markdown
            continue
        assert f"| `{logical_id}` | {res['Type']} | {res.get('Condition') or ''} |" in markdown, logical_id


def test_request_path_client_load_balancer_litellm(templates, mermaid):
    service = templates["service"]["Resources"]
    listeners = [r for r in service.values() if r["Type"] == "AWS::ElasticLoadBalancingV2::Listener"]
    for listener in listeners:
        port = listener["Properties"]["Port"]
        assert re.search(rf'^  client ==>\|"{listener["Properties"]["Protocol"]} :{port}.*"\| Service_alb$',
                         mermaid, re.M)
    (binding,) = [b for r in service.values() if r["Type"] == "AWS::ECS::Service"
                  for b in r["Properties"]["LoadBalancers"]]
    assert re.search(rf'==>\|":{binding["ContainerPort"]}"\| Service_\w+_{binding["ContainerName"]}$', mermaid, re.M)
    assert re.search(r"Service_alb ==>.* Service_targets$", mermaid, re.M)


def test_model_routes_follow_the_litellm_config(templates, mermaid, markdown):
    """Each provider in the model list the task carries is reached from litellm; cloud ones only when enabled."""
    config = json.dumps(templates["service"]["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"])
    providers = set(re.findall(r"\\n\s*model: (\w+)/", config))
    assert {"ollama_chat", "openai", "anthropic", "bedrock"} <= providers
    for provider in providers - {"ollama_chat"}:
        assert re.search(rf"_litellm ==>\|\"{provider}/\*\"\| provider_{provider}$", mermaid, re.M), provider
        assert re.search(rf"class [\w,]*provider_{provider}[\w,]* optional", mermaid), provider
    assert re.search(r'_litellm ==>\|".* @ 127\.0\.0\.1:11434"\| Service_\w+_ollama$', mermaid, re.M)
    conditions = templates["service"]["Conditions"]
    for name, parameter in (("OpenAi", "EnableOpenAi"), ("Anthropic", "EnableAnthropic"),
                            ("Bedrock", "BedrockModelIds")):
        assert parameter in json.dumps(conditions[name])
        assert f"{name} ({parameter}" in markdown


def test_data_and_secrets_live_in_stores(templates, mermaid):
    (classes,) = re.findall(r"^  class ([\w,]+) store$", mermaid, re.M)
    assert {"Data_ssm", "Data_rds", "Data_efs", "Data_cache"} <= set(classes.split(","))
    secrets = templates["data"]["Resources"]["Secrets"]["Properties"]
    for entry in secrets["Secrets"]:
        name = entry["Name"] if "Name" in entry else entry["Fn::If"][1]["Name"]
        assert re.search(rf"Data_ssm\[\(.*{name}", mermaid), name
    assert re.search(r'_litellm -\.->\|"secrets: .*"\| Data_ssm$', mermaid, re.M)
    assert re.search(r'_litellm -\.->\|"DATABASE_HOST.*"\| Data_rds$', mermaid, re.M)
    assert re.search(r'_ollama -\.->\|"/root/\.ollama"\| Data_efs$', mermaid, re.M)
    for store in ("Data_ssm", "Data_rds", "Data_efs", "Data_cache"):
        assert f'Data_kms -.->|"encrypts"| {store}' in mermaid


def test_a_template_change_changes_the_diagram(templates, markdown):
    changed = copy.deepcopy(templates)
    service = changed["service"]["Resources"]
    service["AuditQueue"] = {"Type": "AWS::SQS::Queue", "Condition": "OpenAi", "Properties": {}}
    definitions = service["TaskDefinition"]["Properties"]["ContainerDefinitions"]
    definitions.append({"Name": "sidecar", "Image": {"Ref": "LitellmImage"}, "PortMappings": [{"ContainerPort": 9000}]})
    changed["network"]["Resources"]["Vpc"]["Condition"] = "ThreeAzs"
    text = diagram.architecture_markdown(changed)
    assert text != markdown
    block = mermaid_block(text)
    assert "AuditQueue?" in block and "SQS Queue" in block  # an unclaimed type gets a box of its own
    assert '_TaskDefinition_sidecar("<b>sidecar</b><br/>image: LitellmImage<br/>port 9000")' in block
    assert "VPC: Vpc?" in block
    assert "| `AuditQueue` | AWS::SQS::Queue | OpenAi |" in text


def test_mermaid_is_well_formed(mermaid):
    lines = mermaid.splitlines()
    assert lines[0].startswith("%%{init:") and lines[1] == "flowchart TB"
    opened = sum(1 for line in lines if line.strip().startswith("subgraph "))
    assert opened == sum(1 for line in lines if line.strip() == "end") >= 4
    for line in lines:
        labels = re.findall(r'"([^"]*)"', line)
        assert line.count('"') % 2 == 0, line
        assert not any("\n" in label for label in labels)
    ids = re.findall(r"^\s*(\w+)[\[\(\{]", mermaid, re.M)
    assert len(ids) == len(set(ids)), "duplicate node ids"


# ---------------------------------------------------------------- the deployer policy
def test_policy_covers_every_resource_type(templates):
    missing = deployer_policy.uncovered_types(templates)
    assert missing == [], (f"no IAM actions known for {', '.join(missing)}: its provider schema has no handlers; "
                           f"add it to MANUAL in docgen/deployer_policy.py")


def test_uncovered_types_are_detected(templates):
    changed = copy.deepcopy(templates)
    changed["data"]["Resources"]["Made"] = {"Type": "AWS::Made::Up", "Properties": {}}
    changed["data"]["Resources"]["Other"] = {"Type": "Custom::Other", "Properties": {}}
    changed["data"]["Resources"]["Queue"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    assert deployer_policy.uncovered_types(changed) == ["AWS::Made::Up", "Custom::Other"]
    actions = {a for s in json.loads(deployer_policy.policy_json(changed))["Statement"] for a in s["Action"]}
    assert "sqs:CreateQueue" in actions  # a new type with a schema is covered without an edit


def test_policy_is_a_valid_document(policy):
    assert policy["Version"] == "2012-10-17"
    assert isinstance(policy["Statement"], list) and policy["Statement"]
    sids = [s["Sid"] for s in policy["Statement"]]
    assert len(sids) == len(set(sids)) and all(re.fullmatch(r"[A-Za-z0-9]+", sid) for sid in sids)
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        assert isinstance(statement["Action"], list) and statement["Action"], statement["Sid"]
        assert isinstance(statement["Resource"], list) and statement["Resource"], statement["Sid"]
        for action in statement["Action"]:
            assert ACTION.match(action), action
        for arn in statement["Resource"]:
            assert arn == "*" or re.match(r"^arn:\*:[a-z0-9-]+:", arn), arn
        assert "*" not in statement["Resource"] or statement["Resource"] == ["*"]


def test_policy_holds_what_cloudformation_needs_for_every_type(templates, policy):
    granted = {a for s in policy["Statement"] for a in s["Action"]}
    for kind, actions in deployer_policy.type_actions(templates).items():
        missing = set(actions) - granted
        assert not missing, f"{kind}: {sorted(missing)}"
    assert {"ec2:CreateVpc", "rds:CreateDBInstance", "ecs:CreateService", "lambda:InvokeFunction",
            "iam:PassRole", "kms:CreateKey"} <= granted
    assert deployer_policy.dropped_actions(templates) == sorted(
        a for a in deployer_policy.dropped_actions(templates) if not ACTION.match(a))


def test_policy_holds_every_call_deploy_stack_makes(policy):
    """Every boto3 call in deploy/ (read from the source) maps to an action the policy grants."""
    iam_name = {"s3:HeadBucket": "s3:ListBucket", "s3:ListObjectsV2": "s3:ListBucket",
                "s3:PutBucketEncryption": "s3:PutEncryptionConfiguration",
                "s3:PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
                "sts:GetCallerIdentity": None}  # needs no permission
    variables = {"cfn": "cloudformation", "s3": "s3", "ssm": "ssm"}
    calls = set()
    for path in sorted((ROOT / "deploy").glob("*.py")):
        text = path.read_text()
        for var, method in re.findall(r"\b(cfn|s3|ssm)\.([a-z_0-9]+)\(", text):
            calls.add((variables[var], method))
        calls |= set(re.findall(r'client\("([a-z0-9]+)"\)\.([a-z_0-9]+)\(', text))
        for var, method in re.findall(r'\b(cfn|s3|ssm)\.get_paginator\(\s*"([a-z_0-9]+)"', text):
            calls.add((variables[var], method))
    calls = {(service, method) for service, method in calls if method != "get_paginator"}
    assert len(calls) >= 20, calls
    granted = {a for s in policy["Statement"] for a in s["Action"]}
    session = boto3.session.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    for service, method in sorted(calls):
        client = session.client(service)
        operation = client.meta.method_to_api_mapping[method]
        action = f"{client.meta.service_model.signing_name}:{operation}"
        action = iam_name.get(action, action)
        assert action is None or action in granted, f"deploy-stack calls {service}.{method}: {action} not granted"


def test_policy_scopes_what_has_a_name(policy):
    by_action: dict[str, set[str]] = {}
    for statement in policy["Statement"]:
        for action in statement["Action"]:
            by_action.setdefault(action, set()).update(statement["Resource"])
    assert by_action["iam:PassRole"] == {"arn:*:iam::*:role/llm-gateway-*"}
    assert by_action["iam:CreateRole"] == {"arn:*:iam::*:role/llm-gateway-*"}
    assert by_action["iam:CreateServiceLinkedRole"] == {"arn:*:iam::*:role/aws-service-role/*"}
    for action in ("s3:PutObject", "s3:GetObject", "s3:CreateBucket", "s3:ListBucket"):
        assert all(arn.startswith("arn:*:s3:::llm-gateway-artifacts-") for arn in by_action[action]), action
    for action in ("ssm:GetParameter", "ssm:PutParameter"):
        assert by_action[action] == {"arn:*:ssm:*:*:parameter/llm-gateway/*"}
    for action in ("cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:DeleteStack"):
        assert "arn:*:cloudformation:*:*:stack/llm-gateway-*/*" in by_action[action] and "*" not in by_action[action]
    assert "arn:*:ecs:*:*:service/llm-gateway-*/*" in by_action["ecs:DescribeServices"]
    assert "*" not in by_action["ecs:DescribeServices"] | by_action["ecs:UpdateService"]
    assert not any(action.endswith("*") for action in by_action)
    anywhere = {a for a, arns in by_action.items() if "*" in arns}
    # DescribeStackDriftDetectionStatus (deploy-stack drift) takes a detection id: IAM has no resource for it.
    assert not anywhere & {a for a in by_action if a.startswith(("iam:", "s3:", "cloudformation:"))} - {
        "iam:ListRoles", "cloudformation:DescribeStackDriftDetectionStatus"}, \
        "IAM, S3 and CloudFormation actions are all scoped to the project's names"


def test_policy_parts_fit_managed_policies_and_add_up(docs, policy):
    parts = {name: json.loads(content) for name, content in docs.items()
             if re.fullmatch(r"deployer-policy-\d+\.json", name)}
    assert parts and len(parts) <= 10, "a role takes at most 10 managed policies by default"
    statements = []
    for name, document in sorted(parts.items(), key=lambda kv: int(re.search(r"\d+", kv[0]).group())):
        assert document["Version"] == policy["Version"]
        size = len(json.dumps(document, separators=(",", ":")))
        assert size <= deployer_policy.MANAGED_POLICY_LIMIT, f"{name}: {size} characters"
        statements += document["Statement"]
    assert statements == policy["Statement"]


def test_policy_doc_explains_use_and_limits():
    text = (DOCS / "deployer-policy.md").read_text()
    for needed in ("deployer-policy.json", "deployer-policy-", "6,144", "make build", "llm-gateway-"):
        assert needed in text, needed
