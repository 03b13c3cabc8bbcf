"""The Spark engine: ingest, reuse and stories over Parquet datasets, on a cluster or local[N].

The same pure functions as the local engine (hashing, alignment, labels, originals, the
story model) run inside Spark tasks, so both engines give the same links and stories on
the same articles. Importing this package does not import pyspark; the functions that
need it import it when called and raise MissingExtra naming the `spark` extra.

    newsweave spark ingest samples/corpus --output out/articles
    newsweave spark reuse --articles out/articles --output out/reuse
    newsweave spark stories --articles out/articles --reuse out/reuse --output out/stories
    newsweave import --articles out/articles --reuse out/reuse --stories out/stories
"""

from __future__ import annotations

from .importer import ImportReport, import_outputs

__all__ = ["ImportReport", "import_outputs"]
