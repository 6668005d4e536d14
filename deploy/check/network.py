"""Network paths: each flow the gateway needs must pass the source group's egress, the target group's ingress,
the route tables of the subnets it leaves from, and land where the target actually is.

Security groups are stateful (a reply needs no rule) and a group with no SecurityGroupEgress keeps AWS's
default allow-all egress. A task reaches the internet through a 0.0.0.0/0 route to a NAT gateway that sits in
a subnet routed to an internet gateway, or through an internet gateway route with a public IP. AWS APIs are
also reachable through interface endpoints (private DNS) and S3 through a gateway endpoint on the route table.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from deploy.check.model import Finding, Model

INTERNET = ipaddress.ip_network("140.82.112.3/32")   # any public address (a registry, a model provider)


@dataclass
class Group:
    where: str
    ingress: list[dict] = field(default_factory=list)
    egress: list[dict] = field(default_factory=list)


def _port_ok(rule: dict, port: int) -> bool:
    protocol = str(rule.get("IpProtocol", "")).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6"):
        return False
    return int(rule.get("FromPort", -1)) <= port <= int(rule.get("ToPort", -1))


def _peer_ok(rule: dict, peer_group: str | None, peer_nets: list, direction: str) -> bool:
    group_key = "SourceSecurityGroupId" if direction == "ingress" else "DestinationSecurityGroupId"
    if peer_group is not None and rule.get(group_key) == peer_group:
        return True
    cidr = rule.get("CidrIp")
    if cidr and peer_nets:
        block = ipaddress.ip_network(cidr, strict=False)
        return all(net.subnet_of(block) for net in peer_nets)
    return False


class Network:
    def __init__(self, model: Model):
        self.m = model
        self.groups: dict[str, Group] = {}
        self.subnets: dict[str, dict] = {}
        self.route_of: dict[str, str] = {}            # subnet id -> route table id
        self.routes: dict[str, list[dict]] = {}       # route table id -> routes
        self.nat_subnet: dict[str, str] = {}          # nat id -> subnet id
        self.gateways: set[str] = set()
        self.endpoints: list[dict] = []
        self.vpc_cidr = {}
        for key, lid, vpc in model.of_type("AWS::EC2::VPC"):
            self.vpc_cidr[self._ref(key, lid)] = ipaddress.ip_network(vpc["Properties"]["CidrBlock"])
        for key, lid, sg in model.of_type("AWS::EC2::SecurityGroup"):
            props = sg["Properties"]
            egress = props.get("SecurityGroupEgress")
            self.groups[self._ref(key, lid)] = Group(f"{key}/{lid}", list(props.get("SecurityGroupIngress") or []),
                                                     list(egress) if egress is not None else
                                                     [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}])
        for kind, direction in (("AWS::EC2::SecurityGroupIngress", "ingress"),
                                ("AWS::EC2::SecurityGroupEgress", "egress")):
            for _key, _lid, rule in model.of_type(kind):
                group = self.groups.get(rule["Properties"].get("GroupId"))
                if group is not None:
                    getattr(group, direction).append(rule["Properties"])
        for key, lid, subnet in model.of_type("AWS::EC2::Subnet"):
            self.subnets[self._ref(key, lid)] = {"where": f"{key}/{lid}", **subnet["Properties"],
                                                 "net": ipaddress.ip_network(subnet["Properties"]["CidrBlock"])}
        for _k, _l, assoc in model.of_type("AWS::EC2::SubnetRouteTableAssociation"):
            self.route_of[assoc["Properties"]["SubnetId"]] = assoc["Properties"]["RouteTableId"]
        for _k, _l, route in model.of_type("AWS::EC2::Route"):
            self.routes.setdefault(route["Properties"]["RouteTableId"], []).append(route["Properties"])
        for key, lid, nat in model.of_type("AWS::EC2::NatGateway"):
            self.nat_subnet[self._ref(key, lid)] = nat["Properties"]["SubnetId"]
        attached = {a["Properties"].get("InternetGatewayId") for _k, _l, a in
                    model.of_type("AWS::EC2::VPCGatewayAttachment")}
        for key, lid, _igw in model.of_type("AWS::EC2::InternetGateway"):
            if self._ref(key, lid) in attached:
                self.gateways.add(self._ref(key, lid))
        for _k, _l, endpoint in model.of_type("AWS::EC2::VPCEndpoint"):
            self.endpoints.append(endpoint["Properties"])

    def _ref(self, key, lid):
        return self.m.physical.ref(self.m.stacks[key].evaluator, lid)

    # ------------------------------------------------------------------ primitives
    def subnet_group(self, kind: str, name) -> list[str]:
        for key, lid, group in self.m.of_type(kind):
            if self._ref(key, lid) == name:
                return list(group["Properties"].get("SubnetIds") or [])
        return []

    def nets_of(self, subnet_ids) -> list:
        return [self.subnets[s]["net"] for s in subnet_ids if s in self.subnets]

    def sg_allows(self, group_id: str, direction: str, port: int, peer_group: str | None, peer_nets: list) -> bool:
        group = self.groups.get(group_id)
        if group is None:
            return False
        return any(_port_ok(r, port) and _peer_ok(r, peer_group, peer_nets, direction)
                   for r in getattr(group, direction))

    def default_route(self, subnet_id: str) -> dict | None:
        for route in self.routes.get(self.route_of.get(subnet_id, ""), []):
            if route.get("DestinationCidrBlock") == "0.0.0.0/0":
                return route
        return None

    def routed_to_internet_gateway(self, subnet_id: str) -> bool:
        route = self.default_route(subnet_id)
        return bool(route and route.get("GatewayId") in self.gateways)

    def internet_path(self, subnet_id: str, public_ip: bool) -> str | None:
        """None when a packet from this subnet reaches the internet, else why not."""
        if subnet_id not in self.subnets:
            return f"subnet {subnet_id} is not created by these templates"
        if subnet_id not in self.route_of:
            return f"subnet {self.subnets[subnet_id]['where']} has no route table association (main table: no route out)"
        route = self.default_route(subnet_id)
        if route is None:
            return f"route table of {self.subnets[subnet_id]['where']} has no 0.0.0.0/0 route"
        if route.get("GatewayId") in self.gateways:
            return None if public_ip else (f"{self.subnets[subnet_id]['where']} routes to the internet gateway but "
                                           f"the task gets no public IP (AssignPublicIp DISABLED)")
        nat = route.get("NatGatewayId")
        if nat:
            if nat not in self.nat_subnet:
                return f"route to NAT gateway {nat}, which these templates do not create"
            if not self.routed_to_internet_gateway(self.nat_subnet[nat]):
                return f"NAT gateway {nat} sits in a subnet without a route to the internet gateway"
            return None
        return f"0.0.0.0/0 of {self.subnets[subnet_id]['where']} goes to neither a NAT nor an internet gateway"

    def interface_endpoint(self, service: str) -> dict | None:
        suffix = f".{self.m.region}.{service}"
        for endpoint in self.endpoints:
            if endpoint.get("VpcEndpointType") == "Interface" and endpoint["ServiceName"].endswith(suffix) \
                    and endpoint.get("PrivateDnsEnabled"):
                return endpoint
        return None

    def gateway_endpoint_routes(self, service: str) -> set[str]:
        suffix = f".{self.m.region}.{service}"
        return {rt for e in self.endpoints if e.get("VpcEndpointType") == "Gateway"
                and e["ServiceName"].endswith(suffix) for rt in e.get("RouteTableIds") or []}


def _flow(findings, resource, flow, problem, fix):
    findings.append(Finding("network", resource, flow, problem, fix))


def _check_sg_pair(net: Network, findings, flow, source_sg, source_nets, target_sg, target_nets, port):
    """Egress on the source group and ingress on the target group, both for this port."""
    if not net.sg_allows(source_sg, "egress", port, target_sg, target_nets):
        where = net.groups[source_sg].where if source_sg in net.groups else source_sg
        _flow(findings, where, flow, f"no egress rule lets it reach the target on tcp/{port}",
              f"add an egress rule for tcp/{port} to the target's security group")
    if not net.sg_allows(target_sg, "ingress", port, source_sg, source_nets):
        where = net.groups[target_sg].where if target_sg in net.groups else target_sg
        _flow(findings, where, flow, f"no ingress rule admits the source on tcp/{port}",
              f"add an ingress rule for tcp/{port} from the source's security group")


def _service_flows(net: Network, findings, key, lid, service):
    props = service["Properties"]
    vpc_conf = (props.get("NetworkConfiguration") or {}).get("AwsvpcConfiguration")
    if vpc_conf is None:
        return   # not awsvpc: nothing here to model
    task_subnets = vpc_conf.get("Subnets") or []
    task_sgs = vpc_conf.get("SecurityGroups") or []
    public_ip = vpc_conf.get("AssignPublicIp") == "ENABLED"
    task_nets = net.nets_of(task_subnets)
    where = f"{key}/{lid}"
    if not task_sgs:
        _flow(findings, where, "tasks", "the service has no security group", "attach the task security group")
        return
    task_sg = task_sgs[0]
    for subnet in task_subnets:
        if subnet not in net.subnets:
            _flow(findings, where, "task placement", f"subnet {subnet} is not created by these templates",
                  "pass the network stack's subnet ids")

    # client -> ALB -> task
    for lb_key, lb_lid, lb in net.m.of_type("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        lb_props = lb["Properties"]
        lb_sg = (lb_props.get("SecurityGroups") or [None])[0]
        lb_subnets = lb_props.get("Subnets") or []
        lb_arn = net.m.physical.ref(net.m.stacks[lb_key].evaluator, lb_lid)
        if lb_props.get("Scheme", "internet-facing") == "internet-facing":
            for subnet in lb_subnets:
                if not net.routed_to_internet_gateway(subnet):
                    _flow(findings, f"{lb_key}/{lb_lid}", "client -> load balancer",
                          f"internet-facing load balancer in {net.subnets.get(subnet, {}).get('where', subnet)}, "
                          f"which has no route to the internet gateway", "place the load balancer in public subnets")
        ports = [int(lst["Properties"]["Port"]) for _k, _l, lst in net.m.of_type("AWS::ElasticLoadBalancingV2::Listener")
                 if lst["Properties"].get("LoadBalancerArn") == lb_arn]
        cidrs = [c for c in (net.m.params[key].get("AllowedCidrs") or "").split(",") if c]
        for port in ports:
            for cidr in cidrs:
                client = [ipaddress.ip_network(cidr, strict=False)]
                if not net.sg_allows(lb_sg, "ingress", port, None, client):
                    _flow(findings, net.groups.get(lb_sg, Group(str(lb_sg))).where, f"client {cidr} -> load balancer "
                          f"tcp/{port}", "no ingress rule admits it", f"allow tcp/{port} from {cidr}")
        for target in props.get("LoadBalancers") or []:
            port = int(target["ContainerPort"])
            _check_sg_pair(net, findings, f"load balancer -> task tcp/{port}", lb_sg, net.nets_of(lb_subnets),
                           task_sg, task_nets, port)

    # task -> database, cache, model cache
    for db_key, db_lid, db in net.m.of_type("AWS::RDS::DBInstance"):
        port = int(db["Properties"].get("Port") or 5432)
        db_nets = net.nets_of(net.subnet_group("AWS::RDS::DBSubnetGroup", db["Properties"].get("DBSubnetGroupName")))
        for db_sg in db["Properties"].get("VPCSecurityGroups") or []:
            _check_sg_pair(net, findings, f"task -> database tcp/{port}", task_sg, task_nets, db_sg, db_nets, port)
    for c_key, c_lid, cache in net.m.of_type("AWS::ElastiCache::ReplicationGroup"):
        port = int(cache["Properties"].get("Port") or 6379)
        c_nets = net.nets_of(net.subnet_group("AWS::ElastiCache::SubnetGroup",
                                              cache["Properties"].get("CacheSubnetGroupName")))
        for c_sg in cache["Properties"].get("SecurityGroupIds") or []:
            _check_sg_pair(net, findings, f"task -> shared cache tcp/{port}", task_sg, task_nets, c_sg, c_nets, port)
    mount_targets = [(mk, ml, mt["Properties"]) for mk, ml, mt in net.m.of_type("AWS::EFS::MountTarget")]
    task_def = next((r for k, l, r in net.m.of_type("AWS::ECS::TaskDefinition")), None)
    volumes = [v["EFSVolumeConfiguration"] for v in (task_def or {}).get("Properties", {}).get("Volumes") or []
               if "EFSVolumeConfiguration" in v]
    for volume in volumes:
        targets = [mt for _k, _l, mt in mount_targets if mt["FileSystemId"] == volume["FilesystemId"]]
        target_azs = {net.subnets[mt["SubnetId"]]["AvailabilityZone"] for mt in targets if mt["SubnetId"] in net.subnets}
        for subnet in task_subnets:
            az = net.subnets.get(subnet, {}).get("AvailabilityZone")
            if az and az not in target_azs:
                _flow(findings, where, "task -> model cache tcp/2049", f"no mount target in {az}, where tasks of "
                      f"{net.subnets[subnet]['where']} run", "add a mount target in every task subnet's AZ")
        for mt in targets:
            for mt_sg in mt.get("SecurityGroups") or []:
                _check_sg_pair(net, findings, "task -> model cache tcp/2049", task_sg, task_nets, mt_sg,
                               net.nets_of([mt["SubnetId"]]), 2049)

    # task -> internet / AWS APIs on 443
    needs_internet = []
    images = [c["Image"] for c in (task_def or {}).get("Properties", {}).get("ContainerDefinitions") or []]
    if any(".dkr.ecr." not in image for image in images):
        needs_internet.append("image pulls from public registries")
    params = net.m.params[key]
    for flag, what in (("EnableOpenAi", "OpenAI"), ("EnableAnthropic", "Anthropic"), ("EnableLocalModel", "Ollama model pull")):
        if params.get(flag) == "true":
            needs_internet.append(what)
    apis = [("logs", "CloudWatch Logs"), ("ssm", "SSM (secrets)")]
    if any(".dkr.ecr." in image for image in images):
        apis += [("ecr.api", "ECR API"), ("ecr.dkr", "ECR registry")]
    if params.get("BedrockModelIds"):
        apis.append(("bedrock-runtime", "Bedrock"))
    egress_internet = net.sg_allows(task_sg, "egress", 443, None, [INTERNET])
    for subnet in task_subnets:
        why = net.internet_path(subnet, public_ip)
        if needs_internet:
            if why:
                _flow(findings, where, f"task -> internet tcp/443 ({', '.join(needs_internet)})", why,
                      "route the task subnets to a NAT gateway, or place tasks in public subnets with a public IP")
        for service_name, label in apis:
            endpoint = net.interface_endpoint(service_name)
            if endpoint is not None:
                ep_sgs = endpoint.get("SecurityGroupIds") or []
                if not any(net.sg_allows(sg, "ingress", 443, task_sg, task_nets) for sg in ep_sgs):
                    _flow(findings, net.groups.get(ep_sgs[0], Group(str(ep_sgs))).where if ep_sgs else where,
                          f"task -> {label} endpoint tcp/443", "the endpoint's security group does not admit the "
                          "tasks", "allow tcp/443 from the VPC or the task security group")
                if not net.sg_allows(task_sg, "egress", 443, None, net.nets_of(endpoint.get("SubnetIds") or [])):
                    _flow(findings, net.groups[task_sg].where, f"task -> {label} endpoint tcp/443",
                          "no egress rule reaches the endpoint", "allow tcp/443 egress")
            elif why:
                _flow(findings, where, f"task -> {label} tcp/443", f"no interface endpoint and no way out: {why}",
                      f"add a NAT route or an interface endpoint for {service_name}")
        if why and any(".dkr.ecr." in image for image in images) and net.interface_endpoint("ecr.dkr"):
            if net.route_of.get(subnet) not in net.gateway_endpoint_routes("s3"):
                _flow(findings, where, "task -> ECR image layers (S3) tcp/443", f"no S3 gateway endpoint on the "
                      f"route table and no way out: {why}", "add the route table to the S3 gateway endpoint")
    if (needs_internet or apis) and not egress_internet:
        _flow(findings, net.groups[task_sg].where, "task -> internet tcp/443", "no egress rule for tcp/443 to the "
              "internet", "allow tcp/443 egress to 0.0.0.0/0 (or to the endpoints and prefix lists it needs)")


def _lambda_flows(net: Network, findings):
    for key, lid, fn in net.m.of_type("AWS::Lambda::Function"):
        config = fn["Properties"].get("VpcConfig")
        if not config:
            continue   # outside a VPC: AWS APIs over Lambda's own network
        for subnet in config.get("SubnetIds") or []:
            if net.interface_endpoint("ssm") is None:
                why = net.internet_path(subnet, public_ip=False)
                if why:
                    _flow(findings, f"{key}/{lid}", "Lambda -> SSM tcp/443", why,
                          "add an SSM interface endpoint or a NAT route, or run the function outside the VPC")


def _private_dns(net: Network, findings) -> None:
    """An interface endpoint with private DNS needs the VPC's DNS support and DNS hostnames (EC2 refuses the
    endpoint otherwise); EnableDnsSupport defaults to true, EnableDnsHostnames to false."""
    for key, lid, vpc in net.m.of_type("AWS::EC2::VPC"):
        props = vpc["Properties"]
        support = str(props.get("EnableDnsSupport", "true")).lower() == "true"
        hostnames = str(props.get("EnableDnsHostnames", "false")).lower() == "true"
        vpc_id = net._ref(key, lid)
        private_dns = [e for e in net.endpoints if e.get("VpcId") == vpc_id and e.get("PrivateDnsEnabled")]
        if private_dns and not (support and hostnames):
            _flow(findings, f"{key}/{lid}", "task -> interface endpoints (private DNS)",
                  "the VPC lacks EnableDnsSupport or EnableDnsHostnames, which private DNS endpoints need",
                  "set EnableDnsSupport and EnableDnsHostnames to true on the VPC")


def network_findings(model: Model) -> list[Finding]:
    net = Network(model)
    findings: list[Finding] = []
    _private_dns(net, findings)
    for key, lid, service in model.of_type("AWS::ECS::Service"):
        _service_flows(net, findings, key, lid, service)
    _lambda_flows(net, findings)
    return findings
