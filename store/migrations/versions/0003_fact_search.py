"""full-text index on facts.search_text (SQLite FTS5 / PostgreSQL GIN)

Topic questions matched with LIKE '%term%', a scan of every fact: fine for the seeds,
seconds at 100k articles. SQLite gets an FTS5 table kept in step by triggers;
PostgreSQL a GIN index on the 'simple' tsvector. Other databases keep the LIKE path.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:40:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE facts_fts USING fts5(search_text, content='facts', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER facts_fts_ai AFTER INSERT ON facts BEGIN "
    "INSERT INTO facts_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER facts_fts_ad AFTER DELETE ON facts BEGIN "
    "INSERT INTO facts_fts(facts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER facts_fts_au AFTER UPDATE OF search_text ON facts BEGIN "
    "INSERT INTO facts_fts(facts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO facts_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO facts_fts(facts_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS facts_fts_au", "DROP TRIGGER IF EXISTS facts_fts_ad",
               "DROP TRIGGER IF EXISTS facts_fts_ai", "DROP TABLE IF EXISTS facts_fts"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_facts_search ON facts USING gin (to_tsvector('simple', search_text))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_facts_search")
