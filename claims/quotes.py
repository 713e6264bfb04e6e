"""Quotation marks: where quotes are, and which reporting frame introduces each one.

Quotes are found on the raw text rather than from the parse because the parser splits a
multi-sentence quote into several sentences and attaches its marks anywhere; the marks
themselves are reliable. Which verb a quote belongs to is then decided from the tokens
right before or after it ("…,” Konashenkov said." / "saying in a statement: “…”").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

OPENERS = frozenset("“«„‘")
CLOSERS = frozenset("”»’")
STRAIGHT = '"'
_MARKS = re.compile(r"[“”«»„\"]")
# An open quote that runs longer than this without closing was a stray mark.
MAX_QUOTE_CHARS = 5000
# Markdown links left by HTML-to-text conversion ("[The Cradle](#)") break the parse:
# the parser reads "]" and "(#)" as words. They are blanked, keeping every offset.
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{0,1000})\)")


@dataclass(frozen=True)
class Quote:
    """One quotation: `start` is the opening mark's offset, `end` is just past the closing
    mark. A block quotation the page set off (``marked=False``) has no marks: its span
    is its text."""

    start: int
    end: int
    marked: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        return (self.start + 1, self.end - 1) if self.marked else (self.start, self.end)


def with_block_quotes(
    text: str, quotes: list[Quote], blocks: Sequence[Sequence[int]]
) -> list[Quote]:
    """The quotes found by their marks plus the page's block quotations ("The ministry
    said:" above a <blockquote>), consecutive quoted paragraphs joined into one. A block
    that holds quotation marks of its own (another outlet's story, quotes and all) is
    left to the marks inside it."""
    merged: list[list[int]] = []
    for start, end in sorted(blocks):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end])
    added = [
        Quote(start, end, marked=False)
        for start, end in merged
        if not any(q.start < end and start < q.end for q in quotes)
    ]
    return sorted(quotes + added, key=lambda q: q.start) if added else quotes


def mask_markup(text: str) -> str:
    """Blank markdown link syntax so the parser sees plain words; offsets do not move."""

    def blank(match: re.Match[str]) -> str:
        label = match.group(1)
        return " " + label + " " * (len(match.group(0)) - len(label) - 1)

    return _MARKDOWN_LINK.sub(blank, text)


def _direction(text: str, pos: int) -> str:
    """Whether a mark opens or closes. Straight quotes are judged by their neighbours."""
    char = text[pos]
    if char in OPENERS:
        return "open"
    if char in CLOSERS:
        return "close"
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else "either"
    if after.isspace() or after in ".,;:!?)]}—–-":
        return "close"
    return "either"


def _starts_paragraph(text: str, pos: int) -> bool:
    """True when only indentation stands between the mark and the preceding newline."""
    line_start = text.rfind("\n", 0, pos)
    return line_start >= 0 and not text[line_start + 1 : pos].strip()


def find_quotes(text: str) -> list[Quote]:
    """All quotations in `text`, in order, with multi-paragraph quotes as one.

    News style repeats the opening mark at the start of each paragraph of a long quote
    and closes only at the end; a paragraph that opens a mark while a quote is still open
    therefore continues that quote. An opening mark anywhere else while a quote is open
    means the earlier mark was stray, so the quote restarts there.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    for match in _MARKS.finditer(text):
        pos = match.start()
        role = _direction(text, pos)
        if role == "either":
            role = "close" if open_at is not None else "open"
        if open_at is not None and pos - open_at > MAX_QUOTE_CHARS:
            open_at = None
        if role == "close":
            if open_at is not None:
                quotes.append(Quote(open_at, pos + 1))
                open_at = None
            continue
        if open_at is None or not _starts_paragraph(text, pos):
            open_at = pos
    return sorted(quotes + _single_quotes(text, quotes), key=lambda q: q.start)


_SINGLE = re.compile(r"[‘’]")


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    """British-style ‘…’ quotes outside double quotes.

    ’ is also the apostrophe ("Russia’s", "don’t"), so it closes a quote only when one is
    open and no letter follows it; a single quote inside a double quote is a quote within
    the quote and stays part of that content.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    inside = iter(doubles)
    current = next(inside, None)
    for match in _SINGLE.finditer(text):
        pos = match.start()
        while current is not None and current.end <= pos:
            current = next(inside, None)
        if current is not None and current.start <= pos:
            continue
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < len(text) else " "
        if match.group() == "‘":
            opens = (before.isspace() or before in "([—–-") and not after.isspace()
            if opens and (open_at is None or not _starts_paragraph(text, pos)):
                open_at = pos
        elif open_at is not None and not before.isspace() and not after.isalnum():
            if pos - open_at <= MAX_QUOTE_CHARS:
                quotes.append(Quote(open_at, pos + 1))
            open_at = None
    return quotes


class TokenIndex:
    """Char offset -> token lookups on one Doc, built once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [token.idx for token in doc]

    def first_at_or_after(self, char: int) -> int:
        return bisect_left(self.starts, char)

    def last_before(self, char: int) -> int:
        """Index of the last non-space token that ends at or before `char`, or -1."""
        i = bisect_left(self.starts, char) - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return i


_STOP_TEXT = frozenset({".", "!", "?", ";"})
_SKIP_TEXT = frozenset({",", "—", "–", "-", "--"})
_SPEECH_END = ",?!.…—–-"
MAX_FRAME_TOKENS = 9


def _is_mark(token: Token) -> bool:
    if token.text == "’":  # also the plural possessive: "the observers’ mission"
        return token.dep_ != "case" and token.tag_ != "POS"
    return token.text in OPENERS or token.text in CLOSERS or token.text == STRAIGHT


def _opens_clause(text: str, start: int) -> bool:
    """True when a quote stands where a sentence or clause may begin.

    In "would achieve its goals “no matter what”, according to an aide" the quote is a
    fragment of the reported clause, so the frame after it covers the whole clause, not
    the quote alone.
    """
    before = text[max(0, start - 40) : start].rstrip()
    return not before or before[-1] in '.!?:;”"—–-(\n' or text[start - 1 : start] == "\n"


def frame_after(
    index: TokenIndex, text: str, quote: Quote, is_cue: Callable[[Token], bool]
) -> Token | None:
    """The cue of a frame that follows the quote: "“…,” Konashenkov said." / ", said X."

    The frame must start right after the closing mark (an optional comma or dash between)
    and reach its cue within a few tokens, before any sentence end or other quote.
    """
    doc = index.doc
    if not _opens_clause(text, quote.start):
        return None
    inside_end = quote.end - 1
    speechlike = text[inside_end - 1 : inside_end] in tuple(_SPEECH_END) or text[
        quote.end : quote.end + 1
    ] in tuple(_SPEECH_END)
    limit = MAX_FRAME_TOKENS if speechlike else 3
    seen = 0
    for i in range(index.first_at_or_after(quote.end), len(doc)):
        token = doc[i]
        if token.is_space:
            if "\n" in token.text:
                return None
            continue
        if token.text in _SKIP_TEXT and seen == 0:
            continue
        if token.text in _STOP_TEXT or _is_mark(token) or seen >= limit:
            return None
        if is_cue(token):
            ends_sentence = "." in (
                text[inside_end - 1 : inside_end],
                text[quote.end : quote.end + 1],
            )
            return None if ends_sentence and _reports_a_clause(token) else token
        seen += 1
    return None


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _reports_a_clause(cue: Token) -> bool:
    """Whether a finite verb follows the cue in its sentence. A quote closed by a full
    stop ended its sentence, so a frame after it is a sentence of its own: "“…one.” Mr.
    Amdahl said." ends there and frames the quote, but "“…one.” Mr. Amdahl said the strike
    could last weeks." reports that clause, however the parser hung it."""
    sentence = cue.sent
    return any(t.tag_ in _FINITE for t in cue.doc[cue.i + 1 : sentence.end])


def frame_before(
    index: TokenIndex, text: str, quote: Quote, is_cue: Callable[[Token], bool]
) -> Token | None:
    """The cue of a frame that leads into the quote: "X said: “…”" / "saying in a statement: “…”".

    Either the cue stands right before the mark ("X said “…”") or a colon or comma does and
    every token between the cue and it is one of the cue's own modifiers ("in a statement
    on Monday"), so a quote that merely follows some clause is not taken for speech.
    """
    doc = index.doc
    p = index.last_before(quote.start)
    if p < 0:
        return None
    if is_cue(doc[p]):
        # "protested “in the strongest terms”": a quoted manner phrase, not what was said.
        first = index.first_at_or_after(quote.inner[0])
        opens_phrase = first < len(doc) and doc[first].pos_ == "ADP"
        return None if opens_phrase else doc[p]
    if doc[p].text not in {":", ","}:
        return None
    for i in range(p - 1, max(-1, p - 1 - MAX_FRAME_TOKENS * 2), -1):
        token = doc[i]
        if token.text in _STOP_TEXT or _is_mark(token):
            return None
        if is_cue(token):
            between = doc[token.i + 1 : p]
            if all(token.is_ancestor(t) or t.is_space for t in between):
                return token
            return None
    return None


def gap_is_frame_only(text: str, previous: Quote, quote: Quote, cue_text: str) -> bool:
    """True when only the previous quote's frame separates two quotes.

    "“A,” he said. “B.”" and "He said: “A.”\n\n“B.”" continue one speaker's quote; any
    other text in between (a new clause, another speaker) ends the run.
    """
    gap = text[previous.end : quote.start]
    if len(gap) > 160 or any(mark in gap for mark in '“”«»"'):
        return False
    stripped = gap.strip()
    if not stripped:
        return True
    return cue_text in gap and stripped[-1] in ".,:"
