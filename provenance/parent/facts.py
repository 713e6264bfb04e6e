"""The plain data parent choice works on: an article's facts, a candidate, the choice.

Parent choice must be a pure function of what it is given, so that the outcome never
depends on the database or the order of arrival; these records are that input and
output, shared by every step and by the callers that build them from stored articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from provenance.compare import LinkKind, Overlap, compare


@dataclass(frozen=True)
class ArticleFacts:
    """What parent choice needs to know about one article, as plain data.

    ``text`` is the body with boilerplate removed; ``boilerplate`` keeps the removed
    paragraphs (series intro, editor's note, credit lines), because a copy that carries
    another page's boilerplate was copied from that page.  ``credit_lines`` are the
    header and credit lines extraction took out of the text as origin evidence
    ("Global Research, March 06, 2022"): a copy that kept a crossposter's dateline
    names the crossposter even though the line is in neither of the other two.
    """

    id: int
    publisher: str
    publisher_aliases: tuple[str, ...]
    url: str
    canonical_url: str
    published: date | None
    first_seen: datetime
    title: str
    text: str
    origin_name: str = ""
    origin_url: str = ""
    origin_date: date | None = None
    inferred: bool = False
    boilerplate: tuple[str, ...] = ()
    credit_lines: tuple[str, ...] = ()
    block_quotes: tuple[str, ...] = ()  # paragraphs the page set off as quotations
    published_at: datetime | None = None  # the moment of publication, where known
    intros: tuple[str, ...] = ()  # editor's notes the page puts above the article
    modified: date | None = None  # the day the page says it was last updated

    @property
    def full_text(self) -> str:
        """Body and boilerplate: everything a copier could have taken from the page."""
        return "\n\n".join([self.text, *self.boilerplate]) if self.boilerplate else self.text

    @property
    def page_text(self) -> str:
        """Title, body and boilerplate: what a page holds, to contrast a copy against."""
        return "\n\n".join(part for part in (self.title, self.full_text) if part)


@dataclass(frozen=True)
class Candidate:
    """An earlier article that may be the parent, with ``compare(child, candidate)``.

    ``context_texts`` are texts of the candidate's own parent or original when the
    caller knows them; they let shared insertions be told from the original's body
    even when that original is not among the candidates.
    """

    facts: ArticleFacts
    overlap: Overlap
    context_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParentChoice:
    parent_id: int
    kind: LinkKind
    confidence: float
    evidence: tuple[str, ...]


@lru_cache(maxsize=4096)
def compare_facts(a: ArticleFacts, b: ArticleFacts, *, fuzzy: bool = True) -> Overlap:
    """``compare`` of two articles' bodies, each with its own block quotations."""
    return compare(a.text, b.text, fuzzy=fuzzy, a_quotes=a.block_quotes, b_quotes=b.block_quotes)
