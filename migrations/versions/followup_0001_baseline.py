"""Follow-up store, baseline: the schema of the code before Alembic (its ``fu_schema_version`` 1).

On an empty database this creates every ``fu_`` table; on a database made by the code before Alembic
it creates only what is missing, so such a database is adopted with all its rows. The one-row table
``fu_schema_version`` stays for that older code, which refuses a database whose number is above its
own (1); a later revision that older code could not work with raises the number.

Revision ID: followup_0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import CreateIndex, CreateTable

revision: str = "followup_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("followup",)
depends_on: str | Sequence[str] | None = None

#: The number the code before Alembic understands (it refuses a database with a higher one).
LEGACY_VERSION = 1

_md = sa.MetaData()
fu_registers = sa.Table(
    "fu_registers",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("viewer_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
)
fu_schema_version = sa.Table(
    "fu_schema_version",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)
fu_contracts = sa.Table(
    "fu_contracts",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "register_id", sa.Integer, sa.ForeignKey("fu_registers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("reference", sa.String(200), nullable=False),
    sa.Column("title", sa.String(400), nullable=False),
    sa.Column("supplier", sa.String(400), nullable=False),
    sa.Column("category", sa.String(200), nullable=False),
    sa.Column("start_date", sa.Date(), nullable=False),
    sa.Column("end_date", sa.Date(), nullable=False),
    sa.Column("interval", sa.String(20), nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("places", sa.Integer, nullable=False),
    sa.Column("employment_months", sa.Float, nullable=False),
    sa.Column("internship_months", sa.Float, nullable=False),
    sa.Column("milestone_months", sa.Integer, nullable=False),
    sa.Column("rule_id", sa.String(40), nullable=True),
    sa.Column("terms_json", sa.Text(), nullable=False),
    sa.Column("planned_json", sa.Text(), nullable=False),
    sa.Column("report_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
)
fu_reports = sa.Table(
    "fu_reports",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "contract_id", sa.Integer, sa.ForeignKey("fu_contracts.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("period_start", sa.Date(), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("figures_json", sa.Text(), nullable=False),
    sa.Column("correction_reason", sa.String(40), nullable=True),
    sa.Column("submitted_at", sa.DateTime(), nullable=False, index=True),
    sa.UniqueConstraint("contract_id", "period_start", "version", name="uq_fu_report_version"),
)
TABLES = (fu_registers, fu_schema_version, fu_contracts, fu_reports)


def upgrade() -> None:
    """Create what is missing and record the legacy number."""
    offline = op.get_context().as_sql
    existing = set() if offline else set(sa.inspect(op.get_bind()).get_table_names())
    for table in TABLES:
        if table.name in existing:
            continue
        op.execute(CreateTable(table))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            op.execute(CreateIndex(index))
    if offline or "fu_schema_version" not in existing:
        op.execute(fu_schema_version.insert().values(id=1, version=LEGACY_VERSION))
        return
    found = op.get_bind().execute(sa.select(fu_schema_version.c.version).where(fu_schema_version.c.id == 1)).scalar()
    if found is None:
        op.execute(fu_schema_version.insert().values(id=1, version=LEGACY_VERSION))


def downgrade() -> None:
    """Drop the follow-up tables (for a roll-back by hand; the app never downgrades)."""
    for table in reversed(TABLES):
        op.drop_table(table.name)
