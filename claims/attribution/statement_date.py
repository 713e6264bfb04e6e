"""When a statement was made, read from its frame: the cue's time modifiers, outside
speaker and content, resolved against the publication date.

claims.dates knows how to read a date phrase; this module knows which words of a frame
may date the statement.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame
from claims.attribution.spans import _overlaps
from claims.dates import has_time_word, resolve_statement_date

if TYPE_CHECKING:
    from spacy.tokens import Token


_SCENE_VERBS = frozenset({"speak", "talk", "write", "address", "testify", "appear", "reply"})


def _date_roots(verb: Token, speaker: Token, content: tuple[int, int]) -> list[Token]:
    """The cue's modifiers that may date the statement, outside speaker and content.

    A cue hanging from another clause ("after an officer reported", "adding that") also
    looks at that clause's modifiers when it has none of its own.
    """
    roots = [c for c in verb.children if _is_frame_modifier(c, speaker, content)]
    for scene in verb.children:
        # "Speaking to reporters on Sunday, the coach said …": the participle sets the scene
        # of this very statement, so its time is the statement's.
        if scene.dep_ == "advcl" and scene.tag_ == "VBG" and scene.lemma_ in _SCENE_VERBS:
            roots += [c for c in scene.children if _is_frame_modifier(c, speaker, content)]
    if not roots and verb.dep_ in {"conj", "advcl", "pcomp"}:
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        roots = [
            c
            for c in governor.children
            if c.i < verb.i and _is_frame_modifier(c, speaker, content) and not c.is_ancestor(verb)
        ]
    return roots


def _is_frame_modifier(child: Token, speaker: Token, content: tuple[int, int]) -> bool:
    if child.dep_ not in {"prep", "npadvmod", "advmod", "tmod", "obl"}:
        return False
    if child.is_ancestor(speaker) or child == speaker:
        return False
    start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
    return not _overlaps((start, end), content)


def _date_phrases(frame: _Frame, text: str) -> list[str]:
    """Frame modifiers as text, neighbours merged: the parser often splits "In August last
    year" into "In August" and "last year", and only together do they say which August."""
    bounds = []
    for root in sorted(frame.date_roots, key=lambda t: t.left_edge.i):
        start, end = root.left_edge.idx, root.right_edge.idx + len(root.right_edge)
        if root.lower_ == "according":
            end = frame.speaker_span[1]
        if bounds and not text[bounds[-1][1] : start].strip(" ,"):
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return [text[start:end] for start, end in bounds]


def _statement_date(frame: _Frame, text: str, published: date | None) -> tuple[date | None, str]:
    for phrase in _date_phrases(frame, text):
        if not has_time_word(phrase):
            continue
        found, words = resolve_statement_date(phrase, published)
        if words:
            return found, words
    return None, ""
