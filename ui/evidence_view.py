"""Sourced figures for decision-makers: each with its year and a link to where it comes from."""

from __future__ import annotations

import streamlit as st

from guidance.content.evidence import EvidencePage, evidence_for
from ui.components import md_escape, source_caption
from ui.state import lang, tr


def evidence_view(page: EvidencePage) -> None:
    """The figures for ``page`` in two columns, each with its year and source."""
    items = evidence_for(page)
    if not items:
        return
    L = lang()
    st.header(tr("evidence.title"))
    st.markdown(tr("evidence.intro"))
    cols = st.columns(2, gap="medium")
    for index, item in enumerate(items):
        with cols[index % 2].container(border=True):
            st.markdown(f"**{md_escape(item.figure(L))}** {md_escape(item.text(L))}")
            st.markdown(f":small[{tr('evidence.year', year=item.year)}]")
            source_caption(item.source, item.evidence)
