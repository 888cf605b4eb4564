"""Checks that a Markdown source shows untrusted text as plain text (used by the hostile and property tests).

markdown-it-py parses the source as CommonMark plus GitHub's tables and strikethrough. The extras that
Streamlit's renderer applies *after* parsing (KaTeX ``$``, single-tilde strikethrough, bare web and e-mail
addresses, emoji shortcodes, ``:material/...:`` icons, ``:red[...]`` directives) are checked on the parsed
text: their trigger characters must arrive escaped, or broken by the invisible word joiner.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from guidance.core.markdown import JOINER

#: CommonMark with GitHub's tables and strikethrough; escapes kept as their own tokens (no text_join).
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
#: Inline tokens that are plain text: text, an escaped character, a line break.
PLAIN_INLINE = frozenset({"text", "text_special", "hardbreak"})
#: What Streamlit's renderer finds in parsed text (from its 1.67 frontend bundle and remark plugins).
AFTER_PARSE = {
    "emoji shortcode": re.compile(r":[\w+-][\w+-]*:"),
    "icon": re.compile(r":(material|streamlit)[/_:]"),
    "directive": re.compile(r":[A-Za-z]"),
    "web address": re.compile(r"(https?://|www\.)", re.IGNORECASE),
    "e-mail address": re.compile(r"[-.\w+]+@[-\w]+"),
}
#: Characters that start math or single-tilde strikethrough in Streamlit; they must arrive escaped.
ESCAPED_ONLY = ("$", "~")


def plain_children(children: list[Token], where: str = "") -> list[Token]:
    """``children`` (inline tokens), after checking each is plain text and triggers nothing after parsing."""
    assert {c.type for c in children} <= PLAIN_INLINE, (where, [c.type for c in children])
    for c in children:
        if c.type == "text":
            for char in ESCAPED_ONLY:
                assert char not in c.content, (where, c.content)
    for line in shown(children).split("\n"):
        for name, pattern in AFTER_PARSE.items():
            assert not pattern.search(line), f"{name} in {line!r} ({where})"
    return children


def paragraph_tokens(source: str) -> list[Token]:
    """The inline tokens of ``source``, after checking it is at most one paragraph of plain text."""
    tokens = PARSER.parse(source)
    if not tokens:
        return []
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], source
    return plain_children(tokens[1].children or [], source)


def shown(children: list[Token]) -> str:
    """The text the tokens show (a hard break as a line break, word joiners left in)."""
    return "".join("\n" if c.type == "hardbreak" else c.content for c in children)


def visible(children: list[Token]) -> str:
    """:func:`shown` without the invisible word joiners."""
    return shown(children).replace(JOINER, "")
