"""sources.readers: JSONL, WARC, feeds and sitemaps (files only, no network, no database)."""

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sources.errors import ReaderError
from sources.readers import (
    BadRecord,
    Feed,
    FeedEntry,
    RawDocument,
    parse_feed,
    parse_sitemap,
    read_jsonl,
    read_warc,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLE = "<html><head><title>Strike</title></head><body><p>Dockers café</p></body></html>"


# -- JSONL -------------------------------------------------------------------------------


def test_jsonl_reads_good_lines_and_reports_bad_ones_by_line_number() -> None:
    records = list(read_jsonl(FIXTURES / "jsonl" / "mixed.jsonl"))

    good = [r for r in records if isinstance(r, RawDocument)]
    bad = {r.origin: r.message for r in records if isinstance(r, BadRecord)}
    assert [d.url for d in good] == [
        "https://harbourwatch.example/2024/05/port-strike",
        "https://kelvalepost.example/news/strike",
        "https://both.example/a",
    ]
    assert sorted(bad) == [f"jsonl:mixed.jsonl:{n}" for n in (4, 5, 6, 7, 8, 9)]
    assert bad["jsonl:mixed.jsonl:4"].startswith("line 4: is not valid JSON")
    assert '"url"' in bad["jsonl:mixed.jsonl:5"]
    assert 'neither "html" nor "text"' in bad["jsonl:mixed.jsonl:6"]
    assert "not an object" in bad["jsonl:mixed.jsonl:7"]
    assert "only http:// and https://" in bad["jsonl:mixed.jsonl:8"]
    assert '"title" must be a string (a headline), not a number' in bad["jsonl:mixed.jsonl:9"]


def test_jsonl_document_fields() -> None:
    first, second, *_ = read_jsonl(FIXTURES / "jsonl" / "mixed.jsonl")

    assert first == RawDocument(
        url="https://harbourwatch.example/2024/05/port-strike",
        content="<html><body><p>Dockworkers walked out.</p></body></html>",
        content_type="text/html",
        title="Dockworkers walk out",
        published="2024-05-14",
        publisher="Harbour Watch",
        origin="jsonl:mixed.jsonl:1",
    )
    assert isinstance(second, RawDocument)
    assert (second.content_type, second.content) == (
        "text/plain",
        "The strike entered its second day.",
    )


def test_jsonl_prefers_html_over_text_and_strips_fields() -> None:
    last = list(read_jsonl(FIXTURES / "jsonl" / "mixed.jsonl"))[-1]

    assert isinstance(last, RawDocument)
    assert (last.content, last.content_type, last.title) == (
        "<p>HTML wins</p>",
        "text/html",
        "Padded title",
    )


def test_jsonl_survives_a_byte_order_mark_and_a_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"url": "https://a.example/1", "text": "first"}\n'
        b'{"url": "https://a.example/2", "text": "caf\xe9"}\n'
        b'{"url": "https://a.example/3", "text": "third"}\n'
    )

    first, second, third = read_jsonl(path)

    assert isinstance(first, RawDocument) and first.url == "https://a.example/1"
    assert isinstance(second, BadRecord) and "not UTF-8" in second.message
    assert isinstance(third, RawDocument) and third.origin == "jsonl:export.jsonl:3"


def test_jsonl_missing_file_says_which_path(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"Cannot open .*nope\.jsonl"):
        list(read_jsonl(tmp_path / "nope.jsonl"))


# -- WARC --------------------------------------------------------------------------------


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> None:
    http = StatusAndHeaders(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(record)


def write_crawl(path: Path, *, gzipped: bool) -> Path:
    """A small crawl: noise records around three readable pages."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        _response(writer, "https://harbourwatch.example/2024/05/port-strike", ARTICLE.encode())
        _response(writer, "https://harbourwatch.example/missing", b"gone", status="404 Not Found")
        _response(
            writer, "https://harbourwatch.example/logo.png", b"\x89PNG", content_type="image/png"
        )
        _response(
            writer,
            "https://kelvalepost.example/strike",
            ARTICLE.encode("latin-1"),
            content_type="text/html; charset=ISO-8859-1",
        )
        _response(writer, "https://notes.example/strike.txt", b"plain", content_type="text/plain")
    return path


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_warc_yields_200_html_and_text_responses_only(tmp_path: Path, gzipped: bool) -> None:
    path = write_crawl(tmp_path / "crawl.warc", gzipped=gzipped)

    records = list(read_warc(path))

    assert all(isinstance(r, RawDocument) for r in records), records
    assert [(r.url, r.content_type, r.charset) for r in records] == [
        ("https://harbourwatch.example/2024/05/port-strike", "text/html", "utf-8"),
        ("https://kelvalepost.example/strike", "text/html", "iso-8859-1"),
        ("https://notes.example/strike.txt", "text/plain", None),
    ]
    assert records[0].content == ARTICLE.encode()
    assert records[1].content == ARTICLE.encode("latin-1")
    assert all(r.origin.startswith("warc:crawl.warc:") for r in records)


def test_warc_origin_offset_points_at_the_record(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "crawl.warc", gzipped=False)
    data = path.read_bytes()

    for record in read_warc(path):
        offset = int(record.origin.rsplit(":", 1)[1])
        assert data[offset:].startswith(b"WARC/1.")
        assert record.url.encode() in data[offset : offset + 600]


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("keep", [0.5, 0.85], ids=["cut-mid-record", "cut-near-end"])
def test_truncated_warc_keeps_earlier_records_and_reports_where_it_broke(
    tmp_path: Path, gzipped: bool, keep: float
) -> None:
    whole = write_crawl(tmp_path / "crawl.warc", gzipped=gzipped)
    *_, last_page = read_warc(whole)
    start = int(last_page.origin.rsplit(":", 1)[1])
    size = whole.stat().st_size
    truncated = tmp_path / "cut.warc"
    truncated.write_bytes(whole.read_bytes()[: start + int((size - start) * keep)])

    *documents, last = read_warc(truncated)

    assert [d.url for d in documents] == [
        "https://harbourwatch.example/2024/05/port-strike",
        "https://kelvalepost.example/strike",
    ]
    assert isinstance(last, BadRecord)
    assert last.origin == f"warc:cut.warc:{start}"
    assert f"cut off or damaged at byte {start}" in last.message
    assert "Re-download" in last.message


def test_garbage_between_records_stops_the_reader_with_a_bad_record(tmp_path: Path) -> None:
    whole = write_crawl(tmp_path / "crawl.warc", gzipped=False).read_bytes()
    second = whole.index(b"WARC/1.", 10)
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(whole[:second] + b"GARBAGE\r\n" + whole[second:])

    records = list(read_warc(damaged))

    assert records == [BadRecord(f"warc:damaged.warc:{second}", records[0].message)]
    assert "0 records before it were read" not in records[0].message  # warcinfo was read


def test_a_file_that_is_not_a_warc_is_one_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"these are just some notes\n")

    (record,) = read_warc(path)

    assert isinstance(record, BadRecord)
    assert record.origin == "warc:notes.warc:0"


def test_static_warc_fixture_is_readable() -> None:
    records = list(read_warc(FIXTURES / "warc" / "sample.warc.gz"))

    assert [type(r) for r in records] == [RawDocument, RawDocument, RawDocument]


# -- feeds -------------------------------------------------------------------------------


def test_rss_entries_are_absolute_unique_and_dated_in_utc() -> None:
    data = (FIXTURES / "feeds" / "rss.xml").read_bytes()

    feed = parse_feed(data, base_url="https://harbourwatch.example/feed.xml")

    assert feed == Feed(
        title="Harbour Watch",
        entries=(
            FeedEntry(
                "https://harbourwatch.example/2024/05/port-strike",
                "Dockworkers walk out at Kelvale as automation talks collapse",
                "2024-05-14T06:45:00+00:00",
            ),
            FeedEntry(
                "https://harbourwatch.example/2024/05/library-hours",
                "Library hours cut as council trims budget",
                "2024-05-13T16:00:00+00:00",
            ),
            FeedEntry(
                "https://harbourwatch.example/2024/05/ferry-timetable",
                "Permalink only, no link element",
                "",
            ),
        ),
    )


def test_atom_uses_xml_base_alternate_links_and_falls_back_to_updated() -> None:
    data = (FIXTURES / "feeds" / "atom.xml").read_bytes()

    feed = parse_feed(data)

    assert feed.title == "Global Shipping Digest"
    assert feed.entries == (
        FeedEntry(
            "https://shippingdigest.example/news/2024/05/kelvale-strike",
            "Kelvale port strike: the original report",
            "2024-05-15T07:10:00+00:00",
        ),
        FeedEntry(
            "https://shippingdigest.example/news/2024/05/freight-rates",
            "Only an update date",
            "2024-05-12T08:00:00+00:00",
        ),
    )


def test_malformed_feed_without_entries_raises_a_helpful_error() -> None:
    data = (FIXTURES / "feeds" / "malformed.xml").read_bytes()

    with pytest.raises(ReaderError, match="not a readable RSS or Atom feed") as caught:
        parse_feed(data)
    assert "/feed" in str(caught.value)


def test_a_web_page_is_not_a_feed() -> None:
    with pytest.raises(ReaderError, match="not an RSS or Atom feed"):
        parse_feed(ARTICLE.encode())


def test_feed_bytes_naming_a_file_are_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes((FIXTURES / "feeds" / "rss.xml").read_bytes())

    with pytest.raises(ReaderError):
        parse_feed(str(secret).encode())


def test_well_formed_feed_with_no_items_is_empty_not_an_error() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'

    assert parse_feed(data) == Feed(title="Quiet", entries=())


# -- sitemaps ----------------------------------------------------------------------------

URLSET_PAGES = [
    "https://harbourwatch.example/2024/05/port-strike",
    "https://harbourwatch.example/2024/05/library-hours",
    "https://harbourwatch.example/2024/05/ferry-timetable",
    "https://harbourwatch.example/search?q=strike&page=2",
]


@pytest.mark.parametrize("name", ["urlset.xml", "urlset.xml.gz"])
def test_urlset_lists_pages(name: str) -> None:
    data = (FIXTURES / "sitemaps" / name).read_bytes()

    pages, nested = parse_sitemap(data, base_url="https://harbourwatch.example/sitemap.xml")

    assert (pages, nested) == (URLSET_PAGES, [])


def test_sitemap_index_lists_nested_sitemaps() -> None:
    data = (FIXTURES / "sitemaps" / "index.xml").read_bytes()

    pages, nested = parse_sitemap(data, base_url="https://harbourwatch.example/sitemap.xml")

    assert pages == []
    assert nested == [
        "https://harbourwatch.example/sitemaps/2024-05.xml",
        "https://harbourwatch.example/sitemaps/2024-04.xml.gz",
        "https://harbourwatch.example/sitemaps/news.xml",
    ]


def test_sitemap_without_namespace_and_plain_text_sitemap() -> None:
    bare = b"<urlset><url><loc>https://a.example/1</loc></url></urlset>"
    text = b"https://a.example/1\n\nhttps://a.example/2\n"

    assert parse_sitemap(bare) == (["https://a.example/1"], [])
    assert parse_sitemap(text) == (["https://a.example/1", "https://a.example/2"], [])


def test_truncated_sitemap_gives_the_urls_before_the_break() -> None:
    data = (FIXTURES / "sitemaps" / "urlset.xml").read_bytes()
    cut = data[: data.index(b"/2024/05/ferry-timetable")]

    pages, _ = parse_sitemap(cut, base_url="https://harbourwatch.example/")

    assert pages == URLSET_PAGES[:2]


def test_sitemap_entities_are_not_resolved() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&leak;</loc></url><url><loc>https://a.example/ok</loc></url></urlset>"
    )

    assert parse_sitemap(data, base_url="https://a.example/sitemap.xml") == (
        ["https://a.example/ok"],
        [],
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (ARTICLE.encode(), "web page, not a sitemap"),
        (b'<rss version="2.0"><channel/></rss>', "feed, not a sitemap"),
        (b"<catalog><book/></catalog>", "expected <urlset> or <sitemapindex>"),
        (b"just words, no links", "neither an XML sitemap nor a list of URLs"),
        (gzip.compress(b"x")[:10] + b"\xff" * 20, "gzipped sitemap is damaged"),
        (gzip.compress(b"<urlset>" + b" " * 1000)[:-30], "gzipped sitemap is cut off"),
    ],
    ids=["empty", "html", "rss", "other-xml", "prose", "bad-gzip", "cut-gzip"],
)
def test_unusable_sitemaps_raise_helpful_errors(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        parse_sitemap(data)
