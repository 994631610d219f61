"""dossier classification facts: accepted, judged due moment, first supplement request and return

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-03 21:40:00

The figures of Decision 766 (domain/classification.py, docs/rules.md) need four facts the dossier
row did not keep: whether the counter accepted it (a refusal or a send-back at intake is not a
received dossier), the first receipt's due moment (a supplement restart overwrote original_due_at),
and the first supplement request and its completion (the wait is subtracted; an open request stops
the clock). Existing rows are filled from their events: not accepted when the first event is a
counter refusal or send-back (no from_status); the request and completion from the first events
into and out of status 5 after acceptance. For a row already supplemented before this migration the
first due moment was overwritten and cannot be recovered: it keeps original_due_at (the restarted
one), so such a dossier may look earlier than it was; new dossiers record it at acceptance. An index
on (finished_at, received_at) lets the statistics pick a period's carried-over dossiers from the
index alone.
"""
import sqlalchemy as sa
from alembic import op

import counterdesk.models.base

revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('judged_due_at', counterdesk.models.base.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('supplement_requested_at', counterdesk.models.base.UtcDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('supplement_completed_at', counterdesk.models.base.UtcDateTime(),
                                      nullable=True))
    op.create_index('ix_dossier_finished_received', 'dossier', ['finished_at', 'received_at'])
    op.execute(
        "UPDATE dossier SET accepted = false WHERE EXISTS (SELECT 1 FROM dossier_event e "
        "WHERE e.dossier_id = dossier.id AND e.from_status IS NULL AND e.kind IN ('refused', 'supplement_requested'))"
    )
    op.execute("UPDATE dossier SET judged_due_at = COALESCE(original_due_at, due_at) WHERE accepted")
    op.execute(
        "UPDATE dossier SET supplement_requested_at = (SELECT MIN(e.at) FROM dossier_event e "
        "WHERE e.dossier_id = dossier.id AND e.to_status = 5 AND e.from_status IS NOT NULL) "
        "WHERE accepted AND supplement_count > 0"
    )
    op.execute(
        "UPDATE dossier SET supplement_completed_at = (SELECT MIN(e.at) FROM dossier_event e "
        "WHERE e.dossier_id = dossier.id AND e.from_status = 5) "
        "WHERE supplement_requested_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index('ix_dossier_finished_received', table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('supplement_completed_at')
        batch_op.drop_column('supplement_requested_at')
        batch_op.drop_column('judged_due_at')
        batch_op.drop_column('accepted')
