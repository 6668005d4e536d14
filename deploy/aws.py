"""The one place that makes AWS sessions. Tests replace `make_session` (moto, Stubber, call counting)."""
from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

# Standard retries absorb throttling of the polling calls; no other behaviour depends on them.
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 8}, user_agent_extra="deploy-stack")


def make_session(profile: str | None, region: str | None):
    """A boto3 Session for `profile` (None: the default chain) in `region` (None: the profile's region)."""
    return boto3.Session(profile_name=profile, region_name=region)


def client(session, service: str):
    return session.client(service, config=CLIENT_CONFIG)


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def error_message(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Message", ""))


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def url_suffix(region: str) -> str:
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
