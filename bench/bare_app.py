"""A bare Streamlit page: the floor a page of the app is measured against (see bench/pages.py).

The number of each kind of element comes from the URL, so one server can mirror every page of the
app: ``?md=30&num=2&chart=1&df=1`` draws 30 text blocks, 2 number inputs, 1 chart and 1 table.
No content is loaded and nothing is computed; a sidebar radio stands in for the app's language switch.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

KINDS = ("md", "num", "text", "select", "radio", "check", "slider", "button", "chart", "df", "table")


def count(kind: str) -> int:
    """How many elements of ``kind`` the URL asks for (0..500)."""
    try:
        return max(0, min(500, int(st.query_params.get(kind, "0"))))
    except ValueError:
        return 0


st.set_page_config(page_title="Bare", layout="wide")
st.sidebar.radio("Language", ["sv", "en"], horizontal=True, key="bare.lang")
st.title("Bare page")
data = pd.DataFrame({"x": list(range(8)), "y": [v * v for v in range(8)], "g": list("abababab")})
for i in range(count("md")):
    st.markdown(f"Paragraph {i}: a short line of text with **some** emphasis.")
for i in range(count("num")):
    st.number_input(f"Number {i}", min_value=0, max_value=1000, value=10, key=f"bare.num{i}")
for i in range(count("text")):
    st.text_input(f"Text {i}", key=f"bare.text{i}")
for i in range(count("select")):
    st.selectbox(f"Choice {i}", ["a", "b", "c"], key=f"bare.select{i}")
for i in range(count("radio")):
    st.radio(f"Option {i}", ["a", "b"], horizontal=True, key=f"bare.radio{i}")
for i in range(count("check")):
    st.checkbox(f"Check {i}", key=f"bare.check{i}")
for i in range(count("slider")):
    st.slider(f"Slider {i}", 0, 100, 50, key=f"bare.slider{i}")
for i in range(count("button")):
    st.button(f"Button {i}", key=f"bare.button{i}")
for _ in range(count("chart")):
    st.altair_chart(alt.Chart(data).mark_bar().encode(x="x:O", y="y:Q", color="g:N"), width="stretch")
for _ in range(count("df")):
    st.dataframe(data, hide_index=True)
for _ in range(count("table")):
    st.table(data.head(4))
