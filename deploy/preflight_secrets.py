"""Secrets the enabled providers need: every container secret of the resolved task definitions that points
at a concrete SSM parameter (not one the stack generates itself) must exist before the tasks start."""
from __future__ import annotations

from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED, WARNING, Row, Unchecked, call

AREA = "secrets"
PERMISSIONS = ("ssm:DescribeParameters",)


def needed(model) -> list[tuple[str, str, str]]:
    """(container, environment variable, SSM parameter name) of each secret the stack does not create."""
    found = []
    for _stack, _logical_id, props in model.of_type("AWS::ECS::TaskDefinition"):
        for container in props.get("ContainerDefinitions") or []:
            for secret in container.get("Secrets") or []:
                source = str(secret.get("ValueFrom", ""))
                if source.startswith("arn:") and ":ssm:" in source and ":parameter/" in source:
                    found.append((container.get("Name", "?"), secret.get("Name", "?"),
                                  source.split(":parameter", 1)[1]))
                elif source.startswith("/"):
                    found.append((container.get("Name", "?"), secret.get("Name", "?"), source))
    return found


def _fix(model, env: str, parameter: str, variable: str, stack_exists: bool) -> str:
    # `deploy-stack secret set NAME` writes SecretsPrefix/NAME (deploy/secret.py), the nested stack's output.
    prefix = next((str(outs["SecretsPrefix"]).rstrip("/") for outs in model.outputs.values()
                   if "SecretsPrefix" in outs), "")
    if not prefix or not parameter.startswith(prefix + "/"):
        return f"create the SecureString parameter {parameter} in {model.region}"
    command = f"`deploy-stack secret set {parameter[len(prefix) + 1:]} --env {env}`"
    if stack_exists:
        return f"run {command}"
    return (f"the stack does not exist yet and `secret set` encrypts with the stack's key: deploy first "
            f"without the provider that needs {variable}, then run {command}, then enable it")


def provider_keys(aws, model, env: str, stack_exists: bool) -> list[Row]:
    wanted = needed(model)
    if not wanted:
        return [Row(AREA, "provider API keys", PASSED, "no enabled provider needs a stored key")]
    try:
        resp = call(aws.client("ssm"), "describe_parameters", "ssm:DescribeParameters",
                    ParameterFilters=[{"Key": "Name", "Option": "Equals",
                                       "Values": sorted({p for _c, _v, p in wanted})}])
    except Unchecked as exc:
        return [Row(AREA, f"{variable} ({parameter})", UNCHECKED, str(exc)) for _c, variable, parameter in wanted]
    present = {p["Name"]: p for p in resp.get("Parameters", [])}
    rows = []
    for container, variable, parameter in wanted:
        check = f"{variable} ({parameter})"
        if parameter not in present:
            rows.append(Row(AREA, check, BLOCKER, f"missing: container {container} would fail to start; "
                                                  f"{_fix(model, env, parameter, variable, stack_exists)}"))
        elif present[parameter].get("Type") != "SecureString":
            rows.append(Row(AREA, check, WARNING, f"stored as {present[parameter].get('Type')}, not SecureString"))
        else:
            rows.append(Row(AREA, check, PASSED, "stored (SecureString)"))
    return rows
