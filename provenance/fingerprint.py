"""Text fingerprints that let every worker find copies of an article in one shared index.

A page is reduced to the set of its word 5-shingles (hashed with xxh64), then to two
index entries stored as PostgreSQL ``bigint`` rows:

* **LSH band keys** from a 128-permutation MinHash signature, cut into 42 bands of 3
  rows.  Two texts with Jaccard similarity ``s`` share at least one band key with
  probability ``1 - (1 - s**3) ** 42``::

      s     0.05   0.10   0.20   0.30   0.40   0.45   0.50   0.60   0.80
      P     0.005  0.041  0.286  0.683  0.938  0.982  0.9963 1.000  1.000

  so near-duplicates (s >= 0.5) are found with probability > 0.99 while unrelated
  pages (s < 0.05) rarely collide.  The 32 x 4 split reaches only 0.873 at s = 0.5.
* **Sampled shingle postings**: the shingle hashes divisible by 16.  Sampling by hash
  value (not by position) keeps the same shingles in every copy, so an excerpt of 20%
  of an 800-word article still shares about ten postings with its source even though
  its Jaccard similarity (~0.2) is far below what LSH can find.

Every hash here is a pure function of the text: no process-seeded ``hash()`` and no
random generator whose stream could change between numpy releases, because the keys
are stored and compared across workers, machines and years.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import xxhash

SHINGLE_K = 5
NUM_PERM = 128
BANDS = 42
ROWS = 3
POSTING_ONE_IN = 16
SHORT_TEXT_POSTINGS = 12

MERSENNE_61 = (1 << 61) - 1
_P = np.uint64(MERSENNE_61)
_MASK32 = np.uint64(0xFFFFFFFF)
_MASK29 = np.uint64((1 << 29) - 1)
_CHUNK = 4096  # hashes per block in minhash: bounds memory to num_perm * 4096 words
_BAND_BITS = 56  # low bits of a band key hold the band hash, high bits the band index

# Words are runs of letters/digits, joined by apostrophes so "don't" stays one word.
# Punctuation is dropped, which is what unifies “curly” and "straight" quotes, … and
# ..., dashes and brackets: copies retyped by another CMS differ mostly in those.
_WORD_RE = re.compile(r"\w+(?:['’‘ʼ`´]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


@dataclass(frozen=True, slots=True)
class Token:
    """A normalised word and where it sits in the original text (for spans and quotes)."""

    word: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words of ``text`` with their character offsets into ``text`` itself.

    Normalisation (NFKC, casefold, one apostrophe) is applied per word so offsets stay
    valid: NFKC on the whole text would shift them ("…" becomes "...").
    """
    out: list[Token] = []
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if word.isascii():  # the common case, ten times cheaper
            word = word.lower().replace("`", "'")
        else:
            word = unicodedata.normalize("NFKC", word).casefold().translate(_APOSTROPHES)
        out.append(Token(word, match.start(), match.end()))
    return out


def words(text: str) -> list[str]:
    """Normalised words: casefolded, NFKC, digits kept, punctuation dropped."""
    return [token.word for token in tokens(text)]


def shingle_sequence(text_words: list[str], k: int = SHINGLE_K) -> np.ndarray:
    """xxh64 of each word k-shingle, in text order (duplicates kept).

    A text shorter than ``k`` words is one shingle of all its words, so short texts
    (titles, one-line reposts) still have a fingerprint.
    """
    if not text_words:
        return np.empty(0, dtype=np.uint64)
    if len(text_words) < k:
        grams = [" ".join(text_words)]
    else:
        grams = [" ".join(text_words[i : i + k]) for i in range(len(text_words) - k + 1)]
    return np.fromiter(
        (xxhash.xxh64_intdigest(gram.encode()) for gram in grams), dtype=np.uint64, count=len(grams)
    )


def shingle_hashes(text: str, k: int = SHINGLE_K) -> np.ndarray:
    """Sorted unique xxh64 hashes of the word k-shingles of ``text``."""
    return np.unique(shingle_sequence(words(text), k))


@lru_cache(maxsize=16)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The fixed (a, b) of h -> (a*h + b) mod (2**61 - 1), derived from xxh64.

    Derived by hashing rather than drawn from numpy's generator: stored band keys are
    only comparable while these numbers never change.
    """
    index = range(num_perm)
    a = [xxhash.xxh64_intdigest(b"a%d" % i, seed=seed) % (MERSENNE_61 - 1) + 1 for i in index]
    b = [xxhash.xxh64_intdigest(b"b%d" % i, seed=seed) % MERSENNE_61 for i in index]
    a_arr, b_arr = np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)
    a_arr.flags.writeable = b_arr.flags.writeable = False
    return a_arr, b_arr


def _fold61(x: np.ndarray) -> np.ndarray:
    """x mod (2**61 - 1) for any uint64 x, using 2**61 = 1 (mod p)."""
    x = (x & _P) + (x >> np.uint64(61))
    return np.where(x >= _P, x - _P, x)


def _mulmod61(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Exact (a * x) mod (2**61 - 1) for a, x < 2**61, without 128-bit integers.

    The product is split into 32-bit halves; each partial product fits in uint64 and
    is folded with 2**61 = 1.  The usual numpy shortcut lets a*x wrap modulo 2**64,
    which is no longer a universal hash family.
    """
    a_hi, a_lo = a >> np.uint64(32), a & _MASK32
    x_hi, x_lo = x >> np.uint64(32), x & _MASK32
    high = a_hi * x_hi  # < 2**58, weight 2**64 = 8 (mod p)
    mid = a_hi * x_lo + a_lo * x_hi  # < 2**62, weight 2**32
    low = a_lo * x_lo  # < 2**64
    total = high << np.uint64(3)
    total += (mid >> np.uint64(29)) + ((mid & _MASK29) << np.uint64(32))
    total += (low & _P) + (low >> np.uint64(61))
    return _fold61(total)


def minhash(hashes: np.ndarray, num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """MinHash signature of a set of 64-bit hashes: ``num_perm`` uint64 minima.

    An empty set gets the signature of all ``2**61 - 1``, a value no hash can reach,
    which :func:`band_keys` turns into no keys: empty pages must not all collide.
    """
    a, b = _permutations(num_perm, seed)
    signature = np.full(num_perm, _P, dtype=np.uint64)
    values = _fold61(np.asarray(hashes, dtype=np.uint64))
    for start in range(0, len(values), _CHUNK):
        block = values[start : start + _CHUNK][None, :]
        permuted = _fold61(_mulmod61(a[:, None], block) + b[:, None])
        signature = np.minimum(signature, permuted.min(axis=1))
    return signature


def band_keys(signature: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """LSH keys: one non-negative signed 64-bit integer per band, band index included.

    The band index sits in the top byte (``band << 56``), so equal rows in different
    bands never produce the same key and one bigint column can hold all bands.
    """
    if not 0 < bands < 128:
        raise ValueError("bands must be between 1 and 127 to fit the band index")
    if bands * rows > len(signature):
        raise ValueError(f"{bands} bands x {rows} rows need a longer signature")
    signature = np.asarray(signature, dtype=np.uint64)
    if bool(np.all(signature == _P)):
        return []
    table = np.ascontiguousarray(signature[: bands * rows], dtype="<u8").reshape(bands, rows)
    low_mask = (1 << _BAND_BITS) - 1
    return [
        (band << _BAND_BITS) | (xxhash.xxh64_intdigest(row.tobytes(), seed=band) & low_mask)
        for band, row in enumerate(table)
    ]


def sample_postings(hashes: np.ndarray, one_in: int = POSTING_ONE_IN) -> list[int]:
    """The shingle hashes divisible by ``one_in``, as sorted signed 64-bit integers.

    Selection by value keeps exactly the same shingles in the source and in any part
    copied from it, so the number of shared postings grows with the copied length.
    """
    values = np.unique(np.asarray(hashes, dtype=np.uint64))
    kept = values[values % np.uint64(one_in) == 0]
    return sorted(kept.view(np.int64).tolist())


def min_shared_postings(a_postings: int, b_postings: int) -> int:
    """Shared postings that make two texts candidates: two, or one when either text has
    at most ``SHORT_TEXT_POSTINGS`` (about 200 words, where a 20% excerpt of it holds
    only a few sampled shingles).  Symmetric, so either text may arrive first."""
    return 1 if min(a_postings, b_postings) <= SHORT_TEXT_POSTINGS else 2


def as_signed(hashes: np.ndarray) -> np.ndarray:
    """uint64 hashes reinterpreted as int64, the form PostgreSQL bigint stores."""
    return np.asarray(hashes, dtype=np.uint64).view(np.int64)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """Everything the index stores for one text."""

    word_count: int
    hashes: np.ndarray  # sorted unique uint64 shingle hashes
    signature: np.ndarray  # uint64 MinHash signature
    band_keys: tuple[int, ...]
    postings: tuple[int, ...]


def fingerprint(
    text: str,
    *,
    k: int = SHINGLE_K,
    num_perm: int = NUM_PERM,
    bands: int = BANDS,
    rows: int = ROWS,
    one_in: int = POSTING_ONE_IN,
) -> Fingerprint:
    """Fingerprint ``text`` (body text, boilerplate already removed)."""
    text_words = words(text)
    hashes = np.unique(shingle_sequence(text_words, k))
    signature = minhash(hashes, num_perm)
    return Fingerprint(
        word_count=len(text_words),
        hashes=hashes,
        signature=signature,
        band_keys=tuple(band_keys(signature, bands, rows)),
        postings=tuple(sample_postings(hashes, one_in)),
    )


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Fraction of equal signature entries: an unbiased estimate of Jaccard similarity."""
    if len(sig_a) != len(sig_b) or len(sig_a) == 0:
        raise ValueError("signatures must have the same, non-zero length")
    empty = (sig_a == _P) & (sig_b == _P)
    if bool(np.all(empty)):
        return 0.0
    return float(np.mean(sig_a == sig_b))
