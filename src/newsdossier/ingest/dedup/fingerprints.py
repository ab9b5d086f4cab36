"""Fingerprinting one article: exact digest, MinHash signature and hashes of its long passages.

The per-article stage that runs at ingest; it ties normalisation, paragraph spans, shingles and signatures
together into the storable :class:`Fingerprint`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from newsdossier.ingest.dedup.normalisation import _WORD, _digest, normalise, words
from newsdossier.ingest.dedup.paragraphs import _covers, _trimmed, split_paragraphs
from newsdossier.ingest.dedup.records import Fingerprint, PassageRef
from newsdossier.ingest.dedup.shingles import SHINGLE_WORDS, shingle_hashes
from newsdossier.ingest.dedup.signatures import _EMPTY_SIGNATURE, signature
from newsdossier.models import Caption, Span

# Texts shorter than this many words only ever match exactly: a 15-word brief has about ten 5-grams, so one
# edited word moves its Jaccard by ~0.2 and a shared stock phrase can make two different briefs "similar".
MIN_NEAR_WORDS = 20

# A paragraph or caption is a passage worth tracking from 10 words: shorter lines are stock phrases
# ("Reporting by ...", "Photo: Reuters", "Read more") that recur by convention, not because text was reused.
MIN_PASSAGE_WORDS = 10


def passage_hash(text: str) -> str | None:
    """Hash of a passage's normalised words, or None if it is too short to say anything about reuse."""
    return _passage_digest(words(text))


def _passage_digest(tokens: Sequence[str]) -> str | None:
    if len(tokens) < MIN_PASSAGE_WORDS:
        return None
    return _digest(" ".join(tokens))


def fingerprint(text: str, paragraphs: Sequence[Span], captions: Sequence[Caption] = ()) -> Fingerprint:
    """Fingerprint one cleaned article: exact digest, word-shingle MinHash and hashes of its long passages.

    ``paragraphs`` are spans into ``text``; when none are given, blank-line-separated blocks are used so a
    caller without a cleaner still gets passages. Each paragraph is tokenised once: when the paragraphs
    cover the text (the usual case) their words, joined, are the text's words, which saves tokenising twice.
    """
    normalised = normalise(text)
    spans = [_trimmed(text, span.start, span.end) for span in (paragraphs or split_paragraphs(text))]
    paragraph_words = [words(text[span.start:span.end]) for span in spans]
    tokens = (list(itertools.chain.from_iterable(paragraph_words)) if _covers(text, spans)
              else _WORD.findall(normalised))
    minhash = signature(shingle_hashes(tokens, SHINGLE_WORDS)) if len(tokens) >= MIN_NEAR_WORDS else _EMPTY_SIGNATURE
    passages = [(digest, PassageRef("text", index, span.start, span.end))
                for index, (span, tokens_) in enumerate(zip(spans, paragraph_words, strict=True))
                if (digest := _passage_digest(tokens_)) is not None]
    passages += [(digest, PassageRef("caption", index, 0, len(caption.text)))
                 for index, caption in enumerate(captions) if (digest := passage_hash(caption.text)) is not None]
    return Fingerprint(exact=_digest(normalised), minhash=minhash.tobytes(), passages=tuple(passages))
