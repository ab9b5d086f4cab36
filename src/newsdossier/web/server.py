"""Running the web app with uvicorn (imported here only).

The default host is 127.0.0.1: a dossier is served to the machine it is on unless the user asks otherwise.
"""

from __future__ import annotations

import uvicorn

from ..dossier import Dossier
from .app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def build_server(dossier: Dossier, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 log_level: str = "warning") -> uvicorn.Server:
    """A configured server (not started): tests run it in a thread, :func:`serve` in the foreground."""
    config = uvicorn.Config(create_app(dossier), host=host, port=port, log_level=log_level, access_log=False)
    return uvicorn.Server(config)


def serve(dossier: Dossier, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted (Ctrl-C)."""
    build_server(dossier, host, port, log_level="info").run()
