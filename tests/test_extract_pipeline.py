"""The whole extraction (store/extract/pipeline.py) over one file, and the dedupe key (store/dedupe.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store.dedupe import SAME_FACT, SAME_SHOWN, fact_key, similarity, who_words
from store.extract.pipeline import ExtractedArticle, ExtractedFact, _dateline_in_year, extract, static_salience
from store.story import Story, load_story
from tests.conftest import CORPORA, DAM_TALKS, SEEDS

# text files: a Word or PDF document's offsets point into its text, not its bytes (tests/test_documents.py)
ALL_ARTICLES = sorted(p for p in [*DAM_TALKS.iterdir(), *SEEDS.iterdir(), *CORPORA.glob("*/articles/*")]
                      if p.suffix not in (".docx", ".pdf"))


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story()


def run(name: str, story: Story, year_hint: int | None = 2024) -> tuple[str, ExtractedArticle]:
    raw = (DAM_TALKS / name).read_text(encoding="utf-8")
    return raw, extract(raw, story, year_hint)


def fact(article: ExtractedArticle, start: str) -> ExtractedFact:
    found = [f for f in article.facts if f.text.startswith(start)]
    assert len(found) == 1, (start, [f.text for f in article.facts])
    return found[0]


@pytest.mark.parametrize("path", ALL_ARTICLES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_fact_offsets_point_into_the_raw_file(story: Story, path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    article = extract(raw, story, 2025)
    assert article.facts
    for f in article.facts:
        assert raw[f.start:f.end] == f.text
    assert [f.position for f in article.facts] == sorted(f.position for f in article.facts)


def test_debris_lines_of_an_article_are_not_facts(story: Story) -> None:
    raw, article = run("000_geneva_round1.txt", story)
    texts = [f.text for f in article.facts]
    for debris in ("GENEVA", "– Water first –", "The full text of the joint statement is here.", "What happens next?"):
        assert debris in raw
        assert not any(debris in t for t in texts)


def test_round_attribution_is_per_sentence(story: Story) -> None:
    _, article = run("002_ankara_round2_undated.txt", story)
    lead = fact(article, "Arventa and Belostia held a second round")
    recap = fact(article, "At their first round of talks in Geneva on April 9")
    assert (lead.event_date, lead.ordinal, lead.strong) == (dt.date(2024, 5, 16), 2, True)
    assert (recap.event_date, recap.ordinal, recap.strong) == (dt.date(2024, 4, 9), 1, True)
    # a sentence with no time of its own belongs to the article's event
    assert fact(article, "Tomas Ibarra, the Belostian envoy").anchor == "article"


def test_background_plans_and_earlier_talks(story: Story) -> None:
    _, article = run("000_geneva_round1.txt", story)
    assert fact(article, "The two countries fought").anchor == "background"
    earlier = fact(article, "Arventa and Belostia last held talks")
    assert earlier.event_date == dt.date(2019, 3, 5)
    since = fact(article, "Relations between the two capitals")
    assert since.anchor == "article" and since.event_date is None
    plan = fact(article, "The next round of talks is planned")
    assert plan.event_date is None and not plan.strong


@pytest.mark.parametrize("heading", ["", "# Talks resume in Geneva\n\n", "Talks resume in Geneva\n"])
def test_a_lead_that_begins_with_the_title_is_a_fact_the_heading_is_not(story: Story, heading: str) -> None:
    """The first line was dropped as the headline whenever it began with the title's words."""
    article = extract("---\ntitle: Talks resume in Geneva\ndate: 2024-04-09\n---\n" + heading
                      + "Talks resume in Geneva after a month-long pause, officials said on Tuesday.\n\n"
                      "The delegations met for six hours at the Palais Wilson.\n", story)
    assert [f.text for f in article.facts] == [
        "Talks resume in Geneva after a month-long pause, officials said on Tuesday.",
        "The delegations met for six hours at the Palais Wilson."]


def test_a_day_without_its_year_in_a_paragraph_about_an_earlier_year_is_of_that_year(story: Story) -> None:
    """"... in the spring of 2022, the meetings stopped. A draft was published on April 15" was
    dated 15 April of the publication's year, and so was what followed it. (A document's date,
    "dated April 15", is no anchor at all: see test_extract_anchors.)"""
    article = extract(
        " date 2025-05-16 The delegations met in Istanbul on Friday for three hours.\n"
        "The two sides met in Istanbul in the spring of 2022, but the meetings stopped. "
        "A draft agreement was published on April 15 by a newspaper. "
        "It offered Ukraine guarantees that were never tested.\n"
        "The delegations agreed on May 10 to meet again in Istanbul, a diplomat said.\n"
        "Talks were held in Geneva in 2019. The next day, on March 3 the delegations met in Istanbul again.\n"
        "The two sides have not met since 2022. They spoke by phone on April 15, an aide said.\n", story)
    assert fact(article, "A draft agreement").event_date == dt.date(2022, 4, 15)
    assert fact(article, "It offered Ukraine").event_date == dt.date(2022, 4, 15), "told after it, in its paragraph"
    assert fact(article, "The delegations agreed on May 10").event_date == dt.date(2025, 5, 10), "a new paragraph"
    assert fact(article, "They spoke by phone").event_date == dt.date(2025, 4, 15), "'since 2022' is no time"
    assert fact(article, "The next day, on March 3").event_date == dt.date(2019, 3, 3)


def test_undated_file_is_dated_from_its_text_and_flagged(story: Story) -> None:
    _, article = run("002_ankara_round2_undated.txt", story, year_hint=2024)
    assert article.published == dt.date(2024, 5, 16)
    assert article.date_source == "inferred"
    assert "Thursday" in (article.date_reason or "") and "May 13" in (article.date_reason or "")


def test_undated_file_without_any_year_stays_undated_with_a_reason(story: Story) -> None:
    _, article = run("002_ankara_round2_undated.txt", story, year_hint=None)
    assert article.published is None
    assert article.date_source == "unknown"
    assert article.date_reason


def test_seed_without_date_line_is_dated_monday_2_june(story: Story) -> None:
    """GUIDE: 003 says "on Monday", its latest explicit date is May 26 (2025): Monday 2 June 2025."""
    article = extract((SEEDS / "003_f0c481dc8f7ce29f.txt").read_text(encoding="utf-8"), story, 2025)
    assert (article.published, article.date_source) == (dt.date(2025, 6, 2), "inferred")


def test_quotes_speakers_and_attribution(story: Story) -> None:
    _, article = run("000_geneva_round1.txt", story)
    quote = fact(article, '"We have opened a door')
    assert quote.is_quote and quote.speaker == "Mirela Dobrescu"
    pronoun = fact(article, "She told AFP")
    assert pronoun.speaker == "Mirela Dobrescu" and pronoun.attribution == "AFP"
    assert fact(article, "Belostia rejected a proposal").attribution == "Reuters"
    _, wire = run("001_wire_round1.txt", story)
    # a surname alone, resolved to the full name given earlier in the same article
    assert fact(wire, "Ibarra said that").speaker == "Tomás Ibarra"


QUOTES = (" date 2024-04-10 Negotiators from Arventa and Belostia met on Tuesday in Geneva for talks on the dam.\n"
          '"This is only the beginning of a long process. The hard questions about control of the dam remain '
          'open," Belostian envoy Tomás Ibarra told reporters after the talks.\n'
          '"We will not give up the turbines," said Mirela Dobrescu. "Not now, and not in ten years."\n')


def test_quote_with_its_speaker_after_it(story: Story) -> None:
    article = extract(QUOTES, story, 2024)
    assert fact(article, '"We will not give up the turbines,"').speaker == "Mirela Dobrescu"


def test_a_quote_cut_into_sentences_is_one_fact_with_its_speaker(story: Story) -> None:
    quote = fact(extract(QUOTES, story, 2024), '"This is only the beginning')
    assert quote.text.endswith("remain open,\" Belostian envoy Tomás Ibarra told reporters after the talks.")
    assert quote.speaker == "Tomás Ibarra" and quote.is_quote
    assert not [f for f in extract(QUOTES, story, 2024).facts if f.text.startswith("The hard questions")]


def test_the_opening_sentence_of_a_quote_too_long_to_join_has_the_quotes_speaker(story: Story) -> None:
    long_quote = ('"This is only the beginning of a long process. ' + "The hard questions about control of the dam, "
                  "its turbines, its spillway and the water it holds back every spring remain open. " * 3
                  + 'We will meet again," Belostian envoy Tomás Ibarra told reporters after the talks.')
    article = extract(" date 2024-04-10 Negotiators met on Tuesday in Geneva for talks on the dam.\n"
                      + long_quote + "\n", story, 2024)
    assert fact(article, '"This is only the beginning').speaker == "Tomás Ibarra"
    assert fact(article, 'We will meet again,"').speaker == "Tomás Ibarra"


def test_a_continued_quote_keeps_its_speaker(story: Story) -> None:
    assert fact(extract(QUOTES, story, 2024), '"Not now, and not in ten years."').speaker == "Mirela Dobrescu"


SOURCED = (" date 2024-04-10 Belostia will open the spillways twice a week until the end of June. This was stated to "
           "reporters by the head of the Belostian delegation, Deputy Minister Tomás Ibarra, Reuters reports.\n"
           "Arventa proposed a joint commission on the turbines. This is according to Mirela Dobrescu.\n"
           "The commission would meet monthly in Geneva. This was said to be the first such body in the region.\n"
           "It was reported that the talks would resume in May.\n"
           "Belostia will keep the turbines running in winter. She said this on the air of the national "
           "telethon, Reuters reports.\n"
           "He said this would be the last round of talks before the summer break.\n"
           "It was discussed. We are working on the turbines issue now. - Ibarra answered the question of "
           "whether the turbines were discussed.\n")


def test_a_sentence_saying_who_said_the_one_before_credits_it(story: Story) -> None:
    """"X. This was stated by Y": Y said X, and "This was stated by Y" is no fact to show."""
    article = extract(SOURCED, story, 2024)
    spillways = fact(article, "Belostia will open")
    assert (spillways.speaker, spillways.attribution) == ("Tomás Ibarra", "Reuters")
    assert fact(article, "Arventa proposed").speaker == "Mirela Dobrescu"
    # "She said this on the air of ...": where the sentence before was said
    assert fact(article, "Belostia will keep").attribution == "Reuters"
    # "- Ibarra answered the question of whether ...": the answer before it is his
    assert fact(article, "We are working on the turbines issue").speaker == "Tomás Ibarra"
    shown = [f.text for f in article.facts]
    assert not [t for t in shown if t.startswith(("This was stated", "This is according", "She said this",
                                                  "Ibarra answered"))]
    # these say something of their own: nothing is credited, nothing marked down
    assert fact(article, "The commission would meet").speaker is None
    plain = extract(SOURCED.replace("This was said to be", "It was the"), story, 2024)
    assert fact(article, "This was said to be").salience == fact(plain, "It was the").salience
    assert fact(article, "It was reported that").salience > 0.5
    said_it = extract(SOURCED.replace("He said this would be", "He said it would be"), story, 2024)
    assert fact(article, "He said this would be").salience == fact(said_it, "He said it would be").salience


def test_a_source_sentence_opening_a_paragraph_stays_a_fact_ranked_down(story: Story) -> None:
    """With no sentence before it in its paragraph, it is kept: it names who spoke."""
    article = extract(" date 2024-04-10 Belostia will open the spillways twice a week.\n"
                      "This was stated to reporters by Deputy Minister Tomás Ibarra on Monday in Geneva.\n",
                      story, 2024)
    source, plain = fact(article, "This was stated"), fact(article, "Belostia will open")
    assert source.speaker == "Tomás Ibarra" and source.salience < plain.salience - 0.75


def test_figures_of_a_fact(story: Story) -> None:
    _, article = run("000_geneva_round1.txt", story)
    figures = fact(article, "The delegations agreed to release").figures
    assert any(f["value"] == "1,200" and f["unit"].startswith("cubic metres") for f in figures)


def test_front_matter_article(story: Story) -> None:
    _, article = run("003_geneva_round3.md", story)
    assert (article.published, article.date_source) == (dt.date(2024, 6, 5), "front_matter")
    assert article.title == "Dam deal within reach after third round"
    assert article.outlet == "Riverside Courier"
    lead = fact(article, "On Tuesday, the third round of talks")
    assert (lead.event_date, lead.ordinal) == (dt.date(2024, 6, 4), 3)
    bullets = [f.text for f in article.facts if f.text.startswith(("Arventa will", "Belostia will"))]
    assert len(bullets) == 2


def test_extraction_is_a_pure_function(story: Story) -> None:
    raw = (DAM_TALKS / "000_geneva_round1.txt").read_text(encoding="utf-8")
    assert extract(raw, story, 2024) == extract(raw, story, 2024)


# -- near-duplicates --------------------------------------------------------------------------

PARAPHRASES = [
    ("The delegations agreed to release 1,200 cubic metres of water per second from the dam during the dry "
     "season, officials said.",
     "Officials confirmed that 1,200 cubic metres of water per second will be released from the dam in the dry "
     "season under a deal reached by the delegations."),
    ("The inspection will be carried out by 40 engineers from both countries, a Turkish foreign ministry "
     "official told Reuters.",
     "Engineers from both countries, 40 in all, will carry out the inspection, the official added."),
    ("Negotiators agreed to swap 1,000 prisoners of war.",
     "The two sides will exchange 1,000 POWs, negotiators agreed."),
]


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
def test_paraphrases_are_the_same_fact(a: str, b: str) -> None:
    assert similarity(fact_key(a), fact_key(b)) >= SAME_FACT


@pytest.mark.parametrize(("a", "b"), [
    ("The delegations agreed to release 1,200 cubic metres of water per second from the dam.",
     "The delegations agreed to set up a joint monitoring commission for the dam."),
    ("Belostia rejected a proposal to hand control of the dam to an international operator.",
     "Arventa will receive 45% of the electricity produced by the dam."),
])
def test_different_facts_are_not_merged(a: str, b: str) -> None:
    assert similarity(fact_key(a), fact_key(b)) < SAME_FACT


@pytest.mark.parametrize(("a", "b"), [
    ("Arventa will receive 45% of the electricity produced by the dam.",
     "Belostia will receive 55% of the electricity produced by the dam."),
    ("The first session of the talks lasted nine hours.", "The first session of the talks lasted eleven hours."),
])
def test_facts_with_different_figures_are_not_merged(a: str, b: str) -> None:
    assert similarity(fact_key(a), fact_key(b)) < SAME_FACT


def test_the_two_sides_is_no_figure() -> None:
    """"the two sides" counts who, not what: as the number 2 it capped a retelling's similarity (no
    number in common: two facts), and the 2 of "two sides" against the 3 of "three sides" still differ."""
    assert fact_key("The two sides agreed to a joint survey.") == fact_key("The sides agreed to a joint survey.")
    a, b = "At the first sitting the two sides agreed to a survey of the river by 30 April.", \
        "13-14 March: the first sitting agreed to a survey of the river, due by 30 April."
    assert similarity(fact_key(a), fact_key(b)) > 50
    assert "2" in fact_key("The union wants two extra days of leave.").split()


def test_fact_key_ignores_spelling_and_function_words() -> None:
    assert fact_key("The talks in Kyiv ended.") == fact_key("the Talks in KYIV ended")
    assert fact_key("Çırağan talks") == fact_key("Ciragan talks")
    assert fact_key("negotiation") == fact_key("discussions") == fact_key("talks")


def test_plural_synonyms_fold_too() -> None:
    assert fact_key("negotiations") == fact_key("meetings") == fact_key("talks")


def test_exchange_and_swap_are_one_word() -> None:
    """"exchange" kept its e while "exchanged" and "swap" became "exchang": a swap told two ways was two facts."""
    assert fact_key("exchange") == fact_key("swap") == fact_key("exchanges") == fact_key("exchanged")


def test_a_name_that_is_the_dateline_is_a_place_in_the_whole_article(story: Story) -> None:
    raw = ("date 2026-03-04 BELMORE HEIGHTS, March 4 — Bus drivers and the city met for five hours on Tuesday.\n"
           "Officials said Belmore Heights would cut three bus routes next year.\n")
    article = extract(raw, story)
    assert article.dateline == "Belmore Heights"
    assert all("Belmore Heights" not in f.people for f in article.facts)
    assert any("Belmore Heights" in f.places for f in article.facts)


@pytest.mark.parametrize("line", ["KARVO, Norland (AP) — ", "LISSEL, Valdenia — ",
                                  "NAIROBI, Kenya, April 14 (Reuters) - "])
def test_a_dateline_with_its_country_is_a_dateline(story: Story, line: str) -> None:
    """AP's "KARVO, Norland (AP) —" stayed in the lead's text, and the dateline was not read."""
    article = extract(f" date 2027-09-08 {line}Norland and Valdenia reopened negotiations on Wednesday.\n", story)
    [fact] = article.facts
    assert fact.text == "Norland and Valdenia reopened negotiations on Wednesday."
    assert article.dateline == line.split(",")[0].title()


def test_a_wire_dateline_without_a_place_is_no_part_of_the_fact(story: Story) -> None:
    """A wire factbox opens "June 16 (Reuters) - " with no place: it stayed at the head of the lead's
    text. A timeline's entry ("March 6-8, 2028 - First round ...") has no outlet and is kept whole."""
    article = extract(" date 2028-06-16 June 16 (Reuters) - Eleven island states agreed on Thursday to create "
                      "an $850 million fund.\nMarch 6-8, 2028 - First round of talks, Reef House, Savelu.\n", story)
    assert [f.text for f in article.facts] == [
        "Eleven island states agreed on Thursday to create an $850 million fund.",
        "March 6-8, 2028 - First round of talks, Reef House, Savelu."]
    assert article.dateline is None


def test_a_sitting_of_several_days_is_dated_by_its_first(story: Story) -> None:
    """"Raised its offer on Tuesday at the close of two days of talks" made a round of the Tuesday,
    and the Monday's agreement was in no round; "agreed on Thursday, ... a three-day session that
    opened on Tuesday" made two rounds of one, Wednesday's walkout and Thursday's deal."""
    closed = extract(" date 2028-04-25 LUNDHOLM — Donors raised their offer to $600 million on Tuesday at the "
                     "close of two days of talks with the island states.\nThe two sides agreed on Monday, the "
                     "opening day, that agencies may apply directly.\n", story).facts
    assert [f.event_date for f in closed] == [dt.date(2028, 4, 24)] * 2
    opened = extract(" date 2028-06-16 The island states and the donors agreed on Thursday to set up a fund.\n"
                     "The deal, reached at the end of a three-day session that opened on Tuesday, creates the fund.\n"
                     "The talks nearly broke down on Wednesday, when the islands walked out.\n"
                     "The farmers' union said on Friday it would study the text.\n", story).facts
    assert [f.event_date for f in opened] == [dt.date(2028, 6, 13)] * 3 + [None]  # Friday: the article's day
    single = extract(" date 2028-06-16 The talks nearly broke down on Wednesday, when the islands walked out.\n",
                     story).facts
    assert single[0].event_date == dt.date(2028, 6, 14), "no sitting of several days: the day stays"
    after = extract(" date 2029-03-15 The commissioners signed a communiqué on Wednesday after two days of talks.\n"
                    "On Tuesday, the opening day, both sides agreed to a survey.\n", story).facts
    assert [f.event_date for f in after] == [dt.date(2029, 3, 13)] * 2, "'after two days of talks' closes a sitting"


def test_the_round_before_and_a_round_since_are_not_the_article_s(story: Story) -> None:
    """"At the previous round in April, donors had offered ..." and "who has led the team since the
    first round in March, said the bloc had accepted a smaller fund" were facts of round 3 and
    round 1."""
    facts = extract(" date 2028-06-16 The island states and the donors agreed on Thursday to set up a fund.\n"
                    "At the previous round in April, held in the same city, donors had offered $600 million.\n"
                    "Losana Tupou-Ngata, who has led the team since the first round in March, said the bloc had "
                    "accepted a smaller fund.\n", story).facts
    assert facts[1].anchor == "background"
    assert facts[2].ordinal is None and facts[2].anchor == "article"


def test_this_time_comes_back_from_a_look_back(story: Story) -> None:
    """"In 2013 the regions were not asked. This time the governors sat in our delegation. Forty-two
    percent of a railway ...": the last two were background of 2013, in no round."""
    raw = (" date 2027-12-15 Talks end\nThe delegations initialed a framework agreement on Tuesday in Hallin.\n"
           "In 2013 the regions were not asked. This time the governors sat in our delegation. Forty-two percent "
           "of a railway is better than none, the minister said.\n"
           "Before 2013 the two sides had met twice. Then the treaty was rejected.\n")
    _, then, now, after, before, rejected = extract(raw, story).facts
    assert then.anchor == "background"
    assert (now.anchor, after.anchor) == ("article", "article")
    assert (before.anchor, rejected.anchor) == ("background", "inherited"), "a look back goes on until it ends"


def test_the_small_hours_after_talks_are_the_talks_day(story: Story) -> None:
    """Talks that began on Tuesday ended at 3 a.m.: the deal "initialed early Wednesday" was dated
    Wednesday, a day without a round, and left out of the round it closed."""
    raw = (" date 2027-12-16 HALLIN — Norland and Valdenia have a deal to build a railway.\n"
           "The framework agreement initialed early Wednesday commits both governments to build the line. "
           "Norland will pay 58% of the cost.\n"
           "Talks began Tuesday morning and ended after 3 a.m. on Wednesday.\n"
           "The farmers' union said on Wednesday it would study the text.\n")
    _, deal, share, talks, union = extract(raw, story).facts
    tuesday = dt.date(2027, 12, 14)
    assert talks.event_date == tuesday and talks.strong
    assert (deal.event_date, share.event_date) == (tuesday, tuesday)
    assert union.event_date == tuesday + dt.timedelta(days=1), "a statement of the day after is that day's"
    alone = extract(" date 2027-12-16 Drones struck the port early Wednesday, officials said.\n", story).facts
    assert alone[0].event_date == tuesday + dt.timedelta(days=1), "no talks the day before: the day stays"
    drones = extract(raw + "Drones struck the port of Karvo early Wednesday, officials said.\n", story).facts[-1]
    assert drones.event_date == tuesday + dt.timedelta(days=1), "another event of the small hours keeps its day"


def test_at_that_meeting_goes_back_to_the_moment_told_last(story: Story) -> None:
    """"Ostrelia arrived at that meeting demanding ..." opens a paragraph of an analysis published
    months later: it is the March meeting's, not the article's latest round."""
    article = extract(" date 2024-09-23 When the ministers first sat down together in Geneva on March 3, "
                      "they agreed only to share river data.\n"
                      "Arventa arrived at that meeting demanding 450 cubic metres per second in summer.\n"
                      "On Monday in Ankara, the three ministers initialled a framework agreement.\n"
                      "Arventa will receive 46 per cent of the river's flow.\n", story, 2024)
    assert fact(article, "Arventa arrived").event_date == dt.date(2024, 3, 3)
    assert fact(article, "Arventa will receive").event_date is None  # the article's own round, as before


def test_a_sentence_repeated_word_for_word_is_one_fact(story: Story) -> None:
    """A 5 MB file of one line repeated made 46,641 identical facts."""
    line = "The delegations met again in Geneva on Tuesday to discuss the dam."
    article = extract(" date 2024-05-16 " + f"{line}\n" * 50 + "Arventa proposed a joint commission.\n", story, 2024)
    assert [f.text for f in article.facts] == [line, "Arventa proposed a joint commission."]


@pytest.mark.parametrize(("british", "american"), [("initialled", "initialed"), ("recognised", "recognized"),
                                                    ("cancelled", "canceled"), ("organisation", "organization")])
def test_british_and_american_spellings_make_one_key(british: str, american: str) -> None:
    """The live page's "initialed the framework agreement" and the analysis's "initialled" it were
    two facts in one answer."""
    assert fact_key(f"The ministers {british} the agreement.") == fact_key(f"The ministers {american} the agreement.")
    assert fact_key("The talks stalled.") != fact_key("The talks staled.")  # a short verb keeps its double l


def _who(text: str, people: list[str], places: list[str] = []) -> frozenset[str]:  # noqa: B006 (read only)
    return who_words(text, people, places)


@pytest.mark.parametrize(("a", "b", "people"), [
    ("Foreign Minister Lena Varga said that the Arventan delegation uses every channel to bring home "
     "detained fishermen, students and journalists.",
     "The Arventan delegation was headed by the Minister of Foreign Affairs of Arventa Lena Varga.", ["Lena Varga"]),
    ("“The door to peace is open, but only a little,” Andrzej Lindqvist, the mediator, said.",
     "“We are not very optimistic,” Andrzej Lindqvist, the mediator, said.", ["Andrzej Lindqvist"]),
    ("The Nordic Council asked the Austral Economic Community to scrap its export tax on copper.",
     "Trade between the Nordic Council and the Austral Economic Community was worth about 43 billion euros.", []),
])
def test_facts_sharing_only_who_they_are_about_are_not_merged(a: str, b: str, people: list[str]) -> None:
    """Two things one person or body said or did share its name and title, and were one fact: the
    second's article was cited for the first, which it does not say."""
    assert similarity(fact_key(a), fact_key(b)) >= SAME_SHOWN  # the words alone call them one fact
    assert similarity(fact_key(a), fact_key(b), _who(b, people)) < SAME_SHOWN


@pytest.mark.parametrize(("a", "b", "people", "places"), [
    ("Delegations gathered at the Al Salam Palace in Jeddah.",
     "The meeting took place at the Al Salam Palace in Jeddah.", [], ["Jeddah"]),
    ("Lena Varga led the Arventan delegation.", "The Arventan delegation was headed by Lena Varga.",
     ["Lena Varga"], []),
    ("“Each side went further than it expected to,” Tomás Rahman, the mediator, said.",
     "Tomas Rahman, the mediator, told Reuters: “Both sides moved further than they thought they could.”",
     ["Tomas Rahman"], []),
])
def test_facts_sharing_a_place_or_a_deed_besides_names_are_merged(a: str, b: str, people: list[str],
                                                                  places: list[str]) -> None:
    assert similarity(fact_key(a), fact_key(b), _who(b, people, places)) >= SAME_FACT


AP_COPY = ("Harbour states agree to stop trawler seizures\n"
           "WASHINGTON, Sept. 30 (AP) — Haldmark and Zaslavia agreed Wednesday that their coast guards will "
           "stop boarding each other's fishing boats.\n"
           "Under the protocol, which takes effect Oct. 15, each coast guard will notify the other first.\n")


def test_a_dateline_without_a_year_dates_the_article() -> None:
    """AP writes "WASHINGTON, Sept. 30 (AP) —" with no year. The dateline was not read, and the
    article was dated the Wednesday after the date it announced, three weeks late."""
    article = extract(AP_COPY, load_story(), year_hint=2026)
    assert (article.published, article.date_source) == (dt.date(2026, 9, 30), "inferred")
    assert "dateline" in (article.date_reason or "")


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 10, 2), dt.date(2026, 9, 30)),
    (dt.date(2026, 1, 5), dt.date(2025, 9, 30)),  # read in January: last September's copy
    (dt.date(2026, 9, 29), dt.date(2026, 9, 30)),  # a day ahead: time zones, not a year back
])
def test_a_dateline_without_a_year_and_no_dated_article_is_the_last_such_day(today: dt.date,
                                                                              expected: dt.date) -> None:
    assert _dateline_in_year(9, 30, None, today)[0] == expected


TRANSCRIPT = """ date 2026-09-30 Remarks by the special envoy after the sixth round
Blair House, Washington
SPECIAL ENVOY OKAFOR: Good evening. Tonight Haldmark and Zaslavia agreed an incidents-at-sea protocol.
This is the third round I have mediated, and the first time the two sides signed anything.
Q: Mr. Kovalchuk said this morning that Haldmark's coast guard still behaves like it owns the sea.
A: The protocol is exactly the answer to that, and both coast guards will report every incident.
Q: Is the $40 million for satellite monitoring new money?
A: It is new money, forty million dollars over three years, for vessel tracking in the Vell Sea.
"""


def test_a_transcripts_questions_are_no_facts_and_its_answers_are_the_speakers() -> None:
    """A press conference's "Q:" lines were facts ("Q: Mr. Kovalchuk said this morning ...", a
    reporter's claim), its answers had no speaker and kept their "A:", and "SPECIAL ENVOY OKAFOR:"
    stood in the first fact."""
    facts = extract(TRANSCRIPT, load_story()).facts
    said = {f.text: f.speaker for f in facts}
    assert said == {
        "Tonight Haldmark and Zaslavia agreed an incidents-at-sea protocol.": "Okafor",
        "This is the third round I have mediated, and the first time the two sides signed anything.": "Okafor",
        "The protocol is exactly the answer to that, and both coast guards will report every incident.": "Okafor",
        "It is new money, forty million dollars over three years, for vessel tracking in the Vell Sea.": "Okafor",
    }


def test_a_place_and_a_colon_outside_a_transcript_is_a_dateline_not_a_speaker() -> None:
    raw = " date 2026-09-30 Talks resume\nKYIV: Ukraine and Russia agreed on Tuesday to swap 300 prisoners of war.\n"
    [fact] = extract(raw, load_story()).facts
    assert fact.speaker is None and "Ukraine and Russia agreed on Tuesday" in fact.text


def test_a_group_named_by_its_kind_is_no_person_wherever_the_article_names_it(story: Story) -> None:
    """"Some 150 protesters from the campaign group Dry Taps gathered outside": Dry Taps was a
    person, and in a later paragraph the speaker of its member's words."""
    article = extract(" date 2027-01-12 Water talks\nSome 150 protesters from the campaign group Dry Taps gathered "
                      "outside the hall on Tuesday.\nPieter Olafsen of Dry Taps said the talks had achieved nothing.\n",
                      story)
    assert all("Dry Taps" not in f.people for f in article.facts)
    assert all("Dry Taps" in f.organisations for f in article.facts)


def test_a_youth_group_named_by_its_kind_is_no_person(story: Story) -> None:
    article = extract(" date 2028-06-16 Fund agreed\n\"$850 million is a down payment,\" said Tui Mahuika of the "
                      "youth group Rising Tide, who travelled to Lundholm for the talks.\n", story)
    assert article.facts[0].people == ["Tui Mahuika"] and "Rising Tide" in article.facts[0].organisations


def test_a_named_person_of_a_body_works_there_and_his_words_are_his(story: Story) -> None:
    """"Pieter Olafsen of Dry Taps, who spent the day outside ..." named two people, and the
    quote after it, '"...," he said', was Dry Taps's."""
    article = extract(" date 2027-01-12 Water talks\nPieter Olafsen of Dry Taps, who spent the day outside the hall, "
                      "was less charitable.\n\"They talked for six hours and we still can't water our tomatoes,\" "
                      "he said.\nMaria Lind of the Velsberg Water Board said the reservoirs were full.\n", story)
    first, quote, board = article.facts
    assert (first.people, first.organisations) == (["Pieter Olafsen"], ["Dry Taps"])
    assert quote.speaker == "Pieter Olafsen"
    assert board.speaker == "Maria Lind" and "Velsberg Water Board" in board.organisations


def test_a_roundup_s_items_are_told_apart_and_a_lone_dateline_makes_none(story: Story) -> None:
    """Three paragraphs or more opening with a label in capitals and a dash are a roundup's items,
    each with its paragraphs after it; one "KYIV —" opening a story is a dateline."""
    roundup = extract(" date 2026-11-20 World Briefing\nOur daily round-up of news from around the world.\n"
                      "PERU — Rain fell on the northern region of Piura all week.\n"
                      "Forecasters say the rain may go on for another week.\n"
                      "EU/JAPAN — Talks in Tokyo ended on Thursday without a deal on data flows.\n"
                      "MARKETS — Oil prices fell 2% on Thursday after inventories rose.\n", story)
    assert [f.section for f in roundup.facts] == [1, 1, 2, 3]  # the round-up's own intro line is no fact
    story_ = extract(" date 2026-11-20 Talks\nKYIV — The talks ended on Thursday.\nNo deal was signed.\n", story)
    assert {f.section for f in story_.facts} == {None}


def test_a_timeline_bullet_s_dropped_heading_still_dates_the_sentence_after_it(story: Story) -> None:
    """"* July-August 2026 - Drought. A hosepipe ban covers 210,000 residents ...": the heading is too
    short to be a fact, and the ban was a fact of the factbox's day, round 3, in March 2027."""
    article = extract(" date 2027-03-09 FACTBOX-How the water fight ended\nHere is a timeline of the dispute.\n\n"
                      "* July-August 2026 - Drought. A hosepipe ban covers 210,000 residents while the data "
                      "centre keeps running.\n", story)
    ban = next(f for f in article.facts if f.text.startswith("A hosepipe ban"))
    assert ban.event_date is None and ban.anchor == "inherited"  # history: no round's, no day's


def test_a_quote_credited_to_a_surname_the_article_spells_out_later_is_that_person_s(story: Story) -> None:
    """Seeds 003: '"We've actually had exchanges of prisoners ...," Medvedenko added.' comes eight
    paragraphs before "Al Jazeera correspondent Dmitry Medvedenko": it had no speaker."""
    article = extract(" date 2025-06-02 Talks\n“We have had exchanges of prisoners all through this war,” "
                      "Medvedenko added.\nThe talks lasted an hour and ended without a ceasefire.\n"
                      "Al Jazeera correspondent Dmitry Medvedenko, reporting from Istanbul, said the exchange "
                      "was the one avenue that works.\n", story)
    assert article.facts[0].speaker == "Dmitry Medvedenko"



def test_the_article_s_own_outlet_is_no_person(story: Story) -> None:
    """"Ergashev told Ostrelia Today." listed the paper as a person, in "people" and "person Ostrelia Today"."""
    raw = ("---\ntitle: Turgania to release water all summer\ndate: 2026-05-16\noutlet: Ostrelia Today\n---\n\n"
           "\u201cWe will not watch our river being drained,\u201d Bakhtiyor Ergashev told Ostrelia Today.\n")
    [fact] = extract(raw, story).facts
    assert fact.people == ["Bakhtiyor Ergashev"] and "Ostrelia Today" in fact.organisations


def test_a_pull_quote_is_said_by_the_name_on_the_line_under_it(story: Story) -> None:
    """A feature's pull quote, credited on a line of its own ("— Joost Halder, mayor of Mirren"),
    had no speaker: the line ends in no stop and is no fact."""
    raw = (" date 2029-05-26 DALNY VALLEY, Kelvaria — Herders went back to the islands on Monday.\n\n"
           "\"Nobody on this river wants a war. Everybody wants a map.\"\n— Joost Halder, mayor of Mirren\n\n"
           "\"A survey tells you where the water is.\"\n— Dr Ansel Kroon, hydrographer, University of Tavrin\n\n"
           "\"We will be back,\" said Zofia Brenn.\n— Photo: Tomas Feldmann\n")
    facts = extract(raw, story).facts
    assert [f.speaker for f in facts] == [None, "Joost Halder", "Ansel Kroon", "Zofia Brenn"]


def test_an_interview_s_answers_are_said_by_the_person_it_introduced(story: Story) -> None:
    """A feature's Q&A: "A: ..." lines had no speaker; the narrative after the Q&A is nobody's answer."""
    raw = (" date 2029-05-26 DALNY VALLEY, Kelvaria — Herders went back to the islands on Monday.\n\n"
           "Teodor Vasko, Kelvaria's boundary commissioner, spoke to us by telephone from Brunsk.\n\n"
           "Q: What did the second sitting achieve?\n\nA: We accepted the survey of the river.\n\n"
           "Q: Will Kelvaria pay for the bridge?\n\nA: Not for a bridge we are told we do not own.\n\n"
           "Back in the valley, the herders counted their sheep.\n")
    facts = extract(raw, story).facts
    assert [(f.text[:20], f.speaker) for f in facts[-3:]] == [
        ("We accepted the surv", "Teodor Vasko"), ("Not for a bridge we ", "Teodor Vasko"),
        ("Back in the valley, ", None)]


def test_a_venue_word_counts_as_a_venue_named_only_in_a_name(story: Story) -> None:
    """"exchange" names a venue in "the Drevna Corn Exchange" and none in "the prisoner exchange": the
    venue point went to every sentence holding the word, and prisoner swaps outranked the round's terms."""
    def salience(text: str) -> float:
        return static_salience(text, 5, 0, 0, story, None, False)

    venue = "The talks resumed at the Drevna Corn Exchange with a new offer on pay."
    plain = "The talks resumed with the prisoner exchange and a new offer on pay."
    assert salience(venue) > salience(plain)
    assert salience("The talks resumed at the Palace with a new offer on pay.") > \
        salience("The talks resumed at the palace with a new offer on pay.")


def test_an_explainers_opening_of_long_ago_reports_no_event(story: Story) -> None:
    """An explainer published two days before round 1 made a round of its own day: its third sentence,
    "The first round was held ... on June 10, 2027", read as its lead reporting talks held."""
    raw = (" date 2031-04-10 When negotiators sit down in Qasr City on Saturday, it will be the first time "
           "in four years.\n\nThe 2027 talks were direct negotiations hosted by Lantria.\n\n"
           "The first round was held at the Palazzo Ferrante in Aurenza on June 10, 2027, and a second followed "
           "in September.\n")
    assert not extract(raw, story).lead_event
    today = " date 2031-04-12 The first round was held at the Al-Rawdah Palace on Saturday.\n"
    assert extract(today, story).lead_event


def test_a_lead_naming_its_own_day_is_that_days_report(story: Story) -> None:
    """AP's "raised its offer Thursday ... in a second round of talks", filed that Thursday: the day is
    its publication's, no anchor; "testified Wednesday" in the next sentence made the lead's day the
    Wednesday, a round of its own beside the real one."""
    raw = (" date 2034-10-12 The tribe raised its offer Thursday to share 5% of revenue from two planned casinos "
           "with the state, in a second round of talks held entirely by video.\n"
           "The parties met by video because the chairman was in Washington, where he testified Wednesday "
           "before a Senate committee.\n")
    article = extract(raw, story)
    assert article.lead_event and article.lead_day == dt.date(2034, 10, 12)


def test_an_undated_report_takes_its_numbered_rounds_day_only_near_its_own_dates(story: Story) -> None:
    """The dated coverage's round 6 on a Tuesday dates an undated "sixth round ... opened on Tuesday";
    not another story's sixth round nine years before the dates the report gives itself."""
    raw = ("The fifth round of mediation on March 21 in Bonn also ended without a breakthrough.\n"
           "The sixth round of mediation between the dockers and the port employers opened on Tuesday in "
           "Bonn, with low expectations.\n")
    near = extract(raw, story, 2025, {6: (dt.date(2025, 4, 1),)})  # not the Tuesday after March 21
    assert (near.published, near.date_source) == (dt.date(2025, 4, 1), "inferred")
    far = extract(raw, story, 2025, {6: (dt.date(2016, 5, 3),)})
    assert far.published == extract(raw, story, 2025).published != dt.date(2016, 5, 3)


def test_a_correction_note_renumbers_its_articles_facts(story: Story) -> None:
    """Headline and lead said "third round", the note at the bottom "They were the second round": the
    round was numbered 3 and the next one 4."""
    raw = ("Varenia draws red line in third round\nPublished Sunday, April 27, 2031 | 8:15 a.m.\n\n"
           "Varenia will not ship its uranium abroad, its foreign minister said after the third round of "
           "indirect talks in Aurenza on Saturday.\n\nDalmor's envoy called the talks serious.\n\n"
           "Correction, April 27: An earlier version of this article, including its headline, described "
           "Saturday's talks in Aurenza as the third round. They were the second round.\n")
    article = extract(raw, story)
    assert fact(article, "Varenia will not ship").ordinal == 2
    assert not [f for f in article.facts if "earlier version" in f.text or f.text.startswith("They were")]


def test_then_after_a_past_year_is_that_year(story: Story) -> None:
    """ "Compare this with 2027." (a fragment, no fact) "Then, ... the third round ended with a walkout"
    was a fact of this story's third round."""
    raw = (" date 2031-06-05 Three rounds in, the talks have achieved more than expected.\n\n"
           "Compare this with 2027. Then, negotiators met face to face in Aurenza, and the third round ended with "
           "a walkout over inspections.\n\nThen, the ministers flew home.\n")
    article = extract(raw, story)
    then = fact(article, "Then, negotiators")
    assert (then.anchor, then.ordinal) == ("background", None)
    assert fact(article, "Then, the ministers").anchor != "background"  # no year before it in its paragraph


def test_contradicting_or_other_figures_are_not_one_fact() -> None:
    """ "extend the corridor by 30 days", "by 3 days" and "did not agree to extend it by 30 days" were one
    fact cited three times (a single digit was no word of a key; a negation made no difference)."""
    agreed = fact_key("Delegates in Istanbul agreed on Thursday to extend the corridor by 30 days, officials said.")
    three = fact_key("Delegates in Istanbul agreed on Thursday to extend the corridor by 3 days, officials said.")
    denied = fact_key("Delegates in Istanbul did not agree on Thursday to extend the corridor by 30 days, "
                      "officials said.")
    assert similarity(agreed, three) < SAME_SHOWN and similarity(agreed, denied) < SAME_SHOWN
    # a paraphrase in other words, one of them negated, is still one fact
    rejected = fact_key("Russia rejected the proposal for an unconditional ceasefire, Kyslytsya told reporters.")
    refused = fact_key("Russia did not accept the proposal for an unconditional ceasefire, Kyslytsya told reporters.")
    assert similarity(rejected, refused) >= SAME_SHOWN


def test_an_article_naming_none_of_the_story_words_is_set_aside(story: Story) -> None:
    """A newsroom's folder holds its other news: a football club's "first round of talks with Sandvik's agent
    took place on Tuesday" made a round of the coalition talks, and a chess open's "round 5" another."""
    coalition = Story(name="Estmark coalition talks", story_words=("coalition", "Halvorsen", "Green Alliance"))
    football = (" date 2032-03-10 Nordvik FC have opened talks over a new contract with their top scorer, the club "
                "said.\n\nThe first round of talks with his agent took place on Tuesday and lasted three hours.\n")
    other = extract(football, coalition)
    assert not other.lead_event and other.lead_ordinal is None
    assert {(f.anchor, f.event_date, f.ordinal, f.strong) for f in other.facts} == {("background", None, None, False)}
    talks = football.replace("Nordvik FC have", "The Green Alliance and Nordvik FC have")
    assert any(f.strong for f in extract(talks, coalition).facts)
    assert any(f.strong for f in extract(football, story).facts)  # no story words: every article is the story's


def test_a_short_sentence_names_who_speaks_next(story: Story) -> None:
    """ "Mr Brek was blunter." is too short to be a fact; the quote after it, "... he said", was credited
    to the leader named before it."""
    raw = (" date 2032-03-03 Ingrid Halvorsen called the meeting a good start, and Tomas Brek agreed to talk "
           "again.\n\nMs Halvorsen described the talks as \"good and honest\" and said she hoped for a "
           "government by Easter.\n\nMr Brek was blunter. \"We are nobody's spare wheel,\" he said.\n")
    assert fact(extract(raw, story), "\"We are nobody").speaker == "Tomas Brek"


def test_a_report_of_a_side_meeting_is_evidence_of_no_round() -> None:
    """"Military officers ... ended three days of technical talks in Panama City on Friday": its "the technical
    subcommission, set up at the last round of peace talks in Mexico City, met from Wednesday to Friday" made a
    round of the Friday."""
    story = Story(name="Peace talks", event_nouns=("talks", "round", "cycle"),
                  side_meeting_words=("technical", "subcommission"))
    raw = (" date 2033-04-08 Military officers and guerrilla commanders ended three days of technical talks in "
           "Panama City on Friday.\nThe technical subcommission, set up at the last round of peace talks in Mexico "
           "City, met from Wednesday to Friday at a hotel near the canal.\n")
    article = extract(raw, story)
    assert not article.lead_event and not any(f.strong for f in article.facts)
    assert any(f.event_date == dt.date(2033, 4, 8) for f in article.facts)  # its days stand
