"""Tests for newsweave.ingest.text: plain-text articles on the seed pair and fictional copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.ingest import text as text_module
from newsweave.ingest.text import (
    agency_tag,
    bullet_text,
    caption_date,
    is_caption,
    is_headline,
    is_subhead,
    parse_byline,
    parse_date,
    parse_front_matter,
    parse_text,
    parse_trailer,
    split_dateline,
    split_paragraphs,
    split_trailing_tag,
    take_date_field,
)
from newsweave.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def fixture(name: str, **known: object) -> Article:
    path = FIXTURES / name
    return parse_text(path.read_text(encoding="utf-8"), source=str(path), **known)


# --------------------------------------------------------------------------- the seed pair


def test_wire_seed_takes_outlet_and_bylines_from_its_byline(seed_articles: dict[str, Article]):
    wire = seed_articles["000"]
    assert wire.outlet == "Reuters"
    assert wire.bylines == ("Guy Faulconbridge", "Andrew Osborn", "Vladimir Soldatkin")


def test_wire_seed_keeps_captions_bullets_and_subheads_out_of_body(
    seed_articles: dict[str, Article],
):
    wire = seed_articles["000"]
    assert len(wire.captions) == 2
    assert all("Photo:" in caption for caption in wire.captions)
    assert len(wire.bullets) == 5
    assert wire.bullets[0] == "Putin speaks in the Kremlin on ceasefire"
    assert set(wire.subheads) == {"Putin and Trump", "'Welcome'"}
    body = set(wire.body)
    for part in (*wire.captions, *wire.subheads):
        assert part not in body
    assert not any(b in paragraph for b in wire.bullets for paragraph in wire.body)
    assert not any(p.startswith(("By ", "- ")) or p == "- Reuters" for p in wire.body)


def test_wire_seed_tag_first_paragraph_and_caption_date(seed_articles: dict[str, Article]):
    wire = seed_articles["000"]
    assert "Reuters" in wire.agency_tags
    assert wire.body[0].startswith("Russian President Vladimir Putin said on Thursday")
    assert wire.body[-1].endswith("during the war.")
    # No date field: the later of the captions' dates (13 March vs 12 March).
    assert wire.published == "2025-03-13"


def test_rewrite_seed_date_field_and_dateline_leave_the_body(seed_articles: dict[str, Article]):
    rewrite = seed_articles["004"]
    assert rewrite.published == "2025-03-14"
    assert rewrite.dateline == "MOSCOW"
    assert rewrite.body[0].startswith("President Vladimir Putin said on Thursday (Mar 13)")
    assert len(rewrite.body) == 11
    assert "2025-03-14" not in rewrite.text
    assert rewrite.captions == () and rewrite.bullets == () and rewrite.subheads == ()


# --------------------------------------------------------------------------- fictional articles


def test_reuters_dateline_trailer_and_subhead():
    article = fixture("wire_dateline.txt")
    assert article.title == "Harbour authority approves Port Veland expansion after two-year review"
    assert article.dateline == "LONDON"
    assert article.outlet == "Reuters"
    assert article.agency_tags == ("Reuters",)
    assert article.body[0].startswith("The Port Veland harbour authority approved")
    assert article.subheads == ("Dredging and the estuary",)
    # Reporters from the trailer become bylines when there is no byline; the editor does not.
    assert article.bylines == ("Tomas Lindqvist", "Priya Raman", "Ade Bello")
    assert not any("Editing by" in paragraph for paragraph in article.body)
    assert article.body[-1] == "Work is due to start in the autumn and finish by 2029."
    assert article.published is None  # "March 3" has no year: not guessed


def test_ap_byline_dateline_caption_and_copyright():
    article = fixture("ap_style.txt")
    assert article.bylines == ("Jane Morrow", "David Estrada")
    assert article.outlet == "AP"
    assert article.dateline == "NEW YORK"
    assert article.body[0].startswith("The city's transit agency will add overnight service")
    assert article.captions == (
        "Commuters waiting for a train at a Queens station on Monday, June 2, 2025. "
        "(AP Photo/Lena Marsh)",
    )
    assert article.published == "2025-06-02"
    assert article.subheads == ("What changes",)
    assert article.agency_tags == ("AP",)
    assert not any("©" in p or "contributed to this report" in p for p in article.body)
    assert len(article.body) == 4


def test_front_matter_fills_metadata_and_wrapped_lines_join():
    article = fixture("front_matter.txt")
    assert article.title == "Valley council backs new library for Eastbrook"
    assert article.outlet == "The Eastbrook Courier"
    assert article.published == "2025-03-14"
    assert article.url == "https://courier.example/news/eastbrook-library"
    assert article.bylines == ("Rosa Delgado", "Peter Nakamura")
    assert article.language == "en"
    assert len(article.body) == 3
    assert article.body[0].startswith("The Eastbrook valley council voted on Thursday to build")
    assert "public library on the site" in article.body[0]  # joined across a line break
    assert "\n" not in article.text.replace("\n\n", "")


def test_published_beats_updated_and_bullets_split_in_one_block():
    article = fixture("straits_style.txt")
    assert article.published == "2025-03-14"
    assert article.dateline == "BEIJING"
    assert article.body[0].startswith("China's central bank cut a key lending rate")
    assert article.bullets == (
        "Loan prime rate cut to 3.0 per cent",
        "Second cut this year",
        "Property sales fell for a ninth month",
    )
    assert len(article.body) == 3


def test_local_paper_title_byline_outlet_and_yearless_caption():
    article = fixture("local_paper.txt")
    assert article.title == "Riverton bridge to close for repairs"
    assert article.bylines == ("Kate Ellison",)
    assert article.outlet == "The Riverton Gazette"
    assert len(article.captions) == 1
    assert article.published is None  # the caption says "March 3" without a year
    assert article.body[0].startswith("The Old Mill bridge will close")


def test_colons_quotes_and_by_phrases_stay_in_the_body():
    article = fixture("false_positives.txt")
    assert article.dateline is None
    assert article.bylines == ()
    assert article.outlet is None
    assert article.captions == ()
    assert article.title is None  # the first line ends in a full stop
    assert article.body[0].startswith("U.S. officials said: the talks")
    assert article.body[1].startswith("Update: This story")
    assert article.body[2].startswith("By the time polls closed")
    assert article.body[4].startswith("Getty Images, the photo agency")
    assert article.subheads == ("NATO: Allies to meet in Brussels",)


def test_an_agency_missing_from_the_known_list_is_still_a_tag():
    text = (
        "By Lena Ortiz, Meridian\n"
        "- Dock workers walk out\n"
        "- Container traffic halted\n"
        "KELMSFORD (Meridian) - Dock workers in Kelmsford walked out on Monday, the union said.\n"
        "The strike halted container traffic at the region's largest port.\n"
        "- Meridian\n"
    )
    article = parse_text(text)
    assert article.outlet == "Meridian"
    assert article.dateline == "KELMSFORD"
    assert article.agency_tags == ("Meridian",)
    assert article.bullets == ("Dock workers walk out", "Container traffic halted")
    assert article.body[0].startswith("Dock workers in Kelmsford walked out")
    assert article.body[-1].endswith("largest port.")


# --------------------------------------------------------------------------- known metadata


def test_known_metadata_wins_over_heuristics():
    article = fixture(
        "wire_dateline.txt",
        outlet="Port Veland Post",
        title="Port expansion approved",
        published="2025-03-04T08:00:00+00:00",
        bylines=("Staff Reporter",),
        format="html",
        url="https://post.example/port",
    )
    assert article.outlet == "Port Veland Post"
    assert article.title == "Port expansion approved"
    assert article.published == "2025-03-04T08:00:00+00:00"
    assert article.bylines == ("Staff Reporter",)
    assert article.format == "html"
    assert article.dateline == "LONDON"  # not known: the heuristic still fills it
    assert "Reuters" in article.agency_tags
    # With a title known, the first line is not taken for a title but kept as text.
    assert article.body[0].startswith("Harbour authority approves")


def test_known_title_repeated_as_first_line_is_dropped():
    text = (
        "Harbour authority approves Port Veland expansion\n\n"
        "The harbour authority approved the expansion on Monday after a long review.\n\n"
        "Fishing groups said they would appeal."
    )
    article = parse_text(
        text, format="html", title="Harbour authority approves Port Veland expansion"
    )
    assert article.body[0].startswith("The harbour authority approved")
    assert len(article.body) == 2


def test_known_published_is_normalized_and_empty_values_do_not_override():
    article = parse_text(
        "By Jane Doe, Reuters\n\nThe vote passed.", published="March 4, 2025", outlet=""
    )
    assert article.published == "2025-03-04"
    assert article.outlet == "Reuters"


def test_extracted_main_text_without_metadata_is_all_body():
    text = (
        "The council met on Tuesday evening to discuss the budget.\n\n"
        "Members agreed to raise spending on roads by five per cent.\n\n"
        "A final vote is expected next month."
    )
    article = parse_text(text, source="page.html", format="html", title="Council budget")
    assert article.body == tuple(text.split("\n\n"))
    assert article.captions == article.bullets == article.subheads == ()
    assert article.bylines == () and article.dateline is None and article.outlet is None


def test_unknown_metadata_field_is_refused():
    with pytest.raises(TypeError, match="headline"):
        parse_text("Some text.", headline="A title")


# --------------------------------------------------------------------------- one heuristic each


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2025-03-14", "2025-03-14"),
        ("March 14, 2025", "2025-03-14"),
        ("Mar. 14, 2025", "2025-03-14"),
        ("14 March 2025", "2025-03-14"),
        ("on 12 March, 2025. Photo", "2025-03-12"),
        ("Thursday, March 13, 2025", "2025-03-13"),
        ("Updated 14 Mar 2025 10:31 GMT", "2025-03-14T10:31:00+00:00"),
        ("Thu 13 Mar 2025 18.02 GMT", "2025-03-13T18:02:00+00:00"),
        ("March 14, 2025 at 3:05 p.m. EDT", "2025-03-14T15:05:00-04:00"),
        ("10:31 AM EST, March 14, 2025", "2025-03-14T10:31:00-05:00"),
        ("2025-03-14T10:31:00Z", "2025-03-14T10:31:00+00:00"),
        ("2025-03-14T10:31:00+0530", "2025-03-14T10:31:00+05:30"),
        ("March 14, 2025 10:31", "2025-03-14"),  # a local time without a zone is dropped
    ],
)
def test_parse_date_normalizes_news_dates(written: str, iso: str):
    assert parse_date(written) == iso


@pytest.mark.parametrize("written", ["on Thursday (Mar 13)", "February 30, 2025", "in 2025", ""])
def test_parse_date_does_not_guess(written: str):
    assert parse_date(written) is None


def test_take_date_field_splits_a_date_run_into_the_first_paragraph():
    field = take_date_field("date 2025-03-14 MOSCOW: President Vladimir Putin said")
    assert field is not None
    assert field.published == "2025-03-14"
    assert field.rest == "MOSCOW: President Vladimir Putin said"
    assert not field.is_update


def test_take_date_field_ranks_published_over_updated_on_one_line():
    field = take_date_field("Updated March 15, 2025 | Published March 14, 2025")
    assert field is not None and field.published == "2025-03-14" and field.rest == ""


@pytest.mark.parametrize(
    "paragraph",
    ["March 14, 2025 was the day the port reopened.", "Dates are still being discussed."],
)
def test_take_date_field_leaves_prose_alone(paragraph: str):
    assert take_date_field(paragraph) is None


def test_caption_date_takes_the_latest_full_date():
    captions = [
        "Troops at a command post on 12 March, 2025. Photo: Handout",
        "The leader speaks in the capital on March 13, 2025. Photo: Pool",
        "A street market on March 20. Photo: Jane Doe",  # no year: ignored
    ]
    assert caption_date(captions) == "2025-03-13"
    assert caption_date(["A street market on March 20. Photo: Jane Doe"]) is None


@pytest.mark.parametrize(
    ("line", "names", "outlet"),
    [
        (
            "By Guy Faulconbridge, Andrew Osborn and Vladimir Soldatkin, Reuters",
            ("Guy Faulconbridge", "Andrew Osborn", "Vladimir Soldatkin"),
            "Reuters",
        ),
        ("By JANE DOE Associated Press", ("Jane Doe",), "AP"),
        ("By Jane Doe | Reuters", ("Jane Doe",), "Reuters"),
        ("By Ana de la Cruz and Omar al-Masri, Agence France-Presse", None, "AFP"),
        ("By Lucy Chen, Staff Writer", ("Lucy Chen",), None),
        ("By Tom Brandt, Semafor", ("Tom Brandt",), "Semafor"),
        ("By Ravi Menon in Singapore and Mei Tan in Kuala Lumpur", ("Ravi Menon", "Mei Tan"), None),
        ("BY SARAH O'NEILL, The Daily Planet Times", ("Sarah O'Neill",), "The Daily Planet Times"),
        ("By Marc DUPONT", ("Marc Dupont",), None),
    ],
)
def test_parse_byline_reads_names_and_outlet(
    line: str, names: tuple[str, ...] | None, outlet: str | None
):
    byline = parse_byline(line)
    assert byline is not None
    if names is not None:
        assert byline.names == names
    else:
        assert len(byline.names) == 2
    assert byline.outlet == outlet


def test_parse_byline_reads_a_date_beside_the_name():
    byline = parse_byline("By Jane Doe | Published March 14, 2025")
    assert byline is not None
    assert byline.names == ("Jane Doe",) and byline.published == "2025-03-14"


@pytest.mark.parametrize(
    "paragraph",
    [
        "By the time polls closed, turnout had passed 70 per cent.",
        "By Monday, troops had crossed the river.",
        "By Thursday Putin had agreed to talks.",
        "Byron Smith said the vote was close.",
        "By contrast, the opposition lost ground.",
    ],
)
def test_parse_byline_rejects_running_text(paragraph: str):
    assert parse_byline(paragraph) is None


def test_parse_trailer_keeps_reporters_and_drops_editors():
    trailer = "(Reporting by Jane Doe in Kyiv and John Roe; Writing by Ann Lee; Editing by Bob Ray)"
    assert parse_trailer(trailer) == ("Jane Doe", "John Roe", "Ann Lee")
    assert parse_trailer("Editing by Bob Ray") == ()
    assert parse_trailer("--With assistance from Kim Park.") == ()
    assert parse_trailer("Reporters said the talks went on late into the night.") is None


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ("- Reuters", "Reuters"),
        ("— AP", "AP"),
        ("(AFP)", "AFP"),
        ("Reuters", "Reuters"),
        ("(c) 2025 Reuters", "Reuters"),
        ("© 2025 The Associated Press. All rights reserved.", "AP"),
        ("Copyright 2024 Daily Planet Media", "Daily Planet Media"),
        ("- UPI", "UPI"),
    ],
)
def test_agency_tag_names_the_agency(paragraph: str, agency: str):
    assert agency_tag(paragraph) == agency


@pytest.mark.parametrize(
    "paragraph",
    ["- Putin says Russia agrees with proposals", "- Ceasefire talks", "Copyright law changed."],
)
def test_agency_tag_leaves_bullets_and_prose(paragraph: str):
    assert agency_tag(paragraph) is None


def test_split_trailing_tag_closes_the_last_paragraph():
    assert split_trailing_tag("The port reopened on Friday. (Reuters)") == (
        "The port reopened on Friday.",
        "Reuters",
    )
    assert split_trailing_tag('"We are ready," he said. - AP') == ('"We are ready," he said.', "AP")
    assert split_trailing_tag("It was the largest in the region (by area).") is None


@pytest.mark.parametrize(
    ("paragraph", "city", "agency", "rest"),
    [
        ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON", "Reuters", "The Senate voted."),
        ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON", "Reuters", "Shares fell."),
        ("PARIS (AFP) — Strikes spread.", "PARIS", "AFP", "Strikes spread."),
        ("Paris (AFP) - Strikes spread.", "Paris", "AFP", "Strikes spread."),
        ("NEW YORK (AP) — Trains ran late.", "NEW YORK", "AP", "Trains ran late."),
        ("ST. LOUIS, Mo. (AP) — Floods rose.", "ST. LOUIS", "AP", "Floods rose."),
        ("WASHINGTON, March 3 (UPI) -- A bill passed.", "WASHINGTON", "UPI", "A bill passed."),
        ("MOSCOW: President Putin said.", "MOSCOW", None, "President Putin said."),
        ("BEIJING — China cut rates.", "BEIJING", None, "China cut rates."),
        ("KUALA LUMPUR: Malaysia said.", "KUALA LUMPUR", None, "Malaysia said."),
        ("KELMSFORD (Meridian) - Docks shut.", "KELMSFORD", "Meridian", "Docks shut."),
    ],
)
def test_split_dateline_takes_city_and_agency(
    paragraph: str, city: str, agency: str | None, rest: str
):
    dateline = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.city, dateline.agency, dateline.rest) == (city, agency, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "U.S. officials said: the talks would resume.",
        "Update: This story has been updated.",
        "UPDATE: This story has been updated.",
        "BREAKING: Parliament dissolved.",
        "NATO: Allies to meet in Brussels",
        '"We will not give up: not ever," the minister said.',
        "The United Nations (UN) - the world body - met.",
        "President Vladimir Putin (left) - seen here - spoke.",
    ],
)
def test_split_dateline_is_not_fooled(paragraph: str):
    assert split_dateline(paragraph) is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "Putin speaks in Moscow on March 13, 2025. Photo: AFP / Pool / Maxim Shemetov",
        "A rescue worker at the site. (Photo: Jane Doe)",
        "Smoke rises over the port. REUTERS/Jane Doe/File Photo",
        "Commuters at a station. (AP Photo/Lena Marsh)",
        "FILE PHOTO: The central bank building in Beijing.",
        "Protesters outside parliament. Photograph: Jane Doe/Getty Images",
        "The flooded village. Image: Handout",
        "Crowds at the rally. Credit: Jane Doe",
        "The new stadium at night. AFP via Getty Images",
    ],
)
def test_is_caption_finds_photo_credits(paragraph: str):
    assert is_caption(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Getty Images, the photo agency, said on Tuesday it would cut 200 jobs.",
        "A Reuters/Ipsos poll showed support at 40 per cent.",
        "The photo was taken in 2019, the ministry said.",
    ],
)
def test_is_caption_ignores_prose_about_photos(paragraph: str):
    assert not is_caption(paragraph)


def test_bullet_text_reads_markers():
    assert bullet_text("- Putin says Russia agrees") == "Putin says Russia agrees"
    assert bullet_text("• Rate cut to 3.0 per cent") == "Rate cut to 3.0 per cent"
    assert bullet_text("* Second cut this year") == "Second cut this year"
    assert bullet_text("– Sales fell") == "Sales fell"
    assert bullet_text("-3 degrees overnight") is None
    assert bullet_text("Putin said - again - that") is None


def test_subheads_and_headlines():
    assert is_subhead("Putin and Trump")
    assert is_subhead("'Welcome'")
    assert not is_subhead("He did not.")
    assert not is_subhead("the talks continued")
    assert not is_subhead("One two three four five six seven eight nine ten")
    assert is_headline("Harbour authority approves Port Veland expansion after review")
    assert is_headline("Will the ceasefire hold?")
    assert not is_headline("The council met on Tuesday.")
    assert not is_headline("Crisis")


def test_parse_front_matter_stops_at_unknown_keys():
    fields, end = parse_front_matter(["Title: Port reopens", "Date: 2025-03-14", "", "Body."])
    assert fields == {"title": "Port reopens", "published": "2025-03-14"}
    assert end == 2
    assert parse_front_matter(["Update: the port reopened.", "Title: x"]) == ({}, 0)
    assert parse_front_matter(["Moscow: talks resumed on Friday."]) == ({}, 0)


def test_split_paragraphs_by_blank_lines_or_by_lines():
    assert split_paragraphs(["One line.", "Two line.", "", "Three"]) == [
        "One line. Two line.",
        "Three",
    ]
    assert split_paragraphs(["First.", "Second.", "Third."]) == ["First.", "Second.", "Third."]
    assert split_paragraphs(["Title here", "By Jane Doe, Reuters", "", "Body."]) == [
        "Title here",
        "By Jane Doe, Reuters",
        "Body.",
    ]
    assert split_paragraphs(["- point one", "  wrapped", "- point two", "", "Body."]) == [
        "- point one wrapped",
        "- point two",
        "Body.",
    ]


# --------------------------------------------------------------------------- invariants


def _squeezed(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    "",
                    "By Jane Doe, Reuters",
                    "- Reuters",
                    "- a bullet",
                    "MOSCOW: text",
                    "date 2025-03-14 LONDON (Reuters) - x",
                    "Photo: AFP",
                    "Title: t",
                    "(c) 2025",
                    "Short head",
                ]
            ),
        ),
        max_size=12,
    ).map("\n".join)
)
def test_parse_text_never_raises_and_body_comes_from_the_input(text: str):
    article = parse_text(text)
    squeezed = _squeezed(text)
    for paragraph in article.body:
        assert paragraph.strip() == paragraph and paragraph
        assert _squeezed(paragraph) in squeezed


def test_all_lists_the_public_api():
    for name in text_module.__all__:
        assert hasattr(text_module, name), name
    assert "parse_text" in text_module.__all__
