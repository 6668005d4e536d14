"""Tests of functions/secrets/handler.py (Custom::Secrets) against moto SSM, with a loopback
HTTP server standing in for CloudFormation's pre-signed response URL."""
from __future__ import annotations

import json
import string
import threading
import time

import pytest

from functions.secrets import handler as h
from tests.secrets_support import (  # noqa: F401 - the fixtures (aws ... ssm) register here
    LOGICAL_ID,
    NAMES,
    OWNER,
    PASSWORD_CHARS,
    PREFIX,
    STACK_ID,
    FakeContext,
    ResponseServer,
    all_parameters,
    client,
    client_error,
    event,
    expected_data,
    expected_doc,
    invoke,
    properties,
    tags_of,
    value_of,
    version_of,
    aws,
    faults,
    kms_key,
    no_leaks,
    server,
    sleeps,
    ssm,
)

def create(server, kms_key, **overrides):
    props = properties(kms_key, **overrides)
    invoke(event("Create", server.url, props))
    doc = server.documents()[-1]
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    return props, doc


# --- Create ---------------------------------------------------------------------------------
def test_create_generates_secrets_to_spec(server, kms_key, ssm):
    invoke(event("Create", server.url, properties(kms_key)))

    assert server.only_document() == expected_doc(
        "SUCCESS", "OK", f"secrets:{PREFIX}",
        expected_data({"master-key": 1, "salt-key": 1, "db-password": 1}))
    req = server.requests[0]
    assert req["method"] == "PUT" and req["path"].startswith("/cfn-response/abc?")
    content_type = [v for k, v in req["headers"].items() if k.lower() == "content-type"]
    assert content_type == [""]
    assert len(req["body"]) < 4096

    master = value_of(ssm, f"{PREFIX}/master-key")
    assert master.startswith("sk-") and len(master) == 3 + 48
    assert set(master[3:]) <= set(string.ascii_letters + string.digits)
    salt = value_of(ssm, f"{PREFIX}/salt-key")
    assert len(salt) == 64 and set(salt) <= set("0123456789abcdef")
    password = value_of(ssm, f"{PREFIX}/db-password")
    assert len(password) == 32 and set(password) <= PASSWORD_CHARS
    assert not set(password) & set('/@" ')
    assert len({master, salt, password}) == 3

    described = {p["Name"]: p for p in ssm.describe_parameters()["Parameters"]}
    assert sorted(described) == sorted(f"{PREFIX}/{n}" for n in NAMES)
    for name in NAMES:
        param = described[f"{PREFIX}/{name}"]
        assert param["Type"] == "SecureString"
        assert param["KeyId"] == kms_key
        assert param["Tier"] == "Standard"
        tags = tags_of(ssm, f"{PREFIX}/{name}")
        assert tags["llm-gateway:managed-by"] == OWNER
        assert tags["project"] == "llm-gateway" and tags["env"] == "dev"
        assert len(tags["llm-gateway:rotation-token"]) == 64


def test_generated_values_use_the_whole_alphabet(kms_key):
    """Statistical smoke test that generation is uniform over the documented alphabets."""
    inv = h._Invocation("r", 60)
    for alphabet, chars in h.ALPHABETS.items():
        secret = h._Secret("x", 128, alphabet, "", True)
        seen = set("".join(h._generate(secret, inv) for _ in range(40)))
        assert seen == set(chars)
    assert set(h.ALPHABETS["password"]) - set(string.ascii_letters + string.digits) == set("-_.~")


def test_create_in_another_partition_builds_arns_from_stack_id(server, aws, monkeypatch):
    region = "cn-north-1"
    stack = f"arn:aws-cn:cloudformation:{region}:123456789012:stack/gw/0f3c1a2e"
    key = f"arn:aws-cn:kms:{region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    ev = event("Create", server.url, properties(key, Secrets=[
        {"Name": "master-key", "Length": "32", "Alphabet": "alphanumeric", "Prefix": "sk-"}]))
    ev["StackId"] = stack
    invoke(ev)
    doc = server.only_document()
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert doc["Data"] == expected_data({"master-key": 1}, partition="aws-cn", region=region)
    cn = client("ssm", region)
    assert tags_of(cn, f"{PREFIX}/master-key")["llm-gateway:managed-by"] == f"{stack}/{LOGICAL_ID}"


def test_retried_create_is_idempotent(server, kms_key, ssm, faults):
    props, first = create(server, kms_key)
    values = {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}

    invoke(event("Create", server.url, props, request_id="req-0002"))
    second = server.documents()[-1]
    assert second == expected_doc("SUCCESS", "OK", f"secrets:{PREFIX}", first["Data"], "req-0002")
    assert {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES} == values
    assert "put_parameter" not in faults["clients"][-1].ops()


def test_create_resumes_after_partial_earlier_attempt(server, kms_key, ssm, faults):
    # An earlier attempt (same stack and logical id) wrote one parameter and then died.
    ssm.put_parameter(Name=f"{PREFIX}/salt-key", Value="0" * 64, Type="SecureString", KeyId=kms_key,
                      Tags=[{"Key": "llm-gateway:managed-by", "Value": OWNER}])
    invoke(event("Create", server.url, properties(kms_key)))
    doc = server.only_document()
    assert doc["Status"] == "SUCCESS"
    assert doc["Data"]["SaltKeyVersion"] == "1"
    assert value_of(ssm, f"{PREFIX}/salt-key") == "0" * 64  # adopted, not regenerated
    put_names = [kw["Name"] for op, kw in faults["clients"][0].calls if op == "put_parameter"]
    assert put_names == [f"{PREFIX}/master-key", f"{PREFIX}/db-password"]


def test_create_race_with_own_earlier_write_is_tolerated(server, kms_key, ssm, faults):
    def race(n, kwargs):
        if n == 1:  # our earlier, timed-out request landed just now
            ssm.put_parameter(Name=kwargs["Name"], Value="sk-" + "A" * 48, Type="SecureString",
                              KeyId=kms_key, Tags=kwargs["Tags"])

    faults["ops"]["put_parameter"] = race
    invoke(event("Create", server.url, properties(kms_key)))
    doc = server.only_document()
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert doc["Data"]["MasterKeyVersion"] == "1"


@pytest.mark.parametrize("foreign_tags", [None, [{"Key": "llm-gateway:managed-by", "Value": "someone-else"}]])
def test_create_refuses_to_overwrite_foreign_parameter(server, kms_key, ssm, foreign_tags):
    kwargs = {"Tags": foreign_tags} if foreign_tags else {}
    ssm.put_parameter(Name=f"{PREFIX}/db-password", Value="hand-made", Type="SecureString", **kwargs)

    invoke(event("Create", server.url, properties(kms_key)))

    assert server.only_document() == expected_doc(
        "FAILED",
        "Refusing to overwrite SSM parameter(s) not created by this resource (no llm-gateway:managed-by "
        f"tag for this stack/resource): {PREFIX}/db-password",
        "secrets:failed-create:req-0001")
    assert all_parameters(ssm) == [f"{PREFIX}/db-password"]  # nothing half-applied
    assert value_of(ssm, f"{PREFIX}/db-password") == "hand-made"
    assert version_of(ssm, f"{PREFIX}/db-password") == 1


# --- Update ---------------------------------------------------------------------------------
def test_update_with_same_token_changes_nothing(server, kms_key, ssm, faults):
    props, created = create(server, kms_key)
    values = {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}

    invoke(event("Update", server.url, props, old_props=props, physical_id=f"secrets:{PREFIX}"))

    assert server.documents()[-1] == expected_doc("SUCCESS", "OK", f"secrets:{PREFIX}", created["Data"])
    assert {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES} == values
    assert {n: version_of(ssm, f"{PREFIX}/{n}") for n in NAMES} == dict.fromkeys(NAMES, 1)
    ops = set(faults["clients"][-1].ops())
    assert ops == {"list_tags_for_resource", "get_parameter"}  # read-only


def test_update_with_new_token_rotates_rotatable_secrets_only(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    before = {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}

    new_props = dict(props, RotationToken="2")
    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))

    assert server.documents()[-1] == expected_doc(
        "SUCCESS", "OK", f"secrets:{PREFIX}",
        expected_data({"master-key": 2, "salt-key": 1, "db-password": 2}))
    after = {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}
    assert after["salt-key"] == before["salt-key"]
    assert after["master-key"] != before["master-key"] and after["master-key"].startswith("sk-")
    assert after["db-password"] != before["db-password"]
    assert tags_of(ssm, f"{PREFIX}/master-key")["llm-gateway:managed-by"] == OWNER

    # The same Update again (e.g. a retry) does not rotate a second time.
    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Data"]["MasterKeyVersion"] == "2"


def test_update_length_change_applies_at_next_rotation(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    longer = [dict(s, Length="64") if s["Name"] == "master-key" else s for s in props["Secrets"]]
    new_props = dict(props, Secrets=longer)
    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Data"]["MasterKeyVersion"] == "1"
    assert len(value_of(ssm, f"{PREFIX}/master-key")) == 3 + 48

    rotated = dict(new_props, RotationToken="2")
    invoke(event("Update", server.url, rotated, old_props=new_props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Data"]["MasterKeyVersion"] == "2"
    assert len(value_of(ssm, f"{PREFIX}/master-key")) == 3 + 64


def test_update_adds_and_removes_secrets(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    secrets = [s for s in props["Secrets"] if s["Name"] != "db-password"]
    secrets.append({"Name": "ui-password", "Length": "20", "Alphabet": "password"})
    new_props = dict(props, Secrets=secrets)

    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))

    assert server.documents()[-1] == expected_doc(
        "SUCCESS", "OK", f"secrets:{PREFIX}",
        expected_data({"master-key": 1, "salt-key": 1, "ui-password": 1}))
    assert all_parameters(ssm) == sorted(f"{PREFIX}/{n}" for n in ("master-key", "salt-key", "ui-password"))
    assert len(value_of(ssm, f"{PREFIX}/ui-password")) == 20


def test_update_removal_honours_retain_and_ownership(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    # db-password has since been handed to someone else: removal must not delete it.
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=f"{PREFIX}/db-password",
                             Tags=[{"Key": "llm-gateway:managed-by", "Value": "other"}])
    new_props = dict(props, Secrets=[s for s in props["Secrets"] if s["Name"] == "master-key"])
    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Status"] == "SUCCESS"
    assert all_parameters(ssm) == sorted(f"{PREFIX}/{n}" for n in ("master-key", "db-password"))

    retained = dict(props, RetainOnDelete="true")
    invoke(event("Update", server.url, retained, old_props=new_props, physical_id=f"secrets:{PREFIX}"))
    final = dict(retained, Secrets=[s for s in props["Secrets"] if s["Name"] == "salt-key"])
    invoke(event("Update", server.url, final, old_props=retained, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Status"] == "SUCCESS"
    assert f"{PREFIX}/master-key" in all_parameters(ssm)  # removed from the list but retained


def test_update_tags_are_synced_without_new_versions(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    new_props = dict(props, Tags=[{"Key": "project", "Value": "gateway"}, {"Key": "team", "Value": "ml"}])
    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Status"] == "SUCCESS"
    for name in NAMES:
        tags = tags_of(ssm, f"{PREFIX}/{name}")
        assert tags["project"] == "gateway" and tags["team"] == "ml" and "env" not in tags
        assert tags["llm-gateway:managed-by"] == OWNER
        assert version_of(ssm, f"{PREFIX}/{name}") == 1


def test_update_to_new_prefix_creates_new_physical_resource(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    old_values = {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}
    new_prefix = "/llm-gateway/dev2"
    new_props = dict(props, ParameterPrefix=new_prefix)

    invoke(event("Update", server.url, new_props, old_props=props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1] == expected_doc(
        "SUCCESS", "OK", f"secrets:{new_prefix}",
        expected_data(dict.fromkeys(NAMES, 1), prefix=new_prefix))
    assert value_of(ssm, f"{new_prefix}/salt-key") != old_values["salt-key"]

    # CloudFormation then deletes the old physical id with the old properties.
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}", request_id="req-del"))
    assert server.documents()[-1] == expected_doc("SUCCESS", "OK", f"secrets:{PREFIX}", {}, "req-del")
    assert all_parameters(ssm) == sorted(f"{new_prefix}/{n}" for n in NAMES)


def test_failed_update_keeps_physical_id_and_changes_nothing(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    bad = dict(props, RotationToken="2", Secrets=[dict(props["Secrets"][0], Length="8")])
    invoke(event("Update", server.url, bad, old_props=props, physical_id=f"secrets:{PREFIX}"))
    doc = server.documents()[-1]
    assert doc == expected_doc(
        "FAILED", "Secrets[0] (master-key).Length must be an integer string 16..128, got '8'",
        f"secrets:{PREFIX}")
    assert {n: version_of(ssm, f"{PREFIX}/{n}") for n in NAMES} == dict.fromkeys(NAMES, 1)

    # CloudFormation's rollback Update (old properties back, failed ones as "old") succeeds.
    invoke(event("Update", server.url, props, old_props=bad, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Status"] == "SUCCESS"
    assert {n: version_of(ssm, f"{PREFIX}/{n}") for n in NAMES} == dict.fromkeys(NAMES, 1)


# --- Delete ---------------------------------------------------------------------------------
def test_delete_removes_owned_parameters(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1] == expected_doc("SUCCESS", "OK", f"secrets:{PREFIX}", {})
    assert all_parameters(ssm) == []


def test_delete_tolerates_parameters_already_gone(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    ssm.delete_parameter(Name=f"{PREFIX}/salt-key")
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}"))
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}"))  # and a retry
    assert [d["Status"] for d in server.documents()] == ["SUCCESS", "SUCCESS", "SUCCESS"]
    assert all_parameters(ssm) == []


def test_delete_between_list_and_delete_race_is_tolerated(server, kms_key, ssm, faults):
    props, _ = create(server, kms_key)

    def vanish(n, kwargs):
        ssm.delete_parameter(Name=kwargs["Name"])  # someone else deleted it first

    faults["ops"]["delete_parameter"] = vanish
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Status"] == "SUCCESS"


def test_delete_honours_retain_on_delete_and_releases(server, kms_key, ssm, faults):
    props, _ = create(server, kms_key, RetainOnDelete="true")
    before = {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1] == expected_doc("SUCCESS", "OK", f"secrets:{PREFIX}", {})
    assert all_parameters(ssm) == sorted(f"{PREFIX}/{n}" for n in NAMES)
    for name in NAMES:
        param = f"{PREFIX}/{name}"
        assert value_of(ssm, param) == before[name]
        assert tags_of(ssm, param)["llm-gateway:released-by"] == OWNER
        assert tags_of(ssm, param)["llm-gateway:managed-by"] == OWNER
        assert tags_of(ssm, param)["env"] == "dev"  # the environment tag stays
        # re-encrypted under the AWS managed key: the stack's key may be deleted (failed first create)
        meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [param]}])["Parameters"][0]
        assert meta["KeyId"] == "alias/aws/ssm"
    # a retried Delete writes nothing new
    versions = {n: version_of(ssm, f"{PREFIX}/{n}") for n in NAMES}
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}", request_id="req-again"))
    assert server.documents()[-1]["Status"] == "SUCCESS"
    assert {n: version_of(ssm, f"{PREFIX}/{n}") for n in NAMES} == versions


def test_delete_leaves_foreign_parameters(server, kms_key, ssm):
    props, _ = create(server, kms_key)
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=f"{PREFIX}/master-key",
                             Tags=[{"Key": "llm-gateway:managed-by", "Value": "other-stack"}])
    invoke(event("Delete", server.url, props, physical_id=f"secrets:{PREFIX}"))
    assert server.documents()[-1]["Status"] == "SUCCESS"
    assert all_parameters(ssm) == [f"{PREFIX}/master-key"]


def test_delete_of_failed_create_placeholder_does_nothing(server, kms_key, ssm, faults):
    ssm.put_parameter(Name=f"{PREFIX}/master-key", Value="theirs", Type="SecureString")
    props = properties(kms_key)
    invoke(event("Create", server.url, props))
    failed = server.documents()[-1]
    assert failed["Status"] == "FAILED"
    placeholder = failed["PhysicalResourceId"]
    assert placeholder == "secrets:failed-create:req-0001"
    clients_before = len(faults["clients"])

    invoke(event("Delete", server.url, props, physical_id=placeholder, request_id="req-0002"))
    assert server.documents()[-1] == expected_doc("SUCCESS", "OK", placeholder, {}, "req-0002")
    assert len(faults["clients"]) == clients_before  # SSM untouched
    assert all_parameters(ssm) == [f"{PREFIX}/master-key"]
    assert value_of(ssm, f"{PREFIX}/master-key") == "theirs"


# --- injected faults ------------------------------------------------------------------------
def test_access_denied_fails_with_reason_and_rolls_back(server, kms_key, ssm, faults, sleeps):
    message = ("User: arn:aws:sts::123456789012:assumed-role/secrets-fn/x is not authorized to "
               "perform: ssm:PutParameter on resource: parameter/llm-gateway/dev/salt-key")

    def deny(n, kwargs):
        if kwargs["Name"].endswith("/salt-key"):
            raise client_error("AccessDeniedException", message, "PutParameter")

    faults["ops"]["put_parameter"] = deny
    invoke(event("Create", server.url, properties(kms_key)))
    assert server.only_document() == expected_doc(
        "FAILED", f"SSM put_parameter on {PREFIX}/salt-key failed: AccessDeniedException: {message}",
        "secrets:failed-create:req-0001")
    assert sleeps == []  # not retryable
    assert all_parameters(ssm) == []  # master-key, created first, was rolled back


def test_error_message_echoing_a_value_is_redacted(server, kms_key, faults):
    def echo(n, kwargs):
        raise client_error("ValidationException",
                           f"Value '{kwargs['Value']}' at 'value' failed to satisfy constraint",
                           "PutParameter")

    faults["ops"]["put_parameter"] = echo
    invoke(event("Create", server.url, properties(kms_key)))
    doc = server.only_document()
    assert doc["Status"] == "FAILED"
    assert doc["Reason"] == (f"SSM put_parameter on {PREFIX}/master-key failed: ValidationException: "
                             "Value '***' at 'value' failed to satisfy constraint")


@pytest.mark.parametrize("code,status", [("ThrottlingException", 400), ("TooManyUpdates", 400),
                                         ("InternalServerError", 500), ("Whatever", 503)])
def test_throttling_is_retried_and_recovers(server, kms_key, ssm, faults, sleeps, code, status):
    def throttle(n, kwargs):
        if n <= 2:
            raise client_error(code, "Rate exceeded", "PutParameter", status)

    faults["ops"]["put_parameter"] = throttle
    invoke(event("Create", server.url, properties(kms_key)))
    assert server.only_document()["Status"] == "SUCCESS"
    assert len(sleeps) == 2
    assert 0.125 <= sleeps[0] <= 0.25 and 0.25 <= sleeps[1] <= 0.5
    assert all_parameters(ssm) == sorted(f"{PREFIX}/{n}" for n in NAMES)


def test_throttling_exhausted_fails_after_bounded_attempts(server, kms_key, ssm, faults, sleeps):
    def throttle(n, kwargs):
        raise client_error("ThrottlingException", "Rate exceeded", "ListTagsForResource")

    faults["ops"]["list_tags_for_resource"] = throttle
    invoke(event("Create", server.url, properties(kms_key)))
    assert server.only_document() == expected_doc(
        "FAILED", f"SSM list_tags_for_resource on {PREFIX}/master-key failed after 6 attempts: "
                  "ThrottlingException: Rate exceeded",
        "secrets:failed-create:req-0001")
    assert len(sleeps) == h.SSM_MAX_ATTEMPTS - 1
    assert all(b >= a / 2 for a, b in zip(sleeps, sleeps[1:]))
    assert max(sleeps) <= h.SSM_BACKOFF_CAP_S
    assert all_parameters(ssm) == []


def test_throttling_retries_are_bounded_by_remaining_time(server, kms_key, faults, monkeypatch):
    clock = {"now": time.monotonic()}
    slept: list[float] = []

    def fake_sleep(seconds):
        slept.append(seconds)
        clock["now"] += seconds

    monkeypatch.setattr(h, "_sleep", fake_sleep)
    monkeypatch.setattr(h, "_monotonic", lambda: clock["now"])
    monkeypatch.setattr(h, "_uniform", lambda low, high: high)

    def throttle(n, kwargs):
        raise client_error("ThrottlingException", "Rate exceeded", "ListTagsForResource")

    faults["ops"]["list_tags_for_resource"] = throttle
    # 6 s left -> the work must end by 3 s: 0.25 + 0.5 + 1.0 fit, the next 2.0 would not.
    invoke(event("Create", server.url, properties(kms_key)), FakeContext(remaining_ms=6000))
    doc = server.only_document()
    assert doc["Status"] == "FAILED"
    assert "failed after 4 attempts: ThrottlingException" in doc["Reason"]
    assert slept == [0.25, 0.5, 1.0]


MALFORMED = [
    ("StackId missing", lambda ev: ev.pop("StackId"), "Malformed event: StackId"),
    ("StackId not an ARN", lambda ev: ev.update(StackId="my-stack"), "Malformed event: StackId"),
    ("RequestId a number", lambda ev: ev.update(RequestId=7), "Malformed event: RequestId"),
    ("LogicalResourceId missing", lambda ev: ev.pop("LogicalResourceId"), "Malformed event: LogicalResourceId"),
    ("properties not an object", lambda ev: ev.update(ResourceProperties=["x"]), "ResourceProperties must be an object"),
    ("properties missing", lambda ev: ev.pop("ResourceProperties"), "ResourceProperties must be an object"),
    ("unknown property", lambda ev: ev["ResourceProperties"].update(Secret="x"), "Unknown property Secret"),
    ("prefix missing", lambda ev: ev["ResourceProperties"].pop("ParameterPrefix"), "ParameterPrefix is required"),
    ("prefix relative", lambda ev: ev["ResourceProperties"].update(ParameterPrefix="llm/dev"), "ParameterPrefix 'llm/dev' must start with '/'"),
    ("prefix trailing slash", lambda ev: ev["ResourceProperties"].update(ParameterPrefix="/llm/dev/"), "ParameterPrefix '/llm/dev/'"),
    ("prefix bad chars", lambda ev: ev["ResourceProperties"].update(ParameterPrefix="/llm dev"), "ParameterPrefix '/llm dev'"),
    ("prefix reserved", lambda ev: ev["ResourceProperties"].update(ParameterPrefix="/aws/x"), "ParameterPrefix must not begin with 'aws'"),
    ("kms not an ARN", lambda ev: ev["ResourceProperties"].update(KmsKeyId="alias/x"), "KmsKeyId 'alias/x' is not a KMS key"),
    ("kms other region", lambda ev: ev["ResourceProperties"].update(
        KmsKeyId="arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
     "KmsKeyId must be a key in the stack's partition and region (aws, us-east-1)"),
    ("token not a string", lambda ev: ev["ResourceProperties"].update(RotationToken=["1"]), "RotationToken must be a string"),
    ("retain not boolean", lambda ev: ev["ResourceProperties"].update(RetainOnDelete="yes"), 'RetainOnDelete must be "true" or "false"'),
    ("secrets not a list", lambda ev: ev["ResourceProperties"].update(Secrets="master-key"), "Secrets is required and must be a non-empty list"),
    ("secrets empty", lambda ev: ev["ResourceProperties"].update(Secrets=[]), "Secrets is required and must be a non-empty list"),
    ("secret not an object", lambda ev: ev["ResourceProperties"]["Secrets"].append("x"), "Secrets[3] must be an object"),
    ("secret unknown key", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Size="1"), "Secrets[0] has unknown key Size"),
    ("name invalid", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Name="Master_Key"), "Secrets[0].Name 'Master_Key'"),
    ("name duplicate", lambda ev: ev["ResourceProperties"]["Secrets"][1].update(Name="master-key"), "Secrets[1] (master-key): duplicate Name"),
    ("length too short", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Length="15"), "Secrets[0] (master-key).Length must be an integer string 16..128, got '15'"),
    ("length too long", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Length="129"), "Secrets[0] (master-key).Length"),
    ("length not integer", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Length="32.0"), "Secrets[0] (master-key).Length"),
    ("length float", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Length=32.0), "Secrets[0] (master-key).Length"),
    ("length missing", lambda ev: ev["ResourceProperties"]["Secrets"][2].pop("Length"), "Secrets[2] (db-password).Length"),
    ("alphabet unknown", lambda ev: ev["ResourceProperties"]["Secrets"][1].update(Alphabet="base64"), "Secrets[1] (salt-key).Alphabet must be one of alphanumeric, hex, password"),
    ("prefix literal unsafe", lambda ev: ev["ResourceProperties"]["Secrets"][0].update(Prefix="sk/"), "Secrets[0] (master-key).Prefix"),
    ("rotatable not boolean", lambda ev: ev["ResourceProperties"]["Secrets"][1].update(Rotatable="no"), 'Secrets[1] (salt-key).Rotatable must be "true" or "false"'),
    ("tags not a list", lambda ev: ev["ResourceProperties"].update(Tags={"a": "b"}), "Tags must be a list"),
    ("tag reserved", lambda ev: ev["ResourceProperties"]["Tags"].append({"Key": "aws:x", "Value": "y"}), "Tags[2].Key 'aws:x' uses a reserved prefix"),
    ("tag shape", lambda ev: ev["ResourceProperties"]["Tags"].append({"Key": "a"}), "Tags[2] must be an object with exactly Key and Value"),
    ("tag duplicate", lambda ev: ev["ResourceProperties"]["Tags"].append({"Key": "env", "Value": "x"}), "Tags[2]: duplicate Key 'env'"),
    ("too many for 4096 bytes", lambda ev: ev["ResourceProperties"].update(Secrets=[
        {"Name": f"s{i}-" + "a" * 60, "Length": "16", "Alphabet": "hex"} for i in range(20)]),
     "response Data would exceed CloudFormation's 4096-byte limit"),
]


@pytest.mark.parametrize("mutate,reason", [(m, r) for _, m, r in MALFORMED], ids=[i for i, _, _ in MALFORMED])
def test_invalid_events_fail_cleanly_without_writes(server, kms_key, ssm, mutate, reason):
    ev = event("Create", server.url, properties(kms_key))
    mutate(ev)
    invoke(ev)
    doc = server.only_document()
    assert doc["Status"] == "FAILED"
    assert reason in doc["Reason"]
    assert doc["PhysicalResourceId"].startswith("secrets:failed-create:")
    assert doc["Data"] == {} and doc["NoEcho"] is False
    assert all_parameters(ssm) == []


def test_update_without_old_properties_fails(server, kms_key):
    ev = event("Update", server.url, properties(kms_key), physical_id=f"secrets:{PREFIX}")
    invoke(ev)
    assert server.only_document() == expected_doc(
        "FAILED", "Malformed event: OldResourceProperties is missing for Update", f"secrets:{PREFIX}")


def test_unknown_request_type_fails(server, kms_key):
    invoke(event("Upsert", server.url, properties(kms_key)))
    assert server.only_document() == expected_doc(
        "FAILED", "Unsupported RequestType 'Upsert'", "secrets:failed-create:req-0001")


@pytest.mark.parametrize("bad_event", ["not-json-object", None, ["Create"], {"RequestType": "Create"},
                                       {"RequestType": "Create", "ResponseURL": 42},
                                       {"RequestType": "Create", "ResponseURL": "http://example.com/x"}])
def test_event_without_usable_response_url_is_logged(server, caplog, bad_event):
    assert h.handler(bad_event, FakeContext()) is None
    assert server.requests == []
    assert any('"event": "no_response_url"' in r.getMessage() for r in caplog.records)


def test_no_context_still_answers(server, kms_key):
    assert h.handler(event("Create", server.url, properties(kms_key)), None) is None
    assert server.only_document()["Status"] == "SUCCESS"


def test_near_timeout_answers_failed_once_before_deadline(server, kms_key, ssm, faults):
    release = threading.Event()

    def block(n, kwargs):
        release.wait(5)

    faults["ops"]["list_tags_for_resource"] = block
    context = FakeContext(remaining_ms=1200)
    started = time.monotonic()
    worker = threading.Thread(target=h.handler, args=(event("Create", server.url, properties(kms_key)), context))
    worker.start()
    try:
        assert server.wait_for(1, timeout=3)
        arrived = server.requests[0]["at"] - started
        assert arrived < 1.2, f"FAILED arrived {arrived:.2f}s after start, past the deadline"
    finally:
        release.set()
        worker.join(5)
    assert not worker.is_alive()
    for timer in [t for t in threading.enumerate() if isinstance(t, threading.Timer)]:
        timer.join(5)  # the deadline timer that answered: any second answer would come from it (no sleep)
    assert server.only_document() == expected_doc(
        "FAILED", "Timed out: the Lambda deadline is near and the request did not finish "
                  "(nothing more will be written)",
        "secrets:failed-create:req-0001")
    assert all_parameters(ssm) == []  # the abandoned request stopped before writing


def test_response_url_5xx_is_retried_then_given_up(server, kms_key, sleeps, caplog):
    server.default_status = 500
    invoke(event("Create", server.url, properties(kms_key)))  # must not raise
    assert len(server.requests) == h.PUT_MAX_ATTEMPTS
    assert len({r["body"] for r in server.requests}) == 1  # the same document each time
    assert sleeps == [0.5, 1.0, 2.0]
    assert any('"event": "response_put_gave_up"' in r.getMessage() for r in caplog.records)


def test_response_url_retries_stop_at_the_lambda_deadline(server, kms_key, sleeps, monkeypatch):
    # The handler's clock moves only by its backoff sleeps, so a busy machine cannot eat the budget; the
    # timeout answer (not under test here) is kept out of the way.
    clock = [1000.0]
    monkeypatch.setattr(h, "_monotonic", lambda: clock[0] + sum(sleeps))
    monkeypatch.setattr(h, "_timer_delay", lambda remaining: 600.0)
    server.default_status = 500
    invoke(event("Create", server.url, properties(kms_key)), FakeContext(remaining_ms=2600))
    # 2.6 s left: the 0.5 s and 1 s backoffs fit (with a 1 s reserve), the 2 s one does not.
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]


def test_response_url_5xx_then_success(server, kms_key, sleeps):
    server.statuses = [502, 503]
    invoke(event("Create", server.url, properties(kms_key)))
    assert [r["status"] for r in server.requests] == [502, 503, 200]
    assert sleeps == [0.5, 1.0]


def test_response_url_403_is_not_retried(server, kms_key, sleeps):
    server.default_status = 403
    invoke(event("Create", server.url, properties(kms_key)))
    assert len(server.requests) == 1 and sleeps == []


def test_response_url_unreachable_gives_up_quietly(kms_key, sleeps, caplog):
    probe = ResponseServer()
    url = probe.url
    probe.httpd.server_close()  # nothing listens there any more
    invoke(event("Create", url, properties(kms_key)))
    assert sleeps == [0.5, 1.0, 2.0]
    assert any('"event": "response_put_gave_up"' in r.getMessage() for r in caplog.records)


def test_oversize_reason_is_truncated_below_4096_bytes(server, kms_key, monkeypatch):
    def explode(region):
        raise RuntimeError("boom " * 3000)

    monkeypatch.setattr(h, "_make_ssm_client", explode)
    invoke(event("Create", server.url, properties(kms_key)))
    req = server.requests[0]
    assert len(req["body"]) < 4096
    doc = server.only_document()
    assert doc["Status"] == "FAILED"
    assert doc["Reason"].startswith("Internal error: RuntimeError: boom boom")
    assert doc["Reason"].endswith("...[truncated]")
    assert doc["PhysicalResourceId"] == "secrets:failed-create:req-0001"


@pytest.mark.parametrize("reason", ['"' * 6000, "\u00e9\u4e2d" * 4000, "\\\n" * 3000])
def test_build_body_truncates_escaped_reasons(reason):
    body = h._build_body("FAILED", reason, "secrets:/p", STACK_ID, "r", LOGICAL_ID, {"A": "b"})
    assert len(body) < 4096
    doc = json.loads(body)
    assert doc["Reason"].endswith("...[truncated]") and doc["Data"] == {"A": "b"}
    assert len(body) > 3900  # truncated, not emptied


def test_build_body_with_oversized_ids_still_fits():
    body = h._build_body("SUCCESS", "OK", "p" * 5000, "s" * 5000, "r", "l", {})
    doc = json.loads(body)
    assert len(body) < 4096 and doc["Status"] == "FAILED"
