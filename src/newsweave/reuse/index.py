"""The incremental reuse index: seeds, boilerplate paragraphs and exact-text keys.

`ReuseIndex.add` matches each batch of new articles against everything indexed so far and
against itself, then keeps the batch: candidates come from exact text keys (the body's
words in order, blind to case and punctuation) and from shared seed n-grams, and every
candidate pair is aligned and labelled before it becomes a link. The index holds numbers
only (12 bytes per seed); the texts of older articles are read back through `fetch` (by
default from the store's `articles` table) when a new article matches them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from newsweave.errors import StoreError
from newsweave.records import Article, ReuseLink, content_hash

from .align import sentence_units
from .original import ArticleFacts, article_facts, pair_original
from .relation import PairReuse, compare_units, directed_relation
from .runs import SortedRuns
from .settings import ReuseSettings
from .shingles import batch_features

Fetch = Callable[[Sequence[str]], Iterable[Article]]

SCHEMA = """
CREATE TABLE IF NOT EXISTS reuse_index_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reuse_index_articles (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    published TEXT,
    agency INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reuse_index_arrays (
    name TEXT NOT NULL,
    part INTEGER NOT NULL,
    keys BLOB NOT NULL,
    vals BLOB NOT NULL,
    PRIMARY KEY (name, part)
);
"""

# Rows per stored array part: 8 Mi pairs is 96 MiB, well under SQLite's 1 GB blob limit.
_PART_ROWS = 8 * 1024 * 1024
_ARRAYS = ("seeds", "paragraphs", "texts")
# Bumped when the stored keys change meaning (2: text keys over words, not body hashes).
INDEX_FORMAT = 2


def outlet_key(outlet: str | None) -> np.uint64:
    return np.uint64(int(content_hash(outlet or ""), 16))


def store_fetch(conn: sqlite3.Connection) -> Fetch:
    """Read articles back from the store's `articles` table (body and the original facts)."""

    def fetch(ids: Sequence[str]) -> Iterator[Article]:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                "SELECT id, outlet, published, bylines, agency_tags, body FROM articles "
                f"WHERE id IN ({marks})",
                chunk,
            ).fetchall()
            for ident, outlet, published, bylines, tags, body in rows:
                yield Article(
                    id=ident,
                    body=tuple(json.loads(body)),
                    outlet=outlet,
                    published=published,
                    bylines=tuple(json.loads(bylines)),
                    agency_tags=tuple(json.loads(tags)),
                )

    return fetch


class ReuseIndex:
    """Articles indexed for reuse search; `add` yields the links each new batch makes.

    Links join a new article to an older one or to one earlier in the same batch, each pair
    once. With `fetch` None the index keeps every article it has seen in memory (fine for a
    few hundred thousand); give `fetch` to read older articles back from elsewhere.
    """

    def __init__(self, settings: ReuseSettings = ReuseSettings(), fetch: Fetch | None = None):
        self.settings = settings
        self.fetch = fetch
        self.ids: list[str] = []
        self.positions: dict[str, int] = {}
        self.facts: list[ArticleFacts] = []
        self.seeds = SortedRuns()
        self.paragraphs = SortedRuns()
        self.texts = SortedRuns()
        self._memory: dict[str, Article] = {}
        self._saved = 0
        self._fresh_paragraphs: dict[str, npt.NDArray[np.uint64]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes held by the numeric arrays of the index."""
        return self.seeds.nbytes + self.paragraphs.nbytes + self.texts.nbytes

    def add(self, articles: Iterable[Article]) -> Iterator[ReuseLink]:
        """Match new articles against the index and each other, then index them."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.settings.batch_size:
                yield from self._add_batch(batch)
                batch = []
        if batch:
            yield from self._add_batch(batch)

    def candidates(self, batch: Sequence[Article]) -> list[tuple[int, int, bool]]:
        """Index a batch; return (older position, new position, same text) candidate pairs."""
        settings = self.settings
        fresh: list[Article] = []
        for article in batch:
            if article.id in self.positions:
                continue
            self.positions[article.id] = len(self.ids)
            self.ids.append(article.id)
            self.facts.append(article_facts(article, settings))
            fresh.append(article)
        if not fresh:
            return []
        base = len(self.ids) - len(fresh)
        found = batch_features(
            [a.body for a in fresh], settings.shingle_words, settings.seed_sample
        )
        seeds, owner = found.seeds, found.seed_owner
        outlets = np.array([outlet_key(a.outlet) for a in fresh], dtype=np.uint64)
        keyed = found.paragraph_keys ^ outlets[found.paragraph_owner]
        firsts = np.searchsorted(found.paragraph_owner, np.arange(len(fresh) + 1))
        self._fresh_paragraphs = {
            a.id: keyed[firsts[k] : firsts[k + 1]] for k, a in enumerate(fresh)
        }
        pairs = np.unique(np.stack([found.paragraph_owner.astype(np.uint64), keyed]), axis=1)
        self.paragraphs.add(pairs[1], pairs[0].astype(np.int64) + base)
        # Exact copies by their words first; they need no seeds (short texts have none).
        worded = np.flatnonzero(found.text_keys != 0)
        text_keys = found.text_keys[worded]
        new_pos = worded + base
        self.texts.add(text_keys, new_pos)
        q, old = self.texts.lookup(text_keys)
        same = {(int(o), int(new_pos[i])) for i, o in zip(q.tolist(), old.tolist(), strict=True)}
        self.seeds.add(seeds, owner + base)
        q, old = self.seeds.lookup(seeds, settings.max_seed_articles)
        new = owner[q] + base
        older = old.astype(np.int64) < new
        pair_keys = old[older].astype(np.int64) * (1 << 32) + new[older]
        keys, counts = np.unique(pair_keys, return_counts=True)
        chosen = keys[counts >= settings.min_shared_seeds]
        found_pairs = {(int(k >> 32), int(k & 0xFFFFFFFF)) for k in chosen.tolist()}
        found_pairs.update((o, n) for o, n in same if o < n)
        if self.fetch is None:
            self._memory.update((a.id, a) for a in fresh)
        return sorted((o, n, (o, n) in same) for o, n in found_pairs)

    def _add_batch(self, batch: Sequence[Article]) -> Iterator[ReuseLink]:
        self._fresh_paragraphs = {}
        pairs = self.candidates(batch)
        if not pairs:
            return
        in_hand = {a.id: a for a in batch}
        needed = {self.ids[p] for o, n, _ in pairs for p in (o, n)} - in_hand.keys()
        articles = dict(in_hand)
        articles.update(self._load(sorted(needed)))
        involved = [
            articles[i]
            for i in dict.fromkeys(self.ids[p] for o, n, _ in pairs for p in (o, n))
            if i in articles
        ]
        skips = self.boilerplate_paragraphs(involved)
        # Each article is split and normalized once per batch, however many pairs it is in.
        units = {
            a.id: sentence_units(a, self.settings, skip)
            for a, skip in zip(involved, skips, strict=True)
        }
        for older, newer, same_text in pairs:
            a, b = articles.get(self.ids[older]), articles.get(self.ids[newer])
            if a is None or b is None:
                continue
            pair = compare_units(units[a.id], units[b.id], self.settings, same_text)
            if pair.relation is None:
                continue
            yield self.make_link(a, b, older, newer, pair)

    def _load(self, ids: Sequence[str]) -> dict[str, Article]:
        if not ids:
            return {}
        if self.fetch is None:
            return {i: self._memory[i] for i in ids if i in self._memory}
        return {a.id: a for a in self.fetch(ids)}

    def boilerplate_paragraphs(self, articles: Sequence[Article]) -> list[set[int]]:
        """Per article, the paragraphs repeated verbatim in many articles of its outlet."""
        if not articles:
            return []
        known = self._fresh_paragraphs
        unknown = [a for a in articles if a.id not in known]
        keyed = dict(known)
        if unknown:
            found = batch_features([a.body for a in unknown], 1, 1 << 62)
            outlets = np.array([outlet_key(a.outlet) for a in unknown], dtype=np.uint64)
            keys = found.paragraph_keys ^ outlets[found.paragraph_owner]
            firsts = np.searchsorted(found.paragraph_owner, np.arange(len(unknown) + 1))
            keyed.update((a.id, keys[firsts[k] : firsts[k + 1]]) for k, a in enumerate(unknown))
        parts = [keyed[a.id] for a in articles]
        every = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
        counts = self.paragraphs.counts(every) if len(every) else np.zeros(0, dtype=np.int64)
        frequent = counts >= self.settings.boilerplate_min_articles
        skips, cursor = [], 0
        for part in parts:
            skips.append(set(np.flatnonzero(frequent[cursor : cursor + len(part)]).tolist()))
            cursor += len(part)
        return skips

    def make_link(
        self, a: Article, b: Article, pos_a: int, pos_b: int, pair: PairReuse
    ) -> ReuseLink:
        # compare_units aligned b (target) against a (source).
        winner, evidence = pair_original(
            self.facts[pos_a],
            self.facts[pos_b],
            b_in_a=pair.containment_target_in_source,
            a_in_b=pair.containment_source_in_target,
            settings=self.settings,
        )
        if winner is None:
            order = sorted([(a.published or "\uffff", a.id, 0), (b.published or "\uffff", b.id, 1)])
            flip = order[0][2] == 1
        else:
            flip = winner == 1
        passages = pair.passages
        c_src, c_tgt = pair.containment_source_in_target, pair.containment_target_in_source
        source, target = a, b
        if flip:
            source, target = b, a
            c_src, c_tgt = c_tgt, c_src
            passages = tuple(
                sorted(
                    (
                        type(p)(
                            p.target_start,
                            p.target_end,
                            p.source_start,
                            p.source_end,
                            p.similarity,
                            p.kind,
                        )
                        for p in passages
                    ),
                    key=lambda p: p.target_start,
                )
            )
        assert pair.relation is not None
        relation = pair.relation
        if winner is not None:
            relation = directed_relation(relation, c_tgt)
        return ReuseLink(
            source_id=source.id,
            target_id=target.id,
            relation=relation,
            containment_source_in_target=c_src,
            containment_target_in_source=c_tgt,
            passages=passages,
            original="unknown" if winner is None else "source",
            evidence=evidence,
        )

    def save(self, conn: sqlite3.Connection) -> None:
        """Write the index into `conn` (SCHEMA's tables), inside the caller's transaction."""
        _create(conn)
        settings = self.settings
        meta = {
            "index_format": INDEX_FORMAT,
            "shingle_words": settings.shingle_words,
            "seed_sample": settings.seed_sample,
            "articles": len(self.ids),
        }
        conn.executemany(
            "INSERT OR REPLACE INTO reuse_index_meta (key, value) VALUES (?, ?)",
            [(k, str(v)) for k, v in meta.items()],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO reuse_index_articles (pos, id, published, agency) "
            "VALUES (?, ?, ?, ?)",
            [
                (pos, self.ids[pos], self.facts[pos].published, int(self.facts[pos].agency))
                for pos in range(self._saved, len(self.ids))
            ],
        )
        for name in _ARRAYS:
            keys, values = getattr(self, name).compact()
            conn.execute("DELETE FROM reuse_index_arrays WHERE name = ?", (name,))
            for part, start in enumerate(range(0, max(len(keys), 1), _PART_ROWS)):
                conn.execute(
                    "INSERT INTO reuse_index_arrays (name, part, keys, vals) VALUES (?, ?, ?, ?)",
                    (
                        name,
                        part,
                        keys[start : start + _PART_ROWS].tobytes(),
                        values[start : start + _PART_ROWS].tobytes(),
                    ),
                )
        self._saved = len(self.ids)

    @classmethod
    def load(
        cls,
        conn: sqlite3.Connection,
        settings: ReuseSettings = ReuseSettings(),
        fetch: Fetch | None = None,
    ) -> ReuseIndex:
        """The index saved in `conn`, or an empty one; older texts are read with `fetch`.

        With `fetch` None, articles are read from the `articles` table of the same database.
        """
        _create(conn)
        if fetch is None and _has_table(conn, "articles"):
            fetch = store_fetch(conn)
        index = cls(settings, fetch)
        meta = dict(conn.execute("SELECT key, value FROM reuse_index_meta").fetchall())
        if not meta:
            return index
        if int(meta.get("index_format", 1)) != INDEX_FORMAT:
            raise StoreError(
                f"the stored reuse index has format {meta.get('index_format', 1)}, not "
                f"{INDEX_FORMAT}; rebuild it (drop the reuse_index_* tables)"
            )
        for key in ("shingle_words", "seed_sample"):
            if int(meta[key]) != getattr(settings, key):
                raise StoreError(
                    f"the stored reuse index was built with {key}={meta[key]}, not "
                    f"{getattr(settings, key)}; rebuild it (drop the reuse_index_* tables)"
                )
        for pos, ident, published, agency in conn.execute(
            "SELECT pos, id, published, agency FROM reuse_index_articles ORDER BY pos"
        ):
            if pos != len(index.ids):
                raise StoreError("the stored reuse index has a gap in reuse_index_articles")
            index.positions[ident] = pos
            index.ids.append(ident)
            index.facts.append(ArticleFacts(published=published, agency=bool(agency)))
        for name in _ARRAYS:
            parts = conn.execute(
                "SELECT keys, vals FROM reuse_index_arrays WHERE name = ? ORDER BY part", (name,)
            ).fetchall()
            runs: SortedRuns = getattr(index, name)
            if parts:
                keys = np.concatenate([np.frombuffer(k, dtype=np.uint64) for k, _ in parts])
                values = np.concatenate([np.frombuffer(v, dtype=np.uint32) for _, v in parts])
                runs.runs = [(keys.astype(np.uint64), values.astype(np.uint32))]
        index._saved = len(index.ids)
        return index


def _create(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


__all__ = ["SCHEMA", "Fetch", "ReuseIndex", "store_fetch"]
