"""Named leases: one holder at a time, across threads and processes, until the lease expires.

A lease is one row of ``leases`` (name, holder, expires_at). Every change is a single
atomic statement, so two processes can never both believe they hold it, on SQLite as
on PostgreSQL:

* take over: ``UPDATE leases SET holder=me, expires_at=... WHERE name=:n AND
  (expires_at < now OR holder = me)`` -- succeeds only when the lease is free (expired)
  or already ours (then it is a renewal);
* first use: ``INSERT`` the row; the primary key turns a concurrent insert into an
  integrity error, which means somebody else got it first.

Nothing is decided by a read-then-write (a plain read only refuses early, when the
lease is visibly held, so callers never wait for a busy database). Times are naive UTC from the caller's clock
(``now`` can be passed in, which tests use instead of sleeping). Used for "only one
reindex at a time" and "one folder ingestion at a time"; :class:`LeaseKeeper` renews a
lease in the background while long work runs and releases it at the end.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from types import TracebackType

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from store.models import Lease, utcnow

log = logging.getLogger(__name__)

REINDEX = "reindex"  # one reindex at a time
INGEST = "ingest"  # one folder ingestion (watch job, reindex rescan) at a time


@dataclass(frozen=True)
class LeaseInfo:
    name: str
    holder: str
    expires_at: dt.datetime

    def expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at < (now or utcnow())


class LeaseBusy(Exception):
    """The lease is held by someone else; ``current`` says by whom and until when."""

    def __init__(self, name: str, current: LeaseInfo | None) -> None:
        self.name = name
        self.current = current
        who = f" by {current.holder} until {current.expires_at:%Y-%m-%d %H:%M:%S} UTC" if current else ""
        super().__init__(f"lease {name!r} is held{who}")


def new_holder(purpose: str = "") -> str:
    """A holder id unique to this process and call: host, pid, a random suffix."""
    tail = f":{purpose}" if purpose else ""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}{tail}"[:200]


def acquire(engine: Engine, name: str, holder: str, ttl: float, now: dt.datetime | None = None) -> bool:
    """Take lease ``name`` for ``ttl`` seconds. True when ``holder`` holds it afterwards.

    Re-acquiring a lease one already holds renews it; an expired lease is taken over.
    """
    now = now or utcnow()
    expires = now + dt.timedelta(seconds=ttl)
    # Fast refusal by a plain read: it never decides that we got the lease (only the atomic
    # statements below do), but it answers "busy" at once where a write would first wait for
    # the database -- on SQLite, a reindex holds the write lock for its whole transaction.
    with engine.connect() as conn:
        row = conn.execute(select(Lease.holder, Lease.expires_at).where(Lease.name == name)).first()
    if row is not None and row.holder != holder and row.expires_at >= now:
        return False
    with engine.begin() as conn:
        taken = conn.execute(
            update(Lease).where(Lease.name == name, (Lease.expires_at < now) | (Lease.holder == holder))
            .values(holder=holder, expires_at=expires))
        if taken.rowcount == 1:
            return True
    try:
        with engine.begin() as conn:
            conn.execute(insert(Lease).values(name=name, holder=holder, expires_at=expires))
        return True
    except IntegrityError:
        return False  # someone else holds it (or took it between our two statements)


def renew(engine: Engine, name: str, holder: str, ttl: float, now: dt.datetime | None = None) -> bool:
    """Extend our lease. False when it is no longer ours (it expired and was taken over)."""
    now = now or utcnow()
    with engine.begin() as conn:
        result = conn.execute(update(Lease).where(Lease.name == name, Lease.holder == holder)
                              .values(expires_at=now + dt.timedelta(seconds=ttl)))
        return result.rowcount == 1


def release(engine: Engine, name: str, holder: str) -> bool:
    """Give the lease up, only if it is still ours. True when a row was removed."""
    with engine.begin() as conn:
        return conn.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder)).rowcount == 1


def current(engine: Engine, name: str) -> LeaseInfo | None:
    """Who holds ``name`` (the row may be expired: check :meth:`LeaseInfo.expired`)."""
    with engine.connect() as conn:
        row = conn.execute(select(Lease.name, Lease.holder, Lease.expires_at).where(Lease.name == name)).first()
    return LeaseInfo(*row) if row else None


def held(engine: Engine, name: str, now: dt.datetime | None = None) -> LeaseInfo | None:
    """The current holder when the lease is held and not expired, else None."""
    info = current(engine, name)
    return info if info is not None and not info.expired(now) else None


def all_leases(engine: Engine) -> list[LeaseInfo]:
    with engine.connect() as conn:
        return [LeaseInfo(*r) for r in conn.execute(
            select(Lease.name, Lease.holder, Lease.expires_at).order_by(Lease.name))]


class LeaseKeeper:
    """Hold a lease for a block of work, renewing it in the background until the block ends.

        with LeaseKeeper(engine, "reindex", ttl=900):
            ...  # LeaseBusy was raised if someone else holds it

    Renewal runs every ``ttl / 3`` seconds. A renewal that fails because the database
    is busy (SQLite while a long transaction writes) is retried at the next tick; if
    the lease was taken over meanwhile, ``lost`` is set and a warning logged.
    """

    def __init__(self, engine: Engine, name: str, ttl: float = 300.0, holder: str | None = None,
                 wait: float = 0.0) -> None:
        self.engine = engine
        self.wait = wait  # seconds to keep trying when the lease is busy
        self.name = name
        self.ttl = ttl
        self.holder = holder or new_holder(name)
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LeaseKeeper:
        deadline = time.monotonic() + self.wait
        while not acquire(self.engine, self.name, self.holder, self.ttl):
            if time.monotonic() >= deadline:
                raise LeaseBusy(self.name, held(self.engine, self.name))
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        self._thread = threading.Thread(target=self._renew_loop, name=f"lease-{self.name}", daemon=True)
        self._thread.start()
        return self

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                if not renew(self.engine, self.name, self.holder, self.ttl):
                    self.lost = True
                    log.warning("lease %r was lost (expired and taken over) while %s held it",
                                self.name, self.holder)
                    return
            except OperationalError as exc:  # database busy: try again at the next tick
                log.debug("could not renew lease %r yet: %s", self.name, exc)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        try:
            release(self.engine, self.name, self.holder)
        except Exception:  # never hide the block's own exception; the lease expires anyway
            log.exception("could not release lease %r", self.name)
