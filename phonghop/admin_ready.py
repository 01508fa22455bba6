"""`phonghop admin ready`: before the sitting, what is still missing in the room (app/readiness.py).

    phonghop admin ready --device DIR [--meeting ID] [--wait S]

Prints the seats ready out of all, then each thing to fix (blockers first, then warnings), in
the words the technician's console shows. With --wait it keeps looking for up to S seconds and
stops as soon as the room is ready (seats still downloading, say).
Exit 0: ready (warnings allowed); 1: not ready; 2: nothing could be checked (`Lỗi: … [code]`).
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from app.errors import DomainError
from app.readiness import Readiness, check
from phonghop.admin_device import Technician, add_device_options, meeting_state, run, technician
from sync.client.connection import Connection

SEVERITY_LABELS = {"blocker": "cần xử lý", "warning": "cảnh báo"}
LOOK_EVERY_S = 1.0


def add_commands(steps: Any) -> None:
    ready = steps.add_parser("ready", help="kiểm tra phòng họp đã sẵn sàng chưa: thiết bị, tài liệu, đồng hồ")
    add_device_options(ready)
    ready.add_argument("--wait", type=float, default=0.0, metavar="S",
                       help="chờ tối đa S giây cho đến khi phòng họp sẵn sàng (mặc định: kiểm tra một lần)")
    ready.set_defaults(run=lambda args: run(_ready(args)))


def describe(result: Readiness) -> list[str]:
    lines = [result.summary(), result.verdict()]
    lines += [f"  [{SEVERITY_LABELS[p.severity]}] {p.text}" for p in result.problems]
    return lines


async def _statuses_known(server: Connection, timeout: float) -> None:
    """The server tells a technician every device's status right after the welcome; the
    technician's own device is among them, so an empty list means not yet."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not server.devices:
        if loop.time() > deadline:
            raise DomainError("unavailable", f"Máy chủ chưa gửi tình trạng các thiết bị sau {timeout:g} giây.")
        await asyncio.sleep(0.05)


def _check(tech: Technician, meeting: Connection) -> Readiness:
    return check(meeting_state(meeting), tech.server_state, tech.server.devices)


async def _ready(args: argparse.Namespace) -> int:
    if args.wait < 0:
        raise DomainError("bad_request", "Thời gian chờ (--wait) phải là số giây không âm.")
    async with technician(args) as tech:
        meeting_id = tech.meeting_id(args.meeting)
        meeting = await tech.meeting(meeting_id)
        await _statuses_known(tech.server, args.timeout)
        result = _check(tech, meeting)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + args.wait
        while not result.ready and loop.time() < deadline:
            await asyncio.sleep(min(LOOK_EVERY_S, max(deadline - loop.time(), 0.0)))
            result = _check(tech, meeting)
        state = meeting_state(meeting)
    assert state.meeting is not None
    print(f"Kỳ họp {meeting_id}: {state.meeting.title}")
    print("\n".join(describe(result)))
    return 0 if result.ready else 1
