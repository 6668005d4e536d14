"""Follow a stack operation (parent and every nested stack) and find the root cause of a failure."""
from __future__ import annotations

import time
from dataclasses import dataclass

from deploy.errors import EXIT_INTERRUPTED, CommandError
from deploy.stacks import NESTED_TYPE, describe, is_in_progress

MAX_WAIT_S = 6 * 3600
MAX_DEPTH = 5
CANCELLED = ("Resource creation cancelled", "Resource update cancelled", "Resource deletion cancelled")


def _is_self(event: dict, stack_id: str) -> bool:
    return event.get("PhysicalResourceId") == stack_id or (
        event.get("ResourceType") == NESTED_TYPE and event.get("LogicalResourceId") == event.get("StackName"))


def _is_failure(event: dict) -> bool:
    reason = event.get("ResourceStatusReason") or ""
    return event.get("ResourceStatus", "").endswith("_FAILED") and not any(c in reason for c in CANCELLED)


def events_since(cfn, stack_id: str, since=None, seen: set | None = None) -> list[dict]:
    """Events of `stack_id` newer than `since` (a timestamp) and not in `seen`, oldest first.
    Without `since`: the events of the latest operation (from its last "User Initiated" event)."""
    found = []
    for page in cfn.get_paginator("describe_stack_events").paginate(StackName=stack_id):
        stop = False
        for event in page.get("StackEvents", []):
            if (seen is not None and event["EventId"] in seen) or (since is not None and event["Timestamp"] <= since):
                stop = True
                break
            found.append(event)
            if since is None and _is_self(event, stack_id) and event.get("ResourceStatusReason") == "User Initiated":
                stop = True
                break
        if stop:
            break
    return found[::-1]


@dataclass
class Cause:
    stack: str
    event: dict

    def __str__(self) -> str:
        e = self.event
        return (f"{self.stack} > {e.get('LogicalResourceId')} ({e.get('ResourceType')}) {e.get('ResourceStatus')}: "
                f"{e.get('ResourceStatusReason') or '(no reason given)'}")


def root_cause(cfn, stack_id: str, label: str, since=None, depth: int = 0) -> Cause | None:
    """The first failed resource of the operation, followed into the deepest nested stack, so the answer is
    the real reason and not "Embedded stack ... was not successfully created"."""
    failures = [e for e in events_since(cfn, stack_id, since) if _is_failure(e) and not _is_self(e, stack_id)]
    if not failures:
        return None
    first = failures[0]
    physical = first.get("PhysicalResourceId") or ""
    if first.get("ResourceType") == NESTED_TYPE and physical and physical != stack_id and depth < MAX_DEPTH:
        path = first["LogicalResourceId"] if depth == 0 else f"{label}/{first['LogicalResourceId']}"
        try:
            deeper = root_cause(cfn, physical, path, since, depth + 1)
        except Exception:  # noqa: BLE001 - the nested stack's events may be unreadable; keep what we have
            deeper = None
        if deeper is not None:
            return deeper
    return Cause(label, first)


class Watcher:
    """Polls the parent's status and the events of the parent and each nested stack it discovers.
    On a terminal a live block shows each stack's state; elsewhere every event is one plain line."""

    def __init__(self, cfn, stack_id: str, stack_name: str, console, poll_s: float, follow_hint: str,
                 sleep=time.sleep, clock=time.monotonic, max_wait_s: float = MAX_WAIT_S):
        self.cfn, self.stack_id, self.stack_name, self.console = cfn, stack_id, stack_name, console
        self.poll_s, self.follow_hint, self.sleep, self.clock, self.max_wait_s = (
            poll_s, follow_hint, sleep, clock, max_wait_s)
        self.tracked: dict[str, str] = {stack_id: stack_name}
        self.seen: set[str] = set()
        self.since = None
        self.state: dict[str, dict[str, str]] = {}
        self._drawn = 0
        self._started = clock()

    def mark(self) -> None:
        """Remember the events that exist now; only newer ones are shown (call before starting)."""
        page = self.cfn.describe_stack_events(StackName=self.stack_id)
        events = page.get("StackEvents", [])
        self.seen.update(e["EventId"] for e in events)
        self.since = events[0]["Timestamp"] if events else None

    def _poll_events(self) -> list[tuple[str, dict]]:
        new = []
        for physical, label in list(self.tracked.items()):
            since = None if physical == self.stack_id else self.since
            for event in events_since(self.cfn, physical, since, self.seen):
                self.seen.add(event["EventId"])
                new.append((label, event))
                child = event.get("PhysicalResourceId") or ""
                if (event.get("ResourceType") == NESTED_TYPE and child and child not in self.tracked
                        and not _is_self(event, physical) and label.count("/") < MAX_DEPTH):
                    path = event["LogicalResourceId"] if physical == self.stack_id else f"{label}/{event['LogicalResourceId']}"
                    self.tracked[child] = path
        new.sort(key=lambda item: item[1]["Timestamp"])
        return new

    def _line(self, label: str, e: dict) -> str:
        stamp = e["Timestamp"].strftime("%H:%M:%S") if hasattr(e["Timestamp"], "strftime") else str(e["Timestamp"])
        what = "(stack)" if _is_self(e, e.get("StackId", "")) or e.get("LogicalResourceId") == e.get("StackName") \
            else f"{e.get('LogicalResourceId')} {e.get('ResourceType')}"
        reason = e.get("ResourceStatusReason")
        return f"{stamp}  {label}  {what}  {e.get('ResourceStatus')}" + (f"  {reason}" if reason else "")

    def _show(self, new: list[tuple[str, dict]]) -> None:
        for label, e in new:
            status = e.get("ResourceStatus", "")
            if e.get("LogicalResourceId") == e.get("StackName"):
                self.state.setdefault(label, {})["(stack)"] = status
                continue
            self.state.setdefault(label, {})[e.get("LogicalResourceId", "")] = status
            child = self.tracked.get(e.get("PhysicalResourceId") or "")
            if e.get("ResourceType") == NESTED_TYPE and child and child != label:
                self.state.setdefault(child, {})["(stack)"] = status  # the parent's view of the nested stack
        if not self.console.live:
            for label, e in new:
                self.console.info(self._line(label, e))
            return
        lasting = [self._line(label, e) for label, e in new if _is_failure(e)]
        self._redraw(lasting)

    def _redraw(self, lasting: list[str]) -> None:
        out = []
        if self._drawn:
            out.append(f"\x1b[{self._drawn}F\x1b[J")
        out.extend(f"{line}\n" for line in lasting)
        elapsed = int(self.clock() - self._started)
        block = [f"{self.stack_name}: {elapsed // 60:02d}:{elapsed % 60:02d} elapsed"]
        for label in [self.stack_name] + sorted(v for v in self.tracked.values() if v != self.stack_name):
            resources = self.state.get(label, {})
            stack_status = resources.get("(stack)", "waiting")
            counts = {"done": 0, "busy": 0, "failed": 0}
            for name, status in resources.items():
                if name == "(stack)":
                    continue
                key = "failed" if status.endswith("_FAILED") else "busy" if status.endswith("_IN_PROGRESS") else "done"
                counts[key] += 1
            detail = f"{counts['done']} done, {counts['busy']} in progress" + (
                f", {counts['failed']} failed" if counts["failed"] else "")
            block.append(f"  {label:<28} {stack_status:<36} {detail}")
        out.extend(f"\x1b[2K{line}\n" for line in block)
        self._drawn = len(block)
        self.console.raw("".join(out))

    def run(self) -> dict:
        """Wait until the parent stack leaves *_IN_PROGRESS; returns its final description."""
        try:
            while True:
                stack = describe(self.cfn, self.stack_id)
                self._show(self._poll_events())
                if stack is None or not is_in_progress(stack["StackStatus"]):
                    return stack or {"StackStatus": "DELETE_COMPLETE", "StackName": self.stack_name}
                if self.clock() - self._started > self.max_wait_s:
                    raise CommandError(f"stopped waiting after {int(self.max_wait_s)} s; the operation continues "
                                       f"in AWS. {self.follow_hint}")
                self.sleep(self.poll_s)
        except KeyboardInterrupt:
            raise CommandError(f"\nInterrupted: stopped watching, but the operation continues in AWS "
                               f"(Ctrl-C does not cancel it). {self.follow_hint}", code=EXIT_INTERRUPTED) from None
