"""`phonghop admin …`: the technician's preparation steps by script, one module per group of
steps, each registering its own subcommands (the technician's console calls the same app/ code)."""

from __future__ import annotations

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
)


def add_command(sub: Any) -> None:
    admin = sub.add_parser("admin", help="chuẩn bị phòng họp bằng dòng lệnh (kỹ thuật viên)")
    steps = admin.add_subparsers(dest="admin_command", required=True)
    for name in MODULES:
        importlib.import_module(name).add_commands(steps)
