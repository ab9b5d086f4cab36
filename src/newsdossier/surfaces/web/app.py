"""The FastAPI application: REST API under ``/api/``, HTML pages elsewhere, static files and offline API docs.

Errors have one JSON shape on the API, ``{"error": {"status", "title", "detail"}}`` (``detail`` is a string,
or for invalid input the list of problems), and an HTML error page elsewhere. The Swagger UI assets are
shipped in ``static/swagger`` so ``/docs`` works without network access.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdossier import __version__
from newsdossier.dossier import Dossier
from newsdossier.surfaces.web import api, pages
from newsdossier.surfaces.web.security import HardeningMiddleware, allowed_hosts


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_body(status: int, detail: Any) -> dict[str, Any]:
    return {"error": {"status": status, "title": HTTPStatus(status).phrase, "detail": detail}}


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [str(part) for part in error.get("loc", ())], "msg": error.get("msg", ""),
             "type": error.get("type", "")} for error in exc.errors()]


def create_app(dossier: Dossier, hosts: Iterable[str] | None = None) -> FastAPI:
    """One app serving ``dossier``: the API, the pages and the docs.

    ``hosts`` are the ``Host`` names answered (default: this machine's names, see :mod:`.security`); a request
    for any other name gets 400, which is what keeps a rebinding web page out.
    """
    app = FastAPI(
        title="newsdossier",
        version=__version__,
        description="Articles, events, quotes, roles, memberships and actors of one dossier, with evidence.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.dossier = dossier

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(error_body(exc.status_code, exc.detail), status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_input(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse(jsonable_encoder(error_body(422, _problems(exc))), status_code=422)
        message = "; ".join(f"{'.'.join(p['loc'][1:]) or 'input'}: {p['msg']}" for p in _problems(exc))
        return pages.error_page(request, 422, message)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        # Swagger UI starts from a packaged script file, not FastAPI's inline one, so the page runs under the CSP.
        return pages.templates.TemplateResponse(request, "docs.html", {"openapi_url": app.openapi_url})

    app.mount("/static", StaticFiles(packages=[("newsdossier.surfaces.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(HardeningMiddleware, hosts=allowed_hosts() if hosts is None else hosts)
    return app
