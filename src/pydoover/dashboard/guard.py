"""Who may use the dashboard: the access token, the Host check and the cross-site check.

* Bound to loopback (the default), no token is needed, but the ``Host`` header must name a loopback
  host, so a web page on another site cannot reach the dashboard through DNS rebinding.
* Bound elsewhere, every request needs the token printed at start: the first visit carries it in the
  URL (``?token=...``); the answer sets it as a cookie and redirects to the same page without it.
* A state-changing request (anything but GET/HEAD) must be JSON, must not come from another site
  (``Sec-Fetch-Site``), and its ``Origin``, when sent, must be the dashboard's own.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from typing import cast
from urllib.parse import parse_qsl, urlencode

from .targets import is_loopback

COOKIE = "doover_dashboard_token"
SAFE_METHODS = ("GET", "HEAD")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    """ASGI middleware around the dashboard's app: ``Guard(app, token=None)`` (None: loopback only)."""

    def __init__(self, app, token: str | None = None):
        self.app = app
        self.token = token

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
        refusal = self.refusal(scope, headers)
        if refusal is not None:
            return await _plain(send, *refusal)
        if self.token is not None and self._token_in_query(scope):
            return await self._adopt_token(scope, send)
        return await self.app(scope, receive, send)

    def refusal(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """``(status, text)`` when the request must be refused, else None."""
        host = headers.get("host", "")
        if self.token is None and not is_loopback(_hostname(host)):
            return 403, f"Host {host!r} is not this machine: open the dashboard at its 127.0.0.1 address"
        if self.token is not None and not self._has_token(scope, headers):
            return 401, "This dashboard needs its access token: open the URL `doover dashboard` printed."
        if scope["method"] in SAFE_METHODS:
            return None
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return 403, "Cross-site request refused."
        origin = headers.get("origin")
        if origin is not None and origin != f"{scope.get('scheme', 'http')}://{host}":
            return 403, f"Cross-site request refused (Origin {origin!r} is not this dashboard)."
        if headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return 415, "Send the request as application/json."
        return None

    def _has_token(self, scope, headers: dict[str, str]) -> bool:
        cookie = SimpleCookie(headers.get("cookie", ""))
        given = cookie[COOKIE].value if COOKIE in cookie else self._token_in_query(scope)
        return bool(given) and secrets.compare_digest(cast(str, given), cast(str, self.token))

    @staticmethod
    def _token_in_query(scope) -> str | None:
        return dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("token")

    async def _adopt_token(self, scope, send) -> None:
        """Answer the token-bearing URL with the cookie and a redirect to the URL without it."""
        rest = [(k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1")) if k != "token"]
        location = scope["path"] + (f"?{urlencode(rest)}" if rest else "")
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rpartition(":")[0] if ":" in host else host


async def _plain(send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
