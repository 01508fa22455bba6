"""The layers of DESIGN.md, enforced: ui -> sync -> app, Qt only in ui, sockets only in sync."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What each top-level package may import from the project and from outside.
PROJECT = {"app", "sync", "ui", "phonghop", "resources"}
MAY_IMPORT = {
    "app": {"app"},
    "sync": {"app", "sync"},
    "ui": {"app", "sync", "ui", "resources"},
    "phonghop": {"app", "sync", "ui", "phonghop", "resources"},
}
QT = {"PySide6", "qasync", "shiboken6"}
NETWORK = {"aiohttp", "socket", "ssl", "asyncio", "websockets"}
# The pure core: no clock, no I/O loop, no sockets.
PURE = ["app/reducer.py", "app/commands.py", "app/agenda.py", "app/attendance.py", "app/messages.py",
        "app/speaking.py", "app/speaking_time.py",
        "app/preparation.py", "app/presenting.py", "app/devices.py", "app/model.py", "app/events.py", "app/canonical.py",
        "sync/protocol/messages.py", "sync/protocol/handshake.py", "sync/protocol/errors.py"]
IMPURE = {"asyncio", "socket", "ssl", "aiohttp", "time", "random", "secrets", "os", "threading"}
# One home per third-party library.
HOMES = {"sqlite_utils": "app/storage/", "fitz": "app/documents", "pymupdf": "app/documents",
         "openpyxl": "app/delegate_file", "segno": "app/seat_cards", "zeroconf": "sync/discovery.py",
         "nacl": "app/tally/group.py"}


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_layers_import_only_downwards() -> None:
    breaches = []
    for package, allowed in MAY_IMPORT.items():
        for path in sources(package):
            for name in imports_of(path):
                top = name.split(".")[0]
                if top in PROJECT and top not in allowed:
                    breaches.append(f"{path.relative_to(ROOT)} imports {name}")
                if top in QT and package != "ui":
                    breaches.append(f"{path.relative_to(ROOT)} imports Qt ({name})")
                if top in NETWORK and package == "app":
                    breaches.append(f"{path.relative_to(ROOT)} imports {name} (no network in app/)")
    assert breaches == []


def test_pure_core_has_no_clock_randomness_or_io() -> None:
    breaches = [
        f"{rel} imports {name}"
        for rel in PURE
        for name in imports_of(ROOT / rel)
        if name.split(".")[0] in IMPURE
    ]
    assert breaches == []


def test_third_party_libraries_have_one_home() -> None:
    breaches = []
    for package in ("app", "sync", "ui", "phonghop"):
        for path in sources(package):
            rel = str(path.relative_to(ROOT))
            for name in imports_of(path):
                home = HOMES.get(name.split(".")[0])
                if home and not rel.startswith(home):
                    breaches.append(f"{rel} imports {name}; its home is {home}")
    assert breaches == []


def test_the_server_command_never_loads_qt() -> None:
    import subprocess
    import sys

    code = "import sys, phonghop.cli, sync.server.main; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
