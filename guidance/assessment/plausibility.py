"""Plausibility of the contract facts: warnings with the likely fix, never a block.

Thresholds and texts live in ``content/assessment/plausibility.yaml``. :func:`check_contract` works
on plain numbers, so the assessment page, the command line and every row of a screened plan use the
same checks; :func:`check_answers` applies them to questionnaire answers.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field

from guidance.assessment.answers import Answers
from guidance.content.loader import CONTENT_DIR, ContentError, cached_loader, content_dir, read_sections, validate_one
from guidance.core.formatting import fmt_sek
from guidance.core.models import LANGS, Evidence, Frozen, Text

PLAUSIBILITY_FILE = "assessment/plausibility.yaml"
TEXT_IDS = ("value_scale", "value_per_fte", "use_suggestion")
MONTHS_PER_YEAR = 12

__all__ = ["PlausibilityContent", "Warning", "check_answers", "check_contract", "load_plausibility"]


class PlausibilityContent(Frozen):
    """Thresholds and texts of the plausibility checks."""

    min_value_sek: float = Field(gt=0)
    factors: tuple[float, ...] = Field(min_length=1)
    min_labour_cost_per_fte_year: float = Field(gt=0)
    source: str
    evidence: Evidence
    texts: dict[str, Text]


class Warning(Frozen):
    """One plausibility warning: which check, at which question, the text and the suggested value."""

    id: str
    question: str
    text: Text
    suggestion: float | None = None
    suggestion_label: Text | None = None


def build_plausibility(root: Path = CONTENT_DIR) -> PlausibilityContent:
    """Read and validate the plausibility content under ``root``."""
    file = f"content/{PLAUSIBILITY_FILE}"
    raw = read_sections(
        root / PLAUSIBILITY_FILE,
        ("min_value_sek", "factors", "min_labour_cost_per_fte_year", "source", "evidence", "texts"),
        root,
    )
    content = validate_one(file, "plausibility", raw, PlausibilityContent)
    for text_id in TEXT_IDS:
        if text_id not in content.texts:
            raise ContentError(file, text_id, "texts", "required text is missing")
    return content


@cached_loader
def load_plausibility() -> PlausibilityContent:
    """The validated plausibility content, parsed once."""
    return build_plausibility(content_dir())


def _fill(template: Text, **values: float) -> Text:
    return Text(**{lang: template(lang).format(**{k: fmt_sek(v, lang) for k, v in values.items()}) for lang in LANGS})


def check_contract(
    value_sek: float | None,
    duration_months: float | None = None,
    fte: float | None = None,
    labour_share_pct: float | None = None,
) -> tuple[Warning, ...]:
    """The warnings for one contract's facts (any of them may be unknown).

    Args:
        value_sek: contract value for the whole term, SEK.
        duration_months: the term in months.
        fte: full-time equivalents performing the contract.
        labour_share_pct: labour cost as a share of the contract's costs, 0-100.
    """
    c = load_plausibility()
    warnings: list[Warning] = []
    if value_sek is None or not math.isfinite(value_sek) or value_sek <= 0:
        return ()
    if value_sek < c.min_value_sek:
        factor = next((f for f in sorted(c.factors) if value_sek * f >= c.min_value_sek), max(c.factors))
        suggestion = value_sek * factor
        warnings.append(
            Warning(
                id="value_scale",
                question="value_sek",
                text=_fill(c.texts["value_scale"], value=value_sek, suggestion=suggestion),
                suggestion=suggestion,
                suggestion_label=_fill(c.texts["use_suggestion"], suggestion=suggestion),
            )
        )
    elif duration_months and fte and (fte_years := fte * duration_months / MONTHS_PER_YEAR) > 0:
        share = labour_share_pct / 100 if labour_share_pct else 1.0
        per_year = value_sek * share / fte_years
        if math.isfinite(per_year) and per_year < c.min_labour_cost_per_fte_year:
            warnings.append(
                Warning(
                    id="value_per_fte", question="value_sek", text=_fill(c.texts["value_per_fte"], per_year=per_year)
                )
            )
    return tuple(warnings)


def check_answers(answers: Answers) -> tuple[Warning, ...]:
    """:func:`check_contract` on the contract facts in ``answers``."""
    share = answers.value("labour_share")
    return check_contract(
        answers.value_sek,
        answers.duration_months,
        answers.fte,
        float(share) if isinstance(share, (int, float)) else None,
    )
