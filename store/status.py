"""What is in the store: counts, rounds, last ingest and reindex, last digest per channel, failures.

Plain data for ``factdesk status`` and ``/talks status`` (rendered in ``bot/admin.py``).
Reads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from store.db import shown_url
from store.digests import last_posts
from store.extract.pipeline import EXTRACTOR_VERSION
from store.ingest import LINK_GONE, MISNAMED, active_facts
from store.leases import LeaseInfo, all_leases
from store.models import Article, ArticleFile, DigestPost, IngestRun, Round, utcnow
from store.query import names_cast, story_cast
from store.rounds import round_through
from store.story import Story

STUCK_AFTER = dt.timedelta(minutes=30)  # a claimed digest slot older than this never finished
# live articles an older extractor read (a reindex would refresh them): counted in
# ix_articles_withdrawn_version, not by reading the table and its texts
OUTDATED = select(func.count()).select_from(Article).where(
    Article.withdrawn_at.is_(None), Article.extractor_version < EXTRACTOR_VERSION)


@dataclass
class RoundLine:
    number: int
    date: dt.date
    date_inferred: bool
    venue: str | None
    city: str | None
    through: dt.date | None = None  # the last day of a round of several days


@dataclass
class RunLine:
    kind: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    stats: dict[str, Any]


@dataclass
class ChannelDigest:
    channel: str
    slot: str
    status: str  # claimed | posted | empty | failed
    at: dt.datetime
    facts: int = 0
    corrections: int = 0
    error: str | None = None


@dataclass
class FailedFile:
    path: str
    reason: str
    since: dt.datetime


@dataclass
class StoreStatus:
    database: str
    articles: int = 0
    withdrawn: int = 0
    files: int = 0
    facts: int = 0
    outdated: int = 0  # articles extracted by an older extractor: a reindex would refresh them
    # the story file's people, none of whom the articles name: the file is another story's
    story_unseen: tuple[str, ...] = ()
    story_file: str | None = None
    rounds: list[RoundLine] = field(default_factory=list)
    last_ingest: RunLine | None = None
    last_reindex: RunLine | None = None
    digests: list[ChannelDigest] = field(default_factory=list)
    stuck_digests: int = 0
    failed_files: list[FailedFile] = field(default_factory=list)
    leases: list[LeaseInfo] = field(default_factory=list)  # held now (not expired)
    # from the settings, so status says what is configured next to what happened
    folder: str | None = None
    folder_missing: bool = False  # the watched folder is not there (a share not mounted, a wrong path)
    digest_channels: tuple[str, ...] = ()
    digest_schedule: str | None = None


def _last_run(session: Session, kind: str) -> RunLine | None:
    run = session.scalar(select(IngestRun).where(IngestRun.kind == kind, IngestRun.finished_at.is_not(None))
                         .order_by(IngestRun.finished_at.desc()).limit(1))
    return RunLine(run.kind, run.started_at, run.finished_at, dict(run.stats or {})) if run else None


def collect_status(sessions: sessionmaker[Session], engine: Engine, database_url: str,
                   story: Story | None = None) -> StoreStatus:
    """Everything ``status`` shows; ``story`` spells venues the canonical way."""
    now = utcnow()
    status = StoreStatus(database=shown_url(database_url))
    with sessions() as s:
        status.articles = s.scalar(select(func.count()).select_from(Article).where(
            Article.withdrawn_at.is_(None))) or 0
        status.withdrawn = s.scalar(select(func.count()).select_from(Article).where(
            Article.withdrawn_at.is_not(None))) or 0
        status.files = s.scalar(select(func.count()).select_from(ArticleFile).where(
            ArticleFile.status == "active")) or 0
        status.facts = active_facts(s)
        status.outdated = s.scalar(OUTDATED) or 0
        if story and status.articles and not names_cast(s, story):
            status.story_unseen, status.story_file = tuple(story_cast(story)), story.name
        status.rounds = [RoundLine(r.number, r.date, r.date_inferred,
                                   story.canonical(r.venue) if story and r.venue else r.venue, r.city,
                                   round_through(r.evidence))
                         for r in s.scalars(select(Round).order_by(Round.number))]
        status.last_ingest = _last_run(s, "ingest")
        status.last_reindex = _last_run(s, "reindex")
        for post in sorted(last_posts(s), key=lambda p: p.channel):
            items = post.items or {}
            status.digests.append(ChannelDigest(
                post.channel, post.slot, post.status, post.posted_at or post.created_at,
                facts=int(items.get("facts", 0)), corrections=int(items.get("corrections", 0)),
                error=items.get("error")))
        status.stuck_digests = s.scalar(select(func.count()).select_from(DigestPost).where(
            DigestPost.status == "claimed", DigestPost.created_at < now - STUCK_AFTER)) or 0
        # folders the last scan could not read, files it could not name (store.ingest.list_files): no
        # file row holds them
        last = status.last_ingest
        status.failed_files = [FailedFile(f["path"], f["reason"], last.started_at) for f in (
            last.stats.get("failures", []) if last else [])
            if f["path"] == "." or f["path"].endswith("/") or f["reason"].startswith((MISNAMED, LINK_GONE))]
        status.failed_files += [FailedFile(f.path, f.error or "failed", f.updated_at) for f in s.scalars(
            select(ArticleFile).where(or_(ArticleFile.status == "failed", and_(  # and good articles saved over badly
                ArticleFile.status == "active", ArticleFile.error.is_not(None)))).order_by(ArticleFile.path))]
    status.leases = [lease for lease in all_leases(engine) if not lease.expired(now)]
    return status
