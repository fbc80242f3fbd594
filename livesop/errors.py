"""The one error type users see, and the exit codes it maps to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_CRASH = 3


class LivesopError(Exception):
    """A problem the user can fix: a message, a hint, and the exit code it means."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, hint: str = "", exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(LivesopError):
    """Bad arguments: a missing path, an unknown option value (exit 2)."""

    exit_code = EXIT_USAGE
