"""Test signatures for the suites, the browser tests and the demo: a citizen or an official
signs with a certificate of the local test CA.

Always the local backend's store (the one ``get_backend()`` would use with the default
setting), so that ``get_backend().verify`` accepts these signatures when the backend is local.
"""

from __future__ import annotations

from . import get_backend
from .base import citizen_key_id, official_key_id
from .local import LocalBackend


def _local() -> LocalBackend:
    backend = get_backend()
    return backend if isinstance(backend, LocalBackend) else LocalBackend()


def sign_as_citizen(data: bytes, *, iin: str, name: str) -> bytes:
    """A detached CMS over ``data`` by the citizen ``iin`` (CN = ``name``, serialNumber =
    ``IIN<iin>``), as NCALayer would produce on the portal (reg:15.2.a)."""
    backend = _local()
    key_id = citizen_key_id(iin)
    backend.ensure_key(key_id=key_id, common_name=name, iin=iin)
    return backend.sign(data=data, key_id=key_id)


def sign_as_official(data: bytes, *, username: str, name: str, iin: str | None = None) -> bytes:
    """A detached CMS over ``data`` by the staff member ``username`` (CN = ``name``)."""
    backend = _local()
    key_id = official_key_id(username)
    backend.ensure_key(key_id=key_id, common_name=name, iin=iin)
    return backend.sign(data=data, key_id=key_id)
