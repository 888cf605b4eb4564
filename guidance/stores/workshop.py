"""Where workshops and their answers are kept: a real database through SQLAlchemy (Core).

By default a SQLite file (zero set-up, WAL mode) at ``$SYSSELSATTNING_DB_PATH`` or
``data/workshops.sqlite3`` next to the project; ``$SYSSELSATTNING_DB_URL`` takes any SQLAlchemy URL
(PostgreSQL with the pinned ``psycopg`` driver: ``postgresql+psycopg://...``) for deployments with
several replicas. The schema is created or upgraded when a store opens, by the Alembic migrations of
the branch ``workshop`` (:mod:`guidance.stores.migrate`, ``migrations/``).

Tables:

* ``workshops(id, join_code UNIQUE, facilitator_token_hash UNIQUE, case_id, created_at, expires_at,
  revealed)``
* ``submissions(id, workshop_id -> workshops ON DELETE CASCADE, participant_id, group_label,
  answers_json, verdict, created_at, updated_at, UNIQUE(workshop_id, participant_id))``
* ``participants(id, workshop_id -> workshops ON DELETE CASCADE, participant_id, joined_at, secret_hash,
  UNIQUE(workshop_id, participant_id))``: who has opened the group form (so the facilitator sees how
  many groups have not yet sent complete answers), and the SHA-256 hash of the secret that gives the
  right to read back and change that group's answers (see below);
* ``sends(id, workshop_id -> workshops ON DELETE CASCADE, participant_id, sent_at)``: when answers were
  sent, for the rate limits; rows older than the limits' window are pruned;
* ``schema_version(id, version)``: one row, :data:`SCHEMA_VERSION`, for the code from before Alembic
  (which refuses a higher number); Alembic's own ``alembic_version`` records the revision.

Every schema change is an Alembic revision in ``migrations/versions/`` (``workshop_NNNN``); the tables
below must describe the schema the newest revision makes (``tests/unit/test_migrations.py`` compares
them on SQLite and PostgreSQL). The baseline revision adopts a database of the code before Alembic,
in any of its states, with its rows.

Safety:

* a join code is 6 characters from an alphabet without look-alikes, drawn with ``secrets``; the
  facilitator token is ``secrets.token_urlsafe(24)`` and only its SHA-256 hash is stored and compared
  with :func:`hmac.compare_digest`;
* a participant id (``p`` in a URL) only *names* a group. Who may read back or change the group's
  answers is decided by a *participant secret* the caller holds (:mod:`guidance.workshop.identity`
  derives it from a key only the participant's browser has): the first join or send of an id claims
  it with the secret's SHA-256 hash, and every later join or send of that id must present the same
  secret, else :class:`NotYours`. An id stored without a hash (by a version before 2) is claimed by
  the first secret presented for it;
* submissions are upserts keyed by ``(workshop_id, participant_id)``, so a participant who sends again
  (a rerun, a reconnect, a second click) replaces the answer instead of adding one;
* joins and sends are rate-limited per workshop (:class:`RateLimits`, from the content): too many new
  groups or sends within the window, or too many groups in all, raise :class:`RateLimited` with the
  seconds to wait. The counts are taken inside the writing transaction, and every writing
  transaction on a workshop's rows first locks the workshop's row (``SELECT ... FOR UPDATE`` on
  PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises all writers), so writers on other replicas
  queue instead of overshooting a limit, and the lock order (workshop, then its rows) leaves no
  deadlock between a send and a delete;
* retention: every read filters on ``expires_at``, so an expired workshop is never readable, whatever
  else happens; expired rows are deleted when a store opens, when a workshop is created, on any call
  once :attr:`WorkshopStore.purge_every` has passed since the last purge, and on a schedule by a
  background thread (:meth:`WorkshopStore.start_purging`);
* deleting (or purging) removes the rows' bytes from the files too: SQLite connections run with
  ``secure_delete`` (deleted content is overwritten with zeros) and a delete ends with a
  ``wal_checkpoint(TRUNCATE)``, which copies the WAL into the database file and empties it, so no
  deleted group label is left in ``-wal`` (:meth:`WorkshopStore.scrub`). The step is dialect-aware:
  on other databases (PostgreSQL) it does nothing; there the server's own WAL and VACUUM apply.

Times are stored as naive UTC. This module holds no user data at module level; the page layer keeps
one store per process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import math
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Select,
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
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.sql.expression import ColumnElement, Executable

from guidance.stores import migrate

LOG = logging.getLogger(__name__)

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
#: A participant secret is hashed, never stored; this bounds what is hashed.
MAX_SECRET = 256
#: Schema limits (column sizes): the group label and the stored answers document.
MAX_LABEL = 40
MAX_ANSWERS_JSON = 20_000
#: SQLite waits this long for a lock before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
#: Attempts to draw a join code that is not in use.
CODE_ATTEMPTS = 20
#: Expired workshops are purged on any store call once this long has passed since the last purge
#: (the app passes the content's value).
PURGE_EVERY = dt.timedelta(seconds=60)
#: Attempts (and the pause between them) to empty SQLite's WAL after a delete while readers hold it,
#: and how long each attempt waits for them (ms): a delete never hangs on a long reader.
SCRUB_ATTEMPTS, SCRUB_PAUSE_S, SCRUB_BUSY_MS = 5, 0.2, 2_000

#: The number in ``schema_version`` (for the code from before Alembic; a higher one is refused).
SCHEMA_VERSION = 2
#: Attempts at a write transaction that PostgreSQL aborted as a deadlock or serialisation failure.
TRANSIENT_ATTEMPTS = 3
#: ``pg_try_advisory_xact_lock`` key of the purge: one replica purges at a time, the others skip.
PURGE_LOCK_KEY = 0x53797374

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
    # SQLite: never reuse the id of a deleted workshop (a page still showing it must not reach a new one).
    sqlite_autoincrement=True,
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
    Column("secret_hash", String(64), nullable=True),
    UniqueConstraint("workshop_id", "participant_id", name="uq_participant_joined"),
)

sends = Table(
    "sends",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", String(32), nullable=False),
    Column("sent_at", DateTime(), nullable=False),
    Index("ix_sends_workshop_time", "workshop_id", "sent_at"),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

#: The tables holding one workshop's rows, children first (deleted in this order).
WORKSHOP_CHILDREN = (sends, submissions, participants)


class StoreError(Exception):
    """The database is newer than this code, or a value breaks the schema's limits."""


class WorkshopClosed(Exception):
    """The workshop does not exist any more (deleted or expired)."""


class NotYours(Exception):
    """The participant id was claimed with another secret: this caller may not read or change its answers."""


#: Which limit refused a join or a send (see :class:`RateLimits`).
LimitKind = Literal["joins", "groups", "sends", "group_sends"]


class RateLimited(Exception):
    """A join or send was refused by a rate limit of the workshop.

    Attributes:
        kind: the limit that was reached.
        retry_after: seconds until the window has room again; None for the total number of groups.
    """

    def __init__(self, kind: LimitKind, retry_after: int | None) -> None:
        super().__init__(kind, retry_after)
        self.kind: LimitKind = kind
        self.retry_after = retry_after


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RateLimits(_Row):
    """How much one workshop accepts (the values live in ``content/workshop/limits.yaml``).

    Attributes:
        window_seconds: the sliding window the rates are counted over.
        joins_per_window: new groups (participant ids joining for the first time) per window.
        max_groups: groups a workshop takes in all.
        sends_per_window: answers sent (first sends and resends) to the workshop per window.
        sends_per_group_per_window: answers one group sends per window.
    """

    window_seconds: int = Field(gt=0)
    joins_per_window: int = Field(gt=0)
    max_groups: int = Field(gt=0)
    sends_per_window: int = Field(gt=0)
    sends_per_group_per_window: int = Field(gt=0)


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
    """SHA-256 (hex) of a facilitator token or a participant secret."""
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
    """A random participant id (kept in the participant's session and URL; it names a group, it grants nothing)."""
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


def _secret_digest(secret: str | None) -> str | None:
    """The stored form of a participant secret (its SHA-256), None without one."""
    if secret is None:
        return None
    if not isinstance(secret, str) or not secret or len(secret) > MAX_SECRET:
        raise StoreError("invalid participant secret")
    return token_hash(secret)


def transient(exc: BaseException) -> bool:
    """Whether PostgreSQL aborted the transaction as a deadlock (40P01) or serialisation failure (40001).

    Such a transaction changed nothing and may simply be run again.
    """
    orig = getattr(exc, "orig", None)
    return isinstance(exc, DBAPIError) and getattr(orig, "sqlstate", None) in ("40P01", "40001")


def database_url() -> str:
    """``$SYSSELSATTNING_DB_URL``, else a SQLite file at ``$SYSSELSATTNING_DB_PATH`` or ``data/``."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    path = Path(os.environ.get(ENV_PATH, "").strip() or DEFAULT_DB)
    return f"sqlite:///{path}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`); SQLite gets WAL, a busy timeout, FKs, secure delete.

    For SQLite the driver's own transaction handling is switched off and each transaction is begun
    explicitly: ``BEGIN IMMEDIATE`` for writes (so concurrent writers queue on the busy timeout
    instead of failing when a read lock cannot be upgraded), plain ``BEGIN`` for reads.
    ``secure_delete`` overwrites deleted rows with zeros, so a deleted label is not left in free space.
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
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get("write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes; on SQLite it begins with ``BEGIN IMMEDIATE`` (:func:`make_engine`), so writers queue."""
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that only reads."""
    with engine.connect() as conn, conn.begin():
        yield conn


# --------------------------------------------------------------------------- the store
class WorkshopStore:
    """Create, find, answer, reveal, expire and delete workshops in one database.

    Args:
        engine: the database (see :func:`make_engine`).
        retention_days: days a workshop and its answers are kept; ``$SYSSELSATTNING_RETENTION_DAYS``
            overrides it.
        clock: returns the current naive-UTC time (tests pass a fake one).
        limits: the rate limits of every workshop; None applies none (tests, tools).
        purge_every: any call purges expired workshops once this long has passed since the last purge;
            it is also the interval of :meth:`start_purging`.
    """

    def __init__(
        self,
        engine: Engine,
        retention_days: int,
        clock: Callable[[], dt.datetime] = utcnow,
        limits: RateLimits | None = None,
        purge_every: dt.timedelta = PURGE_EVERY,
    ) -> None:
        env = os.environ.get(ENV_RETENTION, "").strip()
        days = int(env) if env.isdigit() and int(env) > 0 else retention_days
        if days <= 0:
            raise StoreError("retention_days must be positive")
        if purge_every <= dt.timedelta(0):
            raise StoreError("purge_every must be positive")
        self.engine = engine
        self.retention = dt.timedelta(days=days)
        self.clock = clock
        self.limits = limits
        self.purge_every = purge_every
        self._last_purge: dt.datetime | None = None
        self._purging = threading.Lock()
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._unscrubbed = False  # a scrub after a delete could not finish: the next purge tries again
        self.upgrade()
        self.purge_expired()

    # -- transactions ----------------------------------------------------------------------
    def _write(self) -> AbstractContextManager[Connection]:
        return write_transaction(self.engine)

    def _read(self) -> AbstractContextManager[Connection]:
        return read_transaction(self.engine)

    def _alive(self, workshop_id: int) -> Select[tuple[int]]:
        """The id of the workshop if it has not expired (the filter of every read of its rows)."""
        return select(workshops.c.id).where(workshops.c.id == workshop_id, workshops.c.expires_at > self.clock())

    # -- schema ----------------------------------------------------------------------------
    def upgrade(self) -> str:
        """Bring the schema to the newest ``workshop`` migration (:func:`guidance.stores.migrate.upgrade`).

        Returns:
            The revision the database is at (running it again changes nothing).

        Raises:
            StoreError: the database was written by a newer version of the app.
        """
        try:
            return migrate.upgrade(self.engine, "workshop", migrate.Legacy(schema_version.name, SCHEMA_VERSION))
        except migrate.SchemaNewer as exc:
            raise StoreError(str(exc)) from exc

    # -- retention -------------------------------------------------------------------------
    def purge_expired(self) -> int:
        """Delete expired workshops and their rows (and send records older than the limits' window).

        Returns:
            How many workshops went. When any did (or an earlier scrub could not finish), the files are
            scrubbed (:meth:`scrub`).
        """
        now = self.clock()
        with self._write() as conn:
            if (
                conn.dialect.name == "postgresql"
                and not conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": PURGE_LOCK_KEY}).scalar()
            ):
                self._last_purge = now  # another replica is purging right now
                return 0
            expired = list(
                conn.execute(select(workshops.c.id).where(workshops.c.expires_at <= now).with_for_update()).scalars()
            )
            gone = 0
            if expired:
                for table in WORKSHOP_CHILDREN:
                    conn.execute(delete(table).where(table.c.workshop_id.in_(expired)))
                gone = int(conn.execute(delete(workshops).where(workshops.c.id.in_(expired))).rowcount or 0)
            if self.limits is not None:
                old = now - dt.timedelta(seconds=self.limits.window_seconds)
                conn.execute(delete(sends).where(sends.c.sent_at <= old))
        self._last_purge = now
        if gone or self._unscrubbed:
            self.scrub()
        return gone

    def _purge_if_due(self) -> None:
        """Purge when :attr:`purge_every` has passed since the last purge (called by every method).

        Reads filter expired workshops themselves, so a purge that fails here (the database is busy)
        is logged and left to the next call or the schedule.
        """
        last = self._last_purge
        if last is not None and self.clock() - last < self.purge_every:
            return
        if not self._purging.acquire(blocking=False):
            return  # another thread is purging right now
        try:
            self.purge_expired()
        except SQLAlchemyError:
            LOG.warning("purging expired workshops failed; the next call tries again", exc_info=True)
        finally:
            self._purging.release()

    def start_purging(self) -> None:
        """Purge expired workshops every :attr:`purge_every` in a background (daemon) thread, until :meth:`close`.

        Retention then holds while nobody uses the app; starting twice changes nothing.
        """
        if self._thread is not None:
            return
        stop = threading.Event()
        interval = self.purge_every.total_seconds()

        def run() -> None:
            while not stop.wait(interval):
                try:
                    with self._purging:
                        self.purge_expired()
                except SQLAlchemyError:
                    LOG.warning("scheduled purge of expired workshops failed", exc_info=True)

        self._stop = stop
        self._thread = threading.Thread(target=run, name="workshop-retention", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the scheduled purge and close the database connections."""
        if self._stop is not None and self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=10)
        self._stop = self._thread = None
        self.engine.dispose()

    def scrub(self) -> bool:
        """Remove what deleted rows leave in the database's files; True when done.

        SQLite: ``PRAGMA wal_checkpoint(TRUNCATE)`` copies every page in the WAL into the database file
        (where ``secure_delete`` has zeroed the deleted rows) and empties the WAL, so no earlier version
        of a page, with a deleted label in it, stays in ``-wal``. Readers still using the WAL make the
        checkpoint report "busy"; it is tried again a few times. Other databases (PostgreSQL): nothing
        to do here, the step is skipped.
        """
        if self.engine.dialect.name != "sqlite":
            return True
        for _ in range(SCRUB_ATTEMPTS):
            if self._checkpoint():
                self._unscrubbed = False
                return True
            time.sleep(SCRUB_PAUSE_S)
        LOG.warning("the WAL could not be emptied after a delete; the next purge tries again")
        self._unscrubbed = True
        return False

    def _checkpoint(self) -> bool:
        """One ``PRAGMA wal_checkpoint(TRUNCATE)`` outside any transaction; True when it finished."""
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            try:
                cur.execute(f"PRAGMA busy_timeout={SCRUB_BUSY_MS}")
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                row = cur.fetchone()
            finally:
                cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                cur.close()
        except self.engine.dialect.loaded_dbapi.Error:
            LOG.debug("WAL checkpoint failed", exc_info=True)
            return False
        finally:
            raw.close()
        return row is not None and not row[0]  # (busy, frames in the log, frames checkpointed)

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
        self._purge_if_due()
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(workshops.c.join_code == code, workshops.c.expires_at > self.clock())
            ).first()
        return self._workshop(row) if row else None

    def by_token(self, token: str | None) -> Workshop | None:
        """The active workshop whose facilitator token is ``token`` (facilitator access), or None."""
        if not valid_token(token):
            return None
        self._purge_if_due()
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

    def by_id(self, workshop_id: int) -> Workshop | None:
        """The active workshop with this id (for checks after a write failed), or None."""
        self._purge_if_due()
        with self._read() as conn:
            row = conn.execute(
                select(workshops).where(workshops.c.id == workshop_id, workshops.c.expires_at > self.clock())
            ).first()
        return self._workshop(row) if row else None

    def set_revealed(self, workshop_id: int, revealed: bool) -> None:
        """Show or hide the reference assessment (of an active workshop)."""
        self._purge_if_due()
        with self._write() as conn:
            conn.execute(
                update(workshops)
                .where(workshops.c.id == workshop_id, workshops.c.expires_at > self.clock())
                .values(revealed=revealed)
            )

    def delete(self, workshop_id: int) -> bool:
        """Delete a workshop and all its rows at once, and scrub the files (:meth:`scrub`).

        Returns:
            Whether the files were scrubbed too (False only if readers kept SQLite's WAL busy).
        """
        with self._write() as conn:
            conn.execute(select(workshops.c.id).where(workshops.c.id == workshop_id).with_for_update())
            for table in WORKSHOP_CHILDREN:
                conn.execute(delete(table).where(table.c.workshop_id == workshop_id))
            conn.execute(delete(workshops).where(workshops.c.id == workshop_id))
        return self.scrub()

    # -- rate limits -----------------------------------------------------------------------
    def _retry_after(self, oldest: dt.datetime | None, now: dt.datetime) -> int:
        """Seconds until the oldest counted event leaves the window (at least 1)."""
        assert self.limits is not None  # only called while checking a limit
        if oldest is None:
            return self.limits.window_seconds
        left = _as_utc(oldest) + dt.timedelta(seconds=self.limits.window_seconds) - now
        return max(1, math.ceil(left.total_seconds()))

    def _check_join(self, conn: Connection, workshop_id: int, now: dt.datetime) -> None:
        """Refuse a new group when the workshop is full or too many groups joined within the window.

        One query counts both (the writer holds the workshop's lock meanwhile: fewer round trips, shorter wait).
        """
        limits = self.limits
        if limits is None:
            return
        since = now - dt.timedelta(seconds=limits.window_seconds)
        in_window = participants.c.joined_at > since
        total, recent, oldest = conn.execute(
            select(
                func.count(), func.count().filter(in_window), func.min(participants.c.joined_at).filter(in_window)
            ).where(participants.c.workshop_id == workshop_id)
        ).one()
        if total >= limits.max_groups:
            raise RateLimited("groups", None)
        if recent >= limits.joins_per_window:
            raise RateLimited("joins", self._retry_after(oldest, now))

    def _check_send(self, conn: Connection, workshop_id: int, participant_id: str, now: dt.datetime) -> None:
        """Refuse a send when the workshop, or this group, has sent too often within the window (one query)."""
        limits = self.limits
        if limits is None:
            return
        since = now - dt.timedelta(seconds=limits.window_seconds)
        group = sends.c.participant_id == participant_id
        count, oldest, mine, first = conn.execute(
            select(
                func.count(),
                func.min(sends.c.sent_at),
                func.count().filter(group),
                func.min(sends.c.sent_at).filter(group),
            ).where(sends.c.workshop_id == workshop_id, sends.c.sent_at > since)
        ).one()
        if count >= limits.sends_per_window:
            raise RateLimited("sends", self._retry_after(oldest, now))
        if mine >= limits.sends_per_group_per_window:
            raise RateLimited("group_sends", self._retry_after(first, now))

    # -- participants ----------------------------------------------------------------------
    def _active_or_closed(self, conn: Connection, workshop_id: int, now: dt.datetime) -> None:
        """Lock the workshop's row for this transaction (PostgreSQL), or raise :class:`WorkshopClosed`.

        The lock makes every writer of one workshop wait for the one before it, so its rate-limit
        counts and claims are exact on every replica (SQLite: ``BEGIN IMMEDIATE`` already did).
        """
        active = conn.execute(
            select(workshops.c.id).where(workshops.c.id == workshop_id, workshops.c.expires_at > now).with_for_update()
        ).first()
        if active is None:
            raise WorkshopClosed(workshop_id)

    def _write_active(self, workshop_id: int, work: Callable[[Connection, dt.datetime], None]) -> None:
        """Run ``work`` in a write transaction on an active workshop, its row locked first.

        Retried once after a unique-key race, and up to :data:`TRANSIENT_ATTEMPTS` times when
        PostgreSQL aborted it as a deadlock or serialisation failure (:func:`transient`).

        Raises:
            WorkshopClosed: the workshop was deleted or has expired (before, or during, the write).
        """
        races = 0
        for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
            try:
                with self._write() as conn:
                    now = self.clock()
                    self._active_or_closed(conn, workshop_id, now)
                    work(conn, now)
                return
            except IntegrityError as exc:  # deleted meanwhile (FK), or the same id joined at the same moment
                if self.by_id(workshop_id) is None:
                    raise WorkshopClosed(workshop_id) from exc
                races += 1
                if races > 1:
                    raise
            except DBAPIError as exc:
                if not transient(exc) or attempt == TRANSIENT_ATTEMPTS:
                    raise
                LOG.info("write on workshop %s aborted by the database (%s); trying again", workshop_id, exc.orig)

    def _claim(self, conn: Connection, workshop_id: int, participant_id: str, digest: str | None) -> None:
        """Join ``participant_id`` with the secret's hash, or check the hash of an id that has joined.

        Raises:
            NotYours: the id was claimed with another secret (or a secret is needed and none was given).
            RateLimited: a new group, and the workshop is full or too many joined within the window.
        """
        row = conn.execute(
            select(participants.c.id, participants.c.secret_hash).where(
                participants.c.workshop_id == workshop_id, participants.c.participant_id == participant_id
            )
        ).first()
        if row is None:
            now = self.clock()
            self._check_join(conn, workshop_id, now)
            conn.execute(
                insert(participants).values(
                    workshop_id=workshop_id, participant_id=participant_id, joined_at=now, secret_hash=digest
                )
            )
            return
        if row.secret_hash is None:
            if digest is not None:  # joined before secrets existed (or by a tool): the first secret claims it
                conn.execute(update(participants).where(participants.c.id == row.id).values(secret_hash=digest))
            return
        if digest is None or not hmac.compare_digest(row.secret_hash, digest):
            raise NotYours(participant_id)

    def join(self, workshop_id: int, participant_id: str, secret: str | None = None) -> None:
        """Record that a participant (a group) has opened the workshop's form, claiming its id with ``secret``.

        Joining again with the same secret changes nothing. The app always passes a secret; without
        one (tests, tools) the id is recorded unclaimed, and an id claimed with a secret refuses it.

        Raises:
            WorkshopClosed: the workshop was deleted or has expired.
            NotYours: the id was claimed with another secret.
            RateLimited: a new group, and the workshop is full or too many joined within the window.
            StoreError: the participant id or secret has the wrong shape.
        """
        if not valid_participant(participant_id):
            raise StoreError("invalid participant id")
        digest = _secret_digest(secret)
        self._purge_if_due()
        self._write_active(workshop_id, lambda conn, _now: self._claim(conn, workshop_id, participant_id, digest))

    def joined(self, workshop_id: int) -> frozenset[str]:
        """The ids of everyone who has joined the workshop or sent answers to it (nothing once it expired)."""
        self._purge_if_due()
        alive = self._alive(workshop_id)
        with self._read() as conn:
            opened = conn.execute(
                select(participants.c.participant_id).where(participants.c.workshop_id.in_(alive))
            ).scalars()
            sent = conn.execute(
                select(submissions.c.participant_id).where(submissions.c.workshop_id.in_(alive))
            ).scalars()
            return frozenset(opened) | frozenset(sent)

    # -- submissions -----------------------------------------------------------------------
    def submit(
        self,
        workshop_id: int,
        participant_id: str,
        group_label: str,
        answers_json: str,
        verdict: str,
        secret: str | None = None,
    ) -> None:
        """Store a participant's answers, replacing their earlier ones (idempotent per participant).

        The id is claimed (or checked) with ``secret`` as in :meth:`join`, and the send is counted
        against the workshop's rate limits.

        Raises:
            WorkshopClosed: the workshop was deleted or has expired.
            NotYours: the id was claimed with another secret.
            RateLimited: the workshop or this group has sent too often within the window (or a new
                group cannot join).
            StoreError: the participant id, the secret or the answers break the schema's limits.
        """
        if not valid_participant(participant_id):
            raise StoreError("invalid participant id")
        if len(answers_json) > MAX_ANSWERS_JSON or len(verdict) > 32:
            raise StoreError("answers too large")
        digest = _secret_digest(secret)
        label = clean_label(group_label)
        self._purge_if_due()
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

        def work(conn: Connection, _now: dt.datetime) -> None:
            self._claim(conn, workshop_id, participant_id, digest)
            self._check_send(conn, workshop_id, participant_id, now)
            self._upsert(conn, values, changes)
            if self.limits is not None:
                conn.execute(insert(sends).values(workshop_id=workshop_id, participant_id=participant_id, sent_at=now))

        self._write_active(workshop_id, work)

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

    def _of(self, workshop_id: int) -> ColumnElement[bool]:
        """Submissions of the workshop, while it has not expired."""
        return submissions.c.workshop_id.in_(self._alive(workshop_id))

    def submission(self, workshop_id: int, participant_id: str) -> Submission | None:
        """One participant's stored answers, or None (also once the workshop expired).

        The caller must have checked that the participant is its own (:meth:`join` with its secret).
        """
        if not valid_participant(participant_id):
            return None
        self._purge_if_due()
        with self._read() as conn:
            row = conn.execute(
                select(submissions).where(self._of(workshop_id), submissions.c.participant_id == participant_id)
            ).first()
        return self._submission(row) if row else None

    def submissions(self, workshop_id: int) -> list[Submission]:
        """Every stored answer of a workshop, oldest first (none once it expired)."""
        self._purge_if_due()
        with self._read() as conn:
            rows = conn.execute(
                select(submissions).where(self._of(workshop_id)).order_by(submissions.c.created_at, submissions.c.id)
            ).all()
        return [self._submission(r) for r in rows]

    def count(self, workshop_id: int) -> int:
        """How many participants have answered (0 once the workshop expired)."""
        self._purge_if_due()
        with self._read() as conn:
            return int(
                conn.execute(select(func.count()).select_from(submissions).where(self._of(workshop_id))).scalar() or 0
            )
