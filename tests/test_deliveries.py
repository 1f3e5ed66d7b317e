"""Slack re-sends answered once across replicas (store/deliveries.py, bot/retries.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

import store.deliveries as deliveries
from bot.retries import answered_elsewhere
from store.db import make_engine
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


def test_a_resend_to_another_replica_is_dropped_on_postgresql(store: Store) -> None:
    command = {"command": "/talks", "text": "round 2", "trigger_id": "13345.8.ab12"}
    first, resend = answered_elsewhere(store.engine, command), answered_elsewhere(store.engine, dict(command))
    with store.sessions() as s:
        recorded = s.scalar(select(func.count()).select_from(Delivery))
    if store.engine.dialect.name == "postgresql":
        assert (first, resend, recorded) == (False, True, 1)
    else:  # one serve per SQLite file: its memory (DeliveryGuard) has already decided
        assert (first, resend, recorded) == (False, False, 0)
    assert not answered_elsewhere(store.engine, {"text": "round 2"})  # nothing identifies it: answer


def test_a_claim_that_cannot_be_recorded_is_answered(caplog: pytest.LogCaptureFixture) -> None:
    unreachable = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    try:
        assert not answered_elsewhere(unreachable, {"trigger_id": "t1"})
    finally:
        unreachable.dispose()
    assert "could not record delivery trigger_id:t1 in the database: answering it" in caplog.text
