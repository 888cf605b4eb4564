"""The check before screening: what the reader detected, in words the page and the command line show.

:func:`plan_preview` sums up how a file was read -- the sheet, the header row and what was above
it, each column with the plan column it is read as, its unit and sample values, the units that
look wrong, and the category words that are not recognised -- so the user can correct it before
trusting the result. :func:`row_counts` accounts for every row of the file: screened, to fix, not a
procurement (totals, headings, notes) or not read (over the limit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import pandas as pd
from pydantic import Field

from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import Frozen, Lang
from guidance.screening.categories import UnknownCategory
from guidance.screening.checking import CheckedPlan
from guidance.screening.content import ColumnId, ScreeningContent, load_plan_content
from guidance.screening.raw import RawTable, is_blank, show
from guidance.screening.units import ColumnUnit, UnitSource, UnitWarning

#: Characters of a sample value shown.
SAMPLE_CHARS = 40


class ColumnPreview(Frozen):
    """One column of the file: its heading, what it is read as, its unit and a few values."""

    header: str
    column: ColumnId | None = None
    unit: str | None = None
    unit_source: UnitSource | None = None
    hidden: bool = False
    samples: tuple[str, ...] = ()


class PlanPreview(Frozen):
    """How a file was read (see the module docstring)."""

    kind: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int
    header_found: bool
    above: tuple[str, ...] = ()
    columns: tuple[ColumnPreview, ...]
    unit_warnings: tuple[UnitWarning, ...] = ()
    unknown_categories: tuple[UnknownCategory, ...] = ()
    category_sources: dict[str, int] = Field(default_factory=dict)


class RowCounts(Frozen):
    """What became of every row below the header.

    ``read`` rows were read: each is screened, to fix or not a procurement, unless the user removed
    it on the page (``removed``); ``added`` rows were added there. ``not_read`` rows were over the
    row limit.
    """

    read: int
    screened: int
    to_fix: int
    not_procurements: int
    not_read: int
    removed: int = 0
    added: int = 0

    @property
    def total(self) -> int:
        """The rows of the file below the header (blank rows not counted)."""
        return self.read + self.not_read


def plan_preview(
    raw: RawTable,
    mapping: Mapping[str, str],
    units: Mapping[str, ColumnUnit],
    unit_warnings: tuple[UnitWarning, ...],
    unknown: tuple[UnknownCategory, ...],
    category_sources: Mapping[str, int],
    content: ScreeningContent | None = None,
) -> PlanPreview:
    """The preview of a read plan: the raw table, the column mapping and what parsing found."""
    content = content or load_plan_content()
    by_header = {h: c for c, h in mapping.items()}
    count = content.limits.sample_values
    columns = []
    for header in raw.headers:
        column = by_header.get(header)
        unit = units.get(column) if column else None
        values = [show(v, SAMPLE_CHARS) for v in raw.cells[header].head(200) if not is_blank(v)][:count]
        columns.append(
            ColumnPreview(
                header=header,
                column=cast(ColumnId | None, column),
                unit=unit.unit if unit else None,
                unit_source=unit.source if unit else None,
                hidden=header in raw.hidden,
                samples=tuple(values),
            )
        )
    return PlanPreview(
        kind=raw.kind,
        sheet=raw.sheet,
        sheets=raw.sheets,
        header_row=raw.header_row,
        header_found=raw.header_found,
        above=(*(f"# {c}" for c in raw.comments), *raw.preamble),
        columns=tuple(columns),
        unit_warnings=unit_warnings,
        unknown_categories=unknown,
        category_sources=dict(category_sources),
    )


def table_preview(raw: RawTable, content: ScreeningContent | None = None) -> PlanPreview:
    """The preview of a table before its columns are mapped: sheet, header row, what is above it."""
    return plan_preview(raw, {}, {}, (), (), {}, content)


def row_counts(raw: RawTable, checked: CheckedPlan) -> RowCounts:
    """Where every row of the file went (see :class:`RowCounts`)."""
    problems = checked.problems
    skipped = set(pd.to_numeric(problems.loc[problems["severity"] == "skipped", "row"]).dropna().astype(int))
    from_file = set(int(r) for r in raw.cells.index)
    in_plan = set(int(r) for r in checked.plan.index) | set(checked.bad_rows)
    return RowCounts(
        read=len(from_file | skipped),
        screened=len(checked.plan),
        to_fix=len(checked.bad_rows),
        not_procurements=len(skipped),
        not_read=raw.not_read,
        removed=len(from_file - skipped - in_plan),
        added=len(in_plan - from_file),
    )


# --------------------------------------------------------------------------- texts
def _n(value: float, lang: Lang) -> str:
    return fmt_num(value, lang)


def unit_label(column: str, unit: str | None, lang: Lang, content: ScreeningContent) -> str:
    """The label of a column's unit (e.g. "tusen kronor (tkr)")."""
    if unit is None:
        return ""
    try:
        return content.column(column).unit(unit).label(lang)
    except KeyError:
        return unit


def unit_text(preview: ColumnPreview, lang: Lang, content: ScreeningContent) -> str:
    """A column's unit and where it came from, e.g. "tusen kronor (tkr), enligt rubriken"."""
    if preview.column is None or preview.unit is None or preview.unit_source is None:
        return ""
    label = unit_label(preview.column, preview.unit, lang, content)
    return t(f"plan.unit_source.{preview.unit_source}", lang, unit=label)


def header_text(preview: PlanPreview, lang: Lang, chosen: bool = False) -> str:
    """Where the header row is and how it was found."""
    sheet = t("plan.check.sheet_part", lang, sheet=show(preview.sheet, 60)) if preview.sheet is not None else ""
    key = "plan.check.header_chosen" if chosen else "plan.check.header_found"
    if not chosen and not preview.header_found:
        key = "plan.check.header_guess"
    return t(key, lang, row=preview.header_row, sheet=sheet)


def warning_text(warning: UnitWarning, lang: Lang, content: ScreeningContent) -> str:
    """A unit warning as a sentence, with the proposed unit."""
    column = content.column(warning.column)
    label = column.label(lang)
    if warning.kind == "per_year":
        return t("plan.check.per_year", lang, column=label)
    values = {
        "column": label,
        "unit": unit_label(warning.column, warning.unit, lang, content),
        "median": _n(warning.median or 0, lang),
    }
    if warning.proposed is None:
        return t("plan.check.unit_implausible_none", lang, **values)
    return t(
        "plan.check.unit_implausible",
        lang,
        proposed=unit_label(warning.column, warning.proposed, lang, content),
        proposed_median=_n(warning.proposed_median or 0, lang),
        **values,
    )


def fallback_text(unknown: UnknownCategory, lang: Lang, content: ScreeningContent) -> str:
    """What the rows of an unknown category word get now, e.g. "Övriga byggentreprenader, från kontraktstypen"."""
    if unknown.fallback is None:
        return t("plan.check.no_fallback", lang)
    label = content.category(unknown.fallback).label(lang)
    return t("plan.check.fallback", lang, category=label, via=t(f"plan.via.{unknown.via}", lang))


def counts_text(counts: RowCounts, lang: Lang) -> str:
    """Where every row went, as one sentence (with the page's edits when there were any)."""
    text = t(
        "plan.counts",
        lang,
        total=_n(counts.total, lang),
        screened=_n(counts.screened, lang),
        to_fix=_n(counts.to_fix, lang),
        skipped=_n(counts.not_procurements, lang),
        not_read=_n(counts.not_read, lang),
    )
    if counts.removed or counts.added:
        text += " " + t("plan.counts_edited", lang, removed=_n(counts.removed, lang), added=_n(counts.added, lang))
    return text


def column_table(preview: PlanPreview, lang: Lang, content: ScreeningContent | None = None) -> pd.DataFrame:
    """The file's columns: heading, what it is read as, unit, whether hidden, sample values."""
    content = content or load_plan_content()
    unused = t("plan.check.not_used", lang)
    return pd.DataFrame(
        {
            t("plan.check.col.header", lang): [c.header for c in preview.columns],
            t("plan.check.col.read_as", lang): [
                content.column(c.column).label(lang) if c.column else unused for c in preview.columns
            ],
            t("plan.check.col.unit", lang): [unit_text(c, lang, content) for c in preview.columns],
            t("plan.check.col.hidden", lang): [t("plan.yes", lang) if c.hidden else "" for c in preview.columns],
            t("plan.check.col.samples", lang): [" | ".join(c.samples) for c in preview.columns],
        }
    )


def reading_lines(
    preview: PlanPreview, counts: RowCounts | None, lang: Lang, content: ScreeningContent | None = None
) -> list[str]:
    """How the file was read, line by line: for the command line and the workbook."""
    content = content or load_plan_content()
    lines = [header_text(preview, lang)]
    if preview.above:
        lines.append(t("plan.check.above", lang, lines=" / ".join(show(a, 80) for a in preview.above)))
    for col in preview.columns:
        unit = unit_text(col, lang, content)
        read_as = content.column(col.column).label(lang) if col.column else t("plan.check.not_used", lang)
        hidden = f" {t('plan.check.hidden_mark', lang)}" if col.hidden else ""
        lines.append(f"  “{col.header}”{hidden} → {read_as}" + (f", {unit}" if unit else ""))
    for source, rows in sorted(preview.category_sources.items()):
        lines.append(t("plan.check.sources", lang, via=t(f"plan.via.{source}", lang), rows=_n(rows, lang)))
    lines += [warning_text(w, lang, content) for w in preview.unit_warnings]
    limit = content.limits.max_category_map
    for u in preview.unknown_categories[:limit]:
        lines.append(
            t("plan.check.unknown_line", lang, word=u.word, rows=_n(u.rows, lang), now=fallback_text(u, lang, content))
        )
    if len(preview.unknown_categories) > limit:
        lines.append(t("plan.check.unknown_more", lang, words=_n(len(preview.unknown_categories) - limit, lang)))
    if counts is not None:
        lines.append(counts_text(counts, lang))
    return lines


__all__ = [
    "ColumnPreview",
    "PlanPreview",
    "RowCounts",
    "column_table",
    "counts_text",
    "fallback_text",
    "header_text",
    "plan_preview",
    "reading_lines",
    "row_counts",
    "table_preview",
    "unit_label",
    "unit_text",
    "warning_text",
]
