"""deliveries: Slack deliveries already taken in, shared by the replicas

Slack re-sends a request it thinks was not acknowledged; behind a load balancer the
re-send can reach another replica, which answered it again when each replica only
remembered its own deliveries.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 14:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'deliveries',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('taken_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_deliveries_taken_at', 'deliveries', ['taken_at'])


def downgrade() -> None:
    op.drop_index('ix_deliveries_taken_at', table_name='deliveries')
    op.drop_table('deliveries')
