"""The article text a script-rendered page carries as data, put back into the page.

Next.js and Nuxt sites send the story as JSON (``__NEXT_DATA__``, ``__NUXT_DATA__``)
and render only a teaser into the HTML until the browser runs the scripts; some sites
do the same with JSON-LD ``articleBody`` behind a truncated page. A reader sees the whole
story, and so must the linker: a copy of it would otherwise look like the fuller page.
The paragraphs go into the tree where the teaser stands, so extraction reads them as
the page's own text, with its header and footer around them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from sources.republisher import fold

_DATA_SCRIPTS = (
    '//script[@id="__NEXT_DATA__" or @id="__NUXT_DATA__" or @type="application/ld+json"]'
)
_VISIBLE_TEXT = (
    ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::template)]"
)
_TEXT_KEYS = ("html", "text", "content", "value", "body", "articleBody")
_MIN_WORDS = 150  # a story, not a summary
_MAX_SCRIPT_CHARS = 5_000_000


def _restore_embedded_body(tree: lxml_html.HtmlElement) -> bool:
    """Put the story carried as data into the page when the page shows only part of
    it; returns whether the tree changed."""
    paragraphs = _embedded_paragraphs(tree)
    if not paragraphs:
        return False
    body = tree.find("body")
    if body is None:
        return False
    visible = fold(" ".join(body.xpath(_VISIBLE_TEXT)))
    if fold(paragraphs[-1])[:80] in visible:
        return False  # the page shows the whole story already
    teaser = _teaser_element(body, paragraphs[0])
    new = []
    for text in paragraphs:
        p = etree.Element("p")
        p.text = text
        new.append(p)
    if teaser is not None:
        parent = teaser.getparent()
        index = parent.index(teaser)
        new[-1].tail = teaser.tail
        parent.remove(teaser)
        for offset, p in enumerate(new):
            parent.insert(index + offset, p)
    else:
        article = etree.SubElement(body, "article")
        article.extend(new)
    return True


def _teaser_element(body: lxml_html.HtmlElement, first: str) -> etree._Element | None:
    """The paragraph the server rendered: the story's first paragraph, on its own."""
    key = fold(first)[:80]
    for el in body.iter("p", "div"):
        text = el.text_content()
        short = len(text) < 2 * len(first) + 200
        if el.getparent() is not None and short and fold(text).startswith(key):
            return el
    return None


def _embedded_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    """The longest run of paragraphs in the page's data scripts, as plain text."""
    best: list[str] = []
    for script in tree.xpath(_DATA_SCRIPTS):
        raw = script.text or ""
        if len(raw) > _MAX_SCRIPT_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for candidate in _candidates(data, depth=0):
            if _words(candidate) > _words(best):
                best = candidate
    return best if _words(best) >= _MIN_WORDS else []


def _candidates(data: object, depth: int) -> Iterator[list[str]]:
    """Every long string, and every list of text blocks, in a JSON document."""
    if depth > 40:
        return
    if isinstance(data, str):
        if len(data) > 500:
            yield _paragraphs_of(data)
    elif isinstance(data, list):
        texts = [t for t in (_block_text(item) for item in data) if t]
        if len(texts) >= 3:
            yield [p for t in texts for p in _paragraphs_of(t)]
        for item in data:
            yield from _candidates(item, depth + 1)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _candidates(value, depth + 1)


def _block_text(item: object) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for key in _TEXT_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value
    return ""


def _paragraphs_of(value: str) -> list[str]:
    """Plain paragraphs of a text or an HTML fragment."""
    if "<" in value and ">" in value:
        try:
            fragment = lxml_html.fragment_fromstring(value, create_parent="div")
        except (etree.ParserError, ValueError):
            return []
        blocks = [el.text_content() for el in fragment.iter("p", "li", "h2", "h3", "blockquote")]
        texts = blocks or [fragment.text_content()]
    else:
        texts = value.split("\n\n")
    return [" ".join(t.split()) for t in texts if t.strip()]


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)
