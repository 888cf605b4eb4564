"""Small decisions about a plan as the user gives it: which file and mapping it is, the columns chosen,
the choices offered when editing rows, and the problems counted by severity."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import pandas as pd

from guidance.core.models import Frozen
from guidance.screening.content import Limits, ScreeningContent, load_plan_content

#: Bytes in one megabyte as the upload limit is stated (1024 x 1024).
BYTES_PER_MB = 1024 * 1024
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


def file_id(data: bytes, name: str) -> str:
    """An id of an uploaded file: a digest of its bytes followed by its name."""
    return hashlib.sha256(data).hexdigest()[:FILE_DIGEST_CHARS] + name


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
