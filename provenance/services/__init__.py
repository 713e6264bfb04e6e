"""Writes for provenance: the shared index, republication links, inferred originals.

One module per job, every name callers use re-exported here:

- ``index``: an article's fingerprint rows in the shared index (``article_fingerprint``);
- ``candidates``: the lookup of an article's candidates in that index, and its text as
  parent choice sees it, series boilerplate removed (``candidate_ids``, ``prepare``);
- ``inferred``: originals a copy names but that were never fetched, replaced once the
  real one arrives (``inferred_original_ensure``, ``inferred_originals_replace``);
- ``linking``: parent choice under the link lock, and the pages it re-decides
  (``article_link``, ``article_process``);
- ``review``: editors confirming or rejecting links (``link_review``);
- ``handoffs``: the Celery tasks queued once a transaction commits.

Each module looks up the others' names in its own namespace: to patch one in a test,
patch it where it is used (``provenance.services.index._one_statement``), not here.
"""

from __future__ import annotations

import logging

from provenance.services.candidates import (
    FREQUENT_POSTING,
    MAX_BOILERPLATE_SHARE,
    MAX_CANDIDATES,
    Prepared,
    candidate_ids,
    prepare,
    series_boilerplate,
)
from provenance.services.index import _IndexEntry as _IndexEntry
from provenance.services.index import _one_statement as _one_statement
from provenance.services.index import _paragraph_hash as _paragraph_hash
from provenance.services.index import array_literal, article_fingerprint, articles_fingerprint
from provenance.services.inferred import (
    inferred_original_ensure,
    inferred_original_key,
    inferred_originals_replace,
)
from provenance.services.linking import (
    LINK_LOCK,
    article_link,
    article_process,
    link_apply,
    link_lock,
)
from provenance.services.linking import _Linking as _Linking
from provenance.services.review import link_review

__all__ = [
    "FREQUENT_POSTING",
    "LINK_LOCK",
    "MAX_BOILERPLATE_SHARE",
    "MAX_CANDIDATES",
    "Prepared",
    "array_literal",
    "article_fingerprint",
    "article_link",
    "article_process",
    "articles_fingerprint",
    "candidate_ids",
    "inferred_original_ensure",
    "inferred_original_key",
    "inferred_originals_replace",
    "link_apply",
    "link_lock",
    "link_review",
    "prepare",
    "series_boilerplate",
]

log = logging.getLogger(__name__)
