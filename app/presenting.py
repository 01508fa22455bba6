"""Presenting: the chair or the secretary shows the hall one page of a meeting document."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.catalog import audience_label
from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id
from app.model import Actor, MeetingState, Presentation


class PresentPage(Args, frozen=True):
    document_id: Id
    # Bounded by the document's own page count in decide, where the refusal can say which pages exist.
    page: int


class StopPresenting(Args, frozen=True):
    pass


def decide_page(state: MeetingState, actor: Actor, cmd: PresentPage, now: datetime) -> list[NewEvent]:
    document = state.documents.get(cmd.document_id)
    if document is None:
        raise DomainError(
            "not_found", "Không có tài liệu này trong kỳ họp.", {"document_id": cmd.document_id}
        )
    if document.audience != "all":  # the hall's display holds no key for it (app.catalog.may_read)
        raise DomainError(
            "forbidden",
            f"Tài liệu «{document.title}» chỉ dành cho {audience_label(state, document.audience)}: không trình "
            "chiếu lên màn hình hội trường.",
            {"document_id": cmd.document_id, "audience": document.audience},
        )
    if not 1 <= cmd.page <= document.pages:
        raise DomainError(
            "bad_request",
            f"Tài liệu «{document.title}» chỉ có các trang từ 1 đến {document.pages}.",
            {"field": "page", "page": cmd.page, "pages": document.pages},
        )
    # The same page again is allowed on purpose: it calls back the seats that wandered off.
    return [NewEvent("present.paged", {"document_id": cmd.document_id, "page": cmd.page})]


def decide_stop(state: MeetingState, actor: Actor, cmd: StopPresenting, now: datetime) -> list[NewEvent]:
    if state.presenting is None:
        raise DomainError("conflict", "Hiện không trình chiếu tài liệu nào.")
    return [NewEvent("present.stopped", {"document_id": state.presenting.document_id})]


def apply_paged(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, presenting=Presentation(event.data["document_id"], event.data["page"]))


def apply_stopped(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, presenting=None)


def settle(state: MeetingState) -> MeetingState:
    """Ends a presentation whose page no longer exists: its document was removed, or replaced
    by a version too short to have that page. Seats would otherwise follow the chair to nothing;
    moving them to another page the chair never chose would be worse, so it stops."""
    shown = state.presenting
    if shown is None:
        return state
    document = state.documents.get(shown.document_id)
    if document is not None and shown.page <= document.pages:
        return state
    return replace(state, presenting=None)


COMMANDS = {
    "present.page": CommandSpec("present.page", PresentPage, decide_page),
    "present.stop": CommandSpec("present.stop", StopPresenting, decide_stop),
}
APPLIERS = {
    "present.paged": apply_paged,
    "present.stopped": apply_stopped,
}
