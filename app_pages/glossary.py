"""Glossary and sources: the terms as a searchable list by initial letter, instruments, legal basis, sources.

Everything is text that wraps on a phone (no table cuts an explanation off); the search and the letter
filter narrow the list, and each term shows the other language's word and its source.
"""

from __future__ import annotations

import streamlit as st

from guidance.core.search import matches, search_key
from ui.components import evidence_label, md_escape, model, page_header, source_caption
from ui.role_page import next_steps
from ui.state import default, lang, tr

#: Letters after Z in Swedish order (å, ä, ö sort last, as in a Swedish dictionary).
SWEDISH_LAST = "åäö"
ALL = "all"

m = model()
L = lang()


def sort_key(text: str) -> tuple[int, ...]:
    """Alphabetical order of the page's language: Swedish puts å, ä and ö after z."""
    key = search_key(text)
    return tuple(0x10000 + SWEDISH_LAST.index(c) if L == "sv" and c in SWEDISH_LAST else ord(c) for c in key)


def initial(text: str) -> str:
    """A term's letter in the index (its first letter, upper case)."""
    return search_key(text)[:1].upper() or "#"


page_header("page.glossary", "gl.intro")

st.header(tr("gl.terms_title"))
default("gl.query", "")
default("gl.letter", ALL)
terms = sorted(m.glossary, key=lambda g: sort_key(g.sv if L == "sv" else g.en))
letters = list(dict.fromkeys(initial(g.sv if L == "sv" else g.en) for g in terms))
if st.session_state.get("gl.letter") not in (ALL, *letters):
    st.session_state["gl.letter"] = ALL
query = st.text_input(
    tr("gl.search"), key="gl.query", persist_state="session", help=tr("gl.search_help"), max_chars=100
)
letter = st.pills(
    tr("gl.letter"),
    [ALL, *letters],
    key="gl.letter",
    persist_state="session",
    format_func=lambda v: tr("gl.all_letters") if v == ALL else v,
)
shown = [
    g
    for g in terms
    if matches(query, g.sv, g.en, g.explanation.sv, g.explanation.en)
    and letter in (None, ALL, initial(g.sv if L == "sv" else g.en))
]
st.caption(tr("gl.count", shown=len(shown), total=len(m.glossary)))
if not shown:
    st.info(tr("gl.none"), icon=":material/search_off:")
sources_by_id = {s.id: s for s in m.sources}
for first in dict.fromkeys(initial(g.sv if L == "sv" else g.en) for g in shown):
    entries = [f"### {first}"]
    for g in (g for g in shown if initial(g.sv if L == "sv" else g.en) == first):
        own, other = (g.sv, g.en) if L == "sv" else (g.en, g.sv)
        src = sources_by_id.get(g.source)
        source = f"[{md_escape(src.title(L), inline=True)}]({src.url})" if src else md_escape(g.source, inline=True)
        entries.append(
            f"**{md_escape(own, inline=True)}**  \n"
            f"{tr('gl.other_language', term=md_escape(other, inline=True))}  \n"
            f"{md_escape(g.explanation(L), inline=True)}  \n"
            f":small[{tr('source.label')}: {source}]"
        )
    st.markdown("\n\n".join(entries))

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
st.markdown(
    "\n".join(
        f"- **{md_escape(r.law, inline=True)} {md_escape(r.section, inline=True)}**: {md_escape(r.topic(L), inline=True)}"
        f" :small[({tr('evidence.label')}: {evidence_label(r.evidence)})]"
        for r in m.legal
    )
)

st.header(tr("gl.sources_title"))
st.caption(tr("gl.evidence_legend"))
default("gl.source_query", "")
squery = st.text_input(tr("gl.source_search"), key="gl.source_query", persist_state="session", max_chars=100)
sources = sorted(
    (s for s in m.sources if matches(squery, s.title.sv, s.title.en, s.publisher.sv, s.publisher.en, s.url)),
    key=lambda s: sort_key(s.title(L)),
)
st.caption(tr("gl.source_count", shown=len(sources), total=len(m.sources)))
st.markdown(
    "\n".join(
        f"- [{md_escape(s.title(L), inline=True)}]({s.url}) – {md_escape(s.publisher(L), inline=True)}, "
        f"{tr('source.verified', date=s.verified.isoformat())}"
        for s in sources
    )
)
next_steps("glossary")
