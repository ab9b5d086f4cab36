"""Grouping stored fingerprints into exact and near-duplicate groups, each led by its original.

The corpus-wide stage: exact classes first, then LSH candidates over their representatives, confirmed,
linked and split so every member is within the threshold of its group's original.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from newsdossier import settings
from newsdossier.ingest.dedup.lsh import _candidate_pairs, _estimates
from newsdossier.ingest.dedup.normalisation import _digest
from newsdossier.ingest.dedup.records import DedupItem, DuplicateGroup, GroupMember
from newsdossier.ingest.dedup.signatures import _EMPTY_BLOB, _signature_matrix

_EMPTY_TEXT_HASH = _digest("")


def _rank(item: DedupItem) -> tuple[bool, date, int, str]:
    """Sort key of the original: earliest published (undated last), then longest, then the smallest article id.

    Never the order of ingest: the dossier depends only on its set of articles, so two copies of one story
    ingested in either order (or by two processes at once) elect the same original.
    """
    return (item.published is None, item.published or date.min, -item.length, item.article_id)


class _Components:
    """Union-find over integer ids, for linking confirmed pairs into connected candidates."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, first: int, second: int) -> None:
        root_a, root_b = self.find(first), self.find(second)
        if root_a != root_b:
            # the lower id (the better-ranked representative) stays root; order-independent by construction
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _exact_classes(items: Sequence[DedupItem]) -> list[list[DedupItem]]:
    """Items with the same exact digest, each class in rank order; classes in the order of their best item.

    Empty texts are left out: two empty bodies are not copies of one another.
    """
    classes: dict[str, list[DedupItem]] = defaultdict(list)
    for item in items:
        if item.fingerprint.exact != _EMPTY_TEXT_HASH:
            classes[item.fingerprint.exact].append(item)
    return list(classes.values())  # items arrive ranked, so each class and the class order are ranked too


def _confirmed_components(signatures: np.ndarray, threshold: float) -> list[list[int]]:
    """Connected sets of representatives linked by LSH candidates whose signature estimate >= threshold."""
    pairs = _candidate_pairs(signatures, threshold)
    confirmed = pairs[_estimates(signatures, pairs) >= threshold]
    components = _Components(len(signatures))
    for first, second in confirmed.tolist():
        components.union(first, second)
    grouped: dict[int, list[int]] = defaultdict(list)
    for index in np.unique(confirmed).tolist():
        grouped[components.find(index)].append(index)
    return list(grouped.values())


def _split_component(members: list[int], signatures: np.ndarray, threshold: float) -> list[list[tuple[int, float]]]:
    """Split one connected component into groups that each sit within ``threshold`` of their original.

    Chaining guard: union-find alone would merge A~B~C into one group even when A and C share little (a
    story re-edited step by step). Instead the best-ranked unassigned member becomes an original and takes
    every unassigned member whose estimate *to it* reaches the threshold; the rest repeat the process
    among themselves. ``members`` are in rank order (lower index = better), so this is deterministic.
    """
    groups = []
    remaining = np.array(sorted(members), dtype=np.int64)
    while len(remaining) > 1:
        head, rest = remaining[0], remaining[1:]
        estimates = (signatures[rest] == signatures[head]).mean(axis=1)
        joined = estimates >= threshold
        if joined.any():
            groups.append([(int(head), 1.0), *zip(rest[joined].tolist(), estimates[joined].tolist(), strict=True)])
        remaining = rest[~joined]
    return groups


def _near_groups(representatives: Sequence[DedupItem], threshold: float) -> list[list[tuple[int, float]]]:
    """Near-duplicate groups over exact-class representatives, as (representative index, estimate) lists."""
    usable = [index for index, item in enumerate(representatives)
              if item.fingerprint.minhash != _EMPTY_BLOB]
    if len(usable) < 2:
        return []
    signatures = _signature_matrix([representatives[index].fingerprint for index in usable])
    groups = []
    for component in _confirmed_components(signatures, threshold):
        for group in _split_component(component, signatures, threshold):
            groups.append([(usable[position], estimate) for position, estimate in group])
    return groups


def _build_group(classes: Sequence[list[DedupItem]], near: Sequence[tuple[int, float]]) -> DuplicateGroup:
    """Expand a group of exact classes into members: the original, its exact copies, then near copies."""
    head_class = classes[near[0][0]]
    members = [GroupMember(head_class[0].article_id, "original", 1.0)]
    members += [GroupMember(item.article_id, "exact", 1.0) for item in head_class[1:]]
    near_members = [(item, estimate) for index, estimate in near[1:] for item in classes[index]]
    near_members.sort(key=lambda pair: (-pair[1], _rank(pair[0])))
    members += [GroupMember(item.article_id, "near", estimate) for item, estimate in near_members]
    return DuplicateGroup(original=head_class[0].article_id, members=tuple(members))


def group_duplicates(items: Iterable[DedupItem], threshold: float | None = None) -> list[DuplicateGroup]:
    """Groups of exact and near-duplicate articles (only groups with at least two members).

    Exact copies (same normalised text) are collapsed first, so LSH sees each distinct text once; near
    copies are LSH candidates confirmed by their signature estimate, then split so that every member is
    within ``threshold`` of its group's original (see _split_component). The original is the earliest
    published article, then the longest, then the smallest id. Items are ranked before anything else,
    so the same items in any order give the same groups, listed in the rank order of their originals.
    ``threshold`` defaults to the ``near_duplicate_threshold`` setting.
    """
    if threshold is None:
        threshold = settings.active().near_duplicate_threshold
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    ranked = sorted(items, key=_rank)
    ids = [item.article_id for item in ranked]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids passed to group_duplicates must be unique")
    classes = _exact_classes(ranked)
    groups = _near_groups([members[0] for members in classes], threshold)
    in_near = {index for group in groups for index, _ in group}
    groups += [[(index, 1.0)] for index, members in enumerate(classes) if len(members) > 1 and index not in in_near]
    groups.sort(key=lambda group: group[0][0])
    return [_build_group(classes, group) for group in groups]
