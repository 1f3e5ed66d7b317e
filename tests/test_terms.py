"""Typed search text -> the terms every fact must match (store/terms.py)."""

from __future__ import annotations

from store.story import load_story
from store.terms import MAX_CLAUSES, Vocabulary, matcher, respelled, search_terms, with_respellings

NOUNS = ("talks", "negotiations")


def spellings(typed: str, abbreviations: frozenset[str] = frozenset()) -> list[set[str]]:
    return [set(t.spellings) for t in search_terms(typed, abbreviations, NOUNS)]


def test_each_word_is_a_term_with_its_spellings() -> None:
    assert spellings("the prisoners ceasefire") == [{"prisoners", "prison", "prisoner", "pow", "pows", "captive"},
                                                    {"ceasefire", "cease-fire", "truce"}]


def test_a_name_is_searched_in_every_one_word_spelling_the_story_knows() -> None:
    """"Kiev" found the four facts that write Kiev and not the eight that write Kyiv."""
    story = load_story()
    [term] = search_terms("kiev", frozenset(), story.event_nouns, story.word_spellings)
    assert {"kiev", "kyiv"} <= term.spellings
    [term] = search_terms("poutine", frozenset(), story.event_nouns, story.word_spellings)
    assert "putin" in term.spellings


def test_or_joins_the_words_either_side_into_one_term() -> None:
    assert spellings("ceasefire or prisoners") == [{"ceasefire", "cease-fire", "truce", "prisoners", "prison",
                                                    "prisoner", "pow", "pows", "captive"}]
    # (dam and water) or grain = (dam or grain) and (water or grain)
    assert spellings("dam water OR grain") == [{"dam", "grain"}, {"water", "grain"}]


def test_too_many_alternatives_make_or_an_ordinary_stopword() -> None:
    words = " ".join(f"w{i}x" for i in range(MAX_CLAUSES + 1))
    assert len(spellings(f"{words} or grain")) == MAX_CLAUSES + 2  # each word a term of its own


def test_a_quoted_phrase_is_one_term_kept_whole() -> None:
    assert spellings('"prisoners of war" exchange') == [{"prisoners of war"}, {"exchange", "exchang"}]
    assert spellings("“the Istanbul talks”") == [{"the istanbul talks"}]


def test_an_abbreviation_is_searched_dotted_and_in_capitals() -> None:
    [term] = search_terms("us", frozenset({"us"}), NOUNS)
    assert set(term.spellings) == {"us", "u.s"}
    assert term.capitals is not None and term.capitals.search("the U.S. envoy") and not term.capitals.search("us")
    assert search_terms("us", frozenset(), NOUNS) == []  # typed in lower case it is the stopword


def test_round_means_any_event_noun_and_vs_is_no_word() -> None:
    assert spellings("next round") == [{"next", "future", "upcoming"}, {"round", "talks", "negotiations"}]
    assert spellings("Umerov vs Medinsky") == [{"umerov"}, {"medinsky"}]


def test_an_abbreviation_in_an_or_keeps_its_capitals() -> None:
    [term] = search_terms("us or eu", frozenset({"us", "eu"}), NOUNS)
    assert set(term.spellings) == {"us", "u.s", "eu", "e.u"}
    assert term.capitals is not None
    kept = [t for t in ("the US envoy", "give us time", "the EU said", "Europe agreed") if term.capitals.search(t)]
    assert kept == ["the US envoy", "the EU said"]


COVERAGE = Vocabulary({"ceasefire": 12, "prisoners": 7, "memorandum": 3, "talks": 20, "delegations": 5,
                       "memorandums": 1})


def test_a_word_the_coverage_knows_is_not_respelled() -> None:
    # as the search matches: by prefix ("prison" finds "prisoners") and by stem ("delegation")
    assert respelled("prison delegation talks", COVERAGE) == {}
    assert COVERAGE.knows("prisoner") and COVERAGE.knows("delegation") and not COVERAGE.knows("cesefire")


def test_a_mistyped_word_is_respelled_as_the_coverage_spells_it() -> None:
    assert respelled("cesefire talks", COVERAGE) == {"cesefire": "ceasefire"}
    assert respelled("memorandm or ceasfire", COVERAGE) == {"memorandm": "memorandum", "ceasfire": "ceasefire"}
    # a word the coverage does not use is not turned into another real word ("walks" is 80 from "talks");
    # nor is one two letters off a short word's: "editors" is 88 from "mediators", and no slip of it
    assert respelled("walks zanzibar", COVERAGE) == {}
    assert respelled("notes to editors", Vocabulary({"mediators": 4, "notes": 2})) == {}
    assert respelled("prisonres", COVERAGE) == {"prisonres": "prisoners"}
    # stopwords and short words (abbreviations) are left as typed
    assert respelled("whta about the ceasefire", COVERAGE) == {}
    assert respelled("tlks", COVERAGE) == {"tlks": "talks"} and respelled("EUU", COVERAGE) == {}
    # a pasted paragraph of unknown words is no typo: not compared with every word of the coverage
    assert respelled("cesefire " + " ".join(f"zzz{c}word" for c in "abcd"), COVERAGE) == {}


def test_respellings_keep_the_case_typed() -> None:
    fixes = {"cesefire": "ceasefire", "memorandm": "memorandum"}
    assert with_respellings("Cesefire and the MEMORANDM, cesefire", fixes) == \
        "Ceasefire and the MEMORANDUM, ceasefire"


def test_a_term_matches_text_as_the_full_text_search_does() -> None:
    """'what's next' matches the few facts since the last round in Python, not in the index."""
    phrase, prisoners, eu = (matcher(t) for t in search_terms('prisoner EU "next round"', frozenset({"eu"}), NOUNS))
    assert prisoners.search("the prisoners were freed") and prisoners.search("a pow camp")
    assert not prisoners.search("imprisoned")  # from a word's start, as the index matches
    assert not prisoners.search("no decision-making power")  # "pow" is an abbreviation: whole
    assert eu.search("the eu said") and not eu.search("europe said")  # a short word whole
    assert phrase.search("the next round of talks") and not phrase.search("the round next week")


def test_what_happened_is_how_a_question_asks_not_what_about() -> None:
    assert spellings("what happened in Istanbul") == [{"istanbul"}]
    assert spellings("happened") == [{"happened", "happen"}]  # alone, it is what was typed
    assert spellings("prisoner swap numbers") == spellings("prisoner swap")
    assert spellings("ceasefire details") == spellings("ceasefire")


def test_a_verb_is_searched_in_its_irregular_past_and_back() -> None:
    """"who led the delegation" found no fact saying it "will lead" it; "when did they meet" none saying they "met"."""
    assert spellings("led") == spellings("lead") == [{"lead", "led", "head", "chief"}]
    assert spellings("headed") == [{"headed", "head", "lead", "led", "chief"}]


def test_an_offer_is_searched_as_proposed_or_tabled() -> None:
    for word in ("offer", "offered", "propose", "proposed", "proposals", "tabled"):
        assert {"offer", "propos", "tabled"} <= spellings(word)[0], word
    assert spellings("table") == [{"table"}], "a table is not an offer"


def test_a_rejection_is_searched_as_refused_ruled_out_or_turned_down() -> None:
    for word in ("reject", "rejected", "rejection", "refuse", "refused", "refusal"):
        assert {"reject", "refus", "ruled out", "turned down"} <= spellings(word)[0], word
    [rejected] = (matcher(t) for t in search_terms("rejected", frozenset(), NOUNS))
    assert rejected.search("the offer was turned down") and not rejected.search("he turned to the press")
    [met] = (matcher(t) for t in search_terms("meet", frozenset(), NOUNS))
    assert met.search("they met on friday") and met.search("a meeting in june")
    assert not met.search("1,200 cubic metres"), "a past form is matched whole"


def test_a_contracted_function_word_is_no_search_word() -> None:
    """"what's in the memorandum" looked for "what's" too: no fact had both words."""
    assert spellings("what's in the memorandum") == spellings("memorandum")
    assert spellings("didn't they agree") == spellings("agree")
    assert spellings("Russia's demands")[0] >= {"russia's"}, "a name's possessive stays a word"


def test_a_number_is_searched_as_typed_and_with_its_thousands_separated() -> None:
    """Reporters type 6000; copy writes 6,000, which the search reads as the words "6" and "000"."""
    assert spellings("6000") == spellings("6,000") == [{"6000", "6 000"}]
    assert spellings("1,200,000") == [{"1200000", "1 200 000"}]
    assert spellings("2025") == [{"2025"}], "a year is no figure"


def test_bodies_are_searched_as_remains_and_the_dead() -> None:
    """`bodies` found Medinsky's "retrieve the bodies" only, not "the remains of 6,000 soldiers"."""
    [bodies] = (matcher(t) for t in search_terms("bodies", frozenset(), NOUNS))
    assert bodies.search("the remains of 6,000 soldiers killed in battle")
    assert bodies.search("the return of thousands of dead soldiers")
    assert not bodies.search("the question remains open"), "'remains' alone is a verb as often"


def test_a_meeting_is_also_searched_as_meeting_someone() -> None:
    """`Zelensky Putin meeting` missed "Putin has said he is ready to meet Zelensky"."""
    [meeting] = (matcher(t) for t in search_terms("meeting", frozenset(), NOUNS))
    assert meeting.search("putin has said he is ready to meet zelensky") and meeting.search("the two men met in june")
