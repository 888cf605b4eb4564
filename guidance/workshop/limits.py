"""How a running workshop protects itself: rate limits and the purge interval, from the content.

Content: ``content/workshop/limits.yaml`` (``protection``). The store enforces the limits
(:class:`guidance.stores.workshop.RateLimits`) and purges on the interval; this module reads and
validates them, and names the UI message of each limit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_one,
)
from guidance.content.model import Model
from guidance.core.models import Sourced
from guidance.stores.workshop import LimitKind, RateLimits

LIMITS_FILE = "workshop/limits.yaml"
#: The UI string (``content/ui/workshop.yaml``) saying which limit refused a join or a send.
LIMIT_MESSAGES: dict[LimitKind, str] = {
    "joins": "ws.limit.joins",
    "groups": "ws.limit.groups",
    "sends": "ws.limit.sends",
    "group_sends": "ws.limit.group_sends",
}


class Protection(Sourced):
    """The workshop's rate limits and how often expired workshops are deleted.

    Attributes:
        rate_limits: joins and sends one workshop accepts per window.
        purge_every_seconds: expired workshops are deleted at least this often while the server runs.
    """

    rate_limits: RateLimits
    purge_every_seconds: int = Field(gt=0)

    @property
    def purge_every(self) -> dt.timedelta:
        """The purge interval as a time span."""
        return dt.timedelta(seconds=self.purge_every_seconds)


def build_protection(root: Path = CONTENT_DIR, model: Model | None = None) -> Protection:
    """Read and validate ``content/workshop/limits.yaml``; the first problem becomes a :class:`ContentError`."""
    model = model or load_model()
    file = f"content/{LIMITS_FILE}"
    raw = read_sections(root / LIMITS_FILE, ("protection",), root)
    protection = validate_one(file, "protection", raw["protection"], Protection)
    if protection.source not in {s.id for s in model.sources}:
        raise ContentError(file, "protection", "source", f"unknown source id '{protection.source}'")
    return protection


@cached_loader
def load_protection() -> Protection:
    """The validated workshop protection settings, parsed once per process."""
    return build_protection(content_dir(), load_model())
