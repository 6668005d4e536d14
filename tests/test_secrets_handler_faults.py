"""Issue 11 fault 9: the secrets Lambda's timeout rollback, malformed ResponseURLs, tag updates
near SSM's 50-tag limit and botocore's DEBUG logging of request bodies."""
from __future__ import annotations

import logging
import threading
import time

import pytest

from functions.secrets import handler as h
from tests.secrets_support import (  # noqa: F401 - the fixtures (aws ... ssm) register here
    ACCOUNT,
    NAMES,
    PREFIX,
    REGION,
    FakeContext,
    all_parameters,
    event,
    invoke,
    model_tag_limit,
    properties,
    tags_of,
    aws,
    faults,
    kms_key,
    no_leaks,
    server,
    sleeps,
    ssm,
)

# --- timeout while the last write is in flight -------------------------------------------
def test_timeout_during_last_write_rolls_back_what_was_written(server, kms_key, ssm, faults, caplog):
    def hold_last_write(n, kwargs):
        if n == len(NAMES):  # the last put_parameter: finish only after FAILED was sent
            assert server.wait_for(1, timeout=5)

    faults["ops"]["put_parameter"] = hold_last_write
    # Nothing there yet; the call also loads moto's SSM backend (2 s on a busy machine, the first time in a run)
    # before the handler's clock runs.
    assert all_parameters(ssm) == []
    # 4 s: the timer answers at 2 s (the first writes are done long before), leaving 2 s for the rollback.
    worker = threading.Thread(target=h.handler,
                              args=(event("Create", server.url, properties(kms_key)), FakeContext(4000)))
    worker.start()
    worker.join(4)
    assert not worker.is_alive()
    time.sleep(0.1)
    doc = server.only_document()
    assert doc["Status"] == "FAILED" and doc["Reason"].startswith("Timed out")
    assert all_parameters(ssm) == []  # all three writes, the last one included, were rolled back
    events = [r.getMessage() for r in caplog.records]
    assert sum('"event": "parameter_created"' in e for e in events) == len(NAMES)  # the last write landed
    assert sum('"event": "rollback_deleted"' in e for e in events) == len(NAMES)

    # The stack rolled back; a new stack (new StackId, so another owner) creates them again.
    server.clear()
    faults["ops"].clear()
    new_stack = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/llm-gateway-dev/another-uuid"
    again = dict(event("Create", server.url, properties(kms_key), request_id="req-0002"), StackId=new_stack)
    invoke(again)
    assert server.only_document()["Status"] == "SUCCESS", server.only_document()["Reason"]


# --- malformed ResponseURL ----------------------------------------------------------------
BAD_URLS = [
    "https://[::1/cfn-response",              # unclosed IPv6 literal: urlsplit raises ValueError
    "https://[fe80::1%25eth0/x",
    "https://example.com/caf\u00e9?X-Amz-Signature=x",  # non-ASCII path cannot go on the request line
    "https://ex\u00e4mple.com/x",
    "https://example.com:99999/x",            # port out of range
    "https://example.com:abc/x",
    "https://example.com/a b",
    "https://example.com/x\r\nX-Injected: 1",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_malformed_response_url_is_logged_never_raised(kms_key, ssm, url, caplog, faults):
    assert h.handler(event("Create", url, properties(kms_key)), FakeContext()) is None
    assert any('"event": "no_response_url"' in r.getMessage() for r in caplog.records)
    assert faults["clients"] == []  # refused before any SSM client was made
    assert all_parameters(ssm) == []


@pytest.mark.parametrize("url", ["https://[::1/x", "http://127.0.0.1:99999/x", "https://example.com/\u00e9"])
def test_put_response_never_raises(url, caplog, sleeps):
    assert h._put_response(url, b"{}", time.monotonic() + 30) is False
    assert any('"event": "response_put_gave_up"' in r.getMessage() for r in caplog.records)


# --- tags near the 50-tag limit -----------------------------------------------------------
def test_model_tag_limit_refuses_the_51st_tag(ssm, kms_key):
    ssm.put_parameter(Name="/t/x", Value="v", Type="String",
                      Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(Exception, match="TooManyTagsError"):
        model_tag_limit(ssm)(1, {"ResourceId": "/t/x", "Tags": [{"Key": "k50", "Value": "v"}]})
    model_tag_limit(ssm)(1, {"ResourceId": "/t/x", "Tags": [{"Key": "k1", "Value": "changed"}]})


def test_replacing_all_user_tags_stays_within_the_limit(server, kms_key, ssm, faults, sleeps):
    old_tags = [{"Key": f"old-{i}", "Value": "1"} for i in range(h.MAX_USER_TAGS)]
    new_tags = [{"Key": f"new-{i}", "Value": "2"} for i in range(h.MAX_USER_TAGS)]
    props = properties(kms_key, Tags=old_tags)
    invoke(event("Create", server.url, props))
    assert server.documents()[-1]["Status"] == "SUCCESS"

    faults["ops"]["add_tags_to_resource"] = model_tag_limit(ssm)
    new_props = dict(props, Tags=new_tags)
    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))
    doc = server.documents()[-1]
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    for name in NAMES:
        tags = tags_of(ssm, f"{PREFIX}/{name}")
        assert {k for k in tags if not k.startswith("llm-gateway:")} == {t["Key"] for t in new_tags}
        assert len(tags) == h.MAX_USER_TAGS + 2  # owner and rotation token; the released mark needs the 50th


# --- DEBUG logging never prints request bodies -------------------------------------------
@pytest.fixture
def restore_library_levels():
    names = [n for n in logging.Logger.manager.loggerDict if n.split(".")[0] in h.QUIET_LOGGERS]
    saved = {n: logging.getLogger(n).level for n in names}
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize("lowered", [[], ["botocore"], ["botocore", "botocore.endpoint", "urllib3"]])
def test_debug_logging_never_prints_secret_values(server, kms_key, ssm, caplog, no_leaks,
                                                  restore_library_levels, lowered):
    # The Lambda runtime sets the root logger to the function's application log level (DEBUG
    # here); someone may also have lowered a library logger explicitly.
    caplog.set_level(logging.DEBUG)
    for name in lowered:
        logging.getLogger(name).setLevel(logging.DEBUG)
    invoke(event("Create", server.url, properties(kms_key)))
    assert server.only_document()["Status"] == "SUCCESS"
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert len(no_leaks) == len(NAMES)
    for value in no_leaks:
        assert value not in logs, "a secret value was logged"
    assert not [r for r in caplog.records if r.name.startswith("botocore") and r.levelno < logging.WARNING]


def test_timeout_answer_winning_the_race_after_success_still_rolls_back(server, kms_key, ssm, monkeypatch):
    """The timer fires after the action returned and was checked, but before SUCCESS is sent: simulated
    deterministically by sending the timer's FAILED first from inside the SUCCESS send."""
    real_send = h._Responder.send

    def timer_wins(self, status, reason, physical_id, data=None):
        if status == "SUCCESS":
            real_send(self, "FAILED", "Timed out", "secrets:failed-create:req-0001")
        return real_send(self, status, reason, physical_id, data)

    monkeypatch.setattr(h._Responder, "send", timer_wins)
    invoke(event("Create", server.url, properties(kms_key)))
    assert server.only_document()["Status"] == "FAILED"
    assert all_parameters(ssm) == []  # what the invocation wrote was rolled back
