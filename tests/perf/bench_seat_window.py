"""Seat reader figures at widget level: the real SeatWindow, from a tap to pixels on screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_seat_window.py [--runs 15] [--turns 50]

(offscreen is the default when QT_QPA_PLATFORM is unset.) The 332-page demo document
(app/demo_docs.py, "tl-yk-cu-tri") is encrypted with app.doccrypto for a fresh device key, stored
in a sync.client.blobs.BlobCache and read back through sync.client.reader.DocumentReader exactly
as phonghop/seat.py's seat_parts does (`bytes(reader.plaintext(document))`). The window is the
real ui.seat_window.SeatWindow (1366×820, search off) on a stand-in connection holding one
meeting with that document, with the real DocumentFetcher (not started: the blob is already
cached). "Painted" means ui.pdf_page.PageWidget.paintEvent returned with the page's pixmap at the
reader's zoom: the bench wraps that method (the only hook; no source is changed). Waiting is a
QEventLoop quit by that hook, never a sleep. Prints one JSON line per figure:

    {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n", "machine", ...}

Figures (targets from issue 3, never weakened):
- first_page_ms: QTest click on the document's agenda row in a fresh, shown window until page 1 is
  painted with its pixels; median over --runs, p95 and spread alongside, and a median timeline
  from the click (ms): click_handled, decrypt_start/decrypt_end (seat_parts' document_bytes on
  the worker), pages_open (the worker hands the open document over, while the pixel process
  draws page 1), widgets_built (the GUI laid the document out: document_did_load), rendered
  (page 1's pixels back on the worker), pixmap_set (the GUI has them), painted. The seat's
  pixel process (app.page_pixels) is up first, as it is a moment after the seat starts. Floor,
  same run, interleaved: plain PyMuPDF opening the unencrypted PDF from a file on disk and
  rendering page 1 at the reader's zoom to a pixmap. Target ≤ 150 ms and ≤ 1.5× floor (median).
- page_turn_p95_ms: PdfView.next_page() until the new page is painted with its pixels, --turns
  turns, ~300 ms of reading between turns (not counted) for the prerenderer; target p95 ≤ 50 ms.
- page_turn_key_p95_ms: the same with the PageDown key sent to the window by QTest.
  Both page-turn figures carry as floor the median time PyMuPDF takes to render one page of the
  same document at the same zoom (and "prerendered": how many turns found the page ready).
Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import base64
import gc
import hashlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402
from PySide6.QtCore import QEventLoop, QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QPaintEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.clock import SystemClock  # noqa: E402
from app.demo_docs import demo_documents, render_demo_document  # noqa: E402
from app.doccrypto import encrypt_document, new_document_key, wrap_key  # noqa: E402
from app.keys import DeviceKeys  # noqa: E402
from app.model import AgendaItem, Delegate, Document, MeetingState, Seat  # noqa: E402
from app.page_pixels import shared  # noqa: E402
from sync.client.blobs import BlobCache  # noqa: E402
from sync.client.documents import DocumentFetcher  # noqa: E402
from sync.client.reader import DocumentReader  # noqa: E402
from sync.client.status import ConnectionStatus  # noqa: E402
from ui import pdf_page, pdf_view  # noqa: E402
from ui.collector import GuiThreadCollector  # noqa: E402
from ui.seat_model import SeatViewModel  # noqa: E402
from ui.seat_window import SeatWindow  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

DOCUMENT_ID = "tl-yk-cu-tri"
DEVICE = "dev-bench-seat"
MACHINE = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
FIRST_PAGE_TARGET_MS, FIRST_PAGE_RATIO = 150.0, 1.5
TURN_TARGET_MS = 50.0
READING_PAUSE_MS = 300


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def emit(figure: str, value: float, target: float, floor: float | None, ok: bool, n: int, **extra: Any) -> None:
    print(json.dumps({"figure": figure, "value": round(value, 2), "unit": "ms", "target": target,
                      "floor": None if floor is None else round(floor, 2),
                      "ratio": round(value / floor, 3) if floor else None, "ok": ok, "n": n,
                      "machine": MACHINE, **extra}, ensure_ascii=False), flush=True)


def spread(values: list[float]) -> dict[str, float]:
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2),
            "p95": round(percentile(values, 95), 2), "max": round(max(values), 2)}


# -- the stand-in connection: just what SeatViewModel and DocumentFetcher read --------------------


class StandInConnection:
    def __init__(self, state: MeetingState):
        self.identity = SimpleNamespace(delegate_id="db-001", seat="A01", device_id=DEVICE)
        self.state = state
        self.status = ConnectionStatus("online")
        self.head_seq: int | None = None
        self.token: str | None = None
        self.clock = SystemClock()
        self.room_clock = self.clock
        # An empty outbox; no last contact kept (the documents' lease); no device report sent.
        self.replica = SimpleNamespace(pending=lambda: [], get_meta=lambda key: None, set_meta=lambda key, value: None)
        self.reporter = SimpleNamespace(holds=None)

    def subscribe(self, listener: Any) -> None:
        pass

    def reconnect_now(self) -> None:
        pass


def meeting(document: Document) -> MeetingState:
    return MeetingState(
        delegates={"db-001": Delegate("db-001", "Trần Văn Bình", "Đại biểu", "t1", "Tổ 1", "nam", ("delegate",), False)},
        seats={"A01": Seat("A01", "A01", 1, 1, "hall", "db-001")},
        agenda={"item-07": AgendaItem("item-07", "Thảo luận kinh tế – xã hội", 1, 60, "UBND tỉnh", status="active")},
        active_item="item-07",
        documents={document.document_id: document},
    )


# -- the paint hook ---------------------------------------------------------------------------


class PaintWatch:
    """Wraps PageWidget.paintEvent: when the awaited page finishes a paint holding its pixels at
    the reader's zoom, stamps perf_counter and quits the waiting loop."""

    def __init__(self) -> None:
        self.loop = QEventLoop()
        self.reader: pdf_view.PdfView | None = None
        self.target: int | None = None
        self.painted_at: float | None = None
        original = pdf_page.PageWidget.paintEvent
        watch = self

        def paintEvent(widget: pdf_page.PageWidget, event: QPaintEvent) -> None:
            original(widget, event)
            if (watch.target is not None and widget.index == watch.target and widget.image is not None
                    and watch.reader is not None and widget.image_zoom == watch.reader.zoom
                    and widget.parent() is watch.reader.page_container):
                watch.painted_at = time.perf_counter()
                watch.target = None
                watch.loop.quit()

        pdf_page.PageWidget.paintEvent = paintEvent  # type: ignore[method-assign]

    def wait(self, reader: pdf_view.PdfView, index: int, timeout_ms: int = 20_000) -> float:
        self.reader, self.target, self.painted_at = reader, index, None
        guard = QTimer(singleShot=True, interval=timeout_ms)
        guard.timeout.connect(self.loop.quit)
        guard.start()
        self.loop.exec()
        guard.stop()
        if self.painted_at is None:
            raise RuntimeError(f"page {index + 1} not painted within {timeout_ms} ms")
        return self.painted_at


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


# -- the bench --------------------------------------------------------------------------------


class Bench:
    def __init__(self, tmp: Path):
        spec = next(d for d in demo_documents() if d.document_id == DOCUMENT_ID)
        self.pdf = render_demo_document(spec)
        self.page_count = pymupdf.open(stream=self.pdf).page_count
        keys = DeviceKeys.generate()
        key = new_document_key()
        blob = encrypt_document(key, DOCUMENT_ID, 1, self.pdf)
        sha = hashlib.sha256(blob).hexdigest()
        self.cache = BlobCache(tmp / "blobs")
        self.cache.path(sha).parent.mkdir(parents=True, exist_ok=True)
        self.cache.path(sha).write_bytes(blob)
        self.plain_file = tmp / "plain.pdf"
        self.plain_file.write_bytes(self.pdf)
        wrapped = wrap_key(key, base64.b64decode(keys.kex_pub_b64), DOCUMENT_ID, 1)
        self.document = Document(DOCUMENT_ID, spec.item_id, spec.title, 1, self.page_count, spec.classification, sha,
                                 len(blob), len(self.pdf), 65536, {DEVICE: wrapped})
        self.reader = DocumentReader(DEVICE, keys, self.cache)  # as phonghop.seat.seat_parts
        self.stamps: dict[str, float] = {}
        self.watch = PaintWatch()

    def document_bytes(self, document: Document) -> bytes:
        # seat_parts' document_bytes, with two timestamps around it (worker thread).
        self.stamps["decrypt_start"] = time.perf_counter()
        data = self.reader.plaintext(document)
        self.stamps["decrypt_end"] = time.perf_counter()
        return data

    def window(self) -> SeatWindow:
        connection = StandInConnection(meeting(self.document))
        model = SeatViewModel(connection, DocumentFetcher(connection, self.cache))  # type: ignore[arg-type]
        window = SeatWindow(model, self.document_bytes)
        window.resize(1366, 820)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 2000)
        renderer = window.reader._renderer
        # Direct connections: called on the worker thread at emit, before the queued hand-over.
        renderer.document_did_open.connect(self._opened, Qt.ConnectionType.DirectConnection)
        renderer.page_did_render.connect(self._rendered, Qt.ConnectionType.DirectConnection)
        window.reader.document_did_load.connect(lambda: self.stamps.setdefault("widgets_built", time.perf_counter()))
        window.reader.page_did_render.connect(
            lambda i: self.stamps.setdefault("pixmap_set", time.perf_counter()) if i == 0 else None)
        pause(200)  # first layout and paint of the empty window, not counted
        return window

    def _opened(self, generation: int, pages: object, zoom: float) -> None:
        self.stamps.setdefault("pages_open", time.perf_counter())

    def _rendered(self, generation: int, index: int, zoom: float, page: object) -> None:
        if index == 0:
            self.stamps.setdefault("rendered", time.perf_counter())

    @staticmethod
    def close(window: SeatWindow) -> None:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()
        # A seat closes its window once, at exit; the bench closes one per run. What the closed
        # window still held in reference cycles (its pages' images, and the pixel process's
        # memory under them) goes now, not timed, as a seat's own pages go when it opens another
        # document: each run starts as a seat switching documents does.
        gc.collect()

    def open_once(self) -> tuple[float, dict[str, float], SeatWindow]:
        window = self.window()
        row = window.agenda.row(DOCUMENT_ID)
        assert row is not None
        self.stamps = {}
        t0 = time.perf_counter()
        QTest.mouseClick(row, Qt.MouseButton.LeftButton)
        self.stamps["click_handled"] = time.perf_counter()
        painted = self.watch.wait(window.reader, 0)
        # A timeline from the click: the worker's steps overlap the GUI's, so offsets, not sums.
        timeline = {**self.stamps, "painted": painted}
        return (painted - t0) * 1000, {k: (v - t0) * 1000 for k, v in sorted(timeline.items(), key=lambda kv: kv[1])}, window

    def floor_first_page(self, zoom: float) -> float:
        t0 = time.perf_counter()
        doc = pymupdf.open(str(self.plain_file))
        doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        elapsed = (time.perf_counter() - t0) * 1000
        doc.close()
        return elapsed

    def floor_page_render(self, zoom: float, pages: range) -> list[float]:
        doc = pymupdf.open(str(self.plain_file))
        times = []
        for index in pages:
            t0 = time.perf_counter()
            doc[index].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            times.append((time.perf_counter() - t0) * 1000)
        doc.close()
        return times

    def turns(self, window: SeatWindow, count: int, key: bool) -> tuple[list[float], int, list[int]]:
        reader = window.reader
        times: list[float] = []
        ready = 0
        pages: list[int] = []
        for _ in range(count):
            pause(READING_PAUSE_MS)
            target = reader.current_page + 1
            if target >= reader.page_count:
                reader.go_to_page(0)
                pause(READING_PAUSE_MS)
                target = 1
            ready += reader.is_rendered(target)
            pages.append(target)
            t0 = time.perf_counter()
            if key:
                QTest.keyClick(window, Qt.Key.Key_PageDown)
            else:
                reader.next_page()
            painted = self.watch.wait(reader, target)
            times.append((painted - t0) * 1000)
            if reader.current_page != target:
                raise RuntimeError(f"turned to page {reader.current_page + 1}, wanted {target + 1}")
        return times, ready, pages


def quiet_platform_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """What the offscreen platform says about features it lacks is not ours; the rest goes on."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--turns", type=int, default=50)
    args = parser.parse_args()
    qInstallMessageHandler(quiet_platform_noise)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)  # as ui.run does, and its collector: cycles of Qt objects die on the GUI thread
    collector = GuiThreadCollector(app)
    with tempfile.TemporaryDirectory(prefix="bench-seat-window-") as tmp:
        bench = Bench(Path(tmp))
        # The seat's pixel process is up, as it is a moment after the seat starts.
        if not shared().ready(wait_s=30):
            raise RuntimeError("the pixel process did not start")
        # One warm-up open (imports, first font and style use), not counted; it gives the zoom.
        _, _, window = bench.open_once()
        zoom = window.reader.zoom
        bench.close(window)

        ours: list[float] = []
        floor: list[float] = []
        phases: dict[str, list[float]] = {}
        for _ in range(args.runs):
            elapsed, parts, window = bench.open_once()
            if window.reader.zoom != zoom:
                raise RuntimeError(f"zoom changed: {window.reader.zoom} != {zoom}")
            ours.append(elapsed)
            for name, value in parts.items():
                phases.setdefault(name, []).append(value)
            bench.close(window)
            floor.append(bench.floor_first_page(zoom))
        value, base = statistics.median(ours), statistics.median(floor)
        emit("first_page_ms", value, FIRST_PAGE_TARGET_MS, base,
             value <= FIRST_PAGE_TARGET_MS and value <= FIRST_PAGE_RATIO * base, len(ours),
             target_ratio=FIRST_PAGE_RATIO, p95=round(percentile(ours, 95), 2), spread=spread(ours),
             floor_spread=spread(floor), zoom=round(zoom, 4), pages=bench.page_count,
             timeline_median_ms={k: round(statistics.median(v), 2) for k, v in phases.items()})

        _, _, window = bench.open_once()
        render_floor = statistics.median(bench.floor_page_render(zoom, range(1, 1 + 2 * args.turns)))
        for figure, key in (("page_turn_p95_ms", False), ("page_turn_key_p95_ms", True)):
            times, ready, pages = bench.turns(window, args.turns, key)
            p95 = percentile(times, 95)
            emit(figure, p95, TURN_TARGET_MS, render_floor, p95 <= TURN_TARGET_MS, len(times),
                 floor_is="PyMuPDF renders one page (median)", median=round(statistics.median(times), 2),
                 spread=spread(times), prerendered=ready, pages=f"{pages[0] + 1}..{pages[-1] + 1}")
        bench.close(window)
    collector.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
