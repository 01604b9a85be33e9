"""Which bridges the dashboard talks to, and whether each is on this machine."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..endpoints import ENDPOINTS

LOCAL_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    host = host.strip("[]")
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def uri_is_local(uri: str) -> bool:
    return is_loopback(uri.rpartition(":")[0])


@dataclass(frozen=True)
class Targets:
    """Bridge URIs by endpoint name (``dda``, ``platform``, ``apps``, ``modbus``, ``camera``)."""

    uris: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_uris(cls, given: dict[str, str | None] | None = None) -> Targets:
        """``given`` URIs, and every other bridge at its default local address."""
        known = {name: uri for name, uri in (given or {}).items() if uri}
        return cls({entry.name: known.get(entry.name, entry.default_uri) for entry in ENDPOINTS})

    def __getitem__(self, bridge: str) -> str:
        return self.uris[bridge]

    def local(self, bridge: str) -> bool:
        return uri_is_local(self.uris[bridge])

    def describe(self) -> dict[str, dict]:
        """What the page shows and uses to decide when a write needs confirming."""
        return {name: {"uri": uri, "local": self.local(name)} for name, uri in self.uris.items()}
