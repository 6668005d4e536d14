"""Capacity of the service: task count bounds, target tracking, Fargate Spot and the work-hours schedule."""
from troposphere import Equals, GetAtt, If, NoValue, Parameter, Ref, Sub, Template
from troposphere import applicationautoscaling as scaling
from troposphere import ecs

from templates.common import SCHEDULE_TIMEZONE, Console, boolean_parameter, schedule_timezone_parameter, tags

MIN_TASKS = "MinTasks"
MAX_TASKS = "MaxTasks"
REQUESTS_PER_TASK = "RequestsPerTaskPerMinute"
CAPACITY = "CapacityMode"
ON_DEMAND_BASE = "OnDemandBaseTasks"
WORK_HOURS = "WorkHoursSchedule"
SCALE_UP_CRON = "ScaleUpCron"
SCALE_DOWN_CRON = "ScaleDownCron"
CPU_TARGET_PERCENT = 70
CRON_PATTERN = r"^cron\([^()]+\)$"

def parameters(t: Template, console: Console) -> None:
    scaling, schedule = "Scaling and cost", "Work-hours schedule (service)"
    console.add(scaling, "Minimum tasks", Parameter(
        MIN_TASKS, Type="Number", Default=1, MinValue=0, MaxValue=20,
        Description="Tasks always running (also the count after a deploy); 2+ spreads over AZs",
        ConstraintDescription="0 to 20"))
    console.add(scaling, "Maximum tasks", Parameter(
        MAX_TASKS, Type="Number", Default=1, MinValue=1, MaxValue=20,
        Description="Most tasks autoscaling may run; not below MinTasks. Above 1, enable the shared cache",
        ConstraintDescription="1 to 20, at least MinTasks"))
    console.add(scaling, "Requests per task per minute", Parameter(
        REQUESTS_PER_TASK, Type="Number", Default=30, MinValue=1, MaxValue=10000,
        Description="Target ALB requests per task per minute before scaling out (CPU answers are slow: keep it low)",
        ConstraintDescription="1 to 10000"))
    console.add(scaling, "Capacity (on-demand / Spot)", Parameter(
        CAPACITY, Type="String", Default="on-demand", AllowedValues=["on-demand", "spot", "spot-above-base"],
        Description="on-demand: Fargate; spot: all Fargate Spot (about 70% cheaper, tasks can be reclaimed); "
                    "spot-above-base: OnDemandBaseTasks on Fargate, the rest on Spot",
        ConstraintDescription="on-demand, spot or spot-above-base"))
    console.add(scaling, "On-demand base tasks", Parameter(
        ON_DEMAND_BASE, Type="Number", Default=1, MinValue=0, MaxValue=20,
        Description="With spot-above-base: tasks that always run on regular Fargate", ConstraintDescription="0 to 20"))
    console.add(schedule, "Scale to zero off hours", boolean_parameter(
        t, WORK_HOURS, "Scale to zero outside work hours (ScaleDownCron) and back (ScaleUpCron)"))
    console.add(schedule, "Scale up (cron)", Parameter(
        SCALE_UP_CRON, Type="String", Default="cron(0 7 ? * MON-FRI *)", AllowedPattern=CRON_PATTERN,
        Description="When the service scales back to MinTasks", ConstraintDescription="an Application Auto "
        "Scaling cron expression, e.g. cron(0 7 ? * MON-FRI *)"))
    console.add(schedule, "Scale down (cron)", Parameter(
        SCALE_DOWN_CRON, Type="String", Default="cron(0 19 ? * MON-FRI *)", AllowedPattern=CRON_PATTERN,
        Description="When the service scales to zero", ConstraintDescription="an Application Auto Scaling cron "
        "expression, e.g. cron(0 19 ? * MON-FRI *)"))
    console.add(schedule, "Schedule time zone", schedule_timezone_parameter(t))
    t.add_condition("AllSpot", Equals(Ref(CAPACITY), "spot"))
    t.add_condition("SpotAboveBase", Equals(Ref(CAPACITY), "spot-above-base"))
    t.add_condition("WorkHours", Equals(Ref(WORK_HOURS), "true"))


def _strategy(provider: str, weight: int, base=NoValue) -> ecs.CapacityProviderStrategyItem:
    return ecs.CapacityProviderStrategyItem(CapacityProvider=provider, Weight=weight, Base=base)


def capacity_providers(t: Template, cluster) -> ecs.ClusterCapacityProviderAssociations:
    return t.add_resource(ecs.ClusterCapacityProviderAssociations(
        "CapacityProviders", Cluster=Ref(cluster), CapacityProviders=["FARGATE", "FARGATE_SPOT"],
        DefaultCapacityProviderStrategy=[ecs.CapacityProviderStrategy(CapacityProvider="FARGATE", Weight=1)]))


def service_strategy():
    """Where tasks run. A Spot task that is reclaimed gets two minutes' notice; ECS drains it from the ALB."""
    return If("AllSpot", [_strategy("FARGATE_SPOT", 1)],
              If("SpotAboveBase", [_strategy("FARGATE", 0, Ref(ON_DEMAND_BASE)), _strategy("FARGATE_SPOT", 1)],
                 [_strategy("FARGATE", 1)]))


def autoscaling(t: Template, cluster, service, alb, target_group) -> None:
    def scheduled(name: str, cron: str, low, high) -> scaling.ScheduledAction:
        return scaling.ScheduledAction(
            ScheduledActionName=name, Schedule=Ref(cron), Timezone=Ref(SCHEDULE_TIMEZONE),
            ScalableTargetAction=scaling.ScalableTargetAction(MinCapacity=low, MaxCapacity=high))

    target = t.add_resource(scaling.ScalableTarget(
        "ScalableTarget", ServiceNamespace="ecs", ScalableDimension="ecs:service:DesiredCount",
        ResourceId=Sub("service/${Cluster}/${Name}", Cluster=Ref(cluster), Name=GetAtt(service, "Name")),
        MinCapacity=Ref(MIN_TASKS), MaxCapacity=Ref(MAX_TASKS),
        ScheduledActions=If("WorkHours", [
            scheduled("scale-to-zero-off-hours", SCALE_DOWN_CRON, 0, 0),
            scheduled("scale-up-for-work-hours", SCALE_UP_CRON, Ref(MIN_TASKS), Ref(MAX_TASKS)),
        ], NoValue),
        Tags=tags("scaling"),
    ))
    t.add_resource(scaling.ScalingPolicy(
        "RequestsScalingPolicy", PolicyName=Sub("${AWS::StackName}-requests"), PolicyType="TargetTrackingScaling",
        ScalingTargetId=Ref(target),
        TargetTrackingScalingPolicyConfiguration=scaling.TargetTrackingScalingPolicyConfiguration(
            TargetValue=Ref(REQUESTS_PER_TASK), ScaleInCooldown=300, ScaleOutCooldown=60,
            PredefinedMetricSpecification=scaling.PredefinedMetricSpecification(
                PredefinedMetricType="ALBRequestCountPerTarget",
                ResourceLabel=Sub("${Alb}/${Target}", Alb=GetAtt(alb, "LoadBalancerFullName"),
                                  Target=GetAtt(target_group, "TargetGroupFullName"))))))
    t.add_resource(scaling.ScalingPolicy(
        "CpuScalingPolicy", PolicyName=Sub("${AWS::StackName}-cpu"), PolicyType="TargetTrackingScaling",
        ScalingTargetId=Ref(target),
        TargetTrackingScalingPolicyConfiguration=scaling.TargetTrackingScalingPolicyConfiguration(
            TargetValue=CPU_TARGET_PERCENT, ScaleInCooldown=300, ScaleOutCooldown=60,
            PredefinedMetricSpecification=scaling.PredefinedMetricSpecification(
                PredefinedMetricType="ECSServiceAverageCPUUtilization"))))
