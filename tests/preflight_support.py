"""Helpers for tests/test_preflight*.py: the resolved model of the real dist/ for one environment, and a
target whose clients are botocore Stubbers (real response shapes, checked against the service models) or
moto clients."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import boto3
import moto  # noqa: F401 - moto's botocore hook must be registered before _SESSION exists
from botocore.stub import Stubber

from deploy import params, preflight_model
from deploy.project import Project

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
ACCOUNT = "123456789012"
STACK = "llm-gateway-dev"
T0 = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
_SESSION = boto3.session.Session(region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")


def values_for(env: str = "dev", **overrides: str) -> dict[str, str]:
    project = Project(ROOT)
    template, problems = project.load_parent()
    assert not problems, problems
    pairs, problems = params.load_file(project.params_path(env), f"params/{env}.json", project.environments())
    assert not problems, problems
    values, problems = params.resolve(template, "dist/parent.yaml", pairs, f"params/{env}.json",
                                      list(overrides.items()), env, None)
    assert not problems, problems
    return values


def model_for(env: str = "dev", **overrides: str) -> preflight_model.Model:
    return preflight_model.build(ROOT / "dist", values_for(env, **overrides), f"llm-gateway-{env}", REGION, ACCOUNT)


def set_property(model, resource_type: str, name: str, value) -> None:
    """Put a fault back into the resolved model: set a property on every resource of a type."""
    hits = model.of_type(resource_type)
    assert hits, f"no {resource_type} in the model"
    for _stack, _logical_id, props in hits:
        props[name] = value


class StubTarget:
    """client(service) -> a stubbed client; `stub(service)` gives its Stubber to queue responses on."""

    def __init__(self, moto_services: tuple[str, ...] = ()):
        self.clients, self.stubbers = {}, {}
        self.moto = {s: _SESSION.client(s) for s in moto_services}

    def client(self, service: str):
        if service in self.moto:
            return self.moto[service]
        if service not in self.clients:
            self.clients[service] = _SESSION.client(service)
            self.stubbers[service] = Stubber(self.clients[service])
            self.stubbers[service].activate()
        return self.clients[service]

    def stub(self, service: str) -> Stubber:
        self.client(service)
        return self.stubbers[service]

    def done(self) -> None:
        for stubber in self.stubbers.values():
            stubber.assert_no_pending_responses()


def quota(stub: Stubber, service: str, code: str, value: float) -> None:
    stub.add_response("get_service_quota", {"Quota": {
        "ServiceCode": service, "QuotaCode": code, "QuotaName": code, "Value": value, "Unit": "None",
        "Adjustable": True, "GlobalQuota": False}}, {"ServiceCode": service, "QuotaCode": code})


def statuses(rows) -> dict[str, str]:
    return {r.check: r.status for r in rows}
