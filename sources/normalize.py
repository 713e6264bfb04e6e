"""URL normalisation: one spelling per article.

The normalised URL is the unique key of an article, so two spellings of the same page
must normalise to the same string (or the page is ingested twice), and two different
pages must never normalise to the same string (or the second one is never ingested).
The second mistake is the worse one, so the rules below only remove what is known to
carry no meaning for the server: default ports, fragments, dot segments, a closing
slash, and a short, explicit list of tracking parameters.

courlan's ``normalize_url`` was the first choice, but it is wrong for a unique key in
three ways: its tracker filter also drops any parameter whose name contains ``ref``,
``source``, ``session``, ``uid`` and the like (``?reference=…``, ``?sourceid=…``), which
would merge different articles; it keeps fragments unless ``strict=True``, which in turn
drops every parameter not on its own allow-list; and it turns punycode hosts into
Unicode. So the rules are spelled out here, with the standard library.
"""

import ipaddress
import re
from urllib.parse import SplitResult, parse_qsl, quote, urlencode, urlsplit, urlunsplit

import idna

from sources.errors import IngestError

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Exact names (compared lower-case) plus the utm_ family. Kept deliberately short: see the
# module docstring for why an aggressive list is worse than a short one.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
    }
)
_TRACKING_PREFIXES = ("utm_",)

# Characters left as they are in a path; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_ASCII_HOST_RE = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")


def normalize_url(url: str) -> str:
    """Return the canonical spelling of an http(s) URL, used as the article's unique key.

    Rules: scheme and host lower-case, IDN hosts in punycode, no user name or password,
    no default port, no fragment, dot segments resolved, percent-escapes upper-case
    (and decoded where they stand for unreserved characters), the root path is ``/``
    and any other path loses its closing slash (``/a/`` and ``/a`` are the same article
    on every news CMS we know of, which redirect one to the other), tracking parameters
    removed, remaining parameters sorted by name (stable, so repeated names keep their
    order).

    Raises IngestError for anything that is not an absolute http(s) URL.
    """
    if not isinstance(url, str) or not url.strip():
        raise IngestError("The URL is empty. Paste the full address, starting with https://.")
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise IngestError(f"{text!r} is not a valid URL ({exc}). Check the address.") from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise IngestError(_scheme_message(text, scheme))
    host = _normalize_host(parts.hostname or "", text)
    netloc = _netloc(host, _port(parts, text), scheme)
    return urlunsplit((scheme, netloc, _normalize_path(parts.path), _clean_query(parts.query), ""))


def domain_of(url: str) -> str:
    """Return the publisher's host for a URL: lower-case, punycode, without ``www.``.

    This is the host, not the registered domain: ``someone.wordpress.com`` and
    ``other.wordpress.com`` are two publishers, and folding them into ``wordpress.com``
    would make every blog on a platform look like one outlet copying itself.
    """
    host = urlsplit(normalize_url(url)).hostname or ""
    return host.removeprefix("www.")


def _scheme_message(text: str, scheme: str) -> str:
    """Explain a missing or unsupported scheme, guessing the likely mistake."""
    if not scheme:
        return (
            f"{text!r} has no scheme. Paste the full address, starting with https:// "
            "(for example https://example.com/article)."
        )
    return (
        f"{text!r} uses the {scheme}: scheme; only http:// and https:// web pages can be "
        "added. Use the web address of the article."
    )


def _normalize_host(host: str, text: str) -> str:
    """Lower-case the host and bring it to its ASCII (punycode) form."""
    host = host.rstrip(".")
    if not host:
        raise IngestError(f"{text!r} has no host name. Check the address.")
    try:
        return _format_ip(ipaddress.ip_address(host))
    except ValueError:
        pass
    if _ASCII_HOST_RE.match(host):
        # ASCII hosts skip IDNA on purpose: IDNA rejects the underscores some real hosts use.
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise IngestError(f"{text!r} has an invalid host name ({exc}). Check the address.") from exc


def _format_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Spell an IP address host the one way URLs allow (IPv6 in brackets)."""
    return f"[{ip.compressed}]" if ip.version == 6 else ip.compressed


def _port(parts: SplitResult, text: str) -> int | None:
    """Return the explicit port, turning urllib's ValueError into a readable error."""
    try:
        return parts.port
    except ValueError as exc:
        raise IngestError(f"{text!r} has an invalid port number. Check the address.") from exc


def _netloc(host: str, port: int | None, scheme: str) -> str:
    """Rebuild the network location, dropping credentials and the default port."""
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return host
    return f"{host}:{port}"


def _normalize_path(path: str) -> str:
    """Resolve dot segments, normalise escapes and apply the closing-slash rule."""
    path = _remove_dot_segments(path or "/")
    path = _normalize_escapes(quote(path, safe=_PATH_SAFE))
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, so ``/a/./b/../c`` and ``/a/c`` are one page."""
    output: list[str] = []
    for segment in path.split("/")[1:] if path.startswith("/") else path.split("/"):
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/" + "/".join(output)


def _normalize_escapes(text: str) -> str:
    """Upper-case percent-escapes and decode the ones that stand for unreserved characters."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT_RE.sub(fix, text)


def _clean_query(query: str) -> str:
    """Drop tracking parameters and sort the rest by name, keeping their byte values."""
    if not query:
        return ""
    # Raw non-ASCII characters are encoded as UTF-8 first, as a browser would; then the
    # query is split as latin-1 so every existing %XX byte survives the round trip intact.
    ascii_query = quote(query, safe="".join(chr(c) for c in range(33, 127)))
    pairs = parse_qsl(ascii_query, keep_blank_values=True, encoding="latin-1")
    kept = [(name, value) for name, value in pairs if not _is_tracking(name)]
    kept.sort(key=lambda pair: pair[0])
    return urlencode(kept, encoding="latin-1")


def _is_tracking(name: str) -> bool:
    """True for parameters that only tell the publisher where a click came from."""
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)
