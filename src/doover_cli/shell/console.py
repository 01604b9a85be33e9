"""The shell on a terminal: a prompt with history and Tab completion; output as the CLI prints it.

    code = interact(runner)       # 0 after Ctrl-D or `exit`

Ctrl-C at the prompt drops the line and gives a new prompt; during a command it stops the command
(a `watch` or `tail` returns to the prompt) and the shell goes on. Errors are one line on stderr,
as the CLI prints them; a usage error names the command whose ``--help`` says more.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from ..errors import CLIError
from ..output import error
from ..targets import resolve_uri
from .complete import Completer
from .guide import overview
from .history import History, history_path
from .runner import Runner
from .sources import BridgeWords
from .words import HELP_WORD, is_exit


def interact(runner: Runner) -> int:
    """Read and run commands until Ctrl-D or `exit`; the exit code (0)."""
    readline = _readline()
    history = History(readline, history_path()) if readline is not None else None
    if readline is not None:
        history.load()
        _install_completion(readline, Completer(runner, BridgeWords(runner.targets), readline))
    print(banner(runner), flush=True)
    while True:
        try:
            line = input(prompt(runner)).strip()
        except KeyboardInterrupt:
            print()
            continue
        except EOFError:
            print()
            return 0
        if is_exit(line):
            return 0
        if not line or line.startswith("#"):
            continue
        if history is not None:
            history.add(line)
        try:
            with quiet_interrupts():
                run_line(runner, line)
        except KeyboardInterrupt:  # between the command's own handlers: nothing to clean up
            print()


def run_line(runner: Runner, line: str) -> int:
    """Run one line, printing its output and any error; its exit code."""
    if line == HELP_WORD:
        print(overview(runner.tree))
        return 0
    try:
        argv = runner.argv(line)
    except CLIError as exc:
        error(str(exc))
        return exc.exit_code
    outcome = runner.run(argv)
    if outcome.message and outcome.message.startswith("Usage:"):  # a group typed alone: its help
        print(outcome.message)
    elif outcome.message:
        hint = f" (see `{outcome.misused} --help`)" if outcome.misused else ""
        error(f"{outcome.message}{hint}")
    return outcome.code


def prompt(runner: Runner) -> str:
    remote = runner.targets.remote
    return f"doover@{remote}> " if remote else "doover> "


def banner(runner: Runner) -> str:
    targets = runner.targets
    where = ", ".join(
        f"{name} {resolve_uri(bridge, uri, targets.remote)}"
        for name, bridge, uri in (
            ("Platform", "platform", targets.plt_uri),
            ("DDA", "dda", targets.dda_uri),
            ("Modbus", "modbus", targets.modbus_uri),
        )
    )
    return f"doover shell: {where}. `help` lists the commands; Ctrl-D leaves."


@contextmanager
def quiet_interrupts() -> Iterator[None]:
    """While a command runs, the terminal does not echo ``^C`` into its output (the prompt that
    follows says the command stopped)."""
    try:
        import termios
    except ImportError:
        termios = None
    try:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (AttributeError, OSError, ValueError, getattr(termios, "error", OSError)):
        yield
        return
    quiet = [*saved]
    quiet[3] &= ~getattr(termios, "ECHOCTL", 0)
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def _readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # no line editing on this platform: plain input, no history or completion
        return None
    return readline


def _install_completion(readline: ModuleType, completer: Completer) -> None:
    readline.set_completer(completer.complete)
    readline.set_completer_delims(" \t\n")
    if "libedit" in (readline.__doc__ or ""):  # macOS's readline
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
