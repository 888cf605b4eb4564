"""The national model as held in ``content/``: roles, phases, steps, responsibilities, glossary.

Frozen pydantic models; :func:`guidance.content.loader.load_model` reads and validates them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from guidance.core.models import Evidence, Frozen, Lang, Source, Sourced, Text, by_id


class Role(Sourced):
    """One of the model's four roles."""

    id: str
    order: int
    name: Text
    short: Text
    who: Text
    gains: Text
    icon: str = ":material/person:"


class SubRole(Sourced):
    """An internal role of the contracting organisation (orderer, buyer, contract manager)."""

    id: str
    parent: str
    name: Text
    who: Text


class PhaseGroup(Frozen):
    """Prepare / procure / realise (and strategy before them)."""

    id: str
    order: int
    name: Text


class Phase(Sourced):
    """Phase 0 (strategy) or one of the six steps plan, map, analyse, procure, implement, manage."""

    id: str
    order: int
    group: str
    name: Text
    summary: Text


class Duty(str, Enum):
    """Responsibility codes of the step x role matrix."""

    RESPONSIBLE = "R"
    PARTICIPATES = "P"
    SUPPORTS = "S"
    INFORMED = "I"


class Cell(Frozen):
    """One cell of the responsibility matrix.

    ``evidence`` is ``uhm`` where UHM names the role, ``guide`` where this guide allocated it.
    """

    duty: Duty
    evidence: Evidence = Evidence.GUIDE
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        """Accept ``"R"`` (guide allocation) or ``"R!"`` (stated by UHM) as shorthand."""
        if isinstance(value, str):
            code = value.strip()
            evidence = Evidence.UHM if code.endswith("!") else Evidence.GUIDE
            return {"duty": code.rstrip("!"), "evidence": evidence}
        return value


class Step(Sourced):
    """A step of the process with what to do and who does it."""

    id: str
    phase: str
    order: int
    title: Text
    description: Text
    responsibilities: dict[str, Cell] = Field(min_length=1)


class Handoff(Sourced):
    """Something one role hands to another in a phase."""

    id: str
    phase: str
    giver: str
    receiver: str
    what: Text


class RoleChecklistItem(Sourced):
    """A checklist item of one role."""

    id: str
    role: str
    phase: str
    text: Text


class Instrument(Sourced):
    """A way to use procurement for employment (dialogue, numerical requirement, bonus, reserved)."""

    id: str
    name: Text
    level: Literal["basic", "advanced", "spearhead", "other"]
    criterion_id: str | None = None
    commitment: Text
    placement: Text


class TopicNote(Sourced):
    """A short sourced explanation (target groups, labour-law conditions, legal principles)."""

    id: str
    topic: Literal["target_group", "labour_law", "legal", "principle"]
    title: Text
    body: Text


class LegalRef(Sourced):
    """A law and section the model rests on."""

    id: str
    law: str
    section: str
    topic: Text


class GateQuestion(Sourced):
    """One of the four go/no-go questions (plus follow-up resources)."""

    id: str
    text: Text
    help: Text


class ChecklistItem(Sourced):
    """An item of the decision-makers' checklist (reconstructed by this guide)."""

    id: str
    text: Text
    basis: Text


class GlossaryTerm(Frozen):
    """A glossary entry: Swedish term, English term, explanation and source."""

    id: str
    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)
    explanation: Text
    source: str


class Model(Frozen):
    """The whole validated model."""

    sources: tuple[Source, ...]
    roles: tuple[Role, ...]
    subroles: tuple[SubRole, ...]
    phase_groups: tuple[PhaseGroup, ...]
    phases: tuple[Phase, ...]
    steps: tuple[Step, ...]
    handoffs: tuple[Handoff, ...]
    role_checklists: tuple[RoleChecklistItem, ...]
    instruments: tuple[Instrument, ...]
    notes: tuple[TopicNote, ...]
    legal: tuple[LegalRef, ...]
    gates: tuple[GateQuestion, ...]
    gate_rule: Text
    checklist: tuple[ChecklistItem, ...]
    glossary: tuple[GlossaryTerm, ...]
    ui: dict[str, Text]

    @field_validator("roles", "phases", "steps")
    @classmethod
    def _sorted(cls, items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(sorted(items, key=lambda item: item.order))

    # -- lookups -----------------------------------------------------------------
    def source(self, source_id: str) -> Source:
        """Return the source with ``source_id``."""
        return by_id(self.sources, source_id, "source")

    def role(self, role_id: str) -> Role:
        """Return the role with ``role_id``."""
        return by_id(self.roles, role_id, "role")

    def phase(self, phase_id: str) -> Phase:
        """Return the phase with ``phase_id``."""
        return by_id(self.phases, phase_id, "phase")

    def step(self, step_id: str) -> Step:
        """Return the step with ``step_id``."""
        return by_id(self.steps, step_id, "step")

    def actors(self) -> list[str]:
        """Matrix columns: each role, with the contracting organisation split into its sub-roles."""
        out: list[str] = []
        for role in self.roles:
            subs = [s.id for s in self.subroles if s.parent == role.id]
            out.extend(subs or [role.id])
        return out

    def actor_name(self, actor_id: str, lang: Lang) -> str:
        """Display name of a role or sub-role."""
        for sub in self.subroles:
            if sub.id == actor_id:
                return sub.name(lang)
        return self.role(actor_id).name(lang)

    def actors_of_role(self, role_id: str) -> list[str]:
        """The matrix columns that belong to ``role_id`` (its sub-roles, or itself)."""
        subs = [s.id for s in self.subroles if s.parent == role_id]
        return subs or [role_id]

    def steps_for_role(self, role_id: str) -> list[Step]:
        """Steps in which the role (or one of its sub-roles) has any duty, in process order."""
        actors = set(self.actors_of_role(role_id))
        return [s for s in self.steps if actors & set(s.responsibilities)]
