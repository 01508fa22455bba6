"""The chair's speaking queue with 200 waiting requests: from the chair's action (or a new request
arriving) to the queue repainted, in the real ChairWindow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_chair_queue.py [--samples 60] [--seed 4]
        [--sizes 1366x768,1920x1080]

(offscreen is the default when QT_QPA_PLATFORM is unset.) Issue 4, "Figures to reach": "the queue
holds 200 waiting requests without the console slowing (reorder and render ≤ 16 ms)".

The meeting is tests/domain_log.MemoryRoom (the demo meeting seeded through commands): as its
technician the bench adds delegates db-086..db-200 and their seats (`delegate.add`, `seat.add`),
the chair activates item 7, all 200 check in, and every one of them asks for the floor
(`speak.request`; mostly discussion, some questions, debates and points of order, which the
domain places ahead). The console is the real ui.chair_window.ChairWindow with the real
ui.chair_model.ChairViewModel (role chair) over `RoomConnection`, a stand-in for
sync.client.Connection: a command the console sends is decided by the real domain
(MemoryRoom.cmd as the chair's device: app.reducer decide, seal, apply) and the new state is handed
to the view-model's listener as the sync client does when the server's events arrive; then the
command is acknowledged. The console's commands run as tasks on a qasync loop, as ui.run does.

"Painted" means ui.chair_queue.QueueList.paintEvent returned while the model's state is the one
after the action and the list's rows are in that state's calling order (the bench wraps
paintEvent; no source is changed for it). Waiting is the qasync loop run until that paint, never a
sleep; between samples the loop runs ~30 ms (not counted) so every sample starts from a quiet,
painted window. Each window size gets a fresh window over the same meeting.

Figures, per window size (1366×768 and 1920×1080), one JSON line each:
    {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n", "machine", "size", ...}
- reorder_p95_ms: the chair moves a request at a random row: a QTest click on ▲ or ▼ with that
  row selected, or the drop hook at a random position (the row moved on screen as QListWidget's
  internal drop moves it, then QueueList.dropped, which is what dropEvent does after Qt's own
  drop). The console sends `speak.reorder`, the domain decides `speak.reordered`, the state
  reaches the model, ChairWindow.refresh runs and the queue repaints. Time from the action to
  that paint; p95 over --samples reorders, target ≤ 16 ms; median and spread alongside.
- arrival_p95_ms: a delegate's `speak.request` decided by the domain (not counted: that is the
  server's work) is handed to the console; time from the hand-over to the queue painted with the
  new request in its place. Before each sample a random waiting delegate withdrew (not counted),
  so the queue is back at 200 with the new request; target p95 ≤ 16 ms.
- grant_p95_ms: a QTest click on "Mời người tiếp theo" (grant the first) with no one speaking and
  200 waiting, until the queue is painted without that request (199 rows); before each sample
  the previous speech ended and a new request topped the queue back up (not counted); target
  p95 ≤ 16 ms.
Each line has "timeline_median_ms": from the action, `first_paint` (the queue's first paint
after the action: for a reorder, the row moved on screen before the server's answer),
`delivered` (the decided state handed to the console's listeners), `refreshed` (the listeners
returned: every panel refreshed) and `painted` (the figure's end). A reorder line also counts
`already_on_screen`: samples where the rows were already in the state's order when it arrived,
so the refresh had nothing to redraw and the figure ended at `refreshed` (QueuePaintWatch).
After every sample (not counted) the rows on screen are checked against the state: request,
name, kind and detail of each row, in the state's calling order.

Floor, same run, interleaved sample for sample: a plain QListWidget of 200 text rows (no
delegate, no model, no domain) in its own window the size of the queue's viewport; one visible
row's text is changed (QListWidgetItem.setText) and the time until its paintEvent returns is
taken. That is the least Qt itself needs to repaint a list of this length after one row changes;
"floor" is its p95 (the figure's own statistic), "floor_median" its median, and "ratio" the
figure's p95 over the floor's p95.

Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtCore import (  # noqa: E402
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QPaintEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QListWidget  # noqa: E402

from app import demo  # noqa: E402
from app.errors import DomainError  # noqa: E402
from app.events import Event  # noqa: E402
from app.model import MeetingState  # noqa: E402
from sync.client.connection import Changes  # noqa: E402
from sync.client.status import ConnectionStatus  # noqa: E402
from tests.domain_log import CHAIR_ACTOR, TECH_ACTOR, MemoryRoom, seat_of  # noqa: E402
from ui import chair_queue  # noqa: E402
from ui.chair_model import ChairViewModel  # noqa: E402
from ui.chair_window import ChairWindow  # noqa: E402
from ui.collector import GuiThreadCollector  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

ITEM = "item-07"
WAITING = 200
TARGET_MS = 16.0
MACHINE = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
KINDS = ("discussion", "question", "debate", "point_of_order")
KIND_WEIGHTS = (70, 15, 10, 5)
QUIET_S = 0.03
TIMEOUT_S = 10.0


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def spread(values: list[float]) -> dict[str, float]:
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2),
            "p95": round(percentile(values, 95), 2), "max": round(max(values), 2)}


def emit(figure: str, values: list[float], floor: list[float], **extra: Any) -> None:
    p95, base = percentile(values, 95), percentile(floor, 95)
    print(json.dumps({"figure": figure, "value": round(p95, 2), "unit": "ms", "target": TARGET_MS,
                      "floor": round(base, 2), "ratio": round(p95 / base, 3) if base else None,
                      "ok": p95 <= TARGET_MS, "n": len(values), "machine": MACHINE,
                      "median": round(statistics.median(values), 2), "spread": spread(values),
                      "floor_median": round(statistics.median(floor), 2), "floor_spread": spread(floor),
                      "floor_is": "plain QListWidget, 200 text rows, one visible row's text changed → paintEvent",
                      **extra}, ensure_ascii=False), flush=True)


# -- the meeting ---------------------------------------------------------------------------------


def build_room(rng: random.Random) -> MemoryRoom:
    """The demo meeting grown to 200 delegates by its technician, item 7 active, all present and
    every delegate waiting for the floor."""
    room = MemoryRoom()
    demo_people = demo.demo_delegates()
    for n in range(len(demo_people) + 1, WAITING + 1):
        like = demo_people[n % len(demo_people)]
        delegate_id = f"db-{n:03d}"
        room.cmd(TECH_ACTOR, "delegate.add", {
            "delegate_id": delegate_id, "name": f"{like['name']} ({n})", "title": like["title"],
            "group_id": like["group_id"], "group_name": like["group_name"], "gender": like["gender"],
            "roles": ["delegate"], "full_time": False})
        row, col = divmod(n - 1, 10)
        room.cmd(TECH_ACTOR, "seat.add", {"seat_id": f"X{n:03d}", "label": f"X{n:03d}", "row": 20 + row,
                                          "col": col + 1, "zone": "hall", "delegate_id": delegate_id})
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    for n in range(1, WAITING + 1):
        room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
    room.tick(300)
    for n in range(1, WAITING + 1):
        room.cmd(seat_of(f"db-{n:03d}"), "speak.request", {"kind": rng.choices(KINDS, KIND_WEIGHTS)[0]})
        room.tick(2)
    assert len(room.meeting.speaking.waiting()) == WAITING
    return room


class RoomClock:
    """The console's clock is the room's: timers agree with the events' times."""

    def __init__(self, room: MemoryRoom):
        self.room = room

    def now(self) -> datetime:
        return self.room.now


class RoomConnection:
    """What ChairViewModel reads of a Connection, over a MemoryRoom. `state` is what the console
    has been shown; a command is decided by the real domain as the chair's device, its state
    shown (the events "arrive"), then acknowledged, as the room server and the sync client do."""

    def __init__(self, room: MemoryRoom):
        self.room = room
        self.identity = SimpleNamespace(role="chair", delegate_id=CHAIR_ACTOR.delegate_id, seat="CT-1")
        self.state: MeetingState = room.meeting
        self.status = ConnectionStatus("online")
        self.listeners: list[Callable[[Changes], None]] = []
        self.shown_seq = room.meeting.seq
        self.stamps: dict[str, float] = {}
        self.on_refreshed: Callable[[], None] | None = None

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        self.listeners.append(listener)

    def reconnect_now(self) -> None:
        pass

    async def request(self, name: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        try:
            events = self.room.cmd(CHAIR_ACTOR, name, args)
        except DomainError as error:
            return {"type": "error", **error.to_dict()}
        self.deliver()
        return {"type": "ack", "id": "bench", "seq": events[-1].seq}

    def deliver(self) -> None:
        """The room's new events reach the console."""
        new: tuple[Event, ...] = tuple(e for e in self.room.events if e.seq > self.shown_seq)
        self.state = self.room.meeting
        self.shown_seq = self.state.seq
        self.stamps["delivered"] = time.perf_counter()
        for listener in self.listeners:
            listener(Changes(events=new))
        self.stamps["refreshed"] = time.perf_counter()
        if self.on_refreshed is not None:
            self.on_refreshed()


# -- the paint watches ---------------------------------------------------------------------------


class QueuePaintWatch(QObject):
    """Wraps QueueList.paintEvent: a paint counts once the console has been shown a state newer
    than `after_seq` and the rows on screen are that state's calling order.

    A reorder is moved on screen by the console as it sends it, so the rows may already be in the
    state's order when the state arrives, and the refresh then has nothing to redraw: no paint
    comes. So when the console's listeners return (`refreshed`) and the last paint since the
    action already showed the state's order, a low-priority event is posted behind any repaint
    the refresh asked for (Qt posts its UpdateRequest at that priority too, first come first
    served); if no paint came before it, the figure ends at `refreshed` ("already_on_screen")."""

    def __init__(self) -> None:
        super().__init__()
        self.future: asyncio.Future[float] | None = None
        self.connection: RoomConnection | None = None
        self.queue: chair_queue.QueueList | None = None
        self.after_seq = 0
        self.shown: list[str] | None = None  # the rows of the last paint since arm()
        self.already_on_screen = 0
        original = chair_queue.QueueList.paintEvent
        watch = self

        def paintEvent(widget: chair_queue.QueueList, event: QPaintEvent) -> None:
            original(widget, event)
            painted = time.perf_counter()
            future, connection = watch.future, watch.connection
            if future is None or future.done() or connection is None or widget is not watch.queue:
                return
            watch.shown = widget.request_ids()
            connection.stamps.setdefault("first_paint", painted)
            if connection.state.seq > watch.after_seq and watch.shown == watch.order():
                future.set_result(painted)

        chair_queue.QueueList.paintEvent = paintEvent  # type: ignore[method-assign,assignment]

    def order(self) -> list[str]:
        assert self.connection is not None
        return [r.request_id for r in self.connection.state.speaking.waiting()]

    def arm(self, connection: RoomConnection, queue: chair_queue.QueueList) -> None:
        self.connection, self.queue, self.after_seq, self.shown = connection, queue, connection.state.seq, None
        self.future = asyncio.get_event_loop().create_future()
        connection.on_refreshed = self.refreshed

    def refreshed(self) -> None:
        if self.future is not None and not self.future.done() and self.shown == self.order():
            QCoreApplication.postEvent(self, QEvent(QEvent.Type.User), Qt.EventPriority.LowEventPriority.value)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.User:
            assert self.connection is not None
            if self.future is not None and not self.future.done():
                self.already_on_screen += 1
                self.future.set_result(self.connection.stamps["refreshed"])
            return True
        return super().event(event)

    def wait(self, loop: qasync.QEventLoop) -> float:
        assert self.future is not None
        return float(loop.run_until_complete(asyncio.wait_for(self.future, TIMEOUT_S)))


class FloorList(QListWidget):
    """The floor: a plain QListWidget whose paintEvent resolves a future once it has painted."""

    def __init__(self) -> None:
        super().__init__()
        self.future: asyncio.Future[float] | None = None
        for n in range(WAITING):
            self.addItem(f"{n + 1}. Đại biểu số {n + 1} · Phát biểu thảo luận · 7 phút · Tổ {n % 12 + 1}")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painted = time.perf_counter()
        if self.future is not None and not self.future.done():
            self.future.set_result(painted)

    def sample(self, loop: qasync.QEventLoop, rng: random.Random, serial: int) -> float:
        first = self.indexAt(self.viewport().rect().topLeft()).row()
        last = self.indexAt(self.viewport().rect().bottomLeft()).row()
        row = rng.randint(max(first, 0), last if last >= 0 else self.count() - 1)
        self.future = loop.create_future()
        t0 = time.perf_counter()
        self.item(row).setText(f"{row + 1}. Đại biểu đổi chỗ {serial} · Phát biểu thảo luận · 7 phút")
        painted = float(loop.run_until_complete(asyncio.wait_for(self.future, TIMEOUT_S)))
        return (painted - t0) * 1000


# -- the bench -----------------------------------------------------------------------------------


def quiet(loop: qasync.QEventLoop) -> None:
    """Between samples (not counted): pending paints, timers and tasks run out."""
    loop.run_until_complete(asyncio.sleep(QUIET_S))


class Bench:
    def __init__(self, loop: qasync.QEventLoop, room: MemoryRoom, rng: random.Random, size: tuple[int, int]):
        self.loop, self.room, self.rng = loop, room, rng
        self.connection = RoomConnection(room)
        self.model = ChairViewModel(self.connection, RoomClock(room))  # type: ignore[arg-type]
        self.window = ChairWindow(self.model)
        self.window.confirm = lambda *_: True  # no dialog in the timed part (none is asked: no one speaks)
        self.window.resize(*size)
        self.window.show()
        QTest.qWaitForWindowExposed(self.window)
        self.queue = self.window.queue
        self.list = self.queue.list
        self.floor = FloorList()
        self.floor.resize(self.list.viewport().size())
        self.floor.show()
        QTest.qWaitForWindowExposed(self.floor)
        self.watch = WATCH
        self.serial = 0
        quiet(loop)
        if self.list.count() != len(room.meeting.speaking.waiting()):
            raise RuntimeError(f"{self.list.count()} rows for {len(room.meeting.speaking.waiting())} waiting")

    def close(self) -> None:
        for widget in (self.window, self.floor):
            widget.close()
            widget.deleteLater()
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()

    def floor_sample(self) -> float:
        self.serial += 1
        value = self.floor.sample(self.loop, self.rng, self.serial)
        quiet(self.loop)
        return value

    def timed(self, action: Callable[[], None]) -> tuple[float, dict[str, float]]:
        """Runs `action` and waits for the queue's paint of the state after it."""
        quiet(self.loop)
        self.connection.stamps.clear()
        self.watch.arm(self.connection, self.list)
        t0 = time.perf_counter()
        action()
        painted = self.watch.wait(self.loop)
        stamps = {**self.connection.stamps, "painted": painted}
        self.check_rows()
        return (painted - t0) * 1000, {k: (v - t0) * 1000 for k, v in stamps.items()}

    def check_rows(self) -> None:
        """Not counted: the rows on screen are the state's queue, each with its request's text."""
        state = self.connection.state
        waiting = state.speaking.waiting()
        shown = [(self.list.item(n).data(chair_queue.REQUEST_ID), self.list.item(n).text(),
                  self.list.item(n).data(chair_queue.KIND), self.list.item(n).data(chair_queue.DETAIL))
                 for n in range(self.list.count())]
        wanted = [(r.request_id, state.delegates[r.delegate_id].name, r.kind, row[3])
                  for r, row in zip(waiting, self.queue._rows(state, waiting), strict=True)]
        if shown != wanted:
            raise RuntimeError("the rows on screen are not the state's queue")

    def visible(self, row: int) -> None:
        """The chair selects a row (not counted): the list scrolls it into view."""
        self.list.setCurrentRow(row)
        self.list.scrollToItem(self.list.item(row))
        quiet(self.loop)

    def reorder(self) -> tuple[float, dict[str, float], str]:
        n = self.list.count()
        row = self.rng.randrange(n)
        how = self.rng.choice(("up", "down", "drop"))
        if how == "up" and row == 0:
            how = "down"
        if how == "down" and row == n - 1:
            how = "up"
        self.visible(row)
        request_id = self.queue.selected_id()
        assert request_id is not None
        if how == "drop":
            target = self.rng.choice([p for p in range(n) if p != row])

            def action() -> None:
                item = self.list.takeItem(row)  # what InternalMove's drop leaves on screen
                self.list.insertItem(target, item)
                self.list.setCurrentItem(item)
                self.list.dropped(request_id, row)
        else:
            button = self.queue.up_button if how == "up" else self.queue.down_button
            if not button.isEnabled():
                raise RuntimeError(f"{how} disabled at row {row}")

            def action() -> None:
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)

        before = self.room.meeting.seq
        elapsed, stamps = self.timed(action)
        if self.room.events[-1].name != "speak.reordered" or self.room.meeting.seq != before + 1:
            raise RuntimeError(f"no speak.reordered for {how} at row {row}")
        self.room.tick(3)
        return elapsed, stamps, how

    def arrival(self) -> tuple[float, dict[str, float], float]:
        waiting = self.room.meeting.speaking.waiting()
        leaving = self.rng.choice(waiting)
        self.room.cmd(seat_of(leaving.delegate_id), "speak.withdraw", {"request_id": leaving.request_id})
        self.connection.deliver()
        self.room.tick(5)
        quiet(self.loop)
        decided = self.request_floor(leaving.delegate_id)
        elapsed, stamps = self.timed(self.connection.deliver)
        if len(self.room.meeting.speaking.waiting()) != WAITING:
            raise RuntimeError("the queue is not back at 200")
        return elapsed, stamps, decided

    def request_floor(self, delegate_id: str) -> float:
        """A delegate asks for the floor, decided by the domain; returns the domain's ms."""
        kinds = list(KINDS)
        first = self.rng.choices(KINDS, KIND_WEIGHTS)[0]
        kinds.remove(first)
        for kind in (first, *kinds):
            t0 = time.perf_counter()
            try:
                self.room.cmd(seat_of(delegate_id), "speak.request", {"kind": kind})
            except DomainError:
                continue  # e.g. two discussions already had
            return (time.perf_counter() - t0) * 1000
        raise RuntimeError(f"{delegate_id} cannot ask for the floor")

    def grant(self) -> tuple[float, dict[str, float]]:
        state = self.room.meeting
        if state.speaking.speaker is not None:
            self.room.tick(60)
            self.room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": state.speaking.speaker})
        waiting_ids = {r.delegate_id for r in self.room.meeting.speaking.waiting()}
        idle = [d for d in sorted(self.room.meeting.delegates) if d not in waiting_ids]
        while len(self.room.meeting.speaking.waiting()) < WAITING:
            self.request_floor(idle.pop(self.rng.randrange(len(idle))))
        self.connection.deliver()
        self.room.tick(5)
        first = self.room.meeting.speaking.waiting()[0].request_id
        if not self.queue.next_button.isEnabled():
            raise RuntimeError("next speaker disabled")
        elapsed, stamps = self.timed(lambda: QTest.mouseClick(self.queue.next_button, Qt.MouseButton.LeftButton))
        if self.room.meeting.speaking.speaker != first or self.list.count() != WAITING - 1:
            raise RuntimeError("the first request was not granted")
        return elapsed, stamps


def timeline(stamps: list[dict[str, float]]) -> dict[str, float]:
    names = sorted({k for s in stamps for k in s}, key=lambda k: statistics.median(s[k] for s in stamps if k in s))
    return {k: round(statistics.median(s[k] for s in stamps if k in s), 2) for k in names}


def run_size(loop: qasync.QEventLoop, size: tuple[int, int], samples: int, seed: int) -> None:
    rng = random.Random(seed)
    bench = Bench(loop, build_room(rng), rng, size)
    label = f"{size[0]}x{size[1]}"
    rows_visible = bench.list.viewport().height() // chair_queue.ROW_HEIGHT
    common = {"size": label, "waiting": WAITING, "rows_visible": rows_visible}
    # Warm-up (not counted): first paints of every kind of row, first uses of the domain's paths.
    for _ in range(3):
        bench.reorder()
        bench.arrival()
        bench.floor_sample()
    bench.watch.already_on_screen = 0

    times: list[float] = []
    floor: list[float] = []
    stamps: list[dict[str, float]] = []
    hows: dict[str, int] = {}
    for _ in range(samples):
        elapsed, parts, how = bench.reorder()
        times.append(elapsed)
        stamps.append(parts)
        hows[how] = hows.get(how, 0) + 1
        floor.append(bench.floor_sample())
    on_screen = bench.watch.already_on_screen
    emit("reorder_p95_ms", times, floor, **common, actions=hows, timeline_median_ms=timeline(stamps),
         already_on_screen=on_screen)

    times, floor, stamps, domain = [], [], [], []
    for _ in range(samples):
        elapsed, parts, decided = bench.arrival()
        times.append(elapsed)
        stamps.append(parts)
        domain.append(decided)
        floor.append(bench.floor_sample())
    emit("arrival_p95_ms", times, floor, **common, timeline_median_ms=timeline(stamps),
         domain_decide_median_ms=round(statistics.median(domain), 3))

    times, floor, stamps = [], [], []
    for _ in range(samples):
        elapsed, parts = bench.grant()
        times.append(elapsed)
        stamps.append(parts)
        floor.append(bench.floor_sample())
    emit("grant_p95_ms", times, floor, **{**common, "waiting": WAITING}, rows_after=WAITING - 1,
         timeline_median_ms=timeline(stamps))
    bench.close()


def quiet_platform_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """What the offscreen platform says about features it lacks is not ours; the rest goes on."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


WATCH: QueuePaintWatch


def main() -> int:
    global WATCH
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=60, help="samples per figure and size (≥ 50)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--sizes", default="1366x768,1920x1080")
    args = parser.parse_args()
    qInstallMessageHandler(quiet_platform_noise)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)  # as ui.run does, with its collector and its asyncio loop that is Qt's
    collector = GuiThreadCollector(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    WATCH = QueuePaintWatch()
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        run_size(loop, (width, height), args.samples, args.seed)
    collector.stop()
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
