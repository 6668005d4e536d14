"""The heldout7 evaluation set: the committed file is what scripts/make_heldout7.py generates, it has the shared
eval-set format, and its labels are true by construction. No detector is run on it here (it is held out)."""
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from tests.eval_set_format import format_problems, write_edited_copy

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "data" / "eval" / "heldout7.jsonl"
NODE_MODULES = ROOT / "tools" / "heldout7" / "node_modules" / "@faker-js" / "faker"

needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not NODE_MODULES.is_dir(),
    reason="tools/heldout7/node_modules is missing (run `make tools/heldout7/node_modules/.installed`) "
           "or node is not installed")


def load_generator():
    spec = importlib.util.spec_from_file_location("make_heldout7", ROOT / "scripts" / "make_heldout7.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def built(generator):
    values = generator.node_values()
    return values, generator.build(values)


def committed_lines() -> list[str]:
    return SET.read_text(encoding="utf-8").splitlines()


def test_committed_set_has_the_shared_format():
    assert format_problems(committed_lines()) == []


def test_format_check_fails_on_an_edited_line():
    lines = committed_lines()
    n = next(i for i, line in enumerate(lines) if not json.loads(line)["kinds"])
    row = json.loads(lines[n])
    row["kinds"] = ["us_phone"]                          # a clean message relabelled: 699 clean, note says clean
    edited = lines[:n] + [json.dumps(row, ensure_ascii=False)] + lines[n + 1:]
    problems = format_problems(edited)
    assert "699 clean messages, expected 700" in problems
    assert any("noted as clean" in p for p in problems)
    duplicated = lines[:-1] + [lines[0]]
    assert any("duplicate text" in p for p in format_problems(duplicated))


@needs_node
def test_check_mode_passes_on_the_committed_file(generator, capsys):
    assert generator.main(["--check"]) == 0


@needs_node
def test_check_mode_fails_when_one_line_of_a_copy_differs(generator, built, tmp_path, monkeypatch):
    copy = write_edited_copy(committed_lines(), 700, tmp_path / "heldout7.jsonl")
    monkeypatch.setattr(generator, "OUT", copy)
    monkeypatch.setattr(generator, "ROOT", tmp_path)
    monkeypatch.setattr(generator, "node_values", lambda: built[0])    # the same values, one node run fewer
    assert generator.main(["--check"]) == 1


@needs_node
def test_generation_is_deterministic(generator, built):
    values, rows = built
    assert generator.render(generator.build(generator.node_values())) == generator.render(rows)


@needs_node
def test_placed_values_meet_their_kind_definition(generator, built):
    values, _ = built
    pools = generator.Pools(values, __import__("random").Random(0))
    assert pools.cards and pools.ssns
    for card in pools.cards:
        digits = "".join(ch for ch in card["number"] if ch.isdigit())
        assert 12 <= len(digits) <= 19 and generator.luhn_ok(digits), card
    for ssn in pools.ssns:
        assert generator.ssn_ok(ssn), ssn
    # the filters reject what the kind excludes
    assert not generator.luhn_ok("4111111111111112")
    assert generator.luhn_ok("4111111111111111")
    assert not any(generator.ssn_ok(s) for s in ("000123456", "666123456", "912345678", "123004567", "123450000"))


@needs_node
def test_construction_check_catches_a_stray_or_missing_value(generator, built):
    values, rows = built
    placed = [dict() for _ in rows]                      # clean rows place nothing
    assert generator.construction_problems(rows[:700], placed[:700], values) == []
    person = values["locales"]["de"]["people"][0]
    stray = [dict(rows[0], text=rows[0]["text"] + "\n" + person["email"])] + rows[1:700]
    assert generator.construction_problems(stray, placed[:700], values)
    missing = [rows[0]]
    assert generator.construction_problems(missing, [{"us_phone": "+1 555 0100 999"}], values)


@needs_node
def test_build_refuses_a_shape_that_leaks_an_unlabelled_value(generator, built, monkeypatch):
    values, _ = built
    leaky = dict(generator.SHAPES)
    honest = leaky["vcard"]
    leaky["vcard"] = lambda c, P: honest(c, P) + "\nTEL:" + c["p"]["phone"]   # the person's phone, never labelled
    monkeypatch.setattr(generator, "SHAPES", leaky)
    with pytest.raises(SystemExit, match="not true by construction"):
        generator.build(values)
