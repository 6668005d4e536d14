"""Benchmark of the Custom::Secrets handler against moto (never real AWS).

Usage (from the repository root, with boto3 + moto installed):

    python functions/secrets/bench.py [--runs 30]

Prints the handler's wall time per request type (median, p90, max, in ms), including the
response PUT to a loopback HTTP server that stands in for CloudFormation's pre-signed URL, and
the number of SSM API calls each request makes. moto answers in microseconds, so the figures
measure the handler's own overhead plus call count; against real SSM add ~10-40 ms per call.
Not part of the Lambda package (build.py zips handler.py alone).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Fake credentials and no proxies *before* boto3 is imported: this script never talks to AWS.
for _var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "HTTP_PROXY", "HTTPS_PROXY",
             "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_DEFAULT_REGION="us-east-1", AWS_REGION="us-east-1",
                  NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handler  # noqa: E402  (functions/secrets/handler.py, as Lambda imports it)

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/bench/00000000-0000-0000-0000-000000000000"
SECRETS = [
    {"Name": "master-key", "Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-"},
    {"Name": "salt-key", "Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-", "Rotatable": "false"},
    {"Name": "db-password", "Length": "40", "Alphabet": "password"},
]


class _Ok(BaseHTTPRequestHandler):
    def do_PUT(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.statuses.append(b'"Status":"SUCCESS"' in body)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class _Context:
    def get_remaining_time_in_millis(self):
        return 120_000


def _props(key_arn, prefix, token="1"):
    return {"ServiceToken": "bench", "ParameterPrefix": prefix, "KmsKeyId": key_arn,
            "RotationToken": token, "RetainOnDelete": "false", "Secrets": SECRETS,
            "Tags": [{"Key": "project", "Value": "llm-gateway"}]}


def _event(kind, url, props, old=None, physical_id=None, n=0):
    ev = {"RequestType": kind, "ResponseURL": url, "StackId": STACK_ID, "RequestId": f"bench-{kind}-{n}",
          "LogicalResourceId": "Secrets", "ResourceType": "Custom::Secrets", "ResourceProperties": props}
    if old is not None:
        ev["OldResourceProperties"] = old
    if physical_id is not None:
        ev["PhysicalResourceId"] = physical_id
    return ev


def _summary(label, samples, calls):
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    print(f"{label:28s} n={len(ms):3d}  median {statistics.median(ms):7.1f} ms  p90 {p90:7.1f} ms  "
          f"max {ms[-1]:7.1f} ms  SSM calls/request {calls}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    server.statuses = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/response"

    ssm_calls = []
    real_factory = handler._make_ssm_client

    def counting_factory(region):
        client = real_factory(region)
        client.meta.events.register("before-call.ssm", lambda **_: ssm_calls.append(1))
        return client

    handler._make_ssm_client = counting_factory
    context = _Context()
    results = {}
    try:
        with mock_aws():
            key = boto3.client("kms").create_key()["KeyMetadata"]["Arn"]
            boto3.client("ssm").describe_parameters()  # moto's own SSM start-up, not the handler's

            def timed(label, ev):
                before = len(ssm_calls)
                start = time.perf_counter()
                handler.handler(ev, context)
                elapsed = time.perf_counter() - start
                results.setdefault(label, ([], []))
                results[label][0].append(elapsed)
                results[label][1].append(len(ssm_calls) - before)

            # First request of a fresh process: the handler's botocore session loads the SSM model
            # and endpoint data (what a Lambda cold start pays).
            timed("Create (cold process)", _event("Create", url, _props(key, "/bench/cold")))
            for n in range(args.runs):
                prefix = f"/bench/run{n}"
                props = _props(key, prefix)
                pid = f"secrets:{prefix}"
                timed("Create", _event("Create", url, props, n=n))
                timed("Update, same token (no-op)", _event("Update", url, props, props, pid, n))
                rotated = _props(key, prefix, token="2")
                timed("Update, new token (rotate)", _event("Update", url, rotated, props, pid, n))
                timed("Delete", _event("Delete", url, rotated, physical_id=pid, n=n))
    finally:
        handler._make_ssm_client = real_factory
        server.shutdown()
        server.server_close()
        thread.join(5)

    if not server.statuses or not all(server.statuses):
        print(f"ERROR: {server.statuses.count(False)} of {len(server.statuses)} responses were not SUCCESS")
        return 1
    for label, (samples, calls) in results.items():
        _summary(label, samples, "/".join(str(c) for c in sorted(set(calls))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
