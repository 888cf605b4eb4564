"""Workshop store, baseline: the schema of the code before Alembic (its ``schema_version`` 2).

On an empty database this creates every table. On a database made by the code before Alembic it
creates only what is missing (that code added ``participants`` and ``sends`` over time, and
``participants.secret_hash`` in its version 2), so such a database is adopted with all its rows.

The one-row table ``schema_version`` stays for that older code: it refuses a database whose number is
above its own (2). A later revision that older code could not work with raises the number.

Revision ID: workshop_0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import CreateIndex, CreateTable

revision: str = "workshop_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("workshop",)
depends_on: str | Sequence[str] | None = None

#: The number the code before Alembic understands (it refuses a database with a higher one).
LEGACY_VERSION = 2

_md = sa.MetaData()
workshops = sa.Table(
    "workshops",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("join_code", sa.String(6), nullable=False, unique=True),
    sa.Column("facilitator_token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("expires_at", sa.DateTime(), nullable=False, index=True),
    sa.Column("revealed", sa.Boolean(), nullable=False),
    sqlite_autoincrement=True,
)
schema_version = sa.Table(
    "schema_version",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)
submissions = sa.Table(
    "submissions",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.String(32), nullable=False),
    sa.Column("group_label", sa.String(40), nullable=False),
    sa.Column("answers_json", sa.Text(), nullable=False),
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.UniqueConstraint("workshop_id", "participant_id", name="uq_submission_participant"),
)
participants = sa.Table(
    "participants",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.String(32), nullable=False),
    sa.Column("joined_at", sa.DateTime(), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=True),
    sa.UniqueConstraint("workshop_id", "participant_id", name="uq_participant_joined"),
)
sends = sa.Table(
    "sends",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.String(32), nullable=False),
    sa.Column("sent_at", sa.DateTime(), nullable=False),
    sa.Index("ix_sends_workshop_time", "workshop_id", "sent_at"),
)
TABLES = (workshops, schema_version, submissions, participants, sends)


def upgrade() -> None:
    """Create what is missing; bring an old ``participants`` up to version 2; record the legacy number."""
    offline = op.get_context().as_sql
    existing = set() if offline else set(sa.inspect(op.get_bind()).get_table_names())
    for table in TABLES:
        if table.name in existing:
            continue
        op.execute(CreateTable(table))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            op.execute(CreateIndex(index))
    if "participants" in existing:
        columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("participants")}
        if "secret_hash" not in columns:
            op.add_column("participants", sa.Column("secret_hash", sa.String(64), nullable=True))
    if offline or "schema_version" not in existing:
        op.execute(schema_version.insert().values(id=1, version=LEGACY_VERSION))
        return
    found = op.get_bind().execute(sa.select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
    if found is None:
        op.execute(schema_version.insert().values(id=1, version=LEGACY_VERSION))
    elif found < LEGACY_VERSION:
        op.execute(schema_version.update().where(schema_version.c.id == 1).values(version=LEGACY_VERSION))


def downgrade() -> None:
    """Drop the workshop tables (for a roll-back by hand; the app never downgrades)."""
    for table in reversed(TABLES):
        op.drop_table(table.name)
