"""Network stack: what it creates for each AZ count and NAT mode, evaluated from the rendered template."""
import ipaddress

import pytest

from templates import network
from deploy.evaluator import Evaluator

BASE = {"EnvironmentName": "dev"}


def resolve(templates, **params):
    ev = Evaluator(templates["network"], BASE | params)
    return ev.resources(), ev.outputs()


def of_type(resources, type_name):
    return {k: v for k, v in resources.items() if v["Type"] == type_name}


def subnets(resources, tier):
    return {k: v["Properties"] for k, v in of_type(resources, "AWS::EC2::Subnet").items() if k.startswith(tier)}


@pytest.mark.parametrize("az_count", ["2", "3"])
def test_each_tier_spans_distinct_azs(templates, az_count):
    resources, outputs = resolve(templates, AzCount=az_count)
    for tier in ("Public", "Private", "Database"):
        tier_subnets = subnets(resources, tier)
        assert len(tier_subnets) == int(az_count)
        assert len({s["AvailabilityZone"] for s in tier_subnets.values()}) == int(az_count)
        assert len(outputs[f"{tier}SubnetIds"].split(",")) == int(az_count)


@pytest.mark.parametrize("cidr", ["10.20.0.0/16", "172.16.16.0/20"])
def test_subnet_cidrs_are_disjoint_and_inside_the_vpc(templates, cidr):
    resources, _ = resolve(templates, AzCount="3", VpcCidr=cidr)
    blocks = [ipaddress.ip_network(s["CidrBlock"]) for s in of_type(resources, "AWS::EC2::Subnet")
              .values() for s in [s["Properties"]]]
    vpc = ipaddress.ip_network(cidr)
    assert all(b.subnet_of(vpc) for b in blocks)
    assert len(blocks) == 9
    assert not any(a.overlaps(b) for i, a in enumerate(blocks) for b in blocks[i + 1:])


def private_routes(resources):
    """Private subnet -> the NAT gateway its default route goes to."""
    tables = {a["Properties"]["SubnetId"]: a["Properties"]["RouteTableId"]
              for a in of_type(resources, "AWS::EC2::SubnetRouteTableAssociation").values()}
    nat_of_table = {r["Properties"]["RouteTableId"]: r["Properties"].get("NatGatewayId")
                    for r in of_type(resources, "AWS::EC2::Route").values()
                    if r["Properties"]["DestinationCidrBlock"] == "0.0.0.0/0"}
    return {subnet: nat_of_table.get(tables[subnet]) for subnet in subnets(resources, "Private")}


@pytest.mark.parametrize("az_count", ["2", "3"])
def test_per_az_nat_gives_each_private_subnet_its_own_nat_in_its_az(templates, az_count):
    resources, _ = resolve(templates, AzCount=az_count, NatGatewayMode="per-az")
    routes = private_routes(resources)
    nats = of_type(resources, "AWS::EC2::NatGateway")
    assert len(nats) == int(az_count)
    assert len(set(routes.values())) == int(az_count)
    public = subnets(resources, "Public")
    private = subnets(resources, "Private")
    for subnet, nat in routes.items():
        nat_subnet = nats[nat]["Properties"]["SubnetId"]
        assert public[nat_subnet]["AvailabilityZone"] == private[subnet]["AvailabilityZone"]


def test_single_nat_is_shared(templates):
    resources, _ = resolve(templates, AzCount="3", NatGatewayMode="single")
    assert len(of_type(resources, "AWS::EC2::NatGateway")) == 1
    assert len(of_type(resources, "AWS::EC2::EIP")) == 1
    assert set(private_routes(resources).values()) == {"NatGateway1"}


def test_database_subnets_have_no_route_out(templates):
    resources, _ = resolve(templates, AzCount="3")
    db_tables = {a["Properties"]["RouteTableId"] for a in
                 of_type(resources, "AWS::EC2::SubnetRouteTableAssociation").values()
                 if a["Properties"]["SubnetId"].startswith("Database")}
    assert db_tables == {"DatabaseRouteTable"}
    assert not [r for r in of_type(resources, "AWS::EC2::Route").values()
                if r["Properties"]["RouteTableId"] == "DatabaseRouteTable"]


def test_no_subnet_gives_public_ips(templates):
    resources, _ = resolve(templates, AzCount="3")
    assert all(s["MapPublicIpOnLaunch"] is False for s in
               (r["Properties"] for r in of_type(resources, "AWS::EC2::Subnet").values()))


@pytest.mark.parametrize("enabled,expected", [("true", 5), ("false", 0)])
def test_interface_endpoints_follow_the_parameter(templates, enabled, expected):
    resources, _ = resolve(templates, EnableInterfaceEndpoints=enabled, AzCount="3")
    endpoints = of_type(resources, "AWS::EC2::VPCEndpoint")
    interface = {k: v for k, v in endpoints.items() if v["Properties"]["VpcEndpointType"] == "Interface"}
    assert len(interface) == expected
    for endpoint in interface.values():
        assert endpoint["Properties"]["PrivateDnsEnabled"] is True
        assert len(endpoint["Properties"]["SubnetIds"]) == 3
    gateway = [v for v in endpoints.values() if v["Properties"]["VpcEndpointType"] == "Gateway"]
    assert len(gateway) == 1 and gateway[0]["Properties"]["ServiceName"] == "com.amazonaws.us-east-1.s3"
    assert len(gateway[0]["Properties"]["RouteTableIds"]) == 3


def test_flow_logs_cover_the_vpc_with_retention(templates):
    resources, _ = resolve(templates, FlowLogRetentionDays="90")
    flow = of_type(resources, "AWS::EC2::FlowLog")["VpcFlowLog"]["Properties"]
    assert flow["ResourceId"] == "Vpc" and flow["TrafficType"] == "ALL"
    group = resources[flow["LogGroupName"]]["Properties"]
    assert group["RetentionInDays"] == "90"


@pytest.mark.parametrize("cidr,ok", [
    ("10.20.0.0/16", True), ("192.168.16.0/20", True), ("10.0.0.0/8", False), ("10.20.0.0/24", False),
    ("10.20.0.0", False), ("300.1.1.1/16", False), ("10.20.0.0/16 ", False),
])
def test_vpc_cidr_pattern(cidr, ok):
    import re
    assert bool(re.fullmatch(network.CIDR_PATTERN, cidr)) is ok
