"""what an article's opening says of its event: the day it names, the round's number

Round discovery places an article whose opening reports its event ("ended a nine-hour
session in Reykjavik on Tuesday") on the day that opening names when no sentence ties a
day to the talks, and counts the round number the opening gives ("after the fifth round
of talks") among the day's ordinals. Both are read at extraction; existing articles get
them at the reindex the new extractor version asks for.

``round_candidates.dated``: a day some article whose date is not a guess ties to the talks;
a day only guessed-at articles give is no round beside one (store/rounds._round_days).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 17:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('lead_day', sa.Date(), nullable=True))
        batch.add_column(sa.Column('lead_ordinal', sa.Integer(), nullable=True))
    with op.batch_alter_table('round_candidates') as batch:
        batch.add_column(sa.Column('dated', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('round_candidates') as batch:
        batch.drop_column('dated')
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('lead_ordinal')
        batch.drop_column('lead_day')
