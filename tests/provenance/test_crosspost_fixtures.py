"""Real-looking republished pages (tests/fixtures/crossposts/), in both arrival orders.

Each case folder holds full HTML pages (site chrome, share buttons, comments) written as
real sites write them, not to the rules, and a manifest with the expected links:

- an aggregator repost with a canonical link;
- a Creative Commons republish of a never-fetched The Conversation piece;
- a wire story run by two papers (the wire calls itself "AP News" and
  "The Associated Press");
- a blog excerpt;
- two independent reports of one press release;
- a three-step chain whose last copy credits only the original but carries the
  crossposter's editor's note;
- a lightly edited repost;
- one publisher's series boilerplate;
- a partner story credited "produced by X … republished here with permission",
  with its date.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import services
from provenance.models import Link
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest

pytestmark = pytest.mark.django_db

FOLDERS = sorted(
    p for p in (Path(__file__).parents[1] / "fixtures" / "crossposts").iterdir() if p.is_dir()
)


def _manifest(case: Path) -> dict:
    return json.loads((case / "manifest.json").read_text(encoding="utf-8"))


def _case(folder: Path):
    """A case whose manifest says "open" is a known gap: expected to fail until it is
    mended, and strict, so the fix must also remove the mark."""
    gap = _manifest(folder).get("open")
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(folder, id=folder.name, marks=marks)


CASES = [_case(folder) for folder in FOLDERS]


def _ingest(case: Path, page: dict) -> Article:
    raw = RawDocument(url=page["url"], content=(case / page["file"]).read_bytes())
    article = article_ingest(raw=raw).article
    services.article_process(article_id=article.pk)
    return article


def _parent_label(link: Link, files: dict[int, str]) -> str | dict:
    if link.parent_id in files:
        return files[link.parent_id]
    parent = link.parent
    assert parent.inferred, f"links to {parent.url}, which is not in the case"
    published = parent.published.isoformat() if parent.published else None
    return {"inferred": parent.publisher.name, "published": published}


@pytest.mark.parametrize("reverse", [False, True], ids=["published-order", "reversed"])
@pytest.mark.parametrize("case", CASES)
def test_case_links_as_its_manifest_says(case: Path, reverse: bool):
    manifest = _manifest(case)
    pages = manifest["pages"][::-1] if reverse else manifest["pages"]
    articles = {page["file"]: _ingest(case, page) for page in pages}
    files = {article.pk: name for name, article in articles.items()}
    for page in pages:
        article = Article.objects.get(pk=articles[page["file"]].pk)
        assert article.published.isoformat() == page["published"], page["file"]

    links = {link.child_id: link for link in Link.objects.active().select_related("parent")}
    found = {
        files[child]: (_parent_label(link, files), link.kind)
        for child, link in links.items()
        if child in files
    }
    expected = {e["child"]: (e["parent"], e["kind"]) for e in manifest["expect"]}
    assert found == expected, {
        name: links[a.pk].evidence for name, a in articles.items() if a.pk in links
    }
    for a, b in manifest.get("not_linked", []):
        pair = {articles[a].pk, articles[b].pk}
        assert not any({link.child_id, link.parent_id} == pair for link in links.values())
