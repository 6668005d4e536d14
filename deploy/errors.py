"""Exceptions that end a command with a given exit code; cli.main turns them into messages."""
from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CHANGES, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class CommandError(Exception):
    """Stop the command: print `message` (if any) to stderr and exit with `code`."""

    code = EXIT_FAILED

    def __init__(self, message: str = "", code: int | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class UsageError(CommandError):
    """Bad input (params, flags, confirmation missing): exit 2."""

    code = EXIT_USAGE


class InputProblems(UsageError):
    """Several validation problems found before any AWS call; each names file, key and fix."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"invalid input ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}), "
                         f"nothing was sent to AWS:\n{lines}")
