"""Folder -> store (store/ingest.py): incremental, idempotent, atomic per article; bad files recorded.

Every test runs on SQLite and, when FACTDESK_TEST_POSTGRES_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from store import ingest as ingest_module
from store.extract.pipeline import extract
from store.models import Article, ArticleFile, Fact, IngestRun, Round
from store.reindex import reindex
from store.runtime import Store
from store.status import collect_status
from store.text import fold
from tests.conftest import DAM_TALKS, SEEDS, all_facts, counts, running_as_root, write

ROUND_DAYS = [dt.date(2024, 4, 9), dt.date(2024, 5, 16), dt.date(2024, 6, 4)]  # as the articles were written


def n_facts_of(path: Path, store: Store) -> int:
    return len(extract(path.read_text(encoding="utf-8"), store.story, 2024).facts)


def texts_in_answers(store: Store) -> set[str]:
    """Every fact text (and corroborating text) any round answer shows, over all pages."""
    out: set[str] = set()
    for number, _ in enumerate(ROUND_DAYS, 1):
        for f in all_facts(store, f"round {number}"):
            out.add(f.text)
            out |= {c.text for c in f.corroboration}
    return out


def files_cited(store: Store, question: str) -> set[str]:
    names: set[str] = set()
    for page in range(1, 20):
        answer = store.query.ask(question, page=page)
        names |= {s.file for s in answer.sources}
        if not answer.has_more:
            break
    return names


# -- a first ingest ----------------------------------------------------------------------------

def test_first_ingest_stores_every_article_and_fact(store: Store, dam_folder: Path) -> None:
    report = store.ingest(dam_folder)
    files = sorted(dam_folder.iterdir())
    expected_facts = sum(n_facts_of(p, store) for p in files)
    assert (report.seen, report.new, report.failed, report.unchanged) == (len(files), len(files), 0, 0)
    assert report.facts == report.facts_added == expected_facts
    c = counts(store)
    assert (c["articles"], c["files"], c["facts"]) == (len(files), len(files), expected_facts)
    assert report.rounds == c["rounds"] == len(ROUND_DAYS)
    assert "new 4" in report.summary()


def test_stored_fact_offsets_point_into_the_stored_and_the_real_file(store: Store, dam_folder: Path) -> None:
    store.ingest(dam_folder)
    with store.sessions() as s:
        rows = s.execute(select(Fact, Article, ArticleFile.path).join(Article, Fact.article_id == Article.id)
                         .join(ArticleFile, ArticleFile.article_id == Article.id)).all()
        assert rows
        for fact, article, path in rows:
            assert article.raw_text[fact.start:fact.end] == fact.text
            assert (dam_folder / path).read_text(encoding="utf-8")[fact.start:fact.end] == fact.text


def test_undated_file_is_stored_with_its_inferred_date_and_reason(store: Store, dam_folder: Path) -> None:
    store.ingest(dam_folder)
    with store.sessions() as s:
        article = s.scalar(select(Article).join(ArticleFile).where(
            ArticleFile.path == "002_ankara_round2_undated.txt"))
        assert article is not None
        assert (article.published, article.date_source) == (ROUND_DAYS[1], "inferred")
        assert "Thursday" in (article.date_reason or "")


def test_undated_file_alone_gets_no_date(store: Store, tmp_path: Path) -> None:
    """No date line and no year anywhere: unknown, with a reason, and nothing invented."""
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(DAM_TALKS / "002_ankara_round2_undated.txt", folder)
    store.ingest(folder)
    with store.sessions() as s:
        article = s.scalar(select(Article))
        assert article is not None and article.published is None
        assert article.date_source == "unknown" and article.date_reason


# -- rounds ------------------------------------------------------------------------------------

def test_rounds_come_from_the_corpus(store: Store, dam_folder: Path) -> None:
    store.ingest(dam_folder)
    with store.sessions() as s:
        found = list(s.scalars(select(Round).order_by(Round.number)))
    # the 2019 talks, the planned "May 14–16" and the "report dated May 13" are not rounds
    assert [(r.number, r.date) for r in found] == list(enumerate(ROUND_DAYS, 1))
    # round 2 is known only from the undated article
    assert [r.date_inferred for r in found] == [False, True, False]
    assert "Rosenholm" in (found[0].venue or "") and found[0].city == "Geneva"
    assert found[1].city == "Ankara"


def test_numbering_follows_the_ordinals_when_the_corpus_starts_later(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "later"
    write(folder, "a.txt", " date 2024-05-17 Arventa and Belostia held a second round of talks in Ankara on "
                           "Thursday and agreed to inspect the dam.\nThe inspection will start in June.\n")
    write(folder, "b.txt", " date 2024-06-05 The third round of talks between Arventa and Belostia ended in "
                           "Geneva on Tuesday with a draft agreement.\nThe draft will go to parliament.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.date) for r in s.scalars(select(Round).order_by(Round.number))] == [
            (2, dt.date(2024, 5, 16)), (3, dt.date(2024, 6, 4))]


def test_a_missing_round_does_not_renumber_the_later_ones(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "gap"
    write(folder, "a.txt", " date 2024-04-09 Arventa and Belostia held their first round of talks in Geneva on "
                           "Tuesday and agreed to share river data.\nThe sides will meet again.\n")
    write(folder, "b.txt", " date 2024-06-05 The third round of talks between Arventa and Belostia ended in "
                           "Geneva on Tuesday with a draft agreement.\nThe draft will go to parliament.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.date) for r in s.scalars(select(Round).order_by(Round.number))] == [
            (1, dt.date(2024, 4, 9)), (3, dt.date(2024, 6, 4))]


def test_the_openings_number_the_rounds_when_no_sentence_ties_a_day_to_the_talks(store: Store,
                                                                                 tmp_path: Path) -> None:
    """Wire leads that number the round in the outlets' series ("after the fifth round of talks") and
    tie their day to the talks only through a long clause: the rounds keep the series' numbers, a
    paper's report of the day before joins the round its opening names ("on Tuesday"), and the plans
    made at a round ("a sixth round in the autumn") are that round's facts, not the later round's."""
    folder = tmp_path / "series"
    write(folder, "a.txt", " date 2026-06-16 Cod survey agreed\nREYKJAVIK, June 16 (Reuters) - Haldmark and "
                           "Zaslavia agreed on Tuesday to survey "
                           "cod stocks, but made no progress on where the border should run, negotiators said after "
                           "the fifth round of talks since negotiations opened in Oslo in March 2024.\n"
                           "The meeting lasted nine hours.\n")
    write(folder, "b.md", "---\ntitle: Reykjavik round\ndate: 2026-06-17\n---\n\nNegotiators from Haldmark and "
                          "Zaslavia ended a nine-hour session in Reykjavik on Tuesday with one concrete result.\n\n"
                          "It was the fifth round since the two governments began talking in Oslo in March 2024.\n\n"
                          "A sixth round in Washington in the autumn.\n\n"
                          "The delegations agreed to meet again in Washington after the summer.\n")
    write(folder, "c.txt", " date 2026-09-30 Coast guards to stop boarding\nThe agreement came at the end of an "
                           "11-hour sixth round of negotiations at Blair House.\nThe border question was left for "
                           "the seventh round.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.date) for r in s.scalars(select(Round).order_by(Round.number))] == [
            (5, dt.date(2026, 6, 16)), (6, dt.date(2026, 9, 30))]
        # where the next round is planned is no vote for where this one was
        assert s.scalar(select(Round.city).where(Round.number == 5)) == "Reykjavik"
        day_of = dict(s.execute(select(Fact.text, Fact.effective_date)).all())
    assert day_of["A sixth round in Washington in the autumn."] == dt.date(2026, 6, 16)
    assert day_of["The border question was left for the seventh round."] == dt.date(2026, 9, 30)
    assert day_of["It was the fifth round since the two governments began talking in Oslo in March 2024."] \
        == dt.date(2026, 6, 16)


def test_one_article_of_a_stray_year_does_not_move_the_story_into_it(store: Store, tmp_path: Path) -> None:
    """The seeds and one article whose front matter says 2052 (a typo, or another story): the seeds' undated
    report took its month and day in 2052, its round with it. Withdrawn and reindexed, it still did."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    store.ingest(folder)
    with store.sessions() as s:
        before = sorted(s.scalars(select(Round.date)).all())
    write(folder, "stray.md", "---\ntitle: Swap\ndate: 2052-05-17\n---\nUkrainian officials said on Saturday "
                              "that the prisoner exchange would go ahead, an aide told reporters.\n")
    store.ingest(folder)
    reindex(store)
    with store.sessions() as s:
        assert sorted(s.scalars(select(Round.date)).all()) == before
        assert {d.year for d in s.scalars(select(Article.published)) if d} == {2025, 2052}
    (folder / "stray.md").unlink()
    store.ingest(folder)
    reindex(store)
    with store.sessions() as s:
        assert sorted(s.scalars(select(Round.date)).all()) == before


def test_a_round_s_city_is_no_vote_of_another_round_or_the_next_meeting(store: Store, tmp_path: Path) -> None:
    """Round 2's copy recalls round 1's city ("up from 12,000 at the first round in Phoenix") and names the
    next meeting's ("the two sides return to the table in Phoenix"): neither is where round 2 was. A list
    line "Second round, Admiralty House, Flagstaff." says the venue's city after a comma."""
    folder = tmp_path / "places"
    write(folder, "a.txt", " date 2034-09-19 First round\nArizona and the tribe held a first round of talks in "
                           "Phoenix on Tuesday.\nThe state offered 12,000 acre-feet of water a year.\n")
    write(folder, "b.txt", " date 2034-11-14 Deal\nArizona and the tribe reached a tentative water deal on Tuesday "
                           "in a second round of talks at Admiralty House.\nThe state's offer had risen from 12,000 "
                           "acre-feet at the first round in Phoenix in September to 25,000 on Tuesday morning.\n"
                           "Casino talks are next: the two sides return to the table on Dec. 11 in Phoenix.\n"
                           "Timeline: Second round, Admiralty House, Flagstaff.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.venue, r.city) for r in s.scalars(select(Round).order_by(Round.number))] == [
            (1, None, "Phoenix"), (2, "Admiralty House", "Flagstaff")]


def test_a_currency_or_an_acronym_is_no_round_s_city(store: Store, tmp_path: Path) -> None:
    """"put the cost at Rs 11 lakh crore", "to buy pulses at MSP": round 6's city was "Rs", round 7's "MSP"."""
    folder = tmp_path / "rupees"
    write(folder, "a.txt", " date 2031-01-08 The sixth round of talks ended on Wednesday without "
                           "a deal.\nThe government put the cost of the law at Rs 11 lakh crore a year.\n"
                           "Officials said the Centre would buy pulses at MSP for five years.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.venue, r.city) for r in s.scalars(select(Round))] == [(None, None)]


def test_a_day_only_a_guessed_date_gives_is_no_round_beside_a_dated_one(store: Store, tmp_path: Path) -> None:
    """An undated report of Tuesday's deal says "she met the two delegations separately on Monday":
    Monday, known only through a guessed date, was a round of its own and renumbered the rest. The
    round's city is the one its venue is in ("at Lansing House in Valbrook"), not a quay of the port
    the story is about."""
    folder = tmp_path / "deal"
    write(folder, "a.txt", " date 2026-11-04 Deal reached\nUnion and employers shook hands on a provisional "
                           "agreement at Lansing House in Valbrook on Tuesday, after 14 hours of talks.\n"
                           "Nobody at North Quay will be made redundant before 2031, the employers agreed.\n"
                           "Pickets had gathered at North Quay and at North Quay again, in Dunmarra.\n")
    write(folder, "b.txt", "Dockworkers reached a tentative agreement late on Tuesday, after fourteen hours of talks.\n"
                           "She met the two delegations separately on Monday.\n"
                           "A letter dated 30 October 2026 had set out the employers' final terms.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.date, r.venue, r.city) for r in s.scalars(select(Round).order_by(Round.number))] == [
            (1, dt.date(2026, 11, 3), "Lansing House", "Valbrook")]


def test_a_story_republished_many_times_keeps_its_rounds_venue(store: Store, tmp_path: Path) -> None:
    """Ten outlets republishing the seeds' wire stories, each adding a line of its own: the sample of
    round 1's most salient sentences filled with copies of a few, and "a source from the Turkish
    Foreign Ministry" became its venue."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for path in sorted(SEEDS.iterdir()):
        shutil.copy(path, folder / path.name)
        if not path.name.startswith("003"):
            for i in range(10):
                write(folder, f"copy_{i}_{path.name}", path.read_text(encoding="utf-8")
                      + f"\nOutlet {i} republished this report on its own website.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert "dolmabah" in fold(s.scalar(select(Round.venue).where(Round.number == 1)) or "")


def test_a_story_republished_a_hundred_times_still_fills_its_rounds_page(store: Store, tmp_path: Path) -> None:
    """The 400 most salient candidates of round 1 were a hundred copies each of its best three
    sentences: the answer had three facts and no page 2."""
    folder = tmp_path / "copies"
    folder.mkdir()
    lead = next(p for p in sorted(SEEDS.iterdir()) if p.name.startswith("000"))
    shutil.copy(lead, folder / lead.name)
    for i in range(120):
        write(folder, f"copy_{i}.txt", lead.read_text(encoding="utf-8") + f"\nOutlet {i} republished it.\n")
    store.ingest(folder)
    answer = store.query.ask("round 1")
    assert len(answer.facts) == store.query.page_size and answer.has_more


def test_a_roundup_s_other_stories_are_facts_of_no_round(store: Store, tmp_path: Path) -> None:
    """A daily briefing tells five stories, one under each label. The EU-Japan item's "third round of
    talks ... on Thursday" was a fact of the story's round 7 and a vote for its number; oil prices
    were a fact of it too. The item whose names the story's other articles share is the story's."""
    folder = tmp_path / "briefing"
    write(folder, "a.txt", " date 2026-11-19 Fisheries deal signed\nHaldmark and Zaslavia signed a fisheries deal "
                           "at the Harry S Truman Building in Washington on Thursday, ending the seventh round of "
                           "their talks.\nZaslavian Fisheries Minister Ievgen Stasiuk said the Skerra Bank quota was "
                           "fair.\n")
    write(folder, "b.txt", " date 2026-11-20 World Briefing\nOur daily round-up of news from around the world.\n"
                           "PERU — Heavy rain forced the evacuation of 12,000 people from Piura, officials said "
                           "Thursday.\n"
                           "HALDMARK/ZASLAVIA — The deal signed in Washington on Thursday, at the seventh round of "
                           "talks, drew mixed reactions. Minister Ievgen Stasiuk defended the Skerra Bank quota.\n"
                           "EU/JAPAN — Negotiators from the European Union and Japan ended a third round of talks in "
                           "Tokyo on Thursday without a deal.\n"
                           "MARKETS — Oil prices fell 2% on Thursday after figures showed crude inventories rose.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.date) for r in s.scalars(select(Round))] == [(7, dt.date(2026, 11, 19))]
        day_of = dict(s.execute(select(Fact.text, Fact.effective_date)).all())
    others = [t for t in day_of if t.startswith(("EU/JAPAN", "Oil prices", "Heavy rain"))]
    assert len(others) == 3 and all(day_of[t] is None for t in others)
    assert day_of[next(t for t in day_of if t.startswith("HALDMARK"))] == dt.date(2026, 11, 19)
    answer = store.query.ask("round 7")
    assert not any("Tokyo" in f.text or "Oil" in f.text for f in answer.facts)
    assert store.query.ask("oil prices").facts, "still found by a search"


def test_a_party_named_as_a_city_an_owner_or_a_continent_is_no_round_s_city(store: Store, tmp_path: Path) -> None:
    """"the city of Velsberg and Cirrolux" names a party to the talks, "at Cirrolux's headquarters"
    an owner, "data centres in Europe" a continent: round 2, held in San Francisco, was Velsberg's."""
    folder = tmp_path / "party"
    write(folder, "a.txt", " date 2027-02-12 Water talks run late\nCirrolux and the city of Velsberg moved closer "
                           "to a deal after talks that began Thursday morning in San Francisco ran for 13 hours.\n"
                           "The meeting at Cirrolux's headquarters broke up late, the city of Velsberg said.\n"
                           "Cirrolux runs six data centres in Europe and two in Europe's north.\n"
                           "The city of Velsberg wants a levy, and the city of Velsberg wants a cap.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert s.scalar(select(Round.city)) == "San Francisco"


def test_praising_the_talks_on_a_day_makes_no_round_of_it(store: Store, tmp_path: Path) -> None:
    """"On Wednesday, Karvo's mayor praised the talks." made a round 4 of the Wednesday."""
    folder = tmp_path / "praise"
    write(folder, "a.txt", " date 2026-05-22 Talks end\nNorland and Vestria held a third round of talks in Karvo on "
                           "Tuesday.\nOn Wednesday, Karvo's mayor praised the talks.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [r.date for r in s.scalars(select(Round))] == [dt.date(2026, 5, 19)]


def test_a_round_s_city_is_where_it_was_held_not_where_things_are_to_happen(store: Store, tmp_path: Path) -> None:
    """Round 3, held in Lundholm, was Savelu's: "talks in the Estmark capital Lundholm that had
    threatened to collapse over how much would come as grants" lost its vote to the "would" after
    it, while Savelu had four: where the secretariat will be, where the deal is to be signed, and
    "since the first round in Savelu"."""
    folder = tmp_path / "city"
    write(folder, "a.txt", " date 2028-06-16 The island states and the donors agreed on Thursday to set up a fund, "
                           "after three days of talks in the Estmark capital Lundholm that had threatened to collapse "
                           "over how much of the money would come as grants.\n"
                           "The fund's secretariat will be based in Savelu, the Tevakan capital.\n"
                           "Leaders are to sign the agreement at a summit in Savelu on September 4.\n"
                           "Losana Tupou-Ngata, who has led the team since the first round in Savelu, said the bloc "
                           "had accepted a smaller fund.\n"
                           "Officials in Savelu said the islands would hold a meeting on Monday.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert s.scalar(select(Round.city)) == "Lundholm"


# -- idempotent and incremental ----------------------------------------------------------------

def test_second_run_changes_nothing(store: Store, dam_folder: Path) -> None:
    store.ingest(dam_folder)
    before = counts(store)
    with store.sessions() as s:
        fact_ids = set(s.scalars(select(Fact.id)))
    report = store.ingest(dam_folder)
    assert (report.new, report.changed, report.removed, report.facts_added) == (0, 0, 0, 0)
    assert report.unchanged == report.seen == 4
    assert counts(store) == before
    with store.sessions() as s:
        assert set(s.scalars(select(Fact.id))) == fact_ids


def test_touched_file_with_same_content_is_not_a_new_version(store: Store, dam_folder: Path) -> None:
    store.ingest(dam_folder)
    before = counts(store)
    path = dam_folder / "001_wire_round1.txt"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    report = store.ingest(dam_folder)
    assert (report.new, report.changed, report.facts_added) == (0, 0, 0)
    assert counts(store) == before


def test_only_the_new_file_is_parsed(store: Store, dam_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_file = dam_folder / "003_geneva_round3.md"
    parked = dam_folder.parent / new_file.name
    new_file.rename(parked)
    store.ingest(dam_folder)
    parked.rename(new_file)

    parsed: list[str] = []

    def spy(raw, story, year_hint=None, numbered=None):  # type: ignore[no-untyped-def]
        parsed.append(raw)
        return extract(raw, story, year_hint, numbered)

    monkeypatch.setattr("store.ingest.extract", spy)
    report = store.ingest(dam_folder)
    assert parsed == [new_file.read_text(encoding="utf-8")]
    assert (report.new, report.unchanged) == (1, 3)
    assert report.facts_added == n_facts_of(new_file, store)
    with store.sessions() as s:
        run = s.scalar(select(IngestRun).order_by(IngestRun.id.desc()).limit(1))
        assert run is not None and run.finished_at is not None
        assert (run.stats["new"], run.stats["facts_added"]) == (1, report.facts_added)


def test_same_content_under_two_names_is_one_article(store: Store, dam_folder: Path) -> None:
    shutil.copy(dam_folder / "000_geneva_round1.txt", dam_folder / "zz_copy_of_000.txt")
    report = store.ingest(dam_folder)
    assert report.new == 5
    assert report.facts_added == sum(n_facts_of(p, store) for p in dam_folder.iterdir()
                                     if p.name != "zz_copy_of_000.txt")
    with store.sessions() as s:
        assert len(list(s.scalars(select(Article)))) == 4
        ids = dict(s.execute(select(ArticleFile.path, ArticleFile.article_id)).all())
    assert ids["000_geneva_round1.txt"] == ids["zz_copy_of_000.txt"]

    # removing one of the two names keeps the article in answers
    (dam_folder / "000_geneva_round1.txt").unlink()
    store.ingest(dam_folder)
    assert counts(store)["active_articles"] == 4
    assert "zz_copy_of_000.txt" in files_cited(store, "round 1")
    assert "000_geneva_round1.txt" not in files_cited(store, "round 1")


def test_windows_line_ends_and_bom_are_the_same_article(store: Store, dam_folder: Path) -> None:
    original = (dam_folder / "000_geneva_round1.txt").read_text(encoding="utf-8")
    (dam_folder / "zz_windows.txt").write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    report = store.ingest(dam_folder)
    assert report.failed == 0 and report.new == 5
    with store.sessions() as s:
        ids = dict(s.execute(select(ArticleFile.path, ArticleFile.article_id)).all())
        article = s.get(Article, ids["zz_windows.txt"])
        assert article is not None and article.date_source == "header"
    assert ids["zz_windows.txt"] == ids["000_geneva_round1.txt"]


def test_invisible_characters_and_narrow_spaces_from_the_web_read_as_plain_text(store: Store,
                                                                                tmp_path: Path) -> None:
    """Copy pasted from a page: a zero-width space and a soft hyphen inside names, thousands
    grouped by a narrow no-break space, a no-break space after "Mr". The name was split
    ("Mirela Do"), the figure read "000 cubic metres"."""
    original = (DAM_TALKS / "000_geneva_round1.txt").read_text(encoding="utf-8")
    pasted = (original.replace("1,200", "1\u202f200").replace("Mirela Dobrescu", "Mirela Do\u200bbres\u00adcu")
              .replace("Reuters reported.", "Reuters reported.\nMr\u00a0Dobrescu said 2\u00a0000\u00a0000 people"
                       " depend on the river."))
    assert pasted.count("\u200b") == pasted.count("\u202f") == 1
    write(tmp_path, "000_pasted.txt", pasted)
    assert store.ingest(tmp_path).failed == 0
    answer = store.query.ask("round 1")
    texts = [f.text for f in answer.facts]
    assert any("release 1,200 cubic metres" in t for t in texts), texts
    assert any("2,000,000 people" in t for t in texts), texts
    assert any(figure.startswith("1,200") for figure in answer.key_figures), answer.key_figures
    assert not any(ch in t for t in texts for ch in "\u200b\u00ad\u00a0\u202f")
    people = dict(store.query.ask("people").items)
    assert "Mirela Dobrescu" in people and not any(name.startswith("Mirela Do") and name != "Mirela Dobrescu"
                                                   for name in people), people


@pytest.mark.parametrize("later", [False, True], ids=["same run", "later run"])
def test_an_undated_report_of_a_numbered_round_is_dated_by_the_dated_copy_of_it(store: Store, tmp_path: Path,
                                                                               later: bool) -> None:
    """An AP report with no date anywhere ("narrowed their differences Thursday in a second round of
    talks") was dated the Thursday after the latest date in its text, a recap's, and made a round of
    its own three weeks early. A dated report numbers the round and gives its day: read in the same
    run, or stored by an earlier one."""
    folder = tmp_path / "ap"
    write(folder, "a_round1.txt", " date 2034-09-19 PHOENIX (AP) — Arizona and the tribe held the first round of "
                                  "talks on the water compact on Tuesday in Phoenix.\n")
    write(folder, "b_round2.txt", " date 2034-10-12 The tribe raised its casino revenue offer Thursday to 5% in a "
                                  "second round of talks held entirely by video.\n")
    undated = ("Arizona, tribe narrow gap on casino revenue\nPHOENIX (AP) — Negotiators for Arizona and the tribe "
               "narrowed their differences Thursday in a second round of talks held by video.\nThe first round of "
               "talks, in Phoenix on Sept. 19, ended with the two sides far apart on water.\n")
    if later:
        store.ingest(folder)
    write(folder, "c_undated.txt", undated)
    assert store.ingest(folder).failed == 0

    def dated() -> tuple[dt.date | None, str | None]:
        with store.sessions() as s:
            article = s.scalars(select(Article).join(ArticleFile).where(ArticleFile.path == "c_undated.txt")).one()
            return article.published, article.date_source
    assert dated() == (dt.date(2034, 10, 12), "inferred")
    assert [r.date for r in store.query.ask("timeline").rounds] == [dt.date(2034, 9, 19), dt.date(2034, 10, 12)]
    reindex(store)
    assert dated() == (dt.date(2034, 10, 12), "inferred"), "a reindex dates it the same way"


def test_renamed_file_keeps_its_article(store: Store, dam_folder: Path) -> None:
    store.ingest(dam_folder)
    before = counts(store)
    (dam_folder / "001_wire_round1.txt").rename(dam_folder / "001_renamed.txt")
    report = store.ingest(dam_folder)
    assert (report.new, report.removed, report.facts_added, report.facts_removed) == (1, 1, 0, 0)
    after = counts(store)
    assert (after["articles"], after["facts"], after["active_articles"]) == (
        before["articles"], before["facts"], before["active_articles"])
    assert "001_renamed.txt" in files_cited(store, "round 1")
    assert "001_wire_round1.txt" not in files_cited(store, "round 1")


# -- changed and deleted files -----------------------------------------------------------------

OLD = "met for about seven hours on Tuesday"
NEW = "met for about eight hours on Tuesday"


def test_changed_file_is_a_new_version_and_the_old_facts_leave_answers(store: Store, dam_folder: Path) -> None:
    path = dam_folder / "001_wire_round1.txt"
    store.ingest(dam_folder)
    with store.sessions() as s:
        old = s.scalar(select(Article).join(ArticleFile).where(ArticleFile.path == path.name))
        assert old is not None
        old_id, old_facts = old.id, len(old.facts)
    assert any(OLD in t for t in texts_in_answers(store))

    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    report = store.ingest(dam_folder)
    assert (report.changed, report.new) == (1, 0)
    assert report.facts_added == n_facts_of(path, store)
    # the old version's facts left answers: "+N" alone read as N facts more for an edit of one word
    assert report.facts_removed == old_facts
    assert f"(+{report.facts_added} / -{old_facts})" in report.summary()

    with store.sessions() as s:
        old = s.get(Article, old_id)
        new = s.scalar(select(Article).join(ArticleFile).where(ArticleFile.path == path.name))
        assert new is not None and new.id != old_id
        assert old is not None and old.withdrawn_at is not None and old.superseded_by_id == new.id
        assert len(old.facts) == old_facts  # kept in the database
    shown = texts_in_answers(store)
    assert not any(OLD in t for t in shown)
    assert any(NEW in t for t in shown)


def test_a_file_changed_back_restores_its_first_version(store: Store, dam_folder: Path) -> None:
    path = dam_folder / "001_wire_round1.txt"
    original = path.read_text(encoding="utf-8")
    store.ingest(dam_folder)
    path.write_text(original.replace(OLD, NEW), encoding="utf-8")
    store.ingest(dam_folder)
    path.write_text(original, encoding="utf-8")
    report = store.ingest(dam_folder)
    # the first version is still stored, and its facts come back into answers: "(+5 / -5)", as for any
    # edit, not "(+0 / -5)" with the total unchanged
    assert report.facts_added == report.facts_removed > 0
    assert counts(store)["articles"] == 5
    shown = texts_in_answers(store)
    assert any(OLD in t for t in shown) and not any(NEW in t for t in shown)


def test_deleted_file_leaves_answers_but_stays_in_the_database(store: Store, dam_folder: Path) -> None:
    first = store.ingest(dam_folder)
    before = counts(store)
    assert "001_wire_round1.txt" in files_cited(store, "round 1")
    (dam_folder / "001_wire_round1.txt").unlink()
    report = store.ingest(dam_folder)
    assert report.removed == 1 and report.facts_removed == first.facts - report.facts > 0
    after_removal = report.facts
    after = counts(store)
    assert (after["articles"], after["facts"]) == (before["articles"], before["facts"])
    assert after["active_articles"] == before["active_articles"] - 1
    with store.sessions() as s:
        row = s.scalar(select(ArticleFile).where(ArticleFile.path == "001_wire_round1.txt"))
        assert row is not None and row.status == "deleted"
    for question in ("round 1", "timeline", "person Ibarra", "latest", "sources"):
        assert "001_wire_round1.txt" not in files_cited(store, question), question
    assert not any(OLD in t for t in texts_in_answers(store))

    # and it comes back when the file does: its facts are back in answers (the article is not read again)
    shutil.copy(DAM_TALKS / "001_wire_round1.txt", dam_folder)
    report = store.ingest(dam_folder)
    assert (report.new, report.facts_added, report.facts) == (1, first.facts - after_removal, first.facts)
    assert "001_wire_round1.txt" in files_cited(store, "round 1")


def test_a_folder_found_empty_withdraws_nothing(store: Store, dam_folder: Path) -> None:
    """A network share that is not mounted looks like an empty folder: every article was withdrawn
    (and a digest would have posted each as withdrawn). Deleting one file still withdraws it."""
    store.ingest(dam_folder)
    files = sorted(dam_folder.iterdir())
    files[0].unlink()
    assert store.ingest(dam_folder).removed == 1
    for path in files[1:]:
        path.unlink()
    report = store.ingest(dam_folder)
    assert report.removed == 0 and report.failed == 1 and "the folder is empty" in report.failures[0].reason
    assert store.query.ask("round 1").kind != "empty" and report.facts > 0


# -- bad files ---------------------------------------------------------------------------------

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "bad_binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file (a PNG image)"),
    "bad_statement.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    "bad_release.docx": (b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(64)), "(.docx) that is damaged"),
    "bad_notes.rtf": (b"{\\rtf1\\ansi The delegations met on Tuesday.}", "an RTF document"),
    "bad_empty.txt": (b"", "empty"),
    "bad_blank.txt": (b"   \n\t\n  \n", "empty"),
    "bad_latin1.txt": (" date 2024-04-09 Les délégations se sont réunies à Genève.".encode("latin-1"), "UTF-8"),
    "bad_huge.txt": (b" date 2024-04-09 " + b"The delegations met again. " * 200, "too large"),
    "bad_page.html": (b"<!DOCTYPE html><html><head><title>World</title><script>track()</script></head><body>"
                      b"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav></body></html>", "no article text"),
    "bad_links.txt": (b"Home | World | Europe\nname,votes\nArventa,12\n", "no sentence to take a fact from"),
    "bad_script.html": (b"<html><head><script>track()</script></head><body></body></html>", "no article text"),
    "bad_votes.csv": (b"name,votes\nArventa,12\nThe delegations met on Tuesday in Geneva for talks,3\n",
                      "a spreadsheet's data (.csv), not an article"),
    "bad_russian.txt": (" date 2024-04-09 Делегации встретились в Женеве во вторник. Переговоры продлились пять "
                        "часов.\n".encode(), "not in English"),
}
LIMIT = 3000  # bytes: above every good article in tests/articles/dam_talks


def test_bad_files_are_reported_recorded_and_the_rest_ingested(make_store: Callable[..., Store], dam_folder: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    assert all(p.stat().st_size < LIMIT for p in dam_folder.iterdir())
    for name, (content, _) in BAD_FILES.items():
        write(dam_folder, name, content)
    store = make_store(max_file_bytes=LIMIT)
    report = store.ingest(dam_folder)
    # each bad file's reason is ingest's own: trafilatura's "discarding data: None" came twice before it
    assert [r.getMessage() for r in caplog.records if r.name.startswith("trafilatura")] == []

    assert report.new == 4 and report.failed == len(BAD_FILES)
    reasons = {f.path: f.reason for f in report.failures}
    assert set(reasons) == set(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        assert reason in reasons[name], (name, reasons[name])
    with store.sessions() as s:
        rows = {r.path: r for r in s.scalars(select(ArticleFile).where(ArticleFile.status == "failed"))}
    assert {p: r.error for p, r in rows.items()} == reasons
    assert all(r.article_id is None for r in rows.values())
    assert store.query.ask("round 1").kind == "round"

    # still bad on the next run: reported again, by name
    again = store.ingest(dam_folder)
    assert again.failed == len(BAD_FILES) and {f.path for f in again.failures} == set(BAD_FILES)
    assert again.new == 0


PAGE = """<!DOCTYPE html>
<html><head><title>Dam talks resume in Geneva</title>
<meta property="og:site_name" content="Alpine Wire">
<meta property="article:published_time" content="2024-04-09T08:30:00Z">
<script>window.tracker = "Arventa agreed to nothing";</script><style>p { margin: 0 }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article><h1>Dam talks resume in Geneva</h1>
<p>The Arventan and Belostian delegations met in Geneva on Tuesday for talks on the Kessel dam &amp; its reservoir.</p>
<p>Both sides agreed to a joint inspection of the dam&rsquo;s turbines in May, the Swiss mediator said.</p>
<p>&ldquo;We are closer than ever,&rdquo; said Tomás Ibarra, who leads the Arventan delegation.</p>
</article><footer>© 2024 Alpine Wire. All rights reserved. Share on Facebook</footer></body></html>
"""


@pytest.mark.parametrize("name", ["dam.html", "dam.HTM", "saved_page"])
def test_a_saved_web_page_is_read_as_its_article(store: Store, tmp_path: Path, name: str) -> None:
    """A page saved from the browser gave no fact at all: its paragraphs are the facts, its
    title and date the article's, and nothing of its navigation, scripts or footer is kept."""
    folder = tmp_path / "pages"
    write(folder, name, PAGE)
    report = store.ingest(folder)

    assert (report.new, report.failed) == (1, 0)
    with store.sessions() as s:
        article = s.scalars(select(Article)).one()
        facts = s.scalars(select(Fact).order_by(Fact.position)).all()
        assert (article.title, article.outlet, article.published) == (
            "Dam talks resume in Geneva", "Alpine Wire", dt.date(2024, 4, 9))
        assert [f.text for f in facts] == [
            "The Arventan and Belostian delegations met in Geneva on Tuesday for talks on the Kessel dam & its "
            "reservoir.",
            "Both sides agreed to a joint inspection of the dam’s turbines in May, the Swiss mediator said.",
            "“We are closer than ever,” said Tomás Ibarra, who leads the Arventan delegation."]
        assert all(article.raw_text[f.start:f.end] == f.text for f in facts), "citations point into the text kept"
        assert not any(w in article.raw_text for w in ("Subscribe", "tracker", "Facebook", "<p>"))
        assert facts[2].speaker == "Tomás Ibarra"


def test_a_page_is_dated_by_its_own_publication_meta(store: Store, tmp_path: Path) -> None:
    """A page stated its day in its meta, but dated later than the machine's clock (an outlet hours
    ahead of UTC; here a story set decades ahead) it was dropped, and the page took a related
    story's date from a link, or none at all."""
    folder = tmp_path / "pages"
    ahead = (PAGE.replace("2024-04-09T08:30:00Z", "2098-03-16T06:30:00+01:00")
             .replace("</article>", '</article><aside><a href="/world/2019/06/12/old-dam-row">Related: the 2019 dam '
                                    'row</a></aside>')
             .replace("in May, the Swiss", "in May under the Water Act 2011, the Swiss"))
    write(folder, "ahead.html", ahead)
    assert store.ingest(folder).failed == 0
    with store.sessions() as s:
        assert s.scalars(select(Article.published)).one() == dt.date(2098, 3, 16)


def test_a_page_saved_in_the_encoding_it_declares_is_read_in_it(store: Store, tmp_path: Path) -> None:
    """Pages of older sites are saved in their own encoding, which they declare: it is no guess.
    Such a page failed as "not UTF-8 text" unless FACTDESK_FALLBACK_ENCODING named it."""
    folder = tmp_path / "legacy"
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    declared = PAGE.replace("<head>", f"<head>{meta}")
    (folder / "declared.html").parent.mkdir(parents=True)
    (folder / "declared.html").write_bytes(declared.replace("&rsquo;", "’").encode("cp1252"))
    (folder / "undeclared.html").write_bytes(PAGE.replace("Dam talks", "Dam talks again").encode("cp1252"))
    report = store.ingest(folder)

    assert (report.new, report.failed) == (1, 1)
    assert "UTF-8" in report.failures[0].reason and report.failures[0].path == "undeclared.html"
    with store.sessions() as s:
        texts = s.scalars(select(Fact.text)).all()
    assert "Both sides agreed to a joint inspection of the dam’s turbines in May, the Swiss mediator said." in texts
    assert "“We are closer than ever,” said Tomás Ibarra, who leads the Arventan delegation." in texts


ENDED = "The dam talks in Geneva ended on Tuesday without a deal, officials said."
AGAIN = "The delegations will meet again in May, a diplomat said."


@pytest.mark.parametrize(("content", "facts"), [
    (f"<p>{ENDED}</p>\n<p>{AGAIN}</p>\n", [ENDED, AGAIN]),  # a fragment of markup
    (f"{ENDED}\n{AGAIN}\n", [ENDED, AGAIN])])  # text saved as .html: no tag at all, read as text
def test_a_fragment_or_a_text_named_html_is_read(store: Store, tmp_path: Path, content: str, facts: list[str]) -> None:
    """A text saved under .html failed as "a web page with no article text"."""
    write(tmp_path / "bits", "bit.html", content)
    report = store.ingest(tmp_path / "bits")

    assert (report.new, report.failed) == (1, 0)
    with store.sessions() as s:
        assert s.scalars(select(Fact.text).order_by(Fact.position)).all() == facts


def test_a_short_article_among_share_links_is_read(store: Store, tmp_path: Path) -> None:
    """One sentence, then share links: read at first as one line with them, ending in "Email",
    the page failed as one with no article."""
    share = "".join(f'<li><a href="https://{host}/share?u=x">{label}</a></li>' for host, label in
                    (("twitter.com", "Share on X"), ("facebook.com", "Facebook"), ("linkedin.com", "LinkedIn")))
    write(tmp_path / "short", "short.html",
          '<!DOCTYPE html><html lang="en"><head><title>Dam talks end</title></head><body>'
          '<header><nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>'
          "<main><article><h1>Dam talks end</h1>"
          "<p>The dam talks in Geneva ended on Tuesday without a deal, officials said.</p>"
          f'<ul class="share">{share}<li><a href="mailto:?subject=Dam">Email</a></li></ul></article></main>'
          "<footer><p>© The Daily Courier</p></footer></body></html>")
    report = store.ingest(tmp_path / "short")

    assert (report.new, report.failed) == (1, 0)
    with store.sessions() as s:
        assert s.scalars(select(Fact.text)).all() == [
            "The dam talks in Geneva ended on Tuesday without a deal, officials said."]


def test_a_page_dated_by_its_markup_dates_the_undated_pages_as_a_dated_file_would(store: Store,
                                                                                   tmp_path: Path) -> None:
    """Ingest reads dated files first, so an undated article's "March 10" has the corpus's year;
    pages were all undated to that first look (their date is in their <head>), and an undated
    page read first got no date at all."""
    folder = tmp_path / "pages"
    undated = ("<html><body><article><p>The two delegations agreed on March 10 to meet again within days.</p>"
               "<p>On Thursday the delegations met again in Geneva for five hours, a diplomat said.</p>"
               "</article></body></html>")
    write(folder, "a_undated.html", undated)
    write(folder, "b_dated.html", PAGE)
    report = store.ingest(folder)

    assert (report.new, report.failed) == (2, 0)
    with store.sessions() as s:
        dates = dict(s.execute(select(Article.title, Article.published)).all())
    assert dates == {"Dam talks resume in Geneva": dt.date(2024, 4, 9), None: dt.date(2024, 3, 14)}


FRENCH = " date 2024-04-09 Les délégations se sont réunies à Genève mardi pour parler du barrage.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(store: Store, tmp_path: Path, encoding: str) -> None:
    """Windows' "Unicode" text is UTF-16 with a byte order mark: the same article as in UTF-8."""
    folder = tmp_path / "marked"
    folder.mkdir()
    data = FRENCH.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # Python writes no mark for an explicit byte order; Windows tools do
    write(folder, "note.txt", data)
    assert ingest_module.read_text(folder / "note.txt", LIMIT) == (FRENCH, hashlib.sha256(FRENCH.encode()).hexdigest())
    report = store.ingest(folder)
    assert (report.new, report.failed) == (1, 0)
    with store.sessions() as s:
        assert s.scalar(select(Article.published)) == dt.date(2024, 4, 9)
        assert s.scalars(select(Fact.text)).all() == [FRENCH[17:].strip()]


def test_files_not_in_utf8_are_read_as_the_fallback_encoding(make_store: Callable[..., Store],
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "legacy"
    folder.mkdir()
    write(folder, "cms_export.txt", FRENCH.replace("mardi", "mardi – lundi").encode("cp1252"))
    refused = make_store(database_url=f"sqlite:///{tmp_path / 'strict.sqlite'}").ingest(folder)
    assert refused.failed == 1 and "FACTDESK_FALLBACK_ENCODING" in refused.failures[0].reason
    store = make_store(fallback_encoding="cp1252")
    assert (store.ingest(folder).new, store.query.ask("topic délégations").facts[0].text.split()[1]) == \
        (1, "délégations")
    with store.sessions() as s:
        assert "mardi – lundi" in s.scalar(select(Article.raw_text))
    # bytes that only start like a byte order mark are no text
    write(folder, "photo.txt", b"\xff\xfe" + bytes([1, 0, 2, 0, 64, 0, 0, 1]) * 16)  # little-endian integers
    assert "control characters as UTF-16" in store.ingest(folder).failures[0].reason
    (folder / "photo.txt").unlink()
    # not text in the fallback either: refused, both reasons given
    write(folder, "cms_export.txt", b" date 2024-04-09 caf\xe9 \x81 undefined in cp1252")
    reasons = [f.reason for f in store.ingest(folder).failures]
    assert len(reasons) == 1 and "neither UTF-8" in reasons[0] and "cp1252" in reasons[0]


def test_size_limit_is_inclusive(make_store: Callable[..., Store], dam_folder: Path) -> None:
    path = dam_folder / "000_geneva_round1.txt"
    size = path.stat().st_size
    assert make_store(max_file_bytes=size).ingest(dam_folder).failed == 0
    other = make_store(database_url=f"sqlite:///{dam_folder.parent / 'small.sqlite'}", max_file_bytes=size - 1)
    assert [f.path for f in other.ingest(dam_folder).failures] == [path.name]


def test_unreadable_file_is_reported(store: Store, dam_folder: Path) -> None:
    if running_as_root:
        pytest.skip("running as root, which can read a chmod 000 file: the permission error cannot happen")
    path = write(dam_folder, "locked.txt", " date 2024-04-09 The delegations met in Geneva on Tuesday.\n")
    path.chmod(0)
    try:
        report = store.ingest(dam_folder)
    finally:
        path.chmod(0o644)
    assert report.new == 4
    assert [(f.path, "permission" in f.reason) for f in report.failures] == [("locked.txt", True)]


def test_a_file_whose_name_is_not_utf8_is_reported_and_the_rest_ingested(store: Store, dam_folder: Path) -> None:
    """A name with a stray byte ("bad\\xffname.txt", copied from an old Windows share) stopped every run
    at that file, with a traceback: the files after it were never read and deletions never applied."""
    bad = os.fsencode(dam_folder) + b"/bad\xffname.txt"
    with open(bad, "wb") as handle:
        handle.write(b" date 2024-04-09 The delegations met in Geneva on Tuesday.\n")
    write(dam_folder, "zzz_late.txt", " date 2024-06-05 Engineers from Arventa inspected the turbines on Tuesday.\n")
    report = store.ingest(dam_folder)
    assert report.new == 5 and [(f.path, "not valid UTF-8" in f.reason) for f in report.failures] == [
        ("bad\\xffname.txt", True)]
    assert any("turbines" in f.text for f in store.query.ask("turbines").facts)
    status = collect_status(store.sessions, store.engine, store.settings.database_url)
    assert [f.path for f in status.failed_files] == ["bad\\xffname.txt"]


def test_a_file_named_with_control_characters_is_reported_escaped(store: Store, dam_folder: Path) -> None:
    """"evil\x1b]0;HACKED\x07\x1b[2J.txt" printed as it is cleared the terminal and set its title, in the run's
    failures, the log and status; a line break in a name faked a line of the log."""
    names = ["evil\x1b]0;HACKED\x07\x1b[2J.txt", "two\nlines: OK.txt", "report\u202etxt.exe.txt"]
    for name in names:
        write(dam_folder, name, " date 2024-04-09 The delegations met in Geneva on Tuesday.\n")
    report = store.ingest(dam_folder)
    shown = sorted(f.path for f in report.failures)
    assert report.new == 4 and shown == ["evil\\x1b]0;HACKED\\x07\\x1b[2J.txt", "report\\u202etxt.exe.txt",
                                         "two\\nlines: OK.txt"]
    status = collect_status(store.sessions, store.engine, store.settings.database_url)
    assert sorted(f.path for f in status.failed_files) == shown
    assert all(c.isprintable() for f in status.failed_files for c in f.path + f.reason)


def test_a_file_of_more_sentences_than_an_article_has_is_refused(store: Store, dam_folder: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A 5 MB dump of 54,000 near-identical lines, under the size limit, held the ingest for an hour."""
    monkeypatch.setattr(ingest_module, "MAX_SENTENCES", 50)
    write(dam_folder, "dump.txt", " date 2024-04-09 " + "\n".join(
        f"Analyst number {i} said that {i * 3} delegates attended meeting {i} in Geneva." for i in range(60)))
    report = store.ingest(dam_folder)
    assert report.new == 4 and [(f.path, "too long for an article" in f.reason) for f in report.failures] == [
        ("dump.txt", True)]


def test_a_linked_folder_whose_target_is_gone_withdraws_nothing(store: Store, dam_folder: Path,
                                                                 tmp_path: Path) -> None:
    """A share linked into the folder and unmounted withdrew its articles without a word; removing the
    link itself still withdraws them."""
    share = tmp_path / "share"
    write(share, "obs.txt", " date 2024-04-10 Observers arrived in Geneva on Wednesday to watch the talks.\n")
    (dam_folder / "linked").symlink_to(share, target_is_directory=True)
    assert store.ingest(dam_folder).new == 5
    share.rename(tmp_path / "share.gone")
    report = store.ingest(dam_folder)
    assert report.removed == 0 and [f.path for f in report.failures] == ["linked/"]
    assert store.query.ask("observers").facts
    (dam_folder / "linked").unlink()
    assert store.ingest(dam_folder).removed == 1 and not store.query.ask("observers").facts


def test_a_linked_file_whose_target_is_gone_withdraws_nothing(store: Store, dam_folder: Path, tmp_path: Path) -> None:
    """An article linked into the folder from a share: the share unmounted, its article was withdrawn without
    a word ("removed 1 / failed 0"); a broken link from the start, a link loop, were skipped unseen. Removing
    the link itself still withdraws it."""
    share = tmp_path / "share"
    write(share, "obs.txt", " date 2024-04-10 Observers arrived in Geneva on Wednesday to watch the talks.\n")
    (dam_folder / "obs.txt").symlink_to(share / "obs.txt")
    (dam_folder / "never.txt").symlink_to(tmp_path / "nowhere.txt")
    (dam_folder / "loop_a.txt").symlink_to(dam_folder / "loop_b.txt")
    (dam_folder / "loop_b.txt").symlink_to(dam_folder / "loop_a.txt")
    report = store.ingest(dam_folder)
    assert report.new == 5 and sorted(f.path for f in report.failures) == ["loop_a.txt", "loop_b.txt", "never.txt"]
    share.rename(tmp_path / "share.gone")
    report = store.ingest(dam_folder)
    assert report.removed == 0 and "obs.txt" in {f.path for f in report.failures}
    assert store.query.ask("observers").facts
    status = collect_status(store.sessions, store.engine, store.settings.database_url)
    assert any(f.path == "obs.txt" and "kept" in f.reason for f in status.failed_files)
    (dam_folder / "obs.txt").unlink()
    assert store.ingest(dam_folder).removed == 1 and not store.query.ask("observers").facts


@pytest.mark.parametrize(("front", "problem"), [
    ('---\ntitle: "Swap\ndate: 2024-04-10\n---\n', "front matter could not be read"),  # an unclosed quote
    ("---\ntitle: Swap\ndate: 2024-04-10\n", "no closing '---'"),
    ("---\ntitle: [a, b]\ndate: 2024-04-31\n---\n", "front matter could not be read"),  # no such day
    ("---\ntitle: [a, b]\noutlet: {x: 1}\ndate: 2024-04-10\n---\n", "front matter's title, outlet could not be read"),
])
def test_front_matter_that_cannot_be_read_is_recorded_and_the_text_kept(store: Store, dam_folder: Path,
                                                                        front: str, problem: str) -> None:
    """Broken front matter was dropped without a word ("failed 0", nothing in status), and a title written as
    a list was cited as "['a', 'b']"."""
    write(dam_folder, "swap.md", front + "Observers arrived in Geneva on Wednesday to watch the talks.\n")
    report = store.ingest(dam_folder)
    assert report.new == 5 and report.failed == 0
    assert any("Observers arrived" in f.text for f in store.query.ask("observers").facts)
    status = collect_status(store.sessions, store.engine, store.settings.database_url)
    assert [(f.path, problem in f.reason) for f in status.failed_files] == [("swap.md", True)]
    with store.sessions() as s:
        assert "[" not in (s.scalar(select(Article.title).where(Article.raw_text.contains("Observers"))) or "")


def test_a_fixed_file_is_ingested(store: Store, dam_folder: Path) -> None:
    write(dam_folder, "late.txt", b"\xff\xfe broken")
    assert store.ingest(dam_folder).failed == 1
    write(dam_folder, "late.txt", " date 2024-06-05 Negotiators from Arventa and Belostia said on Tuesday that "
                                  "the turbines would be inspected in July.\n")
    report = store.ingest(dam_folder)
    # new to the store: it was "changed", though no version of it had ever been read
    assert (report.failed, report.new, report.changed, report.facts_added) == (0, 1, 0, 1)


def test_a_good_file_turned_bad_keeps_its_last_good_version(store: Store, dam_folder: Path) -> None:
    """It used to leave the answers: a bad save lost the article (test_a_good_article_saved_over_badly_...)."""
    store.ingest(dam_folder)
    write(dam_folder, "001_wire_round1.txt", b"\x00\x01\x02 not text any more")
    report = store.ingest(dam_folder)
    assert report.failed == 1 and "binary" in report.failures[0].reason
    assert "001_wire_round1.txt" in files_cited(store, "round 1")


def test_temporary_and_hidden_files_are_ignored(store: Store, dam_folder: Path) -> None:
    text = (dam_folder / "000_geneva_round1.txt").read_text(encoding="utf-8")
    for name in (".hidden.txt", "draft.txt.part", "upload.tmp", "notes.txt~", ".git/objects.txt"):
        write(dam_folder, name, text.replace("Tuesday", "Monday"))
    report = store.ingest(dam_folder)
    assert report.seen == 4 and report.new == 4


def test_files_still_being_written_wait_for_the_next_run(store: Store, dam_folder: Path) -> None:
    files = sorted(dam_folder.iterdir())
    for i, path in enumerate(files):
        if i % 2:
            os.utime(path)  # written just now
        else:
            os.utime(path, (1_700_000_000, 1_700_000_000))  # long ago
    report = store.ingest(dam_folder, settle_seconds=3600)
    assert (report.skipped, report.new) == (2, 2)
    assert "2 still being written" in report.summary()
    assert store.ingest(dam_folder).new == 2


def test_missing_folder_is_an_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        store.ingest(tmp_path / "nope")


# -- order, the run's group index, extractor failures ------------------------------------------

def test_files_are_ingested_oldest_stated_date_first_then_undated(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "arts"
    body = "Arventa and Belostia held talks on the Varna dam on Tuesday in Geneva, officials said.\n"
    write(folder, "a_undated.txt", body)
    write(folder, "b_late.txt", " date 2024-06-05 " + body)
    write(folder, "c_front.md", "---\ntitle: Dam talks\ndate: 2024-04-10\n---\n\n" + body)
    write(folder, "d_early.txt", " date 2024-04-09 " + body.replace("Tuesday", "Monday"))
    order: list[str] = []
    store.ingest(folder, progress=lambda i, n, name: order.append(name))
    assert order == ["d_early.txt", "c_front.md", "b_late.txt", "a_undated.txt"]


def test_paraphrases_join_one_group_even_when_the_index_keeps_almost_nothing(
        store: Store, dam_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's GroupIndex drops days past its size limit; dropped days are read back when needed."""
    import store.ingest as ingest_module

    def tiny_index(max_groups: int = 0) -> ingest_module.GroupIndex:
        return real_index(max_groups=1)

    real_index = ingest_module.GroupIndex
    monkeypatch.setattr(ingest_module, "GroupIndex", tiny_index)
    store.ingest(dam_folder)
    with store.sessions() as s:
        groups = {t: g for t, g in s.execute(select(Fact.text, Fact.group_id))}
    water = [g for t, g in groups.items() if "1,200 cubic metres" in t]
    assert len(water) >= 2 and len(set(water)) == 1  # 000 and 001 (and 002's recap) tell one fact


def test_an_extractor_crash_fails_that_file_only(store: Store, dam_folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def fragile(raw, story, year_hint=None, numbered=None):  # type: ignore[no-untyped-def]
        if "a test of trust" in raw:
            raise ValueError("unexpected input")
        return extract(raw, story, year_hint, numbered)

    monkeypatch.setattr("store.ingest.extract", fragile)
    report = store.ingest(dam_folder)
    assert (report.new, report.failed) == (3, 1)
    assert report.failures[0].path == "002_ankara_round2_undated.txt"
    assert "could not be processed (ValueError: unexpected input)" in report.failures[0].reason
    with store.sessions() as s:
        row = s.scalar(select(ArticleFile).where(ArticleFile.path == "002_ankara_round2_undated.txt"))
        assert row is not None and row.status == "failed" and row.article_id is None
    # the groups indexed before the crash were rolled back with it: later files still deduplicate
    monkeypatch.setattr("store.ingest.extract", extract)
    os.utime(dam_folder / "002_ankara_round2_undated.txt", ns=(1, 1_000_000_000))
    again = store.ingest(dam_folder)
    assert (again.new, again.failed) == (1, 0) and again.facts_added > 0
    assert "002_ankara_round2_undated.txt" in files_cited(store, "round 2")


def test_round_places_are_reread_only_for_rounds_whose_facts_changed(store: Store, dam_folder: Path) -> None:
    from sqlalchemy import update

    store.ingest(dam_folder)
    with store.sessions() as s:
        venue = s.scalar(select(Round.venue).where(Round.number == 1))
    assert venue
    with store.sessions.begin() as s:  # a marker: survives only if round discovery does not reread round 1
        s.execute(update(Round).where(Round.number.in_([1, 2])).values(venue="Marker Hall"))

    write(dam_folder, "004_unrelated.txt", " date 2024-05-30 The dam's engineers published a maintenance "
          "report on Thursday, the ministry said.\n")
    store.ingest(dam_folder)
    with store.sessions() as s:
        venues = {n: v for n, v in s.execute(select(Round.number, Round.venue))}
    assert (venues[1], venues[2]) == ("Marker Hall", "Marker Hall")

    write(dam_folder, "005_round1_more.txt", " date 2024-04-10 The first round of dam talks ended on Tuesday at "
          "Rosenholm Castle in Geneva with a deal on water releases, diplomats said.\n")
    store.ingest(dam_folder)
    with store.sessions() as s:
        venues = {n: v for n, v in s.execute(select(Round.number, Round.venue))}
    assert venues[1] == venue  # round 1 got a new fact: read again
    assert venues[2] == "Marker Hall"  # round 2 did not


def test_a_bulk_load_vacuums_and_analyses_postgresql(store: Store, dam_folder: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no planner statistics, dead row versions or GIN lists")
    monkeypatch.setattr("store.ingest.ANALYZE_AFTER", 4)

    def tidied() -> tuple[int, int]:
        with store.engine.connect() as conn:
            row = conn.execute(text("SELECT analyze_count, vacuum_count FROM pg_stat_user_tables "
                                    "WHERE relname = 'facts'")).one()
            return row[0] or 0, row[1] or 0

    analysed, vacuumed = tidied()
    store.ingest(dam_folder)  # 4 new articles: at the threshold
    assert tidied() == (analysed + 1, vacuumed + 1)
    with store.engine.connect() as conn:  # round discovery re-dated facts: their old versions are gone
        assert conn.scalar(text("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'facts'")) == 0
    store.ingest(dam_folder)  # nothing new: nothing to tidy
    assert tidied() == (analysed + 1, vacuumed + 1)


def test_a_rescan_that_changes_nothing_reports_the_same_fact_count(store: Store, dam_folder: Path) -> None:
    first = store.ingest(dam_folder)
    again = store.ingest(dam_folder)  # nothing changed: the count comes from the last run's stats
    assert again.facts == first.facts > 0
    (dam_folder / "001_wire_round1.txt").unlink()
    after = store.ingest(dam_folder)
    assert after.removed == 1 and after.facts == first.facts - n_facts_of(DAM_TALKS / "001_wire_round1.txt", store)
    assert store.ingest(dam_folder).facts == after.facts


def test_a_symlinked_folder_is_read_and_a_symlink_loop_ends(store: Store, dam_folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared_drive"
    elsewhere.mkdir()
    (dam_folder / "003_geneva_round3.md").rename(elsewhere / "003_geneva_round3.md")
    (dam_folder / "wire").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "loop").symlink_to(dam_folder, target_is_directory=True)  # back up: must not recurse forever
    report = store.ingest(dam_folder)
    assert report.new == 4 and report.failed == 0
    with store.sessions() as s:
        paths = set(s.scalars(select(ArticleFile.path)))
    assert "wire/003_geneva_round3.md" in paths and not any(p.startswith("wire/loop/") for p in paths)


def test_a_link_to_a_folder_holding_the_watched_one_and_non_articles_are_not_read(
        store: Store, dam_folder: Path, tmp_path: Path) -> None:
    """A link to ".." read everything beside the folder: a deploy note with the bot token came up in
    answers, and the database itself was a failed article."""
    (tmp_path / "deploy-notes.sh").write_text("export SLACK_BOT_TOKEN=xoxb-secret # the token of the talks bot, "
                                              "do not share it with anyone.\n", encoding="utf-8")
    (dam_folder / "archive").symlink_to(tmp_path, target_is_directory=True)
    (dam_folder / "notes.txt").symlink_to(tmp_path / "deploy-notes.sh")  # a link that names itself .txt
    for name in ("factdesk.sqlite", "factdesk.sqlite-wal", "ingest.log", "fetch.py"):
        (dam_folder / name).write_text("The delegations met again in Geneva on Tuesday to talk.\n", encoding="utf-8")
    report = store.ingest(dam_folder)
    assert report.new == 4 and report.failed == 0
    with store.sessions() as s:
        paths = set(s.scalars(select(ArticleFile.path)))
    assert not any(p.startswith("archive/") or p.endswith((".sqlite", "-wal", ".log", ".py")) for p in paths), paths
    assert store.query.ask("token").facts == []


def test_the_fact_count_follows_each_change_without_counting_every_fact(
        store: Store, dam_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first run, a run's count is the previous run's plus what it changed (no full count)."""

    counted: list[int] = []
    real = ingest_module.active_facts

    def spy(session):  # type: ignore[no-untyped-def]
        counted.append(1)
        return real(session)

    monkeypatch.setattr(ingest_module, "active_facts", spy)

    def check() -> None:
        report = store.ingest(dam_folder)
        with store.sessions() as s:
            assert report.facts == real(s)

    check()  # the first run counts
    counted.clear()
    path = dam_folder / "001_wire_round1.txt"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(OLD, NEW), encoding="utf-8")  # a new version withdraws the old
    check()
    shutil.copy(dam_folder / "000_geneva_round1.txt", dam_folder / "000_copy.txt")  # a second name: no change
    check()
    (dam_folder / "000_geneva_round1.txt").unlink()  # one of two names gone: the article stays
    check()
    (dam_folder / "000_copy.txt").unlink()  # the last name gone: its facts leave answers
    check()
    path.write_text(original, encoding="utf-8")  # the first version comes back
    check()
    path.write_bytes(b"\x00binary")  # a good file turned bad
    check()
    shutil.copy(DAM_TALKS / "000_geneva_round1.txt", dam_folder)  # a withdrawn article comes back
    check()
    assert counted == []


def test_the_fact_count_is_counted_after_an_interrupted_run(store: Store, dam_folder: Path) -> None:
    from store.ingest import active_facts

    store.ingest(dam_folder)
    with store.sessions.begin() as s:  # a run that died after changing facts no finished run counted
        s.add(IngestRun(kind="ingest"))
        s.execute(Fact.__table__.delete().where(Fact.article_id == 1))
    (dam_folder / "001_wire_round1.txt").unlink()
    report = store.ingest(dam_folder)
    with store.sessions() as s:
        assert report.facts == active_facts(s)


_GROUPS_OF_A_RUN = """
import hashlib, sys
from pathlib import Path
from sqlalchemy import select
from store.models import Fact
from store.runtime import open_store
from store.settings import Settings
store = open_store(Settings(database_url=sys.argv[1], seeds_dir=Path(sys.argv[2])))
store.ingest(Path(sys.argv[2]))
with store.sessions() as s:
    pairs = s.execute(select(Fact.id, Fact.group_id).order_by(Fact.id)).all()
print(len(pairs), hashlib.sha256(repr(pairs).encode()).hexdigest())
"""


def test_the_same_files_give_the_same_groups_in_every_process(tmp_path: Path) -> None:
    """Which group a near-duplicate joins must not depend on Python's string hashing (it
    did: candidates came in the order of a set of words, and ties went to the first)."""
    import subprocess
    import sys

    from tests.bench.corpus import generate

    corpus = tmp_path / "corpus"
    generate(250, corpus)  # enough paraphrases for tied candidates; seeds 1 and 2 differed before
    runs = set()
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", _GROUPS_OF_A_RUN, f"sqlite:///{tmp_path}/{seed}.db", str(corpus)],
                             env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
                             timeout=300, check=True)
        runs.add(out.stdout.strip())
    assert len(runs) == 1 and not next(iter(runs)).startswith("0 ")


def test_a_stopped_run_leaves_the_rest_for_the_next_and_still_closes_itself(store: Store, tmp_path: Path) -> None:
    """What ``serve`` asks of a scan when it stops: no more files, but the articles stored so
    far get their rounds and the run is closed, so the next start has nothing to redo."""
    from sqlalchemy import func

    from tests.bench.corpus import generate

    folder = tmp_path / "corpus"
    generate(30, folder)
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 12  # twelve files, then stop

    first = store.ingest(folder, stop=stop)
    assert first.new == 12 and first.left == 18 and "18 left for the next run" in first.summary()
    with store.sessions() as s:
        run = s.scalars(select(IngestRun).order_by(IngestRun.id.desc())).first()
        assert run is not None and run.finished_at is not None and run.stats["left"] == 18
        assert s.scalar(select(func.count()).select_from(Round)) > 0  # its articles' rounds are there
    second = store.ingest(folder)
    assert second.new == 18 and second.unchanged == 12 and second.left == 0
    with store.sessions() as s:  # the next run found nothing interrupted to redo
        assert not any((r.stats or {}).get("interrupted") for r in s.scalars(select(IngestRun)))
        assert s.scalar(select(func.count()).select_from(ArticleFile)) == 30


def test_a_good_article_saved_over_badly_keeps_its_last_good_version(store: Store, dam_folder: Path) -> None:
    """An article re-saved in another encoding was withdrawn, and its round left the timeline."""
    store.ingest(dam_folder)
    before = [(r.number, r.date) for r in store.query.ask("timeline").rounds]
    target = sorted(p for p in dam_folder.iterdir() if p.is_file())[0]
    good = target.read_bytes()
    target.write_bytes(good.decode("utf-8").replace(" said", " said, café,").encode("latin-1", "replace"))
    report = store.ingest(dam_folder)
    assert report.failed == 1 and "the last good version is kept" in report.failures[0].reason
    assert [(r.number, r.date) for r in store.query.ask("timeline").rounds] == before
    status = collect_status(store.sessions, store.engine, store.settings.database_url)
    assert [f.path for f in status.failed_files] == [target.name] and status.withdrawn == 0
    target.write_bytes(good)  # mended
    assert store.ingest(dam_folder).failed == 0
    assert collect_status(store.sessions, store.engine, store.settings.database_url).failed_files == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_mark_is_named_as_such(store: Store, tmp_path: Path, encoding: str) -> None:
    """It was "binary file (contains NUL bytes)": the operator could not tell it was text."""
    folder = tmp_path / "exports"
    write(folder, "cms.txt", " date 2024-05-16 The delegations met in Ankara on Thursday.\n".encode(encoding))
    reason = store.ingest(folder).failures[0].reason
    assert reason.startswith("UTF-16") and "without a byte order mark" in reason and "save it as UTF-8" in reason



@pytest.mark.parametrize("content", [bytes(4096), b"SQLite format 3\x00\x10\x00" + bytes(4000),
                                     "The delegations met in Ankara on Thursday.".encode("utf-32-le")])
def test_zeros_a_database_or_utf32_are_not_called_utf16(store: Store, tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / "odd"
    write(folder, "odd.txt", content)
    assert store.ingest(folder).failures[0].reason.startswith("binary file")


def test_a_copy_saved_later_does_not_take_over_the_citations(store: Store, dam_folder: Path) -> None:
    """"000 copy.txt" comes before "000_geneva_round1.txt" in the alphabet, and every fact of the
    article was cited by the copy's name once it came in."""
    store.ingest(dam_folder)
    before = files_cited(store, "round 1")
    shutil.copy(dam_folder / "000_geneva_round1.txt", dam_folder / "000 copy.txt")
    assert store.ingest(dam_folder).new == 1
    assert files_cited(store, "round 1") == before and "000 copy.txt" not in before


def test_a_round_numbered_otherwise_by_its_copy_keeps_its_place(store: Store, tmp_path: Path) -> None:
    """Three stories' "first round" in one folder are the store's rounds 1 to 3: the third's "held a first round
    at the Palais Coburg in Vienna" numbers another round than 3, and its venue and city were dropped."""
    folder = tmp_path / "firsts"
    write(folder, "a.txt", " date 2024-03-05 Arventa and Belostia held a first round of talks in Geneva on Tuesday.\n")
    write(folder, "b.txt", " date 2024-04-09 Veloria and Qarun held a first round of talks in Lisbon on Tuesday.\n")
    write(folder, "c.txt", " date 2024-05-14 Norland and Zembia held a first round of talks at the Palais Coburg in "
                           "Vienna on Tuesday.\n")
    store.ingest(folder)
    with store.sessions() as s:
        assert [(r.number, r.venue, r.city) for r in s.scalars(select(Round).order_by(Round.number))][-1] == \
            (3, "Palais Coburg", "Vienna")


def test_an_editorial_is_of_the_day_it_was_written_and_of_no_round(store: Store, tmp_path: Path) -> None:
    """An editorial three days after round 1 was round 1's news ("the talks will remain a dialogue of the deaf",
    "the pictures from Samvad Bhawan on Wednesday"); set aside as another story's, it lost its day and read
    "(background)" in person and topic answers."""
    folder = tmp_path / "leader"
    write(folder, "a.txt", " date 2031-01-15 The seventh round of talks between the government and the farmer "
                           "unions at Samvad Bhawan ended on Wednesday without agreement on a price law.\n")
    write(folder, "b.txt", "EDITORIAL\nThe National Sentinel\nSaturday, January 18, 2031\n\nBeyond langar diplomacy\n\n"
                           "The pictures from Samvad Bhawan on Wednesday, of a minister sharing langar with the "
                           "farmers, were striking.\nIf the government does not move, the talks will remain a "
                           "dialogue of the deaf.\n")
    store.ingest(folder)
    assert not [f.text for f in store.query.ask("round 1").facts if "langar" in f.text or "deaf" in f.text]
    shown = {f.text: f for f in store.query.ask("langar").facts}
    [picture] = [f for text, f in shown.items() if text.startswith("The pictures")]
    assert (picture.date, picture.round, picture.background) == (dt.date(2031, 1, 18), None, False)
