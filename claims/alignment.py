"""Carry character spans from a parent article into its copy.

A copy reuses its parent's attributions rather than re-guessing them: each span is
found again in the copy's text, exactly where possible and fuzzily where the copier
changed a word or the typography ("..." for "…").
"""

from __future__ import annotations

from rapidfuzz import fuzz

MIN_SCORE = 85.0


def align_span(
    span_text: str, target: str, *, hint: float = 0.0, min_score: float = MIN_SCORE
) -> tuple[int, int] | None:
    """(start, end) of span_text in target, or None when the copy does not carry it.

    hint is the span's relative position in its own article (0..1): among several exact
    matches, the one nearest that position wins.
    """
    if not span_text or not target:
        return None
    exact = _exact(span_text, target, hint)
    if exact is not None:
        return exact
    alignment = fuzz.partial_ratio_alignment(span_text, target, score_cutoff=min_score)
    if alignment is None:
        return None
    return alignment.dest_start, alignment.dest_end


def _exact(span_text: str, target: str, hint: float) -> tuple[int, int] | None:
    positions, start = [], target.find(span_text)
    while start != -1 and len(positions) < 50:
        positions.append(start)
        start = target.find(span_text, start + 1)
    if not positions:
        return None
    expected = hint * len(target)
    best = min(positions, key=lambda p: abs(p - expected))
    return best, best + len(span_text)
