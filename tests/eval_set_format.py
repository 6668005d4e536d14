"""The shape every evaluation-set file shares: one JSON object per line with exactly text, kinds and note;
kinds a sorted unique list of the four PII kinds; 1400 lines, 700 of them clean; no text twice."""
import json

KINDS = {"email", "us_ssn", "us_phone", "credit_card"}


def format_problems(lines: list[str], notes_say_clean: bool = True) -> list[str]:
    """Every way the lines break the eval-set format, as readable strings (empty when the set is well-formed).
    ``notes_say_clean``: the note's third word says "clean" exactly when the message is (heldout4's notes)."""
    problems, texts, clean = [], set(), 0
    if len(lines) != 1400:
        problems.append(f"{len(lines)} lines, expected 1400")
    for n, line in enumerate(lines, 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {n}: not JSON ({err})")
            continue
        if not isinstance(row, dict) or set(row) != {"text", "kinds", "note"}:
            problems.append(f"line {n}: keys must be exactly text, kinds, note")
            continue
        text, kinds, note = row["text"], row["kinds"], row["note"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"line {n}: text must be a non-empty string")
        if not isinstance(note, str) or not note.strip():
            problems.append(f"line {n}: note must be a non-empty string")
        if not isinstance(kinds, list) or not set(kinds) <= KINDS or kinds != sorted(set(kinds)):
            problems.append(f"line {n}: kinds {kinds!r} must be a sorted unique list of {sorted(KINDS)}")
        elif not kinds:
            clean += 1
            if notes_say_clean and not note.split()[2:3] == ["clean"]:
                problems.append(f"line {n}: a clean message's note must say clean")
        elif notes_say_clean and "clean" in note.split()[2:3]:
            problems.append(f"line {n}: a message with PII is noted as clean")
        if text in texts:
            problems.append(f"line {n}: duplicate text")
        texts.add(text)
    if clean != 700:
        problems.append(f"{clean} clean messages, expected 700")
    return problems


def mark_edited(row: dict) -> None:
    row["note"] += " edited"


def write_edited_copy(lines: list[str], index: int, path, edit=mark_edited):
    """``lines`` with row ``index`` changed by ``edit`` (in place), written to ``path``: the copy a generator's
    --check must call stale.  Returns ``path``."""
    row = json.loads(lines[index])
    edit(row)
    edited = lines[:index] + [json.dumps(row, ensure_ascii=False)] + lines[index + 1:]
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    return path
