"""The decision basis (*beslutsunderlag*) of one assessed procurement, as Markdown and as Word.

The document is first built as a list of neutral blocks (headings, paragraphs, lists, tables);
:func:`decision_basis_markdown` and :func:`decision_basis_docx` only render those blocks, so the
two formats always say the same thing. All fixed wording comes from the UI catalog (``a.doc.*``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guidance.assessment.action_plan import ActionPlan, PlanItem
from guidance.assessment.answers import Answers
from guidance.assessment.assess import Assessment, OpenPoint
from guidance.assessment.conditions import ConditionDraft, load_conditions
from guidance.assessment.questionnaire import Question, load_questionnaire
from guidance.assessment.recommend import Recommendation
from guidance.assessment.sizing import Sizing, load_sizing_content
from guidance.content.loader import load_model
from guidance.content.model import Model
from guidance.core.formatting import fmt_num, fmt_pct, fmt_sek, fmt_short
from guidance.core.i18n import t
from guidance.core.markdown import md_escape
from guidance.core.models import Evidence, Lang
from guidance.documents.plain import xml_text


# -- blocks ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the document title."""

    level: int
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph; ``style`` is ``"plain"``, ``"note"`` (italic) or ``"strong"``."""

    text: str
    style: str = "plain"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with one header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths for print; equal when empty


Block = Heading | Para | Bullets | Table


@dataclass(frozen=True)
class DecisionBasis:
    """Everything the decision basis reports on.

    Attributes:
        answers: The questionnaire answers (the inputs).
        assessment: The verdict with its reasons.
        sizings: The sizing under every rule set, shown side by side.
        chosen_rule: The rule set the buyer chose (its column is marked), if any.
        draft: The condition draft, if a level was reached.
        plan: The action plan.
        created: The date of the document.
        title: The procurement's name, if the buyer gave one.
        socio: An optional socio-economic result: a calculator result or a mapping actor -> SEK.
        sizing: The recommended sizing (the chosen rule's, adjusted when the recommendation
            adjusted it); the chosen rule's own sizing when not given.
    """

    answers: Answers
    assessment: Assessment
    sizings: tuple[Sizing, ...] = ()
    chosen_rule: str | None = None
    draft: ConditionDraft | None = None
    plan: ActionPlan | None = None
    created: dt.date = field(default_factory=dt.date.today)
    title: str = ""
    socio: Any = None
    sizing: Sizing | None = None


def basis_from_recommendation(
    rec: Recommendation,
    answers: Answers,
    draft: ConditionDraft | None,
    plan: ActionPlan | None,
    created: dt.date,
    title: str = "",
    socio: Any = None,
) -> DecisionBasis:
    """The decision basis of a recommendation: its verdict, its sizing, every rule side by side."""
    return DecisionBasis(
        answers=answers,
        assessment=rec.assessment,
        sizings=rec.sizings,
        chosen_rule=rec.rule_id,
        draft=draft,
        plan=plan,
        created=created,
        title=title,
        socio=socio,
        sizing=rec.sizing,
    )


# -- building -------------------------------------------------------------------------------------
def _yes_no(value: bool, lang: Lang) -> str:
    return t("a.doc.yes" if value else "a.doc.no", lang)


def format_answer(question: Question, value: Any, lang: Lang) -> str:
    """An answer as the user would read it (option labels, numbers with units, dates)."""
    if value is None:
        return t("a.doc.unanswered", lang)
    if question.kind == "risk":
        labels = [o.label(lang) for o in question.options if o.id in value]
        return ", ".join(labels) if labels else t("a.doc.none", lang)
    if isinstance(value, bool):
        opt = question.option("yes" if value else "no")
        return opt.label(lang) if opt else _yes_no(value, lang)
    if isinstance(value, str):
        opt = question.option(value)
        return opt.label(lang) if opt else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if question.id == "value_sek":
            return fmt_sek(float(value), lang)
        text = fmt_short(float(value), lang)
        return f"{text} {question.unit(lang)}" if question.unit else text
    return str(value)


def answer_value(answers: Answers, question: Question) -> Any:
    """The raw answer to ``question`` (None when unanswered)."""
    return answers.value(question.id)


class MarkdownLink(str):
    """A Markdown fragment built here from content (a source link); every other text is escaped."""


def _link(title: str, url: str) -> MarkdownLink:
    return MarkdownLink(f"[{_md(title)}]({url})")


def _source_cell(model: Model, source_id: str, lang: Lang, markdown: bool) -> str:
    try:
        src = model.source(source_id)
    except StopIteration:
        return source_id
    return _link(src.title(lang), src.url) if markdown else src.title(lang)


def _evidence(evidence: Evidence | str | None, lang: Lang) -> str:
    if evidence is None:
        return ""
    return t(f"evidence.{getattr(evidence, 'value', evidence)}", lang)


def _months(value: float, lang: Lang) -> str:
    return fmt_short(value, lang)


def socio_rows(socio: Any, lang: Lang) -> list[tuple[str, float]]:
    """Per-actor totals from a calculator result or a plain mapping actor -> SEK."""
    if socio is None:
        return []
    if isinstance(socio, Mapping):
        return [(str(k), float(v)) for k, v in socio.items()]
    if hasattr(socio, "actors") and hasattr(socio, "society_total"):  # guidance.calculator.calculate.CalcResult
        rows = [(t(f"calc.actor.{a.actor}", lang), float(a.total)) for a in socio.actors]
        return rows + [(t("calc.actor.society", lang), float(socio.society_total))]
    for attr in ("per_actor", "by_actor", "actors", "totals"):
        data = getattr(socio, attr, None)
        if data is None:
            continue
        if callable(data):
            data = data()
        if isinstance(data, Mapping):
            return [(_label(k, lang), float(_amount(v))) for k, v in data.items()]
        if isinstance(data, Iterable):
            out = []
            for row in data:
                name = next((getattr(row, a) for a in ("actor", "name", "label", "id") if hasattr(row, a)), "?")
                out.append((_label(name, lang), float(_amount(row))))
            return out
    return []


def _label(value: Any, lang: Lang) -> str:
    if callable(value):
        try:
            return str(value(lang))
        except TypeError:
            return str(value)
    return str(value)


def _amount(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    for attr in ("total", "amount", "value", "net"):
        if hasattr(value, attr):
            return float(getattr(value, attr))
    raise TypeError(f"no amount in {value!r}")


def build_blocks(basis: DecisionBasis, lang: Lang, markdown: bool = False) -> list[Block]:
    """The decision basis as neutral blocks, in reading order."""
    model = load_model()
    qn = load_questionnaire()
    a = basis.assessment
    blocks: list[Block] = []
    sources: list[str] = []

    def cite(source_id: str | None) -> str:
        if source_id and source_id not in sources:
            sources.append(source_id)
        return _source_cell(model, source_id, lang, markdown) if source_id else ""

    title = t("a.doc.title", lang)
    blocks.append(Heading(1, f"{title}: {basis.title}" if basis.title.strip() else title))
    blocks.append(Para(t("a.doc.date", lang, date=basis.created.isoformat()), "strong"))
    blocks.append(Para(t("a.doc.purpose", lang), "note"))

    # summary
    verdict = qn.verdict(a.verdict)
    blocks.append(Heading(2, t("a.doc.summary", lang)))
    summary: list[tuple[str, str]] = [
        (t("a.doc.verdict", lang), verdict.title(lang)),
        (t("a.doc.score", lang), f"{a.score} / {a.max_score}"),
    ]
    chosen = basis.sizing or _chosen(basis)
    if chosen is not None and not chosen.exempt and a.numerical:
        summary += [
            (t("a.doc.places", lang), fmt_num(chosen.places, lang)),
            (t("a.doc.employment_months", lang), _months(chosen.employment_months, lang)),
            (t("a.doc.internship_months", lang), _months(chosen.internship_months, lang)),
        ]
    if a.numerical and basis.draft is not None and basis.draft.parts and basis.draft.milestone_date:
        summary.append((t("a.doc.milestone", lang), basis.draft.milestone_date.isoformat()))
    blocks.append(Table((t("a.doc.item", lang), t("a.doc.value", lang)), tuple(summary), (2, 3)))
    blocks.append(Para(verdict.summary(lang)))
    blocks.append(Para(t("a.doc.next_step", lang, text=verdict.next_step(lang))))
    cite(verdict.source)
    if a.flags:
        blocks.append(Bullets(tuple(f"{qn.flag(f).title(lang)}: {qn.flag(f).text(lang)}" for f in a.flags)))
    if a.open_points:
        blocks.append(Heading(2, t("a.doc.open_points", lang)))
        blocks.append(Bullets(tuple(open_point_line(p, lang) for p in a.open_points)))

    # inputs
    blocks.append(Heading(2, t("a.doc.inputs", lang)))
    rows = [
        (
            q.short(lang),
            t("a.unknown", lang)
            if basis.answers.is_unknown(q.id)
            else format_answer(q, answer_value(basis.answers, q), lang),
        )
        for q in qn.questions
    ]
    blocks.append(Table((t("a.doc.question", lang), t("a.doc.answer", lang)), tuple(rows), (3, 2)))

    # reasons
    blocks.append(Heading(2, t("a.doc.reasons", lang)))
    reason_rows = tuple(
        (r.text(lang), "" if r.points is None else fmt_num(r.points, lang), cite(r.source), _evidence(r.evidence, lang))
        for r in a.reasons
    )
    blocks.append(
        Table(
            (t("a.doc.reason", lang), t("a.doc.points", lang), t("source.label", lang), t("evidence.label", lang)),
            reason_rows,
            (8, 1.9, 4.6, 3.6),
        )
    )

    # sizing
    if basis.sizings:
        blocks.extend(_sizing_blocks(basis, lang, cite))

    # condition draft
    blocks.append(Heading(2, t("a.doc.condition", lang)))
    draft = basis.draft
    if draft is None or not draft.parts:
        blocks.append(Para(t("a.doc.no_condition", lang)))
    else:
        blocks.append(Para(draft.notice, "note"))
        cite(draft.notice_source)
        for part in draft.parts:
            blocks.append(Heading(3, part.title))
            used: list[str] = []
            for sec in part.sections:
                blocks.append(Heading(4, sec.heading))
                if not sec.verified:
                    blocks.append(Para(f"[{draft.unverified_label}]", "note"))
                blocks.append(Para(sec.body))
                line = f"{cite(sec.source)} ({_evidence(sec.evidence, lang)})"
                if line not in used:
                    used.append(line)
            blocks.append(Para(f"{t('a.doc.part_sources', lang)}: {'; '.join(used)}", "note"))

    # action plan
    if basis.plan is not None:
        blocks.extend(_plan_blocks(basis.plan, model, lang, cite))

    # socio-economic
    rows_socio = socio_rows(basis.socio, lang)
    if rows_socio:
        blocks.append(Heading(2, t("a.doc.socio", lang)))
        blocks.append(
            Table(
                (t("a.doc.actor", lang), t("a.doc.amount", lang)),
                tuple((name, fmt_sek(value, lang)) for name, value in rows_socio),
                (3, 2),
            )
        )
        blocks.append(Para(t("a.doc.socio_note", lang), "note"))

    # assumptions and sources
    blocks.append(Heading(2, t("a.doc.assumptions", lang)))
    blocks.append(Bullets(tuple(_assumptions(basis, lang, cite))))
    blocks.append(Heading(2, t("a.doc.sources", lang)))
    entries: list[str] = []
    for sid in sources:
        try:
            src = model.source(sid)
        except StopIteration:
            continue
        checked = t("source.verified", lang, date=src.verified.isoformat())
        if markdown:
            entries.append(
                MarkdownLink(f"{_link(src.title(lang), src.url)} – {_md(src.publisher(lang))}, {_md(checked)}")
            )
        else:
            entries.append(f"{src.title(lang)} – {src.publisher(lang)}, {checked}: {src.url}")
    blocks.append(Bullets(tuple(entries)))
    return blocks


def open_point_line(point: OpenPoint, lang: Lang) -> str:
    """One "don't know" as a line: what to find out, who can answer, what it could change."""
    qn = load_questionnaire()
    line = f"{point.find_out(lang)} {point.who(lang)}"
    if point.could_be:
        verdicts = ", ".join(qn.verdict(v).title(lang) for v in point.could_be)
        line += " " + t("a.open.could_be", lang, verdicts=verdicts)
    else:
        line += " " + t("a.open.no_change", lang)
    return line


def exchange_rates_line(lang: Lang) -> str:
    """The exchange rates the comparison rules use, with their date and whether they were checked."""
    rates = load_sizing_content().exchange_rates
    parts = [
        t(
            "a.doc.rate",
            lang,
            currency=r.currency,
            sek=fmt_short(r.sek, lang, max_decimals=2),
            date=r.date.isoformat(),
            checked=t("a.doc.rate_checked" if r.verified else "a.doc.rate_unchecked", lang),
        )
        for r in rates
    ]
    return t("a.doc.rates", lang, rates="; ".join(parts))


def _chosen(basis: DecisionBasis) -> Sizing | None:
    for s in basis.sizings:
        if s.rule_id == basis.chosen_rule:
            return s
    return basis.sizings[0] if basis.sizings else None


def sizing_table(sizings: Sequence[Sizing], chosen_rule: str | None, lang: Lang) -> Table:
    """Every rule set side by side: one column per rule, one row per measure."""
    content = load_sizing_content()
    names = {r.id: r.name(lang) for r in content.rules}
    header = [t("a.doc.measure", lang)]
    for s in sizings:
        name = names.get(s.rule_id, s.rule_id)
        header.append(t("a.doc.chosen", lang, name=name) if s.rule_id == chosen_rule else name)
    dash = "–"

    def row(label: str, fn: Any, always: bool = False) -> tuple[str, ...]:
        return (label, *(dash if s.exempt and not always else fn(s) for s in sizings))

    rows = (
        row(t("a.doc.exempt", lang), lambda s: _yes_no(s.exempt, lang), always=True),
        row(t("a.doc.places", lang), lambda s: fmt_num(s.places, lang)),
        row(t("a.doc.employment_months", lang), lambda s: _months(s.employment_months, lang)),
        row(
            t("a.doc.internship_months", lang),
            lambda s: _months(s.internship_months, lang) if s.internship_months else dash,
        ),
        row(t("a.doc.fte_months", lang), lambda s: _months(s.fte_months, lang) if s.fte_months else dash),
        row(
            t("a.doc.share", lang),
            lambda s: fmt_pct(s.share_of_fte_months, lang, 1) if s.share_of_fte_months is not None else dash,
        ),
        row(t("a.doc.feasible", lang), lambda s: _yes_no(s.feasible, lang) if s.feasible is not None else dash),
        row(
            t("a.doc.milestone", lang),
            lambda s: (
                s.milestone_date.isoformat()
                if s.milestone_date
                else t("a.doc.milestone_months", lang, months=s.milestone_months)
            ),
        ),
    )
    return Table(tuple(header), rows, (3.0, *(2.0,) * len(sizings)))


def _sizing_blocks(basis: DecisionBasis, lang: Lang, cite: Any) -> list[Block]:
    content = load_sizing_content()
    names = {r.id: r.name(lang) for r in content.rules}
    for s in basis.sizings:
        if s.rule_id in names:
            cite(content.rule(s.rule_id).source)
    blocks: list[Block] = [
        Heading(2, t("a.doc.sizing", lang)),
        Para(t("a.doc.sizing_intro", lang)),
        sizing_table(basis.sizings, basis.chosen_rule, lang),
    ]
    if any(names.get(s.rule_id) and content.rule(s.rule_id).comparison for s in basis.sizings):
        blocks.append(Para(exchange_rates_line(lang), "note"))
        cite(content.exchange_rates[0].source if content.exchange_rates else None)
    chosen = basis.sizing or _chosen(basis)
    if chosen is not None:
        blocks.append(Heading(3, t("a.doc.sizing_reasons", lang, name=names.get(chosen.rule_id, chosen.rule_id))))
        blocks.append(Bullets(tuple(r.text(lang) for r in chosen.reasons)))
        for r in chosen.reasons:
            cite(r.source)
    return blocks


def who_text(item: PlanItem, lang: Lang) -> str:
    """Who is responsible for a plan item; where nobody is, who takes part and how."""
    model = load_model()
    if item.responsible:
        return ", ".join(model.actor_name(x, lang) for x in item.responsible)
    parts = [
        f"{t(f'duty.{duty.value}', lang)}: {model.actor_name(actor, lang)}" for actor, duty in item.involved.items()
    ]
    return "; ".join(parts) or "–"


def plan_table(plan: ActionPlan, lang: Lang, actor: str | None = None) -> Table:
    """The plan as a table; with ``actor``, only that role's steps and its part in each."""
    model = load_model()
    phase_name = {p.id: p.name(lang) for p in model.phases}
    items = plan.for_actor(actor) if actor else plan.items
    third = t("a.plan.duty", lang) if actor else t("a.doc.responsible", lang)
    rows = []
    for item in items:
        step = model.step(item.step_id)
        if actor:
            who = t(f"duty.{item.involved[actor].value}", lang)
        else:
            who = who_text(item, lang)
        rows.append(
            (
                phase_name.get(item.phase, item.phase),
                f"{step.id} {step.title(lang)}",
                who,
                item.note(lang) if item.note else "",
                item.due.isoformat() if item.due else "",
            )
        )
    return Table(
        (t("a.doc.phase", lang), t("a.doc.step", lang), third, t("a.doc.note", lang), t("a.doc.due", lang)),
        tuple(rows),
        (2.9, 4, 3.3, 5.4, 2.3),
    )


def _plan_blocks(plan: ActionPlan, model: Model, lang: Lang, cite: Any) -> list[Block]:
    blocks: list[Block] = [Heading(2, t("a.doc.plan", lang))]
    if plan.intro is not None:
        blocks.append(Para(plan.intro(lang)))
        cite(plan.intro_source)
    for item in plan.items:
        if item.note_source:
            cite(item.note_source)
    table = plan_table(plan, lang)
    blocks.append(table if table.rows else Para(t("a.doc.plan_empty", lang)))
    if plan.checklist:
        blocks.append(Heading(3, t("a.doc.checklist", lang)))
        blocks.append(Para(t("a.doc.checklist_note", lang), "note"))
        items = {c.id: c for c in model.checklist}
        blocks.append(Bullets(tuple(items[c].text(lang) for c in plan.checklist if c in items)))
        for c in plan.checklist:
            if c in items:
                cite(items[c].source)
    return blocks


def _assumptions(basis: DecisionBasis, lang: Lang, cite: Any) -> list[str]:
    qn = load_questionnaire()
    sizing = load_sizing_content()
    conditions = load_conditions()
    out = [f"{qn.thresholds.note(lang)} ({_evidence(qn.thresholds.evidence, lang)})"]
    cite(qn.thresholds.source)
    out.append(
        t("a.doc.assume_milestone", lang, months=sizing.milestone.months)
        + f" ({_evidence(sizing.milestone.evidence, lang)})"
    )
    out.append(
        t("a.doc.assume_feasible", lang, share=fmt_pct(sizing.feasibility.max_share, lang))
        + f" ({_evidence(sizing.feasibility.evidence, lang)})"
    )
    cite(sizing.feasibility.source)
    chosen = _chosen(basis)
    if chosen is not None:
        try:
            rule = sizing.rule(chosen.rule_id)
        except KeyError:
            rule = None
        if rule is not None:
            out += [f"{x.text(lang)} ({_evidence(x.evidence, lang)})" for x in rule.assumptions]
    if basis.draft is not None and basis.draft.parts:
        p = conditions.parameters["early_end_share"]
        out.append(f"{p.label(lang)}: {fmt_pct(basis.draft.early_end_share, lang)} ({_evidence(p.evidence, lang)})")
        cite(p.source)
        if basis.draft.bonus is not None:
            b = basis.draft.bonus
            for key, value in (
                ("bonus_internship_sek_per_month", b.internship_sek_per_month),
                ("bonus_employment_sek_per_month", b.employment_sek_per_month),
            ):
                p = conditions.parameters[key]
                out.append(f"{p.label(lang)}: {fmt_sek(value, lang)} ({_evidence(p.evidence, lang)})")
                cite(p.source)
        if basis.draft.has_unverified:
            out.append(t("a.doc.assume_unverified", lang))
    out.append(t("a.doc.assume_editable", lang))
    return out


# -- Markdown -------------------------------------------------------------------------------------
def _md(text: str) -> str:
    """Make user or content text safe inside Markdown (no tables broken, no markup injected)."""
    return md_escape(text, inline=True)


def _md_cell(text: str) -> str:
    """Escape ``text`` unless it is a :class:`MarkdownLink` built from content."""
    return text if isinstance(text, MarkdownLink) else _md(text)


def render_markdown(blocks: Sequence[Block]) -> str:
    """Render blocks as Markdown text."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += ["#" * block.level + " " + _md(block.text), ""]
        elif isinstance(block, Para):
            text = _md_cell(block.text)
            if block.style == "note":
                text = f"*{text}*"
            elif block.style == "strong":
                text = f"**{text}**"
            lines += [text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {_md_cell(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_md(h) for h in block.header) + " |")
            lines.append("|" + "|".join(" --- " for _ in block.header) + "|")
            for row in block.rows:
                lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def decision_basis_markdown(basis: DecisionBasis, lang: Lang = "sv") -> str:
    """The decision basis as Markdown text (never rendered to HTML here).

    Args:
        basis: The assessment, sizing, draft, plan and answers to report.
        lang: Language of the document.

    Returns:
        The Markdown document.
    """
    return render_markdown(build_blocks(basis, lang, markdown=True))


# -- Word -----------------------------------------------------------------------------------------
#: Page layout of the Word document (A4 portrait), in centimetres.
A4_CM = (21.0, 29.7)
MARGIN_CM = 2.2
TEXT_WIDTH_CM = A4_CM[0] - 2 * MARGIN_CM


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _page_number_footer(section: Any, label: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = section.footer.paragraphs[0]
    para.text = f"{label} – "
    run = para.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _set_language(doc: Any, lang: Lang) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), "sv-SE" if lang == "sv" else "en-GB")
    rpr.append(el)


def render_docx(blocks: Sequence[Block], lang: Lang, created: dt.date, title: str) -> bytes:
    """Render blocks as a Word document (A4, headings, tables with repeated header rows).

    Every text passes :func:`~guidance.documents.plain.xml_text`, so a control character in a name or
    a target group (which XML cannot hold) becomes a space instead of stopping the whole document.
    """
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    title = xml_text(title)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    doc.styles["Normal"].font.size = Pt(10.5)
    _set_language(doc, lang)
    props = doc.core_properties
    props.title, props.language = title, ("sv-SE" if lang == "sv" else "en-GB")
    props.created = dt.datetime.combine(created, dt.time(12, 0))
    props.author = props.last_modified_by = ""
    _page_number_footer(section, f"{title} – {created.isoformat()}")

    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(xml_text(block.text), level=0 if block.level == 1 else block.level - 1)
        elif isinstance(block, Para):
            para = doc.add_paragraph()
            run = para.add_run(xml_text(block.text))
            run.italic = block.style == "note"
            run.bold = block.style == "strong"
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(xml_text(item), style="List Bullet")
        elif isinstance(block, Table):
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            weights = block.widths or (1.0,) * len(block.header)
            widths = [Cm(TEXT_WIDTH_CM * w / sum(weights)) for w in weights]
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                run = cell.paragraphs[0].add_run(xml_text(text))
                run.bold, run.font.size = True, Pt(9)
            _repeat_header(table.rows[0])
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.paragraphs[0].add_run(xml_text(text)).font.size = Pt(9)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # the grid, which LibreOffice reads
            for row in table.rows:
                _keep_row_together(row)
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = width  # the cells, which Word reads
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def decision_basis_docx(basis: DecisionBasis, lang: Lang = "sv") -> bytes:
    """The decision basis as a Word (.docx) document.

    Args:
        basis: The assessment, sizing, draft, plan and answers to report.
        lang: Language of the document.

    Returns:
        The bytes of the .docx file.
    """
    blocks = build_blocks(basis, lang, markdown=False)
    title = blocks[0].text if blocks and isinstance(blocks[0], Heading) else t("a.doc.title", lang)
    return render_docx(blocks, lang, basis.created, title)
