"""Roles ("Kazakh Foreign Minister Daniyar Omarov") read from one parsed article field.

Roles come from three shapes around a person's name: a title before it ("U.S. Secretary of State X",
"the President of Kazakhstan X"), an apposition after it ("X, fellow at the Foreign Policy Research
Institute"), or a title noun it is in apposition to ("his Kazakh counterpart, President X"). The title
vocabulary is ``data/facts_titles.tsv``; who the title is "of" is the registry name modifying it. The small
words read around a title (the glue between its modifiers, the prepositions naming its owner) are
``data/facts_title_words.tsv``.

Separate from :mod:`~newsdossier.nlp.extract.memberships`: both read the same parse, but roles read title
phrases around names while memberships read cue verbs and nouns; they share only the dating and evidence of
:mod:`~newsdossier.nlp.extract.fact_evidence`.

Measured by ``eval/eval_facts.py`` against the hand-made gold of the sample articles:

    PYTHONPATH=src .venv/bin/python eval/eval_facts.py
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from newsdossier import lexicon, settings
from newsdossier.models import ActorRef, ArticleContext, ExtractedRole
from newsdossier.nlp.extract.fact_evidence import article_date, sentence_evidence
from newsdossier.nlp.mentions import STATE_KINDS, MentionResolver, match_title, title_key, vocabulary

__all__ = ["extract_roles"]



def _title_words_of(kind: str) -> frozenset[str]:
    """The words of ``data/facts_title_words.tsv`` of one kind."""
    return frozenset(word for word, found in lexicon.pairs("facts_title_words.tsv") if found == kind)


# Glue that only joins: allowed inside a title's words, but not at their front ("of", "and", "]").
TITLE_JOINERS = _title_words_of("joiner")
# Words allowed between a title's modifiers and the name it precedes ("the President of Kazakhstan X").
TITLE_GLUE = _title_words_of("glue") | TITLE_JOINERS
# Prepositions after a title noun whose object is whom the title is of ("fellow at the X Institute").
OWNER_PREPOSITIONS = _title_words_of("owner")


def extract_roles(doc: Doc, context: ArticleContext) -> list[ExtractedRole]:
    """Titles people hold in this field, one per (person, title, of), dated to the article."""
    resolver = MentionResolver(doc, context)
    date = article_date(context)
    seen: set[tuple[str, str, str | None]] = set()
    out: list[ExtractedRole] = []
    for mention in resolver.mentions:
        if mention.credit:
            continue
        names = doc[mention.start:mention.end]
        found = _title_before(resolver, names) or _apposition(resolver, names) or _appositive_of(resolver, names)
        if found is None:
            continue
        title, of = found
        of = of or _appositive_owner(resolver, names)
        for person_tokens in _with_coordinated(resolver, names):
            person = _person_ref(resolver, person_tokens, of)
            key = (person.name, title_key(title), _of_key(of))
            if key in seen:
                continue
            seen.add(key)
            out.append(ExtractedRole(person, title, of, date, sentence_evidence(resolver.text, context, names.sent)))
    return _drop_bare(out)


def _of_key(of: ActorRef | None) -> str | None:
    if of is None:
        return None
    return of.country if of.kind in STATE_KINDS and of.country else of.name


def _drop_bare(roles: list[ExtractedRole]) -> list[ExtractedRole]:
    """A bare "President X" adds nothing when the article also says whose president X is."""
    anchored = {(r.person.name, title_key(r.title)) for r in roles if r.of is not None}
    return [r for r in roles if r.of is not None or (r.person.name, title_key(r.title)) not in anchored]


def _person_ref(resolver: MentionResolver, names: Span, of: ActorRef | None) -> ActorRef:
    mention = resolver.mention_at(names.start)
    name = mention.name if mention is not None else " ".join(names.text.split())
    country = of.country if of is not None else None
    return ActorRef(name, "person", country, names.start_char, names.end_char)


def _with_coordinated(resolver: MentionResolver, names: Span) -> Iterator[Span]:
    """The person, and for a plural title just before ("analysts A and B") the people coordinated with it."""
    yield names
    vocab = vocabulary()
    before = resolver.doc[names.start - 1] if names.start > 0 else None
    if before is None or not vocab.is_title_head(before.text) or vocab.singular(before.text) == before.lower_:
        return
    root = names.root
    for conj in root.conjuncts:
        mention = resolver.mention_at(conj.i)
        if mention is not None and conj.i > root.i:
            yield resolver.doc[mention.start:mention.end]


def _singular_title(title: str) -> str:
    words = title.split()
    singular = vocabulary().singular(words[-1])
    if singular != words[-1].lower():
        words[-1] = singular if words[-1].islower() else singular.capitalize()
    return " ".join(words)


def _title_context(resolver: MentionResolver, names: Span) -> list[Token]:
    """Tokens just before a name that can belong to its title: registry names, capitalised words, title
    words in any case and glue words, stopping at anything else (a verb, a comma, a lower-case word)."""
    vocab = vocabulary()
    doc = resolver.doc
    tokens: list[Token] = []
    i = names.start - 1
    while i >= 0 and len(tokens) < settings.active().max_title_context:
        tok = doc[i]
        if tok.is_space or "\n" in tok.text_with_ws or resolver.mention_at(i) is not None \
                or tok.lower_.rstrip(".") in vocab.honorifics:
            break
        fits = (resolver.hit_at(i) is not None or tok.text in TITLE_GLUE or tok.lower_ in TITLE_GLUE
                or vocab.is_title_head(tok.text) or tok.lower_ in vocab.prefixes
                or (tok.is_title and tok.pos_ in ("PROPN", "NOUN", "ADJ")) or _in_title_vocab(tok))
        if not fits:
            break
        tokens.insert(0, tok)
        i -= 1
    while tokens and tokens[0].lower_ in TITLE_JOINERS:
        tokens.pop(0)
    return tokens


@functools.cache
def _title_words() -> frozenset[str]:
    return frozenset(word for title in vocabulary().titles for word in title.split())


def _in_title_vocab(tok: Token) -> bool:
    return tok.lower_ in _title_words()


def _title_before(resolver: MentionResolver, names: Span) -> tuple[str, ActorRef | None] | None:
    """"Kazakh Foreign Minister X", "U.S. Secretary of State X", "the President of Kazakhstan X",
    "Under Secretary of State for South and Central Asian Affairs X": the title nearest the name (with an
    "of"/"for" tail and capitalised words before it that name a portfolio, "Education Secretary"), and the
    registry actor or organisation modifying it."""
    tokens = _title_context(resolver, names)
    for end in range(len(tokens), 0, -1):
        match = match_title(tokens, end)
        if match is None:
            continue
        tail = tokens[end:]
        if tail and not _is_title_tail(tail):
            return None
        start = _portfolio_start(resolver, tokens, match.start)
        modifiers = [t for t in tokens[:start] if t.text not in ("[", "]")]
        of = _tail_owner(resolver, tail) or _modifier_owner(resolver, modifiers)
        last = tail[-1] if tail and tail[0].lower_ == "for" else tokens[end - 1]
        title = resolver.text[tokens[start].idx:last.idx + len(last)]
        return _singular_title(" ".join(title.split())), of
    return None


def _portfolio_start(resolver: MentionResolver, tokens: list[Token], start: int) -> int:
    """Extend a title left over its portfolio ("Education Secretary", "Transport Commissioner"): portfolio
    words of the vocabulary, and capitalised nouns outside any entity or registry name."""
    portfolios = vocabulary().portfolios
    while start > 0:
        prev = tokens[start - 1]
        if resolver.hit_at(prev.i) is not None or not prev.is_alpha or prev.lower_ in TITLE_GLUE:
            break
        if prev.lower_ in portfolios or (prev.is_title and not prev.ent_type_ and prev.pos_ in ("NOUN", "PROPN")):
            start -= 1
        else:
            break
    return start


def _is_title_tail(tail: list[Token]) -> bool:
    """"of Kazakhstan" / "for South and Central Asian Affairs" after a title: capitalised words that are
    not themselves a title or an honorific ("spokesperson for President X" is X's title, not a tail)."""
    vocab = vocabulary()
    if tail[0].lower_ not in ("of", "for") or len(tail) < 2:
        return False
    return all((t.is_title or t.lower_ in TITLE_GLUE or not t.is_alpha)
               and vocab.singular(t.text) not in vocab.titles and t.lower_.rstrip(".") not in vocab.honorifics
               for t in tail[1:])


def _tail_owner(resolver: MentionResolver, tail: list[Token]) -> ActorRef | None:
    """The state or organisation of "President of Kazakhstan" (not of "for ... Affairs")."""
    if not tail or tail[0].lower_ != "of":
        return None
    for tok in tail[1:]:
        hit = resolver.hit_at(tok.i)
        if hit is not None and hit.kind in (*STATE_KINDS, "organisation"):
            return _anchored(resolver, hit, tok)
    return None


def _modifier_owner(resolver: MentionResolver, modifiers: list[Token]) -> ActorRef | None:
    """The registry actor among a title's modifiers ("Kazakh", "Kazakhstan's", "Kremlin", "U.S.") or an
    organisation named there ("Atlantic Policy Institute fellow X")."""
    for tok in reversed(modifiers):
        hit = resolver.hit_at(tok.i)
        if hit is not None and not resolver.in_hyphen_compound(tok.i):
            return _anchored(resolver, hit, tok)
    named = [t for t in modifiers if t.ent_type_ == "ORG"]
    if named:
        span = resolver.doc[named[0].i:named[-1].i + 1]
        return ActorRef(" ".join(span.text.split()), "organisation", None, span.start_char, span.end_char)
    return None


def _anchored(resolver: MentionResolver, actor: ActorRef, tok: Token) -> ActorRef:
    """A registry actor with the offsets of its mention at ``tok``."""
    hit = resolver.hit_span(tok.i)
    if hit is None:
        return actor
    return resolver.from_hit(hit)


def _apposition(resolver: MentionResolver, names: Span) -> tuple[str, ActorRef | None] | None:
    """"X, fellow at the Atlantic Policy Institute", "X, a Stockholm-based economist",
    "X, chairman of the National Assembly of Angola", "X, the Azerbaijani president"."""
    root = names.root
    for child in root.rights:
        if child.dep_ == "appos" and vocabulary().is_title_head(child.text):
            found = _title_of_noun(resolver, child)
            if found is not None:
                return found
    return None


def _appositive_of(resolver: MentionResolver, names: Span) -> tuple[str, ActorRef | None] | None:
    """"his Kazakh counterpart, President X" / "the foreign minister, X": the name is in apposition to a
    title noun."""
    root = names.root
    vocab = vocabulary()
    head = root.head
    if root.dep_ != "appos" or head.i == root.i:
        return None
    if vocab.is_title_head(head.text):
        return _title_of_noun(resolver, head)
    return None


def _appositive_owner(resolver: MentionResolver, names: Span) -> ActorRef | None:
    """"his Kazakh counterpart, President X": whose the title is comes from the noun X is in apposition to."""
    root = names.root
    head = root.head
    vocab = vocabulary()
    if root.dep_ != "appos" or not (vocab.is_title_head(head.text) or head.lower_ in vocab.person_nouns):
        return None
    modifiers = [t for t in resolver.doc[head.left_edge.i:head.i] if resolver.hit_at(t.i) is not None]
    return _modifier_owner(resolver, modifiers)


def _title_of_noun(resolver: MentionResolver, noun: Token) -> tuple[str, ActorRef | None] | None:
    """The title a noun heads (with its modifiers) and whom it is of: a registry modifier, or the object of
    "of"/"at"/"with" ("fellow at the Atlantic Policy Institute")."""
    doc = resolver.doc
    lefts = list(doc[noun.left_edge.i:noun.i + 1])
    match = match_title(lefts, len(lefts))
    if match is None:
        return None
    of = _modifier_owner(resolver, [t for t in lefts[:match.start] if resolver.hit_at(t.i) is not None])
    if of is None:
        for prep in noun.rights:
            if prep.dep_ == "prep" and prep.lower_ in OWNER_PREPOSITIONS:
                of = _prep_owner(resolver, prep)
                if of is not None:
                    break
    return _singular_title(match.text), of


def _prep_owner(resolver: MentionResolver, prep: Token) -> ActorRef | None:
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        span = resolver.doc[obj.left_edge.i:obj.right_edge.i + 1]
        actor = resolver.actor(span)
        if actor is not None and actor.kind != "person":
            if actor.country is None and actor.kind == "other":
                return None
            return actor
        country = _country_within(resolver, span)
        if country is not None:
            return ActorRef(" ".join(span.text.split()), "organisation", country, span.start_char, span.end_char)
    return None


def _country_within(resolver: MentionResolver, span: Span) -> str | None:
    for tok in span:
        hit = resolver.hit_at(tok.i)
        if hit is not None and hit.kind in STATE_KINDS:
            return hit.country
    return None
