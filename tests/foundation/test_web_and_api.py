"""The sign-in page in Kazakh and Russian, friendly error pages, the API's health and OpenAPI."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Қызметкерлердің кіруі"), ("ru", "Вход для сотрудников"), ("en", "Staff sign-in")],
)
def test_sign_in_page_speaks_the_chosen_language(client, language, expected) -> None:
    client.cookies["kezek_language"] = language
    response = client.get("/sign-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert f'<html lang="{language}">' in html


def test_kazakh_is_the_default(client) -> None:
    html = client.get("/sign-in/").content.decode()
    assert '<html lang="kk">' in html
    assert "Қызметкерлердің кіруі" in html


def test_wrong_password_gives_a_message_not_an_error(client, staff) -> None:
    client.cookies["kezek_language"] = "ru"
    response = client.post(
        "/sign-in/", {"username": staff["auditor"].username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_sign_in_then_start_page(client, staff) -> None:
    response = client.post(
        "/sign-in/", {"username": staff["auditor"].username, "password": "test-password-1"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_anonymous_start_page_redirects_to_sign_in(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_unknown_page_is_a_friendly_404(client) -> None:
    client.cookies["kezek_language"] = "ru"
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_health_and_request_id(client) -> None:
    response = client.get("/api/v1/health", HTTP_X_REQUEST_ID="abcdef123456")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["X-Request-ID"] == "abcdef123456"


def test_openapi_document_lists_the_decision_preview(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/decisions/preview" in schema["paths"]
    assert "/api/v1/health" in schema["paths"]
