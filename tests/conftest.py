"""Shared fixtures: paths to the sample and evaluation data beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.fixture
def seeds_dir() -> Path:
    return require(SEEDS)
