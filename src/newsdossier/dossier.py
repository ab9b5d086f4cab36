"""The Python API and the one driver: a dossier is one database of articles with the ways to fill and read it.

:class:`Dossier` is the only code that moves data between the stages and the store. Each stage is a pure
function over plain records (:mod:`newsdossier.models`): reading and cleaning (``ingest``), parsing and extraction
(``nlp``), resolution and consolidation (``resolve``); the driver reads what a stage needs from the store, runs
the stage (per-document stages on an engine, by task name), and writes the stage's records back. The surfaces
(CLI, exports, web) read only through this class. The CLI is a thin shell over it: anything a command can do,
a script can do by calling the same method.
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

from newsdossier import engines, settings
from newsdossier.engines import Executor, Task
from newsdossier.ingest.anchor import AnchorInput, anchor_publication_dates
from newsdossier.ingest.dedup import DedupItem, Fingerprint, PassageRef, group_duplicates, shared_passages
from newsdossier.ingest.readers import InputFile, find_inputs, read_inputs
from newsdossier.models import ActorFilter, ArticleExtraction, ArticleRow, FactFilter, LedgerEntry, RawDocument, Reject
from newsdossier.nlp.fields import article_fields, batches
from newsdossier.resolve.derive import derive
from newsdossier.store import connection, writes
from newsdossier.store.reads import articles as article_reads
from newsdossier.store.reads import facts as fact_reads
from newsdossier.store.reads import lookup, stages
from newsdossier.store.schema import ANCHORED

# The stage functions engines run, by name (see newsdossier.engines.Task).
PROCESS_TASK = "newsdossier.ingest.process:process_batch"
EXTRACT_TASK = "newsdossier.nlp.analyse:extract_batch"



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
    warnings: list[tuple[str, str]] = field(default_factory=list)
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
            "warnings": [{"source": source, "warning": warning} for source, warning in self.warnings],
        }


class Dossier:
    """A database of articles. Open one with :func:`newsdossier.open`."""

    def __init__(self, path_or_url: str | Path = connection.DEFAULT_DB) -> None:
        self.url = connection.database_url(path_or_url)
        self.engine: Engine = connection.connect(path_or_url)

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
            writes.write_batch(self.engine, [], [], missing_rows)
            progress.start(sum(item.size for item in inputs))
            process = Task(PROCESS_TASK, settings.active())
            for batch, results in runner.map(process, self._new_inputs(inputs, report, progress)):
                self._write(list(zip(batch, results, strict=True)), report, progress)
            self._recompute_anchored_dates()
            self._recompute_duplicates(report)
            if extract:
                self._extract(runner, report, progress)
            self._recompute_resolution(report)
        finally:
            if engine is None:
                runner.close()
        report.seconds = time.perf_counter() - started
        return report

    def recompute(self, *, facts: bool = False, workers: int = 1, engine: Executor | None = None,
                  progress: IngestProgress | None = None) -> IngestReport:
        """Rebuild every derived table from the stored articles (anchored publication dates, duplicate groups and
        shared passages, facts whose inputs changed, actors, consolidated events, contradictions), as an ingest
        does at its end; with ``facts``, every article's facts are extracted again as well."""
        progress = progress or _Silent()
        started = time.perf_counter()
        report = IngestReport()
        runner = engine or engines.LocalEngine(workers)
        try:
            if facts:
                writes.forget_extractions(self.engine)
            self._recompute_anchored_dates()
            self._recompute_duplicates(report)
            self._extract(runner, report, progress)
            self._recompute_resolution(report)
        finally:
            if engine is None:
                runner.close()
        report.seconds = time.perf_counter() - started
        return report

    def _new_inputs(self, inputs: list[InputFile], report: IngestReport,
                    progress: IngestProgress) -> Iterator[list[RawDocument | Reject]]:
        """Batches of inputs not stored before with the same bytes (read lazily: the corpus is never held)."""
        known = stages.known_sources(self.engine)
        size = settings.active().ingest_batch
        batch: list[RawDocument | Reject] = []
        for item in read_inputs(inputs, progress.advance):
            report.read += 1
            if isinstance(item, RawDocument) and known.get(item.source) == item.content_hash:
                report.unchanged += 1
                continue
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _write(self, batch: list[tuple[RawDocument | Reject, ArticleRow | Reject | None]],
               report: IngestReport, progress: IngestProgress) -> None:
        new_articles: list[ArticleRow] = []
        ledger: list[LedgerEntry] = []
        new_rejects: list[tuple[str, str, str | None]] = []
        for item, result in batch:
            digest = item.content_hash if isinstance(item, RawDocument) else None
            outcome = result if result is not None else item
            if isinstance(outcome, Reject):
                self._reject(outcome, digest, report, progress, new_rejects)
            elif isinstance(outcome, ArticleRow):
                new_articles.append(outcome)
                report.warnings.extend((outcome.values["source"], warning) for warning in outcome.warnings)
                ledger.append(LedgerEntry(outcome.values["source"], outcome.content_hash, outcome.values["id"],
                                          "stored"))
        inserted = writes.write_batch(self.engine, new_articles, ledger, new_rejects)
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
        if not stages.has_undated(self.engine):
            return
        found = anchor_publication_dates(_StoredAnchorInputs(self.engine))
        writes.replace_anchored_dates(self.engine, [(a.article_id, a.published.isoformat(), a.precision)
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
            for row in stages.iter_dedup_rows(self.engine)
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
        writes.replace_duplicates(self.engine, group_rows, passage_rows)
        report.duplicate_groups = len(groups)
        report.duplicates = sum(len(group.members) - 1 for group in groups)
        report.shared_passages = len(shared)

    def _extract(self, runner: Executor, report: IngestReport, progress: IngestProgress) -> None:
        """Extract facts from every article not yet extracted at the current extractor version.

        Articles stream from the store into the engine's extraction tasks, and their facts are written back in
        small transactions, in ingest order; an article an extractor fails on is recorded with its error.
        """
        pending = stages.pending_articles(self.engine)
        progress.extracting(len(pending))
        if not pending:
            return
        fields = (item for row in stages.iter_articles_to_extract(self.engine, pending) for item in article_fields(row))
        buffer: list[ArticleExtraction] = []
        for _, results in runner.map(Task(EXTRACT_TASK, settings.active()), batches(fields)):
            for result in results:
                report.extraction_failed += result.error is not None
                report.extracted += 1
                buffer.append(result)
                progress.extracted()
            if len(buffer) >= settings.active().extraction_write_batch:
                writes.write_extractions(self.engine, buffer)
                buffer = []
        writes.write_extractions(self.engine, buffer)

    def _recompute_resolution(self, report: IngestReport) -> None:
        """Actors, consolidated events and contradictions are derived from every stored fact, like duplicate
        groups, and replaced atomically (see :mod:`newsdossier.resolve.derive`)."""
        tables = derive(stages.resolution_inputs(self.engine))
        writes.replace_resolution(self.engine, tables)
        report.actors = len(tables["actors"])
        report.consolidated_events = len({row["group_id"] for row in tables["consolidated_events"]})
        report.contradictions = len(tables["contradictions"])

    # ---- reading -------------------------------------------------------------------------------------------
    def articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Stored articles (contract: id, source, title, author, outlet, published, published_precision, text,
        captions, duplicate_of, ...)."""
        return article_reads.iter_articles(self.engine, limit=limit, offset=offset)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article with every source it was read from and its duplicate group (``None`` if unknown)."""
        return lookup.article(self.engine, article_id)

    def article_spans(self, article_id: str) -> list[dict[str, Any]]:
        """Every extracted item of one article as a span: kind, fact id, field, start, end and a short label."""
        return lookup.article_spans(self.engine, article_id)

    def search_articles(self, text: str, *, since: str | None = None, until: str | None = None,
                        limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Articles whose title or text contains ``text`` (case-insensitive), each with a snippet around the first
        hit, optionally published within ``since``..``until``."""
        return lookup.search_articles(self.engine, text, since=since, until=until, limit=limit, offset=offset)

    def article_summaries(self, *, since: str | None = None, until: str | None = None, limit: int = 50,
                          offset: int = 0) -> list[dict[str, Any]]:
        """Article summaries (no text) in ingest order, optionally by publication date range."""
        return lookup.list_articles(self.engine, since=since, until=until, limit=limit, offset=offset)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event, as in :meth:`events` (``None`` if unknown)."""
        return lookup.event(self.engine, event_id)

    def duplicates(self) -> list[dict[str, Any]]:
        return article_reads.duplicate_groups(self.engine)

    def passages(self) -> list[dict[str, Any]]:
        return article_reads.shared_passages(self.engine)

    def rejects(self) -> list[dict[str, Any]]:
        return article_reads.list_rejects(self.engine)

    def warnings(self) -> list[dict[str, Any]]:
        """Inputs that were stored after a repair, with what was repaired (contract: source, warning)."""
        return article_reads.list_warnings(self.engine)

    def stats(self) -> dict[str, int]:
        return {**article_reads.stats(self.engine), **fact_reads.fact_counts(self.engine),
                **fact_reads.resolution_counts(self.engine)}

    def events(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        """Events (contract: id, cameo, plover, source, target (each with the resolved actor ``id``),
        date_start, date_end, date_precision, place, negated, hedged, evidence [{article, field, start, end,
        sentence}], event (the consolidated event it reports), reports (articles reporting that event),
        sources (independent sources among them))."""
        return fact_reads.iter_events(self.engine, where or FactFilter())

    def quotes(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        return fact_reads.iter_quotes(self.engine, where or FactFilter())

    def roles(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        return fact_reads.iter_roles(self.engine, where or FactFilter())

    def memberships(self, where: FactFilter | None = None) -> Iterator[dict[str, Any]]:
        return fact_reads.iter_memberships(self.engine, where or FactFilter())

    def actors(self, where: ActorFilter | None = None) -> Iterator[dict[str, Any]]:
        """Resolved actors, most mentioned first (contract: id, name, kind, country, variants [names],
        variant_counts, roles [{title, of, from, to, evidence}], mentions)."""
        return fact_reads.iter_actors(self.engine, where or ActorFilter())

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor (as in :meth:`actors`) with ``facts``: how many facts of each kind name it."""
        return fact_reads.get_actor(self.engine, actor_id)

    def network(self, actor_id: str | None = None, *, limit: int | None = 50) -> list[dict[str, Any]]:
        """Who acts on whom: resolved (source, target) actor pairs with their event counts, most frequent first
        (contract: source {id, name}, target {id, name}, events); ``actor_id`` keeps that actor's events."""
        return fact_reads.network(self.engine, actor_id, limit)

    def contradictions(self, where: ActorFilter | None = None) -> Iterator[dict[str, Any]]:
        """Facts sources disagree on (contract: id, about, kind, subject, claims [{value, evidence [{article,
        field, start, end}]}])."""
        return fact_reads.iter_contradictions(self.engine, where or ActorFilter())


class _StoredAnchorInputs:
    """Every stored article as anchoring input, streamed from the store again on each iteration.

    Anchoring reads the corpus twice; streaming it each time keeps memory flat however large the corpus is.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __iter__(self) -> Iterator[AnchorInput]:
        for row in stages.iter_anchor_rows(self._engine):
            yield AnchorInput(
                article_id=row.id,
                paragraphs=[*row.text.split("\n\n"), *(caption["text"] for caption in row.captions)],
                published=(dt.date.fromisoformat(row.published)
                           if row.published and row.published_method != ANCHORED else None),
            )


def open(path_or_url: str | Path = connection.DEFAULT_DB) -> Dossier:
    """Open (creating if needed) the dossier at a file path or database URL."""
    return Dossier(path_or_url)


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, default=str)


def reason_counts(rejects: Iterable[Reject]) -> Counter[str]:
    """Group reject reasons by their general kind (text before any parenthesis) for summaries."""
    return Counter(reject.reason.split(" (")[0] for reject in rejects)
