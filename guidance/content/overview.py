"""Derived views of the model: who is involved in which phase, and the step x role matrix as a table."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from guidance.content.model import Duty, Model, Step
from guidance.core.models import Lang


def involvement(model: Model) -> pd.DataFrame:
    """One row per (phase, role): how many steps the role is responsible for or involved in.

    Sub-roles of the contracting organisation count for their parent role.
    """
    parent = {s.id: s.parent for s in model.subroles}
    rows = []
    for phase in model.phases:
        steps = [s for s in model.steps if s.phase == phase.id]
        for role in model.roles:
            responsible = involved = 0
            for step in steps:
                duties = {c.duty for a, c in step.responsibilities.items() if parent.get(a, a) == role.id}
                if Duty.RESPONSIBLE in duties:
                    responsible += 1
                elif duties:
                    involved += 1
            rows.append(
                {
                    "phase": phase.id,
                    "phase_order": phase.order,
                    "group": phase.group,
                    "role": role.id,
                    "role_order": role.order,
                    "responsible": responsible,
                    "involved": involved,
                    "steps": len(steps),
                }
            )
    return pd.DataFrame(rows)


def matrix(
    model: Model,
    lang: Lang,
    short: dict[str, str],
    roles: Iterable[str] | None = None,
    phases: Iterable[str] | None = None,
    only_with_duty: bool = False,
) -> pd.DataFrame:
    """The step x actor responsibility matrix with translated codes.

    Args:
        model: the validated model.
        lang: display language.
        short: duty code -> short display letter (from the UI catalog).
        roles: role ids to include (columns of their sub-roles); all when ``None``.
        phases: phase ids to include; all when ``None``.
        only_with_duty: drop steps where none of the chosen actors has a duty.
    """
    role_ids = list(roles) if roles is not None else [r.id for r in model.roles]
    actors = [a for r in model.roles if r.id in role_ids for a in model.actors_of_role(r.id)]
    phase_ids = set(phases) if phases is not None else {p.id for p in model.phases}
    rows = []
    for step in model.steps:
        if step.phase not in phase_ids:
            continue
        if only_with_duty and not set(actors) & set(step.responsibilities):
            continue
        row = {"id": step.id, "phase": model.phase(step.phase).name(lang), "step": step.title(lang)}
        for actor in actors:
            row[model.actor_name(actor, lang)] = cell_text(step, actor, short)
        rows.append(row)
    return pd.DataFrame(rows)


def cell_text(step: Step, actor: str, short: dict[str, str]) -> str:
    """The short code for ``actor`` in ``step``: empty, a letter, and ``*`` for the guide's own allocation."""
    cell = step.responsibilities.get(actor)
    if cell is None:
        return ""
    mark = "" if cell.evidence.value == "uhm" else "*"
    return short[cell.duty.value] + mark
