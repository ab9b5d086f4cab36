"""Shared fixtures: paths to the sample and evaluation data beside the repository."""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language
from sqlalchemy import create_engine, make_url, text

from newsdossier.dossier import Dossier
from newsdossier.nlp import model

from . import golden_snapshots

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds_dev.json"
NEWS_CORPUS = SHARED / "eval" / "news_corpus.jsonl"
DUP_PAIRS = SHARED / "eval" / "news_corpus_dup_pairs.jsonl"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (sample data lives beside the repository)")
    return path


def load_eval(name: str) -> ModuleType:
    """One of the evaluation scripts in ``eval/`` as a module (they are scripts, not a package)."""
    folder = str(REPO / "eval")
    if folder not in sys.path:
        sys.path.insert(0, folder)  # the scripts import one another
    spec = importlib.util.spec_from_file_location(name, REPO / "eval" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def english() -> Language:
    """The English spaCy pipeline with the package's components, loaded once for the whole run."""
    return model.load()


@pytest.fixture
def seeds_dir() -> Path:
    return require(SEEDS)


# ---- database backends ---------------------------------------------------------------------------------------
# Storage, API and web tests run on SQLite and, when this variable holds a server URL
# (postgresql+psycopg://user@127.0.0.1:PORT/postgres; `.ci/run` starts one), on PostgreSQL too.
PG_URL_ENV = "NEWSDOSSIER_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]
DEMO_CORPUS = REPO / "src" / "newsdossier" / "data" / "demo"


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """A new empty database on ``backend``: a file in ``folder``, or a database created on the test server."""
    if backend == "sqlite":
        yield str(folder / "dossier.db")
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"{PG_URL_ENV} is not set (no PostgreSQL server for the tests)")
    name = f"newsdossier_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_dossier(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dossier]:
    """The bundled demo corpus ingested once per backend."""
    with fresh_database(request.param, tmp_path_factory.mktemp(f"demo-{request.param}")) as url:
        dossier = Dossier(url)
        report = dossier.ingest([DEMO_CORPUS])
        assert report.stored == 6 and report.rejected == 0 and report.extraction_failed == 0
        yield dossier
        dossier.close()


@pytest.fixture(scope="session")
def seeds_dossier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dossier]:
    """The five sample articles ingested once (SQLite): several spellings per person, events reported by
    several articles, and sources that disagree."""
    folder = require(SEEDS)
    dossier = Dossier(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    report = dossier.ingest([folder])
    assert report.stored == 5 and report.extraction_failed == 0
    yield dossier
    dossier.close()


@dataclass(frozen=True)
class ParsedCorpus:
    """The golden corpus ingested once: the sample articles and the first corpus records (tests/golden_snapshots)."""

    dossier: Dossier
    folder: Path


@pytest.fixture(scope="session")
def parsed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ParsedCorpus]:
    """One parsed corpus for the whole run, shared by the golden test and every gate that needs parses, so adding
    a gate adds no parsing."""
    if not golden_snapshots.available():
        pytest.skip("the golden corpus lives beside the repository (../shared)")
    folder = tmp_path_factory.mktemp("parsed-corpus")
    inputs = golden_snapshots.write_corpus(folder)
    dossier = Dossier(folder / "golden.db")
    dossier.ingest(inputs)
    yield ParsedCorpus(dossier, folder)
    dossier.close()
