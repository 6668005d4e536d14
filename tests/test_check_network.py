"""Network paths for every NAT mode, task placement and AZ count, and faults only a path model sees."""
import pytest

from deploy.check import check_templates
from tests.check_support import copy_templates, env_values


def network(templates, **overrides):
    findings = check_templates(templates, env_values("dev", **overrides), "llm-gateway-dev")
    return [f.line() for f in findings if f.area in ("network", "evaluate")]


@pytest.fixture
def tpl(rendered):
    return copy_templates(rendered)


@pytest.mark.parametrize("azs", ["2", "3"])
@pytest.mark.parametrize("placement", ["private", "public"])
@pytest.mark.parametrize("nat", ["none", "single", "per-az"])
def test_every_nat_mode_and_placement(tpl, nat, placement, azs):
    lines = network(tpl, NatGatewayMode=nat, TaskPlacement=placement, AzCount=azs)
    if nat == "none" and placement == "private":
        assert any("task -> internet tcp/443" in line and "no 0.0.0.0/0 route" in line for line in lines), lines
    else:
        assert lines == []


def test_interface_endpoint_group_that_does_not_admit_the_tasks(tpl):
    group = tpl["network.yaml"]["Resources"]["EndpointSecurityGroup"]["Properties"]
    assert network(tpl, EnableInterfaceEndpoints="true") == []
    group["SecurityGroupIngress"] = [{"CidrIp": "192.168.0.0/16", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443}]
    lines = network(tpl, EnableInterfaceEndpoints="true")
    # private DNS sends the calls to the endpoint even though a NAT exists: they fail there
    assert any("CloudWatch Logs endpoint" in line and "does not admit" in line for line in lines), lines


def test_mount_target_missing_in_a_task_az(tpl):
    del tpl["data.yaml"]["Resources"]["ModelCacheMountTarget2"]
    lines = network(tpl)
    assert any("no mount target in us-east-1b" in line for line in lines), lines


def test_load_balancer_in_private_subnets(tpl):
    tpl["service.yaml"]["Resources"]["LoadBalancer"]["Properties"]["Subnets"] = {"Ref": "PrivateSubnetIds"}
    lines = network(tpl)
    assert any("internet-facing load balancer" in line for line in lines), lines


def test_function_moved_into_the_vpc_without_a_way_to_ssm(tpl):
    tpl["data.yaml"]["Resources"]["SecretsFunction"]["Properties"]["VpcConfig"] = {
        "SubnetIds": {"Ref": "DatabaseSubnetIds"}, "SecurityGroupIds": []}
    lines = network(tpl)
    assert any("Lambda -> SSM tcp/443" in line for line in lines), lines


def test_client_cidr_outside_the_listener_rules(tpl):
    for logical_id, resource in tpl["service.yaml"]["Resources"].items():
        if logical_id.startswith("LoadBalancerIngress443") or logical_id.startswith("LoadBalancerIngress80"):
            resource["Properties"]["CidrIp"] = "198.51.100.0/24"
    lines = network(tpl, AllowedCidrs="203.0.113.10/32")
    assert any("client 203.0.113.10/32 -> load balancer tcp/80" in line for line in lines), lines


def test_private_dns_endpoints_need_dns_hostnames(tpl):
    vpc = tpl["network.yaml"]["Resources"]["Vpc"]["Properties"]
    assert network(tpl, EnableInterfaceEndpoints="true") == []
    vpc["EnableDnsHostnames"] = False
    assert any("EnableDnsHostnames" in line for line in network(tpl, EnableInterfaceEndpoints="true"))
    assert network(tpl, EnableInterfaceEndpoints="false") == []
