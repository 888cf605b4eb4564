"""Small decisions about a plan as the user gives it: which file and mapping it is, the columns chosen,
the corrections to how it is read (:class:`ReadOptions`, also carried in the page's link), the choices
offered when editing rows, and the problems counted by severity."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import pandas as pd
from pydantic import Field

from guidance.core.models import Frozen
from guidance.screening.content import Limits, ScreeningContent, header_key, load_plan_content
from guidance.screening.raw import BYTES_PER_MB

#: Hex digits of a file's digest in its id, and of a mapping's digest.
FILE_DIGEST_CHARS = 16
MAPPING_DIGEST_CHARS = 8


class EditorChoices(Frozen):
    """The options of the editor's choice columns: the content's ids, then unknown values found in the plan."""

    categories: tuple[str, ...]
    contract_types: tuple[str, ...]


class ProblemCounts(Frozen):
    """How many problems of each severity a checked plan has."""

    warnings: int
    notes: int


class ReadOptions(Frozen):
    """The user's corrections to how a plan is read; empty fields mean "as detected".

    Attributes:
        sheet: the sheet of a workbook to read.
        header_row: the row number of the column headings (1 = the first row).
        units: plan column id -> unit id, e.g. ``{"value_sek": "tkr"}``.
        category_map: the plan's own category words (normalised, see
            :func:`~guidance.screening.categories.category_key`) -> category id.
    """

    sheet: str | None = None
    header_row: int | None = Field(default=None, ge=1)
    units: dict[str, str] = Field(default_factory=dict)
    category_map: dict[str, str] = Field(default_factory=dict)

    def digest(self) -> str:
        """A short id of these options (the same options give the same id)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:MAPPING_DIGEST_CHARS]


#: Separators of the category mapping in a link: ``word=id,word=id``.
LINK_PAIR, LINK_ITEM = "=", ","


def clean_category_map(
    pairs: Iterable[tuple[str, str]], content: ScreeningContent | None = None
) -> tuple[dict[str, str], list[str]]:
    """The valid pairs of a category mapping, and the words (or ids) that were left out.

    A word is normalised like a header; an id must be one of the content's categories. At most
    ``limits.max_category_map`` words of at most ``limits.max_category_word_chars`` characters.
    """
    content = content or load_plan_content()
    limits = content.limits
    ids = set(content.category_ids)
    out: dict[str, str] = {}
    dropped: list[str] = []
    for word, cat in pairs:
        key = header_key(word)[: limits.max_category_word_chars]
        if not key or cat not in ids or (key not in out and len(out) >= limits.max_category_map):
            dropped.append(word or cat)
            continue
        out[key] = cat
    return out, dropped


def category_map_to_link(mapping: Mapping[str, str]) -> str:
    """A category mapping as one link parameter value: ``word=id,word=id`` (sorted)."""
    return LINK_ITEM.join(f"{w}{LINK_PAIR}{c}" for w, c in sorted(mapping.items()))


def category_map_from_link(text: str, content: ScreeningContent | None = None) -> tuple[dict[str, str], list[str]]:
    """A category mapping from a link parameter value (see :func:`category_map_to_link`), and what was left out."""
    content = content or load_plan_content()
    limit = content.limits.max_category_map * (content.limits.max_category_word_chars + 40)
    pairs = []
    for item in str(text)[:limit].split(LINK_ITEM):
        if not item.strip():
            continue
        word, _sep, cat = item.partition(LINK_PAIR)
        pairs.append((word, cat.strip()))
    return clean_category_map(pairs, content)


def file_id(data: bytes, name: str) -> str:
    """An id of an uploaded file: a digest of its bytes followed by its name."""
    return hashlib.sha256(data).hexdigest()[:FILE_DIGEST_CHARS] + name


def plan_digest(*frames: pd.DataFrame) -> str:
    """A digest of tables' cells, row numbers and columns (the same tables give the same digest)."""
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(repr(list(frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame.astype("object"), index=True).to_numpy().tobytes())
    return digest.hexdigest()


def mapping_id(mapping: Mapping[str, str]) -> str:
    """A short id of a column mapping (the same for the same pairs in any order)."""
    return hashlib.sha256(repr(sorted(mapping.items())).encode()).hexdigest()[:MAPPING_DIGEST_CHARS]


def chosen_columns(choices: Mapping[str, str], headers: Iterable[str]) -> dict[str, str]:
    """The plan columns mapped to one of the file's headers (an empty or unknown choice is left out)."""
    known = set(headers)
    return {col: header for col, header in choices.items() if header and header in known}


def editor_choices(plan: pd.DataFrame, content: ScreeningContent | None = None) -> EditorChoices:
    """The options of the category and contract type columns, keeping values the content does not know."""
    content = content or load_plan_content()

    def extra(column: str, known: Iterable[str]) -> list[str]:
        known = set(known)
        return sorted({str(v) for v in plan[column].dropna() if v not in known})

    return EditorChoices(
        categories=(*content.category_ids, *extra("category", content.category_ids)),
        contract_types=(*content.contract_types, *extra("contract_type", content.contract_types)),
    )


def problem_counts(problems: pd.DataFrame) -> ProblemCounts:
    """Warnings and notes among ``problems`` (the table of :func:`~guidance.screening.reading.check_plan`)."""
    return ProblemCounts(
        warnings=int((problems["severity"] == "warning").sum()),
        notes=int((problems["severity"] == "note").sum()),
    )


def upload_limit_mb(limits: Limits) -> float:
    """The largest upload in megabytes."""
    return limits.max_bytes / BYTES_PER_MB
