"""The FastAPI application: REST API under ``/api/``, HTML pages elsewhere, static files and offline API docs.

Errors have one JSON shape on the API, ``{"error": {"status", "title", "detail"}}`` (``detail`` is a string,
or for invalid input the list of problems), and an HTML error page elsewhere. The Swagger UI assets are
shipped in ``static/swagger`` so ``/docs`` works without network access.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..dossier import Dossier
from . import api, pages


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_body(status: int, detail: Any) -> dict[str, Any]:
    return {"error": {"status": status, "title": HTTPStatus(status).phrase, "detail": detail}}


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [str(part) for part in error.get("loc", ())], "msg": error.get("msg", ""),
             "type": error.get("type", "")} for error in exc.errors()]


def create_app(dossier: Dossier) -> FastAPI:
    """One app serving ``dossier``: the API, the pages and the docs."""
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
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="newsdossier API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    app.mount("/static", StaticFiles(packages=[("newsdossier.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
