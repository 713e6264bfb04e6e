"""Readers for bulk and discovery inputs: JSONL and WARC files, RSS/Atom feeds, sitemaps.

They turn bytes into plain records and know nothing of the database, so ingestion
services can be tested without one and the readers without a network.

Bulk readers (``read_jsonl``, ``read_warc``) never stop at a bad record: a file of ten
thousand pages with one broken line should bring in 9,999 pages and one clear message
saying which line to fix. Discovery readers (``parse_feed``, ``parse_sitemap``) return
URLs to fetch and raise ``ReaderError`` when the whole input is unusable.
"""

import io
import json
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from sources.errors import IngestError, ReaderError
from sources.fetch import parse_content_type
from sources.normalize import normalize_url

# Sitemaps are capped at 50 MB uncompressed by the protocol; a little slack for sloppy ones.
MAX_SITEMAP_BYTES = 60_000_000
WARC_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_DRAIN_CHUNK = 64 * 1024


@dataclass(frozen=True)
class RawDocument:
    """One article as found in an input, before extraction.

    ``content`` is ``bytes`` when the input carried undecoded bytes (WARC, with
    ``charset`` from its HTTP header) and ``str`` when it was already text (JSONL).
    ``origin`` says where it came from, for messages: ``jsonl:FILE:LINE``,
    ``warc:FILE:OFFSET``.
    """

    url: str
    content: bytes | str
    content_type: str = "text/html"
    charset: str | None = None
    title: str = ""
    published: str = ""
    publisher: str = ""
    origin: str = ""
    seen: str = ""  # ISO time the page was first seen (a crawl's capture time), if known


@dataclass(frozen=True)
class BadRecord:
    """A record that could not be read, with a message saying where and what to fix."""

    origin: str
    message: str


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed. ``published`` is an ISO 8601 UTC timestamp, or ``""``."""

    url: str
    title: str = ""
    published: str = ""


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[FeedEntry, ...]


# -- JSONL -------------------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[RawDocument | BadRecord]:
    """Read one article per line: ``{"url", "html" | "text", "title"?, "published"?,
    "publisher"?}``. Blank lines are skipped; a bad line becomes a ``BadRecord`` and
    reading goes on.
    """
    with _open_input(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            origin = f"jsonl:{path.name}:{number}"
            try:
                yield _jsonl_document(line, origin, first=number == 1)
            except ReaderError as exc:
                yield BadRecord(origin, f"line {number}: {exc}")


def _jsonl_document(line: bytes, origin: str, *, first: bool) -> RawDocument:
    """Parse and validate one JSONL line."""
    record = _json_object(_utf8(line, first=first))
    url = _jsonl_url(record)
    content, content_type = _jsonl_content(record)
    return RawDocument(
        url=url,
        content=content,
        content_type=content_type,
        title=_optional_str(record, "title", "a headline"),
        published=_optional_str(record, "published", 'a date such as "2024-05-14"'),
        publisher=_optional_str(record, "publisher", "the outlet's name"),
        seen=_optional_str(record, "seen", 'a time such as "2024-05-14T09:30:00Z"'),
        origin=origin,
    )


def _utf8(line: bytes, *, first: bool) -> str:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"is not UTF-8 text (bad byte at position {exc.start}); save the file as UTF-8"
        ) from exc
    # Editors on Windows like to start the file with a byte-order mark.
    return text.removeprefix("\ufeff") if first else text


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReaderError(
            f"is not valid JSON ({exc.msg}, column {exc.colno}); each line must hold "
            "one JSON object"
        ) from exc
    if not isinstance(value, dict):
        raise ReaderError(
            f"is a JSON {_json_type(value)}, not an object; each line must look like "
            '{"url": "https://…", "html": "…"}'
        )
    return value


def _jsonl_url(record: dict[str, Any]) -> str:
    url = record.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ReaderError('has no "url"; add the address the article was published at')
    try:
        normalize_url(url)
    except IngestError as exc:
        raise ReaderError(f'"url" is not usable: {exc}') from exc
    return url.strip()


def _jsonl_content(record: dict[str, Any]) -> tuple[str, str]:
    """The article body and its type; HTML wins when both are given, as it holds more."""
    for key, content_type in (("html", "text/html"), ("text", "text/plain")):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ReaderError(f'"{key}" must be a string, not a {_json_type(value)}')
        if value and value.strip():
            return value, content_type
    raise ReaderError('has neither "html" nor "text"; add the article\'s HTML or plain text')


def _json_type(value: object) -> str:
    """JSON's name for a value's type, which is what the person who wrote the file knows."""
    names = {bool: "true/false", int: "number", float: "number", list: "list", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _optional_str(record: dict[str, Any], key: str, example: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ReaderError(f'"{key}" must be a string ({example}), not a {_json_type(value)}')
    return value.strip()


def _open_input(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")  # the callers close it with `with`
    except OSError as exc:
        raise ReaderError(
            f"Cannot open {path}: {exc.strerror}. Check the path and the file's permissions."
        ) from exc


# -- WARC --------------------------------------------------------------------------------


class _BrokenRecord(Exception):
    """Raised inside the WARC reader when the file cannot be trusted past a point."""

    def __init__(self, offset: int, detail: str) -> None:
        super().__init__(detail)
        self.offset = offset
        self.detail = detail


def read_warc(path: Path) -> Iterator[RawDocument | BadRecord]:
    """Read HTTP 200 HTML/text responses from a WARC (plain or gzipped).

    warcio stops silently at a cut-off record, so the reader checks each record's
    declared length and what is left of the file afterwards; a truncated or damaged file
    yields every record before the damage, then one ``BadRecord`` saying where it broke.
    """
    with _open_input(path) as handle:
        size = Path(path).stat().st_size
        yield from _warc_documents(handle, path.name, size)


def _warc_documents(handle: BinaryIO, name: str, size: int) -> Iterator[RawDocument | BadRecord]:
    iterator = ArchiveIterator(handle)
    read = 0
    end = 0
    try:
        for record in iterator:
            item = _warc_item(record, iterator, name)
            end = iterator.get_record_offset() + iterator.get_record_length()
            read += 1
            if item is not None:
                yield item
        _check_tail(handle, end, size)
    except _BrokenRecord as broken:
        yield BadRecord(f"warc:{name}:{broken.offset}", _warc_damage(broken, read))
    except Exception as exc:
        # warcio raises ArchiveLoadFailed, EOFError, zlib.error, even AttributeError on
        # garbage; whatever it is, the records before it are good and the rest is not.
        broken = _BrokenRecord(iterator.offset, f"{type(exc).__name__}: {exc}")
        yield BadRecord(f"warc:{name}:{broken.offset}", _warc_damage(broken, read))


def _warc_item(
    record: ArcWarcRecord, iterator: ArchiveIterator, name: str
) -> RawDocument | BadRecord | None:
    """A document for a usable response record, a BadRecord, or None to skip it."""
    if record.rec_headers.get_header("Content-Length") is None:
        raise _BrokenRecord(iterator.offset, "a record header is incomplete")
    wanted = _is_wanted_response(record)
    body = record.content_stream().read() if wanted else b""
    _check_complete(record, iterator)
    offset = iterator.get_record_offset()
    if not wanted:
        return None
    origin = f"warc:{name}:{offset}"
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not url:
        return BadRecord(origin, "a response record has no WARC-Target-URI; it was skipped")
    content_type, charset = parse_content_type(record.http_headers.get_header("Content-Type"))
    return RawDocument(
        url=url,
        content=body,
        content_type=content_type,
        charset=charset,
        origin=origin,
        seen=record.rec_headers.get_header("WARC-Date") or "",
    )


def _is_wanted_response(record: ArcWarcRecord) -> bool:
    """HTTP 200 responses carrying HTML or text; everything else in a crawl is skipped."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type, _ = parse_content_type(record.http_headers.get_header("Content-Type") or "")
    return content_type in WARC_CONTENT_TYPES


def _check_complete(record: ArcWarcRecord, iterator: ArchiveIterator) -> None:
    """Raise if the record's block is shorter than its declared Content-Length."""
    while record.raw_stream.read(_DRAIN_CHUNK):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        declared = record.rec_headers.get_header("Content-Length")
        raise _BrokenRecord(
            iterator.get_record_offset(),
            f"the record there is incomplete ({missing} of {declared} bytes are missing)",
        )


def _check_tail(handle: BinaryIO, end: int, size: int) -> None:
    """Raise if bytes other than padding follow the last record warcio could read."""
    if end >= size:
        return
    handle.seek(end)
    tail = handle.read(4096)
    padding = len(tail) - len(tail.lstrip(b"\r\n\x00 "))
    if padding < len(tail):
        # The record separator after the last good record is padding, not damage.
        start = end + padding
        raise _BrokenRecord(start, f"the last {size - start} bytes are not a complete record")


def _warc_damage(broken: _BrokenRecord, read: int) -> str:
    before = f"The {read} records before it were read" if read else "Nothing before it was readable"
    return (
        f"the WARC file is cut off or damaged at byte {broken.offset}: {broken.detail}. "
        f"{before}; the rest of the file was skipped. "
        "Re-download or re-export the archive to import the rest."
    )


# -- feeds -------------------------------------------------------------------------------


def parse_feed(data: bytes, *, base_url: str = "") -> Feed:
    """Parse RSS or Atom bytes into entries with absolute http(s) URLs.

    feedparser is lenient: a feed with small errors (``bozo``) but usable entries is
    accepted, since a feed cut off after ten good items still lists ten articles; a
    malformed feed with no usable entry, or a document that is not a feed at all,
    raises ``ReaderError``. A well-formed feed with no items is just empty.
    """
    headers = {"content-location": base_url} if base_url else {}
    # A BytesIO, never the bytes: feedparser treats bytes that name a file as a path
    # and opens it.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = _feed_entries(parsed.entries, base_url)
    if not entries:
        _raise_if_not_a_feed(parsed)
    return Feed(title=str(parsed.feed.get("title", "")).strip(), entries=entries)


def _raise_if_not_a_feed(parsed: Any) -> None:
    if parsed.bozo:
        reason = str(parsed.get("bozo_exception", "unknown error"))
        raise ReaderError(
            f"This is not a readable RSS or Atom feed ({reason}). Check that the address "
            "is the feed itself (it often ends in /feed, /rss or .xml), not a web page."
        )
    if not parsed.get("version"):
        raise ReaderError(
            "This is not an RSS or Atom feed. Check that the address is the feed itself "
            "(it often ends in /feed, /rss or .xml), not a web page."
        )


def _feed_entries(items: Iterable[Any], base_url: str) -> tuple[FeedEntry, ...]:
    """Entries with a usable link, in feed order, each URL once."""
    seen: set[str] = set()
    entries = []
    for item in items:
        url = _entry_url(item, base_url)
        if url and url not in seen:
            seen.add(url)
            entries.append(
                FeedEntry(url, str(item.get("title", "")).strip(), _entry_published(item))
            )
    return tuple(entries)


def _entry_url(item: Any, base_url: str) -> str:
    """The entry's link, or its id when that is a URL (Atom ids and RSS permalinks)."""
    for candidate in (item.get("link"), item.get("id")):
        if candidate:
            url = urljoin(base_url, str(candidate).strip())
            if _is_http(url):
                return url
    return ""


def _entry_published(item: Any) -> str:
    """feedparser normalises dates to UTC struct_time; give them back as ISO 8601."""
    parsed: time.struct_time | None = item.get("published_parsed") or item.get("updated_parsed")
    if not parsed:
        return ""
    return datetime(*parsed[:6], tzinfo=UTC).isoformat()


# -- sitemaps ----------------------------------------------------------------------------


def parse_sitemap(data: bytes, *, base_url: str = "") -> tuple[list[str], list[str]]:
    """Return (page URLs, nested sitemap URLs) from a sitemap, sitemap index or text list.

    Gzipped input is accepted. Parsed with lxml rather than ``usp``: usp only parses
    text through internal classes built around fetching, drops relative sub-sitemap
    locations, and writes pages to temporary pickle files; here the work is a loop over
    ``<loc>`` elements. Truncated XML gives the URLs before the break (sitemaps are
    re-read often, and a partial list is still correct as far as it goes).
    """
    text = _gunzip(data)
    if not text.strip():
        raise ReaderError("The sitemap is empty. Check the address of the sitemap.")
    if text.lstrip().startswith(b"<"):
        return _xml_sitemap(text, base_url)
    return _text_sitemap(text, base_url), []


def _gunzip(data: bytes) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        text = inflater.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise ReaderError(
            f"The gzipped sitemap is damaged ({exc}). Download it again or use the plain .xml."
        ) from exc
    if len(text) > MAX_SITEMAP_BYTES:
        raise ReaderError(
            f"The sitemap unpacks to more than {MAX_SITEMAP_BYTES // 1_000_000} MB, over the "
            "sitemap protocol's limit. Use the site's sitemap index instead."
        )
    if not inflater.eof:
        raise ReaderError(
            "The gzipped sitemap is cut off. Download it again or use the plain .xml."
        )
    return text


def _xml_sitemap(text: bytes, base_url: str) -> tuple[list[str], list[str]]:
    # No entities, no network, no huge trees: sitemaps come from strangers.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.fromstring(text, parser=parser)
    if root is None:
        raise ReaderError("The sitemap is not valid XML. Check the address of the sitemap.")
    kind = etree.QName(root).localname.lower()
    if kind == "urlset":
        return _locs(root, "url", base_url), []
    if kind == "sitemapindex":
        return [], _locs(root, "sitemap", base_url)
    raise ReaderError(_not_a_sitemap(kind))


def _not_a_sitemap(kind: str) -> str:
    if kind in ("rss", "feed", "rdf"):
        return "This is an RSS or Atom feed, not a sitemap. Add it as a feed instead."
    if kind == "html":
        return "This is a web page, not a sitemap. Sitemaps usually live at /sitemap.xml."
    return (
        f"This XML document (<{kind}>) is not a sitemap: expected <urlset> or "
        "<sitemapindex>. Check the address of the sitemap."
    )


def _locs(root: Any, entry: str, base_url: str) -> list[str]:
    """The ``<loc>`` of each ``<url>`` / ``<sitemap>`` child, whatever the namespace."""
    found = []
    for element in root:
        if not isinstance(element.tag, str) or etree.QName(element).localname != entry:
            continue
        for child in element:
            if isinstance(child.tag, str) and etree.QName(child).localname == "loc":
                found.append((child.text or "").strip())
    return _absolute_unique(found, base_url)


def _text_sitemap(text: bytes, base_url: str) -> list[str]:
    """The plain-text sitemap format: one URL per line."""
    lines = text.decode("utf-8", errors="replace").splitlines()
    urls = _absolute_unique([line.strip() for line in lines if line.strip()], base_url)
    if not urls:
        raise ReaderError(
            "This is neither an XML sitemap nor a list of URLs. Check the address of the sitemap."
        )
    return urls


def _absolute_unique(urls: Iterable[str], base_url: str) -> list[str]:
    """Resolve against ``base_url``, keep http(s) only, drop repeats, keep order."""
    result: dict[str, None] = {}
    for url in urls:
        if not url:
            continue  # an empty <loc> would otherwise resolve to base_url itself
        absolute = urljoin(base_url, url) if base_url else url
        if absolute and _is_http(absolute):
            result.setdefault(absolute)
    return list(result)


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
