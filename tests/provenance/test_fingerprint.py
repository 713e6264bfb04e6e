"""Fingerprints: normalisation, MinHash, LSH band keys and sampled postings."""

from __future__ import annotations

import random

import numpy as np
import pytest

from provenance.fingerprint import (
    BANDS,
    MERSENNE_61,
    NUM_PERM,
    ROWS,
    _permutations,
    band_keys,
    estimated_jaccard,
    fingerprint,
    minhash,
    sample_postings,
    shingle_hashes,
    words,
)

VOCABULARY = (
    "minister warned border grain convoy talks port city army report officials said "
    "government crisis pipeline election refugees shelling ceasefire agreement envoy "
    "spokesman statement ministry forces villages bridge harvest prices sanctions aid"
).split()


def prose(seed: int, n_words: int) -> str:
    """Random words in sentences: distinct 5-shingles, like unrelated articles."""
    rng = random.Random(seed)
    out = []
    for i in range(n_words):
        word = rng.choice(VOCABULARY) + (str(rng.randint(0, 99)) if rng.random() < 0.3 else "")
        out.append(word + ("." if i % 12 == 11 else ""))
    return " ".join(out)


def test_words_unify_typography_and_keep_digits():
    curly = "Russia’s “war” … began on 24 February 2022 — Dontesk"
    straight = 'RUSSIA\'S "war" ... began on 24 February 2022 - Dontesk'
    assert words(curly) == words(straight)
    assert words(curly) == ["russia's", "war", "began", "on", "24", "february", "2022", "dontesk"]


def test_words_fold_compatibility_forms():
    assert words("Ｆｕｌｌ-width ＮＡＴＯ") == ["full", "width", "nato"]


def test_shingle_hashes_are_unique_uint64():
    hashes = shingle_hashes("a b c d e f a b c d e f")
    assert hashes.dtype == np.uint64
    assert len(hashes) == len(set(hashes.tolist())) == 6  # "a b c d e" repeats


def test_short_text_has_one_shingle_and_empty_has_none():
    assert len(shingle_hashes("Breaking news")) == 1
    assert len(shingle_hashes("  … ")) == 0


def test_minhash_matches_exact_modular_arithmetic():
    hashes = shingle_hashes(prose(1, 40))
    a, b = _permutations(NUM_PERM, 1)
    expected = [
        min((int(ai) * (int(h) % MERSENNE_61) + int(bi)) % MERSENNE_61 for h in hashes)
        for ai, bi in zip(a[:8], b[:8], strict=True)
    ]
    assert minhash(hashes)[:8].tolist() == expected


def test_minhash_of_empty_set_gives_no_band_keys():
    signature = minhash(np.empty(0, dtype=np.uint64))
    assert signature.tolist() == [MERSENNE_61] * NUM_PERM
    assert band_keys(signature) == []


def test_minhash_estimates_jaccard():
    base = prose(2, 600).split()
    other = base[:400] + prose(3, 200).split()
    a, b = (
        set(shingle_hashes(" ".join(base)).tolist()),
        set(shingle_hashes(" ".join(other)).tolist()),
    )
    truth = len(a & b) / len(a | b)
    estimate = estimated_jaccard(
        minhash(np.array(sorted(a), dtype=np.uint64)), minhash(np.array(sorted(b), dtype=np.uint64))
    )
    assert abs(estimate - truth) < 0.12


def test_band_keys_are_signed_bigints_carrying_the_band_index():
    keys = band_keys(minhash(shingle_hashes(prose(4, 200))))
    assert len(keys) == BANDS
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert [key >> 56 for key in keys] == list(range(BANDS))


def test_band_parameters_find_half_similar_pairs():
    """The S-curve promise: Jaccard 0.5 pairs collide in some band with p > 0.99."""
    assert BANDS * ROWS <= NUM_PERM
    assert 1 - (1 - 0.5**ROWS) ** BANDS > 0.99
    found = 0
    for seed in range(60):
        base = prose(100 + seed, 500).split()
        # Replace a third of the text: Jaccard about 0.5.
        other = base[:170] + prose(1000 + seed, 170).split() + base[340:]
        found += bool(
            set(fingerprint(" ".join(base)).band_keys) & set(fingerprint(" ".join(other)).band_keys)
        )
    assert found >= 59


def test_unrelated_texts_rarely_share_band_keys():
    prints = [set(fingerprint(prose(500 + seed, 400)).band_keys) for seed in range(30)]
    collisions = sum(bool(prints[i] & prints[j]) for i in range(30) for j in range(i + 1, 30))
    assert collisions == 0


def test_sample_postings_keep_one_hash_value_in_sixteen():
    hashes = shingle_hashes(prose(5, 2000))
    postings = sample_postings(hashes)
    assert postings == sorted(postings)
    assert all(-(2**63) <= p < 2**63 for p in postings)
    assert all((p % 2**64) % 16 == 0 for p in postings)
    assert 0.04 < len(postings) / len(hashes) < 0.09


@pytest.mark.parametrize("start", [0, 150, 300, 480, 640])
def test_twenty_percent_excerpt_shares_sampled_postings_with_its_source(start):
    source = prose(6, 800).split()
    excerpt = " ".join(["In a recent report, the site wrote:", *source[start : start + 160]])
    shared = set(fingerprint(" ".join(source)).postings) & set(fingerprint(excerpt).postings)
    assert len(shared) >= 2  # the candidate threshold for texts of this length


def test_excerpts_are_found_by_postings_where_lsh_misses_them():
    """Jaccard of a 20% excerpt is ~0.2: band keys find about a third of them."""
    by_bands = by_postings = 0
    for seed in range(40):
        source = prose(200 + seed, 800).split()
        excerpt = " ".join(source[300:460])
        a, b = fingerprint(" ".join(source)), fingerprint(excerpt)
        by_bands += bool(set(a.band_keys) & set(b.band_keys))
        by_postings += len(set(a.postings) & set(b.postings)) >= 2
    assert by_postings == 40
    assert by_bands < 25


def test_fingerprint_bundles_everything_for_one_text():
    text = prose(7, 300)
    fp = fingerprint(text)
    assert fp.word_count == 300
    assert np.array_equal(fp.hashes, shingle_hashes(text))
    assert fp.band_keys == tuple(band_keys(fp.signature))
    assert fp.postings == tuple(sample_postings(fp.hashes))
