"""Streamlit's own renderer, in Chromium, shows escaped untrusted text as the literal text.

``harness_app.py`` renders each hostile text through ``md_escape`` as a paragraph, a bold list item, an
error box and a caption. In the browser, each must hold only the expected tags (no link, heading, code,
emphasis, strikethrough, KaTeX, image, emoji or icon), and its visible text must be the input with the
whitespace normalisation of :mod:`guidance.core.markdown` (the invisible word joiners removed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from st_browser import Server, new_app_page, wait_rendered

from guidance.core.markdown import JOINER, visible_text
from tests.hostile.hostile_strings import HOSTILE

#: Tags each way of showing may contain (the Markdown container's own wrapper is a div).
ALLOWED = {
    "para": {"p", "br"},
    "item": {"ul", "li", "strong", "p"},
    "error": {"p", "br"},
    "caption": {"p", "br"},
}
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")


@pytest.fixture(scope="module")
def rendered(harness_server: Server, hostile_browser: Any) -> Iterator[Any]:
    """The harness app, rendered once."""
    context = hostile_browser.new_context(base_url=harness_server.url + "/")
    page = new_app_page(context)
    page.goto("/", wait_until="domcontentloaded")
    wait_rendered(page, timeout=120)
    page.locator(".st-key-caption0").wait_for(state="visible")
    yield page
    context.close()


def markdown_of(page: Any, key: str) -> tuple[str, str]:
    """(inner HTML, visible text) of the Markdown in the container with ``key``."""
    box = (
        page.locator(f".st-key-{key}")
        .locator("[data-testid='stMarkdownContainer'], [data-testid='stCaptionContainer']")
        .first
    )
    return str(box.inner_html()), str(box.inner_text())


def plain(text: str) -> str:
    """Visible text compared line by line: joiners removed, trailing spaces of a line ignored."""
    return "\n".join(line.rstrip() for line in text.replace(JOINER, "").strip().split("\n"))


def test_the_control_text_is_rendered_as_markdown(rendered: Any) -> None:
    """The same renderer does make links, emoji and math of unescaped text (the checks below can fail)."""
    html, text = markdown_of(rendered, "control")
    tags = set(TAG.findall(html))
    assert "a" in tags and "del" in tags and "katex" in html
    assert ":smile:" not in text and "😄" in text


@pytest.mark.parametrize("way", sorted(ALLOWED))
@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=[repr(h)[:30] for h in HOSTILE])
def test_escaped_text_shows_literally(rendered: Any, index: int, way: str) -> None:
    """No markup is made of the text, and the reader sees exactly the text (whitespace normalised)."""
    text = HOSTILE[index]
    html, shown = markdown_of(rendered, f"{way}{index}")
    assert set(TAG.findall(html)) <= ALLOWED[way], html
    assert "katex" not in html and "<img" not in html
    assert plain(shown) == plain(visible_text(text, inline=way == "item"))
