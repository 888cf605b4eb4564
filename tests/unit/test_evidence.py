"""The decision-makers' evidence: sourced, dated, and the figures the facts file checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from guidance.content.evidence import build_evidence, evidence_for, load_evidence
from guidance.content.loader import ContentError


def test_every_figure_has_a_year_a_known_source_and_both_languages() -> None:
    items = load_evidence()
    assert {i.id for i in items} >= {"share_social_requirements", "goteborg_2022", "follow_up_2016"}
    by_id = {i.id: i for i in items}
    assert by_id["share_social_requirements"].year == 2021 and by_id["share_social_requirements"].figure.sv == "8 %"
    assert by_id["survey_goal7"].figure.en == "2.5 of 5"
    assert by_id["follow_up_2016"].evidence.value == "other"  # a press survey, not the authority
    assert [i.id for i in evidence_for("start")] == ["share_social_requirements", "trafikverket_2018", "goteborg_2022"]


def test_an_unknown_source_is_named(content_copy: Path) -> None:
    path = content_copy / "evidence.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][0]["source"] = "nowhere"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build_evidence(content_copy)
    assert (info.value.item, info.value.field) == ("share_social_requirements", "source")
