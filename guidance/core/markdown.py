"""The one way to put untrusted text into Markdown: user-, file- and content-derived text shown as written.

Streamlit renders ``st.markdown``, ``st.caption``, ``st.error`` and the like as GitHub-flavoured
Markdown with extras: ``$...$`` (KaTeX), ``~strike~``, bare web and e-mail addresses (turned into links),
emoji shortcodes (``:smile:``), its own icons (``:material/home:``) and directives (``:red[...]``,
``:small[...]``). :func:`md_escape` makes any text inert in all of these:

* every ASCII punctuation character that starts Markdown syntax anywhere in a line is backslash-escaped
  (CommonMark shows an escaped punctuation character as itself); ``-``, ``+``, ``=`` and the ``.`` or ``)``
  of ``1.``/``1)`` followed by a space, which are syntax only at the start of a line (lists, headings,
  breaks), are escaped there (every line of the output, and its start, counts as a line start);
* the constructs Streamlit finds in the text after Markdown has been parsed (where escapes are already
  gone) are broken with an invisible word joiner (U+2060): after a ``:`` or ``@`` that is followed by a
  visible character (emoji shortcodes, icons, directives, ``http://``, e-mail addresses) and between
  ``www`` and ``.``;
* control characters are dropped (vertical tab, form feed, U+2028 and the like count as line breaks);
  line breaks are kept as hard line breaks (never a new paragraph), empty lines are left out, each line
  is stripped and runs of spaces and tabs become one space (as the browser shows them anyway). With
  ``inline=True`` every line break becomes a space too (table cells, list items, headings).

What a reader sees is therefore the input, with its whitespace normalised as above (see
:func:`visible_text`); a screen reader or copy and paste may carry the invisible word joiners.
"""

from __future__ import annotations

import re

#: The invisible character that breaks shortcodes, icons, directives and bare addresses (U+2060 WORD JOINER).
JOINER = "\u2060"
#: Characters escaped wherever they occur: they start emphasis, code, links, images and footnotes (``[``),
#: HTML and autolinks, entities, tables, math, strikethrough, headings or directive attributes. (``(``, ``!``
#: and ``^`` only mean something after a ``[``, which is escaped.)
ALWAYS = frozenset("\\`*_[]<>|~$&#{}")
#: Characters that are syntax only at the start of a line (bullet lists, setext headings, breaks).
LINE_START = frozenset("-+=")
#: The characters escaped wherever they occur, as a sorted tuple.
SPECIAL = tuple(sorted(ALWAYS))

_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: Control characters (other than tab and line feed), unpaired surrogates and non-characters: never shown.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SPACES = re.compile(r"[ \t]+")
_ESCAPE = re.compile("[" + re.escape("".join(sorted(ALWAYS))) + "]")
_JOIN_AFTER = re.compile(r"([:@])(?=[^\s\u2060])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def lines_of(text: str, inline: bool = False) -> list[str]:
    """The text's lines as they are shown: stripped, spaces and tabs collapsed, empty lines left out.

    With ``inline`` the whole text is one line (line breaks become spaces).
    """
    normal = _HIDDEN.sub("", _LINE_BREAKS.sub("\n", str(text).replace("\r\n", "\n")))
    if inline:
        normal = normal.replace("\n", " ")
    if "  " in normal or "\t" in normal:
        normal = _SPACES.sub(" ", normal)
    lines = (line.strip() for line in normal.split("\n"))
    return [line for line in lines if line]


def _escape_line(line: str) -> str:
    """One stripped, non-empty line with every Markdown construct made inert."""
    escaped = _ESCAPE.sub(r"\\\g<0>", line)
    if line[0] in LINE_START:
        escaped = "\\" + escaped
    elif ordered := _ORDERED.match(line):  # digits are never escaped, so the positions agree
        escaped = escaped[: ordered.end(1)] + "\\" + escaped[ordered.end(1) :]
    escaped = _WWW.sub(r"\1" + JOINER + ".", escaped)
    return _JOIN_AFTER.sub(r"\1" + JOINER, escaped) if ":" in escaped or "@" in escaped else escaped


def md_escape(text: object, inline: bool = False) -> str:
    """``text`` made safe to place anywhere in Markdown: it shows as written and renders no markup.

    Args:
        text: the untrusted text (anything; shown as ``str(text)``).
        inline: fold line breaks into single spaces too (table cells, headings); otherwise each line
            break becomes a Markdown hard line break (a backslash at the end of the line), so the
            result is always one paragraph and can sit inside a list item or bold text.

    Returns:
        The Markdown source; non-breaking spaces (as in formatted numbers) are kept.
    """
    return "\\\n".join(_escape_line(line) for line in lines_of(str(text), inline))


def visible_text(text: object, inline: bool = False) -> str:
    """What :func:`md_escape`'s output shows: the lines of :func:`lines_of` joined by line breaks."""
    return "\n".join(lines_of(str(text), inline))


__all__ = ["JOINER", "SPECIAL", "lines_of", "md_escape", "visible_text"]
