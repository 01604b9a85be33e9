"""Coloured log lines on a terminal, and the one-call logging setup apps use."""

from __future__ import annotations

import logging
from collections.abc import Iterable

_RESET = "\x1b[0m"
_COLOURS = {
    logging.DEBUG: "\x1b[38;20m",  # grey
    logging.INFO: "\x1b[38;20m",  # grey
    logging.WARNING: "\x1b[33;20m",  # yellow
    logging.ERROR: "\x1b[31;20m",  # red
    logging.CRITICAL: "\x1b[31;1m",  # bold red
}


class LogFormatter(logging.Formatter):
    """Format records as ``time - logger - LEVEL - message (file:line)``, coloured by level.

    Example::

        handler = logging.StreamHandler()
        handler.setFormatter(LogFormatter())
    """

    default_format = "%(asctime)s - %(name)s - %(levelname)s - %(message)s (%(filename)s:%(lineno)d)"

    def __init__(self, fmt: str | None = None, datefmt: str | None = None):
        super().__init__(fmt or self.default_format, datefmt)
        base = fmt or self.default_format
        self._by_level = {
            level: logging.Formatter(f"{colour}{base}{_RESET}", datefmt) for level, colour in _COLOURS.items()
        }

    def format(self, record: logging.LogRecord) -> str:
        formatter = self._by_level.get(record.levelno)
        return formatter.format(record) if formatter else super().format(record)


def setup_logging(
    debug: bool,
    formatter: logging.Formatter | None = None,
    filters: logging.Filter | Iterable[logging.Filter] | None = None,
) -> logging.Handler:
    """Send all logging to stderr through one handler, at DEBUG or INFO level; return the handler.

    Replaces the root logger's handlers. ``formatter`` defaults to :class:`LogFormatter`.

    Example::

        setup_logging(debug=os.environ.get("DEBUG") == "1")
    """
    handler = logging.StreamHandler()
    handler.setFormatter(formatter or LogFormatter())
    for log_filter in [filters] if isinstance(filters, logging.Filter) else filters or []:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.handlers.clear()
    root.addHandler(handler)
    return handler
