"""The stories stage over a store: the seed story, and incremental runs against one run."""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

import newsweave
from newsweave.evaluate.metrics import bcubed
from newsweave.evaluate.stories import load_story_dataset
from newsweave.ingest import read_articles
from newsweave.records import Article
from newsweave.report.export import article_export_row
from newsweave.stories import StoryClusterer, StorySettings, cluster_stories
from newsweave.stories.clusterer import stream_key
from newsweave.stories.run import must_link

SAMPLE_CORPUS = Path(__file__).parents[2] / "samples" / "corpus"

UNRELATED = (
    "Title: Vellis ferry fares to rise in June\nOutlet: Saltmere Gazette\nDate: 2025-03-14\n\n"
    "The ferry company serving Vellis island will raise fares by eight percent from June, it "
    "said on Friday, blaming fuel costs and a new harbour levy.\n\n"
    "Islanders said the rise would hit commuters hardest. The company said season tickets "
    "would rise by less than single fares.\n"
)


def test_seed_pair_is_one_story_and_an_unrelated_report_is_not_in_it(
    tmp_path: Path, seed_paths: dict[str, Path]
) -> None:
    (tmp_path / "ferry.txt").write_text(UNRELATED)
    with newsweave.open(tmp_path / "n.db") as nw:
        nw.ingest(*seed_paths.values(), tmp_path / "ferry.txt")
        nw.reuse()
        nw.stories()
        stories = nw.stories_list()
        ferry = next(a for a in nw.articles() if a.outlet == "Saltmere Gazette")
    assert len(stories) == 2
    [seed_story] = [s for s in stories if ferry.id not in s.article_ids]
    assert len(seed_story.members) == 2


def _partition(nw: newsweave.Newsweave) -> dict[str, str]:
    return {a: story.id for story in nw.stories_list() for a in story.article_ids}


def test_articles_arriving_week_by_week_give_the_stories_of_one_run(tmp_path: Path) -> None:
    """A feed delivers articles as they are published: four weekly runs against one run."""
    articles = sorted(
        (a for a in read_articles([SAMPLE_CORPUS]) if isinstance(a, Article)),
        key=lambda a: a.published or "",
    )
    weeks: dict[str, list[Article]] = {}
    for article in articles:
        weeks.setdefault(f"week{int((article.published or '2031-05-01')[8:10]) // 7}", []).append(
            article
        )
    for week, members in weeks.items():
        (tmp_path / week).mkdir()
        with open(tmp_path / week / "articles.jsonl", "w") as handle:
            handle.writelines(json.dumps(article_export_row(a)) + "\n" for a in members)
    with newsweave.open(tmp_path / "one.db") as nw:
        nw.ingest(*(tmp_path / week for week in sorted(weeks)))
        nw.reuse()
        nw.stories()
        once = _partition(nw)
    with newsweave.open(tmp_path / "steps.db") as nw:
        for week in sorted(weeks):
            nw.ingest(tmp_path / week)
            nw.reuse()
            nw.stories()
        steps = _partition(nw)
        assert nw.stories().articles == 0
    ids = sorted(once)
    assert sorted(steps) == ids and len(weeks) >= 3
    assert adjusted_rand_score([once[i] for i in ids], [steps[i] for i in ids]) >= 0.95


def test_rebuild_regroups_the_archive_and_later_runs_continue_from_it(
    tmp_path: Path, shared_data: Path
) -> None:
    basil = load_story_dataset(shared_data / "basil-dev")
    chosen = sorted(
        (a for a in basil.articles if (a.published or "")[:4] in ("2016", "2017")),
        key=stream_key,
    )
    gold = {a.url: basil.gold[a.id] for a in chosen}
    early, late = chosen[:-6], chosen[-6:]
    for name, part in (("early", early), ("late", late)):
        with open(tmp_path / f"{name}.jsonl", "w") as handle:
            handle.writelines(json.dumps(article_export_row(a)) + "\n" for a in part)
    settings = StorySettings(use_embeddings=False)

    def scores(nw: newsweave.Newsweave) -> tuple[float, float]:
        url = {a.id: a.url for a in nw.articles()}
        predicted = {url[a]: story for a, story in _partition(nw).items()}
        precision, recall, _ = bcubed(predicted, gold)
        return precision, recall

    with newsweave.open(tmp_path / "n.db") as nw:
        nw.ingest(tmp_path / "early.jsonl")
        nw.stories(settings)
        streamed = scores(nw)
        report = nw.stories(settings, rebuild=True)
        stored = list(nw.articles())
        batch = cluster_stories(stored, settings, must_link(nw.store, stored))
        rebuilt = _partition(nw)
        assert report.articles == len(early)
        assert {frozenset(s.article_ids) for s in batch} == {
            frozenset(s.article_ids) for s in nw.stories_list()
        }
        assert scores(nw)[0] == 1.0 and scores(nw)[1] >= streamed[1]
        nw.ingest(tmp_path / "late.jsonl")
        assert nw.stories(settings).articles == len(late)
        final = _partition(nw)
    # Later articles join the rebuilt stories or open new ones; none is torn apart.
    assert {a: final[a] for a in rebuilt} == rebuilt
    assert len(final) == len(chosen)


def test_the_merge_step_joins_the_streams_split_stories_in_the_store(
    tmp_path: Path, shared_data: Path
) -> None:
    """`stories --merge` in a later run reads the active stories' articles back from the
    store and joins what the stream split, as the clusterer does in memory."""
    data = load_story_dataset(shared_data / "allsides-neus", "train")
    events = set(list(dict.fromkeys(data.gold.values()))[:60])
    with open(tmp_path / "allsides.jsonl", "w") as handle:
        handle.writelines(
            json.dumps(article_export_row(a)) + "\n"
            for a in data.articles
            if data.gold[a.id] in events
        )
    settings = StorySettings(use_embeddings=False)
    with newsweave.open(tmp_path / "n.db") as nw:
        nw.ingest(tmp_path / "allsides.jsonl")
        nw.stories(settings)
        streamed = _partition(nw)
        report = nw.stories(settings, merge=True)
        merged = _partition(nw)
        stored = list(nw.articles())
    with StoryClusterer(settings) as clusterer:
        clusterer.add(sorted(stored, key=stream_key))
        clusterer.merge_by_articles(stored)
        expected = {a: s.id for s in clusterer.stories() for a in s.article_ids}
    assert merged == expected
    assert set(merged) == {a.id for a in stored}
    assert report.merged == len(set(streamed.values())) - len(set(merged.values())) > 0


def test_with_merge_stories_are_merged_before_they_close(tmp_path: Path, shared_data: Path) -> None:
    """BASIL's events are weeks apart, so each event's stories close long before a run
    ends; with `merge` the active stories are merged as some are about to close (base
    model: BCubed F1 .973 -> .985), and when they last were is kept with the state."""
    basil = load_story_dataset(shared_data / "basil-dev")
    with open(tmp_path / "basil.jsonl", "w") as handle:
        handle.writelines(json.dumps(article_export_row(a)) + "\n" for a in basil.articles)
    gold = {a.url: basil.gold[a.id] for a in basil.articles}
    settings = StorySettings(use_embeddings=False)
    scores = {}
    for merge in (False, True):
        with newsweave.open(tmp_path / f"{merge}.db") as nw:
            nw.ingest(tmp_path / "basil.jsonl")
            report = nw.stories(settings, merge=merge)
            url = {a.id: a.url for a in nw.articles()}
            scores[merge] = bcubed({url[a]: s for a, s in _partition(nw).items()}, gold)
            with StoryClusterer.load(nw.store.conn, settings) as clusterer:
                merged_at = clusterer.merged_at
    assert report.merged > 0 and merged_at is not None
    assert scores[True][0] == 1.0
    assert scores[True][2] > scores[False][2] + 0.01


def test_batch_mode_read_from_the_store_in_small_chunks_gives_the_stories_of_one_list(
    tmp_path: Path, shared_data: Path, monkeypatch
) -> None:
    """Rebuilding reads the archive pass by pass from the store (`StoredArchive`); cutting
    every pass into chunks of a few articles changes nothing."""
    import newsweave.stories.clusterer as clusterer_module
    from newsweave.stories.clusterer import cluster_in_order
    from newsweave.stories.run import StoredArchive

    basil = load_story_dataset(shared_data / "basil-dev")
    chosen = [a for a in basil.articles if (a.published or "")[:4] in ("2016", "2017")]
    with open(tmp_path / "basil.jsonl", "w") as handle:
        handle.writelines(json.dumps(article_export_row(a)) + "\n" for a in chosen)
    settings = StorySettings(use_embeddings=False)
    with newsweave.open(tmp_path / "n.db") as nw:
        nw.ingest(tmp_path / "basil.jsonl")
        stored = list(nw.articles())
        whole = cluster_stories(stored, settings)
        archive = StoredArchive(nw.store, chunk=5)
        assert [a.id for a in archive] == [a.id for a in sorted(stored, key=stream_key)]
        monkeypatch.setattr(clusterer_module, "REPLAY_CHUNK", 7)
        pieces = cluster_in_order(archive, settings)
    assert len(stored) > 20
    assert [(s.id, s.article_ids) for s in pieces] == [(s.id, s.article_ids) for s in whole]
    assert [[m.score for m in s.members] for s in pieces] == [
        [m.score for m in s.members] for s in whole
    ]
