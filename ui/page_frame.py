"""The page frame Streamlit cannot set itself: the page's language, the browser's locale, print and layout rules.

WORKAROUND (Streamlit 1.67). Streamlit serves every page as ``<html lang="en">`` and has no option
for it (WCAG 3.1.1 fails on the Swedish pages, and Chromium breaks Swedish words by English rules).
Its browser side formats dates, the date picker (month names, first day of the week) and numbers in
tables with ``format="localized"`` by ``navigator.language``, i.e. by the visitor's browser, never by
the language the page is written in; and a few of its own texts are fixed English ("Upload", "10MB
per file", "Press Enter to apply"). So the frame runs one small script of ours, with nothing from a
user in it (only the language code, chosen from :data:`~guidance.core.formatting.LOCALES`, and texts
from the UI catalog, JSON-encoded), through ``st.html(..., unsafe_allow_javascript=True)``. It:

* sets ``<html lang>`` to the page's language and marks the language switch's options with theirs;
* makes ``navigator.language(s)`` report ``sv-SE`` or ``en-GB``, so Streamlit's own formatting follows the
  page (``10 870 000`` in a Swedish table, a calendar in Swedish that starts on Monday), and renders
  Streamlit's App component once more so its widgets take the locale on a page's first load too (through
  React's fiber tree, the one place where this leans on Streamlit's internals; if they change, the calendar
  follows the page language from the first interaction on instead);
* translates Streamlit's fixed English texts on Swedish pages and writes file sizes as ``10 MB``;
* asks phones for a numeric keyboard on the number fields of :mod:`ui.number_field`;
* lets a keyboard reach a table (``st.table``) that is wider than the screen (a phone): while its box
  scrolls sideways it gets ``tabindex="0"``, the role ``region`` and a name from its first heading, as
  WCAG 2.1.1 asks of scrollable regions; a table that fits gets no extra tab stop.

A style block (same element) keeps the assessment's result column (the last column inside the container
keyed ``assess-layout``; child selectors only, as a ``:has()`` rule slowed every page by a fifth) in view on wide screens, stops long
Swedish headings from breaking mid-word on phones, and leaves Streamlit's frame (sidebar, toolbar)
and anything in a container keyed ``noprint-*`` out of print. If Streamlit gains a page-language
or locale option, drop this module for it. ``tests/checks/test_hardening.py`` allows this file.
"""

from __future__ import annotations

import json

import streamlit as st

from guidance.core.formatting import LOCALES
from guidance.core.i18n import t
from guidance.core.models import Lang

#: Streamlit's fixed English texts and what a Swedish page shows instead (regular expression -> replacement).
_SV_TEXT_KEYS: tuple[tuple[str, str], ...] = (
    (r"^Press Enter to apply$", "frame.enter_apply"),
    (r"^Press Enter to submit form$", "frame.enter_submit"),
    (r"^Upload$", "frame.upload"),
    (r"^View (\d+) more$", "frame.view_more"),
    (r"^View less$", "frame.view_less"),
    (r"^No results$", "frame.no_results"),
    (r"per file", "frame.per_file"),
)

_STYLE = """
<style>
@media (min-width: 992px) {
  .st-key-assess-layout > * > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:last-child {
    position: sticky; top: 4rem; align-self: flex-start; max-height: calc(100vh - 5rem); overflow-y: auto;
  }
  .st-key-phone-only { display: none; }
}
@media (max-width: 640px) {
  h1 { font-size: 1.875rem !important; hyphens: auto; overflow-wrap: break-word; }
  h2 { font-size: 1.5rem !important; hyphens: auto; }
}
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebarCollapsedControl"], [class*="st-key-noprint"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { overflow: visible !important; position: static !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
}
</style>
"""

_SCRIPT = """
<script>
(() => {
  const cfg = %s;
  document.documentElement.lang = cfg.lang;
  const nav = window.navigator, langs = Object.freeze([cfg.locale, cfg.lang]);
  Object.defineProperty(nav, "language", {get: () => cfg.locale, configurable: true});
  Object.defineProperty(nav, "languages", {get: () => langs, configurable: true});
  const rules = cfg.texts.map(([re, to]) => [new RegExp(re), to]);
  const names = {Svenska: "sv", English: "en"};
  const TEXTS = '[data-testid="stFileUploaderDropzone"], [data-testid="InputInstructions"], ' +
    '[data-testid="stSidebarNav"] button, [data-baseweb="popover"]';
  const NUMBER = '[class*="-numtext"] input:not([inputmode])';
  const TABLE_BOX = '.stTable > div';
  const fixText = (node) => {
    const text = node.nodeValue;
    let out = text.replace(/(\\d)(KB|MB|GB)\\b/g, "$1\\u00a0$2");
    for (const [re, to] of rules) out = out.replace(re, to);
    if (out !== text) node.nodeValue = out;
  };
  // A table box that scrolls sideways gets a tab stop and a name (its first heading), one that fits none.
  const reachable = (box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      const head = box.querySelector("th");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", cfg.table.replace("{name}", head ? head.innerText.trim() : ""));
    } else if (box.hasAttribute("tabindex")) {
      for (const a of ["tabindex", "role", "aria-label"]) box.removeAttribute(a);
    }
  };
  if (!window.__frameResize) {
    window.__frameResize = true;
    window.addEventListener("resize", () => document.querySelectorAll(TABLE_BOX).forEach(reachable));
  }
  const within = (el, selector) => [...(el.matches(selector) ? [el] : []), ...el.querySelectorAll(selector)];
  const fixIn = (el) => {
    const roots = new Set(within(el, TEXTS));
    const up = el.closest(TEXTS);
    if (up) roots.add(up);
    for (const root of roots) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) fixText(n);
    }
    for (const input of within(el, NUMBER)) input.setAttribute("inputmode", "decimal");
    for (const box of within(el, TABLE_BOX)) reachable(box);
    for (const option of within(el, '[data-testid="stRadioOption"]')) {
      const code = names[(option.innerText || "").trim()];
      if (code && option.getAttribute("lang") !== code) option.setAttribute("lang", code);
    }
  };
  // Streamlit hands the locale to its date inputs when its App component renders; on a page's first load that
  // render has already happened, so render it once more (found through React's fiber tree; nothing if absent),
  // when the browser is idle and only where a date input shows it.
  const renderApp = () => {
    const root = document.getElementById("root");
    const fiberKey = root && Object.keys(root).find((k) => k.startsWith("__reactContainer$"));
    const queue = fiberKey ? [root[fiberKey]] : [];
    for (let seen = 0; queue.length && seen < 500; seen++) {
      const fiber = queue.shift(), app = fiber && fiber.stateNode;
      if (app && typeof app.forceUpdate === "function" && app.hostCommunicationMgr) { app.forceUpdate(); return; }
      for (let child = fiber && fiber.child; child; child = child.sibling) queue.push(child);
    }
  };
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 200));
  const localise = () => {
    if (window.__frameLocale === cfg.locale || !document.querySelector('[data-testid="stDateInput"]')) return;
    window.__frameLocale = cfg.locale;
    later(renderApp, {timeout: 2000});
  };
  if (window.__frameObserver) window.__frameObserver.disconnect();
  const pending = new Set();
  let queued = false;
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") { if (r.target.parentElement) pending.add(r.target.parentElement); continue; }
      for (const n of r.addedNodes) {
        const el = n.nodeType === 1 ? n : n.parentElement;
        if (el) pending.add(el);
      }
    }
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      for (const el of pending) if (el.isConnected) fixIn(el);
      pending.clear();
      localise();
    });
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  window.__frameObserver = observer;
  fixIn(document.body);
  localise();
})();
</script>
"""


def page_title(title: str, lang: Lang) -> str:
    """The browser tab's title: the page, then the service (``Bedöm din upphandling – Sysselsättningskrav``)."""
    return t("frame.tab_title", lang, page=title)


def frame_html(lang: Lang) -> str:
    """The style and script of the frame for ``lang`` (see the module docstring); no user data goes in."""
    texts = [[pattern, t(key, lang)] for pattern, key in _SV_TEXT_KEYS] if lang == "sv" else []
    config = json.dumps(
        {"lang": lang, "locale": LOCALES[lang], "texts": texts, "table": t("frame.table_region", lang, name="{name}")},
        ensure_ascii=True,
    )
    return _STYLE + _SCRIPT % config.replace("</", "<\\/")


#: WORKAROUND (Streamlit 1.67): the facilitator's projector mode (:mod:`ui.workshop_projector`). The page
#: asks Streamlit to collapse the sidebar (``st.set_page_config(initial_sidebar_state="collapsed")``), but
#: Streamlit has no option to leave out the sidebar's open button, its header and toolbar, or the room they
#: take above a slide, nor to make one metric large; these rules do, only on a page in projector mode. No
#: script, so the proxy's script hashes do not change.
_PROJECTOR_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.75rem !important; padding-bottom: 1.5rem !important; }
.st-key-ws-join [data-testid="stMarkdownContainer"] p { font-size: 1.375rem; }
.st-key-ws-join [data-testid="stCode"] code { font-size: 1.125rem; }
.st-key-ws-join [data-testid="stMetricLabel"] p { font-size: 1.5rem; }
.st-key-ws-join [data-testid="stMetricValue"] p {
  font-size: clamp(3.5rem, 6.5vw, 7rem); font-weight: 700; letter-spacing: 0.12em; line-height: 1.1;
}
.st-key-slide h1 { font-size: 2.125rem !important; padding-top: 0 !important; }
.st-key-slide h2 { font-size: 1.75rem !important; padding-top: 0.5rem !important; }
.st-key-slide h3 { font-size: 1.375rem !important; }
</style>
"""


def projector_frame() -> None:
    """Draw the projector mode's rules (see :data:`_PROJECTOR_STYLE`); call on a page in projector mode only."""
    st.html(_PROJECTOR_STYLE)


def page_frame(lang: Lang) -> None:
    """Draw the frame's script and styles once per language (in the sidebar, out of the page's content)."""
    st.sidebar.html(frame_html(lang), unsafe_allow_javascript=True)
