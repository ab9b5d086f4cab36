"""Roles and memberships found in the seed articles 000-002 against the hand-made gold
(``shared/gold/seeds_dev.json``).

    PYTHONPATH=src .venv/bin/python eval/eval_facts.py [--gold ../shared/gold/seeds_dev.json]
                                                       [--seeds ../shared/corpus/seeds] [--list]

Each article is cleaned with ``newsdossier.clean`` when that module is there (body and captions become
separate fields, as in the pipeline); otherwise every non-empty line of the raw file is its own paragraph
and credit lines ("A | Getty Images") are dropped. Roles are read from all fields first and every field's
resolver gets them, as ``newsdossier.extract`` does.

Memberships: the gold lists, per organisation, its members, former and suspended members. Extracted
memberships of the gold documents are compared as (organisation, status, ISO3) triples, per organisation
and status: recall = gold triples found, precision = extracted triples that are gold. An extracted
"non-member" counts as wrong only when the gold gives that state another status; organisations the gold
does not list are reported apart (the gold is not exhaustive).

Roles: for every gold person and every gold document they appear in, the people the resolver finds in that
document (mentions matched by the gold's name variants, surname included) must carry the gold country
(``None`` for the analysts: no country is right). Printed: the share of (person, document) pairs whose
country is right, the share with a role extracted at all, and the share whose title matches the gold role.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdossier.lexicon import registry as actors
from newsdossier.models import ArticleContext, ExtractedMembership, ExtractedRole
from newsdossier.nlp import model as nlp
from newsdossier.nlp.extract.memberships import extract_memberships
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.mentions import MentionResolver, title_key

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seeds_dev.json"
SEEDS = SHARED / "corpus" / "seeds"
DOCS = ("000", "001", "002")
STATUSES = {"members": "member", "former": "former", "suspended": "suspended"}


def fields_of(text: str) -> list[tuple[str, str]]:
    """(field name, text) pairs of an article: the cleaner's fields when it exists, else the raw lines."""
    try:
        from newsdossier.ingest import clean
    except ImportError:
        lines = [line.strip() for line in text.splitlines() if line.strip() and " | " not in line]
        return [("text", "\n\n".join(lines))]
    article = clean.clean_text(text)
    fields = [("text", article.text)]
    fields += [(f"caption:{i}", caption.text) for i, caption in enumerate(article.captions) if caption.text]
    return fields


@dataclass
class Article:
    doc_id: str
    roles: list[ExtractedRole]
    memberships: list[ExtractedMembership]
    resolvers: list[MentionResolver]


def read_article(doc_id: str, text: str, published: dt.date | None) -> Article:
    parsed = [(name, nlp.load()(body)) for name, body in fields_of(text)]
    contexts = [ArticleContext(doc_id, published, name) for name, _ in parsed]
    roles = [role for context, (_, doc) in zip(contexts, parsed, strict=True)
             for role in extract_roles(doc, context)]
    memberships, resolvers = [], []
    for context, (_, doc) in zip(contexts, parsed, strict=True):
        resolver = MentionResolver(doc, context, roles)
        resolvers.append(resolver)
        memberships.extend(extract_memberships(doc, context, resolver))
    for role in roles:
        _check_evidence(role.evidence.sentence, parsed, role.evidence.field, role.evidence.start)
    return Article(doc_id, roles, memberships, resolvers)


def _check_evidence(sentence: str, parsed: list[tuple[str, Any]], field: str, start: int) -> None:
    text = dict((name, doc.text) for name, doc in parsed)[field]
    assert text[start:start + len(sentence)] == sentence, "evidence offsets do not index the field"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def matches(name: str, variants: list[str]) -> bool:
    """A found name is a gold person when it equals a variant or shares its last word with one."""
    folded = fold(name)
    return any(folded == fold(v) or folded.split()[-1:] == fold(v).split()[-1:] for v in variants)


def score(found: set[Any], gold: set[Any]) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


def fmt(hit: int, found: int, gold: int) -> str:
    precision = f"{hit / found:.2f}" if found else "  - "
    recall = f"{hit / gold:.2f}" if gold else "  - "
    return f"P {precision} ({hit}/{found})  R {recall} ({hit}/{gold})"


def org_name(key: str) -> str:
    actor = actors.lookup(key)
    return actor.name if actor is not None else key


def eval_memberships(gold: dict[str, Any], articles: dict[str, Article], show: bool) -> tuple[int, int, int]:
    gold_triples: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, entry in gold["memberships"].items():
        for field, status in STATUSES.items():
            gold_triples[(org_name(key), status)].update(entry.get(field, ()))
    other_status = {(org, iso3): status for (org, status), codes in gold_triples.items() for iso3 in codes}
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article in articles.values():
        for fact in article.memberships:
            if fact.member.country:
                found[(fact.organisation.name, fact.status)].add(fact.member.country)
            if show:
                print(f"  {article.doc_id} {fact.organisation.name:10} {fact.member.country} {fact.status:10} "
                      f"| {fact.evidence.sentence[:80]!r}")
    gold_orgs = {org for org, _ in gold_triples}
    totals = [0, 0, 0]
    print("memberships (gold documents)")
    for org in sorted(gold_orgs):
        for status in STATUSES.values():
            expected = gold_triples.get((org, status), set())
            got = found.get((org, status), set())
            if not expected and not got:
                continue
            hit, n_found, n_gold = score(got, expected)
            print(f"  {org:10} {status:10} {fmt(hit, n_found, n_gold)}"
                  f"{'  missing ' + ','.join(sorted(expected - got)) if expected - got else ''}"
                  f"{'  extra ' + ','.join(sorted(got - expected)) if got - expected else ''}")
            totals = [totals[0] + hit, totals[1] + n_found, totals[2] + n_gold]
        wrong = {iso3 for iso3 in found.get((org, "non-member"), set()) if (org, iso3) in other_status}
        if wrong:
            print(f"  {org:10} non-member wrong: {','.join(sorted(wrong))}")
            totals[1] += len(wrong)
    others = sorted({(org, status) for org, status in found if org not in gold_orgs})
    for org, status in others:
        print(f"  (not in gold) {org} {status}: {','.join(sorted(found[(org, status)]))}")
    print(f"  all gold organisations: {fmt(*totals)}")
    return totals[0], totals[1], totals[2]


def person_countries(article: Article, variants: list[str]) -> set[str | None]:
    """Countries the resolver gives the person's mentions in this article (all fields)."""
    countries: set[str | None] = set()
    for resolver in article.resolvers:
        for mention in resolver.mentions:
            if not mention.credit and matches(mention.name, variants):
                span = resolver.doc[mention.start:mention.end]
                actor = resolver.actor(span)
                countries.add(actor.country if actor is not None else None)
    return countries


def eval_roles(gold: dict[str, Any], articles: dict[str, Article], show: bool) -> None:
    pairs = right = with_role = title_right = 0
    print("roles (gold people x documents)")
    for person in gold["actors"]:
        if person.get("type") != "PERSON":
            continue
        variants = [person["canonical"], *person.get("variants", [])]
        for doc_id in person.get("docs", []):
            article = articles.get(doc_id)
            if article is None:
                continue
            pairs += 1
            countries = person_countries(article, variants)
            ok = countries == {person.get("country")} if countries else person.get("country") is None
            right += ok
            roles = [r for r in article.roles if matches(r.person.name, variants)]
            with_role += bool(roles)
            gold_title = fold(person.get("role") or "")
            titled = any(title_key(r.title) in gold_title for r in roles)
            title_right += titled
            if show or not ok:
                found_roles = "; ".join(f"{r.title} of {r.of.name if r.of else None}" for r in roles) or "-"
                print(f"  {'ok ' if ok else 'BAD'} {doc_id} {person['canonical']:26} gold {person.get('country')} "
                      f"found {sorted(countries, key=str)} roles: {found_roles}")
    print(f"  country right: {right}/{pairs} = {right / max(pairs, 1):.2f}")
    print(f"  with a role:   {with_role}/{pairs} = {with_role / max(pairs, 1):.2f}")
    print(f"  title matches: {title_right}/{pairs} = {title_right / max(pairs, 1):.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--list", action="store_true", help="print every extracted membership and person")
    args = parser.parse_args(argv)
    if not args.gold.exists() or not args.seeds.exists():
        print(f"gold or seeds missing ({args.gold}, {args.seeds})", file=sys.stderr)
        return 2
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    articles: dict[str, Article] = {}
    for path in sorted(args.seeds.glob("*.txt")):
        doc_id = path.name[:3]
        if doc_id not in DOCS:
            continue
        meta = gold["documents"].get(path.name, {})
        published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
        articles[doc_id] = read_article(doc_id, path.read_text(encoding="utf-8"), published)
    eval_memberships(gold, articles, args.list)
    eval_roles(gold, articles, args.list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
