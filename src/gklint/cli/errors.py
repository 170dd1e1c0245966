"""Exit codes and the usage error (a leaf module: the runner and the commands share them)."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad usage or configuration: one line on stderr and exit code 2."""
