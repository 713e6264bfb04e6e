"""The extractor's output: spans of the caller's text, the attribution record, and the
three kinds of attribution.

These are the public types that callers store and serialise (claims.serialize, the API,
the management command); they depend on nothing else in the package, so every module
may use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DIRECT = "direct"
INDIRECT = "indirect"
ACCORDING_TO = "according_to"


@dataclass(frozen=True)
class TextSpan:
    """A slice of the input: `text == source[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Attribution:
    """One place where a speaker is said to have stated something."""

    speaker: TextSpan
    cue: TextSpan
    content: TextSpan
    kind: str  # "direct" (quotation), "indirect" (reported speech), "according_to"
    statement_date: date | None
    statement_date_text: str
    confidence: float
    speaker_resolved_from: TextSpan | None = None  # for pronouns: the antecedent mention
