"""The technician's device monitor under a restless hall: 500 devices each changing state every second.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_device_monitor.py [--devices 500]
        [--seconds 20] [--documents 20] [--seed 6] [--snapshot FILE.png]

(offscreen is the default when QT_QPA_PLATFORM is unset.) Issue 6, "Watching the room": the monitor
keeps up with 500 devices changing state every second without the console stalling: no GUI frame
over 50 ms.

The hall: a meeting of N delegates, each with a seat and an enrolled seat device, and --documents
current documents whose keys name every device (app.model states built directly: the monitor
reads them, it does not decide anything). The console is the real ui.tech_devices.DevicePanel
(1500×900, shown, painting offscreen) over a real sync.client.connection.Connection of a
technician (never started: no socket) whose `state` is that server log.

The load, on the console's own event loop (qasync, as ui.run): every device changes once a
second, at its own phase within the second (N/100 changes every 10 ms), in turn: a new report
(clock offset), a report holding one document fewer, offline, online with all its documents.
A report is a real `status` frame through sync.protocol.ServerSession.receive (an open session)
into the real sync.server.device_status.DeviceBoard, as the room server's session does; going
offline/online are the board's `disconnected`/`connected`, as SessionRegistry calls them. The
board's coalesced `devices` messages (at most one per 0.5 s, ~N/2 entries) go, as bytes, through
sync.protocol.ClientSession.receive into the Connection's inbox and its own apply loop
(Connection._apply_batches: merged statuses, Changes(devices=True) to the panel), exactly as
a frame read from the socket; the panel folds them into one refresh per 300 ms.

Figures (one JSON line each: {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n", "machine", ...}):
- gui_worst_stall_ms: a 10 ms precise QTimer on the GUI thread; each tick's lateness is the time
  since the previous tick minus 10 ms; the figure is the worst over the run, target ≤ 50 ms.
  Alongside: p99 and median lateness, the panel's refresh time (monitor rows + table model apply)
  p50/p95/max, the table view's paints, the `devices` messages and entries applied, what the
  refreshes told the view (reset, moved, data), the three worst stalls with the part the
  refreshes, the decoding and the cycle collector (gcN: generation N, run by ui.collector on
  the GUI thread as in the console) took in each, and the machine's load average (other processes
  taking the CPU show as stalls).
  Floor, same run, afterwards for as long: the same timer beside a plain QTableView over a
  QStandardItemModel of N rows × 9 text columns, where every 300 ms as many rows as the panel
  saw change on average get new texts (setText on their cells) — what Qt itself needs to
  show that much change — and the same load generator feeding the same board, whose messages
  are decoded and dropped. "floor" is its worst stall, "ratio" the figure over it.
- server_cost_ms_per_s: the board's side of the load (ServerSession.receive of the status frames,
  DeviceBoard.reported/connected/disconnected, the coalesced messages encoded), measured with
  perf_counter around those calls only, per second of load; informative target ≤ 50 ms per
  second (5 % of one core). Floor: msgspec-decoding the same status frames alone.

Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import QEvent, QMessageLogContext, QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from app.clock import SystemClock  # noqa: E402
from app.device_status import document_tag  # noqa: E402
from app.keys import DeviceKeys  # noqa: E402
from app.model import Delegate, Device, Document, Meeting, MeetingState, Seat, ServerState  # noqa: E402
from app.storage.replica import Replica  # noqa: E402
from sync.client.connection import Connection  # noqa: E402
from sync.client.enroll import Identity  # noqa: E402
from sync.protocol.handshake import ClientSession, ClientState, ServerSession, StatusReceived  # noqa: E402
from sync.protocol.handshake import ServerState as SessionState  # noqa: E402
from sync.protocol.messages import decode_client  # noqa: E402
from sync.server.device_status import DeviceBoard  # noqa: E402
from ui import tech_devices  # noqa: E402
from ui.collector import GuiThreadCollector  # noqa: E402
from ui.tech_devices import DevicePanel  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

TARGET_STALL_MS = 50.0
TARGET_SERVER_MS = 50.0
TICK_MS = 10
MACHINE = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
MEETING = "ky-hop-bench"


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2),
            "p95": round(percentile(values, 95), 2), "max": round(max(values), 2)}


def emit(figure: str, value: float, unit: str, target: float, floor: float, n: int, **extra: Any) -> None:
    print(json.dumps({"figure": figure, "value": round(value, 2), "unit": unit, "target": target,
                      "floor": round(floor, 2), "ratio": round(value / floor, 3) if floor else None,
                      "ok": value <= target, "n": n, "machine": MACHINE, **extra}, ensure_ascii=False), flush=True)


# -- the hall ------------------------------------------------------------------------------------


def build_hall(n: int, documents: int) -> tuple[ServerState, MeetingState, list[str]]:
    devices: dict[str, Device] = {}
    delegates: dict[str, Delegate] = {}
    seats: dict[str, Seat] = {}
    for i in range(1, n + 1):
        delegate_id, seat_id, device_id = f"db-{i:03d}", f"S{i:03d}", f"dev-{i:03d}"
        row, col = divmod(i - 1, 20)
        label = f"{chr(ord('A') + row)}-{col + 1:02d}"
        delegates[delegate_id] = Delegate(delegate_id, f"Đại biểu số {i}", "Đại biểu", "g", "Tổ", "nam",
                                          ("delegate",), False)
        seats[seat_id] = Seat(seat_id, label, row, col, "hall", delegate_id)
        devices[device_id] = Device(device_id, "delegate", MEETING, delegate_id, seat_id, f"Máy {i}", "pub", "kex")
    devices["tech"] = Device("tech", "technician", None, None, None, "Kỹ thuật", "pub", "kex")
    keys = {d: "wrapped" for d in devices}
    docs = {f"doc-{k:02d}": Document(f"doc-{k:02d}", None, f"Tài liệu {k}", 1, 3, "public", "0" * 64, 1, 1, 1, keys)
            for k in range(documents)}
    meeting = Meeting(MEETING, "regular", "Kỳ họp thứ nhất", "HĐND tỉnh", "2026–2031", "2026-12-01", "Hội trường", n)
    state = MeetingState(meeting=meeting, delegates=delegates, seats=seats, documents=docs)
    tags = [document_tag(d.document_id, d.version) for d in docs.values()]
    return ServerState(devices=devices), state, tags


class Load:
    """Every device changes once a second at its own phase, driving the real board as sessions do.
    `server_s` sums the time spent in the board's side; `fed` gets each coalesced message."""

    def __init__(self, n: int, tags: list[str], rng: random.Random, feed: Callable[[bytes], None]):
        self.n, self.tags, self.rng = n, tags, rng
        self.board = DeviceBoard(SystemClock())
        self.session = ServerSession()
        self.session.state = SessionState.OPEN  # as after a welcome: it now takes status frames
        self.step = [0] * n
        self.server_s = 0.0
        self.feed_s = 0.0
        self.frames: list[bytes] = []  # every status frame sent, for the decode floor
        self.changes = 0
        self.messages = 0
        self.entries = 0
        self._feed = feed
        self._phase = list(range(n))
        rng.shuffle(self._phase)
        flush = self.board._flush

        def timed_flush() -> None:  # the board's own flush, its send (the console's side) taken out
            t0 = time.perf_counter()
            feed_before = self.feed_s
            flush()
            self.server_s += time.perf_counter() - t0 - (self.feed_s - feed_before)

        self.board._flush = timed_flush  # type: ignore[method-assign]
        for i in range(n):
            self.board.connected(f"dev-{i + 1:03d}")
            self.board.reported(f"dev-{i + 1:03d}", self._report(i, 0))

    def watch(self) -> None:
        self.board.watch("console", self._send)

    def _send(self, frame: bytes) -> None:
        t0 = time.perf_counter()
        self.messages += 1
        self.entries += frame.count(b'"device_id"')
        self._feed(frame)
        self.feed_s += time.perf_counter() - t0

    def _report(self, i: int, offset: int) -> Any:
        from app.device_status import DeviceReport

        return DeviceReport("0.1.0", tuple(self.tags), offset)

    def change(self, i: int) -> None:
        device_id = f"dev-{i + 1:03d}"
        kind = self.step[i] % 4
        self.step[i] += 1
        t0 = time.perf_counter()
        if kind in (0, 1):
            documents = self.tags if kind == 0 else self.tags[:-1]
            frame = msgspec.json.encode({"type": "status", "version": "0.1.0", "documents": documents,
                                         "clock_offset_ms": self.rng.randint(-2500, 2500)})
            self.frames.append(frame)
            t0 = time.perf_counter()
            self.board.seen(device_id)
            for event in self.session.receive(frame):
                assert isinstance(event, StatusReceived)
                self.board.reported(device_id, event.report)
        elif kind == 2:
            self.board.disconnected(device_id)
        else:
            self.board.connected(device_id)
        self.server_s += time.perf_counter() - t0
        self.changes += 1

    async def run(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        done = 0  # changes made so far, in phase order, cycling
        while (elapsed := loop.time() - start) < seconds:
            due = int(elapsed * self.n)
            while done < due:
                self.change(self._phase[done % self.n])
                done += 1
            await asyncio.sleep(TICK_MS / 1000)


class StallMeter(QObject):
    """A 10 ms precise timer; each tick records how late it came after the previous one."""

    def __init__(self) -> None:
        super().__init__()
        self.late: list[float] = []
        self.windows: list[tuple[float, float]] = []  # (previous tick, this tick), perf_counter
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.late.clear()
        self.windows.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self.windows.append((self._last, now))
        self._last = now


class PaintCount(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def quiet_platform_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


# -- the two runs --------------------------------------------------------------------------------


def panel_run(loop: qasync.QEventLoop, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    server, meeting, tags = build_hall(args.devices, args.documents)
    identity = Identity("tech", "technician", None, None, None, "https://127.0.0.1:1", "0" * 64, "Kỹ thuật")
    connection = Connection(identity, DeviceKeys.generate(), Replica(workdir / "tech.db"), log_id=None)
    connection.state = server
    connection.status = connection.status.__class__("online")
    protocol = ClientSession()
    protocol.state = ClientState.OPEN  # as after a welcome: it now takes devices frames
    decode_s: list[float] = []

    spans: list[tuple[str, float, float]] = []  # (what, start, end) of the measured pieces

    def read(frame: bytes) -> None:  # what Connection._session does with a frame read from the socket
        t0 = time.perf_counter()
        for item in protocol.receive(frame):
            connection._inbox.append(("item", item))
        connection._inbox_ready.set()
        t1 = time.perf_counter()
        decode_s.append(t1 - t0)
        spans.append(("decode", t0, t1))

    def feed(frame: bytes) -> None:
        # The frame arrives later, as its own socket read: the server's work is not the console's.
        loop.call_soon(read, frame)

    load = Load(args.devices, tags, random.Random(args.seed), feed)
    panel = DevicePanel(connection, lambda: meeting)
    panel.resize(1500, 900)
    panel.show()
    paints = PaintCount()
    panel.table.viewport().installEventFilter(paints)
    refresh_ms: list[float] = []
    kinds: dict[str, int] = {}
    apply = panel.table_model.apply
    refresh = panel.refresh

    def timed_refresh() -> None:
        t0 = time.perf_counter()
        refresh()
        t1 = time.perf_counter()
        refresh_ms.append((t1 - t0) * 1000)
        spans.append(("refresh", t0, t1))

    def counted_apply(rows: Any, force_reset: bool = False) -> str:
        told = apply(rows, force_reset)
        kinds[told] = kinds.get(told, 0) + 1
        return told

    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            spans.append((f"gc{info['generation']}", gc_started[0], time.perf_counter()))

    gc.callbacks.append(on_gc)
    panel.refresh = timed_refresh  # type: ignore[method-assign]
    panel.table_model.apply = counted_apply  # type: ignore[method-assign]
    applier = loop.create_task(connection._apply_batches(None))  # type: ignore[arg-type]
    load.watch()  # the snapshot, as right after the welcome
    loop.run_until_complete(asyncio.sleep(1.0))
    assert len(connection.devices) == args.devices, "the snapshot did not arrive"
    meter = StallMeter()
    refresh_ms.clear()
    kinds.clear()
    paints.paints = 0
    messages0, entries0 = load.messages, load.entries
    load.server_s = 0.0
    meter.start()
    loop.run_until_complete(load.run(args.seconds))
    meter.stop()
    gc.callbacks.remove(on_gc)
    if args.snapshot:
        panel.grab().save(args.snapshot)
    applier.cancel()
    loop.run_until_complete(asyncio.gather(applier, return_exceptions=True))
    changed_rows = (load.entries - entries0) / max(1, load.messages - messages0)
    out = {
        "late": meter.late, "refresh_ms": refresh_ms, "kinds": kinds, "paints": paints.paints,
        "messages": load.messages - messages0, "entries": load.entries - entries0, "changes": load.changes,
        "rows_per_message": changed_rows, "server_s": load.server_s, "frames": load.frames,
        "decode_ms": spread([s * 1000 for s in decode_s]),
        "problems_first": [r.problem for r in panel.table_model.rows[:3]],
        "worst": worst_windows(meter, spans),
    }
    panel.close()
    panel.deleteLater()
    connection.replica.close()
    return out


def worst_windows(meter: StallMeter, spans: list[tuple[str, float, float]]) -> list[dict[str, float]]:
    """The three worst stalls, and how much of each the measured pieces took (the rest: Qt's own
    work, painting included, the board's, or the CPU given to another process)."""
    out = []
    for n in sorted(range(len(meter.late)), key=lambda i: -meter.late[i])[:3]:
        lo, hi = meter.windows[n]
        parts: dict[str, float] = {"stall_ms": round(meter.late[n], 1)}
        for what, start, end in spans:
            overlap = min(hi, end) - max(lo, start)
            if overlap > 0:
                parts[f"{what}_ms"] = round(parts.get(f"{what}_ms", 0.0) + overlap * 1000, 1)
        out.append(parts)
    return out


def floor_run(loop: qasync.QEventLoop, args: argparse.Namespace, rows_per_refresh: int) -> list[float]:
    """A plain table of the same size, as many rows' texts changed every 300 ms, the same load."""
    _server, _meeting, tags = build_hall(args.devices, args.documents)
    protocol = ClientSession()
    protocol.state = ClientState.OPEN
    load = Load(args.devices, tags, random.Random(args.seed), lambda frame: loop.call_soon(protocol.receive, frame))
    model = QStandardItemModel(args.devices, 9)
    for r in range(args.devices):
        for c in range(9):
            model.setItem(r, c, QStandardItem(f"{r}:{c}"))
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.resize(1500, 820)
    view.show()
    rng = random.Random(args.seed)
    serial = [0]

    def change() -> None:
        serial[0] += 1
        for r in rng.sample(range(args.devices), min(rows_per_refresh, args.devices)):
            for c in range(9):
                model.item(r, c).setText(f"{r}:{c}:{serial[0]}")

    timer = QTimer()
    timer.setInterval(tech_devices.REFRESH_MS)
    timer.timeout.connect(change)
    load.watch()
    meter = StallMeter()
    meter.start()
    timer.start()
    loop.run_until_complete(load.run(args.seconds))
    timer.stop()
    meter.stop()
    view.close()
    view.deleteLater()
    return meter.late


def decode_floor(frames: list[bytes], seconds: float) -> float:
    """msgspec-decoding the status frames alone, in ms per second of load."""
    t0 = time.perf_counter()
    for frame in frames:
        decode_client(frame)
    return (time.perf_counter() - t0) * 1000 / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--snapshot", default="", help="save the panel as PNG at the end of the run")
    args = parser.parse_args()
    qInstallMessageHandler(quiet_platform_noise)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)  # as ui.run does, with its collector and its asyncio loop that is Qt's
    collector = GuiThreadCollector(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix="bench-devices-") as tmp:
        got = panel_run(loop, args, Path(tmp))
    rows_per_refresh = round(got["rows_per_message"] * tech_devices.REFRESH_MS / 500)
    floor_late = floor_run(loop, args, rows_per_refresh)
    late = got["late"]
    emit("gui_worst_stall_ms", max(late), "ms", TARGET_STALL_MS, max(floor_late), len(late),
         p99=round(percentile(late, 99), 2), median=round(statistics.median(late), 2),
         floor_p99=round(percentile(floor_late, 99), 2),
         floor_is=f"plain QTableView over QStandardItemModel {args.devices}×9, {rows_per_refresh} rows' texts "
                  f"set every {tech_devices.REFRESH_MS} ms, same load and board, messages decoded and dropped",
         refresh_ms=spread(got["refresh_ms"]), refreshes=got["kinds"], paints=got["paints"],
         devices_messages=got["messages"], entries=got["entries"], changes=got["changes"],
         client_decode_ms=got["decode_ms"], top_rows=got["problems_first"], worst=got["worst"],
         load_average=os.getloadavg()[0],
         devices=args.devices, seconds=args.seconds, documents=args.documents)
    server_ms = got["server_s"] * 1000 / args.seconds
    emit("server_cost_ms_per_s", server_ms, "ms/s", TARGET_SERVER_MS, decode_floor(got["frames"], args.seconds),
         int(got["changes"]), floor_is="msgspec decode of the same status frames alone",
         reports_per_s=round(len(got["frames"]) / args.seconds, 1), changes_per_s=round(got["changes"] / args.seconds, 1))
    collector.stop()
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
