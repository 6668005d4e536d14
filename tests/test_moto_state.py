"""The emulated tests' speed helpers keep each test on its own state: tests/moto_state.py (a snapshot of moto,
restored as a fresh copy per test), emulator.SessionPool (one session and one client per test), conftest's
one botocore data loader for the test process (the parsed service models, shared; nothing else), and the
template parses deploy-stack's commands share inside `cloud` (emulated_support)."""
from __future__ import annotations

import io
import uuid
import zipfile

import boto3
import botocore.session
import pytest
from botocore.config import Config

from deploy import cli, parsed
from tests import emulator, moto_state
from tests.emulated_support import REGION, aws_env, cloud, setup_cloud  # noqa: F401 (fixtures)

pytestmark = pytest.mark.emulated
BUCKET = "state-test-bucket"


def lambda_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def build_state(session) -> str:
    """A KMS key (a private key inside), a tagged SecureString (SSM's ParameterDict, its tag defaultdict), an S3
    object and a Lambda function (Lambda's weak-value index): each kind pickle needs help with, or a file buffer."""
    kms, ssm, s3 = (session.client(name) for name in ("kms", "ssm", "s3"))
    key = kms.create_key(Description="state")["KeyMetadata"]["KeyId"]
    ssm.put_parameter(Name="/state/secret", Value="v1", Type="SecureString", KeyId=key,
                      Tags=[{"Key": "owner", "Value": "state"}])
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="file", Body=b"original")
    role = session.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    session.client("lambda").create_function(FunctionName="fn", Runtime="python3.12", Role=role,
                                             Handler="index.handler", Code={"ZipFile": lambda_zip()})
    return key


def assert_original(session, key: str) -> None:
    ssm, s3 = session.client("ssm"), session.client("s3")
    assert ssm.get_parameter(Name="/state/secret", WithDecryption=True)["Parameter"]["Value"] == "v1"
    assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/state/secret")["TagList"] == [
        {"Key": "owner", "Value": "state"}]
    assert s3.get_object(Bucket=BUCKET, Key="file")["Body"].read() == b"original"
    assert session.client("kms").describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "Enabled"
    assert session.client("lambda").get_function(FunctionName="fn")["Configuration"]["Handler"] == "index.handler"
    signed = session.client("kms").encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    assert session.client("kms").decrypt(CiphertextBlob=signed)["Plaintext"] == b"x"


def spoil(session, key: str) -> None:
    session.client("ssm").put_parameter(Name="/state/secret", Value="v2", Type="SecureString", KeyId=key,
                                        Overwrite=True)
    session.client("s3").put_object(Bucket=BUCKET, Key="file", Body=b"changed")
    session.client("kms").schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    session.client("lambda").delete_function(FunctionName="fn")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    with setup_cloud(tmp_path_factory.mktemp("aws")) as made:
        key = build_state(emulator.fast_session(REGION))
        made.runner.invocations.append({"RequestType": "Create"})
        return moto_state.take(made.runner), key


def test_a_test_starts_from_the_snapshot_not_from_an_empty_moto(snapshot, cloud):
    state, key = snapshot
    with pytest.raises(cloud.s3.exceptions.NoSuchBucket):
        cloud.s3.list_objects_v2(Bucket=BUCKET)  # moto was reset after the snapshot was taken
    moto_state.restore(state, cloud.runner)
    assert_original(emulator.fast_session(REGION), key)
    assert cloud.runner.invocations == [{"RequestType": "Create"}]


def test_each_restore_is_a_fresh_copy(snapshot, cloud):
    """What one test changes never reaches the snapshot: restoring again gives the original state back."""
    state, key = snapshot
    session = emulator.fast_session(REGION)
    moto_state.restore(state, cloud.runner)
    spoil(session, key)
    cloud.runner.invocations.append({"RequestType": "Delete"})
    with pytest.raises(AssertionError):
        assert_original(session, key)
    moto_state.restore(state, cloud.runner)
    assert_original(session, key)
    assert cloud.runner.invocations == [{"RequestType": "Create"}]


def test_restore_replaces_what_moto_held(snapshot, cloud):
    state, key = snapshot
    """Also in the services the snapshot holds nothing of (here SQS)."""
    sqs = emulator.fast_session(REGION).client("sqs")
    sqs.create_queue(QueueName="made-before-the-restore")
    cloud.s3.create_bucket(Bucket="made-before-the-restore")
    moto_state.restore(state, cloud.runner)
    assert sqs.list_queues().get("QueueUrls", []) == []
    assert [b["Name"] for b in cloud.s3.list_buckets()["Buckets"]] == [BUCKET]


def test_session_pool_hands_out_one_session_per_region_and_one_client_per_arguments(cloud):
    counter = emulator.CallCounter()
    pool = emulator.SessionPool(on_new=counter.attach)
    config, other = Config(retries={"max_attempts": 2}), Config(retries={"max_attempts": 3})
    session = pool.session(REGION)
    assert pool.session(REGION) is session and pool.session("eu-west-1") is not session
    assert session.client("s3", config=config) is session.client("s3", config=config)
    assert session.client("s3", config=config) is not session.client("s3", config=other)
    assert session.client("s3") is not session.client("sqs")
    session.client("s3", config=config).list_buckets()
    pool.session("eu-west-1").client("s3").list_buckets()
    assert counter.calls == ["s3.ListBuckets", "s3.ListBuckets"]  # every pooled session counts


def test_every_session_of_the_test_process_shares_one_data_loader(cloud):
    first, second = boto3.session.Session(region_name=REGION), boto3.session.Session(region_name="eu-west-1")
    assert first._session.get_component("data_loader") is second._session.get_component("data_loader")
    assert botocore.session.get_session().get_component("data_loader") is first._session.get_component("data_loader")
    model = first._session.get_component("data_loader").load_service_model("s3", "service-2")
    assert second._session.get_component("data_loader").load_service_model("s3", "service-2") is model
    assert first.client("s3").list_buckets()["Buckets"] == []  # the clients still work (moto answers)


def test_commands_in_cloud_share_their_template_parses(cloud, monkeypatch, tmp_path):
    """Two deploy-stack commands (cli.main, each in its own parsed.one_command) parse a text once; each reader
    still gets its own copy, and a changed text is parsed afresh."""
    seen, real = [], parsed.yaml.load
    monkeypatch.setattr(parsed.yaml, "load", lambda stream, Loader: seen.append(stream) or real(stream, Loader=Loader))
    text = f"Resources:\n  Bucket{uuid.uuid4().hex}: {{Type: 'AWS::S3::Bucket'}}\n"  # new to this process
    trees = []

    def command(ctx):
        trees.append(parsed.load_yaml(text))
        trees[-1]["Resources"].clear()  # an edit no other reader may see
        return 0

    monkeypatch.setitem(cli.COMMANDS, "outputs", command)
    (tmp_path / "params").mkdir()
    for _ in range(2):
        assert cli.main(["--project-dir", str(tmp_path), "outputs", "--env", "dev"]) == 0
    assert seen == [text] and len(trees) == 2 and trees[0] is not trees[1]
    with parsed.one_command():
        assert len(parsed.load_yaml(text)["Resources"]) == 1
        parsed.load_yaml(text.replace("S3::Bucket", "SQS::Queue"))
    assert len(seen) == 2
