"""an index for the newest article in answers, which round discovery asks after every ingest

``SELECT published FROM articles WHERE withdrawn_at IS NULL ORDER BY published DESC LIMIT 1``
read every article (0.1 s at 10k, 1 s at 100k), once the rest of an incremental round
discovery (0007) had become cheaper than it. With (withdrawn_at, published) it is one index
read on SQLite and PostgreSQL alike.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 19:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_articles_withdrawn_published', 'articles', ['withdrawn_at', 'published'])


def downgrade() -> None:
    op.drop_index('ix_articles_withdrawn_published', table_name='articles')
