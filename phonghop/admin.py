"""`phonghop admin …`: the technician's preparation steps by script, one module per group of
steps, each registering its own subcommands (the technician's console calls the same app/ code).

The modules are imported only when `admin` is the command: they pull in PDF, QR, Excel and
HTTP libraries that `phonghop server` and the windows never need at start."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

# One line per module: each has `add_commands(admin_subparsers)`.
MODULES: tuple[str, ...] = (
    "phonghop.admin_backup",
    "phonghop.admin_delegates",
    "phonghop.admin_cards",
    "phonghop.admin_meeting",
    "phonghop.admin_agenda",
    "phonghop.admin_documents",
    "phonghop.admin_purge",
    "phonghop.admin_ready",
    "phonghop.admin_seats",
)


def add_command(sub: Any) -> None:
    """Only listed in `phonghop --help`: `phonghop.cli.main` hands `admin …` to `main` here."""
    sub.add_parser("admin", help="chuẩn bị phòng họp bằng dòng lệnh (kỹ thuật viên)", add_help=False)


def parser() -> argparse.ArgumentParser:
    admin = argparse.ArgumentParser(prog="phonghop admin", description="chuẩn bị phòng họp bằng dòng lệnh (kỹ thuật viên)")
    steps = admin.add_subparsers(dest="admin_command", required=True)
    for name in MODULES:
        importlib.import_module(name).add_commands(steps)
    return admin


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    result: int = args.run(args)
    return result
