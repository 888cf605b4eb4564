"""UI strings: one catalog per language, held in ``content/ui/*.yaml``."""

from __future__ import annotations

from typing import Any

from guidance.content.loader import load_model
from guidance.core.models import LANGS, Lang

DEFAULT_LANG: Lang = "sv"


def parse_lang(value: Any) -> Lang:
    """Return a supported language code for ``value`` (an untrusted URL parameter), else the default."""
    if isinstance(value, str) and value.strip().lower() in LANGS:
        return value.strip().lower()  # type: ignore[return-value]  # checked to be one of LANGS on the line above
    return DEFAULT_LANG


def t(key: str, lang: Lang, **values: Any) -> str:
    """The UI string ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``.

    An unknown key returns the key itself so a missing string is visible, never a crash.
    """
    text = load_model().ui.get(key)
    if text is None:
        return key
    out = text(lang)
    return out.format(**values) if values else out


def tn(key: str, n: int, lang: Lang, **values: Any) -> str:
    """The plural form of ``key`` for the count ``n`` (``key.one`` for 1, else ``key.other``), with ``{n}`` filled."""
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=n, **values)
