"""The window's document checklist and the decision come from one engine function (reg:15.1).

The PSC window and the AB desk show `intake_checklist`; the decision (and the portal, which asks
the engine with no documents) names `missing_documents`. For the same claim they must agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kezek.workflow.presenters import intake_checklist
from tests.rules.rules_support import applicant, patched, run

CLAIMS: list[tuple[str, dict[str, Any]]] = [
    ("pensioner alone, owns nothing (reg:8.1, reg:8.3)", {}),
    (
        "pensioner with a spouse (reg:15.1.c)",
        {"family": [{"relation": "spouse", "birth_date": "1961-01-01"}]},
    ),
    (
        "a member recognized by a court (reg:15.1.g)",
        {
            "family": [
                {"relation": "other", "birth_date": "1990-01-01", "recognized_by_court": True}
            ]
        },
    ),
    (
        "owns a dwelling, but it is substandard (reg:8.4, reg:15.1.l)",
        {"housing": {"owns_dwelling_in_kz": True, "dwelling_substandard": True}},
    ),
    (
        "owns only a dwelling declared in emergency (reg:8.4, reg:15.1.k)",
        {"housing": {"owns_dwelling_in_kz": True, "only_dwelling_declared_emergency": True}},
    ),
    (
        "large family under the income test (reg:6.2, reg:15.1.i)",
        {
            "claimed_groups": ["large_family"],
            "applicant": applicant("1985-04-04"),
            "family": [
                {"relation": "spouse", "birth_date": "1984-01-01"},
                {"relation": "child", "birth_date": "2012-01-01"},
                {"relation": "child", "birth_date": "2014-01-01"},
                {"relation": "child", "birth_date": "2016-01-01"},
                {"relation": "child", "birth_date": "2018-01-01"},
            ],
        },
    ),
    (
        "a cosmonaut: the Government's status document, not the employer's (reg:15.1.j)",
        {"claimed_groups": ["cosmonaut"]},
    ),
    (
        "a family of the fallen living alone: the death certificate (reg:15.1.c)",
        {"claimed_groups": ["family_of_fallen"]},
    ),
    (
        "an only dwelling declared in emergency under its group (reg:6.4, reg:15.1.k)",
        {
            "claimed_groups": ["emergency_dwelling"],
            "housing": {"owns_dwelling_in_kz": True, "only_dwelling_declared_emergency": True},
        },
    ),
    (
        "a civil servant in a state institution's dwelling (reg:6.3, reg:8.2)",
        {"claimed_groups": ["civil_servant"], "fund": "state_institution"},
    ),
]


@pytest.mark.parametrize(("claim", "changes"), CLAIMS, ids=[c for c, _ in CLAIMS])
def test_the_window_asks_for_what_the_decision_requires(
    claim: str, changes: dict[str, Any]
) -> None:
    case = patched({**changes, "documents": []})
    decided = run(case)
    housing = [fact for fact, value in case["housing"].items() if value]
    relations = [member["relation"] for member in case["family"]]
    window = intake_checklist(
        groups=case["claimed_groups"],
        family=bool(relations),
        court_member="other" in relations,
        housing=housing,
        fund=case["fund"],
        today=dt.date.fromisoformat(case["application_date"]),
    )
    assert [item.code for item in window if item.required] == decided["missing_documents"], claim


def test_an_unknown_fund_at_the_window_reads_as_the_communal_fund() -> None:
    def required(fund: str) -> list[str]:
        items = intake_checklist(
            groups=["age_pensioner"],
            housing=["owns_dwelling_in_locality", "dwelling_substandard"],
            fund=fund,
        )
        return [item.code for item in items if item.required]

    # reg:8.2: for a state institution's fund a dwelling owned in the locality counts, so need
    # rests on reg:8.4 and the certificate of condition is asked for (reg:15.1.l).
    assert "condition_certificate" in required("state_institution")
    assert "condition_certificate" not in required("communal")
    assert required("no-such-fund") == required("communal")
