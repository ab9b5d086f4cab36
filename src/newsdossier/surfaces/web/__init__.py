"""The web surfaces: REST API and server-rendered pages in one FastAPI app (see :mod:`newsdossier.surfaces.web.app`).

Importing this package imports nothing heavy; FastAPI and Jinja2 are loaded by ``web.app`` and its routers,
uvicorn by ``web.server``, so :mod:`newsdossier.surfaces.web.actor_view` can serve exports without a web stack.
"""
