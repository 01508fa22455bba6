"""Messages from the presidium or the technician to the hall or to one delegate."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id, LongText
from app.model import Actor, MeetingState, Message

# A seat shows recent messages; older ones stay in the log, not in memory.
KEPT_MESSAGES = 200


class SendMessage(Args, frozen=True):
    to: Id
    text: LongText


def decide_send(state: MeetingState, actor: Actor, cmd: SendMessage, now: datetime) -> list[NewEvent]:
    if cmd.to != "all" and cmd.to not in state.delegates:
        raise DomainError("not_found", "Không có đại biểu nhận tin nhắn này.", {"to": cmd.to})
    if not cmd.text.strip():
        raise DomainError("bad_request", "Tin nhắn không được để trống.", {"field": "text"})
    data = {
        "message_id": f"msg-{state.seq + 1}",
        "to": cmd.to,
        "text": cmd.text,
        "from_role": actor.role,
    }
    return [NewEvent("message.sent", data)]


def apply_sent(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    message = Message(d["message_id"], d["to"], d["text"], d["from_role"], event.at)
    return replace(state, messages=(*state.messages, message)[-KEPT_MESSAGES:])


COMMANDS = {"message.send": CommandSpec("message.send", SendMessage, decide_send)}
APPLIERS = {"message.sent": apply_sent}
