"""Recognise the lines a republisher adds around an article.

Crossposts and blog reposts wrap the copied text in their own lines: a header that names
the site and the original ("Global Research, March 06, 2022", "The Cradle 5 March 2022"),
a footer that names the source ("The original source of this article is The Cradle",
"Copyright © The Cradle, 2022") and boilerplate (share prompts, disclaimers). Those lines
are the best evidence of who copied whom, and they must be kept out of the text that is
fingerprinted, or every crosspost of one site would look like a copy of every other.

The line classifiers work on one paragraph at a time; ``parse_header`` and ``build_body``
apply them to a page's paragraphs in order, consuming the header lines into fields and
marking the republisher's blocks as spans of the text. Patterns only fire on short blocks
and near their start: a body paragraph that merely mentions "first published by Reuters"
must not be mistaken for an attribution note.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import dateparser

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_YEAR}[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),
)
# A weekday left before a date: "The Cradle Saturday, 5 March 2022". Abbreviations only
# with punctuation, so that "The Sun 5 March 2022" keeps its name.
_WEEKDAY = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?|(?:mon|tue|wed|thu|fri|sat|sun)[.,])\s*$"
    r"|^\s*(?:mon|tues?|wed|thu(?:rs?)?|fri|sat)\s*$",
    re.I,
)

_LINK = re.compile(r"(!?)\[([^\]\n]{0,500})\]\(([^)\s]{0,2000})(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"https?://[^\s)<>\]\"']+")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    date: datetime.date


@dataclass(frozen=True)
class HeaderLine:
    """A metadata line above the article. kind: label, posted, byline, name_date, date,
    updated, fragment."""

    kind: str
    name: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class OriginNote:
    """A line naming where the text came from. Higher strength = more explicit."""

    line: str
    name: str
    url: str
    date: datetime.date | None
    strength: int


# ---------------------------------------------------------------- links and dates


def strip_links(line: str) -> tuple[str, tuple[str, ...]]:
    """Turn markdown links "[The Cradle](url)" into their label; return the real hrefs."""
    hrefs: list[str] = []

    def label(match: re.Match[str]) -> str:
        href = match.group(3)
        if href and not href.startswith("#"):
            hrefs.append(href)
        return "" if match.group(1) else match.group(2)

    return _LINK.sub(label, line), tuple(hrefs)


def find_dates(text: str) -> list[DateHit]:
    """All plausible calendar dates written in text, in order of position."""
    hits = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = _make_date(match)
            if day is not None:
                hits.append(DateHit(match.start(), match.end(), day))
    hits.sort(key=lambda hit: hit.start)
    return [h for i, h in enumerate(hits) if i == 0 or h.start >= hits[i - 1].end]


def _make_date(match: re.Match[str]) -> datetime.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"][:3].lower()]
    try:
        day = datetime.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    return day if plausible(day) else None


def plausible(day: datetime.date) -> bool:
    """News dates are not in the far past nor more than a year ahead (typos, countdowns)."""
    return datetime.date(1900, 1, 1) <= day <= datetime.date.today() + datetime.timedelta(366)


def parse_date(value: str) -> datetime.date | None:
    """One date from a metadata value: ISO first, written dates next, dateparser last."""
    value = value.strip()
    if not value or len(value) > 80:
        return None
    try:
        day = datetime.date.fromisoformat(value[:10])
        return day if plausible(day) else None
    except ValueError:
        pass
    hits = find_dates(value)
    if hits:
        return hits[0].date
    # dateparser knows other languages ("5 mars 2022"); asked for a full date so that a
    # bare "March" is not silently completed with today's day and year.
    parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed and plausible(parsed.date()) else None


def parse_timestamp(value: str) -> datetime.datetime | None:
    """A metadata value that gives the moment, not only the day ("2024-07-23T13:42:00-04:00"),
    with its offset: two pages of one day are told apart by it. Without an offset the
    moment is unknown (whose midnight?) and nothing is returned."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d.{0,25}", value):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and plausible(moment.date()) else None


# ---------------------------------------------------------------- names


def looks_like_name(text: str, max_words: int = 7) -> bool:
    """A publisher or person name: short, capitalised (or a domain), not a sentence."""
    text = text.strip()
    words = text.split()
    if not words or len(words) > max_words or len(text) > 80:
        return False
    if _DOMAIN.fullmatch(text):
        return True
    if not (text[0].isupper() or text[0].isdigit()) or any(ch in text for ch in _NOT_IN_NAMES):
        return False
    if _DATE_WORDS.search(text):
        return False
    # "John Smith Jr." and "Reuters Ltd." end with a period and are still names.
    return not text.endswith(".") or len(words[-1]) <= 4


def loose_name(text: str, max_words: int = 8) -> bool:
    """A name as written after "published by"/"appeared first on": case is not checked,
    because blogs call themselves "uprootedpalestinians"."""
    text = text.strip()
    words = text.split()
    return (
        0 < len(words) <= max_words
        and len(text) <= 80
        and not any(c in text for c in _NOT_IN_NAMES)
    )


_DATE_WORDS = re.compile(r"\b(?:published|updated|posted|modified|(?:19|20)\d\d)\b", re.I)
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.I)
_NOT_IN_NAMES = ':;!?"“”'


def _name_key(name: str) -> str:
    key = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.strip().lower())
    key = re.sub(r"\.(?:com|org|net|ca|co|info|news|uk|io)(?:/.*)?$", "", key)
    return re.sub(r"[^0-9a-z]+", "", key.removeprefix("the "))


def same_publisher(a: str, b: str) -> bool:
    """'Global Research', 'globalresearch.ca' and 'GlobalResearch' are one publisher."""
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    if ka == kb or (min(len(ka), len(kb)) >= 6 and (ka in kb or kb in ka)):
        return True
    return _acronym_of(a, b) or _acronym_of(b, a)


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_ACRONYM_SKIP = {"the", "of", "and", "for", "&"}


def _acronym_of(short: str, name: str) -> bool:
    """'AP' for 'The Associated Press' or 'AP News', 'AN' for 'Agence Nordique': wire
    datelines abbreviate the agency ("WASHINGTON (AP) —")."""
    short = short.strip()
    if not _ACRONYM.fullmatch(short):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w.lower() not in _ACRONYM_SKIP]
    return len(words) >= 2 and (short in words or "".join(w[0] for w in words).upper() == short)


def publisher_from_url(url: str) -> str:
    """The site a URL belongs to, as a name: blog hosts give the blog's own label."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and ".".join(parts[-2:]) in _BLOG_HOSTS:
        return parts[-3]
    return host


_BLOG_HOSTS = {"wordpress.com", "blogspot.com", "substack.com", "medium.com", "tumblr.com"}


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


# ---------------------------------------------------------------- header lines

_LABEL = re.compile(
    r"^(?:regions?|themes?|in-depth report|tags?|tagged(?: with)?|categor(?:y|ies)|filed under"
    r"|topics?|sections?|posted in|published in|keywords|subjects?)\s*:",
    re.I,
)
_POSTED = re.compile(r"\b(?:posted|published)\s+(?:on\b|by\b|at\b)", re.I)
_POSTED_BY = re.compile(r"\bby\s+(?P<name>[^|,•·]+?)\s*(?:$|[|,•·]|\bon\b|\bat\b)", re.I)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reported by|authors?\s*:|author\s*:)\s*(?P<name>.+)$", re.I
)
_DATE_PREFIX = re.compile(
    r"^(?:(?P<updated>(?:last\s+)?updated|modified)|published|posted|first published|date"
    r"|dated|on)?\s*:?\s*$",
    re.I,
)


def classify_header(line: str) -> HeaderLine | None:
    """What kind of metadata line this is, or None for anything else (body, title)."""
    line = line.strip()
    if not line or len(line) > 200:
        return None
    if _LABEL.match(line):
        return HeaderLine("label")
    if _POSTED.search(line) and len(line.split()) <= 25:
        return _posted_line(line)
    if match := _BYLINE.match(line):
        return _byline(match.group("name"))
    if hits := find_dates(line):
        return _dated_line(line, hits[0])
    if line.endswith(",") and looks_like_name(line[:-1], max_words=5):
        return HeaderLine("fragment", name=line[:-1].strip())
    return None


def _posted_line(line: str) -> HeaderLine:
    hits = find_dates(line)
    match = _POSTED_BY.search(line)
    name = match.group("name").strip() if match else ""
    return HeaderLine("posted", name=name, date=hits[0].date if hits else None)


_BY_PREFIX = re.compile(r"^(?:by|par|por|door)\s+(?=\S)", re.I)


def clean_byline(value: str) -> str:
    """'By Jane Doe' / 'Par Hélène Müller' -> the name; author URLs are not names."""
    value = " ".join(value.split())
    if value.startswith(("http://", "https://")):
        return ""
    return _BY_PREFIX.sub("", value)


def _byline(raw: str) -> HeaderLine | None:
    hits = find_dates(raw)
    name = raw[: hits[0].start] if hits else raw
    name = re.split(r"\s+[|•·–—-]\s+|\s*\|\s*", name)[0].strip(" ,;|-–—")
    if not looks_like_name(name, max_words=10):
        return None
    return HeaderLine("byline", name=name, date=hits[0].date if hits else None)


_SEPARATORS = " .,|•·–—-"
# What may follow the date on a header line: a time, or the date of an update.
_PAGE_TOOLS = re.compile(
    r"\d{1,3}\s+min(?:ute)?s?\s+read|(?:download|print|share|listen|save)\b.{0,30}", re.I
)  # what the site itself prints next to its date: reading time, a PDF link
_DATE_TAIL = re.compile(
    r"(?:at\s+)?\d{1,2}[:.]\d{2}.{0,20}|(?:last\s+)?(?:updated|modified)\b.{0,60}"
    rf"|{_PAGE_TOOLS.pattern}",
    re.I,
)


def _dated_line(line: str, hit: DateHit) -> HeaderLine | None:
    """'Global Research, March 06, 2022', 'The Cradle 5 March 2022' or a bare date."""
    tail = line[hit.end :].strip(_SEPARATORS)
    if tail and not _DATE_TAIL.fullmatch(tail):
        return None  # the date sits inside a sentence
    prefix = _WEEKDAY.sub("", line[: hit.start]).strip(_SEPARATORS)
    if tail and _PAGE_TOOLS.fullmatch(tail):
        # "Nora Castellanos · June 18, 2024 · 5 min read": the page's own byline line.
        if prefix and looks_like_name(prefix, max_words=6):
            return HeaderLine("byline", name=prefix, date=hit.date)
        return HeaderLine("date", date=hit.date) if not prefix else None
    prefix_match = _DATE_PREFIX.match(prefix)
    if prefix_match:
        kind = "updated" if prefix_match.group("updated") else "date"
        return HeaderLine(kind, date=hit.date)
    if looks_like_name(prefix, max_words=6):
        return HeaderLine("name_date", name=prefix, date=hit.date)
    return None


# ---------------------------------------------------------------- origin notes

_EXPLICIT = (
    re.compile(r"\bthe original source of this \w+ is\s*:?\s*(?P<rest>.+)", re.I),
    re.compile(
        r"\b(?:originally|first)\s+(?:published|posted|appeared|ran|printed|run)"
        r"(?:\s+(?:at|by|on|in|with))?\s*:?\s*(?P<rest>.+)",
        re.I,
    ),
    re.compile(r"\bappeared\s+first\s+(?:at|on|in)\s*:?\s*(?P<rest>.+)", re.I),
    re.compile(
        r"\b(?:re-?published|reprinted|reposted|cross-?posted|syndicated)\s+(?:here\s+)?"
        r"(?:from|with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:from|of|by))\s+(?P<rest>.+)",
        re.I,
    ),
    re.compile(r"\bread the original(?:\s+\w+)?\s+(?:at|on|in)\s+(?P<rest>.+)", re.I),
    # "This story was produced by X, …, and is republished here with permission": a
    # partner's credit; without the republishing words it is only a byline.
    re.compile(
        r"\b(?:produced|reported|written|published)\s+(?:by|in partnership with)\s+"
        r"(?P<rest>.+?\b(?:re-?published|reprinted|with permission|in partnership)\b.*)",
        re.I,
    ),
    # The same statements in the other languages most often crossposted into English.
    re.compile(
        r"\bpubli[ée]e?s?\s+(?:pour la premi[èe]re fois|initialement|originellement|d'abord)"
        r"\s+(?:par|sur|dans)\s+(?P<rest>.+)",
        re.I,
    ),
    re.compile(r"\bpublicad[oa]s?\s+originalmente\s+(?:en|por)\s+(?P<rest>.+)", re.I),
    re.compile(
        r"\b(?:zuerst|ursprünglich)\s+(?:erschienen|veröffentlicht)\s+(?:bei|auf|in|im)\s+"
        r"(?P<rest>.+)",
        re.I,
    ),
)
# An excerpt's pointer to the rest: "Read the full story at X", "Continue reading on X".
# Only a name counts ("… at The Harbor Ledger"), not "on the council's website".
_POINTERS = (
    re.compile(
        r"^\W*(?:read|see|view)\s+the\s+(?:full|whole|complete|entire)\s+"
        r"(?:story|article|piece|post)\s+(?:at|on|in)\s+(?P<rest>[A-Z].+)",
        re.I,
    ),
    re.compile(
        r"^\W*continue\s+reading\s+(?:(?:the|this)\s+(?:full\s+)?(?:story|article|report"
        r"|piece|post)\s+)?(?:at|on)\s+(?P<rest>[A-Z].+)",
        re.I,
    ),
)
# Where a pointer may send a reader that is no publisher: a platform, a page, a format.
_NOT_A_PUBLISHER = re.compile(
    r"(?:youtube|facebook|twitter|x|instagram|tiktok|linkedin|apple podcasts|spotify"
    r"|page\s+\d+|pdf|our\s+\w+|this\s+\w+)\b",
    re.I,
)
_WP_FOOTER = re.compile(r"^the post .{1,300}? appeared first on\s+(?P<rest>.+)", re.I)
_COPYRIGHT = re.compile(r"^(?:copyright\s*)?(?:©|\(c\)|copyright\b)\s*(?P<rest>.+)", re.I)
_SOURCE = re.compile(r"^\(?\s*(?:source|via|originally from)\s*:\s*(?P<rest>[^)]+)\)?$", re.I)
_VIA = re.compile(r"\(\s*(?:via|h/t)\s+(?P<rest>[^)]{1,100})\)", re.I)
_EXPLICIT_HINT = re.compile(
    r"original|first|publi|reprint|repost|cross-?post|syndicat|erschien|veröffentlicht"
    r"|full|whole|complete|entire|continue",
    re.I,
)
# What may stand before "originally published…": nothing, a label ("Editor's note:"), or
# the page speaking of itself ("This article was", "A version of this piece has been").
# "The dossier, which was first published by Reuters" is reported speech, not a footer.
_LEAD_IN = re.compile(
    r"^\W*(?:[\w’' ]{1,30}:\s*)?"
    r"(?:(?:an?\s+(?:\w+\s+)?version\s+of\s+)?(?:this|the\s+following)(?:\s+[\w’'-]+){1,6}\s+)?"
    r"(?:(?:was|is|has\s+been|had\s+been|were|are)\s+)?$",
    re.I,
)
_NAME_STOP = re.compile(
    r"\s+(?:under|and is|and was|and has|with permission|where)\b|[.;|(,]\s|\s[-–—]\s|[;|(,]"
    r"|\s+(?:on|in)\s+(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)
_NOT_NAMES = {"on", "at", "in", "by", "from", "the", "here", "this site", "our site"}
# A wire story's dateline names the agency: "PORT SELWYN (Meridian Wire) -", "WASHINGTON
# (AP) —". On the agency's own site it names the site, and says nothing.
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?:,\s*(?P<monthday>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?\s*"  # "VARDEN FALLS, Sept. 17"
    r"\((?P<name>[A-Z][\w.&'’ -]{0,40}?)\)\s*[-–—]+(?:\s|$)"
)
# A distribution service's tag in the dateline of the release it carries: "HARLOW
# JUNCTION, May 8, 2024 /Wirepoint/ --", as PR wires print it.
_SERVICE_TAG = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40},[^\n/]{0,40}?\s(?P<tag>/(?P<name>[^/\n]{2,40})/)\s*[-–—]{1,2}\s",
    re.M,
)


def is_copyright_line(line: str) -> bool:
    return bool(_COPYRIGHT.match(line.strip()))


def service_tag(text: str, site: str) -> tuple[int, int] | None:
    """Where the page's own service tag stands in its first dateline: the site's
    furniture, like its logo, and no edit of the release it carries."""
    match = _SERVICE_TAG.search(text[:2000])
    if match is None or not same_publisher(match.group("name"), site):
        return None
    return match.start("tag"), match.end("tag")


_MONTH_DAY = re.compile(rf"^{_MONTH}\s+{_DAY}$", re.I)


def dateline_day(line: str, published: datetime.date) -> datetime.date | None:
    """The day a wire dateline gives without its year ("VARDEN FALLS, Sept. 17
    (Northstar) —"): the agency moved the story then, in the page's year, or in the year
    before for a December story run in January."""
    match = _WIRE_DATELINE.match(line)
    monthday = match and match.group("monthday")
    parts = _MONTH_DAY.match(monthday) if monthday else None
    if parts is None:
        return None
    month, day = _MONTHS[parts.group("month")[:3].lower()], int(parts.group("day"))
    for year in (published.year, published.year - 1):
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            return None
        if found <= published + datetime.timedelta(days=1):
            return found if (published - found).days <= 31 else None
    return None


# The note a partner newsroom asks republishers to print under its story: "Harbor Watch
# is a nonprofit newsroom. Read more at …", "The 19th is an independent, nonprofit
# newsroom reporting on gender …". On the newsroom's own pages it names the site itself.
_ABOUT_NEWSROOM = re.compile(
    r"^(?P<name>[^.!?:;,]{2,60}?)\s+is\s+an?\s+(?:[\w’'-]+,?\s+){0,6}?"
    r"(?:newsroom|news\s+(?:organi[sz]ation|outlet|site|service|agency|website|venture)"
    r"|media\s+(?:organi[sz]ation|outlet|company|venture)|newspaper|magazine)\b",
    re.I,
)
_TRAILING_PREPOSITION = re.compile(r"\s+(?:on|at|in|by|from)\s*$", re.I)


def origin_notes(line: str, hrefs: tuple[str, ...] = ()) -> list[OriginNote]:
    """Statements in one block that name the article's original publisher."""
    words = len(line.split())
    notes: list[OriginNote] = []
    if words <= 60:
        notes += _explicit_notes(line, hrefs)
    if words <= 40 and not notes and (match := _COPYRIGHT.match(line)):
        notes.append(_copyright_note(line, match.group("rest"), hrefs))
    if words <= 50 and not notes and (match := _ABOUT_NEWSROOM.match(line)):
        notes.append(_note(line, match.group("name"), hrefs, strength=3))
    if not notes and (match := _WIRE_DATELINE.match(line)):
        notes.append(_note(match.group(0).strip(), match.group("name"), (), strength=2))
    if words <= 15 and not notes and (match := _SOURCE.match(line)):
        notes.append(_note(line, match.group("rest"), hrefs, strength=2))
    if words <= 80 and not notes and (match := _VIA.search(line)) and _at_end(line, match):
        notes.append(_note(line, match.group("rest"), hrefs, strength=2))
    return [n for n in notes if n.name or n.url]


def _at_end(line: str, match: re.Match[str]) -> bool:
    """ "(via X)" credits the whole piece only at its end; mid-text it credits a quote."""
    return not line[match.end() :].strip(" .")


def _explicit_notes(line: str, hrefs: tuple[str, ...]) -> list[OriginNote]:
    if not _EXPLICIT_HINT.search(line):
        return []  # one cheap scan instead of six on every paragraph of a long page
    if match := _WP_FOOTER.match(line):
        return [_note(line, match.group("rest"), hrefs, strength=4)]
    for pattern in _EXPLICIT:
        match = pattern.search(line)
        if match and _LEAD_IN.match(line[: match.start()]):
            return [_note(line, match.group("rest"), hrefs, strength=4)]
    for pattern in _POINTERS:
        match = pattern.match(line)
        rest = match.group("rest") if match else ""
        if rest[:1].isupper() and not _NOT_A_PUBLISHER.match(rest):  # re.I: [A-Z] took "the"
            return [_note(line, rest, hrefs, strength=4)]
    return []


def _note(line: str, rest: str, hrefs: tuple[str, ...], strength: int) -> OriginNote:
    urls = [u.rstrip(".,;:") for u in _URL.findall(rest)] + [h for h in hrefs if is_web(h)]
    hits = find_dates(rest)
    name = _URL.sub("", rest[: hits[0].start] if hits else rest)
    name = _NAME_STOP.split(name, maxsplit=1)[0].strip(" \t.,:;\"'“”‘’*→»›>")
    name = _TRAILING_PREPOSITION.sub("", name)
    if not loose_name(name) or name.lower() in _NOT_NAMES:
        name = ""
    if not name and urls:
        name = publisher_from_url(urls[0])
    return OriginNote(line, name, urls[0] if urls else "", hits[0].date if hits else None, strength)


def _copyright_note(line: str, rest: str, hrefs: tuple[str, ...]) -> OriginNote:
    """'Copyright © Author, Source, 2022': the source is the last name before the year."""
    rest = re.sub(r"\ball rights reserved\b.*", "", rest, flags=re.I)
    rest = re.sub(r"\b(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d(?:\d\d)?)?\b", ",", rest)
    parts = [p.strip(" .;:|") for p in rest.split(",")]
    names = [p for p in parts if looks_like_name(p, max_words=8)]
    urls = [h for h in hrefs if is_web(h)]
    return OriginNote(line, names[-1] if names else "", urls[-1] if urls else "", None, 3)


def is_web(href: str) -> bool:
    """A link to a web page, not a share button or a mail address."""
    return href.startswith(("http://", "https://")) and not _SHARE_LINK.search(href)


_SHARE_LINK = re.compile(
    r"(?:facebook\.com/sharer|twitter\.com/intent|x\.com/intent|linkedin\.com/share"
    r"|reddit\.com/submit|mailto:|whatsapp|t\.me/share|/share\?|[?&]share=)",
    re.I,
)


# ---------------------------------------------------------------- boilerplate

_BOILER_START = re.compile(
    r"^(?:note to readers|disclaimer|articles? by\s*:|share this|like this|related(?:\s+\w+)?\s*:?$"
    r"|(?:related(?:\s+(?:coverage|stories|story|articles?|content|reading))?|also read)\s*:\s*\S"
    # A promo whose label sits apart from its headline ("Related Low prices and long
    # trips: …"): a capital after the label and no sentence end, as headlines run.
    r"|related\s+(?-i:[A-Z\u2018\u201c\"'])[^.!?]{0,200}$"
    r"|advertisement|loading\W*$|(?:read|see) (?:more|also)\b|continue reading|click here"
    r"|subscribe\b|sign up\b|follow us|support (?:us|our)\b|donate\b|for media inquiries"
    r"|(?:print|e-?mail|tweet|share|comments?|reply)\s*$|leave a (?:comment|reply)"
    r"|you (?:may|might) also like|recommended\b|featured image|image (?:credit|source)"
    r"|join (?:us|our)\b|please share\b|help us\b)",
    re.I,
)
_BOILER_ANYWHERE = re.compile(
    r"\bnewsletter\b.{0,80}\b(?:click here|sign up|subscribe|receive)\b"
    r"|\b(?:click here|sign up|subscribe|receive)\b.{0,80}\bnewsletter\b"
    r"|\bfollow us\b|\bshare buttons?\b|\bbecome a (?:member|patron|subscriber|supporter)\b"
    r"|\bfair use\b|\btranslate website\b|\bcan be read in \d+ languages\b"
    r"|\bon our facebook page\b|\bcomment on\b.{0,80}\b(?:facebook|twitter)\b"
    r"|\bcopyrighted material\b|\bsole responsibility of the author|\ball rights reserved\b"
    r"|\bviews expressed\b.{0,80}\b(?:author|necessarily)\b|\bcross-?post\b.{0,80}\bblog\b"
    r"|\bplease (?:consider )?(?:donat|support)\w*\b",
    re.I,
)
# A row of share buttons as its labels come out of the page: "Facebook X LinkedIn Email".
_SHARE_ROW = re.compile(
    r"^(?:(?:share(?: on| via| this(?: article| story)?)?|facebook|x|twitter|linkedin|e-?mail"
    r"|whatsapp|telegram|reddit|pinterest|messenger|flipboard|bluesky|threads|print|copy(?: link)?"
    r"|copied)[\s,:|•·/]*){2,12}$",
    re.I,
)
_INTRO_START = re.compile(
    r"^(?:editor[’']?s note|introductory note|author[’']?s note"
    r"|this (?:story|article|piece|report|post) is (?:part|one) of (?:our|an?|the)\b"
    r"|the following (?:article|story|piece|report|post|essay|column)\b)",
    re.I,
)


_CHROME_LINE = re.compile(r"^(?:advertisement|sponsored|loading\W*|ad)$", re.I)
# A photo caption's credit: "… at the Mercer Junction facility. (Photo: Corvane Robotics)".
_CREDIT_WORD = r"(?:photo|image|picture|illustration|graphic)s?(?:\s+(?:by|credit))?\s*[:/]"
_CAPTION_CREDIT = re.compile(
    rf"(?:[(\[]\s*{_CREDIT_WORD}\s*[^()\[\]\n]{{1,80}}[)\]]|(?<=[.!?])\s+{_CREDIT_WORD}"
    r"\s*[^.!?\n]{1,60})\s*$",
    re.I,
)  # not a line that starts "Video: NATO Too Weak …", which is a copier's inserted link
# Headings of what a page puts after the article: contacts and lists of other stories.
_TRAILER_HEADING = re.compile(
    r"^(?:(?:media|press)\s+(?:contacts?|inquiries|enquiries)|contacts?|more\s+(?:news|stories"
    r"|from\s+.{1,40})|(?:related|latest|recent|other|top|popular|trending)\s+(?:news|stories"
    r"|articles|posts|headlines|releases|press releases)|read\s+next|you\s+may\s+also\s+like)"
    r"\s*:?$",
    re.I,
)


def is_page_chrome(line: str) -> bool:
    """Share buttons, ad labels and separators: the site's furniture, which every page of
    it has, as opposed to a notice or a note a republisher wrote around the article."""
    stripped = line.strip()
    return (
        not any(ch.isalnum() for ch in stripped)
        or bool(_SHARE_ROW.match(stripped))
        or bool(_CHROME_LINE.match(stripped))
    )


def block_kind(line: str) -> str | None:
    """'boilerplate' for the republisher's prompts and notices, 'intro' for editor's notes,
    None for article text."""
    stripped = line.strip()
    if is_page_chrome(stripped):
        return "boilerplate"
    words = len(stripped.split())
    if words <= 60 and _CAPTION_CREDIT.search(stripped):
        return "boilerplate"
    if _TRAILER_HEADING.match(stripped):
        return "boilerplate"
    if words <= 150 and _INTRO_START.match(stripped):
        return "intro"
    if words <= 150 and _BOILER_START.match(stripped):
        return "boilerplate"
    if words <= 120 and _BOILER_ANYWHERE.search(stripped):
        return "boilerplate"
    return None


def ends_sentence(text: str) -> bool:
    """True when a paragraph ends like a sentence (so it is not cut in two)."""
    return bool(_TERMINAL.search(text.rstrip()))


# ---------------------------------------------------------------- blocks of a page

REMOVED_KINDS = frozenset({"boilerplate", "origin_note"})  # what body_text() leaves out


@dataclass(frozen=True)
class Block:
    """One paragraph-level piece of a page, with the links it carried."""

    text: str
    hrefs: tuple[str, ...] = ()
    chrome: bool = False  # inside navigation, sidebars or the site footer
    quoted: bool = False  # set off as a block quotation (<blockquote>, "> ")


@dataclass
class Header:
    """What the lines above the article say about it."""

    title: str = ""
    subtitle: str = ""
    byline: str = ""
    posted_name: str = ""
    posted_date: datetime.date | None = None
    dated: list[tuple[str, datetime.date, Block]] = field(default_factory=list)
    dates: list[datetime.date] = field(default_factory=list)


@dataclass
class Body:
    """The article text with the republisher's blocks marked and the origin notes found."""

    text: str
    spans: list[tuple[int, int, str]]  # start, end, kind: offsets into text
    notes: list[OriginNote]
    quotations: list[tuple[int, int]] = field(default_factory=list)  # block quotations


# ---------------------------------------------------------------- header lines

_MAX_HEADER_BLOCKS = 25


def parse_header(blocks: list[Block], known_title: str) -> tuple[Header, list[Block]]:
    """Consume the metadata lines at the top; return them and the blocks of the body.

    Origin statements and boilerplate found among the header lines stay in the body (as
    spans) without ending the header, because sites put share prompts between the
    byline and the first paragraph.
    """
    header, kept, index, seen_header = Header(), [], 0, False
    while index < min(len(blocks), _MAX_HEADER_BLOCKS):
        block, line = blocks[index], blocks[index].text
        if known_title and same_text(line, known_title):
            header.title = known_title
        elif not header.title and _extends_title(line, known_title):
            header.title = line
        elif is_statement(block):
            kept.append(block)
        elif (parsed := classify_header(line)) is not None:
            absorb(header, parsed, block)
            seen_header = True
        elif _is_kicker(blocks, index, header, known_title):
            pass  # "Press release", "Analysis" above the headline: a label, not text
        elif not known_title and not header.title and not seen_header and title_like(line):
            header.title = line
        elif _is_subtitle(header, blocks, index):
            header.subtitle = line
        else:
            break
        index += 1
    if index >= len(blocks) and not kept:
        # Nothing but header lines: better to keep them as text than to return nothing.
        return Header(), blocks
    return header, kept + blocks[index:]


_KICKER_LOOKAHEAD = 3


def _extends_title(line: str, known_title: str) -> bool:
    """The visible headline with its deck run on ("THE WHEEL IS TURNING! Society Members
    Celebrate …") where the page's <title> gives only the first part."""
    key = fold(known_title)
    return len(key) >= 12 and title_like(line) and fold(line).startswith(key)


def _is_kicker(blocks: list[Block], index: int, header: Header, known_title: str) -> bool:
    """A short label line just above the known headline."""
    line = blocks[index].text
    if not known_title or header.title or len(line.split()) > 5 or ends_sentence(line):
        return False
    ahead = blocks[index + 1 : index + 1 + _KICKER_LOOKAHEAD]
    return any(same_text(b.text, known_title) for b in ahead)


def is_statement(block: Block) -> bool:
    """An attribution note or boilerplate: kept as text (a span), never a header field."""
    notes = origin_notes(block.text, block.hrefs)
    return any(n.strength >= 3 for n in notes) or block_kind(block.text) is not None


def absorb(header: Header, parsed: HeaderLine, block: Block) -> None:
    """Record one header line; the first byline or "Posted on" line wins."""
    kind, name, date = parsed.kind, parsed.name, parsed.date
    if kind == "posted":
        header.posted_name = header.posted_name or name
        header.posted_date = header.posted_date or date
    elif kind == "byline":
        header.byline = header.byline or name
        header.dates += [date] if date else []
    elif kind == "name_date" and date:
        header.dated.append((name, date, block))
    elif kind == "date" and date:
        header.dates.append(date)


def title_like(line: str, max_words: int = 25) -> bool:
    """Short and not ending like a sentence: how titles and deks look in saved text."""
    words = line.split()
    if not 0 < len(words) <= max_words or len(line) > 300 or _URL.match(line):
        return False
    return not line.endswith((".", ",", ":", ";"))


def _is_subtitle(header: Header, blocks: list[Block], index: int) -> bool:
    """A dek sits right under the title and right above the byline/date lines."""
    if not header.title or header.subtitle or index != _title_index(blocks, header) + 1:
        return False
    following = blocks[index + 1].text if index + 1 < len(blocks) else ""
    line = blocks[index].text
    return len(line.split()) <= 60 and classify_header(following) is not None


def _title_index(blocks: list[Block], header: Header) -> int:
    return next((i for i, b in enumerate(blocks) if same_text(b.text, header.title)), -2)


def same_text(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def fold(text: str) -> str:
    """Compare texts across markup differences: case, spaces, punctuation ignored."""
    return re.sub(r"\W+", "", text.casefold())


# ---------------------------------------------------------------- body and spans


def build_body(blocks: list[Block]) -> Body:
    blocks = _join_split_paragraphs(blocks)
    block_notes = [origin_notes(b.text, b.hrefs) for b in blocks]
    kinds = [_span_kind(b, n) for b, n in zip(blocks, block_notes, strict=True)]
    _mark_sandwiched(blocks, kinds)
    _mark_trailers(blocks, kinds)
    spans, quotations, offset = [], [], 0
    for block, kind in zip(blocks, kinds, strict=True):
        if kind:
            spans.append((offset, offset + len(block.text), kind))
        elif block.quoted:
            quotations.append((offset, offset + len(block.text)))
        offset += len(block.text) + 2  # the "\n\n" between paragraphs
    notes = [note for found in block_notes for note in found]
    return Body("\n\n".join(b.text for b in blocks), spans, notes, quotations)


def _span_kind(block: Block, notes: list[OriginNote]) -> str | None:
    # A paragraph ending "(via X)" is evidence, but it is article text: no span unless
    # the credit stands (almost) alone.
    words = len(block.text.split())
    if _INTRO_START.match(block.text) and words > 12:
        # "The following article was first published by X …": the republisher's own
        # note, which names the source and is an insertion too.
        return "intro"
    if (any(n.strength >= 3 for n in notes) and words <= 40) or (notes and words <= 12):
        return "origin_note"
    return block_kind(block.text)


def _mark_sandwiched(blocks: list[Block], kinds: list[str | None]) -> None:
    """A short fragment between two removed blocks ("Related", a lone link) is footer."""
    for i in range(1, len(blocks) - 1):
        between = kinds[i - 1] in REMOVED_KINDS and kinds[i + 1] in REMOVED_KINDS
        short = len(blocks[i].text.split()) <= 12 and not ends_sentence(blocks[i].text)
        if kinds[i] is None and between and short:
            kinds[i] = "boilerplate"


_TRAILER_LINE_WORDS = 20


def _mark_trailers(blocks: list[Block], kinds: list[str | None]) -> None:
    """Under a "Media contact:" or "More news" heading, the short lines that follow (a
    name, an e-mail address, other headlines) belong to it, up to the next sentence."""
    i = 0
    while i < len(blocks):
        if kinds[i] == "boilerplate" and _TRAILER_HEADING.match(blocks[i].text.strip()):
            j = i + 1
            while j < len(blocks) and kinds[j] is None and _trailer_line(blocks[j].text):
                kinds[j] = "boilerplate"
                j += 1
            i = j
        else:
            i += 1


def _trailer_line(text: str) -> bool:
    return len(text.split()) <= _TRAILER_LINE_WORDS and not ends_sentence(text)


def _join_split_paragraphs(blocks: list[Block]) -> list[Block]:
    """Rejoin "These individuals were sent" + "to the US-controlled…": a paragraph cut by
    a stray line break ends without punctuation and continues in lower case."""
    groups: list[list[Block]] = []
    for block in blocks:
        if groups and _continues(groups[-1][-1].text, block.text):
            groups[-1].append(block)
        else:
            groups.append([block])
    return [group[0] if len(group) == 1 else _merge(group) for group in groups]


def _merge(group: list[Block]) -> Block:
    hrefs = tuple(h for b in group for h in b.hrefs)
    quoted = all(b.quoted for b in group)
    return Block(" ".join(b.text for b in group), hrefs, group[0].chrome, quoted)


def _continues(prev: str, nxt: str) -> bool:
    return (
        nxt[:1].islower()
        and len(prev.split()) >= 4
        and not ends_sentence(prev)
        and block_kind(prev) is None
        and block_kind(nxt) is None
    )
