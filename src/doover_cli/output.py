"""All rendering in one place: human text or tables, --json, NDJSON streams, stderr notes.

Data goes to stdout, diagnostics to stderr. Colour only on a terminal and never with NO_COLOR
(rich honours both); JSON output is never coloured.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def dumps(value: Any, pretty: bool = False) -> str:
    return json.dumps(value, indent=2 if pretty else None, ensure_ascii=False, default=str)


_document_written = False  # a whole JSON document is on stdout: an error object must not follow it


def document_written() -> bool:
    return _document_written


def begin() -> None:
    """A new invocation: nothing written yet (tests run many in one process)."""
    global _document_written
    _document_written = False


class Output:
    def __init__(self, json_mode: bool = False):
        self.json_mode = json_mode

    def result(self, data: Any, human: str | None = None) -> None:
        """One result: JSON in --json mode, else ``human`` (or pretty JSON when not given)."""
        global _document_written
        _document_written = self.json_mode
        if self.json_mode or human is None:
            print(dumps(data, pretty=not self.json_mode))
        else:
            print(human)
        sys.stdout.flush()

    def record(self, data: Any, human: str) -> None:
        """One record of a stream: an NDJSON line in --json mode, else a text line."""
        print(dumps(data) if self.json_mode else human, flush=True)

    def table(self, data: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        global _document_written
        _document_written = self.json_mode
        if self.json_mode:
            print(dumps(data), flush=True)
            return
        if not sys.stdout.isatty():
            # Plain, tab-separated rows when piped: easy to cut, grep and read.
            print("\t".join(columns).upper())
            for row in rows:
                print("\t".join(str(cell) for cell in row))
            sys.stdout.flush()
            return
        from rich.table import Table

        table = Table(*columns, box=None, header_style="bold")
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        _console().print(table)


def note(message: str) -> None:
    """A diagnostic line on stderr."""
    print(f"doover: {message}", file=sys.stderr, flush=True)


def warn(message: str) -> None:
    print(f"doover: warning: {message}", file=sys.stderr, flush=True)


def error(message: str) -> None:
    print(f"doover: error: {message}", file=sys.stderr, flush=True)
