"""The one place that makes AWS sessions. Tests replace `make_session` (moto, Stubber, call counting)."""
from __future__ import annotations

import difflib
import functools

import boto3
import botocore
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

# Standard retries absorb throttling of the polling calls; no other behaviour depends on them.
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 8}, user_agent_extra="deploy-stack")


def make_session(profile: str | None, region: str | None):
    """A boto3 Session for `profile` (None: the default chain) in `region` (None: the profile's region)."""
    return boto3.Session(profile_name=profile, region_name=region)


@functools.lru_cache(maxsize=1)
def known_regions() -> frozenset[str]:
    """Every region of every partition in botocore's endpoint data (read from the package, no AWS call)."""
    data = botocore.session.get_session().get_data("endpoints")
    return frozenset(region for partition in data["partitions"] for region in partition["regions"])


def region_problem(region: str, where: str) -> str | None:
    """A region name AWS does not have (a typo such as eu-wset-1 or us-east-9) would only fail later, call by
    call, with "Could not connect to the endpoint URL" after every retry; say so before any call."""
    known = known_regions()
    if region in known:
        return None
    near = difflib.get_close_matches(region, sorted(known), n=1)
    hint = f"did you mean {near[0]}? " if near else ""
    return (f"{where} {region!r}: not an AWS region that botocore {botocore.__version__} knows; {hint}fix the name "
            f"(a region newer than botocore needs a newer boto3 pin in requirements/main.in); nothing was sent to AWS")


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
