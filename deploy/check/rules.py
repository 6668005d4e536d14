"""Rules and service limits, as data: the templates' Rules evaluated for the parameters (with only the rule
functions CloudFormation documents), and the service constraints parameters can break."""
from __future__ import annotations

import ipaddress
import json

from deploy.check.model import Finding, Model
from deploy.evaluator import failed_rules, undocumented_rule_functions

# Fargate task sizes (ECS developer guide, "Task CPU and memory"): CPU units -> allowed memory MiB.
FARGATE_MEMORY = {
    256: [512, 1024, 2048], 512: list(range(1024, 4097, 1024)), 1024: list(range(2048, 8193, 1024)),
    2048: list(range(4096, 16385, 1024)), 4096: list(range(8192, 30721, 1024)),
    8192: list(range(16384, 61441, 4096)), 16384: list(range(32768, 122881, 8192)),
}
# ECS container HealthCheck bounds (ECS API reference, HealthCheck).
HEALTH_BOUNDS = {"Interval": (5, 300), "Timeout": (2, 120), "Retries": (1, 10), "StartPeriod": (0, 300)}
HEALTH_DEFAULTS = {"Interval": 30, "Timeout": 5, "Retries": 3, "StartPeriod": 0}
# Lambda: an account keeps 100 unreserved concurrent executions; new accounts often have a quota of 10.
LAMBDA_UNRESERVED_MINIMUM, SMALL_ACCOUNT_QUOTA = 100, 10
MAX_CIDRS = 10                   # the service stack opens the load balancer to at most ten CIDRs
STARTUP_VARIABLE = "LITELLM_MIGRATION_LOCK_TIMEOUT"
# ECS refuses a task definition over 64 KiB (RegisterTaskDefinition). The values CloudFormation fills in at deploy
# time are short placeholders here (two role ARNs, the log group, the secrets version): allow for their longest.
TASK_DEFINITION_LIMIT, DEPLOY_TIME_ALLOWANCE = 65536, 1024


def _rules(model: Model, findings: list[Finding]) -> None:
    for key, stack in model.stacks.items():
        template = stack.evaluator.template
        file = stack.file
        for rule, fn in undocumented_rule_functions(template):
            findings.append(Finding("rules", f"{file} Rules/{rule}", "CloudFormation template validation",
                                    f"{fn} is not a rule function; CloudFormation rejects the template",
                                    "use only And, Or, Not, Equals, Contains, EachMemberEquals, EachMemberIn, "
                                    "RefAll, ValueOf, ValueOfAll and Ref in Rules"))
        for rule, description, keys in failed_rules(template, stack.evaluator.params):
            given = ", ".join(f"{k}={stack.evaluator.params.get(k)}" for k in keys)
            findings.append(Finding("rules", f"{file} Rules/{rule}", "parameters", f"{description} [{given}]",
                                    "change the parameters it names so the rule holds: in params/<env>.json, "
                                    "or with --param KEY=VALUE for one run"))


def _fargate(model: Model, findings: list[Finding]) -> None:
    for key, lid, task in model.of_type("AWS::ECS::TaskDefinition"):
        props = task["Properties"]
        if "FARGATE" not in (props.get("RequiresCompatibilities") or []):
            continue
        where = f"{key}/{lid}"
        cpu, memory = int(props.get("Cpu", 0)), int(props.get("Memory", 0))
        if memory not in FARGATE_MEMORY.get(cpu, []):
            allowed = FARGATE_MEMORY.get(cpu)
            findings.append(Finding("rules", where, "Fargate task size", f"TaskCpu {cpu} with TaskMemory {memory} "
                                    f"is not a Fargate size", f"use TaskMemory {allowed[0]}-{allowed[-1]} in "
                                    f"Fargate steps" if allowed else "use a Fargate CPU size"))
        arch = (props.get("RuntimePlatform") or {}).get("CpuArchitecture", "X86_64")
        for s_key, s_lid, service in model.of_type("AWS::ECS::Service"):
            strategy = service["Properties"].get("CapacityProviderStrategy") or []
            spot = [s for s in strategy if s.get("CapacityProvider") == "FARGATE_SPOT"
                    and (int(s.get("Weight", 0)) > 0 or int(s.get("Base", 0)) > 0)]
            if arch == "ARM64" and spot:
                findings.append(Finding("rules", f"{s_key}/{s_lid}", "Fargate Spot placement",
                                        "Fargate Spot does not run ARM64 tasks, so no task is ever placed",
                                        "use CapacityMode on-demand with ARM64, or CpuArchitecture X86_64"))
        _health(model, findings, where, props)
        _containers(model, findings, where, props)
        _size(findings, where, props)


def task_definition_bytes(props: dict) -> int:
    """Size of a resolved task definition as ECS counts it (compact JSON), with the deploy-time allowance."""
    return len(json.dumps(props, separators=(",", ":"))) + DEPLOY_TIME_ALLOWANCE


def _size(findings, where, props) -> None:
    size = task_definition_bytes(props)
    if size > TASK_DEFINITION_LIMIT:
        variables = [e for c in props.get("ContainerDefinitions") or [] for e in c.get("Environment") or []]
        largest = max(variables, key=lambda e: len(str(e.get("Value", ""))), default={})
        findings.append(Finding("rules", where, "task definition size", f"{size} bytes resolved (with "
                                f"{DEPLOY_TIME_ALLOWANCE} for ARNs filled in at deploy time), over ECS's "
                                f"{TASK_DEFINITION_LIMIT}-byte limit: RegisterTaskDefinition refuses it; the largest "
                                f"value is {largest.get('Name')} ({len(str(largest.get('Value', '')))} bytes)",
                                "shorten the longest parameter values that reach the task (image references, "
                                "host names, parameter ARNs)"))


def _containers(model: Model, findings, where, props) -> None:
    """What ECS refuses at RegisterTaskDefinition/CreateService: dependencies, memory, the load-balanced port."""
    containers = {c["Name"]: c for c in props.get("ContainerDefinitions") or []}
    for name, container in containers.items():
        for dependency in container.get("DependsOn") or []:
            target = containers.get(dependency.get("ContainerName"))
            if target is None:
                findings.append(Finding("rules", where, f"container {name} DependsOn",
                                        f"container {dependency.get('ContainerName')!r} is not in the task",
                                        "depend on a container of this task definition"))
            elif dependency.get("Condition") == "HEALTHY" and not target.get("HealthCheck"):
                findings.append(Finding("rules", where, f"container {name} DependsOn",
                                        f"condition HEALTHY on {target['Name']}, which has no HealthCheck (ECS "
                                        f"rejects the task definition)", f"give {target['Name']} a HealthCheck"))
    limits = [int(c.get("Memory") or c.get("MemoryReservation") or 0) for c in containers.values()]
    if props.get("Memory") and sum(limits) > int(props["Memory"]):
        findings.append(Finding("rules", where, "container memory", f"containers reserve {sum(limits)} MiB, more "
                                f"than the task's {props['Memory']} MiB", "lower the containers' Memory"))
    for s_key, s_lid, service in model.of_type("AWS::ECS::Service"):
        for target in service["Properties"].get("LoadBalancers") or []:
            container = containers.get(target.get("ContainerName"))
            ports = [int(m.get("ContainerPort", 0)) for m in (container or {}).get("PortMappings") or []]
            if container is None or int(target.get("ContainerPort", 0)) not in ports:
                findings.append(Finding("rules", f"{s_key}/{s_lid}", "load balancer target",
                                        f"{target.get('ContainerName')}:{target.get('ContainerPort')} is not a port "
                                        f"mapping of the task (ECS refuses the service)",
                                        "name a container and a ContainerPort from its PortMappings"))


def _health(model: Model, findings, where, props) -> None:
    grace = None
    for _k, _l, service in model.of_type("AWS::ECS::Service"):
        grace = service["Properties"].get("HealthCheckGracePeriodSeconds")
    for container in props.get("ContainerDefinitions") or []:
        check = container.get("HealthCheck")
        name = container["Name"]
        if not check:
            continue
        values = {k: int(check.get(k, HEALTH_DEFAULTS[k])) for k in HEALTH_DEFAULTS}
        for field, (low, high) in HEALTH_BOUNDS.items():
            if not low <= values[field] <= high:
                findings.append(Finding("rules", where, f"container {name} health check", f"{field} "
                                        f"{values[field]} is outside ECS's {low}-{high}",
                                        f"use a {field} from {low} to {high}"))
        startup = next((int(e["Value"]) for e in container.get("Environment") or []
                        if e.get("Name") == STARTUP_VARIABLE and str(e.get("Value", "")).isdigit()), None)
        if startup is None:
            continue
        budget = values["StartPeriod"] + values["Interval"] * values["Retries"]
        if budget < startup:
            findings.append(Finding("rules", where, f"container {name} health check",
                                    f"marked unhealthy {budget} s after start (StartPeriod {values['StartPeriod']} + "
                                    f"Interval {values['Interval']} x Retries {values['Retries']}), but it may "
                                    f"legitimately wait {startup} s ({STARTUP_VARIABLE})",
                                    f"make StartPeriod + Interval x Retries at least {startup} s, or lower "
                                    f"{STARTUP_VARIABLE}"))
        if grace is not None and int(grace) < startup:
            findings.append(Finding("rules", where, "load balancer health-check grace",
                                    f"HealthCheckGracePeriodSeconds {grace} is below the {startup} s start-up the "
                                    f"container declares", f"raise HealthCheckGracePeriodSeconds to {startup} or more"))


def _lambda(model: Model, findings) -> None:
    for key, lid, fn in model.of_type("AWS::Lambda::Function"):
        reserved = fn["Properties"].get("ReservedConcurrentExecutions")
        if reserved is None:
            continue
        findings.append(Finding("rules", f"{key}/{lid}", "Lambda concurrency",
                                f"ReservedConcurrentExecutions {reserved}: Lambda keeps {LAMBDA_UNRESERVED_MINIMUM} "
                                f"executions unreserved, so on an account with a concurrency quota of "
                                f"{SMALL_ACCOUNT_QUOTA} (common for new accounts) the function cannot be created",
                                "remove ReservedConcurrentExecutions"))


def _cidrs(model: Model, findings) -> None:
    for key, stack in model.stacks.items():
        spec = (stack.evaluator.template.get("Parameters") or {}).get("AllowedCidrs")
        if spec is None:
            continue
        raw = stack.evaluator.params.get("AllowedCidrs", "")
        items = [c for c in raw.split(",") if c]
        where = f"{stack.file} Parameters/AllowedCidrs"
        if not 1 <= len(items) <= MAX_CIDRS:
            findings.append(Finding("rules", where, "client access", f"{len(items)} CIDRs given; the load balancer "
                                    f"opens to the first {MAX_CIDRS} only" if items else "no CIDR given: nobody "
                                    "can reach the load balancer", f"give 1 to {MAX_CIDRS} CIDRs"))
        for item in items:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                findings.append(Finding("rules", where, "client access", f"{item!r} is not a CIDR block (EC2 "
                                        f"rejects the rule)", "write it as a.b.c.d/n"))
        break   # the parent's value; the service stack receives the same list


def _capacity_providers(model: Model, findings) -> None:
    """A service's capacity provider strategy may name only providers associated with its cluster."""
    associated: dict[str, set[str]] = {}
    for _k, _l, assoc in model.of_type("AWS::ECS::ClusterCapacityProviderAssociations"):
        props = assoc["Properties"]
        associated.setdefault(props.get("Cluster"), set()).update(props.get("CapacityProviders") or [])
    for key, lid, service in model.of_type("AWS::ECS::Service"):
        props = service["Properties"]
        for item in props.get("CapacityProviderStrategy") or []:
            provider = item.get("CapacityProvider")
            if provider not in associated.get(props.get("Cluster"), set()):
                findings.append(Finding("rules", f"{key}/{lid}", "capacity provider strategy",
                                        f"{provider} is not associated with the service's cluster (ECS refuses the "
                                        f"service)", f"add {provider} to the cluster's capacity providers"))


def _cache(model: Model, findings) -> None:
    for key, lid, group in model.of_type("AWS::ElastiCache::ReplicationGroup"):
        props = group["Properties"]
        if props.get("AuthToken") and str(props.get("TransitEncryptionEnabled", "false")).lower() != "true":
            findings.append(Finding("rules", f"{key}/{lid}", "shared cache", "AuthToken without "
                                    "TransitEncryptionEnabled (ElastiCache refuses the replication group)",
                                    "set TransitEncryptionEnabled to true"))


def rules_findings(model: Model) -> list[Finding]:
    findings: list[Finding] = []
    _capacity_providers(model, findings)
    _cache(model, findings)
    _rules(model, findings)
    _fargate(model, findings)
    _lambda(model, findings)
    _cidrs(model, findings)
    return findings
