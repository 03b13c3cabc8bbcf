"""Exports: every kind in every format, Parquet readable by pandas, polars and DuckDB."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import duckdb
import pandas
import polars
import pytest

import newsweave
from newsweave.api import EXPORT_KINDS
from newsweave.ingest import read_articles
from newsweave.records import Article

SAMPLE_CORPUS = Path(__file__).parents[2] / "samples" / "corpus"


@pytest.fixture(scope="module")
def nw(tmp_path_factory: pytest.TempPathFactory) -> Any:
    handle = newsweave.open(tmp_path_factory.mktemp("export") / "n.db")
    handle.run(SAMPLE_CORPUS, out=None)
    yield handle
    handle.close()


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_parquet_export_loads_in_pandas_polars_and_duckdb(
    nw: Any, kind: str, tmp_path: Path
) -> None:
    path = tmp_path / f"{kind}.parquet"
    count = nw.export(kind, "parquet", path)
    assert count > 0
    assert len(pandas.read_parquet(path)) == count
    assert polars.read_parquet(path).height == count
    [(rows,)] = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()
    assert rows == count


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_jsonl_and_csv_exports_hold_the_same_rows(nw: Any, kind: str, tmp_path: Path) -> None:
    count = nw.export(kind, "jsonl", tmp_path / "x.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert nw.export(kind, "csv", tmp_path / "x.csv") == count
    with open(tmp_path / "x.csv", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == count == len(rows)


def test_exported_articles_ingest_again_as_the_same_articles(nw: Any, tmp_path: Path) -> None:
    nw.export("articles", "jsonl", tmp_path / "articles.jsonl")
    again = [a for a in read_articles([tmp_path / "articles.jsonl"]) if isinstance(a, Article)]
    assert sorted(a.id for a in again) == sorted(a.id for a in nw.articles())


def test_reuse_export_carries_the_issue_fields(nw: Any, tmp_path: Path) -> None:
    nw.export("reuse", "jsonl", tmp_path / "reuse.jsonl")
    row = json.loads((tmp_path / "reuse.jsonl").read_text().splitlines()[0])
    assert {
        "source_id",
        "target_id",
        "relation",
        "containment_source_in_target",
        "containment_target_in_source",
        "passages",
    } <= set(row)
    assert {"source_start", "source_end", "target_start", "target_end", "similarity"} <= set(
        row["passages"][0]
    )
