"""Parent choice: naming, shared insertions, and an order that never depends on arrival."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.compare import (
    LinkKind,
    Overlap,
    SharedSpan,
    boilerplate_lines,
    classify,
    compare,
    paragraphs,
    removed_paragraphs,
    strip_paragraphs,
)
from provenance.parent import (
    ArticleFacts,
    Candidate,
    choose_parent,
    direction,
    names,
    one_article,
    same_name,
    shared_insertions,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEEN = datetime(2022, 3, 6, 12, 0)
WORDS = (
    "officials convoy border talks port city army report government crisis pipeline "
    "election refugees shelling ceasefire agreement envoy statement ministry forces "
    "villages bridge harvest prices sanctions aid residents region damage support"
).split()


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def prose(seed: int, n_paragraphs: int = 8) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45))).capitalize() + "."
        for _ in range(n_paragraphs)
    ]


def facts(id: int, publisher: str, text: str, **fields) -> ArticleFacts:
    defaults = dict(
        publisher_aliases=(),
        url=f"https://{publisher.casefold().replace(' ', '')}.example/{id}",
        canonical_url="",
        published=date(2022, 3, 6),
        first_seen=SEEN,
        title="Russia Warns Washington Is Sending ISIS Fighters to Ukraine",
    )
    return ArticleFacts(id=id, publisher=publisher, text=text, **{**defaults, **fields})


def candidate(child: ArticleFacts, parent: ArticleFacts, **fields) -> Candidate:
    return Candidate(parent, compare(child.text, parent.text), **fields)


# --- the seeds ------------------------------------------------------------------------


def other_crosspost(seed: int, origin: str) -> str:
    """Another Global Research page: same header block, intro and footer, new story."""
    page = paragraphs(seed_text("001"))
    header = page[page.index(next(p for p in page if p.startswith("All Global"))) :][:3]
    intro = page[page.index(next(p for p in page if p.startswith("Today, the"))) :][:5]
    footer = page[page.index("*") :]
    footer = [p.replace("[The Cradle](#)", f"[{origin}](#)") for p in footer]
    return "\n\n".join(
        ["Another Title", f"By [{origin}](#)", *header, *intro, *prose(seed), *footer]
    )


def crosspost_facts() -> ArticleFacts:
    """Global Research's page, its boilerplate found as passim would: across its pages."""
    page = seed_text("001")
    keys = boilerplate_lines([page, other_crosspost(1, "Mint Press"), other_crosspost(2, "RT")])
    return facts(
        1,
        "Global Research",
        strip_paragraphs(page, keys),
        publisher_aliases=("globalresearch.ca",),
        origin_name="The Cradle",
        origin_date=date(2022, 3, 5),
        boilerplate=removed_paragraphs(page, keys),
    )


def blog_facts() -> ArticleFacts:
    page = seed_text("000").split("\n", 1)[1]  # drop the scraper's "date ... Posted on by" line
    return facts(
        3,
        "uprootedpalestinians",
        page,
        url="https://uprootedpalestinians.wordpress.com/2022/03/06/russia-warns",
        title="",
        first_seen=SEEN + timedelta(hours=5),
        origin_name="The Cradle",  # "The original source of this article is The Cradle"
    )


def inferred_cradle() -> ArticleFacts:
    return facts(2, "The Cradle", "", url="", published=date(2022, 3, 5), inferred=True)


def test_blog_repost_is_linked_to_crosspost_not_to_inferred_original():
    blog, crosspost, cradle = blog_facts(), crosspost_facts(), inferred_cradle()
    choice = choose_parent(blog, [candidate(blog, cradle), candidate(blog, crosspost)])
    assert choice is not None
    assert choice.parent_id == crosspost.id
    assert choice.kind is LinkKind.EDITED
    assert choice.confidence >= 0.9
    assert any(
        "Global Research's intro paragraph" in line and "Today, the dangers" in line
        for line in choice.evidence
    ), choice.evidence


def test_crosspost_is_linked_to_the_inferred_original_it_names():
    crosspost, cradle = crosspost_facts(), inferred_cradle()
    choice = choose_parent(crosspost, [candidate(crosspost, cradle)])
    assert choice is not None and choice.parent_id == cradle.id
    assert "names The Cradle as source" in choice.evidence
    assert "published a day later (2022-03-06 vs 2022-03-05)" in choice.evidence


def test_shared_intro_is_told_from_the_body_by_the_ingested_original():
    """No boilerplate history for Global Research, but The Cradle's own page is known."""
    page = seed_text("001")
    intro = [
        p for p in paragraphs(page) if p.startswith(("Today, the", "Global Research condemns"))
    ]
    cradle_text = "\n\n".join(p for p in paragraphs(page) if p not in intro)
    cradle = facts(2, "The Cradle", cradle_text, published=date(2022, 3, 5))
    crosspost = facts(1, "Global Research", page, origin_name="The Cradle")
    blog = blog_facts()
    choice = choose_parent(blog, [candidate(blog, cradle), candidate(blog, crosspost)])
    assert choice is not None and choice.parent_id == crosspost.id
    assert any("Today, the dangers" in line for line in choice.evidence)


def test_shared_insertions_need_something_to_contrast_with():
    page = seed_text("001")
    blog = seed_text("000")
    assert shared_insertions(blog, page, []) == []
    cradle = "\n\n".join(p for p in paragraphs(page) if not p.startswith("Today, the"))
    assert shared_insertions(blog, page, [cradle]) == [
        "Today, the dangers of military escalation are beyond description."
    ]
    own = ["Global Research condemns Russia’s invasion of Ukraine."]
    assert shared_insertions(blog, page, [], own_lines=own) == own


# --- order ------------------------------------------------------------------------------


def test_original_with_standfirst_is_not_the_copy_of_its_own_copy():
    body = prose(3)
    headline = "Russia Warns Washington Is Sending ISIS Fighters to Ukraine"
    standfirst = "Ukrainian officials have been calling for an international legion of mercenaries."
    original = facts(1, "The Cradle", "\n\n".join([headline, standfirst, *body]),
                     published=date(2022, 3, 5))  # fmt: skip
    copy = facts(2, "Some Blog", "\n\n".join(body), published=date(2022, 3, 6))
    overlap = compare(copy.text, original.text)
    assert overlap.b_in_a < overlap.a_in_b  # by containment alone the original looks the copy
    assert direction(copy, original, overlap) == -1
    # Same day: the page the other one names wins.
    named = replace(copy, published=original.published, origin_name="The Cradle")
    assert direction(named, original, overlap) == -1
    # Same day, no credit: first sight decides, not containment.
    seen_later = replace(copy, published=original.published, first_seen=SEEN + timedelta(hours=3))
    assert direction(seen_later, replace(original, first_seen=SEEN), overlap) == -1


def test_excerpt_is_the_copy_when_nothing_else_tells():
    body = prose(4, 12)
    original = facts(1, "The Cradle", "\n\n".join(body))
    excerpt = facts(2, "Digest", "\n\n".join(["Our take on it today.", *body[4:7]]))
    assert direction(excerpt, original, compare(excerpt.text, original.text)) == -1
    assert direction(original, excerpt, compare(original.text, excerpt.text)) == 1


def test_credit_line_at_the_top_names_the_source():
    crosspost = crosspost_facts()
    assert names(blog_facts(), crosspost) == "names Global Research in the line “Global Research,”"
    assert names(crosspost, blog_facts()) == ""


def test_names_match_domains_aliases_and_links():
    assert same_name("globalresearch.ca", "Global Research")
    assert same_name("The Cradle", "https://www.thecradle.co/article/1")
    assert not same_name("The Cradle", "Mint Press")
    source = facts(1, "The Cradle", "x", url="https://thecradle.co/a/1")
    assert names(facts(2, "Blog", "x", origin_url="https://www.thecradle.co/a/1/"), source)
    assert names(facts(3, "Blog", "x", canonical_url="https://thecradle.co/a/1"), source)


# --- choosing -------------------------------------------------------------------------------


def test_independent_report_sharing_a_quotation_gets_no_parent():
    quote = (
        "“Only last week, about 200 mercenaries from Croatia arrived through Poland,” "
        "Konashenkov said."
    )
    first = facts(1, "Wire", "\n\n".join([*prose(5, 4), quote, *prose(6, 4)]))
    second = facts(2, "Other Wire", "\n\n".join([*prose(7, 3), quote, *prose(8, 3)]),
                   published=date(2022, 3, 7))  # fmt: skip
    assert choose_parent(second, [candidate(second, first)]) is None


def test_repost_of_a_repost_carrying_its_inserted_line_chooses_that_repost():
    body = prose(9, 10)
    original = facts(1, "The Cradle", "\n\n".join(body), published=date(2022, 3, 5))
    video = "Video: NATO Too Weak to Face Russia? Scott Ritter on Russian Offensive"
    first = facts(2, "Blog One", "\n\n".join([*body[:5], video, *body[5:]]))
    second = facts(3, "Blog Two", first.text, published=date(2022, 3, 7))
    choice = choose_parent(second, [candidate(second, original), candidate(second, first)])
    assert choice is not None and choice.parent_id == first.id
    assert any("Video: NATO Too Weak" in line for line in choice.evidence)


def test_copy_without_anything_of_a_later_copy_goes_to_the_original():
    body = prose(10, 10)
    original = facts(1, "The Cradle", "\n\n".join(body), published=date(2022, 3, 5))
    other = facts(2, "Blog One", "\n\n".join(["Posted by a reader", *body]))
    child = facts(3, "Blog Two", "\n\n".join([*body, "Shared from the web"]),
                  published=date(2022, 3, 7))  # fmt: skip
    candidates = [candidate(child, other), candidate(child, original)]
    for order in (candidates, candidates[::-1]):
        choice = choose_parent(child, order)
        assert choice is not None and choice.parent_id == original.id


# --- antisymmetry -------------------------------------------------------------------------

PUBLISHERS = ["Global Research", "The Cradle", "uprootedpalestinians", "Meridian Post"]
TEXTS = [
    "",
    "By The Cradle\n\nA long body paragraph about the convoy and the border talks.",
    "Global Research, March 06, 2022\n\nA long body paragraph about the convoy.",
    "Posted on by admin\n\nSomething else.\n\nSource: Meridian Post",
]


@st.composite
def article_facts(draw: st.DrawFn) -> ArticleFacts:
    publisher = draw(st.sampled_from(PUBLISHERS))
    return ArticleFacts(
        id=draw(st.integers(1, 4)),
        publisher=publisher,
        publisher_aliases=draw(st.sampled_from([(), ("globalresearch.ca",)])),
        url=draw(st.sampled_from(["", "https://thecradle.co/y", "https://globalresearch.ca/x"])),
        canonical_url=draw(st.sampled_from(["", "https://thecradle.co/y"])),
        published=draw(st.one_of(st.none(), st.dates(date(2022, 3, 4), date(2022, 3, 6)))),
        first_seen=draw(st.datetimes(datetime(2022, 3, 4), datetime(2022, 3, 5))),
        title="t",
        text=draw(st.sampled_from(TEXTS)),
        origin_name=draw(st.sampled_from(["", "globalresearch.ca", *PUBLISHERS])),
        origin_url=draw(st.sampled_from(["", "https://thecradle.co/y"])),
        inferred=draw(st.booleans()),
    )


@st.composite
def overlaps(draw: st.DrawFn) -> Overlap:
    a_shingles, b_shingles = draw(st.integers(1, 900)), draw(st.integers(1, 900))
    shared = draw(st.integers(0, min(a_shingles, b_shingles)))
    a_words, b_words = a_shingles + 4, b_shingles + 4
    spans, a_at, b_at = [], 0, 0
    for _ in range(draw(st.integers(0, 3))):
        a_at += draw(st.integers(0, 40))
        b_at += draw(st.integers(0, 40))
        size = draw(st.integers(5, 400))
        spans.append(SharedSpan(a_at, a_at + 6 * size, b_at, b_at + 6 * size, size,
                                draw(st.sampled_from([0.0, 0.3, 1.0]))))  # fmt: skip
        a_at, b_at = a_at + 6 * size, b_at + 6 * size
    small = draw(st.integers(0, 40))
    return Overlap(
        jaccard=shared / (a_shingles + b_shingles - shared),
        a_in_b=shared / a_shingles,
        b_in_a=shared / b_shingles,
        sentence_match=draw(st.floats(0, 1)),
        quoted_only=draw(st.booleans()),
        shared_spans=tuple(spans),
        a_words=a_words,
        b_words=b_words,
        matched_sentences=draw(st.integers(0, small)),
        a_shingles=a_shingles,
        b_shingles=b_shingles,
        a_sentences=small,
        b_sentences=draw(st.integers(small, 60)),
    )


@settings(max_examples=400, deadline=None)
@given(a=article_facts(), b=article_facts(), overlap=overlaps())
def test_direction_is_antisymmetric(a: ArticleFacts, b: ArticleFacts, overlap: Overlap):
    assert direction(a, b, overlap) == -direction(b, a, overlap.swapped())


@settings(max_examples=30, deadline=None)
@given(split=st.integers(1, 9), header=st.booleans(), gap=st.integers(-2, 2))
def test_direction_of_real_overlaps_is_antisymmetric(split: int, header: bool, gap: int):
    body = prose(11, 10)
    a = facts(1, "The Cradle", "\n\n".join(body[:split] + (["Posted by admin"] if header else [])))
    b = facts(2, "Blog", "\n\n".join(body), published=date(2022, 3, 6) + timedelta(days=gap))
    assert direction(a, b, compare(a.text, b.text)) == -direction(b, a, compare(b.text, a.text))


def test_a_short_editors_note_of_the_copys_own_makes_it_an_edited_copy():
    """The body is the original's word for word, but the crossposter put its own note
    above it; a page that copies the crossposter, note and all, is verbatim of it."""
    body = prose(40, n_paragraphs=12)
    note = "Editor's note: we republish this report with the permission of its authors."
    original = facts(1, "Tidewater", "\n\n".join(body), published=date(2022, 3, 4))
    crosspost = facts(
        2, "Dispatch", "\n\n".join([note, *body]), published=date(2022, 3, 5), intros=(note,)
    )
    choice = choose_parent(crosspost, [candidate(crosspost, original)])
    assert classify(compare(crosspost.text, original.text)) is LinkKind.VERBATIM  # alone
    assert choice is not None and choice.kind is LinkKind.EDITED
    repost = replace(crosspost, id=3, publisher="Blog", published=date(2022, 3, 6))
    choice = choose_parent(repost, [candidate(repost, crosspost)])
    assert choice is not None and choice.kind is LinkKind.VERBATIM


def test_on_one_day_the_page_published_hours_later_is_the_copy():
    """An uncredited scrape of the same day: only the pages' timestamps tell."""
    body = "\n\n".join(prose(41))
    morning = datetime(2024, 7, 23, 8, 15, tzinfo=UTC)
    original = facts(1, "Hollis Record", body, published=date(2024, 7, 23), published_at=morning)
    scrape = facts(
        2, "Newsflash", body, published=date(2024, 7, 23),
        published_at=morning + timedelta(hours=5, minutes=27),
    )  # fmt: skip
    overlap = compare(scrape.text, original.text)
    assert direction(scrape, original, overlap) == -1
    assert direction(original, scrape, overlap.swapped()) == 1
    choice = choose_parent(scrape, [candidate(scrape, original)])
    assert choice is not None and choice.parent_id == 1
    assert any("5 h 27 min later the same day" in line for line in choice.evidence)
    close = replace(scrape, published_at=morning + timedelta(minutes=10))
    assert direction(close, original, overlap) == 0  # clocks are not that exact
    untimed = replace(scrape, published_at=None)
    assert direction(untimed, original, overlap) == 0


def test_an_amp_page_is_another_format_of_its_article_not_a_copy():
    body = "\n\n".join(prose(42))
    page = facts(1, "Kestrel Bay Times", body, url="https://kbt.example/news/algae")
    amp = facts(
        2, "Kestrel Bay Times", body, url="https://kbt.example/news/algae/amp",
        canonical_url="https://kbt.example/news/algae/",
    )  # fmt: skip
    assert one_article(amp, page) and one_article(page, amp)
    assert choose_parent(amp, [candidate(amp, page)]) is None
    elsewhere = replace(amp, publisher="Lake Digest", url="https://digest.example/algae")
    assert not one_article(elsewhere, page)  # a canonical link across publishers credits
    choice = choose_parent(elsewhere, [candidate(elsewhere, page)])
    assert choice is not None and choice.parent_id == 1


def test_a_copy_of_the_page_before_its_update_is_verbatim_a_cut_copy_is_edited():
    """The original grew a paragraph after it was copied; the copy lacks it. With the
    update dated after the copy, the copier changed nothing; without, it cut."""
    body = prose(41, n_paragraphs=11)
    update = "Update: the water authority said after publication that it would respond."
    grown = [*body[:6], update, *body[6:]]
    original = facts(1, "Current", "\n\n".join(grown), published=date(2024, 6, 10))
    copy = facts(2, "Civic", "\n\n".join(body), published=date(2024, 6, 11))
    cut = choose_parent(copy, [candidate(copy, original)])
    assert cut is not None and cut.kind is LinkKind.EDITED
    updated = replace(original, modified=date(2024, 6, 13))
    earlier = choose_parent(copy, [candidate(copy, updated)])
    assert earlier is not None and earlier.kind is LinkKind.VERBATIM
    assert any("before its update of 13 June 2024" in line for line in earlier.evidence)
    # Updated before the copy was made: the copy left the paragraph out.
    before = replace(original, modified=date(2024, 6, 11))
    assert choose_parent(copy, [candidate(copy, before)]).kind is LinkKind.EDITED
    # A copy that also changed words is edited whatever the dates.
    changed = replace(copy, text=copy.text.replace(body[2], body[2].upper() + " Added."))
    assert choose_parent(changed, [candidate(changed, updated)]).kind is LinkKind.EDITED
