"""Measure the plain-text cleaner on the hand-annotated seeds and on the 2,520-article evaluation corpus.

    python eval/eval_cleaning.py [--shared ../shared]

Part 1 scores the three gold documents (title, publication date, junk lines and prefixes, caption credits,
author, outlet). Part 2 cleans every article of ``eval/news_corpus.jsonl`` with the JSONL title and date as
hints, checks that nothing raised, times it, and lists the articles that lost most of their text (over-cleaning
is the failure that matters: a removed body sentence is a lost fact). It also re-reads the Wikinews articles
*without* their date hint to score the datelines the cleaner finds in the text itself.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsdossier.ingest.clean import clean_text
from newsdossier.models import ArticleHints, CleanedArticle

REPO = Path(__file__).resolve().parents[1]
OVER_CLEANED = 0.8  # cleaned text shorter than this share of the (whitespace-collapsed) input is suspicious
WORST_SHOWN = 5


def _norm(text: str | None) -> str:
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
    return " ".join((text or "").translate(table).split())


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} ({hits / total:.0%})" if total else "n/a"


# ---- part 1: gold seeds --------------------------------------------------------------------------------


def _date_verdict(expected: dict, article: CleanedArticle) -> str:
    if article.published is None:
        return "missing"
    accepted = {expected["published"], *expected.get("published_alternatives", [])}
    return "correct" if article.published.isoformat() in accepted else "wrong"


def _score_document(expected: dict, article: CleanedArticle) -> dict[str, tuple[int, int]]:
    """(hits, total) per measure for one gold document."""
    lines = {_norm(line) for line in article.text.split("\n") if line.strip()}
    credits = [caption.credit or "" for caption in article.captions]
    junk = expected.get("junk_lines", [])
    prefixes = expected.get("junk_prefixes", [])
    markers = expected.get("caption_markers", [])
    outlet_ok = article.outlet is not None and expected.get("outlet", "").startswith(article.outlet)
    return {
        "title exact (quotes/space normalised)": (int(_norm(article.title) == _norm(expected["title"])), 1),
        "junk lines removed": (sum(_norm(line) not in lines for line in junk), len(junk)),
        "junk prefixes removed": (sum(not any(x.startswith(_norm(p)) for x in lines) for p in prefixes), len(prefixes)),
        "caption credits separated": (
            sum(m not in article.text and any(m.strip("()") in c for c in credits) for m in markers), len(markers)
        ),
        "author found": (int(article.author == expected["author"]), 1) if expected.get("author") else (0, 0),
        "outlet right (None counts as not found)": (int(outlet_ok), 1),
    }


def evaluate_gold(seeds: Path, gold: Path) -> None:
    documents = json.loads(gold.read_text(encoding="utf-8"))["documents"]
    totals: dict[str, list[int]] = {}
    dates = {"correct": 0, "missing": 0, "wrong": 0}
    print(f"Part 1 - gold seeds ({len(documents)} documents: {', '.join(name[:3] for name in documents)})")
    for name, expected in documents.items():
        article = clean_text((seeds / name).read_text(encoding="utf-8"))
        for measure, (hits, total) in _score_document(expected, article).items():
            totals.setdefault(measure, [0, 0])
            totals[measure][0] += hits
            totals[measure][1] += total
        verdict = _date_verdict(expected, article)
        dates[verdict] += 1
        print(f"  {name[:3]}: title={article.title!r:.60} published={article.published} ({verdict}) "
              f"author={article.author} outlet={article.outlet} captions={len(article.captions)}")
    print(f"  {'measure':<42} result")
    for measure, (hits, total) in totals.items():
        print(f"  {measure:<42} {_share(hits, total)}")
    n = len(documents)
    print(f"  {'publication date correct':<42} {_share(dates['correct'], n)}")
    print(f"  {'publication date missing (None)':<42} {_share(dates['missing'], n)}")
    print(f"  {'publication date wrong':<42} {_share(dates['wrong'], n)}")


# ---- part 2: evaluation corpus -------------------------------------------------------------------------


def _clean_corpus(rows: list[dict]) -> tuple[list[tuple[float, dict, CleanedArticle]], list[str], float]:
    results, failures = [], []
    start = time.perf_counter()
    for row in rows:
        hints = ArticleHints(title=row.get("title"), published=row.get("date"), url=row.get("url"))
        try:
            article = clean_text(row["text"], hints)
        except Exception as exc:  # counted and reported: the cleaner must never raise
            failures.append(f"{row.get('id')}: {type(exc).__name__}: {exc}")
            continue
        source_length = len(" ".join(row["text"].split()))
        results.append((len(article.text) / source_length if source_length else 1.0, row, article))
    return results, failures, time.perf_counter() - start


def _datelines(rows: list[dict]) -> dict[str, int]:
    """Wikinews articles cleaned without their date hint: is the dateline found in the text right?"""
    verdicts = {"correct": 0, "missing": 0, "wrong": 0}
    for row in rows:
        if not row.get("date") or not str(row.get("corpus", "")).startswith("wikinews"):
            continue
        article = clean_text(row["text"], ArticleHints(title=row.get("title")))
        if article.published is None:
            verdicts["missing"] += 1
        else:
            verdicts["correct" if article.published.isoformat() == row["date"] else "wrong"] += 1
    return verdicts


def evaluate_corpus(corpus: Path) -> None:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    results, failures, seconds = _clean_corpus(rows)
    print(f"\nPart 2 - {corpus.name} ({len(rows)} articles, hints: title and date)")
    print(f"  raised                 {len(failures)}")
    for failure in failures[:10]:
        print(f"    {failure}")
    print(f"  time                   {seconds:.2f} s ({1000 * seconds / max(len(rows), 1):.2f} ms/article)")
    short = sorted((item for item in results if item[0] < OVER_CLEANED), key=lambda item: item[0])
    print(f"  cleaned < {OVER_CLEANED:.0%} of input  {_share(len(short), len(results))}")
    removed = sum(len(article.removed) for _, _, article in results)
    captions = sum(len(article.captions) for _, _, article in results)
    print(f"  lines removed          {removed} (captions separated: {captions})")
    for ratio, row, article in short[:WORST_SHOWN]:
        print(f"  - {row.get('id')} kept {ratio:.0%}; removed lines:")
        for line in article.removed[:12]:
            print(f"      [{line.reason}] {line.text[:110]}")
        if len(article.removed) > 12:
            print(f"      ... {len(article.removed) - 12} more")
    verdicts = _datelines(rows)
    total = sum(verdicts.values())
    print(f"  Wikinews datelines read from the text (date hint withheld, {total} articles):")
    for verdict, count in verdicts.items():
        print(f"    {verdict:<8} {_share(count, total)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="folder with corpus/, gold/, eval/")
    args = parser.parse_args(argv)
    seeds, gold = args.shared / "corpus" / "seeds", args.shared / "gold" / "seeds_dev.json"
    corpus = args.shared / "eval" / "news_corpus.jsonl"
    missing = [path for path in (seeds, gold, corpus) if not path.exists()]
    if missing:
        print(f"missing evaluation data: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    evaluate_gold(seeds, gold)
    evaluate_corpus(corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
