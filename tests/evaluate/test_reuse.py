"""Evaluation of the reuse stage on the seed pair and the basil-dev benchmark."""

from __future__ import annotations

from pathlib import Path

from newsweave.evaluate.reuse import evaluate_reuse, format_reuse_table


def test_seed_pair_comes_out_as_its_readme_says(shared_data: Path) -> None:
    result = evaluate_reuse(shared_data / "seeds")
    assert result["seed"]["relation"] == "rewrite"
    assert result["seed"]["original"] == "000"
    assert result["seed"]["paragraphs_as_expected"]
    assert result["f1"] == 1.0 and result["ari"] == 1.0


def test_benchmark_quality_floors(shared_data: Path) -> None:
    # Floors a little under the figures measured when thresholds were frozen.
    result = evaluate_reuse(shared_data / "basil-dev")
    assert result["per_relation"]["duplicate"]["f1"] >= 0.95
    assert result["per_relation"]["reprint"]["f1"] >= 0.95
    assert result["recall"] >= 0.95 and result["precision"] >= 0.85
    assert result["ari"] >= 0.9
    assert result["independent_pairs"]["called_copying"] <= 4
    table = format_reuse_table(result)
    assert "reprint" in table and "ARI" in table
