"""`phonghop rooms`: the room servers announcing themselves on the LAN (sync/discovery.py).

    phonghop rooms [--seconds S] [--json]

Exits 0 when at least one room answered, 1 when none did (a manual address still works)."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TYPE_CHECKING, Any

# zeroconf (~70 ms) is imported only when the command runs: every `phonghop` command builds
# this parser.
if TYPE_CHECKING:
    from sync.discovery import FoundRoom

NONE_FOUND = (
    "Không tìm thấy phòng họp nào trên mạng LAN. Kiểm tra máy chủ phòng họp đang chạy và máy này "
    "cùng mạng với nó; vẫn có thể đăng ký thiết bị bằng liên kết trên thẻ ghế."
)


def add_command(sub: Any) -> None:
    rooms = sub.add_parser("rooms", help="tìm các phòng họp đang báo trên mạng LAN (mDNS)")
    rooms.add_argument("--seconds", type=float, default=3.0, help="thời gian tìm, giây (mặc định 3)")
    rooms.add_argument("--json", action="store_true", help="kết quả dạng JSON cho chương trình khác")
    rooms.add_argument("--json-logging", action="store_true")
    rooms.set_defaults(run=_rooms)


def short_fingerprint(fingerprint: str) -> str:
    """The first four bytes, as a technician reads them aloud to compare with a seat card."""
    return ":".join(fingerprint[i : i + 2] for i in range(0, 8, 2)).upper() + "…"


def describe(room: FoundRoom) -> str:
    url = room.urls()[0] if room.urls() else ""
    address = url.removeprefix("https://") or ", ".join(room.addresses)
    return f"{room.name} – {address} (vân tay {short_fingerprint(room.fingerprint)})"


def summary(rooms: list[FoundRoom]) -> str:
    if not rooms:
        return NONE_FOUND
    if len(rooms) == 1:
        return f"Tìm thấy 1 phòng họp: {describe(rooms[0])}"
    return "\n".join([f"Tìm thấy {len(rooms)} phòng họp:", *(f"  {describe(room)}" for room in rooms)])


def _rooms(args: argparse.Namespace) -> int:
    from sync.discovery import browse

    rooms = asyncio.run(browse(max(args.seconds, 0.5)))
    if args.json:
        print(json.dumps([
            {"name": r.name, "addresses": list(r.addresses), "port": r.port, "fingerprint": r.fingerprint,
             "urls": r.urls()}
            for r in rooms
        ], ensure_ascii=False))
    else:
        print(summary(rooms))
    return 0 if rooms else 1
