"""The program's outputs on a fixed corpus equal the committed snapshots, record for record (see
``tests/golden_snapshots.py``; ``make golden`` rewrites them and prints what changed)."""

from __future__ import annotations

import pytest

from . import golden_snapshots
from .conftest import ParsedCorpus


@pytest.fixture(scope="module")
def golden_tables(parsed_corpus: ParsedCorpus) -> dict[str, list[str]]:
    return golden_snapshots.dump(parsed_corpus.dossier, parsed_corpus.folder)


@pytest.mark.parametrize("table", list(golden_snapshots.TABLES))
def test_table_equals_its_snapshot(golden_tables: dict[str, list[str]], table: str) -> None:
    assert (golden_snapshots.SNAPSHOTS / f"{table}.jsonl.gz").exists(), f"no snapshot of {table}: run `make golden`"
    expected = golden_snapshots.read_snapshot(table)
    diff = golden_snapshots.table_diff(expected, golden_tables[table], examples=5)
    assert golden_tables[table] == expected, f"{table} differs from its snapshot (`make golden` rewrites it):\n" + \
        "\n".join(diff)


def test_the_diff_names_added_removed_and_changed_records() -> None:
    old = ['{"id": "a", "x": 1}', '{"id": "b", "x": 2}']
    new = ['{"id": "a", "x": 1}', '{"id": "b", "x": 3}', '{"id": "c", "x": 4}']
    report = golden_snapshots.table_diff(old, new)
    assert report[0] == "1 added, 0 removed, 1 changed"
    assert any(line.startswith("  + ") and '"c"' in line for line in report)
    assert any(line.startswith("  ~ b: x: 2 -> 3") for line in report)
    assert golden_snapshots.table_diff(old, old) == []
