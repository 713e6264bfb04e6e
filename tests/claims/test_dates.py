"""Statement dates from frame phrases: only exact days resolve; the words are kept."""

from __future__ import annotations

from datetime import date

import pytest

from claims.dates import resolve_statement_date

SUNDAY_6_MARCH_2022 = date(2022, 3, 6)


@pytest.mark.parametrize(
    ("phrase", "expected", "words"),
    [
        ("on 4 March", date(2022, 3, 4), "on 4 March"),
        ("warned on 4 March that", date(2022, 3, 4), "on 4 March"),
        ("March 4", date(2022, 3, 4), "March 4"),
        ("on 4 March 2021", date(2021, 3, 4), "on 4 March 2021"),
        ("on the 4th of March", date(2022, 3, 4), "4th of March"),
        ("2022-03-01", date(2022, 3, 1), "2022-03-01"),
        ("yesterday", date(2022, 3, 5), "yesterday"),
        ("earlier today", date(2022, 3, 6), "today"),
        ("on Tuesday", date(2022, 3, 1), "on Tuesday"),
        ("on Sunday", date(2022, 3, 6), "on Sunday"),  # same-day wire style
        ("last Sunday", date(2022, 2, 27), "last Sunday"),
        ("on Friday night", date(2022, 3, 4), "on Friday"),
    ],
)
def test_exact_days_resolve(phrase, expected, words):
    assert resolve_statement_date(phrase, SUNDAY_6_MARCH_2022) == (expected, words)


def test_day_after_publication_means_the_previous_year():
    # A statement cannot postdate its own publication: 20 December in a March story is
    # last December.
    assert resolve_statement_date("on 20 December", SUNDAY_6_MARCH_2022) == (
        date(2021, 12, 20),
        "on 20 December",
    )


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("last week", "last week"),
        ("Earlier this year", "Earlier this year"),
        ("In August last year", "In August last year"),
        ("in August", "in August"),
        ("three weeks ago", "three weeks ago"),
        ("at the end of 2021", "at the end of 2021"),
    ],
)
def test_periods_keep_their_words_but_no_day(phrase, words):
    assert resolve_statement_date(phrase, SUNDAY_6_MARCH_2022) == (None, words)


def test_relative_days_need_a_publication_date():
    assert resolve_statement_date("on Tuesday", None) == (None, "on Tuesday")
    assert resolve_statement_date("on 4 March", None) == (None, "on 4 March")
    assert resolve_statement_date("on 4 March 2022", None) == (date(2022, 3, 4), "on 4 March 2022")


def test_no_time_expression():
    assert resolve_statement_date("in a statement to reporters", SUNDAY_6_MARCH_2022) == (None, "")
    assert resolve_statement_date("", SUNDAY_6_MARCH_2022) == (None, "")


def test_modal_may_is_not_a_month():
    assert resolve_statement_date("officials may 3 times", SUNDAY_6_MARCH_2022) == (None, "")


def test_impossible_and_future_dates_stay_empty():
    assert resolve_statement_date("on 31 February", SUNDAY_6_MARCH_2022)[0] is None
    assert resolve_statement_date("on 4 March 2023", SUNDAY_6_MARCH_2022)[0] is None
