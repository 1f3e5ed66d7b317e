"""``factdesk serve``: run the Slack app and, beside it, the scheduler (folder watch, digests).

* ``SLACK_APP_TOKEN`` set: Socket Mode (outbound websocket, no public URL needed), with
  slack_bolt's SocketModeHandler and slack_sdk's built-in client.
* otherwise HTTP on ``FACTDESK_PORT`` (default 3000): ``POST /slack/events`` (Bolt, every
  request signature-checked with ``SLACK_SIGNING_SECRET``) and ``GET /healthz``, served
  by waitress, a production WSGI server.

The work behind each acknowledged command (answer, render, post to the ``response_url``)
runs in worker processes (``bot.listeners.workers``), and the folder watch's scans in one
more, so that the process acknowledging Slack's requests never waits behind them for the GIL.

SIGTERM and SIGINT stop it cleanly: no new requests, in-flight answers finish (and are
posted), then the workers stop; a scan in progress stops at once (articles are committed
whole, the next start goes on).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bot.app import DEFAULT_API_URL, build_app
from bot.http import EVENTS_PATH, HEALTH_PATH, make_wsgi_app
from bot.listeners.workers import IngestProcess, ProcessJobs
from bot.scheduler import start_scheduler
from store.runtime import Store, freeze_startup_objects

log = logging.getLogger("factdesk.serve")

HTTP_THREADS = 8


def _fail(message: str) -> int:
    print(f"factdesk: {message}", file=sys.stderr)
    return 2


def serve(store: Store) -> int:
    settings = store.settings
    if not settings.slack_bot_token:
        return _fail("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...). See deploy/manifest.yml and the README.")
    socket_mode = bool(settings.slack_app_token)
    if not socket_mode and not settings.slack_signing_secret:
        return _fail("HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN, xapp-..., for Socket Mode).")
    jobs = ProcessJobs(settings, settings.answer_workers or None)  # no process started yet
    try:
        app = build_app(store, jobs=jobs)
        jobs.start()
    except Exception as exc:  # auth.test refused the token, Slack is unreachable, a worker failed
        log.error("could not start the Slack app: %s: %s", type(exc).__name__, exc)
        jobs.close()
        return 1
    freeze_startup_objects()  # this process acknowledges: no full collection walks the app mid-request
    api = settings.slack_api_url or DEFAULT_API_URL
    # The folder watch and the digests are scheduled beside the app, in this process (the scans
    # themselves run in a process of their own); across replicas the database (leases, one row
    # per digest slot) makes sure each runs once.
    server = None
    if not socket_mode:  # the port first: taken, it was a traceback once the scheduler had started
        try:
            server = _http_server(app, store)
        except (OSError, ValueError) as exc:
            jobs.close()
            return _fail(f"cannot listen on {settings.host}:{settings.port} (FACTDESK_HOST, FACTDESK_PORT): {exc}")
    ingests = IngestProcess(settings)
    scheduler = start_scheduler(store, app.client, ingest=ingests.ingest)
    try:
        if server is None:
            return _serve_socket_mode(app, store, api)
        return _serve_http(server, store, api)
    finally:
        scheduler.shutdown(wait=False)
        ingests.close()
        # No more requests come in: the answers in flight are computed and posted, then the
        # workers stop.
        jobs.close()


@contextmanager
def _on_stop_signals(handler: Callable[[int, Any], None]) -> Iterator[None]:
    """Install ``handler`` for SIGTERM and SIGINT (main thread only), restoring the old ones after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _serve_socket_mode(app: Any, store: Store, api: str) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token=store.settings.slack_app_token, web_client=app.client)
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        stop.set()

    with _on_stop_signals(on_signal):
        handler.connect()
        log.info("Factdesk is running in Socket Mode (command %s; Web API %s)", store.story.command, api)
        while not stop.wait(0.5):
            pass
        handler.close()
    log.info("Factdesk stopped")
    return 0


def _http_server(app: Any, store: Store) -> Any:
    """The WSGI server, its port bound (an OSError when another process holds it)."""
    import waitress

    return waitress.create_server(make_wsgi_app(app, store), host=store.settings.host, port=store.settings.port,
                                  threads=HTTP_THREADS, ident="factdesk")


def _serve_http(server: Any, store: Store, api: str) -> int:

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        raise SystemExit(0)  # waitress's run() catches it and shuts its workers down

    port = server.effective_port  # type: ignore[union-attr]
    log.info("Factdesk is running in HTTP mode on port %s: POST %s (command %s), GET %s; Web API %s",
             port, EVENTS_PATH, store.story.command, HEALTH_PATH, api)
    with _on_stop_signals(on_signal):
        try:
            server.run()
        except SystemExit:
            pass
        finally:
            server.close()
    log.info("Factdesk stopped")
    return 0
