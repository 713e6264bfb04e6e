"""Frame repair from the sentence's words: "Inflation will stay high, the bank's governor,
Marta Sollen, warned." when the parse lost the frame at the end of the sentence, and
"The chip shortage, its chief operating officer told a podcast, is over." when it lost
one set between commas inside the clause.

The frame after its content is the commonest shape of reported speech in news, and its
surface is unmistakable: a finite clause, a comma, a noun phrase, a reporting verb, then
at most a phrase of time, place or medium. The parser still misreads it when the noun
phrase is long or appositive (it hangs the phrase inside the content and leaves the cue
without a subject) or when the cue is also a noun ("the central bank forecast"). Such a
cue gets no frame from the tree; this module reads the sentence's words instead.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from claims.attribution.frames import _Frame, _word_frame
from claims.attribution.spans import _trim
from claims.cues import RECIPIENT_VERBS, VERBS
from claims.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words a speaker's noun phrase is made of, appositions and possessives included.
_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "PRON"})
_PHRASE_WORDS = frozenset({",", "of", "at", "&", "-", "and"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CUE_TAGS = frozenset({"VBD", "VBZ", "VBP", "NN", "NNS"})
MAX_SPEAKER_TOKENS = 14


def _trailing_frames(doc: Doc, framed: set[int], quotes: list[Quote]) -> list[_Frame]:
    """Frames for sentence-final cues that no rule on the tree framed (``framed`` holds the
    cue token indexes the other rules used)."""
    frames = []
    for sentence in doc.sents:
        frame = _trailing_frame(doc, sentence, framed, quotes)
        if frame is not None:
            frames.append(frame)
    return frames


def _trailing_frame(
    doc: Doc, sentence: Span, framed: set[int], quotes: list[Quote]
) -> _Frame | None:
    cue = _final_cue(sentence)
    if cue is None or cue.i in framed:
        return None
    start = _speaker_start(doc, sentence.start, cue.i)
    if start is None:
        return None
    comma = start - 1
    if not any(t.tag_ in _FINITE for t in doc[sentence.start : comma]):
        return None
    speaker_bounds = _trim(doc, start, cue.i - 1)
    content_bounds = _trim(doc, sentence.start, comma - 1)
    if speaker_bounds is None or content_bounds is None:
        return None
    speaker_tokens = doc[speaker_bounds[0] : speaker_bounds[1] + 1]
    if not any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in speaker_tokens):
        return None
    speaker = _phrase_head(speaker_tokens)
    return _word_frame(doc, speaker, speaker_bounds, cue, content_bounds, quotes, [cue])


def _parenthetical_frames(doc: Doc, framed: set[int], quotes: list[Quote]) -> list[_Frame]:
    """ "The chip shortage, COO Beatriz Okoro told a podcast on Wednesday, is “mostly
    behind us”": a frame between two commas after the clause's subject, its cue with at
    most an object and phrases of time or place, and the clause going on after it with a
    verb of its own. The content is the whole clause around the frame, as for the
    parenthetical frames the tree does give."""
    frames = []
    for sentence in doc.sents:
        commas = [t.i for t in sentence if t.text == ","]
        for first, second in itertools.pairwise(commas):
            cue = _inner_cue(doc, first, second)
            if cue is None or cue.i in framed or first == sentence.start:
                continue
            if any(q.start <= cue.idx < q.end for q in quotes):
                continue  # the speaker's own words, not a frame
            rest = doc[second + 1 : sentence.end]
            if not any(t.tag_ in _FINITE for t in rest):
                continue
            speaker_bounds = _trim(doc, first + 1, cue.i - 1)
            content_bounds = _trim(doc, sentence.start, sentence.end - 1)
            if speaker_bounds is None or content_bounds is None:
                continue
            speaker_tokens = doc[speaker_bounds[0] : speaker_bounds[1] + 1]
            names = [t for t in speaker_tokens if t.pos_ in {"NOUN", "PROPN", "PRON"}]
            words = all(t.pos_ in _PHRASE_POS or t.lower_ in _PHRASE_WORDS for t in speaker_tokens)
            relative = any(t.tag_ in {"WP", "WDT"} for t in speaker_tokens)  # "who said little"
            joined = speaker_tokens[0].lower_ in _CONJUNCTIONS
            if not names or not words or relative or joined:
                continue
            speaker = _phrase_head(speaker_tokens)
            frames.append(
                _word_frame(doc, speaker, speaker_bounds, cue, content_bounds, quotes, [cue])
            )
            break
    return frames


def _inner_cue(doc: Doc, first: int, second: int) -> Token | None:
    """The past-tense cue between two commas, after a speaker phrase and before at most
    an object and phrases without a verb of their own."""
    span = doc[first + 1 : second]
    if not 2 <= len(span) <= MAX_SPEAKER_TOKENS + 8:
        return None
    cues = [t for t in span if t.tag_ == "VBD" and t.lemma_ in VERBS and VERBS[t.lemma_].clause]
    if len(cues) != 1 or cues[0].i == first + 1:
        return None
    cue = cues[0]
    after = doc[cue.i + 1 : second]
    if any(t.pos_ in {"VERB", "AUX"} for t in after):
        return None
    # An object is the person told ("told a podcast"); any other ("announced Tallis")
    # makes the cue an act, not a frame.
    if cue.lemma_ not in RECIPIENT_VERBS and any(t.dep_ in {"dobj", "dative"} for t in after):
        return None
    if any(t.ent_type_ in {"DATE", "TIME"} for t in doc[first + 1 : cue.i]):
        return None  # "Corvane, a developer of robots, today announced …"
    spec = VERBS[cue.lemma_]
    return None if spec.quote_only or spec.noun_subject_only else cue


def _final_cue(sentence: Span) -> Token | None:
    """The sentence's last clause-taking cue, when only a phrase without a verb of its own
    ("in its quarterly report", "on Monday, citing documents") follows it."""
    for token in reversed(sentence):
        spec = VERBS.get(token.lemma_)
        in_phrase = token.dep_ == "pobj"  # "in its report": the medium, not the cue
        if token.tag_ in _CUE_TAGS and spec is not None and spec.clause and not in_phrase:
            if spec.quote_only or spec.noun_subject_only or _has_own_object(token):
                return None
            return token
        if token.pos_ in {"VERB", "AUX"} and token.tag_ != "VBG":
            return None
    return None


def _has_own_object(cue: Token) -> bool:
    """ "…, and the CEO announced layoffs.": a cue with an object right after it is an
    act; only the person told may stand there ("…, the minister told reporters.")."""
    following = next((t for t in cue.doc[cue.i + 1 : cue.sent.end] if t.pos_ != "ADV"), None)
    if following is None or cue.lemma_ in RECIPIENT_VERBS:
        return False
    return following.pos_ in {"DET", "NOUN", "PROPN", "NUM", "PRON", "ADJ"}


_CONJUNCTIONS = frozenset({"and", "but", "or", "nor", "yet"})


def _speaker_start(doc: Doc, first: int, cue: int) -> int | None:
    """Where the speaker phrase before the cue begins: just after the leftmost comma from
    which only noun-phrase words lead up to the cue (so an apposition stays in it)."""
    start = None
    for i in range(cue - 1, max(first, cue - 1 - MAX_SPEAKER_TOKENS), -1):
        token = doc[i]
        if token.text == "," and i < cue - 1:
            start = i + 1
        if token.pos_ not in _PHRASE_POS and token.lower_ not in _PHRASE_WORDS:
            break
        if token.pos_ == "PRON" and token.tag_ not in {"PRP", "PRP$"}:
            break
    if start is None or doc[start].is_punct or doc[start].lower_ in _CONJUNCTIONS:
        return None  # ", and the CEO announced …" is a second clause, not a frame
    return start


def _phrase_head(tokens: Span) -> Token:
    """The phrase's first noun or name whose head lies outside the words before the
    apposition: "the bank's governor, Marta Sollen" gives "governor"."""
    for token in tokens:
        if token.pos_ in {"NOUN", "PROPN", "PRON"} and token.dep_ not in {"poss", "compound"}:
            return token
    return tokens.root
