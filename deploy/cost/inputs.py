"""The estimate's inputs: the price table, the counts read from dist/*.yaml, and the parameters that drive
cost, typed."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from deploy.errors import UsageError

PRICES_PATH = Path(__file__).resolve().parent.parent / "prices.json"


def load_prices(path: Path = PRICES_PATH) -> dict:
    try:
        return json.loads(path.read_text())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the price table ({exc.strerror}); it ships in deploy/ "
                         f"(install the package editable, `pip install -e .`)") from None
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
    # CloudWatch bills a metric math alarm once per metric it reads.
    alarm_metrics = sum(max(1, sum(1 for q in (r.get("Properties") or {}).get("Metrics") or [] if "MetricStat" in q))
                        for r in resources if r.get("Type") == "AWS::CloudWatch::Alarm")
    return TemplateCounts(
        types=frozenset(r.get("Type") for r in resources), alarms=alarm_metrics,
        dashboards=count("AWS::CloudWatch::Dashboard"), kms_keys=count("AWS::KMS::Key"),
        target_tracking_policies=tracking, interface_endpoint_services=endpoints, container_insights=insights)


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
