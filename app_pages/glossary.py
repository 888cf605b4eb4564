"""Glossary and sources: searchable terms, instruments, legal basis and every source with its check date."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from guidance.core.search import matches
from ui.components import evidence_label, model, page_header, source_caption
from ui.state import default, lang, tr

m = model()
L = lang()
page_header("page.glossary", "gl.intro")

st.header(tr("gl.terms_title"))
default("gl.query", "")
query = st.text_input(
    tr("gl.search"), key="gl.query", persist_state="session", help=tr("gl.search_help"), max_chars=100
)
terms = [g for g in m.glossary if matches(query, g.sv, g.en, g.explanation.sv, g.explanation.en)]
st.caption(tr("gl.count", shown=len(terms), total=len(m.glossary)))
if terms:
    st.dataframe(
        pd.DataFrame(
            {
                tr("gl.sv"): [g.sv for g in terms],
                tr("gl.en"): [g.en for g in terms],
                tr("gl.explanation"): [g.explanation(L) for g in terms],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={tr("gl.explanation"): st.column_config.TextColumn(width="large")},
    )

st.header(tr("gl.instruments_title"))
for inst in m.instruments:
    with st.expander(
        f"{inst.name(L)} – {tr('level.' + inst.level)}" + (f" (ID {inst.criterion_id})" if inst.criterion_id else "")
    ):
        st.markdown(inst.commitment(L))
        st.markdown(inst.placement(L))
        source_caption(inst.source, inst.evidence)

st.header(tr("gl.notes_title"))
for note in m.notes:
    with st.expander(note.title(L)):
        st.markdown(note.body(L))
        source_caption(note.source, note.evidence)

st.header(tr("gl.legal_title"))
st.dataframe(
    pd.DataFrame(
        {
            tr("gl.law"): [r.law for r in m.legal],
            tr("gl.section"): [r.section for r in m.legal],
            tr("gl.topic"): [r.topic(L) for r in m.legal],
            tr("evidence.label"): [evidence_label(r.evidence) for r in m.legal],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.header(tr("gl.sources_title"))
st.caption(tr("gl.evidence_legend"))
default("gl.source_query", "")
squery = st.text_input(tr("gl.source_search"), key="gl.source_query", persist_state="session", max_chars=100)
sources = [s for s in m.sources if matches(squery, s.title.sv, s.title.en, s.publisher, s.url)]
st.caption(tr("gl.source_count", shown=len(sources), total=len(m.sources)))
st.dataframe(
    pd.DataFrame(
        {
            tr("gl.title"): [s.title(L) for s in sources],
            tr("gl.publisher"): [s.publisher for s in sources],
            tr("gl.link"): [s.url for s in sources],
            tr("gl.verified"): [s.verified for s in sources],
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={
        tr("gl.link"): st.column_config.LinkColumn(width="medium"),
        tr("gl.verified"): st.column_config.DateColumn(format="YYYY-MM-DD"),
    },
)
