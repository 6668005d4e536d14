"""What a deleted stack leaves behind on purpose, and how to remove it.

The data stack's KMS key has DeletionPolicy Retain (the final DB snapshot is encrypted with it) and the
database keeps a final snapshot. Both outlive `deploy-stack destroy` and cost money ($1 a month per key).

Product path: `deploy-stack destroy` lists the retained keys before deleting, and afterwards offers to schedule
their deletion (KMS waits PENDING_WINDOW_DAYS; `aws kms cancel-key-deletion` undoes it in that time). It asks
at a terminal; without one it schedules only with --schedule-key-deletion, and otherwise prints the command.

Test path: `python -m deploy.retained sweep --taskcat-config .taskcat.yml [--yes]` removes, in each region of
the taskcat project, the customer keys and manual DB snapshots that carry the project's taskcat tags and whose
stack is gone (a key is orphaned when no alias points at it any more: the alias is deleted with the stack).
Without --yes it only lists them.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from botocore.exceptions import ClientError

from deploy import stacks
from deploy.aws import error_code

KMS_KEY_TYPE = "AWS::KMS::Key"
PENDING_WINDOW_DAYS = 30       # the product's keys: the longest window, time to notice a mistake
SWEEP_PENDING_WINDOW_DAYS = 7  # test keys: the shortest window KMS allows


def _template(cfn, stack_id: str) -> dict:
    body = cfn.get_template(StackName=stack_id, TemplateStage="Original").get("TemplateBody", {})
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            body = yaml.safe_load(body)
    return body if isinstance(body, dict) else {}


def retained_keys(cfn, stack: dict) -> list[str]:
    """Key ids (physical ids) of the KMS keys the stack or its nested stacks keep on delete."""
    found = []
    tree = [stack["StackId"]] + [physical for _path, _logical, physical in stacks.nested(cfn, stack["StackId"])]
    for stack_id in tree:
        resources = _template(cfn, stack_id).get("Resources") or {}
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_id):
            for res in page.get("StackResourceSummaries", []):
                declared = resources.get(res.get("LogicalResourceId")) or {}
                if (res.get("ResourceType") == KMS_KEY_TYPE and res.get("PhysicalResourceId")
                        and declared.get("DeletionPolicy") in ("Retain", "RetainExceptOnCreate")):
                    found.append(res["PhysicalResourceId"])
    return found


def offer_key_deletion(ctx, keys: list[str]) -> None:
    """After a confirmed destroy: schedule each retained key's deletion if the user agrees (or asked for it)."""
    if not keys:
        return
    console, kms = ctx.console, ctx.client("kms")
    wanted = bool(getattr(ctx.args, "schedule_key_deletion", False))
    for key in keys:
        try:
            state = kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"]
        except ClientError as exc:
            if error_code(exc) != "NotFoundException":
                raise
            console.info(f"KMS key {key} no longer exists; nothing to schedule.")
            continue
        if state == "PendingDeletion":
            console.info(f"KMS key {key} is already scheduled for deletion.")
            continue
        console.info(f"Kept: KMS key {key} ({state}); it costs about $1 a month. The final DB snapshot is encrypted "
                     f"with it: once the key is deleted the snapshot can never be restored.")
        question = f"Schedule the deletion of KMS key {key} in {PENDING_WINDOW_DAYS} days?"
        if wanted or (console.interactive and console.confirm(question)):
            when = kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=PENDING_WINDOW_DAYS)["DeletionDate"]
            console.info(f"KMS key {key}: deletion scheduled for {when:%Y-%m-%d}. Until then `aws kms "
                         f"cancel-key-deletion --key-id {key} --region {ctx.region_name}` keeps it.")
        else:
            console.info(f"KMS key {key} kept. To delete it later: aws kms schedule-key-deletion --key-id {key} "
                         f"--pending-window-in-days {PENDING_WINDOW_DAYS} --region {ctx.region_name} (or destroy "
                         f"with --schedule-key-deletion)")


# --------------------------------------------------------------------------------------------- the test sweep

def _tags_match(tags: dict[str, str], wanted: dict[str, str]) -> bool:
    return bool(wanted) and all(tags.get(k) == v for k, v in wanted.items())


def orphaned_keys(kms, wanted: dict[str, str]) -> list[str]:
    """Enabled customer keys carrying all `wanted` tags that no alias points at."""
    aliased = {a.get("TargetKeyId") for page in kms.get_paginator("list_aliases").paginate()
               for a in page.get("Aliases", [])}
    found = []
    for page in kms.get_paginator("list_keys").paginate():
        for key in page.get("Keys", []):
            meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
            if meta.get("KeyManager") != "CUSTOMER" or meta.get("KeyState") != "Enabled" or key["KeyId"] in aliased:
                continue
            tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key["KeyId"]).get("Tags", [])}
            if _tags_match(tags, wanted):
                found.append(key["KeyId"])
    return found


def tagged_snapshots(rds, wanted: dict[str, str]) -> list[str]:
    found = []
    for page in rds.get_paginator("describe_db_snapshots").paginate(SnapshotType="manual"):
        for snapshot in page.get("DBSnapshots", []):
            tags = {t["Key"]: t["Value"] for t in snapshot.get("TagList") or []}
            if not tags:  # older API answers carry no TagList
                tags = {t["Key"]: t["Value"] for t in rds.list_tags_for_resource(
                    ResourceName=snapshot["DBSnapshotArn"]).get("TagList", [])}
            if _tags_match(tags, wanted) and snapshot.get("Status") == "available":
                found.append(snapshot["DBSnapshotIdentifier"])
    return found


def sweep(session_for, regions: list[str], wanted: dict[str, str], apply: bool, out=print) -> int:
    """Remove (apply) or list what the tagged test stacks left in each region; returns how many were found."""
    count = 0
    for region in regions:
        session = session_for(region)
        kms, rds = session.client("kms", region_name=region), session.client("rds", region_name=region)
        for key in orphaned_keys(kms, wanted):
            count += 1
            if apply:
                kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=SWEEP_PENDING_WINDOW_DAYS)
                out(f"{region}: KMS key {key}: deletion scheduled in {SWEEP_PENDING_WINDOW_DAYS} days")
            else:
                out(f"{region}: KMS key {key}: orphaned (run with --yes to schedule its deletion)")
        for snapshot in tagged_snapshots(rds, wanted):
            count += 1
            if apply:
                rds.delete_db_snapshot(DBSnapshotIdentifier=snapshot)
                out(f"{region}: DB snapshot {snapshot}: deleted")
            else:
                out(f"{region}: DB snapshot {snapshot}: left by a test (run with --yes to delete it)")
    out(f"{count} retained resource(s) {'removed' if apply else 'found'} in {', '.join(regions)}")
    return count


def _taskcat_scope(path: Path) -> tuple[list[str], dict[str, str]]:
    project = (yaml.safe_load(path.read_text()) or {}).get("project") or {}
    regions, tags = list(project.get("regions") or []), {str(k): str(v) for k, v in (project.get("tags") or {}).items()}
    if not regions or "managed-by" not in tags:
        raise SystemExit(f"{path}: project.regions and a project.tags `managed-by` tag are needed to sweep")
    return regions, tags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.retained", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("sweep", help="remove the keys and snapshots that taskcat's stacks left")
    run.add_argument("--taskcat-config", type=Path, default=Path(".taskcat.yml"))
    run.add_argument("--yes", action="store_true", help="remove them (default: only list)")
    args = parser.parse_args(argv)
    regions, tags = _taskcat_scope(args.taskcat_config)
    import boto3
    sweep(lambda region: boto3.Session(region_name=region), regions, tags, args.yes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
