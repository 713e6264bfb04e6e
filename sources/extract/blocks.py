"""The raw page as a list of paragraph-level blocks, with links and a chrome flag.

trafilatura's main text drops exactly the lines that carry republication evidence
(headers, footers, credit notes), so the whole page is also walked independently: every
block keeps its links and whether it sits in navigation or sidebars, so later steps can
restore dropped lines and read evidence without trusting page chrome.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from sources.republisher import Block

_SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed",
    "select", "option", "button", "input", "textarea", "canvas", "math",
))  # fmt: skip
_BLOCK_TAGS = frozenset((
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
    "article", "header", "footer", "aside", "nav", "main", "td", "th", "tr", "table", "dd",
    "dt", "dl", "figcaption", "figure", "pre", "br", "hr", "address", "form", "fieldset",
    "details", "summary", "center",
))  # fmt: skip
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|sidebar|widgets?|breadcrumbs?|cookies?|masthead)"
    r"(?:$|[\s_-])|\bsite-(?:footer|header)\b",
    re.I,
)


def _html_blocks(tree: lxml_html.HtmlElement, url: str) -> list[Block]:
    """Every paragraph-level text of the raw page, in order, with links and a chrome flag.

    Iterative, because malformed pages nest thousands of unclosed tags deep."""
    walker = _BlockWalker(url)
    stack: list[tuple[etree._Element, bool, bool, bool]] = [(tree, False, False, False)]
    while stack:
        el, done, parent_chrome, in_article = stack.pop()
        if done:
            walker.close(el, parent_chrome)  # an element's tail belongs to its parent
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP_TAGS or _is_hidden(el):
            walker.add(el.tail, parent_chrome)
            continue
        in_article = in_article or tag in ("article", "main") or el.get("role") == "main"
        chrome = parent_chrome or _is_chrome(el, tag, in_article)
        walker.open(el, tag, chrome)
        stack.append((el, True, parent_chrome, in_article))
        stack.extend((child, False, chrome, in_article) for child in reversed(el))
    walker.flush()
    return walker.blocks


def _is_hidden(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        el.get("hidden") is not None or "display:none" in style or el.get("aria-hidden") == "true"
    )


def _is_chrome(el: etree._Element, tag: str, in_article: bool) -> bool:
    if tag in ("nav", "aside") or (tag in ("header", "footer") and not in_article):
        return True
    return bool(_CHROME_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"))


class _BlockWalker:
    """Collects text into blocks, cutting at block-level tags."""

    def __init__(self, url: str) -> None:
        self.url, self.blocks = url, []
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.chrome = False
        self.quote_depth = 0

    def open(self, el: etree._Element, tag: str, chrome: bool) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag == "blockquote":
            self.quote_depth += 1
        if tag == "a" and el.get("href"):
            self.hrefs.append(urljoin(self.url, el.get("href", "").strip()))
        self.add(el.text, chrome)

    def close(self, el: etree._Element, parent_chrome: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag == "blockquote":
            self.quote_depth -= 1
        self.add(el.tail, parent_chrome)

    def add(self, text: str | None, chrome: bool) -> None:
        if text:
            self.chrome = chrome if not self.parts else self.chrome
            self.parts.append(text)

    def flush(self) -> None:
        text = _without_image_ui(" ".join("".join(self.parts).split()))
        if text:
            hrefs = tuple(dict.fromkeys(self.hrefs))
            self.blocks.append(Block(text, hrefs, self.chrome, self.quote_depth > 0))
        self.parts, self.hrefs = [], []


# Photo widgets' own words, which extractors run into the caption or the next line.
_IMAGE_UI = re.compile(
    r"\s*\b(?:click (?:here |the image |the photo |image |photo )?to enlarge|enlarge this image"
    r"|(?:hide|toggle|show) caption|view (?:full[- ]size|larger image))\b\s*",
    re.I,
)


def _without_image_ui(text: str) -> str:
    return _IMAGE_UI.sub(" ", text).strip()
