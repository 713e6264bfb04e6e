"""When a statement was made, from the words around its cue ("warned on 4 March that …").

A claim is made on one day and published on another, so the statement date is read from
the attribution frame only — the speaker, the cue and the cue's own modifiers — never from
the content: in "X said on Monday that the attack on 3 May killed five", 3 May is what the
claim is about, not when it was made. The caller passes the frame text; this module only
turns an expression into a day.

Only expressions that name one day resolve to a date. "Last week", "earlier this year" or
"in August last year" keep their text (an editor sees it) but give no date: a wrong day is
worse than none. Relative days need the publication date; without it they stay empty.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_ANY = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_LEAD = r"(?:(?:on|since|from)\s+)?(?:" + _WEEKDAY + r",?\s+)?"

_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
_DAY_MONTH = re.compile(r"\b" + _LEAD + _DAY + r"(?:\s+of)?\s+" + _MONTH + _YEAR + r"\b", re.I)
_MONTH_DAY = re.compile(r"\b" + _LEAD + _MONTH + r"\s+" + _DAY + r"\b" + _YEAR, re.I)
_RELATIVE_DAY = re.compile(
    r"\b(?P<word>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night"
    r"|(?:earlier\s+)?this\s+(?:morning|afternoon|evening))\b",
    re.I,
)
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<lead>on|last|this|late|early|earlier)\s+)?(?P<weekday>" + _WEEKDAY + r")\b(?!s)",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:(?:earlier|later|late|early)\s+(?:this|last)\s+(?:week|weekend|month|year)"
    r"|(?:this|last|past)\s+(?:week|weekend|month|year|spring|summer|autumn|fall|winter)"
    r"|(?:in|during|since|by|until)\s+(?:(?:early|late|mid-?)\s*)?"
    + _MONTH_ANY
    + r"(?:\s+last\s+year"
    r"|\s+this\s+year|,?\s+(?:19|20)\d\d)?"
    r"|(?:in|during)\s+(?:19|20)\d\d"
    r"|(?:at\s+the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:" + _MONTH_ANY + r"|(?:19|20)\d\d"
    r"|the\s+(?:week|month|year))"
    r"|(?:\d+|a|one|two|three|four|five|a\s+few|several)\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|recently|over\s+the\s+weekend)\b",
    re.I,
)
_RELATIVE_OFFSETS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
}


def _month_number(match: re.Match[str]) -> int | None:
    word = match.group("month")
    # "may" in lower case is the modal verb, not the month.
    if word == "may":
        return None
    return _MONTHS.get(word.lower().rstrip("."))


def _day_in_year(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar_date(match: re.Match[str], published: date | None) -> date | None:
    """A day-and-month expression; a missing year is the publication year, or the one
    before when that would put the statement after its own publication."""
    month = _month_number(match)
    if month is None:
        return None
    day = int(match.group("day"))
    if match.group("year"):
        found = _day_in_year(int(match.group("year")), month, day)
        return found if found and (published is None or found <= published) else None
    if published is None:
        return None
    found = _day_in_year(published.year, month, day)
    if found and found > published:
        found = _day_in_year(published.year - 1, month, day)
    return found


def _weekday_date(match: re.Match[str], published: date | None) -> date | None:
    """The latest such weekday on or before publication.

    On-or-before rather than strictly before: wire copy dates a same-day statement with its
    weekday ("said on Tuesday" in a Tuesday story means that day). "last Tuesday" does
    mean an earlier week when the story itself is from a Tuesday.
    """
    if published is None:
        return None
    weekday = _WEEKDAYS[match.group("weekday").lower()]
    back = (published.weekday() - weekday) % 7
    lead = (match.group("lead") or "").lower()
    if back == 0 and lead == "last":
        back = 7
    return published - timedelta(days=back)


def _relative_date(match: re.Match[str], published: date | None) -> date | None:
    if published is None:
        return None
    word = " ".join(match.group("word").lower().split())
    return published + timedelta(days=_RELATIVE_OFFSETS.get(word, 0))


def _iso_date(match: re.Match[str], published: date | None) -> date | None:
    found = _day_in_year(int(match.group("year")), int(match.group("mon")), int(match.group("day")))
    return found if found and (published is None or found <= published) else None


_EXACT = (
    (_ISO, _iso_date),
    (_DAY_MONTH, _calendar_date),
    (_MONTH_DAY, _calendar_date),
    (_RELATIVE_DAY, _relative_date),
    (_WEEKDAY_RE, _weekday_date),
)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,")


def resolve_statement_date(phrase: str, published: date | None) -> tuple[date | None, str]:
    """The day a frame phrase names, and the words that name it.

    Returns (None, words) for expressions that name a period rather than a day, and
    (None, "") when the phrase holds no time expression at all. The earliest exact
    expression wins over any vague one.
    """
    if not phrase:
        return None, ""
    best: tuple[int, date | None, str] | None = None
    for pattern, resolve in _EXACT:
        for match in pattern.finditer(phrase):
            if pattern in (_DAY_MONTH, _MONTH_DAY) and _month_number(match) is None:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), resolve(match, published), _clean(match.group(0)))
            break
    if best is not None:
        return best[1], best[2]
    vague = _VAGUE.search(phrase)
    # "may" in lower case is the modal verb: "in may" is not a month.
    if vague is not None and not re.search(r"\bmay\b", vague.group(0)):
        return None, _clean(vague.group(0))
    return None, ""


def has_time_word(text: str) -> bool:
    """Cheap pre-check so the extractor only resolves phrases that may hold a date."""
    lowered = text.lower()
    return any(word in lowered for word in _TIME_HINTS) or any(ch.isdigit() for ch in text)


_TIME_HINTS = (
    tuple(_WEEKDAYS)
    + tuple(name for name in _MONTHS if len(name) > 3)
    + ("yesterday", "today", "tonight", "night", "morning", "evening", "afternoon")
    + ("week", "month", "year", "recently", "ago", "earlier")
)
