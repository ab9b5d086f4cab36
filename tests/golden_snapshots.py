"""Golden snapshots: every table of a fixed corpus, dumped through the public reads, kept in ``tests/golden/``.

The corpus is the five sample articles and the first 300 records of the shared news corpus. Each table is written
as sorted, gzipped JSONL (one record per line, keys sorted), so a change of output shows up record by record.
``python -m tests.golden_snapshots`` (``make golden``) re-ingests the corpus, prints a per-table diff against the
committed snapshots (records added, removed, changed, with examples) and rewrites them; ``--check`` only prints.

Left out of the records, because they are not outputs of the pipeline: ``rejected_at`` (the clock) and the folder
the corpus was copied to (replaced by ``<corpus>`` in every string).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsdossier.dossier import Dossier

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
NEWS_CORPUS = SHARED / "eval" / "news_corpus.jsonl"
SNAPSHOTS = Path(__file__).resolve().parent / "golden"
CORPUS_RECORDS = 300

# Fields that are not outputs of the pipeline (see the module docstring).
LEFT_OUT = {"rejects": ("rejected_at",)}

TABLES: dict[str, Callable[[Dossier], Iterator[dict[str, Any]] | list[dict[str, Any]]]] = {
    "articles": lambda d: d.articles(),
    "duplicates": lambda d: d.duplicates(),
    "passages": lambda d: d.passages(),
    "rejects": lambda d: d.rejects(),
    "events": lambda d: d.events(),
    "quotes": lambda d: d.quotes(),
    "roles": lambda d: d.roles(),
    "memberships": lambda d: d.memberships(),
    "actors": lambda d: d.actors(),
    "contradictions": lambda d: d.contradictions(),
}


def available() -> bool:
    return SEEDS.is_dir() and NEWS_CORPUS.is_file()


def write_corpus(folder: Path) -> list[Path]:
    """The golden corpus as files in ``folder``: the sample articles and a JSONL of the first corpus records."""
    seeds = folder / "seeds"
    seeds.mkdir()
    for path in sorted(SEEDS.iterdir()):
        (seeds / path.name).write_bytes(path.read_bytes())
    with NEWS_CORPUS.open(encoding="utf-8") as source:
        head = [next(source) for _ in range(CORPUS_RECORDS)]
    corpus = folder / "news_corpus_head.jsonl"
    corpus.write_text("".join(head), encoding="utf-8")
    return [seeds, corpus]


def _scrub(value: Any, folder: str) -> Any:
    if isinstance(value, str):
        return value.replace(folder, "<corpus>")
    if isinstance(value, list):
        return [_scrub(item, folder) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, folder) for key, item in value.items()}
    return value


def dump(dossier: Dossier, folder: Path) -> dict[str, list[str]]:
    """Every table as sorted JSON lines, with the left-out fields removed and the corpus folder replaced."""
    tables: dict[str, list[str]] = {}
    for name, read in TABLES.items():
        lines = []
        for record in read(dossier):
            kept = {key: value for key, value in record.items() if key not in LEFT_OUT.get(name, ())}
            lines.append(json.dumps(_scrub(kept, str(folder)), sort_keys=True, ensure_ascii=False))
        tables[name] = sorted(lines)
    return tables


def build(scratch: Path) -> dict[str, list[str]]:
    """Ingest the golden corpus into a new SQLite dossier in ``scratch`` and dump it (the tests share one such
    ingest: the ``parsed_corpus`` fixture)."""
    inputs = write_corpus(scratch)
    with Dossier(scratch / "golden.db") as dossier:
        dossier.ingest(inputs)
        return dump(dossier, scratch)


def read_snapshot(name: str) -> list[str]:
    path = SNAPSHOTS / f"{name}.jsonl.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


def write_snapshot(name: str, lines: list[str]) -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    # mtime=0 keeps the gzip bytes the same for the same records, so unchanged tables make no git change.
    with (SNAPSHOTS / f"{name}.jsonl.gz").open("wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write("".join(line + "\n" for line in lines).encode("utf-8"))


def _key(line: str) -> str:
    record = json.loads(line)
    return str(record.get("id", line))


def table_diff(old: list[str], new: list[str], examples: int = 2) -> list[str]:
    """A few lines saying how ``new`` differs from ``old``: records added, removed and changed (same id)."""
    old_by_key = {_key(line): line for line in old}
    new_by_key = {_key(line): line for line in new}
    added = [key for key in new_by_key if key not in old_by_key]
    removed = [key for key in old_by_key if key not in new_by_key]
    changed = [key for key in new_by_key if key in old_by_key and new_by_key[key] != old_by_key[key]]
    if not (added or removed or changed):
        return []
    report = [f"{len(added)} added, {len(removed)} removed, {len(changed)} changed"]
    report += [f"  + {new_by_key[key][:200]}" for key in added[:examples]]
    report += [f"  - {old_by_key[key][:200]}" for key in removed[:examples]]
    for key in changed[:examples]:
        before, after = json.loads(old_by_key[key]), json.loads(new_by_key[key])
        fields = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        shown = "; ".join(f"{f}: {json.dumps(before.get(f))[:80]} -> {json.dumps(after.get(f))[:80]}"
                          for f in fields[:4])
        report.append(f"  ~ {key}: {shown}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the diff only; do not rewrite the snapshots")
    args = parser.parse_args(argv)
    if not available():
        print(f"golden corpus not found beside the repository ({SEEDS}, {NEWS_CORPUS})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newsdossier-golden-") as scratch:
        tables = build(Path(scratch))
    differs = False
    for name, lines in tables.items():
        diff = table_diff(read_snapshot(name), lines)
        print(f"{name}: {len(lines)} records" + (f" — {diff[0]}" if diff else ", unchanged"))
        for line in diff[1:]:
            print(line)
        differs = differs or bool(diff)
        if not args.check:
            write_snapshot(name, lines)
    return 1 if args.check and differs else 0


if __name__ == "__main__":
    sys.exit(main())
