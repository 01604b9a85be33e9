"""One shell line, run: parsed into the CLI's argv, given the session's targets, invoked in-process.

    runner = Runner(Targets(plt_uri="127.0.0.1:50053", yes=False), json_mode=False)
    argv = runner.argv("get-di 0")     # ["io", "get-di", "--plt-uri", "127.0.0.1:50053", "0"]
    outcome = runner.run(argv)         # Outcome(code=0, message=None)

The session's options (``--dda-uri`` ... ``--remote``, ``--yes``, and ``--json`` in JSON mode) go
right after the command's name, and only to commands that take them; an option typed on the line
wins. A command that finds a bridge unreachable makes the session drop that bridge's client, so
the next command connects afresh.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import typer

from .. import clients, exit_codes
from ..errors import CLIError, from_bridge_error
from ..output import note
from .tree import CommandTree, option_names
from .words import SHORTCUT_GROUP, Vocabulary, expand, split_words

# Commands whose --json output is a stream of records (NDJSON) rather than one result.
STREAMS = {("io", "watch"), ("io", "pulses"), ("channel", "tail"), ("modbus", "watch")}


@dataclass(frozen=True)
class Targets:
    """What `doover shell` was opened with; None means the command's own default (env or local)."""

    dda_uri: str | None = None
    plt_uri: str | None = None
    modbus_uri: str | None = None
    apps_uri: str | None = None
    remote: str | None = None
    yes: bool = False

    def options(self, json_mode: bool) -> dict[str, str | bool | None]:
        """Option -> value to give each command that takes it (a bool is a flag)."""
        return {
            "--dda-uri": self.dda_uri,
            "--plt-uri": self.plt_uri,
            "--modbus-uri": self.modbus_uri,
            "--apps-uri": self.apps_uri,
            "--remote": self.remote,
            "--yes": self.yes,
            "--json": json_mode,
        }


@dataclass(frozen=True)
class Outcome:
    """How a command ended: its exit code, the reason when it failed, and for a usage error the
    command that was misused (``io get-di``), whose ``--help`` says more."""

    code: int
    message: str | None = None
    misused: str | None = None


ALIASES_OF_OPTION = {"--yes": ("-y",)}


class Runner:
    def __init__(self, targets: Targets, json_mode: bool = False):
        self.targets, self.json_mode = targets, json_mode
        self.tree = CommandTree()
        self.down: dict[str, str] = {}  # uri -> bridge name, of bridges found unreachable
        self.vocabulary = Vocabulary(
            groups=self.tree.groups,
            shortcuts=self.tree.subcommands(SHORTCUT_GROUP),
            help_pages=self.tree.subcommands("help"),
        )

    def argv(self, line: str) -> list[str]:
        """The full argv for ``line``: a usage error (CLIError) when it starts with no known command."""
        return self.with_session_options(expand(split_words(line), self.vocabulary))

    def with_session_options(self, argv: list[str]) -> list[str]:
        path, command = self.tree.resolve(argv)
        accepted, given = option_names(command), argv[len(path) :]
        extra: list[str] = []
        for name, value in self.targets.options(self.json_mode).items():
            spellings = (name, *ALIASES_OF_OPTION.get(name, ()))
            if not value or name not in accepted or any(_gives(word, spellings) for word in given):
                continue
            extra.extend([name] if value is True else [name, str(value)])
        return [*path, *extra, *given]

    def is_stream(self, argv: list[str]) -> bool:
        return tuple(self.tree.resolve(argv)[0]) in STREAMS

    def run(self, argv: list[str]) -> Outcome:
        """Invoke ``argv``; every failure becomes an Outcome (unexpected ones also print a traceback)."""
        from pydoover.docker.errors import BridgeError

        lost = None  # the BridgeError that made the command fail, if one did
        try:
            outcome = Outcome(self.tree.invoke(argv))
        except CLIError as exc:
            outcome = Outcome(exc.exit_code, str(exc))
        except BridgeError as exc:
            failure, lost = from_bridge_error(exc), exc
            outcome = Outcome(failure.exit_code, str(failure))
        except typer.Abort:
            outcome = Outcome(exit_codes.FAILED, "aborted")
        except typer.TyperException as exc:  # click's usage errors and friends
            outcome = Outcome(exc.exit_code, exc.format_message(), misused_command(exc))
        except KeyboardInterrupt:
            outcome = Outcome(exit_codes.INTERRUPTED, "interrupted")
        except SystemExit as exc:
            outcome = Outcome(exc.code if isinstance(exc.code, int) else int(exc.code is not None))
        except Exception as exc:
            traceback.print_exc()
            outcome = Outcome(exit_codes.FAILED, f"internal error: {type(exc).__name__}: {exc}")
        self._track_bridges(outcome, lost)
        return outcome

    def _track_bridges(self, outcome: Outcome, lost) -> None:
        """After an unreachable bridge: drop its client (the next command connects afresh). After a
        success: say once that a bridge found unreachable before answers again."""
        if outcome.code == exit_codes.UNREACHABLE:
            clients.forget(lost.uri if lost is not None else None)
            if lost is not None:
                self.down[lost.uri] = lost.bridge
            return
        if outcome.code != exit_codes.OK:
            return
        for uri, bridge in list(self.down.items()):
            if clients.holds(uri):
                del self.down[uri]
                note(f"the {bridge} bridge at {uri} answers again")


def misused_command(exc: Exception) -> str | None:
    """``io get-di`` for a usage error raised while parsing `doover io get-di ...`."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    return ctx.command_path.removeprefix("doover").strip() or None


def _gives(word: str, spellings: tuple[str, ...]) -> bool:
    """True when ``word`` is one of ``spellings``, alone or as ``--opt=value``."""
    return any(word == name or word.startswith(f"{name}=") for name in spellings)
