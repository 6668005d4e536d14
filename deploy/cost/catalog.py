"""What the estimate assumes and knows besides prices: calendar, usage assumptions, model sizes, the
reference deployment's figures, and the resource types that cost nothing (with the reason)."""
from __future__ import annotations

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

# Every CloudFormation resource type in dist/*.yaml is either priced by a component (components.TABLE) or
# free, with the reason (tests/test_cost.py fails on a type in neither).
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
    "AWS::ECR::PullThroughCacheRule": "the rule is free; the cached images bill as ECR storage per GB-month (a few GB)",
    "AWS::ElastiCache::SubnetGroup": "no charge",
    "AWS::Scheduler::Schedule": "EventBridge Scheduler: 14 million invocations a month free; these run twice a day",
    "AWS::SNS::Topic": "alarm mail: the first 1,000 emails and 1 million publishes a month are free",
    "AWS::SNS::TopicPolicy": "no charge",
    "AWS::Events::Rule": "rules on AWS service events (ECS, CloudWatch alarm state changes) are free",
    "AWS::ApplicationAutoScaling::ScalableTarget": "no charge (scheduled actions included)",
    "AWS::ECS::ClusterCapacityProviderAssociations": "no charge",
    "AWS::ElasticLoadBalancingV2::Listener": "included in the load balancer's hours and LCUs",
    "AWS::ElasticLoadBalancingV2::ListenerRule": "included in the load balancer's LCUs (the first 10 rules a "
                                                 "request is evaluated against are free; at most 11 here)",
    "AWS::ElasticLoadBalancingV2::TargetGroup": "included in the load balancer's hours and LCUs",
}
