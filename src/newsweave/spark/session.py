"""The Spark session newsweave runs in: the caller's (spark-submit), or a quiet local one.

Under `spark-submit` the session already exists with the cluster's settings and is used as
it is. On one machine (`local[N]`) the session binds to 127.0.0.1, runs without the web UI
and with few shuffle partitions (Spark's default of 200 costs more in task start-up than a
laptop-sized corpus costs to process), and its Python workers run the interpreter that runs
newsweave: workers otherwise pick whatever `python3` is on the PATH, without newsweave.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Shuffle partitions for local runs: two per core of `local[2]` keeps both cores busy
# while a shuffle of a few thousand articles stays in a handful of tasks.
LOCAL_SHUFFLE_PARTITIONS = 4
# Set in the driver's environment when spark-submit (or the pyspark shell) started it.
SUBMIT_ENV = "PYSPARK_GATEWAY_PORT"


def require_pyspark() -> Any:
    """The pyspark module, or MissingExtra naming the `spark` extra to install."""
    try:
        import pyspark
    except ImportError as error:
        raise MissingExtra("spark", "pyspark") from error
    return pyspark


def spark_session(
    master: str | None = "local[2]",
    *,
    app_name: str = "newsweave",
    shuffle_partitions: int | None = None,
    driver_memory: str | None = None,
) -> SparkSession:
    """The active session if one exists (spark-submit), else a new one on `master`.

    For a `local[...]` master the session is made safe and quick for one machine (see the
    module docstring); for any other master only the app name is set, so that
    `spark-submit --conf` and the cluster's defaults decide everything else.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if SUBMIT_ENV in os.environ:  # launched by spark-submit: its --master decides
        master = None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        partitions = shuffle_partitions or LOCAL_SHUFFLE_PARTITIONS
        builder = (
            builder.config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(partitions))
            .config("spark.default.parallelism", str(partitions))
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        )
        if driver_memory:
            builder = builder.config("spark.driver.memory", driver_memory)
    elif shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


__all__ = ["LOCAL_SHUFFLE_PARTITIONS", "SUBMIT_ENV", "require_pyspark", "spark_session"]
