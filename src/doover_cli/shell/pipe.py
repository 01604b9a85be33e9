"""The shell without a terminal: one command per input line, one JSON object per output line.

    $ printf 'get-di 0\\nget-di 9\\n' | doover shell
    {"line": 1, "command": "get-di 0", "exit_code": 0, "result": [{"pin": 0, "value": false}]}
    {"line": 2, "command": "get-di 9", "exit_code": 2, "error": "DI 9 does not exist; DI pins are 0-3"}

Every command runs with ``--json``. Each finished command gives exactly one line with
``exit_code`` and either ``result`` (its JSON output; a string when it printed text, null when
nothing) or ``error``. Streams (`watch`, `tail`, `pulses`, `modbus watch`) first give one
``{"line", "command", "record"}`` line per record as it arrives; their closing line has ``records``
(how many) instead of ``result``. Blank lines and lines starting with ``#`` are skipped; ``exit``
stops early. The exit status is 0 when every command succeeded, else the exit code of the last
command that failed.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from typing import Any, TextIO

from ..errors import CLIError, UsageError
from ..output import dumps
from .runner import Outcome, Runner
from .words import HELP_WORD, is_exit


def run_lines(runner: Runner, stdin: TextIO, stdout: TextIO, overview: Callable[[], str]) -> int:
    """Run every line of ``stdin``, writing JSON lines to ``stdout``; the session's exit status."""
    status = 0
    for number, raw in enumerate(iter(stdin.readline, ""), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if is_exit(line):
            break
        code = run_line(runner, number, line, stdout, overview)
        status = code or status
    return status


def run_line(runner: Runner, number: int, line: str, stdout: TextIO, overview: Callable[[], str]) -> int:
    """Run one line and write its JSON lines; its exit code."""
    base = {"line": number, "command": line}

    def emit(fields: dict[str, Any]) -> None:
        stdout.write(dumps({**base, **fields}) + "\n")
        stdout.flush()

    if line == HELP_WORD:
        emit({"exit_code": 0, "result": overview()})
        return 0
    try:
        argv = runner.argv(line)
    except CLIError as exc:
        emit({"exit_code": exc.exit_code, "error": str(exc)})
        return exc.exit_code
    capture = Capture(lambda record: emit({"record": record}), live=runner.is_stream(argv))
    stderr = LastNote(sys.stderr)
    stdin, sys.stdin = sys.stdin, NoStdin()
    try:
        with redirect_stdout(capture), redirect_stderr(stderr):
            outcome = runner.run(argv)
    finally:
        sys.stdin = stdin
    emit(closing(outcome, capture.finish(), stderr.last))
    return outcome.code


def closing(outcome: Outcome, output: dict[str, Any], last_note: str | None) -> dict[str, Any]:
    """The fields of a command's closing line."""
    fields: dict[str, Any] = {"exit_code": outcome.code}
    if outcome.code == 0:
        return fields | output
    fields["error"] = outcome.message or last_note or f"the command exited with {outcome.code}"
    return fields | ({"records": output["records"]} if "records" in output else {})


class Capture(io.TextIOBase):
    """``sys.stdout`` while a command runs: its JSON lines become the result, or records.

    With ``live`` every line is a record at once. Otherwise the first line is held: if a second
    follows, both (and the rest) are records; if not, it is the result. Output that is not JSON
    (help text, say) is the result as one string.
    """

    def __init__(self, emit_record: Callable[[Any], None], live: bool):
        self.emit_record, self.live = emit_record, live
        self.text, self.partial = "", ""
        self.held: list[Any] = []
        self.records = 0
        self.plain = False

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        self.partial += text
        while "\n" in self.partial:
            line, self.partial = self.partial.split("\n", 1)
            self._line(line)
        return len(text)

    def _line(self, line: str) -> None:
        if self.plain or not line.strip():
            return
        try:
            value = json.loads(line)
        except ValueError:
            self.plain = True
            return
        self.held.append(value)
        if self.live or self.records or len(self.held) > 1:
            for record in self.held:
                self.emit_record(record)
                self.records += 1
            self.held, self.text = [], ""

    def finish(self) -> dict[str, Any]:
        """``{"result": ...}`` or ``{"records": n}``: what the closing line says about the output."""
        if self.partial:
            self._line(self.partial)
            self.partial = ""
        if self.plain:
            return {"result": self.text.rstrip("\n")}
        if self.live or self.records:
            return {"records": self.records}
        return {"result": self.held[0] if self.held else None}


class LastNote(io.TextIOBase):
    """``sys.stderr`` while a command runs in JSON mode: passes everything through and remembers
    the last ``doover:`` line, the reason for an exit code that came without an error."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.last: str | None = None

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.startswith("doover: "):
                self.last = line.removeprefix("doover: ").removeprefix("error: ")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


class NoStdin(io.TextIOBase):
    """``sys.stdin`` while a command runs: the shell's own input is not the command's to read."""

    def isatty(self) -> bool:
        return False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        raise UsageError("stdin carries the shell's commands: give the payload on the line or with --file")

    readline = read
