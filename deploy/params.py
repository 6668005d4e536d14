"""params/<env>.json + --param/--image overrides, validated against dist/parent.yaml's Parameters.

Every problem is one line: `<where>: <key>: <what is wrong>; <how to fix it>`. Nothing here talks to AWS.
Parameters absent from the file and the overrides get their template Default (CloudFormation semantics for
an explicit parameter list): params/<env>.json is the whole truth, a one-off --param does not stick.
"""
from __future__ import annotations

import difflib
import ipaddress
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ENVIRONMENT = "EnvironmentName"
ARTIFACT_BUCKET = "ArtifactBucket"
ARTIFACT_PREFIX = "ArtifactPrefix"
RESERVED = (ARTIFACT_BUCKET, ARTIFACT_PREFIX)
IMAGE_PARAMETER = "LitellmImage"
ENTRY_FIELDS = ("ParameterKey", "ParameterValue")
ROTATION_TOKEN = "SecretsRotationToken"
ROTATED = re.compile(r"^rotated-\d{8}T\d{6}Z$")   # the tokens `deploy-stack secret rotate` writes
CIDRS = "AllowedCidrs"
CERTIFICATE = "CertificateArn"
# A public range with a shorter prefix than this counts as "open to the internet".
WIDEST_PUBLIC_PREFIX = 16

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_IMAGE = re.compile(
    r"^(?P<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$")
_MOVING_TAG = re.compile(r"^(latest|main|main-.*|nightly|dev|edge|stable)$")


@dataclass
class Inputs:
    values: dict[str, str]          # every parameter deploy-stack passes, except the two artifact ones
    template: dict                  # dist/parent.yaml
    sources: dict[str, str] = field(default_factory=dict)      # key -> params/<env>.json | --param | --image | --env
    file_values: dict[str, str] = field(default_factory=dict)  # what params/<env>.json says (normalised)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def load_file(path: Path, where: str, environments: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(key, value) pairs in file order, and the problems found."""
    if not path.is_file():
        known = ", ".join(environments) or "none"
        return [], [f"{where}: not found; create it (a JSON list of ParameterKey/ParameterValue objects) "
                    f"or pick an environment that has one ({known})"]
    try:
        doc = json.loads(path.read_text())
    except UnicodeDecodeError:
        return [], [f"{where}: not UTF-8 text; save it as UTF-8 JSON"]
    except json.JSONDecodeError as exc:
        return [], [f"{where}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}; fix the syntax"]
    if not isinstance(doc, list):
        return [], [f'{where}: expected a JSON list of {{"ParameterKey": ..., "ParameterValue": ...}} objects, '
                    f"got {_kind(doc)}; use the CloudFormation list format"]
    pairs, problems, first_seen = [], [], {}
    for number, entry in enumerate(doc, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{where}: entry {number}: expected an object with ParameterKey and ParameterValue, "
                            f"got {_kind(entry)}")
            continue
        key = entry.get("ParameterKey")
        if "ParameterKey" not in entry:
            problems.append(f'{where}: entry {number}: missing "ParameterKey"; add the parameter name')
            continue
        if not isinstance(key, str) or not key:
            problems.append(f"{where}: entry {number}: ParameterKey must be a non-empty string, got {_kind(key)}")
            continue
        extra = sorted(set(entry) - set(ENTRY_FIELDS))
        if extra:
            problems.append(f"{where}: entry {number} ({key}): unexpected field {', '.join(map(repr, extra))}; "
                            f"only ParameterKey and ParameterValue are allowed")
            continue
        if "ParameterValue" not in entry:
            problems.append(f'{where}: entry {number} ({key}): missing "ParameterValue"; add the value')
            continue
        value = entry["ParameterValue"]
        if not isinstance(value, str):
            shown = json.dumps(value)
            problems.append(f"{where}: {key}: ParameterValue must be a string, got {_kind(value)} {shown}; "
                            f'write it in quotes: "{shown}"')
            continue
        if key in first_seen:
            problems.append(f"{where}: {key}: given twice (entries {first_seen[key]} and {number}); keep one")
            continue
        first_seen[key] = number
        pairs.append((key, value))
    return pairs, problems


def parse_overrides(raw: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    pairs, problems, seen = [], [], set()
    for item in raw:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(f"--param {item!r}: expected KEY=VALUE (e.g. --param DesiredCount=2)")
            continue
        if key in seen:
            problems.append(f"--param {key}: given twice; pass it once")
            continue
        seen.add(key)
        pairs.append((key, value))
    return pairs, problems


def image_problem(uri: str) -> str | None:
    match = _IMAGE.match(uri)
    if not match:
        return (f"--image {uri!r}: not a container image reference; use REGISTRY/REPOSITORY:TAG or "
                f"REGISTRY/REPOSITORY@sha256:DIGEST")
    tag, digest = match.group("tag"), match.group("digest")
    if digest:
        return None
    if not tag:
        return (f"--image {uri}: no tag or digest; pin a release (e.g. {uri}:v1.106.12) "
                f"or a digest (@sha256:...)")
    if _MOVING_TAG.match(tag):
        return (f"--image {uri}: tag '{tag}' moves (latest, main-*, ... can change under you); "
                f"pin a release tag or a digest (@sha256:...)")
    return None


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(text: str) -> float | None:
    if not _NUMBER.match(text.strip()):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def normalise(spec: dict, value: str) -> str:
    """The form CloudFormation uses and deploy-stack validates and sends: numbers without surrounding
    spaces, list items space-trimmed (CloudFormation trims each member of a CommaDelimitedList)."""
    kind = str(spec.get("Type", "String"))
    if kind == "Number":
        return value.strip()
    if kind == "CommaDelimitedList" or kind.startswith("List<"):
        return ",".join(item.strip() for item in value.split(","))
    return value


def value_problem(key: str, spec: dict, value: str) -> str | None:
    """What is wrong with `value` for template parameter `spec` (None: fine)."""
    kind = str(spec.get("Type", "String"))
    shown = "(hidden: NoEcho)" if _as_text(spec.get("NoEcho", "false")).lower() == "true" else repr(value)
    hint = f" ({spec['ConstraintDescription']})" if spec.get("ConstraintDescription") else ""
    if kind == "Number":
        number = _number(value)
        if number is None:
            return f"{key}: {shown} is not a number (Type Number); use digits, e.g. 2"
        low = _number(_as_text(spec["MinValue"])) if "MinValue" in spec else None
        high = _number(_as_text(spec["MaxValue"])) if "MaxValue" in spec else None
        if low is not None and high is not None:
            span = f"from {_fmt(low)} to {_fmt(high)}"
        else:
            span = f"of {_fmt(low)} or more" if low is not None else f"of {_fmt(high)} or less" if high else ""
        if low is not None and number < low:
            return f"{key}: {value} is below MinValue {_fmt(low)}; use a value {span}"
        if high is not None and number > high:
            return f"{key}: {value} is above MaxValue {_fmt(high)}; use a value {span}"
        allowed = spec.get("AllowedValues")
        if allowed and all(_number(_as_text(a)) != number for a in allowed):
            return f"{key}: {value} is not one of {', '.join(_as_text(a) for a in allowed)}; use one of them{hint}"
        return None
    if kind == "List<Number>":
        bad = [item for item in value.split(",") if _number(item) is None]
        if bad:
            return f"{key}: {bad[0]!r} is not a number (Type List<Number>); use comma-separated numbers"
        return None
    items = value.split(",") if kind == "CommaDelimitedList" or kind.startswith("List<") else [value]
    allowed = spec.get("AllowedValues")
    if allowed:
        texts = [_as_text(a) for a in allowed]
        for item in items:
            if item not in texts:
                what = shown if len(items) == 1 else repr(item)
                return f"{key}: {what} is not one of {', '.join(texts)}; use one of them{hint}"
    if kind == "CommaDelimitedList" and spec.get("AllowedPattern") is not None:
        # CloudFormation applies a list parameter's pattern to each item.
        for item in items:
            problem = _pattern_problem(key, repr(item), item, spec, hint)
            if problem:
                return problem
        return None
    if kind != "String":
        return None
    if "MinLength" in spec and len(value) < int(spec["MinLength"]):
        return f"{key}: {shown} is shorter than MinLength {spec['MinLength']}; use a longer value{hint}"
    if "MaxLength" in spec and len(value) > int(spec["MaxLength"]):
        return f"{key}: {shown} is longer than MaxLength {spec['MaxLength']}; use a shorter value{hint}"
    return _pattern_problem(key, shown, value, spec, hint)


def _pattern_problem(key: str, shown: str, value: str, spec: dict, hint: str) -> str | None:
    pattern = spec.get("AllowedPattern")
    if pattern is None:
        return None
    try:
        matched = re.fullmatch(str(pattern), value) is not None
    except re.error:
        matched = True  # a pattern Python cannot read is CloudFormation's to judge
    if not matched:
        return f"{key}: {shown} does not match AllowedPattern {pattern}{hint}; fix the value"
    return None


def resolve(template: dict, template_where: str, file_pairs: list[tuple[str, str]], file_where: str,
            override_pairs: list[tuple[str, str]], env: str, image: str | None,
            sources: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Merge file values, overrides and --image; validate each key and value against the template.
    `sources` (when given) is filled with where each value came from."""
    specs: dict = template.get("Parameters") or {}
    problems: list[str] = []
    values: dict[str, str] = {}
    sources = {} if sources is None else sources

    def unknown(where: str, key: str) -> str:
        close = difflib.get_close_matches(key, [k for k in specs if k not in RESERVED], n=1)
        hint = f"; did you mean {close[0]}?" if close else "; remove it or fix the name"
        return f"{where}: {key}: unknown parameter (not in {template_where}){hint}"

    entries = [(file_where, k, v) for k, v in file_pairs] + [("--param", k, v) for k, v in override_pairs]
    if image is not None:
        bad = image_problem(image)
        if bad:
            problems.append(bad)
        elif IMAGE_PARAMETER not in specs:
            problems.append(f"--image: {template_where} has no {IMAGE_PARAMETER} parameter; "
                            f"the image cannot be set with this template")
        elif any(w == "--param" and k == IMAGE_PARAMETER for w, k, _v in entries):
            problems.append(f"--image and --param {IMAGE_PARAMETER}: both set the image; use one")
        else:
            entries.append(("--image", IMAGE_PARAMETER, image))

    for where, key, value in entries:
        if key in RESERVED:
            problems.append(f"{where}: {key}: set by deploy-stack (the artifact bucket and content-hashed "
                            f"prefix of this upload); remove it")
            continue
        if key not in specs:
            problems.append(unknown(where, key))
            continue
        if where == "--param" and key == ROTATION_TOKEN:
            problems.append(f"--param {ROTATION_TOKEN}: a one-off rotation token would be undone by the next deploy "
                            f"without it (a second rotation of the master key and database password); run "
                            f"`deploy-stack secret rotate --env {env}`, which records the new token in {file_where}")
            continue
        if key == ENVIRONMENT and value != env:
            problems.append(f"{where}: {ENVIRONMENT}: {value!r} does not match --env {env}; "
                            f"deploy with --env {value} or fix the value")
            continue
        values[key] = normalise(specs[key] or {}, value)
        sources[key] = where

    if ENVIRONMENT in specs and ENVIRONMENT not in values:
        values[ENVIRONMENT] = env
        sources[ENVIRONMENT] = "--env"

    for key, value in values.items():
        bad = value_problem(key, specs[key] or {}, value)
        if bad:
            problems.append(f"{sources[key]}: {bad}")

    for key, spec in specs.items():
        if key in RESERVED or key in values or (isinstance(spec, dict) and "Default" in spec):
            continue
        problems.append(f"{file_where}: {key}: required by {template_where} (no Default) but not given; "
                        f"add it to {file_where} or pass --param {key}=VALUE")
    for key in RESERVED:
        if key not in specs:
            problems.append(f"{template_where}: {key}: parameter missing; deploy-stack passes the artifact "
                            f"location through it, so the template must declare it")
    return values, problems


def list_reads(templates: dict[str, dict], key: str) -> int | None:
    """How many items of list parameter `key` the templates read (the highest Fn::Select index over a list
    built from `Ref key`, plus one), or None when they pass the whole list on."""
    highest = -1

    def refers(node) -> bool:
        if isinstance(node, dict):
            return node.get("Ref") == key or any(refers(v) for v in node.values())
        if isinstance(node, list):
            return any(refers(v) for v in node)
        return False

    def walk(node):
        nonlocal highest
        if isinstance(node, dict):
            select = node.get("Fn::Select")
            if isinstance(select, list) and len(select) == 2 and refers(select[1]):
                try:
                    highest = max(highest, int(select[0]))
                except (TypeError, ValueError):
                    pass
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for doc in templates.values():
        walk(doc.get("Resources") or {})
        walk(doc.get("Conditions") or {})
    return highest + 1 if highest >= 0 else None


def list_length_problem(templates: dict[str, dict], values: dict[str, str], sources: dict[str, str],
                        specs: dict) -> list[str]:
    """A list longer than the templates read would be cut silently by CloudFormation: refuse it."""
    problems = []
    for key, value in values.items():
        kind = str((specs.get(key) or {}).get("Type", ""))
        if kind != "CommaDelimitedList" or not value:
            continue
        limit = list_reads(templates, key)
        count = len(value.split(","))
        if limit is not None and count > limit:
            problems.append(f"{sources.get(key, key)}: {key}: {count} items, but the templates read only the "
                            f"first {limit} (the rest would be ignored silently); list at most {limit}")
    return problems


def public_ingress_problem(values: dict[str, str], sources: dict[str, str], allow_public: bool) -> str | None:
    """0.0.0.0/0 (or a public range wider than /16) for the load balancer needs HTTPS and --allow-public-ingress:
    on plain HTTP the master key would cross the internet in clear text."""
    wide = []
    for item in (values.get(CIDRS) or "").split(","):
        try:
            net = ipaddress.ip_network(item, strict=False)
        except ValueError:
            continue
        if net.prefixlen == 0 or (not net.is_private and net.prefixlen < WIDEST_PUBLIC_PREFIX):
            wide.append(item)
    if not wide:
        return None
    where = sources.get(CIDRS, CIDRS)
    https = bool(values.get(CERTIFICATE))
    opened = f"{where}: {CIDRS}: {', '.join(wide)} opens the load balancer to the internet"
    if not https:
        return (f"{opened} on plain HTTP ({CERTIFICATE} is empty), so the master key would cross the network in "
                f"clear text; set {CERTIFICATE} for HTTPS and pass --allow-public-ingress, or list narrower ranges "
                f"(at most /{WIDEST_PUBLIC_PREFIX} for a public range)")
    if not allow_public:
        return f"{opened}; pass --allow-public-ingress to confirm that is intended, or list narrower ranges"
    return None


def rotation_problem(deployed: str | None, new: str | None, file_where: str, env: str) -> str | None:
    """A deploy must not move SecretsRotationToken back from a token `secret rotate` wrote: that would be a
    second rotation (the handler regenerates whenever the token differs from the stored one)."""
    if deployed is None or new is None or deployed == new or not ROTATED.match(deployed):
        return None
    if ROTATED.match(new) and new > deployed:
        return None
    return (f"{file_where}: {ROTATION_TOKEN}: {new!r} would replace the deployed {deployed!r}, recorded by "
            f"`deploy-stack secret rotate`; that rotates the master key and database password again. Update "
            f"this checkout (git pull) so {file_where} has the deployed token, or run `deploy-stack secret "
            f"rotate --env {env}` to rotate on purpose")


def new_rotation_token(now: datetime | None = None) -> str:
    return f"rotated-{(now or datetime.now(timezone.utc)):%Y%m%dT%H%M%SZ}"


def write_value(path: Path, key: str, value: str) -> str | None:
    """Set `key` in the params file (replace its entry or append one), keeping the file's list format.
    Returns the previous value."""
    doc = json.loads(path.read_text())
    previous = None
    for entry in doc:
        if entry.get("ParameterKey") == key:
            previous = entry.get("ParameterValue")
            entry["ParameterValue"] = value
            break
    else:
        doc.append({"ParameterKey": key, "ParameterValue": value})
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return previous
