"""One mapping of signature failures to what the user reads (kezek.signatures.errors)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kezek.signatures import SignatureError, SigningUnavailable, signature_refusal


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("during", ["sign_in", "verify"])
def test_an_unreachable_service_is_a_retry_later_whatever_was_checked(during) -> None:
    refusal = signature_refusal(SigningUnavailable("timeout"), during=during)
    assert refusal.code == "unavailable"
    assert refusal.field == "signature"
    assert "Try again later" in str(refusal.message)
    assert "timeout" not in str(refusal.message)


def test_a_sign_in_signature_that_does_not_hold_shows_no_english_detail() -> None:
    refusal = signature_refusal(SignatureError("digest mismatch"), during="sign_in")
    assert refusal.code == "signature_invalid"
    assert "not over this page's code" in str(refusal.message)
    assert "digest mismatch" not in str(refusal.message)


def test_a_received_signature_that_does_not_hold_names_the_detail() -> None:
    refusal = signature_refusal(SignatureError("digest mismatch"), during="verify", field="sig")
    assert (refusal.code, refusal.field) == ("signature_invalid", "sig")
    assert str(refusal.message) == "The electronic signature does not hold: digest mismatch"


@pytest.mark.parametrize("exc", [SignatureError("no key"), SigningUnavailable("no key")])
def test_signing_that_fails_is_one_refusal_even_when_the_service_is_down(exc) -> None:
    refusal = signature_refusal(exc, during="sign")
    assert refusal.code == "signature_failed"
    assert str(refusal.message) == "The document could not be signed: no key"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_refusal_is_in_the_users_language(language) -> None:
    with translation.override(language):
        message = str(signature_refusal(SigningUnavailable("x"), during="verify").message)
    assert message
    assert (
        message
        != "The signature cannot be checked now: the verification service is unavailable. Try again later."
    )
