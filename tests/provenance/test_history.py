"""History written in bulk by the database holds what simple_history itself would write:
the row's values, the date, the reason, the type and the user."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims.models import Claim, Speaker
from provenance.history import CHANGED, CREATED, bulk_create_audited, record_history

pytestmark = pytest.mark.django_db


def test_bulk_create_writes_one_created_row_per_object_with_its_values():
    before = timezone.now()
    speaker = Speaker.objects.create(name="SVR", key="svr")
    claims = [Claim(speaker=speaker, text=f"claim {i}") for i in range(3)]

    saved = bulk_create_audited(claims, Claim, reason="extracted")

    assert saved == claims and all(c.pk for c in claims)
    for claim in claims:
        (row,) = claim.history.all()
        assert (row.text, row.speaker_id, row.id) == (claim.text, speaker.pk, claim.pk)
        assert row.history_type == CREATED
        assert row.history_change_reason == "extracted"
        assert row.history_user is None
        assert row.history_date >= before


def test_the_user_comes_from_the_rows_as_simple_history_takes_it(editor):
    claims = [Claim(text="a"), Claim(text="b")]
    claims[0]._history_user = editor

    bulk_create_audited(claims, Claim)

    assert {c.history.get().history_user for c in claims} == {editor}
    assert claims[0].history.get().history_change_reason is None


def test_a_change_recorded_after_a_bulk_update_holds_the_new_values():
    speaker = Speaker.objects.create(name="SVR", key="svr")
    speaker.aliases = ["SVR RF"]
    Speaker.objects.bulk_update([speaker], ["aliases"])

    record_history(Speaker, [speaker.pk], reason="learnt an alias")

    latest = speaker.history.first()
    assert latest.history_type == CHANGED
    assert latest.aliases == ["SVR RF"]
    assert latest.history_change_reason == "learnt an alias"
    assert speaker.history.count() == 2  # the create, then the change


def test_nothing_to_write_writes_nothing():
    assert bulk_create_audited([], Claim) == []
    record_history(Claim, [])
    assert not Claim.history.exists()


def test_many_rows_go_in_in_parts_and_none_is_lost():
    claims = bulk_create_audited([Claim(text=str(i)) for i in range(1203)], Claim)

    assert Claim.history.filter(history_type=CREATED).count() == 1203
    assert set(Claim.history.values_list("id", flat=True)) == {c.pk for c in claims}
