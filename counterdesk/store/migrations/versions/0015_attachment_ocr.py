"""attachment OCR: the Vietnamese text read from each scan in the background (searchable scans)

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-04 01:10:00

Two nullable columns; existing scans keep their data and are simply not read yet (state NULL),
so the next background pass reads them when OCR is turned on.
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier_attachment') as batch:
        batch.add_column(sa.Column('ocr_state', sa.String(length=8), nullable=True))
        batch.add_column(sa.Column('ocr_text', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossier_attachment') as batch:
        batch.drop_column('ocr_text')
        batch.drop_column('ocr_state')
