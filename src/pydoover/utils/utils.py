"""The classic import path ``pydoover.utils.utils``; each helper lives in its own module now.

Prefer ``from pydoover.utils import map_reading`` (etc.) in new code.
"""

from .case_insensitive import CaseInsensitiveDict, CaseInsensitiveDictEncoder
from .change import on_change
from .dual import call_maybe_async, maybe_async
from .event_loop import get_is_async
from .logs import LogFormatter, setup_logging
from .lookup import find_object_with_key, find_path_to_key
from .readings import map_reading
from .safe_call import wrap_try_except, wrap_try_except_async

__all__ = [
    "CaseInsensitiveDict",
    "CaseInsensitiveDictEncoder",
    "LogFormatter",
    "call_maybe_async",
    "find_object_with_key",
    "find_path_to_key",
    "get_is_async",
    "map_reading",
    "maybe_async",
    "on_change",
    "setup_logging",
    "wrap_try_except",
    "wrap_try_except_async",
]
