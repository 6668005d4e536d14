"""Helpers and fixtures for the secrets handler tests (test_secrets_handler.py, test_secrets_handler_faults.py,
test_secrets_adoption.py): a loopback stand-in for CloudFormation's pre-signed response URL, fake Lambda
contexts, event builders, an SSM client wrapper that injects faults, and the moto fixtures. A test file
registers the fixtures by importing them from here."""
from __future__ import annotations

import json
import logging
import string
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from functions.secrets import handler as h

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
STACK_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/llm-gateway-dev/0f3c1a2e-5b7d-4c1e-9f00-123456789abc"
LOGICAL_ID = "GatewaySecrets"
SERVICE_TOKEN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:llm-gateway-secrets"
PREFIX = "/llm-gateway/dev"


class ResponseServer:
    """Loopback HTTP server recording every request; answers with queued status codes (default 200)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.default_status = 200
        self._cond = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with outer._cond:
                    status = outer.statuses.pop(0) if outer.statuses else outer.default_status
                    outer.requests.append({
                        "method": "PUT", "path": self.path, "headers": dict(self.headers.items()),
                        "raw_headers": self.headers.as_string(), "body": body,
                        "at": time.monotonic(), "status": status,
                    })
                    outer._cond.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # keep test output quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/cfn-response/abc?X-Amz-Signature=fake"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def start(self) -> "ResponseServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def wait_for(self, count: int, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.requests) >= count, timeout=timeout)

    def documents(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]

    def only_document(self) -> dict:
        assert len(self.requests) == 1, f"expected exactly one response, got {len(self.requests)}"
        return json.loads(self.requests[0]["body"])

    def clear(self) -> None:
        with self._cond:
            self.requests.clear()


class FakeContext:
    """Lambda context whose remaining time counts down in real time."""

    def __init__(self, remaining_ms: int = 120_000):
        self._deadline = time.monotonic() + remaining_ms / 1000.0
        self.aws_request_id = "lambda-request-1"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def standard_secrets() -> list[dict]:
    return [
        {"Name": "master-key", "Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-",
         "Rotatable": "true"},
        {"Name": "salt-key", "Length": "64", "Alphabet": "hex", "Rotatable": "false"},
        {"Name": "db-password", "Length": "32", "Alphabet": "password"},
    ]


def properties(kms_key_arn: str, **overrides) -> dict:
    props = {
        "ServiceToken": SERVICE_TOKEN,
        "ParameterPrefix": PREFIX,
        "KmsKeyId": kms_key_arn,
        "RotationToken": "1",
        "RetainOnDelete": "false",
        "Secrets": standard_secrets(),
        "Tags": [{"Key": "project", "Value": "llm-gateway"}, {"Key": "env", "Value": "dev"}],
    }
    props.update(overrides)
    return {k: v for k, v in props.items() if v is not None}


def event(request_type: str, url: str, props: dict | None = None, *, old_props: dict | None = None,
          physical_id: str | None = None, request_id: str = "req-0001") -> dict:
    ev = {
        "RequestType": request_type,
        "ServiceToken": SERVICE_TOKEN,
        "ResponseURL": url,
        "StackId": STACK_ID,
        "RequestId": request_id,
        "LogicalResourceId": LOGICAL_ID,
        "ResourceType": "Custom::Secrets",
        "ResourceProperties": props if props is not None else {},
    }
    if old_props is not None:
        ev["OldResourceProperties"] = old_props
    if physical_id is not None:
        ev["PhysicalResourceId"] = physical_id
    return ev


def client_error(code: str, message: str, operation: str, status: int = 400) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message},
                        "ResponseMetadata": {"HTTPStatusCode": status}}, operation)


class FaultyClient:
    """Wraps a real (moto) SSM client. ``faults[op]`` is a callable ``(n, kwargs)`` run before
    the n-th (1-based) call of ``op``; it may raise to inject a fault or block."""

    def __init__(self, real, faults: dict | None = None):
        self._real = real
        self.faults = faults or {}
        self.calls: list[tuple[str, dict]] = []
        self._counts: dict[str, int] = {}

    def __getattr__(self, op):
        target = getattr(self._real, op)
        if not callable(target):
            return target

        def call(**kwargs):
            self._counts[op] = self._counts.get(op, 0) + 1
            self.calls.append((op, {k: v for k, v in kwargs.items() if k != "Value"}))
            fault = self.faults.get(op)
            if fault is not None:
                fault(self._counts[op], kwargs)
            return target(**kwargs)

        return call

    def ops(self) -> list[str]:
        return [op for op, _ in self.calls]


# --- shared by the secrets handler test files ------------------------------------------------
OWNER = f"{STACK_ID}/{LOGICAL_ID}"
NAMES = ("master-key", "salt-key", "db-password")
CAMEL = {"master-key": "MasterKey", "salt-key": "SaltKey", "db-password": "DbPassword"}
PASSWORD_CHARS = set(string.ascii_letters + string.digits + "-_.~")
_SESSION = boto3.session.Session()  # service models load once for the whole file


def client(service, region=REGION):
    return _SESSION.client(service, region_name=region)


# --- fixtures (shared by the secrets handler test files) -------------------------------------------------------------------------------
@pytest.fixture
def aws(monkeypatch):
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with mock_aws():
        yield


@pytest.fixture
def kms_key(aws):
    # The handler never calls KMS itself (SSM does) and moto's SSM does not check the key, so a
    # well-formed ARN is enough; creating a moto key costs ~80 ms of RSA generation per test.
    return f"arn:aws:kms:{REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture
def ssm(aws):
    return client("ssm")


@pytest.fixture
def server():
    srv = ResponseServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def sleeps(monkeypatch):
    """Backoff sleeps are recorded, never slept."""
    recorded: list[float] = []
    monkeypatch.setattr(h, "_sleep", recorded.append)
    return recorded


@pytest.fixture
def faults(monkeypatch):
    """Every SSM client the handler makes is wrapped; set ``faults["ops"][op] = fn(n, kwargs)``."""
    state = {"ops": {}, "clients": []}
    real_factory = h._make_ssm_client

    def factory(region):
        client = FaultyClient(real_factory(region), state["ops"])
        state["clients"].append(client)
        return client

    monkeypatch.setattr(h, "_make_ssm_client", factory)
    return state


@pytest.fixture(autouse=True)
def no_leaks(request, monkeypatch, caplog, capsys):
    """Record every generated value; after the test none may appear in logs, output or responses."""
    caplog.set_level(logging.INFO)
    generated: list[str] = []
    real_generate = h._generate

    def spy(secret, inv):
        value = real_generate(secret, inv)
        generated.append(value)
        return value

    monkeypatch.setattr(h, "_generate", spy)
    yield generated
    logs = "\n".join(r.getMessage() for r in caplog.get_records("call"))
    out, err = capsys.readouterr()
    srv = request.node.funcargs.get("server")
    bodies = "\n".join(r["body"].decode() for r in srv.requests) if srv else ""
    for value in generated:
        for haystack, where in ((logs, "logs"), (out + err, "output"), (bodies, "responses")):
            assert value not in haystack, f"a generated value leaked into {where}"
            assert value[-16:] not in haystack, f"part of a generated value leaked into {where}"


def invoke(ev, context=None):
    assert h.handler(ev, context if context is not None else FakeContext()) is None


def expected_doc(status, reason, physical_id, data=None, request_id="req-0001"):
    return {"Status": status, "Reason": reason, "PhysicalResourceId": physical_id,
            "StackId": STACK_ID, "RequestId": request_id, "LogicalResourceId": LOGICAL_ID,
            "NoEcho": False, "Data": data or {}}


def expected_data(versions: dict, prefix=PREFIX, partition="aws", region=REGION):
    data = {}
    for name, version in versions.items():
        camel = "".join(p.capitalize() for p in name.split("-"))
        param = f"{prefix}/{name}"
        data[f"{camel}ParameterName"] = param
        data[f"{camel}ParameterArn"] = f"arn:{partition}:ssm:{region}:123456789012:parameter{param}"
        data[f"{camel}Version"] = str(version)
    return data


def value_of(ssm, name):
    return ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]


def version_of(ssm, name):
    return ssm.get_parameter(Name=name)["Parameter"]["Version"]


def tags_of(ssm, name):
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)["TagList"]
    return {t["Key"]: t["Value"] for t in tags}


def all_parameters(ssm):
    return sorted(p["Name"] for p in ssm.describe_parameters()["Parameters"])


SSM_TAG_LIMIT = 50  # AddTagsToResource: "a maximum of 50 tags" per resource (TooManyTagsError)


def model_tag_limit(ssm):
    """AddTagsToResource as AWS does it: refused when the resource would exceed 50 tags (moto
    does not enforce the limit)."""
    def check(n, kwargs):
        current = set(tags_of(ssm, kwargs["ResourceId"]))
        after = current | {t["Key"] for t in kwargs["Tags"]}
        if len(after) > SSM_TAG_LIMIT:
            raise client_error("TooManyTagsError",
                               "The Systems Manager resource can have a maximum of 50 tags.",
                               "AddTagsToResource")
    return check
