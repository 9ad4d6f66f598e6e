"""Clauses in words for people: `reg:12.2` is how code, tests, catalogues and audit records cite
the regulation (the clause map checks them); a person reads «Регламенттің 12-тармағының 2)
тармақшасы» / «подпункт 2) пункта 12 Регламента». Pages and documents are rewritten at the
edge (kezek.common.middleware.ClauseWordsMiddleware, the PDF renderers), so no screen and no
document shows a token (ADR 0012).

The third level of an id (`reg:15.1.g`) is our index of an unnumbered paragraph of the
original: the words name its numbered subpoint, `15-тармағының 1) тармақшасы`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .clause_ids import sort_clauses

_ID = r"reg:\d+(?:\.\d+)?(?:\.[a-z])?"
#: One token, or a run of them: "reg:6, reg:7", "reg:8 and reg:12", "reg:5 және reg:12".
TOKENS = re.compile(rf"{_ID}(?:(?:\s*,\s*|\s+(?:and|и|және)\s+){_ID})*")
_ONE = re.compile(_ID)

_POINT = {
    "kk": "Регламенттің {p}-тармағы",
    "ru": "пункт {p} Регламента",
    "en": "para. {p} of the Rules",
}
_SUB = {
    "kk": "Регламенттің {p}-тармағының {s}) тармақшасы",
    "ru": "подпункт {s}) пункта {p} Регламента",
    "en": "subpara. {s}) of para. {p} of the Rules",
}
_POINTS = {
    "kk": "Регламенттің {ps}-тармақтары",
    "ru": "пункты {ps} Регламента",
    "en": "paras. {ps} of the Rules",
}
_AND = {"kk": "және", "ru": "и", "en": "and"}
#: Words that already cite the clause: a token in brackets after them is dropped, not doubled.
_CITED_BEFORE = re.compile(
    rf"(тармағы|тармақтары|тармақшасы|тармақшалары|Регламента|of the Rules)\s*\(\s*{TOKENS.pattern}\s*\)"
)


def _joined(items: Sequence[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND[lang]} {items[-1]}"


def clause_words(clauses: Sequence[str], lang: str) -> str:
    """The clauses as a person reads them, in kk, ru or en (another language reads as en)."""
    lang = lang if lang in _POINT else "en"
    parts: list[tuple[str, str]] = []
    for clause in sort_clauses({c.strip() for c in clauses}):
        numbers = clause.removeprefix("reg:").split(".")
        part = (numbers[0], numbers[1] if len(numbers) > 1 else "")
        if part not in parts:
            parts.append(part)
    if all(not sub for _point, sub in parts) and len(parts) > 1:
        return _POINTS[lang].format(ps=_joined([p for p, _sub in parts], lang))
    return _joined(
        [_SUB[lang].format(p=p, s=s) if s else _POINT[lang].format(p=p) for p, s in parts],
        lang,
    )


_ANNEX = re.compile(r"annex:(\d+)")
_ANNEX_WORDS = {
    "kk": "Регламенттің {n}-қосымшасы",
    "ru": "приложение {n} к Регламенту",
    "en": "Annex {n} to the Rules",
}
#: What must not change in a page: tags (attribute values), scripts, styles, and what a user
#: typed into a text area (it is sent back as typed).
_PROTECTED = re.compile(r"(<(script|style|textarea)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)


def html_tokens_to_words(html: str, lang: str) -> str:
    """`tokens_to_words` on the text of a page, leaving its markup alone."""
    if "reg:" not in html and "annex:" not in html:
        return html
    pieces = _PROTECTED.split(html)
    out = []
    # split() yields text, protected, its tag name, text, ...: rewrite the text pieces only.
    for index in range(0, len(pieces), 3):
        out.append(tokens_to_words(pieces[index], lang))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


def tokens_to_words(text: str, lang: str) -> str:
    """Every token (or run of tokens) in `text` in words; a bracketed token right after words
    that already cite it is dropped."""
    if "reg:" not in text and "annex:" not in text:
        return text
    lang = lang if lang in _POINT else "en"
    text = _CITED_BEFORE.sub(r"\1", text)
    text = TOKENS.sub(lambda m: clause_words(_ONE.findall(m.group(0)), lang), text)
    return _ANNEX.sub(lambda m: _ANNEX_WORDS[lang].format(n=m.group(1)), text)
