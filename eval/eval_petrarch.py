"""Event coding against PETRARCH's validation sentences (``shared/eval/petrarch_validation.jsonl``).

    PYTHONPATH=src .venv/bin/python eval/eval_petrarch.py [--file ../shared/eval/petrarch_validation.jsonl]
                                                           [--show-misses]

Two suites (see ``shared/eval/README.md`` section 1); records with ``sentence == "false"`` (features PETRARCH
calls not implemented) and error tests are skipped.

- ``petrarch2_gsr_realnews``: real news with real CAMEO actor codes. Each sentence is parsed alone with the
  record's ``date`` as publication date, and the project's own resolver finds the actors. Scored as
  precision/recall/F1 over (source, target, CAMEO root) triples, counted as multisets per sentence. An
  actor's key is its ISO3 ``country``, compared with the first three letters of the expected code. An actor
  without a country scores ``IGO`` when it is an organisation (so the EU, UN or Interpol match ``IGO...``
  codes), ``IMG`` when it is a transnational armed movement (the registry marks them ``"sector": "armed"``;
  CAMEO codes the Islamic State ``IMGMUSISI``) and ``---`` otherwise; a missing source or target is
  ``---``, which matches expected unknowns (``---``, ``---GOV``...). Negated events are not counted: they
  report that something did not happen.
  The suite codes an undirected act (a meeting, a signing) as directed triples, one way or both; the project stores it
  once per pair of participants, so such a pair stands for each order of it the gold holds (one triple in text order
  when it holds neither), and a hosted visit (043) stands for the guest's converse visit (042) too when the gold
  holds it (see ``predicted_triples``). Nor are acts the extractor marks ``attributed``: PETRARCH codes "X
  said/claimed that Y attacked Z" as the speaker's accusation (112) or claim (015) only, and the extractor emits
  that statement too; the act itself, known only from the speaker, is kept in the output but is not a separate
  PETRARCH event.
  Records with no text (one, ``abc12_3``) cannot be coded and are left out.
- ``petrarch2_unittest``: fictional actors (Tolkien names). Scored as the share of event sentences whose
  coded roots include any expected root, and the share of no-event sentences left without events. The
  suite's actor dictionary ``PETR.Validate.actors.txt`` is read here, and only here, to recognise the
  fictional names; the project code never sees it. The suite's expected codes come from its verb
  dictionary, which by its own header is mostly WEIS, not CAMEO ("welcomed" 041 is WEIS praise, CAMEO phone
  call; "restore diplomatic ties" 064 is WEIS diplomatic recognition, CAMEO intelligence sharing). Expected
  codes are therefore read through the WEIS -> CAMEO root table ``eval/weis_cameo.tsv`` (written from the two
  codebooks, one root per WEIS category or code); codes outside WEIS (the suite's pattern-test codes 345,
  802, 9xx and four-character codes) are not scored, and a sentence with no scorable code is left out. The
  literal reading (expected digits taken as CAMEO) is printed beside it.

The real-news numbers are printed again for the sentences where no person name is left without a country
(``unplaced_person``: a PERSON entity the resolver places in no state, as "Obama" or "Putin" alone are,
since the registry deliberately holds no list of people), to show what the rest of the coding reaches.

``score_realnews(records)`` returns the real-news numbers as a dict, for the test floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsdossier.lexicon import registry
from newsdossier.models import ActorRef, ArticleContext, ExtractedEvent, event_dyads
from newsdossier.nlp import model as nlp
from newsdossier.nlp.extract.events import extract_events
from newsdossier.nlp.extract.roles import extract_roles
from newsdossier.nlp.mentions import MentionResolver

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
WEIS_TABLE = Path(__file__).resolve().parent / "weis_cameo.tsv"
VALIDATION = SHARED / "petrarch_validation.jsonl"
ACTOR_DICTIONARY = SHARED / "raw" / "petrarch" / "dictionaries" / "PETR.Validate.actors.txt"
REALNEWS = "petrarch2_gsr_realnews"
UNITTEST = "petrarch2_unittest"
UNKNOWN = "---"
# Longest fictional actor name looked up, in words (the dictionary's longest is four).
MAX_NAME_WORDS = 4

Triple = tuple[str, str, str]


def load_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if r.get("sentence") != "false" and not r.get("expected_error")
            and r.get("text", "").strip()]


def publication_date(record: dict[str, Any]) -> dt.date | None:
    try:
        return dt.datetime.strptime(record["date"], "%Y%m%d").date()
    except (KeyError, TypeError, ValueError):
        return None


def actor_key(actor: ActorRef | None) -> str:
    if actor is None:
        return UNKNOWN
    if actor.country:
        return actor.country[:3]
    if actor.kind != "organisation":
        return UNKNOWN
    return "IMG" if actor.name in registry.armed_organisations() else "IGO"


def expected_key(code: str) -> str:
    return code[:3] if code else UNKNOWN


def coded(record: dict[str, Any], resolver_factory: Any = None) -> list[ExtractedEvent]:
    """The events the extractor finds in one record's sentence."""
    doc = nlp.load()(record["text"])
    context = ArticleContext(record["id"], publication_date(record))
    roles = extract_roles(doc, context)
    resolver = MentionResolver(doc, context, roles)
    if resolver_factory is not None:
        resolver = resolver_factory(doc, resolver)
    return extract_events(doc, context, resolver)


def unplaced_person(record: dict[str, Any]) -> bool:
    """Whether the sentence names a person the resolver places in no state (a bare name such as "Putin")."""
    doc = nlp.load()(record["text"])
    context = ArticleContext(record["id"], publication_date(record))
    resolver = MentionResolver(doc, context, extract_roles(doc, context))
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            actor = resolver.actor(ent)
            if actor is None or (actor.kind == "person" and not actor.country):
                return True
    return False


# A visit hosted (043) and the same visit made (042): the suite codes both for one act.
HOSTED_VISIT = frozenset({"042", "043"})


def predicted_triples(events: Iterable[ExtractedEvent], gold: Counter[Triple] | None = None) -> Counter[Triple]:
    """The (source, target, root) triples of ``events``. The suite codes an undirected act as directed triples,
    sometimes one way, sometimes both; the project stores it once per pair (``newsdossier.models.dyad_pairs``).
    So an undirected pair stands for each order of it that ``gold`` holds, or, when gold holds neither, for one
    triple in text order (a false positive counted once, not twice). Likewise the suite codes a hosted visit
    twice, the host's 043 and the guest's converse 042; the project keeps one record of the act, which stands
    for the converse triple too when gold holds it."""
    gold = gold or Counter()
    found: Counter[Triple] = Counter()
    for event in events:
        if event.negated or event.attributed:
            continue
        root = event.cameo[:2]
        for source, target in event_dyads(event):
            forward = (actor_key(source), actor_key(target), root)
            if event.directed or target is None:
                found[forward] += 1
                converse = (forward[1], forward[0], root)
                if event.cameo in HOSTED_VISIT and target is not None and gold[converse] > found[converse]:
                    found[converse] += 1
                continue
            backward = (forward[1], forward[0], root)
            matched = [triple for triple in (forward, backward) if gold[triple] > found[triple]]
            found.update(matched or [forward])
    return found


def expected_triples(record: dict[str, Any]) -> Counter[Triple]:
    return Counter((expected_key(e["source"]), expected_key(e["target"]), e["code"][:2])
                   for e in record["expected"])


def score_realnews(records: list[dict[str, Any]], show: bool = False) -> dict[str, float]:
    true_pos = n_pred = n_gold = 0
    for record in records:
        events = coded(record)
        gold = expected_triples(record)
        pred = predicted_triples(events, gold)
        hits = sum((pred & gold).values())
        true_pos += hits
        n_pred += sum(pred.values())
        n_gold += sum(gold.values())
        if show and (hits < sum(gold.values()) or hits < sum(pred.values())):
            print(f"  {record['id']}: {record['text'][:150]}")
            print(f"      expected {sorted(gold.elements())}  got {sorted(pred.elements())}")
            for e in events:
                print(f"      - {e.cameo} {e.trigger!r} {e.source and e.source.name} -> {e.target and e.target.name}"
                      f"{' (negated)' if e.negated else ''}")
    precision = true_pos / n_pred if n_pred else 0.0
    recall = true_pos / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_positives": true_pos,
            "predicted": n_pred, "expected": n_gold, "sentences": len(records)}


# ---- the unit-test suite's fictional actors ---------------------------------------------------------------


def load_fictional_actors(path: Path) -> dict[str, str]:
    """Upper-cased names (words joined by spaces) -> three-letter code, from PETRARCH's actor dictionary."""
    names: dict[str, str] = {}
    pending: list[str] = []
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        code = re.search(r"\[([^\]\s<>]+)", line)
        name_part = line.split("[", 1)[0].strip()
        if name_part.startswith("+"):
            pending.append(name_part[1:])
        elif name_part and not raw[0].isspace():
            pending = [name_part]
        if code and pending:
            for name in pending:
                names[" ".join(name.replace("_", " ").split()).upper()] = code.group(1)[:3]
            if name_part and not name_part.startswith("+"):
                pending = [name_part]
    return names


class DictionaryResolver:
    """The project resolver, asked second: fictional names are looked up in PETRARCH's dictionary first."""

    def __init__(self, doc: Doc, base: Any, names: dict[str, str]) -> None:
        self.doc, self.base, self.names = doc, base, names

    def _lookup(self, span: Span) -> ActorRef | None:
        words = [t.text.upper() for t in span]
        for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start:start + size])
                code = self.names.get(key) or self.names.get(key.rstrip("S"))
                if code:
                    piece = span[start:start + size]
                    return ActorRef(piece.text, "country", code, piece.start_char, piece.end_char)
        return None

    def actor(self, span: Span) -> ActorRef | None:
        return self._lookup(span) or self.base.actor(span)

    def actors_in(self, span: Span) -> list[ActorRef]:
        heads = [span.root, *[t for t in span.root.conjuncts if span.start <= t.i < span.end]]
        found = [a for h in heads if (a := self._lookup(_without_conjuncts(h))) is not None]
        return found or self.base.actors_in(span)

    def person_before(self, token: Token, *, role_hint: str | None = None) -> ActorRef | None:
        return self.base.person_before(token, role_hint=role_hint)


def _without_conjuncts(head: Token) -> Span:
    cut = {t.i for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    kept = [t.i for t in head.subtree if t.i not in cut]
    return head.doc[min(kept):max(kept) + 1]


def load_weis_table(path: Path = WEIS_TABLE) -> dict[str, str]:
    """WEIS code prefix -> CAMEO root, from ``eval/weis_cameo.tsv``."""
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {cells[0]: cells[1] for cells in rows}


def weis_root(code: str, table: dict[str, str]) -> str | None:
    """The CAMEO root of a WEIS code (longest prefix in the table); None for codes outside WEIS."""
    if len(code) != 3 or not code.isdigit():
        return None
    return table.get(code) or table.get(code[:2])


def score_unittest(records: list[dict[str, Any]], names: dict[str, str], show: bool = False) -> dict[str, float]:
    table = load_weis_table()
    hits = literal_hits = events_expected = literal_expected = quiet = no_event = 0
    for record in records:
        events = [e for e in coded(record, lambda doc, base: DictionaryResolver(doc, base, names))
                  if not e.negated]
        roots = {e.cameo[:2] for e in events}
        if record["expected_no_event"] or not record["expected"]:
            no_event += 1
            quiet += not events
            continue
        literal_expected += 1
        literal_hits += bool(roots & {e["code"][:2] for e in record["expected"]})
        wanted = {root for e in record["expected"] if (root := weis_root(e["code"], table)) is not None}
        if not wanted:
            continue
        events_expected += 1
        hit = bool(roots & wanted)
        hits += hit
        if show and not hit:
            codes = sorted(e["code"] for e in record["expected"])
            print(f"  {record['id']}: {record['text'][:150]}\n      expected {codes} = CAMEO {sorted(wanted)}"
                  f" got {sorted(roots)}")
    return {"root_share": hits / events_expected if events_expected else 0.0, "event_sentences": events_expected,
            "literal_share": literal_hits / literal_expected if literal_expected else 0.0,
            "literal_sentences": literal_expected,
            "quiet_share": quiet / no_event if no_event else 0.0, "no_event_sentences": no_event}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=VALIDATION)
    parser.add_argument("--actors", type=Path, default=ACTOR_DICTIONARY)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"{args.file} not found", file=sys.stderr)
        return 2
    records = load_records(args.file)
    real = score_realnews([r for r in records if r["suite"] == REALNEWS], args.show_misses)
    print(f"{REALNEWS}: {real['sentences']} sentences, {real['expected']} expected and {real['predicted']} "
          f"coded triples, {real['true_positives']} right")
    print(f"  precision {real['precision']:.3f}  recall {real['recall']:.3f}  F1 {real['f1']:.3f}")
    placed = score_realnews([r for r in records if r["suite"] == REALNEWS and not unplaced_person(r)])
    print(f"  the {placed['sentences']} sentences with no person left without a country: {placed['expected']} "
          f"expected, {placed['predicted']} coded, {placed['true_positives']} right; precision "
          f"{placed['precision']:.3f}  recall {placed['recall']:.3f}  F1 {placed['f1']:.3f}")
    names = load_fictional_actors(args.actors) if args.actors.exists() else {}
    unit = score_unittest([r for r in records if r["suite"] == UNITTEST], names, args.show_misses)
    print(f"{UNITTEST}: CAMEO root right in {unit['root_share']:.3f} of {unit['event_sentences']} event "
          f"sentences with WEIS codes (read through eval/weis_cameo.tsv); no event coded in "
          f"{unit['quiet_share']:.3f} of {unit['no_event_sentences']} no-event ones")
    print(f"  literal reading (expected digits taken as CAMEO): {unit['literal_share']:.3f} of "
          f"{unit['literal_sentences']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
