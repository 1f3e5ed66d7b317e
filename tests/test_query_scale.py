"""Answers that stay bounded as the store grows (issue #6), checked for the same behaviour.

The query layer reads only what the page shown needs: candidate facts as plain columns,
articles and round numbers for the shown facts only, one round by its number, a page of
the timeline, the distinct people by a loose index scan. These tests pin that the answers
are what the straightforward computation gives, on real databases (SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

import store.query as query_module
from store.models import Fact, Mention, Round
from store.ranking import VenueNamer
from store.rounds import names_venue
from store.runtime import Store
from store.story import load_story
from tests.conftest import BACKENDS, SEEDS, assert_citations_hold, ingested


@pytest.fixture(scope="module", params=BACKENDS)
def seeds_kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    with ingested(request.param, SEEDS, tmp_path_factory.mktemp("seeds"), request) as kb:
        yield kb


@pytest.fixture
def seeds(seeds_kb: tuple[Store, Path]) -> Store:
    return seeds_kb[0]


# -- the venue bonus without folding every sentence ------------------------------------------------

@pytest.mark.parametrize("venue", ["Çırağan Palace", "Ciragan Palace", "Dolmabahçe Palace", "Palais de Dolmabahce",
                                   "Palais Wilson", None, ""])
@pytest.mark.parametrize("text", [
    "Talks opened at the Ciragan Palace on Monday.",
    "Talks opened at the Çırağan Palace on Monday.",
    "Talks opened at the CIRAGAN\tpalace.",
    "The delegations met in the Ottoman-era Dolmabahçe palace’s main hall.",
    "“Dolmabahce” was chosen — officials said.",
    "Wilsonian ideals were invoked.",  # a venue word as a substring only: not the venue
    "Delegates left the Palais Wilson late.",
    "No venue here at all.",
    "",
])
def test_venue_namer_agrees_with_names_venue(venue: str | None, text: str) -> None:
    story = load_story(None)
    assert VenueNamer(venue, story)(text) == names_venue(text, venue, story)


def test_a_venue_named_as_the_place_beside_the_talks_is_not_the_round_venue() -> None:
    """A protester "outside the Brouwershuis" took the venue's bonus and led round 1 over a council fact."""
    story = load_story(None)
    for namer in (VenueNamer("Brouwershuis", story), lambda t: names_venue(t, "Brouwershuis", story)):
        assert not namer("Pieter Olafsen, who spent the day outside the Brouwershuis with 150 protesters, was blunt.")
        assert namer("The talks at the Brouwershuis lasted six hours.")
        assert namer("\"It is a deal,\" Mr Vos said outside the Brouwershuis on Monday.")  # a negotiator at its door


def test_venue_namer_agrees_on_every_seed_fact(seeds: Store) -> None:
    with seeds.sessions() as s:
        texts = list(s.scalars(select(Fact.text)))
        venues = [v for (v,) in s.execute(select(Round.venue))]
    for venue in venues:
        namer = VenueNamer(venue, seeds.story)
        assert [namer(t) for t in texts] == [names_venue(t, venue, seeds.story) for t in texts]


# -- people: distinct keys by index seeks ------------------------------------------------------------

def test_mention_keys_are_every_distinct_key_with_its_first_spelling(seeds: Store) -> None:
    with seeds.sessions() as s:
        expected = dict(s.execute(select(Mention.key, func.min(Mention.name)).group_by(Mention.key)).all())
        got = dict(s.execute(query_module._MENTION_KEYS).all())
    assert expected and got == expected


def test_mention_keys_of_an_empty_store(store: Store) -> None:
    with store.sessions() as s:
        assert s.execute(query_module._MENTION_KEYS).all() == []


def test_person_and_topic_answers_number_their_rounds(seeds: Store) -> None:
    """Round numbers are read for the shown facts only; they must be the timeline's."""
    rounds = {r.date: r.number for r in seeds.query.ask("timeline").rounds}
    for question in ("person Zelensky", "ceasefire", "topic prisoners", "latest"):
        answer = seeds.query.ask(question)
        assert any(f.round is not None for f in answer.facts), question
        assert all(rounds[f.date] == f.round for f in answer.facts if f.round is not None), question


def test_answers_cite_the_files_they_quote(seeds: Store) -> None:
    for question in ("round 1", "last round", "person Zelensky", "ceasefire round 2"):
        assert_citations_hold(seeds.query.ask(question), SEEDS)


def test_last_round_is_the_highest_number(seeds: Store) -> None:
    last = seeds.query.ask("last round")
    assert last.round is not None
    assert last.round.number == max(r.number for r in seeds.query.ask("timeline").rounds)
    assert [f.text for f in last.facts] == [f.text for f in seeds.query.ask(f"round {last.round.number}").facts]


def test_unknown_round_still_lists_every_round(seeds: Store) -> None:
    answer = seeds.query.ask("round 9")
    assert answer.kind == "unknown_round" and [r.number for r in answer.rounds] == [1, 2, 3]


def test_unknown_round_on_a_long_story_lists_the_latest_and_counts(seeds: Store,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A story of a thousand rounds would list them all in one message: the latest, and a count."""
    monkeypatch.setattr(query_module, "UNKNOWN_ROUNDS", 2)
    answer = seeds.query.ask("round 9")
    assert answer.kind == "unknown_round" and [r.number for r in answer.rounds] == [2, 3]
    assert answer.title == "There is no round 9"
    assert answer.message is not None and answer.message.startswith("Known so far: 3 rounds, the latest Round 2 (")
    assert "Round 1 (" not in answer.message and "timeline` lists them all" in answer.message


# -- the timeline, a page at a time ---------------------------------------------------------------

def test_timeline_pages_through_every_round(seeds: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = seeds.query.ask("timeline")
    assert len(whole.rounds) == 3 and not whole.has_more and whole.rounds[0].outcome
    monkeypatch.setattr(query_module, "TIMELINE_PAGE", 2)
    first, second = seeds.query.ask("timeline"), seeds.query.ask("timeline", page=2)
    assert first.has_more and not second.has_more and (first.page, second.page) == (1, 2)
    paged = first.rounds + second.rounds
    assert [(r.number, r.date, r.outcome, r.n_facts) for r in paged] == \
        [(r.number, r.date, r.outcome, r.n_facts) for r in whole.rounds]
    assert second.rounds[0].outcome_sources == [1]  # citations are numbered within the page
    assert seeds.query.ask("timeline", page=3).rounds == []


# -- the index behind it ------------------------------------------------------------------------------

def test_migration_0005_indexes(seeds: Store) -> None:
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(seeds.engine).get_indexes("mentions")}
    assert indexes["ix_mentions_key_name_fact"] == ["key", "name", "fact_id"]
    files = {ix["name"]: ix["column_names"] for ix in inspect(seeds.engine).get_indexes("article_files")}
    assert files["ix_article_files_article_status_path"] == ["article_id", "status", "path"]


# -- the best candidates first: salience tiers (topic) and mentions by salience (person) --------

@pytest.fixture(scope="module", params=BACKENDS)
def synthetic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """200 articles of the benchmark corpus: common words match far more facts than an answer reads."""
    from tests.bench.corpus import generate

    src = tmp_path_factory.mktemp("synthetic_src")
    generate(200, src)
    with ingested(request.param, src, tmp_path_factory.mktemp("synthetic"), request) as kb:
        yield kb[0]


def _answers(store: Store, questions: list[str]) -> list[dict[str, object]]:
    from store.answers import to_json

    return [to_json(store.query.ask(q, page=p)) for q in questions for p in (1, 2)]


def test_topic_reads_the_best_tiers_first_and_answers_the_same(synthetic: Store,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    questions = ["topic talks", "topic round", "topic said", "topic ceasefire", "topic tariffs", "topic xyzzy"]
    monkeypatch.setattr(query_module, "CANDIDATES", 40)  # small store, small pool: the shortcut is taken
    monkeypatch.setattr(query_module, "COMMON_WORD", 1.0)  # every step pays
    searched: list[int] = []  # the tier each search asked for (0: every fact)
    real_match = query_module.text_match

    def spy(session, terms, min_tier=0):  # type: ignore[no-untyped-def]
        searched.append(min_tier)
        return real_match(session, terms, min_tier)

    monkeypatch.setattr(query_module, "text_match", spy)
    fast = _answers(synthetic, questions)
    # a common word is answered from the narrowest step, a rarer one from the next, the rarest from all
    assert {tier for tier, _ in query_module.TIER_STEPS} | {0} <= set(searched)
    steps = len(searched)
    monkeypatch.setattr(query_module, "SALIENCE_TIERS", ())  # every match read, as before
    searched.clear()
    assert _answers(synthetic, questions) == fast
    assert len(searched) < steps and set(searched) == {0}


@pytest.mark.parametrize("tier", [tier for tier, _ in query_module.TIER_STEPS])
def test_each_tier_step_has_its_own_index_on_postgresql(synthetic: Store, tier: int) -> None:
    """The step's search is answered from the partial GIN index holding only its facts: the
    literal bound in the query must be the index's predicate, or PostgreSQL reads them all."""
    from sqlalchemy import text

    from store.search import text_match

    if synthetic.engine.dialect.name != "postgresql":
        pytest.skip("partial GIN indexes are PostgreSQL's; SQLite asks FTS5 for the tier tokens")
    with synthetic.sessions() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))  # a 200-article table would be read whole
        stmt = select(Fact.id).where(text_match(s, [{"talks"}], min_tier=tier))
        compiled = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(s.scalars(text(f"EXPLAIN {compiled}")))
        assert f"ix_facts_search_tier{tier}" in plan
        found = set(s.scalars(stmt))
        every = set(s.scalars(select(Fact.id).where(text_match(s, [{"talks"}]))))
        salient = set(s.scalars(select(Fact.id).where(Fact.salience >= query_module.SALIENCE_TIERS[6 - tier])))
    assert found and found == every & salient


def test_person_reads_the_best_mentions_first_and_answers_the_same(synthetic: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with synthetic.sessions() as s:
        names = list(s.scalars(select(Mention.name).group_by(Mention.name)
                               .order_by(func.count().desc(), Mention.name).limit(4)))
    questions = [f"person {name}" for name in names]
    monkeypatch.setattr(query_module, "CANDIDATES", 15)
    used: list[bool] = []
    real = query_module.QueryService._best_mentioned

    def spy(self, session, keys):  # type: ignore[no-untyped-def]
        best = real(self, session, keys)
        used.append(best is not None)
        return best

    monkeypatch.setattr(query_module.QueryService, "_best_mentioned", spy)
    fast = _answers(synthetic, questions)
    assert any(used)
    monkeypatch.setattr(query_module.QueryService, "_best_mentioned", lambda self, session, keys: None)
    used.clear()
    assert _answers(synthetic, questions) == fast


def test_small_stores_skip_the_tier_query(synthetic: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[list[set[str]]] = []
    real_match = query_module.text_match
    monkeypatch.setattr(query_module, "text_match", lambda session, terms: searched.append(terms)
                        or real_match(session, terms))
    synthetic.query.ask("topic talks")  # 200 articles: no step pays
    assert searched and not any(v.startswith("qxtier") for terms in searched for t in terms for v in t)


def test_every_fact_carries_its_salience_tier_and_mentions_their_salience(synthetic: Store) -> None:
    from store.search import tier_token

    with synthetic.sessions() as s:
        for search_text, salience in s.execute(select(Fact.search_text, Fact.salience).limit(500)):
            assert search_text.endswith(" " + tier_token(salience))
        mismatched = s.scalar(select(func.count()).select_from(Mention).join(Fact, Fact.id == Mention.fact_id)
                              .where(Mention.salience != Fact.salience))
    assert mismatched == 0


def test_people_are_reread_when_mentions_are_added(store: Store, tmp_path: Path) -> None:
    """The person list is kept between questions only while no mention was added."""
    from tests.conftest import write

    folder = tmp_path / "arts"
    write(folder, "a.txt", " date 2024-04-09 Arventa and Belostia held talks in Geneva on Tuesday, "
          "said Mirela Dobrescu, the chief negotiator.\n")
    store.ingest(folder)
    assert store.query.ask("person Dobrescu").kind == "person"
    assert store.query.ask("person Ibarra").kind != "person"  # nobody of that name yet
    write(folder, "b.txt", " date 2024-04-10 Tomas Ibarra, the Belostian envoy, said the talks in Geneva "
          "on Tuesday were useful.\n")
    store.ingest(folder)
    answer = store.query.ask("person Ibarra")
    assert answer.kind == "person" and "Ibarra" in answer.title


def test_a_name_shared_by_hundreds_of_people(store: Store, tmp_path: Path) -> None:
    """More people match than one union of index ranges may hold (SQLite: 500 terms): their
    facts are read by one plain query, and the title names a few of them and counts the rest."""
    import itertools

    from tests.conftest import write

    consonants, vowels = "BDFGKLMNPRST", "aeiou"
    first = [f"{a}{v}{b}{w}no" for a, v, b, w in itertools.product(consonants, vowels, consonants.lower(), vowels)]
    assert len(first) > 500
    lines = [f"{name} Marlow said {i + 12} drivers would stop work on Monday." for i, name in enumerate(first[:520])]
    write(tmp_path / "arts", "a.txt", " date 2025-03-03 Talks between the city and the union began on Monday.\n"
          + "\n".join(lines) + "\n")
    store.ingest(tmp_path / "arts")
    answer = store.query.ask("person Marlow")
    assert answer.kind == "person"
    assert answer.title.endswith(" and 517 others: what was said and done")
    assert len(answer.facts) == store.query.page_size and all("Marlow" in f.text for f in answer.facts)


def test_a_spelling_matched_by_another_as_a_prefix_is_searched_once(synthetic: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import store.search as search_module

    with synthetic.sessions() as s:
        condition = search_module.text_match(s, [{"emissions", "emission", "talk"}, {"truce", "ceasefire", "cease"}])
        compiled = str(condition.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
    assert compiled.count("emission") == 1 and "ceasefire" not in compiled
    assert "talk" in compiled and "truce" in compiled
    questions = ["topic talks", "topic ceasefire", "topic prisoners", "topic tariffs round 2"]
    fast = _answers(synthetic, questions)
    monkeypatch.setattr(search_module, "_prefix_free", lambda variants: variants)
    assert _answers(synthetic, questions) == fast


def test_the_best_mentions_statement_is_built_once_per_number_of_people() -> None:
    # building the union for 22 people took half of a person answer at 100k: it must be reused
    assert query_module._best_mentioned_statement(22, 400) is query_module._best_mentioned_statement(22, 400)
    assert query_module._best_mentioned_statement(3, 400) is not query_module._best_mentioned_statement(4, 400)


def test_one_more_name_than_the_title_shows_is_one_other(store: Store, tmp_path: Path) -> None:
    """The title said "Dmitri Kovalchuk, Dmitri Kovaltchouk, Dmitro Kovalchuk and 1 others"."""
    from tests.conftest import write

    lines = [f"{name} Marlow said {i + 12} drivers would stop work on Monday."
             for i, name in enumerate(["Anna", "Boris", "Carla", "Dmitri"])]
    write(tmp_path / "arts", "a.txt", " date 2025-03-03 Talks between the city and the union began on Monday.\n"
          + "\n".join(lines) + "\n")
    store.ingest(tmp_path / "arts")
    assert store.query.ask("person Marlow").title.endswith(" and 1 other: what was said and done")

