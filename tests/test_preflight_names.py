"""preflight names: each fixed name of the resolved templates that already exists, and whose it is.
moto models logs, RDS, SSM and ECS; KMS aliases, dashboards and the bucket answer through Stubber."""
from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from deploy import preflight_names as n
from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED
from tests.preflight_support import ACCOUNT, REGION, STACK, StubTarget, model_for, set_property, statuses

OUR_TAGS = {"project": "llm-gateway", "environment": "dev"}
EARLIER_DATA_STACK = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{STACK}-Data-OLD1/0f3c1a2e"


@pytest.fixture
def cloud(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        target = StubTarget(moto_services=("logs", "rds", "ssm", "ecs"))
        yield target
        target.done()


def free_kms_and_dashboard(target):
    target.stub("kms").add_client_error("describe_key", "NotFoundException", "Alias is not found.", 400)
    target.stub("cloudwatch").add_client_error("get_dashboard", "ResourceNotFound", "Dashboard does not exist", 404)


def test_the_fixed_names_come_from_the_templates():
    """Independently of the evaluator: every NAMED property written as Fn::Sub over EnvironmentName in the
    raw dist/ templates, substituted by hand, is among the names preflight looks up."""
    import yaml
    from tests.preflight_support import ROOT

    expected = set()
    for path in sorted((ROOT / "dist").glob("*.yaml")):
        for res in (yaml.safe_load(path.read_text()).get("Resources") or {}).values():
            prop = (n.NAMED.get(res["Type"]) or (None,))[0]
            value = (res.get("Properties") or {}).get(prop)
            if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str) and "Condition" not in res:
                expected.add((res["Type"], value["Fn::Sub"].replace("${EnvironmentName}", "dev")))
    found = {(kind, name) for kind, name, _where in n.fixed_names(model_for())}
    assert expected and expected <= found
    assert all(kind in n.NAMED or kind in n.UNCHECKED_NAMES for kind, _name in found)
    assert not [name for _kind, name in found if "${" in name or "<generated>" in name]


def test_all_free_passes(cloud):
    free_kms_and_dashboard(cloud)
    rows = n.named_resources(cloud, model_for(), "dev", live=set())
    assert {r.status for r in rows} == {PASSED}, rows


def test_log_group_left_by_an_earlier_stack_blocks_with_the_command(cloud):
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/aws/rds/instance/llm-gateway-dev/postgresql", tags=OUR_TAGS)
    free_kms_and_dashboard(cloud)
    rows = {r.check: r for r in n.named_resources(cloud, model_for(), "dev", live=set())}
    row = rows["log group /aws/rds/instance/llm-gateway-dev/postgresql"]
    assert row.status == BLOCKER
    assert "left by an earlier llm-gateway-dev stack" in row.detail
    assert ("`aws logs delete-log-group --log-group-name /aws/rds/instance/llm-gateway-dev/postgresql --region us-east-1`"
            in row.detail)
    assert rows["log group /llm-gateway/dev/service"].status == PASSED


def test_log_group_of_someone_else_blocks(cloud):
    boto3.client("logs", region_name=REGION).create_log_group(logGroupName="/llm-gateway/dev/service",
                                                              tags={"team": "other"})
    free_kms_and_dashboard(cloud)
    row = next(r for r in n.named_resources(cloud, model_for(), "dev", set()) if r.check.endswith("/dev/service"))
    assert row.status == BLOCKER and "it is not this project's (no llm-gateway tags)" in row.detail


def test_a_name_of_the_live_stack_passes(cloud):
    boto3.client("logs", region_name=REGION).create_log_group(logGroupName="/llm-gateway/dev/service")
    free_kms_and_dashboard(cloud)
    rows = statuses(n.named_resources(cloud, model_for(), "dev", live={"/llm-gateway/dev/service"}))
    assert rows["log group /llm-gateway/dev/service"] == PASSED


def test_db_instance_taken_blocks(cloud):
    boto3.client("rds", region_name=REGION).create_db_instance(
        DBInstanceIdentifier="llm-gateway-dev", DBInstanceClass="db.t4g.micro", Engine="postgres",
        MasterUsername="x", MasterUserPassword="not-a-secret-1", AllocatedStorage=20)
    free_kms_and_dashboard(cloud)
    rows = statuses(n.named_resources(cloud, model_for(), "dev", set()))
    assert rows["DB instance llm-gateway-dev"] == BLOCKER


def test_ecs_cluster_taken_blocks_and_an_inactive_one_is_free(cloud):
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="llm-gateway-dev")
    free_kms_and_dashboard(cloud)
    assert statuses(n.named_resources(cloud, model_for(), "dev", set()))["ECS cluster llm-gateway-dev"] == BLOCKER
    ecs.delete_cluster(cluster="llm-gateway-dev")
    free_kms_and_dashboard(cloud)
    assert statuses(n.named_resources(cloud, model_for(), "dev", set()))["ECS cluster llm-gateway-dev"] == PASSED


def test_kms_alias_of_another_project_blocks(cloud):
    kms = cloud.stub("kms")
    kms.add_response("describe_key", {"KeyMetadata": {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}},
                     {"KeyId": "alias/llm-gateway/dev"})
    kms.add_response("list_resource_tags", {"Tags": [{"TagKey": "team", "TagValue": "billing"}], "Truncated": False},
                     {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"})
    cloud.stub("cloudwatch").add_client_error("get_dashboard", "ResourceNotFound", "no", 404)
    assert statuses(n.named_resources(cloud, model_for(), "dev", set()))["KMS alias alias/llm-gateway/dev"] == BLOCKER


def test_dashboard_taken_blocks_owner_unknown(cloud):
    cloud.stub("kms").add_client_error("describe_key", "NotFoundException", "no", 400)
    cloud.stub("cloudwatch").add_response("get_dashboard", {
        "DashboardArn": f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/llm-gateway-dev", "DashboardBody": "{}",
        "DashboardName": "llm-gateway-dev"}, {"DashboardName": "llm-gateway-dev"})
    row = next(r for r in n.named_resources(cloud, model_for(), "dev", set()) if r.check.startswith("dashboard"))
    assert row.status == BLOCKER and "whose it is cannot be told (the type carries no tags)" in row.detail


def test_access_denied_on_a_lookup_could_not_check_with_the_permission(cloud):
    cloud.stub("kms").add_client_error("describe_key", "AccessDeniedException", "not authorized", 400)
    cloud.stub("cloudwatch").add_client_error("get_dashboard", "ResourceNotFound", "no", 404)
    row = next(r for r in n.named_resources(cloud, model_for(), "dev", set()) if r.check.startswith("KMS"))
    assert (row.status, row.detail) == (UNCHECKED, "access denied: the caller needs kms:DescribeKey")


def test_an_unknown_named_type_is_reported_and_generated_names_are_skipped(cloud):
    model = model_for()
    model.resources["Service"]["Topic"] = {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "llm-gateway-dev"}}
    model.resources["Service"]["Nested"] = {"Type": "AWS::SNS::Topic",
                                            "Properties": {"TopicName": f"{STACK}-<generated>-x"}}
    free_kms_and_dashboard(cloud)
    rows = statuses(n.named_resources(cloud, model, "dev", set()))
    assert rows["AWS::SNS::Topic llm-gateway-dev"] == UNCHECKED
    assert not [c for c in rows if "<generated>" in c]  # CloudFormation makes those unique
    assert rows["final snapshot of Data/Database"] == PASSED  # DeletionPolicy Snapshot, named by CloudFormation


# --- the generated SSM parameters -----------------------------------------------------------------------
def put(name, tags):
    boto3.client("ssm", region_name=REGION).put_parameter(Name=name, Value="x", Type="SecureString",
                                                          Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def test_secret_parameters_free_pass(cloud):
    assert statuses(n.secret_parameters(cloud, model_for(), "dev", set())) == {
        "SSM parameters under /llm-gateway/dev/": PASSED}


def test_secret_parameters_left_by_an_earlier_stack_block(cloud):
    put("/llm-gateway/dev/salt-key", {"llm-gateway:managed-by": f"{EARLIER_DATA_STACK}/Secrets"})
    [row] = n.secret_parameters(cloud, model_for(), "dev", set())
    assert row.status == BLOCKER
    assert "`aws ssm delete-parameters --names /llm-gateway/dev/salt-key --region us-east-1`" in row.detail


def test_released_secret_parameters_will_be_adopted(cloud):
    owner = f"{EARLIER_DATA_STACK}/Secrets"
    for name in ("master-key", "salt-key"):
        put(f"/llm-gateway/dev/{name}", {"llm-gateway:managed-by": owner, "llm-gateway:released-by": owner})
    [row] = n.secret_parameters(cloud, model_for(), "dev", set())
    assert row.status == PASSED and "will be adopted" in row.detail
    assert "/llm-gateway/dev/master-key, /llm-gateway/dev/salt-key exist" in row.detail


def test_released_beside_unreleased_still_blocks_for_the_unreleased(cloud):
    owner = f"{EARLIER_DATA_STACK}/Secrets"
    put("/llm-gateway/dev/master-key", {"llm-gateway:managed-by": owner, "llm-gateway:released-by": owner})
    put("/llm-gateway/dev/salt-key", {"llm-gateway:managed-by": owner})  # kept without release (old handler)
    put("/llm-gateway/dev/db-password", {"llm-gateway:released-by": "someone"})  # a mark without our owner
    rows = n.secret_parameters(cloud, model_for(), "dev", set())
    assert [r.status for r in rows] == [PASSED, BLOCKER, BLOCKER]
    assert "--names /llm-gateway/dev/salt-key --region" in rows[1].detail
    assert "/llm-gateway/dev/db-password exist and are not this project's" in rows[2].detail


def test_secret_parameters_of_someone_else_block(cloud):
    put("/llm-gateway/dev/master-key", {"owner": "alice"})
    [row] = n.secret_parameters(cloud, model_for(), "dev", set())
    assert row.status == BLOCKER and "are not this project's" in row.detail


def test_secret_parameters_of_the_live_stack_pass(cloud):
    put("/llm-gateway/dev/master-key", {"llm-gateway:managed-by": f"{EARLIER_DATA_STACK}/Secrets"})
    rows = n.secret_parameters(cloud, model_for(), "dev", {"secrets:/llm-gateway/dev"})
    assert statuses(rows) == {"SSM parameters under /llm-gateway/dev/": PASSED}


# --- the artifact bucket --------------------------------------------------------------------------------
BUCKET = f"llm-gateway-artifacts-{ACCOUNT}-{REGION}"


@pytest.mark.parametrize("code, status, detail", [
    ("404", PASSED, "free: deploy creates it"),
    ("403", BLOCKER, "exists but is not owned by account 123456789012 (bucket names are global), or the caller "
                     "lacks s3:ListBucket on it; deploy-stack will not upload there")])
def test_artifact_bucket(code, status, detail):
    target = StubTarget()
    target.stub("s3").add_client_error("head_bucket", code, "", int(code),
                                       expected_params={"Bucket": BUCKET, "ExpectedBucketOwner": ACCOUNT})
    [row] = n.artifact_bucket_row(target, model_for())
    assert (row.status, row.detail) == (status, detail)
    target.done()


def test_a_named_ssm_parameter_resource_is_looked_up(cloud):
    model = model_for()
    model.resources["Service"]["AlarmEmailParameter"] = {
        "Type": "AWS::SSM::Parameter", "Properties": {"Name": "/llm-gateway/dev/config/alarm-email"}}
    put("/llm-gateway/dev/config/alarm-email", {"environment": "dev", "project": "llm-gateway"})
    free_kms_and_dashboard(cloud)
    row = next(r for r in n.named_resources(cloud, model, "dev", set()) if r.check.startswith("SSM parameter"))
    assert row.status == BLOCKER
    assert "`aws ssm delete-parameter --name /llm-gateway/dev/config/alarm-email --region us-east-1`" in row.detail
