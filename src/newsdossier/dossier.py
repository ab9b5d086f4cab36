"""The Python API: a dossier is one database of articles with the ways to fill and read it.

The CLI is a thin shell over this class; anything a command can do, a script can do by calling the same
method.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

# facts_query imports extraction_store, whose tables must be registered before store.connect creates the schema
from newsdossier import engines
from newsdossier.engines import Executor
from newsdossier.ingest.anchor import AnchorInput, anchor_publication_dates
from newsdossier.ingest.dedup import DedupItem, Fingerprint, PassageRef, group_duplicates, shared_passages
from newsdossier.ingest.process import ProcessedArticle, process_batch
from newsdossier.ingest.readers import InputFile, find_inputs, read_inputs
from newsdossier.models import RawDocument, Reject
from newsdossier.nlp.analyse import run_extraction
from newsdossier.store import base as store
from newsdossier.store import resolution as resolution_store
from newsdossier.store.reads import articles as query
from newsdossier.store.reads import facts as facts_query
from newsdossier.store.reads.facts import ActorFilter, FactFilter

# Articles per transaction: large enough that commits are not the bottleneck, small enough that a kill loses
# at most a few seconds of work (which the next run redoes).
BATCH_SIZE = 64


class IngestProgress(Protocol):
    """What an ingest reports while it runs (the CLI draws a progress bar from it)."""

    def start(self, total_bytes: int) -> None: ...
    def advance(self, consumed_bytes: int) -> None: ...
    def rejected(self, reject: Reject) -> None: ...
    def extracting(self, total_articles: int) -> None: ...
    def extracted(self) -> None: ...


class _Silent:
    def start(self, total_bytes: int) -> None:
        pass

    def advance(self, consumed_bytes: int) -> None:
        pass

    def rejected(self, reject: Reject) -> None:
        pass

    def extracting(self, total_articles: int) -> None:
        pass

    def extracted(self) -> None:
        pass


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; ``rejects`` holds this run's rejects with their reasons."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    same_as_stored: int = 0
    rejects: list[Reject] = field(default_factory=list)
    duplicates: int = 0
    duplicate_groups: int = 0
    shared_passages: int = 0
    extracted: int = 0
    extraction_failed: int = 0
    actors: int = 0
    consolidated_events: int = 0
    contradictions: int = 0
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "unchanged": self.unchanged,
            "same_as_stored": self.same_as_stored, "rejected": self.rejected,
            "duplicates": self.duplicates, "duplicate_groups": self.duplicate_groups,
            "shared_passages": self.shared_passages, "extracted": self.extracted,
            "extraction_failed": self.extraction_failed, "actors": self.actors,
            "consolidated_events": self.consolidated_events, "contradictions": self.contradictions,
            "seconds": round(self.seconds, 2),
            "rejects": [{"source": r.source, "reason": r.reason} for r in self.rejects],
        }


class Dossier:
    """A database of articles. Open one with :func:`newsdossier.open`."""

    def __init__(self, path_or_url: str | Path = store.DEFAULT_DB) -> None:
        self.url = store.database_url(path_or_url)
        self.engine: Engine = store.connect(path_or_url)

    def __repr__(self) -> str:
        return f"Dossier({self.url!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Dossier:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- writing -------------------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: IngestProgress | None = None, *, workers: int = 1,
               extract: bool = True, engine: Executor | None = None) -> IngestReport:
        """Read files and folders, store new articles, recompute duplicate groups, then extract facts.

        Inputs already stored with the same bytes are skipped, so running the same ingest twice adds nothing;
        a run killed half-way resumes from its last committed batch (articles not yet extracted are extracted
        by the next run). Cleaning, parsing and extraction run on ``engine`` (see :mod:`newsdossier.engines`;
        default: the local engine with ``workers`` processes); reading, duplicate detection and every write
        happen here, in input order, so every engine stores the same rows.
        """
        progress = progress or _Silent()
        started = time.perf_counter()
        report = IngestReport()
        runner = engine or engines.LocalEngine(workers)
        try:
            inputs, missing = find_inputs(paths)
            missing_rows: list[tuple[str, str, str | None]] = []
            for reject in missing:
                self._reject(reject, None, report, progress, missing_rows)
            store.write_batch(self.engine, [], [], missing_rows)
            progress.start(sum(item.size for item in inputs))
            for batch, results in runner.map(process_batch, self._new_inputs(inputs, report, progress)):
                self._write(list(zip(batch, results, strict=True)), report, progress)
            self._recompute_anchored_dates()
            self._recompute_duplicates(report)
            if extract:
                report.extracted, report.extraction_failed = run_extraction(
                    self.engine, runner=runner, on_article=progress.extracted, on_start=progress.extracting
                )
            self._recompute_resolution(report)
        finally:
            if engine is None:
                runner.close()
        report.seconds = time.perf_counter() - started
        return report

    def _new_inputs(self, inputs: list[InputFile], report: IngestReport,
                    progress: IngestProgress) -> Iterator[list[RawDocument | Reject]]:
        """Batches of inputs not stored before with the same bytes (read lazily: the corpus is never held)."""
        known = store.known_sources(self.engine)
        batch: list[RawDocument | Reject] = []
        for item in read_inputs(inputs, progress.advance):
            report.read += 1
            if isinstance(item, RawDocument) and known.get(item.source) == item.content_hash:
                report.unchanged += 1
                continue
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = []
        if batch:
            yield batch

    def _write(self, batch: list[tuple[RawDocument | Reject, ProcessedArticle | Reject | None]],
               report: IngestReport, progress: IngestProgress) -> None:
        new_articles: list[store.ArticleRow] = []
        ledger: list[store.LedgerEntry] = []
        new_rejects: list[tuple[str, str, str | None]] = []
        for item, result in batch:
            digest = item.content_hash if isinstance(item, RawDocument) else None
            outcome = result if result is not None else item
            if isinstance(outcome, Reject):
                self._reject(outcome, digest, report, progress, new_rejects)
            elif isinstance(outcome, ProcessedArticle):
                new_articles.append(outcome.row())
                ledger.append(store.LedgerEntry(outcome.document.source, outcome.document.content_hash,
                                                outcome.id, "stored"))
        inserted = store.write_batch(self.engine, new_articles, ledger, new_rejects)
        report.stored += len(inserted)
        report.same_as_stored += len(new_articles) - len(inserted)

    @staticmethod
    def _reject(reject: Reject, digest: str | None, report: IngestReport, progress: IngestProgress,
                sink: list[tuple[str, str, str | None]]) -> None:
        report.rejects.append(reject)
        progress.rejected(reject)
        sink.append((reject.source, reject.reason, digest))

    def _recompute_anchored_dates(self) -> None:
        """Undated articles get dates from dated reports of the same events (see :mod:`newsdossier.anchor`).

        Runs before duplicate detection, whose choice of original depends on dates, and only trusts dates the
        articles state themselves, so the result does not depend on the order of earlier runs.
        """
        if not store.has_undated(self.engine):
            return
        found = anchor_publication_dates(_StoredAnchorInputs(self.engine))
        store.replace_anchored_dates(self.engine, [(a.article_id, a.published.isoformat(), a.precision)
                                                   for a in found])

    def _recompute_duplicates(self, report: IngestReport) -> None:
        """Duplicate groups are derived data: recomputed from every stored article and replaced atomically."""
        items = [
            DedupItem(
                article_id=row.id,
                fingerprint=Fingerprint(
                    exact=row.exact_hash,
                    minhash=bytes(row.minhash),
                    passages=tuple((p[0], PassageRef(p[1], p[2], p[3], p[4])) for p in row.passages),
                ),
                published=dt.date.fromisoformat(row.published) if row.published else None,
                length=row.length,
                order=row.seq,
            )
            for row in store.iter_dedup_rows(self.engine)
        ]
        groups = group_duplicates(items)
        shared = shared_passages(items, groups)
        group_rows = [
            {"article_id": member.article_id, "group_id": group.original, "kind": member.kind,
             "similarity": float(member.similarity)}
            for group in groups for member in group.members
        ]
        passage_rows = [
            {"passage_hash": passage.passage_hash, "article_id": article_id, "field": ref.field,
             "idx": ref.index, "start": ref.start, "end": ref.end}
            for passage in shared for article_id, ref in passage.occurrences
        ]
        store.replace_duplicates(self.engine, group_rows, passage_rows)
        report.duplicate_groups = len(groups)
        report.duplicates = sum(len(group.members) - 1 for group in groups)
        report.shared_passages = len(shared)

    def _recompute_resolution(self, report: IngestReport) -> None:
        """Actors, consolidated events and contradictions are derived from every stored fact, like duplicate
        groups, and replaced atomically (see :mod:`newsdossier.resolution_store`)."""
        counts = resolution_store.recompute(self.engine)
        report.actors = counts["actors"]
        report.consolidated_events = counts["consolidated_events"]
        report.contradictions = counts["contradictions"]

    # ---- reading -------------------------------------------------------------------------------------------
    def articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Stored articles (contract: id, source, title, author, outlet, published, published_precision, text,
        captions, duplicate_of, ...)."""
        return query.iter_articles(self.engine, limit=limit, offset=offset)

    def duplicates(self) -> list[dict[str, Any]]:
        return query.duplicate_groups(self.engine)

    def passages(self) -> list[dict[str, Any]]:
        return query.shared_passages(self.engine)

    def rejects(self) -> list[dict[str, Any]]:
        return query.list_rejects(self.engine)

    def stats(self) -> dict[str, int]:
        return {**query.stats(self.engine), **facts_query.fact_counts(self.engine),
                **facts_query.resolution_counts(self.engine)}

    def events(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        """Events (contract: id, cameo, plover, source, target (each with the resolved actor ``id``),
        date_start, date_end, date_precision, place, negated, hedged, evidence [{article, field, start, end,
        sentence}], event (the consolidated event it reports), reports (articles reporting that event),
        sources (independent sources among them))."""
        return facts_query.iter_events(self.engine, where or FactFilter())

    def quotes(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        return facts_query.iter_quotes(self.engine, where or FactFilter())

    def roles(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        return facts_query.iter_roles(self.engine, where or FactFilter())

    def memberships(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        return facts_query.iter_memberships(self.engine, where or FactFilter())

    def actors(self, where: ActorFilter | None = None) -> Iterator[dict[str, Any]]:
        """Resolved actors, most mentioned first (contract: id, name, kind, country, variants [names],
        variant_counts, roles [{title, of, from, to, evidence}], mentions)."""
        return facts_query.iter_actors(self.engine, where or ActorFilter())

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor (as in :meth:`actors`) with ``facts``: how many facts of each kind name it."""
        return facts_query.get_actor(self.engine, actor_id)

    def network(self, actor_id: str | None = None, *, limit: int | None = 50) -> list[dict[str, Any]]:
        """Who acts on whom: resolved (source, target) actor pairs with their event counts, most frequent first
        (contract: source {id, name}, target {id, name}, events); ``actor_id`` keeps that actor's events."""
        return facts_query.network(self.engine, actor_id, limit)

    def contradictions(self, where: ActorFilter | None = None) -> Iterator[dict[str, Any]]:
        """Facts sources disagree on (contract: id, about, kind, subject, claims [{value, evidence [{article,
        field, start, end}]}])."""
        return facts_query.iter_contradictions(self.engine, where or ActorFilter())


class _StoredAnchorInputs:
    """Every stored article as anchoring input, streamed from the store again on each iteration.

    Anchoring reads the corpus twice; streaming it each time keeps memory flat however large the corpus is.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __iter__(self) -> Iterator[AnchorInput]:
        for row in store.iter_anchor_rows(self._engine):
            yield AnchorInput(
                article_id=row.id,
                paragraphs=[*row.text.split("\n\n"), *(caption["text"] for caption in row.captions)],
                published=(dt.date.fromisoformat(row.published)
                           if row.published and row.published_method != store.ANCHORED else None),
            )


def open(path_or_url: str | Path = store.DEFAULT_DB) -> Dossier:
    """Open (creating if needed) the dossier at a file path or database URL."""
    return Dossier(path_or_url)


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, default=str)


def reason_counts(rejects: Iterable[Reject]) -> Counter[str]:
    """Group reject reasons by their general kind (text before any parenthesis) for summaries."""
    return Counter(reject.reason.split(" (")[0] for reject in rejects)
