"""The human-readable reasons given with a parent choice.

People reviewing a link need to see why the machine chose this parent (the naming line,
the carried paragraph, the dates, how much text matches), so each choice comes with
plain-language evidence strings built from the assessment that won.
"""

from __future__ import annotations

from collections.abc import Iterable

from provenance.compare import LinkKind, Overlap
from provenance.fingerprint import words
from provenance.parent.choosing import _Assessment, earlier_version
from provenance.parent.constants import CARRYING_MIN_SHINGLES
from provenance.parent.facts import ArticleFacts
from provenance.parent.naming import _display, _publisher_names, same_name
from provenance.parent.order import _published_order


def _evidence(child: ArticleFacts, best: _Assessment) -> list[str]:
    facts = best.facts
    lines: list[str] = []
    if best.naming:
        lines.append(best.naming)
    if best.insertions:
        lines.append(_insertion_evidence(child, best))
    elif best.carried >= CARRYING_MIN_SHINGLES:
        lines.append(f"shares {best.carried} phrases found only in {_display(facts)}'s version")
    lines.extend(_inherited_credits(child, best))
    lines.append(_date_evidence(child, facts))
    if best.kind is LinkKind.VERBATIM and (
        updated := earlier_version(child, facts, best.candidate.overlap)
    ):
        lines.append(
            f"copies {_display(facts)}'s text as it stood before its update of "
            f"{updated:%-d %B %Y}: all of the copy is in it"
        )
    if facts.inferred:
        lines.append("the original is known only from what its copies say about it")
    else:
        lines.append(_overlap_evidence(best.candidate.overlap, best.kind))
    if best.order_rule in {"containment", "first_seen"}:
        lines.append(f"order decided by {best.order_rule.replace('_', ' ')}")
    return [line for line in lines if line]


def _inherited_credits(child: ArticleFacts, best: _Assessment) -> Iterable[str]:
    """When the child also credits an earlier source, say why this page wins."""
    facts = best.facts
    if not child.origin_name or not facts.origin_name:
        return
    credits_this_page = any(same_name(child.origin_name, n) for n in _publisher_names(facts))
    if not credits_this_page and same_name(child.origin_name, facts.origin_name):
        yield (
            f"credits {child.origin_name} as {_display(facts)} does: "
            "the credit line came with the copied text"
        )


def _insertion_evidence(child: ArticleFacts, best: _Assessment) -> str:
    first = best.insertions[0]
    where = _position(child.full_text, first)
    line = f"carries {_display(best.facts)}'s {where} paragraph: “{_snippet(first)}…”"
    if len(best.insertions) > 1:
        line += f" and {len(best.insertions) - 1} more of its own paragraphs"
    return line


def _position(text: str, paragraph: str) -> str:
    """Intro, closing or inserted, from where the paragraph sits in the child."""
    key_words = words(paragraph)[:8]
    text_words = words(text)
    for i in range(len(text_words) - len(key_words) + 1):
        if text_words[i : i + len(key_words)] == key_words:
            share = i / max(len(text_words), 1)
            return "intro" if share < 0.2 else "closing" if share > 0.8 else "inserted"
    return "own"


def _snippet(paragraph: str, min_chars: int = 18) -> str:
    out = ""
    for word in paragraph.split():
        out = f"{out} {word}".strip()
        if len(out) >= min_chars:
            break
    return out


def _date_evidence(child: ArticleFacts, parent: ArticleFacts) -> str:
    child_day, parent_day = child.published, parent.published
    if child_day is None or parent_day is None:
        return ""
    days = (child_day - parent_day).days
    pair = f"({child_day.isoformat()} vs {parent_day.isoformat()})"
    if days == 0 and _published_order(child, parent) == -1:
        minutes = round((child.published_at - parent.published_at).total_seconds() / 60)
        hours = f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
        when = f"{child.published_at.isoformat()} vs {parent.published_at.isoformat()}"
        return f"published {hours} later the same day ({when})"
    if days == 0:
        return f"published the same day ({child_day.isoformat()})"
    if days == 1:
        return f"published a day later {pair}"
    if days > 1:
        return f"published {days} days later {pair}"
    return f"published {-days} day{'s' if days < -1 else ''} earlier {pair}"


def _overlap_evidence(overlap: Overlap, kind: LinkKind) -> str:
    if kind is LinkKind.EXCERPT:
        share = overlap.b_in_a if overlap.a_words <= overlap.b_words else overlap.a_in_b
        passages = len(overlap.copied_passages)
        if passages > 1:  # then their sum exceeds the longest run
            where = f"in {passages} passages of {overlap.copied_words} words in all"
        else:
            where = f"in a {overlap.longest_run}-word passage"
        return f"repeats {share:.0%} of its text, {where}"
    if overlap.jaccard < 0.5 and overlap.reworded_share >= 0.5:
        return f"matches {overlap.reworded_share:.0%} of its sentences, reworded (spun copy)"
    return f"contains {overlap.b_in_a:.0%} of its text"
