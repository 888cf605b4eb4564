"""Command line for analysts: ``python -m guidance screen PLAN.csv|xlsx|ods [...]`` and ``assess ANSWERS.json [--json]``.

``assess`` reads an answers file saved by the assessment page and prints the recommendation (see
:mod:`guidance.cli_assess`).

``screen`` screens a procurement plan with the same rules as the app and prints the totals; with
``-o`` it writes the screened plan as Excel (summary, screened rows, rows to fix, how the file was
read, assumptions) or CSV. How the file was read (sheet, header row, each column with its unit,
category words not recognised, where every row went) and the problems with single rows are listed
on standard error; the good rows are still screened. The same corrections as on the page are
options: ``--sheet``, ``--header-row``, ``--column value_sek=HEADING``, ``--unit value=tkr`` and
``--map-category WORD=CATEGORY``.

The plan file may be at most the page's upload limit (``limits.max_bytes`` in
``content/screening/policy.yaml``); its size is checked before it is read.

Exit codes: 0 done, 1 the file could not be read or the output could not be written, 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from guidance.assessment.sizing import load_sizing_rules
from guidance.cli_assess import add_parser as add_assess_parser
from guidance.cli_assess import assess_command
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.core.i18n import t
from guidance.core.models import LANGS, Lang
from guidance.screening.categories import resolve_category
from guidance.screening.content import ScreeningContent, load_plan_content
from guidance.screening.plan_input import ReadOptions, clean_category_map
from guidance.screening.preview import plan_preview, reading_lines, row_counts
from guidance.screening.reading import PlanError, PlanReading, check_size, problems_table, read_plan
from guidance.screening.report import ReadingSummary, Report, Scenario, rule_name, screened_csv, workbook
from guidance.screening.screen import Assumptions, Policy, screen, totals


def _parser() -> argparse.ArgumentParser:
    content = load_plan_content()
    rules = [r.id for r in load_sizing_rules()]
    parser = argparse.ArgumentParser(prog="python -m guidance", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sc = sub.add_parser("screen", help="screen a procurement plan (CSV, .xlsx or .ods)")
    sc.add_argument("plan", type=Path, help="the plan file (.csv, .xlsx or .ods)")
    sc.add_argument("--rule", default=None, help=f"sizing rule: {', '.join(rules)} (default: the scenario's)")
    sc.add_argument(
        "--scenario",
        default=None,
        help=f"ready-made scenario: {', '.join(s.id for s in content.scenarios)} (default: "
        f"{content.default_scenarios[0]}; with --rule alone: that rule on the whole plan)",
    )
    sc.add_argument("--min-value", type=float, default=None, help="minimum contract value in SEK")
    sc.add_argument("--min-duration", type=int, default=None, help="minimum term in months")
    sc.add_argument("--categories", default=None, help="comma-separated category ids (default: the scenario's)")
    sc.add_argument("--share", type=float, default=None, help="share of procurements, 0-1 (default: the scenario's)")
    sc.add_argument("--gates-unknown", action="store_true", help="do not assume the readiness gates are met")
    sc.add_argument("--bonus", action="store_true", help="assume budget and follow-up for a bonus exist")
    sc.add_argument("--lang", choices=LANGS, default="sv", help="language of messages and output")
    sc.add_argument("--sheet", default=None, help="the sheet of a workbook (default: the first with column headings)")
    sc.add_argument("--header-row", type=int, default=None, help="row number of the column headings (default: found)")
    shorts = ", ".join(f"{c.short or c.id}: {'/'.join(u.id for u in c.units)}" for c in content.columns if c.unit_check)
    sc.add_argument(
        "--unit", action="append", default=[], metavar="COLUMN=UNIT", help=f"unit of a column's cells ({shorts})"
    )
    sc.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="COLUMN=HEADING",
        help=f"read a heading as a plan column ({', '.join(c.id for c in content.columns)})",
    )
    sc.add_argument(
        "--map-category",
        action="append",
        default=[],
        metavar="WORD=CATEGORY",
        help=f"read the plan's category WORD as CATEGORY ({', '.join(content.category_ids)})",
    )
    sc.add_argument("-o", "--output", type=Path, default=None, help="write the result to OUT.xlsx or OUT.csv")
    add_assess_parser(sub)
    return parser


class _UsageError(Exception):
    """A wrong option value; the message is already translated."""


def _policy(args: argparse.Namespace, lang: Lang) -> Policy:
    content = load_plan_content()
    try:
        scenario = content.scenario(args.scenario or content.default_scenarios[0])
    except KeyError:
        raise _UsageError(
            t(
                "plan.cli.unknown_scenario",
                lang,
                scenario=args.scenario,
                scenarios=", ".join(s.id for s in content.scenarios),
            )
        ) from None
    rules = [r.id for r in load_sizing_rules()]
    if args.rule is not None and args.rule not in rules:
        raise _UsageError(t("plan.cli.unknown_rule", lang, rule=args.rule, rules=", ".join(rules)))
    assumptions = Assumptions.defaults(content).model_copy(
        update={"gates_met": not args.gates_unknown, "bonus_capacity": args.bonus}
    )
    if args.scenario is None and args.rule is not None:
        base = Policy(rule=args.rule, assumptions=assumptions)
    else:
        base = Policy.from_scenario(scenario.id, assumptions, content)
    update: dict[str, object] = {}
    if args.rule is not None:
        update["rule"] = args.rule
    if args.min_value is not None:
        update["min_value_sek"] = args.min_value
    if args.min_duration is not None:
        update["min_duration_months"] = args.min_duration
    if args.share is not None:
        update["share"] = args.share
    if args.categories is not None:
        update["categories"] = tuple(c.strip() for c in args.categories.split(",") if c.strip()) or None
    try:
        return Policy.model_validate({**base.model_dump(), **update})
    except ValidationError as exc:
        err = exc.errors()[0]
        detail = f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
        raise _UsageError(t("plan.err.policy", lang, detail=detail)) from None


def _pairs(values: list[str], option: str, lang: Lang) -> list[tuple[str, str]]:
    """``NAME=VALUE`` option values as pairs (the last ``=`` splits, so a word may hold one)."""
    pairs = []
    for value in values:
        name, sep, rest = value.rpartition("=")
        if not sep or not name.strip() or not rest.strip():
            raise _UsageError(t("plan.cli.bad_pair", lang, option=option, value=value))
        pairs.append((name.strip(), rest.strip()))
    return pairs


def _column_id(name: str, option: str, content: ScreeningContent, lang: Lang) -> str:
    column = content.column_by_short(name)
    if column is None:
        names = ", ".join(c.short or c.id for c in content.columns)
        raise _UsageError(t("plan.cli.unknown_column", lang, column=name, option=option, columns=names))
    return column.id


def _read_options(args: argparse.Namespace, content: ScreeningContent, lang: Lang) -> ReadOptions:
    """The corrections given as options (``--sheet``, ``--header-row``, ``--unit``, ``--map-category``)."""
    units: dict[str, str] = {}
    for name, unit in _pairs(args.unit, "--unit", lang):
        column = content.column(_column_id(name, "--unit", content, lang))
        found = next((u.id for u in column.units if unit.lower() in (u.id, *(w.lower() for w in u.words))), None)
        if found is None or not column.unit_check:
            known = ", ".join(u.id for u in column.units)
            raise _UsageError(t("plan.cli.unknown_unit", lang, unit=unit, column=name, units=known))
        units[column.id] = found
    categories: list[tuple[str, str]] = []
    for word, category in _pairs(args.map_category, "--map-category", lang):
        cat = category if category in content.category_ids else resolve_category(category, content)
        if cat is None:
            known = ", ".join(content.category_ids)
            raise _UsageError(t("plan.cli.unknown_category_id", lang, category=category, word=word, categories=known))
        categories.append((word, cat))
    category_map, _dropped = clean_category_map(categories, content)
    if args.header_row is not None and args.header_row < 1:
        raise _UsageError(t("plan.err.header_row", lang, row=args.header_row))
    return ReadOptions(sheet=args.sheet, header_row=args.header_row, units=units, category_map=category_map)


def _print_reading(reading: PlanReading, path: Path, content: ScreeningContent, lang: Lang) -> ReadingSummary:
    """Print how the file was read (standard error) and return it for the report."""
    parsed = reading.parsed
    preview = plan_preview(
        reading.raw,
        reading.mapping,
        parsed.units,
        parsed.unit_warnings,
        parsed.unknown_categories,
        parsed.category_sources,
        content,
    )
    counts = row_counts(reading.raw, reading.checked)
    print(t("plan.cli.reading", lang, path=path.name), file=sys.stderr)
    for line in reading_lines(preview, counts, lang, content):
        print(f"  {line}", file=sys.stderr)
    for warning in parsed.unit_warnings:
        if warning.proposed is not None:
            column = content.column(warning.column)
            hint = t("plan.cli.hint_units", lang, column=column.short or column.id, unit=warning.proposed)
            print(f"  {hint}", file=sys.stderr)
    if parsed.unknown_categories:
        print(f"  {t('plan.cli.hint_categories', lang, categories=', '.join(content.category_ids))}", file=sys.stderr)
    return ReadingSummary(preview=preview, counts=counts)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def screen_command(args: argparse.Namespace) -> int:
    """Run ``screen``: read, check, screen, print totals and problems, write the output file."""
    lang: Lang = args.lang
    content = load_plan_content()
    try:
        policy = _policy(args, lang)
        options = _read_options(args, content, lang)
        chosen = {_column_id(c, "--column", content, lang): h for c, h in _pairs(args.column, "--column", lang)}
    except _UsageError as exc:
        return _fail(str(exc), 2)
    if args.output is not None and args.output.suffix.lower() not in (".xlsx", ".csv"):
        return _fail(t("plan.cli.out_type", lang), 2)
    path: Path = args.plan
    if not path.is_file():
        return _fail(t("plan.cli.not_found", lang, path=path), 1)
    try:
        check_size(path.stat().st_size, content.limits.max_bytes)  # before reading: the page's own limit
        data = path.read_bytes()
    except PlanError as exc:
        return _fail(exc.message(lang), 1)
    except OSError as exc:
        return _fail(t("plan.cli.unreadable", lang, path=path, reason=exc.strerror or type(exc).__name__), 1)
    try:
        reading = read_plan(
            data,
            path.name,
            max_rows=content.limits.cli_max_rows,
            content=content,
            options=options,
            columns_chosen=chosen,
        )
    except PlanError as exc:
        return _fail(exc.message(lang), 1)
    summary = _print_reading(reading, path, content, lang)
    checked = reading.checked
    screened = screen(checked.plan, policy, check=False, content=content)
    tot = totals(screened)
    print(
        t(
            "plan.cli.summary",
            lang,
            rows=fmt_num(len(screened), lang),
            rule=rule_name(policy, lang),
            requirements=fmt_num(tot.with_requirement, lang),
            basic=fmt_num(tot.by_outcome["basic"], lang),
            advanced=fmt_num(tot.by_outcome["advanced"], lang),
            spearhead=fmt_num(tot.by_outcome["spearhead"], lang),
            places=fmt_num(tot.places, lang),
            months=fmt_num(tot.employment_months, lang),
            value=fmt_sek(tot.society_value_sek, lang),
        )
    )
    if tot.to_check:
        print(t("plan.cli.checks", lang, rows=fmt_num(tot.to_check, lang)), file=sys.stderr)
    problems = checked.problems
    if len(problems):
        warnings = int((problems["severity"] == "warning").sum())
        notes = int((problems["severity"] == "note").sum())
        print(
            t(
                "plan.cli.problems",
                lang,
                bad=fmt_num(len(checked.bad_rows), lang),
                skipped=fmt_num(summary.counts.not_procurements, lang),
                warnings=fmt_num(warnings, lang),
                notes=fmt_num(notes, lang),
            ),
            file=sys.stderr,
        )
        limit = content.limits.max_problems_shown
        if len(problems) > limit:
            shown, total = fmt_num(limit, lang), fmt_num(len(problems), lang)
            print(f"  {t('plan.problems_more', lang, shown=shown, total=total)}", file=sys.stderr)
        table = problems_table(problems, lang, content, limit=limit)
        for rec in table.itertuples(index=False):
            row = "" if rec[0] is None else f"{t('plan.cli.row', lang)} {rec[0]}: "
            value = f" [{rec[2]}]" if rec[2] else ""
            print(f"  {row}{rec[4]}{value} – {rec[3]}", file=sys.stderr)
    if args.output is not None:
        name = (
            content.scenario(args.scenario or content.default_scenarios[0]).name(lang)
            if args.rule is None or args.scenario is not None
            else rule_name(policy, lang)
        )
        report = Report(
            plan_label=path.name, scenarios=(Scenario(name, policy, screened),), problems=problems, reading=summary
        )
        out = workbook(report, lang) if args.output.suffix.lower() == ".xlsx" else screened_csv(screened, lang)
        try:
            args.output.write_bytes(out)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return _fail(t("plan.cli.not_written", lang, path=args.output, reason=reason), 1)
        print(t("plan.cli.written", lang, path=args.output))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "screen":
        return screen_command(args)
    if args.command == "assess":
        return assess_command(args)
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":
    sys.exit(main())
