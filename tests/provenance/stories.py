"""Generated news paragraphs for chain tests: distinct enough that copies are found only
where a test makes them."""

from __future__ import annotations

import random

WORDS = (
    "officials convoy border talks port city army report government crisis pipeline "
    "election refugees shelling ceasefire agreement envoy statement ministry forces "
    "villages bridge harvest prices sanctions aid residents region damage support"
).split()


def story(seed: int, n_paragraphs: int = 6) -> list[str]:
    """``n_paragraphs`` sentences of 25-40 words, the same for the same seed."""
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 40))).capitalize() + "."
        for _ in range(n_paragraphs)
    ]
