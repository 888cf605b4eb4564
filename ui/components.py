"""Render helpers used by several pages. They only call ``st.*`` and read the validated model.

Untrusted text (typed by a user, read from a file or a link) reaches the screen in one of two ways:
through ``md_escape`` (from :mod:`guidance.core.markdown`, re-exported here) wherever it goes into
Markdown (``st.markdown``, ``st.caption``, ``st.error`` and the like, and ``tr(...)`` values shown
there), which shows it exactly as written and never as links, headings, math, emoji or icons; or
through a widget that shows plain text (``st.text``, tables, input fields, select boxes' options).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any, Literal

import streamlit as st

from guidance.content.loader import load_model
from guidance.content.model import Model
from guidance.core.formatting import fmt_num
from guidance.core.markdown import md_escape
from guidance.core.models import Evidence, Lang
from ui.state import lang, tr

LOG = logging.getLogger(__name__)
#: Bytes in the units file sizes are stated in (decimal, as the file uploader counts them).
SIZE_UNITS = {"kB": 1_000, "MB": 1_000_000}
#: Seconds the page run after a download click waits to learn whether the file could be made.
DOWNLOAD_WAIT_S = 15.0
#: Seconds a build may start before the click's callback runs and still count as that click's build.
CLICK_SLACK_S = 2.0


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
    line = f"{tr('source.label')}: [{md_escape(src.title(lang()))}]({src.url}) – {md_escape(src.publisher(lang()))}, {verified}"
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


def size_text(n_bytes: int, unit: Literal["kB", "MB"], lg: Lang, limit: bool = False) -> str:
    """A number of bytes in kB or MB with one decimal: a file's size rounded up, a ``limit`` rounded down.

    So a file over a limit never shows the limit's number ("10,4 MB; at most 10,0 MB", never "10 MB;
    at most 10 MB").
    """
    tenths = n_bytes * 10 / SIZE_UNITS[unit]
    rounded = (math.floor(tenths) if limit else math.ceil(tenths)) / 10
    return fmt_num(rounded, lg, 1)


class DownloadBuild:
    """What happened to the last file a download button made; shared with the thread that makes it.

    Streamlit makes the file of ``st.download_button(data=callable)`` only when the button is clicked,
    outside the page run, and shows nothing in the user's language when that fails. The click also
    reruns the page: :func:`document_download` waits there (at most :data:`DOWNLOAD_WAIT_S`) for the
    build that the click started and shows a message if it failed. A build counts as the click's when
    it started at most :data:`CLICK_SLACK_S` before the click's callback ran (the browser sends both
    requests at once, so either can reach the server first) and is newer than the one last reported.
    """

    def __init__(self) -> None:
        self.failed = False
        self.clicked_at: float | None = None
        self.last_started: float | None = None
        self.reported: float | None = None
        self._done = threading.Condition()

    def click(self) -> None:
        """The button was clicked (its callback): the next page run waits for the outcome."""
        self.clicked_at = time.monotonic()

    def guarded(self, make: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
        """``make`` recording whether it succeeded; a failure is logged and re-raised (Streamlit stops the download)."""

        def run() -> bytes | str:
            started, failed = time.monotonic(), True
            try:
                data = make()
                failed = False
                return data
            except Exception:
                LOG.exception("a download could not be made")
                raise
            finally:
                with self._done:
                    self.failed, self.last_started = failed, started
                    self._done.notify_all()

        return run

    def settle(self, wait_s: float = DOWNLOAD_WAIT_S) -> bool:
        """After a click, wait for the build it started; whether the last build failed."""
        if self.clicked_at is not None:
            since = self.clicked_at - CLICK_SLACK_S

            def arrived() -> bool:
                last = self.last_started
                return last is not None and last >= since and (self.reported is None or last > self.reported)

            with self._done:
                self._done.wait_for(arrived, wait_s)
                self.reported = self.last_started
            self.clicked_at = None
        return self.failed


def document_download(label: str, make: Callable[[], bytes | str], *, key: str, **kwargs: Any) -> None:
    """A download button whose file is made on click; if it cannot be made, a message says so.

    Args:
        label: The button's label (also names the file in the message).
        make: Makes the file's content (called only when the button is clicked).
        key: The button's widget key (also keys the record of its last attempt).
        **kwargs: More ``st.download_button`` arguments (``file_name``, ``mime``, ``icon``).
    """
    build = st.session_state.get(f"_dl.{key}")
    if not isinstance(build, DownloadBuild):
        build = st.session_state[f"_dl.{key}"] = DownloadBuild()
    st.download_button(label, data=build.guarded(make), key=key, on_click=build.click, **kwargs)
    if build.settle():
        st.error(tr("dl.failed", name=label), icon=":material/error:")


__all__ = [
    "DownloadBuild",
    "document_download",
    "evidence_label",
    "md_escape",
    "model",
    "page_header",
    "size_text",
    "source_caption",
    "source_line",
]
