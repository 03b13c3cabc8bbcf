"""Tests of compare/speakers.py: titles, name variants and back-references."""

from __future__ import annotations

from newsweave.compare import speakers
from newsweave.compare.speakers import SpeakerResolver, name_mentions, same_speaker, split_title

TEXT = (
    "Russian President Vladimir Putin met US President Donald Trump's envoy. "
    "Kremlin aide Yuri Ushakov spoke first. The US president said the talks went well."
)


def test_split_title_keeps_roles_apart() -> None:
    assert split_title("US President Donald Trump") == (
        "Donald Trump",
        frozenset({"us", "president"}),
    )
    assert split_title("Russian President Vladimir Putin")[0] == "Vladimir Putin"
    assert split_title("Sen. Ted Cruz")[0] == "Ted Cruz"


def test_mentions_carry_role_words_written_before_the_name() -> None:
    mentions = {m.name: m.roles for m in name_mentions(TEXT)}
    assert {"kremlin", "aide"} <= mentions["Yuri Ushakov"]
    assert "president" in mentions["Donald Trump"]


def test_same_speaker_matches_surname_and_full_name() -> None:
    assert same_speaker("Putin", "Vladimir Putin")
    assert same_speaker("President Vladimir Putin", "Putin")
    assert not same_speaker("Donald Trump", "Donald Tusk")
    assert not same_speaker(None, "Putin")


def test_role_resolves_to_the_name_written_with_those_words() -> None:
    resolver = SpeakerResolver.for_text(TEXT, name_mentions(TEXT))
    assert resolver.resolve("The US president", TEXT.index("The US president")) == "Donald Trump"


def test_pronoun_follows_the_latest_speaker() -> None:
    text = "Yuri Ushakov said the offer gave Russia nothing. Later he added that talks would go on."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("Yuri Ushakov", 0) == "Yuri Ushakov"
    assert resolver.resolve("he", text.index("he added")) == "Yuri Ushakov"


def test_surname_resolves_to_fullest_name() -> None:
    resolver = SpeakerResolver.for_text(TEXT, name_mentions(TEXT))
    assert resolver.resolve("Putin", len(TEXT)) == "Vladimir Putin"


def test_public_api() -> None:
    assert all(hasattr(speakers, name) for name in speakers.__all__)


def test_latest_speaker_is_the_last_person_resolved_before_an_offset() -> None:
    text = "Yuri Ushakov said the offer gave Russia nothing. The Kremlin declined to comment."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Yuri Ushakov", 0)
    resolver.resolve("The Kremlin", text.index("The Kremlin"))
    assert resolver.latest_speaker(len(text)) == "Yuri Ushakov"
    assert resolver.latest_speaker(0) is None


def test_latest_speaker_passes_over_a_speaker_inside_reported_speech() -> None:
    text = (
        "Carter said that some critics had been predicting an American withdrawal from the region."
    )
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Carter", 0)
    critics = text.index("some critics")
    resolver.resolve("some critics", critics)
    assert resolver.latest_speaker(len(text)) == "some critics"
    reported = [(text.index("that"), len(text) - 1)]
    assert resolver.latest_speaker(len(text), reported) == "Carter"


def test_organization_in_a_persons_title_does_not_make_an_organization() -> None:
    text = (
        "Rules Committee Chairman Bruce Ash argued in an email that the rules should change."
        " The committee said nothing."
    )
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("Rules Committee Chairman Bruce Ash", 0)
    resolver.resolve("The committee", text.index("The committee"))
    assert resolver.latest_speaker(len(text)) == "Rules Committee Chairman Bruce Ash"


def test_capitalized_first_word_is_not_taken_for_a_pronouns_antecedent() -> None:
    text = "Yuri Ushakov spoke first. Around forty delegates had left the hall by noon, he said."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Yuri Ushakov", 0)
    sentence = text.index("Around")
    assert resolver.resolve("he", text.index("he said"), sentence) == "Yuri Ushakov"


def test_descriptive_speaker_phrase_resolves_to_the_name_it_ends_with() -> None:
    text = "Trump spokesman Hope Hicks said the group was independent of the campaign."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("Trump spokesman Hope Hicks", 0) == "Hope Hicks"


def test_he_points_back_to_a_named_person_not_to_a_group() -> None:
    text = (
        "Chris Christie arrived by a back door. The protesters chanted outside the hall."
        " He said he loved hearing from voters."
    )
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Chris Christie", 0)
    resolver.resolve("the protesters", text.index("The protesters"))
    assert resolver.resolve("He", text.index("He said")) == "Chris Christie"


def test_indefinite_description_is_a_new_speaker_not_an_earlier_name() -> None:
    text = "Clinton aide Huma Abedin spoke first. Later one Clinton aide said the polls were off."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("Huma Abedin", text.index("Huma")) == "Huma Abedin"
    assert resolver.resolve("one Clinton aide", text.index("one Clinton")) == "one Clinton aide"
    assert resolver.resolve("The aide", len(text)) == "Huma Abedin"


def test_title_with_an_organization_word_does_not_make_a_person_an_organization() -> None:
    text = (
        "White House press secretary Josh Earnest argued that the primary was healthy."
        ' "That debate is good for our democracy," he said.'
    )
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    speaker = "White House press secretary Josh Earnest"
    assert resolver.resolve(speaker, 0) == "Josh Earnest"
    assert resolver.resolve("he", text.index("he said")) == "Josh Earnest"


def test_person_inside_an_apposed_subject_is_the_speaker() -> None:
    text = "Nevada's governor, Brian Sandoval, a Republican, cautioned against the plan."
    person = (text.index("Brian"), text.index(", a Rep"), "PERSON")
    resolver = SpeakerResolver.for_text(text, name_mentions(text, [person]))
    phrase = "Nevada's governor, Brian Sandoval, a Republican,"
    assert resolver.resolve(phrase, 0) == "Brian Sandoval"


def test_lower_case_role_before_a_name_gives_the_name() -> None:
    text = "Earlier, campaign chairman John Podesta said the plan was firm."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    start = text.index("campaign")
    assert resolver.resolve("campaign chairman John Podesta", start) == "John Podesta"


def test_sentence_opening_name_is_not_taken_across_a_quotation() -> None:
    text = "Donald Trump spoke in Ohio. Clinton \u201ccaused tremendous havoc,\u201d he said."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Donald Trump", 0)
    sentence = text.index("Clinton")
    assert resolver.resolve("he", text.index("he said"), sentence) == "Donald Trump"


def test_first_person_outside_quotes_is_the_latest_speaker() -> None:
    text = "Senator Ann Lee spoke first. I asked whether the bridge would be finished."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Senator Ann Lee", 0)
    assert resolver.resolve("I", text.index("I asked")) == "Ann Lee"


def test_relative_clause_after_a_described_subject_does_not_name_the_speaker() -> None:
    text = (
        "Representative Maria Delgado filed the bill on Monday. The lawmaker, who represents"
        " a district in Albay province, said the ban would protect voters."
    )
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    resolver.resolve("Representative Maria Delgado", 0)
    phrase = "The lawmaker, who represents a district in Albay province,"
    assert resolver.resolve(phrase, text.index("The lawmaker")) == "Maria Delgado"


def test_department_written_alone_is_not_the_secretary_who_heads_it() -> None:
    text = (
        "Secretary of State Miriam Achterberg visited the port. "
        "State later said the new visas would be issued within a month."
    )
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("Miriam Achterberg", text.index("Miriam")) == "Miriam Achterberg"
    assert resolver.resolve("State", text.index("State later")) == "State"


def test_time_ending_a_speaker_phrase_is_not_a_name() -> None:
    text = "A Gazette survey released on Thursday found support for the tram line at 61 percent."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    phrase = "A Gazette survey released on Thursday"
    assert resolver.resolve(phrase, 0) == "Gazette survey released on Thursday"


def test_role_of_a_place_resolves_to_the_holder_named_with_that_title() -> None:
    text = "Mayor Anna Berg opened the bridge. Tolls stay, the mayor of Portvale said."
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("the mayor of Portvale", text.index("the mayor")) == "Anna Berg"
    # an indefinite one is someone not named before
    assert resolver.resolve("a spokeswoman for Janney", len(text)) == "a spokeswoman for Janney"


def test_name_before_a_place_or_an_employer_is_the_person_not_a_group_or_a_body() -> None:
    resolver = SpeakerResolver.for_text("", [])
    assert resolver.resolve("Lee Wang of The Intercept", 0) == "Lee Wang"
    assert resolver.resolve("Cameron Easley for Morning Consult", 0) == "Cameron Easley"
    assert resolver.resolve("Supporters of Sanders", 0) == "Supporters of Sanders"
    assert resolver.resolve("Bureau of Labor Statistics", 0) == "Bureau of Labor Statistics"
    assert resolver.resolve("the Hollywood Chamber of Commerce", 0) != "Commerce"


def test_capitalized_openers_and_contractions_are_not_names() -> None:
    text = (
        "Senator Bo Lind spoke in New Hampshire. Reacting to the vote, Lind was calm. "
        "Over the years, she said, the party changed. He's predicting a win."
    )
    names = {m.name for m in name_mentions(text)}
    assert "New Hampshire" in names and "Hampshire" not in names
    assert not names & {"Reacting", "Over"}
    resolver = SpeakerResolver.for_text(text, name_mentions(text))
    assert resolver.resolve("Senator Bo Lind", 0) == "Bo Lind"
    assert resolver.resolve("He's", text.index("He's")) == "Bo Lind"


def test_a_speaker_phrase_ends_before_its_own_verb_but_keeps_a_relative_clause() -> None:
    resolver = SpeakerResolver.for_text("", [])
    assert resolver.resolve("a reporter can be heard", 0) == "a reporter"
    assert resolver.resolve("The campaign would not", 0) == "The campaign"
    assert resolver.resolve("a new 30-second ad that", 0) == "a new 30-second ad"
    official = "a campaign official who was not authorized to speak"
    assert resolver.resolve(official, 0) == official
