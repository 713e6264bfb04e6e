"""Article text and metadata from a page, with the republisher's own lines kept apart.

This is the first step of the pipeline and the only one that sees raw pages. What it
returns decides what gets fingerprinted (``Extracted.body_text``) and what evidence the
linker has about who copied whom (``origin_*``). So it errs on the side of keeping text:
boilerplate and attribution notes stay in ``text`` and are marked with spans, instead of
being dropped, so that people can always see what the machine set aside and why.

Plain functions on plain data: no ORM, no network. HTML goes through trafilatura for the
main text, but trafilatura drops footers ("The original source of this article is…") and
page headers, which are exactly the republication evidence; so the raw page is read too.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import htmldate
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from sources.decode import decode_bytes
from sources.errors import ExtractionError
from sources.republisher import (
    REMOVED_KINDS,
    Block,
    Body,
    Header,
    OriginNote,
    absorb,
    block_kind,
    build_body,
    classify_header,
    clean_byline,
    ends_sentence,
    fold,
    host_of,
    is_statement,
    is_web,
    looks_like_name,
    origin_notes,
    parse_date,
    parse_header,
    parse_timestamp,
    publisher_from_url,
    same_publisher,
    same_text,
    strip_links,
    title_like,
)

__all__ = [
    "Extracted",
    "Span",
    "decode_bytes",
    "extract_document",
    "extract_html",
    "extract_text",
]

SPAN_KINDS = frozenset({"boilerplate", "origin_note", "intro"})


@dataclass(frozen=True)
class Span:
    """A block of ``Extracted.text`` that the republisher added: text[start:end]."""

    start: int
    end: int
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in SPAN_KINDS or not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end} {self.kind!r}")


@dataclass(frozen=True)
class Extracted:
    """One page's article: text, metadata, and the evidence of where the text came from."""

    text: str
    title: str
    title_derived: bool
    subtitle: str
    byline: str
    published: datetime.date | None
    published_source: str
    published_at: datetime.datetime | None  # the moment, where the page's metadata gives it
    site_name: str
    canonical_url: str
    origin_name: str
    origin_url: str
    origin_date: datetime.date | None
    origin_evidence: tuple[str, ...]
    boilerplate: tuple[Span, ...]
    language: str = ""
    site_aliases: tuple[str, ...] = ()  # other names the page gives its own publisher
    # Paragraphs the page sets off as block quotations (a statement, a letter, another
    # outlet's story): two pages quoting one document have not copied each other.
    quotations: tuple[tuple[int, int], ...] = ()

    def body_text(self) -> str:
        """The article without boilerplate and origin notes: what fingerprints are made of,
        so that two crossposts do not match each other on their shared footer."""
        parts, cursor = [], 0
        for span in sorted(self.boilerplate, key=lambda s: s.start):
            if span.kind in REMOVED_KINDS:
                parts.append(self.text[cursor : span.start])
                cursor = max(cursor, span.end)
        parts.append(self.text[cursor:])
        return "\n\n".join(p.strip() for p in "".join(parts).split("\n\n") if p.strip())


# ---------------------------------------------------------------- internal records


@dataclass
class _PageMeta:
    """What the HTML head (meta tags, JSON-LD) and trafilatura say about the page."""

    title: str = ""
    site_name: str = ""
    byline: str = ""
    published: datetime.date | None = None
    published_at: datetime.datetime | None = None
    canonical_url: str = ""
    language: str = ""
    fallback_site: str = ""
    site_aliases: tuple[str, ...] = ()


# ---------------------------------------------------------------- public API


def extract_document(
    data: bytes | str,
    *,
    content_type: str = "",
    url: str = "",
    declared_charset: str | None = None,
) -> Extracted:
    """Extract any supported document, choosing HTML or plain text by type and content."""
    mime, charset = _parse_content_type(content_type)
    if mime.startswith(_UNSUPPORTED_TYPES):
        raise ExtractionError(
            f"Content type {mime!r} is not supported: upload the article as an HTML page "
            "or as plain text."
        )
    text = data if isinstance(data, str) else decode_bytes(data, declared_charset or charset)
    if mime in _HTML_TYPES or (mime != "text/plain" and _looks_like_html(text)):
        return extract_html(text, url=url)
    if mime == "text/plain" and _starts_like_html(text):
        return extract_html(text, url=url)  # servers send saved pages as text/plain
    return extract_text(text, url=url)


def extract_text(text: str, *, url: str = "") -> Extracted:
    """Extract a plain-text page (a saved article, markdown-ish links allowed)."""
    _check_text(text)
    blocks = _text_blocks(text)
    if not blocks:
        raise _no_text_error()
    return _assemble(blocks, _PageMeta(fallback_site=publisher_from_url(url)), url)


def extract_html(html: str, *, url: str = "") -> Extracted:
    """Extract an HTML page: trafilatura for the main text, the raw page for evidence."""
    _check_text(html)
    tree = _parse_html(html)
    if _unwrap_layout_tables(tree):
        html = lxml_html.tostring(tree, encoding="unicode")
    blocks, found = _run_trafilatura(html, url)
    meta = _page_meta(tree, url, found)
    raw_blocks = _html_blocks(tree, url)
    blocks = _restore_dropped(blocks, raw_blocks) or [b for b in raw_blocks if not b.chrome]
    blocks = _mark_quoted(blocks, raw_blocks)
    if not blocks:
        raise _no_text_error(html=True)
    return _assemble(blocks, meta, url, raw_blocks=raw_blocks, tree=tree)


# ---------------------------------------------------------------- input checks

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml"}
_UNSUPPORTED_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:html|head|body|p|div|article|meta|title|br)\b[^>]*>", re.I)


def _parse_content_type(content_type: str) -> tuple[str, str | None]:
    mime, _, params = content_type.partition(";")
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
    return mime.strip().lower(), match.group(1) if match else None


def _starts_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def _looks_like_html(text: str) -> bool:
    return _starts_like_html(text) or len(_HTML_TAGS.findall(text[:5000])) >= 2


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise ExtractionError(
            "The document is empty. Check that the page was saved or fetched completely."
        )
    if "\x00" in text[:4096]:
        raise ExtractionError(
            "The document contains NUL characters: it is binary data, not text or HTML. "
            "Upload the article's HTML page or paste its text."
        )


def _no_text_error(html: bool = False) -> ExtractionError:
    hint = (
        " If the article is loaded by JavaScript, save the page after it has rendered, "
        "or paste the article's text instead."
        if html
        else ""
    )
    return ExtractionError(f"No article text was found in the document.{hint}")


# ---------------------------------------------------------------- assembling the result


def _assemble(
    blocks: list[Block],
    meta: _PageMeta,
    url: str,
    *,
    raw_blocks: list[Block] | None = None,
    tree: lxml_html.HtmlElement | None = None,
) -> Extracted:
    header, body_blocks = parse_header(blocks, meta.title)
    body = build_body(body_blocks)
    if raw_blocks:
        _add_raw_evidence(header, body, raw_blocks, body_blocks)
        header.subtitle = header.subtitle or _raw_subtitle(raw_blocks, header.title or meta.title)
    # "Posted on … by NAME" names whoever posted it: the author only when nothing better.
    byline = header.byline or meta.byline or _articles_by(body.text) or header.posted_name
    site = _site_name(meta, header, byline, body.notes)
    published, source = _published(meta, header, site, url, tree)
    published_at = meta.published_at if source == "meta" else None
    notes = body.notes + _byline_credit(byline, raw_blocks or blocks, site, url)
    origin = _origin(header, notes, site, url, meta.canonical_url, byline)
    extracted = Extracted(
        text=body.text,
        title=header.title or meta.title,
        title_derived=False,
        subtitle=header.subtitle,
        byline=byline,
        published=published,
        published_source=source,
        published_at=published_at,
        site_name=site,
        canonical_url=meta.canonical_url,
        origin_name=origin.name,
        origin_url=origin.url,
        origin_date=origin.date,
        origin_evidence=origin.evidence,
        boilerplate=tuple(Span(*span) for span in body.spans),
        quotations=tuple(body.quotations),
        language=meta.language,
        # A declared name the page also credits as its source is the original's, not its own.
        site_aliases=tuple(
            name for name in meta.site_aliases if not same_publisher(name, origin.name)
        )
        if site == meta.site_name
        else (),
    )
    return _with_title(extracted)


def _with_title(extracted: Extracted) -> Extracted:
    """Pages without a title (blog reposts) get the first sentence, marked as derived."""
    body = extracted.body_text()
    if not body:
        raise ExtractionError(
            "The document holds only boilerplate and header lines (share prompts, "
            "disclaimers, dates), no article text."
        )
    if extracted.title:
        return extracted
    sentence = re.split(r"(?<=[.!?])\s+", body.split("\n\n", 1)[0], maxsplit=1)[0]
    if len(sentence) > 120:
        sentence = sentence[:100].rsplit(" ", 1)[0] + "…"
    return replace(extracted, title=sentence.rstrip("."), title_derived=True)


_ARTICLES_BY = re.compile(r"^articles? by\s*:\s*(?P<name>[^\n]{1,100})$", re.I | re.M)


def _articles_by(text: str) -> str:
    match = _ARTICLES_BY.search(text)
    return match.group("name").strip() if match else ""


# ---------------------------------------------------------------- resolving fields


@dataclass(frozen=True)
class _Origin:
    name: str = ""
    url: str = ""
    date: datetime.date | None = None
    evidence: tuple[str, ...] = ()


def _explicit_names(notes: list[OriginNote]) -> list[str]:
    """Names in "originally published by X" statements (a copyright line may be the site's)."""
    return [n.name for n in notes if n.strength >= 4 and n.name]


def _site_name(meta: _PageMeta, header: Header, byline: str, notes: list[OriginNote]) -> str:
    """The publisher as the page names itself. A "Name, date" header line counts only when
    it does not name the original or the author (crossposts carry both)."""
    if meta.site_name or header.posted_name:
        return meta.site_name or header.posted_name
    others = _explicit_names(notes) + ([byline] if byline else [])
    for name, _date, _block in header.dated:
        if not any(same_publisher(name, other) for other in others):
            return name
    return meta.fallback_site


def _published(
    meta: _PageMeta,
    header: Header,
    site: str,
    url: str,
    tree: lxml_html.HtmlElement | None,
) -> tuple[datetime.date | None, str]:
    if meta.published:
        return meta.published, "meta"
    site_dates = [d for name, d, _b in header.dated if site and same_publisher(name, site)]
    for candidate in (header.posted_date, *site_dates, *header.dates):
        if candidate:
            return candidate, "header"
    if day := _date_from_url(url):
        return day, "url"
    if tree is not None and (day := _htmldate(tree, url)):
        return day, "htmldate"
    return None, ""


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|[-_]|$)")


def _date_from_url(url: str) -> datetime.date | None:
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _htmldate(tree: lxml_html.HtmlElement, url: str) -> datetime.date | None:
    try:
        found = htmldate.find_date(
            tree, url=url or None, extensive_search=False, original_date=True
        )
    except Exception:  # htmldate is a heuristic; never let it sink an extraction
        return None
    return parse_date(found) if found else None


def _origin(
    header: Header, notes: list[OriginNote], site: str, url: str, canonical: str, byline: str
) -> _Origin:
    """The original publisher named by the strongest evidence that is not the site itself."""
    candidates = [
        OriginNote(block.text, name, _first_web(block.hrefs), date, 1)
        for name, date, block in header.dated
        if not _starts_with_byline(name, byline)
    ] + notes
    if canonical and url and host_of(canonical) and host_of(canonical) != host_of(url):
        line = f'<link rel="canonical" href="{canonical}">'
        candidates.append(OriginNote(line, publisher_from_url(canonical), canonical, None, 2))
    # The page's own host; a canonical link elsewhere is evidence, not the page itself.
    page_hosts = {host_of(url) or host_of(canonical)} - {""}
    candidates = [c for c in candidates if _names_other(c, site, page_hosts)]
    if not candidates:
        return _Origin()
    best = max(candidates, key=lambda c: c.strength)  # first among equals
    same = [c for c in candidates if c.name and same_publisher(c.name, best.name)] or [best]
    return _Origin(
        name=best.name,
        url=best.url or next((c.url for c in same if c.url), ""),
        date=best.date or next((c.date for c in same if c.date), None),
        evidence=tuple(dict.fromkeys(c.line for c in candidates)),
    )


def _starts_with_byline(name: str, byline: str) -> bool:
    """'Renée Dufresne Courier correspondent Sep 18, 2023' under a page by Renée Dufresne
    is the page's own byline line with a role, not a credit to a source of that name. A
    line naming the byline alone ("The Cradle, 5 March 2022" on a page by The Cradle)
    stays a credit."""
    author, key = fold(byline), fold(name)
    return len(byline.split()) >= 2 and key.startswith(author) and key != author


_BYLINE_ROLE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|freelance|intern"
    r"|special|director|professor|fellow|author|analyst|chief|senior|producer|photographer"
    r"|photos?|video|graphics|and|for|of|with|ph\.?d|jr|sr|md)\b|&|\.",
    re.I,
)


def _byline_credit(byline: str, blocks: list[Block], site: str, url: str) -> list[OriginNote]:
    """'By Maria Lopes, Harbor Watch' on another site's page credits the newsroom the
    story came from, when the page also links to that newsroom's site. Without the link
    the part after the comma may as well be a second author or a job title."""
    parts = [p.strip() for p in byline.split(",")]
    if len(parts) != 2 or not looks_like_name(parts[1], max_words=6):
        return []
    org = parts[1]
    key, page_host = fold(org), host_of(url)
    if len(key) < 4 or _BYLINE_ROLE.search(org) or (site and same_publisher(org, site)):
        return []
    for block in blocks:
        for href in () if block.chrome else block.hrefs:
            host = host_of(href)
            if is_web(href) and host != page_host and key in fold(host):
                return [OriginNote(f"By {byline}", org, href, None, 1)]
    return []


def _names_other(note: OriginNote, site: str, page_hosts: set[str]) -> bool:
    if note.name and site and same_publisher(note.name, site):
        return False
    if note.url and host_of(note.url) in page_hosts:
        return bool(note.name) and not any(same_publisher(note.name, h) for h in page_hosts)
    return bool(note.name or note.url)


def _first_web(hrefs: tuple[str, ...]) -> str:
    return next((h for h in hrefs if is_web(h)), "")


# ---------------------------------------------------------------- plain text

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


# ---------------------------------------------------------------- HTML

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


_HUGE_PAGE = 2_000_000  # characters; past this, skip trafilatura's second-opinion algorithms


def _run_trafilatura(html: str, url: str) -> tuple[list[Block], dict[str, str]]:
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url or None,
            fast=len(html) > _HUGE_PAGE,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a trafilatura bug must not lose the page: the raw blocks remain
        return [], {}
    if doc is None:
        return [], {}
    lines = (_without_image_ui(" ".join(line.split())) for line in (doc.text or "").split("\n"))
    found = {"title": doc.title, "author": doc.author, "sitename": doc.sitename}
    return [Block(line) for line in lines if line], {k: v or "" for k, v in found.items()}


_SEARCH_AHEAD = 50  # raw blocks searched for the next main-text paragraph
_MAX_GAP = 6  # a longer run of unmatched raw blocks is page structure, not a dropped line


def _restore_dropped(main: list[Block], raw: list[Block]) -> list[Block]:
    """Put back paragraphs that trafilatura dropped from inside the article.

    Precision mode drops lines that are all link, such as "Video: NATO Too Weak to Face
    Russia?", which is exactly the kind of line a copier inserts. A raw block that sits
    between two main-text paragraphs, outside navigation, is part of the article."""
    keys = [fold(b.text) for b in raw]
    out: list[Block] = []
    cursor: int | None = None  # raw index of the last main-text paragraph found
    for i, block in enumerate(main):
        found = _find_raw(keys, fold(block.text)[:60], cursor)
        if found is not None and cursor is not None and 0 < found - cursor - 1 <= _MAX_GAP:
            nearby = "".join(fold(b.text) for b in main[max(0, i - 3) : i + 3])
            gap = range(cursor + 1, found)
            out += [raw[k] for k in gap if not raw[k].chrome and keys[k] and keys[k] not in nearby]
        out.append(block)
        cursor = found if found is not None else cursor
    return out


def _mark_quoted(main: list[Block], raw: list[Block]) -> list[Block]:
    """trafilatura's text loses the <blockquote>: take it from the raw page's blocks."""
    quoted = {fold(b.text) for b in raw if b.quoted}
    if not quoted:
        return main
    return [replace(b, quoted=True) if fold(b.text) in quoted else b for b in main]


def _find_raw(keys: list[str], key: str, cursor: int | None) -> int | None:
    if not key:
        return None
    start = 0 if cursor is None else cursor + 1
    stop = len(keys) if cursor is None else min(len(keys), start + _SEARCH_AHEAD)
    return next((k for k in range(start, stop) if key in keys[k]), None)


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


def _page_meta(tree: lxml_html.HtmlElement, url: str, found: dict[str, str]) -> _PageMeta:
    tags, ld = _meta_tags(tree), _json_ld(tree)
    published, published_at = _meta_published(tree, tags, ld)
    fallback_site = _fallback_site(found.get("sitename", ""), url)
    page_title = _first_text(tree, "//title")
    fallback_site = _site_in_title(page_title, fallback_site)
    declared = (tags.get("og:site_name"), ld.get("publisher"), tags.get("application-name"))
    declared_names = list(dict.fromkeys(n.strip() for n in declared if n and n.strip()))
    site = declared_names[0] if declared_names else ""
    titles = (
        tags.get("og:title"),
        tags.get("twitter:title"),
        ld.get("headline"),
        _first_text(tree, "//h1"),
        page_title,
        found.get("title"),  # last: it guesses from any heading, even "Share this:"
    )
    return _PageMeta(
        title=_best_title(titles, site or fallback_site),
        site_name=site,
        # "AP News" in og:site_name, "The Associated Press" in JSON-LD: copies credit either.
        site_aliases=tuple(n for n in declared_names[1:] if n.casefold() != site.casefold()),
        byline=clean_byline(_meta_byline(tags, ld) or found.get("author", "")),
        published=published,
        published_at=published_at,
        canonical_url=_canonical(tree, tags, url),
        language=_language(tree, tags),
        fallback_site=fallback_site,
    )


def _is_host(name: str) -> bool:
    """A site "name" that is only its host ("ashgrovehistorical.example")."""
    return bool(re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name, re.I))


def _fallback_site(sitename: str, url: str) -> str:
    """trafilatura names the site after the canonical host when it knows no better; the
    page's own URL is the better host (a canonical link may point to the original)."""
    if sitename and not _is_host(sitename):
        return sitename
    return publisher_from_url(url) or sitename


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value:
            tags.setdefault(key, value)
    return tags


_LD_TYPES = re.compile(r"article|posting|report|webpage", re.I)


def _json_ld(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """headline, datePublished, author and publisher of the first article in JSON-LD."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            if _LD_TYPES.search(str(item.get("@type", ""))):
                return _ld_fields(item)
    return {}


def _ld_items(data: object) -> list[dict]:
    items = data if isinstance(data, list) else [data]
    out: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            out += [g for g in graph if isinstance(g, dict)] if isinstance(graph, list) else []
    return out


def _ld_fields(item: dict) -> dict[str, str]:
    def name(value: object) -> str:
        if isinstance(value, list):
            value = value[0] if value else ""
        return str(value.get("name", "")) if isinstance(value, dict) else str(value or "")

    return {
        "headline": str(item.get("headline") or ""),
        "datePublished": str(item.get("datePublished") or ""),
        "author": name(item.get("author")),
        "publisher": name(item.get("publisher")),
    }


_DATE_KEYS = (
    "article:published_time", "og:published_time", "article:published", "published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "date",
)  # fmt: skip


def _meta_published(
    tree: lxml_html.HtmlElement, tags: dict[str, str], ld: dict[str, str]
) -> tuple[datetime.date | None, datetime.datetime | None]:
    """The published day, and the moment when the same value gives a time and offset."""
    values = [tags[k] for k in _DATE_KEYS if k in tags] + [ld.get("datePublished", "")]
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]')[:3]:
        values.append(el.get("datetime") or el.get("content") or el.text_content())
    for value in values:
        if value and (day := parse_date(value)):
            moment = parse_timestamp(value)
            return day, moment if moment and moment.date() == day else None
    return None, None


def _meta_byline(tags: dict[str, str], ld: dict[str, str]) -> str:
    for value in (tags.get("author"), tags.get("article:author"), tags.get("dc.creator"),
                  tags.get("parsely-author"), ld.get("author")):  # fmt: skip
        if value and not value.startswith(("http://", "https://")):
            return value.strip()
    return ""


def _canonical(tree: lxml_html.HtmlElement, tags: dict[str, str], url: str) -> str:
    hrefs = [
        link.get("href", "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    for href in [*hrefs, tags.get("og:url", "")]:
        absolute = urljoin(url, href.strip()) if href.strip() else ""
        if absolute.startswith(("http://", "https://")):
            return absolute
    return ""


def _language(tree: lxml_html.HtmlElement, tags: dict[str, str]) -> str:
    value = tree.get("lang") or tags.get("og:locale") or tags.get("content-language") or ""
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def _first_text(tree: lxml_html.HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""


_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")


def _best_title(titles: tuple[str | None, ...], site: str) -> str:
    for title in titles:
        cleaned = _clean_title(title or "", site)
        if cleaned and block_kind(cleaned) is None:
            return cleaned
    return ""


def _clean_title(title: str, site: str) -> str:
    """Drop the " | Site Name" part of a <title>; a title that is only the site is none.
    Of "Site - Section - Headline", the headline is the longest part left."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) == 1:  # "Corvane Robotics Unveils Tallis" starts with the site's name
        return "" if site and same_text(title, site) else title
    kept = [p for p in parts if not (site and _names_site(p, site))]
    if len(kept) == len(parts):
        return title
    return max(kept, key=len) if len(parts) > 2 and kept else " - ".join(kept)


def _site_in_title(title: str, site: str) -> str:
    """The name a site known only by its host gives itself in its <title>."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2 or not site:
        return site
    return next((p for p in parts if p != site and _names_site(p, site)), site)


def _names_site(part: str, site: str) -> bool:
    """ "Ashgrove Historical Society" names the site known only as ashgrovehistorical.example."""
    if same_publisher(part, site):
        return True
    label = site.split(".")[0] if _is_host(site) else ""
    return len(label) >= 5 and fold(part).startswith(fold(label))
