"""Wires settings -> engine -> schema -> story -> query service: one call for every entry point."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from store.db import make_engine, migrate, session_factory
from store.ingest import IngestReport, ingest_folder
from store.leases import INGEST, LeaseInfo, LeaseKeeper, held
from store.models import ArticleFile, IngestRun
from store.query import QueryService
from store.settings import Settings
from store.story import Story, load_story


@dataclass
class Store:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    story: Story
    query: QueryService

    def ingest(self, folder: Path | None = None, **kwargs) -> IngestReport:  # type: ignore[no-untyped-def]
        return ingest_folder(self.sessions, folder or self.settings.seeds_dir, self.story,
                             self.settings.max_file_bytes, fallback_encoding=self.settings.fallback_encoding,
                             **kwargs)

    def ingest_alone(self, folder: Path | None = None, *, on_wait: Callable[[LeaseInfo], None] | None = None,
                     **kwargs: Any) -> IngestReport:
        """``ingest`` under the ``ingest`` lease that the folder watch and reindex hold, for an
        ingest started by hand (``factdesk ingest``, a first question or digest).

        Without it, such an ingest raced a scan of ``serve`` over the same new files and, finding
        articles it had not been told about, redid the round discovery in full. It waits up to
        FACTDESK_INGEST_WAIT seconds (``on_wait`` is told who it waits for), then raises
        :class:`store.leases.LeaseBusy`.
        """
        holder = held(self.engine, INGEST)
        if holder is not None and on_wait is not None:
            on_wait(holder)
        with LeaseKeeper(self.engine, INGEST, ttl=float(self.settings.lease_seconds),
                         wait=float(self.settings.ingest_wait)):
            return self.ingest(folder, **kwargs)

    def never_ingested(self) -> bool:
        with self.sessions() as s:
            return not s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.finished_at.is_not(None))) \
                and not s.scalar(select(func.count()).select_from(ArticleFile))

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings | None = None, *, migrate_schema: bool = True) -> Store:
    """Open the configured database, bringing its schema to head unless ``migrate_schema`` is off.

    Worker processes turn it off: the process that started them has migrated already, and a
    worker started later (the first scan, a pool replaced after a crash) must not re-create
    tables that were dropped or damaged under the running server; that is for an operator to
    see (``/healthz`` says 503), not for a worker to paper over with an empty schema.
    """
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    if migrate_schema:
        migrate(engine)
    sessions = session_factory(engine)
    story = load_story(settings.story_file)
    return Store(settings, engine, sessions, story, QueryService(sessions, story, timezone=settings.timezone))


def freeze_startup_objects() -> None:
    """Keep what a long-lived process loaded at start-up out of the garbage collector's passes.

    Modules, SQLAlchemy's mappers and compiled statements, the migrations: they live as long
    as the process, and every full collection walked all of them, in the middle of whichever
    question was being answered (+40 ms at random, the p99 of every kind of question). The
    processes that answer (``serve``'s workers) call this once their Store is open.
    """
    gc.collect()
    gc.freeze()
