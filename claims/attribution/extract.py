"""The entry points: a text, many texts or a parse in, its attributions out, with the
rule modules run in the order the package docstring gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from claims.attribution.according import _according_frames
from claims.attribution.finish import _finish
from claims.attribution.nlp import load_nlp
from claims.attribution.nouns import _noun_frames
from claims.attribution.quotations import _quote_frames
from claims.attribution.records import Attribution
from claims.attribution.rivals import _cut_at_rival_reports, _dedupe
from claims.attribution.spans import _doc_text
from claims.attribution.trailing import _parenthetical_frames, _trailing_frames
from claims.attribution.verbless import _verbless_sentence_frames
from claims.attribution.verbs import _verb_frames
from claims.quotes import TokenIndex, find_quotes, mask_markup, with_block_quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def extract_attributions(
    text: str,
    *,
    published: date | None = None,
    nlp: Language | None = None,
    block_quotes: Sequence[Sequence[int]] = (),
) -> list[Attribution]:
    """All attributions in `text`, in reading order. ``block_quotes`` are the (start,
    end) spans the page set off as block quotations, quoted speech without marks."""
    doc = (nlp or load_nlp())(mask_markup(text))
    return attributions_from_doc(doc, text=text, published=published, block_quotes=block_quotes)


def extract_many(texts: Iterable[str], *, published: date | None = None) -> list[list[Attribution]]:
    """`extract_attributions` for many texts, parsed in one `nlp.pipe` batch."""
    nlp = load_nlp()
    texts = list(texts)
    docs = nlp.pipe(mask_markup(text) for text in texts)
    return [
        attributions_from_doc(doc, text=text, published=published)
        for doc, text in zip(docs, texts, strict=True)
    ]


def attributions_from_doc(
    doc: Doc,
    *,
    text: str | None = None,
    published: date | None = None,
    block_quotes: Sequence[Sequence[int]] = (),
) -> list[Attribution]:
    """The rule layer alone, on a parse of `mask_markup(text)` (or of `text` itself)."""
    source = _doc_text(doc) if text is None else text
    if len(source) != len(_doc_text(doc)):
        raise ValueError("the parsed text and the source text differ in length")
    index = TokenIndex(doc)
    quotes = with_block_quotes(source, find_quotes(source), block_quotes)
    frames, used = _quote_frames(index, source, quotes)
    frames += _verb_frames(doc, used, quotes)
    frames += _according_frames(doc, used)
    repaired = _verbless_sentence_frames(doc, quotes)
    frames += repaired
    frames += _noun_frames(doc, skip={frame.cue_token.i for frame in repaired})
    frames += _trailing_frames(doc, used | {frame.cue_token.i for frame in frames}, quotes)
    frames += _parenthetical_frames(doc, used | {frame.cue_token.i for frame in frames}, quotes)
    frames = _dedupe(_cut_at_rival_reports(index, frames))
    return [_finish(frame, source, doc, published) for frame in frames]
