"""The words and names an article is compared on: stems and entities per field.

Three fields, as in Miranda et al. (2018): the title, the lead (the first words of the
body, where news puts the who-what-when) and the whole body. Each is represented twice:
by word stems (a small suffix stripper, so "voted", "votes" and "voting" meet without a
lemmatiser model) and by named entities (capitalised phrases, which carry most of what
tells one event from another: people, places, organisations).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from ..records import Article

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

FIELDS = ("title", "lead", "body")
KINDS = ("stems", "entities")

# Function words and the reporting vocabulary every news story shares; they would make any
# two articles look alike. The list is the usual English stop list plus news boilerplate.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just let ll me more most
    mustn my myself no nor not now of off on once only or other ought our ours ourselves out
    over own re s same shan she should shouldn so some such t than that the their theirs them
    themselves then there these they this those through to too under until up ve very was
    wasn we were weren what when where which while who whom why will with won would wouldn
    you your yours yourself yourselves said says say saying told according also would could
    may might must new one two three first last year years week weeks day days time monday
    tuesday wednesday thursday friday saturday sunday today yesterday tomorrow mr mrs ms
    percent many much people like get got make made go going went us told tell well even
    still back since however around via per""".split()
)

# Capitalised words that begin sentences or titles without naming anything.
_NOT_NAMES = STOPWORDS | frozenset(
    """breaking update updated exclusive watch video photos opinion analysis editorial
    report reports news live latest here how why what""".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
# A run of capitalised words, allowing "of", "the", "de" and initials inside a name.
_NAME = re.compile(
    r"(?:[A-Z][\w’'.-]*|[A-Z]\.)(?:\s+(?:(?:of|the|de|von|van|al|bin|la|del)\s+)?"
    r"(?:[A-Z][\w’'.-]*|[A-Z]\.))*"
)
_POSSESSIVE = re.compile(r"['’]s$")

# Suffixes stripped longest first; a stem keeps at least three letters.
_SUFFIXES = (
    "ational", "ization", "fulness", "iveness", "ations", "ation", "ments", "ement", "ities",
    "ings", "ness", "ment", "ions", "ion", "ing", "ers", "ies", "ied", "ity", "ive", "est",
    "ed", "er", "es", "ly", "s",
)  # fmt: skip


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix-stripping stem of a lower-case word: "voters" and "voting" give "vot"."""
    word = _POSSESSIVE.sub("", word)
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":  # "stopp" -> "stop"
        word = word[:-1]
    return word


@lru_cache(maxsize=400_000)
def _content_stem(token: str) -> str:
    """The stem of a lower-case token, or "" for a stop word or a single letter."""
    if len(token) <= 1 or token in STOPWORDS:
        return ""
    return stem(token)


def stems(text: str) -> Counter[str]:
    """Counts of the content-word stems of text (stop words and single letters dropped).

    Tokens are counted first (in C), then each distinct token is stemmed once through a
    cache: an article repeats its words, so this does a fraction of the per-token work.
    """
    counts: dict[str, int] = {}
    get = counts.get
    for token, n in Counter(_WORD.findall(text.lower())).items():
        root = _content_stem(token)
        if root:
            counts[root] = get(root, 0) + n
    return Counter(counts)


def entities(text: str) -> Counter[str]:
    """Counts of names in text: each capitalised phrase and each of its words, lower-cased.

    Counting the words too lets "John Kerry" in one article meet "Kerry" in another; the
    phrase itself adds weight when both spell the name in full.
    """
    counts: Counter[str] = Counter()
    for match in _NAME.finditer(text):
        for phrase in _phrases(match.group().split()):
            words = [_POSSESSIVE.sub("", w).strip(".").lower() for w in phrase]
            words = [w for w in words if w and w not in _NOT_NAMES and len(w) > 1]
            if not words:
                continue
            counts.update(words)
            if len(words) > 1:
                counts[" ".join(words)] += 1
    return counts


def _phrases(words: list[str]) -> list[list[str]]:
    """Split a capitalised run after an abbreviation's full stop ("the F.B.I. Nothing ..."):
    only an initial ("John F. Kennedy") continues a name past a full stop."""
    phrases: list[list[str]] = [[]]
    for word in words:
        phrases[-1].append(word)
        if word.endswith(".") and len(word) > 2:
            phrases.append([])
    return [p for p in phrases if p]


def lead_text(body: Iterable[str], words: int) -> str:
    """The first `words` words of the body: the news lead."""
    taken: list[str] = []
    for paragraph in body:
        for word in paragraph.split():
            taken.append(word)
            if len(taken) >= words:
                return " ".join(taken)
    return " ".join(taken)


Terms = dict[str, Counter[str]]  # term counts per "field:kind" key


def article_terms(article: Article, lead_words: int, use_entities: bool = True) -> Terms:
    """Term counts per "field:kind" key ("title:stems", "body:entities", ...)."""
    title = article.title or ""
    lead = lead_text(article.body, lead_words)
    body = article.text
    texts = {"title": title, "lead": lead, "body": body}
    terms: dict[str, Counter[str]] = {}
    for name in FIELDS:
        terms[f"{name}:stems"] = stems(texts[name])
        if use_entities:
            terms[f"{name}:entities"] = entities(texts[name])
    return terms


CountedTerms = Mapping[str, Mapping[str, int]]  # `Terms`, or the plain dicts workers return


def kind_terms(counts: CountedTerms, kind: str) -> dict[str, None]:
    """The distinct terms of one kind ("stems" or "entities") over all fields: what an
    article counts into that kind's document frequencies. The body's come first, in its
    order, so the numbers and idfs of a body's terms are the first of the kind's
    (`StoryClusterer.prepare_counted` weighs the body from them)."""
    seen = dict.fromkeys(counts.get(f"body:{kind}", ()))
    for name in FIELDS:
        if name != "body":
            seen.update(dict.fromkeys(counts.get(f"{name}:{kind}", ())))
    return seen


def _count_chunk(
    lead_words: int, use_entities: bool, articles: list[Article]
) -> list[CountedTerms]:
    """`article_terms` of a chunk, as plain dicts (they pickle back faster than Counters)."""
    return [
        {key: dict(counts) for key, counts in article_terms(a, lead_words, use_entities).items()}
        for a in articles
    ]


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class TermCounting:
    """`article_terms` of article batches, counted in worker processes, in batch order.

    An article's terms depend on nothing but the article, so tokenising (the largest
    order-independent cost of the stories stage) runs on the other cores while the caller
    does the order-dependent part. Workers are forked once, on the first batch of at least
    `min_batch` articles, and live until `close`; smaller batches, and `workers` below 2,
    are counted in this process. Both ways give the same counts.
    """

    def __init__(
        self, lead_words: int, use_entities: bool, workers: int, min_batch: int, chunk: int
    ) -> None:
        self.lead_words = lead_words
        self.use_entities = use_entities
        self.count = partial(_count_chunk, lead_words, use_entities)
        self.workers = workers
        self.min_batch = min_batch
        self.chunk = chunk
        self.pool: Pool | None = None

    def counts(self, articles: Sequence[Article], fork: bool = True) -> Iterator[CountedTerms]:
        """Each article's term counts, in order; the workers start on the whole batch at
        once and run ahead of the consumer. With `fork` false, workers not yet started are
        not started (a process that has loaded a model since should not fork)."""
        if self.workers < 2 or len(articles) < self.min_batch or (self.pool is None and not fork):
            return (article_terms(a, self.lead_words, self.use_entities) for a in articles)
        if self.pool is None:
            # fork: workers start at once and inherit the stemmer's code and caches; they
            # only tokenise, so they touch none of the parent's other state.
            self.pool = multiprocessing.get_context("fork").Pool(self.workers)
        # The caller waits for the first chunk alone, so it is a fifth of the others.
        first = max(1, self.chunk // 5)
        starts = [0, *range(first, len(articles), self.chunk), len(articles)]
        chunks = [list(articles[a:b]) for a, b in itertools.pairwise(starts)]
        return itertools.chain.from_iterable(self.pool.imap(self.count, chunks))

    def close(self) -> None:
        """Stop the workers (a later batch forks new ones)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


__all__ = [
    "FIELDS",
    "KINDS",
    "STOPWORDS",
    "CountedTerms",
    "TermCounting",
    "article_terms",
    "default_workers",
    "entities",
    "kind_terms",
    "lead_text",
    "stem",
    "stems",
]
