"""checkov gate on the rendered templates: zero failed checks; every exception is a justified skip."""
import json
import subprocess

import pytest
import yaml

from tests.conftest import venv_tool

pytestmark = pytest.mark.scan
CHECKOV = venv_tool(".venv-checkov", "checkov")


def checkov(directory) -> dict:
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV} missing: run `make test`, which creates the checkov venv")
    result = subprocess.run(
        [str(CHECKOV), "-d", str(directory), "--framework", "cloudformation", "--skip-download", "--quiet",
         "--output", "json"], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    report = report[0] if isinstance(report, list) else report
    report["returncode"] = result.returncode
    return report


def test_dist_has_no_failed_checks(dist_dir):
    report = checkov(dist_dir)
    failed = [f"{c['check_id']} {c['resource']} ({c['file_path']})"
              for c in report.get("results", {}).get("failed_checks", [])]
    assert not failed and report["returncode"] == 0, "\n".join(failed)
    assert report["summary"]["passed"] > 0


def test_every_skip_has_a_reason(templates):
    for name, template in templates.items():
        for logical_id, resource in template["Resources"].items():
            for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
                assert len(skip.get("comment", "")) > 20, f"{name}/{logical_id} skips {skip['id']} without reason"


def test_gate_bites_on_an_insecure_template(tmp_path):
    (tmp_path / "insecure.yaml").write_text(yaml.safe_dump({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {}}},
    }))
    report = checkov(tmp_path)
    assert report["returncode"] != 0
    assert {c["check_id"] for c in report["results"]["failed_checks"]} >= {"CKV_AWS_158"}
