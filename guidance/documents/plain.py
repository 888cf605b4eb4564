"""Text that every document format can hold: characters XML (Word, Excel) forbids are replaced.

XML 1.0, and so ``.docx`` and ``.xlsx``, cannot hold the C0 control characters other than tab, line feed
and carriage return, nor unpaired surrogates or U+FFFE/U+FFFF. A single one of them in a name or a target
group made python-docx refuse the whole document. :func:`xml_text` replaces each control character (C0,
DEL and C1) with a space and surrogates and non-characters with U+FFFD (the replacement character), so
the document is made and shows the rest.
"""

from __future__ import annotations

import re

#: Control characters: those XML 1.0 forbids (tab, line feed and carriage return are allowed), and DEL and
#: the C1 controls, which it allows but which no document should show.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Unpaired surrogates and the two non-characters XML forbids.
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_text(text: object) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced (controls by a space, others by U+FFFD)."""
    return _NOT_CHARACTERS.sub(REPLACEMENT, _CONTROLS.sub(" ", str(text)))


__all__ = ["REPLACEMENT", "xml_text"]
