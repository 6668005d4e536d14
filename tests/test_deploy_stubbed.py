"""deploy-stack behaviour moto cannot show, with botocore's Stubber on the CloudFormation client.

Stubber checks every response against the real API's output shape (required members, types), so the
responses below have the shapes CloudFormation really sends. The artifact bucket and STS run on moto: they
are not the point here. The exact order of CloudFormation calls is part of what these tests pin down.
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from botocore.stub import ANY, Stubber
from moto import mock_aws

from deploy import aws, cli, context
from deploy.ui import Console
from tests import emulator

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "llm-gateway-dev"
PARENT_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{NAME}/0e3c5a40-5b1f-11ef-9d5a-0affd1a2b3c4"
DATA_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{NAME}-Data-1ABCDEF2GHIJ/1f4d6b50-5b1f-11ef-8c41-12a3b4c5d6e7"
NETWORK_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{NAME}-Network-9ZYXWV8UTSRQ/2a5e7c60-5b1f-11ef-a1b2-0c1d2e3f4a5b"
CS_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/deploy-stack-x/3b6f8d70-5b1f-11ef-b2c3-1d2e3f4a5b6c"
DATA_CS_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/{NAME}-Data-1ABC/4c7a9e80-5b1f-11ef-c3d4-2e3f4a5b6c7d"
NETWORK_CS_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/{NAME}-Net-9ZYX/5d8baf90-5b1f-11ef-d4e5-3f4a5b6c7d8e"
T0 = datetime(2026, 11, 29, 8, 0, 0, tzinfo=timezone.utc)
TAGS = [{"Key": "project", "Value": "llm-gateway"}, {"Key": "environment", "Value": "dev"},
        {"Key": "git-commit", "Value": "unknown"}]
RDS_FAILURE = ("Resource handler returned message: \"Cannot find version 17.99 for postgres (Service: Rds, "
               "Status Code: 400, Request ID: 5f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f)\" (RequestToken: "
               "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9, HandlerErrorCode: InvalidRequest)")


# --- response builders (real API shapes) ------------------------------------------------------------------
def stack(status: str, stack_id: str = PARENT_ID, name: str = NAME, reason: str | None = None, outputs=None) -> dict:
    item = {"StackId": stack_id, "StackName": name, "CreationTime": T0, "StackStatus": status, "Tags": TAGS,
            "Parameters": [{"ParameterKey": "EnvironmentName", "ParameterValue": "dev"}],
            "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
            "DisableRollback": False, "EnableTerminationProtection": False}
    if reason:
        item["StackStatusReason"] = reason
    if outputs:
        item["Outputs"] = [{"OutputKey": k, "OutputValue": v} for k, v in outputs.items()]
    return {"Stacks": [item]}


_counter = iter(range(10_000))


def event(minute: float, stack_id: str, stack_name: str, logical: str, physical: str, kind: str, status: str,
          reason: str | None = None) -> dict:
    item = {"StackId": stack_id, "EventId": f"{logical}-{status}-{next(_counter)}", "StackName": stack_name,
            "LogicalResourceId": logical, "PhysicalResourceId": physical, "ResourceType": kind,
            "Timestamp": T0 + timedelta(minutes=minute), "ResourceStatus": status}
    if reason:
        item["ResourceStatusReason"] = reason
    return item


def parent_event(minute, status, reason=None):
    return event(minute, PARENT_ID, NAME, NAME, PARENT_ID, "AWS::CloudFormation::Stack", status, reason)


def events(*items) -> dict:
    """describe_stack_events answers newest first."""
    return {"StackEvents": sorted(items, key=lambda e: e["Timestamp"], reverse=True)}


def change(action: str, logical: str, kind: str, replacement: str | None = None, nested: str | None = None,
           physical: str | None = None) -> dict:
    rc = {"Action": action, "LogicalResourceId": logical, "ResourceType": kind, "Scope": [], "Details": []}
    if replacement:
        rc["Replacement"] = replacement
        rc["Scope"] = ["Properties"]
    if physical:
        rc["PhysicalResourceId"] = physical
    if nested:
        rc["ChangeSetId"] = nested
    return {"Type": "Resource", "ResourceChange": rc}


def change_set(cs_id: str, stack_id: str, stack_name: str, changes: list, status="CREATE_COMPLETE",
               reason=None, parent_cs: str | None = None) -> dict:
    item = {"ChangeSetName": cs_id.split("/")[1], "ChangeSetId": cs_id, "StackId": stack_id, "StackName": stack_name,
            "CreationTime": T0, "ExecutionStatus": "AVAILABLE" if status == "CREATE_COMPLETE" else "UNAVAILABLE",
            "Status": status, "Changes": changes, "IncludeNestedStacks": True,
            "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]}
    if reason:
        item["StatusReason"] = reason
    if parent_cs:
        item["ParentChangeSetId"] = parent_cs
        item["RootChangeSetId"] = parent_cs
    return item


# --- harness ----------------------------------------------------------------------------------------------
@pytest.fixture
def harness(monkeypatch, tmp_path):
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("DEPLOY_STACK_POLL_SECONDS", "0")
    project = emulator.make_project(tmp_path / "repo")
    with mock_aws(), emulator.bridged():
        real = emulator.fast_session(REGION)
        cfn = real.client("cloudformation")
        stubber = Stubber(cfn)

        class Session:
            region_name = REGION

            def client(self, service, **kwargs):
                return cfn if service == "cloudformation" else real.client(service, **kwargs)

        monkeypatch.setattr(aws, "make_session", lambda profile, region: Session())
        with stubber:
            yield SimpleNamespace(cfn=stubber, project=project)
        stubber.assert_no_pending_responses()


def run(h, *argv, stdin="", interactive=False, live=False):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(stdin), interactive=interactive, live=live)
    if argv[:1] == ("deploy",):  # preflight's calls have their own tests (tests/test_preflight*.py)
        argv = (*argv, "--skip-preflight")
    code = cli.main(["--project-dir", str(h.project), *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


def table_rows(text: str) -> list[tuple[str, ...]]:
    """The change set table's rows as (action, logical id, type, replacement, stack)."""
    found = []
    for line in text.splitlines():
        cells = tuple(re.split(r"\s{2,}", line.strip()))
        if len(cells) == 5 and cells[0] in ("Add", "Modify", "Remove", "Import", "Dynamic"):
            found.append(cells)
    return found


def absent(stubber, name=NAME):
    stubber.add_client_error("describe_stacks", "ValidationError", f"Stack with id {name} does not exist",
                             400, expected_params={"StackName": name})


def expect_create(stubber, kind="CREATE", stack_id=PARENT_ID):
    stubber.add_response("create_change_set", {"Id": CS_ID, "StackId": stack_id}, {
        "StackName": NAME, "ChangeSetName": ANY, "ChangeSetType": kind, "TemplateURL": ANY,
        "IncludeNestedStacks": True, "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
        "Parameters": ANY, "Tags": TAGS, "Description": ANY})


def nested_create_change_sets(stubber):
    """A CREATE change set of the parent with nested change sets for Network and Data."""
    stubber.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Add", "Data", "AWS::CloudFormation::Stack", nested=DATA_CS_ID),
        change("Add", "Network", "AWS::CloudFormation::Stack", nested=NETWORK_CS_ID)]), {"ChangeSetName": CS_ID})
    stubber.add_response("describe_change_set", change_set(DATA_CS_ID, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", [
        change("Add", "Database", "AWS::RDS::DBInstance"), change("Add", "Key", "AWS::KMS::Key"),
        change("Add", "Secrets", "Custom::Secrets")], parent_cs=CS_ID), {"ChangeSetName": DATA_CS_ID})
    stubber.add_response("describe_change_set", change_set(NETWORK_CS_ID, NETWORK_ID, f"{NAME}-Network-9ZYXWV8UTSRQ", [
        change("Add", "Vpc", "AWS::EC2::VPC")], parent_cs=CS_ID), {"ChangeSetName": NETWORK_CS_ID})


# --- nested failure: the root cause from the deepest stack ----------------------------------------------------
def test_failed_create_reports_the_deepest_cause(harness):
    s = harness.cfn
    absent(s)
    expect_create(s)
    nested_create_change_sets(s)
    review = parent_event(0, "REVIEW_IN_PROGRESS", "User Initiated")
    s.add_response("describe_stack_events", events(review), {"StackName": PARENT_ID})  # mark
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})

    started = parent_event(1, "CREATE_IN_PROGRESS", "User Initiated")
    data_begin = event(1.1, PARENT_ID, NAME, "Data", "", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS")
    data_started = event(1.2, PARENT_ID, NAME, "Data", DATA_ID, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS",
                         "Resource creation Initiated")
    s.add_response("describe_stacks", stack("CREATE_IN_PROGRESS"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(review, started, data_begin, data_started), {"StackName": PARENT_ID})

    db_failed = event(2, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", "Database", "", "AWS::RDS::DBInstance",
                      "CREATE_FAILED", RDS_FAILURE)
    key_cancelled = event(2.1, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", "Key", "", "AWS::KMS::Key", "CREATE_FAILED",
                          "Resource creation cancelled")
    data_failed = event(3, PARENT_ID, NAME, "Data", DATA_ID, "AWS::CloudFormation::Stack", "CREATE_FAILED",
                        f"Embedded stack {DATA_ID} was not successfully created: The following resource(s) failed "
                        f"to create: [Database, Key]. ")
    rolling = parent_event(3.1, "ROLLBACK_IN_PROGRESS",
                           "The following resource(s) failed to create: [Data]. Rollback requested by user.")
    done = parent_event(5, "ROLLBACK_COMPLETE")
    parent_all = events(review, started, data_begin, data_started, data_failed, rolling, done)
    data_all = events(db_failed, key_cancelled)

    s.add_response("describe_stacks", stack("ROLLBACK_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", parent_all, {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", data_all, {"StackName": DATA_ID})
    # root cause: the parent's failures since the change set started, then into the Data stack
    s.add_response("describe_stack_events", parent_all, {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", data_all, {"StackName": DATA_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes")

    assert result.code == 1
    assert "Deployment failed: llm-gateway-dev is ROLLBACK_COMPLETE." in result.err
    assert (f"Root cause: Data > Database (AWS::RDS::DBInstance) CREATE_FAILED: {RDS_FAILURE}") in result.err
    assert "Root cause: llm-gateway-dev > Data" not in result.err
    # the progress lines (no terminal: plain lines) include the nested stack's events
    assert "Data  Database AWS::RDS::DBInstance  CREATE_FAILED" in result.err
    # one table across parent and nested stacks
    assert table_rows(result.out) == [
        ("Add", "Data", "AWS::CloudFormation::Stack", "-", "llm-gateway-dev"),
        ("Add", "Database", "AWS::RDS::DBInstance", "-", "Data"),
        ("Add", "Key", "AWS::KMS::Key", "-", "Data"),
        ("Add", "Secrets", "Custom::Secrets", "-", "Data"),
        ("Add", "Network", "AWS::CloudFormation::Stack", "-", "llm-gateway-dev"),
        ("Add", "Vpc", "AWS::EC2::VPC", "-", "Network")]


# --- ROLLBACK_COMPLETE: delete and recreate, only after confirming ----------------------------------------
def rolled_back(s):
    s.add_response("describe_stacks", stack("ROLLBACK_COMPLETE"), {"StackName": NAME})
    failed = event(1, PARENT_ID, NAME, "Network", NETWORK_ID, "AWS::CloudFormation::Stack", "CREATE_FAILED",
                   "Embedded stack was not successfully created")
    net_failed = event(0.9, NETWORK_ID, f"{NAME}-Network-9ZYXWV8UTSRQ", "NatGateway1", "", "AWS::EC2::NatGateway",
                       "CREATE_FAILED", "The maximum number of addresses has been reached.")
    history = events(parent_event(0, "CREATE_IN_PROGRESS", "User Initiated"), failed,
                     parent_event(2, "ROLLBACK_COMPLETE"))
    s.add_response("describe_stack_events", history, {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(
        event(0.5, NETWORK_ID, f"{NAME}-Network-9ZYXWV8UTSRQ", f"{NAME}-Network-9ZYXWV8UTSRQ", NETWORK_ID,
              "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"), net_failed),
        {"StackName": NETWORK_ID})
    return history


def test_rollback_complete_needs_confirmation(harness):
    s = harness.cfn
    rolled_back(s)
    result = run(harness, "deploy", "--env", "dev")  # no terminal, no --yes
    assert result.code == 2
    assert "ROLLBACK_COMPLETE: its first create failed (root cause: Network > NatGateway1" in result.err
    assert "The maximum number of addresses has been reached." in result.err
    assert "Re-run with --yes to delete llm-gateway-dev and create it again." in result.err

    rolled_back(s)
    declined = run(harness, "deploy", "--env", "dev", stdin="n\n", interactive=True)
    assert declined.code == 1 and "Delete llm-gateway-dev and create it again? [y/N]" in declined.err


def test_rollback_complete_is_deleted_then_created_with_yes(harness):
    s = harness.cfn
    history = rolled_back(s)
    s.add_response("delete_stack", {}, {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("DELETE_IN_PROGRESS"), {"StackName": PARENT_ID})
    deleting = parent_event(3, "DELETE_IN_PROGRESS", "User Initiated")
    s.add_response("describe_stack_events", events(*history["StackEvents"], deleting), {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("DELETE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(*history["StackEvents"], deleting,
                                                   parent_event(4, "DELETE_COMPLETE")), {"StackName": PARENT_ID})
    new_id = PARENT_ID.replace("0e3c5a40", "7f0a1b2c")
    expect_create(s, "CREATE", stack_id=new_id)
    s.add_response("describe_change_set", change_set(CS_ID, new_id, NAME, [
        change("Add", "Network", "AWS::CloudFormation::Stack")]), {"ChangeSetName": CS_ID})
    review = event(5, new_id, NAME, NAME, new_id, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated")
    s.add_response("describe_stack_events", events(review), {"StackName": new_id})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("CREATE_COMPLETE", stack_id=new_id), {"StackName": new_id})
    s.add_response("describe_stack_events", events(
        review, event(6, new_id, NAME, NAME, new_id, "AWS::CloudFormation::Stack", "CREATE_COMPLETE")),
        {"StackName": new_id})
    s.add_response("describe_stacks", stack("CREATE_COMPLETE", stack_id=new_id, outputs={"VpcId": "vpc-0a1b2c3d"}),
                   {"StackName": new_id})

    result = run(harness, "deploy", "--env", "dev", "--yes")

    assert result.code == 0, result.err
    assert "Deleting llm-gateway-dev (ROLLBACK_COMPLETE)" in result.err
    assert "VpcId   vpc-0a1b2c3d" in result.out


# --- the data-loss guard -------------------------------------------------------------------------------
def update_replacing_the_database(s):
    s.add_response("describe_stacks", stack("UPDATE_ROLLBACK_COMPLETE"), {"StackName": NAME})
    expect_create(s, "UPDATE")
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Modify", "Data", "AWS::CloudFormation::Stack", "False", nested=DATA_CS_ID, physical=DATA_ID),
        change("Remove", "Logs", "AWS::CloudFormation::Stack", physical=NETWORK_ID)]), {"ChangeSetName": CS_ID})
    s.add_response("describe_change_set", change_set(DATA_CS_ID, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", [
        change("Modify", "Database", "AWS::RDS::DBInstance", "True", physical="llm-gateway-dev"),
        change("Modify", "Secrets", "Custom::Secrets", "Conditional", physical="secrets:/llm-gateway/dev"),
        change("Remove", "DatabaseLogGroup", "AWS::Logs::LogGroup", physical="/aws/rds/instance/x/postgresql"),
        change("Modify", "DatabaseSecurityGroup", "AWS::EC2::SecurityGroup", "False", physical="sg-0123456789abcdef0"),
    ], parent_cs=CS_ID), {"ChangeSetName": DATA_CS_ID})


def test_replacing_stateful_resources_is_refused(harness):
    s = harness.cfn
    update_replacing_the_database(s)
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes", "--param", "DatabaseInstanceClass=db.t4g.small")

    assert result.code == 2, result.err
    assert "Refusing to deploy" in result.err
    assert ("Data/Database (AWS::RDS::DBInstance) would be replaced, deleting the old one: the PostgreSQL "
            "database and all its data") in result.err
    assert "Data/Secrets (Custom::Secrets) may be replaced" in result.err
    assert "Data/DatabaseLogGroup (AWS::Logs::LogGroup) would be deleted" in result.err
    assert "DatabaseSecurityGroup" not in result.err  # not stateful
    assert "--allow-data-loss" in result.err
    assert ("Modify", "Database", "AWS::RDS::DBInstance", "True", "Data") in table_rows(result.out)
    assert ("Remove", "Logs", "AWS::CloudFormation::Stack", "-", "llm-gateway-dev") in table_rows(result.out)


@pytest.fixture(autouse=True)
def _instance_class_param(monkeypatch):
    """The fixture parent has no DatabaseInstanceClass; add it so the override above validates."""
    original = emulator.fixture_templates

    def templates():
        docs = original()
        docs["parent.yaml"]["Parameters"]["DatabaseInstanceClass"] = {
            "Type": "String", "Default": "db.t4g.micro", "AllowedValues": ["db.t4g.micro", "db.t4g.small"]}
        return docs

    monkeypatch.setattr(emulator, "fixture_templates", templates)


def test_allow_data_loss_executes_after_a_warning(harness):
    s = harness.cfn
    update_replacing_the_database(s)
    marker = parent_event(0, "UPDATE_ROLLBACK_COMPLETE")
    s.add_response("describe_stack_events", events(marker), {"StackName": PARENT_ID})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(marker, parent_event(1, "UPDATE_IN_PROGRESS", "User Initiated"),
                                                   parent_event(9, "UPDATE_COMPLETE")), {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes", "--allow-data-loss",
                 "--param", "DatabaseInstanceClass=db.t4g.small")

    assert result.code == 0, result.err
    assert "WARNING: --allow-data-loss given; this deployment will lose:" in result.err
    assert "Data/Database (AWS::RDS::DBInstance) would be replaced" in result.err


def test_diff_shows_what_deploy_would_refuse(harness):
    s = harness.cfn
    update_replacing_the_database(s)
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})
    result = run(harness, "diff", "--env", "dev", "--param", "DatabaseInstanceClass=db.t4g.small")
    assert result.code == 3
    assert "deploy would refuse this without --allow-data-loss" in result.err


# --- a stack already in progress: waited on (deploy) or reported (diff), never raced -----------------------
def test_deploy_waits_for_a_running_update_then_finds_no_changes(harness):
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_IN_PROGRESS"), {"StackName": NAME})
    running = parent_event(0, "UPDATE_IN_PROGRESS", "User Initiated")
    s.add_response("describe_stacks", stack("UPDATE_IN_PROGRESS"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(running), {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(running, parent_event(1, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")),
                   {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(running, parent_event(2, "UPDATE_COMPLETE")),
                   {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    expect_create(s, "UPDATE")  # only now, after the other operation finished
    s.add_response("describe_change_set", change_set(
        CS_ID, PARENT_ID, NAME, [], status="FAILED",
        reason="The submitted information didn't contain changes. Submit different information to create a "
               "change set."), {"ChangeSetName": CS_ID})
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes")

    assert result.code == 0, result.err
    assert "another operation is running. Waiting for it to finish" in result.err
    assert "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" in result.err
    assert "No changes" in result.out


def test_diff_reports_a_running_operation(harness):
    harness.cfn.add_response("describe_stacks", stack("CREATE_IN_PROGRESS"), {"StackName": NAME})
    result = run(harness, "diff", "--env", "dev")
    assert result.code == 1
    assert "Stack llm-gateway-dev is CREATE_IN_PROGRESS: another operation is running" in result.err
    assert "deploy-stack status --env dev" in result.err


def test_ctrl_c_while_waiting_says_the_deployment_continues(harness, monkeypatch):
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_IN_PROGRESS"), {"StackName": NAME})
    s.add_response("describe_stacks", stack("UPDATE_IN_PROGRESS"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(parent_event(0, "UPDATE_IN_PROGRESS", "User Initiated")),
                   {"StackName": PARENT_ID})

    def interrupted(_seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(context, "SLEEP", interrupted)
    result = run(harness, "deploy", "--env", "dev", "--yes")

    assert result.code == 130
    assert "the operation continues in AWS (Ctrl-C does not cancel it)" in result.err
    assert ("aws cloudformation describe-stack-events --stack-name llm-gateway-dev --region us-east-1"
            in result.err)


def test_stuck_state_gets_a_hint(harness):
    harness.cfn.add_response("describe_stacks", stack("UPDATE_ROLLBACK_FAILED"), {"StackName": NAME})
    result = run(harness, "deploy", "--env", "dev", "--yes")
    assert result.code == 1
    assert "continue-update-rollback --stack-name llm-gateway-dev" in result.err


def test_other_environments_stack_is_not_touched(harness):
    other = stack("CREATE_COMPLETE")
    other["Stacks"][0]["Tags"] = [{"Key": "project", "Value": "llm-gateway"}, {"Key": "environment", "Value": "prod"}]
    harness.cfn.add_response("describe_stacks", other, {"StackName": NAME})
    result = run(harness, "deploy", "--env", "dev", "--yes")
    assert result.code == 2
    assert "belongs to environment 'prod', not 'dev'" in result.err


# --- progress on a terminal: a live block, redrawn in place ------------------------------------------------
def test_terminal_progress_is_a_live_block(harness):
    s = harness.cfn
    absent(s)
    expect_create(s)
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Add", "Network", "AWS::CloudFormation::Stack")]), {"ChangeSetName": CS_ID})
    review = parent_event(0, "REVIEW_IN_PROGRESS", "User Initiated")
    s.add_response("describe_stack_events", events(review), {"StackName": PARENT_ID})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    started = parent_event(1, "CREATE_IN_PROGRESS", "User Initiated")
    net = event(1.5, PARENT_ID, NAME, "Network", NETWORK_ID, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS",
                "Resource creation Initiated")
    vpc = event(2, NETWORK_ID, f"{NAME}-Network-9ZYXWV8UTSRQ", "Vpc", "vpc-0a1b", "AWS::EC2::VPC", "CREATE_COMPLETE")
    s.add_response("describe_stacks", stack("CREATE_IN_PROGRESS"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(review, started, net), {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("CREATE_COMPLETE"), {"StackName": PARENT_ID})
    done = [review, started, net,
            event(3, PARENT_ID, NAME, "Network", NETWORK_ID, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"),
            parent_event(4, "CREATE_COMPLETE")]
    s.add_response("describe_stack_events", events(*done), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(vpc), {"StackName": NETWORK_ID})
    s.add_response("describe_stacks", stack("CREATE_COMPLETE", outputs={"VpcId": "vpc-0a1b"}), {"StackName": PARENT_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes", live=True)

    assert result.code == 0, result.err
    frames = result.err.split("\x1b[")
    assert len(frames) > 3  # cursor movement: the block was redrawn, not appended
    last = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", result.err.rsplit("elapsed", 1)[1])
    assert "llm-gateway-dev" in last and "CREATE_COMPLETE" in last
    network_row = next(line for line in last.splitlines() if line.strip().startswith("Network"))
    assert "CREATE_COMPLETE" in network_row and "1 done, 0 in progress" in network_row
    assert "Vpc AWS::EC2::VPC" not in result.err  # no per-event lines on a terminal


def test_destroy_refuses_while_deletion_protection_is_on(harness):
    protected = stack("UPDATE_COMPLETE")
    protected["Stacks"][0]["Parameters"] = [{"ParameterKey": "DatabaseDeletionProtection", "ParameterValue": "true"},
                                            {"ParameterKey": "AlbDeletionProtection", "ParameterValue": "false"}]
    harness.cfn.add_response("describe_stacks", protected, {"StackName": NAME})
    result = run(harness, "destroy", "--env", "dev", "--confirm", NAME)
    assert result.code == 1
    assert ("Stack llm-gateway-dev has DatabaseDeletionProtection on; the delete would fail at those resources. "
            "Turn it off first (deploy-stack deploy --env dev --param DatabaseDeletionProtection=false), then "
            "destroy.") in result.err
