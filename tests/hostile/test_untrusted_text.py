"""Untrusted text on the pages (AppTest): each hostile input, and the message or plain text it must give.

Where the text goes into Markdown, the element's value (the Markdown source Streamlit's renderer gets)
is parsed with markdown-it-py: the untrusted part must be plain text (no link, heading, emphasis, code,
list, math, HTML, emoji, icon or directive) showing the input. ``test_markdown_browser.py`` checks the
same escaper in Streamlit's real renderer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guidance.assessment.answers_io import FORMAT, answers_to_json
from guidance.core.i18n import t
from guidance.core.markdown import visible_text
from guidance.stores.workshop import WorkshopStore, make_engine, new_participant_id
from guidance.workshop.cases import load_library
from guidance.workshop.results import record_answers
from tests.hostile.hostile_strings import HOSTILE
from tests.hostile.plain_markdown import PARSER, plain_children, visible
from ui.answers_exchange import MAX_LISTED, MAX_NAME_CHARS

#: A complete assessment in the page address (the works contract of the journeys).
QUERY = {"g": "yyyyy", "t": "works", "fw": "0", "da": "0", "v": "120000000", "d": "30", "f": "25", "ls": "45",
         "el": "partly", "m": "adequate", "rr": "1", "ll": "1", "bc": "1", "rp": "0", "r": "-", "sd": "2027-01-01"}  # fmt: skip


def list_items(source: str) -> list[str]:
    """The visible text of each list item of ``source``, after checking every inline part is plain text
    (block structure: paragraphs and one bullet list only)."""
    tokens = PARSER.parse(source)
    allowed = {"paragraph_open", "paragraph_close", "inline", "bullet_list_open", "bullet_list_close"}
    allowed |= {"list_item_open", "list_item_close"}
    assert {tok.type for tok in tokens} <= allowed, [tok.type for tok in tokens]
    items, in_item = [], False
    for tok in tokens:
        in_item = (in_item or tok.type == "list_item_open") and tok.type != "list_item_close"
        if tok.type == "inline":
            children = plain_children(tok.children or [], source)
            if in_item:
                items.append(visible(children))
    return items


def upload(at: AppTest, data: bytes, name: str = "svar.json") -> AppTest:
    """Upload ``data`` as the saved-answers file and run."""
    at.file_uploader(key="assess_upload").upload(name, data, "application/json")
    return at.run()


def document(body: dict[str, object]) -> bytes:
    """A saved-answers file with ``body`` as its answers."""
    return json.dumps({"format": FORMAT, "version": 2, "answers": body}, ensure_ascii=False).encode("utf-8")


def shown_name(field: str) -> str:
    """How the notice names an unknown item: its first characters, as plain text on one line."""
    cut = field if len(field) <= MAX_NAME_CHARS else field[: MAX_NAME_CHARS - 1] + "…"
    return visible_text(cut, inline=True)


# --------------------------------------------------------------------------- answers file: field names
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_field_names_of_an_answers_file_are_shown_as_plain_text(app_test: Callable[..., AppTest], lang: str) -> None:
    """Hostile item names in a saved-answers file: listed as skipped, each exactly as written, nothing rendered."""
    names = [h for h in HOSTILE if visible_text(h, inline=True)][:MAX_LISTED]
    at = upload(app_test("assessment", lang), document(dict.fromkeys(names, 1)))
    assert not at.exception, [e.value for e in at.exception]
    warning = next(w.value for w in at.warning if w.value.startswith(t("a.upload_partly", lang)))
    message = t("a.err.unknown_field", lang)
    assert list_items(warning) == [f"{shown_name(n)}: {message}" for n in names]


def test_a_file_with_thousands_of_unknown_items_lists_a_few(app_test: Callable[..., AppTest]) -> None:
    """5 000 unknown items (a forged file): the notice names the first few and says how many more."""
    body = {f"x{i}": 1 for i in range(5_000)}
    at = upload(app_test("assessment", "sv"), document(body))
    warning = next(w.value for w in at.warning if w.value.startswith(t("a.upload_partly", "sv")))
    items = list_items(warning)
    assert len(items) == MAX_LISTED + 1
    assert items[-1] == t("a.notice_more", "sv", n=5_000 - MAX_LISTED)


# --------------------------------------------------------------------------- answers file: encodings
def saved(encoding: str, bom: bytes = b"") -> bytes:
    """The answers of a works contract saved in ``encoding`` (with ``bom`` in front)."""
    from guidance.assessment.answers_io import answers_from_params

    answers, errors = answers_from_params(QUERY)
    assert not errors
    return bom + answers_to_json(answers).encode(encoding)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (saved("utf-8", b"\xef\xbb\xbf"), None),
        (saved("utf-16"), None),
        (saved("utf-16-le"), "a.err.json_utf16"),
        (saved("utf-16-be"), "a.err.json_utf16"),
        (
            document({"contract_type": "works"}).replace(b"works", "arbetsplats åäö".encode("cp1252")),
            "a.err.json_encoding",
        ),
        (b"\x00" * 10, "a.err.json_utf16"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16le-no-bom", "utf16be-no-bom", "windows-1252", "nul-bytes"],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_answers_files_in_other_encodings(
    app_test: Callable[..., AppTest], lang: str, data: bytes, message: str | None
) -> None:
    """A byte order mark is accepted; UTF-16 without one, and other encodings, get their own message."""
    at = upload(app_test("assessment", lang), data)
    assert not at.exception, [e.value for e in at.exception]
    errors = "\n".join(e.value for e in at.error)
    if message is None:
        assert t("a.upload_ok", lang) in [s.value for s in at.success]
        assert at.radio(key="a.q.contract_type").value == "works"
    else:
        assert t("a.upload_bad", lang) in errors and t(message, lang) in errors
        assert t("a.err.json_malformed", lang) not in errors


def test_a_file_just_over_the_limit_states_two_different_sizes(app_test: Callable[..., AppTest]) -> None:
    """100 001 bytes: "(100,1 kB) ... högst 100,0 kB", never the same number twice."""
    at = upload(app_test("assessment", "sv"), b" " * 100_001)
    assert t("a.upload_too_big", "sv", kb="100,1", max="100,0") in [e.value for e in at.error]


# --------------------------------------------------------------------------- the custom target group
@pytest.mark.parametrize("custom", [h for h in HOSTILE if "\n" not in h and "\r" not in h][:12])
def test_the_custom_target_group_shows_literally_in_the_condition_draft(
    app_test: Callable[..., AppTest], custom: str
) -> None:
    """What the buyer types as target group appears in the draft as written, with no markup made of it."""
    at = app_test("assessment", "sv", **QUERY)
    at.text_input(key="a.cond.custom").input(custom[:300]).run()
    assert not at.exception, [e.value for e in at.exception]
    expected = visible_text(custom[:300].strip(), inline=True)
    plain = [text for m in at.markdown if (text := plain_or_none(m.value)) is not None]
    assert any(expected in text for text in plain), "the custom target group is not shown as plain text"


def plain_or_none(source: str) -> str | None:
    """The visible text of ``source`` if all of it is plain text (as an escaped body is), else None."""
    try:
        return "".join(list_or_para(source))
    except AssertionError:
        return None


def list_or_para(source: str) -> list[str]:
    """The visible text of every inline part of ``source`` (each checked to be plain text)."""
    tokens = PARSER.parse(source)
    return [visible(plain_children(tok.children or [], source)) for tok in tokens if tok.type == "inline"]


# --------------------------------------------------------------------------- workshop group labels
@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """The app's workshop database, in a temporary file."""
    from ui.workshop_form import workshop_store

    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    monkeypatch.setenv("SYSSELSATTNING_DB_URL", url)
    workshop_store.clear()
    yield WorkshopStore(make_engine(url), load_library().settings.retention_days)
    workshop_store.clear()


def test_group_labels_on_the_projector_are_plain_text(app_test: Callable[..., AppTest], store: WorkshopStore) -> None:
    """Groups named with links, headings, math and icons: the facilitator's screen lists the names as typed."""
    case = load_library().cases[0]
    new = store.create(case.id)
    labels = ["[x](http://e.se) # ~~y~~", ":material/delete: $z$", "www.a.se :smile:", "*Bord* `2` <b>"]
    for label in labels:
        assert record_answers(store, new.workshop.id, new_participant_id(), label, case.answers, case) == "stored"
    at = app_test("workshop", "sv", fac=new.facilitator_token)
    assert not at.exception, [e.value for e in at.exception]
    prefix = t("ws.answered_by", "sv", groups="")
    line = next(m.value for m in at.markdown if m.value.startswith(prefix))
    shown = "".join(list_or_para(line))
    assert all(visible_text(label, inline=True) in shown for label in labels), shown


# --------------------------------------------------------------------------- links
@pytest.mark.parametrize("value", ["²", "9" * 5_000, "-1", "0", "1e3", "３", "2.0", "", " 3", "99999999999"])
def test_a_hostile_slide_number_opens_a_slide_not_a_traceback(app_test: Callable[..., AppTest], value: str) -> None:
    """``?slide=`` with superscripts, 5 000 digits, other scripts' digits or no number opens a slide."""
    at = app_test("presentation", "sv", slide=value)
    assert not at.exception, [e.value for e in at.exception]
    expected = 3 if value == " 3" else 1
    written = at.query_params["slide"]
    assert (written[-1] if isinstance(written, list) else written) == str(expected)
    assert at.title[0].value == load_library().slides[expected - 1].title("sv")


def test_a_start_date_far_in_the_future_in_a_link_is_dropped_with_a_message(app_test: Callable[..., AppTest]) -> None:
    """``?sd=9999-12-31``: the date is outside the question's dates, dropped, and the page says so."""
    at = app_test("assessment", "sv", **{**QUERY, "sd": "9999-12-31"})
    assert not at.exception, [e.value for e in at.exception]
    assert t("a.err.date", "sv") in [e.value for e in at.error]


# --------------------------------------------------------------------------- upload file names
@pytest.mark.parametrize(
    "name", ["[plan](http://evil.example) # ~~x~~ $y$ :smile:.csv", "www.evil.se :material/home:.csv"]
)
def test_an_uploaded_plans_file_name_is_plain_text(app_test: Callable[..., AppTest], name: str) -> None:
    """The screening page names the uploaded file as written (a file name is chosen by whoever sends it)."""
    plan = "Upphandling;Kategori;Uppskattat värde (kr);Avtalstid (mån)\nLokalvård;Lokalvård;12 000 000;48\n"
    at = app_test("screening", "sv")
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader(key="plan_upload").upload(name, plan.encode("utf-8"), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [text for c in at.caption if (text := plain_or_none(c.value)) is not None]
    assert any(visible_text(name) in text for text in captions), [c.value for c in at.caption]
