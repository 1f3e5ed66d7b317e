"""What a reporter types -> a Question (store/questions.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from store.questions import parse_question


@pytest.mark.parametrize("text", [
    "round 2", "Round 2", "round two", "second round", "2nd round", "r2", "R2", "rnd 2", "round #2",
    "  round   2 ", "round 2.",
])
def test_ways_of_asking_for_round_two(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.term) == ("round", 2, None)


@pytest.mark.parametrize("text", ["ceasefire round 2", "round 2 ceasefire", "second round ceasefire",
                                  "topic ceasefire round 2"])
def test_topic_in_a_round(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.term) == ("topic", 2, "ceasefire")


@pytest.mark.parametrize(("text", "number"), [("third round", 3), ("round 10", 10), ("12th round", 12),
                                              ("round 1062", 1062), ("1062nd round", 1062),
                                              ("latest round", -1), ("last round", -1),
                                              ("the final round", -1)])  # was "which round?"
def test_other_round_numbers(text: str, number: int) -> None:
    assert parse_question(text).round == number


@pytest.mark.parametrize(("text", "term"), [
    ("person Zelensky", "zelensky"), ("who is Tomás Ibarra", "tomás ibarra"), ("quotes by Dobrescu", "dobrescu"),
    ("what did Putin say?", "putin"), ("What has Rustem Umerov proposed", "rustem umerov"),
    ("what Medinsky said", "medinsky"), ("what does Erdogan want", "erdogan"),
    ("Putin quotes", "putin"), ("Zelensky's statements?", "zelensky"), ("quotes of Dobrescu", "dobrescu"),
    ("who's Dobrescu", "dobrescu"),
])
def test_person_questions(text: str, term: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.term) == ("person", term)


@pytest.mark.parametrize("text", ["person Dobrescu round 3", "what did Dobrescu say in round 3",
                                  "round 3: what has Dobrescu said"])
def test_person_in_a_round(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.term, q.round) == ("person", "dobrescu", 3)


@pytest.mark.parametrize(("text", "kind"), [
    ("", "help"), ("help", "help"), ("timeline", "timeline"), ("rounds", "timeline"), ("latest", "latest"),
    ("sources", "sources"), ("people", "people"), ("topics", "topics"), ("prisoners", "topic"),
])
def test_keywords(text: str, kind: str) -> None:
    assert parse_question(text).kind == kind


@pytest.mark.parametrize(("text", "first", "second"), [
    ("round 2 and 3", 2, 3), ("rounds 1-3", 1, 3), ("rounds 1, 2 and 3", 1, 2), ("round 1 vs round 2", 1, 2),
    ("compare the first round and the second round", 1, 2), ("Round 4 or 5 prisoners", 4, 5),
])
def test_several_rounds_in_one_question_are_asked_for_one_at_a_time(text: str, first: int, second: int) -> None:
    """Not a search for "and 3" in round 2."""
    q = parse_question(text)
    assert q.kind == "not_understood" and f'"round {first}", then "round {second}"' in (q.problem or "")


@pytest.mark.parametrize(("text", "number", "term"), [("round 3, 2 prisoners", 3, "2 prisoners"),
                                                      ("round 2 - ceasefire", 2, "ceasefire")])
def test_one_round_and_a_number_is_one_round(text: str, number: int, term: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.term) == ("topic", number, term)


@pytest.mark.parametrize("text", ["next round", "When is the next round?", "upcoming rounds", "what's next?",
                                  "What is next for the talks", "next steps", "what happens next?",
                                  "what will happen now", "when do they meet again",
                                  "when will the delegations meet again?", "next meeting"])
def test_the_next_round_is_a_search_for_what_the_articles_say_of_it(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.ahead) == ("topic", None, True) and q.term in ("next round", "upcoming rounds")


@pytest.mark.parametrize("text", ["round", "round zero", "round 0", "which round"])
def test_a_round_without_a_usable_number_is_not_understood(text: str) -> None:
    q = parse_question(text)
    assert q.kind == "not_understood" and q.problem


def test_an_article_before_a_round_is_ignored() -> None:
    q = parse_question("the second round")
    assert (q.kind, q.round) == ("round", 2)


@pytest.mark.parametrize(("text", "hint"), [("person", "person Zelensky"), ("who is", "person Zelensky"),
                                            ("quotes by", "person Zelensky"), ("topic", "topic ceasefire"),
                                            ("search", "topic ceasefire"), ("topic round 2", "topic ceasefire")])
def test_asking_for_a_person_or_topic_without_one_gets_a_hint(text: str, hint: str) -> None:
    q = parse_question(text)
    assert q.kind == "not_understood" and q.problem and hint in q.problem


@pytest.mark.parametrize(("text", "kind", "raw", "page"), [
    ("timeline page 2", "timeline", "timeline", 2), ("timeline 2", "timeline", "timeline", 2),
    ("Timeline, page 3.", "timeline", "Timeline", 3), ("sources 4", "sources", "sources", 4),
    ("round 1 p. 2", "round", "round 1", 2), ("r2 pg 3", "round", "r2", 3),
    ("person Zelensky page 2", "person", "person Zelensky", 2),
    ("ceasefire round 2 page 2", "topic", "ceasefire round 2", 2),
    ("round 2", "round", "round 2", None), ("prisoners 1000", "topic", "prisoners 1000", None),
    # a page past four digits was a word search for "page 123456"
    ("round 2 page 123456", "round", "round 2", 123456),
    # a courtesy after the page was a word search for "page 2 please" in round 3
    ("round 3 page 2 please", "round", "round 3", 2), ("Round 3, page 2, thanks!", "round", "Round 3", 2),
])
def test_a_page_typed_in_the_question(text: str, kind: str, raw: str, page: int | None) -> None:
    q = parse_question(text)
    # raw is the question without its page: what a More button repeats with the next page
    assert (q.kind, q.raw, q.page) == (kind, raw, page)


@pytest.mark.parametrize(("text", "problem"), [("page 2", "page of what"), ("timeline page 0", "numbered from 1"),
                                               ("sources page -1", "numbered from 1"),
                                               ("round 2 page −3", "numbered from 1"),
                                               ("round 2.5", "whole number")])
def test_a_page_of_nothing_a_page_below_1_or_a_round_2_5_is_not_understood(text: str, problem: str) -> None:
    q = parse_question(text)
    assert q.kind == "not_understood" and problem in (q.problem or "")


def test_words_alone_are_marked_bare() -> None:
    """The store decides whether bare words name a person (store.query.QueryService.topic)."""
    assert parse_question("Zelensky").bare and parse_question("ceasefire round 2").bare
    assert not parse_question("topic Zelensky").bare and not parse_question("person Zelensky").bare


@pytest.mark.parametrize(("text", "abbreviations"), [
    ("topic US", {"us"}), ("U.S. sanctions round 2", {"us"}), ("US", {"us"}),
    ("what the EU and UN offered", {"eu", "un"}), ("topic us", set()), ("TOPIC US", set()), ("topic Ceasefire", set())])
def test_words_typed_in_capitals_are_abbreviations(text: str, abbreviations: set[str]) -> None:
    assert parse_question(text).abbreviations == abbreviations


@pytest.mark.parametrize(("text", "day"), [
    ("2 June", (None, 6, 2)), ("june 2", (None, 6, 2)), ("what happened on the 2nd of June?", (None, 6, 2)),
    ("June 2, 2025", (2025, 6, 2)), ("2025-06-02", (2025, 6, 2)), ("Sept. 4", (None, 9, 4)),
    # in the present or the future too: these were searches for "happens" and "will" on that day
    ("what happens on 8 July?", (None, 7, 8)), ("what will happen on 8 July", (None, 7, 8))])
def test_a_day_alone_asks_for_that_day(text: str, day: tuple[int | None, int, int]) -> None:
    q = parse_question(text)
    assert (q.kind, q.day, q.term) == ("day", day, None)


@pytest.mark.parametrize(("text", "kind", "term"), [
    ("ceasefire on 2 June", "topic", "ceasefire"), ("what did Putin say on June 2", "person", "putin"),
    ("person Umerov 2 June", "person", "umerov")])
def test_a_topic_or_person_on_a_day(text: str, kind: str, term: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.term, q.day) == (kind, term, (None, 6, 2))


@pytest.mark.parametrize("text", ["June", "June 2025", "from 2 to 5 June", "2 June and 3 June", "round 2 June 2",
                                  "2025-13-45"])
def test_no_single_day_is_no_day(text: str) -> None:
    assert parse_question(text).day is None


@pytest.mark.parametrize(("text", "month"), [
    ("what happened in may", (None, 5)), ("June", (None, 6)), ("June 2025", (2025, 6)), ("in Sept. 2026?", (2026, 9)),
    ("what happens in September", (None, 9)), ("what is happening in June 2025?", (2025, 6))])
def test_a_month_alone_asks_for_that_month(text: str, month: tuple[int | None, int]) -> None:
    """"what happened in may" was a search that found a quote containing "happening"."""
    q = parse_question(text)
    assert (q.kind, q.month) == ("month", month)


@pytest.mark.parametrize(("text", "kind", "year"), [
    ("what happened in 2024", "year", 2024), ("2025", "year", 2025), ("during 2022?", "year", 2022),
    ("the 2022 talks", "year", 2022), ("prisoners 2025", "topic", None), ("round 2 2025", "topic", None)])
def test_a_year_alone_asks_for_that_year(text: str, kind: str, year: int | None) -> None:
    q = parse_question(text)
    assert (q.kind, q.year) == (kind, year)


@pytest.mark.parametrize("text", ["what may happen", "Zelensky in May", "may day parade"])
def test_may_among_other_words_is_no_month(text: str) -> None:
    assert parse_question(text).kind != "month"


@pytest.mark.parametrize(("text", "kind", "term", "month"), [
    ("what did Zelensky say in May", "person", "zelensky", (None, 5)),
    ("person Umerov in june", "person", "umerov", (None, 6)),
    ("ceasefire during June 2025", "topic", "ceasefire", (2025, 6)),
    ("what may happen", "topic", "what may happen", None)])
def test_a_topic_or_person_in_a_month(text: str, kind: str, term: str, month: tuple[int | None, int] | None) -> None:
    """"what did Zelensky say in May" searched the facts naming him for the word "may"."""
    q = parse_question(text)
    assert (q.kind, q.term, q.month) == (kind, term, month)


@pytest.mark.parametrize(("text", "day"), [
    ("16/5", (None, 5, 16)), ("what happened on 5/16?", (None, 5, 16)), ("16.05.2025", (2025, 5, 16)),
    ("16/5/25", (2025, 5, 16))])
def test_a_day_in_digits_whose_order_is_plain(text: str, day: tuple[int | None, int, int]) -> None:
    q = parse_question(text)
    assert (q.kind, q.day) == ("day", day)


def test_a_day_in_digits_that_reads_both_ways_asks_which_is_the_month() -> None:
    q = parse_question("6/5")
    assert q.kind == "not_understood" and "month" in (q.problem or "")
    assert parse_question("2.5%").kind == "topic" and parse_question("ceasefire 1/2").kind == "topic"


@pytest.mark.parametrize("text", ["which articles do you have?", "What sources", "list articles"])
def test_asking_what_the_bot_has_read_lists_the_sources(text: str) -> None:
    assert parse_question(text).kind == "sources"


def test_who_and_a_verb_is_a_search_not_a_name() -> None:
    q = parse_question("who led the Russian delegation")
    assert (q.kind, q.term, q.bare) == ("topic", "who led the russian delegation", True)


@pytest.mark.parametrize(("text", "saying"), [
    ("what did Russia demand", "demand"), ("what has Kyiv proposed", "propos"), ("what does Ankara want", "want"),
    ("what did Putin say", None), ("Putin quotes", None)])
def test_the_verb_of_a_what_did_x_question_is_kept(text: str, saying: str | None) -> None:
    assert parse_question(text).saying == saying


@pytest.mark.parametrize(("text", "term", "about"), [
    ("what did Putin say about the ceasefire", "putin", "ceasefire"),
    ("What has Umerov said on prisoners?", "umerov", "prisoners"),
    ("what did Umerov say about prisoners on 16 May", "umerov", "prisoners"),
    ("what has Umerov proposed on prisoners in round 2", "umerov", "prisoners"),
    ("what Zelensky said regarding US aid", "zelensky", "us aid"),
    ("what did Putin say", "putin", None), ("what did Putin say about?", "putin", None)])
def test_what_a_person_said_about_something(text: str, term: str, about: str | None) -> None:
    q = parse_question(text)
    assert (q.kind, q.term, q.about) == ("person", term, about)


def test_today_and_yesterday_are_the_newsrooms_days() -> None:
    def expected(today: dt.date) -> list[tuple[int, int, int]]:
        yesterday = today - dt.timedelta(days=1)
        return [(today.year, today.month, today.day)] + [(yesterday.year, yesterday.month, yesterday.day)] * 2

    before = dt.date.today()
    questions = ("what happened today?", "yesterday", "ceasefire yesterday")
    asked = [parse_question(t).day for t in questions]
    assert asked in (expected(before), expected(dt.date.today()))  # either side of a midnight
    newsroom = dt.date(2025, 6, 2)  # the answers pass the day in FACTDESK_TIMEZONE
    asked = [parse_question(t, today=newsroom).day for t in questions]
    assert asked == expected(newsroom)


@pytest.mark.parametrize(("text", "day"), [
    ("what happened on Wednesday?", dt.date(2026, 12, 2)),  # asked on a Wednesday: that day
    ("last Wednesday", dt.date(2026, 11, 25)), ("ceasefire on Monday", dt.date(2026, 11, 30)),
    ("what did Putin say on Friday", dt.date(2026, 11, 27)), ("this Friday", dt.date(2026, 12, 4)),
    ("next Wednesday", dt.date(2026, 12, 9))])
def test_a_weekday_is_the_latest_such_day_or_the_coming_one(text: str, day: dt.date) -> None:
    """ "what happened on Wednesday" was a search for the word "wednesday"."""
    q = parse_question(text, today=dt.date(2026, 12, 2))
    assert q.day == (day.year, day.month, day.day) and q.kind in ("day", "topic", "person")
    assert q.term in (None, "ceasefire", "putin")


@pytest.mark.parametrize(("text", "place"), [
    ("the Aurenza round", "aurenza"), ("Qasr City round?", "qasr city"), ("rounds in Lisbon", "lisbon"),
    ("what happened at the Geneva round", "geneva"), ("the sitting held in Brunsk", "brunsk"),
    ("the Rosenlund talks", "rosenlund")])
def test_a_round_named_by_where_it_was_held(text: str, place: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.place, q.round) == ("round", place, None)


@pytest.mark.parametrize("text", ["the next round", "the last round", "which round", "round", "talks in Geneva",
                                  "the 2022 talks", "the ceasefire talks", "chronology of the ceasefire talks"])
def test_no_place_is_read_in_other_round_questions(text: str) -> None:
    assert parse_question(text).place is None


def test_a_days_name_beside_its_date_is_no_topic() -> None:
    """ "Monday 2 June" searched the word "monday" on 2 June."""
    q = parse_question("Monday, June 2, 2025")
    assert (q.kind, q.day, q.term) == ("day", (2025, 6, 2), None)


@pytest.mark.parametrize(("text", "number"), [("sitting 2", 2), ("Sitting two", 2), ("session 3", 3),
                                              ("sitting II", 2)])
def test_a_round_by_what_a_story_calls_it_and_its_number(text: str, number: int) -> None:
    """A boundary commission's answers are headed "Sitting 2", and "sitting 2" was a word search."""
    assert (parse_question(text).kind, parse_question(text).round) == ("round", number)


@pytest.mark.parametrize(("text", "number"), [("round II", 2), ("Round IV", 4), ("round x", 10), ("round i", 1)])
def test_roman_round_numbers(text: str, number: int) -> None:
    assert (parse_question(text).kind, parse_question(text).round) == ("round", number)


@pytest.mark.parametrize("text", ["rx", "r v", "riv"])
def test_no_roman_numeral_without_the_word_round(text: str) -> None:
    assert parse_question(text).round is None


def test_the_last_round_among_several_is_named_so() -> None:
    assert parse_question("latest round 2").problem == (
        'one round at a time: ask "last round", then "round 2"; "timeline" lists every round with its outcome.')


@pytest.mark.parametrize(("text", "kind"), [("people round 2", "people"), ("who in round 2", "people"),
                                            ("round 2 topics", "topics")])
def test_people_and_topics_of_a_round(text: str, kind: str) -> None:
    assert (parse_question(text).kind, parse_question(text).round) == (kind, 2)


@pytest.mark.parametrize(("text", "kind"), [("summary", "timeline"), ("overview", "timeline"), ("any news?", "latest"),
                                            ("What's the latest?", "latest"), ("?", "help")])
def test_the_story_so_far_in_a_reporters_words(text: str, kind: str) -> None:
    assert parse_question(text).kind == kind


@pytest.mark.parametrize("text", ["where was round 2", "when was round 2", "round 2 venue", "key figures round 2",
                                  "where did round 2 take place", "what has happened in round 2", "round 2 outcome",
                                  "how long did round 2 last?", "how long was round 2",
                                  "is there a round 2?", "was there any round 2"])  # a search for "there" was
def test_what_a_round_header_answers_is_the_round(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.term) == ("round", 2, None)


@pytest.mark.parametrize("text", ["where were the talks held?", "Where did the negotiations take place",
                                  "when did the talks start", "when were the talks", "how many rounds have there been?",
                                  "how many rounds so far", "venues", "dates", "what was the outcome of the talks?",
                                  "results of the negotiations", "talks outcome",
                                  "What were the results of all the rounds"])
def test_where_and_when_of_the_whole_story_is_the_timeline(text: str) -> None:
    assert parse_question(text).kind == "timeline"


@pytest.mark.parametrize("text", ["where did Putin meet Trump", "when did Zelensky say that", "where is Umerov"])
def test_where_and_when_of_anything_else_is_no_timeline(text: str) -> None:
    assert parse_question(text).kind != "timeline"


@pytest.mark.parametrize("text", ["where are the next talks", "when are the next negotiations?", "next session"])
def test_the_next_talks_are_what_comes_next(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.ahead) == ("topic", True)


@pytest.mark.parametrize(("text", "kind", "term"), [
    ("ceasefire timeline", "topic", "ceasefire"),
    ("timeline of the prisoner exchanges", "topic", "the prisoner exchanges"),
    ("Chronology of the ceasefire talks?", "topic", "the ceasefire talks"),
    ("Medinsky over time", "topic", "medinsky"),  # a bare word: the store tells a name (test_query.py)
    ("what did Putin say, in date order", "person", "putin"), ("person Umerov timeline", "person", "umerov")])
def test_a_topic_or_person_timeline_is_in_date_order(text: str, kind: str, term: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.term, q.in_order, q.raw) == (kind, term, True, text.rstrip("?"))  # "?" ends, asks nothing


@pytest.mark.parametrize("text", ["timeline", "round 2 timeline", "timeline page 2", "history"])
def test_the_timeline_itself_is_no_topic_in_date_order(text: str) -> None:
    assert not parse_question(text).in_order


@pytest.mark.parametrize("text", ["round 2 timeline", "history of round 2", "timeline of round 2", "round 2 history"])
def test_a_rounds_timeline_is_the_round(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.term) == ("round", 2, None)


@pytest.mark.parametrize(("text", "kind", "number"), [
    ("what are the main issues?", "topics", None), ("sticking points", "topics", None),
    ("what are they talking about", "topics", None), ("what was discussed", "topics", None),
    ("key issues round 2", "topics", 2), ("sticking points in round 3", "topics", 3),
    ("who is involved", "people", None), ("key players", "people", None), ("who was involved in round 1", "people", 1),
    ("what was discussed in round 2", "round", 2)])
def test_what_and_who_the_talks_are_about_in_a_reporters_words(text: str, kind: str, number: int | None) -> None:
    q = parse_question(text)
    assert (q.kind, q.round, q.term) == (kind, number, None)


@pytest.mark.parametrize("text", ["who attended round 2", "who took part in round 2", "round 2 participants"])
def test_who_was_at_a_round_is_its_people(text: str) -> None:
    assert (parse_question(text).kind, parse_question(text).round) == ("people", 2)


@pytest.mark.parametrize(("text", "number"), [("2", 2), ("#3", 3), ("2nd", 2), ("last", -1), ("12th", 12)])
def test_a_round_number_alone_is_that_round(text: str, number: int) -> None:
    assert (parse_question(text).kind, parse_question(text).round) == ("round", number)


def test_a_year_alone_is_no_round_and_round_zero_is_none() -> None:
    assert (parse_question("2025").kind, parse_question("2025").round) == ("year", None)
    assert parse_question("0").problem == "rounds are numbered from 1."


def test_boolean_words_in_capitals_are_no_abbreviations() -> None:
    assert parse_question("ceasefire OR truce AND prisoners").abbreviations == frozenset()


def test_how_many_in_a_round_searches_what_is_counted() -> None:
    q = parse_question("how many prisoners were exchanged in round 2?")
    assert (q.kind, q.round) == ("topic", 2) and q.term and q.term.split()[0] == "prisoners"


@pytest.mark.parametrize(("text", "kind", "term", "page"), [
    ("latest on the ceasefire", "topic", "the ceasefire", None),
    ("What's the latest on prisoners?", "topic", "prisoners", None),
    ("any news about Umerov", "topic", "umerov", None),  # a name: the query answers for the person
    ("what's new on prisoners page 2", "topic", "prisoners", 2),
    ("latest on what did Putin say", "person", "putin", None),
])
def test_latest_on_something_asks_for_its_newest_facts(text: str, kind: str, term: str, page: int | None) -> None:
    q = parse_question(text)
    assert (q.kind, q.term, q.recent, q.page) == (kind, term, True, page)


def test_latest_alone_and_the_latest_round_are_not_latest_on() -> None:
    assert (parse_question("latest").kind, parse_question("latest").recent) == ("latest", False)
    assert (parse_question("latest round").round, parse_question("latest round").recent) == (-1, False)
    assert parse_question("latest on round 2").kind == "round"


@pytest.mark.parametrize(("typed", "kind", "number"), [
    ("*round 1*", "round", 1), ("round 2 🤔🇺🇦", "round", 2), ("_timeline_", "timeline", None),
    ("`round 3`", "round", 3), ("~round 2~", "round", 2)])
def test_slack_formatting_and_emoji_are_not_part_of_the_question(typed: str, kind: str, number: int | None) -> None:
    """"*round 1*" pasted from a message found "no word to search for in '* *'"; "round 2 🤔" was not understood."""
    asked = parse_question(typed)
    assert (asked.kind, asked.round) == (kind, number)


def test_an_ordinal_session_is_a_round() -> None:
    """British copy calls a round a session: "second session" was a topic search."""
    assert (parse_question("second session").kind, parse_question("second session").round) == ("round", 2)
    assert parse_question("what happened at the third session?").round == 3
    assert (parse_question("second sitting").kind, parse_question("second sitting").round) == ("round", 2)
    assert parse_question("when is the next sitting?").kind == parse_question("next round").kind


@pytest.mark.parametrize(("typed", "kind"), [("round 2?", "round"), ("where was round 2?", "round"), ("r2?", "round"),
                                             ("round two?", "round"), ("who attended round 2?", "people")])
def test_a_question_mark_after_a_round_is_no_topic(typed: str, kind: str) -> None:
    """"round 2?" was "no word to search for in '?'": the question mark was left as the topic."""
    asked = parse_question(typed)
    assert (asked.kind, asked.round) == (kind, 2)


@pytest.mark.parametrize(("typed", "kind", "page", "term"), [
    ("2?", "round", None, None), ("people page 2?", "people", 2, None), ("Umerov?", "topic", None, "umerov"),
    ("round 2 page 2?", "round", 2, None)])
def test_a_question_mark_ends_any_question(typed: str, kind: str, page: int | None, term: str | None) -> None:
    """"2?" searched for "2?", "Umerov?" for the word "umerov?" rather than the person, "people page 2?"
    for a person called "page 2?"."""
    asked = parse_question(typed)
    assert (asked.kind, asked.page, asked.term) == (kind, page, term) and not asked.raw.endswith("?")
    assert parse_question("?").kind == "help"


@pytest.mark.parametrize("text", ["hi", "Hello!", "thanks", "Thank you.", "cheers"])
def test_a_greeting_or_a_thank_you_is_answered_with_the_help(text: str) -> None:
    """"hi" and "thanks" were searches: "No fact mentions 'hi'"."""
    assert parse_question(text).kind == "help"


@pytest.mark.parametrize(("text", "words"), [
    ("what did Putin say", True), ("what has Umerov told reporters", True), ("Zelensky quotes", True),
    ("quotes by Medinsky", True), ("person Putin", False), ("what did Russia demand", False),
    ("what has Umerov proposed", False)])
def test_a_question_for_someones_words_says_so(text: str, words: bool) -> None:
    assert parse_question(text).words is words


@pytest.mark.parametrize(("typed", "number"), [("roudn 2", 2), ("rond 3", 3), ("second rnoud", 2),
                                               ("third roudn", 3), ("Roudn 1 page 2", 1)])
def test_a_mistyped_round_before_its_number_or_after_an_ordinal_is_a_round(typed: str, number: int) -> None:
    """"roudn 2" was a search for the words "roudn 2": no fact mentions them."""
    q = parse_question(typed)
    assert (q.kind, q.round) == ("round", number)


@pytest.mark.parametrize("typed", ["rand 2", "reform 2", "record 3", "second reading"])
def test_words_near_round_stay_words(typed: str) -> None:
    assert parse_question(typed).kind != "round"


@pytest.mark.parametrize("text", ["round 2\u200b", "round 2\u200e", "\u202eround 2\u202c", "\ufeffround 2",
                                  "round 2\x00", "round 2\udcff", "round\x1b 2"])
def test_invisible_and_control_characters_in_a_question_are_not_read(text: str) -> None:
    """A zero-width space or a direction mark pasted with the question, a NUL from a pipe, bytes that are not
    UTF-8: "round 2" was "Not understood", with a warning from unidecode on the terminal."""
    q = parse_question(text)
    assert (q.kind, q.round) == ("round", 2)


@pytest.mark.parametrize(("text", "problem"), [("round -1", "numbered from 1"), ("round 2.5", "whole number"),
                                               ("round 0", "numbered from 1")])
def test_a_round_number_no_round_has_is_told_why(text: str, problem: str) -> None:
    """"round -1" and "round 2.5" got the generic "which round?", where "round 0" said why."""
    q = parse_question(text)
    assert q.kind == "not_understood" and problem in (q.problem or "")
