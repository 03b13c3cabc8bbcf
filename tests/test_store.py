"""The embedded store: idempotent inserts, filters, markers, schema version, single writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import NotFound, StoreError
from newsweave.records import make_article
from newsweave.store import MIGRATIONS, Store

HARBOUR = make_article(
    [
        "Dock workers in the port of Kelmsford walked out on Monday over a pay offer.",
        "The union said the strike would last until the port authority returned to talks.",
    ],
    outlet="Kelmsford Courier",
    title="Port workers strike over pay",
    published="2031-05-12",
    bylines=["Ana Ferreira"],
)
RATES = make_article(
    ["The central bank of Ostrava raised its main rate by half a point to 4.75 percent."],
    outlet="Meridian",
    title="Ostrava central bank raises rates",
    published="2031-05-20T09:30:00+00:00",
)


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            assert store.add_articles([HARBOUR, RATES]) == 2
        with store.transaction():
            assert store.add_articles([HARBOUR]) == 0
        assert store.count_articles() == 2


def test_article_round_trips_with_every_field(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            store.add_articles([HARBOUR])
        assert store.article(HARBOUR.id) == HARBOUR


def test_unique_id_prefix_finds_article_and_unknown_id_says_not_found(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            store.add_articles([HARBOUR, RATES])
        assert store.article(HARBOUR.id[:8]).id == HARBOUR.id
        with pytest.raises(NotFound, match="no article"):
            store.article("ffffffffffffffff0")


def test_filters_by_outlet_case_insensitively_and_by_inclusive_dates(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            store.add_articles([HARBOUR, RATES])
        assert [a.id for a in store.articles(outlet="meridian")] == [RATES.id]
        assert [a.id for a in store.articles(until="2031-05-20")] == [HARBOUR.id, RATES.id]
        assert [a.id for a in store.articles(since="2031-05-13")] == [RATES.id]


def test_article_dates_list_every_article_without_its_text_in_arrival_order(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            store.add_articles([RATES, HARBOUR])
        assert list(store.article_dates()) == [
            (RATES.id, "2031-05-20T09:30:00+00:00"),
            (HARBOUR.id, "2031-05-12"),
        ]


def test_failed_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_articles([HARBOUR])
            raise RuntimeError("crash inside the batch")
        assert store.count_articles() == 0


def test_second_writer_fails_clearly_while_first_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with Store(path) as first, Store(path) as second, first.writing():
        busy = pytest.raises(StoreError, match="another newsweave process is writing")
        with busy, second.writing():
            pass


def test_readings_are_kept_per_reader_and_given_up_while_another_process_writes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "n.db"
    with Store(path) as first, Store(path) as second:
        first.add_articles([HARBOUR, RATES])
        assert first.add_readings("spacy a 1", [(HARBOUR.id, b"parse one")])
        assert first.readings([HARBOUR.id, RATES.id], "spacy a 1") == {HARBOUR.id: b"parse one"}
        assert first.readings([HARBOUR.id], "spacy b 2") == {}
        with second.transaction():  # another process in the middle of writing
            assert not first.add_readings("spacy a 1", [(RATES.id, b"parse two")])
        assert first.readings([RATES.id], "spacy a 1") == {}
        assert first.add_readings("spacy a 1", [(RATES.id, b"parse two")])
        assert second.readings([HARBOUR.id, RATES.id], "spacy a 1") == {
            HARBOUR.id: b"parse one",
            RATES.id: b"parse two",
        }


def test_nested_writing_keeps_one_lock_until_the_outer_block_ends(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with Store(path) as first, Store(path) as second:
        with first.writing():
            with first.writing():
                pass
            with pytest.raises(StoreError, match="another newsweave process"), second.writing():
                pass  # the inner block's end did not release the outer lock
        with second.writing():
            pass  # released once the outer block ended


def test_store_records_its_schema_version_and_refuses_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with Store(path) as store:
        assert store.schema_version == MIGRATIONS[-1][0]
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="newer than this newsweave"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a newsweave store"):
        Store(path)


def test_input_marker_matches_only_the_same_file_version(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            store.mark_input("/data/a.txt", 120, 1000, articles=1, skipped=0)
        assert store.input_done("/data/a.txt", 120, 1000)
        assert not store.input_done("/data/a.txt", 121, 1000)
        assert not store.input_done("/data/b.txt", 120, 1000)


def test_stage_marker_starts_at_zero_and_remembers(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        assert store.stage_marker("reuse") == 0
        with store.transaction():
            store.set_stage_marker("reuse", 42)
        assert store.stage_marker("reuse") == 42
