"""Which name finder reads quotes: spaCy where installed ("auto", the default) or asked for
("spacy"), else the patterns ("none").

The `nlp` extra (spaCy and its small English model) finds names and parses sentences, which
gives better speakers and reported speech (PolNeAR dev overlap F1 0.833 against 0.812,
speakers 0.910 against 0.892) at about 60 ms an article, paid once per article since the
store keeps each reading; without it the patterns alone run, as in the default install.
This module stays light so the command line can name the choices without loading either.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal, get_args

from .errors import MissingExtra

NerChoice = Literal["auto", "spacy", "none"]
NER_CHOICES: tuple[NerChoice, ...] = get_args(NerChoice)


@cache
def nlp_for(ner: NerChoice) -> Any | None:
    """The spaCy pipeline for a choice, loaded once per process: "spacy" (an error without
    the extra), "none" (the patterns alone, as a default install runs) or "auto" (spaCy
    when installed, the same pipeline)."""
    if ner == "none":
        return None
    if ner == "auto":
        try:
            return nlp_for("spacy")
        except MissingExtra:
            return None
    from .compare.quotes import load_nlp

    return load_nlp()


__all__ = ["NER_CHOICES", "NerChoice", "nlp_for"]
