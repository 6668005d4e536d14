"""preflight region offers and provider secrets, with Stubber responses in the real API shapes."""
from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from deploy import preflight_offers as o
from deploy import preflight_secrets as sec
from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED, WARNING
from tests.preflight_support import REGION, StubTarget, model_for, statuses


@pytest.fixture
def target():
    t = StubTarget()
    yield t
    t.done()


def engine(version, status="available"):
    return {"Engine": "postgres", "EngineVersion": version, "MajorEngineVersion": version.split(".")[0],
            "DBParameterGroupFamily": "postgres17", "Status": status}


def orderable(klass, multi_az=True, storage="gp3"):
    return {"Engine": "postgres", "EngineVersion": "17.6", "DBInstanceClass": klass, "MultiAZCapable": multi_az,
            "Vpc": True, "StorageType": storage, "LicenseModel": "postgresql-license"}


# --- database -------------------------------------------------------------------------------------------
def test_database_offered_passes(target):
    rds = target.stub("rds")
    rds.add_response("describe_db_engine_versions", {"DBEngineVersions": [engine("17.6")]},
                     {"Engine": "postgres", "EngineVersion": "17.6"})
    rds.add_response("describe_orderable_db_instance_options", {"OrderableDBInstanceOptions": [
        orderable("db.t4g.micro")]}, {"Engine": "postgres", "EngineVersion": "17.6",
                                      "DBInstanceClass": "db.t4g.micro", "Vpc": True})
    assert statuses(o.database(target, model_for())) == {"postgres 17.6": PASSED,
                                                        "db.t4g.micro for postgres 17.6": PASSED}


def test_engine_version_missing_blocks_and_names_the_offered_ones(target):
    rds = target.stub("rds")
    rds.add_response("describe_db_engine_versions", {"DBEngineVersions": []},
                     {"Engine": "postgres", "EngineVersion": "17.9"})
    rds.add_response("describe_db_engine_versions", {"DBEngineVersions": [engine("16.9"), engine("17.4"),
                                                                          engine("17.5")]}, {"Engine": "postgres"})
    [row] = o.database(target, model_for(DatabaseEngineVersion="17.9"))
    assert row.status == BLOCKER
    assert row.detail == ("Database: postgres 17.9 is not offered in us-east-1 (offered 17.x: 17.4, 17.5); "
                          "set DatabaseEngineVersion to one of them")


def test_deprecated_engine_version_blocks(target):
    target.stub("rds").add_response("describe_db_engine_versions", {"DBEngineVersions": [engine("17.6", "deprecated")]},
                                    None)
    assert o.database(target, model_for())[0].status == BLOCKER


@pytest.mark.parametrize("options, multi_az, why", [
    ([], "false", "is not orderable for postgres 17.6 with gp3 storage"),
    ([orderable("db.t4g.micro", storage="gp2")], "false", "is not orderable"),
    ([orderable("db.t4g.micro", multi_az=False)], "true", "cannot be Multi-AZ")])
def test_instance_class_not_orderable_blocks(target, options, multi_az, why):
    rds = target.stub("rds")
    rds.add_response("describe_db_engine_versions", {"DBEngineVersions": [engine("17.6")]}, None)
    rds.add_response("describe_orderable_db_instance_options", {"OrderableDBInstanceOptions": options}, None)
    rows = o.database(target, model_for(DatabaseMultiAz=multi_az))
    assert rows[1].status == BLOCKER and why in rows[1].detail


def test_database_throttled_could_not_check(target):
    target.stub("rds").add_client_error("describe_db_engine_versions", "Throttling", "Rate exceeded", 400)
    [row] = o.database(target, model_for())
    assert row.status == UNCHECKED and row.detail.startswith("throttled by AWS (Throttling")


# --- cache ----------------------------------------------------------------------------------------------
def cache_responses(target, versions, offerings):
    ec = target.stub("elasticache")
    ec.add_response("describe_cache_engine_versions", {"CacheEngineVersions": versions},
                    {"Engine": "redis", "EngineVersion": "7.1"})
    ec.add_response("describe_reserved_cache_nodes_offerings", {"ReservedCacheNodesOfferings": offerings},
                    {"CacheNodeType": "cache.t4g.micro"})


def test_cache_off_needs_no_call(target):
    assert statuses(o.cache(target, model_for(EnableSharedCache="false"))) == {"ElastiCache": PASSED}


def test_cache_offered_passes(target):
    cache_responses(target, [{"Engine": "redis", "EngineVersion": "7.1"}],
                    [{"ReservedCacheNodesOfferingId": "x", "CacheNodeType": "cache.t4g.micro", "Duration": 31536000}])
    assert set(statuses(o.cache(target, model_for(EnableSharedCache="true"))).values()) == {PASSED}


def test_cache_engine_and_node_type_missing_block(target):
    cache_responses(target, [], [])
    assert statuses(o.cache(target, model_for(EnableSharedCache="true"))) == {"redis 7.1": BLOCKER,
                                                                            "cache.t4g.micro": BLOCKER}


# --- Bedrock --------------------------------------------------------------------------------------------
def summary(model_id, inference=("ON_DEMAND",), status="ACTIVE"):
    return {"modelArn": f"arn:aws:bedrock:{REGION}::foundation-model/{model_id}", "modelId": model_id,
            "inferenceTypesSupported": list(inference), "modelLifecycle": {"status": status}}


def profile(profile_id):
    return {"inferenceProfileName": profile_id, "inferenceProfileArn": f"arn:aws:bedrock:{REGION}:123456789012:"
            f"inference-profile/{profile_id}", "inferenceProfileId": profile_id, "status": "ACTIVE",
            "type": "SYSTEM_DEFINED", "models": [{"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/m"},
                                                 {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/m"}]}


def test_bedrock_ids_checked_each_way(target):
    ids = ("amazon.nova-micro-v1:0,anthropic.claude-sonnet-4-v1:0,us.anthropic.claude-sonnet-4-v1:0,"
           "eu.unknown-profile,amazon.titan-text-lite-v1,amazon.nova-mikro-v1:0")
    bedrock = target.stub("bedrock")
    bedrock.add_response("list_foundation_models", {"modelSummaries": [
        summary("amazon.nova-micro-v1:0"), summary("anthropic.claude-sonnet-4-v1:0", ("INFERENCE_PROFILE",)),
        summary("amazon.titan-text-lite-v1", status="LEGACY")]}, {})
    bedrock.add_response("get_inference_profile", profile("us.anthropic.claude-sonnet-4-v1:0"),
                         {"inferenceProfileIdentifier": "us.anthropic.claude-sonnet-4-v1:0"})
    bedrock.add_client_error("get_inference_profile", "ResourceNotFoundException", "not found", 404,
                             expected_params={"inferenceProfileIdentifier": "eu.unknown-profile"})
    rows = {r.check: r for r in o.bedrock(target, model_for(BedrockModelIds=ids))}
    assert {k: r.status for k, r in rows.items()} == {
        "Bedrock amazon.nova-micro-v1:0": PASSED,
        "Bedrock anthropic.claude-sonnet-4-v1:0": BLOCKER,
        "Bedrock us.anthropic.claude-sonnet-4-v1:0": PASSED,
        "Bedrock eu.unknown-profile": BLOCKER,
        "Bedrock amazon.titan-text-lite-v1": WARNING,
        "Bedrock amazon.nova-mikro-v1:0": BLOCKER}
    assert "only through an inference profile" in rows["Bedrock anthropic.claude-sonnet-4-v1:0"].detail
    assert "did you mean amazon.nova-micro-v1:0" in rows["Bedrock amazon.nova-mikro-v1:0"].detail


def test_bedrock_denied_could_not_check(target):
    target.stub("bedrock").add_client_error("list_foundation_models", "AccessDeniedException", "no", 403)
    [row] = o.bedrock(target, model_for(BedrockModelIds="amazon.nova-micro-v1:0"))
    assert (row.status, row.detail) == (UNCHECKED, "access denied: the caller needs bedrock:ListFoundationModels")


# --- Fargate Spot + ARM64 (no AWS call) -----------------------------------------------------------------
@pytest.mark.parametrize("arch, mode, status", [("ARM64", "spot", BLOCKER), ("ARM64", "spot-above-base", BLOCKER),
                                                ("ARM64", "on-demand", PASSED), ("X86_64", "spot", PASSED)])
def test_fargate_spot_with_arm64_blocks(target, arch, mode, status):
    assert o.fargate_spot_arm64(target, model_for(CpuArchitecture=arch, CapacityMode=mode))[0].status == status


# --- provider secrets -----------------------------------------------------------------------------------
def test_no_provider_key_needed_makes_no_call(target):
    assert statuses(sec.provider_keys(target, model_for(), "dev", True)) == {"provider API keys": PASSED}


def test_missing_provider_key_blocks_with_the_command(target):
    target.stub("ssm").add_response("describe_parameters", {"Parameters": [
        {"Name": "/llm-gateway/dev/anthropic-api-key", "Type": "SecureString"}]}, {"ParameterFilters": [
            {"Key": "Name", "Option": "Equals",
             "Values": ["/llm-gateway/dev/anthropic-api-key", "/llm-gateway/dev/openai-api-key"]}]})
    rows = {r.check: r for r in sec.provider_keys(target, model_for(EnableOpenAi="true", EnableAnthropic="true"),
                                                  "dev", True)}
    openai = rows["OPENAI_API_KEY (/llm-gateway/dev/openai-api-key)"]
    assert openai.status == BLOCKER
    assert openai.detail == ("missing: container litellm would fail to start; run "
                             "`deploy-stack secret set openai-api-key --env dev`")
    assert rows["ANTHROPIC_API_KEY (/llm-gateway/dev/anthropic-api-key)"].status == PASSED


def test_missing_provider_key_before_the_first_deploy_says_the_order(target):
    target.stub("ssm").add_response("describe_parameters", {"Parameters": []}, None)
    [row] = sec.provider_keys(target, model_for(EnableOpenAi="true"), "dev", False)
    assert row.status == BLOCKER and "deploy first without the provider that needs OPENAI_API_KEY" in row.detail


def test_provider_key_on_moto(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        target = StubTarget(moto_services=("ssm",))
        model = model_for(EnableOpenAi="true")
        assert sec.provider_keys(target, model, "dev", True)[0].status == BLOCKER
        boto3.client("ssm", region_name=REGION).put_parameter(Name="/llm-gateway/dev/openai-api-key",
                                                              Value="sk-test", Type="String")
        assert sec.provider_keys(target, model, "dev", True)[0].status == WARNING  # not SecureString


# --- Availability Zones ---------------------------------------------------------------------------------
def zones(target, names):
    target.stub("ec2").add_response("describe_availability_zones", {"AvailabilityZones": [
        {"ZoneName": n, "State": "available", "RegionName": REGION, "ZoneType": "availability-zone"}
        for n in names]}, {"Filters": [{"Name": "zone-type", "Values": ["availability-zone"]},
                                       {"Name": "state", "Values": ["available"]}]})


def test_three_azs_in_a_region_that_offers_two_blocks(target):
    zones(target, ["us-east-1a", "us-east-1b"])
    [row] = o.availability_zones(target, model_for(AzCount="3"))
    assert row.status == BLOCKER
    assert row.detail == ("the subnets need 3 AZs, us-east-1 offers 2 to this account (us-east-1a, us-east-1b); "
                          "set AzCount=2 or pick another region")


def test_two_azs_pass(target):
    zones(target, ["us-east-1a", "us-east-1b"])
    assert o.availability_zones(target, model_for(AzCount="2"))[0].status == PASSED
