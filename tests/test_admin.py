"""Admin commands (bot/admin.py): who may run them, what they say, and the CLI twins."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import store.reindex as reindex_module
from bot.admin import handle_admin, reindex_cli, status_cli
from bot.cli import main
from store import leases
from store.digests import claim_slot, mark_failed, mark_posted, reserve
from store.models import IngestRun
from store.runtime import Store, open_store
from store.settings import Settings
from store.status import collect_status

pytestmark = pytest.mark.timeout(120)

ADMIN = "UADMIN1"
ROUND1 = "\n".join([
    " date 2024-04-09 GENEVA",
    "Arventa and Belostia held their first round of talks on the Varna dam on Tuesday at Rosenholm Castle in Geneva.",
    "The delegations agreed to release 1,200 cubic metres of water per second from the dam during the dry season.",
]) + "\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "000_round1.txt").write_text(ROUND1, encoding="utf-8")
    (d / "photo <1>.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return d


def open_at(database_url: str, folder: Path, **kw: Any) -> Store:
    return open_store(Settings(database_url=database_url, seeds_dir=folder, admin_user_ids=(ADMIN, "UADMIN2"),
                               digest_channels=("C1", "C3"), **kw))


@pytest.fixture
def store(database_url: str, folder: Path) -> Iterator[Store]:
    st = open_at(database_url, folder)
    st.ingest()
    yield st
    st.close()


def reindex_runs(store: Store) -> int:
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.kind == "reindex")) or 0


@pytest.mark.parametrize("kind", ["reindex", "status"])
def test_refused_for_others_and_logged(store: Store, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.admin"):
        text = handle_admin(store, "UINTRUDER", kind)
    assert text.startswith("Sorry") and f"/talks {kind}" in text and "admins" in text
    assert "Articles" not in text
    [record] = [r for r in caplog.records if r.name == "bot.admin"]
    assert record.levelno == logging.WARNING
    assert "UINTRUDER" in record.getMessage() and kind in record.getMessage()
    assert reindex_runs(store) == 0


def test_nobody_is_admin_when_none_configured(database_url: str, folder: Path) -> None:
    st = open_store(Settings(database_url=database_url, seeds_dir=folder))
    try:
        assert handle_admin(st, "", "status").startswith("Sorry")
        assert handle_admin(st, "UADMIN1", "status").startswith("Sorry")
    finally:
        st.close()


def test_status_for_an_admin(store: Store) -> None:
    post_id = claim_slot(store.sessions, "C1", "2024-04-10T08:00+00:00")
    assert post_id is not None
    reserve(store.sessions, store.story, "C1", post_id)
    mark_posted(store.sessions, post_id, "1.0001")
    failed_id = claim_slot(store.sessions, "C2", "2024-04-10T08:00+00:00")
    assert failed_id is not None
    reserve(store.sessions, store.story, "C2", failed_id)
    mark_failed(store.sessions, failed_id, "channel_not_found")
    text = handle_admin(store, ADMIN, "status")
    assert text.startswith("*Factdesk status*")
    assert "*Articles:* 1 active (0 withdrawn), 1 files; *facts:* 2" in text
    assert "• Round 1: Tue 9 Apr 2024, Rosenholm Castle, Geneva" in text
    assert "*Last ingest:* " in text and "seen 2 / new 1" in text
    assert "*Last reindex:* never" in text
    assert "*Digests:* C1, C3 at `0 8 * * 1-5 (UTC)`" in text
    assert "• C1: posted 2 facts, slot 2024-04-10T08:00+00:00" in text
    assert "• C2: FAILED: channel_not_found" in text
    assert "• C3: none yet" in text
    # the failed file, with its reason, its name escaped for mrkdwn
    assert "*Files that failed (1):*" in text
    assert ("• photo &lt;1&gt;.txt: binary file (a PNG image), not a text article: save the article as text, "
            "a web page, .docx or PDF") in text


def test_reindex_for_an_admin(store: Store) -> None:
    text = handle_admin(store, "UADMIN2", "reindex")
    assert text.startswith("*Reindex done*")
    assert "Articles re-extracted: 1" in text
    assert "Facts: 2 → 2 (+0 added, -0 removed)" in text
    assert "Rounds: 1 → 1, unchanged" in text
    assert "Failures (1):" in text and "photo &lt;1&gt;.txt: binary file" in text
    assert reindex_runs(store) == 1
    assert "*Last reindex:* " in handle_admin(store, ADMIN, "status")


def test_second_reindex_is_told_one_is_running(store: Store) -> None:
    assert leases.acquire(store.engine, leases.REINDEX, "bot-1:42:abcd", ttl=600)
    text = handle_admin(store, ADMIN, "reindex")
    assert text.startswith("A reindex is already running") and "bot-1:42:abcd" in text
    assert reindex_runs(store) == 0
    assert "Running now: reindex (bot-1:42:abcd" in handle_admin(store, ADMIN, "status")


def test_reindex_requests_while_one_really_runs(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two admins at once: the second is refused while the first is half-way through."""
    inside, proceed = threading.Event(), threading.Event()
    real = reindex_module.extract

    def slow_extract(raw: str, story, year_hint=None, numbered=None):  # type: ignore[no-untyped-def]
        inside.set()
        assert proceed.wait(30)
        return real(raw, story, year_hint, numbered)

    monkeypatch.setattr(reindex_module, "extract", slow_extract)
    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(handle_admin(store, ADMIN, "reindex")))
    first.start()
    try:
        assert inside.wait(30)
        assert handle_admin(store, "UADMIN2", "reindex").startswith("A reindex is already running")
    finally:
        proceed.set()
        first.join()
    assert results[0].startswith("*Reindex done*")
    assert reindex_runs(store) == 1


def test_unknown_admin_command(store: Store) -> None:
    assert "Unknown admin command" in handle_admin(store, ADMIN, "drop-tables")


def test_cli_status_and_reindex(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert status_cli(store) == 0
    out = capsys.readouterr().out
    assert out.startswith("Factdesk status") and "*Articles" not in out  # plain text, not mrkdwn
    assert "Digests: C1, C3 at 0 8 * * 1-5 (UTC)" in out
    assert "photo <1>.txt: binary file" in out
    assert reindex_cli(store) == 1  # done, but the folder's PNG fails again: 1, as ingest says (it said 0)
    assert "Reindex done" in capsys.readouterr().out
    assert leases.acquire(store.engine, leases.REINDEX, "someone-else", ttl=600)
    assert reindex_cli(store) == 1
    assert "already running" in capsys.readouterr().err


def test_factdesk_commands(database_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """`factdesk status`, `factdesk reindex` and `factdesk digest` wired through bot/cli.py."""
    monkeypatch.setenv("FACTDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("FACTDESK_SEEDS_DIR", str(folder))
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["ingest"]) == 1  # the folder's PNG fails; the article is in
    assert main(["status"]) == 0
    assert "1 active" in capsys.readouterr().out
    assert main(["reindex"]) == 1  # the PNG again
    assert "Reindex done" in capsys.readouterr().out
    assert main(["digest", "--channel", "C1", "--dry-run"]) == 0
    assert "New round: Round 1" in capsys.readouterr().out
    assert main(["digest", "--channel", "C1"]) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err


def test_status_of_a_long_story_lists_the_latest_rounds_and_counts_the_rest() -> None:
    import datetime as dt

    from bot.admin import STATUS_ROUNDS, render_status
    from store.status import RoundLine, StoreStatus

    rounds = [RoundLine(n, dt.date(2020, 1, 1) + dt.timedelta(days=7 * n), False, "Palace", "Town")
              for n in range(1, 1063)]
    text = render_status(StoreStatus(database="sqlite://", rounds=rounds), mrkdwn=False)
    assert "Rounds: 1062" in text and f"• … {1062 - STATUS_ROUNDS} earlier (timeline), then:" in text
    listed = [line for line in text.splitlines() if line.startswith("• Round ")]
    assert len(listed) == STATUS_ROUNDS and listed[-1].startswith("• Round 1062:") and "• Round 1:" not in text


def test_status_counts_outdated_articles_in_an_index(store: Store) -> None:
    """Reading the articles table (texts included) for this count took 6.8 s on a cold 100k store."""
    from sqlalchemy import text

    from store.status import OUTDATED

    with store.sessions() as s:
        compiled = OUTDATED.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        if store.engine.dialect.name == "postgresql":
            s.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table would be read whole
            plan = "\n".join(s.scalars(text(f"EXPLAIN {compiled}")))
        else:
            plan = "\n".join(str(row[-1]) for row in s.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_articles_withdrawn_version" in plan, plan


def test_status_warns_when_the_story_file_is_another_story_s(store: Store, folder: Path) -> None:
    """Answers about dam talks were headed "Russia–Ukraine direct talks, Istanbul 2025" and help
    gave Zelensky examples, with nothing saying why: the default story file was in use."""
    text = handle_admin(store, ADMIN, "status")
    assert "The story file is “Russia–Ukraine direct talks, Istanbul 2025”, but no article names its people" in text
    assert "FACTDESK_STORY_FILE" in text and "Dolmabahçe Palace" not in text, "people, not venues"

    (folder / "001_zelensky.txt").write_text(
        " date 2024-04-10 Volodymyr Zelensky said the dam deal was a good sign for the region.\n", encoding="utf-8")
    store.ingest()
    assert "no article names its people" not in handle_admin(store, ADMIN, "status")


def test_status_hides_a_password_given_in_the_urls_query(store: Store) -> None:
    """status hid a password in the URL ("postgres:***@") but printed one given as "?password=" in clear."""
    url = "postgresql+psycopg://postgres:pw1@db.example/test?sslmode=require&password=pw2"
    shown = collect_status(store.sessions, store.engine, url).database
    assert "pw1" not in shown and "pw2" not in shown and "password=***" in shown and "sslmode=require" in shown


def test_status_and_a_first_question_say_the_watched_folder_is_missing(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """FACTDESK_SEEDS_DIR naming no folder (a typo, a share not mounted): status showed "Last ingest: never" and
    the folder as if it were there, and the first question said to add articles to it."""
    monkeypatch.setenv("FACTDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("FACTDESK_SEEDS_DIR", str(tmp_path / "no-such-folder"))
    assert main(["status"]) == 0
    assert "no-such-folder (not found" in capsys.readouterr().out
    assert main(["ask", "round 1"]) == 0
    assert "no-such-folder is not found" in capsys.readouterr().err
