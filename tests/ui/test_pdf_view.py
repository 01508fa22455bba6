"""PdfView offscreen: pages, navigation, zoom, keys, and the watermark of internal documents."""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.documents_render import PdfPages
from tests.ui.pdfs import A4, make_pdf
from ui.pdf_canvas import KEEP, NEIGHBOURS
from ui.pdf_page import PageWidget
from ui.pdf_render import PageRenderer
from ui.pdf_thumbnails import THUMBS_KEEP
from ui.pdf_view import PdfView

TIMEOUT_MS = 10_000


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[PdfView]:
    widget = PdfView()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    yield widget
    widget.shutdown()


def open_pdf(qtbot: QtBot, view: PdfView, data: bytes, watermark: str | None = None) -> None:
    with qtbot.waitSignal(view.document_did_load, timeout=TIMEOUT_MS):
        view.open_document(lambda: data, watermark=watermark)
    qtbot.waitUntil(lambda: view.is_rendered(0), timeout=TIMEOUT_MS)


def test_opens_on_a_worker_and_shows_the_page_count(qtbot: QtBot, view: PdfView) -> None:
    assert view.page_label.text() == ""
    assert "Chọn một tài liệu" in view.message_label.text()
    open_pdf(qtbot, view, make_pdf(pages=12))
    assert view.page_count == 12
    assert view.page_label.text() == "Trang 1/12"
    assert not view.prev_button.isEnabled() and view.next_button.isEnabled()
    # Fit to width by default: the page fills the reading column.
    assert view.page_widget(0).width() > 0.8 * view.scroll.viewport().width()
    # The neighbour after the visible page is prerendered.
    qtbot.waitUntil(lambda: view.is_rendered(1) and view.is_rendered(2), timeout=TIMEOUT_MS)
    assert not view.is_rendered(11)


def test_next_page_button_and_keys_move_the_page(qtbot: QtBot, view: PdfView) -> None:
    open_pdf(qtbot, view, make_pdf(pages=12))
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current_page == 1 and view.page_label.text() == "Trang 2/12"
    view.scroll.setFocus()
    qtbot.keyClick(view.scroll, Qt.Key.Key_End)
    assert view.page_label.text() == "Trang 12/12"
    assert not view.next_button.isEnabled()
    qtbot.waitUntil(lambda: view.is_rendered(11), timeout=TIMEOUT_MS)
    qtbot.keyClick(view.scroll, Qt.Key.Key_PageUp)
    assert view.page_label.text() == "Trang 11/12"
    qtbot.keyClick(view.scroll, Qt.Key.Key_Home)
    assert view.current_page == 0
    view.go_to_page(5)
    assert view.page_label.text() == "Trang 6/12"
    qtbot.waitUntil(lambda: view.is_rendered(5), timeout=TIMEOUT_MS)


def test_zoom_buttons_keys_and_fit_to_width(qtbot: QtBot, view: PdfView) -> None:
    open_pdf(qtbot, view, make_pdf(pages=3))
    fitted = view.zoom
    width = view.page_widget(0).width()
    qtbot.mouseClick(view.zoom_in_button, Qt.MouseButton.LeftButton)
    assert view.zoom == pytest.approx(fitted * 1.25) and not view.fit_width
    assert view.page_widget(0).width() == pytest.approx(width * 1.25, abs=2)
    qtbot.waitUntil(lambda: view.is_rendered(0), timeout=TIMEOUT_MS)
    view.scroll.setFocus()
    qtbot.keyClick(view.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted / 1.25)
    assert view.zoom_label.text() == f"{round(view.zoom * 100)}%"
    qtbot.mouseClick(view.fit_button, Qt.MouseButton.LeftButton)
    assert view.zoom == pytest.approx(fitted) and view.fit_width
    view.resize(800, 800)
    qtbot.waitUntil(lambda: view.zoom < fitted, timeout=TIMEOUT_MS)


def test_internal_documents_carry_the_readers_watermark(qtbot: QtBot, view: PdfView, tmp_path: Path) -> None:
    data = make_pdf(pages=2)
    open_pdf(qtbot, view, data)
    plain = view.page_widget(0).grab().toImage()
    open_pdf(qtbot, view, data, watermark="Nguyễn Thị Hoa – Ghế B12")
    marked = view.page_widget(0).grab().toImage()
    assert plain.size() == marked.size()
    assert differing_pixels(plain, marked) > 500
    # Both pages on screen carry it, not only the first.
    view.go_to_page(1)
    qtbot.waitUntil(lambda: view.is_rendered(1), timeout=TIMEOUT_MS)
    assert view.page_widget(1).watermark == "Nguyễn Thị Hoa – Ghế B12"


def test_a_broken_file_is_a_message_not_a_crash(qtbot: QtBot, view: PdfView) -> None:
    with qtbot.waitSignal(view.document_did_fail, timeout=TIMEOUT_MS) as failed:
        view.open_document(lambda: b"not a pdf")
    assert "không mở được" in failed.args[0]
    assert view.message_label.isVisible() and view.page_label.text() == "" and view.toolbar.isHidden()


def differing_pixels(a: QImage, b: QImage, step: int = 3) -> int:
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        1
        for y in range(0, a.height(), step)
        for x in range(0, a.width(), step)
        if a.pixel(x, y) != b.pixel(x, y)
    )


# -- long documents: only what is near the view is built, rendered and kept -------------------

LONG = 300


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    """300 light pages (make_pdf's would take seconds), each with its number and a dark block."""
    doc = pymupdf.open()
    for number in range(1, LONG + 1):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_text((60, 90), f"Trang {number}", fontname="helv", fontsize=24)
        page.draw_rect(pymupdf.Rect(60, 600, 260, 700), color=(0, 0, 0.5), fill=(0.1, 0.2, 0.6))
    data: bytes = doc.tobytes()
    doc.close()
    return data


def count_jobs(view: PdfView, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Every page render and thumbnail the reader asks its worker for, by page."""
    asked: dict[str, list[int]] = {"page": [], "thumb": []}
    renderer = view._renderer
    render, thumbnail = renderer.render, renderer.thumbnail

    def count_render(generation: int, pages: PdfPages, index: int, zoom: float, visible: bool = True) -> None:
        asked["page"].append(index)
        render(generation, pages, index, zoom, visible)

    def count_thumbnail(generation: int, pages: PdfPages, index: int) -> None:
        asked["thumb"].append(index)
        thumbnail(generation, pages, index)

    monkeypatch.setattr(renderer, "render", count_render)
    monkeypatch.setattr(renderer, "thumbnail", count_thumbnail)
    return asked


def test_a_300_page_document_renders_only_what_is_near_the_view(
    qtbot: QtBot, view: PdfView, long_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = count_jobs(view, monkeypatch)
    open_pdf(qtbot, view, long_pdf)
    assert view.page_count == LONG
    # The thumbnails in sight (4 or 5 rows of the strip) and two more, not 300.
    qtbot.waitUntil(lambda: 0 in view.thumb_model.pixmaps and 3 in view.thumb_model.pixmaps, timeout=TIMEOUT_MS)
    qtbot.wait(300)  # anything else it would ask for, it has asked for by now
    assert 4 <= len(asked["thumb"]) <= 10 and max(asked["thumb"]) < 10
    assert len(view.thumb_model.pixmaps) == len(set(asked["thumb"]))
    # Page 1 came with the document; only its neighbours were asked for.
    assert sorted(asked["page"]) == [1, 2]
    # Widgets for the pages near the view only, in a container as tall as all 300 pages.
    assert len(view.page_container.findChildren(PageWidget)) <= 2 * NEIGHBOURS + 2
    assert view.page_container.height() > LONG * view.page_widget(0).height()
    # The strip still has a row per page, numbered, with the page shown marked.
    assert view.thumb_model.rowCount() == LONG
    assert view.thumb_model.data(view.thumb_model.index(LONG - 1)) == str(LONG)
    assert view.thumbs.currentIndex().row() == 0


def test_a_far_page_scrolled_to_gets_rendered(qtbot: QtBot, view: PdfView, long_pdf: bytes) -> None:
    open_pdf(qtbot, view, long_pdf)
    # Dragging the scroll bar far down, as a finger would: that page is built and rendered.
    bar = view.scroll.verticalScrollBar()
    bar.setValue(bar.maximum() * 250 // LONG)
    far = view.current_page
    assert 240 <= far <= 260 and view.page_label.text() == f"Trang {far + 1}/{LONG}"
    qtbot.waitUntil(lambda: view.is_rendered(far), timeout=TIMEOUT_MS)
    widget = view.page_widget(far)
    assert widget.index == far and widget.isVisible() and widget.image is not None
    top = widget.mapTo(view.scroll.viewport(), QPoint(0, 0)).y()
    assert top < view.scroll.viewport().height() and top + widget.height() > 0  # on screen
    # The thumbnails follow: the strip shows that page's row, rendered.
    qtbot.waitUntil(lambda: far in view.thumb_model.pixmaps, timeout=TIMEOUT_MS)
    assert view.thumbs.currentIndex().row() == far
    # And the last page, by key.
    view.scroll.setFocus()
    qtbot.keyClick(view.scroll, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: view.is_rendered(LONG - 1), timeout=TIMEOUT_MS)
    assert view.current_page == LONG - 1 and view.page_widget(LONG - 1).isVisible()


def test_memory_stays_bounded_while_reading_a_long_document(qtbot: QtBot, view: PdfView, long_pdf: bytes) -> None:
    open_pdf(qtbot, view, long_pdf)
    for page in range(0, LONG, 30):
        view.go_to_page(page)
        qtbot.waitUntil(lambda page=page: view.is_rendered(page), timeout=TIMEOUT_MS)
    view.go_to_page(LONG - 1)
    qtbot.waitUntil(lambda: view.is_rendered(LONG - 1) and view.is_rendered(LONG - 2), timeout=TIMEOUT_MS)
    qtbot.wait(200)
    # Pixmaps only near the view; pages read long ago gave theirs back.
    kept = [i for i in range(LONG) if view.is_rendered(i)]
    assert kept and min(kept) >= LONG - 1 - KEEP - 2
    assert not view.is_rendered(0) and not view.is_rendered(150)
    # Widgets: the few near the view, and as many spare for reuse; never one per page visited.
    assert len(view.page_container.findChildren(PageWidget)) <= 2 * (2 * NEIGHBOURS + 2)
    assert len(view.thumb_model.pixmaps) <= 2 * THUMBS_KEEP + 10
    assert 0 not in view.thumb_model.pixmaps
    # Going back renders page 1 again.
    view.go_to_page(0)
    qtbot.waitUntil(lambda: view.is_rendered(0), timeout=TIMEOUT_MS)


def test_page_renders_jump_ahead_of_queued_thumbnails_and_stale_jobs_are_dropped(qtbot: QtBot) -> None:
    renderer = PageRenderer()
    pages = PdfPages(make_pdf(pages=12))
    done: list[tuple[str, int]] = []
    renderer.page_did_render.connect(lambda g, i, z, image: done.append(("page", i)), Qt.ConnectionType.DirectConnection)
    renderer.thumb_did_render.connect(lambda g, i, image: done.append(("thumb", i)), Qt.ConnectionType.DirectConnection)
    gate = threading.Event()
    data = make_pdf(pages=1)

    def slow_load() -> bytes:
        gate.wait(TIMEOUT_MS / 1000)  # the worker is busy while the reader asks for more
        return data

    try:
        generation = renderer.open(slow_load, None)
        qtbot.waitUntil(lambda: not renderer.pending(), timeout=TIMEOUT_MS)  # the worker waits in it
        renderer.zoom = 1.0
        renderer.thumbs_wanted = frozenset(range(8))
        renderer.wanted = frozenset({5, 6})
        for index in range(10):  # thumbnails first, as a strip scrolled before the page did
            renderer.thumbnail(generation, pages, index)
        renderer.render(generation, pages, 6, 1.0, visible=False)
        renderer.render(generation, pages, 5, 1.0)
        renderer.render(generation, pages, 5, 1.0)  # asked twice while waiting: rendered once
        renderer.render(generation, pages, 9, 1.0)  # no longer wanted when its turn comes
        renderer.render(generation - 1, pages, 5, 1.0)  # an older document's
        queued = renderer.pending()
        # Pages on screen first (in the order asked), then neighbours, then thumbnails.
        assert queued[:3] == [("page", generation, 5, 1.0), ("page", generation, 9, 1.0),
                              ("page", generation - 1, 5, 1.0)]
        assert queued[3] == ("page", generation, 6, 1.0) and queued[4][0] == "thumb"
        gate.set()
        qtbot.waitUntil(lambda: not renderer.pending() and len(done) == 10, timeout=TIMEOUT_MS)
        # The visible page, then its neighbour, then the thumbnails the strip still wants.
        assert done == [("page", 5), ("page", 6)] + [("thumb", i) for i in range(8)]
    finally:
        gate.set()
        renderer.shutdown()
        pages.close()


def test_a_quick_open_never_flashes_a_message_and_a_slow_one_says_it_is_opening(qtbot: QtBot, view: PdfView) -> None:
    shown: list[str] = []
    view.stack.currentChanged.connect(lambda _: shown.append(view.message_label.text())
                                      if view.stack.currentWidget() is view.message_label else None)
    open_pdf(qtbot, view, make_pdf(pages=3))
    assert not any("Đang mở" in text for text in shown)

    release = threading.Event()
    slow = make_pdf(pages=2)

    def load() -> bytes:
        release.wait(5)
        return slow

    asked = time.monotonic()
    view.open_document(load)
    # The tap waits a moment for the worker to hand the document over, never for a slow load.
    assert time.monotonic() - asked < 1.0
    assert view.stack.currentWidget() is not view.message_label or "Đang mở" not in view.message_label.text()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.message_label
                    and "Đang mở tài liệu" in view.message_label.text(), timeout=TIMEOUT_MS)
    assert view.stack.updatesEnabled()
    release.set()
    qtbot.waitUntil(lambda: view.page_count == 2 and view.is_rendered(0), timeout=TIMEOUT_MS)


def heavy_pdf() -> bytes:
    """One page that is a photograph of noise: slow to draw (every pixel decoded), like a scan."""
    side = 1400
    noise = pymupdf.Pixmap(pymupdf.csRGB, side, side, os.urandom(side * side * 3), False)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(page.rect, stream=noise.tobytes("jpeg", jpg_quality=85))
    data: bytes = doc.tobytes()
    doc.close()
    return data


def test_the_window_stays_live_while_a_slow_page_is_drawn(qtbot: QtBot, view: PdfView) -> None:
    """Pages are drawn in the pixel process: a page that takes long to draw does not stop the
    GUI thread (a speaking timer, a vote's buttons) for as long."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from app.page_pixels import shared

    assert shared().ready(wait_s=30)  # as it is once the seat has been up a moment
    data = heavy_pdf()
    pages = PdfPages(data)
    clock = QElapsedTimer()
    clock.start()
    pages.render(0, 1.6)
    drawing_ms = clock.elapsed()
    pages.close()
    assert drawing_ms >= 60, "the page must be slow to draw for this test to mean anything"

    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    clock.restart()
    timer.start()
    open_pdf(qtbot, view, data)
    timer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert clock.elapsed() >= drawing_ms * 0.8  # the page was drawn during what was timed
    assert gaps and max(gaps) < max(40, drawing_ms / 3), (drawing_ms, max(gaps))


def test_pages_on_screen_hold_the_pixel_memory_and_give_it_back_when_another_document_opens(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Page images are made over the pixel process's memory without a copy: every segment in
    use is a page the reader keeps, and a document's pages give theirs back when another opens
    (not when the garbage collector comes round)."""
    import gc

    from app.page_pixels import PixelProcess
    from ui import pdf_render

    pixels = PixelProcess()  # this reader's own: other tests' readers hold the shared one's
    assert pixels.ready(wait_s=30)
    monkeypatch.setattr(pdf_render, "shared", lambda: pixels)
    segments = pixels._segments
    view = PdfView()
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    gc.collect()
    gc.disable()  # what is freed must be freed by its last reference going, not by a collection
    try:
        def settled() -> bool:  # pages on their way (a signal queued) hold theirs until they land
            return not view._renderer.pending() and len(segments._taken) == len(view.canvas.images)

        open_pdf(qtbot, view, make_pdf(pages=8))
        qtbot.waitUntil(lambda: view.is_rendered(1) and settled(), timeout=TIMEOUT_MS)
        assert len(view.canvas.images) >= 2
        open_pdf(qtbot, view, make_pdf(pages=2))
        qtbot.waitUntil(lambda: view.is_rendered(1) and settled(), timeout=TIMEOUT_MS)
        assert len(segments._taken) == len(view.canvas.images) == 2
    finally:
        gc.enable()
        view.shutdown()
        pixels.shutdown()
