"""fees and staff search: fee rules, the fee a dossier owes and what was collected; name tokens

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-03 21:45:00

A procedure's fee becomes a rule (domain.fees: none, flat, per copy, per page with tiers and a cap)
with its usual exemption; a dossier keeps the pages and copies the fee was computed from, the
exemption reason, and the amount collected with the fee receipt's number. Staff search finds an
applicant by any word of the name: one row a folded word, filled here for existing applicants.
"""
import sqlalchemy as sa
from alembic import op

import counterdesk.models.base
from counterdesk.domain.text import fold

revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('procedure') as batch:
        batch.add_column(sa.Column('fee_rule', sa.String(length=120), nullable=False, server_default=''))
        batch.add_column(sa.Column('fee_exemption', sa.String(length=300), nullable=False, server_default=''))
    with op.batch_alter_table('dossier') as batch:
        batch.add_column(sa.Column('fee_pages', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('fee_copies', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('fee_exemption', sa.String(length=300), nullable=False, server_default=''))
        batch.add_column(sa.Column('fee_paid', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('fee_receipt_no', sa.String(length=40), nullable=False, server_default=''))
        batch.add_column(sa.Column('fee_paid_at', counterdesk.models.base.UtcDateTime(), nullable=True))
    op.create_index('ix_applicant_phone', 'applicant', ['phone'])
    op.create_table(
        'applicant_name_token',
        sa.Column('token', sa.String(length=40), nullable=False),
        sa.Column('applicant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'],
                                name=op.f('fk_applicant_name_token_applicant_id_applicant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token', 'applicant_id', name=op.f('pk_applicant_name_token')),
    )
    op.create_index('ix_applicant_name_token_applicant_id', 'applicant_name_token', ['applicant_id'])
    conn = op.get_bind()
    token = sa.table('applicant_name_token', sa.column('token'), sa.column('applicant_id'))
    last = 0
    while True:  # in slices: a big store's applicants never sit in memory at once
        rows = conn.execute(sa.text('SELECT id, full_name FROM applicant WHERE id > :last ORDER BY id LIMIT 20000'),
                            {'last': last}).all()
        if not rows:
            break
        values = [{'token': word[:40], 'applicant_id': rid}
                  for rid, name in rows for word in sorted(set(fold(name or '').split()))]
        if values:
            conn.execute(token.insert(), values)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index('ix_applicant_name_token_applicant_id', table_name='applicant_name_token')
    op.drop_table('applicant_name_token')
    op.drop_index('ix_applicant_phone', table_name='applicant')
    with op.batch_alter_table('dossier') as batch:
        for column in ('fee_paid_at', 'fee_receipt_no', 'fee_paid', 'fee_exemption', 'fee_copies', 'fee_pages'):
            batch.drop_column(column)
    with op.batch_alter_table('procedure') as batch:
        batch.drop_column('fee_exemption')
        batch.drop_column('fee_rule')
