"""Properties over random valid cases (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kezek.rules.versions.aktogay_2013 import EVENTS, GROUPS
from tests.rules.rules_support import ALL_DOCUMENTS, TODAY, applicant, assert_consistent, run

APPLICATION_DAYS = st.dates(min_value=dt.date(2014, 1, 1), max_value=TODAY)
PERSONS = st.sampled_from(
    ["spouse", "minor_child", "disabled_child", "child_unable_to_work", "disabled_parent",
     "parent_unable_to_work", "child", "parent", "other"]
)  # fmt: skip


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    day = draw(APPLICATION_DAYS)
    born = draw(
        st.dates(min_value=dt.date(1930, 1, 1), max_value=day - dt.timedelta(days=365 * 16))
    )
    owns_here = draw(st.booleans())
    events = []
    for _ in range(draw(st.integers(0, 3))):
        code = draw(st.sampled_from(sorted(EVENTS)))
        entry: dict[str, Any] = {
            "date": draw(
                st.dates(min_value=day - dt.timedelta(days=365 * 7), max_value=day)
            ).isoformat(),
            "event": code,
        }
        if code == "alienated_dwelling" and draw(st.booleans()):
            entry["lender_buyout"] = draw(st.booleans())
        if code == "moved_in_others" and draw(st.booleans()):
            entry["persons"] = draw(st.lists(PERSONS, min_size=1, max_size=3))
        events.append(entry)
    data: dict[str, Any] = {
        "application_date": day.isoformat(),
        "fund": draw(
            st.sampled_from(["communal", "state_enterprise", "state_institution", "private_rented"])
        ),
        "claimed_groups": draw(
            st.lists(st.sampled_from(sorted(GROUPS)), min_size=1, max_size=3, unique=True)
        ),
        "applicant": applicant(
            born.isoformat(),
            citizen_of_kz=draw(st.booleans()),
            permanent_resident_in_locality=draw(st.booleans()),
            lost_parents_before_majority=draw(st.booleans()),
        ),
        "family": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"relation": st.sampled_from(["spouse", "child", "parent"])},
                    optional={"disabled": st.booleans()},
                ),
                max_size=4,
            )
        ),
        "income_12_months": draw(st.integers(0, 12_000_000)),
        "housing": {
            "owns_dwelling_in_kz": owns_here or draw(st.booleans()),
            "owns_dwelling_in_locality": owns_here,
            "communal_dwelling_in_use_in_locality": draw(st.booleans()),
            "dwelling_substandard": draw(st.booleans()),
            "shared_non_isolated_rooms": draw(st.booleans()),
            "severe_illness_cohabitation_impossible": draw(st.booleans()),
            "only_dwelling_declared_emergency": draw(st.booleans()),
        },
        "history": events,
        "military_service_months": draw(st.integers(0, 36)),
    }
    if draw(st.booleans()):
        data["documents"] = draw(st.lists(st.sampled_from(ALL_DOCUMENTS), unique=True))
    return data


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(cases())
def test_decision_invariants(data: dict[str, Any]) -> None:
    out = run(data)
    assert_consistent(
        out
    )  # refuse iff grounds; lists and basis empty on refusal; one sentence each
    assert out["grounds"] == sorted(set(out["grounds"]), key=out["grounds"].index)
    income = out["income_test"]
    if income["applies"]:
        per_capita = data["income_12_months"] / 12 / income["family_size"]
        assert income["family_size"] == 1 + len(data["family"])
        if abs(per_capita - income["threshold"]) > 0.01:
            assert income["passed"] == (per_capita < income["threshold"])
    if not data["applicant"]["citizen_of_kz"]:
        assert "reg:6" in out["grounds"]
    if "documents" not in data:
        assert out["missing_documents"] == []
        assert out["documents_checked"] is False


@settings(max_examples=100, deadline=None, database=None)
@given(cases())
def test_adding_a_document_never_adds_a_ground(data: dict[str, Any]) -> None:
    data["documents"] = list(ALL_DOCUMENTS)
    out = run(data)
    assert "reg:15" not in out["grounds"]


@settings(max_examples=100, deadline=None, database=None)
@given(cases())
def test_the_decision_is_deterministic(data: dict[str, Any]) -> None:
    assert run(data) == run(data)
