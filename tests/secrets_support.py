"""Helpers for tests/test_secrets_handler.py: a loopback stand-in for CloudFormation's
pre-signed response URL, fake Lambda contexts, event builders and an SSM client wrapper that
injects faults."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.exceptions import ClientError

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
