"""Claims compared by meaning with the real model: `make test` installs the extra, so these
fail, rather than skip, when it is missing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims import semantic, services
from claims.cluster import is_same_claim
from claims.models import Speaker

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "tests" / "data" / "claim_pairs.jsonl"
MARCH_4 = dt.date(2022, 3, 4)
# The example: the SVR's warning of 4 March as two outlets reported it.
SVR = "the US is preparing a provocation with chemical weapons in Ukraine"
SVR_ELSEWHERE = "Washington is readying a staged chemical attack on Ukrainian soil"
SVR_OTHER = "similar extremist groups are being recruited throughout West Asia and North Africa"

NO_NETWORK = """
import socket

def refuse(*args, **kwargs):
    raise OSError("network used while loading the model")

socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse

from django.conf import settings

settings.configure(PROVENANCE_SEMANTIC=True)
from claims import semantic

print(semantic.embedding("offline").shape)
"""


@pytest.fixture(autouse=True)
def meaning_on(settings):
    settings.PROVENANCE_SEMANTIC = True


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]


def test_extra_is_installed_for_the_test_command():
    assert semantic.installed(), "make install-semantic (requirements-semantic.txt)"
    assert semantic.available()


def test_model_loads_from_site_packages_without_the_network():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "(384,)"


def test_embeddings_are_unit_length_cached_and_read_only():
    vector = semantic.embedding(SVR)
    assert vector is semantic.embedding(SVR)
    assert not vector.flags.writeable
    assert semantic.similarity(SVR, SVR) == pytest.approx(1.0, abs=1e-5)


def test_another_outlets_wording_joins_the_claim(settings):
    assert is_same_claim(SVR, MARCH_4, SVR_ELSEWHERE, MARCH_4 + dt.timedelta(days=1))
    settings.PROVENANCE_SEMANTIC = False
    assert not is_same_claim(SVR, MARCH_4, SVR_ELSEWHERE, MARCH_4 + dt.timedelta(days=1))


def test_another_statement_of_the_same_speaker_stays_apart():
    assert not is_same_claim(SVR, MARCH_4, SVR_OTHER, MARCH_4)


def test_meaning_joins_most_rewordings_and_adds_few_wrong_joins(settings, pairs):
    with_meaning = [is_same_claim(p["a"], None, p["b"], None) for p in pairs]
    settings.PROVENANCE_SEMANTIC = False
    words_only = [is_same_claim(p["a"], None, p["b"], None) for p in pairs]
    same = sum(p["same"] for p in pairs)
    # Measured: words alone join 4 of the 34 pairs that should join, with meaning 20; the
    # meaning adds one wrong join of 32 (bench/claim_pairs.py --errors).
    joined_right = sum(w and p["same"] for p, w in zip(pairs, with_meaning, strict=True))
    assert sum(w and p["same"] for p, w in zip(pairs, words_only, strict=True)) <= 0.2 * same
    assert joined_right >= 0.5 * same
    added_wrong = sum(
        m and not w and not p["same"]
        for p, m, w in zip(pairs, with_meaning, words_only, strict=True)
    )
    assert added_wrong <= 2


@pytest.mark.django_db
def test_claim_for_gives_a_reworded_report_the_same_claim():
    svr = Speaker.objects.create(name="Foreign Intelligence Service", key="svr")
    first = services.claim_for(speaker=svr, content=SVR, statement_date=MARCH_4)
    again = services.claim_for(speaker=svr, content=SVR_ELSEWHERE, statement_date=MARCH_4)
    other = services.claim_for(speaker=svr, content=SVR_OTHER, statement_date=MARCH_4)
    assert again.pk == first.pk
    assert other.pk != first.pk


@pytest.mark.django_db
def test_open_pairs_of_an_article_are_embedded_in_one_batch(monkeypatch):
    svr = Speaker.objects.create(name="Foreign Intelligence Service", key="svr")
    services.claim_for(speaker=svr, content=SVR, statement_date=MARCH_4)
    semantic._cache.clear()
    model, batches = semantic._model(), []
    encode = model.encode

    def spy(texts, **options):
        batches.append(list(texts) if isinstance(texts, list) else [texts])
        return encode(texts, **options)

    monkeypatch.setattr(model, "encode", spy)
    first, second = services.claims_for(
        statements=[(svr, SVR_ELSEWHERE, MARCH_4), (svr, SVR_OTHER, MARCH_4)]
    )

    assert len(batches) == 1
    assert {SVR, SVR_ELSEWHERE} <= set(batches[0])
    assert first.text == SVR and second.text == SVR_OTHER
