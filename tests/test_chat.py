"""``factdesk chat``: the terminal REPL over the same command handler as Slack."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.chat import run_chat
from store.query import QueryService
from store.runtime import Store, open_store
from store.settings import Settings
from tests.slack_fixtures import ROUND_2_HEADER, clean_env, copy_seeds, run_factdesk

pytestmark = pytest.mark.timeout(60)


def test_piped_lines_are_answered_until_quit(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    env = clean_env(FACTDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'factdesk.sqlite'}", FACTDESK_SEEDS_DIR=str(seeds))

    result = run_factdesk(["chat"], env, tmp_path, stdin="round 2\nquit\nround 1\n")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(ROUND_2_HEADER + "\n"), out[:300]
    assert "\n1. " in out and "\nSources:\n[1] 003_f0c481dc8f7ce29f.txt · 2 Jun 2025 (inferred)" in out
    assert "Round 1 ·" not in out, "nothing after quit is answered"
    assert "first run: ingested" in result.stderr


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp = tmp_path_factory.mktemp("chat_store")
    store = open_store(Settings(database_url=f"sqlite:///{tmp / 'factdesk.sqlite'}",
                                seeds_dir=copy_seeds(tmp / "seeds")))
    store.ingest()
    yield store
    store.close()


def chat(store: Store, lines: str) -> str:
    out = io.StringIO()
    assert run_chat(store, io.StringIO(lines), out) == 0
    return out.getvalue()


def test_more_pages_through_the_last_answer_and_eof_leaves(seeded: Store) -> None:
    page2 = seeded.query.ask("round 2", page=2)

    out = chat(seeded, "more\nround 2\n\nmore\n")  # no quit: end of input leaves too

    first, second, third = out.strip().split("\n\n")
    assert first == "Nothing to continue: ask a question first."
    assert second.startswith(ROUND_2_HEADER) and "(more: page 2)" in second
    assert third.startswith(ROUND_2_HEADER) and page2.facts[0].text in third
    assert page2.facts[0].text not in second


def test_unknown_round_empty_store_and_admin_words(seeded: Store, tmp_path: Path) -> None:
    out = chat(seeded, "round 9\nstatus\nexit\n")
    empty = open_store(Settings(database_url=f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    try:
        nothing = chat(empty, "round 2\n")
    finally:
        empty.close()

    assert "There is no round 9\nKnown so far: Round 1 (16 May 2025), Round 2 (2 Jun 2025), Round 3 (23 Jul 2025)." \
        in out
    assert "`status` is an admin command" in out
    assert "Nothing has been ingested yet" in nothing


class _BrokenQuery(QueryService):
    def ask(self, text: str, page: int = 1) -> Any:
        raise RuntimeError("simulated failure")


def test_an_internal_error_apologises_and_the_session_goes_on(seeded: Store) -> None:
    broken = dataclasses.replace(seeded, query=_BrokenQuery(seeded.sessions, seeded.story))

    out = chat(broken, "round 2\nround 1\n")

    assert out.count("Sorry, something went wrong") == 2
    assert "simulated failure" not in out


def test_more_after_the_last_page_says_the_answer_has_ended(seeded: Store) -> None:
    """"more" after an answer's last page said "ask a question first", as if none had been asked."""
    out = chat(seeded, "timeline\nmore\n")

    assert out.strip().split("\n\n")[-1] == "That was all for “timeline”: there is no next page."


def test_more_with_a_question_mark_is_more(seeded: Store) -> None:
    """"more?" was "Not understood ... no word to search for in 'more?'"."""
    page2 = seeded.query.ask("round 2", page=2)
    out = chat(seeded, "round 2\nmore?\n")
    assert page2.facts[0].text in out.strip().split("\n\n")[1]
