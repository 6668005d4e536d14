"""``Custom::Secrets``: CloudFormation custom resource that generates SSM SecureString secrets.

CloudFormation cannot create SSM ``SecureString`` parameters, so this Lambda (Handler
``handler.handler``, python3.13, stdlib + boto3 only, zipped alone) generates the LiteLLM
master key, the LiteLLM salt key and the RDS password as SecureString parameters.

Resource properties (CloudFormation sends every scalar as a string; native ints/bools from a
direct invocation are accepted too; anything else, and any unknown property, FAILS the request
with a reason naming the property, before anything is written):

``ParameterPrefix`` (required)
    e.g. ``/llm-gateway/dev``: starts with ``/``, no trailing slash, segments of
    ``[A-Za-z0-9_.-]``, at most 512 characters and 14 levels, first segment not ``aws*``/``ssm*``.
    Secret NAME is stored as ``{ParameterPrefix}/{NAME}``.
``KmsKeyId`` (required)
    KMS key ARN (``arn:<partition>:kms:<region>:<account>:key/<id>`` or ``...:alias/<name>``)
    in the stack's partition and region.
``RotationToken`` (optional, default ``""``)
    Changing it regenerates every rotatable secret (a new SSM version).
``RetainOnDelete`` (optional, ``"true"``/``"false"``, default ``"false"``)
    When true, Delete (and removal of a secret from ``Secrets`` on Update) leaves the
    parameters in place, *released* (see "Release and adoption" below), so that the next
    Create under the same prefix adopts them.
``Secrets`` (required, 1..20 entries), each an object with
    ``Name`` (``[a-z0-9]+(-[a-z0-9]+)*``, at most 64 chars, unique),
    ``Length`` (16..128, characters generated after ``Prefix``),
    ``Alphabet`` (``alphanumeric`` = ``[A-Za-z0-9]``, ``hex`` = ``[0-9a-f]``, ``password`` =
    ``[A-Za-z0-9]`` plus ``-_.~`` - never ``/``, ``@``, ``"`` or space, so it is valid for RDS and
    safe unescaped in a postgres URL),
    ``Prefix`` (optional literal of ``[A-Za-z0-9_.~-]``, at most 32 chars, e.g. ``sk-``; not counted
    in Length), ``Rotatable`` (optional, default ``"true"``; the LiteLLM salt key must be
    ``"false"``: it must never change once models are stored).
``Tags`` (optional) list of ``{Key, Value}`` added to every parameter (max 47: SSM allows 50 tags and
    the handler uses up to three; ``aws:*`` and ``llm-gateway:*`` keys are reserved).
``ServiceToken`` is ignored.

Returned ``Data`` (names, ARNs and versions only - never values), for each secret, with
``Camel`` = the CamelCase of its name (``master-key`` -> ``MasterKey``):
``<Camel>ParameterName``, ``<Camel>ParameterArn``
(``arn:<partition>:ssm:<region>:<account>:parameter<name>``, taken from the StackId ARN) and
``<Camel>Version`` (the SSM parameter version, a string, for
``{{resolve:ssm-secure:<name>:<version>}}``). PhysicalResourceId is ``secrets:<ParameterPrefix>``.

Behaviour
---------
* Ownership: every parameter created carries the tag ``llm-gateway:managed-by`` =
  ``<StackId>/<LogicalResourceId>`` (sha256 of it if longer than 256 chars) and
  ``llm-gateway:rotation-token`` = sha256 of the RotationToken the value was generated for.
  Create/Update never overwrite a parameter without our owner tag, nor one another resource owns
  and has not released (FAILED, naming it, before any write); Delete and removal only delete (or
  release) parameters with our owner tag. A retried Create finds
  its own parameters and reuses them (no new versions).
* Update, same prefix: a secret whose stored token tag matches the new RotationToken is left
  alone (no new value, no new SSM version); a rotatable secret whose tag differs is regenerated;
  non-rotatable ones never are. Added secrets are created, removed ones deleted (if owned and
  RetainOnDelete is false). Tag changes are applied with Add/RemoveTagsFromResource.
  **A changed ``Length``, ``Alphabet``, ``Prefix`` or ``KmsKeyId`` of an existing secret does
  NOT regenerate or re-encrypt it: it takes effect at its next rotation (new RotationToken), or
  immediately under a new ParameterPrefix.** Non-rotatable secrets therefore keep their
  original shape and key for their lifetime.
* Update with a new prefix: everything is created under the new prefix and the new physical id
  is returned; CloudFormation then sends Delete for the old id with the old properties, which
  removes the old parameters.
* Delete: the prefix is taken from the physical id, the names from the properties; missing
  parameters are fine, foreign ones are left alone, RetainOnDelete releases them (below). The placeholder
  id ``secrets:failed-create:<RequestId>`` returned by a failed Create (and any id that is not
  ``secrets:/...``) is acknowledged without touching SSM.
* A failed Create/Update deletes the parameters that this invocation itself created
  (best effort) so that a rollback leaves nothing behind; rotations cannot be undone. The same
  holds when the timeout answer was sent while a write was still in flight: once the action
  returns, what it created is deleted (CloudFormation already recorded the request as FAILED).
* The response is PUT to ResponseURL (https only; plain http is accepted for loopback hosts,
  for local tests), with an empty Content-Type, below 4096 bytes (Reason is truncated), retried
  on network errors/5xx/408/429 with backoff while time remains. No usable ResponseURL (not
  printable ASCII, a malformed IPv6 literal or port, ...; or an event that is not an object):
  logged, nothing sent; the handler never raises.
* Logging: botocore, boto3, urllib3 and s3transfer loggers are pinned at WARNING (botocore
  logs request parameters, secret values included, at DEBUG).
* Every invocation with a usable ResponseURL gets exactly one response, also for malformed
  events, unknown RequestTypes, exceptions and an approaching Lambda timeout (a timer answers
  FAILED a few seconds before the deadline). SSM throttling/5xx is retried with capped
  exponential backoff and jitter, bounded in attempts and by the remaining time.
* Values are generated with :mod:`secrets`, held only in memory, and scrubbed from every
  Reason and log line; SecureString values are read back (with decryption) only to re-encrypt
  a parameter on release and adoption, and are then scrubbed the same way.

Release and adoption (RetainOnDelete)
-------------------------------------
A kept parameter must be usable by the next stack of the same environment (destroy, then
deploy; or a first create that failed after this resource succeeded, whose rollback sends
Delete, then a new create under a new stack id). So a Delete with RetainOnDelete (and the
removal of a secret on Update with RetainOnDelete) **releases** each parameter this resource
owns: its value is re-encrypted, unchanged, with the AWS managed key ``alias/aws/ssm`` (the
stack's key is deleted when a first create rolls back - it is ``RetainExceptOnCreate`` - and
the next stack has a new key: a value left under the old key would be unreadable to it), and
the tag ``llm-gateway:released-by`` = the old owner is added. The owner, rotation-token and
user tags (``environment``...) stay. Parameters owned by someone else are left untouched.

A Create (or an Update to a new prefix) that finds, at ``{ParameterPrefix}/{Name}``, a parameter
with our owner tag **and** a ``llm-gateway:released-by`` tag equal to it **adopts** it: the
value is kept and re-encrypted with the new ``KmsKeyId``, the owner tag names the new
resource, the released mark is removed, user tags are synced. The prefix scope needs no extra
tag: a Name has no ``/``, so the parameter's own name says which prefix it belongs to (and the
``environment`` user tag is kept). The rotation token follows the stored-token rule of an
in-place Update: a non-rotatable secret (the salt key) keeps its value whatever the token; a
rotatable one whose stored ``llm-gateway:rotation-token`` differs from the new RotationToken is
regenerated, otherwise it keeps its value (so the DB password and master key match a database
restored from the final snapshot). A parameter without our owner tag, or owned by another
resource and not released, is refused exactly as before. If the adopting invocation fails, the
parameters it adopted are released again (best effort) instead of deleted; a later Delete
with RetainOnDelete (the rollback of the create that adopted them) releases them again too,
and without RetainOnDelete deletes them as their owner. A released value that cannot be read
(e.g. decryption denied) fails the Create with a reason naming the parameter; nothing is
regenerated in its place. To really start fresh, delete the released parameters first.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import logging
import random
import re
import secrets as _secrets
import string
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

LOG = logging.getLogger("llm_gateway.secrets")
LOG.setLevel(logging.INFO)

# botocore logs every request's parameters (PutParameter's Value: a secret) at DEBUG. The Lambda
# runtime sets the root logger to the function's log level, so a DEBUG application log level
# would print them; these loggers are pinned at WARNING at import and again on every invocation.
QUIET_LOGGERS = ("botocore", "boto3", "urllib3", "s3transfer")
QUIET_LEVEL = logging.WARNING


def _pin_library_loggers() -> None:
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.startswith(tuple(q + "." for q in QUIET_LOGGERS)):
            if logger.level != logging.NOTSET and logger.level < QUIET_LEVEL:
                logger.setLevel(QUIET_LEVEL)  # a child set lower would escape its parent's level
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(QUIET_LEVEL)


_pin_library_loggers()

# --- tunables (tests patch _sleep / constants) ---------------------------------------------
RESPONSE_LIMIT = 4096           # CloudFormation's limit on the response body, in bytes
TIMEOUT_MARGIN_S = 5.0          # answer FAILED this long before the Lambda deadline
DEFAULT_BUDGET_S = 60.0         # time budget when the context tells no remaining time
SSM_MAX_ATTEMPTS = 6
SSM_BACKOFF_BASE_S = 0.25
SSM_BACKOFF_CAP_S = 4.0
PUT_MAX_ATTEMPTS = 4
PUT_BACKOFF_BASE_S = 0.5
PUT_TIMEOUT_S = 10.0

PHYSICAL_ID_PREFIX = "secrets:"
PLACEHOLDER_PREFIX = "secrets:failed-create:"
OWNER_TAG = "llm-gateway:managed-by"
TOKEN_TAG = "llm-gateway:rotation-token"
RELEASED_TAG = "llm-gateway:released-by"
RELEASE_KEY = "alias/aws/ssm"   # the AWS managed key: outlives every stack of the account
RESERVED_TAG_PREFIXES = ("aws:", "llm-gateway:")

ALPHABETS = {
    "alphanumeric": string.ascii_letters + string.digits,
    "hex": "0123456789abcdef",
    "password": string.ascii_letters + string.digits + "-_.~",
}
KNOWN_PROPERTIES = {"ServiceToken", "ParameterPrefix", "KmsKeyId", "RotationToken",
                    "RetainOnDelete", "Secrets", "Tags"}
SECRET_KEYS = {"Name", "Length", "Alphabet", "Prefix", "Rotatable"}
MIN_LENGTH, MAX_LENGTH = 16, 128
MAX_SECRETS = 20
MAX_USER_TAGS = 47   # SSM allows 50 per parameter: owner, rotation token, released mark

RETRYABLE_CODES = {
    "ThrottlingException", "Throttling", "ThrottledException", "TooManyUpdates",
    "RequestLimitExceeded", "TooManyRequestsException", "InternalServerError",
    "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException",
    "RequestTimeout", "RequestTimeoutException",
}

_PREFIX_RE = re.compile(r"^(/[A-Za-z0-9_.-]+)+$")
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LITERAL_RE = re.compile(r"^[A-Za-z0-9_.~-]{0,32}$")
_DIGITS_RE = re.compile(r"^[0-9]{1,4}$")
_STACK_RE = re.compile(r"^arn:(aws[a-z-]*):cloudformation:([a-z0-9-]+):([0-9]{12}):stack/\S+$")
_KMS_RE = re.compile(
    r"^arn:(aws[a-z-]*):kms:([a-z0-9-]+):([0-9]{12}):(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$")
_TAG_CHARS_RE = re.compile(r"^[\w +=.:/@-]*$")

_NETWORK_ERRORS = (EndpointConnectionError, ConnectionClosedError, ConnectTimeoutError,
                   ReadTimeoutError)

_sleep = time.sleep
_monotonic = time.monotonic
_uniform = random.uniform


# --- errors ---------------------------------------------------------------------------------
class RequestError(Exception):
    """A failure with a reason fit for CloudFormation (validation, ownership, ...)."""


class SsmCallError(Exception):
    def __init__(self, op: str, target: str, code: str, message: str, attempts: int):
        self.op, self.target, self.code, self.message, self.attempts = op, target, code, message, attempts
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"SSM {op} on {target} failed{tries}: {code}: {message}")


class _Abandoned(Exception):
    """The timeout response has been sent; stop working."""


# --- logging --------------------------------------------------------------------------------
def _log(level: int, event: str, inv: "_Invocation | None" = None, **fields) -> None:
    doc = {"event": event, **fields}
    if inv is not None and inv.request_id:
        doc.setdefault("request_id", inv.request_id)
    text = json.dumps(doc, default=str, sort_keys=True)
    if inv is not None:
        text = inv.redact(text)
    LOG.log(level, text)


# --- response -------------------------------------------------------------------------------
def _clip(value, limit: int = 512) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _encode_body(status, reason, physical_id, stack_id, request_id, logical_id, data) -> bytes:
    doc = {
        "Status": status,
        "Reason": reason,
        "PhysicalResourceId": physical_id,
        "StackId": stack_id,
        "RequestId": request_id,
        "LogicalResourceId": logical_id,
        "NoEcho": False,
        "Data": data,
    }
    return json.dumps(doc, separators=(",", ":")).encode("ascii")


def _build_body(status, reason, physical_id, stack_id, request_id, logical_id, data) -> bytes:
    """The response document, below RESPONSE_LIMIT bytes: Reason is truncated if needed."""
    def encode(text):
        return _encode_body(status, text, physical_id, stack_id, request_id, logical_id, data)

    body = encode(reason)
    if len(body) < RESPONSE_LIMIT:
        return body
    marker = " ...[truncated]"
    if len(encode(marker)) < RESPONSE_LIMIT:
        # Longest prefix of Reason that fits once JSON-escaped (escaping may expand characters).
        low, high = 0, len(reason)
        while low < high:
            mid = (low + high + 1) // 2
            if len(encode(reason[:mid] + marker)) < RESPONSE_LIMIT:
                low = mid
            else:
                high = mid - 1
        return encode(reason[:low] + marker)
    # Even an empty Reason does not fit: Data or the echoed ids are oversized (never for
    # validated input). SUCCESS cannot be reported without its Data, so report FAILED.
    return _encode_body("FAILED", "Response too large for CloudFormation (4096 bytes)",
                        _clip(physical_id, 256), _clip(stack_id, 256), _clip(request_id, 256),
                        _clip(logical_id, 256), {})


def _put_response(url: str, body: bytes, deadline: float) -> bool:
    """PUT the response; retry network errors/5xx with backoff while the Lambda has time left.
    Never raises: a URL that cannot be sent is logged and given up."""
    try:
        host = urllib.parse.urlsplit(url).hostname or "?"
    except ValueError:
        host = "?"
    last = ""
    for attempt in range(1, PUT_MAX_ATTEMPTS + 1):
        timeout = max(0.5, min(PUT_TIMEOUT_S, deadline - _monotonic() - 0.2))
        try:
            req = urllib.request.Request(
                url, data=body, method="PUT",
                headers={"Content-Type": "", "Content-Length": str(len(body))})
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                _log(logging.INFO, "response_put", host=host, http_status=resp.status, attempt=attempt)
                return True
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
            exc.close()
            if exc.code < 500 and exc.code not in (408, 429):
                break  # e.g. 403 for an expired pre-signed URL: retrying cannot help
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            last = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - e.g. ValueError from a malformed URL: not retryable
            _log(logging.ERROR, "response_put_gave_up", host=host, last_error=type(exc).__name__)
            return False
        delay = PUT_BACKOFF_BASE_S * 2 ** (attempt - 1)
        if attempt == PUT_MAX_ATTEMPTS or _monotonic() + delay + 1.0 > deadline:
            break
        _log(logging.WARNING, "response_put_retry", host=host, last_error=last, attempt=attempt)
        _sleep(delay)
    _log(logging.ERROR, "response_put_gave_up", host=host, last_error=last)
    return False


class _Responder:
    """Sends exactly one response; a second caller waits for the first one to finish."""

    def __init__(self, url, stack_id, request_id, logical_id, inv):
        self.url, self.stack_id, self.request_id, self.logical_id = url, stack_id, request_id, logical_id
        self.inv = inv
        self._lock = threading.Lock()
        self.sent = False

    def send(self, status: str, reason: str, physical_id: str, data: dict | None = None) -> bool:
        with self._lock:
            if self.sent:
                return False
            self.sent = True
            reason = self.inv.redact(reason or "")
            body = _build_body(status, reason, physical_id, self.stack_id, self.request_id,
                               self.logical_id, data or {})
            status = json.loads(body)["Status"]
            _log(logging.INFO if status == "SUCCESS" else logging.ERROR, "response",
                 self.inv, status=status, reason=reason[:300], physical_id=physical_id[:300],
                 bytes=len(body))
            _put_response(self.url, body, self.inv.hard_deadline)
            return True


# --- invocation state -----------------------------------------------------------------------
class _Invocation:
    def __init__(self, request_id: str, remaining_s: float | None):
        self.request_id = request_id
        self.start = _monotonic()
        budget = remaining_s if remaining_s is not None else DEFAULT_BUDGET_S
        self.hard_deadline = self.start + budget
        self.deadline = self.start + _timer_delay(budget)  # work must be done by then
        self.abandoned = False
        self.client = None
        self.created: list[str] = []
        self.adopted: list[str] = []
        self.ctx: "_Ctx | None" = None
        self._values: set[str] = set()

    def hard_remaining(self) -> float:
        return self.hard_deadline - _monotonic()

    def remember(self, value: str) -> None:
        self._values.add(value)

    def redact(self, text: str) -> str:
        for value in self._values:
            if value and value in text:
                text = text.replace(value, "***")
        return text


def _timer_delay(remaining_s: float) -> float:
    return max(remaining_s - TIMEOUT_MARGIN_S, remaining_s / 2.0, 0.0)


def _remaining_seconds(context) -> float | None:
    try:
        ms = context.get_remaining_time_in_millis()
        if isinstance(ms, bool) or not isinstance(ms, (int, float)):
            return None
        return max(0.0, ms / 1000.0)
    except Exception:  # noqa: BLE001 - no usable context
        return None


# --- SSM ------------------------------------------------------------------------------------
_SESSION = None
_SESSION_LOCK = threading.Lock()


def _session():
    """One botocore session per execution environment (its service models load once)."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            _SESSION = boto3.session.Session()
        return _SESSION


def _make_ssm_client(region: str):
    cfg = Config(connect_timeout=3, read_timeout=10,
                 retries={"total_max_attempts": 1, "mode": "standard"},
                 user_agent_extra="llm-gateway-custom-secrets")
    return _session().client("ssm", region_name=region, config=cfg)


def _ssm(inv: _Invocation, op: str, target: str, *, single: bool = False, **kwargs):
    attempt = 0
    while True:
        if inv.abandoned and not single:
            raise _Abandoned()
        attempt += 1
        try:
            return getattr(inv.client, op)(**kwargs)
        except ClientError as exc:
            err = exc.response.get("Error", {})
            code = str(err.get("Code") or "Unknown")
            message = inv.redact(str(err.get("Message") or ""))[:300]
            http_status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
            retryable = code in RETRYABLE_CODES or http_status >= 500
        except BotoCoreError as exc:
            code = type(exc).__name__
            retryable = isinstance(exc, _NETWORK_ERRORS)
            message = "network error" if retryable else inv.redact(str(exc))[:300]
        if single or not retryable or attempt >= SSM_MAX_ATTEMPTS:
            raise SsmCallError(op, target, code, message, attempt) from None
        ceiling = min(SSM_BACKOFF_CAP_S, SSM_BACKOFF_BASE_S * 2 ** (attempt - 1))
        delay = _uniform(ceiling / 2, ceiling)
        if _monotonic() + delay > inv.deadline:
            _log(logging.WARNING, "ssm_retry_out_of_time", inv, op=op, target=target, code=code,
                 attempt=attempt)
            raise SsmCallError(op, target, code, message, attempt) from None
        _log(logging.WARNING, "ssm_retry", inv, op=op, target=target, code=code, attempt=attempt,
             delay_s=round(delay, 3))
        _sleep(delay)


def _get_tags(inv, name) -> dict | None:
    """Tags of parameter ``name``, or None when it does not exist."""
    try:
        resp = _ssm(inv, "list_tags_for_resource", name, ResourceType="Parameter", ResourceId=name)
    except SsmCallError as exc:
        if exc.code in ("InvalidResourceId", "ParameterNotFound"):
            return None
        raise
    return {t["Key"]: t.get("Value", "") for t in resp.get("TagList", [])}


def _get_version(inv, name) -> int | None:
    try:
        resp = _ssm(inv, "get_parameter", name, Name=name, WithDecryption=False)
    except SsmCallError as exc:
        if exc.code == "ParameterNotFound":
            return None
        raise
    return int(resp["Parameter"]["Version"])


# --- properties -----------------------------------------------------------------------------
class _Secret:
    __slots__ = ("name", "length", "alphabet", "prefix", "rotatable", "camel")

    def __init__(self, name, length, alphabet, prefix, rotatable):
        self.name, self.length, self.alphabet, self.prefix, self.rotatable = (
            name, length, alphabet, prefix, rotatable)
        self.camel = _camel(name)


class _Props:
    def __init__(self, prefix, kms_key_id, token, retain, secrets, tags):
        self.prefix, self.kms_key_id, self.token, self.retain = prefix, kms_key_id, token, retain
        self.secrets: list[_Secret] = secrets
        self.tags: dict[str, str] = tags

    def param(self, name: str) -> str:
        return f"{self.prefix}/{name}"


class _Ctx:
    def __init__(self, stack_id, logical_id, request_id, partition, region, account):
        self.stack_id, self.logical_id, self.request_id = stack_id, logical_id, request_id
        self.partition, self.region, self.account = partition, region, account
        owner = f"{stack_id}/{logical_id}"
        self.owner = owner if len(owner) <= 256 else "sha256:" + hashlib.sha256(owner.encode()).hexdigest()

    def arn(self, name: str) -> str:
        return f"arn:{self.partition}:ssm:{self.region}:{self.account}:parameter{name}"


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _bool(value, where: str, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise RequestError(f'{where} must be "true" or "false", got {_show(value)}')


def _validate_props(raw, ctx: _Ctx) -> _Props:
    if not isinstance(raw, dict):
        raise RequestError("ResourceProperties must be an object")
    unknown = sorted(str(k) for k in raw if k not in KNOWN_PROPERTIES)
    if unknown:
        raise RequestError(f"Unknown property {', '.join(unknown)}")

    prefix = raw.get("ParameterPrefix")
    if not isinstance(prefix, str) or not prefix:
        raise RequestError("ParameterPrefix is required and must be a string")
    if not _PREFIX_RE.match(prefix) or len(prefix) > 512:
        raise RequestError(
            f"ParameterPrefix {_show(prefix)} must start with '/', have no trailing or double "
            "slash, use only [A-Za-z0-9_.-] and be at most 512 characters")
    segments = prefix.strip("/").split("/")
    if len(segments) > 14:
        raise RequestError("ParameterPrefix has more than 14 levels (SSM allows 15 with the name)")
    if segments[0].lower().startswith(("aws", "ssm")):
        raise RequestError("ParameterPrefix must not begin with 'aws' or 'ssm' (reserved by SSM)")

    kms = raw.get("KmsKeyId")
    if not isinstance(kms, str) or not kms:
        raise RequestError("KmsKeyId is required and must be a KMS key ARN")
    match = _KMS_RE.match(kms)
    if not match:
        raise RequestError(f"KmsKeyId {_show(kms)} is not a KMS key or alias ARN")
    if match.group(1) != ctx.partition or match.group(2) != ctx.region:
        raise RequestError(
            f"KmsKeyId must be a key in the stack's partition and region ({ctx.partition}, {ctx.region})")

    token = raw.get("RotationToken", "")
    if token is None:
        token = ""
    if not isinstance(token, str) or len(token) > 1024:
        raise RequestError("RotationToken must be a string of at most 1024 characters")
    retain = _bool(raw.get("RetainOnDelete"), "RetainOnDelete", False)

    items = raw.get("Secrets")
    if not isinstance(items, list) or not items:
        raise RequestError("Secrets is required and must be a non-empty list")
    if len(items) > MAX_SECRETS:
        raise RequestError(f"Secrets has {len(items)} entries; at most {MAX_SECRETS} are allowed")
    parsed: list[_Secret] = []
    seen_names, seen_camel = set(), set()
    for index, item in enumerate(items):
        where = f"Secrets[{index}]"
        if not isinstance(item, dict):
            raise RequestError(f"{where} must be an object")
        extra = sorted(str(k) for k in item if k not in SECRET_KEYS)
        if extra:
            raise RequestError(f"{where} has unknown key {', '.join(extra)}")
        name = item.get("Name")
        if not isinstance(name, str) or not _NAME_RE.match(name) or len(name) > 64:
            raise RequestError(f"{where}.Name {_show(name)} must match [a-z0-9]+(-[a-z0-9]+)* "
                               "(at most 64 characters)")
        where = f"Secrets[{index}] ({name})"
        if name in seen_names:
            raise RequestError(f"{where}: duplicate Name")
        camel = _camel(name)
        if camel in seen_camel:
            raise RequestError(f"{where}: Name collides with another secret's Data keys ({camel})")
        seen_names.add(name)
        seen_camel.add(camel)
        length = item.get("Length")
        if isinstance(length, str) and _DIGITS_RE.match(length):
            length = int(length)
        if isinstance(length, bool) or not isinstance(length, int) or not MIN_LENGTH <= length <= MAX_LENGTH:
            raise RequestError(f"{where}.Length must be an integer string {MIN_LENGTH}..{MAX_LENGTH}, "
                               f"got {_show(item.get('Length'))}")
        alphabet = item.get("Alphabet")
        if alphabet not in ALPHABETS:
            raise RequestError(f"{where}.Alphabet must be one of {', '.join(sorted(ALPHABETS))}, "
                               f"got {_show(alphabet)}")
        literal = item.get("Prefix", "")
        if literal is None:
            literal = ""
        if not isinstance(literal, str) or not _LITERAL_RE.match(literal):
            raise RequestError(f"{where}.Prefix must be at most 32 characters of [A-Za-z0-9_.~-]")
        rotatable = _bool(item.get("Rotatable"), f"{where}.Rotatable", True)
        parsed.append(_Secret(name, length, alphabet, literal, rotatable))

    tags_raw = raw.get("Tags", [])
    if tags_raw is None:
        tags_raw = []
    if not isinstance(tags_raw, list):
        raise RequestError("Tags must be a list of {Key, Value}")
    if len(tags_raw) > MAX_USER_TAGS:
        raise RequestError(f"Tags has {len(tags_raw)} entries; at most {MAX_USER_TAGS} are allowed")
    tags: dict[str, str] = {}
    for index, tag in enumerate(tags_raw):
        where = f"Tags[{index}]"
        if not isinstance(tag, dict) or set(tag) != {"Key", "Value"}:
            raise RequestError(f"{where} must be an object with exactly Key and Value")
        key, value = tag["Key"], tag["Value"]
        if not isinstance(key, str) or not 1 <= len(key) <= 128 or not _TAG_CHARS_RE.match(key):
            raise RequestError(f"{where}.Key must be 1..128 characters of letters, digits, spaces "
                               "and _.:/=+-@")
        if key.lower().startswith(RESERVED_TAG_PREFIXES):
            raise RequestError(f"{where}.Key {_show(key)} uses a reserved prefix (aws:, llm-gateway:)")
        if not isinstance(value, str) or len(value) > 256 or not _TAG_CHARS_RE.match(value):
            raise RequestError(f"{where}.Value must be at most 256 characters of letters, digits, "
                               "spaces and _.:/=+-@")
        if key in tags:
            raise RequestError(f"{where}: duplicate Key {_show(key)}")
        tags[key] = value

    props = _Props(prefix, kms, token, retain, parsed, tags)
    # The answer must fit in CloudFormation's 4096 bytes, with room for a short Reason.
    worst = {k: v for s in parsed for k, v in _data_for(props, ctx, s, 10 ** 9).items()}
    size = len(_encode_body("SUCCESS", "x" * 64, _physical_id(prefix), ctx.stack_id,
                            ctx.request_id, ctx.logical_id, worst))
    if size >= RESPONSE_LIMIT - 64:
        raise RequestError("Secrets/ParameterPrefix: the response Data would exceed CloudFormation's "
                           "4096-byte limit; use fewer secrets or shorter names")
    return props


def _lenient_names(raw) -> list[str]:
    """Secret names from properties that may not validate (old/delete properties)."""
    names = []
    items = raw.get("Secrets") if isinstance(raw, dict) else None
    for item in items if isinstance(items, list) else []:
        name = item.get("Name") if isinstance(item, dict) else None
        if isinstance(name, str) and _NAME_RE.match(name) and len(name) <= 64 and name not in names:
            names.append(name)
    return names


def _lenient_tag_keys(raw) -> set[str]:
    tags = raw.get("Tags") if isinstance(raw, dict) else None
    return {t["Key"] for t in (tags if isinstance(tags, list) else [])
            if isinstance(t, dict) and isinstance(t.get("Key"), str)}


def _lenient_retain(raw) -> bool:
    value = raw.get("RetainOnDelete") if isinstance(raw, dict) else None
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _physical_id(prefix: str) -> str:
    return PHYSICAL_ID_PREFIX + prefix


def _data_for(props: _Props, ctx: _Ctx, secret: _Secret, version: int) -> dict:
    name = props.param(secret.name)
    return {
        f"{secret.camel}ParameterName": name,
        f"{secret.camel}ParameterArn": ctx.arn(name),
        f"{secret.camel}Version": str(version),
    }


def _parse_ctx(event: dict) -> _Ctx:
    stack_id = event.get("StackId")
    if not isinstance(stack_id, str) or not (m := _STACK_RE.match(stack_id)):
        raise RequestError("Malformed event: StackId is missing or not a CloudFormation stack ARN")
    logical_id = event.get("LogicalResourceId")
    if not isinstance(logical_id, str) or not logical_id:
        raise RequestError("Malformed event: LogicalResourceId is missing or not a string")
    request_id = event.get("RequestId")
    if not isinstance(request_id, str) or not request_id:
        raise RequestError("Malformed event: RequestId is missing or not a string")
    return _Ctx(stack_id, logical_id, request_id, m.group(1), m.group(2), m.group(3))


# --- operations -----------------------------------------------------------------------------
def _generate(secret: _Secret, inv: _Invocation) -> str:
    chars = ALPHABETS[secret.alphabet]
    value = secret.prefix + "".join(_secrets.choice(chars) for _ in range(secret.length))
    inv.remember(value)
    return value


def _description(ctx: _Ctx) -> str:
    return f"Generated by Custom::Secrets {ctx.logical_id[:200]}; managed by CloudFormation, do not edit"


def _create_param(inv, ctx, props, secret) -> int:
    name = props.param(secret.name)
    tags = [{"Key": OWNER_TAG, "Value": ctx.owner},
            {"Key": TOKEN_TAG, "Value": _token_hash(props.token)}]
    tags += [{"Key": k, "Value": v} for k, v in props.tags.items()]
    try:
        resp = _ssm(inv, "put_parameter", name, Name=name, Value=_generate(secret, inv),
                    Type="SecureString", KeyId=props.kms_key_id, Tier="Standard",
                    Description=_description(ctx), Overwrite=False, Tags=tags)
    except SsmCallError as exc:
        if exc.code != "ParameterAlreadyExists":
            raise
        # Appeared meanwhile (or our earlier attempt timed out after writing): ours or not?
        current = _get_tags(inv, name)
        if current is None or current.get(OWNER_TAG) != ctx.owner:
            raise RequestError(f"Refusing to overwrite SSM parameter {name}: it exists and was not "
                               "created by this resource") from None
        version = _get_version(inv, name)
        if version is None:
            raise RequestError(f"SSM parameter {name} vanished while being created; retry") from None
        return version
    inv.created.append(name)
    _log(logging.INFO, "parameter_created", inv, name=name, version=resp["Version"])
    return int(resp["Version"])


def _rotate_param(inv, ctx, props, secret) -> int:
    name = props.param(secret.name)
    resp = _ssm(inv, "put_parameter", name, Name=name, Value=_generate(secret, inv),
                Type="SecureString", KeyId=props.kms_key_id, Tier="Standard",
                Description=_description(ctx), Overwrite=True)
    _ssm(inv, "add_tags_to_resource", name, ResourceType="Parameter", ResourceId=name,
         Tags=[{"Key": TOKEN_TAG, "Value": _token_hash(props.token)}])
    _log(logging.INFO, "parameter_rotated", inv, name=name, version=resp["Version"])
    return int(resp["Version"])


def _sync_user_tags(inv, name, current: dict, wanted: dict, removable: set[str]) -> None:
    add = [{"Key": k, "Value": v} for k, v in wanted.items() if current.get(k) != v]
    drop = sorted(k for k in removable
                  if k not in wanted and k in current and not k.lower().startswith(RESERVED_TAG_PREFIXES))
    # Remove before adding: SSM allows 50 tags per parameter, and old + new together may exceed it.
    if drop:
        _ssm(inv, "remove_tags_from_resource", name, ResourceType="Parameter", ResourceId=name,
             TagKeys=drop)
    if add:
        _ssm(inv, "add_tags_to_resource", name, ResourceType="Parameter", ResourceId=name, Tags=add)
    if add or drop:
        _log(logging.INFO, "parameter_tags_updated", inv, name=name, added=len(add), removed=len(drop))


def _owned_tags(inv, ctx, name):
    """The tags of `name` when this resource owns it, else "absent" or "foreign" (logged; it is kept)."""
    tags = _get_tags(inv, name)
    if tags is None:
        return "absent"
    if tags.get(OWNER_TAG) != ctx.owner:
        _log(logging.WARNING, "parameter_not_owned_kept", inv, name=name)
        return "foreign"
    return tags


def _delete_owned(inv, ctx, name) -> str:
    tags = _owned_tags(inv, ctx, name)
    if isinstance(tags, str):
        return tags
    try:
        _ssm(inv, "delete_parameter", name, Name=name)
    except SsmCallError as exc:
        if exc.code != "ParameterNotFound":
            raise
        return "absent"
    _log(logging.INFO, "parameter_deleted", inv, name=name)
    return "deleted"


def _is_released(tags: dict) -> bool:
    """Kept by a Delete with RetainOnDelete of the resource named in both tags: free to adopt."""
    return bool(tags.get(RELEASED_TAG)) and tags.get(RELEASED_TAG) == tags.get(OWNER_TAG)


def _read_value(inv, name, single=False) -> str:
    resp = _ssm(inv, "get_parameter", name, single=single, Name=name, WithDecryption=True)
    value = resp["Parameter"]["Value"]
    inv.remember(value)
    return value


def _put_existing(inv, ctx, name, value, key_id, single=False) -> int:
    resp = _ssm(inv, "put_parameter", name, single=single, Name=name, Value=value, Type="SecureString",
                KeyId=key_id, Tier="Standard", Description=_description(ctx), Overwrite=True)
    return int(resp["Version"])


def _mark_released(inv, ctx, name, single=False) -> None:
    """Same value under the AWS managed key, tagged released by ``ctx.owner``."""
    _put_existing(inv, ctx, name, _read_value(inv, name, single), RELEASE_KEY, single)
    _ssm(inv, "add_tags_to_resource", name, single=single, ResourceType="Parameter", ResourceId=name,
         Tags=[{"Key": OWNER_TAG, "Value": ctx.owner}, {"Key": RELEASED_TAG, "Value": ctx.owner}])


def _release_owned(inv, ctx, name) -> str:
    """RetainOnDelete: keep the parameter, released for the next Create under this prefix to adopt."""
    tags = _owned_tags(inv, ctx, name)
    if isinstance(tags, str):
        return tags
    if _is_released(tags):
        return "released"  # a retried Delete
    try:
        _mark_released(inv, ctx, name)
    except SsmCallError as exc:
        if exc.code != "ParameterNotFound":
            raise
        return "absent"
    _log(logging.INFO, "parameter_released", inv, name=name)
    return "released"


def _adopt_param(inv, ctx, props, secret, tags: dict, desired: str) -> int:
    """Take over a released parameter: keep its value (stored-token rule for rotatable secrets),
    re-encrypt it with this resource's key, name this resource as its owner."""
    name = props.param(secret.name)
    inv.adopted.append(name)  # from here on, a failure releases it again
    if secret.rotatable and tags.get(TOKEN_TAG, desired) != desired:
        version = _rotate_param(inv, ctx, props, secret)
    else:
        try:
            value = _read_value(inv, name)
        except SsmCallError as exc:
            raise RequestError(
                f"Cannot adopt released SSM parameter {name}: reading it failed ({exc.code}); fix the "
                "access, or delete the released parameters to start fresh") from None
        version = _put_existing(inv, ctx, name, value, props.kms_key_id)
    _ssm(inv, "add_tags_to_resource", name, ResourceType="Parameter", ResourceId=name,
         Tags=[{"Key": OWNER_TAG, "Value": ctx.owner}])
    _ssm(inv, "remove_tags_from_resource", name, ResourceType="Parameter", ResourceId=name,
         TagKeys=[RELEASED_TAG])
    _log(logging.INFO, "parameter_adopted", inv, name=name, version=version,
         rotated=secret.rotatable and tags.get(TOKEN_TAG, desired) != desired)
    return version


def _rollback(inv: _Invocation) -> None:
    """Best effort: delete what this invocation created and release again what it adopted (one
    attempt per call, time permitting)."""
    for name in reversed(inv.created):
        if inv.hard_remaining() < 1.0:
            _log(logging.WARNING, "rollback_out_of_time", inv, left=len(inv.created))
            return
        try:
            _ssm(inv, "delete_parameter", name, single=True, Name=name)
            _log(logging.INFO, "rollback_deleted", inv, name=name)
        except SsmCallError as exc:
            _log(logging.WARNING, "rollback_failed", inv, name=name, code=exc.code)
    inv.created.clear()
    ctx = inv.ctx
    for name in reversed(inv.adopted):
        if inv.hard_remaining() < 2.0:
            _log(logging.WARNING, "rollback_out_of_time", inv, left=len(inv.adopted))
            return
        try:
            _mark_released(inv, ctx, name, single=True)
            _log(logging.INFO, "rollback_released", inv, name=name)
        except SsmCallError as exc:
            _log(logging.WARNING, "rollback_release_failed", inv, name=name, code=exc.code)
    inv.adopted.clear()


def _reconcile(inv, ctx, props: _Props, old_raw: dict | None) -> dict:
    """Make SSM match ``props`` under ``props.prefix``; return Data. ``old_raw`` only for in-place Update."""
    desired = _token_hash(props.token)
    fallback = desired
    if old_raw is not None:
        old_token = old_raw.get("RotationToken", "") if isinstance(old_raw, dict) else ""
        fallback = _token_hash(old_token if isinstance(old_token, str) else "")
    removable = _lenient_tag_keys(old_raw) if old_raw is not None else set()

    # 1. Read-only pre-flight: refuse before writing anything if a parameter is foreign.
    states: dict[str, dict | None] = {}
    foreign, adopt = [], set()
    for secret in props.secrets:
        name = props.param(secret.name)
        tags = _get_tags(inv, name)
        if tags is not None and _is_released(tags):
            adopt.add(secret.name)
        elif tags is not None and tags.get(OWNER_TAG) != ctx.owner:
            foreign.append(name)
        states[secret.name] = tags
    if foreign:
        raise RequestError("Refusing to overwrite SSM parameter(s) not created by this resource "
                           f"(no {OWNER_TAG} tag for this stack/resource): {', '.join(foreign)}")

    # 2. Writes.
    data: dict[str, str] = {}
    for secret in props.secrets:
        name = props.param(secret.name)
        tags = states[secret.name]
        version = None
        if secret.name in adopt:
            version = _adopt_param(inv, ctx, props, secret, tags, desired)
            _sync_user_tags(inv, name, tags, props.tags, set(tags))
        elif tags is not None:
            stored = tags.get(TOKEN_TAG, fallback)
            if secret.rotatable and stored != desired:
                version = _rotate_param(inv, ctx, props, secret)
            else:
                version = _get_version(inv, name)
                if version is None:
                    _log(logging.WARNING, "parameter_vanished_recreating", inv, name=name)
            if version is not None:
                _sync_user_tags(inv, name, tags, props.tags, removable)
        if version is None:
            version = _create_param(inv, ctx, props, secret)
        data.update(_data_for(props, ctx, secret, version))

    # 3. Removals (in-place Update only), after every write succeeded.
    if old_raw is not None:
        kept = {s.name for s in props.secrets}
        for old_name in _lenient_names(old_raw):
            if old_name in kept:
                continue
            name = props.param(old_name)
            if props.retain:
                _log(logging.INFO, "removed_secret_retained", inv, name=name,
                     outcome=_release_owned(inv, ctx, name))
                continue
            _delete_owned(inv, ctx, name)
    return data


def _do_create(event, ctx, inv) -> tuple[str, dict]:
    props = _validate_props(event.get("ResourceProperties"), ctx)
    inv.client = _make_ssm_client(ctx.region)
    data = _reconcile(inv, ctx, props, None)
    return _physical_id(props.prefix), data


def _do_update(event, ctx, inv) -> tuple[str, dict]:
    current_id = event.get("PhysicalResourceId")
    if not isinstance(current_id, str) or not current_id:
        raise RequestError("Malformed event: PhysicalResourceId is missing for Update")
    old_raw = event.get("OldResourceProperties")
    if not isinstance(old_raw, dict):
        raise RequestError("Malformed event: OldResourceProperties is missing for Update")
    props = _validate_props(event.get("ResourceProperties"), ctx)
    inv.client = _make_ssm_client(ctx.region)
    new_id = _physical_id(props.prefix)
    in_place = new_id == current_id
    _log(logging.INFO, "update", inv, in_place=in_place, prefix=props.prefix)
    data = _reconcile(inv, ctx, props, old_raw if in_place else None)
    return new_id, data


def _do_delete(event, ctx, inv) -> tuple[str, dict]:
    physical_id = event.get("PhysicalResourceId")
    if not isinstance(physical_id, str) or not physical_id:
        raise RequestError("Malformed event: PhysicalResourceId is missing for Delete")
    prefix = physical_id[len(PHYSICAL_ID_PREFIX):] if physical_id.startswith(PHYSICAL_ID_PREFIX) else ""
    if not _PREFIX_RE.match(prefix):
        # The placeholder from a failed Create, or an id this function never issued.
        _log(logging.INFO, "delete_noop", inv, physical_id=physical_id[:300])
        return physical_id, {}
    raw = event.get("ResourceProperties")
    retain = _lenient_retain(raw)
    names = _lenient_names(raw)
    if not names:
        _log(logging.WARNING, "delete_no_secret_names", inv, prefix=prefix)
    inv.client = _make_ssm_client(ctx.region)
    act = _release_owned if retain else _delete_owned
    outcome = {name: act(inv, ctx, f"{prefix}/{name}") for name in names}
    _log(logging.INFO, "delete_done", inv, prefix=prefix, outcome=outcome)
    return physical_id, {}


# --- entry point ----------------------------------------------------------------------------
def _usable_url(url) -> bool:
    if not isinstance(url, str) or len(url) > 8192:
        return False
    # A pre-signed URL is printable ASCII; anything else cannot be sent as a request line.
    if not url.isascii() or any(ch.isspace() or not ch.isprintable() for ch in url):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError:  # e.g. "Invalid IPv6 URL" for an unclosed "[" literal
        return False
    if parts.scheme == "https" and parts.hostname:
        return True
    # Plain http only to loopback (local testing); never send a response in clear elsewhere.
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def _fallback_physical_id(event: dict, request_type) -> str:
    physical_id = event.get("PhysicalResourceId")
    if request_type != "Create" and isinstance(physical_id, str) and physical_id:
        return physical_id
    request_id = event.get("RequestId")
    safe = re.sub(r"[^A-Za-z0-9-]", "", request_id)[:64] if isinstance(request_id, str) else ""
    return PLACEHOLDER_PREFIX + (safe or "unknown")


def handler(event, context):
    _pin_library_loggers()
    if not isinstance(event, dict):
        _log(logging.ERROR, "no_response_url", reason=f"event is a {type(event).__name__}, not an object")
        return None
    url = event.get("ResponseURL")
    if not _usable_url(url):
        _log(logging.ERROR, "no_response_url", reason="ResponseURL missing, malformed or not an https URL",
             request_type=_clip(event.get("RequestType"), 20))
        return None

    request_type = event.get("RequestType")
    inv = _Invocation(_clip(event.get("RequestId"), 128), _remaining_seconds(context))
    responder = _Responder(url, _clip(event.get("StackId"), 2048), _clip(event.get("RequestId"), 2048),
                           _clip(event.get("LogicalResourceId"), 2048), inv)
    fallback_id = _fallback_physical_id(event, request_type)
    _log(logging.INFO, "request", inv, request_type=_clip(request_type, 20),
         logical_id=_clip(event.get("LogicalResourceId"), 128))

    def on_timeout():
        inv.abandoned = True
        responder.send("FAILED", "Timed out: the Lambda deadline is near and the request did not finish "
                                 "(nothing more will be written)", fallback_id)

    timer = None
    remaining = _remaining_seconds(context)
    if remaining is not None:
        timer = threading.Timer(_timer_delay(remaining), on_timeout)
        timer.daemon = True
        timer.start()

    status, reason, physical_id, data = "FAILED", "", fallback_id, {}
    try:
        if request_type not in ("Create", "Update", "Delete"):
            raise RequestError(f"Unsupported RequestType {_show(request_type)}")
        ctx = inv.ctx = _parse_ctx(event)
        action = {"Create": _do_create, "Update": _do_update, "Delete": _do_delete}[request_type]
        try:
            physical_id, data = action(event, ctx, inv)
        except BaseException:
            if inv.created or inv.adopted:
                _rollback(inv)
            raise
        if inv.abandoned:
            # The timer answered FAILED while the last write was in flight: CloudFormation treats
            # this request as failed, so what it wrote must go too, or the next Create refuses
            # to overwrite it.
            _rollback(inv)
            raise _Abandoned()
        status, reason = "SUCCESS", "OK"
    except _Abandoned:
        reason = "Timed out"
    except (RequestError, SsmCallError) as exc:
        reason = str(exc)
    except Exception as exc:  # noqa: BLE001 - CloudFormation must always get an answer
        reason = f"Internal error: {type(exc).__name__}: {exc}"
        _log(logging.ERROR, "internal_error", inv, error=type(exc).__name__)
    finally:
        if timer is not None:
            timer.cancel()
    answered = responder.send(status, reason, physical_id, data)
    if not answered and status == "SUCCESS" and (inv.created or inv.adopted):
        # The timeout answer (FAILED) won the race after the check above: roll back here instead.
        _rollback(inv)
    _log(logging.INFO, "finished", inv, status=status if answered else "superseded-by-timeout",
         elapsed_ms=round((_monotonic() - inv.start) * 1000))
    return None
