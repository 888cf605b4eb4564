"""Worked examples as case tables: ``tests/cases/<topic>.yaml``, read here for the table tests.

Each file is a list of cases, in the style of OpenFisca's YAML tests::

    - name: Trafikverket, works worth SEK 100 m give two places   # unique; the test id
      source: Brief §5.6 (UHM's Trafikverket example)            # where the example comes from
      absolute_error_margin: 2                                  # optional: numbers may be this far off
      parameters: {subsidy.nystartsjobb_multiple: 2}            # optional: content parameters changed
      input: {...}
      output: {...}                                             # only the outputs named are checked

Numbers without a margin: whole numbers must match exactly, decimals to pytest's default relative
tolerance; ``true``/``false`` match only the same bool. Only ``true``/``false`` are booleans (as in
YAML 1.2): ``yes`` and ``no`` stay text, so an option id such as ``yes`` can be written as it is;
the models read ``yes``/``no`` as booleans where a yes/no answer is expected.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases"
KEYS = {"name", "source", "absolute_error_margin", "parameters", "input", "output"}
BOOL = "tag:yaml.org,2002:bool"


class CaseLoader(yaml.SafeLoader):
    """A safe loader whose only booleans are ``true`` and ``false``."""


CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CaseLoader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class Exactly:
    """A yes/no output: equal only to the same ``bool`` (not to 1 or 0)."""

    def __init__(self, value: bool) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return other is self.value

    def __repr__(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class Case:
    """One worked example of a case table."""

    name: str
    input: dict[str, Any]
    output: dict[str, Any]
    source: str | None = None
    absolute_error_margin: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)

    def expected(self, value: Any) -> Any:
        """``value`` as it is compared: numbers within the case's margin, yes/no as exactly that bool."""
        if isinstance(value, bool):
            return Exactly(value)
        if not isinstance(value, (int, float)):
            return value
        if self.absolute_error_margin is not None:
            return pytest.approx(value, abs=self.absolute_error_margin)
        return pytest.approx(value) if isinstance(value, float) else value

    def check(self, got: Mapping[str, Any], includes: Mapping[str, Collection[Any]] | None = None) -> None:
        """Assert every output the case names.

        Args:
            got: the actual value of each output a case may name.
            includes: outputs that list items which must be among the actual ones (e.g. reason ids).
        """
        includes = includes or {}
        unknown = set(self.output) - set(got) - set(includes)
        assert not unknown, f"{self.name}: unknown output {sorted(unknown)}; known: {sorted({*got, *includes})}"
        named = [key for key in self.output if key in got]
        assert {key: got[key] for key in named} == {key: self.expected(self.output[key]) for key in named}
        for key, actual in includes.items():
            missing = [item for item in self.output.get(key, ()) if item not in actual]
            assert not missing, f"{key}: {missing} not among {sorted(actual)}"


def load_cases(topic: str) -> list[Case]:
    """The cases of ``tests/cases/<topic>.yaml``; a malformed case fails with its name and problem."""
    path = CASES_DIR / f"{topic}.yaml"
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader)
    assert isinstance(raw, list) and raw, f"{path.name}: expected a list of cases"
    cases: list[Case] = []
    for number, item in enumerate(raw, start=1):
        where = f"{path.name}, case {number} ({item.get('name', 'no name') if isinstance(item, dict) else item!r})"
        assert isinstance(item, dict), f"{where}: a case is a mapping"
        assert not set(item) - KEYS, f"{where}: unknown key(s) {sorted(set(item) - KEYS)}; allowed: {sorted(KEYS)}"
        assert item.get("name") and item.get("output"), f"{where}: a case needs a name and an output"
        assert isinstance(item.get("input"), dict), f"{where}: a case needs an input (a mapping)"
        cases.append(Case(**item))
    names = [c.name for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"{path.name}: case names must be unique: {duplicates}"
    return cases


def case_params(topic: str) -> list[Any]:
    """The cases of ``topic`` as pytest parameters, each with its name as the test id."""
    return [pytest.param(case, id=case.name) for case in load_cases(topic)]
