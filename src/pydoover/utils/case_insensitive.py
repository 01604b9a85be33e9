"""A dict whose string keys ignore case, and a JSON encoder for it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any


def _fold(key: Any) -> Any:
    return key.lower() if isinstance(key, str) else key


class CaseInsensitiveDict(MutableMapping):
    """A mutable mapping that stores string keys lower-cased, so lookups ignore case.

    Example::

        d = CaseInsensitiveDict({"Pump_Speed": 10})
        d["PUMP_SPEED"]      # 10
        list(d)              # ["pump_speed"]
        CaseInsensitiveDict.from_dict({"A": {"B": 1}})["a"]["b"]  # 1 (nested dicts converted)
    """

    def __init__(self, data: Mapping | None = None, **kwargs: Any):
        self._store: dict[Any, Any] = {}
        self.update(data or {}, **kwargs)

    def __getitem__(self, key: Any) -> Any:
        return self._store[_fold(key)]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._store[_fold(key)] = value

    def __delitem__(self, key: Any) -> None:
        del self._store[_fold(key)]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._store!r})"

    def copy(self) -> CaseInsensitiveDict:
        """A shallow copy."""
        return type(self)(self._store)

    def to_dict(self) -> dict:
        """A plain dict (lower-cased keys), converting nested ``CaseInsensitiveDict`` values too."""
        return {k: v.to_dict() if isinstance(v, CaseInsensitiveDict) else v for k, v in self._store.items()}

    @classmethod
    def from_dict(cls, data: Mapping) -> CaseInsensitiveDict:
        """Build one from ``data``, converting nested dicts too."""
        return cls({k: cls.from_dict(v) if isinstance(v, dict) else v for k, v in data.items()})


class CaseInsensitiveDictEncoder(json.JSONEncoder):
    """``json.dumps(obj, cls=CaseInsensitiveDictEncoder)`` writes ``CaseInsensitiveDict`` values as objects."""

    def default(self, o: Any) -> Any:
        if isinstance(o, CaseInsensitiveDict):
            return o.to_dict()
        return super().default(o)
