"""Slack deliveries already taken in, shared by every replica on one database.

Slack re-sends a request it thinks was not acknowledged (a slow ack, a dropped
connection). Behind a load balancer the re-send may reach another replica, which
would answer the same command a second time. :func:`claim` records the delivery's
id with one ``INSERT ... ON CONFLICT DO NOTHING``: the replica whose insert lands
answers, every later claim of the same id is refused. Nothing here knows Slack: a
key is an opaque string (``bot/retries.py`` makes it from ``trigger_id`` or ``event_id``).
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import Engine, delete
from sqlalchemy.dialects import postgresql, sqlite

from store.models import Delivery, utcnow

KEEP = dt.timedelta(hours=1)  # Slack stops re-sending after minutes: an hour covers every retry
PRUNE_EVERY = 500  # claims between two deletions of expired keys (per process)

_claims = itertools.count(1)


def claim(engine: Engine, key: str, now: dt.datetime | None = None) -> bool:
    """True when this is the first claim of ``key`` (across processes): answer it."""
    now = now or utcnow()
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(Delivery).values(key=key[:200], taken_at=now).on_conflict_do_nothing(
        index_elements=["key"]).returning(Delivery.key)  # a row back: ours (rowcount is -1 on psycopg)
    with engine.begin() as conn:
        taken = conn.execute(stmt).first() is not None
        if next(_claims) % PRUNE_EVERY == 0:
            conn.execute(delete(Delivery).where(Delivery.taken_at < now - KEEP))
    return taken
