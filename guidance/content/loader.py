"""Load and validate ``content/`` once.

Every problem becomes a :class:`ContentError` naming the file, the item and the field,
so a broken content file stops the app with one readable message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from guidance.content.model import Model
from guidance.core.models import LANGS, Text

#: The content bundled with the app.
CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
#: Environment variable naming another content folder (an organisation's own rules and texts).
ENV_CONTENT_DIR = "SYSSELSATTNING_CONTENT_DIR"

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

_CACHED: list[Any] = []


def content_dir() -> Path:
    """The content folder in use: ``$SYSSELSATTNING_CONTENT_DIR`` if set, else the bundled one."""
    return Path(os.environ.get(ENV_CONTENT_DIR) or CONTENT_DIR)


def cached_loader(load: Callable[[], T]) -> Callable[[], T]:
    """Make ``load`` (a loader of one content area from :func:`content_dir`) run once per process.

    Every such loader is registered, so :func:`clear_caches` can make them read the content again.
    """
    cached = lru_cache(maxsize=1)(load)
    _CACHED.append(cached)
    return cached


def clear_caches() -> None:
    """Forget every loaded content area (after :func:`content_dir` changed, e.g. in a test)."""
    for cached in _CACHED:
        cached.cache_clear()


#: Which file holds which top-level keys of :class:`Model`.
FILES: dict[str, tuple[str, ...]] = {
    "roles.yaml": ("roles", "subroles", "handoffs", "role_checklists"),
    "process.yaml": ("phase_groups", "phases", "steps"),
    "instruments.yaml": ("instruments", "notes", "legal"),
    "governance.yaml": ("gates", "gate_rule", "checklist"),
    "glossary.yaml": ("glossary",),
}


class ContentError(Exception):
    """A content file is missing, unreadable or inconsistent."""

    def __init__(self, file: str, item: str, field: str, problem: str) -> None:
        self.file, self.item, self.field, self.problem = file, item, field, problem
        super().__init__(f"{file}: item '{item}', field '{field}': {problem}")


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_yaml(path: Path, root: Path = CONTENT_DIR) -> dict[str, Any]:
    """Read one YAML mapping, turning every failure into a :class:`ContentError`."""
    name = _rel(path, root)
    if not path.is_file():
        raise ContentError(name, "-", "-", "file is missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError(name, "-", "-", f"not valid YAML ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(data, dict):
        raise ContentError(name, "-", "-", "the file must hold a mapping of keys")
    return data


def read_sections(path: Path, keys: Sequence[str], root: Path = CONTENT_DIR) -> dict[str, Any]:
    """Read a YAML mapping with :func:`read_yaml` and check that each of ``keys`` is present."""
    raw = read_yaml(path, root)
    for key in keys:
        if key not in raw:
            raise ContentError(_rel(path, root), key, key, "required section is missing")
    return raw


def describe_error(err: ErrorDetails) -> tuple[str, str]:
    """Turn one pydantic error into (field path, readable problem)."""
    loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("function-before",))
    last = err.get("loc", ("",))[-1] if err.get("loc") else ""
    if err.get("type") in ("missing", "string_too_short") and last in LANGS:
        lang = "Swedish" if last == "sv" else "English"
        return loc, f"missing {lang} translation"
    if err.get("type") == "missing":
        return loc, "required field is missing"
    if err.get("type") == "extra_forbidden":
        return loc, "unknown field"
    return loc, str(err.get("msg", "invalid value"))


def validate_items(file: str, key: str, items: Any, cls: type[M]) -> tuple[M, ...]:
    """Validate a list of items of ``cls``; reject non-lists and duplicate ids."""
    if not isinstance(items, list):
        raise ContentError(file, key, key, "expected a list of items")
    out: list[M] = []
    seen: set[str] = set()
    for index, raw in enumerate(items):
        label = str(raw.get("id", f"#{index + 1}")) if isinstance(raw, dict) else f"#{index + 1}"
        try:
            obj = cls.model_validate(raw)
        except ValidationError as exc:
            field, problem = describe_error(exc.errors()[0])
            raise ContentError(file, label, field or "-", problem) from None
        item_id = getattr(obj, "id", None)
        if item_id is not None:
            if item_id in seen:
                raise ContentError(file, str(item_id), "id", "duplicate id")
            seen.add(item_id)
        out.append(obj)
    return tuple(out)


def validate_one(file: str, item: str, raw: Any, cls: type[M]) -> M:
    """Validate one object of ``cls``; a problem becomes a :class:`ContentError` naming file, item and field."""
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        field, problem = describe_error(exc.errors()[0])
        raise ContentError(file, item, field or "-", problem) from None


def validate_text(file: str, item: str, raw: Any) -> Text:
    """Validate a single bilingual text."""
    return validate_one(file, item, raw, Text)


def load_ui(root: Path) -> dict[str, Text]:
    """Merge every ``ui/*.yaml`` catalog; a key may be defined only once."""
    out: dict[str, Text] = {}
    files = sorted((root / "ui").glob("*.yaml"))
    for path in files:
        name = _rel(path, root)
        for key, raw in read_yaml(path, root).items():
            if key in out:
                raise ContentError(name, str(key), "key", "duplicate UI string key (defined in another ui file)")
            out[str(key)] = validate_text(name, str(key), raw)
    return out


def load_sources(root: Path) -> tuple[Any, ...]:
    """Read every ``sources/*.yaml`` file; ids must be unique across files."""
    from guidance.core.models import Source

    out: list[Source] = []
    seen: dict[str, str] = {}
    for path in sorted((root / "sources").glob("*.yaml")):
        name = _rel(path, root)
        for src in validate_items(name, "sources", read_yaml(path, root).get("sources"), Source):
            if src.id in seen:
                raise ContentError(name, src.id, "id", f"duplicate source id (also in {seen[src.id]})")
            seen[src.id] = name
            out.append(src)
    if not out:
        raise ContentError("content/sources", "-", "-", "no sources found")
    return tuple(out)


def check_sources(source_ids: set[str], items: Iterable[Any], file: str) -> None:
    """Every item's ``source`` must name a known source."""
    for item in items:
        src = getattr(item, "source", None)
        if src is not None and src not in source_ids:
            raise ContentError(file, str(getattr(item, "id", "?")), "source", f"unknown source id '{src}'")


def _check_ids(file: str, item: str, field: str, ids: Sequence[str], known: set[str], what: str) -> None:
    for value in ids:
        if value not in known:
            raise ContentError(file, item, field, f"unknown {what} id '{value}'")


def cross_check(model: Model) -> None:
    """Check every reference between content items (roles, phases, steps, sources)."""
    source_ids = {s.id for s in model.sources}
    role_ids = {r.id for r in model.roles}
    actor_ids = set(model.actors())
    phase_ids = {p.id for p in model.phases}
    group_ids = {g.id for g in model.phase_groups}
    origin = {key: f"content/{file}" for file, keys in FILES.items() for key in keys}
    for key in (
        "roles",
        "subroles",
        "phases",
        "steps",
        "handoffs",
        "role_checklists",
        "instruments",
        "notes",
        "legal",
        "gates",
        "checklist",
        "glossary",
    ):
        check_sources(source_ids, getattr(model, key), origin[key])
    for sub in model.subroles:
        _check_ids(origin["subroles"], sub.id, "parent", [sub.parent], role_ids, "role")
    for phase in model.phases:
        _check_ids(origin["phases"], phase.id, "group", [phase.group], group_ids, "phase group")
    for step in model.steps:
        if not step.phase:
            raise ContentError(origin["steps"], step.id, "phase", "step without a phase")
        _check_ids(origin["steps"], step.id, "phase", [step.phase], phase_ids, "phase")
        _check_ids(origin["steps"], step.id, "responsibilities", list(step.responsibilities), actor_ids, "role")
    for h in model.handoffs:
        _check_ids(origin["handoffs"], h.id, "phase", [h.phase], phase_ids, "phase")
        _check_ids(origin["handoffs"], h.id, "giver", [h.giver, h.receiver], role_ids, "role")
    for c in model.role_checklists:
        _check_ids(origin["role_checklists"], c.id, "role", [c.role], role_ids, "role")
        _check_ids(origin["role_checklists"], c.id, "phase", [c.phase], phase_ids, "phase")


def build_model(root: Path = CONTENT_DIR) -> Model:
    """Read, validate and cross-check all of ``root``; raise :class:`ContentError` on the first problem."""
    import guidance.content.model as m

    classes: dict[str, type[BaseModel]] = {
        "roles": m.Role,
        "subroles": m.SubRole,
        "handoffs": m.Handoff,
        "role_checklists": m.RoleChecklistItem,
        "phase_groups": m.PhaseGroup,
        "phases": m.Phase,
        "steps": m.Step,
        "instruments": m.Instrument,
        "notes": m.TopicNote,
        "legal": m.LegalRef,
        "gates": m.GateQuestion,
        "checklist": m.ChecklistItem,
        "glossary": m.GlossaryTerm,
    }
    data: dict[str, Any] = {"sources": load_sources(root), "ui": load_ui(root)}
    for file, keys in FILES.items():
        raw = read_yaml(root / file, root)
        name = _rel(root / file, root)
        for key in keys:
            if key not in raw:
                raise ContentError(name, key, key, "required section is missing")
            if key == "gate_rule":
                data[key] = validate_text(name, key, raw[key])
            else:
                data[key] = validate_items(name, key, raw[key], classes[key])
    model = Model.model_validate(data)
    cross_check(model)
    return model


@cached_loader
def load_model() -> Model:
    """The validated model from the content folder, parsed once per process."""
    return build_model(content_dir())
