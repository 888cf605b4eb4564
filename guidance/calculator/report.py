"""Reports of a calculator result: tables, waterfall bars, sensitivity selection, CSV and Markdown.

Pure functions of a :class:`CalcResult` (and the parameters it was calculated with); texts come from
the UI catalog through :func:`guidance.core.i18n.t`, amounts are formatted for the language.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from guidance.calculator.calculate import (
    ActorResult,
    CalcResult,
    Line,
    SensitivityItem,
    sensitivity,
)
from guidance.calculator.page_settings import (
    SOCIETY,
    ScaleSettings,
    SensitivitySettings,
    load_page_settings,
    sensitivity_targets,
)
from guidance.calculator.parameters import BenefitRule, CalcInputs, Options, Parameter, ParameterSet, Schedule
from guidance.content.loader import load_model
from guidance.core.formatting import fmt_num, fmt_pct, fmt_sek, fmt_short
from guidance.core.i18n import t
from guidance.core.models import Frozen, Lang

__all__ = [
    "ActorSummary",
    "actor_summary",
    "condition_text",
    "effective_text",
    "fmt_date",
    "fmt_parameter",
    "history_text",
    "is_first_value",
    "input_label",
    "input_lines",
    "largest_swings",
    "parameter_rows",
    "result_csv",
    "result_rows",
    "scaled_society",
    "sensitivity_item_name",
    "shown_lines",
    "society_per_person_month",
    "summary_markdown",
    "waterfall_rows",
]

#: Decimals of a share parameter shown as a percentage (31,42 %) and of other parameter values at most.
_SHARE_DECIMALS, _MAX_DECIMALS = 2, 2

#: Yes/no conditions of a benefit rule, then those that list the answers they apply to.
_FLAG_CONDITIONS: tuple[str, ...] = ("newly_arrived", "unemployment_insurance")
_LIST_CONDITIONS: tuple[str, ...] = ("age", "unemployed")


class ActorSummary(Frozen):
    """One actor's (or society's) sums: per month, whole period and per person over the period."""

    actor: str
    monthly: float
    total: float
    per_person: float


def actor_summary(result: CalcResult) -> tuple[ActorSummary, ...]:
    """Every actor's sums in order, then society's."""
    rows = [
        ActorSummary(actor=a.actor, monthly=a.monthly, total=a.total, per_person=result.per_person[a.actor])
        for a in result.actors
    ]
    society = ActorSummary(
        actor=SOCIETY,
        monthly=result.society_monthly,
        total=result.society_total,
        per_person=result.per_person[SOCIETY],
    )
    return (*rows, society)


def _min_amount(min_amount: float | None) -> float:
    return load_page_settings().min_line_amount if min_amount is None else min_amount


def shown_lines(actor: ActorResult, min_amount: float | None = None) -> tuple[Line, ...]:
    """The actor's lines worth showing: monthly or whole-period amount at least ``min_amount`` kronor.

    Args:
        actor: One actor's result.
        min_amount: Cut-off in kronor; the page settings' ``min_line_amount`` when not given.
    """
    cut = _min_amount(min_amount)
    return tuple(ln for ln in actor.lines if abs(ln.total) >= cut or abs(ln.monthly) >= cut)


def scaled_society(result: CalcResult, n: Any, scale: ScaleSettings) -> float | None:
    """Society's result for ``n`` people on the same terms, or ``None`` if ``n`` is not a whole number in range."""
    if isinstance(n, bool) or not isinstance(n, int) or not scale.min <= n <= scale.max:
        return None
    return result.per_person[SOCIETY] * n


def largest_swings(
    inputs: CalcInputs, params: ParameterSet, target: str, settings: SensitivitySettings
) -> list[SensitivityItem]:
    """The parameters and inputs that move ``target``'s total the most, as the sensitivity view shows them.

    Args:
        inputs: The inputs of the shown result.
        params: The parameters of the shown result.
        target: ``"society"`` or an actor id; anything else counts as society.
        settings: Relative move, smallest swing shown and how many items at most.
    """
    target = target if target in sensitivity_targets() else SOCIETY
    items = sensitivity(inputs, params, settings.step, target)
    return [it for it in items if it.swing >= settings.min_swing][: settings.max_items]


def sensitivity_item_name(item: SensitivityItem, params: ParameterSet, lang: Lang) -> str:
    """The name of what a sensitivity item moves: an input's label or a parameter's name."""
    if item.kind == "input":
        return t(f"calc.in.{item.id}", lang)
    return params.parameter(item.id).name(lang)


def condition_text(rule: BenefitRule, options: Options, lang: Lang) -> str:
    """When a benefit rule applies, in words ("Nyanländ: Ja; Ålder: 18–25 år"), or "any"."""
    parts: list[str] = []
    cond = rule.when
    for field in _FLAG_CONDITIONS:
        value = getattr(cond, field)
        if value is not None:
            parts.append(f"{t('calc.in.' + field, lang)}: {t('calc.yes', lang) if value else t('calc.no', lang)}")
    for field in _LIST_CONDITIONS:
        values = getattr(cond, field)
        if values is not None:
            labels = ", ".join(options.label(field, v)(lang) for v in values)
            parts.append(f"{t('calc.in.' + field, lang)}: {labels}")
    return "; ".join(parts) or t("calc.rules.any", lang)


def waterfall_rows(
    actor: ActorResult, include_zero: bool = False, min_amount: float | None = None
) -> list[dict[str, Any]]:
    """Start and end of each line's bar in a waterfall of one actor's total, ending with the sum.

    Lines below ``min_amount`` kronor (the page settings' ``min_line_amount`` when not given) are left
    out unless ``include_zero``.

    Returns:
        Dicts with ``id``, ``label`` (UI key), ``start``, ``end``, ``amount`` and ``is_total``.
    """
    rows: list[dict[str, Any]] = []
    running = 0.0
    cut = _min_amount(min_amount)
    for ln in actor.lines:
        if not include_zero and abs(ln.total) < cut:
            continue
        rows.append(
            {
                "id": ln.id,
                "label": ln.label,
                "start": running,
                "end": running + ln.total,
                "amount": ln.total,
                "is_total": False,
            }
        )
        running += ln.total
    rows.append(
        {
            "id": f"{actor.actor}.sum",
            "label": "calc.sum",
            "start": 0.0,
            "end": actor.total,
            "amount": actor.total,
            "is_total": True,
        }
    )
    return rows


# -- export --------------------------------------------------------------------------------------------


def result_rows(result: CalcResult, label: Any) -> list[dict[str, Any]]:
    """One row per line plus a total per actor and for society, for tables and CSV.

    Args:
        result: A calculation result.
        label: A function from UI key to display text (e.g. ``lambda k: t(k, lang)``).
    """
    rows: list[dict[str, Any]] = []
    for a in result.actors:
        for ln in a.lines:
            rows.append(
                {
                    "actor": label(f"calc.actor.{a.actor}"),
                    "item": label(ln.label),
                    "id": ln.id,
                    "kind": label(f"calc.kind.{ln.kind}"),
                    "monthly": round(ln.monthly, 2),
                    "one_off": round(ln.one_off, 2),
                    "total": round(ln.total, 2),
                }
            )
        rows.append(
            {
                "actor": label(f"calc.actor.{a.actor}"),
                "item": label("calc.sum"),
                "id": f"{a.actor}.sum",
                "kind": "",
                "monthly": round(a.monthly, 2),
                "one_off": round(a.one_off, 2),
                "total": round(a.total, 2),
            }
        )
    rows.append(
        {
            "actor": label("calc.actor.society"),
            "item": label("calc.sum"),
            "id": "society.sum",
            "kind": "",
            "monthly": round(result.society_monthly, 2),
            "one_off": round(sum(a.one_off for a in result.actors), 2),
            "total": round(result.society_total, 2),
        }
    )
    return rows


def result_csv(result: CalcResult, label: Any, lang: Lang) -> str:
    """The result as CSV text (semicolon-separated with decimal comma in Swedish)."""
    rows = result_rows(result, label)
    headers = {k: label(f"calc.col.{k}") for k in ("actor", "item", "id", "kind", "monthly", "one_off", "total")}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "sv" else ",", lineterminator="\n")
    writer.writerow(headers.values())
    for row in rows:
        writer.writerow([_csv_value(row[k], lang) for k in headers])
    return out.getvalue()


def _csv_value(value: Any, lang: Lang) -> str:
    if isinstance(value, float):
        text = f"{value:.2f}"
        return text.replace(".", ",") if lang == "sv" else text
    return str(value)


def _bare_label(label: str) -> str:
    """A field label without its trailing unit in brackets ("Lön (kr)" -> "Lön")."""
    return re.sub(r"\s*\([^)]*\)$", "", label)


def input_lines(result: CalcResult, params: ParameterSet, lang: Lang) -> list[tuple[str, str]]:
    """Every input of ``result`` as (field id, value as shown in ``lang``), in the form's order of the documents."""
    inp = result.inputs
    opts = params.options
    yes_no = {True: t("calc.yes", lang), False: t("calc.no", lang)}
    return [
        ("buyer", opts.label("buyer", inp.buyer)(lang)),
        ("form", opts.label("form", inp.form)(lang)),
        ("months", fmt_num(inp.months, lang)),
        ("positions", fmt_num(inp.positions, lang)),
        ("work_share", fmt_pct(inp.work_share, lang)),
        ("wage", fmt_sek(inp.wage, lang)),
        ("subsidy", opts.label("subsidy", inp.subsidy)(lang)),
        ("productivity", fmt_pct(inp.productivity, lang)),
        ("intern_output", fmt_sek(inp.intern_output, lang)),
        ("age", opts.label("age", inp.age)(lang)),
        ("unemployed", opts.label("unemployed", inp.unemployed)(lang)),
        ("newly_arrived", yes_no[inp.newly_arrived]),
        ("unemployment_insurance", yes_no[inp.unemployment_insurance]),
        ("housing_allowance", yes_no[inp.housing_allowance]),
        ("supervisor_wage", fmt_sek(inp.supervisor_wage, lang)),
        ("supervision_share", fmt_pct(inp.supervision_share, lang)),
        ("admin_cost", fmt_sek(inp.admin_cost, lang)),
        ("procurement_cost", fmt_sek(inp.procurement_cost, lang)),
        ("bonus", fmt_sek(inp.bonus, lang)),
    ]


def input_label(field: str, lang: Lang) -> str:
    """An input's label without its unit in brackets, for documents."""
    return _bare_label(t("calc.in." + field, lang))


def society_per_person_month(result: CalcResult) -> float:
    """Society's result per person and month, one-off costs spread over the period.

    The same measure as :func:`guidance.calculator.calculate.society_value_per_month`, which the plan
    screening quotes, so the two pages give the same figure for the same inputs.
    """
    return result.society_total / (result.inputs.positions * result.inputs.months)


def summary_markdown(result: CalcResult, params: ParameterSet, lang: Lang) -> str:
    """A Markdown section for the decision basis: inputs, result per actor, society and the model's limits."""
    shown = input_lines(result, params, lang)
    out = [f"## {t('calc.md.title', lang)}", "", f"### {t('calc.md.inputs', lang)}", ""]
    out += [f"- {_bare_label(t('calc.in.' + key, lang))}: {value}" for key, value in shown]
    out += [
        "",
        f"### {t('calc.md.result', lang)}",
        "",
        f"| {t('calc.col.actor', lang)} | {t('calc.col.monthly', lang)} | {t('calc.col.total', lang)} |",
        "|---|---:|---:|",
    ]
    out += [
        f"| {t('calc.actor.' + a.actor, lang)} | {fmt_sek(a.monthly, lang)} | {fmt_sek(a.total, lang)} |"
        for a in result.actors
    ]
    out += [
        f"| **{t('calc.actor.society', lang)}** | **{fmt_sek(result.society_monthly, lang)}** | "
        f"**{fmt_sek(result.society_total, lang)}** |",
        "",
    ]
    out.append(
        t(
            "calc.md.society",
            lang,
            amount=fmt_sek(result.society_total, lang),
            per_person=fmt_sek(result.per_person["society"], lang),
        )
    )
    out += ["", t("calc.md.rules_date", lang, date=fmt_date(result.rules_from)), ""]
    out += [t("calc.limits_caption", lang), ""]
    for note in params.notes:
        if note.id in ("society", "limits"):
            out += [f"**{note.title(lang)}** {note.body(lang)}", ""]
    return "\n".join(out)


# -- parameters in force ------------------------------------------------------------------------------------


def fmt_date(day: Any) -> str:
    """A date as the app shows it in both languages (ISO: 2026-04-01)."""
    return str(day.isoformat())


def fmt_parameter(unit: str, value: float, lang: Lang) -> str:
    """A parameter value in its unit: shares in percent (31,42 %), amounts and counts with their unit."""
    if unit == "share":
        return fmt_pct(value, lang, _SHARE_DECIMALS)
    return f"{fmt_short(value, lang, _MAX_DECIMALS)} {t(f'calc.unit.{unit}', lang)}"


def is_first_value(item: Parameter | Schedule) -> bool:
    """Whether the value in force is the first the content knows of (it may have applied before its date)."""
    return bool(item.history) and item.effective == item.history[0].start


def effective_text(item: Parameter | Schedule, lang: Lang) -> str:
    """The date the value took effect; for the first known value, "2025-01-01 or earlier"."""
    key = "calc.param.since_first" if is_first_value(item) else "calc.param.since"
    return t(key, lang, date=fmt_date(item.effective))


def history_text(p: Parameter, lang: Lang) -> str:
    """The parameter's other dated values ("223 kr/dag från 2025-01-01; ..."), or an empty text if it has one."""
    others = [v for v in p.history if v.start != p.effective]
    return "; ".join(
        t("calc.param.history_item", lang, value=fmt_parameter(p.unit, v.value, lang), date=fmt_date(v.start))
        for v in others
    )


def parameter_rows(params: ParameterSet, lang: Lang) -> list[dict[str, Any]]:
    """One row per parameter in force: name, value, the date it took effect, verified or not, source and address."""
    sources = {s.id: s for s in load_model().sources}
    rows: list[dict[str, Any]] = []
    for p in params.parameters:
        src = sources[p.source]
        rows.append(
            {
                "id": p.id,
                "name": p.name(lang),
                "value": fmt_parameter(p.unit, p.value, lang),
                "effective": effective_text(p, lang),
                "verified": t("calc.param.verified" if p.verified else "calc.param.unverified", lang),
                "source": f"{src.title(lang)} ({src.publisher(lang)})",
                "url": src.url,
                "history": history_text(p, lang),
            }
        )
    return rows
