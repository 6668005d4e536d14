"""One function per priced component, registered in TABLE with the resource types it prices.

A new priced resource type is one entry: add its type to the component that prices it, or a new
Component(key, name, types, function) with a function below; then one test in tests/test_cost.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from deploy.cost.catalog import ASSUMPTIONS, DAYS_PER_MONTH, FREE_TYPES, HOURS_PER_MONTH
from deploy.cost.inputs import Settings, TemplateCounts
from deploy.cost.units import gb, hours, price_of, usd
from deploy.cost.usage import Usage


class Inputs(NamedTuple):
    s: Settings
    u: Usage
    counts: TemplateCounts
    p: dict  # deploy/prices.json


class Priced(NamedTuple):
    monthly: float  # USD, unrounded
    detail: str
    enabled: bool = True


def fargate(i: Inputs) -> Priced:
    s, u = i.s, i.u
    cost = (u.on_demand_tasks * u.on_demand_rate + u.spot_tasks * u.spot_rate) * u.service_hours
    mix = ", ".join(part for part in (f"{u.on_demand_tasks} on-demand" if u.on_demand_tasks else "",
                                      f"{u.spot_tasks} Spot" if u.spot_tasks else "") if part) or "no tasks"
    return Priced(cost, f"{u.tasks} task{'s' if u.tasks != 1 else ''} ({mix}) x {s.vcpu:g} vCPU / "
                        f"{s.memory_gb:g} GB {s.architecture} x {hours(u.service_hours)} ({u.schedule})",
                  enabled=u.tasks > 0)


def nat(i: Inputs) -> Priced:
    s, u, p = i.s, i.u, i.p
    cost = u.nat_count * HOURS_PER_MONTH * p["nat_gateway"]["hour"] + u.nat_gb * p["nat_gateway"]["gb_processed"]
    where = "public subnets: pulls go through the internet gateway, no processing charge" if not u.private_tasks \
        else f"{gb(u.nat_gb)} processed: images {gb(u.nat_images)}, model {gb(u.nat_model)}, logs {gb(u.nat_logs)}"
    return Priced(cost, f"{u.nat_count} x {hours(HOURS_PER_MONTH)} ({s.nat_mode}); {where}" if u.nat_count
                  else "off (NatGatewayMode none)", enabled=u.nat_count > 0)


def alb(i: Inputs) -> Priced:
    lcu = ASSUMPTIONS["alb_lcu"]
    cost = HOURS_PER_MONTH * (i.p["alb"]["hour"] + lcu * i.p["alb"]["lcu_hour"])
    return Priced(cost, f"{hours(HOURS_PER_MONTH)} + {lcu:g} LCU assumed")


def public_ipv4(i: Inputs) -> Priced:
    u = i.u
    alb_ips = i.s.az_count
    task_ip_hours = u.task_hours if not u.private_tasks else 0.0
    cost = ((alb_ips + u.nat_count) * HOURS_PER_MONTH + task_ip_hours) * i.p["public_ipv4_hour"]
    return Priced(cost, f"load balancer {alb_ips} (one per AZ) + NAT {u.nat_count}, {hours(HOURS_PER_MONTH)} each; "
                        f"public tasks {hours(task_ip_hours)}")


def rds(i: Inputs) -> Priced:
    s, u, p = i.s, i.u, i.p
    instance_rate = price_of(p["rds_postgresql_single_az_hour"], s.database_class, "DatabaseInstanceClass",
                             "rds_postgresql_single_az_hour")
    copies = 2 if s.database_multi_az else 1
    instance = instance_rate * u.database_hours * copies
    storage = s.database_storage_gb * p["rds_gp3_gb_month"] * copies
    return Priced(instance + storage,
                  f"{s.database_class} {'Multi-AZ (x2)' if copies == 2 else 'single-AZ'}, "
                  f"{hours(u.database_hours)} ({u.database_schedule}) {usd(instance)} + "
                  f"{s.database_storage_gb:g} GiB gp3{' x2' if copies == 2 else ''} {usd(storage)}")


def efs(i: Inputs) -> Priced:
    s, u, p = i.s, i.u, i.p
    read_gb = u.model_gb * u.task_starts if s.model_cache else 0.0
    storage = u.model_gb * p["efs"]["standard_gb_month"] if s.model_cache else 0.0
    reads = read_gb * p["efs"]["elastic_read_gb"]
    return Priced(storage + reads,
                  (f"{gb(u.model_gb)} stored {usd(storage)} + {gb(read_gb)} elastic reads "
                   f"({u.task_starts:g} task starts x {u.model_gb:g} GB) {usd(reads)}")
                  if s.model_cache else "off (EnableModelCache false)", enabled=s.model_cache)


def elasticache(i: Inputs) -> Priced:
    s = i.s
    cost = (s.cache_nodes * HOURS_PER_MONTH * price_of(i.p["elasticache_node_hour"], s.cache_node_type,
                                                       "SharedCacheNodeType", "elasticache_node_hour")) \
        if s.shared_cache else 0.0
    return Priced(cost, f"{s.cache_nodes} x {s.cache_node_type} x {hours(HOURS_PER_MONTH)}" if s.shared_cache
                  else "off (EnableSharedCache false)", enabled=s.shared_cache)


def logs(i: Inputs) -> Priced:
    """Ingestion, and what the retention keeps (steady state, uncompressed: an upper bound)."""
    s, u, a = i.s, i.u, ASSUMPTIONS
    database_logs_gb = a["database_logs_gb_month"] * u.database_hours / HOURS_PER_MONTH
    flow_gb = a["flow_logs_gb_month"]
    ingest_gb = u.app_logs_gb + flow_gb + database_logs_gb
    stored_gb = ((u.app_logs_gb + database_logs_gb) * s.log_retention_days
                 + flow_gb * s.flow_log_retention_days) / DAYS_PER_MONTH
    cw = i.p["cloudwatch"]
    cost = ingest_gb * cw["logs_ingest_gb"] + stored_gb * cw["logs_storage_gb_month"]
    return Priced(cost, f"ingest {gb(ingest_gb)} (app {gb(u.app_logs_gb)}, flow {gb(flow_gb)}, database "
                        f"{gb(database_logs_gb)}); stored ~{gb(stored_gb)} ({s.log_retention_days}/"
                        f"{s.flow_log_retention_days} days retention)")


def alarms(i: Inputs) -> Priced:
    counts, cw = i.counts, i.p["cloudwatch"]
    tracking_alarms = counts.target_tracking_policies * ASSUMPTIONS["target_tracking_alarms_per_policy"]
    alarm_count = counts.alarms + tracking_alarms
    cost = alarm_count * cw["alarm_month"] + counts.dashboards * cw["dashboard_month"]
    return Priced(cost, f"{alarm_count} alarm metrics ({counts.alarms} in the templates + {tracking_alarms} from target "
                        f"tracking) + {counts.dashboards} dashboard(s)")


def container_insights(i: Inputs) -> Priced:
    u, a, cw, on = i.u, ASSUMPTIONS, i.p["cloudwatch"], i.counts.container_insights
    insights_gb = a["container_insights_logs_gb_per_task_month"] * u.task_hours / HOURS_PER_MONTH
    metric_months = a["container_insights_metrics"] * u.service_hours / HOURS_PER_MONTH if u.tasks else 0.0
    cost = (metric_months * cw["custom_metric_month"] + insights_gb * cw["logs_ingest_gb"]) if on else 0.0
    return Priced(cost, f"~{a['container_insights_metrics']} custom metrics, published while tasks run "
                        f"({hours(u.service_hours)}) + {gb(insights_gb)} performance logs (approximate)"
                  if on else "off (cluster setting)", enabled=on)


def kms(i: Inputs) -> Priced:
    return Priced(i.counts.kms_keys * i.p["kms_key_month"], f"{i.counts.kms_keys} customer-managed key(s)")


def interface_endpoints(i: Inputs) -> Priced:
    s, on = i.s, i.s.interface_endpoints
    endpoint_gb = i.u.app_logs_gb if on else 0.0
    count = i.counts.interface_endpoint_services
    rates = i.p["interface_endpoint"]
    cost = (count * s.az_count * HOURS_PER_MONTH * rates["az_hour"] + endpoint_gb * rates["gb"]) if on else 0.0
    return Priced(cost, f"{count} endpoints x {s.az_count} AZs x {hours(HOURS_PER_MONTH)} + {gb(endpoint_gb)} (logs)"
                  if on else "off (EnableInterfaceEndpoints false)", enabled=on)


@dataclass(frozen=True)
class Component:
    key: str
    name: str
    types: tuple[str, ...]  # the CloudFormation resource types it prices
    price: Callable[[Inputs], Priced]


# In output order.
TABLE = (
    Component("fargate", "Fargate tasks", ("AWS::ECS::Service", "AWS::ECS::TaskDefinition"), fargate),
    Component("nat", "NAT gateways", ("AWS::EC2::NatGateway",), nat),
    Component("alb", "Load balancer", ("AWS::ElasticLoadBalancingV2::LoadBalancer",), alb),
    Component("public_ipv4", "Public IPv4 addresses", ("AWS::EC2::EIP",), public_ipv4),
    Component("rds", "RDS PostgreSQL", ("AWS::RDS::DBInstance",), rds),
    Component("efs", "EFS model cache", ("AWS::EFS::FileSystem",), efs),
    Component("elasticache", "ElastiCache (shared cache)", ("AWS::ElastiCache::ReplicationGroup",), elasticache),
    Component("logs", "CloudWatch Logs", ("AWS::Logs::LogGroup", "AWS::EC2::FlowLog"), logs),
    Component("alarms", "CloudWatch alarms + dashboard",
              ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard", "AWS::ApplicationAutoScaling::ScalingPolicy"),
              alarms),
    Component("container_insights", "Container Insights", ("AWS::ECS::Cluster",), container_insights),
    Component("kms", "KMS keys", ("AWS::KMS::Key",), kms),
    Component("interface_endpoints", "Interface endpoints", ("AWS::EC2::VPCEndpoint",), interface_endpoints),
)
COMPONENTS = {c.key: c.name for c in TABLE}                      # key -> name, in output order
PRICED_TYPES = {t: c.key for c in TABLE for t in c.types}        # resource type -> component key


def unpriced_types(types) -> list[str]:
    return sorted(t for t in types if t not in PRICED_TYPES and t not in FREE_TYPES)
