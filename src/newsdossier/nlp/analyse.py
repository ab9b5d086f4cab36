"""The extraction stage: parse stored articles with spaCy and run every extractor over each parsed field.

Articles are streamed from the store into one ``nlp.pipe`` call (so worker processes start once per run, not
once per batch) and results are written back in small transactions. Each article's body and each of its
captions are parsed as separate fields; roles found anywhere in the article inform the resolution of people
everywhere in it (a caption names "Tokayev", the body says he is Kazakhstan's president).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc
from sqlalchemy import Engine, select

from newsdossier.engines import Executor, LocalEngine
from newsdossier.models import ActorRef, ArticleContext, ExtractedMention, ExtractedRole
from newsdossier.nlp import model as nlp
from newsdossier.nlp.extract.events import extract_events
from newsdossier.nlp.extract.memberships import extract_memberships
from newsdossier.nlp.extract.quotes import extract_quotes
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.extract.votes import extract_votes
from newsdossier.nlp.mentions import MentionResolver
from newsdossier.store.base import articles
from newsdossier.store.facts import ArticleExtraction, pending_articles, write_extractions

log = logging.getLogger(__name__)

# Characters of one field handed to spaCy. A news story is a few thousand characters; anything past this is
# a dump the parser would need gigabytes for, and facts beyond it are not worth a crash.
MAX_FIELD_CHARS = 200_000
# Articles per write transaction.
WRITE_BATCH = 32
# Article ids fetched per read while feeding the parser.
READ_CHUNK = 200


@dataclass(frozen=True, slots=True)
class FieldMeta:
    article_id: str
    field: str
    published: dt.date | None
    title: str | None
    fields_in_article: int


def extract_article(docs: Sequence[tuple[FieldMeta, Doc]]) -> ArticleExtraction:
    """Run every extractor over the parsed fields of one article."""
    first = docs[0][0]
    result = ArticleExtraction(first.article_id)
    contexts = [ArticleContext(meta.article_id, meta.published, meta.field, meta.title) for meta, _ in docs]
    for context, (_, doc) in zip(contexts, docs, strict=True):
        result.roles.extend(extract_roles(doc, context))
    for context, (_, doc) in zip(contexts, docs, strict=True):
        resolver = MentionResolver(doc, context, result.roles)
        result.quotes.extend(extract_quotes(doc, context, resolver))
        result.events.extend(extract_events(doc, context, resolver))
        result.memberships.extend(extract_memberships(doc, context, resolver))
        field_events = [event for event in result.events if event.evidence.field == context.field]
        result.votes.extend(extract_votes(doc, context, resolver, field_events))
        result.mentions.extend(_mentions(doc, context, resolver, result.roles))
    return result


def _person_countries(roles: Sequence[ExtractedRole]) -> dict[str, str]:
    countries: dict[str, str] = {}
    for role in roles:
        country = role.person.country or (role.of.country if role.of is not None else None)
        if country:
            countries.setdefault(role.person.name, country)
    return countries


def _mentions(doc: Doc, context: ArticleContext, resolver: MentionResolver,
              roles: Sequence[ExtractedRole]) -> Iterator[ExtractedMention]:
    """Every person the resolver found (with the full name it stands for) and every registry name, with
    offsets: what cross-article actor resolution clusters."""
    countries = _person_countries(roles)
    for mention in resolver.mentions:
        first, last = doc[mention.start], doc[mention.end - 1]
        start, end = first.idx, last.idx + len(last)
        actor = ActorRef(mention.name, "person", countries.get(mention.name), start, end)
        yield ExtractedMention(doc.text[start:end], actor, mention.credit, context.article_id, context.field,
                               start, end)
    for hit in resolver.hits:
        actor = resolver.from_hit(hit)
        if actor.kind in ("country", "government", "organisation", "group"):
            yield ExtractedMention(doc.text[actor.start or 0:actor.end or 0], actor, False, context.article_id,
                                   context.field, actor.start or 0, actor.end or 0)


def _fields(row: Any) -> list[tuple[str, str]]:
    fields = [("text", row.text)]
    fields += [(f"caption:{index}", caption["text"]) for index, caption in enumerate(row.captions)
               if caption.get("text")]
    return [(name, text[:MAX_FIELD_CHARS]) for name, text in fields]


def _feed(engine: Engine, ids: Sequence[str]) -> Iterator[tuple[str, FieldMeta]]:
    columns = (articles.c.id, articles.c.text, articles.c.captions, articles.c.published, articles.c.title)
    for start in range(0, len(ids), READ_CHUNK):
        chunk = ids[start:start + READ_CHUNK]
        with engine.connect() as conn:
            rows = {row.id: row for row in conn.execute(select(*columns).where(articles.c.id.in_(chunk)))}
        for article_id in chunk:
            row = rows.get(article_id)
            if row is None:
                continue
            published = dt.date.fromisoformat(row.published) if row.published else None
            fields = _fields(row)
            for name, text in fields:
                yield text, FieldMeta(article_id, name, published, row.title, len(fields))


def _grouped(parsed: Iterable[tuple[Doc, FieldMeta]]) -> Iterator[list[tuple[FieldMeta, Doc]]]:
    current: list[tuple[FieldMeta, Doc]] = []
    for doc, meta in parsed:
        current.append((meta, doc))
        if len(current) == meta.fields_in_article:
            yield current
            current = []


def _safe_extract(docs: list[tuple[FieldMeta, Doc]]) -> ArticleExtraction:
    """One article's extractor failure is recorded on that article and never stops the run."""
    try:
        return extract_article(docs)
    except Exception as exc:
        log.warning("extraction failed for article %s: %s", docs[0][0].article_id, exc)
        return ArticleExtraction(docs[0][0].article_id, error=f"{type(exc).__name__}: {exc}")


def extract_batch(fields: Sequence[tuple[str, FieldMeta]]) -> list[ArticleExtraction]:
    """Parse a batch of whole articles' fields and extract their facts (what engines run, one batch per task).

    Only the extracted facts leave the function: parsed ``Doc`` objects never cross a process boundary, which
    is what serialising them back from spaCy's own worker processes would cost.
    """
    return [_safe_extract(docs) for docs in _grouped(nlp.parse(fields, batch_size=nlp.BATCH_SIZE))]


def _batches(fields: Iterator[tuple[str, FieldMeta]]) -> Iterator[list[tuple[str, FieldMeta]]]:
    """Cut the field stream into batches of about ``nlp.BATCH_SIZE`` fields, never splitting an article."""
    batch: list[tuple[str, FieldMeta]] = []
    for item in fields:
        if len(batch) >= nlp.BATCH_SIZE and item[1].article_id != batch[-1][1].article_id:
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


def run_extraction(engine: Engine, workers: int = 1, on_article: Callable[[], None] | None = None,
                   on_start: Callable[[int], None] | None = None,
                   runner: Executor | None = None) -> tuple[int, int]:
    """Extract facts from every article not yet extracted; returns (articles done, articles failed).

    Batches run on ``runner`` (default: the local engine with ``workers`` processes); results are written here
    in small transactions, in ingest order.
    """
    pending = pending_articles(engine)
    if on_start:
        on_start(len(pending))
    if not pending:
        return 0, 0
    own = runner is None
    executor = runner or LocalEngine(workers)
    done = failed = 0
    buffer: list[ArticleExtraction] = []
    try:
        for _, results in executor.map(extract_batch, _batches(_feed(engine, pending))):
            for result in results:
                failed += result.error is not None
                buffer.append(result)
                done += 1
                if on_article:
                    on_article()
            if len(buffer) >= WRITE_BATCH:
                write_extractions(engine, buffer)
                buffer = []
        write_extractions(engine, buffer)
    finally:
        if own:
            executor.close()
    return done, failed
