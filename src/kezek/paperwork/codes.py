"""Verification codes: printed under the QR code, typed from paper on the verification page."""

from __future__ import annotations

import secrets

from .models import IssuedDocument

# Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: guessing a valid code is hopeless
LOOK_ALIKES = str.maketrans("OILU", "011V")


def code_new() -> str:
    """A code no issued document has."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def normalize_code(value: str) -> str:
    """What a person typed → the stored code: case, spaces, dashes and look-alikes forgiven."""
    text = "".join(value.split()).replace("-", "").upper()
    return text.translate(LOOK_ALIKES)


def code_is_wellformed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)
