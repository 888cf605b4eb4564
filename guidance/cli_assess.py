"""``python -m guidance assess ANSWERS.json [--json] [--rule RULE] [--choice CHOICE] [--lang sv|en]``.

Reads an answers file saved by the assessment page (format ``sysselsattningskrav-answers``, version
1 or 2), assesses it and prints the :class:`~guidance.assessment.recommend.Recommendation`: the
verdict, the reasons, the sizing under the rule used beside every other rule, the plausibility
warnings and what is left to find out. With ``--json`` exactly one JSON object is printed (see
:func:`result_json`).

While answers are missing the result is not a conclusion: no verdict, level, places or zero-place
adjustment is printed (``null`` in JSON), only how many questions are answered, which ones are
missing, each rule's own sizing and the reasons that describe the answers given
(:data:`ANSWER_RULES`), never the provisional verdict's own reasons.

Exit codes: 0 the file was read (even if single fields were dropped: they are listed), 1 the file
could not be read (missing, unreadable, too large, not JSON, not this format, an unknown version),
2 a wrong option.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, get_args

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import DOCUMENT, MAX_JSON_BYTES, answers_from_file
from guidance.assessment.assess import Reason, assess
from guidance.assessment.plausibility import check_answers
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.recommend import Recommendation, recommend
from guidance.assessment.sizing import Adjustment, Sizing, load_sizing_content, load_sizing_rules
from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import LANGS, Lang
from guidance.documents.plain import xml_text

__all__ = ["ANSWER_RULES", "add_parser", "assess_command", "read_answers", "result_json", "result_text"]

COMMAND = "assess"
#: The alternatives ``--choice`` offers when the rule gives 0 places (the content picks among them).
CHOICES: tuple[str, ...] = get_args(Adjustment)
#: Reasons that describe one given answer rather than the verdict; the only ones shown while the
#: assessment is incomplete (the others would state the provisional verdict).
ANSWER_RULES: frozenset[str] = frozenset(
    {
        "gate_yes",
        "gate_no",
        "gate_unknown",
        "gate_advice",
        "score_item",
        "score_unknown",
        "unknown_answer",
        "risk_none",
        "risk_warning",
        "floor",
        "flag",
        "sizing.recommended_rule",
    }
)
_INDENT = "  "


class FileProblem(Exception):
    """The answers file could not be read; the message is already translated."""


def add_parser(sub: Any) -> None:
    """Add the ``assess`` command to the subparsers ``sub`` of :func:`guidance.cli._parser`.

    ``sub`` is argparse's (private) subparsers action, hence typed ``Any``. Help texts come from
    ``content/ui/cli.yaml`` in English, like argparse's own texts.
    """
    rules = ", ".join(r.id for r in load_sizing_rules())
    cmd = sub.add_parser(COMMAND, help=t("cli.assess.help", "en"))
    cmd.add_argument("answers", type=Path, help=t("cli.assess.help.file", "en"))
    cmd.add_argument("--json", action="store_true", help=t("cli.assess.help.json", "en"))
    cmd.add_argument("--rule", default=None, help=t("cli.assess.help.rule", "en", rules=rules))
    default = load_sizing_content().recommend.zero_places.below_value[0]
    choice_help = t("cli.assess.help.choice", "en", choices=", ".join(CHOICES), default=default)
    cmd.add_argument("--choice", choices=CHOICES, default=None, help=choice_help)
    cmd.add_argument("--lang", choices=LANGS, default="sv", help=t("cli.assess.help.lang", "en"))


# --------------------------------------------------------------------------- reading
def read_answers(path: Path, lang: Lang) -> tuple[Answers, dict[str, str]]:
    """The answers in the file at ``path`` and the fields dropped while reading them.

    Reads at most one byte more than a document may have, so a huge file is refused without being
    loaded.

    Raises:
        FileProblem: the file is missing, unreadable, too large, not JSON, not an answers file or of
            an unknown version (the message in ``lang``).
    """
    if not path.exists():
        raise FileProblem(t("cli.assess.not_found", lang, path=path))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
    except OSError:
        raise FileProblem(t("cli.assess.unreadable", lang, path=path)) from None
    answers, errors = answers_from_file(data)
    if DOCUMENT in errors:
        raise FileProblem(t("cli.assess.bad_file", lang, path=path, problem=t(errors[DOCUMENT], lang)))
    return answers, errors


# --------------------------------------------------------------------------- JSON
def shown_reasons(rec: Recommendation) -> tuple[Reason, ...]:
    """The reasons to show: all of them once complete, else only those describing single answers."""
    reasons = rec.assessment.reasons
    return reasons if rec.complete else tuple(r for r in reasons if r.rule in ANSWER_RULES)


def used_sizing(rec: Recommendation, sizing: Sizing) -> Sizing:
    """``sizing`` as shown: for the rule used, the recommendation's (adjusted) sizing once complete.

    While incomplete every rule shows its own sizing: an adjustment follows from the provisional
    verdict, which is not shown.
    """
    if rec.complete and sizing.rule_id == rec.rule_id and rec.sizing is not None:
        return rec.sizing
    return sizing


def result_json(rec: Recommendation, answers: Answers, file_errors: dict[str, str], lang: Lang) -> dict[str, Any]:
    """The result as one JSON-ready object.

    Keys: ``complete``, ``answered``, ``required``, ``missing`` (question ids), ``verdict`` and
    ``level`` (null while incomplete), ``score``, ``max_score``, ``flags``, ``recommended_rule`` (the
    rule the recommendation uses), ``suggested_rule``, ``adjustment`` and ``choices`` (the alternatives
    when the rule gives 0 places; null and empty while incomplete), ``places`` (null while
    incomplete), ``sizing`` (one entry per rule set, with ``feasible``: within the content's cap of
    the contract's person-months, null when unknown; ``comparison``: a rule from another country, shown
    for comparison only; the one used has ``"used": true`` and, once
    complete, its adjusted sizing: :func:`used_sizing`), ``warnings``, ``reasons``, ``open_points``
    and ``file_errors``.
    """
    a = rec.assessment
    comparison = {r.id for r in load_sizing_rules() if r.comparison}
    sizing = [
        {
            "rule": s.rule_id,
            "exempt": shown.exempt,
            "below_value": shown.below_value,
            "places": shown.places,
            "employment_months": shown.employment_months,
            "internship_months": shown.internship_months,
            "milestone_date": shown.milestone_date.isoformat() if shown.milestone_date else None,
            "feasible": shown.feasible,
            "used": s.rule_id == rec.rule_id,
            "comparison": s.rule_id in comparison,
        }
        for s in rec.sizings
        for shown in (used_sizing(rec, s),)
    ]
    return {
        "complete": rec.complete,
        "answered": a.answered,
        "required": a.required,
        "missing": list(a.missing),
        "verdict": rec.verdict,
        "level": a.level if rec.complete else None,
        "score": a.score,
        "max_score": a.max_score,
        "flags": list(a.flags),
        "recommended_rule": rec.rule_id,
        "suggested_rule": rec.suggested_rule,
        "adjustment": rec.adjustment if rec.complete else None,
        "choices": list(rec.choices) if rec.complete else [],
        "places": rec.places if rec.complete else None,
        "sizing": sizing,
        "warnings": [
            {"id": w.id, "question": w.question, "text": w.text(lang), "suggestion": w.suggestion}
            for w in check_answers(answers)
        ],
        "reasons": [r.text(lang) for r in shown_reasons(rec)],
        "open_points": [
            {"question": p.question, "find_out": p.find_out(lang), "who": p.who(lang), "could_be": list(p.could_be)}
            for p in a.open_points
        ],
        "file_errors": [{"field": field, "text": t(key, lang)} for field, key in file_errors.items()],
    }


# --------------------------------------------------------------------------- text
def _counted(key: str, n: int, lang: Lang, **values: Any) -> str:
    """The text ``key.one`` or ``key.other`` for the count ``n`` (``n`` formatted for ``lang``)."""
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=fmt_num(n, lang), **values)


def _short(question_id: str, lang: Lang) -> str:
    return load_questionnaire().question(question_id).short(lang)


def sizing_line(s: Sizing, lang: Lang) -> str:
    """One rule's sizing in words: places, employment (or internship) months and the first hire."""
    if s.exempt:
        return t("cli.assess.below_value" if s.below_value else "cli.assess.exempt", lang)
    months = _counted("cli.assess.employment", s.employment_months, lang)
    if s.internship_months:
        internship = _counted("cli.assess.internship", s.internship_months, lang)
        months = t("cli.assess.months_or_internship", lang, employment=months, internship=internship)
    milestone = (
        t("cli.assess.milestone_date", lang, date=s.milestone_date.isoformat())
        if s.milestone_date is not None
        else _counted("cli.assess.milestone_months", s.milestone_months, lang)
    )
    places = _counted("cli.assess.places", s.places, lang)
    return t("cli.assess.sizing_line", lang, places=places, months=months, milestone=milestone)


def _sizing_block(rec: Recommendation, lang: Lang) -> list[str]:
    if not rec.sizings or rec.sizing is None:
        return [t("cli.assess.no_contract", lang)]
    names = {r.id: r.name(lang) for r in load_sizing_rules()}
    lines: list[str] = []
    if rec.complete and not rec.assessment.numerical:
        lines.append(t("cli.assess.not_numerical", lang))
    title = "cli.assess.sizing_title_suggested" if rec.rule_id == rec.suggested_rule else "cli.assess.sizing_title"
    used = used_sizing(rec, next(s for s in rec.sizings if s.rule_id == rec.rule_id))
    chosen = sizing_line(used, lang)
    if rec.complete and rec.adjustment == "minimum_one":
        chosen = f"{chosen} {t('cli.assess.adjusted', lang)}"
    lines += [t(title, lang, rule=names.get(rec.rule_id, rec.rule_id)), f"{_INDENT}{chosen}"]
    if used.feasible is False:  # the content's own text: over the cap of the contract's person-months
        lines += [f"{_INDENT}{r.text(lang)}" for r in used.reasons if r.rule == "sizing.not_feasible"]
    lines.append(t("cli.assess.all_rules", lang))
    for s in rec.sizings:
        mark = "*" if s.rule_id == rec.rule_id else " "
        lines.append(f"{_INDENT}{mark} {names.get(s.rule_id, s.rule_id)}: {sizing_line(used_sizing(rec, s), lang)}")
    return lines


def result_text(rec: Recommendation, answers: Answers, lang: Lang) -> str:
    """The result as readable text in ``lang`` (no internal ids)."""
    a = rec.assessment
    qn = load_questionnaire()
    lines: list[str] = []
    if rec.verdict is not None:
        verdict = qn.verdict(rec.verdict)
        lines += [verdict.title(lang), t("cli.assess.next_step", lang, text=verdict.next_step(lang))]
        lines.append(t("cli.assess.score", lang, score=a.score, max=a.max_score))
    else:
        lines.append(t("cli.assess.incomplete", lang))
        lines.append(_counted("cli.assess.answered", a.required, lang, answered=a.answered, required=a.required))
        lines.append(_counted("cli.assess.missing", len(a.missing), lang))
        lines += [f"{_INDENT}- {_short(q, lang)}" for q in a.missing]
    lines += ["", *_sizing_block(rec, lang)]
    warnings = check_answers(answers)
    if warnings:
        lines += ["", t("cli.assess.warnings", lang), *(f"{_INDENT}- {w.text(lang)}" for w in warnings)]
    if a.open_points:
        lines += ["", t("cli.assess.open_points", lang)]
        for p in a.open_points:
            lines.append(f"{_INDENT}- {_short(p.question, lang)}: {p.find_out(lang)}")
            lines.append(f"{_INDENT}  {t('cli.assess.who', lang, text=p.who(lang))}")
            if p.could_be:
                verdicts = "; ".join(qn.verdict(v).title(lang) for v in p.could_be)
                lines.append(f"{_INDENT}  {t('cli.assess.could_be', lang, verdicts=verdicts)}")
    reasons = shown_reasons(rec)
    if reasons:
        lines += ["", t("cli.assess.reasons", lang), *(f"{_INDENT}- {r.text(lang)}" for r in reasons)]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command
def _error_line(field: str, key: str, lang: Lang) -> str:
    """A dropped field in words: the question's short text, or the file's own key when it is unknown."""
    if field in {q.id for q in load_questionnaire().questions}:
        return f"{_short(field, lang)}: {t(key, lang)}"
    if key == "a.err.unknown_field":  # the file's own key: no control characters reach the terminal
        return f"{xml_text(field)}: {t(key, lang)}"
    return t(key, lang)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def assess_command(args: argparse.Namespace) -> int:
    """Run ``assess``: read the file, recommend, print text or JSON; returns the exit code."""
    lang: Lang = args.lang
    rules = [r.id for r in load_sizing_rules()]
    if args.rule is not None and args.rule not in rules:
        return _fail(t("cli.assess.unknown_rule", lang, rule=args.rule, rules=", ".join(rules)), 2)
    try:
        answers, errors = read_answers(args.answers, lang)
    except FileProblem as exc:
        return _fail(str(exc), 1)
    rec = recommend(answers, assess(answers), rule_id=args.rule, choice=args.choice)
    if args.json:
        print(json.dumps(result_json(rec, answers, errors, lang), ensure_ascii=False, indent=2))
        return 0
    print(result_text(rec, answers, lang))
    if errors:
        print(t("cli.assess.dropped", lang), file=sys.stderr)
        for field, key in errors.items():
            print(f"{_INDENT}- {_error_line(field, key, lang)}", file=sys.stderr)
    return 0
