"""The background jobs of ``factdesk serve``: the folder watch and the digest cron.

    start_scheduler(store, client) -> BackgroundScheduler (started)

* ``watch`` (every FACTDESK_WATCH_INTERVAL seconds, and once at start): ingest new and
  changed files. Runs never overlap: ``max_instances=1`` and ``coalesce=True`` in this
  process, and the ``ingest`` lease across processes (a run finding the lease held, by
  another process or by a reindex, skips its turn). A file modified within the last
  ``settle_seconds`` is still being written and is left for a later run; temporary names
  (``.part``, ``.tmp``, dot-files ...) are never read.
* ``digest`` (FACTDESK_DIGEST_CRON in FACTDESK_TIMEZONE, only with digest channels and a
  Slack client): one digest per channel per cron slot. The slot id is the fire time in
  UTC (``2025-06-03T08:00+00:00``); APScheduler 3 cannot share its job store between
  processes, so every process may run this job: the unique (channel, slot) row in the
  database makes sure a slot is posted once.

Job functions catch and log their exceptions, so one bad run never stops the schedule.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.digest import DigestOutcome, run_digest
from bot.slack_client import with_rate_limit_retry
from store.ingest import IngestReport
from store.leases import INGEST, LeaseBusy, LeaseKeeper
from store.runtime import Store
from store.settings import time_zone

log = logging.getLogger(__name__)

WATCH_JOB = "watch"
DIGEST_JOB = "digest"
MAX_SETTLE_SECONDS = 5.0
DIGEST_MISFIRE_GRACE = 3600  # a digest delayed by up to an hour (busy process, suspend) still runs


Ingest = Callable[[Path, float], IngestReport | None]  # (folder, settle_seconds) -> report; None: stopped


def default_settle(interval: float) -> float:
    """Quiet time before a file counts as written: the watch interval, at least 1 s, at most 5 s."""
    return float(min(max(interval, 1.0), MAX_SETTLE_SECONDS))


class Watcher:
    """The watch job: one folder scan per call, under the ``ingest`` lease.

    ``started`` and ``runs`` count begun and finished calls, and :meth:`wait_for_runs`
    blocks until a number of finished runs is reached: that is how tests follow a live
    scheduler (a scan that starts after a change has finished once ``runs`` reaches the
    ``started`` seen at the change, plus one).
    """

    def __init__(self, store: Store, folder: Path | None = None, settle_seconds: float | None = None,
                 lease_ttl: float | None = None, ingest: Ingest | None = None) -> None:
        self.store = store
        # where the scan runs: in this thread by default; ``serve`` gives a process of its own
        self.ingest: Ingest = ingest or (lambda folder, settle: store.ingest(folder, settle_seconds=settle))
        self.folder = Path(folder) if folder is not None else store.settings.seeds_dir
        interval = max(1, store.settings.watch_interval)
        self.settle_seconds = default_settle(interval) if settle_seconds is None else settle_seconds
        # renewed every ttl/3 while a scan runs; a replica that dies mid-scan blocks the others this long
        self.lease_ttl = lease_ttl or float(max(store.settings.lease_seconds, 3 * interval))
        self.started = 0  # calls begun
        self.runs = 0  # calls finished
        self.last_report: IngestReport | None = None
        self.last_error: str | None = None
        self._cond = threading.Condition()

    def run_once(self) -> IngestReport | None:
        """Scan the folder once. None when another process (or a reindex) is ingesting."""
        if not self.folder.is_dir():
            raise FileNotFoundError(f"watched folder not found: {self.folder} (FACTDESK_SEEDS_DIR)")
        try:
            with LeaseKeeper(self.store.engine, INGEST, ttl=self.lease_ttl):
                report = self.ingest(self.folder, self.settle_seconds)
        except LeaseBusy as exc:
            log.debug("watch: skipped, %s", exc)
            return None
        if report is None:  # the scan was stopped (serve is stopping)
            return None
        if report.new or report.changed or report.removed or report.failed:
            log.info("watch: %s", report.summary())
        return report

    def __call__(self) -> None:
        report, error = None, None
        with self._cond:
            self.started += 1
        try:
            report = self.run_once()
        except FileNotFoundError as exc:  # a configuration problem: one line, not a traceback every run
            log.error("watch job failed: %s", exc)
            error = str(exc)
        except Exception as exc:
            log.exception("watch job failed")
            error = repr(exc)
        with self._cond:
            self.runs += 1
            self.last_error = error
            if report is not None:
                self.last_report = report
            self._cond.notify_all()

    def wait_for_runs(self, n: int, timeout: float = 10.0) -> bool:
        """Block until at least ``n`` runs have finished (False on timeout)."""
        with self._cond:
            return self._cond.wait_for(lambda: self.runs >= n, timeout)


_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab numbering: 0 (and 7) is Sunday
_DOW_PART = re.compile(r"(\*|\d+(?:-\d+)?)(?:/(\d+))?")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field in weekday names, which mean the same to APScheduler 3.

    APScheduler 3 numbers weekdays from Monday = 0 (crontab: Sunday = 0), so its
    ``CronTrigger.from_crontab("0 8 * * 1-5")`` fires Tuesday to Saturday. Numbers,
    ranges and steps are expanded here into names (``1-5`` -> ``mon,tue,wed,thu,fri``);
    names pass through unchanged.
    """
    out: list[str] = []
    for part in field.lower().split(","):
        m = _DOW_PART.fullmatch(part)
        if m is None:
            out.append(part)  # names (mon, mon-fri): the same in both worlds
            continue
        span, step = m.group(1), int(m.group(2) or 1)
        if span == "*":
            if step == 1:
                return "*"
            lo, hi = 0, 6
        elif "-" in span:
            lo, hi = (int(v) for v in span.split("-"))
        else:
            lo = hi = int(span)
            if m.group(2):
                hi = 6  # crontab: "a/n" is "a-6/n"
        if not (0 <= lo <= 7 and 0 <= hi <= 7 and lo <= hi and step >= 1):
            raise ValueError(f"bad day of week {part!r}")
        out += [_CRON_DAYS[d % 7] for d in range(lo, hi + 1, step)]
    return ",".join(dict.fromkeys(out))


def digest_trigger(expr: str, timezone: str) -> CronTrigger:
    """A CronTrigger for a standard crontab line (``0 8 * * 1-5`` = 08:00 Monday to Friday)."""
    try:
        fields = expr.split()
        if len(fields) != 5:
            raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}")
        minute, hour, day, month, weekday = fields
        return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=crontab_weekdays(weekday),
                           timezone=timezone)
    except (ValueError, LookupError) as exc:
        raise ValueError(f"FACTDESK_DIGEST_CRON {expr!r} / FACTDESK_TIMEZONE {timezone!r} is not a valid "
                         f"schedule: {exc}") from exc


def slot_for(trigger: CronTrigger, now: dt.datetime | None = None, grace: float = 2.0) -> str | None:
    """The slot id of the latest fire time of ``trigger`` at or before ``now`` (+``grace`` seconds).

    APScheduler 3 does not hand the scheduled time to the job, so the job works it out;
    every process computes the same id for the same firing, whatever its clock's small
    drift (``grace``) or how late the job started.
    """
    now = (now or dt.datetime.now(dt.UTC)).astimezone(trigger.timezone) + dt.timedelta(seconds=grace)
    for lookback in (dt.timedelta(minutes=2), dt.timedelta(hours=2), dt.timedelta(days=2), dt.timedelta(days=9),
                     dt.timedelta(days=40), dt.timedelta(days=370), dt.timedelta(days=4 * 366)):
        fire = trigger.get_next_fire_time(None, now - lookback)
        if fire is None or fire > now:
            continue
        while True:
            following = trigger.get_next_fire_time(fire, fire + dt.timedelta(microseconds=1))
            if following is None or following > now:
                return fire.astimezone(dt.UTC).isoformat(timespec="minutes")
            fire = following
    return None


class DigestJob:
    """The digest job: works out its slot and posts one digest per configured channel."""

    def __init__(self, store: Store, client: WebClient, trigger: CronTrigger) -> None:
        self.store = store
        self.client = client
        self.trigger = trigger
        self.runs = 0
        self.last_outcomes: list[DigestOutcome] = []
        self._cond = threading.Condition()

    def run_once(self, now: dt.datetime | None = None) -> list[DigestOutcome]:
        slot = slot_for(self.trigger, now)
        if slot is None:
            log.warning("digest job ran but the schedule has no past fire time; nothing done")
            return []
        return run_digest(self.store, self.client, slot)

    def __call__(self) -> None:
        outcomes: list[DigestOutcome] = []
        try:
            outcomes = self.run_once()
        except Exception:
            log.exception("digest job failed")
        with self._cond:
            self.runs += 1
            self.last_outcomes = outcomes
            self._cond.notify_all()

    def wait_for_runs(self, n: int, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.runs >= n, timeout)


def start_scheduler(store: Store, client: WebClient | None, *, settle_seconds: float | None = None,
                    ingest: Ingest | None = None) -> BackgroundScheduler:
    """Start the watch job and (with digest channels and a client) the digest job; returns the scheduler.

    ``settle_seconds``: how long a file must stay unmodified before it is read (default:
    the watch interval, between 1 and 5 s). ``ingest``: what runs a scan (see :class:`Watcher`).
    Stop the scheduler with ``scheduler.shutdown()``.
    The jobs' callables are reachable as ``scheduler.get_job("watch").func`` (:class:`Watcher`)
    and ``get_job("digest").func`` (:class:`DigestJob`).
    """
    settings = store.settings
    trigger = digest_trigger(settings.digest_cron, settings.timezone) if settings.digest_channels else None
    time_zone(settings.timezone)  # a zone that is not one: the ValueError every entry point gives
    scheduler = BackgroundScheduler(timezone=settings.timezone)
    interval = max(1, settings.watch_interval)
    watcher = Watcher(store, settle_seconds=settle_seconds, ingest=ingest)
    scheduler.add_job(watcher, IntervalTrigger(seconds=interval, timezone=settings.timezone),
                      id=WATCH_JOB, name="watch the articles folder", max_instances=1, coalesce=True,
                      misfire_grace_time=None, next_run_time=dt.datetime.now(dt.UTC))
    if trigger is not None and client is not None:
        scheduler.add_job(DigestJob(store, with_rate_limit_retry(client), trigger), trigger, id=DIGEST_JOB,
                          name="post digests", max_instances=1, coalesce=True,
                          misfire_grace_time=DIGEST_MISFIRE_GRACE)
        log.info("digests to %s on %r (%s)", ", ".join(settings.digest_channels), settings.digest_cron,
                 settings.timezone)
    elif settings.digest_channels:
        log.warning("FACTDESK_DIGEST_CHANNELS is set but there is no Slack client (SLACK_BOT_TOKEN): no digests")
    scheduler.start()
    log.info("scheduler started: watching %s every %ss", settings.seeds_dir, interval)
    return scheduler
