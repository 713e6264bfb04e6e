"""Noun-cue frames: a statement noun with its owner and a that-clause ("Moscow's claim
that …") is an attribution of its own, with no reporting verb to carry it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame, _has_that_mark
from claims.attribution.records import INDIRECT
from claims.attribution.spans import _char_span, _content_span, _speaker_span
from claims.cues import CLAUSAL_NOUN_CUES
from claims.speakers import statement_owner

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _noun_frames(doc: Doc, skip: set[int] = frozenset()) -> list[_Frame]:
    """ "Moscow's claim that …", "the ministry's warning that …": a statement noun with its
    owner and a that-clause is an attribution of its own."""
    frames = []
    for token in doc:
        if token.lemma_ not in CLAUSAL_NOUN_CUES or token.pos_ != "NOUN" or token.i in skip:
            continue
        clause = next(
            (c for c in token.rights if c.dep_ in {"acl", "ccomp"} and _has_that_mark(c)), None
        )
        owner = statement_owner(token) if clause is not None else None
        if clause is None or owner is None:
            continue
        content = _content_span(doc, clause.left_edge.i, clause.right_edge.i)
        speaker_span = _speaker_span(doc, owner)
        if content is None or speaker_span is None:
            continue
        frames.append(
            _Frame(
                speaker=owner,
                speaker_span=speaker_span,
                cue_span=_char_span(doc, token.i, token.i),
                content_span=content,
                kind=INDIRECT,
                weight=0.75,
                cue_token=token,
                date_roots=[],
            )
        )
    return frames
