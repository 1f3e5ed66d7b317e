"""Slack deliveries answered once across replicas (store/deliveries.py, bot/app.py DeliveryGuard)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

import store.deliveries as deliveries
from bot.app import DeliveryGuard, shared_deliveries
from store.deliveries import claim
from store.models import Delivery
from store.runtime import Store

T0 = dt.datetime(2026, 11, 30, 12, 0)


def test_a_delivery_is_claimed_once(store: Store) -> None:
    assert claim(store.engine, "trigger_id:1.2.abc", T0)
    assert not claim(store.engine, "trigger_id:1.2.abc", T0 + dt.timedelta(seconds=5))
    assert claim(store.engine, "trigger_id:1.2.other", T0)
    assert not claim(store.engine, "trigger_id:1.2.other", T0)


def test_expired_deliveries_are_pruned(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deliveries, "PRUNE_EVERY", 1)
    assert claim(store.engine, "event_id:old", T0)
    later = T0 + deliveries.KEEP + dt.timedelta(minutes=1)
    assert claim(store.engine, "event_id:new", later)  # this claim deletes the expired key
    with store.sessions() as s:
        assert s.scalars(select(Delivery.key)).all() == ["event_id:new"]
    assert claim(store.engine, "event_id:old", later)


def test_the_guard_asks_the_database_only_for_deliveries_new_to_this_process() -> None:
    asked: list[str] = []

    def shared(key: str) -> bool:
        asked.append(key)
        return key != "taken-by-another-replica"

    guard = DeliveryGuard(shared=shared)
    assert guard.first_time("a") and not guard.first_time("a")
    assert not guard.first_time("taken-by-another-replica")
    assert asked == ["a", "taken-by-another-replica"]


def test_the_guard_answers_when_the_database_cannot_say(caplog: pytest.LogCaptureFixture) -> None:
    def down(key: str) -> bool:
        raise ConnectionError("database unreachable")

    assert DeliveryGuard(shared=down).first_time("a")
    assert "could not record delivery a" in caplog.text


def test_replicas_share_deliveries_on_postgresql_only(store: Store) -> None:
    shared = shared_deliveries(store)
    if store.engine.dialect.name != "postgresql":
        assert shared is None  # one serve per SQLite file: an ack never waits for its write lock
        return
    assert shared is not None
    assert DeliveryGuard(shared=shared).first_time("trigger_id:x")
    assert not DeliveryGuard(shared=shared).first_time("trigger_id:x")  # another replica's memory
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Delivery)) == 1


def test_a_slow_database_does_not_hold_the_ack(caplog: pytest.LogCaptureFixture) -> None:
    """Slack wants its ack within 3 s: a claim still waiting after ``shared_timeout`` is given up."""
    release = threading.Event()

    def hanging(key: str) -> bool:
        release.wait(10)
        return False

    guard = DeliveryGuard(shared=hanging, shared_timeout=0.2)
    started = time.monotonic()
    try:
        assert guard.first_time("a")
        assert time.monotonic() - started < 5  # not the 10 s the claim would have taken
        assert "could not record delivery a in the database (TimeoutError)" in caplog.text
    finally:
        release.set()
