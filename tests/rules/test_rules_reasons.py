"""The motivation: templates as data, both languages, every sentence naming its clause."""

from __future__ import annotations

import re
import string

import pytest

from kezek.rules import text
from kezek.rules.versions.aktogay_2013 import TEXTS_KK, TEXTS_RU, VERSION
from kezek.rules.versions.base import DocumentSpec, EventSpec, GroupSpec
from tests.rules.rules_support import patched, run

KAZAKH_LETTERS = set("әғқңөұүһі")


def test_both_languages_have_the_same_templates() -> None:
    assert set(TEXTS_KK) == set(TEXTS_RU)


@pytest.mark.parametrize("key", sorted(TEXTS_KK))
def test_templates_use_the_same_placeholders(key: str) -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert fields(TEXTS_KK[key]) == fields(TEXTS_RU[key])
    if key.startswith(("ground.", "basis.")):
        assert "cite" in fields(TEXTS_KK[key])


def test_every_group_event_and_document_has_names_in_both_languages() -> None:
    specs: list[GroupSpec | EventSpec | DocumentSpec] = [
        *VERSION.groups.values(),
        *VERSION.events.values(),
        *VERSION.documents.values(),
    ]
    for spec in specs:
        assert spec.names.kk
        assert spec.names.ru
        assert not KAZAKH_LETTERS & set(spec.names.ru.lower())


def test_kazakh_sentences_are_kazakh_and_russian_are_russian() -> None:
    out = run(patched({"history": [{"date": "2022-01-01", "event": "exchanged_dwelling"}]}))
    (kk,) = out["reasons"]["kk"]
    (ru,) = out["reasons"]["ru"]
    assert KAZAKH_LETTERS & set(kk)
    assert not KAZAKH_LETTERS & set(ru.lower())


@pytest.mark.parametrize(
    ("clause", "kk", "ru"),
    [
        ("reg:6", "Регламенттің 6-тармағы (reg:6)", "пункт 6 Регламента (reg:6)"),
        (
            "reg:12.2",
            "Регламенттің 12-тармағының 2) тармақшасы (reg:12.2)",
            "подпункт 2) пункта 12 Регламента (reg:12.2)",
        ),
        (
            "reg:7.10",
            "Регламенттің 7-тармағының 10) тармақшасы (reg:7.10)",
            "подпункт 10) пункта 7 Регламента (reg:7.10)",
        ),
    ],
)
def test_citation(clause: str, kk: str, ru: str) -> None:
    assert text.cite(VERSION, "kk", clause) == kk
    assert text.cite(VERSION, "ru", clause) == ru


@pytest.mark.parametrize(
    ("years", "ru"), [(29, "29 лет"), (21, "21 год"), (22, "22 года"), (11, "11 лет")]
)
def test_russian_age_plural(years: int, ru: str) -> None:
    assert text.ages(VERSION, "ru", years) == ru
    assert text.ages(VERSION, "kk", years) == f"{years} жас"


def test_money_format() -> None:
    from decimal import Decimal

    assert text.money(Decimal("134561.7")) == "134 561,70"
    assert text.money(Decimal("43407"), 0) == "43 407"
    assert text.money(Decimal("0.005")) == "0,01"
    assert text.number(Decimal("3.1")) == "3,1"


def test_registration_reasons_follow_the_basis() -> None:
    out = run(patched())
    assert out["basis"] == ["reg:6.2", "reg:7.6", "reg:8.1", "reg:8.3"]
    for lang in ("kk", "ru"):
        found = [re.findall(r"\((reg:[\d.]+)\)\.$", s)[0] for s in out["reasons"][lang]]
        assert found == out["basis"]


def test_exempt_group_sentence_says_the_coefficient_does_not_apply() -> None:
    from tests.rules.rules_support import applicant

    out = run(patched({"claimed_groups": ["orphan"], "applicant": applicant("2001-01-01")}))
    assert "қолданылмайды" in out["reasons"]["kk"][0]
    assert "не применяется" in out["reasons"]["ru"][0]
