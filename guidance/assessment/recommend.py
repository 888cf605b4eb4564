"""One coherent recommendation: the verdict, the rule set and the sizing reconciled with each other.

The page, the decision basis, the condition draft, the action plan and the command line all show a
:class:`Recommendation`, never an assessment and a sizing picked separately, so they cannot
disagree. The rules for the reconciliation are content (``recommend`` in
``content/assessment/sizing_rules.yaml``):

* the suggested rule set follows the answer to the question ``organisation``;
* a numerical verdict whose chosen rule gives 0 places is never shown as it is: when the value does
  not reach one whole place the user chooses a minimum of one place (the default) or the dialogue
  level; when the rule does not cover the contract at all the recommendation becomes the dialogue
  level, and the note names the rules that would cover it;
* a numerical sizing above the feasibility cap (share of the contract's person-months) is kept but
  carries a note saying so, with the dialogue level as the alternative.

Nothing is reconciled while the assessment is incomplete: its verdict is only provisional.
"""

from __future__ import annotations

from guidance.assessment.answers import Answers
from guidance.assessment.assess import Assessment, Reason
from guidance.assessment.questionnaire import VerdictId, load_questionnaire
from guidance.assessment.sizing import (
    Adjustment,
    Sizing,
    SizingRule,
    contract_from_answers,
    load_sizing_content,
    load_sizing_rules,
    size,
)
from guidance.core.models import LANGS, Frozen, Text

__all__ = ["Recommendation", "recommend", "suggested_rule"]


class Recommendation(Frozen):
    """What the tool recommends for one procurement, consistent in every view.

    Attributes:
        assessment: the assessment with the reconciled verdict (and the reconciliation's reasons).
        assessed_verdict: the verdict before reconciliation.
        rule_id: the rule set the sizing uses; suggested_rule: the one suggested for the organisation.
        sizings: every rule set's own sizing, side by side (unadjusted); empty without a contract.
        sizing: the sizing under ``rule_id``, adjusted to one place when that was chosen.
        choices: the consistent alternatives offered when the rule gives 0 places (else empty).
        adjustment: the alternative applied, or None.
        zero_note: why the chosen rule gives 0 places and what is offered instead, or None.
        feasibility_note: why the numerical sizing is above the feasibility cap, or None.
        notes: the reconciliation's reasons (also appended to the assessment's reasons).
    """

    assessment: Assessment
    assessed_verdict: VerdictId
    rule_id: str
    suggested_rule: str
    sizings: tuple[Sizing, ...]
    sizing: Sizing | None
    choices: tuple[Adjustment, ...] = ()
    adjustment: Adjustment | None = None
    zero_note: Reason | None = None
    feasibility_note: Reason | None = None
    notes: tuple[Reason, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether the recommendation may be shown (the assessment has the answers it needs)."""
        return self.assessment.complete

    @property
    def verdict(self) -> VerdictId | None:
        """The reconciled verdict, or None while answers are missing."""
        return self.assessment.verdict if self.complete else None

    @property
    def places(self) -> int:
        """Places of a numerical recommendation (0 for any other level and while incomplete)."""
        if not self.complete or not self.assessment.numerical or self.sizing is None:
            return 0
        return self.sizing.places


def suggested_rule(answers: Answers) -> str:
    """The rule set suggested for the organisation in ``answers`` (content: ``recommend``)."""
    organisation = answers.value("organisation")
    return load_sizing_content().recommend.rule_for(organisation if isinstance(organisation, str) else None)


def _note(text_id: str, **values: Text | str) -> Reason:
    content = load_sizing_content()
    item = content.text(text_id)
    texts = {
        lang: item.text(lang).format(**{k: (v(lang) if isinstance(v, Text) else v) for k, v in values.items()})
        for lang in LANGS
    }
    return Reason(
        rule=f"sizing.{text_id}",
        text=Text(**texts),
        source=item.source or "guide",
        evidence=item.evidence or "guide",
    )


def _organisation_note(answers: Answers, rule: SizingRule) -> Reason | None:
    organisation = answers.value("organisation")
    if not isinstance(organisation, str):
        return None
    option = load_questionnaire().question("organisation").option(organisation)
    if option is None:
        return None
    return _note("recommended_rule", organisation=option.label, rule=rule.name)


def _join(names: list[Text]) -> Text:
    return Text(**{lang: ", ".join(n(lang) for n in names) for lang in LANGS})


def recommend(
    answers: Answers,
    assessment: Assessment,
    rules: tuple[SizingRule, ...] | None = None,
    rule_id: str | None = None,
    choice: Adjustment | None = None,
) -> Recommendation:
    """Reconcile the assessment with the sizing under the chosen (or suggested) rule set.

    Args:
        answers: the answers the assessment was made from (contract facts, organisation).
        assessment: :func:`guidance.assessment.assess.assess` of ``answers``.
        rules: the rule sets to compare (default: every rule set in the content).
        rule_id: the rule set chosen by the user; None (or unknown) uses the suggested one.
        choice: the alternative the user picked when the rule gives 0 places; None or one not on
            offer uses the content's default.

    Returns:
        The :class:`Recommendation`. A numerical verdict in it always has at least one place.
    """
    rules = rules or load_sizing_rules()
    by_id = {r.id: r for r in rules}
    suggested = suggested_rule(answers)
    chosen_id = rule_id if rule_id in by_id else suggested if suggested in by_id else rules[0].id
    rule = by_id[chosen_id]
    contract = contract_from_answers(answers)
    sizings = tuple(size(contract, r) for r in rules) if contract is not None else ()
    sizing = next((s for s in sizings if s.rule_id == chosen_id), None)
    notes: list[Reason] = []
    if assessment.complete and chosen_id == suggested and (note := _organisation_note(answers, rule)) is not None:
        notes.append(note)

    choices: tuple[Adjustment, ...] = ()
    adjustment: Adjustment | None = None
    zero_note: Reason | None = None
    feasibility_note: Reason | None = None
    result = assessment
    concluded = assessment.complete and assessment.numerical
    if concluded and contract is not None and sizing is not None and sizing.places == 0:
        zero = load_sizing_content().recommend.zero_places
        choices = zero.below_value if sizing.below_value else zero.out_of_scope
        adjustment = choice if choice in choices else choices[0]
        one = size(contract, rule.model_copy(update={"minimum_one": True}))
        if sizing.below_value:
            zero_note = _note("zero_below_value", rule=rule.name, months=str(one.employment_months))
        else:
            covering = [r.name for r, s in zip(rules, sizings, strict=True) if s.places > 0 and not r.comparison]
            others = _join(covering) if covering else load_sizing_content().text("no_other_rule").text
            zero_note = _note("zero_out_of_scope", rule=rule.name, others=others)
        notes.append(zero_note)
        if adjustment == "minimum_one" and not one.exempt:
            adjusted = _note("adjusted_minimum_one", rule=rule.name)
            kept = tuple(r for r in one.reasons if r.rule != "sizing.minimum_one")
            sizing = one.model_copy(update={"reasons": (*kept, adjusted)})
            notes.append(adjusted)
        else:
            adjustment = "dialogue"
            notes.append(_note("adjusted_dialogue", rule=rule.name))
            result = result.model_copy(update={"verdict": "basic", "level": "basic"})
    if result.numerical and concluded and sizing is not None and sizing.feasible is False:
        share = round((sizing.share_of_fte_months or 0) * 100)
        cap = round(load_sizing_content().feasibility.max_share * 100)
        feasibility_note = _note("not_feasible_note", rule=rule.name, share=str(share), cap=str(cap))
        notes.append(feasibility_note)
    if notes:
        result = result.model_copy(update={"reasons": (*result.reasons, *notes)})
    return Recommendation(
        assessment=result,
        assessed_verdict=assessment.verdict,
        rule_id=chosen_id,
        suggested_rule=suggested,
        sizings=sizings,
        sizing=sizing,
        choices=choices,
        adjustment=adjustment,
        zero_note=zero_note,
        feasibility_note=feasibility_note,
        notes=tuple(notes),
    )
