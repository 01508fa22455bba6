"""`phonghop` subcommands; each imports its layer lazily so `server` never loads Qt."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from phonghop import logs


def _server(args: argparse.Namespace) -> int:
    from sync.server.main import serve

    asyncio.run(serve(Path(args.data), args.host, args.port, args.seed_demo))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from phonghop.demo import run_demo

    return run_demo(Path(args.data) if args.data else None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phonghop", description="PhòngHọp: phòng họp không giấy cho HĐND")
    sub = parser.add_subparsers(dest="command", required=True)

    server = sub.add_parser("server", help="chạy máy chủ phòng họp")
    server.add_argument("--data", required=True, help="thư mục dữ liệu của máy chủ")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8443, help="0: chọn cổng trống")
    server.add_argument("--seed-demo", action="store_true", help="tạo kỳ họp mẫu nếu thư mục còn trống")
    server.add_argument("--json-logging", action="store_true")
    server.set_defaults(run=_server)

    demo = sub.add_parser("demo", help="chạy thử: máy chủ với kỳ họp mẫu và các thiết bị mẫu")
    demo.add_argument("--data", help="thư mục dữ liệu (mặc định: thư mục tạm)")
    demo.add_argument("--json-logging", action="store_true")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The demo talks to a person in the terminal: only problems go to the log there.
    level = logging.WARNING if args.command == "demo" else logging.INFO
    logs.configure(getattr(args, "json_logging", False), level)
    result: int = args.run(args)
    return result
