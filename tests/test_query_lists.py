"""`people` and `topics`: who and what the coverage is about, without the story's own words."""

from __future__ import annotations

from pathlib import Path

from store.runtime import Store
from tests.conftest import copy_folder, write

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_topics_name_subjects_not_the_story_itself(store: Store, tmp_path: Path) -> None:
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    topics = [name for name, _ in store.query.ask("topics").items]
    assert "ceasefire" in topics[:5] and "prisoners" in topics[:5]
    # the event noun, the story's places and its people are in everything: they are not topics
    for word in ("talks", "negotiations", "istanbul", "ukraine", "zelensky", "zelenskyy", "putin", "president"):
        assert word not in topics
    # "on Friday", "in May" date a fact; they are not what it is about (five seed facts say "Friday")
    assert not {"friday", "monday", "may", "june", "july"} & set(topics)
    # "told Al Jazeera": the outlet a statement was made to is who told it, not what it is about
    assert "jazeera" not in topics
    assert all(count > 0 for _, count in store.query.ask("topics").items)


def test_people_and_topics_are_paged(store: Store, tmp_path: Path) -> None:
    """`people page 2` showed the first page again, and the list stopped at twenty names: the
    seeds name more people than that. Both lists now page like `sources`."""
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    for kind in ("people", "topics"):
        pages, page = [store.query.ask(kind)], 1
        while pages[-1].has_more:
            page += 1
            pages.append(store.query.ask(f"{kind} page {page}"))
            assert pages[-1].page == page and pages[-1].items
        assert len(pages) > 1, f"the seeds' {kind} fill more than one page"
        listed = [item for answer in pages for item in answer.items]
        assert len({name for name, _ in listed}) == len(listed), "no name or word on two pages"
        counts = [count for _, count in listed]
        assert counts == sorted(counts, reverse=True), "most facts first, across pages"
        assert store.query.ask(f"{kind} 2").items == pages[1].items
        past = store.query.ask(f"{kind} page {page + 1}")
        assert not past.items and past.message == f"There is no page {page + 1}: this answer ends at page {page}."
    # a word one fact uses is no topic, unless the list would otherwise be short
    assert all(count > 1 for _, count in listed)
    one_round = store.query.ask("topics round 3")
    assert not one_round.has_more and any(count == 1 for _, count in one_round.items)


def test_topics_are_not_the_places_the_coverage_names(store: Store, tmp_path: Path) -> None:
    """trade_talks happens in Geneva and Lisbon, places its story file does not list: they were
    its second and fourth topics, with "south" (of "South American") third."""
    from tests.conftest import CORPORA

    store.ingest(copy_folder(CORPORA / "trade_talks" / "articles", tmp_path / "articles"))
    topics = [name for name, _ in store.query.ask("topics").items]
    assert topics and not {"geneva", "lisbon", "montevideo", "south"} & set(topics)
    assert {"farmers", "lithium"} <= set(topics[:5])
    # nor the names the entity step reads as nothing ("Argentina, Chile, Paraguay and Uruguay",
    # "the European Commission"): words the facts write with a capital inside a sentence
    assert not {"chile", "ireland", "argentina", "commission"} & set(topics)


def test_the_words_of_figures_are_not_topics(store: Store, tmp_path: Path) -> None:
    """"$14 million budget gap", "$3.2 million a year": "million" was the bus strike's third topic."""
    from tests.conftest import CORPORA

    store.ingest(copy_folder(CORPORA / "markdown_frontmatter" / "articles", tmp_path / "articles"))
    topics = [name for name, _ in store.query.ask("topics").items]
    assert "budget" in topics and "million" not in topics
    from tests.conftest import DAM_TALKS

    store.ingest(copy_folder(DAM_TALKS, tmp_path / "dam"))
    dam = [name for name, _ in _listed(store, "topics")]
    assert "inspection" in dam and not {"cubic", "metres"} & set(dam), "1,200 cubic metres of water: water"
    assert not {"rosenholm", "castle"} & set(dam), "Rosenholm Castle is where, not what"
    assert not [t for t in topics if t.endswith("'s")], "\"the city's budget\": a possessive is its word"


def test_people_counts_the_facts_naming_each_person(store: Store, tmp_path: Path) -> None:
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    people = dict(store.query.ask("people").items)
    # spellings folded: one Zelensky, counted across Zelensky and Zelenskyy
    assert "Volodymyr Zelensky" in people and not any(name.endswith("Zelenskyy") for name in people)
    assert people["Volodymyr Zelensky"] == max(people.values())
    assert list(people.values()) == sorted(people.values(), reverse=True)


def test_a_surname_alone_is_counted_with_the_one_full_name_ending_in_it(store: Store, tmp_path: Path) -> None:
    """A transcript's "SPECIAL ENVOY OKAFOR:" names only "Okafor": the people list showed "Okafor (16)"
    above "Margaret Okafor (5)", two lines for one envoy."""
    folder = tmp_path / "surname"
    write(folder, "a.txt", " date 2024-04-09 Special envoy Margaret Okafor opened the talks on the dam in Geneva "
                           "on Tuesday.\n")
    write(folder, "b.txt", " date 2024-04-10 Envoy Okafor said the inspection of the dam would start in May, "
                           "officials said.\nEnvoy Okafor said the turbines of the dam would be checked in June.\n"
                           "Minister Lena Varga and Minister Jonas Varga said they welcomed the plan for the dam.\n")
    write(folder, "c.txt", " date 2024-04-11 Minister Varga said the dam was safe, the ministry said on Thursday.\n")
    store.ingest(folder)
    people = dict(store.query.ask("people").items)
    assert people["Margaret Okafor"] == 3 and "Okafor" not in people
    assert "Varga" in people, "two full names end in it: it stays on its own line"
    # and her answer has the facts naming her by surname alone, under her full name
    envoy = store.query.ask("person Margaret Okafor")
    assert envoy.title == "Margaret Okafor: what was said and done" and len(envoy.facts) == 3
    assert len(store.query.ask("person Lena Varga").facts) == 1, "not Minister Varga's: which Varga is unknown"


def test_a_surname_with_its_particles_is_counted_with_the_full_name(store: Store, tmp_path: Path) -> None:
    """"van den Broek (1)" and "Ní Riain (3)" were lines of their own under the arbitrator's and the
    union leader's full names, in articles that named them only so."""
    folder = tmp_path / "particles"
    write(folder, "a.txt", " date 2033-03-15 The panel is chaired by Marieke van den Broek, a former judge, "
                           "and the union is led by Siobhán Ní Riain, its general secretary.\n")
    write(folder, "b.txt", " date 2033-03-16 Dr van den Broek said the panel would sit again on March 31.\n"
                           "\"That is an insult,\" Ní Riain said after the hearing.\n")
    store.ingest(folder)
    people = dict(store.query.ask("people").items)
    assert people == {"Marieke van den Broek": 2, "Siobhán Ní Riain": 2}, people
    assert len(store.query.ask("person Siobhán Ní Riain").facts) == 2


def test_a_name_written_surname_first_is_the_same_person(store: Store, tmp_path: Path) -> None:
    """One paper wrote "Chen Wei" where the others wrote "Wei Chen": two lines of the people list, and
    "person Chen Wei" found the one fact written so."""
    folder = tmp_path / "turned"
    write(folder, "a.txt", " date 2034-09-19 Wei Chen, the state's lead negotiator, said the talks on the compact "
                           "were serious.\nWei Chen said water would be settled first.\n")
    write(folder, "b.txt", " date 2034-09-20 Chen Wei, who leads the state's team, said the offer of 12,000 "
                           "acre-feet was final.\n")
    store.ingest(folder)
    people = dict(store.query.ask("people").items)
    assert list(people) == ["Wei Chen"] and people["Wei Chen"] == 3, people
    assert len(store.query.ask("person Chen Wei").facts) == 3


def test_a_name_with_its_initials_written_otherwise_is_the_same_person(store: Store, tmp_path: Path) -> None:
    """Indian copy writes one minister "K. S. Reddy", "K.S. Reddy", "K S Reddy" and "KS Reddy": four lines of
    the people list. "S. K. Reddy" is someone else."""
    folder = tmp_path / "initials"
    write(folder, "a.txt", " date 2031-01-08 Minister of State K. S. Reddy said the talks were cordial.\n"
                           "The unions met K.S. Reddy after the talks.\n")
    write(folder, "b.txt", " date 2031-01-09 Minister of state KS Reddy and K S Reddy's aides left early.\n"
                           "Police officer S. K. Reddy said the rally was peaceful.\n")
    store.ingest(folder)
    people = dict(store.query.ask("people").items)
    assert len([name for name in people if name.endswith("Reddy")]) == 2, people
    assert len(store.query.ask("person KS Reddy").facts) == 3


def test_people_and_topics_of_one_round(store: Store, tmp_path: Path) -> None:
    """"people round 2" was a search of round 2 for the word "people"; it lists who round 2's
    facts name, counted in that round only. Topics likewise, without figures ("10-30") or
    adverbs ("already")."""
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    everyone = {name for page in range(1, 10) for name, _ in store.query.ask(f"people page {page}").items}
    for number in (1, 2, 3):
        answer = store.query.ask(f"people round {number}")
        assert not answer.has_more
        assert (answer.kind, answer.title) == ("people", f"People named in Round {number}")
        facts = [f for page in range(1, 30) for f in store.query.ask(f"round {number}", page=page).facts]
        shown = {name: sum(name in f.people or name == f.speaker for f in facts) for name in everyone}
        # a fact told twice is shown once and counted twice: at least as many facts as shown
        assert all(count >= shown[name] >= 1 for name, count in answer.items), "only the round's people"
        assert {name for name, n in shown.items() if n} <= {name for name, _ in answer.items}
        assert len(answer.items) < len(everyone), "a round names fewer people than the whole story"
    topics = store.query.ask("topics round 3")
    assert topics.title == "Topics in Round 3" and topics.items
    assert not {w for w, _ in topics.items if w[0].isdigit() or w in ("already", "still", "again")}
    assert store.query.ask("people round 9").kind == "unknown_round"


def test_the_sources_of_one_round(store: Store, tmp_path: Path) -> None:
    """"sources round 1" was a search of round 1 for the word "sources"."""
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    everything = store.query.ask("sources")
    for number in (1, 2, 3):
        answer = store.query.ask(f"sources round {number}")
        listed = {file for file, _ in answer.items}
        cited = {s.file for page in range(1, 30) for s in store.query.ask(f"round {number}", page=page).sources}
        assert cited <= listed < {file for file, _ in everything.items}, "the round's articles, not all"
        assert answer.title == f"Sources of Round {number} ({len(listed)} article{'' if len(listed) == 1 else 's'})"
    # counted in the round: an article of round 2 recalling round 1 has fewer round-1 facts than facts
    in_round, overall = dict(store.query.ask("sources round 1").items), dict(everything.items)
    assert all(0 < in_round[f] <= overall[f] for f in in_round) and any(in_round[f] < overall[f] for f in in_round)
    assert store.query.ask("articles round 9").kind == "unknown_round"


def test_topics_come_in_the_same_order_in_every_process(tmp_path: Path) -> None:
    """Ties in counts are broken by spelling, not by string hashing (which differs per process)."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import SEEDS

    env = {**os.environ, "FACTDESK_DATABASE_URL": f"sqlite:///{tmp_path}/fd.db", "FACTDESK_SEEDS_DIR": str(SEEDS)}
    runs = []
    for seed in ("1", "2", "3"):
        out = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "topics", "--json"], env={**env,
                             "PYTHONHASHSEED": seed}, capture_output=True, text=True, timeout=120, check=True)
        runs.append(json.loads(out.stdout)["items"])
    assert runs[0] and runs[0] == runs[1] == runs[2]
    counts = [c for _, c in runs[0]]
    assert counts == sorted(counts, reverse=True)


TOLD = "Engineers from both countries agreed to reopen the Varna desalination plant by the end of the year."


def write_telling(folder: Path, i: int) -> None:
    """Outlet ``i`` tells TOLD on 3 March + i days, with one sentence of its own."""
    (folder / f"wire_{i:02d}.txt").write_text(
        f" date 2025-03-{3 + i:02d} {TOLD}\nThe ministry's statement {i} said nothing else of note about the plant "
        f"or the schedule in paragraph {i}.\n", encoding="utf-8")


def test_a_fact_many_outlets_told_cites_the_earliest_and_counts_the_rest(store: Store, tmp_path: Path) -> None:
    from bot.render import fact_line
    from bot.render_text import render_text
    from store.ranking import CITED_PER_FACT

    folder = tmp_path / "articles"
    folder.mkdir()
    told, lead = CITED_PER_FACT + 4, TOLD
    for i in range(told):  # one outlet a day: the earliest tellings are the first files
        write_telling(folder, i)
    store.ingest(folder)

    answer = store.query.ask("topic desalination")
    [fact] = [f for f in answer.facts if f.text == lead]
    assert fact.n_sources == told and len(fact.all_sources) == CITED_PER_FACT
    assert [answer.source(n).file for n in fact.all_sources] == [f"wire_{i:02d}.txt" for i in range(CITED_PER_FACT)]
    assert f"{lead} {''.join(f'[{n}]' for n in fact.sources)} +4 more" in render_text(answer)
    assert fact_line(answer, fact).endswith(" +4 more")
    assert len(answer.sources) == CITED_PER_FACT, "the uncited tellings are not listed as sources either"


def test_the_cited_tellings_are_the_earliest_published_not_the_first_stored(store: Store, tmp_path: Path) -> None:
    """Only the cited articles are read in full, and which ones are cited is decided by
    their publication dates: here the older tellings arrive, and are stored, last."""
    from store.ranking import CITED_PER_FACT

    folder = tmp_path / "articles"
    folder.mkdir()
    told = CITED_PER_FACT + 4
    for batch in (range(told // 2, told), range(told // 2)):  # the newer half first
        for i in batch:
            write_telling(folder, i)
        store.ingest(folder)

    answer = store.query.ask("topic desalination")
    [fact] = [f for f in answer.facts if f.text == TOLD]
    rep, *others = [answer.source(n).file for n in fact.all_sources]
    earliest = [f"wire_{i:02d}.txt" for i in range(told) if f"wire_{i:02d}.txt" != rep]
    assert fact.n_sources == told and others == earliest[:CITED_PER_FACT - 1]


def test_sources_pages_through_the_articles_newest_first_with_their_fact_counts(store: Store, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from store.models import Fact

    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(26):  # one a day; a file of two sentences, and every third one of three
        extra = " Officials from both sides met again later." if i % 3 == 0 else ""
        (folder / f"wire_{i:02d}.txt").write_text(
            f" date 2025-04-{1 + i:02d} The water board met on day {i} to discuss the reservoir levels.{extra} "
            f"Inspectors filed report number {100 + i} about the spillway.\n", encoding="utf-8")
    store.ingest(folder)
    (folder / "wire_25.txt").unlink()  # the newest article is withdrawn: it is listed nowhere
    store.ingest(folder)

    first, second = store.query.ask("sources"), store.query.ask("sources", page=2)
    assert first.title == "Sources (25 articles)" and first.has_more and not second.has_more
    listed = [name for name, _ in first.items + second.items]
    assert listed == [f"wire_{i:02d}.txt" for i in range(24, -1, -1)]
    with store.sessions() as s:
        facts = dict(s.execute(select(Fact.article_id, func.count()).group_by(Fact.article_id)).all())
    counts = dict(first.items + second.items)
    article_of = {source.file: source.article_id for source in first.sources + second.sources}
    assert {counts[name] for name in listed} == {2, 3}
    assert all(counts[name] == facts[article_of[name]] for name in listed)
    assert store.query.ask("sources", page=3).message == "There is no page 3: this answer ends at page 2."


def _listed(store: Store, question: str) -> list[tuple[str, int]]:
    """Every page of a list."""
    items, page = [], 1
    while True:
        answer = store.query.ask(f"{question} page {page}")
        items += answer.items
        if not answer.has_more:
            return items
        page += 1


def test_a_topic_mostly_told_with_the_same_next_word_is_listed_with_it(store: Store, tmp_path: Path) -> None:
    """"unconditional (5)" said little: most of its facts say "unconditional ceasefire". A word
    followed by no one word in most of its facts stays alone."""
    folder = tmp_path / "articles"
    write(folder, "a.txt", " date 2024-04-09 Arventa asked for an unconditional ceasefire along the river.\n"
          "Belostia rejected an unconditional ceasefire before the harvest season.\n"
          "The mediator said an unconditional ceasefire was still possible in May.\n"
          "Engineers inspected the turbines and the reservoir on Tuesday.\n"
          "The reservoir level fell by two metres, the engineers said.\n"
          "Farmers near the reservoir asked for water for their fields.\n")
    store.ingest(folder)
    listed = dict(_listed(store, "topics"))
    assert listed.get("unconditional ceasefire") == 3 and "unconditional" not in listed
    assert listed.get("reservoir") == 3, "followed by 'level', 'on' and nothing: alone"
    answer = store.query.ask("topic unconditional ceasefire")
    assert len(answer.facts) == 3, "a listed topic is a question that finds its facts"


def test_a_person_is_shown_in_the_accented_spelling(store: Store, tmp_path: Path) -> None:
    """A wire writes "Joaquin Ibanez", another outlet "Joaquín Ibáñez": the list and the answers
    showed the plain spelling, the first in sort order, whichever the articles used."""
    folder = tmp_path / "articles"
    write(folder, "a.txt", " date 2024-04-09 Joaquin Ibanez said the talks in Geneva had been useful.\n")
    write(folder, "b.txt", " date 2024-04-10 Joaquín Ibáñez told reporters the next round would be in May.\n")
    store.ingest(folder)
    assert dict(_listed(store, "people")) == {"Joaquín Ibáñez": 2}
    assert store.query.ask("person Ibanez").title.startswith("Joaquín Ibáñez: ")


def test_the_topics_follow_the_store_as_articles_come_and_go(store: Store, tmp_path: Path) -> None:
    """The list is kept between questions (each page computed it whole again: 95 ms at 100k
    articles), and an article added or withdrawn changes it at once."""
    folder = copy_folder(SEEDS, tmp_path / "articles")
    store.ingest(folder)
    before = _listed(store, "topics")
    assert _listed(store, "topics") == before
    extra = folder / "zz_desalination.txt"
    extra.write_text(" date 2025-07-24 Engineers inspected the desalination plant on the Bosphorus shore.\n"
                     "The desalination plant will supply fresh water to a hospital in the city.\n", encoding="utf-8")
    store.ingest(folder)
    assert ("desalination plant", 2) in _listed(store, "topics")
    extra.unlink()
    store.ingest(folder)
    assert _listed(store, "topics") == before


def test_a_rounds_people_and_topics_leave_out_a_withdrawn_article(store: Store, tmp_path: Path) -> None:
    """As the round's answer does: a deleted file's facts are no longer the round's."""
    folder = copy_folder(SEEDS, tmp_path / "articles")
    store.ingest(folder)
    before = {name for name, _ in store.query.ask("people round 1").items}
    (folder / "000_76ad7176d3650530.txt").unlink()
    store.ingest(folder)
    facts = [f for page in range(1, 30) for f in store.query.ask("round 1", page=page).facts]
    named = {name for f in facts for name in (*f.people, f.speaker) if name}
    after = {name for name, _ in store.query.ask("people round 1").items}
    assert after <= named < before, "only the names the round's remaining facts give"
    words = " ".join(f.text.lower() for f in facts)
    assert all(word in words for word, _ in store.query.ask("topics round 1").items)


def test_people_pages_hold_names_spelt_two_ways_once(store: Store, tmp_path: Path) -> None:
    """A name spelt two ways is one line, so a page is not a fixed slice of the names: water_sharing's
    first page merged eleven spellings into ten lines and said nothing of a next page, which began
    with the first page's last name."""
    from tests.conftest import CORPORA

    store.ingest(copy_folder(CORPORA / "water_sharing" / "articles", tmp_path / "articles"))
    pages, page = [store.query.ask("people")], 1
    while pages[-1].has_more:
        page += 1
        pages.append(store.query.ask(f"people page {page}"))
    listed = [name for answer in pages for name, _ in answer.items]
    assert len(set(listed)) == len(listed), listed
    past = store.query.ask(f"people page {page + 1}")
    assert not past.items and past.message == f"There is no page {page + 1}: this answer ends at page {page}."
