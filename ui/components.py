"""Render helpers used by several pages. They only call ``st.*`` and read the validated model.

``md_escape`` (from :mod:`guidance.core.markdown`) is re-exported for the pages and views.
"""

from __future__ import annotations

import streamlit as st

from guidance.content.loader import load_model
from guidance.content.model import Model
from guidance.core.markdown import md_escape
from guidance.core.models import Evidence
from ui.state import lang, tr


def model() -> Model:
    """The validated model (parsed once per process)."""
    return load_model()


def evidence_label(evidence: Evidence | str) -> str:
    """The translated evidence marker (UHM / another organisation / this guide)."""
    value = evidence.value if isinstance(evidence, Evidence) else str(evidence)
    return tr(f"evidence.{value}")


def source_line(source_id: str, evidence: Evidence | str | None = None) -> str:
    """A Markdown line naming the source as a link, its publisher, check date and evidence marker."""
    m = model()
    src = next((s for s in m.sources if s.id == source_id), None)
    if src is None:
        return f"{tr('source.label')}: {source_id}"
    verified = tr("source.verified", date=src.verified.isoformat())
    line = f"{tr('source.label')}: [{md_escape(src.title(lang()))}]({src.url}) – {md_escape(src.publisher)}, {verified}"
    if evidence is not None:
        line += f" · {tr('evidence.label')}: {evidence_label(evidence)}"
    return line


def source_caption(source_id: str, evidence: Evidence | str | None = None) -> None:
    """Show :func:`source_line` in small print (kept at full text contrast, unlike ``st.caption``)."""
    st.markdown(f":small[{source_line(source_id, evidence)}]")


def page_header(title_key: str, intro_key: str | None = None) -> None:
    """The page's single top-level heading and an optional introduction."""
    st.title(tr(title_key))
    if intro_key:
        st.markdown(tr(intro_key))


__all__ = ["evidence_label", "md_escape", "model", "page_header", "source_caption", "source_line"]
