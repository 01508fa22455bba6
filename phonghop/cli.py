"""`phonghop` subcommands; each imports its layer lazily so `server` never loads Qt."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from phonghop import logs


def run_server_loop(main: Coroutine[Any, Any, None]) -> None:
    """uvloop where it exists: its TLS and sockets cost a fraction of asyncio's per write,
    which is what fan-out to 500 seats spends its time on. PHONGHOP_EVENT_LOOP=asyncio opts out."""
    import os

    if os.environ.get("PHONGHOP_EVENT_LOOP") != "asyncio":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            uvloop.run(main)
            return
    asyncio.run(main)


def _server(args: argparse.Namespace) -> int:
    from sync.server.main import serve

    run_server_loop(serve(Path(args.data), args.host, args.port, args.seed_demo, not args.no_announce, args.name))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from phonghop.demo import run_demo

    return run_demo(Path(args.data) if args.data else None, Path(args.snapshot) if args.snapshot else None)


def _selftest(args: argparse.Namespace) -> int:
    from phonghop.selftest import run_selftest

    return run_selftest()


def _passphrase() -> str | None:
    """Only asked for where no OS keyring exists; never echoed, never logged."""
    import getpass
    import os
    import sys

    from app.keystore import keyring_available

    if "PHONGHOP_PASSPHRASE" in os.environ:
        return os.environ["PHONGHOP_PASSPHRASE"]
    if keyring_available() or not sys.stdin.isatty():
        return None
    return getpass.getpass("Mật khẩu bảo vệ khóa thiết bị: ")


def _enroll(args: argparse.Namespace) -> int:
    from app.errors import DomainError
    from sync.client.device import enroll_device

    try:
        identity = asyncio.run(enroll_device(Path(args.data), args.link, args.name, _passphrase()))
    except DomainError as exc:
        print(f"Lỗi: {exc.message} [{exc.code}]")
        return 2
    seat = f", ghế {identity.seat}" if identity.seat else ""
    print(f"Đã đăng ký thiết bị {identity.device_id} ({identity.role}{seat}).")
    return 0


def _follow(args: argparse.Namespace) -> int:
    from app.errors import DomainError
    from phonghop.follow import follow

    try:
        return asyncio.run(follow(Path(args.data), _passphrase()))
    except DomainError as exc:
        print(f"Lỗi: {exc.message} [{exc.code}]")
        return 2
    except KeyboardInterrupt:
        return 0


def _window(run: Callable[[Path, str | None], int], args: argparse.Namespace) -> int:
    """A window of an enrolled device (seat, display, chair): it asks for what it needs
    (enrollment, the device passphrase) itself."""
    import os

    from app.errors import DomainError

    try:
        return run(Path(args.data), os.environ.get("PHONGHOP_PASSPHRASE"))
    except DomainError as exc:
        print(f"Lỗi: {exc.message} [{exc.code}]")
        return 2


def _seat(args: argparse.Namespace) -> int:
    from phonghop.seat import run_enrolled_seat

    return _window(run_enrolled_seat, args)


def _display(args: argparse.Namespace) -> int:
    from phonghop.display import run_enrolled_display

    return _window(lambda data, passphrase: run_enrolled_display(data, passphrase, full_screen=not args.windowed),
                   args)


def _chair(args: argparse.Namespace) -> int:
    from phonghop.chair import run_enrolled_chair

    return _window(run_enrolled_chair, args)


def _technician(args: argparse.Namespace) -> int:
    from phonghop.technician import run_enrolled_technician

    return _window(run_enrolled_technician, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phonghop", description="PhòngHọp: phòng họp không giấy cho HĐND")
    sub = parser.add_subparsers(dest="command", required=True)

    server = sub.add_parser("server", help="chạy máy chủ phòng họp")
    server.add_argument("--data", required=True, help="thư mục dữ liệu của máy chủ")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8443, help="0: chọn cổng trống")
    server.add_argument("--seed-demo", action="store_true", help="tạo kỳ họp mẫu nếu thư mục còn trống")
    server.add_argument("--name", help="tên phòng họp khi báo trên mạng LAN (mặc định: tên HĐND của kỳ họp)")
    server.add_argument("--no-announce", action="store_true", help="không báo phòng họp trên mạng LAN (mDNS)")
    server.add_argument("--json-logging", action="store_true")
    server.set_defaults(run=_server)

    enroll = sub.add_parser("enroll", help="đăng ký thiết bị này bằng liên kết trên thẻ ghế")
    enroll.add_argument("link", help="phonghop://…/enroll?code=…&fp=…")
    enroll.add_argument("--data", required=True, help="thư mục dữ liệu của thiết bị")
    enroll.add_argument("--name", default="Thiết bị PhòngHọp", help="tên thiết bị")
    enroll.add_argument("--json-logging", action="store_true")
    enroll.set_defaults(run=_enroll)

    follow = sub.add_parser("follow", help="theo dõi cuộc họp từ thiết bị đã đăng ký (dòng lệnh)")
    follow.add_argument("--data", required=True, help="thư mục dữ liệu của thiết bị")
    follow.add_argument("--json-logging", action="store_true")
    follow.set_defaults(run=_follow)

    seat = sub.add_parser("seat", help="mở màn hình ghế đại biểu của thiết bị đã đăng ký")
    seat.add_argument("--data", required=True, help="thư mục dữ liệu của thiết bị")
    seat.add_argument("--json-logging", action="store_true")
    seat.set_defaults(run=_seat)

    display = sub.add_parser("display", help="mở màn hình hội trường (máy chiếu, TV) của thiết bị đã đăng ký")
    display.add_argument("--data", required=True, help="thư mục dữ liệu của thiết bị")
    display.add_argument("--windowed", action="store_true", help="mở trong cửa sổ thay vì toàn màn hình")
    display.add_argument("--json-logging", action="store_true")
    display.set_defaults(run=_display)

    chair = sub.add_parser("chair", help="mở bàn chủ tọa (hoặc thư ký kỳ họp) của thiết bị đã đăng ký")
    chair.add_argument("--data", required=True, help="thư mục dữ liệu của thiết bị")
    chair.add_argument("--json-logging", action="store_true")
    chair.set_defaults(run=_chair)

    tech = sub.add_parser("technician", help="mở bàn kỹ thuật viên: chuẩn bị kỳ họp, đăng ký thiết bị, theo dõi phòng họp")
    tech.add_argument("--data", required=True, help="thư mục dữ liệu của thiết bị kỹ thuật viên")
    tech.add_argument("--json-logging", action="store_true")
    tech.set_defaults(run=_technician)

    demo = sub.add_parser("demo", help="chạy thử: máy chủ với kỳ họp mẫu và các thiết bị mẫu")
    demo.add_argument("--data", help="thư mục dữ liệu (mặc định: thư mục tạm)")
    demo.add_argument("--json-logging", action="store_true")
    demo.add_argument("--snapshot", metavar="PNG", help="lưu ảnh cửa sổ ghế khi đã có đủ tài liệu rồi đóng lại")
    demo.set_defaults(run=_demo)

    selftest = sub.add_parser("selftest", help="tự kiểm tra bản cài đặt: máy chủ, mã hóa tài liệu, hiển thị trang, bản dịch")
    selftest.add_argument("--json-logging", action="store_true")
    selftest.set_defaults(run=_selftest)

    from phonghop.admin import add_command as add_admin
    from phonghop.archive_cli import add_commands  # export, verify
    from phonghop.rehearse import add_command as add_rehearse
    from phonghop.rooms import add_command as add_rooms

    add_commands(sub)
    add_rooms(sub)
    add_rehearse(sub)
    add_admin(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["admin"]:
        from phonghop.admin import main as admin

        logs.configure("--json-logging" in argv, logging.INFO)
        return admin(argv[1:])
    args = build_parser().parse_args(argv)
    # The demo talks to a person in the terminal: only problems go to the log there.
    level = logging.WARNING if args.command in ("demo", "selftest", "enroll", "follow", "seat", "display", "chair", "technician") else logging.INFO
    logs.configure(getattr(args, "json_logging", False), level)
    result: int = args.run(args)
    return result
