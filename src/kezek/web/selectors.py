"""What the public pages show: the rules in force today, from the rule version and the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from kezek.common.text import active_data_language
from kezek.core import calendar
from kezek.offices.models import Office
from kezek.rules.versions import DEFAULT_VERSIONS


@dataclass(frozen=True)
class GroupDocuments:
    code: str
    name: str
    clause: str
    income_test: bool
    documents: list[tuple[str, str]]  # (clause, name)


def service_rules_today() -> dict[str, object]:
    """The documents of reg:15.1 per group, the term of reg:9 and the coefficient of reg:6.2."""
    version = DEFAULT_VERSIONS.version_on(timezone.localdate())
    russian = active_data_language() == "ru"

    def name(names: object) -> str:
        return str(names.ru if russian else names.kk)  # type: ignore[attr-defined]

    rules = version.document_rules
    groups = []
    for group in version.groups.values():
        codes = [*rules.always, *group.documents]
        if group.income_test:
            codes.append(rules.income_statement)
        groups.append(
            GroupDocuments(
                code=group.code,
                name=name(group.names),
                clause=group.group_clause or group.requirement_clause,
                income_test=group.income_test,
                documents=[
                    (version.documents[c].clause, name(version.documents[c].names)) for c in codes
                ],
            )
        )
    return {
        "version": version,
        "groups": groups,
        "term_days": calendar.RESULT_TERM_DAYS,
        "coefficient": version.coefficient,
    }


def offices_for_public() -> list[Office]:
    return list(
        Office.objects.filter(is_active=True)
        .select_related("district")
        .order_by("district__code", "kind", "code")
    )
