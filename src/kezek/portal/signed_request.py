"""The signed request: the draft's answers as ``kezek.workflow.portal.portal_application_receive``
accepts them (reg:15.2), in the exact bytes the citizen signs."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .case import Checklist, birth_date_of, draft_facts


def attachment_name(file_id: int) -> str:
    return f"scan-{file_id}"


def request_body(
    *, iin: str, data: Mapping[str, Any], files: Sequence[Any], checklist: Checklist
) -> dict[str, Any]:
    """The portal request (kezek.workflow.portal): the intake JSON with the district, the scans
    named with their SHA-256, and the documents the authorized body fetches itself."""
    applicant = data.get("applicant") or {}
    groups = data.get("groups") or {}
    birth = birth_date_of(iin)
    person: dict[str, Any] = {"iin": iin, "birth_date": birth.isoformat() if birth else None}
    for key in ("last_name", "first_name", "patronymic", "phone", "email", "address"):
        if applicant.get(key):
            person[key] = applicant[key]
    family = []
    for member in data.get("family") or []:
        item: dict[str, Any] = {
            "relation": member["relation"],
            "full_name": member["full_name"],
            "birth_date": member["birth_date"],
            "disabled": bool(member.get("disabled")),
            "recognized_by_court": bool(member.get("recognized_by_court")),
        }
        if member.get("iin"):
            item["iin"] = member["iin"]
        family.append(item)
    wanted = {item.doc_type for item in checklist.items if item.how in ("upload", "generated")}
    attachments = [
        {"doc_type": f.doc_type, "file": attachment_name(f.pk), "sha256": f.sha256}
        for f in files
        if f.doc_type in wanted
    ]
    fetched = [item.doc_type for item in checklist.items if item.how == "fetched"]
    return {
        "applicant": person,
        "claimed_groups": list(groups.get("claimed_groups") or []),
        "fund": groups.get("fund") or "communal",
        "family": family,
        "facts": draft_facts(data),
        "language": applicant.get("language") or "kk",
        "contact_email": applicant.get("email") or "",
        # A draft saved before the choice existed is told by SMS (the phone is required).
        "notify_by_sms": bool(applicant.get("notify_by_sms", True)),
        "notify_by_email": bool(applicant.get("notify_by_email", False)),
        "district": applicant.get("district") or "",
        "attachments": attachments,
        "fetched_documents": fetched,
    }


def request_bytes(body: Mapping[str, Any]) -> bytes:
    """Canonical JSON (sorted keys, no spaces, UTF-8): the exact bytes the citizen signs."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )
