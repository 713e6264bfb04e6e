"""The thresholds of parent choice, in one place.

Every rule of naming, ordering and shared insertions is tuned against the others (an
excerpt's share against a near-duplicate's additions, a credit line's length against
an insertion's), so they are kept side by side where they can be read and changed
together, and every step imports them from here.
"""

from __future__ import annotations

from datetime import timedelta

INSERTION_MIN_WORDS = 6  # shorter shared lines ("Share this:") prove nothing
# A credit line is short ("Read the full article at X"); a long editor's note that names
# the original ("We are crossposting this from our partners at X because …") is the
# crossposter's own writing, and a copy carrying it copied the crossposter.
CREDIT_LINE_MAX_WORDS = 25
CARRIED_CONTAINMENT = 0.8
CARRIED_RATIO = 90  # rapidfuzz ratio of a paragraph carried with a typo
HELD_CONTAINMENT = 0.5
HELD_RATIO = 75
BODY_MIN_WORDS = 12  # changed words count as carried only inside body paragraphs
CARRYING_MIN_WORDS = 8
CARRYING_MIN_SHINGLES = 5  # one changed word alters five 5-shingles
RELATED_CONTAINMENT = 0.3  # a text to contrast with must be a version of the candidate
CONTRAST_COVERAGE = 0.4
NAME_SIMILARITY = 90
ADDITION_SLACK = 0.05  # a copy may also lose a few words (a fixed typo) of its source
ADDITION_MIN = 4  # shingles: a header line of four words
EXCERPT_SHARE_MIN = 0.6  # an excerpt is mostly copied text (the rest its commentary)
EXCERPT_OF_WHOLE_MAX = 0.6  # and holds well under two thirds of its source
EXCERPT_MARGIN = 0.2
# A copy holding nearly all of its source, which makes up a good part of it (a repost
# behind a long preface of the reposter's own), is the whole story edited, not an excerpt.
WHOLE_SOURCE_IN_COPY = 0.9
WHOLE_SOURCE_SHARE_OF_COPY = 0.4
SIMILARITY_TOLERANCE = 0.03
FIRST_SEEN_MIN_GAP = timedelta(hours=1)
PUBLISHED_MIN_GAP = timedelta(minutes=30)  # CMS clocks and scheduled posts are not exact
CREDIT_EDGE_LINES = 6
CREDIT_MAX_WORDS = 12
MENTION_MIN_CHARS = 5
