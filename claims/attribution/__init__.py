"""Attribution extraction: who said what, with which cue, in which words, and when.

Pure functions over a spaCy parse; no database. The rules read the dependency tree the
way a reader does: a cue (a reporting verb, "according to", a statement noun) points to a
speaker (its subject, or the owner of the statement) and to content (its clause, a quote
next to it, or the rest of the sentence for "according to").

The pipeline for one document:
1. quotes: every quotation is tied to the frame right after or before it;
2. verbs: every other cue verb with a clause (or its verb-specific content) is reported
   speech;
3. "according to X" and statement nouns with a that-clause ("Moscow's claim that …");
4. pronoun speakers are tied to the nearest fitting earlier mention, and the statement
   date is read from the frame.

Every span indexes the caller's exact string. Markdown link syntax is blanked before
parsing (same length), so offsets from the parse are offsets into the input.

One module per job, none importing this package's __init__:
- records: TextSpan, Attribution and the kinds DIRECT, INDIRECT, ACCORDING_TO;
- nlp: the spaCy pipeline (NLP_MODEL, load_nlp);
- extract: the entry points, running the steps above in order;
- quotations, verbs, according, nouns, verbless, trailing: one module per kind of frame
  (verbless and trailing repair frames the parse lost, from the sentence's words);
- cue_verbs: the reporting-verb tests and frame that quotations and verbs share;
- frames: the frame under construction and the helpers every kind of frame shares;
- spans: token bounds to trimmed char spans;
- rivals: contents cut at a rival report, and one frame per (speaker, content);
- finish and statement_date: frames into Attributions, with confidence and date.
"""

from claims.attribution.extract import attributions_from_doc, extract_attributions, extract_many
from claims.attribution.nlp import NLP_MODEL, load_nlp
from claims.attribution.records import ACCORDING_TO, DIRECT, INDIRECT, Attribution, TextSpan

__all__ = [
    "ACCORDING_TO",
    "DIRECT",
    "INDIRECT",
    "NLP_MODEL",
    "Attribution",
    "TextSpan",
    "attributions_from_doc",
    "extract_attributions",
    "extract_many",
    "load_nlp",
]
