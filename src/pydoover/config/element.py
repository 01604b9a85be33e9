"""``ConfigElement``: the base of every config element (display name, default, JSON export, value)."""

from __future__ import annotations

from typing import Any, Generic, cast

from typing_extensions import TypeVar

from .checks import DefaultTypeError, WrongKindError, label, option_error, require
from .keys import NotSet, Variable, transform_key

V = TypeVar("V", default=Any)  # what ``value`` gives: Integer -> int, String -> str, ...


class ConfigElement(Generic[V]):
    """One entry of an app's config: how it is shown and exported, and the value it currently holds.

    The config key is derived from the display name (``"Pump Pin"`` -> ``pump_pin``). ``value`` is the
    value loaded from the deployment config, else the default; reading it when neither exists raises
    ``ValueError``. An element without a default is required.

    >>> from pydoover.config import ConfigElement
    >>> pin = ConfigElement("Pump Pin", default=3)
    >>> pin.value
    3
    """

    _json_type: str | None = "unknown"

    def __init__(
        self,
        display_name: str,
        *,
        default: Any = NotSet,
        description: str | None = None,
        deprecated: Any = None,
        hidden: bool = False,
        position: int | None = None,
    ) -> None:
        if not isinstance(display_name, str):
            raise option_error(type(self).__name__, "display_name", "a str", display_name, WrongKindError)
        # description, hidden and deprecated are exported as given, unchecked, as classic pydoover does
        require(
            label(type(self), display_name),
            "position",
            position,
            position is None or isinstance(position, int),
            "an int or None",
        )
        self.display_name = display_name
        self.default = default
        self.description = description
        self.deprecated = deprecated
        self.hidden = hidden
        self._key = transform_key(display_name)
        self._position = position
        self._loaded: Any = NotSet
        if default is not NotSet and default is not None and not isinstance(default, Variable):
            self._check_default(default)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.display_name!r})"

    @property
    def required(self) -> bool:
        """True when the element has no default, so the deployment config must supply it."""
        return self.default is NotSet

    @property
    def value(self) -> V:
        """The deployment value if one was loaded, else the default (a ``Variable`` default is returned as is)."""
        raw = self._loaded if self._loaded is not NotSet else self.default
        if raw is NotSet:
            raise ValueError(f"Value for {self._key} not set: the deployment config has none and there is no default")
        if isinstance(raw, Variable):
            return cast(V, raw)  # a reference resolved by the platform; rare enough not to widen every type
        return cast(V, self._convert(raw))

    @value.setter
    def value(self, data: Any) -> None:
        self.load_data(data)

    def load_data(self, data: Any) -> None:
        """Store a value from the deployment config (types are not checked here; validation is separate)."""
        self._loaded = data

    def reset(self) -> None:
        """Forget any loaded value, so ``value`` falls back to the default."""
        self._loaded = NotSet

    def to_dict(self) -> dict[str, Any]:
        """The element as a JSON-schema property, with Doover's ``x-`` extensions."""
        out: dict[str, Any] = {"title": self.display_name, "x-name": self._key, "x-hidden": self.hidden}
        if self._json_type is not None:
            out["type"] = self._json_type
        if self.description is not None:
            out["description"] = self.description
        if self.default is not NotSet:
            out["default"] = str(self.default) if isinstance(self.default, Variable) else self.default
        if self._position is not None:
            out["x-position"] = self._position
        if self.deprecated is not None:
            out["deprecated"] = self.deprecated
        out.update(self._type_schema())
        return out

    @property
    def _label(self) -> str:
        return label(type(self), self.display_name)

    @property
    def _name(self) -> str:
        """The classic name of the config key (classic apps read it, and a few set it to rename the export)."""
        return self._key

    @_name.setter
    def _name(self, key: str) -> None:
        self._key = key

    def _check_default(self, default: Any) -> None:
        """Raise :class:`DefaultTypeError` when ``default`` has the wrong type (base: anything goes).

        ``None`` is never checked: classic apps pass ``default=None`` to mean "optional, no value".
        """

    def _require_default(self, default: Any, ok: bool, expected: str) -> None:
        require(self._label, "default", default, ok, expected, DefaultTypeError)

    def _convert(self, raw: Any) -> Any:
        """Turn a stored raw value into what ``value`` returns (base: unchanged)."""
        return raw

    def _type_schema(self) -> dict[str, Any]:
        """Type-specific JSON-schema keywords, emitted after the common ones."""
        return {}
