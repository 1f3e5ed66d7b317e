"""``factdesk serve`` in HTTP mode, as a real process, driven with signed requests over HTTP.

The Web API and every response_url are tests/fake_slack.py; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.listeners.commands import typed_text
from bot.render import ACTION_MORE, ACTION_SHARE, escape, parse_button_value
from store.runtime import open_store
from store.settings import Settings
from tests.fake_slack import FakeSlack, block_actions_body, sign, slash_command_body
from tests.slack_fixtures import (
    BOT_TOKEN,
    HOSTILE_MARKUP,
    ROUND_2_HEADER,
    SIGNING_SECRET,
    ServeProcess,
    assert_block_kit_limits,
    assert_no_live_markup,
    blocks_of,
    buttons,
    copy_seeds,
    drop_all_tables,
    factdesk_env,
    free_port,
    get,
    header_text,
    post,
    post_signed,
    run_factdesk,
    texts,
)

pytestmark = pytest.mark.timeout(60)

ADMIN = "U0ADMIN"


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve_http")


@pytest.fixture(scope="module")
def server(slack: FakeSlack, workdir: Path) -> Iterator[ServeProcess]:
    """One ingested store (seeds + the hostile article) and one server for the module."""
    seeds = copy_seeds(workdir / "seeds", hostile=True)
    env = factdesk_env(workdir, seeds, slack.api_url, FACTDESK_PORT=str(free_port()),
                       FACTDESK_ADMIN_USER_IDS=ADMIN)
    ingest = run_factdesk(["ingest"], env, workdir)
    assert ingest.returncode == 0, ingest.stderr
    proc = ServeProcess(env, workdir, workdir / "serve.log")
    try:
        proc.wait_until_up()
        yield proc
    finally:
        proc.stop()


def events(server: ServeProcess) -> str:
    return server.base + "/slack/events"


def ask(slack: FakeSlack, server: ServeProcess, text: str, **kwargs: Any) -> tuple[str, str]:
    """POST a signed /talks command; returns (response_url name, the raw body sent)."""
    name = uuid.uuid4().hex
    body = slash_command_body(text=text, response_url=slack.response_url(name), **kwargs)
    status, reply = post_signed(events(server), body)
    assert (status, reply) == (200, ""), "the command must be acknowledged at once, with no content"
    return name, body


def answer(slack: FakeSlack, name: str, n: int = 1) -> list[dict[str, Any]]:
    return slack.wait_for_responses(n, name=name, timeout=15)


def click(slack: FakeSlack, server: ServeProcess, action_id: str, value: str) -> str:
    name = uuid.uuid4().hex
    body = block_actions_body(action_id, value, user_id="U0REPORTER", response_url=slack.response_url(name))
    assert post_signed(events(server), body) == (200, "")
    return name


def sentinel(slack: FakeSlack, server: ServeProcess) -> None:
    """A fresh command answered end to end: whatever was sent before it has been handled."""
    name, _ = ask(slack, server, "help")
    answer(slack, name)


# -- answers ----------------------------------------------------------------------------------

def test_round_2_is_acknowledged_then_answered_privately_with_buttons(slack: FakeSlack, server: ServeProcess) -> None:
    name, _ = ask(slack, server, "round 2")

    [msg] = answer(slack, name)

    assert msg["response_type"] == "ephemeral"
    assert header_text(msg) == ROUND_2_HEADER
    assert ROUND_2_HEADER in msg["text"]
    body = "\n".join(texts(msg))
    assert "prisoners of war" in body and "[1]" in body
    assert body.count("• ") >= 5, "a round answer lists its facts as bullets"
    [sources] = [b for b in blocks_of(msg, "context") if "003_f0c481dc8f7ce29f.txt" in json.dumps(b)]
    assert "[1] 003_f0c481dc8f7ce29f.txt · 2 Jun 2025 (inferred)" in [e["text"] for e in sources["elements"]]
    found = buttons(msg)
    assert set(found) == {ACTION_SHARE, ACTION_MORE}
    assert parse_button_value(found[ACTION_SHARE]["value"]) == ("round 2", 1)
    assert parse_button_value(found[ACTION_MORE]["value"]) == ("round 2", 2)
    assert_block_kit_limits(msg)


def test_an_admins_reindex_is_acknowledged_at_once_then_reported(slack: FakeSlack, server: ServeProcess) -> None:
    """A reindex reads every article again: the admin saw nothing for minutes and asked again.
    The ack itself now says it has started; anyone else's ack stays empty before the refusal."""
    name = uuid.uuid4().hex
    body = slash_command_body(text="reindex", user_id=ADMIN, response_url=slack.response_url(name))
    status, ack = post_signed(events(server), body)

    assert status == 200 and ack.startswith(":hourglass_flowing_sand: Reindex asked for")  # Bolt: text alone, as is
    [report] = answer(slack, name)
    assert "Reindex done" in report["text"] and "Failures: none" in report["text"]

    refused, _ = ask(slack, server, "reindex", user_id="U0REPORTER")  # asserts the empty ack
    [msg] = answer(slack, refused)
    assert "only for the admins" in msg["text"]


def test_hostile_article_reaches_slack_escaped(slack: FakeSlack, server: ServeProcess) -> None:
    name, _ = ask(slack, server, "zanzibar")

    [msg] = answer(slack, name)

    assert_no_live_markup(msg)
    body = "\n".join(texts(msg))
    for raw in HOSTILE_MARKUP:
        escaped = raw.replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in body, f"{raw!r} should be shown literally"
    assert "Ukraine &amp; Russia" in body
    assert "&lt;!channel&gt;" in msg["text"], "the text fallback is escaped too"
    assert_block_kit_limits(msg)


def test_slack_escaped_command_text_is_read_as_typed(slack: FakeSlack, server: ServeProcess) -> None:
    """Slack sends "&" as "&amp;": the search was for "rubio", "amp" and "zelensky", and found nothing."""
    name, _ = ask(slack, server, "topic Rubio &amp; Zelensky")

    [msg] = answer(slack, name)

    assert header_text(msg) == "“Rubio & Zelensky”"
    body = "\n".join(texts(msg))
    assert "criticized by Ukrainian President Volodymyr Zelensky and US Secretary of State Marco Rubio" in body
    assert parse_button_value(buttons(msg)[ACTION_SHARE]["value"])[0] == "topic Rubio & Zelensky"


@pytest.mark.parametrize(("sent", "typed"), [
    ("topic R&amp;D", "topic R&D"), ("topic &lt;b&gt;", "topic <b>"), ("topic &amp;lt;", "topic &lt;"),
    ("person <@U024BE7LH|umerov>", "person umerov"), ("person <@U024BE7LH>", "person "),
    ("topic <#C024BE7LR|general>", "topic #general"), ("topic <https://example.com/a?b=1&amp;c=2|the memo>",
                                                        "topic the memo"),
    ("topic <https://example.com/x>", "topic https://example.com/x"), ("<!here> round 2", " round 2"),
    ("round 2", "round 2")])
def test_typed_text_undoes_slacks_escaping_and_markup(sent: str, typed: str) -> None:
    assert typed_text(sent) == typed


def test_a_day_is_answered_in_slack(slack: FakeSlack, server: ServeProcess) -> None:
    """A day with a round is that round; a day of coverage without one says which moment each
    fact tells, in italics, and can be shared."""
    held, _ = ask(slack, server, "what happened on 2 June?")
    coverage, _ = ask(slack, server, "25 July")

    [round_2] = answer(slack, held)
    assert header_text(round_2) == ROUND_2_HEADER
    [day] = answer(slack, coverage)
    assert header_text(day) == "Fri 25 Jul 2025"
    assert "_(round 3, 23 Jul 2025)_" in "\n".join(texts(day)), "the day's coverage tells of the round before it"
    assert parse_button_value(buttons(day)[ACTION_SHARE]["value"]) == ("25 July", 1)
    assert_block_kit_limits(day)


def test_unknown_round_lists_the_known_rounds(slack: FakeSlack, server: ServeProcess) -> None:
    name, _ = ask(slack, server, "round 9")

    [msg] = answer(slack, name)

    assert header_text(msg) == "There is no round 9"
    body = "\n".join(texts(msg))
    assert "Known so far: Round 1 (16 May 2025), Round 2 (2 Jun 2025), Round 3 (23 Jul 2025)." in body
    assert ACTION_MORE not in buttons(msg)


def test_help_and_empty_text_explain_the_command(slack: FakeSlack, server: ServeProcess) -> None:
    first, _ = ask(slack, server, "help")
    second, _ = ask(slack, server, "")

    for name in (first, second):
        [msg] = answer(slack, name)
        body = "\n".join(texts(msg))
        assert "`/talks round 3`" in body and "`/talks timeline`" in body  # the seeds' latest round
        assert buttons(msg) == {}


# -- buttons ------------------------------------------------------------------------------------

def test_more_button_posts_the_next_page(slack: FakeSlack, server: ServeProcess, workdir: Path) -> None:
    name, _ = ask(slack, server, "round 2")
    [page1] = answer(slack, name)

    clicked = click(slack, server, ACTION_MORE, buttons(page1)[ACTION_MORE]["value"])
    [page2] = answer(slack, clicked)

    store = open_store(Settings(database_url=f"sqlite:///{workdir / 'factdesk.sqlite'}"))
    try:
        expected = store.query.ask("round 2", page=2)
    finally:
        store.close()
    assert expected.page == 2 and expected.facts
    assert page2["response_type"] == "ephemeral" and page2["replace_original"] is False
    assert header_text(page2) == ROUND_2_HEADER
    body = "\n".join(texts(page2))
    for fact in expected.facts:
        assert fact.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in body
    assert expected.facts[0].text not in "\n".join(texts(page1))
    more = buttons(page2).get(ACTION_MORE)
    assert (more is not None) == expected.has_more
    if more:
        assert parse_button_value(more["value"]) == ("round 2", 3)


def test_a_typed_page_answers_that_page_and_more_goes_on_from_it(
        slack: FakeSlack, server: ServeProcess, workdir: Path) -> None:
    name, _ = ask(slack, server, "round 2 page 2")
    [typed] = answer(slack, name)

    store = open_store(Settings(database_url=f"sqlite:///{workdir / 'factdesk.sqlite'}"))
    try:
        page1, page2 = store.query.ask("round 2"), store.query.ask("round 2", page=2)
    finally:
        store.close()
    assert header_text(typed) == ROUND_2_HEADER
    body = "\n".join(texts(typed))
    assert page2.facts and all(escape(f.text) in body for f in page2.facts)
    assert escape(page1.facts[0].text) not in body
    more = buttons(typed).get(ACTION_MORE)
    assert (more is not None) == page2.has_more
    if more:
        assert parse_button_value(more["value"]) == ("round 2", 3)


def test_share_button_posts_the_answer_in_channel(slack: FakeSlack, server: ServeProcess) -> None:
    name, _ = ask(slack, server, "round 2")
    [private] = answer(slack, name)

    clicked = click(slack, server, ACTION_SHARE, buttons(private)[ACTION_SHARE]["value"])
    shared, delete = answer(slack, clicked, 2)

    assert shared["response_type"] == "in_channel"
    assert header_text(shared) == ROUND_2_HEADER
    assert [b for b in blocks_of(shared, "section")] == [b for b in blocks_of(private, "section")]
    assert buttons(shared) == {}, "the channel's copy has no private buttons"
    assert any("Shared by <@U0REPORTER>" in t for t in texts(shared))
    assert delete.get("delete_original") is True


def test_a_forged_button_value_gets_a_short_note(slack: FakeSlack, server: ServeProcess) -> None:
    clicked = click(slack, server, ACTION_MORE, "not json")

    [msg] = answer(slack, clicked)

    assert "no longer works" in msg["text"]


# -- security and delivery ------------------------------------------------------------------------

def test_bad_signature_and_stale_timestamp_are_refused(slack: FakeSlack, server: ServeProcess) -> None:
    forged_name, stale_name = uuid.uuid4().hex, uuid.uuid4().hex
    forged = slash_command_body(text="round 2", response_url=slack.response_url(forged_name))
    stale = slash_command_body(text="round 2", response_url=slack.response_url(stale_name))
    old = int(dt.datetime.now().timestamp()) - 600

    assert post_signed(events(server), forged, secret="not-the-secret")[0] == 401
    assert post_signed(events(server), stale, timestamp=old)[0] == 401
    assert post(events(server), forged, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 401
    garbled = sign(SIGNING_SECRET, forged) | {"X-Slack-Request-Timestamp": "abc"}  # was a 500 and a traceback
    assert post(events(server), forged, garbled)[0] == 401

    sentinel(slack, server)
    assert slack.responses(forged_name) == [] and slack.responses(stale_name) == []
    log = server.wait_for_log("Invalid request signature detected")
    assert forged_name not in log and stale_name not in log, "a refused request's body (its response_url) is logged"


def test_a_retried_request_is_answered_once(slack: FakeSlack, server: ServeProcess) -> None:
    name = uuid.uuid4().hex
    body = slash_command_body(text="round 1", response_url=slack.response_url(name))

    assert post_signed(events(server), body) == (200, "")
    assert post_signed(events(server), body, extra={"X-Slack-Retry-Num": "1",
                                                   "X-Slack-Retry-Reason": "http_timeout"}) == (200, "")
    [msg] = answer(slack, name)
    assert post_signed(events(server), body, extra={"X-Slack-Retry-Num": "2"}) == (200, "")

    sentinel(slack, server)
    assert slack.responses(name) == [msg]
    assert header_text(msg).startswith("Round 1 · Fri 16 May 2025")
    server.wait_for_log("without running it again")


def test_healthz_reports_the_database_and_last_ingest(server: ServeProcess) -> None:
    status, raw = get(server.base + "/healthz")

    body = json.loads(raw)
    assert status == 200
    assert body["ok"] is True and body["database"] == "ok"
    last = dt.datetime.fromisoformat(body["last_ingest"])
    assert abs((dt.datetime.now(dt.UTC) - last).total_seconds()) < 3600
    assert get(server.base + "/nowhere")[0] == 404


def test_log_names_the_mode_and_never_a_secret(server: ServeProcess) -> None:
    log = server.wait_for_log("HTTP mode")

    assert f"port {server.port}" in log
    assert SIGNING_SECRET not in log and BOT_TOKEN not in log
    assert "WARNING slack_bolt" not in log


# -- a store with nothing in it, then a broken one -------------------------------------------------

def test_empty_store_then_broken_database(slack: FakeSlack, tmp_path: Path) -> None:
    """Never ingested: the documented message. Tables dropped under the running server: an
    apology with a reference that is also in the log (with the traceback), and /healthz 503."""
    empty = tmp_path / "empty"
    empty.mkdir()
    env = factdesk_env(tmp_path, empty, slack.api_url, FACTDESK_PORT=str(free_port()))
    proc = ServeProcess(env, tmp_path, tmp_path / "serve.log")
    try:
        proc.wait_until_up()
        name, _ = ask(slack, proc, "round 2")
        [msg] = answer(slack, name)
        assert "Nothing has been ingested yet" in "\n".join(texts(msg))
        health = get(proc.base + "/healthz")
        assert health[0] == 200 and json.loads(health[1])["database"] == "ok"  # the watch job may have run

        drop_all_tables(tmp_path / "factdesk.sqlite")

        name, _ = ask(slack, proc, "round 2")
        [msg] = answer(slack, name)
        assert msg["response_type"] == "ephemeral"
        assert "Sorry, something went wrong" in msg["text"]
        ref = msg["text"].split("reference `")[1][:8]
        assert len(ref) == 8 and int(ref, 16) >= 0
        log = proc.wait_for_log(f"[ref {ref}]")
        assert "Traceback" in log.split(f"[ref {ref}]", 1)[1]
        status, raw = get(proc.base + "/healthz")
        assert status == 503 and json.loads(raw) == {"ok": False, "database": "unreachable", "last_ingest": None}
    finally:
        assert proc.stop() == 0


# -- stopping ---------------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    """The pids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see the workers")
def test_sigterm_posts_the_answers_in_flight_then_stops_the_workers(slack: FakeSlack, server: ServeProcess,
                                                                      workdir: Path) -> None:
    """Answers run in worker processes: a stop must still post every acknowledged command's
    answer, exit 0 and leave no worker behind."""
    env = {**server.env, "FACTDESK_PORT": str(free_port())}
    proc = ServeProcess(env, workdir, workdir / "serve_stop.log")
    try:
        proc.wait_until_up()
        workers = children(proc.proc.pid)
        assert len(workers) >= 2, "answers are computed in worker processes"
        names = [ask(slack, proc, text)[0] for text in ("round 1", "round 2", "timeline", "ceasefire")]
    finally:
        code = proc.stop()
    assert code == 0
    for name in names:
        [msg] = slack.responses(name)
        assert msg["response_type"] == "ephemeral" and "Sorry" not in msg["text"]
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "a worker outlived factdesk serve"
    assert "Traceback" not in proc.log()
