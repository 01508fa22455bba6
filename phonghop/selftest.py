"""`phonghop selftest`: proves an installed PhòngHọp works on this machine, step by step.

In a temporary folder it starts a room server (a child process of this same program, as the demo
does), enrolls a technician's device and a delegate's seat, publishes a sample document encrypted,
lets the seat fetch and decrypt it, renders its first page with Qt (offscreen where there is no
screen) and loads the English translation. Each step prints one line in Vietnamese; the first
that fails says why and the exit status is 1. The installer's build runs it on the bundle, so a
library or resource the bundle forgot shows here, not in the meeting room.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from phonghop.relaunch import frozen, phonghop_command

MEETING = "ninhbinh-2026-k1"  # the room server's sample meeting (--seed-demo)
SEAT_DELEGATE = "db-020"
SAMPLE = "tl-tt-ktxh-2027"  # a demo document: several pages, tables, every Vietnamese letter
SERVER_START_S = 60.0  # a first start from a cold, slow disk (a seat tablet's) reads ~250 MB
STEP_S = 30.0
# Loaded only by some commands; ours are the homes of PyMuPDF, segno, openpyxl and zeroconf.
LIBRARIES = (
    "aiohttp", "msgspec", "cryptography.hazmat.primitives.ciphers.aead", "keyring.backends",
    "app.documents_render", "app.seat_cards", "app.delegate_file", "sync.discovery",
    *(("uvloop",) if sys.platform != "win32" else ()),
)


class StepFailed(Exception):
    """A step failed; its line is printed already."""


class Report:
    """One line per step: "✓ what was checked (details)" or "✗ what failed: why"."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.started = time.monotonic()

    def line(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[list[str]]:
        details: list[str] = []
        try:
            yield details
        except StepFailed:
            raise
        except Exception as exc:
            self.line(f"✗ {label}: {_reason(exc)}")
            raise StepFailed(label) from exc
        shown = f" ({'; '.join(details)})" if details else ""
        self.line(f"✓ {label}{shown}")


def _reason(exc: BaseException) -> str:
    from app.errors import DomainError

    if isinstance(exc, DomainError):
        return f"{exc.message} [{exc.code}]"
    if isinstance(exc, TimeoutError):
        return f"quá {STEP_S:.0f} giây chờ"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def run_selftest(out: IO[str] | None = None) -> int:
    """Runs every step; 0 when all passed, 1 at the first that failed."""
    stream = out or sys.stdout
    if hasattr(stream, "reconfigure"):
        # A Windows console redirected to a file is cp1252: a ✓ must not end the self-test.
        stream.reconfigure(errors="replace")
    report = Report(stream)
    how = "bản cài đặt" if frozen() else "mã nguồn"
    report.line(f"PhòngHọp — tự kiểm tra ({how}: {sys.executable})")
    with tempfile.TemporaryDirectory(prefix="phonghop-selftest-", ignore_cleanup_errors=True) as folder:
        try:
            _run(report, Path(folder))
        except StepFailed as failed:
            report.line(f"Tự kiểm tra KHÔNG ĐẠT ở bước: {failed}.")
            return 1
    took = f"{time.monotonic() - report.started:.1f}".replace(".", ",")
    report.line(f"Tự kiểm tra đạt sau {took} giây: PhòngHọp sẵn sàng trên máy này.")
    return 0


def _run(report: Report, root: Path) -> None:
    with report.step("Đủ thư viện của chương trình (mạng, mã hóa, tài liệu, giao diện)") as details:
        details.append(_libraries())
    server_log = root / "server.log"
    with report.step("Máy chủ phòng họp khởi động") as details:
        server, listening = _start_server(root / "server", server_log)
        details.append(listening["url"])
    try:
        try:
            _run_devices(report, root, listening)
        finally:
            with report.step("Máy chủ phòng họp dừng"):
                _stop_server(server)
    except StepFailed:
        tail = server_log.read_text("utf-8", errors="replace").strip().splitlines()[-8:]
        if tail:
            report.line("Nhật ký máy chủ (các dòng cuối):")
            for text in tail:
                report.line(f"    {text}")
        raise


def _libraries() -> str:
    """Imports what only some paths load (the bundle must carry them all) and says whether the
    system keyring holds device keys here; without one, keys go in a passphrase file."""
    from app.keystore import keyring_available

    for module in LIBRARIES:
        importlib.import_module(module)
    return "kho khóa của hệ điều hành: " + ("có" if keyring_available() else "không có, dùng mật khẩu thiết bị")


def _start_server(data: Path, log_path: Path) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    command = phonghop_command("server", "--data", str(data), "--port", "0", "--seed-demo", "--no-announce")
    # Never announced on the LAN: a self-test on the hall's network must not look like a room.
    with open(log_path, "a", encoding="utf-8") as log:
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    stdout = server.stdout
    assert stdout is not None
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=SERVER_START_S)
    except queue.Empty:
        server.kill()
        raise TimeoutError from None
    if not line:
        server.wait(timeout=10)
        raise RuntimeError(f"máy chủ dừng ngay khi khởi động (mã thoát {server.returncode})")
    return server, json.loads(line)


def _stop_server(server: subprocess.Popen[str]) -> None:
    if server.poll() is not None:
        raise RuntimeError(f"máy chủ đã dừng giữa chừng (mã thoát {server.returncode})")
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise TimeoutError from None


def _run_devices(report: Report, root: Path, listening: dict[str, Any]) -> None:
    """The devices' steps run on the seat's own event loop: Qt's, through qasync."""
    if not _screen_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.run import run_qt

    failed: list[StepFailed] = []

    async def devices() -> int:
        try:
            await _devices(report, root, listening)
        except StepFailed as exc:
            failed.append(exc)
            return 1
        return 0

    with report.step("Giao diện Qt khởi động") as details:
        from ui.selftest_checks import qt_application

        app, platform = qt_application()  # held until the loop ends: run_qt takes it
        details.append(f"nền tảng {platform}")
    run_qt(devices)
    del app
    if failed:
        raise failed[0]


def _screen_available() -> bool:
    from phonghop.demo import screen_available

    return screen_available()


async def _devices(report: Report, root: Path, listening: dict[str, Any]) -> None:
    import aiohttp

    from app.demo_docs import demo_documents, render_demo_document
    from app.documents import import_document
    from sync.client.blobs import BlobCache
    from sync.client.documents import DocumentFetcher
    from sync.client.publish import publish_document
    from sync.client.reader import DocumentReader
    from sync.tls import client_ssl_context_pinned
    from ui.selftest_checks import english_loads, render_first_page

    cards: list[dict[str, Any]] = json.loads((root / "server" / "enrollment.json").read_text("utf-8"))
    opened: list[Any] = []
    fetcher: DocumentFetcher | None = None
    try:
        with report.step("Đăng ký thiết bị kỹ thuật viên và ghế đại biểu bằng thẻ ghế"):
            async with _timeout():
                tech_log, tech = await _enrolled(root / "tech", _card(cards, "technician"), "Máy kỹ thuật viên", opened,
                                                 logs=(None, MEETING))
                (seat,) = await _enrolled(root / "seat", _card(cards, "delegate", SEAT_DELEGATE), "Ghế tự kiểm tra",
                                          opened, logs=(MEETING,))
                fetcher = DocumentFetcher(seat, BlobCache(root / "seat" / "blobs"))
                fetcher.start()
                await _until(lambda: all(c.status.kind == "online" and c.token is not None for c in opened))
                await _until(lambda: seat.identity.device_id in getattr(tech_log.state, "devices", {}))

        sample = next(d for d in demo_documents() if d.document_id == SAMPLE)
        with report.step("Tạo tài liệu mẫu, mã hóa và đăng lên máy chủ") as details:
            async with _timeout():
                pdf = render_demo_document(sample)
                imported = import_document(pdf, sample.filename, item_id=sample.item_id, title=sample.title)
                async with aiohttp.ClientSession() as http:
                    answer = await publish_document(
                        tech, tech_log, http, client_ssl_context_pinned(listening["fingerprint"]), pdf,
                        document_id=sample.document_id, title=imported.title, pages=imported.page_count,
                        item_id=sample.item_id, classification=imported.classification,
                    )
                if answer["type"] != "ack":
                    raise RuntimeError(str(answer.get("message")))
                details.append(f"{imported.page_count} trang, {len(pdf) // 1024} KB")

        with report.step("Ghế đại biểu tải về và giải mã tài liệu") as details:
            async with _timeout():
                documents = lambda: getattr(seat.state, "documents", {})  # noqa: E731
                await _until(lambda: SAMPLE in documents() or SAMPLE in fetcher.errors)
                await _until(lambda: SAMPLE in fetcher.errors or fetcher.ready(documents()[SAMPLE]))
                if SAMPLE in fetcher.errors:
                    raise fetcher.errors[SAMPLE]
                plain = bytes(DocumentReader(seat.identity.device_id, seat.keys, fetcher.cache).plaintext(documents()[SAMPLE]))
                if plain != pdf:
                    raise RuntimeError("tài liệu giải mã khác tài liệu đã đăng")
                details.append("bản giải mã trùng khớp bản gốc")

        with report.step("Hiển thị trang 1 của tài liệu") as details:
            details.append(render_first_page(plain))

        with report.step("Nạp bản dịch tiếng Anh của giao diện") as details:
            details.append(english_loads())
    finally:
        if fetcher is not None:
            await fetcher.stop()
        for connection in opened:
            with contextlib.suppress(Exception):
                await connection.stop()


def _card(cards: list[dict[str, Any]], role: str, delegate_id: str | None = None) -> dict[str, Any]:
    return next(c for c in cards if c["role"] == role and (delegate_id is None or c.get("delegate_id") == delegate_id))


async def _enrolled(folder: Path, card: dict[str, Any], name: str, opened: list[Any],
                    logs: tuple[str | None, ...]) -> list[Any]:
    """One enrolled device (keys in memory: a self-test keeps nothing secret on disk), with a
    started connection per log: None is the server's own log, where the devices are."""
    from app.keys import DeviceKeys
    from app.storage.replica import Replica
    from sync.client.connection import Connection
    from sync.client.enroll import enroll

    keys = DeviceKeys.generate()
    identity = await enroll(card["link"], name, keys)
    folder.mkdir(parents=True, exist_ok=True)
    connections = []
    for log_id in logs:
        replica = Replica(folder / f"{log_id or 'server'}.db")
        replica.set_identity(identity.to_dict())
        connection = Connection(identity, keys, replica, log_id=log_id)
        connection.start()
        opened.append(connection)
        connections.append(connection)
    return connections


def _timeout() -> asyncio.timeouts.Timeout:
    return asyncio.timeout(STEP_S)


async def _until(predicate: Callable[[], bool]) -> None:
    while not predicate():
        await asyncio.sleep(0.05)
