"""Seeded synthetic news corpus with known republication chains, for benchmarks.

Each chain starts from an original news article (names, numbers, quotations) and adds
the kinds of copies found on the web, each with its ground-truth parent:

* reposts with a blog header and a credit footer, some with the title dropped, a line
  inserted ("Video: ..."), or a word misspelt ("Dontesk");
* crossposts with the crossposter's series intro, an editor's note and boilerplate
  (the Global Research pattern), and blog reposts of those crossposts that keep the
  crossposter's intro and credit line;
* spun copies (synonyms swapped, sentence order kept);
* excerpts of about 20% and 40% inside an aggregator's commentary;
* independent reports on the same event that share only a quotation and names;
* publisher boilerplate (series intros, footers) shared by unrelated articles.

A few originals are withheld: their copies name them, so the pipeline must infer them.

    python bench/corpus.py --chains 50 --out FILE.jsonl

writes the ingest format (``{"url", "text", "title", "published", "publisher"}`` per
line) and ``FILE.truth.json`` (parent URL and kind per copy, independent pairs).
"""

# ruff: noqa: E501 -- sentence templates read best unwrapped

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

FIRST = (
    "Igor Maria Ahmed Olena Daniel Fatima Sergei Laura Kofi Ana Mehmet Yuki Pavel Ingrid "
    "Rashid Elena Tomasz Chloe Hassan Irina Mateo Leila Viktor Sofia Omar Katarzyna Dmitri "
    "Amira Lukas Nadia Jonas Priya Anton Hana Emeka Zeynep Bogdan Marta Karim Svetlana Felipe "
    "Aisha Oleksandr Greta Tariq Beatriz Yusuf Milena Rafael Noor"
).split()
LAST = (
    "Konashenkov Petrova Haddad Kovalenko Osei Lindqvist Demir Tanaka Novak Alvarez Rahimi "
    "Sokolova Weber Mensah Horvat Kaplan Moreau Nakamura Popescu Farouk Jansen Ivanova Costa "
    "Brandt Mahmoud Zielinski Okafor Stavros Kuznetsov Rossi Hashemi Bauer Yilmaz Nilsen "
    "Castillo Sato Dragan Lefebvre Abbasi Kowalczyk Tembo Vasquez Orlov Aydin Fischer Barzani "
    "Medina Karlsson Obi Suleiman"
).split()
COUNTRIES = (
    "Russia Ukraine Syria Iraq Turkey Iran Poland Egypt Lebanon Jordan Georgia Armenia "
    "Azerbaijan Serbia Hungary Romania Moldova Kazakhstan Libya Sudan Yemen Qatar Israel "
    "Greece Bulgaria Finland Norway Lithuania Latvia Estonia Belarus Tunisia Algeria Morocco"
).split()
CITIES = (
    "Aleppo Kharkiv Basra Mosul Izmir Tabriz Gdansk Alexandria Tripoli Zarqa Batumi Gyumri "
    "Ganja Nis Debrecen Cluj Balti Almaty Benghazi Omdurman Aden Doha Haifa Patras Varna "
    "Tampere Bergen Kaunas Daugavpils Tartu Gomel Sfax Oran Fez Odesa Mariupol Raqqa Kirkuk "
    "Erbil Latakia Homs Deir-Ezzor Lviv Dnipro Kherson Luhansk Donetsk Al-Tanf"
).split()
ORGS = (
    "Defense Ministry|Foreign Ministry|Interior Ministry|central bank|state energy company|"
    "national grain board|port authority|border guard service|health ministry|"
    "finance ministry|railway operator|refugee agency|electoral commission|"
    "intelligence service|water utility|army general staff|customs service|"
    "nuclear regulator|civil aviation authority|state broadcaster"
).split("|")
ROLES = (
    "spokesman|spokeswoman|deputy minister|senior official|chief negotiator|director|"
    "press secretary|analyst|commander|governor|adviser|envoy"
).split("|")
TOPICS = (
    "grain exports|gas pipeline|border crossing|refugee camp|power grid|fuel convoy|"
    "military base|oil field|airport runway|water supply|railway line|copper mine|"
    "fishing fleet|wheat harvest|cement plant|prisoner exchange|aid corridor|"
    "vaccine shipment|election count|customs post|naval drill|fertilizer plant|"
    "bridge repair|hospital wing|steel mill|data centre|tanker fleet|cable network"
).split("|")
ADJ = (
    "large|new|serious|sudden|major|important|recent|strong|small|key|unexpected|"
    "significant|rapid|costly|fragile"
).split("|")
SAID = "said|stated|announced|claimed|noted|reported|warned|insisted|told reporters".split("|")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
UNITS = "tonnes|families|vehicles|soldiers|workers|barrels|containers|flights|trucks".split("|")
ACTIONS = (
    "suspend|expand|review|halt|restore|inspect|reroute|protect|rebuild|close|reopen|fund"
).split("|")
PERIODS = "days|weeks|months".split("|")

# Synonyms for spun copies, including the template words so every sentence can be spun.
SYNONYMS = {
    "said": "stated", "stated": "said", "announced": "declared", "claimed": "asserted",
    "noted": "remarked", "reported": "said", "warned": "cautioned", "insisted": "maintained",
    "large": "big", "big": "large", "new": "fresh", "serious": "grave", "sudden": "abrupt",
    "major": "principal", "important": "crucial", "recent": "latest", "strong": "powerful",
    "small": "minor", "key": "vital", "unexpected": "surprising", "significant": "notable",
    "rapid": "swift", "costly": "expensive", "fragile": "delicate", "suspend": "freeze",
    "expand": "enlarge", "review": "reassess", "halt": "stop", "restore": "reinstate",
    "inspect": "examine", "protect": "guard", "rebuild": "reconstruct", "close": "shut",
    "reopen": "resume", "fund": "finance", "officials": "authorities", "country": "nation",
    "government": "administration", "week": "seven days", "talks": "negotiations",
    "help": "assistance", "began": "started", "started": "began", "agreement": "deal",
    "increase": "rise", "decrease": "drop", "shortly": "soon", "because": "since",
    "however": "nevertheless", "also": "additionally", "about": "around", "many": "numerous",
    "people": "residents", "area": "region", "region": "area", "city": "town",
    "attack": "assault", "damage": "harm", "plan": "scheme", "support": "backing",
    "meeting": "session", "decision": "ruling", "latest": "newest", "earlier": "previously",
    "according": "as per", "after": "following", "before": "prior to", "during": "amid",
    "showed": "indicated", "expected": "anticipated", "arrived": "reached", "left": "departed",
}  # fmt: skip


@dataclass
class Topic:
    """The event one chain (and its independent reports) is about."""

    country: str
    other: str
    city: str
    org: str
    topic: str
    speaker: str
    role: str
    day: date
    quotes: list[str] = field(default_factory=list)

    @property
    def speaker_last(self) -> str:
        return self.speaker.split()[-1]


@dataclass
class Article:
    id: int
    url: str
    publisher: str
    published: date | None
    title: str
    text: str
    origin_name: str = ""
    chain: int = -1
    role: str = ""
    true_day: date = date(2022, 1, 1)  # the day it went up, shown or not
    seen: datetime = datetime(2022, 1, 1)  # when a live crawler would first have seen it

    def as_dict(self) -> dict:
        """The article as the corpus lists it (``seen`` included for benchmarks)."""
        row = asdict(self)
        del row["true_day"]
        return row


@dataclass(frozen=True)
class Link:
    parent_id: int
    kind: str  # verbatim | edited | excerpt


@dataclass
class Corpus:
    articles: list[dict]  # the ingested pages
    links: dict[int, Link]  # child id -> ground-truth parent (may be withheld)
    independent_pairs: list[tuple[int, int]]  # (original id, independent report id)
    withheld: list[dict]  # originals never ingested: parents to infer from their copies


@dataclass(frozen=True)
class Publisher:
    name: str
    domain: str
    header: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()


# fmt: off
ORIGINALS = [
    Publisher("The Cradle", "thecradle.co", footer=("Follow The Cradle on Telegram for daily updates from West Asia.",)),
    Publisher("Meridian Post", "meridianpost.com", footer=("Subscribe to the Meridian Post morning briefing and never miss a story.", "© Meridian Post Media Group. All rights reserved.")),
    Publisher("Harbor Daily", "harbordaily.net"),
    Publisher("Eastern Ledger", "easternledger.org", footer=("The Eastern Ledger is reader funded. Support independent journalism from the region today.",)),
    Publisher("Caspian Wire", "caspianwire.com"),
    Publisher("Levant Observer", "levantobserver.com", footer=("Have a tip? Write to the Levant Observer newsroom using our secure form.",)),
    Publisher("Northern Courier", "northerncourier.eu"),
    Publisher("Delta Tribune", "deltatribune.com", footer=("Delta Tribune reporters contributed to this story from several cities.",)),
    Publisher("Anatolia Today", "anatoliatoday.com.tr"),
    Publisher("Baltic Monitor", "balticmonitor.lt", footer=("Get the Baltic Monitor newsletter in your inbox every weekday morning.",)),
]
CROSSPOSTERS = [
    Publisher(
        "Global Research", "globalresearch.ca",
        header=(
            "All Global Research articles can be read in 51 languages by activating the “Translate Website” drop down menu on the top banner of our home page (Desktop version).",
            "Visit and follow us on Instagram at @globalresearch_crg and Twitter at @crglobalization.",
        ),
        footer=(
            "*",
            "Note to readers: Please click the share buttons above or below. Forward this article to your email lists. Crosspost on your blog site, internet forums, etc.",
            "Disclaimer: The contents of this article are of sole responsibility of the author(s). The Centre for Research on Globalization will not be responsible for any inaccurate or incorrect statement in this article.",
            "Become a Member of Global Research",
        ),
    ),
    Publisher(
        "World Affairs Digest", "worldaffairsdigest.org",
        header=("World Affairs Digest republishes selected analysis from independent media with permission.",),
        footer=(
            "World Affairs Digest is supported entirely by its readers. Please consider a monthly donation so that we can keep publishing.",
            "The views expressed are those of the author and do not necessarily reflect the editorial position of World Affairs Digest.",
        ),
    ),
]
SERIES_INTROS = [
    (
        "Today, the dangers of military escalation are beyond description.",
        "What is now happening in the region has serious geopolitical implications. It could lead us into a far wider war.",
        "It is important that a peace process be initiated with a view to preventing escalation.",
    ),
    (
        "The following analysis is part of our series on energy security and the future of global supply chains.",
        "Readers are invited to share their own research on the subject with our editors.",
    ),
    (
        "This article is part of our continuing coverage of the humanitarian situation across the region, where millions remain displaced.",
    ),
]
BLOGS = [
    "uprootedpalestinians", "thesaker-reader", "peacewatchblog", "oldmole", "dissidentvoice-fan",
    "coldtype-notes", "the-rabbit-hole", "mideastmatters", "balkanwatcher", "steppeblogger",
    "frontlinenotes", "newsfromunderground",
]  # fmt: skip
AGGREGATORS = ["News Digest Daily", "Briefing Room", "Regional Roundup"]
SPINNERS = ["Trending Wire", "Viral News Hub"]
SPINNER_FOOTER = "Stay ahead of the news: follow us for more trending stories every day."
INDEPENDENTS = ["Reuters Wire", "Continental Times", "Gulf Chronicle", "Danube Herald"]
# fmt: on


PREFIXES = (
    "Meanwhile,|Separately,|On Monday,|Late on Friday,|In a statement,|At the same time,|"
    "Last week,|By contrast,|Earlier on Sunday,|Since then,"
).split("|")
SUFFIXES = (
    ", officials said|, according to local media|, the report added|, despite earlier promises|"
    ", two sources familiar with the matter said|, state media reported"
).split("|")


def _fix_articles(text: str) -> str:
    """a -> an before a vowel: templates fill "a {adj}" with "unexpected"."""
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", text)


class Writer:
    """Builds news-like sentences from templates and word lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.unused: list[int] = []

    def pick(self, values: list[str] | tuple[str, ...]) -> str:
        return self.rng.choice(values)

    def vary(self, template: str) -> str:
        """Resolve [[a|b|c]] alternatives, so one template yields many phrasings."""
        return re.sub(r"\[\[([^\]]+)\]\]", lambda m: self.pick(m.group(1).split("|")), template)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def number(self) -> str:
        value = self.rng.choice([self.rng.randint(2, 99), self.rng.randint(100, 9_999)])
        return f"{value:,}"

    def topic(self, day: date) -> Topic:
        country, other = self.rng.sample(COUNTRIES, 2)
        topic = Topic(
            country=country,
            other=other,
            city=self.pick(CITIES),
            org=self.pick(ORGS),
            topic=self.pick(TOPICS),
            speaker=self.person(),
            role=self.pick(ROLES),
            day=day,
        )
        topic.quotes = [self.quote_text(topic) for _ in range(2)]
        return topic

    def quote_text(self, t: Topic) -> str:
        r = self.rng
        clauses = [
            f"We will not allow the {t.topic} near {t.city} to become a bargaining chip for {t.other}",
            f"at least {self.number()} {self.pick(UNITS)} were moved across the border in the last {r.randint(2, 9)} {self.pick(PERIODS)}",
            f"our partners in {self.pick(COUNTRIES)} have been informed and they share our concern",
            f"the situation around {t.city} is {self.pick(ADJ)} and it is getting worse every day",
            f"anyone who claims that the {t.topic} is safe has not been to {t.city}",
            f"the decision to {self.pick(ACTIONS)} the {t.topic} was taken after {r.randint(2, 12)} rounds of talks",
            f"nobody in {t.country} asked for this and nobody will accept it",
        ]
        first, second = r.sample(clauses, 2)
        return f"{first[0].upper()}{first[1:]}, and {second}"

    def sentence(self, t: Topic) -> str:
        """One sentence about the topic; templates rotate so an article rarely repeats one."""
        if not self.unused:
            self.unused = list(range(len(self._templates(t))))
            self.rng.shuffle(self.unused)
        body = self.vary(self._templates(t)[self.unused.pop()])
        prefix = self.pick(PREFIXES) if self.rng.random() < 0.25 else ""
        suffix = self.pick(SUFFIXES) if self.rng.random() < 0.2 else ""
        if suffix:
            body = body[:-1] + suffix + "."
        if prefix:
            body = (
                f"{prefix} {body[0].lower()}{body[1:]}"
                if not body[1].isupper()
                else f"{prefix} {body}"
            )
        return _fix_articles(body[0].upper() + body[1:])

    def _templates(self, t: Topic) -> list[str]:
        r = self.rng
        n, unit, adj = self.number(), self.pick(UNITS), self.pick(ADJ)
        month, month2 = self.pick(MONTHS), self.pick(MONTHS)
        person, role, org = self.person(), self.pick(ROLES), self.pick(ORGS)
        city, country, topic2 = self.pick(CITIES), self.pick(COUNTRIES), self.pick(TOPICS)
        days = f"{r.randint(2, 30)} {self.pick(PERIODS)}"
        return [
            f"The {t.org} of {t.country} {self.pick(SAID)} on {self.pick(WEEKDAYS)} that [[officials|the authorities|the government]] would {self.pick(ACTIONS)} the {t.topic} near {t.city} within {days}.",
            f"According to {role} {person}, [[about|around|nearly|more than]] {n} {unit} have [[arrived in|reached|been sent to]] {city} since [[early|mid-|late]] {month}, a {adj} increase on last year.",
            f"The {adj} {t.topic} has been at the [[centre|heart]] of [[talks|negotiations|a dispute]] between {t.country} and {t.other} since {month}, when {r.randint(2, 40)} people were [[hurt|injured|wounded]].",
            f"[[Local residents|People|Shopkeepers|Teachers]] in {t.city} told [[reporters|this newspaper|local radio]] that the {topic2} had been closed for {days} because of the [[fighting|shelling|unrest|strikes]].",
            f"Officials in {t.other} have not [[commented publicly|responded to requests for comment|said anything]], although a {role} in {city} noted that [[many|several|important]] questions remain [[unanswered|open]].",
            f"Satellite images published by {self.pick(INDEPENDENTS)} [[showed|appeared to show|revealed]] {n} {unit} near the {topic2} outside {t.city} in late {month}.",
            f"In {month}, the government of {t.country} also began a {adj} review of the {t.topic}, which [[employs|supports|feeds]] about {n} people.",
            f"Both {t.country} and {country} have accused {t.other} of using the {t.topic} as [[leverage|a weapon|a bargaining chip]] during the {adj} negotiations.",
            f"The {org} expected the {t.topic} to reopen [[shortly|within weeks|by {month2}]], however several [[contractors|engineers|suppliers]] left the area after the attack on {city}.",
            f"Earlier this year, {person} of the {org} warned that the {topic2} was a {adj} target and asked for [[help|support|protection]] from {country}.",
            f"Prices for {topic2.split()[-1]} services in {t.city} rose by {r.randint(3, 80)} percent during the {adj} crisis, [[traders|economists|merchants]] said.",
            f"A {r.randint(2, 30)}-page report [[seen by this newspaper|obtained by reporters|leaked last week]] describes {n} incidents involving the {t.topic} between {month} and {month2}.",
            f"The meeting in {city} ended without [[an agreement|a deal|a joint statement]], and a {adj} decision on the {t.topic} was [[delayed|postponed]] until {month2}.",
            f"Many families from {t.city} have moved to {city}, where [[aid groups|charities|local volunteers]] [[said|estimate]] about {n} people need help with [[food and shelter|fuel and medicine|housing]].",
            f"Analysts at {self.pick(INDEPENDENTS)} said the {t.topic} could cost {t.country} about {n} million dollars a year if the [[dispute|standoff|blockade]] continues.",
            f"The {t.org} said its staff had completed {r.randint(2, 90)} inspections of the {topic2} and found {adj} damage in {r.randint(2, 12)} places.",
            f"{person}, a {role} who visited {t.city} last {self.pick(WEEKDAYS)}, said the {topic2} was guarded by {n} {unit}.",
            f"The dispute over the {t.topic} began after {t.other} announced a {adj} plan to {self.pick(ACTIONS)} shipments through {city}.",
            f"Insurance rates for ships calling at {city} have [[doubled|tripled|risen sharply]] since {month}, and {r.randint(2, 19)} carriers have stopped taking bookings for {country}.",
            f"Opposition lawmakers in {t.country} demanded a vote on the {t.topic} and accused ministers of [[hiding the true cost from voters|acting without a mandate|ignoring local councils]].",
            f"The last convoy to reach {t.city} carried {n} {unit} of supplies, but drivers reported checkpoints every {r.randint(3, 25)} kilometres along the road.",
            f"Engineers from {country} inspected the {topic2} in {month} and recommended repairs worth {r.randint(2, 90)} million dollars before [[winter|the summer|the end of the year]].",
            f"Police in {city} detained {r.randint(2, 60)} people after protesters blocked the road to the {topic2} for {days}.",
            f"The {org} has published no figures since {month}, which critics in {t.country} say makes independent checks impossible.",
            f"In a [[television|radio|newspaper]] interview, {person} described the situation near {t.city} as {adj} but under control.",
            f"Diplomats in {city} expect a new round of talks on the {t.topic} to open before the end of {month2}.",
            f"Trade between {t.country} and {t.other} fell by {r.randint(3, 70)} percent in the first [[half|quarter]] of the year, customs data show.",
            f"The {topic2} outside {city} was damaged by shelling on {self.pick(WEEKDAYS)} night, and repair crews have not yet been allowed in.",
            f"Human rights groups said at least {r.randint(2, 300)} civilians had been held without charge near {t.city} since {month}.",
            f"The {org} of {country} offered to mediate, but {t.other} rejected the proposal within hours, calling it {adj} and premature.",
            f"Footage shared on social media appeared to show {unit} lined up at the {topic2} near {city}, though it could not be verified.",
            f"A spokesperson for the {org} declined to comment on the report when contacted by phone on {self.pick(WEEKDAYS)}.",
            f"Farmers around {t.city} say they have lost about {n} hectares of crops since the {t.topic} was cut off in {month}.",
            f"The {t.topic} was built in {r.randint(1960, 2015)} with loans from {country} and has been expanded {r.randint(2, 6)} times since.",
            f"{person}, who leads the {org} in {city}, resigned on {self.pick(WEEKDAYS)} after {days} of criticism over the {t.topic}.",
            f"Bank transfers from {t.other} to {t.city} were frozen in {month}, leaving about {n} small businesses unable to pay staff.",
        ]

    def quoted(self, t: Topic, quote: str) -> str:
        cue = self.pick(SAID)
        if self.rng.random() < 0.5:
            return f"“{quote},” {t.speaker_last} {cue}."
        return f"{t.org[0].upper()}{t.org[1:]} {t.role} {t.speaker} {cue}: “{quote}.”"

    def paragraphs(self, t: Topic, count: int, quotes: bool = True) -> list[str]:
        paras = []
        for i in range(count):
            sentences = [self.sentence(t) for _ in range(self.rng.randint(1, 3))]
            paras.append(" ".join(sentences))
            if quotes and i in (1, count // 2) and t.quotes:
                paras.append(self.quoted(t, t.quotes[0 if i == 1 else 1]))
        return paras

    def headline(self, t: Topic) -> str:
        options = [
            f"{t.country} Warns {t.other} Over {t.topic.title()} Near {t.city}",
            f"{t.org.title()} Says {t.topic.title()} Will Be Reviewed After {t.city} Talks",
            f"Tensions Rise in {t.city} as {t.other} Moves to Control {t.topic.title()}",
            f"{t.speaker}: {t.country} Will Not Accept {t.other}'s Plan for {t.topic.title()}",
        ]
        return self.pick(options)


class ChainBuilder:
    """Makes one chain of copies around one original, recording ground truth."""

    def __init__(
        self, rng: random.Random, corpus: _Draft, chain: int, syndication: int = 0
    ) -> None:
        self.rng = rng
        self.writer = Writer(rng)
        self.draft = corpus
        self.chain = chain
        self.syndication = syndication

    def build(self) -> None:
        r = self.rng
        day = date(2022, 1, 1) + timedelta(days=r.randint(0, 330))
        topic = self.writer.topic(day)
        original = self.original(topic)
        if r.random() < 0.1:
            self.build_withheld(original)
        else:
            self.draft.add(original)
            self.build_copies(original)
        if r.random() < 0.6:
            self.independent(topic, original)

    def build_copies(self, original: Article) -> None:
        r = self.rng
        for _ in range(r.choice([1, 1, 2])):
            self.repost(original, r.choice(["plain", "plain", "untitled", "inserted", "typo"]))
        if r.random() < 0.5:
            crosspost = self.crosspost(original)
            if r.random() < 0.75:
                self.repost_of_crosspost(crosspost, original)
        if r.random() < 0.35:
            self.spun(original)
        aggregators = r.sample(AGGREGATORS, 2)  # one excerpt of a story per aggregator
        if r.random() < 0.5:
            self.excerpt(original, 0.2, aggregators[0])
        if r.random() < 0.35:
            self.excerpt(original, 0.4, aggregators[1])
        if r.random() < 0.2:
            first = self.repost(original, "inserted")
            self.repost(first, "plain", offsets=[1, 2, 3])  # copies of copies come later
        for _ in range(self.syndication):  # a widely syndicated story: more reposts
            self.repost(original, r.choice(["plain", "plain", "untitled", "inserted", "typo"]))

    def build_withheld(self, original: Article) -> None:
        """An original never ingested: only copies that name it can lead to it."""
        self.draft.withheld.append(original)
        crosspost = self.crosspost(original)
        self.repost_of_crosspost(crosspost, original)
        if self.rng.random() < 0.5:
            self.repost(original, "plain", credit=True)

    # --- article kinds --------------------------------------------------------------

    def original(self, t: Topic) -> Article:
        publisher = self.rng.choice(ORIGINALS)
        title = self.writer.headline(t)
        body = self.writer.paragraphs(t, self.rng.randint(6, 20))
        lead: list[str] = []
        if self.rng.random() < 0.15:
            lead.append(title)  # some sites repeat the headline in the body
        if self.rng.random() < 0.25:
            lead.append(self.writer.sentence(t))  # a standfirst
        text = "\n\n".join([*lead, *body, *publisher.footer])
        return self.draft.new(publisher.name, publisher.domain, (t.day, t.day, None), title, text, self.chain,
                              "original", body=body)  # fmt: skip

    def repost(
        self, source: Article, style: str, *, credit: bool = False, offsets: list[int] | None = None
    ) -> Article:
        r = self.rng
        blog = r.choice(BLOGS)
        true_day, day = self.when(source, offsets or [0, 0, 1, 1, 2, 5])
        body = list(self.draft.bodies[source.id])
        kind = "verbatim"
        if style == "inserted":
            body.insert(
                r.randint(1, max(1, len(body) - 1)),
                f"Video: {self.writer.headline(self.writer.topic(true_day))}",
            )
            kind = "edited"
        elif style == "typo":
            body = self.misspell(body)
            kind = "edited"
        header = [f"Posted on {self.fmt(day)} by {blog}"]
        if style != "untitled":
            header.insert(0, source.title)
        credit_name = source.publisher
        footer, origin = [], ""
        if credit or r.random() < 0.6:
            footer = [
                r.choice(
                    [
                        f"Originally published at {credit_name}.",
                        f"Source: {credit_name}",
                        f"This article first appeared on {credit_name}.",
                    ]
                )
            ]
            origin = credit_name
        title = source.title if style != "untitled" else ""
        article = self.draft.new(blog, f"{blog}.wordpress.com", (day, true_day, source), title,
                                 "\n\n".join([*header, *body, *footer]), self.chain, f"repost-{style}",
                                 body=body, origin=origin)  # fmt: skip
        self.draft.link(article, source, kind)
        return article

    def crosspost(self, source: Article) -> Article:
        r = self.rng
        site = r.choice(CROSSPOSTERS)
        true_day, day = self.when(source, [0, 1, 1, 2])
        origin = source.publisher
        intro = list(r.choice(SERIES_INTROS[: 2 if site.name == "Global Research" else 3]))
        if r.random() < 0.4:
            intro.append(
                f"Editor's note: This piece by {origin} examines the {self.writer.pick(ADJ)} "
                f"dispute over {self.writer.pick(TOPICS)}. {self.writer.sentence(self.writer.topic(day))}"
            )
        header = [
            source.title,
            f"By {origin}",
            f"{site.name}, {self.fmt(day)}",
            f"{origin} {self.fmt(source.published)}",
            *site.header,
        ]
        body = list(self.draft.bodies[source.id])
        year = true_day.year
        credit = [
            f"The original source of this article is {origin}",
            f"Copyright © {origin}, {year}",
        ]
        text = "\n\n".join([*header, *intro, *body, *site.footer[:2], *credit, *site.footer[2:]])
        article = self.draft.new(site.name, site.domain, (day, true_day, source), source.title, text, self.chain,
                                 "crosspost", body=[*intro, *body], origin=origin,
                                 extra={"dateline": header[2:4], "credit": credit})  # fmt: skip
        self.draft.link(article, source, "edited")
        return article

    def repost_of_crosspost(self, crosspost: Article, original: Article) -> Article:
        r = self.rng
        blog = r.choice(BLOGS)
        true_day, day = self.when(crosspost, [0, 1, 1, 3])
        body = list(self.draft.bodies[crosspost.id])
        copied = list(body)
        if r.random() < 0.5:
            body.insert(
                r.randint(len(body) // 2, len(body) - 1),
                f"Video: {self.writer.headline(self.writer.topic(day))}",
            )
        if r.random() < 0.5:
            body = self.misspell(body)
        extra = self.draft.extra[crosspost.id]
        text = "\n\n".join(
            [f"Posted on {self.fmt(day)} by {blog}", *extra["dateline"], *body, *extra["credit"]]
        )
        article = self.draft.new(blog, f"{blog}.wordpress.com", (day, true_day, crosspost), "", text, self.chain,
                                 "repost-of-crosspost", body=body,
                                 origin=original.publisher)  # fmt: skip
        # The crosspost's page word for word (its intro too) unless a line went in or a
        # word changed: only then is the repost an edited copy of it.
        self.draft.link(article, crosspost, "edited" if body != copied else "verbatim")
        return article

    def spun(self, source: Article) -> Article:
        site = self.rng.choice(SPINNERS)
        true_day, day = self.when(source, [1, 2, 3, 5])
        body = [self.spin(p) for p in self.draft.bodies[source.id]]
        title = self.spin(source.title)
        text = "\n\n".join([title, *body, SPINNER_FOOTER])
        slug = site.casefold().replace(" ", "")
        article = self.draft.new(
            site, f"{slug}.com", (day, true_day, source), title, text, self.chain, "spun", body=body
        )
        self.draft.link(article, source, "edited")
        return article

    def excerpt(self, source: Article, share: float, site: str) -> Article:
        r = self.rng
        true_day, day = self.when(source, [0, 1, 2, 4])
        picked = self.passage(self.draft.bodies[source.id], share)
        t = self.writer.topic(day)
        origin = source.publisher
        commentary = [" ".join(self.writer.sentence(t) for _ in range(2)), f"{origin} reports:"]
        closing = [self.writer.sentence(t)]
        origin_name = ""
        if r.random() < 0.7:
            closing.append(f"Read the full article at {origin}.")
            origin_name = origin
        text = "\n\n".join([*commentary, *picked, *closing])
        slug = site.casefold().replace(" ", "")
        article = self.draft.new(site, f"{slug}.com", (day, true_day, source), f"{origin}: {source.title}", text,
                                 self.chain, f"excerpt-{int(share * 100)}", body=picked,
                                 origin=origin_name)  # fmt: skip
        self.draft.link(article, source, "excerpt")
        return article

    def independent(self, t: Topic, original: Article) -> Article:
        r = self.rng
        outlet = r.choice(INDEPENDENTS)
        true_day, day = self.when(original, [-1, 0, 0, 1])
        paras = self.writer.paragraphs(t, r.randint(4, 10), quotes=False)
        paras.insert(
            1,
            f"{t.speaker}, the {t.role} of the {t.org}, {self.writer.pick(SAID)} on {self.writer.pick(WEEKDAYS)}.",
        )
        paras.insert(2, f"“{t.quotes[0]},” {t.speaker_last} said.")
        if r.random() < 0.5:
            paras.insert(len(paras) - 1, f"“{t.quotes[1]},” the {t.role} added.")
        slug = outlet.casefold().replace(" ", "")
        article = self.draft.new(outlet, f"{slug}.com", (day, true_day, None), self.writer.headline(t), "\n\n".join(paras),
                                 self.chain, "independent", body=paras)  # fmt: skip
        self.draft.add(article)
        self.draft.independent_pairs.append((original.id, article.id))
        return article

    # --- helpers --------------------------------------------------------------------

    def when(self, source: Article, offsets: list[int]) -> tuple[date, date | None]:
        """The true day of a copy of ``source`` and the day it shows (None: no date)."""
        day = source.true_day + timedelta(days=self.rng.choice(offsets))
        shown = None if self.rng.random() < 0.04 else day
        return day, shown

    @staticmethod
    def fmt(day: date | None) -> str:
        return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}" if day else ""

    def passage(self, body: list[str], share: float) -> list[str]:
        """A contiguous run of whole sentences holding about ``share`` of the words."""
        units = [(i, s) for i, p in enumerate(body) for s in re.split(r"(?<=[.!?”])\s+", p)]
        total = sum(len(s.split()) for _, s in units)
        need = share * total
        start = self.rng.randint(0, len(units) - 1)
        while start > 0 and sum(len(s.split()) for _, s in units[start:]) < need:
            start -= 1
        picked: dict[int, list[str]] = {}
        count = 0
        for index, sentence in units[start:]:
            if count >= need:
                break
            picked.setdefault(index, []).append(sentence)
            count += len(sentence.split())
        return [" ".join(sentences) for sentences in picked.values()]

    def misspell(self, body: list[str]) -> list[str]:
        """Swap two inner letters of one or two long words: "Donetsk" -> "Dontesk"."""
        body = list(body)
        for _ in range(self.rng.randint(1, 2)):
            index = self.rng.randrange(len(body))
            candidates = [w for w in re.findall(r"[A-Za-z]{7,}", body[index])]
            if not candidates:
                continue
            word = self.rng.choice(candidates)
            i = self.rng.randint(2, len(word) - 3)
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            body[index] = body[index].replace(word, typo, 1)
        return body

    def spin(self, text: str) -> str:
        def swap(match: re.Match[str]) -> str:
            word = match.group()
            synonym = SYNONYMS.get(word.casefold())
            if synonym is None or self.rng.random() < 0.15:
                return word
            return synonym.capitalize() if word[0].isupper() else synonym

        return re.sub(r"[A-Za-z]+", swap, text)


class _Draft:
    """Accumulates articles and truth while chains are built."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.articles: list[Article] = []
        self.withheld: list[Article] = []
        self.links: dict[int, Link] = {}
        self.independent_pairs: list[tuple[int, int]] = []
        self.bodies: dict[int, list[str]] = {}
        self.extra: dict[int, dict] = {}
        self.next_id = 1

    def new(self, publisher: str, domain: str, when: tuple[date | None, date, Article | None],
            title: str, text: str, chain: int, role: str, *, body: list[str], origin: str = "",
            extra: dict | None = None) -> Article:  # fmt: skip
        """``when`` is (day shown, true day, source copied): the true day and the source
        give ``seen``, when a crawler polling every few hours first saw the page."""
        shown, true_day, source = when
        article_id = self.next_id
        self.next_id += 1
        slug = re.sub(r"[^a-z0-9]+", "-", (title or "post").casefold()).strip("-")[:60]
        url = f"https://{domain}/{slug}-{article_id}"
        seen = datetime.combine(true_day, time(self.rng.randint(5, 20), self.rng.randint(0, 59)))
        if source is not None:
            seen = max(seen, source.seen + timedelta(hours=self.rng.randint(1, 6)))
        article = Article(article_id, url, publisher, shown, title, text, origin, chain, role,
                          true_day=true_day, seen=seen)  # fmt: skip
        self.bodies[article_id] = body
        self.extra[article_id] = extra or {}
        return article

    def add(self, article: Article) -> None:
        self.articles.append(article)

    def link(self, child: Article, parent: Article, kind: str) -> None:
        self.add(child)
        self.links[child.id] = Link(parent.id, kind)


def generate(n_chains: int, seed: int = 0, *, syndication: int = 0) -> Corpus:
    """A corpus of ``n_chains`` chains; the same seed always gives the same corpus.
    ``syndication`` adds that many more reposts of each original (a wire-heavy corpus)."""
    rng = random.Random(seed)
    draft = _Draft(rng)
    for chain in range(n_chains):
        ChainBuilder(rng, draft, chain, syndication).build()
    # Independent reports are added as they are built, the originals first: sort by id.
    articles = sorted(draft.articles, key=lambda a: a.id)
    return Corpus(
        articles=[a.as_dict() for a in articles],
        links=dict(draft.links),
        independent_pairs=list(draft.independent_pairs),
        withheld=[a.as_dict() for a in draft.withheld],
    )


def _ingest_row(article: dict) -> dict:
    published = article["published"]
    return {
        "url": article["url"],
        "text": article["text"],
        "title": article["title"],
        "published": published.isoformat() if published else None,
        "publisher": article["publisher"],
    }


def write(corpus: Corpus, out: Path) -> Path:
    """Write the ingest JSONL to ``out`` and the ground truth beside it."""
    url_of = {a["id"]: a["url"] for a in corpus.articles + corpus.withheld}
    with out.open("w", encoding="utf-8") as handle:
        for article in corpus.articles:
            handle.write(json.dumps(_ingest_row(article), ensure_ascii=False) + "\n")
    truth = {
        "links": {
            url_of[child]: {"parent": url_of[link.parent_id], "kind": link.kind}
            for child, link in corpus.links.items()
        },
        "independent_pairs": [[url_of[a], url_of[b]] for a, b in corpus.independent_pairs],
        "withheld": [
            {"url": a["url"], "publisher": a["publisher"], "title": a["title"]}
            for a in corpus.withheld
        ],
    }
    truth_path = out.with_suffix(".truth.json")
    truth_path.write_text(json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")
    return truth_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    corpus = generate(args.chains, args.seed)
    truth_path = write(corpus, args.out)
    print(
        f"{len(corpus.articles)} articles, {len(corpus.links)} copies -> {args.out}, {truth_path}"
    )


if __name__ == "__main__":
    main()
