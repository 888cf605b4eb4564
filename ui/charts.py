"""Drawing Altair charts."""

from __future__ import annotations

import threading
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.elements import vega_charts

# Altair's active theme is process-wide; share Streamlit's own lock around it when it has one.
_THEME_LOCK = getattr(vega_charts, "_altair_globals_lock", threading.Lock())


#: Number format of chart axes in Swedish (no-break space for thousands, decimal comma, real minus sign).
SV_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"], "minus": "\u2212"}
}


def localised(chart: Any, lang: str) -> Any:
    """``chart`` with its axes' numbers formatted for ``lang`` (Swedish or English)."""
    return chart.configure(locale=SV_LOCALE) if lang == "sv" else chart


def show_chart(chart: alt.TopLevelMixin, **kwargs: Any) -> None:
    """Draw ``chart`` like ``st.altair_chart`` (same keyword arguments), without schema validation.

    ``st.altair_chart`` validates every chart against the Vega-Lite JSON schema on every rerun; on the
    calculator page that validation was the largest share of the server's rerun time (profiled with
    cProfile: about 15-20 ms per chart). The charts are built by our own code from validated data, so
    the spec is produced here without that check and drawn as a Vega-Lite chart.
    """
    with _THEME_LOCK, alt.theme.enable("none"):
        spec = chart.to_dict(validate=False)
    st.vega_lite_chart(spec, **kwargs)


def label_limit(px: int) -> alt.ExprRef:
    """An axis label width of at most ``px``, and at most 40 % of the chart's width (a phone keeps room for bars)."""
    return alt.ExprRef(f"min({px}, max(80, containerSize()[0] * 0.4))")


#: Name of the dataset a chart template reads; :func:`show_template` supplies its rows.
DATA = "table"


def template(chart: alt.TopLevelMixin, lang: str) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart`` built on ``alt.NamedData(DATA)``, localised, without data.

    Building an Altair chart and turning it into a spec costs several milliseconds a chart; a page
    that caches the template by what shapes it (language, sort order, height) and adds only the rows
    on each run (:func:`show_template`) pays that once.
    """
    with _THEME_LOCK, alt.theme.enable("none"):
        spec: dict[str, Any] = localised(chart, lang).to_dict(validate=False)
    return spec


def show_template(spec: dict[str, Any], rows: pd.DataFrame, **kwargs: Any) -> None:
    """Draw a :func:`template` with ``rows`` as its data (keyword arguments as ``st.vega_lite_chart``)."""
    st.vega_lite_chart({**spec, "datasets": {DATA: rows}}, **kwargs)
