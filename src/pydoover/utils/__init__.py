"""Helpers shared by apps and the SDK: channel diffs and sync/async dual dispatch."""

from .diff import apply_diff, generate_diff, maybe_load_json
from .dual import call_maybe_async, maybe_async

__all__ = ["apply_diff", "call_maybe_async", "generate_diff", "maybe_async", "maybe_load_json"]
