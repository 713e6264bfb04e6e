"""Overlap between two texts, its classification, and publisher boilerplate."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from provenance.compare import (
    LinkKind,
    boilerplate_lines,
    classify,
    compare,
    paragraph_spans,
    quote_spans,
    removed_paragraphs,
    strip_paragraphs,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
WORDS = (
    "officials large convoy border talks port city army report began government crisis "
    "pipeline election refugees shelling ceasefire agreement envoy statement ministry "
    "forces villages bridge harvest prices sanctions aid residents region damage support"
).split()
SYNONYMS = {
    "officials": "authorities", "large": "big", "began": "started", "city": "town",
    "report": "account", "agreement": "deal", "support": "backing",
}  # fmt: skip
QUOTE = (
    "“US military intelligence has launched a large scale propaganda campaign to recruit "
    "contractors to be sent to Ukraine,” Defense Ministry spokesman Igor Konashenkov said."
)


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def crosspost_body(page: str) -> str:
    """Global Research's page without its header block and footer, split crudely."""
    start = page.index("Visit and follow us")
    return page[page.index("\n", start) : page.index("\n*\n")].strip()


def article(seed: int, paragraphs: int = 10) -> list[str]:
    """Paragraphs of two or three random sentences, each 12-18 words with numbers."""
    rng = random.Random(seed)
    paras = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(2, 3)):
            chosen = [rng.choice(WORDS) for _ in range(rng.randint(12, 18))]
            chosen.insert(rng.randint(1, 5), str(rng.randint(2, 9999)))
            sentences.append(" ".join(chosen).capitalize() + ".")
        paras.append(" ".join(sentences))
    return paras


def text(paras: list[str]) -> str:
    return "\n\n".join(paras)


def spin(paragraph: str) -> str:
    return re.sub(r"[a-z]+", lambda m: SYNONYMS.get(m.group(), m.group()), paragraph)


def test_copy_with_header_and_footer_is_verbatim():
    body = article(1)
    copy = ["Posted on March 6, 2022 by admin", *body, "Source: The Cradle"]
    overlap = compare(text(copy), text(body))
    assert classify(overlap) is LinkKind.VERBATIM
    assert overlap.b_in_a == 1.0
    assert overlap.a_in_b > 0.95


@pytest.mark.parametrize(
    "edit",
    [
        lambda body: [*body[:4], "Video: NATO Too Weak to Face Russia? Scott Ritter", *body[4:]],
        lambda body: [body[0], body[1].replace(" ", " Dontesk ", 1), *body[2:]],
        lambda body: body[:3] + body[5:],
    ],
    ids=["inserted line", "changed word", "deleted paragraphs"],
)
def test_edits_inside_the_body_make_an_edited_copy(edit):
    body = article(2)
    assert classify(compare(text(edit(body)), text(body))) is LinkKind.EDITED


def test_spun_copy_with_sentence_order_kept_is_edited():
    body = article(3)
    spun = [spin(p) for p in body]
    overlap = compare(text(spun), text(body))
    assert overlap.jaccard < 0.5
    assert overlap.sentence_match > 0.8
    assert classify(overlap) is LinkKind.EDITED


def respell(paragraph: str) -> str:
    """A spinner that leaves no 5-shingle whole: every other longer word replaced."""
    count = iter(range(1_000_000))
    return re.sub(
        r"[A-Za-z]+", lambda m: m.group()[::-1] if next(count) % 2 and len(m.group()) > 3
        else m.group(), paragraph,
    )  # fmt: skip


def test_heavily_spun_copy_matching_most_sentences_in_order_is_edited():
    body = article(3)
    overlap = compare(text([respell(p) for p in body]), text(body))
    assert overlap.jaccard < 0.05 and overlap.matched_sentences < 5
    assert overlap.reworded_share >= 0.6
    assert classify(overlap) is LinkKind.EDITED
    # The same sentences out of order, or only a few of them, are no copy.
    sentences = [s for p in body for s in p.split(". ")]
    random.Random(1).shuffle(sentences)
    assert classify(compare(respell(". ".join(sentences)), text(body))) is LinkKind.NONE
    few = [*article(30, paragraphs=6), *(respell(p) for p in body[:2])]
    assert classify(compare(text(few), text(body))) is LinkKind.NONE


def test_shuffled_sentences_are_not_a_spun_copy():
    body = article(4)
    sentences = [s for p in body for s in p.split(". ")]
    random.Random(0).shuffle(sentences)
    spun = spin(". ".join(sentences))
    assert compare(spun, text(body)).sentence_match < 0.6


@pytest.mark.parametrize("share", [0.2, 0.4])
def test_excerpt_inside_own_commentary_is_an_excerpt(share):
    body = article(5, paragraphs=15)
    taken = body[5 : 5 + round(15 * share)]
    comment = article(6, paragraphs=2)
    excerpt = [comment[0], "The Cradle reports:", *taken, comment[1]]
    overlap = compare(text(excerpt), text(body))
    assert classify(overlap) is LinkKind.EXCERPT
    assert overlap.a_in_b > 0.5 > overlap.b_in_a
    assert overlap.longest_run >= 60


def test_independent_reports_sharing_a_quotation_are_not_copies():
    first = [*article(7, paragraphs=4), QUOTE, *article(8, paragraphs=3)]
    second = [*article(9, paragraphs=2), QUOTE, *article(10, paragraphs=2)]
    overlap = compare(text(second), text(first))
    assert overlap.quoted_only
    assert overlap.longest_run == 0
    assert classify(overlap) is LinkKind.NONE


def test_quotation_copied_with_its_narrative_is_a_passage():
    source = article(11, paragraphs=8)
    source.insert(4, QUOTE)
    copy = [*article(12, paragraphs=2), *source[3:6], *article(13, paragraphs=2)]
    overlap = compare(text(copy), text(source))
    assert not overlap.quoted_only
    assert classify(overlap) is LinkKind.EXCERPT


def test_same_topic_report_sharing_names_is_not_a_copy():
    names = "Defense Ministry spokesman Igor Konashenkov told reporters in Moscow on Friday"
    first = [*article(14, paragraphs=5), names + " that the talks had failed."]
    second = [names + " that the convoy had arrived.", *article(15, paragraphs=5)]
    assert classify(compare(text(first), text(second))) is LinkKind.NONE


def test_compare_from_either_side_is_the_same_overlap():
    a = text(["Intro line added by the blog here today.", *article(16)])
    b = text([*article(16)[:7], "A closing note from the original site."])
    assert compare(b, a) == compare(a, b).swapped()
    assert compare(a, b).swapped().swapped() == compare(a, b)


def test_seed_blog_repost_is_an_edited_copy_of_the_crosspost():
    blog, crosspost = seed_text("000"), crosspost_body(seed_text("001"))
    overlap = compare(blog, crosspost)
    assert classify(overlap) is LinkKind.EDITED
    assert overlap.b_in_a > 0.9  # Global Research's body is almost wholly in the blog
    assert overlap.sentence_match > 0.8


def test_quote_spans_follow_curly_and_straight_quotes():
    sample = 'He said “one two” and "three".\n\n“Four\n\n“five.”'
    spans = [sample[s:e] for s, e in quote_spans(sample)]
    assert spans == ["“one two”", '"three"', "“Four\n\n“five.”"]


def test_curly_single_quotes_are_quotations_but_apostrophes_are_not():
    sample = "‘We won’t go,’ he said. The students’ union ‘agreed’. It’s Russia’s war."
    spans = [sample[s:e] for s, e in quote_spans(sample)]
    assert spans == ["‘We won’t go,’", "‘agreed’"]


def test_reports_sharing_a_quotation_in_single_quotes_are_not_copies():
    quote = QUOTE.replace("“", "‘").replace("”", "’")
    first = [*article(40, paragraphs=4), quote, *article(41, paragraphs=3)]
    second = [*article(42, paragraphs=2), quote, *article(43, paragraphs=2)]
    assert classify(compare(text(second), text(first))) is LinkKind.NONE


def test_unclosed_quote_ends_with_its_line():
    sample = "He said “never closed\n\nNext paragraph is plain."
    assert [sample[s:e] for s, e in quote_spans(sample)] == ["“never closed"]


GR_HEADER = [
    "All Global Research articles can be read in 51 languages by activating the Translate Website menu.",  # noqa: E501
    "Visit and follow us on Instagram at @globalresearch_crg and Twitter at @crglobalization.",
]
GR_INTRO = [
    "Today, the dangers of military escalation are beyond description.",
    "Global Research condemns Russia’s invasion of Ukraine.",
]
GR_FOOTER = [
    "Note to readers: Please click the share buttons above or below.",
    "Become a Member of Global Research",
]


def test_boilerplate_lines_are_those_recurring_across_different_stories():
    pages = [text([*GR_HEADER, *GR_INTRO, *article(20 + i), *GR_FOOTER]) for i in range(3)]
    keys = boilerplate_lines(pages)
    stripped = strip_paragraphs(pages[0], keys)
    assert stripped == text(article(20))
    assert removed_paragraphs(pages[0], keys) == (*GR_HEADER, *GR_INTRO, *GR_FOOTER)


def test_a_story_carried_twice_keeps_its_body():
    story = article(30)
    pages = [
        text(["Posted on March 6 by admin", *story]),
        text(["Posted on March 9 by admin", *GR_INTRO, *story[:8]]),
        text(["Posted on March 9 by admin", *article(31)]),
    ]
    keys = boilerplate_lines(pages)
    assert keys == {"posted on march 9 by admin"}


def test_boilerplate_spans_point_at_the_lines():
    page = text(["Share this:", "Body line one.", "Share this:"])
    assert [page[s:e] for s, e in paragraph_spans(page, {"share this"})] == ["Share this:"] * 2


def test_a_document_both_pages_set_off_as_a_block_quotation_is_not_a_copy():
    """Two reports reproducing one statement in <blockquote>s share the statement."""
    statement = article(20, paragraphs=3)
    first = [*article(21, paragraphs=4), "The ministry said:", *statement, *article(22, 2)]
    second = [*article(23, paragraphs=2), "Its statement reads:", *statement, *article(24, 3)]
    plain = compare(text(second), text(first))
    assert classify(plain) is LinkKind.EXCERPT  # without the markup it looks copied
    quoted = compare(
        text(second), text(first), a_quotes=tuple(statement), b_quotes=tuple(statement)
    )
    assert quoted.quoted_only
    assert classify(quoted) is LinkKind.NONE
    swapped = compare(
        text(first), text(second), a_quotes=tuple(statement), b_quotes=tuple(statement)
    )
    assert swapped == quoted.swapped()


def test_a_story_quoted_by_the_page_that_copies_it_stays_an_excerpt():
    """Quoted only in the copy (a newsletter quoting a story's lede): taken from it."""
    story = article(25, paragraphs=10)
    roundup = [*article(26, paragraphs=3), "The Ledger reports:", *story[:2], *article(27, 4)]
    overlap = compare(text(roundup), text(story), a_quotes=tuple(story[:2]))
    assert not overlap.quoted_only
    assert classify(overlap) is LinkKind.EXCERPT


def test_an_excerpt_of_separate_paragraphs_counts_all_of_them():
    """The lede and a quote further down, each shorter than one long run needs to be."""
    story = [" ".join(p.split()[:40]) + "." for p in article(28, paragraphs=10)]
    roundup = [*article(29, paragraphs=4), story[0], "Later:", story[6], *article(30, 4)]
    overlap = compare(text(roundup), text(story))
    assert overlap.longest_run < 60 <= overlap.copied_words
    assert len(overlap.copied_passages) == 2
    assert classify(overlap) is LinkKind.EXCERPT
    smaller = min(overlap.a_words, overlap.b_words)
    assert overlap.longest_run < 0.15 * smaller  # one passage alone would not do
