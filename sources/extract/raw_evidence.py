"""Republication evidence taken from the raw page where the main text left it out.

Header lines above the article (bylines, datelines, "Posted on") and origin notes in
footers are the linker's best evidence of who copied whom, and trafilatura drops them;
this step reads them back from the raw blocks into the parsed header and body.
"""

from __future__ import annotations

from sources.republisher import (
    Block,
    Body,
    Header,
    absorb,
    classify_header,
    fold,
    is_statement,
    origin_notes,
    same_text,
    title_like,
)


def _add_raw_evidence(
    header: Header, body: Body, raw_blocks: list[Block], body_blocks: list[Block]
) -> None:
    """Fill in what trafilatura dropped: header lines above the article and origin notes
    (with their links) anywhere in the page outside navigation and sidebars."""
    start = _raw_body_start(raw_blocks, body_blocks)
    for offset, block in enumerate(raw_blocks[max(0, start - 40) : start]):
        parsed = classify_header(block.text)
        near = offset >= min(start, 40) - 10
        if parsed and (parsed.kind != "date" or near) and not _known_dated(header, block):
            absorb(header, parsed, block)
    known = {fold(n.line): i for i, n in enumerate(body.notes)}
    for block in raw_blocks:
        for note in [] if block.chrome else origin_notes(block.text, block.hrefs):
            index = known.get(fold(note.line))
            if index is None:
                body.notes.append(note)
            elif note.url and not body.notes[index].url:
                body.notes[index] = note


def _raw_subtitle(raw_blocks: list[Block], title: str) -> str:
    """The dek under the <h1>, when trafilatura left both out of the main text."""
    index = next((i for i, b in enumerate(raw_blocks) if title and same_text(b.text, title)), -1)
    if index < 0 or index + 2 >= len(raw_blocks):
        return ""
    candidate, following = raw_blocks[index + 1], raw_blocks[index + 2].text
    if (
        classify_header(candidate.text)
        or is_statement(candidate)
        or not title_like(candidate.text, 60)
    ):
        return ""
    return candidate.text if classify_header(following) is not None else ""


def _raw_body_start(raw_blocks: list[Block], body_blocks: list[Block]) -> int:
    first = next((fold(b.text)[:60] for b in body_blocks if not is_statement(b)), "")
    if not first:
        return 0
    return next((i for i, b in enumerate(raw_blocks) if first in fold(b.text)), 0)


def _known_dated(header: Header, block: Block) -> bool:
    return any(same_text(b.text, block.text) for _n, _d, b in header.dated)
