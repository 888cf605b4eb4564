"""Memorable names for unnamed groups, the join link's QR code, and sources' bilingual publishers.

Rules: a group without a label is shown by a short name from ``content/workshop/names.yaml``, the same
on every screen (deterministic from its participant id and the groups before it) and never shared by
two groups of one workshop (guide's own rule, issue 16: "unnamed groups get short memorable names").
The projector's QR code holds exactly the participants' join link (made by segno). A source's
publisher may be written in both languages, so English pages never show a Swedish publisher name.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.assess import assess
from guidance.content.loader import ContentError, load_model
from guidance.core.models import Source
from guidance.stores.workshop import Submission
from guidance.workshop.cases import load_library
from guidance.workshop.names import GroupNames, NameSlot, build_group_names, memorable_name, name_slots, shown_name
from guidance.workshop.qr import join_qr, qr_svg
from guidance.workshop.results import live_picture

LIB = load_library()
NAMES = LIB.group_names
SIZE = len(NAMES.names)
CASE = LIB.cases[0]
ID_CHARS = string.ascii_letters + string.digits + "_-"
#: Participant ids as the store makes them (16 URL-safe characters), unique within a workshop.
IDS = st.lists(st.text(ID_CHARS, min_size=16, max_size=16), unique=True, max_size=160)


@settings(max_examples=150, deadline=None)
@given(ids=IDS, size=st.integers(min_value=1, max_value=45))
def test_no_two_groups_of_a_workshop_share_a_name(ids: list[str], size: int) -> None:
    """Every group gets a different (name, round); the first round fills before the second starts."""
    slots = name_slots(ids, size)
    assert set(slots) == set(ids)
    assert len({(s.index, s.round) for s in slots.values()}) == len(ids)
    assert all(0 <= s.index < size for s in slots.values())
    assert max((s.round for s in slots.values()), default=1) == max(1, -(-len(ids) // size))


@settings(max_examples=150, deadline=None)
@given(ids=IDS, cut=st.integers(min_value=0, max_value=160))
def test_a_group_keeps_its_name_whoever_comes_after_it(ids: list[str], cut: int) -> None:
    """A name depends only on the group's id and the groups before it: later groups never rename it."""
    everyone = name_slots(ids, SIZE)
    earlier = name_slots(ids[:cut], SIZE)
    assert all(everyone[i] == slot for i, slot in earlier.items())
    assert name_slots(list(ids), SIZE) == everyone  # the same on every call (every screen)


def test_a_repeated_id_keeps_its_first_name() -> None:
    """A group that sends twice is still one group with one name."""
    assert name_slots(["a" * 16, "b" * 16, "a" * 16], SIZE) == name_slots(["a" * 16, "b" * 16], SIZE)


def test_an_empty_list_of_names_is_refused() -> None:
    """Without names nothing can be handed out: a clear error, not a division by zero."""
    with pytest.raises(ValueError, match="empty"):
        name_slots(["a" * 16], 0)


def test_a_memorable_name_reads_as_the_content_says_in_both_languages() -> None:
    """``Grupp Björk`` the first time round, ``Group Birch 2`` the second; a typed label always wins."""
    first, again = NameSlot(index=0, round=1), NameSlot(index=0, round=2)
    assert NAMES.names[0].sv == "Björk" and NAMES.names[0].en == "Birch"
    assert memorable_name(first, NAMES, "sv") == "Grupp Björk"
    assert memorable_name(again, NAMES, "en") == "Group Birch 2"
    assert shown_name("Bord 3", first, NAMES, "sv") == "Bord 3"
    assert shown_name("  ", first, NAMES, "en") == "Group Birch"


def test_the_content_names_are_short_and_unique_in_each_language() -> None:
    """Names fit a wrapped line on a projector: one word, at most 12 letters, none twice in either language."""
    for lang in ("sv", "en"):
        words = [n(lang) for n in NAMES.names]
        assert len({w.casefold() for w in words}) == len(words) == SIZE >= 30
        assert all(" " not in w and len(w) <= 12 for w in words), words


def test_a_name_listed_twice_is_a_content_error() -> None:
    """The content check names the duplicated name."""
    raw = NAMES.model_dump(mode="json")
    raw["names"] = [*raw["names"], {"sv": "björk", "en": "Other"}]
    with pytest.raises(ValueError, match="Björk|björk"):
        GroupNames.model_validate(raw)


def test_a_pattern_with_an_unknown_placeholder_is_a_content_error(tmp_path: Path) -> None:
    """``{nme}`` in a pattern fails at load with the file and field named."""
    (tmp_path / "workshop").mkdir()
    (tmp_path / "workshop" / "names.yaml").write_text(
        "group_names:\n  source: guide\n  evidence: guide\n"
        '  pattern: {sv: "Grupp {nme}", en: "Group {name}"}\n'
        '  pattern_again: {sv: "Grupp {name} {n}", en: "Group {name} {n}"}\n'
        '  names: [{sv: "Ek", en: "Oak"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="names.yaml.*pattern"):
        build_group_names(tmp_path)


def _submission(pid: str, label: str, minute: int) -> Submission:
    when = dt.datetime(2026, 3, 1, 9, minute)
    return Submission(
        participant_id=pid,
        group_label=label,
        answers_json=answers_to_json(CASE.answers),
        verdict=assess(CASE.answers).verdict,
        created_at=when,
        updated_at=when,
    )


def test_thirty_one_unnamed_groups_get_thirty_one_different_short_names() -> None:
    """The room that showed "Grupp utan namn 1 ... 31": now 31 different short names, a typed label kept."""
    subs = [_submission(f"group{i:02d}aaaaaaaaa", "Bord 3" if i == 4 else "", i) for i in range(31)]
    groups = live_picture(subs, set(), CASE).groups
    names = [g.name("sv") for g in groups]
    assert len(set(names)) == 31
    assert names[4] == "Bord 3"
    assert all(n.startswith("Grupp ") and len(n) <= len("Grupp ") + 12 for i, n in enumerate(names) if i != 4)
    assert "utan namn" not in " ".join(names)
    # The same workshop seen again (another refresh, another screen) gives the same names.
    assert [g.name("sv") for g in live_picture(subs, set(), CASE).groups] == names
    assert groups[0].name("en") == memorable_name(groups[0].slot, NAMES, "en")


JOIN_LINK = "https://sysselsattning.example.se/workshop?join=ABC234&lang=sv"


def test_the_qr_code_holds_exactly_the_join_link() -> None:
    """segno's QR code of the join link itself (same matrix as segno makes from that text), not a Micro QR."""
    code = join_qr(JOIN_LINK)
    assert code.matrix == segno.make(JOIN_LINK, error="m", micro=False, boost_error=False).matrix
    assert code.matrix != join_qr(JOIN_LINK.replace("ABC234", "ABC235")).matrix
    assert code.is_micro is False and code.error == "M"


def test_the_qr_svg_is_a_standalone_image_of_that_code() -> None:
    """The SVG names its namespace (so it shows as an image) and is segno's drawing of the same code."""
    svg = qr_svg(JOIN_LINK)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    expected = segno.make(JOIN_LINK, error="m", micro=False, boost_error=False).svg_inline(
        scale=8, border=4, dark="#000000", light="#ffffff"
    )
    path = expected[expected.index("<path") :]
    assert path in svg
    with pytest.raises(ValueError):
        join_qr("")


def test_the_guides_own_publisher_has_an_english_name() -> None:
    """``Vägledningens redaktion`` in Swedish, ``The guide's editors`` in English; a plain name serves both."""
    guide = next(s for s in load_model().sources if s.id == "guide")
    assert guide.publisher("sv") == "Vägledningens redaktion"
    assert guide.publisher("en") == "The guide's editors"
    assert guide.title("en") == "This guide"  # not "This guide's own reading" twice beside the evidence marker
    plain = Source(id="x", title={"sv": "T", "en": "T"}, publisher="SCB", url="https://scb.se", verified="2026-01-01")
    assert plain.publisher("sv") == plain.publisher("en") == "SCB"
