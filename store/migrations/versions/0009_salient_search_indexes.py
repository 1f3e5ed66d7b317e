"""partial GIN indexes over the salient facts only, for topic searches on PostgreSQL

A topic answer on a large store first asks for the matches among the most salient facts
(store/search.py, ``store.query.TIER_STEPS``). With one GIN index over every fact, the
salience tier had to be a token of the search text, and GIN reads each token's posting
list whole: a tenth of the store per question, 200-600 ms at 100k articles. Here each
step of the search has its own index, holding only the facts of that tier and better, so a
question reads the words' entries among those facts and nothing else.

The predicates are the bounds of ``store.search.SALIENCE_TIERS`` for tiers 4 and 3,
written out (a migration must not change when the code does); the query states the same
literal, which is how PostgreSQL knows it may use the index. SQLite keeps the tier tokens
in its FTS5 query: FTS5 skips through their lists instead of reading them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 19:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOUNDS = {4: 2.0, 3: 1.5}  # tier -> lowest salience


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for tier, bound in BOUNDS.items():
        op.execute(f"CREATE INDEX ix_facts_search_tier{tier} ON facts USING gin "
                   f"(to_tsvector('simple', search_text)) WHERE salience >= {bound!r}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for tier in BOUNDS:
        op.execute(f"DROP INDEX IF EXISTS ix_facts_search_tier{tier}")
