"""The alarms and event rules of the service stack, evaluated the way CloudWatch and EventBridge would.

Each alarm of the rendered service template (resolved for given parameters) runs through
tests/cloudwatch_alarms.py on synthetic series: a quiet gateway, a busy one, an outage with little traffic, no
registered target (stuck model pull), a scheduled zero, a morning scale-up. The faulty alarms this project used
to have are kept here as FAULTY_* to show that the new scenarios are the ones they missed.
"""
from __future__ import annotations

import pytest

from deploy.evaluator import Evaluator, failed_rules
from templates import service_monitoring
from tests import cloudwatch_alarms as cw
from tests.test_service import WIRED

PERIODS = 12  # one hour of 5-minute periods
GIB = 1024 ** 3


def resolved(templates, **params) -> dict[str, dict]:
    ev = Evaluator(templates["service"], WIRED | {"AlarmEmail": "ops@example.com"} | params)
    return {k: v for k, v in ev.resources().items() if v["Type"] in ("AWS::CloudWatch::Alarm", "AWS::Events::Rule",
                                                                      "AWS::SNS::TopicPolicy", "AWS::SNS::Topic")}


def alarms(templates, **params) -> dict[str, dict]:
    return {k: v["Properties"] for k, v in resolved(templates, **params).items() if v["Type"] == "AWS::CloudWatch::Alarm"}


def constant(value, periods=PERIODS):
    return [value] * periods


def background(**overrides) -> dict[str, list]:
    """A healthy service with MinTasks 1 and nobody calling it (the ALB reports no request metrics then)."""
    metrics = {
        "DesiredTaskCount": constant(1), "RunningTaskCount": constant(1), "HealthyHostCount": constant(1),
        "UnHealthyHostCount": constant(0), "CPUUtilization": constant(5), "MemoryUtilization": constant(55),
        "FreeStorageSpace": constant(15 * GIB), "DatabaseConnections": constant(12),
        "CPUSurplusCreditBalance": constant(0),
    }
    return metrics | overrides


QUIET = background()
BUSY_FEW_ERRORS = background(RequestCount=constant(600), HTTPCode_Target_5XX_Count=constant(3),
                             HTTPCode_ELB_5XX_Count=constant(1), TargetResponseTime=constant(4))
# Every request answered 500 by LiteLLM (e.g. the database password is wrong), one or two requests a minute.
LOW_TRAFFIC_OUTAGE = background(RequestCount=constant(6), HTTPCode_Target_5XX_Count=constant(6))
# Tasks start and die before registering (a stuck model pull, a crash loop): no target, so no HealthyHostCount
# and no UnHealthyHostCount at all; callers get 503 from the load balancer, which RequestCount leaves out.
NO_REGISTERED_TARGET = background(RunningTaskCount=constant(0), HealthyHostCount=[], UnHealthyHostCount=[],
                                  HTTPCode_ELB_5XX_Count=constant(6))
# WorkHoursSchedule's zero hours: desired 0, nothing runs, a late caller gets a few 503s.
SCHEDULED_ZERO = background(DesiredTaskCount=constant(0), RunningTaskCount=constant(0), HealthyHostCount=[],
                            UnHealthyHostCount=[], CPUUtilization=[], MemoryUtilization=[],
                            HTTPCode_ELB_5XX_Count=constant(8))
# 07:00: desired back to 1, the first model pull takes 20 minutes, then the task is healthy.
MORNING_SCALE_UP = background(RunningTaskCount=[0] + [1] * 11, HealthyHostCount=[None] * 4 + [1] * 8,
                              UnHealthyHostCount=[None, None, 1, 1] + [0] * 8)

# The alarms as they were before issue 13 (resolved form), to show the scenarios that they missed.
FAULTY_5XX = {"MetricName": "HTTPCode_Target_5XX_Count", "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 3,
              "DatapointsToAlarm": 3, "Threshold": 10, "ComparisonOperator": "GreaterThanThreshold",
              "TreatMissingData": "notBreaching"}
FAULTY_ELB_5XX = FAULTY_5XX | {"MetricName": "HTTPCode_ELB_5XX_Count"}
FAULTY_UNHEALTHY = FAULTY_5XX | {"MetricName": "UnHealthyHostCount", "Statistic": "Maximum", "Threshold": 0}


def firing(templates, metrics, **params) -> set[str]:
    return {name for name, alarm in alarms(templates, **params).items() if cw.fires(alarm, metrics, PERIODS)}


# --------------------------------------------------------------------------------------------- scenarios

def test_a_quiet_gateway_raises_no_alarm(templates):
    assert firing(templates, QUIET) == set()


def test_a_busy_gateway_with_a_few_errors_raises_no_alarm(templates):
    assert firing(templates, BUSY_FEW_ERRORS) == set()


def test_a_low_traffic_outage_alarms_on_the_error_rate(templates):
    assert firing(templates, LOW_TRAFFIC_OUTAGE) == {"ErrorRateAlarm"}
    assert not cw.fires(FAULTY_5XX, LOW_TRAFFIC_OUTAGE, PERIODS), "the old count alarm never saw this outage"


def test_a_busy_gateway_failing_a_third_of_requests_alarms(templates):
    failing = BUSY_FEW_ERRORS | {"HTTPCode_Target_5XX_Count": constant(200)}
    assert firing(templates, failing) == {"ErrorRateAlarm"}


def test_no_registered_target_alarms(templates):
    assert firing(templates, NO_REGISTERED_TARGET) == {"NoHealthyTargetAlarm", "TasksBelowMinimumAlarm",
                                                        "ErrorRateAlarm"}
    assert not cw.fires(FAULTY_UNHEALTHY, NO_REGISTERED_TARGET, PERIODS), "UnHealthyHostCount is absent, not > 0"
    assert not cw.fires(FAULTY_ELB_5XX, NO_REGISTERED_TARGET, PERIODS)


def test_no_healthy_target_alone_alarms_after_half_an_hour(templates):
    """Tasks run but never pass the health check (the model never loads): only the new alarm notices."""
    never_ready = background(HealthyHostCount=constant(0), UnHealthyHostCount=constant(0))
    alarm = alarms(templates)["NoHealthyTargetAlarm"]
    timeline = cw.states(alarm, never_ready, PERIODS)
    assert timeline.index("ALARM") == 0 and len(timeline) == PERIODS - service_monitoring.NO_HEALTHY_PERIODS + 1
    assert firing(templates, never_ready) == {"NoHealthyTargetAlarm"}


@pytest.mark.parametrize("schedule", ["true", "false"])
def test_scheduled_zero_hours_are_quiet(templates, schedule):
    assert firing(templates, SCHEDULED_ZERO, WorkHoursSchedule=schedule) == set()


def test_a_morning_scale_up_with_a_slow_model_pull_is_quiet(templates):
    assert firing(templates, MORNING_SCALE_UP) == set()


@pytest.mark.parametrize("running, expected", [(1, {"TasksBelowMinimumAlarm"}), (2, set()), (3, set())])
def test_running_tasks_are_compared_with_min_tasks(templates, running, expected):
    metrics = background(DesiredTaskCount=constant(2), RunningTaskCount=constant(running),
                         HealthyHostCount=constant(running))
    assert firing(templates, metrics, MinTasks="2", MaxTasks="3") == expected


def test_min_tasks_zero_never_alarms_on_task_count(templates):
    metrics = background(DesiredTaskCount=constant(0), RunningTaskCount=constant(0), HealthyHostCount=[])
    assert firing(templates, metrics, MinTasks="0") == set()


@pytest.mark.parametrize("instance_class, quiet, busy", [("db.t4g.micro", 60, 100), ("db.m7g.large", 600, 700)])
def test_database_connections_alarm_scales_with_the_class(templates, instance_class, quiet, busy):
    alarm = alarms(templates, DatabaseInstanceClass=instance_class)["DatabaseConnectionsAlarm"]
    assert not cw.fires(alarm, background(DatabaseConnections=constant(quiet)), PERIODS)
    assert cw.fires(alarm, background(DatabaseConnections=constant(busy)), PERIODS)


def test_connection_thresholds_stay_below_postgres_defaults():
    for cls, threshold in service_monitoring.connection_thresholds().items():
        default_max = service_monitoring.DATABASE_MEMORY_GIB[cls] * GIB / 9531392
        assert 0.5 * default_max < threshold < 0.8 * default_max, cls


def test_cpu_credit_alarm_only_on_burstable_classes(templates):
    assert "DatabaseCpuCreditsAlarm" in alarms(templates, DatabaseInstanceClass="db.t4g.small")
    assert "DatabaseCpuCreditsAlarm" not in alarms(templates, DatabaseInstanceClass="db.m7g.large")
    alarm = alarms(templates)["DatabaseCpuCreditsAlarm"]
    assert cw.fires(alarm, background(CPUSurplusCreditBalance=[0, 10, 25, 40, 60, 80, 100, 120, 140, 160, 180, 200]),
                    PERIODS)
    assert not cw.fires(alarm, background(CPUSurplusCreditBalance=[0, 5, 12, 3, 0, 0, 0, 0, 0, 0, 0, 0]), PERIODS)


# --------------------------------------------------------------------------------------------- notifications

def test_no_alarm_sends_ok_notifications(templates):
    """OK actions mail every alarm's INSUFFICIENT_DATA -> OK after each create; recoveries come by rule."""
    found = alarms(templates)
    assert len(found) >= 10
    assert all("OKActions" not in a and "InsufficientDataActions" not in a for a in found.values())


@pytest.mark.parametrize("topic_arn, expected", [("", "AlarmTopic"),
                                                 ("arn:aws:sns:us-east-1:123456789012:oncall", "arn:aws:sns:us-east-1:123456789012:oncall")])
def test_alarms_and_rules_go_to_one_target(templates, topic_arn, expected):
    found = resolved(templates, AlarmTopicArn=topic_arn, AlarmEmail="" if topic_arn else "ops@example.com")
    for name, resource in found.items():
        if resource["Type"] == "AWS::CloudWatch::Alarm":
            assert resource["Properties"]["AlarmActions"] == [expected], name
        if resource["Type"] == "AWS::Events::Rule":
            assert [t["Arn"] for t in resource["Properties"]["Targets"]] == [expected], name
    assert ("AlarmTopic" in found) is (topic_arn == "")


def test_topic_policy_lets_alarms_and_eventbridge_publish(templates):
    policy = resolved(templates)["AlarmTopicPolicy"]["Properties"]["PolicyDocument"]
    principals = {s["Principal"]["Service"] for s in policy["Statement"] if s["Action"] == ["sns:Publish"]}
    assert principals == {"cloudwatch.amazonaws.com", "events.amazonaws.com"}
    assert all(s["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}} for s in policy["Statement"])


def test_the_topic_key_lets_eventbridge_encrypt(templates):
    """An encrypted topic takes EventBridge's messages only if the key policy lets events.amazonaws.com use it."""
    statements = templates["data"]["Resources"]["Key"]["Properties"]["KeyPolicy"]["Statement"]
    topic_statement = next(s for s in statements if s["Sid"] == "CloudWatchAlarmsPublishToEncryptedTopic")
    assert set(topic_statement["Principal"]["Service"]) == {"cloudwatch.amazonaws.com", "events.amazonaws.com"}
    assert {"kms:GenerateDataKey", "kms:Decrypt"} <= set(topic_statement["Action"])


def rule_failures(templates, **params) -> list[str]:
    """The parent's Rules that refuse these values (the one evaluator's rule semantics)."""
    parent = templates["parent"]
    values = {k: str(v.get("Default", "x")) for k, v in parent["Parameters"].items()} | params
    return [f"{name}: {description}" for name, description, _reads in failed_rules(parent, values)]


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_staging_and_prod_need_a_notification_target(templates, env):
    assert any("must reach someone" in f for f in rule_failures(templates, EnvironmentName=env, AlarmEmail=""))
    assert rule_failures(templates, EnvironmentName=env, AlarmEmail="ops@example.com", NatGatewayMode="single") == []
    assert rule_failures(templates, EnvironmentName=env, AlarmTopicArn="arn:aws:sns:eu-west-1:123456789012:oncall",
                         NatGatewayMode="single") == []


def test_dev_may_run_without_a_notification_target(templates):
    assert rule_failures(templates, EnvironmentName="dev", AlarmEmail="", NatGatewayMode="single") == []


def test_email_and_topic_together_are_refused(templates):
    failures = rule_failures(templates, EnvironmentName="prod", AlarmEmail="ops@example.com", NatGatewayMode="single",
                             AlarmTopicArn="arn:aws:sns:eu-west-1:123456789012:oncall")
    assert any("not both" in f for f in failures)


# --------------------------------------------------------------------------------------------- event rules

def matches(pattern, event) -> bool:
    """EventBridge matching, the subset the rules use: exact values in lists, {"prefix": ...}, nested objects,
    "$or" of sub-patterns; a pattern field absent from the event does not match."""
    for key, expected in pattern.items():
        if key == "$or":
            if not any(matches(option, event) for option in expected):
                return False
            continue
        if key not in event:
            return False
        actual = event[key]
        if isinstance(expected, dict):
            if not isinstance(actual, dict) or not matches(expected, actual):
                return False
            continue
        values = actual if isinstance(actual, list) else [actual]
        if not any(_value_matches(option, value) for option in expected for value in values):
            return False
    return True


def _value_matches(option, value) -> bool:
    if isinstance(option, dict) and set(option) == {"prefix"}:
        return isinstance(value, str) and value.startswith(option["prefix"])
    return option == value


CLUSTER, SERVICE = "Cluster.Arn", "Service"
ALARM_ARN = "NoHealthyTargetAlarm.Arn"


def task_event(**detail):
    return {"source": "aws.ecs", "detail-type": "ECS Task State Change", "resources": ["arn:task"],
            "detail": {"clusterArn": CLUSTER} | detail}


SAMPLE_EVENTS = {
    "spot warning": (task_event(lastStatus="RUNNING", desiredStatus="STOPPED", stopCode="SpotInterruption",
                                stoppedReason="Your Spot Task was interrupted."), "SpotInterruptionRule"),
    "spot task finally stopped": (task_event(lastStatus="STOPPED", desiredStatus="STOPPED",
                                             stopCode="SpotInterruption"), None),
    "scale-in stop": (task_event(lastStatus="RUNNING", desiredStatus="STOPPED", stopCode="ServiceSchedulerInitiated",
                                 stoppedReason="Scaling activity initiated by deployment"), None),
    "health check failure": (task_event(lastStatus="STOPPED", desiredStatus="STOPPED", stopCode="TaskFailedToStart",
                                        stoppedReason="Task failed container health checks"), "ModelNeverReadyRule"),
    "another cluster's health failure": ({**task_event(lastStatus="STOPPED", stoppedReason="Task failed container "
                                          "health checks"), "detail": {"clusterArn": "other", "lastStatus": "STOPPED",
                                          "stoppedReason": "Task failed container health checks"}}, None),
    "start impaired": ({"source": "aws.ecs", "detail-type": "ECS Service Action", "resources": [SERVICE],
                        "detail": {"clusterArn": CLUSTER, "eventName": "SERVICE_TASK_START_IMPAIRED"}},
                       "ModelNeverReadyRule"),
    "deployment failed": ({"source": "aws.ecs", "detail-type": "ECS Deployment State Change", "resources": [SERVICE],
                           "detail": {"eventName": "SERVICE_DEPLOYMENT_FAILED", "reason": "ECS deployment circuit "
                                      "breaker: tasks failed to start. Rolling back"}}, "DeploymentFailedRule"),
    "deployment completed": ({"source": "aws.ecs", "detail-type": "ECS Deployment State Change",
                              "resources": [SERVICE], "detail": {"eventName": "SERVICE_DEPLOYMENT_COMPLETED"}}, None),
    "alarm recovered": ({"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
                         "resources": [ALARM_ARN], "detail": {"previousState": {"value": "ALARM"},
                                                              "state": {"value": "OK"}}}, "AlarmRecoveredRule"),
    "new alarm settles": ({"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
                           "resources": [ALARM_ARN], "detail": {"previousState": {"value": "INSUFFICIENT_DATA"},
                                                                "state": {"value": "OK"}}}, None),
    "someone else's alarm recovered": ({"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
                                        "resources": ["arn:other-alarm"], "detail": {"previousState": {"value": "ALARM"},
                                                                                    "state": {"value": "OK"}}}, None),
}


@pytest.mark.parametrize("sample", list(SAMPLE_EVENTS))
def test_event_rules_match_what_they_should(templates, sample):
    event, expected_rule = SAMPLE_EVENTS[sample]
    rules = {k: v["Properties"] for k, v in resolved(templates).items() if v["Type"] == "AWS::Events::Rule"}
    assert set(rules) == set(service_monitoring.RULE_DESCRIPTIONS)
    matched = {name for name, rule in rules.items() if matches(rule["EventPattern"], event)}
    assert matched == ({expected_rule} if expected_rule else set())


def test_recovery_rule_lists_every_alarm(templates):
    found = resolved(templates)
    names = {k for k, v in found.items() if v["Type"] == "AWS::CloudWatch::Alarm"
             and "Condition" not in templates["service"]["Resources"][k]}
    listed = found["AlarmRecoveredRule"]["Properties"]["EventPattern"]["resources"]
    assert sorted(listed) == sorted(f"{n}.Arn" for n in names)


# --------------------------------------------------------------------------------------------- the evaluator

def test_evaluator_m_out_of_n_and_missing_data():
    base = {"MetricName": "x", "EvaluationPeriods": 3, "DatapointsToAlarm": 2, "Threshold": 1,
            "ComparisonOperator": "GreaterThanThreshold"}
    assert cw.states(base | {"TreatMissingData": "notBreaching"}, {"x": [2, 0, 2]}, 3) == ["ALARM"]
    assert cw.states(base | {"TreatMissingData": "notBreaching"}, {"x": [2, None, None]}, 3) == ["OK"]
    assert cw.states(base | {"TreatMissingData": "breaching"}, {"x": [2, None, None]}, 3) == ["ALARM"]
    assert cw.states(base | {"TreatMissingData": "missing"}, {"x": []}, 3) == ["INSUFFICIENT_DATA"]
    # ignore: an all-missing window keeps the state it had (here OK after the one breach left the window)
    assert cw.states(base | {"TreatMissingData": "ignore"}, {"x": [2, 2, 2, None, None, None, 2, 2]}, 8) == [
        "ALARM", "ALARM", "OK", "OK", "OK", "ALARM"]


def test_evaluator_metric_math():
    series = {"a": [1, None, 4, 0], "b": [2, 2, None, 0]}
    assert cw.evaluate_expression("a + b", series, 4) == [3, None, None, 0]
    assert cw.evaluate_expression("FILL(a, 0) + FILL(b, 0)", series, 4) == [3, 2, 4, 0]
    assert cw.evaluate_expression("100 * a / b", series, 4) == [50, None, None, None]
    assert cw.evaluate_expression("IF(FILL(b, 0) > 1 AND FILL(a, 0) < 2, 1, 0)", series, 4) == [1, 1, 0, 0]
    assert cw.evaluate_expression("IF(a >= 1 || b == 0, 1, 0)", series, 4) == [1, None, None, 1]
    with pytest.raises(ValueError):
        cw.evaluate_expression("RATE(a)", series, 4)
