"""Helpers shared by apps and the SDK: channel diffs, sync/async dual dispatch, sensor filtering,
control loops, alarms and small dict/logging utilities. Importing it loads only the standard library.

    from pydoover.utils import apply_async_kalman_filter, map_reading, find_object_with_key
"""

from .alarm import Alarm, create_alarm
from .case_insensitive import CaseInsensitiveDict, CaseInsensitiveDictEncoder
from .change import on_change
from .deprecator import deprecated
from .diff import apply_diff, generate_diff, maybe_load_json
from .dual import call_maybe_async, maybe_async
from .event_loop import get_is_async
from .kalman import KalmanFilter1D, apply_async_kalman_filter, apply_kalman_filter
from .logs import LogFormatter, setup_logging
from .lookup import find_object_with_key, find_path_to_key
from .pid import PID
from .readings import map_reading
from .safe_call import wrap_try_except, wrap_try_except_async

__all__ = [
    "PID",
    "Alarm",
    "CaseInsensitiveDict",
    "CaseInsensitiveDictEncoder",
    "KalmanFilter1D",
    "LogFormatter",
    "apply_async_kalman_filter",
    "apply_diff",
    "apply_kalman_filter",
    "call_maybe_async",
    "create_alarm",
    "deprecated",
    "find_object_with_key",
    "find_path_to_key",
    "generate_diff",
    "get_is_async",
    "map_reading",
    "maybe_async",
    "maybe_load_json",
    "on_change",
    "setup_logging",
    "wrap_try_except",
    "wrap_try_except_async",
]
