"""Typed search text -> the terms every fact must match (store/terms.py)."""

from __future__ import annotations

from store.terms import MAX_CLAUSES, search_terms

NOUNS = ("talks", "negotiations")


def spellings(typed: str, abbreviations: frozenset[str] = frozenset()) -> list[set[str]]:
    return [set(t.spellings) for t in search_terms(typed, abbreviations, NOUNS)]


def test_each_word_is_a_term_with_its_spellings() -> None:
    assert spellings("the prisoners ceasefire") == [{"prisoners", "prison", "prisoner", "pow", "captive"},
                                                    {"ceasefire", "cease-fire", "truce"}]


def test_or_joins_the_words_either_side_into_one_term() -> None:
    assert spellings("ceasefire or prisoners") == [{"ceasefire", "cease-fire", "truce", "prisoners", "prison",
                                                    "prisoner", "pow", "captive"}]
    # (dam and water) or grain = (dam or grain) and (water or grain)
    assert spellings("dam water OR grain") == [{"dam", "grain"}, {"water", "grain"}]


def test_too_many_alternatives_make_or_an_ordinary_stopword() -> None:
    words = " ".join(f"w{i}x" for i in range(MAX_CLAUSES + 1))
    assert len(spellings(f"{words} or grain")) == MAX_CLAUSES + 2  # each word a term of its own


def test_a_quoted_phrase_is_one_term_kept_whole() -> None:
    assert spellings('"prisoners of war" exchange') == [{"prisoners of war"}, {"exchange"}]
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
