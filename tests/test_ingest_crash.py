"""A crash mid-ingest leaves whole articles or none, and the next run finishes the job.

The first test is the real thing: ``factdesk ingest`` in a subprocess over generated
articles (tests/bench/corpus.py), killed with SIGKILL partway. The others interrupt an
in-process ingest at a chosen point, which makes the outcome deterministic.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from store import ingest as ingest_module
from store.extract.pipeline import extract
from store.models import Article, ArticleFile, Fact, IngestRun, Mention
from store.runtime import Store
from tests.bench.corpus import generate
from tests.conftest import DAM_TALKS, counts, rounds, write

N_ARTICLES = 100  # several commits' worth (store/ingest.py: BATCH_SECONDS), however fast the machine
KILL_AFTER = 6  # articles committed before the kill
FACTDESK = Path(sys.executable).with_name("factdesk")


def cli_env(database_url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTDESK_", "SLACK_"))}
    return env | {"FACTDESK_DATABASE_URL": database_url, "FACTDESK_SEEDS_DIR": str(folder),
                  "FACTDESK_LOG_LEVEL": "WARNING"}


def n_articles(database_url: str) -> int:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(Article)) or 0
    except SQLAlchemyError:  # schema not created yet
        return 0
    finally:
        engine.dispose()


def ingest_under_way(database_url: str, folder: Path) -> subprocess.Popen[str]:
    """`factdesk ingest` of ``folder`` in a subprocess, once KILL_AFTER articles are committed."""
    proc = subprocess.Popen([str(FACTDESK), "ingest"], env=cli_env(database_url, folder),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while n_articles(database_url) < KILL_AFTER:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"ingest ended or made no progress before it could be interrupted: {err!r}")
        time.sleep(0.01)
    return proc


def assert_consistent(store: Store) -> None:
    """Whole articles only: each stored article has all its facts and an active file; nothing dangling."""
    with store.sessions() as s:
        assert isinstance(s, Session)
        for article in s.scalars(select(Article)):
            expected = extract(article.raw_text, store.story, article.published.year if article.published else None)
            assert len(article.facts) == len(expected.facts), f"article {article.id} lost facts"
            assert [f.status for f in article.files] == ["active"], f"article {article.id} has no file link"
        orphan_facts = s.scalar(select(func.count()).select_from(Fact).outerjoin(
            Article, Fact.article_id == Article.id).where(Article.id.is_(None)))
        orphan_mentions = s.scalar(select(func.count()).select_from(Mention).outerjoin(
            Fact, Mention.fact_id == Fact.id).where(Fact.id.is_(None)))
        dangling_files = s.scalar(select(func.count()).select_from(ArticleFile).where(
            ArticleFile.status == "active", ArticleFile.article_id.is_(None)))
        assert (orphan_facts, orphan_mentions, dangling_files) == (0, 0, 0)


def totals(store: Store) -> dict[str, object]:
    c = counts(store)
    with store.sessions() as s:
        files = set(s.execute(select(ArticleFile.path, Article.content_hash).join(Article)).all())
    return {k: c[k] for k in ("articles", "active_articles", "files", "facts", "mentions")} | {"files_set": files}


def test_sigkill_mid_ingest_then_a_second_run_finishes(make_store: Callable[..., Store], database_url: str,
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "generated"
    generate(N_ARTICLES, folder)
    proc = ingest_under_way(database_url, folder)
    try:
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    store = make_store(seeds_dir=folder)
    interrupted = counts(store)
    assert KILL_AFTER <= interrupted["articles"] < N_ARTICLES, "the kill did not land mid-ingest"
    assert interrupted["files"] == interrupted["articles"]
    assert_consistent(store)
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.finished_at.is_(None))) == 1

    report = store.ingest(folder)
    assert report.failed == 0
    assert (report.new, report.unchanged) == (N_ARTICLES - interrupted["articles"], interrupted["articles"])
    assert_consistent(store)

    clean = make_store(database_url=f"sqlite:///{tmp_path / 'clean.sqlite'}", seeds_dir=folder)
    clean_report = clean.ingest(folder)
    assert totals(store) == totals(clean)
    assert report.facts == clean_report.facts


def test_sigterm_mid_ingest_stops_after_a_file_and_gives_the_lease_back(make_store: Callable[..., Store],
                                                                         database_url: str, tmp_path: Path) -> None:
    """SIGTERM (docker stop, systemd, timeout) raised in the middle of a statement could leave SQLite's write
    lock held while the lease was given back: "could not release lease 'ingest'", status showing the scan
    running, the next ingest waiting for it. It now stops after the file being stored, records its run and
    gives the lease back; the next run reads the rest without waiting."""
    from store.leases import INGEST, held

    folder = tmp_path / "generated"
    generate(N_ARTICLES, folder)
    proc = ingest_under_way(database_url, folder)
    try:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 130 and "stopping after the file being stored" in err and "Traceback" not in err
    assert "left for the next run (stopped)" in out

    store = make_store(seeds_dir=folder)
    assert held(store.engine, INGEST) is None
    stopped = counts(store)
    assert KILL_AFTER <= stopped["articles"] < N_ARTICLES, "the signal did not land mid-ingest"
    assert_consistent(store)
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.finished_at.is_(None))) == 0
    report = store.ingest_alone(folder, on_wait=lambda holder: pytest.fail(f"waited for {holder}"))
    assert (report.new, report.failed) == (N_ARTICLES - stopped["articles"], 0)


# -- deterministic interruptions ------------------------------------------------------------------

class Interrupted(Exception):
    pass


def stop_before(n: int) -> Callable[[int, int, str], None]:
    """A progress callback that stops the ingest just before file ``n`` (1-based)."""
    def progress(i: int, total: int, name: str) -> None:
        if i == n:
            raise Interrupted(name)
    return progress


def test_interrupted_ingest_keeps_whole_articles(store: Store, dam_folder: Path) -> None:
    with pytest.raises(Interrupted):
        store.ingest(dam_folder, progress=stop_before(3))
    assert counts(store)["articles"] == 2
    assert_consistent(store)
    report = store.ingest(dam_folder)
    assert (report.new, report.unchanged) == (2, 2)
    assert rounds(store) == [(1, "2024-04-09"), (2, "2024-05-16"), (3, "2024-06-04")]


def test_a_crash_before_round_discovery_is_repaired_by_the_next_run(
        store: Store, make_store: Callable[..., Store], dam_folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    later = [p for p in sorted(dam_folder.iterdir()) if p.name >= "002"]
    parked = tmp_path / "parked"
    parked.mkdir()
    for p in later:
        p.rename(parked / p.name)
    store.ingest(dam_folder)  # round 1 only, a finished run
    for p in later:
        (parked / p.name).rename(p)

    def crash(*args: object, **kwargs: object) -> None:
        raise Interrupted("killed during round discovery")

    with monkeypatch.context() as m:
        m.setattr("store.ingest.discover_rounds", crash)
        with pytest.raises(Interrupted):
            store.ingest(dam_folder)
    store.ingest(dam_folder)

    clean = make_store(database_url=f"sqlite:///{tmp_path / 'clean.sqlite'}")
    clean.ingest(dam_folder)
    assert rounds(store) == rounds(clean)


def test_resumed_ingest_dates_undated_articles_like_a_clean_run(
        store: Store, make_store: Callable[..., Store], tmp_path: Path) -> None:
    folder = tmp_path / "years"
    write(folder, "a_2023.txt", " date 2023-03-02 Arventa and Belostia held exploratory talks in Geneva on "
                                "Wednesday about the Varna dam.\nNo agreement was reached on water sharing.\n")
    shutil.copy(DAM_TALKS / "000_geneva_round1.txt", folder / "b_2024.txt")
    shutil.copy(DAM_TALKS / "002_ankara_round2_undated.txt", folder / "c_undated.txt")

    with pytest.raises(Interrupted):
        store.ingest(folder, progress=stop_before(3))  # a and b stored, then the crash
    store.ingest(folder)

    clean = make_store(database_url=f"sqlite:///{tmp_path / 'clean.sqlite'}")
    clean.ingest(folder)
    assert rounds(store) == rounds(clean)


# -- batches: several articles per transaction ------------------------------------------------------

class Killed(BaseException):
    """Like KeyboardInterrupt or a SIGTERM handler's exit: not an error the ingest may swallow."""


def one_batch(monkeypatch: pytest.MonkeyPatch, files: int = 1000) -> None:
    """Commit every ``files`` files, never on time (the outcome does not depend on the machine's speed)."""
    monkeypatch.setattr("store.ingest.BATCH_SECONDS", 1e9)
    monkeypatch.setattr("store.ingest.BATCH_FILES", files)


def failing_on(breaks: Callable[[str], bool], exc: type[BaseException] | None = None) -> Callable[..., object]:
    """store_article that, for the texts ``breaks`` picks, breaks the transaction (a failed SQL
    statement, which also aborts a PostgreSQL transaction) or raises ``exc``."""
    real = ingest_module.store_article

    def store_article(session: Session, extracted, raw: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if breaks(raw):
            if exc is not None:
                raise exc()
            session.execute(text("SELECT * FROM no_such_table"))
        return real(session, extracted, raw, *args, **kwargs)

    return store_article


def test_a_database_error_mid_batch_fails_that_file_only(store: Store, make_store: Callable[..., Store],
                                                         dam_folder: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    one_batch(monkeypatch)  # 000, 000b, 001 and 003 in one transaction, then 002 (undated)
    (dam_folder / "000b_bad.txt").write_bytes(b" date 2024-04-09 \x00 not text")  # fails first, in the batch
    with monkeypatch.context() as m:
        m.setattr("store.ingest.store_article", failing_on(lambda raw: "water deal but no breakthrough" in raw))
        report = store.ingest(dam_folder)
    assert (report.new, report.failed) == (3, 2)
    assert [f.path for f in report.failures] == ["000b_bad.txt", "001_wire_round1.txt"]  # each once
    assert "could not be processed" in report.failures[1].reason
    assert counts(store)["articles"] == 3
    assert_consistent(store)
    (dam_folder / "000b_bad.txt").unlink()
    os.utime(dam_folder / "001_wire_round1.txt", ns=(1, 1_000_000_000))
    again = store.ingest(dam_folder)
    # the file that failed is read for the first time: new to the store
    assert (again.new, again.changed, again.unchanged, again.failed, again.removed) == (1, 0, 3, 0, 1)
    clean = make_store(database_url=f"sqlite:///{tmp_path / 'clean.sqlite'}")
    clean.ingest(dam_folder)
    assert rounds(store) == rounds(clean)
    assert counts(store)["facts"] == counts(clean)["facts"]


def test_a_crash_mid_batch_loses_only_that_batch_and_the_next_run_completes_it(
        store: Store, make_store: Callable[..., Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "generated"
    generate(8, folder)
    one_batch(monkeypatch, files=2)  # four dated files (two batches), then four undated ones
    calls = iter(range(1, 100))
    with monkeypatch.context() as m:
        m.setattr("store.ingest.store_article", failing_on(lambda raw: next(calls) == 4, Killed))
        with pytest.raises(Killed):
            store.ingest(folder)
    assert counts(store)["articles"] == 2  # the first batch; the second (files 3 and 4) was never committed
    assert_consistent(store)
    report = store.ingest(folder)
    assert (report.new, report.unchanged, report.failed) == (6, 2, 0)
    assert_consistent(store)
    clean = make_store(database_url=f"sqlite:///{tmp_path / 'clean.sqlite'}", seeds_dir=folder)
    clean.ingest(folder)
    assert totals(store) == totals(clean)
    assert rounds(store) == rounds(clean)


def test_an_interruption_between_files_keeps_the_open_batch(store: Store, dam_folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    one_batch(monkeypatch)
    with pytest.raises(Interrupted):
        store.ingest(dam_folder, progress=stop_before(4))
    assert counts(store)["articles"] == 3  # whole articles, committed on the way out
    assert_consistent(store)


def test_a_file_another_process_listed_meanwhile_is_stored_not_failed(store: Store, dam_folder: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The run looks for no file row of a path it started without; if another ingest (the CLI beside
    the watch) added one meanwhile, the insert fails and the file is stored again, this time finding it."""
    one_batch(monkeypatch, files=1)  # no transaction open between files: the other "process" can write

    def other_process(i: int, total: int, name: str) -> None:
        if name == "001_wire_round1.txt":
            with store.sessions.begin() as s:
                s.add(ArticleFile(root=dam_folder.resolve().as_posix(), path=name, status="failed", error="busy"))

    report = store.ingest(dam_folder, progress=other_process)
    assert report.failed == 0 and report.new + report.changed == 4
    assert counts(store)["articles"] == 4
    assert_consistent(store)
