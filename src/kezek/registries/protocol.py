"""The gateway's message format: a SOAP 1.1 envelope in the shape of the e-government gateway's
synchronous channel (request info with the sender, a message id and date, the service id; the
register's own data inside), signed by the sender (ADR 0013).

The signature is a detached CMS over the canonical form (C14N) of `requestData`, made by the
signature backend with the authorized body's key and carried in the SOAP header: the backend
signs CMS, and the gateway's own XML signature is the one thing production must add to this
envelope (ADR 0013 says how). No Django here: the simulator and the client share it.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import uuid
from dataclasses import dataclass

from lxml import etree

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SYNC_NS = "http://bip.bee.kz/SyncChannel/v10/Types"
DATA_NS = "urn:kezek:registries:v1"
NSMAP = {"soap": SOAP_NS, "sync": SYNC_NS, "r": DATA_NS}

STATUS_OK = "SCSS001"  # the register answered
STATUS_NOT_FOUND = "E404"  # the register knows no such person: an answer, not a failure
# Anything else is a failure of the gateway or the register (retried).

# A parser that resolves no entities, loads no DTD and reaches no network: the answer is data.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
MAX_MESSAGE_BYTES = 2 * 1024 * 1024


class ProtocolError(Exception):
    """A message that is not the protocol: not XML, the wrong shape, a field missing or wrong.
    The message is English, for logs and the evidence row; `path` names the element."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


def q(name: str, ns: str = DATA_NS) -> str:
    return f"{{{ns}}}{name}"


@dataclass(frozen=True)
class Request:
    message_id: str
    message_date: dt.datetime
    service_id: str
    sender_id: str
    data: etree._Element  # the register's request element, in DATA_NS
    signature: bytes = b""
    key_id: str = ""


@dataclass(frozen=True)
class Response:
    message_id: str  # the request's, echoed
    response_date: dt.datetime
    status_code: str
    status_message: str
    data: etree._Element | None


def new_message_id() -> str:
    return str(uuid.uuid4())


def canonical(element: etree._Element) -> bytes:
    """The bytes the signature covers: exclusive C14N of the element, comments dropped."""
    return bytes(etree.tostring(element, method="c14n", exclusive=True, with_comments=False))


def _text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    child = etree.SubElement(parent, tag)
    child.text = value
    return child


def request_body(request: Request) -> etree._Element:
    """The `requestData` element of a request: what the sender signs."""
    body = etree.Element("requestData", nsmap=NSMAP)
    data = etree.SubElement(body, "data")
    data.append(copy.deepcopy(request.data))
    return body


def request_envelope(request: Request) -> bytes:
    envelope = etree.Element(q("Envelope", SOAP_NS), nsmap=NSMAP)
    header = etree.SubElement(envelope, q("Header", SOAP_NS))
    if request.signature:
        sig = _text(header, q("Signature"), base64.b64encode(request.signature).decode("ascii"))
        sig.set("keyId", request.key_id)
    body = etree.SubElement(envelope, q("Body", SOAP_NS))
    send = etree.SubElement(body, q("SendMessage", SYNC_NS))
    req = etree.SubElement(send, "request")
    info = etree.SubElement(req, "requestInfo")
    _text(info, "messageId", request.message_id)
    _text(info, "serviceId", request.service_id)
    _text(info, "messageDate", request.message_date.isoformat())
    sender = etree.SubElement(info, "sender")
    _text(sender, "senderId", request.sender_id)
    req.append(request_body(request))
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def response_envelope(response: Response) -> bytes:
    envelope = etree.Element(q("Envelope", SOAP_NS), nsmap=NSMAP)
    body = etree.SubElement(envelope, q("Body", SOAP_NS))
    send = etree.SubElement(body, q("SendMessageResponse", SYNC_NS))
    resp = etree.SubElement(send, "response")
    info = etree.SubElement(resp, "responseInfo")
    _text(info, "messageId", response.message_id)
    _text(info, "responseDate", response.response_date.isoformat())
    status = etree.SubElement(info, "status")
    _text(status, "code", response.status_code)
    _text(status, "message", response.status_message)
    data_parent = etree.SubElement(etree.SubElement(resp, "responseData"), "data")
    if response.data is not None:
        data_parent.append(response.data)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def fault_envelope(code: str, message: str) -> bytes:
    envelope = etree.Element(q("Envelope", SOAP_NS), nsmap=NSMAP)
    fault = etree.SubElement(etree.SubElement(envelope, q("Body", SOAP_NS)), q("Fault", SOAP_NS))
    _text(fault, "faultcode", code)
    _text(fault, "faultstring", message)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def parse_xml(raw: bytes) -> etree._Element:
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(raw)} bytes is over {MAX_MESSAGE_BYTES}")
    try:
        root = etree.fromstring(raw, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ProtocolError(f"not well-formed XML: {exc}") from None
    if root is None or root.tag != q("Envelope", SOAP_NS):
        raise ProtocolError("not a SOAP envelope", path="Envelope")
    return root


def child(parent: etree._Element, tag: str, path: str) -> etree._Element:
    found = parent.find(tag)
    if found is None:
        raise ProtocolError("missing", path=f"{path}/{_local(tag)}")
    return found


def text(parent: etree._Element, tag: str, path: str, *, required: bool = True) -> str:
    found = parent.find(tag)
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        raise ProtocolError("missing or empty", path=f"{path}/{_local(tag)}")
    return value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _datetime(value: str, path: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ProtocolError(f"not an ISO date-time: {value!r}", path=path) from None
    if moment.tzinfo is None:
        raise ProtocolError("date-time without a time zone", path=path)
    return moment


def parse_request(raw: bytes) -> Request:
    root = parse_xml(raw)
    body = child(root, q("Body", SOAP_NS), "Envelope")
    send = child(body, q("SendMessage", SYNC_NS), "Body")
    req = child(send, "request", "SendMessage")
    info = child(req, "requestInfo", "request")
    sender = child(info, "sender", "requestInfo")
    request_data = child(req, "requestData", "request")
    data = child(request_data, "data", "requestData")
    if len(data) != 1:
        raise ProtocolError("must hold exactly one element", path="requestData/data")
    signature = b""
    key_id = ""
    header = root.find(q("Header", SOAP_NS))
    if header is not None and (sig := header.find(q("Signature"))) is not None:
        try:
            signature = base64.b64decode((sig.text or "").strip(), validate=True)
        except ValueError:
            raise ProtocolError("not Base64", path="Header/Signature") from None
        key_id = sig.get("keyId", "")
    return Request(
        message_id=text(info, "messageId", "requestInfo"),
        message_date=_datetime(text(info, "messageDate", "requestInfo"), "requestInfo/messageDate"),
        service_id=text(info, "serviceId", "requestInfo"),
        sender_id=text(sender, "senderId", "sender"),
        data=data[0],
        signature=signature,
        key_id=key_id,
    )


def signed_bytes_of(raw: bytes) -> bytes:
    """The canonical `requestData` of a received request: what its signature must cover."""
    root = parse_xml(raw)
    found = root.find(f"{q('Body', SOAP_NS)}/{q('SendMessage', SYNC_NS)}/request/requestData")
    if found is None:
        raise ProtocolError("missing", path="request/requestData")
    return canonical(found)


def parse_response(raw: bytes) -> Response:
    root = parse_xml(raw)
    body = child(root, q("Body", SOAP_NS), "Envelope")
    fault = body.find(q("Fault", SOAP_NS))
    if fault is not None:
        raise ProtocolError(
            f"SOAP fault {text(fault, 'faultcode', 'Fault', required=False)}: "
            f"{text(fault, 'faultstring', 'Fault', required=False)}",
            path="Fault",
        )
    send = child(body, q("SendMessageResponse", SYNC_NS), "Body")
    resp = child(send, "response", "SendMessageResponse")
    info = child(resp, "responseInfo", "response")
    status = child(info, "status", "responseInfo")
    data_parent = child(child(resp, "responseData", "response"), "data", "responseData")
    return Response(
        message_id=text(info, "messageId", "responseInfo"),
        response_date=_datetime(
            text(info, "responseDate", "responseInfo"), "responseInfo/responseDate"
        ),
        status_code=text(status, "code", "status"),
        status_message=text(status, "message", "status", required=False),
        data=data_parent[0] if len(data_parent) else None,
    )
