"""How every failure reaches the user: one line on stderr, and with --json also an error object
(``{"error": ..., "code": ...}``) on stdout, with the same exit code either way.

Also the small argument rewrites the top level makes before parsing: ``doover help COMMAND`` is
``doover COMMAND --help``.
"""

from __future__ import annotations

from difflib import get_close_matches

from . import output

HELP_PAGES = ("exit-codes",)


def report(message: str, code: int, json_mode: bool) -> int:
    """Tell the user about a failure; returns ``code`` for the caller to exit with."""
    if json_mode and not output.document_written():
        print(output.dumps({"error": message, "code": code}), flush=True)
    output.error(message)
    return code


def help_alias(args: list[str]) -> list[str]:
    """``help COMMAND [SUB]`` becomes ``COMMAND [SUB] --help``; the help pages stay as they are."""
    if len(args) >= 2 and args[0] == "help" and not args[1].startswith("-") and args[1] not in HELP_PAGES:
        return [*args[1:], "--help"]
    return args


def suggestion(typo: str, names: list[str]) -> str:
    """`` Did you mean 'channel'?`` for a near miss, else an empty string."""
    matches = get_close_matches(typo, names, n=3, cutoff=0.7)
    return f" Did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""


def json_requested(args: list[str]) -> bool:
    return "--json" in args[: args.index("--")] if "--" in args else "--json" in args
