"""Accuracy and cost of attribution extraction on the labelled set.

    python bench/attributions.py            # scores for dev, test and all; timings
    python bench/attributions.py --errors   # also list misses, false alarms, wrong fields

Matching. Gold spans are strings; each is located in its text at the whole-word
occurrences of content, cue and speaker that lie closest together. A
predicted span matches a gold span when their overlap covers at least half of the SHORTER
span ("lenient", the figure the goal is set on) and, reported alongside, at least half
of the LONGER span ("strict": a short prediction inside a long gold span does not count).
A predicted speaker also matches through its resolved antecedent, so "He" resolved to
"Colonel Nessel" matches either gold form. Predictions and gold attributions of one text
are paired one-to-one, best pairs first; precision divides matched pairs by predictions,
recall by gold attributions. The triple needs speaker, cue and content all to match.

Timing. The same texts are parsed with the same pipeline (`nlp.pipe`) and the rule layer
(`attributions_from_doc`, including quote finding and markup masking) is timed on the
parsed docs, so the two figures add up to the end-to-end cost.

Labels (tests/data/attributions.jsonl, one JSON object per line): speaker is the whole
noun phrase with titles and closed appositions ("Kira Van Loon, a spokeswoman for the
airline"), but no relative clause; a pronoun speaker is the pronoun; the owner of a
statement noun is the speaker ("The trade group’s statement said" -> "The trade group").
Cue is the reporting verb or "according to"; content is the clause without "that" and
without the final full stop, a quotation without its marks.

The "test" split is never used to tune the rules; compare it with "dev" for an honest
view of how the rules generalise to sentences they were not written against. A second
set, tests/data/attributions_blind.jsonl, was written by someone who had not read the
rules, to the same conventions, with harder wire-style copy and near-misses ("claimed
the trophy", "all told", "according to plan"); only its "blind-dev" half is ever read
for errors, so "blind-test" stays an unseen measure. A third set,
tests/data/attributions_wire.jsonl, was likewise written before its author read the
rules, in the style of business and political wire copy (PARC/WSJ-like: "said X",
sentence-final ", the company said", "according to", noun cues, "was quoted as saying",
analysts' forecasts, multi-sentence quotes, "declined to comment" near-misses); only
"wire-dev" is read for errors, so "wire-test" stays unseen too. A fourth,
tests/data/attributions_political.jsonl, in the style of political news (PolNeAR-like:
campaign and court coverage, anonymous officials, beliefs with a named holder, quotes
running over paragraphs, split quotes), was written the same way; "political-test" stays
unseen. A fifth, tests/data/attributions_beats.jsonl, covers the beats the others lack
(sports, science and health, courts, local government, business, conflict, technology),
written the same way; "beats-test" stays unseen. Its author took a split quote ("“A,”
he said, “B.”") as one attribution spanning both halves, where the rules give two.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.attribution import (  # noqa: E402
    Attribution,
    TextSpan,
    attributions_from_doc,
    load_nlp,
)
from claims.quotes import mask_markup  # noqa: E402

DATA = (
    ROOT / "tests" / "data" / "attributions.jsonl",
    ROOT / "tests" / "data" / "attributions_blind.jsonl",
    ROOT / "tests" / "data" / "attributions_wire.jsonl",
    ROOT / "tests" / "data" / "attributions_political.jsonl",
    ROOT / "tests" / "data" / "attributions_beats.jsonl",
)
SEEDS = ROOT.parent / "shared" / "seeds"
FIELDS = ("speaker", "cue", "content")
Span = tuple[int, int]


@dataclass
class Gold:
    speaker: Span
    cue: Span
    content: Span
    kind: str
    statement_date: str | None


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*FIELDS, "triple"), 0))
    kind_ok: int = 0
    date_ok: int = 0

    def add(self, other: Tally) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        for key, value in other.matched.items():
            self.matched[key] += value
        self.kind_ok += other.kind_ok
        self.date_ok += other.date_ok


def _occurrences(text: str, needle: str) -> list[Span]:
    """Where a gold string occurs as whole words ("he" is not the end of "the")."""
    pattern = re.escape(needle)
    if needle[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if needle[-1:].isalnum():
        pattern += r"(?!\w)"
    found = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not found:
        raise ValueError(f"gold span {needle!r} not in text {text[:60]!r}")
    return found


def _gap(a: Span, b: Span) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _gold(row: dict) -> list[Gold]:
    """Labels give words, not offsets, and "said" or "No" may occur twice in one text: the
    spans are the occurrences that lie closest together (the cue next to its content,
    the speaker next to its cue)."""
    text = row["text"]
    found = []
    for item in row["attributions"]:
        content, cue, speaker = min(
            itertools.product(
                _occurrences(text, item["content"]),
                _occurrences(text, item["cue"]),
                _occurrences(text, item["speaker"]),
            ),
            key=lambda spans: _gap(spans[1], spans[0]) + _gap(spans[2], spans[1]),
        )
        found.append(Gold(speaker, cue, content, item["kind"], item["statement_date"]))
    return found


def _overlap(a: Span, b: Span, strict: bool) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return False
    lengths = (a[1] - a[0], b[1] - b[0])
    return shared >= 0.5 * (max(lengths) if strict else min(lengths))


def _as_span(span: TextSpan | None) -> Span | None:
    return (span.start, span.end) if span is not None else None


def _field_hits(pred: Attribution, gold: Gold, strict: bool) -> dict[str, bool]:
    speakers = [_as_span(pred.speaker), _as_span(pred.speaker_resolved_from)]
    return {
        "speaker": any(s is not None and _overlap(s, gold.speaker, strict) for s in speakers),
        "cue": _overlap(_as_span(pred.cue), gold.cue, strict),
        "content": _overlap(_as_span(pred.content), gold.content, strict),
    }


def score_text(preds: list[Attribution], golds: list[Gold], strict: bool) -> tuple[Tally, list]:
    """Pair predictions with gold one-to-one, best pairs first, and count matches."""
    tally = Tally(predicted=len(preds), gold=len(golds))
    candidates = []
    for i, pred in enumerate(preds):
        for j, gold in enumerate(golds):
            hits = _field_hits(pred, gold, strict)
            if hits["content"] or (hits["speaker"] and hits["cue"]):
                candidates.append((sum(hits.values()), hits["content"], i, j, hits))
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    partial = []
    for _, _, i, j, hits in candidates:
        if i in used_pred or j in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(j)
        if not all(hits.values()):
            partial.append((preds[i], golds[j], hits))
        for key in FIELDS:
            tally.matched[key] += hits[key]
        if all(hits.values()):
            tally.matched["triple"] += 1
            tally.kind_ok += preds[i].kind == golds[j].kind
            predicted_date = preds[i].statement_date
            tally.date_ok += (predicted_date and predicted_date.isoformat()) == (
                golds[j].statement_date
            ) or (predicted_date is None and golds[j].statement_date is None)
    misses = [golds[j] for j in range(len(golds)) if j not in used_gold]
    alarms = [preds[i] for i in range(len(preds)) if i not in used_pred]
    return tally, [misses, alarms, partial]


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def _print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{title}")
    print(
        f"{'split':10} {'pred':>5} {'gold':>5} "
        + " ".join(f"{k + ' P/R':>15}" for k in (*FIELDS, "triple"))
    )
    for split, t in tallies.items():
        cells = " ".join(
            f"{_ratio(t.matched[k], t.predicted):>7}/{_ratio(t.matched[k], t.gold):<7}"
            for k in (*FIELDS, "triple")
        )
        print(f"{split:10} {t.predicted:5} {t.gold:5} {cells}")
    for split, t in tallies.items():
        triples = t.matched["triple"]
        print(
            f"  {split}: of {triples} matched triples, kind right {_ratio(t.kind_ok, triples)}, "
            f"statement date right {_ratio(t.date_ok, triples)}"
        )


def evaluate(rows: list[dict], docs: list, show_errors: bool) -> None:
    for strict in (False, True):
        tallies = {split: Tally() for split in dict.fromkeys(r.get("split", "dev") for r in rows)}
        tallies["all"] = Tally()
        for row, doc in zip(rows, docs, strict=True):
            published = date.fromisoformat(row["published"]) if row.get("published") else None
            preds = attributions_from_doc(doc, text=row["text"], published=published)
            tally, (misses, alarms, partial) = score_text(preds, _gold(row), strict)
            tallies[row.get("split", "dev")].add(tally)
            tallies["all"].add(tally)
            if show_errors and not strict and (misses or alarms or partial):
                _print_errors(row, misses, alarms, partial)
        name = (
            "strict (overlap >= 50% of the longer span)"
            if strict
            else ("lenient (overlap >= 50% of the shorter span)")
        )
        _print_table(f"Accuracy, {name}", tallies)


def _print_errors(
    row: dict, misses: list[Gold], alarms: list[Attribution], partial: list | None = None
) -> None:
    """Misses, false alarms and (as PARTIAL, gold then prediction) the paired attributions
    that got a field wrong: those count against the triple but are neither of the others."""
    text = row["text"]
    print(f"\n[{row.get('split')}] {text!r}")
    for gold in misses:
        s, c, x = (text[a:b] for a, b in (gold.speaker, gold.cue, gold.content))
        print(f"   MISSED  {s!r} | {c!r} | {x!r}")
    for pred in alarms:
        print(f"   EXTRA   {pred.speaker.text!r} | {pred.cue.text!r} | {pred.content.text!r}")
    for pred, gold, hits in partial or []:
        s, c, x = (text[a:b] for a, b in (gold.speaker, gold.cue, gold.content))
        wrong = ", ".join(key for key in FIELDS if not hits[key])
        print(f"   PARTIAL {s!r} | {c!r} | {x!r}  ({wrong} wrong)")
        print(f"      got  {pred.speaker.text!r} | {pred.cue.text!r} | {pred.content.text!r}")


def _timing_texts(rows: list[dict], repeat: int) -> list[str]:
    texts = [row["text"] for row in rows]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return texts * repeat


def time_it(rows: list[dict], repeat: int) -> None:
    nlp = load_nlp()
    texts = _timing_texts(rows, repeat)
    words = sum(len(text.split()) for text in texts)
    list(nlp.pipe(mask_markup(t) for t in texts[:20]))  # warm up
    parse_times, rule_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        docs = list(nlp.pipe(mask_markup(text) for text in texts))
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for doc, text in zip(docs, texts, strict=True):
            attributions_from_doc(doc, text=text, published=date(2022, 3, 6))
        rule_times.append(time.perf_counter() - started)
    parse, rules = min(parse_times), min(rule_times)
    per_k = 1000 / words
    print(f"\nTiming on {len(texts)} texts, {words} words (best of 3):")
    print(f"  spaCy parse alone   {parse * per_k * 1000:8.1f} ms per 1,000 words")
    print(f"  rule layer alone    {rules * per_k * 1000:8.1f} ms per 1,000 words")
    print(f"  extractor (both)    {(parse + rules) * per_k * 1000:8.1f} ms per 1,000 words")
    print(f"  rules / parse       {rules / parse:8.1%}  (budget: 25%)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--repeat", type=int, default=5, help="copies of the texts to time")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument(
        "--data", action="append", type=Path, help="labelled JSON Lines file (default: all sets)"
    )
    args = parser.parse_args(argv)
    rows = [
        json.loads(line)
        for path in args.data or DATA
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]
    docs = list(load_nlp().pipe(mask_markup(row["text"]) for row in rows))
    evaluate(rows, docs, args.errors)
    if not args.no_timing:
        time_it(rows, args.repeat)


if __name__ == "__main__":
    main()
