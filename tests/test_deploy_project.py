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


def test_uncommitted_changes_in_what_is_deployed_are_listed(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "parent.yaml").write_text("a: 1\n")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "dev.json").write_text("[]\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "all")
    assert Project(tmp_path).dirty_files() == []
    (tmp_path / "README.md").write_text("not deployed\n")
    assert Project(tmp_path).dirty_files() == []  # only dist/ and params/ count
    (tmp_path / "params" / "dev.json").write_text('[{"ParameterKey": "A", "ParameterValue": "b"}]\n')
    (tmp_path / "dist" / "new.yaml").write_text("b: 2\n")
    assert Project(tmp_path).dirty_files() == ["dist/new.yaml", "params/dev.json"]


def test_a_dirty_deploy_warns_and_tags_the_commit_dirty(tmp_path):
    import io
    from types import SimpleNamespace

    from deploy import flow
    from deploy.ui import Console

    git(tmp_path, "init", "-q")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "dev.json").write_text("[]\n")
    git(tmp_path, "add", "-A")
    commit = git(tmp_path, "commit", "-qm", "params")
    err = io.StringIO()
    ctx = SimpleNamespace(project=Project(tmp_path), console=Console(out=io.StringIO(), err=err, interactive=False))
    assert flow.provenance(ctx) == commit and err.getvalue() == ""
    (tmp_path / "params" / "dev.json").write_text("[ ]\n")
    assert flow.provenance(ctx) == f"{commit}-dirty"
    assert err.getvalue().startswith("WARNING: uncommitted changes in what is deployed (params/dev.json); the "
                                     f"git-commit tag says {commit}-dirty.")
