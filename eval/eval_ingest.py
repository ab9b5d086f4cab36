"""End-to-end evaluation of the ingest: the real pipeline, the real store, the shared evaluation data.

    python eval/eval_ingest.py [--corpus ../shared/eval/news_corpus.jsonl] [--seeds ../shared/corpus/seeds]

Prints (1) the sample articles against the hand-made gold (titles, dates, junk lines), and (2) duplicate
detection on the 2,520-article corpus against its 169 known duplicate pairs: recall, extra pairs and a sample
of 50 extra pairs with their true word-5-gram Jaccard, plus how many undated BBC articles (2004-05) were
wrongly given a date by anchoring (every such date is wrong: nothing in the corpus reports their events).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import newsdossier

SHARED = Path(__file__).resolve().parents[2] / "shared"


def norm(text: str | None) -> str:
    return " ".join((text or "").replace("’", "'").replace("‘", "'").split())


def shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def evaluate_seeds(seeds: Path, gold_path: Path, workdir: Path) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    dossier = newsdossier.open(workdir / "seeds.db")
    report = dossier.ingest([seeds])
    by_name = {Path(article["source"]).name: article for article in dossier.articles()}
    rows = []
    for name, expected in gold.items():
        article = by_name.get(name, {})
        lines = {line.strip() for line in (article.get("text") or "").splitlines()}
        accepted = {expected["published"], *expected.get("published_alternatives", [])}
        junk_left = [junk for junk in expected["junk_lines"] if junk in lines]
        prefixes_left = [p for p in expected.get("junk_prefixes", []) if any(line.startswith(p) for line in lines)]
        rows.append({
            "doc": name[:3], "title_ok": norm(article.get("title")) == norm(expected["title"]),
            "published": article.get("published"), "precision": article.get("published_precision"),
            "method": article.get("published_method"), "date_ok": article.get("published") in accepted,
            "junk_removed": f"{len(expected['junk_lines']) - len(junk_left)}/{len(expected['junk_lines'])}",
            "prefixes_removed": f"{len(expected.get('junk_prefixes', [])) - len(prefixes_left)}/"
                                f"{len(expected.get('junk_prefixes', []))}",
            "author": article.get("author"),
        })
    return {"stored": report.stored, "rejected": report.rejected, "documents": rows,
            "all_titles": {name[:3]: a["title"] for name, a in sorted(by_name.items())},
            "all_dates": {name[:3]: (a["published"], a["published_precision"], a["published_method"])
                          for name, a in sorted(by_name.items())}}


def evaluate_corpus(corpus: Path, pairs_path: Path, workdir: Path, sample_size: int = 50) -> dict[str, Any]:
    records = {r["id"]: r for r in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())}
    known = {frozenset((p["a"], p["b"])) for p in map(json.loads, pairs_path.read_text().splitlines())}
    dossier = newsdossier.open(workdir / "corpus.db")
    started = time.perf_counter()
    report = dossier.ingest([corpus])
    seconds = time.perf_counter() - started
    article_of: dict[str, str] = {}
    articles = {}
    for article in dossier.articles():
        articles[article["id"]] = article
        for source in article["sources"]:
            article_of[source.rsplit("#", 1)[1]] = article["id"]
    group_of = {a: a for a in articles}
    for group in dossier.duplicates():
        for member in group["members"]:
            group_of[member["id"]] = group["group"]
    corpus_ids_by_group: dict[str, list[str]] = {}
    for corpus_id, article_id in article_of.items():
        corpus_ids_by_group.setdefault(group_of[article_id], []).append(corpus_id)
    found = {frozenset(pair) for ids in corpus_ids_by_group.values() for pair in itertools.combinations(ids, 2)}
    recalled = known & found
    extra = sorted(tuple(sorted(pair)) for pair in found - known)
    sample = random.Random(7).sample(extra, min(sample_size, len(extra)))
    judged = [(a, b, jaccard(records[a]["text"], records[b]["text"]), records[a]["title"], records[b]["title"])
              for a, b in sample]
    false_in_sample = [row for row in judged if row[2] < 0.5]
    bbc_dated = [a for cid, aid in article_of.items() if cid.startswith("bbc/")
                 if (a := articles[aid])["published"]]
    return {
        "articles_read": report.read, "stored": report.stored, "rejected": report.rejected,
        "extracted": report.extracted, "extraction_failed": report.extraction_failed,
        "facts": {key: value for key, value in dossier.stats().items() if key in {"events", "quotes", "roles",
                                                                                 "memberships"}},
        "seconds": round(seconds, 1), "articles_per_second": round(report.read / seconds, 1),
        "known_pairs": len(known), "recalled": len(recalled), "recall": round(len(recalled) / len(known), 4),
        "missed": sorted(tuple(sorted(p)) for p in known - found),
        "found_pairs": len(found), "extra_pairs": len(extra), "sampled_extra": len(judged),
        "false_in_sample": len(false_in_sample), "sample": judged,
        "bbc_articles_given_a_date": len(bbc_dated),
        "wikinews_dated": sum(1 for cid, aid in article_of.items()
                              if cid.startswith("wikinews") and articles[aid]["published"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "eval" / "news_corpus.jsonl")
    parser.add_argument("--pairs", type=Path, default=SHARED / "eval" / "news_corpus_dup_pairs.jsonl")
    parser.add_argument("--seeds", type=Path, default=SHARED / "corpus" / "seeds")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seeds_dev.json")
    parser.add_argument("--verbose", action="store_true", help="print every sampled extra pair")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = evaluate_seeds(args.seeds, args.gold, Path(tmp))
        print("== sample articles vs dev gold")
        for row in seeds["documents"]:
            print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
        print("  all titles:", json.dumps(seeds["all_titles"], ensure_ascii=False))
        print("  all dates:", json.dumps(seeds["all_dates"]))
        corpus = evaluate_corpus(args.corpus, args.pairs, Path(tmp))
        print("== duplicates on the 2,520-article corpus")
        for key, value in corpus.items():
            if key not in {"sample", "missed"}:
                print(f"  {key}: {value}")
        print(f"  missed pairs: {corpus['missed']}")
        for a, b, score, title_a, title_b in corpus["sample"] if args.verbose else corpus["sample"][:10]:
            print(f"  extra {a} ~ {b}  5-gram J={score:.2f}  {title_a!r} / {title_b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
