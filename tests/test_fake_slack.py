"""Proves tests/fake_slack.py speaks Slack well enough for the REAL slack_sdk / slack_bolt clients.

If these fail, every Slack-facing test in the suite is suspect, so they exercise
the actual client code paths (urllib WebClient, built-in SocketModeClient, Bolt)
rather than hand-made requests where possible.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from tests.fake_slack import (
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    FakeSlack,
    block_actions_body,
    block_actions_payload,
    close_socket_mode_client,
    sign,
    slash_command_body,
    slash_command_payload,
)

pytestmark = pytest.mark.timeout(30)

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
SIGNING_SECRET = "test-signing-secret"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's socket client honours HTTPS_PROXY but not NO_PROXY; never tunnel to 127.0.0.1."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def web(slack: FakeSlack) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url)


@pytest.fixture
def socket_client(web: WebClient) -> Iterator[SocketModeClient]:
    """Built-in SocketModeClient; closed before the fake stops (fixture teardown order)."""
    client = SocketModeClient(app_token=APP_TOKEN, web_client=web)
    yield client
    close_socket_mode_client(client)


def _post_json(url: str, body: Any) -> tuple[int, str]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        return resp.status, resp.read().decode()


# ---------------------------------------------------------------------- Web API


def test_auth_test_returns_realistic_identity(slack: FakeSlack, web: WebClient) -> None:
    resp = web.auth_test()

    assert resp["ok"] is True
    assert resp["user_id"] == BOT_USER_ID
    assert resp["bot_id"] == BOT_ID
    assert resp["team_id"] == TEAM_ID
    assert resp["url"].startswith("https://") and resp["is_enterprise_install"] is False
    [call] = slack.calls("auth.test")
    assert call.token == BOT_TOKEN
    assert call.http_method == "POST"


def test_chat_post_message_is_recorded_with_json_params(slack: FakeSlack, web: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Round 2*"}}]

    first = web.chat_postMessage(channel="C123", text="Round 2 facts", blocks=blocks, thread_ts="1.000001")
    second = web.chat_postMessage(channel="C123", text="again")

    [call, _] = slack.calls("chat.postMessage")
    assert call.params == {
        "channel": "C123",
        "text": "Round 2 facts",
        "blocks": blocks,
        "thread_ts": "1.000001",
    }
    assert call.headers["content-type"].startswith("application/json")
    assert call.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    assert first["channel"] == "C123"
    assert first["message"]["blocks"] == blocks
    assert float(second["ts"]) > float(first["ts"])


def test_form_encoded_get_and_fallback_methods(slack: FakeSlack, web: WebClient) -> None:
    resp = web.conversations_info(channel="C9")  # WebClient sends this one form-encoded
    with urllib.request.urlopen(f"{slack.api_url}users.info?user=U7", timeout=5) as raw:
        get_body = json.loads(raw.read())

    assert resp.data == {"ok": True}
    assert get_body == {"ok": True}
    [form_call] = slack.calls("conversations.info")
    assert form_call.params == {"channel": "C9"}
    assert form_call.headers["content-type"] == "application/x-www-form-urlencoded"
    [get_call] = slack.calls("users.info")
    assert (get_call.http_method, get_call.params) == ("GET", {"user": "U7"})
    assert [c.method for c in slack.calls()] == ["conversations.info", "users.info"]


def test_multipart_upload_fields_are_parsed(slack: FakeSlack, web: WebClient) -> None:
    web.api_call("files.upload", files={"file": b"%PDF-1.4 fake"}, data={"channels": "C1", "title": "Memo"})

    [call] = slack.calls("files.upload")
    assert call.headers["content-type"].startswith("multipart/form-data")
    assert call.params == {"channels": "C1", "title": "Memo", "file": b"%PDF-1.4 fake"}


def test_missing_channel_gets_slack_error_and_overrides_apply(slack: FakeSlack, web: WebClient) -> None:
    with pytest.raises(SlackApiError) as missing:
        web.api_call("chat.postMessage", json={"text": "no channel"})
    slack.set_response("chat.postMessage", {"ok": False, "error": "is_archived"})
    with pytest.raises(SlackApiError) as archived:
        web.chat_postMessage(channel="C1", text="hi")
    slack.set_response("chat.postMessage", None)

    assert missing.value.response["error"] == "channel_not_found"
    assert archived.value.response["error"] == "is_archived"
    assert web.chat_postMessage(channel="C1", text="hi")["ok"] is True


def test_rate_limited_call_without_retry_handler_raises_429(slack: FakeSlack, web: WebClient) -> None:
    slack.rate_limit("chat.postMessage", times=1, retry_after=7)

    with pytest.raises(SlackApiError) as err:
        web.chat_postMessage(channel="C1", text="hi")

    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "7"
    assert err.value.response["error"] == "ratelimited"
    [call] = slack.calls("chat.postMessage")
    assert call.rate_limited is True


def test_rate_limit_once_is_retried_by_rate_limit_retry_handler(slack: FakeSlack) -> None:
    client = WebClient(
        token=BOT_TOKEN,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    slack.rate_limit("chat.postMessage", times=1, retry_after=1)

    started = time.monotonic()
    resp = client.chat_postMessage(channel="C1", text="after the limit")
    elapsed = time.monotonic() - started

    assert resp["ok"] is True
    calls = slack.wait_for_calls("chat.postMessage", 2, timeout=1)
    assert [c.rate_limited for c in calls] == [True, False]
    assert calls[1].params == {"channel": "C1", "text": "after the limit"}
    assert elapsed >= 1  # the handler honoured Retry-After


def test_wait_for_calls_times_out_with_helpful_message(slack: FakeSlack, web: WebClient) -> None:
    web.auth_test()

    with pytest.raises(AssertionError, match=r"expected 1 call\(s\) to chat\.update.*got 0.*auth\.test"):
        slack.wait_for_calls("chat.update", 1, timeout=0.1)


# ---------------------------------------------------------------------- response_url


def test_response_url_posts_are_recorded_in_order(slack: FakeSlack) -> None:
    first = slack.response_url("talks")
    other = slack.response_url("other")

    assert _post_json(first, {"text": "one"}) == (200, "ok")
    assert _post_json(other, {"text": "elsewhere"}) == (200, "ok")
    assert _post_json(first, {"text": "two", "replace_original": True}) == (200, "ok")

    assert slack.wait_for_responses(2, name="talks") == [
        {"text": "one"},
        {"text": "two", "replace_original": True},
    ]
    assert [r["text"] for r in slack.responses()] == ["one", "elsewhere", "two"]


def test_response_url_rejects_non_json_and_wait_explains(slack: FakeSlack) -> None:
    req = urllib.request.Request(slack.response_url("bad"), data=b"text=hi", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=5)
    err.value.close()  # an HTTPError owns the response socket
    assert err.value.code == 400

    with pytest.raises(AssertionError, match="rejected non-JSON posts"):
        slack.wait_for_responses(1, timeout=0.1, name="bad")


# ---------------------------------------------------------------------- Socket Mode


def test_socket_mode_client_receives_envelope_and_ack_comes_back(
    slack: FakeSlack, socket_client: SocketModeClient
) -> None:
    received: list[SocketModeRequest] = []
    raw_messages: list[str] = []

    def on_request(client: Any, req: SocketModeRequest) -> None:
        received.append(req)
        client.send_socket_mode_response(
            SocketModeResponse(envelope_id=req.envelope_id, payload={"text": f"got {req.payload['text']}"})
        )

    socket_client.socket_mode_request_listeners.append(on_request)
    socket_client.on_message_listeners.append(raw_messages.append)
    socket_client.connect()
    slack.wait_for_socket_client()

    payload = slash_command_payload(text="round 2", response_url=slack.response_url())
    envelope_id = slack.send_envelope("slash_commands", payload)
    ack = slack.wait_for_ack(envelope_id, timeout=5)

    assert ack == {"envelope_id": envelope_id, "payload": {"text": "got round 2"}}
    [req] = received
    assert (req.type, req.payload, req.accepts_response_payload) == ("slash_commands", payload, True)
    assert json.loads(raw_messages[0])["type"] == "hello"
    [open_call] = slack.calls("apps.connections.open")
    assert open_call.token == APP_TOKEN


def test_socket_mode_ping_pong_both_directions(slack: FakeSlack, socket_client: SocketModeClient) -> None:
    socket_client.connect()
    slack.wait_for_socket_client()

    latencies = slack.ping_socket_clients(timeout=2)  # server -> client ping, client must pong
    deadline = time.monotonic() + 2
    while socket_client.current_session.last_ping_pong_time is None and time.monotonic() < deadline:
        time.sleep(0.02)  # the client pings on connect; its reader thread records the pong

    assert len(latencies) == 1 and latencies[0] >= 0
    assert socket_client.current_session.last_ping_pong_time is not None
    assert socket_client.is_connected()


def test_disconnect_message_makes_client_reconnect_and_envelopes_follow(
    slack: FakeSlack, socket_client: SocketModeClient
) -> None:
    def on_request(client: Any, req: SocketModeRequest) -> None:
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

    socket_client.socket_mode_request_listeners.append(on_request)
    socket_client.connect()
    slack.wait_for_socket_client()

    slack.send_raw({"type": "disconnect", "reason": "refresh_requested"})
    slack.wait_for_socket_client(timeout=5, connections=2)
    envelope_id = slack.send_envelope("events_api", {"event": {"type": "app_mention", "text": "hi"}})

    assert slack.wait_for_ack(envelope_id, timeout=5) == {"envelope_id": envelope_id}
    assert len(slack.calls("apps.connections.open")) == 2


def test_apps_connections_open_rejects_bot_token(slack: FakeSlack, web: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        web.api_call("apps.connections.open")  # uses the xoxb- token: a classic misconfiguration

    assert err.value.response["error"] == "not_allowed_token_type"


def test_send_envelope_without_client_fails_fast(slack: FakeSlack) -> None:
    with pytest.raises(AssertionError, match=r"expected 1 Socket Mode connection\(s\).*got 0"):
        slack.send_envelope("events_api", {"event": {"type": "app_mention"}}, timeout=0.1)


# ---------------------------------------------------------------------- Bolt end to end


@pytest.fixture
def bolt_app(web: WebClient) -> App:
    """A Bolt app wired to the fake; App() itself calls auth.test at construction."""
    app = App(client=web, signing_secret=SIGNING_SECRET)

    @app.command("/talks")
    def talks(ack: Any, respond: Any, say: Any, command: dict[str, Any]) -> None:
        ack(f"looking up {command['text']}")
        respond({"text": f"facts for {command['text']}", "response_type": "ephemeral"})
        say(f"<@{command['user_id']}> asked for {command['text']}")

    @app.action("pick_round")
    def pick(ack: Any, respond: Any, body: dict[str, Any]) -> None:
        ack()
        respond({"text": f"picked {body['actions'][0]['value']}", "replace_original": True})

    return app


def test_bolt_socket_mode_slash_command_end_to_end(slack: FakeSlack, web: WebClient, bolt_app: App) -> None:
    handler = SocketModeHandler(bolt_app, app_token=APP_TOKEN, web_client=web)
    try:
        handler.connect()
        payload = slash_command_payload(text="round 2", user_id="U42", response_url=slack.response_url("cmd"))
        envelope_id = slack.send_envelope("slash_commands", payload)

        ack = slack.wait_for_ack(envelope_id, timeout=5)
        responses = slack.wait_for_responses(1, name="cmd", timeout=5)
        [post] = slack.wait_for_calls("chat.postMessage", 1, timeout=5)
    finally:
        close_socket_mode_client(handler.client)

    assert ack["payload"] == {"text": "looking up round 2"}
    assert responses == [{"text": "facts for round 2", "response_type": "ephemeral"}]
    assert post.params["channel"] == "C1"
    assert post.params["text"] == "<@U42> asked for round 2"


def test_signed_http_bodies_pass_bolt_verification(slack: FakeSlack, bolt_app: App) -> None:
    body = slash_command_body(text="round 3", response_url=slack.response_url("http"))
    resp = bolt_app.dispatch(BoltRequest(body=body, headers=sign(SIGNING_SECRET, body)))
    assert (resp.status, resp.body) == (200, "looking up round 3")

    action = block_actions_body("pick_round", "round 4", response_url=slack.response_url("http"))
    resp = bolt_app.dispatch(BoltRequest(body=action, headers=sign(SIGNING_SECRET, action)))
    assert resp.status == 200
    responses = slack.wait_for_responses(2, name="http", timeout=5)
    # Bolt runs HTTP listeners on a thread pool after ack(), so the two may arrive in either order.
    assert sorted(responses, key=lambda r: r["text"]) == [
        {"text": "facts for round 3", "response_type": "ephemeral"},
        {"text": "picked round 4", "replace_original": True},
    ]
    # say() runs after respond(); wait for it so the fake never stops under an in-flight request.
    [post] = slack.wait_for_calls("chat.postMessage", 1, timeout=5)
    assert post.params["text"] == "<@U1> asked for round 3"

    forged = bolt_app.dispatch(BoltRequest(body=body, headers=sign("wrong-secret", body)))
    stale = bolt_app.dispatch(BoltRequest(body=body, headers=sign(SIGNING_SECRET, body, int(time.time()) - 600)))
    assert (forged.status, stale.status) == (401, 401)


def test_block_actions_payload_shape() -> None:
    payload = block_actions_payload("pick_round", "round 4", user_id="U5", channel_id="C5")

    assert payload["type"] == "block_actions"
    assert payload["user"]["id"] == "U5" and payload["channel"]["id"] == "C5"
    assert payload["container"]["channel_id"] == "C5"
    [action] = payload["actions"]
    assert (action["action_id"], action["value"], action["type"]) == ("pick_round", "round 4", "button")
