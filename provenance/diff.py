"""Word-level diff of a copy against its parent: what the copier changed.

Paragraphs are aligned first and only changed paragraphs are diffed word by word, so a
10,000-word page costs a few milliseconds and a rewrapped paragraph does not smear the
diff across the page.  Tokens keep their trailing whitespace: joining the ``child``
sides of the ops rebuilds the child text exactly (and ``parent`` sides the parent).
Spans the caller marks as boilerplate (share prompts, disclaimers, series intros) are
flagged on the ops, so a page can show "dropped Global Research's footer" apart from
"changed Donetsk to Dontesk".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz.distance import Indel

from provenance.compare import paragraph_key

Op = Literal["equal", "insert", "delete", "replace"]
Spans = Sequence[tuple[int, int]]

# A word with the whitespace after it (leading whitespace of the text goes with the
# first word): whitespace alone is never an edit.
_TOKEN = re.compile(r"^\s*\S+\s*|\S+\s*|^\s+")
_CHUNK = re.compile(r"[^\n]*\n*")
# Typographic variants a CMS substitutes on its own; not the copier's edits.
# Extraction renders links as [label](href); a copy that lost the link kept the words.
_LINK_SYNTAX = re.compile(r"^\[|\]\([^)\s]*\)")
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "’": "'", "‘": "'", "–": "-"})


@dataclass(frozen=True)
class DiffOp:
    op: Op
    parent: str
    child: str
    boilerplate: bool = False


@dataclass(frozen=True)
class TitleChange:
    kind: Literal["same", "dropped", "added", "changed"]
    parent: str
    child: str
    ops: tuple[DiffOp, ...]


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    boilerplate: bool

    @property
    def key(self) -> str:
        """The token as compared: typography unified, markdown link syntax removed."""
        key = _LINK_SYNTAX.sub("", self.text.strip())
        return key.translate(_TYPOGRAPHY).replace("…", "...")


class _Side:
    """One text cut into paragraph chunks and whitespace-keeping tokens."""

    def __init__(self, text: str, boilerplate: Spans) -> None:
        self.text = text
        self.spans = sorted(boilerplate)
        self.chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text) if m.end() > m.start()]
        self.keys = [paragraph_key(text[start:end]) for start, end in self.chunks]

    def tokens(self, first_chunk: int, last_chunk: int) -> list[_Token]:
        """Tokens of chunks ``first_chunk`` up to (not including) ``last_chunk``."""
        if first_chunk >= last_chunk:
            return []
        begin, end = self.chunks[first_chunk][0], self.chunks[last_chunk - 1][1]
        return [
            _Token(m.group(), m.start(), self._in_boilerplate(m.start(), m.end()))
            for m in _TOKEN.finditer(self.text, begin, end)
        ]

    def _in_boilerplate(self, start: int, end: int) -> bool:
        if not self.text[start:end].strip():
            return False  # whitespace takes the flag of its neighbours when merged
        return any(s < end and start < e for s, e in self.spans)


def word_diff(
    parent_text: str,
    child_text: str,
    *,
    parent_boilerplate: Spans = (),
    child_boilerplate: Spans = (),
) -> list[DiffOp]:
    """Diff ``child_text`` against ``parent_text`` word by word.

    ``*_boilerplate`` are (start, end) character offsets into each text; ops over them
    carry ``boilerplate=True`` and are never merged with edits to the body.
    """
    parent = _Side(parent_text, parent_boilerplate)
    child = _Side(child_text, child_boilerplate)
    matcher = SequenceMatcher(None, parent.keys, child.keys, autojunk=False)
    ops: list[DiffOp] = []
    for tag, p0, p1, c0, c1 in matcher.get_opcodes():
        parent_tokens, child_tokens = parent.tokens(p0, p1), child.tokens(c0, c1)
        if (
            tag == "equal"
            and parent_text[_range(parent, p0, p1)] == child_text[_range(child, c0, c1)]
        ):
            ops.extend(_equal(parent_tokens, child_tokens))
        else:
            ops.extend(_token_diff(parent_tokens, child_tokens))
    return _merge(ops)


def _range(side: _Side, first: int, last: int) -> slice:
    return slice(side.chunks[first][0], side.chunks[last - 1][1]) if first < last else slice(0, 0)


def _token_diff(parent: list[_Token], child: list[_Token]) -> list[DiffOp]:
    """Word-level ops; runs of deletions and insertions between equal words become
    replacements, which is how a reader sees "Donetsk" -> "Dontesk"."""
    ops: list[DiffOp] = []
    pending_parent: list[_Token] = []
    pending_child: list[_Token] = []
    opcodes = Indel.opcodes([t.key for t in parent], [t.key for t in child])
    for tag, p0, p1, c0, c1 in opcodes:
        if tag == "equal":
            ops.extend(_changed(pending_parent, pending_child))
            pending_parent, pending_child = [], []
            ops.extend(_equal(parent[p0:p1], child[c0:c1]))
        else:
            pending_parent.extend(parent[p0:p1])
            pending_child.extend(child[c0:c1])
    ops.extend(_changed(pending_parent, pending_child))
    return ops


def _equal(parent: list[_Token], child: list[_Token]) -> list[DiffOp]:
    return [
        DiffOp("equal", p.text, c.text, p.boilerplate or c.boilerplate)
        for p, c in zip(parent, child, strict=True)
    ]


def _changed(parent: list[_Token], child: list[_Token]) -> list[DiffOp]:
    """A replacement, or a deletion and an insertion when only one side is boilerplate
    (a dropped footer is not an edit of the sentence that follows it)."""
    if not parent and not child:
        return []
    parent_flag = _flag(parent)
    child_flag = _flag(child)
    if parent and child and parent_flag is not None and parent_flag == child_flag:
        return [DiffOp("replace", _join(parent), _join(child), parent_flag)]
    deletions = [DiffOp("delete", t.text, "", t.boilerplate) for t in parent]
    insertions = [DiffOp("insert", "", t.text, t.boilerplate) for t in child]
    return deletions + insertions


def _flag(tokens: list[_Token]) -> bool | None:
    """The boilerplate flag shared by all non-blank tokens; None when mixed."""
    flags = {t.boilerplate for t in tokens if t.text.strip()} or {False}
    return flags.pop() if len(flags) == 1 else None


def _join(tokens: list[_Token]) -> str:
    return "".join(t.text for t in tokens)


def _merge(ops: list[DiffOp]) -> list[DiffOp]:
    """Join neighbouring ops of one kind and flag; blank tokens join either side."""
    merged: list[DiffOp] = []
    for op in ops:
        if merged and merged[-1].op == op.op:
            last = merged[-1]
            blank = not (op.parent + op.child).strip()
            if last.boilerplate == op.boilerplate or blank:
                merged[-1] = DiffOp(
                    op.op, last.parent + op.parent, last.child + op.child, last.boilerplate
                )
                continue
        merged.append(op)
    return merged


def title_change(parent_title: str, child_title: str) -> TitleChange:
    """How the copy's title relates to its parent's: same, dropped, added or changed."""
    parent_key, child_key = paragraph_key(parent_title), paragraph_key(child_title)
    if parent_key == child_key:
        kind = "same"
    elif not child_key:
        kind = "dropped"
    elif not parent_key:
        kind = "added"
    else:
        kind = "changed"
    ops = tuple(word_diff(parent_title, child_title)) if kind != "same" else ()
    return TitleChange(kind, parent_title, child_title, ops)
