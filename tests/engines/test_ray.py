"""The Ray engine stores exactly what the local engine stores: articles, groups, passages, facts and rejects."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import newsdossier
from newsdossier import engines

from ..conftest import SEEDS, require

pytest.importorskip("ray")


def _inputs(tmp_path: Path) -> Path:
    """The sample articles, one of them twice (a duplicate group), plus inputs that must be rejected."""
    folder = tmp_path / "in"
    shutil.copytree(require(SEEDS), folder)
    first = sorted(folder.glob("*.txt"))[0]
    (folder / "copy_of_first.txt").write_text(first.read_text(encoding="utf-8") + "\nShared by a partner.\n",
                                             encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "stub.txt").write_text("Too short.\n", encoding="utf-8")
    return folder


def _contents(dossier: newsdossier.Dossier) -> dict[str, Any]:
    articles = [{key: value for key, value in article.items() if key != "sources"} for article in dossier.articles()]
    return {
        "articles": articles,
        "duplicates": dossier.duplicates(),
        "passages": dossier.passages(),
        "rejects": [(r["source"], r["reason"]) for r in dossier.rejects()],
        "events": list(dossier.events()),
        "quotes": list(dossier.quotes()),
        "roles": list(dossier.roles()),
        "memberships": list(dossier.memberships()),
    }


def test_ray_engine_stores_what_the_local_engine_stores(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    local = newsdossier.open(tmp_path / "local.db")
    local_report = local.ingest([folder])
    ray_engine = engines.create("ray", workers=2)
    try:
        assert ray_engine.workers == 2
        distributed = newsdossier.open(tmp_path / "ray.db")
        ray_report = distributed.ingest([folder], engine=ray_engine)
    finally:
        ray_engine.close()
    expected, found = _contents(local), _contents(distributed)
    assert len(expected["articles"]) == 6 and expected["duplicates"] and expected["events"]
    assert {Path(source).name for source, _ in expected["rejects"]} == {"empty.txt", "stub.txt"}
    for key in expected:
        assert found[key] == expected[key], key
    assert (ray_report.stored, ray_report.rejected, ray_report.extracted) == (
        local_report.stored, local_report.rejected, local_report.extracted)


def test_unknown_engine_and_misplaced_address_are_refused() -> None:
    with pytest.raises(engines.EngineUnavailable):
        engines.create("spark")
    with pytest.raises(engines.EngineUnavailable):
        engines.create("local", address="ray://localhost:10001")
