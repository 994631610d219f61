"""papers: the book's Quyển số stored with its STT, the result document of a procedure, official titles

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 22:30:00

* dossier.log_book: Quyển số printed with the STT on the receipt and in the book ("01/2026"). Rows
  that had no STT (demo seeds) get the next numbers of their year's book, in reception order, and
  the book's sequence continues after them, so nothing already printed changes.
* procedure.result_document: what the procedure issues (the return slip's "Kết quả giải quyết").
* The shipped catalogue's names lost their commas; rows still holding the comma-less shipped name
  take the official title.
"""
import datetime

import sqlalchemy as sa
from alembic import op

from counterdesk.domain.text import fold

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# (code, name as first shipped, official title)
TITLES = [
    ('2.000815', 'Chứng thực bản sao từ bản chính giấy tờ văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp '
                 'hoặc chứng nhận',
     'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp '
     'hoặc chứng nhận'),
    ('2.000884', 'Chứng thực chữ ký trong các giấy tờ văn bản',
     'Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường '
     'hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)'),
    ('2.000942', 'Cấp bản sao có chứng thực từ bản chính hợp đồng giao dịch đã được chứng thực',
     'Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực'),
    ('1.001570', 'Tạm ngừng kinh doanh tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh',
     'Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh'),
    ('1.001699', 'Xác định xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật',
     'Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật'),
    ('1.001653', 'Đổi cấp lại Giấy xác nhận khuyết tật', 'Đổi, cấp lại Giấy xác nhận khuyết tật'),
]


def upgrade() -> None:
    with op.batch_alter_table('dossier') as batch:
        batch.add_column(sa.Column('log_book', sa.String(20), nullable=False, server_default=''))
    with op.batch_alter_table('procedure') as batch:
        batch.add_column(sa.Column('result_document', sa.String(400), nullable=False, server_default=''))
    bind = op.get_bind()
    for code, old, new in TITLES:
        bind.execute(sa.text("UPDATE procedure SET name = :new, name_key = :key WHERE code = :code AND name = :old"),
                     {"new": new, "key": fold(new), "code": code, "old": old})
    _number_unnumbered(bind)


def _number_unnumbered(bind: sa.Connection) -> None:
    """Give dossiers without an STT the next numbers of their year's book, in reception order."""
    rows = bind.execute(sa.text(
        "SELECT id, agency_code, received_day, log_number FROM dossier ORDER BY received_at, id")).all()
    last: dict[tuple[str, int], int] = {}
    for _, agency, day, number in rows:
        year = int(str(day)[:4])  # a date on PostgreSQL, its ISO text on SQLite
        if number is not None:
            last[(agency, year)] = max(last.get((agency, year), 0), number)
    for scope, first, value in bind.execute(sa.text(
            "SELECT scope, day, last_value FROM daily_sequence WHERE scope LIKE 'logbook:%'")):
        key = (str(scope).removeprefix('logbook:'), int(str(first)[:4]))
        last[key] = max(last.get(key, 0), int(value))
    updates = []
    for did, agency, day, number in rows:
        if number is None:
            year = int(str(day)[:4])
            last[(agency, year)] = last.get((agency, year), 0) + 1
            updates.append({"id": did, "n": last[(agency, year)]})
    for start in range(0, len(updates), 5000):
        bind.execute(sa.text("UPDATE dossier SET log_number = :n WHERE id = :id"), updates[start:start + 5000])
    year_of = "substr(received_day, 1, 4)" if bind.dialect.name == "sqlite" else "to_char(received_day, 'YYYY')"
    bind.execute(sa.text(f"UPDATE dossier SET log_book = '01/' || {year_of}"))  # one book a year
    sequence = sa.table('daily_sequence', sa.column('scope', sa.String), sa.column('day', sa.Date),
                        sa.column('last_value', sa.Integer))
    for (agency, year), value in last.items():
        scope, first = f"logbook:{agency}", datetime.date(year, 1, 1)
        where = (sequence.c.scope == scope, sequence.c.day == first)
        if bind.execute(sa.select(sequence.c.scope).where(*where)).first() is None:
            bind.execute(sa.insert(sequence).values(scope=scope, day=first, last_value=value))
        else:
            bind.execute(sa.update(sequence).where(*where).values(last_value=value))


def downgrade() -> None:
    with op.batch_alter_table('procedure') as batch:
        batch.drop_column('result_document')
    with op.batch_alter_table('dossier') as batch:
        batch.drop_column('log_book')
