"""The pixel process (app.page_pixels): real child processes, real shared memory, real PDFs.

Pages drawn there are the pixels PyMuPDF draws here; a child that dies, hangs or is handed a
damaged document costs that page only; and no child outlives the program that started it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from app import page_pixels, pixel_memory
from app.documents_render import PdfPages
from app.errors import DomainError
from app.page_pixels import FirstPage, PixelProcess, PixelProcessError
from app.page_pixels_child import OPEN_IN_CHILD

ROOT = Path(__file__).resolve().parents[1]


def pdf_of(pages: int, label: str = "Trang") -> bytes:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 90), f"{label} {number}", fontname="helv", fontsize=28)
        page.draw_rect(pymupdf.Rect(60, 100 + 20 * number, 300, 400), color=(0, 0, 0.5), fill=(0.2, 0.3, 0.6))
    data: bytes = doc.tobytes()
    doc.close()
    return data


def keep(pixels: memoryview, width: int, height: int, stride: int) -> tuple[int, int, bytes]:
    return width, height, bytes(pixels[: stride * height])


def here(pages: PdfPages, index: int, zoom: float) -> tuple[int, int, bytes]:
    page = pages.render(index, zoom)
    return page.width, page.height, bytes(page.samples)


@pytest.fixture
def pixels() -> Iterator[PixelProcess]:
    process = PixelProcess()
    assert process.ready(wait_s=30)
    yield process
    process.shutdown()


def child_pid(process: PixelProcess) -> int:
    assert process._process is not None
    return int(process._process.pid)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0): it is gone all the same once it has exited.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z")


def test_pages_drawn_there_are_the_pages_drawn_here(pixels: PixelProcess) -> None:
    pages = PdfPages(pdf_of(4))
    for index, zoom in ((0, 1.0), (2, 1.5), (3, 0.3)):
        assert pixels.render(pages, index, zoom, keep) == here(pages, index, zoom)
    assert not pixels.in_process and pages.serial in pixels._in_child


def test_a_first_page_comes_while_this_process_opens_its_own_copy(pixels: PixelProcess) -> None:
    data = pdf_of(3)
    told: list[int] = []

    def open_here(source: bytes | memoryview, serial: int) -> PdfPages:
        told.append(serial)
        return PdfPages(source, serial)

    pages, first, zoom = pixels.open_first(lambda: data, FirstPage(1.0, room=800), open_here, keep)
    assert told == [pages.serial] and zoom == pytest.approx(800 / 595)
    assert first == here(pages, 0, zoom)


def test_a_page_larger_than_the_room_made_for_it_is_drawn_again(pixels: PixelProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_pixels, "FIRST_PAGE_ROOM", 4096)  # far too small for any page
    data = pdf_of(1)
    pages, first, _zoom = pixels.open_first(lambda: data, FirstPage(2.0), lambda d, s: PdfPages(d, s), keep)
    assert first == here(pages, 0, 2.0)


def test_a_document_the_child_closed_to_make_room_is_handed_over_again(pixels: PixelProcess) -> None:
    documents = [PdfPages(pdf_of(2, label=f"Tài liệu {n}")) for n in range(OPEN_IN_CHILD + 2)]
    for pages in documents:
        pixels.render(pages, 0, 0.5, keep)
    # The first ones were closed over there; asking for them again opens them again.
    assert pixels.render(documents[0], 1, 0.7, keep) == here(documents[0], 1, 0.7)


def test_a_damaged_document_is_refused_there_with_its_code(pixels: PixelProcess) -> None:
    pages = PdfPages(pdf_of(2))
    pages.source = b"%PDF-1.7 damaged on the way"  # what the child is handed is not a PDF
    with pytest.raises(DomainError) as refused:
        pixels.render(pages, 0, 1.0, keep)
    assert refused.value.code == "bad_request"
    good = PdfPages(pdf_of(1))
    assert pixels.render(good, 0, 1.0, keep) == here(good, 0, 1.0)  # and the child goes on


def view(pixels: memoryview, width: int, height: int, stride: int) -> memoryview:
    return pixels  # kept as it is, as an image over it keeps it


def test_pixels_kept_are_not_drawn_over_and_come_back_when_let_go(pixels: PixelProcess) -> None:
    """The caller may keep the pixels themselves (the seat's images are made over them): the
    memory is not drawn into again while any view of it lives, and is reused once none does."""
    pages = PdfPages(pdf_of(4))
    kept = pixels.render(pages, 0, 1.0, view)
    snapshot = bytes(kept)
    assert snapshot == here(pages, 0, 1.0)[2]
    for index in (1, 2, 3, 1, 2, 3):  # pages of the same size, drawn while page 1 is kept
        pixels.render(pages, index, 1.0, keep)
    assert bytes(kept) == snapshot
    segments = pixels._segments
    taken = set(segments._taken)
    assert len(taken) == 1
    del kept
    assert not segments._taken
    pixels.render(pages, 1, 1.0, keep)
    assert taken <= set(segments._all)  # the same memory, taken again


def test_a_view_freed_while_the_pool_is_busy_comes_back_later_and_never_blocks() -> None:
    """A lent view dies wherever its last reference goes: the garbage collector may free one in
    the middle of the pool's own work, on the same thread. That must neither wait for the pool's
    lock (it would wait forever) nor change the pool under its own feet."""
    segments = pixel_memory.Segments()
    memory = segments.take(1000)
    view = segments.lend(memory, 100)
    done = threading.Event()

    def busy_pool() -> None:
        nonlocal view
        with segments._lock:  # as inside take(), when a collection frees an image
            del view
        done.set()

    worker = threading.Thread(target=busy_pool, daemon=True)
    worker.start()
    worker.join(5)
    try:
        assert done.is_set(), "freeing a view while the pool was busy blocked"
        assert memory.name in segments._taken  # not given back under the pool's feet
        again = segments.take(50)  # the next use of the pool takes it back first
        assert again is memory and segments._taken == {memory.name}
    finally:
        if done.is_set():  # else the pool's lock is held for good by the stuck thread
            segments.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_the_child_lets_go_of_memory_the_parent_let_go_of(pixels: PixelProcess) -> None:
    """Kept pages each hold a segment; once they go, the spares beyond a few are freed, and the
    child unmaps them too instead of keeping their pages alive."""
    pages = PdfPages(pdf_of(2))
    kept = [pixels.render(pages, 0, zoom, view) for zoom in (0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9)]
    maps = Path(f"/proc/{child_pid(pixels)}/maps")
    mapped = {name for name in pixels._segments._all if name.lstrip("/") in maps.read_text()}
    assert len(mapped) >= len(kept)
    kept.clear()
    pixels.render(pages, 1, 0.5, keep)  # the next request carries what was let go of
    freed = mapped - set(pixels._segments._all)
    assert len(freed) >= len(mapped) - pixel_memory.SPARE_SEGMENTS
    text = maps.read_text()
    assert not [name for name in freed if name.lstrip("/") in text]
    assert "psm_" in text  # the spares stay mapped there: the next page costs no page faults


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_child_costs_one_page_and_the_next_comes_from_a_new_one(pixels: PixelProcess) -> None:
    pages = PdfPages(pdf_of(3))
    pixels.render(pages, 0, 1.0, keep)
    first = child_pid(pixels)
    os.kill(first, signal.SIGKILL)
    with pytest.raises(PixelProcessError):
        pixels.render(pages, 1, 1.0, keep)
    assert pixels.render(pages, 2, 1.0, keep) == here(pages, 2, 1.0)
    assert child_pid(pixels) != first and not pixels.in_process


@pytest.mark.skipif(sys.platform != "linux", reason="SIGSTOP and /proc")
def test_a_hung_child_is_given_up_on(pixels: PixelProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = PdfPages(pdf_of(2))
    pixels.render(pages, 0, 1.0, keep)
    hung = child_pid(pixels)
    monkeypatch.setattr(page_pixels, "ANSWER_TIMEOUT_S", 1.0)
    os.kill(hung, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(PixelProcessError):
        pixels.render(pages, 1, 1.0, keep)
    assert time.monotonic() - started < 10
    assert pixels.render(pages, 1, 1.0, keep) == here(pages, 1, 1.0)
    deadline = time.monotonic() + 5
    while not gone(hung) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(hung)


def test_threads_asking_at_once_each_get_their_own_page(pixels: PixelProcess) -> None:
    documents = [PdfPages(pdf_of(6, label=f"Bản {n}")) for n in range(3)]
    results: dict[tuple[int, int], tuple[int, int, bytes]] = {}
    errors: list[BaseException] = []

    def read(which: int) -> None:
        try:
            for index in range(6):
                results[(which, index)] = pixels.render(documents[which], index, 0.8, keep)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    for (which, index), got in results.items():
        assert got == here(documents[which], index, 0.8)


def test_without_a_child_pages_are_drawn_here() -> None:
    class NoProcesses:
        def Pipe(self) -> tuple[object, object]:
            raise OSError("no processes here")

    process = PixelProcess(NoProcesses())
    pages = PdfPages(pdf_of(1))
    assert process.render(pages, 0, 1.0, keep) == here(pages, 0, 1.0)
    assert process.in_process
    process.shutdown()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /dev/shm")
def test_shutdown_leaves_no_shared_memory(pixels: PixelProcess) -> None:
    pages = PdfPages(pdf_of(2))
    pixels.render(pages, 0, 1.0, keep)
    names = list(pixels._segments._all)
    assert names
    pixels.shutdown()
    for name in names:
        assert not Path("/dev/shm", name.lstrip("/")).exists()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_child_ends_with_its_parent_killed(tmp_path: Path) -> None:
    """The seat killed with kill -9: its pixel process, and a room's proof processes, end too."""
    script = textwrap.dedent(
        """
        import sys, time
        from app.documents_render import PdfPages
        from app.page_pixels import PixelProcess
        from sync.server.sealed_checks import ProofProcesses
        import pymupdf

        if __name__ == "__main__":
            doc = pymupdf.open(); doc.new_page(); data = doc.tobytes()
            pixels = PixelProcess()
            pixels.render(PdfPages(data), 0, 1.0, lambda *a: None)
            proofs = ProofProcesses(1)
            proofs.warm()
            proofs._pool.submit(int).result()
            workers = list(proofs._pool._processes)
            print(pixels._process.pid, *workers, flush=True)
            time.sleep(60)
        """
    )
    path = tmp_path / "parent.py"
    path.write_text(script)
    parent = subprocess.Popen([sys.executable, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert parent.stdout is not None
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(children) == 2 and not any(gone(pid) for pid in children)
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 10
        while not all(gone(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(gone(pid) for pid in children)
    finally:
        if parent.poll() is None:
            parent.kill()
