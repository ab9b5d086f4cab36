"""Pipeline overhead: words/s of our full ingest against bare spaCy ``nlp.pipe`` on the same texts.

    python bench/bench_pipeline.py [--articles 400] [--workers 2] [--repeat 2] [--profile prof.txt]

Both sides use the same model, the same article texts (the ``text`` field of the first ``--articles`` records of
the evaluation corpus), spaCy's batch size and the same process count. Ours is everything an ingest does --
reading, cleaning, fingerprinting, storing, duplicate groups, date anchoring, parsing, extraction of events,
quotes, roles and memberships, writing the facts -- into a fresh SQLite file. The runs alternate (bare, ours,
bare, ours, ...) so both see the same machine load, and the best run of each is compared; CPU seconds (this
process and its joined worker processes) are compared too, which a busy shared machine disturbs less. Words are counted
as whitespace-separated tokens of the input texts, for both sides.

``--profile FILE`` also profiles one single-process ingest with pyinstrument (``pip install -e ".[bench]"``)
and writes the call tree to FILE, with a summary of where the time goes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import newsdossier
from _common import NEWS_CORPUS, corpus_records, machine, write_jsonl
from newsdossier import settings
from newsdossier.nlp import model as nlp
from newsdossier.nlp.analyse import FieldMeta, extract_article


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its finished children (worker processes once joined)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_spacy(texts: Sequence[str], workers: int) -> tuple[float, float]:
    """Wall and CPU seconds of bare ``nlp.pipe`` (its worker processes are joined when the pipe ends)."""
    model = nlp.load()
    start, cpu = time.perf_counter(), _cpu_seconds()
    for _doc in model.pipe(texts, n_process=workers, batch_size=settings.active().parse_batch):
        pass
    return time.perf_counter() - start, _cpu_seconds() - cpu


def ours(corpus: Path, workers: int, folder: Path, run: int) -> tuple[float, float]:
    """Wall and CPU seconds of a full ingest (the engine's pool is shut down, so joined, when it returns)."""
    dossier = newsdossier.open(folder / f"run{run}.db")
    start, cpu = time.perf_counter(), _cpu_seconds()
    report = dossier.ingest([corpus], workers=workers)
    elapsed, used = time.perf_counter() - start, _cpu_seconds() - cpu
    dossier.close()
    if report.rejected or not report.extracted:
        raise SystemExit(f"unexpected ingest result: {report.as_dict()}")
    return elapsed, used


def breakdown(texts: Sequence[str]) -> tuple[float, float]:
    """Single-process seconds of parsing alone and of our extractors over the parsed docs."""
    model = nlp.load()
    start = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=settings.active().parse_batch))
    parse = time.perf_counter() - start
    start = time.perf_counter()
    for index, doc in enumerate(docs):
        extract_article([(FieldMeta(str(index), "text", None, None, 1), doc)])
    return parse, time.perf_counter() - start


def profile(corpus: Path, folder: Path, out: Path) -> None:
    from pyinstrument import Profiler  # optional dependency, needed only with --profile

    dossier = newsdossier.open(folder / "profile.db")
    profiler = Profiler()
    profiler.start()
    dossier.ingest([corpus], workers=1)
    profiler.stop()
    out.write_text(profiler.output_text(unicode=False, color=False))
    print(f"profile of a single-process ingest written to {out}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=NEWS_CORPUS)
    args = parser.parse_args(argv)
    records = corpus_records(args.corpus, args.articles)
    texts = [str(record["text"]) for record in records]
    words = sum(len(text.split()) for text in texts)
    nlp.load()  # both sides start with the model loaded (forked workers inherit it)
    print(f"{machine()}; {len(texts)} articles, {words} words, {args.workers} processes, "
          f"batch size {settings.active().parse_batch}, model {nlp.load().meta['name']} {nlp.load().meta['version']}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_jsonl(records, folder / "corpus.jsonl")
        bare_runs, our_runs = [], []
        for run in range(args.repeat):
            bare_runs.append(bare_spacy(texts, args.workers))
            our_runs.append(ours(corpus, args.workers, folder, run))
            (bare_wall, bare_cpu), (our_wall, our_cpu) = bare_runs[-1], our_runs[-1]
            print(f"run {run + 1}: bare spaCy {words / bare_wall:8.0f} words/s   ours {words / our_wall:8.0f} words/s"
                  f"   ratio {bare_wall / our_wall:.2f}x   (CPU: {words / bare_cpu:.0f} vs {words / our_cpu:.0f} "
                  f"words per CPU-second, ratio {bare_cpu / our_cpu:.2f}x)")
        bare, mine = min(wall for wall, _ in bare_runs), min(wall for wall, _ in our_runs)
        bare_cpu, our_cpu = min(cpu for _, cpu in bare_runs), min(cpu for _, cpu in our_runs)
        print(f"best:  bare spaCy {words / bare:8.0f} words/s   ours {words / mine:8.0f} words/s   "
              f"ratio {bare / mine:.2f}x (target >= 0.85x); CPU-time ratio {bare_cpu / our_cpu:.2f}x")
        parse, extract = breakdown(texts)
        print(f"single process: parsing {parse:.1f} s, our extractors {extract:.1f} s "
              f"({extract / parse:.0%} of parsing)")
        if args.profile:
            profile(corpus, folder, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
