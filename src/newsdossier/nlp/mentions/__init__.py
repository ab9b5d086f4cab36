"""Mentions in one parsed article field -> actors: people, states, governments, organisations and blocs.

The extractors (events, quotes, roles, memberships) all ask the same questions about a noun phrase: who is
"Kazakh President Aigerim Sadykova" (a person, of Kazakhstan, not Kazakhstan itself), "the Kremlin" (the
Russian government), "Kazakhstan, Kyrgyzstan and Tajikistan" (three states), "the two leaders" (the last two
people named), "he" (the last fitting person). One :class:`MentionResolver` per field answers them.

How it decides, cheapest evidence first:

* registry names (:mod:`newsdossier.actors`) are found once per document by a longest-match scan over token
  n-grams starting at capitalised tokens, so NER's frequent label errors ("Armenia" as ORG, "Tajikistan" as
  NORP) do not matter and a phrase is resolved by looking at the registry hits inside it;
* people come from PERSON entities, from capitalised names after a title or honorific that NER missed, and
  from surnames already seen; ``roles`` (found anywhere in the article) give their full name and country;
* the head noun decides what a phrase is: a name, a title ("the Kazakh foreign minister" -> a person by
  role), a state body ("Russia's Foreign Ministry" -> the government), an organisation noun ("the C5+1
  group" -> the organisation), or nothing (a registry name in a modifier, as in "Moscow's influence", does
  not make the phrase an actor).

Names: people get their full name as seen in the article, organisations and blocs the registry's canonical
name (their identity), states and governments the surface text (the ISO code carries the identity).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsdossier.lexicon import registry as actors
from newsdossier.models import ActorRef, ArticleContext, ExtractedRole

__all__ = ["MentionResolver", "TitleMatch", "Vocabulary", "match_title", "vocabulary"]

# Longest registry name, in tokens, tried at each position ("Organization for Security and Co-operation in
# Europe" is the longest in common use).
MAX_NAME_TOKENS = 9
# Sentences looked back for a pronoun's antecedent; beyond this a guess is worse than no answer.
PRONOUN_REACH = 6
STATE_KINDS = frozenset({"country", "government"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Right-hand dependents that are not part of a noun phrase's own name.
NOT_CORE_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "prep", "npadvmod"})
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "both": 2}
FEMININE = frozenset({"she", "her", "hers", "herself"})
MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE_HONORIFICS = frozenset({"mrs", "ms", "miss", "madam", "mme", "dame", "lady"})
MASCULINE_HONORIFICS = frozenset({"mr", "sir", "herr", "lord", "m"})
# Text of a parenthesised photo credit ("(Jane Roe/AP)", "(AP Photo)") or a credit line ("A | Getty Images").
_CREDIT = re.compile(r"/|\b(photo|photos|images|photograph)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-Z0-9]")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of ``data/facts_titles.tsv``, as sets for one-look-up membership tests."""

    titles: frozenset[str]
    title_heads: frozenset[str]
    prefixes: frozenset[str]
    honorifics: frozenset[str]
    plurals: dict[str, str]
    bodies: frozenset[str]
    people: frozenset[str]
    person_nouns: frozenset[str]
    org_nouns: frozenset[str]
    portfolios: frozenset[str]
    state_nouns: frozenset[str]
    max_title_words: int

    def singular(self, word: str) -> str:
        """"ministers" -> "minister", "spokesmen" -> "spokesman"; other words unchanged."""
        lower = word.lower()
        if lower in self.plurals:
            return self.plurals[lower]
        if lower.endswith("s") and lower[:-1] in self.title_heads:
            return lower[:-1]
        return lower

    def is_title_head(self, word: str) -> bool:
        return self.singular(word) in self.title_heads


@functools.cache
def vocabulary() -> Vocabulary:
    """Read the title vocabulary once per process."""
    text = resources.files("newsdossier").joinpath("data", "facts_titles.tsv").read_text(encoding="utf-8")
    sets: dict[str, set[str]] = {}
    plurals: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, phrase, *rest = line.split("\t")
        if kind == "plural":
            plurals[phrase.strip()] = rest[0].strip()
        elif kind == "title":  # hyphens as spaces, as match_title compares ("secretary-general")
            sets.setdefault(kind, set()).add(" ".join(phrase.lower().replace("-", " ").split()))
        else:
            sets.setdefault(kind, set()).add(phrase.strip().lower())
    titles = frozenset(sets.get("title", ()))
    return Vocabulary(
        titles=titles,
        title_heads=frozenset(t.split()[-1] for t in titles),
        prefixes=frozenset(sets.get("prefix", ())),
        honorifics=frozenset(sets.get("honorific", ())),
        plurals=plurals,
        bodies=frozenset(sets.get("body", ())),
        people=frozenset(sets.get("people", ())),
        person_nouns=frozenset(sets.get("person", ())),
        org_nouns=frozenset(sets.get("org_noun", ())),
        portfolios=frozenset(sets.get("portfolio", ())),
        state_nouns=frozenset(sets.get("state_noun", ())),
        max_title_words=max((len(t.split()) for t in titles), default=1),
    )


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A title found in a run of tokens: ``tokens[start:end]`` (prefixes included), its text as written."""

    start: int
    end: int
    text: str
    plural: bool


def _plain(word: str) -> str:
    return word.lower().rstrip(".")


def _run_text(tokens: Sequence[Token]) -> str:
    """The text of a contiguous token run as written (``Doc.text`` is rebuilt on every access; a span's
    text is not)."""
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text


def _phrase(tokens: Sequence[Token]) -> str:
    """Lower-case words of a token run with hyphens as spaces ("Secretary-General" = "secretary general")."""
    return " ".join(_run_text(tokens).lower().replace("-", " ").split())


# Prefixes that change what a title means keep it in any case ("former President X" is not the president).
MEANING_PREFIXES = frozenset({"former", "ex", "then", "acting", "interim"})


def match_title(tokens: Sequence[Token], end: int) -> TitleMatch | None:
    """The longest title phrase ending at ``tokens[end - 1]`` ("Acting Foreign Minister", "Secretary of
    State"), extended left over title prefixes ("acting", "deputy"); None if that token ends no title.
    A capitalised title only takes capitalised prefixes ("under Professor X" is not a title "under ...")."""
    vocab = vocabulary()
    if end <= 0 or not vocab.is_title_head(tokens[end - 1].text):
        return None
    best = None
    singular_head = vocab.singular(tokens[end - 1].text)
    for size in range(min(vocab.max_title_words + 2, end), 0, -1):
        words = _phrase(tokens[end - size:end]).split()
        if not words:
            continue
        words[-1] = singular_head
        if " ".join(words) in vocab.titles:
            best = end - size
            break
    if best is None:
        return None
    start = best
    capitalised = tokens[best].text[:1].isupper()
    while start > 0:
        prev = tokens[start - 1]
        if prev.text == "-" and start > 1 and tokens[start - 2].lower_ in vocab.prefixes:
            start -= 2
        elif prev.lower_ in vocab.prefixes and (prev.lower_ in MEANING_PREFIXES
                                                 or prev.text[:1].isupper() == capitalised):
            start -= 1
        else:
            break
    text = _run_text(tokens[start:end])
    plural = singular_head != tokens[end - 1].lower_
    return TitleMatch(start, end, " ".join(text.split()), plural)


def title_key(title: str) -> str:
    """A title compared across mentions: case, "acting"/"interim" and a plural do not matter."""
    vocab = vocabulary()
    words = [w for w in title.lower().replace("-", " ").split() if w not in ("acting", "interim", "the")]
    if words:
        words[-1] = vocab.singular(words[-1])
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Hit:
    """A registry name found in the document: tokens ``start..end-1``."""

    start: int
    end: int
    actor: ActorRef


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One mention of a person in this document: tokens ``start..end-1``, the full name it stands for,
    whether it is a clause subject, whether it sits in a photo credit, and the gender an honorific gave."""

    start: int
    end: int
    name: str
    subject: bool
    credit: bool
    gender: str | None


@dataclass(slots=True)
class _People:
    """Who is who in one article: full names by surname and first name, countries, genders."""

    by_surname: dict[str, list[str]] = field(default_factory=dict)
    by_first: dict[str, list[str]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)

    def add(self, name: str) -> None:
        parts = name.split()
        if len(parts) < 2:
            return
        for table, key in ((self.by_surname, _fold(parts[-1])), (self.by_first, _fold(parts[0]))):
            names = table.setdefault(key, [])
            if name not in names:
                names.append(name)

    def full(self, name: str) -> str:
        """The full name a partial mention stands for ("Ortega" -> "Luis Ortega"), or the name itself; the
        first registered wins (roles are registered first)."""
        parts = name.split()
        if len(parts) != 1:
            return name
        key = _fold(parts[0])
        candidates = self.by_surname.get(key) or self.by_first.get(key)
        return candidates[0] if candidates else name


def _fold(word: str) -> str:
    return actors.fold(word).strip(".'’")


def strip_name(tokens: Sequence[Token]) -> list[Token]:
    """Tokens of a person's name without honorifics, titles, a possessive or surrounding punctuation."""
    vocab = vocabulary()
    out = list(tokens)
    while out and (_plain(out[0].text) in vocab.honorifics or out[0].lower_ in vocab.prefixes
                   or vocab.is_title_head(out[0].text) or (not out[0].is_alpha and not out[0].is_title)):
        out.pop(0)
    while out and (out[-1].tag_ == "POS" or out[-1].is_punct or out[-1].lower_ in ("'s", "’s")):
        out.pop()
    return out


def name_text(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    return " ".join(_run_text(tokens).split())


class MentionResolver:
    """Resolves noun phrases and pronouns of one parsed field to :class:`ActorRef` records.

    ``roles`` are the roles found anywhere in the article (all fields): they give people their country and
    full name, and let "the Kazakh foreign minister" be the person named elsewhere with that title.
    """

    def __init__(self, doc: Doc, context: ArticleContext, roles: Sequence[ExtractedRole] = ()) -> None:
        self.doc = doc
        self.text, self.hits = _parsed_field(doc)
        self.context = context
        self.roles = list(roles)
        self._people = _People()
        self._hit_at = {i: hit for hit in self.hits for i in range(hit.start, hit.end)}
        self._learn_roles()
        self.mentions = self._person_mentions()
        self._mention_at = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self._sets_cache: list[tuple[int, tuple[ActorRef, ...]]] | None = None

    # ---- look-ups for extractors -------------------------------------------------------------------------

    def hit_at(self, i: int) -> ActorRef | None:
        """The registry actor named at token ``i`` (no offsets), if any."""
        hit = self._hit_at.get(i)
        return hit.actor if hit is not None else None

    def hit_span(self, i: int) -> Hit | None:
        """The registry name covering token ``i`` (its token range and actor), if any."""
        return self._hit_at.get(i)

    def from_hit(self, hit: Hit) -> ActorRef:
        """The actor of a registry name with the offsets of its mention."""
        first, last = self.doc[hit.start], self.doc[hit.end - 1]
        return self._from_hit(hit, first.idx, last.idx + len(last))

    def in_hyphen_compound(self, i: int) -> bool:
        """True when the registry name at token ``i`` only builds a hyphenated adjective ("London-based",
        "Moscow-led", "U.S.-backed"): such a name places or qualifies, it does not own the noun."""
        hit = self._hit_at.get(i)
        end = hit.end if hit is not None else i + 1
        doc = self.doc
        return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_

    def mention_at(self, i: int) -> PersonMention | None:
        """The person mention covering token ``i``, if any."""
        return self._mention_at.get(i)

    # ---- people ------------------------------------------------------------------------------------------

    def _learn_roles(self) -> None:
        for role in self.roles:
            name = role.person.name
            self._people.add(name)
            country = role.person.country or (role.of.country if role.of is not None else None)
            if country and name not in self._people.countries:
                self._people.countries[name] = country

    def _person_mentions(self) -> list[PersonMention]:
        """Every mention of a person in the document, in order. A surname alone stands for a full name with
        that surname mentioned before it; when there are several (a president and a spouse in one article), the one an
        honorific's gender fits, else the one introduced first (the story's principal, by convention)."""
        spans = self._person_spans()
        mentions = []
        seen: dict[str, list[str]] = {}
        for tokens in spans:
            text = name_text(tokens)
            parts = text.split()
            gender = self._gender(tokens)
            if len(parts) == 1:
                name = self._pick(seen.get(_fold(parts[0]), []), gender) or self._people.full(text)
            else:
                name = text
                for key in (_fold(parts[-1]), _fold(parts[0])):
                    if name not in seen.setdefault(key, []):
                        seen[key].append(name)
            if gender:
                self._people.genders.setdefault(name, gender)
            root = min(tokens, key=lambda t: _depth(t))
            mentions.append(PersonMention(tokens[0].i, tokens[-1].i + 1, name, _is_subject(root),
                                          _is_credit(self.text, tokens[0].idx), gender))
        return mentions

    def _pick(self, candidates: list[str], gender: str | None) -> str | None:
        if gender is not None:
            fitting = [c for c in candidates if self._people.genders.get(c) in (gender, None)]
            candidates = fitting or candidates
        return candidates[0] if candidates else None

    def _person_spans(self) -> list[list[Token]]:
        """Token runs naming people: PERSON entities that are not registry names, capitalised names after a
        title or honorific that NER missed, and later bare mentions of a surname already known."""
        doc = self.doc
        taken: set[int] = set()
        spans: list[list[Token]] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            tokens = strip_name(ent)
            if tokens and not any(t.i in self._hit_at for t in tokens) and _looks_like_name(tokens):
                spans.append(tokens)
                taken.update(t.i for t in tokens)
        for tokens in self._names_after_titles(taken):
            spans.append(tokens)
            taken.update(t.i for t in tokens)
        for tokens in spans:
            self._people.add(name_text(tokens))
        known = set(self._people.by_surname) | {_fold(n.split()[-1]) for n in self._role_names()}
        for tok in doc:
            if tok.i not in taken and tok.pos_ == "PROPN" and tok.is_title and _fold(tok.text) in known \
                    and tok.i not in self._hit_at:
                spans.append([tok])
        spans.sort(key=lambda s: s[0].i)
        return spans

    def _role_names(self) -> Iterator[str]:
        for role in self.roles:
            yield role.person.name

    def _names_after_titles(self, taken: set[int]) -> Iterator[list[Token]]:
        """Capitalised names right after an honorific or a title ("Mr. Haddad", "President of Ghana
        Kwame Mensah") that NER missed or folded into an ORG entity together with the title."""
        vocab = vocabulary()
        doc = self.doc
        for tok in doc:
            cue = _plain(tok.text) in vocab.honorifics or (tok.is_title and vocab.is_title_head(tok.text)
                                                            and vocab.singular(tok.text) == tok.lower_)
            if not cue or tok.i in self._hit_at:
                continue
            first = self._after_of_tail(tok.i + 1)
            run = self._name_run(first, taken)
            if run and _looks_like_name(run) and self._named_after(tok, run):
                yield run

    def _named_after(self, cue: Token, run: list[Token]) -> bool:
        """Whether a capitalised run after a cue is a name: after an honorific, anything NER did not call a
        place or an organisation; after a title, only a run NER folded into one entity with the title and
        something before it ("Kazakh President X" tagged ORG), never an entity the title starts ("General
        Motors") or a bare capitalised word ("General Election")."""
        first = run[0]
        if _plain(cue.text) in vocabulary().honorifics:
            return first.ent_type_ not in ("GPE", "LOC", "DATE", "TIME")
        if first.ent_iob_ != "I" or first.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            return False
        start = first.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        if start >= cue.i + 2:
            return True
        return start < cue.i and any(i in self._hit_at for i in range(start, cue.i))

    def _after_of_tail(self, i: int) -> int:
        """Skip "of Kazakhstan" after a title: the name starts after the registry name."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ == "of" and i + 1 in self._hit_at:
            return self._hit_at[i + 1].end
        return i

    def _name_run(self, first: int, taken: set[int]) -> list[Token]:
        """Up to four capitalised proper-noun tokens from ``first``, hyphenated parts included."""
        vocab = vocabulary()
        doc = self.doc
        run: list[Token] = []
        for nxt in doc[first:first + 6]:
            if nxt.text == "-" and run and not run[-1].whitespace_ and not nxt.whitespace_:
                run.append(nxt)
                continue
            if nxt.i in taken or nxt.i in self._hit_at or not nxt.text[:1].isupper():
                break
            if nxt.pos_ != "PROPN" or vocab.is_title_head(nxt.text) or nxt.lower_ in vocab.prefixes:
                break
            run.append(nxt)
        while run and run[-1].text == "-":
            run.pop()
        return run

    def _gender(self, tokens: Sequence[Token]) -> str | None:
        first = tokens[0]
        if first.i == 0:
            return None
        before = _plain(self.doc[first.i - 1].text)
        if before in FEMININE_HONORIFICS:
            return "f"
        if before in MASCULINE_HONORIFICS:
            return "m"
        return None

    def _person(self, name: str, start: int, end: int) -> ActorRef:
        return ActorRef(name, "person", self._people.countries.get(name), start, end)

    def person_before(self, token: Token, *, role_hint: str | None = None) -> ActorRef | None:
        """The person a pronoun stands for: with a ``role_hint`` ("Kazakh foreign minister") the holder of
        that role; otherwise the last person named before it, preferring a subject of the same clause or
        of the sentences just before, skipping photo credits and people of the wrong gender."""
        start, end = token.idx, token.idx + len(token)
        if role_hint:
            holder = self._role_holder_from_hint(role_hint)
            if holder is not None:
                return self._person(holder, start, end)
        gender = "f" if token.lower_ in FEMININE else "m" if token.lower_ in MASCULINE else None
        candidates = [m for m in self.mentions if m.end <= token.i and not m.credit
                      and self._gender_fits(m.name, gender)]
        if not candidates:
            return None
        sentence = token.sent
        subject = self._subject_nearby(candidates, sentence)
        chosen = subject or candidates[-1]
        return self._person(chosen.name, start, end)

    def _gender_fits(self, name: str, gender: str | None) -> bool:
        known = self._people.genders.get(name)
        return gender is None or known is None or known == gender

    def _subject_nearby(self, candidates: list[PersonMention], sentence: Span) -> PersonMention | None:
        sentences = list(_sentences_back(sentence, PRONOUN_REACH))
        for sent in sentences:
            inside = [m for m in candidates if sent.start <= m.start < sent.end]
            subjects = [m for m in inside if m.subject]
            if subjects:
                return subjects[-1]
            if inside and sent is not sentence:
                return inside[-1]
        return None

    def _role_holder_from_hint(self, hint: str) -> str | None:
        """"Kazakh foreign minister" -> the person holding that title for that country per ``roles``."""
        words = hint.split()
        country = None
        for size in range(len(words), 0, -1):
            actor = actors.lookup(" ".join(words[:size]))
            if actor is not None and actor.country:
                country, words = actor.country, words[size:]
                break
        return self._role_holder(" ".join(words), country)

    def _role_holder(self, title: str, country: str | None) -> str | None:
        """The person whose role has this title (and country, when given); None if none or ambiguous."""
        key = title_key(title)
        names = []
        for role in self.roles:
            role_country = role.person.country or (role.of.country if role.of is not None else None)
            fits = title_key(role.title) == key and (country is None or role_country == country)
            if fits and role.person.name not in names:
                names.append(role.person.name)
        return names[0] if len(names) == 1 else None

    # ---- noun phrases ------------------------------------------------------------------------------------

    def actor(self, span: Span) -> ActorRef | None:
        """The one actor a noun phrase or entity span names, with the phrase's offsets; None if it names none
        (a registry word only in a modifier, a plural title, an unknown common noun)."""
        core = self.core(span)
        if core is None:
            return None
        root = core.root
        start, end = core.start_char, core.end_char
        mention = self._mention_at.get(root.i)
        if mention is not None and not mention.credit:
            return self._person(mention.name, start, end)
        hit = self._hit_at.get(root.i)
        if hit is not None:
            return self._from_hit(hit, start, end)
        return self._by_head(core, root)

    def core(self, span: Span) -> Span | None:
        """The phrase without what is not its name: leading/trailing punctuation, a possessive, appositions,
        relative clauses and prepositions other than "of" after the head."""
        if len(span) == 0:
            return None
        root = span.root
        right = root.i
        for child in root.rights:
            if child.i >= span.end:
                break
            if child.dep_ in NOT_CORE_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
                break
            right = max(right, min(child.right_edge.i, span.end - 1))
        left = max(span.start, root.left_edge.i)
        doc = span.doc
        while left <= right and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ == "cc"):
            left += 1
        while right >= left and (doc[right].is_punct or doc[right].is_space or doc[right].tag_ == "POS"):
            right -= 1
        if left > right:
            return None
        return doc[left:right + 1]

    def _from_hit(self, hit: Hit, start: int, end: int) -> ActorRef:
        actor = hit.actor
        if actor.kind in ("organisation", "group"):
            return ActorRef(actor.name, actor.kind, actor.country, start, end)
        surface = self.text[start:end]
        return ActorRef(" ".join(surface.split()), actor.kind, actor.country, start, end)

    def _by_head(self, core: Span, root: Token) -> ActorRef | None:
        """A phrase whose head is a common noun or an unknown name: decided by what the head is."""
        vocab = vocabulary()
        start, end = core.start_char, core.end_char
        surface = " ".join(core.text.split())
        owner = self._owner(core, root)
        head = root.lower_
        singular = vocab.singular(root.text)
        if head in vocab.people and owner is not None:
            kind = "group" if owner.kind == "group" else "government"
            name = owner.name if kind == "group" else surface
            return ActorRef(name, kind, owner.country, start, end) if owner.country or kind == "group" else None
        if vocab.is_title_head(root.text) or head in vocab.person_nouns:
            return self._role_actor(core, root, owner)
        if head in vocab.bodies or _compound_phrase(root) in vocab.bodies:
            return ActorRef(surface, "government", owner.country, start, end) if owner and owner.country else None
        if singular in vocab.org_nouns and owner is not None and owner.kind == "organisation":
            return ActorRef(owner.name, "organisation", None, start, end)
        return self._unknown_name(core, root, owner)

    def _unknown_name(self, core: Span, root: Token, owner: ActorRef | None) -> ActorRef | None:
        """A named entity the registry does not know: organisations are actors; places are kept as places."""
        surface = " ".join(core.text.split())
        if root.ent_type_ == "ORG" and root.pos_ == "PROPN":
            country = owner.country if owner is not None else None
            entity = entity_of(root)
            if entity is not None and entity.start >= core.start and entity.end > core.end:
                # the name goes on past what the parse calls the phrase ("Institute for Strategic Studies")
                return ActorRef(" ".join(entity.text.split()), "organisation", country,
                                entity.start_char, entity.end_char)
            return ActorRef(surface, "organisation", country, core.start_char, core.end_char)
        if root.ent_type_ in ("GPE", "LOC", "FAC") and root.pos_ == "PROPN":
            return ActorRef(surface, "other", None, core.start_char, core.end_char)
        return None

    def _owner(self, core: Span, root: Token) -> ActorRef | None:
        """The registry actor a phrase's head belongs to: a modifier ("Kazakh", "Kremlin", "Russia's") or an
        "of" phrase ("President of Kazakhstan", "National Assembly of Angola")."""
        found = None
        for hit in self.hits:
            if core.start <= hit.start and hit.end <= root.i and not self.in_hyphen_compound(hit.start):
                found = hit.actor  # the modifier nearest the head wins ("U.S. Senate Foreign ... Committee")
        if found is not None:
            return found
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i < core.end:
                for obj in child.children:
                    hit = self._hit_at.get(obj.i)
                    if obj.dep_ == "pobj" and hit is not None:
                        return hit.actor
        return None

    def _role_actor(self, core: Span, root: Token, owner: ActorRef | None) -> ActorRef | None:
        """"the Kazakh foreign minister": the person holding that role per ``roles``, else a person known only
        by role and country; None for plural titles and for titles with nothing to anchor them."""
        vocab = vocabulary()
        start, end = core.start_char, core.end_char
        if vocab.singular(root.text) != root.lower_:
            return None
        tokens = list(core)
        match = match_title(tokens, root.i - core.start + 1)
        country = owner.country if owner is not None else None
        if match is not None:
            holder = self._role_holder(match.text, country)
            if holder is None and country is None and core[0].lower_ == "the":
                holder = self._role_holder(match.text, None)
            if holder is not None:
                return self._person(holder, start, end)
        if country is None:
            return None
        return ActorRef(" ".join(core.text.split()), "person", country, start, end)

    # ---- lists and groups --------------------------------------------------------------------------------

    def actors_in(self, span: Span) -> list[ActorRef]:
        """All actors a phrase stands for: each member of a coordination ("Kazakhstan, Kyrgyzstan and
        Tajikistan"), the states of a counted bloc ("the five Central Asian states"), the examples of a
        vague group ("former Soviet republics such as Armenia and Belarus"), the N most recent of a kind
        for an anaphor ("the two leaders"), the role holders of "the foreign ministers of the five
        countries"; otherwise the single :meth:`actor`, or nothing."""
        if len(span) == 0:
            return []
        root = span.root
        conjuncts = [root, *(c for c in self._list_members(root) if span.start <= c.i < span.end)]
        out: list[ActorRef] = []
        for tok in conjuncts:
            sub = _conjunct_span(tok, span) if len(conjuncts) > 1 else span
            out.extend(self._expand(sub))
        return _dedupe(out)

    def _list_members(self, root: Token) -> list[Token]:
        """Later members of a list headed by ``root``: conjuncts, and states the parser attached as
        appositions ("Kazakhstan, Kyrgyzstan, Armenia and Belarus" often parses Kyrgyzstan as appos)."""
        out: list[Token] = []
        stack = [root]
        root_is_state = self._is_state(root)
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ == "conj" or (child.dep_ == "appos" and root_is_state and self._is_state(child)):
                    out.append(child)
                    stack.append(child)
        return sorted(out, key=lambda t: t.i)

    def _is_state(self, tok: Token) -> bool:
        hit = self._hit_at.get(tok.i)
        return hit is not None and hit.actor.kind in STATE_KINDS

    def _expand(self, span: Span) -> list[ActorRef]:
        core = self.core(span)
        if core is None:
            return []
        root = core.root
        examples = _examples(root, span)
        if examples is not None:
            named = self.actors_in(examples)
            if named:
                return named
        number = _number(root)
        vocab = vocabulary()
        named = root.i in self._hit_at or root.i in self._mention_at
        if not named and vocab.is_title_head(root.text) and vocab.singular(root.text) != root.lower_:
            holders = self._role_holders(core, root)
            if holders:
                return holders
        actor = self.actor(span)
        if actor is not None and actor.kind == "group":
            members = actors.group_members(actor.name)
            if members and (number == len(members) or _says_all(root)):
                return [self._state(iso3, core) for iso3 in members]
        if actor is not None:
            return [actor]
        if number is not None and root.pos_ == "NOUN":
            recent = self._recent(number, root, core)
            if recent:
                return recent
            if root.lemma_.lower() in vocab.state_nouns:
                # "the five countries" the text never listed: a set of states, named as written
                return [ActorRef(" ".join(core.text.split()), "group", None, core.start_char, core.end_char)]
        return []

    def _state(self, iso3: str, core: Span) -> ActorRef:
        return ActorRef(actors.country_name(iso3), "country", iso3, core.start_char, core.end_char)

    def _role_holders(self, core: Span, root: Token) -> list[ActorRef]:
        """"the foreign ministers of the five countries": one person per state, by role when known."""
        match = match_title(list(core), root.i - core.start + 1)
        if match is None:
            return []
        title = vocabulary().singular(match.text.split()[-1])
        title = " ".join([*match.text.lower().split()[:-1], title])
        states: list[ActorRef] = []
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        states = self.actors_in(self.doc[obj.left_edge.i:obj.right_edge.i + 1])
        owner = self._owner(core, root)
        if not states and owner is not None and owner.kind == "group":
            states = [self._state(iso3, core) for iso3 in actors.group_members(owner.name)]
        out = []
        for state in states:
            if state.kind == "group" and not state.country:
                # states the text never listed: the holders are a group as written
                return [ActorRef(" ".join(core.text.split()), "group", None, core.start_char, core.end_char)]
            if state.kind not in STATE_KINDS or not state.country:
                continue
            holder = self._role_holder(title, state.country)
            name = holder or f"the {title} of {actors.country_name(state.country)}"
            out.append(ActorRef(name, "person", state.country, core.start_char, core.end_char))
        return out

    def _recent(self, number: int, root: Token, core: Span) -> list[ActorRef]:
        """"the two leaders" -> the last two people named; "the five countries" -> the last set of five
        states the text listed or named as a bloc, else the last five distinct states mentioned."""
        vocab = vocabulary()
        start, end = core.start_char, core.end_char
        if root.lower_ in vocab.people or vocab.is_title_head(root.text) or root.lemma_ in ("man", "woman"):
            names: list[str] = []
            for mention in reversed([m for m in self.mentions if m.end <= core.start and not m.credit]):
                if mention.name not in names:
                    names.append(mention.name)
                if len(names) == number:
                    return [self._person(n, start, end) for n in reversed(names)]
            return []
        for position, members in reversed(self._sets()):
            if position < core.start and len(members) == number:
                return [ActorRef(a.name, a.kind, a.country, start, end) for a in members]
        states: list[ActorRef] = []
        for hit in reversed([h for h in self.hits if h.end <= core.start]):
            if hit.actor.kind in STATE_KINDS and hit.actor.country not in {s.country for s in states}:
                states.append(self._state(hit.actor.country or "", core))
            if len(states) == number:
                return list(reversed(states))
        return []

    def _sets(self) -> list[tuple[int, tuple[ActorRef, ...]]]:
        """Sets of states the text has named together, by position: coordinated lists of states and blocs
        with known members ("Central Asia consists of ...", "the five Central Asian states")."""
        if self._sets_cache is not None:
            return self._sets_cache
        sets: list[tuple[int, tuple[ActorRef, ...]]] = []
        for hit in self.hits:
            members = actors.group_members(hit.actor.name) if hit.actor.kind == "group" else ()
            if members:
                sets.append((hit.start, tuple(ActorRef(actors.country_name(m), "country", m) for m in members)))
        for tok in self.doc:
            if tok.dep_ != "conj" and any(c.dep_ == "conj" for c in tok.children):
                states = []
                for conj in (tok, *tok.conjuncts):
                    hit = self._hit_at.get(conj.i)
                    if hit is not None and hit.actor.kind in STATE_KINDS:
                        states.append(ActorRef(actors.country_name(hit.actor.country or ""), "country",
                                               hit.actor.country))
                if len(states) >= 2:
                    sets.append((tok.i, tuple(_dedupe(states))))
        sets.sort(key=lambda item: item[0])
        self._sets_cache = sets
        return sets


# ---- document-level helpers ------------------------------------------------------------------------------


# Key in ``Doc.user_data`` of what every resolver of one parsed field shares (see :func:`_parsed_field`).
_FIELD_CACHE = "newsdossier.nlp.mentions.field"


def _parsed_field(doc: Doc) -> tuple[str, tuple[Hit, ...]]:
    """The field's text and its registry hits, computed once per parsed field.

    Several resolvers are built over one Doc (roles are read first, then every other extractor gets a resolver
    that knows them); both values depend on the Doc alone, and spaCy rebuilds ``Doc.text`` from its tokens on
    every read, so computing them again was a measurable share of the extraction time.
    """
    cached = doc.user_data.get(_FIELD_CACHE)
    if cached is None:
        text = doc.text
        cached = doc.user_data[_FIELD_CACHE] = (text, tuple(_registry_hits(doc, text)))
    return cached


def _registry_hits(doc: Doc, text: str) -> list[Hit]:
    """Registry names in the document, longest match first, left to right, never overlapping. Only
    capitalised tokens that begin some registry name start a try, so the cost is a few dict look-ups per
    proper noun whatever the size of the registry."""
    hits = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        words = actors.name_span(tok.text) if _CAPITALISED.match(tok.text) and not tok.is_punct else 0
        found = None
        # a word may be several tokens ("C5+1", "Guinea-Bissau"), hence the slack
        for size in range(min(MAX_NAME_TOKENS, 2 * words + 1, n - i), 0, -1):
            last = doc[i + size - 1]
            if (last.is_punct and last.text != "+") or "\n" in text[tok.idx:last.idx]:
                continue
            actor = actors.lookup(text[tok.idx:last.idx + len(last)])
            if actor is not None:
                found = Hit(i, i + size, actor)
                break
        if found is not None:
            hits.append(found)
            i = found.end
        else:
            i += 1
    return hits


def entity_of(tok: Token) -> Span | None:
    """The named entity a token is part of."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _looks_like_name(tokens: Sequence[Token]) -> bool:
    """Capitalised, short, and not an acronym ("ODPM" is an office even when NER calls it a person)."""
    words = [t for t in tokens if t.is_alpha]
    if not words or len(tokens) > 5 or all(t.is_upper and len(t) > 1 for t in words):
        return False
    return any(t.text[:1].isupper() for t in words)


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _is_subject(root: Token) -> bool:
    """A subject, or the head of a subject's apposition ("Tom Becker, fellow at ..., told")."""
    if root.dep_ in SUBJECT_DEPS:
        return True
    return root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS


def _is_credit(text: str, char: int) -> bool:
    """A name inside a photo credit: a parenthesis holding "/" or "Photo", or a line of "|" fields."""
    line_start = text.rfind("\n", 0, char) + 1
    line_end = text.find("\n", char)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if " | " in line:
        return True
    opening = text.rfind("(", line_start, char)
    if opening < 0 or ")" in text[opening:char]:
        return False
    closing = text.find(")", char)
    if closing < 0 or (line_end >= 0 and closing > line_end):
        return False
    return bool(_CREDIT.search(text[opening + 1:closing]))


def _sentences_back(sentence: Span, reach: int) -> Iterator[Span]:
    """This sentence and up to ``reach`` sentences before it, nearest first."""
    doc = sentence.doc
    current: Span | None = sentence
    for _ in range(reach + 1):
        if current is None:
            return
        yield current
        current = doc[current.start - 1].sent if current.start > 0 else None


def _compound_phrase(root: Token) -> str:
    """"Foreign Ministry" from the head and its compound modifiers, lower case."""
    words = [c.lower_ for c in root.lefts if c.dep_ == "compound"] + [root.lower_]
    return " ".join(words[-3:])


def _conjunct_span(tok: Token, outer: Span) -> Span:
    """One member of a coordination: the token and its own dependents, not the next members."""
    doc = tok.doc
    left = max(outer.start, tok.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("conj", "cc", "appos") or (child.dep_ == "punct" and child.i > tok.i):
            break
        right = max(right, child.right_edge.i)
    lefts = [c for c in tok.lefts if c.dep_ not in ("cc", "punct", "preconj")]
    left = max(outer.start, min(c.left_edge.i for c in lefts)) if lefts else tok.i
    return doc[left:min(right, outer.end - 1) + 1]


def _examples(root: Token, span: Span) -> Span | None:
    """The examples of "republics such as Armenia and Belarus" / "states including X and Y"."""
    for child in root.rights:
        if child.i >= span.end:
            break
        if child.dep_ == "prep" and (child.lower_ == "including" or (
                child.lower_ == "as" and any(c.lower_ == "such" for c in child.lefts)) or (
                child.lower_ == "like")):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return span.doc[obj.left_edge.i:obj.right_edge.i + 1]
    return None


def _number(root: Token) -> int | None:
    """The count a plural noun phrase states ("the five countries", "both sides", "the 3 states")."""
    for child in root.children:
        if child.dep_ in ("nummod", "det", "predet", "quantmod", "amod"):
            if child.lower_ in NUMBER_WORDS:
                return NUMBER_WORDS[child.lower_]
            if child.like_num and child.text.isdigit():
                return int(child.text)
    return None


def _says_all(root: Token) -> bool:
    """A plural phrase meant as the whole bloc: "the Central Asian countries", "all Central Asian states"."""
    plural = root.tag_ in ("NNS", "NNPS") or root.lower_.endswith("s")  # "the Baltic States" is tagged NNP
    return plural or any(c.lower_ in ("all", "each", "every") for c in root.children)


def _dedupe(items: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for item in items:
        key = (item.name, item.kind, item.country)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
