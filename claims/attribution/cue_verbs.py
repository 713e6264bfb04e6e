"""Reporting verbs: which verb is a cue, whether its report really happened, the cue's
words, and the frame a cue verb builds around a content it is given.

Shared by verb frames (reported speech) and quote frames (the "she said" next to a
quotation), so that both apply the same tests to the verb and to its speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame
from claims.attribution.spans import _char_span, _overlaps, _speaker_span
from claims.attribution.statement_date import _date_roots
from claims.cues import (
    INFINITIVE_GOVERNORS_OK,
    MODALS,
    NOUN_CUES,
    PARTICLE_CUES,
    RAISING_REPORTS,
    SET_PHRASES,
    VERBS,
)
from claims.quotes import Quote
from claims.speakers import child_with, speaker_head, statement_owner

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# First and second person speakers only occur inside quotes or in first-person columns;
# who "we" are cannot be told from the sentence, so they are not reported.
_UNRESOLVABLE_SUBJECTS = frozenset({"i", "we", "you", "me", "us"})


def _is_cue_verb(token: Token) -> bool:
    if token.lemma_ not in VERBS or token.pos_ not in {"VERB", "AUX"}:
        return False
    particle = PARTICLE_CUES.get(token.lemma_)
    return particle is None or any(c.dep_ == "prt" and c.lower_ == particle for c in token.children)


def _is_actual_report(verb: Token, quotes: list[Quote] = ()) -> bool:
    """Reported speech that happened: not negated, hypothetical, conditional, planned or
    asked about ("Did the minister say that …?"). Words inside a quotation are the
    speaker's, not the frame's: in 'said: “Absolutely not.”' the parser may hang the
    quoted "not" on the cue."""
    subject = child_with(verb, "nsubj")
    for child in verb.children:
        if any(quote.start <= child.idx < quote.end for quote in quotes):
            continue
        inverted = subject is not None and child.i < subject.i
        if child.dep_ == "aux" and child.lemma_ == "do" and inverted:
            return False
        if child.dep_ == "neg":
            return False
        if child.dep_ == "aux" and child.lower_ in MODALS:
            return False
        if child.dep_ == "mark" and child.lower_ in {"if", "unless", "whether"}:
            return False
        infinitive = child.dep_ == "aux" and child.lower_ == "to"
        if infinitive and not _infinitive_reports(verb):
            return False
    return verb.dep_ != "amod" and not _in_set_phrase(verb)


def _in_set_phrase(verb: Token) -> bool:
    """ "All told," / "That said,": the verb and the word before it open a sentence as an
    adverb would, with a comma after them."""
    doc = verb.doc
    if verb.i == 0 or verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ",":
        return False
    before = doc[verb.i - 1]
    return before.is_sent_start and (before.lower_, verb.lower_) in SET_PHRASES


def _infinitive_reports(verb: Token) -> bool:
    head = verb.head
    if head.lemma_ in INFINITIVE_GOVERNORS_OK:
        return True
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in head.children)
    return passive and head.lemma_ in RAISING_REPORTS and verb.tag_ == "VBN"


def _speaker_and_cue_start(subject: Token) -> tuple[Token, Token | None]:
    """A statement noun as subject hands the speaker role to its owner.

    Returns the speaker head and, when the noun itself belongs in the cue ("statement
    said"), the noun.
    """
    if subject.lemma_ not in NOUN_CUES or subject.pos_ != "NOUN":
        return subject, None
    owner = statement_owner(subject)
    if owner is None:
        return subject, None
    return owner, subject


def _cue_span(doc: Doc, verb: Token, noun: Token | None) -> tuple[int, int]:
    """The cue's words: the verb, its particle ("pointed out"), a statement noun right
    before it as its subject ("statement said"; in "issued a statement saying" the noun
    is the issuing verb's object, not part of the cue) and the set phrase "in a
    statement" right after it. Other frame phrases ("in its annual review") stay out, as
    in the common corpora."""
    first = last = verb.i
    subject = noun is not None and noun.dep_ in {"nsubj", "nsubjpass"}
    if subject and 0 < verb.i - noun.i <= 2:
        first = noun.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == last + 1:
            last = child.i
        elif child.dep_ == "prep" and child.lower_ == "in" and child.i == last + 1:
            pobj = child_with(child, "pobj")
            if pobj is not None and pobj.lemma_ == "statement" and pobj.right_edge.i == pobj.i:
                last = pobj.i
    return _char_span(doc, first, last)


def _frame_for_verb(
    doc: Doc, verb: Token, content: tuple[int, int], kind: str, weight: float
) -> _Frame | None:
    subject = speaker_head(verb)
    if subject is None or (subject.pos_ == "PRON" and subject.lower_ in _UNRESOLVABLE_SUBJECTS):
        return None
    speaker, noun = _speaker_and_cue_start(subject)
    if VERBS[verb.lemma_].noun_subject_only and noun is None and subject.lemma_ not in NOUN_CUES:
        return None
    speaker_span = _speaker_span(doc, speaker)
    cue_span = _cue_span(doc, verb, noun)
    # A parenthetical frame ("The plan, he said, would …") sits inside its content; any
    # other overlap means the parse tied the wrong pieces together.
    parenthetical = content[0] < cue_span[0] and cue_span[1] < content[1]
    if speaker_span is None or (_overlaps(speaker_span, content) and not parenthetical):
        return None
    if _overlaps(cue_span, content) and not parenthetical:
        return None
    return _Frame(
        speaker=speaker,
        speaker_span=speaker_span,
        cue_span=cue_span,
        content_span=content,
        kind=kind,
        weight=weight * VERBS[verb.lemma_].weight,
        cue_token=verb,
        date_roots=_date_roots(verb, speaker, content),
    )
