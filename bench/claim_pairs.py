"""Whether claim clustering joins the labelled pairs it should, words alone and with meaning.

    python bench/claim_pairs.py            # accuracy per split, then embedding timings
    python bench/claim_pairs.py --sweep    # also the SAME_MEANING candidates on each split
    python bench/claim_pairs.py --errors   # also every pair the combined rule gets wrong

Pairs (tests/data/claim_pairs.jsonl): two reports of one speaker's statement content, dates
taken to agree. "paraphrase" and "restatement" pairs are one statement and should join;
"other_statement" (same speaker, same topic) and "negation" pairs should not. The
threshold was chosen on the "dev" split; "test" shows how it holds on pairs it was not
chosen on. Without the semantic extra only the lexical figures are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAIRS = ROOT / "tests" / "data" / "claim_pairs.jsonl"
SWEEP = (0.55, 0.6, 0.62, 0.64, 0.66, 0.67, 0.68, 0.7, 0.72, 0.75, 0.8)


def score(pairs: list[dict], joined: list[bool]) -> str:
    tp = sum(j and p["same"] for p, j in zip(pairs, joined, strict=True))
    fp = sum(j and not p["same"] for p, j in zip(pairs, joined, strict=True))
    right = sum(j == p["same"] for p, j in zip(pairs, joined, strict=True))
    should = sum(p["same"] for p in pairs)
    return (
        f"accuracy {right}/{len(pairs)} ({right / len(pairs):.0%})  "
        f"joined {tp + fp} of which wrong {fp}  recall {tp}/{should}"
    )


def decide(pairs: list[dict], *, semantic_on: bool) -> list[bool]:
    from django.test import override_settings

    from claims.cluster import is_same_claim

    with override_settings(PROVENANCE_SEMANTIC=semantic_on):
        return [is_same_claim(p["a"], None, p["b"], None) for p in pairs]


def report(pairs: list[dict], with_meaning: bool) -> dict[str, list[bool]]:
    rules = {"lexical": decide(pairs, semantic_on=False)}
    if with_meaning:
        rules["lexical+semantic"] = decide(pairs, semantic_on=True)
    for split in ("dev", "test", "all"):
        keep = [split in ("all", p["split"]) for p in pairs]
        chosen = [p for p, k in zip(pairs, keep, strict=True) if k]
        for name, joined in rules.items():
            mine = [j for j, k in zip(joined, keep, strict=True) if k]
            print(f"{split:5} {name:17} {score(chosen, mine)}")
    return rules


def sweep(pairs: list[dict]) -> None:
    from claims import cluster, semantic

    lexical = [cluster.claim_similarity(p["a"], p["b"]) for p in pairs]
    meaning = [semantic.similarity(p["a"], p["b"]) for p in pairs]
    for split in ("dev", "test"):
        cells = []
        for threshold in SWEEP:
            right = sum(
                (lex >= cluster.SAME_CLAIM or (lex >= cluster.GREY_ZONE and sem >= threshold))
                == p["same"]
                for p, lex, sem in zip(pairs, lexical, meaning, strict=True)
                if p["split"] == split
            )
            cells.append(f"{threshold:.2f}:{right}")
        print(f"{split:5} right at SAME_MEANING  " + "  ".join(cells))


def unrelated(pairs: list[dict]) -> None:
    """Statements of different speakers paired up: what the grey-zone floor saves."""
    from claims import cluster, semantic

    speaker_of = {text: p["speaker"] for p in pairs for text in (p["a"], p["b"])}
    texts = sorted(speaker_of)
    scored = [
        (cluster.claim_similarity(a, b), semantic.similarity(a, b))
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if speaker_of[a] != speaker_of[b]
    ]
    asked = [sem for lex, sem in scored if cluster.GREY_ZONE <= lex < cluster.SAME_CLAIM]
    print(
        f"unrelated pairs: {len(scored)}, in the grey zone {len(asked) / len(scored):.1%}, "
        f"highest meaning {max(sem for _lex, sem in scored):.3f}"
    )


def errors(pairs: list[dict], joined: list[bool]) -> None:
    from claims import cluster, semantic

    for p, j in zip(pairs, joined, strict=True):
        if j != p["same"]:
            lex = cluster.claim_similarity(p["a"], p["b"])
            sem = semantic.similarity(p["a"], p["b"])
            print(f"  {p['kind']:15} words {lex:5.1f} meaning {sem:.3f}: {p['a']!r} / {p['b']!r}")


def timings(pairs: list[dict], load_seconds: float) -> None:
    from claims import semantic

    print(f"model load with the first embedding: {load_seconds:.1f} s")
    texts = sorted({t for p in pairs for t in (p["a"], p["b"])})
    semantic.clear_cache()
    each = []
    for text in texts:
        started = time.perf_counter()
        semantic.embedding(text)
        each.append(time.perf_counter() - started)
    each.sort()
    semantic.clear_cache()
    started = time.perf_counter()
    semantic.embeddings(texts)
    batched = (time.perf_counter() - started) / len(texts)
    print(
        f"one embedding, uncached: median {statistics.median(each) * 1000:.1f} ms, "
        f"p90 {each[int(len(each) * 0.9)] * 1000:.1f} ms over {len(each)} texts; in one "
        f"batch {batched * 1000:.1f} ms per text ({batched / statistics.mean(each):.2f}x "
        f"the mean one-by-one encode)"
    )
    started = time.perf_counter()
    for _ in range(1000):
        semantic.similarity(texts[0], texts[1])
    print(f"similarity of cached texts: {(time.perf_counter() - started) * 1000:.1f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweep", action="store_true", help="accuracy per SAME_MEANING value")
    parser.add_argument("--errors", action="store_true", help="list the pairs decided wrongly")
    args = parser.parse_args()

    from django.conf import settings

    settings.configure(PROVENANCE_SEMANTIC=True)
    from claims import semantic

    pairs = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    with_meaning = semantic.installed()
    if not with_meaning:
        print("semantic extra not installed (pip install -r requirements-semantic.txt)")
        report(pairs, with_meaning)
        return
    started = time.perf_counter()
    semantic.embedding("Warm-up: the model loads with the first embedding.")
    load_seconds = time.perf_counter() - started
    rules = report(pairs, with_meaning)
    if args.sweep:
        sweep(pairs)
        unrelated(pairs)
    if args.errors:
        errors(pairs, rules["lexical+semantic"])
    timings(pairs, load_seconds)


if __name__ == "__main__":
    main()
