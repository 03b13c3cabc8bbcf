"""read_feed: full-content entries, summary-only entries, Atom, and broken XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.ingest.feeds import fragment_blocks, read_feed
from newsweave.ingest.settings import IngestSettings
from newsweave.records import Article, Skip

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def feed(name: str, settings: IngestSettings = IngestSettings()) -> list[Article | Skip]:
    return list(read_feed((FIXTURES / name).read_bytes(), name, settings))


def articles(records: list[Article | Skip]) -> list[Article]:
    return [r for r in records if isinstance(r, Article)]


def test_rss2_content_encoded_gives_full_articles():
    records = feed("rss2_content_encoded.xml")
    assert not [r for r in records if isinstance(r, Skip)]
    bridge, school = articles(records)
    assert bridge.format == "feed"
    assert bridge.outlet == "Valley Courier"
    assert bridge.title == "Wren River bridge to close for six weeks of repairs"
    assert bridge.url == "https://www.valleycourier.example/2025/04/02/wren-river-bridge-closure"
    assert bridge.bylines == ("Priya Natarajan",)
    assert bridge.published == "2025-04-02T14:15:00-04:00"  # the feed's own offset is kept
    assert bridge.language == "en"
    assert bridge.source == "rss2_content_encoded.xml#entry 1"
    # the body is content:encoded paragraph by paragraph, not the one-line description
    assert len(bridge.body) == 4
    assert bridge.body[1].startswith("Drivers will be sent on a 14-mile detour")
    assert bridge.body[-1].startswith("The $8.2 million project")
    assert "trackRead" not in bridge.text
    assert "seen from the Ashford bank" not in bridge.text  # a figure caption is not body
    assert school.bylines == ("Lucas Ferreira", "Hannah Cole")
    assert len(school.body) == 2


def test_summary_only_items_are_kept_as_partial_articles():
    records = feed("rss_summary_only.xml")
    marina, storm = articles(records)
    assert marina.format == storm.format == "feed-summary"
    assert marina.body == (
        "The Lakeshore city council postponed a vote on a 30-year lease for the north marina "
        "after residents asked for an environmental review.",
    )
    assert marina.bylines == ("Nora Kim",)  # from "editor@... (Nora Kim)"
    assert marina.published == "2025-03-10T08:00:00+00:00"
    assert storm.bylines == ()
    assert storm.url == "https://lakeshoredaily.example/news/storm-power-outage"


def test_item_without_content_or_summary_is_skipped():
    records = feed("rss_summary_only.xml")
    skips = [r for r in records if isinstance(r, Skip)]
    assert skips == [Skip("rss_summary_only.xml", "entry 3", "no content or summary")]


def test_atom_entries():
    grain, fair = articles(feed("atom.xml"))
    assert grain.outlet == fair.outlet == "Northern Plains Observer"
    assert grain.format == "feed"
    assert grain.bylines == ("Elena Duarte",)
    assert grain.published == "2025-05-06T10:30:00-05:00"  # published, not updated
    assert grain.url == "https://observer.example/2025/05/06/grain-coop-record"
    assert grain.language == "en"
    assert len(grain.body) == 3
    assert grain.body[-1] == '"We had trucks lined up past the highway some mornings," Voss said.'
    # an entry with only <updated> takes that time; xhtml content is read like html
    assert fair.published == "2025-05-05T16:00:00+00:00"
    assert fair.body == (
        "The Barrow County Fair board on Monday named Jolene Marsh, a longtime 4-H organizer, "
        "as the fair's executive director.",
        "Marsh replaces Dale Pruitt, who retired in March after 22 years.",
    )


def test_malformed_xml_keeps_recovered_entries_and_reports_once():
    records = feed("rss_malformed_recoverable.xml")
    kept = articles(records)
    assert [a.title for a in kept] == [
        "Lighthouse reopens to visitors after restoration",
        "Fishing fleet returns early as fuel prices climb",
    ]
    assert "funded by the town & a state grant" in kept[0].text
    skips = [r for r in records if isinstance(r, Skip)]
    assert len(skips) == 1
    assert skips[0].record == "line 10"  # the bare "&" in the first description
    assert skips[0].reason.startswith("not well-formed XML: not well-formed (invalid token)")
    assert "2 entries" in skips[0].reason


def test_unrecoverable_file_is_one_skip():
    records = feed("not_a_feed.xml")
    assert records == [
        Skip(
            "not_a_feed.xml",
            None,
            "not a valid RSS/Atom feed: not well-formed XML at line 2: not well-formed "
            "(invalid token)",
        )
    ]


def test_well_formed_xml_that_is_not_a_feed():
    data = b'<?xml version="1.0"?><catalog><book id="1"><title>Tides</title></book></catalog>'
    assert list(read_feed(data, "catalog.xml")) == [
        Skip("catalog.xml", None, "not a valid RSS/Atom feed: no RSS, RDF or Atom root element")
    ]


def test_text_that_looks_like_a_url_is_not_fetched():
    data = b"https://feeds.example/never-fetched.xml"
    [skip] = read_feed(data, "url.xml")
    assert isinstance(skip, Skip)
    assert skip.reason.startswith("not a valid RSS/Atom feed")


def test_rss1_rdf_feed():
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="https://pinecrest.example/"><title>Pinecrest Weekly</title>
  <link>https://pinecrest.example/</link><description>Town news</description></channel>
 <item rdf:about="https://pinecrest.example/snowplow-budget">
  <title>Snowplow budget runs dry in February</title>
  <link>https://pinecrest.example/snowplow-budget</link>
  <dc:creator>Gus Lindqvist</dc:creator><dc:date>2025-02-21T08:00:00-06:00</dc:date>
  <description>Pinecrest has spent its whole winter road budget after eleven storms.</description>
 </item>
</rdf:RDF>"""
    [article] = read_feed(data, "pinecrest.rdf")
    assert isinstance(article, Article)
    assert article.outlet == "Pinecrest Weekly"
    assert article.bylines == ("Gus Lindqvist",)
    assert article.published == "2025-02-21T08:00:00-06:00"
    assert article.format == "feed-summary"


def test_entry_over_the_record_limit_is_skipped():
    records = feed("rss2_content_encoded.xml", IngestSettings(max_record_bytes=600))
    assert [type(r).__name__ for r in records] == ["Skip", "Article"]
    assert records[0].record == "entry 1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fragment", "blocks"),
    [
        (
            "<p>One short paragraph.</p><p>And a second.</p>",
            ["One short paragraph.", "And a second."],
        ),
        (
            "<div>Only text, no paragraphs, <b>with</b> markup.</div>",
            ["Only text, no paragraphs, with markup."],
        ),
        (
            "<p>Key points:</p><ul><li>Fares rise 5%</li><li>Service cut on Sundays</li></ul>",
            ["Key points:", "- Fares rise 5%", "- Service cut on Sundays"],
        ),
    ],
)
def test_short_fragments_keep_their_paragraphs(fragment, blocks):
    assert fragment_blocks(fragment) == blocks


def test_an_undecodable_encoding_declaration_is_one_named_skip() -> None:
    data = (
        b'<?xml version="1.0" encoding="\x93x"?><rss version="2.0"><channel>'
        b"<title>Gazette</title></channel></rss>"
    )
    [skip] = list(read_feed(data, "gazette.xml"))
    assert isinstance(skip, Skip) and skip.path == "gazette.xml"
    assert skip.reason.startswith("not a valid RSS/Atom feed")


def test_control_characters_in_entry_markup_are_dropped_not_fatal() -> None:
    markup = "<p>Council meets<script>x</script>\x01 on Tuesday.</p><p>Second\x0b part.</p>"
    assert fragment_blocks(markup) == ["Council meets on Tuesday.", "Second part."]
