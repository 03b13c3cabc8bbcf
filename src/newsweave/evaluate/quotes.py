"""How well the quote ledger finds quotes and their speakers, measured on PolNeAR.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution in political news:
speech, but also beliefs ("thinks"), plans ("wants") and findings ("the poll shows"). The
ledger is about speech, so the gold set is the attributions whose cue is a verb of
communication (`SPEECH_CUES`, fixed from the verb classes of reported speech, not from what
the extractor finds), "according to", a speaker label ("Pence:") or whose content opens
with a quotation mark: direct, indirect and mixed quotes together. Each article counts once,
with the first annotator in file order (dev has 10 doubly annotated articles).

Matching, one to one, best overlap first, on character sets of content spans stripped of
surrounding quotation marks, punctuation and space (a discontinuous content is the union
of its spans):
- exact: the two sets are equal;
- overlap: the shared characters are at least half of each side, |P∩G| >= 0.5·max(|P|, |G|).
Speaker accuracy counts the overlap-matched pairs whose gold attribution has a source: the
predicted name is right when it shares a word (not a title or pronoun) with the gold source
text, or has the same words as it once case and articles are folded (organizations named by
title words only: "the White House", "AP"). When that text names nobody, it is compared
with what it refers to (`referent`): a relative pronoun ("O'Malley, who noted") with the
noun phrase it follows; a pronoun ("he") or a description whose capitals only qualify its
head ("The president", "the Russian leader") with the nearest earlier speech source that
does name someone, the speaker news style refers back to; with no such source the text as
written ("a spokesman") is the speaker.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.compare.quotes import (
    Attribution,
    QuoteSettings,
    attributions_of_doc,
    extract_attributions,
)
from newsweave.compare.speakers import PRONOUNS, TITLES, name_key
from newsweave.errors import InputError
from newsweave.ner import NerChoice, nlp_for

# Verbs of communication (Levin 1993, classes 37 and 48.1.2 "say", "tell", "manner of
# speaking", "complain", "advise", "announce") in the forms PolNeAR's cues are written in.
SPEECH_CUES = frozenset(
    """say tell add ask write note warn argue claim insist explain state tweet announce
    declare report respond reply acknowledge suggest admit comment remark continue conclude
    recall testify vow promise pledge predict complain concede caution contend maintain deny
    confirm emphasize emphasise stress mention repeat reiterate quip joke shout yell cry boast
    urge tout describe call post speak assert allege charge point answer proclaim threaten
    insinuate lament observe counter retort concur agree disagree advise inform assure
    announce disclose reveal estimate""".split()
)
_STRIP = " \t\n\"'“”‘’«».,;:!?—–-()[]"
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_OPEN_QUOTE = re.compile(r"^\s*(?:''|[\"“‘])")
_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "replied": "reply",
    "replies": "reply",
    "denied": "deny",
    "denies": "deny",
    "cried": "cry",
    "testified": "testify",
    "testifies": "testify",
    "implied": "imply",
}


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One annotated speech attribution: content character set and its source text."""

    chars: frozenset[int]
    source: str | None
    source_start: int
    direct: bool
    # Whom a source that names nobody refers to, when the article tells (see `referent`).
    referent: str | None = None


def cue_lemmas(cue: str) -> set[str]:
    """Rough lemmas of the words of a cue ("has also said" -> {"have", "also", "say"})."""
    lemmas = set()
    for word in _WORD.findall(cue.lower()):
        if word in _IRREGULAR:
            lemmas.add(_IRREGULAR[word])
            continue
        lemmas.add(word)
        for suffix, repl in (
            ("ing", ""),
            ("ing", "e"),
            ("ed", ""),
            ("ed", "e"),
            ("es", ""),
            ("s", ""),
            ("d", ""),
        ):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                lemmas.add(word[: -len(suffix)] + repl)
                stem = word[: -len(suffix)]
                if len(stem) > 2 and stem[-1] == stem[-2]:  # "quipped" -> "quip"
                    lemmas.add(stem[:-1])
    return lemmas


def is_speech(attribution: dict[str, Any]) -> bool:
    """Whether a PolNeAR attribution reports speech (see the module docstring)."""
    cue = " ".join(s["text"] for s in attribution["cue"])
    if "according to" in cue.lower() or cue.strip() in (":", "―", "—", "-"):
        return True
    if cue_lemmas(cue) & SPEECH_CUES:
        return True
    content = attribution["content"]
    return bool(content) and bool(_OPEN_QUOTE.match(content[0]["text"]))


def load_polnear(data_dir: Path, compartment: str = "dev") -> list[dict[str, Any]]:
    """PolNeAR rows of one compartment, one per article (the first annotator in file order)."""
    path = data_dir / "attributions.jsonl" if data_dir.is_dir() else data_dir
    if not path.is_file():
        nested = data_dir / "polnear-dev" / "attributions.jsonl"
        if not nested.is_file():
            raise InputError(
                str(path),
                "PolNeAR attributions.jsonl not found; pass --data ../shared/data/polnear-dev",
            )
        path = nested
    rows, seen = [], set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    str(path), f"not valid JSON ({error.msg})", f"line {number}"
                ) from error
            if row.get("compartment") != compartment or row["filename"] in seen:
                continue
            seen.add(row["filename"])
            rows.append(row)
    if not rows:
        raise InputError(str(path), f"no articles in compartment {compartment!r} (train, dev)")
    return rows


def stripped_chars(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Offsets of the characters of spans, surrounding quotation marks and punctuation removed."""
    chars: set[int] = set()
    for start, end in spans:
        while start < end and text[start] in _STRIP:
            start += 1
        while end > start and text[end - 1] in _STRIP:
            end -= 1
        chars.update(range(start, end))
    return frozenset(chars)


_RELATIVE_SOURCES = frozenset({"who", "which", "that", "whom"})
_ANTECEDENT = re.compile(r"([^.!?;:\n()“”\"]{1,120}?)[\s,—–-]*$")


def referent(
    text: str, source: str, source_start: int, named: Sequence[tuple[int, str]]
) -> str | None:
    """What a source that names nobody refers to, read off the text and its other sources.

    A relative pronoun ("Martin O'Malley, who noted ...") refers to the noun phrase it
    follows: the words before it back to the previous clause mark. A pronoun or a
    description ("he", "The Republican candidate") refers to the nearest earlier source of
    a speech attribution that names someone; `named` holds those (start, text) in any order.
    """
    if source.strip().casefold() in _RELATIVE_SOURCES:
        found = _ANTECEDENT.search(text, max(0, source_start - 120), source_start)
        words = found.group(1).split()[-8:] if found else []
        return " ".join(words) or None
    earlier = [(start, name) for start, name in named if start < source_start]
    return max(earlier)[1] if earlier else None


def gold_quotes(row: dict[str, Any]) -> list[GoldQuote]:
    """The speech attributions of one PolNeAR row."""
    text = row["text"]
    found = []
    named = []
    for attribution in row["attributions"]:
        written = " ".join(s["text"] for s in attribution["source"])
        if attribution["source"] and is_speech(attribution) and _names_someone(written):
            named.append((min(s["start"] for s in attribution["source"]), written))
    for attribution in row["attributions"]:
        if not attribution["content"] or not is_speech(attribution):
            continue
        spans = [(s["start"], s["end"]) for s in attribution["content"]]
        chars = stripped_chars(text, spans)
        if not chars:
            continue
        source = " ".join(s["text"] for s in attribution["source"]) or None
        source_start = min((s["start"] for s in attribution["source"]), default=spans[0][0])
        found.append(
            GoldQuote(
                chars,
                source,
                source_start,
                bool(_OPEN_QUOTE.match(text[spans[0][0] : spans[0][1]])),
                None
                if source is None or _names_someone(source)
                else referent(text, source, source_start, named),
            )
        )
    return found


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / max(len(a), len(b))


def match_quotes(
    predicted: Sequence[frozenset[int]], gold: Sequence[frozenset[int]], threshold: float = 0.5
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs, best overlap first."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if p & g:
                score = _overlap(p, g)
                if score >= threshold:
                    pairs.append((score, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def _name_words(text: str) -> set[str]:
    words = set()
    for word in _WORD.findall(text):
        low = word.casefold().rstrip("'’s") if word.endswith(("'s", "’s")) else word.casefold()
        if low in PRONOUNS or low in TITLES or len(low) < 3:
            continue
        if low in (
            "the",
            "and",
            "for",
            "his",
            "her",
            "its",
            "their",
            "who",
            "with",
            "from",
            "this",
            "that",
        ):
            continue
        words.add(low)
    return words


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})


def _names_someone(text: str) -> bool:
    """Whether a source text holds a name: "The president" and "He" name nobody, nor does a
    description whose capitals only qualify its head ("the Russian leader", "The Republican
    candidate", "the independent Vermont senator"): it opens with a determiner and its last
    word is lower-case."""
    words = _WORD.findall(text)
    if words and words[0].casefold() in _DETERMINERS and words[-1].islower():
        return False
    return any(w[0].isupper() and w.casefold() not in PRONOUNS | _DETERMINERS for w in words)


def _same_words(a: str, b: str) -> bool:
    """ "The White House" and "White House": the same words once case and articles are folded."""
    words_a = [w.casefold() for w in _WORD.findall(a) if w.casefold() not in _DETERMINERS]
    words_b = [w.casefold() for w in _WORD.findall(b) if w.casefold() not in _DETERMINERS]
    return bool(words_a) and words_a == words_b


def speaker_correct(predicted: str | None, gold: GoldQuote, golds: Sequence[GoldQuote]) -> bool:
    """The fair speaker rule of the module docstring."""
    if not predicted or gold.source is None:
        return False
    mine = set(name_key(predicted)) | _name_words(predicted)
    if mine & _name_words(gold.source):
        return True
    if _names_someone(gold.source):
        return _same_words(predicted, gold.source)
    if gold.referent is not None:
        return bool(mine & _name_words(gold.referent))
    earlier = [
        g
        for g in golds
        if g.source and g.source_start < gold.source_start and _names_someone(g.source)
    ]
    if not earlier:
        # nobody named before: the source as written is all there is ("a spokesman")
        return _same_words(predicted, gold.source)
    antecedent = max(earlier, key=lambda g: g.source_start)
    return bool(mine & _name_words(antecedent.source or ""))


def _attributions(
    rows: Sequence[dict[str, Any]], settings: QuoteSettings, nlp: Any | None
) -> Iterator[list[Attribution]]:
    if nlp is None:
        for row in rows:
            yield extract_attributions(row["text"], settings)
        return
    for row, doc in zip(
        rows, nlp.pipe((r["text"] for r in rows), batch_size=settings.nlp_batch_size), strict=True
    ):
        yield attributions_of_doc(row["text"], doc, settings)


def evaluate_quotes(
    data_dir: Path,
    compartment: str = "dev",
    settings: QuoteSettings = QuoteSettings(),
    ner: NerChoice = "auto",
) -> dict[str, Any]:
    """Quote content precision/recall/F1 (overlap and exact) and speaker accuracy on PolNeAR.

    `ner`: "spacy" needs the `nlp` extra, "none" uses the capitalized-name fallback, "auto"
    uses spaCy when installed; the result says which was used.
    """
    rows = load_polnear(Path(data_dir), compartment)
    nlp = nlp_for(ner)
    counts = {
        "gold": 0,
        "predicted": 0,
        "matched": 0,
        "exact": 0,
        "speaker_pairs": 0,
        "speaker_right": 0,
    }
    direct_gold = direct_found = 0
    began = time.perf_counter()
    for row, attributions in zip(rows, _attributions(rows, settings, nlp), strict=True):
        text = row["text"]
        golds = gold_quotes(row)
        predicted = [a for a in attributions]
        p_chars = [stripped_chars(text, a.content) for a in predicted]
        keep = [i for i, c in enumerate(p_chars) if c]
        predicted = [predicted[i] for i in keep]
        p_chars = [p_chars[i] for i in keep]
        g_chars = [g.chars for g in golds]
        counts["gold"] += len(golds)
        counts["predicted"] += len(predicted)
        matched = match_quotes(p_chars, g_chars)
        counts["matched"] += len(matched)
        counts["exact"] += len(match_quotes(p_chars, g_chars, threshold=1.0))
        direct_gold += sum(g.direct for g in golds)
        direct_found += sum(golds[j].direct for _, j in matched)
        for i, j in matched:
            if golds[j].source is None:
                continue
            counts["speaker_pairs"] += 1
            counts["speaker_right"] += speaker_correct(predicted[i].speaker, golds[j], golds)
    seconds = time.perf_counter() - began
    result: dict[str, Any] = {"data": "PolNeAR", "compartment": compartment, "articles": len(rows)}
    result["ner"] = (
        "spacy en_core_web_sm 3.8.0 (entities and dependency parse)"
        if nlp is not None
        else "capitalized-name fallback"
    )
    result.update(counts)
    result.update(_prf(counts["matched"], counts["predicted"], counts["gold"], ""))
    result.update(_prf(counts["exact"], counts["predicted"], counts["gold"], "_exact"))
    result["speaker_accuracy"] = (
        round(counts["speaker_right"] / counts["speaker_pairs"], 4)
        if counts["speaker_pairs"]
        else 0.0
    )
    result["direct_recall"] = round(direct_found / direct_gold, 4) if direct_gold else 0.0
    result["seconds"] = round(seconds, 2)
    result["ms_per_article"] = round(1000 * seconds / len(rows), 2)
    return result


def _prf(hits: int, predicted: int, gold: int, suffix: str) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        f"content_precision{suffix}": round(precision, 4),
        f"content_recall{suffix}": round(recall, 4),
        f"content_f1{suffix}": round(f1, 4),
    }


def render_quote_table(result: dict[str, Any]) -> str:
    """The evaluation as a small plain-text table for the terminal."""
    lines = [
        f"quotes on {result['data']} {result['compartment']} ({result['articles']} articles, "
        f"{result['gold']} gold quotes, names: {result['ner']})",
        f"{'match':<10}{'precision':>10}{'recall':>10}{'F1':>10}",
        f"{'overlap':<10}{result['content_precision']:>10.3f}{result['content_recall']:>10.3f}{result['content_f1']:>10.3f}",
        f"{'exact':<10}{result['content_precision_exact']:>10.3f}{result['content_recall_exact']:>10.3f}"
        f"{result['content_f1_exact']:>10.3f}",
        f"speaker accuracy on matched quotes: {result['speaker_accuracy']:.3f} "
        f"({result['speaker_pairs']} pairs)",
        f"direct-quote recall: {result['direct_recall']:.3f}; "
        f"{result['ms_per_article']} ms an article",
    ]
    return "\n".join(lines)


__all__ = [
    "SPEECH_CUES",
    "GoldQuote",
    "cue_lemmas",
    "evaluate_quotes",
    "gold_quotes",
    "is_speech",
    "load_polnear",
    "match_quotes",
    "referent",
    "render_quote_table",
    "speaker_correct",
    "stripped_chars",
]
