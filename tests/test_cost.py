"""deploy-stack cost: the arithmetic on hand-computed cases, the cron model, every resource type and every
allowed instance class priced, the CLI (table, --json, --markdown, --params-file, bad input: exit 2, no
traceback, no AWS), and docs/cost.md generated from the current params."""
from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest

from deploy import aws, cli, cost, cron
from deploy.project import Project
from deploy.ui import Console
from tests.conftest import ROOT

PRICES = cost.load_prices()
# Fixed counts, so the hand computations below do not move when someone adds an alarm.
COUNTS = cost.TemplateCounts(types=frozenset(), alarms=8, dashboards=1, kms_keys=1, target_tracking_policies=2,
                             interface_endpoint_services=5, container_insights=True)
REFERENCE_LIKE = {  # the reference deployment's dev: 2 vCPU / 6 GB x86 on-demand, one task all month
    "TaskCpu": "2048", "TaskMemory": "6144", "CpuArchitecture": "X86_64", "MinTasks": "1",
    "CapacityMode": "on-demand", "WorkHoursSchedule": "false", "StopDatabaseOffHours": "false",
    "NatGatewayMode": "single", "AzCount": "2", "TaskPlacement": "private", "EnableModelCache": "false",
    "EnableInterfaceEndpoints": "false", "EnableSharedCache": "false", "DatabaseInstanceClass": "db.t4g.micro",
    "DatabaseMultiAz": "false", "DatabaseAllocatedStorage": "20", "LogRetentionDays": "30",
    "FlowLogRetentionDays": "30",
}


@pytest.fixture(scope="module")
def defaults(templates) -> dict[str, str]:
    return {k: cost.params._as_text(v["Default"]) for k, v in templates["parent"]["Parameters"].items()
            if "Default" in v}


@pytest.fixture
def priced(defaults):
    """estimate(**changes) on the reference-like case; returns {component key: cents} plus total."""
    def run(**changes):
        result = cost.estimate({**defaults, **REFERENCE_LIKE, **changes}, COUNTS, PRICES)
        amounts = {line.key: cost.cents(line.monthly) for line in result.lines}
        return SimpleNamespace(result=result, total=result.total, **amounts)
    return run


# ------------------------------------------------------------------------------------------- arithmetic

def test_reference_like_fargate_on_demand_one_task_all_month(priced):
    # 2 x 0.04048 x 730 + 6 x 0.004445 x 730 = 59.1008 + 19.4691 = 78.5699
    assert priced().fargate == 78.57


def test_spot_is_70_percent_below(priced):
    assert priced(CapacityMode="spot").fargate == 23.57  # 78.5699 x 0.3 = 23.57097


def test_arm64(priced):
    # 2 x 0.03238 x 730 + 6 x 0.00356 x 730 = 47.2748 + 15.5928 = 62.8676
    assert priced(CpuArchitecture="ARM64").fargate == 62.87


def test_spot_above_base(priced):
    # 1 on-demand + 2 Spot: 0.10763 x (1 + 2 x 0.3) x 730 = 125.71184
    assert priced(MinTasks="3", CapacityMode="spot-above-base", OnDemandBaseTasks="1").fargate == 125.71
    # base above the task count: all on-demand
    assert priced(MinTasks="2", CapacityMode="spot-above-base", OnDemandBaseTasks="5").fargate == 157.14


def test_work_hours_schedule_12h_5_days(priced):
    run = priced(WorkHoursSchedule="true")  # cron(0 7 ? * MON-FRI *) / cron(0 19 ? * MON-FRI *)
    assert run.result.usage["service_hours"] == 260.7  # 12 h x 5 days x 4.345 weeks
    assert run.fargate == 28.06  # 0.10763 x 260.7 = 28.0591
    assert run.result.usage["task_starts"] == 21.725  # one start per work day


def test_zero_tasks_cost_nothing_and_still_print(priced):
    run = priced(MinTasks="0")
    assert run.fargate == 0
    assert any(line.key == "fargate" and not line.enabled for line in run.result.lines)


def test_database_single_multi_az_and_off_hours(priced):
    assert priced(DatabaseInstanceClass="db.t4g.small").rds == 25.66  # 0.032 x 730 + 20 x 0.115
    assert priced(DatabaseInstanceClass="db.t4g.small", DatabaseMultiAz="true").rds == 51.32  # both doubled
    off_hours = priced(StopDatabaseOffHours="true")  # start 06:30 MON-FRI, stop 19:30 daily
    assert off_hours.result.usage["database_hours"] == 282.425  # 13 h x 5 x 4.345
    assert off_hours.rds == 6.82  # 0.016 x 282.425 + 2.30 = 6.8188


def test_nat_single_processing_of_pulls_and_logs(priced):
    # 4 deploys x (1.5 GB images + 2.0 GB model) + 1 GB logs = 15 GB; 730 x 0.045 + 15 x 0.045
    run = priced()
    assert run.result.usage["nat_processed_gb"] == 15
    assert run.nat == 33.53
    assert run.public_ipv4 == 10.95  # (2 ALB + 1 NAT) x 730 x 0.005


def test_nat_per_az_three_azs(priced):
    run = priced(NatGatewayMode="per-az", AzCount="3")
    assert run.nat == 99.23  # 3 x 730 x 0.045 + 15 x 0.045 = 99.225, half up
    assert run.public_ipv4 == 21.90  # (3 ALB + 3 NAT) x 730 x 0.005


def test_no_nat_public_tasks(priced):
    run = priced(NatGatewayMode="none", TaskPlacement="public")
    assert run.nat == 0
    assert any(line.key == "nat" and not line.enabled and "off" in line.detail for line in run.result.lines)
    assert run.public_ipv4 == 10.95  # (2 ALB x 730 + 1 task x 730) x 0.005
    scheduled = priced(NatGatewayMode="none", TaskPlacement="public", WorkHoursSchedule="true")
    assert scheduled.public_ipv4 == 8.60  # (2 x 730 + 260.7) x 0.005 = 8.6035


def test_model_cache_moves_the_model_from_nat_to_efs(priced):
    run = priced(EnableModelCache="true")
    assert run.efs == 0.84  # 2.0 GB x 0.30 + 4 starts x 2.0 GB x 0.03
    assert run.result.usage["nat_processed_gb"] == 7  # 6 GB images + 1 GB logs
    assert priced(OllamaModel="llama3.2:1b", EnableModelCache="true").efs == 0.55  # 1.3 x 0.3 + 5.2 x 0.03 = 0.546
    assert priced().efs == 0


def test_alb_elasticache_endpoints_logs_monitoring(priced):
    run = priced(EnableSharedCache="true", SharedCacheNodeType="cache.m7g.large", SharedCacheNodes="2",
                 EnableInterfaceEndpoints="true")
    assert run.alb == 19.35  # 730 x (0.0225 + 0.5 x 0.008) = 19.345, half up
    assert run.elasticache == 230.68  # 2 x 0.158 x 730
    assert run.interface_endpoints == 73.01  # 5 x 2 AZs x 730 x 0.01 + 1 GB logs x 0.01
    assert run.result.usage["nat_processed_gb"] == 14  # logs go through the endpoint, not the NAT
    # logs: ingest (1 app + 1 flow + 0.2 database) x 0.50 = 1.10; stored (1.2 x 30 + 1 x 30) / 30.4167 x 0.03
    assert run.logs == 1.17
    assert run.alarms == 4.20  # (8 + 2 policies x 2) x 0.10 + 1 dashboard x 3
    assert run.kms == 1.00
    assert run.container_insights == 10.56  # 35 x 0.30 + 0.12 GB x 0.50


def test_total_is_the_sum_rounded_at_the_end(priced):
    run = priced(WorkHoursSchedule="true", CapacityMode="spot")
    assert run.total == cost.cents(sum(line.monthly for line in run.result.lines))
    assert set(line.key for line in run.result.lines) == set(cost.COMPONENTS)


def test_cents_rounds_half_up_without_float_noise():
    assert round(730 * (0.0225 + 0.5 * 0.008), 2) == 19.34  # the float noise cents() removes
    assert cost.cents(730 * (0.0225 + 0.5 * 0.008)) == 19.35
    assert cost.cents(0.005) == 0.01
    assert cost.cents(2.344999) == 2.34


def test_unknown_model_and_unpriced_class_are_errors(priced):
    with pytest.raises(cost.EstimateError, match="OllamaModel: 'mistral:7b' has no size"):
        priced(OllamaModel="mistral:7b")
    assert priced(OllamaModel="mistral:7b", EnableLocalModel="false").efs == 0  # no local model, no size needed
    with pytest.raises(cost.EstimateError, match="DatabaseInstanceClass: 'db.x9.huge' has no price"):
        priced(DatabaseInstanceClass="db.x9.huge")


# ------------------------------------------------------------------------------------------- cron model

@pytest.mark.parametrize("on,off,hours,starts", [
    ("cron(0 7 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", 60, 5),
    ("cron(30 6 ? * MON-FRI *)", "cron(30 19 * * ? *)", 65, 5),       # daily stop, weekday start
    ("cron(0 8 * * ? *)", "cron(0 18 * * ? *)", 70, 7),
    ("cron(0 7 ? * MON,WED,FRI *)", "cron(0 19 ? * 2-6 *)", 36, 3),   # numbers: 2 = MON ... 6 = FRI
    ("cron(0 22 ? * MON-FRI *)", "cron(0 6 ? * TUE-SAT *)", 40, 5),   # overnight
    ("cron(0 20 ? * SUN *)", "cron(0 4 ? * MON *)", 8, 1),            # across the week boundary
    ("cron(0 9-11 ? * MON *)", "cron(0 17 ? * MON *)", 8, 1),         # repeated starts change nothing
])
def test_weekly_hours(on, off, hours, starts):
    assert cron.weekly_on_hours(on, off) == (hours, starts)


@pytest.mark.parametrize("expr,message", [
    ("cron(0/15 7 ? * MON-FRI *)", "minutes '0/15' is not a number"),
    ("cron(0 7 1 * ? *)", "day-of-month '1'"),
    ("cron(0 7 ? JAN MON-FRI *)", "month 'JAN'"),
    ("cron(0 7 ? * MON-FRI 2027)", "year '2027'"),
    ("cron(0 7 ? * MON-FRI)", "5 fields"),
    ("cron(0 24 ? * MON-FRI *)", "outside 0-23"),
    ("cron(0 7 ? * FRI-MON *)", "wraps around the week"),
    ("cron(0 7 ? * MON#2 *)", "day-of-week"),
    ("cron(0 7 ? * L *)", "day-of-week"),
    ("rate(1 day)", "cron(...)"),
])
def test_cron_the_estimate_cannot_model(expr, message):
    with pytest.raises(cron.CronError, match=message.replace("(", r"\(").replace(")", r"\)")):
        cron.cron_minutes(expr)


def test_on_and_off_at_the_same_minute():
    with pytest.raises(cron.CronError, match="both fire on Monday at 07:00") as err:
        cron.weekly_on_hours("cron(0 7 ? * MON *)", "cron(0 7 * * ? *)", ("ScaleUpCron", "ScaleDownCron"))
    assert err.value.key == "ScaleUpCron/ScaleDownCron"


# ------------------------------------------------------------------------------------------- coverage

def test_every_resource_type_in_the_templates_is_priced_or_free(templates):
    types = {r["Type"] for t in templates.values() for r in (t.get("Resources") or {}).values()}
    missing = cost.unpriced_types(types)
    assert not missing, (f"resource types with neither a component in PRICED_TYPES nor a reason in FREE_TYPES "
                         f"(deploy/cost/): {', '.join(missing)}")
    assert cost.unpriced_types(types | {"AWS::New::Thing"}) == ["AWS::New::Thing"]


def test_price_map_is_consistent():
    assert not set(cost.PRICED_TYPES) & set(cost.FREE_TYPES)
    assert len(cost.PRICED_TYPES) == sum(len(c.types) for c in cost.TABLE), "a type priced by two components"
    assert len(cost.COMPONENTS) == len(cost.TABLE), "two components with one key"
    assert set(cost.PRICED_TYPES.values()) <= set(cost.COMPONENTS)
    assert all(reason.strip() for reason in cost.FREE_TYPES.values())


def test_every_allowed_value_has_a_price(templates):
    parameters = templates["parent"]["Parameters"]
    for key, table in (("DatabaseInstanceClass", PRICES["rds_postgresql_single_az_hour"]),
                       ("SharedCacheNodeType", PRICES["elasticache_node_hour"]),
                       ("CpuArchitecture", PRICES["fargate"])):
        missing = [v for v in parameters[key]["AllowedValues"] if v not in table]
        assert not missing, f"{key}: no price in deploy/prices.json for {', '.join(missing)}"
    assert parameters["OllamaModel"]["Default"] in cost.MODEL_SIZES_GB


def test_price_table_says_where_it_comes_from():
    assert (PRICES["region"], PRICES["date"]) == ("us-east-1", "2026-11-29")
    assert PRICES["source"].startswith("AWS public price lists (on-demand, Linux)")
    assert "Spot is an estimate" in PRICES["source"]


def test_counts_from_the_templates(templates):
    counts = cost.template_counts(templates)
    assert counts.interface_endpoint_services == 5  # ecr.api, ecr.dkr, logs, ssm, kms (S3 is a gateway)
    assert (counts.dashboards, counts.kms_keys, counts.container_insights) == (1, 1, True)
    assert counts.alarms >= 1 and counts.target_tracking_policies >= 1


# ------------------------------------------------------------------------------------------- CLI

@pytest.fixture
def no_aws(monkeypatch):
    def refuse(profile, region):
        pytest.fail("deploy-stack cost made an AWS session")
    monkeypatch.setattr(aws, "make_session", refuse)


def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    console = Console(out=out, err=err, stdin=io.StringIO(""), interactive=False, live=False)
    code = cli.main(["--project-dir", str(ROOT), "cost", *argv], console=console)
    return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())


def test_cli_table_names_every_component_and_a_total(no_aws):
    run = run_cli("--env", "dev")
    assert run.code == 0, run.err
    for name in cost.COMPONENTS.values():
        assert name in run.out
    assert "Total" in run.out and "Assumptions:" in run.out and "us-east-1" in run.out
    assert "Cold start of one task (estimate)" in run.out


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_cli_json(no_aws, env):
    target = [] if env == "dev" else ["--param", "AlarmEmail=alarms@example.com"]  # required for staging, prod
    run = run_cli("--env", env, "--json", *target)
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert [c["key"] for c in doc["components"]] == list(cost.COMPONENTS)
    assert doc["total"] > 0 and doc["prices"]["region"] == "us-east-1"
    assert abs(doc["total"] - sum(c["monthly"] for c in doc["components"])) <= 0.01 * len(doc["components"])


def test_cli_markdown_and_overrides(no_aws):
    run = run_cli("--env", "dev", "--markdown", "--param", "CapacityMode=on-demand",
                  "--param", "WorkHoursSchedule=false")
    assert run.code == 0, run.err
    assert run.out.startswith("| component | USD / month | detail |")
    assert "| Fargate tasks | 78.57 |" in run.out


def test_cli_params_file(no_aws, tmp_path):
    pairs = json.loads((ROOT / "params" / "dev.json").read_text())
    for pair in pairs:
        if pair["ParameterKey"] == "MinTasks":
            pair["ParameterValue"] = "0"
    path = tmp_path / "scratch.json"
    path.write_text(json.dumps(pairs))
    run = run_cli("--env", "dev", "--params-file", str(path), "--json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert str(path) in doc["estimate"]
    assert doc["components"][0]["monthly"] == 0 and doc["usage"]["task_hours"] == 0


@pytest.mark.parametrize("argv,expected", [
    (["--param", "TaskCPU=2048"], "--param: TaskCPU: unknown parameter (not in dist/parent.yaml); "
                                  "did you mean TaskCpu?"),
    (["--param", "CapacityMode=cheap"], "--param: CapacityMode: 'cheap' is not one of on-demand, spot, "
                                        "spot-above-base"),
    (["--param", "ScaleUpCron=cron(0/15 7 ? * MON-FRI *)"],
     "--param: ScaleUpCron: cron(0/15 7 ? * MON-FRI *) cannot be modelled by the cost estimate: minutes '0/15' "
     "is not a number, list or range; the estimate models"),
    (["--param", "DatabaseStopCron=cron(30 19 1 * ? *)"],
     "--param: DatabaseStopCron: cron(30 19 1 * ? *) cannot be modelled by the cost estimate: day-of-month '1'"),
    (["--param", "NatGatewayMode=none"], "rule TasksNeedAWayOut in dist/parent.yaml: NatGatewayMode none leaves "
                                         "the private subnets without internet access"),
    (["--params-file", "/nonexistent/x.json"], "/nonexistent/x.json: not found"),
    (["--json", "--markdown"], "not allowed with argument"),
])
def test_cli_bad_input_exit_2_without_traceback(no_aws, argv, expected):
    run = run_cli("--env", "dev", *argv)
    assert run.code == 2, (run.out, run.err)
    assert expected in run.err
    assert "Traceback" not in run.err + run.out and run.out == ""


def test_cli_bad_cron_is_ignored_when_its_schedule_is_off(no_aws):
    run = run_cli("--env", "staging", "--param", "ScaleUpCron=cron(0 7 L * ? *)",  # staging: schedule off
                  "--param", "AlarmEmail=alarms@example.com")
    assert run.code == 0, run.err


def test_cli_other_region_is_noted(no_aws):
    run = run_cli("--env", "dev", "--region", "eu-west-1")
    assert run.code == 0 and "price table is us-east-1's" in run.err


# ------------------------------------------------------------------------------------------- docs

# build.py writes and checks docs/cost.md with the other generated docs (tests/test_build.py,
# tests/test_docs_generated.py); here: the document from dist/ on disk is the one from a fresh render.
def test_docs_cost_md_from_dist_on_disk_equals_the_one_build_writes(templates):
    assert cost.markdown_document(Project(ROOT)) == cost.markdown_document(Project(ROOT), templates)


def test_python_m_deploy_cost_writes_the_document(tmp_path, templates):
    for folder in ("params", "dist"):
        (tmp_path / folder).mkdir()
        for path in (ROOT / folder).glob("*.*"):
            (tmp_path / folder / path.name).write_bytes(path.read_bytes())
    assert cost.main(["--project-dir", str(tmp_path)]) == 0
    assert (tmp_path / cost.DOC_PATH).read_text() == cost.markdown_document(Project(ROOT), templates)


def test_docs_cost_md_commands_parse():
    text = (ROOT / cost.DOC_PATH).read_text()
    commands = [line.split("deploy-stack ", 1)[1].split() for line in text.splitlines()
                if line.startswith(".venv/bin/deploy-stack ")]
    assert commands
    for argv in commands:
        cli.build_parser().parse_args(argv)
