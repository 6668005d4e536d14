"""drift: detect drift on the parent and every nested stack, show each drifted resource's property
differences (secrets masked), exit 1 when anything drifted (like `cdk drift --fail`)."""
from __future__ import annotations

from deploy import review, stacks
from deploy.errors import EXIT_FAILED, EXIT_OK, CommandError
from deploy.inspect_cmd import _stack
from deploy.ui import table

DRIFT_WAIT_S = 900
SHOWN = ["MODIFIED", "DELETED"]


def _wait(ctx, cfn, detection_id: str) -> dict:
    waited = 0.0
    while True:
        status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection_id)
        if status["DetectionStatus"] != "DETECTION_IN_PROGRESS":
            return status
        if waited >= DRIFT_WAIT_S:
            raise CommandError(f"drift detection {detection_id} still running after {int(waited)} s")
        ctx.sleep(ctx.poll_s)
        waited += max(ctx.poll_s, 0.001)


def _drifts(cfn, stack_id: str) -> list[dict]:
    found, token = [], None
    while True:  # botocore has no paginator for this call
        page = cfn.describe_stack_resource_drifts(StackName=stack_id, StackResourceDriftStatusFilters=SHOWN,
                                                  **({"NextToken": token} if token else {}))
        found.extend(d for d in page.get("StackResourceDrifts", []) if d.get("ResourceType") != stacks.NESTED_TYPE)
        token = page.get("NextToken")
        if not token:
            return found


def _difference_line(diff: dict) -> str:
    path = diff.get("PropertyPath", "")
    expected, actual = diff.get("ExpectedValue"), diff.get("ActualValue")
    if review.is_secret(path, expected) or review.is_secret(path, actual):
        expected, actual = review.MASK, review.MASK
    return (f"{diff.get('DifferenceType', 'NOT_EQUAL')} {path}: expected {review.shown(expected)}, "
            f"actual {review.shown(actual)}")


def run(ctx) -> int:
    cfn, console = ctx.client("cloudformation"), ctx.console
    stack = _stack(ctx)
    problem = stacks.environment_problem(stack, ctx.env)
    if problem:
        raise CommandError(problem, code=2)
    tree = [(ctx.stack_name, stack["StackId"])] + [(path, physical) for path, _l, physical
                                                   in stacks.nested(cfn, stack["StackId"])]
    detections = [(label, stack_id, cfn.detect_stack_drift(StackName=stack_id)["StackDriftDetectionId"])
                  for label, stack_id in tree]
    console.info(f"Detecting drift on {len(tree)} stack{'s' if len(tree) != 1 else ''} ...")
    drifted = failed = 0
    rows = []
    for label, stack_id, detection_id in detections:
        status = _wait(ctx, cfn, detection_id)
        state = status.get("StackDriftStatus", "UNKNOWN")
        if status["DetectionStatus"] == "DETECTION_FAILED":
            failed += 1
            state = f"DETECTION_FAILED: {status.get('DetectionStatusReason') or 'no reason given'}"
        rows.append([label, state])
        items = _drifts(cfn, stack_id) if status.get("StackDriftStatus") == "DRIFTED" else []
        if not items:
            continue
        drifted += len(items)
        console.result(f"== {label} ==")
        for item in items:
            console.result(f"  {item.get('StackResourceDriftStatus')}  {item.get('LogicalResourceId')} "
                           f"({item.get('ResourceType')}) {item.get('PhysicalResourceId') or ''}".rstrip())
            for diff in item.get("PropertyDifferences") or []:
                console.result(f"      {_difference_line(diff)}")
        console.result("")
    console.result(table(["Stack", "Drift"], rows))
    if drifted:
        console.info(f"{drifted} resource{'s' if drifted != 1 else ''} drifted from the templates. The next deploy "
                     f"does not revert drift on properties it does not change; fix it by hand or redeploy the "
                     f"changed resource.")
        return EXIT_FAILED
    if failed:
        console.info("Drift detection failed on some stacks (see above); drift is unknown there.")
        return EXIT_FAILED
    console.info("No drift: every resource matches its template.")
    return EXIT_OK
