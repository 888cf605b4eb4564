"""Workshop domain: the case library, reference assessments and the aggregation of group answers.

The page is tested in tests/pages/test_workshop_page.py, the aggregation's properties in
tests/property/test_workshop_properties.py.

Sources: the cases are this guide's training material (content/workshop/cases.yaml); the sizing worked
example is the brief's §5.7 (Trafikverket ratio); the disagreement measure is documented in
guidance/workshop.py.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import load_questionnaire
from guidance.content.loader import CONTENT_DIR, ContentError
from guidance.core.models import LANGS
from guidance.workshop.cases import (
    UNANSWERED,
    build_library,
    case_facts,
    discussion_points,
    item_stats,
    load_library,
    outcome,
    reference,
    summarise,
)

QN = load_questionnaire()
LIB = load_library()
GATES_YES = {g: True for g in QN.gate_ids}


def answers(**fields: object) -> Answers:
    """Answers with every gate yes unless given."""
    fields.setdefault("gates", GATES_YES)
    return Answers.model_validate(fields)


def item(stats: tuple, item_id: str):
    """The item ``item_id`` of an item_stats result."""
    return next(s for s in stats if s.id == item_id)


# --------------------------------------------------------------------------- the case library
def test_library_has_six_to_eight_cases_across_sectors_with_both_languages() -> None:
    """The issue asks for 6-8 realistic cases across sectors, each in Swedish and English."""
    assert 6 <= len(LIB.cases) <= 8
    assert len({c.sector.sv for c in LIB.cases}) == len(LIB.cases)
    for case in LIB.cases:
        for text in (case.title, case.situation, case.region, case.market, case.readiness, case.teaches):
            assert text.sv.strip() and text.en.strip() and text.sv != text.en, case.id
        assert case.mistakes, case.id


def test_every_case_names_value_duration_staffing_market_region_and_readiness() -> None:
    """A group can answer from the sheet: value and term either as facts or written in the situation."""
    for case in LIB.cases:
        for lang in LANGS:
            facts = {f.label for f in case_facts(case, lang)}
            assert LIB.label("fact_region")(lang) in facts
            assert LIB.label("fact_market")(lang) in facts
            assert LIB.label("fact_readiness")(lang) in facts
            assert LIB.label("fact_staffing")(lang) in facts
        if "value_sek" not in case.facts:  # then the situation must say it (e.g. the annual value)
            assert "miljoner kronor" in case.situation.sv and "SEK" in case.situation.en, case.id


def test_reference_is_computed_and_matches_what_the_notes_were_written_for() -> None:
    """The reference comes from assess(); a rule change that contradicts the notes fails here."""
    raw = yaml.safe_load((CONTENT_DIR / "workshop" / "cases.yaml").read_text(encoding="utf-8"))
    for case_raw in raw["cases"]:
        assert not {"verdict", "level", "score", "places", "reference"} & set(case_raw), case_raw["id"]
    for case in LIB.cases:
        assert reference(case).assessment.verdict == case.notes_assume_verdict, case.id


def test_cases_cover_the_whole_ladder_of_verdicts() -> None:
    """Training needs contrast: readiness first, no requirement, dialogue, numerical, and the bonus."""
    verdicts = {reference(c).assessment.verdict for c in LIB.cases}
    assert verdicts == {"not_yet", "not_suitable", "basic", "advanced", "advanced_bonus"}


def test_road_works_reference_is_the_briefs_trafikverket_worked_example() -> None:
    """Brief §5.7: works, SEK 120 m, 30 months, 25 FTE -> 2 places, 24 employment or 12 internship months."""
    ref = reference(LIB.case("road_works"))
    assert ref.sizing is not None and not ref.sizing.exempt
    assert (ref.sizing.places, ref.sizing.employment_months, ref.sizing.internship_months) == (2, 24, 12)
    assert ref.assessment.verdict == "advanced_bonus"


def test_cleaning_case_gives_no_place_when_the_annual_value_is_used() -> None:
    """The case's usual mistake: SEK 15 m (one year) instead of 60 m (whole term) gives no place."""
    case = LIB.case("cleaning")
    assert reference(case).sizing.places == 2
    wrong = case.answers.model_copy(update={"value_sek": 15_000_000.0})
    assert outcome(wrong, case.sizing_rule).places == 0
    assert "residence_warning" in reference(case).assessment.flags


def test_a_case_with_an_unknown_sizing_rule_is_rejected_with_file_item_and_field(tmp_path: Path) -> None:
    """Content validation names the file, the case and the field."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / "workshop" / "cases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cases"][0]["sizing_rule"] = "nowhere"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build_library(root)
    assert (err.value.file, err.value.item, err.value.field) == (
        "content/workshop/cases.yaml",
        "cleaning",
        "sizing_rule",
    )


def test_a_case_missing_its_english_title_is_rejected(tmp_path: Path) -> None:
    """A missing translation is a content error, not a blank on screen."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / "workshop" / "cases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["cases"][1]["title"]["en"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="missing English translation") as err:
        build_library(root)
    assert err.value.item == "road_works"


def test_a_fact_without_a_reference_answer_is_rejected(tmp_path: Path) -> None:
    """A fact shown to the groups must come from the reference answers (so they cannot disagree)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / "workshop" / "cases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["cases"][1]["answers"]["fte"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build_library(root)
    assert (err.value.item, err.value.field) == ("road_works", "facts")


# --------------------------------------------------------------------------- aggregation
def test_unanimous_groups_have_no_disagreement_and_no_discussion_points() -> None:
    """Identical answers: every item has disagreement 0, so nothing is flagged."""
    case = LIB.case("cleaning")
    summary = summarise([case.answers] * 4, case)
    assert all(i.disagreement == 0 for i in summary.items)
    assert summary.discussion == ()
    assert [(c.id, c.count, c.reference) for c in summary.verdicts] == [("advanced", 4, True)]


def test_disagreement_is_the_share_differing_from_the_most_common_answer() -> None:
    """Two services, one works: 1/3 differs from the mode; entropy is H / ln(6) (5 options + unanswered)."""
    stats = item_stats(
        [answers(contract_type="services"), answers(contract_type="services"), answers(contract_type="works")]
    )
    ct = item(stats, "contract_type")
    assert ct.n == 3
    assert [(c.id, c.count) for c in ct.categories] == [("services", 2), ("works", 1)]
    assert ct.mode_share == pytest.approx(2 / 3)
    assert ct.disagreement == pytest.approx(1 / 3)
    h = -(2 / 3) * math.log(2 / 3) - (1 / 3) * math.log(1 / 3)
    assert ct.entropy == pytest.approx(h / math.log(6))


def test_unanswered_counts_as_its_own_category_and_comes_last() -> None:
    """ "Don't know" is an answer worth discussing: it is counted, after the real options."""
    stats = item_stats([answers(market="thin"), answers(), answers(market="broad")])
    market = item(stats, "market")
    assert [c.id for c in market.categories] == ["thin", "broad", UNANSWERED]
    assert market.disagreement == pytest.approx(2 / 3)


def test_numbers_are_grouped_in_bands_and_values_without_bands_by_exact_value() -> None:
    """Duration falls into its bands; the contract value (no bands) is compared as typed, sorted by size."""
    stats = item_stats(
        [
            answers(duration_months=48, value_sek=60e6),
            answers(duration_months=30, value_sek=15e6),
            answers(duration_months=24, value_sek=60e6),
        ]
    )
    assert [(c.id, c.count) for c in item(stats, "duration_months").categories] == [("up_to_24", 1), ("over_24", 2)]
    value = item(stats, "value_sek")
    assert [(c.id, c.count) for c in value.categories] == [("15000000", 1), ("60000000", 2)]
    assert value.categories[0].label.sv == "15\u00a0000\u00a0000\u00a0kr"


def test_each_risk_is_its_own_item_and_no_answer_differs_from_none_apply() -> None:
    """Risks split into selected / not selected; an unanswered risk question is neither."""
    stats = item_stats([answers(risks=frozenset({"sme_market"})), answers(risks=frozenset()), answers()])
    sme = item(stats, "risks.sme_market")
    assert [(c.id, c.count) for c in sme.categories] == [("selected", 1), ("not_selected", 1), (UNANSWERED, 1)]
    layoffs = item(stats, "risks.recent_layoffs")
    assert [(c.id, c.count) for c in layoffs.categories] == [("not_selected", 2), (UNANSWERED, 1)]


def test_reference_category_is_marked_even_when_no_group_chose_it() -> None:
    """After the reveal the facilitator sees the reference answer next to the groups' answers."""
    case = LIB.case("school_renovation")  # reference market: thin
    stats = item_stats([answers(market="broad"), answers(market="broad")], case)
    market = item(stats, "market")
    assert [(c.id, c.count, c.reference) for c in market.categories] == [("thin", 0, True), ("broad", 2, False)]
    assert market.reference_agreement == 0


def test_discussion_points_are_ranked_thresholded_and_limited() -> None:
    """Most disputed first; below the threshold or with one response, not a point; at most max_items."""
    responses = [
        answers(contract_type="services", market="thin", entry_level="yes"),
        answers(contract_type="works", market="thin", entry_level="yes"),
        answers(contract_type="goods", market="broad", entry_level="yes"),
        answers(contract_type="services", market="thin", entry_level="no"),
    ]
    stats = item_stats(responses)
    points = discussion_points(stats, min_disagreement=0.25, max_items=10)
    ids = [p.id for p in points]
    assert ids[0] == "contract_type"  # 2 of 4 differ from the mode
    assert set(ids[1:3]) == {"market", "entry_level"}  # 1 of 4 each
    assert discussion_points(stats, min_disagreement=0.3, max_items=10)[0].id == "contract_type"
    assert len(discussion_points(stats, min_disagreement=0.3, max_items=10)) == 1
    assert len(discussion_points(stats, min_disagreement=0.0, max_items=2)) == 2
    assert discussion_points(item_stats(responses[:1]), 0.0, 10) == ()


def test_verdict_level_and_sizing_distributions_use_the_cases_rule() -> None:
    """Verdicts and levels count each response; sizing uses the case's rule; missing facts are 'unknown'."""
    case = LIB.case("road_works")
    two_places = case.answers
    below = case.answers.model_copy(update={"value_sek": 40e6})  # under SEK 50 m: no place
    no_value = case.answers.model_copy(update={"value_sek": None})
    summary = summarise([two_places, below, no_value], case)
    assert sum(c.count for c in summary.verdicts) == 3
    assert [(c.id, c.count, c.reference) for c in summary.sizing] == [
        ("0", 1, False),
        ("2", 1, True),
        ("unknown", 1, False),
    ]
    assert [c.id for c in summary.levels] == ["spearhead"]
    assert summary.outcomes[0].places == 2 and summary.outcomes[2].places is None
