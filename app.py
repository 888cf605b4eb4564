"""Entry point: page frame, language switch and navigation over the pages in ``ui/registry.py``."""

from __future__ import annotations

import streamlit as st

from guidance.content.loader import ContentError
from guidance.content.preload import load_all
from guidance.core.i18n import parse_lang, t
from ui.page_frame import page_frame, page_title
from ui.registry import PAGES, SECTIONS
from ui.state import LANG_KEY, keep_choices_on_language_change, lang

st.set_page_config(page_title="Sysselsättningskrav", page_icon="💼", layout="wide")


@st.cache_resource(show_spinner=False)
def _load_content() -> str | None:
    """Load all content once per process; return the error message if it is broken."""
    try:
        load_all()
    except ContentError as exc:
        return str(exc)
    return None


def _language_switch() -> None:
    """Swedish by default; ``?lang=en`` in the URL or the switch picks English, and the URL follows."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = parse_lang(st.query_params.get("lang"))
    current = lang()
    st.sidebar.radio(
        t("lang.label", current),
        options=["sv", "en"],
        format_func=lambda code: "Svenska" if code == "sv" else "English",
        key=LANG_KEY,
        horizontal=True,
        on_change=keep_choices_on_language_change,
    )
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()


error = _load_content()
if error:
    st.error(f"Innehållet kunde inte läsas / The content could not be read:\n\n{error}")
    st.stop()

_language_switch()
current = lang()
pages: dict[str, list[st.Page]] = {}
for spec in PAGES:
    page = st.Page(
        spec.path, title=t(spec.title_key, current), icon=spec.icon, url_path=spec.url_path, default=spec is PAGES[0]
    )
    pages.setdefault(t(spec.section, current), []).append(page)
ordered = {name: pages[name] for name in (t(s, current) for s in SECTIONS) if name in pages}
chosen = st.navigation(ordered, expanded=True)
st.set_page_config(page_title=page_title(chosen.title, current))
page_frame(current)
chosen.run()
