"""Story clustering quality on the shared dev data: the floors CI holds newsweave to."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import InputError
from newsweave.evaluate.stories import (
    PUBLISHED,
    allsides_articles,
    detect_layout,
    evaluate_stories,
    load_story_dataset,
    story_table,
)
from newsweave.stories import StorySettings

KEYS = {
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
    "pairwise_f1",
    "ari",
    "ami",
    "predicted_stories",
    "gold_stories",
}


def test_basil_layout_is_detected_and_read(shared_data: Path) -> None:
    dataset = load_story_dataset(shared_data / "basil-dev")
    assert dataset.layout == "basil"
    assert len(dataset.articles) == 180
    assert len(set(dataset.gold.values())) == 60
    assert {a.outlet for a in dataset.articles} == {"fox", "nyt", "hpo"}
    assert all(a.published and a.title and len(a.body) > 1 for a in dataset.articles)


def test_allsides_lines_give_three_undated_articles() -> None:
    line = (
        "TITLE=> Senate passes the bill. ARTICLE=> The Senate passed the bill on Friday. [SEP] "
        "TITLE=> Bill clears Senate. ARTICLE=> Lawmakers approved it 52-48. [SEP] "
        "TITLE=> A bad bill. ARTICLE=> The bill is bad."
    )
    articles = allsides_articles(line)
    assert [a.title for a in articles] == [
        "Senate passes the bill",
        "Bill clears Senate",
        "A bad bill",
    ]
    assert articles[1].body == ("Lawmakers approved it 52-48.",)
    assert all(a.published is None for a in articles)


def test_a_folder_without_story_data_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a story data set"):
        detect_layout(tmp_path)


def test_basil_reaches_the_issue_floor(shared_data: Path) -> None:
    scores = evaluate_stories(
        shared_data / "basil-dev", settings=StorySettings(use_embeddings=False)
    )
    assert set(scores) >= KEYS
    assert scores["bcubed_f1"] >= 0.97
    assert scores["pairwise_f1"] >= 0.95
    assert scores["gold_stories"] == 60


def test_allsides_val_holds_its_floor(shared_data: Path) -> None:
    scores = evaluate_stories(
        shared_data / "allsides-neus", "val", StorySettings(use_embeddings=False)
    )
    assert scores["gold_stories"] == 307
    # The shipped base weights measure BCubed F1 0.845 (precision 0.919, recall 0.781):
    # below the issue's 0.90 target, which newsweave does not reach on AllSides yet. The
    # floor holds that.
    assert scores["bcubed_f1"] >= 0.83
    assert scores["bcubed_precision"] >= 0.90
    assert scores["model"] == "base"


def test_the_live_path_is_measured_too(shared_data: Path) -> None:
    """`--stream`: the stream, then the merge step. On AllSides val (undated, so every story
    is still active when it runs) the merge mends much of what the stream split: base model
    BCubed F1 0.825 (0.880 / 0.777) against the stream's 0.798 (0.900 / 0.717); batch mode
    stays ahead (0.845)."""
    settings = StorySettings(use_embeddings=False)
    live = evaluate_stories(shared_data / "allsides-neus", "val", settings, stream=True)
    assert live["mode"] == "stream and merge"
    batch = evaluate_stories(shared_data / "allsides-neus", "val", settings)
    assert 0.81 <= live["bcubed_f1"] < batch["bcubed_f1"]
    assert live["bcubed_recall"] >= 0.76


def test_seed_pair_is_one_story_and_an_unrelated_report_is_not_in_it(
    shared_data: Path,
) -> None:
    scores = evaluate_stories(shared_data / "seeds", settings=StorySettings(use_embeddings=False))
    assert scores["layout"] == "seeds"
    assert scores["gold_stories"] == 2
    assert scores["predicted_stories"] == 2
    assert scores["bcubed_f1"] == 1.0


def test_table_rows_carry_published_anchors(shared_data: Path) -> None:
    scores = evaluate_stories(
        shared_data / "basil-dev", settings=StorySettings(use_embeddings=False)
    )
    rows = {metric: (value, anchor) for metric, value, anchor in story_table(scores)}
    assert rows["bcubed_f1"][1] == PUBLISHED["bcubed_f1"]
    assert rows["gold_stories"][0] == "60"
    assert float(rows["ari"][0]) == pytest.approx(scores["ari"], abs=1e-4)
