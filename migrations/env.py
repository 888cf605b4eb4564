"""Alembic's environment for both stores: one revision history per store, as two branches.

* ``workshop`` (revisions ``workshop_NNNN``): the workshop store's tables;
* ``followup`` (revisions ``followup_NNNN``): the follow-up store's ``fu_`` tables.

Both branches share the version table ``alembic_version``; a database holds one row per branch it
carries (a SQLite file only its own store's, a shared PostgreSQL database both).

The app runs this environment itself when a store opens (:func:`guidance.stores.migrate.upgrade`),
handing over its own connection inside a transaction that holds the migration lock. From the
command line (``alembic`` with ``alembic.ini`` at the project root) the database is
``-x url=SQLALCHEMY_URL``, else the default of ``-x store=workshop|followup`` (``workshop`` when not
given): ``$SYSSELSATTNING_DB_URL`` / ``$SYSSELSATTNING_FOLLOWUP_DB_URL`` or the SQLite files in ``data/``.
Upgrade one branch at a time (``upgrade workshop@head``): ``upgrade heads`` would put both stores'
tables into the one database named.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection


def _url() -> str:
    """The database of a command-line run (see the module docstring)."""
    given = context.get_x_argument(as_dictionary=True)
    if given.get("url"):
        return given["url"]
    if given.get("store", "workshop") == "followup":
        from guidance.stores.followup import database_url as followup_url

        return followup_url()
    from guidance.stores.workshop import database_url as workshop_url

    return workshop_url()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations the command asked for, online or (``--sql``) as a script."""
    handed: Connection | None = context.config.attributes.get("connection")
    if handed is not None:  # the app: its connection is already in a locked transaction
        _run(handed)
    elif context.is_offline_mode():
        context.configure(url=_url(), literal_binds=True, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()
    else:
        from guidance.stores import migrate
        from guidance.stores.workshop import make_engine

        engine = make_engine(_url())
        try:
            with engine.connect() as conn:
                conn.execution_options(write=True)
                with conn.begin():
                    migrate.lock(conn)
                    _run(conn)
        finally:
            engine.dispose()


run()
