"""dossier attachments: scans of a dossier's components and result, kept in the file store

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 22:40:00

A new table only; existing dossiers keep their data (their components are simply not digitised).
"""
import sqlalchemy as sa
from alembic import op

import counterdesk.models.base

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dossier_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('document_name', sa.String(length=400), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=False),
        sa.Column('media_type', sa.String(length=60), nullable=False),
        sa.Column('created_at', counterdesk.models.base.UtcDateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_dossier_attachment_dossier_id_dossier'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_dossier_attachment_user_id_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_attachment')),
    )
    op.create_index('ix_dossier_attachment_dossier_id', 'dossier_attachment', ['dossier_id'])
    op.create_index('ix_dossier_attachment_sha256', 'dossier_attachment', ['sha256'])


def downgrade() -> None:
    op.drop_index('ix_dossier_attachment_sha256', table_name='dossier_attachment')
    op.drop_index('ix_dossier_attachment_dossier_id', table_name='dossier_attachment')
    op.drop_table('dossier_attachment')
