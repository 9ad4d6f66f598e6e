"""The virus-scanning hook for uploaded scans.

``settings.KEZEK_VIRUS_SCANNER`` names the callable (dotted path; ``no_scan`` unless set).
A scanner takes the bytes and returns None when they are clean; it raises ``InfectedFile`` when
they are not, ``ScannerUnavailable`` when it cannot tell. Uploads are refused in both cases: a
file nobody could check is not passed on to the authorized body.

- ``no_scan``: accepts everything (a deployment without an antivirus).
- ``clamav_scan``: clamd's INSTREAM command over its socket (``KEZEK_CLAMAV_SOCKET``: a Unix
  socket path, or ``tcp://host:port``; the default is in kezek.settings.base).
- ``reject_eicar``: the test double: refuses the EICAR anti-virus test string, accepts the rest.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024
# The standard anti-virus test file (not a virus): every scanner reports it as infected.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

Scanner = Callable[[bytes], None]


class InfectedFile(Exception):
    """The scanner found malware; ``name`` is what it calls it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class ScannerUnavailable(Exception):
    """The scanner could not be asked or gave no clear answer."""


def no_scan(content: bytes) -> None:
    """No antivirus configured: every file passes (the type and size checks still apply)."""
    return None


def reject_eicar(content: bytes) -> None:
    """The test double: refuses the EICAR test string, like a real scanner would."""
    if EICAR in content:
        raise InfectedFile("Eicar-Test-Signature")


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("tcp://"):
        parts = urlsplit(address)
        return socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 3310), timeout
        )
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(address)
    return sock


def clamav_scan(content: bytes) -> None:
    """Ask clamd (ClamAV) with INSTREAM: the bytes in length-prefixed chunks, then a zero length."""
    address = str(settings.KEZEK_CLAMAV_SOCKET)
    timeout = float(settings.KEZEK_CLAMAV_TIMEOUT)
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), CHUNK):
                chunk = content[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScannerUnavailable(f"clamd at {address}: {exc}") from exc
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if text.endswith(" FOUND"):
        raise InfectedFile(text.removeprefix("stream:").removesuffix("FOUND").strip())
    if text != "stream: OK":
        raise ScannerUnavailable(f"clamd at {address} answered {text!r}")


def get_scanner() -> Scanner:
    """The scanner the setting names; read on each call so that a changed setting applies."""
    path = settings.KEZEK_VIRUS_SCANNER
    scanner: Scanner = import_string(path) if isinstance(path, str) else path
    return scanner
