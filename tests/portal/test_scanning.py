"""The virus-scanning hook: the setting picks the scanner; the ClamAV client speaks clamd's
INSTREAM protocol (checked against a small fake clamd); a scanner that cannot answer refuses."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kezek.portal.scanning import (
    EICAR,
    InfectedFile,
    ScannerUnavailable,
    clamav_scan,
    get_scanner,
    no_scan,
    reject_eicar,
)

from .support import tiny_pdf


class FakeClamd:
    """Answers INSTREAM like clamd: the chunks until a zero length, then OK or FOUND."""

    def __init__(self, server: socket.socket) -> None:
        self.server = server
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _address = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!L", self._exact(conn, 4))[0]
                    if size == 0:
                        break
                    data += self._exact(conn, size)
                self.received.append(data)
                found = EICAR in data
                conn.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    @staticmethod
    def _exact(conn: socket.socket, size: int) -> bytes:
        out = b""
        while len(out) < size:
            part = conn.recv(size - len(out))
            if not part:
                raise OSError("closed")
            out += part
        return out


@pytest.fixture
def unix_clamd(tmp_path: Path, settings) -> Iterator[FakeClamd]:
    path = str(tmp_path / "clamd.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()
    settings.KEZEK_CLAMAV_SOCKET = path
    settings.KEZEK_CLAMAV_TIMEOUT = 5
    clamd = FakeClamd(server)
    yield clamd
    server.close()


def test_clean_and_infected_files_over_the_unix_socket(unix_clamd) -> None:
    big = tiny_pdf() + b"x" * 200_000  # more than one INSTREAM chunk
    assert clamav_scan(big) is None
    assert unix_clamd.received[-1] == big
    with pytest.raises(InfectedFile) as caught:
        clamav_scan(b"%PDF-1.4\n" + EICAR)
    assert caught.value.name == "Eicar-Signature"


def test_clamd_over_tcp(settings) -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        settings.KEZEK_CLAMAV_SOCKET = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        settings.KEZEK_CLAMAV_TIMEOUT = 5
        clamd = FakeClamd(server)
        clamav_scan(tiny_pdf())
        assert clamd.received == [tiny_pdf()]
    finally:
        server.close()


def test_no_clamd_means_the_file_cannot_be_checked(tmp_path: Path, settings) -> None:
    settings.KEZEK_CLAMAV_SOCKET = str(tmp_path / "missing.sock")
    with pytest.raises(ScannerUnavailable):
        clamav_scan(tiny_pdf())


def test_the_setting_chooses_the_scanner(settings) -> None:
    # The default itself is asserted with the settings (tests/foundation/test_settings.py).
    settings.KEZEK_VIRUS_SCANNER = "kezek.portal.scanning.no_scan"
    assert get_scanner() is no_scan
    settings.KEZEK_VIRUS_SCANNER = "kezek.portal.scanning.clamav_scan"
    assert get_scanner() is clamav_scan
    settings.KEZEK_VIRUS_SCANNER = "kezek.portal.scanning.reject_eicar"
    with pytest.raises(InfectedFile):
        get_scanner()(EICAR)
    assert reject_eicar(tiny_pdf()) is None
