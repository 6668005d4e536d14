"""estimate(): every component of TABLE priced for one set of parameter values, with the usage figures, the
cold start, the notes and the assumptions printed beside them."""
from __future__ import annotations

from dataclasses import dataclass, field

from deploy.cost.catalog import ASSUMPTIONS, HOURS_PER_MONTH, NAT_DOCUMENTED_GBPS, WEEKS_PER_MONTH
from deploy.cost.components import TABLE, Inputs
from deploy.cost.inputs import Settings, TemplateCounts
from deploy.cost.units import cents, usd
from deploy.cost.usage import Usage, derive, registry


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


def estimate(values: dict[str, str], counts: TemplateCounts, prices: dict, label: str = "") -> Estimate:
    """The monthly estimate for fully resolved parameter values (every parameter has a value).
    Raises CronError for a schedule it cannot model, EstimateError for a value without a price or size."""
    s = Settings.from_values(values)
    u = derive(s, prices)
    inputs = Inputs(s, u, counts, prices)
    lines = [Line(c.key, c.name, *c.price(inputs)) for c in TABLE]
    return Estimate(label=label, prices=prices, lines=lines, assumptions=_assumptions(s, u, prices),
                    usage=_usage_figures(u), cold_start=_cold_start(u), notes=_notes(s, u))


def _notes(s: Settings, u: Usage) -> list[str]:
    notes = []
    if s.interface_endpoints and not u.images_private and u.private_tasks and u.nat_count:
        notes.append(f"images come from {', '.join(sorted({registry(i) for i in u.images}))}, not ECR: the "
                     f"ECR endpoints do not keep image pulls off the NAT gateway")
    if s.model_cache and not s.local_model:
        notes.append("EnableModelCache with EnableLocalModel false: the file system stays empty")
    return notes


def _cold_start(u: Usage) -> dict:
    a = ASSUMPTIONS
    internet = a["internet_pull_mb_per_s"]
    efs_rate = a["efs_client_mib_per_s"] * 1024 * 1024 / 1e9  # GB/s
    no_cache_s = (u.image_gb + u.model_gb) * 1000 / internet
    cache_s = u.image_gb * 1000 / internet + u.model_gb / efs_rate
    return {
        "estimate": True,
        "images_gb": u.image_gb, "model_gb": u.model_gb,
        "without_cache": {"internet_gb": u.image_gb + u.model_gb, "efs_gb": 0.0, "seconds": round(no_cache_s, 1)},
        "with_cache": {"internet_gb": u.image_gb, "efs_gb": u.model_gb, "seconds": round(cache_s, 1)},
        "basis": f"transfer time only, at an assumed {internet:g} MB/s from the registries (the NAT gateway's "
                 f"documented {NAT_DOCUMENTED_GBPS} Gbps baseline is not the limit) and EFS at "
                 f"{a['efs_client_mib_per_s']:g} MiB/s per client (documented); container start, loading the "
                 f"model into memory and health checks come on top",
    }


def _usage_figures(u: Usage) -> dict:
    return {
        "service_hours": round(u.service_hours, 3), "task_hours": round(u.task_hours, 3),
        "task_starts": round(u.task_starts, 3), "database_hours": round(u.database_hours, 3),
        "nat_gateways": u.nat_count, "nat_processed_gb": round(u.nat_gb, 3),
        "on_demand_tasks": u.on_demand_tasks, "spot_tasks": u.spot_tasks,
        "extra_task_hour_usd": round(u.extra_rate, 5),
    }


def _assumptions(s: Settings, u: Usage, p: dict) -> list[str]:
    a = ASSUMPTIONS
    return [
        f"{HOURS_PER_MONTH:g} h a month; {WEEKS_PER_MONTH} weeks a month for schedules; prices of "
        f"{p['region']} on {p['date']} ({p['source']})",
        f"tasks = MinTasks ({u.tasks}); autoscaling above it (to MaxTasks {s.max_tasks}) is usage-driven and "
        f"not included: each extra task-hour costs {usd(u.extra_rate)}"
        f"{' (Spot)' if s.capacity != 'on-demand' else ''}",
        f"work-hours schedules: hours counted from the cron expressions in the schedule's time zone "
        f"(daylight-saving shifts ignored); a daily stop of a stopped resource changes nothing",
        f"task starts: {u.starts_per_task:g} per task a month ({'one per work day' if s.work_hours else 'deploys'}); "
        f"each pulls ~{u.image_gb:g} GB of images (Fargate keeps no image cache) and, without the model cache, "
        f"the model ({u.model_gb:g} GB); with the cache, the first download is a one-off and is not counted",
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
