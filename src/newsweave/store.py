"""The embedded store: one SQLite file holding articles, skipped inputs and stage results.

Why SQLite: it ships with Python, needs no server, gives atomic batches and crash safety
(write-ahead log), and lets a reader (the web UI) see only committed batches while an ingest
writes. Rows are keyed by content hash, so replaying an input after a crash adds nothing twice;
a marker per finished input file lets a rerun skip work already done. Only one process writes
at a time: `Store.writing()` takes an exclusive lock beside the database file and a second
writer fails at once with a clear message instead of interleaving.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import NotFound, StoreError
from .records import AlignedPassage, Article, ReuseLink, Skip
from .reuse.index import SCHEMA as REUSE_SCHEMA
from .stories.persist import SCHEMA as STORIES_SCHEMA

DEFAULT_DB = "newsweave.db"
_OPEN_TIMEOUT = 30.0  # seconds to wait for another process holding the file
_SQL_VARIABLES = 900  # ids bound in one query, under SQLite's oldest limit (999)

_LIST_FIELDS = ("bylines", "body", "captions", "bullets", "subheads", "agency_tags")
_SCALAR_FIELDS = ("outlet", "dateline", "published", "title", "url", "language", "source", "format")
ARTICLE_COLUMNS = ("id", *_SCALAR_FIELDS, *_LIST_FIELDS)

# Schema migrations, applied in order; PRAGMA user_version holds the last applied one.
# Later stages append their own steps (reuse, stories, compare) as new numbered entries.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            text_hash TEXT NOT NULL,
            outlet TEXT, dateline TEXT, published TEXT, title TEXT, url TEXT, language TEXT,
            source TEXT, format TEXT,
            bylines TEXT NOT NULL, body TEXT NOT NULL, captions TEXT NOT NULL,
            bullets TEXT NOT NULL, subheads TEXT NOT NULL, agency_tags TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE INDEX articles_published ON articles (published);
        CREATE INDEX articles_text_hash ON articles (text_hash);
        CREATE TABLE inputs (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            articles INTEGER NOT NULL,
            skipped INTEGER NOT NULL,
            finished_at TEXT NOT NULL
        );
        CREATE TABLE skips (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            record TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            UNIQUE (path, record, reason)
        );
        CREATE TABLE stage_markers (
            stage TEXT PRIMARY KEY,
            upto_seq INTEGER NOT NULL,
            finished_at TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        REUSE_SCHEMA
        + """
        CREATE TABLE reuse_links (
            source_id TEXT NOT NULL,
            target_id TEXT NOT NULL,
            relation TEXT NOT NULL,
            containment_source_in_target REAL NOT NULL,
            containment_target_in_source REAL NOT NULL,
            original TEXT NOT NULL,
            evidence TEXT NOT NULL,
            passages TEXT NOT NULL,
            PRIMARY KEY (source_id, target_id)
        );
        CREATE INDEX reuse_links_target ON reuse_links (target_id);
        """,
    ),
    (3, STORIES_SCHEMA),
    (
        4,
        """
        CREATE TABLE readings (
            article_id TEXT NOT NULL,
            reader TEXT NOT NULL,
            reading BLOB NOT NULL,
            PRIMARY KEY (article_id, reader)
        );
        """,
    ),
]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_row(article: Article) -> dict[str, Any]:
    """An Article as a flat row of plain values (lists stay lists)."""
    row: dict[str, Any] = {"id": article.id}
    for name in _SCALAR_FIELDS:
        row[name] = getattr(article, name)
    for name in _LIST_FIELDS:
        row[name] = list(getattr(article, name))
    return row


def _passage_list(passage: AlignedPassage) -> list[Any]:
    return [
        passage.source_start,
        passage.source_end,
        passage.target_start,
        passage.target_end,
        round(passage.similarity, 4),
        passage.kind,
    ]


def _article_from_sql(row: sqlite3.Row) -> Article:
    values: dict[str, Any] = {name: row[name] for name in ("id", *_SCALAR_FIELDS)}
    for name in _LIST_FIELDS:
        values[name] = tuple(json.loads(row[name]))
    return Article(**values)


class Store:
    """A newsweave database file. Open with `Store(path)`; use as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such store; run `newsweave ingest` first")
        try:
            self.conn = sqlite3.connect(self.path, timeout=_OPEN_TIMEOUT, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self._enter_wal()
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a newsweave store ({error})") from error
        self._lock_fd: int | None = None

    # -- life cycle -----------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()
        self._release_lock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _enter_wal(self) -> None:
        """Switch to WAL, waiting out other processes switching the same new file.

        The switch needs an exclusive lock and SQLite answers "database is locked" at once,
        without its busy timeout, while another connection holds one; processes that create
        one store together meet exactly that.
        """
        deadline = time.monotonic() + _OPEN_TIMEOUT
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        latest = MIGRATIONS[-1][0]
        if version > latest:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this newsweave "
                f"understands ({latest}); upgrade newsweave"
            )
        for number, ddl in MIGRATIONS:
            if number <= version:
                continue
            with self.transaction():
                if self.schema_version >= number:
                    continue  # another process applied it while this one waited to write
                for statement in ddl.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic batch: everything inside commits together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """Hold the single-writer lock for a whole run; a second writer fails at once.

        Nested use (the main job holding it across its stages) keeps the one lock.
        """
        if self._lock_fd is not None:
            yield self
            return
        lock_path = f"{self.path}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreError(
                f"{self.path}: another newsweave process is writing to this store; "
                "wait for it to finish"
            ) from None
        self._lock_fd = fd
        try:
            yield self
        finally:
            self._release_lock()

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- articles -------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article]) -> int:
        """Insert articles not yet stored; returns how many were new. Call inside a transaction."""
        now = _now()
        rows = [
            (
                a.id,
                a.text_hash,
                *(getattr(a, name) for name in _SCALAR_FIELDS),
                *(json.dumps(list(getattr(a, name)), ensure_ascii=False) for name in _LIST_FIELDS),
                now,
            )
            for a in articles
        ]
        columns = ("id", "text_hash", *_SCALAR_FIELDS, *_LIST_FIELDS, "ingested_at")
        before = self.conn.total_changes
        self.conn.executemany(
            f"INSERT OR IGNORE INTO articles ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            rows,
        )
        return self.conn.total_changes - before

    def article(self, article_id: str) -> Article:
        """One article by id or unique id prefix (at least 4 characters)."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= 4:
            rows = self.conn.execute(
                "SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                (article_id, article_id + "\uffff"),
            ).fetchall()
            if len(rows) == 1:
                row = rows[0]
            elif len(rows) > 1:
                raise NotFound(f"article id prefix {article_id!r} is ambiguous; give more of it")
        if row is None:
            raise NotFound(f"no article {article_id!r} in {self.path}")
        return _article_from_sql(row)

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        ids: Iterable[str] | None = None,
        after_seq: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Iterator[Article]:
        """Stored articles in arrival order, filtered; streams, so it suits large stores."""
        where, params = self._filters(outlet, since, until, after_seq)
        if ids is not None:
            wanted = list(ids)
            where.append(f"id IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
        sql = "SELECT * FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for row in self.conn.execute(sql, params):
            yield _article_from_sql(row)

    @staticmethod
    def _filters(
        outlet: str | None, since: str | None, until: str | None, after_seq: int | None
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if outlet is not None:
            where.append("lower(outlet) = lower(?)")
            params.append(outlet)
        if since is not None:
            where.append("published >= ?")
            params.append(since)
        if until is not None:
            # A bare date as upper bound includes that whole day.
            where.append("published < ?" if "T" in until else "substr(published, 1, 10) <= ?")
            params.append(until)
        if after_seq is not None:
            where.append("seq > ?")
            params.append(after_seq)
        return where, params

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def last_seq(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])

    def article_dates(self) -> Iterator[tuple[str, str | None]]:
        """(id, published) of every stored article, in arrival order: what ordering an
        archive needs, without its texts."""
        for row in self.conn.execute("SELECT id, published FROM articles ORDER BY seq"):
            yield row[0], row[1]

    def article_batches(
        self, after_seq: int = 0, size: int = 5000
    ) -> Iterator[tuple[int, list[Article]]]:
        """Articles that arrived after `after_seq`, in chunks, each with its last seq."""
        while True:
            rows = self.conn.execute(
                "SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, size)
            ).fetchall()
            if not rows:
                return
            after_seq = int(rows[-1]["seq"])
            yield after_seq, [_article_from_sql(row) for row in rows]

    # -- reuse links ------------------------------------------------------------------------

    def add_links(self, links: Iterable[ReuseLink]) -> int:
        """Store reuse links (a pair once, the newest verdict wins); call inside a transaction."""
        rows = [
            (
                link.source_id,
                link.target_id,
                link.relation,
                link.containment_source_in_target,
                link.containment_target_in_source,
                link.original,
                json.dumps(list(link.evidence)),
                json.dumps([_passage_list(p) for p in link.passages]),
            )
            for link in links
        ]
        self.conn.executemany(
            "INSERT OR REPLACE INTO reuse_links VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        return len(rows)

    def links(self, article_id: str | None = None) -> Iterator[ReuseLink]:
        """Every reuse link, or those where `article_id` is source or target."""
        if article_id is None:
            rows = self.conn.execute("SELECT * FROM reuse_links ORDER BY source_id, target_id")
        else:
            rows = self.conn.execute(
                "SELECT * FROM reuse_links WHERE source_id = ? OR target_id = ? "
                "ORDER BY source_id, target_id",
                (article_id, article_id),
            )
        for row in rows:
            yield ReuseLink(
                source_id=row["source_id"],
                target_id=row["target_id"],
                relation=row["relation"],
                containment_source_in_target=row["containment_source_in_target"],
                containment_target_in_source=row["containment_target_in_source"],
                passages=tuple(AlignedPassage(*p) for p in json.loads(row["passages"])),
                original=row["original"],
                evidence=tuple(json.loads(row["evidence"])),
            )

    def count_links(self) -> dict[str, int]:
        return {
            row[0]: row[1]
            for row in self.conn.execute(
                "SELECT relation, count(*) FROM reuse_links GROUP BY relation ORDER BY relation"
            )
        }

    # -- inputs and skips -------------------------------------------------------------------

    def input_done(self, path: str, size: int, mtime_ns: int) -> bool:
        """Whether this exact file (same size and modification time) was fully ingested."""
        row = self.conn.execute(
            "SELECT size, mtime_ns FROM inputs WHERE path = ?", (path,)
        ).fetchone()
        return row is not None and row[0] == size and row[1] == mtime_ns

    def mark_input(self, path: str, size: int, mtime_ns: int, articles: int, skipped: int) -> None:
        """Record a finished input; call in the transaction that stores its last batch."""
        self.conn.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?)",
            (path, size, mtime_ns, articles, skipped, _now()),
        )

    def add_skips(self, skips: Iterable[Skip]) -> None:
        now = _now()
        self.conn.executemany(
            "INSERT OR IGNORE INTO skips (path, record, reason, seen_at) VALUES (?, ?, ?, ?)",
            [(s.path, s.record or "", s.reason, now) for s in skips],
        )

    def skips(self) -> list[Skip]:
        return [
            Skip(row["path"], row["record"] or None, row["reason"])
            for row in self.conn.execute("SELECT * FROM skips ORDER BY id")
        ]

    # -- stage markers -------------------------------------------------------------------------

    def stage_marker(self, stage: str) -> int:
        """The last article seq a stage has finished (0 when it never ran)."""
        row = self.conn.execute(
            "SELECT upto_seq FROM stage_markers WHERE stage = ?", (stage,)
        ).fetchone()
        return int(row[0]) if row else 0

    def stage_marker_count(self, stage: str) -> int:
        """How many stored articles a stage has finished."""
        row = self.conn.execute(
            "SELECT count(*) FROM articles WHERE seq <= ?", (self.stage_marker(stage),)
        ).fetchone()
        return int(row[0])

    def set_stage_marker(self, stage: str, upto_seq: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO stage_markers VALUES (?, ?, ?)", (stage, upto_seq, _now())
        )

    # -- readings -----------------------------------------------------------------------------

    def readings(self, article_ids: Sequence[str], reader: str) -> dict[str, bytes]:
        """Stored readings of articles by one reader (`compare.quotes.encode_reading`), by
        article id; an article's id hashes its outlet, title and text, so a reading never
        goes stale."""
        found: dict[str, bytes] = {}
        ids = list(dict.fromkeys(article_ids))
        for at in range(0, len(ids), _SQL_VARIABLES):
            part = ids[at : at + _SQL_VARIABLES]
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT article_id, reading FROM readings WHERE reader = ? "
                f"AND article_id IN ({marks})",
                (reader, *part),
            ):
                found[row[0]] = bytes(row[1])
        return found

    def add_readings(self, reader: str, readings: Iterable[tuple[str, bytes]]) -> bool:
        """Keep readings for next time; False, keeping none, when another process holds the
        store for writing (a reading is only saved work, so nobody waits for it)."""
        rows = [(article_id, reader, blob) for article_id, blob in readings]
        if not rows:
            return True
        previous = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            with self.transaction():
                self.conn.executemany("INSERT OR REPLACE INTO readings VALUES (?, ?, ?)", rows)
        except sqlite3.OperationalError:
            return False
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(previous)}")
        return True

    # -- summaries ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts a user asks for first: articles, outlets, formats, date range, skips."""
        one: Callable[[str], Any] = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        by = lambda column: {  # noqa: E731
            (row[0] or "unknown"): row[1]
            for row in self.conn.execute(
                f"SELECT {column}, count(*) FROM articles GROUP BY {column} ORDER BY 2 DESC, 1"
            )
        }
        return {
            "db": str(self.path),
            "schema_version": self.schema_version,
            "articles": one("SELECT count(*) FROM articles"),
            "outlets": by("outlet"),
            "formats": by("format"),
            "first_published": one("SELECT min(published) FROM articles"),
            "last_published": one("SELECT max(published) FROM articles"),
            "inputs": one("SELECT count(*) FROM inputs"),
            "reuse_links": self.count_links(),
            "stories": one("SELECT count(*) FROM stories"),
            "skipped": one("SELECT count(*) FROM skips"),
        }


__all__ = ["ARTICLE_COLUMNS", "DEFAULT_DB", "MIGRATIONS", "Store", "article_row"]
