"""Where follow-up registers, contracts and supplier reports are kept: SQLAlchemy Core, any dialect.

By default a SQLite file ``followup.sqlite3`` next to the workshop's database (same folder as
``$SYSSELSATTNING_DB_PATH``, or as the SQLite file of ``$SYSSELSATTNING_DB_URL``, else ``data/``);
``$SYSSELSATTNING_FOLLOWUP_DB_URL`` takes any SQLAlchemy URL. With a non-SQLite workshop URL (for
example PostgreSQL) the follow-up uses the same database: every table here starts with ``fu_``. The
schema uses only portable types (integers, strings, text, dates, times, floats) and is created or
upgraded when a store opens, by the Alembic migrations of the branch ``followup``
(:mod:`guidance.stores.migrate`, ``migrations/``); the tables below describe what the newest revision
makes.

Tables:

* ``fu_registers(id, owner_hash UNIQUE, viewer_hash UNIQUE, name, created_at)``: an organisation's
  register, opened by the buyer's link (owner token) or, for the portfolio only, the decision-makers'
  link (viewer token);
* ``fu_contracts(id, register_id -> fu_registers, reference, title, supplier, category, start_date,
  end_date, interval, level, places, employment_months, internship_months, milestone_months,
  rule_id, terms_json, planned_json, report_hash UNIQUE NULL, created_at, updated_at)``;
* ``fu_reports(id, contract_id -> fu_contracts, period_start, version, figures_json,
  correction_reason, submitted_at, UNIQUE(contract_id, period_start, version))``: every version of
  every report. Rows are only ever inserted: a correction is the next version, nothing is overwritten;
* ``fu_schema_version(id, version)``: one row, :data:`SCHEMA_VERSION`, for the code from before Alembic
  (which refuses a higher number); ``alembic_version`` records the revision.

Writers of one contract's reports lock the contract's row first (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises all writers), so the hourly count and the next
version number are exact across replicas; the unique ``(contract_id, period_start, version)`` stays
as the last guard, with a retry.

Tokens: ``secrets.token_urlsafe(24)`` (32 characters); only their SHA-256 hashes are stored and a
lookup compares hashes with :func:`hmac.compare_digest`. A token is shown once, when it is made; a
new supplier link replaces the old one. Limits: a contract's link may send at most the content's
``max_reports_per_hour`` reports in an hour and ``max_versions_per_period`` versions of one period;
figures are validated (:class:`~guidance.followup.figures.Figures`) before they are stored and when
they are read. Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from guidance.followup.content import load_followup_content
from guidance.followup.figures import Figures, Report
from guidance.followup.models import Bonus, Contract, ContractInput, Planned, Register, Requirement, clean_text
from guidance.stores import migrate, workshop
from guidance.stores.workshop import make_engine, read_transaction, transient, utcnow, write_transaction

#: A full SQLAlchemy URL for the follow-up database (else derived from the workshop's, see above).
ENV_URL = "SYSSELSATTNING_FOLLOWUP_DB_URL"
FILE_NAME = "followup.sqlite3"
TOKEN_BYTES = 24
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")
#: Largest stored figures document (characters); a valid report is far smaller.
MAX_FIGURES_JSON = 20_000
#: Attempts at a report when a write fails on a unique key or PostgreSQL aborts it as a deadlock.
VERSION_ATTEMPTS = 5
#: The number in ``fu_schema_version`` (for the code from before Alembic; a higher one is refused).
SCHEMA_VERSION = 1

metadata = MetaData()

fu_registers = Table(
    "fu_registers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner_hash", String(64), nullable=False, unique=True),
    Column("viewer_hash", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False, default=""),
    Column("created_at", DateTime(), nullable=False),
)

fu_contracts = Table(
    "fu_contracts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("register_id", Integer, ForeignKey("fu_registers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("reference", String(200), nullable=False, default=""),
    Column("title", String(400), nullable=False, default=""),
    Column("supplier", String(400), nullable=False, default=""),
    Column("category", String(200), nullable=False, default=""),
    Column("start_date", Date(), nullable=False),
    Column("end_date", Date(), nullable=False),
    Column("interval", String(20), nullable=False),
    Column("level", String(20), nullable=False),
    Column("places", Integer, nullable=False),
    Column("employment_months", Float, nullable=False),
    Column("internship_months", Float, nullable=False),
    Column("milestone_months", Integer, nullable=False),
    Column("rule_id", String(40), nullable=True),
    Column("terms_json", Text(), nullable=False),
    Column("planned_json", Text(), nullable=False),
    Column("report_hash", String(64), nullable=True, unique=True),
    Column("created_at", DateTime(), nullable=False),
    Column("updated_at", DateTime(), nullable=False),
)

fu_reports = Table(
    "fu_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contract_id", Integer, ForeignKey("fu_contracts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("period_start", Date(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("figures_json", Text(), nullable=False),
    Column("correction_reason", String(40), nullable=True),
    Column("submitted_at", DateTime(), nullable=False, index=True),
    UniqueConstraint("contract_id", "period_start", "version", name="uq_fu_report_version"),
)

fu_schema_version = Table(
    "fu_schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)


class StoreError(Exception):
    """The database is newer than this code, or a value breaks the store's rules (``key``: message key)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


class RateLimited(StoreError):
    """A contract's link sent too many reports (``fu.err.rate_limited``) or versions (``fu.err.too_many_versions``)."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NewRegister(_Row):
    """A new register and its two tokens (shown once, never stored in clear)."""

    record: Register
    owner_token: str
    viewer_token: str


class NewContract(_Row):
    """A registered contract and its supplier link's token (shown once)."""

    contract: Contract
    report_token: str


# --------------------------------------------------------------------------- helpers
def token_hash(token: str) -> str:
    """SHA-256 (hex) of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def valid_token(text: Any) -> bool:
    """Whether ``text`` has the shape of a token."""
    return isinstance(text, str) and TOKEN_RE.fullmatch(text) is not None


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def database_url() -> str:
    """``$SYSSELSATTNING_FOLLOWUP_DB_URL``, else next to (SQLite) or inside (other) the workshop's database."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    workshop_url = workshop.database_url()
    prefix = "sqlite:///"
    if workshop_url.startswith(prefix):
        path = workshop_url.removeprefix(prefix)
        if path and path != ":memory:":
            return f"{prefix}{Path(path).parent / FILE_NAME}"
    return workshop_url


def _as_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _as_date(value: Any) -> dt.date:
    day: dt.date = value.date() if isinstance(value, dt.datetime) else value  # drivers return a date (some a datetime)
    return day


# --------------------------------------------------------------------------- the store
class FollowupStore:
    """Registers, contracts and versioned supplier reports in one database.

    Args:
        engine: the database (see :func:`guidance.stores.workshop.make_engine` and :func:`database_url`).
        clock: returns the current naive-UTC time (tests pass a fake one).
    """

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock
        self.upgrade()

    @classmethod
    def open(cls) -> FollowupStore:
        """The store at :func:`database_url`."""
        return cls(make_engine(database_url()))

    def _write(self) -> AbstractContextManager[Connection]:
        return write_transaction(self.engine)

    def _read(self) -> AbstractContextManager[Connection]:
        return read_transaction(self.engine)

    def upgrade(self) -> str:
        """Bring the schema to the newest ``followup`` migration (:func:`guidance.stores.migrate.upgrade`).

        Returns:
            The revision the database is at (running it again changes nothing).

        Raises:
            StoreError: ``fu.err.schema_newer`` when a newer version of the app wrote the database.
        """
        try:
            return migrate.upgrade(self.engine, "followup", migrate.Legacy(fu_schema_version.name, SCHEMA_VERSION))
        except migrate.SchemaNewer as exc:
            raise StoreError("fu.err.schema_newer") from exc

    # -- registers -------------------------------------------------------------------------
    def create_register(self, name: str = "") -> NewRegister:
        """A new register with its buyer's (owner) and decision-makers' (viewer) tokens."""
        clean = clean_text(name, load_followup_content().limits.max_register_name)
        owner, viewer = new_token(), new_token()
        now = self.clock()
        with self._write() as conn:
            key = conn.execute(
                insert(fu_registers).values(
                    owner_hash=token_hash(owner), viewer_hash=token_hash(viewer), name=clean, created_at=now
                )
            ).inserted_primary_key
            assert key is not None  # a single-row insert always reports its primary key
        return NewRegister(
            record=Register(id=int(key[0]), name=clean, created_at=now), owner_token=owner, viewer_token=viewer
        )

    def _register_by(self, column: str, token: Any) -> Register | None:
        if not valid_token(token):
            return None
        digest = token_hash(str(token))
        col = fu_registers.c[column]
        with self._read() as conn:
            row = conn.execute(select(fu_registers).where(col == digest)).first()
        if row is None or not hmac.compare_digest(getattr(row, column), digest):
            return None
        return Register(id=row.id, name=row.name, created_at=_as_utc(row.created_at))

    def register_by_owner(self, token: Any) -> Register | None:
        """The register the buyer's token opens, or None."""
        return self._register_by("owner_hash", token)

    def register_by_viewer(self, token: Any) -> Register | None:
        """The register whose portfolio the decision-makers' token opens, or None."""
        return self._register_by("viewer_hash", token)

    def new_viewer_token(self, register_id: int) -> str:
        """Replace the decision-makers' link (the old one stops working); return the new token."""
        token = new_token()
        with self._write() as conn:
            conn.execute(
                update(fu_registers).where(fu_registers.c.id == register_id).values(viewer_hash=token_hash(token))
            )
        return token

    # -- contracts -------------------------------------------------------------------------
    @staticmethod
    def _values(data: ContractInput) -> dict[str, Any]:
        req = data.requirement
        terms = {
            "target_groups": list(req.target_groups),
            "alternatives": list(req.alternatives),
            "bonus": req.bonus.model_dump() if req.bonus else None,
        }
        return {
            "reference": data.reference,
            "title": data.title,
            "supplier": data.supplier,
            "category": data.category,
            "start_date": data.start,
            "end_date": data.end,
            "interval": data.interval,
            "level": req.level,
            "places": req.places,
            "employment_months": req.employment_months,
            "internship_months": req.internship_months,
            "milestone_months": req.milestone_months,
            "rule_id": req.rule_id,
            "terms_json": json.dumps(terms, ensure_ascii=False),
            "planned_json": data.planned.model_dump_json(),
        }

    @staticmethod
    def _contract(row: Any) -> Contract:
        terms = json.loads(row.terms_json)
        requirement = Requirement(
            level=row.level,
            places=row.places,
            employment_months=row.employment_months,
            internship_months=row.internship_months,
            milestone_months=row.milestone_months,
            target_groups=tuple(terms.get("target_groups") or ()),
            alternatives=tuple(terms.get("alternatives") or ("a",)),
            bonus=Bonus.model_validate(terms["bonus"]) if terms.get("bonus") else None,
            rule_id=row.rule_id,
        )
        return Contract(
            id=row.id,
            register_id=row.register_id,
            reference=row.reference,
            title=row.title,
            supplier=row.supplier,
            category=row.category,
            start=_as_date(row.start_date),
            end=_as_date(row.end_date),
            interval=row.interval,
            requirement=requirement,
            planned=Planned.model_validate_json(row.planned_json),
            created_at=_as_utc(row.created_at),
            updated_at=_as_utc(row.updated_at),
            has_link=row.report_hash is not None,
        )

    def add_contract(self, register_id: int, data: ContractInput) -> NewContract:
        """Register a contract; it gets its supplier link at once (the token is returned once)."""
        token = new_token()
        now = self.clock()
        with self._write() as conn:
            key = conn.execute(
                insert(fu_contracts).values(
                    register_id=register_id,
                    report_hash=token_hash(token),
                    created_at=now,
                    updated_at=now,
                    **self._values(data),
                )
            ).inserted_primary_key
            assert key is not None  # a single-row insert always reports its primary key
            row = conn.execute(select(fu_contracts).where(fu_contracts.c.id == int(key[0]))).one()
        return NewContract(contract=self._contract(row), report_token=token)

    def update_contract(self, register_id: int, contract_id: int, data: ContractInput) -> Contract | None:
        """Change a contract's facts and requirement (its reports stay as they are); None if not in the register."""
        with self._write() as conn:
            where = (fu_contracts.c.id == contract_id) & (fu_contracts.c.register_id == register_id)
            done = conn.execute(update(fu_contracts).where(where).values(updated_at=self.clock(), **self._values(data)))
            if not done.rowcount:
                return None
            row = conn.execute(select(fu_contracts).where(where)).one()
        return self._contract(row)

    def delete_contract(self, register_id: int, contract_id: int) -> bool:
        """Remove a contract registered by mistake, with its reports; False if not in the register."""
        with self._write() as conn:
            owned = conn.execute(
                select(fu_contracts.c.id)
                .where((fu_contracts.c.id == contract_id) & (fu_contracts.c.register_id == register_id))
                .with_for_update()
            ).first()
            if owned is None:
                return False
            conn.execute(delete(fu_reports).where(fu_reports.c.contract_id == contract_id))
            conn.execute(delete(fu_contracts).where(fu_contracts.c.id == contract_id))
        return True

    def contracts(self, register_id: int) -> list[Contract]:
        """The register's contracts, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(fu_contracts).where(fu_contracts.c.register_id == register_id).order_by(fu_contracts.c.id)
            ).all()
        return [self._contract(r) for r in rows]

    def contract(self, register_id: int, contract_id: int) -> Contract | None:
        """One contract of the register, or None."""
        with self._read() as conn:
            row = conn.execute(
                select(fu_contracts).where(
                    (fu_contracts.c.id == contract_id) & (fu_contracts.c.register_id == register_id)
                )
            ).first()
        return self._contract(row) if row else None

    def new_report_token(self, register_id: int, contract_id: int) -> str | None:
        """Replace a contract's supplier link (the old one stops working); None if not in the register."""
        token = new_token()
        with self._write() as conn:
            done = conn.execute(
                update(fu_contracts)
                .where((fu_contracts.c.id == contract_id) & (fu_contracts.c.register_id == register_id))
                .values(report_hash=token_hash(token), updated_at=self.clock())
            )
        return token if done.rowcount else None

    def contract_by_report_token(self, token: Any) -> Contract | None:
        """The contract the supplier's link opens, or None."""
        if not valid_token(token):
            return None
        digest = token_hash(str(token))
        with self._read() as conn:
            row = conn.execute(select(fu_contracts).where(fu_contracts.c.report_hash == digest)).first()
        if row is None or not hmac.compare_digest(str(row.report_hash), digest):
            return None
        return self._contract(row)

    # -- reports ---------------------------------------------------------------------------
    def submit_report(
        self, contract_id: int, period_start: dt.date, figures: Figures, correction_reason: str | None = None
    ) -> Report:
        """Store a period's figures as its next version (the first is version 1); never changes a stored one.

        Raises:
            RateLimited: too many reports from this contract in the last hour, or versions of the period.
            StoreError: ``fu.err.correction_reason`` for an unknown reason, ``fu.err.too_large``.
        """
        content = load_followup_content()
        limits = content.limits
        reasons = {r.id for r in content.correction_reasons}
        if correction_reason is not None and correction_reason not in reasons:
            raise StoreError("fu.err.correction_reason")
        document = Figures.model_validate(figures.model_dump()).model_dump_json()
        if len(document) > MAX_FIGURES_JSON:
            raise StoreError("fu.err.too_large")
        for _ in range(VERSION_ATTEMPTS):
            now = self.clock()
            try:
                with self._write() as conn:
                    # The contract's row first: writers of its reports queue here (see the module docstring).
                    conn.execute(select(fu_contracts.c.id).where(fu_contracts.c.id == contract_id).with_for_update())
                    recent = conn.execute(
                        select(func.count())
                        .select_from(fu_reports)
                        .where(
                            (fu_reports.c.contract_id == contract_id)
                            & (fu_reports.c.submitted_at > now - dt.timedelta(hours=1))
                        )
                    ).scalar()
                    if int(recent or 0) >= limits.max_reports_per_hour:
                        raise RateLimited("fu.err.rate_limited")
                    last = conn.execute(
                        select(func.max(fu_reports.c.version)).where(
                            (fu_reports.c.contract_id == contract_id) & (fu_reports.c.period_start == period_start)
                        )
                    ).scalar()
                    version = int(last or 0) + 1
                    if version > limits.max_versions_per_period:
                        raise RateLimited("fu.err.too_many_versions")
                    conn.execute(
                        insert(fu_reports).values(
                            contract_id=contract_id,
                            period_start=period_start,
                            version=version,
                            figures_json=document,
                            correction_reason=correction_reason if version > 1 else None,
                            submitted_at=now,
                        )
                    )
            except IntegrityError:
                continue  # another writer took this version number, or the contract is gone: try again
            except DBAPIError as exc:
                if not transient(exc):
                    raise
                continue  # PostgreSQL aborted it as a deadlock or serialisation failure: nothing was written
            return Report(
                contract_id=contract_id,
                period_start=period_start,
                version=version,
                figures=Figures.model_validate_json(document),
                correction_reason=correction_reason if version > 1 else None,
                submitted_at=now,
            )
        raise StoreError("fu.err.store")

    @staticmethod
    def _report(row: Any) -> Report:
        return Report(
            contract_id=row.contract_id,
            period_start=_as_date(row.period_start),
            version=row.version,
            figures=Figures.model_validate_json(row.figures_json),
            correction_reason=row.correction_reason,
            submitted_at=_as_utc(row.submitted_at),
        )

    def reports(self, contract_id: int) -> list[Report]:
        """Every version of every report of a contract, by period and version."""
        with self._read() as conn:
            rows = conn.execute(
                select(fu_reports)
                .where(fu_reports.c.contract_id == contract_id)
                .order_by(fu_reports.c.period_start, fu_reports.c.version)
            ).all()
        return [self._report(r) for r in rows]

    def register_reports(self, register_id: int) -> dict[int, list[Report]]:
        """Every version of every report in a register, by contract id (for the portfolio)."""
        ids = select(fu_contracts.c.id).where(fu_contracts.c.register_id == register_id)
        with self._read() as conn:
            rows = conn.execute(
                select(fu_reports)
                .where(fu_reports.c.contract_id.in_(ids))
                .order_by(fu_reports.c.contract_id, fu_reports.c.period_start, fu_reports.c.version)
            ).all()
        out: dict[int, list[Report]] = {}
        for row in rows:
            out.setdefault(row.contract_id, []).append(self._report(row))
        return out
