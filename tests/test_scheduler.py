"""The scheduler's jobs, run by a real APScheduler BackgroundScheduler with a 1 s watch interval.

Tests follow the live jobs by counting their finished runs (Watcher.wait_for_runs), never
by sleeping a guessed amount; "two more runs" guarantees one full scan started after
the change under test.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import func, select

from bot.scheduler import DIGEST_JOB, WATCH_JOB, DigestJob, Watcher, digest_trigger, slot_for, start_scheduler
from store import leases
from store.models import Article, ArticleFile, DigestPost
from store.runtime import Store, open_store
from store.settings import Settings
from tests.fake_slack import FakeSlack

pytestmark = pytest.mark.timeout(120)

ARTICLE = "\n".join([
    " date 2024-04-09 GENEVA",
    "Arventa and Belostia held their first round of talks on the Varna dam on Tuesday at Rosenholm Castle in Geneva.",
    "The delegations agreed to release 1,200 cubic metres of water per second from the dam during the dry season.",
]) + "\n"
SECOND_HALF = ("Belostia rejected a proposal to hand control of the dam to an international operator, "
               "Reuters reported.\n")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    return d


def open_at(database_url: str, folder: Path, **kw: Any) -> Store:
    return open_store(Settings(database_url=database_url, seeds_dir=folder,
                               watch_interval=1, **kw))


@pytest.fixture
def store(database_url: str, folder: Path) -> Iterator[Store]:
    st = open_at(database_url, folder)
    yield st
    st.close()


class Running:
    """A started scheduler and its watch job."""

    def __init__(self, scheduler: BackgroundScheduler) -> None:
        self.scheduler = scheduler
        job = scheduler.get_job(WATCH_JOB)
        assert job is not None
        self.watcher: Watcher = job.func

    def next_runs(self, n: int = 1) -> None:
        """Wait until ``n`` watch runs that started after this call have finished.

        The job is also asked to run now (as APScheduler would at its next tick); runs
        never overlap, so a request during a run is dropped and the next tick serves.
        """
        target = self.watcher.started + n
        self.scheduler.modify_job(WATCH_JOB, next_run_time=dt.datetime.now(dt.UTC))
        assert self.watcher.wait_for_runs(target, timeout=30), "the watch job did not run"


def run_scheduler(store: Store, **kw: Any) -> Iterator[Running]:
    scheduler = start_scheduler(store, kw.pop("client", None), **kw)
    try:
        running = Running(scheduler)
        assert running.watcher.wait_for_runs(1, timeout=30)  # the first run happens at start
        yield running
    finally:
        scheduler.shutdown(wait=True)


@pytest.fixture
def running(store: Store) -> Iterator[Running]:
    yield from run_scheduler(store)


def write(path: Path, text: str, age: float = 60.0) -> None:
    """Write ``text`` and date it ``age`` seconds back (a file nobody is writing any more)."""
    path.write_text(text, encoding="utf-8")
    past = time.time() - age
    os.utime(path, (past, past))


def facts_of(store: Store, question: str = "round 1") -> list[str]:
    answer = store.query.ask(question)
    return [f.text for f in answer.facts]


# -- watching the folder -------------------------------------------------------------------------
def test_watch_job_ingests_a_dropped_file(store: Store, running: Running, folder: Path) -> None:
    assert store.query.ask("round 1").kind == "empty"
    write(folder / "000_geneva.txt", ARTICLE)
    running.next_runs()
    facts = facts_of(store)
    assert any("1,200 cubic metres" in f for f in facts)


def test_half_written_file_is_not_ingested_half(store: Store, folder: Path) -> None:
    """Written in two steps with a pause: the first half (fresh mtime) is left alone."""
    gen = run_scheduler(store, settle_seconds=30)
    running = next(gen)
    try:
        path = folder / "000_geneva.txt"
        path.write_text(ARTICLE, encoding="utf-8")  # first step, just written
        running.next_runs()
        assert running.watcher.last_report is not None and running.watcher.last_report.skipped == 1
        with store.sessions() as s:
            assert s.scalar(select(func.count()).select_from(ArticleFile)) == 0
            assert s.scalar(select(func.count()).select_from(Article)) == 0
        assert store.query.ask("round 1").kind == "empty"
        with path.open("a", encoding="utf-8") as f:  # second step, then the writer is done
            f.write(SECOND_HALF)
        past = time.time() - 60
        os.utime(path, (past, past))
        running.next_runs()
        with store.sessions() as s:
            [article] = s.scalars(select(Article)).all()  # one article: the whole file, never a half
            assert article.raw_text.endswith(SECOND_HALF)
        assert any("Belostia rejected" in f for f in facts_of(store))
    finally:
        gen.close()


def test_temporary_names_are_never_read(store: Store, running: Running, folder: Path) -> None:
    write(folder / "000_geneva.txt.part", ARTICLE)
    write(folder / ".000_geneva.txt.swp", ARTICLE)
    running.next_runs()
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ArticleFile)) == 0
    (folder / "000_geneva.txt.part").rename(folder / "000_geneva.txt")  # the download finished
    running.next_runs()
    assert any("1,200 cubic metres" in f for f in facts_of(store))


def test_removed_file_leaves_the_answers_but_stays_in_the_database(store: Store, running: Running,
                                                                   folder: Path) -> None:
    write(folder / "000_geneva.txt", ARTICLE)
    write(folder / "001_other.txt", ARTICLE.replace("2024-04-09", "2024-04-10").replace(
        "1,200 cubic metres of water", "water").replace("first round of talks", "first round of negotiations"))
    running.next_runs()
    assert any("1,200 cubic metres" in f for f in facts_of(store))
    (folder / "000_geneva.txt").unlink()
    running.next_runs()
    assert not any("1,200 cubic metres" in f for f in facts_of(store))
    with store.sessions() as s:
        article = s.scalar(select(Article).where(Article.raw_text.contains("1,200 cubic metres")))
        assert article is not None and article.withdrawn_at is not None


def test_changed_file_replaces_its_facts(store: Store, running: Running, folder: Path) -> None:
    path = folder / "000_geneva.txt"
    write(path, ARTICLE)
    running.next_runs()
    assert any("1,200 cubic metres" in f for f in facts_of(store))
    write(path, ARTICLE.replace("1,200", "1,500"), age=30)
    running.next_runs()
    facts = facts_of(store)
    assert any("1,500 cubic metres" in f for f in facts)
    assert not any("1,200 cubic metres" in f for f in facts)
    with store.sessions() as s:
        old = s.scalar(select(Article).where(Article.raw_text.contains("1,200")))
        assert old is not None and old.withdrawn_at is not None and old.superseded_by_id is not None


def test_watch_skips_while_another_process_ingests(store: Store, running: Running, folder: Path) -> None:
    assert leases.acquire(store.engine, leases.INGEST, "other-host:1:x", ttl=600)
    try:
        write(folder / "000_geneva.txt", ARTICLE)
        running.next_runs()
        with store.sessions() as s:
            assert s.scalar(select(func.count()).select_from(ArticleFile)) == 0
    finally:
        leases.release(store.engine, leases.INGEST, "other-host:1:x")
    running.next_runs()
    assert any("1,200 cubic metres" in f for f in facts_of(store))


def test_job_errors_are_logged_and_the_schedule_goes_on(database_url: str, folder: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    store = open_at(database_url, folder / "missing")
    try:
        with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
            gen = run_scheduler(store)
            running = next(gen)
            try:
                running.next_runs()
                assert "watched folder not found" in (running.watcher.last_error or "")
            finally:
                gen.close()
        assert any("watch job failed" in r.getMessage() for r in caplog.records)
    finally:
        store.close()


# -- the digest job ------------------------------------------------------------------------------
def test_digest_job_only_with_channels_and_a_client(database_url: str, folder: Path) -> None:
    store = open_at(database_url, folder)
    try:
        scheduler = start_scheduler(store, None)
        try:
            assert scheduler.get_job(DIGEST_JOB) is None
            assert scheduler.get_job(WATCH_JOB).max_instances == 1  # type: ignore[union-attr]
            assert scheduler.get_job(WATCH_JOB).coalesce is True  # type: ignore[union-attr]
        finally:
            scheduler.shutdown()
    finally:
        store.close()


def test_scheduled_digest_posts_once_per_slot(database_url: str, folder: Path) -> None:
    with FakeSlack() as slack:
        store = open_at(database_url, folder, digest_channels=("C1",), digest_cron="0 8 * * *",
                           timezone="Europe/Paris", slack_api_url=slack.api_url, slack_bot_token="xoxb-test")
        try:
            write(folder / "000_geneva.txt", ARTICLE)
            bolt_like = WebClient(token="xoxb-test", base_url=slack.api_url)  # as App.client, no 429 handler
            gen = run_scheduler(store, client=bolt_like)
            running = next(gen)
            try:
                job = running.scheduler.get_job(DIGEST_JOB)
                assert job is not None and job.max_instances == 1 and job.coalesce is True
                assert any(isinstance(h, RateLimitErrorRetryHandler) for h in bolt_like.retry_handlers)
                assert str(job.trigger.timezone) == "Europe/Paris"
                digest: DigestJob = job.func
                running.next_runs(1)  # the article is in
                for n in (1, 2):  # fire the cron job now, twice: the same slot
                    running.scheduler.modify_job(DIGEST_JOB, next_run_time=dt.datetime.now(dt.UTC))
                    assert digest.wait_for_runs(n, timeout=30)
                assert [o.status for o in digest.last_outcomes] == ["taken"]
            finally:
                gen.close()
            assert len(slack.calls("chat.postMessage")) == 1
            with store.sessions() as s:
                [post] = s.scalars(select(DigestPost)).all()
            assert post.status == "posted"
            assert post.slot == slot_for(digest_trigger("0 8 * * *", "Europe/Paris"), post.created_at.replace(
                tzinfo=dt.UTC))
            assert post.slot.endswith(("T06:00+00:00", "T07:00+00:00"))  # 08:00 Paris, in UTC
        finally:
            store.close()


def test_bad_cron_is_a_clear_error(database_url: str, folder: Path) -> None:
    store = open_at(database_url, folder, digest_channels=("C1",), digest_cron="every morning")
    try:
        with pytest.raises(ValueError, match="FACTDESK_DIGEST_CRON"):
            start_scheduler(store, None)
    finally:
        store.close()
    with pytest.raises(ValueError, match="FACTDESK_TIMEZONE"):  # answers need the zone too: refused at once
        open_at(database_url, folder, timezone="Mars/Olympus_Mons")


def test_slot_is_the_latest_fire_time() -> None:
    weekdays = digest_trigger("0 8 * * 1-5", "UTC")
    at = dt.datetime(2025, 6, 3, 8, 0, 0, 300000, tzinfo=dt.UTC)  # Tuesday, just after 08:00
    assert slot_for(weekdays, at) == "2025-06-03T08:00+00:00"
    assert slot_for(weekdays, at + dt.timedelta(hours=5)) == "2025-06-03T08:00+00:00"  # a late run
    assert slot_for(weekdays, at - dt.timedelta(seconds=1)) == "2025-06-03T08:00+00:00"  # clock a bit behind
    assert slot_for(weekdays, at - dt.timedelta(hours=1)) == "2025-06-02T08:00+00:00"
    sunday = dt.datetime(2025, 6, 8, 12, 0, tzinfo=dt.UTC)
    assert slot_for(weekdays, sunday) == "2025-06-06T08:00+00:00"  # Friday's
    paris = digest_trigger("0 8 * * *", "Europe/Paris")
    assert slot_for(paris, dt.datetime(2025, 6, 3, 6, 30, tzinfo=dt.UTC)) == "2025-06-03T06:00+00:00"
    assert slot_for(paris, dt.datetime(2025, 1, 3, 7, 30, tzinfo=dt.UTC)) == "2025-01-03T07:00+00:00"
    every_minute = digest_trigger("* * * * *", "UTC")
    assert slot_for(every_minute, dt.datetime(2025, 6, 3, 8, 0, 30, tzinfo=dt.UTC)) == "2025-06-03T08:00+00:00"
    assert slot_for(every_minute, dt.datetime(2025, 6, 3, 8, 0, 59, tzinfo=dt.UTC)) == "2025-06-03T08:01+00:00"  # grace


def test_crontab_weekdays_mean_what_crontab_says() -> None:
    """APScheduler 3 counts weekdays from Monday = 0; crontab from Sunday = 0."""
    from bot.scheduler import crontab_weekdays

    assert crontab_weekdays("1-5") == "mon,tue,wed,thu,fri"
    assert crontab_weekdays("0") == crontab_weekdays("7") == "sun"
    assert crontab_weekdays("*") == "*"
    assert crontab_weekdays("*/2") == "sun,tue,thu,sat"
    assert crontab_weekdays("5-7") == "fri,sat,sun"
    assert crontab_weekdays("mon-fri") == "mon-fri"
    trigger = digest_trigger("0 8 * * 1-5", "UTC")
    fires, at = [], dt.datetime(2025, 6, 1, tzinfo=dt.UTC)  # a Sunday
    for _ in range(6):
        at = trigger.get_next_fire_time(None, at + dt.timedelta(seconds=1))
        fires.append(at.strftime("%a"))
    assert fires == ["Mon", "Tue", "Wed", "Thu", "Fri", "Mon"]
    with pytest.raises(ValueError, match="FACTDESK_DIGEST_CRON"):
        digest_trigger("0 8 * * 9", "UTC")
    with pytest.raises(ValueError, match="FACTDESK_TIMEZONE"):
        digest_trigger("0 8 * * *", "Mars/Olympus_Mons")


# -- scans in a process of their own (what serve does) ------------------------------------------

def test_scans_run_in_a_process_of_their_own_and_survive_its_death(store: Store, folder: Path) -> None:
    import signal

    from bot.listeners.workers import IngestProcess

    ingests = IngestProcess(store.settings)
    try:
        gen = run_scheduler(store, ingest=ingests.ingest)
        running = next(gen)
        child = ingests.pid
        assert child is not None and child != os.getpid()
        write(folder / "000_geneva.txt", ARTICLE)
        running.next_runs()
        assert any("1,200 cubic metres" in f for f in facts_of(store))  # stored by the child, read here
        assert running.watcher.last_report is not None and running.watcher.last_report.new == 1

        os.kill(child, signal.SIGKILL)  # out of memory, say: the next scan gets a new process
        running.next_runs()  # this one finds the pool broken
        write(folder / "001_more.txt", ARTICLE.replace("Geneva", "Ankara").replace("first", "second"))
        running.next_runs()
        assert ingests.pid not in (None, child)
        assert running.watcher.last_error is None and running.watcher.last_report.new == 1
        with store.sessions() as s:
            assert s.scalar(select(func.count()).select_from(ArticleFile)) == 2
        gen.close()
    finally:
        ingests.close()


def test_stopping_serve_lets_a_scan_close_its_run(store: Store, folder: Path) -> None:
    """serve's stop asks the scan process to stop: the files not reached are left for the next
    run, the run itself ends properly (no interrupted run for the next start to redo)."""
    import threading

    from bot.listeners.workers import IngestProcess
    from store.models import IngestRun
    from tests.bench.corpus import generate

    generate(300, folder)  # seconds of work for the child
    ingests = IngestProcess(store.settings)
    reports: list[Any] = []
    scan = threading.Thread(target=lambda: reports.append(ingests.ingest(folder)))
    scan.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until the child has committed some articles
            with store.sessions() as s:
                if s.scalar(select(func.count()).select_from(ArticleFile)):
                    break
            time.sleep(0.05)
    finally:
        ingests.close()
    scan.join(60)
    assert reports and reports[0] is not None
    report = reports[0]
    assert report.left > 0 and report.new + report.left == 300
    with store.sessions() as s:
        assert all(run.finished_at is not None for run in s.scalars(select(IngestRun)))
    rest = store.ingest(folder)
    assert rest.new == report.left
    with store.sessions() as s:
        assert not any((run.stats or {}).get("interrupted") for run in s.scalars(select(IngestRun)))
