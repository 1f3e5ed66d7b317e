"""Builds the Bolt App: Web client, retry guard (``bot/retries.py``), listeners. ``bot/serve.py`` runs it.

    app = build_app(store)            # client from the settings (SLACK_BOT_TOKEN, SLACK_API_URL)
    app = build_app(store, client)    # tests: a WebClient pointed at tests/fake_slack.py
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.listeners import register_listeners
from bot.listeners.workers import JobRunner, ThreadJobs
from bot.retries import DeliveryGuard, retry_middleware
from bot.slack_client import DEFAULT_API_URL, make_client  # noqa: F401 (re-exported for callers)
from store.runtime import Store


class _QuietTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and then warns, at every start,
    that the client we pass wins over it. Our client carries that very token: drop the noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


class _NoRejectedBodies(logging.Filter):
    """Bolt logs a request whose signature fails with its whole body: a replayed command's
    response_url (a webhook anyone holding it can post to for half an hour) and whatever a forger
    chose to write into our log. Keep the fact that it happened, drop what it carried."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Invalid request signature detected"):
            record.msg, record.args = "Invalid request signature detected: request refused (body not logged)", ()
        return True


logging.getLogger("slack_bolt.App").addFilter(_QuietTokenWarning())
logging.getLogger("slack_bolt.RequestVerification").addFilter(_NoRejectedBodies())


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
    app.use(retry_middleware(guard or DeliveryGuard()))
    register_listeners(app, store, jobs or ThreadJobs(store))
    return app
