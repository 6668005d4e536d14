"""Bridges over moto 5.2's CloudFormation gaps, for the emulated deploy tests (tests only, reversible).

Each bridge has a strict-xfail canary in tests/test_deploy_emulated.py that asserts the stock moto
behaviour is fixed; when moto fixes a gap the canary turns red and the bridge can go.

B1 nested_outputs   `Fn::GetAtt [NestedStack, Outputs.X]` (moto: AttributeError, the create blows up).
B2 custom_inline    Custom resources run the Lambda's own deployed code (the zip moto holds) synchronously
                    in-process, answering on a loopback ResponseURL (moto: Docker in a thread, the stack stays
                    CREATE_IN_PROGRESS forever). Update and Delete events are sent too (moto sends none).
B3 custom_type      `AWS::CloudFormation::CustomResource` is a custom resource (moto: unsupported, skipped).
B4 nested_in_place  A nested stack is updated in place, keeping its id (moto: delete + create a new one).
B5 changeset_apply  Executing a change set leaves the stack as update_stack would: new parameters and tags
                    recorded (moto keeps the old ones, so the next identical change set is not "no changes"),
                    the executed change set EXECUTE_COMPLETE and the stack's others OBSOLETE (moto leaves
                    them AVAILABLE, so they would look like change sets still under review)
                    and the Outputs of the new template (moto keeps the output map of the template the stack
                    was created with: {} for a CREATE change set, so such a stack never has outputs).
B7 changeset_params A change set whose only change is a parameter value lists the resources that use it
                    (moto compares templates only, so such a change set has no changes at all).
B8 custom_failure   A custom resource answering FAILED fails the deployment like CloudFormation does: the
                    resource's *_FAILED event (with the handler's Reason) in its stack, "Embedded stack ...
                    was not successfully created" in the parent, the parent ROLLBACK_COMPLETE (create) or
                    UPDATE_ROLLBACK_COMPLETE (update). moto has no failure path at all (and with B2 alone the
                    API call would raise a Python exception).
B9 intrinsics       `Fn::Cidr` is evaluated (moto leaves it as a dict, so `Fn::Select [n, Fn::Cidr ...]`
                    raises KeyError and the subnet, then the network stack, is never created), and
                    `Fn::GetAZs {Ref: AWS::Region}` resolves its argument (moto pastes the dict into the AZ
                    names: "{'Ref': 'AWS::Region'}a").
B10 kms_tags        `AWS::KMS::Key` Tags in CloudFormation's {Key, Value} form (moto's KMS model reads only
                    the API's {TagKey, TagValue}: KeyError 'TagKey', the key and its stack are not created),
                    and a KeyPolicy object is stored as JSON text (moto keeps the dict: DescribeKey raises).
B11 rds_param_group `Ref` to an `AWS::RDS::DBParameterGroup` gives its name (moto's model has no
                    physical_resource_id, so Ref yields the object and the DB instance create crashes).
B12 getatt_fallback `Fn::GetAtt` on a moto model without get_cfn_attribute (e.g. a target group's
                    TargetGroupFullName) gives a placeholder "emulated:<Logical>.<Attribute>" (moto: AttributeError).
B13 novalue_in_list A list element that is `Ref AWS::NoValue` (usually from Fn::If) is removed, as in
                    CloudFormation (moto drops it from mappings but leaves None in lists: a Secrets entry
                    "must be an object", IAM Policies crash on None, Fn::Join gives "a,None").
B14 unmodelled     A resource type moto has no CloudFormation model for (ElastiCache, EventBridge Scheduler,
                    Application Auto Scaling, ECS capacity provider associations, CloudWatch alarms, SNS topic
                    policies) is a placeholder with a physical id and "emulated:<Logical>.<Attribute>"
                    attributes (moto: skipped with a warning, and a GetAtt on it fails the whole template).
B15 list_params    DescribeStacks shows a CommaDelimitedList parameter as CloudFormation does, the comma-joined
                    string ("a,b"; moto: the Python list's repr "['a', 'b']", so every deploy's review would show
                    the list as changed).
B16 termination    UpdateTerminationProtection sets the stack's flag, which DescribeStacks reports (moto: the
                    call is not implemented).
B17 drift          DetectStackDrift / DescribeStackDriftDetectionStatus / DescribeStackResourceDrifts answer
                    IN_SYNC for every resource, or MODIFIED for the ones a test lists in DRIFTED (moto: the calls
                    are not implemented).
B18 changeset_tmpl GetTemplate with a ChangeSetName answers that change set's template, as CloudFormation does
                    (moto ignores ChangeSetName and answers the stack's current one).
B19 retain_on_del  Deleting a stack keeps resources whose DeletionPolicy is RetainExceptOnCreate (moto keeps only
                    "Retain" and deletes the rest; a failed create's rollback, which RetainExceptOnCreate does
                    not survive, is not emulated).
S1 (speed only)     moto parses every template with PyYAML's pure-Python loader, several times per call; with
                    libyaml present the bridges hand it the C loader (same result for long-form templates), and
                    a text already parsed in this test run is handed out as a fresh copy of that parse.
B6 tls_policy       A bucket policy statement with `Bool aws:SecureTransport` applies only when its value
                    matches a TLS request (moto ignores Bool conditions, so the standard TLS-only Deny
                    statement denies every request, including the HTTPS ones).
"""
from __future__ import annotations

import contextlib
from datetime import datetime, timezone
import importlib.util
import io
import ipaddress
import json
import os
import sys
import tempfile
import threading
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

from moto.awslambda.utils import get_backend as get_lambda_backend
from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing as cfn_parsing
from moto.cloudformation import responses as cfn_responses
from moto.core.responses import ActionResult
from moto.cloudformation.custom_model import CustomModel
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudformation.utils import get_stack_from_s3_url
from moto.core.common_models import CloudFormationModel
from moto.kms.models import Key as KmsKey
from moto.rds.models import DBParameterGroup
from moto.s3.models import FakeBucket
from moto.utilities.utils import get_partition

from deploy.parsed import copy_tree

CUSTOM_RESOURCE_TYPE = "AWS::CloudFormation::CustomResource"


class CustomResourceFailed(RuntimeError):
    """The handler answered FAILED (or not at all); B8 turns it into a failed stack operation."""

    def __init__(self, message: str, event: dict, reason: str):
        super().__init__(message)
        self.event, self.reason = event, reason


# --- the loopback "pre-signed URL" -----------------------------------------------------------------
class _Responses:
    def __init__(self):
        self.bodies: dict[str, dict] = {}
        responses = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                try:
                    responses.bodies[self.path.strip("/")] = json.loads(body)
                    self.send_response(200)
                except ValueError:
                    self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)  # shutdown() waits up to one poll
        self.thread.start()

    def url(self, token: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{token}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _Context:
    """The bits of the Lambda context object a handler may call."""

    function_name = "emulated"
    log_stream_name = "emulated/stream"
    aws_request_id = "emulated-request"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 60_000


def _cfn_strings(value):
    """CloudFormation hands custom resources every scalar as a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return {k: _cfn_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cfn_strings(v) for v in value]
    return value


@contextlib.contextmanager
def _lambda_environment(code, region: str):
    saved = dict(os.environ)
    os.environ.update({"AWS_REGION": region, "AWS_DEFAULT_REGION": region,
                       "AWS_LAMBDA_FUNCTION_NAME": code.function_name})
    os.environ.update({k: str(v) for k, v in code.environment_vars.items()})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class _Code:
    """What a Lambda function runs, captured when the custom resource is created (moto deletes resources
    in no particular order, so the function may be gone by the time its custom resource is deleted)."""

    def __init__(self, fn):
        self.code_bytes, self.handler = fn.code_bytes, fn.handler
        self.function_name, self.environment_vars = fn.function_name, dict(fn.environment_vars or {})


class _Runner:
    """Runs a Lambda's deployed zip in-process: extract, import the Handler module, call it."""

    def __init__(self):
        self.responses = _Responses()
        self.invocations: list[dict] = []

    def invoke(self, code: _Code, region: str, event: dict) -> dict:
        token = uuid.uuid4().hex
        event = dict(event, ResponseURL=self.responses.url(token))
        module_path, _, function_name = code.handler.rpartition(".")
        with tempfile.TemporaryDirectory() as tmp:
            zipfile.ZipFile(io.BytesIO(code.code_bytes)).extractall(tmp)
            source = Path(tmp, *module_path.split(".")).with_suffix(".py")
            spec = importlib.util.spec_from_file_location(f"_emulated_lambda_{token}", source)
            module = importlib.util.module_from_spec(spec)
            sys.path.insert(0, tmp)
            try:
                spec.loader.exec_module(module)
                if getattr(module, "_SESSION", False) is None:
                    # A cold start, but the boto3 session it would create reads the service models through the
                    # loader every session here shares (fast_session): parsed once per run, not per invocation.
                    module._SESSION = fast_session(region)
                with _lambda_environment(code, region):
                    getattr(module, function_name)(event, _Context())
            finally:
                sys.path.remove(tmp)
        answer = self.responses.bodies.pop(token, None)
        self.invocations.append({"RequestType": event["RequestType"], "LogicalResourceId": event["LogicalResourceId"],
                                 "Status": (answer or {}).get("Status"), "Reason": (answer or {}).get("Reason")})
        if not answer or answer.get("Status") != "SUCCESS":
            reason = (answer or {}).get("Reason", "no response from the handler")
            raise CustomResourceFailed(f"{event['LogicalResourceId']} {event['RequestType']} FAILED: {reason}",
                                       event, reason)
        return answer


_RUNNER: _Runner | None = None


def _event(request_type: str, stack_id: str, logical_id: str, resource_type: str, properties: dict) -> dict:
    return {"RequestType": request_type, "ServiceToken": properties.get("ServiceToken"), "StackId": stack_id,
            "RequestId": str(uuid.uuid4()),
            "LogicalResourceId": logical_id, "ResourceType": resource_type,
            "ResourceProperties": _cfn_strings(properties)}


# --- B2/B3: custom resources ---------------------------------------------------------------------------
def _custom_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    stack_id, logical_id = kwargs["StackId"], kwargs["LogicalId"]
    code = _Code(get_lambda_backend(account_id, region_name).get_function(properties["ServiceToken"]))
    event = _event("Create", stack_id, logical_id, kwargs["ResourceType"], properties)
    answer = _RUNNER.invoke(code, region_name, event)
    custom = CustomModel(region_name, event["RequestId"], logical_id, answer.get("PhysicalResourceId") or resource_name)
    custom.set_data(answer.get("Data") or {})
    custom.emulated = {"stack_id": stack_id, "type": kwargs["ResourceType"], "properties": properties, "code": code}
    cfn_models.cloudformation_backends[account_id][region_name].get_stack(stack_id).add_custom_resource(custom)
    return custom


def _custom_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    info = original_resource.emulated
    properties = cloudformation_json["Properties"]
    event = _event("Update", info["stack_id"], original_resource.logical_id, info["type"], properties)
    event["PhysicalResourceId"] = original_resource.physical_resource_id
    event["OldResourceProperties"] = _cfn_strings(info["properties"])
    info["code"] = _Code(get_lambda_backend(account_id, region_name).get_function(properties["ServiceToken"]))
    answer = _RUNNER.invoke(info["code"], region_name, event)
    original_resource.resource_name = answer.get("PhysicalResourceId") or original_resource.resource_name
    original_resource.set_data(answer.get("Data") or {})
    info["properties"] = properties
    return original_resource


def _custom_delete(self, account_id, region_name):
    info = self.emulated
    event = _event("Delete", info["stack_id"], self.logical_id, info["type"], info["properties"])
    event["PhysicalResourceId"] = self.physical_resource_id
    _RUNNER.invoke(info["code"], region_name, event)


_stock_class_from_type = cfn_parsing.resource_class_from_type


def _class_from_type(resource_type: str):
    if resource_type == CUSTOM_RESOURCE_TYPE:
        return CustomModel
    return _stock_class_from_type(resource_type) or _Unmodelled


# --- B14: resource types moto does not model ------------------------------------------------------------
class _Unmodelled(CloudFormationModel):
    """Stands in for a type moto cannot create: it exists, has an id, and answers GetAtt with a placeholder."""

    def __init__(self, name: str):
        self.name = name

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "Emulated::Unmodelled"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        return cls(resource_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                                        region_name):
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        return None

    def delete(self, account_id, region_name):
        return None

    @property
    def physical_resource_id(self) -> str:
        return f"emulated-{self.name}"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return f"emulated:{self.name}.{attribute_name}"


# --- B1: GetAtt NestedStack.Outputs.X ------------------------------------------------------------------
def _stack_get_cfn_attribute(self, attribute_name: str):
    if attribute_name.startswith("Outputs."):
        wanted = attribute_name.split(".", 1)[1]
        for key in self.output_map.outputs:
            output = self.output_map[key]
            if output is not None and output.key == wanted:
                return output.value
    raise UnformattedGetAttTemplateException()


# --- B4: nested stacks updated in place ----------------------------------------------------------------
def _stack_update_in_place(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    properties = cloudformation_json["Properties"]
    template = get_stack_from_s3_url(properties["TemplateURL"], account_id=account_id,
                                     partition=get_partition(region_name))
    original_resource.update(template, parameters=properties.get("Parameters", {}))
    return original_resource


# --- B5: an executed UPDATE change set leaves its parameters and tags on the stack ---------------------
_stock_execute = cfn_models.CloudFormationBackend.execute_change_set


def _add_event(stack, logical_id, physical_id, resource_type, status, reason=None):
    stack.events.append(cfn_models.Event(stack.stack_id, stack.name, logical_id, physical_id, resource_type,
                                         status, reason, None))


def _fail_like_cloudformation(backend, parent, change_set, exc: CustomResourceFailed) -> None:
    """B8: record the failure the way CloudFormation reports it, innermost stack first."""
    event = exc.event
    verb = "create" if event["RequestType"] == "Create" else "update"
    failed = f"{event['RequestType'].upper()}_FAILED"
    child = backend.get_stack(event["StackId"])
    creating = change_set.change_set_type == "CREATE"
    rollback = "ROLLBACK" if creating else "UPDATE_ROLLBACK"
    _add_event(child, event["LogicalResourceId"], "", event["ResourceType"], failed, exc.reason)
    if child is not parent:
        _add_event(child, child.name, child.stack_id, "AWS::CloudFormation::Stack", f"{rollback}_IN_PROGRESS",
                   f"The following resource(s) failed to {verb}: [{event['LogicalResourceId']}]. ")
        _add_event(child, child.name, child.stack_id, "AWS::CloudFormation::Stack", f"{rollback}_COMPLETE")
        child.status = f"{rollback}_COMPLETE"
        logical = child.name[len(parent.name) + 1:].rsplit("-", 1)[0]
        _add_event(parent, logical, child.stack_id, "AWS::CloudFormation::Stack", failed,
                   f"Embedded stack {child.stack_id} was not successfully {verb}d: "
                   f"The following resource(s) failed to {verb}: [{event['LogicalResourceId']}]. ")
    else:
        logical = event["LogicalResourceId"]
    _add_event(parent, parent.name, parent.stack_id, "AWS::CloudFormation::Stack", f"{rollback}_IN_PROGRESS",
               f"The following resource(s) failed to {verb}: [{logical}]. Rollback requested by user.")
    if creating:  # a failed create rolls back: what was created is deleted again (nested stacks included)
        for stack in ([child] if child is not parent else []) + [parent]:
            with contextlib.suppress(Exception):
                stack.resource_map.delete()
        if child is not parent:
            backend.stacks.pop(child.stack_id, None)
            backend.deleted_stacks[child.stack_id] = child
            _add_event(child, child.name, child.stack_id, "AWS::CloudFormation::Stack", "DELETE_COMPLETE")
            child.status = "DELETE_COMPLETE"
    _add_event(parent, parent.name, parent.stack_id, "AWS::CloudFormation::Stack", f"{rollback}_COMPLETE")
    parent.status = f"{rollback}_COMPLETE"
    change_set.execution_status = "EXECUTE_FAILED"


def _execute_change_set(self, change_set_name, stack_name=None):
    change_set = self.describe_change_set(change_set_name)
    stack = self.stacks[change_set.stack_id]
    try:
        _stock_execute(self, change_set_name, stack_name)
    except CustomResourceFailed as exc:
        _fail_like_cloudformation(self, stack, change_set, exc)
        return
    # AWS removes a stack's change sets once one is executed; here they stop being executable (B5).
    for other in self.change_sets.values():
        if other.stack_id == change_set.stack_id:
            other.execution_status = "EXECUTE_COMPLETE" if other is change_set else "OBSOLETE"
    stack.parameters = dict(change_set.parameters)
    if change_set.tags is not None:
        stack.tags = dict(change_set.tags)
    stack._parse_template()
    stack.description = stack.template_dict.get("Description")
    stack.output_map = stack._create_output_map()


# --- B15: list parameters described as comma-joined strings ------------------------------------------------
def _parameter_list(self):
    noecho = self.resource_map.no_echo_parameter_keys
    return [{"ParameterKey": k, "ParameterValue": "****" if k in noecho else (",".join(v) if isinstance(v, list) else v)}
            for k, v in self.resource_map.resolved_parameters.items()]


# --- B16: termination protection; B17: drift detection ------------------------------------------------------
DRIFTED: dict[str, list[dict]] = {}   # logical id -> PropertyDifferences, for B17 (tests set and clear it)
_DETECTIONS: dict[str, str] = {}


def _update_termination_protection(self):
    backend = self.cloudformation_backend
    stack = backend.get_stack(self._get_param("StackName"))
    stack.enable_termination_protection = str(self._get_param("EnableTerminationProtection")).lower() == "true"
    return ActionResult({"StackId": stack.stack_id})


def _detect_stack_drift(self):
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    detection = str(uuid.uuid4())
    _DETECTIONS[detection] = stack.stack_id
    return ActionResult({"StackDriftDetectionId": detection})


def _stack_drifts(backend, stack_id: str) -> list[dict]:
    stack = backend.get_stack(stack_id)
    return [{"StackId": stack_id, "LogicalResourceId": logical, "PhysicalResourceId": str(getattr(
                res, "physical_resource_id", "") or ""), "ResourceType": stack.template_dict["Resources"][logical]["Type"],
             "StackResourceDriftStatus": "MODIFIED", "Timestamp": datetime.now(timezone.utc),
             "PropertyDifferences": diffs}
            for logical, diffs in DRIFTED.items() for res in [stack.resource_map.get(logical)] if res is not None]


def _describe_stack_drift_detection_status(self):
    detection = self._get_param("StackDriftDetectionId")
    stack_id = _DETECTIONS[detection]
    drifted = _stack_drifts(self.cloudformation_backend, stack_id)
    return ActionResult({"StackId": stack_id, "StackDriftDetectionId": detection,
                         "StackDriftStatus": "DRIFTED" if drifted else "IN_SYNC", "DetectionStatus": "DETECTION_COMPLETE",
                         "DriftedStackResourceCount": len(drifted), "Timestamp": datetime.now(timezone.utc)})


def _describe_stack_resource_drifts(self):
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    return ActionResult({"StackResourceDrifts": _stack_drifts(self.cloudformation_backend, stack.stack_id)})


# --- B18: GetTemplate of a change set ------------------------------------------------------------------------
_stock_get_template = cfn_responses.CloudFormationResponse.get_template


def _get_template(self):
    name = self._get_param("ChangeSetName")
    if not name:
        return _stock_get_template(self)
    return ActionResult({"TemplateBody": self.cloudformation_backend.describe_change_set(name).template})


# --- B7: parameter-only changes show up in the change set -----------------------------------------------
def _change_set_diff(self):
    resource_map = self.stack.resource_map
    changes = []
    for action, names in resource_map.build_resource_diff(self.template_dict, self.parameters).items():
        for name in names:
            source = resource_map._resource_json_map if action == "Remove" else self.template_dict["Resources"]
            changes.append(cfn_models.Change(action=action, logical_resource_id=name,
                                             resource_type=source[name]["Type"]))
    return changes


# --- B9: Fn::Cidr, Fn::GetAZs {Ref}; B13: NoValue in lists ---------------------------------------------------------------------------------
_stock_clean_json = cfn_parsing.clean_json


def _clean_json(resource_json, resources_map):
    if isinstance(resource_json, list):
        return [v for v in (_clean_json(item, resources_map) for item in resource_json) if v is not None]
    if isinstance(resource_json, dict) and "Fn::Cidr" in resource_json:
        block, count, bits = (_clean_json(v, resources_map) for v in resource_json["Fn::Cidr"])
        network = ipaddress.ip_network(str(block), strict=False)
        subnets = network.subnets(new_prefix=network.max_prefixlen - int(bits))
        return [str(next(subnets)) for _ in range(int(count))]
    if isinstance(resource_json, dict) and "Fn::GetAtt" in resource_json and len(resource_json) == 1:
        logical, attribute = resource_json["Fn::GetAtt"][0], resource_json["Fn::GetAtt"][1]
        target = resources_map.get(logical)
        if target is not None and not hasattr(target, "get_cfn_attribute"):
            return f"emulated:{logical}.{attribute}"
    if isinstance(resource_json, dict) and isinstance(resource_json.get("Fn::GetAZs"), dict):
        region = _clean_json(resource_json["Fn::GetAZs"], resources_map)
        return _stock_clean_json({"Fn::GetAZs": region}, resources_map)
    return _stock_clean_json(resource_json, resources_map)


# --- B10: KMS key tags --------------------------------------------------------------------------------------
_stock_kms_create = KmsKey.create_from_cloudformation_json.__func__


def _kms_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    if properties.get("Tags"):
        tags = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in properties["Tags"]]
        properties = dict(properties, Tags=tags)
    if isinstance(properties.get("KeyPolicy"), dict):  # CloudFormation takes the object; moto stores it as is
        properties = dict(properties, KeyPolicy=json.dumps(properties["KeyPolicy"]))  # and DescribeKey fails
    cloudformation_json = dict(cloudformation_json, Properties=properties)
    return _stock_kms_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


# --- B6: Bool aws:SecureTransport conditions in bucket policies -------------------------------------------
def _bucket_permission(self, action, resource):
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    doc = json.loads(self.policy.decode())
    statements = doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]]
    applicable = []
    for statement in statements:
        condition = dict(statement.get("Condition") or {})
        boolean = dict(condition.get("Bool") or {})
        if "aws:SecureTransport" in boolean:
            if str(boolean.pop("aws:SecureTransport")).lower() != "true":
                continue  # emulated requests are HTTPS: a "SecureTransport false" statement does not match
            condition = {k: v for k, v in condition.items() if k != "Bool"} | ({"Bool": boolean} if boolean else {})
            statement = {k: v for k, v in statement.items() if k != "Condition"} | (
                {"Condition": condition} if condition else {})
        applicable.append(statement)
    if not applicable:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps(dict(doc, Statement=applicable))).is_action_permitted(action, resource)


# --- B19: RetainExceptOnCreate survives a stack delete ----------------------------------------------------------
_stock_resource_map_delete = cfn_parsing.ResourceMap.delete


def _resource_map_delete(self):
    kept = {name: resource for name, resource in self._resource_json_map.items()
            if resource.get("DeletionPolicy") == "RetainExceptOnCreate"}
    for resource in kept.values():
        resource["DeletionPolicy"] = "Retain"
    try:
        return _stock_resource_map_delete(self)
    finally:
        for resource in kept.values():
            resource["DeletionPolicy"] = "RetainExceptOnCreate"


# --- S1: libyaml for moto's template parsing (speed only; not a gap) -------------------------------------
class _FastYaml:
    def __init__(self, real):
        self._real = real
        self.Loader = getattr(real, "CSafeLoader", real.SafeLoader)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def add_multi_constructor(self, *args, **kwargs):
        pass  # moto's tag constructor is for short-form (!Ref) templates; ours are long form

    def load(self, stream, Loader=None):  # noqa: N803 - PyYAML's signature
        if not isinstance(stream, str):
            return self._real.load(stream, Loader=self.Loader)
        if stream not in _MOTO_PARSES:  # a parse error is raised every time, never kept
            _MOTO_PARSES[stream] = self._real.load(stream, Loader=self.Loader)
        return copy_tree(_MOTO_PARSES[stream])


# Template text -> moto's parse of it, for this test process only (the real-stack tests upload the same render
# many times). Each caller gets its own copy, so no edit moto makes to one parse reaches another.
_MOTO_PARSES: dict[str, object] = {}



@contextlib.contextmanager
def bridged():
    """All bridges on (use inside mock_aws)."""
    global _RUNNER
    _RUNNER = _Runner()
    patches = [
        mock.patch.object(cfn_models.Stack, "get_cfn_attribute", _stack_get_cfn_attribute, create=True),
        mock.patch.object(cfn_models.Stack, "update_from_cloudformation_json", classmethod(_stack_update_in_place)),
        mock.patch.object(CustomModel, "create_from_cloudformation_json", classmethod(_custom_create)),
        mock.patch.object(CustomModel, "update_from_cloudformation_json", classmethod(_custom_update), create=True),
        mock.patch.object(CustomModel, "delete", _custom_delete, create=True),
        mock.patch.object(cfn_parsing, "resource_class_from_type", _class_from_type),
        mock.patch.object(cfn_models.CloudFormationBackend, "execute_change_set", _execute_change_set),
        mock.patch.object(FakeBucket, "get_permission", _bucket_permission),
        mock.patch.object(cfn_models, "yaml", _FastYaml(cfn_models.yaml)),
        mock.patch.object(cfn_models.ChangeSet, "diff", _change_set_diff),
        mock.patch.object(cfn_models.Stack, "parameter_list", property(_parameter_list)),
        mock.patch.object(cfn_responses.CloudFormationResponse, "update_termination_protection",
                          _update_termination_protection, create=True),
        mock.patch.object(cfn_responses.CloudFormationResponse, "detect_stack_drift", _detect_stack_drift, create=True),
        mock.patch.object(cfn_responses.CloudFormationResponse, "get_template", _get_template),
        mock.patch.object(cfn_responses.CloudFormationResponse, "describe_stack_drift_detection_status",
                          _describe_stack_drift_detection_status, create=True),
        mock.patch.object(cfn_responses.CloudFormationResponse, "describe_stack_resource_drifts",
                          _describe_stack_resource_drifts, create=True),
        mock.patch.object(cfn_parsing, "clean_json", _clean_json),
        mock.patch.object(cfn_parsing.ResourceMap, "delete", _resource_map_delete),
        mock.patch.object(KmsKey, "create_from_cloudformation_json", classmethod(_kms_create)),
        mock.patch.object(DBParameterGroup, "physical_resource_id", property(lambda self: self.name), create=True),
    ]
    try:
        for p in patches:
            p.start()
        yield _RUNNER
    finally:
        for p in reversed(patches):
            p.stop()
        _RUNNER.responses.close()
        _RUNNER = None


_LOADER = None


def fast_session(region: str):
    """A boto3 Session sharing one botocore data loader with every other one made here: the service models
    and endpoint rules are parsed once per test run instead of once per command (most of a command's time)."""
    import boto3
    import botocore.loaders
    import botocore.session

    global _LOADER
    if _LOADER is None:
        _LOADER = botocore.loaders.create_loader()
    core = botocore.session.get_session()
    core.register_component("data_loader", _LOADER)
    return boto3.Session(botocore_session=core, region_name=region)


class SessionPool:
    """One boto3 Session per region for one test, each handing out one client per (service, arguments): what
    deploy-stack's commands and the emulated Lambda create over and over (a botocore session registers hundreds
    of handlers, a client copies them and builds its class and endpoint resolver) is built once per test.
    `on_new` is called with each new session (e.g. CallCounter.attach, before any client copies its handlers)."""

    def __init__(self, on_new=None):
        self._sessions: dict[str, object] = {}
        self._on_new = on_new

    def session(self, region: str):
        if region not in self._sessions:
            made = fast_session(region)
            made.client = _memoized_clients(made.client)
            if self._on_new:
                self._on_new(made)
            self._sessions[region] = made
        return self._sessions[region]


def _memoized_clients(make_client):
    made: dict[tuple, object] = {}

    def client(service_name, **kwargs):
        # Objects (a botocore Config) are compared by identity; `made` keeps them alive, so an id is never reused.
        key = (service_name, *sorted((name, value if isinstance(value, (str, bool, int, type(None))) else id(value))
                                     for name, value in kwargs.items()))
        if key not in made:
            made[key] = (make_client(service_name, **kwargs), tuple(kwargs.values()))
        return made[key][0]

    return client


class CallCounter:
    """Counts AWS API calls made through sessions it is attached to (botocore before-call hook)."""

    def __init__(self):
        self.calls: list[str] = []

    def attach(self, session) -> None:
        session.events.register("before-call", self._count)

    def _count(self, model, **_kwargs):
        self.calls.append(f"{model.service_model.service_name}.{model.name}")

    def reset(self) -> None:
        self.calls.clear()


# --- a small project of our own (parent + network/data/service), independent of templates/ -------------
REPO = Path(__file__).resolve().parent.parent
HANDLER = REPO / "functions" / "secrets" / "handler.py"
ARTIFACT_URL = "https://${ArtifactBucket}.s3.${AWS::Region}.${AWS::URLSuffix}/${ArtifactPrefix}/%s"

STUB_BUILD = '''"""Stand-in for build.py: --check fails while a file named STALE exists (its text names the stale files)."""
import sys
from pathlib import Path

marker = Path(__file__).with_name("STALE")
if "--check" in sys.argv and marker.exists():
    print(f"dist is stale: {marker.read_text().strip()}. Run `make build` and commit dist.", file=sys.stderr)
    sys.exit(1)
print("dist is current")
'''


def _stack(file_name: str, parameters: dict) -> dict:
    return {"Type": "AWS::CloudFormation::Stack",
            "Properties": {"TemplateURL": {"Fn::Sub": ARTIFACT_URL % file_name}, "Parameters": parameters}}


def _nested_output(stack: str, name: str) -> dict:
    return {"Value": {"Fn::GetAtt": [stack, f"Outputs.{name}"]}}


def fixture_templates() -> dict[str, dict]:
    env = {"Ref": "EnvironmentName"}
    parent = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "fixture parent",
        "Parameters": {
            "EnvironmentName": {"Type": "String", "AllowedPattern": "^[a-z][a-z0-9-]{1,19}$",
                                "ConstraintDescription": "2-20 lowercase letters, digits, hyphens"},
            "ArtifactBucket": {"Type": "String", "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"},
            "ArtifactPrefix": {"Type": "String", "AllowedPattern": "^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}[A-Za-z0-9._-]$"},
            "VpcCidr": {"Type": "String", "Default": "10.20.0.0/16",
                        "AllowedPattern": r"^(\d{1,3}\.){3}\d{1,3}/(1[6-9]|2[0-4])$",
                        "ConstraintDescription": "a /16-/24 CIDR"},
            "AzCount": {"Type": "String", "Default": "2", "AllowedValues": ["2", "3"]},
            "DesiredCount": {"Type": "Number", "Default": 1, "MinValue": 0, "MaxValue": 10},
            "LogRetentionDays": {"Type": "Number", "Default": 14, "AllowedValues": [7, 14, 30]},
            "LitellmImage": {"Type": "String", "Default": "ghcr.io/berriai/litellm:v1.106.12",
                             "AllowedPattern": "^[a-z0-9][a-z0-9./_:@-]+$", "MaxLength": 200},
            "AlarmEmail": {"Type": "String", "AllowedPattern": r"^[^@\s]+@[^@\s]+\.[a-z]+$", "MinLength": 6,
                           "ConstraintDescription": "an e-mail address"},
            "SecretsRotationToken": {"Type": "String", "Default": "initial", "AllowedPattern": "^[A-Za-z0-9._-]{1,64}$"},
            "AllowedCidrs": {"Type": "CommaDelimitedList", "Default": "203.0.113.10/32"},
            "CertificateArn": {"Type": "String", "Default": ""},
            "DatabaseDeletionProtection": {"Type": "String", "Default": "false", "AllowedValues": ["true", "false"]},
        },
        "Resources": {
            "Network": _stack("network.yaml", {"EnvironmentName": env, "VpcCidr": {"Ref": "VpcCidr"}}),
            "Data": _stack("data.yaml", {
                "EnvironmentName": env, "ArtifactBucket": {"Ref": "ArtifactBucket"},
                "ArtifactPrefix": {"Ref": "ArtifactPrefix"}, "LogRetentionDays": {"Ref": "LogRetentionDays"},
                "SecretsRotationToken": {"Ref": "SecretsRotationToken"},
                "VpcId": {"Fn::GetAtt": ["Network", "Outputs.VpcId"]}}),
            "Service": _stack("service.yaml", {
                "EnvironmentName": env, "DesiredCount": {"Ref": "DesiredCount"},
                "LitellmImage": {"Ref": "LitellmImage"}, "AlarmEmail": {"Ref": "AlarmEmail"},
                "VpcId": {"Fn::GetAtt": ["Network", "Outputs.VpcId"]},
                "KmsKeyArn": {"Fn::GetAtt": ["Data", "Outputs.KmsKeyArn"]}}),
        },
        "Outputs": {
            "VpcId": _nested_output("Network", "VpcId"),
            "KmsKeyArn": _nested_output("Data", "KmsKeyArn"),
            "SecretsPrefix": _nested_output("Data", "SecretsPrefix"),
            "MasterKeyParameterName": _nested_output("Data", "MasterKeyParameterName"),
            "ClusterName": _nested_output("Service", "ClusterName"),
            "ServiceName": _nested_output("Service", "ServiceName"),
            "LogGroupName": _nested_output("Service", "LogGroupName"),
            "TargetGroupArn": _nested_output("Service", "TargetGroupArn"),
            "EndpointUrl": _nested_output("Service", "EndpointUrl"),
        },
    }
    network = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {"EnvironmentName": {"Type": "String"}, "VpcCidr": {"Type": "String"}},
        "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Ref": "VpcCidr"},
                                                             "EnableDnsHostnames": True}},
            "ServiceSecurityGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupDescription": "service", "VpcId": {"Ref": "Vpc"}}},
        },
        "Outputs": {"VpcId": {"Value": {"Ref": "Vpc"}}},
    }
    data = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {k: {"Type": "String"} for k in ("EnvironmentName", "ArtifactBucket", "ArtifactPrefix",
                                                        "VpcId", "SecretsRotationToken")}
        | {"LogRetentionDays": {"Type": "Number"}},
        "Resources": {
            "Key": {"Type": "AWS::KMS::Key", "DeletionPolicy": "RetainExceptOnCreate", "Properties": {
                "EnableKeyRotation": True, "KeyPolicy": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
                    "Action": "kms:*", "Resource": "*"}]}}},
            "DataLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {
                "LogGroupName": {"Fn::Sub": "/llm-gateway/${EnvironmentName}/data"},
                "RetentionInDays": {"Ref": "LogRetentionDays"}}},
            "SecretsRole": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                # what deploy-stack check requires of the secrets function (it refuses a deploy otherwise)
                "Policies": [{"PolicyName": "secrets", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                     "Resource": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                                             "/aws/lambda/*"}},
                    {"Effect": "Allow", "Action": "ssm:*", "Resource": {"Fn::Sub": "arn:${AWS::Partition}:ssm:"
                     "${AWS::Region}:${AWS::AccountId}:parameter/llm-gateway/${EnvironmentName}/*"}},
                    {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
                     "Resource": {"Fn::GetAtt": ["Key", "Arn"]}}]}}]}},
            "SecretsFunction": {"Type": "AWS::Lambda::Function", "Properties": {
                "Handler": "handler.handler", "Runtime": "python3.13", "Timeout": 120,
                "Role": {"Fn::GetAtt": ["SecretsRole", "Arn"]},
                "Code": {"S3Bucket": {"Ref": "ArtifactBucket"},
                         "S3Key": {"Fn::Sub": "${ArtifactPrefix}/secrets-function.zip"}}}},
            "Secrets": {"Type": "Custom::Secrets", "Properties": {
                "ServiceToken": {"Fn::GetAtt": ["SecretsFunction", "Arn"]},
                "ParameterPrefix": {"Fn::Sub": "/llm-gateway/${EnvironmentName}"},
                "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]},
                "RotationToken": {"Ref": "SecretsRotationToken"},
                "Secrets": [
                    {"Name": "master-key", "Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-"},
                    {"Name": "salt-key", "Length": "48", "Alphabet": "alphanumeric", "Prefix": "sk-",
                     "Rotatable": "false"},
                    {"Name": "db-password", "Length": "40", "Alphabet": "password"}]}},
        },
        "Outputs": {
            "KmsKeyArn": {"Value": {"Fn::GetAtt": ["Key", "Arn"]}},
            "SecretsPrefix": {"Value": {"Fn::Sub": "/llm-gateway/${EnvironmentName}"}},
            "MasterKeyParameterName": {"Value": {"Fn::GetAtt": ["Secrets", "MasterKeyParameterName"]}},
        },
    }
    service = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {k: {"Type": "String"} for k in ("EnvironmentName", "LitellmImage", "AlarmEmail", "VpcId",
                                                        "KmsKeyArn")} | {"DesiredCount": {"Type": "Number"}},
        "Resources": {
            "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
                "ClusterName": {"Fn::Sub": "llm-gateway-${EnvironmentName}"}}},
            "ServiceLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {
                "LogGroupName": {"Fn::Sub": "/llm-gateway/${EnvironmentName}/service"}, "RetentionInDays": 14}},
            "TaskDefinition": {"Type": "AWS::ECS::TaskDefinition",
                               # the provider secrets the real service reads (`secret set` accepts these names)
                               "Metadata": {"ReadsSecrets": ["${SecretsPrefix}/openai-api-key",
                                                             "${SecretsPrefix}/anthropic-api-key"]},
                               "Properties": {
                "Family": {"Fn::Sub": "llm-gateway-${EnvironmentName}"}, "Memory": "512",
                "ContainerDefinitions": [{"Name": "litellm", "Image": {"Ref": "LitellmImage"}, "Memory": 512}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {
                "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "TaskDefinition"},
                "DesiredCount": {"Ref": "DesiredCount"}, "ServiceName": "litellm"}},
            "TargetGroup": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
                "Port": 4000, "Protocol": "HTTP", "TargetType": "ip", "VpcId": {"Ref": "VpcId"},
                "HealthCheckPath": "/health/liveliness"}},
            "AlarmEmailParameter": {"Type": "AWS::SSM::Parameter", "Properties": {
                "Name": {"Fn::Sub": "/llm-gateway/${EnvironmentName}/config/alarm-email"}, "Type": "String",
                "Value": {"Ref": "AlarmEmail"}}},
        },
        "Outputs": {
            "ClusterName": {"Value": {"Ref": "Cluster"}},
            "ServiceName": {"Value": {"Fn::GetAtt": ["Service", "Name"]}},
            "LogGroupName": {"Value": {"Ref": "ServiceLogGroup"}},
            "TargetGroupArn": {"Value": {"Ref": "TargetGroup"}},
            "EndpointUrl": {"Value": {"Fn::Sub": "http://llm-${EnvironmentName}.example.internal"}},
        },
    }
    return {"parent.yaml": parent, "network.yaml": network, "data.yaml": data, "service.yaml": service}


def handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("handler.py", date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(info, HANDLER.read_bytes())
    return buffer.getvalue()


def params_json(pairs: dict[str, str]) -> str:
    return json.dumps([{"ParameterKey": k, "ParameterValue": v} for k, v in pairs.items()], indent=2)


FIXTURE_PARAMS = {
    "dev": {"EnvironmentName": "dev", "VpcCidr": "10.20.0.0/16", "AlarmEmail": "ops@example.com"},
    "staging": {"EnvironmentName": "staging", "VpcCidr": "10.30.0.0/16", "AlarmEmail": "ops@example.com",
                "DesiredCount": "2"},
}


def make_project(root: Path, templates: dict[str, dict] | None = None, params: dict | None = None,
                 dist_extra: dict[str, bytes] | None = None) -> Path:
    """A throw-away repository: stub build.py, params/<env>.json, dist/ (long-form YAML + the real handler)."""
    import yaml

    (root / "params").mkdir(parents=True, exist_ok=True)
    (root / "dist").mkdir(exist_ok=True)
    (root / "build.py").write_text(STUB_BUILD)
    for env, pairs in (params or FIXTURE_PARAMS).items():
        (root / "params" / f"{env}.json").write_text(params_json(pairs))
    for name, doc in (templates or fixture_templates()).items():
        (root / "dist" / name).write_text(yaml.safe_dump(doc, sort_keys=True))
    (root / "dist" / "secrets-function.zip").write_bytes(handler_zip())
    for name, body in (dist_extra or {}).items():
        (root / "dist" / name).write_bytes(body)
    return root
