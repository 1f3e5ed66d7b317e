"""Reindex: re-extract every article from its stored text, then rescan the folder.

Used after an extractor upgrade. All the new facts are built in ONE transaction: the
old facts, their groups and mentions are deleted and the new ones inserted and the
rounds rediscovered inside it, so a question asked meanwhile is answered from the old
facts (SQLite WAL and PostgreSQL MVCC show readers the last committed state) and the
next one from the new facts -- never from an empty or half-built store.

Only one reindex runs at a time (lease ``reindex``); it also takes the ``ingest``
lease, so the watch job does not write while it runs. Digests survive a reindex: the
facts a channel was already shown are mapped onto their new rows (same sentence of
the same article), so they are not posted again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from store.extract.pipeline import EXTRACTOR_VERSION, extract
from store.ingest import Failure, IngestReport, active_facts, add_facts, corpus_year, numbered_days
from store.leases import INGEST, REINDEX, LeaseBusy, LeaseInfo, LeaseKeeper
from store.models import (
    Article,
    ArticleFile,
    DigestItem,
    Fact,
    FactGroup,
    IngestRun,
    Mention,
    Round,
    utcnow,
)
from store.rounds import discover_rounds
from store.story import Story
from store.text import fold

if TYPE_CHECKING:
    from store.runtime import Store

log = logging.getLogger(__name__)

LEASE_TTL = 900.0  # seconds; renewed in the background while the reindex runs
INGEST_WAIT = 60.0  # how long to wait for a running folder scan to finish
SAME_SENTENCE = 60  # rapidfuzz score from which a re-extracted sentence is the one a digest showed


class ReindexRunning(Exception):
    """Another reindex (or, when ``current.name`` is ``ingest``, a long folder scan) holds the lease."""

    def __init__(self, current: LeaseInfo | None, what: str = REINDEX) -> None:
        self.current = current
        self.what = what
        since = f" (held by {current.holder} until {current.expires_at:%H:%M:%S} UTC)" if current else ""
        super().__init__(f"a {what} is already running{since}")


@dataclass
class ReindexReport:
    articles: int = 0
    failed: int = 0  # articles that could not be re-extracted: they keep their old facts
    facts_before: int = 0  # facts of active articles
    facts_after: int = 0
    facts_added: int = 0  # sentences an article has now and did not have before
    facts_removed: int = 0
    rounds_before: int = 0
    rounds_after: int = 0
    rounds_changed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    digest_items_kept: int = 0
    digest_items_dropped: int = 0
    extractor_version: int = EXTRACTOR_VERSION
    rescan: IngestReport | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [f"re-extracted {self.articles} articles (extractor v{self.extractor_version})"
                 + (f", {self.failed} failed and kept their old facts" if self.failed else ""),
                 f"facts {self.facts_before} → {self.facts_after} (+{self.facts_added} / -{self.facts_removed})",
                 f"rounds {self.rounds_before} → {self.rounds_after}"
                 + (": " + "; ".join(self.rounds_changed) if self.rounds_changed else ", unchanged")]
        if self.rescan is not None:
            lines.append(f"folder rescan: {self.rescan.summary()}")
        for f in self.failures:
            lines.append(f"failed: {f.path}: {f.reason}")
        lines.append(f"took {self.seconds:.1f}s")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("failures", "rescan")}
        out["failures"] = [f.__dict__ for f in self.failures]
        out["rescan"] = self.rescan.as_dict() if self.rescan else None
        return out


def reindex(store: Store, folder: Path | None = None, *, lease_ttl: float = LEASE_TTL,
            ingest_wait: float = INGEST_WAIT) -> ReindexReport:
    """Re-extract everything and rescan ``folder``. :class:`ReindexRunning` if one already runs."""
    started = time.perf_counter()
    try:
        with LeaseKeeper(store.engine, REINDEX, ttl=lease_ttl), \
                _ingest_lease(store, lease_ttl, ingest_wait):
            with store.sessions.begin() as s:
                run = IngestRun(kind="reindex")
                s.add(run)
                s.flush()
                run_id = run.id
            report = reextract(store.sessions, store.story)
            try:
                report.rescan = store.ingest(folder or store.settings.seeds_dir, reread=True)
                report.failures += report.rescan.failures
            except FileNotFoundError as exc:
                report.failures.append(Failure(str(folder or store.settings.seeds_dir), str(exc)))
            report.seconds = round(time.perf_counter() - started, 3)
            with store.sessions.begin() as s:
                report.facts_after = active_facts(s)
                report.rounds_after = s.scalar(select(func.count()).select_from(Round)) or 0
                row = s.get(IngestRun, run_id)
                if row is not None:
                    row.finished_at, row.stats = utcnow(), report.as_dict()
    except LeaseBusy as exc:
        raise ReindexRunning(exc.current, "reindex" if exc.name == REINDEX else "folder scan") from exc
    log.info("reindex done: %s", report.summary().replace("\n", "; "))
    return report


def _ingest_lease(store: Store, ttl: float, wait: float) -> LeaseKeeper:
    return LeaseKeeper(store.engine, INGEST, ttl=ttl, wait=wait)


def _rounds(session: Session) -> dict[int, tuple[dt.date, str | None]]:
    return {r.number: (r.date, r.venue) for r in session.scalars(select(Round).order_by(Round.number))}


def _round_changes(before: dict[int, tuple[dt.date, str | None]],
                   after: dict[int, tuple[dt.date, str | None]]) -> list[str]:
    out = []
    for n in sorted(set(before) | set(after)):
        if n not in before:
            out.append(f"new round {n} ({after[n][0]:%-d %b %Y})")
        elif n not in after:
            out.append(f"round {n} ({before[n][0]:%-d %b %Y}) gone")
        elif before[n] != after[n]:
            (d0, v0), (d1, v1) = before[n], after[n]
            what = []
            if d0 != d1:
                what.append(f"{d0:%-d %b %Y} → {d1:%-d %b %Y}")
            if v0 != v1:
                what.append(f"venue {v0 or '?'} → {v1 or '?'}")
            out.append(f"round {n}: " + ", ".join(what))
    return out


def _match(old: list[tuple[int, str]], new: list[tuple[int, str, int | None]],
           wanted: set[int]) -> dict[int, tuple[int, int | None]]:
    """Old fact id -> (new fact id, group) for the old facts in ``wanted``: same sentence first, else closest."""
    free = {fid: (fid, text, group) for fid, text, group in new}
    by_text: dict[str, list[int]] = {}
    for fid, text, _ in new:
        by_text.setdefault(fold(text), []).append(fid)
    out: dict[int, tuple[int, int | None]] = {}
    todo = []
    for fid, text in old:
        if fid not in wanted:
            continue
        same = [n for n in by_text.get(fold(text), []) if n in free]
        if same:
            _, _, group = free.pop(same[0])
            out[fid] = (same[0], group)
        else:
            todo.append((fid, text))
    for fid, text in todo:
        best = None
        for nid, ntext, group in free.values():
            score = fuzz.ratio(fold(text), fold(ntext))
            if score >= SAME_SENTENCE and (best is None or score > best[0]):
                best = (score, nid, group)
        if best:
            free.pop(best[1])
            out[fid] = (best[1], best[2])
    return out


def reextract(sessions: sessionmaker[Session], story: Story) -> ReindexReport:
    """Rebuild every article's facts, groups and mentions, and the rounds, in one transaction."""
    report = ReindexReport()
    with sessions.begin() as s:
        before = _rounds(s)
        report.rounds_before = len(before)
        report.facts_before = active_facts(s)
        year_hint = corpus_year(s)
        numbered = numbered_days(s)  # as stored: what the dated articles' openings numbered before
        items: dict[int, list[int]] = {}  # fact id -> digest item ids
        for item_id, fact_id in s.execute(select(DigestItem.id, DigestItem.fact_id)):
            items.setdefault(fact_id, []).append(item_id)
        remap: dict[int, int] = {}  # digest item id -> new fact id
        drop: list[int] = []

        # groups are rebuilt from scratch (facts of an article that fails keep no group)
        s.execute(update(Fact).values(group_id=None).execution_options(synchronize_session=False))
        s.execute(delete(FactGroup))
        for article_id in list(s.scalars(select(Article.id).order_by(Article.id))):
            article = s.get(Article, article_id)
            assert article is not None
            try:
                extracted = extract(article.raw_text, story, year_hint, numbered)
            except Exception as exc:  # an extractor bug must not take the other articles down
                log.exception("reindex: could not re-extract article %s", article_id)
                report.failed += 1
                report.failures.append(Failure(f"article {article_id}", f"extraction failed: {exc}"))
                continue
            old = s.execute(select(Fact.id, Fact.text).where(Fact.article_id == article_id)
                            .order_by(Fact.position)).all()
            old_ids = select(Fact.id).where(Fact.article_id == article_id).scalar_subquery()
            s.execute(delete(Mention).where(Mention.fact_id.in_(old_ids)))
            s.execute(delete(Fact).where(Fact.article_id == article_id))
            article.title, article.outlet, article.url = extracted.title, extracted.outlet, extracted.url
            article.published, article.date_source = extracted.published, extracted.date_source
            article.date_reason, article.lead_event = extracted.date_reason, extracted.lead_event
            article.lead_day, article.lead_ordinal = extracted.lead_day, extracted.lead_ordinal
            article.dateline, article.event_date = extracted.dateline, extracted.published
            article.extractor_version = EXTRACTOR_VERSION
            s.flush()
            add_facts(s, article, extracted)
            s.flush()
            new = s.execute(select(Fact.id, Fact.text, Fact.group_id).where(Fact.article_id == article_id)
                            .order_by(Fact.position)).all()
            was, now = Counter(fold(t) for _, t in old), Counter(fold(t) for _, t, _ in new)
            report.facts_added += sum((now - was).values())
            report.facts_removed += sum((was - now).values())
            report.articles += 1
            posted = {fid for fid, _ in old if fid in items}
            if posted:
                matched = _match([tuple(r) for r in old], [tuple(r) for r in new], posted)
                for fid in posted:
                    if fid in matched:
                        remap.update({item_id: matched[fid][0] for item_id in items[fid]})
                    else:
                        drop.extend(items[fid])
            s.expunge_all()  # keep memory flat on big corpora; everything is flushed

        # digest items follow their facts: park every moved item on a unique negative id
        # first, so the unique (channel, fact_id) constraint never sees two rows at once
        if drop:
            s.execute(delete(DigestItem).where(DigestItem.id.in_(drop)))
        if remap:
            s.execute(update(DigestItem), [{"id": i, "fact_id": -i} for i in remap])
            s.execute(update(DigestItem), [{"id": i, "fact_id": f} for i, f in remap.items()])
        s.execute(update(DigestItem).values(group_id=select(Fact.group_id).where(
            Fact.id == DigestItem.fact_id).scalar_subquery()).execution_options(synchronize_session=False))
        report.digest_items_kept, report.digest_items_dropped = len(remap), len(drop)

        # files that failed before are read again by the rescan (a new version may read them)
        s.execute(update(ArticleFile).where(ArticleFile.status == "failed").values(mtime_ns=-1))
        discover_rounds(s, story)
        after = _rounds(s)
        report.rounds_after = len(after)
        report.rounds_changed = _round_changes(before, after)
        report.facts_after = active_facts(s)
    return report
