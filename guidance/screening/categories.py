"""Categories the organisation's way: the app's category for each plan row, and where it came from.

A plan's category column holds the organisation's own words ("Vägunderhåll", "Skolrenovering").
:func:`resolve_category` recognises the words of ``categories.yaml``. For a row whose category is
missing or not recognised, :func:`categorise` falls back, in this order, to:

1. the user's own mapping of that word (on the page, in the link or with ``--map-category``);
2. a CPV code: the CPV column, or a code in the procurement's name (``cpv.yaml``), which gives
   the contract type as well when the row has none;
3. the contract type column: the category of the same type that the procurement's name points to,
   else the type's general category (``contract_types`` in ``categories.yaml``);
4. the procurement's name alone.

Each row that falls back from an unrecognised word, or whose category is guessed from its name,
gets a note (severity ``note``) saying where its category came from. Words that are still not
recognised are listed (:class:`UnknownCategory`) so the user can map them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.models import Frozen
from guidance.screening.cells import text_of
from guidance.screening.content import ScreeningContent, header_key, load_plan_content, per_content
from guidance.screening.raw import concat_problems, make_problems

#: Where a row's category came from when its own category was missing or not recognised.
Via = Literal["cpv", "type", "type_name", "name"]
#: The CPV codes of a CPV column: eight digits (seven when a leading zero was lost), check digit optional.
_CPV_CELL = re.compile(r"(?<!\d)(\d{7,8})(?:\s*-\s*\d)?(?!\d)")
#: A CPV code in a name: eight digits with their check digit.
_CPV_WITH_CHECK = re.compile(r"(?<!\d)(\d{8})\s*-\s*\d(?!\d)")
#: Digits of a CPV code.
CPV_DIGITS = 8


class UnknownCategory(Frozen):
    """A category word of the plan that the app does not recognise and the user has not mapped.

    Attributes:
        word: the word as first written in the plan.
        key: the word normalised (the key of a mapping).
        rows: how many rows have it.
        fallback: the category its rows got instead (the most common), or None (not screened).
        via: where that category came from.
    """

    word: str
    key: str
    rows: int
    fallback: str | None = None
    via: Via | None = None


@dataclass(frozen=True)
class Categorised:
    """Each row's category and contract type (ids, or the text as written when not recognised)."""

    category: pd.Series
    contract_type: pd.Series
    problems: pd.DataFrame
    unknown: tuple[UnknownCategory, ...]
    via_counts: dict[str, int]


# --------------------------------------------------------------------------- words
@dataclass(frozen=True)
class _Vocabulary:
    exact: dict[str, str]
    words: tuple[tuple[str, str], ...]
    types: dict[str, str]
    cpv_in_name: re.Pattern[str]


@per_content
def _vocab(content: ScreeningContent) -> _Vocabulary:
    """The words of the categories and contract types, built once per content object."""
    exact: dict[str, str] = {}
    for cat in content.categories:
        for word in (*cat.aliases, cat.id, cat.label.sv, cat.label.en):
            exact.setdefault(header_key(word), cat.id)
    types: dict[str, str] = {}
    qn = load_questionnaire()
    for kind, words in content.contract_types.items():
        opt = qn.question("contract_type").option(kind)
        labels = (opt.label.sv, opt.label.en) if opt else ()
        for word in (*words.aliases, kind, *labels):
            types.setdefault(header_key(word), kind)
    words_sorted = tuple(
        sorted(((header_key(a), c.id) for c in content.categories for a in c.aliases), key=lambda p: -len(p[0]))
    )
    intro = "|".join(re.escape(w) for w in sorted(content.cpv.name_words, key=len, reverse=True))
    pattern = re.compile(rf"(?:{intro})\W{{0,3}}(\d{{{CPV_DIGITS}}})(?!\d)", re.IGNORECASE)
    return _Vocabulary(exact=exact, words=words_sorted, types=types, cpv_in_name=pattern)


def resolve_category(text: str | None, content: ScreeningContent | None = None) -> str | None:
    """The category id a plan's category cell names, or None if it is not recognised.

    Exact words (an alias, the id or a label) first; then the longest alias contained in the cell
    (aliases of three letters or fewer only as whole words); then a contract-type word, which gives
    that type's general category.
    """
    if text is None:
        return None
    content = content or load_plan_content()
    vocab = _vocab(content)
    n = header_key(text)
    if not n:
        return None
    if n in vocab.exact:
        return vocab.exact[n]
    padded = f" {n} "
    for alias, cat_id in vocab.words:
        if (len(alias) <= 3 and f" {alias} " in padded) or (len(alias) > 3 and alias in n):
            return cat_id
    kind = vocab.types.get(n)
    return content.contract_types[kind].category if kind else None  # type: ignore[index]  # vocabulary types are contract-type ids from the same content


def resolve_contract_type(text: str | None, content: ScreeningContent | None = None) -> str | None:
    """The contract type id a cell names (``tjänst`` -> ``services``), or None if not recognised."""
    if text is None:
        return None
    content = content or load_plan_content()
    return _vocab(content).types.get(header_key(text))


def category_key(word: str) -> str:
    """The key of a category word in a mapping (the word normalised like a header)."""
    return header_key(word)


# --------------------------------------------------------------------------- CPV
def cpv_from_cell(value: Any) -> str | None:
    """The first CPV code (eight digits) in a cell of a CPV column, or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if value != value or not float(value).is_integer():
            return None
        value = str(int(value))
    match = _CPV_CELL.search(str(value))
    return match.group(1).zfill(CPV_DIGITS) if match else None


def cpv_from_name(name: str | None, content: ScreeningContent) -> str | None:
    """A CPV code written in a procurement's name ("… 90911200-8", "… CPV 90911200"), or None."""
    if not name:
        return None
    match = _CPV_WITH_CHECK.search(name) or _vocab(content).cpv_in_name.search(name)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- rows
def _unique_map(series: pd.Series, fn: Any) -> pd.Series:
    """``fn`` applied once per distinct non-missing value (None stays None)."""
    values = series.dropna().unique()
    lookup = {v: fn(v) for v in values}
    out = [lookup.get(v) if v is not None and v == v else None for v in series.tolist()]
    return pd.Series(out, index=series.index, dtype="object")


def categorise(
    index: pd.Index,
    name: pd.Series,
    category: pd.Series | None,
    contract_type: pd.Series | None,
    cpv: pd.Series | None,
    category_map: Mapping[str, str],
    content: ScreeningContent,
) -> Categorised:
    """The category and contract type of every row, with the fallbacks of the module docstring.

    Args:
        index: the rows (row numbers in the file).
        name: each row's name (text or None).
        category: each row's category text (None where blank), or None without a category column.
        contract_type: each row's contract-type text, or None without such a column.
        cpv: each row's CPV cell, or None without a CPV column.
        category_map: the user's mapping, normalised word -> category id.
        content: the screening content.

    Returns:
        A :class:`Categorised`; unrecognised texts are kept as written, so the check lists them.
    """
    empty = pd.Series(None, index=index, dtype="object")
    cat_text = category if category is not None else empty
    type_text = contract_type if contract_type is not None else empty
    cat_ids = set(content.category_ids)
    keys = _unique_map(cat_text, category_key)
    mapped = keys.map(lambda k: category_map.get(k) if k else None)
    mapped = mapped.where(mapped.isin(cat_ids), None)
    resolved = _unique_map(cat_text, lambda v: resolve_category(v, content))
    cat = mapped.where(mapped.notna(), resolved)
    kind = _unique_map(type_text, lambda v: resolve_contract_type(v, content))
    out_type = kind.where(kind.notna(), type_text)
    need = cat.isna()
    via = pd.Series(None, index=index, dtype="object")
    if need.any():
        rows = index[need.to_numpy()]
        codes = _unique_map(cpv.loc[rows], cpv_from_cell) if cpv is not None else pd.Series(None, index=rows)
        no_code = codes.isna()
        if no_code.any():
            from_name = _unique_map(name.loc[rows][no_code], lambda v: cpv_from_name(v, content))
            codes = codes.where(~no_code, from_name.reindex(rows))
        entries = _unique_map(codes, content.cpv.entry)
        name_cat = _unique_map(name.loc[rows], lambda v: resolve_category(v, content))
        for row, entry, kind_id, guess in zip(rows, entries, kind.loc[rows], name_cat, strict=True):
            if entry is not None:
                cat[row], via[row] = entry.category, "cpv"
                if kind_id is None and type_text[row] is None:
                    out_type[row] = entry.contract_type
            elif kind_id is not None:
                same = guess is not None and content.category(guess).contract_type == kind_id
                cat[row] = guess if same else content.contract_types[kind_id].category
                via[row] = "type_name" if same else "type"
            elif guess is not None:
                cat[row], via[row] = guess, "name"
    unknown_word = cat_text.notna() & mapped.isna() & resolved.isna()
    noted = via.notna() & (unknown_word | via.isin(("name", "type_name")))
    frames = []
    for key, rows_mask in (
        ("plan.err.category_fallback", noted & cat_text.notna()),
        ("plan.err.category_guess", noted & cat_text.isna()),
    ):
        if rows_mask.any():
            rows = index[rows_mask.to_numpy()]
            values = cat_text.loc[rows] if key.endswith("fallback") else name.loc[rows]
            detail = [f"via={v};got={c}" for v, c in zip(via.loc[rows], cat.loc[rows], strict=True)]
            frames.append(make_problems(rows, "category", key, values.tolist(), "note", detail))
    filled_blank = cat_text.isna() & via.notna()
    counts = Counter(via[filled_blank].tolist())
    unknown = _unknown(cat_text[unknown_word], keys[unknown_word], cat[unknown_word], via[unknown_word])
    final = cat.where(cat.notna(), cat_text)
    return Categorised(
        category=final.astype("string"),
        contract_type=out_type.astype("string"),
        problems=concat_problems(*frames),
        unknown=unknown,
        via_counts={str(k): int(v) for k, v in counts.items()},
    )


def _unknown(words: pd.Series, keys: pd.Series, got: pd.Series, via: pd.Series) -> tuple[UnknownCategory, ...]:
    """The unrecognised words, most rows first, each with the fallback most of its rows got."""
    out: list[UnknownCategory] = []
    frame = pd.DataFrame({"word": words, "key": keys, "got": got, "via": via})
    for key, group in frame.groupby("key", sort=False):
        fallback = group[["got", "via"]].dropna()
        top = fallback.value_counts().index[0] if len(fallback) else (None, None)
        out.append(
            UnknownCategory(
                word=str(text_of(group["word"].iloc[0]) or key),
                key=str(key),
                rows=len(group),
                fallback=top[0],
                via=top[1],
            )
        )
    return tuple(sorted(out, key=lambda u: (-u.rows, u.key)))


__all__ = [
    "Categorised",
    "UnknownCategory",
    "Via",
    "categorise",
    "category_key",
    "cpv_from_cell",
    "cpv_from_name",
    "resolve_category",
    "resolve_contract_type",
]
