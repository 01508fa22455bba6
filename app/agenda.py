"""The agenda: technicians prepare items, the presidium activates and completes them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import msgspec

from app.clock import parse_iso
from app.commands import Args, CommandSpec, fields_set
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id, Minutes, Name, Position, ShortText
from app.model import Actor, AgendaItem, MeetingState
from app.speaking_time import elapsed_s


class AddItem(Args, frozen=True):
    title: Name
    position: Position
    item_id: Id | None = None
    planned_min: Minutes = 0
    presenter: ShortText = ""


class UpdateItem(Args, frozen=True):
    item_id: Id
    title: Name | msgspec.UnsetType = msgspec.UNSET
    position: Position | msgspec.UnsetType = msgspec.UNSET
    planned_min: Minutes | msgspec.UnsetType = msgspec.UNSET
    presenter: ShortText | msgspec.UnsetType = msgspec.UNSET


class ItemRef(Args, frozen=True):
    item_id: Id


def _item(state: MeetingState, item_id: str) -> AgendaItem:
    item = state.agenda.get(item_id)
    if item is None:
        raise DomainError(
            "not_found", "Không có nội dung này trong chương trình kỳ họp.", {"item_id": item_id}
        )
    return item


def decide_add(state: MeetingState, actor: Actor, cmd: AddItem, now: datetime) -> list[NewEvent]:
    item_id = cmd.item_id or f"item-{state.seq + 1}"
    if item_id in state.agenda:
        raise DomainError("conflict", "Mã nội dung chương trình đã tồn tại.", {"item_id": item_id})
    position = min(cmd.position, len(state.agenda) + 1)
    data = {
        "item_id": item_id,
        "title": cmd.title,
        "position": position,
        "planned_min": cmd.planned_min,
        "presenter": cmd.presenter,
    }
    return [NewEvent("agenda.item_added", data)]


def decide_update(state: MeetingState, actor: Actor, cmd: UpdateItem, now: datetime) -> list[NewEvent]:
    _item(state, cmd.item_id)
    changes = fields_set(cmd)
    if "position" in changes:
        changes["position"] = min(changes["position"], len(state.agenda))
    return [NewEvent("agenda.item_updated", changes)]


def decide_remove(state: MeetingState, actor: Actor, cmd: ItemRef, now: datetime) -> list[NewEvent]:
    if _item(state, cmd.item_id).status == "active":
        raise DomainError("conflict", "Không thể xóa nội dung đang được thảo luận.", {"item_id": cmd.item_id})
    return [NewEvent("agenda.item_removed", {"item_id": cmd.item_id})]


def decide_activate(state: MeetingState, actor: Actor, cmd: ItemRef, now: datetime) -> list[NewEvent]:
    if _item(state, cmd.item_id).status == "active":
        raise DomainError("conflict", "Nội dung này đang được thảo luận.", {"item_id": cmd.item_id})
    return [NewEvent("agenda.activated", {"item_id": cmd.item_id})]


def decide_complete(state: MeetingState, actor: Actor, cmd: ItemRef, now: datetime) -> list[NewEvent]:
    if _item(state, cmd.item_id).status == "done":
        raise DomainError("conflict", "Nội dung này đã kết thúc.", {"item_id": cmd.item_id})
    return [NewEvent("agenda.completed", {"item_id": cmd.item_id})]


def _renumber(
    items: dict[str, AgendaItem], moving: str | None, position: int | None
) -> dict[str, AgendaItem]:
    """Positions stay 1..n without gaps; `moving` lands at `position`, the others keep their order."""
    others = sorted((i for i in items.values() if i.item_id != moving), key=lambda i: (i.position, i.item_id))
    if moving is not None and position is not None:
        others.insert(position - 1, items[moving])
    return {item.item_id: replace(item, position=n) for n, item in enumerate(others, start=1)}


def apply_added(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    item = AgendaItem(d["item_id"], d["title"], d["position"], d["planned_min"], d["presenter"])
    items = {**state.agenda, item.item_id: item}
    return replace(state, agenda=_renumber(items, item.item_id, item.position))


def apply_updated(state: MeetingState, event: Event) -> MeetingState:
    d: dict[str, Any] = dict(event.data)
    item_id = d.pop("item_id")
    items = {**state.agenda, item_id: replace(state.agenda[item_id], **d)}
    # Only a new position moves the item: passed as `moving` without one, it fell out of the agenda.
    position = d.get("position")
    return replace(state, agenda=_renumber(items, item_id if position is not None else None, position))


def apply_removed(state: MeetingState, event: Event) -> MeetingState:
    items = {k: v for k, v in state.agenda.items() if k != event.data["item_id"]}
    return replace(state, agenda=_renumber(items, None, None))


def apply_activated(state: MeetingState, event: Event) -> MeetingState:
    item_id = event.data["item_id"]
    items = dict(state.agenda)
    # The item that was running pauses: only one item is discussed at a time.
    if state.active_item is not None and state.active_item in items:
        items[state.active_item] = replace(_run_ended(items[state.active_item], event.at), status="pending")
    item = items[item_id]
    items[item_id] = replace(item, status="active", started_at=item.started_at or event.at, resumed_at=event.at)
    return replace(state, agenda=items, active_item=item_id)


def _run_ended(item: AgendaItem, at: str) -> AgendaItem:
    if item.resumed_at is None:
        return item
    return replace(item, used_s=item.used_s + elapsed_s(item.resumed_at, at), resumed_at=None)


def time_used_s(item: AgendaItem, now: datetime) -> int:
    """Seconds spent on the item: its earlier runs and, while it is discussed, the current one
    up to `now` (an item paused for another and taken up again does not count the pause)."""
    if item.resumed_at is None:
        return item.used_s
    return item.used_s + max(0, int((now - parse_iso(item.resumed_at)).total_seconds()))


def apply_completed(state: MeetingState, event: Event) -> MeetingState:
    item_id = event.data["item_id"]
    items = {
        **state.agenda,
        item_id: replace(_run_ended(state.agenda[item_id], event.at), status="done", completed_at=event.at),
    }
    active = None if state.active_item == item_id else state.active_item
    return replace(state, agenda=items, active_item=active)


COMMANDS = {
    "agenda.add": CommandSpec("agenda.add", AddItem, decide_add),
    "agenda.update": CommandSpec("agenda.update", UpdateItem, decide_update),
    "agenda.remove": CommandSpec("agenda.remove", ItemRef, decide_remove),
    "agenda.activate": CommandSpec("agenda.activate", ItemRef, decide_activate),
    "agenda.complete": CommandSpec("agenda.complete", ItemRef, decide_complete),
}
APPLIERS = {
    "agenda.item_added": apply_added,
    "agenda.item_updated": apply_updated,
    "agenda.item_removed": apply_removed,
    "agenda.activated": apply_activated,
    "agenda.completed": apply_completed,
}
