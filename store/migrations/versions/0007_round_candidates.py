"""round_candidates and round_state, and an index on the facts placed by an ordinal alone

Round discovery read every strong fact and every lead article after any change: 12-17 s
for one new file at 100k articles. With each candidate day's support kept article by
article (``round_candidates``) and what it was built from (``round_state``), an ingest
updates only the days its articles touch. ``ix_facts_ordinal_only`` finds the facts that
follow the round numbering ("for the second time") when a number moves.

Both tables start empty: the first discovery after the upgrade rebuilds them in full.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 18:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDINAL_ONLY = "event_date IS NULL AND ordinal IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        'round_candidates',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('strong', sa.Boolean(), nullable=False),
        sa.Column('inferred', sa.Boolean(), nullable=False),
        sa.Column('ordinals', sa.JSON(), nullable=False),
        sa.Column('support', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('day'),
    )
    op.create_table(
        'round_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('vocabulary', sa.String(length=64), nullable=False),
        sa.Column('max_article_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_facts_ordinal_only', 'facts', ['ordinal'], sqlite_where=sa.text(ORDINAL_ONLY),
                    postgresql_where=sa.text(ORDINAL_ONLY))


def downgrade() -> None:
    op.drop_index('ix_facts_ordinal_only', table_name='facts')
    op.drop_table('round_state')
    op.drop_table('round_candidates')
