"""What `help` prints in the shell: the commands by group, the shortcuts, the keys.

    print(overview(runner.tree))

The command lists come from the click tree, so a new `doover io` command shows up by itself.
Groups other than io, channel and modbus are listed by name only (building them would import
what they need, which `help` should not pay for).
"""

from __future__ import annotations

import textwrap

from .tree import CommandTree

MAIN_GROUPS = ("io", "channel", "modbus")
WIDTH = 88

TIPS = """\
Shortcuts: io commands work without `io` (get-di 0, set-do 1 on, watch di0 ai), and `tail X` is
`channel tail X`. Inline JSON needs no quotes: channel publish tank {"level": 3}
`help COMMAND` or `COMMAND --help` shows a command's options and an example.
Tab completes commands, options, pins, channels and buses; Up and Down walk the history.
Ctrl-C stops a watch or tail; Ctrl-D or `exit` leaves."""


def overview(tree: CommandTree) -> str:
    """The shell's help page."""
    lines = ["Commands (the words and options of `doover ...`, one connection per bridge):", ""]
    for name in MAIN_GROUPS:
        words = " ".join(tree.subcommands(name))
        lines.extend(textwrap.wrap(words, WIDTH, initial_indent=f"  {name:<9}", subsequent_indent=" " * 11))
    others = ", ".join(name for name in tree.groups if name not in MAIN_GROUPS)
    lines.extend(["", f"  also: {others}", "", TIPS])
    return "\n".join(lines)
