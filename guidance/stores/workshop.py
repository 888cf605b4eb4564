"""Where workshops and their answers are kept: a real database through SQLAlchemy (Core).

By default a SQLite file (zero set-up, WAL mode) at ``$SYSSELSATTNING_DB_PATH`` or
``data/workshops.sqlite3`` next to the project; ``$SYSSELSATTNING_DB_URL`` takes any SQLAlchemy URL
(for example PostgreSQL) for deployments with several replicas. The schema is created or upgraded
when a store opens, and expired workshops are purged then and whenever a workshop is created.

Tables:

* ``workshops(id, join_code UNIQUE, facilitator_token_hash UNIQUE, case_id, created_at, expires_at,
  revealed)``
* ``submissions(id, workshop_id -> workshops ON DELETE CASCADE, participant_id, group_label,
  answers_json, verdict, created_at, updated_at, UNIQUE(workshop_id, participant_id))``
* ``participants(id, workshop_id -> workshops ON DELETE CASCADE, participant_id, joined_at,
  UNIQUE(workshop_id, participant_id))``: who has opened the group form, so the facilitator sees how
  many groups have not yet sent complete answers;
* ``schema_version(id, version)``: one row; :data:`MIGRATIONS` upgrade older databases.

A table added later (such as ``participants``) is created when a store opens (``create_all``); older
code simply does not use it, so adding one needs no new schema version. :data:`SCHEMA_VERSION`
changes only when existing tables change.

Safety: a join code is 6 characters from an alphabet without look-alikes, drawn with ``secrets``;
the facilitator token is ``secrets.token_urlsafe(24)`` and only its SHA-256 hash is stored and
compared with :func:`hmac.compare_digest`. Submissions are upserts keyed by
``(workshop_id, participant_id)``, so a participant who sends again (a rerun, a reconnect, a second
click) replaces the answer instead of adding one. Times are stored as naive UTC.

This module holds no user data at module level; the page layer keeps one store per process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import Executable

#: Environment variables: a full SQLAlchemy URL, or only the SQLite file's path.
ENV_URL = "SYSSELSATTNING_DB_URL"
ENV_PATH = "SYSSELSATTNING_DB_PATH"
#: Overrides the retention period (days) from the workshop content.
ENV_RETENTION = "SYSSELSATTNING_RETENTION_DAYS"
DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "workshops.sqlite3"

#: Join codes: no 0/O, 1/I/L, so a code read aloud or off a projector is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_RE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
#: ``secrets.token_urlsafe(24)`` gives 32 URL-safe characters.
TOKEN_BYTES = 24
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")
#: Participant ids: ``secrets.token_urlsafe(12)``, 16 characters.
PARTICIPANT_BYTES = 12
PARTICIPANT_RE = re.compile(r"[A-Za-z0-9_-]{16}")
#: Schema limits (column sizes): the group label and the stored answers document.
MAX_LABEL = 40
MAX_ANSWERS_JSON = 20_000
#: SQLite waits this long for a lock before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
#: Attempts to draw a join code that is not in use.
CODE_ATTEMPTS = 20

SCHEMA_VERSION = 1
#: version -> function upgrading a database from ``version - 1`` (none yet beyond the first schema).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}

metadata = MetaData()

workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("join_code", String(CODE_LENGTH), nullable=False, unique=True),
    Column("facilitator_token_hash", String(64), nullable=False, unique=True),
    Column("case_id", String(64), nullable=False),
    Column("created_at", DateTime(), nullable=False),
    Column("expires_at", DateTime(), nullable=False, index=True),
    Column("revealed", Boolean(), nullable=False, default=False),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", String(32), nullable=False),
    Column("group_label", String(MAX_LABEL), nullable=False, default=""),
    Column("answers_json", Text(), nullable=False),
    Column("verdict", String(32), nullable=False),
    Column("created_at", DateTime(), nullable=False),
    Column("updated_at", DateTime(), nullable=False),
    UniqueConstraint("workshop_id", "participant_id", name="uq_submission_participant"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", String(32), nullable=False),
    Column("joined_at", DateTime(), nullable=False),
    UniqueConstraint("workshop_id", "participant_id", name="uq_participant_joined"),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)


class StoreError(Exception):
    """The database is newer than this code, or a value breaks the schema's limits."""


class WorkshopClosed(Exception):
    """The workshop does not exist any more (deleted or expired)."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Workshop(_Row):
    """One workshop (never holds the facilitator token, only what the views need)."""

    id: int
    join_code: str
    case_id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revealed: bool


class NewWorkshop(_Row):
    """A freshly created workshop and its facilitator token (shown once, never stored in clear)."""

    workshop: Workshop
    facilitator_token: str


class Submission(_Row):
    """One participant's (or group's) stored answers."""

    participant_id: str
    group_label: str
    answers_json: str
    verdict: str
    created_at: dt.datetime
    updated_at: dt.datetime


# --------------------------------------------------------------------------- helpers
def utcnow() -> dt.datetime:
    """The current time as naive UTC (how the tables store times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    """SHA-256 (hex) of a facilitator token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_code(text: str | None) -> str | None:
    """An entered join code in canonical form (upper case, no spaces or dashes), or None if invalid."""
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    return code if CODE_RE.fullmatch(code) else None


def valid_token(text: str | None) -> bool:
    """Whether ``text`` has the shape of a facilitator token."""
    return isinstance(text, str) and TOKEN_RE.fullmatch(text) is not None


def valid_participant(text: str | None) -> bool:
    """Whether ``text`` has the shape of a participant id."""
    return isinstance(text, str) and PARTICIPANT_RE.fullmatch(text) is not None


def new_participant_id() -> str:
    """A random participant id (kept in the participant's session and URL)."""
    return secrets.token_urlsafe(PARTICIPANT_BYTES)


def clean_label(text: str | None) -> str:
    """A group label as stored: control characters removed, spaces collapsed, at most 40 characters."""
    if not isinstance(text, str):
        return ""
    text = "".join(ch for ch in text[: MAX_LABEL * 4] if ch.isprintable())
    return " ".join(text.split())[:MAX_LABEL]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _as_utc(value: dt.datetime) -> dt.datetime:
    """Naive UTC, whatever the driver returned."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def database_url() -> str:
    """``$SYSSELSATTNING_DB_URL``, else a SQLite file at ``$SYSSELSATTNING_DB_PATH`` or ``data/``."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    path = Path(os.environ.get(ENV_PATH, "").strip() or DEFAULT_DB)
    return f"sqlite:///{path}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`); SQLite gets WAL, a busy timeout and FKs.

    For SQLite the driver's own transaction handling is switched off and each transaction is begun
    explicitly: ``BEGIN IMMEDIATE`` for writes (so concurrent writers queue on the busy timeout
    instead of failing when a read lock cannot be upgraded), plain ``BEGIN`` for reads.
    """
    url = url or database_url()
    if url.startswith("sqlite"):
        db = url.split("///", 1)[-1]
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get("write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


# --------------------------------------------------------------------------- the store
class WorkshopStore:
    """Create, find, answer, reveal, expire and delete workshops in one database.

    Args:
        engine: the database (see :func:`make_engine`).
        retention_days: days a workshop and its answers are kept; ``$SYSSELSATTNING_RETENTION_DAYS``
            overrides it.
        clock: returns the current naive-UTC time (tests pass a fake one).
    """

    def __init__(self, engine: Engine, retention_days: int, clock: Callable[[], dt.datetime] = utcnow) -> None:
        env = os.environ.get(ENV_RETENTION, "").strip()
        days = int(env) if env.isdigit() and int(env) > 0 else retention_days
        if days <= 0:
            raise StoreError("retention_days must be positive")
        self.engine = engine
        self.retention = dt.timedelta(days=days)
        self.clock = clock
        self.upgrade()
        self.purge_expired()

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- schema ----------------------------------------------------------------------------
    def upgrade(self) -> int:
        """Create missing tables and bring the schema to :data:`SCHEMA_VERSION`; return the version.

        Raises:
            StoreError: the database was written by a newer version of the app.
        """
        metadata.create_all(self.engine, checkfirst=True)
        with self._write() as conn:
            current = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar()
            if current is None:
                conn.execute(insert(schema_version).values(id=1, version=SCHEMA_VERSION))
                return SCHEMA_VERSION
            if current > SCHEMA_VERSION:
                raise StoreError(f"database schema version {current} is newer than this app ({SCHEMA_VERSION})")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](conn)
            if current < SCHEMA_VERSION:
                conn.execute(update(schema_version).where(schema_version.c.id == 1).values(version=SCHEMA_VERSION))
        return SCHEMA_VERSION

    # -- workshops -------------------------------------------------------------------------
    def create(self, case_id: str) -> NewWorkshop:
        """Start a workshop for ``case_id``; return it with its one-time facilitator token."""
        if not case_id or len(case_id) > 64:
            raise StoreError("invalid case id")
        self.purge_expired()
        now = self.clock()
        for _ in range(CODE_ATTEMPTS):
            token = secrets.token_urlsafe(TOKEN_BYTES)
            code = _new_code()
            try:
                with self._write() as conn:
                    inserted = conn.execute(
                        insert(workshops).values(
                            join_code=code,
                            facilitator_token_hash=token_hash(token),
                            case_id=case_id,
                            created_at=now,
                            expires_at=now + self.retention,
                            revealed=False,
                        )
                    ).inserted_primary_key
                    assert inserted is not None  # a single-row insert always reports its primary key
                    new_id = inserted[0]
            except IntegrityError:
                continue  # the code (or, astronomically unlikely, the token) is taken: draw again
            ws = Workshop(
                id=int(new_id),
                join_code=code,
                case_id=case_id,
                created_at=now,
                expires_at=now + self.retention,
                revealed=False,
            )
            return NewWorkshop(workshop=ws, facilitator_token=token)
        raise StoreError("could not find a free join code")

    def _workshop(self, row: Any) -> Workshop:
        return Workshop(
            id=row.id,
            join_code=row.join_code,
            case_id=row.case_id,
            created_at=_as_utc(row.created_at),
            expires_at=_as_utc(row.expires_at),
            revealed=bool(row.revealed),
        )

    def by_code(self, code: str | None) -> Workshop | None:
        """The active workshop with this join code (participant access), or None."""
        code = normalise_code(code)
        if code is None:
            return None
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(workshops.c.join_code == code, workshops.c.expires_at > self.clock())
            ).first()
        return self._workshop(row) if row else None

    def by_token(self, token: str | None) -> Workshop | None:
        """The active workshop whose facilitator token is ``token`` (facilitator access), or None."""
        if not valid_token(token):
            return None
        digest = token_hash(str(token))
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(
                    workshops.c.facilitator_token_hash == digest, workshops.c.expires_at > self.clock()
                )
            ).first()
        if row is None or not hmac.compare_digest(row.facilitator_token_hash, digest):
            return None
        return self._workshop(row)

    def set_revealed(self, workshop_id: int, revealed: bool) -> None:
        """Show or hide the reference assessment."""
        with self._write() as conn:
            conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(revealed=revealed))

    def delete(self, workshop_id: int) -> None:
        """Delete a workshop and all its answers at once."""
        with self._write() as conn:
            conn.execute(delete(submissions).where(submissions.c.workshop_id == workshop_id))
            conn.execute(delete(participants).where(participants.c.workshop_id == workshop_id))
            conn.execute(delete(workshops).where(workshops.c.id == workshop_id))

    def purge_expired(self) -> int:
        """Delete expired workshops and their answers; return how many workshops went."""
        now = self.clock()
        with self._write() as conn:
            expired = select(workshops.c.id).where(workshops.c.expires_at <= now)
            conn.execute(delete(submissions).where(submissions.c.workshop_id.in_(expired)))
            conn.execute(delete(participants).where(participants.c.workshop_id.in_(expired)))
            return int(conn.execute(delete(workshops).where(workshops.c.expires_at <= now)).rowcount or 0)

    # -- participants ----------------------------------------------------------------------
    def join(self, workshop_id: int, participant_id: str) -> None:
        """Record that a participant (a group) has opened the workshop's form; joining again changes nothing.

        Raises:
            WorkshopClosed: the workshop was deleted or has expired.
            StoreError: the participant id has the wrong shape.
        """
        if not valid_participant(participant_id):
            raise StoreError("invalid participant id")
        now = self.clock()
        try:
            with self._write() as conn:
                active = conn.execute(
                    select(workshops.c.id).where(workshops.c.id == workshop_id, workshops.c.expires_at > now)
                ).first()
                if active is None:
                    raise WorkshopClosed(workshop_id)
                known = conn.execute(
                    select(participants.c.id).where(
                        participants.c.workshop_id == workshop_id, participants.c.participant_id == participant_id
                    )
                ).first()
                if known is None:
                    conn.execute(
                        insert(participants).values(
                            workshop_id=workshop_id, participant_id=participant_id, joined_at=now
                        )
                    )
        except IntegrityError as exc:  # deleted meanwhile (FK), or joined at the same moment elsewhere
            if self.by_id(workshop_id) is None:
                raise WorkshopClosed(workshop_id) from exc

    def joined(self, workshop_id: int) -> frozenset[str]:
        """The ids of everyone who has joined the workshop or sent answers to it."""
        with self._read() as conn:
            opened = conn.execute(
                select(participants.c.participant_id).where(participants.c.workshop_id == workshop_id)
            ).scalars()
            sent = conn.execute(
                select(submissions.c.participant_id).where(submissions.c.workshop_id == workshop_id)
            ).scalars()
            return frozenset(opened) | frozenset(sent)

    def by_id(self, workshop_id: int) -> Workshop | None:
        """The active workshop with this id (for checks after a write failed), or None."""
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(workshops.c.id == workshop_id, workshops.c.expires_at > self.clock())
            ).first()
        return self._workshop(row) if row else None

    # -- submissions -----------------------------------------------------------------------
    def submit(self, workshop_id: int, participant_id: str, group_label: str, answers_json: str, verdict: str) -> None:
        """Store a participant's answers, replacing their earlier ones (idempotent per participant).

        Raises:
            WorkshopClosed: the workshop was deleted or has expired.
            StoreError: the participant id or the answers break the schema's limits.
        """
        if not valid_participant(participant_id):
            raise StoreError("invalid participant id")
        if len(answers_json) > MAX_ANSWERS_JSON or len(verdict) > 32:
            raise StoreError("answers too large")
        label = clean_label(group_label)
        now = self.clock()
        values = {
            "workshop_id": workshop_id,
            "participant_id": participant_id,
            "group_label": label,
            "answers_json": answers_json,
            "verdict": verdict,
            "created_at": now,
            "updated_at": now,
        }
        changes = {"group_label": label, "answers_json": answers_json, "verdict": verdict, "updated_at": now}
        try:
            with self._write() as conn:
                active = conn.execute(
                    select(workshops.c.id).where(workshops.c.id == workshop_id, workshops.c.expires_at > now)
                ).first()
                if active is None:
                    raise WorkshopClosed(workshop_id)
                self._upsert(conn, values, changes)
        except IntegrityError as exc:  # deleted between the check and the write (FK)
            raise WorkshopClosed(workshop_id) from exc

    def _upsert(self, conn: Connection, values: dict[str, Any], changes: dict[str, Any]) -> None:
        keys = ["workshop_id", "participant_id"]
        dialect = conn.dialect.name
        if dialect in ("sqlite", "postgresql"):
            upsert: Executable
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                upsert = (
                    sqlite_insert(submissions).values(**values).on_conflict_do_update(index_elements=keys, set_=changes)
                )
            else:
                from sqlalchemy.dialects.postgresql import insert as postgresql_insert

                upsert = (
                    postgresql_insert(submissions)
                    .values(**values)
                    .on_conflict_do_update(index_elements=keys, set_=changes)
                )
            conn.execute(upsert)
            return
        where = (submissions.c.workshop_id == values["workshop_id"]) & (
            submissions.c.participant_id == values["participant_id"]
        )
        if conn.execute(update(submissions).where(where).values(**changes)).rowcount:
            return
        conn.execute(insert(submissions).values(**values))

    def _submission(self, row: Any) -> Submission:
        return Submission(
            participant_id=row.participant_id,
            group_label=row.group_label,
            answers_json=row.answers_json,
            verdict=row.verdict,
            created_at=_as_utc(row.created_at),
            updated_at=_as_utc(row.updated_at),
        )

    def submission(self, workshop_id: int, participant_id: str) -> Submission | None:
        """One participant's stored answers, or None."""
        if not valid_participant(participant_id):
            return None
        with self._read() as conn:
            row = conn.execute(
                select(submissions).where(
                    submissions.c.workshop_id == workshop_id, submissions.c.participant_id == participant_id
                )
            ).first()
        return self._submission(row) if row else None

    def submissions(self, workshop_id: int) -> list[Submission]:
        """Every stored answer of a workshop, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(submissions)
                .where(submissions.c.workshop_id == workshop_id)
                .order_by(submissions.c.created_at, submissions.c.id)
            ).all()
        return [self._submission(r) for r in rows]

    def count(self, workshop_id: int) -> int:
        """How many participants have answered."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(submissions).where(submissions.c.workshop_id == workshop_id)
                ).scalar()
                or 0
            )
