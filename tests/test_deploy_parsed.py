"""deploy/parsed.py: one deploy-stack command parses each template text once, and no reader sees another's
edits or a file's old content."""
import pytest
import yaml

from deploy import cli, parsed
from deploy.evaluator import load_templates
from deploy.project import Project

TEXT = "Parameters:\n  Env: {Type: String, Default: dev}\nResources:\n  Bucket: {Type: 'AWS::S3::Bucket'}\n"
EXPECTED = yaml.safe_load(TEXT)


@pytest.fixture
def parses(monkeypatch):
    """The texts yaml.load was asked to parse, in order."""
    seen, real = [], yaml.load

    def counting(stream, Loader):  # noqa: N803 - PyYAML's signature
        seen.append(stream)
        return real(stream, Loader=Loader)

    monkeypatch.setattr(parsed.yaml, "load", counting)
    return seen


def test_one_command_parses_a_text_once(parses):
    with parsed.one_command():
        assert parsed.load_yaml(TEXT) == parsed.load_yaml(TEXT) == EXPECTED
    assert parses == [TEXT]


def test_each_reader_gets_its_own_copy():
    with parsed.one_command():
        first = parsed.load_yaml(TEXT)
        first["Parameters"]["Env"]["Default"] = "prod"
        first["Resources"].clear()
        second = parsed.load_yaml(TEXT)
    assert second == EXPECTED


def test_a_changed_file_is_read_afresh(tmp_path, parses):
    (tmp_path / "dist").mkdir()
    parent = tmp_path / "dist" / "parent.yaml"
    parent.write_text(TEXT)
    project = Project(tmp_path)
    with parsed.one_command():
        assert project.load_parent()[0]["Parameters"]["Env"]["Default"] == "dev"
        parent.write_text(TEXT.replace("dev", "staging"))
        assert project.load_parent()[0]["Parameters"]["Env"]["Default"] == "staging"
        assert load_templates(tmp_path / "dist")["parent.yaml"]["Parameters"]["Env"]["Default"] == "staging"
    assert len(parses) == 2


def test_nothing_is_kept_outside_a_command(parses):
    parsed.load_yaml(TEXT)
    with parsed.one_command():
        parsed.load_yaml(TEXT)
    parsed.load_yaml(TEXT)
    assert len(parses) == 3


def test_a_yaml_error_is_raised_every_time():
    with parsed.one_command():
        for _ in range(2):
            with pytest.raises(yaml.YAMLError):
                parsed.load_yaml("a: [1\n")


def test_cli_main_runs_each_command_with_its_own_cache(tmp_path, monkeypatch, parses):
    def command(ctx):
        parsed.load_yaml(TEXT)
        parsed.load_yaml(TEXT)
        return 0

    monkeypatch.setitem(cli.COMMANDS, "outputs", command)
    (tmp_path / "params").mkdir()
    for _ in range(2):
        assert cli.main(["--project-dir", str(tmp_path), "outputs", "--env", "dev"]) == 0
    assert parses == [TEXT, TEXT]  # once per command, not once per run


def test_moto_gets_its_own_copy_of_each_texts_parse():
    """tests/emulator.py's S1 bridge shares moto's parses of one text within the test process, the same way."""
    from tests import emulator

    fast = emulator._FastYaml(yaml)
    fast.load(TEXT)["Resources"].clear()
    assert fast.load(TEXT) == EXPECTED
    assert fast.load(TEXT.replace("dev", "prod"))["Parameters"]["Env"]["Default"] == "prod"
    for _ in range(2):
        with pytest.raises(yaml.YAMLError):
            fast.load("a: [1\n")
