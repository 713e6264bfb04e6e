"""`manage.py extract_attributions FILE... --json [--published YYYY-MM-DD]`

Runs the attribution extractor over plain-text files and prints one JSON object mapping
each path (as given) to its attributions. It touches no database, so it works before
migrations and on any machine with the model installed; the model is loaded once for
all files. Offsets index the file's text exactly as decoded from UTF-8 (no newline
translation), so `text[start:end] == span["text"]` holds for every span.

A missing or undecodable file does not stop the others: its error goes to stderr, the
JSON for the good files is still printed, and the command then fails with CommandError
naming the bad files (exit status 1 on the command line).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.attribution import extract_many
from claims.serialize import attribution_to_dict

__all__ = ["Command", "attribution_to_dict", "read_text"]


def read_text(path: str) -> str:
    """The file's exact text. Raises CommandError naming the file when it cannot be used."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file") from error
    except OSError as error:
        raise CommandError(f"{path}: cannot read ({error.strerror or error})") from error
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start})") from error


def _published(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--published: {value!r} is not a YYYY-MM-DD date") from error


class Command(BaseCommand):
    help = "Extract attributions (speaker, cue, content, date) from text files; no database."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")
        parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")

    def handle(self, *args: Any, **options: Any) -> None:
        published = _published(options["published"]) if options["published"] else None
        texts: dict[str, str] = {}
        errors: list[str] = []
        for path in options["files"]:
            try:
                texts[path] = read_text(path)
            except CommandError as error:
                errors.append(str(error))
                self.stderr.write(str(error))
        results = extract_many(texts.values(), published=published) if texts else []
        output = {
            path: [attribution_to_dict(a) for a in found]
            for path, found in zip(texts, results, strict=True)
        }
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        if errors:
            raise CommandError("could not read: " + "; ".join(errors))
