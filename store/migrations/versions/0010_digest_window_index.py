"""an index for where a channel's digests have got to

A digest summarises the articles stored since the newest one the channel was already
told about: ``max(article_id)`` of its digest items, one index read with
(channel, article_id) however many items the channel has collected.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 12:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_digest_items_channel_article', 'digest_items', ['channel', 'article_id'])


def downgrade() -> None:
    op.drop_index('ix_digest_items_channel_article', table_name='digest_items')
