"""A small Streamlit app for the hostile browser tests (not part of the product).

It shows every text of :data:`tests.hostile.hostile_strings.HOSTILE` through the app's one escaper, in
the ways the pages show untrusted text (a paragraph, a bold list item, an error box, a caption), one
unescaped control text, and two downloads made on click: one that fails and one that works.

Run by the ``harness_server`` fixture: ``streamlit run tests/hostile/harness_app.py`` from the root.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from tests.hostile.hostile_strings import HOSTILE  # noqa: E402
from ui.components import document_download, md_escape  # noqa: E402

#: The unescaped control: the same renderer must turn it into a link, an emoji and math.
CONTROL = "[länk](http://evil.example) :smile: $x^2$ ~~s~~"


def broken_file() -> bytes:
    """A file that cannot be made."""
    raise ValueError("the document could not be built")


with st.container(key="control"):
    st.markdown(CONTROL)
for i, text in enumerate(HOSTILE):
    with st.container(key=f"para{i}"):
        st.markdown(md_escape(text))
    with st.container(key=f"item{i}"):
        st.markdown(f"- **{md_escape(text, inline=True)}**")
    with st.container(key=f"error{i}"):
        st.error(md_escape(text))
    with st.container(key=f"caption{i}"):
        st.caption(md_escape(text))

document_download("Trasig fil", broken_file, key="dl_broken", file_name="trasig.txt", mime="text/plain")
document_download("Hel fil", lambda: b"hel", key="dl_ok", file_name="hel.txt", mime="text/plain")
