"""applicant name pairs and a person's dossiers by date: staff search on common names, on any store size

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 01:10:00

A new table, filled here from the existing applicants' names (in slices, so a 5-million-dossier
store's applicants never sit in memory at once). Staff search drives on the rarest pair of the
typed words: a common name ("Nguyễn Văn An") or a combination nobody has ("Thị Cường") costs the
same few index reads on any store size. The found people's dossiers and their dates then come from
one index (applicant_id, received_at), without reading the dossier rows of a 5 M store at random.
"""
import sqlalchemy as sa
from alembic import op

from counterdesk.domain.text import fold

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def _pairs(name: str) -> list[str]:
    words = sorted({word[:40] for word in fold(name or '').split()})
    return [f'{a} {b}' for i, a in enumerate(words) for b in words[i + 1:]]


def upgrade() -> None:
    op.create_table(
        'applicant_name_pair',
        sa.Column('pair', sa.String(length=81), nullable=False),
        sa.Column('applicant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['applicant_id'], ['applicant.id'],
                                name=op.f('fk_applicant_name_pair_applicant_id_applicant'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pair', 'applicant_id', name=op.f('pk_applicant_name_pair')),
    )
    op.create_index('ix_applicant_name_pair_applicant_id', 'applicant_name_pair', ['applicant_id'])
    op.create_index('ix_dossier_applicant_received', 'dossier', ['applicant_id', 'received_at'])
    conn = op.get_bind()
    table = sa.table('applicant_name_pair', sa.column('pair'), sa.column('applicant_id'))
    last = 0
    while True:
        rows = conn.execute(sa.text('SELECT id, full_name FROM applicant WHERE id > :last ORDER BY id LIMIT 20000'),
                            {'last': last}).all()
        if not rows:
            break
        values = [{'pair': pair, 'applicant_id': rid} for rid, name in rows for pair in _pairs(name)]
        if values:
            conn.execute(table.insert(), values)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index('ix_dossier_applicant_received', table_name='dossier')
    op.drop_index('ix_applicant_name_pair_applicant_id', table_name='applicant_name_pair')
    op.drop_table('applicant_name_pair')
