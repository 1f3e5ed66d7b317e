"""Builds the Bolt App: Web client, retry guard, listeners. ``bot/serve.py`` runs it.

    app = build_app(store)            # client from the settings (SLACK_BOT_TOKEN, SLACK_API_URL)
    app = build_app(store, client)    # tests: a WebClient pointed at tests/fake_slack.py
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from functools import partial
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.listeners import register_listeners
from bot.listeners.workers import JobRunner, ThreadJobs
from bot.slack_client import DEFAULT_API_URL, make_client  # noqa: F401 (re-exported for callers)
from store.deliveries import claim
from store.runtime import Store

log = logging.getLogger(__name__)



class _QuietTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and then warns, at every start,
    that the client we pass wins over it. Our client carries that very token: drop the noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_QuietTokenWarning())


class DeliveryGuard:
    """Remembers the deliveries already taken in (by trigger_id / event_id) for ``ttl`` seconds.

    Slack re-sends a request it thinks was not acknowledged (``X-Slack-Retry-Num``; Socket
    Mode redelivers envelopes too). Keying on the delivery rather than on the retry header
    answers each user action exactly once: a re-send of something already being answered
    is acknowledged and dropped, while a re-send whose first attempt never reached us (we
    were down) is still answered.

    The memory is per process; ``shared`` (``store.deliveries.claim`` on PostgreSQL, see
    :func:`build_app`) extends it to every replica, where a re-send can land on another
    one. If the shared claim fails or takes longer than ``shared_timeout`` (a database
    unreachable or reconnecting), the delivery is answered: the ack must beat Slack's
    3 seconds, and a rare double answer beats a lost one.
    """

    def __init__(self, ttl: float = 900.0, max_keys: int = 10_000,
                 shared: Callable[[str], bool] | None = None, shared_timeout: float = 1.0) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self.shared = shared
        self.shared_timeout = shared_timeout
        self._claims = ThreadPoolExecutor(max_workers=4, thread_name_prefix="delivery") if shared else None
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
        if self.shared is None or self._claims is None:
            return True
        try:
            return self._claims.submit(self.shared, key).result(timeout=self.shared_timeout)
        except Exception as exc:  # the claim failed, or is still waiting for the database
            log.warning("could not record delivery %s in the database (%s): answering it",
                        key, type(exc).__name__, exc_info=not isinstance(exc, FuturesTimeout))
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


def shared_deliveries(store: Store) -> Callable[[str], bool] | None:
    """Replicas run on PostgreSQL and share its record of deliveries. On SQLite (one ``serve``
    per file) memory suffices, and a claim could wait behind an ingest's write lock: the ack
    must not."""
    if store.engine.dialect.name != "postgresql":
        return None
    return partial(claim, store.engine)


def build_app(store: Store, client: WebClient | None = None, *, guard: DeliveryGuard | None = None,
              jobs: JobRunner | None = None) -> App:
    """The Bolt App with every listener registered.

    ``token_verification_enabled`` stays on: App() calls auth.test at start-up (Slack's,
    or the fake's in tests), so a wrong token fails at once instead of at the first command.

    ``process_before_response=True``: Bolt runs the listener in the request's own thread and
    returns the HTTP response (Socket Mode: sends the envelope ack) as soon as it returns.
    Every listener here only calls ``ack()`` and hands its work to ``jobs``, so that is at
    once. With False, Bolt would run the listener on its listener pool and poll for its
    ``ack()`` every 10 ms (``slack_bolt/listener/thread_runner.py``): 10 ms added to every
    acknowledgement, and more while that pool is busy.

    ``jobs``: where the work behind the acks runs (``bot.listeners.workers``); by default a
    thread pool of this process with ``store``. ``factdesk serve`` passes worker processes.
    """
    settings = store.settings
    client = client or make_client(settings)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        token_verification_enabled=True,
        process_before_response=True,
    )
    app.use(retry_middleware(guard or DeliveryGuard(shared=shared_deliveries(store))))
    register_listeners(app, store, jobs or ThreadJobs(store))
    return app
