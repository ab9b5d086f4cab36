"""Running the web app with uvicorn (imported here only).

The default host is 127.0.0.1: a dossier is served to the machine it is on unless the user asks otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

import uvicorn

from newsdossier import settings
from newsdossier.dossier import Dossier
from newsdossier.surfaces.web.app import create_app
from newsdossier.surfaces.web.security import allowed_hosts


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def build_server(dossier: Dossier, host: str | None = None, port: int | None = None,
                 log_level: str = "warning", allow_hosts: Iterable[str] = ()) -> uvicorn.Server:
    """A configured server (not started): tests run it in a thread, :func:`serve` in the foreground.

    ``host`` and ``port`` default to the ``host`` and ``port`` settings (127.0.0.1:8000). It answers requests
    whose ``Host`` is this machine, ``host`` itself or one of ``allow_hosts``.
    """
    host = host or settings.active().host
    port = port or settings.active().port
    app = create_app(dossier, hosts=allowed_hosts(host, allow_hosts))
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False)
    return uvicorn.Server(config)


def serve(dossier: Dossier, host: str | None = None, port: int | None = None,
          allow_hosts: Iterable[str] = ()) -> None:
    """Serve until interrupted (Ctrl-C)."""
    build_server(dossier, host, port, log_level="info", allow_hosts=allow_hosts).run()
