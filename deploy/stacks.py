"""Stack lookups and what each CloudFormation stack state means for deploy-stack."""
from __future__ import annotations

import json

from botocore.exceptions import ClientError

from deploy.aws import error_code, error_message
from deploy.parsed import load_yaml

PROJECT = "llm-gateway"
NESTED_TYPE = "AWS::CloudFormation::Stack"

UPDATABLE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
             "IMPORT_ROLLBACK_COMPLETE", "UPDATE_FAILED"}
SUCCESS = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"}
# Stuck states and what a person has to do about them.
STUCK_HINTS = {
    "CREATE_FAILED": "the first create failed without rollback; delete the stack (deploy-stack destroy) and deploy again",
    "ROLLBACK_FAILED": "the rollback of the first create failed; fix the resource named in the events, then "
                       "delete the stack (deploy-stack destroy)",
    "DELETE_FAILED": "a delete failed; fix the resource named in the events and run deploy-stack destroy again",
    "UPDATE_ROLLBACK_FAILED": "an update rollback failed; fix the cause, then run `aws cloudformation "
                              "continue-update-rollback --stack-name {stack}` and deploy again",
}


def template_body(cfn, **which) -> dict:
    """GetTemplate's original template as a dict (CloudFormation answers JSON or YAML text, or a parsed body);
    `which` names the stack (StackName=...) and optionally the change set (ChangeSetName=...)."""
    body = cfn.get_template(TemplateStage="Original", **which).get("TemplateBody", {})
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            body = load_yaml(body)
    return body if isinstance(body, dict) else {}


def default_stack_name(env: str) -> str:
    return f"{PROJECT}-{env}"


def tags_for(env: str, commit: str) -> list[dict]:
    return [{"Key": "project", "Value": PROJECT}, {"Key": "environment", "Value": env},
            {"Key": "git-commit", "Value": commit}]


def under_review(cfn, stack_id: str) -> list[dict]:
    """The stack's change sets that are being created or can still be executed (ListChangeSets summaries)."""
    found = []
    for page in cfn.get_paginator("list_change_sets").paginate(StackName=stack_id):
        for summary in page.get("Summaries", []):
            if summary.get("StackId") not in (None, stack_id):
                continue
            status, execution = summary.get("Status", ""), summary.get("ExecutionStatus", "")
            if status in ("CREATE_PENDING", "CREATE_IN_PROGRESS") or (
                    status == "CREATE_COMPLETE" and execution == "AVAILABLE"):
                found.append(summary)
    return found


def describe(cfn, name_or_id: str) -> dict | None:
    """The stack, or None when it does not exist (looked up by id, a deleted one shows DELETE_COMPLETE)."""
    try:
        stacks = cfn.describe_stacks(StackName=name_or_id)["Stacks"]
    except ClientError as exc:
        if error_code(exc) == "ValidationError" and "does not exist" in error_message(exc):
            return None
        raise
    return stacks[0] if stacks else None


def is_in_progress(status: str) -> bool:
    return status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS"


def outputs(stack: dict) -> dict[str, str]:
    return {o["OutputKey"]: o.get("OutputValue", "") for o in stack.get("Outputs") or []}


def tag(stack: dict, key: str) -> str | None:
    for item in stack.get("Tags") or []:
        if item.get("Key") == key:
            return item.get("Value")
    return None


def environment_problem(stack: dict, env: str) -> str | None:
    """A reason to refuse touching `stack` from --env `env` (it belongs to another environment)."""
    tagged = tag(stack, "environment")
    if tagged is None:
        return (f"stack {stack['StackName']} has no environment tag, so deploy-stack did not create it; "
                f"refusing to touch it from --env {env}")
    if tagged != env:
        return (f"stack {stack['StackName']} belongs to environment {tagged!r}, not {env!r}; "
                f"refusing to touch another environment (check --env and --stack-name)")
    return None


def nested(cfn, stack_id: str, label: str = "", depth: int = 0) -> list[tuple[str, str, str]]:
    """(label path, logical id, physical id) of every nested stack under `stack_id`, depth first."""
    found = []
    for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_id):
        for res in page.get("StackResourceSummaries", []):
            physical = res.get("PhysicalResourceId")
            if res.get("ResourceType") != NESTED_TYPE or not physical:
                continue
            path = f"{label}/{res['LogicalResourceId']}" if label else res["LogicalResourceId"]
            found.append((path, res["LogicalResourceId"], physical))
            if depth < 5:
                found.extend(nested(cfn, physical, path, depth + 1))
    return found
