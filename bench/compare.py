"""Benchmark: compare a story of 50 versions of one wire story (target: under 5 seconds).

The story is generated from a fictional wire report: verbatim reprints, reprints cut
short, and rewrites that reword sentences, change numbers and dates, add a local angle
and drop paragraphs, as outlets do with agency copy.

    .venv/bin/python bench/compare.py --articles 50 --repeat 3 [--ner none|spacy]

With `--ner spacy` (what `newsweave compare` does where the nlp extra is installed) it also
times loading the model once, and compares with the readings a store keeps after the first
run (`Store.readings`), as a report or page view after the first does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from newsweave.compare import compare_articles
from newsweave.records import Article, make_article

WIRE = [
    "The port authority of Halden said on Tuesday that it would close its northern container "
    "terminal for six weeks from March 3 to repair storm damage to two of its cranes.",
    "The closure will divert about 40 ships a week to the southern terminal, which handled "
    "1.2 million containers last year, according to figures released by the authority.",
    "Shipping lines warned that the move could add up to three days to delivery times for "
    "goods bound for inland warehouses in the region.",
    '"We have no choice but to carry out the repairs now, before the spring season begins," '
    "port director Maria Lindqvist told reporters at a briefing in the harbour office.",
    '"Every week we wait makes the damage worse and the eventual closure longer."',
    "The storm that struck the coast on February 11 brought gusts of 140 km per hour and "
    "tore the roof off a warehouse near the terminal gate.",
    "Insurers have estimated the total cost of the storm damage at 85 million euros, the "
    "regional chamber of commerce said in a statement.",
    "Lindqvist said the authority had agreed with the main shipping lines on a temporary "
    "schedule, though talks with smaller operators were still under way.",
    "The Transport Ministry said it supported the decision and would review the port's "
    "request for emergency funding next week.",
    "Trade unions representing dock workers said none of the 600 staff at the northern "
    "terminal would lose pay during the closure.",
    "Some workers will be moved to the southern terminal, while others will help with the "
    "repairs, a union spokesman said.",
    "Halden is the country's third-largest port and a key gateway for timber and paper "
    "exports to western Europe.",
    "Exporters said they were likely to shift some cargo to the rival port of Varberg, "
    "which has spare capacity after a fall in traffic last year.",
    "The port authority said the new cranes ordered in 2023 would arrive in late autumn, "
    "allowing the terminal to expand its capacity by a fifth.",
    "Analysts at Nordbank said the closure would have only a limited effect on the regional "
    "economy, as most exporters had built up stocks ahead of the winter.",
    '"The real test comes if the repairs run over schedule," said Nordbank analyst Erik Holm. '
    '"A delay into the summer would be much more costly."',
    "The authority said it would publish weekly updates on the progress of the repairs on "
    "its website.",
    "Local officials said road traffic around the southern terminal would be rerouted to "
    "ease congestion in the town centre.",
    "The last major closure at the port, in 2019, lasted four weeks and followed a fire in "
    "a fuel depot.",
    "Shares in Halden Logistics, the terminal's main operator, fell 2.4 percent on the news "
    "before recovering in afternoon trading.",
]

REWORDINGS = [
    ("said on Tuesday", "announced on Tuesday"),
    ("would close", "is to close"),
    ("warned that", "cautioned that"),
    ("told reporters", "said"),
    ("had agreed with", "had reached an agreement in principle with"),
    ("supported the decision", "broadly supported the decision"),
    ("were likely to", "might"),
    ("limited effect", "modest effect"),
    ("which has spare capacity", "that has spare capacity"),
    ("six weeks", "seven weeks"),
    ("about 40 ships", "more than 40 ships"),
    ("February 11", "February 12"),
    ("85 million euros", "90 million euros"),
    ("Transport Ministry", "Ministry of Transport"),
]

LOCAL_ANGLES = [
    "Hauliers in the district said they had already been told to expect longer queues at the "
    "southern gate from next month.",
    "The town council will hold an extraordinary meeting on Thursday to discuss the traffic plan.",
    "A spokeswoman for the largest paper mill in the area said its exports would not be affected.",
    "Residents near the southern terminal have complained about night-time noise in the past.",
]

OUTLETS = ["Wire", "Coast Daily", "Harbour News", "Nordic Trade", "Evening Post", "Valley Herald"]


def story(count: int, seed: int = 7) -> list[Article]:
    """A fictional story: the wire report, then reprints, cut reprints and rewrites."""
    rng = random.Random(seed)
    articles = [_version(WIRE, "Wire", 0)]
    for n in range(1, count):
        body = list(WIRE)
        style = n % 3
        if style >= 1:
            body = body[: rng.randint(10, len(body))]
        if style == 2:
            for old, new in rng.sample(REWORDINGS, k=5):
                body = [p.replace(old, new) for p in body]
            for _ in range(rng.randint(1, 3)):
                del body[rng.randrange(3, len(body))]
            body.insert(rng.randint(2, len(body)), rng.choice(LOCAL_ANGLES))
        articles.append(_version(body, f"{OUTLETS[n % len(OUTLETS)]} {n}", n))
    return articles


def _version(body: list[str], outlet: str, n: int) -> Article:
    hour = 6 + n % 12
    return make_article(
        body,
        outlet=outlet,
        title=f"Halden port to close northern terminal ({outlet})",
        published=f"2025-02-{18 + n // 12:02d}T{hour:02d}:00:00+00:00",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ner", choices=("none", "spacy"), default="none")
    args = parser.parse_args()
    articles = story(args.articles)
    sentences = sum(len(a.body) for a in articles)
    nlp = None
    if args.ner == "spacy":
        from newsweave.ner import nlp_for

        started = time.perf_counter()
        nlp = nlp_for("spacy")
        print(f"spaCy model loaded once in {time.perf_counter() - started:.2f} s")
    timings, kept = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        comparison = compare_articles(articles, nlp=nlp)  # nothing read before: all parsed
        timings.append(time.perf_counter() - started)
    if nlp is not None:
        readings: dict[str, bytes] = {}
        compare_articles(articles, nlp=nlp, readings=readings)
        for _ in range(args.repeat):
            started = time.perf_counter()
            compare_articles(articles, nlp=nlp, readings=readings)
            kept.append(time.perf_counter() - started)
    print(
        f"{len(articles)} articles, {sentences} paragraphs, quotes read by {args.ner}: "
        f"compare_articles first (cold) run {timings[0]:.2f} s, median "
        f"{statistics.median(timings):.2f} s over {args.repeat} runs; {len(comparison.shared)} "
        f"shared claims, {len(comparison.changes)} changes, {len(comparison.quotes)} ledger entries"
    )
    if kept:
        print(f"with the readings kept: median {statistics.median(kept):.2f} s")


if __name__ == "__main__":
    main()
