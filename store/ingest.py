"""Folder -> store. Incremental, idempotent, and atomic per article.

A file is read only when its size or mtime changed since the last run; its content
hash then decides whether it holds a new article, one already stored under another
name, or nothing new. Each article (row, facts, groups, file link) is committed in
its own transaction, so a crash leaves whole articles or none, and the next run picks
up where this one stopped. Bad files are recorded with their reason and skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from store.dedupe import SAME_FACT, fact_key, similarity
from store.extract.pipeline import EXTRACTOR_VERSION, ExtractedArticle, extract, search_text
from store.models import Article, ArticleFile, Fact, FactGroup, IngestRun, Mention, Round, utcnow
from store.rounds import discover_rounds
from store.story import Story
from store.text import fold

log = logging.getLogger(__name__)

TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", ".swx", "~", ".download", ".lock")
DEDUPE_WINDOW_DAYS = 3  # paraphrases of one event are published within days of each other
PREFILTER = 50.0  # token_set_ratio below which two facts cannot be the same (it is >= similarity's parts)


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IngestReport:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    skipped: int = 0  # still being written: left for the next run
    facts_added: int = 0
    facts: int = 0
    rounds: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        text = (f"seen {self.seen} / new {self.new} / changed {self.changed} / unchanged {self.unchanged}"
                f" / removed {self.removed} / failed {self.failed}"
                f" -- facts {self.facts} (+{self.facts_added}), rounds {self.rounds}")
        if self.skipped:
            text += f", {self.skipped} still being written"
        return text

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "failures"} | {
            "failures": [f.__dict__ for f in self.failures]}


class BadFile(Exception):
    """A file that cannot become an article; the message says why, in plain words."""


def is_candidate(path: Path) -> bool:
    name = path.name
    return not (name.startswith((".", "~", "#")) or name.endswith(TEMP_SUFFIXES))


def list_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and is_candidate(path) and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            yield path


def read_text(path: Path, max_bytes: int) -> tuple[str, str]:
    """The file's text and content hash, or :class:`BadFile` with the reason."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(f"too large: {size:,} bytes (limit {max_bytes:,}; FACTDESK_MAX_FILE_BYTES)")
        data = path.read_bytes()
    except PermissionError as exc:
        raise BadFile(f"unreadable: permission denied ({exc.strerror})") from exc
    except OSError as exc:
        raise BadFile(f"unreadable: {exc.strerror or exc}") from exc
    if not data.strip():
        raise BadFile("empty file")
    if b"\x00" in data[:8192]:
        raise BadFile("binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


class GroupIndex:
    """Fact groups a few days either side of each day an article's facts are about.

    Loaded once per article, bucketed by day. rapidfuzz's C++ token_set_ratio prefilters
    the candidates so the exact (slower) :func:`store.dedupe.similarity` runs on a handful
    per fact, not on every group.
    """

    def __init__(self, session: Session, days: list[dt.date | None]) -> None:
        self.window = dt.timedelta(days=DEDUPE_WINDOW_DAYS)
        self.buckets: dict[dt.date | None, list[tuple[int, str]]] = defaultdict(list)
        self.pools: dict[dt.date | None, tuple[list[int], list[str]]] = {}
        conditions = [FactGroup.day.between(d - self.window, d + self.window) for d in set(days) if d is not None]
        if None in days:
            conditions.append(FactGroup.day.is_(None))
        for gid, key, day in session.execute(select(FactGroup.id, FactGroup.key, FactGroup.day)
                                             .where(or_(*conditions))):
            self.buckets[day].append((gid, key))

    def _near(self, day: dt.date | None) -> list[dt.date | None]:
        if day is None:
            return [None]
        return [day + dt.timedelta(days=i) for i in range(-DEDUPE_WINDOW_DAYS, DEDUPE_WINDOW_DAYS + 1)]

    def _pool(self, day: dt.date | None) -> tuple[list[int], list[str]]:
        if day not in self.pools:
            entries = [e for d in self._near(day) for e in self.buckets.get(d, ())]
            self.pools[day] = ([gid for gid, _ in entries], [key for _, key in entries])
        return self.pools[day]

    def match(self, key: str, day: dt.date | None) -> int | None:
        if not key:
            return None
        gids, keys = self._pool(day)
        best: tuple[float, int] | None = None
        for _, _, i in process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=PREFILTER, limit=8):
            score = similarity(key, keys[i])
            if score >= SAME_FACT and (best is None or score > best[0]):
                best = (score, gids[i])
        return best[1] if best else None

    def add(self, gid: int, key: str, day: dt.date | None) -> None:
        self.buckets[day].append((gid, key))
        for near in self._near(day):
            if near in self.pools:
                self.pools[near][0].append(gid)
                self.pools[near][1].append(key)


def store_article(session: Session, extracted: ExtractedArticle, raw: str, content_hash: str) -> Article:
    article = Article(
        content_hash=content_hash, title=extracted.title, outlet=extracted.outlet, url=extracted.url,
        published=extracted.published, date_source=extracted.date_source, date_reason=extracted.date_reason,
        event_date=extracted.published, lead_event=extracted.lead_event, dateline=extracted.dateline,
        raw_text=raw, size=len(raw),
        extractor_version=EXTRACTOR_VERSION,
    )
    session.add(article)
    session.flush()
    add_facts(session, article, extracted)
    return article


def add_facts(session: Session, article: Article, extracted: ExtractedArticle) -> int:
    """Insert an article's facts, their groups and mentions in a few bulk statements."""
    facts = extracted.facts
    if not facts:
        return 0
    keys = [fact_key(f.text) for f in facts]
    days = [f.event_date or article.published for f in facts]
    index = GroupIndex(session, days)
    group_ids: list[int] = []
    new_groups: list[dict[str, object]] = []  # created in one statement; -n stands for the n-th
    for key, day in zip(keys, days, strict=True):
        gid = index.match(key, day)
        if gid is None:
            new_groups.append(dict(key=key, day=day, created_at=utcnow()))
            gid = -len(new_groups)
            index.add(gid, key, day)
        group_ids.append(gid)
    if new_groups:
        created = list(session.scalars(insert(FactGroup).returning(FactGroup.id, sort_by_parameter_order=True),
                                       new_groups))
        group_ids = [created[-g - 1] if g < 0 else g for g in group_ids]
    rows = [dict(
        article_id=article.id, position=f.position, paragraph=f.paragraph, start=f.start, end=f.end,
        text=f.text, search_text=search_text(f), key=key, strong=f.strong, event_date=f.event_date,
        effective_date=f.event_date if f.event_date else (article.event_date if f.anchor == "article" else None),
        anchor=f.anchor, anchor_reason=f.anchor_reason, ordinal=f.ordinal, speaker=f.speaker,
        attribution=f.attribution, is_quote=f.is_quote, people=f.people, places=f.places,
        organisations=f.organisations, figures=f.figures, salience=f.salience, group_id=gid, created_at=utcnow(),
    ) for f, key, gid in zip(facts, keys, group_ids, strict=True)]
    session.execute(insert(Fact), rows)  # executemany; ids read back in one query (cheaper than RETURNING)
    ids = dict(session.execute(select(Fact.position, Fact.id).where(Fact.article_id == article.id)).all())
    mentions = []
    for f in facts:
        fact_id = ids[f.position]
        names = {p: "named" for p in f.people} | ({f.speaker: "speaker"} if f.speaker else {})
        mentions += [dict(fact_id=fact_id, name=n, key=fold(n), role=r) for n, r in names.items()]
    if mentions:
        session.execute(insert(Mention), mentions)
    return len(facts)


def _withdraw_if_orphan(session: Session, article_id: int | None, superseded_by: int | None = None) -> None:
    if article_id is None:
        return
    active = session.scalar(select(func.count()).select_from(ArticleFile).where(
        ArticleFile.article_id == article_id, ArticleFile.status == "active"))
    if not active:
        session.execute(update(Article).where(Article.id == article_id, Article.withdrawn_at.is_(None))
                        .values(withdrawn_at=utcnow()))
        if superseded_by:
            session.execute(update(Article).where(Article.id == article_id).values(superseded_by_id=superseded_by))


def _has_date(path: Path) -> bool:
    """Whether a file states its date (date line or front matter), from its first bytes only."""
    try:
        with path.open("rb") as fh:
            head = fh.read(2048).decode("utf-8", errors="replace")
    except OSError:
        return True
    return bool(re.match(r"\s*date[:\s]+\d{4}-\d{2}-\d{2}", head)) or (
        head.lstrip("\ufeff").startswith("---") and bool(re.search(r"^(date|published):", head, re.MULTILINE)))


def _year_hint(session: Session) -> int | None:
    latest = session.scalar(select(func.max(Article.published)).where(Article.date_source != "inferred"))
    return latest.year if latest else None


def ingest_folder(sessions: sessionmaker[Session], folder: Path, story: Story, max_bytes: int,
                  settle_seconds: float = 0.0, progress: Callable[[int, int, str], None] | None = None,
                  kind: str = "ingest") -> IngestReport:
    """Bring the store in line with ``folder``. ``settle_seconds``: skip files modified more recently."""
    started = time.perf_counter()
    report = IngestReport()
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"articles folder not found: {folder}")
    root = folder.resolve().as_posix()
    with sessions() as session:
        run = IngestRun(kind=kind)
        session.add(run)
        session.commit()
        run_id = run.id
        known = {f.path: (f.size, f.mtime_ns, f.status, f.error)
                 for f in session.scalars(select(ArticleFile).where(ArticleFile.root == root))}
        year_hint = _year_hint(session)
    now_ns = time.time_ns()
    present: set[str] = set()
    pending: list[tuple[bool, Path, str, os.stat_result]] = []
    for path in list_files(folder):
        rel = path.relative_to(folder).as_posix()
        present.add(rel)
        report.seen += 1
        try:
            st = path.stat()
        except OSError:
            continue
        before = known.get(rel)
        if before and before[0] == st.st_size and before[1] == st.st_mtime_ns and before[2] in ("active", "failed"):
            if before[2] == "failed":  # still bad: report it again, do not re-read it
                report.failed += 1
                report.failures.append(Failure(rel, before[3] or "failed earlier"))
            else:
                report.unchanged += 1
            continue
        if settle_seconds and (now_ns - st.st_mtime_ns) / 1e9 < settle_seconds:
            report.skipped += 1  # still being written; the next run takes it
            continue
        pending.append((not _has_date(path), path, rel, st))
    # Dated files first: an undated article's year is the corpus's, whatever order files come in.
    pending.sort(key=lambda item: (item[0], item[2]))
    changed_any = False
    for i, (undated, path, rel, st) in enumerate(pending, 1):
        if progress:
            progress(i, len(pending), rel)
        if undated and (i == 1 or not pending[i - 2][0]):
            with sessions() as session:
                year_hint = _year_hint(session)
        changed_any |= _ingest_one(sessions, root, path, rel, st, story, max_bytes, year_hint, report)
    gone = [p for p, v in known.items() if p not in present and v[2] != "deleted"]
    if gone:
        with sessions.begin() as session:
            for rel in gone:
                row = session.scalar(select(ArticleFile).where(ArticleFile.root == root, ArticleFile.path == rel))
                if row is None:
                    continue
                row.status, row.updated_at = "deleted", utcnow()
                session.flush()
                _withdraw_if_orphan(session, row.article_id)
                report.removed += 1
        changed_any = True
    with sessions.begin() as session:
        # A run that died before this point left its articles but not their rounds: redo them.
        interrupted = session.execute(update(IngestRun).where(IngestRun.finished_at.is_(None), IngestRun.id != run_id)
                                      .values(finished_at=utcnow(), stats={"interrupted": True})).rowcount
        if changed_any or interrupted or not session.scalar(select(func.count()).select_from(Round)):
            discover_rounds(session, story)
        report.facts = session.scalar(select(func.count()).select_from(Fact).join(Article).where(
            Article.withdrawn_at.is_(None))) or 0
        report.rounds = session.scalar(select(func.count()).select_from(Round)) or 0
        report.seconds = round(time.perf_counter() - started, 3)
        run = session.get(IngestRun, run_id)
        if run:
            run.finished_at, run.stats = utcnow(), report.as_dict()
    return report


def _ingest_one(sessions: sessionmaker[Session], root: str, path: Path, rel: str, st, story: Story,
                max_bytes: int, year_hint: int | None, report: IngestReport) -> bool:
    """Ingest one file in its own transaction. Returns True when the store changed."""
    try:
        raw, digest = read_text(path, max_bytes)
        extracted = None
    except BadFile as exc:
        with sessions.begin() as session:
            row = session.scalar(select(ArticleFile).where(ArticleFile.root == root, ArticleFile.path == rel)) \
                or ArticleFile(root=root, path=rel)
            previous = row.article_id
            row.status, row.error, row.size, row.mtime_ns, row.updated_at = (
                "failed", str(exc), st.st_size, st.st_mtime_ns, utcnow())
            row.article_id = None
            session.add(row)
            session.flush()
            _withdraw_if_orphan(session, previous)
        report.failed += 1
        report.failures.append(Failure(rel, str(exc)))
        log.warning("could not ingest %s: %s", rel, exc)
        return previous is not None
    with sessions.begin() as session:
        article = session.scalar(select(Article).where(Article.content_hash == digest))
        row = session.scalar(select(ArticleFile).where(ArticleFile.root == root, ArticleFile.path == rel))
        if row is not None and article is not None and row.article_id == article.id and row.status == "active":
            row.size, row.mtime_ns = st.st_size, st.st_mtime_ns  # touched, same content
            report.unchanged += 1
            return False
        if article is None:
            extracted = extract(raw, story, year_hint)
            article = store_article(session, extracted, raw, digest)
            report.facts_added += len(extracted.facts)
        elif article.withdrawn_at is not None:
            article.withdrawn_at = None  # the same text came back
        previous = row.article_id if row is not None else None
        if row is None:
            row = ArticleFile(root=root, path=rel)
            session.add(row)
            report.new += 1
        else:
            report.changed += 1 if row.status != "deleted" else 0
            report.new += 1 if row.status == "deleted" else 0
        row.article_id, row.status, row.error = article.id, "active", None
        row.size, row.mtime_ns, row.updated_at = st.st_size, st.st_mtime_ns, utcnow()
        session.flush()
        if previous and previous != article.id:
            _withdraw_if_orphan(session, previous, superseded_by=article.id)
    return True
