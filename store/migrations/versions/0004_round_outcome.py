"""rounds.outcome_fact_id and rounds.n_facts, chosen at discovery for a one-read timeline

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:45:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_fact_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('n_facts', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('n_facts')
        batch_op.drop_column('outcome_fact_id')
