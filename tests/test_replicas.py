"""`factdesk serve` as it runs in production: the watch job inside the server, and replicas.

Real processes, real HTTP, the fake Slack from tests/fake_slack.py. The replica test needs
PostgreSQL (FACTDESK_TEST_POSTGRES_URL) and is skipped with a message without it.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.db import make_engine, session_factory
from store.models import Article, ArticleFile, DigestPost, Fact, Lease
from tests.bench.corpus import generate
from tests.fake_slack import FakeSlack, slash_command_body
from tests.slack_fixtures import ServeProcess, copy_seeds, factdesk_env, free_port, post_signed, texts

pytestmark = pytest.mark.timeout(240)


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status waits to be collected


def ask(slack: FakeSlack, server: ServeProcess, question: str) -> str:
    """A signed /talks command; returns every text of the answer that arrives at the response_url."""
    name = uuid.uuid4().hex
    body = slash_command_body(text=question, response_url=slack.response_url(name), trigger_id=name)
    assert post_signed(server.base + "/slack/events", body) == (200, "")
    [message] = slack.wait_for_responses(1, name=name, timeout=20)
    return "\n".join(texts(message))


def wait_until(predicate, timeout: float, what: str, step: float = 0.25):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


NEW_ARTICLE = (" date 2025-07-24 Delegations meeting in Istanbul on July 23 agreed to study a joint commission "
               "on the Zaporizhzhia nuclear plant, officials told reporters after the talks.\n")


def test_a_file_dropped_while_serving_is_answered(tmp_path: Path, slack: FakeSlack) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    env = factdesk_env(tmp_path, seeds, slack.api_url, FACTDESK_PORT=str(free_port()),
                       FACTDESK_WATCH_INTERVAL="1")
    server = ServeProcess(env, tmp_path, tmp_path / "serve.log")
    try:
        server.wait_until_up()
        wait_until(lambda: "Round 2" in ask(slack, server, "round 2"), 30, "the seeds to be ingested")
        assert "No fact mentions 'Zaporizhzhia'." in ask(slack, server, "Zaporizhzhia")
        # written under a temporary name, then renamed: the watcher never sees half a file
        partial = seeds / "005_new.txt.part"
        partial.write_text(NEW_ARTICLE[:60], encoding="utf-8")
        time.sleep(1.5)
        partial.write_text(NEW_ARTICLE, encoding="utf-8")
        partial.rename(seeds / "005_new.txt")
        answer = wait_until(lambda: (a := ask(slack, server, "Zaporizhzhia round 3")) and "joint commission" in a
                            and a, 30, "the dropped article in the answers")
        assert "005_new.txt" in answer
        log = server.log()
        assert "watch: " in log, "the scan that found the file says so"
        assert "executed successfully" not in log, "APScheduler's two lines per scan drown the log"
    finally:
        server.stop()


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    from tests.conftest import new_database

    with new_database("postgres", tmp_path, request) as url:
        yield url


def test_two_replicas_share_one_postgres(tmp_path: Path, slack: FakeSlack, postgres_url: str) -> None:
    """Each file ingested once, each digest slot posted once, a command Slack re-sends to the
    other replica answered once, and the ingest lease taken over when the replica holding it
    is killed."""
    folder = tmp_path / "articles"
    folder.mkdir()
    servers = []
    for i in range(2):
        env = factdesk_env(tmp_path, folder, slack.api_url, FACTDESK_PORT=str(free_port()),
                           FACTDESK_WATCH_INTERVAL="1", FACTDESK_LEASE_SECONDS="3",
                           FACTDESK_DIGEST_CHANNELS="C0DIGEST", FACTDESK_DIGEST_CRON="* * * * *")
        env["FACTDESK_DATABASE_URL"] = postgres_url
        servers.append(ServeProcess(env, tmp_path, tmp_path / f"serve{i}.log"))
    engine = make_engine(postgres_url)
    sessions = session_factory(engine)

    def scalar(stmt):  # type: ignore[no-untyped-def]
        with sessions() as s:
            return s.scalar(stmt)

    try:
        for server in servers:
            server.wait_until_up()
        # a command Slack re-sends (it saw no ack in time) to the other replica is answered once
        name = uuid.uuid4().hex
        body = slash_command_body(text="timeline", response_url=slack.response_url(name), trigger_id=name)
        assert post_signed(servers[0].base + "/slack/events", body) == (200, "")
        assert post_signed(servers[1].base + "/slack/events", body, extra={
            "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}) == (200, "")
        slack.wait_for_responses(1, name=name, timeout=20)
        # whichever worker claims it first answers (the re-send's may win the race): the other drops it
        wait_until(lambda: any("another replica took it in first" in s.log() for s in servers), 10,
                   "a replica to drop the re-send")
        time.sleep(1)
        assert len(slack.responses(name)) == 1
        # a folder big enough that a scan lasts a few seconds, written elsewhere then moved in at once
        staging = tmp_path / "staging"
        generate(120, staging, seed=7)
        for path in sorted(staging.iterdir()):
            shutil.move(str(path), folder / path.name)
        holder = wait_until(lambda: scalar(select(Lease.holder).where(Lease.name == "ingest")), 30,
                            "a replica to take the ingest lease")
        pids = {s.proc.pid: s for s in servers}
        victim_pid = next(pid for pid in pids if f":{pid}:" in holder)
        workers = children_of(victim_pid)
        assert workers, "serve runs its answers in worker processes"
        os.kill(victim_pid, signal.SIGKILL)
        survivor = next(s for pid, s in pids.items() if pid != victim_pid)
        n_files = len(list(folder.iterdir()))
        wait_until(lambda: scalar(select(func.count()).select_from(ArticleFile).where(
            ArticleFile.status.in_(("active", "failed")))) == n_files, 120, "the survivor to finish the folder")
        assert survivor.proc.poll() is None
        # the killed replica's answer workers left with it (no orphans holding connections)
        wait_until(lambda: not any(alive(pid) for pid in workers), 30, "the killed replica's workers to exit")
        # every file once: one row per file, one article per distinct text, no fact stored twice
        assert scalar(select(func.count(func.distinct(ArticleFile.path)))) == n_files
        with sessions() as s:
            dupes = s.execute(select(Fact.article_id, Fact.position).group_by(Fact.article_id, Fact.position)
                              .having(func.count() > 1)).all()
            assert dupes == []
            assert s.scalar(select(func.count()).select_from(Article)) <= n_files
        # the surviving replica answers, and a digest slot is posted once
        posts = slack.wait_for_calls("chat.postMessage", 1, timeout=90)
        time.sleep(3)
        with sessions() as s:
            slots = s.execute(select(DigestPost.slot, DigestPost.status).where(DigestPost.channel == "C0DIGEST")).all()
        posted_slots = [slot for slot, status in slots if status == "posted"]
        assert len(posted_slots) == len(set(posted_slots)) >= 1
        assert len(slack.calls("chat.postMessage")) == len(posted_slots), posts
    finally:
        for server in servers:
            server.stop()
        engine.dispose()
