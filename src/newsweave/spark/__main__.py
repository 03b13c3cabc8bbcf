"""Entry point for spark-submit: `spark-submit .../newsweave/spark/__main__.py reuse ...`."""

from __future__ import annotations

from newsweave.spark.cli import app

__all__: list[str] = []

if __name__ == "__main__":
    app()
