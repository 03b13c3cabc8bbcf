"""The public Python API: what `__all__` promises, and the verbs mirroring the CLI."""

from __future__ import annotations

from pathlib import Path

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
