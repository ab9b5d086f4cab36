"""Duplicate detection: exact and near copies, the choice of original, shared passages, stored signatures."""

from __future__ import annotations

import hashlib
import importlib.util
import random
import re
import time
from datetime import date
from types import ModuleType

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdossier import settings as newsdossier_settings
from newsdossier.ingest import dedup
from newsdossier.ingest.dedup import (
    NUM_PERM,
    DedupItem,
    Fingerprint,
    PassageRef,
    fingerprint,
    group_duplicates,
    shared_passages,
    shingles,
    split_paragraphs,
)
from newsdossier.ingest.dedup.sketch import to_minhash
from newsdossier.models import Caption, Span

from ..conftest import REPO

EVAL_DATA = REPO.parent / "shared" / "eval"

STRIKE = """Dockworkers walk out at Valmora port as wage talks collapse

Thousands of dockworkers at the port of Valmora walked off the job on Tuesday after talks between their union \
and the port authority broke down over pay, halting container traffic at the country's busiest harbour.

The Federation of Harbour Workers said its members would stay out until the authority restored a wage offer \
it withdrew last week. "We were promised an increase that keeps pace with prices, and then it vanished \
overnight," union secretary Ilse Marrow told reporters outside the main gate.

The port authority said the original offer had been conditional on new shift rotas that the union rejected. \
A spokesman, Tomas Creel, said the authority remained open to talks but would not negotiate "under pressure \
from a stoppage that hurts every exporter in the region."

About forty vessels were waiting at anchor by Tuesday evening, according to shipping data, and freight \
forwarders warned that delays could spread to rail terminals inland within days.

The strike is the first at Valmora since 2019, when a two-week stoppage cost the economy an estimated \
300 million dollars. Transport Minister Aldo Pense urged both sides to return to mediation on Wednesday \
and said the government would not intervene directly.

Farmers' groups said fruit exports due to leave this week were most at risk, because refrigerated \
containers can only be kept on the quay for a short time before the produce spoils."""

# The same report rewritten by a second outlet: new headline, three sentences edited, one paragraph cut short.
STRIKE_COPY = """Valmora port at standstill as dockers strike over pay

Thousands of dockworkers at the port of Valmora walked off the job on Tuesday after talks between their union \
and the port authority broke down over pay, halting container traffic at the country's busiest harbour.

The Federation of Harbour Workers said its members would stay out until the authority restored a wage offer \
it withdrew last week. "We were promised an increase that keeps pace with prices, and then it vanished \
overnight," union secretary Ilse Marrow said on Tuesday.

The port authority said the original offer had been conditional on new shift rotas that the union rejected. \
A spokesman, Tomas Creel, said the authority remained open to talks but would not negotiate "under pressure \
from a stoppage that hurts every exporter in the region."

About forty ships were waiting at anchor on Tuesday night, according to shipping data, and freight \
forwarders warned that delays could spread to rail terminals inland within days.

The strike is the first at Valmora since 2019, when a two-week stoppage cost the economy an estimated \
300 million dollars. Transport Minister Aldo Pense called on both sides to return to mediation.

Farmers' groups said fruit exports due to leave this week were most at risk, because refrigerated \
containers can only be kept on the quay for a short time before the produce spoils."""

# Another report of the same strike, written independently: same names and facts, different sentences.
STRIKE_OTHER = """Valmora dock strike enters second day

Container ships queued off Valmora on Wednesday as a strike by dockworkers over pay entered its second day, \
with neither the Federation of Harbour Workers nor the port authority showing signs of giving ground.

Union leader Ilse Marrow accused the authority of bad faith for withdrawing a wage offer, while authority \
spokesman Tomas Creel said the offer had always depended on changes to shift patterns.

Exporters of fresh fruit, who rely on refrigerated containers, said they were already diverting cargo to \
smaller ports further along the coast at considerable extra cost.

Transport Minister Aldo Pense met both sides briefly in the capital but officials said no new talks had \
been scheduled. The last strike at Valmora, in 2019, lasted two weeks.

Shipping analysts said a long stoppage would ripple through regional supply chains, with rail operators \
inland already reporting fewer containers arriving from the coast."""

CAPTION = Caption("Dockworkers gather outside the main gate of Valmora port on Tuesday, as the strike over pay began.",
                  credit="Photo: R. Ostrand")


def item(article_id: str, text: str, published: date | None = None, order: int = 0,
         captions: tuple[Caption, ...] = (), length: int | None = None) -> DedupItem:
    return DedupItem(article_id, fingerprint(text, split_paragraphs(text), captions), published,
                     len(text) if length is None else length, order)


def groups_as_sets(groups: list[dedup.DuplicateGroup]) -> set[frozenset[str]]:
    return {frozenset(member.article_id for member in group.members) for group in groups}


def random_text(seed: int, count: int = 300) -> str:
    """Unrelated filler text: random words from a small fixed vocabulary, deterministic per seed."""
    rng = random.Random(seed)
    vocabulary = [f"w{index}" for index in range(2000)]
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def chain_text(seed: int, start: int) -> str:
    """Twenty 20-word blocks from ``start`` on: texts 5 blocks apart share 15 of 25 blocks (Jaccard ~0.6),
    10 apart only 10 of 30 (~0.33)."""
    return "\n\n".join(random_text(seed + block, 20) for block in range(start, start + 20))


# ---- exact and near copies -----------------------------------------------------------------------------


def test_exact_copies_differing_only_in_case_quotes_dashes_and_spacing_are_grouped_as_exact() -> None:
    copy = STRIKE.replace('"', "\u201c", 1).replace("two-week", "two\u2013week").upper().replace("\n\n", "\n\n\n")
    groups = group_duplicates([item("a", STRIKE, order=0), item("b", copy, order=1, length=len(STRIKE))])
    assert len(groups) == 1
    assert [(m.article_id, m.kind, m.similarity) for m in groups[0].members] == [
        ("a", "original", 1.0), ("b", "exact", 1.0)]


def test_copy_with_new_headline_and_edited_sentences_is_a_near_duplicate() -> None:
    groups = group_duplicates([item("a", STRIKE, order=0), item("b", STRIKE_COPY, order=1)])
    assert len(groups) == 1
    near = groups[0].members[1]
    assert (near.article_id, near.kind) == ("b", "near")
    assert newsdossier_settings.DEFAULTS.near_duplicate_threshold <= near.similarity < 1.0


def test_unrelated_articles_on_the_same_story_are_not_grouped() -> None:
    items = [item("a", STRIKE, order=0), item("b", STRIKE_OTHER, order=1), item("c", random_text(1), order=2)]
    assert group_duplicates(items) == []


def test_short_texts_only_match_exactly() -> None:
    short = "Valmora dockworkers strike over pay, port authority says talks remain open."
    edited = short.replace("remain", "are still")
    assert len(short.split()) < dedup.MIN_NEAR_WORDS
    items = [item("a", short, order=0), item("b", edited, order=1), item("c", short, order=2)]
    assert groups_as_sets(group_duplicates(items, threshold=0.1)) == {frozenset({"a", "c"})}
    assert fingerprint(short, []).minhash == dedup._EMPTY_BLOB


def test_empty_texts_are_not_duplicates_of_each_other() -> None:
    assert group_duplicates([item("a", "", order=0), item("b", "  \n", order=1)]) == []


def test_chaining_guard_keeps_every_member_within_the_threshold_of_its_original() -> None:
    first, middle, last = (chain_text(100, start) for start in (0, 5, 10))
    items = [item("first", first, order=0), item("middle", middle, order=1), item("last", last, order=2)]
    sketch = {i.article_id: to_minhash(i.fingerprint) for i in items}
    # a chain: each text is a near copy of the next, but the two ends are not copies of each other
    assert sketch["first"].jaccard(sketch["middle"]) >= newsdossier_settings.DEFAULTS.near_duplicate_threshold
    assert sketch["middle"].jaccard(sketch["last"]) >= newsdossier_settings.DEFAULTS.near_duplicate_threshold
    assert sketch["first"].jaccard(sketch["last"]) < newsdossier_settings.DEFAULTS.near_duplicate_threshold
    groups = group_duplicates(items)
    assert groups_as_sets(groups) == {frozenset({"first", "middle"})}
    threshold = newsdossier_settings.DEFAULTS.near_duplicate_threshold
    assert all(member.similarity >= threshold for member in groups[0].members)


def test_members_left_out_of_a_chain_form_their_own_group() -> None:
    texts = {name: chain_text(200, start) for name, start in (("a", 0), ("b", 5), ("c", 10), ("d", 15))}
    groups = group_duplicates([item(name, text, order=i) for i, (name, text) in enumerate(texts.items())])
    assert groups_as_sets(groups) == {frozenset({"a", "b"}), frozenset({"c", "d"})}


# ---- the original -------------------------------------------------------------------------------------


def test_original_is_the_earliest_published_then_the_longest_then_the_first_ingested() -> None:
    day = date(2024, 3, 5)
    items = [
        item("undated", STRIKE, None, order=0, length=9000),
        item("later", STRIKE, date(2024, 3, 6), order=1),
        item("short", STRIKE, day, order=2, length=100),
        item("long", STRIKE, day, order=3, length=5000),
        item("long-later-ingest", STRIKE, day, order=4, length=5000),
    ]
    [group] = group_duplicates(items)
    assert group.original == "long"
    assert [m.article_id for m in group.members] == ["long", "long-later-ingest", "short", "later", "undated"]
    [group] = group_duplicates([items[0], items[1]])
    assert group.original == "later"  # any date beats no date


def test_near_copy_published_earlier_becomes_the_original() -> None:
    items = [item("wire", STRIKE, date(2024, 3, 6), order=0), item("paper", STRIKE_COPY, date(2024, 3, 5), order=1)]
    [group] = group_duplicates(items)
    assert [(m.article_id, m.kind) for m in group.members] == [("paper", "original"), ("wire", "near")]


BASE_ITEMS = [
    item("a", STRIKE, date(2024, 3, 5), order=0),
    item("b", STRIKE, date(2024, 3, 5), order=1),
    item("c", STRIKE_COPY, None, order=2),
    item("d", STRIKE_COPY, None, order=3),
    item("e", STRIKE_OTHER, date(2024, 3, 6), order=4),
    item("f", random_text(7), None, order=5),
    item("g", random_text(7), None, order=5),  # same order value: the id breaks the tie
    item("h", random_text(7) + " coda " + random_text(8, 30), None, order=6),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(BASE_ITEMS))
def test_same_items_in_any_order_give_the_same_groups(items: list[DedupItem]) -> None:
    groups = group_duplicates(items)
    assert groups_as_sets(groups) == {frozenset("abcd"), frozenset("fgh")}
    assert groups == group_duplicates(BASE_ITEMS)
    assert shared_passages(items, groups) == shared_passages(BASE_ITEMS, groups)


def test_duplicate_article_ids_and_bad_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        group_duplicates([item("a", STRIKE), item("a", STRIKE_COPY)])
    with pytest.raises(ValueError, match="threshold"):
        group_duplicates([], threshold=0.0)


# ---- shared passages ----------------------------------------------------------------------------------


def test_caption_reused_by_otherwise_different_articles_is_a_shared_passage() -> None:
    items = [item("a", STRIKE, order=0, captions=(CAPTION,)), item("b", STRIKE_OTHER, order=1, captions=(CAPTION,))]
    groups = group_duplicates(items)
    assert groups == []
    [passage] = shared_passages(items, groups)
    assert passage.occurrences == (("a", PassageRef("caption", 0, 0, len(CAPTION.text))),
                                   ("b", PassageRef("caption", 0, 0, len(CAPTION.text))))


def test_caption_reused_as_a_body_paragraph_is_found_across_fields() -> None:
    body = STRIKE_OTHER + "\n\n" + CAPTION.text.replace("Dockworkers", "\u201cDockworkers") + "\u201d"
    items = [item("a", STRIKE, order=0, captions=(CAPTION,)), item("b", body, order=1)]
    [passage] = shared_passages(items, group_duplicates(items))
    (first, caption_ref), (second, text_ref) = passage.occurrences
    assert (first, caption_ref.field, second, text_ref.field) == ("a", "caption", "b", "text")
    assert body[text_ref.start:text_ref.end].startswith("\u201cDockworkers gather")
    assert text_ref.end == len(body)


def test_paragraphs_shared_inside_a_duplicate_group_are_not_reported() -> None:
    items = [item("a", STRIKE, order=0), item("b", STRIKE_COPY, order=1)]
    assert shared_passages(items, group_duplicates(items)) == []
    assert shared_passages(items, []) != []  # without the group the shared paragraphs do show


def test_short_paragraphs_are_not_passages() -> None:
    text = "Read more\n\nFollow us for live updates on the strike\n\n" + STRIKE
    print_ = fingerprint(text, split_paragraphs(text))
    assert [ref.index for _, ref in print_.passages] == list(range(2, 9))  # the 10-word headline counts
    for _, ref in print_.passages:
        assert text[ref.start:ref.end] == text[ref.start:ref.end].strip() != ""


def test_passage_offsets_come_from_the_given_paragraph_spans() -> None:
    text = "  " + STRIKE.replace("\n\n", "\n\n   ")
    spans = split_paragraphs(text)
    print_ = fingerprint(text, [Span(s.start - 1 if s.start else 0, s.end) for s in spans])
    assert [(ref.start, ref.end) for _, ref in print_.passages] == [
        (s.start, s.end) for s in spans]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.lists(st.tuples(st.integers(-5, 450), st.integers(-5, 450)), max_size=8))
def test_fingerprint_accepts_any_text_and_spans(text: str, bounds: list[tuple[int, int]]) -> None:
    print_ = fingerprint(text, [Span(start, end) for start, end in bounds])
    assert len(print_.minhash) == NUM_PERM * 8
    for _, ref in print_.passages:
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start:ref.end].strip() == text[ref.start:ref.end]


# ---- stored signatures ---------------------------------------------------------------------------------


def test_fingerprint_round_trips_through_stored_values() -> None:
    original = fingerprint(STRIKE, split_paragraphs(STRIKE), (CAPTION,))
    assert len(original.minhash) == NUM_PERM * 8
    stored = [original.exact, bytes(memoryview(original.minhash)),
              [[digest, ref.field, ref.index, ref.start, ref.end] for digest, ref in original.passages]]
    restored = Fingerprint(exact=stored[0], minhash=stored[1],
                           passages=tuple((p[0], PassageRef(p[1], p[2], p[3], p[4])) for p in stored[2]))
    assert restored == original
    assert fingerprint(STRIKE, split_paragraphs(STRIKE), (CAPTION,)) == original  # stable across calls


def test_signature_is_a_datasketch_affine64_minhash() -> None:
    tokens = dedup.words(STRIKE)
    reference = MinHash(num_perm=NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME, hashfunc=int)
    reference.update_batch(dedup.shingle_hashes(tokens).tolist())
    print_ = fingerprint(STRIKE, [])
    assert np.array_equal(np.frombuffer(print_.minhash, dtype="<u8"), reference.hashvalues)
    copy = to_minhash(fingerprint(STRIKE_COPY, []))
    assert copy.jaccard(to_minhash(print_)) == pytest.approx(
        group_duplicates([item("a", STRIKE), item("b", STRIKE_COPY, order=1)])[0].members[1].similarity)


def _reference_fingerprint(text: str) -> tuple[str, bytes, list[tuple[str, int]]]:
    """The fingerprint spelled out one word and one shingle at a time: the regular expression over the
    normalised text, one blake2b per word, the shingle polynomial in Python ints and datasketch's MinHash."""

    def words_of(part: str) -> list[str]:
        return re.findall(r"\w+", dedup.normalise(part))

    def blake(data: str, size: int) -> bytes:
        return hashlib.blake2b(data.encode("utf-8"), digest_size=size).digest()

    tokens = words_of(text)
    minhash = dedup._EMPTY_BLOB
    if len(tokens) >= dedup.MIN_NEAR_WORDS:
        word_hash = [int.from_bytes(blake(token, 8), "little") for token in tokens]
        shingles = []
        for begin in range(len(tokens) - dedup.SHINGLE_WORDS + 1):
            value = 0
            for token_hash in word_hash[begin:begin + dedup.SHINGLE_WORDS]:
                value = (value * int(dedup._SHINGLE_MULT) + token_hash) % 2**64
            shingles.append(value)
        reference = MinHash(num_perm=NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME, hashfunc=int)
        reference.update_batch(shingles)
        minhash = reference.hashvalues.astype("<u8").tobytes()
    passages = [(blake(" ".join(found), 16).hex(), index)
                for index, span in enumerate(split_paragraphs(text))
                if len(found := words_of(text[span.start:span.end])) >= dedup.MIN_PASSAGE_WORDS]
    return blake(dedup.normalise(text), 16).hex(), minhash, passages


_ASCII_WORDS = ["alpha", "Beta", "GAMMA_2", "x'y", "`tick`", "7", "A-b", "(c)", "d.e", "Zed\t", "q_"]
_OTHER_WORDS = ["ÉTÉ", "straße", "ﬁne", "日本", "İz", "don’t", "“quoted”", "a—b", "e\u0301", "nbsp\u00a0"]
_ASCII_TEXT = st.lists(st.sampled_from(_ASCII_WORDS), min_size=8, max_size=120).map(" ".join)
_MIXED_TEXT = st.lists(st.sampled_from(_ASCII_WORDS + _OTHER_WORDS), min_size=8, max_size=120).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_ASCII_TEXT, _MIXED_TEXT, st.text(max_size=200)), min_size=1, max_size=6),
       st.sampled_from([" ", "\n\n", ". ", "\n \n"]))
def test_fingerprint_equals_the_word_by_word_reference(parts: list[str], separator: str) -> None:
    text = separator.join(parts)
    print_ = fingerprint(text, [])
    exact, minhash, passages = _reference_fingerprint(text)
    assert (print_.exact, print_.minhash) == (exact, minhash)
    assert [(digest, ref.index) for digest, ref in print_.passages] == passages


def test_token_cache_that_fills_up_is_cleared_without_changing_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {text: _reference_fingerprint(text)[1] for text in (STRIKE, STRIKE_COPY, STRIKE_OTHER)}
    monkeypatch.setattr(shingles, "_TOKEN_CACHE_LIMIT", 150)  # fewer ids than the three texts' vocabulary
    monkeypatch.setattr(shingles, "_token_ids", {})
    monkeypatch.setattr(shingles, "_token_table", np.empty(4, dtype=np.uint64))  # forces the table to grow
    for _ in range(2):
        for text, minhash in expected.items():
            assert fingerprint(text, []).minhash == minhash
            assert len(shingles._token_ids) <= max(150, len(set(dedup.words(text))))


def test_candidate_pairs_are_exactly_those_of_datasketch_minhash_lsh() -> None:
    rng = np.random.default_rng(5)
    for alphabet in (4, 50):  # small alphabets force many shared bands, and bucket collisions
        signatures = rng.integers(0, alphabet, (300, NUM_PERM)).astype(np.uint64)
        lsh = MinHashLSH(num_perm=NUM_PERM, params=dedup._lsh_params(0.5))
        sketches = [LeanMinHash(seed=dedup.SEED, hashvalues=row, scheme=dedup.SCHEME) for row in signatures]
        for index, sketch in enumerate(sketches):
            lsh.insert(index, sketch)
        expected = {(min(i, j), max(i, j)) for i, sketch in enumerate(sketches) for j in lsh.query(sketch) if i != j}
        found = {tuple(pair) for pair in dedup._candidate_pairs(signatures, 0.5).tolist()}
        assert found == expected and found


def test_lsh_bands_rarely_miss_a_pair_at_the_threshold() -> None:
    for threshold in (0.4, 0.5, 0.6, 0.8):
        bands, rows = dedup._lsh_params(threshold)
        assert bands * rows <= NUM_PERM
        assert (1 - threshold**rows) ** bands <= newsdossier_settings.DEFAULTS.lsh_miss_rate


# ---- the evaluation corpus -----------------------------------------------------------------------------


def load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_duplicates", REPO / "eval" / "eval_duplicates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_known_duplicate_pairs_of_the_news_corpus_are_found() -> None:
    corpus, pairs = EVAL_DATA / "news_corpus.jsonl", EVAL_DATA / "news_corpus_dup_pairs.jsonl"
    if not (corpus.exists() and pairs.exists()):
        pytest.skip(f"{EVAL_DATA} is not available (the evaluation data lives beside the repository)")
    evaluation = load_eval()
    started = time.perf_counter()
    result = evaluation.evaluate(evaluation.load_jsonl(corpus), evaluation.load_jsonl(pairs))
    assert result["known_pairs"] == 169
    assert result["recall"] >= 0.98, result["missed"]
    # every pair found beyond the helper list must itself be a near-duplicate by the list's own definition
    assert result["extra_true_duplicates"] == result["extra_pairs"], result["extra_sample"]
    assert result["shared_passages"] > 0
    assert time.perf_counter() - started < 30
