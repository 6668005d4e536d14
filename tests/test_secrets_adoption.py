"""Issue 11 fault class 4: destroy -> deploy (and failed create -> create) of an environment whose
Custom::Secrets keeps its parameters (RetainOnDelete). Delete releases them; the next resource under the
same prefix adopts them with their values. Against moto SSM, the real handler."""
from __future__ import annotations

import pytest

from functions.secrets import handler as h
from tests.secrets_support import (  # noqa: F401 - the fixtures (aws ... ssm) register here
    ACCOUNT,
    LOGICAL_ID,
    NAMES,
    OWNER,
    PREFIX,
    REGION,
    SSM_TAG_LIMIT,
    all_parameters,
    client_error,
    event,
    invoke,
    model_tag_limit,
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

# The next stack of the environment: a new stack id (a nested stack also gets a new name suffix) and a new key.
NEXT_STACK = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/llm-gateway-dev-Data-NEW1/11111111-2222-3333-4444-555555555555"
NEXT_OWNER = f"{NEXT_STACK}/{LOGICAL_ID}"
NEXT_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/99999999-8888-7777-6666-555555555555"
PHYSICAL = f"secrets:{PREFIX}"


def send(server, request_type, props, stack_id=None, **kwargs):
    ev = event(request_type, server.url, props, **kwargs)
    if stack_id:
        ev["StackId"] = stack_id
    invoke(ev)
    return server.documents()[-1]


def values(ssm):
    return {n: value_of(ssm, f"{PREFIX}/{n}") for n in NAMES}


def key_of(ssm, name):
    meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"]
    return meta[0]["KeyId"]


def first_stack_then_delete(server, kms_key, ssm, **overrides):
    """Create with RetainOnDelete, then Delete: a destroy, or the rollback of a create that failed later."""
    props = properties(kms_key, RetainOnDelete="true", **overrides)
    assert send(server, "Create", props)["Status"] == "SUCCESS"
    kept = values(ssm)
    assert send(server, "Delete", props, physical_id=PHYSICAL)["Status"] == "SUCCESS"
    return props, kept


@pytest.mark.parametrize("retry_key", ["same", "new"], ids=["destroy-then-create", "failed-create-then-create"])
def test_next_create_adopts_released_parameters(server, kms_key, ssm, retry_key):
    _, kept = first_stack_then_delete(server, kms_key, ssm)
    key = kms_key if retry_key == "same" else NEXT_KEY  # a failed first create's key is deleted on rollback
    doc = send(server, "Create", properties(key, RetainOnDelete="true"), stack_id=NEXT_STACK)
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert values(ssm) == kept  # salt key, master key and DB password unchanged
    for name in NAMES:
        param = f"{PREFIX}/{name}"
        tags = tags_of(ssm, param)
        assert tags["llm-gateway:managed-by"] == NEXT_OWNER
        assert "llm-gateway:released-by" not in tags
        assert key_of(ssm, param) == key  # readable with the new stack's key
        assert doc["Data"][f"{h._camel(name)}Version"] == str(version_of(ssm, param))


def test_foreign_parameter_is_still_refused(server, kms_key, ssm):
    ssm.put_parameter(Name=f"{PREFIX}/salt-key", Value="theirs", Type="SecureString")
    # Even a released mark does not make it ours without our owner tag naming the same resource.
    ssm.put_parameter(Name=f"{PREFIX}/master-key", Value="theirs-too", Type="SecureString",
                      Tags=[{"Key": "llm-gateway:released-by", "Value": "someone"}])
    doc = send(server, "Create", properties(kms_key), stack_id=NEXT_STACK)
    assert doc["Status"] == "FAILED"
    assert "Refusing to overwrite" in doc["Reason"] and f"{PREFIX}/salt-key" in doc["Reason"]
    assert f"{PREFIX}/master-key" in doc["Reason"]
    assert value_of(ssm, f"{PREFIX}/salt-key") == "theirs"
    assert all_parameters(ssm) == [f"{PREFIX}/master-key", f"{PREFIX}/salt-key"]


def test_parameter_of_a_live_resource_is_still_refused(server, kms_key, ssm):
    props = properties(kms_key, RetainOnDelete="true")
    assert send(server, "Create", props)["Status"] == "SUCCESS"   # live: never deleted, never released
    kept = values(ssm)
    doc = send(server, "Create", props, stack_id=NEXT_STACK)
    assert doc["Status"] == "FAILED" and "Refusing to overwrite" in doc["Reason"]
    assert values(ssm) == kept
    assert {tags_of(ssm, f"{PREFIX}/{n}")["llm-gateway:managed-by"] for n in NAMES} == {OWNER}


def test_failed_adoption_releases_again_and_the_next_create_adopts(server, kms_key, ssm, faults):
    _, kept = first_stack_then_delete(server, kms_key, ssm)
    calls = {"n": 0}

    def fail_last_owner_tag(n, kwargs):
        if kwargs["ResourceId"].endswith("db-password") and kwargs["Tags"][0]["Value"] == NEXT_OWNER \
                and len(kwargs["Tags"]) == 1:
            calls["n"] += 1
            raise client_error("AccessDeniedException", "not allowed", "AddTagsToResource")

    faults["ops"]["add_tags_to_resource"] = fail_last_owner_tag
    doc = send(server, "Create", properties(NEXT_KEY, RetainOnDelete="true"), stack_id=NEXT_STACK)
    assert doc["Status"] == "FAILED" and calls["n"] == 1
    assert values(ssm) == kept  # nothing deleted, nothing regenerated
    for name in NAMES:
        tags = tags_of(ssm, f"{PREFIX}/{name}")
        assert tags["llm-gateway:released-by"] == tags["llm-gateway:managed-by"]
        assert key_of(ssm, f"{PREFIX}/{name}") == "alias/aws/ssm"

    faults["ops"].clear()
    third = NEXT_STACK.replace("NEW1", "NEW2").replace("11111111", "33333333")
    doc = send(server, "Create", properties(NEXT_KEY, RetainOnDelete="true"), stack_id=third)
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert values(ssm) == kept


def test_rollback_delete_of_the_adopting_create_releases_them_again(server, kms_key, ssm):
    _, kept = first_stack_then_delete(server, kms_key, ssm)
    props = properties(NEXT_KEY, RetainOnDelete="true")
    assert send(server, "Create", props, stack_id=NEXT_STACK)["Status"] == "SUCCESS"
    # a later resource of that create fails: CloudFormation's rollback sends Delete to the adopter
    assert send(server, "Delete", props, stack_id=NEXT_STACK, physical_id=PHYSICAL)["Status"] == "SUCCESS"
    assert values(ssm) == kept
    for name in NAMES:
        tags = tags_of(ssm, f"{PREFIX}/{name}")
        assert tags["llm-gateway:released-by"] == tags["llm-gateway:managed-by"] == NEXT_OWNER
    doc = send(server, "Create", properties(kms_key, RetainOnDelete="true"))  # and the retry adopts
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert values(ssm) == kept


def test_adopter_without_retain_deletes_as_owner(server, kms_key, ssm):
    first_stack_then_delete(server, kms_key, ssm)
    props = properties(NEXT_KEY, RetainOnDelete="false")
    assert send(server, "Create", props, stack_id=NEXT_STACK)["Status"] == "SUCCESS"
    assert send(server, "Delete", props, stack_id=NEXT_STACK, physical_id=PHYSICAL)["Status"] == "SUCCESS"
    assert all_parameters(ssm) == []


def test_adoption_never_regenerates_the_salt_key(server, kms_key, ssm, no_leaks):
    _, kept = first_stack_then_delete(server, kms_key, ssm)
    generated_before = len(no_leaks)
    doc = send(server, "Create", properties(NEXT_KEY, RotationToken="2"), stack_id=NEXT_STACK)
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    now = values(ssm)
    assert now["salt-key"] == kept["salt-key"]           # non-rotatable: never, whatever the token
    assert now["master-key"] != kept["master-key"]       # stored token "1" != "2": rotated, as on Update
    assert now["db-password"] != kept["db-password"]
    assert len(no_leaks) - generated_before == 2
    assert tags_of(ssm, f"{PREFIX}/master-key")["llm-gateway:rotation-token"] == h._token_hash("2")


def test_release_and_adoption_stay_within_the_tag_limit(server, kms_key, ssm, faults):
    user_tags = [{"Key": f"t-{i}", "Value": "1"} for i in range(h.MAX_USER_TAGS)]
    faults["ops"]["add_tags_to_resource"] = model_tag_limit(ssm)
    _, kept = first_stack_then_delete(server, kms_key, ssm, Tags=user_tags)
    assert len(tags_of(ssm, f"{PREFIX}/salt-key")) == SSM_TAG_LIMIT
    new_tags = [{"Key": f"n-{i}", "Value": "2"} for i in range(h.MAX_USER_TAGS)]
    doc = send(server, "Create", properties(NEXT_KEY, Tags=new_tags), stack_id=NEXT_STACK)
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert values(ssm) == kept
    tags = tags_of(ssm, f"{PREFIX}/salt-key")
    assert {k for k in tags if not k.startswith("llm-gateway:")} == {t["Key"] for t in new_tags}


def test_removed_secret_with_retain_is_released_and_adopted_when_added_back(server, kms_key, ssm):
    props = properties(kms_key, RetainOnDelete="true")
    assert send(server, "Create", props)["Status"] == "SUCCESS"
    kept = values(ssm)
    fewer = dict(props, Secrets=[s for s in props["Secrets"] if s["Name"] != "db-password"])
    assert send(server, "Update", fewer, old_props=props, physical_id=PHYSICAL)["Status"] == "SUCCESS"
    assert tags_of(ssm, f"{PREFIX}/db-password")["llm-gateway:released-by"] == OWNER
    doc = send(server, "Update", props, old_props=fewer, physical_id=PHYSICAL)
    assert doc["Status"] == "SUCCESS", doc["Reason"]
    assert values(ssm) == kept
    assert "llm-gateway:released-by" not in tags_of(ssm, f"{PREFIX}/db-password")


def test_update_to_a_new_prefix_adopts_what_was_released_there(server, kms_key, ssm):
    other = "/llm-gateway/dev2"
    old_props = properties(kms_key, RetainOnDelete="true", ParameterPrefix=other)
    assert send(server, "Create", old_props, stack_id=NEXT_STACK)["Status"] == "SUCCESS"
    kept = {n: value_of(ssm, f"{other}/{n}") for n in NAMES}
    assert send(server, "Delete", old_props, stack_id=NEXT_STACK, physical_id=f"secrets:{other}")["Status"] == "SUCCESS"
    props = properties(kms_key, RetainOnDelete="true")
    assert send(server, "Create", props)["Status"] == "SUCCESS"
    doc = send(server, "Update", dict(props, ParameterPrefix=other), old_props=props, physical_id=PHYSICAL)
    assert doc["Status"] == "SUCCESS" and doc["PhysicalResourceId"] == f"secrets:{other}", doc["Reason"]
    assert {n: value_of(ssm, f"{other}/{n}") for n in NAMES} == kept
    assert {tags_of(ssm, f"{other}/{n}")["llm-gateway:managed-by"] for n in NAMES} == {OWNER}


def test_unreadable_released_value_fails_and_is_not_regenerated(server, kms_key, ssm, faults, no_leaks):
    _, kept = first_stack_then_delete(server, kms_key, ssm)
    generated = len(no_leaks)

    def denied(n, kwargs):
        if kwargs.get("WithDecryption") and kwargs["Name"].endswith("salt-key"):
            raise client_error("AccessDeniedException", "kms:Decrypt denied", "GetParameter")

    faults["ops"]["get_parameter"] = denied
    doc = send(server, "Create", properties(NEXT_KEY), stack_id=NEXT_STACK)
    assert doc["Status"] == "FAILED"
    assert doc["Reason"] == (f"Cannot adopt released SSM parameter {PREFIX}/salt-key: reading it failed "
                             "(AccessDeniedException); fix the access, or delete the released parameters to "
                             "start fresh")
    assert len(no_leaks) == generated and values(ssm) == kept
    # master-key was adopted before salt-key failed: released again, still adoptable
    tags = tags_of(ssm, f"{PREFIX}/master-key")
    assert tags["llm-gateway:released-by"] == tags["llm-gateway:managed-by"]
    assert key_of(ssm, f"{PREFIX}/master-key") == "alias/aws/ssm"
