"""indexes for answers: mentions by (key, name, fact_id), article_files by (article_id, status, path)

Person questions list every distinct person and then the facts naming the one asked
for. With only ``ix_mentions_key`` the first meant reading every mention (with its
name) and the second a table read per mention. ``(key, name, fact_id)`` lets the
distinct keys be found one seek each (a loose index scan: ``min(key) > previous``),
the first spelling of a key (``min(name)``) by one more seek, and a key's facts
from the index alone, on SQLite and PostgreSQL alike.

Every answer names the files of the articles it cites (``article_id IN (...) AND
status = 'active' ORDER BY path``). SQLite chose ``ix_article_files_status`` for that,
reading every active file's row per answer; ``(article_id, status, path)`` answers it
from the index, a few entries per cited article.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 16:10:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_mentions_key_name_fact', 'mentions', ['key', 'name', 'fact_id'])
    op.create_index('ix_article_files_article_status_path', 'article_files', ['article_id', 'status', 'path'])


def downgrade() -> None:
    op.drop_index('ix_article_files_article_status_path', table_name='article_files')
    op.drop_index('ix_mentions_key_name_fact', table_name='mentions')
