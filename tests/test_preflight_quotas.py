"""preflight quotas: Service Quotas + the service's usage API against what the resolved templates need."""
from __future__ import annotations

import pytest
from botocore.stub import ANY

from deploy import preflight_quotas as q
from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED, WARNING
from tests.preflight_support import STACK, StubTarget, model_for, quota, set_property, statuses


@pytest.fixture
def target():
    t = StubTarget()
    yield t
    t.done()


def account_settings(stub, limit, unreserved):
    stub.add_response("get_account_settings", {
        "AccountLimit": {"TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800,
                         "ConcurrentExecutions": limit, "UnreservedConcurrentExecutions": unreserved},
        "AccountUsage": {"TotalCodeSize": 0, "FunctionCount": 0}}, {})


# --- Lambda ---------------------------------------------------------------------------------------------
def test_lambda_reservation_on_a_small_account_blocks(target):
    model = model_for()
    set_property(model, "AWS::Lambda::Function", "ReservedConcurrentExecutions", 2)  # issue 11 fault 3
    account_settings(target.stub("lambda"), limit=10, unreserved=10)
    [row] = q.lambda_concurrency(target, model)
    assert row.status == BLOCKER
    assert row.detail.startswith("account limit 10, unreserved 10, the stack reserves 2: AWS refuses")


def test_lambda_reservation_on_a_large_account_passes(target):
    model = model_for()
    set_property(model, "AWS::Lambda::Function", "ReservedConcurrentExecutions", 2)
    account_settings(target.stub("lambda"), limit=1000, unreserved=1000)
    assert q.lambda_concurrency(target, model)[0].status == PASSED


def test_lambda_reservation_on_update_of_a_small_account_warns(target):
    model = model_for()
    set_property(model, "AWS::Lambda::Function", "ReservedConcurrentExecutions", 2)
    account_settings(target.stub("lambda"), limit=101, unreserved=100)  # the live function holds 1 already?
    assert q.lambda_concurrency(target, model, stack_exists=True)[0].status == WARNING
    account_settings(target.stub("lambda"), limit=10, unreserved=10)
    assert q.lambda_concurrency(target, model, stack_exists=True)[0].status == BLOCKER


def test_no_reservation_passes_even_on_a_small_account(target):
    model = model_for()
    set_property(model, "AWS::Lambda::Function", "ReservedConcurrentExecutions", None)
    account_settings(target.stub("lambda"), limit=10, unreserved=10)
    assert q.lambda_concurrency(target, model)[0].status == PASSED


# --- Fargate --------------------------------------------------------------------------------------------
def test_fargate_need_is_max_tasks_times_maximum_percent_times_vcpu():
    model = model_for(CapacityMode="on-demand", MaxTasks="3", TaskCpu="2048", TaskMemory="8192")
    assert q.fargate_need(model) == {"FARGATE": 3 * 2 * 2.0, "FARGATE_SPOT": 0.0}
    spot = model_for(CapacityMode="spot-above-base", OnDemandBaseTasks="1", MaxTasks="3")
    assert spot.of_type("AWS::ECS::Service")[0][2]["CapacityProviderStrategy"][0]["Base"] == "1"
    need = q.fargate_need(spot)
    assert need["FARGATE"] == 2 * 2.0 and need["FARGATE_SPOT"] == 6 * 2.0  # base 1 x 200 %, all 3 x 200 %


def usage(stub, value):
    stub.add_response("get_metric_statistics", {"Label": "ResourceCount", "Datapoints": [
        {"Timestamp": "2026-11-30T08:00:00Z", "Maximum": value, "Unit": "None"}]},
        {"Namespace": "AWS/Usage", "MetricName": "ResourceCount", "Dimensions": ANY, "StartTime": ANY,
         "EndTime": ANY, "Period": 300, "Statistics": ["Maximum"]})


def test_fargate_on_demand_quota_too_low_blocks(target):
    model = model_for(CapacityMode="on-demand", MaxTasks="3")
    quota(target.stub("service-quotas"), "fargate", "L-3032A538", 6)
    rows = statuses(q.fargate(target, model))
    assert rows == {"Fargate On-Demand vCPU": BLOCKER, "Fargate Spot vCPU": PASSED}


def test_fargate_spot_quota_too_low_blocks(target):
    model = model_for(CapacityMode="spot", MaxTasks="2")
    quota(target.stub("service-quotas"), "fargate", "L-36FBB829", 4)
    rows = q.fargate(target, model)
    assert statuses(rows) == {"Fargate On-Demand vCPU": PASSED, "Fargate Spot vCPU": BLOCKER}
    assert "quota 4 vCPU, the service needs up to 8" in rows[1].detail


def test_fargate_usage_leaving_too_little_room_warns(target):
    model = model_for(CapacityMode="spot", MaxTasks="2")
    quota(target.stub("service-quotas"), "fargate", "L-36FBB829", 10)
    usage(target.stub("cloudwatch"), 6.0)
    assert statuses(q.fargate(target, model))["Fargate Spot vCPU"] == WARNING


def test_fargate_falls_back_to_the_aws_default_quota(target):
    model = model_for(CapacityMode="spot", MaxTasks="1")
    sq = target.stub("service-quotas")
    sq.add_client_error("get_service_quota", "NoSuchResourceException", "The request failed because the "
                        "specified service quota does not exist.", 400)
    sq.add_response("get_aws_default_service_quota", {"Quota": {"ServiceCode": "fargate", "QuotaCode": "L-36FBB829",
                                                                "Value": 6.0}},
                    {"ServiceCode": "fargate", "QuotaCode": "L-36FBB829"})
    usage(target.stub("cloudwatch"), 0.0)
    assert statuses(q.fargate(target, model))["Fargate Spot vCPU"] == PASSED


@pytest.mark.parametrize("code, said", [
    ("AccessDeniedException", "access denied: the caller needs servicequotas:GetServiceQuota"),
    ("TooManyRequestsException", "throttled by AWS (TooManyRequestsException, after retries) calling "
                                 "servicequotas:GetServiceQuota; run preflight again")])
def test_fargate_denied_or_throttled_could_not_check(target, code, said):
    model = model_for(CapacityMode="spot", MaxTasks="1")
    target.stub("service-quotas").add_client_error("get_service_quota", code, "no", 400)
    rows = q.fargate(target, model)
    assert [(r.status, r.detail) for r in rows if r.check == "Fargate Spot vCPU"] == [(UNCHECKED, said)]


# --- network counts -------------------------------------------------------------------------------------
def address(allocation, stack_name=None):
    item = {"AllocationId": allocation, "PublicIp": "198.51.100.1", "Domain": "vpc"}
    if stack_name:
        item["Tags"] = [{"Key": "aws:cloudformation:stack-name", "Value": stack_name}]
    return item


def test_elastic_ips_per_az_nat_beyond_the_quota_blocks(target):
    model = model_for(NatGatewayMode="per-az", AzCount="3")
    assert len(model.of_type("AWS::EC2::EIP")) == 3
    quota(target.stub("service-quotas"), "ec2", "L-0263D0A3", 5)
    target.stub("ec2").add_response("describe_addresses", {"Addresses": [address(f"eipalloc-{i}") for i in range(3)]},
                                    {"Filters": [{"Name": "domain", "Values": ["vpc"]}]})
    [row] = q.elastic_ips(target, model)
    assert row.status == BLOCKER and row.detail.startswith("quota 5, in use 3 (not this stack's), this stack needs 3")


def test_elastic_ips_of_this_stack_are_not_counted_twice(target):
    model = model_for(NatGatewayMode="per-az", AzCount="3")
    quota(target.stub("service-quotas"), "ec2", "L-0263D0A3", 5)
    ours = [address(f"eipalloc-{i}", f"{STACK}-Network-1ABC") for i in range(3)]
    target.stub("ec2").add_response("describe_addresses", {"Addresses": ours + [address("eipalloc-x")]}, None)
    assert q.elastic_ips(target, model)[0].status == PASSED


def test_no_nat_needs_no_elastic_ip(target):
    model = model_for(NatGatewayMode="none", TaskPlacement="public")
    assert q.elastic_ips(target, model)[0].detail == "none needed (no Elastic IP in this environment)"


def test_vpcs_at_the_quota_block_and_pages_are_followed(target):
    model = model_for()
    quota(target.stub("service-quotas"), "vpc", "L-F678F1CE", 5)
    ec2 = target.stub("ec2")
    vpc = {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "State": "available", "OwnerId": "123456789012"}
    ec2.add_response("describe_vpcs", {"Vpcs": [vpc] * 3, "NextToken": "t"}, {})
    ec2.add_response("describe_vpcs", {"Vpcs": [vpc] * 2}, {"NextToken": "t"})
    [row] = q.vpcs(target, model)
    assert row.status == BLOCKER and "in use 5" in row.detail


def test_internet_gateways_at_the_quota_block(target):
    model = model_for()
    quota(target.stub("service-quotas"), "vpc", "L-A4707A72", 2)
    target.stub("ec2").add_response("describe_internet_gateways", {"InternetGateways": [
        {"InternetGatewayId": f"igw-{i}", "OwnerId": "123456789012", "Attachments": []} for i in range(2)]}, {})
    assert q.internet_gateways(target, model)[0].status == BLOCKER


def test_interface_endpoints_beyond_the_quota_block(target):
    model = model_for("prod")
    need = sum(p.get("VpcEndpointType") == "Interface" for _s, _l, p in model.of_type("AWS::EC2::VPCEndpoint"))
    assert need >= 2
    quota(target.stub("service-quotas"), "vpc", "L-29B6F2EB", need - 1)
    assert q.interface_endpoints(target, model)[0].status == BLOCKER
    quota(target.stub("service-quotas"), "vpc", "L-29B6F2EB", 50)
    assert q.interface_endpoints(target, model)[0].status == PASSED


def test_vpcs_of_the_live_stack_are_not_counted_twice(target):
    model = model_for()
    quota(target.stub("service-quotas"), "vpc", "L-F678F1CE", 2)
    target.stub("ec2").add_response("describe_vpcs", {"Vpcs": [
        {"VpcId": "vpc-ours", "State": "available"}, {"VpcId": "vpc-default", "State": "available"}]}, {})
    assert q.vpcs(target, model, live={"vpc-ours"})[0].status == PASSED
    quota(target.stub("service-quotas"), "vpc", "L-F678F1CE", 2)
    target.stub("ec2").add_response("describe_vpcs", {"Vpcs": [
        {"VpcId": "vpc-ours", "State": "available"}, {"VpcId": "vpc-default", "State": "available"}]}, {})
    assert q.vpcs(target, model)[0].status == BLOCKER  # a create: both are someone else's


def test_load_balancers_at_the_quota_block_following_markers(target):
    model = model_for()
    quota(target.stub("service-quotas"), "elasticloadbalancing", "L-53DA6B97", 2)
    elb = target.stub("elbv2")
    lb = {"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1",
          "Type": "application"}
    elb.add_response("describe_load_balancers", {"LoadBalancers": [lb], "NextMarker": "m"}, {})
    elb.add_response("describe_load_balancers", {"LoadBalancers": [dict(lb, LoadBalancerArn=lb["LoadBalancerArn"]
                                                                        + "2")]}, {"Marker": "m"})
    [row] = q.load_balancers(target, model)
    assert row.status == BLOCKER and "in use 2 (not this stack's), this stack needs 1" in row.detail


def test_db_instances_at_the_quota_block(target):
    model = model_for()
    quota(target.stub("service-quotas"), "rds", "L-7B6409FD", 1)
    target.stub("rds").add_response("describe_db_instances", {"DBInstances": [
        {"DBInstanceIdentifier": "someone-elses"}]}, {})
    assert q.db_instances(target, model)[0].status == BLOCKER


def test_elastic_ips_on_moto_ec2(monkeypatch):
    """The usage side on moto's EC2 (the quota from Stubber: moto has no AWS default quotas)."""
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        for _ in range(2):
            ec2.allocate_address(Domain="vpc")
        ec2.allocate_address(Domain="vpc", TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": [
            {"Key": "aws:cloudformation:stack-name", "Value": f"{STACK}-Network-1ABC"}]}])
        target = StubTarget(moto_services=("ec2",))
        model = model_for(NatGatewayMode="per-az", AzCount="3")
        quota(target.stub("service-quotas"), "ec2", "L-0263D0A3", 5)
        [row] = q.elastic_ips(target, model)
        assert row.status == PASSED and "in use 2 (not this stack's), this stack needs 3" in row.detail
        ec2.allocate_address(Domain="vpc")
        quota(target.stub("service-quotas"), "ec2", "L-0263D0A3", 5)
        assert q.elastic_ips(target, model)[0].status == BLOCKER
        target.done()
