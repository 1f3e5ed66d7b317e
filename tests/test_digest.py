"""Digests against the fake Slack: content, idempotency per slot and per fact, corrections, limits.

Real SQLite files, the real WebClient pointed at tests/fake_slack.py, articles written
into tmp_path. Nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.digest import (
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    MAX_SECTION,
    digest_now,
    make_client,
    render_digest_blocks,
    render_digest_text,
    round_brief,
    run_digest,
)
from store.answers import RoundInfo, Source
from store.digests import Correction, Digest, DigestFact, DigestSection
from store.models import DigestItem, DigestPost
from store.runtime import Store, open_store
from store.settings import Settings
from tests.fake_slack import Call, FakeSlack

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[1]

def article(*lines: str) -> str:
    return "\n".join(lines) + "\n"


ROUND1 = article(
    " date 2024-04-09 GENEVA",
    "Arventa and Belostia held their first round of talks on the Varna dam on Tuesday at Rosenholm Castle in Geneva.",
    "The delegations agreed to release 1,200 cubic metres of water per second from the dam during the dry season, "
    "officials said.",
    "Belostia rejected a proposal to hand control of the dam to an international operator, Reuters reported.",
    '"We have opened a door that was closed for too long," said Mirela Dobrescu, the chief Arventan negotiator.')
ROUND1_WIRE = article(
    " date 2024-04-10 GENEVA",
    "The delegations agreed to release 1,200 cubic metres of water per second from the Varna dam during the dry "
    "season, officials said on Tuesday.",
    "Negotiators from Arventa and Belostia met for about seven hours on Tuesday at Rosenholm Castle in Geneva.")
ROUND2 = article(
    " date 2024-05-16 ANKARA",
    "Arventa and Belostia held a second round of talks on the Varna dam on Thursday at Cankaya Palace in Ankara.",
    "The two delegations agreed that engineers from both countries would inspect the dam together in June.",
    "Belostian envoy Tomas Ibarra said the inspection would settle the dispute over the spillway within weeks.")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    return d


def settings_for(database_url: str, folder: Path, slack: FakeSlack | None = None, **kw: Any) -> Settings:
    return Settings(database_url=database_url, seeds_dir=folder,
                    digest_channels=("C1",), slack_api_url=slack.api_url if slack else None,
                    slack_bot_token="xoxb-test" if slack else None, **kw)


@pytest.fixture
def store(database_url: str, folder: Path, slack: FakeSlack) -> Iterator[Store]:
    """A store on this test's own database: a SQLite file, or PostgreSQL when configured (tests/conftest.py)."""
    st = open_store(settings_for(database_url, folder, slack))
    yield st
    st.close()


@pytest.fixture
def client(store: Store) -> WebClient:
    c = make_client(store.settings)
    assert c is not None
    return c


def write(folder: Path, name: str, text: str) -> Path:
    """Write an article with an mtime in the past (a finished file)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    past = time.time() - 120
    os.utime(path, (past, past))
    return path


def posts(slack: FakeSlack) -> list[Call]:
    return [c for c in slack.calls("chat.postMessage") if not c.rate_limited]


def blocks_of(call: Call) -> list[dict[str, Any]]:
    blocks = call.params["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def texts_of(call: Call) -> list[str]:
    """Every mrkdwn/plain text of a posted message's blocks, in order."""
    out = []
    for b in blocks_of(call):
        if "text" in b:
            out.append(b["text"]["text"])
        out += [e["text"] for e in b.get("elements", []) if "text" in e]
    return out


def body(call: Call) -> str:
    return "\n".join(texts_of(call))


def assert_within_block_kit_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for b in blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= MAX_SECTION
        if b["type"] == "context":
            assert len(b["elements"]) <= MAX_CONTEXT_ELEMENTS
        if b["type"] == "header":
            assert len(b["text"]["text"]) <= 150


# -- content -----------------------------------------------------------------------------------
def test_first_digest_has_new_round_facts_grouped_and_cited(store: Store, client: WebClient, slack: FakeSlack,
                                                            folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_wire.txt", ROUND1_WIRE)
    store.ingest()
    [outcome] = run_digest(store, client, "2024-04-11T08:00+00:00")
    assert outcome.status == "posted" and outcome.ts
    [call] = posts(slack)
    assert call.params["channel"] == "C1"
    texts = texts_of(call)
    assert_within_block_kit_limits(blocks_of(call))
    # the new round leads, right after the header
    assert texts[1].startswith("*New round: Round 1 (9 Apr 2024, Rosenholm Castle, Geneva)*")
    text = body(call)
    assert "*Round 1 (9 Apr 2024, Rosenholm Castle, Geneva)*" in text
    assert "Belostia rejected a proposal to hand control of the dam" in text
    # the fact both articles tell is shown once, citing both (the other in other words: "also")
    release = [line for line in text.splitlines() if "1,200 cubic metres" in line]
    assert len(release) == 1 and release[0].endswith(("[1] (also [2])", "[2] (also [1])"))
    sources = [t for t in texts if t.startswith("[")]
    assert any("000_round1.txt" in t for t in sources) and any("001_wire.txt" in t for t in sources)
    assert "Round 1" in call.params["text"]  # the notification text says what it is about
    with store.sessions() as s:
        post = s.scalar(select(DigestPost))
        assert (post.channel, post.slot, post.status, post.ts) == ("C1", "2024-04-11T08:00+00:00", "posted",
                                                                     outcome.ts)
        shown = s.scalars(select(DigestItem.text).where(DigestItem.role == "shown")).all()
        assert any("Belostia rejected" in t for t in shown)


def test_next_digest_has_only_what_is_new_and_leads_with_the_new_round(
        store: Store, client: WebClient, slack: FakeSlack, folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    run_digest(store, client, "slot-1")
    write(folder, "001_round2.txt", ROUND2)
    write(folder, "002_wire.txt", ROUND1_WIRE)  # repeats a round-1 fact already posted, adds one
    store.ingest()
    [outcome] = run_digest(store, client, "slot-2")
    assert outcome.status == "posted"
    first, second = posts(slack)
    texts = texts_of(second)
    assert texts[1].startswith("*New round: Round 2 (16 May 2024, Cankaya Palace, Ankara)*")
    text = body(second)
    assert "New round: Round 1" not in text
    assert "engineers from both countries would inspect the dam" in text
    assert "met for about seven hours" in text  # the new round-1 fact
    # nothing shown yesterday is shown again, not even told in other words by another outlet
    assert "1,200 cubic metres" in body(first)
    assert "1,200 cubic metres" not in text
    assert "Belostia rejected" not in text
    # the round-2 section comes before the round-1 section (newest first)
    assert text.index("*Round 2 (") < text.index("*Round 1 (")


def test_a_channel_joining_a_large_store_gets_the_newest_articles_and_never_the_backlog(
        store: Store, client: WebClient, slack: FakeSlack, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.digests.DIGEST_ARTICLES", 2)
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_wire.txt", ROUND1_WIRE)
    write(folder, "002_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-1")
    [first] = posts(slack)
    text = body(first)
    assert "engineers from both countries would inspect the dam" in text and "met for about seven hours" in text
    assert "Belostia rejected" not in text  # the oldest article: counted, not summarised
    assert "Also 1 earlier new article, not summarised here: /talks timeline" in text

    write(folder, "003_round2_wire.txt", article(
        " date 2024-05-17 ANKARA",
        "Engineers from Arventa and Belostia will meet in Varna on June 3 to plan the joint inspection of the dam, "
        "a spokesman said."))
    store.ingest()
    run_digest(store, client, "slot-2")
    second = body(posts(slack)[1])
    assert "will meet in Varna on June 3" in second
    assert "Belostia rejected" not in second and "earlier new article" not in second  # the backlog is not dripped
    with store.sessions() as s:
        assert s.scalar(select(DigestPost.items).where(DigestPost.slot == "slot-1"))["earlier"] == 1


def test_nothing_new_no_post_slot_recorded_empty(store: Store, client: WebClient, slack: FakeSlack,
                                                 folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    assert run_digest(store, client, "slot-1")[0].status == "posted"
    store.ingest()  # nothing changed
    [outcome] = run_digest(store, client, "slot-2")
    assert outcome.status == "empty"
    assert len(posts(slack)) == 1
    with store.sessions() as s:
        assert s.scalar(select(DigestPost.status).where(DigestPost.slot == "slot-2")) == "empty"


def test_empty_store_posts_nothing(store: Store, client: WebClient, slack: FakeSlack) -> None:
    assert run_digest(store, client, "slot-1")[0].status == "empty"
    assert posts(slack) == []


def test_same_slot_twice_posts_once(store: Store, client: WebClient, slack: FakeSlack, folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    assert run_digest(store, client, "2024-04-11T08:00+00:00")[0].status == "posted"
    write(folder, "001_round2.txt", ROUND2)  # even with news, a slot already used stays used
    store.ingest()
    assert run_digest(store, client, "2024-04-11T08:00+00:00")[0].status == "taken"
    assert len(posts(slack)) == 1


def test_restart_does_not_repost_a_slot(database_url: str, folder: Path, slack: FakeSlack) -> None:
    write(folder, "000_round1.txt", ROUND1)
    settings = settings_for(database_url, folder, slack)
    first = open_store(settings)
    first.ingest()
    run_digest(first, make_client(settings), "slot-1")  # type: ignore[arg-type]
    first.close()
    again = open_store(settings)  # a new process, as after a restart
    try:
        assert run_digest(again, make_client(settings), "slot-1")[0].status == "taken"  # type: ignore[arg-type]
        assert run_digest(again, make_client(settings), "slot-2")[0].status == "empty"  # type: ignore[arg-type]
    finally:
        again.close()
    assert len(posts(slack)) == 1


_WORKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from store.settings import Settings
    from store.runtime import open_store
    from bot.digest import make_client, run_digest
    db, folder, api, slot, go = sys.argv[1:6]
    settings = Settings(database_url=db, seeds_dir=Path(folder), digest_channels=("C1",),
                        slack_api_url=api, slack_bot_token="xoxb-test")
    store = open_store(settings)
    client = make_client(settings)
    while not Path(go).exists():  # start line: every worker is imported and connected
        time.sleep(0.005)
    outcomes = run_digest(store, client, slot)
    print(json.dumps([o.status for o in outcomes]))
""")


def _run_workers(tmp_path: Path, database_url: str, folder: Path, slack: FakeSlack, slots: list[str]) -> list[str]:
    go = tmp_path / "go"
    procs = [subprocess.Popen(
        [sys.executable, "-c", _WORKER, database_url, str(folder), slack.api_url,
         slot, str(go)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={k: v for k, v in os.environ.items() if "proxy" not in k.lower()}) for slot in slots]
    time.sleep(0.5)
    go.touch()
    statuses = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        statuses += json.loads(out.strip().splitlines()[-1])
    return statuses


def test_two_processes_same_slot_post_once(store: Store, slack: FakeSlack, folder: Path, tmp_path: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    statuses = _run_workers(tmp_path, store.settings.database_url, folder, slack, ["2024-05-17T08:00+00:00"] * 3)
    assert sorted(statuses) == ["posted", "taken", "taken"]
    assert len(posts(slack)) == 1


def test_two_processes_different_slots_never_post_a_fact_twice(store: Store, slack: FakeSlack, folder: Path,
                                                               tmp_path: Path) -> None:
    """A cron digest and a manual one at the same moment: each fact goes out once in all."""
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    statuses = _run_workers(tmp_path, store.settings.database_url, folder, slack, ["slot-a", "slot-b", "slot-c"])
    assert statuses.count("posted") >= 1
    shown: list[str] = []
    for call in posts(slack):
        shown += [line for line in body(call).splitlines() if line.startswith(("• ", "*New round"))]
    assert shown and len(shown) == len(set(shown))
    assert sum(line.startswith("*New round: Round 2") for line in shown) == 1
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DigestItem)) == \
            s.scalar(select(func.count(func.distinct(DigestItem.fact_id))))


# -- corrections -------------------------------------------------------------------------------
def test_correction_and_removed_sentence_are_announced_once(store: Store, client: WebClient, slack: FakeSlack,
                                                            folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-1")
    corrected = ROUND1.replace("1,200 cubic metres", "1,500 cubic metres").replace(
        "Belostia rejected a proposal to hand control of the dam to an international operator, Reuters reported.\n",
        "")
    write(folder, "000_round1.txt", corrected)
    report = store.ingest()
    assert report.changed == 1
    [outcome] = run_digest(store, client, "slot-2")
    assert (outcome.status, outcome.corrections, outcome.withdrawals) == ("posted", 1, 1)  # 1,500; the sentence cut
    call = posts(slack)[1]
    text = body(call)
    lines = text.splitlines()
    [fix] = [line for line in lines if line.startswith("*Corrected:*")]
    assert "1,500 cubic metres" in fix and "[1] (was: " in fix and "1,200 cubic metres" in fix
    assert fix.index("1,500") < fix.index("(was: ") < fix.index("1,200")
    [gone] = [line for line in lines if line.startswith("*Withdrawn:*")]
    assert "Belostia rejected a proposal" in gone and "no longer in [1]" in gone
    # it cites the new version of the article, and shows none of its unchanged sentences again
    assert any(t.startswith("[1] 000_round1.txt") for t in texts_of(call))
    assert "held their first round of talks" not in text
    assert "Round 2" not in text
    # announced once
    assert run_digest(store, client, "slot-3")[0].status == "empty"
    assert len(posts(slack)) == 2


def test_deleted_file_is_announced_as_withdrawn(store: Store, client: WebClient, slack: FakeSlack,
                                                folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    path = write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-1")
    path.unlink()
    assert store.ingest().removed == 1
    [outcome] = run_digest(store, client, "slot-2")
    assert outcome.status == "posted"
    text = body(posts(slack)[1])
    withdrawn = [line for line in text.splitlines() if line.startswith("*Withdrawn:*")]
    # counted as what they are: "posted (0 facts, 3 corrections)" said of three withdrawals
    assert (outcome.corrections, outcome.withdrawals) == (0, len(withdrawn))
    assert f"{len(withdrawn)} withdrawal" in outcome.describe() and "correction" not in outcome.describe()
    assert f"{len(withdrawn)} withdrawal" in posts(slack)[1].params["text"]
    assert any("engineers from both countries would inspect the dam" in line for line in withdrawn)
    assert all("source removed: 001_round2.txt" in line for line in withdrawn)
    assert "Rosenholm" not in text  # round 1 is untouched
    # the round it alone reported goes with it: the channel was told "New round: Round 2"
    assert "*Round 2 (16 May 2024): withdrawn, no article reports it any more*" in text
    assert run_digest(store, client, "slot-3")[0].status == "empty"
    # put back, its round is new again, and what the channel was told went is back: it was told only "Withdrawn"
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    [back] = run_digest(store, client, "slot-4")
    assert "*New round: Round 2 (16 May 2024, Cankaya Palace, Ankara)*" in body(posts(slack)[2])
    restored = [line for line in body(posts(slack)[2]).splitlines() if line.startswith("*Back:*")]
    assert sorted(line.split("*Back:* ")[1].rsplit(" [", 1)[0] for line in restored) == sorted(
        line.split("*Withdrawn:* ")[1].rsplit(" (source removed", 1)[0] for line in withdrawn)
    assert back.restored == len(restored) and f"{len(restored)} restored fact" in back.describe()
    assert run_digest(store, client, "slot-5")[0].status == "empty", "told once"


def test_every_fact_told_withdrawn_is_back_after_an_edit(store: Store, client: WebClient, slack: FakeSlack,
                                                         folder: Path) -> None:
    """Edited, deleted, put back: every fact the channel was told went is "Back:", not only the one the
    edit changed (the sentences the edit left alone came back without a word)."""
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-1")
    june = "engineers from both countries would inspect the dam together in June."
    edited = ROUND2.replace(june, june.replace("June", "July"))
    write(folder, "001_round2.txt", edited)
    store.ingest()
    run_digest(store, client, "slot-2")
    (folder / "001_round2.txt").unlink()
    store.ingest()
    run_digest(store, client, "slot-3")
    withdrawn = [line for line in body(posts(slack)[-1]).splitlines() if line.startswith("*Withdrawn:*")]
    assert len(withdrawn) >= 2
    write(folder, "001_round2.txt", edited)
    store.ingest()
    [back] = run_digest(store, client, "slot-4")
    restored = [line for line in body(posts(slack)[-1]).splitlines() if line.startswith("*Back:*")]
    assert sorted(line.split("*Back:* ")[1].rsplit(" [", 1)[0] for line in restored) == sorted(
        line.split("*Withdrawn:* ")[1].rsplit(" (source removed", 1)[0] for line in withdrawn)
    assert back.restored == len(restored)
    assert run_digest(store, client, "slot-5")[0].status == "empty", "told once"


def test_an_edit_undone_is_announced_and_the_next_edit_too(store: Store, client: WebClient, slack: FakeSlack,
                                                           folder: Path) -> None:
    """"June" -> "July" was announced; the editor put "June" back, and the channel kept "July":
    the restored sentence had been posted once, so it was never a correction's new text."""
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-1")
    june = "engineers from both countries would inspect the dam together in June."
    july = june.replace("June", "July")
    for slot, (old, new) in enumerate([(june, july), (july, june), (june, july)], start=2):
        write(folder, "001_round2.txt", ROUND2.replace(june, new))
        store.ingest()
        [outcome] = run_digest(store, client, f"slot-{slot}")
        assert outcome.status == "posted", (old, new)
        [line] = [x for x in body(posts(slack)[-1]).splitlines() if x.startswith("*Corrected:*")]
        assert line.index(new) < line.index("(was:") < line.index(old)
    assert run_digest(store, client, "slot-9")[0].status == "empty"


def test_a_round_that_moves_is_announced_as_moved_not_as_new(store: Store, client: WebClient, slack: FakeSlack,
                                                               folder: Path) -> None:
    """A round the channel was told of whose day changed (a better date, a corrected date line)
    was announced as a new round under its old number, or not at all when a few days off."""
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-1")
    write(folder, "001_round2.txt", ROUND2.replace("2024-05-16", "2024-05-17").replace("Thursday", "Friday"))
    store.ingest()
    [outcome] = run_digest(store, client, "slot-2")
    assert outcome.status == "posted"
    text = body(posts(slack)[1])
    assert "*Round 2 (17 May 2024, Cankaya Palace, Ankara): moved, first told as 16 May 2024*" in text
    assert "New round" not in text
    assert run_digest(store, client, "slot-3")[0].status == "empty"


def test_fact_still_told_by_another_article_is_not_withdrawn(store: Store, client: WebClient, slack: FakeSlack,
                                                             folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_wire.txt", ROUND1_WIRE)
    store.ingest()
    run_digest(store, client, "slot-1")
    (folder / "001_wire.txt").unlink()
    store.ingest()
    [outcome] = run_digest(store, client, "slot-2")
    assert outcome.status == "posted"
    text = body(posts(slack)[1])
    [gone] = [line for line in text.splitlines() if line.startswith("*Withdrawn:*")]
    assert "met for about seven hours" in gone  # only the wire told it
    assert "1,200 cubic metres" not in text  # 000 still tells it
    write(folder, "001_wire.txt", ROUND1_WIRE)  # put back: what was told gone is back, the rest says nothing
    store.ingest()
    run_digest(store, client, "slot-3")
    text = body(posts(slack)[2])
    [back] = [line for line in text.splitlines() if line.startswith("*Back:*")]
    assert "met for about seven hours" in back and "1,200 cubic metres" not in text


# -- failures, escaping, limits ------------------------------------------------------------------
def test_failed_post_gives_the_facts_back(store: Store, client: WebClient, slack: FakeSlack, folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    slack.set_response("chat.postMessage", {"ok": False, "error": "channel_not_found"})
    [outcome] = run_digest(store, client, "slot-1")
    assert (outcome.status, outcome.error) == ("failed", "channel_not_found")
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DigestItem)) == 0
        assert s.scalar(select(DigestPost.status)) == "failed"
    slack.set_response("chat.postMessage", None)
    [outcome] = run_digest(store, client, "slot-1")  # a failed slot may be tried again
    assert outcome.status == "posted"
    assert "Belostia rejected" in body(posts(slack)[-1])


def test_rate_limit_is_retried_after_retry_after(store: Store, client: WebClient, slack: FakeSlack,
                                                 folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    slack.rate_limit("chat.postMessage", times=1, retry_after=1)
    [outcome] = run_digest(store, client, "slot-1")
    assert outcome.status == "posted"
    calls = slack.calls("chat.postMessage")
    assert [c.rate_limited for c in calls] == [True, False]


def test_article_text_is_escaped(store: Store, client: WebClient, slack: FakeSlack, folder: Path) -> None:
    write(folder, "000_round1.txt", ROUND1.replace(
        "Reuters reported.", "Reuters reported <!channel> & <@U123> on Tuesday."))
    store.ingest()
    run_digest(store, client, "slot-1")
    call = posts(slack)[0]
    raw = json.dumps(blocks_of(call)) + call.params["text"]
    assert "<!channel>" not in raw and "<@U123>" not in raw
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in body(call)


def test_big_digest_stays_within_block_kit_limits() -> None:
    """Many rounds, long sentences, many sources: still a valid message."""
    rounds = [RoundInfo(number=n, date=__import__("datetime").date(2025, 1, n), date_inferred=False,
                        venue="Palace", city="Town") for n in range(1, 29)]
    long = "A very long sentence about the talks " * 120  # ~4,400 characters
    digest = Digest(channel="C1", title="T" * 400, label="Round", command="/talks",
                    new_rounds=rounds,
                    corrections=[Correction("corrected", long, long, 1)] * 5,
                    sections=[DigestSection(r, [DigestFact(long, [1, 2], i, i, 1.0)] * 5, more=3) for i, r in
                              enumerate(rounds)],
                    sources=[Source(n=i, file=f"f{i}.txt", title=None, outlet=None, date=None, date_inferred=False,
                                    url=None, article_id=i) for i in range(1, 60)])
    text, blocks = render_digest_blocks(digest)
    assert_within_block_kit_limits(blocks)
    assert len(text) <= MAX_SECTION
    with FakeSlack() as fake:  # and Slack (the fake) accepts it
        WebClient(token="xoxb-test", base_url=fake.api_url).chat_postMessage(channel="C1", text=text, blocks=blocks)
        assert len(fake.calls("chat.postMessage")) == 1


def test_first_digest_of_the_seed_corpus_is_valid(database_url: str, slack: FakeSlack) -> None:
    settings = settings_for(database_url, ROOT / "seeds", slack)
    store = open_store(settings)
    try:
        store.ingest()
        [outcome] = run_digest(store, make_client(settings), "slot-1")  # type: ignore[arg-type]
        assert outcome.status == "posted"
        call = posts(slack)[0]
        assert_within_block_kit_limits(blocks_of(call))
        text = body(call)
        for n in (1, 2, 3):
            assert f"New round: Round {n} (" in text
        assert "and " in text and "/talks round 2" in text  # the rest is left to /talks
    finally:
        store.close()


# -- factdesk digest -----------------------------------------------------------------------------
def test_digest_now_needs_a_token_unless_dry_run(database_url: str, folder: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store = open_store(settings_for(database_url, folder))
    try:
        store.ingest()
        assert digest_now(store, channel="C9") == 2
        assert "SLACK_BOT_TOKEN" in capsys.readouterr().err
        assert digest_now(store, channel="C9", dry_run=True) == 0
        out = capsys.readouterr().out
        assert "dry run" in out and "Belostia rejected a proposal" in out and "New round: Round 1" in out
        with store.sessions() as s:  # a dry run records nothing
            assert s.scalar(select(func.count()).select_from(DigestPost)) == 0
            assert s.scalar(select(func.count()).select_from(DigestItem)) == 0
    finally:
        store.close()


def test_digest_now_posts_with_a_manual_slot(store: Store, slack: FakeSlack, folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    assert digest_now(store) == 0  # FACTDESK_DIGEST_CHANNELS = C1
    assert "C1: posted" in capsys.readouterr().out
    assert digest_now(store, channel="C1") == 0
    assert "nothing new" in capsys.readouterr().out
    assert len(posts(slack)) == 1
    with store.sessions() as s:
        slots = s.scalars(select(DigestPost.slot)).all()
    assert len(slots) == 2 and all(slot.startswith("manual-") for slot in slots)


def test_digest_now_without_channels(database_url: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(Settings(database_url=database_url, seeds_dir=folder))
    try:
        assert digest_now(store, dry_run=True) == 2
        assert "FACTDESK_DIGEST_CHANNELS" in capsys.readouterr().err
    finally:
        store.close()


def test_text_rendering_of_a_dry_run_lists_sources(store: Store, folder: Path) -> None:
    from store.digests import build_digest

    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    with store.sessions() as s:
        text = render_digest_text(build_digest(s, store.story, "C1"))
    assert "Sources:\n[1] 000_round1.txt · 9 Apr 2024" in text
    # the dam talks name none of the sample story's people: its name ("Russia–Ukraine ...") heads nothing
    assert text.startswith("Factdesk: what's new") and store.story.name not in text


def test_posts_to_one_channel_are_paced(store: Store, client: WebClient, slack: FakeSlack, folder: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.digest

    waits: list[float] = []
    monkeypatch.setattr(bot.digest, "_sleep", waits.append)
    # a pace far above the test's own run time: a slow machine between the two posts must not
    # make the wait unnecessary
    monkeypatch.setattr(bot.digest, "MIN_SECONDS_BETWEEN_POSTS", 600.0)
    monkeypatch.setattr(bot.digest, "_next_post", {})
    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    run_digest(store, client, "slot-1", ["C7"])
    run_digest(store, client, "slot-1", ["C8"])  # another channel: no wait
    assert waits == []
    write(folder, "001_round2.txt", ROUND2)
    store.ingest()
    run_digest(store, client, "slot-2", ["C7"])  # the same channel right after: waits
    assert len(waits) == 1 and 500 < waits[0] <= 600
    assert len(posts(slack)) == 3


def test_digest_waits_for_a_running_reindex(store: Store, client: WebClient, slack: FakeSlack, folder: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite a reindex holds the write lock until it commits: the digest lets it finish first."""
    import bot.digest
    from store import leases

    write(folder, "000_round1.txt", ROUND1)
    store.ingest()
    assert leases.acquire(store.engine, leases.REINDEX, "reindexer", ttl=600)
    waited: list[float] = []

    def reindex_finishes(seconds: float) -> None:
        waited.append(seconds)
        assert posts(slack) == []  # nothing was claimed or posted while the reindex ran
        leases.release(store.engine, leases.REINDEX, "reindexer")

    monkeypatch.setattr(bot.digest, "_sleep", reindex_finishes)
    [outcome] = run_digest(store, client, "slot-1")
    assert waited and outcome.status == "posted"


def test_a_digest_shows_a_cut_quotation_with_its_quote_marks() -> None:
    half = DigestFact(text="“In talks with us, they have begun to discuss it.", sources=[1], fact_id=1, group_id=1,
                      score=1.0)
    d = Digest(channel="C1", title="What is new", label="Round", command="/talks",
               sections=[DigestSection(round=None, facts=[half])],
               sources=[Source(n=1, file="a.txt", title=None, outlet=None, date=None, date_inferred=False, url=None,
                               article_id=1)])
    assert "“In talks with us, they have begun to discuss it.”" in render_digest_text(d)
    assert "“In talks with us, they have begun to discuss it.”" in json.dumps(render_digest_blocks(d)[1],
                                                                            ensure_ascii=False)


def test_the_notification_counts_the_new_facts_left_to_and_n_more() -> None:
    """It said "18 new facts" over a digest of 18 facts and "and 100 more"."""
    r = RoundInfo(number=1, date=__import__("datetime").date(2025, 5, 16), date_inferred=False, venue=None, city=None)
    digest = Digest(channel="C1", title="Talks", label="Round", command="/talks",
                    sections=[DigestSection(r, [DigestFact("The talks ended.", [1], 1, 1, 1.0)] * 2, more=5)])
    text, _ = render_digest_blocks(digest)
    assert "7 new facts (2 shown)" in text
    digest.sections[0].more = 0
    assert render_digest_blocks(digest)[0].endswith("2 new facts")


def test_a_fact_told_in_other_words_cites_that_article_as_also(store: Store, client: WebClient, slack: FakeSlack,
                                                                folder: Path) -> None:
    """The digest cited a paraphrase beside the article whose words it shows ("[1][2]"), so the
    channel read a source for words it never wrote; answers say "[1] (also [2])", and now so does it."""
    write(folder, "000_round1.txt", ROUND1)
    write(folder, "001_paraphrase.txt", article(
        " date 2024-04-10 GENEVA",
        "Officials confirmed that 1,200 cubic metres of water per second will be released from the dam in the dry "
        "season under a deal reached by the delegations."))
    store.ingest()
    [outcome] = run_digest(store, client, "2024-04-11T08:00+00:00")
    [line] = [line for line in body(posts(slack)[0]).splitlines() if "1,200 cubic metres" in line]
    assert re.search(r"\[\d\] \(also \[\d\]\)$", line), line


def test_a_digest_counts_the_tellings_it_does_not_cite() -> None:
    told = DigestFact(text="The talks ended.", sources=[1], fact_id=1, group_id=1, score=1.0, uncited=12)
    d = Digest(channel="C1", title="What is new", label="Round", command="/talks",
               sections=[DigestSection(round=None, facts=[told])],
               sources=[Source(n=1, file="a.txt", title=None, outlet=None, date=None, date_inferred=False, url=None,
                               article_id=1)])
    assert "The talks ended. [1] +12 more" in render_digest_text(d)
    assert "The talks ended. [1] +12 more" in json.dumps(render_digest_blocks(d)[1], ensure_ascii=False)


def test_a_round_of_several_days_is_announced_with_its_days() -> None:
    """Digests named a three-day round by its first day alone, as answers did."""
    r = RoundInfo(number=1, date=dt.date(2030, 5, 13), date_inferred=False, venue="Palais Wilson", city="Geneva",
                  through=dt.date(2030, 5, 15))
    assert round_brief(r) == "Round 1 (13 May – 15 May 2030, Palais Wilson, Geneva)"
    one_day = RoundInfo(number=2, date=dt.date(2030, 6, 10), date_inferred=True, venue=None, city="Vienna")
    assert round_brief(one_day) == "Round 2 (10 Jun 2030, date inferred, Vienna)"


def test_a_round_whose_days_change_is_told_again(store: Store, client: WebClient, slack: FakeSlack,
                                                 folder: Path) -> None:
    """A round first told as one day, then found to be a sitting of three (its article corrected), went
    on being named by its first day alone: the channel never heard it ran to the Wednesday."""
    day1 = (" date 2030-05-13 GENEVA, May 13 (Reuters) - Arventa and Belostia opened {} in Geneva on Monday "
            "at the Palais Wilson.\nThe delegations agreed an agenda, officials said.\n")
    write(folder, "a.txt", day1.format("talks"))
    write(folder, "b.txt", " date 2030-05-16 GENEVA - Belostia freed 40 prisoners on Wednesday, its envoy told "
          "reporters.\n")
    store.ingest()
    run_digest(store, client, "slot-1")
    assert "*New round: Round 1 (13 May 2030, Palais Wilson, Geneva)*" in body(posts(slack)[0])
    write(folder, "a.txt", day1.format("three days of talks"))
    store.ingest()
    [outcome] = run_digest(store, client, "slot-2")
    assert outcome.status == "posted"
    assert "*Round 1 (13 May – 15 May 2030, Palais Wilson, Geneva): its days changed since first told*" in \
        body(posts(slack)[1])
    assert run_digest(store, client, "slot-3")[0].status == "empty", "told once"
