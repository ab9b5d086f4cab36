"""Every tunable of newsdossier, declared once: its name, default and why it has that value.

Values come, from weakest to strongest, from the defaults below, a TOML file (``--config FILE`` or the
``NEWSDOSSIER_CONFIG`` environment variable; keys are the setting names, at the top level or under a
``[newsdossier]`` table), the environment (``NEWSDOSSIER_<NAME>``, e.g. ``NEWSDOSSIER_MAX_DOCUMENT_BYTES``) and
flags (``--set NAME=VALUE`` on any command, and the commands' own flags such as ``--port``).
``newsdossier settings`` shows each value and where it came from.

Code reads values when it uses them (``settings.active().max_depth``), never copies them at import, so a value
given on the command line reaches every stage; engines hand the active settings to their workers with each task.

Not settings, on purpose: constants that are part of the stored format (the MinHash permutations and seed, the
schema and extractor versions, the shape of actor ids), since changing them would make stored data disagree
with new data, and the REST API's page bounds, which its OpenAPI document publishes; they stay beside their
code, saying so.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdossier.errors import SettingsError

__all__ = ["DEFAULTS", "Settings", "SettingsError", "active", "configure", "load", "names", "origins",
           "parse_assignments", "stage", "use", "why"]

ENV_PREFIX = "NEWSDOSSIER_"
CONFIG_ENV = "NEWSDOSSIER_CONFIG"
DEFAULT = "default"


def _setting(default: Any, why: str, stage: str) -> Any:
    return field(default=default, metadata={"why": why, "stage": stage})


@dataclass(frozen=True, slots=True)
class Settings:
    """The values of every setting (see the module docstring for where they come from)."""

    # ---- ingest: reading ----------------------------------------------------------------------------------------
    max_document_bytes: int = _setting(
        20 * 1024 * 1024, "A news page is rarely over 200 kB even as HTML; bigger inputs are dumps (JSONL: per line).",
        "ingest")
    max_control_share: float = _setting(
        0.01, "Share of non-whitespace control characters above which decoded text is taken for binary.", "ingest")
    ingest_batch: int = _setting(
        64, "Articles per write transaction: commits are no bottleneck, and a kill loses seconds of work.", "ingest")
    min_article_chars: int = _setting(
        40, "A body shorter than this after cleaning is a stub (headline, teaser, error page), not an article.",
        "ingest")
    # ---- ingest: cleaning ---------------------------------------------------------------------------------------
    top_zone_max_lines: int = _setting(
        15, "Lines above the story where title, byline and dateline may sit; a dateline 30 lines down is story.",
        "clean")
    short_line: int = _setting(
        160, "Boilerplate and shape rules look only at lines up to this long; longer lines are paragraphs.", "clean")
    min_duplicate_chars: int = _setting(
        40, "A repeated line is a scraping artefact only when this long (\"Yes.\" twice in an interview is not).",
        "clean")
    title_similarity: int = _setting(
        92, "A line this similar (rapidfuzz ratio 0-100) to the given title is the title again.", "clean")
    max_title_words: int = _setting(
        20, "Headlines run to about 15 words; 20 leaves room without taking an unended lead sentence.", "clean")
    caption_score_with_credit_line: int = _setting(
        3, "Caption evidence a line needs when the only other signal is a credit on the next line.", "clean")
    disclaimer_edge_lines: int = _setting(
        6, "Disclaimers sit at a page's edges: only this many lines from the top or bottom are checked.", "clean")
    # ---- ingest: publication dates and duplicates ---------------------------------------------------------------
    anchor_min_shared_names: int = _setting(
        3, "Distinct names two reports must share to be one event (two is too weak in a region-focused corpus).",
        "anchor")
    anchor_min_shared_other_names: int = _setting(
        2, "Of those, names that are not registry places or organisations (people, mostly).", "anchor")
    anchor_common_name_share: float = _setting(
        0.05, "Names in more than this share of a large corpus (\"US\") say nothing about which event is meant.",
        "anchor")
    anchor_common_name_min_docs: int = _setting(
        100, "Corpus size from which such common names are ignored.", "anchor")
    near_duplicate_threshold: float = _setting(
        0.5, "Estimated Jaccard of word 5-grams from which articles are near copies: on the evaluation corpus the "
        "lowest known pair estimates 0.508, the highest other 0.445; the estimate is unbiased.", "dedup")
    lsh_miss_rate: float = _setting(
        0.005, "Largest chance that LSH misses a pair exactly at the threshold; the band size follows from it.",
        "dedup")
    # ---- nlp ----------------------------------------------------------------------------------------------------
    max_field_chars: int = _setting(
        200_000, "Characters of one field given to the parser; past this a dump would need gigabytes.", "nlp")
    parse_batch: int = _setting(
        64, "Fields per parser batch and per engine task: spaCy's default for CPU pipelines.", "nlp")
    extraction_write_batch: int = _setting(32, "Extracted articles per write transaction.", "nlp")
    read_chunk: int = _setting(200, "Article ids fetched per read while feeding the parser.", "nlp")
    recent_days: int = _setting(
        30, "An act told with \"recently\" and no date of its own lies in this many days before publication.",
        "nlp")
    date_max_hops: int = _setting(
        12, "Ancestor hops looked up for an event's date expression; a sentence is rarely deeper.", "nlp")
    max_name_tokens: int = _setting(
        9, "Longest registry name tried at each position, in tokens (\"Organization for Security and Co-operation "
        "in Europe\").", "nlp")
    max_parse_depth: int = _setting(
        50, "Steps a head chain is followed up: far deeper than any real sentence, it only stops a malformed parse's "
        "loop.", "nlp")
    max_person_name_tokens: int = _setting(
        5, "Tokens a person's name may have (given names, patronymic, surname); a longer capitalised run is a "
        "phrase.", "nlp")
    pronoun_reach: int = _setting(
        6, "Sentences looked back for a pronoun's antecedent; beyond this a guess is worse than no answer.", "nlp")
    max_depth: int = _setting(
        12, "Ancestor hops followed for an event's source, date or hedge: bounds the cost of a pathological parse.",
        "nlp")
    owner_depth: int = _setting(
        2, "Prepositional phrases followed for the country of an unresolved phrase (\"the mayor of the West Bank "
        "city of Nablus\" is two deep).", "nlp")
    max_groups: int = _setting(
        32, "Actor groups remembered for \"the two sides\" or \"all five\": a group anaphor points a few "
        "sentences back.", "nlp")
    plural_pronoun_reach: int = _setting(
        1, "\"They\" is the last group named in this or this many previous sentences; further back it more often "
        "means people never seen as a group.", "nlp")
    max_pairwise: int = _setting(
        8, "Largest group expanded into pairs for a symmetric event; beyond it pairs grow quadratically and say "
        "nothing.", "nlp")
    clause_coverage: float = _setting(
        0.8, "A quoted stretch covering this share of a content clause is that clause (one direct quote).", "nlp")
    min_indirect_words: int = _setting(
        3, "An indirect quote shorter than this is a fragment the parser cut off.", "nlp")
    heading_words: int = _setting(
        6, "Section headings are this short and unpunctuated; a pronoun does not reach back across one.", "nlp")
    max_quote_skips: int = _setting(
        5, "Quotes a pronoun's resolution may step back over when the named person is only inside a quote.", "nlp")
    scare_words: int = _setting(
        3, "Embedded quoted stretches of at most this many words are scare quotes (the \"backyard\").", "nlp")
    vote_context_sentences: int = _setting(
        3, "Sentences a vote without its own date or ballot may take them from the previous vote.", "nlp")
    org_reach: int = _setting(
        3, "Sentences looked back for the organisation \"the organization\" or \"its participation\" means.",
        "nlp")
    max_title_context: int = _setting(
        14, "Words before a title read as its modifiers; longer lists are a sentence.", "nlp")
    city_population: int = _setting(
        1_000_000, "Cities this populous are known places; smaller towns are left to NER, or ordinary words would "
        "become false places.", "nlp")
    short_acronym: int = _setting(
        3, "Acronyms up to this many letters must be written in capitals (\"US\", \"WHO\" collide with words).",
        "nlp")
    # ---- resolve ------------------------------------------------------------------------------------------------
    same_name: float = _setting(
        0.88, "Surname similarity (0..1) to merge two people on the name alone; transliteration variants score "
        "0.95, unrelated surnames rarely over 0.7 (dev gold, ECB+).", "resolve")
    same_context: float = _setting(
        0.8, "Surname similarity to merge two people who share a role or a country.", "resolve")
    short_form: float = _setting(
        0.9, "Similarity a one-word mention needs to the cluster's surname to join it.", "resolve")
    date_conflict_days: int = _setting(
        1, "Two day-dated reports of one event this many days apart are a date contradiction, not two events.",
        "resolve")
    # ---- engines ------------------------------------------------------------------------------------------------
    workers: int = _setting(1, "Processes (local engine) for cleaning, parsing and extraction.", "engines")
    in_flight_per_worker: int = _setting(
        2, "Batches in flight per worker: keeps workers busy while the driver writes, bounds memory.", "engines")
    ray_object_store_bytes: int = _setting(
        512 * 1024 * 1024, "Shared memory of a local Ray instance; Ray's default (30% of RAM) is far more than "
        "batches of text need.", "engines")
    # ---- serving ------------------------------------------------------------------------------------------------
    host: str = _setting("127.0.0.1", "Address the server listens on: this machine only unless asked.", "serve")
    port: int = _setting(8000, "TCP port the server listens on.", "serve")
    network_nodes: int = _setting(60, "Actors the network view draws at most (those in most events).", "serve")
    timeline_events: int = _setting(2000, "Events the timeline page lists at most; filters narrow it.", "serve")
    snippet_chars: int = _setting(160, "Characters of article text shown around a search hit.", "serve")


_FIELDS = {item.name: item for item in dataclasses.fields(Settings)}
DEFAULTS = Settings()


def why(name: str) -> str:
    return str(_FIELDS[name].metadata["why"])


def stage(name: str) -> str:
    return str(_FIELDS[name].metadata["stage"])


def names() -> list[str]:
    return list(_FIELDS)


def _convert(name: str, value: Any, where: str) -> Any:
    if name not in _FIELDS:
        raise SettingsError(f"{where}: unknown setting {name!r} (see `newsdossier settings`)")
    kind = type(_FIELDS[name].default)
    try:
        if kind is int and isinstance(value, str):
            return int(value.replace("_", ""))
        if kind is int and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        if kind is float and not isinstance(value, bool):
            return float(value)
        if kind is str and isinstance(value, str):
            return value
    except (TypeError, ValueError):
        pass
    raise SettingsError(f"{where}: {name} must be {kind.__name__}, not {value!r}")


def _file_values(path: Path) -> dict[str, Any]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings ({exc})") from None
    table = document.get("newsdossier", document)
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: [newsdossier] must be a table of settings")
    return table


def load(config: str | Path | None = None, environ: Mapping[str, str] | None = None,
         flags: Mapping[str, Any] | None = None) -> tuple[Settings, dict[str, str]]:
    """The settings from defaults, ``config`` (or the file ``NEWSDOSSIER_CONFIG`` names), ``environ`` and
    ``flags``, each overriding the one before; with, for each setting, where its value came from."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    origins = dict.fromkeys(_FIELDS, DEFAULT)
    path = config or environ.get(CONFIG_ENV)
    if path:
        for name, value in _file_values(Path(path)).items():
            values[name] = _convert(name, value, str(path))
            origins[name] = f"file {path}"
    for name in _FIELDS:
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            values[name] = _convert(name, environ[variable], variable)
            origins[name] = f"env {variable}"
    for name, value in (flags or {}).items():
        values[name] = _convert(name, value, "flag")
        origins[name] = "flag"
    return dataclasses.replace(DEFAULTS, **values), origins


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """``["name=value", ...]`` (the ``--set`` flag) as a mapping; a malformed one is a :class:`SettingsError`."""
    found: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise SettingsError(f"--set {item!r}: expected NAME=VALUE")
        found[name.strip().replace("-", "_")] = value.strip()
    return found


_active: Settings = DEFAULTS
_origins: dict[str, str] = dict.fromkeys(_FIELDS, DEFAULT)


def active() -> Settings:
    """The settings in force in this process."""
    return _active


def origins() -> dict[str, str]:
    """Where each active value came from: ``default``, ``file PATH``, ``env VARIABLE`` or ``flag``."""
    return dict(_origins)


def use(settings: Settings, where: Mapping[str, str] | None = None) -> None:
    """Make ``settings`` the active ones (the CLI after reading flags; an engine's worker before a task)."""
    global _active, _origins
    _active = settings
    _origins = dict(where) if where is not None else dict.fromkeys(_FIELDS, "task")


def configure(config: str | Path | None = None, flags: Mapping[str, Any] | None = None) -> Settings:
    """Load the settings from the usual places (plus ``config`` and ``flags``) and make them active."""
    settings, where = load(config, flags=flags)
    use(settings, where)
    return settings


if os.environ.get(CONFIG_ENV) or any(key.startswith(ENV_PREFIX) for key in os.environ):
    # The environment applies to library use too, not only to the CLI.
    configure()
