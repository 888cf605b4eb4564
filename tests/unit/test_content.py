"""The loader accepts the bundled content and rejects each kind of broken content with a readable message."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidance.content.loader import ContentError, build_model, load_model
from guidance.content.model import Duty
from tests.content_copy import edit_yaml


def test_real_content_loads_with_the_whole_model() -> None:
    """Brief §2.2-2.4: four roles, three UO sub-roles, phase 0 plus six steps, every step of §2.3."""
    m = load_model()
    assert [r.id for r in m.roles] == ["BL", "UO", "L", "M"]
    assert {s.id for s in m.subroles} == {"UO_ORD", "UO_BUY", "UO_CM"}
    assert [p.id for p in m.phases] == ["strategy", "plan", "map", "analyse", "procure", "implement", "manage"]
    expected = {
        "S0.2",
        "P1",
        "P7",
        "P9",
        "P-M",
        "P-L",
        "K5",
        "K7",
        "A1",
        "A8",
        "U1",
        "U9",
        "I1",
        "I5",
        "I7",
        "F5",
        "F9",
    }
    assert expected <= {s.id for s in m.steps}
    assert len(m.gates) >= 4 and len(m.checklist) == 10
    assert len(m.glossary) >= 60


def test_matrix_matches_the_brief_for_key_cells() -> None:
    """Brief §2.4: the buyer is responsible for the start-up meeting; the supplier decides on hiring."""
    m = load_model()
    assert m.step("I1").responsibilities["UO_BUY"].duty is Duty.RESPONSIBLE
    assert m.step("I6").responsibilities["L"].duty is Duty.RESPONSIBLE
    assert m.step("S0.2").responsibilities["BL"].duty is Duty.RESPONSIBLE
    assert m.step("F2").responsibilities["UO_CM"].duty is Duty.INFORMED


def test_long_texts_are_translated_not_copied() -> None:
    """A description identical in both languages is an untranslated copy."""
    m = load_model()
    texts = [s.description for s in m.steps] + [g.explanation for g in m.glossary] + [r.who for r in m.roles]
    assert [t.sv for t in texts if t.sv == t.en] == []


def test_missing_translation_is_named(content_copy: Path) -> None:
    def drop_en(data):
        del data["steps"][0]["title"]["en"]

    edit_yaml(content_copy, "process.yaml", drop_en)
    with pytest.raises(ContentError) as err:
        build_model(content_copy)
    assert err.value.file.endswith("process.yaml")
    assert err.value.field == "title.en"
    assert "missing English translation" in str(err.value)


def test_unknown_role_in_matrix_is_named(content_copy: Path) -> None:
    def bad_role(data):
        data["steps"][1]["responsibilities"]["XX"] = "R"

    edit_yaml(content_copy, "process.yaml", bad_role)
    with pytest.raises(ContentError) as err:
        build_model(content_copy)
    assert "unknown role id 'XX'" in str(err.value)
    assert err.value.field == "responsibilities"


def test_duplicate_id_is_named(content_copy: Path) -> None:
    def dup(data):
        data["glossary"].append(dict(data["glossary"][0]))

    edit_yaml(content_copy, "glossary.yaml", dup)
    with pytest.raises(ContentError) as err:
        build_model(content_copy)
    assert "duplicate id" in str(err.value)


def test_unknown_source_is_named(content_copy: Path) -> None:
    def bad_source(data):
        data["roles"][0]["source"] = "no-such-source"

    edit_yaml(content_copy, "roles.yaml", bad_source)
    with pytest.raises(ContentError) as err:
        build_model(content_copy)
    assert "unknown source id 'no-such-source'" in str(err.value)
    assert err.value.item == "BL"


def test_step_without_phase_is_named(content_copy: Path) -> None:
    def no_phase(data):
        del data["steps"][2]["phase"]

    edit_yaml(content_copy, "process.yaml", no_phase)
    with pytest.raises(ContentError) as err:
        build_model(content_copy)
    assert err.value.field == "phase"
    assert "required field is missing" in str(err.value)


def test_step_with_unknown_phase_is_named(content_copy: Path) -> None:
    def wrong_phase(data):
        data["steps"][2]["phase"] = "nowhere"

    edit_yaml(content_copy, "process.yaml", wrong_phase)
    with pytest.raises(ContentError, match="unknown phase id 'nowhere'"):
        build_model(content_copy)


def test_broken_yaml_is_named(content_copy: Path) -> None:
    (content_copy / "glossary.yaml").write_text("glossary: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build_model(content_copy)
    assert err.value.file.endswith("glossary.yaml") and "not valid YAML" in err.value.problem


def test_duplicate_ui_key_across_files_is_named(content_copy: Path) -> None:
    (content_copy / "ui" / "zz_extra.yaml").write_text('page.start: {sv: "A", en: "B"}\n', encoding="utf-8")
    with pytest.raises(ContentError, match="duplicate UI string key"):
        build_model(content_copy)
