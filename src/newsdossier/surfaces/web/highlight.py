"""Cut a text into segments by highlighted spans, for templates to render with escaping.

Templates receive plain strings and class names and escape everything themselves (autoescape), so article
text, which is untrusted, never becomes markup. Overlapping spans are allowed: a segment carries every span
that covers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    label: str = ""
    href: str | None = None


@dataclass(slots=True)
class Segment:
    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"hl-{span.kind}" for span in self.spans}))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(span.label for span in self.spans if span.label))

    @property
    def href(self) -> str | None:
        return next((span.href for span in self.spans if span.href), None)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """``text`` split at every span boundary; spans outside the text are clipped, empty ones dropped."""
    clipped = [span for span in spans if 0 <= span.start < span.end and span.start < len(text)]
    cuts = sorted({0, len(text), *(span.start for span in clipped), *(min(span.end, len(text)) for span in clipped)})
    result: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = [span for span in clipped if span.start <= start and end <= span.end]
        result.append(Segment(text[start:end], covering))
    return result


def field_text(article: dict[str, Any], field_name: str) -> str:
    """The text an evidence offset refers to: the body (``text``) or caption N (``caption:N``)."""
    if field_name.startswith("caption:"):
        index = int(field_name.split(":", 1)[1])
        captions = article.get("captions") or []
        return captions[index]["text"] if 0 <= index < len(captions) else ""
    return article.get("text") or ""
