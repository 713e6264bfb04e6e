"""Reading the raw page into a tree, and undoing table layouts before anything reads it.

Old hand-made sites lay their pages out in tables, which trafilatura takes for data and
returns as one row mixing menu, story and footer; the tree is fixed up here once, so
that the main-text extractor and the raw-block walker both see plain sections.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from sources.errors import ExtractionError


def _parse_html(html: str) -> lxml_html.HtmlElement:
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)  # lxml refuses str + encoding decl
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(
            f"The page could not be read as HTML ({exc}). Upload the complete saved page."
        ) from exc


_TABLE_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")
_LAYOUT_CELL_WORDS = 80  # a data table's cell holds a figure or a phrase, not a story


def _unwrap_layout_tables(tree: lxml_html.HtmlElement) -> bool:
    """Turn tables used for page layout (hand-made sites of the 1990s and 2000s: the
    menu in one cell, the story in another) into plain sections.

    trafilatura reads every table as data and gives the story back as one table row,
    the menu and the footer in it. A table is layout when it holds another table or a
    cell of running text."""
    unwrapped = False
    for table in list(tree.iter("table")):
        if table.tag != "table":
            continue  # already unwrapped as part of an outer layout table
        nested = any(t is not table for t in table.iter("table"))
        cells = table.iter("td", "th")
        if nested or any(len(c.text_content().split()) >= _LAYOUT_CELL_WORDS for c in cells):
            for el in list(table.iter(*_TABLE_TAGS)):
                el.tag = "div"
            unwrapped = True
    return unwrapped


# Widgets that list the site's other stories inside or under the article ("ALSO READ",
# "Related Posts"): named so by every CMS theme, and made of links.
_STORY_LIST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:related|also[-_]?read|read[-_]?also|more[-_]?stories|recommended"
    r"|read[-_]?next)(?:$|[\s_-])",
    re.I,
)
_STORY_LIST_LINK_SHARE = 0.6


def _drop_story_lists(tree: lxml_html.HtmlElement) -> bool:
    """Remove lists of links to other stories that the theme puts inside the article.

    trafilatura keeps an inline box's headlines as lines of the story, where they break
    the copy's sentences apart from its source's. Only an element named as such a list
    and made mostly of link text goes: a story that happens to sit in a "related" class
    keeps its own words, and a single "Read more: …" link stays, as a line the copier
    may have inserted (an edit the chain shows)."""
    dropped = False
    for el in list(tree.iter("div", "aside", "section", "ul", "ol", "nav")):
        names = f"{el.get('class', '')} {el.get('id', '')} {el.get('aria-label', '')}"
        if not _STORY_LIST_CLASS.search(names) or el.getparent() is None:
            continue
        if _wraps_story(el):
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        words = len(el.text_content().split())
        linked = sum(len(a.text_content().split()) for a in links)
        stories = len({a.get("href") for a in links})
        if stories >= 2 and linked >= _STORY_LIST_LINK_SHARE * words:
            el.drop_tree()  # keeps its tail, the text after it
            dropped = True
    return dropped


def _drop_captions(tree: lxml_html.HtmlElement) -> bool:
    """Remove photo captions (<figcaption>): a gallery's long captions sit between the
    story's paragraphs on the original and vanish on a copy that drops the photos, which
    would make a word-for-word copy look cut."""
    captions = list(tree.iter("figcaption"))
    for caption in captions:
        caption.drop_tree()
    return bool(captions)


# A newsroom's appeal inside its own story ("Water is a story that doesn't stop at county
# lines. Donate today"): a block named for it by the theme.
_APPEAL_CLASS = re.compile(r"(?:^|[\s_-])donat(?:e|ion|ions)(?:$|[\s_-])", re.I)
_APPEAL_MAX_WORDS = 120


def _drop_appeals(tree: lxml_html.HtmlElement) -> bool:
    """Remove donation appeals set inside the article: the copies leave them out, and a
    word-for-word republication would otherwise read as cut."""
    dropped = False
    for el in list(tree.iter("div", "aside", "section", "form")):
        if el.getparent() is None or not _APPEAL_CLASS.search(el.get("class", "")):
            continue
        if _wraps_story(el):
            continue
        if len(el.text_content().split()) <= _APPEAL_MAX_WORDS:
            el.drop_tree()
            dropped = True
    return dropped


# "Cite This Page" boxes (MLA / APA / Chicago forms of the page's own reference) that
# science news sites set under a republished release: the page's furniture, named so.
_CITATION_CLASS = re.compile(
    r"(?:^|[\s_-])(?:citation|cite[-_]?this(?:[-_]?page)?)(?:$|[\s_-])", re.I
)
_CITATION_STYLE = re.compile(r"\b(?:MLA|APA|Chicago|Harvard|BibTeX)\b|\bCite this\b", re.I)


def _drop_citation_boxes(tree: lxml_html.HtmlElement) -> bool:
    """Remove a page's "Cite this page" box: it restates the page's own title and URL
    in reference styles, so a copy that carries it reads as an edited one. Only a block
    named as such that offers reference styles goes; a quotation's citation line stays."""
    dropped = False
    for el in list(tree.iter("div", "section", "aside")):
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if el.getparent() is None or not _CITATION_CLASS.search(names) or _wraps_story(el):
            continue
        if len(_CITATION_STYLE.findall(" ".join(el.itertext()))) >= 2:
            el.drop_tree()
            dropped = True
    return dropped


def _wraps_story(el: etree._Element) -> bool:
    """A wrapper around the story itself, whatever its class says: never removed."""
    return el.find(".//h1") is not None or el.find(".//article") is not None
