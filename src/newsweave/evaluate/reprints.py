"""The reprint benchmark: copies of real articles, edited the ways outlets edit wire copy.

From each source article the generator derives copies with known labels, the way
reprint studies build gold data when hand labels are scarce:

- duplicate: a verbatim copy, possibly under a new headline, or trimmed (last paragraphs
  cut, at least 60% kept);
- reprint: one to three light edits — inner paragraphs dropped (up to a quarter) or reordered,
  one or two local sentences inserted, light word edits (about 3% of words) or OCR-like
  character noise (about 1.5% of letters);
- rewrite: 40–65% of the paragraphs kept, with 10% of their words edited, plus new
  paragraphs (a third to a half of the length) from an unrelated article.

Every copy gets another outlet and a later date, so the original is decidable by date.
Gold pairs join the original to each copy; copies of one original are siblings whose
relation is not labelled. The texts stay in memory only; nothing is written out.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from newsweave.records import Article, Relation, make_article


@dataclass(frozen=True, slots=True)
class GeneratedCopy:
    """One derived article and how it was made."""

    article: Article
    original_id: str
    relation: Relation
    edits: tuple[str, ...]
    # Unrelated articles whose paragraphs were inserted: copies that borrowed from two
    # reports of one event may share quoted speech through them.
    borrowed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReprintBenchmark:
    """Source articles, their generated copies and the gold pairs."""

    originals: tuple[Article, ...]
    copies: tuple[GeneratedCopy, ...]
    events: dict[str, str]  # original article id -> event id (triplet_uuid), for same-event pairs

    @property
    def articles(self) -> list[Article]:
        return [*self.originals, *(c.article for c in self.copies)]

    def gold_pairs(self) -> dict[frozenset[str], Relation]:
        return {frozenset((c.original_id, c.article.id)): c.relation for c in self.copies}

    def article_events(self) -> dict[str, frozenset[str]]:
        """Article id -> the events its text comes from: its original's and any borrowed."""
        found = {a.id: frozenset((self.events[a.id],)) for a in self.originals}
        for c in self.copies:
            borrowed = {self.events[b] for b in c.borrowed if b in self.events}
            found[c.article.id] = frozenset({self.events[c.original_id], *borrowed})
        return found

    def families(self) -> dict[str, str]:
        """Article id -> id of the original it derives from (originals map to themselves)."""
        family = {a.id: a.id for a in self.originals}
        family.update({c.article.id: c.original_id for c in self.copies})
        return family


def read_basil(path: Path) -> list[tuple[Article, str]]:
    """basil-dev articles as (Article, triplet_uuid); outlets lower-cased as the README says."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            paragraphs = [p.strip() for p in row["text"].split("\n\n") if p.strip()]
            article = make_article(
                paragraphs,
                outlet=row["source"].lower(),
                title=row.get("title"),
                published=row.get("date"),
                url=row.get("url"),
            )
            rows.append((article, row["triplet_uuid"]))
    return rows


def _later(published: str | None, days: int) -> str | None:
    if not published:
        return None
    return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()


def _edit_words(paragraph: str, rate: float, rng: random.Random, pool: Sequence[str]) -> str:
    words = paragraph.split()
    out = []
    for word in words:
        roll = rng.random()
        if roll < rate / 3:
            continue  # deleted
        if roll < 2 * rate / 3:
            out.append(rng.choice(pool))  # replaced
        elif roll < rate:
            out.extend((word, rng.choice(pool)))  # word inserted after
        else:
            out.append(word)
    return " ".join(out)


def _ocr_noise(paragraph: str, rate: float, rng: random.Random) -> str:
    chars = list(paragraph)
    for i, char in enumerate(chars):
        if char.isalpha() and rng.random() < rate:
            roll = rng.random()
            if roll < 0.5:
                chars[i] = rng.choice(string.ascii_lowercase)
            elif roll < 0.75:
                chars[i] = ""
            else:
                chars[i] = char + rng.choice(string.ascii_lowercase)
    return "".join(chars)


def _sentences(paragraphs: Sequence[str]) -> list[str]:
    return [s.strip() + "." for p in paragraphs for s in p.split(". ") if len(s.split()) >= 8]


def generate_reprints(
    sources: Sequence[Article],
    seed: int = 13,
    copies_per_source: int = 2,
    unrelated: Sequence[Article] = (),
) -> list[GeneratedCopy]:
    """Derived copies of each source with their gold relation, reproducible from `seed`."""
    rng = random.Random(seed)
    # Added text is drawn without replacement, so no two copies share it by accident.
    filler = [
        (p, a.id) for a in (unrelated or sources[-1:]) for p in a.body if len(p.split()) >= 12
    ]
    rng.shuffle(filler)
    borrowed: list[str] = []

    def fresh_paragraph() -> str:
        if filler:
            paragraph, owner = filler.pop()
            borrowed.append(owner)
            return paragraph
        return _edit_words(rng.choice(sources).body[0], 0.5, rng, pool)

    pool = sorted({w for a in sources[:50] for w in a.text.split() if w.isalpha()})
    kinds: tuple[Relation, ...] = ("duplicate", "reprint", "reprint", "rewrite")
    copies: list[GeneratedCopy] = []
    for index, source in enumerate(sources):
        for k in range(copies_per_source):
            relation = rng.choice(kinds)
            paragraphs = list(source.body)
            borrowed.clear()
            edits: list[str] = []
            title = source.title
            if relation == "duplicate":
                if rng.random() < 0.5:
                    title = f"{source.title or ''} (update)"
                    edits.append("headline")
                if rng.random() < 0.5 and len(paragraphs) >= 4:
                    keep = max(int(len(paragraphs) * 0.6 + 0.999), rng.randrange(len(paragraphs)))
                    paragraphs = paragraphs[:keep]
                    edits.append("trim")
                edits = edits or ["verbatim"]
            elif relation == "reprint":
                ops = rng.sample(["drop", "reorder", "insert", "words", "ocr"], rng.randint(1, 3))
                for op in ops:
                    if op == "drop" and len(paragraphs) >= 4:
                        # Inner paragraphs only: cutting the last ones is a trim.
                        for _ in range(rng.randint(1, max(1, len(paragraphs) // 4))):
                            paragraphs.pop(rng.randrange(1, len(paragraphs) - 1))
                    elif op == "reorder" and len(paragraphs) >= 3:
                        i, j = rng.sample(range(len(paragraphs)), 2)
                        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
                    elif op == "insert":
                        for _ in range(rng.randint(1, 2)):
                            local = (_sentences([fresh_paragraph()]) or ["Officials said."])[0]
                            paragraphs.insert(rng.randrange(len(paragraphs) + 1), local)
                    elif op == "words":
                        paragraphs = [_edit_words(p, 0.03, rng, pool) for p in paragraphs]
                    elif op == "ocr":
                        paragraphs = [_ocr_noise(p, 0.015, rng) for p in paragraphs]
                    edits.append(op)
            else:
                keep = max(2, int(len(paragraphs) * rng.uniform(0.4, 0.65)))
                kept = sorted(rng.sample(range(len(paragraphs)), min(keep, len(paragraphs))))
                paragraphs = [_edit_words(paragraphs[i], 0.10, rng, pool) for i in kept]
                extra = max(1, int(len(paragraphs) * rng.uniform(0.5, 1.0)))
                for _ in range(extra):
                    paragraphs.insert(rng.randrange(len(paragraphs) + 1), fresh_paragraph())
                edits = ["keep-part", "words", "new-paragraphs"]
            article = make_article(
                paragraphs,
                outlet=f"reprinter-{index % 7}-{k}",
                title=title,
                published=_later(source.published, 1 + k),
            )
            copies.append(
                GeneratedCopy(
                    article, source.id, relation, tuple(edits), tuple(dict.fromkeys(borrowed))
                )
            )
    return copies


def reprint_benchmark(
    basil_path: Path, seed: int = 13, copies_per_source: int = 2, filler_events: int = 16
) -> ReprintBenchmark:
    """The benchmark built from basil-dev's articles.jsonl.

    The last `filler_events` events are held out of the corpus: their text supplies the
    inserted local sentences and the new paragraphs of rewrites, so that added text has
    no source in the corpus.
    """
    rows = read_basil(basil_path)
    events = sorted({e for _, e in rows})
    held_out = set(events[len(events) - filler_events :]) if filler_events else set()
    originals = tuple(a for a, e in rows if e not in held_out)
    filler = [a for a, e in rows if e in held_out]
    copies = generate_reprints(
        originals, seed=seed, copies_per_source=copies_per_source, unrelated=filler
    )
    return ReprintBenchmark(originals, tuple(copies), {a.id: e for a, e in rows})


__all__ = [
    "GeneratedCopy",
    "ReprintBenchmark",
    "generate_reprints",
    "read_basil",
    "reprint_benchmark",
]
