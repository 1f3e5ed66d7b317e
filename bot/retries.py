"""Slack's re-sends, answered once.

Slack re-sends a request it thinks was not acknowledged (``X-Slack-Retry-Num``; Socket Mode
redelivers envelopes too). Keying on the delivery (``trigger_id``, ``event_id``) rather than
on the retry header answers each user action exactly once: a re-send of something already
being answered is dropped, while a re-send whose first attempt never reached us (we were
down) is still answered. Two checks, at two moments:

* on the ack path, :class:`DeliveryGuard` (in this process's memory, no I/O): a re-send to
  the same replica is acknowledged and dropped at once;
* in the worker, before answering, :func:`answered_elsewhere` (PostgreSQL, where replicas
  run behind a load balancer): a re-send that reached another replica finds the delivery
  claimed (``store.deliveries``) and is dropped there. Claiming in the worker keeps the
  database off the ack path: a claim there put the ack p99 of 50 commands at once at
  100 ms, against 30 without.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from slack_bolt import BoltResponse
from sqlalchemy import Engine

from store.deliveries import claim

log = logging.getLogger(__name__)


class DeliveryGuard:
    """Remembers the deliveries this process took in, for ``ttl`` seconds."""

    def __init__(self, ttl: float = 900.0, max_keys: int = 10_000) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._seen and (len(self._seen) >= self.max_keys
                                  or next(iter(self._seen.values())) < now - self.ttl):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


def delivery_key(body: dict[str, Any]) -> str | None:
    """What identifies one user action across Slack's re-sends."""
    for name in ("trigger_id", "event_id"):
        value = body.get(name)
        if value:
            return f"{name}:{value}"
    return None


def retry_middleware(guard: DeliveryGuard) -> Any:
    def dedupe_deliveries(body: dict[str, Any], request: Any, next: Any) -> Any:
        key = delivery_key(body) if isinstance(body, dict) else None
        if key is None or guard.first_time(key):
            return next()
        retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
        log.info("acknowledged a re-sent delivery without running it again (%s, retry %s)", key, retry)
        return BoltResponse(status=200, body="")

    return dedupe_deliveries


def answered_elsewhere(engine: Engine, payload: dict[str, Any]) -> bool:
    """True when another replica has already taken this delivery in (PostgreSQL only: SQLite
    runs one ``serve`` per file, whose memory has already decided). If the claim cannot be
    recorded, the job answers: a rare double answer beats a lost one."""
    key = delivery_key(payload)
    if key is None or engine.dialect.name != "postgresql":
        return False
    try:
        if claim(engine, key):
            return False
    except Exception:
        log.warning("could not record delivery %s in the database: answering it", key, exc_info=True)
        return False
    log.info("not answering %s: another replica took it in first (a re-send)", key)
    return True
