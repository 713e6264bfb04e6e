"""Polite, safe HTTP fetching of URLs that users and feeds hand us.

Every URL here is untrusted input, so a fetch must not become a way into our own
network (server-side request forgery): each hop of a redirect chain is checked before
it is requested, and the address actually connected to is checked again, because DNS
can answer differently the second time it is asked (DNS rebinding). The rest is
politeness and self-protection: one total time budget, a size cap applied while
streaming (so a compressed bomb is caught too), a content-type allow-list, and
conditional requests so that re-polling a page costs the publisher nothing.

Failures raise ``FetchError`` (give up) or ``TransientFetchError`` (retry later); the
messages are shown to the person who submitted the URL.
"""

import codecs
import ipaddress
import socket
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from sources.errors import FetchError, TransientFetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_GONE_STATUSES = frozenset({404, 410})
# 408 and 425 are the server asking us to try again; 429 is rate limiting.
_TRANSIENT_CLIENT_STATUSES = frozenset({408, 425, 429})
_CHUNK_SIZE = 64 * 1024
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class FetchPolicy:
    """How far a fetch may go. ``timeout`` is the budget for the whole fetch, in seconds.

    ``allow_private`` lets a fetch reach loopback and private networks; only tests and
    local development should set it.
    """

    timeout: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "ProvenanceBot/0.1 (+https://github.com/provenance)"
    accept_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
    )

    def __post_init__(self) -> None:
        # A zero budget or cap would fail every fetch with a misleading message.
        if self.timeout <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError("FetchPolicy needs timeout > 0, max_bytes > 0, max_redirects >= 0")


@dataclass(frozen=True)
class Fetched:
    """The outcome of a successful fetch: the body as bytes, undecoded, plus its labels."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def fetch(
    url: str,
    *,
    policy: FetchPolicy,
    etag: str = "",
    last_modified: str = "",
    session: requests.Session | None = None,
) -> Fetched:
    """Fetch one URL under ``policy``, following redirects ourselves.

    Pass the ``etag`` / ``last_modified`` of an earlier fetch to make the request
    conditional: an unchanged page comes back as ``Fetched(not_modified=True)`` with an
    empty body. A ``session`` enables connection reuse across fetches; build it with
    ``make_session`` so the connected-address check is in place.
    """
    own_session = session is None
    active = make_session(policy) if session is None else session
    try:
        headers = _request_headers(policy, etag, last_modified)
        return _follow(url, policy, headers, active, conditional=bool(etag or last_modified))
    finally:
        if own_session:
            active.close()


def make_session(policy: FetchPolicy) -> requests.Session:
    """Build a session that refuses to connect to non-public addresses.

    ``trust_env`` is off because environment settings do not belong to untrusted
    fetches: ``.netrc`` credentials would be sent to any host, and a proxy would hide
    the address we connect to.
    """
    session = requests.Session()
    session.trust_env = False
    session.headers["User-Agent"] = policy.user_agent
    if not policy.allow_private:
        adapter = _PublicOnlyAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def is_public_address(ip: IPAddress) -> bool:
    """True if ``ip`` is a globally routable unicast address we may connect to.

    IPv6 addresses that embed an IPv4 address (IPv4-mapped, 6to4, NAT64) are judged by
    the address they embed, since that is where the packets end up.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or _nat64_embedded(ip)
        if embedded is not None:
            return is_public_address(embedded)
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def _nat64_embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside a well-known-prefix NAT64 address, if it is one."""
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


# -- redirects ---------------------------------------------------------------------------


def _follow(
    url: str,
    policy: FetchPolicy,
    headers: dict[str, str],
    session: requests.Session,
    *,
    conditional: bool,
) -> Fetched:
    """Request ``url`` and each redirect target in turn, checking every hop first."""
    deadline = time.monotonic() + policy.timeout
    current = url
    seen: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    for _ in range(policy.max_redirects + 1):
        check_destination(current, policy)
        # A URL seen twice with the same cookies is a loop; with new cookies it is the
        # common "set a cookie and come back" dance, which is allowed.
        seen.add((_without_fragment(current), _cookie_state(session)))
        response = _send(session, current, headers, deadline, policy)
        if response.status_code not in _REDIRECT_STATUSES:
            with response:
                return _read(url, current, response, policy, deadline, conditional)
        target = _redirect_target(current, response)
        if (_without_fragment(target), _cookie_state(session)) in seen:
            raise FetchError(
                f"{url} redirects in a loop (back to {target}). The site is misconfigured "
                "or needs a browser; try the article's canonical address."
            )
        current = target
    raise FetchError(
        f"{url} redirected more than {policy.max_redirects} times. "
        "Try the final address of the article instead."
    )


def _redirect_target(current: str, response: requests.Response) -> str:
    """Resolve the Location header of a redirect response against the current URL."""
    location = response.headers.get("Location", "").strip()
    response.close()
    if not location:
        raise FetchError(
            f"{current} answered with a redirect (HTTP {response.status_code}) but did "
            "not say where to. Try the article's final address."
        )
    try:
        return urljoin(current, location)
    except ValueError as exc:
        raise FetchError(
            f"{current} redirected to an invalid address ({location!r}). "
            "Try the article's final address."
        ) from exc


def _without_fragment(url: str) -> str:
    """The URL as sent on the wire (fragments never leave the client)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _cookie_state(session: requests.Session) -> frozenset[tuple[str, str]]:
    """A hashable snapshot of the session's cookies, for loop detection."""
    return frozenset((cookie.name, cookie.value or "") for cookie in session.cookies)


# -- destination checks ------------------------------------------------------------------


def check_destination(url: str, policy: FetchPolicy) -> None:
    """Refuse a URL before any connection is made: wrong scheme, or a non-public address.

    Every address the host resolves to must be public, because the HTTP client may
    connect to any of them.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"{url!r} is not a valid URL ({exc}). Check the address.") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            f"{url!r} uses the {scheme or 'missing'} scheme; only http:// and https:// "
            "addresses can be fetched. Submit the web address of the article."
        )
    host = parts.hostname
    if not host:
        raise FetchError(f"{url!r} has no host name. Check the address.")
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{url!r} has an invalid port number. Check the address.") from exc
    if policy.allow_private:
        return
    for ip in _resolve(host, _port_of(port, scheme)):
        if not is_public_address(ip):
            raise FetchError(
                f"{url} points to {ip}, a private, loopback or otherwise internal "
                "address; Provenance only fetches public web pages. Submit the public "
                "address of the article."
            )


def _port_of(port: int | None, scheme: str) -> int:
    """The port a connection will use."""
    return port if port is not None else (443 if scheme == "https" else 80)


def _resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to; IP literals are taken as they are."""
    try:
        return [ipaddress.ip_address(host.split("%")[0])]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:
            raise TransientFetchError(
                f"Could not look up {host} right now ({exc.strerror}). Will retry."
            ) from exc
        raise FetchError(
            f"The host {host} does not exist ({exc.strerror}). Check the spelling of the address."
        ) from exc
    except UnicodeError as exc:
        raise FetchError(f"The host name {host!r} is not valid. Check the address.") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _refuse_connected_peer(sock: socket.socket, host: str) -> None:
    """Close and refuse a connection that landed on a non-public address."""
    peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
    if not is_public_address(peer):
        sock.close()
        raise FetchError(
            f"{host} resolved to {peer}, a private or internal address, when connecting; "
            "Provenance only fetches public web pages."
        )


class _PublicHTTPConnection(HTTPConnection):
    """An HTTP connection that checks the address it actually connected to."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _refuse_connected_peer(sock, self.host)
        return sock


class _PublicHTTPSConnection(HTTPSConnection):
    """The HTTPS twin of ``_PublicHTTPConnection``; the check runs before the TLS handshake."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _refuse_connected_peer(sock, self.host)
        return sock


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicOnlyAdapter(HTTPAdapter):
    """A requests adapter whose connections refuse non-public peers."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicHTTPPool,
            "https": _PublicHTTPSPool,
        }


# -- one request -------------------------------------------------------------------------


def _request_headers(policy: FetchPolicy, etag: str, last_modified: str) -> dict[str, str]:
    """Identify ourselves, say what we can read, and make the request conditional."""
    headers = {"User-Agent": policy.user_agent, "Accept": ", ".join(policy.accept_types)}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _send(
    session: requests.Session,
    url: str,
    headers: dict[str, str],
    deadline: float,
    policy: FetchPolicy,
) -> requests.Response:
    """One GET, streamed, no automatic redirects, network errors mapped to ours."""
    remaining = _remaining(url, deadline, policy)
    try:
        return session.get(
            url, headers=headers, stream=True, allow_redirects=False, timeout=remaining
        )
    except requests.exceptions.SSLError as exc:
        raise FetchError(
            f"The secure connection to {url} failed ({_reason(exc)}); its certificate may "
            "be invalid. Check the address, or try the site's http:// address."
        ) from exc
    except requests.Timeout as exc:
        raise TransientFetchError(_timeout_message(url, policy)) from exc
    except requests.ConnectionError as exc:
        raise TransientFetchError(
            f"Could not connect to {url} ({_reason(exc)}). The site may be down; will retry."
        ) from exc
    except requests.RequestException as exc:
        raise FetchError(f"Could not fetch {url}: {_reason(exc)}. Check the address.") from exc


def _remaining(url: str, deadline: float, policy: FetchPolicy) -> float:
    """Seconds left in the fetch's time budget; none left is a timeout."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TransientFetchError(_timeout_message(url, policy))
    return remaining


def _timeout_message(url: str, policy: FetchPolicy) -> str:
    return (
        f"{url} did not answer within {policy.timeout:g} seconds. The site may be slow "
        "or overloaded; will retry."
    )


def _reason(exc: BaseException) -> str:
    """The readable part of a requests/urllib3 error, without pool and connection reprs."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    inner = getattr(inner, "reason", None) or inner  # MaxRetryError wraps the real error
    text = str(inner).rsplit("): ", 1)[-1].strip(" )\"'")
    return text if len(text) < 200 else text[:200] + "…"


# -- the response ------------------------------------------------------------------------


def _read(
    url: str,
    final_url: str,
    response: requests.Response,
    policy: FetchPolicy,
    deadline: float,
    conditional: bool,
) -> Fetched:
    """Turn a non-redirect response into ``Fetched``, or raise the matching error."""
    etag = response.headers.get("ETag", "")
    last_modified = response.headers.get("Last-Modified", "")
    if response.status_code == 304:
        if not conditional:
            raise FetchError(
                f"{final_url} answered 304 Not Modified to a request that was not "
                "conditional. The server is misbehaving; try again later."
            )
        return Fetched(url, final_url, 304, "", None, b"", etag, last_modified, True)
    _raise_for_status(final_url, response)
    content_type, charset = parse_content_type(response.headers.get("Content-Type", ""))
    _check_content_type(final_url, content_type, policy)
    _check_declared_length(final_url, response, policy)
    body = _read_body(final_url, response.raw, policy, deadline)
    return Fetched(
        url, final_url, response.status_code, content_type, charset, body, etag, last_modified
    )


def _raise_for_status(url: str, response: requests.Response) -> None:
    """Map HTTP status codes to permanent or transient errors."""
    status = response.status_code
    if 200 <= status < 300:
        return
    label = f"HTTP {status} {_phrase(status)}".strip()
    if status in _GONE_STATUSES:
        raise FetchError(
            f"The page was not found at {url} ({label}). Check the address; the article "
            "may have been moved or deleted."
        )
    if status in _TRANSIENT_CLIENT_STATUSES or status >= 500:
        retry_after = response.headers.get("Retry-After", "")
        hint = f" The server asks to wait {retry_after}." if retry_after else ""
        raise TransientFetchError(
            f"{url} is unavailable for now ({label}).{hint} Will retry later."
        )
    raise FetchError(
        f"{url} refused the request ({label}). The page may need a login or may block "
        "robots; submit the article's text as a file instead."
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def parse_content_type(header: str) -> tuple[str, str | None]:
    """Split a Content-Type header into (media type, charset or None).

    An unknown charset label is dropped (None) rather than passed on, because it would
    only make the decoder downstream fail instead of guessing.
    """
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    if charset is not None:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    return media_type.strip().lower(), charset


def _check_content_type(url: str, content_type: str, policy: FetchPolicy) -> None:
    """Refuse content we cannot read (PDFs, images, downloads) before reading the body."""
    if content_type in policy.accept_types:
        return
    if not content_type:
        raise FetchError(
            f"{url} did not say what kind of content it serves (no Content-Type). "
            "Submit the article's text as a file instead."
        )
    raise FetchError(
        f"{url} serves {content_type}, not a web page or feed; Provenance reads "
        f"{', '.join(policy.accept_types)}. Submit the address of the article's web page, "
        "or its text as a file."
    )


def _check_declared_length(url: str, response: requests.Response, policy: FetchPolicy) -> None:
    """Refuse early when the server announces a body over the cap."""
    try:
        declared = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return
    if declared > policy.max_bytes:
        raise FetchError(_too_large_message(url, policy))


def _read_body(
    url: str, raw: urllib3.response.BaseHTTPResponse, policy: FetchPolicy, deadline: float
) -> bytes:
    """Read the (decompressed) body, stopping at the size cap and the time budget.

    ``read1`` returns after one network read, so a server that drips a byte at a time
    still hits the deadline; ``iter_content`` would block until a whole chunk arrived.
    """
    body = bytearray()
    try:
        while chunk := raw.read1(_CHUNK_SIZE, decode_content=True):
            body += chunk
            if len(body) > policy.max_bytes:
                raise FetchError(_too_large_message(url, policy))
            _remaining(url, deadline, policy)
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise TransientFetchError(_timeout_message(url, policy)) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise FetchError(
            f"{url} sent a compressed body that could not be decompressed. "
            "The server is misconfigured; try again later."
        ) from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise TransientFetchError(
            f"The connection to {url} broke while reading the page ({_reason(exc)}). Will retry."
        ) from exc
    return bytes(body)


def _too_large_message(url: str, policy: FetchPolicy) -> str:
    return (
        f"The page is larger than {policy.max_bytes / 1_000_000:g} MB, the most Provenance "
        f"reads ({url}). Submit the article's own page, or its text as a file."
    )
