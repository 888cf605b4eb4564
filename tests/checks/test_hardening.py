"""Security and hygiene rules checked on the code and the server configuration."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", ".git", ".cache", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis"}

#: Files allowed to render raw HTML, each with the reason; everything else renders Markdown only.
RAW_HTML_ALLOWED: dict[str, str] = {
    "ui/page_frame.py": "the page language, browser locale, print and layout rules Streamlit has no option for;"
    " a fixed script and style with only a language code and catalog texts in it",
}


def python_files(*folders: str) -> Iterator[Path]:
    """Every ``.py`` file of the project (or of the given folders), skipping tool folders."""
    roots = [ROOT / f for f in folders] if folders else [ROOT]
    for root in roots:
        for path in sorted(root.rglob("*.py") if root.is_dir() else [root]):
            if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
                yield path


def parse(path: Path) -> ast.Module:
    """The syntax tree of a project file."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def rel(path: Path) -> str:
    """A path relative to the project root."""
    return str(path.relative_to(ROOT))


# ---------------------------------------------------------------------------------------------------
# Server configuration
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config() -> dict:
    """The parsed ``.streamlit/config.toml``."""
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_usage_statistics_are_off(config: dict) -> None:
    """No usage data leaves the municipality's server."""
    assert config["browser"]["gatherUsageStats"] is False


def test_xsrf_and_cors_protection_are_on(config: dict) -> None:
    """XSRF protection guards uploads; it needs CORS protection on as well."""
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"].get("enableCORS", True) is True


def test_upload_size_is_limited(config: dict) -> None:
    """Uploads (procurement plans) are capped at a few megabytes, not Streamlit's default of 200 MB."""
    size = config["server"]["maxUploadSize"]
    assert isinstance(size, int) and 1 <= size <= 10, size


def test_server_runs_headless_without_watching_files(config: dict) -> None:
    """A production server neither opens a browser nor reloads on file changes."""
    assert config["server"]["headless"] is True
    assert config["server"].get("runOnSave", False) is False
    assert config["server"].get("fileWatcherType") == "none"


def test_error_details_are_not_shown_to_users(config: dict) -> None:
    """Tracebacks go to the server log, not to the browser."""
    assert config["client"]["showErrorDetails"] in ("none", False)


# ---------------------------------------------------------------------------------------------------
# Code rules
# ---------------------------------------------------------------------------------------------------

RAW_HTML_CALLS = ("html", "iframe", "declare_component")


def _is_true(node: ast.expr) -> bool:
    return not (isinstance(node, ast.Constant) and node.value in (False, None))


def raw_html_uses(tree: ast.Module) -> list[tuple[int, str]]:
    """Lines that render raw HTML: ``unsafe_allow_html`` not False, any ``*.html(...)`` call (``st.html``,
    ``st.sidebar.html``, ``components.html``), components' ``iframe``/``declare_component``, and imports of them."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [
                (node.lineno, "unsafe_allow_html=True")
                for kw in node.keywords
                if kw.arg == "unsafe_allow_html" and _is_true(kw.value)
            ]
            if isinstance(node.func, ast.Attribute) and node.func.attr in RAW_HTML_CALLS:
                found.append((node.lineno, f"{ast.unparse(node.func)}(...)"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            found += [
                (node.lineno, f"from {node.module} import {a.name}") for a in node.names if a.name in RAW_HTML_CALLS
            ]
    return found


def test_python_files_are_found() -> None:
    """The scans below look at the app's code (guards against an empty, always-passing scan)."""
    names = {rel(p) for p in python_files()}
    assert "app.py" in names and any(n.startswith("app_pages/") for n in names)


def test_no_raw_html_outside_the_allow_list() -> None:
    """User-visible output is Markdown only: no ``unsafe_allow_html``, ``st.html`` or ``components.html``."""
    hits = [
        f"{rel(p)}:{line}: {what}"
        for p in python_files()
        if rel(p) not in RAW_HTML_ALLOWED and not rel(p).startswith("tests/")
        for line, what in raw_html_uses(parse(p))
    ]
    assert not hits, "raw HTML rendering found:\n" + "\n".join(hits)


def test_raw_html_scan_detects_each_form() -> None:
    """The scan itself finds every way of rendering raw HTML (so the test above can fail)."""
    code = (
        "import streamlit as st\nimport streamlit.components.v1 as components\n"
        "st.markdown('x', unsafe_allow_html=True)\nst.html('<b>x</b>')\ncomponents.html('<b>x</b>')\n"
        "st.markdown('x', unsafe_allow_html=False)\nst.sidebar.html('<i>x</i>')\n"
        "from streamlit.components.v1 import html\n"
    )
    assert sorted(line for line, _ in raw_html_uses(ast.parse(code))) == [3, 4, 5, 7, 8]


def streamlit_imports(tree: ast.Module) -> list[int]:
    """Lines that import streamlit (directly or a submodule)."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Import)
            and any(a.name.split(".")[0] == "streamlit" for a in node.names)
            or isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] == "streamlit"
        ):
            lines.append(node.lineno)
    return lines


def test_guidance_never_imports_streamlit() -> None:
    """The domain package stays free of the UI (DESIGN.md: guidance/ never imports streamlit)."""
    files = list(python_files("guidance"))
    assert files, "guidance/ has no Python files"
    hits = [f"{rel(p)}:{line}" for p in files for line in streamlit_imports(parse(p))]
    assert not hits, f"guidance/ imports streamlit at: {hits}"


#: Input widgets whose value Streamlit can keep across pages (``persist_state``).
INPUT_WIDGETS = (
    "radio",
    "selectbox",
    "multiselect",
    "number_input",
    "text_input",
    "text_area",
    "checkbox",
    "toggle",
    "date_input",
    "slider",
    "select_slider",
    "segmented_control",
    "pills",
)


def unpersisted_inputs(tree: ast.Module) -> list[tuple[int, str]]:
    """Keyed input widgets that do not ask Streamlit to keep their value for the session."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in INPUT_WIDGETS:
            kwargs = {kw.arg: kw.value for kw in node.keywords}
            persist = kwargs.get("persist_state")
            if "key" in kwargs and not (isinstance(persist, ast.Constant) and persist.value == "session"):
                found.append((node.lineno, node.func.attr))
    return found


def test_every_keyed_input_on_a_page_keeps_its_value_for_the_session() -> None:
    """What a user typed survives leaving the page: keyed inputs pass ``persist_state="session"``
    (Streamlit otherwise drops a widget's value when its page is not shown)."""
    hits = [
        f"{rel(p)}:{line}: {what}"
        for p in python_files("app_pages", "ui")
        for line, what in unpersisted_inputs(parse(p))
    ]
    assert not hits, "keyed inputs without persist_state='session':\n" + "\n".join(hits)
