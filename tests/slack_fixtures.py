"""Helpers shared by the Slack, render and chat tests (plain functions and classes, no fixtures).

Everything runs against real components: the real ``factdesk`` executable, real SQLite
files in tmp_path, real slack_bolt / slack_sdk clients talking to tests/fake_slack.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.fake_slack import sign

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FACTDESK = str(Path(sys.executable).with_name("factdesk"))

BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-test-app-token"
SIGNING_SECRET = "test-signing-secret-0123456789"

PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")

ROUND_2_HEADER = "Round 2 · Mon 2 Jun 2025 (date inferred) · Çırağan Palace, Istanbul"

# An article written to abuse Slack's markup: a mention of everyone, of a user, of a
# user group, a disguised link, and ampersands. Every fact of it must reach Slack escaped.
HOSTILE_NAME = "900_hostile.txt"
HOSTILE_ARTICLE = (
    " date 2025-07-24 Zanzibar observers said the delegations in Istanbul would meet again, according to a "
    "statement addressed to <!channel> and <@U123> by the organisers. The Zanzibar mediators published the "
    "full programme at <https://x|y> on Thursday, saying Ukraine & Russia had both agreed to the agenda.\n\n"
    "Zanzibar officials added that <!here> and <!subteam^S123> were not invited to the closed session of "
    "the talks.\n"
)
HOSTILE_MARKUP = ("<!channel>", "<@U123>", "<https://x|y>", "<!here>", "<!subteam^S123>")


# -- files and environment ------------------------------------------------------------------------

def copy_seeds(dst: Path, *, hostile: bool = False) -> Path:
    """A writable copy of seeds/ (optionally with the hostile article added)."""
    shutil.copytree(SEEDS, dst)
    for path in dst.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    if hostile:
        (dst / HOSTILE_NAME).write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return dst


def sqlite_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def drop_all_tables(path: Path) -> None:
    """Break a SQLite store under a running process: every table dropped."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        for table in sqlite_tables(path):
            if not table.startswith("facts_fts_"):  # the FTS5 table's shadow tables go with it
                db.execute(f'DROP TABLE "{table}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without proxies (the SDK ignores NO_PROXY) or any Factdesk/Slack setting."""
    env = {k: v for k, v in os.environ.items()
           if k not in PROXY_VARS and not k.startswith(("FACTDESK_", "SLACK_"))}
    env.update(extra)
    return env


def factdesk_env(tmp: Path, seeds: Path, api_url: str, **extra: str) -> dict[str, str]:
    return clean_env(
        FACTDESK_DATABASE_URL=f"sqlite:///{tmp / 'factdesk.sqlite'}",
        FACTDESK_SEEDS_DIR=str(seeds),
        FACTDESK_LOG_LEVEL="INFO",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        **extra,
    )


def run_factdesk(args: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FACTDESK, *args], env=env, cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=timeout, check=False)


# -- a running `factdesk serve` ----------------------------------------------------------------

class ServeProcess:
    """``factdesk serve`` as a subprocess; its log goes to a file the tests can read."""

    def __init__(self, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.env = env
        self.port = int(env.get("FACTDESK_PORT", "0") or 0)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen([FACTDESK, "serve"], env=env, cwd=cwd, stdout=self._log,
                                     stderr=subprocess.STDOUT, text=True)

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_until_up(self, timeout: float = 90) -> None:
        """Poll GET /healthz until the server answers (any status)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"factdesk serve exited with {self.proc.returncode}:\n{self.log()}")
            try:
                get(self.base + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"factdesk serve did not answer /healthz within {timeout}s:\n{self.log()}")

    def wait_for_log(self, needle: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log()
            if needle in text:
                return text
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} not in the log of factdesk serve:\n{self.log()}")

    def stop(self, timeout: float = 15) -> int:
        """SIGTERM, then wait; kill if it does not stop. Returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._log.close()
        return self.proc.returncode


# -- HTTP ---------------------------------------------------------------------------------------

def get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read().decode()


def post(url: str, body: str, headers: dict[str, str], timeout: float = 10) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read().decode()


def post_signed(url: str, body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None,
                extra: dict[str, str] | None = None) -> tuple[int, str]:
    return post(url, body, sign(secret, body, timestamp) | (extra or {}))


# -- Slack messages -----------------------------------------------------------------------------

def texts(message: dict[str, Any]) -> list[str]:
    """Every text a message shows: the fallback, and each text object in its blocks."""
    out = [message.get("text", "")]
    for block in message.get("blocks", []):
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            if "text" in element:
                text = element["text"]
                out.append(text["text"] if isinstance(text, dict) else text)
    return out


def blocks_of(message: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [b for b in message.get("blocks", []) if b["type"] == kind]


def header_text(message: dict[str, Any]) -> str:
    [header] = blocks_of(message, "header")
    return header["text"]["text"]


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Buttons by action_id."""
    return {e["action_id"]: e for b in blocks_of(message, "actions") for e in b["elements"]}


def assert_block_kit_limits(message: dict[str, Any]) -> None:
    """Block Kit's documented limits, and a non-empty plain-text fallback."""
    assert isinstance(message.get("text"), str) and message["text"].strip(), "no text fallback"
    assert len(message["text"]) <= 40_000
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= 50, f"{len(blocks)} blocks"
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            assert block["text"]["type"] == "plain_text"
            assert 1 <= len(block["text"]["text"]) <= 150
        elif kind == "section":
            assert 1 <= len(block["text"]["text"]) <= 3000
        elif kind == "context":
            assert 1 <= len(block["elements"]) <= 10
            for element in block["elements"]:
                assert 1 <= len(element["text"]) <= 3000
        elif kind == "actions":
            assert 1 <= len(block["elements"]) <= 25
            for element in block["elements"]:
                assert len(element["value"]) <= 2000
                assert len(element["text"]["text"]) <= 75
                assert len(element["action_id"]) <= 255
        else:
            assert kind == "divider", f"unexpected block type {kind}"
    ids = [e["action_id"] for b in blocks_of(message, "actions") for e in b["elements"]]
    assert len(ids) == len(set(ids))


def mrkdwn_texts(message: dict[str, Any]) -> list[str]:
    """The texts Slack parses for markup: the fallback ``text`` and every mrkdwn text object."""
    out = [message.get("text", "")]
    for block in message.get("blocks", []):
        candidates = [block.get("text")] + list(block.get("elements", []))
        out += [c["text"] for c in candidates if isinstance(c, dict) and c.get("type") == "mrkdwn"]
    return out


def assert_no_live_markup(message: dict[str, Any], markup: tuple[str, ...] = HOSTILE_MARKUP) -> None:
    """None of ``markup`` appears raw in any text Slack parses (it would ping or link).

    Headers and button labels are ``plain_text``, which Slack shows literally.
    """
    for block in message.get("blocks", []):
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
    for text in mrkdwn_texts(message):
        for raw in markup:
            assert raw not in text, f"{raw!r} reached Slack unescaped in {text[:200]!r}"
