"""The article text a script-rendered page carries as data, put back into the page.

Next.js sites send the story as JSON (``__NEXT_DATA__``)
and render only a teaser into the HTML until the browser runs the scripts; some sites
do the same with JSON-LD ``articleBody`` behind a truncated page. A reader sees the whole
story, and so must the linker: a copy of it would otherwise look like the fuller page.
The paragraphs go into the tree where the teaser stands, so extraction reads them as
the page's own text, with its header and footer around them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from sources.republisher import fold

_DATA_SCRIPTS = '//script[@id="__NEXT_DATA__" or @type="application/ld+json"]'
_VISIBLE_TEXT = (
    ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::template)]"
)
_TEXT_KEYS = ("html", "text", "content", "value", "body", "articleBody")
_MIN_WORDS = 150  # a story, not a summary
_MAX_SCRIPT_CHARS = 2_000_000
_MIN_KEY = 20  # characters of a paragraph that identify it on the page
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lxml refuses them in text
_BLOCKS = ("p", "li", "h2", "h3", "h4", "blockquote")


def _restore_embedded_body(tree: lxml_html.HtmlElement) -> bool:
    """Put the story carried as data into the page, where its first paragraph (the
    teaser) stands, when the page shows only a part of it; returns whether the tree
    changed. Without the teaser on the page nothing ties the data to this story (a
    script may carry related stories too), so nothing is added."""
    body = tree.find("body")
    paragraphs = _embedded_paragraphs(tree) if body is not None else []
    if not paragraphs:
        return False
    visible = fold(" ".join(body.xpath(_VISIBLE_TEXT)))
    missing = [p for p in paragraphs if _key(p) not in visible]
    if len(missing) < len(paragraphs) / 2:
        return False  # the page shows the story already (perhaps with a line less)
    teaser = _teaser_element(body, paragraphs[0])
    if teaser is None:
        return False
    parent, index = teaser.getparent(), teaser.getparent().index(teaser)
    new = []
    for text in paragraphs:
        p = etree.Element("p")
        p.text = text
        new.append(p)
    new[-1].tail = teaser.tail
    parent.remove(teaser)
    for offset, p in enumerate(new):
        parent.insert(index + offset, p)
    return True


def _key(paragraph: str) -> str:
    return fold(paragraph)[:80]


def _teaser_element(body: lxml_html.HtmlElement, first: str) -> etree._Element | None:
    """The paragraph the server rendered: the story's first paragraph, on its own."""
    key = _key(first)
    if len(key) < _MIN_KEY:
        return None
    for el in body.iter("p", "div"):
        text = el.text_content()
        short = len(text) < 2 * len(first) + 200
        if el.getparent() is not None and short and fold(text).startswith(key):
            return el
    return None


def _embedded_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    """The longest run of paragraphs in the page's data scripts, as plain text."""
    best: list[str] = []
    most = 0
    for script in tree.xpath(_DATA_SCRIPTS):
        raw = script.text or ""
        if len(raw) > _MAX_SCRIPT_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for candidate in _candidates(data, depth=0):
            words = _words(candidate)
            if words > most:
                best, most = candidate, words
    return best if most >= _MIN_WORDS else []


def _candidates(data: object, depth: int) -> Iterator[list[str]]:
    """Every long string, and every list of text blocks (objects with a text field, as
    CMS block editors store a body), in a JSON document."""
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
            if isinstance(item, list | dict):
                yield from _candidates(item, depth + 1)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _candidates(value, depth + 1)


def _block_text(item: object) -> str:
    if isinstance(item, dict):
        for key in _TEXT_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value
    return ""


def _paragraphs_of(value: str) -> list[str]:
    """Plain paragraphs of a text or an HTML fragment (scripts and styles left out)."""
    value = _CONTROL.sub(" ", value)
    if "<" in value and ">" in value:
        try:
            fragment = lxml_html.fragment_fromstring(value, create_parent="div")
        except (etree.ParserError, ValueError):
            return []
        for el in fragment.xpath(".//script|.//style"):
            el.drop_tree()
        leaves = [el for el in fragment.iter(*_BLOCKS) if not any(el.iterdescendants(*_BLOCKS))]
        texts = [el.text_content() for el in leaves] or [fragment.text_content()]
    else:
        texts = value.split("\n\n")
    return [" ".join(t.split()) for t in texts if t.strip()]


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)
