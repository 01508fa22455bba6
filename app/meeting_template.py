"""A new meeting made from an earlier one (the next session's template): what is copied and what is not."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.model import MeetingState


def template(source: MeetingState, *, title: str, date: str, venue: str | None) -> dict[str, Any]:
    """`meeting.create` for a meeting like `source` (its current N, settings and committees) on
    another day."""
    m = source.meeting
    assert m is not None
    create = {"kind": m.kind, "title": title, "date": date, "venue": m.venue if venue is None else venue,
              "n_total": m.n_total, "council": m.council, "term": m.term, "settings": asdict(m.settings)}
    if m.committees:  # before the delegates that name them
        create["committees"] = dict(m.committees)
    return create


def copied(source: MeetingState) -> list[tuple[str, dict[str, Any]]]:
    """The delegates, then the seats (which name them), then the agenda in order, with their ids:
    nothing of the sitting itself (documents, votes, attendance, speeches, messages, devices).
    A meeting whose N follows the mandates says so after the list: one event sets N, not one per
    delegate."""
    commands: list[tuple[str, dict[str, Any]]] = []
    for d in source.delegates.values():
        commands.append(("delegate.add", {**asdict(d), "roles": list(d.roles), "posts": list(d.posts),
                                          "committees": list(d.committees)}))
    for s in source.seats.values():
        commands.append(("seat.add", asdict(s)))
    for position, item in enumerate(source.agenda_in_order(), start=1):
        commands.append(("agenda.add", {"item_id": item.item_id, "title": item.title, "position": position,
                                        "planned_min": item.planned_min, "presenter": item.presenter}))
    if source.meeting is not None and source.meeting.n_from_mandates:
        commands.append(("meeting.update", {"n_from_mandates": True}))
    return commands
