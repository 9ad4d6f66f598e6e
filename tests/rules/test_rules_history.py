"""reg:12: deliberate worsening within the last five years, its exception and its persons."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.rules_support import Row, ids


def event(day: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"history": [{"date": day, "event": code, **extra}]}


def moved_in(*persons: Any, day: str = "2023-01-10") -> dict[str, Any]:
    return event(day, "moved_in_others", persons=list(persons))


EVENT_ROWS = [
    Row(
        id="exchanged",
        clause="reg:12.1",
        changes=event("2022-01-01", "exchanged_dwelling"),
        decision="refuse",
        grounds=["reg:12.1"],
    ),
    Row(
        id="alienated",
        clause="reg:12.2",
        changes=event("2022-01-01", "alienated_dwelling"),
        decision="refuse",
        grounds=["reg:12.2"],
    ),
    Row(
        id="alienated_lender_buyout_false",
        clause="reg:12.2",
        changes=event("2022-01-01", "alienated_dwelling", lender_buyout=False),
        decision="refuse",
        grounds=["reg:12.2"],
    ),
    Row(
        id="alienated_lender_buyout_exception",
        clause="reg:12.2",
        changes=event("2022-01-01", "alienated_dwelling", lender_buyout=True),
        decision="register",
    ),
    Row(
        id="destroyed",
        clause="reg:12.3",
        changes=event("2022-01-01", "destroyed_dwelling"),
        decision="refuse",
        grounds=["reg:12.3"],
    ),
    Row(
        id="left_while_not_in_need",
        clause="reg:12.4",
        changes=event("2022-01-01", "left_dwelling_not_in_need"),
        decision="refuse",
        grounds=["reg:12.4"],
    ),
    Row(
        id="moved_in_others_persons_absent",
        clause="reg:12.5",
        changes=event("2022-01-01", "moved_in_others"),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="several_events_all_reported",
        clause="reg:12",
        changes={
            "history": [
                {"date": "2021-05-05", "event": "destroyed_dwelling"},
                {"date": "2022-01-01", "event": "exchanged_dwelling"},
                {"date": "2019-01-01", "event": "alienated_dwelling"},  # outside the window
            ]
        },
        decision="refuse",
        grounds=["reg:12.1", "reg:12.3"],
    ),
]

# Application date 2025-03-11: the window opens on 2020-03-11.
WINDOW_ROWS = [
    Row(
        id="exactly_five_years_before_counts",
        clause="reg:12",
        changes=event("2020-03-11", "alienated_dwelling"),
        decision="refuse",
        grounds=["reg:12.2"],
    ),
    Row(
        id="one_day_earlier_does_not_count",
        clause="reg:12",
        changes=event("2020-03-10", "alienated_dwelling"),
        decision="register",
    ),
    Row(
        id="on_the_application_date_counts",
        clause="reg:12",
        changes=event("2025-03-11", "exchanged_dwelling"),
        decision="refuse",
        grounds=["reg:12.1"],
    ),
    Row(
        id="29_feb_application_window_opens_28_feb",
        clause="reg:12",
        changes={"application_date": "2024-02-29", **event("2019-02-28", "alienated_dwelling")},
        decision="refuse",
        grounds=["reg:12.2"],
    ),
    Row(
        id="29_feb_application_day_before_window",
        clause="reg:12",
        changes={"application_date": "2024-02-29", **event("2019-02-27", "alienated_dwelling")},
        decision="register",
    ),
]

# Event 2023-01-10. Allowed: spouse, minor children, children and parents unable to work
# (Kazakh «еңбекке жарамсыз»), and those stated as disabled (English text / contract).
PERSONS_ROWS = [
    Row(id="spouse", clause="reg:12.5", changes=moved_in("spouse"), decision="register"),
    Row(id="minor_child", clause="reg:12.5", changes=moved_in("minor_child"), decision="register"),
    Row(
        id="disabled_child",
        clause="reg:12.5",
        changes=moved_in("disabled_child"),
        decision="register",
    ),
    Row(
        id="child_unable_to_work",
        clause="reg:12.5",
        changes=moved_in("child_unable_to_work"),
        decision="register",
    ),
    Row(
        id="disabled_parent",
        clause="reg:12.5",
        changes=moved_in("disabled_parent"),
        decision="register",
    ),
    Row(
        id="parent_unable_to_work",
        clause="reg:12.5",
        changes=moved_in("parent_unable_to_work"),
        decision="register",
    ),
    Row(
        id="plain_child_benefit_of_doubt",
        clause="reg:12.5",
        changes=moved_in("child"),
        decision="register",
    ),
    Row(
        id="plain_parent_benefit_of_doubt",
        clause="reg:12.5",
        changes=moved_in("parent"),
        decision="register",
    ),
    Row(
        id="allowed_persons_together",
        clause="reg:12.5",
        changes=moved_in("spouse", "minor_child", "parent_unable_to_work"),
        decision="register",
    ),
    Row(
        id="other_is_a_ground",
        clause="reg:12.5",
        changes=moved_in("other"),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="spouse_and_other_is_a_ground",
        clause="reg:12.5",
        changes=moved_in("spouse", "other"),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="object_parent_able_to_work_is_a_ground",
        clause="reg:12.5",
        changes=moved_in({"relation": "parent", "birth_date": "1965-01-01"}),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="object_parent_unable_to_work",
        clause="reg:12.5",
        changes=moved_in({"relation": "parent", "unable_to_work": True}),
        decision="register",
    ),
    Row(
        id="object_parent_disabled",
        clause="reg:12.5",
        changes=moved_in({"relation": "parent", "disabled": True}),
        decision="register",
    ),
    Row(
        id="object_adult_child_able_to_work_is_a_ground",
        clause="reg:12.5",
        changes=moved_in({"relation": "child", "birth_date": "2000-01-01"}),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="object_child_18_on_the_event_date_is_a_ground",
        clause="reg:12.5",
        changes=moved_in({"relation": "child", "birth_date": "2005-01-10"}),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="object_child_one_day_short_of_18_is_minor",
        clause="reg:12.5",
        changes=moved_in({"relation": "child", "birth_date": "2005-01-11"}),
        decision="register",
    ),
    Row(
        id="object_adult_child_unable_to_work",
        clause="reg:12.5",
        changes=moved_in({"relation": "child", "birth_date": "2000-01-01", "unable_to_work": True}),
        decision="register",
    ),
    Row(
        id="object_adult_child_disabled",
        clause="reg:12.5",
        changes=moved_in({"relation": "child", "birth_date": "2000-01-01", "disabled": True}),
        decision="register",
    ),
    Row(
        id="object_child_without_birth_date_benefit_of_doubt",
        clause="reg:12.5",
        changes=moved_in({"relation": "child"}),
        decision="register",
    ),
    Row(
        id="object_spouse",
        clause="reg:12.5",
        changes=moved_in({"relation": "spouse"}),
        decision="register",
    ),
    Row(
        id="object_other",
        clause="reg:12.5",
        changes=moved_in({"relation": "other"}),
        decision="refuse",
        grounds=["reg:12.5"],
    ),
    Row(
        id="outside_the_window_not_a_ground",
        clause="reg:12.5",
        changes=moved_in("other", day="2019-01-01"),
        decision="register",
    ),
]


@pytest.mark.parametrize("row", EVENT_ROWS, ids=ids(EVENT_ROWS))
def test_events(row: Row) -> None:
    row.check()


@pytest.mark.parametrize("row", WINDOW_ROWS, ids=ids(WINDOW_ROWS))
def test_five_year_window(row: Row) -> None:
    row.check()


@pytest.mark.parametrize("row", PERSONS_ROWS, ids=ids(PERSONS_ROWS))
def test_persons_moved_in(row: Row) -> None:
    row.check()


def test_two_events_of_one_clause_make_one_ground_with_both_dates() -> None:
    row = Row(
        id="two_alienations",
        clause="reg:12.2",
        changes={
            "history": [
                {"date": "2023-07-15", "event": "alienated_dwelling"},
                {"date": "2021-06-01", "event": "alienated_dwelling"},
            ]
        },
        decision="refuse",
        grounds=["reg:12.2"],
    )
    out = row.check()
    (kk,) = out["reasons"]["kk"]
    (ru,) = out["reasons"]["ru"]
    assert "(01.06.2021, 15.07.2023)" in kk
    assert "(01.06.2021, 15.07.2023)" in ru
    assert kk.endswith("Регламенттің 12-тармағының 2) тармақшасы (reg:12.2).")
    assert ru.endswith("подпункт 2) пункта 12 Регламента (reg:12.2).")
