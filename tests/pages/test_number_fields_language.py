"""Number fields after a language switch (ui/number_field.py): a number typed on a Swedish page is shown the
English way once the page turns English, and back; a text that is not a number stays as it was typed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guidance.core.i18n import t
from guidance.stores.workshop import WorkshopStore, make_engine
from guidance.workshop.cases import load_library
from ui.state import LANG_KEY

LIB = load_library()
#: Swedish groups digits with a no-break space (``25 000``), so a number never breaks over two lines.


def switch(at: AppTest, lang: str) -> AppTest:
    """Change only the language, with the sidebar's switch (its callback runs as in the app)."""
    at.radio(key=LANG_KEY).set_value(lang).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest, key: str) -> str:
    """What the number field under ``key`` shows."""
    return str(at.text_input(key=f"{key}.numtext").value)


@pytest.mark.parametrize(
    ("key", "first", "typed", "number", "second", "expected", "back"),
    [
        ("calc.wage", "sv", "25000", 25000, "en", "25,000", "25\u00a0000"),
        ("calc.wage", "en", "25000", 25000, "sv", "25\u00a0000", "25,000"),
        ("calc.productivity", "sv", "0,75", 0.75, "en", "0.75", "0,75"),
        ("calc.wage", "sv", "1500,5", 1500.5, "en", "1,500.5", "1\u00a0500,5"),
        ("calc.productivity", "en", "0.75", 0.75, "sv", "0,75", "0.75"),
    ],
)
def test_a_calculator_number_follows_the_language(
    app_test: Callable[..., AppTest],
    key: str,
    first: str,
    typed: str,
    number: float,
    second: str,
    expected: str,
    back: str,
) -> None:
    """A number typed as a person writes it keeps its value and is shown in the new language's format."""
    at = app_test("calculator", first)
    at.text_input(key=f"{key}.numtext").input(typed).run()
    assert shown(at, key) == typed and at.session_state[key] == number
    switch(at, second)
    assert shown(at, key) == expected and at.session_state[key] == number
    switch(at, first)
    assert shown(at, key) == back and at.session_state[key] == number


def test_a_calculator_text_that_is_not_a_number_stays_as_typed(app_test: Callable[..., AppTest]) -> None:
    """Unreadable text is kept as typed in both languages, with the message in the new language."""
    at = app_test("calculator", "sv")
    at.text_input(key="calc.positions.numtext").input("tolv").run()
    assert t("num.err.number", "sv") in [e.value for e in at.error]
    switch(at, "en")
    assert shown(at, "calc.positions") == "tolv" and at.session_state["calc.positions"] == "tolv"
    assert t("num.err.number", "en") in [e.value for e in at.error]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """The app's workshop database, in a temporary file."""
    from ui.workshop_form import workshop_store

    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    monkeypatch.setenv("SYSSELSATTNING_DB_URL", url)
    workshop_store.clear()
    yield WorkshopStore(make_engine(url), LIB.settings.retention_days)
    workshop_store.clear()


def test_a_workshop_number_follows_the_language(app_test: Callable[..., AppTest], store: WorkshopStore) -> None:
    """The contract value typed as "1500,5" on the Swedish page reads "1,500.5" in English and back again."""
    new = store.create(LIB.cases[0].id)
    at = app_test("workshop", "sv", join=new.workshop.join_code)
    at.text_input(key="ws.q.value_sek.numtext").input("1500,5").run()
    assert at.session_state["ws.q.value_sek"] == 1500.5
    switch(at, "en")
    assert shown(at, "ws.q.value_sek") == "1,500.5" and at.session_state["ws.q.value_sek"] == 1500.5
    switch(at, "sv")
    assert shown(at, "ws.q.value_sek") == "1\u00a0500,5"
