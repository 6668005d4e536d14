"""Network stack: VPC, public/private/database subnets over 2-3 AZs, NAT, endpoints, flow logs.

Subnets are /24s carved from the VPC CIDR (which may be /16 to /20): public 0-2, private 4-6,
database 8-10. The database subnets have no route out of the VPC.
"""
from awacs import logs as awslogs
from awacs.aws import Allow, PolicyDocument, Statement
from troposphere import (
    And, Cidr, Condition, Equals, GetAtt, GetAZs, If, Join, Not, Output, Parameter, Ref, Region,
    Select, Sub, Template,
)
from troposphere import ec2, iam, logs

from templates import grants
from templates.names import (  # noqa: F401  (re-exported)
    AZ_COUNT, DATABASE_SUBNETS, NAT_MODE, PRIVATE_ROUTE_TABLES, PRIVATE_SUBNETS, PUBLIC_SUBNETS, VPC_CIDR, VPC_ID,
)
from templates.common import (
    LOG_RETENTION_DAYS, RETENTION_IS_A_PARAMETER, Console, az_count_parameter, boolean_parameter, checkov_skips,
    environment_parameter, guard_skips, no_egress, tags,
)

# Parameter names.
INTERFACE_ENDPOINTS = "EnableInterfaceEndpoints"
FLOW_LOG_RETENTION = "FlowLogRetentionDays"

CIDR_PATTERN = (r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
                r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|20)$")
INTERFACE_ENDPOINT_SERVICES = {  # logical-id suffix -> service; what Fargate tasks call without NAT
    "EcrApi": "ecr.api", "EcrDkr": "ecr.dkr", "Logs": "logs", "Ssm": "ssm", "Kms": "kms",
}
SUBNET_OFFSETS = {"Public": 0, "Private": 4, "Database": 8}
AZS = (1, 2, 3)
THIRD_AZ = "ThreeAzs"
NAT_PER_AZ = "NatPerAz"
NAT_PER_AZ_THIRD = "NatPerAzThirdAz"
HAS_NAT = "NatGateways"
HAS_NAT_THIRD = "NatGatewaysThirdAz"
ENDPOINTS_ON = "InterfaceEndpointsEnabled"


def _for_azs(items: list) -> object:
    """A list of two or three items, the third only when the stack spans three AZs."""
    return If(THIRD_AZ, items, items[:2])


def _parameters(t: Template) -> None:
    console = Console(t)
    console.group("Environment", "EnvironmentName")
    console.add("Network", "VPC CIDR", Parameter(
        VPC_CIDR, Type="String", Default="10.20.0.0/16", AllowedPattern=CIDR_PATTERN,
        Description="VPC CIDR block; /24 subnets are carved from it",
        ConstraintDescription="an IPv4 CIDR block from /16 to /20, e.g. 10.20.0.0/16",
    ))
    console.add("Network", "Availability Zones", az_count_parameter(t))
    console.add("Network", "NAT gateways", Parameter(
        NAT_MODE, Type="String", Default="single", AllowedValues=["single", "per-az", "none"],
        Description="single: one shared NAT gateway (cheaper); per-az: one per AZ (survives an AZ outage); "
                    "none: no NAT, tasks must run in the public subnets (TaskPlacement public, dev only)",
        ConstraintDescription="single, per-az or none",
    ))
    console.add("Network", "Interface endpoints", boolean_parameter(
        t, INTERFACE_ENDPOINTS,
        "Create interface endpoints for ECR, CloudWatch Logs, SSM and KMS (about $7/month each per AZ)"))
    console.add("Network", "Flow log retention (days)", Parameter(
        FLOW_LOG_RETENTION, Type="Number", Default=30, AllowedValues=LOG_RETENTION_DAYS,
        Description="Days to keep VPC flow logs", ConstraintDescription="a CloudWatch Logs retention value",
    ))
    console.done()
    t.add_condition(THIRD_AZ, Equals(Ref(AZ_COUNT), "3"))
    t.add_condition(NAT_PER_AZ, Equals(Ref(NAT_MODE), "per-az"))
    t.add_condition(NAT_PER_AZ_THIRD, And(Condition(THIRD_AZ), Condition(NAT_PER_AZ)))
    t.add_condition(HAS_NAT, Not(Equals(Ref(NAT_MODE), "none")))
    t.add_condition(HAS_NAT_THIRD, And(Condition(THIRD_AZ), Condition(HAS_NAT)))
    t.add_condition(ENDPOINTS_ON, Equals(Ref(INTERFACE_ENDPOINTS), "true"))


def _subnets(t: Template, vpc, kind: str) -> list:
    subnets = []
    for az in AZS:
        subnets.append(t.add_resource(ec2.Subnet(
            f"{kind}Subnet{az}", VpcId=Ref(vpc), MapPublicIpOnLaunch=False,
            AvailabilityZone=Select(az - 1, GetAZs(Region)),
            CidrBlock=Select(SUBNET_OFFSETS[kind] + az - 1, Cidr(Ref(VPC_CIDR), 16, 8)),
            **_only_if(THIRD_AZ if az == 3 else None),
            Tags=tags(f"{kind.lower()}-{az}", tier=kind.lower()),
        )))
    return subnets


def _only_if(condition: str | None) -> dict:
    """Resource keyword for an optional resource-level Condition."""
    return {"Condition": condition} if condition else {}


def _nat_condition(az: int) -> str:
    return {1: HAS_NAT, 2: NAT_PER_AZ, 3: NAT_PER_AZ_THIRD}[az]


def _routing(t: Template, vpc, public: list, private: list, database: list) -> list:
    igw = t.add_resource(ec2.InternetGateway("InternetGateway", Tags=tags("igw")))
    attach = t.add_resource(ec2.VPCGatewayAttachment("InternetGatewayAttachment", VpcId=Ref(vpc),
                                                     InternetGatewayId=Ref(igw)))
    public_rt = t.add_resource(ec2.RouteTable("PublicRouteTable", VpcId=Ref(vpc), Tags=tags("public")))
    t.add_resource(ec2.Route("PublicDefaultRoute", RouteTableId=Ref(public_rt), DestinationCidrBlock="0.0.0.0/0",
                             GatewayId=Ref(igw), DependsOn=attach.title))

    nats = []
    for az in AZS:
        condition = _nat_condition(az)
        eip = t.add_resource(ec2.EIP(f"NatEip{az}", Domain="vpc", DependsOn=attach.title,
                                     Condition=condition, Tags=tags(f"nat-{az}")))
        nats.append(t.add_resource(ec2.NatGateway(
            f"NatGateway{az}", AllocationId=GetAtt(eip, "AllocationId"), SubnetId=Ref(public[az - 1]),
            Condition=condition, Tags=tags(f"nat-{az}"))))

    private_rts = []
    for az in AZS:
        third = _only_if(THIRD_AZ if az == 3 else None)
        rt = t.add_resource(ec2.RouteTable(f"PrivateRouteTable{az}", VpcId=Ref(vpc), **third,
                                           Tags=tags(f"private-{az}")))
        nat = Ref(nats[0]) if az == 1 else If(_nat_condition(az), Ref(nats[az - 1]), Ref(nats[0]))
        t.add_resource(ec2.Route(f"PrivateDefaultRoute{az}", RouteTableId=Ref(rt), DestinationCidrBlock="0.0.0.0/0",
                                 NatGatewayId=nat, Condition=HAS_NAT_THIRD if az == 3 else HAS_NAT))
        private_rts.append(rt)

    database_rt = t.add_resource(ec2.RouteTable("DatabaseRouteTable", VpcId=Ref(vpc), Tags=tags("database")))
    for az in AZS:
        third = _only_if(THIRD_AZ if az == 3 else None)
        for kind, subnets, rt in (("Public", public, public_rt), ("Private", private, private_rts[az - 1]),
                                  ("Database", database, database_rt)):
            t.add_resource(ec2.SubnetRouteTableAssociation(
                f"{kind}RouteTableAssociation{az}", SubnetId=Ref(subnets[az - 1]), RouteTableId=Ref(rt),
                **third))
    return private_rts


def _endpoints(t: Template, vpc, private: list, private_rts: list) -> None:
    t.add_resource(ec2.VPCEndpoint(
        "S3GatewayEndpoint", VpcId=Ref(vpc), VpcEndpointType="Gateway",
        ServiceName=Sub("com.amazonaws.${AWS::Region}.s3"),
        RouteTableIds=_for_azs([Ref(rt) for rt in private_rts]), Tags=tags("s3-endpoint"),
    ))
    sg = t.add_resource(ec2.SecurityGroup(
        "EndpointSecurityGroup", Condition=ENDPOINTS_ON, VpcId=Ref(vpc),
        GroupDescription="Interface endpoints: HTTPS from inside the VPC only",
        SecurityGroupIngress=[ec2.SecurityGroupRule(IpProtocol="tcp", FromPort=443, ToPort=443,
                                                    CidrIp=GetAtt(vpc, "CidrBlock"),
                                                    Description="HTTPS from the VPC")],
        SecurityGroupEgress=no_egress(),
        Tags=tags("endpoints"),
    ))
    for suffix, service in INTERFACE_ENDPOINT_SERVICES.items():
        t.add_resource(ec2.VPCEndpoint(
            f"{suffix}Endpoint", Condition=ENDPOINTS_ON, VpcId=Ref(vpc), VpcEndpointType="Interface",
            ServiceName=Sub(f"com.amazonaws.${{AWS::Region}}.{service}"), PrivateDnsEnabled=True,
            SubnetIds=_for_azs([Ref(s) for s in private]), SecurityGroupIds=[Ref(sg)],
            Tags=tags(f"{service}-endpoint"),
        ))


def _flow_logs(t: Template, vpc) -> None:
    group = t.add_resource(logs.LogGroup(
        "FlowLogGroup", RetentionInDays=Ref(FLOW_LOG_RETENTION), Tags=tags("flow-logs"),
        Metadata=checkov_skips(CKV_AWS_158="Flow logs use CloudWatch's default encryption: the customer KMS key "
                                           "lives in the data stack, which is created after the network") | guard_skips({
            "CT.CLOUDWATCH.PR.2": f"FlowLogRetentionDays: {RETENTION_IS_A_PARAMETER}",
            "CT.CLOUDWATCH.PR.3": "Flow logs use CloudWatch's default encryption: the customer KMS key lives in the "
                                  "data stack, which is created after the network"}),
    ))
    role = t.add_resource(iam.Role(
        "FlowLogRole",
        AssumeRolePolicyDocument=grants.service_trust("vpc-flow-logs.amazonaws.com"),
        Policies=[iam.Policy(PolicyName="write-flow-logs", PolicyDocument=PolicyDocument(Statement=[
            grants.log_write(group),
            # DescribeLogStreams acts on the group: its Arn attribute (ending in :*) is the resource.
            Statement(Sid="DescribeOwnStreams", Effect=Allow, Action=[awslogs.DescribeLogStreams],
                      Resource=[GetAtt(group, "Arn")]),
        ]))],
        Tags=tags("flow-logs"),
    ))
    t.add_resource(ec2.FlowLog(
        "VpcFlowLog", ResourceId=Ref(vpc), ResourceType="VPC", TrafficType="ALL",
        LogDestinationType="cloud-watch-logs", LogGroupName=Ref(group), DeliverLogsPermissionArn=GetAtt(role, "Arn"),
        Tags=tags("flow-log"),
    ))


def template() -> Template:
    t = Template(Description="LLM gateway: network (VPC, subnets over 2-3 AZs, NAT, endpoints, flow logs)")
    environment_parameter(t)
    _parameters(t)
    vpc = t.add_resource(ec2.VPC("Vpc", CidrBlock=Ref(VPC_CIDR), EnableDnsHostnames=True, EnableDnsSupport=True,
                                 Tags=tags("vpc")))
    public, private, database = (_subnets(t, vpc, kind) for kind in SUBNET_OFFSETS)
    private_rts = _routing(t, vpc, public, private, database)
    _endpoints(t, vpc, private, private_rts)
    _flow_logs(t, vpc)

    def joined(items: list) -> object:
        return If(THIRD_AZ, Join(",", [Ref(i) for i in items]), Join(",", [Ref(i) for i in items[:2]]))

    t.add_output(Output(VPC_ID, Value=Ref(vpc), Description="VPC id"))
    t.add_output(Output(VPC_CIDR, Value=GetAtt(vpc, "CidrBlock"), Description="VPC CIDR block"))
    t.add_output(Output(PUBLIC_SUBNETS, Value=joined(public), Description="Public subnet ids (ALB, NAT)"))
    t.add_output(Output(PRIVATE_SUBNETS, Value=joined(private), Description="Private subnet ids (ECS tasks)"))
    t.add_output(Output(DATABASE_SUBNETS, Value=joined(database), Description="Database subnet ids (no egress)"))
    t.add_output(Output(PRIVATE_ROUTE_TABLES, Value=joined(private_rts), Description="Private route table ids"))
    return t
