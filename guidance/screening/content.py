"""The content of the plan screening: plan columns and their units, the table layout words, categories,
CPV codes, assumptions, scenarios and limits.

Loaded from ``content/screening/*.yaml`` and checked against the questionnaire (risk ids, number
bounds) and the sizing rules (rule ids), so the plan screening cannot drift from the single
assessment. :mod:`guidance.screening.reading` reads plans with it and :mod:`guidance.screening.screen` screens them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from pydantic import ConfigDict, Field, ValidationError, model_validator

from guidance.assessment.answers import field_error
from guidance.assessment.questionnaire import (
    ContractType,
    Questionnaire,
    load_questionnaire,
)
from guidance.assessment.sizing import SizingContent, load_sizing_content
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_items,
    validate_one,
)
from guidance.content.model import Model
from guidance.core.models import Evidence, Frozen, Source, Sourced, Text, by_id

COLUMNS_FILE = "screening/columns.yaml"
CATEGORIES_FILE = "screening/categories.yaml"
POLICY_FILE = "screening/policy.yaml"
CPV_FILE = "screening/cpv.yaml"

ColumnId = Literal[
    "name",
    "category",
    "contract_type",
    "cpv",
    "value_sek",
    "duration_months",
    "fte",
    "labour_share",
    "framework",
    "start_date",
]
ColumnKind = Literal["text", "category", "contract_type", "cpv", "number", "integer", "share", "bool", "date"]
RiskMode = Literal["category", "none", "unknown"]
ShareBasis = Literal["score", "value"]

#: The canonical plan columns in display order (each needs an entry in columns.yaml).
COLUMN_IDS: tuple[ColumnId, ...] = get_args(ColumnId)


def bounded_columns(qn: Questionnaire) -> tuple[ColumnId, ...]:
    """The plan's number columns that are questions too: their bounds come from the questionnaire."""
    numbers = {q.id for q in qn.questions if q.kind == "number"}
    return tuple(c for c in COLUMN_IDS if c in numbers)


def header_key(text: str) -> str:
    """Lower-case ``text``, drop text in brackets and punctuation, and collapse whitespace.

    Used for header names and category words, so ``"Uppskattat värde (kr)"`` and
    ``"uppskattat  värde"`` compare equal. Letters such as å, ä and ö are kept.
    """
    out = unicodedata.normalize("NFC", str(text)).lower()
    out = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", out)
    out = re.sub(r"[^\w%]+", " ", out)
    return " ".join(out.replace("_", " ").split())


# --------------------------------------------------------------------------- models
class Unit(Frozen):
    """A unit a plan column may be written in: its words and its size in the column's own unit."""

    id: str = Field(min_length=1)
    factor: float = Field(gt=0)
    divisor: float = Field(default=1, gt=0)
    words: tuple[str, ...] = Field(min_length=1)
    label: Text

    @property
    def scale(self) -> float:
        """How many of the column's own unit one of this unit is (``factor / divisor``)."""
        return self.factor / self.divisor


class Range(Frozen):
    """A closed range of numbers."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class UnitCheck(Frozen):
    """When a column's unit is implausible: its median outside ``median`` (or a value below ``any_below``
    while another unit fits); a proposed unit brings the median into ``typical``."""

    median: Range
    typical: Range
    any_below: float | None = None


class PlanColumn(Sourced):
    """A column of a plan: how it is recognised, parsed, converted and labelled."""

    id: ColumnId
    kind: ColumnKind
    required: bool = False
    label: Text
    help: Text
    aliases: tuple[str, ...] = Field(min_length=1)
    short: str | None = None
    units: tuple[Unit, ...] = ()
    unit_check: UnitCheck | None = None
    sum_parts: bool = False
    per_year_words: tuple[str, ...] = ()

    @property
    def unit_words(self) -> dict[str, float]:
        """Every unit word and the size of its unit in the column's own unit."""
        return {word: unit.scale for unit in self.units for word in unit.words}

    @property
    def base_unit(self) -> Unit | None:
        """The column's own unit (the first), or None for a column without units."""
        return self.units[0] if self.units else None

    def unit(self, unit_id: str) -> Unit:
        """The unit with ``unit_id``; raises ``KeyError`` if the column has no such unit."""
        return by_id(self.units, unit_id, f"unit of {self.id}")


class Layout(Sourced):
    """How the header row and the rows that are not procurements are recognised (``columns.yaml``)."""

    header_scan_rows: int = Field(gt=0)
    header_min_columns: int = Field(gt=0)
    totals_words: tuple[str, ...] = Field(min_length=1)
    totals_tolerance: float = Field(ge=0, lt=1)


class CpvEntry(Frozen):
    """A CPV division (two digits) or group (three digits) and the contract type and category it gives."""

    code: str = Field(pattern=r"^\d{2,3}$")
    label: Text
    contract_type: ContractType
    category: str


class CpvContent(Frozen):
    """The CPV table: its source, the words that introduce a code in a name, divisions and groups."""

    source: Source
    evidence: Evidence
    name_words: tuple[str, ...] = Field(min_length=1)
    divisions: tuple[CpvEntry, ...] = Field(min_length=1)
    groups: tuple[CpvEntry, ...] = ()

    def entry(self, code: str) -> CpvEntry | None:
        """The most specific entry for an eight-digit ``code`` (its group, else its division), or None."""
        for entry in self.groups:
            if code.startswith(entry.code):
                return entry
        return next((e for e in self.divisions if code.startswith(e.code)), None)


class CategoryDefaults(Frozen):
    """The answers assumed for a category when a plan does not contain them.

    ``labour_share`` fills a plan's missing labour-cost share and ``risks`` lists the risk flags
    that apply; any other key is the id of a questionnaire question with the answer assumed for
    the category (checked against the question on load). A question without an assumed answer
    stays unanswered in screening, as it would in a single assessment.
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    labour_share: float = Field(ge=0, le=100)
    risks: tuple[str, ...] = ()

    def answer(self, question_id: str) -> Any:
        """The answer assumed for ``question_id``, or None."""
        return (self.model_extra or {}).get(question_id, getattr(self, question_id, None))


class Category(Sourced):
    """A procurement category with its contract type, recognised words and default answers."""

    id: str = Field(min_length=1)
    label: Text
    contract_type: ContractType
    aliases: tuple[str, ...] = Field(min_length=1)
    defaults: CategoryDefaults
    note: Text


class ContractTypeWords(Frozen):
    """Words naming a contract type, and the category used for a row with only that type."""

    aliases: tuple[str, ...] = Field(min_length=1)
    category: str


class AssumptionDefaults(Sourced):
    """Starting values of the screening assumptions (see ``policy.yaml``)."""

    gates_met: bool
    risks: RiskMode
    bonus_capacity: bool
    estimate_fte: bool
    sek_per_fte_year: float = Field(gt=0)
    direct_award: bool
    sek_per_fte_year_note: Text


class ValueBand(Frozen):
    """A value band for charts; ``lt`` is the exclusive upper bound (None for the last band)."""

    id: str
    label: Text
    lt: float | None = None


class Scenario(Sourced):
    """A ready-made policy option: rule set, selection of procurements and share."""

    id: str = Field(min_length=1)
    name: Text
    description: Text
    rule: str
    min_value_sek: float = Field(default=0, ge=0)
    categories: tuple[str, ...] | None = None
    min_duration_months: int = Field(default=0, ge=0)
    share: float = Field(default=1.0, gt=0, le=1)
    share_basis: ShareBasis = "score"


class Limits(Sourced):
    """Size and row limits on plans, and how much the page lists."""

    max_bytes: int = Field(gt=0)
    max_rows: int = Field(gt=0)
    cli_max_rows: int = Field(gt=0)
    editor_max_rows: int = Field(gt=0)
    max_columns: int = Field(gt=0)
    max_cell_chars: int = Field(gt=0)
    top_n: int = Field(gt=0)
    max_problems_shown: int = Field(gt=0)
    max_category_map: int = Field(gt=0)
    max_category_word_chars: int = Field(gt=0)
    sample_values: int = Field(gt=0)
    max_sheets: int = Field(gt=0)
    scan_margin_rows: int = Field(ge=0)
    max_unpacked_bytes: int = Field(gt=0)
    max_ods_content_bytes: int = Field(gt=0)
    max_number_digits: int = Field(gt=0, le=300)
    cache_ttl_seconds: int = Field(gt=0)
    cache_entries: int = Field(gt=0)


class ScreeningContent(Frozen):
    """Everything in ``content/screening/``."""

    columns: tuple[PlanColumn, ...]
    one_of: tuple[tuple[ColumnId, ...], ...]
    booleans: dict[bool, tuple[str, ...]]
    month_names: dict[str, int]
    quarter_words: tuple[str, ...]
    layout: Layout
    categories: tuple[Category, ...]
    cpv: CpvContent
    contract_types: dict[ContractType, ContractTypeWords]
    assumptions: AssumptionDefaults
    value_bands: tuple[ValueBand, ...]
    scenarios: tuple[Scenario, ...]
    default_scenarios: tuple[str, str]
    limits: Limits

    @model_validator(mode="after")
    def _bands_ascending(self) -> ScreeningContent:
        bounds = [b.lt for b in self.value_bands]
        if not bounds or bounds[-1] is not None or any(b is None for b in bounds[:-1]):
            raise ValueError("value bands need an upper bound each, except the last")
        if any(a >= b for a, b in zip(bounds[:-2], bounds[1:-1], strict=False)):  # type: ignore[operator]  # the bounds before the last were checked to be numbers above
            raise ValueError("value bands must be in ascending order")
        return self

    def column(self, column_id: str) -> PlanColumn:
        """The column with ``column_id``."""
        return by_id(self.columns, column_id, "plan column")

    def column_by_short(self, name: str) -> PlanColumn | None:
        """The column a command-line name stands for (its ``short`` name or its id), or None."""
        key = name.strip().lower()
        return next((c for c in self.columns if key in (c.id, c.short)), None)

    def category(self, category_id: str) -> Category:
        """The category with ``category_id``; raises ``KeyError`` if unknown."""
        return by_id(self.categories, category_id, "category")

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with ``scenario_id``; raises ``KeyError`` if unknown."""
        return by_id(self.scenarios, scenario_id, "scenario")

    @property
    def category_ids(self) -> tuple[str, ...]:
        """Category ids in display order."""
        return tuple(c.id for c in self.categories)


# --------------------------------------------------------------------------- derived tables
_Derived = TypeVar("_Derived")


def per_content(build: Callable[[ScreeningContent], _Derived]) -> Callable[[ScreeningContent], _Derived]:
    """Cache a table derived from the content: built once per content object (compared by identity)."""
    cache: dict[int, tuple[ScreeningContent, _Derived]] = {}

    def get(content: ScreeningContent) -> _Derived:
        hit = cache.get(id(content))
        if hit is None or hit[0] is not content:
            if len(cache) > 16:
                cache.clear()
            hit = (content, build(content))
            cache[id(content)] = hit
        return hit[1]

    get.__doc__ = build.__doc__
    return get


# --------------------------------------------------------------------------- loading


def _check_units(content: ScreeningContent, col_file: str) -> None:
    """Each column's own unit has size 1, unit ids are unique, short names are unique."""
    shorts: set[str] = set()
    for col in content.columns:
        if col.short:
            if col.short in shorts:
                raise ContentError(col_file, col.id, "short", f"'{col.short}' is the short name of another column")
            shorts.add(col.short)
        if col.units and col.units[0].scale != 1:
            raise ContentError(col_file, col.id, "units", "the first unit is the column's own and needs size 1")
        ids = [u.id for u in col.units]
        if len(ids) != len(set(ids)):
            raise ContentError(col_file, col.id, "units", "unit ids must be unique")
        if col.unit_check is not None and len(col.units) < 2:
            raise ContentError(col_file, col.id, "unit_check", "needs at least two units to propose one")


def _check(content: ScreeningContent, model: Model, qn: Questionnaire, sizing: SizingContent) -> None:
    sources = {s.id for s in model.sources} | {content.cpv.source.id}
    cat_file, pol_file, col_file = (f"content/{f}" for f in (CATEGORIES_FILE, POLICY_FILE, COLUMNS_FILE))
    cpv_file = f"content/{CPV_FILE}"
    _check_units(content, col_file)
    items: list[tuple[str, str, str]] = [(col_file, c.id, c.source) for c in content.columns]
    items.append((col_file, "layout", content.layout.source))
    items += [(cat_file, c.id, c.source) for c in content.categories]
    items += [(pol_file, s.id, s.source) for s in content.scenarios]
    items += [(pol_file, "assumptions", content.assumptions.source), (pol_file, "limits", content.limits.source)]
    for file, item, source in items:
        if source not in sources:
            raise ContentError(file, item, "source", f"unknown source id '{source}'")
    have = {c.id for c in content.columns}
    for column_id in COLUMN_IDS:
        if column_id not in have:
            raise ContentError(col_file, column_id, "id", "required column is missing")
    for column_id in bounded_columns(qn):
        q = qn.question(column_id)
        if q.bounds is None:
            raise ContentError(col_file, column_id, "id", "the questionnaire question has no bounds")
    risk_ids = set(qn.risk_ids)
    seen: dict[str, str] = {}
    for cat in content.categories:
        for qid, value in (cat.defaults.model_extra or {}).items():
            problem = field_error(qid, value)
            if problem is not None:
                raise ContentError(
                    cat_file, cat.id, f"defaults.{qid}", f"not an answer to question '{qid}' ({problem})"
                )
        for risk in cat.defaults.risks:
            if risk not in risk_ids:
                raise ContentError(cat_file, cat.id, "defaults.risks", f"unknown risk id '{risk}'")
        for alias in cat.aliases:
            key = header_key(alias)
            if key in seen and seen[key] != cat.id:
                raise ContentError(cat_file, cat.id, "aliases", f"'{alias}' is also an alias of {seen[key]}")
            seen[key] = cat.id
    cat_ids = set(content.category_ids)
    for entry in (*content.cpv.divisions, *content.cpv.groups):
        if entry.category not in cat_ids:
            raise ContentError(cpv_file, entry.code, "category", f"unknown category id '{entry.category}'")
    codes = [e.code for e in (*content.cpv.divisions, *content.cpv.groups)]
    if len(codes) != len(set(codes)):
        raise ContentError(cpv_file, "divisions", "code", "a CPV code is listed twice")
    for kind, words in content.contract_types.items():
        if words.category not in cat_ids:
            raise ContentError(cat_file, kind, "category", f"unknown category id '{words.category}'")
    rule_ids = {r.id for r in sizing.rules}
    for sc in content.scenarios:
        if sc.rule not in rule_ids:
            raise ContentError(pol_file, sc.id, "rule", f"unknown sizing rule id '{sc.rule}'")
        for cat_id in sc.categories or ():
            if cat_id not in cat_ids:
                raise ContentError(pol_file, sc.id, "categories", f"unknown category id '{cat_id}'")
    for sc_id in content.default_scenarios:
        if sc_id not in {s.id for s in content.scenarios}:
            raise ContentError(pol_file, "default_scenarios", "default_scenarios", f"unknown scenario id '{sc_id}'")
    if content.limits.editor_max_rows > content.limits.max_rows:
        raise ContentError(pol_file, "limits", "editor_max_rows", "must not exceed max_rows")


def build_plan_content(
    root: Path = CONTENT_DIR,
    model: Model | None = None,
    questionnaire: Questionnaire | None = None,
    sizing: SizingContent | None = None,
) -> ScreeningContent:
    """Read and validate ``content/screening/*.yaml`` under ``root``.

    Raises:
        ContentError: naming file, item and field of the first problem.
    """
    model = model or load_model()
    qn = questionnaire or load_questionnaire()
    sizing = sizing or load_sizing_content()
    col_file, cat_file, pol_file = (f"content/{f}" for f in (COLUMNS_FILE, CATEGORIES_FILE, POLICY_FILE))
    cols = read_sections(
        root / COLUMNS_FILE, ("columns", "one_of", "booleans", "month_names", "quarter_words", "layout"), root
    )
    cpv_file = f"content/{CPV_FILE}"
    cpv = read_sections(root / CPV_FILE, ("source", "evidence", "name_words", "divisions"), root)
    cats = read_sections(root / CATEGORIES_FILE, ("categories", "contract_types"), root)
    pol = read_sections(
        root / POLICY_FILE, ("assumptions", "value_bands", "scenarios", "default_scenarios", "limits"), root
    )
    booleans = cols["booleans"]
    if not isinstance(booleans, dict) or set(map(str, booleans)) != {"true", "false"}:
        raise ContentError(col_file, "booleans", "booleans", "needs the lists 'true' and 'false'")
    types = cats["contract_types"]
    if not isinstance(types, dict):
        raise ContentError(cat_file, "contract_types", "contract_types", "expected a mapping")
    try:
        content = ScreeningContent(
            columns=validate_items(col_file, "columns", cols["columns"], PlanColumn),
            one_of=tuple(tuple(group) for group in cols["one_of"]),
            booleans={str(k) == "true": tuple(str(w).strip().lower() for w in v) for k, v in booleans.items()},
            month_names={str(k).lower(): int(v) for k, v in cols["month_names"].items()},
            quarter_words=tuple(str(w).lower() for w in cols["quarter_words"]),
            layout=validate_one(col_file, "layout", cols["layout"], Layout),
            categories=validate_items(cat_file, "categories", cats["categories"], Category),
            cpv=validate_one(cpv_file, "cpv", cpv, CpvContent),
            contract_types={k: validate_one(cat_file, str(k), v, ContractTypeWords) for k, v in types.items()},
            assumptions=validate_one(pol_file, "assumptions", pol["assumptions"], AssumptionDefaults),
            value_bands=validate_items(pol_file, "value_bands", pol["value_bands"], ValueBand),
            scenarios=validate_items(pol_file, "scenarios", pol["scenarios"], Scenario),
            default_scenarios=tuple(pol["default_scenarios"]),
            limits=validate_one(pol_file, "limits", pol["limits"], Limits),
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ContentError(pol_file, "-", ".".join(map(str, err["loc"])) or "-", err["msg"]) from None
    if set(content.contract_types) != set(get_args(ContractType)):
        raise ContentError(
            cat_file, "contract_types", "contract_types", f"needs exactly the types {sorted(get_args(ContractType))}"
        )
    _check(content, model, qn, sizing)
    return content


@cached_loader
def load_plan_content() -> ScreeningContent:
    """The validated screening content from the bundled ``content/``, parsed once per process."""
    return build_plan_content(content_dir())


__all__ = [
    "bounded_columns",
    "COLUMN_IDS",
    "AssumptionDefaults",
    "Category",
    "CpvContent",
    "CpvEntry",
    "Layout",
    "Range",
    "Unit",
    "UnitCheck",
    "CategoryDefaults",
    "ColumnId",
    "ColumnKind",
    "Limits",
    "PlanColumn",
    "ScreeningContent",
    "RiskMode",
    "Scenario",
    "ShareBasis",
    "ValueBand",
    "build_plan_content",
    "load_plan_content",
    "header_key",
    "per_content",
]
