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


# -- numbers typed by a user ---------------------------------------------------------------------------

#: The browser locale that goes with each language: Swedish formats, and British English (a week that
#: starts on Monday and day-month order, as in Sweden) rather than the American defaults.
LOCALES: dict[str, str] = {"sv": "sv-SE", "en": "en-GB"}
#: Spaces people and programs put between groups of digits (space, no-break, narrow no-break, thin).
_GROUP_SPACES = (" ", NBSP, "\u202f", "\u2009")
#: Units a user may type after a number; they are dropped before the number is read.
_UNIT_SUFFIXES = ("kronor", "kr", "sek", "mkr", ":-", "%", "st", "månader", "mån", "months")
#: The longest text read as a number (anything longer is not a number a person typed).
MAX_NUMBER_CHARS = 40


def fmt_input(value: float, lang: Lang, max_decimals: int = 2) -> str:
    """A number as a number field shows it: grouped, with only the decimals it needs (``18 000 000``, ``12,5``)."""
    return fmt_short(value, lang, max_decimals).replace("−", "-")


def _is_grouped(text: str, separator: str) -> bool:
    """Whether ``text`` is digits in groups of three joined by ``separator`` (``1,500,000``)."""
    head, *groups = text.split(separator)
    return bool(groups) and 1 <= len(head) <= 3 and head.isdigit() and all(len(g) == 3 and g.isdigit() for g in groups)


def parse_number(text: str, lang: Lang) -> float | None:
    """Read a number as a person types it in ``lang``; None for an empty text.

    Spaces between digit groups, a unit after the number (``kr``, ``%``) and a real minus sign are
    accepted. In Swedish the decimal separator is a comma (``12,5``) and a point is read as a decimal
    point too unless it groups thousands (``1.500.000``); in English the point is the decimal separator
    and a comma is read as grouping only where it groups thousands (``1,500``), else as a decimal comma.

    Raises:
        ValueError: ``text`` is not a number.
    """
    raw = text.strip().lower()
    if len(raw) > MAX_NUMBER_CHARS:
        raise ValueError("too long")
    for suffix in _UNIT_SUFFIXES:
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)].strip()
            break
    for space in _GROUP_SPACES:
        raw = raw.replace(space, "")
    if not raw:
        return None
    sign = 1.0
    if raw[0] in "-−+":
        sign = -1.0 if raw[0] in "-−" else 1.0
        raw = raw[1:]
    if lang == "sv":
        if "," in raw:
            raw = raw.replace(".", "") if _is_grouped(raw.split(",")[0], ".") else raw
            raw = raw.replace(",", ".", 1)
        elif _is_grouped(raw, "."):
            raw = raw.replace(".", "")
    elif "," in raw:
        whole = raw.split(".")[0]
        raw = raw.replace(",", "") if _is_grouped(whole, ",") else raw.replace(",", ".", 1)
    if not raw or not all(c.isdigit() or c == "." for c in raw) or raw.count(".") > 1 or raw == ".":
        raise ValueError(f"not a number: {text!r}")
    return sign * float(raw)
