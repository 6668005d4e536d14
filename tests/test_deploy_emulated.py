"""deploy-stack end to end against moto (in-process), through the real CLI entry point.

What this proves: the command's flow and wiring (params -> bucket -> upload -> change set -> execute ->
outputs -> secrets -> destroy) and how many API calls it makes. It does not prove AWS fidelity: moto's gaps
are bridged in tests/emulator.py, each with a canary in tests/test_deploy_canaries.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from deploy.ui import Console
from tests import emulator, moto_state
from tests.conftest import user_param_args
from tests.emulated_support import (  # noqa: F401 - the fixtures aws_env and cloud register here
    BUCKET,
    REGION,
    aws_env,
    cloud,
    real_project,
    run,
    setup_cloud,
)

pytestmark = pytest.mark.emulated


@pytest.fixture
def project(tmp_path) -> Path:
    return emulator.make_project(tmp_path / "repo")


@pytest.fixture(scope="module")
def deployed_once(tmp_path_factory):
    """The fixture project deployed once (dev) for this file, as `deploy(project, cloud)` leaves it."""
    with setup_cloud(tmp_path_factory.mktemp("aws")) as made:
        deploy(emulator.make_project(tmp_path_factory.mktemp("deployed") / "repo"), made)
        return moto_state.take(made.runner)


@pytest.fixture
def deployed(deployed_once, cloud):
    """`project` is deployed (dev): `cloud` holds a fresh copy of deployed_once's state (tests/moto_state.py).
    test_create_deploys_parent_and_nested_stacks checks that deploy itself, call by call."""
    moto_state.restore(deployed_once, cloud.runner)


def stack(cloud, name="llm-gateway-dev"):
    return cloud.cfn.describe_stacks(StackName=name)["Stacks"][0]


def change_sets(cloud) -> set[str]:
    """Names of the change sets moto still holds (it keeps executed ones, unlike AWS, and ignores StackName)."""
    return {c["ChangeSetName"] for c in cloud.cfn.list_change_sets(StackName="llm-gateway-dev")["Summaries"]}


def deploy(project, cloud, *extra, env="dev"):
    cloud.counter.reset()
    result = run(project, "deploy", "--env", env, "--yes", *extra)
    assert result.code == 0, result.err
    return result


# --- create, no-op, update --------------------------------------------------------------------------------
def test_create_deploys_parent_and_nested_stacks(project, cloud):
    result = deploy(project, cloud)
    calls = list(cloud.counter.calls)

    s = stack(cloud)
    assert s["StackStatus"] == "CREATE_COMPLETE"
    assert {t["Key"]: t["Value"] for t in s["Tags"]} == {
        "project": "llm-gateway", "environment": "dev", "git-commit": "unknown"}
    params = {p["ParameterKey"]: p["ParameterValue"] for p in s["Parameters"]}
    assert params["ArtifactBucket"] == BUCKET and params["ArtifactPrefix"].startswith("dist/")
    assert params["EnvironmentName"] == "dev" and params["AlarmEmail"] == "ops@example.com"
    nested = [r for r in cloud.cfn.describe_stack_resources(StackName="llm-gateway-dev")["StackResources"]]
    assert sorted(r["LogicalResourceId"] for r in nested) == ["Data", "Network", "Service"]

    outputs = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
    assert outputs["MasterKeyParameterName"] == "/llm-gateway/dev/master-key"
    assert outputs["VpcId"].startswith("vpc-") and outputs["ClusterName"] == "llm-gateway-dev"
    for key in ("VpcId", "MasterKeyParameterName", "KmsKeyArn", "EndpointUrl"):
        assert key in result.out and outputs[key] in result.out

    # The custom resource ran the real handler from the uploaded zip: the secrets exist, encrypted.
    assert [i["RequestType"] for i in cloud.runner.invocations] == ["Create"]
    master = cloud.ssm.describe_parameters(ParameterFilters=[
        {"Key": "Name", "Option": "Equals", "Values": ["/llm-gateway/dev/master-key"]}])["Parameters"][0]
    assert master["Type"] == "SecureString" and master["KeyId"] == outputs["KmsKeyArn"]

    # The artifact bucket: versioned, encrypted, private, TLS only, owner enforced; dist/ under a hash prefix.
    assert cloud.s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    rule = cloud.s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert all(cloud.s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"].values())
    policy = json.loads(cloud.s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert policy["Statement"][0]["Effect"] == "Deny"
    ownership = cloud.s3.get_bucket_ownership_controls(Bucket=BUCKET)["OwnershipControls"]["Rules"][0]
    assert ownership["ObjectOwnership"] == "BucketOwnerEnforced"
    keys = sorted(o["Key"] for o in cloud.s3.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == [f"{params['ArtifactPrefix']}/{n}" for n in
                    ("data.yaml", "network.yaml", "parent.yaml", "secrets-function.zip", "service.yaml")]

    assert calls.count("cloudformation.ExecuteChangeSet") == 1
    assert calls.count("s3.PutObject") == 5 and calls.count("s3.CreateBucket") == 1
    print(f"\nAPI calls for a create: {len(calls)}: {calls}")


def test_noop_redeploy_changes_nothing(project, deployed, cloud):
    before, sets_before = stack(cloud), change_sets(cloud)
    events_before = len(cloud.cfn.describe_stack_events(StackName="llm-gateway-dev")["StackEvents"])

    result = deploy(project, cloud)
    calls = list(cloud.counter.calls)

    assert "No changes" in result.out
    assert "cloudformation.ExecuteChangeSet" not in calls and "s3.PutObject" not in calls
    assert "s3.CreateBucket" not in calls
    assert calls.count("cloudformation.DeleteChangeSet") == 1
    after = stack(cloud)
    assert after["StackStatus"] == before["StackStatus"] == "CREATE_COMPLETE"
    assert "LastUpdatedTime" not in after
    assert len(cloud.cfn.describe_stack_events(StackName="llm-gateway-dev")["StackEvents"]) == events_before
    assert change_sets(cloud) == sets_before
    assert [i["RequestType"] for i in cloud.runner.invocations] == ["Create"]  # secrets untouched
    print(f"\nAPI calls for a no-op redeploy: {len(calls)}: {calls}")
    assert len(calls) == 9  # ListChangeSets: no other change set under review on the environment


def test_update_with_a_changed_parameter(project, deployed, cloud):
    nested_before = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in
                     cloud.cfn.describe_stack_resources(StackName="llm-gateway-dev")["StackResources"]}
    master_before = cloud.ssm.get_parameter(Name="/llm-gateway/dev/master-key", WithDecryption=True)

    result = deploy(project, cloud, "--param", "DesiredCount=2")

    assert "Modify  Service" in result.out and "Data" not in result.out.split("Output")[0]
    assert stack(cloud)["StackStatus"] == "UPDATE_COMPLETE"
    service = cloud.ecs.describe_services(cluster="llm-gateway-dev", services=["litellm"])["services"][0]
    assert service["desiredCount"] == 2
    nested_after = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in
                    cloud.cfn.describe_stack_resources(StackName="llm-gateway-dev")["StackResources"]}
    assert nested_after == nested_before  # updated in place, not replaced
    master_after = cloud.ssm.get_parameter(Name="/llm-gateway/dev/master-key", WithDecryption=True)
    assert master_after["Parameter"]["Version"] == master_before["Parameter"]["Version"]

    # The same override again is a no-op; dropping it goes back to the file's value (a change).
    assert "No changes" in deploy(project, cloud, "--param", "DesiredCount=2").out
    assert run(project, "diff", "--env", "dev").code == 3


def test_changed_template_uploads_under_a_new_prefix(project, deployed, cloud):
    old_prefix = {p["ParameterKey"]: p["ParameterValue"] for p in stack(cloud)["Parameters"]}["ArtifactPrefix"]
    service = yaml.safe_load((project / "dist" / "service.yaml").read_text())
    service["Resources"]["AlarmEmailParameter"]["Properties"]["Description"] = "where alarms go"
    (project / "dist" / "service.yaml").write_text(yaml.safe_dump(service))

    result = deploy(project, cloud)

    new_prefix = {p["ParameterKey"]: p["ParameterValue"] for p in stack(cloud)["Parameters"]}["ArtifactPrefix"]
    assert new_prefix != old_prefix
    assert cloud.counter.calls.count("s3.PutObject") == 5  # every file under the new prefix
    assert "(5 uploaded, 0 already there)" in result.err
    assert stack(cloud)["StackStatus"] == "UPDATE_COMPLETE"


# --- diff -------------------------------------------------------------------------------------------------
def test_diff_reports_and_cleans_up(project, cloud):
    result = run(project, "diff", "--env", "dev")  # nothing deployed yet: a CREATE change set
    assert result.code == 3, result.err
    assert "Add     Network" in result.out and "CREATE" in result.out
    with pytest.raises(cloud.cfn.exceptions.ClientError, match="does not exist"):
        cloud.cfn.describe_stacks(StackName="llm-gateway-dev")  # the empty REVIEW_IN_PROGRESS stack is gone

    deploy(project, cloud)
    sets_before = change_sets(cloud)
    assert run(project, "diff", "--env", "dev").code == 0
    result = run(project, "diff", "--env", "dev", "--param", "DesiredCount=3")
    assert result.code == 3
    assert "Modify  Service" in result.out
    assert change_sets(cloud) == sets_before
    assert stack(cloud)["StackStatus"] == "CREATE_COMPLETE"
    service = cloud.ecs.describe_services(cluster="llm-gateway-dev", services=["litellm"])["services"][0]
    assert service["desiredCount"] == 1


# --- confirmation -----------------------------------------------------------------------------------------
def test_no_terminal_and_no_yes_does_not_execute(project, cloud):
    result = run(project, "deploy", "--env", "dev")
    assert result.code == 2
    assert "Not executed: no terminal to confirm and no --yes" in result.err
    s = stack(cloud)
    assert s["StackStatus"] == "REVIEW_IN_PROGRESS"  # the change set is kept for review
    assert len(change_sets(cloud)) == 1
    # ... and the message names the command that executes exactly that one
    name = re.search(r"deploy-stack execute --env dev --change-set (deploy-stack-\S+) --yes", result.err).group(1)
    assert run(project, "diff", "--env", "dev").code == 2  # under review: no second operation
    executed = run(project, "execute", "--env", "dev", "--change-set", name, "--yes")
    assert executed.code == 0, executed.err
    assert stack(cloud)["StackStatus"] == "CREATE_COMPLETE"


def test_no_execute_keeps_the_change_set(project, deployed, cloud):
    sets_before = change_sets(cloud)
    result = run(project, "deploy", "--env", "dev", "--no-execute", "--param", "DesiredCount=2")
    assert result.code == 0 and "Not executed (--no-execute)" in result.out
    assert len(change_sets(cloud) - sets_before) == 1
    assert stack(cloud)["StackStatus"] == "CREATE_COMPLETE"


def test_prompt_defaults_to_no(project, deployed, cloud):
    sets_before = change_sets(cloud)
    declined = run(project, "deploy", "--env", "dev", "--param", "DesiredCount=2", stdin="\n", interactive=True)
    assert declined.code == 2 and "Cancelled; nothing was changed." in declined.err
    assert "Execute change set" in declined.err
    assert change_sets(cloud) == sets_before
    assert stack(cloud)["StackStatus"] == "CREATE_COMPLETE"

    accepted = run(project, "deploy", "--env", "dev", "--param", "DesiredCount=2", stdin="y\n", interactive=True)
    assert accepted.code == 0, accepted.err
    assert stack(cloud)["StackStatus"] == "UPDATE_COMPLETE"


# --- outputs, status ----------------------------------------------------------------------------------------
def test_outputs_and_status(project, cloud):
    assert run(project, "outputs", "--env", "dev").code == 1  # not deployed yet
    deploy(project, cloud)

    as_json = run(project, "outputs", "--env", "dev", "--json")
    assert as_json.code == 0 and as_json.err == ""
    outputs = json.loads(as_json.out)
    assert outputs == {o["OutputKey"]: o["OutputValue"] for o in stack(cloud)["Outputs"]}

    text = run(project, "outputs", "--env", "dev")
    assert text.code == 0 and outputs["TargetGroupArn"] in text.out

    status = run(project, "status", "--env", "dev")
    assert status.code == 0, status.err
    assert "llm-gateway-dev  CREATE_COMPLETE" in status.out
    for nested in ("Network", "Data", "Service"):
        assert f"  {nested}" in status.out
    assert "running / 1 desired" in status.out
    assert "Targets:     no registered targets" in status.out
    assert "Endpoint:    http://llm-dev.example.internal" in status.out


# --- secrets ------------------------------------------------------------------------------------------------
def test_secret_get_prints_only_the_value(project, deployed, cloud):
    value = cloud.ssm.get_parameter(Name="/llm-gateway/dev/master-key", WithDecryption=True)["Parameter"]["Value"]
    result = run(project, "secret", "get", "master-key", "--env", "dev")
    assert result.code == 0
    assert result.out == value + "\n" and value.startswith("sk-")
    assert value not in result.err


def test_secret_set_from_stdin(project, deployed, cloud):
    key_arn = {o["OutputKey"]: o["OutputValue"] for o in stack(cloud)["Outputs"]}["KmsKeyArn"]
    secret_value = "sk-upstream-0123456789abcdef"

    result = run(project, "secret", "set", "openai-api-key", "--env", "dev", stdin=secret_value + "\n")
    assert result.code == 0, result.err
    assert secret_value not in result.out + result.err
    stored = cloud.ssm.get_parameter(Name="/llm-gateway/dev/openai-api-key", WithDecryption=True)["Parameter"]
    assert stored["Value"] == secret_value and stored["Type"] == "SecureString"
    meta = cloud.ssm.describe_parameters(ParameterFilters=[
        {"Key": "Name", "Option": "Equals", "Values": ["/llm-gateway/dev/openai-api-key"]}])["Parameters"][0]
    assert meta["KeyId"] == key_arn

    again = run(project, "secret", "set", "openai-api-key", "--env", "dev", stdin="other\n")
    assert again.code == 2 and "already exists" in again.err and "--yes" in again.err
    assert cloud.ssm.get_parameter(Name="/llm-gateway/dev/openai-api-key",
                                   WithDecryption=True)["Parameter"]["Value"] == secret_value

    forced = run(project, "secret", "set", "openai-api-key", "--env", "dev", "--yes", stdin="sk-new\n")
    assert forced.code == 0
    assert cloud.ssm.get_parameter(Name="/llm-gateway/dev/openai-api-key",
                                   WithDecryption=True)["Parameter"]["Value"] == "sk-new"

    generated = run(project, "secret", "set", "master-key", "--env", "dev", "--yes", stdin="sk-mine\n")
    assert generated.code == 2 and "generated by the stack" in generated.err
    empty = run(project, "secret", "set", "anthropic-api-key", "--env", "dev", stdin="\n")
    assert empty.code == 2 and "empty value" in empty.err


def test_secret_set_at_a_hidden_prompt(project, deployed, cloud, monkeypatch):
    typed = iter(["sk-typed-1", "sk-typed-1", "sk-typed-2", "sk-other"])
    prompts = []
    monkeypatch.setattr(Console, "secret", lambda self, prompt: prompts.append(prompt) or next(typed))

    result = run(project, "secret", "set", "openai-api-key", "--env", "dev", interactive=True)
    assert result.code == 0, result.err
    assert prompts == ["Value for openai-api-key (hidden): ", "Again: "]
    assert cloud.ssm.get_parameter(Name="/llm-gateway/dev/openai-api-key",
                                   WithDecryption=True)["Parameter"]["Value"] == "sk-typed-1"
    assert "sk-typed" not in result.out + result.err

    mismatch = run(project, "secret", "set", "openai-api-key", "--env", "dev", stdin="y\n", interactive=True)
    assert mismatch.code == 2 and "the two values differ" in mismatch.err
    assert "Overwrite it? [y/N]" in mismatch.err
    assert cloud.ssm.get_parameter(Name="/llm-gateway/dev/openai-api-key",
                                   WithDecryption=True)["Parameter"]["Value"] == "sk-typed-1"


# --- destroy ------------------------------------------------------------------------------------------------
def test_destroy_needs_the_name_and_keeps_other_environments(project, deployed, cloud):
    deploy(project, cloud, env="staging")

    no_confirm = run(project, "destroy", "--env", "dev")
    assert no_confirm.code == 2 and "--confirm llm-gateway-dev" in no_confirm.err
    wrong = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-staging")
    assert wrong.code == 2 and "does not match" in wrong.err
    typed_wrong = run(project, "destroy", "--env", "dev", stdin="llm-gateway\n", interactive=True)
    assert typed_wrong.code == 1 and "did not match" in typed_wrong.err
    other_env = run(project, "destroy", "--env", "dev", "--stack-name", "llm-gateway-staging",
                    "--confirm", "llm-gateway-staging")
    assert other_env.code == 2 and "belongs to environment 'staging'" in other_env.err
    assert stack(cloud)["StackStatus"] == "CREATE_COMPLETE"

    result = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert result.code == 0, result.err
    assert "Data/Key (AWS::KMS::Key)" in result.out and "kept (DeletionPolicy RetainExceptOnCreate)" in result.out
    assert "AWS::RDS::DBInstance" not in result.out
    assert "Custom::Secrets" in result.out and f"s3://{BUCKET}" in result.out
    with pytest.raises(cloud.cfn.exceptions.ClientError, match="does not exist"):
        stack(cloud)
    # The secrets custom resource got its Delete event and removed dev's generated parameters only.
    assert [i["RequestType"] for i in cloud.runner.invocations] == ["Create", "Create", "Delete"]
    names = [p["Name"] for p in cloud.ssm.describe_parameters()["Parameters"]]
    assert not [n for n in names if n.startswith("/llm-gateway/dev/")]
    assert "/llm-gateway/staging/master-key" in names
    assert stack(cloud, "llm-gateway-staging")["StackStatus"] == "CREATE_COMPLETE"

    gone = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert gone.code == 0 and "nothing to delete" in gone.err

    typed = run(project, "destroy", "--env", "staging", stdin="llm-gateway-staging\n", interactive=True)
    assert typed.code == 0, typed.err
    assert "Type the stack name (llm-gateway-staging) to delete it:" in typed.err
    with pytest.raises(cloud.cfn.exceptions.ClientError, match="does not exist"):
        stack(cloud, "llm-gateway-staging")


# --- failure inside a nested stack (custom resource answers FAILED) ----------------------------------------
def test_failed_nested_resource_reports_the_root_cause(project, cloud):
    data = yaml.safe_load((project / "dist" / "data.yaml").read_text())
    data["Resources"]["Secrets"]["Properties"]["Bogus"] = "1"  # the handler rejects unknown properties
    (project / "dist" / "data.yaml").write_text(yaml.safe_dump(data))

    result = run(project, "deploy", "--env", "dev", "--yes")

    assert result.code == 1
    assert "Deployment failed: llm-gateway-dev is ROLLBACK_COMPLETE." in result.err
    cause = next(line for line in result.err.splitlines() if line.startswith("Root cause:"))
    assert cause.startswith("Root cause: Data > Secrets (Custom::Secrets) CREATE_FAILED: ")
    assert "Bogus" in cause and "Embedded stack" not in cause

    # The next deploy offers to delete the ROLLBACK_COMPLETE stack; without a terminal it needs --yes.
    (project / "dist" / "data.yaml").write_text(yaml.safe_dump(emulator.fixture_templates()["data.yaml"]))
    refused = run(project, "deploy", "--env", "dev")
    assert refused.code == 2 and "ROLLBACK_COMPLETE" in refused.err and "--yes" in refused.err
    assert stack(cloud)["StackStatus"] == "ROLLBACK_COMPLETE"
    recreated = run(project, "deploy", "--env", "dev", "--yes")
    assert recreated.code == 0, recreated.err
    assert stack(cloud)["StackStatus"] == "CREATE_COMPLETE"


# --- the project's own templates (a fresh render of templates/) -----------------------------------------------
def list_params_passed_by_ref(parent: dict) -> list[str]:
    """Nested-stack parameters given `Ref` of a list-typed parent parameter: CloudFormation refuses those
    (a CommaDelimitedList cannot be passed to a nested stack; Fn::Join it into a String)."""
    found = []
    for logical, res in parent.get("Resources", {}).items():
        for key, value in (res.get("Properties") or {}).get("Parameters", {}).items():
            if isinstance(value, dict) and set(value) == {"Ref"}:
                kind = str(parent.get("Parameters", {}).get(value["Ref"], {}).get("Type", ""))
                if kind == "CommaDelimitedList" or kind.startswith("List<"):
                    found.append(f"{logical}.{key} <- Ref {value['Ref']} ({kind})")
    return found


def secrets_resources_with_stray_type_property(template: dict) -> list[str]:
    """Custom resources whose type ended up as a `resource_type` property (troposphere's CustomResource
    called with resource_type=...): CloudFormation sends it to the handler, which fails on unknown properties."""
    return [logical for logical, res in template.get("Resources", {}).items()
            if "resource_type" in (res.get("Properties") or {})]


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_real_params_validate_against_the_real_parent(env, tmp_path, rendered, cloud):
    project = real_project(tmp_path / "real", rendered)
    result = run(project, "diff", "--env", env, *user_param_args(env))
    assert result.code == 3, result.err
    assert "(CREATE, " in result.out and "Add     Network" in result.out


CONTRACT_OUTPUTS = ("VpcId", "EndpointUrl", "ClusterName", "ServiceName", "LogGroupName", "TargetGroupArn",
                    "LoadBalancerArn", "SecretsPrefix", "MasterKeyParameterName", "KmsKeyArn")


def test_real_stacks_deploy_update_and_destroy(tmp_path, rendered, cloud):
    """The fresh render of templates/ (parent, network, data, service) and the real secrets handler, end to
    end: create, outputs, status, secret, no-op, update of one parameter, destroy."""
    project = real_project(tmp_path / "real", rendered)
    created = run(project, "deploy", "--env", "dev", "--yes")
    assert created.code == 0, created.err + created.out
    outputs = json.loads(run(project, "outputs", "--env", "dev", "--json").out)
    assert [name for name in CONTRACT_OUTPUTS if name not in outputs] == []
    assert outputs["SecretsPrefix"] == "/llm-gateway/dev"
    assert outputs["MasterKeyParameterName"] == "/llm-gateway/dev/master-key"
    master = run(project, "secret", "get", "master-key", "--env", "dev")
    assert master.code == 0 and master.out.startswith("sk-")
    status = run(project, "status", "--env", "dev")
    assert status.code == 0 and "running / 1 desired" in status.out, status.out

    assert "No changes" in run(project, "deploy", "--env", "dev", "--yes").out
    updated = run(project, "deploy", "--env", "dev", "--yes", "--param", "MinTasks=2", "--param", "MaxTasks=3")
    assert updated.code == 0, updated.err
    parent_block = next(b for b in updated.out.split("\n\n") if b.startswith("== llm-gateway-dev (parent stack) =="))
    assert ("Modify", "Service") in [tuple(line.split()[:2]) for line in parent_block.splitlines()]
    assert re.search(r"MinTasks\s+'1'\s+->\s+'2'\s+one-off --param", parent_block), parent_block
    assert "MinTasks = '2' from --param; params/dev.json says" in updated.err  # the drift warning
    service = cloud.ecs.describe_services(cluster=outputs["ClusterName"], services=[outputs["ServiceName"]])
    assert service["services"][0]["desiredCount"] == 2

    destroyed = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert destroyed.code == 0, destroyed.err
    assert "Data/Database (AWS::RDS::DBInstance) llm-gateway-dev: deleted, a final snapshot is kept" in destroyed.out
    assert "the generated secrets under" not in destroyed.out  # dev does not keep them
    assert [i["RequestType"] for i in cloud.runner.invocations] == ["Create", "Delete"]


def test_real_stacks_destroy_then_deploy_adopts_retained_secrets(tmp_path, rendered, cloud):
    """Issue 11 fault class 4: with RetainSecretsOnDelete the destroy keeps the secrets, and the next deploy of
    the same environment (a new stack id, a new KMS key) adopts them instead of refusing them."""
    project = real_project(tmp_path / "real", rendered)
    keep = ("--param", "RetainSecretsOnDelete=true")
    assert run(project, "deploy", "--env", "dev", "--yes", *keep).code == 0
    before = {n: run(project, "secret", "get", n, "--env", "dev").out for n in ("master-key", "salt-key")}
    assert before["master-key"].startswith("sk-")
    destroyed = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert destroyed.code == 0, destroyed.err
    assert ("the generated secrets under /llm-gateway/dev (RetainSecretsOnDelete): released, the next deploy of "
            "this environment adopts them") in destroyed.out
    again = run(project, "deploy", "--env", "dev", "--yes", *keep)
    assert again.code == 0, again.err + again.out
    assert {n: run(project, "secret", "get", n, "--env", "dev").out for n in before} == before
    assert [i["RequestType"] for i in cloud.runner.invocations] == ["Create", "Delete", "Create"]


ALL_OPTIONS_ON = {
    "AzCount": "3", "NatGatewayMode": "per-az", "EnableInterfaceEndpoints": "true", "EnableModelCache": "true",
    "EnableSharedCache": "true", "SharedCacheNodes": "2", "StopDatabaseOffHours": "true", "WorkHoursSchedule": "true",
    "CapacityMode": "spot-above-base", "MinTasks": "2", "MaxTasks": "4", "DatabaseMultiAz": "true",
    "EnableOpenAi": "true", "EnableAnthropic": "true", "BedrockModelIds": "amazon.nova-micro-v1:0",
    "AllowedCidrs": "203.0.113.10/32,198.51.100.0/24", "EnableEcsExec": "true", "CpuArchitecture": "X86_64",
}
ALL_OPTIONS_OFF = {
    "NatGatewayMode": "none", "TaskPlacement": "public", "EnableModelCache": "false", "EnableSharedCache": "false",
    "StopDatabaseOffHours": "false", "WorkHoursSchedule": "false", "CapacityMode": "on-demand",
    "EnableLocalModel": "false", "EnableOpenAi": "true", "AlarmEmail": "",
}


@pytest.mark.parametrize("options", [ALL_OPTIONS_ON, ALL_OPTIONS_OFF], ids=["all-on", "all-off"])
def test_real_stacks_deploy_with_every_option_on_and_off(tmp_path, rendered, cloud, options):
    project = real_project(tmp_path / "real", rendered)
    if options is ALL_OPTIONS_ON:  # HTTPS needs a certificate that exists
        acm = emulator.fast_session(REGION).client("acm")
        options = options | {"CertificateArn": acm.request_certificate(DomainName="llm.example.com")["CertificateArn"]}
    argv = [arg for key, value in options.items() for arg in ("--param", f"{key}={value}")]
    created = run(project, "deploy", "--env", "dev", "--yes", *argv)
    assert created.code == 0, created.err + created.out
    outputs = json.loads(run(project, "outputs", "--env", "dev", "--json").out)
    assert [name for name in CONTRACT_OUTPUTS if name not in outputs] == []
    assert outputs["EndpointUrl"].startswith("https://" if options.get("CertificateArn") else "http://")
    destroyed = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert destroyed.code == 0, destroyed.err


def test_real_secrets_resource_is_a_clean_custom_secrets(templates):
    """deploy-stack's data-loss guard keys on Custom::Secrets, and the handler fails on unknown properties
    (a 'resource_type' property is what troposphere's CustomResource(resource_type=...) once rendered)."""
    data = templates["data"]
    assert secrets_resources_with_stray_type_property(data) == []
    assert data["Resources"]["Secrets"]["Type"] == "Custom::Secrets"


def test_real_parent_passes_no_list_parameter_by_ref(templates):
    """CloudFormation cannot pass a CommaDelimitedList to a nested stack by Ref (Fn::Join it into a String);
    moto does not notice (it splits the list again), so this is checked on the template."""
    assert list_params_passed_by_ref(templates["parent"]) == []


# --- the reviewed life cycle: review, execute, concurrency, rotation, drift, protection ------------------------
def test_life_cycle_review_execute_rotate_drift_and_protect(project, deployed, cloud):
    policy = json.loads(cloud.cfn.get_stack_policy(StackName="llm-gateway-dev")["StackPolicyBody"])
    assert {"Effect": "Deny", "Principal": "*", "Action": ["Update:Replace", "Update:Delete"],
            "Resource": ["LogicalResourceId/Data"]} in policy["Statement"]

    # review, keep, and the suggestion is `execute`, not a fresh `deploy --yes`
    kept = run(project, "deploy", "--env", "dev", "--no-execute", "--param", "DesiredCount=2")
    assert kept.code == 0, kept.err
    name = re.search(r"deploy-stack execute --env dev --change-set (deploy-stack-\S+)", kept.out).group(1)
    # a second operation is refused while that change set is under review
    second = run(project, "deploy", "--env", "dev", "--yes")
    assert second.code == 2 and f"has a change set under review ({name})" in second.err
    executed = run(project, "execute", "--env", "dev", "--change-set", name, "--yes")
    assert executed.code == 0, executed.err
    service = cloud.ecs.describe_services(cluster="llm-gateway-dev", services=["litellm"])["services"][0]
    assert service["desiredCount"] == 2
    again = run(project, "execute", "--env", "dev", "--change-set", name, "--yes")
    assert again.code == 2 and "EXECUTE_COMPLETE, not CREATE_COMPLETE/AVAILABLE" in again.err

    # rotation: recorded in the params file, rotates once, and a plain deploy keeps it
    master_before = cloud.ssm.get_parameter(Name="/llm-gateway/dev/master-key", WithDecryption=True)["Parameter"]
    assert run(project, "secret", "rotate", "--env", "dev").code == 0
    rotated = deploy(project, cloud)
    assert re.search(r"SecretsRotationToken\s+'initial'\s+->\s+'rotated-\d{8}T\d{6}Z'.*ROTATES", rotated.out)
    assert "DesiredCount: deployed '2' is not in params/dev.json; this deploy sets the template default '1'" \
        in rotated.err  # the one-off from the execute above is reverted, and the review said so
    master_after = cloud.ssm.get_parameter(Name="/llm-gateway/dev/master-key", WithDecryption=True)["Parameter"]
    assert master_after["Value"] != master_before["Value"]
    assert "No changes" in deploy(project, cloud).out
    assert cloud.ssm.get_parameter(Name="/llm-gateway/dev/master-key", WithDecryption=True)["Parameter"]["Value"] \
        == master_after["Value"]
    # an older checkout (token back to "initial") cannot flip it back into a second rotation
    params_path = project / "params" / "dev.json"
    entries = [e for e in json.loads(params_path.read_text()) if e["ParameterKey"] != "SecretsRotationToken"]
    params_path.write_text(json.dumps(entries))
    flipped = run(project, "deploy", "--env", "dev", "--yes")
    assert flipped.code == 2 and "that rotates the master key and database password again" in flipped.err
    assert run(project, "secret", "rotate", "--env", "dev").code == 0

    # drift: none, then a changed property is shown and exits 1
    assert run(project, "drift", "--env", "dev").code == 0
    emulator.DRIFTED["Vpc"] = [{"PropertyPath": "/EnableDnsHostnames", "ExpectedValue": "true",
                                "ActualValue": "false", "DifferenceType": "NOT_EQUAL"}]
    try:
        drifted = run(project, "drift", "--env", "dev")
    finally:
        emulator.DRIFTED.clear()
    assert drifted.code == 1 and "NOT_EQUAL /EnableDnsHostnames: expected 'true', actual 'false'" in drifted.out

    # termination protection follows DatabaseDeletionProtection; destroy honours it
    deploy(project, cloud, "--param", "DatabaseDeletionProtection=true")
    assert stack(cloud)["EnableTerminationProtection"] is True
    refused = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert refused.code == 2 and "has termination protection" in refused.err
    deploy(project, cloud)
    assert stack(cloud)["EnableTerminationProtection"] is False
    assert run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev").code == 0
