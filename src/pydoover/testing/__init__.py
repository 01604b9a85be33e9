"""Helpers for testing apps and tools against real local bridges."""

from .bridges import LocalBridges

__all__ = ["LocalBridges"]
