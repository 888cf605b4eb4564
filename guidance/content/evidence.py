"""Evidence for decision-makers: sourced figures with their year (``content/evidence.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_items,
)
from guidance.core.models import Sourced, Text

EVIDENCE_FILE = "evidence.yaml"
EvidencePage = Literal["start", "role_bl"]

__all__ = ["EvidenceItem", "build_evidence", "evidence_for", "load_evidence"]


class EvidenceItem(Sourced):
    """One figure: what it is (``figure`` then ``text``), the year it describes and its source."""

    id: str = Field(min_length=1)
    pages: tuple[EvidencePage, ...] = Field(min_length=1)
    figure: Text
    text: Text
    year: int = Field(ge=1990, le=2100)


def build_evidence(root: Path = CONTENT_DIR) -> tuple[EvidenceItem, ...]:
    """Read and validate the evidence items; every source must be a known source id."""
    file = f"content/{EVIDENCE_FILE}"
    raw = read_sections(root / EVIDENCE_FILE, ("items",), root)
    items = validate_items(file, "items", raw["items"], EvidenceItem)
    known = {s.id for s in load_model().sources}
    for item in items:
        if item.source not in known:
            raise ContentError(file, item.id, "source", f"unknown source id '{item.source}'")
    return items


@cached_loader
def load_evidence() -> tuple[EvidenceItem, ...]:
    """The validated evidence items, parsed once."""
    return build_evidence(content_dir())


def evidence_for(page: EvidencePage) -> tuple[EvidenceItem, ...]:
    """The items shown on ``page``, in content order."""
    return tuple(item for item in load_evidence() if page in item.pages)
