"""The `doover` command tree the shell runs every line through: the CLI's own click objects.

    tree = CommandTree()
    tree.resolve(["io", "get-di", "0"])     # (["io", "get-di"], <the get-di command>)
    option_names(command)                   # {"--plt-uri", "--remote", "--deadline", "--json", "--help"}
    tree.invoke(["io", "get-di", "0"])      # the exit code; raises what the command raised

Parsing, defaults, validation and help all come from the same objects `doover` uses, so the shell
and the CLI cannot drift apart. Each command group is built once per session (building `io`
from its typer app takes about 15 ms, more than the rpc a command makes).
"""

from __future__ import annotations

from typing import Any

import typer
import typer.main

from ..main import COMMAND_GROUPS, app

NOT_IN_SHELL = ("shell",)


class CommandTree:
    def __init__(self) -> None:
        self.root = typer.main.get_command(app)
        self.groups = [name for name in COMMAND_GROUPS if name not in NOT_IN_SHELL]
        self._built: dict[str, Any] = {}
        lookup = self.root.get_command

        def get_command(ctx, name: str):
            # The root lists stand-ins while it formats `doover --help`; those are never kept.
            if getattr(self.root, "_listing", False) or name not in COMMAND_GROUPS:
                return lookup(ctx, name)
            if name not in self._built:
                self._built[name] = lookup(ctx, name)
            return self._built[name]

        self.root.get_command = get_command

    def group(self, name: str):
        """The command group (or command) ``name`` of `doover`, built on first use."""
        return self.root.get_command(None, name)

    def subcommands(self, name: str) -> list[str]:
        """The commands of group ``name``, in the order `--help` lists them ([] when it has none)."""
        group = self.group(name) if name in self.groups else None
        return list(group.list_commands(None)) if is_group(group) else []

    def resolve(self, argv: list[str]) -> tuple[list[str], Any]:
        """The leading words of ``argv`` that name a command, and that command (the root when none do)."""
        command, path = self.root, []
        for word in argv:
            if not is_group(command) or word.startswith("-"):
                break
            sub = command.get_command(None, word)
            if sub is None:
                break
            command, path = sub, [*path, word]
        return path, command

    def invoke(self, argv: list[str]) -> int:
        """Run ``argv`` as `doover ARGV` would, in this process; its exit code. The command's own
        exceptions (CLIError, BridgeError, click's usage errors) propagate to the caller."""
        result = self.root.main(args=argv, prog_name="doover", standalone_mode=False)
        return result if isinstance(result, int) else 0


def is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def option_names(command: Any) -> set[str]:
    """Every option spelling ``command`` takes (``--yes``, ``-y`` ...), with ``--help``."""
    names = {"--help"}
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option":
            names.update(param.opts, param.secondary_opts)
    return names


def find_option(command: Any, name: str) -> Any | None:
    """The option of ``command`` spelt ``name``, or None."""
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option" and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def arguments(command: Any) -> list[Any]:
    """The positional parameters of ``command``, in order."""
    return [param for param in command.params if getattr(param, "param_type_name", "") == "argument"]
