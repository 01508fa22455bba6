"""`phonghop admin purge`: after the meeting, its documents leave every device (docs/lifecycle.md).

    phonghop admin purge --device DIR --meeting ID --yes

Each device deletes the meeting's documents (encrypted files, search text, the delegates' notes
on them) as soon as it hears of it: at once when connected, else when it next connects; the room
server no longer hands out the files. The log and the public records (attendance, votes,
minutes) stay. It cannot be undone, hence `--yes`; refused while a vote is open.
Exit 0: purged; 1: the server refused (printed); 2: nothing was sent (`Lỗi: … [code]` on stderr).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.errors import DomainError
from phonghop.admin_device import add_device_options, identifier, meeting_state, refusal, run, technician


def add_commands(steps: Any) -> None:
    purge = steps.add_parser(
        "purge", help="sau kỳ họp: xóa tài liệu của kỳ họp khỏi mọi thiết bị",
        description="Xóa tài liệu của kỳ họp khỏi mọi thiết bị (tệp mã hóa, nội dung tìm kiếm, ghi chú của đại "
        "biểu trên tài liệu). Nhật ký kỳ họp, điểm danh, kết quả biểu quyết và biên bản vẫn được giữ. Không hoàn tác "
        "được.")
    add_device_options(purge, meeting=False)
    purge.add_argument("--meeting", required=True, metavar="ID", help="mã kỳ họp")
    purge.add_argument("--yes", action="store_true", help="xác nhận xóa (bắt buộc: thao tác không hoàn tác được)")
    purge.set_defaults(run=lambda args: run(_purge(args)))


async def _purge(args: argparse.Namespace) -> int:
    meeting_id = identifier(args.meeting, "Mã kỳ họp")
    if not args.yes:
        raise DomainError("bad_request", f"Xóa tài liệu của kỳ họp {meeting_id} khỏi mọi thiết bị là thao tác không "
                                         "hoàn tác được: chạy lại với --yes để xác nhận.")
    async with technician(args) as tech:
        connection = await tech.meeting(tech.meeting_id(meeting_id))
        documents = len(meeting_state(connection).documents)
        answer = await tech.request(connection, "meeting.purge", {"confirm": True})
        if answer.get("type") != "ack":
            print(f"Không xóa được tài liệu: {refusal(answer)}")
            return 1
    print(f"Đã xóa {documents} tài liệu của kỳ họp {meeting_id} khỏi mọi thiết bị. Thiết bị đang kết nối xóa ngay; "
          "thiết bị đang tắt sẽ xóa khi kết nối lại. Nhật ký, điểm danh, kết quả biểu quyết và biên bản vẫn được giữ.")
    return 0
