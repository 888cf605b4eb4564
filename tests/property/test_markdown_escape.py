"""The one escaper (:func:`guidance.core.markdown.md_escape`): untrusted text never becomes Markdown structure.

Checked with markdown-it-py (CommonMark plus GitHub's tables and strikethrough) on the escaper's output:
one paragraph of plain text (escaped characters and hard line breaks only), nothing else. The extras that
Streamlit's renderer applies *after* parsing (KaTeX ``$``, single-tilde strikethrough, bare web and e-mail
addresses, emoji shortcodes, ``:material/...:`` icons, ``:red[...]`` directives) are checked on the parsed
text: their trigger characters only appear escaped, or broken by the invisible word joiner. The browser
test ``tests/hostile/test_markdown_browser.py`` checks the same strings in Streamlit's real renderer.

Whitespace normalisation (documented in :mod:`guidance.core.markdown`): control characters are dropped,
line breaks are kept as line breaks (blank lines dropped), each line is stripped and runs of spaces and
tabs become one space; with ``inline=True`` line breaks become spaces too.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from guidance.core.markdown import JOINER, md_escape, visible_text
from tests.hostile.plain_markdown import PARSER, paragraph_tokens, shown

#: Pieces that attack the renderer, mixed with ordinary text by the strategy below.
ATTACKS = (
    "[x](http://evil.example)", "![i](http://evil.example/i.png)", "<http://evil.example>", "http://evil.example/a?b",
    "www.evil.example", "a@evil.example", "mailto:a@b.se", "# ", "## ", "\n# ", "\n===", "\n---", "\n- ", "\n* ",
    "\n+ ", "\n1. ", "\n1) ", "\n    code", "\n> ", "\n\n", "```", "~~~", "`", "~~s~~", "~s~", "*e*", "**b**",
    "_e_", "__b__", "$x$", "$$y$$", "\\(", "\\", "\\\n", "  \n", "| a | b |\n|---|---|", ":smile:", ":+1:",
    ":material/home:", ":streamlit:", ":red[röd]", ":small[s]", ":help[h]", "::: note", "&amp;", "&#65;", "&#x41;",
    "<b>", "<script>alert(1)</script>", "[^1]", "[^1]: fot", "[ref]: http://x", "\\*", "\x00", "\x01", "\x0b",
    "\x0c", "\r\n", "\r", "\u2028", "\u00a0", "\u2060", "\t", "10:30", "Obs: x", "å ä ö",
)  # fmt: skip
hostile_text = st.lists(st.one_of(st.sampled_from(ATTACKS), st.text(max_size=12)), max_size=12).map("".join)


def normalised(text: str, inline: bool) -> str:
    """The input as the documented normalisation leaves it (computed independently of the escaper)."""
    text = re.sub(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]", "\n", text)
    text = "".join(
        c for c in text if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160 or 0xD800 <= ord(c) < 0xE000)
    )
    text = "".join(c for c in text if c not in "\ufffe\uffff" and not 0xFDD0 <= ord(c) <= 0xFDEF)  # non-characters
    if inline:
        text = text.replace("\n", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def check_plain(text: str, inline: bool) -> None:
    """``md_escape(text)`` parses to plain text that shows ``text`` (normalised) and triggers nothing."""
    source = md_escape(text, inline=inline)
    children = paragraph_tokens(source)
    if inline:
        assert all(c.type != "hardbreak" for c in children), source
    seen = shown(children).replace(JOINER, "")
    assert seen == normalised(text, inline).replace(JOINER, "")
    assert seen == visible_text(text, inline).replace(JOINER, "")


@given(hostile_text, st.booleans())
@example("[x](http://evil.example) # ~s~ $x$ :smile: www.a.se a@b.se", False)
@example("rad 1\n\n# rad 2\n- punkt\n1. ett\n    kod", False)
@example(":material/home: :red[röd] \\", True)
def test_escaped_text_is_plain_text_that_shows_the_input(text: str, inline: bool) -> None:
    """No untrusted string escaped by ``md_escape`` renders links, headings, emphasis, code, lists, math,
    HTML, emoji, icons or directives, and what it shows is the input (whitespace normalised)."""
    check_plain(text, inline)


@given(hostile_text)
def test_escaped_text_stays_inside_the_markup_around_it(text: str) -> None:
    """An escaped text placed in a bold list item (as the pages do) stays one list item with one bold text."""
    tokens = PARSER.parse(f"- **{md_escape(text, inline=True)}**")
    if not visible_text(text, inline=True):
        return
    types = [t.type for t in tokens]
    assert types == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    ]
    inner = [c.type for c in tokens[3].children or [] if c.type != "text" or c.content]
    assert inner[0] == "strong_open" and inner[-1] == "strong_close" and inner.count("strong_open") == 1


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=40))
def test_text_without_whitespace_shows_exactly_as_written(text: str) -> None:
    """Without whitespace or control characters nothing is normalised: the text shows character for character."""
    children = paragraph_tokens(md_escape(text))
    assert shown(children).replace(JOINER, "") == text.replace(JOINER, "")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("[a](b)", "\\[a\\](b)"),
        ("# x", "\\# x"),
        ("- x\n1. y", "\\- x\\\n1\\. y"),
        ("$1 ~ 2$", "\\$1 \\~ 2\\$"),
        (":smile:", f":{JOINER}smile:"),
        ("www.a.se", f"www{JOINER}.a.se"),
        ("a@b.se", f"a@{JOINER}b.se"),
        ("http://x", f"http:{JOINER}//x"),
        ("a\x0bb\x01c", "a\\\nbc"),
        ("  a  \n\n\n  b  ", "a\\\nb"),
        ("12,5\u00a0%", "12,5\u00a0%"),
    ],
)
def test_escaper_output(text: str, source: str) -> None:
    """The escaper's exact output for a few inputs (so the rules above are visible in one place)."""
    assert md_escape(text) == source


@pytest.mark.parametrize(
    "raw",
    ["[x](http://e)", "# h", "- l", "*e*", "`c`", "<b>", "~~s~~", "a\n\nb", "$x$", "~s~", ":smile:",
     ":material/home:", ":red[x]", "www.a.se", "a@b.se", "http://a.se"],
)  # fmt: skip
def test_the_checks_catch_unescaped_markdown(raw: str) -> None:
    """The checks above fail on raw Markdown (guards against a check that always passes)."""
    with pytest.raises(AssertionError):
        paragraph_tokens(raw)
