"""The git-commit tag names the last commit that changed what is deployed, so unrelated commits do not make
every resource's tags change on the next deploy."""
import subprocess

from deploy.project import Project


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(root), "PATH": "/usr/bin:/bin"})
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()


def test_commit_tag_follows_dist_and_params_only(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "parent.yaml").write_text("a: 1\n")
    git(tmp_path, "add", "-A")
    deployed = git(tmp_path, "commit", "-qm", "templates")
    (tmp_path / "README.md").write_text("docs\n")
    git(tmp_path, "add", "-A")
    head = git(tmp_path, "commit", "-qm", "docs only")
    assert Project(tmp_path).git_commit() == deployed != head
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "dev.json").write_text("[]\n")
    git(tmp_path, "add", "-A")
    params_commit = git(tmp_path, "commit", "-qm", "params")
    assert Project(tmp_path).git_commit() == params_commit


def test_commit_tag_outside_git_is_unknown(tmp_path):
    assert Project(tmp_path).git_commit() == "unknown"
