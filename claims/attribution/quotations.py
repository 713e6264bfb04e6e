"""Quote frames: each quotation tied to the frame right after or before it ("“…,” she
said", "according to X, “…”"), or continuing the previous speaker's quote.

claims.quotes finds the quotations and the cue tokens next to them; this module turns
them into frames. It runs first, and the cues it uses are kept out of the other rules.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from claims.attribution.according import _according_frame
from claims.attribution.cue_verbs import _frame_for_verb, _is_actual_report, _is_cue_verb
from claims.attribution.frames import _Frame, _quote_content
from claims.attribution.records import DIRECT
from claims.quotes import Quote, TokenIndex, frame_after, frame_before, gap_is_frame_only
from claims.speakers import parenthetical_scene

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _quote_frames(
    index: TokenIndex, text: str, quotes: list[Quote]
) -> tuple[list[_Frame], set[int]]:
    """Direct quotes: each quotation tied to the frame next to it, or continuing the
    previous speaker's quote when only that frame stands between them."""
    doc = index.doc
    frames: list[_Frame] = []
    used: set[int] = set()
    previous: tuple[Quote, _Frame] | None = None
    for quote in quotes:
        content = _quote_content(text, quote)
        if content is None:
            continue
        frame = None
        for find_frame in (frame_after, frame_before):
            cue = find_frame(index, text, quote, _is_quote_cue)
            frame = None if cue is None else _frame_for_quote(doc, cue, quote, content, quotes)
            if frame is not None:
                break
        if frame is None and previous is not None:
            frame = _continuation(text, previous, quote, content)
        if frame is None:
            continue
        used.add(frame.cue_token.i)
        frames.append(frame)
        previous = (quote, frame)
    return frames, used


def _is_quote_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False
    return _is_cue_verb(token)


def _frame_for_quote(
    doc: Doc, cue: Token, quote: Quote, content: tuple[int, int], quotes: list[Quote]
) -> _Frame | None:
    if cue.lower_ == "according":
        return _according_frame(doc, cue, content, DIRECT)
    if not _is_actual_report(cue, quotes) or _has_outside_clause(cue, quotes):
        return None
    return _frame_for_verb(doc, cue, content, DIRECT, 0.95)


def _has_outside_clause(verb: Token, quotes: list[Quote]) -> bool:
    """A cue whose own clause lies outside every quote reports that clause, not the quote.
    (In a split quote, "“A,” said X, “B.”", the parser hangs B on the cue as well.)"""
    scene = parenthetical_scene(verb)
    for child in verb.children:
        if child.dep_ != "ccomp" or child == scene:
            continue
        if not any(q.start <= child.idx < q.end for q in quotes):
            return True
    return False


def _continuation(
    text: str, previous: tuple[Quote, _Frame], quote: Quote, content: tuple[int, int]
) -> _Frame | None:
    last_quote, frame = previous
    cue_text = text[frame.cue_span[0] : frame.cue_span[1]]
    if not gap_is_frame_only(text, last_quote, quote, cue_text):
        return None
    return replace(frame, content_span=content, weight=frame.weight * 0.8)
