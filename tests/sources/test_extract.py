"""Extraction of article text and republication evidence (sources/extract/).

Pure functions on plain data: none of these tests touches the database. The seeds are the
two copies of one article in ../shared/seeds (fixtures from tests/conftest.py); the HTML
pages in tests/fixtures/pages were written for these tests in the shape of the real sites.
"""

from __future__ import annotations

import codecs
import datetime
from pathlib import Path

import pytest

from sources.decode import decode_bytes
from sources.errors import ExtractionError
from sources.extract import (
    Extracted,
    Span,
    extract_document,
    extract_html,
    extract_text,
)
from sources.republisher import (
    block_kind,
    classify_header,
    dateline_day,
    origin_notes,
    parse_timestamp,
    same_publisher,
    service_tag,
)

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
GR_URL = (
    "https://www.globalresearch.ca/russia-warns-washington-sending-isis-fighters-ukraine/5773398"
)
BLOG_URL = (
    "https://uprootedpalestinians.wordpress.com/2022/03/06/"
    "russia-warns-washington-is-sending-isis-fighters-to-ukraine/"
)
CRADLE_URL = "https://thecradle.co/article-view/6891/russia-warns-washington-is-sending-isis-fighters-to-ukraine"
BAY_URL = "https://baynews.example/2024/09/19/sediment/"
TITLE = "Russia Warns Washington Is Sending ISIS Fighters to Ukraine"
SVR = "The foreign intelligence service of Russia (SVR RF) warned on 4 March"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def span_texts(extracted: Extracted, kind: str) -> list[str]:
    return [extracted.text[s.start : s.end] for s in extracted.boilerplate if s.kind == kind]


def assert_spans_are_whole_paragraphs(extracted: Extracted) -> None:
    text = extracted.text
    for span in extracted.boilerplate:
        block = text[span.start : span.end]
        assert block and block == block.strip() and "\n\n" not in block
        assert span.start == 0 or text[span.start - 2 : span.start] == "\n\n"
        assert span.end == len(text) or text[span.end : span.end + 2] == "\n\n"


@pytest.fixture(scope="module")
def crosspost(crosspost_seed: Path) -> Extracted:
    return extract_text(crosspost_seed.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def blog(blog_seed: Path) -> Extracted:
    return extract_text(blog_seed.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def crosspost_html() -> Extracted:
    return extract_document(
        page("globalresearch_crosspost.html"), content_type="text/html", url=GR_URL
    )


@pytest.fixture(scope="module")
def blog_html() -> Extracted:
    return extract_document(
        page("wordpress_repost.html"), content_type="text/html; charset=utf-8", url=BLOG_URL
    )


# ---------------------------------------------------------------- seed 001: crosspost


def test_crosspost_seed_names_global_research_as_site_and_the_cradle_as_origin(crosspost):
    assert crosspost.site_name == "Global Research"
    assert crosspost.title == TITLE
    assert crosspost.title_derived is False
    assert crosspost.byline == "The Cradle"
    assert crosspost.origin_name == "The Cradle"
    assert crosspost.origin_date == datetime.date(2022, 3, 5)


def test_crosspost_seed_is_published_on_the_date_of_its_header_line(crosspost):
    assert crosspost.published == datetime.date(2022, 3, 6)
    assert crosspost.published_source == "header"


def test_crosspost_seed_keeps_the_dek_as_subtitle(crosspost):
    assert crosspost.subtitle.startswith("Over the past two weeks, Ukrainian officials")


def test_crosspost_seed_origin_evidence_quotes_the_lines_that_name_the_cradle(crosspost):
    assert crosspost.origin_evidence == (
        "The Cradle 5 March 2022",
        "The original source of this article is The Cradle",
        "Copyright © The Cradle, The Cradle, 2022",
    )
    assert span_texts(crosspost, "origin_note") == [
        "The original source of this article is The Cradle",
        "Copyright © The Cradle, The Cradle, 2022",
    ]


def test_crosspost_seed_marks_note_to_readers_and_disclaimer_as_boilerplate(crosspost):
    boilerplate = span_texts(crosspost, "boilerplate")
    assert any(b.startswith("Note to readers: Please click the share buttons") for b in boilerplate)
    assert any(b.startswith("Disclaimer: The contents of this article") for b in boilerplate)
    for prompt in ("Become a Member of Global Research", "Articles by: The Cradle", "*"):
        assert prompt in boilerplate
    assert any("Translate Website" in b for b in boilerplate)
    assert any("fair use" in b for b in boilerplate)


def test_crosspost_seed_body_text_is_the_article_without_the_republishers_footer(crosspost):
    body = crosspost.body_text()
    assert SVR in body
    assert body.endswith("formally ask Russia for military assistance.")
    for footer in ("Disclaimer", "Become a Member", "Note to readers", "original source", "©"):
        assert footer not in body


def test_crosspost_seed_keeps_the_republishers_intro_in_the_body(crosspost):
    body = crosspost.body_text()
    assert body.startswith("Today, the dangers of military escalation are beyond description.")
    assert "Global Research condemns Russia’s invasion of Ukraine." in body


def test_crosspost_seed_rejoins_the_paragraph_split_by_a_blank_line(crosspost):
    assert "These individuals were sent to the US-controlled Al-Tanf base" in crosspost.text


def test_crosspost_seed_consumes_header_lines_into_fields_not_text(crosspost):
    for header in ("Region:", "Theme:", "In-depth Report:", "Global Research, March 06", "By The"):
        assert header not in crosspost.text
    assert TITLE not in crosspost.text
    assert "The Cradle 5 March 2022" not in crosspost.text


def test_crosspost_seed_markdown_links_become_their_labels(crosspost):
    assert "](#)" not in crosspost.text
    assert "Earlier this year, The Cradle reported that" in crosspost.text


# ---------------------------------------------------------------- seed 000: blog repost


def test_blog_seed_names_the_blog_as_site_and_the_cradle_as_origin(blog):
    assert blog.site_name == "uprootedpalestinians"
    assert blog.published == datetime.date(2022, 3, 6)
    assert blog.published_source == "header"
    assert blog.origin_name == "The Cradle"
    assert blog.origin_date == datetime.date(2022, 3, 5)
    assert blog.byline == "The Cradle"


def test_blog_seed_without_a_title_gets_one_derived_from_the_first_sentence(blog):
    assert blog.title == "Today, the dangers of military escalation are beyond description"
    assert blog.title_derived is True


def test_blog_seed_keeps_its_inserted_line_and_its_misspelling(blog):
    assert "Video: NATO Too Weak to Face Russia? Scott Ritter on Russian Offensive" in blog.text
    assert "Dontesk" in blog.body_text()


def test_blog_seed_consumes_the_copied_header_lines(blog):
    for header in ("Posted on", "March 06, 2022", "Global Research,", "By The Cradle"):
        assert header not in blog.text
    assert blog.text.startswith("Today, the dangers of military escalation")


def test_blog_seed_and_crosspost_share_their_body_text_except_the_edits(blog, crosspost):
    blog_paragraphs = set(blog.body_text().split("\n\n"))
    crosspost_paragraphs = set(crosspost.body_text().split("\n\n"))
    inserted = blog_paragraphs - crosspost_paragraphs
    assert any(p.startswith("Video: NATO Too Weak") for p in inserted)
    assert len(inserted) <= 4  # the video line, "Dontesk", "…" for "...", "[…]" for "[...]"


# ---------------------------------------------------------------- HTML pages


def test_crosspost_page_takes_site_date_and_canonical_from_its_metadata(crosspost_html):
    assert crosspost_html.site_name == "Global Research"
    assert crosspost_html.title == TITLE
    assert crosspost_html.published == datetime.date(2022, 3, 6)
    assert crosspost_html.published_source == "meta"
    assert crosspost_html.canonical_url == GR_URL
    assert crosspost_html.language == "en"
    assert crosspost_html.byline == "The Cradle"
    assert crosspost_html.subtitle.startswith("Over the past two weeks")


def test_crosspost_page_finds_the_origin_footer_that_the_main_text_drops(crosspost_html):
    assert crosspost_html.origin_name == "The Cradle"
    assert crosspost_html.origin_url == CRADLE_URL
    assert crosspost_html.origin_date == datetime.date(2022, 3, 5)
    assert "The original source of this article is The Cradle" in crosspost_html.origin_evidence


def test_crosspost_page_does_not_take_the_site_footer_copyright_as_origin(crosspost_html):
    assert not any("Centre for Research" in line for line in crosspost_html.origin_evidence)


def test_crosspost_page_body_is_the_article_without_prompts(crosspost_html):
    body = crosspost_html.body_text()
    assert SVR in body
    assert "Today, the dangers of military escalation" in body
    for prompt in ("Translate Website", "Daily Newsletter", "Note to readers", "Disclaimer"):
        assert prompt not in body
    assert "Note to readers" in " ".join(span_texts(crosspost_html, "boilerplate"))


def test_blog_page_takes_the_posted_on_line_above_the_content(blog_html):
    assert blog_html.site_name == "uprootedpalestinians"
    assert blog_html.published == datetime.date(2022, 3, 6)
    assert blog_html.published_source == "header"
    assert blog_html.canonical_url == BLOG_URL


def test_blog_page_title_is_derived_not_taken_from_a_share_widget(blog_html):
    assert blog_html.title_derived is True
    assert blog_html.title.startswith("Today, the dangers")


def test_blog_page_names_the_cradle_with_the_link_of_its_footer(blog_html):
    assert blog_html.origin_name == "The Cradle"
    assert blog_html.origin_url == CRADLE_URL
    assert blog_html.origin_date == datetime.date(2022, 3, 5)


def test_blog_page_keeps_the_inserted_line_and_drops_sharing_widgets(blog_html):
    body = blog_html.body_text()
    assert "Video: NATO Too Weak to Face Russia?" in body
    assert "Dontesk" in body
    for widget in ("Share this:", "Like this:", "Loading", "Leave a comment"):
        assert widget not in body


def test_canonical_link_to_another_site_is_evidence_of_the_original():
    html = (
        '<html><head><link rel="canonical" href="https://original.example/news/1">'
        "<title>Story</title></head><body><article><p>"
        + "A paragraph of the copied story, long enough to be the article text. " * 5
        + "</p></article></body></html>"
    )
    extracted = extract_html(html, url="https://copier.example/story")
    assert extracted.canonical_url == "https://original.example/news/1"
    assert extracted.origin_url == "https://original.example/news/1"
    assert extracted.origin_name == "original.example"


def test_og_url_stands_in_for_a_missing_canonical_link():
    html = (
        '<html><head><meta property="og:url" content="/news/2"></head><body><p>'
        + "Text of the article, with enough words to be extracted as its body. " * 5
        + "</p></body></html>"
    )
    assert extract_html(html, url="https://site.example/x").canonical_url == (
        "https://site.example/news/2"
    )


# ---------------------------------------------------------------- charsets


@pytest.mark.parametrize("name", ["cp1252_no_charset.html", "cp1252_declared_utf8.html"])
def test_windows_1252_page_with_missing_or_wrong_charset_decodes_accents(name):
    extracted = extract_document(page(name), content_type="text/html")
    assert extracted.title == "Donetsk – café de la gare rouvert"
    assert "Donetsk – café de la gare" in extracted.text
    assert "Françoise Lefèvre" in extracted.text
    assert extracted.byline == "Hélène Müller"
    assert extracted.language == "fr"


def test_decode_treats_a_latin_1_label_as_windows_1252():
    assert decode_bytes("Donetsk – café".encode("cp1252"), "ISO-8859-1") == "Donetsk – café"


def test_decode_prefers_utf8_over_a_server_default_latin_1_label():
    assert decode_bytes("Donetsk – café".encode(), "iso-8859-1") == "Donetsk – café"


def test_decode_honours_the_byte_order_mark():
    assert decode_bytes(codecs.BOM_UTF8 + "café".encode()) == "café"
    assert decode_bytes(codecs.BOM_UTF16_LE + "café".encode("utf-16-le")) == "café"


def test_decode_uses_the_pages_own_meta_charset():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Донецк и Луганск</p>'
    assert "Донецк и Луганск" in decode_bytes(html.encode("cp1251"))


def test_decode_ignores_an_unknown_declared_charset():
    assert decode_bytes("café".encode(), "no-such-charset") == "café"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_input_is_an_extraction_error_that_says_so(data):
    with pytest.raises(ExtractionError, match="empty"):
        extract_document(data, content_type="text/html")


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_or_html_string_is_an_extraction_error(text):
    with pytest.raises(ExtractionError, match="empty"):
        extract_text(text)
    with pytest.raises(ExtractionError, match="empty"):
        extract_html(text)


def test_binary_input_is_an_extraction_error_that_asks_for_html_or_text():
    data = bytes(range(256)) * 50
    with pytest.raises(ExtractionError, match="binary") as excinfo:
        extract_document(data)
    assert "HTML" in str(excinfo.value)


def test_a_pdf_is_named_in_the_error():
    with pytest.raises(ExtractionError, match="PDF"):
        extract_document(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")


def test_unsupported_content_type_is_refused_before_decoding():
    with pytest.raises(ExtractionError, match="image/png"):
        extract_document(b"\x89PNG\r\n", content_type="image/png")


def test_string_with_nul_characters_is_refused():
    with pytest.raises(ExtractionError, match="binary"):
        extract_text("abc\x00def")


def test_page_with_no_text_tells_how_to_save_it():
    with pytest.raises(ExtractionError, match="JavaScript"):
        extract_document(page("no_text.html"), content_type="text/html")


def test_page_of_nothing_but_boilerplate_has_no_article_text():
    text = "Share this:\n\nFollow us on Twitter\n\nBecome a Member of Global Research"
    with pytest.raises(ExtractionError, match="boilerplate"):
        extract_text(text)


def test_malformed_html_still_gives_every_paragraph_and_its_origin():
    extracted = extract_document(page("malformed.html"), content_type="text/html")
    assert extracted.title == "Ceasefire talks resume in Istanbul"
    assert extracted.site_name == "Example Daily"
    assert extracted.byline == "Jane Doe"
    body = extracted.body_text()
    for start in ("Delegations from both", "The foreign ministry", "Observers noted", "Humanit"):
        assert start in body
    assert extracted.origin_name == "Middle East Eye"
    assert extracted.origin_url == "https://www.middleeasteye.net/news/ceasefire-talks"
    assert extracted.origin_date == datetime.date(2022, 3, 4)
    assert "Share this article" in span_texts(extracted, "boilerplate")


@pytest.mark.timeout(120)
def test_five_megabyte_page_is_extracted_without_crashing():
    paragraph = (
        "<p>Paragraph {i} of a very long page about the talks in Istanbul, which went on.</p>"
    )
    body = "\n".join(paragraph.format(i=i) for i in range(60_000))
    html = f"<html><head><title>Long</title></head><body><article>{body}</article></body></html>"
    assert len(html) > 5_000_000
    extracted = extract_document(html.encode(), content_type="text/html")
    assert extracted.title == "Long"
    assert "Paragraph 59999 of a very long page" in extracted.text


# ---------------------------------------------------------------- dispatch


def test_document_sent_as_text_plain_but_holding_html_is_read_as_html():
    html = "<!DOCTYPE html><html><head><title>Headline here</title></head><body><p>"
    html += "Body sentence of the article, long enough for the extractor to keep it. " * 4
    extracted = extract_document(html.encode(), content_type="text/plain")
    assert extracted.title == "Headline here"
    assert "<p>" not in extracted.text


def test_document_without_a_content_type_is_sniffed_as_text(crosspost_seed):
    extracted = extract_document(crosspost_seed.read_bytes())
    assert extracted.site_name == "Global Research"


def test_charset_parameter_of_the_content_type_is_used():
    text = "Headline\n\nBy Jane Doe\n\nLe café de Donetsk a rouvert ses portes mardi matin."
    extracted = extract_document(text.encode("cp1252"), content_type="text/plain; charset=cp1252")
    assert "Le café de Donetsk" in extracted.text


def test_text_without_header_takes_site_and_date_from_the_url():
    text = "A plain paragraph about the talks, without any header.\n\nAnother paragraph."
    extracted = extract_text(text, url=BLOG_URL)
    assert extracted.site_name == "uprootedpalestinians"
    assert extracted.published == datetime.date(2022, 3, 6)
    assert extracted.published_source == "url"


def test_extraction_is_deterministic(crosspost_seed):
    text = crosspost_seed.read_text(encoding="utf-8")
    assert extract_text(text) == extract_text(text)


# ---------------------------------------------------------------- spans


@pytest.mark.parametrize(
    "fixture", ["crosspost", "blog", "crosspost_html", "blog_html"], ids=lambda name: name
)
def test_every_span_covers_a_whole_paragraph_of_the_text(fixture, request):
    extracted = request.getfixturevalue(fixture)
    assert_spans_are_whole_paragraphs(extracted)


def test_span_rejects_unknown_kinds():
    with pytest.raises(ValueError):
        Span(0, 1, "footer")


def test_body_text_leaves_intro_spans_in():
    text = "Editor's note: we publish this for debate.\n\nThe article.\n\nShare this:"
    extracted = extract_text(text)
    assert [s.kind for s in extracted.boilerplate] == ["intro", "boilerplate"]
    assert extracted.body_text() == "Editor's note: we publish this for debate.\n\nThe article."


# ---------------------------------------------------------------- origin lines in general


@pytest.mark.parametrize(
    ("line", "name", "url", "date"),
    [
        ("This article was originally published by The Intercept.", "The Intercept", "", None),
        (
            "Originally published at https://example.org/a/b",
            "example.org",
            "https://example.org/a/b",
            None,
        ),
        ("This article first appeared on Consortium News.", "Consortium News", "", None),
        (
            "This article is republished from The Conversation under a Creative Commons "
            "license. Read the original article.",
            "The Conversation",
            "",
            None,
        ),
        ("The post Ukraine Talks Resume appeared first on Mondoweiss.", "Mondoweiss", "", None),
        ("Source: Reuters", "Reuters", "", None),
        ("(via Antiwar.com)", "Antiwar.com", "", None),
        (
            "This article was originally published on Truthout and is reprinted here with "
            "permission.",
            "Truthout",
            "",
            None,
        ),
        (
            "Originally published by The Cradle on March 5, 2022.",
            "The Cradle",
            "",
            datetime.date(2022, 3, 5),
        ),
        (
            "Copyright © Prof. Michel Chossudovsky, Global Research, 2022",
            "Global Research",
            "",
            None,
        ),
        ("© 2022 The Cradle. All rights reserved.", "The Cradle", "", None),
        (
            "This story was produced by Borderland Health Desk, a nonprofit newsroom, and is "
            "republished here with permission. It was first published on March 4, 2024.",
            "Borderland Health Desk",
            "",
            datetime.date(2024, 3, 4),
        ),
        ("Read the full story at The Harbor Ledger.", "The Harbor Ledger", "", None),
        (
            "Continue reading on Kestrel Bay Times: https://kestrelbaytimes.example/a/1",
            "Kestrel Bay Times",
            "https://kestrelbaytimes.example/a/1",
            None,
        ),
        (
            "Harbor Watch is a nonprofit newsroom. Read more at harborwatch.example",
            "Harbor Watch",
            "",
            None,
        ),
        (
            "The 19th is an independent, nonprofit newsroom reporting on gender, politics and "
            "policy.",
            "The 19th",
            "",
            None,
        ),
    ],
)
def test_origin_lines_name_the_original(line, name, url, date):
    [note] = origin_notes(line)
    assert (note.name, note.url, note.date) == (name, url, date)


@pytest.mark.parametrize(
    "line",
    [
        "Read the full report on the council's website.",
        "Continue reading at our website",
        "Read the full interview in our March issue.",
        "See the full story on YouTube",
        "Continue reading on Page 2",
    ],
)
def test_a_pointer_to_the_rest_names_an_origin_only_by_name(line):
    assert origin_notes(line) == []


def test_a_reporting_credit_without_republishing_words_is_a_byline_not_an_origin():
    assert origin_notes("This story was reported by Jane Doe and Ali Khan.") == []


def test_a_body_sentence_that_mentions_first_publication_is_not_an_origin_note():
    line = (
        "The dossier, which was first published by Reuters on Monday, lists the names of the "
        "officials involved and the dates of their visits."
    )
    assert origin_notes(line) == []


def test_a_via_credit_inside_a_paragraph_is_evidence_but_stays_in_the_body():
    text = (
        "Talks resume\n\nDelegations met on Tuesday in Istanbul. Both sides blamed the "
        "other for the delay, and analysts expect no progress before summer (via Asia Times)."
    )
    extracted = extract_text(text)
    assert extracted.origin_name == "Asia Times"
    assert extracted.boilerplate == ()
    assert "(via Asia Times)" in extracted.body_text()


def test_a_via_credit_mid_sentence_credits_a_quote_not_the_article():
    assert origin_notes("He said (via Twitter) that the talks were over.") == []


def test_origin_statement_above_the_article_is_kept_as_an_origin_note():
    text = (
        "This article was originally published by Middle East Eye on 4 March 2022.\n\n"
        "By Jane Doe\n\n"
        "Delegations met on Tuesday in Istanbul for a new round of talks, officials said."
    )
    extracted = extract_text(text, url="https://copier.example/talks")
    assert extracted.origin_name == "Middle East Eye"
    assert extracted.origin_date == datetime.date(2022, 3, 4)
    assert extracted.byline == "Jane Doe"
    assert extracted.body_text().startswith("Delegations met on Tuesday")


def test_copyright_of_the_site_itself_is_not_an_origin():
    text = (
        "Global Research, March 06, 2022\n\nThe article text.\n\nCopyright © Global Research, 2022"
    )
    extracted = extract_text(text)
    assert extracted.site_name == "Global Research"
    assert extracted.origin_name == ""
    assert extracted.body_text() == "The article text."


@pytest.mark.parametrize(
    ("line", "kind", "name", "date"),
    [
        ("The Cradle 5 March 2022", "name_date", "The Cradle", datetime.date(2022, 3, 5)),
        (
            "Global Research, March 06, 2022",
            "name_date",
            "Global Research",
            datetime.date(2022, 3, 6),
        ),
        ("The Sun, Saturday, 5 March 2022", "name_date", "The Sun", datetime.date(2022, 3, 5)),
        (
            "date 2022-03-06 Posted on by uprootedpalestinians",
            "posted",
            "uprootedpalestinians",
            datetime.date(2022, 3, 6),
        ),
        ("Posted on March 6, 2022 by Jane Roe", "posted", "Jane Roe", datetime.date(2022, 3, 6)),
        ("By The Cradle", "byline", "The Cradle", None),
        ("March 06, 2022", "date", "", datetime.date(2022, 3, 6)),
        ("Tue 5 Nov 2024 at 07:30", "date", "", datetime.date(2024, 11, 5)),
        ("October 8, 2024 | Download PDF", "date", "", datetime.date(2024, 10, 8)),
        (
            "Nora Castellanos · June 18, 2024 · 5 min read",
            "byline",
            "Nora Castellanos",
            datetime.date(2024, 6, 18),
        ),
        ("Fri 12 Jan 2024", "date", "", datetime.date(2024, 1, 12)),
        ("Region: Europe, Russia and FSU", "label", "", None),
    ],
)
def test_header_lines_are_recognised(line, kind, name, date):
    parsed = classify_header(line)
    assert parsed is not None
    assert (parsed.kind, parsed.name, parsed.date) == (kind, name, date)


def test_header_line_with_published_and_updated_dates_gives_the_published_one():
    parsed = classify_header("Published 5 March 2022 | Updated 6 March 2022")
    assert parsed is not None
    assert (parsed.kind, parsed.date) == ("date", datetime.date(2022, 3, 5))


@pytest.mark.parametrize(
    "line",
    [
        "Russia launched a special military operation in Ukraine on 24 February 2022.",
        "By 2030, the emissions of the region must fall by half, the report says.",
    ],
)
def test_body_sentences_are_not_header_lines(line):
    assert classify_header(line) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Global Research", "globalresearch.ca", True),
        ("Global Research", "Global Research - Centre for Research on Globalization", True),
        ("The Cradle", "thecradle.co", True),
        ("The Cradle", "Global Research", False),
        ("", "Global Research", False),
        # A wire dateline's acronym is the agency ("WASHINGTON (AP) —").
        ("AP", "The Associated Press", True),
        ("AP", "AP News", True),
        ("AN", "Agence Nordique", True),
        ("AN", "Associated Newspapers of Ceylon", False),
        ("Ap", "Agence Paris", False),
    ],
)
def test_publisher_names_are_compared_across_spellings(a, b, same):
    assert same_publisher(a, b) is same


def _story(*middle: str) -> str:
    lede = "<p>" + "The council met on Monday to discuss the flood defences of the town. " * 3
    return (
        "<html><head><title>Flood plan</title></head><body><article><h1>Flood plan</h1>"
        f"{lede}</p>{''.join(middle)}{lede.replace('council', 'board')}</p>"
        "</article></body></html>"
    )


def test_block_quotations_are_marked_in_the_text():
    letter = [
        "We write to urge the council to fund the northern embankment before winter comes.",
        "The residents of the lower town have waited three years for an answer on this.",
    ]
    html = _story(
        "<p>The letter reads in full:</p><blockquote>",
        *(f"<p>{line}</p>" for line in letter),
        "</blockquote>",
    )
    extracted = extract_html(html, url="https://paper.example/flood")
    quoted = [extracted.text[start:end] for start, end in extracted.quotations]
    assert quoted == letter


def test_a_markdown_block_quotation_in_plain_text_is_marked():
    body = (
        "The mayor answered the letter on Tuesday in a long post.\n\n"
        "> We hear you, and the embankment will be built this year.\n"
        "> The money is in the budget.\n\n"
        "Residents said they would wait and see what the council does."
    )
    extracted = extract_text(body)
    quoted = [extracted.text[start:end] for start, end in extracted.quotations]
    assert quoted == [
        "We hear you, and the embankment will be built this year.",
        "The money is in the budget.",
    ]


@pytest.mark.parametrize(
    "row",
    [
        "Facebook X LinkedIn Email",
        "Share on Facebook | Share on X | Copy link",
        "WhatsApp Telegram Print",
    ],
)
def test_a_row_of_share_buttons_is_boilerplate_not_article_text(row):
    extracted = extract_html(_story(f"<div class='share'>{row}</div>"), url="https://p.example/a")
    assert row not in extracted.body_text()
    assert row in span_texts(extracted, "boilerplate")


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("2024-07-23T13:42:00-04:00", "2024-07-23T17:42:00+00:00"),
        ("2024-07-23T08:15:00Z", "2024-07-23T08:15:00+00:00"),
        ("2024-07-23 08:15:00+02:00", "2024-07-23T06:15:00+00:00"),
        ("2024-07-23T08:15:00", None),  # no offset: whose morning?
        ("2024-07-23", None),
        ("July 23, 2024 8:15 am", None),
    ],
)
def test_a_published_moment_needs_a_time_and_an_offset(value, moment):
    parsed = parse_timestamp(value)
    got = parsed.astimezone(datetime.UTC).isoformat() if parsed else None
    assert got == moment


def test_the_published_moment_comes_from_the_same_metadata_as_the_day():
    html = (
        '<html><head><meta property="article:published_time" content="2024-07-23T13:42:00-04:00">'
        "<title>Bridge</title></head><body><article><p>"
        + "The bridge on Route 9 will close for six months from next week. " * 5
        + "</p></article></body></html>"
    )
    extracted = extract_html(html, url="https://paper.example/bridge")
    assert extracted.published == datetime.date(2024, 7, 23)
    assert extracted.published_at.isoformat() == "2024-07-23T13:42:00-04:00"


@pytest.mark.parametrize(
    ("head", "modified"),
    [
        ('<meta property="article:modified_time" content="2024-07-26T09:00:00+00:00">',
         datetime.date(2024, 7, 26)),
        ('<script type="application/ld+json">{"@type": "NewsArticle", '
         '"datePublished": "2024-07-23", "dateModified": "2024-07-25"}</script>',
         datetime.date(2024, 7, 25)),
        # Touched the day it went up: nothing says the text changed since.
        ('<meta property="article:modified_time" content="2024-07-23T18:00:00-04:00">', None),
        ("", None),
    ],
)  # fmt: skip
def test_the_day_of_a_later_update_is_kept(head, modified):
    html = (
        '<html><head><meta property="article:published_time" content="2024-07-23T13:42:00-04:00">'
        f"{head}<title>Bridge</title></head><body><article><p>"
        + "The bridge on Route 9 will close for six months from next week. " * 5
        + "</p></article></body></html>"
    )
    assert extract_html(html, url="https://paper.example/bridge").modified == modified


def _reprint(byline: str, footer: str = "") -> str:
    body = "The port plans to dump dredged sediment off the point this winter, documents show. "
    return (
        "<html><head><title>Sediment</title><meta property='og:site_name' content='Bay News'>"
        f"</head><body><article><h1>Sediment</h1><p><strong>{byline}</strong></p>"
        f"<p>{body * 4}</p><p>{body.replace('port', 'city') * 3}</p>{footer}"
        "</article></body></html>"
    )


def test_a_byline_naming_another_newsroom_that_the_page_links_to_credits_it():
    link = "<p>More from <a href='https://harborwatch.example/'>our partners</a>.</p>"
    extracted = extract_html(_reprint("By Maria Lopes, Harbor Watch", link), url=BAY_URL)
    assert extracted.origin_name == "Harbor Watch"
    assert "By Maria Lopes, Harbor Watch" in extracted.origin_evidence


@pytest.mark.parametrize(
    "byline",
    ["By Maria Lopes, Harbor Watch", "By Maria Lopes, Staff Writer", "By Maria Lopes, Bay News"],
)
def test_a_byline_alone_credits_no_other_newsroom(byline):
    """No link to the newsroom: the part after the comma may be a second author or a role;
    and a site naming itself in its bylines is not a copy."""
    link = "<p>Photos: <a href='https://baynews.example/gallery'>gallery</a>.</p>"
    assert extract_html(_reprint(byline, link), url=BAY_URL).origin_name == ""


def test_a_newsrooms_note_about_itself_on_its_own_page_names_no_origin():
    footer = "<p><em>Bay News is a nonprofit newsroom. Read more at baynews.example</em></p>"
    extracted = extract_html(_reprint("By Maria Lopes", footer), url=BAY_URL)
    assert extracted.origin_name == ""
    assert "nonprofit newsroom" not in extracted.body_text()


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("PORT SELWYN (Meridian Wire) - Dockworkers voted on Tuesday to strike.", "Meridian Wire"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.", "AP"),
        ("LONDON, England (Reuters) - Shares fell sharply in early trading.", "Reuters"),
        ("VARDEN FALLS, Sept. 17 (Northstar) — Engineers opened the spillway.", "Northstar"),
        ("OSLO, Norway, March 4 (NTB) - Power prices rose.", "NTB"),
    ],
)
def test_a_wire_dateline_names_the_agency(line, name):
    [note] = origin_notes(line)
    assert note.name == name


@pytest.mark.parametrize(
    ("line", "published", "day"),
    [
        ("VARDEN FALLS, Sept. 17 (Northstar) —", "2024-09-17", "2024-09-17"),
        ("OSLO, Dec. 31 (NTB) -", "2025-01-02", "2024-12-31"),  # run after New Year
        ("OSLO, March 3 (NTB) -", "2025-01-02", None),  # ten months off: not this story's
        ("WASHINGTON (AP) —", "2024-05-01", None),
    ],
)
def test_a_wire_dateline_gives_the_agency_story_its_day(line, published, day):
    found = dateline_day(line, datetime.date.fromisoformat(published))
    assert found == (datetime.date.fromisoformat(day) if day else None)


def test_a_dateline_without_an_agency_names_nobody():
    assert (
        origin_notes("BRECKENRIDGE FALLS, Ore., Oct. 8, 2024 – Corvane today announced it.") == []
    )


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("A unit retrieves a case from an upper rack. (Photo: Corvane Robotics)", "boilerplate"),
        ("Crowds gathered in the square on Sunday. Photo: Jane Roe/Reuters", "boilerplate"),
        ("Video: NATO Too Weak to Face Russia?", None),  # a copier's inserted line
        ("Media contact:", "boilerplate"),
        ("More news", "boilerplate"),
    ],
)
def test_captions_credits_and_trailer_headings(line, kind):
    assert block_kind(line) == kind


def test_a_press_release_page_keeps_only_the_release():
    """Kicker above the headline, a headline that starts with the company's name, the
    date line with its PDF link, the media contact and the list of other releases."""
    html = (
        "<html><head><title>Corvane Robotics Unveils Tallis - Corvane Newsroom</title>"
        "<meta property='og:site_name' content='Corvane Robotics'></head><body><main>"
        "<p>Press release</p><h1>Corvane Robotics Unveils Tallis</h1>"
        "<p><em>Robot climbs existing pallet racking in frozen warehouses</em></p>"
        "<div>October 8, 2024 | <a href='/x.pdf'>Download PDF</a></div>"
        "<p>" + "Corvane Robotics today announced Tallis, a robot for cold storage. " * 4 + "</p>"
        "<p>"
        + "Tallis attaches to the uprights of standard racking without drilling. "
        * 3
        + "</p><p>Media contact:<br>Priya Anand<br>press@corvane.example<br>+1 541 555 0182</p>"
        "<h3>More news</h3><ul><li>Corvane Raises $48 Million Series C May 14, 2024</li>"
        "<li>Cadence 4.0 Adds Task Scheduling February 27, 2024</li></ul></main></body></html>"
    )
    extracted = extract_html(html, url="https://newsroom.corvane.example/releases/tallis")
    assert extracted.title == "Corvane Robotics Unveils Tallis"
    assert extracted.subtitle == "Robot climbs existing pallet racking in frozen warehouses"
    assert extracted.published == datetime.date(2024, 10, 8)
    body = extracted.body_text()
    assert body.startswith("Corvane Robotics today announced")
    assert body.endswith("without drilling.")


def test_a_distribution_services_own_tag_in_the_dateline_is_its_furniture():
    text = "HARLOW JUNCTION, May 8, 2024 /Wirepoint/ -- Kestrel Grid Systems today announced …"
    start, end = service_tag(text, "Wirepoint")
    assert text[start:end] == "/Wirepoint/"
    assert service_tag(text, "Kestrel Grid Systems Newsroom") is None  # not the page's own
    assert service_tag("The route a/b/ -- is closed.", "b") is None


def test_a_writers_copyright_on_a_site_named_after_her_credits_nobody():
    own = "https://marialopes.substack.example/p/sediment"
    footer = "<p>© 2024 Maria Lopes</p>"
    assert extract_html(_reprint("By Maria Lopes", footer), url=own).origin_name == ""
    # The same line on another site's page credits her.
    assert extract_html(_reprint("By Maria Lopes", footer), url=BAY_URL).origin_name != ""


def test_a_republishers_note_naming_the_source_is_its_intro_and_a_credit():
    from sources.republisher import Block, build_body

    note = (
        "The following article was first published by the Fenwick Observer on June 3, 2024, "
        "and is republished here with permission."
    )
    body = build_body(
        [Block(note, (), False, False), Block("The story begins here.", (), False, False)]
    )
    assert body.spans == [(0, len(note), "intro")]
    assert [(n.name, n.date) for n in body.notes] == [
        ("the Fenwick Observer", datetime.date(2024, 6, 3))
    ]
