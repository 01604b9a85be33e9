"""From a typed line to the argv of a `doover` command: words, shortcuts, did-you-mean.

    split_words('channel publish tank {"level": 3}')   # ["channel", "publish", "tank", '{"level": 3}']
    expand(["get-di", "0"], vocabulary)                  # ["io", "get-di", "0"]
    expand(["tail", "tank"], vocabulary)                 # ["channel", "tail", "tank"]
    expand(["help", "get-di"], vocabulary)               # ["io", "get-di", "--help"]
    expand(["gte-di"], vocabulary)                       # UsageError: unknown command 'gte-di'; did you mean 'get-di'?

Words split as a POSIX shell splits them (quotes and backslashes), except that a JSON object or
array written inline (from ``{`` or ``[`` to its matching bracket) is one word, spaces, quotes and
all, so the CLI's payload arguments need no quoting. A leading ``doover`` is dropped, so a command line pasted from a terminal works as it is.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UsageError

SHORTCUT_GROUP = "io"  # its commands work without the group word: get-di 0, set-do 1 on, watch di0
ALIASES = {"tail": ("channel", "tail")}
EXIT_WORDS = ("exit", "quit")
HELP_WORD = "help"


@dataclass(frozen=True)
class Vocabulary:
    """The words a line may start with: the CLI's command groups, the shortcut group's commands,
    and the pages of `doover help` (``help exit-codes`` shows the page, not the shell's help)."""

    groups: Sequence[str]
    shortcuts: Sequence[str]
    help_pages: Sequence[str] = ()

    def first_words(self) -> list[str]:
        """Every word a line may start with, for completion and suggestions."""
        words = [*self.groups, *self.shortcuts, *ALIASES, *EXIT_WORDS]
        return sorted(dict.fromkeys(words))


def is_exit(line: str) -> bool:
    """True for a line that ends the session: ``exit`` or ``quit`` (anything after is ignored)."""
    words = line.split()
    return bool(words) and words[0] in EXIT_WORDS


def split_words(line: str) -> list[str]:
    """The words of ``line``; a usage error for an unclosed quote."""
    words, pos = [], 0
    while True:
        while pos < len(line) and line[pos].isspace():
            pos += 1
        if pos >= len(line):
            return words
        end = json_end(line, pos)
        if end is not None:
            words.append(line[pos:end])
            pos = end
            continue
        word, used = _shell_word(line[pos:])
        words.append(word)
        pos += used


def json_end(line: str, pos: int) -> int | None:
    """Where the JSON-like object or array starting at ``pos`` ends (its matching bracket, outside
    double-quoted strings), when a space or the end of the line follows it; else None. The text
    need not be valid JSON: the command that takes it reports where it is not."""
    if line[pos] not in "{[":
        return None
    depth, in_string, escaped = 0, False, False
    for end in range(pos, len(line)):
        char = line[end]
        if escaped:
            escaped = False
        elif in_string:
            escaped, in_string = char == "\\", char != '"'
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                after = end + 1
                return after if after == len(line) or line[after].isspace() else None
    return None


def _shell_word(text: str) -> tuple[str, int]:
    """The first shell word of ``text`` and how many characters it used."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split, lexer.commenters = True, ""
    try:
        word = lexer.get_token()
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        raise UsageError(f"cannot split the line: {str(exc).lower()}") from None
    return word or "", lexer.instream.tell()


def expand(words: list[str], vocabulary: Vocabulary) -> list[str]:
    """The CLI argv for a line's ``words`` (without ``doover``); a usage error for an unknown first word."""
    if words and words[0] == "doover":
        words = words[1:]
    if not words:
        raise UsageError("give a command after doover")
    head, rest = words[0], words[1:]
    if head == HELP_WORD and rest and rest[0] not in vocabulary.help_pages:
        return [*expand(rest, vocabulary), "--help"]
    if head in vocabulary.groups:
        return words
    if head in vocabulary.shortcuts:
        return [SHORTCUT_GROUP, *words]
    if head in ALIASES:
        return [*ALIASES[head], *rest]
    if head == "shell":
        raise UsageError("this is the doover shell already")
    raise UsageError(unknown_text(head, vocabulary.first_words()))


def unknown_text(word: str, known: Sequence[str]) -> str:
    """``unknown command 'gte-di'; did you mean 'get-di'? (`help` lists the commands)``."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown command {word!r}{hint} (`help` lists the commands)"
