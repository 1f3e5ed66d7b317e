"""A local stand-in for Slack, so the test suite runs without a network.

Slack is unreachable from CI and developer sandboxes, and hand-written mocks of
``slack_sdk`` objects drift from what the library really sends.  Instead, the
tests point the *real* clients at this process-local server:

* ``slack_sdk.WebClient(token=..., base_url=slack.api_url)`` talks HTTP to
  ``/api/<method>`` (which is also what ``slack_bolt.App`` uses underneath);
* ``slack_sdk.socket_mode.SocketModeClient`` (the built-in one that
  ``slack_bolt.adapter.socket_mode.SocketModeHandler`` uses) asks
  ``apps.connections.open`` for a URL and gets this server's websocket;
* ``response_url`` posts (Bolt's ``respond()``) land on ``/response/<name>``.

Every request is recorded so tests can assert on exactly what the bot sent, and
``wait_for_*`` helpers block (with a deadline) until asynchronous traffic arrives.

Notes for users:

* The built-in SocketModeClient reads ``HTTPS_PROXY``/``HTTP_PROXY`` and ignores
  ``NO_PROXY``; with a proxy set it would try to tunnel to 127.0.0.1.  Tests
  should clear those variables (e.g. ``monkeypatch.delenv``).
* Close Socket Mode clients *before* stopping the fake: stopping closes the
  websocket, and a still-running client then tries to reconnect.
* Header names in :class:`Call` are lower-cased: urllib rewrites them (it sends
  ``Content-type``), and HTTP header names are case-insensitive anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email.parser
import email.policy
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin.client import SocketModeClient
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

__all__ = [
    "API_APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "Call",
    "FakeSlack",
    "block_actions_body",
    "block_actions_payload",
    "close_socket_mode_client",
    "sign",
    "slash_command_body",
    "slash_command_payload",
]

log = logging.getLogger(__name__)

TEAM_ID = "T0FAKETEAM"
TEAM_DOMAIN = "factdesk-test"
TEAM_NAME = "Factdesk Test"
BOT_USER_ID = "U0FAKEBOT"
BOT_USER_NAME = "factdesk"
BOT_ID = "B0FAKEBOT"
API_APP_ID = "A0FAKEAPP"
VERIFICATION_TOKEN = "fake-verification-token"

_JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Call:
    """One HTTP request to ``/api/<method>``, as the fake received it.

    ``params`` merges query string, form fields and JSON body (the WebClient sends
    ``chat.*`` as JSON and most other methods form-encoded, so tests should not
    have to care).  JSON values keep their types; form values are strings, so
    e.g. ``blocks`` is a list when sent as JSON but a JSON string when form-encoded.
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    http_method: str = "POST"
    rate_limited: bool = False
    raw_body: bytes = b""

    @property
    def token(self) -> str | None:
        """The token the caller authenticated with (Bearer header, else ``token`` param)."""
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        token = self.params.get("token")
        return str(token) if token is not None else None


@dataclass
class _State:
    """Everything the servers record; guarded by ``FakeSlack._cond``."""

    calls: list[Call] = field(default_factory=list)
    responses: list[tuple[str, Any]] = field(default_factory=list)
    bad_responses: list[tuple[str, str]] = field(default_factory=list)
    rate_limits: dict[str, list[int]] = field(default_factory=dict)
    overrides: dict[str, dict[str, Any] | Callable[[Call], dict[str, Any]]] = field(default_factory=dict)
    ws_clients: list[ServerConnection] = field(default_factory=list)
    ws_connections_total: int = 0
    ws_received: list[Any] = field(default_factory=list)
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    ts_counter: int = 0


class FakeSlack:
    """Slack Web API + response_url + Socket Mode websocket on 127.0.0.1.

    Use as ``with FakeSlack() as slack:`` or call :meth:`start` / :meth:`stop`.
    Both servers bind port 0, so parallel test runs never collide.
    """

    def __init__(
        self,
        *,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        api_app_id: str = API_APP_ID,
        ws_ping_interval: float | None = 0.25,
    ) -> None:
        """Identity fields feed auth.test and message payloads.

        ``ws_ping_interval`` is short on purpose: the SDK's built-in client blocks in
        ``recv()`` for up to 3 s holding a lock that ``close()`` needs, and a server
        ping wakes it, so closing clients stays fast.  ``None`` disables pings.
        """
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.api_app_id = api_app_id
        self.ws_ping_interval = ws_ping_interval

        self.http_port = 0
        self.ws_port = 0
        self.api_url = ""
        self.ws_url = ""

        self._cond = threading.Condition()
        self._state = _State()
        self._ts_base = int(time.time())
        self._httpd: ThreadingHTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ws_thread: threading.Thread | None = None
        self._ws_server: Server | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeSlack:
        """Start the HTTP and websocket servers; returns self for chaining."""
        if self._httpd is not None:
            raise RuntimeError("FakeSlack already started")
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.http_port = self._httpd.server_address[1]
        self._http_thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-slack-http",
            daemon=True,
        )
        self._http_thread.start()

        self._loop = asyncio.new_event_loop()
        self._ws_thread = threading.Thread(target=self._run_loop, name="fake-slack-ws", daemon=True)
        self._ws_thread.start()
        try:
            self._ws_server = self._run_async(self._start_ws(), timeout=10)
        except BaseException:
            self.stop()
            raise
        self.ws_port = self._ws_server.sockets[0].getsockname()[1]

        self.api_url = f"http://127.0.0.1:{self.http_port}/api/"
        # Same shape as Slack's wss://wss-primary.slack.com/link/?ticket=...&app_id=...
        self.ws_url = f"ws://127.0.0.1:{self.ws_port}/link/?ticket=fake-ticket&app_id={self.api_app_id}"
        return self

    def stop(self) -> None:
        """Stop both servers (idempotent). Close Socket Mode clients first."""
        if self._loop is not None:
            if self._ws_server is not None and self._loop.is_running():
                try:
                    self._run_async(self._stop_ws(), timeout=10)
                except Exception:  # pragma: no cover - best effort during teardown
                    log.exception("fake slack: websocket server did not stop cleanly")
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._ws_thread is not None:
                self._ws_thread.join(timeout=10)
            self._loop.close()
            self._loop = None
            self._ws_thread = None
            self._ws_server = None
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            if self._http_thread is not None:
                self._http_thread.join(timeout=10)
            self._httpd = None
            self._http_thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ Web API control

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded Web API calls (including rate-limited ones), oldest first."""
        with self._cond:
            return [c for c in self._state.calls if method is None or c.method == method]

    def wait_for_calls(self, method: str, n: int, timeout: float = 10) -> list[Call]:
        """Block until ``n`` calls of ``method`` arrived; the bot may call Slack from worker threads."""

        def ready() -> list[Call] | None:
            got = [c for c in self._state.calls if c.method == method]
            return got if len(got) >= n else None

        def explain() -> str:
            got = sum(1 for c in self._state.calls if c.method == method)
            seen = [c.method for c in self._state.calls]
            return f"expected {n} call(s) to {method} within {timeout}s, got {got}; all calls so far: {seen}"

        return self._wait(ready, timeout, explain)

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 429 + Retry-After.

        ``retry_after`` is whole seconds because slack_sdk parses it with ``int()``
        (and its RateLimitErrorRetryHandler sleeps retry_after + up to 1s of jitter).
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        with self._cond:
            self._state.rate_limits.setdefault(method, []).extend([int(retry_after)] * times)

    def set_response(self, method: str, body: dict[str, Any] | Callable[[Call], dict[str, Any]] | None) -> None:
        """Override the JSON answered for ``method`` (a dict or ``f(call) -> dict``); None restores default.

        Lets tests exercise error paths, e.g. ``{"ok": False, "error": "channel_not_found"}``.
        """
        with self._cond:
            if body is None:
                self._state.overrides.pop(method, None)
            else:
                self._state.overrides[method] = body

    def clear(self) -> None:
        """Forget recorded calls, responses and acks (not rate limits or overrides)."""
        with self._cond:
            self._state.calls.clear()
            self._state.responses.clear()
            self._state.bad_responses.clear()
            self._state.ws_received.clear()
            self._state.acks.clear()

    # ------------------------------------------------------------------ response_url

    def response_url(self, name: str = "x") -> str:
        """A response_url to hand to the bot; posts to it are recorded under ``name``."""
        if not self.http_port:
            raise RuntimeError("FakeSlack not started")
        return f"http://127.0.0.1:{self.http_port}/response/{quote(name, safe='')}"

    def responses(self, name: str | None = None) -> list[Any]:
        """Parsed JSON bodies posted to response URLs (optionally only ``name``), in order."""
        with self._cond:
            return [body for n, body in self._state.responses if name is None or n == name]

    def wait_for_responses(self, n: int, timeout: float = 10, name: str | None = None) -> list[Any]:
        """Block until ``n`` response_url posts arrived (Bolt's respond() may run after ack)."""

        def ready() -> list[Any] | None:
            got = [b for nm, b in self._state.responses if name is None or nm == name]
            return got if len(got) >= n else None

        def explain() -> str:
            where = "any response_url" if name is None else f"response_url {name!r}"
            got = [b for nm, b in self._state.responses if name is None or nm == name]
            msg = f"expected {n} post(s) to {where} within {timeout}s, got {len(got)}: {got}"
            if self._state.bad_responses:
                msg += f"; rejected non-JSON posts: {self._state.bad_responses}"
            return msg

        return self._wait(ready, timeout, explain)

    # ------------------------------------------------------------------ Socket Mode

    def wait_for_socket_client(self, timeout: float = 10, *, connections: int = 1) -> None:
        """Block until a Socket Mode client is connected (and has been sent ``hello``).

        ``connections`` counts every connection accepted since start, so after a
        reconnect ``connections=2`` waits for the NEW socket, not the dying old one.
        """
        self._wait(
            lambda: True if self._state.ws_clients and self._state.ws_connections_total >= connections else None,
            timeout,
            lambda: (
                f"expected {connections} Socket Mode connection(s) within {timeout}s, "
                f"got {self._state.ws_connections_total} ({len(self._state.ws_clients)} open; "
                f"apps.connections.open calls: {len(self.calls('apps.connections.open'))})"
            ),
        )

    def socket_client_count(self) -> int:
        """How many websocket clients are currently connected."""
        with self._cond:
            return len(self._state.ws_clients)

    def socket_connections_total(self) -> int:
        """How many websocket connections were accepted since start (reconnects included)."""
        with self._cond:
            return self._state.ws_connections_total

    def send_envelope(
        self,
        payload_type: str,
        payload: dict[str, Any],
        envelope_id: str | None = None,
        *,
        accepts_response_payload: bool = True,
        timeout: float = 10,
    ) -> str:
        """Deliver a Socket Mode envelope and return its envelope_id.

        ``payload_type`` is ``slash_commands``, ``interactive`` or ``events_api``.
        Like Slack, each envelope goes to ONE connection (the newest), never to all,
        so a reconnecting client does not see duplicates.  Waits up to ``timeout``
        for a client, because SocketModeClient.connect() can return before the
        server side has registered the connection.
        """
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": payload_type,
            "accepts_response_payload": accepts_response_payload,
        }
        if payload_type == "events_api":
            envelope.update({"retry_attempt": 0, "retry_reason": ""})
        self.send_raw(envelope, timeout=timeout)
        return envelope_id

    def send_raw(self, message: dict[str, Any] | str, *, timeout: float = 10) -> None:
        """Send any text frame (e.g. ``{"type": "disconnect", "reason": "refresh_requested"}``)."""
        text = message if isinstance(message, str) else json.dumps(message)
        self.wait_for_socket_client(timeout=timeout)
        with self._cond:
            conn = self._state.ws_clients[-1]
        self._run_async(conn.send(text), timeout=timeout)

    def socket_messages(self) -> list[Any]:
        """Every text frame clients sent (JSON-decoded when possible), oldest first."""
        with self._cond:
            return list(self._state.ws_received)

    def acks(self) -> dict[str, dict[str, Any]]:
        """Acknowledgements received so far, by envelope_id."""
        with self._cond:
            return dict(self._state.acks)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10) -> dict[str, Any]:
        """Block until the client acks ``envelope_id``; returns ``{"envelope_id", "payload"?}``."""
        return self._wait(
            lambda: self._state.acks.get(envelope_id),
            timeout,
            lambda: (
                f"no ack for envelope {envelope_id} within {timeout}s; "
                f"acks: {list(self._state.acks)}; clients connected: {len(self._state.ws_clients)}"
            ),
        )

    def ping_socket_clients(self, timeout: float = 5) -> list[float]:
        """Ping every client and return round-trip latencies; proves clients answer pings."""
        with self._cond:
            conns = list(self._state.ws_clients)
        if not conns:
            raise AssertionError("no Socket Mode client connected to ping")

        async def ping_all() -> list[float]:
            async def one(conn: ServerConnection) -> float:
                return await asyncio.wait_for(await conn.ping(), timeout)

            return list(await asyncio.gather(*(one(c) for c in conns)))

        return self._run_async(ping_all(), timeout=timeout + 1)

    # ------------------------------------------------------------------ internals

    def _wait(self, ready: Callable[[], Any], timeout: float, explain: Callable[[], str]) -> Any:
        found: list[Any] = []

        def check() -> bool:
            value = ready()
            if value is None:
                return False
            found.append(value)
            return True

        with self._cond:
            if not self._cond.wait_for(check, timeout=timeout):
                raise AssertionError(explain())
            return found[-1]

    def _next_ts(self) -> str:
        # Slack ts strings are "seconds.micro-ish"; a counter keeps them unique and increasing.
        self._state.ts_counter += 1
        return f"{self._ts_base}.{self._state.ts_counter:06d}"

    def _run_loop(self) -> None:
        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def _run_async(self, coro: Any, timeout: float) -> Any:
        if self._loop is None:
            coro.close()
            raise RuntimeError("FakeSlack not started")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _start_ws(self) -> Server:
        # compression=None: the SDK's hand-rolled client never negotiates extensions anyway.
        return await serve(
            self._ws_handler,
            "127.0.0.1",
            0,
            compression=None,
            ping_interval=self.ws_ping_interval,
            close_timeout=1,
        )

    async def _stop_ws(self) -> None:
        assert self._ws_server is not None
        self._ws_server.close(close_connections=True)
        await self._ws_server.wait_closed()

    async def _ws_handler(self, conn: ServerConnection) -> None:
        with self._cond:
            num = len(self._state.ws_clients) + 1
        hello = {
            "type": "hello",
            "num_connections": num,
            "debug_info": {"host": "fake-slack", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.api_app_id},
        }
        try:
            await conn.send(json.dumps(hello))
            with self._cond:
                self._state.ws_clients.append(conn)
                self._state.ws_connections_total += 1
                self._cond.notify_all()
            async for raw in conn:
                if isinstance(raw, bytes):
                    raw = raw.decode("utf-8", "replace")
                try:
                    msg: Any = json.loads(raw)
                except ValueError:
                    msg = raw
                with self._cond:
                    self._state.ws_received.append(msg)
                    if isinstance(msg, dict) and "envelope_id" in msg:
                        self._state.acks[str(msg["envelope_id"])] = msg
                    self._cond.notify_all()
        except ConnectionClosed:
            pass  # the SDK client closes the TCP socket without a close frame
        finally:
            with self._cond:
                if conn in self._state.ws_clients:
                    self._state.ws_clients.remove(conn)
                self._cond.notify_all()

    def _api(self, call: Call) -> tuple[int, dict[str, str], dict[str, Any]]:
        """Record ``call`` and decide the answer: (status, extra headers, JSON body)."""
        with self._cond:
            pending = self._state.rate_limits.get(call.method)
            if pending:
                retry_after = pending.pop(0)
                self._state.calls.append(dataclasses.replace(call, rate_limited=True))
                self._cond.notify_all()
                return 429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"}
            self._state.calls.append(call)
            override = self._state.overrides.get(call.method)
            body = self._default(call)
            if callable(override):
                body = override(call)
            elif override is not None:
                body = dict(override)
            self._cond.notify_all()
            return 200, {}, body

    def _default(self, call: Call) -> dict[str, Any]:
        p = call.params
        m = call.method
        if m == "auth.test":
            return {
                "ok": True,
                "url": f"https://{self.team_domain}.slack.com/",
                "team": TEAM_NAME,
                "user": BOT_USER_NAME,
                "team_id": self.team_id,
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
                "is_enterprise_install": False,
            }
        if m == "apps.connections.open":
            if not (call.token or "").startswith("xapp-"):
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.ws_url}
        if m in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            if not p.get("channel"):
                return {"ok": False, "error": "channel_not_found"}
            if m != "chat.update" and not any(p.get(k) for k in ("text", "blocks", "attachments")):
                return {"ok": False, "error": "no_text"}
            if m == "chat.postEphemeral":
                if not p.get("user"):
                    return {"ok": False, "error": "user_not_in_channel"}
                return {"ok": True, "message_ts": self._next_ts()}
            if m == "chat.update":
                if not p.get("ts"):
                    return {"ok": False, "error": "message_not_found"}
                ts = str(p["ts"])
                msg = self._message(p, ts)
                return {"ok": True, "channel": p["channel"], "ts": ts, "text": msg["text"], "message": msg}
            ts = self._next_ts()
            return {"ok": True, "channel": p["channel"], "ts": ts, "message": self._message(p, ts)}
        return {"ok": True}

    def _message(self, p: dict[str, Any], ts: str) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "type": "message",
            "subtype": "bot_message",
            "text": p.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.api_app_id,
            "team": self.team_id,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in p:
                value = p[key]
                if isinstance(value, str) and key != "thread_ts":
                    with contextlib.suppress(ValueError):  # form-encoded blocks arrive as JSON text
                        value = json.loads(value)
                msg[key] = value
        return msg

    def _record_response(self, name: str, raw: bytes) -> bool:
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            with self._cond:
                self._state.bad_responses.append((name, raw.decode("utf-8", "replace")))
                self._cond.notify_all()
            return False
        with self._cond:
            self._state.responses.append((name, body))
            self._cond.notify_all()
        return True


class _Handler(BaseHTTPRequestHandler):
    """Routes ``/api/<method>`` and ``/response/<name>``; ``fake`` is bound per server."""

    fake: FakeSlack
    server_version = "FakeSlack/1.0"

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        self._dispatch()

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from base class
        log.debug("fake slack http: " + format, *args)

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        if url.path.startswith("/api/"):
            params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
            params.update(_parse_body(self.headers.get("Content-Type", ""), raw))
            call = Call(
                method=url.path[len("/api/") :].strip("/"),
                params=params,
                headers={k.lower(): v for k, v in self.headers.items()},
                http_method=self.command,
                raw_body=raw,
            )
            status, extra, body = self.fake._api(call)
            self._send(status, json.dumps(body).encode("utf-8"), _JSON, extra)
        elif url.path.startswith("/response/") and self.command == "POST":
            name = unquote(url.path[len("/response/") :])
            if self.fake._record_response(name, raw):
                self._send(200, b"ok", "text/plain; charset=utf-8")
            else:
                self._send(400, b"invalid_payload", "text/plain; charset=utf-8")
        else:
            self._send(404, b"not found", "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(HTTPStatus(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    """Decode JSON, form-encoded or multipart bodies into a flat dict (last value wins)."""
    if not raw:
        return {}
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype == "multipart/form-data":
        return _parse_multipart(content_type, raw)
    text = raw.decode("utf-8", "replace")
    if ctype == "application/json" or (not ctype and text.lstrip().startswith("{")):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {"_json": data}
    return dict(parse_qsl(text, keep_blank_values=True))


def _parse_multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """Multipart (files.upload-style) fields: file parts stay bytes, others become str."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    out: dict[str, Any] = {}
    for part in msg.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        out[str(name)] = payload if part.get_filename() else payload.decode("utf-8", "replace")
    return out


def close_socket_mode_client(client: SocketModeClient) -> None:
    """Close a built-in SocketModeClient in milliseconds instead of ~1 s.

    Its message processor blocks in ``message_queue.get(timeout=1)`` and only checks
    ``closed`` between polls; flagging it closed and waking the queue with ``None``
    (which the SDK skips) lets ``close()`` return at once.  Works for Bolt too:
    ``close_socket_mode_client(handler.client)``.
    """
    client.closed = True
    client.message_queue.put(None)
    client.close()


# ---------------------------------------------------------------------- request builders


def sign(secret: str, body: str | bytes, timestamp: int | None = None) -> dict[str, str]:
    """Headers that make a POST to a Bolt HTTP endpoint pass signature verification.

    ``body`` must be byte-for-byte what you POST.  ``timestamp`` defaults to now;
    Bolt rejects timestamps older than 5 minutes, so pass an old one to test that.
    """
    ts = str(int(time.time()) if timestamp is None else int(timestamp))
    signature = SignatureVerifier(signing_secret=secret).generate_signature(timestamp=ts, body=body)
    if signature is None:  # pragma: no cover - only when timestamp/body are None
        raise ValueError("could not sign request")
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def _trigger_id() -> str:
    # Real trigger ids look like "13345224609.738474920.8088930838d88f008e0".
    n = uuid.uuid4().int
    return f"{n % 10**11}.{n // 10**11 % 10**9}.{uuid.uuid4().hex[:21]}"


def _default_response_url(team_id: str) -> str:
    # Unreachable on purpose: pass slack.response_url(...) when the bot will respond().
    return f"https://hooks.slack.com/commands/{team_id}/1/fake"


def slash_command_payload(
    command: str = "/talks",
    text: str = "round 2",
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str | None = None,
    trigger_id: str | None = None,
    *,
    user_name: str = "reporter",
    channel_name: str = "newsroom",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = API_APP_ID,
) -> dict[str, str]:
    """The fields Slack sends for a slash command (Socket Mode ``payload`` / HTTP form)."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url or _default_response_url(team_id),
        "trigger_id": trigger_id or _trigger_id(),
    }


def slash_command_body(
    command: str = "/talks",
    text: str = "round 2",
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str | None = None,
    trigger_id: str | None = None,
    **kwargs: str,
) -> str:
    """Form-encoded body Slack POSTs to a Bolt HTTP endpoint for a slash command."""
    return urlencode(slash_command_payload(command, text, user_id, channel_id, response_url, trigger_id, **kwargs))


def block_actions_payload(
    action_id: str,
    value: str,
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str | None = None,
    *,
    block_id: str = "actions",
    message_ts: str | None = None,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = API_APP_ID,
) -> dict[str, Any]:
    """The JSON Slack sends when a user clicks a button (Socket Mode ``payload``)."""
    now = f"{time.time():.6f}"
    message_ts = message_ts or now
    return {
        "type": "block_actions",
        "user": {"id": user_id, "username": "reporter", "name": "reporter", "team_id": team_id},
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id or _trigger_id(),
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "newsroom"},
        "message": {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": message_ts, "text": ""},
        "state": {"values": {}},
        "response_url": response_url or _default_response_url(team_id),
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": value, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": now,
            }
        ],
    }


def block_actions_body(
    action_id: str,
    value: str,
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str | None = None,
    **kwargs: Any,
) -> str:
    """Form-encoded ``payload=<json>`` body Slack POSTs for a block_actions interaction."""
    payload = block_actions_payload(action_id, value, user_id, channel_id, response_url, **kwargs)
    return urlencode({"payload": json.dumps(payload)})
