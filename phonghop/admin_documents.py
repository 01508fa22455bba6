"""`phonghop admin documents`: publish a meeting's PDFs, encrypted for every device, by script.

    phonghop admin documents add     --device DIR [--meeting ID] --item ITEM_ID --classification public|internal
                                     FILE.pdf [FILE2.pdf …] [--title T] [--document-id ID]
                                     [--audience all|standing|committee:ID]
    phonghop admin documents replace --device DIR [--meeting ID] --document ID FILE.pdf [--note "đã cập nhật …"]
                                     [--title T] [--classification public|internal] [--audience …]
    phonghop admin documents retract --device DIR [--meeting ID] --document ID
    phonghop admin documents list    --device DIR [--meeting ID]
    phonghop admin documents share   --device DIR [--meeting ID] [--document ID …]

Every file goes through the import checks of app/documents.py first (a Word file, a damaged or
encrypted PDF, scripts, a state-secret stamp are refused with the reason), then is encrypted,
its key wrapped for every device of the meeting that may read it and uploaded (sync/client/publish.py).
`--audience` says who that is: all (every delegate, the default), standing (the Standing Committee,
Thường trực HĐND) or committee:ID (one Ban); the chair's and secretary's devices and the
technicians always, the hall's display only for all. In a batch a refused file does not stop the
others. `share` gives devices enrolled after a document was published (or delegates who joined
its audience since) the key of its current version. A classification stamp only makes a document stricter.
Exit 0: done; 1: a file or command was refused (each is printed); 2: nothing was sent (`Lỗi: … [code]`).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.catalog import COMMITTEE_PREFIX, audience_label, may_read
from app.doccrypto import unwrap_key
from app.documents import CLASSIFICATIONS, MAX_TITLE, DocumentError, ImportedDocument, import_document
from app.errors import DomainError
from app.model import Device, Document, MeetingState
from phonghop.admin_device import (
    Technician,
    acked,
    add_device_options,
    identifier,
    meeting_state,
    refusal,
    run,
    settled,
    technician,
    text,
    unreadable,
)
from sync.client.connection import Connection
from sync.client.publish import publish_document, readers, wrap_for

LABELS = {"public": "Công khai", "internal": "Lưu hành nội bộ"}
AUDIENCE_HELP = "ai được đọc: all (mọi đại biểu), standing (Thường trực HĐND) hoặc committee:MÃ_BAN (một ban)"
NOTE_LIMIT = 500


def add_commands(steps: Any) -> None:
    documents = steps.add_parser("documents", help="tài liệu kỳ họp: đăng (mã hóa), thay phiên bản, gỡ, xem, chia sẻ")
    actions = documents.add_subparsers(dest="documents_command", required=True)
    classes = "public (Công khai) hoặc internal (Lưu hành nội bộ)"

    add = actions.add_parser("add", help="đăng một hoặc nhiều tệp PDF cho một nội dung chương trình")
    add_device_options(add)
    add.add_argument("--item", required=True, metavar="ITEM_ID", help="mã nội dung chương trình")
    add.add_argument("--classification", required=True, help=classes)
    add.add_argument("--title", help="tên tài liệu (chỉ khi đăng một tệp; mặc định: tên trong tệp)")
    add.add_argument("--document-id", help="mã tài liệu (chỉ khi đăng một tệp; mặc định: tạo ngẫu nhiên)")
    add.add_argument("--audience", default="all", help=AUDIENCE_HELP + " (mặc định: all)")
    add.add_argument("files", nargs="+", metavar="FILE.pdf", help="tệp PDF")
    add.set_defaults(run=lambda args: run(_add(args)))

    again = actions.add_parser("replace", help="thay tài liệu bằng phiên bản mới")
    add_device_options(again)
    again.add_argument("--document", required=True, metavar="ID", help="mã tài liệu")
    again.add_argument("file", metavar="FILE.pdf", help="tệp PDF của phiên bản mới")
    again.add_argument("--note", default="", help="ghi chú thay đổi, ví dụ «đã cập nhật số liệu quý IV»")
    again.add_argument("--title", help="tên mới (mặc định: giữ tên cũ)")
    again.add_argument("--classification", help=f"{classes} (mặc định: giữ như cũ)")
    again.add_argument("--audience", help=AUDIENCE_HELP + " (mặc định: giữ như cũ)")
    again.set_defaults(run=lambda args: run(_replace(args)))

    retract = actions.add_parser("retract", help="gỡ tài liệu khỏi kỳ họp")
    add_device_options(retract)
    retract.add_argument("--document", required=True, metavar="ID", help="mã tài liệu")
    retract.set_defaults(run=lambda args: run(_retract(args)))

    listing = actions.add_parser("list", help="tài liệu của kỳ họp theo chương trình")
    add_device_options(listing)
    listing.set_defaults(run=lambda args: run(_list(args)))

    share = actions.add_parser("share", help="chia sẻ khóa tài liệu cho các thiết bị đăng ký sau khi đăng")
    add_device_options(share)
    share.add_argument("--document", action="extend", nargs="+", metavar="ID", help="chỉ các tài liệu này")
    share.set_defaults(run=lambda args: run(_share(args)))


def _classification(value: str) -> str:
    if value not in CLASSIFICATIONS:
        raise DomainError("bad_request", f"Mức phân loại «{value}» không hợp lệ: chọn public (Công khai) hoặc internal "
                                         "(Lưu hành nội bộ). Tài liệu mật không được đưa lên PhòngHọp: phát bản giấy.")
    return value


def _audience(state: MeetingState, value: str) -> str:
    """all, standing or committee:ID of a committee the meeting has."""
    committees = state.meeting.committees if state.meeting is not None else {}
    committee = value.removeprefix(COMMITTEE_PREFIX)
    if value in ("all", "standing") or (value.startswith(COMMITTEE_PREFIX) and committee in committees):
        return value
    known = ", ".join(f"committee:{c} ({name})" for c, name in committees.items()) or "kỳ họp chưa có ban nào"
    raise DomainError("bad_request", f"Người đọc «{value}» không hợp lệ: chọn all (mọi đại biểu), standing (Thường "
                                     f"trực HĐND) hoặc một ban: {known}.")


def _document(state: MeetingState, document_id: str) -> Document:
    found = state.documents.get(identifier(document_id, "Mã tài liệu"))
    if found is None:
        assert state.meeting is not None
        raise DomainError("not_found", f"Không có tài liệu {document_id} trong kỳ họp {state.meeting.meeting_id}.")
    return found


@dataclass(frozen=True, slots=True)
class Checked:
    """A file read and accepted by the import checks."""

    path: Path
    data: bytes
    imported: ImportedDocument


async def _check(path: Path, *, item_id: str, title: str | None, classification: str, version: int = 1) -> Checked:
    """Reads and validates one file; DomainError (with the reason) if it cannot be published."""
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise unreadable(path, exc) from None
    imported = await asyncio.to_thread(import_document, data, path.name, item_id=item_id, title=title,
                                       version=version, classification=classification)
    return Checked(path, data, imported)


def _code(exc: DomainError) -> str:
    """A document refusal's reason (office_document, damaged, classified…) says more than its code."""
    reason = (exc.detail or {}).get("reason") if isinstance(exc, DocumentError) else None
    return str(reason or exc.code)


def _notes(checked: Checked, asked: str) -> str:
    notes = []
    if checked.imported.classification != asked:
        notes.append("tệp có dấu «Lưu hành nội bộ» nên đăng ở mức Lưu hành nội bộ")
    if not checked.imported.has_text:
        notes.append("bản quét không có lớp chữ: không tìm kiếm được")
    if checked.imported.has_embedded_files:
        notes.append("tệp có tệp đính kèm")
    return f" Lưu ý: {'; '.join(notes)}." if notes else ""


async def _publish(tech: Technician, meeting: Connection, http: Any, ssl: Any, checked: Checked, *,
                   document_id: str, item_id: str | None, audience: str, version: int = 1,
                   change_note: str = "") -> Document:
    """Encrypts, uploads and announces one checked file; the document as the log now holds it."""
    import aiohttp

    doc = checked.imported
    try:
        answer = await publish_document(meeting, tech.server, http, ssl, checked.data, document_id=document_id,
                                        title=doc.title, pages=doc.page_count, item_id=item_id,
                                        classification=doc.classification, audience=audience, version=version,
                                        change_note=change_note, timeout=tech.timeout)
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise DomainError("unavailable", f"Mất kết nối với máy chủ khi đăng tài liệu ({type(exc).__name__}); hãy "
                                         "chạy lại lệnh.") from None
    if answer.get("type") != "ack":
        raise DomainError(str(answer.get("code", "timeout")), str(answer.get("message", "máy chủ không trả lời kịp")))
    await settled(meeting, int(answer["seq"]), tech.timeout)
    return meeting_state(meeting).documents[document_id]


def _described(state: MeetingState, document: Document) -> str:
    return (f"{document.document_id} «{document.title}», phiên bản {document.version}, {document.pages} trang, "
            f"{LABELS.get(document.classification, document.classification)}, cho "
            f"{audience_label(state, document.audience)}, mã hóa cho {len(document.keys)} thiết bị")


async def _add(args: argparse.Namespace) -> int:
    import aiohttp

    from sync.tls import client_ssl_context_pinned

    classification = _classification(args.classification)
    item_id = identifier(args.item, "Mã nội dung")
    paths = [Path(f) for f in args.files]
    title = None if args.title is None else text(args.title, "Tên tài liệu", limit=MAX_TITLE)
    chosen_id = None if args.document_id is None else identifier(args.document_id, "Mã tài liệu")
    if len(paths) > 1 and (title is not None or chosen_id is not None):
        raise DomainError("bad_request", "--title và --document-id chỉ dùng khi đăng một tệp.")
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        meeting = await tech.meeting(meeting_id)
        state = meeting_state(meeting)
        audience = _audience(state, args.audience)
        item = state.agenda.get(item_id)
        if item is None:
            raise DomainError("not_found", f"Không có nội dung {item_id} trong chương trình kỳ họp {meeting_id}.")
        if chosen_id is not None and chosen_id in state.documents:
            raise DomainError("conflict", f"Mã tài liệu {chosen_id} đã có trong kỳ họp: thay phiên bản mới bằng "
                                          "phonghop admin documents replace.")
        print(f"Đăng {len(paths)} tệp cho nội dung {item.position}. «{item.title}» của kỳ họp {meeting_id}:")
        published = 0
        seen: dict[str, Path] = {}
        async with aiohttp.ClientSession() as http:
            ssl = client_ssl_context_pinned(tech.identity.fingerprint)
            for path in paths:
                try:
                    checked = await _check(path, item_id=item_id, title=title, classification=classification)
                    if (twin := seen.get(checked.imported.sha256)) is not None:
                        raise DomainError("duplicate", f"Tệp «{path.name}» giống hệt tệp «{twin.name}» đã đăng ở trên.")
                    seen[checked.imported.sha256] = path
                    document_id = chosen_id or _new_id(meeting_state(meeting))
                    document = await _publish(tech, meeting, http, ssl, checked, document_id=document_id,
                                              item_id=item_id, audience=audience)
                except DomainError as exc:
                    print(f"  {path.name}: không đăng: {exc.message} [{_code(exc)}]")
                    continue
                published += 1
                print(f"  {path.name}: đã đăng {_described(meeting_state(meeting), document)}."
                      f"{_notes(checked, classification)}")
    refused = len(paths) - published
    print(f"Đã đăng {published}/{len(paths)} tệp" + (f"; {refused} tệp bị từ chối." if refused else "."))
    return 1 if refused else 0


def _new_id(state: MeetingState) -> str:
    """Random, not a hash of the file: a document's id is in the log, which the server reads."""
    while (document_id := f"tl-{secrets.token_hex(6)}") in state.documents:
        pass  # pragma: no cover - 48 random bits
    return document_id


async def _replace(args: argparse.Namespace) -> int:
    import aiohttp

    from sync.tls import client_ssl_context_pinned

    note = text(args.note, "Ghi chú thay đổi (--note)", required=False, limit=NOTE_LIMIT)
    title = None if args.title is None else text(args.title, "Tên tài liệu", limit=MAX_TITLE)
    chosen = None if args.classification is None else _classification(args.classification)
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        meeting = await tech.meeting(meeting_id)
        current = _document(meeting_state(meeting), args.document)
        classification = chosen or current.classification
        audience = current.audience if args.audience is None else _audience(meeting_state(meeting), args.audience)
        # The import asks for an item; a document published without one keeps none (update does not send it).
        try:
            checked = await _check(Path(args.file), item_id=current.item_id or "-", title=title or current.title,
                                   classification=classification, version=current.version + 1)
        except DomainError as exc:
            raise DomainError(_code(exc), exc.message, exc.detail) from None
        async with aiohttp.ClientSession() as http:
            ssl = client_ssl_context_pinned(tech.identity.fingerprint)
            try:
                document = await _publish(tech, meeting, http, ssl, checked, document_id=current.document_id,
                                          item_id=current.item_id, audience=audience, version=current.version + 1,
                                          change_note=note)
            except DomainError as exc:
                print(f"Máy chủ không nhận phiên bản mới của tài liệu {current.document_id}: {exc.message} [{exc.code}]")
                return 1
        state = meeting_state(meeting)
    print(f"Đã thay tài liệu bằng {_described(state, document)}." + (f" Ghi chú: {note}" if note else "")
          + _notes(checked, classification))
    return 0


async def _retract(args: argparse.Namespace) -> int:
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        meeting = await tech.meeting(meeting_id)
        state = meeting_state(meeting)
        document = _document(state, args.document)
        shown = state.presenting is not None and state.presenting.document_id == document.document_id
        answer = await tech.request(meeting, "document.remove", {"document_id": document.document_id})
    if answer.get("type") != "ack":
        print(f"Máy chủ không gỡ tài liệu {document.document_id}: {refusal(answer)}")
        return 1
    print(f"Đã gỡ tài liệu {document.document_id} «{document.title}» (phiên bản {document.version}) khỏi kỳ họp "
          f"{meeting_id}: máy chủ không cho tải tệp mã hóa của tài liệu này nữa.")
    if shown:
        print("Màn hình hội trường thôi trình chiếu tài liệu này.")
    return 0


async def _list(args: argparse.Namespace) -> int:
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        state = meeting_state(await tech.meeting(meeting_id))
        devices = readers(tech.server_state.devices.values(), meeting_id)
    print("\n".join(describe(state, devices)))
    return 0


def describe(state: MeetingState, devices: Sequence[Device]) -> list[str]:
    """The documents under their agenda items, with those a reader device has no key for."""
    assert state.meeting is not None
    lines = [f"Tài liệu của kỳ họp {state.meeting.meeting_id}: {len(state.documents)}."]
    groups: list[tuple[str, list[Document]]] = [
        (f"{item.position}. {item.title} ({item.item_id})",
         [d for d in state.documents.values() if d.item_id == item.item_id]) for item in state.agenda_in_order()
    ]
    groups.append(("Không gắn với nội dung nào của chương trình",
                   [d for d in state.documents.values() if d.item_id not in state.agenda]))
    missing_total = 0
    for heading, documents in groups:
        if not documents:
            continue
        lines.append(heading)
        for d in documents:
            missing = sum(device.device_id not in d.keys and may_read(state, device, d.audience) for device in devices)
            missing_total += bool(missing)
            lines.append(f"  {d.document_id:<18} v{d.version:<3} {d.pages:>4} trang  {LABELS.get(d.classification, ''):<16}"
                         f"  {d.title}" + (f" — {d.change_note}" if d.change_note else "")
                         + ("" if d.audience == "all" else f" [cho {audience_label(state, d.audience)}]")
                         + (f" [thiếu khóa cho {missing} thiết bị]" if missing else ""))
    if missing_total:
        lines.append(f"{missing_total} tài liệu chưa có khóa cho mọi thiết bị của kỳ họp (thiết bị đăng ký sau khi "
                     "đăng): chạy phonghop admin documents share.")
    return lines


async def _share(args: argparse.Namespace) -> int:
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        meeting = await tech.meeting(meeting_id)
        state = meeting_state(meeting)
        chosen = [_document(state, d) for d in args.document] if args.document else list(state.documents.values())
        devices = tech.server_state.devices.values()
        commands: list[tuple[str, dict[str, Any]]] = []
        kept: list[Document] = []
        failed = 0
        for document in chosen:
            allowed = readers(devices, meeting_id, state, document.audience)
            missing = [d for d in allowed if d.device_id not in document.keys]
            if not missing:
                continue
            mine = document.keys.get(tech.identity.device_id)
            if mine is None:
                print(f"  {document.document_id}: không chia sẻ được: thiết bị này không giữ khóa của tài liệu (do "
                      "thiết bị khác đăng); hãy đăng lại bằng phonghop admin documents replace.")
                failed += 1
                continue
            key = unwrap_key(mine, tech.keys, document.document_id, document.version)
            keys = wrap_for(missing, key, document.document_id, document.version)
            commands.append(("document.share", {"document_id": document.document_id, "keys": keys}))
            kept.append(document)
        answers = await tech.send(meeting, commands)
        after = meeting_state(meeting)
    for document, answer in zip(kept, answers, strict=True):
        if answer.get("type") == "ack":
            added = len(after.documents[document.document_id].keys) - len(document.keys)
            print(f"  {document.document_id} «{document.title}»: đã chia sẻ khóa cho {added} thiết bị mới.")
        else:
            failed += 1
            print(f"  {document.document_id}: máy chủ không nhận: {refusal(answer)}")
    if not commands and not failed:
        print(f"Mọi thiết bị của kỳ họp {meeting_id} đã có khóa của {len(chosen)} tài liệu.")
    return 1 if failed or not acked(answers) else 0
