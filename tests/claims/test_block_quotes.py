"""A block quotation the page set off, introduced by "X said:", is X's direct quote."""

from __future__ import annotations

import pytest

from claims.attribution import DIRECT, extract_attributions
from sources.readers import RawDocument
from sources.services import article_ingest

LEAD = "In a statement released on Monday evening, the Ministry of Agriculture said:"
STATEMENT = [
    "Highly pathogenic avian influenza has been detected in a commercial flock near Kellston.",
    "All birds on the premises will be culled and a protection zone has been set up.",
]
AFTER = "Keepers across the district have been told to house their birds."


def _text() -> tuple[str, list[tuple[int, int]]]:
    text = "\n\n".join([LEAD, *STATEMENT, AFTER])
    starts = [text.index(line) for line in STATEMENT]
    return text, [(s, s + len(line)) for s, line in zip(starts, STATEMENT, strict=True)]


def test_the_block_quote_under_a_colon_cue_is_the_speakers_direct_quote():
    text, blocks = _text()
    found = extract_attributions(text, block_quotes=blocks)
    [quote] = [a for a in found if a.cue.text == "said"]
    assert quote.speaker.text == "the Ministry of Agriculture"
    assert quote.kind == DIRECT
    assert quote.content.text == text[blocks[0][0] : blocks[1][1]]  # both paragraphs, one quote


def test_without_the_page_markup_the_colon_cue_reports_nothing():
    text, _blocks = _text()
    assert not [a for a in extract_attributions(text) if a.cue.text == "said"]


def test_a_block_quote_holding_quotation_marks_is_left_to_the_marks_inside():
    text = (
        "The Ledger's reporter was there:\n\n"
        "“We are telling them to buy a car,” said Alan Pike, the lone no vote."
    )
    start = text.index("“")
    found = extract_attributions(text, block_quotes=[(start, len(text))])
    [pike] = found
    assert (pike.speaker.text, pike.content.text) == (
        "Alan Pike, the lone no vote",
        "We are telling them to buy a car",
    )


@pytest.mark.django_db
def test_an_ingested_page_attributes_its_blockquote():
    from claims.services import article_attribute

    body = "".join(f"<p>{line}</p>" for line in STATEMENT)
    page = (
        "<html><head><title>Bird flu</title></head><body><article><h1>Bird flu</h1>"
        f"<p>{AFTER} {AFTER}</p><p>{LEAD}</p><blockquote>{body}</blockquote>"
        f"<p>{AFTER.replace('district', 'county')}</p></article></body></html>"
    )
    raw = RawDocument(url="https://herald.example/flu", content=page)
    article = article_ingest(raw=raw).article
    rows = article_attribute(article_id=article.pk)
    [row] = [r for r in rows if r.cue_text == "said"]
    assert row.kind == DIRECT
    assert row.speaker_text == "the Ministry of Agriculture"
    assert article.text[row.content_start : row.content_end].startswith("Highly pathogenic")
