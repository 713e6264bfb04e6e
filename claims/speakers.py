"""Speaker names: normalise them, split titles from names, and tell when two mentions are
one speaker.

News names one speaker many ways in one story: "The foreign intelligence service of Russia
(SVR RF)", then "the SVR", then "Russia's Foreign Intelligence Service"; "Russian Defense
Ministry spokesman Igor Konashenkov", then "Konashenkov". Editors should review one
speaker, not four, so the rules here fold those forms together. Everything is pure: the
caller supplies the known speakers (from the database or from earlier in the document).

The parse-aware helpers at the end find a speaker in a spaCy parse: the subject a cue
verb borrows or lost (`speaker_head`), the owner of a statement noun (`statement_owner`),
a mention's extent (`noun_phrase_bounds`) and who a pronoun refers to (`antecedent_for`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from claims.cues import NOUN_CUES, QUOTE_AND_CITE, RAISING_REPORTS, VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PERSON_NOUNS = _words(
    """spokesman spokeswoman spokesperson minister president secretary director chief head
    officer official analyst researcher professor ambassador general commander chairman
    chairwoman chair ceo lawyer attorney judge mayor governor senator leader curator
    economist scientist doctor dr editor reporter journalist author historian expert witness
    resident passenger victim owner founder manager treasurer coach player teacher priest
    father mother man woman colonel captain sergeant inspector detective engineer auditor
    rector prosecutor virologist worker farmer student activist candidate king queen prince
    pope bishop imam rabbi driver aide adviser advisor diplomat envoy negotiator
    whistleblower source lawmaker legislator deputy representative premier chancellor
    commissioner superintendent surgeon nurse physician pilot soldier survivor mp"""
)
ORG_NOUNS = _words(
    """ministry government company agency council authority service army police navy
    military committee commission court bank union federation group party office department
    institute university board firm organisation organization alliance association club
    embassy airline charity regulator watchdog cabinet parliament administration trust
    hospital newspaper outlet network channel station team coalition movement operator
    provider supplier manufacturer corporation foundation institution centre center
    observatory mission coastguard kremlin pentagon white house"""
)
# Words that sharpen a role ("Deputy Minister", "chief economist") and belong with it.
ROLE_MODIFIERS = _words(
    """deputy vice chief senior acting former assistant prime executive associate lead
    principal press first interim"""
)
_ARTICLES = frozenset({"the", "a", "an"})
_AFFILIATION_PREPS = frozenset({"for", "at", "of", "with", "from", "in"})
_PARENTHESES = re.compile(r"\s*\(([^()]{1,60})\)")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9.\- &]{0,30}$")
# Names recur across articles (the same ministries, the same spokesmen), so the keys of
# names are cached: matching a mention then costs set operations, not regexes.
_CACHE_SIZE = 1 << 14


@dataclass(frozen=True)
class SpeakerRecord:
    """A known speaker: `kind` is "person", "organisation" or "" when unknown."""

    id: int | str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""


class Appositive(tuple):
    """(name, role, affiliation), plus the acronyms found in parentheses as `.aliases`.

    A tuple so that `name, role, affiliation = split_appositive(x)` reads naturally; the
    aliases ride along as an attribute and do not take part in equality.
    """

    aliases: tuple[str, ...]

    def __new__(
        cls, name: str, role: str, affiliation: str, aliases: tuple[str, ...] = ()
    ) -> Appositive:
        self = super().__new__(cls, (name, role, affiliation))
        self.aliases = aliases
        return self

    @property
    def name(self) -> str:
        return self[0]

    @property
    def role(self) -> str:
        return self[1]

    @property
    def affiliation(self) -> str:
        return self[2]


# --- keys ----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_key(name: str) -> str:
    """A comparison key under which spellings of one name meet.

    Lower case, accents and punctuation dropped, "the" dropped, parentheses dropped,
    "U.S." as "us", and the two English possessive orders made one: "the service of
    Russia" and "Russia's service" both become "russia service".
    """
    text = _PARENTHESES.sub(" ", _fold(name)).replace("’", "'").lower()
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text).replace(".", "")
    text = text.replace("&", " and ")
    text = re.sub(r"'s\b|'\B", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    if "of" in words[1:-1]:
        cut = len(words) - 1 - words[::-1].index("of")
        owner = words[cut + 1 :]
        while owner and owner[0] in _ARTICLES:
            owner = owner[1:]
        if 0 < len(owner) <= 3:
            words = owner + words[:cut]
    return " ".join(words)


def _aliases_in(text: str) -> tuple[str, ...]:
    return tuple(
        inner.strip()
        for inner in _PARENTHESES.findall(text)
        if _ACRONYM.match(inner.strip()) and any(ch.isalpha() for ch in inner)
    )


# --- titles and names --------------------------------------------------------------------


def _is_name_word(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _role_index(words: list[str]) -> int:
    """Index of the last role word, or -1."""
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower().strip(",.") in PERSON_NOUNS:
            return i
    return -1


def _describe(descriptor: str) -> tuple[str, str]:
    """("role", "affiliation") from "a spokeswoman for the airline" / "the festival's
    director" / "chief economist at Dunmore Bank"."""
    words = descriptor.split()
    k = _role_index(words)
    if k < 0:
        return "", ""
    first = k
    while first > 0 and words[first - 1].lower() in ROLE_MODIFIERS:
        first -= 1
    role = " ".join(words[first : k + 1])
    after = words[k + 1 :]
    if after and after[0].lower() in _AFFILIATION_PREPS:
        return role, _strip_article(" ".join(after[1:]))
    before = " ".join(words[:first])
    before = re.sub(r"['’]s$", "", before)
    return role, _strip_article(before)


def _strip_article(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and all(_is_name_word(w) for w in words) and _role_index(words) < 0


def split_appositive(span_text: str) -> Appositive:
    """Split a speaker mention into (name, role, affiliation), acronyms into `.aliases`.

    "Russian Defense Ministry spokesman Igor Konashenkov"
        -> ("Igor Konashenkov", "spokesman", "Russian Defense Ministry")
    "Kira Van Loon, a spokeswoman for the airline" -> ("Kira Van Loon", "spokeswoman", "airline")
    "The foreign intelligence service of Russia (SVR RF)"
        -> ("The foreign intelligence service of Russia", "", ""), aliases ("SVR RF",)
    """
    aliases = _aliases_in(span_text)
    text = " ".join(_PARENTHESES.sub(" ", span_text).split()).strip(" ,")
    if ", " in text:
        left, right = (part.strip(" ,") for part in text.split(", ", 1))
        if _looks_like_name(left):
            role, affiliation = _describe(right)
            if role:
                return Appositive(left, role, affiliation, aliases)
        if _looks_like_name(right):
            role, affiliation = _describe(left)
            if role:
                return Appositive(right, role, affiliation, aliases)
    words = text.split()
    k = _role_index(words)
    if 0 <= k < len(words) - 1 and all(_is_name_word(w) for w in words[k + 1 :]):
        first = k
        while first > 0 and words[first - 1].lower() in ROLE_MODIFIERS:
            first -= 1
        role = " ".join(words[first : k + 1])
        affiliation = _strip_article(" ".join(words[:first]))
        return Appositive(" ".join(words[k + 1 :]), role, affiliation, aliases)
    return Appositive(text, "", "", aliases)


# --- matching ------------------------------------------------------------------------------


def _keys(text: str, extra_aliases: Iterable[str] = ()) -> frozenset[str]:
    return _cached_keys(text, tuple(extra_aliases))


@lru_cache(maxsize=_CACHE_SIZE)
def _cached_keys(text: str, extra_aliases: tuple[str, ...]) -> frozenset[str]:
    parsed = split_appositive(text)
    forms = {text, parsed.name, *parsed.aliases, *extra_aliases}
    return frozenset(key for key in (canonical_key(form) for form in forms) if key)


@lru_cache(maxsize=_CACHE_SIZE)
def _surname(name: str) -> str:
    """The last word of the name's key once any title is split off ("" when none)."""
    words = canonical_key(split_appositive(name).name).split()
    return words[-1] if words else ""


def _is_person(record: SpeakerRecord) -> bool:
    if record.kind:
        return record.kind == "person"
    words = split_appositive(record.name).name.split()
    return 2 <= len(words) <= 4 and all(_is_name_word(w) for w in words)


def _initials(key: str) -> str:
    return "".join(word[0] for word in key.split() if word not in {"of", "and", "for"})


def _match_score(mention_keys: frozenset[str], record: SpeakerRecord) -> int:
    record_keys = _keys(record.name, record.aliases)
    if mention_keys & record_keys:
        return 4
    for key in mention_keys:
        if " " in key:
            continue
        # "SVR" against the alias "SVR RF"; "FIS" against "Foreign Intelligence Service".
        if any(r.startswith(key + " ") or _initials(r) == key for r in record_keys):
            return 3
        surname = _surname(record.name)
        if surname and surname == key and _is_person(record):
            return 3
    best = max(
        (fuzz.ratio(m, r) for m in mention_keys for r in record_keys if min(len(m), len(r)) >= 8),
        default=0,
    )
    return 1 if best >= 92 else 0


def same_speaker(mention: str, known: list[SpeakerRecord]) -> SpeakerRecord | None:
    """The known speaker this mention names, or None when none does or two equally do.

    Ambiguity returns None on purpose: "Smith" with two known Smiths is left to an editor.
    """
    mention_keys = _keys(mention)
    if not mention_keys:
        return None
    scored = [(score, record) for record in known if (score := _match_score(mention_keys, record))]
    if not scored:
        return None
    top = max(score for score, _ in scored)
    winners = [record for score, record in scored if score == top]
    return winners[0] if len(winners) == 1 else None


@lru_cache(maxsize=_CACHE_SIZE)
def name_tokens(name: str) -> frozenset[str]:
    """The words of a name's key and its initials: a mention can only name a speaker
    it shares one of these with, so they index the speakers worth scoring."""
    words = canonical_key(name).split()
    initials = "".join(w[0] for w in words if w not in {"of", "and", "for"})
    # A function word alone never makes two names one; as a token it would bring in
    # every speaker whose name has it ("in", "of"), to be scored for nothing.
    return frozenset({*words, initials} - _FUNCTION_WORDS - {""})


_FUNCTION_WORDS = frozenset(
    "a an and at by for from in into of on or over the to under with".split()
)


class KnownSpeakers:
    """The speakers a batch of mentions is resolved against, indexed by the words and
    initials of their names so each mention is scored against a handful, not all."""

    def __init__(self, records: Iterable[SpeakerRecord] = ()) -> None:
        self.records: dict[int | str, SpeakerRecord] = {}
        self.by_token: dict[str, set[int | str]] = {}
        for record in records:
            self.add(record)

    def add(self, record: SpeakerRecord) -> None:
        """Add a speaker, or replace it with what was learnt about it (more aliases)."""
        self.records[record.id] = record
        for name in (record.name, *record.aliases):
            for token in name_tokens(name):
                self.by_token.setdefault(token, set()).add(record.id)

    def match(self, mention: str) -> SpeakerRecord | None:
        ids = set().union(*(self.by_token.get(t, set()) for t in name_tokens(mention)))
        return same_speaker(mention, [self.records[i] for i in ids]) if ids else None


# --- pronouns ------------------------------------------------------------------------------

_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
_PLURAL_PRONOUNS = frozenset({"they", "their", "them"})
_MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "pobj", "appos", "conj"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SENTENCES_BACK = 3


def _mention_type(token: Token) -> set[str]:
    kinds = set()
    lemma = token.lemma_.lower()
    if token.ent_type_ == "PERSON" or lemma in PERSON_NOUNS:
        kinds.add("person")
    if token.ent_type_ in {"ORG", "GPE", "NORP"} or lemma in ORG_NOUNS:
        kinds.add("org")
    if token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in token.children):
        kinds.add("plural")
    return kinds


def _fits(pronoun: str, kinds: set[str]) -> bool:
    if pronoun in _PERSON_PRONOUNS:
        return "person" in kinds and "plural" not in kinds
    if pronoun in _PLURAL_PRONOUNS:
        return "plural" in kinds or "org" in kinds
    return "org" in kinds and "plural" not in kinds and "person" not in kinds


def _is_mention_head(token: Token) -> bool:
    if token.pos_ not in {"PROPN", "NOUN"} or token.dep_ not in _MENTION_DEPS:
        return False
    # Inside a multi-word name only the last word stands for the mention.
    return not (token.ent_iob_ == "B" and token.nbor(1).ent_iob_ == "I")


def _coordination_member(pronoun: Token) -> Token | None:
    """ "the latter" / "the former": the last / first member of the nearest coordination
    earlier in the sentence ("Neither Moscow nor Damascus …, with the latter …")."""
    for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        conjuncts = [c for c in token.children if c.dep_ == "conj"]
        if conjuncts and token.pos_ in {"PROPN", "NOUN"}:
            return conjuncts[-1] if pronoun.lower_ == "latter" else token
    return None


def antecedent_for(pronoun: Token) -> Token | None:
    """The head of the nearest earlier mention a pronoun speaker can refer to.

    Subjects are preferred over other mentions (the speaker of the previous sentence is
    the usual referent of "he said"), then nearness; the search goes back a few sentences.
    """
    word = pronoun.lower_
    if word in {"latter", "former"}:
        return _coordination_member(pronoun)
    sentence = pronoun.sent
    first = sentence.start
    for _ in range(SENTENCES_BACK):
        if first == 0:
            break
        first = pronoun.doc[first - 1].sent.start
    candidates = [
        token
        for token in reversed(pronoun.doc[first : pronoun.i])
        if _is_mention_head(token) and _fits(word, _mention_type(token))
    ]
    for token in candidates:
        if token.dep_ in _SUBJECT_DEPS or token.head.dep_ in _SUBJECT_DEPS:
            return token
    return candidates[0] if candidates else None


# --- speaker mentions in a parse ---------------------------------------------------------

_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Right-hand dependents that end a speaker's noun phrase: clauses about the speaker
# ("the minister, who arrived on Tuesday, said") are not part of its name.
_NP_STOP = frozenset({"relcl", "advcl", "ccomp", "xcomp", "parataxis", "dep", "mark"})
_OWNER_PREPS = frozenset({"from", "by", "of"})
_OWNER_ENTS = frozenset({"ORG", "PERSON", "GPE", "NORP", "FAC"})
_AUTHORING_VERBS = frozenset(
    {"publish", "issue", "release", "write", "produce", "prepare", "compile", "author"}
    | {"sign", "post", "file", "submit", "make", "deliver", "conduct", "carry", "send"}
)


def noun_phrase_bounds(token: Token) -> tuple[int, int]:
    """Token bounds of the noun phrase headed by `token`, without trailing clauses."""
    first, last = token.left_edge.i, token.i
    for child in token.rights:
        if child.dep_ in _NP_STOP or (child.dep_ == "acl" and child.tag_ != "VBN"):
            break
        if _is_parenthetical_frame(child):
            break
        if child.dep_ == "punct" and child.text not in {")", "]"}:
            continue
        if any(t.dep_ != "punct" for t in token.doc[last + 1 : child.left_edge.i]):
            # Words outside the phrase come first: "The mayor insisted the budget was
            # balanced, a claim disputed by …" hangs "a claim" on "mayor" across the verb.
            break
        if child.dep_ == "appos" and not _apposition_closes(child):
            break
        last = child.right_edge.i
    # A relative clause deeper in the phrase ends it too: "a person familiar with the
    # matter who asked not to be named".
    nested = next((t for t in token.doc[token.i + 1 : last + 1] if t.dep_ == "relcl"), None)
    if nested is not None:
        last = max(token.i, nested.left_edge.i - 1)
    for child in token.lefts:
        if child.dep_ in {"punct", "mark"} or child.lower_ == "according":
            first = child.right_edge.i + 1
    return first, last


_FRAME_NOUNS = NOUN_CUES | {"note", "call", "conference", "email", "e-mail"}


def _is_parenthetical_frame(child: Token) -> bool:
    """ "The chief executive, in a memo to staff, said" / "Mr. Dunn, reached by telephone,
    said": a phrase between commas that tells how the words were delivered is the frame,
    not part of the speaker's name (unlike ", a spokesman for the airline,")."""
    doc = child.doc
    if child.left_edge.i == 0 or doc[child.left_edge.i - 1].text != ",":
        return False
    if child.dep_ == "acl" and child.tag_ == "VBN":
        return True
    if child.dep_ != "prep" or child.lower_ not in {"in", "during"}:
        return False
    pobj = child_with(child, "pobj")
    return pobj is not None and pobj.lemma_.lower() in _FRAME_NOUNS


def _apposition_closes(appos: Token) -> bool:
    """ ", a spokeswoman for the airline," is part of the name only when it is closed off:
    in "According to X, private contractors have …" the parser often takes the clause's
    subject for an apposition, and a verb follows it instead of a comma."""
    doc = appos.doc
    if appos.i > 0 and doc[appos.i - 1].text in {"(", "["}:
        return True
    nxt = appos.right_edge.i + 1
    while nxt < len(doc) and doc[nxt].is_space:
        nxt += 1
    return nxt >= len(doc) or doc[nxt].is_punct


def child_with(token: Token, *deps: str) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _is_passive(verb: Token) -> bool:
    return any(child.dep_ in {"auxpass", "nsubjpass"} for child in verb.children)


def speaker_head(verb: Token, depth: int = 0) -> Token | None:
    """The speaker head for a cue verb, following the tree when the verb has no subject.

    "saying …" and "adding …" borrow the subject of the verb they hang from; a verb in a
    coordination borrows its first conjunct's; "who said" points back to the noun the
    relative clause describes; "X was quoted as saying" and "X is reported to have said"
    give X.
    """
    if depth > 4:
        return None
    subject = _nearest_subject(verb)
    if subject is not None:
        if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return _denier_of_charge(subject) or subject
    if _is_passive(verb):
        agent = child_with(verb, "agent")
        return child_with(agent, "pobj") if agent is not None else None
    if verb.i == verb.sent.start and verb.tag_ == "VBD":
        # "Said one senator, speaking on condition of anonymity: “…”": the inverted
        # speaker, which the parser takes for the object.
        inverted = child_with(verb, "dobj", "nsubj")
        if inverted is not None:
            return inverted
    head = verb.head
    if head is verb:
        return None
    parenthetical = _subject_before_parenthetical_participle(verb)
    if parenthetical is not None:
        return parenthetical
    finite = verb.tag_ in {"VBD", "VBZ", "VBP"}
    if finite and not (verb.dep_ == "conj" and _has_coordinator(head, verb)):
        # A finite verb always has a subject; when the parser lost it, it was the phrase
        # just before the verb ("after an officer … reported that").
        return _adjacent_noun_phrase(verb)
    borrows = verb.dep_ == "conj" or (
        verb.dep_ in {"advcl", "xcomp"} and verb.tag_ in {"VBG", "VB"}
    )
    if borrows and head.pos_ in {"VERB", "AUX"}:
        return speaker_head(_reporter_of_trailing_participle(verb) or head, depth + 1)
    if verb.dep_ == "xcomp" and head.lemma_ in RAISING_REPORTS and _is_passive(head):
        # "The ambassador is reported to have said that …": the subject of the passive.
        return child_with(head, "nsubjpass")
    if verb.dep_ == "pcomp" and head.lower_ == "as" and head.head.lemma_ in QUOTE_AND_CITE:
        # "X was quoted as saying" gives X; the active "the paper quoted X as saying" gives
        # X as well, the object: the paper only relays what X said.
        return child_with(head.head, "nsubjpass") or child_with(head.head, "dobj")
    if verb.dep_ == "pcomp" and head.lower_ == "with":
        return child_with(verb, "nsubj")
    if verb.dep_ in {"relcl", "acl"} and head.pos_ in {"NOUN", "PROPN"}:
        return head
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two, the one next to it. A parenthetical frame ("The
    budget, City Manager Lorraine Ogata said, includes …") gets the clause's subject as
    well as its own, and its own stands right before it."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) < 2:
        return subjects[0] if subjects else None
    before = [s for s in subjects if s.i < verb.i]
    return max(before, key=lambda s: s.i) if before else subjects[0]


_CHARGE_NOUNS = frozenset({"charge", "claim", "accusation", "allegation", "assertion"})


def _denier_of_charge(subject: Token) -> Token | None:
    """ "…, a charge Ukraine denies": the parser takes "a charge" for the subject and the
    one who denies it for its apposition. The charge is what is denied; the name is the
    speaker."""
    if subject.lemma_ not in _CHARGE_NOUNS:
        return None
    return next(
        (c for c in subject.rights if c.dep_ == "appos" and c.pos_ in {"PROPN", "NOUN"}), None
    )


def parenthetical_scene(verb: Token) -> Token | None:
    """ "Mr. Lyle, asked if the company would sell, said it had no plans": the participle
    "asked" sets the scene between the subject and its cue, but the parser takes it for
    the subject's verb, with the cue as its complement or the other way round. A past
    form after a comma that follows its subject, with a comma before the cue, is such a
    scene; returns it."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    scenes = [verb.head] if verb.dep_ == "ccomp" else []
    scenes += [c for c in verb.lefts if c.dep_ == "ccomp"]
    for scene in scenes:
        if scene.tag_ not in {"VBD", "VBN"} or scene.i >= verb.i or scene.i == 0:
            continue
        if doc[scene.i - 1].text != ",":
            continue
        subject = child_with(scene, "nsubj", "nsubjpass")
        if subject is not None and subject.i < scene.i:
            return scene
    return None


def _subject_before_parenthetical_participle(verb: Token) -> Token | None:
    """The subject the parser gave to a scene participle belongs to the cue."""
    scene = parenthetical_scene(verb)
    return child_with(scene, "nsubj", "nsubjpass") if scene is not None else None


def _reporter_of_trailing_participle(verb: Token) -> Token | None:
    """ "X said fares would rise, adding that …": the parser hangs the participle on the
    reported clause ("rise"), but it describes X's act, so X's verb lends the subject,
    not the clause ("fares"). The content rules cut the participle off the same way."""
    head = verb.head
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    if verb.tag_ != "VBG" or verb.lemma_ not in VERBS or not after_comma:
        return None
    reporter = head.head
    if head.dep_ == "ccomp" and reporter.lemma_ in VERBS and reporter.pos_ in {"VERB", "AUX"}:
        return reporter
    return None


def _has_coordinator(head: Token, verb: Token) -> bool:
    return any(
        t.dep_ == "cc" or t.lower_ in {"and", "but", "or"} for t in head.doc[head.i + 1 : verb.i]
    )


def _adjacent_noun_phrase(verb: Token) -> Token | None:
    """The noun phrase ending right before a verb the parser joined to an earlier clause
    with no "and" between ("reports surfaced after an officer … reported that"): its
    missing subject is that phrase, not the earlier clause's subject."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in {")", "]"}):
        i -= 1
    if i < 0:
        return None
    found = None
    token = doc[i]
    while token.head is not token and token.i < verb.i:
        if token.pos_ in {"NOUN", "PROPN"} and token.right_edge.i >= i:
            found = token
        elif token.pos_ in {"VERB", "AUX"}:
            break
        token = token.head
    return found


def statement_owner(noun: Token) -> Token | None:
    """Who a statement or document belongs to: "Moscow's claim", "the SVR statement",
    "a statement from the ministry", "a report by X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ in {"compound", "nmod"} and (
            child.ent_type_ in _OWNER_ENTS or child.pos_ == "PROPN"
        ):
            return child
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
            pobj = child_with(child, "pobj")
            if pobj is not None and pobj.lemma_ not in NOUN_CUES:
                return pobj
    for child in noun.rights:
        # "figures published by the office": the publisher owns them; "the report, seen by
        # the Guardian" is not the Guardian's, so only authoring verbs count.
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_ in _AUTHORING_VERBS:
            agent = child_with(child, "agent")
            if agent is not None and child_with(agent, "pobj") is not None:
                return child_with(agent, "pobj")
    if noun.dep_ == "dobj" and noun.head.lemma_ in _AUTHORING_VERBS:
        # "The ministry issued a statement saying …": who issues a document owns it.
        subject = speaker_head(noun.head)
        if subject is not None and subject.lemma_ not in NOUN_CUES:
            return subject
    return None
