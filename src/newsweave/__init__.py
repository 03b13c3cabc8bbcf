"""newsweave: make sense of news coverage across outlets.

Ingest articles from many outlets, find wire copy and rewrites, group articles into stories,
and compare how each outlet's version differs.
"""

from .api import Newsweave, open
from .errors import (
    InputError,
    LimitExceeded,
    MissingExtra,
    NewsweaveError,
    NotFound,
    StoreError,
)
from .ingest import IngestReport, IngestSettings
from .records import (
    AlignedPassage,
    Article,
    Change,
    Passage,
    Quote,
    ReuseLink,
    Skip,
    Story,
    StoryMember,
)

__version__ = "0.1.0"

__all__ = [
    "AlignedPassage",
    "Article",
    "Change",
    "IngestReport",
    "IngestSettings",
    "InputError",
    "LimitExceeded",
    "MissingExtra",
    "Newsweave",
    "NewsweaveError",
    "NotFound",
    "Passage",
    "Quote",
    "ReuseLink",
    "Skip",
    "StoreError",
    "Story",
    "StoryMember",
    "__version__",
    "open",
]
