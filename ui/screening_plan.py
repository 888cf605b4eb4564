"""Plan screening widgets for the plan itself: the file, the column mapping, the row editor, the problems.

The check of how the file was read (sheet, header row, units, category words) is in
:mod:`ui.screening_check`.

Widget keys start with ``plan.`` (inputs) or ``plan_`` (buttons, uploads, editors); state the page keeps
itself starts with ``plan_state.``. Text from files is only ever shown in tables or as escaped text.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple, cast

import pandas as pd
import streamlit as st
from streamlit.elements.widgets.data_editor import DataEditorSerde  # not public API: see _tolerant_editor_states

from guidance.content.loader import CONTENT_DIR
from guidance.core.formatting import fmt_num
from guidance.screening.content import COLUMN_IDS, load_plan_content
from guidance.screening.editing import UNREADABLE_KEY, apply_editor_state, check_editor_state
from guidance.screening.plan_input import (
    FILE_DIGEST_CHARS,
    ReadOptions,
    chosen_columns,
    editor_choices,
    file_id,
    mapping_id,
    plan_digest,
    problem_counts,
    upload_limit_mb,
)
from guidance.screening.preview import RowCounts, counts_text
from guidance.screening.reading import (
    CheckedPlan,
    ParsedPlan,
    PlanError,
    RawTable,
    auto_mapping,
    check_plan,
    missing_columns,
    parse_plan,
    problems_table,
    read_table,
)
from guidance.screening.report import category_label, type_label
from ui.components import md_escape
from ui.state import default, lang, tr

SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"
UPLOAD_KEPT = "plan_state.upload"
EDITOR_VERSION = "plan_state.editor_version"
SOURCES = ("sample", "upload")
#: Columns of the mapping form.
MAP_COLUMNS = 3
#: Height of the plan table in pixels.
TABLE_HEIGHT = 360


class PlanFile(NamedTuple):
    """The chosen plan: its bytes, file name, a label for reports and its id."""

    data: bytes
    name: str
    label: str

    @property
    def id(self) -> str:
        """The file's id (see :func:`guidance.screening.plan_input.file_id`)."""
        return file_id(self.data, self.name)


# --------------------------------------------------------------------------- cached pure steps
#: How long and how many read files the page's cache keeps (uploaded plans never stay longer).
CACHE = load_plan_content().limits
CHECKED_KEPT = "plan_state.checked"


@st.cache_data(show_spinner=False, max_entries=CACHE.cache_entries, ttl=CACHE.cache_ttl_seconds)
def _read(
    data: bytes, name: str, max_rows: int, sheet: str | None, header_row: int | None
) -> tuple[RawTable | None, str | None, dict[str, Any]]:
    """Read a file; a file-level problem is returned as (None, key, values)."""
    try:
        return read_table(data, name, max_rows, sheet=sheet, header_row=header_row), None, {}
    except PlanError as exc:
        return None, exc.key, exc.values


@st.cache_data(show_spinner=False, max_entries=CACHE.cache_entries, ttl=CACHE.cache_ttl_seconds)
def _parse(raw: RawTable, mapping: tuple[tuple[str, str], ...], options_json: str) -> ParsedPlan:
    return parse_plan(raw, dict(mapping), options=ReadOptions.model_validate_json(options_json))


def parsed_plan(raw: RawTable, mapping: dict[str, str], options: ReadOptions) -> ParsedPlan:
    """The file's rows as plan columns under ``mapping`` and ``options`` (cached per table, mapping, units and words)."""
    parsing = options.model_copy(update={"sheet": None, "header_row": None})
    return _parse(raw, tuple(sorted(mapping.items())), parsing.model_dump_json())


def checked_plan(edited: pd.DataFrame, problems: pd.DataFrame) -> CheckedPlan:
    """:func:`check_plan` of the edited table, kept for this session while the table is the same.

    Only the last result is kept (in the session, not in a cache shared by every session), keyed by
    a hash of the table's cells and row numbers and of the problems found while reading.
    """
    key = plan_digest(edited, problems)
    kept = st.session_state.get(CHECKED_KEPT)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
        return cast(CheckedPlan, kept[1])
    checked = check_plan(edited, load_plan_content(), problems)
    st.session_state[CHECKED_KEPT] = (key, checked)
    return checked


def table_id(fid: str, raw: RawTable) -> str:
    """An id of the table read from a file: its sheet and header row as well as the file."""
    return f"{fid}|{raw.sheet or ''}|{raw.header_row}"


# --------------------------------------------------------------------------- the file
def plan_file() -> PlanFile | None:
    """The choice of plan (sample or upload); None while nothing is uploaded."""
    st.header(tr("plan.input_title"))
    default("plan.source", "sample")
    source = st.radio(
        tr("plan.source_label"),
        list(SOURCES),
        key="plan.source",
        persist_state="session",
        horizontal=True,
        format_func={v: tr(f"plan.source.{v}") for v in SOURCES}.get,
    )
    if source == "sample":
        st.info(tr("plan.synthetic_note"), icon=":material/science:")
        data = SAMPLE.read_bytes()
        st.download_button(
            tr("plan.template"),
            data,
            file_name=f"{tr('plan.template_stem')}.csv",
            mime="text/csv",
            key="plan_dl_template",
            on_click="ignore",
            icon=":material/download:",
        )
        return PlanFile(data, SAMPLE.name, tr("plan.doc.sample"))
    limits = load_plan_content().limits
    upload = st.file_uploader(
        tr("plan.upload"),
        type=["csv", "txt", "tsv", "xlsx", "ods"],
        key="plan_upload",
        on_change=_remember_upload,
        help=tr("plan.upload_help", mb=fmt_num(upload_limit_mb(limits), lang()), rows=fmt_num(limits.max_rows, lang())),
    )
    if upload is not None:
        return PlanFile(upload.getvalue(), upload.name, upload.name)
    kept = st.session_state.get(UPLOAD_KEPT)
    if kept is not None:
        st.caption(tr("plan.upload_kept", name=md_escape(kept[1])))
        return PlanFile(kept[0], kept[1], kept[1])
    st.caption(tr("plan.upload_prompt"))
    return None


def _remember_upload() -> None:
    """Keep the uploaded file when the user leaves the page; forget it when the user removes it."""
    upload = st.session_state.get("plan_upload")
    if upload is None:
        st.session_state.pop(UPLOAD_KEPT, None)
    else:
        st.session_state[UPLOAD_KEPT] = (upload.getvalue(), upload.name)


def read_plan_file(plan: PlanFile, options: ReadOptions) -> RawTable | None:
    """The file's table and a line on how many rows were read; None (with the message shown) if unreadable."""
    limits = load_plan_content().limits
    raw, error, values = _read(plan.data, plan.name, limits.max_rows, options.sheet, options.header_row)
    if raw is None:
        safe = {
            k: md_escape(v, inline=True)
            if isinstance(v, str)
            else tuple(md_escape(x, inline=True) for x in v)
            if isinstance(v, tuple)
            else v
            for k, v in values.items()
        }
        st.error(PlanError(error or "plan.err.empty", **safe).message(lang()), icon=":material/error:")
        return None
    st.caption(tr("plan.file_info", rows=fmt_num(len(raw.cells), lang()), name=md_escape(plan.label)))
    return raw


# --------------------------------------------------------------------------- mapping
def column_mapping(raw: RawTable, tid: str) -> dict[str, str] | None:
    """The column mapping (auto-detected for each new table, changeable); None while required columns are missing."""
    content, lg = load_plan_content(), lang()
    if st.session_state.get("plan_state.fid") != tid:
        st.session_state["plan_state.fid"] = tid
        auto = auto_mapping(raw.headers, content, hidden=raw.hidden)
        for col in COLUMN_IDS:
            st.session_state[f"plan.map.{col}"] = auto.get(col, "")
    missing = missing_columns(chosen_columns(_map_choices(), raw.headers), content)
    with st.expander(tr("plan.map_title"), expanded=bool(missing), icon=":material/view_column:"):
        st.caption(tr("plan.map_help"))
        options = ["", *raw.headers]
        none = tr("plan.map_none")
        cols = st.columns(MAP_COLUMNS)
        for index, col in enumerate(content.columns):
            if st.session_state.get(f"plan.map.{col.id}") not in options:
                st.session_state[f"plan.map.{col.id}"] = ""
            cols[index % MAP_COLUMNS].selectbox(
                col.label(lg) + (" *" if col.required else ""),
                options,
                key=f"plan.map.{col.id}",
                persist_state="session",
                help=col.help(lg),
                format_func=lambda h: none if h == "" else h,
            )
        st.caption(tr("plan.map_one_of"))
    mapping = chosen_columns(_map_choices(), raw.headers)
    missing = missing_columns(mapping, content)
    if missing:
        names = ", ".join(content.column(c).label(lg) for c in missing)
        st.warning(tr("plan.map_missing", columns=names), icon=":material/view_column:")
        return None
    return mapping


def _map_choices() -> dict[str, str]:
    return {col: st.session_state.get(f"plan.map.{col}", "") for col in COLUMN_IDS}


# --------------------------------------------------------------------------- editor
def editor_key(tid: str, mapping: dict[str, str], options: ReadOptions) -> str:
    """The editor's widget key: a new table, mapping, unit or category word, or a reset starts a fresh editor.

    ``tid`` names the table as read (:func:`table_id`), so the sheet and header row count as they
    were found, not as they were asked for.
    """
    version = st.session_state.get(EDITOR_VERSION, 0)
    parsing = options.model_copy(update={"sheet": None, "header_row": None}).digest()
    return f"plan_editor_{file_id(tid.encode(), '')[:FILE_DIGEST_CHARS]}_{mapping_id(mapping)}_{parsing}_{version}"


def plan_editor(plan: pd.DataFrame, key: str) -> pd.DataFrame:
    """The plan in an editable table (read-only above the editor limit); returns the table as edited."""
    st.subheader(tr("plan.edit_title"))
    content, lg = load_plan_content(), lang()
    labels = {c.id: c.label(lg) for c in content.columns}
    choices = editor_choices(plan, content)
    config = {
        "_index": st.column_config.NumberColumn(tr("plan.col.row"), disabled=True, format="%d"),
        "name": st.column_config.TextColumn(labels["name"], max_chars=content.limits.max_cell_chars, width="medium"),
        "category": st.column_config.SelectboxColumn(
            labels["category"], options=list(choices.categories), format_func=lambda v: category_label(v, lg, content)
        ),
        "contract_type": st.column_config.SelectboxColumn(
            labels["contract_type"], options=list(choices.contract_types), format_func=lambda v: type_label(v, lg)
        ),
        "value_sek": st.column_config.NumberColumn(labels["value_sek"], min_value=0, format="localized", step=1),
        "duration_months": st.column_config.NumberColumn(labels["duration_months"], min_value=0, step=1, format="%d"),
        "fte": st.column_config.NumberColumn(labels["fte"], min_value=0, step=0.1, format="localized"),
        "labour_share": st.column_config.NumberColumn(labels["labour_share"], min_value=0, max_value=100, step=1),
        "framework": st.column_config.CheckboxColumn(labels["framework"]),
        "start_date": st.column_config.DateColumn(labels["start_date"], format="YYYY-MM-DD"),
    }
    if len(plan) > content.limits.editor_max_rows:
        st.caption(tr("plan.readonly_note", max=fmt_num(content.limits.editor_max_rows, lg)))
        st.dataframe(plan, width="stretch", height=TABLE_HEIGHT, column_config=config, placeholder="")
        return plan
    st.caption(tr("plan.edit_help"))
    base_key, out_key, gen_key = f"plan_state.base.{key}", f"plan_state.out.{key}", f"plan_state.gen.{key}"
    widget = f"{key}_{st.session_state.get(gen_key, 0)}"
    sent, replaced = _editor_state(widget), False
    if sent is _UNREADABLE or sent is not None:
        base = st.session_state.get(base_key, st.session_state.get(out_key, plan))
        found = check_editor_state(
            None if sent is _UNREADABLE else sent, len(base), content.limits.editor_max_rows, list(base.columns)
        )
        if sent is _UNREADABLE or found.problem is not None:
            # Not handed to Streamlit: the valid part is applied here and a fresh editor shows it.
            st.warning(
                tr(found.problem or "plan.editor.bad_state", **{k: fmt_num(v, lg) for k, v in found.values.items()}),
                icon=":material/warning:",
            )
            st.session_state[base_key] = apply_editor_state(base, found.state)
            st.session_state[gen_key] = st.session_state.get(gen_key, 0) + 1
            widget, replaced = f"{key}_{st.session_state[gen_key]}", True
    if not replaced and widget not in st.session_state:
        # A new visit to the page: start from the table as the user last left it.
        st.session_state[base_key] = st.session_state.get(out_key, plan)
    edited = st.data_editor(
        st.session_state[base_key],
        key=widget,
        num_rows="dynamic",
        column_config=config,
        width="stretch",
        height=TABLE_HEIGHT,
        hide_index=False,
        placeholder="",
    )
    st.session_state[out_key] = edited
    st.button(
        tr("plan.edit_reset"), key="plan_btn_reset_edits", on_click=_reset_edits, args=(key,), icon=":material/undo:"
    )
    return edited


#: Marks an editing state that could not even be read.
_UNREADABLE = object()


def _tolerant_editor_states() -> None:
    """Make Streamlit's reading of a table editor's state never raise.

    Streamlit turns the text the browser sends for a table editor into a state before the page runs
    (to see whether it changed); a malformed text (``42``, ``[1]``, a row position ``"x"``) raises
    there, outside the page, and ends the run with an exception box. Read that way, such a text
    becomes a state with the key :data:`~guidance.screening.editing.UNREADABLE_KEY` instead, which
    :func:`~guidance.screening.editing.check_editor_state` reports as malformed. Installed once per
    process; every other state is read exactly as Streamlit reads it.
    """
    original = DataEditorSerde.deserialize
    if getattr(original, "tolerant", False):
        return

    def deserialize(self: DataEditorSerde, ui_value: str | None) -> Any:
        try:
            return original(self, ui_value)
        except Exception:  # any malformed text from the browser
            return original(self, json.dumps({UNREADABLE_KEY: True}))

    deserialize.tolerant = True  # type: ignore[attr-defined]  # a marker so the wrapper is installed once
    DataEditorSerde.deserialize = deserialize  # type: ignore[method-assign]  # the one place Streamlit reads it


_tolerant_editor_states()


def _editor_state(widget: str) -> Any:
    """The editing state the browser sent for the editor ``widget`` (None if none; unreadable as a marker).

    Streamlit turns the browser's text into a state when it is read; a malformed one raises there.
    """
    try:
        return st.session_state.get(widget)
    except Exception:  # the browser's text could not be turned into a state at all
        return _UNREADABLE


def _reset_edits(key: str) -> None:
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1
    gen = st.session_state.pop(f"plan_state.gen.{key}", 0)
    for stale in (f"{key}_{gen}", f"plan_state.base.{key}", f"plan_state.out.{key}"):
        st.session_state.pop(stale, None)


# --------------------------------------------------------------------------- problems
def problems_view(checked: CheckedPlan, rows: RowCounts) -> None:
    """Where every row went, and a plain-text table of the plan's problems (never rendered as HTML)."""
    problems = checked.problems
    if not len(problems):
        st.success(tr("plan.no_problems"), icon=":material/check_circle:")
        st.caption(counts_text(rows, lang()))
        return
    st.subheader(tr("plan.problems_title"))
    content, lg = load_plan_content(), lang()
    counts = problem_counts(problems)
    st.warning(
        tr(
            "plan.problems_summary",
            bad=fmt_num(len(checked.bad_rows), lg),
            warnings=fmt_num(counts.warnings, lg),
            notes=fmt_num(counts.notes, lg),
            good=fmt_num(len(checked.plan), lg),
        ),
        icon=":material/rule:",
    )
    st.caption(counts_text(rows, lg))
    limit = content.limits.max_problems_shown
    if len(problems) > limit:
        st.caption(tr("plan.problems_more", shown=fmt_num(limit, lg), total=fmt_num(len(problems), lg)))
    st.dataframe(
        problems_table(problems, lg, content, limit=limit),
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={tr("plan.col.problem"): st.column_config.TextColumn(width="large")},
    )
