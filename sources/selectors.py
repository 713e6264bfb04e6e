"""Reads for the sources app that pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sources.models import Article


def article_search(query: str) -> QuerySet[Article]:
    articles = Article.objects.select_related("publisher")
    if query:
        articles = articles.filter(
            Q(title__icontains=query)
            | Q(text__icontains=query)
            | Q(publisher__name__icontains=query)
        )
    return articles


@dataclass(frozen=True)
class TextPart:
    text: str
    kind: str  # "" for body text, "quotation" for a block quotation, else a boilerplate kind


def article_text_parts(article: Article) -> list[TextPart]:
    """Split the text at boilerplate spans and block quotations so a page can show them
    apart (escaped)."""
    spans = [*article.boilerplate, *([s, e, "quotation"] for s, e in article.quotations)]
    parts, cursor = [], 0
    for start, end, kind in sorted(spans):
        if start > cursor:
            parts.append(TextPart(article.text[cursor:start], ""))
        parts.append(TextPart(article.text[max(start, cursor) : end], kind))
        cursor = max(cursor, end)
    if cursor < len(article.text):
        parts.append(TextPart(article.text[cursor:], ""))
    return parts
