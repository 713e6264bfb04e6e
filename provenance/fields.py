"""A list of signed 64-bit keys stored in one column of the row that owns them.

An article's own band keys and postings are read with its fingerprint row, so the index
tables need no index on article id: each band-key or posting row then costs one B-tree
entry instead of three (its primary key, an article-id index, its unique key), and those
entries are most of what storing a fingerprint costs at a million articles.
"""

from __future__ import annotations

import json

import numpy as np
from django.db import models


class KeyArrayField(models.Field):
    """``bigint[]`` on PostgreSQL, where queries unnest it; packed little-endian int64
    bytes elsewhere (SQLite, for ``make run``). Values are tuples of ints."""

    description = "Signed 64-bit keys"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("blank", True)  # an empty text has no keys, and that is valid
        super().__init__(*args, **kwargs)

    def db_type(self, connection) -> str:
        return "bigint[]" if connection.vendor == "postgresql" else "blob"

    def get_db_prep_value(self, value, connection, prepared: bool = False):
        if value is None:
            return None
        keys = [int(key) for key in value]
        if connection.vendor == "postgresql":
            return keys
        return np.asarray(keys, dtype="<i8").tobytes()

    def from_db_value(self, value, expression, connection) -> tuple[int, ...] | None:
        return self.to_python(value)

    def to_python(self, value) -> tuple[int, ...] | None:
        if value is None:
            return None
        if isinstance(value, bytes | memoryview):
            return tuple(np.frombuffer(value, dtype="<i8").tolist())
        if isinstance(value, str):  # a fixture: value_to_string's JSON list
            value = json.loads(value)
        return tuple(int(key) for key in value)

    def value_to_string(self, obj) -> str:
        return json.dumps(list(self.value_from_object(obj) or ()))
