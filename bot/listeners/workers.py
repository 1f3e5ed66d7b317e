"""Where the work behind an acknowledged command runs: threads here, or worker processes.

A listener acknowledges in the request's own thread and hands the rest (answer the question,
render it, post it through the ``response_url``) to a *job runner*:

* :class:`ThreadJobs`: a thread pool in this process. What ``build_app`` uses by default
  (tests, anything embedding the app).
* :class:`ProcessJobs`: a few worker processes, each with its own Store. What
  ``factdesk serve`` uses.

``factdesk serve`` also runs the folder watch's scans in a process of their own
(:class:`IngestProcess`), for the same reason.

Why processes: answers are CPU-bound Python (``store/query.py``, tens of ms each). Run in the
process that serves Slack, they hold its GIL, and every acknowledgement, which needs the GIL
briefly at a dozen points (read the request, verify the signature, run the middleware, write
the response), waits up to the interpreter's switch interval (5 ms) at each of them behind
whichever answer is running: with 50 commands at once that put the ack p99 at 0.2-0.7 s for
about 1.5 ms of real work per ack. Rendering and posting the answers in the serving process
still cost it ~4 ms of GIL per command, so the whole job moves: the serving process only
verifies, deduplicates, acknowledges and enqueues.

A job is a module-level function ``job(store, payload, respond)``: ``payload`` is the plain
request data it needs (the command's form fields, the action's body) and ``respond`` posts to
the ``response_url`` (Bolt's ``Respond``; in a worker, a new ``Respond`` for the same URL, as
Bolt builds it).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from slack_bolt.context.respond import Respond

from bot.retries import answered_elsewhere
from store.ingest import IngestReport
from store.runtime import Store, freeze_startup_objects, open_store
from store.settings import Settings

log = logging.getLogger(__name__)

Job = Callable[[Store, dict[str, Any], Respond], None]

# Same as bot/cli.py: worker processes are spawned, so they do not inherit its logging set-up.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JobRunner(Protocol):
    def submit(self, job: Job, payload: dict[str, Any], respond: Respond) -> None:
        """Start ``job`` and return at once. Never raises: it runs inside a listener, after
        ``ack()``, and an exception there would turn the acknowledgement into an HTTP 500."""
        ...

    def close(self) -> None: ...


def _run(job: Job, store: Store, payload: dict[str, Any], respond: Respond) -> None:
    """Jobs report their own failures (an apology to the user); this catches what escapes them.
    A re-send another replica took in first is dropped here, off the ack path (bot/retries.py)."""
    try:
        if answered_elsewhere(store.engine, payload):
            return
        job(store, payload, respond)
    except Exception:
        log.exception("job %s failed", getattr(job, "__name__", job))


def default_workers() -> int:
    """As many as cores (at least 2): more answers at once than cores only slows each one."""
    return max(2, os.cpu_count() or 2)


class ThreadJobs:
    """Jobs on a thread pool of this process, with ``store``.

    Answers are still limited to ``bot.listeners.commands.ANSWERING`` at a time; the pool is
    wider so that an apology or a note is not queued behind them.
    """

    def __init__(self, store: Store, threads: int = 16) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="factdesk-job")

    def submit(self, job: Job, payload: dict[str, Any], respond: Respond) -> None:
        try:
            self._executor.submit(_run, job, self.store, payload, respond)
        except Exception:
            log.exception("could not start job %s", getattr(job, "__name__", job))

    def close(self) -> None:
        """Let the jobs already submitted finish."""
        self._executor.shutdown(wait=True)


# One Store per worker process, opened by the pool's initializer.
_worker_store: Store | None = None
# Set by SIGUSR1 in the scan process: finish the article in hand, close the run, return.
_stop_scan = threading.Event()
# How long ``serve`` waits, when it stops, for a scan to end properly before killing it: the
# articles of the open batch (half a second's worth) and the rounds after them. Within
# deploy/'s stop timeouts (systemd TimeoutStopSec=20, compose stop_grace_period 20s).
SCAN_STOP_WAIT = 10.0


# Workers run at a lower CPU priority than the serving process. When the cores are busy (a
# burst of commands: the answers of the first ones are computed while the later ones still
# wait to be acknowledged), the OS then runs the acknowledgements first: their deadline is
# Slack's 3 s, an answer's is a person reading. Under 50 commands at once on 2 cores this
# took the ack p99 from ~57 to ~38 ms, for answers ~50 ms later.
WORKER_NICE = 10


def _exit_with_parent() -> None:
    """Leave when the serving process is gone, however it went (SIGKILL, out of memory).

    A worker ignores stop signals and its job queue stays open (its siblings hold the other
    end), so nothing else would end it: orphans would keep their database connections.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - always set in a pool worker
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _start_worker(settings: Settings, log_level: int) -> None:
    """Pool initializer: lower priority (``WORKER_NICE``), logging like the parent's, and this
    worker's own Store.

    Stop signals are the serving process's business: it stops taking commands, lets the jobs
    in flight finish and then shuts the pool down. A SIGINT from the terminal (sent to the
    whole process group), or a SIGTERM to the group, must not kill a worker mid-answer.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGUSR1, lambda signum, frame: _stop_scan.set())  # see IngestProcess.close
    _exit_with_parent()
    logging.basicConfig(level=log_level, stream=sys.stderr, format=LOG_FORMAT)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    os.nice(WORKER_NICE)
    global _worker_store
    _worker_store = open_store(settings, migrate_schema=False)  # the serving process migrated
    freeze_startup_objects()


def _run_in_worker(job: Job, payload: dict[str, Any], response_url: str | None, proxy: str | None) -> None:
    if _worker_store is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("job worker started without a store")
    _run(job, _worker_store, payload, Respond(response_url=response_url, proxy=proxy))


def _worker_pool(settings: Settings, workers: int) -> ProcessPoolExecutor:
    """``workers`` processes set up by :func:`_start_worker`, started with ``spawn`` (see ProcessJobs)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker,
                               initargs=(settings, logging.getLogger().getEffectiveLevel()))


def _ready() -> int:
    return os.getpid()


def _ingest_in_worker(folder: str, settle_seconds: float) -> IngestReport:
    if _worker_store is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("ingest worker started without a store")
    _stop_scan.clear()
    return _worker_store.ingest(Path(folder), settle_seconds=settle_seconds, stop=_stop_scan.is_set)


class ProcessJobs:
    """Jobs in ``workers`` processes, each with its own Store opened from ``settings``.

    Workers are started with ``spawn``, not ``fork``: the serving process has threads (Bolt,
    waitress, the scheduler) and open database connections that a forked child must not
    inherit. A worker that dies (killed, out of memory) breaks the pool: its jobs are lost
    (logged) and the next job gets a fresh pool.
    """

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = workers or default_workers()
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return _worker_pool(self.settings, self.workers)

    def start(self, timeout: float = 60.0) -> None:
        """Start the workers now rather than at the first command, and wait until they run.

        Submitting ``workers`` tasks at once makes the executor spawn that many processes; a
        task finishes only after a worker's initializer has opened its Store.
        """
        for future in [self._pool.submit(_ready) for _ in range(self.workers)]:
            future.result(timeout=timeout)

    def submit(self, job: Job, payload: dict[str, Any], respond: Respond) -> None:
        # Respond's ``ssl`` context cannot cross processes; the bot's client sets none.
        args = (job, payload, respond.response_url, respond.proxy)
        pool = self._pool
        try:
            try:
                future = pool.submit(_run_in_worker, *args)
            except BrokenProcessPool:
                pool = self._replace(pool)
                future = pool.submit(_run_in_worker, *args)
        except Exception:
            log.exception("could not start job %s", getattr(job, "__name__", job))
            return
        future.add_done_callback(partial(self._check, pool))

    def _check(self, pool: ProcessPoolExecutor, future: Future[None]) -> None:
        exc = future.exception()
        if exc is None:
            return
        log.error("a job was lost: %s: %s", type(exc).__name__, exc)
        if isinstance(exc, BrokenProcessPool):
            self._replace(pool)

    def _replace(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is broken:
                log.error("a job worker died: starting a new pool of %d", self.workers)
                self._pool = self._new_pool()
            return self._pool

    def close(self) -> None:
        """Let the jobs already submitted finish (their answers are posted), then stop the workers."""
        self._pool.shutdown(wait=True)


class IngestProcess:
    """The folder watch's ingests, in one process of their own (set up like the answer workers).

    An ingest is CPU-bound Python for seconds to minutes: a rescan of 100k files, a batch of
    new articles, round discovery. In the serving process it held the GIL against the
    acknowledgements, and a burst of commands during a watch tick took the ack p99 to 250 ms
    at 100k articles. The ``ingest`` lease stays with the caller, which renews it while the
    child works; a child that dies is replaced at the next run (the articles it had committed
    stay, the interrupted run is picked up as after any crash).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pid: int | None = None
        self._scan: Future[IngestReport] | None = None
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The child's process id (None before the first scan)."""
        return self._pid

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:  # first run, or the last child died
                self._pool = _worker_pool(self.settings, 1)
                self._pid = self._pool.submit(_ready).result(timeout=120)
            return self._pool

    def ingest(self, folder: Path, settle_seconds: float = 0.0) -> IngestReport | None:
        """The child's report; None when :meth:`close` stopped the scan (serve is stopping)."""
        if self._closed:
            return None
        pool = self._current()
        try:
            with self._lock:
                self._scan = scan = pool.submit(_ingest_in_worker, str(folder), settle_seconds)
            return scan.result()
        except (BrokenProcessPool, CancelledError, RuntimeError):  # RuntimeError: submit after shutdown
            if self._closed:
                log.info("folder scan stopped: factdesk serve is stopping")
                return None
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            raise

    def close(self, wait: float = SCAN_STOP_WAIT) -> None:
        """Stop the child. A scan in progress is asked to stop (SIGUSR1: the child ignores the
        usual stop signals, as every worker does) and given ``wait`` seconds to finish the
        articles in hand and close its run, so the next start does not redo the run's rounds
        (about 20 s at 100k articles). Then the child is killed, done or not: every article is
        committed whole, and the next run goes on from what is stored."""
        with self._lock:
            self._closed = True
            pool, pid, scan = self._pool, self._pid, self._scan
            self._pool, self._pid = None, None
        if pool is None:
            return
        if pid is not None and scan is not None and not scan.done():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR1)
            try:
                report = scan.result(timeout=wait)
                log.info("folder scan stopped: %s", report.summary())
            except Exception as exc:  # TimeoutError: killed below, as before
                log.warning("folder scan did not stop within %.0f s (%s): stopping its process", wait,
                            type(exc).__name__)
        pool.shutdown(wait=False, cancel_futures=True)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
