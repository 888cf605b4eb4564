"""The check before screening: how the file was read, and the user's corrections to it.

Shows the detected sheet and header row, each column with what it is read as, its unit and sample
values, the units that look wrong (with a button for the proposed unit) and the category words
that are not recognised (each with a choice of the guide's categories). The corrections are a
:class:`~guidance.screening.plan_input.ReadOptions`: sheet (``plan.sheet``), header row
(``plan.header_row``) and units (``plan.unit.<column>``) are widgets reset for each new file; the
category words are kept for the session (``plan_state.category_map``) and in the page address
(``?pcat=word=id,...``), so a link carries them, as :mod:`ui.answers_exchange` does for answers.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from guidance.core.formatting import fmt_num
from guidance.screening.content import load_plan_content
from guidance.screening.plan_input import ReadOptions, category_map_from_link, category_map_to_link
from guidance.screening.preview import (
    PlanPreview,
    column_table,
    fallback_text,
    header_text,
    unit_label,
    warning_text,
)
from ui.components import md_escape
from ui.state import default, lang, tr

#: Session keys: the file the corrections belong to, the category mapping, the link last written.
CHECK_FID, CATEGORY_MAP, LINK_WRITTEN = "plan_state.check_fid", "plan_state.category_map", "plan_state.pcat"
#: The link parameter of the category mapping.
LINK_PARAM = "pcat"
SHEET, HEADER_ROW, UNIT = "plan.sheet", "plan.header_row", "plan.unit."
#: A notice about mappings in the link that could not be used.
LINK_NOTICE = "plan_state.pcat_dropped"
_KEY_DIGEST = 10


def _unit_columns() -> list[str]:
    return [c.id for c in load_plan_content().columns if c.unit_check is not None]


def category_widget_key(word_key: str) -> str:
    """The widget key of the category choice for a (normalised) category word."""
    return "plan.cat." + hashlib.sha256(word_key.encode()).hexdigest()[:_KEY_DIGEST]


def category_map() -> dict[str, str]:
    """The user's category words -> category ids, for this session."""
    return dict(st.session_state.get(CATEGORY_MAP, {}))


def _read_link() -> None:
    """Take the category mapping from a link that was opened or edited (not from the address this page wrote)."""
    incoming = st.query_params.get(LINK_PARAM)
    if incoming is None or incoming == st.session_state.get(LINK_WRITTEN):
        return
    mapping, dropped = category_map_from_link(incoming, load_plan_content())
    st.session_state[CATEGORY_MAP] = mapping
    st.session_state[LINK_WRITTEN] = incoming
    st.session_state[LINK_NOTICE] = dropped
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("plan.cat.")]:
        del st.session_state[key]


def keep_link_in_step() -> None:
    """Write the category mapping into the page address, so a link carries it."""
    value = category_map_to_link(category_map())
    if value:
        if st.query_params.get(LINK_PARAM) != value:
            st.query_params[LINK_PARAM] = value
    elif LINK_PARAM in st.query_params:
        del st.query_params[LINK_PARAM]
    st.session_state[LINK_WRITTEN] = value or None


def read_options(fid: str) -> ReadOptions:
    """The corrections for file ``fid`` (sheet, header row and units start afresh for each new file)."""
    _read_link()
    s = st.session_state
    if s.get(CHECK_FID) != fid:
        s[CHECK_FID] = fid
        for key in (SHEET, HEADER_ROW, *(UNIT + c for c in _unit_columns())):
            s.pop(key, None)
    units = {c: str(s[UNIT + c]) for c in _unit_columns() if s.get(UNIT + c)}
    header_row = s.get(HEADER_ROW)
    return ReadOptions(
        sheet=s.get(SHEET) or None,
        header_row=int(header_row) if header_row else None,
        units=units,
        category_map=category_map(),
    )


def _find_table_again() -> None:
    """Forget the chosen sheet and header row, so both are found again (button callback)."""
    st.session_state[HEADER_ROW] = None
    st.session_state.pop(SHEET, None)


def reading_error_help() -> None:
    """When the chosen sheet or header row cannot be read: a way back to finding the table automatically."""
    if st.session_state.get(HEADER_ROW) or st.session_state.get(SHEET):
        st.button(
            tr("plan.check.find_again"),
            key="plan_btn_find_table",
            on_click=_find_table_again,
            icon=":material/search:",
        )


def _sheet_changed() -> None:
    st.session_state[HEADER_ROW] = None


def layout_controls(preview: PlanPreview) -> None:
    """The sheet (for workbooks with several) and the header row, with what was found."""
    cols = st.columns(2)
    if len(preview.sheets) > 1:
        default(SHEET, preview.sheet)
        if st.session_state.get(SHEET) not in preview.sheets:
            st.session_state[SHEET] = preview.sheet
        cols[0].selectbox(
            tr("plan.check.sheet"),
            list(preview.sheets),
            key=SHEET,
            persist_state="session",
            help=tr("plan.check.sheet_help"),
            on_change=_sheet_changed,
        )
    default(HEADER_ROW, None)
    cols[1].number_input(
        tr("plan.check.header_row"),
        min_value=1,
        step=1,
        key=HEADER_ROW,
        persist_state="session",
        placeholder=tr("plan.check.header_row_auto"),
        help=tr("plan.check.header_row_help"),
    )
    chosen = bool(st.session_state.get(HEADER_ROW))
    text = header_text(preview, lang(), chosen=chosen)
    (st.info if preview.header_found or chosen else st.warning)(md_escape(text), icon=":material/table_rows:")
    if preview.above:
        st.caption(md_escape(tr("plan.check.above", lines=" / ".join(preview.above))))


def columns_view(preview: PlanPreview) -> None:
    """Each column of the file: what it is read as, its unit, whether hidden, sample values."""
    st.dataframe(column_table(preview, lang(), load_plan_content()), hide_index=True, width="stretch")


def _use_unit(column: str, unit: str) -> None:
    st.session_state[UNIT + column] = unit


def units_view(preview: PlanPreview) -> None:
    """A unit choice for each mapped number column with units, and the warnings with their proposal."""
    content, lg = load_plan_content(), lang()
    mapped = {c.column: c for c in preview.columns if c.column in _unit_columns()}
    if not mapped:
        return
    st.markdown(f"**{tr('plan.check.units_title')}**")
    for warning in preview.unit_warnings:
        st.warning(md_escape(warning_text(warning, lg, content)), icon=":material/straighten:")
        if warning.proposed is not None:
            label = content.column(warning.column).label(lg)
            st.button(
                tr("plan.check.use_unit", column=label, unit=unit_label(warning.column, warning.proposed, lg, content)),
                key=f"plan_btn_unit_{warning.column}",
                on_click=_use_unit,
                args=(warning.column, warning.proposed),
                icon=":material/check:",
            )
    cols = st.columns(len(mapped))
    for col, (column_id, shown) in zip(cols, mapped.items(), strict=True):
        column = content.column(column_id)
        detected = unit_label(column_id, shown.unit if shown.unit_source != "chosen" else None, lg, content)
        default(UNIT + column_id, "")
        names = {u.id: u.label(lg) for u in column.units}
        names[""] = tr("plan.check.unit_as_file", unit=detected or next(iter(names.values())))
        col.selectbox(
            tr("plan.check.unit_for", column=column.label(lg)),
            ["", *(u.id for u in column.units)],
            key=UNIT + column_id,
            persist_state="session",
            help=tr("plan.check.unit_help"),
            format_func=names.get,
        )


def _set_category(word_key: str) -> None:
    """Keep the choice of a category word in the session mapping (select box callback)."""
    chosen = st.session_state.get(category_widget_key(word_key)) or ""
    mapping = category_map()
    if chosen:
        mapping[word_key] = chosen
    else:
        mapping.pop(word_key, None)
    st.session_state[CATEGORY_MAP] = mapping


def categories_view(preview: PlanPreview) -> None:
    """A category choice for every word of the plan that is not recognised, and for the words mapped so far."""
    content, lg = load_plan_content(), lang()
    dropped = st.session_state.pop(LINK_NOTICE, None)
    if dropped:
        st.warning(md_escape(tr("plan.check.link_dropped", words=", ".join(dropped))), icon=":material/link_off:")
    mapping = category_map()
    limit = content.limits.max_category_map
    unknown = list(preview.unknown_categories)[:limit]
    if not unknown and not mapping:
        return
    labels = {c.id: c.label(lg) for c in content.categories}
    with st.expander(tr("plan.check.unknown_title"), expanded=bool(unknown), icon=":material/category:"):
        st.caption(tr("plan.check.unknown_help"))
        if len(preview.unknown_categories) > limit:
            more = fmt_num(len(preview.unknown_categories) - limit, lg)
            st.caption(tr("plan.check.unknown_more", words=more))
        keys = {u.key for u in unknown}
        rows = [
            (
                u.key,
                tr("plan.check.unknown_word", word=u.word, rows=fmt_num(u.rows, lg)),
                tr("plan.check.keep_fallback", now=fallback_text(u, lg, content)),
            )
            for u in unknown
        ]
        rows += [(k, tr("plan.check.mapped_word", word=k), tr("plan.check.unmap")) for k in mapping if k not in keys]
        for word_key, label, keep in rows:
            key = category_widget_key(word_key)
            default(key, mapping.get(word_key, ""))
            st.selectbox(
                md_escape(label, inline=True),
                ["", *labels],
                key=key,
                persist_state="session",
                on_change=_set_category,
                args=(word_key,),
                format_func=(labels | {"": keep}).get,
            )
        cpv = content.cpv.source
        verified = tr("source.verified", date=cpv.verified.isoformat())
        st.markdown(
            f":small[{tr('source.label')}: [{md_escape(cpv.title(lg))}]({cpv.url}) – "
            f"{md_escape(cpv.publisher(lg))}, {verified}]"
        )


def sources_view(preview: PlanPreview) -> None:
    """How many rows without a category got one from a CPV code, the contract type or the name."""
    lg = lang()
    lines = [
        tr("plan.check.sources", via=tr(f"plan.via.{via}"), rows=fmt_num(rows, lg))
        for via, rows in sorted(preview.category_sources.items())
    ]
    if lines:
        st.caption("  \n".join(md_escape(line, inline=True) for line in lines))


__all__ = [
    "category_map",
    "category_widget_key",
    "categories_view",
    "columns_view",
    "reading_error_help",
    "keep_link_in_step",
    "layout_controls",
    "read_options",
    "sources_view",
    "units_view",
]
