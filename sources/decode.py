"""Bytes to text for fetched and uploaded pages.

Servers and saved files lie about encodings all the time: a latin-1 page served as
UTF-8, a UTF-8 page labelled ISO-8859-1 by a server default. Every claim we store is
quoted from this text, so a wrong guess here ("cafÃ©") would be copied into every
fingerprint and attribution downstream. The order of trust is: byte-order mark, the
declared charset, the page's own <meta charset>, then detection by charset_normalizer;
a label is only believed when the bytes actually decode under it.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from sources.errors import ExtractionError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of files people upload by mistake; naming the format makes the error
# message actionable ("this is a PDF") instead of a vague "binary data".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"RIFF", "a RIFF media file"),
)

# WHATWG: browsers decode these labels as windows-1252, and so must we, or the curly
# quotes and dashes in 0x80-0x9F turn into control characters.
_SINGLE_BYTE_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 1_000_000
_CP1252_COUSINS = {
    "ascii",
    "cp1250",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "iso8859_2",
    "mac_roman",
    "mac_latin2",
    "cp850",
    "cp437",
    "iso8859_9",
    "cp1254",
}


def decode_bytes(data: bytes, declared_charset: str | None = None) -> str:
    """Decode a page's bytes to text, or raise ExtractionError saying what is wrong."""
    if not data or not data.strip():
        raise ExtractionError(
            "The document is empty: no bytes were received. Check the URL or upload the "
            "saved page again."
        )
    _reject_known_binary(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked_text(data[len(bom) :].decode(encoding, errors="replace"))
    for label in (declared_charset, _meta_charset(data)):
        text = _decode_with_label(data, label)
        if text is not None:
            return _checked_text(text)
    return _checked_text(_detect(data))


def _reject_known_binary(data: bytes) -> None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise ExtractionError(
                f"This looks like {name}, not a web page or text. Upload the article's HTML "
                "or paste its text."
            )


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _normalise_label(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if label in _SINGLE_BYTE_ALIASES:
        return "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_with_label(data: bytes, label: str | None) -> str | None:
    """Decode under a declared label, or None when the label cannot be true."""
    encoding = _normalise_label(label) if label else None
    if encoding is None:
        return None
    if encoding != "utf-8" and _is_non_ascii_utf8(data):
        # Valid multi-byte UTF-8 almost never happens by chance in a legacy encoding:
        # the label is a server default that is wrong for this page.
        return data.decode("utf-8")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_non_ascii_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None or best.encoding is None:
        raise _binary_error()
    if best.encoding in _CP1252_COUSINS:
        # windows-1252 is by far the most common legacy encoding of news pages, and
        # detection often mistakes a short Western page for one of its cousins.
        try:
            return data.decode("windows-1252")
        except UnicodeDecodeError:
            pass
    return data.decode(best.encoding, errors="replace")


def _checked_text(text: str) -> str:
    if "\x00" in text[:_SNIFF_BYTES] or _control_ratio(text[:_SNIFF_BYTES]) > 0.1:
        raise _binary_error()
    if not text.strip():
        raise ExtractionError("The document holds only white space: there is no text to read.")
    return text


def _control_ratio(sample: str) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / len(sample)


def _binary_error() -> ExtractionError:
    return ExtractionError(
        "The document is binary data, not text or HTML (it contains NUL or control bytes "
        "and no text encoding fits). Upload the article's HTML page or paste its text."
    )
