"""Step 7 (store/extract/anchors.py): which moment of the story one sentence is about."""

from __future__ import annotations

import datetime as dt

import pytest

from store.extract.anchors import anchor_sentence, find_ordinal, is_lead_event
from store.extract.dates import find_dates
from store.story import Story, load_story

PUBLISHED = dt.date(2024, 5, 16)  # a Thursday


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story()


def anchor(text: str, story: Story, published: dt.date = PUBLISHED):  # type: ignore[no-untyped-def]
    return anchor_sentence(text, find_dates(text, published), published, story)


@pytest.mark.parametrize(("text", "day"), [
    ("The talks ended on Monday without a deal.", dt.date(2024, 5, 13)),
    ("Monday's negotiations yielded minimal results.", dt.date(2024, 5, 13)),
    ("The first round of talks in Geneva on April 9 ended without a deal.", dt.date(2024, 4, 9)),
    ("Arventa and Belostia held talks in Ankara on Thursday.", PUBLISHED),
    ("The two countries last held talks in Geneva on March 5, 2019, but they collapsed.", dt.date(2019, 3, 5)),
])
def test_a_day_tied_to_the_event_is_strong_evidence(story: Story, text: str, day: dt.date) -> None:
    a = anchor(text, story)
    assert a is not None and a.kind == "event_date" and a.strong
    assert a.event_date == day


def test_a_day_not_tied_to_the_event_dates_the_sentence_weakly(story: Story) -> None:
    a = anchor("A technical report dated May 13 found cracks in the spillways.", story)
    assert a is not None and a.kind == "date" and not a.strong
    assert a.event_date == dt.date(2024, 5, 13)


@pytest.mark.parametrize("text", [
    "Negotiators said on Thursday that progress was slow.",  # the publication day adds nothing
    "Talks will resume on May 20 in Ankara.",  # after publication: a plan
    "The next talks are proposed for June 20–30.",  # a range: a proposal
    "Talks could resume next Monday.",
    "The sides have not held talks since 2022.",  # "since": not a moment
    "The talks lasted until 2023 before collapsing.",
])
def test_plans_ranges_and_since_are_not_anchors(story: Story, text: str) -> None:
    assert anchor(text, story) is None


def test_a_modal_between_day_and_event_is_not_evidence(story: Story) -> None:
    a = anchor("Talks could resume on Monday in Ankara.", story)
    assert a is not None and not a.strong and a.kind == "date"


@pytest.mark.parametrize("text", [
    "The two countries fought a border war in 1998.",
    "The talks held in Istanbul in 2022 collapsed.",
    "The talks in March 2022 failed.",
])
def test_a_past_year_makes_background(story: Story, text: str) -> None:
    a = anchor(text, story)
    assert a is not None and a.kind == "background" and a.event_date is None


@pytest.mark.parametrize(("text", "number"), [
    ("The second round ended without a deal.", 2),
    ("Round two of the negotiations ended at noon.", 2),
    ("The 3rd round will be harder.", 3),
    ("The delegations met for the second time in Istanbul for talks.", 2),
])
def test_ordinals(story: Story, text: str, number: int) -> None:
    assert find_ordinal(text, story) == number


def test_for_the_nth_time_needs_an_event_noun(story: Story) -> None:
    assert find_ordinal("For the second time, he said no.", story) is None


def test_ordinal_alone_anchors_by_ordinal(story: Story) -> None:
    a = anchor("The second round ended without a deal.", story)
    assert a is not None and a.kind == "ordinal" and a.ordinal == 2 and a.event_date is None


def test_lead_event_needs_an_event_happening(story: Story) -> None:
    assert is_lead_event("Direct negotiations between the two sides have begun in Geneva.", story)
    assert not is_lead_event("Negotiations could begin next month in Geneva.", story)
    assert not is_lead_event("The dam produces most of the region's electricity.", story)
