"""The pure reducer: state + event -> new state, the same on the server and on every seat."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from app import (
    agenda,
    attendance,
    catalog,
    devices,
    messages,
    preparation,
    presenting,
    purge,
    speaking,
    voting,
    voting_sealed,
    voting_sealed_count,
)
from app.commands import CommandSpec, run
from app.events import Event, NewEvent
from app.model import Actor, MeetingState, ServerState

S = TypeVar("S", bound=MeetingState | ServerState)

MEETING_COMMANDS: Mapping[str, CommandSpec[MeetingState]] = {
    **attendance.COMMANDS,
    **agenda.COMMANDS,
    **purge.guarded(catalog.COMMANDS),
    **purge.COMMANDS,
    **messages.COMMANDS,
    **preparation.COMMANDS,
    **presenting.COMMANDS,
    **speaking.COMMANDS,
    **voting.COMMANDS,
    **voting_sealed.COMMANDS,
    **voting_sealed_count.COMMANDS,
}
SERVER_COMMANDS: Mapping[str, CommandSpec[devices.RoomView]] = devices.COMMANDS


def _then_settle(step: Callable[[MeetingState, Event], MeetingState]) -> Callable[[MeetingState, Event], MeetingState]:
    # A removed or shortened document may take away the page being presented.
    return lambda state, event: presenting.settle(step(state, event))


def _then_close_floor(step: Callable[[MeetingState, Event], MeetingState]) -> Callable[[MeetingState, Event], MeetingState]:
    # Another item activated, this one completed, a delegate removed: the queue follows.
    return lambda state, event: speaking.settle(step(state, event), event.at)


_CLOSING_FLOOR = ("agenda.activated", "agenda.completed", "delegate.removed")

_MEETING_APPLIERS: Mapping[str, Callable[[MeetingState, Event], MeetingState]] = {
    **attendance.APPLIERS,
    **{name: _then_close_floor(step) if name in _CLOSING_FLOOR else step for name, step in agenda.APPLIERS.items()},
    **{name: _then_settle(step) for name, step in catalog.APPLIERS.items()},
    **messages.APPLIERS,
    **{name: _then_close_floor(step) if name in _CLOSING_FLOOR else step for name, step in preparation.APPLIERS.items()},
    **presenting.APPLIERS,
    **purge.APPLIERS,
    **speaking.APPLIERS,
    **voting.APPLIERS,
    **voting_sealed.APPLIERS,
    **voting_sealed_count.APPLIERS,
}
_SERVER_APPLIERS: Mapping[str, Callable[[ServerState, Event], ServerState]] = devices.APPLIERS


def apply(state: S, event: Event) -> S:
    """Events this version does not know still move the cursor: a newer server stays readable."""
    appliers: Mapping[str, Callable[[Any, Event], Any]] = (
        _MEETING_APPLIERS if isinstance(state, MeetingState) else _SERVER_APPLIERS
    )
    step = appliers.get(event.name)
    if step is not None:
        state = step(state, event)
    return replace(state, seq=event.seq, head=event.hash)


def replay(state: S, events: Iterable[Event]) -> S:
    for event in events:
        state = apply(state, event)
    return state


def decide_meeting(
    state: MeetingState, actor: Actor, name: str, args: Mapping[str, Any], now: datetime
) -> list[NewEvent]:
    return run(MEETING_COMMANDS, state, actor, name, args, now)


def decide_server(
    view: devices.RoomView, actor: Actor, name: str, args: Mapping[str, Any], now: datetime
) -> list[NewEvent]:
    return run(SERVER_COMMANDS, view, actor, name, args, now)
