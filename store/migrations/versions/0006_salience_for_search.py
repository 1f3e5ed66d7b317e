"""salience where searches can use it: mentions.salience, and a salience tier in search_text

Person and topic answers read the best facts by salience among everything that names
the person or matches the words. With thousands of matches (a 100k-article store) that
meant reading and sorting every one of them per question.

* ``mentions.salience`` (a copy of the fact's) with ``ix_mentions_key_salience``: a
  person's best facts are one index range read.
* a tier token (``qxtier0`` .. ``qxtier6``, store/search.py) at the end of every fact's
  ``search_text``: a topic search asks for the top tiers first. The FTS5 triggers and the
  PostgreSQL expression index follow the update by themselves.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the same bounds as store.search.SALIENCE_TIERS, written out: a migration must not change
# when the code does
TIERS = (3.0, 2.5, 2.0, 1.5, 1.0, 0.5)


def _tier_case() -> str:
    whens = " ".join(f"WHEN salience >= {bound} THEN 'qxtier{len(TIERS) - i}'" for i, bound in enumerate(TIERS))
    return f"CASE {whens} ELSE 'qxtier0' END"


def upgrade() -> None:
    op.add_column('mentions', sa.Column('salience', sa.Float(), nullable=False, server_default='0'))
    op.execute("UPDATE mentions SET salience = (SELECT facts.salience FROM facts WHERE facts.id = mentions.fact_id)")
    op.create_index('ix_mentions_key_salience', 'mentions', ['key', 'salience', 'fact_id'])
    op.execute(f"UPDATE facts SET search_text = search_text || ' ' || {_tier_case()}")


def downgrade() -> None:
    for tier in range(len(TIERS) + 1):
        op.execute(f"UPDATE facts SET search_text = replace(search_text, ' qxtier{tier}', '')")
    op.drop_index('ix_mentions_key_salience', table_name='mentions')
    with op.batch_alter_table('mentions') as batch:
        batch.drop_column('salience')
