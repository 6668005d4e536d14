"""The quantities several components share, worked out once from the settings: hours the service and the
database run, task starts, the on-demand/Spot split, what the tasks pull and where it goes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from deploy.cost.catalog import ASSUMPTIONS, HOURS_PER_MONTH, MODEL_SIZES_GB, WEEKS_PER_MONTH
from deploy.cost.inputs import Settings
from deploy.cost.units import EstimateError, price_of
from deploy.cron import weekly_on_hours


@dataclass(frozen=True)
class Usage:
    tasks: int
    service_hours: float
    starts_per_task: float
    schedule: str
    task_hours: float
    task_starts: float
    database_hours: float
    database_schedule: str
    on_demand_rate: float   # USD per task-hour
    spot_rate: float
    on_demand_tasks: int
    spot_tasks: int
    extra_rate: float       # what one more task-hour costs at this capacity mode
    model_gb: float
    image_gb: float         # images pulled by one task start
    images: list[str]
    images_private: bool    # every image comes from ECR through the interface endpoints
    image_pull_gb: float
    model_pull_gb: float
    app_logs_gb: float
    nat_count: int
    private_tasks: bool
    nat_images: float       # GB the NAT gateways process, by cause
    nat_model: float
    nat_logs: float

    @property
    def nat_gb(self) -> float:
        return self.nat_images + self.nat_model + self.nat_logs


def registry(image: str) -> str:
    first = image.split("/", 1)[0]
    return first if ("." in first or ":" in first) and "/" in image else "docker.io"


def _is_ecr(image: str) -> bool:
    return re.match(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$", registry(image)) is not None


def derive(s: Settings, p: dict) -> Usage:
    """Raises CronError for a schedule it cannot model, EstimateError for a value without a price or size."""
    a = ASSUMPTIONS
    hours = HOURS_PER_MONTH
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

    if s.stop_database:
        week_hours, _ = weekly_on_hours(s.database_start_cron, s.database_stop_cron,
                                        ("DatabaseStartCron", "DatabaseStopCron"))
        database_hours = week_hours * WEEKS_PER_MONTH
        database_schedule = f"stopped off hours: {week_hours:g} h/week x {WEEKS_PER_MONTH} weeks"
    else:
        database_hours, database_schedule = hours, "all month"

    rates = price_of(p["fargate"], s.architecture, "CpuArchitecture", "fargate")
    on_demand_rate = s.vcpu * rates["vcpu_hour"] + s.memory_gb * rates["gb_hour"]
    spot_rate = on_demand_rate * (1 - p["fargate"]["spot_discount"])
    if s.capacity == "on-demand":
        on_demand_tasks = tasks
    elif s.capacity == "spot":
        on_demand_tasks = 0
    else:
        on_demand_tasks = min(s.on_demand_base, tasks)

    model_gb = 0.0
    if s.local_model:
        if s.ollama_model not in MODEL_SIZES_GB:
            raise EstimateError(f"OllamaModel: {s.ollama_model!r} has no size known to the estimate (known: "
                                f"{', '.join(MODEL_SIZES_GB)}); add it to MODEL_SIZES_GB in deploy/cost/catalog.py")
        model_gb = MODEL_SIZES_GB[s.ollama_model]
    image_gb = a["image_gb_per_start"] if s.local_model else a["litellm_image_gb"]
    images = [s.litellm_image] + ([s.ollama_image] if s.local_model else [])
    task_hours = tasks * service_hours
    task_starts = tasks * starts_per_task
    image_pull_gb = image_gb * task_starts
    model_pull_gb = 0.0 if s.model_cache else model_gb * task_starts
    app_logs_gb = a["app_logs_gb_per_task_month"] * task_hours / hours
    nat_count = {"single": 1, "per-az": s.az_count, "none": 0}[s.nat_mode]
    private_tasks = s.placement == "private"
    images_private = s.interface_endpoints and all(_is_ecr(i) for i in images)
    return Usage(
        tasks=tasks, service_hours=service_hours, starts_per_task=starts_per_task, schedule=schedule,
        task_hours=task_hours, task_starts=task_starts, database_hours=database_hours,
        database_schedule=database_schedule, on_demand_rate=on_demand_rate, spot_rate=spot_rate,
        on_demand_tasks=on_demand_tasks, spot_tasks=tasks - on_demand_tasks,
        extra_rate=spot_rate if s.capacity != "on-demand" else on_demand_rate,
        model_gb=model_gb, image_gb=image_gb, images=images, images_private=images_private,
        image_pull_gb=image_pull_gb, model_pull_gb=model_pull_gb, app_logs_gb=app_logs_gb, nat_count=nat_count,
        private_tasks=private_tasks,
        nat_images=image_pull_gb if private_tasks and nat_count and not images_private else 0.0,
        nat_model=model_pull_gb if private_tasks and nat_count else 0.0,
        nat_logs=app_logs_gb if private_tasks and nat_count and not s.interface_endpoints else 0.0,
    )
