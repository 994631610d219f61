"""statistics rollup: final counts and sums per Vietnamese month, procedure and clerk

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 01:20:00

A new table only. It is filled from the existing dossiers the first time the store is opened after
this upgrade (services/rollup.ensure_built: no 'stats.rollup' setting yet ⇒ rebuild), because the
working days of indicator 2.2 need the office calendar, which only the services read.
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stat_rollup',
        sa.Column('period', sa.String(length=10), nullable=False),
        sa.Column('kind', sa.SmallInteger(), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('clerk_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.SmallInteger(), nullable=False),
        sa.Column('accepted', sa.SmallInteger(), nullable=False),
        sa.Column('outcome', sa.SmallInteger(), nullable=False),
        sa.Column('ended_by', sa.SmallInteger(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('seconds', sa.BigInteger(), nullable=False),
        sa.Column('wdays', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('period', 'kind', 'procedure_id', 'clerk_id', 'channel', 'accepted', 'outcome',
                                'ended_by', name=op.f('pk_stat_rollup')),
    )
    op.execute("DELETE FROM setting WHERE key = 'stats.rollup'")


def downgrade() -> None:
    op.drop_table('stat_rollup')
    op.execute("DELETE FROM setting WHERE key = 'stats.rollup'")
