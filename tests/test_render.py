"""bot/render.py: every Answer kind, Block Kit's limits whatever the size, mrkdwn escaping."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.render import (
    ACTION_MORE,
    ACTION_SHARE,
    button_value,
    clip,
    escape,
    fact_line,
    parse_button_value,
    render_answer,
    render_mrkdwn,
)
from bot.render_text import more_sources, render_text
from store.answers import Answer, Corroboration, FactItem, RoundInfo, Source
from store.runtime import Store, open_store
from store.settings import Settings
from tests.slack_fixtures import (
    HOSTILE_MARKUP,
    ROUND_2_HEADER,
    assert_block_kit_limits,
    assert_no_live_markup,
    blocks_of,
    buttons,
    copy_seeds,
    header_text,
    texts,
)

R2 = RoundInfo(number=2, date=dt.date(2025, 6, 2), date_inferred=True, venue="Ciragan Palace", city="Istanbul",
               venue_name="Çırağan Palace", outcome="Both sides agreed to swap prisoners.", outcome_sources=[1],
               n_facts=12)


def source(n: int, **kw: object) -> Source:
    fields: dict[str, object] = dict(n=n, file=f"{n:03d}_article.txt", title=None, outlet=None,
                                     date=dt.date(2025, 6, 2), date_inferred=False, url=None, article_id=n)
    fields.update(kw)
    return Source(**fields)  # type: ignore[arg-type]


def fact(text: str, *sources: int, **kw: object) -> FactItem:
    return FactItem(text=text, sources=list(sources) or [1], **kw)  # type: ignore[arg-type]


def answers() -> dict[str, Answer]:
    """One hand-built Answer of every kind the query layer produces."""
    facts = [fact("Both sides agreed to swap prisoners.", 1, corroboration=[Corroboration(2, "b.txt", "A swap.")]),
             fact("Medinsky said talks would go on.", 2, speaker="Vladimir Medinsky")]
    two = [source(1), source(2, title="Talks end", outlet="AFP")]
    return {
        "round": Answer("round", "round 2", "Round 2", round=R2, facts=facts, sources=two,
                        key_figures=["6,000 soldiers"], has_more=True),
        "timeline": Answer("timeline", "timeline", "Talks: timeline", rounds=[R2, dataclass_copy(R2, number=3)],
                           sources=two[:1]),
        "person": Answer("person", "person medinsky", "Vladimir Medinsky: what was said and done", facts=facts,
                         sources=two),
        "topic": Answer("topic", "ceasefire round 2", "“ceasefire” in Round 2", round=R2, facts=facts, sources=two),
        "latest": Answer("latest", "latest", "Latest facts", facts=facts, sources=two),
        "sources": Answer("sources", "sources", "Sources (2 articles)", sources=two,
                          items=[("001_article.txt", 4), ("002_article.txt", 9)]),
        "people": Answer("people", "people", "People named in the coverage", items=[("Rustem Umerov", 7)],
                         message="Ask `/talks person NAME` for what someone said or did."),
        "topics": Answer("topics", "topics", "Topics in the coverage", items=[("prisoners", 9)]),
        "help": Answer("help", "help", "Talks: what you can ask", message="`/talks round 2`: a round\n`/talks help`"),
        "unknown_round": Answer("unknown_round", "round 9", "There is no round 9", rounds=[R2],
                                message="Known so far: Round 2 (2 Jun 2025)."),
        "empty": Answer("empty", "round 2", "Nothing ingested yet", message="Nothing has been ingested yet."),
        "not_understood": Answer("not_understood", "round x", "Not understood", message="which round?"),
        "error": Answer("error", "x", "Error", message="Something failed."),
    }


def dataclass_copy(r: RoundInfo, **changes: object) -> RoundInfo:
    import dataclasses

    return dataclasses.replace(r, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(answers()))
def test_every_kind_renders_inside_block_kit_limits(kind: str) -> None:
    answer = answers()[kind]

    msg = render_answer(answer)

    assert_block_kit_limits(msg)
    assert header_text(msg)
    shown = "\n".join(texts(msg))
    for piece in [answer.message or "", *(f.text for f in answer.facts), *(n for n, _ in answer.items)]:
        for line in piece.split("\n"):
            assert escape(line) in shown, f"{kind}: {line!r} not shown"
    for r in answer.rounds:
        assert f"Round {r.number} · " in shown


def test_round_layout_header_figures_bullets_citations_sources_buttons() -> None:
    msg = render_answer(answers()["round"])

    assert header_text(msg) == ROUND_2_HEADER
    sections = [b["text"]["text"] for b in blocks_of(msg, "section")]
    assert sections[0] == "*Key figures:* 6,000 soldiers"
    assert "• Both sides agreed to swap prisoners. [1] (also [2])" in sections[1]
    assert "• Medinsky said talks would go on. [2]" in sections[1], "a speaker named in the text is not repeated"
    [ctx] = [b for b in blocks_of(msg, "context") if "[1]" in json.dumps(b)]
    assert [e["text"] for e in ctx["elements"]] == ["[1] 001_article.txt · 2 Jun 2025",
                                                    "[2] Talks end · 002_article.txt · AFP · 2 Jun 2025"]
    found = buttons(msg)
    assert parse_button_value(found[ACTION_SHARE]["value"]) == ("round 2", 1)
    assert parse_button_value(found[ACTION_MORE]["value"]) == ("round 2", 2)
    assert msg["text"].startswith(ROUND_2_HEADER + "\nKey figures: 6,000 soldiers\n1. Both sides")


def test_no_more_button_on_the_last_page_and_no_share_for_notes() -> None:
    assert set(buttons(render_answer(answers()["person"]))) == {ACTION_SHARE}
    for kind in ("help", "empty", "not_understood", "error"):
        assert buttons(render_answer(answers()[kind])) == {}
    assert buttons(render_answer(answers()["round"], buttons=False)) == {}
    # an answer that found nothing ("No fact mentions ...", "There is no page 9") has nothing to share
    for empty in (Answer("topic", "asdkjh qwe", "“asdkjh qwe”", message="No fact mentions 'asdkjh qwe'."),
                  Answer("round", "round 2 page 9", "Round 2", round=R2, page=9, message="There is no page 9.")):
        assert buttons(render_answer(empty)) == {}


def test_hostile_text_is_escaped_everywhere() -> None:
    evil = "Ping <!channel> and <@U123>, see <https://x|y> & <!here> <!subteam^S123>"
    answer = Answer(
        "topic", evil, f"“{evil}”", round=R2, key_figures=[evil],
        facts=[fact(evil, 1, speaker="<@U999> Smith", corroboration=[Corroboration(1, "<!channel>.txt", evil)])],
        sources=[source(1, title=evil, outlet="<!everyone> & Co", file="<@U5>.txt",
                        url="https://evil.example/x|<!channel>")],
        items=[(evil, 1)], message=evil)

    msg = render_answer(answer)

    assert_no_live_markup(msg, (*HOSTILE_MARKUP, "<@U999>", "<!everyone>", "<@U5>", "<https://evil"))
    shown = "\n".join(texts(msg))
    assert "Ping &lt;!channel&gt; and &lt;@U123&gt;, see &lt;https://x|y&gt; &amp; &lt;!here&gt;" in shown
    assert "&lt;!everyone&gt; &amp; Co" in shown
    assert "&lt;!channel&gt;" in msg["text"]
    assert_block_kit_limits(msg)


def test_a_plain_article_url_becomes_the_citation_link() -> None:
    answer = Answer("latest", "latest", "Latest facts", facts=[fact("A fact.", 1)],
                    sources=[source(1, url="https://example.com/story?id=1&x=2")])

    msg = render_answer(answer)

    assert "• A fact. <https://example.com/story?id=1&x=2|[1]>" in "\n".join(texts(msg))


def test_a_huge_answer_stays_inside_the_limits() -> None:
    sources = [source(n, title="T" * 300 + " <!channel>", outlet="Outlet & Co") for n in range(1, 81)]
    facts = [fact(f"Fact {i} " + "x" * 1990 + " <@U1>", (i % 80) + 1,
                  corroboration=[Corroboration(((i + 1) % 80) + 1, "f.txt", "y")]) for i in range(200)]
    answer = Answer("round", "round 2", "Round 2", round=R2, facts=facts, sources=sources, has_more=True,
                    key_figures=["9" * 3000] * 4, message="m" * 10_000)

    msg = render_answer(answer)

    assert_block_kit_limits(msg)
    assert_no_live_markup(msg, ("<!channel>", "<@U1>"))
    assert len(msg["text"]) <= 3000
    shown = "\n".join(texts(msg))
    assert "Fact 0 " in shown and "Fact 199 " not in shown
    assert "more not shown here" in shown, "what does not fit is said, not silently dropped"
    assert "… and " in shown and "more sources" in shown
    assert ACTION_MORE in buttons(msg)


def test_a_huge_header_and_a_huge_query_are_cut() -> None:
    query = "topic " + "w" * 3000
    answer = Answer("topic", query, "“" + "w" * 3000 + "”", facts=[fact("A fact.")], sources=[source(1)],
                    has_more=True)

    msg = render_answer(answer)

    assert_block_kit_limits(msg)
    assert len(header_text(msg)) == 150 and header_text(msg).endswith("…")
    assert buttons(msg) == {}, "a question too long to fit a button value gets no button, not a wrong one"


def test_button_values_round_trip_and_reject_garbage() -> None:
    value = button_value("  round   2 ", 3)
    assert value is not None and len(value) <= 2000
    assert parse_button_value(value) == ("round 2", 3)
    assert button_value("q" * 2000, 1) is None
    for bad in ("", "nope", "[]", '{"q": 1, "p": 2}', '{"q": "x", "p": 0}', '{"q": "x"}'):
        assert parse_button_value(bad) is None


def test_clip_never_cuts_an_entity_in_half() -> None:
    text = escape("ab & <cd>")  # "ab &amp; &lt;cd&gt;"
    for limit in range(3, len(text)):
        cut = clip(text, limit)
        assert len(cut) <= limit
        body = cut.removesuffix("…")
        assert body.count("&") == body.count(";"), cut


def test_render_mrkdwn_splits_long_admin_text() -> None:
    msg = render_mrkdwn("\n".join(f"*line {i}* " + "z" * 200 for i in range(1000)))

    assert_block_kit_limits(msg)
    assert "cut: too long" in "\n".join(texts(msg))


# -- on a real store --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp: Path = tmp_path_factory.mktemp("render_store")
    store = open_store(Settings(database_url=f"sqlite:///{tmp / 'factdesk.sqlite'}",
                                seeds_dir=copy_seeds(tmp / "seeds", hostile=True)))
    store.ingest()
    yield store
    store.close()


@pytest.mark.parametrize("question", ["round 2", "round 1", "timeline", "person Zelensky", "ceasefire round 2",
                                      "latest", "sources", "people", "topics", "help", "round 7", "round x",
                                      "zanzibar"])
def test_real_answers_render_inside_limits_and_escaped(seeded: Store, question: str) -> None:
    answer = seeded.query.ask(question)

    msg = render_answer(answer)

    assert_block_kit_limits(msg)
    assert_no_live_markup(msg)
    if question == "round 2":
        assert header_text(msg) == ROUND_2_HEADER
    if question == "zanzibar":
        assert "&lt;@U123&gt;" in "\n".join(texts(msg))


@pytest.mark.parametrize(("text", "shown"), [
    ("“In talks with us, they have begun to discuss it.", "“In talks with us, they have begun to discuss it.”"),
    ('"In talks with us, they have begun to discuss it.', '"In talks with us, they have begun to discuss it."'),
    ("Our task is to find funding for all 10 systems,” Zelensky said.",
     "“Our task is to find funding for all 10 systems,” Zelensky said."),
    ('Our task is to find funding for all 10 systems," Zelensky said.',
     '"Our task is to find funding for all 10 systems," Zelensky said.'),
    ("Putin has said he is ready to meet during a “final phase” of talks.",
     "Putin has said he is ready to meet during a “final phase” of talks."),
    ("Both sides agreed to swap prisoners.", "Both sides agreed to swap prisoners."),
])
def test_a_sentence_cut_out_of_a_quotation_is_shown_with_its_quote_marks(text: str, shown: str) -> None:

    answer = Answer("person", "person zelensky", "Volodymyr Zelensky: what was said and done",
                    facts=[fact(text, 1, speaker="Volodymyr Zelensky")], sources=[source(1)])
    assert f"1. {shown}" in render_text(answer)
    assert fact_line(answer, answer.facts[0]).startswith("• " + escape(shown))
    assert answer.facts[0].text == text  # the answer itself keeps the article's exact words


def test_more_sources_counts_the_tellings_not_cited() -> None:

    fact = FactItem(text="Talks ended.", sources=[1, 2], n_sources=9,
                    corroboration=[Corroboration(source=3, file="c.txt", text="The talks are over.")])
    assert fact.uncited == 6 and more_sources(fact.uncited) == " +6 more"
    assert FactItem(text="Talks ended.", sources=[1], n_sources=1).uncited == 0 and more_sources(0) == ""


def test_facts_of_several_rounds_say_which_round_and_day() -> None:
    """A person's or a topic's facts span the story: each says its moment; a round's do not."""

    spread = [fact("Medinsky said talks would go on.", 1, round=1, date=dt.date(2025, 5, 16)),
              fact("Medinsky proposed a two-day truce.", 2, round=2, date=dt.date(2025, 6, 2)),
              fact("Medinsky spoke of the 2022 talks.", 2, date=dt.date(2022, 3, 29)),
              fact("Medinsky's deputy was not named.", 1)]
    person = Answer("person", "person medinsky", "Vladimir Medinsky: what was said and done", facts=spread,
                    sources=[source(1), source(2)])
    text = render_text(person)
    assert "1. Medinsky said talks would go on. (round 1, 16 May 2025) [1]" in text
    assert "2. Medinsky proposed a two-day truce. (round 2, 2 Jun 2025) [2]" in text
    assert "3. Medinsky spoke of the 2022 talks. (29 Mar 2022) [2]" in text  # in no round: its day
    assert "4. Medinsky's deputy was not named. [1]" in text  # no moment known: nothing made up
    assert fact_line(person, spread[1]).endswith("_(round 2, 2 Jun 2025)_ [2]")
    # one moment for the whole page (a round, or a person in one round): said once, not per fact
    for kind, facts in (("round", spread), ("person", spread[:1] * 2)):
        one = Answer(kind, "q", "t", round=R2 if kind == "round" else None, facts=facts,
                     sources=[source(1), source(2)])
        assert "(round" not in render_text(one) and "_(round" not in fact_line(one, facts[0])


def test_a_fact_of_an_earlier_time_without_a_date_says_it_is_background() -> None:
    """"The Russian side ... demanded that Ukraine limit the size of the Defense Forces", from the
    April 2022 draft, stood undated in "what did Russia demand" and read as this round's news."""
    draft = fact("The Russian side demanded that Ukraine limit its forces.", 1, background=True)
    now = fact("Russia demanded a withdrawal from four regions.", 2, round=2, date=dt.date(2025, 6, 2))
    topic = Answer("topic", "russia demand", "“russia demand”", facts=[now, draft], sources=[source(1), source(2)])
    assert "2. The Russian side demanded that Ukraine limit its forces. (background) [1]" in render_text(topic)
    assert fact_line(topic, draft).endswith("_(background)_ [1]")
    alone = Answer("topic", "q", "t", facts=[draft], sources=[source(1)])
    assert "(background)" in render_text(alone), "said even when it is the page's only moment"
