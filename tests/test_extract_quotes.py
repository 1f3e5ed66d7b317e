"""Step 5 (store/extract/quotes.py): who said it, and which outlet carried it."""

from __future__ import annotations

import pytest

from store.extract.entities import NameMemory, find_entities
from store.extract.pipeline import extract
from store.extract.quotes import find_attribution, find_speech
from store.story import Story, load_story


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story()


def speech(text: str, story: Story, memory: NameMemory | None = None):  # type: ignore[no-untyped-def]
    memory = memory or NameMemory()
    return find_speech(text, find_entities(text, story, memory).people, memory, story)


@pytest.mark.parametrize(("sentence", "outlet"), [
    ("A diplomatic source told AFP that the offer was unacceptable.", "AFP"),
    ("The delegations met for two hours, reports UNN.", "UNN"),
    ("The talks ended at noon, Ukrinform reports.", "Ukrinform"),
    ("The envoy had no mandate, CNN reported, citing a source.", "CNN"),
    ("The meeting must be prepared, Medinsky was quoted as saying by the state news agency TASS.", "TASS"),
    ("He told Al Jazeera that little was achieved.", "Al Jazeera"),
    ("The delegations agreed on data sharing, according to Reuters.", "Reuters"),
])
def test_attribution_to_an_outlet(story: Story, sentence: str, outlet: str) -> None:
    assert find_attribution(sentence, story) == outlet


@pytest.mark.parametrize("sentence", [
    "The minister told reporters the offer was final.",
    "The talks ended without a deal on Tuesday.",
])
def test_no_outlet_no_attribution(story: Story, sentence: str) -> None:
    assert find_attribution(sentence, story) is None


@pytest.mark.parametrize("sentence", [
    '"We have opened a door that was closed for too long," said Mirela Dobrescu, the chief negotiator.',
    "“We have opened a door,” Mirela Dobrescu said after the talks.",
    "Chief negotiator Mirela Dobrescu told reporters that the door was open.",
])
def test_speaker_of_a_quote(story: Story, sentence: str) -> None:
    result = speech(sentence, story)
    assert result.speaker == "Mirela Dobrescu"
    assert result.is_quote is sentence.startswith(("\"", "“"))


def test_speaker_is_the_person_next_to_the_speech_verb(story: Story) -> None:
    sentence = "Tomás Ibarra met Mirela Dobrescu, who said the dam would stay open."
    assert speech(sentence, story).speaker == "Mirela Dobrescu"


def test_a_name_in_a_relative_clause_is_no_speaker_of_the_sentence(story: Story) -> None:
    """The memorandum's terms were Putin's words in "what did Putin say in round 2", and hid that
    no words of his were reported that round."""
    sentence = ("The memorandum calls on Ukraine to freeze Western arms supplies and stop its mobilization "
                "efforts, both of which Russian President Vladimir Putin had previously proposed.")
    assert speech(sentence, story).speaker is None
    assert speech("Vladimir Putin proposed a freeze on arms supplies.", story).speaker == "Vladimir Putin"
    # what they said in a clause that the sentence is about: their words still
    assert speech("The employers received a letter dated 30 October in which Transport Minister Elena Marsh warned "
                  "both sides of emergency legislation.", story).speaker == "Elena Marsh"
    assert speech("The EU wants a sustainability clause, which Joaquin Ibanez described as green protectionism.",
                  story).speaker == "Joaquin Ibanez"


def test_pronoun_speaker_is_the_last_person_named(story: Story) -> None:
    memory = NameMemory()
    speech('"We are ready," said Mirela Dobrescu, the chief negotiator.', story, memory)
    result = speech("She told AFP that a commission would be set up within a month.", story, memory)
    assert result.speaker == "Mirela Dobrescu"
    assert result.attribution == "AFP"


def test_pronoun_without_anyone_named_has_no_speaker(story: Story) -> None:
    assert speech("He told AFP that nothing was agreed.", story).speaker is None


def test_speaker_spelling_is_canonical(story: Story) -> None:
    assert speech("Zelensky said the talks had failed.", story).speaker == story.canonical("Zelensky")


def test_speaker_written_with_a_variant_spelling(story: Story) -> None:
    assert speech("Zelenskyy said the talks had failed.", story).speaker == story.canonical("Zelensky")
    assert speech("Poutine said the talks had failed.", story).speaker == story.canonical("Putin")


def test_no_speech_verb_no_speaker(story: Story) -> None:
    result = speech("Mirela Dobrescu led the delegation to Geneva.", story)
    assert result.speaker is None and not result.is_quote


def test_according_to_a_person_names_the_speaker(story: Story) -> None:
    sentence = "According to Tomás Ibarra, the envoy, the deal was close."
    assert find_entities(sentence, story).places == []
    assert speech(sentence, story).speaker == "Tomás Ibarra"


@pytest.mark.parametrize(("sentence", "speaker"), [
    ('"It will not work," emphasized the head of the Presidential Office Andriy Yermak, who was present.',
     "Andriy Yermak"),
    ('"It will not work," said the chief negotiator of the Russian delegation Vladimir Medinsky on Friday.',
     "Vladimir Medinsky"),
])
def test_a_title_between_the_verb_and_the_speaker_is_not_distance(story: Story, sentence: str, speaker: str) -> None:
    """A long title after the verb put the name past the 40 characters a speaker may be from it."""
    assert speech(sentence, story).speaker == speaker


def test_a_name_far_after_the_verb_in_other_words_is_not_the_speaker(story: Story) -> None:
    sentence = "The envoy said the talks in the old palace above the river had been arranged by Tomás Ibarra."
    assert speech(sentence, story).speaker is None


def speakers_of(body: str, story: Story) -> list[str | None]:
    return [f.speaker for f in extract(f" date 2025-05-16 {body}", story).facts]


def test_a_name_inside_the_quote_is_not_who_said_it(story: Story) -> None:
    """'If a ceasefire cannot be agreed, "it will be 100% clear that Putin continues to undermine
    diplomacy," he added' was put in Putin's mouth: the one named in Zelensky's quote."""
    body = ("Zelensky said the ceasefire had to come first.\n"
            "“It must happen immediately.”\n"
            "If a ceasefire cannot be agreed, “it will be clear that Putin undermines diplomacy,” he added.\n")
    assert speakers_of(body, story)[-1] == "Volodymyr Zelensky"


def test_he_is_who_was_named_before_the_sentence_not_a_name_in_it(story: Story) -> None:
    """'He stated, "... and even invite [US President Donald] Trump to join us."' after Erdogan's
    words was Trump's: a titled name in the quote had become the last person named."""
    body = ("“Magnificent” is how Turkish President Recep Tayyip Erdogan described the negotiations.\n"
            "He stated, “It would be my greatest dream to meet them and even invite [US President Donald] "
            "Trump to join us.”\n")
    assert speakers_of(body, story) == ["Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"]


def test_a_name_after_a_preposition_is_an_object_not_the_speaker(story: Story) -> None:
    """'But he pushed criticism from Zelensky and insisted that the delegation has a mandate from
    Putin' was Zelensky's: Medinsky, named before it, is the "he"."""
    body = ("The Russian negotiator Vladimir Medinsky said Moscow saw the talks as a continuation.\n"
            "But he pushed criticism from Zelensky and insisted that the Russian delegation has a mandate "
            "from Putin to find solutions.\n")
    assert speakers_of(body, story) == ["Vladimir Medinsky", "Vladimir Medinsky"]


@pytest.mark.parametrize("sentence", [
    "Residents of Addis Ababa said that the process could drag on for months.",
    "Critics of the Andean Trade Pact warned that hardliners at home were watching closely.",
    "A spokesman for Zelensky said the delegation would stay another day.",
])
def test_whom_a_speaker_is_of_or_for_is_not_the_speaker(story: Story, sentence: str) -> None:
    assert speech(sentence, story).speaker is None


@pytest.mark.parametrize("sentence", [
    "Rustem Umerov, the defense minister and chief negotiator for Ukraine, told reporters the swap would go on.",
    "Séverin Okandé, Dorsalie's interior minister and chief government negotiator, said the promise was kept.",
])
def test_a_name_and_its_apposition_before_the_verb_is_the_speaker(story: Story, sentence: str) -> None:
    """The apposition put the name more than 40 characters before "told": the sentence had no speaker."""
    assert speech(sentence, story).speaker == find_entities(sentence, story).people[0]


def test_a_quote_left_open_takes_the_speaker_of_the_sentence_after_it(story: Story) -> None:
    """The copy never closed the quote: "“We decided to swap severely ill and injured POWs ..." had no
    speaker, though the sentence after it names Umerov telling reporters."""
    article = extract(" date 2025-06-02 “We decided to swap severely ill and injured POWs completely. Rustem "
                      "Umerov, the defense minister and chief negotiator for Ukraine, told reporters in Istanbul "
                      "that the second group is young soldiers.\n", story, 2025)
    assert [f.speaker for f in article.facts] == ["Rustem Umerov", "Rustem Umerov"]


def test_a_reporter_relaying_a_source_is_not_the_speaker(story: Story) -> None:
    """"according to a Ukrainian diplomatic source, Russia demanded ..., Axios journalist Barak Ravid
    reported": the demand was the source's news, and `what did Ravid say` listed it as his."""
    relayed = ("At the talks, according to a Belostian diplomatic source, Arventa demanded the release of all "
               "water data, Axios journalist Tomas Ibarra reported.")
    assert speech(relayed, story).speaker is None
    assert speech("Tomas Ibarra, the chief negotiator, reported that the talks had stalled.", story).speaker \
        == "Tomas Ibarra", "no source relayed: who reports it says it"


@pytest.mark.parametrize("sentence", [
    "At a fresh round of talks on July 23, lead negotiator Tomas Ibarra proposed to hold the talks in August.",
    "The government delegation, led by Interior Minister Tomas Ibarra, demanded that the rebels lift the siege.",
])
def test_proposing_or_demanding_is_saying(story: Story, sentence: str) -> None:
    """`what did Umerov say in round 3` said no words of his were reported, though he proposed the
    next talks there."""
    assert speech(sentence, story).speaker == "Tomas Ibarra"
