"""The stories stage: group articles about the same real-world event, as they arrive.

    clusterer = StoryClusterer(StorySettings())
    clusterer.add(articles)          # streaming: each article joins a story or opens one
    clusterer.merge()                # join stories split early
    clusterer.stories()              # Story records with label, dates, outlets, key terms

`cluster_stories(articles)` does the same for a whole archive in one call (batch mode).
"""

from __future__ import annotations

from .clusterer import StoryClusterer, cluster_stories, story_id
from .persist import SCHEMA, stored_stories
from .settings import StorySettings

__all__ = [
    "SCHEMA",
    "StoryClusterer",
    "StorySettings",
    "cluster_stories",
    "stored_stories",
    "story_id",
]
