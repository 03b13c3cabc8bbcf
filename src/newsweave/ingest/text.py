"""A plain-text news article as an Article: body apart from bylines, captions and tags.

Plain text is what every other reader comes down to (HTML, JSON Lines and feeds pass their
extracted main text here), so the heuristics must be safe on text that has none of the parts
they look for. Each is a small pure function over one paragraph:

- front matter: `Key: value` lines at the top (title, outlet, date, url, byline, dateline);
- date fields: `Published: March 14, 2025`, `Updated 14 Mar 2025 10:31 GMT`, a `date
  2025-03-14` run into the first paragraph; normalized to ISO 8601;
- bylines (`By A, B and C, Reuters`) and credit trailers (`Reporting by X; Editing by Y`);
- agency tags (`- Reuters`, `(AP)`, `(c) 2025 Reuters`) and datelines (`LONDON, March 3
  (Reuters) -`, `PARIS (AFP) —`, `MOSCOW:`);
- photo captions (a credit: `Photo: AFP / Pool`, `REUTERS/Name`, `(AP Photo/Name)`);
- key-point bullets and subheads (short unpunctuated lines between body paragraphs).

Known metadata from the caller wins over every heuristic; heuristics only fill the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsweave.records import Article, make_article

# --------------------------------------------------------------------------- agencies

# Wire agencies and syndicates by every spelling seen in bylines, tags and datelines,
# mapped to the short name newsrooms use for them (their own style guides' short forms).
AGENCIES: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "reuters news agency": "Reuters",
    "reuters breakingviews": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "cna": "CNA",
    "channel newsasia": "CNA",
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "jiji": "Jiji Press",
    "jiji press": "Jiji Press",
    "yonhap": "Yonhap",
    "yonhap news agency": "Yonhap",
    "dpa": "dpa",
    "deutsche presse-agentur": "dpa",
    "ansa": "ANSA",
    "efe": "EFE",
    "agencia efe": "EFE",
    "europa press": "Europa Press",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "interfax": "Interfax",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ians": "IANS",
    "ani": "ANI",
    "bernama": "Bernama",
    "antara": "Antara",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "pa": "PA Media",
    "pa media": "PA Media",
    "press association": "PA Media",
    "aap": "AAP",
    "australian associated press": "AAP",
    "the canadian press": "Canadian Press",
    "canadian press": "Canadian Press",
    "dow jones": "Dow Jones",
    "dow jones newswires": "Dow Jones",
    "lusa": "Lusa",
    "belga": "Belga",
    "anp": "ANP",
    "ritzau": "Ritzau",
    "pap": "PAP",
    "ukrinform": "Ukrinform",
    "kuna": "KUNA",
    "wam": "WAM",
    "irna": "IRNA",
    "bernama news agency": "Bernama",
}
# A name with one of these words is an organisation, not a person (the general rule for
# outlets missing from AGENCIES: "Daily Planet Times", "Metro News Service").
ORG_WORDS = frozenset(
    """news press times post wire wires newswire newswires agency service media network
    networks journal herald tribune gazette daily telegraph chronicle courier inquirer radio
    television tv broadcasting bureau magazine weekly monitor dispatch sentinel syndicate
    newspaper newspapers group""".split()
)
# Job titles that follow a byline ("Jane Doe, Staff Writer"); dropped, not taken as names.
ROLE_WORDS = frozenset(
    """writer writers correspondent correspondents reporter reporters editor editors
    contributor contributors staff columnist columnists analyst producer photographer
    chief""".split()
)
# Labels and acronyms that open a line in capitals without being a dateline ("BREAKING:",
# "NATO: allies meet"); a dateline needs a city, and a gazetteer is not worth its weight here.
_NOT_DATELINES = frozenset(
    """update updated updates breaking news exclusive analysis opinion editorial watch live
    correction corrected clarification factbox explainer note editor's editors' urgent flash
    alert photos photo video warning review comment interview feature timeline graphic
    graphics q&a refile repeat wrapup advisory nato opec asean nasa unicef unesco fifa uefa
    who imf fbi cia eu un us uk usa gop covid""".split()
)
_WEEKDAYS_AND_MONTHS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|ud|ul)-(?=[A-Z])")
_NAME_PARTICLES = frozenset(
    "de da di do du dos das del della der den van von ter ten la le al el bin ibn ben y e".split()
)


def canonical_agency(name: str) -> str | None:
    """The short name of a known wire agency ("The Associated Press" → "AP"), else None."""
    return AGENCIES.get(_SPACE.sub(" ", name.strip(" .,;:")).casefold())


def outlet_name(name: str) -> str | None:
    """`name` as an outlet: a known agency, an acronym (CNN) or a name with an org word."""
    name = _SPACE.sub(" ", name.strip(" .,;:|"))
    known = canonical_agency(name)
    if known:
        return known
    if _ACRONYM.fullmatch(name):
        return name
    words = name.split()
    if not 0 < len(words) <= 6 or not any(w.casefold() in ORG_WORDS for w in words):
        return None
    if all(_capitalised(w) or w.casefold() in ("of", "the") for w in words):
        return name
    return None


def _is_proper_name(name: str) -> bool:
    """One to four capitalised words: a name of something, though not which kind."""
    words = name.split()
    return 0 < len(words) <= 4 and all(_capitalised(w) for w in words)


def is_person_name(name: str) -> bool:
    """Two to five capitalised words, particles allowed, no weekday, month or org word."""
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    capitalised = 0
    for word in words:
        folded = word.casefold()
        if folded in _NAME_PARTICLES:
            continue
        if not _capitalised(word) or folded.strip(".,") in _WEEKDAYS_AND_MONTHS:
            return False
        if folded in ORG_WORDS or folded in ROLE_WORDS or folded == "the":
            return False
        capitalised += 1
    return capitalised >= 2


def _capitalised(word: str) -> bool:
    """A name-like token: upper-case first letter, then letters, apostrophes, dots, hyphens.

    Arabic names keep a lower-case article joined by a hyphen: "al-Masri", "el-Sayed".
    """
    core = _ARTICLE_PREFIX.sub("", word.strip("'’"))
    if not core or not core[0].isupper():
        return False
    return all(ch.isalpha() or ch in "'’.-" for ch in core)


# --------------------------------------------------------------------------- dates

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Offsets of the zone abbreviations news sites print; ambiguous ones (IST) are left out.
ZONE_OFFSETS = {
    "gmt": "+00:00", "utc": "+00:00", "z": "+00:00", "bst": "+01:00", "cet": "+01:00",
    "cest": "+02:00", "eet": "+02:00", "eest": "+03:00", "msk": "+03:00", "est": "-05:00",
    "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00",
    "pst": "-08:00", "pdt": "-07:00", "sgt": "+08:00", "hkt": "+08:00", "jst": "+09:00",
    "kst": "+09:00", "aest": "+10:00", "aedt": "+11:00", "wib": "+07:00",
}  # fmt: skip
_ZONE = rf"(?:{'|'.join(sorted(ZONE_OFFSETS, key=len, reverse=True))})\b"
_OFFSET = r"[+-]\d{2}:?\d{2}"


def _time(p: str) -> str:
    """A clock time with optional am/pm and zone, its groups prefixed with p."""
    return (
        rf"(?P<{p}h>\d{{1,2}})[:.](?P<{p}min>\d{{2}})(?::\d{{2}})?\s*(?P<{p}ampm>[ap]\.?m\.?)?"
        rf"\s*(?:(?P<{p}zone>{_ZONE})\s*(?P<{p}zoff>{_OFFSET})?|(?P<{p}off>{_OFFSET}))?"
    )


DATE_PATTERN = re.compile(
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
    rf"(?:{_time('a')}\s*(?:,\s*|\s+on\s+)?)?"
    r"(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[T ](?P<ih>\d{2}):(?P<imin>\d{2})(?::\d{2}(?:\.\d+)?)?\s*"
    rf"(?P<iz>Z\b|[+-]\d{{2}}:?\d{{2}}|{_ZONE})?)?"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))\b"
    rf"(?:,?\s*(?:at\s+|-\s+)?{_time('b')})?",
    re.IGNORECASE,
)


def parse_date(text: str) -> str | None:
    """The first full date in text as ISO 8601, with time and offset when both are given.

    "March 14, 2025" → "2025-03-14"; "Updated 14 Mar 2025 10:31 GMT" → "2025-03-14T10:31:00+00:00".
    A time without a zone gives the date alone: a local time is not an instant. Dates
    without a year are not guessed.
    """
    for match in find_dates(text):
        found = _iso(match)
        if found:
            return found
    return None


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# How far a date may reach before and after its year ("Wednesday, 12:30 p.m. EDT, September 17,").
_DATE_REACH = 48


def find_dates(text: str) -> Iterator[re.Match[str]]:
    """Full dates in text, in order: DATE_PATTERN searched only around four-digit years.

    A year is in every full date, and searching the whole pattern at every position of a
    paragraph costs a hundred times more than finding the years first.
    """
    cursor = 0
    for year in _YEAR.finditer(text):
        if year.start() < cursor:
            continue
        start = max(cursor, year.start() - _DATE_REACH)
        end = min(len(text), year.end() + _DATE_REACH)
        while start < year.end():
            match = DATE_PATTERN.search(text, start, end)
            if match is None or match.start() > year.start():
                break
            start = match.end()
            if match.end() >= year.end():
                cursor = match.end()
                yield match
                break


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    try:
        if groups["iy"]:
            day = date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
            zone = groups["iz"]
            if groups["ih"] and zone:
                offset = ZONE_OFFSETS.get(zone.casefold()) or _colon(zone)
                return f"{day.isoformat()}T{int(groups['ih']):02d}:{groups['imin']}:00{offset}"
            return day.isoformat()
        if groups["m1"]:
            month, day_text, year = groups["m1"], groups["d1"], groups["y1"]
        else:
            month, day_text, year = groups["m2"], groups["d2"], groups["y2"]
        day = date(int(year), _MONTH_NUMBERS[month[:3].casefold()], int(day_text))
    except ValueError:
        return None
    for prefix in ("b", "a"):
        clock = _clock(groups, prefix)
        if clock:
            return f"{day.isoformat()}T{clock}"
    return day.isoformat()


def _clock(groups: dict[str, str | None], p: str) -> str | None:
    """hh:mm:00+hh:mm from a matched time, when it carries a zone or an offset."""
    hour_text, zone = groups[f"{p}h"], groups[f"{p}zone"]
    offset = groups[f"{p}off"] or groups[f"{p}zoff"]
    if hour_text is None or (zone is None and offset is None):
        return None
    hour, ampm = int(hour_text), (groups[f"{p}ampm"] or "").casefold()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or int(groups[f"{p}min"] or 0) > 59:
        return None
    suffix = _colon(offset) if offset else ZONE_OFFSETS[(zone or "").casefold()]
    return f"{hour:02d}:{groups[f'{p}min']}:00{suffix}"


def _colon(offset: str) -> str:
    return offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"


# A date field's label; labels that name an update rank below the first publication.
_DATE_LABEL = re.compile(
    r"\s*(?P<label>dated|date|published|publication date|first published|posted|"
    r"updated|last updated|modified|last modified)(?:\s+(?:on|at))?\s*[:\-–—|]?\s*",
    re.IGNORECASE,
)
_LABELLED_DATE = re.compile(rf"(?:{_DATE_LABEL.pattern})?(?:{DATE_PATTERN.pattern})", re.IGNORECASE)
_UPDATE_LABELS = frozenset({"updated", "last updated", "modified", "last modified"})
# What separates a date field from what follows it on the line.
_FIELD_PUNCTUATION = " \t|·•,;-"


@dataclass(frozen=True, slots=True)
class DateField:
    """A date field found at the start of a paragraph."""

    published: str  # ISO 8601
    is_update: bool  # labelled "Updated"/"Modified": ranks below a publication date
    rest: str  # what follows the field in the paragraph ("" for a line of its own)


def take_date_field(paragraph: str) -> DateField | None:
    """A date field at the start of paragraph: a labelled date, or a line that is only a date.

    `date 2025-03-14 MOSCOW: ...` gives the date and the rest of the paragraph; an unlabelled
    date must be the whole line, so "March 14, 2025 was the day..." stays body text.
    """
    label = _DATE_LABEL.match(paragraph)
    start = label.end() if label else 0
    found = DATE_PATTERN.match(paragraph, start)
    if found is None:
        return None
    published = _iso(found)
    if published is None:
        return None
    is_update = label is not None and label.group("label").casefold() in _UPDATE_LABELS
    rest = paragraph[found.end() :].lstrip(_FIELD_PUNCTUATION)
    if rest and label is None:
        return None
    if rest:
        following = take_date_field(rest)
        if following is not None and not following.rest:
            # "Published March 14, 2025 | Updated March 15, 2025": one line, two fields.
            if is_update and not following.is_update:
                return following
            return DateField(published, is_update, "")
    return DateField(published, is_update, rest.strip())


def caption_date(captions: list[str] | tuple[str, ...]) -> str | None:
    """The latest full date stated in photo captions, as an ISO date.

    Wire copy without a dateline usually carries the shoot date in its captions ("... in
    Moscow on March 13, 2025. Photo: AFP"), and a story is published on or after the day of
    its latest photo. Dates without a year are not guessed.
    """
    latest: str | None = None
    for caption in captions:
        for match in find_dates(caption):
            found = _iso(match)
            if found and (latest is None or found[:10] > latest):
                latest = found[:10]
    return latest


# --------------------------------------------------------------------------- bylines


@dataclass(frozen=True, slots=True)
class Byline:
    """Names and outlet read from a byline or a credit trailer."""

    names: tuple[str, ...]
    outlet: str | None = None
    published: str | None = None


_BYLINE = re.compile(r"\s*by\s*[:\s]\s*(?P<rest>\S.{0,200})$", re.IGNORECASE | re.DOTALL)
_NAME_SEPARATORS = re.compile(r"\s*(?:[,|;/]|\band\b|&|\bfor\b|\s[-–—]\s)\s*", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+(?:in|at|from)\s+[A-Z].*$")
_DIGIT = re.compile(r"\d")


def parse_byline(paragraph: str) -> Byline | None:
    """A `By ...` line as names and outlet, or None when it is not one.

    `By Guy Faulconbridge, Andrew Osborn and Vladimir Soldatkin, Reuters` → three names and
    outlet Reuters; `By JANE DOE Associated Press` → "Jane Doe" and AP; `By Jane Doe |
    Reuters`. Every part must be a person name, an outlet, a job title or a date: "By the
    time polls closed..." and "By Monday, troops had..." are running text.
    """
    match = _BYLINE.match(paragraph)
    if match is None:
        return None
    return _credits(match.group("rest"), last_may_be_outlet=True)


def _credits(text: str, *, last_may_be_outlet: bool) -> Byline | None:
    """Names separated by commas, "and", "&", "|"; an outlet and a date may be among them."""
    published: str | None = None
    dated = _LABELLED_DATE.search(text) if _DIGIT.search(text) else None
    if dated is not None:
        published = _iso(dated)
        text = f"{text[: dated.start()]} {text[dated.end() :]}"
    parts = [p for p in _NAME_SEPARATORS.split(text.strip().rstrip(".")) if p]
    names: list[str] = []
    outlet: str | None = None
    for index, part in enumerate(parts):
        is_last = index == len(parts) - 1
        found = canonical_agency(part)
        if found:
            outlet = outlet or found
            continue
        person = _IN_PLACE.sub("", part)
        if is_person_name(person):
            names.append(_name_case(person))
            continue
        split = _split_agency_suffix(person)
        if split is not None:
            names.append(_name_case(split[0]))
            outlet = outlet or split[1]
            continue
        found = outlet_name(part)
        if found:
            outlet = outlet or found
            continue
        words = part.split()
        if words and words[-1].casefold() in ROLE_WORDS:
            continue  # "Staff Writer", "Chief Political Correspondent"
        if is_last and last_may_be_outlet and len(words) == 1 and _capitalised(part):
            outlet = outlet or part  # "..., Semafor": one capitalised word is not a person
            continue
        return None
    if not names and outlet is None:
        return None
    return Byline(tuple(dict.fromkeys(names)), outlet, published)


def _split_agency_suffix(part: str) -> tuple[str, str] | None:
    """'JANE DOE Associated Press' → ('JANE DOE', 'AP'): AP prints no comma before itself."""
    words = part.split()
    for cut in range(2, len(words)):
        agency = canonical_agency(" ".join(words[cut:]))
        if agency and is_person_name(" ".join(words[:cut])):
            return " ".join(words[:cut]), agency
    return None


def _name_case(name: str) -> str:
    """'JANE DOE' → 'Jane Doe'; AFP's 'Jane DOE' → 'Jane Doe'; initials stay."""
    return " ".join(
        w.title() if len(w) > 1 and w.isupper() and not w.endswith(".") else w for w in name.split()
    )


_TRAILER = re.compile(
    r"\(?\s*(?P<role>(?:additional\s+)?reporting|writing|written|compiled|editing|edited|"
    r"graphics|research|production|produced|translation|translated|fact-checking)\s+by\s+",
    re.IGNORECASE,
)
# AP's closing line: "Associated Press writer Jane Doe in Chicago contributed to this report."
_CONTRIBUTED = re.compile(
    r"\bcontributed(?: reporting)? to this (?:report|story|article)\.?\)?$", re.IGNORECASE
)
_REPORTER_ROLES = ("reporting", "additional reporting", "writing", "written", "compiled")
_BLOOMBERG_TRAILER = re.compile(
    r"(?:[-–—]+\s*)?(?:with assistance from\s|to contact the (?:reporters?|editors?) "
    r"(?:on|responsible for) this story)",
    re.IGNORECASE,
)


def parse_trailer(paragraph: str) -> tuple[str, ...] | None:
    """The reporters named in a credit trailer, or None when paragraph is not one.

    `(Reporting by Jane Doe in Kyiv; Editing by John Roe)` → ("Jane Doe",). Reporters and
    writers are the article's authors; editors are not, so they are dropped. Bloomberg's
    `--With assistance from ...` and `To contact the reporter ...` lines, and AP's "...
    contributed to this report.", are trailers that name no author.
    """
    if len(paragraph) > 400:
        return None
    if _BLOOMBERG_TRAILER.match(paragraph) or _CONTRIBUTED.search(paragraph):
        return ()
    if not _TRAILER.match(paragraph):
        return None
    reporters: list[str] = []
    for segment in paragraph.strip(" ()").split(";"):
        found = _TRAILER.match(segment.strip(" ()"))
        if found is None:
            continue
        role = _SPACE.sub(" ", found.group("role")).casefold()
        if role in _REPORTER_ROLES:
            credits = _credits(segment.strip(" ()")[found.end() :], last_may_be_outlet=False)
            if credits:
                reporters.extend(credits.names)
    return tuple(dict.fromkeys(reporters))


# --------------------------------------------------------------------------- agency tags

_ACRONYM = re.compile(r"[A-Z]{2,6}")
_AGENCY_NAME = r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w&.'’-]*){0,4})"
_TAG_LINE = re.compile(
    rf"\s*(?:[-–—]+\s*|\(\s*(?=[^()]*\)\s*\.?\s*$)){_AGENCY_NAME}\s*\)?\s*\.?\s*$"
)
_COPYRIGHT = re.compile(
    r"\s*(?:\(c\)|©|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?:by\s+)?(?P<name>[^.,;:]{2,60}?)\s*(?:[.,;:].*)?$",
    re.IGNORECASE | re.DOTALL,
)
_TRAILING_TAG = re.compile(
    r"(?<=[.!?\"”’])\s+(?:[-–—]+\s*\(?\s*(?P<a>[\w .&'-]{2,40}?)\s*\)?|\((?P<b>[\w .&'-]{2,40}?)\))"
    r"\s*$"
)


def agency_tag(paragraph: str) -> str | None:
    """The agency named by a paragraph that is only a tag, else None.

    `- Reuters`, `— AP`, `(AFP)`, a bare `Reuters`, `(c) 2025 Reuters`, `© 2025 The
    Associated Press. All rights reserved.` A dash line names a tag only when the name is
    an outlet, so `- Putin says ...` stays a bullet point.
    """
    stripped = paragraph.strip()
    if len(stripped) > 300:
        return None
    if len(stripped) <= 40:
        known = canonical_agency(stripped)
        if known:
            return known
        match = _TAG_LINE.match(stripped)
        if match:
            return outlet_name(match.group("name") or "")
    copyright_line = _COPYRIGHT.match(stripped)
    if copyright_line:
        name = copyright_line.group("name").strip()
        found = canonical_agency(name.removeprefix("by "))
        if found:
            return found
        words = name.split()
        if 0 < len(words) <= 6 and all(_capitalised(w) or w in ("of", "the", "&") for w in words):
            return name
    return None


def split_trailing_tag(paragraph: str) -> tuple[str, str] | None:
    """`...the end. (Reuters)` → ('...the end.', 'Reuters'); the tag closes the last paragraph."""
    match = _TRAILING_TAG.search(paragraph, max(0, len(paragraph) - 64))
    if match is None:
        return None
    name = canonical_agency(match.group("a") or match.group("b") or "")
    if name is None:
        name = match.group("a") or match.group("b") or ""
        if not _ACRONYM.fullmatch(name):
            return None
    return paragraph[: match.start()].rstrip(), name


# --------------------------------------------------------------------------- datelines

_CITY_CAPS = r"[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*){0,3}"
_CITY_ANY = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_REGION = r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
_DAY = rf"(?:,\s*(?i:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
_SEPARATOR = r"(?:--|[-–—:])\s+"
_DATELINE_AGENCY = re.compile(
    rf"(?P<city>{_CITY_ANY}){_REGION}{_DAY}\s*\(\s*(?P<agency>[\w .&'’-]{{2,40}}?)\s*\)"
    rf"\s*(?:{_SEPARATOR}|(?=[A-Z\"“‘']))",
)
_DATELINE_CAPS = re.compile(
    rf"(?P<city>{_CITY_CAPS}){_REGION}{_DAY}\s*{_SEPARATOR}"
    r"(?=[\"“‘'(]?[A-Z0-9])",
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline opening the first paragraph: city, agency when one is named, the rest."""

    city: str
    agency: str | None
    rest: str


def split_dateline(paragraph: str) -> Dateline | None:
    """`LONDON, March 3 (Reuters) - Text` → Dateline('LONDON', 'Reuters', 'Text').

    With an agency in brackets the city may be any capitalised words (`Paris (AFP) -`);
    without one it must be upper case and end in a colon or dash (`MOSCOW:`, `BEIJING —`),
    so "U.S. officials said:", "Update:" and quotes are not datelines, and neither are
    labels such as "BREAKING:" or acronyms such as "NATO:".
    """
    match = _DATELINE_AGENCY.match(paragraph)
    agency: str | None = None
    if match:
        # "Paris (AFP) -" needs a known agency; "The United Nations (UN) - ..." is prose. After
        # a city in capitals any capitalised name is an agency: "KELMSFORD (Meridian) -".
        name = match.group("agency")
        if match.group("city").isupper():
            agency = outlet_name(name) or (name if _is_proper_name(name) else None)
        else:
            agency = canonical_agency(name)
        if agency is None:
            match = None
    if match is None:
        match = _DATELINE_CAPS.match(paragraph)
        if match is None:
            return None
        words = match.group("city").split()
        if len(words) == 1 and len(words[0].strip(".")) < 4:
            return None
    city = match.group("city").strip()
    if any(w.casefold().strip(".:") in _NOT_DATELINES for w in city.split()):
        return None
    rest = paragraph[match.end() :].strip()
    if not rest:
        return None
    return Dateline(city, agency, rest)


# --------------------------------------------------------------------------- captions

_CREDIT = re.compile(
    r"\b(?:Photo(?:graph)?s?|PHOTO(?:GRAPH)?S?|Pic(?:ture)?s?|Image|IMAGE|Credit|CREDIT|"
    r"Photographer|Video)\s*:\s*\S"
    r"|\b(?:Photo|Image|Picture)s?\s+(?:by|courtesy(?:\s+of)?)\s+[A-Z]"
    r"|\((?:[^()]{0,40}\s)?(?:Photo|Image|File photo|FILE PHOTO)\b"
    r"|\b(?:REUTERS|AFP|EPA|EPA-EFE|AP|ANADOLU|XINHUA|BLOOMBERG)/[A-Z]"
    r"|\bAP Photo\b|\bFile [Pp]hoto\b|\bFILE PHOTO\b"
    r"|(?:[/(:]\s*|via\s+)(?:Getty Images|Shutterstock|Alamy|Pool)\b"
)
# Every credit holds one of these; checked first because most paragraphs hold none.
_CREDIT_HINT = re.compile(
    r"/|Photo|photo|PHOTO|Pic|Image|IMAGE|Credit|CREDIT|Video|Getty|Shutterstock|Alamy|Pool"
)
_CREDIT_OPENING = re.compile(r"(?:FILE PHOTO|File photo|Photo|Image|PHOTO|IMAGE)\s*[:-]")
# A credit this far from the end of a paragraph belongs to running text that mentions one.
MAX_CREDIT_TAIL = 160


def is_caption(paragraph: str) -> bool:
    """A photo caption: a credit near its end, or a `FILE PHOTO:` / `Photo:` opening.

    "... in Moscow on March 13, 2025. Photo: AFP / Pool / Maxim Shemetov", "(AP Photo/Evan
    Vucci)", "REUTERS/Evgenia Novozhenina/File Photo", "Photograph: Jane Doe/Getty Images".
    A body paragraph that names Getty Images as a company is not one: agency names count only
    after a slash, bracket, colon or "via".
    """
    if _CREDIT_OPENING.match(paragraph):
        return True
    tail_start = max(0, len(paragraph) - MAX_CREDIT_TAIL)
    tail = paragraph[tail_start:]
    if _CREDIT_HINT.search(tail) is None:
        return False
    return _CREDIT.search(tail) is not None


# --------------------------------------------------------------------------- bullets, subheads

_BULLET = re.compile(r"\s*(?:[-•*–·▪●►■]|\d{1,2}[.)])\s+(?=\S)")
_TERMINAL = frozenset(".!?:;,…")
_CLOSERS = "\"'”’)]»"
# Subheads in wire copy and newspapers run one to eight words (Reuters, AP, Guardian
# house styles); a longer unpunctuated line is more likely a broken paragraph.
MAX_SUBHEAD_WORDS = 8
MAX_SUBHEAD_CHARS = 70
MAX_HEADLINE_WORDS = 20
MAX_HEADLINE_CHARS = 160


def bullet_text(paragraph: str) -> str | None:
    """The text of a key-point bullet (`- `, `• `, `* `, `– `, `1. `), else None."""
    match = _BULLET.match(paragraph)
    if match is None:
        return None
    text = paragraph[match.end() :].strip()
    return text or None


def is_subhead(paragraph: str) -> bool:
    """A short line without closing punctuation: `Putin and Trump`, `'Welcome'`."""
    if len(paragraph) > MAX_SUBHEAD_CHARS or not _opens_like_heading(paragraph):
        return False
    if len(paragraph.split()) > MAX_SUBHEAD_WORDS:
        return False
    return paragraph.rstrip(_CLOSERS)[-1:] not in _TERMINAL


def is_headline(paragraph: str) -> bool:
    """A first line that reads as a headline: 2-20 words, no closing full stop or colon."""
    if len(paragraph) > MAX_HEADLINE_CHARS or not _opens_like_heading(paragraph):
        return False
    if not 2 <= len(paragraph.split()) <= MAX_HEADLINE_WORDS:
        return False
    return paragraph.rstrip(_CLOSERS)[-1:] not in ".:;,…"


def _opens_like_heading(paragraph: str) -> bool:
    first = paragraph.lstrip("\"'“‘(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


# --------------------------------------------------------------------------- front matter

FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "pubdate": "published",
    "url": "url",
    "link": "url",
    "canonical url": "url",
    "by": "bylines",
    "byline": "bylines",
    "author": "bylines",
    "authors": "bylines",
    "dateline": "dateline",
    "language": "language",
    "lang": "language",
}
_HEADER_LINE = re.compile(r"\s*(?P<key>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>.*?)\s*$")


def parse_front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Leading `Key: value` lines as Article fields, and the index of the first line after.

    Read until the first blank line or the first line that is not a known key; an optional
    `---` fence (YAML style) is allowed around them. Unknown keys end the header, so "Update:
    ..." or "Moscow: ..." opening the body are never taken for metadata.
    """
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    fenced = index < len(lines) and lines[index].strip() == "---"
    start = index + fenced
    fields: dict[str, Any] = {}
    cursor = start
    while cursor < len(lines):
        match = _HEADER_LINE.match(lines[cursor])
        key = FRONT_MATTER_KEYS.get(match.group("key").casefold()) if match else None
        if match is None or key is None:
            break
        value = match.group("value")
        cursor += 1
        if not value or key in fields:
            continue
        if key == "published":
            fields[key] = parse_date(value)
        elif key == "bylines":
            credits = _credits(value, last_may_be_outlet=True)
            fields[key] = credits.names if credits else (value,)
            if credits and credits.outlet:
                fields.setdefault("byline_outlet", credits.outlet)
        else:
            fields[key] = value
    if cursor == start:
        return {}, 0
    if fenced:
        if cursor < len(lines) and lines[cursor].strip() == "---":
            cursor += 1
        else:
            return {}, 0
    return {k: v for k, v in fields.items() if v}, cursor


# --------------------------------------------------------------------------- paragraphs

_SPACE = re.compile(r"\s+")


def split_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of text lines: blocks between blank lines when there are any, else lines.

    Inside a block, wrapped lines are joined with a space, but a bullet, a byline, a date
    field, a credit trailer or a tag is a paragraph of its own: plain-text exports often put
    "Title / By ... / Published ..." on consecutive lines before the first blank line.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)
    inner = lines[first : last + 1]
    if all(line.strip() for line in inner):
        return [line.strip() for line in inner]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in inner:
        if line.strip():
            block.append(line)
            continue
        if len(block) == 1:
            paragraphs.append(block[0].strip())
        elif block:
            paragraphs.extend(_split_block(block))
        block = []
    if block:
        paragraphs.extend(_split_block(block) if len(block) > 1 else [block[0].strip()])
    return paragraphs


def _split_block(block: list[str]) -> list[str]:
    """The paragraphs of one block of consecutive lines (see `split_paragraphs`)."""
    paragraphs: list[str] = []
    current: list[str] = []
    in_bullet = False
    for line in block:
        stripped = line.strip()
        if in_bullet and line[:1].isspace() and not _BULLET.match(stripped):
            current.append(stripped)  # continuation of a wrapped bullet point
            continue
        if _BULLET.match(stripped) and not agency_tag(stripped):
            _flush(current, paragraphs)
            current.append(stripped)
            in_bullet = True
            continue
        if in_bullet or _stands_alone(stripped):
            _flush(current, paragraphs)
        in_bullet = False
        if _stands_alone(stripped):
            paragraphs.append(stripped)
        else:
            current.append(stripped)
    _flush(current, paragraphs)
    return paragraphs


def _stands_alone(line: str) -> bool:
    """A line that is never part of a wrapped paragraph."""
    if len(line) > 240:
        return False
    return bool(
        parse_byline(line)
        or (_DATE_LABEL.match(line) and take_date_field(line))
        or parse_trailer(line) is not None
        or agency_tag(line)
    )


def _flush(block: list[str], paragraphs: list[str]) -> None:
    if block:
        paragraphs.append(" ".join(block))
        block.clear()


# --------------------------------------------------------------------------- the article

_FIELDS = frozenset(
    """outlet bylines dateline published title url language captions bullets subheads
    agency_tags""".split()
)
_CONTRIBUTED_ENDINGS = ("report.", "story.", "article.", "report", "story", "report.)")
# Cheap test for paragraphs that may be a byline, a trailer or a tag, before the full parse.
_STANDALONE_HINT = re.compile(
    r"\s*(?:by\b|\(?c\)|©|copyright|[-–—(]|(?:additional reporting|reporting|writing|written|"
    r"compiled|editing|edited|with assistance|to contact)\b|[A-Z][\w.&'’ -]{0,30}$)",
    re.IGNORECASE,
)


def parse_text(
    text: str, *, source: str | None = None, format: str = "text", **known: Any
) -> Article:
    """An Article from a plain-text news article.

    `known` holds metadata another reader already has (outlet, title, published, url,
    bylines, dateline, language, captions, ...): non-empty values win over the heuristics,
    which fill the rest. Never raises on any text; a text of nothing but metadata gives an
    Article with an empty body.
    """
    unknown = set(known) - _FIELDS
    if unknown:
        raise TypeError(f"parse_text() got unexpected fields: {', '.join(sorted(unknown))}")
    known = {k: v for k, v in known.items() if v not in (None, "", (), [])}
    lines = text.lstrip("\ufeff").splitlines()
    header, start = parse_front_matter(lines)
    paragraphs = split_paragraphs(lines[start:] if start else lines)
    found = _read_parts(paragraphs, title_known=bool(known.get("title") or header.get("title")))

    fields: dict[str, Any] = {
        "bylines": header.get("bylines") or found.bylines or found.trailer_reporters,
        "dateline": header.get("dateline") or found.dateline,
        "published": header.get("published") or found.published or caption_date(found.captions),
        "title": header.get("title") or found.title,
        "url": header.get("url"),
        "language": header.get("language"),
        "outlet": header.get("outlet")
        or header.get("byline_outlet")
        or found.byline_outlet
        or found.dateline_agency
        or (found.agency_tags[0] if found.agency_tags else None),
        "captions": found.captions,
        "bullets": found.bullets,
        "subheads": found.subheads,
        "agency_tags": tuple(dict.fromkeys(found.agency_tags)),
    }
    if "published" in known and isinstance(known["published"], str):
        known["published"] = parse_date(known["published"]) or known["published"]
    if isinstance(known.get("bylines"), str):
        known["bylines"] = (known["bylines"],)
    fields.update(known)
    body = found.body
    title = fields.get("title")
    if body and isinstance(title, str) and _same_text(body[0], title):
        body = body[1:]  # an HTML extraction that repeats the headline as its first line
    return make_article(body, source=source, format=format, **fields)


def _same_text(a: str, b: str) -> bool:
    """Equal but for case and white space."""
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()


@dataclass(slots=True)
class _Parts:
    """What the paragraph pass found; combined with known metadata by `parse_text`."""

    body: list[str]
    captions: list[str]
    bullets: list[str]
    subheads: list[str]
    agency_tags: list[str]
    bylines: tuple[str, ...] = ()
    trailer_reporters: tuple[str, ...] = ()
    byline_outlet: str | None = None
    published: str | None = None
    published_is_update: bool = True
    dateline: str | None = None
    dateline_agency: str | None = None
    title: str | None = None


def _read_parts(paragraphs: list[str], *, title_known: bool) -> _Parts:
    """Sort paragraphs into date fields, bylines, tags, bullets, captions, title and body."""
    parts = _Parts([], [], [], [], [])
    candidates: list[str] = []  # body or subhead: decided once their neighbours are known
    last = len(paragraphs) - 1
    seen_content = False  # a date field may run into a paragraph only before any content
    for index, paragraph in enumerate(paragraphs):
        if not seen_content:
            field = take_date_field(paragraph)
        elif len(paragraph) <= 120:
            field = take_date_field(paragraph)
            field = field if field is not None and not field.rest else None
        else:
            field = None
        if field is not None:
            if parts.published is None or (parts.published_is_update and not field.is_update):
                parts.published, parts.published_is_update = field.published, field.is_update
            if not field.rest:
                continue
            paragraph = field.rest
        first_content = not seen_content
        seen_content = True
        hinted = len(paragraph) <= 240 and (
            _STANDALONE_HINT.match(paragraph) or paragraph.endswith(_CONTRIBUTED_ENDINGS)
        )
        if hinted and _take_standalone(paragraph, parts):
            continue
        bullet = bullet_text(paragraph)
        if bullet is not None:
            if index == last and paragraph[:1] in "-–—" and _is_single_name(bullet):
                parts.agency_tags.append(bullet)  # "- Meridian" closing the article
            else:
                parts.bullets.append(bullet)
            continue
        if is_caption(paragraph):
            parts.captions.append(paragraph)
            continue
        if first_content and not title_known and index < last and is_headline(paragraph):
            parts.title = paragraph
            continue
        candidates.append(paragraph)
    _place_candidates(candidates, parts)
    # A "- Name" line naming the agency of the byline or dateline is its tag, not a bullet.
    agencies = {a.casefold() for a in (parts.byline_outlet, parts.dateline_agency) if a}
    if agencies and parts.bullets:
        tags = [b for b in parts.bullets if b.casefold() in agencies]
        parts.bullets = [b for b in parts.bullets if b.casefold() not in agencies]
        parts.agency_tags.extend(tags)
    return parts


def _is_single_name(text: str) -> bool:
    return " " not in text and _capitalised(text.rstrip("."))


def _take_standalone(paragraph: str, parts: _Parts) -> bool:
    """Record a byline, trailer or agency tag paragraph; False when it is none of them."""
    tag = agency_tag(paragraph)
    if tag:
        parts.agency_tags.append(tag)
        return True
    byline = parse_byline(paragraph)
    if byline is not None:
        parts.bylines = tuple(dict.fromkeys(parts.bylines + byline.names))
        parts.byline_outlet = parts.byline_outlet or byline.outlet
        if byline.published and parts.published is None:
            parts.published = byline.published
        return True
    reporters = parse_trailer(paragraph)
    if reporters is not None:
        parts.trailer_reporters = tuple(dict.fromkeys(parts.trailer_reporters + reporters))
        return True
    return False


def _place_candidates(candidates: list[str], parts: _Parts) -> None:
    """Body paragraphs, with the dateline, subheads and a closing tag taken out."""
    if not candidates:
        return
    # The dateline opens the first sentence paragraph; a kicker or a headline repeated by an
    # HTML extraction may stand before it.
    lead = next((i for i, p in enumerate(candidates[:3]) if not is_headline(p)), 0)
    dateline = split_dateline(candidates[lead])
    if dateline is not None:
        parts.dateline = dateline.city
        if dateline.agency:
            parts.dateline_agency = dateline.agency
            parts.agency_tags.insert(0, dateline.agency)
        candidates[lead] = dateline.rest
    closing = split_trailing_tag(candidates[-1])
    if closing is not None and closing[0]:
        candidates[-1] = closing[0]
        parts.agency_tags.append(closing[1])
    last = len(candidates) - 1
    for index, paragraph in enumerate(candidates):
        if 0 < index < last and is_subhead(paragraph):
            parts.subheads.append(paragraph)
        else:
            parts.body.append(paragraph)


__all__ = [
    "AGENCIES",
    "DATE_PATTERN",
    "FRONT_MATTER_KEYS",
    "ORG_WORDS",
    "ROLE_WORDS",
    "ZONE_OFFSETS",
    "Byline",
    "DateField",
    "Dateline",
    "agency_tag",
    "bullet_text",
    "canonical_agency",
    "caption_date",
    "find_dates",
    "is_caption",
    "is_headline",
    "is_person_name",
    "is_subhead",
    "outlet_name",
    "parse_byline",
    "parse_date",
    "parse_front_matter",
    "parse_text",
    "parse_trailer",
    "split_dateline",
    "split_paragraphs",
    "split_trailing_tag",
    "take_date_field",
]
