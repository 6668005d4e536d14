"""The artifact bucket (one per account and region) and the content-hashed upload of dist/.

The prefix is `dist/<sha256 of every file's path and bytes, first 16 hex>`: unchanged templates keep
their URLs (so CloudFormation sees no change), any change gives new URLs (so it always sees one).
"""
from __future__ import annotations

import hashlib
import json

from botocore.exceptions import ClientError

from deploy.aws import error_code, partition_of, url_suffix
from deploy.errors import CommandError

BUCKET_PREFIX = "llm-gateway-artifacts"
CONTENT_TYPES = {".yaml": "application/x-yaml", ".yml": "application/x-yaml", ".json": "application/json",
                 ".zip": "application/zip"}


def bucket_name(account: str, region: str) -> str:
    return f"{BUCKET_PREFIX}-{account}-{region}"


def content_prefix(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return f"dist/{digest.hexdigest()[:16]}"


def object_url(bucket: str, region: str, key: str) -> str:
    return f"https://{bucket}.s3.{region}.{url_suffix(region)}/{key}"


def tls_only_policy(bucket: str, region: str) -> str:
    arn = f"arn:{partition_of(region)}:s3:::{bucket}"
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})


def _configure(s3, bucket: str, region: str, account: str) -> None:
    """Every setting, versioning last: a bucket with versioning on has all the others too."""
    owner = {"ExpectedBucketOwner": account}
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True}, **owner)
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]}, **owner)
    s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket, region), **owner)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}, **owner)


def ensure_bucket(s3, bucket: str, region: str, account: str, console) -> bool:
    """Create and configure the bucket when missing (True), or check an existing one (False)."""
    try:
        s3.head_bucket(Bucket=bucket, ExpectedBucketOwner=account)
    except ClientError as exc:
        code = error_code(exc)
        if code in ("403", "AccessDenied", "Forbidden"):
            raise CommandError(f"artifact bucket {bucket} exists but is not owned by account {account} "
                               f"(or access is denied); deploy-stack will not upload there") from None
        if code not in ("404", "NoSuchBucket", "NotFound"):
            raise
        console.info(f"Creating artifact bucket s3://{bucket} (versioned, encrypted, private, TLS only)")
        kwargs = {"Bucket": bucket, "ObjectOwnership": "BucketOwnerEnforced"}
        if region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            s3.create_bucket(**kwargs)
        except ClientError as exc2:
            if error_code(exc2) != "BucketAlreadyOwnedByYou":
                raise
        _configure(s3, bucket, region, account)
        return True
    try:
        status = s3.get_bucket_versioning(Bucket=bucket, ExpectedBucketOwner=account).get("Status")
    except ClientError as exc:
        exc.deploy_stack_resource = f"bucket {bucket}"
        raise
    if status != "Enabled":
        console.info(f"Artifact bucket s3://{bucket} is not fully configured (versioning {status or 'off'}); "
                     f"applying the settings")
        _configure(s3, bucket, region, account)
    return False


def upload(s3, bucket: str, prefix: str, files: dict[str, bytes], account: str, console) -> int:
    """Put every file under `prefix/` that is not there yet; returns how many were uploaded."""
    try:
        return _upload(s3, bucket, prefix, files, account, console)
    except ClientError as exc:
        exc.deploy_stack_resource = f"bucket {bucket}, prefix {prefix}/"  # cli names it in the message
        raise


def _upload(s3, bucket: str, prefix: str, files: dict[str, bytes], account: str, console) -> int:
    existing = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/",
                                                              ExpectedBucketOwner=account):
        existing.update(obj["Key"] for obj in page.get("Contents", []))
    uploaded = 0
    for name, body in sorted(files.items()):
        key = f"{prefix}/{name}"
        if key in existing:
            continue
        suffix = name[name.rfind("."):] if "." in name else ""
        s3.put_object(Bucket=bucket, Key=key, Body=body, ExpectedBucketOwner=account,
                      ContentType=CONTENT_TYPES.get(suffix, "application/octet-stream"),
                      ServerSideEncryption="AES256")
        uploaded += 1
    skipped = len(files) - uploaded
    console.info(f"Artifacts: s3://{bucket}/{prefix}/ ({uploaded} uploaded, {skipped} already there)")
    return uploaded
