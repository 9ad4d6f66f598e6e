"""SMS, the outbox's second channel: one interface, an SMPP client for production (the protocol
Kazakhstan's operators and SMS aggregators speak) and the log for development.

Texts in Kazakh or Russian need UCS-2: 70 characters in one segment, 67 in each of several
(smpplib splits them; its count is the one the operator bills).
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

import smpplib.client
import smpplib.consts
import smpplib.exceptions
import smpplib.gsm
import smpplib.smpp
from django.conf import settings

logger = logging.getLogger(__name__)

#: Every text the outbox sends fits two segments (140 Cyrillic characters, or 306 Latin).
SEGMENT_BUDGET = 2

#: SMPP statuses that refuse the number itself (sending again cannot help): invalid
#: destination address, type of number, numbering plan.
REFUSED_STATUSES = frozenset({0x0000000B, 0x00000050, 0x00000051})

_PHONE_NOISE = re.compile(r"[\s()\-.]")
#: The mobile codes (DEF) of Kazakhstan's operators; +7 7xx numbers outside them are landlines
#: (727 Almaty, 7172 Astana…), which take no SMS.
MOBILE_CODES = frozenset(
    {
        "700",
        "701",
        "702",
        "705",
        "706",
        "707",
        "708",
        "747",
        "750",
        "751",
        "760",
        "761",
        "762",
        "763",
        "764",
        "771",
        "775",
        "776",
        "777",
        "778",
    }
)


class SmsFailed(Exception):
    """The SMSC could not be reached or did not accept the text now: retried later."""


class SmsRefused(Exception):
    """The SMSC refused the number for good: the message is marked refused, not retried."""


def segments(text: str) -> int:
    """How many SMS segments the text takes (GSM 7-bit when it can, else UCS-2)."""
    parts, _encoding, _esm_class = smpplib.gsm.make_parts(text)
    return len(parts)


def phone_normalise(phone: str) -> str | None:
    """A Kazakh mobile number as +77XXXXXXXXX, or None when the text is not one (or a landline).

    Accepts what people write on forms: 8 701 123 45 67, +7 (701) 123-45-67, 7011234567.
    """
    digits = _PHONE_NOISE.sub("", phone or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if len(digits) == 10 and digits.startswith("7"):
        digits = "7" + digits
    elif len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    if len(digits) != 11 or not digits.startswith("7") or digits[1:4] not in MOBILE_CODES:
        return None
    return "+" + digits


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str) -> str:
        """Hand the text to the operator; return its message id(s). Raises SmsFailed or
        SmsRefused."""


class ConsoleGateway:
    """Development and the demo: the text goes to the log, nothing leaves the machine."""

    def send(self, *, to: str, text: str) -> str:
        logger.info("SMS to %s (%d segment(s)): %s", to, segments(text), text)
        return "console"


class SmppGateway:
    """One SMPP session per message: bind as a transmitter, submit each segment, unbind.

    A session a message keeps the worker simple and is enough for a district's volume (tens a
    day); a national deployment would keep one bound session per worker.
    """

    def __init__(
        self, *, host: str, port: int, system_id: str, password: str, sender: str, timeout: float
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.system_id, self.password, self.sender = system_id, password, sender

    def send(self, *, to: str, text: str) -> str:
        parts, encoding, esm_class = smpplib.gsm.make_parts(text)
        client = smpplib.client.Client(
            self.host, self.port, timeout=self.timeout, allow_unknown_opt_params=True
        )
        ids: list[str] = []
        try:
            client.connect()
            client.bind_transmitter(system_id=self.system_id, password=self.password)
            for part in parts:
                client.send_message(
                    source_addr_ton=smpplib.consts.SMPP_TON_ALNUM,
                    source_addr_npi=smpplib.consts.SMPP_NPI_UNK,
                    source_addr=self.sender,
                    dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
                    dest_addr_npi=smpplib.consts.SMPP_NPI_ISDN,
                    destination_addr=to.lstrip("+"),
                    short_message=part,
                    data_coding=encoding,
                    esm_class=esm_class,
                    registered_delivery=False,
                )
                ids.append(self._accepted(client))
            client.unbind()
        except (SmsRefused, SmsFailed):
            raise
        except smpplib.exceptions.PDUError as exc:
            status = exc.args[1] if len(exc.args) > 1 else None
            raise SmsFailed(f"SMPP status {status}: {exc.args[0]}") from exc
        except (OSError, smpplib.exceptions.ConnectionError) as exc:
            raise SmsFailed(f"{type(exc).__name__}: {exc}") from exc
        finally:
            client.disconnect()
        return ",".join(ids)

    @staticmethod
    def _accepted(client: smpplib.client.Client) -> str:
        """Read until the submit_sm_resp; answer the SMSC's enquire_link meanwhile."""
        while True:
            pdu = client.read_pdu()
            if pdu.command == "enquire_link":
                client.send_pdu(smpplib.smpp.make_pdu("enquire_link_resp", client=client))
                continue
            if pdu.command != "submit_sm_resp":
                continue
            if pdu.status in REFUSED_STATUSES:
                raise SmsRefused(f"SMPP status 0x{pdu.status:08X}: the number is refused")
            if pdu.status:
                raise SmsFailed(f"SMPP status 0x{pdu.status:08X}")
            message_id = pdu.message_id
            return message_id.decode() if isinstance(message_id, bytes) else str(message_id)


def sms_gateway() -> SmsGateway:
    """The gateway KEZEK_SMS_BACKEND names."""
    if settings.KEZEK_SMS_BACKEND == "console":
        return ConsoleGateway()
    return SmppGateway(
        host=settings.KEZEK_SMPP_HOST,
        port=settings.KEZEK_SMPP_PORT,
        system_id=settings.KEZEK_SMPP_SYSTEM_ID,
        password=settings.KEZEK_SMPP_PASSWORD,
        sender=settings.KEZEK_SMS_SENDER,
        timeout=settings.KEZEK_SMPP_TIMEOUT,
    )
