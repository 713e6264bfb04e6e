"""Speaker keys, titles and alias matching."""

from __future__ import annotations

import pytest

from claims.speakers import SpeakerRecord, canonical_key, same_speaker, split_appositive

SVR = SpeakerRecord(
    id=1,
    name="The foreign intelligence service of Russia (SVR RF)",
    aliases=(),
    kind="organisation",
)
KONASHENKOV = SpeakerRecord(id=2, name="Igor Konashenkov", aliases=(), kind="person")
CRADLE = SpeakerRecord(id=3, name="The Cradle", aliases=(), kind="organisation")
KNOWN = [SVR, KONASHENKOV, CRADLE]


def test_canonical_key_folds_case_articles_possessives_and_of():
    assert canonical_key("The foreign intelligence service of Russia") == (
        "russia foreign intelligence service"
    )
    assert canonical_key("Russia’s Foreign Intelligence Service") == (
        "russia foreign intelligence service"
    )
    assert canonical_key("the U.S.") == "us"
    assert canonical_key("Zoë  Ståhl") == "zoe stahl"


def test_split_title_before_name():
    assert split_appositive("Russian Defense Ministry spokesman Igor Konashenkov") == (
        "Igor Konashenkov",
        "spokesman",
        "Russian Defense Ministry",
    )
    assert split_appositive("Deputy Minister Tomas Ravel") == ("Tomas Ravel", "Deputy Minister", "")


def test_split_comma_appositions():
    assert split_appositive("Kira Van Loon, a spokeswoman for the airline") == (
        "Kira Van Loon",
        "spokeswoman",
        "airline",
    )
    assert split_appositive("The museum’s curator, Oskar Lind") == (
        "Oskar Lind",
        "curator",
        "museum",
    )
    assert split_appositive("Ivo Petrak, chief economist at Dunmore Bank") == (
        "Ivo Petrak",
        "chief economist",
        "Dunmore Bank",
    )


def test_parenthesised_acronym_becomes_an_alias():
    parsed = split_appositive("The foreign intelligence service of Russia (SVR RF)")
    assert parsed.name == "The foreign intelligence service of Russia"
    assert parsed.aliases == ("SVR RF",)
    assert (parsed.role, parsed.affiliation) == ("", "")


def test_plain_names_pass_through():
    assert split_appositive("The Cradle") == ("The Cradle", "", "")


@pytest.mark.parametrize(
    "mention",
    [
        "SVR",
        "the SVR",
        "SVR RF",
        "the foreign intelligence service of Russia",
        "Russia's Foreign Intelligence Service",
        "The foreign intelligence service of Russia (SVR RF)",
    ],
)
def test_svr_mentions_are_one_speaker(mention):
    assert same_speaker(mention, KNOWN) is SVR


def test_surname_matches_known_person():
    assert same_speaker("Konashenkov", KNOWN) is KONASHENKOV
    assert same_speaker("Russian Defense Ministry spokesman Igor Konashenkov", KNOWN) is (
        KONASHENKOV
    )


def test_unknown_and_ambiguous_mentions_give_none():
    assert same_speaker("The Lantern Post", KNOWN) is None
    twins = [
        SpeakerRecord(id=8, name="Anna Holm", kind="person"),
        SpeakerRecord(id=9, name="Erik Holm", kind="person"),
    ]
    assert same_speaker("Holm", twins) is None


def test_spelling_variants_match_fuzzily():
    record = SpeakerRecord(id=5, name="People's Republic of Donetsk", kind="organisation")
    assert same_speaker("People's Republic of Dontesk", [record]) is record
