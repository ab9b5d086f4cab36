"""Quote extraction on the seed articles against the hand-made gold, beside textacy's direct quotations.

    python eval/eval_quotes.py [--seeds ../shared/corpus/seeds] [--gold ../shared/gold/seeds_dev.json]
                               [--show-extra/--no-show-extra] [--raw]

Each seed covered by the gold (000, 001, 002) is parsed: through ``newsdossier.clean.clean_text`` when that
exists (captions are parsed too, only for the roles they state), else the raw file split into paragraphs on
blank lines. ``extract_quotes`` runs with the real
``MentionResolver`` when it is importable, else with a small stand-in (PERSON entities only, last one before a
pronoun) so the rest can be measured while the resolver is being written; the header says which was used.

Scored per gold quote (doc, speaker id, ``starts`` = its first words):

- found: some extracted quote's text contains ``starts`` (quote marks, ellipses and spaces normalised);
- speaker correct: the found quote's speaker name shares its surname with one of the gold speaker's variants.

textacy's ``textacy.extract.triples.direct_quotations`` is scored the same way on the same parses (its
speaker is a list of tokens, often a bare pronoun, which counts as wrong). Extracted quotes that match no gold
quote are listed so scare quotes and false attributions can be checked by eye.

``evaluate(seeds, gold)`` returns the numbers as a dict, for tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsdossier.models import ActorRef, ArticleContext, ExtractedQuote
from newsdossier.nlp import model as nlp
from newsdossier.nlp.extract.quotes import extract_quotes

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
GOLD = REPO.parent / "shared" / "gold" / "seeds_dev.json"
_QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„«»"} | {c: "'" for c in "‘’‚"})


@dataclass(frozen=True, slots=True)
class Found:
    """One extracted quote reduced to what is scored: its text and its speaker's name."""

    text: str
    speaker: str | None
    direct: bool = True


def normalise(text: str) -> str:
    """Quote marks unified, "..." and "…" the same, spaces collapsed, case folded."""
    text = text.translate(_QUOTE_MARKS).replace("...", "…")
    text = re.sub(r"\s*…\s*", " … ", text)
    return " ".join(text.split()).casefold()


def surname(name: str) -> str:
    words = re.findall(r"[\w’'-]+", name)
    return words[-1].casefold() if words else ""


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    captions: list[str]
    published: dt.date | None
    source: str


def read_article(path: Path, raw_only: bool = False) -> Article:
    """Body text, captions and publication date, through the cleaner when it exists, else raw paragraphs."""
    raw = path.read_text(encoding="utf-8")
    try:
        clean = None if raw_only else importlib.import_module("newsdossier.ingest.clean")
    except ImportError:
        clean = None
    if clean is not None and hasattr(clean, "clean_text"):
        cleaned = clean.clean_text(raw)
        return Article(cleaned.text, [c.text for c in cleaned.captions], cleaned.published, "clean_text")
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", raw)]
    return Article("\n\n".join(block for block in blocks if block), [], None, "raw paragraphs")


class StandInResolver:
    """Only for measuring before ``newsdossier.resolver`` lands: PERSON entities, nothing else."""

    def __init__(self, doc: Doc) -> None:
        self.people = [ent for ent in doc.ents if ent.label_ == "PERSON"]

    def actor(self, span: Span) -> ActorRef | None:
        ent = next((e for e in self.people if e.start < span.end and span.start < e.end), None)
        return ActorRef(ent.text, "person", None, ent.start_char, ent.end_char) if ent is not None else None

    def actors_in(self, span: Span) -> list[ActorRef]:
        return [ActorRef(e.text, "person", None, e.start_char, e.end_char) for e in self.people
                if span.start <= e.start and e.end <= span.end]

    def person_before(self, token: Token, role_hint: str | None = None) -> ActorRef | None:
        before = [e for e in self.people if e.end <= token.i]
        if role_hint is not None or not before:
            return None
        ent = before[-1]
        return ActorRef(ent.text, "person", None, ent.start_char, ent.end_char)


Resolver = Callable[[Doc, ArticleContext, Sequence[Doc]], Any]


def resolver_factory() -> tuple[Resolver, str]:
    """The real resolver with the article's roles (body and captions, as the extract stage does), else the
    stand-in."""
    try:
        resolver_module = importlib.import_module("newsdossier.nlp.mentions")
    except ImportError:
        return (lambda doc, context, captions: StandInResolver(doc)), "stand-in (newsdossier.resolver missing)"
    try:
        extract_roles: Callable[[Doc, ArticleContext], list[Any]] | None = (
            importlib.import_module("newsdossier.nlp.extract.roles").extract_roles)
    except (ImportError, AttributeError):
        extract_roles = None

    def make(doc: Doc, context: ArticleContext, captions: Sequence[Doc]) -> Any:
        roles: list[Any] = []
        if extract_roles is not None:
            roles.extend(extract_roles(doc, context))
            for index, caption in enumerate(captions):
                roles.extend(extract_roles(caption, replace(context, field=f"caption:{index}")))
        return resolver_module.MentionResolver(doc, context, roles)

    name = "newsdossier.nlp.mentions.MentionResolver" + (" + facts roles" if extract_roles else "")
    return make, name


def textacy_quotes(doc: Doc) -> list[Found]:
    """textacy's direct quotations: speaker tokens joined, content as written."""
    triples = importlib.import_module("textacy.extract.triples")
    found = []
    try:
        for triple in triples.direct_quotations(doc):
            speaker = " ".join(token.text for token in triple.speaker) or None
            found.append(Found(triple.content.text.strip("“”\"‘’ "), speaker))
    except (ValueError, IndexError, RuntimeError) as exc:  # textacy raises on unbalanced marks
        print(f"  textacy failed: {type(exc).__name__}: {exc}")
    return found


def ours(quotes: Iterable[ExtractedQuote]) -> list[Found]:
    return [Found(q.text, q.speaker.name if q.speaker else None, q.direct) for q in quotes]


def score(found_by_doc: dict[str, list[Found]], gold: dict[str, Any]) -> dict[str, Any]:
    """Recall of gold quotes, speaker accuracy on the found ones, and the found quotes matching no gold quote."""
    variants = {actor["id"]: actor["variants"] for actor in gold["actors"]}
    rows, used = [], set()
    for quote in gold["quotes"]:
        start = normalise(quote["starts"])
        candidates = found_by_doc.get(quote["doc"], [])
        index = next((i for i, f in enumerate(candidates) if start in normalise(f.text)), None)
        hit = candidates[index] if index is not None else None
        if index is not None:
            used.add((quote["doc"], index))
        names = {surname(v) for v in variants.get(quote["speaker"], [])}
        correct = hit is not None and hit.speaker is not None and surname(hit.speaker) in names
        rows.append({"doc": quote["doc"], "gold": quote["speaker"], "starts": quote["starts"],
                     "found": hit is not None, "speaker": hit.speaker if hit else None, "correct": correct})
    found = sum(row["found"] for row in rows)
    correct = sum(row["correct"] for row in rows)
    extra = [(doc, f) for doc, items in found_by_doc.items() for i, f in enumerate(items) if (doc, i) not in used]
    return {"gold": len(rows), "found": found, "correct": correct, "recall": found / len(rows) if rows else 0.0,
            "speaker_accuracy": correct / found if found else 0.0, "rows": rows, "extra": extra}


def evaluate(seeds: Path = SEEDS, gold_path: Path = GOLD, raw_only: bool = False) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    model = nlp.load()
    make_resolver, resolver_name = resolver_factory()
    ours_by_doc: dict[str, list[Found]] = {}
    textacy_by_doc: dict[str, list[Found]] = {}
    text_source = ""
    for name, meta in sorted(gold["documents"].items()):
        article = read_article(seeds / name, raw_only)
        text_source = article.source
        published = article.published or dt.date.fromisoformat(meta["published"])
        doc = model(article.text)
        captions = list(model.pipe(article.captions))
        context = ArticleContext(name, published, "text", meta.get("title"))
        key = name[:3]
        ours_by_doc[key] = ours(extract_quotes(doc, context, make_resolver(doc, context, captions)))
        textacy_by_doc[key] = textacy_quotes(doc)
    return {"resolver": resolver_name, "text": text_source, "ours": score(ours_by_doc, gold),
            "textacy": score(textacy_by_doc, gold)}


def report(result: dict[str, Any], show_extra: bool) -> None:
    print(f"text: {result['text']}; resolver: {result['resolver']}\n")
    print(f"{'':10}{'gold':>6}{'found':>7}{'recall':>8}{'speaker ok':>12}{'accuracy':>10}")
    for name in ("ours", "textacy"):
        r = result[name]
        print(f"{name:10}{r['gold']:>6}{r['found']:>7}{r['recall']:>8.0%}{r['correct']:>12}{r['speaker_accuracy']:>10.0%}")
    print("\nper gold quote (ours | textacy):")
    for mine, theirs in zip(result["ours"]["rows"], result["textacy"]["rows"], strict=True):
        print(f"  {mine['doc']} {mine['gold']:<10} {_cell(mine):<28} | {_cell(theirs):<28} {mine['starts'][:50]}")
    if show_extra:
        _print_extra("ours", result["ours"]["extra"])
        _print_extra("textacy", result["textacy"]["extra"])


def _cell(row: dict[str, Any]) -> str:
    if not row["found"]:
        return "MISSED"
    mark = "ok " if row["correct"] else "BAD"
    return f"{mark} {row['speaker'] or '-'}"[:28]


def _print_extra(name: str, extra: Sequence[tuple[str, Found]]) -> None:
    print(f"\n{name}: {len(extra)} quotes not in the gold:")
    for doc, found in extra:
        kind = "direct  " if found.direct else "indirect"
        print(f"  {doc} {kind} [{found.speaker or '-'}] {found.text[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--show-extra", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--raw", action="store_true", help="parse the raw files even when the cleaner exists")
    args = parser.parse_args()
    report(evaluate(args.seeds, args.gold, args.raw), args.show_extra)


if __name__ == "__main__":
    main()
