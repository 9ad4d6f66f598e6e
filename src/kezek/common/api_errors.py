"""One error shape for the whole API: {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}."""

from __future__ import annotations

from typing import Any


def field_error(field: str | None, message: str, code: str) -> dict[str, Any]:
    loc: list[str | int] = ["body"]
    if field:
        for part in field.replace("]", "").split("."):
            name, _, index = part.partition("[")
            loc.append(name)
            if index:
                loc.append(int(index))
    return {"detail": [{"loc": loc, "msg": message, "type": code}]}
