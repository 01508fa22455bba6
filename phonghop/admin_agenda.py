"""`phonghop admin agenda`: a meeting's agenda items, listed, added, changed, moved and removed.

    phonghop admin agenda list   --device DIR [--meeting ID]
    phonghop admin agenda add    --device DIR [--meeting ID] --title T [--position P] [--minutes M]
                                 [--presenter X] [--item-id ID]
    phonghop admin agenda update --device DIR [--meeting ID] --item ID [--title T] [--position P]
                                 [--minutes M] [--presenter X]
    phonghop admin agenda move   --device DIR [--meeting ID] --item ID --to P
    phonghop admin agenda remove --device DIR [--meeting ID] --item ID [--force]

Positions are 1-based; the others keep their order. Each change prints the agenda as it now is.
Exit 0: done; 1: the server refused; 2: nothing was sent (`Lỗi: … [code]` on stderr).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.errors import DomainError
from app.model import AgendaItem, MeetingState
from phonghop.admin_device import (
    add_device_options,
    identifier,
    meeting_state,
    refusal,
    run,
    technician,
    text,
    whole,
)

STATUS = {"pending": "", "active": "đang thảo luận", "done": "đã kết thúc"}


def add_commands(steps: Any) -> None:
    agenda = steps.add_parser("agenda", help="chương trình kỳ họp: xem, thêm, sửa, chuyển vị trí, xóa nội dung")
    actions = agenda.add_subparsers(dest="agenda_command", required=True)

    listing = actions.add_parser("list", help="chương trình kỳ họp")
    add_device_options(listing)
    listing.set_defaults(run=lambda args: run(_step(args, _list)))

    add = actions.add_parser("add", help="thêm một nội dung vào chương trình")
    add_device_options(add)
    add.add_argument("--title", required=True, help="tên nội dung")
    add.add_argument("--position", metavar="P", help="vị trí, từ 1 (mặc định: cuối chương trình)")
    add.add_argument("--minutes", metavar="M", default="0", help="thời gian dự kiến, phút")
    add.add_argument("--presenter", default="", help="người trình bày")
    add.add_argument("--item-id", help="mã nội dung (mặc định: máy chủ đặt)")
    add.set_defaults(run=lambda args: run(_step(args, _add)))

    update = actions.add_parser("update", help="sửa một nội dung")
    add_device_options(update)
    update.add_argument("--item", required=True, metavar="ITEM_ID", help="mã nội dung")
    update.add_argument("--title", help="tên nội dung")
    update.add_argument("--position", metavar="P", help="vị trí mới, từ 1")
    update.add_argument("--minutes", metavar="M", help="thời gian dự kiến, phút")
    update.add_argument("--presenter", help="người trình bày")
    update.set_defaults(run=lambda args: run(_step(args, _update)))

    move = actions.add_parser("move", help="chuyển một nội dung sang vị trí khác")
    add_device_options(move)
    move.add_argument("--item", required=True, metavar="ITEM_ID", help="mã nội dung")
    move.add_argument("--to", required=True, metavar="P", help="vị trí mới, từ 1")
    move.set_defaults(run=lambda args: run(_step(args, _move)))

    remove = actions.add_parser("remove", help="xóa một nội dung khỏi chương trình")
    add_device_options(remove)
    remove.add_argument("--item", required=True, metavar="ITEM_ID", help="mã nội dung")
    remove.add_argument("--force", action="store_true", help="xóa cả khi nội dung còn tài liệu")
    remove.set_defaults(run=lambda args: run(_step(args, _remove)))


@dataclass(frozen=True, slots=True)
class Change:
    """One command to send, and what to say once the server has taken it."""

    name: str
    args: dict[str, Any]
    done: str


# What was typed and the meeting as it is -> the command, or None when there is nothing to send.
Decide = Callable[[argparse.Namespace, MeetingState], Change | None]


async def _step(args: argparse.Namespace, decide: Decide) -> int:
    """Reads the meeting, decides the command from what was typed, sends it, prints the agenda."""
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        connection = await tech.meeting(meeting_id)
        change = decide(args, meeting_state(connection))
        if change is not None:
            answer = await tech.request(connection, change.name, change.args)
            if answer.get("type") != "ack":
                print(f"Máy chủ không thay đổi chương trình kỳ họp {meeting_id}: {refusal(answer)}")
                return 1
            print(change.done)
        state = meeting_state(connection)
    print("\n".join(describe(state)))
    return 0


def _list(args: argparse.Namespace, state: MeetingState) -> Change | None:
    return None


def _item(state: MeetingState, item_id: str) -> AgendaItem:
    item = state.agenda.get(identifier(item_id, "Mã nội dung"))
    if item is None:
        assert state.meeting is not None
        raise DomainError("not_found", f"Không có nội dung {item_id} trong chương trình kỳ họp "
                                       f"{state.meeting.meeting_id}.")
    return item


def _position(value: str, last: int) -> int:
    return whole(value, "Vị trí", 1, max(last, 1))


def _minutes(value: str) -> int:
    return whole(value, "Thời gian dự kiến (phút)", 0, 24 * 60)


def _add(args: argparse.Namespace, state: MeetingState) -> Change:
    last = len(state.agenda) + 1
    command: dict[str, Any] = {
        "title": text(args.title, "Tên nội dung"),
        "position": last if args.position is None else _position(args.position, last),
        "planned_min": _minutes(args.minutes),
        "presenter": text(args.presenter, "Người trình bày", required=False),
    }
    if args.item_id is not None:
        command["item_id"] = identifier(args.item_id, "Mã nội dung")
        if command["item_id"] in state.agenda:
            raise DomainError("conflict", f"Mã nội dung {command['item_id']} đã có trong chương trình.")
    return Change("agenda.add", command, f"Đã thêm nội dung «{command['title']}» ở vị trí {command['position']}.")


def _update(args: argparse.Namespace, state: MeetingState) -> Change | None:
    item = _item(state, args.item)
    typed: dict[str, Any] = {}
    if args.title is not None:
        typed["title"] = text(args.title, "Tên nội dung")
    if args.position is not None:
        typed["position"] = _position(args.position, len(state.agenda))
    if args.minutes is not None:
        typed["planned_min"] = _minutes(args.minutes)
    if args.presenter is not None:
        typed["presenter"] = text(args.presenter, "Người trình bày", required=False)
    if not typed:
        raise DomainError("bad_request", "Không có thông tin nào cần sửa: dùng --title, --position, --minutes hoặc "
                                         "--presenter.")
    changes = {k: v for k, v in typed.items() if getattr(item, k) != v}
    if not changes:
        print(f"Nội dung {item.item_id} đã đúng như vậy: không có gì cần sửa.")
        return None
    return Change("agenda.update", {"item_id": item.item_id, **changes}, f"Đã sửa nội dung {item.item_id}.")


def _move(args: argparse.Namespace, state: MeetingState) -> Change | None:
    item = _item(state, args.item)
    position = _position(args.to, len(state.agenda))
    if position == item.position:
        print(f"Nội dung {item.item_id} đã ở vị trí {position}.")
        return None
    return Change("agenda.update", {"item_id": item.item_id, "position": position},
                  f"Đã chuyển nội dung {item.item_id} từ vị trí {item.position} sang vị trí {position}.")


def _remove(args: argparse.Namespace, state: MeetingState) -> Change:
    item = _item(state, args.item)
    if item.status == "active":
        raise DomainError("conflict", f"Nội dung «{item.title}» đang được thảo luận, không thể xóa.")
    documents = [d for d in state.documents.values() if d.item_id == item.item_id]
    if documents and not args.force:
        names = ", ".join(f"{d.document_id} «{d.title}»" for d in documents)
        raise DomainError("conflict", f"Nội dung «{item.title}» còn {len(documents)} tài liệu ({names}): gỡ tài liệu "
                                      "trước (phonghop admin documents retract) hoặc thêm --force.")
    return Change("agenda.remove", {"item_id": item.item_id}, f"Đã xóa nội dung «{item.title}» khỏi chương trình.")


def describe(state: MeetingState) -> list[str]:
    """The agenda in order, with each item's planned time, presenter, status and documents."""
    assert state.meeting is not None
    items = state.agenda_in_order()
    planned = sum(i.planned_min for i in items)
    lines = [f"Chương trình kỳ họp {state.meeting.meeting_id} ({len(items)} nội dung, dự kiến {planned} phút):"]
    for item in items:
        documents = sum(d.item_id == item.item_id for d in state.documents.values())
        notes = [f"{item.planned_min} phút" if item.planned_min else "", item.presenter, STATUS.get(item.status, ""),
                 f"{documents} tài liệu" if documents else ""]
        detail = "; ".join(n for n in notes if n)
        lines.append(f"{item.position:>3}. {item.item_id:<12} {item.title}" + (f" ({detail})" if detail else ""))
    return lines
