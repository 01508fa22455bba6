"""The end of a meeting's documents: the technician purges them from every device (docs/lifecycle.md).

The log keeps what was published (titles, versions, blob hashes: the archive lists them) and
every public record (attendance, votes, minutes); what goes is the meeting's copy of the documents
on the seats, so the state forgets them and nothing can publish, share or present one again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.model import Actor, MeetingState

PURGED_MESSAGE: Final = "Kỳ họp đã kết thúc và tài liệu đã được xóa khỏi các thiết bị."
# What a seat shows in the documents' place once they are gone.
PURGED_NOTICE: Final = "Kỳ họp đã kết thúc. Tài liệu đã được xóa khỏi máy này."


class PurgeMeeting(Args, frozen=True):
    """`confirm` must be true: a purge cannot be undone, and a script must say it means it."""

    confirm: bool = False


def refuse_if_purged(state: MeetingState) -> None:
    """Document commands after the purge: the documents are gone from the devices for good."""
    if state.purged_at is not None:
        raise DomainError("conflict", PURGED_MESSAGE, {"reason": "purged", "purged_at": state.purged_at})


def decide_purge(state: MeetingState, actor: Actor, cmd: PurgeMeeting, now: datetime) -> list[NewEvent]:
    if state.meeting is None:
        raise DomainError("not_found", "Kỳ họp chưa được tạo.")
    refuse_if_purged(state)
    if not cmd.confirm:
        raise DomainError(
            "bad_request",
            "Xóa tài liệu khỏi mọi thiết bị là thao tác không hoàn tác được: hãy xác nhận (confirm: true).",
            {"field": "confirm"},
        )
    vote = state.open_vote()
    if vote is not None:
        # Delegates may be reading the document the vote is about.
        raise DomainError(
            "conflict",
            f"Đang biểu quyết «{vote.title}»: chỉ xóa tài liệu sau khi biểu quyết kết thúc.",
            {"vote_id": vote.vote_id},
        )
    return [NewEvent("meeting.purged", {})]


def guarded(specs: Mapping[str, CommandSpec[MeetingState]]) -> dict[str, CommandSpec[MeetingState]]:
    """The document commands, refused once the meeting is purged."""
    return {name: replace(spec, decide=_refusing_after_purge(spec.decide)) for name, spec in specs.items()}


def _refusing_after_purge(
    decide: Callable[[MeetingState, Actor, Any, datetime], list[NewEvent]],
) -> Callable[[MeetingState, Actor, Any, datetime], list[NewEvent]]:
    def checked(state: MeetingState, actor: Actor, cmd: Any, now: datetime) -> list[NewEvent]:
        refuse_if_purged(state)
        return decide(state, actor, cmd, now)

    return checked


def apply_purged(state: MeetingState, event: Event) -> MeetingState:
    # The documents (and with them every wrapped key the state held) leave the state; the page
    # shown to the hall goes with them.
    return replace(state, documents={}, presenting=None, purged_at=event.at)


COMMANDS = {"meeting.purge": CommandSpec("meeting.purge", PurgeMeeting, decide_purge)}
APPLIERS = {"meeting.purged": apply_purged}
