"""Documents and dates under hostile input: control characters never stop a document, a failed build is
reported, and a date past 9999 gives a clear error (never an OverflowError).
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from collections.abc import Callable

import docx
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from guidance.assessment.action_plan import action_plan
from guidance.assessment.assess import assess
from guidance.assessment.conditions import ConditionOptions, draft_condition
from guidance.assessment.sizing import Contract, DateOutOfRange, add_months, contract_from_answers, size_all
from guidance.documents.decision_basis import DecisionBasis, decision_basis_docx, decision_basis_markdown
from guidance.documents.plain import xml_text
from guidance.documents.spreadsheet import to_csv, to_xlsx
from tests.examples import START, works_120m
from ui.components import DownloadBuild

#: Every control character but tab, line feed and carriage return (C0, DEL, C1).
CONTROLS = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)]))


def basis(title: str, custom_group: str) -> DecisionBasis:
    """The works contract's decision basis with a hostile name and custom target group."""
    answers = works_120m(start_date=START)
    assessment = assess(answers)
    contract = contract_from_answers(answers)
    assert contract is not None
    sizings = size_all(contract)
    options = ConditionOptions(target_groups=("young",), custom_target_group=custom_group)
    return DecisionBasis(
        answers=answers,
        assessment=assessment,
        sizings=sizings,
        chosen_rule=sizings[0].rule_id,
        draft=draft_condition(assessment, sizings[0], options, "sv"),
        plan=action_plan(assessment, sizings[0], "analyse", answers.start_date, answers.duration_months),
        created=dt.date(2026, 11, 25),
        title=title,
    )


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("bad", ["\x0b", "\x01", "\x00", CONTROLS])
def test_control_characters_in_the_name_and_target_group_still_give_a_word_document(bad: str) -> None:
    """Before, one vertical tab made python-docx refuse the whole document (and the download was empty)."""
    data = decision_basis_docx(basis(f"Skola{bad}Norr", f"Unga{bad}vuxna"), "sv")
    text = docx_text(data)
    assert ("Skola Norr" in text) if len(bad) == 1 else ("Skola" in text and "Norr" in text)
    assert "Unga" in text and "vuxna" in text
    assert not set(CONTROLS) & set(text.replace("\t", ""))


def test_the_markdown_document_holds_no_control_characters() -> None:
    md = decision_basis_markdown(basis("Skola\x0bNorr\x01", "Unga\x1bvuxna"), "sv")
    assert not set(CONTROLS) & set(md)
    assert "Skola" in md and "Unga" in md


def test_spreadsheets_hold_control_characters_in_cells_headers_and_sheet_names() -> None:
    frame = pd.DataFrame({"Namn\x01": ["a\x0bb", "=1+1"], "Värde": [1.5, 2.0]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Blad\x02": frame})))
    sheet = book.worksheets[0]
    assert sheet.title == "Blad"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["Namn ", "Värde"], ["a b", 1.5], ["'=1+1", 2]]
    assert to_csv(frame, "en").decode("utf-8-sig").splitlines()[0] == "Namn ,Värde"


@given(st.text())
def test_xml_text_leaves_only_characters_xml_can_hold(text: str) -> None:
    out = xml_text(text)
    assert len(out) == len(text)
    assert all(
        c in "\t\n\r" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff") for c in out
    )


# --------------------------------------------------------------------------- a file that cannot be made
def test_a_failed_build_is_recorded_and_reported_after_the_click() -> None:
    """The download's file is made in another thread; the page run after the click learns the outcome."""
    build = DownloadBuild()

    def broken() -> bytes:
        raise ValueError("boom")

    build.click()
    with pytest.raises(ValueError, match="boom"):
        build.guarded(broken)()
    assert build.settle(wait_s=0) is True and build.clicked_at is None
    assert build.settle(wait_s=0) is True  # shown until a build succeeds
    build.click()
    assert build.guarded(lambda: b"ok")() == b"ok"
    assert build.settle(wait_s=0) is False


@pytest.mark.parametrize("build_first", [True, False])
def test_the_page_run_waits_for_the_build_of_its_click(build_first: bool) -> None:
    """Either request can reach the server first: a build that finished just before the callback counts,
    and one still running is waited for (an old outcome is never taken for the new click's)."""
    build = DownloadBuild()
    build.click()
    assert build.guarded(lambda: b"old")() == b"old"  # an earlier, successful download, already reported
    assert build.settle(wait_s=0) is False
    release = threading.Event()

    def slow() -> bytes:
        release.wait(5)
        raise ValueError("late failure")

    worker = threading.Thread(target=lambda: pytest.raises(ValueError, build.guarded(slow)))
    if build_first:
        worker.start()
        build.click()
    else:
        build.click()
        worker.start()
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    assert build.settle(wait_s=5) is True
    assert time.monotonic() - started < 4
    worker.join(5)


def test_the_assessment_page_shows_a_failed_document_in_the_users_language(app_test: Callable[..., AppTest]) -> None:
    """A failure recorded for the Word download appears under its button, in Swedish and English."""
    from guidance.core.i18n import t
    from tests.hostile.test_untrusted_text import QUERY

    for lang in ("sv", "en"):
        at = app_test("assessment", lang, **QUERY)
        build = at.session_state["_dl.assess_dl_docx"]
        assert isinstance(build, DownloadBuild)
        build.failed = True
        at.run()
        assert not at.exception
        assert t("dl.failed", lang, name=t("a.dl.docx", lang)) in [e.value for e in at.error]


# --------------------------------------------------------------------------- dates past 9999
FAR = dt.date(9999, 12, 31)


def test_the_public_date_functions_give_a_clear_error_for_9999_12_31() -> None:
    """Every public function that adds months to a start date: DateOutOfRange (a ValueError naming the
    date), never OverflowError."""
    answers = works_120m(start_date=None)
    contract = contract_from_answers(answers)
    assert contract is not None
    far = Contract.model_validate({**contract.model_dump(), "start_date": FAR})
    calls = {
        "add_months": lambda: add_months(FAR, 1),
        "size_all": lambda: size_all(far),
        "action_plan": lambda: action_plan(assess(answers), None, "analyse", FAR, 30),
        "draft_condition": lambda: draft_condition(
            assess(answers), size_all(contract)[0], ConditionOptions(contract_start=FAR), "sv"
        ),
    }
    for name, call in calls.items():
        with pytest.raises(DateOutOfRange, match="9999-12-31") as info:
            call()
        assert isinstance(info.value, ValueError), name


def test_a_plan_ending_just_before_9999_lists_the_dates_it_can() -> None:
    """Reporting dates past 9999-12-31 are left out rather than raising."""
    plan = action_plan(assess(works_120m(start_date=None)), None, "analyse", dt.date(9999, 1, 31), 6)
    assert plan.end_date == dt.date(9999, 7, 31) and plan.reporting_dates == (dt.date(9999, 7, 31),)


@given(st.dates(), st.integers(min_value=-(10**30), max_value=10**30))
def test_add_months_gives_a_date_or_a_clear_error(day: dt.date, months: int) -> None:
    try:
        out = add_months(day, months)
    except DateOutOfRange as exc:
        assert day.isoformat() in str(exc)
        return
    assert (out.year - day.year) * 12 + out.month - day.month == months
