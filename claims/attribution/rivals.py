"""Where frames meet: a content cut short at a rival report the parser hung inside it,
and one attribution per (speaker, content) when several rules find the same one.
"""

from __future__ import annotations

from dataclasses import replace

from claims.attribution.frames import _Frame
from claims.attribution.spans import _char_span, _trim
from claims.quotes import TokenIndex


def _cut_at_rival_reports(index: TokenIndex, frames: list[_Frame]) -> list[_Frame]:
    """End a content before a report that the parser hung inside it as a coordinate or
    contrasting clause: in "predicted A, though they warned that B" and "conceded that A
    but denied that B", B is the second report's content, not part of A. A report nested
    as a complement ("reported that an officer said …") stays inside: that is a claim
    about a claim. A frame whose own content holds this one ("Witnesses said A, according
    to local media") frames the whole report from outside, so it is cut off too."""
    doc, cuts = index.doc, []
    for frame in frames:
        end = frame.content_span[1]
        for rival in frames:
            verb = rival.cue_token
            if rival is frame or not frame.content_span[0] < verb.idx < end:
                continue
            contrast = any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in verb.children)
            outer = rival.content_span[0] <= frame.cue_span[0] < rival.content_span[1]
            if verb.dep_ == "conj" or (verb.dep_ == "advcl" and contrast) or outer:
                first = index.first_at_or_after(frame.content_span[0])
                last = _trim(doc, first, verb.left_edge.i - 1)
                if last is not None:
                    end = min(end, _char_span(doc, *last)[1])
        cuts.append(replace(frame, content_span=(frame.content_span[0], end)))
    return cuts


_CONTRAST_MARKS = frozenset({"though", "although", "while", "whereas", "whilst"})


def _dedupe(frames: list[_Frame]) -> list[_Frame]:
    """One attribution per (speaker, content); the first rule to find it wins."""
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    kept = []
    for frame in sorted(frames, key=lambda f: (f.cue_span[0], f.content_span[0])):
        key = (frame.speaker_span, frame.content_span)
        if key not in seen:
            seen.add(key)
            kept.append(frame)
    return kept
