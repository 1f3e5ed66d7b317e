"""Socket Mode: the App from bot.app.build_app behind slack_bolt's SocketModeHandler, connected to
the local websocket of tests/fake_slack.py; and ``factdesk serve`` in Socket Mode as a process."""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.app import build_app, make_client
from bot.render import ACTION_MORE, ACTION_SHARE, parse_button_value
from store.query import QueryService
from store.runtime import Store, open_store
from store.settings import Settings
from tests.fake_slack import (
    FakeSlack,
    block_actions_payload,
    close_socket_mode_client,
    sign,
    slash_command_body,
    slash_command_payload,
)
from tests.slack_fixtures import (
    APP_TOKEN,
    BOT_TOKEN,
    ROUND_2_HEADER,
    ServeProcess,
    buttons,
    copy_seeds,
    factdesk_env,
    header_text,
    run_factdesk,
    texts,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp = tmp_path_factory.mktemp("socket_store")
    store = open_store(Settings(database_url=f"sqlite:///{tmp / 'factdesk.sqlite'}",
                                seeds_dir=copy_seeds(tmp / "seeds")))
    store.ingest()
    yield store
    store.close()


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return make_client(Settings(slack_bot_token=BOT_TOKEN, slack_api_url=slack.api_url))


def connect(slack: FakeSlack, client: WebClient, store: Store) -> SocketModeHandler:
    handler = SocketModeHandler(build_app(store, client), app_token=APP_TOKEN, web_client=client)
    handler.connect()
    slack.wait_for_socket_client()
    return handler


@pytest.fixture
def handler(slack: FakeSlack, client: WebClient, seeded: Store) -> Iterator[SocketModeHandler]:
    h = connect(slack, client, seeded)
    yield h
    close_socket_mode_client(h.client)  # before the fake stops (fixture order)


def command(slack: FakeSlack, text: str, **kwargs: Any) -> tuple[str, str]:
    name = uuid.uuid4().hex
    envelope = slack.send_envelope("slash_commands",
                                   slash_command_payload(text=text, response_url=slack.response_url(name), **kwargs))
    return name, envelope


def test_slash_command_is_acked_then_answered(slack: FakeSlack, handler: SocketModeHandler) -> None:
    name, envelope = command(slack, "round 2")

    ack = slack.wait_for_ack(envelope)
    [msg] = slack.wait_for_responses(1, name=name)

    assert ack == {"envelope_id": envelope}, "an empty ack: the answer follows at the response_url"
    assert msg["response_type"] == "ephemeral"
    assert header_text(msg) == ROUND_2_HEADER
    assert set(buttons(msg)) == {ACTION_SHARE, ACTION_MORE}
    [auth] = slack.calls("auth.test")
    assert auth.token == BOT_TOKEN


def test_buttons_work_over_the_socket(slack: FakeSlack, handler: SocketModeHandler, seeded: Store) -> None:
    name, _ = command(slack, "round 2")
    [msg] = slack.wait_for_responses(1, name=name)
    more, share = uuid.uuid4().hex, uuid.uuid4().hex

    slack.send_envelope("interactive", block_actions_payload(
        ACTION_MORE, buttons(msg)[ACTION_MORE]["value"], response_url=slack.response_url(more)))
    slack.send_envelope("interactive", block_actions_payload(
        ACTION_SHARE, buttons(msg)[ACTION_SHARE]["value"], user_id="U0EDITOR", response_url=slack.response_url(share)))
    [page2] = slack.wait_for_responses(1, name=more)
    shared, _delete = slack.wait_for_responses(2, name=share)

    expected = seeded.query.ask("round 2", page=2)
    assert expected.page == 2 and expected.facts
    assert expected.facts[0].text[:60] in "\n".join(texts(page2))
    assert expected.facts[0].text[:60] not in "\n".join(texts(msg))
    if expected.has_more:
        assert parse_button_value(buttons(page2)[ACTION_MORE]["value"]) == ("round 2", 3)
    else:
        assert ACTION_MORE not in buttons(page2)
    assert shared["response_type"] == "in_channel"
    assert any("Shared by <@U0EDITOR>" in t for t in texts(shared))


def test_a_redelivered_command_is_answered_once(slack: FakeSlack, handler: SocketModeHandler) -> None:
    name = uuid.uuid4().hex
    payload = slash_command_payload(text="timeline", response_url=slack.response_url(name))

    first = slack.send_envelope("slash_commands", payload)
    again = slack.send_envelope("slash_commands", payload)  # same trigger_id, new envelope

    slack.wait_for_ack(first)
    slack.wait_for_ack(again)
    [msg] = slack.wait_for_responses(1, name=name)
    done, _ = command(slack, "help")
    slack.wait_for_responses(1, name=done)
    assert slack.responses(name) == [msg]
    assert "timeline" in header_text(msg)


class _BrokenQuery(QueryService):
    """The query layer failing the way a bug would: an exception out of ask()."""

    def ask(self, text: str, page: int = 1) -> Any:
        raise RuntimeError("simulated failure in the query layer")


def test_an_internal_error_gives_an_apology_with_a_reference(
    slack: FakeSlack, client: WebClient, seeded: Store, caplog: pytest.LogCaptureFixture
) -> None:
    broken = dataclasses.replace(seeded, query=_BrokenQuery(seeded.sessions, seeded.story))
    h = connect(slack, client, broken)
    try:
        with caplog.at_level(logging.ERROR, logger="bot.listeners.commands"):
            name, envelope = command(slack, "round 2")
            slack.wait_for_ack(envelope)
            [msg] = slack.wait_for_responses(1, name=name)
    finally:
        close_socket_mode_client(h.client)

    assert msg["response_type"] == "ephemeral"
    assert msg["text"].startswith(":warning: Sorry, something went wrong")
    ref = msg["text"].split("reference `")[1][:8]
    [record] = [r for r in caplog.records if f"[ref {ref}]" in r.getMessage()]
    assert record.exc_info is not None and "simulated failure" in str(record.exc_info[1])
    assert "simulated failure" not in msg["text"], "details go to the log, not to the user"


class _GatedQuery(QueryService):
    """Answers only once the test opens the gate: proves the ack never waits for the answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()

    def ask(self, text: str, page: int = 1) -> Any:
        assert self.gate.wait(20), "the test never opened the gate"
        return super().ask(text, page)


def test_the_ack_goes_before_the_work_in_both_modes(slack: FakeSlack, client: WebClient, seeded: Store) -> None:
    gated = _GatedQuery(seeded.sessions, seeded.story)
    store = dataclasses.replace(seeded, settings=dataclasses.replace(seeded.settings, slack_signing_secret="s3"),
                                query=gated)
    h = connect(slack, client, store)
    try:
        name, envelope = command(slack, "round 2")
        slack.wait_for_ack(envelope, timeout=5)  # while the query is still blocked
        assert slack.responses(name) == []

        http_name = uuid.uuid4().hex
        body = slash_command_body(text="round 1", response_url=slack.response_url(http_name))
        resp = build_app(store, client).dispatch(BoltRequest(body=body, headers=sign("s3", body)))
        assert (resp.status, resp.body) == (200, "")  # returned while the query is still blocked

        gated.gate.set()
        [msg] = slack.wait_for_responses(1, name=name)
        [http_msg] = slack.wait_for_responses(1, name=http_name)
    finally:
        gated.gate.set()
        close_socket_mode_client(h.client)
    assert header_text(msg) == ROUND_2_HEADER
    assert header_text(http_msg).startswith("Round 1 · ")


def test_factdesk_serve_in_socket_mode(slack: FakeSlack, tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    env = factdesk_env(tmp_path, seeds, slack.api_url, SLACK_APP_TOKEN=APP_TOKEN)
    del env["SLACK_SIGNING_SECRET"]  # not needed in Socket Mode
    assert run_factdesk(["ingest"], env, tmp_path).returncode == 0
    proc = ServeProcess(env, tmp_path, tmp_path / "serve.log")
    try:
        slack.wait_for_socket_client(timeout=30)
        name, envelope = command(slack, "round 2")
        slack.wait_for_ack(envelope)
        [msg] = slack.wait_for_responses(1, name=name)
        assert header_text(msg) == ROUND_2_HEADER
        [opened] = slack.calls("apps.connections.open")
        assert opened.token == APP_TOKEN
    finally:
        code = proc.stop()  # SIGTERM: must close the socket and exit 0, before the fake stops
    log = proc.log()
    assert code == 0, log
    assert "Socket Mode" in log and "Factdesk stopped" in log
    assert APP_TOKEN not in log and BOT_TOKEN not in log
