"""The JSON shape of an extracted attribution, shared by the API and the command."""

from __future__ import annotations

from typing import Any

from claims.attribution import Attribution, TextSpan


def span_to_dict(span: TextSpan) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def attribution_to_dict(attribution: Attribution) -> dict[str, Any]:
    resolved = attribution.speaker_resolved_from
    return {
        "speaker": span_to_dict(attribution.speaker),
        "cue": span_to_dict(attribution.cue),
        "content": span_to_dict(attribution.content),
        "kind": attribution.kind,
        "statement_date": (
            attribution.statement_date.isoformat() if attribution.statement_date else None
        ),
        "statement_date_text": attribution.statement_date_text,
        "confidence": attribution.confidence,
        "speaker_resolved_from": span_to_dict(resolved) if resolved else None,
    }
