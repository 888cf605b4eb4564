"""Workshop mode: the training cases, their reference assessments and the live group results.

Content: ``content/workshop/cases.yaml`` (settings, labels, cases), ``content/workshop/slides.yaml``
(the presentation) and ``content/workshop/names.yaml`` (names for unnamed groups). A case holds the facts a group reads, facilitator notes, and *reference answers*
-- the facilitator's reading of the facts in the questionnaire's own terms. The reference assessment
is never typed in: :func:`reference` runs those answers through :func:`guidance.assessment.assess.assess` and
:func:`guidance.assessment.sizing.size`, like any group's answers.

Aggregation (:func:`summarise`) puts every answer into a *category*:

* gates and yes/no questions: ``yes`` / ``no``; choices: the option id;
* numbers with bands (duration, FTE, labour share): the band's option id; numbers without bands
  (contract value): the exact value; dates: the ISO date;
* the risk question is split into one item per risk (``risks.<id>``): ``selected`` / ``not_selected``;
* no answer (including "don't know"): ``unanswered``.

Disagreement of an item (documented measure, used to rank the discussion points): the **share of
responses that differ from the most common answer**, ``1 - mode_count / n``. It is 0 when everyone
agrees and reaches its maximum ``1 - 1/k`` when the n responses spread evenly over k categories; "half
of the groups answered differently from the majority" reads directly off it. Ties are broken by the
normalised Shannon entropy ``H / ln(k)`` of the item's categories (k = the categories the item can
take, at least 2), which also rewards spread over more categories. An item is a discussion point when
the content's minimum number of responses exist (``discussion_min_groups``) and its disagreement reaches
the content's threshold; the highest come first, up to the content's maximum number of items.

Only complete answers are aggregated (see :mod:`guidance.workshop.completeness`; the stored submissions
are filtered in :mod:`guidance.workshop.results`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from guidance.assessment.answers import Answers
from guidance.assessment.assess import Assessment, assess
from guidance.assessment.questionnaire import LEVEL_OF, VERDICTS, Question, Questionnaire, VerdictId, load_questionnaire
from guidance.assessment.sizing import Sizing, contract_from_answers, load_sizing_content, size
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    read_yaml,
    validate_items,
    validate_one,
    validate_text,
)
from guidance.content.model import Model
from guidance.core.formatting import fmt_num, fmt_pct, fmt_sek, fmt_short, plain_number
from guidance.core.models import LANGS, Frozen, Lang, Sourced, Text
from guidance.workshop.names import NAMES_FILE, GroupNames, build_group_names

CASES_FILE = "workshop/cases.yaml"
SLIDES_FILE = "workshop/slides.yaml"

#: Answer fields a case may show as computed facts (from its reference answers).
FactField = Literal["contract_type", "framework", "value_sek", "duration_months", "fte", "labour_share"]
#: Label ids the code uses; each must be in the content's ``labels``.
LABEL_IDS: tuple[str, ...] = (
    "yes",
    "no",
    "unanswered",
    "selected",
    "not_selected",
    "level_basic",
    "level_advanced",
    "level_spearhead",
    "level_none",
    "places_none",
    "places_one",
    "places_many",
    "places_unknown",
    "fact_sector",
    "fact_region",
    "fact_market",
    "fact_readiness",
    "fact_staffing",
    "months",
)
#: Level categories in display order (``none``: no requirement).
LEVELS: tuple[str, ...] = ("basic", "advanced", "spearhead", "none")
UNANSWERED = "unanswered"
SlideKind = Literal["text", "roles", "phases", "levels", "gates", "case", "reference"]


# --------------------------------------------------------------------------- content models
class Settings(Sourced):
    """Workshop policy: how long answers are kept, what counts as a discussion point, refresh rates, time zone.

    Attributes:
        retention_days: days a workshop and its answers are kept.
        discussion_min_disagreement: share of responses differing from the most common answer that makes a
            question a discussion point.
        discussion_max_items: at most this many discussion points are shown.
        discussion_min_groups: complete responses needed before the groups' answers are compared at all.
        refresh_seconds: how often the facilitator's live view refreshes.
        participant_refresh_seconds: how often a group that has sent checks whether the reference is revealed.
        time_zone: the IANA time zone times are shown in (the store keeps UTC).
        time_zone_label: how the views name that zone ("svensk tid").
    """

    retention_days: int = Field(gt=0)
    discussion_min_disagreement: float = Field(ge=0, le=1)
    discussion_max_items: int = Field(gt=0)
    discussion_min_groups: int = Field(ge=2)
    refresh_seconds: float = Field(gt=0)
    participant_refresh_seconds: float = Field(gt=0)
    time_zone: str = Field(min_length=1)
    time_zone_label: Text


class Case(Sourced):
    """A training case: what the groups read, what the facilitator knows, and the reference answers."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,64}$")
    order: int
    sector: Text
    title: Text
    situation: Text
    region: Text
    market: Text
    readiness: Text
    staffing: Text
    facts: tuple[FactField, ...] = ("contract_type", "value_sek", "duration_months", "fte", "labour_share")
    answers: Answers
    sizing_rule: str = "trafikverket"
    teaches: Text
    mistakes: tuple[Text, ...] = Field(min_length=1)
    notes_assume_verdict: VerdictId

    @field_validator("answers", mode="before")
    @classmethod
    def _risks_list(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("risks"), list):
            value = {**value, "risks": frozenset(value["risks"])}
        return value


class Slide(Sourced):
    """One slide: a title, an optional text, and what the page builds from the model (``kind``)."""

    id: str
    kind: SlideKind
    title: Text
    body: Text | None = None


class CaseLibrary(Frozen):
    """Everything in ``content/workshop/``."""

    settings: Settings
    labels: dict[str, Text]
    cases: tuple[Case, ...]
    slides: tuple[Slide, ...]
    group_names: GroupNames

    def case(self, case_id: str) -> Case:
        """The case with ``case_id``; raises ``KeyError`` if unknown."""
        for c in self.cases:
            if c.id == case_id:
                return c
        raise KeyError(case_id)

    def label(self, label_id: str) -> Text:
        """A generic label (yes, no, unanswered, ...)."""
        return self.labels[label_id]


# --------------------------------------------------------------------------- loading
def build_library(root: Path = CONTENT_DIR, model: Model | None = None) -> CaseLibrary:
    """Read and validate ``content/workshop/``; gives the first problem as a :class:`ContentError`."""
    model = model or load_model()
    file = f"content/{CASES_FILE}"
    raw = read_sections(root / CASES_FILE, ("settings", "labels", "cases"), root)
    settings = validate_one(file, "settings", raw["settings"], Settings)
    if not isinstance(raw["labels"], dict):
        raise ContentError(file, "labels", "labels", "expected a mapping of labels")
    labels = {str(k): validate_text(file, f"labels.{k}", v) for k, v in raw["labels"].items()}
    for label_id in LABEL_IDS:
        if label_id not in labels:
            raise ContentError(file, f"labels.{label_id}", "labels", "required label is missing")
    cases = tuple(sorted(validate_items(file, "cases", raw["cases"], Case), key=lambda c: c.order))
    if not cases:
        raise ContentError(file, "cases", "cases", "at least one case is needed")
    slides_file = f"content/{SLIDES_FILE}"
    slides = validate_items(slides_file, "slides", read_yaml(root / SLIDES_FILE, root).get("slides"), Slide)
    group_names = build_group_names(root)
    source_ids = {s.id for s in model.sources}
    if group_names.source not in source_ids:
        raise ContentError(
            f"content/{NAMES_FILE}", "group_names", "source", f"unknown source id '{group_names.source}'"
        )
    rule_ids = {r.id for r in load_sizing_content().rules}
    for item, where in [(settings, file), *[(c, file) for c in cases], *[(s, slides_file) for s in slides]]:
        if item.source not in source_ids:
            raise ContentError(
                where, str(getattr(item, "id", "settings")), "source", f"unknown source id '{item.source}'"
            )
    for case in cases:
        if case.sizing_rule not in rule_ids:
            raise ContentError(file, case.id, "sizing_rule", f"unknown sizing rule '{case.sizing_rule}'")
        for fact in case.facts:
            if case.answers.value(fact) is None:
                raise ContentError(file, case.id, "facts", f"fact '{fact}' has no reference answer")
    return CaseLibrary(settings=settings, labels=labels, cases=cases, slides=slides, group_names=group_names)


@cached_loader
def load_library() -> CaseLibrary:
    """The validated workshop content (cases, settings, labels, slides), parsed once per process."""
    return build_library(content_dir(), load_model())


# --------------------------------------------------------------------------- case facts and reference
class Fact(Frozen):
    """One line of a case's fact sheet."""

    label: str
    value: str


def case_facts(case: Case, lang: Lang) -> tuple[Fact, ...]:
    """The fact sheet a group reads: sector, computed facts from the reference answers, and prose facts."""
    qn = load_questionnaire()
    lib = load_library()
    out = [Fact(label=lib.label("fact_sector")(lang), value=case.sector(lang))]
    for field in case.facts:
        q = qn.question(field)
        value = case.answers.value(field)
        if isinstance(value, bool):
            text = lib.label("yes" if value else "no")(lang)
        elif field == "contract_type":
            opt = q.option(str(value))
            text = opt.label(lang) if opt else str(value)
        elif field == "value_sek":
            text = fmt_sek(float(value), lang)
        elif field == "labour_share":
            text = fmt_pct(float(value) / 100, lang)
        elif field == "duration_months":
            text = lib.label("months")(lang).format(n=fmt_num(float(value), lang))
        else:
            text = f"{fmt_short(float(value), lang)} {q.unit(lang) if q.unit else ''}"
        out.append(Fact(label=q.short(lang), value=text.strip()))
    for label_id, text_ in (
        ("fact_staffing", case.staffing),
        ("fact_region", case.region),
        ("fact_market", case.market),
        ("fact_readiness", case.readiness),
    ):
        out.append(Fact(label=lib.label(label_id)(lang), value=text_(lang)))
    return tuple(out)


class Reference(Frozen):
    """The reference assessment of a case, computed from its reference answers."""

    case_id: str
    assessment: Assessment
    sizing: Sizing | None
    rule_id: str


def sizing_for(answers: Answers, rule_id: str) -> Sizing | None:
    """Size the answers' contract under the rule ``rule_id``; None if type, value or term is missing."""
    contract = contract_from_answers(answers)
    if contract is None:
        return None
    return size(contract, load_sizing_content().rule(rule_id))


def reference(case: Case) -> Reference:
    """Run the case's reference answers through the app's own assessment and sizing."""
    return Reference(
        case_id=case.id,
        assessment=assess(case.answers),
        sizing=sizing_for(case.answers, case.sizing_rule),
        rule_id=case.sizing_rule,
    )


# --------------------------------------------------------------------------- aggregation
class Category(Frozen):
    """One answer category with how many responses fell into it."""

    id: str
    label: Text
    count: int = Field(ge=0)
    share: float = Field(ge=0, le=1)
    reference: bool = False


class ItemStats(Frozen):
    """The distribution of one question (or one risk) across the responses.

    Attributes:
        id: the question id, or ``risks.<risk id>`` for one risk.
        question_id: the questionnaire question.
        label: the question's short text (the risk's label for a risk item).
        n: responses counted.
        categories: the categories that occurred (plus the reference one), in option order.
        mode_share: share of the most common category.
        disagreement: ``1 - mode_share`` (see the module docstring); 0 with fewer than two responses.
        entropy: normalised Shannon entropy in [0, 1].
        reference_category: the category of the case's reference answer, if a case was given.
        reference_agreement: share of responses in the reference category.
    """

    id: str
    question_id: str
    label: Text
    n: int
    categories: tuple[Category, ...]
    mode_share: float
    disagreement: float
    entropy: float
    reference_category: str | None = None
    reference_agreement: float | None = None


class Outcome(Frozen):
    """What the app makes of one response: verdict, level and size under the case's rule."""

    verdict: VerdictId
    level: str
    places: int | None


class Summary(Frozen):
    """The live picture of a workshop."""

    n: int
    items: tuple[ItemStats, ...]
    verdicts: tuple[Category, ...]
    levels: tuple[Category, ...]
    sizing: tuple[Category, ...]
    discussion: tuple[ItemStats, ...]
    outcomes: tuple[Outcome, ...]


def _categorise(q: Question, answers: Answers) -> str:
    """The category of one answer to one (non-risk) question."""
    value = answers.value(q.id)
    if value is None:
        return UNANSWERED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if q.kind == "number":
        band = q.band(float(value)) if q.options else None
        return band.id if band else plain_number(float(value))
    if q.kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _risk_category(answers: Answers, risk_id: str) -> str:
    if answers.risks is None:
        return UNANSWERED
    return "selected" if risk_id in answers.risks else "not_selected"


def _item_label(q: Question, cat: str, lang_labels: CaseLibrary) -> Text:
    if cat in ("yes", "no", UNANSWERED, "selected", "not_selected"):
        if q.kind == "bool" and cat in ("yes", "no"):
            opt = q.option(cat)
            if opt:
                return opt.label
        return lang_labels.label(cat)
    opt = q.option(cat)
    if opt is not None:
        return opt.label
    if q.kind == "number":
        value = float(cat)
        if q.id == "value_sek":
            return Text(sv=fmt_sek(value, "sv"), en=fmt_sek(value, "en"))
        unit = q.unit
        return Text(**{lang: f"{fmt_short(value, lang)}{' ' + unit(lang) if unit else ''}" for lang in LANGS})
    return Text(sv=cat, en=cat)


def _order(q: Question, risk: bool) -> list[str]:
    if risk:
        return ["selected", "not_selected", UNANSWERED]
    if q.kind in ("gate", "bool"):
        return ["yes", "no", UNANSWERED]
    return [o.id for o in q.options] + [UNANSWERED]


def _stats(
    item_id: str,
    q: Question,
    label: Text,
    cats: list[str],
    possible: int,
    ref_cat: str | None,
    lib: CaseLibrary,
    risk: bool = False,
) -> ItemStats:
    n = len(cats)
    counts = Counter(cats)
    order = _order(q, risk)
    present = set(counts) | ({ref_cat} if ref_cat else set())
    known = [c for c in order if c in present and c != UNANSWERED]
    extra = sorted((c for c in present if c not in order), key=_sort_key)
    tail = [UNANSWERED] if UNANSWERED in present else []
    categories = tuple(
        Category(
            id=c,
            label=_item_label(q, c, lib),
            count=counts.get(c, 0),
            share=counts.get(c, 0) / n if n else 0.0,
            reference=(c == ref_cat),
        )
        for c in [*known, *extra, *tail]
    )
    mode = max(counts.values()) if counts else 0
    mode_share = mode / n if n else 0.0
    k = max(2, possible, len(counts))
    entropy = -math.fsum((c / n) * math.log(c / n) for c in counts.values()) / math.log(k) if n else 0.0
    return ItemStats(
        id=item_id,
        question_id=q.id,
        label=label,
        n=n,
        categories=categories,
        mode_share=mode_share,
        disagreement=(1 - mode_share) if n >= 2 else 0.0,
        entropy=max(0.0, min(1.0, entropy)),
        reference_category=ref_cat,
        reference_agreement=(counts.get(ref_cat, 0) / n if n and ref_cat is not None else None),
    )


def _sort_key(cat: str) -> tuple[float, str]:
    """Numbers by value, other categories (dates) by text."""
    try:
        return (float(cat), cat)
    except ValueError:
        return (math.inf, cat)


def item_stats(
    responses: Sequence[Answers], case: Case | None = None, questionnaire: Questionnaire | None = None
) -> tuple[ItemStats, ...]:
    """The distribution and disagreement of every question (each risk on its own), in questionnaire order."""
    qn = questionnaire or load_questionnaire()
    lib = load_library()
    out: list[ItemStats] = []
    for q in qn.questions:
        if q.kind == "risk":
            for opt in q.options:
                cats = [_risk_category(a, opt.id) for a in responses]
                ref = _risk_category(case.answers, opt.id) if case else None
                out.append(_stats(f"risks.{opt.id}", q, opt.label, cats, 3, ref, lib, risk=True))
            continue
        cats = [_categorise(q, a) for a in responses]
        ref = _categorise(q, case.answers) if case else None
        if q.kind in ("gate", "bool"):
            possible = 3
        elif q.options:
            possible = len(q.options) + 1
        else:
            possible = len(set(cats)) + (0 if UNANSWERED in cats else 1)
        out.append(_stats(q.id, q, q.short, cats, possible, ref, lib))
    return tuple(out)


def discussion_points(
    items: Sequence[ItemStats], min_disagreement: float | None = None, max_items: int | None = None
) -> tuple[ItemStats, ...]:
    """The items groups disagree on most: enough responses (the content's minimum) and disagreement at the threshold.

    Sorted by disagreement, then entropy (both descending), then questionnaire order.
    """
    settings = load_library().settings
    threshold = settings.discussion_min_disagreement if min_disagreement is None else min_disagreement
    limit = settings.discussion_max_items if max_items is None else max_items
    ranked = [
        (i, it)
        for i, it in enumerate(items)
        if it.n >= settings.discussion_min_groups and it.disagreement > 0 and it.disagreement >= threshold - 1e-12
    ]
    ranked.sort(key=lambda pair: (-round(pair[1].disagreement, 9), -round(pair[1].entropy, 9), pair[0]))
    return tuple(it for _, it in ranked[:limit])


def outcome(answers: Answers, rule_id: str) -> Outcome:
    """Verdict, level and places of one response (places None when the contract facts are missing)."""
    result = assess(answers)
    sizing = sizing_for(answers, rule_id)
    return Outcome(
        verdict=result.verdict,
        level=LEVEL_OF[result.verdict] or "none",
        places=(sizing.places if sizing is not None else None),
    )


def _counted(
    ids: Sequence[str], order: Sequence[str], labels: dict[str, Text], ref: str | None
) -> tuple[Category, ...]:
    counts = Counter(ids)
    n = len(ids)
    present = [c for c in order if c in counts or c == ref]
    return tuple(
        Category(
            id=c,
            label=labels[c],
            count=counts.get(c, 0),
            share=counts.get(c, 0) / n if n else 0.0,
            reference=(c == ref),
        )
        for c in present
    )


def places_label(places: int | None) -> Text:
    """``2 places``, ``no place (exempt ...)`` or ``cannot be sized`` (None)."""
    lib = load_library()
    if places is None:
        return lib.label("places_unknown")
    if places == 0:
        return lib.label("places_none")
    key = "places_one" if places == 1 else "places_many"
    return Text(**{lang: lib.label(key)(lang).format(n=fmt_num(places, lang)) for lang in LANGS})


def summarise(responses: Sequence[Answers], case: Case | None = None) -> Summary:
    """The workshop's live picture: per-question distributions, verdicts, levels, sizing, discussion points.

    Args:
        responses: every stored response (one per participant or group).
        case: the workshop's case; gives the sizing rule and marks the reference categories.
    """
    qn = load_questionnaire()
    lib = load_library()
    rule_id = case.sizing_rule if case else load_sizing_content().rules[0].id
    outcomes = tuple(outcome(a, rule_id) for a in responses)
    ref = reference(case) if case else None
    ref_out = outcome(case.answers, rule_id) if case else None
    items = item_stats(responses, case, qn)

    verdict_labels: dict[str, Text] = {v: qn.verdict(v).title for v in VERDICTS}
    level_labels = {lv: lib.label(f"level_{lv}") for lv in LEVELS}
    places_values = sorted(
        {o.places for o in outcomes if o.places is not None}
        | ({ref_out.places} if ref_out and ref_out.places is not None else set())
    )
    place_ids = [str(p) for p in places_values] + ["unknown"]
    place_labels = {str(p): places_label(p) for p in places_values}
    place_labels["unknown"] = places_label(None)
    sizing = _counted(
        [("unknown" if o.places is None else str(o.places)) for o in outcomes],
        place_ids,
        place_labels,
        None if ref_out is None else ("unknown" if ref_out.places is None else str(ref_out.places)),
    )
    return Summary(
        n=len(responses),
        items=items,
        verdicts=_counted(
            [o.verdict for o in outcomes], VERDICTS, verdict_labels, ref.assessment.verdict if ref else None
        ),
        levels=_counted([o.level for o in outcomes], LEVELS, level_labels, ref_out.level if ref_out else None),
        sizing=sizing,
        discussion=discussion_points(items),
        outcomes=outcomes,
    )
