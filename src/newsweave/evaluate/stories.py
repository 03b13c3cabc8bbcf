"""Story clustering against gold stories: `newsweave evaluate stories --data DIR`.

Three layouts are recognised. BASIL (`articles.jsonl`, gold story `triplet_uuid`): full
articles by Fox News, the New York Times and HuffPost, three per event, dated. AllSides
NeuS (`neus_title_{split}.source`): one story per line, three outlets' title and lead
separated by " [SEP] ", undated and without outlet names. The seeds folder
(`articles/000_*.txt`, `articles/004_*.txt`): the wire story and its rewrite, one story,
with an unrelated report of the same week (`UNRELATED_REPORT`) that must stay apart. The
articles are clustered in batch mode exactly as `cluster_stories` does for a user's archive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import Article, make_article
from ..stories import StoryClusterer, StorySettings, cluster_stories
from ..stories.clusterer import semantic_wanted, stream_key
from .metrics import clustering_scores

# Published figures on the English part of the Miranda et al. (2018) streaming benchmark.
PUBLISHED = {
    "bcubed_f1": "0.948 (Saravanakumar et al., EACL 2021)",
    "pairwise_f1": "0.94 (Miranda et al., EMNLP 2018)",
}

# A fictional report of another event, dated the week of the seed pair: the seeds layout's
# negative (the pair must be one story, and this report not in it).
UNRELATED_REPORT = make_article(
    body=[
        "Heavy rain flooded parts of Lisbon on Thursday, closing metro stations and forcing "
        "the evacuation of dozens of homes near the Tagus, the city council said.",
        "Firefighters answered more than 300 calls as the storm moved north along the "
        "Portuguese coast, and schools in the capital will stay closed on Friday.",
    ],
    title="Floods close Lisbon metro stations as storm hits Portugal",
    outlet="Coastal Daily",
    published="2025-03-13",
)

_ALLSIDES_PART = re.compile(r"^\s*TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*)$", re.S)


@dataclass(frozen=True, slots=True)
class StoryDataset:
    """Articles with their gold story; `layout` is "basil" or "allsides"."""

    layout: str
    articles: tuple[Article, ...]
    gold: dict[str, str]


def basil_article(row: dict[str, Any]) -> Article:
    """A BASIL row as an Article: paragraphs are lists of sentences in `body_paragraphs`."""
    paragraphs = row.get("body_paragraphs") or []
    if paragraphs:
        body = [" ".join(p) if isinstance(p, list) else str(p) for p in paragraphs]
    else:
        body = [p for p in re.split(r"\n\s*\n", row.get("text") or "") if p.strip()]
    return make_article(
        body=body,
        outlet=(row.get("source") or "").lower() or None,
        title=row.get("title"),
        published=row.get("date") or None,
        url=row.get("url"),
    )


def allsides_articles(line: str) -> list[Article]:
    """The three articles of one NeuS line ("TITLE=> ... ARTICLE=> ..." joined by [SEP])."""
    articles = []
    for part in line.split(" [SEP] "):
        match = _ALLSIDES_PART.match(part)
        if not match:
            continue
        title = match.group("title").strip()
        body = match.group("body").strip()
        if title.endswith(".") and not title.endswith(".."):
            title = title[:-1]  # the data set adds a full stop after every title
        if body or title:
            articles.append(make_article(body=[body] if body else [], title=title or None))
    return articles


def detect_layout(data_dir: Path) -> str:
    if (data_dir / "articles.jsonl").is_file():
        return "basil"
    if any(data_dir.glob("neus_title_*.source")):
        return "allsides"
    if any(data_dir.glob("articles/000_*.txt")) and any(data_dir.glob("articles/004_*.txt")):
        return "seeds"
    raise InputError(
        str(data_dir),
        "not a story data set: expected articles.jsonl (BASIL), neus_title_*.source "
        "(AllSides) or articles/000_*.txt and 004_*.txt (the seeds folder)",
    )


def load_story_dataset(data_dir: Path, split: str | None = None) -> StoryDataset:
    """Articles and gold stories of a BASIL, AllSides (split: "val" unless given) or seeds
    directory."""
    data_dir = Path(data_dir)
    layout = detect_layout(data_dir)
    articles: dict[str, Article] = {}
    gold: dict[str, str] = {}
    if layout == "seeds":
        from .reuse import load_seed_pair

        wire, rewrite = load_seed_pair(data_dir)
        gold = {wire.id: "seed", rewrite.id: "seed", UNRELATED_REPORT.id: "unrelated"}
        return StoryDataset(layout, (wire, rewrite, UNRELATED_REPORT), gold)
    if layout == "basil":
        path = data_dir / "articles.jsonl"
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as error:
                    raise InputError(str(path), f"not JSON ({error})", f"line {number}") from error
                article = basil_article(row)
                articles.setdefault(article.id, article)
                gold.setdefault(article.id, str(row["triplet_uuid"]))
    else:
        split = split or "val"
        path = data_dir / f"neus_title_{split}.source"
        if not path.is_file():
            raise InputError(str(path), f"no AllSides split {split!r} here")
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                for article in allsides_articles(line.rstrip("\n")):
                    # The same text under two stories keeps its first story.
                    articles.setdefault(article.id, article)
                    gold.setdefault(article.id, f"{split}:{number}")
    return StoryDataset(layout, tuple(articles.values()), gold)


def evaluate_stories(
    data_dir: Path,
    split: str | None = None,
    settings: StorySettings = StorySettings(),
    stream: bool = False,
) -> dict[str, Any]:
    """Cluster a labelled data set in batch mode and score it against its gold stories.

    With `stream`, the live path instead: the stream in publication order, merging before
    stories close and once at the end (`newsweave stories --merge`, one update).
    """
    dataset = load_story_dataset(Path(data_dir), split)
    if stream:
        by_id = {a.id: a for a in dataset.articles}
        with StoryClusterer(settings) as clusterer:
            clusterer.merge_source = lambda ids: [by_id[i] for i in ids]
            clusterer.add(sorted(dataset.articles, key=stream_key))
            clusterer.merge_window()
            stories = clusterer.stories()
    else:
        stories = cluster_stories(dataset.articles, settings)
    predicted = {a: story.id for story in stories for a in story.article_ids}
    scores: dict[str, Any] = dict(clustering_scores(predicted, dataset.gold))
    scores["layout"] = dataset.layout
    scores["split"] = (split or "val") if dataset.layout == "allsides" else split
    scores["model"] = "semantic" if semantic_wanted(settings) else "base"
    scores["mode"] = "stream and merge" if stream else "batch"
    return scores


def story_table(scores: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Rows of (metric, value, published anchor) for the evaluation table."""
    rows = []
    for key in (
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "pairwise_precision",
        "pairwise_recall",
        "pairwise_f1",
        "ari",
        "ami",
        "predicted_stories",
        "gold_stories",
    ):
        value = scores[key]
        text = f"{value:.4f}" if isinstance(value, float) else str(value)
        rows.append((key, text, PUBLISHED.get(key, "")))
    return rows


__all__ = [
    "PUBLISHED",
    "UNRELATED_REPORT",
    "StoryDataset",
    "allsides_articles",
    "basil_article",
    "detect_layout",
    "evaluate_stories",
    "load_story_dataset",
    "story_table",
]
