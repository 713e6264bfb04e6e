"""Errors raised while bringing articles in.

Every error carries a message written for the person who submitted the input: it says
what was wrong and what to do about it, because the message ends up on the ingest job
row that the UI and the API show.
"""


class IngestError(Exception):
    """Input that cannot become an article. Not worth retrying as it is."""


class FetchError(IngestError):
    """The URL could not be fetched (refused, not found, too large, wrong type)."""


class TransientFetchError(FetchError):
    """A failure that may pass (timeout, connection reset, 5xx): tasks retry these."""


class ExtractionError(IngestError):
    """The content was fetched but holds no article text we can use."""


class ReaderError(IngestError):
    """One record of a bulk input (JSONL line, WARC record, feed) is unusable."""
