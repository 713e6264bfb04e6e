"""The frame, an attribution under construction in token and char terms, and the helpers
every kind of frame shares: a quotation's words, whether a content is quoted or
reported, a that-complementiser.

Each rule module (quotations, verbs, according, nouns, verbless) yields frames; only
finish turns them into Attribution records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claims.attribution.records import DIRECT, INDIRECT
from claims.attribution.spans import _char_span, _close_open_quote, _doc_text
from claims.cues import VERBS
from claims.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class _Frame:
    """An attribution under construction, in token and char terms."""

    speaker: Token
    speaker_span: tuple[int, int]  # char offsets
    cue_span: tuple[int, int]
    content_span: tuple[int, int]
    kind: str
    weight: float
    cue_token: Token
    date_roots: list[Token] = field(default_factory=list)
    resolved_from: tuple[int, int] | None = None


def _quoted_or_reported(
    text: str, content: tuple[int, int], quotes: list[Quote]
) -> tuple[str, tuple[int, int]]:
    """A clause that is exactly one quotation ("said that “…”"), marks or no marks, is a
    direct quote."""
    clause = text[content[0] : content[1]].strip(_LOOSE_EDGE)
    for quote in quotes:
        inner = _quote_content(text, quote)
        if (quote.start, quote.end) == content or (
            inner and text[inner[0] : inner[1]].strip(_LOOSE_EDGE) == clause
        ):
            return DIRECT, inner or quote.inner
    return INDIRECT, content


_LOOSE_EDGE = " ,;:.!?—–"


def _quote_content(text: str, quote: Quote) -> tuple[int, int] | None:
    start, end = quote.inner
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return (start, end) if end > start else None


def _has_that_mark(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


REPAIRED_WEIGHT = 0.7  # a frame read from the sentence's words, where the parse lost it


def _word_frame(
    doc: Doc,
    speaker: Token,
    speaker_bounds: tuple[int, int],
    cue: Token,
    content_bounds: tuple[int, int],
    quotes: list[Quote],
    date_roots: list[Token],
) -> _Frame:
    """A frame the repairs (verbless, trailing, parenthetical) build from token bounds:
    a one-word cue, and the content as a quote when it is exactly one."""
    text = _doc_text(doc)
    content = _close_open_quote(text, _char_span(doc, *content_bounds))
    kind, content = _quoted_or_reported(text, content, quotes)
    return _Frame(
        speaker=speaker,
        speaker_span=_char_span(doc, *speaker_bounds),
        cue_span=_char_span(doc, cue.i, cue.i),
        content_span=content,
        kind=kind,
        weight=REPAIRED_WEIGHT * VERBS[cue.lemma_].weight,
        cue_token=cue,
        date_roots=date_roots,
    )
