"""Self-assessment for buyers: the questionnaire, the verdict with its reasons, sizing, a condition draft,
the action plan and the decision basis to download. Answers live in the URL and can be saved as a file."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from guidance.assessment.action_plan import ActionPlan, action_plan
from guidance.assessment.answers_io import (
    DOCUMENT,
    MAX_JSON_BYTES,
    PARAM_KEYS,
    answers_from_json,
    answers_from_params,
    answers_to_json,
    answers_to_params,
)
from guidance.assessment.assess import Answers, Assessment, Question, assess, load_questionnaire
from guidance.assessment.conditions import ConditionDraft, ConditionOptions, draft_condition, load_conditions
from guidance.assessment.sizing import (
    Sizing,
    SizingRule,
    contract_from_answers,
    custom_rule,
    load_sizing_rules,
    size_all,
)
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.core.i18n import t
from guidance.core.models import Evidence
from guidance.documents.decision_basis import (
    DecisionBasis,
    Table,
    answer_value,
    decision_basis_docx,
    decision_basis_markdown,
    sizing_table,
    who_text,
)
from ui.components import evidence_label, md_escape, model, page_header
from ui.registry import PAGES
from ui.state import default, lang, tr

L = lang()  # format functions below use it directly: AppTest calls them outside the script run
QN = load_questionnaire()
M = model()
COND = load_conditions()
RULES = load_sizing_rules()
CALC_PAGE = "app_pages/calculator.py"

#: Widget steps for the number questions (presentation only; the limits are in the questionnaire).
STEPS: dict[str, float | int] = {"value_sek": 1_000_000.0, "duration_months": 1, "fte": 1.0, "labour_share": 5.0}
#: Highest bonus per month the input takes (the same technical limit as ``ConditionOptions``).
BONUS_MAX = float(ConditionOptions.model_fields["bonus_employment_sek"].metadata[-1].le)
#: Dates the date picker offers; a start date outside them in a link is reported and skipped.
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
GATE_CHARS = {"yes": "y", "no": "n"}
BLOCKS = ("gates", "contract", "fit", "capacity", "risks")
VERDICT_BOX = {
    "not_yet": st.warning,
    "not_suitable": st.info,
    "basic": st.info,
    "advanced": st.success,
    "advanced_bonus": st.success,
}
LEVELS = ("recommended", "basic", "advanced", "advanced_bonus")
RISKS_NONE = "a.q.risks_none"


def qkey(question_id: str) -> str:
    """The widget key of a question."""
    return f"a.q.{question_id}"


# -- widget state <-> answers ---------------------------------------------------------------------
def widget_value(q: Question, value: Any) -> Any:
    """The widget value that shows ``value`` (an answer) for question ``q``."""
    if q.kind == "risk":
        return sorted(value) if value else []
    if q.kind in ("gate", "bool"):
        return None if value is None else ("yes" if value else "no")
    if q.kind == "number" and value is not None:  # the widget's number type must not change
        return int(value) if isinstance(STEPS.get(q.id), int) else float(value)
    return value


def set_defaults() -> None:
    """Give every widget of the page its starting value once per session."""
    for q in QN.questions:
        default(qkey(q.id), widget_value(q, None))
    default(RISKS_NONE, False)
    default("a.name", "")
    default("a.rule", RULES[0].id)
    template = next(r for r in RULES if r.id == "custom")
    for option in QN.question("contract_type").options:
        divisor = template.divisors_sek.get(option.id)  # type: ignore[call-overload]
        default(f"a.custom.{option.id}", divisor / 1e6 if divisor else None)
    default("a.custom.rounding", template.rounding)
    default("a.custom.min1", template.minimum_one)
    default("a.cond.level", "recommended")
    default("a.cond.groups", [])
    default("a.cond.custom", "")
    default("a.cond.alts", ["a"])
    reset_bonus(only_missing=True)
    default("a.plan.phase", M.step("A2").phase)  # the self-assessment is step A2 of the process
    default("a.plan.actor", "all")


def reset_bonus(only_missing: bool = False) -> None:
    """Put the bonus amounts back to the content's defaults."""
    for key, param in (
        ("a.cond.bonus_int", "bonus_internship_sek_per_month"),
        ("a.cond.bonus_emp", "bonus_employment_sek_per_month"),
    ):
        if not only_missing or key not in st.session_state:
            st.session_state[key] = COND.param(param)


def load_into_widgets(answers: Answers) -> list[str]:
    """Show ``answers`` in the question widgets (others become unanswered); return skipped fields."""
    skipped: list[str] = []
    for q in QN.questions:
        value = answer_value(answers, q)
        if q.kind == "date" and value is not None and not DATE_MIN <= value <= DATE_MAX:
            skipped.append(q.id)
            value = None
        st.session_state[qkey(q.id)] = widget_value(q, value)
    st.session_state[RISKS_NONE] = answers.risks is not None and not answers.risks
    return skipped


def reset_answers() -> None:
    """Forget every answer (button callback)."""
    load_into_widgets(Answers())
    st.session_state.pop("_a_notice", None)


def widget_params() -> dict[str, str]:
    """The current widget values in the URL parameter form, so one validation path checks them all."""
    out: dict[str, str] = {}
    gates: list[str] = []
    for q in QN.questions:
        value = st.session_state.get(qkey(q.id))
        key = PARAM_KEYS.get(q.id)
        if q.kind == "gate":
            gates.append(GATE_CHARS.get(value, "-"))
        elif key is None:
            continue
        elif q.kind == "bool":
            if value in GATE_CHARS:
                out[key] = "1" if value == "yes" else "0"
        elif q.kind == "risk":
            if value:
                out[key] = ",".join(value)
            elif st.session_state.get(RISKS_NONE):
                out[key] = "-"
        elif q.kind == "date":
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
        elif q.kind == "number":
            if value is not None:
                out[key] = repr(value)
        elif value:
            out[key] = str(value)
    if any(c != "-" for c in gates):
        out[PARAM_KEYS["gates"]] = "".join(gates)
    return out


def current_params() -> dict[str, str]:
    """The URL parameters of the answers the widgets now hold (valid answers only)."""
    return answers_to_params(answers_from_params(widget_params())[0])


def url_params() -> dict[str, str]:
    """The answer parameters currently in the page address."""
    known = set(PARAM_KEYS.values())
    return {k: v for k, v in st.query_params.to_dict().items() if k in known}


def read_url() -> None:
    """Load answers from a link that was opened or edited (not from the address this page wrote)."""
    incoming = url_params()
    if not incoming or incoming == st.session_state.get("_a_params"):
        return
    answers, errors = answers_from_params(incoming)
    skipped = load_into_widgets(answers)
    errors.update({f: "a.err.date" for f in skipped})
    st.session_state["_a_params"] = incoming
    st.session_state["_a_notice"] = ("url", errors, current_params()) if errors else None


def read_upload(upload: Any) -> None:
    """Load answers from an uploaded JSON file once per file; malformed files change nothing."""
    if upload is None or st.session_state.get("_a_upload_id") == upload.file_id:
        return
    st.session_state["_a_upload_id"] = upload.file_id
    max_kb = MAX_JSON_BYTES // 1000
    if upload.size > MAX_JSON_BYTES:
        st.session_state["_a_notice"] = ("too_big", {"kb": upload.size // 1000, "max": max_kb}, None)
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.session_state["_a_notice"] = ("bad", {DOCUMENT: "a.err.json_malformed"}, None)
        return
    answers, errors = answers_from_json(text)
    if DOCUMENT in errors:
        st.session_state["_a_notice"] = ("bad", errors, None)
        return
    skipped = load_into_widgets(answers)
    errors.update({f: "a.err.date" for f in skipped})
    st.session_state["_a_notice"] = ("partly" if errors else "ok", errors, current_params())


def field_name(field: str) -> str:
    """A question's short name for messages (falls back to the field id)."""
    if field == "gates":
        return tr("a.block.gates")
    try:
        return QN.question(field).short(L)
    except KeyError:
        return field


def show_notice(current: dict[str, str]) -> None:
    """The outcome of the last link or file that was read, until the answers are changed.

    Args:
        current: The URL parameters of the current answers; a notice made for other answers is dropped.
    """
    notice = st.session_state.get("_a_notice")
    if not notice:
        return
    kind, info, made_for = notice
    if made_for is None:  # nothing was loaded: show the message once
        st.session_state["_a_notice"] = None
    elif made_for != current:
        st.session_state["_a_notice"] = None
        return
    if kind == "ok":
        st.success(tr("a.upload_ok"), icon=":material/check_circle:")
    elif kind == "too_big":
        st.error(tr("a.upload_too_big", **info), icon=":material/error:")
    elif kind == "bad":
        st.error(f"{tr('a.upload_bad')} {tr(info.get(DOCUMENT, 'a.err.json_malformed'))}", icon=":material/error:")
    else:
        lines = "\n".join(f"- {md_escape(field_name(f))}: {tr(key)}" for f, key in info.items())
        intro = tr("a.url_partly") if kind == "url" else tr("a.upload_partly")
        st.warning(f"{intro}\n\n{lines}", icon=":material/warning:")


# -- domain calls ---------------------------------------------------------------------------------
def chosen_rules() -> tuple[tuple[SizingRule, ...], bool]:
    """The rule sets to compare, with the custom one built from its inputs; False if it is invalid."""
    divisors = {}
    for option in QN.question("contract_type").options:
        value = st.session_state.get(f"a.custom.{option.id}")
        if isinstance(value, (int, float)) and value > 0:
            divisors[option.id] = float(value) * 1e6
    rules: list[SizingRule] = []
    ok = True
    for rule in RULES:
        if rule.id != "custom":
            rules.append(rule)
            continue
        try:
            if not divisors:
                raise ValueError("no divisor")
            rules.append(
                custom_rule(divisors, st.session_state["a.custom.rounding"], bool(st.session_state["a.custom.min1"]))
            )
        except (ValidationError, ValueError):
            ok = False
    return tuple(rules), ok


def condition_options(answers: Answers) -> ConditionOptions:
    """The buyer's condition choices from the widgets."""
    level = st.session_state.get("a.cond.level")
    return ConditionOptions(
        level=None if level == "recommended" else level,
        target_groups=tuple(st.session_state.get("a.cond.groups") or ()),
        custom_target_group=str(st.session_state.get("a.cond.custom") or "")[:300],
        alternatives=tuple(st.session_state.get("a.cond.alts") or ("a",)),
        contract_start=answers.start_date,
        bonus_internship_sek=_amount("a.cond.bonus_int"),
        bonus_employment_sek=_amount("a.cond.bonus_emp"),
    )


def _amount(key: str) -> float | None:
    value = st.session_state.get(key)
    return float(value) if isinstance(value, (int, float)) and 0 <= value <= BONUS_MAX else None


def socio_estimate(sizing: Sizing | None) -> Any:
    """The calculator's result for the chosen sizing with its default inputs, if the calculator is there."""
    if sizing is None or sizing.exempt or not sizing.places:
        return None
    try:
        from guidance.calculator.calculate import calculate, inputs_from_sizing, load_parameters

        params = load_parameters()
        months = max(1, round(sizing.employment_months / sizing.places))
        inputs = inputs_from_sizing(sizing.places, months, "employment", params.default_inputs("employment"))
        return calculate(inputs, params)
    except Exception:
        return None


# -- rendering ------------------------------------------------------------------------------------
def show_errors(field: str, errors: dict[str, str]) -> None:
    """The message for a field whose answer could not be used, right under it."""
    if field in errors:
        st.error(tr(errors[field]), icon=":material/error:")


def question_widget(q: Question, errors: dict[str, str]) -> None:
    """One question with a real label, its help text and any error message."""
    key, label, help_text = qkey(q.id), q.text(L), q.help(L)
    if q.kind in ("gate", "bool"):
        st.radio(
            label,
            ["yes", "no", "unknown"],
            key=key,
            persist_state="session",
            horizontal=True,
            help=help_text,
            format_func=lambda v: t(f"a.{v}", L),
        )
    elif q.kind == "choice":
        st.radio(
            label,
            [o.id for o in q.options],
            key=key,
            persist_state="session",
            horizontal=True,
            help=help_text,
            format_func=lambda v, q=q: q.option(v).label(L),
        )  # type: ignore[union-attr]
    elif q.kind == "number":
        step = STEPS.get(q.id, 1.0)
        fmt = "%d" if isinstance(step, int) else "%.0f" if q.id == "value_sek" else "%.1f"
        st.number_input(
            label,
            key=key,
            persist_state="session",
            step=step,
            format=fmt,
            help=help_text,
            min_value=0.0 if q.id == "labour_share" else None,
            max_value=100.0 if q.id == "labour_share" else None,
        )
        value = st.session_state.get(key)
        if q.id == "value_sek" and isinstance(value, (int, float)) and value > 0 and q.id not in errors:
            st.caption(fmt_sek(value, L))
    elif q.kind == "date":
        st.date_input(
            label,
            key=key,
            persist_state="session",
            help=help_text,
            min_value=DATE_MIN,
            max_value=DATE_MAX,
            format="YYYY-MM-DD",
        )
    elif q.kind == "risk":
        st.multiselect(
            label,
            [o.id for o in q.options],
            key=key,
            persist_state="session",
            help=help_text,
            format_func=lambda v, q=q: q.option(v).label(L),
            placeholder=tr("a.choose"),
        )  # type: ignore[union-attr]
        st.checkbox(tr("a.risks_none"), key=RISKS_NONE, persist_state="session")
        if st.session_state.get(key) and st.session_state.get(RISKS_NONE):
            st.caption(tr("a.risks_conflict"))
    show_errors(q.id, errors)


def source_md(source_id: str, evidence: Evidence | str | None) -> str:
    """A short Markdown source reference: linked title and evidence marker."""
    src = next((s for s in M.sources if s.id == source_id), None)
    if src is None:
        return md_escape(source_id)
    return tr(
        "a.cond.source",
        title=md_escape(src.title(L)),
        url=src.url,
        evidence=evidence_label(evidence) if evidence else "",
    )


def table_frame(table: Table) -> pd.DataFrame:
    """A neutral table as a DataFrame for ``st.dataframe``."""
    return pd.DataFrame(list(table.rows), columns=list(table.header))


def summary(assessment: Assessment, chosen: Sizing | None, custom_ok: bool) -> None:
    """The verdict banner, the key numbers, the rule choice and the flags."""
    st.header(tr("a.result"))
    verdict = QN.verdict(assessment.verdict)
    VERDICT_BOX[assessment.verdict](f"**{verdict.title(L)}**\n\n{verdict.summary(L)}")
    st.markdown(tr("a.doc.next_step", text=verdict.next_step(L)))
    numerical = assessment.verdict in ("advanced", "advanced_bonus")
    top = st.columns(2)
    top[0].metric(tr("a.metric.score"), f"{assessment.score} / {assessment.max_score}")
    if numerical and chosen is not None and not chosen.exempt:
        top[1].metric(tr("a.metric.places"), fmt_num(chosen.places, L))
        months = st.columns(2)
        months[0].metric(tr("a.metric.employment"), fmt_num(chosen.employment_months, L))
        if chosen.internship_months:
            months[1].metric(tr("a.metric.internship"), fmt_num(chosen.internship_months, L))
        milestone = (
            chosen.milestone_date.isoformat()
            if chosen.milestone_date
            else tr("a.metric.milestone_months", months=chosen.milestone_months)
        )
        st.metric(tr("a.metric.milestone"), milestone)
    elif numerical and chosen is not None:
        top[1].metric(tr("a.metric.places"), "0")
        st.markdown(tr("a.metric.exempt"))
    if assessment.missing:
        st.markdown(f":material/pending: {tr('a.missing', n=len(assessment.missing))}")

    st.radio(
        tr("a.rule"),
        [r.id for r in RULES],
        key="a.rule",
        persist_state="session",
        help=tr("a.rule_help"),
        format_func=lambda rid: next(r.name(L) for r in RULES if r.id == rid),
    )
    if st.session_state["a.rule"] == "custom":
        with st.expander(tr("a.custom.title"), expanded=True):
            for option in QN.question("contract_type").options:
                st.number_input(
                    tr("a.custom.divisor", type=option.label(L)),
                    key=f"a.custom.{option.id}",
                    persist_state="session",
                    min_value=0.0,
                    step=5.0,
                    format="%.1f",
                )
            st.radio(
                tr("a.custom.rounding"),
                ["floor", "ceil"],
                key="a.custom.rounding",
                persist_state="session",
                format_func=lambda v: t(f"a.custom.{v}", L),
            )
            st.checkbox(tr("a.custom.minimum_one"), key="a.custom.min1", persist_state="session")
            if not custom_ok:
                st.error(tr("a.custom.error"), icon=":material/error:")

    if assessment.flags:
        st.subheader(tr("a.flags"))
        st.markdown(
            "\n".join(
                f"- **{md_escape(QN.flag(f).title(L))}**: {md_escape(QN.flag(f).text(L))}" for f in assessment.flags
            )
        )

    calc_registered = any(spec.path == CALC_PAGE for spec in PAGES)
    if calc_registered and chosen is not None and not chosen.exempt and chosen.places:
        if st.button(tr("a.calc.button"), help=tr("a.calc.help"), icon=":material/calculate:", key="assess_btn_calc"):
            st.session_state["calc.prefill"] = {
                "positions": chosen.places,
                "months": max(1, round(chosen.employment_months / chosen.places)),
                "form": "employment",
            }
            st.switch_page(CALC_PAGE)


def reasons_tab(assessment: Assessment) -> None:
    """Every rule behind the verdict with points and a linked source."""
    st.subheader(tr("a.reasons_title"))
    st.markdown(tr("a.reasons_intro"))
    lines = []
    for r in assessment.reasons:
        lines.append(f"- {md_escape(r.text(L))}  \n  :small[{source_md(r.source, r.evidence)}]")
    st.markdown("\n".join(lines))


def sizing_tab(assessment: Assessment, sizings: tuple[Sizing, ...], chosen: Sizing | None) -> None:
    """All rule sets side by side, and how the chosen one worked it out."""
    st.subheader(tr("a.sizing_title"))
    if not sizings:
        st.info(tr("a.no_contract"))
        return
    if assessment.verdict not in ("advanced", "advanced_bonus"):
        st.caption(tr("a.not_numerical"))
    st.markdown(tr("a.doc.sizing_intro"))
    st.dataframe(table_frame(sizing_table(sizings, st.session_state["a.rule"], L)), hide_index=True)
    if chosen is not None:
        with st.expander(tr("a.sizing_reasons")):
            st.markdown(
                "\n".join(
                    f"- {md_escape(r.text(L))}  \n  :small[{source_md(r.source, r.evidence)}]" for r in chosen.reasons
                )
            )


def condition_tab(draft: ConditionDraft) -> None:
    """The condition choices and the filled-in draft."""
    st.subheader(tr("a.cond.title"))
    st.selectbox(
        tr("a.cond.level"),
        LEVELS,
        key="a.cond.level",
        persist_state="session",
        format_func=lambda v: t("a.cond.level_recommended" if v == "recommended" else f"a.cond.level.{v}", L),
    )
    if not draft.parts:
        st.info(tr("a.cond.none"))
        return
    left, right = st.columns(2)
    left.multiselect(
        tr("a.cond.groups"),
        [g.id for g in COND.target_groups],
        key="a.cond.groups",
        persist_state="session",
        help=tr("a.cond.groups_help"),
        placeholder=tr("a.choose"),
        format_func=lambda gid: COND.target_group(gid).name(L),
    )
    left.text_input(tr("a.cond.custom"), key="a.cond.custom", persist_state="session", max_chars=300)
    if draft.level != "basic":
        right.multiselect(
            tr("a.cond.alternatives"),
            [a.id for a in COND.alternatives],
            key="a.cond.alts",
            persist_state="session",
            help=tr("a.cond.alternatives_help"),
            placeholder=tr("a.choose"),
            format_func=lambda aid: next(a.name(L) for a in COND.alternatives if a.id == aid),
        )
    if draft.level == "advanced_bonus":
        for key, label in (
            ("a.cond.bonus_int", "a.cond.bonus_internship"),
            ("a.cond.bonus_emp", "a.cond.bonus_employment"),
        ):
            right.number_input(
                tr(label),
                key=key,
                persist_state="session",
                min_value=0.0,
                max_value=BONUS_MAX,
                step=1000.0,
                format="%.0f",
                help=tr("a.cond.bonus_help"),
            )
        right.button(tr("a.cond.reset_bonus"), on_click=reset_bonus, key="assess_btn_reset_bonus")

    st.info(draft.notice, icon=":material/info:")
    if draft.blanks:
        st.caption(tr("a.cond.blanks"))
    for part in draft.parts:
        with st.container(border=True):
            st.markdown(f"#### {md_escape(part.title)}")
            if part.criterion_id:
                st.caption(tr("a.cond.criterion", id=part.criterion_id))
            for sec in part.sections:
                st.markdown(f"##### {md_escape(sec.heading)}")
                if not sec.verified:
                    st.warning(draft.unverified_label, icon=":material/help:")
                st.markdown(md_escape(sec.body))
                st.markdown(f":small[{source_md(sec.source, sec.evidence)}]")


def plan_tab(plan: ActionPlan) -> None:
    """The steps from the current phase on, for everyone or one role."""
    st.subheader(tr("a.plan.title"))
    left, right = st.columns(2)
    left.selectbox(
        tr("a.plan.phase"),
        [p.id for p in M.phases],
        key="a.plan.phase",
        persist_state="session",
        format_func=lambda pid: M.phase(pid).name(L),
    )
    right.selectbox(
        tr("a.plan.actor"),
        ["all", *M.actors()],
        key="a.plan.actor",
        persist_state="session",
        format_func=lambda a: t("a.plan.everyone", L) if a == "all" else M.actor_name(a, L),
    )
    if plan.intro is not None:
        st.markdown(plan.intro(L))
    actor = st.session_state["a.plan.actor"]
    items = plan.items if actor == "all" else plan.for_actor(actor)
    if not items:
        st.info(tr("a.plan.empty"))
    else:
        st.caption(tr("a.plan.count", n=len(items)))
    for phase_id in dict.fromkeys(i.phase for i in items):
        st.markdown(f"#### {md_escape(M.phase(phase_id).name(L))}")
        lines = []
        for item in (i for i in items if i.phase == phase_id):
            step = M.step(item.step_id)
            if actor == "all":
                role = f"{tr('a.doc.responsible')}: {who_text(item, L)}" if item.responsible else who_text(item, L)
            else:
                role = f"{tr('a.plan.duty')}: {t(f'duty.{item.involved[actor].value}', L)}"
            line = f"- **{md_escape(step.id)} {md_escape(step.title(L))}** · {md_escape(role)}"
            if item.due:
                line += f" · **{tr('a.doc.due')}: {item.due.isoformat()}**"
            if item.note:
                line += f"  \n  {md_escape(item.note(L))}"
            lines.append(line)
        st.markdown("\n".join(lines))
    if plan.checklist:
        st.markdown(f"#### {md_escape(tr('a.doc.checklist'))}")
        st.caption(tr("a.doc.checklist_note"))
        items = {c.id: c for c in M.checklist}
        st.markdown("\n".join(f"- {md_escape(items[c].text(L))}" for c in plan.checklist if c in items))


def download_tab(basis: DecisionBasis, answers: Answers) -> None:
    """The decision basis in Word and Markdown, and the answers as a file."""
    st.subheader(tr("a.dl.title"))
    st.markdown(tr("a.dl.note"))
    stamp = basis.created.isoformat()
    cols = st.columns(3)
    cols[0].download_button(
        tr("a.dl.docx"),
        data=functools.partial(decision_basis_docx, basis, L),
        file_name=f"{tr('a.dl.filename')}-{stamp}.docx",
        icon=":material/description:",
        key="assess_dl_docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    cols[1].download_button(
        tr("a.dl.md"),
        data=functools.partial(decision_basis_markdown, basis, L),
        file_name=f"{tr('a.dl.filename')}-{stamp}.md",
        mime="text/markdown",
        icon=":material/article:",
        key="assess_dl_md",
    )
    cols[2].download_button(
        tr("a.dl.json"),
        data=answers_to_json(answers),
        file_name=f"{tr('a.dl.answers_filename')}-{stamp}.json",
        mime="application/json",
        icon=":material/save:",
        key="assess_dl_json",
    )
    st.caption(tr("a.share_note"))


# -- the page -------------------------------------------------------------------------------------
page_header("page.assessment", "a.intro")
set_defaults()
read_url()
with st.expander(tr("a.resume_title")):
    st.markdown(tr("a.resume_help"))
    # Buttons and uploaders cannot be given values through session state, so their keys stay
    # outside the "a." prefix that the app re-assigns on every run.
    upload = st.file_uploader(
        tr("a.upload"), type=["json"], key="assess_upload", help=tr("a.upload_help", kb=MAX_JSON_BYTES // 1000)
    )
    read_upload(upload)
    st.button(tr("a.reset"), on_click=reset_answers, key="assess_btn_reset", icon=":material/restart_alt:")

answers, errors = answers_from_params(widget_params())
show_notice(answers_to_params(answers))
notice = st.session_state.get("_a_notice")
if notice and notice[0] in ("url", "partly"):  # also show what a link or file got wrong at its field
    errors = {**notice[1], **errors}
# Keep the address in step with the answers, so the link shares and resumes them.
params = answers_to_params(answers)
if url_params() != params:
    for key in set(url_params()) - set(params):
        del st.query_params[key]
    st.query_params.update(params)
st.session_state["_a_params"] = params

assessment = assess(answers)
contract = contract_from_answers(answers)
rules, custom_ok = chosen_rules()
sizings = size_all(contract, rules) if contract is not None else ()
chosen = next((s for s in sizings if s.rule_id == st.session_state["a.rule"]), None)
draft = draft_condition(assessment, chosen, condition_options(answers), L)
phase = (
    st.session_state["a.plan.phase"]
    if st.session_state["a.plan.phase"] in {p.id for p in M.phases}
    else M.step("A2").phase
)
plan = action_plan(assessment, chosen, phase, answers.start_date, answers.duration_months)

left, right = st.columns([3, 2], gap="large")
with left:
    st.header(tr("a.questions"))
    st.text_input(tr("a.name"), key="a.name", persist_state="session", help=tr("a.name_help"), max_chars=120)
    for block in BLOCKS:
        questions = [q for q in QN.questions if q.block == block]
        if not questions:
            continue
        with st.container(border=True):
            st.subheader(tr(f"a.block.{block}"))
            for q in questions:
                question_widget(q, errors)
            if block == "gates":
                show_errors("gates", errors)
answered = len(assessment.missing) < len([q for q in QN.questions if not q.optional])
with right:
    if answered:
        summary(assessment, chosen, custom_ok)
    else:
        st.header(tr("a.result"))
        st.info(tr("a.empty"), icon=":material/edit_note:")
if not answered:
    st.stop()

basis = DecisionBasis(
    answers=answers,
    assessment=assessment,
    sizings=sizings,
    chosen_rule=st.session_state["a.rule"],
    draft=draft,
    plan=plan,
    created=dt.date.today(),
    title=str(st.session_state.get("a.name") or "")[:120],
    socio=socio_estimate(chosen),
)
tabs = st.tabs([tr("a.tab.reasons"), tr("a.tab.sizing"), tr("a.tab.condition"), tr("a.tab.plan"), tr("a.tab.download")])
with tabs[0]:
    reasons_tab(assessment)
with tabs[1]:
    sizing_tab(assessment, sizings, chosen)
with tabs[2]:
    condition_tab(draft)
with tabs[3]:
    plan_tab(plan)
with tabs[4]:
    download_tab(basis, answers)
