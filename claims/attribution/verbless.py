"""Verbless-sentence frames: the repair for a cue verb the tagger took for a noun
("Analysts at Rennick Bank forecast that …"), which leaves its sentence with no verb to
report the content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame, _word_frame
from claims.attribution.spans import _trim
from claims.cues import VERBS
from claims.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _verbless_sentence_frames(doc: Doc, quotes: list[Quote]) -> list[_Frame]:
    """ "Analysts at Rennick Bank forecast that …", "Economists at the bank estimate that …":
    after a prepositional phrase the tagger often takes a cue that is also a noun for the
    last word of that phrase ("Rennick Bank forecast"), and the sentence is left with no
    verb before its content. A sentence whose only verbs follow such a word, with a bare
    noun phrase before it and a finite clause after it, reads as "speaker cue content"
    when nothing else is its main verb (the root is a noun, or the content's own verb)."""
    frames = []
    for sentence in doc.sents:
        cue = next((t for t in sentence if t.pos_ in {"VERB", "AUX"} or _noun_cue_verb(t)), None)
        if cue is None or cue.pos_ in {"VERB", "AUX"} or cue.i == sentence.start:
            continue
        if sentence.root.pos_ in {"VERB", "AUX"} and not _opens_root_clause(cue, sentence.root):
            continue
        after = doc[cue.i + 1 : sentence.end]
        if not any(t.tag_ in _FINITE_TAGS for t in after):
            continue
        speaker_bounds = _trim(doc, sentence.start, cue.i - 1)
        content_first = cue.i + 1
        if content_first < sentence.end and doc[content_first].lower_ == "that":
            content_first += 1
        content_bounds = _trim(doc, content_first, sentence.end - 1)
        if speaker_bounds is None or content_bounds is None:
            continue
        speaker = doc[speaker_bounds[0] : speaker_bounds[1] + 1].root
        if speaker.pos_ not in {"NOUN", "PROPN", "PRON"}:
            continue
        frames.append(_word_frame(doc, speaker, speaker_bounds, cue, content_bounds, quotes, []))
    return frames


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _opens_root_clause(cue: Token, root: Token) -> bool:
    """ "Surveyors at the office estimate that 900 homes were flooded": the content's verb
    became the root, and the "that" right after the cue is its complementiser. (In "Police
    reports that the gunman fled proved false" the clause is the noun's, not the root's.)"""
    following = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    return following is not None and following.lower_ == "that" and following.head == root


def _noun_cue_verb(token: Token) -> bool:
    """A cue verb's form tagged as a noun, of a verb that takes a clause ("forecast",
    "estimate", "claim", "report"). An owner of its own ("Moscow's claim that …") makes
    it a real noun; an article may be the previous phrase's, which the parse hung on it
    ("at the central bank estimate")."""
    spec = VERBS.get(token.lemma_)
    if spec is None or not spec.clause or spec.quote_only or spec.noun_subject_only:
        return False
    if token.pos_ != "NOUN" or token.tag_ not in {"NN", "NNS"}:
        return False
    return not any(c.dep_ == "poss" for c in token.children)
