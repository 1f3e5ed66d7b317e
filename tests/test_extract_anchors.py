"""Step 7 (store/extract/anchors.py): which moment of the story one sentence is about."""

from __future__ import annotations

import datetime as dt

import pytest

from store.extract.anchors import (
    anchor_sentence,
    event_noun_spans,
    find_ordinal,
    is_lead_event,
    renumbered,
    reports_its_round,
)
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


def test_a_timeline_entry_ties_its_day_to_its_event(story: Story) -> None:
    """A factbox lists "Jan. 12, 2027 - First round, Brouwershuis: six hours, no deal": the dash was
    taken for a clause break, and a round every article spoke of was never found."""
    a = anchor("Jan. 12, 2024 - First round, Brouwershuis, Velsberg: six hours, no deal.", story)
    assert a is not None and a.strong and a.event_date == dt.date(2024, 1, 12) and a.ordinal == 1


@pytest.mark.parametrize("text", [
    "Feb. 4, 2024 - Second round postponed by a week at the city's request.",
    "The talks on Monday were called off at the last minute.",
    "The second round of talks, held up since Monday, has been postponed.",
    "The talks were originally due on 9 May but were put back by a week after the river flooded.",
])
def test_a_round_postponed_or_called_off_is_no_evidence(story: Story, text: str) -> None:
    """A postponement notice made a round of the day the talks did not take place."""
    a = anchor(text, story)
    assert a is None or not a.strong


def test_a_day_not_tied_to_the_event_dates_the_sentence_weakly(story: Story) -> None:
    a = anchor("Engineers found cracks in the spillways on May 13, the operator said.", story)
    assert a is not None and a.kind == "date" and not a.strong
    assert a.event_date == dt.date(2024, 5, 13)


def test_a_document_s_date_is_not_the_sentence_s(story: Story) -> None:
    """"A technical report dated May 13 found cracks": told at the round, about a document of
    May 13. It was dated May 13, and left out of the round it was told at."""
    assert anchor("A technical report dated May 13 found cracks in two of the dam's spillways.", story) is None
    assert anchor("The EU is pressing for the tax to go, according to a document dated on May 12.", story) is None


@pytest.mark.parametrize(("text", "day"), [
    ("Arventa and Belostia agreed on Tuesday to a 10-day truce in the north, at the end of their first "
     "face-to-face talks since a 2019 accord collapsed, mediators said.", dt.date(2024, 5, 14)),
    ("Arventa and Belostia agreed late Tuesday on a ten-day truce, after their first direct talks since the "
     "collapse of a peace deal.", dt.date(2024, 5, 14)),
    ("On Thursday, at the castle in the port city of Trevi, the two sides signed a permanent ceasefire after "
     "13 hours of talks, mediators said.", PUBLISHED),
])
def test_a_lead_ties_its_day_to_the_talks_it_ends_with(story: Story, text: str, day: dt.date) -> None:
    """Wire leads put the day by the verb and the talks at the end: "agreed on Tuesday to ...,
    at the end of their talks". Too far apart for the usual tie, such leads gave no round at all."""
    a = anchor_sentence(text, find_dates(text, PUBLISHED), PUBLISHED, story, lead=True)
    assert a is not None and a.strong and a.event_date == day


def test_only_a_lead_ties_a_day_to_talks_so_far_off(story: Story) -> None:
    text = ("Arventa and Belostia agreed on Tuesday to a 10-day truce in the north, at the end of their first "
            "face-to-face talks since a 2019 accord collapsed, mediators said.")
    later = anchor_sentence(text, find_dates(text, PUBLISHED), PUBLISHED, story)
    assert later is None or not later.strong


@pytest.mark.parametrize("text", [
    "Fourteen hostages were released by the rebels on Wednesday, a day before the talks.",
    "Shelling intensified on Tuesday in the north of the country, ahead of the talks in Geneva.",
    "Ukraine said on Tuesday that Russia had broken the truce agreed at the end of the talks in Istanbul.",
    "The army repelled an attack on Tuesday near the northern town of Trevi, which the rebels blamed on the "
    "collapse of the talks.",
    "Kyiv announced on Tuesday a new wave of mobilisation, after the collapse of the talks in Istanbul.",
])
def test_a_day_off_the_talks_or_a_statement_s_day_is_no_evidence(story: Story, text: str) -> None:
    a = anchor_sentence(text, find_dates(text, PUBLISHED), PUBLISHED, story, lead=True)
    assert a is None or not a.strong


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


@pytest.mark.parametrize("text", [
    "The delegations arrived in Ankara on Monday under tight security.",
    "The Belostian delegation flew to Ankara on Monday for the talks.",
])
def test_coming_to_the_talks_is_not_evidence_of_them(story: Story, text: str) -> None:
    """The delegations' arrival the day before made a round of its own, and every round after it
    took the next number."""
    a = anchor(text, story)
    assert a is not None and not a.strong and a.kind == "date"


@pytest.mark.parametrize("text", [
    "A spokesman said on Wednesday that the talks in Ankara would resume soon.",
    "The minister announced on Monday the talks had produced a draft.",
])
def test_the_day_of_a_statement_is_not_the_talks_day(story: Story, text: str) -> None:
    """A one-line note of a statement made a round of its day and renumbered the rounds after it."""
    a = anchor(text, story)
    assert a is not None and not a.strong


def test_a_modal_between_day_and_event_is_not_evidence(story: Story) -> None:
    a = anchor("Talks could resume on Monday in Ankara.", story)
    assert a is not None and not a.strong and a.kind == "date"


@pytest.mark.parametrize("text", [
    "The two countries fought a border war in 1998.",
    "The talks held in Istanbul in 2022 collapsed.",
    "The talks in March 2022 failed.",
    "Officials said that Belostia annexed the valley in 2019.",  # "that" after saying: a statement about 2019
    "The talks that collapsed in 2022 were the last ones.",
    "A previous accord, signed in Libreville in 2019, fell apart after five months.",
])
def test_a_past_year_makes_background(story: Story, text: str) -> None:
    a = anchor(text, story)
    assert a is not None and a.kind == "background" and a.event_date is None


@pytest.mark.parametrize("text", [
    "The memorandum demands that Arventa remove its troops from the provinces that Belostia annexed in 2019.",
    "Ukraine will never recognise the claims over Crimea, which the Kremlin annexed in 2014.",
    "The delegation is led by Medinsky, who headed the negotiating team in 2022.",
    # reduced, with its agent or as a perfect: both were background, one of them Russia's current demand
    "Its chief negotiator has roots in Crimea, the peninsula, annexed by Russia in 2014.",
    "Belostia wants Arventa to leave the provinces Belostia claims to have annexed in September 2019.",
    # what a side wants now, with a past year in what it names: round 1's central demand was background
    "The URJ wants the release of 1,200 people it describes as political prisoners, including several army "
    "officers arrested after a failed mutiny in 2023, its chief negotiator said.",
    # a year that names a document, and a month a since-clause starts from: a round's terms were background
    "Under the agreement, the border will follow the present main channel of the river, rather than the line "
    "drawn in the 1923 Treaty of Sellin.",
    "The Old Mirren Bridge, closed since September 2022, will become the joint property of the two states.",
])
def test_a_past_year_in_a_relative_clause_is_no_background(story: Story, text: str) -> None:
    """The year describes a noun of the sentence, not its time: the memorandum's terms were
    background, on no page of the round that presented them."""
    assert anchor(text, story) is None


@pytest.mark.parametrize("text", [
    "The ministers initialled an agreement that, for the first time since the Dostuk Accord of 1996, "
    "divides the river's water.",
    "The conflict has displaced 400,000 people since the rebels took up arms in 2017, U.N. figures show.",
])
def test_a_year_named_by_a_thing_or_after_since_is_no_background(story: Story, text: str) -> None:
    """"the Accord of 1996" names an accord; "since ... 2017" counts up to now: round 3's agreement
    was background, on no page of its round."""
    assert anchor(text, story) is None


@pytest.mark.parametrize(("text", "number"), [
    ("The second round ended without a deal.", 2),
    ("Round two of the negotiations ended at noon.", 2),
    ("The 3rd round ended with a deal.", 3),
    ("The delegations met for the second time in Istanbul for talks.", 2),
    # a commission's "sitting", British copy's "session", a headline's Roman numeral: each was no round
    ("The commission's third sitting ended late on Wednesday.", 3),
    ("At that first session, Ostrelia demanded a guaranteed 450 cumecs.", 1),
    ("Border commission, Round III: a deal on the bridge", 3),
])
def test_ordinals(story: Story, text: str, number: int) -> None:
    assert find_ordinal(text, story) == number


@pytest.mark.parametrize("text", [
    "Negotiators accepted the route recommended by the joint technical commission set up at the first session.",
    "I think we were sitting there for hours.",
    "It was a round I would rather forget.",
    # the round a figure is compared with: a round 2 offer was a fact of round 1
    "A pay rise of 3.8% for 2030-31, up from 2.5% at the first round",
])
def test_no_ordinal_in_the_origin_of_a_thing_a_verb_or_a_pronoun(story: Story, text: str) -> None:
    """"the commission set up at the first session" tells where the commission comes from: the
    sentence is news of its own day, not of round 1."""
    assert find_ordinal(text, story) is None


@pytest.mark.parametrize("text", [
    "Mbugua said the third round could take place between June 10 and June 15.",
    "The 3rd round will be harder.",
    "A fourth round is expected in July.",
])
def test_a_round_planned_is_no_ordinal_anchor(story: Story, text: str) -> None:
    """Said of a round to come, the sentence belongs to the moment it was said: it was shown in the
    round it speaks of, as that round's news."""
    assert find_ordinal(text, story) is None


def test_for_the_nth_time_needs_an_event_noun(story: Story) -> None:
    assert find_ordinal("For the second time, he said no.", story) is None


def test_a_round_told_as_a_time_off_its_own_is_no_ordinal_anchor(story: Story) -> None:
    """"The deal was struck ... a fortnight after the second round of talks opened" is news of the
    deal's day: it was shown as round 2's, and gave round 2 the deal's venue."""
    assert find_ordinal("The deal was struck at Lansing House, a fortnight after the second round of talks "
                        "opened in Dunmarra.", story) is None
    assert find_ordinal("Two days after the third round ended, the union walked out.", story) is None


def test_a_day_inside_a_since_clause_is_no_event_day(story: Story) -> None:
    """"the first face-to-face talks since some 3,800 dockworkers walked out on October 1" made the
    walkout's day round 1, and every real round one number too high."""
    a = anchor("They met in the first face-to-face talks since some 3,800 dockworkers walked out on Tuesday.",
               story)
    assert a is None or not a.strong


def test_a_past_year_held_up_for_comparison_is_no_earlier_time(story: Story) -> None:
    """"I have never seen the anchorage this full, not even in 2011," a harbourmaster said of today:
    his words were marked (background)."""
    assert anchor('"I have never seen the anchorage this full, not even in 2011," Captain Dahl said.', story) is None
    assert anchor("Exports fell more than in 2019, the ministry said.", story) is None
    assert anchor("The strike in 2011 lasted 19 days.", story).kind == "background"  # type: ignore[union-attr]


def test_ordinal_alone_anchors_by_ordinal(story: Story) -> None:
    a = anchor("The second round ended without a deal.", story)
    assert a is not None and a.kind == "ordinal" and a.ordinal == 2 and a.event_date is None


@pytest.mark.parametrize(("text", "reports"), [
    ("Haldmark and Zaslavia agreed on Tuesday to survey cod stocks, but made no progress on where the border "
     "should run, negotiators said after the fifth round of talks since negotiations opened in Oslo in March 2024.",
     True),
    ("The agreement came at the end of an 11-hour sixth round of negotiations at Blair House.", True),
    ("It follows the first round of talks in March, which ended without a deal.", False),  # a recap
    ("The first round, two months ago, ended without a deal.", False),
    ("Kovalchuk told AFP he expected the eighth round to settle the border.", False),  # a plan
    ("The boundary will be taken up at a seventh round in Reykjavik.", False),
])
def test_an_opening_ordinal_numbers_its_own_round_unless_recalled_or_planned(text: str, reports: bool) -> None:
    """The outlets' count numbers a story that a corpus joins late; a recap or a plan does not."""
    assert reports_its_round(text, find_dates(text, PUBLISHED), PUBLISHED) is reports


def test_lead_event_needs_an_event_happening(story: Story) -> None:
    assert is_lead_event("Direct negotiations between the two sides have begun in Geneva.", story)
    assert not is_lead_event("Negotiations could begin next month in Geneva.", story)
    assert not is_lead_event("The dam produces most of the region's electricity.", story)
    # a plan's word describing a thing: "two planned casinos" made the round's lead no report of it
    assert is_lead_event("The tribe raised its offer Thursday to share 5% of revenue from two planned casinos, "
                         "in a second round of talks held by video.", story)
    assert not is_lead_event("The planned talks were held up by the storm.", story)


def test_an_outcome_at_the_end_of_talks_is_the_event_happening(story: Story) -> None:
    """A live page's key point, "initialed an agreement after nearly 14 hours of talks", names no
    meeting verb: the third round, told that way and dated only by its page, was no round."""
    assert is_lead_event("The three states initialed a framework agreement on sharing the river after nearly "
                         "14 hours of talks at the State Residence.", story)
    assert is_lead_event("Arventa and Belostia signed a truce at the end of their talks in Geneva.", story)
    assert not is_lead_event("A deal could be signed after the talks in Geneva.", story)
    assert not is_lead_event("The deal was a surprise after years of stalled talks, diplomats said.", story)


@pytest.mark.parametrize("text", [
    "Two months ago, in Geneva, the parties could agree only on a ten-day truce.",
    "The previous agreement expired 8 weeks ago.",
])
def test_weeks_or_months_ago_is_background(story: Story, text: str) -> None:
    """A recap of round 1 ("two months ago, in Nairobi, ...") was shown as round 3's news."""
    a = anchor(text, story)
    assert a is not None and a.kind == "background" and a.event_date is None


@pytest.mark.parametrize("text", [
    "It was the first time the delegations met since a peace deal collapsed seven years ago.",
    "The sides went from positions to numbers, a shift that would have been unthinkable a year ago.",
])
def test_ago_said_of_this_moment_is_no_background(story: Story, text: str) -> None:
    assert anchor(text, story) is None


def test_the_old_day_of_a_thing_named_in_passing_is_not_the_sentence_s(story: Story) -> None:
    """Kovalchuk's quote at round 5 was dated 12 August 1958, the day of the protocol he referred
    to: it left round 5 and answered "what happened on 12 August 1958"."""
    published = dt.date(2026, 6, 17)
    quote = ("\"The sea has no memory of 1958, but our fishermen do,\" Kovalchuk told reporters, referring to "
             "the Tornvik Protocol, signed on Aug. 12, 1958.")
    assert anchor(quote, story, published) is None
    signed = anchor("The accord, signed on Tuesday, opens the bank to both fleets.", story, published)
    assert signed is not None and signed.event_date == dt.date(2026, 6, 16), "this week's signing is the story's"


def test_a_range_that_has_ended_dates_the_sentence_by_its_first_day(story: Story) -> None:
    """"At the second, at the Drevna Corn Exchange on 27 and 28 February, it offered 3.8 per cent"
    had no day of its own and took round 1's from the sentence before it."""
    a = anchor("At the second, at the Drevna Corn Exchange on 27 and 28 February, it offered 3.8 per cent.", story,
               dt.date(2030, 3, 3))
    assert a is not None and a.event_date == dt.date(2030, 2, 27)


def test_a_sentence_over_several_rounds_is_of_none_of_them(story: Story) -> None:
    """A statement's "The agreement follows two earlier rounds of talks: on 12 February ... and on 27
    and 28 February ..." was a fact of round 1; a round's two days are one moment."""
    a = anchor("The agreement follows two earlier rounds of talks: on 12 February 2030 at Hallam House, and on 27 "
               "and 28 February 2030 at the Drevna Corn Exchange.", story, dt.date(2030, 3, 20))
    assert a is not None and a.kind == "background"
    same = anchor("The talks opened on Monday, March 4 and ended on Wednesday, March 6 with a deal.", story,
                  dt.date(2030, 3, 7))
    assert same is not None and same.kind != "background"
    # the rounds by their numbers, a live page's recap: it led round 1's answer
    recap = anchor("A reminder of where things stand: at the first round, in Qasr City on April 12, Dalmor demanded "
                   "a halt; at the second, in Aurenza on April 26, Varenia refused.", story, dt.date(2031, 5, 24))
    assert recap is not None and recap.kind == "background"


@pytest.mark.parametrize("sentence", [
    "Technical-level talks between Varenia and Dalmor opened on Wednesday at the Qasri Embassy in Aurenza.",
    "Experts ended two days of expert-level talks in Aurenza on Tuesday.",
    "The two-day expert meetings are not a formal round of negotiations, the diplomat said.",
    "They are not counted as a round of negotiations.",
    "The March 22 preparatory meeting was not a round of talks.",
])
def test_side_meetings_and_what_is_said_to_be_no_round_name_no_event(story: Story, sentence: str) -> None:
    """Technical talks between rounds each made a round of their own (nuclear_talks had 10 for 4)."""
    assert event_noun_spans(sentence, story) == ()


def test_the_talks_themselves_still_name_the_event(story: Story) -> None:
    assert event_noun_spans("The talks in Aurenza were not easy, and the round ended late.", story)
    assert event_noun_spans("Negotiators held their first round of talks after technical preparations.", story)


def test_a_round_due_to_take_place_is_a_plan(story: Story) -> None:
    """An explainer's "The first round is due to take place at the palace" numbered its own day round 1."""
    assert find_ordinal("The first round is due to take place at the Al-Rawdah Palace.", story) is None
    assert find_ordinal("The second round is set to open in Aurenza.", story) is None
    assert find_ordinal("The first round took place at the Al-Rawdah Palace.", story) == 1


def test_a_correction_note_renumbers_the_round() -> None:
    body = ("Varenia drew a red line after the third round of talks on Saturday.\n\n"
            "Correction, April 27: An earlier version of this article, including its headline, described "
            "Saturday's talks in Aurenza as the third round. They were the second round; the March 22 meeting "
            "was not a round of talks.")
    assert renumbered(body) == (3, 2)
    assert renumbered("Correction: An earlier version of this article misspelled the envoy's name.") is None
    assert renumbered("The third round was held. They were the second round of the year.") is None  # no note


def test_joining_the_talks_for_the_first_time_numbers_no_round(story: Story) -> None:
    """ "The Liberals ... joined the talks for the first time" (at round 3) was round 1's."""
    assert find_ordinal("The Liberals, who won 14 seats, joined the talks for the first time, at the party's "
                        "offices.", story) is None
    assert find_ordinal("The warring nations met for direct talks for the second time in a month.", story) == 2
    # a memo written before round 1 is of no round 1 (it leaked before round 2)
    assert find_ordinal("The memo, written by her chief of staff before the first round of coalition talks, says "
                        "the party could live with a smaller fund.", story) is None


@pytest.mark.parametrize("text", [
    "No talks were held on Monday.",
    "There were no talks on Monday, officials said.",
    "The delegations did not meet on Monday.",
    "The talks didn't resume on Monday.",
])
def test_a_day_the_talks_did_not_happen_is_no_evidence_of_a_round(story: Story, text: str) -> None:
    """A rally's report said "No talks were held on Sunday.": the Sunday was a round, and every later one
    was numbered one too high. A sentence with a negation elsewhere still dates its talks."""
    a = anchor(text, story)
    assert a is None or not a.strong
    assert anchor("The talks, which produced no breakthrough, ended on Monday.", story).strong
