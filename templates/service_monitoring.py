"""Alarms, their notification target, EventBridge rules to it, and a small dashboard for the service stack.

Every alarm says in its description what to do; DEPLOYMENT.md repeats the runbook. How the alarms behave is
tested in tests/test_alarms.py by evaluating them (metric math, M out of N, missing data) on synthetic series.

Design choices (the why):
- Who hears the alarms: the stack's own topic with an email subscription (AlarmEmail), or an existing topic
  (AlarmTopicArn). The parent's rule `AlarmsReachSomeone` requires one of them for staging and prod.
- No AlarmName: CloudFormation names them `<stack>-<LogicalId>-<suffix>`, so a change that needs a
  replacement can replace them (a fixed name cannot be replaced in place).
- No OKActions: every new alarm goes INSUFFICIENT_DATA -> OK after a create, and OK actions would mail each
  one. Recoveries are sent by an EventBridge rule that matches only ALARM -> OK transitions of these alarms.
- "Nobody is serving" alarms read the service's desired count (Container Insights): it is 0 during the
  scheduled zero hours (WorkHoursSchedule) and when MinTasks is 0, so those hours stay quiet without a
  second schedule to keep in step.
- Errors alarm on a rate with a minimum request count, so a quiet gateway stays quiet and a low-traffic
  gateway that answers everything with 5xx alarms. The load balancer's RequestCount leaves out requests it
  rejects before choosing a target (e.g. 503 with no registered target), so those 5xx are added to it.
"""
import json

from awacs import sns as awssns
from awacs.aws import Allow, Condition as PolicyCondition, PolicyDocument, Principal, Statement, StringEquals
from troposphere import (
    AccountId, Equals, FindInMap, GetAtt, If, Not, NoValue, Or, Parameter, Ref, Select, Split, Sub, Template,
)
from troposphere import cloudwatch, events, sns

from templates import data, service_scaling
from templates.common import ENVIRONMENT_NAME, tags

ALARM_TOPIC = "AlarmTopic"
ALARM_EMAIL = "AlarmEmail"
ALARM_TOPIC_ARN = "AlarmTopicArn"
EXISTING_TOPIC = "ExistingAlarmTopic"
BURSTABLE_DATABASE = "BurstableDatabase"
# Environments whose alarms must reach someone (rule AlarmsReachSomeone in the parent).
NOTIFIED_ENVIRONMENTS = ("staging", "prod")
# Parent parameters the service stack also reads (the parent passes its own value, as to the data stack).
FROM_PARENT = [data.INSTANCE_CLASS]

# Error rate: at least this many requests in a 5-minute period before the rate counts, and the rate (%).
MIN_REQUESTS_FOR_RATE = 5
ERROR_RATE_PERCENT = 25
# Nobody healthy for this many 5-minute periods: longer than the health check grace period (900 s default)
# plus a first model pull, so a scale-up in the morning or a deploy does not alarm.
NO_HEALTHY_PERIODS = 6
# RDS PostgreSQL's default max_connections is LEAST(DBInstanceClassMemory / 9531392, 5000); the alarm fires at
# 75% of that figure computed from the class's nominal memory (a little above the real memory, so 75% keeps a
# margin below the real limit).
DATABASE_MEMORY_GIB = {
    "db.t4g.micro": 1, "db.t4g.small": 2, "db.t4g.medium": 4, "db.t4g.large": 8, "db.t4g.xlarge": 16,
    "db.m7g.large": 8, "db.m7g.xlarge": 16, "db.m7g.2xlarge": 32, "db.r7g.large": 16, "db.r7g.xlarge": 32,
}
CONNECTIONS_ALARM_FRACTION = 0.75
# Surplus credits (vCPU-minutes above baseline, Unlimited mode, the RDS default for t4g): sustained load.
SURPLUS_CREDITS = 30


def connection_thresholds() -> dict[str, int]:
    return {cls: min(5000, int(gib * 1024 ** 3 / 9531392 * CONNECTIONS_ALARM_FRACTION))
            for cls, gib in DATABASE_MEMORY_GIB.items()}


def parameters(t: Template, console) -> None:
    """The service stack's monitoring parameters (AlarmEmail stays declared in service.py)."""
    console.add("Monitoring", "Alarm topic ARN (existing)", Parameter(
        ALARM_TOPIC_ARN, Type="String", Default="", AllowedPattern=r"^(arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256})?$",
        Description="Existing SNS topic for the alarms and events instead of the stack's own (its policy must let "
                    "cloudwatch.amazonaws.com and events.amazonaws.com publish); empty = the stack's topic",
        ConstraintDescription="an SNS topic ARN or empty"))
    console.group("Wiring (set by the parent stack)", *FROM_PARENT)
    # Same definition as the data stack's, so the parent passes its one DatabaseInstanceClass to both.
    t.add_parameter(Parameter(
        data.INSTANCE_CLASS, Type="String", Default="db.t4g.micro", AllowedValues=data.DB_INSTANCE_CLASSES,
        Description="RDS instance class (Graviton)", ConstraintDescription="one of the listed Graviton classes"))
    t.add_condition(EXISTING_TOPIC, Not(Equals(Ref(ALARM_TOPIC_ARN), "")))
    t.add_condition("OwnAlarmTopic", Equals(Ref(ALARM_TOPIC_ARN), ""))
    t.add_condition(BURSTABLE_DATABASE, Equals(Select(1, Split(".", Ref(data.INSTANCE_CLASS))), "t4g"))
    t.add_mapping("DatabaseConnectionAlarm", {cls: {"Threshold": n} for cls, n in connection_thresholds().items()})


def parent_rules(t: Template) -> None:
    """Rules on the parent: a staging or prod stack without a notification target is refused before any change."""
    t.add_rule("AlarmsReachSomeone", {
        "RuleCondition": Or(*(Equals(Ref(ENVIRONMENT_NAME), env) for env in NOTIFIED_ENVIRONMENTS)),
        "Assertions": [{"Assert": Or(Not(Equals(Ref(ALARM_EMAIL), "")), Not(Equals(Ref(ALARM_TOPIC_ARN), ""))),
                        "AssertDescription": "staging and prod alarms must reach someone: set AlarmEmail (then "
                                             "accept the subscription mail) or AlarmTopicArn"}]})
    t.add_rule("OneAlarmTarget", {
        "Assertions": [{"Assert": Or(Equals(Ref(ALARM_EMAIL), ""), Equals(Ref(ALARM_TOPIC_ARN), "")),
                        "AssertDescription": "set AlarmEmail or AlarmTopicArn, not both (subscribe the address to "
                                             "your own topic instead)"}]})


def target():
    return If(EXISTING_TOPIC, Ref(ALARM_TOPIC_ARN), Ref(ALARM_TOPIC))


def _dimensions(dimensions: dict) -> list:
    return [cloudwatch.MetricDimension(Name=k, Value=v) for k, v in dimensions.items()]


def _alarm(t: Template, title: str, description: str, threshold, comparison: str,
           periods: int = 3, datapoints: int | None = None, missing: str = "notBreaching", condition=None,
           **metric) -> cloudwatch.Alarm:
    return t.add_resource(cloudwatch.Alarm(
        title, AlarmDescription=description,
        EvaluationPeriods=periods, DatapointsToAlarm=datapoints or periods, Threshold=threshold,
        ComparisonOperator=comparison, TreatMissingData=missing, AlarmActions=[target()], Tags=tags(title),
        **({"Condition": condition} if condition else {}), **metric))


def _metric(namespace: str, metric: str, dimensions: dict, statistic: str, period: int = 300, extended=False) -> dict:
    stat = {"ExtendedStatistic": statistic} if extended else {"Statistic": statistic}
    return dict(Namespace=namespace, MetricName=metric, Dimensions=_dimensions(dimensions), Period=period, **stat)


def _query(query_id: str, namespace: str, metric: str, dimensions: dict, stat: str, period: int = 300):
    return cloudwatch.MetricDataQuery(Id=query_id, ReturnData=False, MetricStat=cloudwatch.MetricStat(
        Metric=cloudwatch.Metric(Namespace=namespace, MetricName=metric, Dimensions=_dimensions(dimensions)),
        Period=period, Stat=stat))


def _expression(expression, label: str):
    return cloudwatch.MetricDataQuery(Id="breach", Expression=expression, Label=label, ReturnData=True)


def add(t: Template, alb, target_group, cluster, service) -> None:
    topic = t.add_resource(sns.Topic(
        ALARM_TOPIC, Condition="OwnAlarmTopic", DisplayName=Sub("LLM gateway ${EnvironmentName} alarms"),
        KmsMasterKeyId=Ref(data.KMS_KEY_ARN), Tags=tags("alarms"),
        Subscription=If("AlarmEmailGiven", [sns.Subscription(Protocol="email", Endpoint=Ref(ALARM_EMAIL))], NoValue),
    ))
    same_account = PolicyCondition(StringEquals({"aws:SourceAccount": AccountId}))
    t.add_resource(sns.TopicPolicy(
        "AlarmTopicPolicy", Condition="OwnAlarmTopic", Topics=[Ref(topic)], PolicyDocument=PolicyDocument(Statement=[
            Statement(Sid="CloudWatchAlarmsOfThisAccount", Effect=Allow,
                      Principal=Principal("Service", "cloudwatch.amazonaws.com"), Action=[awssns.Publish],
                      Resource=[Ref(topic)], Condition=same_account),
            Statement(Sid="EventBridgeRulesOfThisAccount", Effect=Allow,
                      Principal=Principal("Service", "events.amazonaws.com"), Action=[awssns.Publish],
                      Resource=[Ref(topic)], Condition=same_account)])))

    lb = {"LoadBalancer": GetAtt(alb, "LoadBalancerFullName")}
    tg = {"LoadBalancer": GetAtt(alb, "LoadBalancerFullName"), "TargetGroup": GetAtt(target_group, "TargetGroupFullName")}
    svc = {"ClusterName": Ref(cluster), "ServiceName": GetAtt(service, "Name")}
    db = {"DBInstanceIdentifier": Ref(data.DB_INSTANCE_ID)}
    insights = "ECS/ContainerInsights"
    alarms = []

    alarms.append(_alarm(
        t, "NoHealthyTargetAlarm",
        f"No LiteLLM task healthy behind the load balancer for {NO_HEALTHY_PERIODS * 5} min while the service "
        f"should run (outside scheduled zero hours): model pull stuck, crash loop or database unreachable. "
        f"Run `deploy-stack status` and read the ollama/ and litellm/ log streams",
        1, "GreaterThanOrEqualToThreshold", periods=NO_HEALTHY_PERIODS, Metrics=[
            _query("desired", insights, "DesiredTaskCount", svc, "Maximum"),
            _query("healthy", "AWS/ApplicationELB", "HealthyHostCount", tg, "Maximum"),
            # No target registered: the load balancer reports no HealthyHostCount at all, hence FILL.
            _expression("IF(desired > 0 AND FILL(healthy, 0) < 1, 1, 0)", "1 = nobody healthy while wanted")]))
    alarms.append(_alarm(
        t, "TasksBelowMinimumAlarm",
        "Fewer running tasks than MinTasks for 15 min outside scheduled zero hours: tasks fail to start "
        "(image pull, capacity, Spot) or keep stopping. `deploy-stack status` shows the service events",
        1, "GreaterThanOrEqualToThreshold", Metrics=[
            _query("desired", insights, "DesiredTaskCount", svc, "Maximum"),
            _query("running", insights, "RunningTaskCount", svc, "Minimum"),
            _expression(Sub(f"IF(desired > 0 AND FILL(running, 0) < ${{{service_scaling.MIN_TASKS}}}, 1, 0)"),
                        "1 = fewer running than MinTasks")]))
    alarms.append(_alarm(
        t, "ErrorRateAlarm",
        f"More than {ERROR_RATE_PERCENT}% of requests answered 5xx in 2 of 3 periods of 5 min (periods with at "
        f"least {MIN_REQUESTS_FOR_RATE} requests, outside scheduled zero hours): tasks down (502/503) or upstream model or database errors. "
        f"See DEPLOYMENT.md, 502/503, and the litellm log stream",
        ERROR_RATE_PERCENT, "GreaterThanThreshold", periods=3, datapoints=2, Metrics=[
            _query("desired", insights, "DesiredTaskCount", svc, "Maximum"),
            _query("requests", "AWS/ApplicationELB", "RequestCount", lb, "Sum"),
            _query("elb5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, "Sum"),
            _query("target5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", tg, "Sum"),
            cloudwatch.MetricDataQuery(Id="total", Expression="FILL(requests, 0) + FILL(elb5xx, 0)",
                                       ReturnData=False),
            # 503s in the scheduled zero hours (desired 0) are expected, not an outage.
            _expression(f"IF(desired > 0 AND total >= {MIN_REQUESTS_FOR_RATE}, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / total, 0)",
                        "5xx % of requests")]))
    alarms.append(_alarm(
        t, "UnhealthyTargetsAlarm",
        "A LiteLLM task failed its health check for 15 min (model pull stuck, crash loop, or database unreachable)",
        0, "GreaterThanThreshold", **_metric("AWS/ApplicationELB", "UnHealthyHostCount", tg, "Maximum")))
    alarms.append(_alarm(
        t, "ResponseTimeAlarm",
        "p90 response time above 120 s for 15 min: CPU saturated; add tasks or CPU, or use a smaller model",
        120, "GreaterThanThreshold", **_metric("AWS/ApplicationELB", "TargetResponseTime", tg, "p90", extended=True)))
    alarms.append(_alarm(
        t, "ServiceCpuAlarm", "Service CPU above 85% for 15 min: answers slow down; scale out or up",
        85, "GreaterThanThreshold", **_metric("AWS/ECS", "CPUUtilization", svc, "Average")))
    alarms.append(_alarm(
        t, "ServiceMemoryAlarm",
        "Service memory above 90% for 15 min: the model may be evicted or the task killed; raise TaskMemory",
        90, "GreaterThanThreshold", **_metric("AWS/ECS", "MemoryUtilization", svc, "Average")))
    alarms.append(_alarm(
        t, "DatabaseCpuAlarm", "Database CPU above 80% for 15 min: raise DatabaseInstanceClass",
        80, "GreaterThanThreshold", **_metric("AWS/RDS", "CPUUtilization", db, "Average")))
    alarms.append(_alarm(
        t, "DatabaseStorageAlarm",
        "Database free storage below 2 GiB: storage autoscaling is at its ceiling; raise DatabaseMaxAllocatedStorage",
        2 * 1024 ** 3, "LessThanThreshold", periods=1, **_metric("AWS/RDS", "FreeStorageSpace", db, "Minimum")))
    alarms.append(_alarm(
        t, "DatabaseConnectionsAlarm",
        "Database connections above 75% of the instance class's default max_connections for 15 min: LiteLLM "
        "may soon fail to connect; raise DatabaseInstanceClass or lower MaxTasks",
        FindInMap("DatabaseConnectionAlarm", Ref(data.INSTANCE_CLASS), "Threshold"), "GreaterThanThreshold",
        **_metric("AWS/RDS", "DatabaseConnections", db, "Maximum")))
    alarms.append(_alarm(
        t, "DatabaseCpuCreditsAlarm",
        f"Burstable database above its CPU baseline for long: more than {SURPLUS_CREDITS} surplus credits "
        f"(charged extra in Unlimited mode); raise DatabaseInstanceClass to a larger or non-burstable class",
        SURPLUS_CREDITS, "GreaterThanThreshold", condition=BURSTABLE_DATABASE,
        **_metric("AWS/RDS", "CPUSurplusCreditBalance", db, "Maximum")))

    _event_rules(t, cluster, service, alarms)
    t.add_resource(cloudwatch.Dashboard(
        "Dashboard", DashboardName=Sub("llm-gateway-${EnvironmentName}"), DashboardBody=_dashboard_body(),
        Tags=tags("dashboard")))


def _rule(t: Template, title: str, description: str, pattern: dict) -> events.Rule:
    return t.add_resource(events.Rule(
        title, Description=description, EventPattern=pattern, State="ENABLED", Tags=tags(title),
        Targets=[events.Target(Id="alarm-topic", Arn=target())]))


def event_patterns(cluster_arn, service_arn, alarm_arns) -> dict[str, dict]:
    """Rule title -> EventBridge pattern (tests/test_alarms.py matches sample events against them)."""
    return {
        "SpotInterruptionRule": {
            # The two-minute warning: still RUNNING, told to stop, stop code SpotInterruption.
            "source": ["aws.ecs"], "detail-type": ["ECS Task State Change"],
            "detail": {"clusterArn": [cluster_arn], "stopCode": ["SpotInterruption"],
                       "desiredStatus": ["STOPPED"], "lastStatus": ["RUNNING"]}},
        "DeploymentFailedRule": {
            # The circuit breaker failed the deployment (and rolls back to the previous one).
            "source": ["aws.ecs"], "detail-type": ["ECS Deployment State Change"], "resources": [service_arn],
            "detail": {"eventName": ["SERVICE_DEPLOYMENT_FAILED"]}},
        "ModelNeverReadyRule": {
            # A task stopped because a container never passed its health check (Ollama still pulling or
            # failing to load the model, or LiteLLM never ready), or ECS cannot start tasks at all.
            "source": ["aws.ecs"], "detail-type": ["ECS Task State Change", "ECS Service Action"],
            "detail": {"$or": [
                {"clusterArn": [cluster_arn], "lastStatus": ["STOPPED"],
                 "stoppedReason": [{"prefix": "Task failed container health checks"}]},
                {"clusterArn": [cluster_arn], "eventName": ["SERVICE_TASK_START_IMPAIRED"]}]}},
        "AlarmRecoveredRule": {
            # Recoveries only: ALARM -> OK of this stack's alarms (no OK mail after a create).
            "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], "resources": alarm_arns,
            "detail": {"previousState": {"value": ["ALARM"]}, "state": {"value": ["OK"]}}},
    }


RULE_DESCRIPTIONS = {
    "SpotInterruptionRule": "A Fargate Spot task of this service is being reclaimed (two minutes' notice)",
    "DeploymentFailedRule": "An ECS deployment of this service failed and rolls back",
    "ModelNeverReadyRule": "A task stopped because it never became healthy (model not loaded), or ECS cannot "
                           "start tasks",
    "AlarmRecoveredRule": "An alarm of this stack went back from ALARM to OK",
}


def _event_rules(t: Template, cluster, service, alarms) -> None:
    cluster_arn = GetAtt(cluster, "Arn")
    patterns = event_patterns(cluster_arn, Ref(service), [GetAtt(a, "Arn") for a in alarms if not a.resource.get("Condition")])
    for title, pattern in patterns.items():
        _rule(t, title, RULE_DESCRIPTIONS[title], pattern)


def _widget(title: str, metrics: list, x: int, y: int, stat: str = "Sum") -> dict:
    return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": {
        "title": title, "region": "${AWS::Region}", "stat": stat, "period": 300, "metrics": metrics}}


def _dashboard_body() -> Sub:
    lb = ["LoadBalancer", "${LoadBalancer.LoadBalancerFullName}"]
    tg = lb + ["TargetGroup", "${TargetGroup.TargetGroupFullName}"]
    svc = ["ClusterName", "${Cluster}", "ServiceName", "${Service.Name}"]
    db = ["DBInstanceIdentifier", "${DatabaseInstanceId}"]
    widgets = [
        _widget("Requests and errors", [["AWS/ApplicationELB", "RequestCount", *lb],
                                        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", *lb],
                                        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", *tg],
                                        ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", *tg]], 0, 0),
        _widget("Response time p90 (s)", [["AWS/ApplicationELB", "TargetResponseTime", *tg]], 12, 0, "p90"),
        _widget("Service CPU and memory (%)", [["AWS/ECS", "CPUUtilization", *svc],
                                               ["AWS/ECS", "MemoryUtilization", *svc]], 0, 6, "Average"),
        _widget("Healthy targets", [["AWS/ApplicationELB", "HealthyHostCount", *tg],
                                    ["AWS/ApplicationELB", "UnHealthyHostCount", *tg]], 12, 6, "Maximum"),
        _widget("Tasks (desired, running)", [["ECS/ContainerInsights", "DesiredTaskCount", *svc],
                                             ["ECS/ContainerInsights", "RunningTaskCount", *svc]], 0, 12, "Maximum"),
        _widget("Database CPU (%), connections and free storage",
                [["AWS/RDS", "CPUUtilization", *db], ["AWS/RDS", "DatabaseConnections", *db],
                 ["AWS/RDS", "FreeStorageSpace", *db, {"yAxis": "right"}]], 12, 12, "Average"),
    ]
    return Sub(json.dumps({"widgets": widgets}, sort_keys=True))
