"""preflight's rows, its one table, and the wrapper that turns AWS errors into "could not check" rows."""
from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from deploy.aws import error_code, error_message
from deploy.ui import table

PASSED, WARNING, BLOCKER, UNCHECKED = "passed", "warning", "BLOCKER", "could not check"
ORDER = (BLOCKER, UNCHECKED, WARNING, PASSED)

ACCESS_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
                 "UnauthorizedException", "403", "Forbidden"}
THROTTLED = {"Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
             "RequestLimitExceeded", "SlowDown", "RequestThrottled", "RequestThrottledException"}


@dataclass(frozen=True)
class Row:
    area: str      # quotas, names, region, secrets
    check: str     # what was checked, e.g. "Fargate Spot vCPU"
    status: str    # PASSED, WARNING, BLOCKER or UNCHECKED
    detail: str    # the numbers or the name, and for a blocker what to do


class Unchecked(Exception):
    """A check could not run; the message says why (and the IAM permission it needs)."""


def call(client, operation: str, permission: str, *, absent: tuple[str, ...] = (), **kwargs):
    """client.<operation>(**kwargs); None when the error code is in `absent` (e.g. a not-found code).
    Any other AWS error becomes Unchecked: access denied (naming `permission`), throttled, or the code."""
    try:
        return getattr(client, operation)(**kwargs)
    except NoCredentialsError:
        raise
    except ClientError as exc:
        code = error_code(exc)
        if code in absent:
            return None
        if code in ACCESS_DENIED:
            raise Unchecked(f"access denied: the caller needs {permission}") from None
        if code in THROTTLED:
            raise Unchecked(f"throttled by AWS ({code}, after retries) calling {permission}; run preflight "
                            f"again") from None
        raise Unchecked(f"{permission} failed: {code}: {error_message(exc)[:200]}") from None
    except BotoCoreError as exc:
        raise Unchecked(f"{permission} failed: {exc}") from None


def blockers(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.status == BLOCKER]


def render(rows: list[Row]) -> str:
    ordered = sorted(rows, key=lambda r: ORDER.index(r.status))
    body = table(["Area", "Check", "Result", "Detail"], [[r.area, r.check, r.status, r.detail] for r in ordered])
    counts = {s: sum(r.status == s for r in rows) for s in ORDER}
    summary = (f"preflight: {counts[BLOCKER]} blocker(s), {counts[UNCHECKED]} could not check, "
               f"{counts[WARNING]} warning(s), {counts[PASSED]} passed")
    return f"{body}\n{summary}"
