"""sources.fetch against a real HTTP server on 127.0.0.1 (no network, no database)."""

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from sources import fetch as fetch_module
from sources.errors import FetchError, TransientFetchError
from sources.fetch import (
    FetchPolicy,
    check_destination,
    fetch,
    is_public_address,
    make_session,
    parse_content_type,
)

LOCAL = FetchPolicy(allow_private=True, timeout=5.0)
PAGE = "<html><head><title>Port strike</title></head><body><p>Dockers café</p></body></html>"
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 14 May 2024 09:30:00 GMT"


class Handler(BaseHTTPRequestHandler):
    """Routes for every behaviour fetch must handle; see ROUTES below."""

    server: "LocalServer"

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        self.server.headers_seen[self.path] = dict(self.headers)
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            self.reply(404, "text/html", b"<h1>not found</h1>")
        else:
            route(self)

    def reply(self, status: int, content_type: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302, **headers: str) -> None:
        self.reply(status, "text/html", b"", Location=location, **headers)

    def log_message(self, *args: object) -> None:
        pass


def _page(h: Handler) -> None:
    h.reply(200, "text/html; charset=utf-8", PAGE.encode("utf-8"))


def _latin1(h: Handler) -> None:
    h.reply(200, "text/html; charset=ISO-8859-1", PAGE.encode("latin-1"))


def _slow(h: Handler) -> None:
    time.sleep(3)
    _page(h)


def _huge_declared(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "2000000")
    h.end_headers()
    h.wfile.write(b"x" * 1000)


def _huge_streamed(h: Handler) -> None:
    """No Content-Length: the body ends when the connection closes (HTTP/1.0)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    try:
        for _ in range(200):  # up to 12.8 MB, far past any cap used here
            h.wfile.write(b"<p>" + b"y" * 65_530 + b"</p>")
    except (BrokenPipeError, ConnectionResetError):
        h.server.aborted.append(h.path)


def _drip(h: Handler) -> None:
    """A byte at a time, each well inside any read timeout: only a deadline stops it."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    try:
        for _ in range(50):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _gzip_bomb(h: Handler) -> None:
    body = gzip.compress(b"<p>" + b"z" * 3_000_000 + b"</p>")
    h.reply(200, "text/html", body, Content_Encoding="gzip")


def _conditional(h: Handler) -> None:
    if (
        h.headers.get("If-None-Match") == ETAG
        or h.headers.get("If-Modified-Since") == LAST_MODIFIED
    ):
        h.send_response(304)
        h.send_header("ETag", ETAG)
        h.end_headers()
        return
    h.reply(200, "text/html; charset=utf-8", PAGE.encode(), ETag=ETAG, Last_Modified=LAST_MODIFIED)


def _cookie_dance(h: Handler) -> None:
    if "seen=1" in (h.headers.get("Cookie") or ""):
        _page(h)
    else:
        h.redirect("/cookie-dance", Set_Cookie="seen=1; Path=/")


def _chain(n: int) -> Callable[[Handler], None]:
    return lambda h: h.redirect(f"/chain/{n + 1}") if n < 10 else _page(h)


ROUTES: dict[str, Callable[[Handler], None]] = {
    "/page": _page,
    "/latin1": _latin1,
    "/gone": lambda h: h.reply(410, "text/html", b"gone"),
    "/forbidden": lambda h: h.reply(403, "text/html", b"no"),
    "/busy": lambda h: h.reply(503, "text/html", b"busy", Retry_After="120"),
    "/limited": lambda h: h.reply(429, "text/html", b"slow down"),
    "/moved": lambda h: h.redirect("page", 301),
    "/loop-a": lambda h: h.redirect("/loop-b"),
    "/loop-b": lambda h: h.redirect("/loop-a"),
    "/to-private": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-file": lambda h: h.redirect("file:///etc/passwd"),
    "/no-location": lambda h: h.reply(302, "text/html", b""),
    "/cookie-dance": _cookie_dance,
    "/slow": _slow,
    "/huge": _huge_declared,
    "/huge-stream": _huge_streamed,
    "/gzip-bomb": _gzip_bomb,
    "/drip": _drip,
    "/pdf": lambda h: h.reply(200, "application/pdf", b"%PDF-1.7\n"),
    "/untyped": lambda h: h.reply(200, None, b"<p>what am I?</p>"),
    "/conditional": _conditional,
    "/always-304": lambda h: h.reply(304, None, b""),
    **{f"/chain/{n}": _chain(n) for n in range(11)},
}


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # the slow handler must not hold up teardown

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: list[str] = []
        self.aborted: list[str] = []
        self.headers_seen: dict[str, dict[str, str]] = {}
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    httpd = LocalServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class NoConnectionSession(requests.Session):
    """Fails the test if fetch gets as far as making a request."""

    def request(self, *args: object, **kwargs: object) -> requests.Response:
        raise AssertionError(f"fetch tried to connect: {args}")


# -- success -----------------------------------------------------------------------------


def test_fetches_a_page_with_its_type_charset_and_our_headers(server: LocalServer) -> None:
    result = fetch(server.base + "/page", policy=LOCAL)

    assert result.status == 200
    assert result.final_url == result.url == server.base + "/page"
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.body.decode(result.charset) == PAGE
    assert not result.not_modified
    sent = server.headers_seen["/page"]
    assert sent["User-Agent"] == LOCAL.user_agent
    assert "text/html" in sent["Accept"] and "application/rss+xml" in sent["Accept"]


def test_latin1_page_keeps_undecoded_bytes_and_reports_the_header_charset(
    server: LocalServer,
) -> None:
    result = fetch(server.base + "/latin1", policy=LOCAL)

    assert result.charset == "iso-8859-1"
    assert b"caf\xe9" in result.body
    assert "Dockers café" in result.body.decode(result.charset)


def test_follows_a_relative_redirect_and_reports_the_final_url(server: LocalServer) -> None:
    result = fetch(server.base + "/moved", policy=LOCAL)

    assert result.url == server.base + "/moved"
    assert result.final_url == server.base + "/page"


def test_a_caller_session_is_reused_and_left_open(server: LocalServer) -> None:
    with make_session(LOCAL) as session:
        first = fetch(server.base + "/page", policy=LOCAL, session=session)
        second = fetch(server.base + "/latin1", policy=LOCAL, session=session)
    assert first.status == second.status == 200


def test_cookie_redirect_back_to_the_same_url_is_not_a_loop(server: LocalServer) -> None:
    result = fetch(server.base + "/cookie-dance", policy=LOCAL)

    assert result.status == 200
    assert result.final_url == server.base + "/cookie-dance"


# -- conditional requests ----------------------------------------------------------------


def test_etag_and_last_modified_are_returned_for_the_next_poll(server: LocalServer) -> None:
    result = fetch(server.base + "/conditional", policy=LOCAL)

    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)


@pytest.mark.parametrize(
    "validators", [{"etag": ETAG}, {"last_modified": LAST_MODIFIED}], ids=["etag", "date"]
)
def test_unchanged_page_comes_back_as_not_modified(
    server: LocalServer, validators: dict[str, str]
) -> None:
    result = fetch(server.base + "/conditional", policy=LOCAL, **validators)

    assert result.not_modified
    assert result.status == 304
    assert result.body == b""
    assert result.etag == ETAG


def test_unconditional_304_is_an_error(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="not conditional"):
        fetch(server.base + "/always-304", policy=LOCAL)


# -- status codes ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/missing", "/gone"])
def test_not_found_and_gone_are_permanent(server: LocalServer, path: str) -> None:
    with pytest.raises(FetchError, match="not found") as caught:
        fetch(server.base + path, policy=LOCAL)
    assert not isinstance(caught.value, TransientFetchError)
    assert "Check the address" in str(caught.value)


@pytest.mark.parametrize("path", ["/busy", "/limited"])
def test_overload_and_rate_limits_are_transient(server: LocalServer, path: str) -> None:
    with pytest.raises(TransientFetchError, match="Will retry"):
        fetch(server.base + path, policy=LOCAL)


def test_retry_after_is_passed_on(server: LocalServer) -> None:
    with pytest.raises(TransientFetchError, match="wait 120"):
        fetch(server.base + "/busy", policy=LOCAL)


def test_forbidden_is_permanent(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="403") as caught:
        fetch(server.base + "/forbidden", policy=LOCAL)
    assert not isinstance(caught.value, TransientFetchError)


def test_connection_refused_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe socket is closed.
    with pytest.raises(TransientFetchError, match="Could not connect"):
        fetch(f"http://127.0.0.1:{port}/", policy=LOCAL)


# -- redirects ---------------------------------------------------------------------------


def test_redirect_loop_is_detected(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="loop"):
        fetch(server.base + "/loop-a", policy=LOCAL)


def test_too_many_redirects(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_redirects=3)
    with pytest.raises(FetchError, match="more than 3 times"):
        fetch(server.base + "/chain/0", policy=policy)
    # Exactly max_redirects hops is still fine.
    assert fetch(server.base + "/chain/7", policy=policy).final_url == server.base + "/chain/10"


def test_redirect_without_location_is_an_error(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="did not say where"):
        fetch(server.base + "/no-location", policy=LOCAL)


def test_redirect_to_a_file_url_is_refused(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch(server.base + "/to-file", policy=LOCAL)


def test_every_redirect_hop_is_checked_for_private_addresses(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Let the test server count as public, so only the redirect target is private.
    loopback = ipaddress.ip_address("127.0.0.1")
    real_check = fetch_module.is_public_address
    monkeypatch.setattr(
        fetch_module, "is_public_address", lambda ip: ip == loopback or real_check(ip)
    )

    with pytest.raises(FetchError, match=r"169\.254\.169\.254.*private"):
        fetch(server.base + "/to-private", policy=FetchPolicy(timeout=5.0))
    assert server.hits[-1] == "/to-private"


# -- limits ------------------------------------------------------------------------------


def test_slow_server_times_out_as_transient(server: LocalServer) -> None:
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match=r"did not answer within 0\.5 seconds"):
        fetch(server.base + "/slow", policy=FetchPolicy(allow_private=True, timeout=0.5))
    assert time.monotonic() - started < 2.5


def test_a_server_dripping_bytes_is_stopped_by_the_deadline(server: LocalServer) -> None:
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match="did not answer within"):
        fetch(server.base + "/drip", policy=FetchPolicy(allow_private=True, timeout=0.5))
    assert time.monotonic() - started < 2.0  # the drip itself lasts 5 s


def test_declared_oversize_body_is_refused_before_reading(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_bytes=1_000_000)
    with pytest.raises(FetchError, match=r"page is larger than 1 MB"):
        fetch(server.base + "/huge", policy=policy)


def test_streamed_body_stops_at_the_cap(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_bytes=1_000_000)
    with pytest.raises(FetchError, match=r"page is larger than 1 MB"):
        fetch(server.base + "/huge-stream", policy=policy)


def test_compressed_body_is_capped_after_decompression(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_bytes=1_000_000)
    with pytest.raises(FetchError, match=r"page is larger than 1 MB"):
        fetch(server.base + "/gzip-bomb", policy=policy)


def test_pdf_is_refused_naming_its_type(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="application/pdf") as caught:
        fetch(server.base + "/pdf", policy=LOCAL)
    assert "Submit the address of the article's web page" in str(caught.value)


def test_missing_content_type_is_refused(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="no Content-Type"):
        fetch(server.base + "/untyped", policy=LOCAL)


# -- address safety ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]:8080/",
        "http://0.0.0.0/",
        "http://192.168.1.1/admin",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://localhost:8000/",
    ],
)
def test_non_public_addresses_are_refused_before_connecting(url: str) -> None:
    with pytest.raises(FetchError, match="Provenance only fetches public web pages"):
        fetch(url, policy=FetchPolicy(), session=NoConnectionSession())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "gopher://x/"])
def test_non_http_schemes_are_refused_before_connecting(url: str) -> None:
    with pytest.raises(FetchError, match=r"only http:// and https://"):
        fetch(url, policy=FetchPolicy(), session=NoConnectionSession())


def test_non_http_schemes_are_refused_even_when_private_is_allowed() -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd", policy=LOCAL, session=NoConnectionSession())


def test_host_name_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        assert host == "intranet.example"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match=r"10\.1\.2\.3"):
        fetch("https://intranet.example/wiki", policy=FetchPolicy(), session=NoConnectionSession())


def test_dns_rebinding_is_caught_at_connect_time(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first lookup says public, the connection lands on 127.0.0.1: still refused."""
    real_getaddrinfo = socket.getaddrinfo
    port = server.server_address[1]

    def rebinding_getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        if host == "rebind.example":
            return real_getaddrinfo("127.0.0.1", *args, **kwargs)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(
        fetch_module, "_resolve", lambda host, port: [ipaddress.ip_address("93.184.216.34")]
    )
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    hits_before = len(server.hits)

    with pytest.raises(FetchError, match="when connecting"):
        fetch(f"http://rebind.example:{port}/page", policy=FetchPolicy(timeout=5.0))
    assert len(server.hits) == hits_before  # no request was sent


def test_guarded_session_refuses_a_loopback_peer(server: LocalServer) -> None:
    with make_session(FetchPolicy()) as session, pytest.raises(FetchError, match="private"):
        session.get(server.base + "/page", timeout=5)


def test_check_destination_accepts_a_public_address() -> None:
    check_destination("http://93.184.216.34/article", FetchPolicy())


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("255.255.255.255", False),
        ("239.1.2.3", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fd12:3456::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:93.184.216.34", True),
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 wrapping 10.0.0.1
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


# -- small parts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", ("text/html", "utf-8")),
        ('Text/HTML;charset="ISO-8859-1"', ("text/html", "iso-8859-1")),
        ("text/html; charset=no-such-charset", ("text/html", None)),
        ("application/rss+xml", ("application/rss+xml", None)),
        ("", ("", None)),
    ],
)
def test_parse_content_type(header: str, expected: tuple[str, str | None]) -> None:
    assert parse_content_type(header) == expected


@pytest.mark.parametrize("bad", [{"timeout": 0}, {"max_bytes": 0}, {"max_redirects": -1}], ids=str)
def test_policy_rejects_values_that_would_fail_every_fetch(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        FetchPolicy(**bad)
