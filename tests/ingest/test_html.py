"""parse_html: the article of a news page, its metadata, and nothing of the page around it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from newsweave.errors import InputError, LimitExceeded
from newsweave.ingest import html
from newsweave.ingest.html import (
    decode_html,
    language_code,
    normalize_date,
    parse_html,
    split_bylines,
)
from newsweave.ingest.settings import IngestSettings

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def ferry():
    return parse_html(page("harbor_ledger_ferry.html"), source="ferry.html")


def test_news_page_keeps_only_the_article_text(ferry):
    text = ferry.text
    assert "Ferry crews in Port Alder voted on Friday to end an 11-day strike" in text
    assert "a report would be released within 60 days." in text  # the last paragraph
    for page_furniture in (
        "Subscribe today",  # navigation
        "ADVERTISEMENT",  # ad slots
        "Coastline Outfitters",
        "About time. The county wasted",  # reader comments
        "Water taxi fares soar",  # related links
        "All rights reserved",  # footer
        "Sign up for our morning newsletter",
        "Share on Facebook",
    ):
        assert page_furniture not in text


def test_news_page_paragraphs_stay_paragraphs(ferry):
    quote = next(p for p in ferry.body if "said Teresa Lund" in p)
    assert quote.startswith('"Nobody wanted to keep the boats tied up')
    assert quote.endswith('That was the whole fight."')
    assert len(ferry.body) >= 10
    assert not any("\n" in paragraph for paragraph in ferry.body)


def test_news_page_metadata(ferry):
    assert ferry.title == "Port Alder ferry strike ends after 11-day standoff"
    assert ferry.outlet == "The Harbor Ledger"
    assert ferry.bylines == ("Maria Okafor", "Daniel Reyes")
    assert ferry.published == "2025-03-14T09:30:00-05:00"  # article:published_time, not modified
    assert ferry.url == (
        "https://www.harborledger.example/news/2025/03/14/port-alder-ferry-strike-ends"
    )
    assert ferry.language == "en"
    assert ferry.format == "html"
    assert ferry.source == "ferry.html"
    assert ferry.dateline == "PORT ALDER"  # the text reader's cleaning applies to pages too
    assert "Commuters count the cost" in ferry.subheads
    assert any(c.startswith("The ferry Gull Island waits") for c in ferry.captions)
    assert not any("Gull Island waits" in p for p in ferry.body)


def test_headline_is_not_repeated_as_first_paragraph(ferry):
    assert ferry.body[0].casefold() != ferry.title.casefold()


def test_canonical_link_wins_over_the_fetch_url():
    article = parse_html(
        page("harbor_ledger_ferry.html"),
        source="crawl",
        url="https://www.harborledger.example/news/ferry?utm_source=newsletter",
    )
    assert article.url.endswith("/port-alder-ferry-strike-ends")


def test_scripts_never_reach_the_text():
    article = parse_html(page("script_heavy.html"), source="tidewater.html")
    text = article.text
    assert "adopted a new flood map" in text
    assert "The new map takes effect July 1." in text
    for script_text in (
        "inlineAd",
        "console.log",
        "inline sponsored message",
        "showPaywall",
        "createElement",
        "font-family",
        "tracking pixel",
        "pageConfig",
    ):
        assert script_text not in text
    assert article.bylines == ("Owen Gallagher",)


def test_fetch_url_and_crawl_date_fill_in_what_the_page_lacks():
    article = parse_html(
        page("script_heavy.html"),
        source="tidewater.html",
        url="https://tidewater-record.example/local/flood-map",
        fallback_date="2024-06-11T03:12:09Z",
    )
    assert article.url == "https://tidewater-record.example/local/flood-map"
    assert article.published is not None
    assert article.published.startswith("2024-06-11")


def test_broken_and_truncated_html_still_gives_its_text():
    article = parse_html(page("broken_truncated.html"), source="frost.html")
    text = article.text
    assert article.title == "Orchard growers brace for early frost"
    assert article.outlet == "Cedar Valley Sentinel"
    assert "Apple and cherry growers across the Cedar Valley" in text
    assert "emergency loans" in text  # after the unclosed <p> and <b>
    assert "in its forecast for the val" in text  # the page is cut mid-word
    assert text.index("Apple and cherry") < text.index("A freeze at full bloom")
    assert len(article.body) >= 3


def test_cp1252_page_is_decoded_by_its_meta_charset():
    data = page("cp1252_meta_charset.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = parse_html(data, source="bocage.html")
    assert article.title == "Le marché de Saint-Aubin rouvre ses portes"
    assert article.outlet == "L’Écho du Bocage"
    assert article.bylines == ("Angélique Moreau",)
    assert article.language == "fr"
    assert "une fête chaque premier samedi du mois" in article.text
    assert "“une fête" in article.text  # 0x93 is a curly quote in cp1252
    assert "d’euros" in article.text
    assert "\ufffd" not in article.text


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii"])
def test_latin1_labels_are_read_as_windows_1252(label):
    data = f'<meta charset="{label}"><p>It\x92s a \x93test\x94 \x97 really.</p>'.encode("latin-1")
    assert "It’s a “test” — really." in decode_html(data)


def test_utf8_bom_wins_over_a_wrong_meta_charset():
    data = (
        b'\xef\xbb\xbf<meta charset="windows-1252"><p>Caf\xc3\xa9 owners \xe2\x80\x94 and more</p>'
    )
    assert "Café owners — and more" in decode_html(data)


def test_undeclared_bytes_are_detected():
    data = "<html><body><p>The mayor’s café — “closed”.</p></body></html>".encode("cp1252")
    assert "The mayor’s café — “closed”." in decode_html(data)


def test_page_without_article_text_is_refused():
    with pytest.raises(InputError, match="no article text found"):
        parse_html(page("no_article.html"), source="login.html")


def test_empty_page_is_refused():
    with pytest.raises(InputError, match="no article text found"):
        parse_html(b"   \n", source="blank.html")


def test_page_over_the_record_limit_is_refused_before_parsing():
    settings = IngestSettings(max_record_bytes=4096)
    with pytest.raises(LimitExceeded, match="page is 7 KiB, over the 4 KiB limit"):
        parse_html(page("harbor_ledger_ferry.html"), source="big.html", settings=settings)


def test_slow_extraction_is_interrupted_at_the_time_limit(monkeypatch):
    def endless_extraction(*args, **kwargs):
        while True:  # a page that sends the extractor into a very long loop
            sum(range(1000))

    monkeypatch.setattr(html.trafilatura, "bare_extraction", endless_extraction)
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"took over 0.3 s"):
        parse_html(
            page("harbor_ledger_ferry.html"),
            source="slow.html",
            settings=IngestSettings(record_timeout=0.3),
        )
    assert time.monotonic() - started < 3
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_is_not_swallowed_by_broad_except_blocks(monkeypatch):
    def extraction_that_catches_everything(*args, **kwargs):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:  # as libraries do around optional steps
                sum(range(1000))
            except Exception as error:
                print(error)
        return None

    monkeypatch.setattr(html.trafilatura, "bare_extraction", extraction_that_catches_everything)
    started = time.monotonic()
    with pytest.raises(LimitExceeded):
        parse_html(
            page("harbor_ledger_ferry.html"),
            source="slow.html",
            settings=IngestSettings(record_timeout=0.2),
        )
    assert time.monotonic() - started < 2


def test_a_timer_set_by_the_caller_survives_the_page_limit():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        parse_html(page("script_heavy.html"), source="t.html")
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < remaining <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Maria Okafor; Daniel Reyes", ("Maria Okafor", "Daniel Reyes")),
        ("By Ana Lima, Tom Berg and Ruth Cole", ("Ana Lima", "Tom Berg", "Ruth Cole")),
        ("Lucas Ferreira & Hannah Cole", ("Lucas Ferreira", "Hannah Cole")),
        ("Owen Gallagher", ("Owen Gallagher",)),
        ("", ()),
        (None, ()),
    ],
)
def test_split_bylines(written, names):
    assert split_bylines(written) == names


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2010-07-02", "2010-07-02"),
        ("2025-03-14T09:30:00-05:00", "2025-03-14T09:30:00-05:00"),
        ("2025-03-14T14:30:00Z", "2025-03-14T14:30:00+00:00"),
        ("2019-03-14 10:22:00", "2019-03-14T10:22:00"),
        ("Wed, 02 Apr 2025 14:15:00 -0400", "2025-04-02T14:15:00-04:00"),
        ("March 14, 2025", "2025-03-14"),
        (1741962600, "2025-03-14T14:30:00+00:00"),
        (1741962600000, "2025-03-14T14:30:00+00:00"),
        ("2025-02-30", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value, iso):
    assert normalize_date(value) == iso


def test_full_extraction_cascade_runs_only_when_the_fast_pass_finds_little(monkeypatch):
    real = html.trafilatura.bare_extraction
    passes: list[bool] = []

    def spy(*args, **kwargs):
        passes.append(kwargs["fast"])
        return real(*args, **kwargs)

    monkeypatch.setattr(html.trafilatura, "bare_extraction", spy)
    parse_html(page("harbor_ledger_ferry.html"), source="ferry.html")
    assert passes == [True]
    passes.clear()
    with pytest.raises(InputError):
        parse_html(page("no_article.html"), source="login.html")
    assert passes == [True, False]


@pytest.mark.parametrize(
    ("value", "code"),
    [("en-US", "en"), ("en_GB", "en"), ("FR", "fr"), ("deu", "deu"), ("", None), ("x", None)],
)
def test_language_code(value, code):
    assert language_code(value) == code
