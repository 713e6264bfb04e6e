"""Fingerprints are stored and compared across workers and years: their output is pinned.

The digests below were computed with the code before MinHash was vectorised (the 1M
article index built with it must stay valid); any change to them breaks every stored
band key and posting.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from provenance.fingerprint import (
    MERSENNE_61,
    NUM_PERM,
    _permutations,
    fingerprint,
    minhash,
    tokens,
    words,
)

SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]


def generated(seed: int, n_words: int) -> str:
    """Made-up words from a fixed LCG: the same text on every Python and numpy."""
    state, out = seed * 2654435761 + 1, []
    for i in range(n_words):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        word = "".join(
            SYLLABLES[(state >> (8 * j + 8)) % len(SYLLABLES)] for j in range(1 + (state >> 60) % 3)
        )
        out.append(word + ("." if i % 11 == 10 else ""))
    return " ".join(out)


TEXTS = {
    "empty": "",
    "punctuation": "  … — “” ",
    "short": "Breaking news",
    "four_words": "Don’t panic, Ｆｕｌｌ-width NATO!",
    "unicode": "Russia’s “war” … began on 24 February 2022 — Dontesk. Ça coûte 5 € à Zürich; "
    "ΑΘΗΝΑ σήμερα, Київ. " * 3,
    "repeated": "a b c d e f a b c d e f",
    "600_words": generated(1, 600),
    "6000_words": generated(2, 6000),  # more shingles than one MinHash block
}
DIGESTS = {
    "empty": "ebc318bd3933a9a559b44e18cb54a234",
    "punctuation": "ebc318bd3933a9a559b44e18cb54a234",
    "short": "966ef44bfbc15eb7b318c13db504a343",
    "four_words": "6b9e330809cdb49766f89ce39d9f196f",
    "unicode": "5c57132ca282853d5b5a14342ded6e23",
    "repeated": "72a260ace49ec80be79b2ab2aa5cfc88",
    "600_words": "cceeb7dc8359846dd896f961d566f9ea",
    "6000_words": "db9fa9db679822c8a6e73d86cf14da37",
}


def digest(text: str) -> str:
    print_ = fingerprint(text)
    h = hashlib.sha256()
    h.update(str(print_.word_count).encode())
    h.update(np.asarray(print_.hashes, dtype="<u8").tobytes())
    h.update(np.asarray(print_.signature, dtype="<u8").tobytes())
    h.update(repr(tuple(print_.band_keys)).encode())
    h.update(repr(tuple(print_.postings)).encode())
    return h.hexdigest()[:32]


@pytest.mark.parametrize("name", list(TEXTS))
def test_fingerprint_output_is_the_stored_one_bit_for_bit(name):
    assert digest(TEXTS[name]) == DIGESTS[name]


def test_fingerprint_types_are_the_stored_ones():
    print_ = fingerprint(TEXTS["600_words"])
    assert print_.hashes.dtype == print_.signature.dtype == np.uint64
    assert all(type(k) is int for k in print_.band_keys + print_.postings)


@pytest.mark.parametrize(
    "text", ["Don`t stop rock`n`roll, O’Neil’s `quoted` text", "ASCII only: it's 5 o'clock"]
)
def test_words_are_the_words_of_tokens(text):
    assert words(text) == [token.word for token in tokens(text)]


def exact_minhash(hashes: list[int]) -> list[int]:
    """The definition, in Python integers."""
    a, b = (v.tolist() for v in _permutations(NUM_PERM, 1))
    values = [h % MERSENNE_61 for h in hashes]
    return [min((ai * x + bi) % MERSENNE_61 for x in values) for ai, bi in zip(a, b, strict=True)]


def landing_on(perm: int, target: int) -> int:
    """A hash whose permuted value under permutation ``perm`` is ``target``."""
    a, b = (int(v[perm]) for v in _permutations(NUM_PERM, 1))
    return (target - b) * pow(a, -1, MERSENNE_61) % MERSENNE_61


def test_minhash_is_exact_where_its_float_estimate_is_ambiguous():
    """Values next to p, whose estimate wraps round to look smallest; values at 0; pairs
    one apart: the float filter must leave these to exact arithmetic."""
    p = MERSENNE_61
    targets = [(p - 1, p - 2, p // 2000), (0, 1, p - 1), (p // 1000, p // 1000 + 1)]
    special = [landing_on(perm, target) for perm in range(NUM_PERM) for target in targets[perm % 3]]
    special.append(landing_on(3, p - 1) + p)  # the same value once folded below p
    filler = np.random.default_rng(7).integers(0, 2**64, size=500, dtype=np.uint64).tolist()
    for hashes in (special, special + filler, special[:3], [landing_on(5, p - 1)]):
        assert minhash(np.array(hashes, dtype=np.uint64)).tolist() == exact_minhash(hashes)


@pytest.mark.parametrize("size", [1, 2, 40, 600, 5000])
def test_minhash_matches_the_definition_on_random_sets(size):
    rng = np.random.default_rng(size)
    for _ in range(3):
        hashes = rng.integers(0, 2**64, size=size, dtype=np.uint64)
        assert minhash(hashes).tolist() == exact_minhash(hashes.tolist())
