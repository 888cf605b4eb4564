"""Command line: ``python -m guidance assess ANSWERS.json [--json] [--rule RULE] [--choice CHOICE] [--lang]``.

The command reads the answers file the assessment page saves (``answers_io``: format
``sysselsattningskrav-answers``, version 1 or 2) and prints ``recommend()`` of it. Exit codes: 0 the
file was read (fields may have been dropped), 1 the file could not be read, 2 a wrong option.
The journeys in ``tests/cases/assessment_journeys.yaml`` run through the command too.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import FORMAT, MAX_JSON_BYTES, answers_to_json
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.recommend import recommend
from guidance.cli import main
from guidance.core.i18n import t
from tests.case_tables import Case, case_params
from tests.examples import CLEANING_18M, WORKS_120M

ROOT = Path(__file__).resolve().parents[2]
QN = load_questionnaire()
BOOLS = {q.id for q in QN.questions if q.kind == "bool"}


# --------------------------------------------------------------------------- helpers
def write(tmp_path: Path, body: dict[str, Any], version: int = 2, name: str = "svar.json") -> Path:
    """An answers file as the page saves it (``body`` is the document's ``answers``)."""
    path = tmp_path / name
    path.write_text(json.dumps({"format": FORMAT, "version": version, "answers": body}), encoding="utf-8")
    return path


def saved(tmp_path: Path, answers: Answers) -> Path:
    """The file the page's download button writes for ``answers``."""
    path = tmp_path / "sparade-svar.json"
    path.write_text(answers_to_json(answers), encoding="utf-8")
    return path


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """``main(["assess", *args, "--json"])`` in-process; exit 0, exactly one JSON object on stdout."""
    assert main(["assess", *args, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    result = json.loads(captured.out)  # the whole of stdout is one JSON document
    assert isinstance(result, dict)
    return result


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m guidance assess ...`` in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "guidance", "assess", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


MUNICIPAL_CLEANING = Answers(**{**CLEANING_18M, "organisation": "municipality"})


# --------------------------------------------------------------------------- journeys
def file_body(answers: dict[str, Any]) -> dict[str, Any]:
    """A journey's answers as the file holds them: gates together, yes/no as booleans, dates as text."""
    body: dict[str, Any] = {}
    gates: dict[str, bool] = {}
    for key, value in answers.items():
        if value is None:
            continue
        if key in QN.gate_ids:
            gates[key] = value == "yes"
        elif key in BOOLS:
            body[key] = value == "yes"
        elif isinstance(value, dt.date):
            body[key] = value.isoformat()
        else:
            body[key] = value
    return {"gates": gates, **body} if gates else body


@pytest.mark.parametrize("case", case_params("assessment_journeys"))
def test_journey(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each journey of ``tests/cases/assessment_journeys.yaml``: the saved answers give the stated result
    (rules from questionnaire.yaml, sizing_rules.yaml and plausibility.yaml, worked out in the file)."""
    path = write(tmp_path, file_body(case.input["answers"]), version=case.input.get("version", 2))
    args = [str(path)]
    for option in ("rule", "choice"):
        if option in case.input:
            args += [f"--{option}", case.input[option]]
    got = run_json(args, capsys)
    assert got["file_errors"] == []
    used = [s for s in got["sizing"] if s["used"]]
    assert len(used) == (1 if got["sizing"] else 0)
    sizing = used[0] if used else {}
    case.check(
        {
            **{key: got[key] for key in ("complete", "verdict", "level", "score", "places", "answered", "flags")},
            **{key: got[key] for key in ("recommended_rule", "suggested_rule", "adjustment")},
            "missing_count": len(got["missing"]),
            "sizing_places": sizing.get("places"),
            **{key: sizing.get(key) for key in ("exempt", "employment_months", "internship_months", "milestone_date")},
            "feasible": sizing.get("feasible"),
            "warnings": [w["id"] for w in got["warnings"]],
            "suggestion": got["warnings"][0]["suggestion"] if got["warnings"] else None,
            "open_points": [p["question"] for p in got["open_points"]],
            "could_be": {p["question"]: p["could_be"] for p in got["open_points"]},
        },
        includes={"missing": got["missing"]},
    )


# --------------------------------------------------------------------------- JSON
def test_json_holds_every_field_for_a_complete_assessment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Brief §5.7 works example for a state agency: 14 points -> advanced; Trafikverket 120 m / 50 m -> 2 places."""
    answers = Answers(**{**WORKS_120M, "organisation": "state_agency", "start_date": dt.date(2027, 1, 1)})
    got = run_json([str(saved(tmp_path, answers)), "--lang", "en"], capsys)
    assert {
        "complete",
        "missing",
        "verdict",
        "level",
        "score",
        "max_score",
        "recommended_rule",
        "sizing",
        "warnings",
        "reasons",
        "open_points",
        "file_errors",
    } <= set(got)
    assert (got["complete"], got["missing"], got["verdict"], got["level"]) == (True, [], "advanced", "advanced")
    assert (got["score"], got["max_score"], got["recommended_rule"], got["places"]) == (14, 14, "trafikverket", 2)
    assert [s["rule"] for s in got["sizing"]] == [
        *("trafikverket", "proportional", "goteborg", "malmo", "custom"),
        *("netherlands", "wales", "norway", "denmark"),
    ]
    assert [s["rule"] for s in got["sizing"] if s["comparison"]] == ["netherlands", "wales", "norway", "denmark"]
    trafikverket = got["sizing"][0]
    assert trafikverket == {
        "rule": "trafikverket",
        "exempt": False,
        "below_value": False,
        "places": 2,
        "employment_months": 24,
        "internship_months": 12,
        "milestone_date": "2027-07-01",
        "feasible": True,
        "used": True,
        "comparison": False,
    }
    # Göteborg: one place of three months, whatever the value.
    assert got["sizing"][2] | {"used": None} == trafikverket | {
        "rule": "goteborg",
        "places": 1,
        "employment_months": 3,
        "internship_months": 0,
        "used": None,
    }
    assert [s["used"] for s in got["sizing"]] == [True] + [False] * 8
    assert (
        "The total is 14 of 14 pt. It reaches the cut-off for a numerical employment requirement (8 pt)."
        in (got["reasons"])
    )
    assert got["warnings"] == [] and got["open_points"] == [] and got["file_errors"] == []


def test_json_reports_the_adjusted_sizing_of_the_rule_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """sizing_rules.yaml zero_places: Trafikverket gives 0 places for SEK 18 m of services; one place is the default."""
    answers = Answers(**{**CLEANING_18M, "organisation": "state_agency"})
    got = run_json([str(saved(tmp_path, answers))], capsys)
    used = next(s for s in got["sizing"] if s["used"])
    assert (got["adjustment"], got["choices"]) == ("minimum_one", ["minimum_one", "dialogue"])
    assert (used["rule"], used["exempt"], used["places"], used["employment_months"]) == ("trafikverket", False, 1, 12)
    assert any("Justerat: minst en plats" in r for r in got["reasons"])


def test_json_of_an_incomplete_assessment_shows_no_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """questionnaire.yaml step 6: while required answers are missing nothing concludes, not even in the reasons."""
    answers = MUNICIPAL_CLEANING.model_copy(update={"risks": None})
    got = run_json([str(saved(tmp_path, answers))], capsys)
    assert (got["complete"], got["verdict"], got["level"], got["places"]) == (False, None, None, None)
    assert got["missing"] == ["risks"]
    assert (got["answered"], got["required"]) == (17, 18)
    assert got["reasons"]  # the answers given are still explained ...
    assert "Typ av upphandling: Tjänster ger 2 p." in got["reasons"]
    assert not any(r.startswith("Summan är") for r in got["reasons"])  # ... but not the provisional verdict
    assert not any("Riskfrågan är inte besvarad" in r for r in got["reasons"])


def test_an_incomplete_assessment_shows_no_adjustment_that_follows_from_its_provisional_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the labour-law question missing: provisionally advanced, and Trafikverket gives 0 places for SEK 18 m
    of services. Nothing is reconciled while incomplete; the command shows the rule's own 0 places."""
    answers = Answers(**{**CLEANING_18M, "organisation": "state_agency", "labour_law_needed": None})
    rec = recommend(answers, assess(answers))
    assert (rec.complete, rec.assessment.verdict, rec.adjustment, rec.places) == (False, "advanced", None, 0)
    got = run_json([str(saved(tmp_path, answers))], capsys)
    assert (got["missing"], got["verdict"], got["places"], got["adjustment"], got["choices"]) == (
        ["labour_law_needed"],
        None,
        None,
        None,
        [],
    )
    used = next(s for s in got["sizing"] if s["used"])
    assert (used["rule"], used["exempt"], used["below_value"], used["places"]) == ("trafikverket", True, True, 0)
    assert not any("Justerat" in r or "Bedömningen talar" in r for r in got["reasons"])
    assert main(["assess", str(saved(tmp_path, answers))]) == 0
    out = capsys.readouterr().out
    assert "  värdet räcker inte till en hel plats (0 platser)\n" in out
    assert t("cli.assess.adjusted", "sv") not in out


def test_dont_know_answers_become_open_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """questionnaire.yaml unknown: G3 "don't know" keeps the verdict; a no would give not_yet; market counts as thin."""
    gates = {g: True for g in QN.gate_ids if g != "G3"}
    answers = MUNICIPAL_CLEANING.model_copy(
        update={"gates": gates, "market": None, "unknown": frozenset({"G3", "market"})}
    )
    got = run_json([str(saved(tmp_path, answers)), "--lang", "en"], capsys)
    assert (got["complete"], got["verdict"], got["score"]) == (True, "advanced", 12)
    assert got["open_points"] == [
        {
            "question": "G3",
            "find_out": "Find out who will be the matching actor and whether it has resources for the recruitment.",
            "who": "Ask the municipality's labour-market unit or Arbetsförmedlingen.",
            "could_be": ["not_yet"],
        },
        {
            "question": "market",
            "find_out": "Find out how many suppliers in the region can do the work.",
            "who": "Look at the tenders in the last procurement, or do a market analysis with the buyer.",
            "could_be": [],
        },
    ]


def test_a_version_1_file_is_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """answers_io READABLE_VERSIONS: a version 1 file (no "don't know") gives the same result as version 2."""
    body = json.loads(answers_to_json(MUNICIPAL_CLEANING))["answers"]
    v1 = run_json([str(write(tmp_path, body, version=1, name="v1.json"))], capsys)
    v2 = run_json([str(write(tmp_path, body, version=2, name="v2.json"))], capsys)
    assert v1 == v2
    assert (v1["verdict"], v1["places"], v1["recommended_rule"]) == ("advanced", 1, "proportional")


def test_dont_know_in_a_version_1_file_is_dropped_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Version 1 has no "don't know": an ``unknown`` list in it is an unknown field, dropped, the rest read."""
    body = {**json.loads(answers_to_json(MUNICIPAL_CLEANING))["answers"], "unknown": ["market"]}
    got = run_json([str(write(tmp_path, body, version=1)), "--lang", "en"], capsys)
    assert got["file_errors"] == [{"field": "unknown", "text": t("a.err.unknown_field", "en")}]
    assert (got["verdict"], got["open_points"]) == ("advanced", [])


def test_a_dropped_field_is_listed_and_the_rest_assessed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """answers_io: each bad field is dropped and reported; a dropped value makes the assessment incomplete."""
    body = {**json.loads(answers_to_json(MUNICIPAL_CLEANING))["answers"], "value_sek": -5, "fte": "tolv"}
    got = run_json([str(write(tmp_path, body))], capsys)
    assert sorted(got["file_errors"], key=lambda e: e["field"]) == [
        {"field": "fte", "text": t("a.err.not_a_number", "sv")},
        {"field": "value_sek", "text": t("a.err.value_range", "sv")},
    ]
    assert (got["complete"], got["missing"], got["verdict"]) == (False, ["value_sek", "fte"], None)
    assert got["sizing"] == []  # no value, no contract to size


def test_rule_and_choice_options_change_the_recommendation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """sizing_rules.yaml: Göteborg gives one place of 3 months; dialogue instead of one place gives the basic level."""
    path = str(saved(tmp_path, MUNICIPAL_CLEANING))
    goteborg = run_json([path, "--rule", "goteborg"], capsys)
    assert (goteborg["recommended_rule"], goteborg["suggested_rule"], goteborg["places"]) == (
        "goteborg",
        "proportional",
        1,
    )
    assert next(s for s in goteborg["sizing"] if s["used"])["employment_months"] == 3
    dialogue = run_json([path, "--rule", "trafikverket", "--choice", "dialogue"], capsys)
    assert (dialogue["verdict"], dialogue["level"], dialogue["places"], dialogue["adjustment"]) == (
        "basic",
        "basic",
        0,
        "dialogue",
    )


# --------------------------------------------------------------------------- text
def test_text_names_the_verdict_and_sizing_in_swedish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = Answers(**{**WORKS_120M, "organisation": "state_agency", "start_date": dt.date(2027, 1, 1)})
    assert main(["assess", str(saved(tmp_path, answers))]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    lines = out.splitlines()
    assert lines[0] == "Avancerad nivå – numerärt sysselsättningskrav"
    assert "Poäng: 14 av 14." in lines
    assert "Kravets storlek enligt Trafikverket (föreslagen regel):" in lines
    expected = "2 platser: 24 månaders anställning eller 12 månaders praktik; första anställningen senast 2027-07-01"
    assert f"  {expected}" in lines
    assert f"  * Trafikverket: {expected}" in lines
    assert "    Göteborgs Stad: 1 plats: 3 månaders anställning; första anställningen senast 2027-07-01" in lines
    assert "Skäl:" in lines


def test_text_says_when_the_size_is_over_the_feasibility_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sizing_rules.yaml feasibility: 6 employment months of 2 FTE x 6 months = 50 %, over the 20 % cap."""
    answers = MUNICIPAL_CLEANING.model_copy(update={"value_sek": 3_000_000, "duration_months": 6, "fte": 2})
    assert main(["assess", str(saved(tmp_path, answers)), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("Size of the requirement under Ratio with a minimum of one place (the suggested rule):")
    assert lines[at + 1].startswith("  1 place: 6 months of employment or 6 months of internship;")
    assert lines[at + 2].startswith(
        "  The employment months (6) are 50% of the contract's 12 person-months, above the cap"
    )


def test_text_uses_singular_forms_for_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One place, one missing question: singular in both languages."""
    answers = MUNICIPAL_CLEANING.model_copy(update={"risks": None})
    path = str(saved(tmp_path, answers))
    assert main(["assess", path]) == 0
    sv = capsys.readouterr().out.replace("\u00a0", " ")
    assert "Besvarade: 17 av 18 frågor." in sv
    assert "1 fråga saknar svar:" in sv and "  - Risker" in sv
    assert "1 plats: 12 månaders anställning eller 6 månaders praktik" in sv
    assert main(["assess", path, "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Answered: 17 of 18 questions." in en
    assert "1 question has no answer:" in en and "  - Risks" in en
    assert "1 place: 12 months of employment or 6 months of internship" in en


def test_text_of_an_incomplete_assessment_names_missing_questions_never_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only G1 answered: 1 of 18 answered, 17 missing, listed by their short texts; no verdict title."""
    path = str(write(tmp_path, {"gates": {"G1": True}}))
    for lang in ("sv", "en"):
        assert main(["assess", path, "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert t("cli.assess.incomplete", lang) in out
        assert _counted_text("cli.assess.missing", 17, lang) in out
        missing = [q for q in QN.required_ids if q != "G1"]
        assert len(missing) == 17
        for qid in missing:
            assert f"  - {QN.question(qid).short(lang)}\n" in out
        for qid in ("contract_type", "value_sek", "duration_months", "labour_share", "G2", "risks"):
            assert qid not in out
        assert not any(v.title(lang) in out for v in QN.verdicts)
    assert "Answered: 1 of 18 questions." in out


def _counted_text(key: str, n: int, lang: str) -> str:
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=n)


def test_text_shows_the_value_warning_and_dropped_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """plausibility.yaml: SEK 18 is far too small; the suggestion is SEK 18 000 000. Dropped fields go to stderr."""
    body = {**json.loads(answers_to_json(MUNICIPAL_CLEANING))["answers"], "value_sek": 18, "colour": "blue"}
    assert main(["assess", str(write(tmp_path, body)), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    out = captured.out.replace("\u00a0", " ")
    assert "Check:" in out
    assert "The contract value of SEK 18 is unusually small for the whole term. Did you mean SEK 18,000,000?" in out
    assert captured.err.splitlines() == [
        t("cli.assess.dropped", "en"),
        f"  - colour: {t('a.err.unknown_field', 'en')}",
    ]


# --------------------------------------------------------------------------- exit codes
@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"{not json", "a.err.json_malformed"),
        (b"\xff\xfe\x00garbage", "a.err.json_malformed"),
        (b"", "a.err.json_malformed"),
        (json.dumps({"format": "something-else", "version": 2, "answers": {}}).encode(), "a.err.json_foreign"),
        (json.dumps({"format": FORMAT, "version": 3, "answers": {}}).encode(), "a.err.json_version"),
        (json.dumps({"format": FORMAT, "version": True, "answers": {}}).encode(), "a.err.json_version"),
        (b" " * (MAX_JSON_BYTES + 1), "a.err.json_too_large"),
    ],
    ids=["not-json", "not-utf8", "empty", "foreign", "version-3", "version-true", "too-large"],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_unreadable_file_exits_1_with_a_message(
    content: bytes, key: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.json"
    path.write_bytes(content)
    assert main(["assess", str(path), "--json", "--lang", lang]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"{path}: {t(key, lang)}"


def test_a_missing_file_or_a_folder_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(tmp_path / "saknas.json")]) == 1
    assert capsys.readouterr().err.strip() == f"Filen {tmp_path / 'saknas.json'} finns inte."
    assert main(["assess", str(tmp_path), "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == f"The file {tmp_path} cannot be read."


def test_an_unknown_rule_exits_2_with_the_rules_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(saved(tmp_path, MUNICIPAL_CLEANING))
    assert main(["assess", path, "--rule", "stockholm"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err.strip()
        == "Okänd regel stockholm. Välj en av: trafikverket, proportional, goteborg, malmo, custom, netherlands, wales,"
        " norway, denmark."
    )


@pytest.mark.parametrize(
    "args", [["--choice", "both"], ["--lang", "de"], ["--jsn"], []], ids=["choice", "lang", "typo", "no-file"]
)
def test_a_wrong_option_exits_2(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = [str(saved(tmp_path, MUNICIPAL_CLEANING))] if args else []
    with pytest.raises(SystemExit) as exc:
        main(["assess", *path, *args])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_tiny_fte_does_not_crash_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """questionnaire.yaml: fte bounds gt 0, so 5e-324 is a valid answer; it must give a result, not a crash."""
    body = {**json.loads(answers_to_json(MUNICIPAL_CLEANING))["answers"], "fte": 5e-324, "duration_months": 1}
    got = run_json([str(write(tmp_path, body))], capsys)
    assert got["file_errors"] == [] and got["complete"] is True


# --------------------------------------------------------------------------- as a process
def test_python_dash_m_guidance_assess_prints_one_json_object(tmp_path: Path) -> None:
    """The file saved by the page, assessed in a separate process: 14 points, Trafikverket 2 places."""
    answers = Answers(**{**WORKS_120M, "organisation": "state_agency", "bonus_capacity": True})
    done = cli(str(saved(tmp_path, answers)), "--json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    got = json.loads(done.stdout)
    assert (got["verdict"], got["level"], got["recommended_rule"], got["places"]) == (
        "advanced_bonus",
        "spearhead",
        "trafikverket",
        2,
    )


def test_process_exit_codes_and_messages(tmp_path: Path) -> None:
    """0 read (a field dropped), 1 not readable (message, no traceback), 2 a wrong option (argparse)."""
    body = {**json.loads(answers_to_json(MUNICIPAL_CLEANING))["answers"], "fte": 0}
    dropped = cli(str(write(tmp_path, body)))
    assert dropped.returncode == 0, dropped.stderr
    assert dropped.stdout.startswith(t("cli.assess.incomplete", "sv"))
    assert t("a.err.fte_range", "sv") in dropped.stderr

    broken = tmp_path / "trasig.json"
    broken.write_text("{", encoding="utf-8")
    unreadable = cli(str(broken), "--lang", "en")
    assert unreadable.returncode == 1
    assert unreadable.stdout == ""
    assert unreadable.stderr.strip() == f"{broken}: {t('a.err.json_malformed', 'en')}"
    assert "Traceback" not in unreadable.stderr

    wrong = cli(str(broken), "--choice", "maybe")
    assert wrong.returncode == 2
    assert "invalid choice: 'maybe'" in wrong.stderr and "Traceback" not in wrong.stderr
