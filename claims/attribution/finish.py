"""A frame finished into an Attribution: its confidence (long speakers, pronouns), the
antecedent of a pronoun speaker, and the statement date, as spans of the caller's text.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame
from claims.attribution.records import Attribution, TextSpan
from claims.attribution.spans import _char_span, _trim
from claims.attribution.statement_date import _statement_date
from claims.speakers import antecedent_for, noun_phrase_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_LONG_SPEAKER_CHARS = 120
_PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its", "him", "them"})
_COORDINATION_REFERENCES = frozenset({"latter", "former"})


def _finish(frame: _Frame, text: str, doc: Doc, published: date | None) -> Attribution:
    weight = frame.weight
    if frame.speaker_span[1] - frame.speaker_span[0] > _LONG_SPEAKER_CHARS:
        weight *= 0.7  # a speaker this long usually means a parse that ran two phrases together
    resolved = None
    if _is_pronoun(frame.speaker):
        antecedent = antecedent_for(frame.speaker)
        if antecedent is None:
            weight *= 0.6
        else:
            resolved = _span(text, _char_span(doc, *_np_bounds_trimmed(doc, antecedent)))
            weight *= 0.9
    statement_date, date_text = _statement_date(frame, text, published)
    return Attribution(
        speaker=_span(text, frame.speaker_span),
        cue=_span(text, frame.cue_span),
        content=_span(text, frame.content_span),
        kind=frame.kind,
        statement_date=statement_date,
        statement_date_text=date_text,
        confidence=round(min(weight, 1.0), 2),
        speaker_resolved_from=resolved,
    )


def _is_pronoun(token: Token) -> bool:
    return (token.pos_ == "PRON" and token.lower_ in _PRONOUNS) or (
        token.lower_ in _COORDINATION_REFERENCES
    )


def _np_bounds_trimmed(doc: Doc, token: Token) -> tuple[int, int]:
    if token.ent_iob_ in {"B", "I"}:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.start, ent.end - 1
    first, last = noun_phrase_bounds(token)
    if token.dep_ == "poss":
        last = min(last, token.i)
    return _trim(doc, first, last) or (token.i, token.i)


def _span(text: str, bounds: tuple[int, int]) -> TextSpan:
    start, end = bounds
    return TextSpan(text[start:end], start, end)
