"""Command line: a thin shell over :class:`newsdossier.Dossier` — parse, call, print.

Library errors become one clear line on stderr and a non-zero exit code; no traceback for user mistakes.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from newsdossier import engines, settings
from newsdossier.dossier import Dossier, IngestReport, dumps, reason_counts
from newsdossier.errors import NewsdossierError
from newsdossier.models import ActorFilter, FactFilter, Reject
from newsdossier.store.connection import DEFAULT_DB
from newsdossier.surfaces.export import ExportFormat, ExportWhat, export_records
from newsdossier.surfaces.terminal import line, plain
from newsdossier.surfaces.web import server

app = typer.Typer(
    help="Turn folders of news articles into a sourced, deduplicated, queryable record.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or database URL (postgresql+psycopg://...).")]


@app.callback()
def _configure(
    config: Annotated[Path | None, typer.Option(
        "--config", help="TOML file of settings (see `newsdossier settings`); also NEWSDOSSIER_CONFIG.")] = None,
    assignments: Annotated[list[str] | None, typer.Option(
        "--set", help="Override a setting for this run: NAME=VALUE (repeatable; wins over file and environment).")
    ] = None,
) -> None:
    """Settings come from defaults, a TOML file, NEWSDOSSIER_<NAME> variables and --set, each overriding the last."""
    try:
        settings.configure(config, settings.parse_assignments(assignments or []))
    except NewsdossierError as exc:
        err.print(line("error: ", plain(exc)), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


class OutputFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


class _BarProgress:
    """Adapts the library's progress protocol to a Rich progress bar; rejects print above the bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("ingesting", total=None)

    def start(self, total_bytes: int) -> None:
        self._progress.update(self._task, total=total_bytes)

    def advance(self, consumed_bytes: int) -> None:
        self._progress.advance(self._task, consumed_bytes)

    def rejected(self, reject: Reject) -> None:
        self._progress.console.print(line(("rejected", "yellow"), " ", plain(reject.source), ": ",
                                          plain(reject.reason)), highlight=False, soft_wrap=True)

    def extracting(self, total_articles: int) -> None:
        self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task("extracting", total=total_articles)

    def extracted(self) -> None:
        self._progress.advance(self._task, 1)


def _open(db: str) -> Dossier:
    try:
        return Dossier(db)
    except NewsdossierError as exc:
        err.print(line("error: ", plain(exc)), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .html, .jsonl) or folders to read.")],
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", help="Processes (local engine; default: the workers setting, 1) or Ray tasks at once "
        "(default: every CPU)."
    )] = None,
    extract: Annotated[bool, typer.Option("--extract/--no-extract", help="Extract events, quotes, roles.")] = True,
    engine: Annotated[str, typer.Option("--engine", help="Where cleaning and NLP run: local or ray.")] = "local",
    address: Annotated[str | None, typer.Option(
        "--address", help="Ray cluster to use (ray://head:10001, or auto); default: start Ray locally."
    )] = None,
) -> None:
    """Read articles, clean them, find duplicates and store them.

    Example: newsdossier ingest articles/ --db dossier.db
    Example: newsdossier ingest articles/ --engine ray --address ray://head:10001 --db postgresql+psycopg://...
    """
    dossier = _open(db)
    try:
        default_workers = settings.active().workers if engine == "local" else 0
        runner = engines.create(engine, workers=workers or default_workers, address=address)
    except NewsdossierError as exc:
        err.print(line("error: ", plain(exc)), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
        console=err, disable=quiet, transient=True,
    ) as bar:
        try:
            report = dossier.ingest(paths, progress=_BarProgress(bar), extract=extract, engine=runner)
        finally:
            runner.close()
    _print_summary(report, dossier.url)
    if report.rejected:
        raise typer.Exit(1)


def _print_summary(report: IngestReport, url: str) -> None:
    table = Table(title=f"ingest into {url}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents read", str(report.read))
    table.add_row("new articles stored", str(report.stored))
    table.add_row("already stored (unchanged input)", str(report.unchanged))
    table.add_row("identical to a stored article", str(report.same_as_stored))
    table.add_row("duplicates in the dossier", f"{report.duplicates} in {report.duplicate_groups} groups")
    table.add_row("shared passages", str(report.shared_passages))
    table.add_row("articles extracted", f"{report.extracted} ({report.extraction_failed} failed)")
    table.add_row("actors / consolidated events", f"{report.actors} / {report.consolidated_events}")
    table.add_row("contradictions", str(report.contradictions))
    table.add_row("rejected", str(report.rejected))
    for reason, count in reason_counts(report.rejects).most_common():
        table.add_row(plain(f"  {reason}"), str(count))
    table.add_row("warnings", str(len(report.warnings)))
    table.add_row("seconds", f"{report.seconds:.1f}")
    err.print(table)
    for source, warning in report.warnings:
        err.print(line(("warning", "yellow"), " ", plain(source), ": ", plain(warning)),
                  highlight=False, soft_wrap=True)


def _emit(records: list[dict[str, Any]] | Any, fmt: OutputFormat, columns: list[str]) -> None:
    if fmt is OutputFormat.jsonl:
        write = sys.stdout.write
        for record in records:
            write(dumps(record) + "\n")
        return
    table = Table(*columns)
    for record in records:
        table.add_row(*[plain(_cell(record.get(column))) for column in columns])
    out.print(table)


def _cell(value: Any) -> str:
    """Render one value for a table: actors as "name (ISO3)", dates by their start."""
    if value is None:
        return ""
    if isinstance(value, dict) and "name" in value:
        text = f"{value['name']} ({value['country']})" if value.get("country") else str(value["name"])
    elif isinstance(value, dict) and "precision" in value:
        text = value.get("start") or ""
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@app.command()
def articles(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = OutputFormat.table,
    limit: Annotated[int | None, typer.Option(help="At most this many articles.")] = None,
) -> None:
    """List stored articles (jsonl: one JSON object per article, with text and captions).

    Example: newsdossier articles --db dossier.db --format jsonl > articles.jsonl
    """
    dossier = _open(db)
    _emit(dossier.articles(limit=limit), fmt, ["id", "published", "published_precision", "title", "outlet",
                                              "author", "duplicate_of"])


@app.command()
def duplicates(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table) -> None:
    """List duplicate groups, the original first.

    Example: newsdossier duplicates --db dossier.db --format jsonl
    """
    groups = _open(db).duplicates()
    if fmt is OutputFormat.jsonl:
        _emit(groups, fmt, [])
        return
    rows = [
        {"group": group["group"], "id": member["id"], "kind": member["kind"], "similarity": member["similarity"],
         "title": member["title"]}
        for group in groups for member in group["members"]
    ]
    _emit(rows, fmt, ["group", "id", "kind", "similarity", "title"])


@app.command()
def passages(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table) -> None:
    """List paragraphs and captions shared by otherwise different articles.

    Example: newsdossier passages --db dossier.db --format jsonl
    """
    found = _open(db).passages()
    if fmt is OutputFormat.table:
        found = [{"articles": len(p["occurrences"]), "text": p["text"]} for p in found]
    _emit(found, fmt, ["articles", "text"])


@app.command()
def rejects(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table) -> None:
    """List inputs that could not be stored, with the reason.

    Example: newsdossier rejects --db dossier.db
    """
    _emit(_open(db).rejects(), fmt, ["source", "reason", "rejected_at"])


@app.command()
def recompute(db: DbOption = DEFAULT_DB, facts: Annotated[bool, typer.Option(
        "--facts", help="Also extract every article's facts again (not only those whose inputs changed).")] = False,
        workers: Annotated[int | None, typer.Option("--workers", "-w", help="Processes for extraction.")] = None,
) -> None:
    """Rebuild every derived table from the stored articles: anchored dates, duplicate groups, shared passages,
    facts whose inputs changed, actors, consolidated events and contradictions (an ingest does this too).

    Example: newsdossier recompute --db dossier.db --facts
    """
    report = _open(db).recompute(facts=facts, workers=workers or settings.active().workers)
    err.print(f"recomputed in {report.seconds:.1f} s: {report.extracted} articles extracted, "
              f"{report.duplicate_groups} duplicate groups, "
              f"{report.actors} actors, {report.consolidated_events} consolidated events, "
              f"{report.contradictions} contradictions", highlight=False, markup=False)


@app.command()
def warnings(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table) -> None:
    """List inputs that were stored after a repair (invalid bytes replaced), with what was repaired.

    Example: newsdossier warnings --db dossier.db
    """
    _emit(_open(db).warnings(), fmt, ["source", "warning"])


@app.command()
def stats(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table) -> None:
    """Print counts of what the dossier holds.

    Example: newsdossier stats --db dossier.db
    """
    counts = _open(db).stats()
    if fmt is OutputFormat.jsonl:
        _emit([counts], fmt, [])
        return
    _emit([{"what": key, "count": value} for key, value in counts.items()], fmt, ["what", "count"])


ActorOption = Annotated[str | None, typer.Option("--actor", help="Actor name (substring) or ISO3 country code.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only facts dated on or after (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Only facts dated on or before (YYYY-MM-DD).")]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many.")]


def _facts(method: str, columns: list[str], db: str, fmt: OutputFormat, where: FactFilter) -> None:
    _emit(getattr(_open(db), method)(where), fmt, columns)


@app.command()
def events(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table, actor: ActorOption = None,
           since: SinceOption = None, until: UntilOption = None,
           cameo: Annotated[str | None, typer.Option("--cameo", help="CAMEO code prefix, e.g. 04.")] = None,
           limit: LimitOption = None) -> None:
    """List events: who did what to whom, when, with the source sentences.

    Example: newsdossier events --db dossier.db --actor RUS --since 2023-11-01 --cameo 04 --format jsonl
    """
    _facts("events", ["date_start", "cameo", "plover", "source", "target", "place", "trigger", "sources"], db, fmt,
           FactFilter(actor=actor, since=since, until=until, cameo=cameo, limit=limit))


@app.command()
def quotes(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table, actor: ActorOption = None,
           since: SinceOption = None, until: UntilOption = None, limit: LimitOption = None) -> None:
    """List direct and indirect quotes with their speakers.

    Example: newsdossier quotes --db dossier.db --actor Lavrov --format jsonl
    """
    _facts("quotes", ["speaker", "date", "direct", "text"], db, fmt,
           FactFilter(actor=actor, since=since, until=until, limit=limit))


@app.command()
def roles(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table, actor: ActorOption = None,
          since: SinceOption = None, until: UntilOption = None, limit: LimitOption = None) -> None:
    """List roles people hold (titles, as of the article date).

    Example: newsdossier roles --db dossier.db --actor KAZ
    """
    _facts("roles", ["person", "title", "of", "date"], db, fmt,
           FactFilter(actor=actor, since=since, until=until, limit=limit))


@app.command()
def memberships(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table, actor: ActorOption = None,
                since: SinceOption = None, until: UntilOption = None, limit: LimitOption = None) -> None:
    """List organisation memberships (member, former, suspended, non-member).

    Example: newsdossier memberships --db dossier.db --actor CSTO --format jsonl
    """
    _facts("memberships", ["organisation", "member", "status", "date"], db, fmt,
           FactFilter(actor=actor, since=since, until=until, limit=limit))


@app.command()
def actors(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table,
           name: Annotated[str | None, typer.Option("--name", help="Name or spelling variant (substring).")] = None,
           kind: Annotated[str | None, typer.Option("--kind", help="person, country, organisation or group.")] = None,
           country: Annotated[str | None, typer.Option("--country", help="ISO3 country code.")] = None,
           limit: LimitOption = None) -> None:
    """List actors resolved across articles, with every spelling seen and their roles.

    Example: newsdossier actors --db dossier.db --kind person --format jsonl
    """
    found: Iterable[dict[str, Any]] = _open(db).actors(ActorFilter(name=name, kind=kind, country=country,
                                                                   limit=limit))
    if fmt is OutputFormat.table:
        found = [{**a, "variants": ", ".join(a["variants"]),
                  "roles": ", ".join(sorted({r["title"] for r in a["roles"]}))} for a in found]
    _emit(found, fmt, ["id", "name", "kind", "country", "mentions", "variants", "roles"])


@app.command()
def contradictions(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table,
                   kind: Annotated[str | None, typer.Option("--kind", help="vote, role or membership.")] = None,
                   about: Annotated[str | None, typer.Option("--about", help="Text in the description.")] = None,
                   limit: LimitOption = None) -> None:
    """List facts the sources disagree on, each value with its evidence.

    Example: newsdossier contradictions --db dossier.db --kind vote --format jsonl
    """
    found: Iterable[dict[str, Any]] = _open(db).contradictions(ActorFilter(name=about, kind=kind, limit=limit))
    if fmt is OutputFormat.table:
        found = [{**c, "claims": "; ".join(f"{claim['value']} ({len(claim['evidence'])})"
                                           for claim in c["claims"])} for c in found]
    _emit(found, fmt, ["about", "claims"])


HostOption = Annotated[str | None, typer.Option(
    "--host", help="Address to listen on (default: the host setting, 127.0.0.1: this machine only).")]
PortOption = Annotated[int | None, typer.Option(
    "--port", min=1, max=65535, help="TCP port to listen on (default: the port setting, 8000).")]
AllowHostOption = Annotated[list[str] | None, typer.Option(
    "--allow-host", help="Another Host name to answer (repeatable): the name clients use to reach a server bound "
    "beyond 127.0.0.1. Requests for any other name get 400.")]


@app.command()
def serve(db: DbOption = DEFAULT_DB, host: HostOption = None, port: PortOption = None,
          allow_host: AllowHostOption = None) -> None:
    """Serve the web UI and the REST API (/api/, docs at /docs) until Ctrl-C.

    Example: newsdossier serve --db dossier.db --port 8000
    """
    host, port = host or settings.active().host, port or settings.active().port
    dossier = _open(db)
    err.print(f"serving {dossier.url} at {server.url(host, port)}  (API docs: {server.url(host, port)}docs; "
              "Ctrl-C to stop)", highlight=False, markup=False)
    server.serve(dossier, host, port, allow_hosts=allow_host or ())


@app.command("export")
def export_command(
    what: Annotated[ExportWhat, typer.Option("--what", help="Which records to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write records to a file for pandas, Gephi or PLOVER tools (graphml: the actor network of events).

    Example: newsdossier export --db dossier.db --what events --format parquet --out events.parquet
    """
    count = export_records(_open(db), what, fmt, out_path)
    err.print(f"wrote {count} {'nodes' if fmt is ExportFormat.graphml else 'records'} to {out_path}",
              highlight=False, markup=False)


@app.command()
def demo(
    db: Annotated[str | None, typer.Option("--db", help="Database to fill (default: a temporary one).")] = None,
    serve_ui: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the UI after ingesting.")] = True,
    host: HostOption = None,
    port: PortOption = None,
    allow_host: AllowHostOption = None,
) -> None:
    """Ingest the small demo corpus bundled with the package, show what was found, then serve it.

    Example: newsdossier demo            (Ctrl-C stops the server; --no-serve only prints)
    """
    host, port = host or settings.active().host, port or settings.active().port
    with tempfile.TemporaryDirectory(prefix="newsdossier-demo-") as scratch:
        target = db or str(Path(scratch) / "demo.db")
        dossier = _ingest_demo(target)
        if serve_ui:
            err.print(f"demo dossier ready: open {server.url(host, port)}  (Ctrl-C to stop)", highlight=False,
                      markup=False)
            server.serve(dossier, host, port, allow_hosts=allow_host or ())
        dossier.close()


@app.command("settings")
def settings_command(fmt: FormatOption = OutputFormat.table) -> None:
    """Show every setting: its value, where the value came from (default, file, env, flag) and why.

    Example: newsdossier --set min_article_chars=80 settings
    """
    where = settings.origins()
    values = settings.active()
    rows = [{"name": name, "value": getattr(values, name), "from": where[name], "stage": settings.stage(name),
             "why": settings.why(name)} for name in settings.names()]
    _emit(rows, fmt, ["name", "value", "from", "why"])


def _ingest_demo(db: str) -> Dossier:
    corpus = resources.files("newsdossier") / "data" / "demo"
    with resources.as_file(corpus) as folder:
        dossier = _open(db)
        report = dossier.ingest([folder])
    _print_summary(report, dossier.url)
    out.print("[bold]Articles[/]")
    _emit(dossier.articles(), OutputFormat.table, ["published", "title", "outlet", "duplicate_of"])
    out.print("[bold]Events[/]")
    _emit(dossier.events(FactFilter(limit=15)), OutputFormat.table,
          ["date_start", "cameo", "source", "target", "place", "trigger"])
    out.print("[bold]Memberships[/]")
    _emit(dossier.memberships(FactFilter(limit=10)), OutputFormat.table, ["organisation", "member", "status"])
    out.print(f"Explore it: newsdossier serve --db {db}   (or: events --db {db} --format jsonl; also articles, "
              "quotes, roles, memberships, duplicates, stats, export)")
    return dossier


def main() -> None:
    try:
        app()
    except NewsdossierError as exc:
        err.print(line("error: ", plain(exc)), highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
