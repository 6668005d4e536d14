"""deploy/check/iam.py against the IAM User Guide: "Policy evaluation logic", "IAM JSON policy elements:
Condition operators" (absent keys, ...IfExists, set operators), NotAction/NotResource, wildcards, and the
KMS rule that a key policy must allow or delegate to IAM ("Key policies in AWS KMS")."""
import pytest

from deploy.check import iam

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
BUCKET_OBJECT = "arn:aws:s3:::example-bucket/report.csv"


def decide(action, resource, identity=(), resource_policy=None, context=None, principal=ROLE, key_policy=False):
    return iam.evaluate(iam.Request(action, resource, principal, context or {}), list(identity), resource_policy,
                        account=ACCOUNT, key_policy=key_policy)


def allow(**statement):
    return {"Statement": [{"Effect": "Allow", **statement}]}


def deny(**statement):
    return {"Statement": [{"Effect": "Deny", **statement}]}


def test_nothing_allows_it_is_an_implicit_deny():
    assert decide("s3:GetObject", BUCKET_OBJECT).result == iam.IMPLICIT_DENY


def test_explicit_deny_wins_over_allow():
    policies = [allow(Action="s3:*", Resource="*"), deny(Action="s3:GetObject", Resource=BUCKET_OBJECT)]
    assert decide("s3:GetObject", BUCKET_OBJECT, policies).result == iam.EXPLICIT_DENY
    assert decide("s3:PutObject", BUCKET_OBJECT, policies).allowed


def test_actions_are_case_insensitive_and_take_wildcards():
    assert decide("s3:GetObject", BUCKET_OBJECT, [allow(Action="S3:get*", Resource="*")]).allowed
    assert decide("s3:GetObject", BUCKET_OBJECT, [allow(Action="s3:?etObject", Resource="*")]).allowed
    assert not decide("s3:PutObject", BUCKET_OBJECT, [allow(Action="s3:?etObject", Resource="*")]).allowed


def test_resources_match_case_sensitively_with_wildcards():
    assert decide("s3:GetObject", BUCKET_OBJECT, [allow(Action="s3:GetObject", Resource="arn:aws:s3:::example-*/*")]).allowed
    assert not decide("s3:GetObject", BUCKET_OBJECT, [allow(Action="s3:GetObject", Resource="arn:aws:s3:::EXAMPLE-*/*")]).allowed


def test_a_log_group_arn_with_log_stream_appended_matches_no_stream():
    # the GetAtt Arn of AWS::Logs::LogGroup ends in ':*' (issue 11, fault 1)
    stream = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app:log-stream:web/web/abc"
    wrong = allow(Action="logs:PutLogEvents", Resource=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app:*:log-stream:*")
    right = allow(Action="logs:PutLogEvents", Resource=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app:log-stream:*")
    group_arn = allow(Action="logs:PutLogEvents", Resource=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app:*")
    assert not decide("logs:PutLogEvents", stream, [wrong]).allowed
    assert decide("logs:PutLogEvents", stream, [right]).allowed
    assert decide("logs:PutLogEvents", stream, [group_arn]).allowed


def test_not_action_allows_everything_else():
    # IAM docs: NotAction with Allow, e.g. everything except IAM
    policy = allow(NotAction="iam:*", Resource="*")
    assert decide("s3:GetObject", BUCKET_OBJECT, [policy]).allowed
    assert not decide("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/x", [policy]).allowed


def test_not_resource_with_deny():
    policies = [allow(Action="s3:*", Resource="*"), deny(Action="s3:*", NotResource="arn:aws:s3:::example-bucket/*")]
    assert decide("s3:GetObject", BUCKET_OBJECT, policies).allowed
    assert decide("s3:GetObject", "arn:aws:s3:::other/x", policies).result == iam.EXPLICIT_DENY


def test_same_account_resource_policy_alone_can_allow():
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:alarms"
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                             "Action": "sns:Publish", "Resource": topic,
                             "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}]}
    assert decide("sns:Publish", topic, [], policy, {"aws:SourceAccount": ACCOUNT},
                  principal="cloudwatch.amazonaws.com").allowed
    assert not decide("sns:Publish", topic, [], policy, {"aws:SourceAccount": "999999999999"},
                      principal="cloudwatch.amazonaws.com").allowed
    assert not decide("sns:Publish", topic, [], policy, {"aws:SourceAccount": ACCOUNT},
                      principal="events.amazonaws.com").allowed


def test_a_resource_policy_naming_the_account_delegates_to_iam():
    fs = f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/fs-1"
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                             "Action": "elasticfilesystem:ClientMount", "Resource": "*"}]}
    assert not decide("elasticfilesystem:ClientMount", fs, [], policy).allowed
    assert decide("elasticfilesystem:ClientMount", fs, [allow(Action="elasticfilesystem:ClientMount", Resource=fs)],
                  policy).allowed


KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DELEGATES = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}
IDENTITY_DECRYPT = allow(Action="kms:Decrypt", Resource=KEY)


def test_kms_needs_the_key_policy():
    assert not decide("kms:Decrypt", KEY, [IDENTITY_DECRYPT], {"Statement": []}, key_policy=True).allowed
    assert decide("kms:Decrypt", KEY, [IDENTITY_DECRYPT], {"Statement": [DELEGATES]}, key_policy=True).allowed
    assert not decide("kms:Decrypt", KEY, [], {"Statement": [DELEGATES]}, key_policy=True).allowed
    direct = {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "kms:Decrypt", "Resource": "*"}
    assert decide("kms:Decrypt", KEY, [], {"Statement": [direct]}, key_policy=True).allowed


def test_kms_encryption_context_condition_for_cloudwatch_logs():
    statement = {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
                 "Action": ["kms:GenerateDataKey*", "kms:Decrypt*"], "Resource": "*",
                 "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn":
                                           f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:*"}}}
    ok = {"kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app"}
    other = {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:999999999999:log-group:/app"}
    args = dict(principal="logs.us-east-1.amazonaws.com", key_policy=True)
    assert decide("kms:GenerateDataKey", KEY, [], {"Statement": [statement]}, ok, **args).allowed
    assert not decide("kms:GenerateDataKey", KEY, [], {"Statement": [statement]}, other, **args).allowed
    assert not decide("kms:GenerateDataKey", KEY, [], {"Statement": [statement]}, {}, **args).allowed


@pytest.mark.parametrize("operator, key, value, context, holds", [
    ("StringEquals", "aws:SourceAccount", ACCOUNT, {"aws:SourceAccount": ACCOUNT}, True),
    ("StringEquals", "aws:SourceAccount", ACCOUNT, {}, False),                    # absent key: no match
    ("StringNotEquals", "aws:SourceVpce", "vpce-1", {}, True),                    # negated, absent: true
    ("StringNotEquals", "aws:SourceVpce", "vpce-1", {"aws:SourceVpce": "vpce-1"}, False),
    ("StringEqualsIfExists", "aws:SourceAccount", ACCOUNT, {}, True),
    ("StringEqualsIfExists", "aws:SourceAccount", ACCOUNT, {"aws:SourceAccount": "1"}, False),
    ("StringLike", "s3:prefix", "home/*", {"s3:prefix": "home/alice"}, True),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", "Ops", {"aws:PrincipalTag/team": "ops"}, True),
    ("ArnLike", "aws:SourceArn", "arn:aws:sns:*:123456789012:*", {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}, True),
    ("ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:t", {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:u"}, False),
    ("Bool", "aws:SecureTransport", "false", {"aws:SecureTransport": True}, False),
    ("Bool", "aws:SecureTransport", "false", {"aws:SecureTransport": False}, True),
    ("Null", "aws:TokenIssueTime", "true", {}, True),
    ("Null", "aws:TokenIssueTime", "false", {}, False),
    ("NumericLessThanEquals", "s3:max-keys", "10", {"s3:max-keys": "7"}, True),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["a", "b"], {"aws:TagKeys": ["c", "b"]}, True),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["a", "b"], {}, False),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["a", "b"], {"aws:TagKeys": ["a", "c"]}, False),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["a", "b"], {}, True),          # absent set: vacuously true
])
def test_condition_operators(operator, key, value, context, holds):
    assert iam.condition_holds(operator, key, value, context) is holds


def test_condition_keys_are_case_insensitive():
    assert iam.condition_holds("StringEquals", "AWS:SourceAccount", ACCOUNT, {"aws:sourceaccount": ACCOUNT})


@pytest.mark.parametrize("operator", ["DateGreaterThan", "IpAddress", "BinaryEquals", "StringEqualz",
                                      "ForSomeValues:StringEquals"])
def test_an_operator_it_does_not_model_cannot_pass_silently(operator):
    with pytest.raises(iam.CannotEvaluate):
        decide("s3:GetObject", BUCKET_OBJECT, [allow(Action="s3:*", Resource="*",
                                                     Condition={operator: {"aws:CurrentTime": "2020"}})])
