"""Stories in the store: records for readers, and the clusterer's state for the next run.

`stories` and `story_members` hold every story (closed or active) for listing and export;
`story_state` holds the centroids of active stories only, `story_terms` the document
frequencies and `story_stream` the stream clock, so a rerun continues the stream exactly
where it stopped: the same articles added in two runs give the same stories as one run.
Closed stories keep their record and members but drop their state.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import StoreError
from ..records import Story, StoryMember
from .vectors import Centroid

if TYPE_CHECKING:
    from .clusterer import ActiveStory, StoryClusterer

# Run by the store's migrations; statements are separated by ";" and contain none.
SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    outlets TEXT NOT NULL,
    outlet_counts TEXT NOT NULL,
    key_terms TEXT NOT NULL,
    size INTEGER NOT NULL,
    active INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_last_seen ON stories (last_seen);
CREATE TABLE IF NOT EXISTS story_members (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    score REAL NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id, position);
CREATE TABLE IF NOT EXISTS story_state (
    story_id TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_terms (
    kind TEXT NOT NULL,
    term TEXT NOT NULL,
    df INTEGER NOT NULL,
    PRIMARY KEY (kind, term)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_stream (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""


def create_tables(conn: sqlite3.Connection) -> None:
    """Run SCHEMA (idempotent); the store does this in its migrations."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def clear_stories(conn: sqlite3.Connection) -> None:
    """Forget every story and the stream's state (before batch mode rebuilds them)."""
    create_tables(conn)
    for table in ("stories", "story_members", "story_state", "story_terms", "story_stream"):
        conn.execute(f"DELETE FROM {table}")


def _story_row(story: Story, outlet_counts: Counter[str], active: bool) -> tuple[Any, ...]:
    return (
        story.id,
        story.label,
        story.first_seen,
        story.last_seen,
        json.dumps(list(story.outlets), ensure_ascii=False),
        json.dumps(dict(sorted(outlet_counts.items())), ensure_ascii=False),
        json.dumps(list(story.key_terms), ensure_ascii=False),
        len(story.members),
        int(active),
    )


def write_story(
    conn: sqlite3.Connection, story: Story, outlet_counts: Counter[str], active: bool
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _story_row(story, outlet_counts, active),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO story_members VALUES (?, ?, ?, ?)",
        [(m.article_id, story.id, m.score, i) for i, m in enumerate(story.members)],
    )


def _state(story: ActiveStory) -> str:
    return json.dumps(
        {
            "order": story.order,
            "centroids": {k: [c.weights, c.squared_norm] for k, c in story.centroids.items()},
            "titles": story.titles,
            "outlets": dict(story.outlets),
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
            "first_day": story.first_day,
            "last_day": story.last_day,
            "day_sum": story.day_sum,
            "dated": story.dated,
            "index_terms": sorted(story.index_terms),
            "embedding": None if story.embedding is None else story.embedding.tolist(),
        },
        ensure_ascii=False,
    )


def save_state(clusterer: StoryClusterer, conn: sqlite3.Connection) -> None:
    """Write what changed since the last save, in one transaction; closed stories leave memory."""
    create_tables(conn)
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for old in sorted(clusterer.removed):
            conn.execute("DELETE FROM stories WHERE id = ?", (old,))
            conn.execute("DELETE FROM story_state WHERE story_id = ?", (old,))
        for story in clusterer.closed.values():
            counts = clusterer.closed_outlets.get(story.id, Counter())
            write_story(conn, story, counts, active=False)
            conn.execute("DELETE FROM story_state WHERE story_id = ?", (story.id,))
        for number in sorted(clusterer.dirty):
            active = clusterer.active[number]
            write_story(conn, clusterer.record(active), active.outlets, active=True)
            conn.execute(
                "INSERT OR REPLACE INTO story_state VALUES (?, ?)", (active.id, _state(active))
            )
        for kind, terms in clusterer.dirty_terms.items():
            frequencies = clusterer.frequencies[kind]
            conn.executemany(
                "INSERT OR REPLACE INTO story_terms VALUES (?, ?, ?)",
                [(kind, t, frequencies.document_count(t)) for t in sorted(terms)],
            )
        stream = {
            "clock": clusterer.clock,
            "next_order": clusterer.next_order,
            "next_sweep": clusterer.next_sweep,
            "merged_at": clusterer.merged_at,
            "documents": {k: f.documents for k, f in clusterer.frequencies.items()},
            "semantic": clusterer.semantic,
        }
        conn.executemany(
            "INSERT OR REPLACE INTO story_stream VALUES (?, ?)",
            [(k, json.dumps(v)) for k, v in stream.items()],
        )
        if own_transaction:
            conn.execute("COMMIT")
    except BaseException:
        if own_transaction:
            conn.execute("ROLLBACK")
        raise
    clusterer.mark_saved()


def load_state(clusterer: StoryClusterer, conn: sqlite3.Connection) -> StoryClusterer:
    """Fill a fresh clusterer with the state `save_state` wrote."""
    from .clusterer import ActiveStory

    create_tables(conn)
    stream = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM story_stream")}
    if not stream:
        return clusterer
    try:
        clusterer.clock = stream["clock"]
        clusterer.next_order = int(stream["next_order"])
        clusterer.next_sweep = stream["next_sweep"]
        clusterer.merged_at = stream.get("merged_at")
        for kind, documents in stream["documents"].items():
            clusterer.frequencies[kind].documents = int(documents)
        for kind, term, df in conn.execute("SELECT kind, term, df FROM story_terms"):
            clusterer.frequencies[kind].set_count(term, int(df))
        for story_id, text in conn.execute("SELECT story_id, state FROM story_state"):
            state = json.loads(text)
            story = ActiveStory(id=story_id, order=int(state["order"]))
            story.centroids = {
                k: Centroid(weights, squared_norm)
                for k, (weights, squared_norm) in state["centroids"].items()
            }
            story.titles = list(state["titles"])
            story.outlets = Counter(state["outlets"])
            story.first_seen, story.last_seen = state["first_seen"], state["last_seen"]
            story.first_day, story.last_day = state["first_day"], state["last_day"]
            story.day_sum, story.dated = float(state["day_sum"]), int(state["dated"])
            story.index_terms = set(state["index_terms"])
            if state["embedding"] is not None:
                story.embedding = np.asarray(state["embedding"], dtype=np.float64)
            story.members = [
                (article_id, float(score))
                for article_id, score in conn.execute(
                    "SELECT article_id, score FROM story_members WHERE story_id = ? "
                    "ORDER BY position",
                    (story_id,),
                )
            ]
            clusterer.active[story.order] = story
            for term in story.index_terms:
                clusterer.postings.setdefault(term, set()).add(story.order)
            for article_id, _ in story.members:
                clusterer.article_story[article_id] = story.order
    except (KeyError, TypeError, ValueError) as error:
        raise StoreError(
            f"story state in the store is unreadable ({error}); rerun stories"
        ) from error
    return clusterer


def stored_stories(conn: sqlite3.Connection) -> list[Story]:
    """Every story the store holds, newest first (by last_seen, then id)."""
    return list(iter_stories(conn))


def iter_stories(
    conn: sqlite3.Connection,
    *,
    id_prefix: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Iterator[Story]:
    """Stored stories, newest first, filtered in SQL so a large archive is not read whole.

    `id_prefix` selects by the start of the id; `outlet` by one of the story's outlets (any
    case); `since`/`until` keep stories seen on or after / first seen on or before a date
    (an ISO prefix: "2025-03" is the whole month). Members are read story by story.
    """
    create_tables(conn)
    clauses, params = [], []
    if id_prefix:
        clauses.append("substr(id, 1, ?) = ?")
        params += [len(id_prefix), id_prefix]
    if outlet:
        clauses.append("EXISTS (SELECT 1 FROM json_each(outlets) WHERE lower(value) = lower(?))")
        params.append(outlet)
    if since:
        clauses.append("last_seen >= ?")
        params.append(since)
    if until:
        clauses.append("substr(first_seen, 1, ?) <= ?")
        params += [len(until), until]
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = conn.execute(
        "SELECT id, label, first_seen, last_seen, outlets, key_terms FROM stories "
        f"{where}ORDER BY last_seen IS NULL, last_seen DESC, id",
        params,
    )
    for row in rows:
        members = conn.execute(
            "SELECT article_id, score FROM story_members WHERE story_id = ? ORDER BY position",
            (row[0],),
        )
        yield Story(
            id=row[0],
            members=tuple(StoryMember(article_id, score) for article_id, score in members),
            label=row[1],
            first_seen=row[2],
            last_seen=row[3],
            outlets=tuple(json.loads(row[4])),
            key_terms=tuple(json.loads(row[5])),
        )


def story_id_of(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story an article belongs to, None before the stories stage has seen it."""
    create_tables(conn)
    row = conn.execute(
        "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    return str(row[0]) if row else None


def count_stories(conn: sqlite3.Connection) -> int:
    """How many stories the store holds."""
    create_tables(conn)
    return int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])


__all__ = [
    "SCHEMA",
    "clear_stories",
    "count_stories",
    "create_tables",
    "iter_stories",
    "load_state",
    "save_state",
    "stored_stories",
    "story_id_of",
]
