"""Who is speaking: name mentions, titles and the resolution of "he" or "the president".

News names a speaker in full once ("Kremlin aide Yuri Ushakov", "US President Donald Trump")
and then refers back by surname, pronoun or role ("Ushakov", "he", "the US president"). The
quote ledger needs one name per speaker, so every speaker mention is resolved here to the
fullest name the article gives for that person. Names come from spaCy entities when a parsed
document is passed, else from runs of capitalized words, with leading titles and nationality
words peeled off and kept as the mention's roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Words that stand before a name as a title or a role; they are kept as roles, not name parts.
TITLES = frozenset(
    """president vice prime minister secretary sen senator rep representative gov governor
    mayor gen general col colonel adm admiral lt sgt capt captain chancellor premier king queen
    prince princess pope sheikh judge justice chief ceo chairman chairwoman chair director
    spokesman spokeswoman spokesperson aide adviser advisor envoy ambassador leader speaker
    mr mrs ms dr prof professor rev sir lord lady dame former acting deputy foreign defence
    defense interior finance economy state attorney candidate nominee hopeful commissioner
    officer minister's president-elect lawmaker congressman congresswoman assemblyman
    trustee founder executive analyst correspondent editor host anchor reporter columnist
    pastor rabbi father bishop cardinal imam democrat republican democratic republican
    gop senior junior top house senate white kremlin pentagon""".split()
)
# Words that start a capitalized run without being part of a name.
_FUNCTION_WORDS = frozenset(
    """the a an but and or so yet if when while after before as at in on of for from with by
    to into about since though although because then there this that these those his her its
    their our my your we i he she they it who what where why how asked meanwhile however also
    still even only just later earlier last next new many most some several all both each now
    according monday tuesday wednesday thursday friday saturday sunday over under despite
    during among amid against without within across through throughout until unless whether
    instead indeed perhaps yes nor not here today tonight tomorrow yesterday once unlike
    toward towards beyond inside outside behind every any such another few more nobody
    everyone everybody someone somebody""".split()
)
# A capitalized participle opening a phrase, not a name (surnames such as "Manning" are
# followed by a verb, not by a preposition or a determiner).
_PARTICIPLE_OPENING = re.compile(
    r"[A-Z][a-z]+ing\s+(?:to|the|a|an|his|her|its|their|on|at|in|with|from|up|out|about|into|"
    r"for|over|after|before|through|back|down|off|by)\b"
)
_NAME_ABBREVIATIONS = frozenset(
    {"jr", "sr", "st", "mt", "ft", "co", "inc", "ltd", "corp", "u.s", "u.k", "u.n"}
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "him", "her"})
_PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ORG_HINTS = frozenset(
    """company ministry department agency office campaign committee party government council
    group organization organisation firm bank court commission newspaper paper network
    poll survey report statement study union association institute center centre foundation
    administration kremlin white house pentagon bureau chamber""".split()
)
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})

_CAP_TOKEN = r"(?:\b[A-Z][\w'’.\-]*|\b(?:de|da|van|von|der|bin|al|el|la|le)(?=\s+[A-Z]))"
_CAP_RUN = re.compile(rf"{_CAP_TOKEN}(?:\s+{_CAP_TOKEN})*")
_WORD = re.compile(r"[\w'’.\-]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_NATIONALITY = re.compile(
    r"^(?:U\.?S\.?|UK|U\.K\.|EU|UN|U\.N\.|American|Russian|Ukrainian|Belarusian|British|Chinese|"
    r"French|German|Iranian|Iraqi|Israeli|Palestinian|Syrian|Saudi|Turkish|Mexican|Canadian|"
    r"Japanese|Korean|Indian|Pakistani|Afghan|European|Italian|Spanish|Polish|Egyptian|Cuban|"
    r"Venezuelan|Brazilian|Australian|African|Arab|Kurdish|Lebanese|Jordanian|Qatari|Libyan|"
    r"Yemeni|Greek|Dutch|Swedish|Hungarian|Irish|Czech|Georgian|Armenian|Nigerian|Taiwanese|"
    r"Vietnamese|Western|Eastern|Federal|Democratic|Republican|Conservative|Labour|Liberal)$"
)


@dataclass(frozen=True, slots=True)
class NameMention:
    """A proper name in the text, with the title and role words written before it."""

    start: int
    end: int
    name: str  # the name without titles: "Vladimir Putin"
    roles: frozenset[str]  # lower-cased title and role words: {"russian", "president"}
    person: bool | None = None  # True/False when an entity recognizer said so


def _clean_token(token: str) -> str:
    return _POSSESSIVE.sub("", token.rstrip(".,")) if token.endswith(("'s", "’s")) else token


def split_title(phrase: str) -> tuple[str, frozenset[str]]:
    """Separate a written mention into (name, role words): "US President Donald Trump"."""
    tokens = [_clean_token(t) for t in phrase.split()]
    roles: set[str] = set()
    while len(tokens) > 1:
        head = tokens[0]
        low = head.lower().rstrip(".")
        if (low in _FUNCTION_WORDS or low in _DETERMINERS) and not (
            low == "new" and tokens[1][:1].isupper()
        ):
            # "The", "Over"; not the "New" of "New Hampshire"
            tokens.pop(0)
        elif low in TITLES or _NATIONALITY.match(head):
            roles.add(low)
            tokens.pop(0)
        else:
            break
    if len(tokens) == 1 and tokens[0].lower().rstrip(".") in TITLES | _FUNCTION_WORDS:
        return "", frozenset(roles | {tokens[0].lower().rstrip(".")})
    return " ".join(tokens).strip(" ,.;:"), frozenset(roles)


def name_mentions(
    text: str, entities: Iterable[tuple[int, int, str]] | None = None
) -> list[NameMention]:
    """The proper-name mentions of text in order.

    `entities` are (start, end, label) from a named-entity recognizer (spaCy labels PERSON,
    ORG, GPE, NORP); without them capitalized runs are taken, which also catch places and
    organizations: resolution only ever picks a mention that a speaker mention points to.
    """
    found: list[NameMention] = []
    if entities is not None:
        for start, end, label in entities:
            if label not in ("PERSON", "ORG"):
                continue
            name, roles = split_title(text[start:end])
            if not name:
                continue
            roles = roles | _roles_before(text, start)
            found.append(NameMention(start, end, name, roles, person=label == "PERSON"))
        return found
    for match in _CAP_RUN.finditer(text):
        for start, end in _sentence_parts(text, match.start(), match.end()):
            name, roles = split_title(text[start:end])
            if len(name) < 2 or name.lower() in _FUNCTION_WORDS or not name[0].isupper():
                continue
            if _PARTICIPLE_OPENING.match(text, start):
                continue  # "Reacting to the ruling, ...", "Speaking at a rally, ..."
            found.append(NameMention(start, end, name, roles | _roles_before(text, start)))
    return found


def _sentence_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a capitalized run where a sentence ends inside it ("World War Three. Trump")."""
    parts = []
    for token in re.finditer(r"\S+", text[start:end]):
        word = token.group()
        if word.endswith(".") and token.end() < end - start:
            bare = word.rstrip(".").lower()
            if len(bare) > 1 and bare not in TITLES and bare not in _NAME_ABBREVIATIONS:
                parts.append((start, start + token.end() - 1))
                start = start + token.end()
                while start < end and text[start].isspace():
                    start += 1
    parts.append((start, end))
    return parts


def _roles_before(text: str, start: int) -> frozenset[str]:
    """Lower-case words written just before a name ("Kremlin aide", "his special envoy")."""
    words = _WORD.findall(text[max(0, start - 40) : start])[-3:]
    roles = set()
    for word in reversed(words):
        low = word.lower().rstrip(".")
        if low in TITLES or _NATIONALITY.match(word):
            roles.add(low)
        elif not word[0].isupper():
            break
    return frozenset(roles)


def name_key(name: str) -> tuple[str, ...]:
    """Comparable tokens of a name: case-folded, titles and possessives removed."""
    bare, _ = split_title(name)
    return tuple(_clean_token(t).casefold().strip(".,") for t in (bare or name).split())


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speaker names denote one person: "Putin" and "Vladimir Putin" do."""
    if not a or not b:
        return False
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return short[-1] == long[-1] and set(short) <= set(long)


def fullest_name(name: str, mentions: Sequence[NameMention]) -> str:
    """The longest name in the article that is the same speaker as name."""
    best = name
    for mention in mentions:
        if len(mention.name) > len(best) and same_speaker(mention.name, name):
            best = mention.name
    return best


@dataclass(slots=True)
class SpeakerResolver:
    """Resolves the speaker mentions of one article, in reading order.

    Call `resolve` for each attribution in text order: a pronoun goes to the most recent
    resolved speaker (news style: "he added" continues the last speaker), a role ("the US
    president") to the latest name written with those role words, falling back to the latest
    person named before it.
    """

    text: str
    mentions: Sequence[NameMention]
    recent: list[tuple[int, str, bool]]  # (offset, name, is an organization)

    @classmethod
    def for_text(cls, text: str, mentions: Sequence[NameMention]) -> SpeakerResolver:
        return cls(text=text, mentions=mentions, recent=[])

    def resolve(self, phrase: str, start: int, sentence_start: int | None = None) -> str | None:
        """The name for a speaker phrase written at `start`; None when it cannot be told.

        A personal pronoun whose sentence opens with a name ("Putin said ..., though he also
        said") is that name; otherwise it is the latest speaker.
        """
        end = start + len(phrase)
        head, comma, rest = phrase.partition(",")
        if comma and head.strip(" ;:") and rest.strip()[:1].islower():
            # "The lawmaker, who represents a district in Albay province,", "some
            # Democrats, who cringe as they recall ...": a relative clause or a participle
            # set off by commas qualifies the subject, it does not name the speaker
            phrase, end = head, start + len(head)
        elif (
            comma
            and _DESCRIPTION.search(head)
            and _is_proper_name(rest.split(",", 1)[0].strip(" ."))
        ):
            # "the mayor of Portvale, Anna Berg", "Carter's press secretary, Peter Cook":
            # the role's holder, named after it
            start += len(head) + 1 + len(rest) - len(rest.lstrip())
            phrase = rest.split(",", 1)[0].strip(" .")
            end = start + len(phrase)
        phrase = phrase.strip(" ,;:")
        tail = _CLAUSE_TAIL.search(phrase)
        if tail and tail.start() > 0 and not _RELATIVE_WORD.search(phrase, 0, tail.start()):
            phrase = phrase[: tail.start()]  # "a reporter can be heard", "a new ad that"
        last = phrase.rsplit(None, 1)[-1] if phrase else ""
        if last.endswith(".") and len(last) > 3 and last[:-1].lower() not in _NAME_ABBREVIATIONS:
            phrase = phrase[:-1]  # the full stop of a sentence ending on the name
        low = phrase.lower()
        contracted = _CONTRACTION.fullmatch(low)
        if contracted and contracted.group(1) in PRONOUNS:
            low = contracted.group(1)  # "He's predicting", "I'm told"
        name: str | None
        person = next(
            (m for m in self.mentions if start <= m.start and m.end <= end and m.person),
            None,
        )
        if low in PRONOUNS:
            name = self._pronoun(low, start, sentence_start)
        elif low in _DEPARTMENTS and phrase[:1].isupper():
            # "State said it would take two months": a department named by its short
            # form, not the secretary who heads it
            name = phrase
        elif person is not None and ("," in phrase or _PLACE_AFTER.search(phrase)):
            # "Nevada's governor, Brian Sandoval, a Republican,", "Senator Ana Whitlock
            # of Delaware": the person the recognizer found inside a subject with an
            # apposition or a place, not its last capitalized word
            name = fullest_name(person.name, self.mentions)
        elif role := _ROLE_OF_PLACE.fullmatch(phrase.rstrip(".")):
            # "the mayor of Portvale": whoever was named with that title, or the role
            name = self._titled(role, start)
        else:
            bare, roles = split_title(phrase)
            if bare and bare[0].isupper():
                name = fullest_name(_trailing_name(bare), self.mentions)
            elif _DESCRIBED_NAME.search(phrase):
                # "campaign chairman John Podesta", "longtime adviser Roger Stone": the name
                # the description leads up to
                name = fullest_name(_trailing_name(phrase), self.mentions)
            else:
                name = self._role(phrase, roles, start)
        if name:
            self.recent.append((start, name, _looks_organization(name, phrase)))
        return name

    def _pronoun(self, pronoun: str, start: int, sentence_start: int | None) -> str | None:
        if pronoun in ("who", "which"):
            return self._antecedent(start)
        if pronoun in _PERSONAL_PRONOUNS and sentence_start is not None:
            for mention in self.mentions:
                if mention.start > sentence_start + 2 or mention.start >= start:
                    break
                if (
                    mention.start >= sentence_start
                    and self._may_be_person(mention)
                    and not _QUOTE_MARKS.search(self.text, mention.end, start)
                    and not any(
                        mention.end < other.start < start
                        and other.person is not False
                        and not same_speaker(other.name, mention.name)
                        for other in self.mentions
                    )
                ):
                    # not across a quotation ('Clinton "caused havoc," he said' is
                    # someone else speaking about Clinton) nor past another name
                    return fullest_name(mention.name, self.mentions)
        prior = [r for r in self.recent if r[0] < start]
        if pronoun in ("it", "which"):
            orgs = [r for r in prior if r[2]]
            return orgs[-1][1] if orgs else None
        if pronoun in _PERSONAL_PRONOUNS:
            # "he" and "she" point back to one named person, not to "the protesters"
            people = [r for r in prior if not r[2] and _is_proper_name(r[1])]
            if people:
                return people[-1][1]
            named = self._latest_mention(start, person=True)
            return named.name if named else None
        if pronoun == "they" and prior:
            return prior[-1][1]
        if pronoun in ("i", "we"):
            # the first person outside quotation marks is the writer quoting themself or
            # the speaker whose words the passage goes on with: the latest one
            people = [r for r in prior if _is_proper_name(r[1])]
            return people[-1][1] if people else None
        return None

    def latest_speaker(self, before: int, reported: Sequence[tuple[int, int]] = ()) -> str | None:
        """The person most recently resolved as a speaker before offset `before`.

        A quotation with no cue in reach is, in news style, most often the speaker of the
        paragraphs around it continuing. A speaker named inside what someone else said
        (`reported`: the content spans of the article's attributions, as in "Carter said
        that some critics had been predicting a withdrawal") is not the one who goes on.
        """
        people = [
            r
            for r in self.recent
            if r[0] < before and not r[2] and not any(a <= r[0] < b for a, b in reported)
        ]
        return max(people)[1] if people else None

    def _may_be_person(self, mention: NameMention) -> bool:
        """Whether a sentence-opening name can be what a later "he" or "she" points to.

        Without an entity recognizer a capitalized first word ("Around", "Choosing",
        "Michigan") looks like a name; a single word counts only when that person has
        already been quoted.
        """
        if mention.person is not None:
            return mention.person
        if len(mention.name.split()) >= 2:
            return True
        return any(same_speaker(mention.name, name) for _, name, _ in self.recent)

    def _antecedent(self, start: int) -> str | None:
        """The name or description just before ", who" that a relative pronoun points to
        ("the Mexican president, who said")."""
        mention = self._latest_mention(start, person=None)
        if mention and start - mention.end <= 4:
            return fullest_name(mention.name, self.mentions)
        described = _DESCRIBED_BEFORE.search(self.text, max(0, start - 80), start)
        if described:
            phrase = described.group(1)
            return self._role(phrase, split_title(phrase)[1], described.start(1))
        return None

    def _role(self, phrase: str, roles: frozenset[str], start: int) -> str | None:
        words = {w.lower().rstrip(".") for w in _WORD.findall(phrase)} - _DETERMINERS
        if not words:
            return None
        if phrase.split()[0].lower() in _INDEFINITE:
            # "one Clinton aide", "a spokesman for the campaign": someone not named before
            return phrase
        head = _WORD.findall(phrase)[-1].lower()
        candidates = [m for m in self.mentions if m.end <= start and m.person is not False]
        exact = [m for m in candidates if words <= m.roles]
        if exact:
            return fullest_name(exact[-1].name, self.mentions)
        by_head = [m for m in candidates if head in m.roles]
        if by_head:
            return fullest_name(by_head[-1].name, self.mentions)
        if head in _ORG_HINTS or head in PRONOUNS:
            return phrase if head not in PRONOUNS else None
        if head in TITLES:
            named = [r for r in self.recent if r[0] < start and not r[2] and _is_proper_name(r[1])]
            if named:
                return named[-1][1]
        return phrase

    def _titled(self, found: re.Match[str], start: int) -> str:
        if found.group().split(None, 1)[0].lower() != "the":
            return found.group()  # "a spokeswoman for Janney": someone not named before
        title = found.group("title").lower()
        held = [
            m
            for m in self.mentions
            if m.end <= start and title in m.roles and m.person is not False
        ]
        return fullest_name(held[-1].name, self.mentions) if held else found.group()

    def _latest_mention(self, start: int, person: bool | None) -> NameMention | None:
        for mention in reversed(self.mentions):
            if mention.end <= start and (person is None or mention.person is not False):
                return mention
        return None


# A description, not a name: a lower-case word in it ("the mayor", "Carter's press secretary").
_DESCRIPTION = re.compile(r"(?:^|\s)[a-z]")
# A title held in a place or body, written without the holder's name.
_ROLE_OF_PLACE = re.compile(
    r"(?:the|a|an)\s+(?:[a-z][\w\-]*\s+){0,2}?(?P<title>"
    + "|".join(sorted(TITLES, key=len, reverse=True))
    + r")\s+(?:of|for|in)\s+(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*",
    re.IGNORECASE,
)
# Where a speaker phrase runs on into a clause of its own.
_CLAUSE_TAIL = re.compile(
    r"(?<!\bwho)(?<!\bwhose)(?<!\bwhich)(?<!\bthat)\s+(?:(?:can|could|would|will|may|might|"
    r"must|should|has|have|had|is|was|were|are)(?:\s+[a-z]+){0,2}|that)$"
)
_RELATIVE_WORD = re.compile(r"\b(?:who|whose|which|that|where)\b")
# A description ending right before a relative pronoun: "a lecture from the Mexican
# president, who", "one Democrat familiar with the talks, who".
_DESCRIBED_BEFORE = re.compile(
    r"\b((?:the|a|an|one)\s+(?:(?!(?:the|a|an|one)\s)[\w'’\-]+\s+){0,5}[\w'’\-]+),?\s*$",
    re.IGNORECASE,
)
_CONTRACTION = re.compile(r"(\w+)['’](?:s|m|re|ve|ll|d)")
_QUOTE_MARKS = re.compile("[\"“”]|''")
_PLACE_AFTER = re.compile(r"\s(?:of|from)\s+[A-Z]")
_NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "bin", "al", "el", "la", "le"})
_TIMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
# Government departments written alone, without "Department" ("State", "Justice").
_DEPARTMENTS = frozenset(
    {"state", "justice", "defense", "defence", "treasury", "interior", "commerce", "labor"}
)
# Words opening a description of someone not named before ("one senior Democrat").
_INDEFINITE = frozenset(
    """a an one another some several many two three four five most other others""".split()
)


_TRAILING_NAME = re.compile(
    r"(?:^|\s)((?:[A-Z][\w'’.\-]*)(?:\s+(?:[A-Z][\w'’.\-]*|de|van|von|bin|al))*)$"
)


# A lower-case role word right before a closing name: not a preposition or determiner.
_DESCRIBED_NAME = re.compile(
    r"(?:^|\s)(?!(?:of|for|at|with|in|on|from|by|to|the|a|an|and|or|his|her|its|their)\s)"
    r"[a-z][\w\-]*\s+[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*$"
)


def _trailing_name(phrase: str) -> str:
    """The name that ends a descriptive speaker phrase: "Trump spokesman Hope Hicks" is
    Hope Hicks, "state attorney Dave Aronberg" Dave Aronberg; other phrases are kept."""
    words = phrase.split()
    if all(w[0].isupper() or w in _NAME_PARTICLES for w in words):
        return phrase
    of = words.index("of") if "of" in words[1:-1] else 0
    if (
        of
        and words[of - 1].lower() in _ORG_HINTS | _PLACE_HEADS
        and all(w[0].isupper() or w in ("of", "the", "and") for w in words)
    ):
        # "Bank of Estmark", "University of Valmora": an institution, not the place it names
        return phrase
    if len(words) > 2 and words[1] in _PLACE_PREPOSITIONS and _is_group(words[0]):
        # "Police in Arnholm", "Democrats in Iowa", "Hydrologists at the University of
        # Valmora": a group named by where it is, not the place
        return phrase
    place = _NAME_AT_PLACE.fullmatch(phrase)
    if place:
        run = [w.lower().rstrip(".") for w in place.group(1).split()]
        if _is_group(run[-1]) or run[0] in _INDEFINITE | _SHARES:
            return phrase  # "Supporters of Sanders", "Half of Vermont Democrats"
        if _may_name_person(run, place.group("of") is not None):
            # "Trump in Iowa", "Ana Whitlock of Delaware", "Lee Wang of The Intercept":
            # the person, not where they are or work
            return place.group(1)
    found = _TRAILING_NAME.search(phrase)
    if found is None or found.group(1).rstrip(".").lower() in _TIMES:
        # "a survey released on Thursday", "the campaign on Monday": a time ends the
        # phrase, no name does
        return phrase
    return found.group(1)


_NAME_AT_PLACE = re.compile(
    r"([A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|de|van|von|bin|al))*)"
    r"\s+(?:(?P<of>of|for|with)|in|at|from)\s+(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*"
)


def _may_name_person(words: Sequence[str], before_of: bool) -> bool:
    """Whether the lower-cased words of a capitalized run before "of", "for", "with", "in",
    "at" or "from" may name a person: not a title or an institution ("RNC Chief of Staff",
    "Bureau of Labor Statistics"). Before "of", "for" or "with", where institutions are the
    rule, only a name of two or three words ("Lee Wang", "Cameron Easley") counts."""
    if set(words) & (TITLES | _ORG_HINTS | _PLACE_HEADS):
        return False
    return not before_of or 2 <= len(words) <= 3


_SHARES = frozenset({"half", "none", "all", "each", "most", "part", "much", "majority"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "across", "inside", "outside", "near"})
_GROUP_NOUNS = frozenset({"police", "people", "staff", "management", "clergy"})
# Institutions named "... of <place>" besides those `_ORG_HINTS` names.
_PLACE_HEADS = frozenset({"university", "college", "school", "city", "state", "port", "diocese"})


def _is_group(word: str) -> bool:
    """A plural or collective noun ("Democrats", "Police"), not a surname ("Trump")."""
    low = word.lower()
    return low in _GROUP_NOUNS or (low.endswith("s") and not low.endswith(("ss", "us", "is")))


def _is_proper_name(name: str) -> bool:
    """Whether a resolved speaker is a name ("Lael Brainard"), not a description."""
    words = name.split()
    return bool(words) and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)


def _looks_organization(name: str, phrase: str) -> bool:
    """Whether a speaker is an organization: its name or the head word of its phrase says
    so ("the Clinton campaign"); a title before a name ("White House press secretary Josh
    Earnest") does not."""
    tokens = [w.lower().rstrip(".") for w in _WORD.findall(name)]
    titled = [i for i, w in enumerate(tokens[:-1]) if w in _PERSONAL_TITLES]
    if titled:
        # "Rules Committee Chairman Bruce Ash": the committee only qualifies his title
        return bool(set(tokens[titled[-1] + 1 :]) & _ORG_HINTS)
    head = _WORD.findall(phrase)[-1:] if phrase else []
    return bool((set(tokens) | {w.lower() for w in head}) & _ORG_HINTS)


# Titles only a person holds, which end an organization's name inside a speaker's
# ("Rules Committee Chairman Bruce Ash", "Senate Majority Leader Mitch McConnell").
_PERSONAL_TITLES = frozenset(
    """president minister secretary senator governor mayor chancellor chairman chairwoman
    chair director spokesman spokeswoman spokesperson aide adviser advisor envoy ambassador
    leader speaker ceo founder commissioner officer lawmaker congressman congresswoman
    pollster strategist manager counsel attorney""".split()
)


__all__ = [
    "PRONOUNS",
    "TITLES",
    "NameMention",
    "SpeakerResolver",
    "fullest_name",
    "name_key",
    "name_mentions",
    "same_speaker",
    "split_title",
]
