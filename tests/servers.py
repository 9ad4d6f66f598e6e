"""Real servers the tests start on 127.0.0.1: an SMTP server (aiosmtpd) and a test SMSC that
speaks SMPP 3.4 (bind, submit_sm, enquire_link, unbind) and records what it received.

The SMSC is written here, small and strict, because no SMPP server library is locked: it parses
each PDU the client sends byte by byte, so a malformed submit_sm from our client fails a test.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.handlers import Message as MessageHandler

BIND_TRANSMITTER, BIND_RESP = 0x00000002, 0x80000002
SUBMIT_SM, SUBMIT_SM_RESP = 0x00000004, 0x80000004
UNBIND, UNBIND_RESP = 0x00000006, 0x80000006
ENQUIRE_LINK, ENQUIRE_LINK_RESP = 0x00000015, 0x80000015
GENERIC_NACK = 0x80000000
ESME_RINVDSTADR = 0x0000000B
ESME_RSYSERR = 0x00000008


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox(MessageHandler):
    """What the SMTP server received."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message)


@dataclass
class Sms:
    """One submit_sm as the SMSC received it."""

    source: str
    destination: str
    data_coding: int
    esm_class: int
    short_message: bytes

    @property
    def text(self) -> str:
        """The segment's text without its concatenation header (UDH), decoded."""
        payload = self.short_message
        if self.esm_class & 0x40:
            payload = payload[payload[0] + 1 :]
        if self.data_coding == 0x08:
            return payload.decode("utf-16-be")
        return payload.decode("latin-1")


def _cstring(body: bytes, at: int) -> tuple[str, int]:
    end = body.index(b"\x00", at)
    return body[at:end].decode("ascii"), end + 1


def parse_submit_sm(body: bytes) -> Sms:
    """SMPP 3.4, 4.4.1: the mandatory fields of submit_sm, in order."""
    _service_type, at = _cstring(body, 0)
    at += 2  # source_addr_ton, source_addr_npi
    source, at = _cstring(body, at)
    at += 2  # dest_addr_ton, dest_addr_npi
    destination, at = _cstring(body, at)
    esm_class = body[at]
    at += 3  # esm_class, protocol_id, priority_flag
    _schedule, at = _cstring(body, at)
    _validity, at = _cstring(body, at)
    at += 2  # registered_delivery, replace_if_present_flag
    data_coding = body[at]
    at += 2  # data_coding, sm_default_msg_id
    length = body[at]
    short_message = body[at + 1 : at + 1 + length]
    if len(short_message) != length:
        raise ValueError("short_message is shorter than sm_length")
    return Sms(source, destination, data_coding, esm_class, short_message)


@dataclass
class TestSmsc:
    """The SMSC's behaviour and its record. ``mode``: "accept"; "refuse" (the number is
    invalid, a permanent refusal); "fail" (a system error, retried); "hang" (bind, then never
    answer a submit_sm)."""

    port: int
    mode: str = "accept"
    received: list[Sms] = field(default_factory=list)
    binds: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def texts_to(self, destination: str) -> list[str]:
        """The texts received for a number, the segments of a long one joined (by their UDH
        reference)."""
        texts: list[str] = []
        parts: dict[int, list[str]] = {}
        with self.lock:
            received = [s for s in self.received if s.destination == destination]
        for sms in received:
            if not sms.esm_class & 0x40:
                texts.append(sms.text)
                continue
            reference, total = sms.short_message[3], sms.short_message[4]
            parts.setdefault(reference, []).append(sms.text)
            if len(parts[reference]) == total:
                texts.append("".join(parts.pop(reference)))
        return texts


def _handler_for(smsc: TestSmsc) -> type[socketserver.BaseRequestHandler]:
    class Handler(socketserver.BaseRequestHandler):
        def _read(self, size: int) -> bytes:
            data = b""
            while len(data) < size:
                chunk = self.request.recv(size - len(data))
                if not chunk:
                    raise ConnectionError("closed")
                data += chunk
            return data

        def _send(self, command: int, status: int, sequence: int, body: bytes = b"") -> None:
            self.request.sendall(
                struct.pack(">LLLL", 16 + len(body), command, status, sequence) + body
            )

        def handle(self) -> None:
            count = 0
            try:
                while True:
                    length, command, _status, sequence = struct.unpack(">LLLL", self._read(16))
                    body = self._read(length - 16)
                    if command == BIND_TRANSMITTER:
                        system_id, at = _cstring(body, 0)
                        password, _at = _cstring(body, at)
                        with smsc.lock:
                            smsc.binds.append((system_id, password))
                        self._send(BIND_RESP, 0, sequence, b"TESTSMSC\x00")
                    elif command == SUBMIT_SM:
                        if smsc.mode == "hang":
                            smsc.release.wait(30)
                            return
                        if smsc.mode == "refuse":
                            self._send(SUBMIT_SM_RESP, ESME_RINVDSTADR, sequence, b"\x00")
                            continue
                        if smsc.mode == "fail":
                            self._send(SUBMIT_SM_RESP, ESME_RSYSERR, sequence, b"\x00")
                            continue
                        sms = parse_submit_sm(body)
                        with smsc.lock:
                            smsc.received.append(sms)
                            count = len(smsc.received)
                        self._send(SUBMIT_SM_RESP, 0, sequence, f"m{count}\x00".encode())
                    elif command == ENQUIRE_LINK:
                        self._send(ENQUIRE_LINK_RESP, 0, sequence)
                    elif command == UNBIND:
                        self._send(UNBIND_RESP, 0, sequence)
                        return
                    else:
                        self._send(GENERIC_NACK, 0x00000003, sequence)
            except ConnectionError:
                return

    return Handler


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def smsc_start(smsc: TestSmsc) -> _Server:
    server = _Server(("127.0.0.1", smsc.port), _handler_for(smsc))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class HangingServer:
    """Accepts connections and never answers: an SMTP server or SMSC that hangs."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(50)
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()
