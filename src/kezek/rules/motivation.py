"""The motivation (reg:5, reg:12): one sentence per ground or basis, naming its clause, in
Kazakh and Russian, from the sentences of the rule version."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kezek.rules import text
from kezek.rules.model import Case
from kezek.rules.outcomes import (
    REFUSE,
    SUBSTANDARD,
    Decision,
    Ground,
    IncomeTest,
)
from kezek.rules.versions.base import RuleVersion


def _income_params(version: RuleVersion, income: IncomeTest) -> dict[str, str]:
    assert income.subsistence_minimum is not None
    assert income.per_capita_monthly is not None
    assert income.threshold is not None
    return {
        "per_capita": text.money(income.per_capita_monthly),
        "coefficient": text.number(income.coefficient or version.coefficient),
        "sm": text.money(Decimal(income.subsistence_minimum.amount), 0),
        "threshold": text.money(income.threshold),
    }


def _group_names(version: RuleVersion, lang: str, codes: Sequence[str]) -> str:
    return ", ".join(f"«{version.groups[c].names.get(lang)}»" for c in codes)


def explain_ground(
    ground: Ground, case: Case, version: RuleVersion, lang: str, income: IncomeTest
) -> str:
    """One sentence for one ground, naming its clause."""
    t = version.text
    if ground.kind == "requirements":
        facts = [t(lang, f"fact.{f}") for f in ground.facts]
        return text.render(
            version,
            lang,
            "ground.requirements",
            ground.clause,
            facts=text.join(version, lang, facts),
        )
    if ground.kind == "income":
        return text.render(
            version, lang, "ground.income", ground.clause, **_income_params(version, income)
        )
    if ground.kind == "group_conditions":
        facts = []
        for fact in ground.facts:
            if fact == "age_limit":
                assert ground.age_limit_years is not None
                assert ground.limit_until is not None
                limit = text.ages(version, lang, ground.age_limit_years)
                if ground.service_months:
                    months = t(lang, "months").format(n=ground.service_months)
                    limit = t(lang, "limit.extended").format(years=limit, months=months)
                facts.append(
                    t(lang, "fact.age_limit").format(
                        limit=limit,
                        until=text.day(ground.limit_until),
                        date=text.day(case.application_date),
                    )
                )
            else:
                facts.append(t(lang, f"fact.{fact}"))
        group = version.groups[ground.group or ""].names.get(lang)
        return text.render(
            version,
            lang,
            "ground.group_conditions",
            ground.clause,
            group=group,
            facts=text.join(version, lang, facts),
        )
    if ground.kind == "not_in_need":
        facts = [t(lang, f"fact.{f}") for f in ground.facts]
        return text.render(
            version,
            lang,
            "ground.not_in_need",
            ground.clause,
            facts=text.join(version, lang, facts),
        )
    if ground.kind == "worsening":
        event = version.events[ground.event or ""]
        return text.render(
            version,
            lang,
            "ground.worsening",
            ground.clause,
            n=version.worsening_window_years,
            dates=", ".join(text.day(d) for d in ground.dates),
            how=event.names.get(lang),
        )
    if ground.kind == "documents":
        items = [
            t(lang, "document").format(
                name=version.documents[c].names.get(lang), clause=version.documents[c].clause
            )
            for c in ground.documents
        ]
        return text.render(
            version, lang, "ground.documents", ground.clause, documents="; ".join(items)
        )
    raise ValueError(f"unknown ground kind {ground.kind!r}")  # pragma: no cover


def explain_basis(
    clause: str, decision: Decision, version: RuleVersion, lang: str, qualifying: Sequence[str]
) -> str:
    """One sentence for one basis clause."""
    requirement_groups = [g for g in qualifying if version.groups[g].requirement_clause == clause]
    if requirement_groups:
        names = _group_names(version, lang, requirement_groups)
        if any(version.groups[g].income_test for g in requirement_groups):
            params = _income_params(version, decision.income_test)
            return text.render(
                version, lang, "basis.requirement.income", clause, groups=names, **params
            )
        if any(g.income_test and g.requirement_clause == clause for g in version.groups.values()):
            coefficient = text.number(version.coefficient)
            return text.render(
                version,
                lang,
                "basis.requirement.exempt",
                clause,
                groups=names,
                coefficient=coefficient,
            )
        return text.render(version, lang, "basis.requirement", clause, groups=names)
    group_codes = [g for g in qualifying if version.groups[g].group_clause == clause]
    if group_codes:
        names = ", ".join(version.groups[g].names.get(lang) for g in group_codes)
        return text.render(version, lang, "basis.group", clause, group=names)
    key = f"basis.{clause}"
    if clause == SUBSTANDARD.clause and decision.need.emergency and not decision.need.substandard:
        key = f"basis.{clause}.emergency"
    return text.render(version, lang, key, clause)


def explain(
    decision: Decision, case: Case, version: RuleVersion, lang: str, qualifying: Sequence[str]
) -> tuple[str, ...]:
    """The motivation: one sentence a ground (refusal) or a basis clause (registration)."""
    if decision.decision == REFUSE:
        return tuple(
            explain_ground(g, case, version, lang, decision.income_test) for g in decision.grounds
        )
    return tuple(explain_basis(c, decision, version, lang, qualifying) for c in decision.basis)
