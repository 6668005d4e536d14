"""What every command needs: parsed flags, console, project, stack name, and lazily made AWS clients."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from botocore.exceptions import ProfileNotFound

from deploy import aws
from deploy.errors import UsageError
from deploy.project import Project
from deploy.ui import Console

POLL_ENV = "DEPLOY_STACK_POLL_SECONDS"
DEFAULT_POLL_S = 5.0
SLEEP = time.sleep  # tests replace it (e.g. to raise KeyboardInterrupt while waiting)


def poll_seconds() -> float:
    raw = os.environ.get(POLL_ENV, "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_POLL_S
    except ValueError:
        return DEFAULT_POLL_S


@dataclass
class Context:
    args: object
    console: Console
    project: Project
    env: str
    stack_name: str
    profile: str | None = None
    region: str | None = None
    poll_s: float = field(default_factory=poll_seconds)
    changes_made: list = field(default_factory=list)   # what this run changed so far, for "Cancelled" messages
    _session: object = None
    _clients: dict = field(default_factory=dict)

    @staticmethod
    def sleep(seconds: float) -> None:
        SLEEP(seconds)

    def session(self):
        if self._session is None:
            try:
                # AWS_REGION comes before AWS_DEFAULT_REGION and the profile, as in the AWS CLI; botocore itself
                # reads only AWS_DEFAULT_REGION, so without this `export AWS_REGION=...` would be ignored.
                region = self.region or os.environ.get("AWS_REGION") or None
                self._session = aws.make_session(self.profile, region)
            except ProfileNotFound as exc:
                named = f"--profile {self.profile}" if self.profile else f"AWS_PROFILE={os.environ.get('AWS_PROFILE', '')}"
                raise UsageError(f"{named}: {exc}; check ~/.aws/config") from None
            region = getattr(self._session, "region_name", None)
            if not region:
                raise UsageError("no AWS region: pass --region, or set AWS_REGION or a region in the profile")
            problem = aws.region_problem(region, self._region_source())
            if problem:
                self._session = None
                raise UsageError(problem)
        return self._session

    def _region_source(self) -> str:
        if self.region:
            return "--region"
        for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
            if os.environ.get(variable):
                return variable
        return f"the region of profile {self.profile or os.environ.get('AWS_PROFILE') or 'default'}"

    @property
    def region_name(self) -> str:
        return self.session().region_name

    def client(self, service: str):
        if service not in self._clients:
            self._clients[service] = aws.client(self.session(), service)
        return self._clients[service]

    def follow_hint(self) -> str:
        region = self.region or (self._session.region_name if self._session is not None else "<region>")
        return (f"Follow it with `deploy-stack status --env {self.env}` or `aws cloudformation "
                f"describe-stack-events --stack-name {self.stack_name} --region {region}`.")
