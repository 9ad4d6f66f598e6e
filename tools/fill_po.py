"""Fill .po files from a table of translations: `python tools/fill_po.py tools/translations/*.tsv`.

Each TSV line: msgid<TAB>kk<TAB>ru. Existing translations are kept unless the table differs.
Prints the msgids still untranslated, so nothing is missed silently.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "kezek" / "locale"


def main(tables: list[str]) -> int:
    table: dict[str, dict[str, str]] = {}
    for name in tables:
        for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                print(f"{name}:{number}: expected 3 columns, got {len(parts)}", file=sys.stderr)
                return 2
            msgid, kk, ru = (p.replace("\\n", "\n") for p in parts)
            table[msgid] = {"kk": kk, "ru": ru}
    missing = 0
    for language in ("kk", "ru"):
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid in table:
                entry.msgstr = table[entry.msgid][language]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif not entry.msgstr:
                missing += 1
                print(f"{language}: untranslated: {entry.msgid!r}")
        po.save(str(path))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
