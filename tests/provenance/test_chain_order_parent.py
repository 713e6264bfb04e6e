"""Parent choice from the lines extraction took out of a copy's text (datelines, credits).

A blog that reposts a crosspost of an original never fetched keeps the crossposter's
dateline ("Global Research, August 31, 2022"); extraction moves such lines out of the
text into the origin evidence.  Without them the blog names only the original, and
whether the crosspost wins then hangs on whether its intro has been seen on another of
its pages yet, which depends on arrival order.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from provenance.compare import compare
from provenance.parent import ArticleFacts, Candidate, choose_parent, names

WORDS = (
    "officials convoy border talks port city army report government crisis pipeline "
    "election refugees shelling ceasefire agreement envoy statement ministry forces "
    "villages bridge harvest prices sanctions aid residents region damage support"
).split()
INTRO = (
    "The following analysis is part of our series on energy security and the future of "
    "global supply chains. Readers are invited to share their own research with our editors."
)
CROSSPOST_LINES = (
    "Global Research, August 31, 2022",
    "Baltic Monitor August 30, 2022",
    "The original source of this article is Baltic Monitor",
)


def body(seed: int = 7, n_paragraphs: int = 8) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45))).capitalize() + "."
        for _ in range(n_paragraphs)
    ]


def facts(id: int, publisher: str, domain: str, text: str, **fields) -> ArticleFacts:
    defaults = dict(
        publisher_aliases=(),
        url=f"https://{domain}/{id}",
        canonical_url="",
        published=date(2022, 8, 31),
        first_seen=datetime(2022, 9, 1, 12, 0),
        title="Tensions Rise in Ganja",
    )
    return ArticleFacts(id=id, publisher=publisher, text=text, **{**defaults, **fields})


def crosspost() -> ArticleFacts:
    return facts(
        1,
        "Global Research",
        "www.globalresearch.ca",
        "\n\n".join([INTRO, *body()]),
        origin_name="Baltic Monitor",
        origin_date=date(2022, 8, 30),
        credit_lines=CROSSPOST_LINES,
    )


def inferred_original() -> ArticleFacts:
    return facts(2, "Baltic Monitor", "", "", url="", published=date(2022, 8, 30), inferred=True)


def blog_repost(credit_lines: tuple[str, ...]) -> ArticleFacts:
    paras = body()
    paras[3] = paras[3].replace("e", "ee", 1)  # a typo of the blog's own
    return facts(
        3,
        "frontlinenotes",
        "frontlinenotes.wordpress.com",
        "\n\n".join([INTRO, *paras]),
        published=date(2022, 9, 1),
        origin_name="Baltic Monitor",
        origin_date=date(2022, 8, 30),
        credit_lines=credit_lines,
    )


def candidates(child: ArticleFacts) -> list[Candidate]:
    original = inferred_original()
    page = crosspost()
    return [
        Candidate(original, compare(child.text, original.text)),
        Candidate(page, compare(child.text, page.text)),
    ]


def test_blog_keeping_the_crossposters_dateline_is_linked_to_the_crosspost():
    blog = blog_repost(credit_lines=("Posted on September 01, 2022", *CROSSPOST_LINES))

    choice = choose_parent(blog, candidates(blog))

    assert choice is not None
    assert choice.parent_id == crosspost().id
    assert "names Global Research in the line “Global Research, August 31, 2022”" in (
        choice.evidence
    )


def test_a_pages_own_dateline_names_nobody():
    page = crosspost()
    other_page = facts(4, "Global Research", "www.globalresearch.ca", "\n\n".join(body(8)))

    assert names(page, other_page) == ""
    assert names(page, inferred_original())  # its origin line still names the original


def test_long_evidence_lines_are_no_dateline():
    """Only short lines (bylines, datelines, credits) name a source by mentioning it."""
    line = " ".join(["Global Research", *WORDS[:14]])
    blog = blog_repost(credit_lines=(line,))

    assert names(blog, crosspost()) == ""
