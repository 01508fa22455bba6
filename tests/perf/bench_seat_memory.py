"""Seat program figures: resident memory with a full meeting pack, and warm start to the agenda.

    .venv/bin/python tests/perf/bench_seat_memory.py [--starts 5] [--keep]

Sets up, once: a real room server subprocess (tests.support.ServerProcess, `phonghop server
--seed-demo`); a delegate seat enrolled with the real command (`phonghop enroll LINK --data DIR`,
keys under PHONGHOP_PASSPHRASE since this machine has no OS keyring); 20 documents of realistic
Vietnamese text, 2,000 pages in all (the 5 demo documents of app/demo_docs.py, 346 pages, and
15 voters'-requests reports composed with app/documents_compose.py from app/demo_docs_voters.py's own
parts), published encrypted by a technician through sync.client.publish.publish_document
(tests/ui/room.py), spread over the agenda items.

The seat is the real program, `phonghop.cli.main(["seat", "--data", DIR])`, in a subprocess of
its own (this file with --seat, offscreen Qt). The only addition is a probe: it creates the
QApplication run_seat_with would create, wraps AgendaCard.paintEvent to see the agenda's first
paint, and drives the window with a 50 ms QTimer (no source is changed). Prints one JSON line per
figure, each with its floor measured in the same run:

    {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n", "machine", ...}

Figures (targets from issue 3, never weakened):
- seat_rss_mb: VmRSS of the seat (with its pixel process: memory()) once all 20 documents are downloaded, indexed for search (the
  in-memory index) and each opened once in the reader, by the agenda's own choose() (what a row
  tap does), until its visible page is rendered, then 1 s of reading; the 332-page document is
  opened last and left open, and RSS is read 3 s later. Target ≤ 400 MB. Alongside
  (informative): VmHWM (peak), USS (Private_Clean + Private_Dirty) and PSS from
  /proc/self/smaps_rollup, RssAnon/RssFile, and the RSS after each document. Floor: RSS of a
  bare Python process that imports PySide6 + pymupdf and shows one QMainWindow (the same size).
- warm_start_agenda_s: spawning the already-enrolled seat process (its data dir holds the
  replica and the blobs, the server runs) until the agenda's first item card has been painted
  with the meeting's items; median of --starts, spread alongside, and a median timeline in the
  child (interpreter up, imports done, QApplication, device opened = keystore scrypt + replica,
  window built, agenda painted). Target ≤ 1 s. Floor, interleaved: spawning
  `python -c "import PySide6.QtWidgets"` that creates a QApplication and says so. The child
  closes its window once the agenda is painted; seat_close_hung counts runs whose process had not
  ended 10 s later (their asyncio tasks' stacks go to stderr, then the child exits).
Logs go to stderr. Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

STARTED = time.monotonic()  # the child's interpreter is up (its imports come after)
RSS_TARGET_MB = 400.0
WARM_TARGET_S = 1.0
PASSPHRASE = "mật khẩu ghế bench"
DELEGATE = "db-020"
N_DOCS, N_PAGES = 20, 2000
BIG = "tl-yk-cu-tri"
CLOSE_GRACE_S = 10.0


def machine() -> str:
    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def log(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} bench_seat_memory: {text}", file=sys.stderr, flush=True)


def emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def memory(pid: str = "self") -> dict[str, float]:
    """A process's memory in MB: VmRSS, VmHWM, RssAnon, RssFile, and USS/PSS from smaps_rollup.
    For the seat itself, its pixel process (app.page_pixels) counts too: `pixels` holds the
    child's, and `seat_rss` is the two VmRSS together (shared memory counted twice: an upper
    bound; seat_pss, the two PSS, counts it once)."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
            out[key] = int(rest.split()[0]) / (1 if key == "Threads" else 1024)
    rollup: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        rollup[key] = int(rest.split()[0])
    out["USS"] = (rollup.get("Private_Clean", 0) + rollup.get("Private_Dirty", 0)) / 1024
    out["PSS"] = rollup.get("Pss", 0) / 1024
    found: dict[str, Any] = {k: round(v, 1) for k, v in out.items()}
    child = pixel_process_pid() if pid == "self" else None
    if child is not None:
        pixels = memory(str(child))
        found["pixels"] = pixels
        found["seat_rss"] = round(found["VmRSS"] + pixels["VmRSS"], 1)
        found["seat_pss"] = round(found["PSS"] + pixels["PSS"], 1)
    return found


def pixel_process_pid() -> int | None:
    """The seat's pixel process, if this process (the seat) has started one."""
    pixels = sys.modules.get("app.page_pixels")
    shared = getattr(pixels, "_shared", None) if pixels is not None else None
    process = getattr(shared, "_process", None)
    return int(process.pid) if process is not None else None


# -- the seat child: the real program plus a probe ----------------------------------------------


def seat_child(data: Path, mode: str, expect: int) -> int:
    stamps: dict[str, float] = {"python_up": STARTED}
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication, QFrame

    from phonghop import cli, seat
    from ui import agenda_panel
    from ui.seat_window import SeatWindow

    stamps["imports_done"] = time.monotonic()
    app = QApplication(sys.argv)  # what run_seat_with would create; it takes this one
    stamps["qapplication"] = time.monotonic()
    state: dict[str, Any] = {"window": None, "step": "wait", "order": [], "at": 0.0, "per_doc": []}

    open_device = seat.open_device

    def timed_open_device(*args: Any) -> Any:
        stamps["open_device_start"] = time.monotonic()
        try:
            return open_device(*args)
        finally:
            stamps["open_device_end"] = time.monotonic()

    seat.open_device = timed_open_device  # type: ignore[assignment]
    init = SeatWindow.__init__

    def timed_init(self: SeatWindow, *args: Any, **kwargs: Any) -> None:
        stamps["window_init_start"] = time.monotonic()
        init(self, *args, **kwargs)
        stamps["window_built"] = time.monotonic()
        state["window"] = self

    SeatWindow.__init__ = timed_init  # type: ignore[method-assign]

    def card_painted(card: agenda_panel.AgendaCard, event: QPaintEvent) -> None:
        QFrame.paintEvent(card, event)
        window = state["window"]
        if "agenda_painted" in stamps or window is None or card.item_id is None:
            return
        items = window.model.agenda()
        if items and len([k for k in window.agenda.cards if k is not None]) == len(items):
            stamps["agenda_painted"] = time.monotonic()
            if mode == "agenda":
                emit({"stamps": stamps, "agenda_items": len(items)})
                QTimer.singleShot(0, window.close)
                watchdog(time.monotonic())

    def watchdog(closing_at: float) -> None:
        """The figure is taken; a seat that does not end within CLOSE_GRACE_S of its window
        closing is a finding of its own: say where its tasks wait, then end the process."""
        import asyncio
        import threading

        loop = asyncio.get_event_loop()

        def bite() -> None:
            print(f"seat still running {CLOSE_GRACE_S} s after its window closed; its tasks:", file=sys.stderr)
            for task in asyncio.all_tasks(loop):
                task.print_stack(file=sys.stderr)
            emit({"event": "close_hung", "after_s": round(time.monotonic() - closing_at, 1)})
            os._exit(0)

        dog = threading.Timer(CLOSE_GRACE_S, bite)
        dog.daemon = True  # a seat that ends in time is not held up by it
        dog.start()

    agenda_panel.AgendaCard.paintEvent = card_painted  # type: ignore[method-assign]

    def drive() -> None:  # the reader's hands, every 50 ms (prepare mode only)
        window: SeatWindow | None = state["window"]
        if window is None:
            return
        model, reader, now = window.model, window.reader, time.monotonic()
        docs = list(model.state.documents.values())
        if state["step"] == "wait":
            ready = [d for d in docs if model.is_ready(d)]
            indexed = [d for d in ready if window.indexer is not None and window.indexer.is_indexed(d)]
            if now - state["at"] > 5:
                state["at"] = now
                log(f"seat: {len(docs)} documents listed, {len(ready)} downloaded, {len(indexed)} indexed")
            if len(docs) == expect and len(indexed) == expect:
                stamps["all_indexed"] = now
                emit({"event": "indexed", "memory": memory()})
                in_agenda = [d.document_id for item in model.agenda() for d in model.documents_of(item.item_id)]
                in_agenda += [d.document_id for d in model.documents_of(None)]
                state["order"] = [d for d in in_agenda if d != BIG] + [BIG]
                state["step"], state["current"] = "open", None
        if state["step"] == "open":
            current = state["current"]
            if current is not None:
                document = model.document(current)
                shown = (reader.page_count == getattr(document, "pages", -1)
                         and reader.is_rendered(reader.current_page))
                if not shown:
                    return
                if state.get("shown_at") is None:
                    state["shown_at"] = now
                    state["per_doc"].append((current, round(now - state["opened_at"], 3)))
                if now - state["shown_at"] < 1.0:
                    return  # a second of reading: neighbours and thumbnails render
            if not state["order"]:
                state["step"], state["at"] = "settle", now
                return
            state["current"] = state["order"].pop(0)
            state["opened_at"], state["shown_at"] = now, None
            window.agenda.choose(state["current"])
        if state["step"] == "settle" and now - state["at"] >= 3.0:
            emit({"event": "opened_all", "memory": memory(), "stamps": stamps, "open_s": state["per_doc"],
                  "last_open": state["current"], "pages_of_last": reader.page_count})
            state["step"] = "done"
            window.close()

    timer = QTimer(app, interval=50)
    if mode == "prepare":
        timer.timeout.connect(drive)
        timer.start()
    return cli.main(["seat", "--data", str(data)])


def floor_memory_child() -> int:
    import pymupdf  # noqa: F401 - the floor holds PyMuPDF's library as the seat does
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1366, 820)
    window.show()
    QTimer.singleShot(1000, app.quit)
    app.exec()
    emit({"memory": memory()})
    return 0


FLOOR_START = ("import sys, time\nfrom PySide6.QtWidgets import QApplication\napp = QApplication(sys.argv)\n"
               "print(time.monotonic(), flush=True)\n")


# -- the coordinator ------------------------------------------------------------------------------


def voters_report(n: int, requests: int) -> tuple[str, bytes]:
    """A voters'-requests report of one group of delegates: the demo's own parts and wording."""
    import random
    from datetime import datetime, timedelta, timezone

    from app import demo_docs_voters as dd
    from app.documents_compose import Paragraph, PdfMetadata, compose_pdf

    rng = random.Random(7000 + n)
    title = f"Báo cáo kết quả tiếp xúc cử tri của Tổ đại biểu số {n}"
    blocks: list[Any] = [
        dd._header(("HĐND TỈNH NINH BÌNH", f"TỔ ĐẠI BIỂU SỐ {n}"), f"Số: {40 + n}/BC-TĐB",
                   "Ninh Bình, ngày 28 tháng 11 năm 2026", parent_bold=False),
        *dd._title("BÁO CÁO", f"Kết quả tiếp xúc cử tri trước kỳ họp thứ nhất của Tổ đại biểu số {n}"),
    ]
    for number, (_sector, _commune, text, agency) in enumerate(dd._requests(rng, requests), start=1):
        blocks.append(dd._p(f"{number}. {text}"))
        blocks.append(Paragraph(f"Cơ quan giải quyết: {agency}.", size=12, style="italic", indent=28))
    created = datetime(2026, 11, 28, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    pdf = compose_pdf(blocks, PdfMetadata(title=title, author=f"Tổ đại biểu số {n}", subject=title, created=created))
    return title, pdf


def pack() -> list[dict[str, Any]]:
    """20 documents, 2,000 pages: the 5 demo documents and 15 reports sized to make up the rest."""
    import pymupdf

    from app.demo_docs import demo_documents, render_demo_document

    docs: list[dict[str, Any]] = []
    for spec in demo_documents():
        pdf = render_demo_document(spec)
        docs.append({"document_id": spec.document_id, "item_id": spec.item_id, "title": spec.title,
                     "classification": spec.classification, "pdf": pdf, "pages": pymupdf.open(stream=pdf).page_count})
    items = [f"item-{k:02d}" for k in range(1, 10)]
    per_page = 7.2  # requests per page, measured on the demo's own report
    for n in range(1, N_DOCS - len(docs) + 1):
        left = N_PAGES - sum(d["pages"] for d in docs)
        want = round(left / (N_DOCS - len(docs)))
        title, pdf = voters_report(n, round(want * per_page))
        pages = pymupdf.open(stream=pdf).page_count
        if pages != want:  # one correction, from the measured density
            title, pdf = voters_report(n, round(want * per_page * want / pages))
            pages = pymupdf.open(stream=pdf).page_count
        docs.append({"document_id": f"bc-tdb-{n:02d}", "item_id": items[n % len(items)], "title": title,
                     "classification": "public", "pdf": pdf, "pages": pages})
    return docs


async def publish_all(server: Any, tmp: Path, seat_device: str, docs: list[dict[str, Any]]) -> None:
    from tests.support import wait_until
    from tests.ui.room import publish_pdf, technician

    tech, devices = await technician(server, tmp)
    try:
        await wait_until(lambda: tech.status.kind == "online" and tech.token is not None, 60, "technician online")
        await wait_until(lambda: seat_device in getattr(devices.state, "devices", {}), 60, "seat device known")
        for d in docs:
            await publish_pdf(tech, devices, server, d["pdf"], document_id=d["document_id"], title=d["title"],
                              pages=d["pages"], item_id=d["item_id"], classification=d["classification"])
    finally:
        await tech.stop()
        await devices.stop()


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=None, text=True, cwd=ROOT, env=env)


def seat_run(data: Path, mode: str, env: dict[str, str], timeout: float) -> tuple[float, list[dict[str, Any]]]:
    """Spawns the seat child; returns its spawn time (monotonic) and its JSON lines."""
    t0 = time.monotonic()
    proc = spawn([sys.executable, str(Path(__file__).resolve()), "--seat", str(data), "--mode", mode,
                  "--expect", str(N_DOCS)], env)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"seat ({mode}) did not finish in {timeout} s") from None
    lines = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"seat ({mode}) exited {proc.returncode}: {out[-2000:]}")
    return t0, lines


def floor_start(env: dict[str, str]) -> float:
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-c", FLOOR_START], capture_output=True, text=True, env=env,
                         cwd=ROOT, check=True).stdout
    return float(out.split()[0]) - t0


def coordinator(args: argparse.Namespace) -> int:
    import asyncio
    import shutil
    import tempfile

    from tests.support import ServerProcess

    os.chdir(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="bench-seat-memory-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PHONGHOP_PASSPHRASE": PASSPHRASE}
    server = ServerProcess(tmp / "server")
    try:
        t = time.monotonic()
        docs = pack()
        log(f"pack: {len(docs)} documents, {sum(d['pages'] for d in docs)} pages, "
            f"{sum(len(d['pdf']) for d in docs) / 1e6:.1f} MB of PDF, made in {time.monotonic() - t:.1f} s")
        server.start(timeout=60)
        log(f"room server {server.url}")
        data = tmp / "seat"
        enrolled = subprocess.run([sys.executable, "-m", "phonghop", "enroll", server.card("delegate", DELEGATE)["link"],
                                   "--data", str(data), "--name", "Ghế bench"], capture_output=True, text=True,
                                  env=env, cwd=ROOT, check=True).stdout
        device = enrolled.split("thiết bị ", 1)[1].split(" ", 1)[0]
        log(f"seat enrolled: {enrolled.strip()}")
        asyncio.run(publish_all(server, tmp, device, docs))
        log("published")
        del docs

        # The first run downloads, indexes and reads everything; its memory is the figure.
        t0, lines = seat_run(data, "prepare", env, timeout=900)
        done = next(x for x in lines if x.get("event") == "opened_all")
        indexed = next(x for x in lines if x.get("event") == "indexed")
        floors = []
        for _ in range(3):
            floor_out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--floor-memory"],
                                       capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
            floors.append(json.loads(floor_out.splitlines()[-1])["memory"])
        floor = statistics.median(f["VmRSS"] for f in floors)
        rss = done["memory"].get("seat_rss", done["memory"]["VmRSS"])  # with its pixel process
        stamps = done["stamps"]
        emit({"figure": "seat_rss_mb", "value": rss, "unit": "MB", "target": RSS_TARGET_MB, "floor": floor,
              "ratio": round(rss / floor, 3), "ok": rss <= RSS_TARGET_MB, "n": 1, "machine": machine(),
              "memory": done["memory"], "memory_when_indexed": indexed["memory"], "floor_memory": floors[0],
              "documents": N_DOCS, "last_open": done["last_open"], "pages_of_last": done["pages_of_last"],
              "download_and_index_s": round(stamps["all_indexed"] - stamps["window_built"], 1),
              "open_to_shown_s": done["open_s"]})

        # Warm starts, interleaved with the floor.
        ours: list[float] = []
        base: list[float] = []
        timelines: dict[str, list[float]] = {}
        hung = 0
        for _ in range(args.starts):
            t0, lines = seat_run(data, "agenda", env, timeout=120)
            marks = next(x for x in lines if "stamps" in x)["stamps"]
            hung += any(x.get("event") == "close_hung" for x in lines)
            ours.append(marks["agenda_painted"] - t0)
            for key, value in marks.items():
                timelines.setdefault(key, []).append(value - t0)
            base.append(floor_start(env))
        value, floor_s = statistics.median(ours), statistics.median(base)
        emit({"figure": "warm_start_agenda_s", "value": round(value, 3), "unit": "s", "target": WARM_TARGET_S,
              "floor": round(floor_s, 3), "ratio": round(value / floor_s, 3), "ok": value <= WARM_TARGET_S,
              "n": len(ours), "machine": machine(), "spread": [round(x, 3) for x in sorted(ours)],
              "floor_spread": [round(x, 3) for x in sorted(base)], "seat_close_hung": hung,
              "timeline_median_s": {k: round(statistics.median(v), 3)
                                    for k, v in sorted(timelines.items(), key=lambda kv: statistics.median(kv[1]))}})
        return 0
    finally:
        server.kill9()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=5, help="warm starts (and floor starts)")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    parser.add_argument("--seat", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("prepare", "agenda"), help=argparse.SUPPRESS)
    parser.add_argument("--expect", type=int, default=N_DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--floor-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seat:
        return seat_child(args.seat, args.mode, args.expect)
    if args.floor_memory:
        return floor_memory_child()
    return coordinator(args)


if __name__ == "__main__":
    sys.exit(main())
