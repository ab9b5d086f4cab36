"""Word lists, code tables and the actor registry the package ships, read once from ``data/``.

Every file under ``data/`` is read through this module, so each is parsed once per process and every
malformed line is reported the same way (:class:`~newsdossier.errors.DataError` naming the file and line).
Files start with ``#`` comment lines saying what they hold and naming their columns; blank lines and lines
starting with ``#`` are skipped everywhere. Tabular files separate columns with a tab; each cell is stripped.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from newsdossier.errors import DataError

Row = tuple[int, tuple[str, ...]]


@cache
def text(name: str) -> str:
    """The whole text of ``data/<name>``."""
    return resources.files("newsdossier").joinpath("data", name).read_text(encoding="utf-8")


@cache
def rows(name: str, columns: int | None = None) -> tuple[Row, ...]:
    """The data rows of a tab-separated file with their line numbers, cells stripped.

    With ``columns``, a row with fewer cells is a :class:`DataError`; cells beyond ``columns`` are kept.
    """
    found: list[Row] = []
    for number, line in enumerate(text(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if columns is not None and len(cells) < columns:
            raise DataError(f"data/{name}:{number}: expected {columns} tab-separated columns, found {len(cells)}")
        found.append((number, cells))
    return tuple(found)


def table(name: str, columns: int | None = None) -> tuple[tuple[str, ...], ...]:
    """The data rows of a tab-separated file (as :func:`rows`, without line numbers)."""
    return tuple(cells for _, cells in rows(name, columns))


def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The rows of a two-column file as (key, value) pairs."""
    return tuple((cells[0], cells[1]) for cells in table(name, 2))


@cache
def lines(name: str) -> tuple[str, ...]:
    """The data lines of a one-item-per-line file, stripped."""
    return tuple(line.strip() for line in text(name).splitlines() if line.strip() and not line.startswith("#"))


@cache
def word_set(name: str) -> frozenset[str]:
    """Every whitespace-separated word of a one-item-per-line file."""
    return frozenset(word for line in lines(name) for word in line.split())


@cache
def document(name: str) -> Any:
    """A JSON data file, parsed."""
    try:
        return json.loads(text(name))
    except ValueError as exc:
        raise DataError(f"data/{name}: not valid JSON ({exc})") from None
