"""Quotas the stack consumes: Service Quotas' applied value (else the AWS default), the live usage from the
service's own API, and what the resolved templates need."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED, WARNING, Row, Unchecked, call

AREA = "quotas"
LAMBDA_MIN_UNRESERVED = 100  # AWS keeps at least 100 concurrent executions unreserved per account and region
# (service code, quota code, what it counts)
FARGATE_ON_DEMAND = ("fargate", "L-3032A538", "Fargate On-Demand vCPU")
FARGATE_SPOT = ("fargate", "L-36FBB829", "Fargate Spot vCPU")
ELASTIC_IPS = ("ec2", "L-0263D0A3", "EC2-VPC Elastic IPs")
VPCS = ("vpc", "L-F678F1CE", "VPCs per Region")
INTERNET_GATEWAYS = ("vpc", "L-A4707A72", "Internet gateways per Region")
INTERFACE_ENDPOINTS = ("vpc", "L-29B6F2EB", "Interface VPC endpoints per VPC")
LOAD_BALANCERS = ("elasticloadbalancing", "L-53DA6B97", "Application Load Balancers per Region")
DB_INSTANCES = ("rds", "L-7B6409FD", "RDS DB instances")
PERMISSIONS = ("servicequotas:GetServiceQuota", "servicequotas:GetAWSDefaultServiceQuota",
               "lambda:GetAccountSettings", "cloudwatch:GetMetricStatistics", "ec2:DescribeAddresses",
               "ec2:DescribeVpcs", "ec2:DescribeInternetGateways", "elasticloadbalancing:DescribeLoadBalancers",
               "rds:DescribeDBInstances")
STACK_NAME_TAG = "aws:cloudformation:stack-name"


def quota_value(aws, quota: tuple[str, str, str]) -> float:
    """The applied quota of this account and region; the AWS default when none was ever applied."""
    service, code, _label = quota
    sq = aws.client("service-quotas")
    resp = call(sq, "get_service_quota", "servicequotas:GetServiceQuota", absent=("NoSuchResourceException",),
                ServiceCode=service, QuotaCode=code)
    if resp is None:
        resp = call(sq, "get_aws_default_service_quota", "servicequotas:GetAWSDefaultServiceQuota",
                    ServiceCode=service, QuotaCode=code)
    return float(resp["Quota"]["Value"])


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _increase(quota) -> str:
    service, code, label = quota
    return (f"request an increase of '{label}' ({code}): `aws service-quotas request-service-quota-increase "
            f"--service-code {service} --quota-code {code} --desired-value N`")


# --- Lambda ---------------------------------------------------------------------------------------------
def lambda_concurrency(aws, model, stack_exists: bool = False) -> list[Row]:
    reserved = sum(int(props["ReservedConcurrentExecutions"])
                   for _s, _l, props in model.of_type("AWS::Lambda::Function")
                   if props.get("ReservedConcurrentExecutions") not in (None, ""))
    settings = call(aws.client("lambda"), "get_account_settings", "lambda:GetAccountSettings")["AccountLimit"]
    limit, unreserved = settings["ConcurrentExecutions"], settings["UnreservedConcurrentExecutions"]
    numbers = f"account limit {limit}, unreserved {unreserved}, the stack reserves {reserved}"
    if reserved and unreserved - reserved < LAMBDA_MIN_UNRESERVED:
        if stack_exists and unreserved >= LAMBDA_MIN_UNRESERVED:
            # The live function's own reservation is already out of `unreserved`; preflight cannot tell
            # whether this update adds it or keeps it.
            return [Row(AREA, "Lambda concurrency", WARNING,
                        f"{numbers}: fine if the stack's functions already reserve this much; AWS refuses it if "
                        f"this update adds the reservation")]
        return [Row(AREA, "Lambda concurrency", BLOCKER,
                    f"{numbers}: AWS refuses a reservation that leaves fewer than {LAMBDA_MIN_UNRESERVED} "
                    f"unreserved; drop ReservedConcurrentExecutions or request an increase of 'Concurrent "
                    f"executions' (L-B99A9384)")]
    return [Row(AREA, "Lambda concurrency", PASSED, numbers)]


# --- Fargate --------------------------------------------------------------------------------------------
def fargate_need(model) -> dict[str, float]:
    """Peak vCPUs per capacity provider: MaxTasks x MaximumPercent (a rolling deployment starts the new
    tasks before it stops the old ones) x task CPU. A provider with weight 0 takes only its base."""
    need = {"FARGATE": 0.0, "FARGATE_SPOT": 0.0}
    targets = {props.get("ResourceId", ""): props for _s, _l, props in
               model.of_type("AWS::ApplicationAutoScaling::ScalableTarget")}
    task_cpu = {lid: int(props.get("Cpu") or 256) / 1024
                for _s, lid, props in model.of_type("AWS::ECS::TaskDefinition")}
    for _stack, logical_id, props in model.of_type("AWS::ECS::Service"):
        vcpu = task_cpu.get(str(props.get("TaskDefinition")), max(task_cpu.values(), default=0.25))
        most = int(props.get("DesiredCount") or 1)
        for resource_id, target in targets.items():
            if "Service.Name" in str(resource_id) or logical_id in str(resource_id):
                most = max(most, int(target.get("MaxCapacity") or most))
        percent = int((props.get("DeploymentConfiguration") or {}).get("MaximumPercent") or 200)
        peak = math.ceil(most * percent / 100)
        strategy = props.get("CapacityProviderStrategy")
        if not strategy:  # the launch type, or the cluster's default strategy (FARGATE in these templates)
            strategy = [{"CapacityProvider": "FARGATE", "Weight": 1}]
        for item in strategy:
            provider = item.get("CapacityProvider")
            if provider not in need:
                continue
            weight, base = int(item.get("Weight") or 0), int(item.get("Base") or 0)
            tasks = peak if weight > 0 else min(peak, math.ceil(base * percent / 100))
            need[provider] += tasks * vcpu
    return need


def _fargate_usage(aws, usage_class: str) -> float:
    now = datetime.now(timezone.utc)
    resp = call(aws.client("cloudwatch"), "get_metric_statistics", "cloudwatch:GetMetricStatistics",
                Namespace="AWS/Usage", MetricName="ResourceCount",
                Dimensions=[{"Name": "Service", "Value": "Fargate"}, {"Name": "Type", "Value": "Resource"},
                            {"Name": "Resource", "Value": "vCPU"}, {"Name": "Class", "Value": usage_class}],
                StartTime=now - timedelta(hours=1), EndTime=now, Period=300, Statistics=["Maximum"])
    return max((p["Maximum"] for p in resp.get("Datapoints", [])), default=0.0)


def fargate(aws, model) -> list[Row]:
    need = fargate_need(model)
    rows = []
    for provider, quota, usage_class in (("FARGATE", FARGATE_ON_DEMAND, "Standard/OnDemand"),
                                         ("FARGATE_SPOT", FARGATE_SPOT, "Standard/Spot")):
        label = quota[2]
        if not need[provider]:
            rows.append(Row(AREA, label, PASSED, f"not used ({provider} takes no tasks)"))
            continue
        try:
            value = quota_value(aws, quota)
            if value < need[provider]:
                rows.append(Row(AREA, label, BLOCKER, f"quota {_n(value)} vCPU, the service needs up to "
                                f"{_n(need[provider])} (MaxTasks x MaximumPercent x task vCPU); tasks would "
                                f"not start; {_increase(quota)}, or lower MaxTasks/TaskCpu"))
                continue
            used = _fargate_usage(aws, usage_class)
            numbers = f"quota {_n(value)} vCPU, in use {_n(used)}, needs up to {_n(need[provider])}"
            if used + need[provider] > value:
                rows.append(Row(AREA, label, WARNING, f"{numbers}: other tasks in this account and region "
                                f"leave too little room at peak; {_increase(quota)}"))
            else:
                rows.append(Row(AREA, label, PASSED, numbers))
        except Unchecked as exc:
            rows.append(Row(AREA, label, UNCHECKED, str(exc)))
    return rows


# --- regional counts ------------------------------------------------------------------------------------
def _collect(client, operation, permission, key, token=("NextToken", "NextToken"), **kwargs) -> list[dict]:
    """Every item of a paginated describe call (`token`: the request and response names of the marker)."""
    items, more = [], {}
    for _page in range(100):
        resp = call(client, operation, permission, **kwargs, **more)
        items += resp.get(key, [])
        if not resp.get(token[1]):
            break
        more = {token[0]: resp[token[1]]}
    return items


def _not_ours(items: list[dict], model, live: set[str], id_fields: tuple[str, ...]) -> int:
    """How many of `items` are not part of this stack (its own are counted in the need already): this
    stack's by its physical ids when it exists, or by CloudFormation's stack-name tag."""
    def ours(item):
        if any(item.get(f) in live for f in id_fields):
            return True
        tags = {t.get("Key"): t.get("Value", "") for t in item.get("Tags") or item.get("TagList") or []}
        name = tags.get(STACK_NAME_TAG, "")
        return name == model.stack_name or name.startswith(f"{model.stack_name}-")
    return sum(not ours(i) for i in items)


def _regional(aws, model, live, quota, need: int, what: str, service: str, operation: str, permission: str,
              key: str, id_fields: tuple[str, ...], token=("NextToken", "NextToken"), **kwargs) -> list[Row]:
    label = quota[2]
    if not need:
        return [Row(AREA, label, PASSED, f"none needed (no {what} in this environment)")]
    value = quota_value(aws, quota)
    items = _collect(aws.client(service), operation, permission, key, token, **kwargs)
    used = _not_ours(items, model, live, id_fields)
    numbers = f"quota {_n(value)}, in use {used} (not this stack's), this stack needs {need}"
    if used + need > value:
        return [Row(AREA, label, BLOCKER, f"{numbers}: the create would fail; release unused ones or "
                                          f"{_increase(quota)}")]
    return [Row(AREA, label, PASSED, numbers)]


def _count(model, resource_type: str, **where) -> int:
    return sum(all(props.get(k, default) == v for k, (v, default) in where.items())
               for _s, _l, props in model.of_type(resource_type))


def elastic_ips(aws, model, live=frozenset()) -> list[Row]:
    return _regional(aws, model, live, ELASTIC_IPS, _count(model, "AWS::EC2::EIP"), "Elastic IP", "ec2",
                     "describe_addresses", "ec2:DescribeAddresses", "Addresses", ("AllocationId", "PublicIp"),
                     Filters=[{"Name": "domain", "Values": ["vpc"]}])


def vpcs(aws, model, live=frozenset()) -> list[Row]:
    return _regional(aws, model, live, VPCS, _count(model, "AWS::EC2::VPC"), "VPC", "ec2", "describe_vpcs",
                     "ec2:DescribeVpcs", "Vpcs", ("VpcId",))


def internet_gateways(aws, model, live=frozenset()) -> list[Row]:
    return _regional(aws, model, live, INTERNET_GATEWAYS, _count(model, "AWS::EC2::InternetGateway"),
                     "internet gateway", "ec2", "describe_internet_gateways", "ec2:DescribeInternetGateways",
                     "InternetGateways", ("InternetGatewayId",))


def load_balancers(aws, model, live=frozenset()) -> list[Row]:
    need = _count(model, "AWS::ElasticLoadBalancingV2::LoadBalancer", Type=("application", "application"))
    return _regional(aws, model, live, LOAD_BALANCERS, need, "Application Load Balancer", "elbv2",
                     "describe_load_balancers", "elasticloadbalancing:DescribeLoadBalancers", "LoadBalancers",
                     ("LoadBalancerArn",), token=("Marker", "NextMarker"))


def db_instances(aws, model, live=frozenset()) -> list[Row]:
    return _regional(aws, model, live, DB_INSTANCES, _count(model, "AWS::RDS::DBInstance"), "DB instance", "rds",
                     "describe_db_instances", "rds:DescribeDBInstances", "DBInstances", ("DBInstanceIdentifier",),
                     token=("Marker", "Marker"))


def interface_endpoints(aws, model) -> list[Row]:
    label = INTERFACE_ENDPOINTS[2]
    need = sum(1 for _s, _l, props in model.of_type("AWS::EC2::VPCEndpoint")
               if props.get("VpcEndpointType") == "Interface")
    if not need:
        return [Row(AREA, label, PASSED, "none needed (no interface endpoints in this environment)")]
    value = quota_value(aws, INTERFACE_ENDPOINTS)
    if need > value:
        return [Row(AREA, label, BLOCKER, f"quota {_n(value)}, the new VPC needs {need}; "
                                          f"{_increase(INTERFACE_ENDPOINTS)} or set EnableInterfaceEndpoints=false")]
    return [Row(AREA, label, PASSED, f"quota {_n(value)}, the new VPC needs {need}")]
