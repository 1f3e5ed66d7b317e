"""Step 3 (store/extract/dates.py): time expressions resolved to days; dating an undated article."""

from __future__ import annotations

import datetime as dt

import pytest

from store.extract.dates import find_dates, infer_publication

THURSDAY = dt.date(2024, 5, 16)


def only(text: str, ref: dt.date | None = THURSDAY):  # type: ignore[no-untyped-def]
    found = find_dates(text, ref)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "day"), [
    ("The talks ended on May 2.", dt.date(2024, 5, 2)),
    ("The talks ended on 2 May.", dt.date(2024, 5, 2)),
    ("The talks began on 12 March 2023 in Geneva.", dt.date(2023, 3, 12)),
    ("The talks began on March 12, 2023 in Geneva.", dt.date(2023, 3, 12)),
    ("A memo dated 2024-05-01 was leaked.", dt.date(2024, 5, 1)),
    ("The envoys met on Dec. 1.", dt.date(2023, 12, 1)),  # more than half a year ahead: last year's
])
def test_explicit_dates(text: str, day: dt.date) -> None:
    d = only(text)
    assert d.date == day
    assert not d.forward
    assert text[d.start:d.end] == d.text


def test_a_day_without_year_near_new_year_goes_to_the_closest_year() -> None:
    assert only("The talks ended on December 30.", dt.date(2025, 1, 3)).date == dt.date(2024, 12, 30)
    assert only("The talks resume on January 4.", dt.date(2024, 12, 28)).date == dt.date(2025, 1, 4)


def test_a_day_without_year_over_half_a_year_back_stays_in_the_year() -> None:
    """An analysis of 23 September recalling "3 March" put it in next March, 161 days ahead rather
    than 204 back, and "what happens next" led with the first round's recap."""
    day = only("The ministers first sat down together in Marakand on 3 March.", dt.date(2026, 9, 23)).date
    assert day == dt.date(2026, 3, 3)
    assert only("The summit is set for 15 December.", dt.date(2026, 9, 23)).date == dt.date(2026, 12, 15)


@pytest.mark.parametrize(("text", "day", "forward"), [
    ("The talks ended on Monday.", dt.date(2024, 5, 13), False),
    ("The talks ended on Thursday.", THURSDAY, False),  # publication day itself
    ("The talks ended on Friday.", dt.date(2024, 5, 10), False),  # last week's Friday
    ("Monday's negotiations were long.", dt.date(2024, 5, 13), False),
    ("Talks could resume next Monday.", dt.date(2024, 5, 20), True),
    ("The envoys met yesterday.", dt.date(2024, 5, 15), False),
    ("The envoys will meet tomorrow.", dt.date(2024, 5, 17), True),
])
def test_weekdays_and_relative_days_resolve_against_publication(text: str, day: dt.date, forward: bool) -> None:
    d = only(text)
    assert d.date == day
    assert d.forward is forward


def test_weekday_without_publication_date_is_unresolved() -> None:
    assert only("The talks ended on Monday.", None).date is None


def test_a_range_points_ahead() -> None:
    d = only("Ukraine has suggested talks on June 20–30.")
    assert d.kind == "range" and d.forward
    d = only("The next round could take place between October 3 and 10.")
    assert d.kind == "range" and d.forward



def test_a_range_that_has_ended_points_nowhere() -> None:
    """A timeline's "June 13-15, 2028 - Third round ..." was a plan, in "what comes next" after it."""
    d = only("June 13-15, 2028 - Third round, Nordkaj Conference Centre, Lundholm.", dt.date(2028, 6, 16))
    assert d.kind == "range" and d.date == dt.date(2028, 6, 13) and not d.forward
    assert only("The talks run on June 15-17, 2028 in Lundholm.", dt.date(2028, 6, 16)).forward


@pytest.mark.parametrize(("text", "prep"), [
    ("Relations have been frozen since 2019.", "since"),
    ("The two countries fought a border war in 1998.", "in"),
])
def test_years_carry_their_preposition(text: str, prep: str) -> None:
    d = only(text)
    assert d.kind == "year" and d.date is None and d.prep == prep and not d.forward


@pytest.mark.parametrize(("text", "year", "forward"), [
    ("A formal signature is not expected before mid-2027, officials said.", 2027, True),
    ("Talks could resume in early 2025.", 2025, True),
    ("The deal collapsed in mid-2019 over beef.", 2019, False),
    ("Mid-2023 saw the first contacts.", 2023, False),
])
def test_a_later_year_points_ahead(text: str, year: int, forward: bool) -> None:
    """A year after publication is a next step (store.extract.pipeline.static_salience)."""
    d = only(text)
    assert (d.kind, d.year, d.forward) == ("year", year, forward)


def test_month_without_day_is_not_a_day() -> None:
    d = only("The talks stalled in March.")
    assert d.kind == "month" and d.date is None and d.month == 3


# -- an article without a date line ---------------------------------------------------------------

def test_weekday_after_the_latest_explicit_date_dates_the_article() -> None:
    texts = ["The envoys met on Thursday and agreed to an inspection.",
             "At their first round of talks on April 9 the sides agreed on water.",
             "A technical report dated May 13 found cracks in the dam."]
    day, reason = infer_publication(texts, 2024)
    # May 13 2024 is a Monday; the first Thursday after it is May 16
    assert day == dt.date(2024, 5, 16)
    assert "Thursday" in reason and "May 13" in reason


def test_an_event_told_as_last_night_dates_the_article_the_day_after() -> None:
    """"came home from Lissel last night ... held on Wednesday": Thursday's paper, dated Wednesday."""
    texts = ["The negotiators came home from Lissel last night with a route for the railway.",
             "At the second meeting, held on Wednesday at Villa Marenka, Norland dropped its objection.",
             "The commission's report, dated October 29, was circulated last week."]
    day, reason = infer_publication(texts, 2027)
    assert day == dt.date(2027, 11, 4)  # October 29 2027 is a Friday; the Wednesday after it is November 3
    assert "last night" in reason


def test_the_year_can_come_from_the_text_itself() -> None:
    day, _ = infer_publication(["The talks on Monday were tense.", "A memo of May 26, 2025 said so."], None)
    assert day == dt.date(2025, 6, 2)


def test_without_a_weekday_the_latest_date_is_used() -> None:
    day, reason = infer_publication(["A memo dated May 13 was leaked.", "It followed talks on April 9."], 2024)
    assert day == dt.date(2024, 5, 13)
    assert "May 13" in reason


def test_a_forward_weekday_does_not_date_the_article() -> None:
    day, _ = infer_publication(["Talks could resume next Monday.", "A memo dated May 16 was leaked."], 2024)
    assert day == dt.date(2024, 5, 16)


def test_a_day_the_copy_looks_ahead_to_does_not_date_the_article() -> None:
    """An undated report of a deal "late on Tuesday" with "a 6% pay rise from 1 January 2027" was
    dated Tuesday 5 January 2027, and made two rounds of the next year."""
    texts = ["They reached a tentative agreement late on Tuesday, after fourteen hours of talks.",
             "Dockers will receive a 6% pay rise from 1 January 2027, the summary says.",
             "The ballot closes by 16 November, and the union will march on 24 November.",
             "A letter dated 30 October had set out the employers' final terms."]
    day, reason = infer_publication(texts, 2026)
    assert day == dt.date(2026, 11, 3)
    assert "October 30" in reason
    # "is set for": the third round's plan dated an undated AP report of the second round after it
    day, _ = infer_publication(["The first round was held on Sept. 19 in Phoenix.",
                                "The third round is set for Nov. 13 in Flagstaff."], 2034)
    assert day == dt.date(2034, 9, 19)


@pytest.mark.parametrize(("texts", "hint"), [
    (["Nothing in this text has a date."], 2024),
    (["The talks ended on Monday after a memo of May 13."], None),  # no year anywhere
])
def test_no_usable_date_gives_none(texts: list[str], hint: int | None) -> None:
    assert infer_publication(texts, hint) == (None, None)


@pytest.mark.parametrize(("text", "day"), [
    ("The truce is due to take effect at midnight on Thursday.", dt.date(2024, 5, 23)),
    ("The president is expected to address the nation on Friday.", dt.date(2024, 5, 17)),
    ("The delegations will meet again on Monday in Geneva.", dt.date(2024, 5, 20)),
    ("The vote is to take place on Saturday.", dt.date(2024, 5, 18)),
    ("Okande said the army would begin withdrawing on Monday.", dt.date(2024, 5, 20)),
    # a long clause between them: the Saturday before made a false round
    ("Yazzie said he would hold a public hearing on the talks at the chapter house in Cedar Ridge on Saturday.",
     dt.date(2024, 5, 18)),
])
def test_a_weekday_after_a_future_word_is_the_coming_one(text: str, day: dt.date) -> None:
    """Wire copy's weekdays are the past week's, but not after "will" or "is due to": "due to take
    effect on Thursday", published on a Tuesday, was dated the Thursday before."""
    d = only(text)
    assert d.forward and d.date == day


@pytest.mark.parametrize(("text", "day"), [
    ("Russia will respond, Peskov said on Friday.", dt.date(2024, 5, 10)),
    ("Talks will resume after the delegations met on Monday.", dt.date(2024, 5, 13)),
    ("He said on Tuesday that the talks will go on.", dt.date(2024, 5, 14)),
    ("Zelensky had said he would travel to Istanbul on Wednesday.", dt.date(2024, 5, 15)),
    ("Without the truce, the sides would have met on Friday.", dt.date(2024, 5, 10)),
])
def test_a_future_word_of_another_clause_leaves_the_weekday_past(text: str, day: dt.date) -> None:
    d = only(text)
    assert not d.forward and d.date == day


def test_days_ago_is_that_day_and_months_ago_no_day() -> None:
    assert only("The talks ended three days ago in Geneva.").date == dt.date(2024, 5, 13)
    months = only("Two months ago, in Geneva, the parties agreed only on a truce.")
    assert (months.kind, months.date) == ("ago", None)


@pytest.mark.parametrize(("text", "day"), [
    ("The talks opened in Marakand on Tuesday 3rd March with a modest agreement.", dt.date(2024, 3, 3)),
    ("The second session opened on Thursday, May 9, in Urgana.", dt.date(2024, 5, 9)),
    ("They meet again on Monday the 20th of May.", dt.date(2024, 5, 20)),
])
def test_a_weekday_before_its_date_is_that_date(text: str, day: dt.date) -> None:
    """British copy writes "Tuesday 3rd March": the weekday was read as a day of its own, the
    Tuesday before publication, and made a round of a recap line."""
    assert only(text).date == day


@pytest.mark.parametrize(("text", "day"), [
    ("On 20/10/2026 our negotiators spent ten hours at the table.", dt.date(2026, 10, 20)),
    ("The first round, on 06/10/2026, ended without a deal.", dt.date(2026, 10, 6)),  # day first
    ("The talks resume on 10/25/2026, the envoy said.", dt.date(2026, 10, 25)),  # only the other order is a day
    ("Vienna, 3.11.2026: the talks ended.", dt.date(2026, 11, 3)),
    ("We will march on Saturday 24/10/2026 from the gates.", dt.date(2026, 10, 24)),  # one day, not two
])
def test_a_day_written_in_figures_is_read(text: str, day: dt.date) -> None:
    """A union's press release writes "20/10/2026": it was no date at all."""
    assert only(text).date == day


@pytest.mark.parametrize("text", [
    "The second round, due to be held in San Francisco on Thursday, has been postponed.",
    "The talks will be held on Friday in Geneva.",
])
def test_a_weekday_a_round_is_due_on_is_the_coming_one(text: str) -> None:
    """"due to be held ... on Thursday" and "will be held on Friday" were read as the past week's."""
    day = only(text)
    assert day.forward and day.date is not None and day.date > THURSDAY


@pytest.mark.parametrize(("text", "year"), [
    ("2019 - Velsberg city council grants Cirrolux a 25-year permit.", 2019),
    ("July-August 2026 - Drought.", 2026),
    ("Dec. 2026 - The national government appoints a mediator.", 2026),
])
def test_a_timeline_entry_s_year_is_read(text: str, year: int) -> None:
    """A factbox's history bullets named no date, and took the factbox's day: "A hosepipe ban covers
    210,000 residents" answered "what happened in March" 2027."""
    assert [(d.kind, d.year) for d in find_dates(text, THURSDAY)] == [("year", year)]


def test_a_plan_to_march_on_saturday_is_the_coming_saturday() -> None:
    day = only("The union plans a march through the city on Saturday.")
    assert day.forward and day.date is not None and day.date > THURSDAY


def test_two_days_in_figures_in_one_sentence_are_both_read() -> None:
    assert [d.date for d in find_dates("On 20/10/2026 and 21/10/2026 they met.", THURSDAY)] == [
        dt.date(2026, 10, 20), dt.date(2026, 10, 21)]


def test_figures_that_make_no_day_are_no_date() -> None:
    assert find_dates("The vote was 31/02/2026 by mistake.", THURSDAY) == []
    assert find_dates("Version 2.1 shipped in 14 of 20 ports.", THURSDAY) == []


def test_a_day_is_read_after_an_iso_date() -> None:
    """The iso date's match reset the sentence's "has a month name" test: "May 3" after it was skipped."""
    found = find_dates("A memo dated 2024-05-01 was leaked before the talks on May 3.", THURSDAY)
    assert [d.date for d in found] == [dt.date(2024, 5, 1), dt.date(2024, 5, 3)]


def test_a_plan_told_in_the_past_tense_is_of_the_nearer_day() -> None:
    """"Talks were due to resume at 9am on Thursday", filed on a Wednesday, was dated the Thursday
    before and made a round of it; "were due to resume on Monday" filed that Wednesday is two days back."""
    wednesday = dt.date(2030, 2, 27)
    assert only("Talks were due to resume at 9am on Thursday, officials said.", wednesday).date == dt.date(2030, 2, 28)
    assert only("Talks were due to resume on Monday but were postponed.", wednesday).date == dt.date(2030, 2, 25)
    assert only("The talks ended on Thursday.", wednesday).date == dt.date(2030, 2, 21)


@pytest.mark.parametrize(("sentence", "day"), [
    # a "when" clause of the coming day, its main clause in the future (an explainer of Thursday 10 April)
    ("When negotiators sit down in Qasr City on Saturday, it will be the first time in four years.",
     dt.date(2031, 4, 12)),
    ("Once the talks end on Saturday, the ministers will fly home.", dt.date(2031, 4, 12)),
    ("When the delegations met on Saturday, it was the first time in four years.", dt.date(2031, 4, 5)),
    ("When they met on Saturday, officials said nothing.", dt.date(2031, 4, 5)),
])
def test_a_weekday_in_a_when_clause_of_the_future_is_the_coming_one(sentence: str, day: dt.date) -> None:
    """It was the Saturday before, and made a round of a day with no talks."""
    assert [d.date for d in find_dates(sentence, dt.date(2031, 4, 10))] == [day]


def test_a_deadline_or_a_plan_dates_no_undated_article() -> None:
    """An analysis without a date line was dated 4 July, the deadline it said "runs out on July 4", and
    led `latest` a month after the last round."""
    texts = ["Three rounds in, the talks have achieved more than expected.", "The extended deadline runs out on "
             "July 4.", "If they cannot, the fourth round on June 21 will be little more than a photo opportunity.",
             "The talks resumed on May 24 after a week's delay."]
    assert infer_publication(texts, 2031)[0] == dt.date(2031, 5, 24)


@pytest.mark.parametrize(("sentence", "published", "day"), [
    # a schedule in the present tense, filed on a Sunday and on a Wednesday: the Monday ahead
    ("The two parties resume their negotiations in the parliament's Blue Room on Monday evening.",
     dt.date(2032, 3, 7), dt.date(2032, 3, 8)),
    ("The next session is in the parliament's Blue Room on Monday.", dt.date(2032, 3, 3), dt.date(2032, 3, 8)),
    ("Talks resume on Monday.", dt.date(2032, 3, 8), dt.date(2032, 3, 8)),  # filed that Monday: today
])
def test_a_schedule_in_the_present_tense_is_ahead(sentence: str, published: dt.date, day: dt.date) -> None:
    """It was the Monday before, and made a round of a day with no talks."""
    found = find_dates(sentence, published)
    assert [(d.date, d.forward) for d in found] == [(day, True)]
    past = find_dates("The two parties resumed their negotiations on Monday.", dt.date(2032, 3, 7))
    assert [(d.date, d.forward) for d in past] == [(dt.date(2032, 3, 1), False)]


@pytest.mark.parametrize(("text", "day"), [
    ("The first round was held on July 15 in Rotterdam.", dt.date(2023, 7, 15)),
    ("The two sides met on July 15 in Rotterdam.", dt.date(2023, 7, 15)),
    ("The next round will be held on July 15 in Rotterdam.", dt.date(2024, 7, 15)),  # a plan stays ahead
    ("The working group reports on July 15.", dt.date(2024, 7, 15)),
])
def test_a_day_told_in_the_past_without_its_year_is_the_last_one(text: str, day: dt.date) -> None:
    """Written in March 2024, "the first round was held on July 15" read as next July, a plan: the fact
    fell to the first round of another story."""
    assert [d.date for d in find_dates(text, dt.date(2024, 3, 24))] == [day]
