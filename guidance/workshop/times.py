"""Workshop times as people in the room read them: in the content's time zone, written per language.

The store keeps naive UTC (:mod:`guidance.stores.workshop`). The views show times in the zone of the
workshop settings (``time_zone``, Europe/Stockholm: CET in winter, CEST in summer, through
:mod:`zoneinfo`), with the zone's name from the content ("svensk tid" / "Swedish time"). Every word
and pattern (month names, "kl.") is a UI string in ``content/ui/workshop.yaml``.

If the time-zone database is not available (a container without ``tzdata``), times are shown in UTC
and say so, rather than failing or silently showing UTC as local time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from guidance.core.i18n import t
from guidance.core.models import Frozen, Lang
from guidance.workshop.cases import load_library

#: Clock patterns (digits only, the same in both languages): hours and minutes, and with seconds.
CLOCK, CLOCK_SECONDS = "%H:%M", "%H:%M:%S"


class LocalTime(Frozen):
    """A stored time in the zone it is shown in.

    Attributes:
        time: the time, aware of its zone.
        local: True in the content's zone; False when that zone was unavailable and UTC is used.
    """

    time: dt.datetime
    local: bool


def zone(name: str | None = None) -> ZoneInfo | None:
    """The content's time zone (or ``name``); None if the time-zone database does not know it."""
    try:
        return ZoneInfo(name or load_library().settings.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_local(utc_naive: dt.datetime, name: str | None = None) -> LocalTime:
    """A stored (naive UTC) time in the content's zone, or in UTC when that zone is unavailable."""
    aware = utc_naive.replace(tzinfo=dt.UTC) if utc_naive.tzinfo is None else utc_naive
    tz = zone(name)
    if tz is None:
        return LocalTime(time=aware.astimezone(dt.UTC), local=False)
    return LocalTime(time=aware.astimezone(tz), local=True)


def zone_label(when: LocalTime, lang: Lang) -> str:
    """The name of the zone a time is shown in ("svensk tid", or "UTC")."""
    return load_library().settings.time_zone_label(lang) if when.local else t("ws.time.utc", lang)


def zone_name(lang: Lang) -> str:
    """The name of the zone times are shown in right now ("svensk tid", or "UTC" if the zone is unavailable)."""
    return load_library().settings.time_zone_label(lang) if zone() is not None else t("ws.time.utc", lang)


def fmt_clock(utc_naive: dt.datetime, seconds: bool = True) -> str:
    """The clock time (``10:30:15``) in the zone :func:`zone_name` names."""
    return to_local(utc_naive).time.strftime(CLOCK_SECONDS if seconds else CLOCK)


def fmt_date(day: dt.date, lang: Lang) -> str:
    """A date written out (``1 mars 2026`` / ``1 March 2026``)."""
    return t("ws.time.date", lang, day=day.day, month=t(f"ws.time.month.{day.month}", lang), year=day.year)


def fmt_datetime(utc_naive: dt.datetime, lang: Lang) -> str:
    """Date and time with the zone (``1 mars 2026 kl. 10:30 (svensk tid)``)."""
    when = to_local(utc_naive)
    return t(
        "ws.time.datetime",
        lang,
        date=fmt_date(when.time.date(), lang),
        time=when.time.strftime(CLOCK),
        zone=zone_label(when, lang),
    )
