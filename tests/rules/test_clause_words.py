"""Clauses in words (kezek.rules.clause_words): what a person reads instead of `reg:` tokens,
and pages that never show a token (the middleware)."""

from __future__ import annotations

import pytest

from kezek.accounts.models import Role
from kezek.rules.clause_words import clause_words, html_tokens_to_words, tokens_to_words


@pytest.mark.parametrize(
    ("clauses", "lang", "words"),
    [
        (["reg:18"], "kk", "Регламенттің 18-тармағы"),
        (["reg:18"], "ru", "пункт 18 Регламента"),
        (["reg:12.2"], "kk", "Регламенттің 12-тармағының 2) тармақшасы"),
        (["reg:12.2"], "ru", "подпункт 2) пункта 12 Регламента"),
        (["reg:7", "reg:6"], "kk", "Регламенттің 6 және 7-тармақтары"),
        (["reg:6", "reg:7", "reg:8"], "ru", "пункты 6, 7 и 8 Регламента"),
        # Our letters index unnumbered paragraphs: the words name the numbered subpoint, once.
        (["reg:15.1.c", "reg:15.1.g"], "ru", "подпункт 1) пункта 15 Регламента"),
        (
            ["reg:8", "reg:12.2"],
            "en",
            "para. 8 of the Rules and subpara. 2) of para. 12 of the Rules",
        ),
    ],
)
def test_clauses_read_as_the_regulation_is_cited(clauses, lang, words) -> None:
    assert clause_words(clauses, lang) == words


def test_a_token_after_its_own_words_is_dropped_not_doubled() -> None:
    text = "— Регламенттің 6-тармағы (reg:6). Журнал (reg:18); reg:8 және reg:12"
    assert tokens_to_words(text, "kk") == (
        "— Регламенттің 6-тармағы. Журнал (Регламенттің 18-тармағы); "
        "Регламенттің 8 және 12-тармақтары"
    )


def test_markup_and_what_a_user_typed_are_left_alone() -> None:
    html = '<a title="reg:5" href="/x?c=reg:5">(reg:5)</a><textarea name="c">reg:6</textarea>'
    assert html_tokens_to_words(html, "ru") == (
        '<a title="reg:5" href="/x?c=reg:5">(пункт 5 Регламента)</a>'
        '<textarea name="c">reg:6</textarea>'
    )


def _text(html: str) -> str:
    import re

    return re.sub(
        r"<[^>]*>", " ", re.sub(r"<(script|style|textarea)\b.*?</\1>", "", html, flags=re.S)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_pages_show_clauses_in_words_never_as_tokens(client, staff, language) -> None:
    client.cookies["kezek_language"] = language
    for url in ("/service/", "/self-check/"):
        text = _text(client.get(url).content.decode())
        assert "reg:" not in text, url
    client.force_login(staff[Role.PSC_INSPECTOR])
    intake = client.get("/office/intake/").content.decode()
    assert "reg:" not in _text(intake)
    assert clause_words(["reg:16"], language) in intake
