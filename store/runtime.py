"""Wires settings -> engine -> schema -> story -> query service: one call for every entry point."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from store.db import make_engine, migrate, session_factory
from store.ingest import IngestReport, ingest_folder
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
                             self.settings.max_file_bytes, **kwargs)

    def never_ingested(self) -> bool:
        with self.sessions() as s:
            return not s.scalar(select(func.count()).select_from(IngestRun).where(IngestRun.finished_at.is_not(None))) \
                and not s.scalar(select(func.count()).select_from(ArticleFile))

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings | None = None) -> Store:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    migrate(engine)
    sessions = session_factory(engine)
    story = load_story(settings.story_file)
    return Store(settings, engine, sessions, story, QueryService(sessions, story))
