"""Which header of a plan is which plan column: Swedish and English aliases from ``columns.yaml``.

A header names a column when, after :func:`~guidance.screening.content.header_key` (lower case, text
in brackets and punctuation dropped), it equals one of the column's aliases, its id or a label, or
starts with one of them followed by a space. An exact match wins over a prefix, a longer alias over
a shorter one, a visible column over a hidden one; each header is used once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from guidance.screening.content import (
    COLUMN_IDS,
    ColumnId,
    ScreeningContent,
    header_key,
    load_plan_content,
    per_content,
)


@per_content
def _aliases(content: ScreeningContent) -> dict[str, tuple[ColumnId, ...]]:
    """Every normalised alias and the plan columns it names (built once per content object)."""
    out: dict[str, list[ColumnId]] = {}
    for col in content.columns:
        words = {header_key(a) for a in col.aliases} | {
            header_key(col.label.sv),
            header_key(col.label.en),
            header_key(col.id),
        }
        for word in words:
            if word and col.id not in out.setdefault(word, []):
                out[word].append(col.id)
    return {k: tuple(v) for k, v in out.items()}


def header_columns(header: str, content: ScreeningContent) -> list[tuple[int, int, ColumnId]]:
    """The plan columns ``header`` may name, as (exact 2 / prefix 1, alias length, column id)."""
    aliases = _aliases(content)
    key = header_key(header)
    if not key:
        return []
    found = [(2, len(key), c) for c in aliases.get(key, ())]
    words = key.split(" ")
    for n in range(1, len(words)):
        prefix = " ".join(words[:n])
        found += [(1, len(prefix), c) for c in aliases.get(prefix, ())]
    return found


def auto_mapping(
    headers: Iterable[str], content: ScreeningContent | None = None, hidden: Iterable[str] = ()
) -> dict[ColumnId, str]:
    """Map plan columns to the file's headers by their Swedish and English aliases.

    Args:
        headers: the file's header cells.
        content: the screening content (default: bundled).
        hidden: headers of hidden columns; they are used only when no visible header names the column.

    Returns:
        Plan column id -> header, in the order of the plan's columns.
    """
    content = content or load_plan_content()
    hidden_set = set(hidden)
    candidates: list[tuple[int, int, int, ColumnId, str]] = []
    for header in headers:
        visible = 0 if header in hidden_set else 1
        for exact, length, col_id in header_columns(header, content):
            candidates.append((visible, exact, length, col_id, header))
    mapping: dict[ColumnId, str] = {}
    used: set[str] = set()
    for _visible, _exact, _length, col_id, header in sorted(candidates, key=lambda c: (-c[0], -c[1], -c[2])):
        if col_id in mapping or header in used:
            continue
        mapping[col_id] = header
        used.add(header)
    return {c: mapping[c] for c in COLUMN_IDS if c in mapping}


def recognised_columns(cells: Iterable[object], content: ScreeningContent) -> int:
    """How many plan columns a row of cells names (text cells only): the score of a candidate header row."""
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    return len(auto_mapping(texts, content)) if texts else 0


def missing_columns(mapping: Mapping[str, str | None], content: ScreeningContent | None = None) -> list[str]:
    """Required plan columns (and one-of groups) the mapping does not cover, as column ids."""
    content = content or load_plan_content()
    missing: list[str] = [c.id for c in content.columns if c.required and not mapping.get(c.id)]
    for group in content.one_of:
        if not any(mapping.get(c) for c in group):
            missing.append(group[0])
    return missing


__all__ = ["auto_mapping", "header_columns", "missing_columns", "recognised_columns"]
