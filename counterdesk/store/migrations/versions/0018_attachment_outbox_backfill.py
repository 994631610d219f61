"""scans attached before they were sent to the portal: one outbox row each

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 01:50:00

Release 0.3 kept scans (0012) but did not yet send them; from this release every attachment row is
reported by an outbox row written in its own transaction. The scans an office made before the
upgrade get theirs here, in the form the sender reads (sync/payload.attachment_record, written out
as it stood when this migration was made), so no scan is left behind. An attachment that already
has its row (none can, before this revision) is skipped.
"""
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

KIND = 'attachment.linked'


def upgrade() -> None:
    conn = op.get_bind()
    outbox = sa.table('outbox', sa.column('idem_key'), sa.column('dossier_id'), sa.column('kind'),
                      sa.column('payload'), sa.column('state'), sa.column('attempts'),
                      sa.column('created_at', sa.DateTime()), sa.column('last_error'))
    already = {row[0] for row in conn.execute(sa.text("SELECT payload FROM outbox WHERE kind = :k"), {'k': KIND})}
    linked = {(p['attachment']['MaHoSo'], p['attachment']['sha256'], p['attachment']['TenGiayTo'])
              for p in map(json.loads, already)}
    last = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    while True:
        rows = conn.execute(sa.text(
            'SELECT a.id, a.dossier_id, d.code, a.document_name, a.kind, a.sha256, a.size, a.pages, a.media_type '
            'FROM dossier_attachment a JOIN dossier d ON d.id = a.dossier_id WHERE a.id > :last ORDER BY a.id LIMIT 5000'
        ), {'last': last}).all()
        if not rows:
            break
        values = []
        for _id, dossier_id, code, document, kind, sha256, size, pages, media_type in rows:
            if (code, sha256, document) in linked:
                continue
            record = {'MaHoSo': code, 'TenGiayTo': document, 'LoaiTep': kind, 'SoTrang': pages,
                      'KichThuoc': size, 'sha256': sha256, 'DinhDang': media_type}
            values.append({'idem_key': uuid.uuid4().hex, 'dossier_id': dossier_id, 'kind': KIND,
                           'payload': json.dumps({'kind': KIND, 'attachment': record}, ensure_ascii=False,
                                                 sort_keys=True),
                           'state': 'pending', 'attempts': 0, 'created_at': now, 'last_error': ''})
        if values:
            conn.execute(outbox.insert(), values)
        last = rows[-1][0]


def downgrade() -> None:
    """Nothing to undo: the rows are ordinary outbox entries, sent or waiting; deleting them would lose
    the record of scans the portal has not had yet."""
