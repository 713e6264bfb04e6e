"""sources.normalize: one spelling per article, and never one spelling for two articles."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.errors import IngestError
from sources.normalize import domain_of, normalize_url


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        # scheme and host are case-insensitive; the path is not
        (
            "HTTPS://HarbourWatch.Example/2024/05/Port-Strike",
            "https://harbourwatch.example/2024/05/Port-Strike",
        ),
        # fragments never reach the server
        ("https://a.example/story#comments", "https://a.example/story"),
        # default ports go, others stay
        ("http://a.example:80/x", "http://a.example/x"),
        ("https://a.example:443/x", "https://a.example/x"),
        ("https://a.example:8443/x", "https://a.example:8443/x"),
        # the root is "/", any other path loses its closing slash
        ("https://a.example", "https://a.example/"),
        ("https://a.example/?", "https://a.example/"),
        ("https://a.example/2024/05/port-strike/", "https://a.example/2024/05/port-strike"),
        ("https://a.example/section//", "https://a.example/section"),
        # dot segments
        ("https://a.example/a/./b/../c", "https://a.example/a/c"),
        ("https://a.example/../../x", "https://a.example/x"),
        # escapes: upper-case, unreserved decoded, unsafe characters encoded
        ("https://a.example/%7euser/a%2fb", "https://a.example/~user/a%2Fb"),
        ("https://a.example/port strike", "https://a.example/port%20strike"),
        ("https://a.example/café", "https://a.example/caf%C3%A9"),
        # IDN hosts in punycode
        ("https://Bücher.example/x", "https://xn--bcher-kva.example/x"),
        # no credentials in a unique key
        ("https://user:secret@a.example/x", "https://a.example/x"),
        # IP hosts
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("http://[0:0:0:0:0:0:0:1]/x", "http://[::1]/x"),
        ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/x"),
        # surrounding whitespace from copy and paste
        ("  https://a.example/x \n", "https://a.example/x"),
        # a trailing dot on the host is the same host
        ("https://a.example./x", "https://a.example/x"),
    ],
)
def test_normalize_url(given_url: str, expected: str) -> None:
    assert normalize_url(given_url) == expected


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        (
            "https://a.example/x?utm_source=tw&utm_medium=social&UTM_Campaign=may&id=7",
            "https://a.example/x?id=7",
        ),
        ("https://a.example/x?fbclid=IwAR0&gclid=Cj0&msclkid=9&mc_cid=1", "https://a.example/x"),
        # sorted by name; repeated names keep their order, since it can matter
        ("https://a.example/x?b=2&a=1&c=3&a=0", "https://a.example/x?a=1&a=0&b=2&c=3"),
        # blank values are still parameters
        ("https://a.example/x?preview=&id=3", "https://a.example/x?id=3&preview="),
        # parameters that look like tracking but can pick the article are kept
        (
            "https://a.example/x?ref=42&source=wire&session=9&sourceid=3",
            "https://a.example/x?ref=42&session=9&source=wire&sourceid=3",
        ),
        # escaped bytes survive, whatever their encoding; raw non-ASCII becomes UTF-8
        ("https://a.example/s?q=caf%e9", "https://a.example/s?q=caf%E9"),
        ("https://a.example/s?q=café", "https://a.example/s?q=caf%C3%A9"),
        ("https://a.example/s?q=a+b&r=a%20b", "https://a.example/s?q=a+b&r=a+b"),
        ("https://a.example/s?q=a%26b", "https://a.example/s?q=a%26b"),
    ],
)
def test_query_cleaning(given_url: str, expected: str) -> None:
    assert normalize_url(given_url) == expected


def test_spellings_of_one_article_share_one_key() -> None:
    spellings = [
        "https://harbourwatch.example/2024/05/port-strike",
        "HTTPS://HarbourWatch.example:443/2024/05/port-strike/",
        "https://harbourwatch.example/2024/05/./port-strike#top",
        "https://harbourwatch.example/2024/05/port-strike?utm_source=rss&fbclid=x",
    ]

    assert len({normalize_url(url) for url in spellings}) == 1


@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("harbourwatch.example/2024/05/port-strike", "starting with https://"),
        ("ftp://files.example/a.txt", "only http:// and https://"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("javascript:alert(1)", "only http:// and https://"),
        ("mailto:desk@harbourwatch.example", "only http:// and https://"),
        ("https://", "no host name"),
        ("https:///path/only", "no host name"),
        ("https://a.example:99999/", "invalid port"),
        ("https://a.example:port/", "invalid port"),
        ("http://[::1/", "not a valid URL"),
        ("https://exa mple.example/", "invalid host name"),
    ],
)
def test_garbage_is_refused_with_a_hint(bad: str, hint: str) -> None:
    with pytest.raises(IngestError, match=hint):
        normalize_url(bad)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.harbourwatch.example/2024/05/port-strike", "harbourwatch.example"),
        ("https://HarbourWatch.Example:8443/x", "harbourwatch.example"),
        ("https://news.harbourwatch.example/x", "news.harbourwatch.example"),
        # two blogs on one platform are two publishers
        ("https://tidewaternotes.wordpress.example/x", "tidewaternotes.wordpress.example"),
        ("https://other.wordpress.example/x", "other.wordpress.example"),
        ("https://www.bücher.example/", "xn--bcher-kva.example"),
        ("https://wwwharbour.example/", "wwwharbour.example"),
    ],
)
def test_domain_of(url: str, domain: str) -> None:
    assert domain_of(url) == domain


def test_domain_of_garbage_raises() -> None:
    with pytest.raises(IngestError):
        domain_of("not a url")


_segment = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/?#", exclude_categories=("Cs",)),
    max_size=8,
)
_param = st.tuples(st.sampled_from(["a", "b", "utm_x", "id", "Q"]), st.text(max_size=5))


@given(
    host=st.sampled_from(["a.example", "WWW.B.example", "[::1]", "10.0.0.1", "xn--bcher-kva.de"]),
    segments=st.lists(_segment, max_size=4),
    params=st.lists(_param, max_size=4),
    fragment=st.text(max_size=5),
)
def test_normalising_twice_changes_nothing(
    host: str, segments: list[str], params: list[tuple[str, str]], fragment: str
) -> None:
    url = f"https://{host}/" + "/".join(quote(s) for s in segments)
    if params:
        url += "?" + urlencode(params)
    url += "#" + fragment

    once = normalize_url(url)

    assert normalize_url(once) == once
    assert "#" not in once and "utm_x" not in once
