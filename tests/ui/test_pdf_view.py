"""PdfView offscreen: pages, navigation, zoom, keys, and the watermark of internal documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.ui.pdfs import make_pdf
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
