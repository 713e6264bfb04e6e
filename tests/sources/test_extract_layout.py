"""Hand-made pages of the table-layout era, photo widgets and <title> formulas."""

from __future__ import annotations

from sources.extract import _clean_title, _site_in_title, _starts_with_byline, extract_html

_STORY = " ".join(
    f"Sentence {n} of the story tells what the volunteers did at the old mill that week."
    for n in range(12)
)


def _layout_page(title: str = "Ashgrove Society - News - The Wheel Turns Again") -> str:
    return f"""<html><head><title>{title}</title></head><body>
<table width="760"><tr><td>HOME | ABOUT US | NEWS | EVENTS | GUESTBOOK</td></tr>
<tr><td><table><tr><td>Society News</td></tr><tr><td>Donate Now</td></tr></table></td>
<td><font size="5"><b>The Wheel Turns Again! Members Celebrate</b></font><br>
<font size="1">Posted September 25, 2023</font><br>click to enlarge<br>
{_STORY}<br><br>{_STORY.replace("Sentence", "Line")}</td></tr></table></body></html>"""


def test_a_layout_table_gives_the_story_not_one_table_row():
    extracted = extract_html(_layout_page(), url="https://ashgrovesociety.example/wheel.htm")
    assert "|" not in extracted.text.split("\n\n")[0]
    assert extracted.text.startswith("Sentence 0 of the story")
    assert "click to enlarge" not in extracted.text
    assert extracted.title == "The Wheel Turns Again! Members Celebrate"
    assert extracted.site_name == "Ashgrove Society"


def test_a_data_table_stays_a_table():
    page = (
        "<html><body><p>" + _STORY + "</p><table><tr><th>Year</th><th>Visitors</th></tr>"
        "<tr><td>2022</td><td>1,200</td></tr></table></body></html>"
    )
    extracted = extract_html(page, url="https://example.org/a")
    assert extracted.text.startswith("Sentence 0")


def test_title_parts_site_section_headline_give_the_headline():
    assert _clean_title("Ashgrove Society - News - The Wheel Turns", "Ashgrove Society") == (
        "The Wheel Turns"
    )
    assert _clean_title("The Wheel Turns | Ashgrove Society", "Ashgrove Society") == (
        "The Wheel Turns"
    )
    assert _site_in_title("Ashgrove Society - News", "ashgrovesociety.example") == (
        "Ashgrove Society"
    )
    assert _site_in_title("Plain headline", "ashgrovesociety.example") == (
        "ashgrovesociety.example"
    )


def test_a_dated_line_starting_with_the_byline_is_the_byline():
    assert _starts_with_byline("Renée Dufresne Courier correspondent", "Renée Dufresne")
    assert not _starts_with_byline("The Cradle", "The Cradle")  # a credit to the byline's org
    assert not _starts_with_byline("The Pembury Courier", "Renée Dufresne")


def test_a_box_of_links_to_other_stories_inside_the_article_is_dropped():
    paragraphs = [
        f"<p>Paragraph {n} says what the council decided about the ferry timetable.</p>"
        for n in range(8)
    ]
    box = (
        '<div class="jnews_inline_related_post"><h3><span>ALSO READ</span></h3><ul>'
        '<li><a href="/a">5 Signs Your Town Is Hiding Its Budget Problems</a></li>'
        '<li><a href="/b">Ferry Scandals That Shocked The Coast</a></li></ul></div>'
    )
    # One link the copier put in the story is a line it inserted: it stays, as an edit.
    aside = (
        '<div class="inline-related"><span>Read more:</span> '
        '<a href="/c">Ferry fares will rise by a fifth in May, the operator says</a></div>'
    )
    html = (
        "<html><head><title>Ferry</title></head><body><article><h1>Ferry timetable</h1>"
        + "".join(paragraphs[:4]) + box + "".join(paragraphs[4:6]) + aside
        + "".join(paragraphs[6:])
        + "</article></body></html>"
    )  # fmt: skip
    text = extract_html(html, url="https://coastpaper.example/ferry").text
    assert "ALSO READ" not in text and "Budget Problems" not in text
    assert "Paragraph 3" in text and "Paragraph 4" in text
    assert "Read more: Ferry fares will rise" in text


def _script_page(visible: str, data: dict) -> str:
    import json

    return (
        "<html><head><title>Mill dam</title></head><body><main><h1>Mill dam comes down</h1>"
        f"{visible}</main><script id='__NEXT_DATA__' type='application/json'>"
        f"{json.dumps(data)}</script></body></html>"
    )


_DAM = [
    f"Paragraph {n} of the dam story says what the crews found in the creek that week."
    for n in range(14)
]


def test_a_story_carried_only_as_script_data_is_read_where_its_teaser_stands():
    blocks = [{"type": "paragraph", "html": f"<p>{p}</p>"} for p in _DAM]
    data = {"props": {"pageProps": {"article": {"body": blocks}}}}
    page = _script_page(f"<p>{_DAM[0]}</p><div class='loading'>Loading…</div>", data)
    text = extract_html(page, url="https://dispatch.example/dam").text
    assert text.count("Paragraph 0 of the dam story") == 1
    assert "Paragraph 13 of the dam story" in text
    assert text.index("Paragraph 0") < text.index("Paragraph 13")


def test_a_page_that_shows_its_whole_story_keeps_its_own_text():
    data = {"props": {"pageProps": {"article": {"body": "\n\n".join(_DAM)}}}}
    shown = "".join(f"<p>{p.replace('crews', 'Crews')}</p>" for p in _DAM)
    text = extract_html(_script_page(shown, data), url="https://dispatch.example/dam").text
    assert "the Crews found" in text and "the crews found" not in text


def test_script_data_never_adds_a_story_the_page_does_not_start_nor_doubles_one():
    # Related stories in the data, with nothing of them on the page: left alone.
    related = [{"html": f"<p>{p.replace('dam', 'bridge')}\b</p>"} for p in _DAM]
    data = {"props": {"pageProps": {"related": related}}}
    note = "A short note on the mill's open day next week. " * 30
    page = _script_page(f"<p>{note}</p>", data)
    text = extract_html(page, url="https://dispatch.example/note").text
    assert "bridge story" not in text
    # The whole story shown, the data holding one line more: no second copy.
    data = {"props": {"pageProps": {"body": "\n\n".join([*_DAM, "Sign up for our newsletter."])}}}
    shown = "".join(f"<p>{p}</p>" for p in _DAM)
    text = extract_html(_script_page(shown, data), url="https://dispatch.example/dam").text
    assert text.count("Paragraph 5 of the dam story") == 1


def test_a_donation_appeal_and_a_related_link_inside_the_story_are_not_its_text():
    paragraphs = [f"<p>Paragraph {n} tells how the wells ran dry.</p>" for n in range(8)]
    appeal = (
        '<div class="wp-block-newspack-blocks-donate"><h3>Water is a story that does not '
        "stop at county lines.</h3><p>Support our reporting.</p></div>"
    )
    related = '<p><a href="/flood">RELATED: Residents describe the November flooding</a></p>'
    html = (
        "<html><head><title>Wells</title></head><body><article><h1>Wells run dry</h1>"
        + "".join(paragraphs[:3]) + appeal + related + "".join(paragraphs[3:])
        + "</article></body></html>"
    )  # fmt: skip
    extracted = extract_html(html, url="https://prairie.example/wells")
    body = extracted.body_text()
    assert "Support our reporting" not in extracted.text
    assert "RELATED" not in body and "Paragraph 3" in body


def test_a_series_note_above_a_republished_story_is_the_republishers_intro():
    from sources.republisher import block_kind

    assert block_kind("This story is part of our series “Running Dry,” on groundwater.") == "intro"
