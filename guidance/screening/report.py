"""Reports of a screened plan: translated tables, the Excel workbook and the summary document.

The summary uses the decision-basis format of :mod:`guidance.documents.decision_basis` (the same neutral blocks,
rendered as Markdown or Word), so a screening and a single assessment read alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_content
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import load_parameters
from guidance.content.loader import load_model
from guidance.core.formatting import fmt_num, fmt_pct, fmt_sek
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.documents.decision_basis import (
    Block,
    Bullets,
    Heading,
    Para,
    Table,
    render_docx,
    render_markdown,
)
from guidance.documents.spreadsheet import to_csv, to_xlsx
from guidance.screening.content import ScreeningContent, load_plan_content
from guidance.screening.plausibility import warning_texts
from guidance.screening.preview import PlanPreview, RowCounts, counts_text, reading_lines
from guidance.screening.reading import problems_table
from guidance.screening.screen import (
    METRICS,
    PLAN_COLUMNS,
    Policy,
    best_candidates,
    breakdown,
    compare,
    explain_column,
    metric_values,
    totals,
)

#: Columns of the screened plan in exports, in order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "row",
    *PLAN_COLUMNS,
    "score",
    "verdict",
    "level",
    "flags",
    "rule_exempt",
    "rule_places",
    "rule_employment_months",
    "rule_internship_months",
    "feasible",
    "milestone_date",
    "in_policy",
    "outcome",
    "places",
    "employment_months",
    "internship_months",
    "society_value_sek",
    "why",
    "checks",
    "suggested_value_sek",
)
#: Columns of the table of rows to check (plausibility warnings), in order.
CHECK_TABLE_COLUMNS: tuple[str, ...] = (
    "row",
    "name",
    "category",
    "value_sek",
    "duration_months",
    "fte",
    "checks",
    "suggested_value_sek",
)
#: Excel number formats by column id.
NUMBER_FORMATS: dict[str, str] = {
    "value_sek": "#,##0",
    "suggested_value_sek": "#,##0",
    "society_value_sek": "#,##0",
    "fte": "0.0",
    "labour_share": "0",
}
MONEY_METRICS = frozenset({"society_value_sek", "value_with_requirement_sek"})


@dataclass(frozen=True)
class Scenario:
    """One screened scenario: its display name, policy and result."""

    name: str
    policy: Policy
    screened: pd.DataFrame


@dataclass(frozen=True)
class ReadingSummary:
    """How the plan file was read (:mod:`guidance.screening.preview`) and where every row went."""

    preview: PlanPreview
    counts: RowCounts


@dataclass(frozen=True)
class Report:
    """Everything a screening report covers (``reading``: how the file was read, when known)."""

    plan_label: str
    scenarios: tuple[Scenario, ...]
    problems: pd.DataFrame
    created: dt.date = field(default_factory=dt.date.today)
    reading: ReadingSummary | None = None


# --------------------------------------------------------------------------- labels
def _yes_no(value: Any, lang: Lang) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return t("plan.yes" if bool(value) else "plan.no", lang)


def category_label(category_id: str, lang: Lang, content: ScreeningContent | None = None) -> str:
    """The category's label (the id itself if unknown)."""
    content = content or load_plan_content()
    try:
        return content.category(category_id).label(lang)
    except KeyError:
        return str(category_id)


def type_label(kind: str, lang: Lang) -> str:
    """The contract type's label from the questionnaire."""
    opt = load_questionnaire().question("contract_type").option(str(kind))
    return opt.label(lang) if opt else str(kind)


def rule_name(policy: Policy, lang: Lang) -> str:
    """The name of the policy's sizing rule."""
    return load_sizing_content().rule(policy.rule).name(lang)


def export_frame(
    screened: pd.DataFrame,
    lang: Lang,
    content: ScreeningContent | None = None,
    columns: tuple[str, ...] = EXPORT_COLUMNS,
) -> pd.DataFrame:
    """The screened plan with translated headers and labels, for display and export.

    ``checks`` becomes the text of each plausibility warning (with the likely fix), empty for a
    plausible row; ``columns`` picks the columns (default: every export column).
    """
    content = content or load_plan_content()
    qn = load_questionnaire()
    cats = {c.id: c.label(lang) for c in content.categories}
    verdicts = {v.id: v.title(lang) for v in qn.verdicts}
    flags: dict[str, str] = {f.id: f.title(lang) for f in qn.flags}
    types: dict[str, str] = {o.id: o.label(lang) for o in qn.question("contract_type").options}
    frame = screened.reset_index().rename(columns={"index": "row"})
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column]
        if column == "category":
            values = values.map(lambda v: cats.get(v, v))
        elif column == "contract_type":
            values = values.map(lambda v: types.get(v, v))
        elif column == "verdict":
            values = values.map(lambda v: verdicts.get(v, v))
        elif column == "level":
            values = values.map(lambda v: t(f"level.{v}", lang) if isinstance(v, str) else "")
        elif column == "outcome":
            values = values.map(lambda v: t(f"plan.outcome.{v}", lang))
        elif column == "flags":
            values = values.map(lambda v: ", ".join(flags.get(f, f) for f in str(v).split(",") if f))
        elif column == "why":
            values = explain_column(values, lang)
        elif column == "checks":
            values = pd.Series(warning_texts(screened, lang).to_numpy(), index=frame.index)
        elif column in ("fte_estimated", "labour_share_assumed", "framework", "rule_exempt", "feasible", "in_policy"):
            values = values.map(lambda v: _yes_no(v, lang))
        elif column == "fte":
            values = values.round(1)
        elif column in ("society_value_sek", "suggested_value_sek"):
            values = values.round(0)
        elif column in ("start_date", "milestone_date"):
            values = pd.to_datetime(values).dt.date
        out[t(f"plan.out.{column}", lang)] = values.to_numpy()
    return out


def rows_to_check(screened: pd.DataFrame) -> pd.DataFrame:
    """The screened rows with a plausibility warning, in plan order (the FTE only where the plan gives it)."""
    flagged = screened[screened["checks"].astype(str) != ""]
    return flagged.assign(fte=flagged["fte"].where(~flagged["fte_estimated"].astype(bool)))


def check_table(screened: pd.DataFrame, lang: Lang, content: ScreeningContent | None = None) -> pd.DataFrame:
    """The rows to check with translated headers: row, name, values, the warning and the likely value."""
    return export_frame(rows_to_check(screened), lang, content, CHECK_TABLE_COLUMNS)


def metric_label(metric: str, lang: Lang) -> str:
    """The label of a comparison metric."""
    return t(f"plan.metric.{metric}", lang)


def format_metric(metric: str, value: float, lang: Lang, signed: bool = False) -> str:
    """A metric value as text (kronor for money, whole numbers otherwise)."""
    text = (
        fmt_sek(abs(value) if signed else value, lang)
        if metric in MONEY_METRICS
        else fmt_num(abs(value) if signed else value, lang)
    )
    if signed and value:
        return ("+" if value > 0 else "−") + text
    return text


def comparison_table(a: Scenario, b: Scenario, lang: Lang) -> pd.DataFrame:
    """Totals of two scenarios and their difference, formatted for display."""
    cmp = compare(totals(a.screened), totals(b.screened))
    return pd.DataFrame(
        {
            t("plan.compare.metric", lang): [metric_label(m, lang) for m in cmp["metric"]],
            a.name: [format_metric(m, v, lang) for m, v in zip(cmp["metric"], cmp["a"], strict=True)],
            b.name: [format_metric(m, v, lang) for m, v in zip(cmp["metric"], cmp["b"], strict=True)],
            t("plan.compare.difference", lang): [
                format_metric(m, v, lang, signed=True) for m, v in zip(cmp["metric"], cmp["difference"], strict=True)
            ],
        }
    )


def category_table(lang: Lang, content: ScreeningContent | None = None) -> pd.DataFrame:
    """The categories' assumptions (type, entry-level tasks, market, labour share, risks, rationale)."""
    content = content or load_plan_content()
    qn = load_questionnaire()
    entry = qn.question("entry_level")
    market = qn.question("market")
    risks = qn.question("risks")

    def opt(q: Any, v: str) -> str:
        o = q.option(v)
        return o.label(lang) if o else v

    return pd.DataFrame(
        {
            t("plan.cat.category", lang): [c.label(lang) for c in content.categories],
            t("plan.cat.type", lang): [type_label(c.contract_type, lang) for c in content.categories],
            entry.short(lang): [opt(entry, c.defaults.answer("entry_level")) for c in content.categories],
            market.short(lang): [opt(market, c.defaults.answer("market")) for c in content.categories],
            t("plan.cat.labour_share", lang): [c.defaults.labour_share for c in content.categories],
            t("plan.cat.risks", lang): [
                ", ".join(opt(risks, r) for r in c.defaults.risks) or "–" for c in content.categories
            ],
            t("plan.cat.why", lang): [c.note(lang) for c in content.categories],
            t("plan.cat.evidence", lang): [t(f"evidence.{c.evidence.value}", lang) for c in content.categories],
        }
    )


def assumption_lines(policy: Policy, lang: Lang) -> list[str]:
    """The assumptions of a policy as sentences."""
    a = policy.assumptions
    qn = load_questionnaire()
    lines = [
        f"{t('plan.assume.gates', lang)}: {_yes_no(a.gates_met, lang)}",
        f"{t('plan.assume.risks', lang)}: {t(f'plan.assume.risks.{a.risks}', lang)}",
        f"{t('plan.assume.bonus', lang)}: {_yes_no(a.bonus_capacity, lang)}",
        f"{t('plan.assume.estimate_fte', lang)}: {_yes_no(a.estimate_fte, lang)}"
        + (
            f" ({t('plan.assume.sek_per_fte_year', lang)}: {fmt_sek(a.sek_per_fte_year, lang)})"
            if a.estimate_fte
            else ""
        ),
    ]
    for attr in ("entry_level", "market"):
        value = getattr(a, attr)
        q = qn.question(attr)
        label = opt.label(lang) if value and (opt := q.option(value)) else t("plan.assume.by_category", lang)
        lines.append(f"{t(f'plan.assume.{attr}', lang)}: {label}")
    lines.append(t("plan.assume.direct_award", lang))
    return lines


def policy_line(scenario: Scenario, lang: Lang, content: ScreeningContent | None = None) -> str:
    """One sentence describing a scenario's policy."""
    content = content or load_plan_content()
    p = scenario.policy
    cats = (
        ", ".join(category_label(c, lang, content) for c in p.categories)
        if p.categories is not None
        else t("plan.categories_all", lang)
    )
    share = (
        t("plan.doc.share_all", lang)
        if p.share >= 1
        else t(
            "plan.doc.share_part",
            lang,
            share=fmt_pct(p.share, lang),
            basis=t(f"plan.share_basis.{p.share_basis}", lang),
        )
    )
    return t(
        "plan.doc.scenario_line",
        lang,
        name=scenario.name,
        rule=rule_name(p, lang),
        min_value=fmt_sek(p.min_value_sek, lang),
        categories=cats,
        min_duration=fmt_num(p.min_duration_months, lang),
        share=share,
    )


# --------------------------------------------------------------------------- summary document
def summary_blocks(report: Report, lang: Lang, markdown: bool = False) -> list[Block]:
    """The summary in the decision-basis format, as neutral blocks."""
    content = load_plan_content()
    model = load_model()
    first = report.scenarios[0]
    blocks: list[Block] = [
        Heading(1, t("plan.doc.title", lang)),
        Para(
            t(
                "plan.doc.created",
                lang,
                date=report.created.isoformat(),
                plan=str(report.plan_label),
                rows=fmt_num(len(first.screened), lang),
            )
        ),
        Heading(2, t("plan.doc.purpose_title", lang)),
        Para(t("plan.doc.purpose", lang)),
        Heading(2, t("plan.doc.scenarios_title", lang)),
        Bullets(tuple(policy_line(s, lang, content) for s in report.scenarios)),
        Heading(2, t("plan.doc.totals_title", lang)),
    ]
    values = [metric_values(totals(s.screened)) for s in report.scenarios]
    header = [t("plan.compare.metric", lang), *(s.name for s in report.scenarios)]
    if len(report.scenarios) == 2:
        header.append(t("plan.compare.difference", lang))
    rows = []
    for m in METRICS:
        row = [metric_label(m, lang), *(format_metric(m, v[m], lang) for v in values)]
        if len(values) == 2:
            row.append(format_metric(m, values[1][m] - values[0][m], lang, signed=True))
        rows.append(tuple(row))
    blocks.append(Table(tuple(header), tuple(rows)))
    per_month = society_value_per_month(load_parameters(), "employment")
    blocks.append(Para(t("plan.results_caption", lang, per_month=fmt_sek(per_month, lang)), "note"))

    cat = breakdown(first.screened, "category", content)
    blocks += [
        Heading(2, t("plan.doc.category_title", lang)),
        Table(
            (
                t("plan.cat.category", lang),
                t("plan.doc.procurements", lang),
                t("plan.chart.requirements", lang),
                t("plan.metric.places", lang),
                t("plan.metric.employment_months", lang),
            ),
            tuple(
                (
                    category_label(str(category), lang, content),
                    fmt_num(procurements, lang),
                    fmt_num(with_requirement, lang),
                    fmt_num(places, lang),
                    fmt_num(months, lang),
                )
                for category, procurements, with_requirement, places, months in zip(
                    cat["category"],
                    cat["procurements"].astype(float),
                    cat["with_requirement"].astype(float),
                    cat["places"].astype(float),
                    cat["employment_months"].astype(float),
                    strict=True,
                )
            ),
        ),
    ]

    best = best_candidates(first.screened, min(10, content.limits.top_n))
    if len(best):
        why = explain_column(best["why"], lang)
        blocks += [
            Heading(2, t("plan.doc.best_title", lang)),
            Table(
                (
                    t("plan.out.row", lang),
                    t("plan.out.name", lang),
                    t("plan.out.category", lang),
                    t("plan.out.value_sek", lang),
                    t("plan.out.outcome", lang),
                    t("plan.out.places", lang),
                    t("plan.out.employment_months", lang),
                    t("plan.out.why", lang),
                ),
                tuple(
                    (
                        str(idx),
                        str(name),
                        category_label(str(category), lang, content),
                        fmt_sek(value_sek, lang),
                        t(f"plan.outcome.{outcome}", lang),
                        fmt_num(places, lang),
                        fmt_num(months, lang),
                        why[idx] or "–",
                    )
                    for idx, name, category, value_sek, outcome, places, months in zip(
                        best.index,
                        best["name"],
                        best["category"],
                        best["value_sek"].astype(float),
                        best["outcome"],
                        best["places"].astype(float),
                        best["employment_months"].astype(float),
                        strict=True,
                    )
                ),
            ),
        ]

    blocks += [
        Heading(2, t("plan.doc.assumptions_title", lang)),
        Bullets(tuple(assumption_lines(first.policy, lang))),
        Para(content.assumptions.sek_per_fte_year_note(lang), "note"),
    ]
    cats = category_table(lang, content)
    blocks.append(
        Table(
            tuple(cats.columns[:6]),
            tuple(
                tuple(fmt_num(v, lang) if isinstance(v, float) else str(v) for v in row[:6])
                for row in cats.itertuples(index=False)
            ),
        )
    )
    to_check = totals(first.screened).to_check
    if to_check:
        blocks += [
            Heading(2, t("plan.doc.checks_title", lang)),
            Para(t("plan.doc.checks", lang, rows=fmt_num(to_check, lang))),
        ]
    errors = report.problems[report.problems["severity"] == "error"] if len(report.problems) else report.problems
    bad = int(errors["row"].dropna().nunique()) if len(errors) else 0
    warnings = int((report.problems["severity"] == "warning").sum()) if len(report.problems) else 0
    if bad or warnings or (report.reading is not None and report.reading.counts.not_procurements):
        blocks += [
            Heading(2, t("plan.doc.problems_title", lang)),
            Para(t("plan.doc.problems", lang, bad=fmt_num(bad, lang), warnings=fmt_num(warnings, lang))),
        ]
        if report.reading is not None:
            blocks.append(Para(counts_text(report.reading.counts, lang)))
    blocks.append(Para(t("plan.doc.note", lang), "note"))

    source_ids: list[str] = []
    for s in report.scenarios:
        rule = load_sizing_content().rule(s.policy.rule)
        for sid in (rule.source, "uhm-analysera", "uhm-kartlagga", "uhm-samhallsekonomi"):
            if sid not in source_ids:
                source_ids.append(sid)
    lines = []
    for sid in source_ids:
        src = next((x for x in model.sources if x.id == sid), None)
        if src is not None:
            lines.append(f"{src.title(lang)} – {src.publisher(lang)} – {src.url}")
    blocks += [Heading(2, t("plan.doc.sources_title", lang)), Bullets(tuple(lines))]
    return blocks


def summary_markdown(report: Report, lang: Lang) -> str:
    """The summary as Markdown text."""
    return render_markdown(summary_blocks(report, lang, markdown=True))


def summary_docx(report: Report, lang: Lang) -> bytes:
    """The summary as a Word document."""
    return render_docx(summary_blocks(report, lang), lang, report.created, t("plan.doc.title", lang))


# --------------------------------------------------------------------------- workbook and CSV
def _formats(lang: Lang) -> dict[str, str]:
    return {t(f"plan.out.{c}", lang): f for c, f in NUMBER_FORMATS.items()}


def workbook(report: Report, lang: Lang) -> bytes:
    """The Excel workbook: summary, one sheet per scenario, rows to fix, rows to check and assumptions.

    Every scenario sheet has the plausibility warnings in its columns; the sheet of rows to check
    lists only the rows with a warning and is there only when some row has one.
    """
    content = load_plan_content()
    summary_rows: list[dict[str, Any]] = []
    values = [metric_values(totals(s.screened)) for s in report.scenarios]
    for m in METRICS:
        row: dict[str, Any] = {t("plan.compare.metric", lang): metric_label(m, lang)}
        for s, v in zip(report.scenarios, values, strict=True):
            row[s.name] = round(v[m]) if m in MONEY_METRICS else v[m]
        if len(values) == 2:
            row[t("plan.compare.difference", lang)] = (
                round(values[1][m] - values[0][m]) if m in MONEY_METRICS else values[1][m] - values[0][m]
            )
        summary_rows.append(row)
    sheets: dict[str, pd.DataFrame] = {t("plan.sheet.summary", lang): pd.DataFrame(summary_rows)}
    keys = ("plan.sheet.a", "plan.sheet.b")
    for index, s in enumerate(report.scenarios):
        name = t(keys[index], lang) if index < len(keys) else s.name
        sheets[name] = export_frame(s.screened, lang, content)
    sheets[t("plan.sheet.problems", lang)] = problems_table(report.problems, lang, content)
    if report.reading is not None:
        lines = reading_lines(report.reading.preview, report.reading.counts, lang, content)
        sheets[t("plan.sheet.reading", lang)] = pd.DataFrame(
            {t("plan.reading_title", lang): [ln.strip() for ln in lines]}
        )
    if totals(report.scenarios[0].screened).to_check:
        sheets[t("plan.sheet.checks", lang)] = check_table(report.scenarios[0].screened, lang, content)
    assumptions = pd.DataFrame(
        {
            t("plan.doc.assumptions_title", lang): [policy_line(s, lang, content) for s in report.scenarios]
            + assumption_lines(report.scenarios[0].policy, lang)
            + [content.assumptions.sek_per_fte_year_note(lang)]
        }
    )
    sheets[t("plan.sheet.assumptions", lang)] = assumptions
    sheets[t("plan.assume.table_title", lang)] = category_table(lang, content)
    return to_xlsx(sheets, _formats(lang))


def screened_csv(screened: pd.DataFrame, lang: Lang) -> bytes:
    """One scenario's screened plan as CSV (Swedish or English conventions)."""
    return to_csv(export_frame(screened, lang), lang)


__all__ = [
    "CHECK_TABLE_COLUMNS",
    "EXPORT_COLUMNS",
    "ReadingSummary",
    "Report",
    "Scenario",
    "assumption_lines",
    "category_label",
    "category_table",
    "check_table",
    "comparison_table",
    "export_frame",
    "format_metric",
    "metric_label",
    "policy_line",
    "rows_to_check",
    "rule_name",
    "screened_csv",
    "summary_blocks",
    "summary_docx",
    "summary_markdown",
    "type_label",
    "workbook",
]
