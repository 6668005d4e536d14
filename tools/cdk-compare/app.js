// The system build.py renders, written as an AWS CDK app: VPC (2 AZs, public/private/isolated subnets, one NAT,
// flow logs), a KMS key, RDS PostgreSQL, a Fargate task with two containers (litellm, ollama), its service and an
// ALB. scripts/compare_render_with_cdk.py runs `node app.js OUTDIR` and reads the timings it prints as JSON.
"use strict";
const t0 = process.hrtime.bigint();
const cdk = require("aws-cdk-lib");
const ec2 = require("aws-cdk-lib/aws-ec2");
const ecs = require("aws-cdk-lib/aws-ecs");
const elbv2 = require("aws-cdk-lib/aws-elasticloadbalancingv2");
const kms = require("aws-cdk-lib/aws-kms");
const logs = require("aws-cdk-lib/aws-logs");
const rds = require("aws-cdk-lib/aws-rds");
const t1 = process.hrtime.bigint();

const outdir = process.argv[2];
if (!outdir) {
  console.error("usage: node app.js OUTDIR");
  process.exit(2);
}
const app = new cdk.App({ outdir });
const stack = new cdk.Stack(app, "LlmGateway");

const key = new kms.Key(stack, "Key", { enableKeyRotation: true });
const vpc = new ec2.Vpc(stack, "Vpc", {
  maxAzs: 2,
  natGateways: 1,
  subnetConfiguration: [
    { name: "public", subnetType: ec2.SubnetType.PUBLIC },
    { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    { name: "database", subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  ],
  flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
});
const database = new rds.DatabaseInstance(stack, "Database", {
  engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  allocatedStorage: 20,
  storageEncrypted: true,
  storageEncryptionKey: key,
  credentials: rds.Credentials.fromGeneratedSecret("litellm", { encryptionKey: key }),
});

const cluster = new ecs.Cluster(stack, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const logGroup = new logs.LogGroup(stack, "Logs", { encryptionKey: key, retention: logs.RetentionDays.ONE_MONTH });
const task = new ecs.FargateTaskDefinition(stack, "Task", { cpu: 2048, memoryLimitMiB: 6144 });
task.addContainer("litellm", {
  image: ecs.ContainerImage.fromRegistry("ghcr.io/berriai/litellm-non_root:v1.106.12"),
  portMappings: [{ containerPort: 4000 }],
  logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "litellm" }),
  environment: { DATABASE_HOST: database.dbInstanceEndpointAddress, OLLAMA_API_BASE: "http://localhost:11434" },
  secrets: { DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(database.secret, "password") },
});
task.addContainer("ollama", {
  image: ecs.ContainerImage.fromRegistry("ollama/ollama:0.12.10"),
  logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "ollama" }),
});
const service = new ecs.FargateService(stack, "Service", {
  cluster,
  taskDefinition: task,
  desiredCount: 1,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
});
database.connections.allowDefaultPortFrom(service);

const alb = new elbv2.ApplicationLoadBalancer(stack, "Alb", { vpc, internetFacing: true });
alb.connections.allowFrom(ec2.Peer.ipv4("203.0.113.10/32"), ec2.Port.tcp(80));
const listener = alb.addListener("Http", { port: 80, open: false });
listener.addTargets("Litellm", {
  port: 4000,
  protocol: elbv2.ApplicationProtocol.HTTP,
  targets: [service.loadBalancerTarget({ containerName: "litellm", containerPort: 4000 })],
  healthCheck: { path: "/health/liveliness" },
});

const assembly = app.synth();
const t2 = process.hrtime.bigint();
const template = assembly.getStackByName("LlmGateway").template;
console.log(JSON.stringify({
  require_ms: Number(t1 - t0) / 1e6,
  synth_ms: Number(t2 - t1) / 1e6,
  resources: Object.keys(template.Resources).length,
}));
