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
import yaml
from botocore.stub import ANY, Stubber
from moto import mock_aws

from deploy import aws, cli, context, protect
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
    """The review's resource rows as (action, logical id, type, replacement, stack), the stack taken from the
    "== <stack> (...) ==" heading above each table."""
    found, label = [], ""
    for line in text.splitlines():
        heading = re.match(r"^== (\S+) \(", line)
        if heading:
            label = heading.group(1)
            continue
        cells = tuple(re.split(r"\s{2,}", line.strip()))
        if len(cells) == 5 and cells[0] in ("Add", "Modify", "Remove", "Import", "Dynamic"):
            found.append(cells[:4] + (label,))
    return found


def described(cs_id: str) -> dict:
    """describe_change_set's parameters: deploy-stack always asks for the property values."""
    return {"ChangeSetName": cs_id, "IncludePropertyValues": True}


def reviews(stubber, *summaries, stack_id=PARENT_ID):
    """list_change_sets on an existing stack: the change sets under review (none by default)."""
    stubber.add_response("list_change_sets", {"Summaries": list(summaries)}, {"StackName": stack_id})


def nested_resources(stubber, stack_id=PARENT_ID):
    stubber.add_response("list_stack_resources", {"StackResourceSummaries": [
        {"LogicalResourceId": "Data", "PhysicalResourceId": DATA_ID, "ResourceType": "AWS::CloudFormation::Stack",
         "LastUpdatedTimestamp": T0, "ResourceStatus": "UPDATE_COMPLETE"},
        {"LogicalResourceId": "Network", "PhysicalResourceId": NETWORK_ID,
         "ResourceType": "AWS::CloudFormation::Stack", "LastUpdatedTimestamp": T0,
         "ResourceStatus": "UPDATE_COMPLETE"}]}, {"StackName": stack_id})


def expect_policies(stubber, stack_id=PARENT_ID, lift=False):
    """The stack policies: the parent's keeps the Data stack, the Data stack's keeps its KMS key (the fixture's
    only protected resource); lift=True: the allow-all ones set for an --allow-data-loss execution."""
    stubber.add_response("set_stack_policy", {}, {"StackName": stack_id, "StackPolicyBody":
                                                  protect.ALLOW_ALL if lift else protect.policy(["Data"])})
    nested_resources(stubber, stack_id)
    stubber.add_response("set_stack_policy", {}, {"StackName": DATA_ID, "StackPolicyBody":
                                                  protect.ALLOW_ALL if lift else protect.policy(["Key"])})


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
        change("Add", "Network", "AWS::CloudFormation::Stack", nested=NETWORK_CS_ID)]), described(CS_ID))
    stubber.add_response("describe_change_set", change_set(DATA_CS_ID, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", [
        change("Add", "Database", "AWS::RDS::DBInstance"), change("Add", "Key", "AWS::KMS::Key"),
        change("Add", "Secrets", "Custom::Secrets")], parent_cs=CS_ID), described(DATA_CS_ID))
    stubber.add_response("describe_change_set", change_set(NETWORK_CS_ID, NETWORK_ID, f"{NAME}-Network-9ZYXWV8UTSRQ", [
        change("Add", "Vpc", "AWS::EC2::VPC")], parent_cs=CS_ID), described(NETWORK_CS_ID))


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
        ("Add", "Network", "AWS::CloudFormation::Stack", "-", "llm-gateway-dev"),
        ("Add", "Database", "AWS::RDS::DBInstance", "-", "Data"),
        ("Add", "Key", "AWS::KMS::Key", "-", "Data"),
        ("Add", "Secrets", "Custom::Secrets", "-", "Data"),
        ("Add", "Vpc", "AWS::EC2::VPC", "-", "Network")]


# --- ROLLBACK_COMPLETE: delete and recreate, only after confirming ----------------------------------------
def rolled_back(s):
    s.add_response("describe_stacks", stack("ROLLBACK_COMPLETE"), {"StackName": NAME})
    reviews(s)
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
    assert declined.code == 2 and "Cancelled; nothing was changed." in declined.err and "Delete llm-gateway-dev and create it again? [y/N]" in declined.err


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
        change("Add", "Network", "AWS::CloudFormation::Stack")]), described(CS_ID))
    review = event(5, new_id, NAME, NAME, new_id, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated")
    s.add_response("describe_stack_events", events(review), {"StackName": new_id})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("CREATE_COMPLETE", stack_id=new_id), {"StackName": new_id})
    s.add_response("describe_stack_events", events(
        review, event(6, new_id, NAME, NAME, new_id, "AWS::CloudFormation::Stack", "CREATE_COMPLETE")),
        {"StackName": new_id})
    expect_policies(s, new_id)
    s.add_response("describe_stacks", stack("CREATE_COMPLETE", stack_id=new_id, outputs={"VpcId": "vpc-0a1b2c3d"}),
                   {"StackName": new_id})

    result = run(harness, "deploy", "--env", "dev", "--yes")

    assert result.code == 0, result.err
    assert "Deleting llm-gateway-dev (ROLLBACK_COMPLETE)" in result.err
    assert "VpcId   vpc-0a1b2c3d" in result.out


# --- the data-loss guard -------------------------------------------------------------------------------
def update_replacing_the_database(s):
    s.add_response("describe_stacks", stack("UPDATE_ROLLBACK_COMPLETE"), {"StackName": NAME})
    reviews(s)
    expect_create(s, "UPDATE")
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Modify", "Data", "AWS::CloudFormation::Stack", "False", nested=DATA_CS_ID, physical=DATA_ID),
        change("Remove", "Logs", "AWS::CloudFormation::Stack", physical=NETWORK_ID)]), described(CS_ID))
    s.add_response("describe_change_set", change_set(DATA_CS_ID, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", [
        change("Modify", "Database", "AWS::RDS::DBInstance", "True", physical="llm-gateway-dev"),
        change("Modify", "Secrets", "Custom::Secrets", "Conditional", physical="secrets:/llm-gateway/dev"),
        change("Remove", "DatabaseLogGroup", "AWS::Logs::LogGroup", physical="/aws/rds/instance/x/postgresql"),
        change("Modify", "DatabaseSecurityGroup", "AWS::EC2::SecurityGroup", "False", physical="sg-0123456789abcdef0"),
    ], parent_cs=CS_ID), described(DATA_CS_ID))
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE", DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ"),
                   {"StackName": DATA_ID})  # the Data stack's deployed parameters, for the review


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
    expect_policies(s, lift=True)
    marker = parent_event(0, "UPDATE_ROLLBACK_COMPLETE")
    s.add_response("describe_stack_events", events(marker), {"StackName": PARENT_ID})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(marker, parent_event(1, "UPDATE_IN_PROGRESS", "User Initiated"),
                                                   parent_event(9, "UPDATE_COMPLETE")), {"StackName": PARENT_ID})
    expect_policies(s)
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
    reviews(s)
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
               "change set."), described(CS_ID))
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes")

    assert result.code == 0, result.err
    assert "another operation is running. Waiting for it to finish" in result.err
    assert "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" in result.err
    assert "No changes" in result.out


def test_diff_reports_a_running_operation(harness):
    harness.cfn.add_response("describe_stacks", stack("CREATE_IN_PROGRESS"), {"StackName": NAME})
    reviews(harness.cfn)
    result = run(harness, "diff", "--env", "dev")
    assert result.code == 1
    assert "Stack llm-gateway-dev is CREATE_IN_PROGRESS: another operation is running" in result.err
    assert "deploy-stack status --env dev" in result.err


def test_ctrl_c_while_waiting_says_the_deployment_continues(harness, monkeypatch):
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_IN_PROGRESS"), {"StackName": NAME})
    reviews(s)
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
    reviews(harness.cfn)
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
        change("Add", "Network", "AWS::CloudFormation::Stack")]), described(CS_ID))
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
    expect_policies(s)
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
    assert result.code == 2
    assert ("Stack llm-gateway-dev has DatabaseDeletionProtection on; the delete would fail at those resources. "
            "Turn it off first (deploy-stack deploy --env dev --param DatabaseDeletionProtection=false), then "
            "destroy.") in result.err


# --- the review: per stack, parameters and property values (what moto cannot show) ---------------------------
SERVICE_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{NAME}-Service-3KLMNOP4QRST/6e9cb0a0-5b1f-11ef-e5f6-4a5b6c7d8e9f"
SERVICE_CS_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/{NAME}-Service-3KLM/7fadc1b0-5b1f-11ef-f6a7-5b6c7d8e9fa0"
OLD_IMAGE, NEW_IMAGE = "ghcr.io/berriai/litellm:v1.106.11", "ghcr.io/berriai/litellm:v1.106.12"
OLD_CIDRS, NEW_CIDRS = "203.0.113.10/32,198.51.100.0/24", "203.0.113.10/32,198.51.100.0/25"


def target(path: str, before: str | None, after: str | None, recreation: str = "Never", kind: str = "Modify",
           evaluation: str = "Static", source: str = "DirectModification", cause: str | None = None) -> dict:
    """One ResourceChangeDetail with property values (IncludePropertyValues=True)."""
    item = {"Attribute": "Properties", "Name": path.split("/")[2], "RequiresRecreation": recreation, "Path": path,
            "AttributeChangeType": kind}
    if before is not None:
        item["BeforeValue"] = before
    if after is not None:
        item["AfterValue"] = after
    detail = {"Target": item, "Evaluation": evaluation, "ChangeSource": source}
    if cause:
        detail["CausingEntity"] = cause
    return detail


def with_details(change_item: dict, *details) -> dict:
    change_item["ResourceChange"]["Details"] = list(details)
    return change_item


def deployed(status="UPDATE_COMPLETE", stack_id=PARENT_ID, name=NAME, **values) -> dict:
    answer = stack(status, stack_id, name)
    answer["Stacks"][0]["Parameters"] = [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()]
    return answer


# Every parameter of the fixture parent, as DescribeStacks lists them (defaults included).
DEPLOYED_PARENT = {"EnvironmentName": "dev", "VpcCidr": "10.20.0.0/16", "AzCount": "2", "DesiredCount": "1",
                   "LogRetentionDays": "14", "LitellmImage": OLD_IMAGE, "AlarmEmail": "ops@example.com",
                   "SecretsRotationToken": "initial", "AllowedCidrs": OLD_CIDRS, "CertificateArn": "",
                   "DatabaseInstanceClass": "db.t4g.micro", "DatabaseDeletionProtection": "false",
                   "ArtifactBucket": f"llm-gateway-artifacts-{ACCOUNT}-{REGION}",
                   "ArtifactPrefix": "dist/0123456789abcdef"}


def image_and_cidr_change_sets(s):
    """Parent: Service modified (its parameters); Service: the task definition replaced for the image, the
    second ingress rule pair replaced for the CIDR, the service pointed at the new task definition."""
    parent_values = dict(DEPLOYED_PARENT, LitellmImage=NEW_IMAGE, AllowedCidrs=NEW_CIDRS,
                         ArtifactPrefix="dist/feedc0ffee123456")
    parent_cs = change_set(CS_ID, PARENT_ID, NAME, [with_details(
        change("Modify", "Service", "AWS::CloudFormation::Stack", "False", nested=SERVICE_CS_ID, physical=SERVICE_ID),
        target("/Properties/Parameters/LitellmImage", OLD_IMAGE, NEW_IMAGE, source="ParameterReference",
               cause="LitellmImage"))])
    parent_cs["Parameters"] = [{"ParameterKey": k, "ParameterValue": v} for k, v in parent_values.items()]
    s.add_response("describe_change_set", parent_cs, described(CS_ID))
    ingress = "LoadBalancerIngress{port}Cidr2"
    service_cs = change_set(SERVICE_CS_ID, SERVICE_ID, f"{NAME}-Service-3KLMNOP4QRST", [
        with_details(change("Modify", "TaskDefinition", "AWS::ECS::TaskDefinition", "True",
                            physical=f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/llm-gateway-dev:7"),
                     target("/Properties/ContainerDefinitions/1/Image", OLD_IMAGE, NEW_IMAGE, "Always",
                            source="ParameterReference", cause="LitellmImage")),
        with_details(change("Modify", "Service", "AWS::ECS::Service", "False",
                            physical=f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/llm-gateway-dev/litellm"),
                     target("/Properties/TaskDefinition",
                            f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/llm-gateway-dev:7", None,
                            evaluation="Dynamic", source="ResourceReference", cause="TaskDefinition")),
        *[with_details(change("Modify", ingress.format(port=port), "AWS::EC2::SecurityGroupIngress", "True",
                              physical=f"sgr-0{port}cidr2"),
                       target("/Properties/CidrIp", "198.51.100.0/24", "198.51.100.0/25", "Always"))
          for port in (80, 443)],
    ], parent_cs=CS_ID)
    service_cs["Parameters"] = [{"ParameterKey": "LitellmImage", "ParameterValue": NEW_IMAGE},
                                {"ParameterKey": "AllowedCidrs", "ParameterValue": NEW_CIDRS},
                                {"ParameterKey": "EnvironmentName", "ParameterValue": "dev"}]
    s.add_response("describe_change_set", service_cs, described(SERVICE_CS_ID))
    s.add_response("describe_stacks", deployed(stack_id=SERVICE_ID, name=f"{NAME}-Service-3KLMNOP4QRST",
                                               LitellmImage=OLD_IMAGE, AllowedCidrs=OLD_CIDRS, EnvironmentName="dev"),
                   {"StackName": SERVICE_ID})


def test_review_shows_parameters_and_property_values_per_stack(harness):
    s = harness.cfn
    s.add_response("describe_stacks", deployed(**DEPLOYED_PARENT), {"StackName": NAME})
    reviews(s)
    expect_create(s, "UPDATE")
    image_and_cidr_change_sets(s)
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})

    result = run(harness, "diff", "--env", "dev", "--image", NEW_IMAGE, "--param", f"AllowedCidrs={NEW_CIDRS}")

    assert result.code == 3, result.err
    print("\n" + result.out)
    out = result.out
    parent, service = out.split("\n\n")[1:3]
    assert parent.startswith("== llm-gateway-dev (parent stack) ==")
    assert re.search(rf"LitellmImage\s+'{re.escape(OLD_IMAGE)}'\s+->\s+'{re.escape(NEW_IMAGE)}'\s+one-off --image",
                     parent)
    assert re.search(r"AllowedCidrs\s+'203.0.113.10/32,198.51.100.0/24'\s+->\s+'203.0.113.10/32,198.51.100.0/25'"
                     r"\s+one-off --param", parent)
    assert service.startswith("== Service (nested stack) ==")
    assert re.search(r"LitellmImage\s+'ghcr.io/berriai/litellm:v1.106.11'\s+->\s+'ghcr.io/berriai/litellm:v1.106.12'",
                     service)
    assert ("~ /Properties/ContainerDefinitions/1/Image: 'ghcr.io/berriai/litellm:v1.106.11' -> "
            "'ghcr.io/berriai/litellm:v1.106.12'  (recreation: Always)") in service
    assert "~ /Properties/CidrIp: '198.51.100.0/24' -> '198.51.100.0/25'  (recreation: Always)" in service
    assert "-> (known when deployed)" in service  # the service's new task definition ARN
    assert ("Modify", "TaskDefinition", "AWS::ECS::TaskDefinition", "True", "Service") in table_rows(out)
    assert re.search(r"Modify\s+TaskDefinition\s+AWS::ECS::TaskDefinition\s+True\s+REPLACED", service)
    assert "Summary: 0 to add, 4 to modify (3 replaced or maybe replaced), 0 to remove, across 2 stacks." in out
    # the one-offs are called out as drift from the params file
    assert "LitellmImage = 'ghcr.io/berriai/litellm:v1.106.12' from --image; params/dev.json says the template " \
           "default 'ghcr.io/berriai/litellm:v1.106.12'" not in result.err
    assert "AllowedCidrs = '203.0.113.10/32,198.51.100.0/25' from --param; params/dev.json says the template " \
           "default '203.0.113.10/32': the next deploy without --param reverts it" in result.err


def test_review_masks_secrets_and_calls_out_stateful_replacements(harness):
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    reviews(s)
    expect_create(s, "UPDATE")
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Modify", "Data", "AWS::CloudFormation::Stack", "False", nested=DATA_CS_ID, physical=DATA_ID)]),
        described(CS_ID))
    s.add_response("describe_change_set", change_set(DATA_CS_ID, DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ", [
        with_details(change("Modify", "Database", "AWS::RDS::DBInstance", "True", physical="llm-gateway-dev"),
                     target("/Properties/MasterUserPassword", "old-db-password-1", "new-db-password-2"),
                     target("/Properties/DBInstanceClass", "db.t4g.micro", "db.t4g.small"),
                     target("/Properties/DBSubnetGroupName", "a", "b", "Always")),
        with_details(change("Modify", "Secrets", "Custom::Secrets", "False", physical="secrets:/llm-gateway/dev"),
                     target("/Properties/SeedValue", "sk-abcdefghijklmnopqrstuvwx", "sk-zyxwvutsrqponmlkjihgfedc")),
    ], parent_cs=CS_ID), described(DATA_CS_ID))
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE", DATA_ID, f"{NAME}-Data-1ABCDEF2GHIJ"),
                   {"StackName": DATA_ID})
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})

    result = run(harness, "diff", "--env", "dev")

    assert result.code == 3, result.err
    for secret in ("old-db-password-1", "new-db-password-2", "sk-abcdefghijklmnopqrstuvwx", "sk-zyxwvutsrqponmlkjihgfedc"):
        assert secret not in result.out + result.err
    assert "~ /Properties/MasterUserPassword: '****' -> '****'" in result.out
    assert "~ /Properties/SeedValue: '****' -> '****'" in result.out
    assert "~ /Properties/DBInstanceClass: 'db.t4g.micro' -> 'db.t4g.small'" in result.out
    assert re.search(r"Modify\s+Database\s+AWS::RDS::DBInstance\s+True\s+STATEFUL, REPLACED", result.out)
    assert "Stateful resources replaced or removed: Data/Database" in result.out


# --- concurrency: only this run's work is deleted; a change set under review blocks a second run ------------
def review_summary(name="deploy-stack-20261201-101500-abc1234-0a0b0c", status="CREATE_COMPLETE",
                   execution="AVAILABLE", cs_id=None) -> dict:
    return {"StackId": PARENT_ID, "StackName": NAME, "ChangeSetId": cs_id or CS_ID.replace("deploy-stack-x", name),
            "ChangeSetName": name, "ExecutionStatus": execution, "Status": status, "CreationTime": T0,
            "IncludeNestedStacks": True}


def test_a_change_set_under_review_blocks_a_second_deploy(harness):
    s = harness.cfn
    s.add_response("describe_stacks", stack("REVIEW_IN_PROGRESS"), {"StackName": NAME})
    reviews(s, review_summary())
    result = run(harness, "deploy", "--env", "dev", "--yes")
    assert result.code == 2, result.err
    assert ("error: Stack llm-gateway-dev has a change set under review (deploy-stack-20261201-101500-abc1234-0a0b0c); "
            "refusing to start another operation on environment dev. Execute it with `deploy-stack execute --env dev "
            "--change-set deploy-stack-20261201-101500-abc1234-0a0b0c`, or delete it") in result.err
    # and the same on an update: the kept change set would go OBSOLETE under its reviewer
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    reviews(s, review_summary())
    assert run(harness, "deploy", "--env", "dev", "--yes").code == 2


def test_cleanup_keeps_a_review_stack_another_run_is_using(harness):
    """A diff on a new environment made the REVIEW_IN_PROGRESS stack; while it ran, a second run put its own
    change set on that stack. The cleanup deletes only this run's change set and leaves the stack."""
    s = harness.cfn
    absent(s)
    expect_create(s)
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Add", "Network", "AWS::CloudFormation::Stack")]), described(CS_ID))
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("REVIEW_IN_PROGRESS"), {"StackName": PARENT_ID})
    reviews(s, review_summary("deploy-stack-20261201-101501-def5678-1a2b3c"))
    result = run(harness, "diff", "--env", "dev")
    assert result.code == 3, result.err
    assert ("Left llm-gateway-dev (REVIEW_IN_PROGRESS) in place: another run created change set "
            "deploy-stack-20261201-101501-def5678-1a2b3c on it.") in result.err
    # (no delete_stack stubbed: Stubber would fail the test if it were called)


def test_cleanup_deletes_the_review_stack_it_alone_created(harness):
    s = harness.cfn
    absent(s)
    expect_create(s)
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Add", "Network", "AWS::CloudFormation::Stack")]), described(CS_ID))
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("REVIEW_IN_PROGRESS"), {"StackName": PARENT_ID})
    reviews(s)
    s.add_response("delete_stack", {}, {"StackName": PARENT_ID})
    assert run(harness, "diff", "--env", "dev").code == 3


# --- execute: exactly the reviewed change set ---------------------------------------------------------------
KEPT = "deploy-stack-20261201-101500-abc1234-0a0b0c"


def kept_change_set(execution="AVAILABLE", fingerprint=None, created=T0 + timedelta(hours=1)) -> dict:
    from deploy import flow
    values = [{"ParameterKey": "EnvironmentName", "ParameterValue": "dev"},
              {"ParameterKey": "DesiredCount", "ParameterValue": "2"}]
    item = change_set(CS_ID, PARENT_ID, NAME, [change("Modify", "Service", "AWS::CloudFormation::Stack", "False",
                                                      physical=SERVICE_ID)])
    item.update(ChangeSetName=KEPT, ExecutionStatus=execution, Parameters=values, CreationTime=created, Tags=TAGS,
                Description=f"deploy-stack deploy --env dev at unknown inputs="
                            f"{fingerprint or flow.inputs_hash(values, KEPT_TEMPLATE)}")
    return item


# The parent template the kept change set holds: its defaults fill the parameters not listed.
KEPT_TEMPLATE = {"Parameters": {"EnvironmentName": {"Type": "String"},
                                "DesiredCount": {"Type": "Number", "Default": 1}}, "Resources": {}}


def expect_kept(s, item):
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    s.add_response("describe_change_set", item, {"ChangeSetName": KEPT, "StackName": NAME,
                                                 "IncludePropertyValues": True})
    if item["ExecutionStatus"] == "AVAILABLE" and item["CreationTime"] > T0:  # reaches the fingerprint check
        s.add_response("get_template", {"TemplateBody": yaml.safe_dump(KEPT_TEMPLATE)},
                       {"StackName": PARENT_ID, "ChangeSetName": CS_ID, "TemplateStage": "Original"})


def test_execute_runs_the_reviewed_change_set(harness):
    s = harness.cfn
    expect_kept(s, kept_change_set())
    marker = parent_event(0, "UPDATE_COMPLETE")
    s.add_response("describe_stack_events", events(marker), {"StackName": PARENT_ID})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(marker, parent_event(1, "UPDATE_IN_PROGRESS", "User Initiated"),
                                                   parent_event(2, "UPDATE_COMPLETE")), {"StackName": PARENT_ID})
    expect_policies(s)
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE", outputs={"VpcId": "vpc-0a1b"}), {"StackName": PARENT_ID})

    result = run(harness, "execute", "--env", "dev", "--change-set", KEPT, "--yes")

    assert result.code == 0, result.err
    assert f"Executing {KEPT} on llm-gateway-dev" in result.err
    assert re.search(r"Modify\s+Service\s+AWS::CloudFormation::Stack", result.out)


@pytest.mark.parametrize("item, expected", [
    (kept_change_set(execution="OBSOLETE"),
     f"error: change set {KEPT} is CREATE_COMPLETE/OBSOLETE, not CREATE_COMPLETE/AVAILABLE: it cannot be executed "
     f"(OBSOLETE means the stack changed after it was made); create a new one with `deploy-stack deploy --env dev "
     f"--no-execute`"),
    (kept_change_set(fingerprint="0000000000000000"),
     f"does not hold what deploy-stack reviewed"),
    (kept_change_set(created=T0 - timedelta(hours=1)),
     f"error: change set {KEPT} is stale: llm-gateway-dev changed at 2026-11-29 08:00:00 UTC, after the change set "
     f"was made (2026-11-29 07:00:00 UTC)"),
], ids=["obsolete", "tampered", "older-than-the-stack"])
def test_execute_refuses_a_change_set_that_is_not_the_reviewed_one(harness, item, expected):
    expect_kept(harness.cfn, item)
    result = run(harness, "execute", "--env", "dev", "--change-set", KEPT, "--yes")
    assert result.code == 2, result.err
    assert expected in result.err


# --- drift ----------------------------------------------------------------------------------------------------
def test_drift_shows_property_differences_and_exits_1(harness):
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    nested_resources(s)
    s.add_response("list_stack_resources", {"StackResourceSummaries": []}, {"StackName": DATA_ID})
    s.add_response("list_stack_resources", {"StackResourceSummaries": []}, {"StackName": NETWORK_ID})
    for stack_id, detection in ((PARENT_ID, "d-parent"), (DATA_ID, "d-data"), (NETWORK_ID, "d-net")):
        s.add_response("detect_stack_drift", {"StackDriftDetectionId": detection}, {"StackName": stack_id})

    def status(stack_id, detection, drift, state="DETECTION_COMPLETE", count=0):
        return {"StackId": stack_id, "StackDriftDetectionId": detection, "StackDriftStatus": drift,
                "DetectionStatus": state, "DriftedStackResourceCount": count, "Timestamp": T0}

    s.add_response("describe_stack_drift_detection_status",
                   status(PARENT_ID, "d-parent", "IN_SYNC", "DETECTION_IN_PROGRESS"), {"StackDriftDetectionId": "d-parent"})
    s.add_response("describe_stack_drift_detection_status", status(PARENT_ID, "d-parent", "IN_SYNC"),
                   {"StackDriftDetectionId": "d-parent"})
    s.add_response("describe_stack_drift_detection_status", status(DATA_ID, "d-data", "DRIFTED", count=1),
                   {"StackDriftDetectionId": "d-data"})
    s.add_response("describe_stack_resource_drifts", {"StackResourceDrifts": [{
        "StackId": DATA_ID, "LogicalResourceId": "Database", "PhysicalResourceId": "llm-gateway-dev",
        "ResourceType": "AWS::RDS::DBInstance", "StackResourceDriftStatus": "MODIFIED", "Timestamp": T0,
        "ExpectedProperties": "{}", "ActualProperties": "{}",
        "PropertyDifferences": [
            {"PropertyPath": "/BackupRetentionPeriod", "ExpectedValue": "7", "ActualValue": "1",
             "DifferenceType": "NOT_EQUAL"},
            {"PropertyPath": "/MasterUserPassword", "ExpectedValue": "pw-expected", "ActualValue": "pw-actual",
             "DifferenceType": "NOT_EQUAL"}]}]},
        {"StackName": DATA_ID, "StackResourceDriftStatusFilters": ["MODIFIED", "DELETED"]})
    s.add_response("describe_stack_drift_detection_status", status(NETWORK_ID, "d-net", "IN_SYNC"),
                   {"StackDriftDetectionId": "d-net"})

    result = run(harness, "drift", "--env", "dev")

    assert result.code == 1, result.err
    assert "== Data ==" in result.out
    assert "MODIFIED  Database (AWS::RDS::DBInstance) llm-gateway-dev" in result.out
    assert "NOT_EQUAL /BackupRetentionPeriod: expected '7', actual '1'" in result.out
    assert "pw-expected" not in result.out and "pw-actual" not in result.out
    assert re.search(r"Network\s+IN_SYNC", result.out) and re.search(r"Data\s+DRIFTED", result.out)
    assert "1 resource drifted from the templates." in result.err


# --- service role, rollback off, termination protection --------------------------------------------------------
ROLE = f"arn:aws:iam::{ACCOUNT}:role/cfn-deployer"


def test_role_arn_and_disable_rollback_reach_cloudformation_and_recovery_is_explained(harness):
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    reviews(s)
    s.add_response("create_change_set", {"Id": CS_ID, "StackId": PARENT_ID}, {
        "StackName": NAME, "ChangeSetName": ANY, "ChangeSetType": "UPDATE", "TemplateURL": ANY,
        "IncludeNestedStacks": True, "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
        "Parameters": ANY, "Tags": TAGS, "Description": ANY, "RoleARN": ROLE})
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Modify", "Service", "AWS::CloudFormation::Stack", "False", physical=SERVICE_ID)]), described(CS_ID))
    marker = parent_event(0, "UPDATE_COMPLETE")
    s.add_response("describe_stack_events", events(marker), {"StackName": PARENT_ID})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID, "DisableRollback": True})
    failed = event(2, PARENT_ID, NAME, "Service", SERVICE_ID, "AWS::CloudFormation::Stack", "UPDATE_FAILED",
                   "Resource handler returned message: circuit breaker")
    history = events(marker, parent_event(1, "UPDATE_IN_PROGRESS", "User Initiated"), failed,
                     parent_event(3, "UPDATE_FAILED"))
    s.add_response("describe_stacks", stack("UPDATE_FAILED"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", history, {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", history, {"StackName": PARENT_ID})  # root cause
    s.add_response("describe_stack_events", events(), {"StackName": SERVICE_ID})

    result = run(harness, "deploy", "--env", "dev", "--yes", "--role-arn", ROLE, "--disable-rollback",
                 "--param", "DesiredCount=2")

    assert result.code == 1, result.err
    assert "(rollback disabled)" in result.err
    assert ("Rollback was disabled: the failed resources are kept for debugging. To recover, fix the cause and run "
            "`deploy-stack deploy --env dev` again (it updates from UPDATE_FAILED), or roll back with `aws "
            "cloudformation rollback-stack --stack-name llm-gateway-dev`.") in result.err


def test_termination_protection_follows_the_params(harness, monkeypatch):
    original = emulator.fixture_templates

    def templates():
        docs = original()
        docs["parent.yaml"]["Parameters"]["DatabaseDeletionProtection"] = {
            "Type": "String", "Default": "false", "AllowedValues": ["true", "false"]}
        return docs

    monkeypatch.setattr(emulator, "fixture_templates", templates)
    harness.project = emulator.make_project(harness.project.parent / "protected")
    s = harness.cfn
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": NAME})
    reviews(s)
    expect_create(s, "UPDATE")
    s.add_response("describe_change_set", change_set(CS_ID, PARENT_ID, NAME, [
        change("Modify", "Data", "AWS::CloudFormation::Stack", "False", physical=DATA_ID)]), described(CS_ID))
    marker = parent_event(0, "UPDATE_COMPLETE")
    s.add_response("describe_stack_events", events(marker), {"StackName": PARENT_ID})
    s.add_response("execute_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(marker, parent_event(1, "UPDATE_IN_PROGRESS", "User Initiated"),
                                                   parent_event(2, "UPDATE_COMPLETE")), {"StackName": PARENT_ID})
    expect_policies(s)
    s.add_response("describe_stacks", stack("UPDATE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("update_termination_protection", {"StackId": PARENT_ID},
                   {"StackName": PARENT_ID, "EnableTerminationProtection": True})

    result = run(harness, "deploy", "--env", "dev", "--yes", "--param", "DatabaseDeletionProtection=true")

    assert result.code == 0, result.err
    assert "Termination protection on for llm-gateway-dev (DatabaseDeletionProtection=true)." in result.err


def test_destroy_refuses_a_termination_protected_stack(harness):
    protected = stack("UPDATE_COMPLETE")
    protected["Stacks"][0]["EnableTerminationProtection"] = True
    harness.cfn.add_response("describe_stacks", protected, {"StackName": NAME})
    result = run(harness, "destroy", "--env", "dev", "--confirm", NAME)
    assert result.code == 2
    assert "Stack llm-gateway-dev has termination protection" in result.err and "nothing was deleted" in result.err


# --- rough edges -------------------------------------------------------------------------------------------------
def test_a_bare_403_names_the_operation(harness):
    harness.cfn.add_client_error("describe_stacks", "403", "Forbidden", 403, expected_params={"StackName": NAME})
    result = run(harness, "status", "--env", "dev")
    assert result.code == 1
    assert ("AWS error in DescribeStacks: 403: access denied (check the credentials' IAM permissions for this call "
            "and the resource's policy)") in result.err


def test_an_unparseable_answer_is_a_message_not_a_traceback(harness, monkeypatch):
    from botocore.parsers import ResponseParserError

    from deploy import stacks as stacks_module

    def garbled(cfn, name):
        raise ResponseParserError("Unable to parse response (syntax error: line 1, column 0), invalid XML received")

    monkeypatch.setattr(stacks_module, "describe", garbled)
    result = run(harness, "outputs", "--env", "dev")
    assert result.code == 1
    assert result.err.startswith("AWS error: an answer botocore could not parse (Unable to parse response")
    assert "Traceback" not in result.err


def test_declining_after_deleting_a_failed_stack_says_what_was_changed(harness):
    s = harness.cfn
    history = rolled_back(s)
    s.add_response("delete_stack", {}, {"StackName": PARENT_ID})
    s.add_response("describe_stacks", stack("DELETE_COMPLETE"), {"StackName": PARENT_ID})
    s.add_response("describe_stack_events", events(*history["StackEvents"], parent_event(4, "DELETE_COMPLETE")),
                   {"StackName": PARENT_ID})
    new_id = PARENT_ID.replace("0e3c5a40", "7f0a1b2c")
    expect_create(s, "CREATE", stack_id=new_id)
    s.add_response("describe_change_set", change_set(CS_ID, new_id, NAME, [
        change("Add", "Network", "AWS::CloudFormation::Stack")]), described(CS_ID))
    s.add_response("delete_change_set", {}, {"ChangeSetName": CS_ID})
    s.add_response("describe_stacks", stack("REVIEW_IN_PROGRESS", stack_id=new_id), {"StackName": new_id})
    reviews(s, stack_id=new_id)
    s.add_response("delete_stack", {}, {"StackName": new_id})

    result = run(harness, "deploy", "--env", "dev", stdin="y\nn\n", interactive=True)

    assert result.code == 2, result.err
    assert "Cancelled; nothing else was changed (the failed stack llm-gateway-dev was deleted)." in result.err
    assert "nothing was changed" not in result.err


def test_a_closed_pipe_ends_quietly(harness):
    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    harness.cfn.add_response("describe_stacks", stack("UPDATE_COMPLETE", outputs={"VpcId": "vpc-1"}),
                             {"StackName": NAME})
    err = io.StringIO()
    console = Console(out=ClosedPipe(), err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = cli.main(["--project-dir", str(harness.project), "outputs", "--env", "dev"], console=console)
    assert code == 1
    assert err.getvalue() == ""  # no traceback, no message into a pipe nobody reads


def test_missing_credentials_exit_2_and_say_so(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                 "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    project = emulator.make_project(tmp_path / "repo")
    result = run(SimpleNamespace(project=project), "status", "--env", "dev", "--region", REGION)
    assert result.code == 2
    assert result.err.strip() == ("error: no AWS credentials found; use --profile, AWS_PROFILE or the usual "
                                  "credential chain. Nothing was sent to AWS.")


def test_an_unknown_profile_in_aws_profile_is_named_as_such(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_PROFILE", "nosuchprofile")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    project = emulator.make_project(tmp_path / "repo")
    result = run(SimpleNamespace(project=project), "status", "--env", "dev", "--region", REGION)
    assert result.code == 2
    assert result.err.startswith("error: AWS_PROFILE=nosuchprofile: The config profile (nosuchprofile) could not "
                                 "be found; check ~/.aws/config")
    assert "None" not in result.err


def test_execute_refuses_another_environments_change_set(harness):
    item = kept_change_set()
    item["Tags"] = [{"Key": "project", "Value": "llm-gateway"}, {"Key": "environment", "Value": "prod"}]
    expect_kept(harness.cfn, item)
    harness.cfn._queue.pop()  # the refusal comes before the template is read
    result = run(harness, "execute", "--env", "dev", "--change-set", KEPT, "--yes")
    assert result.code == 2
    assert f"error: change set {KEPT} is tagged for environment 'prod', not 'dev'" in result.err


def test_an_upload_refused_by_s3_names_the_bucket(harness, monkeypatch):
    from botocore.exceptions import ClientError

    from deploy import artifacts

    def refused(s3, bucket, prefix, files, account, console):
        raise ClientError({"Error": {"Code": "403", "Message": "Forbidden"}}, "PutObject")

    monkeypatch.setattr(artifacts, "_upload", refused)
    s = harness.cfn
    absent(s)
    result = run(harness, "diff", "--env", "dev")
    assert result.code == 1
    assert (f"AWS error in PutObject (bucket llm-gateway-artifacts-{ACCOUNT}-{REGION}, prefix dist/") in result.err
    assert "403: access denied (check the credentials' IAM permissions" in result.err
