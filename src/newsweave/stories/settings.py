"""Parameters of the stories stage, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StorySettings:
    """How articles are grouped into stories.

    The shape follows Miranda et al. (EMNLP 2018, "Multilingual Clustering of Streaming
    News"): per-field TF-IDF similarities and Gaussian time features between an article and
    each candidate story, then a learned join-or-new decision. Values marked "dev" were
    chosen by cross-validation on BASIL dev and AllSides train (`stories.train`); one setting
    serves every data set, with no per-set retuning.
    """

    # Width (standard deviation, days) of the Gaussian time features. Miranda et al. use
    # about three days; BASIL's triplets span 0 to 4 days.
    time_scale_days: float = 3.0
    # A story whose newest article is this many days older than the newest article seen is
    # closed: it leaves memory and can no longer be joined. Three time scales, where the
    # Gaussian weight has fallen below 1%.
    active_days: float = 9.0
    # Join probability an article needs to join its best candidate, and that two stories
    # need to be merged by `StoryClusterer.merge`. None uses the thresholds stored with the
    # model, chosen by cross-validation on the dev sets (`stories.train.cross_validate`).
    join_threshold: float | None = None
    merge_threshold: float | None = None
    # How many candidate stories, found through the term index, the model scores per article.
    candidates: int = 12
    # How many of an article's highest-weighted terms query the index of story terms, and
    # how many it adds to the index of the story it joins.
    query_terms: int = 16
    # Words of the body that form the "lead" field (a news lead is one or two sentences).
    lead_words: int = 60
    # Terms whose index entry covers more active stories than this are too common to find
    # candidates with (they still count in the similarities). It bounds the cost of the
    # candidate search on a dense stream (bench/stories.py: a popular topic's words reach
    # thousands of open stories at 1M articles a month); the dev sets never reach it (BASIL
    # has 60 stories, AllSides val 307), so it was not tuned on them.
    max_postings: int = 500
    # Named entities as a separate representation (capitalised phrases; no model needed).
    use_entities: bool = True
    # Dense sentence embeddings (the `semantic` extra) as one more feature; None uses them
    # when installed, True requires them, False never loads them.
    use_embeddings: bool | None = None
    # Path of a weights file from `train_story_model`; None uses the weights shipped with
    # newsweave.
    model_path: str | None = None
    # Regrouping (`stories.regroup`), a second pass over a window's articles: stories are
    # rebuilt by average linkage over the join model's article-to-article probabilities.
    # Two groups become one while the mean probability over their member pairs is at least
    # `regroup_threshold`; each article is paired with at most `candidates` earlier articles
    # of the window (found through the term index), and pairs below
    # `regroup_min_probability` are dropped (they barely move a mean, and dropping them keeps
    # memory at a few pairs per article). Each pair's probability p is first weighed by how
    # near it comes to the best pair of one of its articles, p * (p / best) **
    # `regroup_relative_power` (`regroup.relative_to_best`; 0 leaves it as it is).
    # Both were chosen by `stories.train.cross_validate_regroup` (4 folds, BASIL dev +
    # AllSides train, mean BCubed F1; thresholds 0.01/0.02/0.03/0.05/0.075/0.1/0.15):
    #   semantic, power 0: .858/.885/.900/.913/.912/.910/.903
    #             power 1: .905/.919/.924/.927/.919/.916/.901
    #             power 2: .918/.927/.930/.931/.920/.911/.900
    #             power 3: .924/.930/.933/.932/.920/.911/.895
    #   base,     power 0: .839/.874/.889/.903/.905/.898/.889
    #             power 1: .890/.907/.914/.919/.911/.901/.888
    #             power 3: .907/.918/.920/.919/.912/.898/.887
    # The dev events are triplets, and higher powers go on gaining there because they favour
    # an article's one or two best partners; a story of dozens of articles then splits (the
    # generated month of `bench/stories.py`, 10,000 articles, batch mode: BCubed F1 .987
    # unweighed, .984 at power 1 and threshold 0.05, .960 at power 2). Power 1 is kept, and
    # at power 1 both models do best at 0.05.
    regroup_threshold: float = 0.05
    regroup_relative_power: float = 1.0
    regroup_min_probability: float = 0.01
    # Key terms kept on each story record.
    key_terms: int = 8
    # Speed only: the stories are the same whatever these are (tests/stories). Worker
    # processes tokenise articles while this process assigns them in order; None uses
    # every CPU this process may run on, 1 tokenises in-process. Batches smaller than
    # `parallel_min_batch` are tokenised in-process, as forking the workers (once, at the
    # first large batch) took about 0.15 s here. Workers take `parallel_chunk` articles
    # per task, so pickling costs little and the first results come back early. Chosen,
    # not tuned: tokenising is about a fifth of the work (bench/stories.py, cProfile).
    workers: int | None = None
    parallel_min_batch: int = 200
    parallel_chunk: int = 50


__all__ = ["StorySettings"]
