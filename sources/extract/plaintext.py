"""Paragraph blocks from a plain-text page (a saved article, Markdown-ish markup allowed).

Plain text has no tags to cut paragraphs at, and saved articles come hard-wrapped with
Markdown headings, bold and links; this turns them into the same blocks the HTML path
produces, so that the rest of extraction treats both alike.
"""

from __future__ import annotations

import re

from sources.republisher import Block, ends_sentence, strip_links

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_LIST_ITEM = re.compile(r"^(?:[-*•]\s|\d{1,3}[.)]\s)")


def _text_blocks(text: str) -> list[Block]:
    """Paragraphs of a plain-text page: blank lines separate them, hard wraps do not."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        quoted = bool(lines) and all(ln.startswith(">") for ln in lines)
        if quoted:  # a Markdown or e-mail block quotation
            lines = [ln.lstrip("> ").strip() for ln in lines]
        for line in _unwrap([ln for ln in lines if ln]):
            clean, hrefs = strip_links(_MD_BOLD.sub(r"\2", _MD_HEADING.sub("", line)))
            clean = " ".join(clean.split())
            if clean:
                blocks.append(Block(clean, hrefs, quoted=quoted))
    return blocks


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (long, no final punctuation) within one paragraph."""
    groups: list[list[str]] = []
    for line in lines:
        prev = groups[-1][-1] if groups else ""
        if len(prev) >= 40 and not ends_sentence(prev) and not _LIST_ITEM.match(line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(group) for group in groups]
