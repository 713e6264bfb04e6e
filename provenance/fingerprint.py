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
import threading
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
_EPS = 2.0**-17  # margin of minhash's float estimate: 5x its worst error (2**-19.36)
_SCRATCH = threading.local()
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
    """Normalised words: casefolded, NFKC, digits kept, punctuation dropped.

    The same words as :func:`tokens`, without the offsets it pays for per word.
    """
    if text.isascii():  # lowered and with one apostrophe first, it matches the same words
        return _WORD_RE.findall(text.lower().replace("`", "'"))
    return [
        word.lower().replace("`", "'")
        if word.isascii()
        else unicodedata.normalize("NFKC", word).casefold().translate(_APOSTROPHES)
        for word in _WORD_RE.findall(text)
    ]


def shingle_sequence(text_words: list[str], k: int = SHINGLE_K) -> np.ndarray:
    """xxh64 of each word k-shingle, in text order (duplicates kept).

    A text shorter than ``k`` words is one shingle of all its words, so short texts
    (titles, one-line reposts) still have a fingerprint.
    """
    n = len(text_words)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    joined = " ".join(text_words).encode()
    if n < k:
        return np.array([xxhash.xxh64_intdigest(joined)], dtype=np.uint64)
    # Each shingle is a slice of the joined text: one join and one encode in all, not one
    # per shingle (the byte string hashed is the same).
    if joined.isascii():
        lengths = np.fromiter(map(len, text_words), dtype=np.int64, count=n)
    else:
        lengths = np.fromiter((len(w.encode()) for w in text_words), dtype=np.int64, count=n)
    ends = np.cumsum(lengths + 1) - 1
    starts = (ends - lengths)[: n - k + 1].tolist()
    digest = xxhash.xxh64_intdigest
    return np.fromiter(
        (digest(joined[s:e]) for s, e in zip(starts, ends[k - 1 :].tolist(), strict=True)),
        dtype=np.uint64,
        count=n - k + 1,
    )


def shingle_hashes(text: str, k: int = SHINGLE_K) -> np.ndarray:
    """Sorted unique xxh64 hashes of the word k-shingles of ``text``."""
    return _unique(shingle_sequence(words(text), k))


def _unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` for uint64 by sorting: its hash table costs 8x more on a text's
    few hundred shingles."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


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


def _permute(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """(a*x + b) mod (2**61 - 1), exactly, for x already below 2**61 - 1."""
    return _fold61(_mulmod61(a, x) + b)


@lru_cache(maxsize=16)
def _estimators(num_perm: int, seed: int) -> np.ndarray:
    """Per permutation, float64 ``[a * 2**32 mod p, a, b] / p`` with ``_EPS`` added to
    the last: ``row @ [x >> 32, x & (2**32 - 1), 1]`` is ``(a*x + b) / p + _EPS`` mod 1."""
    a, b = _permutations(num_perm, seed)
    rows = [
        [
            ((int(ai) << 32) % MERSENNE_61) / MERSENNE_61,
            int(ai) / MERSENNE_61,
            int(bi) / MERSENNE_61,
        ]
        for ai, bi in zip(a, b, strict=True)
    ]
    weights = np.array(rows, dtype=np.float64)
    weights[:, 2] += _EPS
    weights.flags.writeable = False
    return weights


def _scratch(shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Two float64 matrices of ``shape``, reused by the thread (8 MB at most): fresh
    megabyte arrays cost more in page faults (the allocator hands them back to the OS)
    than the arithmetic done in them."""
    size = shape[0] * shape[1]
    space = getattr(_SCRATCH, "space", None)
    if space is None or space.shape[1] < size:
        space = _SCRATCH.space = np.empty((2, size), dtype=np.float64)
    return space[0, :size].reshape(shape), space[1, :size].reshape(shape)


def _estimate(values: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """``(a*x + b) mod p`` as a fraction of p, plus ``_EPS``, wrapped into [0, 1): a
    (num_perm, len(values)) float64 matrix, off by less than 2**-19 from the true value.

    Every product and sum stays below 2**33, so five roundings of half an ulp (2**-21)
    and the weights' own rounding (2**-54 times x < 2**32) bound the error.
    """
    columns = np.empty((3, len(values)), dtype=np.float64)
    columns[0] = values >> np.uint64(32)  # < 2**29
    columns[1] = values & _MASK32
    columns[2] = 1.0
    estimate, whole = _scratch((num_perm, len(values)))
    np.matmul(_estimators(num_perm, seed), columns, out=estimate)
    np.floor(estimate, out=whole)
    estimate -= whole
    return estimate


def _candidates(estimate: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every entry that may be its row's true minimum.

    An estimate below ``2 * _EPS`` may be a value near p that wrapped round; the others
    are their true value plus ``_EPS`` give or take the error, so the true minimum among
    them is within ``2 * _EPS`` of their lowest estimate.
    """
    part = estimate[rows]
    wrapped = part < 2 * _EPS
    lowest = np.where(wrapped, 2.0, part).min(axis=1, keepdims=True)
    row, col = np.nonzero(wrapped | (part <= lowest + 2 * _EPS))
    return rows[row], col


def _block_minima(values: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The exact minimum of ``(a*x + b) mod p`` over ``values`` for every permutation.

    Computing all ``num_perm * len(values)`` products exactly costs ~25 numpy passes
    over the matrix.  Instead the float64 estimate picks the entries that can be a
    row's minimum, and only those are computed exactly: the result is the same integer.
    For most rows that is the one lowest estimate, when it is clear of the wrap-round
    zone and more than ``2 * _EPS`` below the runner-up; the rest (under ``5 * _EPS *
    len(values)`` of them: 2-3 of 128 at 600 words) go through :func:`_candidates`.
    """
    a, b = _permutations(num_perm, seed)
    estimate = _estimate(values, num_perm, seed)
    perms = np.arange(num_perm)
    first = estimate.argmin(axis=1)
    lowest = estimate[perms, first]
    estimate[perms, first] = 2.0
    runner_up = estimate.min(axis=1)
    estimate[perms, first] = lowest
    sure = (lowest >= 2 * _EPS) & (runner_up > lowest + 2 * _EPS)
    more_rows, more_cols = _candidates(estimate, perms[~sure])
    rows = np.concatenate([perms[sure], more_rows])
    exact = _permute(a[rows], b[rows], values[np.concatenate([first[sure], more_cols])])
    minima = np.full(num_perm, _P, dtype=np.uint64)
    np.minimum.at(minima, rows, exact)
    return minima


def minhash(hashes: np.ndarray, num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """MinHash signature of a set of 64-bit hashes: ``num_perm`` uint64 minima of
    ``(a*h + b) mod (2**61 - 1)``.

    An empty set gets the signature of all ``2**61 - 1``, a value no hash can reach,
    which :func:`band_keys` turns into no keys: empty pages must not all collide.
    """
    signature = np.full(num_perm, _P, dtype=np.uint64)
    values = _fold61(np.asarray(hashes, dtype=np.uint64))
    for start in range(0, len(values), _CHUNK):
        block = _block_minima(values[start : start + _CHUNK], num_perm, seed)
        signature = np.minimum(signature, block)
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
    table = np.ascontiguousarray(signature[: bands * rows], dtype="<u8").tobytes()
    width = 8 * rows  # bytes of one band's rows, little-endian
    low_mask = (1 << _BAND_BITS) - 1
    digest = xxhash.xxh64_intdigest
    return [
        (band << _BAND_BITS)
        | (digest(table[band * width : (band + 1) * width], seed=band) & low_mask)
        for band in range(bands)
    ]


def sample_postings(hashes: np.ndarray, one_in: int = POSTING_ONE_IN) -> list[int]:
    """The shingle hashes divisible by ``one_in``, as sorted signed 64-bit integers.

    Selection by value keeps exactly the same shingles in the source and in any part
    copied from it, so the number of shared postings grows with the copied length.
    """
    return _sample(_unique(np.asarray(hashes, dtype=np.uint64)), one_in)


def _sample(unique: np.ndarray, one_in: int) -> list[int]:
    kept = unique[unique % np.uint64(one_in) == 0]
    return np.sort(kept.view(np.int64)).tolist()


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


def fingerprint(text: str, **options: int) -> Fingerprint:
    """Fingerprint ``text`` (body text, boilerplate already removed); ``options`` are
    :func:`fingerprint_words`'s."""
    return fingerprint_words(words(text), **options)


def fingerprint_words(
    text_words: list[str],
    *,
    k: int = SHINGLE_K,
    num_perm: int = NUM_PERM,
    bands: int = BANDS,
    rows: int = ROWS,
    one_in: int = POSTING_ONE_IN,
) -> Fingerprint:
    """:func:`fingerprint` of a text already cut into :func:`words` (a caller that
    needs the words of each paragraph too need not cut the text twice)."""
    hashes = _unique(shingle_sequence(text_words, k))
    signature = minhash(hashes, num_perm)
    return Fingerprint(
        word_count=len(text_words),
        hashes=hashes,
        signature=signature,
        band_keys=tuple(band_keys(signature, bands, rows)),
        postings=tuple(_sample(hashes, one_in)),  # hashes are unique already
    )


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Fraction of equal signature entries: an unbiased estimate of Jaccard similarity."""
    if len(sig_a) != len(sig_b) or len(sig_a) == 0:
        raise ValueError("signatures must have the same, non-zero length")
    empty = (sig_a == _P) & (sig_b == _P)
    if bool(np.all(empty)):
        return 0.0
    return float(np.mean(sig_a == sig_b))
