"""Data stack: KMS key, generated secrets and RDS, evaluated from the rendered template."""
import json

import pytest

from templates import data
from deploy.evaluator import Evaluator
from tests.conftest import ROOT

WIRED = {"EnvironmentName": "dev", "VpcId": "vpc-1", "DatabaseSubnetIds": "subnet-1,subnet-2",
         "PrivateSubnetIds": "subnet-a,subnet-b,subnet-c",
         "ArtifactBucket": "bucket", "ArtifactPrefix": "dist/abc"}


def resolve(templates, **params):
    return Evaluator(templates["data"], WIRED | params).resources()


def env_params(env: str) -> dict:
    return {p["ParameterKey"]: p["ParameterValue"] for p in json.loads((ROOT / "params" / f"{env}.json").read_text())}


def test_database_is_private_encrypted_and_snapshotted(templates):
    db = templates["data"]["Resources"]["Database"]
    props = resolve(templates)["Database"]["Properties"]
    assert db["DeletionPolicy"] == db["UpdateReplacePolicy"] == "Snapshot"
    assert props["StorageEncrypted"] is True and props["KmsKeyId"] == "Key.Arn"
    assert props["PubliclyAccessible"] is False and props["StorageType"] == "gp3"
    assert props["CopyTagsToSnapshot"] is True and props["AutoMinorVersionUpgrade"] is True
    assert props["Engine"] == "postgres" and props["Port"] == "5432"
    assert set(props["EnableCloudwatchLogsExports"]) >= {"postgresql"}
    assert int(props["MaxAllocatedStorage"]) > int(props["AllocatedStorage"])


def test_master_password_is_a_versioned_reference_to_the_generated_parameter(templates):
    password = templates["data"]["Resources"]["Database"]["Properties"]["MasterUserPassword"]
    text, variables = password["Fn::Sub"]
    assert text == "{{resolve:ssm-secure:${Name}:${Version}}}"
    assert variables == {"Name": {"Fn::GetAtt": ["Secrets", "DbPasswordParameterName"]},
                         "Version": {"Fn::GetAtt": ["Secrets", "DbPasswordVersion"]}}


def test_tls_is_enforced_by_the_parameter_group(templates):
    resources = resolve(templates)
    group = resources[resources["Database"]["Properties"]["DBParameterGroupName"]]["Properties"]
    assert group["Parameters"]["rds.force_ssl"] == "1"
    assert group["Family"] == data.POSTGRES_FAMILY
    assert data.POSTGRES_FAMILY == "postgres" + resources["Database"]["Properties"]["EngineVersion"].split(".")[0]


def test_database_security_group_has_no_ingress_of_its_own(templates):
    group = resolve(templates)["DatabaseSecurityGroup"]["Properties"]
    assert "SecurityGroupIngress" not in group
    assert group["SecurityGroupEgress"] == [{"IpProtocol": "-1", "CidrIp": "127.0.0.1/32", "Description": "no egress"}]


@pytest.mark.parametrize("env,multi_az,protected,min_backup", [
    ("dev", False, False, 1), ("staging", True, True, 7), ("prod", True, True, 30)])
def test_environment_defaults(templates, env, multi_az, protected, min_backup):
    params = env_params(env)
    props = resolve(templates, **{k: v for k, v in params.items() if k in templates["data"]["Parameters"]})
    db = props["Database"]["Properties"]
    assert db["MultiAZ"] is multi_az and db["DeletionProtection"] is protected
    assert int(db["BackupRetentionPeriod"]) >= min_backup
    if env == "dev":
        assert db["DBInstanceClass"] == data.DB_INSTANCE_CLASSES[0], "dev runs the smallest Graviton class"


def test_secrets_resource_asks_for_what_litellm_needs(templates):
    props = resolve(templates)["Secrets"]["Properties"]
    secrets = {s["Name"]: s for s in props["Secrets"]}
    assert secrets["master-key"]["Prefix"] == "sk-"
    assert secrets["salt-key"]["Rotatable"] == "false"
    assert secrets["db-password"]["Alphabet"] == "password"
    assert props["ParameterPrefix"] == "/llm-gateway/dev" and props["KmsKeyId"] == "Key.Arn"
    assert props["ServiceToken"] == "SecretsFunction.Arn"


def test_secrets_function_loads_the_built_package(templates, rendered):
    function = resolve(templates)["SecretsFunction"]["Properties"]
    assert function["Code"] == {"S3Bucket": "bucket", "S3Key": f"dist/abc/{data.SECRETS_FUNCTION_ZIP}"}
    assert data.SECRETS_FUNCTION_ZIP in rendered
    assert function["Handler"] == "handler.handler" and function["Architectures"] == ["arm64"]
    assert function["Runtime"].startswith("python3.1")


def test_secrets_function_may_touch_only_its_prefix_and_its_key(templates):
    role = resolve(templates)["SecretsFunctionRole"]["Properties"]
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    ssm = [s for s in statements if any(a.startswith("ssm:") for a in s["Action"])]
    kms = [s for s in statements if any(a.startswith("kms:") for a in s["Action"])]
    assert [s["Resource"] for s in ssm] == [["arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/*"]]
    assert [s["Resource"] for s in kms] == [["Key.Arn"], ["Key.Arn"]]
    assert "kms:Decrypt" not in kms[0]["Action"]
    # it reads values back only to release them (RetainSecretsOnDelete): through SSM, its own parameters only
    assert kms[1]["Action"] == ["kms:Decrypt"]
    assert kms[1]["Condition"] == {
        "StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"},
        "StringLike": {"kms:EncryptionContext:PARAMETER_ARN":
                       "arn:aws:ssm:us-east-1:123456789012:parameter/llm-gateway/dev/*"}}


def test_key_rotates_and_outlives_the_stack(templates):
    key = templates["data"]["Resources"]["Key"]
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == "RetainExceptOnCreate", "kept for the final snapshot, not after a failed create"


def test_no_function_reserves_concurrency(templates):
    """A reservation must leave 100 unreserved executions; new accounts may have a quota of 10 in all."""
    functions = [(name, r) for name, t in templates.items() for r in t["Resources"].values()
                 if r["Type"] == "AWS::Lambda::Function"]
    assert functions
    for name, function in functions:
        assert "ReservedConcurrentExecutions" not in function["Properties"], name


def test_log_groups_are_encrypted_with_the_key_and_expire(templates):
    groups = {k: v["Properties"] for k, v in resolve(templates, LogRetentionDays="14").items()
              if v["Type"] == "AWS::Logs::LogGroup"}
    assert groups and all(g["KmsKeyId"] == "Key.Arn" and g["RetentionInDays"] == "14" for g in groups.values())


def test_outputs_carry_names_and_arns_never_values(templates):
    outputs = templates["data"]["Outputs"]
    for name in (data.MASTER_KEY_PARAMETER, data.MASTER_KEY_ARN, data.SALT_KEY_ARN, data.DB_PASSWORD_ARN,
                 data.DB_HOST, data.DB_PORT, data.DB_SECURITY_GROUP, data.KMS_KEY_ARN):
        assert name in outputs
    assert "resolve" not in json.dumps(outputs)
