"""Token bounds to char spans: trimming edge punctuation and whitespace, the speaker's
noun phrase, the content's clause.

Every kind of frame builds its spans here, so that all of them trim the same way and
every span indexes the caller's exact string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.cues import VERBS
from claims.speakers import child_with, noun_phrase_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_REPORTING_PARTICIPLES = frozenset({"cite", "quote", "refer", "echo", "describe"})
_UNIT_SIGNS = frozenset({"%", "$", "€", "£", "¥"})
_EDGE_KEEP = frozenset({"“", "”", '"', "(", ")", "[", "]", "«", "»", "‘", "’"})


def _char_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc[first].idx, doc[last].idx + len(doc[last])


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Drop edge punctuation and whitespace; keep quote marks and brackets that pair up."""
    while first <= last and _drop_edge(doc, first, first, last):
        first += 1
    while last >= first and (_drop_edge(doc, last, first, last) or doc[last].dep_ == "cc"):
        last -= 1  # a trailing "and" belongs to the clause the parse cut off
    return (first, last) if first <= last else None


def _drop_edge(doc: Doc, i: int, first: int, last: int) -> bool:
    token = doc[i]
    if token.is_space:
        return True
    if (not token.is_punct and token.pos_ != "PUNCT") or token.text in _UNIT_SIGNS:
        return False
    if token.text not in _EDGE_KEEP:
        return True
    # A mark is kept only when its partner is inside the span.
    partners = doc[first : last + 1].text
    return partners.count(token.text) + _pair_count(partners, token.text) < 2


def _pair_count(text: str, mark: str) -> int:
    pairs = {"“": "”", "”": "“", "(": ")", ")": "(", "[": "]", "]": "[", "«": "»", "»": "«"}
    pairs.update({"‘": "’", "’": "‘"})
    partner = pairs.get(mark)
    return text.count(partner) if partner else 0


def _speaker_span(doc: Doc, token: Token) -> tuple[int, int] | None:
    if token.pos_ == "PRON":
        return _char_span(doc, token.i, token.i)
    first, last = noun_phrase_bounds(token)
    if token.dep_ == "poss":
        last = min(last, token.i)  # drop the possessive "'s"
    last = _object_of_dangling_preposition(doc, last)
    trimmed = _trim(doc, first, last)
    return _char_span(doc, *trimmed) if trimmed else None


_PRE_NOMINAL = frozenset({"compound", "det", "amod", "nmod", "nummod", "poss", "case"})


def _object_of_dangling_preposition(doc: Doc, last: int) -> int:
    """ "Strategists at Quarry Bank forecast …": the parser may hang the preposition's
    object on the verb as a compound, leaving the speaker "Strategists at"; the nominal
    words up to the verb are still that preposition's object."""
    token = doc[last]
    if token.pos_ != "ADP" or child_with(token, "pobj", "pcomp") is not None:
        return last
    end = last
    while end + 1 < len(doc):
        following = doc[end + 1]
        if following.dep_ not in _PRE_NOMINAL or following.head.i <= following.i:
            break
        end += 1
    return end


def _content_span(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    opener = doc[first]
    if (opener.dep_ == "mark" and opener.lower_ in {"that", "because"}) or _mistagged_that(opener):
        first += 1
    last = _before_trailing_participle(doc, first, last)
    trimmed = _trim(doc, first, last)
    return _close_open_quote(_doc_text(doc), _char_span(doc, *trimmed)) if trimmed else None


def _mistagged_that(token: Token) -> bool:
    """ "said in a filing that it would appeal": the parser may take a clause's opening
    "that" for its object, or hang it on a verb deep inside; tagged as a complementiser,
    or with the clause's own subject right after it, it is one ("that it would appeal"),
    not a pronoun ("that was a mistake")."""
    if token.lower_ != "that":
        return False
    if token.tag_ == "IN":  # tagged a complementiser, whatever it was hung on
        return True
    if token.dep_ != "dobj":
        return False
    subjects = (c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"})
    return any(s.left_edge.i == token.i + 1 for s in subjects)


def _doc_text(doc: Doc) -> str:
    """doc.text, joined once per parse: spaCy rebuilds it from every token on each read,
    and each content span reads it (a third of the rule layer's time before)."""
    text = doc.user_data.get(_DOC_TEXT)
    if text is None:
        text = doc.user_data[_DOC_TEXT] = doc.text
    return text


_DOC_TEXT = "provenance_text"


def _before_trailing_participle(doc: Doc, first: int, last: int) -> int:
    """End content before ", citing a letter …" / ", adding that …": the parser hangs such
    participles inside the reported clause, but they describe the reporter's act."""
    for i in range(first + 1, last + 1):
        token = doc[i]
        reporting = token.lemma_ in VERBS or token.lemma_ in _REPORTING_PARTICIPLES
        if reporting and token.tag_ == "VBG" and token.dep_ == "advcl" and doc[i - 1].text == ",":
            return i - 1
    return last


def _close_open_quote(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Take in the closing mark of a quote the content opened: the parser often hangs the
    mark on the main verb, so the clause's subtree stops one character short."""
    start, end = span
    inside = text[start:end]
    unbalanced = inside.count("“") > inside.count("”") or inside.count('"') % 2 == 1
    if not unbalanced:
        return span
    for step in (0, 1):  # the mark itself, or final punctuation then the mark: 'money.”'
        closes = text[end + step : end + step + 1] in {"”", '"'}
        if closes and text[end : end + step] in {"", ".", ",", "!", "?"}:
            return start, end + step + 1
    return span


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
