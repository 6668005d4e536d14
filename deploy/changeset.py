"""Change sets: create (with nested change sets), wait, describe across every nested stack, and the guard
that refuses to replace or remove stateful resources unless the user allows data loss."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from deploy.errors import CommandError

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
NESTED_TYPE = "AWS::CloudFormation::Stack"
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
DATA_STACK = re.compile(r"^Data(Stack)?$")
CHANGE_SET_WAIT_S = 900

# What is lost when a resource of this type is deleted (replacement deletes the old one).
STATEFUL = {
    "AWS::RDS::DBInstance": "the PostgreSQL database and all its data (LiteLLM keys, users, spend logs)",
    "AWS::KMS::Key": "the KMS key: everything encrypted with it (secrets, database storage, logs) becomes "
                     "unreadable once the key is deleted",
    "Custom::Secrets": "the generated secrets (master key, salt key, database password); a new salt key makes "
                       "stored model credentials unreadable",
    "AWS::Logs::LogGroup": "the log group and every log event in it",
    "AWS::EFS::FileSystem": "the file system and its files",
    "AWS::ElastiCache::ReplicationGroup": "the cache cluster and its data",
}
DATA_STACK_LOSS = "the data stack and everything in it: database, KMS key, generated secrets"


@dataclass
class Row:
    stack: str              # the parent stack's name, or a nested stack's logical id path (Data, Data/Inner)
    action: str             # Add | Modify | Remove | Import | Dynamic
    logical_id: str
    resource_type: str
    replacement: str        # True | False | Conditional | "" (not applicable)
    physical_id: str = ""
    details: list = field(default_factory=list)   # ResourceChange.Details (with property values)


@dataclass
class StackChanges:
    """One stack's part of the review: its change set's parameters and resource rows."""
    label: str              # the parent's name, or a nested stack's logical id path
    stack_id: str
    action: str             # Add (new stack) | Modify
    parameters: list        # the change set's Parameters (NoEcho values come back as ****)
    rows: list


def _describe(cfn, change_set_id: str, token: str | None = None) -> dict:
    kwargs = {"NextToken": token} if token else {}
    return cfn.describe_change_set(ChangeSetName=change_set_id, IncludePropertyValues=True, **kwargs)


def create(cfn, *, stack_name: str, change_set_name: str, change_set_type: str, template_url: str,
           parameters: dict[str, str], tags: list[dict], description: str,
           role_arn: str | None = None) -> tuple[str, str]:
    extra = {"RoleARN": role_arn} if role_arn else {}
    resp = cfn.create_change_set(
        StackName=stack_name, ChangeSetName=change_set_name, ChangeSetType=change_set_type,
        TemplateURL=template_url, IncludeNestedStacks=True, Capabilities=CAPABILITIES,
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(parameters.items())],
        Tags=tags, Description=description[:1024], **extra)
    return resp["Id"], resp["StackId"]


def wait(cfn, change_set_id: str, poll_s: float, timeout_s: float = CHANGE_SET_WAIT_S,
         sleep=time.sleep) -> dict:
    """The first page of describe_change_set once the change set is no longer being created."""
    waited = 0.0
    while True:
        desc = _describe(cfn, change_set_id)
        if desc["Status"] not in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
            return desc
        if waited >= timeout_s:
            raise CommandError(f"change set {change_set_id} still {desc['Status']} after {int(waited)} s")
        sleep(poll_s)
        waited += max(poll_s, 0.001)


def has_no_changes(desc: dict) -> bool:
    reason = desc.get("StatusReason") or ""
    return desc["Status"] == "FAILED" and any(text in reason for text in NO_CHANGES)


def collect(cfn, first_page: dict, label: str, poll_s: float, sleep=time.sleep, depth: int = 0,
            action: str = "Modify", into: list | None = None) -> list[StackChanges]:
    """This change set's part of the review and, after it, each nested stack's (from its nested change set),
    depth first: one StackChanges per stack."""
    stacks_found = [] if into is None else into
    part = StackChanges(label, first_page.get("StackId", ""), action, first_page.get("Parameters") or [], [])
    stacks_found.append(part)
    page = first_page
    while True:
        for change in page.get("Changes", []):
            rc = change.get("ResourceChange")
            if change.get("Type") != "Resource" or not rc:
                continue
            part.rows.append(Row(label, rc.get("Action", ""), rc.get("LogicalResourceId", ""),
                                 rc.get("ResourceType", ""), rc.get("Replacement", ""),
                                 rc.get("PhysicalResourceId", ""), rc.get("Details") or []))
            nested_id = rc.get("ChangeSetId")
            if rc.get("ResourceType") == NESTED_TYPE and nested_id and depth < 5:
                child = wait(cfn, nested_id, poll_s, sleep=sleep)
                path = rc["LogicalResourceId"] if depth == 0 else f"{label}/{rc['LogicalResourceId']}"
                if child["Status"] == "FAILED" and not has_no_changes(child):
                    raise CommandError(f"nested change set for {path} failed: {child.get('StatusReason')}")
                collect(cfn, child, path, poll_s, sleep, depth + 1, rc.get("Action", "Modify"), stacks_found)
        token = page.get("NextToken")
        if not token:
            return stacks_found
        page = _describe(cfn, first_page["ChangeSetId"], token)


def all_rows(parts: list[StackChanges]) -> list[Row]:
    return [row for part in parts for row in part.rows]


def is_secrets_custom_resource(row: Row) -> bool:
    """Custom::Secrets, also when declared as AWS::CloudFormation::CustomResource (or another Custom:: name)."""
    custom = row.resource_type == "AWS::CloudFormation::CustomResource" or row.resource_type.startswith("Custom::")
    return custom and "secret" in row.logical_id.lower()


def data_loss(rows: list[Row]) -> list[str]:
    """One line per stateful resource that the change set would replace or remove."""
    lines = []
    for r in rows:
        where = f"{r.stack}/{r.logical_id}"
        if r.resource_type == NESTED_TYPE and DATA_STACK.match(r.logical_id):
            if r.action == "Remove" or (r.action == "Modify" and r.replacement == "True"):
                verb = "removed" if r.action == "Remove" else "replaced"
                lines.append(f"{where} ({r.resource_type}) would be {verb}: {DATA_STACK_LOSS}")
            continue
        lost = STATEFUL.get(r.resource_type)
        if lost is None and is_secrets_custom_resource(r):
            lost = STATEFUL["Custom::Secrets"]
        if lost is None:
            continue
        if r.action == "Remove":
            lines.append(f"{where} ({r.resource_type}) would be deleted: {lost}")
        elif r.action == "Modify" and r.replacement == "True":
            lines.append(f"{where} ({r.resource_type}) would be replaced, deleting the old one: {lost}")
        elif (r.action == "Modify" and r.replacement == "Conditional") or r.action == "Dynamic":
            lines.append(f"{where} ({r.resource_type}) may be replaced (decided only during the update), "
                         f"deleting the old one: {lost}")
    return lines
