"""Base models every part of the domain builds on: languages, texts, sources and evidence markers.

Every text the app shows is a :class:`Text` with Swedish and English; every content item
carries a ``source`` (an id in the sources list) and an ``evidence`` marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


class Frozen(BaseModel):
    """Base for all content models: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A text in both languages; neither may be empty."""

    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: Lang) -> str:
        """Return the text in ``lang``."""
        return self.sv if lang == "sv" else self.en


class Evidence(str, Enum):
    """How well an item is grounded: stated by UHM, by another body, or this guide's own reading."""

    UHM = "uhm"
    OTHER = "other"
    GUIDE = "guide"


class Sourced(Frozen):
    """An item that names its source and evidence marker."""

    source: str = Field(min_length=1)
    evidence: Evidence


class Source(Frozen):
    """One public source with its address and the date it was last checked."""

    id: str = Field(min_length=1)
    title: Text
    #: Who publishes it: a proper name written as a plain string in the content (the same in both
    #: languages), or ``{sv: ..., en: ...}`` where the name is translated.
    publisher: Text
    url: str = Field(pattern=r"^https?://")
    verified: dt.date

    @field_validator("publisher", mode="before")
    @classmethod
    def _one_name(cls, value: Any) -> Any:
        """A plain string names the publisher in both languages."""
        return {"sv": value, "en": value} if isinstance(value, str) else value


class HasId(Protocol):
    """Anything with an ``id``: content items, options, rules."""

    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=HasId)


class UnknownId(KeyError):
    """An id that names no item of the list it was looked up in."""


def by_id(items: Iterable[Item], item_id: str, what: str = "item") -> Item:
    """The item of ``items`` whose ``id`` is ``item_id``.

    Raises:
        UnknownId: (a ``KeyError``) naming what was looked for and the id.
    """
    for item in items:
        if item.id == item_id:
            return item
    raise UnknownId(f"unknown {what} id '{item_id}'")
