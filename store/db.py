"""Engine and session factory: the one place that knows SQLite pragmas and PostgreSQL pooling.

The schema is owned by Alembic; :func:`migrate` brings any database to head, so a fresh
checkout, an upgrade and a new PostgreSQL server all take the same path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def _json_dumps(value: object) -> str:
    """``json.dumps`` (SQLite's JSON columns), the empty list written without calling it: most of a
    fact's four JSON columns are ``[]`` (PostgreSQL's driver serialises on its own)."""
    return "[]" if value == [] else json.dumps(value)


_QUERY_PASSWORD = re.compile(r"(?i)(password=)[^&\s]*")


def without_password(text: str) -> str:
    """``text`` with a password given as a query parameter ("...?password=s3cr3t") masked."""
    return _QUERY_PASSWORD.sub(r"\1***", text)


def shown_url(url: str) -> str:
    """The database URL as it may be printed or logged: without its password, in the URL or its query."""
    try:
        return without_password(make_url(url).render_as_string(hide_password=True))
    except ArgumentError:
        return "(a URL that cannot be parsed)"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # a file's folder is made for it; not a URI filename's ("file:/path/kb.sqlite?mode=ro&uri=true"): read as
        # a path, it left folders named "file:" in the working directory
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=_json_dumps)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the ingester
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_size=5, max_overflow=10, pool_pre_ping=True, pool_recycle=1800)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration (cheap when already there)."""
    cfg = alembic_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.begin() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
