"""How the calculator asks for its inputs and presents its result, read from ``content/calculator/page.yaml``.

The form's groups and the inputs in each, the unit each number is shown in, the sensitivity range,
the scaling line and the cut-off for lines too small to show. :func:`load_page_settings` reads and
cross-checks the file once; a problem is a :class:`ContentError` naming file, item and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field, model_validator

from guidance.calculator.parameters import ACTORS, CalcInputs, Form, Options, Parameter
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_sources,
    read_yaml,
    validate_one,
)
from guidance.core.models import Frozen, Sourced

FILE = "content/calculator/page.yaml"
_PATH = ("calculator", "page.yaml")
#: What a sensitivity view can be about besides one actor.
SOCIETY = "society"
#: The input that decides which other inputs are asked (see ``only_for_forms``).
FORM_FIELD = "form"

InputKind = Literal["select", "flag", "number"]


class FieldGroup(Frozen):
    """One group of the input form: its id (heading ``calc.group.<id>``) and its inputs in order."""

    id: str = Field(min_length=1)
    fields: tuple[str, ...] = Field(min_length=1)


class Unit(Frozen):
    """How a number is shown: ``scale`` from stored to shown value, field ``step`` and ``format``."""

    scale: float = Field(gt=0)
    step: float = Field(gt=0)
    format: str | None = None
    decimals: int = Field(default=0, ge=0, le=6)


class ScaleSettings(Frozen):
    """The "for n people" line: starting number, allowed range and step."""

    default: int
    min: int = Field(ge=1)
    max: int
    step: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> ScaleSettings:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside {self.min}..{self.max}")
        return self


class SensitivitySettings(Frozen):
    """The relative move of the sensitivity view, the smallest swing shown and how many items."""

    step: float = Field(gt=0, lt=1)
    min_swing: float = Field(ge=0)
    max_items: int = Field(ge=1)
    default_target: str


class InputField(Frozen):
    """How one calculator input is asked for.

    ``kind`` is the widget (select, checkbox or number field); ``whole`` is true for whole-number
    inputs, whose ``step`` is then an ``int``. ``scale`` turns the stored value into the shown one.
    """

    id: str
    kind: InputKind
    whole: bool = False
    scale: float = 1
    step: int | float = 1
    format: str | None = None


class PageSettings(Sourced):
    """Everything the calculator page reads from ``page.yaml``, validated and immutable."""

    groups: tuple[FieldGroup, ...] = Field(min_length=1)
    only_for_forms: dict[str, tuple[Form, ...]]
    input_units: dict[str, Unit]
    inputs: dict[str, str]
    parameter_units: dict[str, Unit]
    schedule_points: Unit
    adjustment_unit: str
    min_line_amount: float = Field(ge=0)
    scale: ScaleSettings
    sensitivity: SensitivitySettings

    def field(self, name: str) -> InputField:
        """How the input ``name`` is asked for."""
        kind = input_kind(name)
        if kind != "number":
            return InputField(id=name, kind=kind)
        unit = self.input_units[self.inputs[name]]
        whole = CalcInputs.model_fields[name].annotation is int
        return InputField(
            id=name,
            kind=kind,
            whole=whole,
            scale=unit.scale,
            step=int(unit.step) if whole else float(unit.step),
            format=unit.format,
        )

    def fields(self, group_id: str, form: str) -> tuple[InputField, ...]:
        """The inputs of group ``group_id`` asked for the form of employment ``form``, in order."""
        group = next(g for g in self.groups if g.id == group_id)
        return tuple(
            self.field(name)
            for name in group.fields
            if name not in self.only_for_forms or form in self.only_for_forms[name]
        )

    def parameter_unit(self, unit: str) -> Unit:
        """How a parameter of ``unit`` (e.g. ``share``) is shown for editing."""
        return self.parameter_units[unit]

    def adjustment(self) -> Unit:
        """How the shares of the realistic-value adjustment are shown (in percent)."""
        return self.input_units[self.adjustment_unit]


def input_kind(name: str) -> InputKind:
    """The widget of input ``name``: a select for inputs with options, a checkbox for yes/no, else a number."""
    if name in Options.model_fields:
        return "select"
    if CalcInputs.model_fields[name].annotation is bool:
        return "flag"
    return "number"


def parameter_groups() -> tuple[str, ...]:
    """The groups parameters are edited in, in order."""
    return get_args(Parameter.model_fields["group"].annotation)


def sensitivity_targets() -> tuple[str, ...]:
    """What the sensitivity view can be about: society first, then every actor."""
    return (SOCIETY, *ACTORS)


def _numeric_inputs() -> set[str]:
    return {n for n in CalcInputs.model_fields if input_kind(n) == "number"}


def _check(settings: PageSettings) -> None:
    """Cross-check the settings against the calculator's inputs, parameter units and actors."""
    listed = [name for g in settings.groups for name in g.fields]
    for name in listed:
        if name not in CalcInputs.model_fields:
            raise ContentError(FILE, "groups", "fields", f"unknown input '{name}'")
        if listed.count(name) > 1:
            raise ContentError(FILE, "groups", "fields", f"input '{name}' is listed more than once")
    for name in CalcInputs.model_fields:
        if name not in listed:
            raise ContentError(FILE, "groups", "fields", f"input '{name}' is in no group")
    if len({g.id for g in settings.groups}) != len(settings.groups):
        raise ContentError(FILE, "groups", "id", "duplicate id")
    for name in settings.only_for_forms:
        if name not in CalcInputs.model_fields:
            raise ContentError(FILE, "only_for_forms", name, f"unknown input '{name}'")
    if set(settings.inputs) != _numeric_inputs():
        raise ContentError(FILE, "inputs", "-", f"must name exactly the number inputs {sorted(_numeric_inputs())}")
    for name, unit_id in settings.inputs.items():
        if unit_id not in settings.input_units:
            raise ContentError(FILE, f"inputs.{name}", "unit", f"unknown unit '{unit_id}'")
        unit = settings.input_units[unit_id]
        whole = CalcInputs.model_fields[name].annotation is int
        if whole and (unit.scale != 1 or unit.step != int(unit.step)):
            raise ContentError(FILE, f"inputs.{name}", "unit", "a whole-number input needs scale 1 and a whole step")
    if settings.adjustment_unit not in settings.input_units:
        raise ContentError(FILE, "adjustment_unit", "-", f"unknown unit '{settings.adjustment_unit}'")
    units = set(get_args(Parameter.model_fields["unit"].annotation))
    if set(settings.parameter_units) != units:
        raise ContentError(FILE, "parameter_units", "-", f"must name exactly the parameter units {sorted(units)}")
    if settings.sensitivity.default_target not in sensitivity_targets():
        raise ContentError(FILE, "sensitivity", "default_target", f"must be one of {', '.join(sensitivity_targets())}")


def build_page_settings(root: Path = CONTENT_DIR) -> PageSettings:
    """Read and cross-check ``root/calculator/page.yaml``; raise :class:`ContentError` on the first problem."""
    raw: Any = read_yaml(root.joinpath(*_PATH), root)
    settings = validate_one(FILE, "page", raw, PageSettings)
    _check(settings)
    if settings.source not in {s.id for s in load_sources(root)}:
        raise ContentError(FILE, "page", "source", f"unknown source id '{settings.source}'")
    return settings


@cached_loader
def load_page_settings() -> PageSettings:
    """The validated page settings from the bundled ``content/``, parsed once per process."""
    return build_page_settings(content_dir())
