"""checkov gate on the rendered templates: zero failed checks; every exception is a justified skip."""
import json

import pytest
import yaml

from tests.conftest import venv_tool
from tests.fork_runner import ForkRunner

pytestmark = pytest.mark.scan
CHECKOV = venv_tool(".venv-checkov", "checkov")
# The console script's body, with its arguments passed on: Checkov()'s default argv is sys.argv[1:] as it was when
# checkov.main was imported (once, before the runs here).
CHECKOV_MAIN = """
import sys, warnings
from checkov.main import Checkov
with warnings.catch_warnings():
    warnings.simplefilter("ignore", category=SyntaxWarning)
    sys.exit(Checkov(sys.argv[1:]).run())
"""


@pytest.fixture(scope="module")
def checkov_py():
    """The checkov venv's python with checkov imported once for both runs (tests/fork_runner.py)."""
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV} missing: run `make test`, which creates the checkov venv")
    runner = ForkRunner(CHECKOV.parent / "python", ["checkov.main"])
    yield runner
    runner.close()


def checkov(checkov_py: ForkRunner, directory) -> dict:
    """`checkov -d DIRECTORY ...`"""
    result = checkov_py.run(CHECKOV_MAIN, "-d", str(directory), "--framework", "cloudformation",
                            "--skip-download", "--quiet", "--output", "json", timeout=600)
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    report = report[0] if isinstance(report, list) else report
    report["returncode"] = result.returncode
    return report


def test_dist_has_no_failed_checks(dist_dir, checkov_py):
    report = checkov(checkov_py, dist_dir)
    failed = [f"{c['check_id']} {c['resource']} ({c['file_path']})"
              for c in report.get("results", {}).get("failed_checks", [])]
    assert not failed and report["returncode"] == 0, "\n".join(failed)
    assert report["summary"]["passed"] > 0


def test_every_skip_has_a_reason(templates):
    for name, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
                assert len(skip.get("comment", "")) > 20, f"{name}/{logical_id} skips {skip['id']} without reason"


def test_gate_bites_on_an_insecure_template(tmp_path, checkov_py):
    (tmp_path / "insecure.yaml").write_text(yaml.safe_dump({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {}}},
    }))
    report = checkov(checkov_py, tmp_path)
    assert report["returncode"] != 0
    assert {c["check_id"] for c in report["results"]["failed_checks"]} >= {"CKV_AWS_158"}
