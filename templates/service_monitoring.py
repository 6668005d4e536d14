"""Alarms, their SNS topic and a small dashboard for the service stack.

Every alarm says in its description what to do; DEPLOYMENT.md repeats the runbook.
"""
import json

from awacs import sns as awssns
from awacs.aws import Allow, Condition as PolicyCondition, PolicyDocument, Principal, Statement, StringEquals
from troposphere import AccountId, GetAtt, If, NoValue, Ref, Sub, Template
from troposphere import cloudwatch, sns

from templates import data
from templates.common import tags

ALARM_TOPIC = "AlarmTopic"


def _alarm(t: Template, title: str, description: str, namespace: str, metric: str, dimensions: dict,
           statistic: str, threshold: float, comparison: str, periods: int = 3, period: int = 300,
           extended: bool = False) -> None:
    stat = {"ExtendedStatistic": statistic} if extended else {"Statistic": statistic}
    t.add_resource(cloudwatch.Alarm(
        title, AlarmDescription=description, Namespace=namespace, MetricName=metric,
        Dimensions=[cloudwatch.MetricDimension(Name=k, Value=v) for k, v in dimensions.items()],
        Period=period, EvaluationPeriods=periods, DatapointsToAlarm=periods, Threshold=threshold,
        ComparisonOperator=comparison, TreatMissingData="notBreaching",
        AlarmActions=[Ref(ALARM_TOPIC)], OKActions=[Ref(ALARM_TOPIC)], Tags=tags(title), **stat,
    ))


def add(t: Template, alb, target_group, cluster, service) -> None:
    topic = t.add_resource(sns.Topic(
        ALARM_TOPIC, DisplayName=Sub("LLM gateway ${EnvironmentName} alarms"),
        KmsMasterKeyId=Ref(data.KMS_KEY_ARN), Tags=tags("alarms"),
        Subscription=If("AlarmEmailGiven", [sns.Subscription(Protocol="email", Endpoint=Ref("AlarmEmail"))], NoValue),
    ))
    t.add_resource(sns.TopicPolicy(
        "AlarmTopicPolicy", Topics=[Ref(topic)], PolicyDocument=PolicyDocument(Statement=[Statement(
            Sid="CloudWatchAlarmsOfThisAccount", Effect=Allow, Principal=Principal("Service", "cloudwatch.amazonaws.com"),
            Action=[awssns.Publish], Resource=[Ref(topic)],
            Condition=PolicyCondition(StringEquals({"aws:SourceAccount": AccountId})))])))

    lb = {"LoadBalancer": GetAtt(alb, "LoadBalancerFullName")}
    tg = {"LoadBalancer": GetAtt(alb, "LoadBalancerFullName"), "TargetGroup": GetAtt(target_group, "TargetGroupFullName")}
    svc = {"ClusterName": Ref(cluster), "ServiceName": GetAtt(service, "Name")}
    db = {"DBInstanceIdentifier": Ref(data.DB_INSTANCE_ID)}
    _alarm(t, "LoadBalancer5xxAlarm", "ALB answered 5xx more than 10 times in 5 min on 3 periods: tasks down or "
           "restarting (see DEPLOYMENT.md, 502/503)", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, "Sum",
           10, "GreaterThanThreshold")
    _alarm(t, "Target5xxAlarm", "LiteLLM answered 5xx more than 10 times in 5 min on 3 periods: upstream model "
           "errors or database trouble (read the litellm log stream)", "AWS/ApplicationELB",
           "HTTPCode_Target_5XX_Count", tg, "Sum", 10, "GreaterThanThreshold")
    _alarm(t, "UnhealthyTargetsAlarm", "A LiteLLM task failed its health check for 15 min (model pull stuck, "
           "crash loop, or database unreachable)", "AWS/ApplicationELB", "UnHealthyHostCount", tg, "Maximum", 0,
           "GreaterThanThreshold")
    _alarm(t, "ResponseTimeAlarm", "p90 response time above 120 s for 15 min: CPU saturated; add tasks or "
           "CPU, or use a smaller model", "AWS/ApplicationELB", "TargetResponseTime", tg, "p90", 120,
           "GreaterThanThreshold", extended=True)
    _alarm(t, "ServiceCpuAlarm", "Service CPU above 85% for 15 min: answers slow down; scale out or up",
           "AWS/ECS", "CPUUtilization", svc, "Average", 85, "GreaterThanThreshold")
    _alarm(t, "ServiceMemoryAlarm", "Service memory above 90% for 15 min: the model may be evicted or the task "
           "killed; raise TaskMemory", "AWS/ECS", "MemoryUtilization", svc, "Average", 90, "GreaterThanThreshold")
    _alarm(t, "DatabaseCpuAlarm", "Database CPU above 80% for 15 min: raise DatabaseInstanceClass",
           "AWS/RDS", "CPUUtilization", db, "Average", 80, "GreaterThanThreshold")
    _alarm(t, "DatabaseStorageAlarm", "Database free storage below 2 GiB: storage autoscaling is at its "
           "ceiling; raise DatabaseMaxAllocatedStorage", "AWS/RDS", "FreeStorageSpace", db, "Minimum",
           2 * 1024 ** 3, "LessThanThreshold", periods=1)

    t.add_resource(cloudwatch.Dashboard(
        "Dashboard", DashboardName=Sub("llm-gateway-${EnvironmentName}"), DashboardBody=_dashboard_body(),
        Tags=tags("dashboard")))


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
        _widget("Database CPU (%) and free storage", [["AWS/RDS", "CPUUtilization", *db],
                                                      ["AWS/RDS", "FreeStorageSpace", *db, {"yAxis": "right"}]],
                0, 12, "Average"),
    ]
    return Sub(json.dumps({"widgets": widgets}, sort_keys=True))
