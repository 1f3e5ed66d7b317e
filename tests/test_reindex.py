"""Reindex (store/reindex.py): one transaction, complete answers meanwhile, digests kept, failures reported."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

import store.reindex as reindex_module
from store import leases
from store.answers import Answer
from store.digests import build_digest, claim_slot, mark_posted, reserve
from store.extract.pipeline import EXTRACTOR_VERSION
from store.models import Article, DigestItem, Fact, IngestRun
from store.reindex import ReindexRunning, reindex
from store.runtime import Store, open_store
from store.settings import Settings
from store.status import collect_status

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[1]

ROUND1 = "\n".join([
    " date 2024-04-09 GENEVA",
    "Arventa and Belostia held their first round of talks on the Varna dam on Tuesday at Rosenholm Castle in Geneva.",
    "The delegations agreed to release 1,200 cubic metres of water per second from the dam during the dry season.",
    "Belostia rejected a proposal to hand control of the dam to an international operator, Reuters reported.",
]) + "\n"
ROUND2 = "\n".join([
    " date 2024-05-16 ANKARA",
    "Arventa and Belostia held a second round of talks on the Varna dam on Thursday at Cankaya Palace in Ankara.",
    "The two delegations agreed that engineers from both countries would inspect the dam together in June.",
]) + "\n"


def open_at(database_url: str, folder: Path, **kw: Any) -> Store:
    return open_store(Settings(database_url=database_url, seeds_dir=folder, **kw))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "000_round1.txt").write_text(ROUND1, encoding="utf-8")
    (d / "001_round2.txt").write_text(ROUND2, encoding="utf-8")
    return d


@pytest.fixture
def store(database_url: str, folder: Path) -> Iterator[Store]:
    st = open_at(database_url, folder)
    st.ingest()
    yield st
    st.close()


def every_fact(store: Store, question: str) -> tuple[str, int, list[str]]:
    """An answer in full: kind, the round's fact count, every fact text over every page (sorted).

    Sorted, because completeness is the point here: facts of equal score may come in
    another order once their rows were rewritten (PostgreSQL returns ties in physical order).
    """
    texts: list[str] = []
    page = 1
    while True:
        answer: Answer = store.query.ask(question, page=page)
        texts += [f.text for f in answer.facts]
        if not answer.has_more:
            return answer.kind, answer.round.n_facts if answer.round else 0, sorted(texts)
        page += 1


def test_questions_during_a_reindex_always_get_the_full_answer(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    admin = open_at(database_url, folder)
    reader = open_at(database_url, folder)  # another engine on the same database, as the Slack process
    try:
        admin.ingest()
        expected = {q: every_fact(reader, q) for q in ("round 1", "round 2")}
        assert all(kind == "round" and texts for kind, _, texts in expected.values())
        done = threading.Event()
        errors: list[BaseException] = []
        answers: list[tuple[str, tuple[str, int, list[str]]]] = []

        def reindex_a_few_times() -> None:
            try:
                for _ in range(4):
                    reindex(admin)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                done.set()

        worker = threading.Thread(target=reindex_a_few_times)
        worker.start()
        while not done.is_set():
            for q in expected:
                answers.append((q, every_fact(reader, q)))
        worker.join()
        assert not errors
        assert len(answers) >= 4
        wrong = [(q, got) for q, got in answers if got != expected[q]]
        assert wrong == []
        with admin.sessions() as s:
            assert s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.kind == "reindex",
                                                                               IngestRun.finished_at.is_not(None))) == 4
    finally:
        admin.close()
        reader.close()


def test_reindex_report_and_run(store: Store) -> None:
    before = every_fact(store, "round 1")
    report = reindex(store)
    assert report.articles == 2 and report.failed == 0
    assert report.facts_before == report.facts_after > 0
    assert (report.facts_added, report.facts_removed) == (0, 0)
    assert (report.rounds_before, report.rounds_after, report.rounds_changed) == (2, 2, [])
    assert report.rescan is not None and report.rescan.unchanged == 2
    assert report.failures == []
    assert every_fact(store, "round 1") == before
    with store.sessions() as s:
        run = s.scalar(select(IngestRun).where(IngestRun.kind == "reindex"))
        assert run is not None and run.finished_at is not None and run.stats["articles"] == 2
    assert leases.current(store.engine, leases.REINDEX) is None  # released
    assert leases.current(store.engine, leases.INGEST) is None


def test_reindex_applies_a_new_extractor(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An 'upgraded' extractor that no longer keeps one sentence and cannot read round 2 at all."""
    real = reindex_module.extract

    def upgraded(raw: str, story, year_hint=None, numbered=None):  # type: ignore[no-untyped-def]
        if "second round" in raw:
            raise RuntimeError("cannot parse this one")
        extracted = real(raw, story, year_hint, numbered)
        extracted.facts = [f for f in extracted.facts if "Belostia rejected" not in f.text]
        return extracted

    monkeypatch.setattr(reindex_module, "extract", upgraded)
    round2 = every_fact(store, "round 2")
    report = reindex(store)
    assert report.articles == 1 and report.failed == 1
    assert report.facts_removed == 1 and report.facts_added == 0
    assert [f.reason for f in report.failures] == ["extraction failed: cannot parse this one"]
    assert not any("Belostia rejected" in t for t in every_fact(store, "round 1")[2])
    assert every_fact(store, "round 2") == round2  # the article that failed keeps its facts


def test_articles_of_an_older_extractor_are_counted_until_a_reindex(store: Store) -> None:
    def outdated() -> int:
        return collect_status(store.sessions, store.engine, store.settings.database_url).outdated

    assert outdated() == 0
    with store.sessions.begin() as s:  # as left by the previous extractor version
        s.execute(update(Article).values(extractor_version=EXTRACTOR_VERSION - 1))
    assert outdated() == 2
    reindex(store)
    assert outdated() == 0


def test_rounds_changed_are_reported(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    real = reindex_module.extract

    def forgets_round2(raw: str, story, year_hint=None, numbered=None):  # type: ignore[no-untyped-def]
        extracted = real(raw, story, year_hint, numbered)
        if "second round" in raw:
            extracted.facts, extracted.lead_event = [], False
        return extracted

    monkeypatch.setattr(reindex_module, "extract", forgets_round2)
    report = reindex(store)
    assert report.rounds_before == 2 and report.rounds_after == 1
    assert report.rounds_changed == ["round 2 (16 May 2024) gone"]


def test_posted_facts_stay_posted_after_a_reindex(store: Store, folder: Path) -> None:
    post_id = claim_slot(store.sessions, "C1", "slot-1")
    assert post_id is not None
    digest = reserve(store.sessions, store.story, "C1", post_id, store.engine)
    mark_posted(store.sessions, post_id, "1.000")
    assert digest.n_facts > 0
    reindex(store)
    with store.sessions() as s:
        again = build_digest(s, store.story, "C1")
        assert again.is_empty, "a reindex must not make old facts look new"
        # every item points at a live fact with the text that was posted
        for item in s.scalars(select(DigestItem)):
            fact = s.get(Fact, item.fact_id)
            assert fact is not None and fact.text == item.text and fact.group_id == item.group_id
    # and news after the reindex is still news
    (folder / "002_more.txt").write_text(
        " date 2024-05-20 ANKARA\nBelostia said on Monday that it would send a team of hydrologists to the Varna "
        "dam in July to measure the flow of the river.\n", encoding="utf-8")
    store.ingest()
    with store.sessions() as s:
        assert any("hydrologists" in f.text for sec in build_digest(s, store.story, "C1").sections
                   for f in sec.facts)


def test_reindex_reads_failed_files_again(database_url: str, folder: Path) -> None:
    small = open_at(database_url, folder, max_file_bytes=100)
    try:
        report = small.ingest()
        assert report.failed == 2 and "too large" in report.failures[0].reason
    finally:
        small.close()
    roomy = open_at(database_url, folder)  # the limit was raised
    try:
        assert roomy.ingest().failed == 2  # an ordinary scan does not re-read unchanged files
        report = reindex(roomy)
        assert report.rescan is not None and report.rescan.failed == 0 and report.failures == []
        with roomy.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Article)) == 2
    finally:
        roomy.close()


def test_reindex_reads_a_file_whose_size_and_time_did_not_change(store: Store, folder: Path) -> None:
    """A copy made with ``cp -p`` or ``rsync -t`` can bring new text of the same size and with the
    same modification time. The scan's quick check cannot see it; a reindex reads every file."""
    path = folder / "001_round2.txt"
    stat = path.stat()
    edited = ROUND2.replace("in June", "in July")
    assert len(edited.encode()) == stat.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert store.ingest().unchanged == 2  # the quick check: size and time only
    assert any("in June" in t for t in every_fact(store, "round 2")[2])
    report = reindex(store)
    assert report.rescan is not None and report.rescan.changed == 1 and report.rescan.unchanged == 1
    texts = every_fact(store, "round 2")[2]
    assert any("in July" in t for t in texts) and not any("in June" in t for t in texts)


def test_one_reindex_at_a_time(store: Store) -> None:
    assert leases.acquire(store.engine, leases.REINDEX, "other-host:1:abc", ttl=600)
    with pytest.raises(ReindexRunning) as running:
        reindex(store)
    assert running.value.current is not None and running.value.current.holder == "other-host:1:abc"
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.kind == "reindex")) == 0
    leases.release(store.engine, leases.REINDEX, "other-host:1:abc")
    reindex(store)


def test_reindex_waits_for_a_folder_scan_then_gives_up(store: Store) -> None:
    assert leases.acquire(store.engine, leases.INGEST, "watcher-elsewhere", ttl=600)
    with pytest.raises(ReindexRunning, match="folder scan"):
        reindex(store, ingest_wait=0.3)
    assert leases.current(store.engine, leases.REINDEX) is None  # not left behind
    leases.release(store.engine, leases.INGEST, "watcher-elsewhere")
