"""EDS sign-in: the server's one-time code signed with a test certificate; refused when the
code is another, expired or used, the signature tampered with, or the certificate has no IIN."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
import time_machine

from kezek.audit.models import AuditRecord
from kezek.portal.auth import SESSION_IIN, SESSION_NONCE
from kezek.portal.models import SignIn
from kezek.signatures.testing import sign_as_official

from .support import NAME, citizen_iin, sign_b64, sign_data_of, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client) -> None:
    client.cookies["kezek_language"] = "en"


def _post(client, signature: str):
    return client.post("/portal/sign-in/", {"signature": signature})


def _refused(response, text: str) -> None:
    assert response.status_code == 422
    html = response.content.decode()
    assert text in html, html
    assert SESSION_IIN not in response.wsgi_request.session
    assert not SignIn.objects.exists()


def test_a_valid_signature_signs_the_citizen_in_by_the_certificates_iin(client) -> None:
    iin = citizen_iin()
    response = sign_in(client, iin=iin)
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.session[SESSION_IIN] == iin
    record = SignIn.objects.get()
    assert (record.iin, record.common_name) == (iin, NAME)
    audit = AuditRecord.objects.get(action="portal.signed_in")
    assert audit.clauses == ["reg:2", "reg:11.3"]
    cabinet = client.get("/portal/")
    assert cabinet.status_code == 200
    assert iin in cabinet.content.decode()


def test_the_cabinet_needs_a_sign_in_and_comes_back_after_it(client) -> None:
    response = client.get("/portal/apply/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/sign-in/?next=%2Fportal%2Fapply%2F"
    page = client.get(response["Location"])
    data = sign_data_of(page.content.decode())
    back = client.post(
        "/portal/sign-in/",
        {"signature": sign_b64(data, iin=citizen_iin()), "next": "/portal/apply/"},
    )
    assert back["Location"] == "/portal/apply/"
    # An address elsewhere is never followed.
    client.post("/portal/sign-out/")
    page = client.get("/portal/sign-in/")
    evil = client.post(
        "/portal/sign-in/",
        {
            "signature": sign_b64(sign_data_of(page.content.decode()), iin=citizen_iin()),
            "next": "https://evil.example/",
        },
    )
    assert evil["Location"] == "/portal/"


def test_a_signature_over_another_code_is_refused(client) -> None:
    client.get("/portal/sign-in/")
    other = b"kezek-portal-sign-in:another-nonce"
    _refused(_post(client, sign_b64(other, iin=citizen_iin())), "does not hold")


def test_a_code_is_good_once(client) -> None:
    page = client.get("/portal/sign-in/")
    data = sign_data_of(page.content.decode())
    signature = sign_b64(data, iin=citizen_iin())
    assert _post(client, signature).status_code == 302
    client.post("/portal/sign-out/")
    SignIn.objects.all().delete()
    # The same signed code again: the session's nonce is new (or gone), so it no longer holds.
    _refused(_post(client, signature), "")


def test_an_expired_code_is_refused(client) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        page = client.get("/portal/sign-in/")
    data = sign_data_of(page.content.decode())
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 5, 30, tzinfo=dt.UTC), tick=False):
        response = _post(client, sign_b64(data, iin=citizen_iin()))
    _refused(response, "valid for 5 minutes and has expired")


def test_a_tampered_signature_is_refused(client) -> None:
    page = client.get("/portal/sign-in/")
    raw = bytearray(
        base64.b64decode(sign_b64(sign_data_of(page.content.decode()), iin=citizen_iin()))
    )
    raw[-5] ^= 0xFF  # a byte of the signature value
    _refused(_post(client, base64.b64encode(bytes(raw)).decode()), "does not hold")


def test_garbage_instead_of_a_signature_is_refused(client) -> None:
    client.get("/portal/sign-in/")
    _refused(_post(client, "not base64!!"), "damaged")
    client.get("/portal/sign-in/")
    _refused(_post(client, base64.b64encode(b"not a CMS").decode()), "does not hold")
    client.get("/portal/sign-in/")
    _refused(_post(client, ""), "signature is missing")


def test_a_certificate_without_an_iin_is_refused(client) -> None:
    page = client.get("/portal/sign-in/")
    data = sign_data_of(page.content.decode())
    # A certificate of an organisation's officer: a name, but no IIN in the subject.
    cms = sign_as_official(data, username="no-iin", name="ТОО Ромашка")
    _refused(_post(client, base64.b64encode(cms).decode()), "carries no IIN")


def test_no_code_in_the_session_is_refused(client) -> None:
    _refused(_post(client, sign_b64(b"anything", iin=citizen_iin())), "expired")


def test_the_refusal_is_in_the_users_language(client) -> None:
    client.cookies["kezek_language"] = "ru"
    client.get("/portal/sign-in/")
    response = _post(client, sign_b64(b"other", iin=citizen_iin()))
    assert "Электронная подпись недействительна" in response.content.decode()
    client.cookies["kezek_language"] = "kk"
    client.get("/portal/sign-in/")
    response = _post(client, sign_b64(b"other", iin=citizen_iin()))
    assert "Электрондық қолтаңба жарамсыз" in response.content.decode()


def test_signing_out_ends_the_portal_session_only(client, staff) -> None:
    sign_in(client, iin=citizen_iin())
    assert client.post("/portal/sign-out/").status_code == 302
    assert SESSION_IIN not in client.session
    assert SESSION_NONCE not in client.session
    assert client.get("/portal/").status_code == 302


def test_a_staff_session_is_not_a_citizen(client, staff) -> None:
    from kezek.accounts.models import Role

    client.force_login(staff[Role.AB_EXECUTOR])
    assert client.get("/portal/")["Location"].startswith("/portal/sign-in/")
