"""The WSGI application of HTTP mode: Bolt at ``/slack/events`` plus ``GET /healthz``.

Served by waitress (``bot/serve.py``); any WSGI server can run ``make_wsgi_app(...)`` too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import func, select

from store.models import IngestRun
from store.runtime import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def health(store: Store) -> tuple[int, dict[str, Any]]:
    """200 ``{"ok": true, "database": "ok", "last_ingest": ISO or null}``; 503 when the database fails."""
    try:
        with store.sessions() as session:
            last = session.scalar(select(func.max(IngestRun.finished_at)))
    except Exception as exc:
        log.warning("health check: database unreachable: %s", type(exc).__name__)
        return 503, {"ok": False, "database": "unreachable", "last_ingest": None}
    if isinstance(last, dt.datetime) and last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)  # stored as naive UTC
    return 200, {"ok": True, "database": "ok", "last_ingest": last.isoformat() if last else None}


def make_wsgi_app(app: App, store: Store, path: str = EVENTS_PATH) -> Callable[..., Iterable[bytes]]:
    bolt = SlackRequestHandler(app, path=path)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
                return [b""]
            status, body = health(store)
            raw = json.dumps(body).encode()
            reason = "OK" if status == 200 else "Service Unavailable"
            start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                                  ("Content-Length", str(len(raw))),
                                                  ("Cache-Control", "no-store")])
            return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [raw]
        stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        if stamp is not None and not stamp.strip().isdigit():
            # Bolt's signature check reads it as an int and answers a 500 with a traceback in the log
            log.info("slack request refused: its timestamp is not a number")
            start_response("401 Unauthorized", [("Content-Type", "text/plain"), ("Content-Length", "15")])
            return [b"invalid request"]
        return bolt(environ, start_response)

    return wsgi
