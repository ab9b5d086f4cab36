"""Roles ("Kazakh Foreign Minister Daniyar Omarov") and memberships ("The CSTO's other members include
Armenia and Belarus") read from one parsed article field.

Roles come from three shapes around a person's name: a title before it ("U.S. Secretary of State X",
"the President of Kazakhstan X"), an apposition after it ("X, fellow at the Foreign Policy Research
Institute"), or a title noun it is in apposition to ("his Kazakh counterpart, President X"). The title
vocabulary is ``data/facts_titles.tsv``; who the title is "of" is the registry name modifying it.

Memberships come from the dependency tree plus the cue words of ``data/facts_memberships.tsv``: list verbs
whose subject is an organisation ("X includes / is made up of / consisting of A, B"), the member noun
("A is a member of X", "X's other members include A"), leaving, suspending, joining and founding verbs, and
"with the exception of" (the excepted states are non-members). The organisation is a registry
organisation in the phrase, or, for "the organization" / "its participation", the last one named within
a few sentences. Lists and blocs are expanded by :class:`~newsdossier.resolver.MentionResolver`.

Measured by ``eval/eval_facts.py`` against the hand-made gold of the sample articles:

    PYTHONPATH=src .venv/bin/python eval/eval_facts.py
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef, ArticleContext, EventDate, Evidence, ExtractedMembership, ExtractedRole
from newsdossier.nlp.mentions import STATE_KINDS, MentionResolver, match_title, title_key, vocabulary

__all__ = ["extract_memberships", "extract_roles"]

# Sentences looked back for the organisation "the organization" or "its participation" refers to.
ORG_REACH = 3
# Words allowed between a title's modifiers and the name it precedes ("the President of Kazakhstan X").
TITLE_GLUE = frozenset({"of", "for", "and", "the", "'s", "’s", "[", "]", "-", "&"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
ORG_KINDS = frozenset({"organisation"})
# Lists longer than this are not a title's modifiers but a sentence.
MAX_TITLE_CONTEXT = 14


# ---- shared ----------------------------------------------------------------------------------------------


def _date(context: ArticleContext) -> EventDate:
    """Roles and memberships hold as of the article: its publication day, or "reported" when unknown."""
    if context.published is None:
        return EventDate(None, None, "reported")
    return EventDate(context.published, context.published, "day")


def _evidence(text: str, context: ArticleContext, sentence: Span) -> Evidence:
    """The sentence as evidence, whitespace trimmed, so ``doc.text[start:end] == sentence`` exactly."""
    start, end = sentence.start_char, sentence.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(context.article_id, start, end, text[start:end], context.field)


# ---- roles -----------------------------------------------------------------------------------------------


def extract_roles(doc: Doc, context: ArticleContext) -> list[ExtractedRole]:
    """Titles people hold in this field, one per (person, title, of), dated to the article."""
    resolver = MentionResolver(doc, context)
    date = _date(context)
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
            out.append(ExtractedRole(person, title, of, date, _evidence(resolver.text, context, names.sent)))
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
    while i >= 0 and len(tokens) < MAX_TITLE_CONTEXT:
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
    while tokens and tokens[0].lower_ in ("of", "for", "and", "-", "&", "]"):
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
            if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "with", "for", "from"):
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


# ---- memberships -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cues:
    """The word lists of ``data/facts_memberships.tsv`` by kind: lemma -> status."""

    by_kind: dict[str, dict[str, str]]

    def get(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})


@functools.cache
def _cues() -> _Cues:
    text = resources.files("newsdossier").joinpath("data", "facts_memberships.tsv").read_text(encoding="utf-8")
    by_kind: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, lemma, status = (part.strip() for part in line.split("\t"))
            by_kind.setdefault(kind, {})[lemma] = status
    return _Cues(by_kind)


@dataclass(frozen=True, slots=True)
class _Found:
    """One membership before dating and deduplication."""

    organisation: ActorRef
    member: ActorRef
    status: str
    sentence: Span


class _Memberships:
    """State of one :func:`extract_memberships` call: the resolver and the cue lists."""

    def __init__(self, doc: Doc, resolver: MentionResolver) -> None:
        self.doc = doc
        self.resolver = resolver
        self.cues = _cues()

    def run(self) -> Iterator[_Found]:
        cues = self.cues
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX") and (lemma in cues.get("list_verb") or self._members_are(tok)):
                yield from self._list_verb(tok)
            elif tok.pos_ == "NOUN" and lemma in cues.get("member_noun") and tok.dep_ in ("attr", "appos"):
                yield from self._member_noun(tok)
            elif tok.pos_ == "VERB" and lemma in cues.get("leave_verb"):
                yield from self._change(tok, cues.get("leave_verb")[lemma])
            elif tok.pos_ == "VERB" and lemma in cues.get("suspend_verb"):
                yield from self._change(tok, cues.get("suspend_verb")[lemma])
            if tok.pos_ == "VERB" and lemma in cues.get("join_verb") | cues.get("take_part"):
                yield from self._join(tok)
            if tok.pos_ == "VERB" and lemma in cues.get("found_verb"):
                yield from self._founded(tok)
            if tok.lower_ in cues.get("led") and tok.dep_ == "amod":
                yield from self._led(tok)

    def _members_are(self, tok: Token) -> bool:
        """"X's full members are A, B and C": the copula lists members when its subject is the member noun."""
        if tok.lemma_ != "be":
            return False
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.lemma_.lower() in self.cues.get("member_noun")

    # -- organisations --

    def _org_of_noun(self, noun: Token, depth: int = 0) -> ActorRef | None:
        """The organisation a noun stands for: a registry organisation ("the CSTO"), an organisation noun
        with one as modifier ("the C5+1 group"), an apposition's head ("the CSTO, a Moscow-led military
        alliance"), the "X" of "the X group of countries", or for "the organization"/"it" the last one
        named within a few sentences."""
        if depth > 3:
            return None
        resolver = self.resolver
        vocab = vocabulary()
        if noun.lower_ in RELATIVE_PRONOUNS and noun.dep_ in SUBJECT_DEPS:
            return self._org_of_noun(noun.head.head, depth + 1) if noun.head.dep_ == "relcl" else None
        hit = resolver.hit_at(noun.i)
        if hit is not None:
            return hit if hit.kind in ORG_KINDS else None
        if noun.lower_ == "which":
            return self._org_before(noun, same_sentence_only=True)
        singular = vocab.singular(noun.text)
        if singular in vocab.org_nouns or noun.lemma_.lower() in vocab.org_nouns:
            for tok in self.doc[noun.left_edge.i:noun.i]:
                modifier = resolver.hit_at(tok.i)
                if modifier is not None and modifier.kind in ORG_KINDS:
                    return modifier
            if noun.dep_ == "appos":
                return self._org_of_noun(noun.head, depth + 1) or self._org_of_member_noun(noun.head, depth)
            if noun.lemma_.lower() in self.cues.get("anaphor") and any(
                    c.lower_ in ("the", "this", "its", "that") for c in noun.lefts):
                return self._org_before(noun)
            if any(c.lower_ in ("a", "an") for c in noun.lefts):
                return self._described_org(noun)
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            return self._org_of_noun(noun.head.head, depth + 1)
        if noun.lower_ in ("it", "its"):
            return self._org_before(noun)
        return None

    def _described_org(self, noun: Token) -> ActorRef | None:
        """"the SADC, a bloc consisting of ...": a description right after an organisation's name is about
        it even when the parser did not attach it as an apposition."""
        left = noun.left_edge.i
        if left < 2 or self.doc[left - 1].text not in (",", "—", "–", "(", "-"):
            return None
        hit = self.resolver.hit_at(left - 2)
        return hit if hit is not None and hit.kind in ORG_KINDS else None

    def _nearest_org_left(self, verb: Token, head: Token) -> ActorRef | None:
        """The organisation named closest before a list verb inside the phrase the verb modifies: "Leaders of
        the G7 group, made up of ..." when the parser attached "made" to "Leaders"."""
        for i in range(verb.i - 1, head.left_edge.i - 1, -1):
            tok = self.doc[i]
            if self.resolver.hit_at(i) is not None or tok.lemma_.lower() in vocabulary().org_nouns:
                org = self._org_of_noun(tok)
                if org is not None:
                    return org
        return None

    def _org_of_member_noun(self, noun: Token, depth: int) -> ActorRef | None:
        """"a key member of the CSTO, a Moscow-led alliance": the apposition may hang on "member"."""
        if noun.lemma_.lower() not in self.cues.get("member_noun"):
            return None
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return self._org_of_noun(obj, depth + 1)
        return None

    def _org_before(self, tok: Token, *, same_sentence_only: bool = False) -> ActorRef | None:
        """The last registry organisation named before ``tok`` in this sentence or the few before it."""
        sentence = tok.sent
        first = sentence.start
        if not same_sentence_only:
            current = sentence
            for _ in range(ORG_REACH):
                if current.start == 0:
                    break
                current = self.doc[current.start - 1].sent
            first = current.start
        for hit in reversed(self.resolver.hits):
            if first <= hit.start < tok.i and hit.actor.kind in ORG_KINDS:
                return hit.actor
        return None

    def _org_via_prep(self, verb: Token, preps: tuple[str, ...]) -> ActorRef | None:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        org = self._org_of_noun(obj)
                        if org is not None:
                            return org
        return None

    # -- members --

    def _states(self, tok: Token) -> list[ActorRef]:
        """States a phrase headed by ``tok`` names, as countries (lists and blocs expanded)."""
        span = self.doc[tok.left_edge.i:tok.right_edge.i + 1]
        out = []
        for actor in self.resolver.actors_in(span):
            if actor.kind in STATE_KINDS and actor.country:
                out.append(ActorRef(actors.country_name(actor.country), "country", actor.country,
                                    actor.start, actor.end))
        return out

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, inherited through "chose not to participate" / "A joined and B left"."""
        current = verb
        for _ in range(4):
            for child in current.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child
            if current.dep_ not in ("xcomp", "conj", "advcl") or current.head.i == current.i:
                return None
            current = current.head
        return None

    def _subject_states(self, verb: Token, subject: Token) -> tuple[list[ActorRef], list[ActorRef]]:
        """(members, excepted) of a subject: "The Central Asian countries, with the exception of A" gives
        the bloc minus A, and A; "both of them" gives the last two states named in the sentence."""
        if subject.lower_ in ("both", "they", "all"):
            return self._recent_states(subject, 2 if subject.lower_ == "both" else None), []
        members = self._states(subject)
        excepted = self._exceptions(subject) + self._exceptions(verb)
        codes = {e.country for e in excepted}
        return [m for m in members if m.country not in codes], excepted

    def _recent_states(self, tok: Token, count: int | None) -> list[ActorRef]:
        """The last ``count`` distinct states named before ``tok`` in its sentence ("both of them")."""
        sentence = tok.sent
        states: list[ActorRef] = []
        for hit in reversed(self.resolver.hits):
            country = hit.actor.country
            if not (sentence.start <= hit.start < tok.i and hit.actor.kind in STATE_KINDS and country):
                continue
            if country not in {s.country for s in states}:
                anchored = self.resolver.from_hit(hit)
                states.insert(0, ActorRef(actors.country_name(country), "country", country,
                                          anchored.start, anchored.end))
            if count is not None and len(states) == count:
                break
        return states if count is None or len(states) == count else []

    def _exceptions(self, tok: Token) -> list[ActorRef]:
        """States excepted by "with the exception of A", "except A", "excluding A" under ``tok``."""
        return self._cued_states(tok, "exception", linking=("of",))

    def _objects(self, verb: Token) -> list[Token]:
        """What a list verb lists: its direct object, or the object of "of" ("consists of", "made up of")."""
        out = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out.extend(c for c in prep.children if c.dep_ == "pobj")
        return out

    def _additions(self, verb: Token) -> list[ActorRef]:
        """"In addition to Russia, current members include ...": Russia is a member too."""
        return self._cued_states(verb, "addition", linking=None)

    def _cued_states(self, head: Token, cue: str, linking: tuple[str, ...] | None) -> list[ActorRef]:
        """States under a cue preposition ("except A") or a cue noun's linking preposition ("exception of A").

        ``linking`` limits which prepositions may follow the cue noun; None accepts any ("addition to").
        """
        cues = self.cues.get(cue)
        out = []
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            if prep.lower_ in cues:
                out.extend(s for obj in prep.children if obj.dep_ == "pobj" for s in self._states(obj))
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in cues:
                    for link in obj.children:
                        if link.dep_ == "prep" and (linking is None or link.lower_ in linking):
                            out.extend(s for o in link.children if o.dep_ == "pobj" for s in self._states(o))
        return out

    # -- patterns --

    def _list_verb(self, verb: Token) -> Iterator[_Found]:
        """"X includes A and B", "X's other members include A", "a group made up of A and B", "an alliance
        that includes A", "the group of countries consisting of A, B"."""
        subject = self._subject(verb) if verb.dep_ not in ("acl",) else verb.head
        if subject is None:
            return
        status = "member"
        org = None
        if subject.lemma_.lower() in self.cues.get("member_noun"):
            org = self._owner_of_members(subject)
            status = self._status(subject)
        else:
            org = self._org_of_noun(subject)
            if org is None and verb.dep_ in ("acl", "relcl"):
                org = self._nearest_org_left(verb, subject)
        if org is None:
            return
        members = [s for obj in self._objects(verb) for s in self._states(obj)]
        if status == "member":
            members += self._additions(verb)
        for member in members:
            yield _Found(org, member, status, verb.sent)

    def _owner_of_members(self, noun: Token) -> ActorRef | None:
        """The organisation of "the CSTO's members", "members of the CSTO", or, bare, the last one named."""
        for child in noun.children:
            if child.dep_ == "poss":
                return self._org_of_noun(child) or (self._org_before(noun) if child.lower_ == "its" else None)
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._org_of_noun(obj)
        return self._org_before(noun)

    def _status(self, noun: Token) -> str:
        mods = self.cues.get("status_mod")
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "advmod") and child.lower_ in mods:
                return mods[child.lower_]
        return "member"

    def _member_noun(self, noun: Token) -> Iterator[_Found]:
        """"A is a (key) member of X", "A and B are members of X", "A, a member of X", "X, of which both of
        them are members"; a negated copula makes A a non-member."""
        org = None
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                org = next((self._org_of_noun(o) for o in prep.children if o.dep_ == "pobj"), None)
        for child in noun.children:
            if org is None and child.dep_ == "poss":
                org = self._org_of_noun(child)
        if org is None and noun.dep_ == "attr":
            org = next((self._org_of_noun(o) for prep in noun.head.children if prep.dep_ == "prep"
                        and prep.lower_ == "of" for o in prep.children if o.dep_ == "pobj"), None)
        if org is None:
            return
        status = self._status(noun)
        if noun.dep_ == "appos":
            members, excepted = self._states(noun.head), []
        else:
            subject = self._subject(noun.head)
            if subject is None:
                return
            members, excepted = self._subject_states(noun.head, subject)
            if any(c.dep_ == "neg" for c in noun.head.children):
                status = "non-member"
        for member in members:
            yield _Found(org, member, status, noun.sent)
        for member in excepted:
            yield _Found(org, member, "non-member", noun.sent)

    def _change(self, verb: Token, status: str) -> Iterator[_Found]:
        """"A withdrew from X", "A left X", "A ended its participation in X", "A suspended its involvement"
        (X then is the organisation named last)."""
        if self._hypothetical(verb):
            return
        subject = self._subject(verb)
        if subject is None:
            return
        if subject.lemma_.lower() in self.cues.get("stake_noun"):
            yield from self._stake_changed(subject, status)
            return
        org = self._org_via_prep(verb, ("from", "in", "of"))
        stakes = self.cues.get("stake_noun")
        for obj in verb.children:
            if obj.dep_ != "dobj" or org is not None:
                continue
            direct = self._org_of_noun(obj) if obj.lemma_.lower() not in stakes else None
            if direct is not None:
                org = direct
            elif obj.lemma_.lower() in stakes:
                org = self._org_via_prep(obj, ("in", "of", "from")) or self._org_before(obj)
        if org is None:
            return
        for member in self._states(subject):
            yield _Found(org, member, status, verb.sent)

    def _hypothetical(self, verb: Token) -> bool:
        """"applied to join", "will leave", "a vote to leave", "waiting to join": a plan or a possibility,
        not a fact ("declined to join" is a refusal, read by :meth:`_refused`)."""
        if any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in verb.children):
            return not self._refused(verb)
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.cues.get("intent")

    def _refused(self, verb: Token) -> bool:
        """"declined to join", "chose not to participate": the subject stays out."""
        if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in self.cues.get("refusal"):
            return False
        negated = any(c.dep_ == "neg" for c in verb.children)
        return verb.head.lemma_.lower() != "choose" or negated

    def _stake_changed(self, stake: Token, status: str) -> Iterator[_Found]:
        """"Venezuela's membership in Mercosur was suspended": the owner of the stake, in the organisation."""
        org = self._org_via_prep(stake, ("in", "of", "from")) or self._org_before(stake)
        owner = next((c for c in stake.children if c.dep_ == "poss"), None)
        if org is None or owner is None:
            return
        for member in self._states(owner):
            yield _Found(org, member, status, stake.sent)

    def _join(self, verb: Token) -> Iterator[_Found]:
        """"A joined X" (member); "A chose not to participate in X" / "A did not join X" / "A declined to
        join X" (non-member); "A applied to join X" says nothing yet."""
        if self._hypothetical(verb):
            return
        negated = any(c.dep_ == "neg" for c in verb.children) or self._refused(verb)
        lemma = verb.lemma_.lower()
        status = self.cues.get("take_part").get(lemma) if negated else self.cues.get("join_verb").get(lemma)
        if status is None:
            return
        org = next((self._org_of_noun(o) for o in verb.children if o.dep_ == "dobj"), None)
        org = org or self._org_via_prep(verb, ("in", "to"))
        subject = self._subject(verb)
        if org is None or subject is None:
            return
        for member in self._states(subject):
            yield _Found(org, member, status, verb.sent)

    def _founded(self, verb: Token) -> Iterator[_Found]:
        """"X was launched by A and B" / "A and B founded X": founders are members."""
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        if passive:
            subject = next(c for c in verb.children if c.dep_ == "nsubjpass")
            org = self._org_of_noun(subject)
            founders = [o for agent in verb.children if agent.dep_ == "agent"
                        for o in agent.children if o.dep_ == "pobj"]
        else:
            org = next((self._org_of_noun(o) for o in verb.children if o.dep_ == "dobj"), None)
            subject = self._subject(verb)
            founders = [subject] if subject is not None else []
        if org is None:
            return
        for founder in founders:
            for member in self._states(founder):
                yield _Found(org, member, "member", verb.sent)

    def _led(self, led: Token) -> Iterator[_Found]:
        """"the CSTO, a Moscow-led military alliance": the leading state is a member."""
        leader = next((c for c in led.children if c.dep_ in ("npadvmod", "compound", "nmod")), None)
        if leader is None:
            return
        org = self._org_of_noun(led.head)
        if org is None:
            return
        for member in self._states(leader):
            yield _Found(org, member, "member", led.sent)


def extract_memberships(doc: Doc, context: ArticleContext, resolver: MentionResolver) -> list[ExtractedMembership]:
    """Memberships of states in organisations stated in this field, one per (organisation, member, status)."""
    date = _date(context)
    seen: set[tuple[str, str | None, str]] = set()
    out: list[ExtractedMembership] = []
    for found in _Memberships(doc, resolver).run():
        key = (found.organisation.name, found.member.country, found.status)
        if key in seen:
            continue
        seen.add(key)
        org = ActorRef(found.organisation.name, "organisation", found.organisation.country)
        out.append(ExtractedMembership(org, found.member, found.status, date,
                                       _evidence(resolver.text, context, found.sentence)))
    return out
