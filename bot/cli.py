"""``factdesk``: the command line. Mirrors what the bot does, so everything can be tried offline.

    factdesk ingest [DIR]          read new/changed articles into the store
    factdesk ask TEXT... [--json]  the answer /talks would give
    factdesk chat                  a REPL through the same command handler as Slack
    factdesk serve                 the Slack app (Socket Mode or HTTP) + scheduler
    factdesk digest / reindex / status
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from pathlib import Path

from sqlalchemy.exc import ArgumentError, DatabaseError

from bot import terminal_ingest
from bot.terminal_ingest import ensure_ingested, ingest_by_hand
from store.answers import to_json
from store.db import shown_url, without_password
from store.runtime import Store, open_store
from store.settings import Settings

log = logging.getLogger("factdesk")


def _page_number(text: str) -> int:
    """``--page``: a whole number from 1 (``--page 0`` showed page 1 without a word)."""
    try:
        page = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a page number: {text!r}") from None
    if page < 1:
        raise argparse.ArgumentTypeError("pages are numbered from 1")
    return page


def cmd_ingest(store: Store, args: argparse.Namespace) -> int:
    folder = Path(args.dir) if args.dir else store.settings.seeds_dir
    try:
        report = ingest_by_hand(store, folder)
    except FileNotFoundError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 2
    if report is None:
        return 1
    for failure in report.failures:
        print(f"failed: {failure.path}: {failure.reason}", file=sys.stderr)
    print(report.summary())
    if terminal_ingest.STOP.is_set():
        return 130  # stopped by SIGTERM: as an interrupted command ends
    # Like rsync's partial transfer: the rest is in, but a cron job or a deploy script must see it.
    return 1 if report.failures else 0


def cmd_ask(store: Store, args: argparse.Namespace) -> int:
    from bot.render_text import render_text

    ensure_ingested(store)
    answer = store.query.ask(" ".join(args.text), page=args.page)
    if args.json:
        print(json.dumps(to_json(answer), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer))
    return 0


def cmd_chat(store: Store, args: argparse.Namespace) -> int:
    from bot.chat import run_chat

    ensure_ingested(store)
    return run_chat(store)


def cmd_serve(store: Store, args: argparse.Namespace) -> int:
    from bot.serve import serve

    return serve(store)


def cmd_digest(store: Store, args: argparse.Namespace) -> int:
    from bot.digest import digest_now

    return digest_now(store, channel=args.channel, dry_run=args.dry_run)


def cmd_reindex(store: Store, args: argparse.Namespace) -> int:
    from bot.admin import reindex_cli

    return reindex_cli(store)


def cmd_status(store: Store, args: argparse.Namespace) -> int:
    from bot.admin import status_cli

    return status_cli(store)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="factdesk", description="Cited facts from news articles, in Slack.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("ingest", help="ingest new and changed articles from the folder")
    s.add_argument("dir", nargs="?", help="folder of articles (default: FACTDESK_SEEDS_DIR or seeds/)")
    s.set_defaults(func=cmd_ingest)
    s = sub.add_parser("ask", help="ask what /talks would answer, e.g. factdesk ask round 2")
    s.add_argument("text", nargs="+")
    s.add_argument("--json", action="store_true", help="print the answer as JSON")
    s.add_argument("--page", type=_page_number, default=1)
    s.set_defaults(func=cmd_ask)
    sub.add_parser("chat", help="try the bot in the terminal").set_defaults(func=cmd_chat)
    sub.add_parser("serve", help="run the Slack app and the scheduler").set_defaults(func=cmd_serve)
    s = sub.add_parser("digest", help="build (and post) a digest of what is new now")
    s.add_argument("--channel", help="only this channel ID (default: FACTDESK_DIGEST_CHANNELS)")
    s.add_argument("--dry-run", action="store_true", help="print the digest, post nothing, record nothing")
    s.set_defaults(func=cmd_digest)
    sub.add_parser("reindex", help="re-extract every article and rescan the folder").set_defaults(func=cmd_reindex)
    sub.add_parser("status", help="articles, facts, rounds, last ingest and digest, failures").set_defaults(
        func=cmd_status)
    return p


def _interrupted(signum: int, frame: object) -> None:
    """SIGTERM: an ingest by hand stops after the file it is storing (bot.terminal_ingest.STOP); anything
    else leaves as Ctrl-C does."""
    if terminal_ingest.INGESTING.is_set():
        terminal_ingest.STOP.set()
        print("factdesk: stopping after the file being stored; the rest is read on the next run", file=sys.stderr)
        return
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"factdesk: configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # APScheduler logs two INFO lines per run of every job (the folder scan runs each minute);
    # the scan logs what it found itself, and a failing job is still logged, at ERROR
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    # pypdf warns of a damaged file without naming it; ingest reports the file by name and why
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        store = open_store(settings)
    except (ArgumentError, DatabaseError, ImportError) as exc:  # a URL no driver takes; a server not there;
        # a file that is no database
        reason = without_password(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
        if isinstance(exc, ImportError):
            reason = f"its driver is not installed ({exc.name or exc})"
        print(f"factdesk: cannot open the database {shown_url(settings.database_url)}: {reason}", file=sys.stderr)
        return 2
    if args.func is not cmd_serve:  # serve stops itself cleanly; the others leave like Ctrl-C, releasing
        signal.signal(signal.SIGTERM, _interrupted)  # the ingest lease (systemd, docker stop, timeout)
    try:
        return args.func(store, args)
    except KeyboardInterrupt:
        return 130
    except DatabaseError as exc:  # a read-only database file, a disk full: a sentence, not a traceback
        reason = without_password(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
        print(f"factdesk: the database {shown_url(settings.database_url)} failed: {reason}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `factdesk ask ... | head`: the reader left, which is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so the interpreter's final flush stays quiet)
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
