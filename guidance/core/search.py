"""Plain-text search used by the glossary and source lists."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """Case-fold and drop accents such as é, keeping the Swedish letters å, ä and ö distinct."""
    text = unicodedata.normalize("NFC", text.casefold())
    keep = {"å", "ä", "ö"}
    return "".join(ch if ch in keep else unicodedata.normalize("NFD", ch)[0] for ch in text)


def matches(query: str, *fields: str) -> bool:
    """True when every word of ``query`` occurs in at least one of ``fields`` (an empty query matches all)."""
    words = search_key(query).split()
    haystack = " ".join(search_key(f) for f in fields)
    return all(w in haystack for w in words)
