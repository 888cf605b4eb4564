"""Shared test set-up: the project root on ``sys.path``, a project-root fixture, and the store databases
(SQLite and PostgreSQL) the store tests run on."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from streamlit import config as st_config

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The browser tests share the machine's cores with the server; a per-example deadline would make
# property tests flaky under that load without saying anything about the code.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (where ``app.py`` lives)."""
    return ROOT


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real ``content/`` directory, for tests that break it on purpose."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture(autouse=True, scope="session")
def full_error_details() -> Iterator[None]:
    """Show the real exception text in AppTest failures (the app itself hides it from users)."""
    before = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", "full")
    yield
    st_config.set_option("client.showErrorDetails", before)


# --------------------------------------------------------------------------- store databases: SQLite and PostgreSQL
#: A PostgreSQL URL (``postgresql+psycopg://...``) for the store tests; ./scripts/test.sh starts a throw-away
#: server with scripts/pg.sh and sets it. Without it the PostgreSQL cases skip, except in CI (``$CI`` set),
#: where a skipped PostgreSQL case fails the run.
PG_ENV = "SYSSELSATTNING_TEST_PG_URL"
#: The two dialects every store test runs on (``-m "not postgresql"`` leaves PostgreSQL out).
STORE_DIALECTS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql),
]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``postgresql`` marker (the store tests' PostgreSQL cases)."""
    config.addinivalue_line(
        "markers",
        f"postgresql: runs on the throw-away PostgreSQL of scripts/test.sh (${PG_ENV}); skips without it, "
        "but a skip fails the run when $CI is set",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """In CI a PostgreSQL case that skipped (no server, or any other reason) is a failure, never a silent pass."""
    report: pytest.TestReport = yield
    if report.skipped and os.environ.get("CI") and item.get_closest_marker("postgresql") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL case skipped in CI ({reason}); scripts/test.sh sets ${PG_ENV}"
    return report


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Any]:
    """An engine on the test PostgreSQL (autocommit), or a skip when ``$SYSSELSATTNING_TEST_PG_URL`` is not set."""
    from sqlalchemy import create_engine

    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(f"no PostgreSQL for the store tests: ${PG_ENV} is not set (./scripts/test.sh sets it)")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin: Any) -> Iterator[str]:
    """A URL to a new, empty PostgreSQL schema of its own (its ``search_path``), dropped after the test.

    Every connection through the URL carries the schema's name as ``application_name``; those left open
    by the test (engines not disposed) are ended before the schema is dropped.
    """
    from sqlalchemy import make_url, text

    name = f"t_{secrets.token_hex(6)}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = make_url(os.environ[PG_ENV]).update_query_dict({"options": f"-csearch_path={name}", "application_name": name})
    yield url.render_as_string(hide_password=False)
    with pg_admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :n"), {"n": name}
        )
        conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


@pytest.fixture(params=STORE_DIALECTS)
def store_dialect(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the store tests run once on each."""
    return str(request.param)


@pytest.fixture
def store_url(store_dialect: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty store database: a SQLite file in ``tmp_path``, or a PostgreSQL schema of its own (:func:`pg_url`)."""
    if store_dialect == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def table_text(engine: Any) -> str:
    """Every row of every table of ``engine``'s database as text (what a dump of it would show), any dialect."""
    from sqlalchemy import MetaData, select

    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return "\n".join(
            f"{table.name}: {tuple(row)}" for table in meta.sorted_tables for row in conn.execute(select(table))
        )


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Any]:
    """One Playwright driver for the whole run: two sync drivers cannot run in one thread at once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
