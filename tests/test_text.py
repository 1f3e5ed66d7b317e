import re

import pytest

from store.text import Caseless, clipped, counted, tidy

PATTERNS = [r"\b(agreed|cease-fire|withdraw\w*)\b", r"^(he|she)\b", r"\b(since|by)\s+(the\s+)?$",
            r"(?<![\w.$€£])\d[\d,.]*|\b(?:two|hundred)"]
TEXTS = ["They AGREED to a Cease-Fire and Withdrawals.", "He said so", "talks since the ", "two HUNDRED €5,000",
         "ÇIRAĞAN: aGreed, ceaſe-fire, agreed", "ſince the", "", "Kelvin \u212a two"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_caseless_matches_like_ignorecase(pattern: str) -> None:
    plain, fast = re.compile(pattern, re.IGNORECASE), Caseless(pattern)
    assert fast.lowered is not None
    for text in TEXTS:
        assert fast.found(text) == bool(plain.search(text))
        assert fast.count(text) == len(plain.findall(text))
        assert fast.spans(text) == [m.span() for m in plain.finditer(text)]


def test_caseless_keeps_ignorecase_for_patterns_it_cannot_lower() -> None:
    for pattern in (r"\bTalks\b", r"\bçırağan\b"):  # an upper-case or a non-ASCII cased letter
        fast = Caseless(pattern)
        assert fast.lowered is None
        assert fast.found("TALKS ÇIRAĞAN talks çırağan") == bool(re.search(pattern, "TALKS ÇIRAĞAN", re.IGNORECASE))


def test_a_count_of_one_is_singular() -> None:
    """Status said "posted 1 facts"."""
    assert (counted(1, "fact"), counted(0, "fact"), counted(2, "new round")) == ("1 fact", "0 facts", "2 new rounds")


def test_a_long_question_is_clipped_at_a_word_in_a_title() -> None:
    """A paragraph pasted as a question came back whole as the answer's title."""
    long = " ".join(["prisoner exchange negotiations"] * 40)
    assert clipped(long) == "prisoner exchange negotiations prisoner exchange…"
    assert len(clipped(long)) <= 60
    assert clipped("prisoner exchange") == "prisoner exchange"
    assert clipped("x" * 80).endswith("…") and len(clipped("x" * 80)) == 60


def test_only_groups_of_three_digits_after_a_narrow_space_are_one_number() -> None:
    """"In 2025\u00a0300 soldiers" is a year and a count, not 2,025,300; a plain space groups
    nothing; a word-processor's soft hyphen and a page's zero-width space vanish."""
    assert tidy("in 2025\u00a0300 soldiers") == "in 2025 300 soldiers"
    assert tidy("12\u202f345\u202f678 euros, 1 000 tonnes") == "12,345,678 euros, 1 000 tonnes"
    assert tidy("3.5\u2009000") == "3.5 000"
    assert tidy("Ume\u00adrov\u200b said") == "Umerov said"
