"""Keep the libraries' log lines (pymodbus, gRPC) off the user's terminal unless they ask for them.

pymodbus logs every failed connect ("Failed to connect ... Repeating") and bad frames with their
bytes, gRPC's Python layer logs the streams it cancels at shutdown with a CancelledError traceback,
and gRPC's C core prints lines such as ``add_port.cc:83] Failed to add port``. The bridges already
answer each of those situations with a readable refusal, so by default the lines are dropped.

    quiet_grpc_core(verbose=False)        # before grpc is first imported
    with library_logs(verbose=False):
        asyncio.run(serve(settings))

No grpc or pymodbus import here: the point is to run before they are loaded.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

LIBRARY_LOGGERS = ("pymodbus", "grpc")
SILENT = logging.CRITICAL + 1


def quiet_grpc_core(verbose: bool) -> None:
    """Drop the C core's lines; it reads GRPC_VERBOSITY once, when grpc is imported. A user's own setting wins.

    Once grpc is loaded the setting would only reach child processes, so it is left alone.
    """
    if not verbose and "grpc" not in sys.modules:
        os.environ.setdefault("GRPC_VERBOSITY", "NONE")


@contextmanager
def library_logs(verbose: bool) -> Iterator[None]:
    """Within the block, library log lines are dropped (or, with ``verbose``, shown with every INFO line)."""
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
        root = logging.getLogger()
        saved_level = root.level
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        try:
            yield
        finally:
            root.removeHandler(handler)
            root.setLevel(saved_level)
        return
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(SILENT)
    try:
        yield
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)
