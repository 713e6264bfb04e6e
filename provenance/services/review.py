"""Editors' review of suggested links: confirm or reject, with who, when and why.

Apart from ``linking``: a person's decision, which the machine never overrides; a
rejection only hands the page back to linking, as a task once the review commits.
"""

from __future__ import annotations

from django.db import transaction

from provenance.models import Link
from provenance.services.handoffs import _relink_later


def link_review(*, link: Link, status: str, user, reason: str = "") -> Link:
    """Confirm or reject a suggested link; the history keeps who, when and why."""
    if status not in (Link.Status.CONFIRMED, Link.Status.REJECTED):
        raise ValueError(f"status must be confirmed or rejected, not {status!r}")
    link.status = status
    link._history_user = user
    link._change_reason = reason or f"{status} by editor"
    link.save()
    if status == Link.Status.REJECTED:
        transaction.on_commit(lambda: _relink_later(link.child_id))
    return link
