"""The attribution cue lexicon: which words introduce reported speech, and how each behaves.

Reporting verbs differ in where their content sits. "said" takes a clause ("said that X",
"said X"); "told" first takes the person addressed ("told reporters that X"); "accused"
takes a target and an "of" phrase whose pair is the claim ("accused the US of supporting
…"); "urged" takes an object and an infinitive ("urged citizens to stay indoors"). A flat
word list cannot say that, so each verb carries a small `CueVerb` record and the
extractor asks it, instead of hard-coding verb names in the rules.

The lexicon is deliberately data, not code: adding a cue is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CueVerb:
    """How one reporting verb carries its content.

    clause: a that-clause or bare clause (ccomp) is content ("said that X", "said X").
    infinitive: an infinitive (xcomp) is content ("vowed to rebuild", "claimed to have").
    gerund: a gerund (xcomp) is content ("denied targeting civilians", "admitted taking").
    object_prep: the direct object plus this preposition's phrase is content
        ("accused Y of Z" -> "Y of Z"); the object alone never is.
    object_infinitive: object plus infinitive is content ("urged X to Y" -> "X to Y").
    about_prep: prepositions whose phrase is content when no clause is ("warned of a famine").
    quote_only: only a cue next to a quotation ("continued", "joked"): with a clause these
        verbs mostly mean something else.
    noun_subject_only: only when the subject is a document or statement ("the report found",
        "the statement read"): "he found that" is speech, "the police found the car" is not,
        and the clause check keeps the second out; "read" needs the stricter test.
    nested: whether the verb reports a stance of its own inside another report's content.
    weight: prior confidence that the verb reports speech rather than thought or perception.
    """

    lemma: str
    clause: bool = True
    infinitive: bool = False
    gerund: bool = False
    object_prep: str | None = None
    object_infinitive: bool = False
    about_prep: frozenset[str] = frozenset()
    quote_only: bool = False
    noun_subject_only: bool = False
    nested: bool = True
    weight: float = 1.0


_OF_ABOUT = frozenset({"of", "about", "against"})


def _verbs(*items: CueVerb) -> dict[str, CueVerb]:
    return {item.lemma: item for item in items}


VERBS: dict[str, CueVerb] = _verbs(
    # Plain speech verbs: clause content, direct quotes.
    CueVerb("say"),
    CueVerb("state"),
    CueVerb("tell"),
    CueVerb("add"),
    CueVerb("note"),
    CueVerb("explain"),
    CueVerb("write"),
    CueVerb("tweet"),
    CueVerb("post", weight=0.8),
    CueVerb("declare"),
    CueVerb("announce"),
    CueVerb("report"),
    CueVerb("comment"),
    CueVerb("remark"),
    CueVerb("observe", weight=0.9),
    CueVerb("mention"),
    CueVerb("reply"),
    CueVerb("respond"),
    CueVerb("answer"),
    CueVerb("retort"),
    CueVerb("counter"),
    CueVerb("recall", gerund=True),
    CueVerb("recount"),
    # "described hearing three blasts", "described the deal as a disaster", "described
    # how the soldiers came in".
    CueVerb("describe", gerund=True, object_prep="as", weight=0.8),
    CueVerb("reiterate"),
    CueVerb("repeat"),
    CueVerb("affirm"),
    CueVerb("reaffirm"),
    CueVerb("agree", weight=0.8),
    CueVerb("reckon", weight=0.9),
    CueVerb("reassure"),
    CueVerb("remind"),
    CueVerb("notify"),
    CueVerb("proclaim"),
    CueVerb("highlight", weight=0.9),
    CueVerb("guarantee", weight=0.9),
    CueVerb("certify"),
    CueVerb("attest"),
    CueVerb("verify", weight=0.9),
    CueVerb("doubt", weight=0.7),
    CueVerb("testify"),
    CueVerb("inform"),
    CueVerb("assure"),
    CueVerb("brief", weight=0.9),
    CueVerb("publish", weight=0.8),
    CueVerb("broadcast", weight=0.8),
    # Claims and stances.
    CueVerb("claim", infinitive=True),
    CueVerb("allege"),
    CueVerb("assert"),
    CueVerb("maintain"),
    CueVerb("contend"),
    CueVerb("insist"),
    CueVerb("argue"),
    CueVerb("stress"),
    CueVerb("emphasise"),
    CueVerb("emphasize"),
    CueVerb("underline"),
    CueVerb("underscore"),
    CueVerb("point"),  # only with the particle "out": checked by the extractor
    CueVerb("suggest", weight=0.9),
    CueVerb("indicate", weight=0.9),
    CueVerb("hint", weight=0.8),
    CueVerb("imply", weight=0.8),
    CueVerb("signal", weight=0.8),
    CueVerb("charge", weight=0.9),
    CueVerb("complain"),
    CueVerb("lament"),
    CueVerb("boast"),
    CueVerb("protest", weight=0.9),
    CueVerb("object", weight=0.9),
    # Admissions, denials and confirmations.
    CueVerb("confirm"),
    CueVerb("acknowledge", gerund=True),
    CueVerb("admit", gerund=True),
    CueVerb("concede"),
    CueVerb("confess", gerund=True),
    CueVerb("deny", infinitive=True, gerund=True),
    CueVerb("dispute", weight=0.9),
    CueVerb("reveal"),
    CueVerb("disclose"),
    CueVerb("detail", weight=0.9),
    # Warnings, predictions, estimates.
    CueVerb("warn", about_prep=_OF_ABOUT),
    CueVerb("caution", about_prep=_OF_ABOUT),
    CueVerb("predict"),
    CueVerb("forecast"),
    CueVerb("estimate"),
    CueVerb("calculate", weight=0.8),
    CueVerb("project", weight=0.8),
    CueVerb("speculate", weight=0.9),
    CueVerb("conclude"),
    CueVerb("find", weight=0.9),
    CueVerb("determine", weight=0.9),
    CueVerb("discover", weight=0.8),
    CueVerb("show", noun_subject_only=True),
    CueVerb("read", noun_subject_only=True),
    CueVerb("rule"),
    # Beliefs: PARC-style attribution of stance; weaker evidence of a public statement.
    CueVerb("believe", weight=0.8),
    CueVerb("think", weight=0.7),
    CueVerb("fear", weight=0.7),
    CueVerb("suspect", weight=0.7),
    CueVerb("worry", weight=0.7),
    # Accusations: object + preposition phrase.
    CueVerb("accuse", clause=False, object_prep="of"),
    CueVerb("blame", clause=False, object_prep="for"),
    # Appeals and commitments: infinitive content.
    CueVerb("urge", object_infinitive=True),
    # Expectations: only of someone else's act ("analysts expect the bank to cut rates"),
    # never of one's own ("expects to report a loss"), and not inside another report:
    # "said they expected …" is the analysts' statement, once.
    CueVerb("expect", clause=False, object_infinitive=True, nested=False, weight=0.7),
    CueVerb("appeal", clause=False, object_infinitive=True, weight=0.8),
    CueVerb("demand"),
    CueVerb("recommend"),
    CueVerb("propose", weight=0.9),
    CueVerb("promise", infinitive=True),
    CueVerb("pledge", infinitive=True),
    CueVerb("vow", infinitive=True),
    CueVerb("threaten", infinitive=True),
    CueVerb("swear", infinitive=True),
    # Quote-only cues.
    CueVerb("continue", quote_only=True),
    CueVerb("joke", quote_only=True),
    CueVerb("quip", quote_only=True),
    CueVerb("ask", quote_only=True),
    CueVerb("shout", quote_only=True),
    CueVerb("exclaim", quote_only=True),
)

# Verbs whose object is the person addressed, so the object is never content.
RECIPIENT_VERBS = frozenset(
    {"tell", "inform", "assure", "reassure", "warn", "remind", "brief", "promise", "caution"}
    | {"urge", "notify"}
)

# Particles that a verb needs to be a cue at all ("point out"), or that belong in the cue.
PARTICLE_CUES: dict[str, str] = {"point": "out"}

# Nouns naming a statement or a document. As a subject they hand the speaker role to their
# owner ("the SVR statement said" -> SVR); with a that-clause they are cues themselves
# ("Moscow's claim that ..."); after "in" they belong to the verb cue ("said in a statement").
NOUN_CUES = frozenset(
    {
        "statement",
        "report",
        "claim",
        "allegation",
        "accusation",
        "assertion",
        "announcement",
        "warning",
        "communique",
        "release",
        "letter",
        "post",
        "tweet",
        "message",
        "memo",
        "document",
        "study",
        "survey",
        "analysis",
        "investigation",
        "review",
        "audit",
        "paper",
        "filing",
        "complaint",
        "lawsuit",
        "ruling",
        "briefing",
        "bulletin",
        "notice",
        "interview",
        "speech",
        "remark",
        "comment",
        "testimony",
        "transcript",
        "video",
        "broadcast",
        "editorial",
        "article",
        "assessment",
        "estimate",
        "prediction",
        "denial",
        "admission",
        "insistence",
        "suggestion",
        "assurance",
        "findings",
        "finding",
        "data",
        "datum",  # the lemmatiser's singular of "data"
        "figure",
        "poll",
        "result",
        "research",
        "book",
    }
)

# Of those, the ones that take a that-clause as a cue of their own ("the claim that X").
CLAUSAL_NOUN_CUES = frozenset(
    {
        "claim",
        "allegation",
        "accusation",
        "assertion",
        "announcement",
        "warning",
        "statement",
        "report",
        "denial",
        "admission",
        "insistence",
        "suggestion",
        "assurance",
        "prediction",
        "estimate",
    }
)

# "according to plan" is not a source. Everything else after "according to" is taken as one.
NOT_SOURCES = frozenset(
    {
        "plan",
        "schedule",
        "law",
        "rule",
        "tradition",
        "custom",
        "protocol",
        "script",
        "design",
        "instruction",
        "procedure",
        "need",
        "size",
        "age",
        "taste",
    }
)

# An infinitive cue ("to say") reports a statement that was made only under these
# governors ("went on to say"); elsewhere it is planned or refused ("is expected to say",
# "refused to say"). Passive reporting verbs ("is reported to have said") also qualify.
INFINITIVE_GOVERNORS_OK = frozenset({"go", "continue", "proceed", "hasten", "rush"})

# Set phrases built on a cue verb that report nothing: "All told, 41 people died", "That
# said, sales grew". Each is the word before the verb and the verb, a comma after them.
SET_PHRASES = frozenset({("all", "told"), ("that", "said"), ("this", "said"), ("truth", "told")})

MODALS = frozenset({"would", "could", "might", "may", "should", "can", "will", "shall", "must"})

QUOTE_AND_CITE = frozenset({"quote", "cite"})

# Passives that raise the speaker: "X is reported / said / understood to have told …".
RAISING_REPORTS = frozenset({"report", "say", "believe", "understand", "know", "think"})
