"""Negative numbers are arguments: ``doover io set-ao 0 -5`` sets -5, it does not look for a ``-5`` option.

Click reads anything starting with ``-`` as an option. No doover option looks like a number, so
the option parser is taught to pass a token that is a number through as an argument.
"""

from __future__ import annotations

import re

from typer._click.parser import _OptionParser  # typer >= 0.29 carries click

NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE)
_process_opts = _OptionParser._process_opts


def _numbers_are_arguments(self, arg: str, state) -> None:
    if NEGATIVE_NUMBER.match(arg) and arg not in self._short_opt and self.allow_interspersed_args:
        state.largs.append(arg)
        return
    _process_opts(self, arg, state)


def install() -> None:
    _OptionParser._process_opts = _numbers_are_arguments
