"""app_user.must_change_password: an account must choose its own password at its next login

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 21:45:00

Demo accounts (and any account whose password someone else chose) carry the flag; the login
dialog does not let them in until they have set a password of their own. Existing accounts keep
working as before (false).
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.drop_column('must_change_password')
