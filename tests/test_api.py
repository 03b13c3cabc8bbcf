"""The public Python API: what `__all__` promises, and the verbs mirroring the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsweave

PUBLIC = {
    "AlignedPassage",
    "Article",
    "Change",
    "IngestReport",
    "IngestSettings",
    "InputError",
    "LimitExceeded",
    "MissingExtra",
    "NewsweaveError",
    "Newsweave",
    "NotFound",
    "Passage",
    "Quote",
    "ReuseLink",
    "Skip",
    "StoreError",
    "Story",
    "StoryMember",
    "__version__",
    "open",
}


def test_all_lists_exactly_the_public_api() -> None:
    assert set(newsweave.__all__) == PUBLIC
    for name in newsweave.__all__:
        assert hasattr(newsweave, name), name


def test_open_ingest_list_show_export(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Title: Ferry service resumes\nOutlet: Saltmere Gazette\nDate: 2031-05-03\n\n"
        "The ferry between Saltmere and Vellis resumed on Saturday after repairs.\n"
    )
    with newsweave.open(tmp_path / "n.db") as nw:
        report = nw.ingest(folder)
        [article] = list(nw.articles(outlet="saltmere gazette"))
        assert report.articles_new == 1
        assert nw.show(article.id[:6]) == article
        assert nw.export("articles", "parquet", tmp_path / "a.parquet") == 1
        assert nw.stats()["articles"] == 1


def _stored(nw: newsweave.Newsweave, *stories: newsweave.Story) -> None:
    from collections import Counter

    from newsweave.stories.persist import create_tables, write_story

    create_tables(nw.store.conn)
    with nw.store.transaction():
        for story in stories:
            write_story(nw.store.conn, story, Counter(story.outlets), active=False)


def test_story_lookup_and_list_filters_run_in_the_store(tmp_path: Path) -> None:
    member = newsweave.StoryMember
    dam = newsweave.Story(
        id="a1b2c3d4e5f60708",
        members=(member("art1", 1.0), member("art2", 0.8)),
        label="Vellis dam inquiry",
        first_seen="2031-05-02",
        last_seen="2031-05-04T10:00:00+00:00",
        outlets=("Saltmere Gazette", "Meridian Press"),
        key_terms=("dam", "inquiry"),
    )
    strike = newsweave.Story(
        id="a1ff000000000001",
        members=(member("art3", 1.0),),
        label="Port strike ends",
        first_seen="2031-05-06",
        last_seen="2031-05-07",
        outlets=("Meridian Press",),
        key_terms=("strike", "port"),
    )
    with newsweave.open(tmp_path / "n.db") as nw:
        _stored(nw, dam, strike)
        assert nw.story("a1b2") == dam  # members come back in order, with scores
        assert nw.story("a1ff000000000001") == strike
        with pytest.raises(newsweave.NotFound, match="ambiguous"):
            nw.story("a1")
        assert [s.id for s in nw.stories_list()] == [strike.id, dam.id]  # newest first
        assert nw.stories_list(outlet="saltmere gazette") == [dam]
        assert nw.stories_list(since="2031-05-05") == [strike]
        assert nw.stories_list(until="2031-05-02") == [dam]
        assert nw.stories_list(until="2031-05") == [strike, dam]
        assert nw.stories_list(query="port") == [strike]
        assert nw.stories_list(query="dam", outlet="Meridian Press", until="2031-05-03") == [dam]
