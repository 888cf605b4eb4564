"""Condition drafts: the chosen level's contract condition filled in from the assessment and sizing.

The templates are content (``content/assessment/conditions.yaml``); this module only picks the
sections for the level, fills the placeholders and marks unverified templates.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError

from guidance.assessment.sizing import add_months, load_sizing_content
from guidance.content.loader import (
    ContentError,
    cached_loader,
    check_sources,
    content_dir,
    describe_error,
    load_sources,
    read_yaml,
)
from guidance.core.formatting import fmt_num, fmt_pct, fmt_sek, fmt_short
from guidance.core.models import Evidence, Frozen, Lang, Sourced, Text, by_id

if TYPE_CHECKING:  # pragma: no cover
    from guidance.assessment.assess import Assessment
    from guidance.assessment.sizing import Sizing

CONDITIONS_FILE = "content/assessment/conditions.yaml"

Level = Literal["basic", "advanced", "advanced_bonus"]
#: The levels that oblige the supplier to hire, and so carry a first-hire milestone.
NUMERICAL_LEVELS: tuple[str, ...] = ("advanced", "advanced_bonus")
AltId = Literal["a", "b", "c"]

#: Placeholders a template may use; anything else in braces is a content error.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "target_groups",
        "employment_months",
        "internship_months",
        "milestone_months",
        "milestone_date",
        "early_end_share",
        "bonus_internship",
        "bonus_employment",
        "bonus_internship_months",
        "bonus_employment_months",
        "bonus_internship_cap",
        "bonus_employment_cap",
        "bonus_cap",
    }
)

#: Which template parts make up the draft for each level.
LEVEL_PARTS: dict[str, tuple[str, ...]] = {
    "basic": ("basic",),
    "advanced": ("advanced",),
    "advanced_bonus": ("advanced", "bonus"),
}


# -- content models -------------------------------------------------------------------------------
class Parameter(Sourced):
    """A number used in the drafts, with unit, label and source."""

    value: float
    unit: str
    label: Text


class TargetGroup(Sourced):
    """A target group the buyer can choose."""

    id: str
    name: Text


class Alternative(Sourced):
    """A permitted way (a, b, c) to meet the advanced-level commitment."""

    id: AltId
    name: Text
    verified: bool
    text: Text


class SectionTemplate(Sourced):
    """One section of a condition template; ``when_alternatives`` limits it to those alternatives."""

    id: str
    heading: Text
    verified: bool
    text: Text
    when_alternatives: tuple[AltId, ...] = ()


class PartTemplate(Frozen):
    """A whole condition (dialogue, employment requirement, bonus)."""

    title: Text
    criterion_id: str | None
    sections: tuple[SectionTemplate, ...] = Field(min_length=1)


class ConditionContent(Frozen):
    """Everything in ``content/assessment/conditions.yaml``."""

    notice: Text
    notice_source: str
    unverified_label: Text
    parameters: dict[str, Parameter]
    blanks: dict[str, Text]
    target_groups: tuple[TargetGroup, ...]
    alternatives: tuple[Alternative, ...]
    levels: dict[Literal["basic", "advanced", "bonus"], PartTemplate]
    residence_note: SectionTemplate

    def param(self, key: str) -> float:
        """The value of parameter ``key``."""
        return self.parameters[key].value

    def target_group(self, group_id: str) -> TargetGroup:
        """The target group with ``group_id``."""
        return by_id(self.target_groups, group_id, "target group")


REQUIRED_PARAMETERS = (
    "early_end_share",
    "bonus_internship_sek_per_month",
    "bonus_employment_sek_per_month",
    "bonus_cap_share_of_commitment",
)


def _templates(content: ConditionContent) -> Iterable[tuple[str, Text]]:
    for key, part in content.levels.items():
        for sec in part.sections:
            yield f"levels.{key}.{sec.id}", sec.text
    for alt in content.alternatives:
        yield f"alternatives.{alt.id}", alt.text
    yield "residence_note", content.residence_note.text


def parse_conditions(data: Mapping[str, Any], file: str = CONDITIONS_FILE) -> ConditionContent:
    """Validate the raw conditions content; raise :class:`ContentError` naming item and field."""
    try:
        content = ConditionContent.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err.get("loc", ())]
        field, problem = describe_error(err)
        raise ContentError(file, ".".join(loc[:2]) or "-", field or "-", problem) from None
    for key in REQUIRED_PARAMETERS:
        if key not in content.parameters:
            raise ContentError(file, f"parameters.{key}", "value", "required parameter is missing")
    ids = [a.id for a in content.alternatives]
    if sorted(ids) != ["a", "b", "c"]:
        raise ContentError(file, "alternatives", "id", "alternatives a, b and c must each appear once")
    if len({g.id for g in content.target_groups}) != len(content.target_groups):
        raise ContentError(file, "target_groups", "id", "duplicate id")
    for item, text in _templates(content):
        for lang in ("sv", "en"):
            names = {name for _, name, _, _ in string.Formatter().parse(text(lang)) if name is not None}
            unknown = names - PLACEHOLDERS
            if unknown:
                raise ContentError(file, item, f"text.{lang}", f"unknown placeholder {{{sorted(unknown)[0]}}}")
    source_ids = {s.id for s in load_sources(content_dir())}
    items: list[Any] = [
        *content.parameters.values(),
        *content.target_groups,
        *content.alternatives,
        content.residence_note,
    ]
    items += [sec for part in content.levels.values() for sec in part.sections]
    check_sources(source_ids, items, file)
    if content.notice_source not in source_ids:
        raise ContentError(file, "notice_source", "notice_source", f"unknown source id '{content.notice_source}'")
    return content


@cached_loader
def load_conditions() -> ConditionContent:
    """The validated condition templates, parsed once per process."""
    return parse_conditions(read_yaml(content_dir() / "assessment" / "conditions.yaml"))


# -- inputs and outputs ---------------------------------------------------------------------------
class ConditionOptions(Frozen):
    """The buyer's choices for the draft; ``None`` means "use the sizing or the content default"."""

    level: Level | None = None
    target_groups: tuple[str, ...] = ()
    custom_target_group: str = Field(default="", max_length=300)
    alternatives: tuple[AltId, ...] = ("a",)
    employment_months: float | None = Field(default=None, gt=0, le=10_000)
    internship_months: float | None = Field(default=None, gt=0, le=10_000)
    contract_start: dt.date | None = None
    bonus_internship_sek: float | None = Field(default=None, ge=0, le=1_000_000)
    bonus_employment_sek: float | None = Field(default=None, ge=0, le=1_000_000)
    bonus_internship_months: float | None = Field(default=None, ge=0, le=10_000)
    bonus_employment_months: float | None = Field(default=None, ge=0, le=10_000)


class DraftSection(Frozen):
    """A filled-in section of the draft."""

    id: str
    heading: str
    body: str
    verified: bool
    source: str
    evidence: Evidence


class DraftPart(Frozen):
    """One condition of the draft (the bonus draft has two: the requirement and the bonus)."""

    key: str
    title: str
    criterion_id: str | None
    sections: tuple[DraftSection, ...]


class BonusTerms(Frozen):
    """The bonus amounts, months and caps used in the draft."""

    internship_sek_per_month: float
    employment_sek_per_month: float
    internship_months: float | None
    employment_months: float | None
    internship_cap: float | None
    employment_cap: float | None
    total_cap: float | None


class ConditionDraft(Frozen):
    """The condition text for the chosen level, ready to check against Kriterietjänsten."""

    level: Level | None
    lang: Lang
    notice: str
    notice_source: str
    unverified_label: str
    parts: tuple[DraftPart, ...]
    target_groups: tuple[str, ...]
    alternatives: tuple[AltId, ...]
    employment_months: float | None
    internship_months: float | None
    milestone_months: int
    milestone_date: dt.date | None
    early_end_share: float
    bonus: BonusTerms | None
    blanks: tuple[str, ...]

    @property
    def sections(self) -> tuple[DraftSection, ...]:
        """All sections of all parts, in order."""
        return tuple(sec for part in self.parts for sec in part.sections)

    @property
    def has_unverified(self) -> bool:
        """True if any section is an unverified template."""
        return any(not sec.verified for sec in self.sections)


# -- helpers -------------------------------------------------------------------------------------
def default_milestone_months() -> int:
    """Months from contract start to the first employment (the sizing content's milestone)."""
    return load_sizing_content().milestone.months


def _value(obj: Any, name: str) -> Any:
    """``obj.name`` or ``obj[name]``, else ``None``."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _code(value: Any) -> str | None:
    """An enum's value or a plain string."""
    if value is None:
        return None
    return str(getattr(value, "value", value))


def verdict_of(assessment: Any) -> str | None:
    """The verdict code of an assessment (an enum or a string)."""
    return _code(_value(assessment, "verdict"))


def has_flag(assessment: Any, name: str) -> bool:
    """Whether the assessment raised the flag ``name`` (flags may be a model, a mapping or a set)."""
    flags = _value(assessment, "flags")
    if flags is None:
        return False
    if isinstance(flags, (set, frozenset, list, tuple)):
        return name in {_code(f) for f in flags}
    return bool(_value(flags, name))


def _positive(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


class _Blanks(dict[str, str]):
    """Placeholder values; a missing one becomes the visible blank and is recorded."""

    def __init__(self, values: Mapping[str, str], blanks: Mapping[str, Text], lang: Lang) -> None:
        super().__init__(values)
        self._blanks, self._lang = blanks, lang
        self.used: list[str] = []

    def __missing__(self, key: str) -> str:
        if key not in self.used:
            self.used.append(key)
        blank = self._blanks.get(key)
        return blank(self._lang) if blank else "[…]"


def _section(tpl: SectionTemplate, values: _Blanks, lang: Lang, sid: str | None = None) -> DraftSection:
    return DraftSection(
        id=sid or tpl.id,
        heading=tpl.heading(lang),
        body=tpl.text(lang).format_map(values),
        verified=tpl.verified,
        source=tpl.source,
        evidence=tpl.evidence,
    )


def _group_list(names: list[str], lang: Lang) -> str:
    if len(names) <= 1:
        return "".join(names)
    joiner = " och " if lang == "sv" else " and "
    return ", ".join(names[:-1]) + joiner + names[-1]


# -- the draft ------------------------------------------------------------------------------------
def draft_condition(
    assessment: Assessment | Any,
    sizing: Sizing | Any | None,
    options: ConditionOptions | None = None,
    lang: Lang = "sv",
) -> ConditionDraft:
    """Fill in the condition for the assessed (or chosen) level.

    Args:
        assessment: The assessment; its verdict picks the level unless ``options.level`` is set.
        sizing: The sizing for the chosen rule set, or ``None``; gives months and the milestone.
        options: Target groups, permitted alternatives, overrides and bonus amounts.
        lang: Language of the draft.

    Returns:
        The draft. For ``not_yet`` and ``not_suitable`` (without an override) it has no parts.
    """
    content = load_conditions()
    opts = options or ConditionOptions()
    verdict = verdict_of(assessment)
    level: Level | None = opts.level or (verdict if verdict in LEVEL_PARTS else None)  # type: ignore[assignment]  # LEVEL_PARTS is keyed by the Level ids

    employment = opts.employment_months or _positive(_value(sizing, "employment_months"))
    internship = opts.internship_months or _positive(_value(sizing, "internship_months"))
    milestone_months = int(_value(sizing, "milestone_months") or default_milestone_months())
    milestone_date: dt.date | None = None
    if level not in NUMERICAL_LEVELS:
        pass  # a dialogue requirement has no hiring obligation, so no first-hire date
    elif opts.contract_start is not None:
        milestone_date = add_months(opts.contract_start, milestone_months)
    elif isinstance(_value(sizing, "milestone_date"), dt.date):
        milestone_date = _value(sizing, "milestone_date")
    early_end = content.param("early_end_share")

    known_ids = {g.id for g in content.target_groups}
    groups = [content.target_group(g).name(lang) for g in opts.target_groups if g in known_ids]
    if opts.custom_target_group.strip():
        groups.append(opts.custom_target_group.strip())
    alternatives = tuple(a for a in ("a", "b", "c") if a in opts.alternatives) or ("a",)

    values: dict[str, str] = {
        "milestone_months": fmt_num(milestone_months, lang),
        "early_end_share": fmt_pct(early_end, lang),
    }
    if groups:
        values["target_groups"] = _group_list(groups, lang)
    if employment:
        values["employment_months"] = fmt_short(employment, lang)
    if internship:
        values["internship_months"] = fmt_short(internship, lang)
    if milestone_date:
        values["milestone_date"] = milestone_date.isoformat()

    bonus: BonusTerms | None = None
    if level == "advanced_bonus":
        bonus = _bonus_terms(content, opts, employment, internship)
        values.update(_bonus_values(bonus, lang))

    filler = _Blanks(values, content.blanks, lang)
    parts: list[DraftPart] = []
    for key in LEVEL_PARTS.get(level or "", ()):
        tpl = content.levels[key]  # type: ignore[index]  # LEVEL_PARTS lists only part ids that levels has
        sections: list[DraftSection] = []
        for sec in tpl.sections:
            if sec.when_alternatives and not set(sec.when_alternatives) & set(alternatives):
                continue
            sections.append(_section(sec, filler, lang))
            if sec.id == "alternatives":
                for alt in content.alternatives:
                    if alt.id in alternatives:
                        sections.append(
                            DraftSection(
                                id=f"alt_{alt.id}",
                                heading=alt.name(lang),
                                body=alt.text(lang).format_map(filler),
                                verified=alt.verified,
                                source=alt.source,
                                evidence=alt.evidence,
                            )
                        )
        if key != "bonus" and has_flag(assessment, "residence_warning"):
            sections.append(_section(content.residence_note, filler, lang, "residence"))
        parts.append(DraftPart(key=key, title=tpl.title(lang), criterion_id=tpl.criterion_id, sections=tuple(sections)))

    return ConditionDraft(
        level=level,
        lang=lang,
        notice=content.notice(lang),
        notice_source=content.notice_source,
        unverified_label=content.unverified_label(lang),
        parts=tuple(parts),
        target_groups=tuple(groups),
        alternatives=alternatives,
        employment_months=employment,
        internship_months=internship,
        milestone_months=milestone_months,
        milestone_date=milestone_date,
        early_end_share=early_end,
        bonus=bonus,
        blanks=tuple(filler.used),
    )


def _bonus_terms(
    content: ConditionContent, opts: ConditionOptions, employment: float | None, internship: float | None
) -> BonusTerms:
    per_intern = (
        opts.bonus_internship_sek
        if opts.bonus_internship_sek is not None
        else content.param("bonus_internship_sek_per_month")
    )
    per_employ = (
        opts.bonus_employment_sek
        if opts.bonus_employment_sek is not None
        else content.param("bonus_employment_sek_per_month")
    )
    share = content.param("bonus_cap_share_of_commitment")
    intern_months = (
        opts.bonus_internship_months
        if opts.bonus_internship_months is not None
        else (internship * share if internship else None)
    )
    employ_months = (
        opts.bonus_employment_months
        if opts.bonus_employment_months is not None
        else (employment * share if employment else None)
    )
    intern_cap = per_intern * intern_months if intern_months is not None else None
    employ_cap = per_employ * employ_months if employ_months is not None else None
    total = intern_cap + employ_cap if intern_cap is not None and employ_cap is not None else None
    return BonusTerms(
        internship_sek_per_month=per_intern,
        employment_sek_per_month=per_employ,
        internship_months=intern_months,
        employment_months=employ_months,
        internship_cap=intern_cap,
        employment_cap=employ_cap,
        total_cap=total,
    )


def _bonus_values(bonus: BonusTerms, lang: Lang) -> dict[str, str]:
    out = {
        "bonus_internship": fmt_sek(bonus.internship_sek_per_month, lang),
        "bonus_employment": fmt_sek(bonus.employment_sek_per_month, lang),
    }
    pairs = {"bonus_internship_months": bonus.internship_months, "bonus_employment_months": bonus.employment_months}
    out.update({k: fmt_short(v, lang) for k, v in pairs.items() if v is not None})
    caps = {
        "bonus_internship_cap": bonus.internship_cap,
        "bonus_employment_cap": bonus.employment_cap,
        "bonus_cap": bonus.total_cap,
    }
    out.update({k: fmt_sek(v, lang) for k, v in caps.items() if v is not None})
    return out


#: The choice that leaves the level to the assessment (the condition form's first option).
RECOMMENDED = "recommended"


def _amount_or_none(value: object, field: str) -> float | None:
    """A bonus amount ``ConditionOptions`` accepts for ``field``, else None (the content's default is used)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        amount: float | None = getattr(ConditionOptions.model_validate({field: value}), field)
    except ValidationError:
        return None
    return amount


def options_from_inputs(
    level: str | None,
    target_groups: Sequence[str] | None,
    custom_target_group: str | None,
    alternatives: Sequence[str] | None,
    contract_start: dt.date | None,
    bonus_internship_sek: object = None,
    bonus_employment_sek: object = None,
) -> ConditionOptions:
    """The buyer's condition choices from what a form holds; out-of-range amounts fall back to the defaults."""
    max_chars = ConditionOptions.model_fields["custom_target_group"].metadata[-1].max_length
    chosen: dict[str, object] = {
        "level": None if level in (None, RECOMMENDED) else level,
        "target_groups": tuple(target_groups or ()),
        "custom_target_group": str(custom_target_group or "")[:max_chars],
        "contract_start": contract_start,
        "bonus_internship_sek": _amount_or_none(bonus_internship_sek, "bonus_internship_sek"),
        "bonus_employment_sek": _amount_or_none(bonus_employment_sek, "bonus_employment_sek"),
    }
    if alternatives:  # none chosen: the options' own default
        chosen["alternatives"] = tuple(alternatives)
    return ConditionOptions.model_validate(chosen)


def bonus_limit() -> float:
    """The highest bonus per month the condition takes (SEK)."""
    limits = ConditionOptions.model_fields["bonus_employment_sek"].metadata
    return float(next(m.le for m in limits if getattr(m, "le", None) is not None))
