"""The data template and the secrets handler agree: the properties the template renders are accepted by
the real handler, and every attribute the template reads with GetAtt is in the handler's Data."""
import json
import re

import pytest
from moto import mock_aws

from functions.secrets import handler
from deploy.evaluator import Evaluator
from tests.secrets_support import REGION, STACK_ID, FakeContext, ResponseServer, event
from tests.test_data import WIRED

KEY_ARN = f"arn:aws:kms:{REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def attributes_read(node, logical_id="Secrets"):
    """Attribute names an evaluated template reads from `logical_id` (the evaluator renders GetAtt as "Id.Attr")."""
    if isinstance(node, str):
        yield from re.findall(rf"\b{logical_id}\.(\w+)", node)
    elif isinstance(node, dict):
        for value in node.values():
            yield from attributes_read(value, logical_id)
    elif isinstance(node, list):
        for item in node:
            yield from attributes_read(item, logical_id)


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with mock_aws():
        yield


@pytest.mark.parametrize("shared_cache", ["false", "true"])
def test_handler_accepts_the_rendered_properties_and_returns_what_the_template_reads(templates, aws, shared_cache):
    evaluator = Evaluator(templates["data"], WIRED | {"EnableSharedCache": shared_cache})
    resources = evaluator.resources()
    props = resources["Secrets"]["Properties"]
    props["KmsKeyId"] = KEY_ARN  # the evaluator leaves GetAtt as "Key.Arn"
    server = ResponseServer().start()
    try:
        handler.handler(event("Create", server.url, props), FakeContext())
        assert server.wait_for(1)
        response = server.only_document()
    finally:
        server.stop()
    assert response["Status"] == "SUCCESS", response["Reason"]
    read = set(attributes_read([resources, evaluator.outputs()]))
    assert {"DbPasswordParameterName", "DbPasswordVersion", "MasterKeyParameterArn"} <= read
    assert ("CacheAuthVersion" in read) is (shared_cache == "true")
    assert read <= set(response["Data"]), sorted(read - set(response["Data"]))
    assert response["PhysicalResourceId"] == "secrets:/llm-gateway/dev"
    assert not any(value.startswith("sk-") for value in response["Data"].values())
    assert json.dumps(response).count("resolve") == 0
    assert STACK_ID.split(":")[4] in response["Data"]["MasterKeyParameterArn"]
