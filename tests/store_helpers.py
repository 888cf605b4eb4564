"""What the store tests share: a settable clock and Alembic's version table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, MetaData, String, Table

#: Alembic's version table (one row per store branch the database carries).
ALEMBIC = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


class Clock:
    """A settable clock (naive UTC) for a store's ``clock``."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now
