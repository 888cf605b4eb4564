"""The one Markdown escaper: user-, file- and content-derived text placed inside Markdown."""

from __future__ import annotations

import re

#: Characters that would turn plain text into Markdown markup (links, emphasis, code, tables, headings, HTML).
SPECIAL = ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#")


def md_escape(text: str, inline: bool = False) -> str:
    """``text`` with every Markdown special character escaped, so it shows exactly as written.

    Args:
        text: the plain text.
        inline: also fold line breaks and tabs into single spaces (for table cells and list items);
            no-break spaces (as in formatted numbers) are kept.
    """
    out = str(text)
    if inline:
        out = re.sub(r"\s*[\r\n\t]+\s*", " ", out).strip()
    for ch in SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out
