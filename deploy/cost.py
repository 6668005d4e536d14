"""deploy-stack cost: an offline monthly cost estimate per component, from params and deploy/prices.json.

    deploy-stack cost --env dev                        params/dev.json, a table
    deploy-stack cost --env dev --param CapacityMode=on-demand --json
    deploy-stack cost --env dev --params-file my.json --markdown
    python -m deploy.cost [--check]                    regenerate (or check) docs/cost.md

Nothing here talks to AWS. Parameters are read and validated exactly as `deploy` does (params/<env>.json or
--params-file, then --param overrides, template Defaults for the rest); the counts that do not depend on
parameters (alarms, dashboards, KMS keys, interface endpoint services) come from dist/*.yaml.
Every figure is an estimate: usage-driven items rest on the assumptions listed in ASSUMPTIONS and printed
with the result. Amounts are kept unrounded and rounded to cents only for display and for the total.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from deploy import params
from deploy.cron import CRON_HELP, CronError, weekly_on_hours
from deploy.errors import InputProblems, UsageError
from deploy.project import PARENT_TEMPLATE, Project
from deploy.ui import table

PRICES_PATH = Path(__file__).with_name("prices.json")
HOURS_PER_MONTH = 730.0
WEEKS_PER_MONTH = 4.345
DAYS_PER_MONTH = 365 / 12

# Usage assumptions (not prices): each is printed with the estimate and documented in docs/cost.md.
ASSUMPTIONS = {
    "deploys_per_month": 4,            # task starts per task and month without the work-hours schedule
    "image_gb_per_start": 1.5,         # litellm + ollama images pulled by every task start (Fargate keeps no cache)
    "litellm_image_gb": 0.5,           # the litellm image alone (EnableLocalModel=false)
    "alb_lcu": 0.5,                    # average load balancer capacity units
    "app_logs_gb_per_task_month": 1.0, # application logs of one task running all month
    "flow_logs_gb_month": 1.0,         # VPC flow logs
    "database_logs_gb_month": 0.2,     # postgresql/upgrade log exports + Enhanced Monitoring (60 s), running month
    "container_insights_metrics": 35,  # Container Insights custom metrics (cluster, service, task family)
    "container_insights_logs_gb_per_task_month": 0.12,  # its performance log events (1-day retention)
    "target_tracking_alarms_per_policy": 2,  # Application Auto Scaling creates a high and a low alarm
    "internet_pull_mb_per_s": 50.0,    # effective pull rate from ghcr.io / Docker Hub / registry.ollama.ai
    "efs_client_mib_per_s": 500.0,     # EFS per-client throughput (documented; up to 1,500 with Elastic)
}
MODEL_SIZES_GB = {  # what `ollama pull` downloads (OllamaModel)
    "llama3.2": 2.0, "llama3.2:latest": 2.0, "llama3.2:3b": 2.0, "llama3.2:1b": 1.3,
}
NAT_DOCUMENTED_GBPS = 5  # a NAT gateway's documented baseline bandwidth (scales to 100 Gbps)

# The reference deployment (Terraform, /work/shared/reference/terraform-litellm-infra-README.md, "Cost
# Breakdown"): dev, Fargate 2048 CPU / 6144 MB running all month, one NAT, ALB, RDS db.t3.micro.
REFERENCE_DEV = {
    "fargate": 78.53, "nat": 33.30, "alb": 19.35, "rds": 15.92, "logs": 0.65, "ecr": 0.20, "total": 148.0,
}

# Components, in output order: key -> name.
COMPONENTS = {
    "fargate": "Fargate tasks",
    "nat": "NAT gateways",
    "alb": "Load balancer",
    "public_ipv4": "Public IPv4 addresses",
    "rds": "RDS PostgreSQL",
    "efs": "EFS model cache",
    "elasticache": "ElastiCache (shared cache)",
    "logs": "CloudWatch Logs",
    "alarms": "CloudWatch alarms + dashboard",
    "container_insights": "Container Insights",
    "kms": "KMS keys",
    "interface_endpoints": "Interface endpoints",
}

# Every CloudFormation resource type in dist/*.yaml is either priced by a component ...
PRICED_TYPES = {
    "AWS::ECS::Service": "fargate",
    "AWS::ECS::TaskDefinition": "fargate",
    "AWS::EC2::NatGateway": "nat",
    "AWS::EC2::EIP": "public_ipv4",
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "alb",
    "AWS::RDS::DBInstance": "rds",
    "AWS::EFS::FileSystem": "efs",
    "AWS::ElastiCache::ReplicationGroup": "elasticache",
    "AWS::Logs::LogGroup": "logs",
    "AWS::EC2::FlowLog": "logs",
    "AWS::CloudWatch::Alarm": "alarms",
    "AWS::CloudWatch::Dashboard": "alarms",
    "AWS::ApplicationAutoScaling::ScalingPolicy": "alarms",
    "AWS::ECS::Cluster": "container_insights",
    "AWS::KMS::Key": "kms",
    "AWS::EC2::VPCEndpoint": "interface_endpoints",
}
# ... or free, with the reason (tests/test_cost.py fails on a type in neither).
FREE_TYPES = {
    "AWS::CloudFormation::Stack": "nested stacks cost nothing",
    "AWS::CloudFormation::WaitConditionHandle": "CloudFormation-internal, no charge",
    "AWS::EC2::VPC": "no charge",
    "AWS::EC2::Subnet": "no charge",
    "AWS::EC2::RouteTable": "no charge",
    "AWS::EC2::Route": "no charge",
    "AWS::EC2::SubnetRouteTableAssociation": "no charge",
    "AWS::EC2::InternetGateway": "no charge (data in from the internet is free; answers out are small)",
    "AWS::EC2::VPCGatewayAttachment": "no charge",
    "AWS::EC2::SecurityGroup": "no charge",
    "AWS::EC2::SecurityGroupIngress": "no charge",
    "AWS::EC2::SecurityGroupEgress": "no charge",
    "AWS::IAM::Role": "no charge",
    "AWS::IAM::Policy": "no charge",
    "AWS::IAM::ManagedPolicy": "no charge",
    "AWS::KMS::Alias": "no charge (the key is priced)",
    "AWS::Lambda::Function": "the Custom::Secrets handler runs a few times per stack update: pennies, in the free tier",
    "Custom::Secrets": "backed by that Lambda; its SecureString parameters are standard tier (no charge)",
    "AWS::SSM::Parameter": "standard tier parameters: no charge",
    "AWS::RDS::DBParameterGroup": "no charge",
    "AWS::RDS::DBSubnetGroup": "no charge",
    "AWS::EFS::MountTarget": "no charge (storage and reads are priced on the file system)",
    "AWS::EFS::AccessPoint": "no charge",
    "AWS::ElastiCache::SubnetGroup": "no charge",
    "AWS::Scheduler::Schedule": "EventBridge Scheduler: 14 million invocations a month free; these run twice a day",
    "AWS::SNS::Topic": "alarm mail: the first 1,000 emails and 1 million publishes a month are free",
    "AWS::SNS::TopicPolicy": "no charge",
    "AWS::ApplicationAutoScaling::ScalableTarget": "no charge (scheduled actions included)",
    "AWS::ECS::ClusterCapacityProviderAssociations": "no charge",
    "AWS::ElasticLoadBalancingV2::Listener": "included in the load balancer's hours and LCUs",
    "AWS::ElasticLoadBalancingV2::ListenerRule": "included in the load balancer's LCUs (the first 10 rules a "
                                                 "request is evaluated against are free; at most 11 here)",
    "AWS::ElasticLoadBalancingV2::TargetGroup": "included in the load balancer's hours and LCUs",
}

class EstimateError(ValueError):
    """A value the estimate has no figure for (a class without a price, a model without a size)."""


def cents(amount: float) -> float:
    """Round to cents, half up, after dropping float noise (730 x 0.0265 is 19.344999... as a float)."""
    return float(Decimal(f"{amount:.6f}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------- inputs

def load_prices(path: Path = PRICES_PATH) -> dict:
    try:
        return json.loads(path.read_text())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the price table ({exc.strerror}); it ships beside "
                         f"deploy/cost.py (install the package editable, `pip install -e .`)") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


@dataclass(frozen=True)
class TemplateCounts:
    """What the estimate reads from dist/*.yaml rather than from parameters."""
    types: frozenset[str]
    alarms: int
    dashboards: int
    kms_keys: int
    target_tracking_policies: int
    interface_endpoint_services: int
    container_insights: bool


def template_counts(templates: dict[str, dict]) -> TemplateCounts:
    resources = [r for t in templates.values() for r in (t.get("Resources") or {}).values()]

    def count(kind: str) -> int:
        return sum(1 for r in resources if r.get("Type") == kind)

    tracking = sum(1 for r in resources if r.get("Type") == "AWS::ApplicationAutoScaling::ScalingPolicy"
                   and (r.get("Properties") or {}).get("PolicyType") == "TargetTrackingScaling")
    endpoints = sum(1 for r in resources if r.get("Type") == "AWS::EC2::VPCEndpoint"
                    and (r.get("Properties") or {}).get("VpcEndpointType") == "Interface")
    insights = any(s.get("Name") == "containerInsights" and s.get("Value") in ("enabled", "enhanced")
                   for r in resources if r.get("Type") == "AWS::ECS::Cluster"
                   for s in (r.get("Properties") or {}).get("ClusterSettings") or [])
    return TemplateCounts(
        types=frozenset(r.get("Type") for r in resources), alarms=count("AWS::CloudWatch::Alarm"),
        dashboards=count("AWS::CloudWatch::Dashboard"), kms_keys=count("AWS::KMS::Key"),
        target_tracking_policies=tracking, interface_endpoint_services=endpoints, container_insights=insights)


def unpriced_types(types) -> list[str]:
    return sorted(t for t in types if t not in PRICED_TYPES and t not in FREE_TYPES)


@dataclass(frozen=True)
class Settings:
    """The parameters that drive cost, typed."""
    vcpu: float
    memory_gb: float
    architecture: str
    min_tasks: int
    max_tasks: int
    capacity: str
    on_demand_base: int
    work_hours: bool
    scale_up_cron: str
    scale_down_cron: str
    stop_database: bool
    database_start_cron: str
    database_stop_cron: str
    nat_mode: str
    az_count: int
    interface_endpoints: bool
    placement: str
    database_class: str
    database_multi_az: bool
    database_storage_gb: float
    model_cache: bool
    local_model: bool
    ollama_model: str
    shared_cache: bool
    cache_node_type: str
    cache_nodes: int
    log_retention_days: int
    flow_log_retention_days: int
    litellm_image: str
    ollama_image: str

    @classmethod
    def from_values(cls, v: dict[str, str]) -> "Settings":
        def flag(key: str) -> bool:
            return v[key].strip().lower() == "true"

        def number(key: str) -> float:
            return float(v[key])

        return cls(
            vcpu=number("TaskCpu") / 1024, memory_gb=number("TaskMemory") / 1024, architecture=v["CpuArchitecture"],
            min_tasks=int(number("MinTasks")), max_tasks=int(number("MaxTasks")), capacity=v["CapacityMode"],
            on_demand_base=int(number("OnDemandBaseTasks")), work_hours=flag("WorkHoursSchedule"),
            scale_up_cron=v["ScaleUpCron"], scale_down_cron=v["ScaleDownCron"],
            stop_database=flag("StopDatabaseOffHours"), database_start_cron=v["DatabaseStartCron"],
            database_stop_cron=v["DatabaseStopCron"], nat_mode=v["NatGatewayMode"], az_count=int(number("AzCount")),
            interface_endpoints=flag("EnableInterfaceEndpoints"), placement=v["TaskPlacement"],
            database_class=v["DatabaseInstanceClass"], database_multi_az=flag("DatabaseMultiAz"),
            database_storage_gb=number("DatabaseAllocatedStorage"), model_cache=flag("EnableModelCache"),
            local_model=flag("EnableLocalModel"), ollama_model=v["OllamaModel"], shared_cache=flag("EnableSharedCache"),
            cache_node_type=v["SharedCacheNodeType"], cache_nodes=int(number("SharedCacheNodes")),
            log_retention_days=int(number("LogRetentionDays")),
            flow_log_retention_days=int(number("FlowLogRetentionDays")),
            litellm_image=v["LitellmImage"], ollama_image=v["OllamaImage"],
        )


REQUIRED_PARAMETERS = (
    "TaskCpu", "TaskMemory", "CpuArchitecture", "MinTasks", "MaxTasks", "CapacityMode", "OnDemandBaseTasks",
    "WorkHoursSchedule", "ScaleUpCron", "ScaleDownCron", "StopDatabaseOffHours", "DatabaseStartCron",
    "DatabaseStopCron", "NatGatewayMode", "AzCount", "EnableInterfaceEndpoints", "TaskPlacement",
    "DatabaseInstanceClass", "DatabaseMultiAz", "DatabaseAllocatedStorage", "EnableModelCache", "EnableLocalModel",
    "OllamaModel", "EnableSharedCache", "SharedCacheNodeType", "SharedCacheNodes", "LogRetentionDays",
    "FlowLogRetentionDays", "LitellmImage", "OllamaImage",
)


# ---------------------------------------------------------------------------------------------- estimate

@dataclass(frozen=True)
class Line:
    key: str
    name: str
    monthly: float   # USD, unrounded
    detail: str
    enabled: bool = True


@dataclass
class Estimate:
    label: str                  # e.g. "dev (params/dev.json)"
    prices: dict
    lines: list[Line]
    assumptions: list[str]
    usage: dict
    cold_start: dict
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return cents(sum(line.monthly for line in self.lines))

    def amount(self, key: str) -> float:
        return cents(next(line.monthly for line in self.lines if line.key == key))


def _registry(image: str) -> str:
    first = image.split("/", 1)[0]
    return first if ("." in first or ":" in first) and "/" in image else "docker.io"


def _is_ecr(image: str) -> bool:
    return re.match(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$", _registry(image)) is not None


def _gb(x: float) -> str:
    return f"{x:,.1f} GB" if x >= 0.05 or x == 0 else f"{x:,.2f} GB"


def _h(x: float) -> str:
    return f"{x:,.1f} h"


def _usd(x: float) -> str:
    return f"${x:,.2f}"


def _price(table: dict, key: str, parameter: str, where: str) -> float:
    if key not in table:
        raise EstimateError(f"{parameter}: {key!r} has no price in deploy/prices.json ({where}); add it "
                            f"with its source")
    return table[key]


def estimate(values: dict[str, str], counts: TemplateCounts, prices: dict, label: str = "") -> Estimate:
    """The monthly estimate for fully resolved parameter values (every parameter has a value).
    Raises CronError for a schedule it cannot model, EstimateError for a value without a price or size."""
    s = Settings.from_values(values)
    a = ASSUMPTIONS
    p = prices
    hours = HOURS_PER_MONTH
    lines: list[Line] = []
    notes: list[str] = []

    # Service hours and task starts.
    tasks = s.min_tasks
    if s.work_hours:
        week_hours, week_starts = weekly_on_hours(s.scale_up_cron, s.scale_down_cron,
                                                  ("ScaleUpCron", "ScaleDownCron"))
        service_hours = week_hours * WEEKS_PER_MONTH
        starts_per_task = week_starts * WEEKS_PER_MONTH
        schedule = f"work hours: {week_hours:g} h/week x {WEEKS_PER_MONTH} weeks"
    else:
        service_hours, starts_per_task = hours, float(a["deploys_per_month"])
        schedule = "all month"
    task_hours = tasks * service_hours
    task_starts = tasks * starts_per_task

    if s.stop_database:
        week_hours, _ = weekly_on_hours(s.database_start_cron, s.database_stop_cron,
                                        ("DatabaseStartCron", "DatabaseStopCron"))
        database_hours = week_hours * WEEKS_PER_MONTH
        database_schedule = f"stopped off hours: {week_hours:g} h/week x {WEEKS_PER_MONTH} weeks"
    else:
        database_hours, database_schedule = hours, "all month"

    # Fargate.
    rates = _price(p["fargate"], s.architecture, "CpuArchitecture", "fargate")
    on_demand_rate = s.vcpu * rates["vcpu_hour"] + s.memory_gb * rates["gb_hour"]
    spot_rate = on_demand_rate * (1 - p["fargate"]["spot_discount"])
    if s.capacity == "on-demand":
        on_demand_tasks = tasks
    elif s.capacity == "spot":
        on_demand_tasks = 0
    else:
        on_demand_tasks = min(s.on_demand_base, tasks)
    spot_tasks = tasks - on_demand_tasks
    fargate = (on_demand_tasks * on_demand_rate + spot_tasks * spot_rate) * service_hours
    mix = ", ".join(part for part in (f"{on_demand_tasks} on-demand" if on_demand_tasks else "",
                                      f"{spot_tasks} Spot" if spot_tasks else "") if part) or "no tasks"
    extra_rate = spot_rate if s.capacity != "on-demand" else on_demand_rate
    lines.append(Line("fargate", COMPONENTS["fargate"], fargate,
                      f"{tasks} task{'s' if tasks != 1 else ''} ({mix}) x {s.vcpu:g} vCPU / {s.memory_gb:g} GB "
                      f"{s.architecture} x {_h(service_hours)} ({schedule})", enabled=tasks > 0))

    # Traffic from the tasks that leaves the VPC.
    model_gb = 0.0
    if s.local_model:
        if s.ollama_model not in MODEL_SIZES_GB:
            raise EstimateError(f"OllamaModel: {s.ollama_model!r} has no size known to the estimate (known: "
                                f"{', '.join(MODEL_SIZES_GB)}); add it to MODEL_SIZES_GB in deploy/cost.py")
        model_gb = MODEL_SIZES_GB[s.ollama_model]
    image_gb = a["image_gb_per_start"] if s.local_model else a["litellm_image_gb"]
    images = [s.litellm_image] + ([s.ollama_image] if s.local_model else [])
    images_private = s.interface_endpoints and all(_is_ecr(i) for i in images)
    image_pull_gb = image_gb * task_starts
    model_pull_gb = 0.0 if s.model_cache else model_gb * task_starts
    app_logs_gb = a["app_logs_gb_per_task_month"] * task_hours / hours
    nat_count = {"single": 1, "per-az": s.az_count, "none": 0}[s.nat_mode]
    private_tasks = s.placement == "private"
    nat_images = image_pull_gb if private_tasks and nat_count and not images_private else 0.0
    nat_model = model_pull_gb if private_tasks and nat_count else 0.0
    nat_logs = app_logs_gb if private_tasks and nat_count and not s.interface_endpoints else 0.0
    nat_gb = nat_images + nat_model + nat_logs
    nat = nat_count * hours * p["nat_gateway"]["hour"] + nat_gb * p["nat_gateway"]["gb_processed"]
    where = "public subnets: pulls go through the internet gateway, no processing charge" if not private_tasks else \
        f"{_gb(nat_gb)} processed: images {_gb(nat_images)}, model {_gb(nat_model)}, logs {_gb(nat_logs)}"
    lines.append(Line("nat", COMPONENTS["nat"], nat,
                      f"{nat_count} x {_h(hours)} ({s.nat_mode}); {where}" if nat_count else "off (NatGatewayMode none)",
                      enabled=nat_count > 0))

    # Load balancer and public addresses.
    lcu = a["alb_lcu"]
    alb = hours * (p["alb"]["hour"] + lcu * p["alb"]["lcu_hour"])
    lines.append(Line("alb", COMPONENTS["alb"], alb, f"{_h(hours)} + {lcu:g} LCU assumed"))
    alb_ips = s.az_count
    task_ip_hours = task_hours if not private_tasks else 0.0
    ipv4 = ((alb_ips + nat_count) * hours + task_ip_hours) * p["public_ipv4_hour"]
    lines.append(Line("public_ipv4", COMPONENTS["public_ipv4"], ipv4,
                      f"load balancer {alb_ips} (one per AZ) + NAT {nat_count}, {_h(hours)} each; "
                      f"public tasks {_h(task_ip_hours)}"))

    # Database.
    instance_rate = _price(p["rds_postgresql_single_az_hour"], s.database_class, "DatabaseInstanceClass",
                           "rds_postgresql_single_az_hour")
    copies = 2 if s.database_multi_az else 1
    rds_instance = instance_rate * database_hours * copies
    rds_storage = s.database_storage_gb * p["rds_gp3_gb_month"] * copies
    lines.append(Line("rds", COMPONENTS["rds"], rds_instance + rds_storage,
                      f"{s.database_class} {'Multi-AZ (x2)' if copies == 2 else 'single-AZ'}, "
                      f"{_h(database_hours)} ({database_schedule}) {_usd(rds_instance)} + "
                      f"{s.database_storage_gb:g} GiB gp3{' x2' if copies == 2 else ''} {_usd(rds_storage)}"))

    # Model cache.
    efs_read_gb = model_gb * task_starts if s.model_cache else 0.0
    efs_storage = model_gb * p["efs"]["standard_gb_month"] if s.model_cache else 0.0
    efs_reads = efs_read_gb * p["efs"]["elastic_read_gb"]
    lines.append(Line("efs", COMPONENTS["efs"], efs_storage + efs_reads,
                      (f"{_gb(model_gb)} stored {_usd(efs_storage)} + {_gb(efs_read_gb)} elastic reads "
                       f"({task_starts:g} task starts x {model_gb:g} GB) {_usd(efs_reads)}")
                      if s.model_cache else "off (EnableModelCache false)", enabled=s.model_cache))

    # Shared cache.
    cache = (s.cache_nodes * hours * _price(p["elasticache_node_hour"], s.cache_node_type, "SharedCacheNodeType",
                                            "elasticache_node_hour")) if s.shared_cache else 0.0
    lines.append(Line("elasticache", COMPONENTS["elasticache"], cache,
                      f"{s.cache_nodes} x {s.cache_node_type} x {_h(hours)}" if s.shared_cache
                      else "off (EnableSharedCache false)", enabled=s.shared_cache))

    # Logs: ingestion, and what the retention keeps (steady state, uncompressed: an upper bound).
    database_logs_gb = a["database_logs_gb_month"] * database_hours / hours
    flow_gb = a["flow_logs_gb_month"]
    ingest_gb = app_logs_gb + flow_gb + database_logs_gb
    stored_gb = ((app_logs_gb + database_logs_gb) * s.log_retention_days
                 + flow_gb * s.flow_log_retention_days) / DAYS_PER_MONTH
    cw = p["cloudwatch"]
    logs = ingest_gb * cw["logs_ingest_gb"] + stored_gb * cw["logs_storage_gb_month"]
    lines.append(Line("logs", COMPONENTS["logs"], logs,
                      f"ingest {_gb(ingest_gb)} (app {_gb(app_logs_gb)}, flow {_gb(flow_gb)}, database "
                      f"{_gb(database_logs_gb)}); stored ~{_gb(stored_gb)} ({s.log_retention_days}/"
                      f"{s.flow_log_retention_days} days retention)"))

    tracking_alarms = counts.target_tracking_policies * a["target_tracking_alarms_per_policy"]
    alarm_count = counts.alarms + tracking_alarms
    monitoring = alarm_count * cw["alarm_month"] + counts.dashboards * cw["dashboard_month"]
    lines.append(Line("alarms", COMPONENTS["alarms"], monitoring,
                      f"{alarm_count} alarms ({counts.alarms} in the templates + {tracking_alarms} from target "
                      f"tracking) + {counts.dashboards} dashboard(s)"))

    insights_gb = a["container_insights_logs_gb_per_task_month"] * task_hours / hours
    metric_months = a["container_insights_metrics"] * service_hours / hours if tasks else 0.0
    insights = (metric_months * cw["custom_metric_month"] + insights_gb * cw["logs_ingest_gb"]) \
        if counts.container_insights else 0.0
    lines.append(Line("container_insights", COMPONENTS["container_insights"], insights,
                      f"~{a['container_insights_metrics']} custom metrics, published while tasks run "
                      f"({_h(service_hours)}) + {_gb(insights_gb)} performance logs (approximate)"
                      if counts.container_insights else "off (cluster setting)", enabled=counts.container_insights))

    kms = counts.kms_keys * p["kms_key_month"]
    lines.append(Line("kms", COMPONENTS["kms"], kms, f"{counts.kms_keys} customer-managed key(s)"))

    endpoint_gb = app_logs_gb if s.interface_endpoints else 0.0
    endpoint_count = counts.interface_endpoint_services
    endpoints = (endpoint_count * s.az_count * hours * p["interface_endpoint"]["az_hour"]
                 + endpoint_gb * p["interface_endpoint"]["gb"]) if s.interface_endpoints else 0.0
    lines.append(Line("interface_endpoints", COMPONENTS["interface_endpoints"], endpoints,
                      f"{endpoint_count} endpoints x {s.az_count} AZs x {_h(hours)} + {_gb(endpoint_gb)} (logs)"
                      if s.interface_endpoints else "off (EnableInterfaceEndpoints false)",
                      enabled=s.interface_endpoints))

    if s.interface_endpoints and not images_private and private_tasks and nat_count:
        notes.append(f"images come from {', '.join(sorted({_registry(i) for i in images}))}, not ECR: the "
                     f"ECR endpoints do not keep image pulls off the NAT gateway")
    if s.model_cache and not s.local_model:
        notes.append("EnableModelCache with EnableLocalModel false: the file system stays empty")

    internet = a["internet_pull_mb_per_s"]
    efs_rate = a["efs_client_mib_per_s"] * 1024 * 1024 / 1e9  # GB/s
    no_cache_s = (image_gb + model_gb) * 1000 / internet
    cache_s = image_gb * 1000 / internet + model_gb / efs_rate
    cold_start = {
        "estimate": True,
        "images_gb": image_gb, "model_gb": model_gb,
        "without_cache": {"internet_gb": image_gb + model_gb, "efs_gb": 0.0, "seconds": round(no_cache_s, 1)},
        "with_cache": {"internet_gb": image_gb, "efs_gb": model_gb, "seconds": round(cache_s, 1)},
        "basis": f"transfer time only, at an assumed {internet:g} MB/s from the registries (the NAT gateway's "
                 f"documented {NAT_DOCUMENTED_GBPS} Gbps baseline is not the limit) and EFS at "
                 f"{a['efs_client_mib_per_s']:g} MiB/s per client (documented); container start, loading the "
                 f"model into memory and health checks come on top",
    }

    assumptions = [
        f"{HOURS_PER_MONTH:g} h a month; {WEEKS_PER_MONTH} weeks a month for schedules; prices of "
        f"{p['region']} on {p['date']} ({p['source']})",
        f"tasks = MinTasks ({tasks}); autoscaling above it (to MaxTasks {s.max_tasks}) is usage-driven and "
        f"not included: each extra task-hour costs {_usd(extra_rate)}"
        f"{' (Spot)' if s.capacity != 'on-demand' else ''}",
        f"work-hours schedules: hours counted from the cron expressions in the schedule's time zone "
        f"(daylight-saving shifts ignored); a daily stop of a stopped resource changes nothing",
        f"task starts: {starts_per_task:g} per task a month ({'one per work day' if s.work_hours else 'deploys'}); "
        f"each pulls ~{image_gb:g} GB of images (Fargate keeps no image cache) and, without the model cache, "
        f"the model ({model_gb:g} GB); with the cache, the first download is a one-off and is not counted",
        f"Spot: {p['fargate']['spot_discount']:.0%} below on-demand (an estimate; interruptions not counted); "
        f"spot-above-base runs min(OnDemandBaseTasks, tasks) on-demand",
        f"Multi-AZ doubles the database instance and storage; backups up to the storage size, Performance "
        f"Insights (7 days) and gp3 baseline IOPS are free",
        f"load balancer: {a['alb_lcu']:g} LCU average; public IPv4 for each AZ of the load balancer, each NAT "
        f"gateway and each public task",
        f"logs: {a['app_logs_gb_per_task_month']:g} GB a task-month of application logs, "
        f"{a['flow_logs_gb_month']:g} GB flow logs, {a['database_logs_gb_month']:g} GB database logs and "
        f"Enhanced Monitoring; storage at steady state without compression",
        f"Container Insights: ~{a['container_insights_metrics']} custom metrics while tasks run and "
        f"{a['container_insights_logs_gb_per_task_month']:g} GB of performance logs a task-month (approximate)",
        "KMS: $1 a key a month; automatic rotation adds $1 a month after each of the first two yearly "
        "rotations; dashboards: an account's first 3 are free (charged here)",
        "not counted: data transfer to clients and cloud model APIs (small text), cross-AZ traffic, "
        "Lambda, SNS, EventBridge Scheduler and KMS requests (free tier or pennies), taxes, support",
    ]
    usage = {
        "service_hours": round(service_hours, 3), "task_hours": round(task_hours, 3),
        "task_starts": round(task_starts, 3), "database_hours": round(database_hours, 3),
        "nat_gateways": nat_count, "nat_processed_gb": round(nat_gb, 3),
        "on_demand_tasks": on_demand_tasks, "spot_tasks": spot_tasks,
        "extra_task_hour_usd": round(extra_rate, 5),
    }
    return Estimate(label=label, prices=p, lines=lines, assumptions=assumptions, usage=usage,
                    cold_start=cold_start, notes=notes)


# ---------------------------------------------------------------------------------------------- repository

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_CACHE: dict[tuple[str, int, int], object] = {}


def _load_yaml(path: Path):
    """yaml.safe_load (libyaml when present), cached by path, size and mtime: docs/cost.md needs nine
    estimates from the same dist/."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _YAML_CACHE:
        _YAML_CACHE[key] = yaml.load(path.read_text(), Loader=_LOADER)  # noqa: S506 (a safe loader)
    return _YAML_CACHE[key]


def load_templates(project: Project) -> dict[str, dict]:
    """dist/*.yaml by stack name."""
    out = {}
    for path in sorted(project.dist.glob("*.yaml")):
        try:
            doc = _load_yaml(path)
        except yaml.YAMLError as exc:
            raise UsageError(f"{project.rel(path)}: not valid YAML ({str(exc).splitlines()[0]}); "
                             f"run `python build.py`") from None
        if isinstance(doc, dict):
            out[path.stem] = doc
    return out


def resolve_values(project: Project, env: str, params_file: Path | None, overrides: list[str],
                   template: dict) -> tuple[dict[str, str], dict[str, str], str, list[str]]:
    """Every parameter's value (given, else its Default), where each came from, the params file's name,
    and the problems found: the same validation as deploy (params.resolve)."""
    path = params_file if params_file is not None else project.params_path(env)
    where = project.rel(path.resolve() if params_file is not None else path)
    pairs, problems = params.load_file(path, where, project.environments())
    override_pairs, override_problems = params.parse_overrides(overrides)
    problems += override_problems
    if problems:
        return {}, {}, where, problems
    values, problems = params.resolve(template, f"dist/{PARENT_TEMPLATE}", pairs, where, override_pairs, env, None)
    sources = {k: where for k, _ in pairs} | {k: "--param" for k, _ in override_pairs}
    full = {}
    for key, spec in (template.get("Parameters") or {}).items():
        if key in values:
            full[key] = values[key]
        elif isinstance(spec, dict) and "Default" in spec:
            full[key] = params._as_text(spec["Default"])
            sources.setdefault(key, f"dist/{PARENT_TEMPLATE} (Default)")
    missing = [k for k in REQUIRED_PARAMETERS if k not in full]
    if missing and not problems:
        problems.append(f"dist/{PARENT_TEMPLATE}: no {', '.join(missing)} parameter (the cost estimate reads "
                        f"{'it' if len(missing) == 1 else 'them'}); run `python build.py`")
    return full, sources, where, problems


def _condition(expr, values: dict[str, str]):
    """A Rules condition/assertion with Fn::Equals/Not/And/Or/Contains and Ref; None when it cannot tell."""
    if isinstance(expr, (str, int, float, bool)):
        return params._as_text(expr)
    if not isinstance(expr, dict) or len(expr) != 1:
        return None
    (fn, arg), = expr.items()
    if fn == "Ref":
        return values.get(arg)
    items = [_condition(a, values) for a in arg] if isinstance(arg, list) else []
    if fn == "Fn::Equals" and len(items) == 2 and None not in items:
        return items[0] == items[1]
    if fn == "Fn::Not" and len(items) == 1 and isinstance(items[0], bool):
        return not items[0]
    if fn in ("Fn::And", "Fn::Or") and items and all(isinstance(i, bool) for i in items):
        return all(items) if fn == "Fn::And" else any(items)
    return None


def _refs(expr) -> set[str]:
    if isinstance(expr, dict):
        return {expr["Ref"]} if set(expr) == {"Ref"} else set().union(*map(_refs, expr.values()))
    if isinstance(expr, list):
        return set().union(*map(_refs, expr)) if expr else set()
    return set()


def rule_problems(template: dict, values: dict[str, str], sources: dict[str, str]) -> list[str]:
    """The template's Rules that CloudFormation would refuse these values for (an estimate for a stack that
    cannot be deployed would mislead). Rules it cannot evaluate are left to CloudFormation."""
    problems = []
    for name, rule in (template.get("Rules") or {}).items():
        applies = _condition(rule.get("RuleCondition"), values) if "RuleCondition" in rule else True
        if applies is not True:
            continue
        for assertion in rule.get("Assertions") or []:
            if _condition(assertion.get("Assert"), values) is False:
                keys = sorted(_refs(rule))
                given = ", ".join(f"{k}={values.get(k)} ({sources.get(k, '?')})" for k in keys)
                problems.append(f"rule {name} in dist/{PARENT_TEMPLATE}: {assertion.get('AssertDescription', '')} "
                                f"[{given}]")
    return problems


def estimate_for(project: Project, env: str, params_file: Path | None = None, overrides: list[str] | None = None,
                 prices: dict | None = None) -> Estimate:
    """The estimate for one environment, or UsageError/InputProblems (exit 2) naming what is wrong."""
    template, problems = project.load_parent()
    if problems:
        raise InputProblems(problems)
    values, sources, where, problems = resolve_values(project, env, params_file, overrides or [], template)
    if not problems:
        problems = rule_problems(template, values, sources)
    if problems:
        raise InputProblems(problems)
    templates = load_templates(project)
    counts = template_counts(templates)
    prices = prices if prices is not None else load_prices()
    try:
        result = estimate(values, counts, prices, label=f"{values.get('EnvironmentName', env)} ({where})")
    except CronError as exc:
        first = exc.key.split("/")[0]
        raise UsageError(f"{sources.get(first, where)}: {exc.key}: {exc.value} cannot be modelled by the cost "
                         f"estimate: {exc}; {CRON_HELP}") from None
    except EstimateError as exc:
        raise UsageError(str(exc)) from None
    missing = unpriced_types(counts.types)
    if missing:
        result.notes.append(f"resource types with neither a price nor a free reason in deploy/cost.py: "
                            f"{', '.join(missing)}; the estimate leaves them out")
    return result


# ---------------------------------------------------------------------------------------------- output

def _amount_cell(line: Line) -> str:
    return f"{cents(line.monthly):,.2f}"


def text_report(result: Estimate) -> str:
    p = result.prices
    rows = [[line.name, _amount_cell(line), line.detail] for line in result.lines]
    rows.append(["Total", f"{result.total:,.2f}", f"per month, {p['currency']}"])
    out = [f"Estimated monthly cost: {result.label}",
           f"Prices: {p['region']}, {p['date']}; {p['source']}.", "",
           table(["component", p["currency"], "detail"], rows), "",
           "Cold start of one task (estimate): "
           f"without the model cache {result.cold_start['without_cache']['internet_gb']:g} GB from the internet, "
           f"~{result.cold_start['without_cache']['seconds']:g} s; with it "
           f"{result.cold_start['with_cache']['internet_gb']:g} GB from the internet + "
           f"{result.cold_start['with_cache']['efs_gb']:g} GB from EFS, ~{result.cold_start['with_cache']['seconds']:g} s "
           f"({result.cold_start['basis']}).", "", "Assumptions:"]
    out += [f"  - {a}" for a in result.assumptions]
    if result.notes:
        out += ["", "Notes:"] + [f"  - {n}" for n in result.notes]
    return "\n".join(out)


def json_report(result: Estimate) -> str:
    p = result.prices
    return json.dumps({
        "estimate": result.label, "currency": p["currency"],
        "prices": {"region": p["region"], "date": p["date"], "source": p["source"]},
        "components": [{"key": line.key, "name": line.name, "monthly": cents(line.monthly),
                        "enabled": line.enabled, "detail": line.detail} for line in result.lines],
        "total": result.total, "usage": result.usage, "cold_start": result.cold_start,
        "assumptions": result.assumptions, "notes": result.notes,
    }, indent=2)


def markdown_table(result: Estimate) -> str:
    rows = ["| component | USD / month | detail |", "| --- | ---: | --- |"]
    rows += [f"| {line.name} | {_amount_cell(line)} | {line.detail} |" for line in result.lines]
    rows.append(f"| **Total** | **{result.total:,.2f}** | |")
    return "\n".join(rows)


# dev options toggled one at a time for docs/cost.md and the report: (label, --param overrides).
DEV_TOGGLES = [
    ("Spot off (CapacityMode=on-demand)", ["CapacityMode=on-demand"]),
    ("Service schedule off (WorkHoursSchedule=false; the database still stops)", ["WorkHoursSchedule=false"]),
    ("Both schedules off (service and database run all month)",
     ["WorkHoursSchedule=false", "StopDatabaseOffHours=false"]),
    ("Model cache off (EnableModelCache=false)", ["EnableModelCache=false"]),
    ("No NAT, public tasks (NatGatewayMode=none, TaskPlacement=public)",
     ["NatGatewayMode=none", "TaskPlacement=public"]),
    ("ARM64 (CpuArchitecture=ARM64)", ["CpuArchitecture=ARM64"]),
    ("Like the reference: on-demand, all month, no model cache",
     ["CapacityMode=on-demand", "WorkHoursSchedule=false", "StopDatabaseOffHours=false",
      "EnableModelCache=false"]),
]
DOC_ENVIRONMENTS = ("dev", "staging", "prod")
DOC_PATH = Path("docs") / "cost.md"


def markdown_document(project: Project) -> str:
    """docs/cost.md: dev, staging and prod side by side with the reference dev figure, the dev options one
    at a time, the cold start, the assumptions. Regenerate with `python -m deploy.cost`."""
    results = {env: estimate_for(project, env) for env in DOC_ENVIRONMENTS}
    p = results["dev"].prices
    reference = {"fargate": REFERENCE_DEV["fargate"], "nat": REFERENCE_DEV["nat"], "alb": REFERENCE_DEV["alb"],
                 "rds": REFERENCE_DEV["rds"], "logs": REFERENCE_DEV["logs"]}
    out = [
        "# Monthly cost estimate",
        "",
        "<!-- Generated by `.venv/bin/python -m deploy.cost` from params/*.json, dist/ and deploy/prices.json; "
        "tests/test_cost.py fails when it is stale. Do not edit by hand. -->",
        "",
        f"Estimated with `deploy-stack cost` (offline, no AWS calls) from `deploy/prices.json`: {p['region']} "
        f"prices of {p['date']}, {p['source']}. USD per month; usage-driven items rest on the assumptions "
        f"below. The reference column is the Terraform reference deployment's own dev figure "
        f"(Fargate 2048 CPU / 6144 MB on-demand all month, one NAT, ALB, RDS db.t3.micro).",
        "",
        "```bash",
        ".venv/bin/deploy-stack cost --env dev",
        ".venv/bin/deploy-stack cost --env prod --json",
        ".venv/bin/deploy-stack cost --env dev --param CapacityMode=on-demand --markdown",
        "```",
        "",
        "| component | dev | staging | prod | reference dev |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, name in COMPONENTS.items():
        cells = [f"{results[env].amount(key):,.2f}" for env in DOC_ENVIRONMENTS]
        ref = f"{reference[key]:,.2f}" if key in reference else "—"
        if key == "alb":
            ref += " (no IPv4)"
        out.append(f"| {name} | {' | '.join(cells)} | {ref} |")
    out.append(f"| ECR storage | — | — | — | {REFERENCE_DEV['ecr']:,.2f} |")
    totals = " | ".join(f"**{results[env].total:,.2f}**" for env in DOC_ENVIRONMENTS)
    out.append(f"| **Total** | {totals} | **~{REFERENCE_DEV['total']:,.0f}** |")
    out += ["", "What drives each environment (from its params file):", ""]
    for env in DOC_ENVIRONMENTS:
        details = {line.key: line.detail for line in results[env].lines}
        out.append(f"- **{env}**: Fargate: {details['fargate']}. Database: {details['rds']}.")
    base = results["dev"].total
    out += ["", "## dev, one option at a time", "",
            f"Starting from `params/dev.json` ({_usd(base)}), each row changes only what it names "
            f"(`deploy-stack cost --env dev --param ...`):", "",
            "| change | total | difference |", "| --- | ---: | ---: |", f"| dev as it is | {base:,.2f} | |"]
    for label, overrides in DEV_TOGGLES:
        total = estimate_for(project, "dev", overrides=overrides).total
        out.append(f"| {label} | {total:,.2f} | {total - base:+,.2f} |")
    cold = results["dev"].cold_start
    out += ["", "## Cold start of one task (estimate)", "",
            "| | from the internet | from EFS | transfer time |", "| --- | ---: | ---: | ---: |",
            f"| without the model cache | {cold['without_cache']['internet_gb']:g} GB | 0 GB | "
            f"~{cold['without_cache']['seconds']:g} s |",
            f"| with the model cache | {cold['with_cache']['internet_gb']:g} GB | {cold['with_cache']['efs_gb']:g} GB | "
            f"~{cold['with_cache']['seconds']:g} s |",
            "", f"Basis: {cold['basis']}.", "",
            "## Assumptions (dev)", ""]
    out += [f"- {a}" for a in results["dev"].assumptions]
    out += ["", "## What is priced", "",
            "Every resource type in `dist/*.yaml` is priced by a component or listed as free with a reason "
            "(`PRICED_TYPES` and `FREE_TYPES` in `deploy/cost.py`; tests/test_cost.py fails on a new type in "
            "neither).", "", "| resource type | priced by / why free |", "| --- | --- |"]
    out += [f"| `{t}` | {COMPONENTS[c]} |" for t, c in sorted(PRICED_TYPES.items())]
    out += [f"| `{t}` | free: {why} |" for t, why in sorted(FREE_TYPES.items())]
    out += ["", "Each environment prints its own with `deploy-stack cost --env <env>`. Prices change: update "
            "`deploy/prices.json` (with its date and source) and regenerate this file.", ""]
    return "\n".join(out)


def run(ctx) -> int:
    """deploy-stack cost."""
    args = ctx.args
    prices = load_prices()
    if args.region and args.region != prices["region"]:
        ctx.console.info(f"note: the price table is {prices['region']}'s; --region {args.region} is not "
                         f"priced separately (expect regional differences)")
    result = estimate_for(ctx.project, ctx.env, Path(args.params_file) if args.params_file else None,
                          args.param or [], prices=prices)
    if args.json:
        ctx.console.result(json_report(result))
    elif args.markdown:
        ctx.console.result(markdown_table(result))
    else:
        ctx.console.result(text_report(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    """python -m deploy.cost [--check] [--project-dir DIR]: write (or check) docs/cost.md."""
    parser = argparse.ArgumentParser(prog="python -m deploy.cost", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/cost.md is stale")
    parser.add_argument("--project-dir", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    project = Project(args.project_dir.resolve())
    try:
        text = markdown_document(project)
    except UsageError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    path = project.root / DOC_PATH
    if args.check:
        if not path.is_file() or path.read_text() != text:
            print(f"{DOC_PATH}: stale; run `.venv/bin/python -m deploy.cost`", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
