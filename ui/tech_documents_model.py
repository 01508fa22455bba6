"""What the «Tài liệu» panel does with a meeting's PDFs, without widgets: check a file off the GUI
thread, publish it encrypted for every device its audience allows, and share keys with devices
enrolled later (or delegates who joined the audience since).

The same path as `phonghop admin documents` (app/documents.py checks, sync/client/publish.py
publishes); phonghop/ is the command line's, which ui/ does not import.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.catalog import AUDIENCE_STANDING, COMMITTEE_PREFIX
from app.doccrypto import unwrap_key
from app.documents import ImportedDocument, import_document
from app.errors import DomainError
from app.model import Device, Document, MeetingState
from sync.client.publish import publish_document, readers, wrap_for

PUBLISH_TIMEOUT_S = 60.0
"""An upload of a long PDF over the hall's Wi-Fi takes a while before the server's answer."""


def tr(text: str) -> str:
    return QCoreApplication.translate("DocumentsPanel", text)


@dataclass(frozen=True, slots=True)
class Checked:
    """A file read and accepted by the import checks: its bytes and what app/documents.py found."""

    path: Path
    data: bytes
    imported: ImportedDocument


async def check(path: Path, *, item_id: str, classification: str | None = None, title: str | None = None,
                version: int = 1) -> Checked:
    """Reads and validates one file off the GUI thread (PyMuPDF reads every page); DomainError
    with the import's reason when it cannot be published."""
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise DomainError("no_file", tr("Không đọc được tệp: {0}.").format(exc.strerror or exc)) from None
    imported = await asyncio.to_thread(import_document, data, path.name, item_id=item_id, title=title,
                                       version=version, classification=classification)
    return Checked(path, data, imported)


def new_document_id(state: MeetingState) -> str:
    """Random, not a hash of the file: a document's id is in the log, which the server reads."""
    while (document_id := f"tl-{secrets.token_hex(6)}") in state.documents:
        pass  # pragma: no cover - 48 random bits
    return document_id


AUDIENCE_ALL = "all"


def audience_choices(state: MeetingState) -> list[tuple[str, str]]:
    """(words, audience) for a choice of who reads a document: every delegate, the Standing
    Committee, then each committee of the meeting in the meeting's order (as `phonghop admin
    documents --audience`)."""
    committees = state.meeting.committees if state.meeting is not None else {}
    found = [(tr("Tất cả đại biểu"), AUDIENCE_ALL), (tr("Thường trực HĐND"), AUDIENCE_STANDING)]
    return found + [(name, COMMITTEE_PREFIX + committee) for committee, name in committees.items()]


def audience_words(state: MeetingState, audience: str) -> str:
    """«Tất cả đại biểu», «Thường trực HĐND» or the committee's name."""
    known = {value: words for words, value in audience_choices(state)}
    if audience in known:
        return known[audience]
    # A committee the meeting no longer names (its log still does): its id, not nothing.
    return tr("ban «{0}»").format(audience.removeprefix(COMMITTEE_PREFIX))


def reader_devices(model: Any, audience: str = AUDIENCE_ALL) -> list[Device]:
    """The devices that must hold a key of a document of the chosen meeting read by `audience`
    (app.catalog.may_read, which the room enforces: a key for anyone else is refused)."""
    meeting_id = model.meeting_id
    if meeting_id is None:
        return []
    state: MeetingState = model.state
    if audience != AUDIENCE_ALL and state.meeting is None:
        return []
    return readers(model.server_state.devices.values(), meeting_id, state, audience)


def keyed(document: Document, devices: Sequence[Device]) -> int:
    return sum(d.device_id in document.keys for d in devices)


async def publish(model: Any, checked: Checked, *, document_id: str, item_id: str | None, version: int = 1,
                  change_note: str = "", audience: str = AUDIENCE_ALL) -> dict[str, Any]:
    """Encrypts, uploads and announces one checked file, its key wrapped only for the devices
    `audience` allows; the server's answer, or a refusal
    {"type": "error", ...} in Vietnamese when the connection broke on the way."""
    import aiohttp

    from sync.tls import client_ssl_context_pinned

    meeting = model.meeting
    if meeting is None or meeting.status.kind != "online" or model.server.status.kind != "online":
        return refusal("offline", tr("Chưa kết nối với máy chủ phòng họp nên tài liệu chưa được đăng. "
                                     "Vui lòng thử lại."))
    doc = checked.imported
    try:
        async with aiohttp.ClientSession() as http:
            ssl = client_ssl_context_pinned(meeting.identity.fingerprint)
            return await publish_document(meeting, model.server, http, ssl, checked.data, document_id=document_id,
                                          title=doc.title, pages=doc.page_count, item_id=item_id,
                                          classification=doc.classification, audience=audience, version=version,
                                          change_note=change_note, timeout=PUBLISH_TIMEOUT_S)
    except DomainError as exc:
        return refusal(exc.code, exc.message)
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return refusal("unavailable", tr("Mất kết nối với máy chủ khi đăng tài liệu ({0}); hãy thử lại.")
                       .format(type(exc).__name__))


def refusal(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


def notes(imported: ImportedDocument, asked: str) -> list[str]:
    """What a person should know about a file that was accepted."""
    found = []
    if imported.classification != asked:
        found.append(tr("tệp có dấu «Lưu hành nội bộ» nên đăng ở mức Lưu hành nội bộ"))
    if not imported.has_text:
        found.append(tr("bản quét không có lớp chữ: không tìm kiếm được"))
    if imported.has_embedded_files:
        found.append(tr("tệp có tệp đính kèm"))
    return found


@dataclass(frozen=True, slots=True)
class SharePlan:
    """The `document.share` commands for devices enrolled after a document was published (or
    whose delegate joined its audience since), only ever for devices the audience allows, and the
    documents this device cannot share (another device published them: it holds no key)."""

    commands: tuple[tuple[str, dict[str, Any]], ...]
    documents: tuple[Document, ...]
    unreachable: tuple[Document, ...]


def share_plan(model: Any, state: MeetingState) -> SharePlan:
    me = model.identity.device_id
    commands: list[tuple[str, dict[str, Any]]] = []
    shared: list[Document] = []
    unreachable: list[Document] = []
    for document in sorted(state.documents.values(), key=lambda d: d.document_id):
        missing = [d for d in reader_devices(model, document.audience) if d.device_id not in document.keys]
        if not missing:
            continue
        mine = document.keys.get(me)
        if mine is None:
            unreachable.append(document)
            continue
        key = unwrap_key(mine, model.keys, document.document_id, document.version)
        keys = wrap_for(missing, key, document.document_id, document.version)
        commands.append(("document.share", {"document_id": document.document_id, "keys": keys}))
        shared.append(document)
    return SharePlan(tuple(commands), tuple(shared), tuple(unreachable))
