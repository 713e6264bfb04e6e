"""Claim clustering by words, and when it asks the semantic extra: no model needed here."""

from __future__ import annotations

import datetime as dt

import pytest

from claims import cluster, semantic
from claims.cluster import is_same_claim

MARCH_4 = dt.date(2022, 3, 4)
SVR = "the US and NATO countries are sending ISIS fighters from Syria to Ukraine"
SVR_RESTATED = "the US and NATO countries were sending ISIS fighters from Syria into Ukraine"
SVR_REWORDED = (
    "Washington and its NATO allies are moving Islamic State militants out of Syria into Ukraine"
)
SVR_UNRELATED = "the harbour would close for repairs next spring"


@pytest.fixture
def words_only(settings):
    settings.PROVENANCE_SEMANTIC = False


@pytest.fixture
def meaning_asked(monkeypatch) -> list[tuple[str, str]]:
    """semantic as if installed, saying every pair it is asked about means the same."""
    asked: list[tuple[str, str]] = []

    def similarity(a: str, b: str) -> float:
        asked.append((a, b))
        return 1.0

    monkeypatch.setattr(semantic, "available", lambda: True)
    monkeypatch.setattr(semantic, "similarity", similarity)
    return asked


def test_restatement_joins_on_words_alone(words_only):
    assert is_same_claim(SVR, MARCH_4, SVR_RESTATED, MARCH_4 + dt.timedelta(days=2))


def test_rewording_stays_apart_on_words_alone(words_only):
    assert cluster.GREY_ZONE <= cluster.claim_similarity(SVR, SVR_REWORDED) < cluster.SAME_CLAIM
    assert not is_same_claim(SVR, MARCH_4, SVR_REWORDED, MARCH_4)


def test_setting_off_makes_semantic_unavailable(settings):
    settings.PROVENANCE_SEMANTIC = False
    assert not semantic.available()


def test_semantic_unavailable_when_not_installed(settings, monkeypatch):
    settings.PROVENANCE_SEMANTIC = True
    monkeypatch.setattr(semantic, "installed", lambda: False)
    assert not semantic.available()


def test_meaning_is_asked_only_between_grey_zone_and_same_claim(meaning_asked):
    assert is_same_claim(SVR, MARCH_4, SVR_REWORDED, MARCH_4)
    assert meaning_asked == [(SVR, SVR_REWORDED)]

    meaning_asked.clear()
    assert is_same_claim(SVR, MARCH_4, SVR_RESTATED, MARCH_4)  # words decide
    assert cluster.claim_similarity(SVR, SVR_UNRELATED) < cluster.GREY_ZONE
    assert not is_same_claim(SVR, MARCH_4, SVR_UNRELATED, MARCH_4)
    assert meaning_asked == []


def test_meaning_never_overrides_dates_a_week_apart(meaning_asked):
    assert not is_same_claim(SVR, MARCH_4, SVR_REWORDED, MARCH_4 + dt.timedelta(days=8))
    assert not is_same_claim(SVR, MARCH_4, SVR_RESTATED, MARCH_4 - dt.timedelta(days=30))
    assert meaning_asked == []


def test_short_statements_join_only_when_identical_whatever_the_meaning(meaning_asked):
    assert not is_same_claim("the election was rigged", None, "the vote was fraudulent", None)
    assert meaning_asked == []
