"""Round discovery after an ingest follows the change (store/rounds.py ``_Update``) and ends exactly
where a full discovery would: the rounds, every article's event day, every fact's effective day
and the stored candidate days.

Every test runs on SQLite and, when FACTDESK_TEST_POSTGRES_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from store import ingest as ingest_module
from store.models import Article, Fact, Round, RoundCandidate
from store.rounds import Discovery, discover_rounds
from store.runtime import Store
from tests.bench.corpus import generate
from tests.conftest import write

POOL = 110  # synthetic articles: several stories, dozens of rounds, ordinals, undated files


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A synthetic corpus to draw files from, in date order (the generator's names)."""
    return sorted(generate(POOL, tmp_path_factory.mktemp("pool"), seed=7))


@pytest.fixture
def discoveries(monkeypatch: pytest.MonkeyPatch) -> list[Discovery]:
    """What each ingest's round discovery did (incremental or full, and why)."""
    seen: list[Discovery] = []

    def recording(session: Session, story: Any, changed: Any = None) -> Discovery:
        result = discover_rounds(session, story, changed)
        seen.append(result)
        return result

    monkeypatch.setattr(ingest_module, "discover_rounds", recording)
    return seen


def snapshot(session: Session) -> dict[str, Any]:
    """Everything round discovery decides, by what does not depend on row ids or clocks."""
    return {
        "rounds": [tuple(r) for r in session.execute(select(
            Round.number, Round.date, Round.venue, Round.city, Round.outcome_fact_id, Round.n_facts,
            Round.date_inferred, Round.evidence).order_by(Round.number))],
        "event_dates": dict(session.execute(select(Article.id, Article.event_date)).all()),
        "effective_dates": dict(session.execute(select(Fact.id, Fact.effective_date)).all()),
        "candidates": {day: rest for day, *rest in session.execute(select(
            RoundCandidate.day, RoundCandidate.strong, RoundCandidate.inferred, RoundCandidate.dated,
            RoundCandidate.ordinals, RoundCandidate.support))},
    }


def assert_as_full(store: Store) -> dict[str, Any]:
    """The store as it is equals what a full discovery makes of it (run, compared, rolled back)."""
    with store.sessions() as s:
        now = snapshot(s)
        assert discover_rounds(s, store.story).incremental is False
        full = snapshot(s)
        s.rollback()
    for part in now:
        if now[part] != full[part]:
            diff = {k: (now[part].get(k), full[part].get(k)) for k in set(now[part]) | set(full[part])
                    if now[part].get(k) != full[part].get(k)} if isinstance(now[part], dict) else \
                [(a, b) for a, b in zip(now[part], full[part], strict=False) if a != b] or (now[part], full[part])
            raise AssertionError(f"{part} differ from a full discovery: {str(diff)[:3000]}")
    return now


def first_seen(store: Store) -> dict[dt.date, dt.datetime]:
    with store.sessions() as s:
        return dict(s.execute(select(Round.date, Round.first_seen)).all())


def latest_published(store: Store) -> dt.date:
    with store.sessions() as s:
        day = s.scalar(select(func.max(Article.published)))
        assert day is not None
        return day


def article(published: dt.date, *sentences: str) -> str:
    return f" date {published.isoformat()} GENEVA\n" + "\n".join(sentences) + "\n"


def on(day: dt.date) -> str:
    return f"{day:%B} {day.day}"


def step(store: Store, folder: Path, discoveries: list[Discovery], *, incremental: bool = True) -> dict[str, Any]:
    """Ingest, check the discovery took the path expected, and that it ended as a full one would."""
    before = first_seen(store)
    report = store.ingest(folder)
    assert report.failed == 0 or not incremental or discoveries
    assert discoveries[-1].incremental is incremental, discoveries[-1]
    state = assert_as_full(store)
    after = first_seen(store)
    assert all(after[d] == before[d] for d in after if d in before), "a kept round lost its first_seen"
    return state


def test_ingest_in_steps_matches_a_full_discovery_at_every_step(
        store: Store, pool: list[Path], tmp_path: Path, discoveries: list[Discovery],
        make_store: Callable[..., Store]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in pool[:60]:
        shutil.copy(p, folder / p.name)
    state = step(store, folder, discoveries, incremental=False)  # the first discovery is a full one
    assert discoveries[-1].reason == "first discovery"
    assert len(state["rounds"]) >= 5

    for p in pool[60:90]:  # more files
        shutil.copy(p, folder / p.name)
    step(store, folder, discoveries)

    changed = folder / pool[10].name  # a changed file: a new article, the old one withdrawn
    changed.write_text(changed.read_text(encoding="utf-8").replace(" said", " told reporters", 1) + "\nUpdated.\n",
                       encoding="utf-8")
    step(store, folder, discoveries)

    deleted = folder / pool[20].name
    kept = deleted.read_bytes()
    deleted.unlink()
    step(store, folder, discoveries)

    rounds_before = {r[1] for r in step(store, folder, discoveries)["rounds"]}
    latest = latest_published(store)
    new_day = latest + dt.timedelta(days=30)  # a round after every other one
    write(folder, "zz_new_round.txt", article(
        new_day + dt.timedelta(days=1),
        f"Arventa and Belostia held talks in Lisbon on {on(new_day)}, the first meeting in a month.",
        "The delegations agreed to meet again, officials said."))
    state = step(store, folder, discoveries)
    assert new_day in {r[1] for r in state["rounds"]} - rounds_before

    plain = [r for r in state["rounds"] if not r[7]["ordinals"]]  # an ordinal that renumbers every later round
    middle = plain[len(plain) // 2]
    write(folder, "zz_ordinal.txt", article(
        middle[1] + dt.timedelta(days=2),
        f"Round 40 of the talks took place in Muscat on {on(middle[1])}, officials said.",
        "The delegations met for the fortieth time, a spokesperson said."))
    numbers_before = [r[0] for r in state["rounds"]]
    state = step(store, folder, discoveries)
    assert [r[0] for r in state["rounds"]] != numbers_before
    assert any(r[0] == 40 and r[1] == middle[1] for r in state["rounds"])

    days = sorted(r[1] for r in state["rounds"])  # out of date order: a new round between two others
    # room for a round between two others: its middle more than a week (an article's reach) from both
    gaps = [(a, b) for a, b in zip(days, days[1:], strict=False) if (b - a).days > 20]
    assert len(gaps) >= 2
    between = gaps[0][0] + (gaps[0][1] - gaps[0][0]) // 2
    lone = gaps[-1][0] + (gaps[-1][1] - gaps[-1][0]) // 2
    write(folder, "aa_out_of_order.txt", article(
        between + dt.timedelta(days=1),
        f"Negotiators held talks in Ankara on {on(between)} after a long pause.",
        "Talks have begun again on the dam, the delegations said."))
    write(folder, "aa_lead_only.txt", article(  # joins the strong day before it
        between + dt.timedelta(days=4),
        "Talks have resumed in Ankara between the two delegations.",
        "No agreement was reached, officials said."))
    write(folder, "aa_lead_alone.txt", article(  # a weak day: no sentence dates the event
        lone, "Talks have begun in Valletta between the two delegations.", "Both sides said little."))
    state = step(store, folder, discoveries)
    assert {between, lone} <= {r[1] for r in state["rounds"]}
    lead = next(aid for aid, day in state["event_dates"].items() if day == lone)

    write(folder, "aa_before_the_lead.txt", article(  # a strong day the day before the lead: it joins it,
        lone + dt.timedelta(days=1),                 # and the weak day is no round any more
        f"The delegations held talks in Valletta on {on(lone - dt.timedelta(days=1))}, officials said."))
    state = step(store, folder, discoveries)
    assert state["event_dates"][lead] == lone - dt.timedelta(days=1)
    assert lone not in {r[1] for r in state["rounds"]}

    named = gaps[0][0] + (gaps[0][1] - gaps[0][0]) // 4  # an opening that names its day and its round's
    write(folder, "aa_opening_names_its_day.txt", article(  # number, published two days later
        named + dt.timedelta(days=2),
        f"Negotiators ended a nine-hour session in Valletta on {on(named)} with one result.",
        "It was the 41st round of talks since the dispute began, and a 42nd round is set for the autumn."))
    state = step(store, folder, discoveries)
    assert named in {r[1] for r in state["rounds"]}

    deleted.write_bytes(kept)  # the deleted file comes back: its article returns to answers
    (folder / pool[30].name).write_bytes(b"\x00\x01 not an article")  # and one becomes unreadable
    step(store, folder, discoveries)

    (folder / "zz_ordinal.txt").unlink()  # the renumbering goes away again
    for p in pool[90:]:
        shutil.copy(p, folder / p.name)
    final = step(store, folder, discoveries)

    clean = make_store(database_url=f"sqlite:///{tmp_path / 'clean.sqlite'}")  # one go, from scratch
    clean.ingest(folder)
    with clean.sessions() as s:
        assert [(r[0], r[1]) for r in final["rounds"]] == [tuple(r) for r in s.execute(
            select(Round.number, Round.date).order_by(Round.number))]


def test_one_new_file_does_not_read_the_corpus(store: Store, pool: list[Path], tmp_path: Path,
                                                 discoveries: list[Discovery]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in pool[:80]:
        shutil.copy(p, folder / p.name)
    store.ingest(folder)
    shutil.copy(pool[80], folder / pool[80].name)

    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        store.ingest(folder)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    assert discoveries[-1] == Discovery(incremental=True)
    corpus_scans = [s for s in statements if s.startswith("SELECT") and (
        "facts.strong" in s and "facts.article_id IN" not in s  # every strong fact
        or "FROM articles WHERE articles.withdrawn_at IS NULL" in s and "event_date" in s and "BETWEEN" not in s
        and "IN (" not in s  # every article's event day
        or "facts.ordinal IS NOT NULL" in s and "IN (" not in s)]  # every ordinal-placed fact
    assert not corpus_scans, corpus_scans
    assert_as_full(store)


def test_full_discovery_when_the_incremental_one_cannot_be_sure(store: Store, pool: list[Path],
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in pool[:30]:
        shutil.copy(p, folder / p.name)
    store.ingest(folder)
    with store.sessions() as s:
        assert discover_rounds(s, store.story, set()) == Discovery(incremental=True)
        other = dataclasses.replace(store.story, max_gap_days=store.story.max_gap_days + 1)
        assert discover_rounds(s, other, set()).reason == "the story's vocabulary changed"
        s.rollback()
        s.execute(insert(Article).values(content_hash="x" * 64, raw_text="", published=dt.date(2030, 1, 1)))
        result = discover_rounds(s, store.story, set())
        assert not result.incremental and "not told about" in result.reason
        s.rollback()


def test_a_round_without_a_city_takes_the_one_its_headline_names(store: Store, tmp_path: Path,
                                                                 discoveries: list[Discovery]) -> None:
    """Round 2's copy names only its venue; its headline names round 1's city. Round 3's headline
    names only the two parties, which are no round's city: it stays without one."""
    folder = tmp_path / "arts"
    write(folder, "a.md", '---\ntitle: "Water talks open in Lisbon"\ndate: 2024-04-10\n---\n\n'
          "LISBON, April 10 — Arventa and Belostia held their first round of talks on the Varna dam on "
          "Tuesday in Lisbon.\n\nThe delegations agreed to share river data every week during the dry season.\n")
    store.ingest(folder)
    write(folder, "b.md", '---\ntitle: "Lisbon talks end with a deal on the dam"\ndate: 2024-05-16\n---\n\n'
          "On Wednesday, the second round of talks between Arventa and Belostia ended at the Tagus Conference "
          "Center with a draft deal on the dam.\n\nThe two delegations agreed that engineers would inspect the "
          "dam together in June.\n")
    write(folder, "c.md", '---\ntitle: "Arventa and Belostia close in on a water deal"\ndate: 2024-06-20\n---\n\n'
          "On Wednesday, the third round of talks between Arventa and Belostia ended at the Riverside Hotel with "
          "a signed deal on the dam.\n\nThe delegations agreed to meet again in the autumn to review the deal.\n")
    store.ingest(folder)
    assert discoveries[-1].incremental  # the rounds came from the update, and a full discovery agrees
    rounds = assert_as_full(store)["rounds"]
    assert [(number, venue, city) for number, _, venue, city, *_ in rounds] == [
        (1, None, "Lisbon"), (2, "Tagus Conference Center", "Lisbon"), (3, "Riverside Hotel", None)]


def test_a_round_of_several_days_takes_its_later_days_in_steps(store: Store, tmp_path: Path,
                                                               discoveries: list[Discovery]) -> None:
    """One article says the sitting opened three days of talks on Monday; another dates what it
    signed to the Wednesday. The Wednesday's fact was in no round: it is round 1's, and goes back
    to its own day when the article that said how long the sitting was goes, step by step as in one
    full discovery."""
    monday = dt.date(2024, 3, 4)
    wednesday, friday = monday + dt.timedelta(days=2), monday + dt.timedelta(days=4)
    folder = tmp_path / "sitting"
    write(folder, "a.txt", article(
        monday, f"Arventa and Belostia opened three days of talks in Geneva on {on(monday)}.",
        "The delegations agreed an agenda, officials said."))
    step(store, folder, discoveries, incremental=False)
    signed = f"Belostia freed 40 prisoners on {on(wednesday)}, its envoy told reporters."
    write(folder, "b.txt", article(friday, "Arventa welcomed the release of the prisoners.", signed))

    def day_of(text: str, state: dict[str, Any]) -> dt.date:
        with store.sessions() as s:
            [fid] = s.scalars(select(Fact.id).where(Fact.text == text)).all()
        return state["effective_dates"][fid]

    state = step(store, folder, discoveries)
    assert [r[1] for r in state["rounds"]] == [monday] and state["rounds"][0][7]["through"] == wednesday.isoformat()
    assert day_of(signed, state) == monday, "a later day of the sitting is the round's"
    sitting = (folder / "a.txt").read_bytes()
    (folder / "a.txt").unlink()
    assert day_of(signed, step(store, folder, discoveries)) == wednesday, "no sitting said: its own day again"
    (folder / "a.txt").write_bytes(sitting)
    assert day_of(signed, step(store, folder, discoveries)) == monday
    write(folder, "c.txt", article(wednesday, f"Arventa and Belostia held talks in Lisbon on {on(wednesday)}."))
    state = step(store, folder, discoveries)  # a round on the Wednesday: the sitting ends before it
    assert [r[1] for r in state["rounds"]] == [monday, wednesday]
    assert state["rounds"][0][7]["through"] == (monday + dt.timedelta(days=1)).isoformat()
    assert day_of(signed, state) == wednesday


def test_a_sitting_whose_length_is_told_on_its_first_day(store: Store, tmp_path: Path,
                                                         discoveries: list[Discovery]) -> None:
    """Copy filed on the opening day says "The two-day sitting ..." and names neither end: it is the
    round's first day. Copy filed later says "the two-day sitting" too, and is no first day."""
    monday = dt.date(2024, 3, 4)
    tuesday = monday + dt.timedelta(days=1)
    folder = tmp_path / "sitting"
    write(folder, "a.txt", article(monday, f"Arventa and Belostia opened talks in Geneva on {on(monday)}.",
                                   "The two-day sitting at the Palais Wilson is the first since 2021."))
    closing = f"Both sides agreed on {on(tuesday)} to a joint survey of the river."
    write(folder, "b.txt", article(tuesday + dt.timedelta(days=2), "The two-day sitting ended with a communique.",
                                   closing))
    state = step(store, folder, discoveries, incremental=False)
    with store.sessions() as s:
        [fid] = s.scalars(select(Fact.id).where(Fact.text == closing)).all()
    assert state["effective_dates"][fid] == monday and state["rounds"][0][7]["through"] == tuesday.isoformat()


def test_a_round_carried_over_to_the_next_day_is_one_round_in_steps(store: Store, tmp_path: Path,
                                                                     discoveries: list[Discovery]) -> None:
    """Talks that open on a Monday in one city and move on the Tuesday to another, each day with its own
    copy, are one round of two days, whatever order the copy comes in; the Tuesday's facts are the
    round's. Days whose copy numbers them apart ("the fourth round", "the fifth round") stay two."""
    monday = dt.date(2024, 3, 4)
    tuesday = monday + dt.timedelta(days=1)
    folder = tmp_path / "carried"
    write(folder, "a.txt", article(monday, f"Arventa and Belostia opened the final round of talks in Phoenix on "
                                           f"{on(monday)}.", "The delegations agreed an agenda, officials said."))
    step(store, folder, discoveries, incremental=False)
    signed = f"Arventa and Belostia signed the accord in Cedar Ridge on {on(tuesday)}, ending the talks."
    write(folder, "b.txt", article(tuesday, signed, "Both leaders praised the mediator."))

    def rounds_and_day(state: dict[str, Any]) -> tuple[list[tuple[int, dt.date, str | None]], dt.date]:
        with store.sessions() as s:
            [fid] = s.scalars(select(Fact.id).where(Fact.text == signed)).all()
        return [(r[0], r[1], r[7].get("through")) for r in state["rounds"]], state["effective_dates"][fid]

    assert rounds_and_day(step(store, folder, discoveries)) == ([(1, monday, tuesday.isoformat())], monday)
    opening = (folder / "a.txt").read_bytes()
    (folder / "a.txt").unlink()
    assert rounds_and_day(step(store, folder, discoveries)) == ([(1, tuesday, None)], tuesday)
    (folder / "a.txt").write_bytes(opening)
    assert rounds_and_day(step(store, folder, discoveries)) == ([(1, monday, tuesday.isoformat())], monday)
    write(folder, "a.txt", article(monday, f"Arventa and Belostia opened the fourth round of talks in Phoenix on "
                                           f"{on(monday)}."))
    write(folder, "b.txt", article(tuesday, f"Arventa and Belostia signed the accord in Cedar Ridge on {on(tuesday)}, "
                                            "ending the fifth round of talks."))
    state = step(store, folder, discoveries)
    assert [(r[0], r[1], r[7].get("through")) for r in state["rounds"]] == [(4, monday, None), (5, tuesday, None)]
