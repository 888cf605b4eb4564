"""Follow-up properties: corrections never count twice, suppression never shows a small count, the
portfolio only shows what suppression allows, progress and bonus stay within their bounds, and
figures survive the store and JSON unchanged.

Strategies are built from ``content/followup/``: the forms, categories, reasons, check-ups and limits.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.followup.content import FORMS, load_followup_content
from guidance.followup.figures import Figures, Report, latest
from guidance.followup.overview import overview
from guidance.followup.portfolio import build_portfolio
from guidance.followup.progress import bonus_earned, delivered, fulfilment
from guidance.followup.suppression import Shown, suppress_line
from guidance.stores.followup import FollowupStore
from guidance.stores.workshop import make_engine
from tests.test_followup_fixtures import contract

CONTENT = load_followup_content()
SMALL = st.integers(min_value=0, max_value=12)
PERIODS = [dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1), dt.date(2026, 7, 1)]


@st.composite
def figures(draw: st.DrawFn) -> Figures:
    """Any figures the form takes: small counts (where suppression bites), months, endings, check-ups."""
    started = {
        f: {c: draw(SMALL) for c in draw(st.lists(st.sampled_from(CONTENT.category_ids), max_size=3, unique=True))}
        for f in draw(st.lists(st.sampled_from(FORMS), max_size=3, unique=True))
    }
    months = {f: draw(st.floats(min_value=0, max_value=60, allow_nan=False).map(lambda x: round(x, 2))) for f in FORMS}
    ended = {r: draw(SMALL) for r in draw(st.lists(st.sampled_from(CONTENT.reason_ids), max_size=2, unique=True))}
    retention = {}
    for months_after in CONTENT.retention.values:
        followed = draw(SMALL)
        retention[months_after] = {"followed": followed, "employed": draw(st.integers(min_value=0, max_value=followed))}
    return Figures.model_validate({"started": started, "months": months, "ended_early": ended, "retention": retention})


@st.composite
def submissions(draw: st.DrawFn, contract_id: int = 1) -> list[Report]:
    """Reports sent in some order: each sent to a period gets that period's next version."""
    sent = draw(st.lists(st.tuples(st.sampled_from(PERIODS), figures()), min_size=1, max_size=8))
    versions: dict[dt.date, int] = {}
    out = []
    for i, (day, figs) in enumerate(sent):
        versions[day] = versions.get(day, 0) + 1
        out.append(
            Report(
                contract_id=contract_id,
                period_start=day,
                version=versions[day],
                figures=figs,
                submitted_at=dt.datetime(2026, 1, 1) + dt.timedelta(minutes=i),
            )
        )
    return out


def _last_sent(reports: list[Report]) -> dict[dt.date, Figures]:
    out: dict[dt.date, Figures] = {}
    for r in sorted(reports, key=lambda r: r.submitted_at):
        out[r.period_start] = r.figures
    return out


@given(submissions(), st.randoms(use_true_random=False))
def test_delivered_counts_each_period_once_whatever_the_corrections(reports: list[Report], rnd) -> None:
    """Delivered = the sum of the last report sent for each period, in whatever order the versions are read."""
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    done = delivered(latest(shuffled).values())
    last = _last_sent(reports).values()
    assert done.people == sum(f.people for f in last)
    assert done.employment_months == round(sum(f.months_counted_as("employment") for f in last), 2)
    assert done.reports == len({r.period_start for r in reports})


@pytest.mark.slow
@settings(max_examples=20)
@given(submissions())
def test_the_store_keeps_every_version_and_counts_only_the_last(reports: list[Report]) -> None:
    """Through SQLite: every version is read back in order, and the overview counts the last one per period."""
    with tempfile.TemporaryDirectory() as tmp:
        store = FollowupStore(make_engine(f"sqlite:///{Path(tmp) / 'f.sqlite3'}"))
        reg = store.create_register().record
        c = store.add_contract(reg.id, contract(end=dt.date(2026, 12, 31))).contract
        for r in reports:
            store.submit_report(c.id, r.period_start, r.figures, None if r.version == 1 else "other")
        stored = store.reports(c.id)
        assert sorted((r.period_start, r.version) for r in stored) == sorted(
            (r.period_start, r.version) for r in reports
        )
        assert [r.figures for r in sorted(stored, key=lambda r: (r.period_start, r.version))] == [
            r.figures for r in sorted(reports, key=lambda r: (r.period_start, r.version))
        ]
        o = overview(c, stored, dt.date(2027, 6, 1))
        assert o.delivered.people == sum(f.people for f in _last_sent(reports).values())
        store.engine.dispose()


def _allowed(shown: Shown, threshold: int, show_zero: bool) -> bool:
    return shown.value is None or shown.value >= threshold or (shown.value == 0 and show_zero)


@given(
    st.lists(st.integers(min_value=0, max_value=40), max_size=12), st.integers(min_value=2, max_value=10), st.booleans()
)
def test_suppression_never_shows_a_small_count_or_lets_one_be_worked_out(
    counts: list[int], threshold: int, show_zero: bool
) -> None:
    """Shown counts are 0 (when allowed) or at least the threshold and equal the input; with the total shown, the
    hidden counts add up to 0 or at least the threshold."""
    rule = CONTENT.suppression.model_copy(update={"threshold": threshold, "show_zero": show_zero})
    cells, total = suppress_line(counts, rule)
    assert len(cells) == len(counts)
    for shown, real in zip(cells, counts, strict=True):
        assert _allowed(shown, threshold, show_zero)
        assert shown.value is None or shown.value == real
    assert total.value is None or total.value == sum(counts)
    assert (total.value is None) == (0 < sum(counts) < threshold)
    if total.value is not None:
        hidden = sum(real for shown, real in zip(cells, counts, strict=True) if shown.value is None)
        assert hidden == 0 or hidden >= threshold


@settings(max_examples=40)
@given(
    st.lists(submissions(), min_size=1, max_size=4),
    st.lists(st.sampled_from(["Bygg AB", "Städ AB", "", "IT AB"]), min_size=4, max_size=4),
)
def test_the_portfolio_never_shows_a_count_of_people_below_the_threshold(
    per_contract: list[list[Report]], suppliers: list[str]
) -> None:
    """Every count of people anywhere in the portfolio obeys the suppression rule."""
    views = []
    for i, reports in enumerate(per_contract, start=1):
        c = contract(i, supplier=suppliers[i - 1], category=suppliers[-i])
        views.append(overview(c, [r.model_copy(update={"contract_id": i}) for r in reports], dt.date(2027, 1, 1)))
    p = build_portfolio(views)
    rule = CONTENT.suppression
    shown = [p.total.people, p.by_group.total, p.by_form.total, p.ended_early.total]
    shown += [line.people for lines in p.breakdowns.values() for line in lines]
    shown += [*p.by_group.counts, *p.by_form.counts, *p.ended_early.counts]
    shown += [x for r in p.retention for x in (r.followed, r.employed, r.not_employed)]
    assert all(_allowed(s, rule.threshold, rule.show_zero) for s in shown)
    total = sum(v.delivered.people for v in views)
    assert p.total.people.value in (None, total)


@given(
    st.floats(min_value=0, max_value=500, allow_nan=False),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.floats(min_value=0, max_value=200, allow_nan=False),
    st.floats(min_value=0, max_value=200, allow_nan=False),
)
def test_more_months_never_lower_the_share_and_the_bonus_stays_within_its_cap(
    emp: float, extra: float, internship: float, more: float
) -> None:
    """Fulfilment is monotone in delivered months; the bonus is between 0 and its cap and never falls when more is delivered."""
    bonus = {
        "employment_sek_per_month": 20000,
        "internship_sek_per_month": 10000,
        "employment_months": 12,
        "internship_months": 6,
    }
    c = contract(level="spearhead", internship_months=12, bonus=bonus)
    req = c.requirement
    assert fulfilment(req, emp + extra, internship) >= fulfilment(req, emp, internship)
    assert fulfilment(req, emp, internship + more) >= fulfilment(req, emp, internship)
    low = bonus_earned(req, emp, internship, CONTENT)
    high = bonus_earned(req, emp + extra, internship + more, CONTENT)
    assert low is not None and high is not None
    assert 0 <= low.sek <= low.cap_sek and 0 <= high.sek <= high.cap_sek
    assert high.sek >= low.sek - 1e-6


@given(figures())
def test_figures_survive_json_unchanged(figs: Figures) -> None:
    """What the store writes is what it reads."""
    assert Figures.model_validate_json(figs.model_dump_json()) == figs
