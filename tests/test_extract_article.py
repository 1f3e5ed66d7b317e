"""Step 1 (store/extract/article.py): metadata and body from the three shapes of file."""

from __future__ import annotations

import datetime as dt

import pytest

from store.extract.article import parse_article
from tests.conftest import DAM_TALKS


def test_wire_date_line_runs_into_the_text() -> None:
    raw = " date 2024-04-09 Arventa and Belostia held talks on Tuesday.\nThe delegations agreed on data sharing."
    parsed = parse_article(raw)
    assert parsed.published == dt.date(2024, 4, 9)
    assert parsed.date_source == "header"
    assert parsed.body.startswith("Arventa and Belostia held talks")
    assert raw[parsed.body_offset:] == parsed.body
    assert parsed.title is None  # the first line is a sentence, not a headline


def test_headline_after_the_date_line_becomes_the_title() -> None:
    raw = (DAM_TALKS / "001_wire_round1.txt").read_text(encoding="utf-8")
    parsed = parse_article(raw)
    first_line = raw.split("\n", 1)[0]
    assert parsed.published == dt.date(2024, 4, 10)
    assert parsed.title is not None and first_line.endswith(parsed.title)
    assert raw[parsed.body_offset:] == parsed.body


def test_an_impossible_date_line_is_reported_not_trusted() -> None:
    parsed = parse_article(" date 2024-13-45 The talks ended without a deal on Monday.")
    assert parsed.published is None
    assert parsed.date_source == "unknown"
    assert "2024-13-45" in (parsed.date_reason or "")


def test_front_matter_gives_title_date_outlet_and_url() -> None:
    raw = (DAM_TALKS / "003_geneva_round3.md").read_text(encoding="utf-8")
    parsed = parse_article(raw)
    assert parsed.date_source == "front_matter"
    assert parsed.published == dt.date(2024, 6, 5)
    assert parsed.title == "Dam deal within reach after third round"
    assert parsed.outlet == "Riverside Courier"
    assert parsed.url == "https://courier.example/2024/06/05/dam-deal"
    assert "title:" not in parsed.body and "---" not in parsed.body
    # the body offset points into the raw file, so fact offsets can be made file offsets
    assert raw[parsed.body_offset:parsed.body_offset + len(parsed.body)] == parsed.body


def test_front_matter_accepts_published_and_source_keys() -> None:
    raw = "---\npublished: 2023-11-02\nsource: Harbour Gazette\n---\nThe ferry strike ended after talks on Wednesday.\n"
    parsed = parse_article(raw)
    assert parsed.published == dt.date(2023, 11, 2)
    assert parsed.outlet == "Harbour Gazette"
    assert parsed.date_source == "front_matter"


def test_front_matter_without_a_date_leaves_the_date_unknown() -> None:
    parsed = parse_article("---\ntitle: Undated\n---\nThe ferry strike ended after talks on Wednesday.\n")
    assert parsed.published is None
    assert parsed.date_source == "unknown"
    assert parsed.title == "Undated"


def test_malformed_front_matter_keeps_the_whole_text() -> None:
    raw = "---\ntitle: [unclosed\n---\nThe ferry strike ended after talks on Wednesday.\n"
    parsed = parse_article(raw)
    assert parsed.body == raw and parsed.body_offset == 0
    assert parsed.published is None


def test_plain_text_has_no_metadata() -> None:
    raw = (DAM_TALKS / "002_ankara_round2_undated.txt").read_text(encoding="utf-8")
    parsed = parse_article(raw)
    assert parsed.body == raw and parsed.body_offset == 0
    assert parsed.published is None and parsed.date_source == "unknown"
    assert parsed.title is None  # the first line ends with a full stop: a sentence, not a headline


@pytest.mark.parametrize(("raw", "day"), [
    ("NAIROBI, 20 June 2026 – The Government of Kenya welcomes the agreement.\n", dt.date(2026, 6, 20)),
    ("MOMBASA, Friday, June 19, 2026 — The two sides met again.\n", dt.date(2026, 6, 19)),
    ("Office of the Special Envoy\nMombasa, 19 June 2026\nThe envoy said the talks went well.\n",
     dt.date(2026, 6, 19)),
    ("The Nairobi Daily | Friday, June 19, 2026, 16:42\nKenya hosts talks\nThe talks went on.\n",
     dt.date(2026, 6, 19)),
    ("Ceasefire signed\nPublished on 19 June 2026\nThe two sides signed a ceasefire.\n", dt.date(2026, 6, 19)),
    # a live page's ISO 8601 stamps, published then updated: the first is its day
    ("LIVE: second sitting in Brunsk\nPublished: 2029-05-16T06:45:00Z | Last updated: 2029-05-17T18:32:00Z\n"
     "The sitting opened at 09:00.\n", dt.date(2029, 5, 16)),
    ("Talks resume\n2029-05-16T06:45:00+03:00\nThe sitting opened at 09:00.\n", dt.date(2029, 5, 16)),
    # a time of day with a.m. and p.m., after a bar: the page was dated by the latest day in its text
    ("Red line on uranium\nPublished Sunday, April 27, 2031 | 8:15 a.m.\nThe talks ended on Saturday.\n",
     dt.date(2031, 4, 27)),
    ("Live updates\nPublished Saturday, May 24, 2031, 8:05 a.m. | Updated 9:40 p.m.\nThe talks began.\n",
     dt.date(2031, 5, 24)),
    # a byline with the day in figures: day first, as Europe writes it, unless the copy's weekday says
    # the other order (the byline was no date line, and a later "Tuesday" dated the page a week on)
    ("Nurses to ballot\nBy Orla Keane, Health Correspondent | 03/05/2033\n\nThey met today, Tuesday 3rd May.\n",
     dt.date(2033, 5, 3)),
    ("Nurses to ballot\nBy Jane Roe | 05/03/2033\n\nThe nurses met on Tuesday.\n", dt.date(2033, 5, 3)),
    ("Nurses to ballot\nBy Jane Roe | 05/03/2033\n\nThe nurses met on Saturday.\n", dt.date(2033, 3, 5)),
])
def test_a_file_without_a_date_line_is_dated_by_the_day_it_states_at_its_top(raw: str, day: dt.date) -> None:
    """A press release or a printed page states its day at the top ("NAIROBI, 20 June 2026 –"). It
    was dated from the latest date in its text instead: a conference set for September 21 dated a
    June release 21 September, and made it a round of its own."""
    parsed = parse_article(raw)
    assert (parsed.published, parsed.date_source) == (day, "dateline")


@pytest.mark.parametrize("raw", [
    "The first round of direct talks on May 16, 2025 ended without a deal.\nMore talks followed.\n",
    "Talks end in Geneva on June 2, 2025 with no deal\nThe talks ended on Monday.\n",
    "Delegations met on Monday.\nA conference will open on 21 September 2026 in Bamare.\n",
    "Talks resume\nThe talks ran from 2029-05-16 to 2029-05-18 in Brunsk.\n",  # two days, and no stamp
])
def test_a_day_told_in_a_sentence_or_a_headline_is_not_the_file_s(raw: str) -> None:
    assert parse_article(raw).published is None


def test_a_label_in_capitals_is_no_dateline() -> None:
    """"PRESS RELEASE" at the top of a release was read as where it was filed: a round's city
    became "Press Release"."""
    parsed = parse_article("PRESS RELEASE\nFOR IMMEDIATE RELEASE\nNAIROBI, 20 June 2026 – Kenya welcomes it.\n")
    assert parsed.dateline == "Nairobi"
    assert parse_article("KIEV\nThe talks ended on Monday.\n").dateline == "Kiev"
    # a release's sender is no place it was filed from: "Harbour Workers' Federation" was a round's city
    release = parse_article("FOR IMMEDIATE RELEASE — 22 October 2026\n\nHARBOUR WORKERS' FEDERATION\n\n"
                            "Dockers reject crumbs and stay out\n\nWe voted to stay out.\n")
    assert release.title == "Dockers reject crumbs and stay out"  # it was titled by its label
    assert parse_article("HARBOUR WORKERS' FEDERATION\nWe voted to stay out.\n").dateline is None


@pytest.mark.parametrize("end", ["– ENDS –", "ENDS", "###", "-30-", "Notes to editors:", "NOTES FOR EDITORS"])
def test_a_release_s_copy_ends_where_it_says(end: str) -> None:
    """What follows "– ENDS –" or "Notes to editors" (contacts, "photographs are available on
    request") was stored as facts of the story."""
    raw = f"NAIROBI, 20 June 2026 – Kenya welcomes the agreement.\nThe envoy will report to the AU.\n{end}\n" \
          "High-resolution photographs of the ceremony are available on request.\n"
    parsed = parse_article(raw)
    assert parsed.body.rstrip().endswith("report to the AU.") and "photographs" not in parsed.body
    assert parse_article("The talks will end soon, officials said.\nThey did not say when.\n").body.endswith("when.\n")


@pytest.mark.parametrize(("raw", "place"), [
    (" date 2031-01-08 New Delhi, Jan 8 (PTI) The sixth round of talks ended on Wednesday.\n", "New Delhi"),
    ("Talks fail again\nSixth round ends without headway as unions reject the cost estimate\nRitika Sharma\n"
     "Updated: Jan 09, 2031, 06:12 AM IST\n\nNEW DELHI: The government and the farmer unions failed to break "
     "the deadlock in the sixth round of talks on Wednesday.\n", "New Delhi"),
    ("ISLAMABAD: The two delegations met for five hours on Monday at the foreign office.\n", "Islamabad"),
    # a label, a speaker in a transcript: no place
    ("EDITORIAL: The talks must go on, and the government must listen to the farmers.\n", None),
    ("Transcript\nYAZZIE: Thank you all for coming to Cedar Ridge today for this.\nESQUIVEL: Thank you, "
     "Mr. Chairman, and thank you to the Nation.\n", None),
])
def test_a_south_asian_dateline_gives_the_place(raw: str, place: str | None) -> None:
    """Indian and Pakistani copy files as "New Delhi, Jan 8 (PTI)" (no dash) or "NEW DELHI: " (a colon);
    neither was read, and the rounds' city went to "Rs" (of "at Rs 11 lakh crore") and "MSP"."""
    assert parse_article(raw).dateline == place


def test_a_release_posted_on_a_day_in_capitals_is_dated_by_it() -> None:
    """India's Press Information Bureau: "Posted On: 06 FEB 2031 9:15PM by PIB Delhi" went unread, and the
    release reporting the ninth round "held today" was undated, its facts in round 8."""
    raw = ("Ministry of Agriculture & Farmers Welfare\n\nGovernment and unions reach agreement\n\n"
           "Posted On: 06 FEB 2031 9:15PM by PIB Delhi\n\nThe ninth round of talks was held today at Samvad "
           "Bhawan, New Delhi.\n")
    parsed = parse_article(raw)
    assert (parsed.published, parsed.date_source) == (dt.date(2031, 2, 6), "dateline")


@pytest.mark.parametrize(("raw", "commentary"), [
    ("EDITORIAL\nThe National Sentinel\nSaturday, January 18, 2031\n\nBeyond langar diplomacy\n\nThe Centre "
     "should put a draft Bill on the table.\n", True),
    ("OPINION: Brek's walkout was theatre. The real fight is over money\nBy Henrik Sand\n\nTomas Brek knows "
     "how to leave a room.\n", True),
    ("---\ntitle: I hauled water as a girl\ndate: 2034-10-26\nurl: https://sun.example/opinion/2034/10/26/water\n"
     "---\nThe offer is too small.\n", True),
    ("---\ntitle: The offer is too small\nsection: Opinion\n---\nThe offer is too small.\n", True),
    ("Talks resume\nThe two sides met in Geneva and commented on the opinion polls.\n", False),
    ("---\ntitle: Comment on the talks awaited\nurl: https://sun.example/news/2034/10/26/talks\n---\nThe "
     "talks resumed.\n", False),
])
def test_an_editorial_or_opinion_piece_is_commentary(raw: str, commentary: bool) -> None:
    assert parse_article(raw).commentary is commentary


def test_a_masthead_line_dates_the_page() -> None:
    """A live blog's "The Colvera Herald | Live coverage | Friday, May 6, 2033" was no date line (its outlet's
    words were too many): the blog was dated by a plan in its text, a month later, and made a false round."""
    raw = ("LIVE: Ceasefire announced as Havana cycle closes\nThe Colvera Herald | Live coverage | Friday, May 6, "
           "2033\nLast updated 19:05 Havana time\n\nThe sixth cycle of talks will open in Oslo on June 2.\n")
    parsed = parse_article(raw)
    assert (parsed.published, parsed.date_source) == (dt.date(2033, 5, 6), "dateline")
