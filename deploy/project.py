"""The working tree deploy-stack reads: params/<env>.json, dist/ (checked with build.py --check), git."""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from deploy.parsed import load_yaml

PARENT_TEMPLATE = "parent.yaml"
BUILD_CHECK_TIMEOUT_S = 300
# `make build` works from any shell (it renders with the project's venv); a bare `python build.py` outside the
# venv fails on the missing troposphere import.
BUILD_HINT = "`make build`"
_STALE_LINE = re.compile(r"^(?P<target>\S+) is stale: (?P<files>.*?)\.(\s|$)")


def default_root() -> Path:
    """The current directory when it holds params/, else the checkout this package lives in."""
    cwd = Path.cwd()
    if (cwd / "params").is_dir():
        return cwd
    here = Path(__file__).resolve().parent.parent
    return here if (here / "params").is_dir() else cwd


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    def params_path(self, env: str) -> Path:
        return self.root / "params" / f"{env}.json"

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def environments(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "params").glob("*.json"))

    def dist_problems(self) -> list[str]:
        """Why dist/ cannot be deployed as it is (missing build.py, stale files); [] when current."""
        return self.dist_status()[0]

    def dist_status(self) -> tuple[list[str], list[str]]:
        """(problems that block a deploy, warnings). Only a stale dist/ blocks: a stale generated docs/ file
        changes nothing that is deployed, so it is a warning."""
        build = self.root / "build.py"
        if not build.is_file():
            return [f"build.py: not found in {self.root}; cannot check that dist/ is current "
                    f"(run deploy-stack from the repository root or pass --project-dir)"], []
        try:
            proc = subprocess.run([sys.executable, str(build), "--check"], cwd=self.root,
                                  capture_output=True, text=True, timeout=BUILD_CHECK_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return [f"build.py --check: no answer after {BUILD_CHECK_TIMEOUT_S} s"], []
        if proc.returncode == 0:
            return [], []
        said = " ".join((proc.stderr.strip() or proc.stdout.strip()).splitlines()[-3:])
        if proc.returncode == 1:
            stale = [m for m in (_STALE_LINE.match(line.strip()) for line in proc.stderr.splitlines()) if m]
            if stale and all(Path(m.group("target")).name != "dist" for m in stale):
                files = "; ".join(f"{Path(m.group('target')).name}/: {m.group('files')}" for m in stale)
                return [], [f"generated docs are stale ({files}); not deployed, so not blocking; run "
                            f"{BUILD_HINT} and commit them"]
            return [f"dist/: stale ({said}); run {BUILD_HINT} and commit dist/"], []
        return [f"build.py --check: failed with exit {proc.returncode} ({said}); fix the build first"], []

    def load_parent(self) -> tuple[dict | None, list[str]]:
        path = self.dist / PARENT_TEMPLATE
        where = self.rel(path)
        if not path.is_file():
            return None, [f"{where}: not found; run {BUILD_HINT} to render dist/"]
        try:
            doc = load_yaml(path.read_text())
        except yaml.YAMLError as exc:
            return None, [f"{where}: not valid YAML ({str(exc).splitlines()[0]}); run {BUILD_HINT}"]
        if not isinstance(doc, dict) or not isinstance(doc.get("Resources"), dict):
            return None, [f"{where}: not a CloudFormation template (no Resources); run {BUILD_HINT}"]
        if not isinstance(doc.get("Parameters", {}), dict):
            return None, [f"{where}: Parameters is not a mapping; run {BUILD_HINT}"]
        return doc, []

    def dist_files(self) -> dict[str, bytes]:
        """Relative posix path -> content of every file under dist/ (hidden files skipped)."""
        files = {}
        for path in sorted(self.dist.rglob("*")):
            rel = path.relative_to(self.dist)
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                files[rel.as_posix()] = path.read_bytes()
        return files

    def git_commit(self) -> str:
        """The last commit that changed what gets deployed (dist/ or params/), not HEAD: stack tags reach every
        resource, so a commit that deploys nothing new must not turn a redeploy into an update of all of them."""
        try:
            proc = subprocess.run(["git", "log", "-1", "--format=%H", "--", "dist", "params"], cwd=self.root,
                                  capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
        sha = proc.stdout.strip()
        return sha if proc.returncode == 0 and len(sha) == 40 else "unknown"

    def dirty_files(self) -> list[str]:
        """Uncommitted changes under dist/ and params/ (what gets deployed); [] when clean or not a git checkout."""
        try:
            proc = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "dist", "params"],
                                  cwd=self.root, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return []
        if proc.returncode != 0:
            return []
        return sorted(line[3:].strip() for line in proc.stdout.splitlines() if line.strip())

    def dist_templates(self) -> dict[str, dict]:
        """Every rendered template in dist/ (long-form YAML), by file name; unreadable ones are skipped."""
        docs = {}
        for path in sorted(self.dist.glob("*.yaml")):
            try:
                doc = load_yaml(path.read_text())
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
            if isinstance(doc, dict):
                docs[path.name] = doc
        return docs
