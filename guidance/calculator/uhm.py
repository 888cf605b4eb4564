"""UHM's worked example, honestly: what UHM published next to what the calculator gives on each parameter date.

``content/calculator/uhm_example.yaml`` holds the example's inputs (UHM's, unchanged), what UHM published
about it (every actor gains, society over SEK 200,000, the procurement cost inside the actors' totals) and
what-if variants that show which lines explain a difference. :func:`by_date` calculates the example on
the first day of every period of parameter values; :func:`claims` says which published claims hold;
:func:`explain` calculates the variants with the parameters the user is looking at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from guidance.calculator.calculate import CalcResult, calculate
from guidance.calculator.dated import ParameterBook
from guidance.calculator.page_settings import SOCIETY
from guidance.calculator.parameters import Actor, CalcInputs, ParameterError, ParameterSet, with_overrides
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_sources,
    read_yaml,
    validate_one,
)
from guidance.core.models import Frozen, Sourced, Text

FILE = "content/calculator/uhm_example.yaml"


class Published(Sourced):
    """What UHM published about the example."""

    actors_gain: tuple[Actor, ...]
    society_over: float
    hundred_people_over: float
    procurement_cost_inside: bool


class Variant(Frozen):
    """A what-if change of the example (inputs and/or parameters) that explains part of a difference."""

    id: str
    inputs: dict[str, Any] = {}
    parameters: dict[str, float] = {}
    title: Text
    body: Text


class UhmExample(Sourced):
    """UHM's worked example: its inputs, what UHM published, a note on its year and the explaining variants."""

    inputs: CalcInputs
    published: Published
    year_note: Text
    explanations: tuple[Variant, ...]


class Totals(Frozen):
    """Each actor's and society's total for the example, with the day the parameter values took effect."""

    day: dt.date
    totals: dict[str, float]


class Claims(Frozen):
    """Which of UHM's published claims hold for one set of totals, and which actors lose."""

    every_actor_gains: bool
    losing: tuple[str, ...]
    society_over: bool


class Explained(Frozen):
    """One variant's totals and how far each moves from the totals as calculated."""

    id: str
    title: Text
    body: Text
    totals: dict[str, float]
    change: dict[str, float]


def totals_of(result: CalcResult) -> dict[str, float]:
    """Each actor's total and society's, for one calculation."""
    return {a.actor: a.total for a in result.actors} | {SOCIETY: result.society_total}


def by_date(example: UhmExample, book: ParameterBook) -> tuple[Totals, ...]:
    """The example calculated on the first day of every period of parameter values, oldest first."""
    return tuple(
        Totals(day=day, totals=totals_of(calculate(example.inputs, book.at(day)))) for day in book.change_dates()
    )


def claims(example: UhmExample, totals: dict[str, float]) -> Claims:
    """Whether every actor UHM says gains does gain, and whether society passes UHM's figure."""
    losing = tuple(a for a in example.published.actors_gain if totals[a] <= 0)
    return Claims(
        every_actor_gains=not losing,
        losing=losing,
        society_over=totals[SOCIETY] > example.published.society_over,
    )


def variant_inputs(example: UhmExample, variant: Variant) -> CalcInputs:
    """The example's inputs with the variant's changes."""
    return CalcInputs.model_validate({**example.inputs.model_dump(), **variant.inputs})


def explain(example: UhmExample, params: ParameterSet) -> tuple[Totals, tuple[Explained, ...]]:
    """The example as calculated with ``params`` and each explaining variant, with its change per actor."""
    base = totals_of(calculate(example.inputs, params))
    rows: list[Explained] = []
    for v in example.explanations:
        got = totals_of(calculate(variant_inputs(example, v), with_overrides(params, v.parameters)))
        rows.append(
            Explained(
                id=v.id,
                title=v.title,
                body=v.body,
                totals=got,
                change={k: got[k] - base[k] for k in base},
            )
        )
    return Totals(day=params.valid_from, totals=base), tuple(rows)


def build_uhm_example(root: Path = CONTENT_DIR, params: ParameterSet | None = None) -> UhmExample:
    """Read and check ``root/calculator/uhm_example.yaml``; raise :class:`ContentError` on a problem.

    Args:
        root: The content folder.
        params: Parameters the variants' parameter changes are checked against (none: not checked).
    """
    raw = read_yaml(root / "calculator" / "uhm_example.yaml", root)
    example = validate_one(FILE, "uhm_example", raw, UhmExample)
    known = {s.id for s in load_sources(root)}
    for item, source in (("uhm_example", example.source), ("published", example.published.source)):
        if source not in known:
            raise ContentError(FILE, item, "source", f"unknown source id '{source}'")
    ids = [v.id for v in example.explanations]
    if len(set(ids)) != len(ids):
        raise ContentError(FILE, "explanations", "id", "duplicate id")
    for v in example.explanations:
        try:
            variant_inputs(example, v)
            if params is not None:
                with_overrides(params, v.parameters)
        except (ValidationError, ParameterError) as exc:
            raise ContentError(FILE, v.id, "inputs/parameters", str(exc).splitlines()[0]) from None
    return example


@cached_loader
def load_uhm_example() -> UhmExample:
    """UHM's worked example from the bundled ``content/``, parsed once per process."""
    from guidance.calculator.dated import load_book

    book = load_book()
    return build_uhm_example(content_dir(), book.at(book.coverage.start))
