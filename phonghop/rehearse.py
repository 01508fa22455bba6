"""`phonghop rehearse`: the technician's dry run of a real room server with simulated seats.

    phonghop rehearse --device DIR [--seats 100] [--documents 1] [--pages 5] [--spread 1]
        [--workers K] [--reconnect-storm] [--keep] [--json FILE] [--timeout 30]

The technician's device creates a rehearsal meeting ("Diễn tập …") with N delegates and seats,
publishes generated documents, issues one-time codes and enrolls N simulated seats and a chair
device through the real /v1/enroll. Then, as a sitting would: every seat connects, checks in,
downloads the documents and asks to speak; the chair opens a vote, every seat casts a signed
ballot, the chair closes it and every seat receives the result; with --reconnect-storm every
seat's connection drops at once and each comes back by itself. Commands from the seats are sent
spread evenly over --spread seconds, as the benchmarks' bursts. At the end the meeting's
documents are purged and every simulated device revoked (unless --keep).

The report (docs/rehearsal.md): per step p50/p95/p99 and the slowest seat, the target and
whether it is met, every failure with its cause, the cleanup; --json FILE writes it whole,
with every seat's times. Exit 0: every target met, no failure; 1: failures or a target not met;
2: nothing was run (the device, the server: `Lỗi: … [code]` on stderr).

Only the options live here: the rehearsal itself (phonghop.rehearse_run) pulls in PDF and
network code that `phonghop server` never needs at start.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_command(sub: Any) -> None:
    cmd = sub.add_parser(
        "rehearse", help="diễn tập phòng họp: ghế mô phỏng điểm danh, tải tài liệu, xin phát biểu, biểu quyết",
        description="Diễn tập trên máy chủ phòng họp thật với các ghế mô phỏng; báo độ trễ, lỗi và mục tiêu.")
    cmd.add_argument("--device", required=True, metavar="DIR",
                     help="thư mục thiết bị kỹ thuật viên đã đăng ký (phonghop enroll)")
    cmd.add_argument("--seats", type=int, default=100, help="số ghế mô phỏng (mặc định 100)")
    cmd.add_argument("--documents", type=int, default=1, help="số tài liệu diễn tập (mặc định 1)")
    cmd.add_argument("--pages", type=int, default=5, help="số trang mỗi tài liệu (mặc định 5)")
    cmd.add_argument("--spread", type=float, default=1.0, help="các ghế gửi lệnh rải trong bao nhiêu giây (mặc định 1)")
    cmd.add_argument("--workers", type=int, help="số tiến trình chạy ghế mô phỏng (mặc định theo số ghế)")
    cmd.add_argument("--reconnect-storm", action="store_true", help="thêm bước: mọi ghế mất mạng cùng lúc rồi kết nối lại")
    cmd.add_argument("--sealed", action="store_true",
                     help="thêm bước: phiếu kín mã hóa, Ban kiểm phiếu 7 thiết bị tạo khóa và giải mã")
    cmd.add_argument("--keep", action="store_true", help="không dọn: giữ tài liệu và thiết bị mô phỏng trên máy chủ")
    cmd.add_argument("--json", metavar="FILE", help="ghi báo cáo đầy đủ (từng ghế) ra tệp JSON")
    cmd.add_argument("--timeout", type=float, default=30.0, help="số giây chờ máy chủ ở mỗi bước")
    cmd.add_argument("--json-logging", action="store_true")
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import sys

    if not 1 <= args.seats <= 5000 or not 1 <= args.documents <= 20 or not 1 <= args.pages <= 500:
        print("Lỗi: số ghế phải từ 1 đến 5000, số tài liệu từ 1 đến 20, số trang từ 1 đến 500. [bad_request]",
              file=sys.stderr)
        return 2
    import logging

    # The report is the output: the enrollments' log lines would drown it.
    logging.getLogger().setLevel(logging.WARNING)
    from phonghop.admin_device import run
    from phonghop.rehearse_run import Rehearsal

    return run(Rehearsal(args).main())
