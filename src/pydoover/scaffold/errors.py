"""What scaffolding raises: one-line messages for the user."""

from __future__ import annotations


class ScaffoldError(Exception):
    """Making or upgrading a project failed (the CLI exits 1)."""


class ScaffoldUsageError(ScaffoldError):
    """Bad input: a name, answer, folder or version the user gave; nothing was written (exit 2)."""
