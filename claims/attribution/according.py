"""'According to' frames: "according to X" credits X with the sentence around it, less
the phrase when it stands at an edge. Quote frames use the same frame for a quotation
next to "according to X".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame
from claims.attribution.records import ACCORDING_TO
from claims.attribution.spans import _char_span, _overlaps, _speaker_span, _trim
from claims.cues import NOT_SOURCES, NOUN_CUES
from claims.speakers import child_with, noun_phrase_bounds, statement_owner

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _according_frames(doc: Doc, used: set[int]) -> list[_Frame]:
    frames = []
    for token in doc:
        if token.lower_ != "according" or token.i in used:
            continue
        content = _according_content(doc, token)
        if content is None:
            continue
        frame = _according_frame(doc, token, content, ACCORDING_TO)
        if frame is not None:
            frames.append(frame)
    return frames


def _according_source(cue: Token) -> Token | None:
    to = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if to is None or to.lower_ != "to":
        return None
    source = child_with(to, "pobj")
    if source is None or source.lemma_ in NOT_SOURCES:
        return None
    return source


def _according_frame(doc: Doc, cue: Token, content: tuple[int, int], kind: str) -> _Frame | None:
    source = _according_source(cue)
    if source is None:
        return None
    speaker = source
    if source.lemma_ in NOUN_CUES and source.pos_ == "NOUN":
        speaker = statement_owner(source) or source
    speaker_span = _speaker_span(doc, speaker)
    # In "The cabinet, according to two ministers, will …" the content runs around the
    # phrase, so the speaker sits inside it; only a phrase at an edge must stay outside.
    cue_span = _char_span(doc, cue.i, cue.i + 1)
    if speaker_span is None or (
        _overlaps(speaker_span, content) and not content[0] < cue_span[0] < content[1]
    ):
        return None
    return _Frame(
        speaker=speaker,
        speaker_span=speaker_span,
        cue_span=cue_span,
        content_span=content,
        kind=kind,
        weight=0.85 if kind == ACCORDING_TO else 0.9,
        cue_token=cue,
        date_roots=[cue],
    )


def _according_content(doc: Doc, cue: Token) -> tuple[int, int] | None:
    """The sentence around "according to X", less the phrase when it stands at an edge."""
    source = _according_source(cue)
    if source is None:
        return None
    phrase_last = max(noun_phrase_bounds(source)[1], source.i)
    for token in source.subtree:  # "… a person familiar with it who asked not to be named"
        if token.dep_ == "relcl" and token.left_edge.i == phrase_last + 1:
            phrase_last = token.right_edge.i
    sentence = cue.sent
    first, last = sentence.start, sentence.end - 1
    before = _trim(doc, first, cue.i - 1) if cue.i > first else None
    after = _trim(doc, phrase_last + 1, last) if phrase_last < last else None
    if before is None and after is not None:
        return _char_span(doc, *after)
    if after is None and before is not None:
        return _char_span(doc, *before)
    if before is not None and _starts_new_clause(doc[after[0]]):
        # "Turnout was 38%, according to the commission, and several stations opened late":
        # the report covers the clause it follows, not the writer's next one.
        return _char_span(doc, *before)
    trimmed = _trim(doc, first, last)
    return _char_span(doc, *trimmed) if trimmed else None


def _starts_new_clause(token: Token) -> bool:
    """ "and …", "though …": a conjunction that opens a clause of its own."""
    return token.dep_ in {"cc", "mark"} and token.head.pos_ in {"VERB", "AUX"}
