"""The model pages show what the content says: each role page lists exactly the steps the matrix gives the role."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guidance.content.loader import load_model
from ui.registry import PAGES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ROLE_PAGES = {spec.role: spec.path for spec in PAGES if spec.role}


def _step_ids_shown(at: AppTest) -> set[str]:
    ids = set()
    for md in at.markdown:
        found = re.match(r"\*\*([A-Z0-9.\-]+) · ", md.value)
        if found:
            ids.add(found.group(1))
    return ids


@pytest.mark.parametrize("role_id", list(ROLE_PAGES))
def test_role_page_lists_the_steps_the_matrix_assigns(app_test: Callable[..., AppTest], role_id: str) -> None:
    """Brief §2.4: a role page shows every step where the role (or a UO sub-role) has a duty, and no other."""
    model = load_model()
    expected = {s.id for s in model.steps_for_role(role_id)}
    assert expected, role_id
    assert _step_ids_shown(app_test(ROLE_PAGES[role_id])) == expected


def test_contracting_organisation_can_filter_by_subrole(app_test: Callable[..., AppTest]) -> None:
    """Choosing the contract manager narrows the list to the steps where that sub-role has a duty."""
    model = load_model()
    at = app_test(ROLE_PAGES["UO"])
    at.selectbox(key="role.UO.subrole").set_value("UO_CM").run()
    expected = {s.id for s in model.steps if "UO_CM" in s.responsibilities}
    assert _step_ids_shown(at) == expected


def test_checklist_ticks_survive_a_language_switch(app_test: Callable[..., AppTest]) -> None:
    """Answers are kept when the user switches language on the same page."""
    model = load_model()
    item = next(c for c in model.role_checklists if c.role == "L")
    at = app_test(ROLE_PAGES["L"])
    at.checkbox(key=f"role.L.check.{item.id}").check().run()
    at.session_state["ui.lang"] = "en"
    at.run()
    assert at.checkbox(key=f"role.L.check.{item.id}").value is True
    assert at.title[0].value == model.role("L").name.en


def test_process_matrix_filters_by_role_and_phase(app_test: Callable[..., AppTest]) -> None:
    model = load_model()
    at = app_test("process", "en")
    at.multiselect(key="proc.roles").set_value(["M"]).run()
    at.multiselect(key="proc.phases").set_value(["implement"]).run()
    at.checkbox(key="proc.only").check().run()
    expected = [s.id for s in model.steps if s.phase == "implement" and "M" in s.responsibilities]
    assert expected and _step_ids_shown(at) == set(expected)
    assert not at.dataframe  # the steps are text that wraps, not a grid a phone cuts off
    at.text_input(key="proc.query").input(model.step(expected[0]).title("en")).run()
    assert expected[0] in _step_ids_shown(at) and len(_step_ids_shown(at)) < len(expected) + 1


def test_glossary_search_finds_terms_in_either_language(app_test: Callable[..., AppTest]) -> None:
    at = app_test("glossary")
    at.text_input(key="gl.query").input("call-off").run()
    shown = "\n".join(md.value for md in at.markdown)
    assert "**avrop" in shown and "call-off" in shown
    assert not at.dataframe  # the explanations are text that wraps, not cut off in a grid
    assert "sysselsättningskrav**" not in shown  # the search narrowed the list


def test_glossary_letter_filter_narrows_the_list_to_one_letter(app_test: Callable[..., AppTest]) -> None:
    """The letter filter offers the initials and narrows the list to the terms under one of them."""
    at = app_test("glossary")
    letters = [o for o in at.get("button_group")[0].proto.options] if at.get("button_group") else []
    assert letters, "the letter filter is shown"
    at.session_state["gl.letter"] = "S"
    at.run()
    shown = "\n".join(md.value for md in at.markdown)
    assert "### S" in shown and "### A" not in shown and "**sysselsättningskrav**" in shown


def test_broken_content_stops_the_app_with_one_clear_message(monkeypatch) -> None:
    """A content error names file, item and field on screen, and no page (or traceback) is shown."""
    import streamlit as st

    import guidance.content.preload
    from guidance.content.loader import ContentError

    def broken() -> None:
        raise ContentError("content/process.yaml", "P7", "title.en", "missing English translation")

    monkeypatch.setattr(guidance.content.preload, "load_all", broken)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        assert not at.exception
        assert len(at.error) == 1
        message = at.error[0].value
        assert "content/process.yaml" in message and "P7" in message and "title.en" in message
        assert not at.title
    finally:
        st.cache_resource.clear()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_decision_makers_see_the_figures_with_year_and_source(app_test: Callable[..., AppTest], lang: str) -> None:
    from guidance.content.evidence import evidence_for

    at = app_test("decision_makers", lang)
    shown = "\n".join(str(m.value) for m in at.markdown)
    items = evidence_for("role_bl")
    assert len(items) == 6
    for item in items:
        assert item.figure(lang) in shown
        assert str(item.year) in shown
    assert "uhm-mal7-2018" not in shown  # sources as titled links, not ids
    assert "https://www.upphandlingsmyndigheten.se/organisera/nationella-upphandlingsstrategin/" in shown
