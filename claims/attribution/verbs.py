"""Verb frames: reported speech ("the minister said that …"), each cue verb outside a
quote frame with its content where the lexicon says that verb keeps it (a clause, an
infinitive, an object with its preposition, an "about" phrase, the clause around a
parenthetical or an "as" clause).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.attribution.cue_verbs import _frame_for_verb, _is_actual_report, _is_cue_verb
from claims.attribution.frames import _Frame, _has_that_mark, _quoted_or_reported
from claims.attribution.spans import _content_span, _doc_text
from claims.cues import RECIPIENT_VERBS, VERBS
from claims.quotes import Quote
from claims.speakers import child_with

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _verb_frames(doc: Doc, used: set[int], quotes: list[Quote]) -> list[_Frame]:
    frames = []
    for token in doc:
        if token.i in used or not _is_cue_verb(token) or VERBS[token.lemma_].quote_only:
            continue
        if not _is_actual_report(token, quotes):
            continue
        if not VERBS[token.lemma_].nested and _inside_report(token):
            continue
        bounds = _verb_content(doc, token)
        if bounds is None:
            continue
        content = _content_span(doc, *bounds)
        one_word = bounds[1] == bounds[0] and doc[bounds[0]].pos_ not in {"NOUN", "PROPN"}
        if content is None or bounds[1] < bounds[0] or one_word:  # "warned of shortages"
            continue
        kind, content = _quoted_or_reported(_doc_text(doc), content, quotes)
        frame = _frame_for_verb(doc, token, content, kind, 0.85)
        if frame is not None:
            frames.append(frame)
    return frames


def _verb_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """Where the lexicon says this verb keeps its content (token bounds)."""
    spec = VERBS[verb.lemma_]
    children = list(verb.children)
    if spec.clause:
        clause = _main_clause(children)
        if clause is not None:
            return clause.left_edge.i, clause.right_edge.i
        stray = _stray_that_clause(verb)
        if stray is not None:
            return stray.left_edge.i, stray.right_edge.i
    if spec.infinitive or spec.object_infinitive:
        for child in children:
            if child.dep_ in {"xcomp", "ccomp"} and child_with(child, "aux") is not None:
                first = child.left_edge.i
                if spec.object_infinitive:
                    obj = child_with(verb, "dobj")
                    if obj is None and not spec.clause and child_with(child, "nsubj") is None:
                        return None  # "expects to report": the subject's own plan
                    first = obj.left_edge.i if obj is not None else first
                return first, child.right_edge.i
    if spec.gerund:
        for child in children:
            if child.dep_ == "xcomp" and child.tag_ == "VBG" and child.i > verb.i:
                return child.left_edge.i, child.right_edge.i
    if spec.object_prep:
        obj = child_with(verb, "dobj")
        if obj is not None and obj.tag_ in {"WDT", "WP"}:
            return None  # "which officials blamed for the attack": the object is elsewhere
        # The parser hangs "of …" on the verb or on its object; both mean the same here.
        heads = [verb, obj] if obj is not None else []
        prep = next(
            (
                c
                for head in heads
                for c in head.rights
                if c.dep_ == "prep" and c.lower_ == spec.object_prep
            ),
            None,
        )
        if obj is not None and prep is not None and child_with(prep, "pobj", "pcomp"):
            return obj.left_edge.i, max(prep.right_edge.i, obj.right_edge.i)
    if spec.clause and verb.dep_ == "parataxis" and verb.head.pos_ in {"VERB", "AUX"}:
        return _parenthetical_content(verb)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in spec.about_prep:
            pobj = child_with(child, "pobj", "pcomp")
            if pobj is not None:
                return pobj.left_edge.i, pobj.right_edge.i
    if spec.clause:
        return _as_clause_content(verb)
    return None


def _inside_report(verb: Token) -> bool:
    """Whether the verb sits in the clausal content of another cue verb."""
    token = verb
    while token.dep_ in {"ccomp", "conj"} and token.head != token:
        token = token.head
        if _is_cue_verb(token):
            return True
    return False


def _as_clause_content(verb: Token) -> tuple[int, int] | None:
    """ "As the chairman noted, the company has no debt": a cue in an "as" clause takes no
    complement of its own; what it reports is the clause the "as" clause hangs on. A cue
    with an object ("as the company announced its results") is an event, not a report,
    so only a bare cue (or one with just the person addressed) counts."""
    head = verb.head
    if verb.dep_ != "advcl" or head.pos_ not in {"VERB", "AUX"}:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    if child_with(verb, "dobj") is not None and verb.lemma_ not in RECIPIENT_VERBS:
        return None
    first, last = verb.left_edge.i, verb.right_edge.i
    if last < head.i:
        return last + 1, head.right_edge.i
    if first > head.i:
        return head.left_edge.i, first - 1
    return None


def _main_clause(children: list[Token]) -> Token | None:
    """The verb's clausal complement. With several, the parser has hung a neighbour on
    the verb as well: "All told, 41 people were injured, the service said" ("All told"),
    "… from the water, and a spokesman added that …" (another report, which is its own
    attribution). The largest clause that is not a report of its own is the content."""
    clauses = [c for c in children if c.dep_ == "ccomp" and not _is_question_clause(c)]
    if len(clauses) > 1:
        clauses = [c for c in clauses if not _is_cue_verb(c) or child_with(c, "nsubj") is None]
    return max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i, default=None)


def _parenthetical_content(verb: Token) -> tuple[int, int]:
    """Content around a parenthetical frame.

    "The plan, he said, would cost $2 billion": the frame interrupts its content, which
    runs on both sides. "Spain had its hottest day, the agency said, as fires spread": the
    clause is complete before the frame, and what follows it is the writer's, not the
    agency's.
    """
    head = verb.head
    frame_first = min(t.i for t in verb.subtree)
    if head.i < frame_first:
        return head.left_edge.i, frame_first - 1
    return head.left_edge.i, head.right_edge.i


def _stray_that_clause(verb: Token) -> Token | None:
    """A that-clause the parser hung on a noun of the frame instead of on the verb.

    "told Macron in a phone call that Russia would …" comes out as a relative clause of
    "call", "told a meeting of county sheriffs that the state would …" as one of
    "sheriffs". Where the frame's noun is the person addressed (the object of "told") or
    sits in a phrase of time, place or medium, a clause whose "that" is no relative
    pronoun is the verb's content after all.
    """
    nouns = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _FRAME_PREPS]
    if verb.lemma_ in RECIPIENT_VERBS:
        nouns += [c for c in verb.rights if c.dep_ in {"dobj", "dative"}]
    for noun in nouns:
        for clause in noun.subtree:
            if clause.dep_ in {"relcl", "acl"} and _that_complementiser(clause):
                return clause
            # "in a paper posted online that …": hung on the participle describing it.
            on_participle = clause.dep_ == "ccomp" and clause.head.dep_ == "acl"
            if on_participle and _has_that_mark(clause):
                return clause
    return None


_FRAME_PREPS = frozenset({"in", "to", "during", "at", "on"})


def _that_complementiser(clause: Token) -> bool:
    """Whether the clause's "that" introduces it rather than standing for a noun in it.

    Tagged as a mark it is a complementiser; tagged as the clause's object it is one too
    when the clause has its object or passive subject already ("a filing that it had set
    aside $500 million", "a book that the treaty was signed under duress"): a relative
    "that" would fill the gap those leave.
    """
    if _has_that_mark(clause):
        return True
    that = next((c for c in clause.children if c.lower_ == "that" and c.i < clause.i), None)
    if that is None or that.dep_ != "dobj":
        return False
    roles = {c.dep_ for c in clause.children if c != that}
    return ("nsubj" in roles and "dobj" in roles) or "nsubjpass" in roles


def _is_question_clause(clause: Token) -> bool:
    """ "did not say whether …", "explained how …": the content is a question, not a claim.

    Only a wh-word that belongs to the clause's own head counts: in "said what they did was
    wrong" the "what" sits deeper, inside the subject, and the clause is a statement.
    """
    first = clause.left_edge
    if first.lower_ in {"whether", "if"}:
        return True
    # The tagger sometimes calls a complementiser "that" WDT; it never asks anything.
    wh_word = first.tag_ in {"WDT", "WP", "WRB"} and first.lower_ != "that"
    return wh_word and first.head == clause
