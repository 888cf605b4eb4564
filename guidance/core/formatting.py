"""Numbers in the user's language: Swedish uses a space for thousands and a decimal comma."""

from __future__ import annotations

from guidance.core.models import Lang

NBSP = "\u00a0"


def fmt_num(value: float, lang: Lang, decimals: int = 0) -> str:
    """Format ``value`` with thousands separators (``1 200 000`` in sv, ``1,200,000`` in en)."""
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", "−") if value < 0 else text


def fmt_short(value: float, lang: Lang, max_decimals: int = 1) -> str:
    """:func:`fmt_num` with as few decimals as ``value`` needs, at most ``max_decimals`` (``12``, ``12,5``)."""
    decimals = next((d for d in range(max_decimals) if float(value * 10**d).is_integer()), max_decimals)
    return fmt_num(value, lang, decimals)


def plain_number(value: float) -> str:
    """A number as a machine reads it, in links and files: ``12`` or ``12.5`` (no separators)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def fmt_sek(value: float, lang: Lang, decimals: int = 0) -> str:
    """Format an amount of Swedish kronor (``1 200 000 kr`` / ``SEK 1,200,000``)."""
    num = fmt_num(value, lang, decimals)
    return f"{num}{NBSP}kr" if lang == "sv" else f"SEK{NBSP}{num}"


def fmt_pct(share: float, lang: Lang, decimals: int = 0) -> str:
    """Format a share (0.125) as a percentage (``12,5 %`` / ``12.5%``)."""
    num = fmt_num(share * 100, lang, decimals)
    return f"{num}{NBSP}%" if lang == "sv" else f"{num}%"
