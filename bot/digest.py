"""Digests in Slack: render a :class:`store.digests.Digest` (Block Kit + text) and post it once.

The bookkeeping that makes a slot post exactly once lives in ``store/digests.py``;
this module only claims, renders, posts and records the outcome:

    claim the (channel, slot) row -> reserve the facts -> chat.postMessage -> posted
                                   \\-> nothing new: slot recorded as empty, no post
    Slack refused -> slot failed, its facts given back to the next digest

Article text is escaped for mrkdwn (``&``, ``<``, ``>`` only), so an article quoting
``<!channel>`` pings nobody. Messages stay inside Block Kit's limits (50 blocks, 3000
characters per section, 10 context elements) and at most one message a second goes to
a channel; 429 answers are retried after Retry-After by slack_sdk's
``RateLimitErrorRetryHandler``.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import OperationalError

from bot import slack_client
from bot.render import escape
from bot.render_text import cite, cite_with_also, more_sources, quoted, source_line
from bot.terminal_ingest import ensure_ingested
from store import leases
from store.answers import RoundInfo, Source
from store.digests import Digest, DigestSection, build_digest, claim_slot, mark_failed, mark_posted, reserve
from store.runtime import Store
from store.settings import Settings
from store.text import counted

log = logging.getLogger(__name__)

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_HEADER = 150
MIN_SECONDS_BETWEEN_POSTS = 1.0  # per channel (chat.postMessage allows about one a second)
MAX_NEW_ROUND_LINES = 10
REINDEX_WAIT = 900.0  # seconds a digest waits for a running reindex to finish


# -- Slack client ----------------------------------------------------------------------------
def make_client(settings: Settings) -> WebClient | None:
    """The bot's client, or None without a token (digests then cannot be posted)."""
    return slack_client.make_client(settings) if settings.slack_bot_token else None



_pace_lock = threading.Lock()
_next_post: dict[tuple[str, str], float] = {}  # (workspace API URL, channel) -> earliest next post
_sleep = time.sleep


def _pace(client: WebClient, channel: str) -> None:
    """Keep this process to one message a second per channel (other channels do not wait)."""
    key = (client.base_url, channel)
    with _pace_lock:
        now = time.monotonic()
        at = max(now, _next_post.get(key, now))
        _next_post[key] = at + MIN_SECONDS_BETWEEN_POSTS
    if at > now:
        _sleep(at - now)


# -- rendering ---------------------------------------------------------------------------------
def round_brief(r: RoundInfo, label: str = "Round") -> str:
    """``Round 4 (23 Jul 2025, Çırağan Palace, Istanbul)``: plain text, not escaped."""
    days = f"{r.date:%-d %b %Y}" if r.through is None else f"{r.date:%-d %b} – {r.through:%-d %b %Y}"
    bits = [days + (", date inferred" if r.date_inferred else "")]
    bits += [p for p in (r.venue_name or r.venue, r.city) if p]
    return f"{label} {r.number} ({', '.join(bits)})"


def _round_change_lines(d: Digest) -> list[str]:
    """Rounds the channel was told of that moved or went: plain text, not escaped."""
    lines = [f"{round_brief(m.now, d.label)}: moved, first told as {m.was:%-d %b %Y}" for m in d.moved_rounds]
    lines += [f"{d.label} {g.number} ({g.date:%-d %b %Y}): withdrawn, no article reports it any more"
              for g in d.gone_rounds]
    lines += [f"{round_brief(r, d.label)}: its days changed since first told" for r in d.resized_rounds]
    return lines


def _section_title(section: DigestSection, label: str) -> str:
    if section.round is None:
        return "Other new facts"
    return round_brief(section.round, label)


def _more_hint(section: DigestSection, d: Digest) -> str:
    ask = f"{d.command} {d.label.lower()} {section.round.number}" if section.round else f"{d.command} latest"
    return f"and {section.more} more: {ask}"


def _newest_rounds(d: Digest) -> tuple[list[RoundInfo], int]:
    """The new rounds to list, and how many earlier ones are left to the timeline. A channel
    joining a long story would otherwise be read its whole history, one line a round."""
    return d.new_rounds[-MAX_NEW_ROUND_LINES:], max(0, len(d.new_rounds) - MAX_NEW_ROUND_LINES)


def _earlier_hint(d: Digest) -> str:
    """The new articles older than those summarised (a channel joining a large store)."""
    n = d.earlier
    return (f"Also {counted(n, 'earlier new article')}, not summarised here: "
            f"{d.command} timeline, {d.command} topic ...")


def _source_text(s: Source) -> str:
    return source_line(s)


def _source_mrkdwn(s: Source) -> str:
    text = escape(_source_text(s))
    url = s.url or ""
    if url.startswith(("https://", "http://")) and not any(c in url for c in " <>|\n"):
        text += f" · <{url}|link>"
    return f"[{s.n}] {text}"


def _correction_lines(d: Digest, mrkdwn: bool) -> list[str]:
    """Corrections first, then withdrawals. No italics around article text: file names and
    sentences may hold underscores, which would end the italics half-way."""
    e = escape if mrkdwn else (lambda t: t)
    out = []
    for c in sorted(d.corrections, key=lambda c: ("corrected", "restored", "withdrawn").index(c.kind)):
        if c.kind == "corrected":
            label = "*Corrected:*" if mrkdwn else "Corrected:"
            out.append(f"{label} {e(c.new_text or '')} {cite([c.source or 0])} (was: {e(c.old_text)})")
        elif c.kind == "restored":  # told withdrawn; its source came back
            label = "*Back:*" if mrkdwn else "Back:"
            out.append(f"{label} {e(c.old_text)} {cite([c.source or 0])}")
        else:
            label = "*Withdrawn:*" if mrkdwn else "Withdrawn:"
            why = (f"(no longer in {cite([c.source])})" if c.source
                   else f"(source removed: {e(c.removed_file or '?')})")
            out.append(f"{label} {e(c.old_text)} {why}")
    return out


def render_digest_text(d: Digest) -> str:
    """The digest as plain text (``factdesk digest --dry-run``, logs). Empty string when nothing is new."""
    if d.is_empty:
        return ""
    lines = [d.title]
    shown, hidden = _newest_rounds(d)
    lines += [f"New {d.label.lower()}: {round_brief(r, d.label)}" for r in shown]
    if hidden:
        lines.append(f"and {hidden} earlier: {d.command} timeline")
    lines += _round_change_lines(d)
    lines += _correction_lines(d, mrkdwn=False)
    for section in d.sections:
        if not section.facts and not section.more:
            continue
        lines.append(_section_title(section, d.label))
        lines += [f"- {quoted(f.text)} {cite_with_also(f.sources, f.also)}{more_sources(f.uncited)}"
                  for f in section.facts]
        if section.more:
            lines.append(f"  ({_more_hint(section, d)})")
    if d.earlier:
        lines.append(_earlier_hint(d))
    if d.sources:
        lines.append("Sources:")
        lines += [f"[{s.n}] {_source_text(s)}" for s in d.sources]
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sections(lines: list[str]) -> list[dict[str, Any]]:
    """mrkdwn section blocks holding ``lines``, each at most 3000 characters."""
    blocks: list[dict[str, Any]] = []
    chunk = ""
    for line in lines:
        line = _clip(line, MAX_SECTION)
        if chunk and len(chunk) + 1 + len(line) > MAX_SECTION:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
    return blocks


def _contexts(lines: list[str]) -> list[dict[str, Any]]:
    """Context blocks of at most 10 elements each."""
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(t, MAX_SECTION)}
                                             for t in lines[i:i + MAX_CONTEXT_ELEMENTS]]}
            for i in range(0, len(lines), MAX_CONTEXT_ELEMENTS)]


def render_digest_blocks(d: Digest) -> tuple[str, list[dict[str, Any]]]:
    """(notification text, Block Kit blocks) for chat.postMessage."""
    label = d.label
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {
        "type": "plain_text", "text": _clip(d.title, MAX_HEADER), "emoji": False}}]
    if d.new_rounds:
        shown, hidden = _newest_rounds(d)
        lines = [f"*New {label.lower()}: {escape(round_brief(r, label))}*" for r in shown]
        if hidden:
            lines.append(f"_and {hidden} earlier: {d.command} timeline_")
        blocks += _sections(lines)
    if d.moved_rounds or d.gone_rounds or d.resized_rounds:
        blocks += _sections([f"*{escape(line)}*" for line in _round_change_lines(d)])
    if d.corrections:
        blocks += _sections(_correction_lines(d, mrkdwn=True))
    body: list[dict[str, Any]] = []
    for section in d.sections:
        if not section.facts and not section.more:
            continue
        lines = [f"*{escape(_section_title(section, label))}*"]
        lines += [f"• {escape(quoted(f.text))} {cite_with_also(f.sources, f.also)}{more_sources(f.uncited)}"
                  for f in section.facts]
        if section.more:
            lines.append(f"_{escape(_more_hint(section, d))}_")
        body += _sections(lines)
    if d.earlier:
        body += _sections([f"_{escape(_earlier_hint(d))}_"])
    sources = [{"type": "divider"}] + _contexts([_source_mrkdwn(s) for s in d.sources]) if d.sources else []
    room = MAX_BLOCKS - len(blocks) - len(sources)
    if len(body) > room:  # never happens with the per-round caps, but the limit is Slack's, not ours
        body = body[: max(0, room - 1)] + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"_More in `{d.command} latest`._"}]}]
    blocks += body + sources
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1] + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": "_Some sources left out (message too long)._"}]}]
    return escape(_summary(d)), blocks


def _summary(d: Digest) -> str:
    """The notification / fallback text: one line saying what the digest holds."""
    bits = [f"New {d.label.lower()}: {round_brief(r, d.label)}" for r in d.new_rounds[:3]]
    bits += _round_change_lines(d)[:3]
    if d.n_facts:  # the facts left to "and N more" are new too: the count is of all of them
        total = d.n_facts + sum(s.more for s in d.sections)
        bits.append(counted(total, "new fact") + (f" ({d.n_facts} shown)" if total > d.n_facts else ""))
    bits += _correction_counts(*_tally(d))
    return _clip(f"{d.title}: " + "; ".join(bits), MAX_SECTION)


def _tally(d: Digest) -> tuple[int, int, int]:
    """(corrections, withdrawals, facts back) among a digest's corrections."""
    return tuple(sum(1 for c in d.corrections if c.kind == kind)  # type: ignore[return-value]
                 for kind in ("corrected", "withdrawn", "restored"))


def _correction_counts(corrections: int, withdrawals: int, restored: int = 0) -> list[str]:
    """"1 correction", "5 withdrawals", "2 restored facts": a fact withdrawn was counted as a correction."""
    return [counted(n, word) for n, word in ((corrections, "correction"), (withdrawals, "withdrawal"),
                                             (restored, "restored fact")) if n]


# -- posting -----------------------------------------------------------------------------------
@dataclass
class DigestOutcome:
    channel: str
    slot: str
    status: str  # posted | empty | taken | failed
    ts: str | None = None
    facts: int = 0
    corrections: int = 0
    withdrawals: int = 0
    restored: int = 0
    new_rounds: int = 0
    error: str | None = None

    def describe(self) -> str:
        if self.status == "posted":
            bits = [counted(self.facts, "fact")]
            if self.new_rounds:
                bits.append(counted(self.new_rounds, "new round"))
            bits += _correction_counts(self.corrections, self.withdrawals, self.restored)
            return f"{self.channel}: posted ({', '.join(bits)}), ts {self.ts}"
        if self.status == "empty":
            return f"{self.channel}: nothing new, no post (slot {self.slot} recorded as empty)"
        if self.status == "taken":
            return f"{self.channel}: slot {self.slot} was already handled (by this or another process), not posted"
        return f"{self.channel}: posting failed: {self.error}"


def post_digest(store: Store, client: WebClient, channel: str, slot: str) -> DigestOutcome:
    """Claim (channel, slot), then post what is new, once. Never raises for Slack errors."""
    post_id = claim_slot(store.sessions, channel, slot)
    if post_id is None:
        log.info("digest %s %s: slot already taken", channel, slot)
        return DigestOutcome(channel, slot, "taken")
    try:
        digest = reserve(store.sessions, store.story, channel, post_id, store.engine)
    except Exception as exc:
        mark_failed(store.sessions, post_id, f"could not build the digest: {exc}")
        raise
    if digest.is_empty:
        log.info("digest %s %s: nothing new", channel, slot)
        return DigestOutcome(channel, slot, "empty")
    text, blocks = render_digest_blocks(digest)
    corrected, withdrawn, restored = _tally(digest)
    outcome = DigestOutcome(channel, slot, "posted", facts=digest.n_facts, corrections=corrected,
                            withdrawals=withdrawn, restored=restored, new_rounds=len(digest.new_rounds))
    _pace(client, channel)
    try:
        response = client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                           unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or exc)
        mark_failed(store.sessions, post_id, error)
        log.error("digest %s %s: Slack refused the post: %s", channel, slot, error)
        outcome.status, outcome.error = "failed", error
        return outcome
    except Exception as exc:  # network down, etc.: the facts go to the next digest
        mark_failed(store.sessions, post_id, repr(exc))
        log.exception("digest %s %s: posting failed", channel, slot)
        outcome.status, outcome.error = "failed", repr(exc)
        return outcome
    outcome.ts = response.get("ts")
    for attempt in range(1, 6):  # the post is out: recording it must not be lost to a busy database
        try:
            mark_posted(store.sessions, post_id, outcome.ts)
            break
        except OperationalError:
            if attempt == 5:
                raise
            log.warning("digest %s %s: posted, but the database is busy; recording it again (%d)",
                        channel, slot, attempt)
    log.info("digest %s %s: %s", channel, slot, outcome.describe())
    return outcome


def run_digest(store: Store, client: WebClient, slot: str,
               channels: Iterable[str] | None = None) -> list[DigestOutcome]:
    """One digest slot for every channel (default: FACTDESK_DIGEST_CHANNELS); one channel failing spares the rest."""
    outcomes = []
    _wait_for_reindex(store)
    for channel in channels if channels is not None else store.settings.digest_channels:
        try:
            outcomes.append(post_digest(store, client, channel, slot))
        except Exception as exc:
            log.exception("digest %s %s failed", channel, slot)
            outcomes.append(DigestOutcome(channel, slot, "failed", error=repr(exc)))
    return outcomes


def _wait_for_reindex(store: Store, timeout: float = REINDEX_WAIT) -> None:
    """Let a running reindex finish first: on SQLite it holds the write lock until it commits."""
    deadline = time.monotonic() + timeout
    while leases.held(store.engine, leases.REINDEX) is not None and time.monotonic() < deadline:
        _sleep(1.0)


def manual_slot(now: dt.datetime | None = None) -> str:
    """The slot id of a digest asked for by hand: ``manual-<UTC timestamp>``."""
    now = now or dt.datetime.now(dt.UTC)
    return "manual-" + now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def digest_now(store: Store, channel: str | None = None, dry_run: bool = False,
               client: WebClient | None = None) -> int:
    """``factdesk digest [--channel C] [--dry-run]``: exit code 0 when every channel went well."""
    channels = [channel] if channel else list(store.settings.digest_channels)
    if not channels:
        print("factdesk: no digest channel: pass --channel C or set FACTDESK_DIGEST_CHANNELS", file=sys.stderr)
        return 2
    if not dry_run and client is None and not store.settings.slack_bot_token:
        print("factdesk: posting a digest needs a Slack bot token: set SLACK_BOT_TOKEN "
              "(or use --dry-run to print the digest without posting or recording anything)", file=sys.stderr)
        return 2
    ensure_ingested(store)
    if dry_run:
        for ch in channels:
            with store.sessions() as session:
                digest = build_digest(session, store.story, ch)
                session.rollback()
            print(f"== {ch} (dry run: nothing posted, nothing recorded) ==")
            print(render_digest_text(digest) or "Nothing new since the last digest: no post.")
        return 0
    client = client or make_client(store.settings)
    assert client is not None
    outcomes = run_digest(store, client, manual_slot(), channels)
    for o in outcomes:
        print(o.describe(), file=sys.stderr if o.status == "failed" else sys.stdout)
    return 1 if any(o.status == "failed" for o in outcomes) else 0
