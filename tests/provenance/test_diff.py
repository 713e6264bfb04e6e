"""Word-level diff of a copy against its parent."""

from __future__ import annotations

import random
from pathlib import Path

from provenance import diff
from provenance.diff import DiffOp, title_change, word_diff

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def footer_span(page: str) -> tuple[int, int]:
    """Global Research's footer, from its "*" separator to the end, found crudely."""
    return page.index("\n*\n") + 1, len(page)


def rebuilds(ops: list[DiffOp], parent: str, child: str) -> bool:
    return "".join(op.parent for op in ops) == parent and "".join(op.child for op in ops) == child


def test_seed_repost_diff_shows_the_inserted_line_the_misspelling_and_dropped_boilerplate():
    crosspost, blog = seed_text("001"), seed_text("000")
    ops = word_diff(crosspost, blog, parent_boilerplate=[footer_span(crosspost)])
    assert rebuilds(ops, crosspost, blog)
    inserted = [op.child for op in ops if op.op == "insert"]
    assert any(
        "Video: NATO Too Weak to Face Russia? Scott Ritter on Russian Offensive" in text
        for text in inserted
    )
    assert DiffOp("replace", "Donetsk ", "Dontesk ", False) in ops
    dropped = "".join(op.parent for op in ops if op.op == "delete" and op.boilerplate)
    assert "Become a Member of Global Research" in dropped
    assert "Disclaimer:" in dropped
    # The body edits are not flagged as boilerplate, the footer edits are.
    assert not any(op.boilerplate for op in ops if "Dontesk" in op.child or "Video:" in op.child)


def test_typography_and_link_markup_are_not_edits():
    parent = "He said “no” … to [The Cradle](#) readers."
    child = 'He said "no" ... to The Cradle readers.'
    assert [op.op for op in word_diff(parent, child)] == ["equal"]


def test_tokens_keep_whitespace_so_both_sides_rebuild():
    parent = "  One two three.\n\nFour five six seven.\n"
    child = "One two 3.\n\nFour five six seven eight.\n\nNine.\n"
    ops = word_diff(parent, child)
    assert rebuilds(ops, parent, child)
    assert [(op.op, op.parent, op.child) for op in ops if op.op != "equal"] == [
        ("replace", "three.\n\n", "3.\n\n"),
        ("replace", "seven.\n", "seven eight.\n\nNine.\n"),  # words keep their punctuation
    ]


def test_boilerplate_in_the_child_is_flagged_apart_from_body_edits():
    parent = "Body one.\n\nBody two."
    child = "Posted on by admin\n\nBody one.\n\nBody 2."
    ops = word_diff(parent, child, child_boilerplate=[(0, len("Posted on by admin"))])
    assert ops[0] == DiffOp("insert", "", "Posted on by admin\n\n", True)
    assert DiffOp("replace", "two.", "2.", False) in ops


def test_long_pages_diff_paragraph_by_paragraph(monkeypatch):
    """Word-level work is confined to changed paragraphs, never the whole page: on a
    200-paragraph page the largest word diff spans two paragraphs at most."""
    rng = random.Random(0)
    vocabulary = [f"w{i}" for i in range(3000)]
    paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(50)) for _ in range(200)]
    parent = "\n\n".join(paragraphs)
    edited = list(paragraphs)
    for index in range(0, 200, 7):
        words = edited[index].split()
        words[rng.randrange(50)] = "CHANGED"
        edited[index] = " ".join(words)
    edited.insert(100, "An inserted paragraph.")
    child = "\n\n".join(edited)
    sizes = []
    token_diff = diff._token_diff

    def spy(parent_tokens, child_tokens):
        sizes.append(len(parent_tokens) + len(child_tokens))
        return token_diff(parent_tokens, child_tokens)

    monkeypatch.setattr(diff, "_token_diff", spy)
    ops = word_diff(parent, child)
    assert rebuilds(ops, parent, child)
    assert sum(op.op == "replace" for op in ops) == 29
    assert sizes and max(sizes) <= 4 * 50 * 2  # words and separators of 2 + 2 paragraphs


def test_title_changes():
    assert title_change("Russia Warns Washington", "").kind == "dropped"
    assert title_change("", "Russia Warns Washington").kind == "added"
    assert title_change("Russia Warns Washington", "RUSSIA WARNS WASHINGTON!").kind == "same"
    changed = title_change("Russia Warns Washington", "Russia Warns the West")
    assert changed.kind == "changed"
    assert [op.op for op in changed.ops] == ["equal", "replace"]


def test_the_diff_says_when_the_original_was_updated_after_the_copy(db):
    import datetime
    import json

    from provenance import selectors, services
    from sources.readers import RawDocument
    from sources.services import article_ingest

    case = (
        Path(__file__).parents[1] / "fixtures/crossposts/39_original_updated_repost_earlier_version"
    )
    articles = {}
    for page in json.loads((case / "manifest.json").read_text())["pages"]:
        raw = RawDocument(url=page["url"], content=(case / page["file"]).read_bytes())
        articles[page["file"]] = article = article_ingest(raw=raw).article
        services.article_process(article_id=article.pk)
    found = selectors.diff_for_article(articles["shellpointcivic.html"])
    assert found["parent"] == articles["tidewatercurrent.html"].pk
    assert found["parent_updated"] == datetime.date(2024, 6, 13)
    assert selectors.diff_for_article(articles["tidewatercurrent.html"])["parent_updated"] is None
