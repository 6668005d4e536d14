"""Terminal I/O: results to stdout, diagnostics/progress/prompts to stderr, tables, confirmations."""
from __future__ import annotations

import getpass
import os
import sys


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Console:
    """`interactive`: a person can answer prompts (stdin and stderr are terminals).
    `live`: progress may redraw lines in place (stderr is a terminal and $CI is unset)."""

    def __init__(self, out=None, err=None, stdin=None, interactive: bool | None = None,
                 live: bool | None = None):
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.stdin = stdin if stdin is not None else sys.stdin
        self.interactive = (_isatty(self.stdin) and _isatty(self.err)) if interactive is None else interactive
        self.live = (_isatty(self.err) and not os.environ.get("CI")) if live is None else live

    def result(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def info(self, text: str = "") -> None:
        print(text, file=self.err, flush=True)

    def raw(self, text: str) -> None:
        self.err.write(text)
        self.err.flush()

    def ask(self, question: str) -> str:
        """One line from stdin ('' at end of input)."""
        self.raw(question)
        line = self.stdin.readline()
        return line.rstrip("\r\n")

    def confirm(self, question: str) -> bool:
        """Yes/no, default no."""
        return self.ask(f"{question} [y/N] ").strip().lower() in ("y", "yes")

    def secret(self, prompt: str) -> str:
        """A hidden prompt (never echoed)."""
        return getpass.getpass(prompt, stream=self.err)


def table(headers: list[str], rows: list[list[str]]) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
