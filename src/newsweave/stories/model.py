"""The learned join-or-new model: a standardised logistic regression read from JSON.

Weights are plain numbers in `story_model.json` (feature names, scaler, coefficients), made
by `stories.train.train_story_model` from the dev data, and read without pickle so a
weights file can never run code. The file holds one model per feature set: "base" (text,
time, shared rare terms) and "semantic" (the same plus the embedding cosine, used when the
`semantic` extra is installed).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError

WEIGHTS_FILE = "story_model.json"


@dataclass(frozen=True, slots=True)
class JoinModel:
    """P(article belongs to candidate story | features)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    # Decision thresholds chosen with this model by cross-validation (`train.cross_validate`).
    join_threshold: float = 0.5
    merge_threshold: float = 0.8

    def probability(self, values: Sequence[float]) -> float:
        z = self.intercept
        for x, m, s, w in zip(values, self.mean, self.scale, self.coef, strict=True):
            z += w * (x - m) / s
        if z < -30.0:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "join_threshold": self.join_threshold,
            "merge_threshold": self.merge_threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JoinModel:
        return cls(
            features=tuple(data["features"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) or 1.0 for v in data["scale"]),
            coef=tuple(float(v) for v in data["coef"]),
            intercept=float(data["intercept"]),
            join_threshold=float(data.get("join_threshold", 0.5)),
            merge_threshold=float(data.get("merge_threshold", 0.8)),
        )


def load_weights(path: str | Path | None = None) -> dict[str, Any]:
    """The weights document: the shipped one, or a file written by `train_story_model`."""
    try:
        if path is None:
            text = resources.files(__package__).joinpath(WEIGHTS_FILE).read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError) as error:
        where = str(path) if path else WEIGHTS_FILE
        raise InputError(where, f"cannot read story model weights ({error})") from error
    return data


def load_model(path: str | Path | None = None, semantic: bool = False) -> JoinModel:
    """The "semantic" or "base" model from a weights file."""
    data = load_weights(path)
    name = "semantic" if semantic else "base"
    if name not in data.get("models", {}):
        raise InputError(str(path or WEIGHTS_FILE), f"no {name!r} model in the weights file")
    return JoinModel.from_dict(data["models"][name])


__all__ = ["WEIGHTS_FILE", "JoinModel", "load_model", "load_weights"]
