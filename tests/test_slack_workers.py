"""``bot.listeners.workers.ProcessJobs``: the work behind the acks, in spawned worker processes,
each with its own Store, posting through real response_urls (tests/fake_slack.py)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.context.respond import Respond

from bot.listeners.workers import ProcessJobs
from store.runtime import Store, open_store
from store.settings import Settings
from tests.fake_slack import FakeSlack
from tests.slack_fixtures import drop_all_tables, sqlite_tables

pytestmark = pytest.mark.timeout(60)


# Jobs are module-level functions: a worker imports them by name.
def report_worker(store: Store, payload: dict[str, Any], respond: Respond) -> None:
    respond(text=f"{payload['n']} {os.getpid()} {store.story.command}")


def die(store: Store, payload: dict[str, Any], respond: Respond) -> None:
    os._exit(3)


def wait_for_record(caplog: pytest.LogCaptureFixture, needle: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(needle in r.getMessage() for r in caplog.records):
            return
        time.sleep(0.02)
    raise AssertionError(f"{needle!r} never logged: {[r.getMessage() for r in caplog.records]}")


def test_jobs_run_in_other_processes_with_their_own_store(slack: FakeSlack, store: Store) -> None:
    jobs = ProcessJobs(store.settings, workers=2)
    try:
        jobs.start()
        for n in range(4):
            jobs.submit(report_worker, {"n": n}, Respond(response_url=slack.response_url(f"r{n}")))
        replies = [slack.wait_for_responses(1, name=f"r{n}", timeout=20)[0]["text"].split() for n in range(4)]
    finally:
        jobs.close()
    assert [int(r[0]) for r in replies] == [0, 1, 2, 3]
    assert all(int(r[1]) != os.getpid() for r in replies)
    assert {r[2] for r in replies} == {store.story.command}


def test_a_dead_worker_loses_its_job_and_the_next_job_gets_a_new_pool(slack: FakeSlack, store: Store,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="bot.listeners.workers")
    jobs = ProcessJobs(store.settings, workers=1)
    try:
        jobs.start()
        jobs.submit(die, {}, Respond(response_url=slack.response_url("lost")))
        wait_for_record(caplog, "starting a new pool")
        jobs.submit(report_worker, {"n": 7}, Respond(response_url=slack.response_url("after")))
        [msg] = slack.wait_for_responses(1, name="after", timeout=20)
    finally:
        jobs.close()
    assert msg["text"].startswith("7 ")
    assert slack.responses("lost") == []
    assert any("a job was lost" in r.getMessage() for r in caplog.records)


def test_a_worker_started_after_the_tables_were_dropped_does_not_recreate_them(tmp_path: Path) -> None:
    """Migrating is the serving process's job, done once at start: a worker spawned later (the
    first folder scan, a pool replaced after a crash) found a damaged database and quietly
    recreated an empty schema, so ``/healthz`` said ok over a store that had lost everything."""
    path = tmp_path / "factdesk.sqlite"
    open_store(Settings(database_url=f"sqlite:///{path}")).close()
    drop_all_tables(path)
    assert sqlite_tables(path) == set()
    jobs = ProcessJobs(Settings(database_url=f"sqlite:///{path}"), workers=1)
    try:
        jobs.start()  # returns once the worker's initializer has opened its Store
    finally:
        jobs.close()
    assert sqlite_tables(path) == set()
