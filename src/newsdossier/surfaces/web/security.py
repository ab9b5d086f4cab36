"""Response hardening and the Host allow-list, as one ASGI middleware in front of the whole app.

Article text is untrusted, so the pages are served under a Content-Security-Policy that allows only the package's
own scripts and styles (no inline script anywhere), are never framed, never sniffed, and send no referrer out.

The Host check closes DNS rebinding: a web page the analyst visits can point its own domain name at 127.0.0.1 and
then read the dossier with the browser's credentials of that origin. Such requests carry the attacker's name in the
``Host`` header, so only the names the server was started for are answered; anything else gets 400.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Names a server bound to this machine is reached by; the ``--host`` given and ``--allow-host`` values add to them.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

# The pages load only the package's own files; Swagger UI (``/docs``) sets style attributes from its script, which
# needs inline styles there and nowhere else.
_CSP_PAGES = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
              "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_CSP_DOCS = _CSP_PAGES.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
_FIXED_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def host_name(header: str) -> str:
    """The name part of a ``Host`` header, lower-cased, without port or IPv6 brackets (``[::1]:8000`` -> ``::1``)."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else ""
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(bound: str | None = None, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names a server answers: this machine's names, the address it is bound to, and ``extra``."""
    names = {*LOCAL_HOSTS, *(host_name(name) for name in extra if name.strip())}
    if bound and bound not in ("0.0.0.0", "::"):
        names.add(host_name(f"[{bound}]" if ":" in bound else bound))
    return frozenset(names)


class HardeningMiddleware:
    """Refuses requests for unknown hosts (400) and adds the security headers to every response."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        policy = (_CSP_DOCS if path == "/docs" else _CSP_PAGES).encode()

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", *(name for name, _ in _FIXED_HEADERS))]
                message["headers"] = [*headers, (b"content-security-policy", policy), *_FIXED_HEADERS]
            await send(message)

        if host_name(Headers(scope=scope).get("host", "")) not in self.hosts:
            response = PlainTextResponse("Invalid Host header: this server answers only the names it was started "
                                         "for (see --allow-host)", status_code=400)
            await response(scope, receive, send_hardened)
            return
        await self.app(scope, receive, send_hardened)
