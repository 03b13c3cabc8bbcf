"""The report tests read the same store as the web tests: reuse tests/web/conftest.py's
fixtures (the seed pair beside the hostile samples, with reuse and stories run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "newsweave_web_fixtures", Path(__file__).resolve().parents[1] / "web" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_web = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_web)

reuse_store = _web.reuse_store
web_store = _web.web_store
seed_ids = _web.seed_ids
seed_story = _web.seed_story
hostile_ids = _web.hostile_ids

__all__ = ["hostile_ids", "reuse_store", "seed_ids", "seed_story", "web_store"]
