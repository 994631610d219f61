"""citizen notices: SMS notices drained like the outbox, and per-applicant opt-out

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 21:40:00

New tables only; existing data is untouched.
"""
import sqlalchemy as sa
from alembic import op

import counterdesk.models.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idem_key', sa.String(length=64), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', counterdesk.models.base.UtcDateTime(), nullable=True),
    sa.Column('claimed_at', counterdesk.models.base.UtcDateTime(), nullable=True),
    sa.Column('claimed_by', sa.String(length=80), nullable=True),
    sa.Column('created_at', counterdesk.models.base.UtcDateTime(), nullable=False),
    sa.Column('sent_at', counterdesk.models.base.UtcDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_notice_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('idem_key', name=op.f('uq_notice_idem_key'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_created_at', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_notice_state_id', ['state', 'id'], unique=False)

    op.create_table('notice_opt_out',
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('at', counterdesk.models.base.UtcDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'], name=op.f('fk_notice_opt_out_applicant_id_applicant')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_notice_opt_out_user_id_app_user')),
    sa.PrimaryKeyConstraint('applicant_id', name=op.f('pk_notice_opt_out'))
    )


def downgrade() -> None:
    op.drop_table('notice_opt_out')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_state_id')
        batch_op.drop_index(batch_op.f('ix_notice_dossier_id'))
        batch_op.drop_index('ix_notice_created_at')
    op.drop_table('notice')
