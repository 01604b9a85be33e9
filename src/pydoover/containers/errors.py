"""The one failure type of the container commands: a line for the user and what kind of failure it was."""

from __future__ import annotations

from typing import Literal

Kind = Literal["usage", "unreachable", "failed"]


class ContainerError(Exception):
    """``kind``: ``usage`` (bad input, nothing done), ``unreachable`` (no engine answered), ``failed``."""

    def __init__(self, message: str, kind: Kind = "failed"):
        super().__init__(message)
        self.kind = kind
