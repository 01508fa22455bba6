"""`phonghop admin seats`: draw the hall, seat the groups (Tổ) by block, print the seat map.

    phonghop admin seats plan   --device DIR [--meeting ID] --blocks "A:5x10,B:5x10" [--presidium 7]
                                [--aisle 1] [--apply] [--force]
    phonghop admin seats assign --device DIR [--meeting ID] (--group "Tổ 1" --block A | --all)
                                [--presidium] [--apply]
    phonghop admin seats assign --device DIR [--meeting ID] --presidium [--apply]
    phonghop admin seats print  --device DIR [--meeting ID] --out FILE.pdf

`plan` and `assign` show what they would change and send nothing without --apply (as `admin
delegates`). A re-plan that would remove a seat holding a delegate is refused unless --force.
`assign --presidium` also seats the chair and the secretary in the presidium (alone: only them).
Exit 0: done (or previewed); 1: refused (by the plan's checks or the server); 2: nothing was
sent (`Lỗi: … [code]` on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.model import MeetingState
from app.seat_plan import (
    PRESIDIUM,
    Assignment,
    Hall,
    Plan,
    assign_all,
    assign_groups,
    assign_presidium,
    block_of,
    blocks_in,
    parse_blocks,
    plan_hall,
)
from phonghop.admin_device import (
    Technician,
    add_device_options,
    meeting_state,
    refusal,
    run,
    technician,
    whole,
)

NOT_SENT = "Chưa gửi gì. Chạy lại với --apply để áp dụng."


def add_commands(steps: Any) -> None:
    seats = steps.add_parser("seats", help="sơ đồ hội trường: vẽ khối ghế, xếp tổ đại biểu, in sơ đồ")
    actions = seats.add_subparsers(dest="seats_command", required=True)

    plan = actions.add_parser("plan", help="vẽ (lại) hội trường: các khối ghế và Đoàn Chủ tọa")
    add_device_options(plan)
    plan.add_argument("--blocks", required=True, help='các khối, trái sang phải: "A:5x10,B:5x10" (số hàng x số ghế)')
    plan.add_argument("--presidium", default="0", metavar="N", help="số ghế Đoàn Chủ tọa (mặc định 0)")
    plan.add_argument("--aisle", default="1", metavar="N", help="số ghế bỏ trống làm lối đi giữa hai khối")
    plan.add_argument("--apply", action="store_true", help="gửi các thay đổi lên máy chủ (mặc định: chỉ xem trước)")
    plan.add_argument("--force", action="store_true", help="vẫn vẽ lại khi phải bỏ ghế đang có đại biểu")
    plan.set_defaults(run=lambda args: run(_plan(args)))

    assign = actions.add_parser("assign", help="xếp đại biểu của tổ vào khối ghế, theo thứ tự tên")
    add_device_options(assign)
    assign.add_argument("--group", help="tổ đại biểu: mã, tên, «Tổ 3» hoặc «3»")
    assign.add_argument("--block", help="khối ghế, ví dụ A")
    assign.add_argument("--all", action="store_true", help="xếp lần lượt mọi tổ vào các khối từ trái sang phải")
    assign.add_argument("--presidium", action="store_true", help="xếp Chủ tọa và Thư ký kỳ họp vào Đoàn Chủ tọa")
    assign.add_argument("--apply", action="store_true", help="gửi các thay đổi lên máy chủ (mặc định: chỉ xem trước)")
    assign.set_defaults(run=lambda args: run(_assign(args)))

    printing = actions.add_parser("print", help="in sơ đồ chỗ ngồi ra tệp PDF")
    add_device_options(printing)
    printing.add_argument("--out", required=True, metavar="FILE", help="tệp PDF để ghi")
    printing.set_defaults(run=lambda args: run(_print(args)))


async def _meeting(tech: Technician, args: argparse.Namespace) -> tuple[str, Any]:
    meeting_id = tech.meeting_id(args.meeting)
    return meeting_id, await tech.meeting(meeting_id)


def describe_hall(state: MeetingState) -> str:
    """ "Hội trường: Đoàn Chủ tọa 7 ghế; khối A 50 ghế, …; 157 ghế, 85 có đại biểu." """
    presidium = sum(1 for s in state.seats.values() if s.zone == PRESIDIUM)
    parts = [f"Đoàn Chủ tọa {presidium} ghế"] if presidium else []
    for name in blocks_in(state):
        parts.append(f"khối {name} {sum(1 for s in state.seats.values() if block_of(s) == name)} ghế")
    other = len(state.seats) - presidium - sum(1 for s in state.seats.values() if block_of(s) is not None)
    if other:
        parts.append(f"{other} ghế chưa thuộc khối nào")
    seated = sum(1 for s in state.seats.values() if s.delegate_id in state.delegates)
    return f"Hội trường: {'; '.join(parts) or 'chưa có ghế nào'}; tổng {len(state.seats)} ghế, {seated} có đại biểu."


def describe_plan(hall: Hall, plan: Plan) -> list[str]:
    blocks = ", ".join(f"khối {b.name} {b.rows} hàng × {b.per_row} ghế" for b in hall.blocks)
    lines = [f"Sơ đồ mới: Đoàn Chủ tọa {hall.presidium} ghế; {blocks}; tổng {hall.size} ghế.",
             f"Thay đổi: thêm {len(plan.added)} ghế, sửa {len(plan.changed)} ghế, xóa {len(plan.removed)} ghế, "
             f"giữ nguyên {plan.kept} ghế."]
    if plan.displaced:
        lines.append(f"Ghế đang có đại biểu sẽ bị xóa ({len(plan.displaced)}; các đại biểu này sẽ chưa có ghế):")
        lines += [f"  {seat.label:<8} {delegate.name} ({delegate.group_name})" for seat, delegate in plan.displaced[:30]]
        if len(plan.displaced) > 30:
            lines.append(f"  … và {len(plan.displaced) - 30} ghế khác.")
    return lines


async def _plan(args: argparse.Namespace) -> int:
    hall = Hall(parse_blocks(args.blocks), whole(args.presidium, "Số ghế Đoàn Chủ tọa", 0, 60),
                whole(args.aisle, "Lối đi giữa hai khối", 0, 5))
    async with technician(args) as tech:
        meeting_id, connection = await _meeting(tech, args)
        state = meeting_state(connection)
        print(f"Kỳ họp {meeting_id}. {describe_hall(state)}")
        plan = plan_hall(state, hall, force=True)
        print("\n".join(describe_plan(hall, plan)))
        if plan.displaced and not args.force:
            try:
                plan_hall(state, hall)
            except DomainError as exc:
                print(f"{exc.message} Dòng lệnh: thêm --force để vẫn vẽ lại. [{exc.code}]")
            return 1
        if not plan.commands:
            print("Hội trường đã đúng như vậy: không có gì cần thay đổi.")
            return 0
        if not args.apply:
            print(NOT_SENT)
            return 0
        status = await _send(tech, connection, plan.commands)
        if plan.displaced:
            print(f"{len(plan.displaced)} đại biểu chưa có ghế: xếp lại bằng phonghop admin seats assign.")
        return status


async def _send(tech: Technician, connection: Any, commands: Any) -> int:
    answers = await tech.send(connection, list(commands))
    refused = [(command, answer) for command, answer in zip(commands, answers, strict=True)
               if answer.get("type") != "ack"]
    for (name, sent), answer in refused[:10]:
        print(f"Máy chủ từ chối {name} ghế {sent.get('seat_id')}: {refusal(answer)}")
    if len(refused) > 10:
        print(f"… và {len(refused) - 10} lệnh khác bị từ chối.")
    print(f"Đã gửi {len(commands)} thay đổi, máy chủ nhận {len(commands) - len(refused)}.")
    print(describe_hall(meeting_state(connection)))
    return 1 if refused else 0


def _chosen(args: argparse.Namespace, state: MeetingState) -> Assignment:
    if args.all and (args.group or args.block):
        raise DomainError("bad_request", "Dùng --all hoặc --group với --block, không dùng cả hai.")
    if args.all:
        return assign_all(state, presidium=args.presidium)
    if args.group or args.block:
        if not (args.group and args.block):
            raise DomainError("bad_request", "Cần cả --group (tổ đại biểu) và --block (khối ghế), ví dụ --group 1 "
                                             "--block A.")
        return assign_groups(state, [args.group], args.block.strip().upper(), presidium=args.presidium)
    if args.presidium:
        return assign_presidium(state)
    raise DomainError("bad_request", "Chọn tổ và khối (--group, --block), hoặc --all, hoặc --presidium.")


async def _assign(args: argparse.Namespace) -> int:
    async with technician(args) as tech:
        meeting_id, connection = await _meeting(tech, args)
        state = meeting_state(connection)
        print(f"Kỳ họp {meeting_id}. {describe_hall(state)}")
        assignment = _chosen(args, state)
        moved = {label for label, _ in assignment.placed}
        before = {s.label: state.delegates[s.delegate_id].name for s in state.seats.values()
                  if s.delegate_id in state.delegates and s.delegate_id is not None}
        lines = [f"  {label:<8} {name}" + ("  (đã ngồi ở đây)" if before.get(label) == name else "")
                 for label, name in assignment.placed]
        print(f"Xếp {len(moved)} đại biểu:" if lines else "Không có đại biểu nào cần xếp.")
        print("\n".join(lines))
        if not assignment.commands:
            print("Chỗ ngồi đã đúng như vậy: không có gì cần thay đổi.")
            return 0
        print(f"{len(assignment.commands)} lệnh đổi chỗ ngồi.")
        if not args.apply:
            print(NOT_SENT)
            return 0
        return await _send(tech, connection, assignment.commands)


async def _print(args: argparse.Namespace) -> int:
    from app.documents_seat_map import paper_of, seat_map_pdf

    async with technician(args) as tech:
        _, connection = await _meeting(tech, args)
        state = meeting_state(connection)
    pdf = await asyncio.to_thread(seat_map_pdf, state)
    out = Path(args.out)
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise DomainError("no_file", f"Không ghi được tệp {out}: {exc.strerror or exc}.") from None
    print(f"Đã in sơ đồ chỗ ngồi ({len(state.seats)} ghế, khổ {paper_of(state)} ngang) vào {out}.")
    return 0
