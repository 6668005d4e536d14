"""What tests and destroys leave behind (deploy/retained.py): the product path in `deploy-stack destroy` (offer
to schedule the retained KMS key's deletion) on the real stacks in moto, and the taskcat sweep on moto."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from deploy import retained
from tests import emulator, moto_state
from tests.emulated_support import REGION, aws_env, cloud, real_project, run, setup_cloud  # noqa: F401

pytestmark = pytest.mark.emulated
TASKCAT_TAGS = {"project": "llm-gateway", "managed-by": "taskcat"}


def key_state(key_id: str) -> str:
    kms = emulator.fast_session(REGION).client("kms")
    return kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"]


@pytest.fixture(scope="module")
def deployed_once(tmp_path_factory, rendered):
    """The real stacks deployed once for this file (moto_state: each test gets its own copy)."""
    with setup_cloud(tmp_path_factory.mktemp("aws")) as cloud:
        project = real_project(tmp_path_factory.mktemp("deployed") / "real", rendered)
        created = run(project, "deploy", "--env", "dev", "--yes")
        assert created.code == 0, created.err
        key = json.loads(run(project, "outputs", "--env", "dev", "--json").out)["KmsKeyArn"].split("/")[-1]
        return moto_state.take(cloud.runner), key


@pytest.fixture
def deployed(deployed_once, tmp_path, rendered, cloud):
    """A project whose real stacks are deployed (a fresh copy of deployed_once's state), and its KMS key id."""
    state, key = deployed_once
    moto_state.restore(state, cloud.runner)
    return real_project(tmp_path / "real", rendered), key


def test_destroy_schedules_the_retained_key_when_asked(deployed):
    project, key = deployed
    result = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev", "--schedule-key-deletion")
    assert result.code == 0, result.err
    assert key_state(key) == "PendingDeletion"
    assert "deletion scheduled for" in result.err and "cancel-key-deletion" in result.err
    assert "can never be restored" in result.err


def test_destroy_without_a_terminal_keeps_the_key_and_says_how(deployed):
    project, key = deployed
    result = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-dev")
    assert result.code == 0, result.err
    assert key_state(key) == "Enabled"
    assert f"aws kms schedule-key-deletion --key-id {key}" in result.err


@pytest.mark.parametrize("answer, state", [("y", "PendingDeletion"), ("n", "Enabled"), ("", "Enabled")])
def test_destroy_at_a_terminal_asks_after_the_name(deployed, answer, state):
    project, key = deployed
    result = run(project, "destroy", "--env", "dev", stdin=f"llm-gateway-dev\n{answer}\n", interactive=True)
    assert result.code == 0, result.err
    assert key_state(key) == state
    assert result.err.index("Type the stack name") < result.err.index("Schedule the deletion of KMS key")


def test_a_refused_destroy_touches_no_key(deployed):
    project, key = deployed
    result = run(project, "destroy", "--env", "dev", "--confirm", "llm-gateway-staging", "--schedule-key-deletion")
    assert result.code == 2 and key_state(key) == "Enabled"


# --------------------------------------------------------------------------------------------- taskcat sweep

def make_leftovers(session, region: str) -> dict[str, str]:
    """What taskcat's runs leave: an orphaned tagged key, a tagged final snapshot; and what must stay: a key of
    a live taskcat stack (its alias still exists), a real environment's key and snapshot."""
    kms, rds = session.client("kms", region_name=region), session.client("rds", region_name=region)

    def key(tags, alias=None):
        key_id = kms.create_key(Tags=[{"TagKey": k, "TagValue": v} for k, v in tags.items()])["KeyMetadata"]["KeyId"]
        if alias:
            kms.create_alias(AliasName=alias, TargetKeyId=key_id)
        return key_id

    def snapshot(name, tags):
        rds.create_db_instance(DBInstanceIdentifier=f"{name}-db", DBInstanceClass="db.t4g.micro", Engine="postgres",
                               MasterUsername="u", MasterUserPassword="p" * 12, AllocatedStorage=20)
        rds.create_db_snapshot(DBSnapshotIdentifier=name, DBInstanceIdentifier=f"{name}-db",
                               Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
        return name

    return {
        "orphan": key(TASKCAT_TAGS | {"environment": "tcd-x"}),
        "live": key(TASKCAT_TAGS, alias="alias/llm-gateway/tcp-x"),
        "real": key({"project": "llm-gateway", "environment": "prod"}),
        "test-snapshot": snapshot("tcat-final", TASKCAT_TAGS),
        "real-snapshot": snapshot("prod-final", {"project": "llm-gateway", "environment": "prod"}),
    }


def test_sweep_lists_then_removes_only_taskcat_leftovers(cloud):
    session = emulator.fast_session(REGION)
    made = {region: make_leftovers(session, region) for region in (REGION, "eu-west-1")}
    lines: list[str] = []
    assert retained.sweep(lambda r: session, [REGION, "eu-west-1"], TASKCAT_TAGS, apply=False, out=lines.append) == 4
    assert all(key_state_in(session, r, k["orphan"]) == "Enabled" for r, k in made.items()), "a dry run changes nothing"
    assert retained.sweep(lambda r: session, [REGION, "eu-west-1"], TASKCAT_TAGS, apply=True, out=lines.append) == 4
    for region, ids in made.items():
        assert key_state_in(session, region, ids["orphan"]) == "PendingDeletion"
        assert key_state_in(session, region, ids["live"]) == "Enabled"
        assert key_state_in(session, region, ids["real"]) == "Enabled"
        rds = session.client("rds", region_name=region)
        left = {s["DBSnapshotIdentifier"] for s in rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]}
        assert "tcat-final" not in left and "prod-final" in left
    assert retained.sweep(lambda r: session, [REGION], TASKCAT_TAGS, apply=True, out=lines.append) == 0


def key_state_in(session, region: str, key_id: str) -> str:
    return session.client("kms", region_name=region).describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"]


def test_sweep_needs_tags_to_match():
    assert not retained._tags_match({"project": "llm-gateway"}, {})
    assert not retained._tags_match({"project": "llm-gateway"}, TASKCAT_TAGS)
    assert retained._tags_match(TASKCAT_TAGS | {"environment": "tcd-x"}, TASKCAT_TAGS)


def test_sweep_reads_the_taskcat_project(tmp_path):
    from tests.conftest import ROOT
    regions, tags = retained._taskcat_scope(ROOT / ".taskcat.yml")
    config = yaml.safe_load((ROOT / ".taskcat.yml").read_text())
    assert regions == config["project"]["regions"] and tags["managed-by"] == "taskcat"
    broken = tmp_path / "t.yml"
    broken.write_text("project:\n  regions: [us-east-1]\n")
    with pytest.raises(SystemExit):
        retained._taskcat_scope(broken)


def test_taskcat_workflow_sweeps_after_every_run(workflows_text=None):
    from tests.conftest import ROOT
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "taskcat.yml").read_text())
    steps = workflow["jobs"]["taskcat"]["steps"]
    names = [s.get("name", "") for s in steps]
    sweep_step = next(s for s in steps if "deploy.retained sweep" in s.get("run", ""))
    assert "--yes" in sweep_step["run"] and "--taskcat-config .taskcat.yml" in sweep_step["run"]
    assert str(sweep_step.get("if", "")).startswith("always()")
    assert names.index(sweep_step["name"]) > names.index("taskcat test run")
    assert Path(ROOT / "deploy" / "retained.py").exists()
