"""Tab completion for the shell: commands, options, option values, pins, channels, buses, points.

    completer = Completer(runner, BridgeWords(targets))
    completer.candidates("get-di ", "")          # ["0 ", "1 ", "2 ", "3 "]   (the device's DI pins)
    completer.candidates("", "sys")              # ["system "]
    completer.candidates("modbus read ", "--a")  # ["--address ", "--as "]
    readline.set_completer(completer.complete)   # what the console does

Command words, subcommands, option names and option choices come from the CLI's click tree (so
they match what the commands accept); argument words come from the bridges (:mod:`.sources`).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any

from ..errors import CLIError
from .runner import Runner
from .sources import BridgeWords
from .tree import arguments, find_option, is_group, option_names
from .words import HELP_WORD, expand, split_words

SWITCH = ["on", "off"]
PINS_OF = {  # io command -> the pin type its PIN arguments name
    "get-di": "di",
    "get-ai": "ai",
    "get-do": "do",
    "get-ao": "ao",
    "set-do": "do",
    "set-ao": "ao",
    "schedule-do": "do",
    "schedule-ao": "ao",
    "events": "di",
    "pulses": "di",
}


class Completer:
    def __init__(self, runner: Runner, words: BridgeWords, readline: ModuleType | None = None):
        self.runner, self.words, self.readline = runner, words, readline
        self.matches: list[str] = []

    def complete(self, text: str, state: int) -> str | None:
        """readline's completer: the ``state``-th candidate for the word being typed."""
        if state == 0:
            before = self.readline.get_line_buffer()[: self.readline.get_begidx()]
            try:
                self.matches = self.candidates(before, text)
            except Exception:  # completion must never break the prompt
                self.matches = []
        return self.matches[state] if state < len(self.matches) else None

    def candidates(self, before: str, text: str) -> list[str]:
        """Completions of ``text``, the word after ``before`` (each ends in a space)."""
        try:
            words = split_words(before)
        except CLIError:  # an unclosed quote: nothing sensible to offer
            return []
        words = words[1:] if words[:1] == ["doover"] else words
        if words[:1] == [HELP_WORD]:
            words = words[1:]
            if not words:
                return matching([*self.runner.vocabulary.first_words(), *self.runner.vocabulary.help_pages], text)
        if not words:
            return matching([*self.runner.vocabulary.first_words(), HELP_WORD], text)
        try:
            argv = expand(words, self.runner.vocabulary)
        except CLIError:
            return []
        path, command = self.runner.tree.resolve(argv)
        return matching(self._for_command(path, command, argv[len(path) :], text), text)

    def _for_command(self, path: list[str], command: Any, rest: list[str], text: str) -> list[str]:
        if text.startswith("-"):
            return sorted(option_names(command))
        if is_group(command):
            return [] if rest else list(command.list_commands(None))
        option = find_option(command, rest[-1]) if rest else None
        if option is not None and not option.is_flag:
            return self._option_values(option, text)
        positional = positional_words(command, rest)
        param = argument_at(command, len(positional))
        return self._argument_words(path, param.name, positional) if param is not None else []

    def _option_values(self, option: Any, text: str) -> list[str]:
        if "--bus" in option.opts:
            return self.words.buses()
        return [item.value for item in option.shell_complete(None, text) if item.type == "plain"]

    def _argument_words(self, path: list[str], name: str, positional: list[str]) -> list[str]:
        group, command = path[0], path[-1]
        if group == "channel" and name in ("channel", "channels"):
            return self.words.channels()
        if group == "modbus" and (name in ("point", "points") or (name == "args" and not positional)):
            return self.words.points()
        if group != "io":
            return []
        if command == "watch":
            return self.words.pin_refs()
        if command in ("force", "release"):
            return self._forced_words(name, positional)
        if name in ("pin", "pins") and command in PINS_OF:
            return self.words.pins(PINS_OF[command])
        return SWITCH if name == "value" and command.endswith("-do") else []

    def _forced_words(self, name: str, positional: list[str]) -> list[str]:
        io_type = positional[0].lower() if positional else ""
        if name == "io_type":
            return ["di", "ai"]
        if name == "pin":
            return self.words.pins(io_type)
        return SWITCH if name == "value" and io_type == "di" else []


def positional_words(command: Any, rest: list[str]) -> list[str]:
    """The words of ``rest`` that are arguments, not options or option values."""
    found, skip = [], False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("-") and len(word) > 1 and not _number(word):
            option = find_option(command, word.split("=", 1)[0])
            skip = option is not None and not option.is_flag and "=" not in word
        else:
            found.append(word)
    return found


def argument_at(command: Any, index: int) -> Any | None:
    """The argument parameter that the ``index``-th positional word fills (a variadic one takes the rest)."""
    for param in arguments(command):
        if param.nargs == -1 or index < param.nargs:
            return param
        index -= param.nargs
    return None


def matching(words: Iterable[str], text: str) -> list[str]:
    return [f"{word} " for word in dict.fromkeys(words) if word.startswith(text)]


def _number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True
