"""The meeting's documents as the log knows them: encrypted blobs and per-device wrapped keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Hex64, Id, Name
from app.model import CHAIR, DELEGATE, DISPLAY, SECRETARY, TECHNICIAN, Actor, Device, Document, MeetingState

Classification = Literal["public", "internal"]
WrappedKey = Annotated[str, msgspec.Meta(min_length=16, max_length=512)]
Keys = Annotated[dict[Id, WrappedKey], msgspec.Meta(max_length=5000)]
Pages = Annotated[int, msgspec.Meta(ge=1, le=5000)]
Bytes = Annotated[int, msgspec.Meta(ge=0, le=1 << 40)]
ChunkSize = Annotated[int, msgspec.Meta(ge=4096, le=16 << 20)]
Version = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
Note = Annotated[str, msgspec.Meta(max_length=500)]
# "all" (every delegate), "standing" (Thường trực HĐND) or "committee:<committee id>".
Audience = Annotated[str, msgspec.Meta(pattern=r"^(all|standing|committee:[A-Za-z0-9._-]{1,64})$")]


class AddDocument(Args, frozen=True):
    title: Name
    pages: Pages
    blob: Hex64
    size: Bytes
    plain_size: Bytes
    chunk_size: ChunkSize
    keys: Keys
    classification: Classification = "public"
    document_id: Id | None = None
    item_id: Id | None = None
    version: Version = 1
    audience: Audience = "all"


class UpdateDocument(Args, frozen=True):
    document_id: Id
    version: Version
    pages: Pages
    blob: Hex64
    size: Bytes
    plain_size: Bytes
    chunk_size: ChunkSize
    keys: Keys
    title: Name | msgspec.UnsetType = msgspec.UNSET
    classification: Classification | msgspec.UnsetType = msgspec.UNSET
    change_note: Note = ""
    audience: Audience | msgspec.UnsetType = msgspec.UNSET


class ShareDocument(Args, frozen=True):
    document_id: Id
    keys: Keys


class DocumentRef(Args, frozen=True):
    document_id: Id


def _document(state: MeetingState, document_id: str) -> Document:
    found = state.documents.get(document_id)
    if found is None:
        raise DomainError("not_found", "Không có tài liệu này trong kỳ họp.", {"document_id": document_id})
    return found


def decide_add(state: MeetingState, actor: Actor, cmd: AddDocument, now: datetime) -> list[NewEvent]:
    document_id = cmd.document_id or f"doc-{state.seq + 1}"
    if document_id in state.documents:
        raise DomainError("conflict", "Mã tài liệu đã tồn tại.", {"document_id": document_id})
    if cmd.item_id is not None and cmd.item_id not in state.agenda:
        raise DomainError(
            "not_found", "Không có nội dung này trong chương trình kỳ họp.", {"item_id": cmd.item_id}
        )
    _check_audience(state, cmd.audience)
    data: dict[str, Any] = msgspec.to_builtins(cmd)
    data["document_id"] = document_id
    if data["audience"] == "all":  # left out: a log from before audiences reads the same
        del data["audience"]
    return [NewEvent("document.added", data)]


def decide_update(state: MeetingState, actor: Actor, cmd: UpdateDocument, now: datetime) -> list[NewEvent]:
    current = _document(state, cmd.document_id)
    if cmd.version <= current.version:
        raise DomainError(
            "conflict",
            f"Phiên bản mới phải lớn hơn phiên bản hiện có ({current.version}).",
            {"version": current.version},
        )
    if cmd.audience is not msgspec.UNSET:
        _check_audience(state, cmd.audience)
    data: dict[str, Any] = msgspec.to_builtins(cmd)
    return [NewEvent("document.updated", data)]


def decide_share(state: MeetingState, actor: Actor, cmd: ShareDocument, now: datetime) -> list[NewEvent]:
    _document(state, cmd.document_id)
    if not cmd.keys:
        raise DomainError("bad_request", "Không có thiết bị nào để chia sẻ tài liệu.")
    return [NewEvent("document.shared", {"document_id": cmd.document_id, "keys": dict(cmd.keys)})]


def decide_remove(state: MeetingState, actor: Actor, cmd: DocumentRef, now: datetime) -> list[NewEvent]:
    _document(state, cmd.document_id)
    return [NewEvent("document.removed", {"document_id": cmd.document_id})]


AUDIENCE_STANDING = "standing"
COMMITTEE_PREFIX = "committee:"


def audience_label(state: MeetingState, audience: str) -> str:
    """Who a document is for, in words: «mọi đại biểu», «Thường trực HĐND», «Ban Pháp chế»."""
    if audience == AUDIENCE_STANDING:
        return "Thường trực HĐND"
    if audience.startswith(COMMITTEE_PREFIX):
        committee = audience.removeprefix(COMMITTEE_PREFIX)
        committees = state.meeting.committees if state.meeting is not None else {}
        return committees.get(committee, f"ban «{committee}»")
    return "mọi đại biểu"


def _check_audience(state: MeetingState, audience: str) -> None:
    committee = audience.removeprefix(COMMITTEE_PREFIX)
    if audience.startswith(COMMITTEE_PREFIX) and (state.meeting is None or committee not in state.meeting.committees):
        raise DomainError("not_found", f"Không có ban «{committee}» trong kỳ họp.", {"committee": committee})


def may_read(state: MeetingState, device: Device, audience: str) -> bool:
    """Whether a device may hold a document's key: the technicians always (they prepare and
    check the documents), the presidium of the meeting always, the hall's display only what
    every delegate reads, a seat what its delegate is in the audience of, while the delegate is on
    the list and holds the mandate (a delegate whose mandate ended reads nothing new)."""
    if device.role == TECHNICIAN:
        return True
    if state.meeting is None or device.meeting_id != state.meeting.meeting_id:
        return False
    if device.role in (CHAIR, SECRETARY):
        return True
    if device.role == DISPLAY:
        return audience == "all"
    delegate = state.delegates.get(device.delegate_id or "")
    if device.role != DELEGATE or delegate is None or not delegate.holds_mandate:
        return False
    if audience == "all":
        return True
    if audience == AUDIENCE_STANDING:
        return delegate.standing
    return audience.removeprefix(COMMITTEE_PREFIX) in delegate.committees


def check_key_holders(state: MeetingState, devices: Mapping[str, Device], decided: Iterable[NewEvent]) -> None:
    """The room's last word before a document's key is logged for a device: a key for a known
    device outside the audience is refused, so a faulty publisher cannot leak a committee's
    paper. Ids the server does not know are left to the publisher: no device can use them."""
    for new in decided:
        if new.name not in ("document.added", "document.updated", "document.shared"):
            continue
        current = state.documents.get(new.data["document_id"])
        audience = new.data.get("audience", current.audience if current is not None else "all")
        for device_id in new.data.get("keys", {}):
            device = devices.get(device_id)
            if device is not None and not may_read(state, device, audience):
                name = device.device_name or device_id
                delegate = state.delegates.get(device.delegate_id or "")
                why = (f"Đại biểu của thiết bị {name} đã thôi nhiệm vụ hoặc không còn trong danh sách: không "
                       "được nhận khóa của tài liệu."
                       if device.role == DELEGATE and (delegate is None or not delegate.holds_mandate)
                       else f"Tài liệu chỉ dành cho {audience_label(state, audience)}: thiết bị {name} không được "
                       "nhận khóa của tài liệu.")
                raise DomainError("forbidden", why,
                                  {"device_id": device_id, "audience": audience})


def apply_added(state: MeetingState, event: Event) -> MeetingState:
    d = dict(event.data)
    doc = Document(**d, updated_at=event.at)
    return replace(state, documents={**state.documents, doc.document_id: doc})


def apply_updated(state: MeetingState, event: Event) -> MeetingState:
    d = dict(event.data)
    document_id = d.pop("document_id")
    # A new version has a new key: keys for the old one are no use and are dropped.
    doc = replace(state.documents[document_id], **d, updated_at=event.at)
    return replace(state, documents={**state.documents, document_id: doc})


def apply_shared(state: MeetingState, event: Event) -> MeetingState:
    document_id = event.data["document_id"]
    doc = state.documents[document_id]
    shared = replace(doc, keys={**doc.keys, **event.data["keys"]})
    return replace(state, documents={**state.documents, document_id: shared})


def apply_removed(state: MeetingState, event: Event) -> MeetingState:
    gone = event.data["document_id"]
    return replace(state, documents={k: v for k, v in state.documents.items() if k != gone})


COMMANDS = {
    "document.add": CommandSpec("document.add", AddDocument, decide_add),
    "document.update": CommandSpec("document.update", UpdateDocument, decide_update),
    "document.share": CommandSpec("document.share", ShareDocument, decide_share),
    "document.remove": CommandSpec("document.remove", DocumentRef, decide_remove),
}
APPLIERS = {
    "document.added": apply_added,
    "document.updated": apply_updated,
    "document.shared": apply_shared,
    "document.removed": apply_removed,
}
