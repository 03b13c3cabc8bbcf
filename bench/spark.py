"""Spark benchmark: the reuse stage on `local[2]` against the local engine, and its scaling.

The corpus is bench/reuse.py's generator (Zipfian words, ~600 words an article, 15%
reprints of an earlier article). For each size the articles are first written to a Parquet
articles dataset by Spark itself (executors generate their share, so a million articles
never sit in one process), untimed. Then:

- Spark: `reuse_links` over that dataset, links written to Parquet, timed end to end (wall
  time, the session already up). Peak memory is the highest sampled sum of the resident
  sets of the driver's Python, the JVM and its Python workers (every descendant process),
  sampled every 0.2 s from /proc.
- local: the same articles, generated in a forked child before its timer starts, through
  `ReuseIndex.add` in 2,000-article batches, as `update_reuse` runs them; its peak is the
  child's VmHWM (which includes the generated corpus, as the store's page cache would).

Both give the same links (checked: the counts by relation are printed side by side).

    .venv/bin/python bench/spark.py --articles 10000 100000
    .venv/bin/python bench/spark.py --articles 1000000 --skip-local --driver-memory 6g
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from newsweave.reuse import ReuseIndex, ReuseSettings
from newsweave.spark.ingest import article_values, articles_schema
from newsweave.spark.reuse import reuse_links
from newsweave.spark.session import spark_session

_spec = importlib.util.spec_from_file_location("bench_reuse", Path(__file__).with_name("reuse.py"))
assert _spec is not None and _spec.loader is not None
bench_reuse = importlib.util.module_from_spec(_spec)
sys.modules["bench_reuse"] = bench_reuse
_spec.loader.exec_module(bench_reuse)
Corpus = bench_reuse.Corpus

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss_bytes(root: int) -> int:
    """Resident bytes of `root` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * _PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


class PeakSampler:
    """The highest resident size of this process tree while the `with` block runs."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_bytes(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss_bytes(os.getpid()))


def write_corpus(spark: Any, corpus: Any, path: str, partitions: int) -> None:
    """The generated articles as an articles dataset, generated on the executors."""
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(bench_reuse)  # executors cannot import bench/
    rows = spark.sparkContext.parallelize(range(corpus.n), partitions).map(
        lambda i: article_values(corpus.article(i), i + 1)
    )
    spark.createDataFrame(rows, articles_schema()).write.mode("overwrite").parquet(path)


def run_spark(spark: Any, articles_path: str, links_path: str) -> dict[str, Any]:
    with PeakSampler() as sampler:
        wall0 = time.perf_counter()
        links = reuse_links(spark, spark.read.parquet(articles_path), ReuseSettings())
        links.write.mode("overwrite").parquet(links_path)
        wall = time.perf_counter() - wall0
    by_relation = {
        r["relation"]: int(r["count"])
        for r in spark.read.parquet(links_path).groupBy("relation").count().collect()
    }
    return {"wall_s": wall, "peak_mib": sampler.peak / 2**20, "by_relation": by_relation}


def _local(n: int) -> dict[str, Any]:
    corpus = Corpus(n)
    articles = [corpus.article(i) for i in range(n)]
    by_id = {a.id: a for a in articles}
    index = ReuseIndex(ReuseSettings(), fetch=lambda ids: [by_id[i] for i in ids])
    counts: Counter[str] = Counter()
    wall0 = time.perf_counter()
    for link in index.add(articles):
        counts[link.relation] += 1
    return {"wall_s": time.perf_counter() - wall0, "by_relation": dict(counts)}


def run_local(n: int) -> dict[str, Any]:
    """The local engine in a forked child; its peak is the child's VmHWM."""
    result: dict[str, Any] = bench_reuse._in_child(_local, n)
    result["peak_mib"] = result["peak_rss_mib"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--partitions", type=int, default=None, help="shuffle partitions")
    parser.add_argument("--skip-local", action="store_true", help="Spark only")
    parser.add_argument("--work", default=None, help="folder for the datasets (temporary)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="nw-bench-spark-"))
    rows = []
    try:
        for n in args.articles:
            # Partitions of ~10,000 articles: small enough to spread, large enough that
            # task start-up stays a small share of the run.
            partitions = args.partitions or max(4, n // 10_000)
            spark = spark_session(
                args.master, shuffle_partitions=partitions, driver_memory=args.driver_memory
            )
            articles = str(work / f"articles-{n}")
            t0 = time.perf_counter()
            write_corpus(spark, Corpus(n), articles, partitions)
            generated = time.perf_counter() - t0
            result = run_spark(spark, articles, str(work / f"reuse-{n}"))
            spark.stop()
            local = None if args.skip_local else run_local(n)
            rows.append((n, result, local))
            print(
                f"{n} articles (generated in {generated:.0f} s, untimed): "
                f"spark {args.master} {n / result['wall_s']:.0f} articles/s, "
                f"{result['wall_s']:.0f} s, peak {result['peak_mib']:.0f} MiB "
                f"{dict(sorted(result['by_relation'].items()))}",
                flush=True,
            )
            if local is not None:
                print(
                    f"  local engine {n / local['wall_s']:.0f} articles/s, "
                    f"{local['wall_s']:.0f} s, peak {local['peak_mib']:.0f} MiB "
                    f"{dict(sorted(local['by_relation'].items()))}",
                    flush=True,
                )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(
        "\n| articles | spark s | spark articles/s | spark peak MiB | local s | local articles/s "
        "| local peak MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, result, local in rows:
        spark_cells = (
            f"{result['wall_s']:.0f} | {n / result['wall_s']:.0f} | {result['peak_mib']:.0f}"
        )
        local_cells = (
            f"{local['wall_s']:.0f} | {n / local['wall_s']:.0f} | {local['peak_mib']:.0f}"
            if local
            else "- | - | -"
        )
        print(f"| {n:,} | {spark_cells} | {local_cells} |")


if __name__ == "__main__":
    main()
