"""Admin commands: ``reindex`` and ``status``, for FACTDESK_ADMIN_USER_IDS in Slack and anyone at the CLI.

    handle_admin(store, user_id, kind) -> str   mrkdwn for the Slack listener (call it after ack())
    reindex_cli(store) -> int                   factdesk reindex
    status_cli(store) -> int                    factdesk status

Anyone else gets a polite refusal, and the attempt is logged (WARNING on the
``bot.admin`` logger). A reindex runs in the caller's thread and can take a while:
the listener acks first and sends the returned text with respond().
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable

from store.leases import INGEST, REINDEX
from store.models import utcnow
from store.reindex import ReindexReport, ReindexRunning, reindex
from store.runtime import Store
from store.settings import Settings
from store.status import RunLine, StoreStatus, collect_status
from store.text import counted

log = logging.getLogger(__name__)

KINDS = ("reindex", "status")
STATUS_ROUNDS = 12  # latest rounds listed by status; a story of a thousand rounds would fill the message


def is_admin(settings: Settings, user_id: str | None) -> bool:
    return bool(user_id) and user_id in settings.admin_user_ids


def acknowledgement(settings: Settings, user_id: str | None, kind: str) -> str | None:
    """What the ack of a command says before its job runs: only for an admin's reindex, which
    reads every article again and took minutes in which Slack showed nothing (admins asked
    again). Decided from settings alone: the ack must go out within Slack's 3 seconds."""
    if kind != "reindex" or not is_admin(settings, user_id):
        return None
    return (":hourglass_flowing_sand: Reindex asked for: every article is read again, which can take "
            "several minutes. Its report follows here (or a note, if one is already running).")


def handle_admin(store: Store, user_id: str, kind: str) -> str:
    """Run admin command ``kind`` ("reindex" or "status") for Slack user ``user_id``; mrkdwn to send back."""
    kind = (kind or "").strip().lower()
    command = store.story.command
    if kind not in KINDS:
        return f"Unknown admin command {_esc(kind)!r}: use `{command} reindex` or `{command} status`."
    if not is_admin(store.settings, user_id):
        log.warning("refused admin command %r for user %s: not in FACTDESK_ADMIN_USER_IDS", kind, user_id)
        return (f"Sorry, `{command} {kind}` is only for the admins of this bot. "
                f"If you need it, please ask one of them.")
    log.info("admin command %r by %s", kind, user_id)
    if kind == "status":
        return render_status(status_of(store), mrkdwn=True)
    try:
        report = reindex(store)
    except ReindexRunning as exc:
        return _running_message(exc, mrkdwn=True)
    except Exception as exc:
        log.exception("reindex requested by %s failed", user_id)
        return f"The reindex failed: {_esc(str(exc))}. The details are in the bot's log."
    return render_reindex(report, mrkdwn=True)


def reindex_cli(store: Store) -> int:
    print("reindexing: re-extracting every article and rescanning the folder...", file=sys.stderr)
    try:
        report = reindex(store)
    except ReindexRunning as exc:
        print(f"factdesk: {_running_message(exc, mrkdwn=False)}", file=sys.stderr)
        return 1
    print(render_reindex(report, mrkdwn=False))
    # like ingest: 1 when an article or a file failed (the rest is done), for scripts and cron
    return 1 if report.failed or (report.rescan is not None and report.rescan.failed) else 0


def status_cli(store: Store) -> int:
    print(render_status(status_of(store), mrkdwn=False))
    return 0


def status_of(store: Store) -> StoreStatus:
    settings = store.settings
    status = collect_status(store.sessions, store.engine, settings.database_url, store.story)
    status.folder = str(settings.seeds_dir)
    status.folder_missing = not settings.seeds_dir.is_dir()
    status.digest_channels = settings.digest_channels
    status.digest_schedule = f"{settings.digest_cron} ({settings.timezone})"
    return status


# -- rendering ---------------------------------------------------------------------------------
def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(text: str) -> str:
    return text


def _running_message(exc: ReindexRunning, mrkdwn: bool) -> str:
    since = ""
    if exc.current is not None:
        since = f" (lease held by {exc.current.holder} until {exc.current.expires_at:%H:%M:%S} UTC)"
    what = "A reindex" if exc.what == REINDEX else "A folder scan"
    text = f"{what} is already running{since}. Try again when it has finished."
    return _esc(text) if mrkdwn else text


def render_reindex(report: ReindexReport, mrkdwn: bool) -> str:
    e: Callable[[str], str] = _esc if mrkdwn else _plain
    title = "*Reindex done*" if mrkdwn else "Reindex done"
    lines = [title,
             f"Articles re-extracted: {report.articles}" + (f" ({report.failed} failed, kept their old facts)"
                                                             if report.failed else ""),
             f"Facts: {report.facts_before} → {report.facts_after} "
             f"(+{report.facts_added} added, -{report.facts_removed} removed)",
             f"Rounds: {report.rounds_before} → {report.rounds_after}"
             + ("; " + e("; ".join(report.rounds_changed)) if report.rounds_changed else ", unchanged")]
    if report.rescan is not None:
        lines.append("Folder rescan: " + e(report.rescan.summary()))
    if report.failures:
        lines.append(f"Failures ({len(report.failures)}):")
        lines += [f"• {e(f.path)}: {e(f.reason)}" for f in report.failures[:20]]
        if len(report.failures) > 20:
            lines.append(f"• and {len(report.failures) - 20} more (see `factdesk status`)")
    else:
        lines.append("Failures: none")
    lines.append(f"Took {report.seconds:.1f}s.")
    return "\n".join(lines)


def _ago(when: dt.datetime, now: dt.datetime) -> str:
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 90:
        return f"{seconds}s ago"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 36 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def _run_line(run: RunLine | None, now: dt.datetime) -> str:
    if run is None or run.finished_at is None:
        return "never"
    st = run.stats
    when = f"{run.finished_at:%Y-%m-%d %H:%M} UTC ({_ago(run.finished_at, now)})"
    if run.kind == "reindex":
        return (f"{when}: {st.get('articles', 0)} articles, facts {st.get('facts_before', 0)} → "
                f"{st.get('facts_after', 0)}, {len(st.get('failures') or [])} failures")
    return (f"{when}: seen {st.get('seen', 0)} / new {st.get('new', 0)} / changed {st.get('changed', 0)}"
            f" / removed {st.get('removed', 0)} / failed {st.get('failed', 0)}"
            + (f" / {st['skipped']} still being written" if st.get("skipped") else ""))


def render_status(st: StoreStatus, mrkdwn: bool, now: dt.datetime | None = None) -> str:
    now = now or utcnow()
    e: Callable[[str], str] = _esc if mrkdwn else _plain

    def head(text: str) -> str:
        return f"*{text}*" if mrkdwn else text

    lines = [head("Factdesk status"),
             f"{head('Articles:')} {st.articles} active ({st.withdrawn} withdrawn), {st.files} files"
             f"; {head('facts:')} {st.facts}"]
    if st.outdated:
        lines.append(f"{st.outdated} articles were extracted by an older extractor: run a reindex.")
    if st.story_unseen:
        shown = ", ".join(st.story_unseen[:3]) + (", …" if len(st.story_unseen) > 3 else "")
        lines.append(f"The story file is “{e(st.story_file or '')}”, but no article names its people ({e(shown)}): "
                     "its aliases and places are another story's, and answers are headed “Factdesk”. Point "
                     "FACTDESK_STORY_FILE at a copy of store/story.toml written for this story.")
    if st.rounds:
        lines.append(f"{head('Rounds:')} {len(st.rounds)}")
        if len(st.rounds) > STATUS_ROUNDS:  # a long story's history is the timeline's job
            lines.append(f"• … {len(st.rounds) - STATUS_ROUNDS} earlier (timeline), then:")
        for r in st.rounds[-STATUS_ROUNDS:]:
            place = ", ".join(p for p in (r.venue, r.city) if p)
            days = f"{r.date:%a %-d %b %Y}" + (f" – {r.through:%a %-d %b %Y}" if r.through else "")
            lines.append(f"• Round {r.number}: {days}" + (" (date inferred)" if r.date_inferred else "")
                         + (f", {e(place)}" if place else ""))
    else:
        lines.append(f"{head('Rounds:')} none identified yet")
    lines.append(f"{head('Last ingest:')} {e(_run_line(st.last_ingest, now))}")
    lines.append(f"{head('Last reindex:')} {e(_run_line(st.last_reindex, now))}")
    if st.digest_channels:
        when = e(st.digest_schedule or "?")
        lines.append(f"{head('Digests:')} {e(', '.join(st.digest_channels))} at " + (f"`{when}`" if mrkdwn else when))
    if st.digests or st.digest_channels:
        lines.append(head("Last digest per channel:"))
        seen = {d.channel for d in st.digests}
        lines += [f"• {e(c)}: none yet" for c in st.digest_channels if c not in seen]
        for d in st.digests:
            what = {"posted": f"posted {counted(d.facts, 'fact')}"
                    + (f", {counted(d.corrections, 'correction')}" if d.corrections else ""),
                    "empty": "nothing new (no post)", "claimed": "in progress",
                    "failed": f"FAILED: {d.error or '?'}"}.get(d.status, d.status)
            lines.append(f"• {e(d.channel)}: {e(what)}, slot {e(d.slot)}, {d.at:%Y-%m-%d %H:%M} UTC")
    else:
        lines.append(f"{head('Digests:')} none configured (FACTDESK_DIGEST_CHANNELS) and none posted")
    if st.stuck_digests:
        lines.append(f"{st.stuck_digests} digest slot(s) were claimed but never finished (a crash while posting?): "
                     "their facts are held back; check the channel.")
    running = [lease for lease in st.leases if lease.name in (REINDEX, INGEST)]
    for lease in running:
        what = "reindex" if lease.name == REINDEX else "folder scan"
        lines.append(f"Running now: {what} ({e(lease.holder)}, lease until {lease.expires_at:%H:%M:%S} UTC)")
    if st.failed_files:
        lines.append(head(f"Files that failed ({len(st.failed_files)}):"))
        lines += [f"• {e(f.path)}: {e(f.reason)}" for f in st.failed_files[:30]]
        if len(st.failed_files) > 30:
            lines.append(f"• and {len(st.failed_files) - 30} more")
    else:
        lines.append(f"{head('Files that failed:')} none")
    if st.folder:
        missing = " (not found: nothing can be read from it; check FACTDESK_SEEDS_DIR)" if st.folder_missing else ""
        lines.append(f"{head('Watched folder:')} {e(st.folder)}{missing}")
    lines.append(f"{head('Database:')} {e(st.database)}")
    return "\n".join(lines)
