"""Actor resolution and event consolidation, scored.

    .venv/bin/python eval/eval_actors.py [--shared ../shared] [--skip-ecb] [--list]

1. Dev gold people: the five sample articles go through the real ingest (clean, extract, resolve) into a
   temporary database; every person mention (photo credits and bylines excluded by the pipeline) that the
   gold names gets the gold actor as its label: documents 000-002 by the variants in
   ``shared/gold/seeds_dev.json``, documents 003-004 by ``eval/gold/seeds_people_003_004.json``. B-cubed
   precision/recall/F1 of the resolved actor ids over those mentions; each ``must_not_merge`` pair must end
   in different actors; no photo credit may be an actor.
2. ECB+ named participants (``shared/eval/ecbplus_coref.jsonl``): HUMAN_PART_PER and HUMAN_PART_ORG
   mentions in the annotated sentences that carry a cross-document chain and are written as names (every
   word capitalised apart from connectors). People are clustered by ``newsdossier.resolve.cluster_people``
   (the same code as the pipeline, names only: ECB+ gives no roles or countries); organisations, which the
   pipeline resolves through its registry only, by registry identity, else a folded name without company
   suffixes, an acronym or the last word of a longer name in the same scope (``_cluster_orgs`` here).
   B-cubed within each topic (the usual ECB+ setting) and over all documents at once, with exact-string
   clustering beside each.
3. Dev gold events reported by more than one article: found when one consolidated event has reports from
   at least two of the gold documents, a CAMEO root of the gold codes and actor countries in the gold set;
   its ``reports`` and ``sources`` are printed.
4. With ``--corpus-db DB`` (a dossier already ingested, e.g. ``newsdossier ingest
   ../shared/eval/news_corpus.jsonl --db corpus.db``): the time of one recomputation and what it found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

from newsdossier.dossier import Dossier
from newsdossier.lexicon import registry as actors
from newsdossier.resolve.names import fold
from newsdossier.resolve.people import LocalPerson, cluster_people

REPO = Path(__file__).resolve().parents[1]
NAMED_CONNECTORS = frozenset({"of", "the", "and", "for", "de", "van", "von", "al", "bin", "&", "'s", "-", ".", ","})
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "it", "his", "her", "their", "who", "him", "them",
                      "us", "our", "my", "me", "this", "that", "these", "those", "one"})


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a predicted clustering against a gold one (parallel label lists)."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    by_pred: dict[Hashable, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        both = len(by_gold[g] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


# ---- 1. dev gold people --------------------------------------------------------------------------------------

def _gold_labels(gold: dict, extra: dict) -> dict[tuple[str, str], str]:
    labels: dict[tuple[str, str], str] = {}
    for actor in gold["actors"]:
        for doc in actor["docs"]:
            for variant in actor["variants"]:
                labels[(doc, fold(variant))] = actor["id"]
    for doc, spellings in extra["documents"].items():
        for spelling, actor_id in spellings.items():
            labels[(doc, fold(spelling))] = actor_id
    return labels


def dev_people(dossier: Dossier, gold: dict, extra: dict, show: bool) -> bool:
    with dossier.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT a.source, m.text, m.credit, l.actor_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN actor_links l ON l.fact = 'mentions' AND l.fact_id = m.id AND l.slot = 'actor' "
            "WHERE m.actor_kind = 'person'").all()
    labels = _gold_labels(gold, extra)
    gold_ids: list[str] = []
    predicted: list[str] = []
    unlabelled: Counter[str] = Counter()
    for source, text, _credit, actor_id in rows:
        doc = Path(source).name[:3]
        label = labels.get((doc, fold(text)))
        if label is None:
            unlabelled[text] += 1
            continue
        gold_ids.append(label)
        predicted.append(actor_id or f"unlinked:{doc}:{text}")
    precision, recall, f1 = bcubed(gold_ids, predicted)
    print(f"dev people: {len(gold_ids)} gold-labelled person mentions in 5 articles, "
          f"{len(set(gold_ids))} gold actors, {len(set(predicted))} predicted actors")
    print(f"  B-cubed P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}   (target F1 >= 0.97)")
    print(f"  mentions without a gold label (not scored): {dict(unlabelled)}")
    found = {fold(text) for _, text, _, _ in rows}
    missing = sorted({v for (doc, v) in labels if v not in found})
    print(f"  gold spellings never found as a person mention: {missing}")
    by_text: dict[str, set[str]] = defaultdict(set)
    for _, text, _, actor_id in rows:
        if actor_id:
            by_text[fold(text)].add(actor_id)
    merged = 0
    for a, b in gold["must_not_merge"]:
        shared = by_text.get(fold(a), set()) & by_text.get(fold(b), set())
        merged += bool(shared)
        print(f"  must not merge {a!r} / {b!r}: {'MERGED' if shared else 'apart'}")
    variants = {fold(v) for actor in dossier.actors() for v in actor["variants"]}
    credits = [c for c in gold["credits_not_actors"] if fold(c) in variants]
    print(f"  photo credits resolved as actors: {len(credits)} of {len(gold['credits_not_actors'])} {credits}")
    if show:
        for actor in dossier.actors():
            if actor["kind"] == "person":
                print(f"    {actor['id']}: {actor['variant_counts']}")
    return f1 >= 0.97 and merged == 0 and not credits


# ---- 2. ECB+ ------------------------------------------------------------------------------------------------

def _named(text: str) -> bool:
    words = text.split()
    if not words or words[0].lower() in PRONOUNS:
        return False
    content = [w for w in words if w.lower() not in NAMED_CONNECTORS and re.search(r"[A-Za-z]", w)]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


ORG_SUFFIXES = frozenset({"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "com", "the"})


def _org_key(text: str) -> str:
    """Registry identity, else the folded name without a parenthesis, possessive, article or company suffix."""
    known = actors.lookup(text)
    if known is not None:
        return f"registry:{known.name}"
    words = [w for w in fold(re.sub(r"\(.*", "", text)).split() if w != "s"]
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] in ORG_SUFFIXES:
        words.pop(0)
    return " ".join(words)


def _cluster_orgs(texts: Sequence[str]) -> list[str]:
    """Organisations of one topic: the same key, an acronym of a longer name ("HP"), or the last word of a
    longer name ("Saints" for "New Orleans Saints"), singular or plural, join the longer name."""
    keys = [_org_key(t) for t in texts]
    long_names = sorted({k for k in keys if len(k.split()) > 1 and not k.startswith("registry:")},
                        key=lambda k: (-keys.count(k), k))
    acronyms: dict[str, str] = {}
    last_words: dict[str, str] = {}
    for key in long_names:
        acronyms.setdefault("".join(w[0] for w in key.split() if w not in ("of", "and", "for")), key)
        last_words.setdefault(key.split()[-1].rstrip("s"), key)
    out = []
    for key in keys:
        if len(key.split()) == 1:
            key = acronyms.get(key) or last_words.get(key.rstrip("s")) or key
        out.append(key)
    return out


def _cluster_named(items: Sequence[tuple[str, str, str, str]], scope: str) -> list[str]:
    """Predicted cluster labels for (doc, type, text, chain) items clustered together."""
    people = [(i, item) for i, item in enumerate(items) if item[1] == "HUMAN_PART_PER"]
    orgs = [(i, item) for i, item in enumerate(items) if item[1] == "HUMAN_PART_ORG"]
    labels: dict[int, str] = {}
    local = [LocalPerson(item[0], item[2], Counter({item[2]: 1})) for _, item in people]
    for number, members in enumerate(cluster_people(local)):
        for member in members:
            labels[people[member][0]] = f"{scope}:p{number}"
    for (i, _), key in zip(orgs, _cluster_orgs([item[2] for _, item in orgs]), strict=True):
        labels[i] = f"{scope}:o:{key}"
    return [labels[i] for i in range(len(items))]


def ecb(path: Path) -> None:
    by_topic: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            annotated = set(doc["annotated_sentences"] or [])
            for m in doc["mentions"]:
                if m["type"] not in ("HUMAN_PART_PER", "HUMAN_PART_ORG") or not m["chain_id"]:
                    continue
                if m["sentence"] not in annotated or not _named(m["text"]):
                    continue
                by_topic[doc["topic"]].append((doc["id"], m["type"], " ".join(m["text"].split()), m["chain_id"]))
    gold: list[str] = []
    ours: list[str] = []
    exact: list[str] = []
    everything: list[tuple[str, str, str, str]] = []
    for topic, items in sorted(by_topic.items()):
        gold += [item[3] for item in items]
        ours += _cluster_named(items, str(topic))
        exact += [f"{topic}:{item[2]}" for item in items]
        everything += items
    p, r, f = bcubed(gold, ours)
    bp, br, bf = bcubed(gold, exact)
    ap, ar, af = bcubed(gold, _cluster_named(everything, "all"))
    xp, xr, xf = bcubed(gold, [item[2] for item in everything])
    print(f"ECB+ named participants: {len(gold)} mentions in {len(by_topic)} topics, {len(set(gold))} gold chains")
    print(f"  within topics  newsdossier   B-cubed P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (target F1 >= 0.85)")
    print(f"  within topics  exact string  B-cubed P {bp:.3f}  R {br:.3f}  F1 {bf:.3f}")
    print(f"  all documents  newsdossier   B-cubed P {ap:.3f}  R {ar:.3f}  F1 {af:.3f}")
    print(f"  all documents  exact string  B-cubed P {xp:.3f}  R {xr:.3f}  F1 {xf:.3f}")


# ---- 3. events merged across articles ------------------------------------------------------------------------

def dev_events(dossier: Dossier, gold: dict) -> None:
    docs = {a["id"]: Path(a["source"]).name[:3] for a in dossier.articles()}
    groups: dict[str, list[dict]] = defaultdict(list)
    for event in dossier.events():
        groups[event["event"]].append(event)
    multi = [g for g in gold["events"] if len(g["docs"]) > 1]
    found = 0
    for item in multi:
        roots = {code[:2] for code in item["cameo"]}
        wanted = set(item["actors"])
        best = None
        for members in groups.values():
            first = members[0]
            if first["cameo"][:2] not in roots:
                continue
            countries = {(e[side] or {}).get("country") for e in members for side in ("source", "target")}
            if not (countries - {None}) <= wanted:
                continue
            seen = {docs[ev["article"]] for e in members for ev in e["evidence"]}
            if len(seen & set(item["docs"])) >= 2 and (best is None or len(seen) > len(best[1])):
                best = (first, seen)
        if best:
            found += 1
            print(f"  {item['id']} ({item['kind']}, docs {item['docs']}): merged, reports {best[0]['reports']}, "
                  f"sources {best[0]['sources']}, from docs {sorted(best[1])}")
        else:
            print(f"  {item['id']} ({item['kind']}, docs {item['docs']}): not merged")
    print(f"dev gold events reported by several articles merged into one: {found}/{len(multi)}")


def corpus(db: Path) -> None:
    """Recompute resolution on an already ingested dossier and print what it holds and how long it took."""
    dossier = Dossier(db)
    started = time.perf_counter()
    report = dossier.recompute()
    counts = {"actors": report.actors, "consolidated_events": report.consolidated_events,
              "contradictions": report.contradictions}
    seconds = time.perf_counter() - started
    stats = dossier.stats()
    events = list(dossier.events())
    fewer = sum(1 for event in events if event["sources"] < event["reports"])
    kinds = Counter(c["kind"] for c in dossier.contradictions())
    print(f"{db}: recomputed in {seconds:.1f} s: {counts['actors']} actors ({stats['people']} people), "
          f"{len(events)} event reports in {counts['consolidated_events']} consolidated events "
          f"({fewer} reports with fewer sources than articles), {stats['votes']} votes, "
          f"{counts['contradictions']} contradictions {dict(kinds)}")
    dossier.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--skip-ecb", action="store_true")
    parser.add_argument("--list", action="store_true", help="print every resolved person")
    parser.add_argument("--corpus-db", type=Path, help="also time the recomputation on this ingested dossier")
    args = parser.parse_args()
    gold = json.loads((args.shared / "gold" / "seeds_dev.json").read_text(encoding="utf-8"))
    extra = json.loads((REPO / "eval" / "gold" / "seeds_people_003_004.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        dossier = Dossier(Path(tmp) / "seeds.db")
        dossier.ingest([args.shared / "corpus" / "seeds"])
        ok = dev_people(dossier, gold, extra, args.list)
        dev_events(dossier, gold)
        dossier.close()
    if not args.skip_ecb:
        ecb(args.shared / "eval" / "ecbplus_coref.jsonl")
    if args.corpus_db:
        corpus(args.corpus_db)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
