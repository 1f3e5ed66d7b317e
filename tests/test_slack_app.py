"""The pieces around the App: Web client settings, delivery guard, start-up checks, manifest."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml

from bot.app import DEFAULT_API_URL, make_client
from bot.retries import DeliveryGuard, delivery_key
from store.settings import Settings
from store.story import load_story
from tests.fake_slack import FakeSlack
from tests.slack_fixtures import BOT_TOKEN, ROOT, clean_env, factdesk_env, run_factdesk

pytestmark = pytest.mark.timeout(60)


def test_client_uses_slack_api_url_and_retries_after_429(slack: FakeSlack) -> None:
    client = make_client(Settings(slack_bot_token=BOT_TOKEN, slack_api_url=slack.api_url.rstrip("/")))
    slack.rate_limit("chat.postMessage", times=1, retry_after=1)

    resp = client.chat_postMessage(channel="C1", text="after the limit")

    assert resp["ok"] is True
    assert [c.rate_limited for c in slack.calls("chat.postMessage")] == [True, False]
    assert client.base_url == slack.api_url
    assert make_client(Settings()).base_url == DEFAULT_API_URL == "https://slack.com/api/"


def test_delivery_guard_takes_each_delivery_once_within_its_ttl() -> None:
    guard = DeliveryGuard(ttl=600)
    assert guard.first_time("trigger_id:1") and not guard.first_time("trigger_id:1")
    assert guard.first_time("trigger_id:2")

    forgetful = DeliveryGuard(ttl=-1)  # everything has already expired
    assert forgetful.first_time("k") and forgetful.first_time("k")

    small = DeliveryGuard(max_keys=2)
    assert all(small.first_time(k) for k in ("a", "b", "c"))
    assert small.first_time("a"), "the oldest key was evicted to bound memory"

    assert delivery_key({"trigger_id": "t", "event_id": "e"}) == "trigger_id:t"
    assert delivery_key({"event_id": "Ev1"}) == "event_id:Ev1"
    assert delivery_key({"type": "url_verification"}) is None


def test_serve_explains_missing_settings(tmp_path: Path) -> None:
    base = clean_env(FACTDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'f.sqlite'}")

    no_token = run_factdesk(["serve"], base, tmp_path, timeout=30)
    no_secret = run_factdesk(["serve"], base | {"SLACK_BOT_TOKEN": BOT_TOKEN}, tmp_path, timeout=30)

    assert no_token.returncode == 2 and "SLACK_BOT_TOKEN is not set" in no_token.stderr
    assert no_secret.returncode == 2 and "SLACK_SIGNING_SECRET" in no_secret.stderr


def test_serve_stops_at_start_when_slack_refuses_the_token(slack: FakeSlack, tmp_path: Path) -> None:
    slack.set_response("auth.test", {"ok": False, "error": "invalid_auth"})
    env = factdesk_env(tmp_path, tmp_path, slack.api_url, FACTDESK_PORT="0")

    result = run_factdesk(["serve"], env, tmp_path, timeout=30)

    assert result.returncode == 1
    assert "could not start the Slack app" in result.stderr and "invalid_auth" in result.stderr
    assert BOT_TOKEN not in result.stderr
    [call] = slack.calls("auth.test")
    assert call.token == BOT_TOKEN


def test_serve_stops_at_start_when_its_port_is_taken(slack: FakeSlack, tmp_path: Path) -> None:
    """A second `serve` on a port in use started the scheduler, ingested the folder, then died with a
    traceback; a port out of range was taken and wrapped round."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = factdesk_env(tmp_path, tmp_path, slack.api_url, FACTDESK_PORT=str(port), FACTDESK_HOST="127.0.0.1")
        result = run_factdesk(["serve"], env, tmp_path, timeout=60)
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr and "ingest" not in result.stderr.lower()
    wrapped = run_factdesk(["serve"], env | {"FACTDESK_PORT": "99999"}, tmp_path, timeout=60)
    assert wrapped.returncode == 2 and "FACTDESK_PORT must be between 0 and 65535" in wrapped.stderr


def test_manifest_matches_the_story_and_needs() -> None:
    manifest = yaml.safe_load((ROOT / "deploy" / "manifest.yml").read_text(encoding="utf-8"))

    assert manifest["display_information"]["name"] == "Factdesk"
    assert manifest["features"]["bot_user"]["display_name"] == "Factdesk"
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == load_story().command == "/talks"
    assert command["usage_hint"] and len(command["description"]) <= 100
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {"commands", "chat:write", "chat:write.public"}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
