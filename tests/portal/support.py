"""Helpers of the portal tests (Django client and browser): EDS sign-in with a test certificate,
the answers of each step, small valid scans, and the translations of the TSV tables."""

from __future__ import annotations

import base64
import datetime as dt
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import polib

from kezek.core.iin import Sex, make_iin
from tests.factories import PersonInputFactory

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "kezek" / "locale"
TABLES = ROOT / "tools" / "translations"

NAME = "САПАРОВ ҒАБИТ ӘЛИҰЛЫ"


def citizen_iin(serial: int = 1, birth: dt.date = dt.date(1985, 4, 15)) -> str:
    return make_iin(birth, Sex.MALE, serial)


def tiny_pdf(text: str = "scan") -> bytes:
    """A small, valid one-page PDF (the portal checks the type by content, %PDF-)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def tiny_png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))
        )

    header = struct.pack("!IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def sign_data_of(html: str) -> bytes:
    match = re.search(r'data-sign-data="([^"]+)"', html)
    assert match, "the page offers nothing to sign"
    return base64.b64decode(match[1])


def sign_b64(data: bytes, *, iin: str, name: str = NAME) -> str:
    from kezek.signatures.testing import sign_as_citizen

    return base64.b64encode(sign_as_citizen(data, iin=iin, name=name)).decode()


# --------------------------------------------------------------------------- answers


def applicant_post(**changes: Any) -> dict[str, Any]:
    """Step 1 of the portal form: the citizen of `PersonInputFactory` (the name comes from the
    signing certificate, `NAME`), with the contacts a citizen gives on the portal."""
    person = PersonInputFactory()
    data = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "phone": "+7 701 123 45 67",
        "email": "gabit@example.kz",
        "notify_by_sms": "on",
        "notify_by_email": "on",
        "address": "Ақтоғай ауылы, Бөкейхан көшесі 12",
        "district": "akt",
        "language": "kk",
        "citizen_of_kz": "on",
        "permanent_resident_in_locality": "on",
        "action": "next",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def rows_post(prefix: str, rows: list[dict[str, Any]], *, initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "15",
        "action": "next",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


LARGE_FAMILY = [
    {"relation": "spouse", "full_name": "Сапарова Әйгерім", "birth_date": "02.01.1987"},
    {"relation": "child", "full_name": "Сапаров Нұрлан", "birth_date": "05.05.2012"},
    {"relation": "child", "full_name": "Сапарова Аружан", "birth_date": "06.06.2015"},
    {"relation": "child", "full_name": "Сапаров Ерлан", "birth_date": "07.07.2018"},
    {"relation": "child", "full_name": "Сапарова Айым", "birth_date": "08.08.2020"},
]


def groups_post(**changes: Any) -> dict[str, Any]:
    data = {
        "claimed_groups": ["large_family"],
        "fund": "communal",
        "income_12_months": "1 200 000",
        "military_service_months": "",
        "action": "next",
    }
    data.update(changes)
    return data


def housing_post(*facts: str) -> dict[str, Any]:
    return {**dict.fromkeys(facts, "on"), "action": "next"}


# --------------------------------------------------------------------------- translations


def _table() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for path in sorted(TABLES.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                continue  # tools/fill_po.py reports a malformed line; it translates nothing
            msgid, kk, ru = (p.replace("\\n", "\n") for p in parts)
            rows[msgid] = (kk, ru)
    return rows


def compile_catalogues(target: Path) -> Path:
    """The committed catalogues plus every tools/translations/*.tsv row, compiled under
    ``target`` (what `tools/fill_po.py` and `compilemessages` will make of them)."""
    table = _table()
    for index, language in enumerate(("kk", "ru")):
        po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        known = {entry.msgid: entry for entry in po}
        for msgid, pair in table.items():
            if msgid in known:
                known[msgid].msgstr = pair[index]
            else:
                po.append(polib.POEntry(msgid=msgid, msgstr=pair[index]))
        out = target / language / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        po.save_as_mofile(str(out / "django.mo"))
    en = target / "en" / "LC_MESSAGES"
    en.mkdir(parents=True, exist_ok=True)
    polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po")).save_as_mofile(
        str(en / "django.mo")
    )
    return target


# --------------------------------------------------------------------------- flows (Django client)


def sign_in(client: Any, *, iin: str, name: str = NAME, follow: bool = False) -> Any:
    page = client.get("/portal/sign-in/")
    data = sign_data_of(page.content.decode())
    return client.post(
        "/portal/sign-in/", {"signature": sign_b64(data, iin=iin, name=name)}, follow=follow
    )


def start(client: Any) -> Any:
    return client.post("/portal/apply/")


def fill_answers(
    client: Any,
    *,
    family: list[dict[str, Any]] | None = None,
    groups: dict[str, Any] | None = None,
    housing: tuple[str, ...] = (),
    history: list[dict[str, Any]] | None = None,
    applicant: dict[str, Any] | None = None,
) -> None:
    """Steps 1–5, each answered and saved (asserting the redirect to the next step)."""
    steps = [
        ("applicant", applicant or applicant_post(), "family"),
        ("family", rows_post("family", family if family is not None else LARGE_FAMILY), "groups"),
        ("groups", groups or groups_post(), "housing"),
        ("housing", housing_post(*housing), "history"),
        ("history", rows_post("history", history or []), "documents"),
    ]
    for slug, data, following in steps:
        response = client.post(f"/portal/apply/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        assert response["Location"] == f"/portal/apply/{following}/"


def upload(client: Any, files: dict[str, tuple[str, bytes]], action: str = "upload") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data: dict[str, Any] = {"action": action}
    for doc_type, (filename, content) in files.items():
        data[f"file_{doc_type}"] = SimpleUploadedFile(filename, content)
    return client.post("/portal/apply/documents/", data)
