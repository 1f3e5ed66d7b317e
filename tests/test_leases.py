"""Named leases (store/leases.py) on real databases: SQLite always, PostgreSQL when configured.

Expiry is tested by passing ``now`` explicitly, never by sleeping, so nothing here
depends on how fast the machine is.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from store import leases
from store.db import make_engine, migrate
from store.leases import LeaseBusy, LeaseKeeper

pytestmark = pytest.mark.timeout(60)

T0 = dt.datetime(2025, 6, 3, 8, 0, 0)


@pytest.fixture
def db_url(database_url: str) -> str:
    """This test's own database: a SQLite file, and a fresh PostgreSQL database when
    FACTDESK_TEST_POSTGRES_URL is set (skipped with a message otherwise; tests/conftest.py)."""
    return database_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def name() -> str:
    """A lease name of this test's own, so runs against a shared PostgreSQL never collide."""
    return f"test-{uuid.uuid4().hex[:12]}"


def test_acquire_refuse_renew_release(engine: Engine, name: str) -> None:
    assert leases.acquire(engine, name, "a", ttl=60, now=T0)
    assert not leases.acquire(engine, name, "b", ttl=60, now=T0 + dt.timedelta(seconds=1))
    info = leases.held(engine, name, now=T0 + dt.timedelta(seconds=1))
    assert info is not None and info.holder == "a"
    # the holder may take it again: that is a renewal
    assert leases.acquire(engine, name, "a", ttl=60, now=T0 + dt.timedelta(seconds=30))
    assert leases.current(engine, name).expires_at == T0 + dt.timedelta(seconds=90)  # type: ignore[union-attr]
    assert not leases.release(engine, name, "b")  # not b's to release
    assert leases.held(engine, name, now=T0 + dt.timedelta(seconds=31)) is not None
    assert leases.release(engine, name, "a")
    assert leases.current(engine, name) is None
    assert leases.acquire(engine, name, "b", ttl=60, now=T0 + dt.timedelta(seconds=32))


def test_expired_lease_is_taken_over(engine: Engine, name: str) -> None:
    assert leases.acquire(engine, name, "a", ttl=10, now=T0)
    assert not leases.acquire(engine, name, "b", ttl=10, now=T0 + dt.timedelta(seconds=9))
    assert leases.acquire(engine, name, "b", ttl=10, now=T0 + dt.timedelta(seconds=11))
    assert leases.current(engine, name).holder == "b"  # type: ignore[union-attr]
    # a comes back from a long pause: its lease is gone, it cannot renew or release b's
    assert not leases.renew(engine, name, "a", ttl=10, now=T0 + dt.timedelta(seconds=12))
    assert not leases.release(engine, name, "a")
    assert leases.renew(engine, name, "b", ttl=10, now=T0 + dt.timedelta(seconds=12))
    assert not leases.acquire(engine, name, "a", ttl=10, now=T0 + dt.timedelta(seconds=21))
    assert leases.held(engine, name, now=T0 + dt.timedelta(seconds=21)).holder == "b"  # type: ignore[union-attr]
    assert leases.held(engine, name, now=T0 + dt.timedelta(seconds=23)) is None  # expired, not yet taken


def test_one_winner_among_concurrent_contenders(db_url: str, engine: Engine, name: str) -> None:
    """Contenders with engines of their own (as separate processes would have) race for one lease."""
    n = 8
    barrier = threading.Barrier(n)
    won: list[str] = []
    errors: list[BaseException] = []

    def contend(i: int) -> None:
        own = make_engine(db_url)
        try:
            barrier.wait()
            if leases.acquire(own, name, f"holder-{i}", ttl=60):
                won.append(f"holder-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=contend, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(won) == 1
    assert leases.current(engine, name).holder == won[0]  # type: ignore[union-attr]


def test_expired_lease_concurrent_takeover_has_one_winner(db_url: str, engine: Engine, name: str) -> None:
    assert leases.acquire(engine, name, "crashed", ttl=1, now=T0)
    later = T0 + dt.timedelta(seconds=5)
    n = 6
    barrier = threading.Barrier(n)
    won: list[int] = []

    def contend(i: int) -> None:
        own = make_engine(db_url)
        try:
            barrier.wait()
            if leases.acquire(own, name, f"h{i}", ttl=60, now=later):
                won.append(i)
        finally:
            own.dispose()

    threads = [threading.Thread(target=contend, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1


def test_keeper_holds_renews_and_releases(engine: Engine, name: str) -> None:
    with LeaseKeeper(engine, name, ttl=0.6) as keeper:
        first = leases.current(engine, name)
        assert first is not None and first.holder == keeper.holder
        with pytest.raises(LeaseBusy) as busy, LeaseKeeper(engine, name, ttl=60):
            pass
        assert busy.value.current is not None and busy.value.current.holder == keeper.holder
        # the keeper renews in the background: wait (event-driven) for expires_at to move on
        deadline = threading.Event()
        for _ in range(100):
            now = leases.current(engine, name)
            if now is not None and now.expires_at > first.expires_at:
                break
            deadline.wait(0.05)
        else:
            pytest.fail("the lease was never renewed")
        assert not keeper.lost
    assert leases.current(engine, name) is None  # released at the end of the block


def test_keeper_waits_for_a_busy_lease(engine: Engine, name: str) -> None:
    assert leases.acquire(engine, name, "other", ttl=60)
    releaser = threading.Timer(0.3, leases.release, args=(engine, name, "other"))
    releaser.start()
    try:
        with LeaseKeeper(engine, name, ttl=60, wait=30) as keeper:
            assert leases.current(engine, name).holder == keeper.holder  # type: ignore[union-attr]
    finally:
        releaser.cancel()


def test_holder_ids_are_unique() -> None:
    assert leases.new_holder("x") != leases.new_holder("x")
