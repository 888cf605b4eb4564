"""Short, memorable names for the groups of a workshop that do not name themselves.

Content: ``content/workshop/names.yaml`` (``group_names``). A group's name comes from its participant
id: the id is hashed to a place in the list, and the group takes the first name from there that no
earlier group of the workshop holds (the list wraps around). Groups are taken in the store's order
(first sent first), so a group keeps its name however many groups come after it, and every screen that
shows the same workshop shows the same names. Once every name is taken the list comes round again with
a number (``Grupp Björk 2``), so names stay unique in a workshop of any size.

A name a group typed itself always wins (:func:`shown_name`); the memorable name is kept for it all the
same, so a group that later clears its name gets the same memorable one back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from pydantic import Field, field_validator

from guidance.content.loader import CONTENT_DIR, ContentError, read_sections, validate_one
from guidance.core.models import LANGS, Frozen, Lang, Sourced, Text

NAMES_FILE = "workshop/names.yaml"
#: Bytes of the id's SHA-256 digest that pick its starting place in the list.
HASH_BYTES = 8


class GroupNames(Sourced):
    """The list of names and how a name is shown.

    Attributes:
        pattern: how a group with a name from the list is shown (``{name}``).
        pattern_again: the same once the list has come round (``{name}``, ``{n}``: the round, from 2).
        names: the names, each in both languages; no name appears twice in either language.
    """

    pattern: Text
    pattern_again: Text
    names: tuple[Text, ...] = Field(min_length=1)

    @field_validator("names")
    @classmethod
    def _unique(cls, names: tuple[Text, ...]) -> tuple[Text, ...]:
        for lang in LANGS:
            seen: set[str] = set()
            for name in names:
                word = name(lang).casefold()
                if word in seen:
                    raise ValueError(f"the name '{name(lang)}' appears twice ({lang})")
                seen.add(word)
        return names


class NameSlot(Frozen):
    """Where a group's memorable name is: its place in the list and the round (1 the first time round)."""

    index: int = Field(ge=0)
    round: int = Field(ge=1)


def start_index(group_id: str, size: int) -> int:
    """The place in a list of ``size`` names that ``group_id`` tries first (the same on every server)."""
    digest = hashlib.sha256(group_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:HASH_BYTES], "big") % size


def name_slots(group_ids: Iterable[str], size: int) -> dict[str, NameSlot]:
    """Each group's place in a list of ``size`` names; unique, and each depends only on the groups before it.

    Args:
        group_ids: the workshop's participant ids in the store's order (a repeated id keeps its first place).
        size: how many names the list has (at least 1).
    """
    if size < 1:
        raise ValueError("the list of names is empty")
    slots: dict[str, NameSlot] = {}
    taken: dict[int, set[int]] = {}
    for group_id in group_ids:
        if group_id in slots:
            continue
        round_ = 1
        while len(taken.setdefault(round_, set())) >= size:
            round_ += 1
        used = taken[round_]
        start = start_index(group_id, size)
        index = next((start + step) % size for step in range(size) if (start + step) % size not in used)
        used.add(index)
        slots[group_id] = NameSlot(index=index, round=round_)
    return slots


def memorable_name(slot: NameSlot, names: GroupNames, lang: Lang) -> str:
    """The name at ``slot`` as the views show it (``Grupp Björk``, ``Group Birch 2``)."""
    word = names.names[slot.index % len(names.names)](lang)
    if slot.round == 1:
        return names.pattern(lang).format(name=word)
    return names.pattern_again(lang).format(name=word, n=slot.round)


def shown_name(label: str, slot: NameSlot, names: GroupNames, lang: Lang) -> str:
    """The name a group typed, else its memorable name."""
    return label.strip() or memorable_name(slot, names, lang)


def build_group_names(root: Path = CONTENT_DIR) -> GroupNames:
    """Read and validate ``content/workshop/names.yaml``; the first problem becomes a :class:`ContentError`."""
    file = f"content/{NAMES_FILE}"
    raw = read_sections(root / NAMES_FILE, ("group_names",), root)
    names = validate_one(file, "group_names", raw["group_names"], GroupNames)
    for lang in LANGS:
        for pattern in (names.pattern, names.pattern_again):
            try:
                pattern(lang).format(name="x", n=2)
            except (KeyError, IndexError, ValueError) as exc:
                raise ContentError(file, "group_names", "pattern", f"unknown placeholder {exc} ({lang})") from exc
    return names
